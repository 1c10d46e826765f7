//! The site's own pages (accessibility statement, privacy notice, help and contact):
//! written by the platform administrator in Markdown, per language, with the text the
//! platform ships as the default until then.

use gerbang_domain::i18n::Lang;
use gerbang_store::site_pages;
use time::OffsetDateTime;

use crate::App;
use crate::accounts::service::Meta;
use crate::authz::{self, Action, Resource};
use crate::error::{AppError, FieldProblem};
use crate::user::SessionUser;

/// The pages every install has, in the footer's order.
pub const PAGES: [&str; 3] = ["help", "accessibility", "privacy"];

/// Longest title, in characters.
const MAX_TITLE_CHARS: usize = 120;
/// Longest body, in characters.
const MAX_BODY_CHARS: usize = 50_000;

/// A page to show.
#[derive(Debug, Clone)]
pub struct SitePage {
    pub slug: &'static str,
    pub title: String,
    /// Markdown.
    pub body: String,
    /// When the administrator last changed it; `None` for the shipped text.
    pub updated_at: Option<OffsetDateTime>,
}

/// The known slug equal to `slug`.
fn known(slug: &str) -> Result<&'static str, AppError> {
    PAGES
        .iter()
        .copied()
        .find(|p| *p == slug)
        .ok_or(AppError::NOT_FOUND)
}

/// The shipped text of a page: its first line is `# Title`.
fn shipped(slug: &str, lang: Lang) -> (String, String) {
    let text = match (slug, lang) {
        ("accessibility", Lang::En) => include_str!("../content/accessibility.en.md"),
        ("accessibility", Lang::Id) => include_str!("../content/accessibility.id.md"),
        ("privacy", Lang::En) => include_str!("../content/privacy.en.md"),
        ("privacy", Lang::Id) => include_str!("../content/privacy.id.md"),
        ("help", Lang::En) => include_str!("../content/help.en.md"),
        ("help", Lang::Id) => include_str!("../content/help.id.md"),
        _ => "",
    };
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    (
        first.trim_start_matches('#').trim().to_owned(),
        rest.trim().to_owned(),
    )
}

/// The page `slug` in `lang`: as the administrator wrote it, else the shipped text.
pub async fn page(state: &App, slug: &str, lang: Lang) -> Result<SitePage, AppError> {
    let slug = known(slug)?;
    Ok(match site_pages::get(&state.db, slug, lang.tag()).await? {
        Some(row) => SitePage {
            slug,
            title: row.title,
            body: row.body,
            updated_at: Some(row.updated_at),
        },
        None => {
            let (title, body) = shipped(slug, lang);
            SitePage {
                slug,
                title,
                body,
                updated_at: None,
            }
        }
    })
}

/// Replaces the page `slug` in `lang` (platform administrators; audited).
pub async fn save(
    state: &App,
    user: &SessionUser,
    slug: &str,
    lang: Lang,
    title: &str,
    body: &str,
    meta: &Meta,
) -> Result<(), AppError> {
    authz::check(Some(user), Action::ManageSite, Resource::Platform)?;
    let slug = known(slug)?;
    let title = title.trim();
    let body = body.replace("\r\n", "\n");
    let body = body.trim();
    let mut problems = Vec::new();
    if title.is_empty() {
        problems.push(FieldProblem::new("title", "error-page-title-required"));
    } else if title.chars().count() > MAX_TITLE_CHARS {
        let mut p = FieldProblem::new("title", "error-page-title-too-long");
        p.args.push(("n", MAX_TITLE_CHARS.to_string()));
        problems.push(p);
    }
    if body.is_empty() {
        problems.push(FieldProblem::new("body", "error-page-body-required"));
    } else if body.chars().count() > MAX_BODY_CHARS {
        let mut p = FieldProblem::new("body", "error-page-body-too-long");
        p.args.push(("n", MAX_BODY_CHARS.to_string()));
        problems.push(p);
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let mut tx = state.db.begin().await?;
    site_pages::save(&mut tx, slug, lang.tag(), title, body, user.id).await?;
    meta.audit("site.page_save", &format!("page:{slug}"))
        .details(serde_json::json!({ "lang": lang.tag(), "title": title }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_ships_with_a_title_and_text_in_both_languages() {
        for slug in PAGES {
            for lang in Lang::ALL {
                let (title, body) = shipped(slug, lang);
                assert!(!title.is_empty(), "{slug} {lang:?}: no title");
                assert!(body.len() > 500, "{slug} {lang:?}: too short");
                assert!(!body.contains('<'), "{slug} {lang:?}: raw HTML");
            }
        }
    }
}
