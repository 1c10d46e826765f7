//! `/backoffice/consultations`: an agency's administrators publish drafts, moderate
//! comments and write the response report.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_app::authz::{Action, Resource, allows};
use gerbang_app::consultations::{self as service, Decision, Draft, Pdf, ThemeInput, pick};
use gerbang_domain::consultations::{Kind, Phase, Refusal};
use gerbang_store::catalog::AgencyRow;
use serde::Deserialize;

use super::html::{Line, lines};
use super::{CommentView, comment_view};
use crate::AppState;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::{CsrfForm, FormErrors, read_multipart};
use crate::http::pages::{SignedIn, meta, render, translate};

async fn managed(state: &AppState, ctx: &RequestCtx) -> Result<Vec<AgencyRow>, WebError> {
    let catalogue = state.catalogue().await?;
    let agencies: Vec<AgencyRow> = catalogue
        .agencies
        .iter()
        .filter(|a| {
            allows(
                ctx.user.as_deref(),
                Action::ManageConsultations,
                Resource::Agency(a.id),
            )
        })
        .cloned()
        .collect();
    if agencies.is_empty() {
        return Err(AppError::FORBIDDEN.into());
    }
    Ok(agencies)
}

#[derive(Template)]
#[template(path = "consultations/staff_list.html")]
struct StaffList {
    ctx: RequestCtx,
    lines: Vec<Line>,
}

/// `GET /backoffice/consultations`.
pub async fn list(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(_): SignedIn,
) -> Result<Response, WebError> {
    let agencies = managed(&state, &ctx).await?;
    let mut listed = Vec::new();
    for a in &agencies {
        listed.extend(service::list(&state, Some(a.id)).await?);
    }
    render(&StaffList {
        lines: lines(&ctx, &listed),
        ctx,
    })
}

#[derive(Template)]
#[template(path = "consultations/new.html")]
struct NewPage {
    ctx: RequestCtx,
    errors: FormErrors,
    agencies: Vec<AgencyRow>,
    agency: String,
    kinds: Vec<(&'static str, String)>,
    draft: Draft,
}

fn new_page(
    ctx: RequestCtx,
    agencies: Vec<AgencyRow>,
    agency: String,
    draft: Draft,
    errors: FormErrors,
) -> NewPage {
    NewPage {
        kinds: Kind::ALL
            .iter()
            .map(|k| {
                (
                    k.as_str(),
                    ctx.t(&format!("consultation-kind-{}", k.as_str())),
                )
            })
            .collect(),
        errors,
        agencies,
        agency,
        draft,
        ctx,
    }
}

/// `?agency=`.
#[derive(Debug, Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    pub agency: String,
}

/// `GET /backoffice/consultations/new`.
pub async fn new_form(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(_): SignedIn,
    Query(q): Query<NewQuery>,
) -> Result<Response, WebError> {
    let agencies = managed(&state, &ctx).await?;
    let draft = Draft {
        kind: "regulation".into(),
        ..Draft::default()
    };
    render(&new_page(
        ctx,
        agencies,
        q.agency,
        draft,
        FormErrors::default(),
    ))
}

