//! The complaint back office: the inbox of the agencies a staff member handles
//! complaints for, and the complaint page with triage and answer forms.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_app::complaints::service;
use gerbang_store::catalog::AgencyRow;
use serde::Deserialize;

use super::html::{ActForm, ShowPage, show_page};
use super::{Line, lines};
use crate::AppState;
use crate::authz::{Action, Resource, allows};
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::{CsrfForm, FormErrors};
use crate::http::pages::{SignedIn, meta, render, translate};

/// Filters of the inbox.
#[derive(Debug, Deserialize, Default)]
pub struct InboxQuery {
    #[serde(default)]
    pub agency: String,
    /// `all` to include closed ones.
    #[serde(default)]
    pub show: String,
}

#[derive(Template)]
#[template(path = "complaints/inbox.html")]
struct InboxPage {
    ctx: RequestCtx,
    link_base: &'static str,
    agencies: Vec<AgencyRow>,
    agency: AgencyRow,
    lines: Vec<Line>,
    all: bool,
}

/// `GET /backoffice/complaints`: complaints the chosen agency handles, earliest deadline first.
pub async fn inbox(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Query(q): Query<InboxQuery>,
) -> Result<Response, WebError> {
    let catalogue = state.catalogue().await?;
    let agencies: Vec<AgencyRow> = catalogue
        .agencies
        .iter()
        .filter(|a| allows(Some(&user), Action::ViewComplaints, Resource::Agency(a.id)))
        .cloned()
        .collect();
    let Some(agency) = agencies
        .iter()
        .find(|a| a.slug == q.agency)
        .or_else(|| agencies.first())
        .cloned()
    else {
        return Err(AppError::FORBIDDEN.into());
    };
    let all = q.show == "all";
    let rows = service::inbox(&state, &user, &agency, !all).await?;
    let today = agency.zone().date(state.clock.now());
    let lines = lines(&ctx, rows, &catalogue.agencies, today, false);
    render(&InboxPage {
        ctx,
        link_base: "/backoffice/complaints/",
        agencies,
        agency,
        lines,
        all,
    })
}

#[derive(Template)]
#[template(path = "complaints/staff.html")]
struct StaffPage {
    ctx: RequestCtx,
    errors: FormErrors,
    page: ShowPage,
    agencies: Vec<AgencyRow>,
    may: Vec<&'static str>,
}

async fn staff_page(
    state: &AppState,
    ctx: RequestCtx,
    reference: &str,
    done: Option<&str>,
    errors: FormErrors,
) -> Result<StaffPage, WebError> {
    let page = show_page(state, ctx, reference, None, done, errors).await?;
    if !page.view.staff {
        return Err(AppError::NOT_FOUND.into());
    }
    let catalogue = state.catalogue().await?;
    let may = page.view.steps.iter().map(|s| s.as_str()).collect();
    Ok(StaffPage {
        ctx: page.ctx.clone(),
        errors: page.errors.clone(),
        page,
        agencies: catalogue.agencies.clone(),
        may,
    })
}

/// `?done=`.
#[derive(Debug, Deserialize, Default)]
pub struct DoneQuery {
    pub done: Option<String>,
}

/// `GET /backoffice/complaints/{reference}`: the whole complaint for the staff handling it
/// (the read is audited); the complainant's identity only where the decision allows.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(_user): SignedIn,
    Path(reference): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    render(
        &staff_page(
            &state,
            ctx,
            &reference,
            q.done.as_deref(),
            FormErrors::default(),
        )
        .await?,
    )
}

/// `POST /backoffice/complaints/{reference}/act`: verify, assign, reject, merge, answer.
pub async fn act(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
    CsrfForm(form): CsrfForm<ActForm>,
) -> Result<Response, WebError> {
    let Some(act) = form.act() else {
        return Err(AppError::Kind(gerbang_app::ErrorKind::BadRequest).into());
    };
    match service::act(&state, Some(&user), &reference, None, act, &meta(&ctx)).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/backoffice/complaints/{reference}?done={}",
            form.step
        ))
        .into_response()),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let page = staff_page(&state, ctx, &reference, None, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

impl StaffPage {
    fn can(&self, step: &str) -> bool {
        self.may.contains(&step)
    }
}
