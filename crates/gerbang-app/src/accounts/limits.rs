//! Rate limits on everything that takes a password, a code or a link, counted in the
//! database so that every node of an install shares them (fixed windows, one atomic
//! upsert per attempt).

use crate::App;
use crate::error::AppError;

fn window(app: &App, window_minutes: i64) -> i64 {
    app.clock.now().unix_timestamp() / (window_minutes.max(1) * 60)
}

/// Counts an attempt in `bucket`; `Throttled` once more than `max` fell in the current
/// window of `window_minutes`.
pub async fn check(app: &App, bucket: &str, max: i64, window_minutes: i64) -> Result<(), AppError> {
    let hits =
        gerbang_store::rate_limits::hit(&app.db, bucket, window(app, window_minutes)).await?;
    if hits > max {
        Err(AppError::Throttled(window_minutes))
    } else {
        Ok(())
    }
}

/// For limits on failures only (a right code costs nothing): `Throttled` once `max`
/// failures fell in the current window. Count each failure with [`failed`].
pub async fn check_failures(
    app: &App,
    bucket: &str,
    max: i64,
    window_minutes: i64,
) -> Result<(), AppError> {
    let hits =
        gerbang_store::rate_limits::count(&app.db, bucket, window(app, window_minutes)).await?;
    if hits >= max {
        Err(AppError::Throttled(window_minutes))
    } else {
        Ok(())
    }
}

/// Counts one failure in `bucket` (atomically, shared by every node).
pub async fn failed(app: &App, bucket: &str, window_minutes: i64) -> Result<(), AppError> {
    gerbang_store::rate_limits::hit(&app.db, bucket, window(app, window_minutes)).await?;
    Ok(())
}
