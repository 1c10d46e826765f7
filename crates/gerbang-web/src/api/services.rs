//! The public catalogue as JSON: the list of services and one service with its form and
//! workflow, read from the same store functions as the catalogue pages.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use gerbang_app::catalog::cache::Catalogue;
use gerbang_domain::catalog::{Audience, FeeRule, ServiceDef};
use gerbang_domain::form::FieldType;
use gerbang_domain::i18n::{Lang, Text};
use gerbang_domain::workflow::ActorRole;
use gerbang_store::catalog::ServiceRow;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::ApiError;
use crate::api::openapi::Problem;
use crate::error::{AppError, ErrorKind};

/// A text in both languages of the platform.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct I18nText {
    /// English.
    pub en: String,
    /// Bahasa Indonesia.
    pub id: String,
}

impl From<&Text> for I18nText {
    fn from(t: &Text) -> Self {
        I18nText {
            en: t.en.clone(),
            id: t.id.clone(),
        }
    }
}

/// Who may apply for a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApiAudience {
    Citizen,
    Business,
    Agency,
}

impl From<ApiAudience> for Audience {
    fn from(a: ApiAudience) -> Self {
        match a {
            ApiAudience::Citizen => Audience::Citizen,
            ApiAudience::Business => Audience::Business,
            ApiAudience::Agency => Audience::Agency,
        }
    }
}

/// A service as listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceSummary {
    #[schema(example = "moving-certificate")]
    pub slug: String,
    pub name: I18nText,
    /// One sentence: what the service is for.
    pub summary: I18nText,
    /// Slug of the agency that provides it.
    #[schema(example = "civil-registry")]
    pub agency: String,
    /// Who may apply: `citizen`, `business`, `agency`.
    pub audience: Vec<String>,
    /// Total fee in whole rupiah; `null` when free.
    pub fee_total: Option<i64>,
    /// Service standard: working days from a complete application to the decision.
    pub sla_days: i32,
    /// The current version of the service definition (an application keeps its version).
    pub version: i32,
}

impl From<&ServiceRow> for ServiceSummary {
    fn from(r: &ServiceRow) -> Self {
        ServiceSummary {
            slug: r.slug.clone(),
            name: I18nText {
                en: r.name_en.clone(),
                id: r.name_id.clone(),
            },
            summary: I18nText {
                en: r.summary_en.clone(),
                id: r.summary_id.clone(),
            },
            agency: r.agency_slug.clone(),
            audience: r.audiences().into_iter().map(str::to_owned).collect(),
            fee_total: r.fee_total,
            sla_days: r.sla_days,
            version: r.current_version,
        }
    }
}

/// The catalogue.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceList {
    pub items: Vec<ServiceSummary>,
}

/// Filters of the catalogue.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceQuery {
    /// Words to look for in names, summaries and keywords, in English or Indonesian.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Only services for this audience.
    #[param(inline)]
    pub audience: Option<ApiAudience>,
}

/// List the services that can be applied for online.
#[utoipa::path(
    get,
    path = "/api/v1/services",
    tag = "services",
    operation_id = "listServices",
    security(()),
    params(ServiceQuery),
    responses(
        (status = 200, description = "Matching services, by English name", body = ServiceList),
        (status = 400, description = "A query parameter is malformed or too long", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<ServiceQuery>,
) -> Result<Response, ApiError> {
    let q = query.q.unwrap_or_default();
    if q.chars().count() > 200 {
        return Err(AppError::Kind(ErrorKind::BadRequest).into());
    }
    let catalogue = state.catalogue().await?;
    let audience = query.audience.map(Audience::from);
    let q = q.trim();
    // The whole list is asked for far more than any search: keep that one serialised.
    let make = |c: &Catalogue| {
        let list = ServiceList {
            items: c
                .search(q, audience, Lang::En)
                .into_iter()
                .map(|e| ServiceSummary::from(&e.row))
                .collect(),
        };
        Bytes::from(serde_json::to_vec(&list).unwrap_or_default())
    };
    let body = if q.is_empty() {
        let key = format!("api:list:{}", audience.map_or("", |a| a.as_str()));
        catalogue.memo(&key, make)
    } else {
        make(&catalogue)
    };
    Ok(cached_json(&headers, catalogue.etag(), body))
}

/// A JSON body computed from the catalogue alone, with its entity tag: `304 Not Modified`
/// when the client already holds it.
fn cached_json(headers: &HeaderMap, etag: &str, body: Bytes) -> Response {
    let fresh = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| {
            let t = t.trim();
            t == "*" || t.trim_start_matches("W/") == etag
        });
    let etag = HeaderValue::from_str(etag).ok();
    let mut res = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response()
    };
    if let Some(etag) = etag {
        res.headers_mut().insert(header::ETAG, etag);
    }
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, no-cache"),
    );
    res
}

