//! JSON API v1 under `/api/v1`: bearer tokens, the catalogue, applications and their
//! workflow actions, described by an OpenAPI 3.1 document at `/api/v1/openapi.json`.
//!
//! Handlers are as thin as the HTML ones and call the same service functions; they differ
//! only in reading JSON and writing JSON. Errors are RFC 9457 problem documents: handlers
//! return [`ApiError`], whose response carries what went wrong as extensions, and the
//! [`problems`] middleware renders it in the caller's language (`Accept-Language`) with a
//! stable `type`. Each handler's `#[utoipa::path]` sits beside it and is registered with
//! `routes!`, so the document cannot drift from the router.

pub mod applications;
pub mod auth;
pub mod documents;
pub mod drafts;
pub mod openapi;
pub mod services;
pub mod tokens;
pub mod transparency;
pub mod uploads;
pub mod webhook_pages;
pub mod webhooks;

use std::future::Future;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{Next, from_fn};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use gerbang_store::StoreError;
use gerbang_store::api_tokens::idempotency;
use sha2::{Digest, Sha256};
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::accounts::service::Meta;
use crate::error::{AppError, ErrorKind, FieldProblem, WebError};
use crate::http::context::{RequestCtx, SessionUser};
use gerbang_app::accounts::tokens::TokenRefused;

/// The API's routes, split by the limits lib.rs puts on them.
pub struct Routes {
    /// `POST /api/v1/auth/token`: takes a password, so it shares the sign-in page's
    /// per-address rate limit.
    pub sign_in: Router<AppState>,
    /// Everything else under `/api/v1`, including the OpenAPI document.
    pub v1: Router<AppState>,
    /// Calls between installs: signed, and answered signed (no middleware may change a body).
    pub federation: Router<AppState>,
}

/// The largest bulk submission accepted: a hundred applications of about 20 KB each.
pub const BULK_MAX_BYTES: usize = 2 * 1024 * 1024;

/// Builds the API routers and the OpenAPI document that describes them.
pub fn routes() -> Routes {
    let (sign_in, auth_doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(auth::token))
        .split_for_parts();
    let (v1, rest_doc) = OpenApiRouter::new()
        .routes(routes!(auth::revoke))
        .routes(routes!(services::list))
        .routes(routes!(services::detail))
        .routes(routes!(applications::list, applications::submit))
        .merge(
            // A hundred applications do not fit the forms' small limit.
            OpenApiRouter::new()
                .routes(routes!(applications::submit_bulk))
                .layer(axum::extract::DefaultBodyLimit::max(BULK_MAX_BYTES)),
        )
        .merge(
            OpenApiRouter::new()
                .routes(routes!(uploads::create))
                .layer(axum::extract::DefaultBodyLimit::max(uploads::MAX_BYTES)),
        )
        .routes(routes!(applications::detail))
        .routes(routes!(applications::act))
        .routes(routes!(applications::resubmit))
        .routes(routes!(drafts::list))
        .routes(routes!(drafts::detail, drafts::save, drafts::delete))
        .routes(routes!(drafts::submit))
        .routes(routes!(documents::invoice))
        .routes(routes!(documents::list))
        .routes(routes!(documents::detail))
        .routes(routes!(documents::pdf))
        .routes(routes!(transparency::head))
        .routes(routes!(transparency::entries))
        .routes(routes!(transparency::inclusion))
        .routes(routes!(transparency::consistency))
        .routes(routes!(transparency::keys))
        .routes(routes!(webhooks::list, webhooks::create))
        .routes(routes!(webhooks::detail, webhooks::delete))
        .routes(routes!(webhooks::enable))
        .routes(routes!(webhooks::disable))
        .routes(routes!(webhooks::redeliver))
        .split_for_parts();
    let (federation, federation_doc) = OpenApiRouter::new()
        .routes(routes!(crate::exchange::federation::jwks))
        .routes(routes!(crate::exchange::federation::data_services))
        .routes(routes!(crate::exchange::federation::query))
        .split_for_parts();
    let document = openapi::render(auth_doc.merge_from(rest_doc).merge_from(federation_doc));
    let v1 = v1.route(
        "/api/v1/openapi.json",
        get(move || {
            let body = document.clone();
            async move { ([(header::CONTENT_TYPE, "application/json")], body) }
        }),
    );
    Routes {
        federation,
        sign_in: sign_in.layer(from_fn(problems)),
        v1: v1.layer(from_fn(problems)).layer(from_fn(quota_headers)),
    }
}

