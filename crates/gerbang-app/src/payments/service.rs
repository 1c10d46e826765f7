//! Payment operations: raising invoices, the "paid" gate of the workflow, recording what
//! providers report, refunds and reports. Every money movement (invoice raised, payment
//! received, refund, cancellation) appends an audit entry in the same transaction.
//!
//! What a provider's notice does to an invoice is decided here, once, for all providers:
//! - the provider reference was seen before: nothing changes (idempotent);
//! - the amount or currency differs from the invoice: refused, nothing recorded;
//! - the invoice is `issued`: the payment is recorded and the invoice becomes `paid`;
//! - the invoice is already `paid`, `refunded` or `cancelled`: the money has still arrived,
//!   so the payment is recorded (never lost) and flagged in the audit log for a refund.

use gerbang_domain::catalog::{InvoiceAt, ServiceDef};
use gerbang_domain::fees::{FeeLine, total_of};
use gerbang_domain::form::FormData;
use gerbang_domain::oversight::{self, ReadFacts};
use gerbang_domain::webhooks::EventType;
use gerbang_domain::workflow::{Decision, Transition};
use gerbang_store::audit::AuditEntry;
use gerbang_store::payments::{
    self as store, InvoiceRow, NewInvoice, NewPayment, NewRefund, PaymentReportRow, PaymentRow,
};
use gerbang_store::{StoreError, Tx};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::App;
use crate::accounts::service::Meta;
use crate::applications::service::CaseView;
use crate::authz::{Action, Resource, allows, check};
use crate::error::{AppError, ErrorKind, FieldProblem};
use crate::payments::providers::{
    self, BankTransfer, Counter, InvoiceKey, PaymentNotice, PaymentProvider, ProviderError,
    ProviderInput, Sandbox, StatementLine,
};
use crate::user::SessionUser;

/// Who is acting, for audit entries.
struct Actor<'a> {
    id: Option<i64>,
    label: &'a str,
    request_id: &'a str,
}

async fn audit_money(
    tx: &mut Tx,
    who: &Actor<'_>,
    action: &str,
    subject: &str,
    details: serde_json::Value,
) -> Result<(), AppError> {
    AuditEntry::system(action, subject)
        .actor(who.id, who.label)
        .request(who.request_id)
        .details(details)
        .append(tx)
        .await?;
    Ok(())
}

async fn case_reference(tx: &mut Tx, id: i64) -> Result<(String, i64), AppError> {
    store::case_of_tx(tx, id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("case {id} vanished inside its transaction")))
}

/// Raises the case's invoice from its answers. Nothing is raised when the fee comes to zero.
async fn raise_invoice(
    tx: &mut Tx,
    application_id: i64,
    def: &ServiceDef,
    data_json: &str,
    who: &Actor<'_>,
) -> Result<(), AppError> {
    let data: FormData = serde_json::from_str(data_json).map_err(StoreError::from)?;
    let lines = def
        .fee
        .compute(&data)
        .map_err(|e| AppError::Internal(format!("fee of {}: {e}", def.slug)))?;
    let total = total_of(&lines)
        .map_err(|e| AppError::Internal(format!("fee of {}: {e}", def.slug)))?
        .minor();
    if total == 0 {
        return Ok(());
    }
    let currency = def
        .fee
        .currency()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let (reference, agency_id) = case_reference(tx, application_id).await?;
    let number = format!("INV-{reference}");
    let mut code = providers::new_payment_code();
    while store::payment_code_taken(tx, &code).await? {
        code = providers::new_payment_code();
    }
    let lines_json = serde_json::to_string(&lines).map_err(StoreError::from)?;
    store::insert_invoice(
        tx,
        &NewInvoice {
            application_id,
            agency_id,
            number: &number,
            payment_code: &code,
            currency: currency.code(),
            total,
            lines: &lines_json,
        },
    )
    .await?;
    if let Some(owner) = gerbang_store::webhooks::owner_of_case(tx, application_id).await? {
        crate::webhooks::emit(
            tx,
            owner,
            EventType::InvoiceIssued,
            serde_json::json!({
                "reference": reference, "invoice": number, "total": total,
                "currency": currency.code(), "payment_code": code,
            }),
        )
        .await?;
    }
    audit_money(
        tx,
        who,
        "payment.invoice_issue",
        &format!("application:{reference}"),
        serde_json::json!({ "invoice": number, "total": total, "currency": currency.code() }),
    )
    .await
}

