//! What every handler and template knows about the current request: language, signed-in
//! user, anti-forgery token, request id. Built once per request by [`middleware`].

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use fluent_templates::fluent_bundle::FluentValue;
use gerbang_domain::i18n::Lang;

use crate::error::{AppError, ErrorKind, WebError};
use crate::http::cookies;
use crate::i18n::Count;
use crate::{AppState, i18n};
use gerbang_app::accounts::sessions::Resolved;
pub use gerbang_app::user::{SessionUser, new_token, token_hash};

/// Per-request context, available to handlers as an extractor and to templates.
#[derive(Debug, Clone)]
pub struct RequestCtx {
    pub lang: Lang,
    pub user: Option<Arc<SessionUser>>,
    /// SHA-256 of the session token, when signed in.
    pub session_hash: Option<String>,
    pub csrf: String,
    /// Path and query of this request, to come back to after switching language or signing in.
    pub path: String,
    pub request_id: String,
    pub ip: String,
    /// The client's `User-Agent` (cut short), for the sessions page.
    pub user_agent: String,
    /// A sign-in waiting for its second factor: the account's id and email.
    pub pending: Option<(i64, String)>,
    /// The install's settings (site name, banner, emblem), shared by every request.
    pub config: Arc<gerbang_app::Config>,
}

/// The server's request id (set by the request-id layer), or `-`.
pub fn request_id_of(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned()
}

impl RequestCtx {
    /// The context of a request answered before (or without) its session being looked
    /// up: the language of the cookie or `Accept-Language`, nobody signed in.
    pub fn anonymous(req: &Request, config: &Arc<gerbang_app::Config>) -> RequestCtx {
        RequestCtx {
            lang: lang_from_headers(req.headers()).unwrap_or_default(),
            user: None,
            session_hash: None,
            csrf: String::new(),
            path: req.uri().path().to_owned(),
            request_id: request_id_of(req.headers()),
            ip: String::new(),
            user_agent: String::new(),
            pending: None,
            config: Arc::clone(config),
        }
    }

    /// A translated message.
    pub fn t(&self, id: &str) -> String {
        i18n::t(self.lang, id)
    }

    /// Of a name kept in both languages, the one the page is in.
    pub fn pick<'a>(&self, en: &'a str, id: &'a str) -> &'a str {
        match self.lang {
            Lang::En => en,
            Lang::Id => id,
        }
    }

    /// A translated message with one named argument.
    pub fn t1(&self, id: &str, name: &'static str, value: &str) -> String {
        i18n::t_args(
            self.lang,
            id,
            &[(name, FluentValue::from(value.to_owned()))],
        )
    }

    /// A translated message with one numeric argument (plural rules apply).
    pub fn tn(&self, id: &str, name: &'static str, value: impl Count) -> String {
        i18n::t_args(self.lang, id, &[(name, FluentValue::from(value.count()))])
    }

