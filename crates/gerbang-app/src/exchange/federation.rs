//! Data-service calls between installs: a city's Gerbang asks a province's, over HTTP.
//!
//! Each install signs with one Ed25519 key (configured, never generated per node) and
//! publishes its public half at `/federation/v1/jwks.json`. Its trust list names each peer
//! install, where its keys are published, and which key ids it signs with. A request is
//! signed (RFC 9421) over its method, target URI, `Content-Digest` (RFC 9530) and type,
//! with `created` and a nonce; the provider refuses a signature it cannot verify under a
//! trusted key, a changed body, a `created` outside the window and a nonce seen before
//! (nonces are kept in the database, so every node of an install sees them). Its answer
//! is signed the same way, over the status, the body's digest and the request's method
//! and target, and the consumer checks it before using it.

use std::collections::HashMap;
use std::sync::Arc;

use base64::Engine;
use ed25519_dalek::{SigningKey, VerifyingKey};
use gerbang_domain::exchange::Refusal;
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;

use super::signatures::{self, Message, SignatureError, Window};
use super::{Ask, Found, Outcome};
use crate::App;
use crate::error::AppError;

/// Oldest accepted signature, in seconds.
pub const MAX_AGE_SECONDS: i64 = 300;
/// How far ahead of our clock a peer's may be, in seconds.
pub const CLOCK_SKEW_SECONDS: i64 = 30;
/// What a request's signature must cover.
pub const REQUEST_COVERS: [&str; 4] = ["@method", "@target-uri", "content-digest", "content-type"];
/// What an answer's signature must cover.
pub const RESPONSE_COVERS: [&str; 5] = [
    "@status",
    "content-digest",
    "content-type",
    "@method;req",
    "@target-uri;req",
];

/// A peer install in the trust list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeerConfig {
    /// The name both installs use for it, such as `province`.
    pub name: String,
    /// Where its federation endpoints are, such as `https://layanan.jatengprov.go.id`.
    pub base_url: String,
    /// Where its public keys are published (a JWK set).
    pub jwks_url: String,
    /// The key ids it signs with; keys of its set with other ids are not trusted.
    pub key_ids: Vec<String>,
}

/// This install's part in federation.
#[derive(Debug, Clone)]
pub struct FederationConfig {
    /// The name peers know this install by.
    pub name: String,
    /// The key id of its signing key.
    pub key_id: String,
    /// The Ed25519 signing key's 32-byte seed, base64.
    pub signing_key: secrecy::SecretString,
    pub peers: Vec<PeerConfig>,
}

/// The trust list file: `[[peer]]` tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustList {
    #[serde(default)]
    pub peer: Vec<PeerConfig>,
}

/// Federation at run time: the key, the peers, and the peers' keys once fetched.
pub struct Federation {
    pub name: String,
    pub key_id: String,
    key: SigningKey,
    pub peers: Vec<PeerConfig>,
    keys: RwLock<HashMap<String, PeerKeys>>,
    /// The peers' published data services, and when they were fetched.
    services: RwLock<HashMap<String, (std::time::Instant, Vec<PublishedService>)>>,
    http: reqwest::Client,
}

/// A peer's keys, by id, and when they were fetched.
type PeerKeys = (std::time::Instant, Vec<(String, VerifyingKey)>);

/// How long a peer's keys are kept before they are fetched again (an unknown key id
/// fetches at once, at most once a minute).
const KEYS_FOR: std::time::Duration = std::time::Duration::from_secs(3600);
const REFETCH_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

impl std::fmt::Debug for Federation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Federation")
            .field("name", &self.name)
            .field("key_id", &self.key_id)
            .field("peers", &self.peers)
            .finish_non_exhaustive()
    }
}

