//! Accounts, staff roles, sessions and login attempts.

use gerbang_domain::accounts::{AccountKind, Email, StaffRole};
use gerbang_domain::i18n::Lang;
use time::{Duration, OffsetDateTime};

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

macro_rules! user_columns {
    () => {
        "u.id, u.email, u.password_hash, u.full_name, u.kind, u.locale, u.is_demo"
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

/// Stores a session under the hash of its token.
pub async fn create_session(
    tx: &mut Tx,
    token_hash: &str,
    user_id: i64,
    ttl: Duration,
) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    on_tx!(tx, c => sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(now + ttl)
        .execute(c)
        .await?.rows_affected());
    Ok(())
}

/// The account of a live session.
pub async fn session_user(db: &Db, token_hash: &str) -> Result<Option<UserRow>> {
    const SQL: &str = concat!(
        "SELECT ",
        user_columns!(),
        " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(SQL).bind(token_hash).bind(OffsetDateTime::now_utc()).fetch_optional(p).await?),
    )
}

/// Ends one session.
pub async fn delete_session(tx: &mut Tx, token_hash: &str) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(c).await?.rows_affected());
    Ok(())
}

/// Ends every session of an account (after a password change).
pub async fn delete_sessions_of(tx: &mut Tx, user_id: i64) -> Result<u64> {
    let done = on_tx!(tx, c => sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(c)
        .await?.rows_affected());
    Ok(done)
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
