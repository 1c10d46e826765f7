//! Public catalogue pages.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use gerbang_domain::catalog::{AgencyDef, Audience, FeeRule, ServiceDef};
use gerbang_domain::form::{FieldDef, FieldType};
use gerbang_store::catalog::{AgencyRow, ServiceRow};
use serde::Deserialize;

use crate::AppState;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::pages::render;

#[derive(Template)]
#[template(path = "catalog/home.html")]
struct HomePage {
    ctx: RequestCtx,
    agencies: Vec<AgencyRow>,
    service_count: i64,
}

/// `GET /`: search, audiences and agencies.
pub async fn home(State(state): State<AppState>, ctx: RequestCtx) -> Result<Response, WebError> {
    let catalogue = state.catalogue().await?;
    render(&HomePage {
        ctx,
        agencies: catalogue.agencies.clone(),
        service_count: i64::try_from(catalogue.service_count()).unwrap_or(i64::MAX),
    })
}

/// Query of the service list.
#[derive(Debug, Deserialize, Default)]
pub struct ServiceQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    audience: String,
}

#[derive(Template)]
#[template(path = "catalog/services.html")]
struct ServicesPage {
    ctx: RequestCtx,
    q: String,
    audience: String,
    services: Vec<ServiceRow>,
}

/// `GET /services?q=&audience=`: the catalogue, searchable in either language.
pub async fn services(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Query(query): Query<ServiceQuery>,
) -> Result<Response, WebError> {
    let q: String = query.q.trim().chars().take(200).collect();
    let audience = match query.audience.as_str() {
        "citizen" => Some(Audience::Citizen),
        "business" => Some(Audience::Business),
        "agency" => Some(Audience::Agency),
        _ => None,
    };
    let catalogue = state.catalogue().await?;
    let services = catalogue
        .search(&q, audience, ctx.lang)
        .into_iter()
        .map(|e| e.row.clone())
        .collect();
    let audience = audience.map(|a| a.as_str().to_owned()).unwrap_or_default();
    render(&ServicesPage {
        ctx,
        q,
        audience,
        services,
    })
}

#[derive(Template)]
#[template(path = "catalog/service.html")]
struct ServicePage {
    ctx: RequestCtx,
    row: ServiceRow,
    def: ServiceDef,
    agency: AgencyRow,
    agency_def: AgencyDef,
    ikm: crate::satisfaction::Summary,
}

impl ServicePage {
    fn field_kind(&self, f: &FieldDef) -> String {
        let code = match f.kind {
            FieldType::Text => "text",
            FieldType::Textarea => "textarea",
            FieldType::Number => "number",
            FieldType::Money => "money",
            FieldType::Date => "date",
            FieldType::Select => "select",
            FieldType::Checkbox => "checkbox",
            FieldType::Email => "email",
            FieldType::Phone => "phone",
            FieldType::NationalId => "national-id",
            FieldType::File => "file",
            FieldType::Lookup => "lookup",
        };
        self.ctx.t(&format!("field-type-{code}"))
    }

    fn fee_items(&self) -> Vec<(String, i64)> {
        match &self.def.fee {
            FeeRule::Free | FeeRule::ByChoice(_) => Vec::new(),
            FeeRule::PerUnit(f) => {
                let formula = crate::payments::html::FeeView::of(&self.def, self.ctx.lang)
                    .formula
                    .unwrap_or_default();
                let mut lines = vec![(formula, f.minimum)];
                lines.extend(
                    f.items
                        .iter()
                        .map(|i| (i.label.get(self.ctx.lang).to_owned(), i.amount)),
                );
                lines
            }
            FeeRule::Fixed { items, .. } => items
                .iter()
                .map(|i| (i.label.get(self.ctx.lang).to_owned(), i.amount))
                .collect(),
        }
    }
}

/// `GET /services/{slug}`: everything a citizen needs to know before applying.
pub async fn service(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let catalogue = state.catalogue().await?;
    let entry = catalogue.service(&slug).ok_or(AppError::NOT_FOUND)?;
    let agency = catalogue
        .agency(&entry.row.agency_slug)
        .ok_or(AppError::NOT_FOUND)?
        .clone();
    let (row, def) = (entry.row.clone(), ServiceDef::clone(&entry.def));
    let agency_def = agency.definition()?;
    let ikm = ikm_summary(
        &state,
        &ctx,
        Some(row.id),
        agency.id,
        &format!("service={}", row.slug),
    )
    .await?;
    render(&ServicePage {
        ikm,
        ctx,
        row,
        def,
        agency,
        agency_def,
    })
}

#[derive(Template)]
#[template(path = "catalog/agencies.html")]
struct AgenciesPage {
    ctx: RequestCtx,
    agencies: Vec<AgencyRow>,
}

/// `GET /agencies`.
pub async fn agencies(
    State(state): State<AppState>,
    ctx: RequestCtx,
) -> Result<Response, WebError> {
    let agencies = state.catalogue().await?.agencies.clone();
    render(&AgenciesPage { ctx, agencies })
}

#[derive(Template)]
#[template(path = "catalog/agency.html")]
struct AgencyPage {
    ctx: RequestCtx,
    agency: AgencyRow,
    def: AgencyDef,
    parent: Option<AgencyRow>,
    services: Vec<ServiceRow>,
    complaints: gerbang_store::complaints::Figures,
    mean_rating: Option<String>,
    ikm: crate::satisfaction::Summary,
}

/// `GET /agencies/{slug}`: profile, contact and services of one agency.
pub async fn agency(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let catalogue = state.catalogue().await?;
    let agency = catalogue.agency(&slug).ok_or(AppError::NOT_FOUND)?.clone();
    let def = agency.definition()?;
    let parent = agency
        .parent_slug
        .as_deref()
        .and_then(|p| catalogue.agency(p))
        .cloned();
    let services = catalogue
        .services_of(agency.id, ctx.lang)
        .into_iter()
        .map(|e| e.row.clone())
        .collect();
    let complaints = gerbang_app::complaints::service::figures(&state, &agency).await?;
    let mean_rating = complaints.mean_rating.map(|r| {
        format!("{r:.1}").replace(
            '.',
            if ctx.lang == gerbang_domain::i18n::Lang::Id {
                ","
            } else {
                "."
            },
        )
    });
    let ikm = ikm_summary(
        &state,
        &ctx,
        None,
        agency.id,
        &format!("agency={}", agency.slug),
    )
    .await?;
    render(&AgencyPage {
        ikm,
        ctx,
        agency,
        def,
        parent,
        services,
        complaints,
        mean_rating,
    })
}

/// The last twelve months' satisfaction index of a service or an agency, in a line.
async fn ikm_summary(
    state: &AppState,
    ctx: &RequestCtx,
    service_id: Option<i64>,
    agency_id: i64,
    query: &str,
) -> Result<crate::satisfaction::Summary, WebError> {
    use gerbang_app::satisfaction as ikm;
    let (from, to) =
        ikm::last_twelve_months(gerbang_app::applications::service::platform_today(state));
    let published = ikm::published(
        state,
        &gerbang_store::satisfaction::Scope {
            service_id,
            agency_id: Some(agency_id),
            from,
            to,
        },
    )
    .await?;
    Ok(crate::satisfaction::summary(
        ctx,
        &published,
        format!("/satisfaction?{query}"),
    ))
}
