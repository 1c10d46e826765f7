//! Webhook endpoints, their messages and every delivery attempt.
//!
//! A message is written in the transaction of the change it announces. A worker on any
//! node [`claim_due`]s a batch (a lease: `next_attempt_at` pushed past the deliveries, with
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL, SQLite's single writer otherwise), delivers it
//! outside any transaction, and records the outcome with [`record_attempt`].

use time::{Duration, OffsetDateTime, UtcOffset};

use crate::{Db, Result, Tx};

/// How long a claim keeps a message from other workers: longer than a batch of
/// deliveries that all time out.
pub const LEASE: Duration = Duration::minutes(5);

/// Longest error or response text kept per attempt, in characters.
const MAX_ERROR_CHARS: usize = 300;

/// An endpoint as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EndpointRow {
    pub id: i64,
    pub uid: String,
    pub owner_id: i64,
    pub url: String,
    pub description: String,
    pub event_types: String,
    pub secret_sealed: Vec<u8>,
    pub secret_nonce: Vec<u8>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub failed_in_a_row: i32,
    pub created_at: OffsetDateTime,
}

macro_rules! endpoint_columns {
    () => {
        "id, uid, owner_id, url, description, event_types, secret_sealed, secret_nonce, enabled, \
         disabled_reason, failed_in_a_row, created_at"
    };
}

/// A new endpoint.
#[derive(Debug, Clone)]
pub struct NewEndpoint<'a> {
    pub uid: &'a str,
    pub owner_id: i64,
    pub url: &'a str,
    pub description: &'a str,
    pub event_types: &'a str,
    pub secret_sealed: &'a [u8],
    pub secret_nonce: &'a [u8],
}

/// Registers an endpoint in the caller's transaction; returns its row id.
pub async fn insert_endpoint(tx: &mut Tx, e: &NewEndpoint<'_>) -> Result<i64> {
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO webhook_endpoints (uid, owner_id, url, description, event_types, secret_sealed, \
         secret_nonce, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(e.uid)
    .bind(e.owner_id)
    .bind(e.url)
    .bind(e.description)
    .bind(e.event_types)
    .bind(e.secret_sealed)
    .bind(e.secret_nonce)
    .bind(OffsetDateTime::now_utc())
    .fetch_one(c)
    .await?))
}

/// An owner's endpoints (not deleted), newest first.
pub async fn endpoints_of(db: &Db, owner_id: i64) -> Result<Vec<EndpointRow>> {
    Ok(on_db!(db, p => sqlx::query_as(concat!(
        "SELECT ", endpoint_columns!(),
        " FROM webhook_endpoints WHERE owner_id = $1 AND deleted_at IS NULL ORDER BY id DESC"
    ))
    .bind(owner_id)
    .fetch_all(p)
    .await?))
}

/// One endpoint by its public id (not deleted).
pub async fn endpoint(db: &Db, uid: &str) -> Result<Option<EndpointRow>> {
    Ok(on_db!(db, p => sqlx::query_as(concat!(
        "SELECT ", endpoint_columns!(),
        " FROM webhook_endpoints WHERE uid = $1 AND deleted_at IS NULL"
    ))
    .bind(uid)
    .fetch_optional(p)
    .await?))
}

/// One endpoint by row id (deleted or not: a message in flight still names it).
pub async fn endpoint_by_id(db: &Db, id: i64) -> Result<Option<EndpointRow>> {
    Ok(on_db!(db, p => sqlx::query_as(concat!(
        "SELECT ", endpoint_columns!(), " FROM webhook_endpoints WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(p)
    .await?))
}

/// The enabled endpoints of `owner_id` that take `event_type`.
pub async fn subscribers(
    tx: &mut Tx,
    owner_id: i64,
    event_type: &str,
) -> Result<Vec<(i64, String)>> {
    let rows: Vec<(i64, String)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, event_types FROM webhook_endpoints WHERE owner_id = $1 AND enabled AND deleted_at IS NULL",
    )
    .bind(owner_id)
    .fetch_all(c)
    .await?);
    Ok(rows
        .into_iter()
        .filter(|(_, types)| types.split(' ').any(|t| t == event_type))
        .collect())
}

/// The applicant of a case (whose endpoints hear about it), in the caller's transaction.
pub async fn owner_of_case(tx: &mut Tx, application_id: i64) -> Result<Option<i64>> {
    Ok(
        on_tx!(tx, c => sqlx::query_scalar("SELECT applicant_id FROM applications WHERE id = $1")
        .bind(application_id)
        .fetch_optional(c)
        .await?),
    )
}

