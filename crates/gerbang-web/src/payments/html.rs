//! Payment pages: the applicant's invoice, receipts and the sandbox checkout; the staff
//! counter form, payments report with daily reconciliation (and CSV), bank statement upload;
//! and the sandbox webhook endpoint. Handlers are thin: read input, call the service, render.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_domain::catalog::{FeeRule, ServiceDef};
use gerbang_domain::fees::{FeeLine, total_of};
use gerbang_domain::i18n::Lang;
use gerbang_store::payments::{InvoiceRow, PaymentReportRow, PaymentRow, RefundRow};
use serde::Deserialize;

use crate::AppState;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::read_multipart;
use crate::http::forms::{CsrfForm, FormErrors};
use crate::http::pages::render;
use crate::http::pages::when;
use crate::http::pages::{DoneQuery, SignedIn, meta, translate};
use crate::i18n::rupiah;
use crate::payments::providers;
use crate::payments::service::{self, DayTotals, Reconciliation};

/// A fee as the apply page explains it before submission.
#[derive(Debug, Clone, Default)]
pub struct FeeView {
    pub free: bool,
    /// Fixed parts: (label, amount).
    pub lines: Vec<(String, String)>,
    /// For computed fees: how the amount is worked out.
    pub formula: Option<String>,
    /// For computed fees: a worked example.
    pub example: Option<String>,
    /// For fixed fees: the total.
    pub total: Option<String>,
    /// For fees by choice: (answer, amount).
    pub choices: Vec<(String, String)>,
}

