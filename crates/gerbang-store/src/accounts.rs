//! Accounts, staff roles, sessions and login attempts.

use gerbang_domain::accounts::{AccountKind, Email, StaffRole};
use gerbang_domain::i18n::Lang;
use time::OffsetDateTime;

use crate::{Conn, Db, Result, StoreError, Tx};

/// A stored account.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub full_name: String,
    pub kind: String,
    pub locale: String,
    pub is_demo: bool,
    /// Set when an administrator switched the account off: nothing signs it in.
    pub disabled_at: Option<OffsetDateTime>,
    /// When the owner confirmed the address (by a link sent to it).
    pub email_verified_at: Option<OffsetDateTime>,
}

impl UserRow {
    /// The account kind; unknown stored values are reported as corrupt data.
    pub fn kind(&self) -> Result<AccountKind> {
        AccountKind::parse(&self.kind)
            .ok_or_else(|| StoreError::Corrupt(format!("user {}: kind `{}`", self.id, self.kind)))
    }

    /// The preferred language.
    pub fn lang(&self) -> Lang {
        Lang::from_tag(&self.locale).unwrap_or_default()
    }
}

/// A role held by a staff account, with the agency it applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleGrant {
    pub role: StaffRole,
    /// `None` for platform-wide roles.
    pub agency_id: Option<i64>,
    pub agency_slug: Option<String>,
}

/// What a new account needs.
pub struct NewUser<'a> {
    pub email: &'a Email,
    pub password_hash: &'a str,
    pub full_name: &'a str,
    pub kind: AccountKind,
    pub lang: Lang,
    pub is_demo: bool,
}

#[macro_export]
#[doc(hidden)]
macro_rules! user_columns {
    () => {
        "u.id, u.email, u.password_hash, u.full_name, u.kind, u.locale, u.is_demo, u.disabled_at, u.email_verified_at"
    };
}

/// Creates an account; a taken email gives [`StoreError::Conflict`].
pub async fn create_user(tx: &mut Tx, u: &NewUser<'_>) -> Result<i64> {
    let now = OffsetDateTime::now_utc();
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, full_name, kind, locale, is_demo, created_at, password_changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(u.email.as_str())
    .bind(u.password_hash)
    .bind(u.full_name)
    .bind(u.kind.as_str())
    .bind(u.lang.tag())
    .bind(u.is_demo)
    .bind(now)
    .fetch_one(c)
    .await?);
    Ok(id)
}

/// An account by email.
pub async fn user_by_email(conn: impl Into<Conn<'_>>, email: &Email) -> Result<Option<UserRow>> {
    const SQL: &str = concat!(
        "SELECT ",
        user_columns!(),
        " FROM users u WHERE u.email = $1"
    );
    Ok(on_conn!(conn, p => sqlx::query_as(SQL).bind(email.as_str()).fetch_optional(p).await?))
}

/// An account by id.
pub async fn user_by_id(conn: impl Into<Conn<'_>>, id: i64) -> Result<Option<UserRow>> {
    const SQL: &str = concat!("SELECT ", user_columns!(), " FROM users u WHERE u.id = $1");
    Ok(on_conn!(conn, p => sqlx::query_as(SQL).bind(id).fetch_optional(p).await?))
}

/// Replaces an account's password hash.
pub async fn set_password(tx: &mut Tx, user_id: i64, password_hash: &str) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(OffsetDateTime::now_utc())
        .bind(user_id)
        .execute(c)
        .await?.rows_affected());
    Ok(())
}

/// Remembers the account's preferred language.
pub async fn set_locale(db: &Db, user_id: i64, lang: Lang) -> Result<()> {
    let mut tx = db.begin().await?;
    on_tx!(tx, c => sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
        .bind(lang.tag())
        .bind(user_id)
        .execute(c)
        .await?.rows_affected());
    tx.commit().await?;
    Ok(())
}

/// How many demo accounts the database holds (`serve` refuses to expose them by default).
pub async fn count_demo_users(db: &Db) -> Result<i64> {
    Ok(
        on_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE is_demo").fetch_one(p).await?),
    )
}

/// Grants a role (idempotent).
pub async fn grant_role(
    tx: &mut Tx,
    user_id: i64,
    role: StaffRole,
    agency_id: Option<i64>,
) -> Result<bool> {
    let held: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM staff_roles WHERE user_id = $1 AND role = $2 AND \
         ((agency_id IS NULL AND $3 IS NULL) OR agency_id = $3)",
    )
    .bind(user_id)
    .bind(role.as_str())
    .bind(agency_id)
    .fetch_one(c)
    .await?);
    if held > 0 {
        return Ok(false);
    }
    on_tx!(tx, c => sqlx::query("INSERT INTO staff_roles (user_id, agency_id, role, granted_at) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(agency_id)
        .bind(role.as_str())
        .bind(OffsetDateTime::now_utc())
        .execute(c)
        .await?.rows_affected());
    Ok(true)
}