/// Hook in `submit`: raises the invoice when the service invoices at submission.
pub async fn on_submitted(
    tx: &mut Tx,
    _state: &App,
    id: i64,
    def: &ServiceDef,
    data_json: &str,
) -> Result<(), AppError> {
    if def.invoice_at != InvoiceAt::Submission || def.fee.is_free() {
        return Ok(());
    }
    let who = Actor {
        id: None,
        label: "system",
        request_id: "-",
    };
    raise_invoice(tx, id, def, data_json, &who).await
}

/// Hook in `move_case`, before the move: a transition that `requires_paid` is refused
/// (409, "payment required") unless the case's invoice is paid. Read in the move's own
/// transaction, so a refund cannot slip in between.
pub async fn require_paid(tx: &mut Tx, view: &CaseView, t: &Transition) -> Result<(), AppError> {
    if !t.requires_paid {
        return Ok(());
    }
    match store::invoice_of_case(&mut *tx, view.case.id).await? {
        Some(inv) if inv.status == "paid" => Ok(()),
        Some(_) => Err(AppError::Kind(ErrorKind::PaymentRequired)),
        // No invoice: only fine when the answers cost nothing.
        None => {
            let data: FormData = serde_json::from_str(&view.case.data).map_err(StoreError::from)?;
            let owes = view
                .def
                .fee
                .compute(&data)
                .ok()
                .and_then(|l| total_of(&l).ok())
                .is_none_or(|a| a.minor() > 0);
            if owes && !view.def.fee.is_free() {
                Err(AppError::Kind(ErrorKind::PaymentRequired))
            } else {
                Ok(())
            }
        }
    }
}

/// True when move `t` would be refused now because the case's invoice is not paid: the
/// case page shows that action disabled, with the reason beside it.
pub async fn unpaid_for(state: &App, view: &CaseView, t: &Transition) -> Result<bool, AppError> {
    if !t.requires_paid {
        return Ok(false);
    }
    let mut tx = state.db.begin().await?;
    let out = match require_paid(&mut tx, view, t).await {
        Ok(()) => Ok(false),
        Err(AppError::Kind(ErrorKind::PaymentRequired)) => Ok(true),
        Err(e) => Err(e),
    };
    // A read: nothing to commit.
    drop(tx);
    out
}

