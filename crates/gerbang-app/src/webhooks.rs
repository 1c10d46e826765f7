//! Webhooks: a business (or any applicant) registers an endpoint and is told, signed as the
//! Standard Webhooks specification says, when its applications change state, are returned
//! for correction, are invoiced or paid, or have their document issued.
//!
//! The message is written in the transaction of the change it announces ([`emit`]), so a
//! change is never announced without happening, nor happens unannounced. The delivery
//! worker on any node ([`run_webhooks`], [`deliver_due`]) claims due messages with a lease,
//! posts them outside any transaction, and keeps every attempt: delivered on a 2xx answer,
//! else tried again on the specification's schedule, then failed; an endpoint whose
//! messages fail five times in a row is switched off until its owner switches it on. The
//! owner sees each message and attempt, and asks for any message again.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use gerbang_domain::webhooks::{self as rules, EventType, Secret};
use gerbang_store::webhooks::{self as store, EndpointRow, MessageRow, Outcome};
use gerbang_store::{StoreError, Tx};
use secrecy::ExposeSecret;
use serde::Serialize;
use time::OffsetDateTime;

use crate::App;
use crate::accounts::service::Meta;
use crate::authz::{Action, Resource, check};
use crate::clock::rfc3339_utc;
use crate::error::{AppError, ErrorKind, FieldProblem};
use crate::user::SessionUser;

/// Endpoints one account may have.
pub const MAX_ENDPOINTS: usize = 10;

/// How long a receiver has to answer.
const TIMEOUT: Duration = Duration::from_secs(15);

/// Messages one round of the worker takes.
const BATCH: i64 = 20;

/// An endpoint as its owner sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    /// Its public id, such as `ep_5f1c…`.
    pub id: String,
    pub url: String,
    pub description: String,
    pub event_types: Vec<String>,
    pub enabled: bool,
    /// Why it is switched off: `failing` (five messages in a row failed) or `owner`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled_reason: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<&EndpointRow> for Endpoint {
    fn from(r: &EndpointRow) -> Endpoint {
        Endpoint {
            id: r.uid.clone(),
            url: r.url.clone(),
            description: r.description.clone(),
            event_types: r.event_types.split(' ').map(str::to_owned).collect(),
            enabled: r.enabled,
            disabled_reason: r.disabled_reason.clone(),
            created_at: r.created_at,
        }
    }
}

/// A registered endpoint and its signing secret, shown this once.
#[derive(Debug, Clone, Serialize)]
pub struct Registered {
    #[serde(flatten)]
    pub endpoint: Endpoint,
    /// `whsec_…`: keep it; it is not shown again.
    pub secret: String,
}

/// What a registration asks for.
#[derive(Debug, Clone, Default)]
pub struct NewEndpoint {
    pub url: String,
    pub description: String,
    /// Event types; empty: every type.
    pub event_types: Vec<String>,
}

fn new_id(prefix: &str) -> String {
    format!("{prefix}{}", hex::encode(rand::random::<[u8; 12]>()))
}

