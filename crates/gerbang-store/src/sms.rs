//! Text messages in and out, and their delivery reports.

use time::OffsetDateTime;

use crate::{Conn, Result, Tx};

/// A message as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SmsRow {
    pub id: i64,
    pub direction: String,
    pub phone: String,
    pub body: String,
    pub state: String,
    pub reply_to: Option<i64>,
    pub complaint_id: Option<i64>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub report: Option<i32>,
    pub created_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
    pub reported_at: Option<OffsetDateTime>,
}

/// Records a message: `in` (state `received`) or `out` (state `queued`).
pub async fn insert(
    tx: &mut Tx,
    direction: &str,
    phone: &str,
    body: &str,
    reply_to: Option<i64>,
    now: OffsetDateTime,
) -> Result<i64> {
    let state = if direction == "in" {
        "received"
    } else {
        "queued"
    };
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO sms_messages (direction, phone, body, state, reply_to, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(direction)
    .bind(phone)
    .bind(body)
    .bind(state)
    .bind(reply_to)
    .bind(now)
    .fetch_one(c)
    .await?))
}

/// Links an incoming message to the complaint it filed.
pub async fn set_complaint(tx: &mut Tx, id: i64, complaint_id: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE sms_messages SET complaint_id = $1 WHERE id = $2")
        .bind(complaint_id)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

pub async fn by_id(conn: impl Into<Conn<'_>>, id: i64) -> Result<Option<SmsRow>> {
    Ok(on_conn!(conn, p => sqlx::query_as(
        "SELECT id, direction, phone, body, state, reply_to, complaint_id, attempts, last_error, \
         report, created_at, sent_at, reported_at FROM sms_messages WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(p)
    .await?))
}

/// The gateway took an outgoing message.
pub async fn mark_sent(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "UPDATE sms_messages SET state = 'sent', sent_at = $1, attempts = attempts + 1 \
         WHERE id = $2 AND state = 'queued'",
    )
    .bind(now)
    .bind(id)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// Records a delivery report; a final state (delivered, failed) is not undone by a late
/// intermediate report. Returns false for an unknown message.
pub async fn report(
    tx: &mut Tx,
    id: i64,
    report: i32,
    state: &str,
    now: OffsetDateTime,
) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE sms_messages SET \
         report = CASE WHEN state IN ('delivered', 'failed') THEN report ELSE $1 END, reported_at = $2, \
         state = CASE WHEN state IN ('delivered', 'failed') THEN state ELSE $3 END \
         WHERE id = $4 AND direction = 'out'",
    )
    .bind(report)
    .bind(now)
    .bind(state)
    .bind(id)
    .execute(c)
    .await?
    .rows_affected());
    Ok(n == 1)
}