/// Hook in `move_case` when the case reaches a declared outcome: an approval raises an
/// `invoice_at: approval` invoice; a rejection cancels an unpaid invoice and refunds a paid
/// one when the fee rule says so; closing without a decision cancels an unpaid invoice.
pub async fn on_decided(
    tx: &mut Tx,
    config: &crate::Config,
    user: &SessionUser,
    view: &CaseView,
    decision: Decision,
    meta: &Meta,
) -> Result<(), AppError> {
    if view.def.fee.is_free() {
        return Ok(());
    }
    let who = Actor {
        id: Some(user.id),
        label: &user.email,
        request_id: &meta.request_id,
    };
    let subject = format!("application:{}", view.case.reference);
    if decision == Decision::Approved {
        if view.def.invoice_at == InvoiceAt::Approval
            && store::invoice_of_case(&mut *tx, view.case.id)
                .await?
                .is_none()
        {
            raise_invoice(tx, view.case.id, &view.def, &view.case.data, &who).await?;
        }
        return Ok(());
    }
    let Some(inv) = store::invoice_of_case(&mut *tx, view.case.id).await? else {
        return Ok(());
    };
    match inv.status.as_str() {
        "issued" if store::set_status(tx, inv.id, "issued", "cancelled", None).await? => {
            audit_money(
                tx,
                &who,
                "payment.invoice_cancel",
                &subject,
                serde_json::json!({ "invoice": inv.number, "reason": "rejected" }),
            )
            .await?;
        }
        "paid" if decision == Decision::Rejected && view.def.fee.refund_on_reject() => {
            for p in store::payments_of(&mut *tx, inv.id).await? {
                store::insert_refund(
                    tx,
                    &NewRefund {
                        invoice_id: inv.id,
                        payment_id: p.id,
                        amount: p.amount,
                        reason: "rejected",
                        recorded_by: Some(user.id),
                    },
                )
                .await?;
                audit_money(
                    tx,
                    &who,
                    "payment.refund",
                    &subject,
                    serde_json::json!({
                        "invoice": inv.number, "payment": p.receipt_number,
                        "amount": p.amount, "provider": p.provider, "reason": "rejected",
                    }),
                )
                .await?;
            }
            store::set_status(tx, inv.id, "paid", "refunded", None).await?;
            tell_applicant(
                tx,
                config,
                &view.case.reference,
                "refund",
                &inv.number,
                inv.total,
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}

/// Emails the applicant of case `reference` about money on its invoice (`payment`
/// received, `refund` made), in the applicant's language, in the caller's transaction.
async fn tell_applicant(
    tx: &mut Tx,
    config: &crate::Config,
    reference: &str,
    kind: &'static str,
    invoice: &str,
    amount: i64,
) -> Result<(), AppError> {
    use crate::notify::messages::{Message, queue, recipient};
    let Some(case) = gerbang_store::applications::by_reference(&mut *tx, reference).await? else {
        return Ok(());
    };
    let Some(to) = recipient(tx, case.applicant_id).await? else {
        return Ok(());
    };
    let service = gerbang_store::catalog::service_by_id(&mut *tx, case.service_id)
        .await?
        .map(|s| match to.lang {
            gerbang_domain::i18n::Lang::En => s.name_en,
            gerbang_domain::i18n::Lang::Id => s.name_id,
        })
        .unwrap_or_default();
    let message = Message::new(kind)
        .arg("reference", reference)
        .arg("service", service)
        .arg("invoice", invoice)
        .arg("amount", crate::i18n::rupiah(amount));
    queue(tx, config, &to, &message).await
}

/// The invoice of a case, if raised.
pub async fn invoice_of(state: &App, case_id: i64) -> Result<Option<InvoiceRow>, AppError> {
    Ok(store::invoice_of_case(&state.db, case_id).await?)
}

/// The itemised lines stored with an invoice.
pub fn lines_of(inv: &InvoiceRow) -> Result<Vec<FeeLine>, AppError> {
    Ok(serde_json::from_str(&inv.lines).map_err(StoreError::from)?)
}

/// What a notice did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Recorded; the invoice is now paid.
    Paid { invoice: String, payment_id: i64 },
    /// Recorded, but the invoice was not awaiting payment: flagged for a refund.
    Unexpected { invoice: String, payment_id: i64 },
    /// This provider reference was recorded before; nothing changed.
    AlreadyRecorded { invoice: String },
    /// The amount or currency differs from the invoice; nothing recorded.
    AmountMismatch { invoice: String, expected: i64 },
    /// No such invoice (or not one this actor may settle).
    UnknownInvoice,
}

impl Applied {
    /// A stable word for logs, provider events and CSV.
    pub fn outcome(&self) -> &'static str {
        match self {
            Applied::Paid { .. } => "paid",
            Applied::Unexpected { .. } => "recorded_unexpected",
            Applied::AlreadyRecorded { .. } => "duplicate_payment",
            Applied::AmountMismatch { .. } => "amount_mismatch",
            Applied::UnknownInvoice => "unknown_invoice",
        }
    }
}

/// Applies one notice in the caller's transaction. `agencies` limits which invoices the
/// actor may settle (`None`: any, for gateways that name the invoice themselves).
async fn apply_notice(
    tx: &mut Tx,
    config: &crate::Config,
    provider: &dyn PaymentProvider,
    n: &PaymentNotice,
    agencies: Option<&[i64]>,
    who: &Actor<'_>,
) -> Result<Applied, AppError> {
    let inv = match &n.invoice {
        InvoiceKey::Number(s) => store::invoice_by_number(&mut *tx, s).await?,
        InvoiceKey::Code(s) => store::invoice_by_code_tx(tx, s).await?,
    };
    let Some(inv) = inv.filter(|i| agencies.is_none_or(|a| a.contains(&i.agency_id))) else {
        return Ok(Applied::UnknownInvoice);
    };
    if store::payment_exists_tx(tx, provider.name(), &n.provider_ref).await? {
        return Ok(Applied::AlreadyRecorded {
            invoice: inv.number,
        });
    }
    let reference = inv.number.trim_start_matches("INV-").to_owned();
    let subject = format!("application:{reference}");
    if n.amount != inv.total || n.currency != inv.currency {
        audit_money(
            tx,
            who,
            "payment.refuse_amount",
            &subject,
            serde_json::json!({
                "invoice": inv.number, "provider": provider.name(), "provider_ref": n.provider_ref,
                "amount": n.amount, "currency": n.currency, "expected": inv.total,
            }),
        )
        .await?;
        return Ok(Applied::AmountMismatch {
            invoice: inv.number,
            expected: inv.total,
        });
    }
    let receipt = match &n.receipt_number {
        Some(r) => r.clone(),
        None => format!(
            "{}-{}-{:06}",
            provider.receipt_prefix(),
            OffsetDateTime::now_utc().year(),
            rand::random_range(0..1_000_000u32)
        ),
    };
    let payment_id = store::insert_payment(
        tx,
        &NewPayment {
            invoice_id: inv.id,
            provider: provider.name(),
            provider_ref: &n.provider_ref,
            amount: n.amount,
            receipt_number: &receipt,
            recorded_by: who.id,
        },
    )
    .await?;
    let expected = inv.status == "issued"
        && store::set_status(
            tx,
            inv.id,
            "issued",
            "paid",
            Some(OffsetDateTime::now_utc()),
        )
        .await?;
    audit_money(
        tx,
        who,
        if expected {
            "payment.receive"
        } else {
            "payment.receive_unexpected"
        },
        &subject,
        serde_json::json!({
            "invoice": inv.number, "provider": provider.name(), "provider_ref": n.provider_ref,
            "amount": n.amount, "currency": n.currency, "receipt": receipt,
            "invoice_status": inv.status,
        }),
    )
    .await?;
    if expected {
        tell_applicant(tx, config, &reference, "payment", &inv.number, n.amount).await?;
        if let Some(owner) = gerbang_store::webhooks::owner_of_case(tx, inv.application_id).await? {
            crate::webhooks::emit(
                tx,
                owner,
                EventType::PaymentReceived,
                serde_json::json!({
                    "reference": reference, "invoice": inv.number, "amount": n.amount,
                    "currency": n.currency, "receipt": receipt,
                }),
            )
            .await?;
        }
    }
    Ok(if expected {
        Applied::Paid {
            invoice: inv.number,
            payment_id,
        }
    } else {
        Applied::Unexpected {
            invoice: inv.number,
            payment_id,
        }
    })
}

/// The payments of an invoice that can be given back: every payment beyond the first of
/// a paid invoice (paid twice), and every payment of a cancelled or refunded invoice, less
/// those already refunded.
pub fn refundable(
    inv: &InvoiceRow,
    payments: &[PaymentRow],
    refunds: &[store::RefundRow],
) -> Vec<i64> {
    let done = |id: i64| refunds.iter().any(|r| r.payment_id == id);
    let kept = match inv.status.as_str() {
        "paid" => payments.iter().map(|p| p.id).min(),
        "cancelled" | "refunded" => None,
        _ => return Vec::new(),
    };
    payments
        .iter()
        .map(|p| p.id)
        .filter(|id| Some(*id) != kept && !done(*id))
        .collect()
}

/// Payments staff give one payment back through the provider it came from, with its
/// refund record, audit entry and the applicant's email in one transaction. A payment the
/// case still needs is refused (409); another agency's staff get 404.
pub async fn refund_payment(
    state: &App,
    user: &SessionUser,
    reference: &str,
    payment_id: i64,
    meta: &Meta,
) -> Result<&'static str, AppError> {
    let view = crate::applications::service::facts_for(state, user, reference).await?;
    check(
        Some(user),
        Action::RefundPayment,
        Resource::Case(view.facts()),
    )?;
    let mut tx = state.db.begin().await?;
    let inv = store::invoice_of_case(&mut tx, view.case.id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let payments = store::payments_of(&mut tx, inv.id).await?;
    let refunds = store::refunds_of(&mut tx, inv.id).await?;
    let payment = payments
        .iter()
        .find(|p| p.id == payment_id)
        .ok_or(AppError::NOT_FOUND)?;
    if !refundable(&inv, &payments, &refunds).contains(&payment_id) {
        return Err(AppError::Kind(ErrorKind::Conflict));
    }
    let provider = crate::payments::providers::by_name(&payment.provider).ok_or_else(|| {
        AppError::Internal(format!(
            "payment {payment_id}: unknown provider {}",
            payment.provider
        ))
    })?;
    let done = provider
        .refund(&crate::payments::providers::RefundOrder {
            provider_ref: &payment.provider_ref,
            receipt_number: &payment.receipt_number,
            amount: payment.amount,
        })
        .map_err(|e| AppError::Internal(format!("refund of payment {payment_id}: {e}")))?;
    let reason = if inv.status == "paid" {
        "paid_twice"
    } else {
        "not_due"
    };
    match store::insert_refund(
        &mut tx,
        &NewRefund {
            invoice_id: inv.id,
            payment_id,
            amount: payment.amount,
            reason,
            recorded_by: Some(user.id),
        },
    )
    .await
    {
        Ok(_) => {}
        Err(StoreError::Conflict(_)) => return Err(AppError::Kind(ErrorKind::Conflict)),
        Err(e) => return Err(e.into()),
    }
    let who = Actor {
        id: Some(user.id),
        label: &user.email,
        request_id: &meta.request_id,
    };
    audit_money(
        &mut tx,
        &who,
        "payment.refund",
        &format!("application:{reference}"),
        serde_json::json!({
            "invoice": inv.number, "payment": payment.receipt_number, "amount": payment.amount,
            "provider": payment.provider, "provider_ref": done.provider_ref, "reason": reason,
        }),
    )
    .await?;
    tell_applicant(
        &mut tx,
        &state.config,
        &view.case.reference,
        "refund",
        &inv.number,
        payment.amount,
    )
    .await?;
    tx.commit().await?;
    Ok(done.how)
}

/// An officer of the case's agency records a payment made at the desk. Another agency's
/// staff get 404; a wrong amount or a used receipt number is a field error (422).
pub async fn record_counter(
    state: &App,
    user: &SessionUser,
    reference: &str,
    amount: &str,
    receipt_number: &str,
    meta: &Meta,
) -> Result<i64, AppError> {
    let view = crate::applications::service::facts_for(state, user, reference).await?;
    let case = &view.case;
    check(
        Some(user),
        Action::RecordPayment,
        Resource::Case(view.facts()),
    )?;
    let inv = store::invoice_of_case(&state.db, case.id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let reading = Counter
        .read(&ProviderInput::Counter {
            invoice_number: &inv.number,
            amount,
            receipt_number,
        })
        .map_err(|e| match e {
            ProviderError::Field(f, m) => AppError::Invalid(vec![FieldProblem::new(f, m)]),
            other => AppError::Internal(other.to_string()),
        })?;
    let mut tx = state.db.begin().await?;
    let Some((notice, _)) = reading.notices.first() else {
        return Err(AppError::Internal("counter read no payment".into()));
    };
    if store::receipt_taken_tx(&mut tx, receipt_number.trim()).await? {
        return Err(AppError::Invalid(vec![FieldProblem::new(
            "receipt_number",
            "payment-error-receipt-used",
        )]));
    }
    if inv.status != "issued" {
        return Err(AppError::Kind(ErrorKind::Conflict));
    }
    let who = Actor {
        id: Some(user.id),
        label: &user.email,
        request_id: &meta.request_id,
    };
    match apply_notice(
        &mut tx,
        &state.config,
        &Counter,
        notice,
        Some(&[case.agency_id]),
        &who,
    )
    .await?
    {
        Applied::Paid { payment_id, .. } => {
            tx.commit().await?;
            Ok(payment_id)
        }
        Applied::AmountMismatch { .. } => Err(AppError::Invalid(vec![FieldProblem::new(
            "amount",
            "payment-error-amount-mismatch",
        )])),
        _ => Err(AppError::Kind(ErrorKind::Conflict)),
    }
}

/// One statement line and what reconciliation did with it.
#[derive(Debug, Clone)]
pub struct ReconciledLine {
    pub line: StatementLine,
    /// `paid`, `recorded_unexpected`, `duplicate_payment`, `amount_mismatch`,
    /// `unknown_invoice` or `no_code`.
    pub outcome: &'static str,
    pub invoice: Option<String>,
}

/// The result of reconciling one bank statement.
#[derive(Debug, Clone, Default)]
pub struct Reconciliation {
    pub matched: Vec<ReconciledLine>,
    pub unmatched: Vec<ReconciledLine>,
}

/// Reconciles a bank statement (CSV) against the invoices of the agencies the user handles
/// payments for: matching lines are recorded as payments, the rest listed. All or nothing.
pub async fn reconcile_statement(
    state: &App,
    user: &SessionUser,
    csv: &str,
    meta: &Meta,
) -> Result<Reconciliation, AppError> {
    let agencies = agencies_where(state, user, Action::ReconcileStatement).await?;
    if agencies.is_empty() {
        return Err(AppError::FORBIDDEN);
    }
    let reading = BankTransfer
        .read(&ProviderInput::Statement { csv })
        .map_err(|e| {
            AppError::Invalid(vec![FieldProblem {
                field: "statement".into(),
                message_id: "payment-error-statement".into(),
                args: vec![("detail", e.to_string())],
                subject: None,
            }])
        })?;
    let who = Actor {
        id: Some(user.id),
        label: &user.email,
        request_id: &meta.request_id,
    };
    let mut out = Reconciliation::default();
    let mut tx = state.db.begin().await?;
    for (notice, line) in &reading.notices {
        let applied = apply_notice(
            &mut tx,
            &state.config,
            &BankTransfer,
            notice,
            Some(&agencies),
            &who,
        )
        .await?;
        let invoice = match &applied {
            Applied::Paid { invoice, .. }
            | Applied::Unexpected { invoice, .. }
            | Applied::AlreadyRecorded { invoice }
            | Applied::AmountMismatch { invoice, .. } => Some(invoice.clone()),
            Applied::UnknownInvoice => None,
        };
        let r = ReconciledLine {
            line: line.clone().unwrap_or(StatementLine {
                line: 0,
                date: String::new(),
                amount: notice.amount.to_string(),
                reference: String::new(),
            }),
            outcome: applied.outcome(),
            invoice,
        };
        match applied {
            Applied::Paid { .. } | Applied::Unexpected { .. } | Applied::AlreadyRecorded { .. } => {
                out.matched.push(r);
            }
            _ => out.unmatched.push(r),
        }
    }
    for line in reading.unmatched {
        out.unmatched.push(ReconciledLine {
            line,
            outcome: "no_code",
            invoice: None,
        });
    }
    out.unmatched.sort_by_key(|l| l.line.line);
    audit_money(
        &mut tx,
        &who,
        "payment.statement_reconcile",
        "payments:bank-transfer",
        serde_json::json!({ "matched": out.matched.len(), "unmatched": out.unmatched.len() }),
    )
    .await?;
    tx.commit().await?;
    Ok(out)
}

/// The agencies whose payment reports `user` may see.
pub async fn payment_agencies(state: &App, user: &SessionUser) -> Result<Vec<i64>, AppError> {
    agencies_where(state, user, Action::ViewPayments).await
}

/// The agencies where `user` may take `action`.
pub async fn agencies_where(
    state: &App,
    user: &SessionUser,
    action: Action,
) -> Result<Vec<i64>, AppError> {
    Ok(gerbang_store::catalog::agencies(&state.db)
        .await?
        .into_iter()
        .filter(|a| allows(Some(user), action, Resource::Agency(a.id)))
        .map(|a| a.id)
        .collect())
}

/// The answer to a webhook: status code and JSON body.
#[derive(Debug, Clone)]
pub struct WebhookAnswer {
    pub status: u16,
    pub body: serde_json::Value,
}

fn answer(status: u16, outcome: &str) -> WebhookAnswer {
    WebhookAnswer {
        status,
        body: serde_json::json!({ "outcome": outcome }),
    }
}

/// The status code each stored outcome is answered with (again, for a duplicate delivery).
fn status_of(outcome: &str) -> u16 {
    match outcome {
        "amount_mismatch" => 422,
        "unknown_invoice" => 404,
        _ => 200,
    }
}

/// The sandbox gateway's webhook secret, resolved once at start: from configuration, else
/// kept in `<data dir>/sandbox-webhook.secret` (mode 0600), generated there only when the
/// installation may generate secrets (never on a shared PostgreSQL database, where each
/// node would make its own).
pub fn load_sandbox_secret(config: &crate::Config) -> std::io::Result<Vec<u8>> {
    use secrecy::ExposeSecret;
    if let Some(s) = &config.sandbox_webhook_secret {
        return Ok(s.expose_secret().as_bytes().to_vec());
    }
    let path = config.data_dir.join("sandbox-webhook.secret");
    match std::fs::read_to_string(&path) {
        Ok(s) if s.trim().len() >= 32 => Ok(s.trim().as_bytes().to_vec()),
        Ok(_) => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{}: shorter than 32 characters", path.display()),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && config.generate_secrets => {
            let secret = hex::encode(rand::random::<[u8; 32]>());
            std::fs::create_dir_all(&config.data_dir)?;
            crate::documents::service::write_private(&path, &secret)?;
            Ok(secret.into_bytes())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "the sandbox gateway needs a webhook secret shared by every node: set \
             GERBANG_SANDBOX_WEBHOOK_SECRET (or --sandbox-webhook-secret)",
        )),
        Err(e) => Err(e),
    }
}

