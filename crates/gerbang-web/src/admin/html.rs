//! Staff management pages for agency and platform administrators.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use gerbang_store::catalog::{self as catalog_store, AgencyRow};
use serde::Deserialize;

use crate::AppState;
use crate::accounts::service::NewAccount;
use crate::authz::{Action, Resource, allows};
use crate::error::{AppError, FieldProblem, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::{CsrfForm, FormErrors};
use crate::http::pages::render;
use crate::http::pages::{DoneQuery, SignedIn, meta, translate};

/// What the new-staff form sends.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StaffForm {
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    role: String,
}

/// Roles an agency administrator may grant.
const GRANTABLE: [StaffRole; 5] = [
    StaffRole::Officer,
    StaffRole::Supervisor,
    StaffRole::Cashier,
    StaffRole::AgencyAdmin,
    StaffRole::Auditor,
];

#[derive(Template)]
#[template(path = "admin/staff.html")]
struct StaffPage {
    ctx: RequestCtx,
    agencies: Vec<AgencyRow>,
    staff: Vec<StaffLine>,
    form: StaffForm,
    errors: FormErrors,
    notice: Option<String>,
    roles: Vec<(&'static str, String)>,
}

/// One role of one staff member, as the table lists it.
pub struct StaffLine {
    pub user_id: i64,
    pub full_name: String,
    pub email: String,
    pub agency: String,
    pub agency_id: i64,
    pub role: String,
    pub role_label: String,
    pub disabled: bool,
    /// The administrator looking is this person (no actions on oneself).
    pub is_me: bool,
}

async fn page(
    state: &AppState,
    ctx: RequestCtx,
    form: StaffForm,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<StaffPage, AppError> {
    let agencies: Vec<AgencyRow> = state
        .catalogue()
        .await?
        .agencies
        .iter()
        .filter(|a| {
            allows(
                ctx.user.as_deref(),
                Action::ManageStaff,
                Resource::Agency(a.id),
            )
        })
        .cloned()
        .collect();
    let mut staff = Vec::new();
    let me = ctx.user.as_ref().map(|u| u.id);
    for a in &agencies {
        for row in gerbang_store::accounts::staff_of(&state.db, a.id).await? {
            staff.push(StaffLine {
                user_id: row.user.id,
                full_name: row.user.full_name,
                email: row.user.email,
                agency: a.name(ctx.lang).to_owned(),
                agency_id: a.id,
                role_label: ctx.t(&format!("role-{}", row.role)),
                role: row.role,
                disabled: row.user.disabled_at.is_some(),
                is_me: me == Some(row.user.id),
            });
        }
    }
    let roles = GRANTABLE
        .iter()
        .map(|r| (r.as_str(), ctx.t(&format!("role-{}", r.as_str()))))
        .collect();
    Ok(StaffPage {
        ctx,
        agencies,
        staff,
        form,
        errors,
        notice,
        roles,
    })
}

/// `GET /admin/staff`: staff of the agencies this administrator manages.
pub async fn staff(
    State(state): State<AppState>,
    ctx: RequestCtx,
    _: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let p = page(
        &state,
        ctx,
        StaffForm::default(),
        FormErrors::default(),
        None,
    )
    .await?;
    if p.agencies.is_empty() {
        return Err(AppError::FORBIDDEN.into());
    }
    let notice = match q.done.as_deref() {
        Some("created") => Some(p.ctx.t("notice-staff-created")),
        Some("disabled") => Some(p.ctx.t("notice-staff-disabled")),
        Some("enabled") => Some(p.ctx.t("notice-staff-enabled")),
        Some("factor-reset") => Some(p.ctx.t("notice-staff-factor-reset")),
        Some("role-revoked") => Some(p.ctx.t("notice-staff-role-revoked")),
        _ => None,
    };
    render(&StaffPage { notice, ..p })
}

/// `POST /admin/staff`: creates a staff account with one role at one agency.
pub async fn create_staff(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(admin): SignedIn,
    CsrfForm(form): CsrfForm<StaffForm>,
) -> Result<Response, WebError> {
    let agency = catalog_store::agency(&state.db, &form.agency).await?;
    let role = StaffRole::parse(&form.role).filter(|r| GRANTABLE.contains(r));
    let allowed = agency.as_ref().is_some_and(|a| {
        allows(
            ctx.user.as_deref(),
            Action::ManageStaff,
            Resource::Agency(a.id),
        )
    });
    let mut problems = Vec::new();
    if !allowed {
        problems.push(FieldProblem::new("agency", "error-agency-required"));
    }
    if role.is_none() {
        problems.push(FieldProblem::new("role", "error-role-required"));
    }
    let result = match (role, problems.is_empty()) {
        (Some(role), true) => {
            // Left empty, nobody knows the first password: the new staff member sets
            // their own through the claim link emailed to them (ASVS 6.4.6).
            let password = if form.password.is_empty() {
                format!("unclaimed {}", crate::http::context::new_token())
            } else {
                form.password.clone()
            };
            let acc = NewAccount {
                email: form.email.clone(),
                full_name: form.full_name.clone(),
                password,
                kind: AccountKind::Staff,
                roles: vec![(role, Some(form.agency.clone()))],
                is_demo: false,
                lang: ctx.lang,
                welcome: Some("staff-account"),
            };
            gerbang_app::accounts::staff::create(&state, &admin, &acc, &meta(&ctx))
                .await
                .map(|_| ())
        }
        _ => Err(AppError::Invalid(problems)),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/admin/staff?done=created").into_response()),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let form = StaffForm {
                password: String::new(),
                ..form
            };
            let p = page(&state, ctx, form, errors, None).await?;
            if p.agencies.is_empty() {
                return Err(AppError::FORBIDDEN.into());
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The form carries only the anti-forgery token.
#[derive(Debug, Deserialize)]
pub struct Empty {}

/// `POST /admin/staff/{id}/disable`: the account's sessions and tokens stop at once.
pub async fn disable(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(admin): SignedIn,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    gerbang_app::accounts::staff::set_disabled(&state, &admin, id, true, &meta(&ctx)).await?;
    Ok(Redirect::to("/admin/staff?done=disabled").into_response())
}

/// `POST /admin/staff/{id}/enable`.
pub async fn enable(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(admin): SignedIn,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    gerbang_app::accounts::staff::set_disabled(&state, &admin, id, false, &meta(&ctx)).await?;
    Ok(Redirect::to("/admin/staff?done=enabled").into_response())
}

/// `POST /admin/staff/{id}/second-factor/reset`: for a lost phone.
pub async fn reset_factor(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(admin): SignedIn,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    gerbang_app::accounts::staff::reset_second_factor(&state, &admin, id, &meta(&ctx)).await?;
    Ok(Redirect::to("/admin/staff?done=factor-reset").into_response())
}

/// What the revoke-role form sends.
#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    role: String,
    agency_id: i64,
}

/// `POST /admin/staff/{id}/roles/revoke`.
pub async fn revoke_role(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(admin): SignedIn,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RevokeForm>,
) -> Result<Response, WebError> {
    let role = StaffRole::parse(&form.role).ok_or(AppError::NOT_FOUND)?;
    gerbang_app::accounts::staff::revoke_role(
        &state,
        &admin,
        id,
        role,
        Some(form.agency_id),
        &meta(&ctx),
    )
    .await?;
    Ok(Redirect::to("/admin/staff?done=role-revoked").into_response())
}
