//! The job queue: timed work (a complaint's deadline, its automatic close) kept in the
//! database, so that it survives restarts and runs once whatever the number of nodes.
//!
//! A worker opens a transaction, [`claim`]s one due job in it (PostgreSQL: `FOR UPDATE
//! SKIP LOCKED`, so another node takes the next one instead of waiting; SQLite: the single
//! writer), does the job's work **in the same transaction**, and [`finish`]es it there. The
//! work and the mark commit together or not at all: a node that dies half-way leaves the
//! job as it was, and no job is ever done twice.

use time::{Duration, OffsetDateTime, UtcOffset};

use crate::{Db, Result, Tx};

/// Failed runs after which a job is no longer tried; it stays, with its last error.
pub const MAX_ATTEMPTS: i32 = 10;

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    /// What to do, such as `complaint.deadline`.
    pub kind: String,
    /// What it is done to (a complaint id).
    pub subject_id: i64,
    /// Which occurrence: a job acts only if its subject still expects this one.
    pub seq: i32,
    pub run_at: OffsetDateTime,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub done_at: Option<OffsetDateTime>,
}

/// Schedules `kind` on `subject_id` (occurrence `seq`) at `run_at`, inside the caller's
/// transaction; scheduling the same occurrence twice keeps the first.
pub async fn schedule(
    tx: &mut Tx,
    kind: &str,
    subject_id: i64,
    seq: i32,
    run_at: OffsetDateTime,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO jobs (kind, subject_id, seq, run_at, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (kind, subject_id, seq) DO NOTHING",
    )
    .bind(kind)
    .bind(subject_id)
    .bind(seq)
    .bind(run_at.to_offset(UtcOffset::UTC))
    .bind(OffsetDateTime::now_utc())
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// Takes the oldest job due at `now` into the caller's transaction: until it commits or
/// rolls back, no other worker sees that job.
pub async fn claim(tx: &mut Tx, now: OffsetDateTime) -> Result<Option<JobRow>> {
    let sql = format!(
        "SELECT id, kind, subject_id, seq, run_at, attempts, last_error, done_at FROM jobs \
         WHERE done_at IS NULL AND attempts < $1 AND run_at <= $2 ORDER BY run_at, id LIMIT 1 {lock}",
        lock = crate::dialect::lock_skip_locked(tx.engine()),
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(MAX_ATTEMPTS)
        .bind(now.to_offset(UtcOffset::UTC))
        .fetch_optional(c)
        .await?),
    )
}

/// Marks a claimed job done by `node`, in the transaction that did its work.
pub async fn finish(tx: &mut Tx, id: i64, now: OffsetDateTime, node: &str) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE jobs SET done_at = $2, done_by = $3 WHERE id = $1")
        .bind(id)
        .bind(now.to_offset(UtcOffset::UTC))
        .bind(node)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Records that job `id` failed (its work rolled back): one more attempt, the error, and
/// the next try after [`retry_delay`].
pub async fn failed(db: &Db, id: i64, error: &str, now: OffsetDateTime) -> Result<()> {
    let mut tx = db.begin().await?;
    let attempts: i32 = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT attempts FROM jobs WHERE id = $1")
        .bind(id)
        .fetch_one(c)
        .await?);
    let next = now + retry_delay(attempts + 1);
    let error: String = error.chars().take(500).collect();
    on_tx!(&mut tx, c => sqlx::query(
        "UPDATE jobs SET attempts = attempts + 1, last_error = $2, run_at = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(error)
    .bind(next.to_offset(UtcOffset::UTC))
    .execute(c)
    .await?
    .rows_affected());
    tx.commit().await?;
    Ok(())
}

/// Wait before the next try of a job that failed `attempts` times: 1 minute, doubling,
/// at most 1 hour.
pub fn retry_delay(attempts: i32) -> Duration {
    let doublings = attempts.saturating_sub(1).clamp(0, 6).unsigned_abs();
    Duration::minutes((1_i64 << doublings).min(60))
}

/// Jobs not done yet and still to be tried, and of those, how many are due at `now`.
pub async fn pending(db: &Db, now: OffsetDateTime) -> Result<(i64, i64)> {
    let row: (i64, i64) = on_db!(db, p => sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN run_at <= $2 THEN 1 ELSE 0 END), 0) FROM jobs \
         WHERE done_at IS NULL AND attempts < $1",
    )
    .bind(MAX_ATTEMPTS)
    .bind(now.to_offset(UtcOffset::UTC))
    .fetch_one(p)
    .await?);
    Ok(row)
}

/// The jobs on one subject, oldest first (for operators and tests).
pub async fn of_subject(db: &Db, kind: &str, subject_id: i64) -> Result<Vec<JobRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, kind, subject_id, seq, run_at, attempts, last_error, done_at FROM jobs \
         WHERE kind = $1 AND subject_id = $2 ORDER BY id",
    )
    .bind(kind)
    .bind(subject_id)
    .fetch_all(p)
    .await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_an_hour() {
        let minutes: Vec<i64> = (1..=8).map(|a| retry_delay(a).whole_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60]);
    }
}
