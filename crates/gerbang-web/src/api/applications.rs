//! Applications through the API: submit, read, list one's own, and take workflow actions.
//! Each handler reads JSON, calls the function of [`crate::applications::service`] that the
//! HTML pages call, and writes JSON.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use gerbang_domain::form::FieldType;
use gerbang_store::applications as store;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::auth::rfc3339;
use crate::api::openapi::Problem;
use crate::api::services::{I18nText, Role};
use crate::api::{
    ApiError, Bearer, Refusal, fingerprint, idempotency_key, idempotent, json_body, meta,
    text_member,
};
use crate::applications::service::{self, Submission};
use crate::error::{AppError, ErrorKind, FieldProblem};
use crate::http::context::RequestCtx;

/// A new application.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewApplication {
    /// The slug of the service applied for.
    #[schema(example = "moving-certificate", min_length = 1)]
    pub service: String,
    /// Answers by form field name: text, numbers, `true`/`false` for checkboxes, and
    /// `{"upload": "<id>"}` for a file sent before with `POST /api/v1/uploads`.
    #[schema(value_type = Object, example = json!({
        "applicant_nik": "3374055202950003",
        "family_card_number": "3374051234560001",
        "destination_address": "Jl. Merdeka 1, RT 01/RW 02, Bandung",
        "reason": "work",
        "members_moving": 2,
        "moving_date": "2026-12-01",
        "phone": "081234567890"
    }))]
    pub data: serde_json::Map<String, serde_json::Value>,
}

/// Many applications in one request: each is filed on its own, in its own transaction,
/// and answered on its own.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(
    dead_code,
    reason = "the document's schema; the handler reads the JSON itself"
)]
pub struct BulkApplications {
    /// One to 100 applications.
    #[schema(min_items = 1, max_items = 100)]
    applications: Vec<BulkItem>,
}

/// One application of a bulk request.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code, reason = "the document's schema")]
pub struct BulkItem {
    /// The slug of the service applied for.
    #[schema(example = "moving-certificate", min_length = 1)]
    service: String,
    /// Answers by form field name, as in a single submission.
    #[schema(value_type = Object)]
    data: serde_json::Map<String, serde_json::Value>,
    /// Makes a retry of this item safe: the same key files nothing new and answers with the
    /// application filed the first time.
    #[schema(min_length = 1, max_length = 255, pattern = "^[!-~]+$")]
    idempotency_key: Option<String>,
}

/// What became of each application of a bulk request, in the order sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResults {
    /// Filed now.
    created: usize,
    /// Filed before under the same idempotency key.
    existing: usize,
    /// Refused.
    refused: usize,
    results: Vec<BulkResult>,
}

/// One application's answer: `201` filed (or `200` filed before, under the same key) with
/// its reference, or the refusal as a problem document (`422` with per-field `errors`).
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResult {
    /// Its position in the request, from 0.
    index: usize,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    application: Option<Submitted>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    problem: Option<serde_json::Value>,
}

/// A submitted application.
#[derive(Debug, Serialize, ToSchema)]
pub struct Submitted {
    /// The reference to quote, like `GRB-7K3F-9QXM-B`.
    #[schema(example = "GRB-7K3F-9QXM-B")]
    pub reference: String,
    /// The workflow state the application is in.
    #[schema(example = "submitted")]
    pub status: String,
    #[schema(format = DateTime)]
    pub submitted_at: String,
}

/// The address of an application in this API (its `Location`).
fn location(reference: &str) -> String {
    format!("/api/v1/applications/{reference}")
}

/// The `data` member of a body: the answers by field name (absent or null: none).
pub(super) fn data_member(
    body: &serde_json::Value,
    problems: &mut Vec<FieldProblem>,
) -> serde_json::Map<String, serde_json::Value> {
    match body.get("data") {
        None | Some(serde_json::Value::Null) => serde_json::Map::new(),
        Some(serde_json::Value::Object(map)) => map.clone(),
        Some(_) => {
            problems.push(FieldProblem::new("data", "api-error-not-object"));
            serde_json::Map::new()
        }
    }
}