/// What kind of value a form field takes.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Textarea,
    Number,
    Money,
    Date,
    Select,
    Checkbox,
    Email,
    Phone,
    NationalId,
    File,
    /// Consent (`true`) to ask another agency's data service instead of an upload.
    Lookup,
}

impl From<FieldType> for FieldKind {
    fn from(t: FieldType) -> Self {
        match t {
            FieldType::Text => FieldKind::Text,
            FieldType::Textarea => FieldKind::Textarea,
            FieldType::Number => FieldKind::Number,
            FieldType::Money => FieldKind::Money,
            FieldType::Date => FieldKind::Date,
            FieldType::Select => FieldKind::Select,
            FieldType::Checkbox => FieldKind::Checkbox,
            FieldType::Email => FieldKind::Email,
            FieldType::Phone => FieldKind::Phone,
            FieldType::NationalId => FieldKind::NationalId,
            FieldType::File => FieldKind::File,
            FieldType::Lookup => FieldKind::Lookup,
        }
    }
}

/// One choice of a `select` field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldOption {
    /// What to send.
    pub value: String,
    pub label: I18nText,
}

/// One field of a service's application form.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FormField {
    /// The key of the answer in `data`.
    #[schema(example = "moving_date")]
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FieldKind,
    pub label: I18nText,
    pub hint: Option<I18nText>,
    pub required: bool,
    /// Longest accepted text, in characters.
    pub max_length: Option<u32>,
    /// Smallest accepted number.
    pub min: Option<i64>,
    /// Largest accepted number.
    pub max: Option<i64>,
    /// The accepted values of a `select` field.
    pub options: Vec<FieldOption>,
    /// File kinds accepted by a `file` field.
    pub accept: Vec<String>,
    /// Largest accepted file, in kilobytes.
    pub max_size_kb: Option<u32>,
    /// Always true: a `file` field takes `{"upload": "<id>"}`, the id of a file sent
    /// before with `POST /api/v1/uploads`.
    pub submittable_as_json: bool,
}

/// A state of the workflow.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkflowState {
    #[schema(example = "in_review")]
    pub name: String,
    pub label: I18nText,
    /// True when a case in this state is decided.
    pub terminal: bool,
}

/// Who takes an action.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Applicant,
    Officer,
    Supervisor,
}

impl From<ActorRole> for Role {
    fn from(r: ActorRole) -> Self {
        match r {
            ActorRole::Applicant => Role::Applicant,
            ActorRole::Officer => Role::Officer,
            ActorRole::Supervisor => Role::Supervisor,
        }
    }
}

/// A permitted move between states.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkflowTransition {
    pub from: String,
    pub to: String,
    /// What to send as `action`.
    #[schema(example = "accept")]
    pub action: String,
    pub role: Role,
    /// The action must carry a `comment` for the applicant.
    pub requires_comment: bool,
}

/// How a case moves from submission to decision.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Workflow {
    /// The state of a newly submitted case.
    pub initial: String,
    pub states: Vec<WorkflowState>,
    pub transitions: Vec<WorkflowTransition>,
}

/// One line of a fee.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeeLine {
    pub label: I18nText,
    /// Whole rupiah.
    pub amount: i64,
}