/// Switches an endpoint on (the owner's choice: its count of failures starts again) or off
/// (with the reason).
pub async fn set_enabled(tx: &mut Tx, id: i64, enabled: bool, reason: Option<&str>) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "UPDATE webhook_endpoints SET enabled = $2, disabled_reason = $3, \
         failed_in_a_row = CASE WHEN $2 THEN 0 ELSE failed_in_a_row END WHERE id = $1",
    )
    .bind(id)
    .bind(enabled)
    .bind(reason)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// Parks a message of a switched-off endpoint: no try until the endpoint is switched on.
pub async fn park(db: &Db, id: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    on_tx!(tx, c => sqlx::query(
        "UPDATE webhook_messages SET next_attempt_at = NULL WHERE id = $1 AND delivered_at IS NULL",
    )
    .bind(id)
    .execute(c)
    .await?
    .rows_affected());
    tx.commit().await?;
    Ok(())
}

/// Makes the parked messages of an endpoint due now (it was switched on again).
pub async fn unpark(tx: &mut Tx, endpoint_id: i64, now: OffsetDateTime) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "UPDATE webhook_messages SET next_attempt_at = $2 WHERE endpoint_id = $1 \
         AND delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at IS NULL",
    )
    .bind(endpoint_id)
    .bind(now.to_offset(UtcOffset::UTC))
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// Removes an endpoint: nothing more is written for it or delivered to it; its messages
/// and attempts stay for the record.
pub async fn delete_endpoint(tx: &mut Tx, id: i64) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    on_tx!(tx, c => sqlx::query(
        "UPDATE webhook_endpoints SET deleted_at = $2, enabled = FALSE WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .execute(c)
    .await?
    .rows_affected());
    on_tx!(tx, c => sqlx::query(
        "UPDATE webhook_messages SET next_attempt_at = NULL, failed_at = $2, last_error = 'endpoint removed' \
         WHERE endpoint_id = $1 AND delivered_at IS NULL AND failed_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// Writes a message for an endpoint, due now, in the caller's transaction.
pub async fn enqueue(
    tx: &mut Tx,
    msg_id: &str,
    endpoint_id: i64,
    event_type: &str,
    payload: &str,
) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO webhook_messages (msg_id, endpoint_id, event_type, payload, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(msg_id)
    .bind(endpoint_id)
    .bind(event_type)
    .bind(payload)
    .bind(now)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// A message as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub msg_id: String,
    pub endpoint_id: i64,
    pub event_type: String,
    pub payload: String,
    pub created_at: OffsetDateTime,
    pub attempts: i32,
    pub next_attempt_at: Option<OffsetDateTime>,
    pub delivered_at: Option<OffsetDateTime>,
    pub failed_at: Option<OffsetDateTime>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    /// The owner asked for it again.
    pub manual_requested: bool,
}

macro_rules! message_columns {
    () => {
        "id, msg_id, endpoint_id, event_type, payload, created_at, attempts, next_attempt_at, \
         delivered_at, failed_at, last_status, last_error, manual_requested"
    };
}

/// Claims up to `limit` messages due at `now` for delivery, oldest first: their
/// `next_attempt_at` moves to `now + LEASE`, so no other worker takes them meanwhile.
pub async fn claim_due(db: &Db, now: OffsetDateTime, limit: i64) -> Result<Vec<MessageRow>> {
    let now = now.to_offset(UtcOffset::UTC);
    let sql = format!(
        "UPDATE webhook_messages SET next_attempt_at = $1 WHERE id IN (\
         SELECT id FROM webhook_messages WHERE delivered_at IS NULL AND failed_at IS NULL \
         AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT $3 {lock}) RETURNING {columns}",
        lock = crate::dialect::lock_skip_locked(db.engine()),
        columns = message_columns!(),
    );
    let mut tx = db.begin().await?;
    let mut claimed: Vec<MessageRow> = on_tx!(&mut tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(now + LEASE)
        .bind(now)
        .bind(limit)
        .fetch_all(c)
        .await?);
    tx.commit().await?;
    claimed.sort_by_key(|m| m.id);
    Ok(claimed)
}

/// One message by its public id, if it belongs to `endpoint_id`.
pub async fn message(db: &Db, endpoint_id: i64, msg_id: &str) -> Result<Option<MessageRow>> {
    Ok(on_db!(db, p => sqlx::query_as(concat!(
        "SELECT ", message_columns!(), " FROM webhook_messages WHERE endpoint_id = $1 AND msg_id = $2"
    ))
    .bind(endpoint_id)
    .bind(msg_id)
    .fetch_optional(p)
    .await?))
}

/// An endpoint's messages, newest first.
pub async fn messages_of(db: &Db, endpoint_id: i64, limit: i64) -> Result<Vec<MessageRow>> {
    Ok(on_db!(db, p => sqlx::query_as(concat!(
        "SELECT ", message_columns!(), " FROM webhook_messages WHERE endpoint_id = $1 ORDER BY id DESC LIMIT $2"
    ))
    .bind(endpoint_id)
    .bind(limit)
    .fetch_all(p)
    .await?))
}

/// One delivery attempt as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttemptRow {
    pub message_id: i64,
    pub at: OffsetDateTime,
    pub status: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i32,
    pub manual: bool,
}

/// The attempts of an endpoint's latest messages, newest first.
pub async fn attempts_of(db: &Db, endpoint_id: i64, limit: i64) -> Result<Vec<AttemptRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT a.message_id, a.at, a.status, a.error, a.duration_ms, a.manual FROM webhook_attempts a \
         JOIN webhook_messages m ON m.id = a.message_id WHERE m.endpoint_id = $1 ORDER BY a.id DESC LIMIT $2",
    )
    .bind(endpoint_id)
    .bind(limit)
    .fetch_all(p)
    .await?))
}

