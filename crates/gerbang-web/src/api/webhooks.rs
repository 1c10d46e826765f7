//! `/api/v1/webhooks`: a business registers endpoints for its applications' events
//! (Standard Webhooks), lists them, reads each one's deliveries, switches them on and off,
//! removes them and asks for a message again. The operations are in
//! [`gerbang_app::webhooks`].

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use gerbang_app::webhooks::{self as service, NewEndpoint};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::api::openapi::Problem;
use crate::api::{ApiError, Bearer, Refusal, json_body, meta, text_member};
use crate::error::{AppError, FieldProblem};
use crate::http::context::RequestCtx;

/// A new endpoint.
#[derive(Debug, ToSchema)]
#[allow(
    dead_code,
    reason = "the document's schema; the handler reads the JSON itself"
)]
pub struct NewWebhookEndpoint {
    /// Where to post: `https://`, with no user name or password in it. (A test install may
    /// also allow `http://` and private addresses.)
    #[schema(
        example = "https://erp.maju-jaya.co.id/hooks/gerbang",
        max_length = 2000,
        pattern = r"^https://[A-Za-z0-9._~%!$&'()*+,;=:\[\]-]+([/?#][!-~]*)?$"
    )]
    url: String,
    /// A note for yourself.
    #[schema(example = "ERP production", max_length = 200)]
    description: Option<String>,
    /// The events to send; left out or empty: all of them.
    #[schema(example = json!(["application.status_changed", "document.issued"]))]
    event_types: Option<Vec<EventTypeName>>,
}

/// An event type.
#[derive(Debug, ToSchema)]
#[allow(dead_code, reason = "the document's schema")]
#[schema(as = EventType)]
pub enum EventTypeName {
    #[schema(rename = "application.status_changed")]
    StatusChanged,
    #[schema(rename = "application.correction_requested")]
    CorrectionRequested,
    #[schema(rename = "invoice.issued")]
    InvoiceIssued,
    #[schema(rename = "payment.received")]
    PaymentReceived,
    #[schema(rename = "document.issued")]
    DocumentIssued,
}

/// An endpoint.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEndpoint {
    #[schema(example = "ep_5f1c2a9be07d4c11a3e2f0b9")]
    id: String,
    url: String,
    description: String,
    event_types: Vec<String>,
    /// Switched off endpoints get nothing; `disabled_reason` says why.
    enabled: bool,
    /// `failing` (five messages in a row failed every try) or `owner`.
    #[serde(skip_serializing_if = "Option::is_none")]
    disabled_reason: Option<String>,
    #[schema(example = "2026-12-07T03:04:05Z")]
    created_at: String,
}

impl From<service::Endpoint> for WebhookEndpoint {
    fn from(e: service::Endpoint) -> Self {
        WebhookEndpoint {
            id: e.id,
            url: e.url,
            description: e.description,
            event_types: e.event_types,
            enabled: e.enabled,
            disabled_reason: e.disabled_reason,
            created_at: crate::api::auth::rfc3339(e.created_at),
        }
    }
}

/// A new endpoint and its signing secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegisteredWebhookEndpoint {
    #[serde(flatten)]
    endpoint: WebhookEndpoint,
    /// Verifies the `webhook-signature` header: keep it, it is not shown again.
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    secret: String,
}

/// Your endpoints.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEndpointList {
    endpoints: Vec<WebhookEndpoint>,
}

/// One attempt at delivering a message.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookAttempt {
    at: String,
    /// The receiver's HTTP status; absent when it could not be reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    duration_ms: i32,
    /// You asked for it again.
    manual: bool,
}

/// One message and its attempts.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookMessage {
    /// The `webhook-id` header.
    #[schema(example = "msg_2b7e151628aed2a6abf71589")]
    id: String,
    event_type: String,
    created_at: String,
    /// `pending`, `delivered` or `failed`.
    status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_attempt_at: Option<String>,
    attempts: Vec<WebhookAttempt>,
    /// The body as sent: `type`, `timestamp` and `data`.
    #[schema(value_type = Object)]
    payload: serde_json::Value,
}

/// An endpoint and its latest messages, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEndpointDetail {
    endpoint: WebhookEndpoint,
    messages: Vec<WebhookMessage>,
}

