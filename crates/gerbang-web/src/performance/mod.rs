//! Published performance: the platform's, an agency's or a service's figures over the last
//! months, with a server-rendered chart (SVG, no script) beside a table of the same
//! numbers, and the same figures as CSV and JSON at stable URLs. Agency administrators set
//! their target share within the service standard.

pub mod chart;
pub mod workload;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use fluent_templates::fluent_bundle::FluentValue;
use gerbang_app::performance::{self as service, Figures};
use gerbang_store::catalog::{AgencyRow, ServiceRow};
use serde::Deserialize;

use crate::AppState;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::CsrfForm;
use crate::http::pages::{SignedIn, meta, render};

/// Which figures.
#[derive(Debug, Default, Deserialize)]
pub struct PerfQuery {
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub service: String,
    /// How many months back, this one included: 3, 6, 12 or 24.
    #[serde(default)]
    pub months: Option<u32>,
    /// The trend by `week` or (otherwise) by month.
    #[serde(default)]
    pub by: String,
}

/// The periods offered.
const PERIODS: [u32; 4] = [3, 6, 12, 24];

struct Resolved {
    agency: Option<AgencyRow>,
    service: Option<ServiceRow>,
    months: u32,
    list: Vec<String>,
    /// The ISO weeks of the period, when the trend is by week.
    weeks: Vec<String>,
}

async fn resolve(state: &AppState, q: &PerfQuery) -> Result<Resolved, AppError> {
    let catalogue = state.catalogue().await?;
    let service = match q.service.trim() {
        "" => None,
        slug => Some(
            catalogue
                .service(slug)
                .ok_or(AppError::NOT_FOUND)?
                .row
                .clone(),
        ),
    };
    let agency = match (q.agency.trim(), &service) {
        (_, Some(s)) => catalogue.agency(&s.agency_slug).cloned(),
        ("", None) => None,
        (slug, None) => Some(catalogue.agency(slug).ok_or(AppError::NOT_FOUND)?.clone()),
    };
    let months = q.months.filter(|m| PERIODS.contains(m)).unwrap_or(12);
    let today = gerbang_app::applications::service::platform_today(state);
    let mut start = today;
    for _ in 1..months {
        start = start
            .replace_day(1)
            .ok()
            .and_then(|d| d.previous_day())
            .unwrap_or(start);
    }
    let start = start.replace_day(1).unwrap_or(start);
    let weeks = if q.by == "week" {
        service::week_range(start, today)
    } else {
        Vec::new()
    };
    Ok(Resolved {
        list: service::month_range(start, today),
        weeks,
        agency,
        service,
        months,
    })
}

async fn figures_of(state: &AppState, r: &Resolved) -> Result<Figures, AppError> {
    service::figures(
        state,
        r.agency.as_ref().map(|a| a.id),
        r.service.as_ref().map(|s| s.id),
        &r.list,
        &r.weeks,
    )
    .await
}

