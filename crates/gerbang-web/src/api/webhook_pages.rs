//! The account's webhook pages (HTML): register an endpoint (the secret is shown once), see
//! each endpoint's messages and every attempt, ask for a message again, switch an endpoint
//! on or off, remove it. They live beside the API they mirror; the operations are in
//! [`gerbang_app::webhooks`].

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_app::webhooks::{self as service, Delivery, Endpoint, NewEndpoint};
use gerbang_domain::webhooks::EventType;

use crate::AppState;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::{CsrfForm, FormErrors};
use crate::http::pages::{DoneQuery, SignedIn, meta, render, translate, when};

/// An event type the form offers.
pub struct EventChoice {
    pub name: &'static str,
    pub label: String,
    pub checked: bool,
}

/// One endpoint as listed.
pub struct EndpointLine {
    pub id: String,
    pub url: String,
    pub description: String,
    pub events: String,
    pub state: String,
    pub enabled: bool,
}

fn line(ctx: &RequestCtx, e: &Endpoint) -> EndpointLine {
    EndpointLine {
        id: e.id.clone(),
        url: e.url.clone(),
        description: e.description.clone(),
        events: e.event_types.join(", "),
        state: match (e.enabled, e.disabled_reason.as_deref()) {
            (true, _) => ctx.t("webhooks-on"),
            (false, Some("failing")) => ctx.t("webhooks-off-failing"),
            (false, _) => ctx.t("webhooks-off"),
        },
        enabled: e.enabled,
    }
}

#[derive(Template)]
#[template(path = "accounts/webhooks.html")]
struct WebhooksPage {
    ctx: RequestCtx,
    endpoints: Vec<EndpointLine>,
    notice: Option<String>,
    /// A secret just created: shown this once.
    created: Option<(String, String)>,
    url: String,
    description: String,
    events: Vec<EventChoice>,
    errors: FormErrors,
}

/// What the register form sends (`event` once per ticked box).
#[derive(Debug, Default)]
pub struct RegisterForm {
    url: String,
    description: String,
    events: Option<Vec<String>>,
}

async fn page(
    state: &AppState,
    ctx: RequestCtx,
    notice: Option<String>,
    created: Option<(String, String)>,
    form: &RegisterForm,
    errors: FormErrors,
) -> Result<WebhooksPage, AppError> {
    let user = ctx.require_user()?;
    let endpoints = service::list(state, user)
        .await?
        .iter()
        .map(|e| line(&ctx, e))
        .collect();
    let events = EventType::ALL
        .iter()
        .map(|e| EventChoice {
            name: e.as_str(),
            label: ctx.t(&format!(
                "webhooks-event-{}",
                e.as_str().replace(['.', '_'], "-")
            )),
            checked: form
                .events
                .as_ref()
                .is_none_or(|ticked| ticked.iter().any(|t| t == e.as_str())),
        })
        .collect();
    Ok(WebhooksPage {
        endpoints,
        notice,
        created,
        url: form.url.clone(),
        description: form.description.clone(),
        events,
        errors,
        ctx,
    })
}

/// `GET /account/webhooks`.
pub async fn list(
    State(state): State<AppState>,
    ctx: RequestCtx,
    _: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let notice = match q.done.as_deref() {
        Some("removed") => Some(ctx.t("webhooks-notice-removed")),
        _ => None,
    };
    render(
        &page(
            &state,
            ctx,
            notice,
            None,
            &RegisterForm::default(),
            FormErrors::default(),
        )
        .await?,
    )
}

