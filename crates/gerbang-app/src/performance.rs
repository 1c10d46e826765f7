//! Published performance: how each agency and service serves people.
//!
//! The dashboards read only pre-aggregated figures. The roll-up ([`roll_up`], run by the
//! job worker on any node, one at a time by a row lock) counts the case events not yet
//! counted: a submission adds to the month's received; a decision (a terminal state) to
//! decided, approved, within the service standard, and to the histogram of processing
//! times in working days (the agency's calendar and time zone). Backlog and overdue are
//! read live from the inbox index. Figures from fewer than [`K`] cases are withheld.

use std::collections::{BTreeMap, HashMap};

use gerbang_domain::calendar::{HolidayCalendar, working_days_between};
use gerbang_domain::performance::{self as maths, Histogram};
use gerbang_domain::time_zone::TimeZone;
use gerbang_domain::workflow::Decision;
use gerbang_store::performance::{self as store, Counts, Scope};
use serde::Serialize;

use crate::App;
use crate::error::AppError;

/// The small-number rule: no published figure from fewer cases.
pub const K: u64 = maths::DEFAULT_K;

/// Events one roll-up takes at a time.
const BATCH: i64 = 5000;

/// How long a node keeps a scope's published figures before reading them again. The
/// overdue count reads the inbox index (thousands of open cases per agency at peak), so a
/// page under load is answered from here; this node's roll-up and target changes clear it.
pub const CACHE_FOR: std::time::Duration = std::time::Duration::from_secs(30);

/// Agency, service, first and last month, first week (trends by week asked for).
type CacheKey = (Option<i64>, Option<i64>, String, String, Option<String>);

/// Published figures by scope and period, for [`CACHE_FOR`].
#[derive(Default)]
pub struct Cache(std::sync::Mutex<HashMap<CacheKey, (std::time::Instant, Figures)>>);

impl Cache {
    fn get(&self, key: &CacheKey) -> Option<Figures> {
        let map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(key)
            .filter(|(at, _)| at.elapsed() < CACHE_FOR)
            .map(|(_, f)| f.clone())
    }

    fn put(&self, key: CacheKey, figures: Figures) {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() > 2000 {
            map.retain(|_, (at, _)| at.elapsed() < CACHE_FOR);
            if map.len() > 2000 {
                map.clear();
            }
        }
        map.insert(key, (std::time::Instant::now(), figures));
    }

    /// Forgets everything (the figures changed).
    pub fn clear(&self) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }
}

/// Counts the case events not yet counted, in batches; returns how many it counted.
pub async fn roll_up(app: &App) -> Result<usize, AppError> {
    let mut total = 0;
    loop {
        let n = roll_up_batch(app).await?;
        total += n;
        if n < usize::try_from(BATCH).unwrap_or(usize::MAX) {
            return Ok(total);
        }
    }
}

