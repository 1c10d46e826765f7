//! Account operations, shared by HTML pages, the API and the command line: registration,
//! signing in and out, changing the password, creating accounts. Every write is audited
//! in its own transaction.

use gerbang_domain::accounts::{
    self as rules, AccountKind, Email, EmailError, PasswordError, StaffRole,
};
use gerbang_domain::i18n::Lang;
use gerbang_store::accounts::{self as store, NewUser};
use gerbang_store::audit::AuditEntry;
use gerbang_store::{Db, StoreError, Tx};
use time::Duration;

use crate::accounts::links::{self, Purpose};
use crate::accounts::password;
use crate::accounts::sessions::{self, NewSession, NextStep, Start};
use crate::error::{AppError, FieldProblem};
use crate::user::SessionUser;
use crate::{App, Config};

/// Who is acting and from where, for the audit log and throttling.
#[derive(Debug, Clone)]
pub struct Meta {
    pub actor_id: Option<i64>,
    pub actor: String,
    pub request_id: String,
    pub ip: String,
    /// The client's `User-Agent`, for the sessions page.
    pub user_agent: String,
}

impl Meta {
    /// The audit entry of `action` on `subject` by this request's actor: the one way
    /// every operation writes its audit record (add `.details(...)`, then `.append(tx)`).
    pub fn audit<'a>(&'a self, action: &'a str, subject: &'a str) -> AuditEntry<'a> {
        AuditEntry::system(action, subject)
            .actor(self.actor_id, &self.actor)
            .request(&self.request_id)
    }

    /// The command line acting as an operator.
    pub fn cli() -> Meta {
        Meta {
            actor_id: None,
            actor: "cli".into(),
            request_id: "-".into(),
            ip: "local".into(),
            user_agent: "gerbang (command line)".into(),
        }
    }
}

/// What a registration form sends.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Registration {
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_confirm: String,
    /// `citizen` or `business`.
    #[serde(default)]
    pub kind: String,
}

fn email_problem(field: &str, e: EmailError) -> FieldProblem {
    match e {
        EmailError::Empty => FieldProblem::new(field, "error-email-required"),
        EmailError::Invalid => FieldProblem::new(field, "error-email-invalid"),
    }
}

/// The form's problem for a refused new password, saying how to do better.
pub fn password_problem(field: &str, e: PasswordError) -> FieldProblem {
    let (id, n) = match e {
        PasswordError::TooShort => (
            "error-password-too-short".to_owned(),
            rules::MIN_PASSWORD_CHARS,
        ),
        PasswordError::TooLong => (
            "error-password-too-long".to_owned(),
            rules::MAX_PASSWORD_CHARS,
        ),
        PasswordError::Guessable(w) => (format!("error-password-guessable-{}", w.as_str()), 0),
    };
    FieldProblem {
        field: field.to_owned(),
        message_id: id,
        args: vec![("n", n.to_string())],
        subject: None,
    }
}

/// Checks a new password and its repetition (the form's fields `field` and
/// `{field}_confirm`) against the policy and the person's own words.
pub fn check_new_password_pair(
    field: &str,
    password: &str,
    confirm: &str,
    context: &[&str],
    problems: &mut Vec<FieldProblem>,
) {
    if let Err(e) = rules::check_new_password(password, context) {
        problems.push(password_problem(field, e));
    } else if password != confirm {
        problems.push(FieldProblem::new(
            &format!("{field}_confirm"),
            "error-password-mismatch",
        ));
    }
}

fn check_name(name: &str, problems: &mut Vec<FieldProblem>) {
    let n = name.trim().chars().count();
    if n == 0 {
        problems.push(FieldProblem::new("full_name", "error-name-required"));
    } else if n > 100 {
        problems.push(FieldProblem {
            field: "full_name".into(),
            message_id: "error-too-long".into(),
            args: vec![("n", "100".into())],
            subject: None,
        });
    }
}

