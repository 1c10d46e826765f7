//! The outbox worker: claims due messages from the database, sends them, records the
//! outcome. Any number of app nodes may run it; a claim keeps two from sending the same
//! message. Delivery is at least once: a node that dies between the server's acceptance
//! and `mark_sent` sends that message again after the claim ends.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use gerbang_store::outbox::{self, OutboxMessage};
use gerbang_store::{Db, StoreError};
use time::OffsetDateTime;
use tokio::sync::watch;

use super::mailer::{Email, Mailer};

/// Messages claimed per round.
pub const BATCH: i64 = 20;

/// Pause when there was nothing (or less than a full batch) to send.
pub const IDLE_PAUSE: Duration = Duration::from_secs(2);

/// Pause after a database error, so that an outage does not flood the log.
const ERROR_PAUSE: Duration = Duration::from_secs(10);

/// Longest a single send may take before it counts as failed.
const SEND_DEADLINE: Duration = Duration::from_secs(60);

/// Room left on a claim before a send starts: the send itself plus clock skew between
/// nodes. With less, the message is left for a later claim rather than risk a double send.
const CLAIM_MARGIN: time::Duration = time::Duration::minutes(2);

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Round {
    claimed: usize,
    sent: usize,
    failed: usize,
}

/// Sends what is due now, once: claims one batch, sends each, marks it sent or failed.
/// Returns `(sent, failed)`. Mail errors are recorded on the messages; only a database
/// error is returned.
pub async fn deliver_due_once(db: &Db, mailer: &dyn Mailer) -> Result<(usize, usize), StoreError> {
    let (_, never) = watch::channel(false);
    let round = deliver(db, mailer, &never).await?;
    Ok((round.sent, round.failed))
}

/// Runs the worker until `shutdown` completes. A send in progress finishes first; the
/// rest of its batch is left to the claim's end (then any node takes it).
pub async fn run_outbox<F>(db: Db, mailer: Arc<dyn Mailer>, shutdown: F)
where
    F: Future<Output = ()> + Send,
{
    let (stop_tx, stop_rx) = watch::channel(false);
    let signal = async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    };
    let work = async move {
        let mut stop = stop_rx;
        tracing::info!(batch = BATCH, "outbox worker started");
        while !*stop.borrow() {
            let pause = match deliver(&db, mailer.as_ref(), &stop).await {
                Ok(round) => {
                    if round.sent + round.failed > 0 {
                        tracing::info!(sent = round.sent, failed = round.failed, "outbox round");
                    }
                    // A full batch suggests more is waiting: go again at once.
                    (round.claimed < usize::try_from(BATCH).unwrap_or(usize::MAX))
                        .then_some(IDLE_PAUSE)
                }
                Err(e) => {
                    tracing::error!(error = %e, "outbox worker: database error; retrying");
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
        tracing::info!("outbox worker stopped");
    };
    tokio::join!(signal, work);
}

/// One round; checks `stop` between messages.
async fn deliver(
    db: &Db,
    mailer: &dyn Mailer,
    stop: &watch::Receiver<bool>,
) -> Result<Round, StoreError> {
    let claimed = outbox::claim_due(db, OffsetDateTime::now_utc(), BATCH).await?;
    let mut round = Round {
        claimed: claimed.len(),
        ..Round::default()
    };
    for message in claimed {
        if *stop.borrow() {
            break;
        }
        // Past the claim's end another node may take the message: leave it for then.
        if OffsetDateTime::now_utc() + CLAIM_MARGIN > message.next_attempt_at {
            tracing::warn!(
                id = message.id,
                "outbox: claim nearly over, leaving the rest of the batch for later"
            );
            break;
        }
        if send_one(db, mailer, message).await? {
            round.sent += 1;
        } else {
            round.failed += 1;
        }
    }
    Ok(round)
}

/// Sends one claimed message and records the outcome; `true` when sent.
async fn send_one(
    db: &Db,
    mailer: &dyn Mailer,
    message: OutboxMessage,
) -> Result<bool, StoreError> {
    let OutboxMessage {
        id,
        recipient,
        subject,
        body,
        attempts,
        ..
    } = message;
    let email = Email {
        from: mailer.sender().to_owned(),
        to: recipient,
        subject,
        text: body,
    };
    let outcome = match tokio::time::timeout(SEND_DEADLINE, mailer.send(&email)).await {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(_) => Err(format!("no answer within {} s", SEND_DEADLINE.as_secs())),
    };
    match outcome {
        Ok(()) => {
            outbox::mark_sent(db, id).await?;
            tracing::debug!(id, "outbox: sent");
            Ok(true)
        }
        Err(error) => {
            let attempts = attempts.saturating_add(1);
            let retry_at = OffsetDateTime::now_utc() + outbox::retry_delay(attempts);
            outbox::mark_failed(db, id, &error, retry_at).await?;
            if attempts >= outbox::MAX_ATTEMPTS {
                tracing::error!(id, attempts, %error, "outbox: giving up on this message");
            } else {
                tracing::warn!(id, attempts, %error, retry_at = %retry_at, "outbox: send failed, will retry");
            }
            Ok(false)
        }
    }
}
