//! Offboarding and support of staff accounts by their administrators: switch an account
//! off (its sessions and tokens stop at once) or back on, take a role away, reset a lost
//! second factor. Each is one transaction with its audit entry.

use gerbang_domain::accounts::StaffRole;
use gerbang_store::accounts as store;

use crate::App;
use crate::accounts::service::{Meta, NewAccount};
use crate::authz::{Action, Resource};
use crate::error::{AppError, ErrorKind};
use crate::notify::messages::{Message, queue_to_user};
use crate::user::SessionUser;

/// The decision on managing `target`: allowed for a platform administrator, or for an
/// administrator of an agency the target holds a role at. Nobody manages themselves here.
async fn may_manage(app: &App, admin: &SessionUser, target: i64) -> Result<(), AppError> {
    if target == admin.id {
        return Err(AppError::FORBIDDEN);
    }
    let user = store::user_by_id(&app.db, target)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    if user.kind()? != gerbang_domain::accounts::AccountKind::Staff {
        return Err(AppError::NOT_FOUND);
    }
    let roles = store::roles_of(&app.db, target).await?;
    let mut answer = crate::authz::check(Some(admin), Action::ManageStaff, Resource::Platform);
    for agency in roles.iter().filter_map(|g| g.agency_id) {
        if answer.is_ok() {
            break;
        }
        answer = crate::authz::check(Some(admin), Action::ManageStaff, Resource::Agency(agency));
    }
    // Someone who may manage nobody the target works with does not learn of them.
    answer.map_err(|e| match e.kind() {
        ErrorKind::Forbidden => AppError::NOT_FOUND,
        _ => e,
    })
}

/// Creates a staff account with its roles; the administrator must manage every agency
/// the roles are at (a platform role needs a platform administrator) and have proved who
/// they are in the last few minutes.
pub async fn create(
    app: &App,
    admin: &SessionUser,
    acc: &NewAccount,
    meta: &Meta,
) -> Result<i64, AppError> {
    for (role, agency) in &acc.roles {
        let resource = match (role, agency) {
            (StaffRole::PlatformAdmin, _) | (_, None) => Resource::Platform,
            (_, Some(slug)) => match gerbang_store::catalog::agency(&app.db, slug).await? {
                Some(a) => Resource::Agency(a.id),
                None => Resource::Platform,
            },
        };
        crate::authz::check(Some(admin), Action::ManageStaff, resource)?;
    }
    crate::accounts::service::create_account(app, acc, meta).await
}

/// Switches a staff account off (`disabled`) or back on. Off, its sessions end and its
/// API tokens are revoked in the same transaction.
pub async fn set_disabled(
    app: &App,
    admin: &SessionUser,
    target: i64,
    disabled: bool,
    meta: &Meta,
) -> Result<(), AppError> {
    may_manage(app, admin, target).await?;
    let mut tx = app.db.begin().await?;
    store::set_disabled(&mut tx, target, disabled.then(|| app.clock.now())).await?;
    let (sessions, tokens) = if disabled {
        (
            store::delete_sessions_of(&mut tx, target, None).await?,
            gerbang_store::api_tokens::revoke_all_of(&mut tx, target).await?,
        )
    } else {
        (0, 0)
    };
    let action = if disabled {
        "account.disable"
    } else {
        "account.enable"
    };
    meta.audit(action, &format!("user:{target}"))
        .details(serde_json::json!({ "sessions_ended": sessions, "tokens_revoked": tokens, "ip": meta.ip }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a role away from a staff member; 404 when they did not hold it.
pub async fn revoke_role(
    app: &App,
    admin: &SessionUser,
    target: i64,
    role: StaffRole,
    agency_id: Option<i64>,
    meta: &Meta,
) -> Result<(), AppError> {
    if target == admin.id {
        return Err(AppError::FORBIDDEN);
    }
    let resource = match agency_id {
        Some(a) => Resource::Agency(a),
        None => Resource::Platform,
    };
    crate::authz::check(Some(admin), Action::ManageStaff, resource)?;
    let mut tx = app.db.begin().await?;
    if !store::revoke_role(&mut tx, target, role, agency_id).await? {
        return Err(AppError::NOT_FOUND);
    }
    meta.audit("account.role_revoke", &format!("user:{target}"))
        .details(
            serde_json::json!({ "role": role.as_str(), "agency_id": agency_id, "ip": meta.ip }),
        )
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a staff member's second factor (lost phone): they enrol a new one at their
/// next sign-in. Their sessions end and their tokens are revoked.
pub async fn reset_second_factor(
    app: &App,
    admin: &SessionUser,
    target: i64,
    meta: &Meta,
) -> Result<(), AppError> {
    may_manage(app, admin, target).await?;
    let mut tx = app.db.begin().await?;
    let had = gerbang_store::second_factors::remove(&mut tx, target).await?;
    let sessions = store::delete_sessions_of(&mut tx, target, None).await?;
    let tokens = gerbang_store::api_tokens::revoke_all_of(&mut tx, target).await?;
    queue_to_user(
        &mut tx,
        &app.config,
        target,
        &Message::new("second-factor-reset"),
    )
    .await?;
    meta.audit("account.second_factor_reset", &format!("user:{target}"))
        .details(serde_json::json!({ "had_factor": had, "sessions_ended": sessions, "tokens_revoked": tokens, "ip": meta.ip }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
