//! Applications (cases), their timeline and attachments.

use time::{Date, OffsetDateTime};

use crate::{Conn, Db, Result, Tx};

/// A case as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CaseRow {
    pub id: i64,
    pub reference: String,
    pub service_id: i64,
    pub service_version: i32,
    pub agency_id: i64,
    pub applicant_id: i64,
    pub submitted_by: i64,
    pub assisted: bool,
    pub status: String,
    pub data: String,
    pub assignee_id: Option<i64>,
    pub due_date: Option<Date>,
    pub revision: i32,
    pub created_at: OffsetDateTime,
    pub submitted_at: Option<OffsetDateTime>,
    pub updated_at: OffsetDateTime,
}

macro_rules! case_select {
    () => {
        "SELECT c.id, c.reference, c.service_id, c.service_version, c.agency_id, c.applicant_id, c.submitted_by, \
         c.assisted, c.status, c.data, c.assignee_id, c.due_date, c.revision, c.created_at, c.submitted_at, \
         c.updated_at FROM applications c"
    };
}

/// A case with the names a listing shows.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CaseListRow {
    #[sqlx(flatten)]
    pub case: CaseRow,
    pub service_slug: String,
    pub service_name_en: String,
    pub service_name_id: String,
    pub applicant_name: String,
    pub assignee_name: Option<String>,
}

macro_rules! case_list_select {
    () => {
        "SELECT c.id, c.reference, c.service_id, c.service_version, c.agency_id, c.applicant_id, c.submitted_by, \
         c.assisted, c.status, c.data, c.assignee_id, c.due_date, c.revision, c.created_at, c.submitted_at, \
         c.updated_at, s.slug AS service_slug, s.name_en AS service_name_en, s.name_id AS service_name_id, \
         u.full_name AS applicant_name, a.full_name AS assignee_name \
         FROM applications c JOIN services s ON s.id = c.service_id JOIN users u ON u.id = c.applicant_id \
         LEFT JOIN users a ON a.id = c.assignee_id"
    };
}

/// What a new case needs.
pub struct NewCase<'a> {
    pub reference: &'a str,
    pub service_id: i64,
    pub service_version: i32,
    pub agency_id: i64,
    pub applicant_id: i64,
    pub submitted_by: i64,
    pub assisted: bool,
    pub status: &'a str,
    pub data: &'a str,
    pub due_date: Option<Date>,
    pub idempotency_key: Option<&'a str>,
}

/// Inserts a case; a taken reference or idempotency key gives `StoreError::Conflict`.
pub async fn insert(tx: &mut Tx, c: &NewCase<'_>) -> Result<i64> {
    let now = OffsetDateTime::now_utc();
    Ok(on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO applications (reference, service_id, service_version, agency_id, applicant_id, submitted_by, \
         assisted, status, data, due_date, idempotency_key, revision, created_at, submitted_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $12, $12) RETURNING id",
    )
    .bind(c.reference)
    .bind(c.service_id)
    .bind(c.service_version)
    .bind(c.agency_id)
    .bind(c.applicant_id)
    .bind(c.submitted_by)
    .bind(c.assisted)
    .bind(c.status)
    .bind(c.data)
    .bind(c.due_date)
    .bind(c.idempotency_key)
    .bind(now)
    .fetch_one(conn)
    .await?))
}

/// The case an applicant already filed with this idempotency key.
pub async fn by_idempotency_key(
    conn: impl Into<Conn<'_>>,
    applicant_id: i64,
    key: &str,
) -> Result<Option<CaseRow>> {
    const SQL: &str = concat!(
        case_select!(),
        " WHERE c.applicant_id = $1 AND c.idempotency_key = $2"
    );
    Ok(
        on_conn!(conn, p => sqlx::query_as(SQL).bind(applicant_id).bind(key).fetch_optional(p).await?),
    )
}

/// A case by reference.
pub async fn by_reference(conn: impl Into<Conn<'_>>, reference: &str) -> Result<Option<CaseRow>> {
    const SQL: &str = concat!(case_select!(), " WHERE c.reference = $1");
    Ok(on_conn!(conn, p => sqlx::query_as(SQL).bind(reference).fetch_optional(p).await?))
}

