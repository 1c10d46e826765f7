//! The audit log: one append, used by every write, inside the write's own transaction.

use time::OffsetDateTime;

use crate::{Conn, Db, Result, Tx};

/// Who did what to what, as the audit log records it.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    /// The acting account; `None` for the system or an anonymous visitor.
    pub actor_id: Option<i64>,
    /// A readable label of the actor (email, `system`, `cli`), kept even if the account goes.
    pub actor: &'a str,
    /// Dotted verb, such as `account.register` or `catalog.import`.
    pub action: &'a str,
    /// What was acted on, such as `user:12` or `service:birth-certificate`.
    pub subject: &'a str,
    /// Correlates the entry with the request's log lines.
    pub request_id: &'a str,
    /// Extra facts; never secrets.
    pub details: serde_json::Value,
    /// The agency the entry is about; `None`: found from the subject when appended.
    pub agency_id: Option<i64>,
    /// A staff read of personal data with nothing behind it (no case, complaint or request
    /// the reader works): shown first to the agency's auditor.
    pub flagged: bool,
}

/// A stored audit entry.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRecord {
    pub id: i64,
    pub at: OffsetDateTime,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub request_id: String,
    pub details: String,
}

/// A stored entry as the auditor reads it: with its agency and its flag.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditorRecord {
    pub id: i64,
    pub at: OffsetDateTime,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub request_id: String,
    pub details: String,
    pub agency_id: Option<i64>,
    pub flagged: bool,
}

impl<'a> AuditEntry<'a> {
    /// An entry of the platform itself (no person, no request): `action` on `subject`.
    pub fn system(action: &'a str, subject: &'a str) -> AuditEntry<'a> {
        AuditEntry {
            actor_id: None,
            actor: "system",
            action,
            subject,
            request_id: "-",
            details: serde_json::Value::Object(Default::default()),
            agency_id: None,
            flagged: false,
        }
    }

    /// The same entry, about this agency (when the subject does not say it).
    pub fn agency(self, agency_id: i64) -> AuditEntry<'a> {
        AuditEntry {
            agency_id: Some(agency_id),
            ..self
        }
    }

    /// The same entry, flagged (or not) for the agency's auditor.
    pub fn flagged(self, flagged: bool) -> AuditEntry<'a> {
        AuditEntry { flagged, ..self }
    }

    /// The same entry, done by this actor.
    pub fn actor(self, actor_id: Option<i64>, actor: &'a str) -> AuditEntry<'a> {
        AuditEntry {
            actor_id,
            actor,
            ..self
        }
    }

    /// The same entry, in this request.
    pub fn request(self, request_id: &'a str) -> AuditEntry<'a> {
        AuditEntry { request_id, ..self }
    }

    /// The same entry, with these facts (never secrets).
    pub fn details(self, details: serde_json::Value) -> AuditEntry<'a> {
        AuditEntry { details, ..self }
    }

    /// Appends it in the caller's transaction.
    pub async fn append(&self, tx: &mut Tx) -> Result<()> {
        append(tx, self).await
    }
}

/// How to find the agency of a subject `kind:key`: the query that takes the key.
fn agency_lookup(subject: &str) -> Option<(&'static str, &str)> {
    let (kind, key) = subject.split_once(':')?;
    let sql = match kind {
        "application" => "SELECT agency_id FROM applications WHERE reference = $1",
        "complaint" => "SELECT agency_id FROM complaints WHERE reference = $1",
        "document" => "SELECT agency_id FROM documents WHERE number = $1",
        "agency" => "SELECT id FROM agencies WHERE slug = $1",
        "service" => "SELECT agency_id FROM services WHERE slug = $1",
        "consultation" => "SELECT agency_id FROM consultations WHERE slug = $1",
        _ => return None,
    };
    Some((sql, key))
}

/// Appends an entry in the caller's transaction, so it commits or rolls back with the change.
/// The entry's agency, when not given, is looked up from its subject in the same transaction.
pub async fn append(tx: &mut Tx, entry: &AuditEntry<'_>) -> Result<()> {
    let details = entry.details.to_string();
    let mut agency_id = entry.agency_id;
    if agency_id.is_none()
        && let Some((sql, key)) = agency_lookup(entry.subject)
    {
        agency_id = on_tx!(tx, c => sqlx::query_scalar::<_, i64>(sql)
            .bind(key)
            .fetch_optional(c)
            .await?);
    }
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor, action, subject, request_id, details, \
         agency_id, flagged) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(OffsetDateTime::now_utc())
    .bind(entry.actor_id)
    .bind(entry.actor)
    .bind(entry.action)
    .bind(entry.subject)
    .bind(entry.request_id)
    .bind(&details)
    .bind(agency_id)
    .bind(entry.flagged)
    .execute(c)
    .await?.rows_affected());
    Ok(())
}

