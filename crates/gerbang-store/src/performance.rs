//! Pre-aggregated performance: monthly counters and a histogram of processing times per
//! service, filled by the roll-up from the case events; targets set by agencies.

use time::{OffsetDateTime, UtcOffset};

use crate::{Conn, Db, Result, Tx};

/// A case event the roll-up has not counted yet, with what it needs of its case.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UncountedEvent {
    pub id: i64,
    pub at: OffsetDateTime,
    pub from_status: Option<String>,
    pub to_status: String,
    pub service_id: i64,
    pub service_version: i32,
    pub agency_id: i64,
    pub submitted_at: Option<OffsetDateTime>,
    pub assisted: bool,
}

/// Takes the roll-up's lock; `false` when another node holds it.
pub async fn lock_rollup(tx: &mut Tx) -> Result<bool> {
    let sql = format!(
        "SELECT id FROM perf_state WHERE id = 1 {}",
        crate::dialect::lock_skip_locked(tx.engine())
    );
    let row: Option<i32> = on_tx!(tx, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str()))
        .fetch_optional(c)
        .await?);
    Ok(row.is_some())
}

/// Whether any event waits to be counted (one read on the partial index).
pub async fn any_uncounted(db: &Db) -> Result<bool> {
    let n: Option<i64> = on_db!(db, p => sqlx::query_scalar(
        "SELECT id FROM application_events WHERE NOT counted LIMIT 1",
    )
    .fetch_optional(p)
    .await?);
    Ok(n.is_some())
}

/// The oldest events not yet counted, at most `limit`.
pub async fn uncounted(tx: &mut Tx, limit: i64) -> Result<Vec<UncountedEvent>> {
    Ok(on_tx!(tx, c => sqlx::query_as(
        "SELECT e.id, e.at, e.from_status, e.to_status, a.service_id, a.service_version, a.agency_id, a.submitted_at, a.assisted \
         FROM application_events e JOIN applications a ON a.id = e.application_id \
         WHERE NOT e.counted ORDER BY e.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(c)
    .await?))
}

/// Marks events `first..=last` among those read as counted.
pub async fn mark_counted(tx: &mut Tx, ids: &[i64]) -> Result<()> {
    for chunk in ids.chunks(500) {
        let mut sql = String::from("UPDATE application_events SET counted = TRUE WHERE id IN (");
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", i + 1));
        }
        sql.push(')');
        on_tx!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
            for id in chunk {
                q = q.bind(*id);
            }
            q.execute(c).await?.rows_affected()
        });
    }
    Ok(())
}

/// Counts to add to one month of one service.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub received: i64,
    pub received_online: i64,
    pub decided: i64,
    pub approved: i64,
    pub within_standard: i64,
}

/// The upsert that adds counts to one period's counters of a service, for a table keyed
/// by (`period`, `service_id`).
macro_rules! add_counts_sql {
    ($table:literal, $period:literal) => {
        concat!(
            "INSERT INTO ", $table, " (", $period, ", service_id, agency_id, received, decided, approved, within_standard, received_online) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (", $period, ", service_id) DO UPDATE SET \
             received = ", $table, ".received + excluded.received, \
             received_online = ", $table, ".received_online + excluded.received_online, \
             decided = ", $table, ".decided + excluded.decided, approved = ", $table, ".approved + excluded.approved, \
             within_standard = ", $table, ".within_standard + excluded.within_standard"
        )
    };
}

