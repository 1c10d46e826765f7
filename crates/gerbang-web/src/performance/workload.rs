//! `GET /backoffice/workload`: each agency's work by service desk, for its officers and
//! supervisors: open now (not yet assigned, overdue) and received and decided each of the
//! last weeks, with a chart of the agency's weekly throughput. By team, never by person.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use gerbang_app::performance as service;

use crate::AppState;
use crate::error::WebError;
use crate::http::context::RequestCtx;
use crate::http::pages::{SignedIn, render};

/// One service desk's line.
pub struct TeamLine {
    pub name: String,
    pub slug: String,
    pub open: i64,
    pub unassigned: i64,
    pub overdue: i64,
    pub received: i64,
    pub decided: i64,
}

/// One week of an agency.
pub struct WeekLine {
    pub label: String,
    pub received: i64,
    pub decided: i64,
}

/// One agency's section.
pub struct AgencySection {
    pub name: String,
    pub slug: String,
    pub teams: Vec<TeamLine>,
    pub weeks: Vec<WeekLine>,
    pub chart: String,
}

#[derive(Template)]
#[template(path = "performance/workload.html")]
struct WorkloadPage {
    ctx: RequestCtx,
    agencies: Vec<AgencySection>,
    weeks: usize,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let work = service::workload(&state, &user).await?;
    let agencies = work
        .into_iter()
        .map(|a| {
            let weeks: Vec<WeekLine> = a
                .weeks
                .iter()
                .enumerate()
                .map(|(i, w)| WeekLine {
                    label: super::week_labels(&ctx, w, i == 0).0,
                    received: a.teams.iter().map(|t| t.received[i]).sum(),
                    decided: a.teams.iter().map(|t| t.decided[i]).sum(),
                })
                .collect();
            let short: Vec<String> = a
                .weeks
                .iter()
                .enumerate()
                .map(|(i, w)| super::week_labels(&ctx, w, i == 0).1)
                .collect();
            let count = |n: i64| Some(u64::try_from(n).unwrap_or(0));
            let chart = super::chart::bars(
                &ctx.t1("workload-chart-title", "agency", a.agency.name(ctx.lang)),
                &ctx.t("workload-chart-desc"),
                &short,
                &[
                    (
                        ctx.t("perf-received"),
                        weeks.iter().map(|w| count(w.received)).collect(),
                    ),
                    (
                        ctx.t("perf-decided"),
                        weeks.iter().map(|w| count(w.decided)).collect(),
                    ),
                ],
            )
            .replace("chart-title", &format!("chart-title-{}", a.agency.slug))
            .replace("chart-desc", &format!("chart-desc-{}", a.agency.slug));
            AgencySection {
                name: a.agency.name(ctx.lang).to_owned(),
                slug: a.agency.slug.clone(),
                teams: a
                    .teams
                    .iter()
                    .map(|t| TeamLine {
                        name: t.service.name(ctx.lang).to_owned(),
                        slug: t.service.slug.clone(),
                        open: t.open,
                        unassigned: t.unassigned,
                        overdue: t.overdue,
                        received: t.received.iter().sum(),
                        decided: t.decided.iter().sum(),
                    })
                    .collect(),
                weeks,
                chart,
            }
        })
        .collect();
    render(&WorkloadPage {
        agencies,
        weeks: service::WORKLOAD_WEEKS,
        ctx,
    })
}
