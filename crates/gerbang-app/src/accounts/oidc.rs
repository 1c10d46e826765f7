//! Sign-in with a national identity provider: Gerbang as an OpenID Connect relying party
//! (modelled on INApas, Singpass and GOV.UK One Login).
//!
//! Discovery; the authorization code flow with PKCE (S256), `state` and `nonce`; client
//! authentication by `private_key_jwt` (ES256, keys sealed in the database, published as a
//! JWKS, rotated by the operator); ID-token validation (signature by the provider's JWKS,
//! cached and refetched for an unknown key id; issuer, audience, expiry, nonce; `alg` from
//! an allow-list, never `none`); accounts linked by the provider's `sub` (pairwise
//! subjects work), and the assurance level (`acr`) kept on the session.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::ExposeSecret;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::App;
use crate::accounts::service::Meta;
use crate::accounts::sessions::{self, NewSession, NextStep, Start};
use crate::error::AppError;
use crate::user::{SessionUser, new_token, token_hash};

/// An identity provider the install trusts.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProviderConfig {
    /// Short id in URLs: `inapas`.
    pub id: String,
    /// The name on the button: "INApas".
    pub name: String,
    /// The issuer, exactly as the provider's discovery document states it.
    pub issuer: String,
    pub client_id: String,
    /// Scopes asked for besides `openid` (default: `email profile`).
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The provider's assurance levels (`acr` values), weakest first; a service may ask for
    /// one of them at least.
    #[serde(default)]
    pub acr_values: Vec<String>,
}

/// How long a sign-in may take at the provider.
const LOGIN_LIFETIME: Duration = Duration::minutes(10);
/// How long a provider's metadata and keys are kept before they are fetched again.
const CACHE_FOR: std::time::Duration = std::time::Duration::from_secs(3600);
/// Signature algorithms accepted on ID tokens.
const ID_TOKEN_ALGS: [Algorithm; 4] = [
    Algorithm::RS256,
    Algorithm::PS256,
    Algorithm::ES256,
    Algorithm::EdDSA,
];

/// What a provider's discovery document says that we use.
#[derive(Debug, Clone, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
    #[serde(default)]
    pub code_challenge_methods_supported: Vec<String>,
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
}

struct Cached {
    discovery: Discovery,
    jwks: JwkSet,
    fetched: Instant,
}

/// The HTTP client and the cache of providers' metadata and keys, shared by requests.
pub struct Client {
    http: reqwest::Client,
    cache: Mutex<HashMap<String, std::sync::Arc<CachedShared>>>,
}

struct CachedShared(Cached);

impl Default for Client {
    fn default() -> Self {
        Client {
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default(),
            cache: Mutex::default(),
        }
    }
}

/// Why a sign-in through a provider was refused. Each is logged and answered with the
/// same page ("sign-in failed, try again").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("unknown provider")]
    UnknownProvider,
    #[error("unknown, used or expired state")]
    State,
    #[error("the provider answered with an error: {0}")]
    ProviderError(String),
    #[error("the response names another issuer (mix-up)")]
    IssuerMixUp,
    #[error("the provider is unreachable or answered nonsense: {0}")]
    Provider(String),
    #[error("the ID token is not acceptable: {0}")]
    IdToken(String),
    #[error("the account is disabled")]
    Disabled,
    #[error("an account with this address exists; sign in with it first to link")]
    EmailTaken,
}

impl From<Refused> for AppError {
    fn from(r: Refused) -> Self {
        match r {
            Refused::UnknownProvider => AppError::NOT_FOUND,
            other => AppError::Internal(format!("oidc: {other}")),
        }
    }
}

fn provider<'a>(app: &'a App, id: &str) -> Result<&'a ProviderConfig, Refused> {
    app.config
        .oidc_providers
        .iter()
        .find(|p| p.id == id)
        .ok_or(Refused::UnknownProvider)
}

fn redirect_uri(app: &App, p: &ProviderConfig) -> String {
    format!("{}/login/oidc/{}/callback", app.config.public_url, p.id)
}

