//! Invoices, payments, refunds and payment providers' webhook events.
//!
//! Money is stored as integers in the currency's minor unit. Every write here runs in the
//! caller's transaction, next to its audit entry. Idempotency lives in the schema: one
//! invoice per case, one payment per (provider, provider_ref), one row per provider event
//! id, one refund per payment.

use time::OffsetDateTime;

use crate::{Conn, Db, Result, Tx};

/// An invoice as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvoiceRow {
    pub id: i64,
    pub application_id: i64,
    pub agency_id: i64,
    pub number: String,
    pub payment_code: String,
    pub currency: String,
    pub total: i64,
    /// JSON array of fee lines.
    pub lines: String,
    /// `issued`, `paid`, `refunded` or `cancelled`.
    pub status: String,
    pub issued_at: OffsetDateTime,
    pub paid_at: Option<OffsetDateTime>,
    pub revision: i32,
}

macro_rules! invoice_select {
    () => {
        "SELECT i.id, i.application_id, i.agency_id, i.number, i.payment_code, i.currency, i.total, i.lines, \
         i.status, i.issued_at, i.paid_at, i.revision FROM invoices i"
    };
}

/// What a new invoice records.
pub struct NewInvoice<'a> {
    pub application_id: i64,
    pub agency_id: i64,
    pub number: &'a str,
    pub payment_code: &'a str,
    pub currency: &'a str,
    pub total: i64,
    pub lines: &'a str,
}

/// Raises an invoice; a second invoice for the case or a taken code is `StoreError::Conflict`.
pub async fn insert_invoice(tx: &mut Tx, i: &NewInvoice<'_>) -> Result<i64> {
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO invoices (application_id, agency_id, number, payment_code, currency, total, lines, status, issued_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'issued', $8) RETURNING id",
    )
    .bind(i.application_id)
    .bind(i.agency_id)
    .bind(i.number)
    .bind(i.payment_code)
    .bind(i.currency)
    .bind(i.total)
    .bind(i.lines)
    .bind(OffsetDateTime::now_utc())
    .fetch_one(c)
    .await?))
}

/// True when a payment code is already used (to draw another before inserting).
pub async fn payment_code_taken(tx: &mut Tx, code: &str) -> Result<bool> {
    let n: i64 = on_tx!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM invoices WHERE payment_code = $1")
        .bind(code)
        .fetch_one(c)
        .await?);
    Ok(n > 0)
}

/// The invoice of a case.
pub async fn invoice_of_case(
    conn: impl Into<Conn<'_>>,
    application_id: i64,
) -> Result<Option<InvoiceRow>> {
    const SQL: &str = concat!(invoice_select!(), " WHERE i.application_id = $1");
    Ok(on_conn!(conn, p => sqlx::query_as(SQL).bind(application_id).fetch_optional(p).await?))
}

/// An invoice by its number.
pub async fn invoice_by_number(
    conn: impl Into<Conn<'_>>,
    number: &str,
) -> Result<Option<InvoiceRow>> {
    const SQL: &str = concat!(invoice_select!(), " WHERE i.number = $1");
    Ok(on_conn!(conn, p => sqlx::query_as(SQL).bind(number).fetch_optional(p).await?))
}

/// An invoice by its payment code, inside a transaction.
pub async fn invoice_by_code_tx(tx: &mut Tx, code: &str) -> Result<Option<InvoiceRow>> {
    const SQL: &str = concat!(invoice_select!(), " WHERE i.payment_code = $1");
    Ok(on_tx!(tx, c => sqlx::query_as(SQL).bind(code).fetch_optional(c).await?))
}

/// Moves an invoice from one status to another if it is still in `from`; false otherwise
/// (another request won the race).
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    from: &str,
    to: &str,
    paid_at: Option<OffsetDateTime>,
) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE invoices SET status = $1, paid_at = COALESCE($2, paid_at), revision = revision + 1 \
         WHERE id = $3 AND status = $4",
    )
    .bind(to)
    .bind(paid_at)
    .bind(id)
    .bind(from)
    .execute(c)
    .await?
    .rows_affected());
    Ok(n == 1)
}

/// A payment as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentRow {
    pub id: i64,
    pub invoice_id: i64,
    pub provider: String,
    pub provider_ref: String,
    pub amount: i64,
    pub received_at: OffsetDateTime,
    pub receipt_number: String,
    pub recorded_by: Option<i64>,
}

/// What a received payment records.
pub struct NewPayment<'a> {
    pub invoice_id: i64,
    pub provider: &'a str,
    pub provider_ref: &'a str,
    pub amount: i64,
    pub receipt_number: &'a str,
    pub recorded_by: Option<i64>,
}

