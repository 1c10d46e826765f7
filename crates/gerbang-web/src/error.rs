//! The HTTP edge of the one error type and its mapping to status codes.
//!
//! Policy: operations return [`AppError`] (from `gerbang-app`); handlers return
//! [`WebError`], whose `IntoResponse` only sets the status and attaches the [`ErrorKind`].
//! The [`crate::http::errors`] middleware then renders every error response (ours, the
//! router's 404/405, the body limit's 413, the CSRF layer's 403) the same way: a
//! translated HTML page for people, RFC 9457 problem+json under `/api/`. Internal errors
//! are logged with their cause chain and the request id; the client sees only the request id.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gerbang_store::StoreError;

pub use gerbang_app::error::{AppError, ErrorKind, FieldProblem};

/// The HTTP status for each kind.
pub fn status(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
        ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorKind::Forbidden
        | ErrorKind::FormExpired
        | ErrorKind::CrossSite
        | ErrorKind::SecondFactorRequired
        | ErrorKind::ProofTooOld
        | ErrorKind::InsufficientScope
        | ErrorKind::AssuranceRequired => StatusCode::FORBIDDEN,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorKind::Conflict | ErrorKind::PaymentRequired => StatusCode::CONFLICT,
        ErrorKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorKind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorKind::Unprocessable => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorKind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The kind for a bare status produced outside our handlers.
pub fn kind_of_status(status: StatusCode) -> ErrorKind {
    match status.as_u16() {
        400 => ErrorKind::BadRequest,
        401 => ErrorKind::Unauthorized,
        403 => ErrorKind::Forbidden,
        404 => ErrorKind::NotFound,
        405 => ErrorKind::MethodNotAllowed,
        409 => ErrorKind::Conflict,
        413 => ErrorKind::PayloadTooLarge,
        415 => ErrorKind::UnsupportedMediaType,
        422 => ErrorKind::Unprocessable,
        429 => ErrorKind::TooManyRequests,
        503 | 504 | 408 => ErrorKind::Unavailable,
        _ => ErrorKind::Internal,
    }
}

/// Marks a response whose cause was an unreachable database (it opens the circuit in
/// [`gerbang_app::health`]).
#[derive(Debug, Clone, Copy)]
pub struct DatabaseUnavailable;

/// What a handler returns when it fails: an operation's error, answered over HTTP.
#[derive(Debug)]
pub struct WebError(pub AppError);

impl WebError {
    pub const NOT_FOUND: WebError = WebError(AppError::NOT_FOUND);
    pub const FORBIDDEN: WebError = WebError(AppError::FORBIDDEN);
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        WebError(e)
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        WebError(AppError::Store(e))
    }
}

impl From<ErrorKind> for WebError {
    fn from(k: ErrorKind) -> Self {
        WebError(AppError::Kind(k))
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let kind = self.0.kind();
        if matches!(kind, ErrorKind::Internal | ErrorKind::Unavailable) {
            tracing::error!(error = %error_chain(&self.0), "request failed");
        }
        let mut res = status(kind).into_response();
        res.extensions_mut().insert(kind);
        if matches!(self.0, AppError::Store(StoreError::Unavailable(_))) {
            res.extensions_mut().insert(DatabaseUnavailable);
        }
        res
    }
}

/// The error and all its sources on one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        out.push_str(": ");
        out.push_str(&s.to_string());
        cur = s.source();
    }
    out
}
