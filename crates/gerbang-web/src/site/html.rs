//! `/help`, `/accessibility`, `/privacy` for everyone; `/admin/pages/{slug}` for the
//! platform administrator to rewrite them in Markdown, per language.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_app::site::{self, PAGES};
use gerbang_domain::i18n::Lang;
use pulldown_cmark::{Event, Options, Parser};
use serde::Deserialize;

use crate::AppState;
use crate::authz::{self, Action, Resource};
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::{CsrfForm, FormErrors};
use crate::http::pages::{SignedIn, meta, render, translate, when};

/// Markdown to HTML. Raw HTML in the source is shown as text, never passed through, so
/// a page can hold no script, style or form whoever wrote it.
pub fn markdown(source: &str) -> String {
    let events = Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH).map(|e| match e {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

#[derive(Template)]
#[template(path = "site/page.html")]
struct PageView {
    ctx: RequestCtx,
    title: String,
    html: String,
    updated: Option<String>,
    edit: Option<String>,
}

/// `GET /help`, `/accessibility`, `/privacy`.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let page = site::page(&state, &slug, ctx.lang).await?;
    let edit = authz::allows(ctx.user.as_deref(), Action::ManageSite, Resource::Platform)
        .then(|| format!("/admin/pages/{}?lang={}", page.slug, ctx.lang_tag()));
    render(&PageView {
        title: page.title,
        html: markdown(&page.body),
        updated: page.updated_at.map(|t| when(ctx.lang, t)),
        edit,
        ctx,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct EditQuery {
    lang: Option<String>,
    done: Option<String>,
}

/// What the editor sends.
#[derive(Debug, Default, Deserialize)]
pub struct PageForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

#[derive(Template)]
#[template(path = "admin/page_edit.html")]
struct EditView {
    ctx: RequestCtx,
    slug: String,
    lang: Lang,
    title: String,
    body: String,
    errors: FormErrors,
    notice: Option<String>,
    pages: Vec<(&'static str, String)>,
}

impl EditView {
    fn lang_name(&self) -> &'static str {
        self.lang.endonym()
    }
}

/// The other pages, for the editor's list: (slug, title in the interface's language).
async fn page_list(state: &AppState, lang: Lang) -> Result<Vec<(&'static str, String)>, AppError> {
    let mut out = Vec::new();
    for slug in PAGES {
        out.push((slug, site::page(state, slug, lang).await?.title));
    }
    Ok(out)
}

/// `GET /admin/pages/{slug}?lang=en`: the editor.
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Query(q): Query<EditQuery>,
) -> Result<Response, WebError> {
    authz::check(Some(&user), Action::ManageSite, Resource::Platform)?;
    let lang = q
        .lang
        .as_deref()
        .and_then(Lang::from_tag)
        .unwrap_or(ctx.lang);
    let page = site::page(&state, &slug, lang).await?;
    let notice = (q.done.as_deref() == Some("saved")).then(|| ctx.t("notice-page-saved"));
    render(&EditView {
        slug: page.slug.to_owned(),
        lang,
        title: page.title,
        body: page.body,
        errors: FormErrors::default(),
        notice,
        pages: page_list(&state, ctx.lang).await?,
        ctx,
    })
}

/// `POST /admin/pages/{slug}`: saves one language of the page.
pub async fn save(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    CsrfForm(form): CsrfForm<PageForm>,
) -> Result<Response, WebError> {
    let lang =
        Lang::from_tag(&form.lang).ok_or(AppError::Kind(crate::error::ErrorKind::BadRequest))?;
    match site::save(
        &state,
        &user,
        &slug,
        lang,
        &form.title,
        &form.body,
        &meta(&ctx),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "/admin/pages/{slug}?lang={}&done=saved",
            lang.tag()
        ))
        .into_response()),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let view = EditView {
                slug: slug.clone(),
                lang,
                title: form.title,
                body: form.body,
                errors,
                notice: None,
                pages: page_list(&state, ctx.lang).await?,
                ctx,
            };
            let mut res = render(&view)?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /site/emblem`: the configured emblem (SVG or PNG), if any. An SVG opened on its
/// own runs nothing: the answer's policy allows no script.
pub async fn emblem(State(state): State<AppState>) -> Result<Response, WebError> {
    let Some(path) = state.config.emblem.as_ref() else {
        return Err(WebError::NOT_FOUND);
    };
    let content_type = match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("svg") => "image/svg+xml",
        Some(e) if e.eq_ignore_ascii_case("png") => "image/png",
        _ => return Err(WebError::NOT_FOUND),
    };
    let bytes = tokio::fs::read(path)
        .await
        .map_err(|e| AppError::Internal(format!("emblem {}: {e}", path.display())))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, content_type),
            (axum::http::header::CACHE_CONTROL, "public, max-age=86400"),
            (
                axum::http::header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'",
            ),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::markdown;

    #[test]
    fn markdown_never_passes_html_through() {
        let html = markdown(
            "# Hi\n\n<script>alert(1)</script>\n\nText <b onclick=x>bold</b> and [a link](/help).",
        );
        assert!(html.contains("<h1>Hi</h1>"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        assert!(html.contains("<a href=\"/help\">a link</a>"), "{html}");
    }
}