/// How one attempt went.
#[derive(Debug, Clone)]
pub struct Outcome<'a> {
    pub at: OffsetDateTime,
    pub status: Option<i32>,
    pub error: Option<&'a str>,
    pub duration_ms: i32,
    pub manual: bool,
    /// The receiver accepted it (a 2xx answer).
    pub delivered: bool,
    /// When to try again; `None` with `delivered` false: every try is used.
    pub next_attempt_at: Option<OffsetDateTime>,
}

/// Records an attempt on message `id` and its consequence, in one transaction: delivered,
/// tried again later, or failed for good (then the endpoint's count of failed messages in
/// a row, and whether it is switched off, are `endpoint_failures`).
pub async fn record_attempt(
    db: &Db,
    id: i64,
    endpoint_id: i64,
    o: &Outcome<'_>,
    endpoint_failures: Option<(i32, bool)>,
) -> Result<()> {
    let error: Option<String> = o.error.map(|e| e.chars().take(MAX_ERROR_CHARS).collect());
    let mut tx = db.begin().await?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO webhook_attempts (message_id, at, status, error, duration_ms, manual) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(o.at.to_offset(UtcOffset::UTC))
    .bind(o.status)
    .bind(error.as_deref())
    .bind(o.duration_ms)
    .bind(o.manual)
    .execute(c)
    .await?
    .rows_affected());
    let gave_up = !o.delivered && o.next_attempt_at.is_none();
    on_tx!(tx, c => sqlx::query(
        "UPDATE webhook_messages SET attempts = attempts + 1, last_status = $2, last_error = $3, \
         delivered_at = CASE WHEN $4 THEN $5 ELSE delivered_at END, \
         failed_at = CASE WHEN $6 AND delivered_at IS NULL THEN $5 ELSE failed_at END, \
         next_attempt_at = $7, manual_requested = FALSE WHERE id = $1",
    )
    .bind(id)
    .bind(o.status)
    .bind(error.as_deref())
    .bind(o.delivered)
    .bind(o.at.to_offset(UtcOffset::UTC))
    .bind(gave_up)
    .bind(o.next_attempt_at.map(|t| t.to_offset(UtcOffset::UTC)))
    .execute(c)
    .await?
    .rows_affected());
    if let Some((in_a_row, off)) = endpoint_failures {
        on_tx!(tx, c => sqlx::query(
            "UPDATE webhook_endpoints SET failed_in_a_row = $2, enabled = CASE WHEN $3 THEN FALSE ELSE enabled END, \
             disabled_reason = CASE WHEN $3 THEN 'failing' ELSE disabled_reason END WHERE id = $1",
        )
        .bind(endpoint_id)
        .bind(in_a_row)
        .bind(off)
        .execute(c)
        .await?
        .rows_affected());
    }
    tx.commit().await?;
    Ok(())
}

/// Puts a message back in the queue, due now (a manual redelivery: also one that failed
/// for good or was delivered).
pub async fn requeue(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "UPDATE webhook_messages SET next_attempt_at = $2, failed_at = NULL, delivered_at = NULL, \
         manual_requested = TRUE WHERE id = $1",
    )
    .bind(id)
    .bind(now.to_offset(UtcOffset::UTC))
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}