/// Every role an account holds.
pub async fn roles_of(conn: impl Into<Conn<'_>>, user_id: i64) -> Result<Vec<RoleGrant>> {
    let rows: Vec<(String, Option<i64>, Option<String>)> = on_conn!(conn, p => sqlx::query_as(
        "SELECT r.role, r.agency_id, a.slug FROM staff_roles r LEFT JOIN agencies a ON a.id = r.agency_id \
         WHERE r.user_id = $1 ORDER BY r.id",
    )
    .bind(user_id)
    .fetch_all(p)
    .await?);
    rows.into_iter()
        .map(|(role, agency_id, agency_slug)| {
            let role = StaffRole::parse(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("role `{role}`")))?;
            Ok(RoleGrant {
                role,
                agency_id,
                agency_slug,
            })
        })
        .collect()
}

/// A staff member with one of their roles at an agency.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub role: String,
}

/// Staff of an agency with their roles, for the admin page.
pub async fn staff_of(db: &Db, agency_id: i64) -> Result<Vec<StaffRow>> {
    const SQL: &str = concat!(
        "SELECT ",
        user_columns!(),
        ", r.role FROM staff_roles r JOIN users u ON u.id = r.user_id WHERE r.agency_id = $1 ORDER BY u.full_name, r.role"
    );
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(agency_id).fetch_all(p).await?))
}

/// Active accounts holding `role` at `agency_id` (read through `conn`, so that a job's
/// transaction can address its notices).
pub async fn holders_of(
    conn: impl Into<Conn<'_>>,
    agency_id: i64,
    role: &str,
) -> Result<Vec<UserRow>> {
    const SQL: &str = concat!(
        "SELECT ",
        user_columns!(),
        " FROM staff_roles r JOIN users u ON u.id = r.user_id \
         WHERE r.agency_id = $1 AND r.role = $2 AND u.disabled_at IS NULL ORDER BY u.id"
    );
    Ok(on_conn!(conn, p => sqlx::query_as(SQL).bind(agency_id).bind(role).fetch_all(p).await?))
}

/// A session to store (the token itself is never stored, only its hash).
#[derive(Debug, Clone)]
pub struct NewSessionRow<'a> {
    pub token_hash: &'a str,
    /// The id the "your sessions" page names it by (not the token).
    pub public_id: &'a str,
    pub user_id: i64,
    pub now: OffsetDateTime,
    /// The absolute end of the session, whatever its activity.
    pub expires_at: OffsetDateTime,
    pub user_agent: &'a str,
    pub ip: &'a str,
    /// The password was right and a second factor is still to come.
    pub factor_pending: bool,
    /// A second factor was proven as the session started.
    pub factor_at: Option<OffsetDateTime>,
    /// External identity provider and assurance level, for a sign-in through one.
    pub provider: Option<&'a str>,
    pub acr: Option<&'a str>,
}

/// Stores a session under the hash of its token.
pub async fn create_session(tx: &mut Tx, s: &NewSessionRow<'_>) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO sessions (token_hash, public_id, user_id, created_at, expires_at, last_seen_at, \
         user_agent, ip, factor_pending, factor_at, proved_at, provider, acr) \
         VALUES ($1, $2, $3, $4, $5, $4, $6, $7, $8, $9, $4, $10, $11)",
    )
    .bind(s.token_hash)
    .bind(s.public_id)
    .bind(s.user_id)
    .bind(s.now)
    .bind(s.expires_at)
    .bind(s.user_agent)
    .bind(s.ip)
    .bind(s.factor_pending)
    .bind(s.factor_at)
    .bind(s.provider)
    .bind(s.acr)
    .execute(c)
    .await?.rows_affected());
    Ok(())
}

/// A stored session with its account: the caller decides, by policy and clock, whether
/// it is still alive.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub public_id: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub factor_pending: bool,
    pub factor_at: Option<OffsetDateTime>,
    pub proved_at: Option<OffsetDateTime>,
    pub provider: Option<String>,
    pub acr: Option<String>,
}

/// The session stored under `token_hash`, alive or not.
pub async fn session(db: &Db, token_hash: &str) -> Result<Option<SessionRow>> {
    const SQL: &str = concat!(
        "SELECT ",
        user_columns!(),
        ", s.public_id, s.created_at, s.expires_at, s.last_seen_at, s.factor_pending, s.factor_at, \
         s.proved_at, s.provider, s.acr FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1"
    );
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(token_hash).fetch_optional(p).await?))
}

/// Records activity on a session (called at most once a minute per session). A time of
/// last use is worth no wait for the disk: on PostgreSQL this commit does not wait for
/// its WAL flush.
pub async fn touch_session(db: &Db, token_hash: &str, now: OffsetDateTime, ip: &str) -> Result<()> {
    let mut tx = db.begin().await?;
    if let crate::TxInner::Postgres(t) = &mut tx.inner {
        sqlx::query("SET LOCAL synchronous_commit = off")
            .execute(&mut **t)
            .await?;
    }
    on_tx!(tx, c => sqlx::query("UPDATE sessions SET last_seen_at = $1, ip = $2 WHERE token_hash = $3 AND last_seen_at < $1")
        .bind(now)
        .bind(ip)
        .bind(token_hash)
        .execute(c)
        .await?.rows_affected());
    tx.commit().await?;
    Ok(())
}