/// Answers from JSON as the form would send them: text as is, numbers as written,
/// booleans as a ticked or unticked box, and `{"upload": "up_…"}` for a file sent before
/// (`POST /api/v1/uploads`), returned as (field, upload id). Other JSON types are refused
/// per field.
pub(super) fn form_values(
    data: &serde_json::Map<String, serde_json::Value>,
    problems: &mut Vec<FieldProblem>,
    uploads: &mut Vec<(String, String)>,
) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    for (name, v) in data {
        let text = match v {
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            serde_json::Value::Object(o)
                if o.len() == 1 && o.get("upload").is_some_and(serde_json::Value::is_string) =>
            {
                let uid = o.get("upload").and_then(|u| u.as_str()).unwrap_or_default();
                uploads.push((name.clone(), uid.to_owned()));
                continue;
            }
            serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                problems.push(FieldProblem::new(name, "api-error-not-scalar"));
                continue;
            }
        };
        values.insert(name.clone(), text);
    }
    values
}

/// Submit an application.
#[utoipa::path(
    post,
    path = "/api/v1/applications",
    tag = "applications",
    operation_id = "submitApplication",
    security(("bearer" = ["applications:submit"]), ("bearer" = ["cases:act"])),
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: the same key with the same body answers as the first request did, without filing again")),
    request_body(content = NewApplication, content_type = "application/json"),
    responses(
        (status = 201, description = "Filed", body = Submitted,
            headers(("Location" = String, description = "The application's address in this API"))),
        (status = 400, description = "The body is not JSON, or the idempotency key is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to file for this service, or the token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid answers, listed in `errors` (all at once), or an idempotency key reused with another body (`type` …/idempotency-key-reused)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Bearer { user, .. }: Bearer,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let body = json_body(&headers, &body)?;
    let request = fingerprint("POST", "/api/v1/applications", &body);
    let request_hash = super::request_hash(&request);
    if let Some(key) = &key
        && let Some(reply) = super::remembered(&state, user.id, key, &request_hash).await?
    {
        return Ok(submitted_response(reply));
    }
    let mut problems = Vec::new();
    if !body.is_object() {
        return Err(Refusal::NOT_OBJECT.into());
    }
    let slug = text_member(&body, "service", &mut problems);
    let data = data_member(&body, &mut problems);
    if slug.trim().is_empty() && problems.is_empty() {
        problems.push(required_member(
            "service",
            "the service's slug",
            "slug layanan",
        ));
    }
    let mut refs = Vec::new();
    let values = form_values(&data, &mut problems, &mut refs);
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems).into());
    }
    let (uploads, upload_rows) =
        gerbang_app::applications::uploads::resolve(&state, &user, &refs).await?;
    let submission = Submission {
        values,
        uploads,
        idempotency_key: key.clone(),
        on_behalf_of: None,
        remember: Some(service::Remember {
            request_hash: request_hash.clone(),
            body: submitted_body,
        }),
        with_draft_files: false,
    };
    let done = service::submit(&state, &user, slug.trim(), submission, &meta(&ctx, &user))
        .await
        .map_err(|e| match e {
            // The only thing submit looks up by the caller's word is the service.
            AppError::Kind(ErrorKind::NotFound) => AppError::Invalid(vec![FieldProblem::new(
                "service",
                "api-error-service-unknown",
            )]),
            other => other,
        })?;
    if done.created {
        gerbang_app::applications::uploads::used(&state, &upload_rows).await;
    }
    // Not created: a concurrent request with the same key won; answer as it did (or refuse
    // the key's reuse with another body).
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
    let reference = Some(location(&done.reference));
    Ok(reply.into_response_with(reference))
}

