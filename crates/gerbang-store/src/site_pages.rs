//! Pages written by the platform administrator: one row per page and language.

use time::OffsetDateTime;

use crate::{Db, Result, Tx};

/// A page as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SitePageRow {
    pub slug: String,
    pub lang: String,
    pub title: String,
    /// Markdown.
    pub body: String,
    pub updated_at: OffsetDateTime,
    pub updated_by: i64,
}

/// The page `slug` in `lang`, if the administrator has written it.
pub async fn get(db: &Db, slug: &str, lang: &str) -> Result<Option<SitePageRow>> {
    Ok(on_db!(db, p => sqlx::query_as::<_, SitePageRow>(
        "SELECT slug, lang, title, body, updated_at, updated_by FROM site_pages WHERE slug = $1 AND lang = $2",
    )
    .bind(slug)
    .bind(lang)
    .fetch_optional(p)
    .await?))
}

/// Writes (replaces) the page `slug` in `lang`.
pub async fn save(
    tx: &mut Tx,
    slug: &str,
    lang: &str,
    title: &str,
    body: &str,
    by: i64,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM site_pages WHERE slug = $1 AND lang = $2")
        .bind(slug)
        .bind(lang)
        .execute(c)
        .await?
        .rows_affected());
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO site_pages (slug, lang, title, body, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(slug)
    .bind(lang)
    .bind(title)
    .bind(body)
    .bind(OffsetDateTime::now_utc())
    .bind(by)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}
