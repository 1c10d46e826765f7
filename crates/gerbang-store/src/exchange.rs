//! Data services, register records, access agreements, the exchange log and the nonces
//! of signed requests from peer installs.

use time::{Date, OffsetDateTime, UtcOffset};

use crate::{Conn, Db, Result, Tx};

/// A data service as stored, with its agency's slug.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DataServiceRow {
    pub id: i64,
    pub agency_id: i64,
    pub agency_slug: String,
    pub slug: String,
    pub definition: String,
    pub enabled: bool,
}

macro_rules! service_select {
    () => {
        "SELECT d.id, d.agency_id, a.slug AS agency_slug, d.slug, d.definition, d.enabled \
         FROM data_services d JOIN agencies a ON a.id = d.agency_id"
    };
}

/// Creates or updates a data service's declaration (from a catalogue import); whether it
/// is switched on is the provider administrator's and stays as it was.
pub async fn upsert_service(
    tx: &mut Tx,
    agency_id: i64,
    slug: &str,
    definition: &str,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO data_services (agency_id, slug, definition) VALUES ($1, $2, $3) \
         ON CONFLICT (agency_id, slug) DO UPDATE SET definition = excluded.definition",
    )
    .bind(agency_id)
    .bind(slug)
    .bind(definition)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// Every data service of the install, by agency and slug.
pub async fn services(db: &Db) -> Result<Vec<DataServiceRow>> {
    Ok(
        on_db!(db, p => sqlx::query_as(concat!(service_select!(), " ORDER BY a.slug, d.slug"))
        .fetch_all(p)
        .await?),
    )
}

/// One data service by its agency's slug and its own.
pub async fn service(db: &Db, agency: &str, slug: &str) -> Result<Option<DataServiceRow>> {
    Ok(
        on_db!(db, p => sqlx::query_as(concat!(service_select!(), " WHERE a.slug = $1 AND d.slug = $2"))
        .bind(agency)
        .bind(slug)
        .fetch_optional(p)
        .await?),
    )
}

/// One data service by id.
pub async fn service_by_id(db: &Db, id: i64) -> Result<Option<DataServiceRow>> {
    Ok(
        on_db!(db, p => sqlx::query_as(concat!(service_select!(), " WHERE d.id = $1"))
        .bind(id)
        .fetch_optional(p)
        .await?),
    )
}

/// Switches a data service on or off.
pub async fn set_enabled(tx: &mut Tx, id: i64, enabled: bool) -> Result<bool> {
    Ok(
        on_tx!(tx, c => sqlx::query("UPDATE data_services SET enabled = $2 WHERE id = $1")
        .bind(id)
        .bind(enabled)
        .execute(c)
        .await?
        .rows_affected())
            == 1,
    )
}

/// Adds or replaces one record of an agency's register.
pub async fn put_record(
    tx: &mut Tx,
    agency_id: i64,
    register: &str,
    key: &str,
    data: &str,
    now: OffsetDateTime,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO register_records (agency_id, register, record_key, data, loaded_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (agency_id, register, record_key) \
         DO UPDATE SET data = excluded.data, loaded_at = excluded.loaded_at",
    )
    .bind(agency_id)
    .bind(register)
    .bind(key)
    .bind(data)
    .bind(now.to_offset(UtcOffset::UTC))
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// One record of a register, as JSON text.
pub async fn record(db: &Db, agency_id: i64, register: &str, key: &str) -> Result<Option<String>> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT data FROM register_records WHERE agency_id = $1 AND register = $2 AND record_key = $3",
    )
    .bind(agency_id)
    .bind(register)
    .bind(key)
    .fetch_optional(p)
    .await?))
}

/// How many records each register of an agency holds.
pub async fn register_sizes(db: &Db, agency_id: i64) -> Result<Vec<(String, i64)>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT register, COUNT(*) FROM register_records WHERE agency_id = $1 GROUP BY register ORDER BY register",
    )
    .bind(agency_id)
    .fetch_all(p)
    .await?))
}

