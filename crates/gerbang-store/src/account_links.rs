//! Single-use links sent by email: password reset, address confirmation, account claim.
//! Only the hash of a link's token is stored; using it is one atomic update.

use time::OffsetDateTime;

use crate::{Result, Tx};

/// Stores a link's token hash for `purpose`, valid until `expires_at`. Earlier unused
/// links of the same purpose stop working: only the newest one counts.
pub async fn create(
    tx: &mut Tx,
    token_hash: &str,
    user_id: i64,
    purpose: &str,
    now: OffsetDateTime,
    expires_at: OffsetDateTime,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM account_links WHERE user_id = $1 AND purpose = $2")
        .bind(user_id)
        .bind(purpose)
        .execute(c)
        .await?
        .rows_affected());
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO account_links (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(purpose)
    .bind(now)
    .bind(expires_at)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// The account a live, unused link of `purpose` belongs to (not using it up).
pub async fn peek(
    tx: &mut Tx,
    token_hash: &str,
    purpose: &str,
    now: OffsetDateTime,
) -> Result<Option<i64>> {
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "SELECT user_id FROM account_links WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(purpose)
    .bind(now)
    .fetch_optional(c)
    .await?))
}

/// Uses up a live link of `purpose`: the account it was for, or `None` (unknown, used or
/// expired). Of two concurrent uses, one wins.
pub async fn take(
    tx: &mut Tx,
    token_hash: &str,
    purpose: &str,
    now: OffsetDateTime,
) -> Result<Option<i64>> {
    let Some(user_id) = peek(tx, token_hash, purpose, now).await? else {
        return Ok(None);
    };
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE account_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .execute(c)
    .await?
    .rows_affected());
    Ok((n == 1).then_some(user_id))
}