/// A refusal with its own problem `type`, beyond the generic one of its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub kind: ErrorKind,
    /// Problem type suffix: `/api/v1/problems/{code}`.
    pub code: &'static str,
    /// Message id of the `detail`, in the caller's language.
    pub detail: &'static str,
}

impl Refusal {
    /// No token, or not a bearer token.
    pub const TOKEN_MISSING: Refusal = Refusal {
        kind: ErrorKind::Unauthorized,
        code: "unauthorized",
        detail: "api-error-token-missing",
    };
    /// A token that is malformed, unknown or revoked.
    pub const TOKEN_INVALID: Refusal = Refusal {
        kind: ErrorKind::Unauthorized,
        code: "unauthorized",
        detail: "api-error-token-invalid",
    };
    /// A token past its expiry.
    pub const TOKEN_EXPIRED: Refusal = Refusal {
        kind: ErrorKind::Unauthorized,
        code: "unauthorized",
        detail: "api-error-token-expired",
    };
    /// The right password of an account whose tokens need a signed-in person (staff, or
    /// anyone with a second factor).
    pub const PASSWORD_NOT_ENOUGH: Refusal = Refusal {
        kind: ErrorKind::Forbidden,
        code: "password-not-enough",
        detail: "error-token-password-not-enough",
    };
    /// Wrong email or password: which one is not said.
    pub const BAD_CREDENTIALS: Refusal = Refusal {
        kind: ErrorKind::Unauthorized,
        code: "invalid-credentials",
        detail: "error-login-failed",
    };
    /// An `Idempotency-Key` already used for a different request.
    pub const KEY_REUSED: Refusal = Refusal {
        kind: ErrorKind::Unprocessable,
        code: "idempotency-key-reused",
        detail: "api-error-idempotency-key-reused",
    };
    /// The token used up its requests of this minute.
    pub const RATE_LIMITED: Refusal = Refusal {
        kind: ErrorKind::TooManyRequests,
        code: "rate-limited",
        detail: "api-error-rate-limited",
    };
    /// An `Idempotency-Key` header that is empty, too long or not visible ASCII.
    pub const KEY_MALFORMED: Refusal = Refusal {
        kind: ErrorKind::BadRequest,
        code: "bad-request",
        detail: "api-error-idempotency-key-malformed",
    };
    /// A body that is not JSON.
    pub const NOT_JSON: Refusal = Refusal {
        kind: ErrorKind::BadRequest,
        code: "bad-request",
        detail: "api-error-not-json",
    };
    /// A JSON body that is not an object.
    pub const NOT_OBJECT: Refusal = Refusal {
        kind: ErrorKind::Unprocessable,
        code: "unprocessable",
        detail: "api-error-not-object",
    };
    /// A body sent as something other than `application/json`.
    pub const NOT_JSON_TYPE: Refusal = Refusal {
        kind: ErrorKind::UnsupportedMediaType,
        code: "unsupported-media-type",
        detail: "api-error-content-type",
    };
}

/// What an API handler returns on failure.
#[derive(Debug)]
pub enum ApiError {
    /// Anything the services answer; mapped as everywhere else.
    App(AppError),
    /// A refusal with an API-specific problem type or detail.
    Refused(Refusal),
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::App(AppError::Store(e))
    }
}

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> Self {
        ApiError::Refused(r)
    }
}

/// Field problems travelling from [`ApiError`] to the [`problems`] renderer.
#[derive(Debug, Clone)]
struct Problems(Vec<FieldProblem>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::App(AppError::Invalid(problems)) => {
                let kind = ErrorKind::Unprocessable;
                let mut res = crate::error::status(kind).into_response();
                res.extensions_mut().insert(kind);
                res.extensions_mut().insert(Problems(problems));
                res
            }
            ApiError::App(AppError::Throttled(minutes)) => {
                let mut res = WebError(AppError::Throttled(minutes)).into_response();
                if let Ok(v) = HeaderValue::from_str(&(minutes * 60).to_string()) {
                    res.headers_mut().insert(header::RETRY_AFTER, v);
                }
                res
            }
            ApiError::App(e) => WebError(e).into_response(),
            ApiError::Refused(r) => {
                let mut res = crate::error::status(r.kind).into_response();
                res.extensions_mut().insert(r.kind);
                res.extensions_mut().insert(r);
                res
            }
        }
    }
}