/// A count in the page's language: "3,003" / "3.003".
fn thousands(ctx: &RequestCtx, n: u64) -> String {
    let digits = n.to_string();
    let sep = if ctx.lang == gerbang_domain::i18n::Lang::Id {
        '.'
    } else {
        ','
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A figure as shown: the number, or "withheld".
fn shown(ctx: &RequestCtx, n: Option<u64>) -> String {
    n.map_or_else(|| ctx.t("perf-withheld"), |n| thousands(ctx, n))
}

/// A share as shown, one decimal; "–" when nothing was decided, "withheld" below five.
pub(crate) fn shown_pct(ctx: &RequestCtx, p: Option<f64>, of: Option<u64>) -> String {
    if of == Some(0) {
        return "–".to_owned();
    }
    p.map_or_else(
        || ctx.t("perf-withheld"),
        |p| {
            let one = format!("{p:.1}");
            let one = if ctx.lang == gerbang_domain::i18n::Lang::Id {
                one.replace('.', ",")
            } else {
                one
            };
            format!("{one} %")
        },
    )
}

/// One month of the table.
pub struct MonthLine {
    pub label: String,
    pub received: String,
    pub decided: String,
    pub within: String,
    pub approval: String,
}

#[derive(Template)]
#[template(path = "performance/index.html")]
struct IndexPage {
    ctx: RequestCtx,
    scope_name: String,
    agencies: Vec<AgencyRow>,
    services: Vec<ServiceRow>,
    agency: String,
    service: String,
    months: u32,
    periods: Vec<u32>,
    by_week: bool,
    f: Figures,
    cards: Vec<(String, String)>,
    target_line: Option<String>,
    chart: String,
    lines: Vec<MonthLine>,
    query: String,
    complaints: Option<String>,
    is_admin: bool,
}

/// `GET /performance`.
pub async fn index(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Query(q): Query<PerfQuery>,
) -> Result<Response, WebError> {
    let r = resolve(&state, &q).await?;
    let f = figures_of(&state, &r).await?;
    let catalogue = state.catalogue().await?;
    let services = match &r.agency {
        Some(a) => catalogue
            .services_of(a.id, ctx.lang)
            .into_iter()
            .map(|e| e.row.clone())
            .collect(),
        None => Vec::new(),
    };
    let scope_name = match (&r.service, &r.agency) {
        (Some(s), _) => s.name(ctx.lang).to_owned(),
        (None, Some(a)) => a.name(ctx.lang).to_owned(),
        (None, None) => ctx.site_name().to_owned(),
    };
    let days = |d: Option<u32>| d.map_or_else(|| ctx.t("perf-withheld"), |d| ctx.working_days(d));
    let cards = vec![
        (ctx.t("perf-received"), shown(&ctx, f.received)),
        (ctx.t("perf-decided"), shown(&ctx, f.decided)),
        (ctx.t("perf-median"), days(f.median_days)),
        (ctx.t("perf-p90"), days(f.p90_days)),
        (
            ctx.t("perf-within"),
            shown_pct(&ctx, f.within_standard, f.decided),
        ),
        (
            ctx.t("perf-approval"),
            shown_pct(&ctx, f.approval_rate, f.decided),
        ),
        (ctx.t("perf-backlog"), shown(&ctx, f.backlog)),
        (ctx.t("perf-overdue"), shown(&ctx, f.overdue)),
    ];
    let target_line = f.target.map(|t| {
        let met = f.within_standard.is_some_and(|w| w >= f64::from(t));
        ctx.t1(
            if met {
                "perf-target-met"
            } else {
                "perf-target-not-met"
            },
            "target",
            &t.to_string(),
        )
    });
    // The trend: by week when asked, else by month; each period's label, a short label for
    // the chart (the year where it changes, and on the first bar), and its figures.
    type Row = (String, String, gerbang_app::performance::Month);
    let rows: Vec<Row> = if f.weeks.is_empty() {
        let last = f.months.len().saturating_sub(1);
        f.months
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let label = month_label(&ctx, &m.month);
                let name: String = label.chars().take(3).collect();
                let short = if i == 0 || m.month.ends_with("-01") {
                    format!("{name} {}", m.month.get(2..4).unwrap_or(""))
                } else {
                    name
                };
                let label = if i == last {
                    ctx.t1("perf-so-far", "month", &label)
                } else {
                    label
                };
                (label, short, m.clone())
            })
            .collect()
    } else {
        let weeks = f.trend();
        let last = weeks.len().saturating_sub(1);
        weeks
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let (label, short) = week_labels(&ctx, &w.month, i == 0);
                let label = if i == last {
                    ctx.t1("perf-so-far", "month", &label)
                } else {
                    label
                };
                (label, short, w.clone())
            })
            .collect()
    };
    let short: Vec<String> = rows.iter().map(|r| r.1.clone()).collect();
    let chart = chart::bars(
        &ctx.t(if f.weeks.is_empty() {
            "perf-chart-title"
        } else {
            "perf-chart-title-weeks"
        }),
        &ctx.t("perf-chart-desc"),
        &short,
        &[
            (
                ctx.t("perf-received"),
                rows.iter().map(|r| r.2.received).collect(),
            ),
            (
                ctx.t("perf-decided"),
                rows.iter().map(|r| r.2.decided).collect(),
            ),
        ],
    );
    let lines = rows
        .iter()
        .map(|(label, _, m)| MonthLine {
            label: label.clone(),
            received: shown(&ctx, m.received),
            decided: shown(&ctx, m.decided),
            within: shown_pct(&ctx, m.within_standard, m.decided),
            approval: shown_pct(&ctx, m.approval_rate, m.decided),
        })
        .collect();
    let complaints = match &r.agency {
        Some(a) => {
            let c = gerbang_store::complaints::figures(
                &state.db,
                a.id,
                gerbang_app::applications::service::platform_today(&state),
            )
            .await?;
            Some(gerbang_app::i18n::t_args(
                ctx.lang,
                "perf-complaints-line",
                &[
                    ("total", FluentValue::from(c.total)),
                    ("open", FluentValue::from(c.open)),
                    ("overdue", FluentValue::from(c.overdue)),
                ],
            ))
        }
        None => None,
    };
    let query = serde_urlencoded::to_string([
        (
            "agency",
            r.agency
                .as_ref()
                .map(|a| a.slug.clone())
                .unwrap_or_default(),
        ),
        (
            "service",
            r.service
                .as_ref()
                .map(|s| s.slug.clone())
                .unwrap_or_default(),
        ),
        ("months", r.months.to_string()),
        (
            "by",
            if r.weeks.is_empty() { "" } else { "week" }.to_owned(),
        ),
    ])
    .unwrap_or_default();
    let is_admin = r.agency.as_ref().is_some_and(|a| {
        gerbang_app::authz::allows(
            ctx.user.as_deref(),
            gerbang_domain::authz::Action::ManageStaff,
            gerbang_domain::authz::Resource::Agency(a.id),
        )
    });
    render(&IndexPage {
        scope_name,
        agencies: catalogue.agencies.clone(),
        services,
        agency: r
            .agency
            .as_ref()
            .map(|a| a.slug.clone())
            .unwrap_or_default(),
        service: r
            .service
            .as_ref()
            .map(|s| s.slug.clone())
            .unwrap_or_default(),
        months: r.months,
        periods: PERIODS.to_vec(),
        by_week: !r.weeks.is_empty(),
        f,
        cards,
        target_line,
        chart,
        lines,
        query,
        complaints,
        is_admin,
        ctx,
    })
}

