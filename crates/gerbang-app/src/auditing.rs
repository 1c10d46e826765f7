//! The auditor's reading of the full audit log: every entry of an agency (or, for a
//! platform-wide auditor, of the installation) with its personal details, and the staff
//! reads flagged for having no case, complaint or request behind them.
//!
//! The public transparency log publishes entries without personal data; this is the other
//! half of the promise: someone answerable reads the whole of it, and that reading is
//! itself an audit entry, committed before a single entry is shown.

use gerbang_store::audit::{self as store, AuditQuery, AuditorRecord};
use gerbang_store::catalog::AgencyRow;

use crate::App;
use crate::accounts::service::Meta;
use crate::authz::{Action, Resource, allows, check};
use crate::error::AppError;
use crate::user::SessionUser;

/// Entries per page.
pub const PAGE: i64 = 50;

/// What the auditor asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// An agency's slug; `None`: the whole installation (a platform-wide auditor).
    pub agency: Option<String>,
    pub flagged_only: bool,
    /// Entries whose action starts with this, such as `application.` or `account.login`.
    pub action: Option<String>,
    /// Entries about this subject, such as `application:GRB-7K3F-9QXM-4`.
    pub subject: Option<String>,
    /// The page after the entry with this id.
    pub before: Option<i64>,
}

/// One full entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub record: AuditorRecord,
    /// The basis a staff read was recorded with (`assigned`, `worked`, `open_work`, `none`).
    pub basis: Option<String>,
    /// The entry's agency, when it has one.
    pub agency: Option<AgencyRow>,
}

/// A page of the log as the auditor sees it.
#[derive(Debug, Clone)]
pub struct LogPage {
    /// The agency read, `None` for the whole installation.
    pub agency: Option<AgencyRow>,
    pub entries: Vec<Entry>,
    /// The `before` of the next page, when there is one.
    pub next: Option<i64>,
    /// Flagged staff reads in this scope, all pages.
    pub flagged: i64,
}

/// The agencies whose log `user` may read (every agency for a platform-wide auditor).
pub async fn agencies(app: &App, user: &SessionUser) -> Result<Vec<AgencyRow>, AppError> {
    Ok(app
        .catalogue()
        .await?
        .agencies
        .iter()
        .filter(|a| allows(Some(user), Action::ReadAuditLog, Resource::Agency(a.id)))
        .cloned()
        .collect())
}

/// True when `user` may read the whole installation's log.
pub fn reads_platform(user: &SessionUser) -> bool {
    allows(Some(user), Action::ReadAuditLog, Resource::Platform)
}

/// Reads one page of the log for `user`, recording the reading first (what was asked,
/// which page) in its own audit entry. An agency they do not audit is 403; an unknown
/// agency 404.
pub async fn read(
    app: &App,
    user: &SessionUser,
    filter: &Filter,
    meta: &Meta,
) -> Result<LogPage, AppError> {
    let catalogue = app.catalogue().await?;
    let agency = match filter.agency.as_deref() {
        Some(slug) => Some(
            catalogue
                .agencies
                .iter()
                .find(|a| a.slug == slug)
                .cloned()
                .ok_or(AppError::NOT_FOUND)?,
        ),
        None => None,
    };
    let (resource, subject) = match &agency {
        Some(a) => (Resource::Agency(a.id), format!("agency:{}", a.slug)),
        None => (Resource::Platform, "platform".to_owned()),
    };
    check(Some(user), Action::ReadAuditLog, resource)?;
    let action = filter
        .action
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let about = filter
        .subject
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let mut tx = app.db.begin().await?;
    let mut entry = meta
        .audit("audit_log.read", &subject)
        .details(serde_json::json!({
            "flagged_only": filter.flagged_only,
            "action": action,
            "subject": about,
            "before": filter.before,
        }));
    if let Some(a) = &agency {
        entry = entry.agency(a.id);
    }
    entry.append(&mut tx).await?;
    tx.commit().await?;

    let agency_id = agency.as_ref().map(|a| a.id);
    let mut rows = store::for_auditor(
        &app.db,
        &AuditQuery {
            agency_id,
            flagged_only: filter.flagged_only,
            action_prefix: action,
            subject: about,
            before_id: filter.before,
            limit: PAGE + 1,
        },
    )
    .await?;
    let next = if rows.len() > PAGE as usize {
        rows.truncate(PAGE as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    let entries = rows
        .into_iter()
        .map(|record| {
            let basis = serde_json::from_str::<serde_json::Value>(&record.details)
                .ok()
                .and_then(|d| d.get("basis").and_then(|b| b.as_str()).map(str::to_owned));
            let agency = record
                .agency_id
                .and_then(|id| catalogue.agencies.iter().find(|a| a.id == id).cloned());
            Entry {
                record,
                basis,
                agency,
            }
        })
        .collect();
    let flagged = store::flagged_count(&app.db, agency_id).await?;
    Ok(LogPage {
        agency,
        entries,
        next,
        flagged,
    })
}
