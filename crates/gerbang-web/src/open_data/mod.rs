//! Open data: a page listing the datasets, and the service catalogue (CPSV-AP 3.2.0) and
//! the dataset catalogue (DCAT-AP 3.0.1) as Turtle and JSON-LD, at stable URLs.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use gerbang_app::open_data::{self, rdf::Graph};

use crate::AppState;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::pages::render;

#[derive(Template)]
#[template(path = "open_data/index.html")]
struct IndexPage {
    ctx: RequestCtx,
}

/// `GET /open-data`.
pub async fn index(ctx: RequestCtx) -> Result<Response, WebError> {
    render(&IndexPage { ctx })
}

fn published(body: String, content_type: &'static str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    res
}

async fn services_graph(state: &AppState) -> Result<Graph, AppError> {
    let catalogue = state.catalogue().await?;
    Ok(open_data::services(
        &catalogue,
        &state.config.site_name,
        &state.config.public_url,
    ))
}

fn datasets_graph(state: &AppState) -> Graph {
    open_data::datasets(
        &state.config.site_name,
        &state.config.public_url,
        state.clock.now().date(),
    )
}

fn json(value: &serde_json::Value) -> Result<String, AppError> {
    serde_json::to_string_pretty(value).map_err(|e| AppError::Internal(e.to_string()))
}

/// `GET /open-data/services.ttl`: the catalogue as CPSV-AP, Turtle.
pub async fn services_ttl(State(state): State<AppState>) -> Result<Response, WebError> {
    Ok(published(
        services_graph(&state).await?.turtle(),
        "text/turtle; charset=utf-8",
    ))
}

/// `GET /open-data/services.jsonld`: the catalogue as CPSV-AP, JSON-LD.
pub async fn services_jsonld(State(state): State<AppState>) -> Result<Response, WebError> {
    Ok(published(
        json(&services_graph(&state).await?.json_ld())?,
        "application/ld+json",
    ))
}

/// `GET /open-data/catalog.ttl`: the datasets as DCAT-AP, Turtle.
pub async fn catalog_ttl(State(state): State<AppState>) -> Result<Response, WebError> {
    Ok(published(
        datasets_graph(&state).turtle(),
        "text/turtle; charset=utf-8",
    ))
}

/// `GET /open-data/catalog.jsonld`: the datasets as DCAT-AP, JSON-LD.
pub async fn catalog_jsonld(State(state): State<AppState>) -> Result<Response, WebError> {
    Ok(published(
        json(&datasets_graph(&state).json_ld())?,
        "application/ld+json",
    ))
}
