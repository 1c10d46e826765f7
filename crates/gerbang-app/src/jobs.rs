//! The job worker: runs timed work from the database queue ([`gerbang_store::jobs`]),
//! exactly once whatever the number of nodes.
//!
//! Each job is claimed, done and marked done in one transaction. On PostgreSQL a claimed
//! row is locked (`FOR UPDATE SKIP LOCKED`), so a second node takes the next job rather
//! than the same one; on SQLite the transaction holds the single write lock. If the work
//! fails, its transaction rolls back whole and the job is tried again later.

use std::future::Future;
use std::time::Duration;

use gerbang_store::jobs::{self, JobRow};
use tokio::sync::watch;

use crate::App;
use crate::error::AppError;

/// Pause when nothing was due: a deadline acts within a second or two of passing. The
/// poll is one indexed query. Each pause is drawn between half and one and a half times
/// this, so that nodes started together do not poll in lockstep (one of them always
/// first, the others idle).
pub const IDLE_PAUSE: Duration = Duration::from_secs(1);

/// One idle pause: [`IDLE_PAUSE`] with jitter.
fn idle_pause() -> Duration {
    IDLE_PAUSE.mul_f64(rand::random_range(0.5..1.5))
}

/// Pause after a database error.
const ERROR_PAUSE: Duration = Duration::from_secs(10);

/// Most jobs run in one round before the worker checks for a stop.
const ROUND: usize = 100;

async fn dispatch(tx: &mut gerbang_store::Tx, app: &App, job: &JobRow) -> Result<(), AppError> {
    match job.kind.as_str() {
        crate::complaints::deadlines::KIND => crate::complaints::deadlines::run(tx, app, job).await,
        crate::sms::service::KIND => crate::sms::service::run(tx, app, job).await,
        other => Err(AppError::Internal(format!("unknown job kind {other:?}"))),
    }
}

/// This node's name in the queue: its address and process id.
fn node(app: &App) -> String {
    format!("{}#{}", app.config.listen, std::process::id())
}

/// Claims and runs one due job; `Ok(false)` when none was due.
pub async fn run_one(app: &App) -> Result<bool, AppError> {
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let Some(job) = jobs::claim(&mut tx, now).await? else {
        return Ok(false);
    };
    match dispatch(&mut tx, app, &job).await {
        Ok(()) => {
            jobs::finish(&mut tx, job.id, now, &node(app)).await?;
            tx.commit().await?;
            Ok(true)
        }
        Err(e) => {
            drop(tx); // the work rolls back whole
            tracing::warn!(job = job.id, kind = %job.kind, error = %e, "job failed; will retry");
            jobs::failed(&app.db, job.id, &e.to_string(), now).await?;
            Ok(true)
        }
    }
}

/// Runs every job due now (for tests, the command line and each worker round); returns
/// how many ran.
pub async fn run_due(app: &App) -> Result<usize, AppError> {
    let mut n = 0;
    while n < ROUND && run_one(app).await? {
        n += 1;
    }
    Ok(n)
}

/// Runs the worker until `shutdown` completes; a job in progress finishes first.
pub async fn run_jobs<F>(app: App, shutdown: F)
where
    F: Future<Output = ()> + Send,
{
    let (stop_tx, mut stop) = watch::channel(false);
    let signal = async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    };
    let work = async move {
        tracing::info!("job worker started");
        let mut swept: Option<std::time::Instant> = None;
        while !*stop.borrow() {
            // Housekeeping, about once a minute: nonces older than any accepted signature,
            // API uploads no application used.
            if swept.is_none_or(|t| t.elapsed() >= Duration::from_secs(60)) {
                swept = Some(std::time::Instant::now());
                if let Err(e) = crate::exchange::federation::forget_old_nonces(&app).await {
                    tracing::warn!(error = %e, "could not forget old federation nonces");
                }
                if let Err(e) = crate::applications::uploads::expire(&app).await {
                    tracing::warn!(error = %e, "could not remove expired uploads");
                }
            }
            // The audit log's sealer runs here too: one at a time across nodes.
            if let Err(e) = crate::transparency::seal(&app).await {
                tracing::error!(error = %e, "audit sealer failed; retrying");
            }
            // And the performance roll-up: one at a time across nodes.
            if let Err(e) = crate::performance::roll_up(&app).await {
                tracing::error!(error = %e, "performance roll-up failed; retrying");
            }
            let pause = match run_due(&app).await {
                Ok(n) if n >= ROUND => None,
                Ok(n) => {
                    if n > 0 {
                        tracing::info!(jobs = n, "job round");
                    }
                    Some(idle_pause())
                }
                Err(e) => {
                    tracing::error!(error = %e, "job worker: database error; retrying");
                    Some(ERROR_PAUSE)
                }
            };
            if let Some(pause) = pause {
                tokio::select! {
                    _ = stop.changed() => {}
                    () = tokio::time::sleep(pause) => {}
                }
            }
        }
        tracing::info!("job worker stopped");
    };
    tokio::join!(signal, work);
}