async fn roll_up_batch(app: &App) -> Result<usize, AppError> {
    if !store::any_uncounted(&app.db).await? {
        return Ok(0);
    }
    let catalogue = app.catalogue().await?;
    let mut tx = app.db.begin().await?;
    if !store::lock_rollup(&mut tx).await? {
        return Ok(0);
    }
    let events = store::uncounted(&mut tx, BATCH).await?;
    if events.is_empty() {
        return Ok(0);
    }
    let mut defs: HashMap<(i64, i32), Option<std::sync::Arc<gerbang_domain::catalog::ServiceDef>>> =
        HashMap::new();
    let mut monthly: BTreeMap<(String, i64, i64), Counts> = BTreeMap::new();
    let mut weekly: BTreeMap<(String, i64, i64), Counts> = BTreeMap::new();
    let mut histogram: BTreeMap<(String, i64, i64, i32), i64> = BTreeMap::new();
    // Each agency's zone and working calendar, read from its definition once per batch.
    let calendars: HashMap<i64, (TimeZone, HolidayCalendar)> = catalogue
        .agencies
        .iter()
        .map(|a| {
            let zone = a.definition().map(|d| d.time_zone).unwrap_or_default();
            (a.id, (zone, crate::complaints::deadlines::calendar(app, a)))
        })
        .collect();
    let no_calendar = (TimeZone::default(), HolidayCalendar::default());
    for e in &events {
        let (zone, cal) = calendars.get(&e.agency_id).unwrap_or(&no_calendar);
        let zone = *zone;
        let day = zone.date(e.at);
        let month = format!("{:04}-{:02}", day.year(), u8::from(day.month()));
        let key = (month.clone(), e.service_id, e.agency_id);
        let week_key = (week_of(day), e.service_id, e.agency_id);
        if e.from_status.is_none() {
            for counts in [
                monthly.entry(key).or_default(),
                weekly.entry(week_key).or_default(),
            ] {
                counts.received += 1;
                if !e.assisted {
                    counts.received_online += 1;
                }
            }
            continue;
        }
        if let std::collections::hash_map::Entry::Vacant(slot) =
            defs.entry((e.service_id, e.service_version))
        {
            let def = gerbang_store::catalog::service_definition(
                &mut tx,
                e.service_id,
                e.service_version,
            )
            .await?;
            slot.insert(def.map(std::sync::Arc::new));
        }
        let Some(Some(def)) = defs.get(&(e.service_id, e.service_version)) else {
            continue;
        };
        let Some(outcome) = def.workflow.outcome(&e.to_status) else {
            continue;
        };
        let submitted = e.submitted_at.map_or(day, |s| zone.date(s));
        let days = working_days_between(submitted, day, cal).max(0);
        for counts in [
            monthly.entry(key).or_default(),
            weekly.entry(week_key).or_default(),
        ] {
            counts.decided += 1;
            if outcome.decision == Decision::Approved {
                counts.approved += 1;
            }
            if days <= i64::from(def.sla_days) {
                counts.within_standard += 1;
            }
        }
        let days = i32::try_from(days.min(366)).unwrap_or(366);
        *histogram
            .entry((month, e.service_id, e.agency_id, days))
            .or_default() += 1;
    }
    for ((month, service, agency), counts) in &monthly {
        store::add_monthly(&mut tx, month, *service, *agency, *counts).await?;
    }
    for ((week, service, agency), counts) in &weekly {
        store::add_weekly(&mut tx, week, *service, *agency, *counts).await?;
    }
    for ((month, service, agency, days), cases) in &histogram {
        store::add_days(&mut tx, month, *service, *agency, *days, *cases).await?;
    }
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    store::mark_counted(&mut tx, &ids).await?;
    store::rolled(&mut tx, app.clock.now()).await?;
    tx.commit().await?;
    app.figures.clear();
    Ok(events.len())
}

/// One month as published: counts below [`K`] withheld (`None`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    pub received: Option<u64>,
    pub decided: Option<u64>,
    /// Percent of decided cases approved.
    pub approval_rate: Option<f64>,
    /// Percent of decided cases decided within the service standard.
    pub within_standard: Option<f64>,
}

/// One ISO week as published: the same figures as a month.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Week {
    /// `YYYY-Www` (ISO 8601: weeks start on Monday; week 1 holds the year's first Thursday).
    pub week: String,
    pub received: Option<u64>,
    pub decided: Option<u64>,
    pub approval_rate: Option<f64>,
    pub within_standard: Option<f64>,
}

/// The figures of a scope over a period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Figures {
    pub from: String,
    pub to: String,
    pub received: Option<u64>,
    pub decided: Option<u64>,
    pub approval_rate: Option<f64>,
    pub within_standard: Option<f64>,
    /// Working days from submission to decision.
    pub median_days: Option<u32>,
    pub p90_days: Option<u32>,
    /// Open now (received − decided, ever).
    pub backlog: Option<u64>,
    /// Open now and past the due date.
    pub overdue: Option<u64>,
    /// The agency's target share within the standard, in percent.
    pub target: Option<i32>,
    pub months: Vec<Month>,
    /// The same by ISO week, when asked for (trends by week).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub weeks: Vec<Week>,
    /// The small-number threshold used.
    pub k: u64,
}

