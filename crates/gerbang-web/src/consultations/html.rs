//! `/consultations`: the list, a draft with its comments and response report, commenting.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_app::consultations::{self as service, CommentInput, Listed, Page, pick};
use gerbang_domain::consultations::{MAX_COMMENT, Phase, Position};
use serde::Deserialize;

use super::{CommentView, SectionView, comment_view, paragraphs, section_label};
use crate::AppState;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::{CsrfForm, FormErrors};
use crate::http::pages::{meta, render, translate};

/// A consultation in a list, ready to show.
pub struct Line {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub agency: String,
    pub kind: String,
    pub phase: String,
    pub phase_code: &'static str,
    pub dates: String,
}

pub fn lines(ctx: &RequestCtx, listed: &[Listed]) -> Vec<Line> {
    listed
        .iter()
        .map(|l| Line {
            slug: l.row.slug.clone(),
            title: pick(ctx.lang, &l.row.title_en, &l.row.title_id).to_owned(),
            summary: pick(ctx.lang, &l.row.summary_en, &l.row.summary_id).to_owned(),
            agency: l.agency.name(ctx.lang).to_owned(),
            kind: ctx.t(&format!("consultation-kind-{}", l.row.kind)),
            phase: ctx.t(&format!("consultation-phase-{}", l.phase.as_str())),
            phase_code: l.phase.as_str(),
            dates: dates(ctx, &l.row.opens_on, &l.row.closes_on),
        })
        .collect()
}

fn dates(ctx: &RequestCtx, opens: &time::Date, closes: &time::Date) -> String {
    format!("{} – {}", ctx.date(opens), ctx.date(closes))
}

#[derive(Template)]
#[template(path = "consultations/list.html")]
struct ListPage {
    ctx: RequestCtx,
    lines: Vec<Line>,
}

/// `GET /consultations`.
pub async fn list(State(state): State<AppState>, ctx: RequestCtx) -> Result<Response, WebError> {
    let listed = service::list(&state, None).await?;
    render(&ListPage {
        lines: lines(&ctx, &listed),
        ctx,
    })
}

/// A theme of the response report, ready to show.
pub struct ThemeView {
    pub title: String,
    pub response: Vec<String>,
    pub changed: bool,
    pub comments: Vec<CommentView>,
}

