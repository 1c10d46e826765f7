//! The account acting in a request or job: who they are and the roles they hold, and the
//! random tokens that identify sessions and API clients.

use base64::Engine as _;
use gerbang_domain::accounts::{AccountKind, Scope};
use gerbang_domain::authz::{Actor, Grant, Proof};
use gerbang_store::accounts::RoleGrant;
use sha2::{Digest, Sha256};

/// The signed-in account, with its roles.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub kind: AccountKind,
    /// The roles as stored, with agency slugs for display.
    pub roles: Vec<RoleGrant>,
    /// The same roles as the authorisation decision reads them.
    grants: Vec<Grant>,
    /// What the request's credential proves.
    pub credential: Credential,
}

/// What a request's credential proves, as [`Proof`] without borrowing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// A second factor was proven in this session, or none is needed.
    pub second_factor: bool,
    /// The password or second factor was proven in the last few minutes.
    pub recent: bool,
    /// An API token's scopes; `None` for a browser session.
    pub scopes: Option<Vec<Scope>>,
    /// The identity provider the session signed in through, and the assurance level it
    /// vouched for (`acr`).
    pub provider: Option<String>,
    pub acr: Option<String>,
}

impl Credential {
    /// Everything proven just now: the command line, background jobs, tests.
    pub fn full() -> Credential {
        Credential {
            second_factor: true,
            recent: true,
            scopes: None,
            provider: None,
            acr: None,
        }
    }

    /// An API token with these scopes.
    pub fn token(scopes: Vec<Scope>) -> Credential {
        Credential {
            second_factor: true,
            recent: false,
            scopes: Some(scopes),
            provider: None,
            acr: None,
        }
    }
}

impl SessionUser {
    /// The account of a session or token, with its roles.
    pub fn new(
        id: i64,
        kind: AccountKind,
        email: String,
        full_name: String,
        roles: Vec<RoleGrant>,
        credential: Credential,
    ) -> SessionUser {
        let grants = roles
            .iter()
            .map(|g| Grant {
                role: g.role,
                agency: g.agency_id,
            })
            .collect();
        SessionUser {
            id,
            email,
            full_name,
            kind,
            roles,
            grants,
            credential,
        }
    }

    /// The actor this account is to [`gerbang_domain::authz::can`].
    pub fn actor(&self) -> Actor<'_> {
        Actor {
            id: self.id,
            kind: self.kind,
            grants: &self.grants,
            proof: Proof {
                second_factor: self.credential.second_factor,
                recent: self.credential.recent,
                scopes: self.credential.scopes.as_deref(),
            },
        }
    }

    /// True for public servants.
    pub fn is_staff(&self) -> bool {
        self.kind == AccountKind::Staff
    }
}

/// SHA-256 of a token, hex-encoded: what the database stores instead of the token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A fresh random token (256 bits, URL-safe base64).
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The command line (demo seeding, operator tools) acting as the account with `email`,
/// as if it had just signed in with every proof. Never reachable from a request.
pub async fn acting_as(app: &crate::App, email: &str) -> Result<SessionUser, crate::AppError> {
    let address = gerbang_domain::accounts::Email::parse(email)
        .map_err(|e| crate::AppError::Internal(format!("{email}: {e}")))?;
    let Some(u) = gerbang_store::accounts::user_by_email(&app.db, &address).await? else {
        return Err(crate::AppError::NOT_FOUND);
    };
    let kind = AccountKind::parse(&u.kind).unwrap_or(AccountKind::Citizen);
    let roles = gerbang_store::accounts::roles_of(&app.db, u.id).await?;
    Ok(SessionUser::new(
        u.id,
        kind,
        u.email,
        u.full_name,
        roles,
        Credential::full(),
    ))
}
