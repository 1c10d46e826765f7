//! The back office: an inbox per agency, the case page for staff, workflow actions.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_domain::catalog::ServiceDef;
use gerbang_domain::workflow::ActorRole;
use gerbang_store::applications::{self as store, CaseListRow, InboxFilter};
use gerbang_store::catalog::{self as catalog_store, ServiceRow};
use serde::Deserialize;

use crate::AppState;
use crate::applications::html::{
    EventView, Reader, action_label, answers, event_views, state_label,
};
use crate::applications::service::{self, CaseView};
use crate::authz::{Action, CaseFacts, Move, Resource, allows};
use crate::error::{AppError, ErrorKind, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::{CsrfForm, FormErrors};
use crate::http::pages::render;
use crate::http::pages::{DoneQuery, SignedIn, meta, translate};

/// Filters of the inbox.
#[derive(Debug, Deserialize, Default)]
pub struct InboxQuery {
    #[serde(default)]
    service: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    mine: String,
}

/// One inbox line.
pub struct InboxLine {
    pub row: CaseListRow,
    pub status: String,
    pub due: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "applications/inbox.html")]
struct InboxPage {
    ctx: RequestCtx,
    lines: Vec<InboxLine>,
    services: Vec<ServiceRow>,
    states: Vec<(String, String)>,
    q: InboxQuery,
}

/// `GET /backoffice`: cases the viewer's roles can act on, overdue first.
pub async fn inbox(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Query(q): Query<InboxQuery>,
) -> Result<Response, WebError> {
    let catalogue = state.catalogue().await?;
    let agencies: Vec<i64> = catalogue
        .agencies
        .iter()
        .filter(|a| allows(Some(&user), Action::ViewInbox, Resource::Agency(a.id)))
        .map(|a| a.id)
        .collect();
    if agencies.is_empty() {
        // A cashier's back office is the payments desk.
        if !crate::payments::service::payment_agencies(&state, &user)
            .await?
            .is_empty()
        {
            return Ok(Redirect::to("/backoffice/payments").into_response());
        }
        return Err(AppError::FORBIDDEN.into());
    }
    // The states where this viewer has something to do, across the agencies' services.
    let mut services = Vec::new();
    let mut states = BTreeSet::new();
    // A state's labels, from the services shown (several services may name it differently).
    let mut labels: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for agency_id in &agencies {
        for entry in catalogue.services_of(*agency_id, ctx.lang) {
            let (s, def) = (entry.row.clone(), &entry.def);
            {
                // Any case of this agency that the viewer neither applied for nor filed.
                let anyones = CaseFacts {
                    agency: *agency_id,
                    applicant: 0,
                    filed_by: 0,
                    money_recorded_by: &[],
                    decided_by: &[],
                };
                for t in &def.workflow.transitions {
                    let mv = Move {
                        role: t.role,
                        decides: def.workflow.decides(t),
                    };
                    let role_ok = t.role != ActorRole::Applicant
                        && allows(Some(&user), Action::Transition(mv), Resource::Case(anyones));
                    if role_ok {
                        states.insert(t.from.clone());
                        if q.service.is_empty() || q.service == s.slug {
                            labels
                                .entry(t.from.clone())
                                .or_default()
                                .insert(state_label(&ctx, def, &t.from));
                        }
                    }
                }
            }
            services.push(s);
        }
    }
    let wanted: Vec<String> = if q.state.is_empty() {
        states.iter().cloned().collect()
    } else {
        states.iter().filter(|s| **s == q.state).cloned().collect()
    };
    let filter = InboxFilter {
        agency_ids: agencies,
        states: wanted,
        service_slug: Some(q.service.clone()).filter(|s| !s.is_empty()),
        assignee_id: (q.mine == "on").then_some(user.id),
        limit: 200,
    };
    let today = service::platform_today(&state);
    let mut lines = Vec::new();
    // Definitions by (service, version), read once per page rather than once per line.
    let mut defs: HashMap<(i64, i32), Option<ServiceDef>> = HashMap::new();
    for row in store::inbox(&state.db, &filter).await? {
        let key = (row.case.service_id, row.case.service_version);
        if let std::collections::hash_map::Entry::Vacant(slot) = defs.entry(key) {
            slot.insert(match catalogue.at_version(key.0, key.1) {
                Some(e) => Some(ServiceDef::clone(&e.def)),
                None => catalog_store::service_definition(&state.db, key.0, key.1).await?,
            });
        }
        let status = match defs.get(&key).and_then(Option::as_ref) {
            Some(def) => state_label(&ctx, def, &row.case.status),
            None => row.case.status.clone(),
        };
        let overdue = row.case.due_date.is_some_and(|d| d < today);
        let due = row.case.due_date.map(|d| ctx.date(&d)).unwrap_or_default();
        lines.push(InboxLine {
            row,
            status,
            due,
            overdue,
        });
    }
    let states = labels
        .into_iter()
        .map(|(state, names)| (state, names.into_iter().collect::<Vec<_>>().join(" / ")))
        .collect();
    render(&InboxPage {
        ctx,
        lines,
        services,
        states,
        q,
    })
}