/// Submit many applications at once.
#[utoipa::path(
    post,
    path = "/api/v1/applications/bulk",
    tag = "applications",
    operation_id = "submitApplications",
    security(("bearer" = ["applications:submit"])),
    request_body(content = BulkApplications, content_type = "application/json"),
    responses(
        (status = 200, description = "Each application's own answer, in the order sent; some may be refused while others are filed. The body may be up to 2 MiB", body = BulkResults),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the scope, or the account may not apply", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than accepted", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`applications` is missing, empty, longer than 100 or not a list of objects, or an item is malformed (named in `errors` as `applications.N.member`): nothing is filed", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn submit_bulk(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Bearer { user, .. }: Bearer,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = json_body(&headers, &body)?;
    if !body.is_object() {
        return Err(Refusal::NOT_OBJECT.into());
    }
    crate::authz::check(
        Some(&user),
        crate::authz::Action::Apply,
        crate::authz::Resource::Platform,
    )?;
    let items = match body.get("applications") {
        Some(serde_json::Value::Array(items))
            if (1..=100).contains(&items.len()) && items.iter().all(|i| i.is_object()) =>
        {
            items.clone()
        }
        _ => {
            return Err(AppError::Invalid(vec![FieldProblem::new(
                "applications",
                "api-error-bulk-list",
            )])
            .into());
        }
    };
    // The shape of every item first: one malformed item refuses the whole request (422,
    // each problem named `applications.N.member`), before anything is filed.
    let mut shape = Vec::new();
    let mut parsed = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let mut problems = Vec::new();
        let slug = text_member(item, "service", &mut problems);
        let key = text_member(item, "idempotency_key", &mut problems);
        if slug.is_empty() && problems.is_empty() {
            problems.push(required_member(
                "service",
                "the service's slug",
                "slug layanan",
            ));
        }
        if item.get("idempotency_key").is_some_and(|k| !k.is_null())
            && (key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()))
        {
            problems.push(FieldProblem::new(
                "idempotency_key",
                "api-error-idempotency-key-malformed",
            ));
        }
        let data = match item.get("data") {
            Some(serde_json::Value::Object(map)) => map.clone(),
            _ => {
                problems.push(FieldProblem::new("data", "api-error-not-object"));
                serde_json::Map::new()
            }
        };
        for mut p in problems {
            p.field = format!("applications.{index}.{}", p.field);
            shape.push(p);
        }
        parsed.push((slug, key, data));
    }
    if !shape.is_empty() {
        return Err(AppError::Invalid(shape).into());
    }
    let mut results = Vec::with_capacity(items.len());
    let (mut created, mut existing, mut refused) = (0, 0, 0);
    for (index, (slug, key, data)) in parsed.into_iter().enumerate() {
        let key = key.trim();
        let mut problems = Vec::new();
        let mut refs = Vec::new();
        let values = form_values(&data, &mut problems, &mut refs);
        let resolved = if problems.is_empty() {
            match gerbang_app::applications::uploads::resolve(&state, &user, &refs).await {
                Ok(r) => Some(r),
                Err(AppError::Invalid(p)) => {
                    problems = p;
                    None
                }
                Err(e) => return Err(e.into()),
            }
        } else {
            None
        };
        let (uploads, upload_rows) = resolved.unwrap_or_default();
        let outcome = if problems.is_empty() {
            let submission = Submission {
                values,
                uploads,
                idempotency_key: (!key.is_empty()).then(|| key.to_owned()),
                on_behalf_of: None,
                remember: None,
                with_draft_files: false,
            };
            service::submit(&state, &user, slug.trim(), submission, &meta(&ctx, &user))
                .await
                .map_err(|e| match e {
                    AppError::Kind(ErrorKind::NotFound) => {
                        AppError::Invalid(vec![FieldProblem::new(
                            "service",
                            "api-error-service-unknown",
                        )])
                    }
                    other => other,
                })
        } else {
            Err(AppError::Invalid(problems))
        };
        if let Ok(done) = &outcome
            && done.created
        {
            gerbang_app::applications::uploads::used(&state, &upload_rows).await;
        }
        results.push(match outcome {
            Ok(done) => {
                let status = if done.created {
                    created += 1;
                    StatusCode::CREATED
                } else {
                    existing += 1;
                    StatusCode::OK
                };
                BulkResult {
                    index,
                    status: status.as_u16(),
                    location: Some(location(&done.reference)),
                    application: Some(Submitted {
                        reference: done.reference,
                        status: done.status,
                        submitted_at: rfc3339(done.submitted_at),
                    }),
                    problem: None,
                }
            }
            Err(e @ (AppError::Invalid(_) | AppError::Kind(_))) => {
                refused += 1;
                let (kind, problems) = match e {
                    AppError::Invalid(p) => (ErrorKind::Unprocessable, p),
                    AppError::Kind(k) => (k, Vec::new()),
                    _ => (ErrorKind::Internal, Vec::new()),
                };
                BulkResult {
                    index,
                    status: crate::error::status(kind).as_u16(),
                    application: None,
                    location: None,
                    problem: Some(super::item_problem(&ctx, kind, &problems)),
                }
            }
            // An outage or a bug stops the request: what was filed stays filed, and the
            // client retries with the same keys.
            Err(e) => return Err(e.into()),
        });
    }
    Ok(Json(BulkResults {
        created,
        existing,
        refused,
        results,
    })
    .into_response())
}

