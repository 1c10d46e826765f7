//! Links sent by email that prove access to the address: "forgot password", confirming
//! a new account's address, and claiming an account someone else created (at a counter,
//! or a new staff member's). Single-use, short-lived, stored only as hashes; asking for
//! one answers the same whether or not the address has an account.

use gerbang_domain::accounts::Email;
use gerbang_store::Tx;
use gerbang_store::account_links as store;
use time::Duration;

use crate::App;
use crate::accounts::limits;
use crate::accounts::service::{Meta, check_new_password_pair};
use crate::error::{AppError, FieldProblem};
use crate::notify::messages::{Message, Recipient, queue};
use crate::user::{new_token, token_hash};

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// "Forgot password": set a new one.
    Reset,
    /// Confirm the address of a new account.
    Verify,
    /// Set the first password of an account created by someone else.
    Claim,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Reset => "reset",
            Purpose::Verify => "verify",
            Purpose::Claim => "claim",
        }
    }

    /// How long a link stays good.
    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::Reset => Duration::minutes(30),
            Purpose::Verify => Duration::days(3),
            Purpose::Claim => Duration::days(7),
        }
    }

    /// The page the link opens.
    fn path(self) -> &'static str {
        match self {
            Purpose::Reset | Purpose::Claim => "/password/reset",
            Purpose::Verify => "/account/verify",
        }
    }
}

/// Creates a link for `user_id` in the caller's transaction; returns its full address.
pub async fn create(
    tx: &mut Tx,
    app: &App,
    user_id: i64,
    purpose: Purpose,
) -> Result<String, AppError> {
    let token = new_token();
    let now = app.clock.now();
    store::create(
        tx,
        &token_hash(&token),
        user_id,
        purpose.as_str(),
        now,
        now + purpose.lifetime(),
    )
    .await?;
    Ok(format!(
        "{}{}?token={token}",
        app.config.public_url,
        purpose.path()
    ))
}