#[derive(Template)]
#[template(path = "applications/staff_case.html")]
struct StaffCasePage {
    ctx: RequestCtx,
    view: CaseView,
    service_name: String,
    status: String,
    notice: Option<String>,
    answers: Vec<(String, String, Option<String>)>,
    events: Vec<EventView>,
    actions: Vec<ActionView>,
    errors: FormErrors,
    comment: String,
    note: String,
    applicant: String,
    /// Who works the case, if anyone.
    assignee: Option<String>,
    /// The viewer works it.
    mine: bool,
    /// The viewer may take it into their queue.
    can_claim: bool,
    /// The issued document's page, once there is one.
    document: Option<String>,
    /// What was asked of other agencies for the case, and what the viewer may ask.
    exchanges: Vec<crate::exchange::CaseExchange>,
    askable: Vec<crate::exchange::Askable>,
    may_query: bool,
}

/// One action of the decision form.
pub struct ActionView {
    pub action: String,
    pub label: String,
    pub needs_comment: bool,
    /// Why it cannot be taken now (shown beside the disabled button).
    pub blocked: Option<String>,
}

async fn staff_case_page(
    state: &AppState,
    ctx: RequestCtx,
    view: CaseView,
    notice: Option<String>,
    errors: FormErrors,
    comment: String,
    note: String,
) -> Result<StaffCasePage, AppError> {
    let events = store::events(&state.db, view.case.id).await?;
    let attachments = store::attachments(&state.db, view.case.id).await?;
    let mut actions = Vec::new();
    for t in view
        .actions()
        .into_iter()
        .filter(|t| t.role != ActorRole::Applicant)
    {
        let unpaid = crate::payments::service::unpaid_for(state, &view, t).await?;
        actions.push(ActionView {
            action: t.action.clone(),
            label: action_label(&ctx, &view.def, &t.action),
            needs_comment: t.requires_comment,
            blocked: unpaid.then(|| ctx.t("case-action-needs-payment")),
        });
    }
    let mine = view.case.assignee_id == Some(ctx.user.as_ref().map_or(0, |u| u.id));
    let can_claim = !mine
        && allows(
            ctx.user.as_deref(),
            Action::ClaimCase,
            Resource::Case(view.facts()),
        )
        && !view.def.workflow.is_terminal(&view.case.status);
    let document = view
        .issued_document()
        .then(|| format!("/documents/by-case/{}", view.case.reference));
    let assignee = match view.case.assignee_id {
        Some(id) => gerbang_store::accounts::user_by_id(&state.db, id)
            .await?
            .map(|u| u.full_name),
        None => None,
    };
    let applicant = gerbang_store::accounts::user_by_id(&state.db, view.case.applicant_id)
        .await?
        .map(|u| format!("{} <{}>", u.full_name, u.email))
        .unwrap_or_default();
    let (exchanges, askable) =
        crate::exchange::for_case(state, &ctx, &view.case.reference, view.case.agency_id).await?;
    let may_query = allows(
        ctx.user.as_deref(),
        Action::QueryDataService,
        Resource::Case(view.facts()),
    );
    Ok(StaffCasePage {
        exchanges,
        askable,
        may_query,
        service_name: view.def.name.get(ctx.lang).to_owned(),
        status: state_label(&ctx, &view.def, &view.case.status),
        answers: answers(&ctx, &view, &attachments),
        events: event_views(&ctx, &view.def, &events, Reader::Staff),
        actions,
        notice,
        errors,
        comment,
        note,
        applicant,
        assignee,
        mine,
        can_claim,
        document,
        ctx,
        view,
    })
}

/// What the officer tells the citizen after filing at the counter: the reference, where
/// to follow it, whether a receipt went by email, and how a new account gets access.
async fn counter_receipt(
    state: &AppState,
    ctx: &RequestCtx,
    view: &service::CaseView,
    new_account: bool,
) -> Result<String, AppError> {
    let applicant = gerbang_store::accounts::user_by_id(&state.db, view.case.applicant_id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let args = |id: &str| {
        crate::i18n::t_args(
            ctx.lang,
            id,
            &[
                ("reference", view.case.reference.clone().into()),
                ("name", applicant.full_name.clone().into()),
                ("email", applicant.email.clone().into()),
                ("url", state.config.public_url.clone().into()),
            ],
        )
    };
    let mut text = args("notice-counter-filed");
    if state.config.mail_delivers {
        text.push(' ');
        text.push_str(&args("notice-counter-emailed"));
    }
    if new_account {
        text.push(' ');
        text.push_str(&args("notice-counter-new-account"));
    }
    Ok(text)
}

/// `GET /backoffice/cases/{reference}`: the case for staff (the read is audited).
pub async fn case(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let view = service::open(&state, &user, &reference, &meta(&ctx)).await?;
    if !view.staff_reader {
        return Err(AppError::NOT_FOUND.into());
    }
    let notice = match q.done.as_deref() {
        None => None,
        Some("claimed") => Some(ctx.t("notice-claimed")),
        Some("note") => Some(ctx.t("notice-note-added")),
        Some(
            d @ ("exchange-answered"
            | "exchange-not-found"
            | "exchange-refused"
            | "exchange-unreachable"),
        ) => Some(ctx.t(&format!("case-data-query-{}", &d["exchange-".len()..]))),
        Some(d @ ("counter" | "counter-new")) => {
            Some(counter_receipt(&state, &ctx, &view, d == "counter-new").await?)
        }
        Some(_) => Some(ctx.t("notice-action-done")),
    };
    render(
        &staff_case_page(
            &state,
            ctx,
            view,
            notice,
            FormErrors::default(),
            String::new(),
            String::new(),
        )
        .await?,
    )
}

/// What an action form sends.
#[derive(Debug, Deserialize, Default)]
pub struct ActForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    comment: String,
}

