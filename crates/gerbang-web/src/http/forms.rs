//! HTML form input: the anti-forgery check, multipart forms with files, and per-field
//! error messages.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use crate::AppState;
use crate::error::{AppError, ErrorKind, WebError};
use crate::http::context::RequestCtx;

/// A URL-encoded form whose `csrf_token` field matched the visitor's anti-forgery cookie.
/// Every HTML form handler takes its input through this extractor.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = WebError;

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

/// One file part of a multipart form, as received.
#[derive(Debug, Clone)]
pub struct FilePart {
    pub field: String,
    pub filename: String,
    pub bytes: Bytes,
}

/// Reads a multipart form: its text fields, and the files of the fields named in `files`.
///
/// The anti-forgery token must come first (our forms put it there), so that no file of a
/// forged request is ever buffered. A file part for an undeclared field, or a second part
/// for the same file field, is refused (400): each declared field takes one file, checked
/// on its own. A body over the route's limit is 413.
pub async fn read_multipart(
    ctx: &RequestCtx,
    mut mp: Multipart,
    files: &[&str],
) -> Result<(BTreeMap<String, String>, Vec<FilePart>), AppError> {
    let mut values = BTreeMap::new();
    let mut parts: Vec<FilePart> = Vec::new();
    let refused = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::Kind(ErrorKind::PayloadTooLarge)
        } else {
            AppError::Kind(ErrorKind::BadRequest)
        }
    };
    let mut token_checked = false;
    while let Some(field) = mp.next_field().await.map_err(refused)? {
        let name = field.name().unwrap_or_default().to_owned();
        if !token_checked {
            if name != "csrf_token" || field.file_name().is_some() {
                return Err(ErrorKind::FormExpired.into());
            }
            let sent = field.text().await.map_err(refused)?;
            if sent.is_empty() || !bool::from(sent.as_bytes().ct_eq(ctx.csrf.as_bytes())) {
                return Err(ErrorKind::FormExpired.into());
            }
            token_checked = true;
            continue;
        }
        if let Some(filename) = field.file_name().map(str::to_owned) {
            if !files.contains(&name.as_str()) || parts.iter().any(|p| p.field == name) {
                return Err(ErrorKind::BadRequest.into());
            }
            let bytes = field.bytes().await.map_err(refused)?;
            parts.push(FilePart {
                field: name,
                filename,
                bytes,
            });
        } else {
            let text = field.text().await.map_err(refused)?;
            values.insert(name, text);
        }
    }
    if !token_checked {
        return Err(ErrorKind::FormExpired.into());
    }
    Ok((values, parts))
}
