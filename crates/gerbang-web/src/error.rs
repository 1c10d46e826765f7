//! The one error type at the HTTP edge and its mapping to status codes.
//!
//! Policy: handlers return [`AppError`]; its `IntoResponse` only sets the status and
//! attaches the [`ErrorKind`]. The [`crate::http::errors`] middleware then renders every
//! error response (ours, the router's 404/405, the body limit's 413, the CSRF layer's 403)
//! the same way: a translated HTML page for people, RFC 9457 problem+json under `/api/`.
//! Internal errors are logged with their cause chain and the request id; the client sees
//! only the request id.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gerbang_store::StoreError;

/// What went wrong, in terms a client can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    /// The form's anti-forgery token is missing or stale.
    FormExpired,
    /// A cross-site request was refused.
    CrossSite,
    NotFound,
    MethodNotAllowed,
    Conflict,
    /// A workflow step needs the case's invoice paid first (409).
    PaymentRequired,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unprocessable,
    TooManyRequests,
    Unavailable,
    Internal,
}

impl ErrorKind {
    /// The HTTP status for this kind.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorKind::Forbidden | ErrorKind::FormExpired | ErrorKind::CrossSite => {
                StatusCode::FORBIDDEN
            }
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
    pub fn from_status(status: StatusCode) -> ErrorKind {
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

    /// Stable machine code: the problem `type` suffix and the message id suffix.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "bad-request",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::FormExpired => "form-expired",
            ErrorKind::CrossSite => "cross-site",
            ErrorKind::NotFound => "not-found",
            ErrorKind::MethodNotAllowed => "method-not-allowed",
            ErrorKind::Conflict => "conflict",
            ErrorKind::PaymentRequired => "payment-required",
            ErrorKind::PayloadTooLarge => "payload-too-large",
            ErrorKind::UnsupportedMediaType => "unsupported-media-type",
            ErrorKind::Unprocessable => "unprocessable",
            ErrorKind::TooManyRequests => "too-many-requests",
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::Internal => "internal",
        }
    }
}

/// An error a handler returns.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0:?}")]
    Kind(ErrorKind),
    /// Input that fails validation; each problem names its field (422 / form re-shown).
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldProblem>),
    /// Too many attempts; try again after the given minutes (429).
    #[error("throttled for {0} minutes")]
    Throttled(i64),
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    pub const NOT_FOUND: AppError = AppError::Kind(ErrorKind::NotFound);
    pub const FORBIDDEN: AppError = AppError::Kind(ErrorKind::Forbidden);

    /// The client-facing kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            AppError::Kind(k) => *k,
            AppError::Invalid(_) => ErrorKind::Unprocessable,
            AppError::Throttled(_) => ErrorKind::TooManyRequests,
            AppError::Store(StoreError::Conflict(_)) => ErrorKind::Conflict,
            AppError::Store(StoreError::Unavailable(_)) => ErrorKind::Unavailable,
            AppError::Store(_) | AppError::Internal(_) => ErrorKind::Internal,
        }
    }
}

/// One invalid field: the field's name and the message id (with arguments) explaining why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub message_id: String,
    pub args: Vec<(&'static str, String)>,
}

impl FieldProblem {
    /// A problem without arguments.
    pub fn new(field: &str, message_id: &str) -> FieldProblem {
        FieldProblem {
            field: field.to_owned(),
            message_id: message_id.to_owned(),
            args: Vec::new(),
        }
    }
}

impl From<ErrorKind> for AppError {
    fn from(k: ErrorKind) -> Self {
        AppError::Kind(k)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let kind = self.kind();
        if matches!(kind, ErrorKind::Internal | ErrorKind::Unavailable) {
            tracing::error!(error = %error_chain(&self), "request failed");
        }
        let mut res = kind.status().into_response();
        res.extensions_mut().insert(kind);
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