fn sandbox_secret(state: &App) -> Result<&[u8], AppError> {
    state.sandbox_secret.as_deref().ok_or(AppError::NOT_FOUND)
}

/// Receives a sandbox webhook. Answers (JSON `{"outcome": ...}`):
/// - 401 `bad_signature` / `stale_timestamp`: nothing recorded;
/// - 400 `malformed`: signed, but not a readable event;
/// - 200 `paid`, `recorded_unexpected`, `duplicate_payment`, `ignored`;
/// - 422 `amount_mismatch`, 404 `unknown_invoice`: recorded as events, invoice untouched;
/// - a repeated event id is answered as the first time (`"duplicate": true`), unless its
///   payload differs: 409 `event_id_reused`.
pub async fn receive_webhook(
    state: &App,
    timestamp: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
) -> Result<WebhookAnswer, AppError> {
    let secret = sandbox_secret(state)?;
    let reading = match Sandbox.read(&ProviderInput::Webhook {
        timestamp,
        signature,
        body,
        now_unix: OffsetDateTime::now_utc().unix_timestamp(),
        secret,
    }) {
        Ok(r) => r,
        Err(ProviderError::BadSignature) => return Ok(answer(401, "bad_signature")),
        Err(ProviderError::StaleTimestamp) => return Ok(answer(401, "stale_timestamp")),
        Err(_) => return Ok(answer(400, "malformed")),
    };
    let Some(event) = reading.event else {
        return Ok(answer(400, "malformed"));
    };
    let hash = hex::encode(Sha256::digest(body));
    let mut tx = state.db.begin().await?;
    // Claim the event id first: a concurrent or later delivery of the same event waits for
    // this one and then finds it taken.
    if !store::record_event(&mut tx, "sandbox", &event.id, &hash, "processing").await? {
        drop(tx);
        let Some((first_hash, first_outcome)) =
            store::event(&state.db, "sandbox", &event.id).await?
        else {
            return Err(AppError::Internal("provider event vanished".into()));
        };
        if first_hash != hash {
            return Ok(answer(409, "event_id_reused"));
        }
        let mut a = answer(status_of(&first_outcome), &first_outcome);
        a.body["duplicate"] = true.into();
        return Ok(a);
    }
    let who = Actor {
        id: None,
        label: "sandbox",
        request_id: "-",
    };
    let mut outcome = "ignored";
    for (notice, _) in &reading.notices {
        outcome = apply_notice(&mut tx, &state.config, &Sandbox, notice, None, &who)
            .await?
            .outcome();
    }
    store::set_event_outcome(&mut tx, "sandbox", &event.id, outcome).await?;
    tx.commit().await?;
    Ok(answer(status_of(outcome), outcome))
}