async fn add_counts(
    tx: &mut Tx,
    sql: &'static str,
    period: &str,
    service_id: i64,
    agency_id: i64,
    counts: Counts,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query(sql)
        .bind(period)
        .bind(service_id)
        .bind(agency_id)
        .bind(counts.received)
        .bind(counts.decided)
        .bind(counts.approved)
        .bind(counts.within_standard)
        .bind(counts.received_online)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Adds `counts` to the month's counters of a service.
pub async fn add_monthly(
    tx: &mut Tx,
    month: &str,
    service_id: i64,
    agency_id: i64,
    counts: Counts,
) -> Result<()> {
    const SQL: &str = add_counts_sql!("perf_monthly", "month");
    add_counts(tx, SQL, month, service_id, agency_id, counts).await
}

/// Adds `counts` to the ISO week's counters (`YYYY-Www`) of a service.
pub async fn add_weekly(
    tx: &mut Tx,
    week: &str,
    service_id: i64,
    agency_id: i64,
    counts: Counts,
) -> Result<()> {
    const SQL: &str = add_counts_sql!("perf_weekly", "week");
    add_counts(tx, SQL, week, service_id, agency_id, counts).await
}

/// Adds `cases` decided in `days` working days to the month's histogram of a service.
pub async fn add_days(
    tx: &mut Tx,
    month: &str,
    service_id: i64,
    agency_id: i64,
    days: i32,
    cases: i64,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO perf_days (month, service_id, agency_id, days, cases) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (month, service_id, days) DO UPDATE SET cases = perf_days.cases + excluded.cases",
    )
    .bind(month)
    .bind(service_id)
    .bind(agency_id)
    .bind(days)
    .bind(cases)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// Records when the roll-up last ran.
pub async fn rolled(tx: &mut Tx, now: OffsetDateTime) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE perf_state SET rolled_at = $1 WHERE id = 1")
        .bind(now.to_offset(UtcOffset::UTC))
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Which figures: the whole platform, an agency or a service, months `from..=to`
/// (`YYYY-MM`).
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub agency_id: Option<i64>,
    pub service_id: Option<i64>,
    pub from: String,
    pub to: String,
}

/// One month's (or week's) counters, summed over the scope.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct MonthRow {
    pub month: String,
    pub received: i64,
    pub decided: i64,
    pub approved: i64,
    pub within_standard: i64,
}

/// The scope's counters by month (months with nothing are absent).
pub async fn months(db: &Db, s: &Scope) -> Result<Vec<MonthRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT month, CAST(SUM(received) AS BIGINT) AS received, CAST(SUM(decided) AS BIGINT) AS decided, \
         CAST(SUM(approved) AS BIGINT) AS approved, CAST(SUM(within_standard) AS BIGINT) AS within_standard \
         FROM perf_monthly WHERE month >= $1 AND month <= $2 \
         AND ($3 IS NULL OR agency_id = $3) AND ($4 IS NULL OR service_id = $4) \
         GROUP BY month ORDER BY month",
    )
    .bind(&s.from)
    .bind(&s.to)
    .bind(s.agency_id)
    .bind(s.service_id)
    .fetch_all(p)
    .await?))
}

/// The scope's counters by ISO week, `from..=to` as `YYYY-Www` (weeks with nothing are
/// absent); the scope's `from` and `to` are weeks here.
pub async fn weeks(db: &Db, s: &Scope) -> Result<Vec<MonthRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT week AS month, CAST(SUM(received) AS BIGINT) AS received, CAST(SUM(decided) AS BIGINT) AS decided, \
         CAST(SUM(approved) AS BIGINT) AS approved, CAST(SUM(within_standard) AS BIGINT) AS within_standard \
         FROM perf_weekly WHERE week >= $1 AND week <= $2 \
         AND ($3 IS NULL OR agency_id = $3) AND ($4 IS NULL OR service_id = $4) \
         GROUP BY week ORDER BY week",
    )
    .bind(&s.from)
    .bind(&s.to)
    .bind(s.agency_id)
    .bind(s.service_id)
    .fetch_all(p)
    .await?))
}

/// The scope's histogram of processing times: (working days, cases).
pub async fn days(db: &Db, s: &Scope) -> Result<Vec<(i32, i64)>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT days, CAST(SUM(cases) AS BIGINT) FROM perf_days WHERE month >= $1 AND month <= $2 \
         AND ($3 IS NULL OR agency_id = $3) AND ($4 IS NULL OR service_id = $4) \
         GROUP BY days ORDER BY days",
    )
    .bind(&s.from)
    .bind(&s.to)
    .bind(s.agency_id)
    .bind(s.service_id)
    .fetch_all(p)
    .await?))
}

