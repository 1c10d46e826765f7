//! The endpoints peer installs call: `POST /federation/v1/data-services/{agency}/{service}/query`
//! (a signed request, a signed answer) and `GET /federation/v1/jwks.json` (this install's
//! public key). The checks are in [`gerbang_app::exchange::federation`].

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use gerbang_app::exchange::federation::{self as fed, Incoming};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::api::openapi::Problem;
use crate::error::WebError;

/// A data-service call from a peer install (the body `Content-Digest` covers).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct FederationQuery {
    /// The asking agency's slug at the calling install.
    #[schema(example = "sukamaju-subdistrict")]
    pub consumer: String,
    /// A purpose the agreement covers.
    #[schema(example = "residence-verification")]
    pub purpose: String,
    /// The fields asked for.
    #[schema(example = json!(["full_name"]))]
    pub fields: Vec<String>,
    /// The record's identifier: a NIK (16 digits) or a NIB (13 digits).
    #[schema(example = "3374055202950003")]
    pub input: String,
    /// The caller's case the call is for.
    pub case_reference: Option<String>,
}

/// What a record held, or that there is none.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FederationOutcome {
    Answered,
    NotFound,
}

/// A data service's answer (signed: `Signature-Input`, `Signature`, `Content-Digest`).
#[derive(Debug, Serialize, ToSchema)]
pub struct FederationAnswer {
    pub outcome: FederationOutcome,
    /// The fields asked for that the record holds (empty when not found).
    #[schema(value_type = Object)]
    pub record: serde_json::Map<String, serde_json::Value>,
}

/// An Ed25519 public key (RFC 8037).
#[derive(Debug, Serialize, ToSchema)]
pub struct FederationJwk {
    #[schema(example = "OKP")]
    pub kty: String,
    #[schema(example = "Ed25519")]
    pub crv: String,
    /// The public key, base64url.
    pub x: String,
    pub kid: String,
    #[serde(rename = "use")]
    pub key_use: String,
    #[schema(example = "EdDSA")]
    pub alg: String,
}

/// This install's federation keys.
#[derive(Debug, Serialize, ToSchema)]
pub struct FederationJwks {
    pub keys: Vec<FederationJwk>,
}

/// A data service this install answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct FederationService {
    /// The providing agency's slug.
    #[schema(example = "civil-registry")]
    pub agency: String,
    #[schema(example = "identity-by-nik")]
    pub slug: String,
    pub name: crate::api::services::I18nText,
    /// The fields a record may return; an agreement covers some or all of them.
    pub fields: Vec<String>,
    pub purposes: Vec<FederationPurpose>,
}

/// A purpose a data service may be asked for.
#[derive(Debug, Serialize, ToSchema)]
pub struct FederationPurpose {
    #[schema(example = "residence-verification")]
    pub name: String,
    pub label: crate::api::services::I18nText,
}

/// `GET /federation/v1/data-services`: the data services this install answers, for peers'
/// officers to choose from (public, like the catalogue they are declared in).
#[utoipa::path(
    get,
    path = "/federation/v1/data-services",
    tag = "federation",
    operation_id = "federationDataServices",
    responses(
        (status = 200, description = "The data services switched on, with their fields and purposes", body = Vec<FederationService>),
        (status = 404, description = "Federation is off on this install"),
    )
)]
pub async fn data_services(State(state): State<AppState>) -> Result<Response, WebError> {
    if state.federation.is_none() {
        return Ok(StatusCode::NOT_FOUND.into_response());
    }
    let text =
        |t: gerbang_domain::i18n::Text| crate::api::services::I18nText { en: t.en, id: t.id };
    let list: Vec<FederationService> = gerbang_app::exchange::federation::published(&state)
        .await?
        .into_iter()
        .map(|s| FederationService {
            agency: s.agency,
            slug: s.slug,
            name: text(s.name),
            fields: s.fields,
            purposes: s
                .purposes
                .into_iter()
                .map(|p| FederationPurpose {
                    name: p.name,
                    label: text(p.label),
                })
                .collect(),
        })
        .collect();
    Ok((
        [(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        )],
        axum::Json(list),
    )
        .into_response())
}

