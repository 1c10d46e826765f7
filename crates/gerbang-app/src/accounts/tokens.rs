//! Personal API tokens: named, scoped, expiring, revocable. Only the SHA-256 of a token
//! is stored. Creating one needs a signed-in person who proved who they are in the last
//! few minutes (and, for staff, a second factor); the password alone mints one only for
//! citizens and businesses without a second factor.

use gerbang_domain::accounts::{AccountKind, Scope};
use gerbang_store::api_tokens::{self as store, NewToken};
use time::{Duration, OffsetDateTime};

use crate::App;
use crate::accounts::service::{Meta, check_credentials};
use crate::authz::{Action, Resource};
use crate::error::{AppError, FieldProblem};
use crate::user::{Credential, SessionUser, new_token, token_hash};

/// Longest name of a personal API token, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// The prefix that marks Gerbang API tokens (and lets secret scanners find leaked ones).
pub const PREFIX: &str = "gbg_";
/// Days a token lives unless its owner chooses otherwise.
pub const DEFAULT_DAYS: i64 = 90;
/// The longest life a citizen's or business's token may have.
pub const MAX_DAYS: i64 = 365;
/// The longest life a staff token may have.
pub const STAFF_MAX_DAYS: i64 = 30;

/// A fresh personal API token: the only time the token itself is known.
#[derive(Debug, Clone)]
pub struct NewApiToken {
    pub id: i64,
    /// `gbg_` and 43 characters of URL-safe base64 (256 random bits).
    pub token: String,
    pub name: String,
    pub scopes: Vec<Scope>,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// What a new token should be.
#[derive(Debug, Clone, Default)]
pub struct TokenSpec {
    pub name: String,
    /// Space-separated scope names; empty: every scope the account may have.
    pub scopes: String,
    /// Days until it expires; `None`: [`DEFAULT_DAYS`] (or the staff maximum).
    pub days: Option<i64>,
}

/// The longest life a token of `kind` may have, in days.
pub fn max_days(kind: AccountKind) -> i64 {
    if kind == AccountKind::Staff {
        STAFF_MAX_DAYS
    } else {
        MAX_DAYS
    }
}

struct Checked {
    name: String,
    scopes: Vec<Scope>,
    days: i64,
}

fn check_spec(kind: AccountKind, spec: &TokenSpec) -> Result<Checked, AppError> {
    let mut problems = Vec::new();
    let name = spec.name.trim();
    if name.is_empty() {
        problems.push(FieldProblem::new("name", "api-error-token-name-required"));
    } else if name.chars().count() > MAX_NAME_CHARS {
        problems.push(FieldProblem {
            field: "name".into(),
            message_id: "error-too-long".into(),
            args: vec![("n", MAX_NAME_CHARS.to_string())],
            subject: None,
        });
    }
    let offered = Scope::offered_to(kind);
    let scopes = match Scope::parse_list(&spec.scopes) {
        Ok(s) if s.is_empty() => offered.to_vec(),
        Ok(s) if s.iter().all(|x| offered.contains(x)) => s,
        Ok(_) | Err(_) => {
            problems.push(FieldProblem::new("scopes", "error-token-scopes"));
            Vec::new()
        }
    };
    let max = max_days(kind);
    let days = spec.days.unwrap_or(DEFAULT_DAYS.min(max));
    if !(1..=max).contains(&days) {
        problems.push(FieldProblem {
            field: "days".into(),
            message_id: "error-token-days".into(),
            args: vec![("max", max.to_string())],
            subject: None,
        });
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    Ok(Checked {
        name: name.chars().filter(|c| !c.is_control()).collect(),
        scopes,
        days,
    })
}

/// Writes the token (audited) in `tx` and commits.
async fn issue(
    app: &App,
    mut tx: gerbang_store::Tx,
    user_id: i64,
    actor: &str,
    checked: Checked,
    via: &str,
    meta: &Meta,
) -> Result<NewApiToken, AppError> {
    let token = format!("{PREFIX}{}", new_token());
    let now = app.clock.now();
    let expires_at = now + Duration::days(checked.days);
    let scopes_text = Scope::join(&checked.scopes);
    let id = store::create(
        &mut tx,
        &NewToken {
            user_id,
            name: &checked.name,
            token_hash: &token_hash(&token),
            scopes: &scopes_text,
            created_at: now,
            expires_at,
        },
    )
    .await?;
    meta.audit("account.api_token_create", &format!("user:{user_id}"))
        .actor(Some(user_id), actor)
        .details(serde_json::json!({
            "token_id": id, "name": checked.name, "scopes": scopes_text, "days": checked.days,
            "via": via, "ip": meta.ip
        }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(NewApiToken {
        id,
        token,
        name: checked.name,
        scopes: checked.scopes,
        created_at: now,
        expires_at,
    })
}

/// Creates a token for the signed-in person (the account page). The decision asks for a
/// browser session, a second factor where one is needed, and a recent proof.
pub async fn create(
    app: &App,
    user: &SessionUser,
    spec: &TokenSpec,
    meta: &Meta,
) -> Result<NewApiToken, AppError> {
    crate::authz::check(Some(user), Action::ManageTokens, Resource::Platform)?;
    let checked = check_spec(user.kind, spec)?;
    let tx = app.db.begin().await?;
    issue(app, tx, user.id, &user.email, checked, "account", meta).await
}

/// Creates a token without a person present: the command line and tests, acting as the
/// operator.
pub async fn create_as_operator(
    app: &App,
    user_id: i64,
    spec: &TokenSpec,
    meta: &Meta,
) -> Result<NewApiToken, AppError> {
    let user = gerbang_store::accounts::user_by_id(&app.db, user_id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let checked = check_spec(user.kind()?, spec)?;
    let tx = app.db.begin().await?;
    issue(app, tx, user_id, &meta.actor, checked, "operator", meta).await
}

/// Why an email and password were not exchanged for a token although they were right.
pub const PASSWORD_NOT_ENOUGH: &str = "error-token-password-not-enough";

/// Exchanges an email and password for a token, with the web sign-in's throttling and
/// answers. Refused for staff and for anyone with a second factor: a password alone
/// (perhaps phished) must not mint their tokens.
pub async fn for_credentials(
    app: &App,
    email: &str,
    pw: &str,
    spec: &TokenSpec,
    meta: &Meta,
) -> Result<NewApiToken, AppError> {
    let (user, mut tx) = check_credentials(app, email, pw, meta).await?;
    let kind = user.kind()?;
    let has_factor = crate::accounts::second_factor::enrolled_in(&mut tx, user.id).await?;
    if crate::accounts::sessions::factor_required(&app.config, kind) || has_factor {
        meta.audit("account.api_token_refused", &format!("user:{}", user.id))
            .actor(Some(user.id), &user.email)
            .details(serde_json::json!({ "why": "password-not-enough", "ip": meta.ip }))
            .append(&mut tx)
            .await?;
        tx.commit().await?;
        return Err(AppError::Invalid(vec![FieldProblem::new(
            "password",
            PASSWORD_NOT_ENOUGH,
        )]));
    }
    let checked = match check_spec(kind, spec) {
        Ok(c) => c,
        Err(e) => {
            tx.commit().await?;
            return Err(e);
        }
    };
    meta.audit("account.login", &format!("user:{}", user.id))
        .actor(Some(user.id), &user.email)
        .details(serde_json::json!({ "ip": meta.ip, "via": "api" }))
        .append(&mut tx)
        .await?;
    issue(app, tx, user.id, &user.email, checked, "credentials", meta).await
}

/// Revokes one of the account's tokens (audited); 404 when it has no such token.
pub async fn revoke(
    app: &App,
    user: &SessionUser,
    token_id: i64,
    meta: &Meta,
) -> Result<(), AppError> {
    let mut tx = app.db.begin().await?;
    if !store::revoke(&mut tx, user.id, token_id).await? {
        return Err(AppError::NOT_FOUND);
    }
    meta.audit("account.api_token_revoke", &format!("user:{}", user.id))
        .details(serde_json::json!({ "token_id": token_id }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Why a token did not open the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRefused {
    /// Unknown or revoked.
    Invalid,
    /// Past its expiry.
    Expired,
    /// Its account is disabled.
    Disabled,
}

/// The account behind a token, acting with the token's scopes.
pub async fn resolve(
    app: &App,
    token: &str,
) -> Result<Result<(SessionUser, i64), TokenRefused>, AppError> {
    let now = app.clock.now();
    let Some(found) = store::user_by_token(&app.db, &token_hash(token), now).await? else {
        return Ok(Err(TokenRefused::Invalid));
    };
    if found.user.disabled_at.is_some() {
        return Ok(Err(TokenRefused::Disabled));
    }
    if found.expires() <= now {
        return Ok(Err(TokenRefused::Expired));
    }
    let kind = found.user.kind()?;
    let roles = if kind == AccountKind::Staff {
        gerbang_store::accounts::roles_of(&app.db, found.user.id).await?
    } else {
        Vec::new()
    };
    // Stored scopes are ours; one no longer known is dropped, never widened.
    let scopes = found
        .scopes
        .split_whitespace()
        .filter_map(Scope::parse)
        .collect();
    let user = SessionUser::new(
        found.user.id,
        kind,
        found.user.email,
        found.user.full_name,
        roles,
        Credential::token(scopes),
    );
    Ok(Ok((user, found.token_id)))
}

/// The account's tokens, newest first.
pub async fn list(app: &App, user_id: i64) -> Result<Vec<store::TokenRow>, AppError> {
    Ok(store::list_of(&app.db, user_id).await?)
}