/// Registers an endpoint for `user`'s applications. Every problem at once (422); more
/// than [`MAX_ENDPOINTS`] is a conflict (409).
pub async fn register(
    app: &App,
    user: &SessionUser,
    e: &NewEndpoint,
    meta: &Meta,
) -> Result<Registered, AppError> {
    check(Some(user), Action::ManageWebhooks, Resource::Platform)?;
    let url = e.url.trim();
    let description = e.description.trim();
    let mut problems = Vec::new();
    if let Err(p) = rules::check_address(url, app.config.webhooks_to_private_networks) {
        problems.push(FieldProblem::new(
            "url",
            match p {
                rules::AddressProblem::NotHttps => "error-webhook-https",
                rules::AddressProblem::Credentials => "error-webhook-credentials",
                rules::AddressProblem::TooLong | rules::AddressProblem::NotHttp => {
                    "error-webhook-url"
                }
            },
        ));
    }
    if description.chars().count() > 200 {
        problems.push(FieldProblem {
            field: "description".into(),
            message_id: "error-too-long".into(),
            args: vec![("n", "200".into())],
            subject: None,
        });
    }
    let mut types: Vec<EventType> = Vec::new();
    for t in e
        .event_types
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
    {
        match EventType::parse(t) {
            Some(t) if !types.contains(&t) => types.push(t),
            Some(_) => {}
            None => {
                problems.push(FieldProblem::new("event_types", "error-webhook-event-type"));
                break;
            }
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    if types.is_empty() {
        types = EventType::ALL.to_vec();
    }
    types.sort();
    if store::endpoints_of(&app.db, user.id).await?.len() >= MAX_ENDPOINTS {
        return Err(AppError::Kind(ErrorKind::Conflict));
    }
    let uid = new_id("ep_");
    let secret = Secret::from_bytes(rand::random::<[u8; 32]>().to_vec());
    let (sealed, nonce) = app.kek.seal_secret(secret.as_bytes(), &uid);
    let event_types = types
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let mut tx = app.db.begin().await?;
    store::insert_endpoint(
        &mut tx,
        &store::NewEndpoint {
            uid: &uid,
            owner_id: user.id,
            url,
            description,
            event_types: &event_types,
            secret_sealed: &sealed,
            secret_nonce: &nonce,
        },
    )
    .await?;
    meta.audit("webhook.endpoint_create", &format!("webhook:{uid}"))
        .details(serde_json::json!({ "url": url, "event_types": event_types }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    let row = store::endpoint(&app.db, &uid)
        .await?
        .ok_or_else(|| AppError::Internal("endpoint vanished after its insert".into()))?;
    Ok(Registered {
        endpoint: Endpoint::from(&row),
        secret: secret.reveal(),
    })
}

/// `user`'s endpoints, newest first.
pub async fn list(app: &App, user: &SessionUser) -> Result<Vec<Endpoint>, AppError> {
    check(Some(user), Action::ManageWebhooks, Resource::Platform)?;
    Ok(store::endpoints_of(&app.db, user.id)
        .await?
        .iter()
        .map(Endpoint::from)
        .collect())
}

/// One of `user`'s endpoints; anyone else's, or none, is 404.
async fn own(app: &App, user: &SessionUser, uid: &str) -> Result<EndpointRow, AppError> {
    check(Some(user), Action::ManageWebhooks, Resource::Platform)?;
    store::endpoint(&app.db, uid)
        .await?
        .filter(|e| e.owner_id == user.id)
        .ok_or(AppError::NOT_FOUND)
}

/// One message as its endpoint's owner sees it, with its attempts.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    /// The `webhook-id` header.
    pub id: String,
    pub event_type: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// `pending`, `delivered` or `failed`.
    pub status: &'static str,
    pub attempts: Vec<Attempt>,
    /// When it is tried next, while pending.
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_attempt_at: Option<OffsetDateTime>,
    /// The body as sent.
    pub payload: serde_json::Value,
}

/// One attempt at delivering a message.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The receiver's HTTP status; absent when it could not be reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub duration_ms: i32,
    /// The owner asked for it again.
    pub manual: bool,
}

fn status_of(m: &MessageRow) -> &'static str {
    if m.delivered_at.is_some() {
        "delivered"
    } else if m.failed_at.is_some() {
        "failed"
    } else {
        "pending"
    }
}

/// An endpoint and its latest messages with their attempts, newest first.
pub async fn deliveries(
    app: &App,
    user: &SessionUser,
    uid: &str,
) -> Result<(Endpoint, Vec<Delivery>), AppError> {
    let ep = own(app, user, uid).await?;
    let messages = store::messages_of(&app.db, ep.id, 50).await?;
    let mut attempts: HashMap<i64, Vec<Attempt>> = HashMap::new();
    for a in store::attempts_of(&app.db, ep.id, 500).await? {
        attempts.entry(a.message_id).or_default().push(Attempt {
            at: a.at,
            status: a.status,
            error: a.error,
            duration_ms: a.duration_ms,
            manual: a.manual,
        });
    }
    let out = messages
        .into_iter()
        .map(|m| Delivery {
            status: status_of(&m),
            next_attempt_at: if status_of(&m) == "pending" {
                m.next_attempt_at
            } else {
                None
            },
            attempts: attempts.remove(&m.id).unwrap_or_default(),
            payload: serde_json::from_str(&m.payload).unwrap_or(serde_json::Value::Null),
            id: m.msg_id,
            event_type: m.event_type,
            created_at: m.created_at,
        })
        .collect();
    Ok((Endpoint::from(&ep), out))
}

/// Puts one of the endpoint's messages back in the queue, due now (delivered, failed or
/// pending alike); an endpoint switched off is refused (409): switch it on first.
pub async fn redeliver(
    app: &App,
    user: &SessionUser,
    uid: &str,
    msg_id: &str,
    meta: &Meta,
) -> Result<(), AppError> {
    let ep = own(app, user, uid).await?;
    let m = store::message(&app.db, ep.id, msg_id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    if !ep.enabled {
        return Err(AppError::Kind(ErrorKind::Conflict));
    }
    let mut tx = app.db.begin().await?;
    store::requeue(&mut tx, m.id, app.clock.now()).await?;
    meta.audit("webhook.redeliver", &format!("webhook:{uid}"))
        .details(serde_json::json!({ "message": msg_id }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Switches an endpoint on (its count of failures starts again, and the messages parked
/// while it was off are sent) or off.
pub async fn set_enabled(
    app: &App,
    user: &SessionUser,
    uid: &str,
    enabled: bool,
    meta: &Meta,
) -> Result<Endpoint, AppError> {
    let ep = own(app, user, uid).await?;
    let mut tx = app.db.begin().await?;
    store::set_enabled(&mut tx, ep.id, enabled, (!enabled).then_some("owner")).await?;
    if enabled {
        store::unpark(&mut tx, ep.id, app.clock.now()).await?;
    }
    meta.audit(
        if enabled {
            "webhook.endpoint_enable"
        } else {
            "webhook.endpoint_disable"
        },
        &format!("webhook:{uid}"),
    )
    .append(&mut tx)
    .await?;
    tx.commit().await?;
    let row = store::endpoint(&app.db, uid)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    Ok(Endpoint::from(&row))
}

/// Removes an endpoint; its pending messages are not delivered.
pub async fn remove(app: &App, user: &SessionUser, uid: &str, meta: &Meta) -> Result<(), AppError> {
    let ep = own(app, user, uid).await?;
    let mut tx = app.db.begin().await?;
    store::delete_endpoint(&mut tx, ep.id).await?;
    meta.audit("webhook.endpoint_delete", &format!("webhook:{uid}"))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Writes `event` about one of `owner_id`'s applications for each of their endpoints that
/// takes it, in the caller's transaction. `data` says what happened (the reference first).
pub async fn emit(
    tx: &mut Tx,
    owner_id: i64,
    event: EventType,
    data: serde_json::Value,
) -> Result<(), StoreError> {
    let subscribers = store::subscribers(tx, owner_id, event.as_str()).await?;
    if subscribers.is_empty() {
        return Ok(());
    }
    let payload = serde_json::json!({
        "type": event.as_str(),
        "timestamp": rfc3339_utc(OffsetDateTime::now_utc()),
        "data": data,
    })
    .to_string();
    for (endpoint_id, _) in subscribers {
        store::enqueue(tx, &new_id("msg_"), endpoint_id, event.as_str(), &payload).await?;
    }
    Ok(())
}

/// True when an address may not be reached from the platform: loopback, private,
/// link-local, unspecified, multicast, or an IPv6 unique-local one.
fn internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| internal(IpAddr::V4(v4)))
        }
    }
}

/// Where a message goes: the resolved address the connection is pinned to (so the name
/// cannot point elsewhere between the check and the connection).
async fn resolve(url: &str, private_ok: bool) -> Result<(reqwest::Url, SocketAddr), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("address: {e}"))?;
    let host = parsed
        .host_str()
        .ok_or_else(|| "address has no host".to_owned())?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let port = parsed
        .port_or_known_default()
        .ok_or_else(|| "address has no port".to_owned())?;
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|e| format!("cannot resolve {host}: {e}"))?
        .collect();
    let first = *addrs
        .first()
        .ok_or_else(|| format!("{host} resolves to nothing"))?;
    if !private_ok && addrs.iter().any(|a| internal(a.ip())) {
        return Err(format!(
            "{host} resolves to an internal address, which webhooks do not reach"
        ));
    }
    Ok((parsed, first))
}

