//! Public consultations: the drafts and their sections, comments and their moderation,
//! and the themes of the response report.

use time::{Date, OffsetDateTime};

use crate::{Conn, Db, Result, Tx};

/// A consultation as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConsultationRow {
    pub id: i64,
    pub agency_id: i64,
    pub slug: String,
    pub kind: String,
    pub title_en: String,
    pub title_id: String,
    pub summary_en: String,
    pub summary_id: String,
    pub opens_on: Date,
    pub closes_on: Date,
    pub pdf_filename: Option<String>,
    pub pdf_size_bytes: Option<i64>,
    pub pdf_storage_key: Option<String>,
    pub report_en: String,
    pub report_id: String,
    pub report_published_at: Option<OffsetDateTime>,
    pub created_by: i64,
    pub created_at: OffsetDateTime,
}

macro_rules! columns {
    () => {
        "id, agency_id, slug, kind, title_en, title_id, summary_en, summary_id, \
         opens_on, closes_on, pdf_filename, pdf_size_bytes, pdf_storage_key, report_en, report_id, \
         report_published_at, created_by, created_at"
    };
}

/// A consultation to create.
#[derive(Debug, Clone)]
pub struct NewConsultation<'a> {
    pub agency_id: i64,
    pub slug: &'a str,
    pub kind: &'a str,
    pub title_en: &'a str,
    pub title_id: &'a str,
    pub summary_en: &'a str,
    pub summary_id: &'a str,
    pub opens_on: Date,
    pub closes_on: Date,
    /// File name, size and storage key of the attached PDF.
    pub pdf: Option<(&'a str, i64, &'a str)>,
    pub created_by: i64,
    pub now: OffsetDateTime,
}

/// Creates a consultation; a taken slug is `StoreError::Conflict`.
pub async fn insert(tx: &mut Tx, c: &NewConsultation<'_>) -> Result<i64> {
    Ok(on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO consultations (agency_id, slug, kind, title_en, title_id, summary_en, summary_id, \
         opens_on, closes_on, pdf_filename, pdf_size_bytes, pdf_storage_key, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(c.agency_id)
    .bind(c.slug)
    .bind(c.kind)
    .bind(c.title_en)
    .bind(c.title_id)
    .bind(c.summary_en)
    .bind(c.summary_id)
    .bind(c.opens_on)
    .bind(c.closes_on)
    .bind(c.pdf.map(|p| p.0))
    .bind(c.pdf.map(|p| p.1))
    .bind(c.pdf.map(|p| p.2))
    .bind(c.created_by)
    .bind(c.now)
    .fetch_one(conn)
    .await?))
}

/// One section in both languages.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SectionRow {
    pub number: i32,
    pub heading_en: String,
    pub heading_id: String,
    pub body_en: String,
    pub body_id: String,
}

pub async fn add_section(tx: &mut Tx, consultation_id: i64, s: &SectionRow) -> Result<()> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO consultation_sections (consultation_id, number, heading_en, heading_id, body_en, body_id) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(consultation_id)
    .bind(s.number)
    .bind(&s.heading_en)
    .bind(&s.heading_id)
    .bind(&s.body_en)
    .bind(&s.body_id)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(())
}

pub async fn sections(conn: impl Into<Conn<'_>>, consultation_id: i64) -> Result<Vec<SectionRow>> {
    Ok(on_conn!(conn, p => sqlx::query_as(
        "SELECT number, heading_en, heading_id, body_en, body_id FROM consultation_sections \
         WHERE consultation_id = $1 ORDER BY number",
    )
    .bind(consultation_id)
    .fetch_all(p)
    .await?))
}

pub async fn by_slug(conn: impl Into<Conn<'_>>, slug: &str) -> Result<Option<ConsultationRow>> {
    const SQL: &str = concat!("SELECT ", columns!(), " FROM consultations WHERE slug = $1");
    Ok(on_conn!(conn, p => sqlx::query_as(SQL).bind(slug).fetch_optional(p).await?))
}

/// Every consultation (of one agency, or all), the latest to close first.
pub async fn list(db: &Db, agency_id: Option<i64>) -> Result<Vec<ConsultationRow>> {
    const SQL: &str = concat!(
        "SELECT ",
        columns!(),
        " FROM consultations WHERE ($1 IS NULL OR agency_id = $1) ORDER BY closes_on DESC, id DESC"
    );
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(agency_id).fetch_all(p).await?))
}

/// Publishes the response report's introduction.
pub async fn publish_report(
    tx: &mut Tx,
    id: i64,
    report_en: &str,
    report_id: &str,
    now: OffsetDateTime,
) -> Result<bool> {
    let n = on_tx!(tx, conn => sqlx::query(
        "UPDATE consultations SET report_en = $1, report_id = $2, report_published_at = $3 \
         WHERE id = $4 AND report_published_at IS NULL",
    )
    .bind(report_en)
    .bind(report_id)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(n == 1)
}

/// A comment as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub consultation_id: i64,
    pub section: Option<i32>,
    pub author_id: i64,
    pub position: String,
    pub body: String,
    pub state: String,
    pub refusal: Option<String>,
    pub moderated_by: Option<i64>,
    pub theme_id: Option<i64>,
    pub created_at: OffsetDateTime,
}