impl Client {
    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, Refused> {
        let res = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| Refused::Provider(format!("{url}: {e}")))?;
        if !res.status().is_success() {
            return Err(Refused::Provider(format!("{url}: {}", res.status())));
        }
        res.json()
            .await
            .map_err(|e| Refused::Provider(format!("{url}: {e}")))
    }

    /// The provider's metadata and keys, from the cache unless stale (or `refresh`).
    async fn metadata(
        &self,
        p: &ProviderConfig,
        refresh: bool,
    ) -> Result<std::sync::Arc<CachedShared>, Refused> {
        if !refresh
            && let Some(c) = self.cache.lock().ok().and_then(|m| m.get(&p.id).cloned())
            && c.0.fetched.elapsed() < CACHE_FOR
        {
            return Ok(c);
        }
        let url = format!(
            "{}/.well-known/openid-configuration",
            p.issuer.trim_end_matches('/')
        );
        let discovery: Discovery = self.get_json(&url).await?;
        // The document must be the configured issuer's own (OpenID Discovery 4.3).
        if discovery.issuer != p.issuer {
            return Err(Refused::IssuerMixUp);
        }
        let jwks: JwkSet = self.get_json(&discovery.jwks_uri).await?;
        let fresh = std::sync::Arc::new(CachedShared(Cached {
            discovery,
            jwks,
            fetched: Instant::now(),
        }));
        if let Ok(mut m) = self.cache.lock() {
            m.insert(p.id.clone(), std::sync::Arc::clone(&fresh));
        }
        Ok(fresh)
    }
}

fn pkce_challenge(verifier: &str) -> String {
    B64.encode(Sha256::digest(verifier.as_bytes()))
}

/// A sign-in sent to a provider: where to send the browser, and the `state` that the
/// browser must also hold (in a cookie) when it comes back.
#[derive(Debug, Clone)]
pub struct Started {
    pub url: String,
    pub state: String,
}

/// Where to send the browser to sign in at `provider_id`, coming back to `next`; `acr`
/// asks for an assurance level (one of the provider's).
pub async fn start(
    app: &App,
    provider_id: &str,
    next: &str,
    acr: Option<&str>,
) -> Result<Started, AppError> {
    let p = provider(app, provider_id)?;
    let meta = app.oidc.metadata(p, false).await?;
    let d = &meta.0.discovery;
    let state = new_token();
    let nonce = new_token();
    let verifier = new_token();
    let acr = acr.filter(|a| p.acr_values.iter().any(|v| v == a));
    let now = app.clock.now();
    gerbang_store::oidc::begin_login(
        &app.db,
        &token_hash(&state),
        &p.id,
        &nonce,
        &verifier,
        next,
        acr,
        now,
        now + LOGIN_LIFETIME,
    )
    .await?;
    let mut scope = vec!["openid".to_owned()];
    if p.scopes.is_empty() {
        scope.extend(["email".to_owned(), "profile".to_owned()]);
    } else {
        scope.extend(p.scopes.iter().cloned());
    }
    let mut params = vec![
        ("response_type", "code".to_owned()),
        ("client_id", p.client_id.clone()),
        ("redirect_uri", redirect_uri(app, p)),
        ("scope", scope.join(" ")),
        ("state", state.clone()),
        ("nonce", nonce),
        ("code_challenge", pkce_challenge(&verifier)),
        ("code_challenge_method", "S256".to_owned()),
    ];
    if let Some(a) = acr {
        params.push(("acr_values", a.to_owned()));
        // Asking for a level is a step-up: the provider must authenticate again, not
        // reuse the sign-in it already holds at a lower level.
        params.push(("prompt", "login".to_owned()));
    }
    let query = serde_urlencoded::to_string(&params)
        .map_err(|e| AppError::Internal(format!("authorize query: {e}")))?;
    let sep = if d.authorization_endpoint.contains('?') {
        '&'
    } else {
        '?'
    };
    Ok(Started {
        url: format!("{}{sep}{query}", d.authorization_endpoint),
        state,
    })
}

/// What the provider sends back to the callback.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub iss: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// The claims of an ID token that we read.
#[derive(Debug, Clone, Deserialize)]
pub struct IdClaims {
    pub iss: String,
    pub sub: String,
    #[serde(default)]
    pub nonce: Option<String>,
    #[serde(default)]
    pub acr: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub email_verified: Option<bool>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub azp: Option<String>,
    #[serde(default)]
    pub aud: serde_json::Value,
}

