//! `GET /backoffice/audit-log`: the auditor's page of the full audit log, flagged staff
//! reads first when asked. The reading is recorded by the operation before anything shows.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use gerbang_app::auditing::{self, Filter};
use gerbang_store::catalog::AgencyRow;
use serde::Deserialize;

use crate::AppState;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::pages::{SignedIn, meta, render, when};

/// What the filter form sends.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LogQuery {
    /// An agency's slug, or `all` (a platform-wide auditor).
    #[serde(default)]
    agency: Option<String>,
    #[serde(default)]
    flagged: Option<String>,
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    subject: Option<String>,
    #[serde(default)]
    before: Option<i64>,
}

/// One entry as the table shows it.
pub struct Line {
    pub id: i64,
    pub when: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub agency: String,
    /// The translated basis of a staff read, when it is one.
    pub basis: Option<String>,
    pub flagged: bool,
    pub details: String,
    pub request_id: String,
}

#[derive(Template)]
#[template(path = "transparency/auditor.html")]
struct AuditorPage {
    ctx: RequestCtx,
    agencies: Vec<AgencyRow>,
    platform: bool,
    /// The agency shown (`all` for the installation).
    selected: String,
    flagged_only: bool,
    action: String,
    subject: String,
    flagged: i64,
    lines: Vec<Line>,
    /// The query string of the next page, when there is one.
    next: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Query(q): Query<LogQuery>,
) -> Result<Response, WebError> {
    let agencies = auditing::agencies(&state, &user).await?;
    let platform = auditing::reads_platform(&user);
    if agencies.is_empty() && !platform {
        return Err(AppError::FORBIDDEN.into());
    }
    // Without a choice: the whole installation for a platform-wide auditor, else the
    // first agency they audit.
    let agency = match q.agency.as_deref().map(str::trim) {
        Some("all") => None,
        Some(slug) if !slug.is_empty() => Some(slug.to_owned()),
        _ if platform => None,
        _ => agencies.first().map(|a| a.slug.clone()),
    };
    let filter = Filter {
        agency: agency.clone(),
        flagged_only: q.flagged.as_deref() == Some("1"),
        action: q.action.clone(),
        subject: q.subject.clone(),
        before: q.before,
    };
    let log = auditing::read(&state, &user, &filter, &meta(&ctx)).await?;
    let lines = log
        .entries
        .into_iter()
        .map(|e| Line {
            id: e.record.id,
            when: when(ctx.lang, e.record.at),
            actor: e.record.actor,
            action: e.record.action,
            subject: e.record.subject,
            agency: e
                .agency
                .map(|a| a.name(ctx.lang).to_owned())
                .unwrap_or_default(),
            basis: e.basis.map(|b| ctx.t(&format!("auditor-basis-{b}"))),
            flagged: e.record.flagged,
            details: e.record.details,
            request_id: e.record.request_id,
        })
        .collect();
    let selected = agency.unwrap_or_else(|| "all".to_owned());
    let next = log.next.map(|before| {
        let mut pairs: Vec<(&str, String)> = vec![("agency", selected.clone())];
        if filter.flagged_only {
            pairs.push(("flagged", "1".into()));
        }
        for (k, v) in [("action", &filter.action), ("subject", &filter.subject)] {
            if let Some(v) = v.as_deref().filter(|v| !v.trim().is_empty()) {
                pairs.push((k, v.to_owned()));
            }
        }
        pairs.push(("before", before.to_string()));
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    });
    render(&AuditorPage {
        agencies,
        platform,
        selected,
        flagged_only: filter.flagged_only,
        action: filter.action.unwrap_or_default(),
        subject: filter.subject.unwrap_or_default(),
        flagged: log.flagged,
        lines,
        next,
        ctx,
    })
}
