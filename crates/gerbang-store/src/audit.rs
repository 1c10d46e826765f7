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
        }
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

/// Appends an entry in the caller's transaction, so it commits or rolls back with the change.
pub async fn append(tx: &mut Tx, entry: &AuditEntry<'_>) -> Result<()> {
    let details = entry.details.to_string();
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor, action, subject, request_id, details) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(OffsetDateTime::now_utc())
    .bind(entry.actor_id)
    .bind(entry.actor)
    .bind(entry.action)
    .bind(entry.subject)
    .bind(entry.request_id)
    .bind(&details)
    .execute(c)
    .await?.rows_affected());
    Ok(())
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