/// Validates an ID token: signed by a key of `jwks` with an allowed algorithm, from
/// `issuer`, for `client_id`, not expired (one minute of leeway), carrying `nonce`.
pub fn validate_id_token(
    token: &str,
    jwks: &JwkSet,
    issuer: &str,
    client_id: &str,
    nonce: &str,
    now: OffsetDateTime,
) -> Result<IdClaims, Refused> {
    let bad = |why: &str| Refused::IdToken(why.to_owned());
    // An unsigned token ("alg": "none") or any algorithm not on the list fails here.
    let header = jsonwebtoken::decode_header(token).map_err(|e| bad(&format!("header: {e}")))?;
    if !ID_TOKEN_ALGS.contains(&header.alg) {
        return Err(bad("algorithm not accepted"));
    }
    let jwk = match &header.kid {
        Some(kid) => jwks.find(kid),
        None if jwks.keys.len() == 1 => jwks.keys.first(),
        None => None,
    }
    .ok_or_else(|| bad("no such key"))?;
    let key = DecodingKey::from_jwk(jwk).map_err(|e| bad(&format!("key: {e}")))?;
    let mut v = Validation::new(header.alg);
    v.set_issuer(&[issuer]);
    v.set_audience(&[client_id]);
    v.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    v.leeway = 60;
    // The clock is ours (injectable): expiry is checked below against it.
    v.validate_exp = false;
    let data = jsonwebtoken::decode::<serde_json::Value>(token, &key, &v)
        .map_err(|e| bad(&format!("{e}")))?;
    let exp = data.claims.get("exp").and_then(serde_json::Value::as_i64);
    if exp.is_none_or(|e| e + 60 < now.unix_timestamp()) {
        return Err(bad("expired"));
    }
    let claims: IdClaims =
        serde_json::from_value(data.claims).map_err(|e| bad(&format!("claims: {e}")))?;
    // Several audiences: this client must be the authorised party (OIDC Core 3.1.3.7).
    if claims.aud.as_array().is_some_and(|a| a.len() > 1)
        && claims.azp.as_deref() != Some(client_id)
    {
        return Err(bad("azp"));
    }
    if claims.nonce.as_deref() != Some(nonce) {
        return Err(bad("nonce"));
    }
    Ok(claims)
}

#[derive(Deserialize)]
struct TokenResponse {
    id_token: Option<String>,
    access_token: Option<String>,
}

/// What the UserInfo endpoint adds (OIDC Core 5.3).
#[derive(Debug, Deserialize)]
struct UserInfo {
    sub: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    email_verified: Option<bool>,
    #[serde(default)]
    name: Option<String>,
}

/// The signed-in result of a callback.
#[derive(Debug)]
pub struct SignedIn {
    pub session: NewSession,
    /// Where to go on (the page the sign-in started from).
    pub next: String,
}