/// What the auditor asks of the log.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery<'a> {
    /// One agency's entries; `None`: every entry (a platform-wide auditor).
    pub agency_id: Option<i64>,
    /// Only the flagged staff reads.
    pub flagged_only: bool,
    /// Only entries whose action starts with this (such as `application.`).
    pub action_prefix: Option<&'a str>,
    /// Only entries about this subject (such as `application:GRB-…`).
    pub subject: Option<&'a str>,
    /// Only entries older than this id (the next page).
    pub before_id: Option<i64>,
    pub limit: i64,
}

/// Entries for the auditor, newest first.
pub async fn for_auditor(db: &Db, q: &AuditQuery<'_>) -> Result<Vec<AuditorRecord>> {
    let mut sql = String::from(
        "SELECT id, at, actor_id, actor, action, subject, request_id, details, agency_id, \
         flagged FROM audit_log WHERE ($1 IS NULL OR agency_id = $1) AND ($2 = FALSE OR flagged) \
         AND ($3 IS NULL OR substr(action, 1, length($3)) = $3) AND ($4 IS NULL OR subject = $4) \
         AND ($5 IS NULL OR id < $5) ",
    );
    if q.flagged_only {
        // Lets the engine use the partial index of flagged entries.
        sql.push_str("AND flagged ");
    }
    sql.push_str("ORDER BY id DESC LIMIT $6");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(q.agency_id)
        .bind(q.flagged_only)
        .bind(q.action_prefix)
        .bind(q.subject)
        .bind(q.before_id)
        .bind(q.limit)
        .fetch_all(p)
        .await?),
    )
}

/// How many flagged staff reads an agency's log holds (all agencies' with `None`).
pub async fn flagged_count(db: &Db, agency_id: Option<i64>) -> Result<i64> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE flagged AND ($1 IS NULL OR agency_id = $1)",
    )
    .bind(agency_id)
    .fetch_one(p)
    .await?))
}

/// The most recent entries about `subject`, newest first.
pub async fn for_subject(db: &Db, subject: &str, limit: i64) -> Result<Vec<AuditRecord>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, at, actor_id, actor, action, subject, request_id, details FROM audit_log \
         WHERE subject = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(subject)
    .bind(limit)
    .fetch_all(p)
    .await?))
}

/// The most recent entries with `action`, newest first.
pub async fn with_action(db: &Db, action: &str, limit: i64) -> Result<Vec<AuditRecord>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, at, actor_id, actor, action, subject, request_id, details FROM audit_log \
         WHERE action = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(action)
    .bind(limit)
    .fetch_all(p)
    .await?))
}

/// True when `actor_id` has an entry about `subject` since `since`: a page shown right
/// after an action (or reloaded) is part of the same visit and is not recorded again.
pub async fn touched_since(
    conn: impl Into<Conn<'_>>,
    actor_id: i64,
    subject: &str,
    since: OffsetDateTime,
) -> Result<bool> {
    let n: i64 = on_conn!(conn, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE subject = $1 AND actor_id = $2 AND at >= $3",
    )
    .bind(subject)
    .bind(actor_id)
    .bind(since)
    .fetch_one(p)
    .await?);
    Ok(n > 0)
}

/// Staff reads (`actions`) of any of `subjects` by someone other than `owner`, newest
/// first: what a person's "My data" page lists.
pub async fn reads_of(
    db: &Db,
    subjects: &[String],
    actions: &[&str],
    owner: i64,
    limit: i64,
) -> Result<Vec<AuditRecord>> {
    if subjects.is_empty() || actions.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = String::from(
        "SELECT id, at, actor_id, actor, action, subject, request_id, details FROM audit_log \
         WHERE (actor_id IS NULL OR actor_id <> $1) AND subject IN (",
    );
    let mut n = 1;
    for i in 0..subjects.len() {
        n += 1;
        sql.push_str(if i == 0 { "" } else { ", " });
        sql.push_str(&format!("${n}"));
    }
    sql.push_str(") AND action IN (");
    for i in 0..actions.len() {
        n += 1;
        sql.push_str(if i == 0 { "" } else { ", " });
        sql.push_str(&format!("${n}"));
    }
    n += 1;
    sql.push_str(&format!(") ORDER BY id DESC LIMIT ${n}"));
    Ok(on_db!(db, p => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(owner);
        for s in subjects {
            q = q.bind(s);
        }
        for a in actions {
            q = q.bind(*a);
        }
        q.bind(limit).fetch_all(p).await?
    }))
}