/// Moves a case to a new state if nobody changed it since `revision` was read.
/// Returns false when another change won the race (the caller answers 409).
pub async fn transition(
    tx: &mut Tx,
    id: i64,
    revision: i32,
    status: &str,
    data: Option<&str>,
    due_date: Option<Date>,
) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE applications SET status = $1, data = COALESCE($2, data), due_date = $3, revision = revision + 1, \
         updated_at = $4 WHERE id = $5 AND revision = $6",
    )
    .bind(status)
    .bind(data)
    .bind(due_date)
    .bind(OffsetDateTime::now_utc())
    .bind(id)
    .bind(revision)
    .execute(c)
    .await?
    .rows_affected());
    Ok(n == 1)
}

/// Sets (or clears) the officer working a case, if unchanged since `revision`.
pub async fn assign(tx: &mut Tx, id: i64, revision: i32, assignee: Option<i64>) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE applications SET assignee_id = $1, revision = revision + 1, updated_at = $2 WHERE id = $3 AND revision = $4",
    )
    .bind(assignee)
    .bind(OffsetDateTime::now_utc())
    .bind(id)
    .bind(revision)
    .execute(c)
    .await?
    .rows_affected());
    Ok(n == 1)
}

/// One entry of a case's timeline.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub at: OffsetDateTime,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub actor_role: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub comment: Option<String>,
    pub data: Option<String>,
    /// Staff only: a note, or a comment between staff; the applicant never sees it.
    pub internal: bool,
}

impl EventRow {
    /// A note that does not move the case (it has no place on the applicant's timeline).
    pub fn is_note(&self) -> bool {
        self.action == NOTE_ACTION
    }
}

/// The timeline action of a staff note.
pub const NOTE_ACTION: &str = "note";

/// What a timeline entry records.
pub struct NewEvent<'a> {
    pub application_id: i64,
    pub actor_id: Option<i64>,
    pub actor_role: &'a str,
    pub action: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: &'a str,
    pub comment: Option<&'a str>,
    /// A snapshot of the form data when the applicant (re)submitted it.
    pub data: Option<&'a str>,
    /// Hidden from the applicant.
    pub internal: bool,
}

/// Appends a timeline entry.
pub async fn add_event(tx: &mut Tx, e: &NewEvent<'_>) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO application_events (application_id, at, actor_id, actor_role, action, from_status, to_status, comment, data, internal) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(e.application_id)
    .bind(OffsetDateTime::now_utc())
    .bind(e.actor_id)
    .bind(e.actor_role)
    .bind(e.action)
    .bind(e.from_status)
    .bind(e.to_status)
    .bind(e.comment)
    .bind(e.data)
    .bind(e.internal)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// A case's timeline, oldest first.
pub async fn events(conn: impl Into<Conn<'_>>, application_id: i64) -> Result<Vec<EventRow>> {
    Ok(on_conn!(conn, p => sqlx::query_as(
        "SELECT e.id, e.at, e.actor_id, u.full_name AS actor_name, e.actor_role, e.action, e.from_status, e.to_status, \
         e.comment, e.data, e.internal FROM application_events e LEFT JOIN users u ON u.id = e.actor_id \
         WHERE e.application_id = $1 ORDER BY e.id",
    )
    .bind(application_id)
    .fetch_all(p)
    .await?))
}

/// True when `actor_id` took a step in the case's timeline.
pub async fn acted_on(
    conn: impl Into<Conn<'_>>,
    application_id: i64,
    actor_id: i64,
) -> Result<bool> {
    let n: i64 = on_conn!(conn, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM application_events WHERE application_id = $1 AND actor_id = $2",
    )
    .bind(application_id)
    .bind(actor_id)
    .fetch_one(p)
    .await?);
    Ok(n > 0)
}

/// An applicant's cases, newest first.
pub async fn of_applicant(db: &Db, applicant_id: i64, limit: i64) -> Result<Vec<CaseListRow>> {
    const SQL: &str = concat!(
        case_list_select!(),
        " WHERE c.applicant_id = $1 ORDER BY c.id DESC LIMIT $2"
    );
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(applicant_id).bind(limit).fetch_all(p).await?))
}

