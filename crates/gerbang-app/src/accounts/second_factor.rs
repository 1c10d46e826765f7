//! Second factors: TOTP (RFC 6238, any authenticator app) and one-time recovery codes.
//!
//! The TOTP secret is sealed under the installation's key-encryption key, bound to its
//! account; a code is accepted once (the time step of the last accepted code is kept, and
//! raised atomically); recovery codes are kept only as hashes and used up one by one.
//! Every attempt is rate-limited per account in the database, shared by every node.

use gerbang_store::second_factors as store;
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use totp_rs::{Builder, Totp};

use crate::App;
use crate::accounts::limits;
use crate::accounts::service::Meta;
use crate::accounts::sessions::{self, NewSession, Start};
use crate::error::{AppError, ErrorKind, FieldProblem};
use crate::notify::messages::{Message, queue_to_user};
use crate::user::SessionUser;

/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODES: usize = 10;
/// Code attempts per account per window before it is throttled.
const ATTEMPTS: i64 = 10;
const WINDOW_MINUTES: i64 = 15;

fn secret_context(user_id: i64) -> String {
    format!("totp:user:{user_id}")
}

/// The TOTP of a secret, as the authenticator app shows it: SHA-1, 6 digits, 30 s
/// steps, one step of clock skew either way.
pub fn totp(secret: Vec<u8>, issuer: &str, account: &str) -> Result<Totp, AppError> {
    let clean = |s: &str| s.replace(':', " ");
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(clean(issuer)))
        .with_account_name(clean(account))
        .build()
        .map_err(|e| AppError::Internal(format!("totp: {e:?}")))
}

/// The time step a code belongs to, when it is one of the steps around `now`.
pub fn matching_step(totp: &Totp, code: &str, now: OffsetDateTime) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let unix = u64::try_from(now.unix_timestamp()).ok()?;
    totp.check(&code, unix).and_then(|s| i64::try_from(s).ok())
}

/// An enrolment under way: what the enrolment page shows.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// The secret in base32, for typing into an app by hand.
    pub secret: String,
    /// `otpauth://totp/...`, for the QR code.
    pub uri: String,
}

/// True when the account has a confirmed second factor.
pub async fn enrolled(app: &App, user_id: i64) -> Result<bool, AppError> {
    Ok(store::totp_of(&app.db, user_id)
        .await?
        .is_some_and(|t| t.confirmed_at.is_some()))
}

/// [`enrolled`], read through the caller's transaction.
pub async fn enrolled_in(tx: &mut gerbang_store::Tx, user_id: i64) -> Result<bool, AppError> {
    Ok(store::totp_of(&mut *tx, user_id)
        .await?
        .is_some_and(|t| t.confirmed_at.is_some()))
}

/// Recovery codes the account has left.
pub async fn codes_left(app: &App, user_id: i64) -> Result<i64, AppError> {
    Ok(store::recovery_codes_left(&app.db, user_id).await?)
}

async fn open_totp(
    app: &App,
    user_id: i64,
    email: &str,
) -> Result<Option<(Totp, store::TotpRow)>, AppError> {
    let Some(row) = store::totp_of(&app.db, user_id).await? else {
        return Ok(None);
    };
    let secret = app
        .kek
        .open_secret(
            &row.secret_sealed,
            &row.secret_nonce,
            &secret_context(user_id),
        )
        .map_err(|e| AppError::Internal(format!("second factor of user {user_id}: {e}")))?;
    let t = totp(secret.expose_secret().clone(), &app.config.site_name, email)?;
    Ok(Some((t, row)))
}