/// Middleware: renders every error response of the API as problem+json, with per-field
/// `errors` on 422 and `WWW-Authenticate: Bearer` on 401.
pub async fn problems(req: Request, next: Next) -> Response {
    let ctx = req.extensions().get::<RequestCtx>().cloned();
    let res = next.run(req).await;
    let status = res.status();
    if status.as_u16() < 400 {
        return res;
    }
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    let Some(ctx) = ctx.filter(|_| !is_json) else {
        return res;
    };
    let refusal = res.extensions().get::<Refusal>().copied();
    let kind = refusal.map(|r| r.kind).unwrap_or_else(|| {
        res.extensions()
            .get::<ErrorKind>()
            .copied()
            .unwrap_or_else(|| crate::error::kind_of_status(status))
    });
    let mut extra = serde_json::Map::new();
    if let Some(r) = refusal {
        if r.code != kind.code() {
            extra.insert("type".into(), format!("/api/v1/problems/{}", r.code).into());
            extra.insert(
                "title".into(),
                crate::i18n::t(
                    gerbang_domain::i18n::Lang::En,
                    &format!("api-problem-{}-title", r.code),
                )
                .into(),
            );
        }
        extra.insert("detail".into(), ctx.t(r.detail).into());
    }
    if let Some(Problems(problems)) = res.extensions().get::<Problems>() {
        extra.insert("errors".into(), field_errors(&ctx, problems));
    }
    let mut out = crate::http::errors::problem_with(&ctx, kind, extra);
    *out.status_mut() = crate::error::status(kind);
    out.extensions_mut().insert(kind);
    if let Some(m) = res.extensions().get::<crate::error::DatabaseUnavailable>() {
        out.extensions_mut().insert(*m);
    }
    if let Some(v) = res.headers().get(header::RETRY_AFTER) {
        out.headers_mut().insert(header::RETRY_AFTER, v.clone());
    }
    if kind == ErrorKind::InsufficientScope {
        out.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"gerbang\", error=\"insufficient_scope\""),
        );
    }
    if kind == ErrorKind::Unauthorized {
        let challenge =
            if refusal == Some(Refusal::TOKEN_INVALID) || refusal == Some(Refusal::TOKEN_EXPIRED) {
                "Bearer realm=\"gerbang\", error=\"invalid_token\""
            } else {
                "Bearer realm=\"gerbang\""
            };
        out.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(challenge),
        );
    }
    out
}

/// A problem document (RFC 9457) for one item of a bulk request: its status's type and
/// title, and per-field `errors` when there are any.
pub fn item_problem(
    ctx: &RequestCtx,
    kind: ErrorKind,
    problems: &[FieldProblem],
) -> serde_json::Value {
    let mut p = serde_json::json!({
        "type": format!("/api/v1/problems/{}", kind.code()),
        "title": crate::i18n::t(gerbang_domain::i18n::Lang::En, &format!("error-{}-title", kind.code())),
        "status": crate::error::status(kind).as_u16(),
        "detail": ctx.t(&format!("error-{}-message", kind.code())),
    });
    if !problems.is_empty()
        && let Some(map) = p.as_object_mut()
    {
        map.insert("errors".into(), field_errors(ctx, problems));
    }
    p
}

/// `[{field, code, message}]`: `code` is the message id without its `field-error-` prefix.
fn field_errors(ctx: &RequestCtx, problems: &[FieldProblem]) -> serde_json::Value {
    let messages = crate::http::pages::translate(ctx, problems);
    problems
        .iter()
        .zip(messages.items)
        .map(|(p, m)| {
            serde_json::json!({
                "field": p.field,
                "code": p.message_id.strip_prefix("field-error-").unwrap_or(&p.message_id),
                "message": m.message,
            })
        })
        .collect::<Vec<_>>()
        .into()
}

/// The account behind the request's `Authorization: Bearer gbg_...` token.
#[derive(Debug, Clone)]
pub struct Bearer {
    pub user: SessionUser,
    pub token_id: i64,
}