fn string_list(
    body: &serde_json::Value,
    name: &str,
    problems: &mut Vec<FieldProblem>,
) -> Vec<String> {
    match body.get(name) {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(serde_json::Value::Array(items)) => {
            let out: Vec<String> = items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            if out.len() != items.len() {
                problems.push(FieldProblem::new(name, "api-error-not-text"));
            }
            out
        }
        Some(_) => {
            problems.push(FieldProblem::new(name, "api-error-not-list"));
            Vec::new()
        }
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/webhooks",
    tag = "webhooks",
    operation_id = "createWebhookEndpoint",
    security(("bearer" = ["applications:submit"])),
    request_body(content = NewWebhookEndpoint, content_type = "application/json"),
    responses(
        (status = 201, description = "Registered; the secret is in this answer only", body = RegisteredWebhookEndpoint),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A staff account, or the token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already ten endpoints", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than accepted", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The address, description or event types are refused, listed in `errors`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
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
    let mut problems = Vec::new();
    let url = text_member(&body, "url", &mut problems);
    let description = text_member(&body, "description", &mut problems);
    let event_types = string_list(&body, "event_types", &mut problems);
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems).into());
    }
    let done = service::register(
        &state,
        &user,
        &NewEndpoint {
            url,
            description,
            event_types,
        },
        &meta(&ctx, &user),
    )
    .await?;
    let body = RegisteredWebhookEndpoint {
        endpoint: done.endpoint.into(),
        secret: done.secret,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/webhooks",
    tag = "webhooks",
    operation_id = "listWebhookEndpoints",
    security(("bearer" = ["applications:submit"])),
    responses(
        (status = 200, description = "Your endpoints, newest first", body = WebhookEndpointList),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A staff account, or the token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Bearer { user, .. }: Bearer,
) -> Result<Json<WebhookEndpointList>, ApiError> {
    let endpoints = service::list(&state, &user)
        .await?
        .into_iter()
        .map(WebhookEndpoint::from)
        .collect();
    Ok(Json(WebhookEndpointList { endpoints }))
}

#[utoipa::path(
    get,
    path = "/api/v1/webhooks/{id}",
    tag = "webhooks",
    operation_id = "getWebhookEndpoint",
    security(("bearer" = ["applications:submit"])),
    params(("id" = String, Path, description = "The endpoint's id")),
    responses(
        (status = 200, description = "The endpoint and its latest 50 messages with every attempt", body = WebhookEndpointDetail),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A staff account, or the token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint of yours", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn detail(
    State(state): State<AppState>,
    Bearer { user, .. }: Bearer,
    Path(id): Path<String>,
) -> Result<Json<WebhookEndpointDetail>, ApiError> {
    let (endpoint, messages) = service::deliveries(&state, &user, &id).await?;
    let messages = messages
        .into_iter()
        .map(|m| WebhookMessage {
            id: m.id,
            event_type: m.event_type,
            created_at: crate::api::auth::rfc3339(m.created_at),
            status: m.status.to_owned(),
            next_attempt_at: m.next_attempt_at.map(crate::api::auth::rfc3339),
            attempts: m
                .attempts
                .into_iter()
                .map(|a| WebhookAttempt {
                    at: crate::api::auth::rfc3339(a.at),
                    status: a.status,
                    error: a.error,
                    duration_ms: a.duration_ms,
                    manual: a.manual,
                })
                .collect(),
            payload: m.payload,
        })
        .collect();
    Ok(Json(WebhookEndpointDetail {
        endpoint: endpoint.into(),
        messages,
    }))
}

#[utoipa::path(
    delete,
    path = "/api/v1/webhooks/{id}",
    tag = "webhooks",
    operation_id = "deleteWebhookEndpoint",
    security(("bearer" = ["applications:submit"])),
    params(("id" = String, Path, description = "The endpoint's id")),
    responses(
        (status = 204, description = "Removed; its pending messages are not delivered"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A staff account, or the token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint of yours", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Bearer { user, .. }: Bearer,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    service::remove(&state, &user, &id, &meta(&ctx, &user)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn switch(
    state: &AppState,
    ctx: &RequestCtx,
    user: &gerbang_app::user::SessionUser,
    id: &str,
    on: bool,
) -> Result<Json<WebhookEndpoint>, ApiError> {
    let e = service::set_enabled(state, user, id, on, &meta(ctx, user)).await?;
    Ok(Json(e.into()))
}

#[utoipa::path(
    post,
    path = "/api/v1/webhooks/{id}/enable",
    tag = "webhooks",
    operation_id = "enableWebhookEndpoint",
    security(("bearer" = ["applications:submit"])),
    params(("id" = String, Path, description = "The endpoint's id")),
    responses(
        (status = 200, description = "Switched on; its count of failures starts again", body = WebhookEndpoint),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A staff account, or the token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint of yours", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn enable(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Bearer { user, .. }: Bearer,
    Path(id): Path<String>,
) -> Result<Json<WebhookEndpoint>, ApiError> {
    switch(&state, &ctx, &user, &id, true).await
}

#[utoipa::path(
    post,
    path = "/api/v1/webhooks/{id}/disable",
    tag = "webhooks",
    operation_id = "disableWebhookEndpoint",
    security(("bearer" = ["applications:submit"])),
    params(("id" = String, Path, description = "The endpoint's id")),
    responses(
        (status = 200, description = "Switched off: nothing is sent until it is switched on", body = WebhookEndpoint),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A staff account, or the token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint of yours", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn disable(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Bearer { user, .. }: Bearer,
    Path(id): Path<String>,
) -> Result<Json<WebhookEndpoint>, ApiError> {
    switch(&state, &ctx, &user, &id, false).await
}

#[utoipa::path(
    post,
    path = "/api/v1/webhooks/{id}/messages/{message}/redeliver",
    tag = "webhooks",
    operation_id = "redeliverWebhookMessage",
    security(("bearer" = ["applications:submit"])),
    params(
        ("id" = String, Path, description = "The endpoint's id"),
        ("message" = String, Path, description = "The message's id (its `webhook-id` header)"),
    ),
    responses(
        (status = 202, description = "Queued: it is sent again within seconds, once"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A staff account, or the token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint or message of yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The endpoint is switched off: switch it on first", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn redeliver(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Bearer { user, .. }: Bearer,
    Path((id, message)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    service::redeliver(&state, &user, &id, &message, &meta(&ctx, &user)).await?;
    Ok(StatusCode::ACCEPTED)
}
