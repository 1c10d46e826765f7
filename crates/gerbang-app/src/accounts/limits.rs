//! Rate limits on everything that takes a password, a code or a link, counted in the
//! database so that every node of an install shares them (fixed windows, one atomic
//! upsert per attempt).

use crate::App;
use crate::error::AppError;

/// Counts an attempt in `bucket`; `Throttled` once more than `max` fell in the current
/// window of `window_minutes`.
pub async fn check(app: &App, bucket: &str, max: i64, window_minutes: i64) -> Result<(), AppError> {
    let window = app.clock.now().unix_timestamp() / (window_minutes.max(1) * 60);
    let hits = gerbang_store::rate_limits::hit(&app.db, bucket, window).await?;
    if hits > max {
        Err(AppError::Throttled(window_minutes))
    } else {
        Ok(())
    }
}
