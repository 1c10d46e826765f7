//! Issued documents and the agencies' signing keys (sealed; this module never sees a
//! private key in clear).

use time::OffsetDateTime;

use crate::{Conn, Db, Result, Tx};

/// A signing key as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SigningKeyRow {
    pub id: i64,
    pub agency_id: i64,
    pub kid: String,
    pub public_key: String,
    pub sealed_private_key: String,
    pub nonce: String,
    pub status: String,
    pub created_at: OffsetDateTime,
    pub retired_at: Option<OffsetDateTime>,
}

/// A public key with its agency, for the JWKS.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PublicKeyRow {
    pub kid: String,
    pub public_key: String,
    pub status: String,
    pub agency_slug: String,
}

const KEY_COLUMNS: &str =
    "id, agency_id, kid, public_key, sealed_private_key, nonce, status, created_at, retired_at";

/// The agency's current signing key, if it has one.
pub async fn current_key(tx: &mut Tx, agency_id: i64) -> Result<Option<SigningKeyRow>> {
    let sql = format!(
        "SELECT {KEY_COLUMNS} FROM signing_keys WHERE agency_id = $1 AND status = 'current'"
    );
    Ok(
        on_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(agency_id)
        .fetch_optional(c)
        .await?),
    )
}

/// What a new key row holds.
pub struct NewKey<'a> {
    pub agency_id: i64,
    pub kid: &'a str,
    pub public_key: &'a str,
    pub sealed_private_key: &'a str,
    pub nonce: &'a str,
}

/// Adds a current key unless the agency already has one (then nothing happens and false
/// is returned: the caller reads the one that won).
pub async fn insert_current_key(tx: &mut Tx, k: &NewKey<'_>) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "INSERT INTO signing_keys (agency_id, kid, public_key, sealed_private_key, nonce, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'current', $6) ON CONFLICT DO NOTHING",
    )
    .bind(k.agency_id)
    .bind(k.kid)
    .bind(k.public_key)
    .bind(k.sealed_private_key)
    .bind(k.nonce)
    .bind(OffsetDateTime::now_utc())
    .execute(c)
    .await?
    .rows_affected());
    Ok(n == 1)
}

/// Retires the agency's current key; returns its kid, if there was one.
pub async fn retire_current_key(tx: &mut Tx, agency_id: i64) -> Result<Option<String>> {
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "UPDATE signing_keys SET status = 'retired', retired_at = $1 \
         WHERE agency_id = $2 AND status = 'current' RETURNING kid",
    )
    .bind(OffsetDateTime::now_utc())
    .bind(agency_id)
    .fetch_optional(c)
    .await?))
}

/// Every public key of every agency, current and retired (for the JWKS).
pub async fn public_keys(conn: impl Into<Conn<'_>>) -> Result<Vec<PublicKeyRow>> {
    Ok(on_conn!(conn, p => sqlx::query_as(
        "SELECT k.kid, k.public_key, k.status, a.slug AS agency_slug FROM signing_keys k \
         JOIN agencies a ON a.id = k.agency_id ORDER BY a.slug, k.id",
    )
    .fetch_all(p)
    .await?))
}

/// A document as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: i64,
    pub application_id: i64,
    pub agency_id: i64,
    pub holder_id: i64,
    pub number: String,
    pub kind: String,
    pub holder_name: String,
    pub claims: String,
    pub jws: String,
    pub kid: String,
    pub pdf_sha256: String,
    pub pdf_storage_key: String,
    pub lang: String,
    pub issued_at: OffsetDateTime,
    pub expires_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
    pub revocation_reason: Option<String>,
    pub revoked_by: Option<i64>,
}

macro_rules! document_select {
    () => {
        "SELECT id, application_id, agency_id, holder_id, number, kind, holder_name, claims, jws, kid, \
         pdf_sha256, pdf_storage_key, lang, issued_at, expires_at, revoked_at, revocation_reason, revoked_by \
         FROM documents"
    };
}