impl Figures {
    /// The trend as shown: by week when asked for, else by month (a week's label in
    /// `month`, `YYYY-Www`).
    pub fn trend(&self) -> Vec<Month> {
        if self.weeks.is_empty() {
            return self.months.clone();
        }
        self.weeks
            .iter()
            .map(|w| Month {
                month: w.week.clone(),
                received: w.received,
                decided: w.decided,
                approval_rate: w.approval_rate,
                within_standard: w.within_standard,
            })
            .collect()
    }
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The months `from..=to` (`YYYY-MM`), in order.
pub fn month_range(from: time::Date, to: time::Date) -> Vec<String> {
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), u8::from(from.month()));
    let end = (to.year(), u8::from(to.month()));
    while (y, m) <= end && out.len() < 240 {
        out.push(format!("{y:04}-{m:02}"));
        if m == 12 {
            y += 1;
            m = 1;
        } else {
            m += 1;
        }
    }
    out
}

/// The ISO week of a day: `YYYY-Www`.
pub fn week_of(d: time::Date) -> String {
    let (year, week, _) = d.to_iso_week_date();
    format!("{year:04}-W{week:02}")
}

/// The ISO weeks from the one holding `from` to the one holding `to`, in order.
pub fn week_range(from: time::Date, to: time::Date) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut d = from;
    while d <= to && out.len() < 1100 {
        let w = week_of(d);
        if out.last() != Some(&w) {
            out.push(w);
        }
        match d.next_day() {
            Some(n) => d = n,
            None => break,
        }
    }
    out
}

/// The published figures of `scope` (months `from..=to`, `YYYY-MM`).
/// With `weeks` (`YYYY-Www`, in order) the figures also hold the trend by week.
pub async fn figures(
    app: &App,
    agency_id: Option<i64>,
    service_id: Option<i64>,
    months: &[String],
    weeks: &[String],
) -> Result<Figures, AppError> {
    let (Some(from), Some(to)) = (months.first(), months.last()) else {
        return Err(AppError::Kind(crate::ErrorKind::BadRequest));
    };
    let key = (
        agency_id,
        service_id,
        from.clone(),
        to.clone(),
        weeks.first().cloned(),
    );
    if let Some(f) = app.figures.get(&key) {
        return Ok(f);
    }
    let mut f = read_figures(app, agency_id, service_id, months, from, to).await?;
    if let (Some(first), Some(last)) = (weeks.first(), weeks.last()) {
        let scope = Scope {
            agency_id,
            service_id,
            from: first.clone(),
            to: last.clone(),
        };
        let rows = store::weeks(&app.db, &scope).await?;
        let by_week: HashMap<&str, &store::MonthRow> =
            rows.iter().map(|r| (r.month.as_str(), r)).collect();
        f.weeks = weeks
            .iter()
            .map(|w| {
                let (rec, dec, app_, within) = by_week.get(w.as_str()).map_or((0, 0, 0, 0), |r| {
                    (r.received, r.decided, r.approved, r.within_standard)
                });
                Week {
                    week: w.clone(),
                    received: maths::suppress(count(rec), K),
                    decided: maths::suppress(count(dec), K),
                    approval_rate: share(app_, dec),
                    within_standard: share(within, dec),
                }
            })
            .collect();
    }
    app.figures.put(key, f.clone());
    Ok(f)
}

/// A share of `whole`, withheld below [`K`].
fn share(part: i64, whole: i64) -> Option<f64> {
    (count(whole) >= K)
        .then(|| maths::percent(count(part), count(whole)))
        .flatten()
}