/// Filters of a back-office inbox.
#[derive(Debug, Clone, Default)]
pub struct InboxFilter {
    pub agency_ids: Vec<i64>,
    /// Only cases in these states (the states the viewer's roles can act on).
    pub states: Vec<String>,
    pub service_slug: Option<String>,
    pub assignee_id: Option<i64>,
    pub limit: i64,
}

/// Cases of the given agencies and states, overdue (earliest due date) first.
pub async fn inbox(db: &Db, f: &InboxFilter) -> Result<Vec<CaseListRow>> {
    if f.agency_ids.is_empty() || f.states.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = concat!(case_list_select!(), " WHERE 1 = 1").to_owned();
    let mut n = 0;
    let mut next = || {
        n += 1;
        format!("${n}")
    };
    let agencies: Vec<String> = f.agency_ids.iter().map(|_| next()).collect();
    sql.push_str(&format!(" AND c.agency_id IN ({})", agencies.join(", ")));
    let states: Vec<String> = f.states.iter().map(|_| next()).collect();
    sql.push_str(&format!(" AND c.status IN ({})", states.join(", ")));
    if f.service_slug.is_some() {
        sql.push_str(&format!(" AND s.slug = {}", next()));
    }
    if f.assignee_id.is_some() {
        sql.push_str(&format!(" AND c.assignee_id = {}", next()));
    }
    sql.push_str(&format!(
        " ORDER BY CASE WHEN c.due_date IS NULL THEN 1 ELSE 0 END, c.due_date, c.id LIMIT {}",
        next()
    ));
    Ok(on_db!(db, p => {
        // Audited: only numbered placeholders are appended; every value is bound.
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
        for id in &f.agency_ids {
            q = q.bind(*id);
        }
        for s in &f.states {
            q = q.bind(s.as_str());
        }
        if let Some(s) = &f.service_slug {
            q = q.bind(s.as_str());
        }
        if let Some(a) = f.assignee_id {
            q = q.bind(a);
        }
        q.bind(f.limit).fetch_all(p).await?
    }))
}

/// A stored attachment.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttachmentRow {
    pub id: i64,
    pub application_id: i64,
    pub field: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub revision: i32,
}

/// What a new attachment records (the bytes are already in object storage).
pub struct NewAttachment<'a> {
    pub application_id: i64,
    pub field: &'a str,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub storage_key: &'a str,
    pub revision: i32,
}

/// Records an attachment.
pub async fn add_attachment(tx: &mut Tx, a: &NewAttachment<'_>) -> Result<i64> {
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO attachments (application_id, field, filename, content_type, size_bytes, sha256, storage_key, revision, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(a.application_id)
    .bind(a.field)
    .bind(a.filename)
    .bind(a.content_type)
    .bind(a.size_bytes)
    .bind(a.sha256)
    .bind(a.storage_key)
    .bind(a.revision)
    .bind(OffsetDateTime::now_utc())
    .fetch_one(c)
    .await?))
}

/// A case's attachments, latest revision last.
pub async fn attachments(
    conn: impl Into<Conn<'_>>,
    application_id: i64,
) -> Result<Vec<AttachmentRow>> {
    Ok(on_conn!(conn, p => sqlx::query_as(
        "SELECT id, application_id, field, filename, content_type, size_bytes, sha256, storage_key, revision \
         FROM attachments WHERE application_id = $1 ORDER BY id",
    )
    .bind(application_id)
    .fetch_all(p)
    .await?))
}

