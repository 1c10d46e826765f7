//! The endpoints peer installs call: `POST /federation/v1/data-services/{agency}/{service}/query`
//! (a signed request, a signed answer) and `GET /federation/v1/jwks.json` (this install's
//! public key). The checks are in [`gerbang_app::exchange::federation`].

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use gerbang_app::exchange::federation::{self as fed, Incoming};

use crate::AppState;
use crate::error::WebError;

/// `GET /federation/v1/jwks.json`: the public key peers verify this install's signatures with.
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
            let problem = serde_json::json!({
                "type": format!("/api/v1/problems/exchange/{}", rejected.as_str()),
                "title": rejected.as_str().replace('-', " "),
                "status": status,
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
