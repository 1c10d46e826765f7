//! The HTTP edge of the one authorisation decision, [`gerbang_domain::authz::can`]: the
//! actor comes from the session or token, and a refusal becomes the answer it gets
//! (401 sign in, 404 someone else's, 403 a missing role or separation of duties).
//! No rule lives here.

pub use gerbang_domain::authz::{Action, CaseFacts, Denied, Move, Resource};

use crate::error::{AppError, ErrorKind};
use crate::user::SessionUser;

/// Asks the decision; `Err` is the HTTP answer to give.
pub fn check(
    user: Option<&SessionUser>,
    action: Action,
    resource: Resource<'_>,
) -> Result<(), AppError> {
    let actor = user.map(SessionUser::actor);
    gerbang_domain::authz::can(actor.as_ref(), action, resource).map_err(refusal)
}

/// True when the decision allows it, perhaps after the person confirms who they are
/// (for what a page offers).
pub fn allows(user: Option<&SessionUser>, action: Action, resource: Resource<'_>) -> bool {
    let actor = user.map(SessionUser::actor);
    match gerbang_domain::authz::can(actor.as_ref(), action, resource) {
        Ok(()) => true,
        Err(d) => d.after_proof(),
    }
}

/// True when the decision allows `action` on the platform or on at least one agency the
/// user holds a role at: whether a page that lists such agencies is worth linking to.
pub fn allows_somewhere(user: Option<&SessionUser>, action: Action) -> bool {
    let Some(u) = user else { return false };
    allows(Some(u), action, Resource::Platform)
        || u.roles
            .iter()
            .filter_map(|g| g.agency_id)
            .any(|agency| allows(Some(u), action, Resource::Agency(agency)))
}

/// How a refusal is answered.
pub fn refusal(d: Denied) -> AppError {
    match d {
        Denied::SignInRequired => AppError::Kind(ErrorKind::Unauthorized),
        Denied::NotFound => AppError::NOT_FOUND,
        Denied::Forbidden | Denied::SeparationOfDuties => AppError::FORBIDDEN,
        Denied::SecondFactorRequired => AppError::Kind(ErrorKind::SecondFactorRequired),
        Denied::ProofTooOld => AppError::Kind(ErrorKind::ProofTooOld),
        Denied::InsufficientScope => AppError::Kind(ErrorKind::InsufficientScope),
    }
}
