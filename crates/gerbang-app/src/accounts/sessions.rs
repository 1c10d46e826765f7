//! Sessions: how one starts, what keeps it alive (an idle timeout, shorter for staff, and
//! an absolute lifetime), what it proves (second factor, a recent proof, an identity
//! provider's assurance level) and how its owner sees and ends them.

use gerbang_domain::accounts::AccountKind;
use gerbang_domain::i18n::Lang;
use gerbang_store::Tx;
use gerbang_store::accounts::{self as store, NewSessionRow, SessionListRow, SessionRow};
use time::{Duration, OffsetDateTime};

use crate::accounts::service::Meta;
use crate::error::AppError;
use crate::user::{Credential, SessionUser, new_token, token_hash};
use crate::{App, Config};

/// How often a session's last use is written down (not on every request).
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// A fresh session: the cookie value (the database only keeps its hash).
#[derive(Debug)]
pub struct NewSession {
    pub token: String,
    pub user_id: i64,
    /// What the person must do before the session is of use.
    pub next: NextStep,
}

/// Where a sign-in goes on from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Signed in: go where you were going.
    Ready,
    /// The password was right; now the second factor.
    SecondFactor,
    /// Signed in, but this account must enrol a second factor before it does anything.
    Enrol,
}

/// How a session began.
#[derive(Debug, Clone, Copy, Default)]
pub struct Start<'a> {
    /// The second factor is still to come.
    pub pending: bool,
    /// A second factor was proven to start it.
    pub with_factor: bool,
    /// Signed in through an external identity provider, with its assurance level.
    pub provider: Option<&'a str>,
    pub acr: Option<&'a str>,
}

/// True when accounts of `kind` must prove a second factor before acting.
pub fn factor_required(config: &Config, kind: AccountKind) -> bool {
    match kind {
        AccountKind::Staff => true,
        AccountKind::Business => config.business_second_factor,
        AccountKind::Citizen => false,
    }
}

/// How long a session of `kind` may stay unused.
pub fn idle_limit(config: &Config, kind: AccountKind) -> Duration {
    Duration::minutes(match kind {
        AccountKind::Staff => config.staff_session_idle_minutes,
        AccountKind::Citizen | AccountKind::Business => config.session_idle_minutes,
    })
}

/// Whether a session is still alive at `now`: before its absolute end, used within its
/// idle limit, and its account not disabled.
pub fn alive(config: &Config, kind: AccountKind, row: &SessionRow, now: OffsetDateTime) -> bool {
    now < row.expires_at
        && now - row.last_seen_at < idle_limit(config, kind)
        && row.user.disabled_at.is_none()
}

/// Opens a session for `user_id` inside the caller's transaction: a fresh random token
/// for the cookie, only its hash stored.
pub async fn start(
    tx: &mut Tx,
    app: &App,
    user_id: i64,
    start: Start<'_>,
    meta: &Meta,
) -> Result<NewSession, AppError> {
    let token = new_token();
    let public_id = new_token();
    let now = app.clock.now();
    store::create_session(
        tx,
        &NewSessionRow {
            token_hash: &token_hash(&token),
            public_id: &public_id[..16],
            user_id,
            now,
            expires_at: now + Duration::hours(app.config.session_hours),
            user_agent: &meta.user_agent,
            ip: &meta.ip,
            factor_pending: start.pending,
            factor_at: start.with_factor.then_some(now),
            provider: start.provider,
            acr: start.acr,
        },
    )
    .await?;
    Ok(NewSession {
        token,
        user_id,
        next: NextStep::Ready,
    })
}

/// What a request's session cookie stands for.
#[derive(Debug)]
pub enum Resolved {
    /// A signed-in account, and its preferred language.
    Active { user: SessionUser, lang: Lang },
    /// The password was right; the second factor is still to come.
    Pending { user_id: i64, email: String },
}

