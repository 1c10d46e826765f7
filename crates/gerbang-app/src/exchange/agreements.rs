//! Access agreements: proposed by an administrator of either agency, approved by an
//! administrator of the other, revocable by either. One person never approves both sides.

use gerbang_domain::exchange::{self as rule, ApprovalRefused};
use gerbang_store::exchange::{self as store, AgreementRow, NewAgreement, Side};
use time::Date;

use crate::App;
use crate::accounts::service::Meta;
use crate::authz::{Action, Resource, allows, check};
use crate::error::{AppError, ErrorKind, FieldProblem};
use crate::user::SessionUser;

/// The terms an administrator proposes.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub data_service_id: i64,
    pub consumer_agency_id: i64,
    pub purposes: Vec<String>,
    pub fields: Vec<String>,
    pub valid_from: Date,
    pub valid_until: Date,
}

/// Checks proposed terms against the data service: each problem as its field's error.
pub(crate) fn check_terms(
    service: &gerbang_store::exchange::DataServiceRow,
    purposes: &[String],
    fields: &[String],
    valid_from: Date,
    valid_until: Date,
) -> Result<(), AppError> {
    let def: gerbang_domain::exchange::DataServiceDef =
        serde_json::from_str(&service.definition).map_err(|e| AppError::Internal(e.to_string()))?;
    let problems = rule::check_terms(&def, purposes, fields, valid_from, valid_until);
    if problems.is_empty() {
        return Ok(());
    }
    Err(AppError::Invalid(
        problems
            .into_iter()
            .map(|f| FieldProblem::new(f, &format!("error-agreement-{}", f.replace('_', "-"))))
            .collect(),
    ))
}

fn may_manage(user: &SessionUser, agency: i64) -> bool {
    allows(
        Some(user),
        Action::ManageDataAgreements,
        Resource::Agency(agency),
    )
}

