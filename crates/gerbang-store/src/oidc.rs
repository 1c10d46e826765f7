//! Sign-in through external OpenID providers: sign-ins under way (state, nonce, PKCE
//! verifier: used once), the accounts linked to a provider's subject, and the platform's
//! own client keys (sealed by the caller).

use time::OffsetDateTime;

use crate::{Db, Result, Tx};

/// A sign-in under way, as stored under the hash of its `state`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LoginRow {
    pub provider: String,
    pub nonce: String,
    pub code_verifier: String,
    pub next: String,
    pub acr: Option<String>,
    pub expires_at: OffsetDateTime,
}

/// Stores a sign-in under way.
#[allow(clippy::too_many_arguments)]
pub async fn begin_login(
    db: &Db,
    state_hash: &str,
    provider: &str,
    nonce: &str,
    code_verifier: &str,
    next: &str,
    acr: Option<&str>,
    now: OffsetDateTime,
    expires_at: OffsetDateTime,
) -> Result<()> {
    let mut tx = db.begin().await?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO oidc_logins (state_hash, provider, nonce, code_verifier, next, acr, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(state_hash)
    .bind(provider)
    .bind(nonce)
    .bind(code_verifier)
    .bind(next)
    .bind(acr)
    .bind(now)
    .bind(expires_at)
    .execute(c)
    .await?
    .rows_affected());
    // Sign-ins abandoned long ago go.
    on_tx!(tx, c => sqlx::query("DELETE FROM oidc_logins WHERE expires_at < $1")
        .bind(now)
        .execute(c)
        .await?
        .rows_affected());
    tx.commit().await?;
    Ok(())
}

/// Takes (and deletes) the sign-in stored under `state_hash`: a state is good once.
pub async fn take_login(db: &Db, state_hash: &str) -> Result<Option<LoginRow>> {
    let mut tx = db.begin().await?;
    let row: Option<LoginRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT provider, nonce, code_verifier, next, acr, expires_at FROM oidc_logins WHERE state_hash = $1",
    )
    .bind(state_hash)
    .fetch_optional(c)
    .await?);
    let n = on_tx!(tx, c => sqlx::query("DELETE FROM oidc_logins WHERE state_hash = $1")
        .bind(state_hash)
        .execute(c)
        .await?
        .rows_affected());
    tx.commit().await?;
    // Of two requests with the same state, the one that deleted it wins.
    Ok(row.filter(|_| n == 1))
}

/// The account linked to a provider's subject.
pub async fn linked_user(db: &Db, provider: &str, subject: &str) -> Result<Option<i64>> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT user_id FROM external_identities WHERE provider = $1 AND subject = $2",
    )
    .bind(provider)
    .bind(subject)
    .fetch_optional(p)
    .await?))
}

/// Links a provider's subject to an account (or records another sign-in through it).
pub async fn link(
    tx: &mut Tx,
    provider: &str,
    subject: &str,
    user_id: i64,
    now: OffsetDateTime,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO external_identities (provider, subject, user_id, created_at, last_login_at) VALUES ($1, $2, $3, $4, $4) \
         ON CONFLICT (provider, subject) DO UPDATE SET last_login_at = $4",
    )
    .bind(provider)
    .bind(subject)
    .bind(user_id)
    .bind(now)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// A client key of the platform, sealed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClientKeyRow {
    pub kid: String,
    pub alg: String,
    pub private_sealed: Vec<u8>,
    pub private_nonce: Vec<u8>,
    pub public_jwk: String,
    pub created_at: OffsetDateTime,
    pub retired_at: Option<OffsetDateTime>,
}

/// Every client key, newest first (the current one is the newest not retired).
pub async fn client_keys(db: &Db) -> Result<Vec<ClientKeyRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT kid, alg, private_sealed, private_nonce, public_jwk, created_at, retired_at FROM client_keys ORDER BY created_at DESC, kid",
    )
    .fetch_all(p)
    .await?))
}

/// Stores a new client key and retires the others (they stay published a while, so
/// that assertions already signed still verify).
pub async fn add_client_key(tx: &mut Tx, key: &ClientKeyRow) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE client_keys SET retired_at = $1 WHERE retired_at IS NULL")
        .bind(key.created_at)
        .execute(c)
        .await?
        .rows_affected());
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO client_keys (kid, alg, private_sealed, private_nonce, public_jwk, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&key.kid)
    .bind(&key.alg)
    .bind(&key.private_sealed)
    .bind(&key.private_nonce)
    .bind(&key.public_jwk)
    .bind(key.created_at)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}
