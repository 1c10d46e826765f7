//! Agencies and services: stored definitions plus the columns listings and search need.

use gerbang_domain::catalog::{AgencyDef, ServiceDef};
use gerbang_domain::i18n::Lang;
use time::OffsetDateTime;

use crate::{Conn, Db, Result, StoreError, Tx};

/// An agency as listed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AgencyRow {
    pub id: i64,
    pub slug: String,
    pub parent_slug: Option<String>,
    pub short_name: String,
    pub name_en: String,
    pub name_id: String,
    pub definition: String,
    /// IANA name of the zone the agency works in.
    pub time_zone: String,
}

impl AgencyRow {
    /// The zone the agency works in.
    pub fn zone(&self) -> gerbang_domain::time_zone::TimeZone {
        gerbang_domain::time_zone::TimeZone::parse(&self.time_zone).unwrap_or_default()
    }

    /// The name in `lang`.
    pub fn name(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        match lang.borrow() {
            Lang::En => &self.name_en,
            Lang::Id => &self.name_id,
        }
    }

    /// The full stored definition.
    pub fn definition(&self) -> Result<AgencyDef> {
        Ok(serde_json::from_str(&self.definition)?)
    }
}

/// A service as listed (no form or workflow: see [`service_definition`]).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServiceRow {
    pub id: i64,
    pub agency_id: i64,
    pub agency_slug: String,
    pub slug: String,
    pub current_version: i32,
    pub name_en: String,
    pub name_id: String,
    pub summary_en: String,
    pub summary_id: String,
    /// Comma-separated audiences.
    pub audience: String,
    pub sla_days: i32,
    pub fee_total: Option<i64>,
    /// IANA name of the agency's time zone.
    pub agency_time_zone: String,
}

impl ServiceRow {
    /// The zone the service's agency works in.
    pub fn time_zone(&self) -> gerbang_domain::time_zone::TimeZone {
        gerbang_domain::time_zone::TimeZone::parse(&self.agency_time_zone).unwrap_or_default()
    }

    /// The name in `lang`.
    pub fn name(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        match lang.borrow() {
            Lang::En => &self.name_en,
            Lang::Id => &self.name_id,
        }
    }

    /// The summary in `lang`.
    pub fn summary(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        match lang.borrow() {
            Lang::En => &self.summary_en,
            Lang::Id => &self.summary_id,
        }
    }

    /// Who may apply.
    pub fn audiences(&self) -> Vec<&str> {
        self.audience.split(',').filter(|s| !s.is_empty()).collect()
    }
}

/// What an import changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImportOutcome {
    pub agencies_created: usize,
    pub agencies_updated: usize,
    pub services_created: usize,
    /// Services that gained a new version.
    pub services_versioned: usize,
    pub services_unchanged: usize,
}

/// Creates or updates an agency by slug; returns its id and whether it was new.
pub async fn upsert_agency(tx: &mut Tx, agency: &AgencyDef) -> Result<(i64, bool)> {
    let definition = serde_json::to_string(agency)?;
    let now = OffsetDateTime::now_utc();
    let existing: Option<i64> = on_tx!(tx, c => sqlx::query_scalar("SELECT id FROM agencies WHERE slug = $1")
        .bind(&agency.slug)
        .fetch_optional(c)
        .await?);
    if let Some(id) = existing {
        on_tx!(tx, c => sqlx::query(
            "UPDATE agencies SET parent_slug = $1, short_name = $2, name_en = $3, name_id = $4, \
             definition = $5, updated_at = $6, time_zone = $8 WHERE id = $7",
        )
        .bind(&agency.parent)
        .bind(&agency.short_name)
        .bind(&agency.name.en)
        .bind(&agency.name.id)
        .bind(&definition)
        .bind(now)
        .bind(id)
        .bind(agency.time_zone.iana())
        .execute(c)
        .await?.rows_affected());
        return Ok((id, false));
    }
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO agencies (slug, parent_slug, short_name, name_en, name_id, definition, updated_at, time_zone) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&agency.slug)
    .bind(&agency.parent)
    .bind(&agency.short_name)
    .bind(&agency.name.en)
    .bind(&agency.name.id)
    .bind(&definition)
    .bind(now)
    .bind(agency.time_zone.iana())
    .fetch_one(c)
    .await?);
    Ok((id, true))
}