/// Handles the provider's answer: checks state (once), issuer, exchanges the code with a
/// `private_key_jwt` assertion and the PKCE verifier, validates the ID token, finds or
/// links the account, and opens a session carrying the provider and `acr`.
pub async fn finish(
    app: &App,
    provider_id: &str,
    cb: &Callback,
    browser_state: Option<&str>,
    signed_in: Option<&SessionUser>,
    old_session: Option<&str>,
    meta: &Meta,
) -> Result<SignedIn, Refused> {
    let p = provider(app, provider_id)?;
    let state = cb.state.as_deref().ok_or(Refused::State)?;
    // The sign-in must have started in this browser: someone else's callback link (a
    // login CSRF, signing the victim in as the attacker) does not carry its cookie.
    use subtle::ConstantTimeEq as _;
    let same_browser =
        browser_state.is_some_and(|b| bool::from(b.as_bytes().ct_eq(state.as_bytes())));
    if !same_browser {
        return Err(Refused::State);
    }
    let login = gerbang_store::oidc::take_login(&app.db, &token_hash(state))
        .await
        .map_err(|e| Refused::Provider(e.to_string()))?
        .ok_or(Refused::State)?;
    if login.provider != p.id || login.expires_at <= app.clock.now() {
        return Err(Refused::State);
    }
    if let Some(e) = &cb.error {
        return Err(Refused::ProviderError(format!(
            "{e}: {}",
            cb.error_description.as_deref().unwrap_or("")
        )));
    }
    let meta_doc = app.oidc.metadata(p, false).await?;
    let d = meta_doc.0.discovery.clone();
    // RFC 9207: the response says who sent it; it must be the provider we sent them to.
    match &cb.iss {
        Some(iss) if iss != &d.issuer => return Err(Refused::IssuerMixUp),
        None if d.authorization_response_iss_parameter_supported => {
            return Err(Refused::IssuerMixUp);
        }
        _ => {}
    }
    let code = cb.code.as_deref().ok_or(Refused::State)?;
    // The audience is the issuer itself, as OpenID's 2024 errata and RFC 7523bis ask (a
    // token endpoint URL as audience let a malicious provider replay assertions).
    let assertion = client_assertion(app, &p.client_id, &d.issuer)
        .await
        .map_err(|e| Refused::Provider(e.to_string()))?;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", &redirect_uri(app, p)),
        ("code_verifier", &login.code_verifier),
        ("client_id", &p.client_id),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", &assertion),
    ];
    let res = app
        .oidc
        .http
        .post(&d.token_endpoint)
        .form(&form)
        .send()
        .await
        .map_err(|e| Refused::Provider(format!("token endpoint: {e}")))?;
    if !res.status().is_success() {
        let status = res.status();
        let body = res.text().await.unwrap_or_default();
        return Err(Refused::ProviderError(format!(
            "token endpoint {status}: {}",
            body.chars().take(200).collect::<String>()
        )));
    }
    let tokens: TokenResponse = res
        .json()
        .await
        .map_err(|e| Refused::Provider(format!("token response: {e}")))?;
    let id_token = tokens
        .id_token
        .ok_or_else(|| Refused::IdToken("no id_token".into()))?;
    let now = app.clock.now();
    let claims = match validate_id_token(
        &id_token,
        &meta_doc.0.jwks,
        &d.issuer,
        &p.client_id,
        &login.nonce,
        now,
    ) {
        // A key we do not know yet: the provider may have rotated; fetch its keys once.
        Err(Refused::IdToken(why)) if why == "no such key" => {
            let fresh = app.oidc.metadata(p, true).await?;
            validate_id_token(
                &id_token,
                &fresh.0.jwks,
                &d.issuer,
                &p.client_id,
                &login.nonce,
                now,
            )?
        }
        other => other?,
    };
    let mut claims = claims;
    // Providers that keep profile claims out of the ID token serve them at UserInfo; its
    // `sub` must be the ID token's (OIDC Core 5.3.2).
    if claims.email.is_none()
        && let (Some(url), Some(access)) = (&d.userinfo_endpoint, &tokens.access_token)
    {
        let res = app
            .oidc
            .http
            .get(url)
            .bearer_auth(access)
            .send()
            .await
            .map_err(|e| Refused::Provider(format!("userinfo: {e}")))?;
        if res.status().is_success() {
            let info: UserInfo = res
                .json()
                .await
                .map_err(|e| Refused::Provider(format!("userinfo: {e}")))?;
            if info.sub != claims.sub {
                return Err(Refused::IdToken("userinfo is another subject's".into()));
            }
            claims.email = info.email;
            claims.email_verified = info.email_verified;
            claims.name = claims.name.or(info.name);
        }
    }
    let acr = claims.acr.clone().or(login.acr.clone());
    let user_id = account_for(app, p, &claims, signed_in, meta).await?;
    let user = gerbang_store::accounts::user_by_id(&app.db, user_id)
        .await
        .map_err(|e| Refused::Provider(e.to_string()))?
        .ok_or(Refused::Disabled)?;
    if user.disabled_at.is_some() {
        return Err(Refused::Disabled);
    }
    let store_err = |e: AppError| Refused::Provider(e.to_string());
    let enrolled = crate::accounts::second_factor::enrolled(app, user_id)
        .await
        .map_err(store_err)?;
    let mut tx = app
        .db
        .begin()
        .await
        .map_err(|e| Refused::Provider(e.to_string()))?;
    if let Some(old) = old_session {
        gerbang_store::accounts::delete_session(&mut tx, old)
            .await
            .map_err(|e| Refused::Provider(e.to_string()))?;
    }
    gerbang_store::oidc::link(&mut tx, &p.id, &claims.sub, user_id, now)
        .await
        .map_err(|e| Refused::Provider(e.to_string()))?;
    let mut session = sessions::start(
        &mut tx,
        app,
        user_id,
        Start {
            pending: enrolled,
            with_factor: false,
            provider: Some(&p.id),
            acr: acr.as_deref(),
        },
        meta,
    )
    .await
    .map_err(store_err)?;
    if enrolled {
        session.next = NextStep::SecondFactor;
    }
    // The subject is an opaque (perhaps pairwise) id; no other claim is logged: an
    // identity number in the claims is personal data and stays out of the log.
    meta.audit("account.login", &format!("user:{user_id}"))
        .actor(Some(user_id), &user.email)
        .details(serde_json::json!({ "via": "oidc", "provider": p.id, "acr": acr, "ip": meta.ip }))
        .append(&mut tx)
        .await
        .map_err(|e| Refused::Provider(e.to_string()))?;
    tx.commit()
        .await
        .map_err(|e| Refused::Provider(e.to_string()))?;
    Ok(SignedIn {
        session,
        next: login.next,
    })
}

