//! Renders every error response: a translated HTML page, or problem+json under `/api/`.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use tower_http::csrf::ProtectionError;

use crate::AppState;
use crate::error::ErrorKind;
use crate::http::context::RequestCtx;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: RequestCtx,
    title: String,
    message: String,
    status: u16,
}

/// Middleware: turns any error status without a body of ours into a proper error response.
pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let method_is_get = req.method() == axum::http::Method::GET;
    // Only a same-site page of ours is a place to come back to.
    let referer_path = req
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.parse::<axum::http::Uri>().ok())
        .filter(|u| {
            u.host().is_none()
                || u.authority().map(|a| a.as_str())
                    == req
                        .headers()
                        .get(header::HOST)
                        .and_then(|h| h.to_str().ok())
        })
        .and_then(|u| u.path_and_query().map(|p| p.as_str().to_owned()))
        .map(|p| crate::http::pages::safe_next(Some(&p)))
        .filter(|p| p != "/");
    let fallback_ctx = RequestCtx::anonymous(&req, &state.config);
    let mut res = next.run(req).await;
    let status = res.status();
    if status.as_u16() < 400 {
        return res;
    }
    // Every 503 says when to come back.
    if status == axum::http::StatusCode::SERVICE_UNAVAILABLE
        && !res.headers().contains_key(header::RETRY_AFTER)
    {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    }
    if res
        .extensions()
        .get::<crate::error::DatabaseUnavailable>()
        .is_some()
    {
        state.health.report_unavailable(&state.db);
    }
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("text/html")
        || content_type.contains("json")
        || content_type.contains("xml")
    {
        return res;
    }
    let kind = res
        .extensions()
        .get::<ErrorKind>()
        .copied()
        .unwrap_or_else(|| {
            if res.extensions().get::<ProtectionError>().is_some() {
                ErrorKind::CrossSite
            } else {
                crate::error::kind_of_status(status)
            }
        });
    let ctx = res
        .extensions()
        .get::<RequestCtx>()
        .cloned()
        .unwrap_or(fallback_ctx);
    let retry_after = res.headers().get(header::RETRY_AFTER).cloned();
    let set_cookies: Vec<HeaderValue> = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    // A page that needs a second factor or a fresh proof sends the person to give it,
    // and brings them back (to the page itself, or for a form to the page it was on).
    if !is_api
        && matches!(
            kind,
            ErrorKind::SecondFactorRequired | ErrorKind::ProofTooOld
        )
    {
        let back = if method_is_get {
            ctx.path
        } else {
            referer_path.unwrap_or_else(|| "/account".to_owned())
        };
        let to = if kind == ErrorKind::SecondFactorRequired {
            "/account/second-factor"
        } else {
            "/account/confirm"
        };
        let next = serde_urlencoded::to_string([("next", back)]).unwrap_or_default();
        return axum::response::Redirect::to(&format!("{to}?{next}")).into_response();
    }
    let mut out = if is_api {
        problem(&ctx, kind)
    } else {
        page(ctx, kind)
    };
    *out.status_mut() = crate::error::status(kind);
    if let Some(v) = retry_after {
        // Rate limiters measure in milliseconds; "0" would tell a client to retry at once.
        let seconds = v.to_str().ok().and_then(|s| s.trim().parse::<u64>().ok());
        match seconds {
            Some(0) => {
                out.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            _ => {
                out.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
    }
    for c in set_cookies {
        out.headers_mut().append(header::SET_COOKIE, c);
    }
    out
}

fn page(ctx: RequestCtx, kind: ErrorKind) -> Response {
    let message = ctx.t(&format!("error-{}-message", kind.code()));
    page_saying(ctx, kind, message)
}

/// The error page of `kind` with a message that says what happened here, in place of the
/// kind's general one ("This case is no longer in review"); with its status.
pub fn page_saying(ctx: RequestCtx, kind: ErrorKind, message: String) -> Response {
    let title = ctx.t(&format!("error-{}-title", kind.code()));
    let status = crate::error::status(kind);
    let page = ErrorPage {
        title,
        message,
        status: crate::error::status(kind).as_u16(),
        ctx,
    };
    match page.render() {
        Ok(body) => {
            let mut res = Html(body).into_response();
            *res.status_mut() = status;
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            (crate::error::status(kind), "error").into_response()
        }
    }
}

/// RFC 9457 problem details with a stable `type` per kind.
pub fn problem(ctx: &RequestCtx, kind: ErrorKind) -> Response {
    problem_with(ctx, kind, serde_json::Map::new())
}

/// Problem details with extension members (such as per-field `errors`).
pub fn problem_with(
    ctx: &RequestCtx,
    kind: ErrorKind,
    extra: serde_json::Map<String, serde_json::Value>,
) -> Response {
    let mut body = serde_json::json!({
        "type": format!("/api/v1/problems/{}", kind.code()),
        "title": crate::i18n::t(gerbang_domain::i18n::Lang::En, &format!("error-{}-title", kind.code())),
        "status": crate::error::status(kind).as_u16(),
        "detail": ctx.t(&format!("error-{}-message", kind.code())),
        "request_id": ctx.request_id,
    });
    if let Some(obj) = body.as_object_mut() {
        obj.extend(extra);
    }
    let mut res = (crate::error::status(kind), body.to_string()).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    res
}
