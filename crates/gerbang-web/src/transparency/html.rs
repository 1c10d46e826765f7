use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use gerbang_app::transparency as log;

use crate::AppState;
use crate::error::{AppError, ErrorKind, WebError};
use crate::http::context::RequestCtx;
use crate::http::errors::page_saying;
use crate::http::pages::SignedIn;
use crate::http::pages::render;

/// A signed tree head, ready to show.
pub struct HeadLine {
    pub tree_size: u64,
    pub signed: String,
    pub root: String,
}

#[derive(Template)]
#[template(path = "transparency/index.html")]
struct IndexPage {
    ctx: RequestCtx,
    heads: Vec<HeadLine>,
    pending: i64,
}

fn when(ctx: &RequestCtx, millis: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{} {:02}:{:02} UTC",
        ctx.date(&t.date()),
        t.hour(),
        t.minute()
    )
}

/// `GET /transparency`: what the log promises, how to check it, and its latest heads.
pub async fn index(State(state): State<AppState>, ctx: RequestCtx) -> Result<Response, WebError> {
    let heads = log::recent_heads(&state.db, 10)
        .await?
        .into_iter()
        .map(|h| HeadLine {
            tree_size: h.tree_size,
            signed: when(&ctx, h.timestamp),
            root: h.sha256_root_hash,
        })
        .collect();
    let pending = gerbang_store::transparency::pending(&state.db).await?;
    render(&IndexPage {
        heads,
        pending,
        ctx,
    })
}

/// `GET /applications/{reference}/log-proof`: for the applicant, the JSON that proves the
/// decision on their case is in the log (the entry, its salt, the audit path, the signed
/// head). Anyone else: 404.
pub async fn decision_proof(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
) -> Result<Response, WebError> {
    let Some(proof) = log::decision_proof(&state, &user, &reference).await? else {
        let message = ctx.t("transparency-proof-not-yet");
        return Ok(page_saying(ctx, ErrorKind::Conflict, message));
    };
    let body =
        serde_json::to_string_pretty(&proof).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"decision-proof-{reference}.json\""
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}