/// The account a provider's subject signs in to: the one linked already; else the
/// signed-in person's (linking it); else a new citizen account, unless the address
/// belongs to an account already (its owner signs in and links it first).
async fn account_for(
    app: &App,
    p: &ProviderConfig,
    claims: &IdClaims,
    signed_in: Option<&SessionUser>,
    meta: &Meta,
) -> Result<i64, Refused> {
    let err = |e: gerbang_store::StoreError| Refused::Provider(e.to_string());
    if let Some(id) = gerbang_store::oidc::linked_user(&app.db, &p.id, &claims.sub)
        .await
        .map_err(err)?
    {
        return Ok(id);
    }
    if let Some(u) = signed_in {
        return Ok(u.id);
    }
    let email = claims
        .email
        .as_deref()
        .filter(|_| claims.email_verified.unwrap_or(false))
        .and_then(|e| gerbang_domain::accounts::Email::parse(e).ok())
        .ok_or_else(|| Refused::IdToken("no verified email to open an account with".into()))?;
    if gerbang_store::accounts::user_by_email(&app.db, &email)
        .await
        .map_err(err)?
        .is_some()
    {
        return Err(Refused::EmailTaken);
    }
    let name = claims
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| email.as_str().to_owned());
    // A password nobody knows: the person signs in through the provider, or sets one by
    // "forgot password".
    let hash = crate::accounts::password::hash(new_token())
        .await
        .map_err(|e| Refused::Provider(e.to_string()))?;
    let mut tx = app.db.begin().await.map_err(err)?;
    let user_id = gerbang_store::accounts::create_user(
        &mut tx,
        &gerbang_store::accounts::NewUser {
            email: &email,
            password_hash: &hash,
            full_name: name.trim(),
            kind: gerbang_domain::accounts::AccountKind::Citizen,
            lang: gerbang_domain::i18n::Lang::Id,
            is_demo: false,
        },
    )
    .await
    .map_err(err)?;
    gerbang_store::accounts::set_email_verified(&mut tx, user_id, app.clock.now())
        .await
        .map_err(err)?;
    meta.audit("account.register", &format!("user:{user_id}"))
        .actor(Some(user_id), email.as_str())
        .details(serde_json::json!({ "kind": "citizen", "via": "oidc", "provider": p.id, "ip": meta.ip }))
        .append(&mut tx)
        .await
        .map_err(err)?;
    tx.commit().await.map_err(err)?;
    Ok(user_id)
}

/// A P-256 client key: its id, the PKCS#8 private key and the public JWK.
struct ClientKey {
    kid: String,
    pkcs8: Vec<u8>,
}

