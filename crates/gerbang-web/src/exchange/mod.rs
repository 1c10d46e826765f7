//! Data exchange between agencies ("once-only"): the administrators' page of an agency's
//! data services, access agreements and exchange log; an officer's query from a case; and
//! the signed endpoints peer installs call ([`federation`]). The operations are in
//! [`gerbang_app::exchange`].

pub mod federation;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_app::authz::{Action, Resource, allows};
use gerbang_app::exchange::{self as service, agreements};
use gerbang_store::catalog::AgencyRow;
use gerbang_store::exchange::{AgreementRow, ExchangeRow};
use serde::Deserialize;

use crate::AppState;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::{CsrfForm, FormErrors};
use crate::http::pages::{SignedIn, meta, render, translate, when};

/// A JSON value as one line of text: strings bare, lists joined, objects as `key value`.
pub fn plain(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        serde_json::Value::Object(m) => m.values().map(plain).collect::<Vec<_>>().join(" "),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// What the page's query string may say.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    agency: Option<String>,
    /// The data service a proposal is being written for.
    #[serde(default)]
    service: Option<i64>,
    #[serde(default)]
    done: Option<String>,
}

/// One agreement as listed.
pub struct AgreementLine {
    pub id: i64,
    pub service: String,
    pub provider: String,
    pub consumer: String,
    pub purposes: String,
    pub fields: String,
    pub valid: String,
    pub state: String,
    pub state_code: &'static str,
    pub approvals: String,
    pub may_approve: bool,
    pub may_revoke: bool,
}

/// One data service the agency provides.
pub struct ServiceLine {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub fields: String,
    pub enabled: bool,
}

/// One call as the log shows it.
pub struct LogLine {
    pub when: String,
    pub direction: String,
    pub service: String,
    pub consumer: String,
    pub purpose: String,
    pub case: String,
    pub fields: String,
    pub outcome: String,
    pub refused: bool,
}

/// A choice of the proposal form.
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "exchange/agency.html")]
struct AgencyPage {
    ctx: RequestCtx,
    agencies: Vec<AgencyRow>,
    selected: String,
    manage: bool,
    notice: Option<String>,
    agreements: Vec<AgreementLine>,
    provided: Vec<ServiceLine>,
    log: Vec<LogLine>,
    /// Every data service of the install, for the proposal form.
    all_services: Vec<Choice>,
    /// The service the proposal is for, with its purposes and fields.
    proposing: Option<(i64, String)>,
    purposes: Vec<Choice>,
    fields: Vec<Choice>,
    consumers: Vec<Choice>,
    /// Peer installs of the trust list, offered when the proposing administrator is the
    /// provider's (an agreement with an agency there is recorded by the provider).
    peers: Vec<Choice>,
    errors: FormErrors,
    valid_from: String,
    valid_until: String,
}

/// The agencies whose exchange the user may see.
async fn visible_agencies(state: &AppState, ctx: &RequestCtx) -> Result<Vec<AgencyRow>, WebError> {
    let user = ctx.user.as_deref();
    Ok(state
        .catalogue()
        .await?
        .agencies
        .iter()
        .filter(|a| allows(user, Action::ReadExchangeLog, Resource::Agency(a.id)))
        .cloned()
        .collect())
}

fn agency_label(ctx: &RequestCtx, agencies: &[AgencyRow], id: Option<i64>, slug: &str) -> String {
    id.and_then(|id| agencies.iter().find(|a| a.id == id))
        .map_or_else(|| slug.to_owned(), |a| a.name(ctx.lang).to_owned())
}