/// How an upsert of a service went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceUpsert {
    Created,
    NewVersion,
    Unchanged,
}

/// Creates a service, or records a new version of it. A changed definition must carry a
/// higher version number: cases keep the version they were filed under, so a version
/// once stored is never rewritten.
pub async fn upsert_service(
    tx: &mut Tx,
    agency_id: i64,
    service: &ServiceDef,
) -> Result<ServiceUpsert> {
    let definition = serde_json::to_string(service)?;
    let now = OffsetDateTime::now_utc();
    let version = i32::try_from(service.version)
        .map_err(|_| StoreError::Corrupt(format!("service {}: version too large", service.slug)))?;
    let audience = service
        .audience
        .iter()
        .map(|a| a.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let search_text = search_text(service);
    let fee_total = service.fee.starting_total(&service.form);
    let sla = i32::try_from(service.sla_days).unwrap_or(i32::MAX);

    let existing: Option<(i64, i64, i32)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, agency_id, current_version FROM services WHERE slug = $1",
    )
    .bind(&service.slug)
    .fetch_optional(c)
    .await?);

    let (service_id, outcome) = match existing {
        None => {
            let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
                "INSERT INTO services (agency_id, slug, current_version, name_en, name_id, summary_en, \
                 summary_id, audience, sla_days, fee_total, search_text, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(agency_id)
            .bind(&service.slug)
            .bind(version)
            .bind(&service.name.en)
            .bind(&service.name.id)
            .bind(&service.summary.en)
            .bind(&service.summary.id)
            .bind(&audience)
            .bind(sla)
            .bind(fee_total)
            .bind(&search_text)
            .bind(now)
            .fetch_one(c)
            .await?);
            (id, ServiceUpsert::Created)
        }
        Some((id, owner, _)) if owner != agency_id => {
            let _ = id;
            return Err(StoreError::Conflict(format!(
                "service `{}` already belongs to another agency",
                service.slug
            )));
        }
        Some((id, _, current)) => {
            let stored: Option<String> = on_tx!(tx, c => sqlx::query_scalar(
                "SELECT definition FROM service_versions WHERE service_id = $1 AND version = $2",
            )
            .bind(id)
            .bind(version)
            .fetch_optional(c)
            .await?);
            match stored {
                Some(text) if text == definition => return Ok(ServiceUpsert::Unchanged),
                Some(_) => {
                    return Err(StoreError::Conflict(format!(
                        "service `{}` version {version} is already stored with different content: raise `version`",
                        service.slug
                    )));
                }
                None if version < current => {
                    return Err(StoreError::Conflict(format!(
                        "service `{}` is already at version {current}; version {version} is older",
                        service.slug
                    )));
                }
                None => {
                    on_tx!(tx, c => sqlx::query(
                        "UPDATE services SET current_version = $1, name_en = $2, name_id = $3, summary_en = $4, \
                         summary_id = $5, audience = $6, sla_days = $7, fee_total = $8, search_text = $9, \
                         updated_at = $10 WHERE id = $11",
                    )
                    .bind(version)
                    .bind(&service.name.en)
                    .bind(&service.name.id)
                    .bind(&service.summary.en)
                    .bind(&service.summary.id)
                    .bind(&audience)
                    .bind(sla)
                    .bind(fee_total)
                    .bind(&search_text)
                    .bind(now)
                    .bind(id)
                    .execute(c)
                    .await?.rows_affected());
                    (id, ServiceUpsert::NewVersion)
                }
            }
        }
    };
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO service_versions (service_id, version, definition, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(service_id)
    .bind(version)
    .bind(&definition)
    .bind(now)
    .execute(c)
    .await?.rows_affected());
    Ok(outcome)
}

