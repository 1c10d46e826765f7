//! HTML form input: the anti-forgery check and per-field error messages.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use crate::AppState;
use crate::error::{AppError, ErrorKind};
use crate::http::context::RequestCtx;

/// A URL-encoded form whose `csrf_token` field matched the visitor's anti-forgery cookie.
/// Every HTML form handler takes its input through this extractor.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let expected = req
            .extensions()
            .get::<RequestCtx>()
            .map(|c| c.csrf.clone())
            .ok_or_else(|| {
                AppError::Internal("request context middleware is not installed".into())
            })?;
        let is_form = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(ErrorKind::UnsupportedMediaType.into());
        }
        let body = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::Kind(ErrorKind::PayloadTooLarge)
            } else {
                AppError::Kind(ErrorKind::BadRequest)
            }
        })?;
        let sent = form_urlencoded_value(&body, "csrf_token").unwrap_or_default();
        if sent.is_empty() || !bool::from(sent.as_bytes().ct_eq(expected.as_bytes())) {
            return Err(ErrorKind::FormExpired.into());
        }
        serde_urlencoded::from_bytes(&body)
            .map(CsrfForm)
            .map_err(|_| ErrorKind::BadRequest.into())
    }
}

fn form_urlencoded_value(body: &[u8], key: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    pairs.into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Errors of a submitted form, in field order, already translated.
#[derive(Debug, Default, Clone)]
pub struct FormErrors {
    pub items: Vec<FieldMessage>,
}

/// One field's error.
#[derive(Debug, Clone)]
pub struct FieldMessage {
    /// The input's `name` (and `id`, so the summary can link to it).
    pub field: String,
    pub message: String,
}

impl FormErrors {
    /// Adds an error for `field`.
    pub fn add(&mut self, field: &str, message: String) {
        self.items.push(FieldMessage {
            field: field.to_owned(),
            message,
        });
    }

    /// The error for `field`, if any (first one wins).
    pub fn get(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
