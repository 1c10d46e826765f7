//! Whether the database can be reached: a circuit that opens on the first "unavailable"
//! and closes by itself when a probe gets an answer again.
//!
//! While it is open, requests that need the database are answered `503` at once instead of
//! each waiting for the pool's acquire timeout, and `/readyz` fails, so that a load
//! balancer sends people elsewhere. One background probe pings every half second.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use gerbang_store::Db;

/// Pause between two probes while the database is unreachable.
pub const PROBE_EVERY: Duration = Duration::from_millis(500);

/// Longest wait for one probe's answer.
const PROBE_TIMEOUT: Duration = Duration::from_secs(1);

/// The circuit of one node.
#[derive(Debug, Default)]
pub struct DbHealth {
    down: AtomicBool,
}

impl DbHealth {
    /// True while the database is known to be unreachable.
    pub fn is_down(&self) -> bool {
        self.down.load(Ordering::SeqCst)
    }

    /// Records that a request found the database unreachable: opens the circuit and
    /// starts the probe (once).
    pub fn report_unavailable(self: &Arc<Self>, db: &Db) {
        if self.down.swap(true, Ordering::SeqCst) {
            return;
        }
        tracing::error!("database unreachable: answering 503 until a probe gets an answer");
        let (health, db) = (self.clone(), db.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(PROBE_EVERY).await;
                if let Ok(Ok(())) = tokio::time::timeout(PROBE_TIMEOUT, db.ping()).await {
                    health.down.store(false, Ordering::SeqCst);
                    tracing::warn!("database reachable again: serving");
                    return;
                }
            }
        });
    }
}
