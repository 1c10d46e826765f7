//! What an incoming text message does, the replies' sending, and delivery reports.

use gerbang_domain::complaints::State as ComplaintState;
use gerbang_domain::i18n::Lang;
use gerbang_domain::reference::Reference;
use gerbang_domain::sms::{Command, Delivery, fit, normalize_phone};
use gerbang_store::jobs::JobRow;
use gerbang_store::sms as store;
use secrecy::ExposeSecret;
use subtle::ConstantTimeEq as _;

use crate::accounts::limits;
use crate::accounts::service::Meta;
use crate::complaints::service::{self as complaints, Filing};
use crate::i18n::t_args;
use crate::payments::providers::{hex, hmac_sha256};
use crate::{App, AppError, ErrorKind};

/// The job that sends one reply.
pub const KIND: &str = "sms.send";

/// Messages one number may send in an hour; past it, nothing is answered (a reply costs
/// money and would feed a loop between two machines).
pub const PER_NUMBER_PER_HOUR: i64 = 10;

/// What became of an incoming message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A complaint was filed with this reference.
    Filed(String),
    /// A status was answered.
    Answered,
    /// The help text was sent.
    Helped,
    /// Too many messages from this number: recorded, not answered.
    Throttled,
}

fn config(app: &App) -> Result<&super::SmsConfig, AppError> {
    app.config
        .sms
        .as_ref()
        .ok_or(AppError::Kind(ErrorKind::NotFound))
}

/// True when `token` is the configured inbound secret (constant time).
pub fn inbound_allowed(app: &App, token: &str) -> bool {
    app.config.sms.as_ref().is_some_and(|c| {
        bool::from(
            token
                .as_bytes()
                .ct_eq(c.inbound_secret.expose_secret().as_bytes()),
        )
    })
}

/// The token a delivery report for message `id` carries: an HMAC under the inbound
/// secret, so that reports cannot be forged for other messages.
fn report_token(app: &App, id: i64) -> Result<String, AppError> {
    let c = config(app)?;
    Ok(hex(&hmac_sha256(
        c.inbound_secret.expose_secret().as_bytes(),
        format!("sms-report:{id}").as_bytes(),
    )))
}

