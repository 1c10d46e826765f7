//! Personal API tokens and the responses remembered for `Idempotency-Key` retries.
//!
//! Only the SHA-256 of a token is stored; the token itself is shown to its owner once.
//! Checking a token costs one indexed read; `last_used_at` is written at most once a
//! minute per token, so a busy client does not turn every API call into a write.

use time::{Duration, OffsetDateTime};

use crate::accounts::UserRow;
use crate::user_columns;
use crate::{Db, Result, Tx};

/// How stale `last_used_at` may get before a use refreshes it.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// A token as its owner sees it listed (never the token itself).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    /// `None` for tokens from before expiry existed: see [`TokenRow::expires`].
    pub expires_at: Option<OffsetDateTime>,
    /// Space-separated scope names.
    pub scopes: String,
}

/// How long a token made before tokens had an expiry lives after its creation.
pub const LEGACY_LIFETIME: Duration = Duration::days(90);

impl TokenRow {
    /// When the token stops working.
    pub fn expires(&self) -> OffsetDateTime {
        self.expires_at.unwrap_or(self.created_at + LEGACY_LIFETIME)
    }
}

/// A token to store.
#[derive(Debug, Clone)]
pub struct NewToken<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub scopes: &'a str,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// Stores a new token under its hash; returns its id.
pub async fn create(tx: &mut Tx, t: &NewToken<'_>) -> Result<i64> {
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at, scopes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(t.user_id)
    .bind(t.name)
    .bind(t.token_hash)
    .bind(t.created_at)
    .bind(t.expires_at)
    .bind(t.scopes)
    .fetch_one(c)
    .await?))
}

/// A token as its use finds it: the account and the token, expired or not (the caller
/// tells by its clock).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenUse {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub token_id: i64,
    pub last_used_at: Option<OffsetDateTime>,
    pub token_created_at: OffsetDateTime,
    pub expires_at: Option<OffsetDateTime>,
    pub scopes: String,
}

impl TokenUse {
    /// When the token stops working.
    pub fn expires(&self) -> OffsetDateTime {
        self.expires_at
            .unwrap_or(self.token_created_at + LEGACY_LIFETIME)
    }
}

/// The account a token belongs to, with the token. Records the use (at `now`) when the
/// last recorded one is more than a minute old and the token is still valid.
pub async fn user_by_token(
    db: &Db,
    token_hash: &str,
    now: OffsetDateTime,
) -> Result<Option<TokenUse>> {
    const SQL: &str = concat!(
        "SELECT ",
        user_columns!(),
        ", t.id AS token_id, t.last_used_at, t.created_at AS token_created_at, t.expires_at, t.scopes \
         FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1"
    );
    let found: Option<TokenUse> =
        on_db!(db, p => sqlx::query_as(SQL).bind(token_hash).fetch_optional(p).await?);
    let Some(found) = found else {
        return Ok(None);
    };
    if found.expires() <= now || found.user.disabled_at.is_some() {
        return Ok(Some(found));
    }
    if found.last_used_at.is_none_or(|at| now - at > TOUCH_EVERY) {
        // The guard repeats the check so that concurrent requests write once between them.
        let mut tx = db.begin().await?;
        // A last-use time is worth no wait for the disk: on PostgreSQL this commit does not
        // wait for its WAL flush (a crash may lose the last few milliseconds of such times,
        // never anything else; every other write keeps synchronous_commit on).
        if let crate::TxInner::Postgres(t) = &mut tx.inner {
            sqlx::query("SET LOCAL synchronous_commit = off")
                .execute(&mut **t)
                .await?;
        }
        on_tx!(tx, c => sqlx::query(
            "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
        )
        .bind(now)
        .bind(found.token_id)
        .bind(now - TOUCH_EVERY)
        .execute(c)
        .await?
        .rows_affected());
        tx.commit().await?;
    }
    Ok(Some(found))
}

/// An account's tokens, newest first.
pub async fn list_of(db: &Db, user_id: i64) -> Result<Vec<TokenRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, user_id, name, created_at, last_used_at, expires_at, scopes FROM api_tokens WHERE user_id = $1 ORDER BY id DESC",
    )
    .bind(user_id)
    .fetch_all(p)
    .await?))
}

/// Deletes one of the account's tokens; false when it has no such token.
pub async fn revoke(tx: &mut Tx, user_id: i64, id: i64) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query("DELETE FROM api_tokens WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(n == 1)
}

/// Revokes every token of an account (password or second factor changed, account
/// disabled); returns how many there were.
pub async fn revoke_all_of(tx: &mut Tx, user_id: i64) -> Result<u64> {
    Ok(
        on_tx!(tx, c => sqlx::query("DELETE FROM api_tokens WHERE user_id = $1")
        .bind(user_id)
        .execute(c)
        .await?
        .rows_affected()),
    )
}

/// Responses remembered per account and `Idempotency-Key`, so that a retried request is
/// answered as the first one was instead of being carried out twice.
pub mod idempotency {
    use time::OffsetDateTime;

    use crate::{Db, Result, Tx};

    /// A remembered response.
    #[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
    pub struct Stored {
        /// Hash of the request that produced it; the same key with another request is refused.
        pub request_hash: String,
        pub status: i32,
        pub body: String,
    }

    /// The response remembered for `key` of this account.
    pub async fn get(db: &Db, user_id: i64, key: &str) -> Result<Option<Stored>> {
        Ok(on_db!(db, p => sqlx::query_as(
            "SELECT request_hash, status, body FROM idempotency_keys WHERE user_id = $1 AND key = $2",
        )
        .bind(user_id)
        .bind(key)
        .fetch_optional(p)
        .await?))
    }

    /// Remembers a response. The first one stored for a key wins; returns false when the
    /// key was already taken (by a concurrent request).
    pub async fn put(
        tx: &mut Tx,
        user_id: i64,
        key: &str,
        request_hash: &str,
        status: i32,
        body: &str,
    ) -> Result<bool> {
        let n = on_tx!(tx, c => sqlx::query(
            "INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, key) DO NOTHING",
        )
        .bind(user_id)
        .bind(key)
        .bind(request_hash)
        .bind(status)
        .bind(body)
        .bind(OffsetDateTime::now_utc())
        .execute(c)
        .await?
        .rows_affected());
        Ok(n == 1)
    }
}
