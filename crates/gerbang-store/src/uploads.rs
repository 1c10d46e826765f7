//! Files uploaded through the API ahead of the application that refers to them.

use time::{OffsetDateTime, UtcOffset};

use crate::{Db, Result};

/// An upload as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UploadRow {
    pub id: i64,
    pub uid: String,
    pub owner_id: i64,
    pub filename: String,
    pub sniffed_kind: Option<String>,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub created_at: OffsetDateTime,
}

/// A new upload.
#[derive(Debug, Clone)]
pub struct NewUpload<'a> {
    pub uid: &'a str,
    pub owner_id: i64,
    pub filename: &'a str,
    pub sniffed_kind: Option<&'a str>,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub storage_key: &'a str,
    pub now: OffsetDateTime,
}

/// Records an upload whose bytes are stored.
pub async fn insert(db: &Db, u: &NewUpload<'_>) -> Result<()> {
    on_db!(db, p => sqlx::query(
        "INSERT INTO api_uploads (uid, owner_id, filename, sniffed_kind, size_bytes, sha256, storage_key, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(u.uid)
    .bind(u.owner_id)
    .bind(u.filename)
    .bind(u.sniffed_kind)
    .bind(u.size_bytes)
    .bind(u.sha256)
    .bind(u.storage_key)
    .bind(u.now.to_offset(UtcOffset::UTC))
    .execute(p)
    .await?
    .rows_affected());
    Ok(())
}

/// One of an owner's uploads made after `since`.
pub async fn of_owner(
    db: &Db,
    owner_id: i64,
    uid: &str,
    since: OffsetDateTime,
) -> Result<Option<UploadRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, uid, owner_id, filename, sniffed_kind, size_bytes, sha256, storage_key, created_at \
         FROM api_uploads WHERE owner_id = $1 AND uid = $2 AND created_at >= $3",
    )
    .bind(owner_id)
    .bind(uid)
    .bind(since.to_offset(UtcOffset::UTC))
    .fetch_optional(p)
    .await?))
}

/// Forgets uploads (used, or expired); returns their storage keys, to remove.
pub async fn remove(db: &Db, ids: &[i64]) -> Result<()> {
    for id in ids {
        on_db!(db, p => sqlx::query("DELETE FROM api_uploads WHERE id = $1")
            .bind(id)
            .execute(p)
            .await?
            .rows_affected());
    }
    Ok(())
}

/// Uploads made before `before`: expired.
pub async fn expired(db: &Db, before: OffsetDateTime) -> Result<Vec<UploadRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, uid, owner_id, filename, sniffed_kind, size_bytes, sha256, storage_key, created_at \
         FROM api_uploads WHERE created_at < $1 ORDER BY id LIMIT 500",
    )
    .bind(before.to_offset(UtcOffset::UTC))
    .fetch_all(p)
    .await?))
}