    /// `<html lang>` value.
    pub fn lang_tag(&self) -> &'static str {
        self.lang.tag()
    }

    /// Languages other than the current one, for the switch: (tag, endonym).
    pub fn other_langs(&self) -> Vec<(&'static str, &'static str)> {
        Lang::ALL
            .iter()
            .filter(|l| **l != self.lang)
            .map(|l| (l.tag(), l.endonym()))
            .collect()
    }

    /// The current path, URL-encoded for use as a `next` parameter.
    pub fn next_param(&self) -> String {
        form_urlencode(&self.path)
    }

    /// The user's display name, when signed in.
    pub fn user_name(&self) -> Option<&str> {
        self.user.as_deref().map(|u| u.full_name.as_str())
    }

    /// True when a public servant is signed in.
    pub fn is_staff(&self) -> bool {
        self.user.as_deref().is_some_and(SessionUser::is_staff)
    }

    /// The signed-in user or 401 (HTML handlers turn that into a redirect to sign in).
    pub fn require_user(&self) -> Result<&SessionUser, AppError> {
        self.user
            .as_deref()
            .ok_or(AppError::Kind(ErrorKind::Unauthorized))
    }

    /// URL of an embedded asset, with a cache-busting hash.
    pub fn asset(&self, path: &str) -> String {
        crate::http::assets::url(path)
    }

    /// Formats whole rupiah.
    pub fn rupiah(&self, amount: impl Count) -> String {
        i18n::rupiah(amount.count())
    }

    /// The install's name, such as "Kota Contoh".
    pub fn site_name(&self) -> &str {
        &self.config.site_name
    }

    /// The banner above the header: configured, or "An official website of <site>".
    pub fn official_banner(&self) -> String {
        match &self.config.official_banner {
            Some(t) => t.get(self.lang).to_owned(),
            None => self.t1("official-banner", "site", &self.config.site_name),
        }
    }

    /// True when the path of this request is `href` or below it (`aria-current`).
    pub fn is_current(&self, href: &str) -> bool {
        let path = self.path.split('?').next().unwrap_or("");
        path == href
            || (href != "/" && path.starts_with(href) && path[href.len()..].starts_with('/'))
    }

    /// True when the signed-in user may do `action` somewhere (a link worth showing).
    pub fn may(&self, action: &str) -> bool {
        use gerbang_app::authz::Action;
        let action = match action {
            "inbox" => Action::ViewInbox,
            "complaints" => Action::ViewComplaints,
            "consultations" => Action::ManageConsultations,
            "payments" => Action::ViewPayments,
            "counter" => Action::FileAtCounter,
            "staff" => Action::ManageStaff,
            "site" => Action::ManageSite,
            "audit" => Action::ReadAuditLog,
            "exchange" => Action::ReadExchangeLog,
            _ => return false,
        };
        gerbang_app::authz::allows_somewhere(self.user.as_deref(), action)
    }

    /// A date written out: "7 December 2026" / "7 Desember 2026".
    pub fn date(&self, d: &time::Date) -> String {
        self.lang.long_date(*d)
    }

    /// A number with two decimals, in the page's language ("82.35" / "82,35").
    pub fn decimal(&self, value: &f64) -> String {
        let text = format!("{value:.2}");
        if self.lang == Lang::Id {
            text.replace('.', ",")
        } else {
            text
        }
    }

    /// Formats a number of working days.
    pub fn working_days(&self, days: impl Count) -> String {
        self.tn("working-days", "days", days.count())
    }
}

fn form_urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

impl FromRequestParts<AppState> for RequestCtx {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<RequestCtx>()
            .cloned()
            .ok_or_else(|| {
                AppError::Internal("request context middleware is not installed".into()).into()
            })
    }
}

/// The anti-forgery token of a session.
fn session_csrf(session_hash: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(format!("gerbang-csrf\0{session_hash}").as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

/// The client's address: the peer's, unless the peer is a trusted proxy; then the nearest
/// address in `X-Forwarded-For` that is not itself a trusted proxy. Without trusted proxies
/// the header is never believed (anyone could write it), for rate limits as for the audit log.
pub fn client_ip(
    peer: std::net::IpAddr,
    headers: &HeaderMap,
    trusted: &[gerbang_app::config::IpNet],
) -> std::net::IpAddr {
    let is_trusted = |ip: &std::net::IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let forwarded: Vec<std::net::IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    forwarded
        .into_iter()
        .rev()
        .find(|ip| !is_trusted(ip))
        .unwrap_or(peer)
}

/// The language for a request before any session is known: cookie, then `Accept-Language`.
pub fn lang_from_headers(headers: &HeaderMap) -> Option<Lang> {
    cookies::get(headers, cookies::LANG)
        .and_then(|t| Lang::from_tag(&t))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::negotiate)
        })
}

/// Pages a signed-in account may reach before proving its second factor: setting one up,
/// signing out, the language switch, and pages with no personal data.
fn open_without_factor(path: &str) -> bool {
    const OPEN: [&str; 11] = [
        "/account/second-factor",
        "/verify",
        "/logout",
        "/lang/",
        "/static/",
        "/healthz",
        "/readyz",
        "/help",
        "/accessibility",
        "/privacy",
        "/site/emblem",
    ];
    path.starts_with("/api/") || OPEN.iter().any(|p| path.starts_with(p))
}