/// A service with everything needed to apply.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceDetail {
    #[schema(example = "moving-certificate")]
    pub slug: String,
    pub version: i32,
    pub name: I18nText,
    pub summary: I18nText,
    pub description: I18nText,
    /// Slug of the agency that provides it.
    pub agency: String,
    /// Who may apply: `citizen`, `business`, `agency`.
    pub audience: Vec<String>,
    pub requirements: Vec<I18nText>,
    /// Itemised fee; empty when free.
    pub fee: Vec<FeeLine>,
    /// Total fee in whole rupiah; `null` when free.
    pub fee_total: Option<i64>,
    pub sla_days: i32,
    pub procedure: Vec<I18nText>,
    /// Titles of the laws and regulations the service rests on.
    pub legal_basis: Vec<I18nText>,
    /// The document an approved application produces.
    pub output: I18nText,
    /// The application form, in order.
    pub form: Vec<FormField>,
    pub workflow: Workflow,
}

fn detail_of(row: &ServiceRow, def: &ServiceDef) -> ServiceDetail {
    let wf = &def.workflow;
    ServiceDetail {
        slug: row.slug.clone(),
        version: row.current_version,
        name: (&def.name).into(),
        summary: (&def.summary).into(),
        description: (&def.description).into(),
        agency: row.agency_slug.clone(),
        audience: def.audience.iter().map(|a| a.as_str().to_owned()).collect(),
        requirements: def.requirements.iter().map(Into::into).collect(),
        fee: match &def.fee {
            FeeRule::Free | FeeRule::PerUnit(_) | FeeRule::ByChoice(_) => Vec::new(),
            FeeRule::Fixed { items, .. } => items
                .iter()
                .map(|i| FeeLine {
                    label: (&i.label).into(),
                    amount: i.amount,
                })
                .collect(),
        },
        fee_total: def.fee.total(),
        sla_days: row.sla_days,
        procedure: def.procedure.iter().map(Into::into).collect(),
        legal_basis: def.legal_basis.iter().map(|l| (&l.title).into()).collect(),
        output: (&def.output.name).into(),
        form: def
            .form
            .fields
            .iter()
            .map(|f| FormField {
                name: f.name.clone(),
                kind: f.kind.into(),
                label: (&f.label).into(),
                hint: f.hint.as_ref().map(Into::into),
                required: f.required,
                max_length: f.max_length,
                min: f.min,
                max: f.max,
                options: f
                    .options
                    .iter()
                    .map(|o| FieldOption {
                        value: o.value.clone(),
                        label: (&o.label).into(),
                    })
                    .collect(),
                accept: f.accept.clone(),
                max_size_kb: f.max_size_kb,
                submittable_as_json: true,
            })
            .collect(),
        workflow: Workflow {
            initial: wf.initial.clone(),
            states: wf
                .states
                .iter()
                .map(|s| WorkflowState {
                    name: s.name.clone(),
                    label: (&s.label).into(),
                    terminal: wf.is_terminal(&s.name),
                })
                .collect(),
            transitions: wf
                .transitions
                .iter()
                .map(|t| WorkflowTransition {
                    from: t.from.clone(),
                    to: t.to.clone(),
                    action: t.action.clone(),
                    role: t.role.into(),
                    requires_comment: t.requires_comment,
                })
                .collect(),
        },
    }
}

/// One service with its application form and workflow.
#[utoipa::path(
    get,
    path = "/api/v1/services/{slug}",
    tag = "services",
    operation_id = "getService",
    security(()),
    params(("slug" = String, Path, description = "The service's slug", example = "moving-certificate")),
    responses(
        (status = 200, description = "The service", body = ServiceDetail),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn detail(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let catalogue = state.catalogue().await?;
    let entry = catalogue.service(&slug).ok_or(AppError::NOT_FOUND)?;
    let body = catalogue.memo(&format!("api:detail:{slug}"), |_| {
        Bytes::from(serde_json::to_vec(&detail_of(&entry.row, &entry.def)).unwrap_or_default())
    });
    Ok(cached_json(&headers, catalogue.etag(), body))
}
