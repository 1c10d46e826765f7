//! The audit log's Merkle tree: sealed leaves, stored perfect subtrees, signed tree heads
//! and the log keys. The hashing itself is `gerbang_domain::merkle`; the sealer and the
//! proofs are in the application crate.

use std::collections::HashMap;

use time::{OffsetDateTime, UtcOffset};

use crate::audit::AuditRecord;
use crate::{Conn, Result, Tx};

/// A node id and hash, as `gerbang_domain::merkle` uses them.
pub type NodeId = (u32, u64);
pub type Hash = [u8; 32];

/// A sealed audit entry: the record with its place in the tree.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SealedRecord {
    pub leaf_index: i64,
    /// Set by the sealer; `None` only where someone wrote the row by hand.
    pub salt: Option<Vec<u8>>,
    #[sqlx(flatten)]
    pub record: AuditRecord,
}

/// A signed tree head.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TreeHead {
    pub tree_size: i64,
    pub root_hash: Vec<u8>,
    pub signed_at: OffsetDateTime,
    pub kid: String,
    pub signature: Vec<u8>,
}

/// A log key: the public half, and the private seed sealed under the KEK.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LogKey {
    pub kid: String,
    pub public_key: String,
    pub sealed_private_key: String,
    pub nonce: String,
    pub created_at: OffsetDateTime,
}

macro_rules! sealed_columns {
    () => {
        "leaf_index, salt, id, at, actor_id, actor, action, subject, request_id, details"
    };
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_hash(bytes: &[u8]) -> Option<Hash> {
    bytes.try_into().ok()
}

/// Takes the sealer's lock and returns the tree size; `None` when another node's sealer
/// holds it (PostgreSQL skips the locked row; SQLite's transaction is the only writer).
pub async fn lock_for_sealing(tx: &mut Tx) -> Result<Option<u64>> {
    let sql = format!(
        "SELECT tree_size FROM audit_tree_state WHERE id = 1 {}",
        crate::dialect::lock_skip_locked(tx.engine())
    );
    let size: Option<i64> = on_tx!(tx, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str()))
        .fetch_optional(c)
        .await?);
    Ok(size.map(|s| u64::try_from(s).unwrap_or(0)))
}

/// The tree size the sealer last recorded.
pub async fn tree_size(conn: impl Into<Conn<'_>>) -> Result<u64> {
    let size: i64 = on_conn!(conn, c => sqlx::query_scalar(
        "SELECT tree_size FROM audit_tree_state WHERE id = 1",
    )
    .fetch_one(c)
    .await?);
    Ok(u64::try_from(size).unwrap_or(0))
}

/// Entries not yet in the tree, oldest first.
pub async fn unsealed(tx: &mut Tx, limit: i64) -> Result<Vec<AuditRecord>> {
    Ok(on_tx!(tx, c => sqlx::query_as(
        "SELECT id, at, actor_id, actor, action, subject, request_id, details FROM audit_log \
         WHERE leaf_index IS NULL ORDER BY id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(c)
    .await?))
}

/// Gives entry `id` its leaf index and salt.
pub async fn seal_entry(tx: &mut Tx, id: i64, leaf_index: u64, salt: &[u8]) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE audit_log SET leaf_index = $2, salt = $3 WHERE id = $1")
        .bind(id)
        .bind(to_i64(leaf_index))
        .bind(salt)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Stores perfect subtrees' hashes.
pub async fn put_nodes(tx: &mut Tx, nodes: &[(NodeId, Hash)]) -> Result<()> {
    for ((level, idx), hash) in nodes {
        on_tx!(tx, c => sqlx::query("INSERT INTO audit_tree_nodes (level, idx, hash) VALUES ($1, $2, $3)")
            .bind(i32::try_from(*level).unwrap_or(i32::MAX))
            .bind(to_i64(*idx))
            .bind(hash.as_slice())
            .execute(c)
            .await?
            .rows_affected());
    }
    Ok(())
}

/// The stored hashes of `ids` (those that exist).
pub async fn nodes(conn: impl Into<Conn<'_>>, ids: &[NodeId]) -> Result<HashMap<NodeId, Hash>> {
    let mut out = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let mut sql = String::from("SELECT level, idx, hash FROM audit_tree_nodes WHERE ");
    for i in 0..ids.len() {
        if i > 0 {
            sql.push_str(" OR ");
        }
        sql.push_str(&format!(
            "(level = ${} AND idx = ${})",
            2 * i + 1,
            2 * i + 2
        ));
    }
    let mut conn = conn.into();
    let rows: Vec<(i32, i64, Vec<u8>)> = on_conn!(conn.re(), c => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
        for (level, idx) in ids {
            q = q.bind(i32::try_from(*level).unwrap_or(i32::MAX)).bind(to_i64(*idx));
        }
        q.fetch_all(c).await?
    });
    for (level, idx, hash) in rows {
        if let (Ok(level), Ok(idx), Some(hash)) =
            (u32::try_from(level), u64::try_from(idx), to_hash(&hash))
        {
            out.insert((level, idx), hash);
        }
    }
    Ok(out)
}

/// Stored leaf hashes (level 0) of leaves `start..end`, by index.
pub async fn leaf_nodes(
    conn: impl Into<Conn<'_>>,
    start: u64,
    end: u64,
) -> Result<Vec<(u64, Hash)>> {
    let rows: Vec<(i64, Vec<u8>)> = on_conn!(conn, c => sqlx::query_as(
        "SELECT idx, hash FROM audit_tree_nodes WHERE level = 0 AND idx >= $1 AND idx < $2 ORDER BY idx",
    )
    .bind(to_i64(start))
    .bind(to_i64(end))
    .fetch_all(c)
    .await?);
    Ok(rows
        .into_iter()
        .filter_map(|(i, h)| Some((u64::try_from(i).ok()?, to_hash(&h)?)))
        .collect())
}