impl Federation {
    /// Reads the configured key; refuses a key that is not a 32-byte seed.
    pub fn new(c: &FederationConfig) -> Result<Federation, String> {
        use secrecy::ExposeSecret;
        let seed = base64::engine::general_purpose::STANDARD
            .decode(c.signing_key.expose_secret().trim())
            .map_err(|_| "the federation signing key is not base64".to_owned())?;
        let seed: [u8; 32] = seed
            .try_into()
            .map_err(|_| "the federation signing key must be 32 bytes".to_owned())?;
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Federation {
            name: c.name.clone(),
            key_id: c.key_id.clone(),
            key: SigningKey::from_bytes(&seed),
            peers: c.peers.clone(),
            keys: RwLock::default(),
            services: RwLock::default(),
            http,
        })
    }

    /// The public JWK set peers verify this install's signatures with.
    pub fn jwks(&self) -> serde_json::Value {
        serde_json::json!({ "keys": [signatures::jwk(&self.key.verifying_key(), &self.key_id)] })
    }

    /// The peer that signs with `keyid`.
    pub fn peer_of_key(&self, keyid: &str) -> Option<&PeerConfig> {
        self.peers
            .iter()
            .find(|p| p.key_ids.iter().any(|k| k == keyid))
    }

    pub fn peer(&self, name: &str) -> Option<&PeerConfig> {
        self.peers.iter().find(|p| p.name == name)
    }

    /// A trusted key of `peer` by id: from the cache, else fetched from its JWK set.
    async fn key_of(&self, peer: &PeerConfig, keyid: &str) -> Option<VerifyingKey> {
        if !peer.key_ids.iter().any(|k| k == keyid) {
            return None;
        }
        let cached = self.keys.read().await.get(&peer.name).cloned();
        if let Some((at, keys)) = &cached {
            let found = keys.iter().find(|(k, _)| k == keyid).map(|(_, v)| *v);
            if found.is_some() && at.elapsed() < KEYS_FOR {
                return found;
            }
            if found.is_none() && at.elapsed() < REFETCH_AFTER {
                return None;
            }
        }
        let fetched = async {
            let resp = self.http.get(&peer.jwks_url).send().await.ok()?;
            if !resp.status().is_success() {
                return None;
            }
            let set: serde_json::Value = resp.json().await.ok()?;
            Some(signatures::keys_of_jwks(&set))
        }
        .await;
        let Some(keys) = fetched else {
            tracing::warn!(peer = %peer.name, url = %peer.jwks_url, "could not fetch a peer's keys");
            return cached
                .and_then(|(_, keys)| keys.iter().find(|(k, _)| k == keyid).map(|(_, v)| *v));
        };
        let found = keys.iter().find(|(k, _)| k == keyid).map(|(_, v)| *v);
        self.keys
            .write()
            .await
            .insert(peer.name.clone(), (std::time::Instant::now(), keys));
        found
    }

    fn sign(
        &self,
        msg: &Message<'_>,
        created: i64,
        components: &[&str],
    ) -> Option<(String, String)> {
        let nonce = crate::user::new_token();
        signatures::sign(
            msg,
            &self.key,
            &self.key_id,
            created,
            &nonce,
            components,
            "gerbang",
        )
    }
}

/// What a consumer sends.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryBody {
    /// The consuming agency's slug at the calling install.
    pub consumer: String,
    pub purpose: String,
    /// The fields asked for.
    pub fields: Vec<String>,
    /// The identifier of the record (a NIK, a NIB).
    pub input: String,
    /// The consumer's case the call is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_reference: Option<String>,
}

/// What a provider answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerBody {
    /// `answered` or `not_found`.
    pub outcome: String,
    #[serde(default)]
    pub record: serde_json::Map<String, serde_json::Value>,
}

/// A request as the web layer received it.
#[derive(Debug, Clone)]
pub struct Incoming<'a> {
    pub method: &'a str,
    /// The absolute URI the caller sent it to: this install's public address, path and query.
    pub target_uri: &'a str,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
    pub provider: &'a str,
    pub data_service: &'a str,
}

/// Why an incoming request was not answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejected {
    /// Federation is off here.
    Off,
    /// The signature (or digest, or freshness) failed.
    Signature(SignatureError),
    /// The nonce was seen before.
    Replayed,
    /// The body is not a query.
    BadBody,
    /// The rule refused the call.
    Refused(Refusal),
}