macro_rules! comment_columns {
    () => {
        "SELECT id, consultation_id, section, author_id, position, body, state, \
         refusal, moderated_by, theme_id, created_at FROM consultation_comments WHERE consultation_id = $1"
    };
}

/// A comment to record (pending moderation).
#[derive(Debug, Clone)]
pub struct NewComment<'a> {
    pub consultation_id: i64,
    pub section: Option<i32>,
    pub author_id: i64,
    pub position: &'a str,
    pub body: &'a str,
    pub now: OffsetDateTime,
}

pub async fn add_comment(tx: &mut Tx, c: &NewComment<'_>) -> Result<i64> {
    Ok(on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO consultation_comments (consultation_id, section, author_id, position, body, state, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id",
    )
    .bind(c.consultation_id)
    .bind(c.section)
    .bind(c.author_id)
    .bind(c.position)
    .bind(c.body)
    .bind(c.now)
    .fetch_one(conn)
    .await?))
}

/// Which comments of a consultation.
#[derive(Debug, Clone, Copy)]
pub enum Which {
    /// In one moderation state.
    State(&'static str),
    /// By one author, whatever their state.
    Author(i64),
}

/// Comments of a consultation, oldest first.
pub async fn comments(
    conn: impl Into<Conn<'_>>,
    consultation_id: i64,
    which: Which,
) -> Result<Vec<CommentRow>> {
    Ok(match which {
        Which::State(state) => {
            const SQL: &str = concat!(comment_columns!(), " AND state = $2 ORDER BY id");
            on_conn!(conn, p => sqlx::query_as(SQL).bind(consultation_id).bind(state).fetch_all(p).await?)
        }
        Which::Author(author) => {
            const SQL: &str = concat!(comment_columns!(), " AND author_id = $2 ORDER BY id");
            on_conn!(conn, p => sqlx::query_as(SQL).bind(consultation_id).bind(author).fetch_all(p).await?)
        }
    })
}

/// Moderates a pending comment; false when it was not pending any more (409).
pub async fn moderate(
    tx: &mut Tx,
    comment_id: i64,
    consultation_id: i64,
    state: &str,
    refusal: Option<&str>,
    moderator: i64,
    now: OffsetDateTime,
) -> Result<bool> {
    let n = on_tx!(tx, conn => sqlx::query(
        "UPDATE consultation_comments SET state = $1, refusal = $2, moderated_by = $3, moderated_at = $4 \
         WHERE id = $5 AND consultation_id = $6 AND state = 'pending'",
    )
    .bind(state)
    .bind(refusal)
    .bind(moderator)
    .bind(now)
    .bind(comment_id)
    .bind(consultation_id)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(n == 1)
}

/// Published comments per section (`None`: the whole draft) and position.
pub async fn counts(db: &Db, consultation_id: i64) -> Result<Vec<(Option<i32>, String, i64)>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT section, position, COUNT(*) FROM consultation_comments \
         WHERE consultation_id = $1 AND state = 'published' GROUP BY section, position",
    )
    .bind(consultation_id)
    .fetch_all(p)
    .await?))
}

/// One theme of the response report.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ThemeRow {
    pub id: i64,
    pub title: String,
    pub response: String,
    pub changed: bool,
}

/// Adds a theme and files the given published comments under it.
pub async fn add_theme(
    tx: &mut Tx,
    consultation_id: i64,
    title: &str,
    response: &str,
    changed: bool,
    comment_ids: &[i64],
    now: OffsetDateTime,
) -> Result<i64> {
    let id: i64 = on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO consultation_themes (consultation_id, title, response, changed, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(consultation_id)
    .bind(title)
    .bind(response)
    .bind(changed)
    .bind(now)
    .fetch_one(conn)
    .await?);
    for c in comment_ids {
        on_tx!(tx, conn => sqlx::query(
            "UPDATE consultation_comments SET theme_id = $1 WHERE id = $2 AND consultation_id = $3 \
             AND state = 'published'",
        )
        .bind(id)
        .bind(c)
        .bind(consultation_id)
        .execute(conn)
        .await?
        .rows_affected());
    }
    Ok(id)
}

pub async fn themes(conn: impl Into<Conn<'_>>, consultation_id: i64) -> Result<Vec<ThemeRow>> {
    Ok(on_conn!(conn, p => sqlx::query_as(
        "SELECT id, title, response, changed FROM consultation_themes WHERE consultation_id = $1 ORDER BY id",
    )
    .bind(consultation_id)
    .fetch_all(p)
    .await?))
}