/// Posts one message; the outcome as the attempt log keeps it.
async fn post(app: &App, ep: &EndpointRow, m: &MessageRow) -> (Option<i32>, Option<String>, i32) {
    let started = std::time::Instant::now();
    let elapsed =
        |s: std::time::Instant| i32::try_from(s.elapsed().as_millis()).unwrap_or(i32::MAX);
    let secret = match app
        .kek
        .open_secret(&ep.secret_sealed, &ep.secret_nonce, &ep.uid)
    {
        Ok(s) => Secret::from_bytes(s.expose_secret().clone()),
        Err(e) => return (None, Some(format!("signing secret: {e}")), 0),
    };
    let (url, addr) = match resolve(&ep.url, app.config.webhooks_to_private_networks).await {
        Ok(r) => r,
        Err(e) => return (None, Some(e), elapsed(started)),
    };
    let host = url.host_str().unwrap_or_default().to_owned();
    let client = match reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .resolve(&host, addr)
        .user_agent("Gerbang-Webhooks/1")
        .build()
    {
        Ok(c) => c,
        Err(e) => return (None, Some(format!("client: {e}")), 0),
    };
    let timestamp = app.clock.now().unix_timestamp();
    let signature = rules::sign(&secret, &m.msg_id, timestamp, m.payload.as_bytes());
    let res = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &m.msg_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(m.payload.clone())
        .send()
        .await;
    match res {
        Ok(r) => {
            let status = i32::from(r.status().as_u16());
            let error = (!r.status().is_success()).then(|| format!("answered {}", r.status()));
            (Some(status), error, elapsed(started))
        }
        Err(e) => (None, Some(e.to_string()), elapsed(started)),
    }
}