/// A remembered answer to a submission, with the application's address.
pub(super) fn submitted_response(reply: super::Reply) -> Response {
    let reference = reply
        .body
        .get("reference")
        .and_then(|r| r.as_str())
        .map(location);
    reply.into_response_with(reference)
}

/// The body of a 201 answer to a submission.
pub(super) fn submitted_body(done: &service::Submitted) -> serde_json::Value {
    serde_json::json!(Submitted {
        reference: done.reference.clone(),
        status: done.status.clone(),
        submitted_at: rfc3339(done.submitted_at),
    })
}

/// The service an application was filed under.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceRef {
    pub slug: String,
    pub name: I18nText,
    /// The version of the definition the application was filed under.
    pub version: i32,
}

/// An action the caller may take now.
#[derive(Debug, Serialize, ToSchema)]
pub struct AvailableAction {
    #[schema(example = "accept")]
    pub action: String,
    pub requires_comment: bool,
}

/// One entry of the timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntry {
    #[schema(format = DateTime)]
    pub at: String,
    /// `submit`, `resubmit` or a workflow action.
    pub action: String,
    /// Who acted: `applicant`, `officer` or `supervisor`.
    pub actor_role: String,
    pub from_status: Option<String>,
    pub to_status: String,
    /// The explanation given to the applicant.
    pub comment: Option<String>,
}

/// An uploaded document (download it through the web pages).
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentInfo {
    pub id: i64,
    /// The form field it answers.
    pub field: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// Which submission of the application it came with (1 = the first).
    pub revision: i32,
}

/// An application as its applicant or the agency's staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationDetail {
    #[schema(example = "GRB-7K3F-9QXM-B")]
    pub reference: String,
    pub service: ServiceRef,
    /// The workflow state.
    #[schema(example = "in_review")]
    pub status: String,
    pub status_label: I18nText,
    /// True when the case is decided.
    pub decided: bool,
    /// True when filed by an officer at a counter on the applicant's behalf.
    pub assisted: bool,
    #[schema(format = DateTime)]
    pub submitted_at: Option<String>,
    #[schema(format = DateTime)]
    pub updated_at: String,
    /// When the agency should have decided (or the applicant corrected), `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub due_date: Option<String>,
    /// The normalised answers, by field name.
    #[schema(value_type = Object)]
    pub data: serde_json::Map<String, serde_json::Value>,
    /// What the caller may do now through `POST .../actions`.
    pub actions: Vec<AvailableAction>,
    /// The roles the caller acts in on this application.
    pub roles: Vec<Role>,
    pub timeline: Vec<TimelineEntry>,
    pub attachments: Vec<AttachmentInfo>,
}

