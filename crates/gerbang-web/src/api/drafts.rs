//! Drafts through the API: a business keeps answers on the way to an application, completes
//! them over several calls, and files the draft when it is whole. A draft is one per account
//! and service, the same the website's "Save as draft" keeps, so either can finish it.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::applications::{data_member, form_values, submitted_body, submitted_response};
use crate::api::auth::rfc3339;
use crate::api::openapi::Problem;
use crate::api::services::I18nText;
use crate::api::{ApiError, Bearer, Refusal, fingerprint, idempotency_key, json_body, meta};
use crate::applications::service::{self, SavedDraft, Submission};
use crate::error::AppError;
use crate::http::context::RequestCtx;

/// One answer: text, a number, `true`/`false` for a tick box, or a file sent before with
/// `POST /api/v1/uploads`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
#[allow(
    dead_code,
    reason = "the document's schema; the handler reads the JSON itself"
)]
pub enum Answer {
    Text(String),
    Number(f64),
    Flag(bool),
    File(FileRef),
}

/// A file sent before with `POST /api/v1/uploads`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "the document's schema")]
pub struct FileRef {
    #[schema(example = "up_3b1f0c9e7a2d4c58")]
    upload: String,
}

/// The answers to keep. They replace the draft's answers; a file replaces the draft's
/// file for its field, and files of other fields stay. Names that are not fields of the
/// service's form are left out.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(
    dead_code,
    reason = "the document's schema; the handler reads the JSON itself"
)]
pub struct DraftAnswers {
    #[schema(example = json!({"applicant_nik": "3374055202950003", "full_name": "Siti Rahayu"}))]
    data: BTreeMap<String, Answer>,
}

/// A saved draft.
#[derive(Debug, Serialize, ToSchema)]
pub struct Draft {
    /// The slug of the service.
    #[schema(example = "certificate-of-domicile")]
    service: String,
    #[schema(format = DateTime)]
    saved_at: String,
    /// The answers as they were sent, as text. A draft saved on the website holds a date
    /// as its three boxes, `name-day`, `name-month` and `name-year`.
    #[schema(example = json!({"applicant_nik": "3374055202950003", "full_name": "Siti Rahayu"}))]
    data: BTreeMap<String, String>,
    /// Files kept with the draft.
    files: Vec<DraftFile>,
}

/// A file kept with a draft.
#[derive(Debug, Serialize, ToSchema)]
pub struct DraftFile {
    /// The form field it answers.
    field: String,
    filename: String,
    size_bytes: i64,
}

/// One of the caller's drafts.
#[derive(Debug, Serialize, ToSchema)]
pub struct DraftSummary {
    #[schema(example = "certificate-of-domicile")]
    service: String,
    /// The service's name in both languages.
    name: I18nText,
    #[schema(format = DateTime)]
    saved_at: String,
}

/// The caller's drafts, most recently saved first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DraftList {
    drafts: Vec<DraftSummary>,
}

impl From<SavedDraft> for Draft {
    fn from(d: SavedDraft) -> Draft {
        Draft {
            service: d.service_slug,
            saved_at: rfc3339(d.saved_at),
            data: d.values,
            files: d
                .files
                .into_iter()
                .map(|f| DraftFile {
                    field: f.field,
                    filename: f.filename,
                    size_bytes: f.size_bytes,
                })
                .collect(),
        }
    }
}

/// List the caller's drafts.
#[utoipa::path(
    get,
    path = "/api/v1/drafts",
    tag = "drafts",
    operation_id = "listDrafts",
    security(("bearer" = ["applications:read"])),
    responses(
        (status = 200, description = "The caller's drafts", body = DraftList),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Bearer { user, .. }: Bearer,
) -> Result<Response, ApiError> {
    let drafts = service::drafts(&state, &user)
        .await?
        .into_iter()
        .map(|d| DraftSummary {
            service: d.service_slug,
            name: I18nText {
                en: d.service_name_en,
                id: d.service_name_id,
            },
            saved_at: rfc3339(d.updated_at),
        })
        .collect();
    Ok(Json(DraftList { drafts }).into_response())
}

/// Read the caller's draft of a service.
#[utoipa::path(
    get,
    path = "/api/v1/drafts/{service}",
    tag = "drafts",
    operation_id = "getDraft",
    security(("bearer" = ["applications:read"])),
    params(("service" = String, Path, description = "The slug of the service")),
    responses(
        (status = 200, description = "The draft", body = Draft),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service, or no draft of it", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn detail(
    State(state): State<AppState>,
    Bearer { user, .. }: Bearer,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let draft = service::saved_draft(&state, &user, &slug).await?;
    Ok(Json(Draft::from(draft)).into_response())
}