/// `POST /backoffice/cases/{reference}/act`.
pub async fn act(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
    CsrfForm(form): CsrfForm<ActForm>,
) -> Result<Response, WebError> {
    match service::act(
        &state,
        &user,
        &reference,
        &form.action,
        Some(&form.comment),
        &meta(&ctx),
    )
    .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/backoffice/cases/{reference}?done=action")).into_response())
        }
        Err(AppError::Invalid(problems)) => {
            let view = service::open(&state, &user, &reference, &meta(&ctx)).await?;
            let errors = translate(&ctx, &problems);
            let page =
                staff_case_page(&state, ctx, view, None, errors, form.comment, String::new())
                    .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => refused_move(&state, &ctx, &user, &reference, e).await,
    }
}

/// A move that could not be made, said in terms of this case: "This case is no longer
/// in review: it is now Awaiting signature. Nothing was changed." (409), or that its
/// invoice is not paid yet; any other refusal as usual.
async fn refused_move(
    state: &AppState,
    ctx: &RequestCtx,
    user: &crate::http::context::SessionUser,
    reference: &str,
    e: AppError,
) -> Result<Response, WebError> {
    let kind = e.kind();
    if !matches!(kind, ErrorKind::Conflict | ErrorKind::PaymentRequired) {
        return Err(e.into());
    }
    let message = if kind == ErrorKind::PaymentRequired {
        ctx.t("case-action-needs-payment")
    } else {
        match service::status_label_of(state, user, reference, ctx.lang).await {
            Ok(status) => {
                crate::i18n::t_args(ctx.lang, "case-conflict", &[("status", status.into())])
            }
            Err(_) => return Err(e.into()),
        }
    };
    Ok(crate::http::errors::page_saying(ctx.clone(), kind, message))
}

/// What the note form sends.
#[derive(Debug, Deserialize, Default)]
pub struct NoteForm {
    #[serde(default)]
    note: String,
}

/// `POST /backoffice/cases/{reference}/note`: a note the applicant never sees.
pub async fn note(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
    CsrfForm(form): CsrfForm<NoteForm>,
) -> Result<Response, WebError> {
    match service::add_note(&state, &user, &reference, &form.note, &meta(&ctx)).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/backoffice/cases/{reference}?done=note")).into_response())
        }
        Err(AppError::Invalid(problems)) => {
            let view = service::open(&state, &user, &reference, &meta(&ctx)).await?;
            let errors = translate(&ctx, &problems);
            let page =
                staff_case_page(&state, ctx, view, None, errors, String::new(), form.note).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The claim form carries only the anti-forgery token.
#[derive(Debug, Deserialize)]
pub struct Empty {}

/// `POST /backoffice/cases/{reference}/claim`.
pub async fn claim(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    if let Err(e) = service::claim(&state, &user, &reference, &meta(&ctx)).await {
        return refused_move(&state, &ctx, &user, &reference, e).await;
    }
    Ok(Redirect::to(&format!("/backoffice/cases/{reference}?done=claimed")).into_response())
}

/// One agency's services on the counter page.
pub struct CounterAgency {
    pub name: String,
    pub services: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "applications/counter_start.html")]
struct CounterStartPage {
    ctx: RequestCtx,
    agencies: Vec<CounterAgency>,
}

/// `GET /backoffice/counter`: the services an officer may file at the counter for a
/// citizen, by agency (only agencies where the decision lets them).
pub async fn counter_start(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let catalogue = state.catalogue().await?;
    let agencies: Vec<CounterAgency> = catalogue
        .agencies
        .iter()
        .filter(|a| {
            crate::authz::allows(
                Some(&user),
                crate::authz::Action::FileAtCounter,
                crate::authz::Resource::Agency(a.id),
            )
        })
        .map(|a| CounterAgency {
            name: a.name(ctx.lang).to_owned(),
            services: catalogue
                .services_of(a.id, ctx.lang)
                .into_iter()
                .map(|e| (e.row.slug.clone(), e.def.name.get(ctx.lang).to_owned()))
                .collect(),
        })
        .collect();
    if agencies.is_empty() {
        return Err(AppError::FORBIDDEN.into());
    }
    render(&CounterStartPage { ctx, agencies })
}