async fn read_figures(
    app: &App,
    agency_id: Option<i64>,
    service_id: Option<i64>,
    months: &[String],
    from: &str,
    to: &str,
) -> Result<Figures, AppError> {
    let scope = Scope {
        agency_id,
        service_id,
        from: from.to_owned(),
        to: to.to_owned(),
    };
    let rows = store::months(&app.db, &scope).await?;
    let by_month: HashMap<&str, &store::MonthRow> =
        rows.iter().map(|r| (r.month.as_str(), r)).collect();
    let published = |n: i64| maths::suppress(count(n), K);
    let series = months
        .iter()
        .map(|m| {
            let r = by_month.get(m.as_str());
            let (rec, dec, app_, within) = r.map_or((0, 0, 0, 0), |r| {
                (r.received, r.decided, r.approved, r.within_standard)
            });
            Month {
                month: m.clone(),
                received: published(rec),
                decided: published(dec),
                approval_rate: share(app_, dec),
                within_standard: share(within, dec),
            }
        })
        .collect();
    let sum = |f: fn(&store::MonthRow) -> i64| rows.iter().map(f).sum::<i64>();
    let (received, decided) = (sum(|r| r.received), sum(|r| r.decided));
    let (approved, within) = (sum(|r| r.approved), sum(|r| r.within_standard));
    let histogram: Histogram = store::days(&app.db, &scope)
        .await?
        .into_iter()
        .map(|(d, n)| (u32::try_from(d).unwrap_or(0), count(n)))
        .collect();
    let timed = (count(decided) >= K).then_some(());
    // Backlog: everything received and not decided, ever; overdue from the inbox index.
    let totals = store::totals_by_service(&app.db, agency_id).await?;
    let backlog: i64 = totals
        .iter()
        .filter(|(s, _, _)| service_id.is_none_or(|id| id == *s))
        .map(|(_, r, d)| (r - d).max(0))
        .sum();
    let catalogue = app.catalogue().await?;
    let mut overdue = 0;
    for a in &catalogue.agencies {
        if agency_id.is_some_and(|id| id != a.id) {
            continue;
        }
        let statuses: Vec<String> = catalogue
            .services_of(a.id, gerbang_domain::i18n::Lang::En)
            .iter()
            .filter(|e| service_id.is_none_or(|id| id == e.row.id))
            .flat_map(|e| {
                e.def
                    .workflow
                    .states
                    .iter()
                    .filter(|s| !e.def.workflow.is_terminal(&s.name))
                    .map(|s| s.name.clone())
                    .collect::<Vec<_>>()
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let zone = a.definition().map(|d| d.time_zone).unwrap_or_default();
        let today = zone.date(app.clock.now());
        overdue += store::overdue(&app.db, a.id, &statuses, service_id, today).await?;
    }
    let target = match agency_id {
        Some(id) => store::target(&app.db, id).await?,
        None => None,
    };
    Ok(Figures {
        from: from.to_owned(),
        to: to.to_owned(),
        received: published(received),
        decided: published(decided),
        approval_rate: share(approved, decided),
        within_standard: share(within, decided),
        median_days: timed.and_then(|()| maths::quantile(&histogram, 0.5)),
        p90_days: timed.and_then(|()| maths::quantile(&histogram, 0.9)),
        backlog: published(backlog),
        overdue: published(overdue),
        target,
        months: series,
        weeks: Vec::new(),
        k: K,
    })
}

/// Weeks the back office's workload looks back, this one included.
pub const WORKLOAD_WEEKS: usize = 8;

/// One service desk's work: what is open now, and what came in and went out each week.
#[derive(Debug, Clone)]
pub struct TeamWork {
    pub service: gerbang_store::catalog::ServiceRow,
    pub open: i64,
    pub unassigned: i64,
    pub overdue: i64,
    /// Received and decided, per week of [`AgencyWork::weeks`].
    pub received: Vec<i64>,
    pub decided: Vec<i64>,
}

/// An agency's workload as its officers and supervisors see it: by service and by week,
/// never by person.
#[derive(Debug, Clone)]
pub struct AgencyWork {
    pub agency: gerbang_store::catalog::AgencyRow,
    /// The ISO weeks shown, oldest first (`YYYY-Www`).
    pub weeks: Vec<String>,
    pub teams: Vec<TeamWork>,
}

/// The workload of every agency whose inbox `user` works (403 for anyone else). The open
/// figures are live; the weekly ones come from the roll-up.
pub async fn workload(
    app: &App,
    user: &crate::user::SessionUser,
) -> Result<Vec<AgencyWork>, AppError> {
    use crate::authz::{Action, Resource, allows};
    let catalogue = app.catalogue().await?;
    let mut out = Vec::new();
    for a in &catalogue.agencies {
        if !allows(Some(user), Action::ViewInbox, Resource::Agency(a.id)) {
            continue;
        }
        let zone = a.definition().map(|d| d.time_zone).unwrap_or_default();
        let today = zone.date(app.clock.now());
        let start = today - time::Duration::weeks(i64::try_from(WORKLOAD_WEEKS).unwrap_or(8) - 1);
        let weeks = week_range(start, today);
        let services = catalogue.services_of(a.id, gerbang_domain::i18n::Lang::En);
        let statuses: Vec<String> = services
            .iter()
            .flat_map(|e| {
                e.def
                    .workflow
                    .states
                    .iter()
                    .filter(|s| !e.def.workflow.is_terminal(&s.name))
                    .map(|s| s.name.clone())
                    .collect::<Vec<_>>()
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let open = store::open_work(&app.db, a.id, &statuses, today).await?;
        let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
            continue;
        };
        let weekly = store::agency_weeks(&app.db, a.id, first, last).await?;
        let teams = services
            .iter()
            .map(|e| {
                let now = open
                    .iter()
                    .find(|o| o.service_id == e.row.id)
                    .cloned()
                    .unwrap_or_default();
                let per_week = |pick: fn(&(String, i64, i64, i64)) -> i64| {
                    weeks
                        .iter()
                        .map(|w| {
                            weekly
                                .iter()
                                .filter(|r| &r.0 == w && r.1 == e.row.id)
                                .map(pick)
                                .sum()
                        })
                        .collect()
                };
                TeamWork {
                    service: e.row.clone(),
                    open: now.open,
                    unassigned: now.unassigned,
                    overdue: now.overdue,
                    received: per_week(|r| r.2),
                    decided: per_week(|r| r.3),
                }
            })
            .collect();
        out.push(AgencyWork {
            agency: a.clone(),
            weeks,
            teams,
        });
    }
    if out.is_empty() {
        return Err(AppError::FORBIDDEN);
    }
    Ok(out)
}

/// Sets an agency's target share within the service standard (1-100 %), for its
/// administrators.
pub async fn set_target(
    app: &App,
    user: &crate::user::SessionUser,
    agency_slug: &str,
    percent: i32,
    meta: &crate::accounts::service::Meta,
) -> Result<(), AppError> {
    let catalogue = app.catalogue().await?;
    let agency = catalogue.agency(agency_slug).ok_or(AppError::NOT_FOUND)?;
    crate::authz::check(
        Some(user),
        gerbang_domain::authz::Action::ManageStaff,
        gerbang_domain::authz::Resource::Agency(agency.id),
    )?;
    if !(1..=100).contains(&percent) {
        return Err(AppError::Invalid(vec![crate::FieldProblem {
            field: "percent".into(),
            message_id: "error-target-range".into(),
            args: Vec::new(),
            subject: None,
        }]));
    }
    let mut tx = app.db.begin().await?;
    store::set_target(&mut tx, agency.id, percent, user.id, app.clock.now()).await?;
    meta.audit("performance.target", &format!("agency:{agency_slug}"))
        .details(serde_json::json!({ "within_standard_percent": percent }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    app.figures.clear();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn weeks_are_iso_weeks_across_the_new_year() {
        assert_eq!(week_of(date!(2026 - 12 - 28)), "2026-W53");
        assert_eq!(week_of(date!(2027 - 01 - 03)), "2026-W53");
        assert_eq!(week_of(date!(2027 - 01 - 04)), "2027-W01");
        assert_eq!(week_of(date!(2025 - 12 - 29)), "2026-W01");
        assert_eq!(
            week_range(date!(2026 - 12 - 20), date!(2027 - 01 - 05)),
            ["2026-W51", "2026-W52", "2026-W53", "2027-W01"]
        );
    }

    proptest! {
        /// The weeks of a range start at the first day's, end at the last day's, hold
        /// every day's week once, and sort as text in calendar order.
        #[test]
        fn a_week_range_holds_every_day_once_in_order(start in 0i64..4000, len in 0i64..800) {
            let from = date!(2020 - 01 - 01) + time::Duration::days(start);
            let to = from + time::Duration::days(len);
            let weeks = week_range(from, to);
            prop_assert_eq!(weeks.first(), Some(&week_of(from)));
            prop_assert_eq!(weeks.last(), Some(&week_of(to)));
            prop_assert!(weeks.windows(2).all(|w| w[0] < w[1]));
            let days = usize::try_from(len).unwrap_or(0) + 1;
            prop_assert!(weeks.len() >= days.div_ceil(7) && weeks.len() <= days / 7 + 2);
        }
    }
}
