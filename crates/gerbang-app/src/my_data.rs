//! "My data": what the platform holds about a person, and who on the staff looked at it.
//!
//! Every staff read of a person's case, complaint or document is already in the audit
//! log, in the read's own transaction. This module finds those about the person's own
//! records and says when, which agency, which role, and for what: the case, complaint or
//! document the read was of. The officer's name is shown only where the install says so
//! (`Config::show_reader_names`). The export gathers the person's records as JSON (data
//! portability).

use std::collections::{BTreeMap, HashMap};

use gerbang_domain::accounts::StaffRole;
use gerbang_store::complaints::ListFilter;
use serde::Serialize;
use time::OffsetDateTime;

use crate::App;
use crate::clock::rfc3339_utc as rfc3339;
use crate::error::AppError;
use crate::user::SessionUser;

/// The audit actions that are a staff member reading someone's data.
pub const READS: [&str; 4] = [
    "application.read",
    "complaint.read",
    "document.read",
    "invoice.read",
];

/// Most records of each kind gathered, and most reads listed.
const LIMIT: i64 = 1000;

/// What a read was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadOf {
    Application,
    Complaint,
    Document,
    /// The invoice and payments of an application (`record` is the application's reference).
    Invoice,
}

/// One staff read of the person's data.
#[derive(Debug, Clone, Serialize)]
pub struct StaffRead {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub of: ReadOf,
    /// The case reference, complaint reference or document number.
    pub record: String,
    /// The agency whose staff read it (slug and names).
    pub agency: String,
    pub agency_name_en: String,
    pub agency_name_id: String,
    /// The reader's roles at that agency (as held now), such as `officer`.
    pub roles: Vec<String>,
    /// The reader's name, when the install shows names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub officer: Option<String>,
}

struct Owned {
    /// subject → (kind, record, agency id)
    subjects: HashMap<String, (ReadOf, String, i64)>,
}

async fn owned(app: &App, user: &SessionUser) -> Result<Owned, AppError> {
    let mut subjects = HashMap::new();
    for c in gerbang_store::applications::of_applicant(&app.db, user.id, LIMIT).await? {
        subjects.insert(
            format!("application:{}", c.case.reference),
            (
                ReadOf::Application,
                c.case.reference.clone(),
                c.case.agency_id,
            ),
        );
    }
    for d in gerbang_store::documents::of_holder(&app.db, user.id, LIMIT).await? {
        subjects.insert(
            format!("document:{}", d.number),
            (ReadOf::Document, d.number.clone(), d.agency_id),
        );
    }
    let filter = ListFilter {
        complainant_id: Some(user.id),
        limit: LIMIT,
        ..ListFilter::default()
    };
    for c in gerbang_store::complaints::list(&app.db, &filter).await? {
        subjects.insert(
            format!("complaint:{}", c.reference),
            (ReadOf::Complaint, c.reference.clone(), c.agency_id),
        );
    }
    Ok(Owned { subjects })
}

/// Every staff read of `user`'s applications, complaints and documents, newest first.
pub async fn staff_reads(app: &App, user: &SessionUser) -> Result<Vec<StaffRead>, AppError> {
    let owned = owned(app, user).await?;
    let subjects: Vec<String> = owned.subjects.keys().cloned().collect();
    let rows = gerbang_store::audit::reads_of(&app.db, &subjects, &READS, user.id, LIMIT).await?;
    let catalogue = app.catalogue().await?;
    // Per reader, once: their roles, and their name where the install shows names.
    type Reader = (Vec<gerbang_store::accounts::RoleGrant>, Option<String>);
    let mut readers: HashMap<i64, Reader> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Some((of, record, agency_id)) = owned.subjects.get(&r.subject) else {
            continue;
        };
        let mut roles = Vec::new();
        let mut officer = None;
        if let Some(actor) = r.actor_id {
            if let std::collections::hash_map::Entry::Vacant(slot) = readers.entry(actor) {
                let grants = gerbang_store::accounts::roles_of(&app.db, actor).await?;
                let name = if app.config.show_reader_names {
                    gerbang_store::accounts::user_by_id(&app.db, actor)
                        .await?
                        .map(|u| u.full_name)
                } else {
                    None
                };
                slot.insert((grants, name));
            }
            let reader = readers.get(&actor);
            officer = reader.and_then(|(_, name)| name.clone());
            roles = reader
                .map(|(gs, _)| {
                    gs.iter()
                        .filter(|g| {
                            g.agency_id == Some(*agency_id) || g.role == StaffRole::PlatformAdmin
                        })
                        .map(|g| g.role.as_str().to_owned())
                        .collect()
                })
                .unwrap_or_default();
        }
        let agency = catalogue.agencies.iter().find(|a| a.id == *agency_id);
        out.push(StaffRead {
            at: r.at,
            of: if r.action == "invoice.read" {
                ReadOf::Invoice
            } else {
                *of
            },
            record: record.clone(),
            agency: agency.map(|a| a.slug.clone()).unwrap_or_default(),
            agency_name_en: agency.map(|a| a.name_en.clone()).unwrap_or_default(),
            agency_name_id: agency.map(|a| a.name_id.clone()).unwrap_or_default(),
            roles,
            officer,
        });
    }
    Ok(out)
}