/// Builds the [`RequestCtx`] and sets the anti-forgery cookie when the visitor has none.
pub async fn middleware(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Result<Response, WebError> {
    let headers = req.headers();
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ci| client_ip(ci.0.ip(), headers, &state.config.trusted_proxies).to_string())
        .unwrap_or_else(|| "unknown".to_owned());
    let mut user = None;
    let mut user_lang = None;
    let mut pending = None;
    let mut session_hash = None;
    if let Some(token) = cookies::get(headers, cookies::SESSION) {
        let hash = token_hash(&token);
        match gerbang_app::accounts::sessions::resolve(&state, &hash, &ip).await? {
            Some(Resolved::Active { user: u, lang }) => {
                user = Some(Arc::new(u));
                user_lang = Some(lang);
                session_hash = Some(hash);
            }
            Some(Resolved::Pending { user_id, email }) => {
                pending = Some((user_id, email));
                session_hash = Some(hash);
            }
            None => {}
        }
    }
    let explicit_lang = lang_from_headers(headers);
    let lang = cookies::get(headers, cookies::LANG)
        .and_then(|t| Lang::from_tag(&t))
        .or(user_lang)
        .or(explicit_lang)
        .unwrap_or_default();
    let existing_csrf = cookies::get(headers, cookies::CSRF).filter(|t| t.len() >= 32);
    // Signed in, the form token is derived from the session: a token planted in the cookie
    // by someone else (a sibling subdomain can set cookies) does not match it, and signing
    // in gives a new one.
    let csrf = match &session_hash {
        Some(hash) => session_csrf(hash),
        None => existing_csrf.clone().unwrap_or_else(new_token),
    };
    let user_agent: String = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(300)
        .collect();
    let ctx = RequestCtx {
        lang,
        user,
        session_hash,
        csrf: csrf.clone(),
        path: req
            .uri()
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned()),
        request_id: request_id_of(req.headers()),
        ip,
        user_agent,
        pending,
        config: Arc::clone(&state.config),
    };
    // A staff account that has not proven a second factor does nothing but set one up
    // (the decision refuses it everything; this sends the person where they can act).
    if let Some(u) = &ctx.user
        && !u.credential.second_factor
        && !open_without_factor(req.uri().path())
    {
        let back = if req.method() == axum::http::Method::GET {
            ctx.path.clone()
        } else {
            "/account".to_owned()
        };
        let next = serde_urlencoded::to_string([("next", back)]).unwrap_or_default();
        return Ok(
            axum::response::Redirect::to(&format!("/account/second-factor?{next}")).into_response(),
        );
    }
    let bearer = req.headers().contains_key(header::AUTHORIZATION);
    req.extensions_mut().insert(ctx.clone());
    let mut res = next.run(req).await;
    // Pages of a signed-in person and answers to a token hold personal data: no cache
    // (shared or the browser's) keeps them.
    let already = res
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store"));
    if (ctx.user.is_some() || bearer) && !already && !ctx.path.starts_with("/static/") {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    // The error renderer sits outside this middleware; hand it the context.
    if res.status().as_u16() >= 400 {
        res.extensions_mut().insert(ctx);
    }
    // Only pages carry forms: static files and API answers set no anti-forgery cookie.
    let is_page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if existing_csrf.is_none()
        && is_page
        && let Ok(v) = HeaderValue::from_str(&cookies::csrf(&csrf, state.config.secure_cookies))
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_str(xff).expect("header"),
        );
        h
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let proxy: std::net::IpAddr = "10.0.0.5".parse().expect("ip");
        let client: std::net::IpAddr = "203.0.113.7".parse().expect("ip");
        let trusted = vec!["10.0.0.0/8".parse().expect("net")];
        // No trusted proxies: the header is ignored.
        assert_eq!(client_ip(proxy, &headers("203.0.113.7"), &[]), proxy);
        // From a trusted proxy: the nearest untrusted address.
        assert_eq!(
            client_ip(
                proxy,
                &headers("198.51.100.1, 203.0.113.7, 10.0.0.9"),
                &trusted
            ),
            client
        );
        // From an untrusted peer the header is a forgery.
        assert_eq!(client_ip(client, &headers("10.0.0.1"), &trusted), client);
        // Garbage falls back to the peer.
        assert_eq!(
            client_ip(proxy, &headers("not an address"), &trusted),
            proxy
        );
    }
}
