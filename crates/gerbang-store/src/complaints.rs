//! Complaints: the rows, their timeline, photos and escalations, and the lists the public
//! pages and the back office show.

use time::{Date, OffsetDateTime};

use crate::{Conn, Db, Result, Tx};

/// Every column, in [`ComplaintRow`]'s order.
macro_rules! complaint_columns {
    () => {
        "id, reference, kind, filed_agency_id, agency_id, category, application_id, complainant_id, \
         contact_name, contact_email, contact_phone, follow_key_hash, confidential, private, channel, \
         title, description, latitude, longitude, address, state, due_date, deadline_seq, \
         escalation_level, merged_into, reopened, rating, revision, created_at, updated_at, closed_at"
    };
}

/// A complaint as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ComplaintRow {
    pub id: i64,
    pub reference: String,
    pub kind: String,
    pub filed_agency_id: i64,
    /// The agency responsible now.
    pub agency_id: i64,
    pub category: String,
    pub application_id: Option<i64>,
    pub complainant_id: Option<i64>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub follow_key_hash: String,
    pub confidential: bool,
    pub private: bool,
    /// `web`, `api`, `open311` or `sms`.
    pub channel: String,
    pub title: String,
    pub description: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub address: Option<String>,
    pub state: String,
    pub due_date: Option<Date>,
    pub deadline_seq: i32,
    pub escalation_level: i32,
    pub merged_into: Option<i64>,
    pub reopened: bool,
    pub rating: Option<i32>,
    pub revision: i32,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub closed_at: Option<OffsetDateTime>,
}

/// What a new complaint needs.
#[derive(Debug, Clone)]
pub struct NewComplaint<'a> {
    pub reference: &'a str,
    pub kind: &'a str,
    pub agency_id: i64,
    pub category: &'a str,
    pub application_id: Option<i64>,
    pub complainant_id: Option<i64>,
    pub contact_name: Option<&'a str>,
    pub contact_email: Option<&'a str>,
    pub contact_phone: Option<&'a str>,
    pub follow_key_hash: &'a str,
    pub confidential: bool,
    pub private: bool,
    pub channel: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub address: Option<&'a str>,
    pub state: &'a str,
    pub due_date: Option<Date>,
    pub now: OffsetDateTime,
}

/// Inserts a complaint; a taken reference gives `StoreError::Conflict`.
pub async fn insert(tx: &mut Tx, c: &NewComplaint<'_>) -> Result<i64> {
    Ok(on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO complaints (reference, kind, filed_agency_id, agency_id, category, application_id, \
         complainant_id, contact_name, contact_email, contact_phone, follow_key_hash, confidential, private, \
         channel, title, description, latitude, longitude, address, state, due_date, deadline_seq, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 1, $21, $21) \
         RETURNING id",
    )
    .bind(c.reference)
    .bind(c.kind)
    .bind(c.agency_id)
    .bind(c.category)
    .bind(c.application_id)
    .bind(c.complainant_id)
    .bind(c.contact_name)
    .bind(c.contact_email)
    .bind(c.contact_phone)
    .bind(c.follow_key_hash)
    .bind(c.confidential)
    .bind(c.private)
    .bind(c.channel)
    .bind(c.title)
    .bind(c.description)
    .bind(c.latitude)
    .bind(c.longitude)
    .bind(c.address)
    .bind(c.state)
    .bind(c.due_date)
    .bind(c.now)
    .fetch_one(conn)
    .await?))
}

/// Writes the parts of `c` that change as it moves (agency, state, deadline, escalation,
/// merge, reopening, rating, close), if nobody changed it since `c.revision` was read.
/// Returns false when another change won (the caller answers 409).
pub async fn save(tx: &mut Tx, c: &ComplaintRow, now: OffsetDateTime) -> Result<bool> {
    let n = on_tx!(tx, conn => sqlx::query(
        "UPDATE complaints SET agency_id = $1, state = $2, due_date = $3, deadline_seq = $4, \
         escalation_level = $5, merged_into = $6, reopened = $7, rating = $8, closed_at = $9, \
         updated_at = $10, revision = revision + 1 WHERE id = $11 AND revision = $12",
    )
    .bind(c.agency_id)
    .bind(&c.state)
    .bind(c.due_date)
    .bind(c.deadline_seq)
    .bind(c.escalation_level)
    .bind(c.merged_into)
    .bind(c.reopened)
    .bind(c.rating)
    .bind(c.closed_at)
    .bind(now)
    .bind(c.id)
    .bind(c.revision)
    .execute(conn)
    .await?
    .rows_affected());
    Ok(n == 1)
}

/// A complaint by reference.
pub async fn by_reference(
    conn: impl Into<Conn<'_>>,
    reference: &str,
) -> Result<Option<ComplaintRow>> {
    const SQL: &str = concat!(
        "SELECT ",
        complaint_columns!(),
        " FROM complaints WHERE reference = $1"
    );
    Ok(on_conn!(conn, p => sqlx::query_as(SQL).bind(reference).fetch_optional(p).await?))
}

