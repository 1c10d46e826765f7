//! `POST /api/v1/uploads`: a file sent ahead of the application that refers to it
//! (`{"upload": "up_…"}` as the file field's answer). See
//! [`gerbang_app::applications::uploads`].

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::api::auth::rfc3339;
use crate::api::openapi::Problem;
use crate::api::{ApiError, Bearer};
use crate::error::{AppError, FieldProblem};

/// Largest file accepted, in bytes (a service's own limit per field applies on filing).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// The multipart form: one part, `file`.
#[derive(Debug, ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The file (PDF, JPG or PNG: judged by its content when the application is filed);
    /// not empty.
    #[schema(value_type = String, format = Binary, min_length = 1)]
    file: Vec<u8>,
}

/// A stored upload.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadInfo {
    /// Give it as a file field's answer: `{"upload": "<id>"}`.
    #[schema(example = "up_3q2Fh0kQ9yV1sXb8Lr5tNw7c")]
    pub id: String,
    pub filename: String,
    /// `pdf`, `jpg` or `png` as judged from the content; null when none of them.
    pub kind: Option<String>,
    pub size_bytes: i64,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// When it is removed if no application used it (RFC 3339).
    pub expires_at: String,
}

/// Send a file for an application filed next.
#[utoipa::path(
    post,
    path = "/api/v1/uploads",
    tag = "applications",
    operation_id = "uploadFile",
    security(("bearer" = ["applications:submit"])),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored for 24 hours; used by one application, then forgotten", body = UploadInfo),
        (status = 400, description = "Not a multipart form with one `file` part and nothing else", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A staff account, or the token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than 20 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not `multipart/form-data`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file is empty", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Bearer { user, .. }: Bearer,
    mut form: Multipart,
) -> Result<Response, ApiError> {
    let bad = || ApiError::from(AppError::Kind(gerbang_app::ErrorKind::BadRequest));
    let mut file = None;
    while let Some(part) = form.next_field().await.map_err(|_| bad())? {
        // One part, `file`: another part, or a second file, is refused (the document
        // declares no other).
        if part.name() != Some("file") || file.is_some() {
            return Err(bad());
        }
        let name = part.file_name().unwrap_or("upload").to_owned();
        let bytes = part.bytes().await.map_err(|_| bad())?;
        file = Some((name, bytes));
    }
    let Some((name, bytes)) = file else {
        return Err(
            AppError::Invalid(vec![FieldProblem::new("file", "api-error-upload-empty")]).into(),
        );
    };
    let row = gerbang_app::applications::uploads::create(&state, &user, &name, bytes).await?;
    let info = UploadInfo {
        id: row.uid,
        filename: row.filename,
        kind: row.sniffed_kind,
        size_bytes: row.size_bytes,
        sha256: row.sha256,
        expires_at: rfc3339(row.created_at + gerbang_app::applications::uploads::KEPT_FOR),
    };
    Ok((StatusCode::CREATED, Json(info)).into_response())
}