impl Rejected {
    /// The stable name: the problem type's last segment.
    pub fn as_str(self) -> &'static str {
        match self {
            Rejected::Off => "federation-off",
            Rejected::Signature(SignatureError::Stale) => "stale-signature",
            Rejected::Signature(SignatureError::Digest) => "digest-mismatch",
            Rejected::Signature(SignatureError::UnknownKey) => "unknown-key",
            Rejected::Signature(_) => "invalid-signature",
            Rejected::Replayed => "replayed-request",
            Rejected::BadBody => "invalid-body",
            Rejected::Refused(r) => r.as_str(),
        }
    }

    /// What happened, in English (peers are systems, not people).
    pub fn detail(self) -> &'static str {
        match self {
            Rejected::Off => "This install does not take calls from other installs.",
            Rejected::Signature(SignatureError::Stale) => {
                "The signature's created time is outside the accepted window."
            }
            Rejected::Signature(SignatureError::Digest) => {
                "The body does not match its Content-Digest."
            }
            Rejected::Signature(SignatureError::UnknownKey) => {
                "The key id is not one the trust list names."
            }
            Rejected::Signature(_) => {
                "The request is not signed as RFC 9421 requires, or the signature does not verify."
            }
            Rejected::Replayed => "This nonce was seen before.",
            Rejected::BadBody => "The body is not a data-service query.",
            Rejected::Refused(Refusal::UnknownConsumer) => "The asking agency is not known.",
            Rejected::Refused(Refusal::UnknownService) => "There is no such data service.",
            Rejected::Refused(Refusal::ServiceDisabled) => {
                "The provider has switched this data service off."
            }
            Rejected::Refused(Refusal::NoAgreement) => {
                "No agreement approved by both agencies covers this call."
            }
            Rejected::Refused(Refusal::AgreementExpired) => "The agreement is not in force today.",
            Rejected::Refused(Refusal::PurposeNotAllowed) => {
                "The agreement does not cover this purpose."
            }
            Rejected::Refused(Refusal::FieldsNotCovered) => {
                "The agreement does not cover every field asked for."
            }
            Rejected::Refused(Refusal::InvalidInput) => {
                "The input is not a well-formed identifier for this data service."
            }
        }
    }

    pub fn status(self) -> u16 {
        match self {
            Rejected::Off => 404,
            Rejected::Signature(_) | Rejected::Replayed => 401,
            Rejected::BadBody => 400,
            Rejected::Refused(r) => r.status(),
        }
    }
}