impl FeeView {
    /// Explains `def`'s fee in `lang`.
    pub fn of(def: &ServiceDef, lang: Lang) -> FeeView {
        let t = |id: &str| crate::i18n::t(lang, id);
        let args = |pairs: &[(&'static str, String)]| -> Vec<(
            &'static str,
            fluent_templates::fluent_bundle::FluentValue<'static>,
        )> { pairs.iter().map(|(k, v)| (*k, v.clone().into())).collect() };
        let items = |items: &[gerbang_domain::catalog::FeeItem]| -> Vec<(String, String)> {
            items
                .iter()
                .map(|i| (i.label.get(lang).to_owned(), rupiah(i.amount)))
                .collect()
        };
        match &def.fee {
            FeeRule::Free => FeeView {
                free: true,
                ..FeeView::default()
            },
            FeeRule::Fixed { items: i, .. } => FeeView {
                lines: items(i),
                total: def.fee.total().map(rupiah),
                ..FeeView::default()
            },
            FeeRule::PerUnit(f) => {
                let field = def
                    .form
                    .fields
                    .iter()
                    .find(|d| d.name == f.field)
                    .map_or_else(|| f.field.clone(), |d| d.label.get(lang).to_owned());
                let mut formula = crate::i18n::t_args(
                    lang,
                    "fee-formula-per-unit",
                    &args(&[
                        ("label", f.label.get(lang).to_owned()),
                        ("rate", rupiah(f.rate)),
                        ("unit", f.unit.get(lang).to_owned()),
                        ("field", field),
                    ]),
                );
                if f.minimum > 0 {
                    formula.push(' ');
                    formula.push_str(&crate::i18n::t_args(
                        lang,
                        "fee-formula-minimum",
                        &args(&[("amount", rupiah(f.minimum))]),
                    ));
                }
                if let Some(max) = f.maximum {
                    formula.push(' ');
                    formula.push_str(&crate::i18n::t_args(
                        lang,
                        "fee-formula-maximum",
                        &args(&[("amount", rupiah(max))]),
                    ));
                }
                let units = 150u64;
                let data: Result<gerbang_domain::form::FormData, _> =
                    serde_json::from_value(serde_json::json!({ f.field.clone(): units }));
                let example = data
                    .ok()
                    .and_then(|d| def.fee.compute(&d).ok())
                    .and_then(|l| total_of(&l).ok())
                    .map(|total| {
                        crate::i18n::t_args(
                            lang,
                            "fee-example",
                            &args(&[
                                ("units", units.to_string()),
                                ("unit", f.unit.get(lang).to_owned()),
                                ("total", rupiah(total.minor())),
                            ]),
                        )
                    });
                FeeView {
                    lines: items(&f.items),
                    formula: Some(formula),
                    example,
                    ..FeeView::default()
                }
            }
            FeeRule::ByChoice(f) => {
                let field = def.form.fields.iter().find(|d| d.name == f.field);
                let choices = f
                    .choices
                    .iter()
                    .map(|c| {
                        let label = field
                            .and_then(|d| d.options.iter().find(|o| o.value == c.value))
                            .map_or_else(|| c.value.clone(), |o| o.label.get(lang).to_owned());
                        let total = c
                            .items
                            .iter()
                            .try_fold(0i64, |acc, i| acc.checked_add(i.amount))
                            .map_or_else(String::new, rupiah);
                        (label, total)
                    })
                    .collect();
                FeeView {
                    formula: Some(crate::i18n::t_args(
                        lang,
                        "fee-formula-by-choice",
                        &args(&[(
                            "field",
                            field.map_or_else(|| f.field.clone(), |d| d.label.get(lang).to_owned()),
                        )]),
                    )),
                    choices,
                    example: Some(t("fee-exact-on-invoice")),
                    ..FeeView::default()
                }
            }
        }
    }
}

/// An invoice ready to show.
pub struct InvoiceView {
    pub inv: InvoiceRow,
    pub reference: String,
    pub lines: Vec<(String, String, String)>,
    pub total: String,
    pub status: String,
    pub issued: String,
    pub paid: Option<String>,
    pub payments: Vec<(PaymentRow, String, String, String)>,
    pub refunds: Vec<(RefundRow, String, String)>,
    /// Payments the viewer may give back now (payments staff only).
    pub refundable: Vec<i64>,
}

fn invoice_view(ctx: &RequestCtx, facts: service::InvoiceFacts) -> Result<InvoiceView, AppError> {
    let service::InvoiceFacts {
        inv,
        payments,
        refunds,
        refundable,
    } = facts;
    let lines: Vec<FeeLine> = service::lines_of(&inv)?;
    Ok(InvoiceView {
        reference: inv.number.trim_start_matches("INV-").to_owned(),
        lines: lines
            .iter()
            .map(|l| {
                (
                    l.budget_line.clone(),
                    l.label.get(ctx.lang).to_owned(),
                    rupiah(l.amount.minor()),
                )
            })
            .collect(),
        total: rupiah(inv.total),
        status: ctx.t(&format!("invoice-status-{}", inv.status)),
        issued: when(ctx.lang, inv.issued_at),
        paid: inv.paid_at.map(|at| when(ctx.lang, at)),
        payments: payments
            .into_iter()
            .map(|p| {
                let at = when(ctx.lang, p.received_at);
                let amount = rupiah(p.amount);
                let provider = ctx.t(&format!("provider-{}", p.provider));
                (p, at, amount, provider)
            })
            .collect(),
        refunds: refunds
            .into_iter()
            .map(|r| {
                let at = when(ctx.lang, r.refunded_at);
                let amount = rupiah(r.amount);
                (r, at, amount)
            })
            .collect(),
        refundable,
        inv,
    })
}

#[derive(Template)]
#[template(path = "payments/invoice.html")]
struct InvoicePage {
    ctx: RequestCtx,
    v: InvoiceView,
    notice: Option<String>,
    staff: bool,
    /// The sandbox gateway is enabled on this installation (never in production).
    sandbox: bool,
}

/// `GET /applications/{reference}/payment`: the invoice, how to pay, receipts.
pub async fn payment_page(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let facts = service::invoice_for_viewer(&state, &user, &reference, &meta(&ctx)).await?;
    let notice = match q.done.as_deref() {
        Some("paid") => Some(ctx.t("payment-notice-sandbox-returned")),
        Some("cancelled") => Some(ctx.t("payment-notice-sandbox-cancelled")),
        _ => None,
    };
    let staff = ctx.is_staff();
    let v = invoice_view(&ctx, facts)?;
    render(&InvoicePage {
        ctx,
        v,
        notice,
        staff,
        sandbox: state.sandbox_secret.is_some(),
    })
}

/// Forms that carry only the anti-forgery token.
#[derive(Debug, Deserialize)]
pub struct Empty {}

/// `POST /applications/{reference}/payment/sandbox`: off to the sandbox's checkout.
pub async fn start_sandbox(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    let id = service::start_sandbox(&state, &user, &reference).await?;
    Ok(Redirect::to(&format!("/payments/sandbox/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "payments/receipt.html")]
struct ReceiptPage {
    ctx: RequestCtx,
    v: InvoiceView,
    payment: (PaymentRow, String, String, String),
}

/// `GET /applications/{reference}/receipts/{id}`: a printable receipt.
pub async fn receipt(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path((reference, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let facts = service::invoice_for_viewer(&state, &user, &reference, &meta(&ctx)).await?;
    let mut v = invoice_view(&ctx, facts)?;
    let at = v
        .payments
        .iter()
        .position(|p| p.0.id == id)
        .ok_or(AppError::NOT_FOUND)?;
    let payment = v.payments.remove(at);
    render(&ReceiptPage { ctx, v, payment })
}

#[derive(Template)]
#[template(path = "payments/sandbox.html")]
struct SandboxPage {
    ctx: RequestCtx,
    id: String,
    invoice_number: String,
    amount: String,
    open: bool,
}

/// `GET /payments/sandbox/{id}`: the sandbox gateway's hosted checkout page.
pub async fn sandbox_checkout(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let co = service::sandbox_checkout(&state, &user, &id).await?;
    render(&SandboxPage {
        ctx,
        amount: rupiah(co.amount),
        open: co.status == "open",
        invoice_number: co.invoice_number,
        id: co.id,
    })
}

/// `POST /payments/sandbox/{id}/pay`: "pays", the sandbox notifies the platform by
/// webhook, and sends the applicant back.
pub async fn sandbox_pay(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    let reference = service::sandbox_pay(&state, &user, &id).await?;
    Ok(Redirect::to(&format!("/applications/{reference}/payment?done=paid")).into_response())
}

/// `POST /payments/sandbox/{id}/cancel`.
pub async fn sandbox_cancel(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    let reference = service::sandbox_cancel(&state, &user, &id).await?;
    Ok(Redirect::to(&format!("/applications/{reference}/payment?done=cancelled")).into_response())
}

/// `POST /payments/webhooks/sandbox`: see [`service::receive_webhook`] for the answers.
pub async fn webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let h = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let a = service::receive_webhook(
        &state,
        h(providers::TIMESTAMP_HEADER),
        h(providers::SIGNATURE_HEADER),
        &body,
    )
    .await?;
    let status = StatusCode::from_u16(a.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut res = (status, a.body.to_string()).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(res)
}

#[derive(Template)]
#[template(path = "payments/counter.html")]
struct CounterPage {
    ctx: RequestCtx,
    v: InvoiceView,
    errors: FormErrors,
    amount: String,
    receipt_number: String,
    notice: Option<String>,
    /// The viewer may open the case itself (a cashier sees only its invoice).
    case_link: bool,
}

/// Whether `user` may open the case page (for the way back from the counter page).
async fn may_read_case(
    state: &AppState,
    user: &crate::http::context::SessionUser,
    reference: &str,
) -> Result<bool, WebError> {
    let view = crate::applications::service::facts_for(state, user, reference).await?;
    Ok(crate::authz::allows(
        Some(user),
        crate::authz::Action::ReadCase,
        crate::authz::Resource::Case(view.facts()),
    ))
}

/// What the counter lookup sends.
#[derive(Debug, Deserialize, Default)]
pub struct LookupQuery {
    #[serde(default)]
    reference: String,
}

/// `GET /backoffice/payments/counter?reference=`: from the reference on an applicant's
/// receipt to the case's counter payment page.
pub async fn counter_lookup(
    _: SignedIn,
    Query(q): Query<LookupQuery>,
) -> Result<Response, WebError> {
    let reference = gerbang_domain::reference::Reference::parse(&q.reference).map_err(|_| {
        AppError::Invalid(vec![crate::error::FieldProblem::new(
            "reference",
            "error-reference-malformed",
        )])
    })?;
    Ok(Redirect::to(&format!("/backoffice/cases/{reference}/payment")).into_response())
}

/// `GET /backoffice/cases/{reference}/payment`: the invoice and the counter payment form.
pub async fn counter_form(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    if !ctx.is_staff() {
        return Err(AppError::NOT_FOUND.into());
    }
    let facts = service::invoice_for_viewer(&state, &user, &reference, &meta(&ctx)).await?;
    let notice = match q.done.as_deref() {
        None => None,
        Some(how @ ("refund-how-counter" | "refund-how-bank-transfer" | "refund-how-sandbox")) => {
            Some(format!(
                "{} {}",
                ctx.t("payment-notice-refunded"),
                ctx.t(how)
            ))
        }
        Some(_) => Some(ctx.t("payment-notice-recorded")),
    };
    let v = invoice_view(&ctx, facts)?;
    let case_link = may_read_case(&state, &user, &reference).await?;
    render(&CounterPage {
        amount: v.inv.total.to_string(),
        ctx,
        v,
        errors: FormErrors::default(),
        receipt_number: String::new(),
        notice,
        case_link,
    })
}

/// What the counter form sends.
#[derive(Debug, Deserialize, Default)]
pub struct CounterForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    receipt_number: String,
}

/// `POST /backoffice/cases/{reference}/payment`: records a cash or card payment.
pub async fn counter(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
    CsrfForm(form): CsrfForm<CounterForm>,
) -> Result<Response, WebError> {
    match service::record_counter(
        &state,
        &user,
        &reference,
        &form.amount,
        &form.receipt_number,
        &meta(&ctx),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/backoffice/cases/{reference}/payment?done=recorded"
        ))
        .into_response()),
        Err(AppError::Invalid(problems)) => {
            let facts = service::invoice_for_viewer(&state, &user, &reference, &meta(&ctx)).await?;
            let errors = translate(&ctx, &problems);
            let v = invoice_view(&ctx, facts)?;
            let case_link = may_read_case(&state, &user, &reference).await?;
            let page = CounterPage {
                ctx,
                v,
                errors,
                amount: form.amount,
                receipt_number: form.receipt_number,
                notice: None,
                case_link,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /backoffice/cases/{reference}/payments/{id}/refund`: gives one payment back.
pub async fn refund(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path((reference, payment_id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<crate::applications::backoffice::Empty>,
) -> Result<Response, WebError> {
    let how = service::refund_payment(&state, &user, &reference, payment_id, &meta(&ctx)).await?;
    Ok(Redirect::to(&format!("/backoffice/cases/{reference}/payment?done={how}")).into_response())
}

/// Filters of the payments report: WIB dates, inclusive.
#[derive(Debug, Deserialize, Default)]
pub struct ReportQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

fn parse_date(s: &str) -> Option<time::Date> {
    let mut parts = s.trim().splitn(3, '-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.parse().ok()?;
    time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
}

/// The range asked for; the last 30 days by default; at most a year.
fn range(q: &ReportQuery, today: time::Date) -> Result<(time::Date, time::Date), AppError> {
    let to = if q.to.is_empty() {
        today
    } else {
        parse_date(&q.to).ok_or(AppError::Kind(crate::error::ErrorKind::BadRequest))?
    };
    let from = if q.from.is_empty() {
        to - time::Duration::days(30)
    } else {
        parse_date(&q.from).ok_or(AppError::Kind(crate::error::ErrorKind::BadRequest))?
    };
    if from > to || (to - from) > time::Duration::days(366) {
        return Err(AppError::Kind(crate::error::ErrorKind::BadRequest));
    }
    Ok((from, to))
}

/// One payment line of the report.
pub struct ReportLine {
    pub row: PaymentReportRow,
    pub at: String,
    pub amount: String,
    pub provider: String,
    pub refunded: String,
}

#[derive(Template)]
#[template(path = "payments/report.html")]
struct ReportPage {
    ctx: RequestCtx,
    from: String,
    to: String,
    lines: Vec<ReportLine>,
    days: Vec<DayTotals>,
}

/// `GET /backoffice/payments?from=&to=`: payments and the daily reconciliation.
pub async fn report(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let (from, to) = range(&q, crate::applications::service::platform_today(&state))?;
    let r = service::report(&state, &user, from, to).await?;
    let lines = r
        .payments
        .into_iter()
        .map(|row| ReportLine {
            at: when(ctx.lang, row.payment.received_at),
            amount: rupiah(row.payment.amount),
            provider: ctx.t(&format!("provider-{}", row.payment.provider)),
            refunded: if row.refunded > 0 {
                rupiah(row.refunded)
            } else {
                String::new()
            },
            row,
        })
        .collect();
    render(&ReportPage {
        ctx,
        from: from.to_string(),
        to: to.to_string(),
        lines,
        days: r.days,
    })
}

/// A CSV field as exported: a leading `=`, `+`, `-` or `@` is neutralised so that a
/// spreadsheet does not run it as a formula (quoting is the CSV writer's).
fn csv_field(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

fn csv_response(name: &str, rows: Vec<Vec<String>>) -> Response {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for r in rows {
        if let Err(e) = out.write_record(r.iter().map(|f| csv_field(f))) {
            return WebError(AppError::Internal(format!("csv: {e}"))).into_response();
        }
    }
    let body = match out.into_inner() {
        Ok(bytes) => bytes,
        Err(e) => return WebError(AppError::Internal(format!("csv: {e}"))).into_response(),
    };
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}

/// `GET /backoffice/payments/payments.csv?from=&to=`: the payments, one per row.
pub async fn report_csv(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let user = ctx.require_user()?;
    let (from, to) = range(&q, crate::applications::service::platform_today(&state))?;
    let r = service::report(&state, user, from, to).await?;
    let mut rows = vec![
        [
            "received_at",
            "reference",
            "invoice",
            "provider",
            "provider_ref",
            "receipt_number",
            "amount",
            "refunded",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for p in r.payments {
        let at = p
            .payment
            .received_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        rows.push(vec![
            at,
            p.reference,
            p.invoice_number,
            p.payment.provider,
            p.payment.provider_ref,
            p.payment.receipt_number,
            p.payment.amount.to_string(),
            p.refunded.to_string(),
        ]);
    }
    Ok(csv_response(&format!("payments-{from}-{to}.csv"), rows))
}

/// `GET /backoffice/payments/daily.csv?from=&to=`: expected against received, per day.
pub async fn daily_csv(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let user = ctx.require_user()?;
    let (from, to) = range(&q, crate::applications::service::platform_today(&state))?;
    let r = service::report(&state, user, from, to).await?;
    let mut rows = vec![
        [
            "day", "invoices", "expected", "payments", "received", "refunded",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for d in r.days {
        rows.push(vec![
            d.day,
            d.invoices.to_string(),
            d.expected.to_string(),
            d.payments.to_string(),
            d.received.to_string(),
            d.refunded.to_string(),
        ]);
    }
    Ok(csv_response(
        &format!("reconciliation-{from}-{to}.csv"),
        rows,
    ))
}

#[derive(Template)]
#[template(path = "payments/statement.html")]
struct StatementPage {
    ctx: RequestCtx,
    errors: FormErrors,
    result: Option<Reconciliation>,
}

impl StatementPage {
    fn sections(&self) -> Vec<(String, Vec<service::ReconciledLine>)> {
        let Some(r) = &self.result else {
            return Vec::new();
        };
        vec![
            (self.ctx.t("statement-matched-title"), r.matched.clone()),
            (self.ctx.t("statement-unmatched-title"), r.unmatched.clone()),
        ]
    }

    fn outcome(&self, o: &str) -> String {
        self.ctx
            .t(&format!("reconcile-outcome-{}", o.replace('_', "-")))
    }
}

/// `GET /backoffice/payments/statement`: the bank statement upload form.
pub async fn statement_form(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    if service::agencies_where(&state, &user, crate::authz::Action::ReconcileStatement)
        .await?
        .is_empty()
    {
        return Err(AppError::FORBIDDEN.into());
    }
    render(&StatementPage {
        ctx,
        errors: FormErrors::default(),
        result: None,
    })
}

/// `POST /backoffice/payments/statement` (multipart): reconciles the uploaded CSV.
pub async fn statement(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    mp: Multipart,
) -> Result<Response, WebError> {
    let (_, uploads) = read_multipart(&ctx, mp, &["statement"]).await?;
    let csv = uploads
        .iter()
        .find(|u| u.field == "statement" && !u.bytes.is_empty())
        .map(|u| String::from_utf8_lossy(&u.bytes).into_owned());
    let Some(csv) = csv else {
        let mut errors = FormErrors::default();
        errors.add("statement", ctx.t("payment-error-statement-missing"));
        let page = StatementPage {
            ctx,
            errors,
            result: None,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    match service::reconcile_statement(&state, &user, &csv, &meta(&ctx)).await {
        Ok(result) => render(&StatementPage {
            ctx,
            errors: FormErrors::default(),
            result: Some(result),
        }),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let page = StatementPage {
                ctx,
                errors,
                result: None,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
