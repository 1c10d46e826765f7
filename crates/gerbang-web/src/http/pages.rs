//! What every HTML handler shares: rendering a template, translating field problems into
//! the form's error summary, the audit facts of a request, the `?done=` notice, and the
//! way to the sign-in page (the [`SignedIn`] extractor) and back (`safe_next`).

use std::sync::Arc;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use gerbang_domain::i18n::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::accounts::service::Meta;
use crate::error::{AppError, FieldProblem, WebError};
use crate::http::context::{RequestCtx, SessionUser};
use crate::http::forms::FormErrors;

/// Renders a page.
pub fn render(t: &impl Template) -> Result<Response, WebError> {
    t.render()
        .map(|body| Html(body).into_response())
        .map_err(|e| AppError::Internal(format!("template: {e}")).into())
}

/// Translates field problems into the form's error summary and inline messages.
pub fn translate(ctx: &RequestCtx, problems: &[FieldProblem]) -> FormErrors {
    let mut errors = FormErrors::default();
    for p in problems {
        errors.add(&p.field, p.message(ctx.lang));
    }
    errors
}

/// Who is acting in this request, for the audit log.
pub fn meta(ctx: &RequestCtx) -> Meta {
    Meta {
        actor_id: ctx.user.as_ref().map(|u| u.id),
        actor: ctx
            .user
            .as_ref()
            .map_or_else(|| "anonymous".to_owned(), |u| u.email.clone()),
        request_id: ctx.request_id.clone(),
        ip: ctx.ip.clone(),
        user_agent: ctx.user_agent.clone(),
    }
}

/// `?done=...`: which notice to show after a redirect.
#[derive(Debug, Deserialize, Default)]
pub struct DoneQuery {
    pub done: Option<String>,
}

/// Only a same-site path is followed after sign-in or a language switch: it starts with one
/// `/`, is ASCII (our own links percent-encode the rest) and holds no backslash and no
/// control character (no open redirect, no header injection).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && n.is_ascii()
                && !n.chars().any(|c| c.is_ascii_control())
                && n.len() <= 2048 =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// Formats an instant in Western Indonesia Time.
pub fn when(lang: Lang, t: time::OffsetDateTime) -> String {
    let local = t.to_offset(time::UtcOffset::UTC) + time::Duration::hours(7);
    let local = time::PrimitiveDateTime::new(local.date(), local.time());
    format!("{} WIB", lang.long_date_time(local))
}

/// Redirects to the sign-in page, coming back to the current page afterwards.
pub fn to_login(ctx: &RequestCtx) -> Response {
    Redirect::to(&format!("/login?next={}", ctx.next_param())).into_response()
}

/// The signed-in account of an HTML page; anyone else is sent to the sign-in page and
/// brought back afterwards.
pub struct SignedIn(pub Arc<SessionUser>);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let ctx = RequestCtx::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match ctx.user.clone() {
            Some(user) => Ok(SignedIn(user)),
            None => Err(to_login(&ctx)),
        }
    }
}

/// A public, cacheable resource that offline verifiers, harvesters and other sites' scripts fetch:
/// `body` as `content_type`, kept `max_age` seconds, readable from any origin.
pub fn published(body: String, content_type: &'static str, max_age: i64) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("public, max-age={max_age}")) {
        h.insert(header::CACHE_CONTROL, v);
    }
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("cross-origin"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::safe_next;
    use proptest::prelude::*;

    #[test]
    fn only_same_site_paths_are_followed() {
        assert_eq!(safe_next(Some("/services?q=akta")), "/services?q=akta");
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/a\\b",
            "https://evil.example",
            "/x\r\nSet-Cookie: a=b",
            "/\u{7f}",
            "/caf\u{e9}",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }

    proptest! {
        /// Whatever is given, the answer is a path that a Location header can carry and
        /// that stays on this site.
        #[test]
        fn any_next_is_a_safe_location(next in any::<String>()) {
            let out = safe_next(Some(&next));
            prop_assert!(out.starts_with('/'));
            prop_assert!(!out.starts_with("//"));
            prop_assert!(!out.contains('\\'));
            prop_assert!(axum::http::HeaderValue::from_str(&out).is_ok());
        }
    }
}
