//! Open data: a page listing the datasets, and the service catalogue (CPSV-AP 3.2.0) and
//! the dataset catalogue (DCAT-AP 3.0.1) as Turtle and JSON-LD, at stable URLs.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use gerbang_app::open_data::{self, rdf::Graph};

use crate::AppState;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::pages::{published, render};

#[derive(Template)]
#[template(path = "open_data/index.html")]
struct IndexPage {
    ctx: RequestCtx,
}

/// `GET /open-data`.
pub async fn index(ctx: RequestCtx) -> Result<Response, WebError> {
    render(&IndexPage { ctx })
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
        300,
    ))
}

/// `GET /open-data/services.jsonld`: the catalogue as CPSV-AP, JSON-LD.
pub async fn services_jsonld(State(state): State<AppState>) -> Result<Response, WebError> {
    Ok(published(
        json(&services_graph(&state).await?.json_ld())?,
        "application/ld+json",
        300,
    ))
}

/// `GET /open-data/catalog.ttl`: the datasets as DCAT-AP, Turtle.
pub async fn catalog_ttl(State(state): State<AppState>) -> Result<Response, WebError> {
    Ok(published(
        datasets_graph(&state).turtle(),
        "text/turtle; charset=utf-8",
        300,
    ))
}

/// `GET /open-data/catalog.jsonld`: the datasets as DCAT-AP, JSON-LD.
pub async fn catalog_jsonld(State(state): State<AppState>) -> Result<Response, WebError> {
    Ok(published(
        json(&datasets_graph(&state).json_ld())?,
        "application/ld+json",
        300,
    ))
}