/// Saves (replaces) an applicant's draft answers for a service.
pub async fn save_draft(tx: &mut Tx, user_id: i64, service_id: i64, data: &str) -> Result<()> {
    // The answers only: files kept with the draft stay until replaced field by field.
    delete_draft_answers(tx, user_id, service_id).await?;
    on_tx!(tx, c => sqlx::query("INSERT INTO drafts (user_id, service_id, data, updated_at) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(service_id)
        .bind(data)
        .bind(OffsetDateTime::now_utc())
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// An applicant's draft answers for a service, if saved.
pub async fn draft(db: &Db, user_id: i64, service_id: i64) -> Result<Option<String>> {
    Ok(
        on_db!(db, p => sqlx::query_scalar("SELECT data FROM drafts WHERE user_id = $1 AND service_id = $2")
        .bind(user_id)
        .bind(service_id)
        .fetch_optional(p)
        .await?),
    )
}

async fn delete_draft_answers(tx: &mut Tx, user_id: i64, service_id: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM drafts WHERE user_id = $1 AND service_id = $2")
        .bind(user_id)
        .bind(service_id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// Removes a draft and its kept files' rows (once submitted, or thrown away). The bytes
/// stay in object storage: a submission's attachments point at them.
pub async fn delete_draft(tx: &mut Tx, user_id: i64, service_id: i64) -> Result<()> {
    delete_draft_answers(tx, user_id, service_id).await?;
    on_tx!(tx, c => sqlx::query("DELETE FROM draft_files WHERE user_id = $1 AND service_id = $2")
        .bind(user_id)
        .bind(service_id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// A saved draft, as "My applications" lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DraftListRow {
    pub service_id: i64,
    pub service_slug: String,
    pub service_name_en: String,
    pub service_name_id: String,
    pub updated_at: OffsetDateTime,
}

/// An applicant's saved drafts, most recently saved first.
pub async fn drafts_of(db: &Db, user_id: i64) -> Result<Vec<DraftListRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT d.service_id, s.slug AS service_slug, s.name_en AS service_name_en, \
         s.name_id AS service_name_id, d.updated_at \
         FROM drafts d JOIN services s ON s.id = d.service_id \
         WHERE d.user_id = $1 ORDER BY d.updated_at DESC, d.service_id",
    )
    .bind(user_id)
    .fetch_all(p)
    .await?))
}

/// A file kept with a draft: what an attachment records, before there is a case.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DraftFileRow {
    pub field: String,
    pub filename: String,
    pub content_type: String,
    /// The kind judged from the bytes when uploaded (`pdf`, `jpg`, `png`), if any.
    pub sniffed_kind: Option<String>,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
}

/// Keeps (or replaces) the file of one field of a draft. Returns the storage key of the
/// file it replaced, whose bytes nothing points at any more.
pub async fn put_draft_file(
    tx: &mut Tx,
    user_id: i64,
    service_id: i64,
    f: &DraftFileRow,
) -> Result<Option<String>> {
    let old: Option<String> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT storage_key FROM draft_files WHERE user_id = $1 AND service_id = $2 AND field = $3",
    )
    .bind(user_id)
    .bind(service_id)
    .bind(&f.field)
    .fetch_optional(c)
    .await?);
    on_tx!(tx, c => sqlx::query(
        "DELETE FROM draft_files WHERE user_id = $1 AND service_id = $2 AND field = $3",
    )
    .bind(user_id)
    .bind(service_id)
    .bind(&f.field)
    .execute(c)
    .await?
    .rows_affected());
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO draft_files (user_id, service_id, field, filename, content_type, sniffed_kind, \
         size_bytes, sha256, storage_key, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(user_id)
    .bind(service_id)
    .bind(&f.field)
    .bind(&f.filename)
    .bind(&f.content_type)
    .bind(&f.sniffed_kind)
    .bind(f.size_bytes)
    .bind(&f.sha256)
    .bind(&f.storage_key)
    .bind(OffsetDateTime::now_utc())
    .execute(c)
    .await?
    .rows_affected());
    Ok(old.filter(|k| *k != f.storage_key))
}

/// The files kept with an applicant's draft of a service, by field.
pub async fn draft_files(
    conn: impl Into<Conn<'_>>,
    user_id: i64,
    service_id: i64,
) -> Result<Vec<DraftFileRow>> {
    Ok(on_conn!(conn, p => sqlx::query_as(
        "SELECT field, filename, content_type, sniffed_kind, size_bytes, sha256, storage_key \
         FROM draft_files WHERE user_id = $1 AND service_id = $2 ORDER BY field",
    )
    .bind(user_id)
    .bind(service_id)
    .fetch_all(p)
    .await?))
}