/// Delivers the messages due now: one round of the worker; returns how many were tried.
pub async fn deliver_due(app: &App) -> Result<usize, AppError> {
    let claimed = store::claim_due(&app.db, app.clock.now(), BATCH).await?;
    let mut endpoints: HashMap<i64, Option<EndpointRow>> = HashMap::new();
    for m in &claimed {
        if let std::collections::hash_map::Entry::Vacant(slot) = endpoints.entry(m.endpoint_id) {
            slot.insert(store::endpoint_by_id(&app.db, m.endpoint_id).await?);
        }
        let Some(Some(ep)) = endpoints.get(&m.endpoint_id).cloned() else {
            continue;
        };
        let now = app.clock.now();
        if !ep.enabled {
            // Switched off: parked, and due again when the endpoint is switched on.
            store::park(&app.db, m.id).await?;
            continue;
        }
        let (status, error, duration_ms) = post(app, &ep, m).await;
        let delivered = status.is_some_and(|s| (200..300).contains(&s));
        let attempts = u32::try_from(m.attempts).unwrap_or(0).saturating_add(1);
        // A redelivery the owner asked for is tried once and counts for nothing else.
        let next = if delivered || m.manual_requested {
            None
        } else {
            rules::retry_after(attempts).map(|s| now + time::Duration::seconds(s))
        };
        let gave_up = !delivered && next.is_none();
        let failures = if !m.manual_requested && (delivered || gave_up) {
            let before = u32::try_from(ep.failed_in_a_row).unwrap_or(0);
            let (n, off) = rules::after_outcome(before, gave_up);
            if let Some(Some(e)) = endpoints.get_mut(&m.endpoint_id) {
                e.failed_in_a_row = i32::try_from(n).unwrap_or(i32::MAX);
                if off {
                    e.enabled = false;
                }
            }
            Some((i32::try_from(n).unwrap_or(i32::MAX), off))
        } else {
            None
        };
        if failures.is_some_and(|(_, off)| off) {
            tracing::warn!(endpoint = %ep.uid, "webhook endpoint switched off after failing messages in a row");
        }
        store::record_attempt(
            &app.db,
            m.id,
            ep.id,
            &Outcome {
                at: now,
                status,
                error: error.as_deref(),
                duration_ms,
                manual: m.manual_requested,
                delivered,
                next_attempt_at: next,
            },
            failures,
        )
        .await?;
    }
    Ok(claimed.len())
}

/// Runs the delivery worker until `shutdown` completes.
pub async fn run_webhooks<F>(app: App, shutdown: F)
where
    F: Future<Output = ()> + Send,
{
    tokio::pin!(shutdown);
    tracing::info!("webhook worker started");
    loop {
        let pause = match deliver_due(&app).await {
            Ok(n) if n as i64 >= BATCH => Duration::ZERO,
            Ok(_) => Duration::from_millis(500 + u64::from(rand::random::<u16>() % 1000)),
            Err(e) => {
                tracing::error!(error = %e, "webhook worker: database error; retrying");
                Duration::from_secs(5)
            }
        };
        tokio::select! {
            () = &mut shutdown => break,
            () = tokio::time::sleep(pause) => {}
        }
    }
    tracing::info!("webhook worker stopped");
}
