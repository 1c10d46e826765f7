//! The platform's cookies, built in one place so their attributes never drift.

use axum::http::HeaderMap;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

/// Opaque session token (the database keeps only its SHA-256).
pub const SESSION: &str = "gerbang_session";
/// Anti-forgery token echoed by every form.
pub const CSRF: &str = "gerbang_csrf";
/// Chosen language.
pub const LANG: &str = "gerbang_lang";
/// The `state` of a sign-in at an OpenID provider under way in this browser.
pub const OIDC_STATE: &str = "gerbang_oidc";

/// Reads one cookie's value from request headers.
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(name)
        .map(|c| c.value().to_owned())
}

/// `Set-Cookie` value for the session: `HttpOnly; SameSite=Lax` (and `Secure` behind TLS).
pub fn session(token: &str, secure: bool) -> String {
    Cookie::build((SESSION, token.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
        .to_string()
}

/// `Set-Cookie` value that removes the session cookie.
pub fn clear_session(secure: bool) -> String {
    Cookie::build((SESSION, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::ZERO)
        .build()
        .to_string()
}

/// `Set-Cookie` value for the anti-forgery token; scripts never need to read it.
pub fn csrf(token: &str, secure: bool) -> String {
    Cookie::build((CSRF, token.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .build()
        .to_string()
}

/// `Set-Cookie` value binding a provider sign-in to this browser for ten minutes (`Lax`:
/// the provider's redirect back is a top-level navigation, so it carries it).
pub fn oidc_state(state: &str, secure: bool) -> String {
    Cookie::build((OIDC_STATE, state.to_owned()))
        .path("/login/oidc")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::minutes(10))
        .build()
        .to_string()
}

/// `Set-Cookie` value that removes the sign-in binding.
pub fn clear_oidc_state(secure: bool) -> String {
    Cookie::build((OIDC_STATE, ""))
        .path("/login/oidc")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::ZERO)
        .build()
        .to_string()
}

/// `Set-Cookie` value remembering the language for a year.
pub fn lang(tag: &str, secure: bool) -> String {
    Cookie::build((LANG, tag.to_owned()))
        .path("/")
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::days(365))
        .build()
        .to_string()
}