/// What a new document row holds.
pub struct NewDocument<'a> {
    pub application_id: i64,
    pub agency_id: i64,
    pub holder_id: i64,
    pub number: &'a str,
    pub kind: &'a str,
    pub holder_name: &'a str,
    pub claims: &'a str,
    pub jws: &'a str,
    pub kid: &'a str,
    pub pdf_sha256: &'a str,
    pub pdf_storage_key: &'a str,
    pub lang: &'a str,
    pub issued_at: OffsetDateTime,
    pub expires_at: Option<OffsetDateTime>,
    /// Its place in the agency's status list.
    pub status_idx: Option<i64>,
}

/// Records an issued document; a taken number or a second document for the same case
/// gives `StoreError::Conflict`.
pub async fn insert(tx: &mut Tx, d: &NewDocument<'_>) -> Result<i64> {
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO documents (application_id, agency_id, holder_id, number, kind, holder_name, claims, jws, kid, \
         pdf_sha256, pdf_storage_key, lang, issued_at, expires_at, status_idx) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(d.application_id)
    .bind(d.agency_id)
    .bind(d.holder_id)
    .bind(d.number)
    .bind(d.kind)
    .bind(d.holder_name)
    .bind(d.claims)
    .bind(d.jws)
    .bind(d.kid)
    .bind(d.pdf_sha256)
    .bind(d.pdf_storage_key)
    .bind(d.lang)
    .bind(d.issued_at)
    .bind(d.expires_at)
    .bind(d.status_idx)
    .fetch_one(c)
    .await?))
}

/// Hands out the next place in an agency's status list (its own small write: a place
/// taken and not used is harmless).
pub async fn next_status_index(tx: &mut Tx, agency_id: i64) -> Result<i64> {
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO document_status_lists (agency_id, next_idx) VALUES ($1, 1) \
         ON CONFLICT (agency_id) DO UPDATE SET next_idx = document_status_lists.next_idx + 1 \
         RETURNING next_idx - 1",
    )
    .bind(agency_id)
    .fetch_one(c)
    .await?))
}

/// An agency's status list as it stands: how many places were handed out, and the
/// places of its revoked documents.
pub async fn status_list(db: &Db, agency_id: i64) -> Result<(i64, Vec<i64>)> {
    let len: Option<i64> = on_db!(db, p => sqlx::query_scalar(
        "SELECT next_idx FROM document_status_lists WHERE agency_id = $1",
    )
    .bind(agency_id)
    .fetch_optional(p)
    .await?);
    let revoked: Vec<i64> = on_db!(db, p => sqlx::query_scalar(
        "SELECT status_idx FROM documents \
         WHERE agency_id = $1 AND revoked_at IS NOT NULL AND status_idx IS NOT NULL",
    )
    .bind(agency_id)
    .fetch_all(p)
    .await?);
    Ok((len.unwrap_or(0), revoked))
}

/// A document by number.
pub async fn by_number(conn: impl Into<Conn<'_>>, number: &str) -> Result<Option<DocumentRow>> {
    const SQL: &str = concat!(document_select!(), " WHERE number = $1");
    Ok(on_conn!(conn, p => sqlx::query_as(SQL).bind(number).fetch_optional(p).await?))
}

/// The document issued for a case, if any.
pub async fn by_application(
    conn: impl Into<Conn<'_>>,
    application_id: i64,
) -> Result<Option<DocumentRow>> {
    const SQL: &str = concat!(document_select!(), " WHERE application_id = $1");
    Ok(on_conn!(conn, p => sqlx::query_as(SQL).bind(application_id).fetch_optional(p).await?))
}

/// A holder's documents, newest first.
pub async fn of_holder(db: &Db, holder_id: i64, limit: i64) -> Result<Vec<DocumentRow>> {
    const SQL: &str = concat!(
        document_select!(),
        " WHERE holder_id = $1 ORDER BY issued_at DESC, id DESC LIMIT $2"
    );
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(holder_id).bind(limit).fetch_all(p).await?))
}

/// Revokes a document unless it already is; returns false when it was.
pub async fn revoke(tx: &mut Tx, id: i64, reason: &str, by: i64) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE documents SET revoked_at = $1, revocation_reason = $2, revoked_by = $3 \
         WHERE id = $4 AND revoked_at IS NULL",
    )
    .bind(OffsetDateTime::now_utc())
    .bind(reason)
    .bind(by)
    .bind(id)
    .execute(c)
    .await?
    .rows_affected());
    Ok(n == 1)
}
