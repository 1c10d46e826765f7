//! Staff management pages for agency and platform administrators.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use gerbang_store::accounts::UserRow;
use gerbang_store::catalog::{self as catalog_store, AgencyRow};
use serde::Deserialize;

use crate::AppState;
use crate::accounts::service::{self, NewAccount};
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
const GRANTABLE: [StaffRole; 4] = [
    StaffRole::Officer,
    StaffRole::Supervisor,
    StaffRole::Cashier,
    StaffRole::AgencyAdmin,
];

#[derive(Template)]
#[template(path = "admin/staff.html")]
struct StaffPage {
    ctx: RequestCtx,
    agencies: Vec<AgencyRow>,
    staff: Vec<(String, UserRow, String)>,
    form: StaffForm,
    errors: FormErrors,
    notice: Option<String>,
    roles: Vec<(&'static str, String)>,
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
    for a in &agencies {
        for row in gerbang_store::accounts::staff_of(&state.db, a.id).await? {
            let role = ctx.t(&format!("role-{}", row.role));
            staff.push((a.name(ctx.lang).to_owned(), row.user, role));
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
    let notice = q
        .done
        .as_deref()
        .filter(|d| *d == "created")
        .map(|_| p.ctx.t("notice-staff-created"));
    render(&StaffPage { notice, ..p })
}

/// `POST /admin/staff`: creates a staff account with one role at one agency.
pub async fn create_staff(
    State(state): State<AppState>,
    ctx: RequestCtx,
    _: SignedIn,
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
            let acc = NewAccount {
                email: form.email.clone(),
                full_name: form.full_name.clone(),
                password: form.password.clone(),
                kind: AccountKind::Staff,
                roles: vec![(role, Some(form.agency.clone()))],
                is_demo: false,
                lang: ctx.lang,
                welcome: Some("staff-account"),
            };
            service::create_account(&state.db, &state.config, &acc, &meta(&ctx))
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