/// Answers a peer's call: verifies its signature and nonce, decides it under the
/// agreements with the peer's agency, logs it (the provider's side keeps the fields'
/// names, never the values), and returns the answer.
pub async fn answer(
    app: &App,
    req: &Incoming<'_>,
) -> Result<Result<AnswerBody, Rejected>, AppError> {
    let Some(fed) = app.federation.as_ref() else {
        return Ok(Err(Rejected::Off));
    };
    let msg = Message {
        method: req.method,
        target_uri: req.target_uri,
        status: None,
        headers: req.headers,
    };
    let now = app.clock.now();
    let window = Window {
        now: now.unix_timestamp(),
        max_age: MAX_AGE_SECONDS,
        skew: CLOCK_SKEW_SECONDS,
    };
    // The key id names the peer; its key is fetched before the (synchronous) check.
    let keyid = signatures::key_id(req.headers);
    let peer = keyid.as_deref().and_then(|k| fed.peer_of_key(k));
    let key = match (peer, keyid.as_deref()) {
        (Some(p), Some(k)) => fed.key_of(p, k).await,
        _ => None,
    };
    let verified = match signatures::verify(&msg, Some(req.body), &REQUEST_COVERS, window, |_| key)
    {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(error = %e, keyid = ?keyid, "refused a peer's request");
            return Ok(Err(Rejected::Signature(e)));
        }
    };
    let Some(peer) = peer else {
        return Ok(Err(Rejected::Signature(SignatureError::UnknownKey)));
    };
    let mut tx = app.db.begin().await?;
    if !gerbang_store::exchange::remember_nonce(&mut tx, &peer.name, &verified.nonce, now).await? {
        tracing::warn!(peer = %peer.name, "refused a replayed request");
        return Ok(Err(Rejected::Replayed));
    }
    tx.commit().await?;
    let Ok(body) = serde_json::from_slice::<QueryBody>(req.body) else {
        return Ok(Err(Rejected::BadBody));
    };
    let ask = Ask {
        consumer_agency_id: None,
        consumer: &body.consumer,
        peer: Some(&peer.name),
        provider: req.provider,
        data_service: req.data_service,
        purpose: &body.purpose,
        fields: &body.fields,
        input: &body.input,
        case_reference: body.case_reference.as_deref(),
        subject_user_id: None,
        actor_user_id: None,
    };
    let outcome = super::decide(app, &ask).await?;
    let provider_id = outcome.provider_agency_id();
    let mut tx = app.db.begin().await?;
    super::log(&mut tx, app, &ask, &outcome, "incoming", provider_id).await?;
    tx.commit().await?;
    Ok(match outcome {
        Outcome::Answered(a) => Ok(match a.found {
            Found::Record(record) => AnswerBody {
                outcome: "answered".into(),
                record,
            },
            Found::Nothing => AnswerBody {
                outcome: "not_found".into(),
                record: serde_json::Map::new(),
            },
        }),
        Outcome::Refused(r, _) => Err(Rejected::Refused(r)),
    })
}

/// Signs an answer: the header fields to add (`Content-Digest`, `Signature-Input`,
/// `Signature`), given the request's method and target and the answer's status, type and
/// body.
pub fn sign_response(
    app: &App,
    method: &str,
    target_uri: &str,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> Vec<(String, String)> {
    let Some(fed) = app.federation.as_ref() else {
        return Vec::new();
    };
    let mut headers = vec![
        ("content-type".to_owned(), content_type.to_owned()),
        (
            "content-digest".to_owned(),
            signatures::content_digest(body),
        ),
    ];
    let msg = Message {
        method,
        target_uri,
        status: Some(status),
        headers: &headers,
    };
    if let Some((input, sig)) = fed.sign(&msg, app.clock.now().unix_timestamp(), &RESPONSE_COVERS) {
        headers.push(("signature-input".to_owned(), input));
        headers.push(("signature".to_owned(), sig));
    }
    headers.retain(|(n, _)| n != "content-type");
    headers
}

/// Why a call to a peer brought no answer.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("federation is off, or the peer is not in the trust list")]
    UnknownPeer,
    #[error("the peer could not be reached: {0}")]
    Unreachable(String),
    #[error("the peer's answer is not signed by a key it is trusted with: {0}")]
    BadSignature(SignatureError),
    #[error("the peer refused: {0}")]
    Refused(String),
    #[error(transparent)]
    App(#[from] AppError),
}

/// A call to a peer install's data service.
#[derive(Debug, Clone, Copy)]
pub struct PeerAsk<'a> {
    /// The peer's name in the trust list.
    pub peer: &'a str,
    /// The providing agency's slug at the peer.
    pub provider: &'a str,
    pub data_service: &'a str,
    pub body: &'a QueryBody,
    pub consumer_agency_id: Option<i64>,
    pub subject_user_id: Option<i64>,
    pub actor_user_id: Option<i64>,
}