/// Proposes an agreement, approved at once on the proposer's side (the consumer's when they
/// administer both agencies: the provider's side then needs another administrator).
pub async fn propose(
    app: &App,
    user: &SessionUser,
    p: &Proposal,
    meta: &Meta,
) -> Result<i64, AppError> {
    let service = store::service_by_id(&app.db, p.data_service_id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let consumer_side = may_manage(user, p.consumer_agency_id);
    let side_agency = if consumer_side {
        p.consumer_agency_id
    } else {
        service.agency_id
    };
    check(
        Some(user),
        Action::ManageDataAgreements,
        Resource::Agency(side_agency),
    )?;
    let cat = app.catalogue().await?;
    if !cat.agencies.iter().any(|a| a.id == p.consumer_agency_id) {
        return Err(AppError::Invalid(vec![FieldProblem::new(
            "consumer",
            "error-agreement-consumer",
        )]));
    }
    if p.consumer_agency_id == service.agency_id {
        return Err(AppError::Invalid(vec![FieldProblem::new(
            "consumer",
            "error-agreement-consumer",
        )]));
    }
    check_terms(
        &service,
        &p.purposes,
        &p.fields,
        p.valid_from,
        p.valid_until,
    )?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let id = store::insert_agreement(
        &mut tx,
        &NewAgreement {
            data_service_id: service.id,
            consumer_agency_id: Some(p.consumer_agency_id),
            consumer_peer: None,
            purposes: &p.purposes.join(" "),
            fields: &p.fields.join(" "),
            valid_from: p.valid_from,
            valid_until: p.valid_until,
            proposed_by: user.id,
            now,
        },
    )
    .await?;
    let side = if consumer_side {
        Side::Consumer
    } else {
        Side::Provider
    };
    store::approve(&mut tx, id, side, user.id, now).await?;
    meta.audit("agreement.proposed", &format!("agreement:{id}"))
        .agency(side_agency)
        .details(serde_json::json!({
            "data_service": format!("{}/{}", service.agency_slug, service.slug),
            "consumer_agency_id": p.consumer_agency_id,
            "purposes": p.purposes,
            "fields": p.fields,
            "valid_from": p.valid_from.to_string(),
            "valid_until": p.valid_until.to_string(),
        }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// The side of `g` the user administers and may still approve, if any.
pub fn pending_side(user: &SessionUser, g: &AgreementRow) -> Option<Side> {
    if g.revoked_at.is_some() {
        return None;
    }
    let consumer = g.consumer_agency_id?;
    if g.consumer_approved_at.is_none()
        && may_manage(user, consumer)
        && g.provider_approved_by != Some(user.id)
    {
        Some(Side::Consumer)
    } else if g.provider_approved_at.is_none()
        && may_manage(user, g.provider_agency_id)
        && g.consumer_approved_by != Some(user.id)
    {
        Some(Side::Provider)
    } else {
        None
    }
}

/// Whether the user may revoke `g` (an administrator of either side).
pub fn may_revoke(user: &SessionUser, g: &AgreementRow) -> bool {
    g.revoked_at.is_none()
        && (may_manage(user, g.provider_agency_id)
            || g.consumer_agency_id.is_some_and(|c| may_manage(user, c)))
}

/// Approves the side of an agreement the user administers.
pub async fn approve(app: &App, user: &SessionUser, id: i64, meta: &Meta) -> Result<(), AppError> {
    let g = store::agreement(&app.db, id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let parties = [Some(g.provider_agency_id), g.consumer_agency_id];
    if !parties.into_iter().flatten().any(|a| may_manage(user, a)) {
        return Err(AppError::NOT_FOUND);
    }
    let (side, agency) = match g.consumer_agency_id {
        Some(c) if may_manage(user, c) && g.consumer_approved_at.is_none() => (Side::Consumer, c),
        _ => (Side::Provider, g.provider_agency_id),
    };
    check(
        Some(user),
        Action::ManageDataAgreements,
        Resource::Agency(agency),
    )?;
    let (other, this) = match side {
        Side::Consumer => (g.provider_approved_by, g.consumer_approved_at.is_some()),
        Side::Provider => (g.consumer_approved_by, g.provider_approved_at.is_some()),
    };
    match rule::may_approve(other, this, g.revoked_at.is_some(), user.id) {
        Ok(()) => {}
        Err(ApprovalRefused::SamePerson) => return Err(AppError::Kind(ErrorKind::Forbidden)),
        Err(ApprovalRefused::NotPending) => return Err(AppError::Kind(ErrorKind::Conflict)),
    }
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if !store::approve(&mut tx, id, side, user.id, now).await? {
        return Err(AppError::Kind(ErrorKind::Conflict));
    }
    meta.audit("agreement.approved", &format!("agreement:{id}"))
        .agency(agency)
        .details(serde_json::json!({
            "side": if side == Side::Provider { "provider" } else { "consumer" },
        }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Revokes an agreement: calls under it are refused from now on.
pub async fn revoke(app: &App, user: &SessionUser, id: i64, meta: &Meta) -> Result<(), AppError> {
    let g = store::agreement(&app.db, id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let agency = [Some(g.provider_agency_id), g.consumer_agency_id]
        .into_iter()
        .flatten()
        .find(|a| may_manage(user, *a))
        .ok_or(AppError::NOT_FOUND)?;
    check(
        Some(user),
        Action::ManageDataAgreements,
        Resource::Agency(agency),
    )?;
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if !store::revoke(&mut tx, id, user.id, now).await? {
        return Err(AppError::Kind(ErrorKind::Conflict));
    }
    meta.audit("agreement.revoked", &format!("agreement:{id}"))
        .agency(agency)
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Switches one of the agency's data services on or off.
pub async fn set_enabled(
    app: &App,
    user: &SessionUser,
    data_service_id: i64,
    enabled: bool,
    meta: &Meta,
) -> Result<(), AppError> {
    let s = store::service_by_id(&app.db, data_service_id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    check(
        Some(user),
        Action::ManageDataAgreements,
        Resource::Agency(s.agency_id),
    )?;
    let mut tx = app.db.begin().await?;
    store::set_enabled(&mut tx, s.id, enabled).await?;
    meta.audit(
        if enabled {
            "data_service.enabled"
        } else {
            "data_service.disabled"
        },
        &format!("data_service:{}/{}", s.agency_slug, s.slug),
    )
    .agency(s.agency_id)
    .append(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The agreements an agency is a party to, for its administrators and auditors.
pub async fn of_agency(
    app: &App,
    user: &SessionUser,
    agency_id: i64,
) -> Result<Vec<AgreementRow>, AppError> {
    check(
        Some(user),
        Action::ReadExchangeLog,
        Resource::Agency(agency_id),
    )?;
    Ok(store::agreements_of(&app.db, agency_id).await?)
}