fn say(lang: Lang, id: &str, args: &[(&'static str, String)]) -> String {
    let args: Vec<_> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
    fit(&t_args(lang, id, &args))
}

/// The agency complaints by text message go to: configured, or the top of the tree.
async fn agency(app: &App) -> Result<String, AppError> {
    if let Some(slug) = config(app)?.agency.clone() {
        return Ok(slug);
    }
    let catalogue = app.catalogue().await?;
    catalogue
        .agencies
        .iter()
        .find(|a| a.parent_slug.is_none())
        .map(|a| a.slug.clone())
        .ok_or_else(|| AppError::Internal("no agency to take complaints by SMS".into()))
}

/// Handles one incoming message from `from`: records it, limits the number, does what it
/// asks and queues the reply. 422 for a sender that is not a phone number.
pub async fn receive(app: &App, from: &str, text: &str, meta: &Meta) -> Result<Outcome, AppError> {
    config(app)?;
    let Some(phone) = normalize_phone(from) else {
        return Err(AppError::Invalid(vec![crate::FieldProblem::new(
            "from",
            "sms-error-number",
        )]));
    };
    let text: String = text.chars().take(1000).collect();
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let incoming = store::insert(&mut tx, "in", &phone, &text, None, now).await?;
    tx.commit().await?;
    if limits::check(app, &format!("sms:{phone}"), PER_NUMBER_PER_HOUR, 60)
        .await
        .is_err()
    {
        tracing::warn!(%phone, "SMS: too many messages from this number; not answered");
        return Ok(Outcome::Throttled);
    }
    let (reply, outcome, complaint) = match Command::parse(&text) {
        Command::Complaint { text, lang } => {
            // Anonymous filings are limited per address: here the number is the address.
            let mut by_number = meta.clone();
            by_number.ip = format!("sms:{phone}");
            let title: String = {
                let first = text.lines().next().unwrap_or(&text);
                let mut t: String = first.chars().take(80).collect();
                if first.chars().count() > 80 {
                    t.push('…');
                }
                t
            };
            let agency = agency(app).await?;
            let category = app
                .catalogue()
                .await?
                .agency(&agency)
                .and_then(|a| a.definition().ok())
                .and_then(|d| d.categories().into_iter().next())
                .map(|c| c.code)
                .unwrap_or_else(|| "service-delivery".into());
            let filing = Filing {
                agency,
                category,
                kind: "complaint".into(),
                title,
                description: text.clone(),
                contact_phone: Some(phone.clone()),
                channel: "sms",
                ..Filing::default()
            };
            match complaints::file(app, None, filing, &by_number).await {
                Ok(filed) => (
                    say(lang, "sms-filed", &[("reference", filed.reference.clone())]),
                    Outcome::Filed(filed.reference.clone()),
                    Some(filed.reference),
                ),
                Err(AppError::Invalid(_)) => {
                    (say(lang, "sms-filing-refused", &[]), Outcome::Helped, None)
                }
                Err(AppError::Throttled(_)) => (
                    say(lang, "sms-filing-throttled", &[]),
                    Outcome::Helped,
                    None,
                ),
                Err(e) => return Err(e),
            }
        }
        Command::Status { reference, lang } => (
            status(app, &reference, lang).await?,
            Outcome::Answered,
            None,
        ),
        Command::Help { lang } => (say(lang, "sms-help", &[]), Outcome::Helped, None),
    };
    let mut tx = app.db.begin().await?;
    if let Some(reference) = complaint
        && let Some(c) = gerbang_store::complaints::by_reference(&mut tx, &reference).await?
    {
        store::set_complaint(&mut tx, incoming, c.id).await?;
    }
    queue_reply(&mut tx, app, &phone, &reply, Some(incoming)).await?;
    meta.audit("sms.received", &format!("sms:{incoming}"))
        .details(serde_json::json!({ "outcome": format!("{outcome:?}") }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// The bare status of an application or a complaint: never a name, a text or a place.
async fn status(app: &App, raw: &str, lang: Lang) -> Result<String, AppError> {
    let Ok(reference) = Reference::parse(raw) else {
        return Ok(say(
            lang,
            "sms-status-unknown",
            &[("reference", raw.chars().take(20).collect())],
        ));
    };
    let reference = reference.to_string();
    if let Ok(found) = crate::applications::service::track(app, &reference, lang).await? {
        return Ok(say(
            lang,
            "sms-status",
            &[("reference", reference), ("status", found.status_label)],
        ));
    }
    if let Some(c) = gerbang_store::complaints::by_reference(&app.db, &reference).await? {
        let state = ComplaintState::parse(&c.state).map_or(c.state.clone(), |s| {
            crate::i18n::t(lang, &format!("complaint-state-{}", s.as_str()))
        });
        return Ok(say(
            lang,
            "sms-status",
            &[("reference", reference), ("status", state)],
        ));
    }
    Ok(say(lang, "sms-status-unknown", &[("reference", reference)]))
}

/// Queues a reply to `phone` in `tx`: the job queue sends it.
pub async fn queue_reply(
    tx: &mut gerbang_store::Tx,
    app: &App,
    phone: &str,
    text: &str,
    reply_to: Option<i64>,
) -> Result<i64, AppError> {
    let now = app.clock.now();
    let id = store::insert(tx, "out", phone, text, reply_to, now).await?;
    gerbang_store::jobs::schedule(tx, KIND, id, 0, now).await?;
    Ok(id)
}

/// The job: hands one queued reply to the gateway. A failure rolls back and the job
/// queue tries again with backoff (on any node).
pub async fn run(tx: &mut gerbang_store::Tx, app: &App, job: &JobRow) -> Result<(), AppError> {
    let Some(message) = store::by_id(&mut *tx, job.subject_id).await? else {
        return Ok(());
    };
    if message.state != "queued" {
        return Ok(());
    }
    let Some(gateway) = app.sms.as_ref() else {
        return Err(AppError::Internal("no SMS gateway is configured".into()));
    };
    let report_url = format!(
        "{}/sms/kannel/report?id={}&token={}&status=%d",
        app.config.public_url,
        message.id,
        report_token(app, message.id)?
    );
    // A refusal fails the job: the queue records why and tries again later.
    gateway
        .send(&message.phone, &message.body, &report_url)
        .await?;
    store::mark_sent(tx, message.id, app.clock.now()).await?;
    Ok(())
}

/// Records a delivery report for message `id` (with its token); 404 for a wrong token
/// or an unknown message, 400 for a status the gateway never sends.
pub async fn report(app: &App, id: i64, token: &str, status: i64) -> Result<(), AppError> {
    let expected = report_token(app, id)?;
    if !bool::from(expected.as_bytes().ct_eq(token.as_bytes())) {
        return Err(AppError::NOT_FOUND);
    }
    let Some(delivery) = Delivery::from_kannel(status) else {
        return Err(AppError::Kind(ErrorKind::BadRequest));
    };
    let mut tx = app.db.begin().await?;
    let known = store::report(
        &mut tx,
        id,
        i32::try_from(status).unwrap_or(0),
        delivery.state(),
        app.clock.now(),
    )
    .await?;
    if !known {
        return Err(AppError::NOT_FOUND);
    }
    tx.commit().await?;
    Ok(())
}