/// Records the new tree size (in the sealer's transaction).
pub async fn set_tree_size(tx: &mut Tx, size: u64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE audit_tree_state SET tree_size = $1 WHERE id = 1")
        .bind(to_i64(size))
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Stores a signed tree head.
pub async fn add_head(tx: &mut Tx, head: &TreeHead) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO audit_tree_heads (tree_size, root_hash, signed_at, kid, signature) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(head.tree_size)
    .bind(&head.root_hash)
    .bind(head.signed_at.to_offset(UtcOffset::UTC))
    .bind(&head.kid)
    .bind(&head.signature)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// The newest signed tree head.
pub async fn latest_head(conn: impl Into<Conn<'_>>) -> Result<Option<TreeHead>> {
    Ok(on_conn!(conn, c => sqlx::query_as(
        "SELECT tree_size, root_hash, signed_at, kid, signature FROM audit_tree_heads \
         ORDER BY tree_size DESC LIMIT 1",
    )
    .fetch_optional(c)
    .await?))
}

/// The signed tree head of exactly `size` leaves.
pub async fn head_at(conn: impl Into<Conn<'_>>, size: u64) -> Result<Option<TreeHead>> {
    Ok(on_conn!(conn, c => sqlx::query_as(
        "SELECT tree_size, root_hash, signed_at, kid, signature FROM audit_tree_heads \
         WHERE tree_size = $1",
    )
    .bind(to_i64(size))
    .fetch_optional(c)
    .await?))
}

/// Every signed tree head, smallest first (for verification).
pub async fn all_heads(conn: impl Into<Conn<'_>>) -> Result<Vec<TreeHead>> {
    Ok(on_conn!(conn, c => sqlx::query_as(
        "SELECT tree_size, root_hash, signed_at, kid, signature FROM audit_tree_heads \
         ORDER BY tree_size",
    )
    .fetch_all(c)
    .await?))
}

/// The most recent signed tree heads, newest first.
pub async fn recent_heads(conn: impl Into<Conn<'_>>, limit: i64) -> Result<Vec<TreeHead>> {
    Ok(on_conn!(conn, c => sqlx::query_as(
        "SELECT tree_size, root_hash, signed_at, kid, signature FROM audit_tree_heads \
         ORDER BY tree_size DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(c)
    .await?))
}

/// Sealed entries with leaf index in `start..end`, in leaf order.
pub async fn sealed(conn: impl Into<Conn<'_>>, start: u64, end: u64) -> Result<Vec<SealedRecord>> {
    Ok(on_conn!(conn, c => sqlx::query_as(concat!(
        "SELECT ", sealed_columns!(), " FROM audit_log \
         WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index, id",
    ))
    .bind(to_i64(start))
    .bind(to_i64(end))
    .fetch_all(c)
    .await?))
}

/// Sealed entries from leaf `start` on, at most `limit`, in leaf order (for a scan).
pub async fn sealed_from(
    conn: impl Into<Conn<'_>>,
    start: i64,
    limit: i64,
) -> Result<Vec<SealedRecord>> {
    Ok(on_conn!(conn, c => sqlx::query_as(concat!(
        "SELECT ", sealed_columns!(), " FROM audit_log \
         WHERE leaf_index >= $1 ORDER BY leaf_index, id LIMIT $2",
    ))
    .bind(start)
    .bind(limit)
    .fetch_all(c)
    .await?))
}

/// The sealed entry with audit id `id`.
pub async fn sealed_by_id(conn: impl Into<Conn<'_>>, id: i64) -> Result<Option<SealedRecord>> {
    Ok(on_conn!(conn, c => sqlx::query_as(concat!(
        "SELECT ", sealed_columns!(), " FROM audit_log WHERE id = $1 AND leaf_index IS NOT NULL",
    ))
    .bind(id)
    .fetch_optional(c)
    .await?))
}

/// Unsealed entries dated before `before` (for verification), at most `limit`.
pub async fn unsealed_before(
    conn: impl Into<Conn<'_>>,
    before: OffsetDateTime,
    limit: i64,
) -> Result<Vec<AuditRecord>> {
    Ok(on_conn!(conn, c => sqlx::query_as(
        "SELECT id, at, actor_id, actor, action, subject, request_id, details FROM audit_log \
         WHERE leaf_index IS NULL AND at < $1 ORDER BY id LIMIT $2",
    )
    .bind(before.to_offset(UtcOffset::UTC))
    .bind(limit)
    .fetch_all(c)
    .await?))
}

/// How many entries wait for the sealer.
pub async fn pending(conn: impl Into<Conn<'_>>) -> Result<i64> {
    Ok(on_conn!(conn, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE leaf_index IS NULL",
    )
    .fetch_one(c)
    .await?))
}

/// The log keys, oldest first.
pub async fn log_keys(conn: impl Into<Conn<'_>>) -> Result<Vec<LogKey>> {
    Ok(on_conn!(conn, c => sqlx::query_as(
        "SELECT kid, public_key, sealed_private_key, nonce, created_at FROM log_keys ORDER BY created_at, kid",
    )
    .fetch_all(c)
    .await?))
}

/// Stores a new log key.
pub async fn add_log_key(tx: &mut Tx, key: &LogKey) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO log_keys (kid, public_key, sealed_private_key, nonce, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&key.kid)
    .bind(&key.public_key)
    .bind(&key.sealed_private_key)
    .bind(&key.nonce)
    .bind(key.created_at.to_offset(UtcOffset::UTC))
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}