/// Everything the platform holds about `user`, as one JSON document.
pub async fn export(app: &App, user: &SessionUser) -> Result<serde_json::Value, AppError> {
    let account = gerbang_store::accounts::user_by_id(&app.db, user.id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let catalogue = app.catalogue().await?;
    let agency_slug = |id: i64| {
        catalogue
            .agencies
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.slug.clone())
            .unwrap_or_default()
    };
    let mut applications = Vec::new();
    for c in gerbang_store::applications::of_applicant(&app.db, user.id, LIMIT).await? {
        let events = gerbang_store::applications::events(&app.db, c.case.id).await?;
        let attachments = gerbang_store::applications::attachments(&app.db, c.case.id).await?;
        let data: serde_json::Value =
            serde_json::from_str(&c.case.data).unwrap_or(serde_json::Value::Null);
        applications.push(serde_json::json!({
            "reference": c.case.reference,
            "service": c.service_slug,
            "agency": agency_slug(c.case.agency_id),
            "status": c.case.status,
            "created_at": rfc3339(c.case.created_at),
            "submitted_at": c.case.submitted_at.map(rfc3339),
            "answers": data,
            "attachments": attachments.iter().map(|a| serde_json::json!({
                "field": a.field,
                "file_name": a.filename,
                "content_type": a.content_type,
                "size_bytes": a.size_bytes,
                "sha256": a.sha256,
            })).collect::<Vec<_>>(),
            "history": events.iter().filter(|e| !e.internal).map(|e| serde_json::json!({
                "at": rfc3339(e.at),
                "from": e.from_status,
                "to": e.to_status,
                "comment": e.comment,
            })).collect::<Vec<_>>(),
        }));
    }
    let documents: Vec<serde_json::Value> =
        gerbang_store::documents::of_holder(&app.db, user.id, LIMIT)
            .await?
            .iter()
            .map(|d| {
                serde_json::json!({
                    "number": d.number,
                    "kind": d.kind,
                    "agency": agency_slug(d.agency_id),
                    "holder_name": d.holder_name,
                    "claims": serde_json::from_str::<serde_json::Value>(&d.claims).unwrap_or(serde_json::Value::Null),
                    "issued_at": rfc3339(d.issued_at),
                    "expires_at": d.expires_at.map(rfc3339),
                    "revoked_at": d.revoked_at.map(rfc3339),
                    "jws": d.jws,
                })
            })
            .collect();
    let filter = ListFilter {
        complainant_id: Some(user.id),
        limit: LIMIT,
        ..ListFilter::default()
    };
    let mut complaints = Vec::new();
    for row in gerbang_store::complaints::list(&app.db, &filter).await? {
        if let Some(c) = gerbang_store::complaints::by_reference(&app.db, &row.reference).await? {
            complaints.push(serde_json::json!({
                "reference": c.reference,
                "kind": c.kind,
                "agency": agency_slug(c.agency_id),
                "category": c.category,
                "title": c.title,
                "description": c.description,
                "address": c.address,
                "latitude": c.latitude,
                "longitude": c.longitude,
                "confidential": c.confidential,
                "private": c.private,
                "channel": c.channel,
                "state": c.state,
                "rating": c.rating,
                "created_at": rfc3339(c.created_at),
                "closed_at": c.closed_at.map(rfc3339),
            }));
        }
    }
    let sessions: Vec<serde_json::Value> = gerbang_store::accounts::sessions_of(&app.db, user.id)
        .await?
        .iter()
        .map(|s| {
            serde_json::json!({
                "created_at": rfc3339(s.created_at),
                "last_seen_at": rfc3339(s.last_seen_at),
                "device": s.user_agent,
                "address": s.ip,
            })
        })
        .collect();
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    let reads = staff_reads(app, user).await?;
    for r in &reads {
        *by_kind
            .entry(match r.of {
                ReadOf::Application => "application",
                ReadOf::Complaint => "complaint",
                ReadOf::Document => "document",
                ReadOf::Invoice => "invoice",
            })
            .or_default() += 1;
    }
    Ok(serde_json::json!({
        "exported_at": rfc3339(app.clock.now()),
        "platform": app.config.site_name,
        "account": {
            "email": account.email,
            "full_name": account.full_name,
            "kind": account.kind,
            "locale": account.locale,
            "email_confirmed_at": account.email_verified_at.map(rfc3339),
        },
        "applications": applications,
        "documents": documents,
        "complaints": complaints,
        "sessions": sessions,
        "staff_reads": reads,
        "staff_reads_by_kind": by_kind,
    }))
}