/// Received, received online, decided and decided within the standard in months
/// `from..=to`, by service (for the maturity profile).
pub async fn by_service(db: &Db, from: &str, to: &str) -> Result<Vec<ServiceTotals>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT service_id, CAST(SUM(received) AS BIGINT) AS received, CAST(SUM(received_online) AS BIGINT) AS received_online, \
         CAST(SUM(decided) AS BIGINT) AS decided, CAST(SUM(within_standard) AS BIGINT) AS within_standard \
         FROM perf_monthly WHERE month >= $1 AND month <= $2 GROUP BY service_id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(p)
    .await?))
}

/// One service's totals over a period.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct ServiceTotals {
    pub service_id: i64,
    pub received: i64,
    pub received_online: i64,
    pub decided: i64,
    pub within_standard: i64,
}

/// Received and decided ever, by service, for the backlog (received − decided).
pub async fn totals_by_service(db: &Db, agency_id: Option<i64>) -> Result<Vec<(i64, i64, i64)>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT service_id, CAST(SUM(received) AS BIGINT), CAST(SUM(decided) AS BIGINT) FROM perf_monthly \
         WHERE ($1 IS NULL OR agency_id = $1) GROUP BY service_id",
    )
    .bind(agency_id)
    .fetch_all(p)
    .await?))
}

/// One service's open work now: cases, of them nobody's yet, and of them past their due
/// date.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct OpenWork {
    pub service_id: i64,
    pub open: i64,
    pub unassigned: i64,
    pub overdue: i64,
}

/// The open work of `agency_id` by service: cases in `statuses` (the open ones), by the
/// inbox index.
pub async fn open_work(
    db: &Db,
    agency_id: i64,
    statuses: &[String],
    today: time::Date,
) -> Result<Vec<OpenWork>> {
    if statuses.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = String::from(
        "SELECT service_id, COUNT(*) AS open, \
         CAST(SUM(CASE WHEN assignee_id IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS unassigned, \
         CAST(SUM(CASE WHEN due_date < $2 THEN 1 ELSE 0 END) AS BIGINT) AS overdue \
         FROM applications WHERE agency_id = $1 AND status IN (",
    );
    for i in 0..statuses.len() {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!("${}", i + 3));
    }
    sql.push_str(") GROUP BY service_id");
    Ok(on_db!(db, c => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(agency_id)
            .bind(today);
        for s in statuses {
            q = q.bind(s);
        }
        q.fetch_all(c).await?
    }))
}

/// Received and decided by ISO week and service, weeks `from..=to`, for one agency.
pub async fn agency_weeks(
    db: &Db,
    agency_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<(String, i64, i64, i64)>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT week, service_id, CAST(received AS BIGINT), CAST(decided AS BIGINT) FROM perf_weekly \
         WHERE agency_id = $1 AND week >= $2 AND week <= $3 ORDER BY week",
    )
    .bind(agency_id)
    .bind(from)
    .bind(to)
    .fetch_all(p)
    .await?))
}

/// Open cases of `agency_id` in `statuses` past their due date (`today`), by the inbox
/// index.
pub async fn overdue(
    conn: impl Into<Conn<'_>>,
    agency_id: i64,
    statuses: &[String],
    service_id: Option<i64>,
    today: time::Date,
) -> Result<i64> {
    if statuses.is_empty() {
        return Ok(0);
    }
    let mut sql = String::from(
        "SELECT COUNT(*) FROM applications WHERE agency_id = $1 AND due_date < $2 AND ($3 IS NULL OR service_id = $3) AND status IN (",
    );
    for i in 0..statuses.len() {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!("${}", i + 4));
    }
    sql.push(')');
    Ok(on_conn!(conn, c => {
        let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(agency_id)
            .bind(today)
            .bind(service_id);
        for s in statuses {
            q = q.bind(s);
        }
        q.fetch_one(c).await?
    }))
}