/// `GET /federation/v1/jwks.json`: the public key peers verify this install's signatures with.
#[utoipa::path(
    get,
    path = "/federation/v1/jwks.json",
    tag = "federation",
    operation_id = "federationKeys",
    responses(
        (status = 200, description = "The key this install signs its calls and answers with", body = FederationJwks),
        (status = 404, description = "Federation is off on this install"),
    )
)]
pub async fn jwks(State(state): State<AppState>) -> Response {
    match state.federation.as_ref() {
        Some(f) => (
            [(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            )],
            axum::Json(f.jwks()),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `POST /federation/v1/data-services/{agency}/{service}/query`.
#[utoipa::path(
    post,
    path = "/federation/v1/data-services/{agency}/{service}/query",
    tag = "federation",
    operation_id = "queryDataService",
    params(
        ("agency" = String, Path, description = "The providing agency's slug", example = "civil-registry"),
        ("service" = String, Path, description = "The data service's slug", example = "identity-by-nik"),
        ("Signature-Input" = String, Header, description = "RFC 9421: covers `@method`, `@target-uri`, `content-digest` and `content-type`, with `created`, `keyid` and `nonce`"),
        ("Signature" = String, Header, description = "RFC 9421: the Ed25519 signature"),
        ("Content-Digest" = String, Header, description = "RFC 9530: `sha-256=:…:` of the body"),
    ),
    request_body(content = FederationQuery, content_type = "application/json"),
    responses(
        (status = 200, description = "Answered under an agreement in force (signed)", body = FederationAnswer),
        (status = 400, description = "The body is not a query (`…/exchange/invalid-body`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Unsigned, a signature that does not verify under a trusted key, a changed body, a stale `created` or a replayed nonce (`…/exchange/invalid-signature`, `unknown-key`, `digest-mismatch`, `stale-signature`, `replayed-request`), or an unknown consumer", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "No agreement in force covers the call (`…/exchange/no-agreement`, `agreement-expired`, `purpose-not-allowed`, `fields-not-covered`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such data service, or federation is off", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a well-formed NIK or NIB (`…/exchange/invalid-input`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The provider switched the data service off (`…/exchange/service-disabled`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn query(
    State(state): State<AppState>,
    Path((agency, service)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    // The URI the caller signed: this install's public address, then path and query.
    let path_and_query = uri.path_and_query().map_or("/", |p| p.as_str());
    let target = format!(
        "{}{path_and_query}",
        state.config.public_url.trim_end_matches('/')
    );
    let pairs: Vec<(String, String)> = headers
        .iter()
        .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
        .collect();
    let incoming = Incoming {
        method: method.as_str(),
        target_uri: &target,
        headers: &pairs,
        body: &body,
        provider: &agency,
        data_service: &service,
    };
    let (status, content_type, bytes) = match fed::answer(&state, &incoming).await? {
        Ok(answer) => (
            200,
            "application/json",
            serde_json::to_vec(&answer).unwrap_or_default(),
        ),
        Err(rejected) => {
            let status = rejected.status();
            let request_id = headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let problem = serde_json::json!({
                "type": format!("/api/v1/problems/exchange/{}", rejected.as_str()),
                "title": rejected.as_str().replace('-', " "),
                "status": status,
                "detail": rejected.detail(),
                "request_id": request_id,
            });
            (
                status,
                "application/problem+json",
                serde_json::to_vec(&problem).unwrap_or_default(),
            )
        }
    };
    let mut response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        bytes.clone(),
    )
        .into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    for (name, value) in fed::sign_response(
        &state,
        method.as_str(),
        &target,
        status,
        content_type,
        &bytes,
    ) {
        if let (Ok(n), Ok(v)) = (
            header::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            h.insert(n, v);
        }
    }
    Ok(response)
}