/// Opens a sandbox checkout for the applicant's unpaid invoice; returns its id.
pub async fn start_sandbox(
    state: &App,
    user: &SessionUser,
    reference: &str,
) -> Result<String, AppError> {
    let view = crate::applications::service::facts_for(state, user, reference).await?;
    check(Some(user), Action::PayOnline, Resource::Case(view.facts()))?;
    let inv = store::invoice_of_case(&state.db, view.case.id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    if inv.status != "issued" {
        return Err(AppError::Kind(ErrorKind::Conflict));
    }
    let id = format!("cs_{}", hex::encode(rand::random::<[u8; 16]>()));
    let mut tx = state.db.begin().await?;
    store::create_checkout(&mut tx, &id, &inv.number, inv.total, &inv.currency, user.id).await?;
    tx.commit().await?;
    Ok(id)
}

/// The sandbox's own side of a checkout: "charges" the test card and notifies the platform
/// like a real gateway, with a signed webhook (sent twice, as gateways retry). Returns the
/// case reference to send the applicant back to.
pub async fn sandbox_pay(
    state: &App,
    user: &SessionUser,
    checkout_id: &str,
) -> Result<String, AppError> {
    let co = sandbox_checkout(state, user, checkout_id).await?;
    let reference = co.invoice_number.trim_start_matches("INV-").to_owned();
    let mut tx = state.db.begin().await?;
    if !store::close_checkout(&mut tx, checkout_id, "paid").await? {
        return Ok(reference); // already paid or cancelled: nothing more to send
    }
    tx.commit().await?;
    let body = serde_json::json!({
        "id": format!("evt_{}", hex::encode(rand::random::<[u8; 12]>())),
        "type": "payment.succeeded",
        "created": OffsetDateTime::now_utc().unix_timestamp(),
        "data": {
            "checkout": co.id, "invoice": co.invoice_number, "amount": co.amount,
            "currency": co.currency,
            "transaction": format!("txn_{}", hex::encode(rand::random::<[u8; 12]>())),
        }
    })
    .to_string();
    let secret = sandbox_secret(state)?;
    for _delivery in 0..2 {
        let ts = OffsetDateTime::now_utc().unix_timestamp();
        let sig = providers::sign(secret, ts, body.as_bytes());
        let a = receive_webhook(state, Some(&ts.to_string()), Some(&sig), body.as_bytes()).await?;
        if a.status != 200 {
            tracing::warn!(status = a.status, body = %a.body, "sandbox webhook refused");
        }
    }
    Ok(reference)
}

/// A sandbox checkout opened by `user` (anyone else: 404, even holding its URL).
pub async fn sandbox_checkout(
    state: &App,
    user: &SessionUser,
    checkout_id: &str,
) -> Result<store::SandboxCheckout, AppError> {
    sandbox_secret(state)?;
    store::checkout(&state.db, checkout_id)
        .await?
        .filter(|co| co.payer_id == Some(user.id))
        .ok_or(AppError::NOT_FOUND)
}

/// Abandons a sandbox checkout.
pub async fn sandbox_cancel(
    state: &App,
    user: &SessionUser,
    checkout_id: &str,
) -> Result<String, AppError> {
    let co = sandbox_checkout(state, user, checkout_id).await?;
    let mut tx = state.db.begin().await?;
    store::close_checkout(&mut tx, checkout_id, "cancelled").await?;
    tx.commit().await?;
    Ok(co.invoice_number.trim_start_matches("INV-").to_owned())
}

/// A case's invoice as one viewer may see it.
#[derive(Debug, Clone)]
pub struct InvoiceFacts {
    pub inv: InvoiceRow,
    pub payments: Vec<PaymentRow>,
    pub refunds: Vec<store::RefundRow>,
    /// The payments this viewer may give back now (none unless the authorisation
    /// decision allows refunds on the case).
    pub refundable: Vec<i64>,
}

/// A case's invoice, payments and refunds for the applicant or the agency's payments
/// staff (others get 404).
///
/// A staff read is recorded in the audit log once per visit, with its basis (the reader
/// recorded money on the case or worked it, or the invoice is still to be paid).
pub async fn invoice_for_viewer(
    state: &App,
    user: &SessionUser,
    reference: &str,
    meta: &Meta,
) -> Result<InvoiceFacts, AppError> {
    let view = crate::applications::service::facts_for(state, user, reference).await?;
    let resource = Resource::Case(view.facts());
    check(Some(user), Action::ViewPayments, resource)?;
    let inv = store::invoice_of_case(&state.db, view.case.id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let payments = store::payments_of(&state.db, inv.id).await?;
    let refunds = store::refunds_of(&state.db, inv.id).await?;
    if user.id != view.case.applicant_id {
        let subject = format!("application:{}", view.case.reference);
        let since = state.clock.now() - time::Duration::minutes(2);
        let mut tx = state.db.begin().await?;
        if !gerbang_store::audit::touched_since(&mut tx, user.id, &subject, since).await? {
            let acted = payments.iter().any(|p| p.recorded_by == Some(user.id))
                || gerbang_store::applications::acted_on(&mut tx, view.case.id, user.id).await?;
            let basis = oversight::basis(ReadFacts {
                reader: user.id,
                assignee: view.case.assignee_id,
                reader_acted: acted,
                open: inv.status == "issued",
            });
            meta.audit("invoice.read", &subject)
                .agency(view.case.agency_id)
                .flagged(basis.flagged())
                .details(serde_json::json!({
                    "applicant_id": view.case.applicant_id,
                    "invoice": inv.number,
                    "basis": basis.as_str(),
                }))
                .append(&mut tx)
                .await?;
            tx.commit().await?;
        }
    }
    let refundable = if allows(Some(user), Action::RefundPayment, resource) {
        refundable(&inv, &payments, &refunds)
    } else {
        Vec::new()
    };
    Ok(InvoiceFacts {
        inv,
        payments,
        refunds,
        refundable,
    })
}

/// One day of the reconciliation: invoiced (expected) against received and refunded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayTotals {
    pub day: String,
    pub expected: i64,
    pub received: i64,
    pub refunded: i64,
    pub invoices: usize,
    pub payments: usize,
}

/// Payments in a date range (WIB days, inclusive) and the daily reconciliation.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub payments: Vec<PaymentReportRow>,
    pub days: Vec<DayTotals>,
}

