//! Each API token's share of the platform: at most `api_requests_per_minute` requests in
//! each clock minute, counted across every node.
//!
//! A count in the database on every request would put a write in front of every read at
//! peak. Instead each node counts its own requests in memory and adds them to the shared
//! count in the database in batches: every [`FLUSH_EVERY`] requests of a token, and
//! whenever the estimate reaches the limit (so a refusal is always checked against every
//! node's count). A token costs one write per batch, none below [`FLUSH_EVERY`] requests a
//! minute; several nodes together may let through at most `FLUSH_EVERY - 1` requests per
//! node beyond the limit in a minute, and between batches `remaining` counts this node's
//! requests only.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::App;
use crate::error::AppError;

/// A node's requests of one token added to the shared count at once.
pub const FLUSH_EVERY: i64 = 20;

/// What the count says of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub allowed: bool,
    /// Requests a token may make per minute.
    pub limit: i64,
    /// Requests left in this minute (after this one).
    pub remaining: i64,
    /// Seconds until the minute ends and the count starts again.
    pub reset_secs: i64,
}

/// A node's count of one token in the current minute.
#[derive(Debug, Clone, Copy, Default)]
struct Local {
    minute: i64,
    /// Every node's count when this node last added its own.
    shared: i64,
    /// This node's requests since.
    pending: i64,
}

/// The node's counts, by token.
#[derive(Default)]
pub struct Quota(Mutex<HashMap<i64, Local>>);

impl Quota {
    fn with<T>(&self, f: impl FnOnce(&mut HashMap<i64, Local>) -> T) -> T {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut map)
    }
}

/// The verdict on `count` requests so far in a minute with `limit`, `reset_secs` left.
pub fn verdict(count: i64, limit: i64, reset_secs: i64) -> Verdict {
    Verdict {
        allowed: count <= limit,
        limit,
        remaining: (limit - count).max(0),
        reset_secs,
    }
}

/// Counts one request of token `token_id` and says whether it is within the token's share.
pub async fn take(app: &App, token_id: i64) -> Result<Verdict, AppError> {
    let limit = app.config.api_requests_per_minute.max(1);
    let now = app.clock.now().unix_timestamp();
    let minute = now.div_euclid(60);
    let reset_secs = 60 - now.rem_euclid(60);
    let (estimate, flush) = app.quota.with(|map| {
        // Forget the tokens of earlier minutes now and then.
        if map.len() > 10_000 {
            map.retain(|_, l| l.minute == minute);
        }
        let l = map.entry(token_id).or_default();
        if l.minute != minute {
            *l = Local {
                minute,
                ..Local::default()
            };
        }
        l.pending += 1;
        let estimate = l.shared + l.pending;
        let flush =
            l.shared == 0 && l.pending == 1 || l.pending >= FLUSH_EVERY || estimate >= limit;
        let flush = if flush {
            let n = l.pending;
            l.pending = 0;
            Some(n)
        } else {
            None
        };
        (estimate, flush)
    });
    let count = match flush {
        Some(n) => {
            let shared = gerbang_store::rate_limits::hit_by(
                &app.db,
                &format!("api-token:{token_id}"),
                minute,
                n,
            )
            .await?;
            app.quota.with(|map| {
                let l = map.entry(token_id).or_default();
                if l.minute == minute {
                    l.shared = l.shared.max(shared);
                    l.shared + l.pending
                } else {
                    shared
                }
            })
        }
        None => estimate,
    };
    Ok(verdict(count, limit, reset_secs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Allowed exactly up to the limit; what remains never goes below zero and adds up.
        #[test]
        fn allowed_up_to_the_limit(count in 1i64..2000, limit in 1i64..1000, reset in 1i64..=60) {
            let v = verdict(count, limit, reset);
            prop_assert_eq!(v.allowed, count <= limit);
            prop_assert!(v.remaining >= 0);
            if v.allowed {
                prop_assert_eq!(v.remaining + count, limit);
            } else {
                prop_assert_eq!(v.remaining, 0);
            }
        }
    }
}
