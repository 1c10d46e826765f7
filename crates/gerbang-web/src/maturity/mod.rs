//! Digital maturity: a comparison across agencies, each agency's services with their
//! stage and the evidence behind it, and the evidence as CSV and JSON.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use gerbang_app::maturity::{self as service, AgencyMaturity};
use gerbang_domain::i18n::Lang;

use crate::AppState;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::pages::render;

/// An agency's line in the comparison.
pub struct Line {
    pub slug: String,
    pub name: String,
    pub services: usize,
    pub stages: Vec<usize>,
    pub stage3: String,
    pub online: String,
    pub within: String,
    pub complaints: String,
    pub datasets: String,
}

/// A share as the performance pages show it.
fn pct(ctx: &RequestCtx, p: Option<f64>) -> String {
    crate::performance::shown_pct(ctx, p, None)
}

fn line(ctx: &RequestCtx, a: &AgencyMaturity) -> Line {
    Line {
        slug: a.slug.clone(),
        name: if ctx.lang == Lang::Id {
            a.name_id.clone()
        } else {
            a.name_en.clone()
        },
        services: a.services.len(),
        stages: a.services_per_stage.to_vec(),
        stage3: pct(ctx, Some(a.at_least(3))),
        online: pct(ctx, a.online_percent),
        within: pct(ctx, a.within_standard_percent),
        complaints: a
            .complaints_within_deadline_percent
            .map_or_else(|| ctx.t("maturity-no-complaints"), |p| pct(ctx, Some(p))),
        datasets: format!("{} / {}", a.datasets_complete.0, a.datasets_complete.1),
    }
}

#[derive(Template)]
#[template(path = "maturity/index.html")]
struct IndexPage {
    ctx: RequestCtx,
    lines: Vec<Line>,
}

/// `GET /maturity`: every agency side by side.
pub async fn index(State(state): State<AppState>, ctx: RequestCtx) -> Result<Response, WebError> {
    let profiles = service::profiles(&state).await?;
    let lines = profiles.iter().map(|a| line(&ctx, a)).collect();
    render(&IndexPage { ctx, lines })
}

/// One service with its stage and evidence, ready to show.
pub struct ServiceLine {
    pub slug: String,
    pub name: String,
    pub stage: u8,
    pub evidence: Vec<(String, bool, String)>,
}

#[derive(Template)]
#[template(path = "maturity/agency.html")]
struct AgencyPage {
    ctx: RequestCtx,
    line: Line,
    services: Vec<ServiceLine>,
}

/// `GET /maturity/{agency}`.
pub async fn agency(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let profiles = service::profiles(&state).await?;
    let a = profiles
        .iter()
        .find(|a| a.slug == slug)
        .ok_or(AppError::NOT_FOUND)?;
    let services = a
        .services
        .iter()
        .map(|s| ServiceLine {
            slug: s.slug.clone(),
            name: if ctx.lang == Lang::Id {
                s.name_id.clone()
            } else {
                s.name_en.clone()
            },
            stage: s.stage,
            evidence: s
                .evidence
                .iter()
                .map(|e| {
                    (
                        ctx.t(&format!("maturity-criterion-{}", e.criterion)),
                        e.met,
                        e.detail.clone(),
                    )
                })
                .collect(),
        })
        .collect();
    render(&AgencyPage {
        line: line(&ctx, a),
        services,
        ctx,
    })
}

/// `GET /maturity.csv`: the evidence of every service, one row per criterion.
pub async fn csv(State(state): State<AppState>) -> Result<Response, WebError> {
    let profiles = service::profiles(&state).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"maturity-evidence.csv\"",
            ),
        ],
        service::evidence_csv(&profiles),
    )
        .into_response())
}

/// `GET /maturity.json`: every profile with its evidence.
pub async fn json(State(state): State<AppState>) -> Result<Response, WebError> {
    let profiles = service::profiles(&state).await?;
    let body =
        serde_json::to_string_pretty(&profiles).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        body,
    )
        .into_response())
}