/// The session stored under `hash`, if it is alive; records its use about once a minute.
pub async fn resolve(app: &App, hash: &str, ip: &str) -> Result<Option<Resolved>, AppError> {
    let Some(row) = store::session(&app.db, hash).await? else {
        return Ok(None);
    };
    let kind = row.user.kind()?;
    let now = app.clock.now();
    if !alive(&app.config, kind, &row, now) {
        return Ok(None);
    }
    if now - row.last_seen_at > TOUCH_EVERY {
        store::touch_session(&app.db, hash, now, ip).await?;
    }
    if row.factor_pending {
        return Ok(Some(Resolved::Pending {
            user_id: row.user.id,
            email: row.user.email,
        }));
    }
    // Roles are only ever granted to staff accounts.
    let roles = if kind == AccountKind::Staff {
        store::roles_of(&app.db, row.user.id).await?
    } else {
        Vec::new()
    };
    let credential = Credential {
        second_factor: row.factor_at.is_some() || !factor_required(&app.config, kind),
        recent: row
            .proved_at
            .is_some_and(|at| now - at < Duration::minutes(app.config.reauth_minutes)),
        scopes: None,
        provider: row.provider.clone(),
        acr: row.acr.clone(),
    };
    let lang = row.user.lang();
    let user = SessionUser::new(
        row.user.id,
        kind,
        row.user.email,
        row.user.full_name,
        roles,
        credential,
    );
    Ok(Some(Resolved::Active { user, lang }))
}

/// A session as its owner sees it listed.
#[derive(Debug, Clone)]
pub struct SessionLine {
    pub public_id: String,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    /// Browser and system, from the user agent, in a few words.
    pub device: String,
    pub ip: String,
    pub provider: Option<String>,
    /// The session this list is shown in.
    pub current: bool,
}

/// The account's live sessions, most recently used first.
pub async fn list(
    app: &App,
    user: &SessionUser,
    current_hash: Option<&str>,
) -> Result<Vec<SessionLine>, AppError> {
    let now = app.clock.now();
    let idle = idle_limit(&app.config, user.kind);
    let current_public = match current_hash {
        Some(h) => store::session(&app.db, h).await?.map(|s| s.public_id),
        None => None,
    };
    Ok(store::sessions_of(&app.db, user.id)
        .await?
        .into_iter()
        .filter(|s: &SessionListRow| {
            !s.factor_pending && now < s.expires_at && now - s.last_seen_at < idle
        })
        .map(|s| SessionLine {
            current: current_public.as_deref() == Some(s.public_id.as_str()),
            device: device_of(&s.user_agent),
            public_id: s.public_id,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            ip: s.ip,
            provider: s.provider,
        })
        .collect())
}

/// Ends one of the account's sessions (audited); 404 when it has none such.
pub async fn end_one(
    app: &App,
    user: &SessionUser,
    public_id: &str,
    meta: &Meta,
) -> Result<(), AppError> {
    let mut tx = app.db.begin().await?;
    if !store::delete_session_of(&mut tx, user.id, public_id).await? {
        return Err(AppError::NOT_FOUND);
    }
    meta.audit("account.session_end", &format!("user:{}", user.id))
        .details(serde_json::json!({ "session": public_id, "ip": meta.ip }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends every session of the account but the current one (audited); how many ended.
pub async fn end_others(
    app: &App,
    user: &SessionUser,
    current_hash: &str,
    meta: &Meta,
) -> Result<u64, AppError> {
    let mut tx = app.db.begin().await?;
    let n = store::delete_sessions_of(&mut tx, user.id, Some(current_hash)).await?;
    meta.audit("account.sessions_end_others", &format!("user:{}", user.id))
        .details(serde_json::json!({ "ended": n, "ip": meta.ip }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(n)
}

/// A few words for a user agent: "Firefox on Android", "Chrome on Windows". Unknown
/// agents are named by their first word, cut short.
pub fn device_of(user_agent: &str) -> String {
    let ua = user_agent;
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("OPR/") || ua.contains("Opera") {
        "Opera"
    } else if ua.contains("SamsungBrowser") {
        "Samsung Internet"
    } else if ua.contains("Firefox/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") || ua.contains("CriOS") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else {
        ""
    };
    let system = if ua.contains("Android") {
        "Android"
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        "iOS"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        "macOS"
    } else if ua.contains("CrOS") {
        "ChromeOS"
    } else if ua.contains("Linux") {
        "Linux"
    } else {
        ""
    };
    match (browser, system) {
        ("", "") => ua
            .split_whitespace()
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_control())
            .take(40)
            .collect(),
        (b, "") => b.to_owned(),
        ("", s) => s.to_owned(),
        (b, s) => format!("{b} · {s}"),
    }
}

#[cfg(test)]
mod tests {
    use super::device_of;

    #[test]
    fn devices_are_named_in_a_few_words() {
        assert_eq!(
            device_of(
                "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
            ),
            "Chrome · Android"
        );
        assert_eq!(
            device_of(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
            ),
            "Firefox · Windows"
        );
        assert_eq!(device_of("curl/8.5.0"), "curl/8.5.0");
        assert_eq!(device_of(""), "");
    }
}