/// One application: its applicant's, or one the caller works on as staff.
#[utoipa::path(
    get,
    path = "/api/v1/applications/{reference}",
    tag = "applications",
    operation_id = "getApplication",
    security(("bearer" = ["applications:read"]), ("bearer" = ["cases:read"])),
    params(("reference" = String, Path, description = "The application's reference", example = "GRB-7K3F-9QXM-B")),
    responses(
        (status = 200, description = "The application (staff reads are recorded in the audit log)", body = ApplicationDetail),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn detail(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Bearer { user, .. }: Bearer,
    Path(reference): Path<String>,
) -> Result<Json<ApplicationDetail>, ApiError> {
    let view = service::open(&state, &user, &reference, &meta(&ctx, &user)).await?;
    let events = store::events(&state.db, view.case.id).await?;
    let attachments = store::attachments(&state.db, view.case.id).await?;
    let wf = &view.def.workflow;
    let status_label = wf.state(&view.case.status).map_or_else(
        || I18nText {
            en: view.case.status.clone(),
            id: view.case.status.clone(),
        },
        |s| (&s.label).into(),
    );
    let actions = view
        .actions()
        .into_iter()
        .filter(|t| !t.resubmission)
        .map(|t| AvailableAction {
            action: t.action.clone(),
            requires_comment: t.requires_comment,
        })
        .collect();
    let case = &view.case;
    let data = view.data.clone();
    Ok(Json(ApplicationDetail {
        reference: case.reference.clone(),
        service: ServiceRef {
            slug: view.service.slug.clone(),
            name: (&view.def.name).into(),
            version: case.service_version,
        },
        status: case.status.clone(),
        status_label,
        decided: wf.is_terminal(&case.status),
        assisted: case.assisted,
        submitted_at: case.submitted_at.map(rfc3339),
        updated_at: rfc3339(case.updated_at),
        due_date: case.due_date.map(|d| d.to_string()),
        data,
        actions,
        roles: view.roles.iter().map(|r| (*r).into()).collect(),
        // The applicant never reads staff notes or comments between staff.
        timeline: events
            .into_iter()
            .filter(|e| view.staff_reader || !e.is_note())
            .map(|e| TimelineEntry {
                at: rfc3339(e.at),
                comment: e.comment.filter(|_| view.staff_reader || !e.internal),
                action: e.action,
                actor_role: e.actor_role,
                from_status: e.from_status,
                to_status: e.to_status,
            })
            .collect(),
        attachments: attachments
            .into_iter()
            .filter(|a| {
                view.def
                    .form
                    .fields
                    .iter()
                    .any(|f| f.name == a.field && f.kind == FieldType::File)
            })
            .map(|a| AttachmentInfo {
                id: a.id,
                field: a.field,
                filename: a.filename,
                content_type: a.content_type,
                size_bytes: a.size_bytes,
                revision: a.revision,
            })
            .collect(),
    }))
}

/// An application as listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationSummary {
    #[schema(example = "GRB-7K3F-9QXM-B")]
    pub reference: String,
    /// The service's slug.
    pub service: String,
    pub service_name: I18nText,
    #[schema(example = "submitted")]
    pub status: String,
    #[schema(format = DateTime)]
    pub submitted_at: Option<String>,
    #[schema(format = Date)]
    pub due_date: Option<String>,
}

/// The caller's applications.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationList {
    pub items: Vec<ApplicationSummary>,
}

/// Paging of a list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// How many to return, newest first (1 to 200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

/// The caller's own applications, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/applications",
    tag = "applications",
    operation_id = "listMyApplications",
    security(("bearer" = ["applications:read"])),
    params(ListQuery),
    responses(
        (status = 200, description = "The caller's applications", body = ApplicationList),
        (status = 400, description = "A query parameter is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Bearer { user, .. }: Bearer,
    Query(q): Query<ListQuery>,
) -> Result<Json<ApplicationList>, ApiError> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(AppError::Kind(ErrorKind::BadRequest).into());
    }
    crate::authz::check(
        Some(&user),
        crate::authz::Action::ListOwn,
        crate::authz::Resource::Platform,
    )?;
    let rows = store::of_applicant(&state.db, user.id, limit).await?;
    Ok(Json(ApplicationList {
        items: rows
            .into_iter()
            .map(|r| ApplicationSummary {
                reference: r.case.reference,
                service: r.service_slug,
                service_name: I18nText {
                    en: r.service_name_en,
                    id: r.service_name_id,
                },
                status: r.case.status,
                submitted_at: r.case.submitted_at.map(rfc3339),
                due_date: r.case.due_date.map(|d| d.to_string()),
            })
            .collect(),
    }))
}

/// A workflow action to take.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ActionRequest {
    /// One of the application's `actions`, such as `accept` or `request_correction`.
    #[schema(example = "accept", min_length = 1)]
    pub action: String,
    /// The explanation for the applicant; required by some actions.
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

/// The state an action led to.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionDone {
    #[schema(example = "GRB-7K3F-9QXM-B")]
    pub reference: String,
    pub action: String,
    /// The new workflow state.
    #[schema(example = "in_review")]
    pub status: String,
}