/// "Week 49, 2026" / "Minggu ke-49, 2026" from `YYYY-Www`, and its short chart label
/// ("W49", with the year on the first bar and where it changes).
pub(crate) fn week_labels(ctx: &RequestCtx, week: &str, first: bool) -> (String, String) {
    let (year, number) = week.split_once("-W").unwrap_or((week, ""));
    let n = number.trim_start_matches('0').to_owned();
    let label = gerbang_app::i18n::t_args(
        ctx.lang,
        "perf-week-label",
        &[
            ("week", FluentValue::from(n.clone())),
            ("year", FluentValue::from(year.to_owned())),
        ],
    );
    let short = ctx.t1("perf-week-short", "week", &n);
    let short = if first || number == "01" {
        format!("{short} {}", year.get(2..4).unwrap_or(""))
    } else {
        short
    };
    (label, short)
}

/// "March 2026" / "Maret 2026" from `YYYY-MM`.
fn month_label(ctx: &RequestCtx, month: &str) -> String {
    let date = month.split_once('-').and_then(|(y, m)| {
        let m = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
        time::Date::from_calendar_date(y.parse().ok()?, m, 1).ok()
    });
    date.map_or_else(
        || month.to_owned(),
        |d| {
            let long = ctx.date(&d);
            // "1 March 2026" → "March 2026".
            long.split_once(' ')
                .map_or(long.clone(), |(_, rest)| rest.to_owned())
        },
    )
}

/// `GET /performance.json`: the same figures, as JSON.
pub async fn json(
    State(state): State<AppState>,
    Query(q): Query<PerfQuery>,
) -> Result<Response, WebError> {
    let r = resolve(&state, &q).await?;
    let f = figures_of(&state, &r).await?;
    let body = serde_json::to_string_pretty(&serde_json::json!({
        "scope": {
            "agency": r.agency.as_ref().map(|a| a.slug.clone()),
            "service": r.service.as_ref().map(|s| s.slug.clone()),
        },
        "figures": f,
    }))
    .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        body,
    )
        .into_response())
}

/// `GET /performance.csv`: the months, one row each; withheld figures are empty.
pub async fn csv(
    State(state): State<AppState>,
    Query(q): Query<PerfQuery>,
) -> Result<Response, WebError> {
    let r = resolve(&state, &q).await?;
    let f = figures_of(&state, &r).await?;
    let n = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
    let p = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
    let mut out = String::from(if f.weeks.is_empty() { "month" } else { "week" });
    out.push_str(",received,decided,within_standard_percent,approval_percent\n");
    for m in f.trend() {
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            m.month,
            n(m.received),
            n(m.decided),
            p(m.within_standard),
            p(m.approval_rate)
        ));
    }
    let name = r
        .service
        .as_ref()
        .map(|s| s.slug.clone())
        .or_else(|| r.agency.as_ref().map(|a| a.slug.clone()))
        .unwrap_or_else(|| "all".into());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"performance-{name}-{}-{}.csv\"",
                    f.from, f.to
                ),
            ),
        ],
        out,
    )
        .into_response())
}

/// What the target form sends.
#[derive(Debug, Deserialize)]
pub struct TargetForm {
    pub agency: String,
    pub percent: String,
}

/// `POST /performance/target`: an agency administrator sets the target share.
pub async fn set_target(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<TargetForm>,
) -> Result<Response, WebError> {
    let percent = form.percent.trim().parse::<i32>().unwrap_or(0);
    service::set_target(&state, &user, &form.agency, percent, &meta(&ctx)).await?;
    let back = format!(
        "/performance?{}",
        serde_urlencoded::to_string([("agency", form.agency.as_str())]).unwrap_or_default()
    );
    Ok(Redirect::to(&back).into_response())
}
