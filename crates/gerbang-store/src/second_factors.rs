//! Second factors: an account's TOTP secret (sealed by the caller, never stored in clear)
//! and its one-time recovery codes (only their hashes).

use time::OffsetDateTime;

use crate::{Conn, Result, Tx};

/// An account's TOTP enrolment.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TotpRow {
    pub user_id: i64,
    pub secret_sealed: Vec<u8>,
    pub secret_nonce: Vec<u8>,
    pub created_at: OffsetDateTime,
    /// `None` while enrolling.
    pub confirmed_at: Option<OffsetDateTime>,
    pub last_step: i64,
}

/// The account's TOTP enrolment, confirmed or not.
pub async fn totp_of(conn: impl Into<Conn<'_>>, user_id: i64) -> Result<Option<TotpRow>> {
    Ok(on_conn!(conn, c => sqlx::query_as(
        "SELECT user_id, secret_sealed, secret_nonce, created_at, confirmed_at, last_step FROM second_factors WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(c)
    .await?))
}

/// Starts (or restarts) an enrolment with a new sealed secret; an enrolment already
/// confirmed is left alone (false).
pub async fn begin_totp(
    tx: &mut Tx,
    user_id: i64,
    sealed: &[u8],
    nonce: &[u8],
    now: OffsetDateTime,
) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "INSERT INTO second_factors (user_id, secret_sealed, secret_nonce, created_at, confirmed_at, last_step) \
         VALUES ($1, $2, $3, $4, NULL, 0) ON CONFLICT (user_id) DO UPDATE SET secret_sealed = $2, secret_nonce = $3, \
         created_at = $4, last_step = 0 WHERE second_factors.confirmed_at IS NULL",
    )
    .bind(user_id)
    .bind(sealed)
    .bind(nonce)
    .bind(now)
    .execute(c)
    .await?
    .rows_affected());
    Ok(n == 1)
}

/// Accepts the code of time step `step`: only if it is later than every step accepted
/// before (a code is good once), confirming the enrolment if it was pending. Atomic:
/// of two requests with the same code, one wins.
pub async fn accept_step(
    tx: &mut Tx,
    user_id: i64,
    step: i64,
    now: OffsetDateTime,
) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE second_factors SET last_step = $1, confirmed_at = COALESCE(confirmed_at, $2) \
         WHERE user_id = $3 AND last_step < $1",
    )
    .bind(step)
    .bind(now)
    .bind(user_id)
    .execute(c)
    .await?
    .rows_affected());
    Ok(n == 1)
}

/// Marks an enrolment confirmed without a code (the operator's enrolment of a known key).
pub async fn confirm(tx: &mut Tx, user_id: i64, now: OffsetDateTime) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "UPDATE second_factors SET confirmed_at = COALESCE(confirmed_at, $1) WHERE user_id = $2",
    )
    .bind(now)
    .bind(user_id)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// Removes the second factor and the recovery codes (an administrator's reset).
pub async fn remove(tx: &mut Tx, user_id: i64) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query("DELETE FROM second_factors WHERE user_id = $1")
        .bind(user_id)
        .execute(c)
        .await?
        .rows_affected());
    on_tx!(tx, c => sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(n == 1)
}

/// Replaces the account's recovery codes with new ones (hashes).
pub async fn replace_recovery_codes(tx: &mut Tx, user_id: i64, hashes: &[String]) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(c)
        .await?
        .rows_affected());
    for h in hashes {
        on_tx!(tx, c => sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(h)
            .execute(c)
            .await?
            .rows_affected());
    }
    Ok(())
}

/// Uses up the recovery code with this hash; false when there is none unused.
pub async fn use_recovery_code(
    tx: &mut Tx,
    user_id: i64,
    hash: &str,
    now: OffsetDateTime,
) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(hash)
    .execute(c)
    .await?
    .rows_affected());
    Ok(n == 1)
}

/// Recovery codes not yet used.
pub async fn recovery_codes_left(conn: impl Into<Conn<'_>>, user_id: i64) -> Result<i64> {
    Ok(on_conn!(conn, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(c)
    .await?))
}
