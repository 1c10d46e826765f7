//! "My data": the staff reads of a person's records, and the download of everything the
//! platform holds about them.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use gerbang_app::my_data::{self, ReadOf};
use gerbang_domain::i18n::Lang;

use crate::AppState;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::pages::{SignedIn, render};

/// One read, ready to show.
pub struct ReadLine {
    pub when: String,
    pub agency: String,
    pub roles: String,
    pub officer: Option<String>,
    pub what: String,
    pub link: String,
}

#[derive(Template)]
#[template(path = "accounts/my_data.html")]
struct MyDataPage {
    ctx: RequestCtx,
    reads: Vec<ReadLine>,
    names: bool,
    /// Calls between agencies about the person: (when, what, outcome, case).
    exchanges: Vec<(String, String, String, String)>,
}

/// `GET /account/my-data`.
pub async fn page(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let reads = my_data::staff_reads(&state, &user).await?;
    let zone = gerbang_domain::time_zone::TimeZone::default();
    let reads = reads
        .into_iter()
        .map(|r| {
            let local = zone.local(r.at);
            let (what, link) = match r.of {
                ReadOf::Application => (
                    ctx.t1("my-data-of-application", "reference", &r.record),
                    format!("/applications/{}", r.record),
                ),
                ReadOf::Complaint => (
                    ctx.t1("my-data-of-complaint", "reference", &r.record),
                    format!("/complaints/{}", r.record),
                ),
                ReadOf::Document => (
                    ctx.t1("my-data-of-document", "number", &r.record),
                    format!("/documents/{}", r.record),
                ),
                ReadOf::Invoice => (
                    ctx.t1("my-data-of-invoice", "reference", &r.record),
                    format!("/applications/{}/payment", r.record),
                ),
            };
            ReadLine {
                when: format!(
                    "{} {:02}:{:02}",
                    ctx.date(&local.date()),
                    local.hour(),
                    local.minute()
                ),
                agency: if ctx.lang == Lang::Id {
                    r.agency_name_id
                } else {
                    r.agency_name_en
                },
                roles: r
                    .roles
                    .iter()
                    .map(|role| ctx.t(&format!("role-{role}")))
                    .collect::<Vec<_>>()
                    .join(", "),
                officer: r.officer,
                what,
                link,
            }
        })
        .collect();
    let cat = state.catalogue().await?;
    let agency_name = |slug: &str| {
        cat.agency(slug)
            .map_or_else(|| slug.to_owned(), |a| a.name(ctx.lang).to_owned())
    };
    let services = gerbang_app::exchange::services(&state).await?;
    let exchanges = gerbang_app::exchange::log_about_me(&state, &user)
        .await?
        .into_iter()
        .map(|e| {
            let def = services
                .iter()
                .find(|s| s.row.agency_slug == e.provider && s.row.slug == e.data_service);
            let service = def.map_or_else(
                || e.data_service.clone(),
                |d| d.def.name.get(ctx.lang).to_owned(),
            );
            let purpose = def.map_or_else(
                || e.purpose.clone(),
                |d| {
                    gerbang_app::exchange::purpose_label(&d.def, &e.purpose)
                        .get(ctx.lang)
                        .to_owned()
                },
            );
            // The purpose continues a sentence ("… for checking where …").
            let mut chars = purpose.chars();
            let purpose: String = chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or_default();
            let local = zone.local(e.at);
            let what = crate::i18n::t_args(
                ctx.lang,
                "my-data-exchange-line",
                &[
                    ("consumer", agency_name(&e.consumer).into()),
                    ("provider", agency_name(&e.provider).into()),
                    ("service", service.into()),
                    ("purpose", purpose.into()),
                ],
            );
            (
                format!(
                    "{} {:02}:{:02}",
                    ctx.date(&local.date()),
                    local.hour(),
                    local.minute()
                ),
                what,
                ctx.t(&format!("exchange-outcome-{}", e.outcome.replace('_', "-"))),
                e.case_reference.unwrap_or_default(),
            )
        })
        .collect();
    render(&MyDataPage {
        exchanges,
        reads,
        names: state.config.show_reader_names,
        ctx,
    })
}

/// `GET /account/my-data.json`: everything the platform holds about the signed-in
/// person, as a download.
pub async fn export(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let data = my_data::export(&state, &user).await?;
    let body =
        serde_json::to_string_pretty(&data).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"my-data.json\""),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}