/// A complaint by id.
pub async fn by_id(conn: impl Into<Conn<'_>>, id: i64) -> Result<Option<ComplaintRow>> {
    const SQL: &str = concat!(
        "SELECT ",
        complaint_columns!(),
        " FROM complaints WHERE id = $1"
    );
    Ok(on_conn!(conn, p => sqlx::query_as(SQL).bind(id).fetch_optional(p).await?))
}

/// True when an application already carries `reference` (complaint references are drawn
/// from the same space, so that "STATUS <reference>" is never ambiguous).
pub async fn reference_taken(conn: impl Into<Conn<'_>>, reference: &str) -> Result<bool> {
    let n: i64 = on_conn!(conn, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM applications WHERE reference = $1",
    )
    .bind(reference)
    .fetch_one(p)
    .await?);
    Ok(n > 0)
}

/// One entry of a complaint's timeline.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub at: OffsetDateTime,
    pub actor_id: Option<i64>,
    pub actor_role: String,
    pub agency_id: Option<i64>,
    pub step: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub body: Option<String>,
    pub public: bool,
}

/// A new timeline entry.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub complaint_id: i64,
    pub at: OffsetDateTime,
    pub actor_id: Option<i64>,
    pub actor_role: &'a str,
    pub agency_id: Option<i64>,
    pub step: &'a str,
    pub from_state: Option<&'a str>,
    pub to_state: &'a str,
    pub body: Option<&'a str>,
    pub public: bool,
}

/// Appends a timeline entry.
pub async fn add_event(tx: &mut Tx, e: &NewEvent<'_>) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO complaint_events (complaint_id, at, actor_id, actor_role, agency_id, step, from_state, \
         to_state, body, public) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(e.complaint_id)
    .bind(e.at)
    .bind(e.actor_id)
    .bind(e.actor_role)
    .bind(e.agency_id)
    .bind(e.step)
    .bind(e.from_state)
    .bind(e.to_state)
    .bind(e.body)
    .bind(e.public)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// A complaint's timeline, oldest first.
pub async fn events(conn: impl Into<Conn<'_>>, complaint_id: i64) -> Result<Vec<EventRow>> {
    Ok(on_conn!(conn, p => sqlx::query_as(
        "SELECT id, at, actor_id, actor_role, agency_id, step, from_state, to_state, body, public \
         FROM complaint_events WHERE complaint_id = $1 ORDER BY id",
    )
    .bind(complaint_id)
    .fetch_all(p)
    .await?))
}

/// Records that a complaint went up to `agency_id` (level `level`).
pub async fn add_escalation(
    tx: &mut Tx,
    complaint_id: i64,
    agency_id: i64,
    level: i32,
    at: OffsetDateTime,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO complaint_escalations (complaint_id, agency_id, level, at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (complaint_id, agency_id) DO NOTHING",
    )
    .bind(complaint_id)
    .bind(agency_id)
    .bind(level)
    .bind(at)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// The agencies a complaint was escalated to, lowest first.
pub async fn escalations(conn: impl Into<Conn<'_>>, complaint_id: i64) -> Result<Vec<i64>> {
    Ok(on_conn!(conn, p => sqlx::query_scalar(
        "SELECT agency_id FROM complaint_escalations WHERE complaint_id = $1 ORDER BY level",
    )
    .bind(complaint_id)
    .fetch_all(p)
    .await?))
}

/// A photo's record (the bytes are in object storage).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhotoRow {
    pub id: i64,
    pub complaint_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
}

/// A photo to record.
#[derive(Debug, Clone)]
pub struct NewPhoto<'a> {
    pub complaint_id: i64,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub storage_key: &'a str,
    pub now: OffsetDateTime,
}

/// Records a photo.
pub async fn add_photo(tx: &mut Tx, p: &NewPhoto<'_>) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO complaint_photos (complaint_id, filename, content_type, size_bytes, sha256, storage_key, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(p.complaint_id)
    .bind(p.filename)
    .bind(p.content_type)
    .bind(p.size_bytes)
    .bind(p.sha256)
    .bind(p.storage_key)
    .bind(p.now)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// A complaint's photos, in the order given.
pub async fn photos(conn: impl Into<Conn<'_>>, complaint_id: i64) -> Result<Vec<PhotoRow>> {
    Ok(on_conn!(conn, p => sqlx::query_as(
        "SELECT id, complaint_id, filename, content_type, size_bytes, sha256, storage_key \
         FROM complaint_photos WHERE complaint_id = $1 ORDER BY id",
    )
    .bind(complaint_id)
    .fetch_all(p)
    .await?))
}

/// A complaint as listed (no contact, no description).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListRow {
    pub reference: String,
    pub kind: String,
    pub agency_id: i64,
    pub category: String,
    pub title: String,
    pub private: bool,
    pub state: String,
    pub due_date: Option<Date>,
    pub escalation_level: i32,
    pub created_at: OffsetDateTime,
}