/// Lowercased words a search matches against: names, summaries and keywords in both languages.
fn search_text(s: &ServiceDef) -> String {
    let mut parts = vec![
        &s.name.en,
        &s.name.id,
        &s.summary.en,
        &s.summary.id,
        &s.output.name.en,
        &s.output.name.id,
    ];
    parts.extend(s.keywords.iter());
    parts
        .iter()
        .map(|p| p.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

macro_rules! agency_select {
    () => {
        "SELECT id, slug, parent_slug, short_name, name_en, name_id, definition, time_zone FROM agencies"
    };
}
macro_rules! service_select {
    () => {
        "SELECT s.id, s.agency_id, a.slug AS agency_slug, s.slug, s.current_version, s.name_en, \
         s.name_id, s.summary_en, s.summary_id, s.audience, s.sla_days, s.fee_total, \
         a.time_zone AS agency_time_zone FROM services s JOIN agencies a ON a.id = s.agency_id"
    };
}

/// Every agency, by English name.
pub async fn agencies(conn: impl Into<Conn<'_>>) -> Result<Vec<AgencyRow>> {
    const SQL: &str = concat!(agency_select!(), " ORDER BY name_en");
    Ok(on_conn!(conn, p => sqlx::query_as(SQL).fetch_all(p).await?))
}

/// One agency by slug.
pub async fn agency(conn: impl Into<Conn<'_>>, slug: &str) -> Result<Option<AgencyRow>> {
    const SQL: &str = concat!(agency_select!(), " WHERE slug = $1");
    Ok(on_conn!(conn, p => sqlx::query_as(SQL).bind(slug).fetch_optional(p).await?))
}

/// A service's full definition at `version`.
pub async fn service_definition(
    conn: impl Into<Conn<'_>>,
    service_id: i64,
    version: i32,
) -> Result<Option<ServiceDef>> {
    let text: Option<String> = on_conn!(conn, p => sqlx::query_scalar(
        "SELECT definition FROM service_versions WHERE service_id = $1 AND version = $2",
    )
    .bind(service_id)
    .bind(version)
    .fetch_optional(p)
    .await?);
    text.map(|t| serde_json::from_str(&t).map_err(StoreError::from))
        .transpose()
}

/// One service's listing row by id.
pub async fn service_by_id(conn: impl Into<Conn<'_>>, id: i64) -> Result<Option<ServiceRow>> {
    const SQL: &str = concat!(service_select!(), " WHERE s.id = $1");
    Ok(on_conn!(conn, p => sqlx::query_as(SQL).bind(id).fetch_optional(p).await?))
}

/// Raises the catalogue's version, inside the import's transaction: every node holding the
/// catalogue in memory reloads it at its next check.
pub async fn bump_version(tx: &mut Tx) -> Result<i64> {
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "UPDATE catalog_state SET version = version + 1 WHERE id = 1 RETURNING version",
    )
    .fetch_one(c)
    .await?))
}

/// The catalogue's current version (one row read by primary key).
pub async fn version(db: &Db) -> Result<i64> {
    Ok(
        on_db!(db, p => sqlx::query_scalar("SELECT version FROM catalog_state WHERE id = 1")
        .fetch_one(p)
        .await?),
    )
}

/// The whole published catalogue as stored, for a node to hold in memory.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The version it was read at (see [`version`]); the data may be newer, never older.
    pub version: i64,
    /// Every agency, by English name.
    pub agencies: Vec<AgencyRow>,
    /// Every service with its search words and its current definition, by English name.
    pub services: Vec<(ServiceRow, String, ServiceDef)>,
}

/// Reads the whole catalogue: its version first, so that an import committing meanwhile
/// only makes the data newer than the version (the next check then reloads).
pub async fn snapshot(db: &Db) -> Result<Snapshot> {
    let version = version(db).await?;
    let agencies = agencies(db).await?;
    const SQL: &str = concat!(service_select!(), " ORDER BY s.name_en");
    let rows: Vec<ServiceRow> = on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await?);
    let extra: Vec<(i64, String, String)> = on_db!(db, p => sqlx::query_as(
        "SELECT s.id, s.search_text, v.definition FROM services s \
         JOIN service_versions v ON v.service_id = s.id AND v.version = s.current_version",
    )
    .fetch_all(p)
    .await?);
    let mut extra: std::collections::HashMap<i64, (String, String)> = extra
        .into_iter()
        .map(|(id, words, def)| (id, (words, def)))
        .collect();
    let mut services = Vec::with_capacity(rows.len());
    for row in rows {
        // A service created after `rows` was read but before `extra` is left for next time.
        let Some((words, def)) = extra.remove(&row.id) else {
            continue;
        };
        let def: ServiceDef = serde_json::from_str(&def)?;
        services.push((row, words, def));
    }
    Ok(Snapshot {
        version,
        agencies,
        services,
    })
}