/// Asks a peer install's data service, signing the request and checking the signed
/// answer; the call is logged on this side (`outgoing`) with what came back. With `audit`
/// (an officer's query from a case), its audit entry is written in the log's transaction.
pub async fn ask_peer(
    app: &App,
    ask: &PeerAsk<'_>,
    audit: Option<&crate::accounts::service::Meta>,
) -> Result<AnswerBody, CallError> {
    let PeerAsk {
        peer: peer_name,
        provider,
        data_service,
        body,
        consumer_agency_id,
        subject_user_id,
        actor_user_id,
    } = *ask;
    let fed = app.federation.as_ref().ok_or(CallError::UnknownPeer)?;
    let peer = fed.peer(peer_name).ok_or(CallError::UnknownPeer)?.clone();
    let url = format!(
        "{}/federation/v1/data-services/{provider}/{data_service}/query",
        peer.base_url.trim_end_matches('/')
    );
    let bytes = serde_json::to_vec(body).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut headers = vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        (
            "content-digest".to_owned(),
            signatures::content_digest(&bytes),
        ),
    ];
    let msg = Message {
        method: "POST",
        target_uri: &url,
        status: None,
        headers: &headers,
    };
    let (input, sig) = fed
        .sign(&msg, app.clock.now().unix_timestamp(), &REQUEST_COVERS)
        .ok_or_else(|| AppError::Internal("could not sign a request".into()))?;
    headers.push(("signature-input".to_owned(), input));
    headers.push(("signature".to_owned(), sig));
    let mut request = fed.http.post(&url).body(bytes);
    for (n, v) in &headers {
        request = request.header(n, v);
    }
    let resp = request
        .send()
        .await
        .map_err(|e| CallError::Unreachable(e.to_string()))?;
    let status = resp.status().as_u16();
    let resp_headers: Vec<(String, String)> = resp
        .headers()
        .iter()
        .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
        .collect();
    let resp_body = resp
        .bytes()
        .await
        .map_err(|e| CallError::Unreachable(e.to_string()))?;
    let answer_msg = Message {
        method: "POST",
        target_uri: &url,
        status: Some(status),
        headers: &resp_headers,
    };
    let keyid = signatures::key_id(&resp_headers);
    let key = match keyid.as_deref() {
        Some(k) => fed.key_of(&peer, k).await,
        None => None,
    };
    let window = Window {
        now: app.clock.now().unix_timestamp(),
        max_age: MAX_AGE_SECONDS,
        skew: CLOCK_SKEW_SECONDS,
    };
    signatures::verify(&answer_msg, Some(&resp_body), &["@status"], window, |_| key)
        .map_err(CallError::BadSignature)?;
    let outcome_name;
    let result = if status == 200 {
        let answer: AnswerBody = serde_json::from_slice(&resp_body)
            .map_err(|e| CallError::Unreachable(format!("unreadable answer: {e}")))?;
        outcome_name = answer.outcome.clone();
        Ok(answer)
    } else {
        let problem: serde_json::Value = serde_json::from_slice(&resp_body).unwrap_or_default();
        let kind = problem["type"]
            .as_str()
            .and_then(|t| t.rsplit('/').next())
            .unwrap_or("refused")
            .to_owned();
        outcome_name = kind.clone();
        Err(CallError::Refused(kind))
    };
    let fields = match &result {
        Ok(a) => a.record.keys().cloned().collect::<Vec<_>>().join(" "),
        Err(_) => String::new(),
    };
    let answer_json = result
        .as_ref()
        .ok()
        .filter(|a| a.outcome == "answered")
        .map(|a| serde_json::Value::Object(a.record.clone()).to_string());
    let mut tx = app.db.begin().await.map_err(AppError::from)?;
    let id = gerbang_store::exchange::log(
        &mut tx,
        &gerbang_store::exchange::NewExchange {
            at: app.clock.now(),
            direction: "outgoing",
            peer: Some(&peer.name),
            provider_agency_id: None,
            provider,
            data_service,
            consumer_agency_id,
            consumer: &body.consumer,
            agreement_id: None,
            purpose: &body.purpose,
            case_reference: body.case_reference.as_deref(),
            subject_user_id,
            actor_user_id,
            fields: &fields,
            outcome: &outcome_name,
            answer: answer_json.as_deref(),
        },
    )
    .await
    .map_err(AppError::from)?;
    if let (Some(meta), Some(reference)) = (audit, &body.case_reference) {
        let target = format!("application:{reference}");
        let mut entry = meta
            .audit("exchange.query", &target)
            .details(serde_json::json!({
                "exchange": id,
                "peer": peer.name,
                "provider": provider,
                "data_service": data_service,
                "purpose": body.purpose,
                "outcome": outcome_name,
            }));
        if let Some(agency) = consumer_agency_id {
            entry = entry.agency(agency);
        }
        entry.append(&mut tx).await.map_err(AppError::from)?;
    }
    tx.commit().await.map_err(AppError::from)?;
    result
}