/// "Forgot password": emails a reset link when the address has an account that is not
/// disabled. Always answers the same; throttled per address and per client.
pub async fn request_reset(app: &App, email: &str, meta: &Meta) -> Result<(), AppError> {
    limits::check(app, &format!("reset:ip:{}", meta.ip), 20, 15).await?;
    let Ok(email) = Email::parse(email) else {
        return Err(AppError::Invalid(vec![FieldProblem::new(
            "email",
            "error-email-invalid",
        )]));
    };
    // Per address, quietly: more requests send no more mail, and say nothing different.
    let per_address = limits::check(app, &format!("reset:email:{email}"), 3, 15).await;
    let user = gerbang_store::accounts::user_by_email(&app.db, &email).await?;
    let mut tx = app.db.begin().await?;
    match user {
        Some(u) if u.disabled_at.is_none() && per_address.is_ok() => {
            let link = create(&mut tx, app, u.id, Purpose::Reset).await?;
            queue(
                &mut tx,
                &app.config,
                &Recipient::from(&u),
                &Message::new("password-reset").arg("link", link).arg(
                    "minutes",
                    Purpose::Reset.lifetime().whole_minutes().to_string(),
                ),
            )
            .await?;
            meta.audit("account.password_reset_request", &format!("user:{}", u.id))
                .actor(None, email.as_str())
                .details(serde_json::json!({ "ip": meta.ip }))
                .append(&mut tx)
                .await?;
        }
        _ => {
            meta.audit("account.password_reset_request", &format!("email:{email}"))
                .actor(None, email.as_str())
                .details(serde_json::json!({ "ip": meta.ip, "sent": false }))
                .append(&mut tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// True when `token` is a live reset or claim link (the page shows the form, or says the
/// link is no longer good).
pub async fn reset_link_is_live(app: &App, token: &str) -> Result<bool, AppError> {
    let hash = token_hash(token);
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let mut live = false;
    for p in [Purpose::Reset, Purpose::Claim] {
        live |= store::peek(&mut tx, &hash, p.as_str(), now)
            .await?
            .is_some();
    }
    tx.commit().await?;
    Ok(live)
}

/// What the reset form sends.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct NewPassword {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub new_password: String,
    #[serde(default)]
    pub new_password_confirm: String,
}

/// Sets a new password through a reset or claim link, used up here. Every session of
/// the account ends and its API tokens are revoked; the address counts as confirmed.
/// The person then signs in (with their second factor, if they have one).
pub async fn reset_password(app: &App, form: &NewPassword, meta: &Meta) -> Result<(), AppError> {
    limits::check(app, &format!("reset-use:ip:{}", meta.ip), 20, 15).await?;
    let hash = token_hash(&form.token);
    let now = app.clock.now();
    let expired = || AppError::Invalid(vec![FieldProblem::new("token", "error-link-expired")]);
    // Which account, without using the link up yet: the password may still be refused.
    let user_id = {
        let mut tx = app.db.begin().await?;
        let mut found = None;
        for p in [Purpose::Reset, Purpose::Claim] {
            if found.is_none() {
                found = store::peek(&mut tx, &hash, p.as_str(), now).await?;
            }
        }
        tx.commit().await?;
        found.ok_or_else(expired)?
    };
    let user = gerbang_store::accounts::user_by_id(&app.db, user_id)
        .await?
        .ok_or_else(expired)?;
    if user.disabled_at.is_some() {
        return Err(expired());
    }
    let mut problems = Vec::new();
    check_new_password_pair(
        "new_password",
        &form.new_password,
        &form.new_password_confirm,
        &[&user.full_name, &user.email, &app.config.site_name],
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let password_hash = crate::accounts::password::hash(form.new_password.clone()).await?;
    let mut tx = app.db.begin().await?;
    let mut purpose = None;
    for p in [Purpose::Reset, Purpose::Claim] {
        if purpose.is_none()
            && store::take(&mut tx, &hash, p.as_str(), now)
                .await?
                .is_some()
        {
            purpose = Some(p);
        }
    }
    // Used meanwhile by another request: this one changes nothing.
    let Some(purpose) = purpose else {
        return Err(expired());
    };
    gerbang_store::accounts::set_password(&mut tx, user_id, &password_hash).await?;
    gerbang_store::accounts::set_email_verified(&mut tx, user_id, now).await?;
    let sessions = gerbang_store::accounts::delete_sessions_of(&mut tx, user_id, None).await?;
    let tokens = gerbang_store::api_tokens::revoke_all_of(&mut tx, user_id).await?;
    queue(
        &mut tx,
        &app.config,
        &Recipient::from(&user),
        &Message::new("password-changed"),
    )
    .await?;
    meta.audit("account.password_reset", &format!("user:{user_id}"))
        .actor(Some(user_id), &user.email)
        .details(serde_json::json!({
            "via": purpose.as_str(), "sessions_ended": sessions, "tokens_revoked": tokens, "ip": meta.ip
        }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Confirms the address of the account a verification link was sent for.
pub async fn verify_email(app: &App, token: &str, meta: &Meta) -> Result<(), AppError> {
    limits::check(app, &format!("verify:ip:{}", meta.ip), 30, 15).await?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let Some(user_id) =
        store::take(&mut tx, &token_hash(token), Purpose::Verify.as_str(), now).await?
    else {
        return Err(AppError::Invalid(vec![FieldProblem::new(
            "token",
            "error-link-expired",
        )]));
    };
    gerbang_store::accounts::set_email_verified(&mut tx, user_id, now).await?;
    meta.audit("account.email_verified", &format!("user:{user_id}"))
        .details(serde_json::json!({ "ip": meta.ip }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Sends a new confirmation link to a signed-in account whose address is not confirmed.
pub async fn resend_verification(app: &App, user_id: i64, meta: &Meta) -> Result<(), AppError> {
    limits::check(app, &format!("verify-send:user:{user_id}"), 3, 60).await?;
    let Some(user) = gerbang_store::accounts::user_by_id(&app.db, user_id).await? else {
        return Err(AppError::NOT_FOUND);
    };
    if user.email_verified_at.is_some() {
        return Ok(());
    }
    let mut tx = app.db.begin().await?;
    let link = create(&mut tx, app, user_id, Purpose::Verify).await?;
    queue(
        &mut tx,
        &app.config,
        &Recipient::from(&user),
        &Message::new("verify-email").arg("link", link),
    )
    .await?;
    meta.audit("account.verification_sent", &format!("user:{user_id}"))
        .details(serde_json::json!({ "ip": meta.ip }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
