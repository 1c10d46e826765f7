//! Rate limits counted in the database, so that every node of an install shares them:
//! a fixed window per bucket, incremented atomically by one upsert.

use crate::{Db, Result};

/// Counts one hit in `bucket` for the window starting at `window_start` (any number that
/// names the window, such as the Unix minute it starts) and returns the hits so far in it.
pub async fn hit(db: &Db, bucket: &str, window_start: i64) -> Result<i64> {
    let mut tx = db.begin().await?;
    let hits: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket) DO UPDATE SET \
         hits = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END, \
         window_start = excluded.window_start \
         RETURNING hits",
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_one(c)
    .await?);
    tx.commit().await?;
    Ok(hits)
}

/// Counts `n` hits at once in `bucket` (a node adding its batch) and returns the hits so
/// far in the window, every node's.
pub async fn hit_by(db: &Db, bucket: &str, window_start: i64, n: i64) -> Result<i64> {
    let mut tx = db.begin().await?;
    let hits: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, $3) \
         ON CONFLICT (bucket) DO UPDATE SET \
         hits = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + excluded.hits ELSE excluded.hits END, \
         window_start = excluded.window_start \
         RETURNING hits",
    )
    .bind(bucket)
    .bind(window_start)
    .bind(n)
    .fetch_one(c)
    .await?);
    tx.commit().await?;
    Ok(hits)
}

/// The hits counted in `bucket` for the window starting at `window_start` (0 when the
/// bucket's last hits fell in an earlier window).
pub async fn count(db: &Db, bucket: &str, window_start: i64) -> Result<i64> {
    let hits: Option<i64> = on_db!(db, p => sqlx::query_scalar(
        "SELECT hits FROM rate_limits WHERE bucket = $1 AND window_start = $2",
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_optional(p)
    .await?);
    Ok(hits.unwrap_or(0))
}