/// What came of an officer's call to a peer install.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeerOutcome {
    Answered,
    NotFound,
    /// Refused by the peer (the reason is in the log).
    Refused,
    /// No signed answer came back (not logged: nothing was answered).
    Unreachable,
}

/// An officer asks a peer install's data service about a case's applicant, for what the
/// peer's agreement with the case's agency covers. The call and its audit entry are
/// written together on this side; the answer is kept with the case's log.
pub async fn ask_peer_for_case(
    app: &App,
    user: &crate::user::SessionUser,
    peer: &str,
    q: &super::CaseAsk<'_>,
    meta: &crate::accounts::service::Meta,
) -> Result<PeerOutcome, AppError> {
    let (view, consumer) = super::case_to_ask_about(app, user, q.reference).await?;
    let body = QueryBody {
        consumer,
        purpose: q.purpose.to_owned(),
        fields: Vec::new(),
        input: q.input.trim().to_owned(),
        case_reference: Some(q.reference.to_owned()),
    };
    let ask = PeerAsk {
        peer,
        provider: q.provider,
        data_service: q.data_service,
        body: &body,
        consumer_agency_id: Some(view.case.agency_id),
        subject_user_id: Some(view.case.applicant_id),
        actor_user_id: Some(user.id),
    };
    match ask_peer(app, &ask, Some(meta)).await {
        Ok(a) if a.outcome == "answered" => Ok(PeerOutcome::Answered),
        Ok(_) => Ok(PeerOutcome::NotFound),
        Err(CallError::Refused(_)) => Ok(PeerOutcome::Refused),
        Err(CallError::UnknownPeer) => Err(AppError::NOT_FOUND),
        Err(e @ (CallError::Unreachable(_) | CallError::BadSignature(_))) => {
            tracing::warn!(peer, error = %e, "a peer's data service could not be asked");
            Ok(PeerOutcome::Unreachable)
        }
        Err(CallError::App(e)) => Err(e),
    }
}

/// A data service a peer install publishes, as `GET /federation/v1/data-services`
/// lists it: public, like the catalogue it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedService {
    /// The providing agency's slug.
    pub agency: String,
    pub slug: String,
    pub name: gerbang_domain::i18n::Text,
    /// The fields a record may return.
    pub fields: Vec<String>,
    pub purposes: Vec<PublishedPurpose>,
}

/// A purpose a data service may be asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedPurpose {
    pub name: String,
    pub label: gerbang_domain::i18n::Text,
}

/// The data services this install answers (those switched on).
pub async fn published(app: &App) -> Result<Vec<PublishedService>, AppError> {
    Ok(super::services(app)
        .await?
        .into_iter()
        .filter(|s| s.row.enabled)
        .map(|s| PublishedService {
            agency: s.row.agency_slug,
            slug: s.row.slug,
            name: s.def.name.clone(),
            fields: s.def.fields.clone(),
            purposes: s
                .def
                .purposes
                .iter()
                .map(|p| PublishedPurpose {
                    name: p.name.clone(),
                    label: p.label.clone(),
                })
                .collect(),
        })
        .collect())
}

/// How long a peer's list of data services is kept before it is fetched again.
const SERVICES_FOR: std::time::Duration = std::time::Duration::from_secs(600);

