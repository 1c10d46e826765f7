//! A complaint's deadlines: when each falls, the job that watches it, and what happens
//! when it passes (escalation one agency up, or the automatic close).
//!
//! Each deadline is a job `complaint.deadline` with the complaint's `deadline_seq` as its
//! occurrence. Whenever a step sets a new deadline the sequence moves on and a new job is
//! scheduled; a job whose sequence is no longer the complaint's does nothing. The job
//! runs in the job queue's transaction (see [`crate::jobs`]), so escalation happens once
//! however many nodes run.

use gerbang_domain::calendar::{HolidayCalendar, add_working_days};
use gerbang_domain::complaints::{self as rules, Deadline, State, Step};
use gerbang_store::Tx;
use gerbang_store::catalog::AgencyRow;
use gerbang_store::complaints::{self as store, ComplaintRow, NewEvent};
use gerbang_store::jobs::{self, JobRow};
use time::{Date, OffsetDateTime};

use crate::App;
use crate::error::AppError;

/// The job kind.
pub const KIND: &str = "complaint.deadline";

/// The calendar an agency works by: the platform's holidays and its own.
pub fn calendar(app: &App, agency: &AgencyRow) -> HolidayCalendar {
    let own = agency.definition().map(|d| d.holidays).unwrap_or_default();
    app.config.holidays.holidays().chain(own).collect()
}

/// The category's deadlines (SP4N-LAPOR!'s when the category is unknown).
pub fn deadlines_of(agency: &AgencyRow, category: &str) -> rules::Deadlines {
    agency
        .definition()
        .ok()
        .and_then(|d| d.categories().into_iter().find(|c| c.code == category))
        .map(|c| c.deadlines)
        .unwrap_or_default()
}

/// The last working day of deadline `d` started today at `agency`.
pub fn due_from_today(app: &App, agency: &AgencyRow, category: &str, d: Deadline) -> Option<Date> {
    let today = agency.zone().date(app.clock.now());
    add_working_days(
        today,
        deadlines_of(agency, category).days(d),
        &calendar(app, agency),
    )
}

/// When a deadline ending on `due` has passed: the start of the next day where the agency
/// works.
pub fn passes_at(agency: &AgencyRow, due: Date) -> OffsetDateTime {
    let next = due.next_day().unwrap_or(due);
    next.midnight().assume_offset(agency.zone().offset())
}

/// Sets the deadline of the state `c` is now in, starting today, and schedules its job;
/// clears it in a final state.
pub async fn restart(
    tx: &mut Tx,
    app: &App,
    c: &mut ComplaintRow,
    agency: &AgencyRow,
) -> Result<(), AppError> {
    c.deadline_seq += 1;
    let state = State::parse(&c.state).unwrap_or(State::Received);
    match state.deadline() {
        Some(d) => {
            c.due_date = due_from_today(app, agency, &c.category, d);
            if let Some(due) = c.due_date {
                jobs::schedule(tx, KIND, c.id, c.deadline_seq, passes_at(agency, due)).await?;
            }
        }
        None => c.due_date = None,
    }
    Ok(())
}

/// Schedules the job of a complaint's current deadline (used once, at filing).
pub async fn watch(tx: &mut Tx, c: &ComplaintRow, agency: &AgencyRow) -> Result<(), AppError> {
    if let Some(due) = c.due_date {
        jobs::schedule(tx, KIND, c.id, c.deadline_seq, passes_at(agency, due)).await?;
    }
    Ok(())
}

/// Runs one `complaint.deadline` job inside the queue's transaction.
pub async fn run(tx: &mut Tx, app: &App, job: &JobRow) -> Result<(), AppError> {
    let Some(mut c) = store::by_id(&mut *tx, job.subject_id).await? else {
        return Ok(());
    };
    if c.deadline_seq != job.seq {
        return Ok(()); // a later step set another deadline
    }
    let Some(state) = State::parse(&c.state) else {
        return Ok(());
    };
    let Some(deadline) = state.deadline() else {
        return Ok(());
    };
    let catalogue = app.catalogue().await?;
    let by_id = |id: i64| catalogue.agencies.iter().find(|a| a.id == id);
    let step = deadline.on_expiry();
    let to = match rules::next(state, step, c.reopened) {
        Ok(to) => to,
        Err(_) => return Ok(()),
    };
    let now = app.clock.now();
    let from = c.state.clone();
    match step {
        Step::Escalate => {
            let mut chain = vec![c.agency_id];
            chain.extend(store::escalations(&mut *tx, c.id).await?);
            let top = chain.last().copied().and_then(by_id);
            let above = top
                .and_then(|t| t.parent_slug.as_deref())
                .and_then(|slug| catalogue.agency(slug))
                .filter(|a| !chain.contains(&a.id));
            let target = match above {
                Some(a) => {
                    c.escalation_level += 1;
                    store::add_escalation(tx, c.id, a.id, c.escalation_level, now).await?;
                    a
                }
                // At the top of the tree: the top agency is reminded again.
                None => match top {
                    Some(t) => t,
                    None => return Ok(()),
                },
            };
            // The new period is counted where the complaint now waits.
            let responsible = by_id(c.agency_id).unwrap_or(target);
            restart(tx, app, &mut c, responsible).await?;
            store::add_event(
                tx,
                &NewEvent {
                    complaint_id: c.id,
                    at: now,
                    actor_id: None,
                    actor_role: "system",
                    agency_id: Some(target.id),
                    step: Step::Escalate.as_str(),
                    from_state: Some(&from),
                    to_state: to.as_str(),
                    body: None,
                    public: true,
                },
            )
            .await?;
            super::service::notify_escalation(tx, app, &c, target, above.is_some()).await?;
        }
        Step::AutoClose => {
            c.state = to.as_str().to_owned();
            c.closed_at = Some(now);
            c.deadline_seq += 1;
            c.due_date = None;
            store::add_event(
                tx,
                &NewEvent {
                    complaint_id: c.id,
                    at: now,
                    actor_id: None,
                    actor_role: "system",
                    agency_id: None,
                    step: Step::AutoClose.as_str(),
                    from_state: Some(&from),
                    to_state: to.as_str(),
                    body: None,
                    public: true,
                },
            )
            .await?;
            super::service::notify_complainant(tx, app, &c, "complaint-closed", None).await?;
        }
        _ => return Ok(()),
    }
    let subject = format!("complaint:{}", c.reference);
    gerbang_store::audit::AuditEntry::system(
        if step == Step::Escalate {
            "complaint.escalate"
        } else {
            "complaint.auto_close"
        },
        &subject,
    )
    .details(serde_json::json!({ "level": c.escalation_level, "job": job.id }))
    .append(tx)
    .await?;
    if !store::save(tx, &c, now).await? {
        return Err(AppError::Internal(format!(
            "complaint {} changed under its deadline job",
            c.reference
        )));
    }
    Ok(())
}