/// Creates a citizen or business account and signs it in; the welcome email carries a
/// link that confirms the address.
pub async fn register(
    app: &App,
    form: &Registration,
    lang: Lang,
    meta: &Meta,
) -> Result<NewSession, AppError> {
    let db = &app.db;
    let config = &app.config;
    let mut problems = Vec::new();
    check_name(&form.full_name, &mut problems);
    let email = Email::parse(&form.email)
        .map_err(|e| problems.push(email_problem("email", e)))
        .ok();
    check_new_password_pair(
        "password",
        &form.password,
        &form.password_confirm,
        &[&form.full_name, &form.email, &config.site_name],
        &mut problems,
    );
    let kind = match form.kind.as_str() {
        "citizen" => Some(AccountKind::Citizen),
        "business" => Some(AccountKind::Business),
        _ => {
            problems.push(FieldProblem::new("kind", "error-kind-required"));
            None
        }
    };
    if let Some(email) = &email
        && store::user_by_email(db, email).await?.is_some()
    {
        problems.push(FieldProblem::new("email", "error-email-taken"));
    }
    let (Some(email), Some(kind), true) = (email, kind, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let hash = password::hash(form.password.clone()).await?;
    let mut tx = db.begin().await?;
    let new_user = NewUser {
        email: &email,
        password_hash: &hash,
        full_name: form.full_name.trim(),
        kind,
        lang,
        is_demo: false,
    };
    let user_id = create_user(&mut tx, &new_user).await?;
    let session = sessions::start(&mut tx, app, user_id, Start::default(), meta).await?;
    let to = crate::notify::messages::Recipient {
        email: email.to_string(),
        name: new_user.full_name.to_owned(),
        lang,
    };
    let link = links::create(&mut tx, app, user_id, Purpose::Verify).await?;
    crate::notify::messages::queue(
        &mut tx,
        config,
        &to,
        &crate::notify::messages::Message::new("welcome").arg("link", link),
    )
    .await?;
    meta.audit("account.register", &format!("user:{user_id}"))
        .actor(Some(user_id), email.as_str())
        .details(serde_json::json!({ "kind": kind.as_str(), "ip": meta.ip }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(session)
}

/// Signs in. Wrong email and wrong password get the same answer; repeated failures per
/// account and per address are throttled. A previous session of this browser is ended,
/// so the session id always changes at sign-in. An account with a second factor gets a
/// session that waits for it ([`NextStep::SecondFactor`]); a staff account without one
/// must enrol before it can do anything ([`NextStep::Enrol`]).
pub async fn login(
    app: &App,
    email: &str,
    pw: &str,
    old_session: Option<&str>,
    meta: &Meta,
) -> Result<NewSession, AppError> {
    let (user, mut tx) = check_credentials(app, email, pw, meta).await?;
    if let Some(old) = old_session {
        store::delete_session(&mut tx, old).await?;
    }
    let enrolled = crate::accounts::second_factor::enrolled_in(&mut tx, user.id).await?;
    let next = if enrolled {
        NextStep::SecondFactor
    } else if sessions::factor_required(&app.config, user.kind()?) {
        NextStep::Enrol
    } else {
        NextStep::Ready
    };
    let mut session = sessions::start(
        &mut tx,
        app,
        user.id,
        Start {
            pending: next == NextStep::SecondFactor,
            ..Start::default()
        },
        meta,
    )
    .await?;
    session.next = next;
    let action = if next == NextStep::SecondFactor {
        "account.login_password"
    } else {
        "account.login"
    };
    meta.audit(action, &format!("user:{}", user.id))
        .actor(Some(user.id), &user.email)
        .details(serde_json::json!({ "ip": meta.ip }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(session)
}

/// Ends a session.
pub async fn logout(db: &Db, session_hash: &str, meta: &Meta) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    store::delete_session(&mut tx, session_hash).await?;
    let subject = meta
        .actor_id
        .map_or_else(|| "user:?".to_owned(), |id| format!("user:{id}"));
    meta.audit("account.logout", &subject)
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// What the change-password form sends.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PasswordChange {
    #[serde(default)]
    pub current_password: String,
    #[serde(default)]
    pub new_password: String,
    #[serde(default)]
    pub new_password_confirm: String,
}

/// Changes the password, ends every other session, revokes the API tokens and rotates
/// this session (which keeps the second factor it proved).
pub async fn change_password(
    app: &App,
    me: &SessionUser,
    form: &PasswordChange,
    meta: &Meta,
) -> Result<NewSession, AppError> {
    let (db, config, user_id) = (&app.db, &app.config, me.id);
    crate::accounts::limits::check(app, &format!("password-change:user:{user_id}"), 10, 15).await?;
    let user = store::user_by_id(db, user_id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let mut problems = Vec::new();
    if !password::verify(
        form.current_password
            .chars()
            .take(rules::MAX_PASSWORD_CHARS)
            .collect(),
        Some(user.password_hash.clone()),
    )
    .await?
    {
        problems.push(FieldProblem::new(
            "current_password",
            "error-current-password",
        ));
    }
    check_new_password_pair(
        "new_password",
        &form.new_password,
        &form.new_password_confirm,
        &[&user.full_name, &user.email, &config.site_name],
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let hash = password::hash(form.new_password.clone()).await?;
    let keeps_factor = me.credential.second_factor
        && crate::accounts::second_factor::enrolled(app, user_id).await?;
    let mut tx = db.begin().await?;
    store::set_password(&mut tx, user_id, &hash).await?;
    // Every session ends, this one included: a fresh token replaces it.
    store::delete_sessions_of(&mut tx, user_id, None).await?;
    let tokens = gerbang_store::api_tokens::revoke_all_of(&mut tx, user_id).await?;
    let session = sessions::start(
        &mut tx,
        app,
        user_id,
        Start {
            with_factor: keeps_factor,
            ..Start::default()
        },
        meta,
    )
    .await?;
    crate::notify::messages::queue(
        &mut tx,
        config,
        &crate::notify::messages::Recipient::from(&user),
        &crate::notify::messages::Message::new("password-changed"),
    )
    .await?;
    meta.audit("account.password_change", &format!("user:{user_id}"))
        .actor(Some(user_id), &user.email)
        .details(serde_json::json!({ "tokens_revoked": tokens, "ip": meta.ip }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(session)
}

/// An account created by an administrator or the command line.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub full_name: String,
    pub password: String,
    pub kind: AccountKind,
    /// Roles with the agency slug they apply to (`None` for platform-wide).
    pub roles: Vec<(StaffRole, Option<String>)>,
    pub is_demo: bool,
    /// The language pages and messages use until the person picks another.
    pub lang: Lang,
    /// The email telling the person their account exists (`welcome`, `staff-account`,
    /// `counter-account`); `None` for demo and test accounts.
    pub welcome: Option<&'static str>,
}

/// Creates an account with its roles in one transaction; returns the new id.
pub async fn create_account(app: &App, acc: &NewAccount, meta: &Meta) -> Result<i64, AppError> {
    let checked = check_account(&app.db, &app.config, acc).await?;
    let mut tx = app.db.begin().await?;
    let user_id = insert_account(&mut tx, app, &checked, meta).await?;
    tx.commit().await?;
    Ok(user_id)
}

/// A new account that passed every check, password already hashed: ready to be written
/// inside whatever transaction needs it (a counter filing creates its applicant this way).
#[derive(Debug, Clone)]
pub struct CheckedAccount {
    email: Email,
    password_hash: String,
    full_name: String,
    kind: AccountKind,
    lang: Lang,
    is_demo: bool,
    grants: Vec<(StaffRole, Option<i64>)>,
    welcome: Option<&'static str>,
}

/// Checks a new account (every problem at once) and hashes its password, off any transaction.
pub async fn check_account(
    db: &Db,
    config: &Config,
    acc: &NewAccount,
) -> Result<CheckedAccount, AppError> {
    let mut problems = Vec::new();
    check_name(&acc.full_name, &mut problems);
    let email = Email::parse(&acc.email)
        .map_err(|e| problems.push(email_problem("email", e)))
        .ok();
    if let Err(e) = rules::check_new_password(
        &acc.password,
        &[&acc.full_name, &acc.email, &config.site_name],
    ) {
        problems.push(password_problem("password", e));
    }
    let mut grants = Vec::new();
    for (role, agency) in &acc.roles {
        let agency_id = match (role, agency) {
            (StaffRole::PlatformAdmin, _) => None,
            // An auditor without an agency audits the whole installation.
            (StaffRole::Auditor, None) => None,
            (_, None) => {
                problems.push(FieldProblem::new("agency", "error-agency-required"));
                continue;
            }
            (_, Some(slug)) => match gerbang_store::catalog::agency(db, slug).await? {
                Some(a) => Some(a.id),
                None => {
                    problems.push(FieldProblem::new("agency", "error-agency-unknown"));
                    continue;
                }
            },
        };
        grants.push((*role, agency_id));
    }
    if !acc.roles.is_empty() && acc.kind != AccountKind::Staff {
        problems.push(FieldProblem::new("role", "error-roles-staff-only"));
    }
    let (Some(email), true) = (email, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    Ok(CheckedAccount {
        email,
        password_hash: password::hash(acc.password.clone()).await?,
        full_name: acc.full_name.trim().to_owned(),
        kind: acc.kind,
        lang: acc.lang,
        is_demo: acc.is_demo,
        grants,
        welcome: acc.welcome,
    })
}

/// Inserts a user; an address taken meanwhile (a lost race) is the form's field error.
async fn create_user(tx: &mut Tx, new_user: &NewUser<'_>) -> Result<i64, AppError> {
    match store::create_user(tx, new_user).await {
        Ok(id) => Ok(id),
        Err(StoreError::Conflict(_)) => Err(AppError::Invalid(vec![FieldProblem::new(
            "email",
            "error-email-taken",
        )])),
        Err(e) => Err(e.into()),
    }
}

/// Writes a checked account, its roles and their audit entries in the caller's transaction.
pub async fn insert_account(
    tx: &mut Tx,
    app: &App,
    acc: &CheckedAccount,
    meta: &Meta,
) -> Result<i64, AppError> {
    let config = &app.config;
    let new_user = NewUser {
        email: &acc.email,
        password_hash: &acc.password_hash,
        full_name: &acc.full_name,
        kind: acc.kind,
        lang: acc.lang,
        is_demo: acc.is_demo,
    };
    let user_id = create_user(tx, &new_user).await?;
    let subject = format!("user:{user_id}");
    meta.audit("account.create", &subject).details(serde_json::json!({ "email": acc.email.as_str(), "kind": acc.kind.as_str(), "demo": acc.is_demo })).append(tx).await?;
    for (role, agency_id) in &acc.grants {
        store::grant_role(tx, user_id, *role, *agency_id).await?;
        meta.audit("account.role_grant", &subject)
            .details(serde_json::json!({ "role": role.as_str(), "agency_id": agency_id }))
            .append(tx)
            .await?;
    }
    if let Some(kind) = acc.welcome {
        let to = crate::notify::messages::Recipient {
            email: acc.email.to_string(),
            name: acc.full_name.clone(),
            lang: acc.lang,
        };
        // A welcome to an account someone else created carries the link that lets its
        // owner set their own password; a self-made one's confirms the address.
        let purpose = match kind {
            "welcome" => Purpose::Verify,
            _ => Purpose::Claim,
        };
        let link = links::create(tx, app, user_id, purpose).await?;
        crate::notify::messages::queue(
            tx,
            config,
            &to,
            &crate::notify::messages::Message::new(kind)
                .arg("link", link)
                .arg("days", purpose.lifetime().whole_days().to_string()),
        )
        .await?;
    }
    Ok(user_id)
}

/// Checks an email and password with the sign-in page's throttling, and records the
/// attempt. A failure is committed (it counts towards throttling) and answers as
/// [`login`] does, without saying which part was wrong; a success returns the account and
/// the open transaction holding the attempt, for the caller to add what the sign-in grants.
pub async fn check_credentials(
    app: &App,
    email: &str,
    pw: &str,
    meta: &Meta,
) -> Result<(store::UserRow, gerbang_store::Tx), AppError> {
    let (db, config) = (&app.db, &app.config);
    let normalised = email.trim().to_lowercase();
    let since = app.clock.now() - Duration::minutes(config.login_window_minutes);
    let (by_email, by_ip) = store::recent_failures(db, &normalised, &meta.ip, since).await?;
    if by_email >= config.login_failures_per_account || by_ip >= config.login_failures_per_address {
        return Err(AppError::Throttled(config.login_window_minutes));
    }
    let user = match Email::parse(&normalised) {
        Ok(e) => store::user_by_email(db, &e).await?,
        Err(_) => None,
    };
    let ok = password::verify(
        pw.chars().take(rules::MAX_PASSWORD_CHARS).collect(),
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await?;
    let mut tx = db.begin().await?;
    store::record_login_attempt(&mut tx, &normalised, &meta.ip, ok).await?;
    match (user, ok) {
        (Some(user), true) if user.disabled_at.is_some() => {
            meta.audit("account.login_refused", &format!("user:{}", user.id))
                .actor(Some(user.id), &user.email)
                .details(serde_json::json!({ "why": "disabled", "ip": meta.ip }))
                .append(&mut tx)
                .await?;
            tx.commit().await?;
            Err(AppError::Invalid(vec![FieldProblem::new(
                "email",
                "error-account-disabled",
            )]))
        }
        (Some(user), true) => Ok((user, tx)),
        _ => {
            meta.audit("account.login_failed", &format!("email:{normalised}"))
                .actor(None, &normalised)
                .details(serde_json::json!({ "ip": meta.ip }))
                .append(&mut tx)
                .await?;
            tx.commit().await?;
            Err(AppError::Invalid(vec![FieldProblem::new(
                "email",
                "error-login-failed",
            )]))
        }
    }
}