/// `POST /backoffice/consultations/new` (multipart: the PDF is optional).
pub async fn publish(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    mp: Multipart,
) -> Result<Response, WebError> {
    let (values, parts) = read_multipart(&ctx, mp, &["pdf"]).await?;
    let v = |k: &str| values.get(k).cloned().unwrap_or_default();
    let draft = Draft {
        kind: v("kind"),
        title_en: v("title_en"),
        title_id: v("title_id"),
        summary_en: v("summary_en"),
        summary_id: v("summary_id"),
        text_en: v("text_en"),
        text_id: v("text_id"),
        opens_on: v("opens_on"),
        closes_on: v("closes_on"),
    };
    let pdf = parts
        .into_iter()
        .find(|p| p.field == "pdf" && !p.bytes.is_empty())
        .map(|p| Pdf {
            filename: p.filename,
            bytes: p.bytes,
        });
    let agency = v("agency");
    match service::publish(&state, &user, &agency, &draft, pdf, &meta(&ctx)).await {
        Ok(slug) => Ok(Redirect::to(&format!("/backoffice/consultations/{slug}")).into_response()),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let agencies = managed(&state, &ctx).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&new_page(ctx, agencies, agency, draft, errors))?,
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "consultations/staff.html")]
struct StaffPage {
    ctx: RequestCtx,
    errors: FormErrors,
    slug: String,
    title: String,
    phase: String,
    closed: bool,
    reported: bool,
    pending: Vec<CommentView>,
    published: Vec<(CommentView, bool)>,
    themes: Vec<(String, bool, usize)>,
    refusals: Vec<(&'static str, String)>,
    done: Option<String>,
}

async fn staff_page(
    state: &AppState,
    ctx: RequestCtx,
    slug: &str,
    errors: FormErrors,
    done: Option<String>,
) -> Result<StaffPage, WebError> {
    let user = ctx.require_user()?.clone();
    let (page, pending) = service::queue(state, &user, slug).await?;
    let themes = page
        .themes
        .iter()
        .map(|t| {
            let n = page
                .published
                .iter()
                .filter(|c| c.theme_id == Some(t.id))
                .count();
            (t.title.clone(), t.changed, n)
        })
        .collect();
    Ok(StaffPage {
        errors,
        slug: page.row.slug.clone(),
        title: pick(ctx.lang, &page.row.title_en, &page.row.title_id).to_owned(),
        phase: ctx.t(&format!("consultation-phase-{}", page.phase.as_str())),
        closed: page.phase == Phase::Closed,
        reported: page.reported(),
        pending: pending
            .iter()
            .map(|c| comment_view(&ctx, c, &page.sections))
            .collect(),
        published: page
            .published
            .iter()
            .map(|c| (comment_view(&ctx, c, &page.sections), c.theme_id.is_some()))
            .collect(),
        themes,
        refusals: Refusal::ALL
            .iter()
            .map(|r| {
                (
                    r.as_str(),
                    ctx.t(&format!("consultation-refusal-{}", r.as_str())),
                )
            })
            .collect(),
        done: done
            .filter(|d| d.chars().all(|c| c.is_ascii_lowercase()))
            .map(|d| ctx.t(&format!("consultation-staff-done-{d}"))),
        ctx,
    })
}

/// `?done=`.
#[derive(Debug, Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    pub done: Option<String>,
}

/// `GET /backoffice/consultations/{slug}`: the moderation queue and the response report.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(_): SignedIn,
    Path(slug): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    render(&staff_page(&state, ctx, &slug, FormErrors::default(), q.done).await?)
}

/// A moderation decision.
#[derive(Debug, Deserialize, Default)]
pub struct ModerateForm {
    pub comment: i64,
    pub decision: String,
    #[serde(default)]
    pub reason: String,
}

/// `POST /backoffice/consultations/{slug}/moderate`.
pub async fn moderate(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    CsrfForm(form): CsrfForm<ModerateForm>,
) -> Result<Response, WebError> {
    let decision = match form.decision.as_str() {
        "publish" => Decision::Publish,
        "refuse" => match Refusal::parse(&form.reason) {
            Some(r) => Decision::Refuse(r),
            None => {
                let mut errors = FormErrors::default();
                errors.add(
                    &format!("reason-{}", form.comment),
                    ctx.t("consultation-error-reason"),
                );
                let page = staff_page(&state, ctx, &slug, errors, None).await?;
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
            }
        },
        _ => return Err(AppError::Kind(gerbang_app::ErrorKind::BadRequest).into()),
    };
    service::moderate(&state, &user, &slug, form.comment, decision, &meta(&ctx)).await?;
    Ok(Redirect::to(&format!("/backoffice/consultations/{slug}?done=moderated")).into_response())
}

/// `POST /backoffice/consultations/{slug}/themes`: fields `theme_title`, `theme_response`,
/// `changed`, and one `comment` per comment it answers.
pub async fn theme(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut comments = Vec::new();
    for (_, v) in pairs.iter().filter(|(n, _)| n == "comment") {
        comments.push(
            v.parse::<i64>()
                .map_err(|_| AppError::Kind(gerbang_app::ErrorKind::BadRequest))?,
        );
    }
    let input = ThemeInput {
        title: get("theme_title"),
        response: get("theme_response"),
        changed: get("changed") == "on",
        comments,
    };
    match service::add_theme(&state, &user, &slug, &input, &meta(&ctx)).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/backoffice/consultations/{slug}?done=theme")).into_response(),
        ),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let page = staff_page(&state, ctx, &slug, errors, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The response report's introduction.
#[derive(Debug, Deserialize, Default)]
pub struct ReportForm {
    #[serde(default)]
    pub report_en: String,
    #[serde(default)]
    pub report_id: String,
}

/// `POST /backoffice/consultations/{slug}/report`.
pub async fn report(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> Result<Response, WebError> {
    match service::publish_report(
        &state,
        &user,
        &slug,
        &form.report_en,
        &form.report_id,
        &meta(&ctx),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/consultations/{slug}#report")).into_response()),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let page = staff_page(&state, ctx, &slug, errors, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