/// Starts enrolment, or shows the one under way (so that reloading the page does not
/// change the secret already scanned). `Conflict` when a factor is already confirmed.
pub async fn begin(app: &App, user: &SessionUser) -> Result<Enrolment, AppError> {
    if let Some((t, row)) = open_totp(app, user.id, &user.email).await? {
        if row.confirmed_at.is_some() {
            return Err(AppError::Kind(ErrorKind::Conflict));
        }
        return enrolment_of(&t);
    }
    let secret: [u8; 20] = rand::random();
    let (sealed, nonce) = app.kek.seal_secret(&secret, &secret_context(user.id));
    let mut tx = app.db.begin().await?;
    store::begin_totp(&mut tx, user.id, &sealed, &nonce, app.clock.now()).await?;
    tx.commit().await?;
    enrolment_of(&totp(secret.to_vec(), &app.config.site_name, &user.email)?)
}

fn enrolment_of(t: &Totp) -> Result<Enrolment, AppError> {
    Ok(Enrolment {
        secret: t.secret().to_base32(),
        uri: t
            .to_url()
            .map_err(|e| AppError::Internal(format!("otpauth uri: {e:?}")))?,
    })
}

fn wrong_code() -> AppError {
    AppError::Invalid(vec![FieldProblem::new("code", "error-code-wrong")])
}

/// Enrols a known secret as a confirmed factor, as the operator: the demo's published
/// key, and tests. Not reachable from any page.
pub async fn enrol_as_operator(
    app: &App,
    user_id: i64,
    secret: &[u8],
    meta: &Meta,
) -> Result<(), AppError> {
    let (sealed, nonce) = app.kek.seal_secret(secret, &secret_context(user_id));
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    store::begin_totp(&mut tx, user_id, &sealed, &nonce, now).await?;
    store::confirm(&mut tx, user_id, now).await?;
    meta.audit("account.second_factor_enrol", &format!("user:{user_id}"))
        .details(serde_json::json!({ "method": "totp", "via": "operator" }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Fresh recovery codes: shown once, stored hashed.
fn new_recovery_codes() -> (Vec<String>, Vec<String>) {
    const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            let raw: String = (0..10)
                .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
                .collect();
            format!("{}-{}", &raw[..5], &raw[5..])
        })
        .collect();
    let hashes = codes.iter().map(|c| recovery_hash(c)).collect();
    (codes, hashes)
}

/// The stored form of a recovery code, whatever its case, spaces or dashes.
pub fn recovery_hash(code: &str) -> String {
    let norm: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    hex::encode(Sha256::digest(
        format!("gerbang-recovery\0{norm}").as_bytes(),
    ))
}

/// Confirms an enrolment with the first code from the app. Ends the account's other
/// sessions and revokes its API tokens (a new factor is a credential change), proves the
/// factor in this session, and returns the recovery codes to show once.
pub async fn confirm(
    app: &App,
    user: &SessionUser,
    session_hash: &str,
    code: &str,
    meta: &Meta,
) -> Result<Vec<String>, AppError> {
    limits::check_failures(app, &bucket(user.id), ATTEMPTS, WINDOW_MINUTES).await?;
    let Some((t, row)) = open_totp(app, user.id, &user.email).await? else {
        return Err(AppError::Kind(ErrorKind::Conflict));
    };
    if row.confirmed_at.is_some() {
        return Err(AppError::Kind(ErrorKind::Conflict));
    }
    let now = app.clock.now();
    let Some(step) = matching_step(&t, code, now) else {
        limits::failed(app, &bucket(user.id), WINDOW_MINUTES).await?;
        return Err(wrong_code());
    };
    let (codes, hashes) = new_recovery_codes();
    let mut tx = app.db.begin().await?;
    if !store::accept_step(&mut tx, user.id, step, now).await? {
        return Err(wrong_code());
    }
    store::replace_recovery_codes(&mut tx, user.id, &hashes).await?;
    gerbang_store::accounts::delete_sessions_of(&mut tx, user.id, Some(session_hash)).await?;
    let tokens = gerbang_store::api_tokens::revoke_all_of(&mut tx, user.id).await?;
    gerbang_store::accounts::prove_session(&mut tx, session_hash, true, now).await?;
    queue_to_user(
        &mut tx,
        &app.config,
        user.id,
        &Message::new("second-factor-added"),
    )
    .await?;
    meta.audit("account.second_factor_enrol", &format!("user:{}", user.id))
        .details(serde_json::json!({ "method": "totp", "tokens_revoked": tokens, "ip": meta.ip }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(codes)
}

/// How a code proved the factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Totp,
    RecoveryCode,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Totp => "totp",
            Method::RecoveryCode => "recovery_code",
        }
    }
}