impl FromRequestParts<AppState> for Bearer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
            return Err(Refusal::TOKEN_MISSING.into());
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.trim().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .ok_or(Refusal::TOKEN_MISSING)?;
        if !auth::looks_like_token(token) {
            return Err(Refusal::TOKEN_INVALID.into());
        }
        let (user, token_id) = match gerbang_app::accounts::tokens::resolve(state, token).await? {
            Ok(found) => found,
            Err(TokenRefused::Expired) => return Err(Refusal::TOKEN_EXPIRED.into()),
            Err(TokenRefused::Invalid | TokenRefused::Disabled) => {
                return Err(Refusal::TOKEN_INVALID.into());
            }
        };
        let verdict = gerbang_app::api_quota::take(state, token_id).await?;
        if let Some(slot) = parts.extensions.get::<QuotaSlot>() {
            slot.set(verdict);
        }
        if !verdict.allowed {
            return Err(Refusal::RATE_LIMITED.into());
        }
        Ok(Bearer { user, token_id })
    }
}

/// The token's count for this request: filled by [`Bearer`], written as headers by
/// [`quota_headers`].
#[derive(Clone, Default)]
pub struct QuotaSlot(std::sync::Arc<std::sync::Mutex<Option<gerbang_app::api_quota::Verdict>>>);

impl QuotaSlot {
    fn set(&self, v: gerbang_app::api_quota::Verdict) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(v);
    }

    fn get(&self) -> Option<gerbang_app::api_quota::Verdict> {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Middleware: every answer to a request with a token says the token's share and what is
/// left of it (IETF draft `RateLimit-Policy` and `RateLimit` headers); a refusal for
/// going over it says when to come back (`Retry-After`).
pub async fn quota_headers(mut req: Request, next: Next) -> Response {
    let slot = QuotaSlot::default();
    req.extensions_mut().insert(slot.clone());
    let mut res = next.run(req).await;
    if let Some(v) = slot.get() {
        let h = res.headers_mut();
        if let Ok(p) = HeaderValue::from_str(&format!("\"token\";q={};w=60", v.limit)) {
            h.insert("ratelimit-policy", p);
        }
        if let Ok(r) =
            HeaderValue::from_str(&format!("\"token\";r={};t={}", v.remaining, v.reset_secs))
        {
            h.insert("ratelimit", r);
        }
        if !v.allowed
            && let Ok(after) = HeaderValue::from_str(&v.reset_secs.to_string())
        {
            h.insert(header::RETRY_AFTER, after);
        }
    }
    res
}

/// Who is acting, for the audit log: the token's account, this request.
pub fn meta(ctx: &RequestCtx, user: &SessionUser) -> Meta {
    Meta {
        actor_id: Some(user.id),
        actor: user.email.clone(),
        request_id: ctx.request_id.clone(),
        ip: ctx.ip.clone(),
        user_agent: ctx.user_agent.clone(),
    }
}

/// Parses a JSON request body into a value; the body must be sent as JSON.
pub fn json_body(
    headers: &axum::http::HeaderMap,
    body: &Bytes,
) -> Result<serde_json::Value, ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .is_some_and(|v| v == "application/json" || v.ends_with("+json"));
    if !is_json {
        return Err(Refusal::NOT_JSON_TYPE.into());
    }
    serde_json::from_slice(body).map_err(|_| Refusal::NOT_JSON.into())
}

/// A member of a JSON object as text: absent and `null` are empty; other types are refused
/// as a field problem.
pub fn text_member(
    body: &serde_json::Value,
    name: &str,
    problems: &mut Vec<FieldProblem>,
) -> String {
    match body.get(name) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(_) => {
            problems.push(FieldProblem::new(name, "api-error-not-text"));
            String::new()
        }
    }
}

/// The `Idempotency-Key` header: absent, or 1 to 255 visible ASCII characters.
pub fn idempotency_key(headers: &axum::http::HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(v) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = v.to_str().map_err(|_| Refusal::KEY_MALFORMED)?.trim();
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Refusal::KEY_MALFORMED.into());
    }
    Ok(Some(key.to_owned()))
}

/// An answer to a POST that may be a replay of a remembered one.
pub struct Reply {
    pub status: StatusCode,
    pub body: serde_json::Value,
    /// True when the answer was remembered from an earlier request with the same key.
    pub replayed: bool,
}

