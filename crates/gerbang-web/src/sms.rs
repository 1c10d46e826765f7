//! `/sms/kannel`: the SMS gateway's calls. Kannel's `sms-service` fetches
//! `/sms/kannel?token=<secret>&from=%p&text=%a` for each incoming message (the reply is
//! sent separately, through `sendsms`), and each reply's delivery reports come to
//! `/sms/kannel/report`. Everything is in `gerbang_app::sms`.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::AppState;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::pages::meta;

/// An incoming message, as Kannel's `get-url` passes it.
#[derive(Debug, Deserialize, Default)]
pub struct Incoming {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub text: String,
}

/// `GET /sms/kannel`: 202 once recorded (the reply follows by `sendsms`); 404 when text
/// messages are off or the token is wrong.
pub async fn incoming(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Query(q): Query<Incoming>,
) -> Result<Response, WebError> {
    if !gerbang_app::sms::service::inbound_allowed(&state, &q.token) {
        return Err(AppError::NOT_FOUND.into());
    }
    let mut m = meta(&ctx);
    m.actor = "sms".into();
    gerbang_app::sms::service::receive(&state, &q.from, &q.text, &m).await?;
    Ok((StatusCode::ACCEPTED, "").into_response())
}

/// A delivery report (`status` is Kannel's `%d`).
#[derive(Debug, Deserialize, Default)]
pub struct Report {
    pub id: i64,
    #[serde(default)]
    pub token: String,
    pub status: i64,
}

/// `GET /sms/kannel/report`.
pub async fn report(
    State(state): State<AppState>,
    Query(q): Query<Report>,
) -> Result<Response, WebError> {
    gerbang_app::sms::service::report(&state, q.id, &q.token, q.status).await?;
    Ok((StatusCode::NO_CONTENT, "").into_response())
}