/// A confirmed factor, opened and ready to check a code (read off any transaction, after
/// the attempt was counted).
struct Prepared {
    totp: Option<Totp>,
    user_id: i64,
}

fn bucket(user_id: i64) -> String {
    format!("factor:user:{user_id}")
}

async fn prepare(app: &App, user_id: i64, email: &str) -> Result<Prepared, AppError> {
    limits::check_failures(app, &bucket(user_id), ATTEMPTS, WINDOW_MINUTES).await?;
    let totp = match open_totp(app, user_id, email).await? {
        Some((t, row)) if row.confirmed_at.is_some() => Some(t),
        _ => None,
    };
    Ok(Prepared { totp, user_id })
}

/// Checks a TOTP code or a recovery code inside `tx` (a step accepted, or a recovery code
/// used up, there); `None` when it is neither.
async fn check_code(
    app: &App,
    tx: &mut gerbang_store::Tx,
    prepared: &Prepared,
    code: &str,
) -> Result<Option<Method>, AppError> {
    let Some(t) = &prepared.totp else {
        return Ok(None);
    };
    let now = app.clock.now();
    if let Some(step) = matching_step(t, code, now) {
        return Ok(store::accept_step(tx, prepared.user_id, step, now)
            .await?
            .then_some(Method::Totp));
    }
    let looks_like_recovery = code.chars().filter(char::is_ascii_alphanumeric).count() == 10;
    if looks_like_recovery
        && store::use_recovery_code(tx, prepared.user_id, &recovery_hash(code), now).await?
    {
        return Ok(Some(Method::RecoveryCode));
    }
    Ok(None)
}