/// Take a workflow action on an application.
#[utoipa::path(
    post,
    path = "/api/v1/applications/{reference}/actions",
    tag = "applications",
    operation_id = "actOnApplication",
    security(("bearer" = ["applications:submit"]), ("bearer" = ["cases:act"])),
    params(
        ("reference" = String, Path, description = "The application's reference", example = "GRB-7K3F-9QXM-B"),
        ("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: the same key with the same body answers as the first request did, without acting again"),
    ),
    request_body(content = ActionRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Done; the applicant is notified", body = ActionDone),
        (status = 400, description = "The body is not JSON, or the idempotency key is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The action is not for the caller's role, or the token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The action is not possible in the application's current state (or it changed meanwhile); nothing was changed", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A required comment is missing or too long, or an idempotency key reused with another body", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn act(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Bearer { user, .. }: Bearer,
    Path(reference): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let body = json_body(&headers, &body)?;
    let path = format!("/api/v1/applications/{reference}/actions");
    let request = fingerprint("POST", &path, &body);
    let reply = idempotent(&state, user.id, key.as_deref(), &request, || async {
        if !body.is_object() {
            return Err(Refusal::NOT_OBJECT.into());
        }
        let mut problems = Vec::new();
        let action = text_member(&body, "action", &mut problems);
        let comment = text_member(&body, "comment", &mut problems);
        if action.trim().is_empty() && problems.is_empty() {
            problems.push(required_member("action", "the action", "tindakan"));
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems).into());
        }
        let status = service::act(
            &state,
            &user,
            &reference,
            action.trim(),
            Some(&comment),
            &meta(&ctx, &user),
        )
        .await?;
        let done = ActionDone {
            reference: reference.clone(),
            action: action.trim().to_owned(),
            status,
        };
        let body = serde_json::to_value(done)
            .map_err(|e| AppError::Internal(format!("serialising an action: {e}")))?;
        Ok((StatusCode::OK, body))
    })
    .await?;
    Ok(reply.into_response_with(None))
}

/// A required member of a JSON body left out, named in both languages.
fn required_member(member: &str, en: &str, id: &str) -> FieldProblem {
    let mut p = FieldProblem::about(
        member,
        "field-error-required",
        gerbang_domain::i18n::Text {
            en: en.into(),
            id: id.into(),
        },
    );
    p.args.push(("kind", "text".into()));
    p
}

/// A corrected application.
#[derive(Debug, Deserialize, ToSchema)]
pub struct Correction {
    /// Every answer again, as when filing (files as `{"upload": "<id>"}`; a file on the
    /// application counts as given unless replaced).
    #[schema(value_type = Object)]
    pub data: serde_json::Map<String, serde_json::Value>,
}

/// The application after a correction.
#[derive(Debug, Serialize, ToSchema)]
pub struct Resubmitted {
    pub reference: String,
    /// The workflow state it went back to.
    #[schema(example = "submitted")]
    pub status: String,
}

/// Send the corrections an officer asked for: the applicant's move out of a
/// "needs correction" state, with the answers again.
#[utoipa::path(
    post,
    path = "/api/v1/applications/{reference}/resubmission",
    tag = "applications",
    operation_id = "resubmitApplication",
    security(("bearer" = ["applications:submit"])),
    params(("reference" = String, Path, description = "The application's reference", example = "GRB-7K3F-9QXM-B")),
    request_body(content = Correction, content_type = "application/json"),
    responses(
        (status = 200, description = "Sent back to the agency; the officer is notified", body = Resubmitted),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The application is not waiting for a correction", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid answers, listed in `errors` (all at once)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn resubmit(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Bearer { user, .. }: Bearer,
    Path(reference): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = json_body(&headers, &body)?;
    if !body.is_object() {
        return Err(Refusal::NOT_OBJECT.into());
    }
    // Someone else's application, or none: 404 before anything about the answers.
    let view = service::load_for(&state, &user, &reference).await?;
    if !view.is_applicant() {
        return Err(AppError::NOT_FOUND.into());
    }
    let mut problems = Vec::new();
    let data = data_member(&body, &mut problems);
    let mut refs = Vec::new();
    let values = form_values(&data, &mut problems, &mut refs);
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems).into());
    }
    let (uploads, upload_rows) =
        gerbang_app::applications::uploads::resolve(&state, &user, &refs).await?;
    let submission = Submission {
        values,
        uploads,
        ..Submission::default()
    };
    let status =
        service::resubmit(&state, &user, &reference, submission, &meta(&ctx, &user)).await?;
    gerbang_app::applications::uploads::used(&state, &upload_rows).await;
    Ok(Json(Resubmitted { reference, status }).into_response())
}