/// Records a proof in a session: a second factor (`factor` true, which also ends a
/// pending sign-in) or the password again.
pub async fn prove_session(
    tx: &mut Tx,
    token_hash: &str,
    factor: bool,
    now: OffsetDateTime,
) -> Result<bool> {
    let sql = if factor {
        "UPDATE sessions SET factor_pending = FALSE, factor_at = $1, proved_at = $1, last_seen_at = $1 WHERE token_hash = $2"
    } else {
        "UPDATE sessions SET proved_at = $1, last_seen_at = $1 WHERE token_hash = $2 AND NOT factor_pending"
    };
    let n = on_tx!(tx, c => sqlx::query(sql).bind(now).bind(token_hash).execute(c).await?.rows_affected());
    Ok(n == 1)
}

/// A session as its owner sees it listed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionListRow {
    pub public_id: String,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub user_agent: String,
    pub ip: String,
    pub provider: Option<String>,
    pub factor_pending: bool,
}

/// An account's sessions, most recently used first (expired ones included: the caller
/// filters by policy).
pub async fn sessions_of(db: &Db, user_id: i64) -> Result<Vec<SessionListRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT public_id, created_at, last_seen_at, expires_at, user_agent, ip, provider, factor_pending \
         FROM sessions WHERE user_id = $1 ORDER BY last_seen_at DESC",
    )
    .bind(user_id)
    .fetch_all(p)
    .await?))
}

/// Ends one session.
pub async fn delete_session(tx: &mut Tx, token_hash: &str) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(c).await?.rows_affected());
    Ok(())
}

/// Ends one of the account's sessions by its public id; false when it has none such.
pub async fn delete_session_of(tx: &mut Tx, user_id: i64, public_id: &str) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND public_id = $2")
        .bind(user_id)
        .bind(public_id)
        .execute(c)
        .await?.rows_affected());
    Ok(n == 1)
}

/// Ends every session of an account, but the one given (`None`: all of them).
pub async fn delete_sessions_of(tx: &mut Tx, user_id: i64, except: Option<&str>) -> Result<u64> {
    let done = on_tx!(tx, c => sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(except.unwrap_or(""))
        .execute(c)
        .await?.rows_affected());
    Ok(done)
}

/// Switches an account off (`Some(now)`) or back on (`None`).
pub async fn set_disabled(tx: &mut Tx, user_id: i64, at: Option<OffsetDateTime>) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
        .bind(at)
        .bind(user_id)
        .execute(c)
        .await?.rows_affected());
    Ok(n == 1)
}

/// Records that the owner confirmed the address.
pub async fn set_email_verified(tx: &mut Tx, user_id: i64, at: OffsetDateTime) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE users SET email_verified_at = $1 WHERE id = $2 AND email_verified_at IS NULL")
        .bind(at)
        .bind(user_id)
        .execute(c)
        .await?.rows_affected());
    Ok(())
}

/// Takes away one role; false when the account did not hold it.
pub async fn revoke_role(
    tx: &mut Tx,
    user_id: i64,
    role: StaffRole,
    agency_id: Option<i64>,
) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "DELETE FROM staff_roles WHERE user_id = $1 AND role = $2 AND ((agency_id IS NULL AND $3 IS NULL) OR agency_id = $3)",
    )
    .bind(user_id)
    .bind(role.as_str())
    .bind(agency_id)
    .execute(c)
    .await?
    .rows_affected());
    Ok(n > 0)
}

/// Records a login attempt for throttling.
pub async fn record_login_attempt(
    tx: &mut Tx,
    email: &str,
    ip: &str,
    succeeded: bool,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query("INSERT INTO login_attempts (email, ip, succeeded, at) VALUES ($1, $2, $3, $4)")
        .bind(email)
        .bind(ip)
        .bind(succeeded)
        .bind(OffsetDateTime::now_utc())
        .execute(c)
        .await?.rows_affected());
    Ok(())
}

/// Failed logins since `since`, for one email and for one address.
pub async fn recent_failures(
    db: &Db,
    email: &str,
    ip: &str,
    since: OffsetDateTime,
) -> Result<(i64, i64)> {
    let by_email: i64 = on_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_attempts WHERE email = $1 AND at > $2 AND NOT succeeded",
    )
    .bind(email)
    .bind(since)
    .fetch_one(p)
    .await?);
    let by_ip: i64 = on_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_attempts WHERE ip = $1 AND at > $2 AND NOT succeeded",
    )
    .bind(ip)
    .bind(since)
    .fetch_one(p)
    .await?);
    Ok((by_email, by_ip))
}