#[allow(clippy::too_many_arguments)]
async fn build(
    state: &AppState,
    ctx: RequestCtx,
    agency: &AgencyRow,
    agencies: Vec<AgencyRow>,
    proposing: Option<i64>,
    notice: Option<String>,
    errors: FormErrors,
) -> Result<AgencyPage, WebError> {
    let user = ctx
        .user
        .clone()
        .ok_or(AppError::Kind(gerbang_app::ErrorKind::Unauthorized))?;
    let all = state.catalogue().await?.agencies.clone();
    let services = service::services(state).await?;
    let today = gerbang_app::applications::service::platform_today(state);
    let rows: Vec<AgreementRow> = agreements::of_agency(state, &user, agency.id).await?;
    let agreements = rows
        .iter()
        .map(|g| {
            let t = service::terms(g);
            let st = t.state(today);
            let def = services.iter().find(|s| s.row.id == g.data_service_id);
            let consumer = match (&g.consumer_peer, &g.consumer_peer_agency) {
                (Some(p), Some(a)) => format!("{a} ({p})"),
                _ => agency_label(
                    &ctx,
                    &all,
                    g.consumer_agency_id,
                    g.consumer_slug.as_deref().unwrap_or(""),
                ),
            };
            let approvals = [
                (
                    g.provider_approved_at.is_some(),
                    "exchange-approved-provider",
                ),
                (
                    g.consumer_approved_at.is_some(),
                    "exchange-approved-consumer",
                ),
            ]
            .iter()
            .filter(|(ok, _)| *ok)
            .map(|(_, id)| ctx.t(id))
            .collect::<Vec<_>>()
            .join(", ");
            AgreementLine {
                id: g.id,
                service: def.map_or_else(
                    || g.data_service_slug.clone(),
                    |d| d.def.name.get(ctx.lang).to_owned(),
                ),
                provider: agency_label(&ctx, &all, Some(g.provider_agency_id), &g.provider_slug),
                consumer,
                purposes: def.map_or_else(
                    || g.purposes.clone(),
                    |d| {
                        service::words(&g.purposes)
                            .iter()
                            .map(|p| service::purpose_label(&d.def, p).get(ctx.lang).to_owned())
                            .collect::<Vec<_>>()
                            .join("; ")
                    },
                ),
                fields: service::words(&g.fields).join(", "),
                valid: format!("{} – {}", ctx.date(&g.valid_from), ctx.date(&g.valid_until)),
                state: ctx.t(&format!("exchange-state-{}", st.as_str().replace('_', "-"))),
                state_code: st.as_str(),
                approvals,
                may_approve: agreements::pending_side(&user, g).is_some(),
                may_revoke: agreements::may_revoke(&user, g),
            }
        })
        .collect();
    let provided = services
        .iter()
        .filter(|s| s.row.agency_id == agency.id)
        .map(|s| ServiceLine {
            id: s.row.id,
            name: s.def.name.get(ctx.lang).to_owned(),
            slug: s.row.slug.clone(),
            fields: s.def.fields.join(", "),
            enabled: s.row.enabled,
        })
        .collect();
    let log = service::log_of_agency(state, &user, agency.id)
        .await?
        .into_iter()
        .map(|e: ExchangeRow| LogLine {
            when: when(ctx.lang, e.at),
            direction: ctx.t(&format!("exchange-direction-{}", e.direction)),
            service: format!("{}/{}", e.provider, e.data_service),
            consumer: match &e.peer {
                Some(p) if e.direction != "local" => format!("{} ({p})", e.consumer),
                _ => agency_label(&ctx, &all, e.consumer_agency_id, &e.consumer),
            },
            purpose: e.purpose.clone(),
            case: e.case_reference.clone().unwrap_or_default(),
            fields: e.fields.split_whitespace().collect::<Vec<_>>().join(", "),
            refused: !matches!(e.outcome.as_str(), "answered" | "not_found"),
            outcome: ctx.t(&format!("exchange-outcome-{}", e.outcome.replace('_', "-"))),
        })
        .collect();
    let manage = allows(
        Some(&user),
        Action::ManageDataAgreements,
        Resource::Agency(agency.id),
    );
    let all_services = services
        .iter()
        .map(|s| Choice {
            value: s.row.id.to_string(),
            label: format!(
                "{} — {}",
                agency_label(&ctx, &all, Some(s.row.agency_id), &s.row.agency_slug),
                s.def.name.get(ctx.lang)
            ),
        })
        .collect();
    let chosen = proposing.and_then(|id| services.iter().find(|s| s.row.id == id));
    let (purposes, fields) = chosen.map_or_else(Default::default, |s| {
        (
            s.def
                .purposes
                .iter()
                .map(|p| Choice {
                    value: p.name.clone(),
                    label: p.label.get(ctx.lang).to_owned(),
                })
                .collect(),
            s.def
                .fields
                .iter()
                .map(|f| Choice {
                    value: f.clone(),
                    label: f.clone(),
                })
                .collect(),
        )
    });
    let consumers = all
        .iter()
        .filter(|a| chosen.is_none_or(|s| s.row.agency_id != a.id))
        .map(|a| Choice {
            value: a.id.to_string(),
            label: a.name(ctx.lang).to_owned(),
        })
        .collect();
    let peers = match (&state.federation, chosen) {
        (Some(fed), Some(s)) if s.row.agency_id == agency.id => fed
            .peers
            .iter()
            .map(|p| Choice {
                value: format!("peer:{}", p.name),
                label: ctx.t1("exchange-peer-choice", "peer", &p.name),
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(AgencyPage {
        agencies,
        selected: agency.slug.clone(),
        manage,
        notice,
        agreements,
        provided,
        log,
        all_services,
        proposing: chosen.map(|s| {
            (
                s.row.id,
                format!(
                    "{} — {}",
                    agency_label(&ctx, &all, Some(s.row.agency_id), &s.row.agency_slug),
                    s.def.name.get(ctx.lang)
                ),
            )
        }),
        purposes,
        fields,
        consumers,
        peers,
        errors,
        valid_from: today.to_string(),
        valid_until: today
            .replace_year(today.year() + 1)
            .unwrap_or(today)
            .to_string(),
        ctx,
    })
}

fn pick_agency(agencies: &[AgencyRow], slug: Option<&str>) -> Result<AgencyRow, WebError> {
    match slug.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => agencies
            .iter()
            .find(|a| a.slug == s)
            .cloned()
            .ok_or_else(|| AppError::FORBIDDEN.into()),
        None => agencies
            .first()
            .cloned()
            .ok_or_else(|| AppError::FORBIDDEN.into()),
    }
}

/// `GET /backoffice/data-exchange`.
pub async fn page(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(_user): SignedIn,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let agencies = visible_agencies(&state, &ctx).await?;
    let agency = pick_agency(&agencies, q.agency.as_deref())?;
    let notice = q
        .done
        .as_deref()
        .filter(|d| {
            matches!(
                *d,
                "proposed" | "approved" | "revoked" | "enabled" | "disabled"
            )
        })
        .map(|d| ctx.t(&format!("exchange-notice-{d}")));
    render(
        &build(
            &state,
            ctx,
            &agency,
            agencies,
            q.service,
            notice,
            FormErrors::default(),
        )
        .await?,
    )
}

/// `POST /backoffice/data-exchange/agreements`: propose an agreement.
pub async fn propose(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let agencies = visible_agencies(&state, &ctx).await?;
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let all = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let agency = pick_agency(&agencies, Some(&get("agency")))?;
    let service_id: i64 = get("service").parse().map_err(|_| AppError::NOT_FOUND)?;
    let date = |k: &str| gerbang_domain::form::parse_iso_date(&get(k));
    let mut problems = Vec::new();
    let peer = get("consumer").strip_prefix("peer:").map(str::to_owned);
    let peer_agency = get("peer_agency");
    let consumer: Option<i64> = get("consumer").parse().ok();
    if peer.is_some() && !gerbang_domain::catalog::is_slug(&peer_agency) {
        problems.push(gerbang_app::FieldProblem::new(
            "peer_agency",
            "error-agreement-peer-agency",
        ));
    } else if consumer.is_none() && peer.is_none() {
        problems.push(gerbang_app::FieldProblem::new(
            "consumer",
            "error-agreement-consumer",
        ));
    }
    let (from, until) = (date("valid_from"), date("valid_until"));
    if from.is_none() {
        problems.push(gerbang_app::FieldProblem::new(
            "valid_from",
            "error-agreement-date",
        ));
    }
    if until.is_none() {
        problems.push(gerbang_app::FieldProblem::new(
            "valid_until",
            "error-agreement-date",
        ));
    }
    let outcome = match (consumer, from, until) {
        (_, Some(valid_from), Some(valid_until)) if problems.is_empty() && peer.is_some() => {
            gerbang_app::exchange::federation::agree_with_peer(
                &state,
                &user,
                service_id,
                peer.as_deref().unwrap_or_default(),
                &peer_agency,
                &all("purpose"),
                &all("field"),
                valid_from,
                valid_until,
                &meta(&ctx),
            )
            .await
            .map(|_| ())
        }
        (Some(consumer_agency_id), Some(valid_from), Some(valid_until)) if problems.is_empty() => {
            let p = agreements::Proposal {
                data_service_id: service_id,
                consumer_agency_id,
                purposes: all("purpose"),
                fields: all("field"),
                valid_from,
                valid_until,
            };
            agreements::propose(&state, &user, &p, &meta(&ctx))
                .await
                .map(|_| ())
        }
        _ => Err(AppError::Invalid(problems)),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!(
            "/backoffice/data-exchange?agency={}&done=proposed",
            agency.slug
        ))
        .into_response()),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let body = render(
                &build(
                    &state,
                    ctx,
                    &agency,
                    agencies,
                    Some(service_id),
                    None,
                    errors,
                )
                .await?,
            )?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct AgencyField {
    #[serde(default)]
    agency: String,
}

/// `POST /backoffice/data-exchange/agreements/{id}/approve`.
pub async fn approve(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<AgencyField>,
) -> Result<Response, WebError> {
    agreements::approve(&state, &user, id, &meta(&ctx)).await?;
    Ok(Redirect::to(&format!(
        "/backoffice/data-exchange?agency={}&done=approved",
        f.agency
    ))
    .into_response())
}

/// `POST /backoffice/data-exchange/agreements/{id}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<AgencyField>,
) -> Result<Response, WebError> {
    agreements::revoke(&state, &user, id, &meta(&ctx)).await?;
    Ok(Redirect::to(&format!(
        "/backoffice/data-exchange?agency={}&done=revoked",
        f.agency
    ))
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct SwitchForm {
    #[serde(default)]
    agency: String,
    enabled: String,
}

/// `POST /backoffice/data-exchange/services/{id}`: switch a data service on or off.
pub async fn switch(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<SwitchForm>,
) -> Result<Response, WebError> {
    let on = f.enabled == "1";
    agreements::set_enabled(&state, &user, id, on, &meta(&ctx)).await?;
    let done = if on { "enabled" } else { "disabled" };
    Ok(Redirect::to(&format!(
        "/backoffice/data-exchange?agency={}&done={done}",
        f.agency
    ))
    .into_response())
}

/// What an officer's query from a case sends.
#[derive(Debug, Deserialize)]
pub struct CaseQuery {
    /// `agency/data-service/purpose`.
    ask: String,
    input: String,
}

/// `POST /backoffice/cases/{reference}/data-queries`: ask a data service about the case's
/// applicant; the answer is kept with the case and shown on its page.
pub async fn ask_for_case(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
    CsrfForm(f): CsrfForm<CaseQuery>,
) -> Result<Response, WebError> {
    // `agency/data-service/purpose` here, `peer/NAME/agency/data-service/purpose` at a peer.
    let (peer, rest) = match f.ask.strip_prefix("peer/").and_then(|r| r.split_once('/')) {
        Some((peer, rest)) => (Some(peer), rest),
        None => (None, f.ask.as_str()),
    };
    let mut parts = rest.splitn(3, '/');
    let (Some(provider), Some(data_service), Some(purpose)) =
        (parts.next(), parts.next(), parts.next())
    else {
        return Err(AppError::Kind(gerbang_app::ErrorKind::BadRequest).into());
    };
    let q = service::CaseAsk {
        reference: &reference,
        provider,
        data_service,
        purpose,
        input: &f.input,
    };
    let done = if let Some(peer) = peer {
        use gerbang_app::exchange::federation::{PeerOutcome, ask_peer_for_case};
        match ask_peer_for_case(&state, &user, peer, &q, &meta(&ctx)).await? {
            PeerOutcome::Answered => "answered",
            PeerOutcome::NotFound => "not-found",
            PeerOutcome::Refused => "refused",
            PeerOutcome::Unreachable => "unreachable",
        }
    } else {
        match service::ask_for_case(&state, &user, &q, &meta(&ctx)).await? {
            service::Outcome::Answered(service::Answered {
                found: service::Found::Record(_),
                ..
            }) => "answered",
            service::Outcome::Answered(_) => "not-found",
            service::Outcome::Refused(..) => "refused",
        }
    };
    Ok(Redirect::to(&format!(
        "/backoffice/cases/{reference}?done=exchange-{done}#data-queries"
    ))
    .into_response())
}

/// One call made for a case, as its page shows it.
pub struct CaseExchange {
    pub when: String,
    pub service: String,
    pub purpose: String,
    pub outcome: String,
    pub answer: Vec<(String, String)>,
}

/// A data service an officer may ask, as the case page offers it.
pub struct Askable {
    pub value: String,
    pub label: String,
}

/// What the case page shows of data exchange: the calls made for it and what may be asked.
pub async fn for_case(
    state: &AppState,
    ctx: &RequestCtx,
    reference: &str,
    agency_id: i64,
) -> Result<(Vec<CaseExchange>, Vec<Askable>), AppError> {
    let Some(user) = ctx.user.as_deref() else {
        return Ok((Vec::new(), Vec::new()));
    };
    let made = service::log_of_case(state, user, reference)
        .await?
        .into_iter()
        .map(|e| CaseExchange {
            when: when(ctx.lang, e.at),
            service: format!("{}/{}", e.provider, e.data_service),
            purpose: e.purpose,
            outcome: ctx.t(&format!("exchange-outcome-{}", e.outcome.replace('_', "-"))),
            answer: e
                .answer
                .as_deref()
                .and_then(|a| {
                    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(a).ok()
                })
                .map(|m| m.iter().map(|(k, v)| (k.clone(), plain(v))).collect())
                .unwrap_or_default(),
        })
        .collect();
    let askable = service::askable_for(state, agency_id)
        .await?
        .into_iter()
        .flat_map(|(s, terms)| {
            let lang = ctx.lang;
            terms.purposes.into_iter().map(move |p| Askable {
                value: format!("{}/{}/{p}", s.row.agency_slug, s.row.slug),
                label: format!(
                    "{} — {}",
                    s.def.name.get(lang),
                    service::purpose_label(&s.def, &p).get(lang)
                ),
            })
        })
        .collect::<Vec<_>>();
    let mut askable = askable;
    askable.extend(peer_askable(state, ctx).await);
    Ok((made, askable))
}

/// The data services peer installs publish, each purpose a choice. A peer that cannot be
/// reached now is left out (its services come back when it answers again).
async fn peer_askable(state: &AppState, ctx: &RequestCtx) -> Vec<Askable> {
    use gerbang_app::exchange::federation::peer_services;
    let Some(fed) = state.federation.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for peer in &fed.peers {
        match peer_services(state, &peer.name).await {
            Ok(list) => {
                for s in list {
                    for p in &s.purposes {
                        out.push(Askable {
                            value: format!("peer/{}/{}/{}/{}", peer.name, s.agency, s.slug, p.name),
                            label: format!(
                                "{} — {} ({})",
                                s.name.get(ctx.lang),
                                p.label.get(ctx.lang),
                                ctx.t1("exchange-at-peer", "peer", &peer.name)
                            ),
                        });
                    }
                }
            }
            Err(e) => {
                tracing::warn!(peer = peer.name, error = %e, "a peer's data services could not be listed")
            }
        }
    }
    out
}