/// Which complaints a list shows.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub agency_id: Option<i64>,
    pub category: Option<String>,
    pub state: Option<String>,
    /// Back office: only those this agency handles (responsible, or escalated to).
    pub handled_by: Option<i64>,
    /// Only those still waiting on the government.
    pub open_only: bool,
    /// One person's own complaints.
    pub complainant_id: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

/// Complaints matching `f`, newest first; for the back office, earliest deadline first.
pub async fn list(db: &Db, f: &ListFilter) -> Result<Vec<ListRow>> {
    let order = if f.handled_by.is_some() {
        "CASE WHEN due_date IS NULL THEN 1 ELSE 0 END, due_date, id"
    } else {
        "id DESC"
    };
    let sql = format!(
        "SELECT reference, kind, agency_id, category, title, private, state, due_date, escalation_level, created_at \
         FROM complaints WHERE ($1 IS NULL OR agency_id = $1) AND ($2 IS NULL OR category = $2) \
         AND ($3 IS NULL OR state = $3) \
         AND ($4 IS NULL OR agency_id = $4 OR id IN (SELECT complaint_id FROM complaint_escalations WHERE agency_id = $4)) \
         AND ($5 = FALSE OR state IN ('received', 'verified', 'assigned', 'reopened')) \
         AND ($6 IS NULL OR complainant_id = $6) \
         ORDER BY {order} LIMIT $7 OFFSET $8"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(f.agency_id)
        .bind(f.category.as_deref())
        .bind(f.state.as_deref())
        .bind(f.handled_by)
        .bind(f.open_only)
        .bind(f.complainant_id)
        .bind(f.limit)
        .bind(f.offset)
        .fetch_all(p)
        .await?),
    )
}

/// An agency's complaint figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub total: i64,
    /// Waiting on the government.
    pub open: i64,
    pub closed: i64,
    /// Open with a deadline before `today`.
    pub overdue: i64,
    pub escalated: i64,
    pub rated: i64,
    /// Mean resolution rating (1-5) over the rated ones.
    pub mean_rating: Option<f64>,
}

/// Figures over the complaints `agency_id` is responsible for.
pub async fn figures(db: &Db, agency_id: i64, today: Date) -> Result<Figures> {
    let row: (i64, i64, i64, i64, i64, i64, Option<f64>) = on_db!(db, p => sqlx::query_as(
        "SELECT COUNT(*), \
         COALESCE(SUM(CASE WHEN state IN ('received', 'verified', 'assigned', 'reopened') THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN state = 'closed' THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN state IN ('received', 'verified', 'assigned', 'reopened') AND due_date < $2 THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN escalation_level > 0 THEN 1 ELSE 0 END), 0), \
         COUNT(rating), CAST(AVG(rating) AS DOUBLE PRECISION) \
         FROM complaints WHERE agency_id = $1 AND state <> 'merged'",
    )
    .bind(agency_id)
    .bind(today)
    .fetch_one(p)
    .await?);
    Ok(Figures {
        total: row.0,
        open: row.1,
        closed: row.2,
        overdue: row.3,
        escalated: row.4,
        rated: row.5,
        mean_rating: row.6,
    })
}

/// Complaints filed in `[from, to]`, at one agency or all, oldest first, at most `limit`.
pub async fn created_between(
    db: &Db,
    agency_id: Option<i64>,
    from: OffsetDateTime,
    to: OffsetDateTime,
    limit: i64,
) -> Result<Vec<ComplaintRow>> {
    const SQL: &str = concat!(
        "SELECT ",
        complaint_columns!(),
        " FROM complaints WHERE ($1 IS NULL OR agency_id = $1) AND created_at >= $2 AND created_at <= $3 \
         ORDER BY id LIMIT $4"
    );
    let utc = time::UtcOffset::UTC;
    Ok(on_db!(db, p => sqlx::query_as(SQL)
        .bind(agency_id)
        .bind(from.to_offset(utc))
        .bind(to.to_offset(utc))
        .bind(limit)
        .fetch_all(p)
        .await?))
}

/// The latest public text (an answer or a rejection's reason) of each of `ids`.
pub async fn public_notes(db: &Db, ids: &[i64]) -> Result<std::collections::HashMap<i64, String>> {
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT complaint_id, body FROM complaint_events WHERE complaint_id IN ({}) \
             AND public = TRUE AND body IS NOT NULL AND step IN ('answer', 'reject') ORDER BY id",
            marks.join(", ")
        );
        let rows: Vec<(i64, String)> = on_db!(db, p => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
            for id in chunk {
                q = q.bind(*id);
            }
            q.fetch_all(p).await?
        });
        // Later rows win: the latest note.
        out.extend(rows);
    }
    Ok(out)
}