/// Records a payment; the same provider reference twice, or a used receipt number, is
/// `StoreError::Conflict`.
pub async fn insert_payment(tx: &mut Tx, p: &NewPayment<'_>) -> Result<i64> {
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO payments (invoice_id, provider, provider_ref, amount, received_at, receipt_number, recorded_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(p.invoice_id)
    .bind(p.provider)
    .bind(p.provider_ref)
    .bind(p.amount)
    .bind(OffsetDateTime::now_utc())
    .bind(p.receipt_number)
    .bind(p.recorded_by)
    .fetch_one(c)
    .await?))
}

/// True when this provider already reported this transaction.
pub async fn payment_exists_tx(tx: &mut Tx, provider: &str, provider_ref: &str) -> Result<bool> {
    let n: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM payments WHERE provider = $1 AND provider_ref = $2",
    )
    .bind(provider)
    .bind(provider_ref)
    .fetch_one(c)
    .await?);
    Ok(n > 0)
}

/// True when a receipt number is already used.
pub async fn receipt_taken_tx(tx: &mut Tx, receipt_number: &str) -> Result<bool> {
    let n: i64 = on_tx!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE receipt_number = $1")
        .bind(receipt_number)
        .fetch_one(c)
        .await?);
    Ok(n > 0)
}

/// The payments of an invoice, oldest first.
pub async fn payments_of(conn: impl Into<Conn<'_>>, invoice_id: i64) -> Result<Vec<PaymentRow>> {
    Ok(on_conn!(conn, p => sqlx::query_as(
        "SELECT id, invoice_id, provider, provider_ref, amount, received_at, receipt_number, recorded_by \
         FROM payments WHERE invoice_id = $1 ORDER BY id",
    )
    .bind(invoice_id)
    .fetch_all(p)
    .await?))
}

/// The accounts that recorded money (at the counter or from a bank statement) on a case:
/// separation of duties keeps them from deciding it.
pub async fn money_recorders(conn: impl Into<Conn<'_>>, application_id: i64) -> Result<Vec<i64>> {
    Ok(on_conn!(conn, p => sqlx::query_scalar(
        "SELECT DISTINCT p.recorded_by FROM payments p JOIN invoices i ON i.id = p.invoice_id \
         WHERE i.application_id = $1 AND p.recorded_by IS NOT NULL",
    )
    .bind(application_id)
    .fetch_all(p)
    .await?))
}

/// Records a provider event once. Returns false when this (provider, event id) was seen
/// before: the caller answers as it did then and changes nothing.
pub async fn record_event(
    tx: &mut Tx,
    provider: &str,
    event_id: &str,
    payload_sha256: &str,
    outcome: &str,
) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "INSERT INTO provider_events (provider, event_id, payload_sha256, received_at, outcome) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (provider, event_id) DO NOTHING",
    )
    .bind(provider)
    .bind(event_id)
    .bind(payload_sha256)
    .bind(OffsetDateTime::now_utc())
    .bind(outcome)
    .execute(c)
    .await?
    .rows_affected());
    Ok(n == 1)
}

/// Sets the outcome of a provider event recorded in this transaction.
pub async fn set_event_outcome(
    tx: &mut Tx,
    provider: &str,
    event_id: &str,
    outcome: &str,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE provider_events SET outcome = $1 WHERE provider = $2 AND event_id = $3")
        .bind(outcome)
        .bind(provider)
        .bind(event_id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(())
}

/// A case's reference and agency, read inside a transaction.
pub async fn case_of_tx(tx: &mut Tx, application_id: i64) -> Result<Option<(String, i64)>> {
    Ok(
        on_tx!(tx, c => sqlx::query_as("SELECT reference, agency_id FROM applications WHERE id = $1")
        .bind(application_id)
        .fetch_optional(c)
        .await?),
    )
}

/// A recorded provider event: (payload hash, outcome).
pub async fn event(
    conn: impl Into<Conn<'_>>,
    provider: &str,
    event_id: &str,
) -> Result<Option<(String, String)>> {
    Ok(on_conn!(conn, p => sqlx::query_as(
        "SELECT payload_sha256, outcome FROM provider_events WHERE provider = $1 AND event_id = $2",
    )
    .bind(provider)
    .bind(event_id)
    .fetch_optional(p)
    .await?))
}

/// What a refund records.
pub struct NewRefund<'a> {
    pub invoice_id: i64,
    pub payment_id: i64,
    pub amount: i64,
    pub reason: &'a str,
    pub recorded_by: Option<i64>,
}

/// Records a refund of one payment (at most once per payment).
pub async fn insert_refund(tx: &mut Tx, r: &NewRefund<'_>) -> Result<i64> {
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO refunds (invoice_id, payment_id, amount, reason, refunded_at, recorded_by) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(r.invoice_id)
    .bind(r.payment_id)
    .bind(r.amount)
    .bind(r.reason)
    .bind(OffsetDateTime::now_utc())
    .bind(r.recorded_by)
    .fetch_one(c)
    .await?))
}

/// A refund as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefundRow {
    pub id: i64,
    pub invoice_id: i64,
    pub payment_id: i64,
    pub amount: i64,
    pub reason: String,
    pub refunded_at: OffsetDateTime,
}