#[derive(Template)]
#[template(path = "consultations/show.html")]
struct ShowPage {
    ctx: RequestCtx,
    errors: FormErrors,
    slug: String,
    title: String,
    summary: Vec<String>,
    agency: String,
    agency_slug: String,
    kind: String,
    phase: String,
    phase_code: &'static str,
    dates: String,
    pdf: Option<String>,
    whole: SectionView,
    sections: Vec<SectionView>,
    total: gerbang_domain::consultations::Counts,
    mine: Vec<CommentView>,
    may_comment: bool,
    signed_out: bool,
    manages: bool,
    report: Option<Vec<String>>,
    themes: Vec<ThemeView>,
    /// What was typed, when the form comes back with errors.
    form: CommentForm,
    section_options: Vec<(String, String)>,
    positions: Vec<(&'static str, String)>,
    max_comment: usize,
    notice: Option<String>,
}

fn show_page(
    ctx: RequestCtx,
    p: Page,
    form: CommentForm,
    errors: FormErrors,
    notice: Option<String>,
) -> ShowPage {
    let view = |section: Option<i32>| {
        let comments = p
            .comments_on(section)
            .into_iter()
            .map(|c| comment_view(&ctx, c, &p.sections))
            .collect();
        let counts = p
            .counts
            .iter()
            .find(|(s, _)| *s == section)
            .map(|(_, c)| *c)
            .unwrap_or_default();
        (comments, counts)
    };
    let (comments, counts) = view(None);
    let whole = SectionView {
        number: None,
        anchor: "whole".into(),
        heading: ctx.t("consultation-whole"),
        body: Vec::new(),
        counts,
        comments,
    };
    let sections = p
        .sections
        .iter()
        .map(|s| {
            let (comments, counts) = view(Some(s.number));
            SectionView {
                number: Some(s.number),
                anchor: format!("section-{}", s.number),
                heading: pick(ctx.lang, &s.heading_en, &s.heading_id).to_owned(),
                body: paragraphs(pick(ctx.lang, &s.body_en, &s.body_id)),
                counts,
                comments,
            }
        })
        .collect();
    let themes = p
        .themes
        .iter()
        .map(|t| ThemeView {
            title: t.title.clone(),
            response: paragraphs(&t.response),
            changed: t.changed,
            comments: p
                .published
                .iter()
                .filter(|c| c.theme_id == Some(t.id))
                .map(|c| comment_view(&ctx, c, &p.sections))
                .collect(),
        })
        .collect();
    let section_options = std::iter::once((String::new(), ctx.t("consultation-whole")))
        .chain(p.sections.iter().map(|s| {
            (
                s.number.to_string(),
                section_label(&ctx, Some(s.number), &p.sections),
            )
        }))
        .collect();
    ShowPage {
        errors,
        slug: p.row.slug.clone(),
        title: pick(ctx.lang, &p.row.title_en, &p.row.title_id).to_owned(),
        summary: paragraphs(pick(ctx.lang, &p.row.summary_en, &p.row.summary_id)),
        agency: p.agency.name(ctx.lang).to_owned(),
        agency_slug: p.agency.slug.clone(),
        kind: ctx.t(&format!("consultation-kind-{}", p.row.kind)),
        phase: ctx.t(&format!("consultation-phase-{}", p.phase.as_str())),
        phase_code: p.phase.as_str(),
        dates: dates(&ctx, &p.row.opens_on, &p.row.closes_on),
        pdf: p.row.pdf_filename.clone(),
        whole,
        sections,
        total: p.total(),
        mine: p
            .mine
            .iter()
            .map(|c| comment_view(&ctx, c, &p.sections))
            .collect(),
        may_comment: p.may_comment,
        signed_out: ctx.user.is_none() && p.phase == Phase::Open,
        manages: p.manages,
        report: p
            .row
            .report_published_at
            .map(|_| paragraphs(pick(ctx.lang, &p.row.report_en, &p.row.report_id))),
        themes,
        form,
        section_options,
        positions: Position::ALL
            .iter()
            .map(|x| {
                (
                    x.as_str(),
                    ctx.t(&format!("consultation-position-{}", x.as_str())),
                )
            })
            .collect(),
        max_comment: MAX_COMMENT,
        notice,
        ctx,
    }
}

/// `?done=` after commenting.
#[derive(Debug, Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    pub done: Option<String>,
}

/// `GET /consultations/{slug}`.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(slug): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, WebError> {
    let page = service::open(&state, ctx.user.as_deref(), &slug).await?;
    let notice = q
        .done
        .filter(|d| d == "comment")
        .map(|_| ctx.t("consultation-done-comment"));
    render(&show_page(
        ctx,
        page,
        CommentForm::default(),
        FormErrors::default(),
        notice,
    ))
}

/// The comment form.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct CommentForm {
    #[serde(default)]
    pub section: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub body: String,
}

/// `POST /consultations/{slug}/comments`.
pub async fn comment(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(slug): Path<String>,
    CsrfForm(form): CsrfForm<CommentForm>,
) -> Result<Response, WebError> {
    let user = ctx.require_user()?.clone();
    let input = CommentInput {
        section: form.section.clone(),
        position: form.position.clone(),
        body: form.body.clone(),
    };
    match service::comment(&state, &user, &slug, &input, &meta(&ctx)).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/consultations/{slug}?done=comment#my-comments"))
                .into_response(),
        ),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let page = service::open(&state, Some(&user), &slug).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&show_page(ctx, page, form, errors, None))?,
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /consultations/{slug}/draft.pdf`.
pub async fn pdf(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (name, bytes) = service::pdf(&state, &slug).await?;
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{safe}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