/// The payments report for the agencies the user handles payments for.
pub async fn report(
    state: &App,
    user: &SessionUser,
    from: time::Date,
    to: time::Date,
) -> Result<Report, AppError> {
    let agencies = payment_agencies(state, user).await?;
    if agencies.is_empty() {
        return Err(AppError::FORBIDDEN);
    }
    let wib = time::UtcOffset::from_hms(7, 0, 0).map_err(|e| AppError::Internal(e.to_string()))?;
    let start = from.midnight().assume_offset(wib);
    let end = to.next_day().unwrap_or(to).midnight().assume_offset(wib);
    let payments = store::payments_between(&state.db, &agencies, start, end).await?;
    let invoices = store::invoices_between(&state.db, &agencies, start, end).await?;
    let day_of = |t: OffsetDateTime| t.to_offset(wib).date().to_string();
    let mut days: std::collections::BTreeMap<String, DayTotals> = Default::default();
    for i in &invoices {
        let d = days.entry(day_of(i.issued_at)).or_default();
        d.expected = d.expected.saturating_add(i.total);
        d.invoices += 1;
    }
    for p in &payments {
        let d = days.entry(day_of(p.payment.received_at)).or_default();
        d.received = d.received.saturating_add(p.payment.amount);
        d.refunded = d.refunded.saturating_add(p.refunded);
        d.payments += 1;
    }
    let days = days
        .into_iter()
        .map(|(day, mut t)| {
            t.day = day;
            t
        })
        .collect();
    Ok(Report { payments, days })
}