/// An agency's target share within the service standard, in percent.
pub async fn target(conn: impl Into<Conn<'_>>, agency_id: i64) -> Result<Option<i32>> {
    Ok(on_conn!(conn, c => sqlx::query_scalar(
        "SELECT within_standard_percent FROM perf_targets WHERE agency_id = $1",
    )
    .bind(agency_id)
    .fetch_optional(c)
    .await?))
}

/// Sets an agency's target.
pub async fn set_target(
    tx: &mut Tx,
    agency_id: i64,
    percent: i32,
    by: i64,
    now: OffsetDateTime,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO perf_targets (agency_id, within_standard_percent, set_by, set_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (agency_id) DO UPDATE SET within_standard_percent = excluded.within_standard_percent, \
         set_by = excluded.set_by, set_at = excluded.set_at",
    )
    .bind(agency_id)
    .bind(percent)
    .bind(by)
    .bind(now.to_offset(UtcOffset::UTC))
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// A case from before the platform (an agency's earlier register), brought in with its
/// submission and, when decided, its decision: the demo's year of history.
#[derive(Debug, Clone)]
pub struct HistoricCase<'a> {
    pub reference: &'a str,
    pub service_id: i64,
    pub service_version: i32,
    pub agency_id: i64,
    pub applicant_id: i64,
    pub initial: &'a str,
    /// The answers, as JSON.
    pub data: &'a str,
    pub due_date: Option<time::Date>,
    pub submitted_at: OffsetDateTime,
    /// (when, action, to state, actor, actor's role) of the decision.
    pub decision: Option<(OffsetDateTime, &'a str, &'a str, i64, &'a str)>,
}

/// Inserts a historic case and its events.
pub async fn insert_historic(tx: &mut Tx, c: &HistoricCase<'_>) -> Result<()> {
    let status = c.decision.map_or(c.initial, |d| d.2);
    let updated = c.decision.map_or(c.submitted_at, |d| d.0);
    let id: i64 = on_tx!(tx, x => sqlx::query_scalar(
        "INSERT INTO applications (reference, service_id, service_version, agency_id, applicant_id, submitted_by, \
         assisted, status, data, due_date, revision, created_at, submitted_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5, FALSE, $6, $7, $8, 1, $9, $9, $10) RETURNING id",
    )
    .bind(c.reference)
    .bind(c.service_id)
    .bind(c.service_version)
    .bind(c.agency_id)
    .bind(c.applicant_id)
    .bind(status)
    .bind(c.data)
    .bind(c.due_date)
    .bind(c.submitted_at.to_offset(UtcOffset::UTC))
    .bind(updated.to_offset(UtcOffset::UTC))
    .fetch_one(x)
    .await?);
    on_tx!(tx, x => sqlx::query(
        "INSERT INTO application_events (application_id, at, actor_id, actor_role, action, from_status, to_status) \
         VALUES ($1, $2, $3, 'applicant', 'submit', NULL, $4)",
    )
    .bind(id)
    .bind(c.submitted_at.to_offset(UtcOffset::UTC))
    .bind(c.applicant_id)
    .bind(c.initial)
    .execute(x)
    .await?
    .rows_affected());
    if let Some((at, action, to, actor, role)) = c.decision {
        on_tx!(tx, x => sqlx::query(
            "INSERT INTO application_events (application_id, at, actor_id, actor_role, action, from_status, to_status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(at.to_offset(UtcOffset::UTC))
        .bind(actor)
        .bind(role)
        .bind(action)
        .bind(c.initial)
        .bind(to)
        .execute(x)
        .await?
        .rows_affected());
    }
    Ok(())
}

/// Whether any case was submitted before `before`: an earlier register was brought in
/// (the demo's year of history), whether or not the roll-up has counted it yet.
pub async fn has_history(db: &Db, before: OffsetDateTime) -> Result<bool> {
    let n: Option<i64> = on_db!(db, p => sqlx::query_scalar(
        "SELECT id FROM applications WHERE submitted_at < $1 LIMIT 1",
    )
    .bind(before.to_offset(UtcOffset::UTC))
    .fetch_optional(p)
    .await?);
    Ok(n.is_some())
}