/// The refunds of an invoice.
pub async fn refunds_of(conn: impl Into<Conn<'_>>, invoice_id: i64) -> Result<Vec<RefundRow>> {
    Ok(on_conn!(conn, p => sqlx::query_as(
        "SELECT id, invoice_id, payment_id, amount, reason, refunded_at FROM refunds WHERE invoice_id = $1 ORDER BY id",
    )
    .bind(invoice_id)
    .fetch_all(p)
    .await?))
}

/// A payment with its invoice and case, for reports.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentReportRow {
    #[sqlx(flatten)]
    pub payment: PaymentRow,
    pub invoice_number: String,
    pub reference: String,
    pub agency_id: i64,
    pub refunded: i64,
}

/// Payments received in `[from, to)` for cases of the given agencies, oldest first.
pub async fn payments_between(
    db: &Db,
    agency_ids: &[i64],
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<Vec<PaymentReportRow>> {
    if agency_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (0..agency_ids.len())
        .map(|i| format!("${}", i + 3))
        .collect();
    let sql = format!(
        "SELECT p.id, p.invoice_id, p.provider, p.provider_ref, p.amount, p.received_at, p.receipt_number, \
         p.recorded_by, i.number AS invoice_number, a.reference, i.agency_id, \
         CAST(COALESCE((SELECT SUM(r.amount) FROM refunds r WHERE r.payment_id = p.id), 0) AS BIGINT) AS refunded \
         FROM payments p JOIN invoices i ON i.id = p.invoice_id JOIN applications a ON a.id = i.application_id \
         WHERE p.received_at >= $1 AND p.received_at < $2 AND i.agency_id IN ({}) ORDER BY p.received_at, p.id",
        placeholders.join(", ")
    );
    let (from, to) = (utc(from), utc(to));
    Ok(on_db!(db, p => {
        // Audited: only numbered placeholders are interpolated; every value is bound.
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(from).bind(to);
        for id in agency_ids {
            q = q.bind(*id);
        }
        q.fetch_all(p).await?
    }))
}

/// Invoices issued in `[from, to)` for the given agencies (what was expected), oldest first.
pub async fn invoices_between(
    db: &Db,
    agency_ids: &[i64],
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<Vec<InvoiceRow>> {
    if agency_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (0..agency_ids.len())
        .map(|i| format!("${}", i + 3))
        .collect();
    let sql = format!(
        "{} WHERE i.issued_at >= $1 AND i.issued_at < $2 AND i.agency_id IN ({}) ORDER BY i.issued_at, i.id",
        invoice_select!(),
        placeholders.join(", ")
    );
    let (from, to) = (utc(from), utc(to));
    Ok(on_db!(db, p => {
        // Audited: only numbered placeholders are interpolated; every value is bound.
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(from).bind(to);
        for id in agency_ids {
            q = q.bind(*id);
        }
        q.fetch_all(p).await?
    }))
}

/// SQLite compares stored RFC 3339 text: keep every timestamp in UTC.
fn utc(t: OffsetDateTime) -> OffsetDateTime {
    t.to_offset(time::UtcOffset::UTC)
}

/// A checkout of the built-in sandbox gateway.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SandboxCheckout {
    pub id: String,
    pub invoice_number: String,
    pub amount: i64,
    pub currency: String,
    /// `open`, `paid` or `cancelled`.
    pub status: String,
    pub created_at: OffsetDateTime,
    /// The account that opened it (only they may pay or cancel it).
    pub payer_id: Option<i64>,
}

/// Opens a sandbox checkout session.
pub async fn create_checkout(
    tx: &mut Tx,
    id: &str,
    invoice_number: &str,
    amount: i64,
    currency: &str,
    payer_id: i64,
) -> Result<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO sandbox_checkouts (id, invoice_number, amount, currency, status, created_at, payer_id) \
         VALUES ($1, $2, $3, $4, 'open', $5, $6)",
    )
    .bind(id)
    .bind(invoice_number)
    .bind(amount)
    .bind(currency)
    .bind(OffsetDateTime::now_utc())
    .bind(payer_id)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// A sandbox checkout session.
pub async fn checkout(conn: impl Into<Conn<'_>>, id: &str) -> Result<Option<SandboxCheckout>> {
    Ok(on_conn!(conn, p => sqlx::query_as(
        "SELECT id, invoice_number, amount, currency, status, created_at, payer_id FROM sandbox_checkouts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(p)
    .await?))
}

/// Closes an open sandbox checkout as `status`; false if it was not open.
pub async fn close_checkout(tx: &mut Tx, id: &str, status: &str) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query("UPDATE sandbox_checkouts SET status = $1 WHERE id = $2 AND status = 'open'")
        .bind(status)
        .bind(id)
        .execute(c)
        .await?
        .rows_affected());
    Ok(n == 1)
}