/// `POST /account/webhooks`: registers an endpoint and shows its secret, once, on the page
/// itself (never in a URL, and not cached).
pub async fn create(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let mut form = RegisterForm {
        events: Some(Vec::new()),
        ..RegisterForm::default()
    };
    for (k, v) in pairs {
        match k.as_str() {
            "url" => form.url = v,
            "description" => form.description = v,
            "event" => form.events.get_or_insert_with(Vec::new).push(v),
            _ => {}
        }
    }
    let asked = NewEndpoint {
        url: form.url.clone(),
        description: form.description.clone(),
        event_types: form.events.clone().unwrap_or_default(),
    };
    if asked.event_types.is_empty() {
        let errors = translate(
            &ctx,
            &[crate::error::FieldProblem::new(
                "event",
                "error-webhook-no-event",
            )],
        );
        let body = render(&page(&state, ctx, None, None, &form, errors).await?)?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    }
    match service::register(&state, &user, &asked, &meta(&ctx)).await {
        Ok(done) => {
            let notice = Some(ctx.t("webhooks-notice-created"));
            let mut res = render(
                &page(
                    &state,
                    ctx,
                    notice,
                    Some((done.endpoint.id, done.secret)),
                    &RegisterForm::default(),
                    FormErrors::default(),
                )
                .await?,
            )?;
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(res)
        }
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let body = render(&page(&state, ctx, None, None, &form, errors).await?)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// One message as the endpoint's page shows it.
pub struct MessageLine {
    pub id: String,
    pub event: String,
    pub created: String,
    pub status: String,
    pub delivered: bool,
    pub next: Option<String>,
    pub attempts: Vec<(String, String)>,
    pub payload: String,
}

#[derive(Template)]
#[template(path = "accounts/webhook.html")]
struct EndpointPage {
    ctx: RequestCtx,
    e: EndpointLine,
    messages: Vec<MessageLine>,
    notice: Option<String>,
}

fn message_line(ctx: &RequestCtx, m: Delivery) -> MessageLine {
    MessageLine {
        created: when(ctx.lang, m.created_at),
        status: ctx.t(&format!("webhooks-status-{}", m.status)),
        delivered: m.status == "delivered",
        next: m.next_attempt_at.map(|t| when(ctx.lang, t)),
        attempts: m
            .attempts
            .iter()
            .map(|a| {
                let what = match (a.status, &a.error) {
                    (Some(s), _) => ctx.t1("webhooks-answered", "status", &s.to_string()),
                    (None, Some(e)) => e.clone(),
                    (None, None) => String::new(),
                };
                let what = if a.manual {
                    format!("{what} ({})", ctx.t("webhooks-manual"))
                } else {
                    what
                };
                (
                    when(ctx.lang, a.at),
                    format!("{what} · {} ms", a.duration_ms),
                )
            })
            .collect(),
        payload: serde_json::to_string_pretty(&m.payload).unwrap_or_default(),
        event: m.event_type,
        id: m.id,
    }
}

/// `GET /account/webhooks/{id}`: the endpoint, its latest messages and every attempt.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let (endpoint, messages) = service::deliveries(&state, &user, &id).await?;
    let notice = match q.done.as_deref() {
        Some("redeliver") => Some(ctx.t("webhooks-notice-redeliver")),
        Some("enabled") => Some(ctx.t("webhooks-notice-enabled")),
        Some("disabled") => Some(ctx.t("webhooks-notice-disabled")),
        _ => None,
    };
    render(&EndpointPage {
        e: line(&ctx, &endpoint),
        messages: messages
            .into_iter()
            .map(|m| message_line(&ctx, m))
            .collect(),
        notice,
        ctx,
    })
}

/// The forms that act on an endpoint carry only the anti-forgery token.
#[derive(Debug, serde::Deserialize)]
pub struct Empty {}

/// `POST /account/webhooks/{id}/enable` and `/disable`.
pub async fn enable(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    service::set_enabled(&state, &user, &id, true, &meta(&ctx)).await?;
    Ok(Redirect::to(&format!("/account/webhooks/{id}?done=enabled")).into_response())
}

pub async fn disable(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    service::set_enabled(&state, &user, &id, false, &meta(&ctx)).await?;
    Ok(Redirect::to(&format!("/account/webhooks/{id}?done=disabled")).into_response())
}

/// `POST /account/webhooks/{id}/remove`.
pub async fn remove(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    service::remove(&state, &user, &id, &meta(&ctx)).await?;
    Ok(Redirect::to("/account/webhooks?done=removed").into_response())
}

/// `POST /account/webhooks/{id}/messages/{message}/redeliver`.
pub async fn redeliver(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path((id, message)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    service::redeliver(&state, &user, &id, &message, &meta(&ctx)).await?;
    Ok(Redirect::to(&format!("/account/webhooks/{id}?done=redeliver")).into_response())
}