impl Reply {
    /// The response, with `Location` when given and `Idempotent-Replayed` on a replay.
    pub fn into_response_with(self, location: Option<String>) -> Response {
        let mut res = (self.status, axum::Json(self.body)).into_response();
        if let Some(v) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            res.headers_mut().insert(header::LOCATION, v);
        }
        if self.replayed {
            res.headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
        }
        res
    }
}

/// Runs `operation` at most once per account and `Idempotency-Key`: a retry with the same
/// key and the same request gets the remembered answer (same status and body); the same
/// key with another request is refused. Only successful answers are remembered, so a
/// request refused for bad input can be corrected and sent again with its key.
pub async fn idempotent<Fut>(
    state: &AppState,
    user_id: i64,
    key: Option<&str>,
    request: &str,
    operation: impl FnOnce() -> Fut,
) -> Result<Reply, ApiError>
where
    Fut: Future<Output = Result<(StatusCode, serde_json::Value), ApiError>>,
{
    let Some(key) = key else {
        let (status, body) = operation().await?;
        return Ok(Reply {
            status,
            body,
            replayed: false,
        });
    };
    let request_hash = request_hash(request);
    if let Some(reply) = remembered(state, user_id, key, &request_hash).await? {
        return Ok(reply);
    }
    let (status, body) = operation().await?;
    if status.is_success() {
        let mut tx = state.db.begin().await?;
        let fresh = idempotency::put(
            &mut tx,
            user_id,
            key,
            &request_hash,
            i32::from(status.as_u16()),
            &body.to_string(),
        )
        .await?;
        tx.commit().await?;
        if !fresh && let Some(stored) = idempotency::get(&state.db, user_id, key).await? {
            // A concurrent request with the same key finished first: answer as it did.
            return replay(stored, &request_hash);
        }
    }
    Ok(Reply {
        status,
        body,
        replayed: false,
    })
}

/// The fingerprint's hash, as remembered.
pub fn request_hash(request: &str) -> String {
    hex::encode(Sha256::digest(request.as_bytes()))
}

/// The answer remembered under `key`, if any (refused when the key came with another request).
pub async fn remembered(
    state: &AppState,
    user_id: i64,
    key: &str,
    request_hash: &str,
) -> Result<Option<Reply>, ApiError> {
    match idempotency::get(&state.db, user_id, key).await? {
        Some(stored) => replay(stored, request_hash).map(Some),
        None => Ok(None),
    }
}

fn replay(stored: idempotency::Stored, request_hash: &str) -> Result<Reply, ApiError> {
    if stored.request_hash != request_hash {
        return Err(Refusal::KEY_REUSED.into());
    }
    let status = u16::try_from(stored.status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .ok_or_else(|| StoreError::Corrupt(format!("idempotency status {}", stored.status)))?;
    let body = serde_json::from_str(&stored.body).map_err(StoreError::from)?;
    Ok(Reply {
        status,
        body,
        replayed: true,
    })
}

/// A request as compared for idempotency: method, path and the body with object keys
/// sorted, so that spacing and member order do not make two equal requests differ.
pub fn fingerprint(method: &str, path: &str, body: &serde_json::Value) -> String {
    fn canonical(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                out.push('{');
                for (i, k) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::String(k.clone()).to_string());
                    out.push(':');
                    if let Some(v) = map.get(k) {
                        canonical(v, out);
                    }
                }
                out.push('}');
            }
            serde_json::Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    canonical(item, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = format!("{method} {path}\n");
    canonical(body, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_ignore_member_order_but_not_values() {
        let a = serde_json::json!({"service": "x", "data": {"a": 1, "b": [true, "z"]}});
        let b: serde_json::Value =
            serde_json::from_str(r#"{ "data": {"b": [true, "z"], "a": 1}, "service": "x" }"#)
                .expect("json");
        let c = serde_json::json!({"service": "x", "data": {"a": 2, "b": [true, "z"]}});
        assert_eq!(fingerprint("POST", "/p", &a), fingerprint("POST", "/p", &b));
        assert_ne!(fingerprint("POST", "/p", &a), fingerprint("POST", "/p", &c));
        assert_ne!(fingerprint("POST", "/p", &a), fingerprint("POST", "/q", &a));
    }
}