/// An access agreement as stored, with the names the pages show.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AgreementRow {
    pub id: i64,
    pub data_service_id: i64,
    pub provider_agency_id: i64,
    pub provider_slug: String,
    pub data_service_slug: String,
    pub consumer_agency_id: Option<i64>,
    pub consumer_slug: Option<String>,
    pub consumer_peer: Option<String>,
    pub consumer_peer_agency: Option<String>,
    pub purposes: String,
    pub fields: String,
    pub valid_from: Date,
    pub valid_until: Date,
    pub proposed_by: i64,
    pub proposed_at: OffsetDateTime,
    pub provider_approved_by: Option<i64>,
    pub provider_approved_at: Option<OffsetDateTime>,
    pub consumer_approved_by: Option<i64>,
    pub consumer_approved_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
}

macro_rules! agreement_select {
    () => {
        "SELECT g.id, g.data_service_id, d.agency_id AS provider_agency_id, pa.slug AS provider_slug, \
         d.slug AS data_service_slug, g.consumer_agency_id, ca.slug AS consumer_slug, g.consumer_peer, \
         g.consumer_peer_agency, g.purposes, g.fields, g.valid_from, g.valid_until, g.proposed_by, \
         g.proposed_at, g.provider_approved_by, g.provider_approved_at, g.consumer_approved_by, \
         g.consumer_approved_at, g.revoked_at \
         FROM data_agreements g JOIN data_services d ON d.id = g.data_service_id \
         JOIN agencies pa ON pa.id = d.agency_id LEFT JOIN agencies ca ON ca.id = g.consumer_agency_id"
    };
}

/// A proposed agreement.
#[derive(Debug, Clone)]
pub struct NewAgreement<'a> {
    pub data_service_id: i64,
    pub consumer_agency_id: Option<i64>,
    pub consumer_peer: Option<(&'a str, &'a str)>,
    pub purposes: &'a str,
    pub fields: &'a str,
    pub valid_from: Date,
    pub valid_until: Date,
    pub proposed_by: i64,
    pub now: OffsetDateTime,
}

/// Records a proposed agreement, approved by no one yet; returns its id.
pub async fn insert_agreement(tx: &mut Tx, g: &NewAgreement<'_>) -> Result<i64> {
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO data_agreements (data_service_id, consumer_agency_id, consumer_peer, \
         consumer_peer_agency, purposes, fields, valid_from, valid_until, proposed_by, proposed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(g.data_service_id)
    .bind(g.consumer_agency_id)
    .bind(g.consumer_peer.map(|p| p.0))
    .bind(g.consumer_peer.map(|p| p.1))
    .bind(g.purposes)
    .bind(g.fields)
    .bind(g.valid_from)
    .bind(g.valid_until)
    .bind(g.proposed_by)
    .bind(g.now.to_offset(UtcOffset::UTC))
    .fetch_one(c)
    .await?))
}

/// One agreement, read in `conn` (a transaction reads it under the change it decides).
pub async fn agreement<'c>(conn: impl Into<Conn<'c>>, id: i64) -> Result<Option<AgreementRow>> {
    Ok(
        on_conn!(conn, c => sqlx::query_as(concat!(agreement_select!(), " WHERE g.id = $1"))
        .bind(id)
        .fetch_optional(c)
        .await?),
    )
}

/// The agreements a data service has with a consumer of this install.
pub async fn agreements_with(
    db: &Db,
    data_service_id: i64,
    consumer_agency_id: i64,
) -> Result<Vec<AgreementRow>> {
    Ok(on_db!(db, p => sqlx::query_as(concat!(
        agreement_select!(),
        " WHERE g.data_service_id = $1 AND g.consumer_agency_id = $2 ORDER BY g.id"
    ))
    .bind(data_service_id)
    .bind(consumer_agency_id)
    .fetch_all(p)
    .await?))
}

/// The agreements a data service has with an agency of a peer install.
pub async fn agreements_with_peer(
    db: &Db,
    data_service_id: i64,
    peer: &str,
    peer_agency: &str,
) -> Result<Vec<AgreementRow>> {
    Ok(on_db!(db, p => sqlx::query_as(concat!(
        agreement_select!(),
        " WHERE g.data_service_id = $1 AND g.consumer_peer = $2 AND g.consumer_peer_agency = $3 ORDER BY g.id"
    ))
    .bind(data_service_id)
    .bind(peer)
    .bind(peer_agency)
    .fetch_all(p)
    .await?))
}