/// The second step of signing in: the pending session `pending_hash` (password already
/// right) becomes a full one under a new token, or the code is refused.
pub async fn sign_in(
    app: &App,
    pending_hash: &str,
    user_id: i64,
    email: &str,
    code: &str,
    meta: &Meta,
) -> Result<NewSession, AppError> {
    let prepared = prepare(app, user_id, email).await?;
    let mut tx = app.db.begin().await?;
    let Some(method) = check_code(app, &mut tx, &prepared, code).await? else {
        drop(tx);
        limits::failed(app, &bucket(user_id), WINDOW_MINUTES).await?;
        let mut tx = app.db.begin().await?;
        meta.audit("account.second_factor_failed", &format!("user:{user_id}"))
            .actor(Some(user_id), email)
            .details(serde_json::json!({ "ip": meta.ip }))
            .append(&mut tx)
            .await?;
        tx.commit().await?;
        return Err(wrong_code());
    };
    gerbang_store::accounts::delete_session(&mut tx, pending_hash).await?;
    let session = sessions::start(
        &mut tx,
        app,
        user_id,
        Start {
            with_factor: true,
            ..Start::default()
        },
        meta,
    )
    .await?;
    if method == Method::RecoveryCode {
        let left = store::recovery_codes_left(&mut tx, user_id).await?;
        queue_to_user(
            &mut tx,
            &app.config,
            user_id,
            &Message::new("recovery-code-used").arg("left", left.to_string()),
        )
        .await?;
    }
    meta.audit("account.login", &format!("user:{user_id}"))
        .actor(Some(user_id), email)
        .details(serde_json::json!({ "factor": method.as_str(), "ip": meta.ip }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(session)
}

/// What "confirm it's you" takes: the password, or a code from the app.
pub async fn confirm_identity(
    app: &App,
    user: &SessionUser,
    session_hash: &str,
    secret: &str,
    meta: &Meta,
) -> Result<(), AppError> {
    let prepared = prepare(app, user.id, &user.email).await?;
    let stored = gerbang_store::accounts::user_by_id(&app.db, user.id)
        .await?
        .map(|u| u.password_hash);
    let mut tx = app.db.begin().await?;
    let by_code = check_code(app, &mut tx, &prepared, secret).await?;
    let proved = match by_code {
        Some(_) => true,
        None => {
            crate::accounts::password::verify(
                secret
                    .chars()
                    .take(gerbang_domain::accounts::MAX_PASSWORD_CHARS)
                    .collect(),
                stored,
            )
            .await?
        }
    };
    if !proved {
        drop(tx);
        limits::failed(app, &bucket(user.id), WINDOW_MINUTES).await?;
        return Err(AppError::Invalid(vec![FieldProblem::new(
            "secret",
            "error-confirm-wrong",
        )]));
    }
    // A code proves the factor too (a session that had none gains it).
    let now = app.clock.now();
    gerbang_store::accounts::prove_session(&mut tx, session_hash, by_code.is_some(), now).await?;
    meta.audit("account.reauthenticate", &format!("user:{}", user.id))
        .details(serde_json::json!({ "by": if by_code.is_some() { "code" } else { "password" }, "ip": meta.ip }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// New recovery codes in place of the old ones (which stop working).
pub async fn regenerate_codes(
    app: &App,
    user: &SessionUser,
    meta: &Meta,
) -> Result<Vec<String>, AppError> {
    crate::authz::check(
        Some(user),
        crate::authz::Action::ManageTokens,
        crate::authz::Resource::Platform,
    )?;
    if !enrolled(app, user.id).await? {
        return Err(AppError::Kind(ErrorKind::Conflict));
    }
    let (codes, hashes) = new_recovery_codes();
    let mut tx = app.db.begin().await?;
    store::replace_recovery_codes(&mut tx, user.id, &hashes).await?;
    meta.audit("account.recovery_codes_new", &format!("user:{}", user.id))
        .details(serde_json::json!({ "ip": meta.ip }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use totp_rs::Algorithm;

    /// RFC 6238, appendix B: the SHA-1 vectors (8 digits, the 20-byte ASCII secret).
    #[test]
    fn codes_match_rfc_6238_test_vectors() {
        let t = Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(8)
            .with_secret(b"12345678901234567890".to_vec())
            .build()
            .expect("rfc secret");
        for (time, code) in [
            (59u64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(t.generate(time).to_string(), code, "T = {time}");
        }
    }

    #[test]
    fn a_code_matches_its_step_and_its_neighbours_only() {
        let t = totp(
            b"0123456789abcdefghij".to_vec(),
            "Kota: Contoh",
            "siti@example.id",
        )
        .expect("totp");
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        let step = 1_800_000_000 / 30;
        let code = t.generate(1_800_000_000).to_string();
        assert_eq!(matching_step(&t, &code, now), Some(step));
        assert_eq!(
            matching_step(&t, &format!("{} {}", &code[..3], &code[3..]), now),
            Some(step)
        );
        assert_eq!(
            matching_step(&t, &code, now + time::Duration::seconds(30)),
            Some(step),
            "one step late is accepted"
        );
        assert_eq!(
            matching_step(&t, &code, now + time::Duration::seconds(95)),
            None
        );
        assert_eq!(matching_step(&t, "12345", now), None);
        assert_eq!(matching_step(&t, "abcdef", now), None);
        assert!(t.to_url().expect("uri").starts_with("otpauth://totp/"));
    }

    #[test]
    fn recovery_codes_are_random_and_hashed_loosely() {
        let (codes, hashes) = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), RECOVERY_CODES);
        assert_eq!(recovery_hash(&codes[0]), hashes[0]);
        assert_eq!(
            recovery_hash(&codes[0].to_uppercase().replace('-', " ")),
            hashes[0]
        );
        assert!(!hashes[0].contains(&codes[0]));
    }
}