/// The data services a peer install publishes, fetched at most every ten minutes.
pub async fn peer_services(app: &App, peer: &str) -> Result<Vec<PublishedService>, CallError> {
    let fed = app.federation.as_ref().ok_or(CallError::UnknownPeer)?;
    let peer = fed.peer(peer).ok_or(CallError::UnknownPeer)?.clone();
    if let Some((at, list)) = fed.services.read().await.get(&peer.name)
        && at.elapsed() < SERVICES_FOR
    {
        return Ok(list.clone());
    }
    let url = format!(
        "{}/federation/v1/data-services",
        peer.base_url.trim_end_matches('/')
    );
    let resp = fed
        .http
        .get(&url)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| CallError::Unreachable(e.to_string()))?;
    let list: Vec<PublishedService> = resp
        .json()
        .await
        .map_err(|e| CallError::Unreachable(format!("unreadable list: {e}")))?;
    fed.services
        .write()
        .await
        .insert(peer.name.clone(), (std::time::Instant::now(), list.clone()));
    Ok(list)
}

/// Forgets nonces older than any signature still accepted.
pub async fn forget_old_nonces(app: &App) -> Result<u64, AppError> {
    let before =
        app.clock.now() - time::Duration::seconds(MAX_AGE_SECONDS + CLOCK_SKEW_SECONDS + 60);
    Ok(gerbang_store::exchange::forget_nonces(&app.db, before).await?)
}

/// Records an agreement with an agency of a peer install, approved by the provider's
/// administrator here; the peer's side agreed by listing this install in its trust list
/// and calling under it.
#[allow(clippy::too_many_arguments)]
pub async fn agree_with_peer(
    app: &App,
    user: &crate::user::SessionUser,
    data_service_id: i64,
    peer: &str,
    peer_agency: &str,
    purposes: &[String],
    fields: &[String],
    valid_from: time::Date,
    valid_until: time::Date,
    meta: &crate::accounts::service::Meta,
) -> Result<i64, AppError> {
    use crate::authz::{Action, Resource, check};
    let fed = app.federation.as_ref().ok_or(AppError::NOT_FOUND)?;
    if fed.peer(peer).is_none() {
        return Err(AppError::Invalid(vec![crate::error::FieldProblem::new(
            "peer",
            "error-agreement-consumer",
        )]));
    }
    let s = gerbang_store::exchange::service_by_id(&app.db, data_service_id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    check(
        Some(user),
        Action::ManageDataAgreements,
        Resource::Agency(s.agency_id),
    )?;
    super::agreements::check_terms(&s, purposes, fields, valid_from, valid_until)?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let id = gerbang_store::exchange::insert_agreement(
        &mut tx,
        &gerbang_store::exchange::NewAgreement {
            data_service_id,
            consumer_agency_id: None,
            consumer_peer: Some((peer, peer_agency)),
            purposes: &purposes.join(" "),
            fields: &fields.join(" "),
            valid_from,
            valid_until,
            proposed_by: user.id,
            now,
        },
    )
    .await?;
    gerbang_store::exchange::approve(
        &mut tx,
        id,
        gerbang_store::exchange::Side::Provider,
        user.id,
        now,
    )
    .await?;
    gerbang_store::exchange::approve_peer_side(&mut tx, id, now).await?;
    meta.audit("agreement.proposed", &format!("agreement:{id}"))
        .agency(s.agency_id)
        .details(serde_json::json!({
            "data_service": format!("{}/{}", s.agency_slug, s.slug),
            "peer": peer,
            "peer_agency": peer_agency,
            "purposes": purposes,
            "fields": fields,
        }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// The federation part of the app, if configured.
pub fn open(config: Option<&FederationConfig>) -> std::io::Result<Option<Arc<Federation>>> {
    config
        .map(|c| {
            Federation::new(c)
                .map(Arc::new)
                .map_err(std::io::Error::other)
        })
        .transpose()
}

/// A new signing key: the base64 seed to configure, and its public JWK for the peers.
pub fn new_key(key_id: &str) -> (String, serde_json::Value) {
    let seed: [u8; 32] = rand::random();
    let key = SigningKey::from_bytes(&seed);
    (
        base64::engine::general_purpose::STANDARD.encode(seed),
        signatures::jwk(&key.verifying_key(), key_id),
    )
}