/// The agreements an agency is a party to, on either side, newest first.
pub async fn agreements_of(db: &Db, agency_id: i64) -> Result<Vec<AgreementRow>> {
    Ok(on_db!(db, p => sqlx::query_as(concat!(
        agreement_select!(),
        " WHERE d.agency_id = $1 OR g.consumer_agency_id = $1 ORDER BY g.id DESC"
    ))
    .bind(agency_id)
    .fetch_all(p)
    .await?))
}

/// Which side of an agreement an approval is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Provider,
    Consumer,
}

/// Records one side's approval, if that side has not approved yet and the agreement is not
/// revoked; true when it did.
pub async fn approve(
    tx: &mut Tx,
    id: i64,
    side: Side,
    by: i64,
    now: OffsetDateTime,
) -> Result<bool> {
    let sql = match side {
        Side::Provider => {
            "UPDATE data_agreements SET provider_approved_by = $2, provider_approved_at = $3 \
             WHERE id = $1 AND provider_approved_at IS NULL AND revoked_at IS NULL"
        }
        Side::Consumer => {
            "UPDATE data_agreements SET consumer_approved_by = $2, consumer_approved_at = $3 \
             WHERE id = $1 AND consumer_approved_at IS NULL AND revoked_at IS NULL"
        }
    };
    Ok(on_tx!(tx, c => sqlx::query(sql)
        .bind(id)
        .bind(by)
        .bind(now.to_offset(UtcOffset::UTC))
        .execute(c)
        .await?
        .rows_affected())
        == 1)
}

/// Revokes an agreement; true when it was not revoked before.
pub async fn revoke(tx: &mut Tx, id: i64, by: i64, now: OffsetDateTime) -> Result<bool> {
    Ok(on_tx!(tx, c => sqlx::query(
        "UPDATE data_agreements SET revoked_by = $2, revoked_at = $3 WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(by)
    .bind(now.to_offset(UtcOffset::UTC))
    .execute(c)
    .await?
    .rows_affected())
        == 1)
}

/// One call, as logged.
#[derive(Debug, Clone)]
pub struct NewExchange<'a> {
    pub at: OffsetDateTime,
    pub direction: &'a str,
    pub peer: Option<&'a str>,
    pub provider_agency_id: Option<i64>,
    pub provider: &'a str,
    pub data_service: &'a str,
    pub consumer_agency_id: Option<i64>,
    pub consumer: &'a str,
    pub agreement_id: Option<i64>,
    pub purpose: &'a str,
    pub case_reference: Option<&'a str>,
    pub subject_user_id: Option<i64>,
    pub actor_user_id: Option<i64>,
    pub fields: &'a str,
    pub outcome: &'a str,
    pub answer: Option<&'a str>,
}

/// Logs a call; returns its id.
pub async fn log(tx: &mut Tx, e: &NewExchange<'_>) -> Result<i64> {
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO data_exchanges (at, direction, peer, provider_agency_id, provider, data_service, \
         consumer_agency_id, consumer, agreement_id, purpose, case_reference, subject_user_id, \
         actor_user_id, fields, outcome, answer) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
    )
    .bind(e.at.to_offset(UtcOffset::UTC))
    .bind(e.direction)
    .bind(e.peer)
    .bind(e.provider_agency_id)
    .bind(e.provider)
    .bind(e.data_service)
    .bind(e.consumer_agency_id)
    .bind(e.consumer)
    .bind(e.agreement_id)
    .bind(e.purpose)
    .bind(e.case_reference)
    .bind(e.subject_user_id)
    .bind(e.actor_user_id)
    .bind(e.fields)
    .bind(e.outcome)
    .bind(e.answer)
    .fetch_one(c)
    .await?))
}

/// A logged call.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExchangeRow {
    pub id: i64,
    pub at: OffsetDateTime,
    pub direction: String,
    pub peer: Option<String>,
    pub provider_agency_id: Option<i64>,
    pub provider: String,
    pub data_service: String,
    pub consumer_agency_id: Option<i64>,
    pub consumer: String,
    pub agreement_id: Option<i64>,
    pub purpose: String,
    pub case_reference: Option<String>,
    pub subject_user_id: Option<i64>,
    pub fields: String,
    pub outcome: String,
    pub answer: Option<String>,
}

