//! Public catalogue pages.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use gerbang_domain::catalog::{AgencyDef, Audience, FeeRule, ServiceDef};
use gerbang_domain::form::{FieldDef, FieldType};
use gerbang_store::catalog::{self as store, AgencyRow, ServiceRow};
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
    let agencies = store::agencies(&state.db).await?;
    let (_, service_count) = store::counts(&state.db).await?;
    render(&HomePage {
        ctx,
        agencies,
        service_count,
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
    let services = store::search_services(&state.db, &q, audience, ctx.lang).await?;
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
    let row = store::service(&state.db, &slug)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let def = store::service_definition(&state.db, row.id, row.current_version)
        .await?
        .ok_or_else(|| {
            AppError::Internal(format!(
                "service {slug} has no stored version {}",
                row.current_version
            ))
        })?;
    let agency = store::agency(&state.db, &row.agency_slug)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let agency_def = agency.definition()?;
    render(&ServicePage {
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
    let agencies = store::agencies(&state.db).await?;
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
}

/// `GET /agencies/{slug}`: profile, contact and services of one agency.
pub async fn agency(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let agency = store::agency(&state.db, &slug)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let def = agency.definition()?;
    let parent = match &agency.parent_slug {
        Some(p) => store::agency(&state.db, p).await?,
        None => None,
    };
    let services = store::services_of(&state.db, agency.id, ctx.lang).await?;
    render(&AgencyPage {
        ctx,
        agency,
        def,
        parent,
        services,
    })
}
