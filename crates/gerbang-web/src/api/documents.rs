//! Issued documents and invoices through the API: a business's system fetches the result
//! of its applications (the signed JWS and the PDF) and what it owes (the invoice, its
//! payments). The operations are the pages' own: the same checks, the same audit.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::api::auth::rfc3339;
use crate::api::openapi::Problem;
use crate::api::{ApiError, Bearer, meta};
use crate::documents::service;
use crate::http::context::RequestCtx;

/// An issued document.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentInfo {
    #[schema(example = "SKD/2026/000123")]
    pub number: String,
    /// The kind of document, such as the service's output.
    pub kind: String,
    pub holder_name: String,
    /// RFC 3339.
    pub issued_at: String,
    pub expires_at: Option<String>,
    /// Set when the issuing agency revoked it.
    pub revoked_at: Option<String>,
    /// The compact JWS (EdDSA) anyone can verify offline with the agency's key from
    /// `/.well-known/jwks.json`.
    pub jws: String,
    /// The signing key's id.
    pub kid: String,
    /// SHA-256 of the PDF, hex.
    pub pdf_sha256: String,
    /// This document's PDF in this API.
    pub pdf: String,
}

/// The caller's documents.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentList {
    pub documents: Vec<DocumentInfo>,
}

fn info(d: gerbang_store::documents::DocumentRow) -> DocumentInfo {
    DocumentInfo {
        pdf: format!("/api/v1/documents/{}/pdf", urlencode(&d.number)),
        number: d.number,
        kind: d.kind,
        holder_name: d.holder_name,
        issued_at: rfc3339(d.issued_at),
        expires_at: d.expires_at.map(rfc3339),
        revoked_at: d.revoked_at.map(rfc3339),
        jws: d.jws,
        kid: d.kid,
        pdf_sha256: d.pdf_sha256,
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The documents issued to the caller, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/documents",
    tag = "documents",
    operation_id = "listDocuments",
    security(("bearer" = ["applications:read"])),
    responses(
        (status = 200, description = "The caller's documents", body = DocumentList),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Bearer { user, .. }: Bearer,
) -> Result<Json<DocumentList>, ApiError> {
    gerbang_app::authz::check(
        Some(&user),
        gerbang_app::authz::Action::ListOwn,
        gerbang_app::authz::Resource::Platform,
    )?;
    let documents = service::mine(&state, &user)
        .await?
        .into_iter()
        .map(info)
        .collect();
    Ok(Json(DocumentList { documents }))
}

/// One document: its holder's, or one its issuing agency's staff may read (recorded).
#[utoipa::path(
    get,
    path = "/api/v1/documents/{number}",
    tag = "documents",
    operation_id = "getDocument",
    security(("bearer" = ["applications:read"]), ("bearer" = ["cases:read"])),
    params(("number" = String, Path, description = "The document's number")),
    responses(
        (status = 200, description = "The document, with its JWS", body = DocumentInfo),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such document, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn detail(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Bearer { user, .. }: Bearer,
    Path(number): Path<String>,
) -> Result<Json<DocumentInfo>, ApiError> {
    let doc = service::open(&state, &user, &number, &meta(&ctx, &user)).await?;
    Ok(Json(info(doc)))
}

/// A document's PDF (PDF/A, with the JWS in its QR code).
#[utoipa::path(
    get,
    path = "/api/v1/documents/{number}/pdf",
    tag = "documents",
    operation_id = "getDocumentPdf",
    security(("bearer" = ["applications:read"]), ("bearer" = ["cases:read"])),
    params(("number" = String, Path, description = "The document's number")),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such document, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn pdf(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Bearer { user, .. }: Bearer,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let doc = service::open(&state, &user, &number, &meta(&ctx, &user)).await?;
    let bytes = service::pdf_bytes(&state, &doc).await?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

/// One line of an invoice.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvoiceLine {
    /// The regional budget line the money goes to.
    pub budget_line: String,
    pub label: crate::api::services::I18nText,
    /// Whole rupiah.
    pub amount: i64,
}

/// A payment received.
#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentInfo {
    pub receipt_number: String,
    /// Whole rupiah.
    pub amount: i64,
    pub received_at: String,
    /// `counter`, `bank_statement`, or the gateway's name.
    pub provider: String,
}

/// An application's invoice.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvoiceInfo {
    pub number: String,
    /// What to quote when paying by bank transfer (the virtual account).
    pub payment_code: String,
    #[schema(example = "IDR")]
    pub currency: String,
    /// Whole rupiah.
    pub total: i64,
    /// `issued` (to be paid), `paid`, `refunded` or `cancelled`.
    pub status: String,
    pub issued_at: String,
    pub paid_at: Option<String>,
    pub lines: Vec<InvoiceLine>,
    pub payments: Vec<PaymentInfo>,
}

/// An application's invoice and its payments: its applicant's, or the agency's cashiers'
/// and supervisors' (recorded).
#[utoipa::path(
    get,
    path = "/api/v1/applications/{reference}/invoice",
    tag = "applications",
    operation_id = "getInvoice",
    security(("bearer" = ["payments"])),
    params(("reference" = String, Path, description = "The application's reference", example = "GRB-7K3F-9QXM-B")),
    responses(
        (status = 200, description = "The invoice", body = InvoiceInfo),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application or no invoice, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn invoice(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Bearer { user, .. }: Bearer,
    Path(reference): Path<String>,
) -> Result<Json<InvoiceInfo>, ApiError> {
    let facts = gerbang_app::payments::service::invoice_for_viewer(
        &state,
        &user,
        &reference,
        &meta(&ctx, &user),
    )
    .await?;
    let lines = gerbang_app::payments::service::lines_of(&facts.inv)?;
    let inv = facts.inv;
    Ok(Json(InvoiceInfo {
        number: inv.number,
        payment_code: inv.payment_code,
        currency: inv.currency,
        total: inv.total,
        status: inv.status,
        issued_at: rfc3339(inv.issued_at),
        paid_at: inv.paid_at.map(rfc3339),
        lines: lines
            .into_iter()
            .map(|l| InvoiceLine {
                budget_line: l.budget_line,
                label: (&l.label).into(),
                amount: i64::from(l.amount),
            })
            .collect(),
        payments: facts
            .payments
            .into_iter()
            .map(|p| PaymentInfo {
                receipt_number: p.receipt_number,
                amount: p.amount,
                received_at: rfc3339(p.received_at),
                provider: p.provider,
            })
            .collect(),
    }))
}