macro_rules! exchange_select {
    () => {
        "SELECT id, at, direction, peer, provider_agency_id, provider, data_service, consumer_agency_id, \
         consumer, agreement_id, purpose, case_reference, subject_user_id, fields, outcome, answer FROM data_exchanges"
    };
}

/// The calls an agency made or answered, newest first.
pub async fn log_of_agency(db: &Db, agency_id: i64, limit: i64) -> Result<Vec<ExchangeRow>> {
    Ok(on_db!(db, p => sqlx::query_as(concat!(
        exchange_select!(),
        " WHERE provider_agency_id = $1 OR consumer_agency_id = $1 ORDER BY id DESC LIMIT $2"
    ))
    .bind(agency_id)
    .bind(limit)
    .fetch_all(p)
    .await?))
}

/// The calls about one person, newest first.
pub async fn log_about(db: &Db, user_id: i64) -> Result<Vec<ExchangeRow>> {
    Ok(on_db!(db, p => sqlx::query_as(concat!(
        exchange_select!(),
        " WHERE subject_user_id = $1 ORDER BY id DESC LIMIT 200"
    ))
    .bind(user_id)
    .fetch_all(p)
    .await?))
}

/// The calls made for one case, oldest first.
pub async fn log_of_case(db: &Db, reference: &str) -> Result<Vec<ExchangeRow>> {
    Ok(on_db!(db, p => sqlx::query_as(concat!(
        exchange_select!(),
        " WHERE case_reference = $1 AND direction <> 'incoming' ORDER BY id"
    ))
    .bind(reference)
    .fetch_all(p)
    .await?))
}

/// How many calls a person made about themself through a form, with no case yet (the
/// "check and fill in" button, and lookups of forms that were refused), since `since`.
pub async fn form_calls_since(db: &Db, user_id: i64, since: OffsetDateTime) -> Result<i64> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM data_exchanges WHERE subject_user_id = $1 AND actor_user_id = $1 \
         AND case_reference IS NULL AND at >= $2",
    )
    .bind(user_id)
    .bind(since.to_offset(UtcOffset::UTC))
    .fetch_one(p)
    .await?))
}

/// Remembers a peer's nonce; false when it was seen before (a replay).
pub async fn remember_nonce(
    tx: &mut Tx,
    peer: &str,
    nonce: &str,
    now: OffsetDateTime,
) -> Result<bool> {
    Ok(on_tx!(tx, c => sqlx::query(
        "INSERT INTO federation_nonces (peer, nonce, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(peer)
    .bind(nonce)
    .bind(now.to_offset(UtcOffset::UTC))
    .execute(c)
    .await?
    .rows_affected())
        == 1)
}

/// Forgets nonces seen before `before`: older requests are refused as stale anyway.
pub async fn forget_nonces(db: &Db, before: OffsetDateTime) -> Result<u64> {
    Ok(
        on_db!(db, p => sqlx::query("DELETE FROM federation_nonces WHERE seen_at < $1")
        .bind(before.to_offset(UtcOffset::UTC))
        .execute(p)
        .await?
        .rows_affected()),
    )
}

/// Marks the consumer side of an agreement with a peer's agency as agreed: the peer's
/// administrators agree in their own install, by calling under it.
pub async fn approve_peer_side(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "UPDATE data_agreements SET consumer_approved_at = $2 WHERE id = $1 AND consumer_peer IS NOT NULL",
    )
    .bind(id)
    .bind(now.to_offset(UtcOffset::UTC))
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// How many calls an agency of this install made to a data service since `since` that
/// were answered: whether the exchange is live.
pub async fn answered_since(
    db: &Db,
    consumer_agency_id: i64,
    provider: &str,
    data_service: &str,
    since: OffsetDateTime,
) -> Result<i64> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM data_exchanges WHERE consumer_agency_id = $1 AND provider = $2 \
         AND data_service = $3 AND outcome = 'answered' AND at >= $4",
    )
    .bind(consumer_agency_id)
    .bind(provider)
    .bind(data_service)
    .bind(since.to_offset(UtcOffset::UTC))
    .fetch_one(p)
    .await?))
}