/// Save answers as the caller's draft of a service.
#[utoipa::path(
    put,
    path = "/api/v1/drafts/{service}",
    tag = "drafts",
    operation_id = "saveDraft",
    security(("bearer" = ["applications:submit"])),
    params(("service" = String, Path, description = "The slug of the service")),
    request_body(content = DraftAnswers, content_type = "application/json"),
    responses(
        (status = 200, description = "Saved; the draft as it now is", body = Draft),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A staff account, or the token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The answers are larger than 256 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The body is not an object, an answer is a list or an object other than a file reference, or names an upload the caller does not have", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn save(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Bearer { user, .. }: Bearer,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = json_body(&headers, &body)?;
    if !body.is_object() {
        return Err(Refusal::NOT_OBJECT.into());
    }
    // An unknown service: 404 before anything about the answers.
    service::current_service(&state, &slug).await?;
    let mut problems = Vec::new();
    let data = data_member(&body, &mut problems);
    let mut refs = Vec::new();
    let values = form_values(&data, &mut problems, &mut refs);
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems).into());
    }
    let (uploads, upload_rows) =
        gerbang_app::applications::uploads::resolve(&state, &user, &refs).await?;
    service::save_draft(&state, &user, &slug, &values, &uploads, &meta(&ctx, &user)).await?;
    gerbang_app::applications::uploads::used(&state, &upload_rows).await;
    let draft = service::saved_draft(&state, &user, &slug).await?;
    Ok(Json(Draft::from(draft)).into_response())
}

/// Throw the caller's draft of a service away, with its files.
#[utoipa::path(
    delete,
    path = "/api/v1/drafts/{service}",
    tag = "drafts",
    operation_id = "deleteDraft",
    security(("bearer" = ["applications:submit"])),
    params(("service" = String, Path, description = "The slug of the service")),
    responses(
        (status = 204, description = "Thrown away"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service, or no draft of it", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Bearer { user, .. }: Bearer,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    service::saved_draft(&state, &user, &slug).await?;
    service::discard_draft(&state, &user, &slug, &meta(&ctx, &user)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// File the caller's draft of a service as an application.
#[utoipa::path(
    post,
    path = "/api/v1/drafts/{service}/submission",
    tag = "drafts",
    operation_id = "submitDraft",
    security(("bearer" = ["applications:submit"])),
    params(
        ("service" = String, Path, description = "The slug of the service"),
        ("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: a retry with the same key answers as the first request did, even once the draft has become the application"),
    ),
    responses(
        (status = 201, description = "Filed; the draft is gone", body = crate::api::applications::Submitted,
            headers(("Location" = String, description = "The application's address in this API"))),
        (status = 400, description = "The idempotency key is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to file for this service, or the token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service, or no draft of it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The draft is not complete: what is missing or wrong, listed in `errors` (all at once); the draft is kept", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Bearer { user, .. }: Bearer,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let path = format!("/api/v1/drafts/{slug}/submission");
    let request_hash = super::request_hash(&fingerprint("POST", &path, &serde_json::Value::Null));
    if let Some(key) = &key
        && let Some(reply) = super::remembered(&state, user.id, key, &request_hash).await?
    {
        return Ok(submitted_response(reply));
    }
    let draft = service::saved_draft(&state, &user, &slug).await?;
    let submission = Submission {
        values: draft.values,
        uploads: Vec::new(),
        idempotency_key: key.clone(),
        on_behalf_of: None,
        remember: Some(service::Remember {
            request_hash: request_hash.clone(),
            body: submitted_body,
        }),
        with_draft_files: true,
    };
    let done = service::submit(&state, &user, &slug, submission, &meta(&ctx, &user)).await?;
    if !done.created
        && let Some(key) = &key
        && let Some(reply) = super::remembered(&state, user.id, key, &request_hash).await?
    {
        return Ok(submitted_response(reply));
    }
    let reply = super::Reply {
        status: StatusCode::CREATED,
        body: submitted_body(&done),
        replayed: !done.created,
    };
    Ok(reply.into_response_with(Some(format!("/api/v1/applications/{}", done.reference))))
}
