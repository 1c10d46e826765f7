//! The mail outbox: messages are written in the same transaction as the change they
//! announce, and sent later by a worker, so a mail-server outage never loses or blocks
//! a case.
//!
//! Sending side: a worker [`claim_due`]s a batch (a lease, so that two app nodes never
//! send the same message), sends each, then [`mark_sent`] or [`mark_failed`] with the next
//! try [`retry_delay`] later. After [`MAX_ATTEMPTS`] failures a message is left unsent with
//! its last error, never deleted.

use time::{Duration, OffsetDateTime, UtcOffset};

use crate::{Db, Result, Tx};

/// Queues a message for sending, inside the caller's transaction.
pub async fn enqueue(tx: &mut Tx, recipient: &str, subject: &str, body: &str) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO outbox (recipient, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(recipient)
    .bind(subject)
    .bind(body)
    .bind(now)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// Failed sends after which a message is no longer tried; it stays in the table, unsent,
/// with its last error, for an operator to look at.
pub const MAX_ATTEMPTS: i32 = 20;

/// How long a claim keeps a message from other workers: longer than a batch of sends
/// that all time out. A worker sends nothing from a claim close to its end.
pub const LEASE: Duration = Duration::minutes(10);

/// Longest error text kept per message, in characters.
const MAX_ERROR_CHARS: usize = 500;

/// Every column, in [`OutboxMessage`]'s order.
macro_rules! outbox_columns {
    () => {
        "id, recipient, subject, body, created_at, attempts, next_attempt_at, sent_at, last_error"
    };
}

/// A queued message as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxMessage {
    /// Row id.
    pub id: i64,
    /// One email address.
    pub recipient: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// When it was queued.
    pub created_at: OffsetDateTime,
    /// Failed sends so far.
    pub attempts: i32,
    /// When it may next be tried; for a message just claimed, when the claim ends.
    pub next_attempt_at: OffsetDateTime,
    /// When the mail server accepted it.
    pub sent_at: Option<OffsetDateTime>,
    /// Why the last send failed, shortened.
    pub last_error: Option<String>,
}

/// Claims up to `limit` unsent messages due at `now`, oldest first, by pushing their
/// `next_attempt_at` to `now + LEASE`: until then no other worker sees them.
///
/// PostgreSQL skips rows another claimer holds (`FOR UPDATE SKIP LOCKED`); SQLite runs the
/// claim in a `BEGIN IMMEDIATE` transaction, i.e. under its single write lock.
pub async fn claim_due(db: &Db, now: OffsetDateTime, limit: i64) -> Result<Vec<OutboxMessage>> {
    // SQLite compares the stored RFC 3339 text: keep every timestamp in UTC.
    let now = now.to_offset(UtcOffset::UTC);
    let sql = format!(
        "UPDATE outbox SET next_attempt_at = $1 WHERE id IN (\
         SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < $2 AND next_attempt_at <= $3 \
         ORDER BY id LIMIT $4 {lock}) RETURNING {columns}",
        lock = crate::dialect::lock_skip_locked(db.engine()),
        columns = outbox_columns!(),
    );
    let mut tx = db.begin().await?;
    let mut claimed: Vec<OutboxMessage> = on_tx!(&mut tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(now + LEASE)
        .bind(MAX_ATTEMPTS)
        .bind(now)
        .bind(limit)
        .fetch_all(c)
        .await?);
    tx.commit().await?;
    // RETURNING promises no order.
    claimed.sort_by_key(|m| m.id);
    Ok(claimed)
}

/// Records that the mail server accepted message `id`.
pub async fn mark_sent(db: &Db, id: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    on_tx!(tx, c => sqlx::query("UPDATE outbox SET sent_at = $2 WHERE id = $1 AND sent_at IS NULL")
        .bind(id)
        .bind(OffsetDateTime::now_utc())
        .execute(c)
        .await?
        .rows_affected());
    tx.commit().await?;
    Ok(())
}

/// Records a failed send of message `id`: one more attempt, the error (shortened), and
/// when to try again (see [`retry_delay`]).
pub async fn mark_failed(
    db: &Db,
    id: i64,
    error: &str,
    next_attempt_at: OffsetDateTime,
) -> Result<()> {
    let mut tx = db.begin().await?;
    on_tx!(tx, c => sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 \
         WHERE id = $1 AND sent_at IS NULL",
    )
    .bind(id)
    .bind(shorten(error))
    .bind(next_attempt_at.to_offset(UtcOffset::UTC))
    .execute(c)
    .await?
    .rows_affected());
    tx.commit().await?;
    Ok(())
}

/// Unsent messages that will still be tried (fewer than [`MAX_ATTEMPTS`] failures).
pub async fn pending_count(db: &Db) -> Result<i64> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND attempts < $1",
    )
    .bind(MAX_ATTEMPTS)
    .fetch_one(p)
    .await?))
}

/// Unsent messages given up on after [`MAX_ATTEMPTS`] failures.
pub async fn abandoned_count(db: &Db) -> Result<i64> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND attempts >= $1",
    )
    .bind(MAX_ATTEMPTS)
    .fetch_one(p)
    .await?))
}

/// One message by id, whatever its state.
pub async fn find(db: &Db, id: i64) -> Result<Option<OutboxMessage>> {
    const SQL: &str = concat!("SELECT ", outbox_columns!(), " FROM outbox WHERE id = $1");
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(id).fetch_optional(p).await?))
}

/// The latest `limit` messages, newest first, whatever their state (for operators and tests).
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<OutboxMessage>> {
    const SQL: &str = concat!(
        "SELECT ",
        outbox_columns!(),
        " FROM outbox ORDER BY id DESC LIMIT $1"
    );
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(limit).fetch_all(p).await?))
}

/// Wait before the next try of a message that has failed `attempts` times:
/// 1 minute, 2, 4, ... doubling, at most 1 hour.
pub fn retry_delay(attempts: i32) -> Duration {
    // 2^6 minutes already passes the cap; clamping first keeps the shift small.
    let doublings = attempts.saturating_sub(1).clamp(0, 6).unsigned_abs();
    Duration::minutes((1_i64 << doublings).min(60))
}

/// The first [`MAX_ERROR_CHARS`] characters of an error, on one line.
fn shorten(error: &str) -> String {
    let one_line = error.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(MAX_ERROR_CHARS) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

/// Messages waiting to be sent (not sent, not given up on): the job queue's depth.
pub async fn pending(db: &Db) -> Result<i64> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND attempts < $1",
    )
    .bind(MAX_ATTEMPTS)
    .fetch_one(p)
    .await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_delay_doubles_from_one_minute_up_to_an_hour() {
        let minutes: Vec<i64> = (1..=9).map(|a| retry_delay(a).whole_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(retry_delay(0), Duration::minutes(1));
        assert_eq!(retry_delay(i32::MAX), Duration::hours(1));
    }

    #[test]
    fn errors_are_kept_short_and_on_one_line() {
        assert_eq!(shorten("connection\n  refused"), "connection refused");
        let long = "é".repeat(MAX_ERROR_CHARS + 10);
        let short = shorten(&long);
        assert_eq!(short.chars().count(), MAX_ERROR_CHARS + 1);
        assert!(short.ends_with('…'));
    }
}