fn new_client_key() -> Result<(ClientKey, serde_json::Value), AppError> {
    use p256::elliptic_curve::sec1::ToSec1Point as _;
    use p256::pkcs8::EncodePrivateKey as _;
    let secret = loop {
        let bytes: [u8; 32] = rand::random();
        if let Ok(k) = p256::SecretKey::from_slice(&bytes) {
            break k;
        }
    };
    let point = secret.public_key().to_sec1_point(false);
    let (Some(x), Some(y)) = (point.x(), point.y()) else {
        return Err(AppError::Internal("p256 point without coordinates".into()));
    };
    let x = B64.encode(x);
    let y = B64.encode(y);
    // RFC 7638 thumbprint as the key id.
    let canonical = format!(r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#);
    let kid = B64.encode(Sha256::digest(canonical.as_bytes()));
    let pkcs8 = secret
        .to_pkcs8_der()
        .map_err(|e| AppError::Internal(format!("pkcs8: {e}")))?
        .as_bytes()
        .to_vec();
    let jwk = serde_json::json!({
        "kty": "EC", "crv": "P-256", "x": x, "y": y, "kid": kid, "use": "sig", "alg": "ES256"
    });
    Ok((ClientKey { kid, pkcs8 }, jwk))
}

/// Makes a new client key current (the old ones stay published until the next
/// rotation); returns its id. The key lives in the database, shared by every node.
pub async fn rotate_client_key(app: &App, meta: &Meta) -> Result<String, AppError> {
    let (key, jwk) = new_client_key()?;
    let (sealed, nonce) = app
        .kek
        .seal_secret(&key.pkcs8, &format!("client-key:{}", key.kid));
    let mut tx = app.db.begin().await?;
    gerbang_store::oidc::add_client_key(
        &mut tx,
        &gerbang_store::oidc::ClientKeyRow {
            kid: key.kid.clone(),
            alg: "ES256".into(),
            private_sealed: sealed,
            private_nonce: nonce,
            public_jwk: jwk.to_string(),
            created_at: app.clock.now(),
            retired_at: None,
        },
    )
    .await?;
    meta.audit("oidc.client_key_rotate", &format!("client-key:{}", key.kid))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(key.kid)
}

/// The current client key, made on first use when there is none.
async fn current_client_key(app: &App) -> Result<(String, EncodingKey), AppError> {
    let mut keys = gerbang_store::oidc::client_keys(&app.db).await?;
    if !keys.iter().any(|k| k.retired_at.is_none()) {
        rotate_client_key(app, &Meta::cli()).await?;
        keys = gerbang_store::oidc::client_keys(&app.db).await?;
    }
    let k = keys
        .into_iter()
        .find(|k| k.retired_at.is_none())
        .ok_or_else(|| AppError::Internal("no client key".into()))?;
    let der = app
        .kek
        .open_secret(
            &k.private_sealed,
            &k.private_nonce,
            &format!("client-key:{}", k.kid),
        )
        .map_err(|e| AppError::Internal(format!("client key {}: {e}", k.kid)))?;
    Ok((k.kid, EncodingKey::from_ec_der(der.expose_secret())))
}

/// The platform's client keys as a JWKS (for the providers' `jwks_uri` of this client).
pub async fn client_jwks(app: &App) -> Result<serde_json::Value, AppError> {
    let mut keys = gerbang_store::oidc::client_keys(&app.db).await?;
    if !keys.iter().any(|k| k.retired_at.is_none()) {
        current_client_key(app).await?;
        keys = gerbang_store::oidc::client_keys(&app.db).await?;
    }
    let keys: Vec<serde_json::Value> = keys
        .iter()
        .filter_map(|k| serde_json::from_str(&k.public_jwk).ok())
        .collect();
    Ok(serde_json::json!({ "keys": keys }))
}

/// A `private_key_jwt` client assertion (RFC 7523) for `audience`, valid a minute, with a
/// fresh `jti`.
async fn client_assertion(app: &App, client_id: &str, audience: &str) -> Result<String, AppError> {
    let (kid, key) = current_client_key(app).await?;
    let now = app.clock.now().unix_timestamp();
    let claims = serde_json::json!({
        "iss": client_id, "sub": client_id, "aud": audience,
        "jti": uuid::Uuid::new_v4().to_string(), "iat": now, "exp": now + 60,
    });
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(kid);
    jsonwebtoken::encode(&header, &claims, &key)
        .map_err(|e| AppError::Internal(format!("client assertion: {e}")))
}

/// The providers a sign-in page offers: (id, name).
pub fn providers(app: &App) -> Vec<(String, String)> {
    app.config
        .oidc_providers
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect()
}

/// The session's assurance level meets `min` at provider `p` (its `acr_values` are
/// ordered weakest first).
pub fn acr_at_least(p: &ProviderConfig, have: Option<&str>, min: &str) -> bool {
    let rank = |a: &str| p.acr_values.iter().position(|v| v == a);
    match (have.and_then(rank), rank(min)) {
        (Some(h), Some(m)) => h >= m,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> (EncodingKey, JwkSet, String) {
        let (key, jwk) = new_client_key().expect("key");
        let set: JwkSet =
            serde_json::from_value(serde_json::json!({ "keys": [jwk] })).expect("set");
        (EncodingKey::from_ec_der(&key.pkcs8), set, key.kid)
    }

    fn token(key: &EncodingKey, kid: &str, claims: serde_json::Value) -> String {
        let mut h = Header::new(Algorithm::ES256);
        h.kid = Some(kid.to_owned());
        jsonwebtoken::encode(&h, &claims, key).expect("sign")
    }

    const ISS: &str = "https://idp.example";
    const NOW: i64 = 1_800_000_000;

    fn claims() -> serde_json::Value {
        serde_json::json!({
            "iss": ISS, "sub": "pairwise-123", "aud": "gerbang", "exp": NOW + 300, "iat": NOW,
            "nonce": "n-1", "acr": "loa2", "email": "siti@example.id", "email_verified": true
        })
    }

    fn now() -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(NOW).expect("time")
    }

    #[test]
    fn a_good_id_token_passes_and_every_tampering_is_refused() {
        let (key, set, kid) = keys();
        let good = token(&key, &kid, claims());
        let c = validate_id_token(&good, &set, ISS, "gerbang", "n-1", now()).expect("valid");
        assert_eq!(c.sub, "pairwise-123");
        assert_eq!(c.acr.as_deref(), Some("loa2"));

        let refused =
            |t: &str, nonce: &str| validate_id_token(t, &set, ISS, "gerbang", nonce, now());
        assert!(refused(&good, "other-nonce").is_err(), "wrong nonce");
        let mut c = claims();
        c["exp"] = serde_json::json!(NOW - 120);
        assert!(refused(&token(&key, &kid, c), "n-1").is_err(), "expired");
        let mut c = claims();
        c["iss"] = serde_json::json!("https://other-idp.example");
        assert!(
            refused(&token(&key, &kid, c), "n-1").is_err(),
            "another issuer"
        );
        let mut c = claims();
        c["aud"] = serde_json::json!("someone-else");
        assert!(
            refused(&token(&key, &kid, c), "n-1").is_err(),
            "another audience"
        );
        let mut c = claims();
        c["aud"] = serde_json::json!(["gerbang", "someone-else"]);
        assert!(
            refused(&token(&key, &kid, c), "n-1").is_err(),
            "several audiences, no azp"
        );
        // Signed by a key the provider does not publish (with its id forged).
        let (other_key, _, _) = keys();
        assert!(
            refused(&token(&other_key, &kid, claims()), "n-1").is_err(),
            "wrongly signed"
        );
        // The signature of another payload.
        let parts: Vec<&str> = good.split('.').collect();
        let forged = format!("{}.{}.{}", parts[0], B64.encode(br#"{"iss":"https://idp.example","sub":"admin","aud":"gerbang","exp":1800000300,"iat":1800000000,"nonce":"n-1"}"#), parts[2]);
        assert!(refused(&forged, "n-1").is_err(), "payload swapped");
        // "alg": "none", with no signature.
        let none = format!(
            "{}.{}.",
            B64.encode(br#"{"alg":"none","typ":"JWT"}"#),
            B64.encode(claims().to_string().as_bytes())
        );
        assert!(refused(&none, "n-1").is_err(), "alg none");
        // HS256 with the public key as the secret (the classic confusion).
        let hs = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims(),
            &EncodingKey::from_secret(kid.as_bytes()).expect("hs key"),
        )
        .expect("hs");
        assert!(refused(&hs, "n-1").is_err(), "HS256");
    }

    #[test]
    fn pkce_challenges_follow_rfc_7636() {
        // RFC 7636 appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn assurance_levels_compare_by_the_providers_order() {
        let p = ProviderConfig {
            id: "inapas".into(),
            name: "INApas".into(),
            issuer: ISS.into(),
            client_id: "gerbang".into(),
            scopes: vec![],
            acr_values: vec!["loa1".into(), "loa2".into(), "loa3".into()],
        };
        assert!(acr_at_least(&p, Some("loa2"), "loa2"));
        assert!(acr_at_least(&p, Some("loa3"), "loa2"));
        assert!(!acr_at_least(&p, Some("loa1"), "loa2"));
        assert!(!acr_at_least(&p, None, "loa1"));
        assert!(!acr_at_least(&p, Some("unknown"), "loa1"));
    }
}
