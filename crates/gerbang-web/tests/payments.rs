//! Fees and payments end to end: invoices, the "paid" gate, the sandbox gateway and its
//! webhooks, counter payments, bank statement reconciliation, refunds, audit and CSV.
//! Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
//!
//! Webhook answers (`POST /payments/webhooks/sandbox`, JSON `{"outcome": ...}`):
//! 200 paid / duplicate (with `"duplicate": true`) / ignored / recorded_unexpected /
//! duplicate_payment; 401 bad_signature / stale_timestamp; 400 malformed;
//! 404 unknown_invoice; 422 amount_mismatch; 409 event_id_reused.

mod common;

use common::{Actor, TestApp, pdf_bytes, reference_from};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use gerbang_web::payments::providers::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign};
use reqwest::StatusCode;

/// A hygiene certificate application for a restaurant (fixed fee Rp 500.000, refunded on
/// rejection, approval requires payment).
const HYGIENE: &[(&str, &str)] = &[
    ("nib", "1234567890123"),
    ("business_name", "Warung Bu Sri"),
    ("business_address", "Jl. Merdeka 1, Kota Contoh"),
    ("establishment_type", "restaurant"),
    ("food_handlers", "4"),
    ("responsible_person_nik", "3374055202950003"),
    ("phone", "081234567890"),
];

fn hygiene_files() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    vec![
        ("floor_plan", "denah.pdf", pdf_bytes()),
        ("training_certificates", "pelatihan.pdf", pdf_bytes()),
    ]
}

struct World {
    app: TestApp,
    business: Actor,
    officer: Actor,
    /// Records money at the health office.
    cashier: Actor,
    supervisor: Actor,
    other_officer: Actor,
    reference: String,
}

async fn world() -> World {
    world_with(true).await
}

async fn world_with(sandbox_payments: bool) -> World {
    let app = TestApp::with_config(|c| c.sandbox_payments = sandbox_payments).await;
    let business = app
        .signed_in("warung@example.id", AccountKind::Business, &[])
        .await;
    let officer = app
        .signed_in(
            "officer@dinkes.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("health-office"))],
        )
        .await;
    let supervisor = app
        .signed_in(
            "head@dinkes.go.id",
            AccountKind::Staff,
            &[(StaffRole::Supervisor, Some("health-office"))],
        )
        .await;
    let cashier = app
        .signed_in(
            "kasir@dinkes.go.id",
            AccountKind::Staff,
            &[(StaffRole::Cashier, Some("health-office"))],
        )
        .await;
    let other_officer = app
        .signed_in(
            "officer@dukcapil.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    let res = business
        .post_multipart(
            "/services/hygiene-sanitation-certificate/apply",
            HYGIENE,
            &hygiene_files(),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let reference = reference_from(res.location());
    World {
        app,
        business,
        officer,
        cashier,
        supervisor,
        other_officer,
        reference,
    }
}

impl World {
    async fn act(&self, who: &Actor, action: &str, comment: &str) -> common::Resp {
        who.post_form(
            &format!("/backoffice/cases/{}/act", self.reference),
            &[("action", action), ("comment", comment)],
        )
        .await
    }

    /// Brings the case to `awaiting_approval`.
    async fn to_awaiting_approval(&self) {
        for action in ["accept", "recommend"] {
            let r = self.act(&self.officer, action, "").await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{action}: {}", r.text);
        }
    }

    fn number(&self) -> String {
        format!("INV-{}", self.reference)
    }

    async fn scalar_text(&self, sql: &'static str) -> String {
        match &self.app.db {
            gerbang_store::Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await.expect("q"),
            gerbang_store::Db::Postgres(p) => {
                sqlx::query_scalar(sql).fetch_one(p).await.expect("q")
            }
        }
    }

    async fn invoice_status(&self) -> String {
        self.scalar_text("SELECT status FROM invoices").await
    }

    async fn payment_code(&self) -> String {
        self.scalar_text("SELECT payment_code FROM invoices").await
    }

    async fn case_status(&self) -> String {
        self.scalar_text("SELECT status FROM applications").await
    }

    fn secret(&self) -> Vec<u8> {
        std::fs::read_to_string(self.app.data_dir.join("sandbox-webhook.secret"))
            .expect("secret file")
            .trim()
            .as_bytes()
            .to_vec()
    }

    /// Posts a webhook signed with `secret` at `ts`.
    async fn webhook_at(&self, body: &str, ts: i64, secret: &[u8]) -> common::Resp {
        let sig = sign(secret, ts, body.as_bytes());
        self.app
            .api()
            .client
            .post(format!("{}/payments/webhooks/sandbox", self.app.base))
            .header("content-type", "application/json")
            .header(TIMESTAMP_HEADER, ts.to_string())
            .header(SIGNATURE_HEADER, sig)
            .body(body.to_owned())
            .send()
            .await
            .map(|r| async move {
                let status = r.status();
                let headers = r.headers().clone();
                let text = r.text().await.expect("body");
                common::Resp {
                    status,
                    headers,
                    text,
                }
            })
            .expect("POST")
            .await
    }

    async fn webhook(&self, body: &str) -> common::Resp {
        self.webhook_at(body, now(), &self.secret()).await
    }

    fn paid_event(&self, event: &str, txn: &str, amount: i64) -> String {
        serde_json::json!({
            "id": event, "type": "payment.succeeded", "created": now(),
            "data": {"checkout": "cs_test", "invoice": self.number(), "amount": amount,
                     "currency": "IDR", "transaction": txn}
        })
        .to_string()
    }
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[tokio::test]
async fn a_paid_service_raises_an_itemised_invoice_and_the_apply_page_shows_the_fee() {
    let w = world().await;
    assert_eq!(w.invoice_status().await, "issued");
    // The business's system reads the same invoice through the API.
    let id = w.app.user_id("warung@example.id").await;
    let token = gerbang_app::accounts::tokens::create_as_operator(
        &w.app.app,
        id,
        &gerbang_app::accounts::tokens::TokenSpec {
            name: "erp".into(),
            ..Default::default()
        },
        &gerbang_app::accounts::service::Meta::cli(),
    )
    .await
    .expect("token");
    let api = w.app.api().with_token(&token.token);
    let res = api
        .get(&format!("/api/v1/applications/{}/invoice", w.reference))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let invoice = res.json();
    assert_eq!(invoice["total"], 500000);
    assert_eq!(invoice["status"], "issued");
    assert_eq!(invoice["payment_code"], w.payment_code().await.as_str());
    assert!(invoice["lines"].as_array().is_some_and(|l| !l.is_empty()));
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM invoices WHERE total = 500000")
            .await,
        1
    );
    let lines: serde_json::Value =
        serde_json::from_str(&w.scalar_text("SELECT lines FROM invoices").await).expect("ok");
    let sum: i64 = lines
        .as_array()
        .expect("ok")
        .iter()
        .map(|l| l["amount"].as_i64().expect("ok"))
        .sum();
    assert_eq!(sum, 500_000);
    let page = w
        .business
        .get(&format!("/applications/{}/payment", w.reference))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Rp 150.000")
        .assert_contains("Rp 350.000")
        .assert_contains("Rp 500.000")
        .assert_contains(&w.payment_code().await)
        .assert_contains("Awaiting payment");
    w.business
        .get(&format!("/applications/{}", w.reference))
        .await
        .assert_contains(&format!("/applications/{}/payment", w.reference));
    // Someone else's invoice does not exist for them.
    assert_eq!(
        w.other_officer
            .get(&format!("/applications/{}/payment", w.reference))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.invoice_issue'")
            .await,
        1
    );
    // A computed fee is explained before applying.
    let apply = w.business.get("/services/building-approval/apply").await;
    apply
        .assert_contains("Rp 37.500 per m²")
        .assert_contains("At least Rp 3.750.000")
        .assert_contains("Example: for 150 m² the total is Rp 6.375.000");
}

#[tokio::test]
async fn approval_before_payment_is_refused_and_changes_nothing() {
    let w = world().await;
    w.to_awaiting_approval().await;
    // The case page shows "Approve" disabled, with the reason beside it.
    let page = w
        .supervisor
        .get(&format!("/backoffice/cases/{}", w.reference))
        .await;
    page.assert_contains("value=\"approve\" disabled aria-describedby=\"blocked-approve\"")
        .assert_contains("the invoice for this case has not been paid");
    let r = w.act(&w.supervisor, "approve", "").await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_contains("Payment required")
        .assert_contains("the invoice for this case has not been paid");
    assert_eq!(w.case_status().await, "awaiting_approval");
    assert_eq!(w.invoice_status().await, "issued");
    // Only the staff read of the case is logged; no decision, no money movement.
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.approve' OR action LIKE 'payment.%' AND action <> 'payment.invoice_issue'")
            .await,
        0
    );
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM application_events WHERE action = 'approve'")
            .await,
        0
    );
}

#[tokio::test]
async fn the_sandbox_redirects_pays_by_webhook_and_approval_follows() {
    let w = world().await;
    let start = w
        .business
        .post_form(
            &format!("/applications/{}/payment/sandbox", w.reference),
            &[],
        )
        .await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.text);
    let checkout = start.location().to_owned();
    assert!(checkout.starts_with("/payments/sandbox/cs_"), "{checkout}");
    let page = w.business.get(&checkout).await;
    page.assert_contains("Test payments only")
        .assert_contains("Rp 500.000");
    // The checkout is the payer's: another signed-in person holding its URL gets 404.
    let stranger = w.app.citizen("stranger@example.id").await;
    assert_eq!(stranger.get(&checkout).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        stranger
            .post_form(&format!("{checkout}/pay"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(w.invoice_status().await, "issued");
    let paid = w.business.post_form(&format!("{checkout}/pay"), &[]).await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER);
    assert_eq!(
        paid.location(),
        format!("/applications/{}/payment?done=paid", w.reference)
    );
    assert_eq!(w.invoice_status().await, "paid");
    // The sandbox delivered its webhook twice: one payment, one event.
    assert_eq!(w.app.count("SELECT COUNT(*) FROM payments").await, 1);
    assert_eq!(w.app.count("SELECT COUNT(*) FROM provider_events").await, 1);
    let invoice = w
        .business
        .get(&format!("/applications/{}/payment", w.reference))
        .await;
    invoice
        .assert_contains("Paid")
        .assert_contains("/receipts/");
    let receipt_id = w.scalar_text("SELECT CAST(id AS TEXT) FROM payments").await;
    let receipt = w
        .business
        .get(&format!(
            "/applications/{}/receipts/{receipt_id}",
            w.reference
        ))
        .await;
    assert_eq!(receipt.status, StatusCode::OK);
    receipt
        .assert_contains("SBX-")
        .assert_contains("Rp 500.000");

    w.to_awaiting_approval().await;
    let r = w.act(&w.supervisor, "approve", "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(w.case_status().await, "approved");
}

#[tokio::test]
async fn webhooks_are_verified_idempotent_and_never_lose_a_payment() {
    let w = world().await;
    let body = w.paid_event("evt_1", "txn_1", 500_000);

    // Bad signature: 401, nothing recorded.
    let _ = w.webhook("{}").await; // creates the secret
    let bad = w.webhook_at(&body, now(), b"not the secret").await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert_eq!(bad.json()["outcome"], "bad_signature");
    let unsigned = w
        .app
        .api()
        .post_raw("/payments/webhooks/sandbox", "application/json", &body)
        .await;
    assert_eq!(unsigned.status, StatusCode::UNAUTHORIZED);
    // Stale timestamp (a replay of an old, validly signed delivery): 401.
    let stale = w.webhook_at(&body, now() - 3600, &w.secret()).await;
    assert_eq!(stale.status, StatusCode::UNAUTHORIZED);
    assert_eq!(stale.json()["outcome"], "stale_timestamp");
    assert_eq!(w.invoice_status().await, "issued");
    assert_eq!(w.app.count("SELECT COUNT(*) FROM provider_events").await, 0);

    // Amount mismatch: 422, invoice untouched, refusal audited.
    let short = w
        .webhook(&w.paid_event("evt_short", "txn_short", 400_000))
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(short.json()["outcome"], "amount_mismatch");
    assert_eq!(w.invoice_status().await, "issued");
    assert_eq!(w.app.count("SELECT COUNT(*) FROM payments").await, 0);

    // Unknown invoice: 404.
    let unknown = serde_json::json!({
        "id": "evt_unknown", "type": "payment.succeeded",
        "data": {"invoice": "INV-NOPE", "amount": 1, "currency": "IDR", "transaction": "txn_x"}
    })
    .to_string();
    let r = w.webhook(&unknown).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["outcome"], "unknown_invoice");

    // Malformed but signed: 400.
    assert_eq!(w.webhook("not json").await.status, StatusCode::BAD_REQUEST);

    // Out of order: a later event (payment) arrives before the earlier checkout events.
    let ok = w.webhook(&body).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert_eq!(ok.json()["outcome"], "paid");
    assert_eq!(w.invoice_status().await, "paid");
    let late = serde_json::json!({"id": "evt_0", "type": "checkout.created"}).to_string();
    let r = w.webhook(&late).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["outcome"], "ignored");
    let failed_attempt = serde_json::json!({"id": "evt_00", "type": "payment.failed"}).to_string();
    assert_eq!(w.webhook(&failed_attempt).await.status, StatusCode::OK);
    assert_eq!(
        w.invoice_status().await,
        "paid",
        "a late failure never un-pays"
    );

    // Duplicate delivery: answered as the first time, nothing recorded twice.
    let dup = w.webhook(&body).await;
    assert_eq!(dup.status, StatusCode::OK);
    assert_eq!(dup.json()["duplicate"], true);
    assert_eq!(dup.json()["outcome"], "paid");
    // The same transaction under a new event id (a retry by the provider): recorded once.
    let retry = w.webhook(&w.paid_event("evt_1b", "txn_1", 500_000)).await;
    assert_eq!(retry.json()["outcome"], "duplicate_payment");
    // The same event id with another payload: refused.
    let reused = w.webhook(&w.paid_event("evt_1", "txn_9", 500_000)).await;
    assert_eq!(reused.status, StatusCode::CONFLICT);
    assert_eq!(w.app.count("SELECT COUNT(*) FROM payments").await, 1);

    // A second real charge for a paid invoice is still recorded (never lost), flagged.
    let second = w.webhook(&w.paid_event("evt_2", "txn_2", 500_000)).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(second.json()["outcome"], "recorded_unexpected");
    assert_eq!(w.app.count("SELECT COUNT(*) FROM payments").await, 2);
    assert_eq!(w.invoice_status().await, "paid");
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.receive_unexpected'")
            .await,
        1
    );
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.receive'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_payment_made_twice_is_refunded_from_the_page_that_shows_it() {
    let w = world().await;
    assert_eq!(
        w.webhook(&w.paid_event("evt_1", "txn_1", 500_000))
            .await
            .json()["outcome"],
        "paid"
    );
    assert_eq!(
        w.webhook(&w.paid_event("evt_2", "txn_2", 500_000))
            .await
            .json()["outcome"],
        "recorded_unexpected"
    );
    let page_path = format!("/backoffice/cases/{}/payment", w.reference);
    let page = w.cashier.get(&page_path).await;
    page.assert_contains("Paid twice: this payment is not needed.")
        .assert_contains("Refund Rp 500.000");
    // Exactly one of the two payments can be given back: the second.
    assert_eq!(page.text.matches("/refund\"").count(), 1, "{}", page.text);
    let second: i64 = w.app.count("SELECT MAX(id) FROM payments").await;
    let first: i64 = w.app.count("SELECT MIN(id) FROM payments").await;
    let refund = |id: i64| format!("/backoffice/cases/{}/payments/{id}/refund", w.reference);

    // Not the applicant, not an officer, not another agency, not the payment the case needs.
    assert_eq!(
        w.business.post_form(&refund(second), &[]).await.status,
        StatusCode::FORBIDDEN,
        "the applicant sees the case but refunds nothing"
    );
    assert_eq!(
        w.officer.post_form(&refund(second), &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.other_officer.post_form(&refund(second), &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        w.cashier.post_form(&refund(first), &[]).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(w.app.count("SELECT COUNT(*) FROM refunds").await, 0);

    let done = w.cashier.post_form(&refund(second), &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    w.cashier
        .get(done.location())
        .await
        .assert_contains("Refund recorded; the applicant has been told.")
        .assert_contains("sandbox gateway returned it");
    assert_eq!(
        w.cashier.post_form(&refund(second), &[]).await.status,
        StatusCode::CONFLICT,
        "a payment is refunded once"
    );
    assert_eq!(w.app.count("SELECT COUNT(*) FROM refunds").await, 1);
    assert_eq!(w.invoice_status().await, "paid", "the first payment stands");
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.refund'")
            .await,
        1
    );
    let mails = w.app.emails().await;
    assert!(
        mails
            .iter()
            .any(|(to, subject, _)| to == "warung@example.id"
                && subject.starts_with("[Kota Contoh] Refund for application")),
        "{mails:?}"
    );
}

#[tokio::test]
async fn an_officer_of_the_agency_records_a_counter_payment() {
    let w = world().await;
    let path = format!("/backoffice/cases/{}/payment", w.reference);
    // Another agency's officer: 404, nothing recorded.
    let r = w
        .other_officer
        .post_form(&path, &[("amount", "500000"), ("receipt_number", "KW-1")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        w.other_officer.get(&path).await.status,
        StatusCode::NOT_FOUND
    );
    // The cashier opening the invoice reads the business's data: the read is on its
    // "My data" page, once per visit, with an unpaid invoice as the basis.
    assert_eq!(w.cashier.get(&path).await.status, StatusCode::OK);
    w.business
        .get("/account/my-data")
        .await
        .assert_contains(&format!("The invoice of your application {}", w.reference));
    // Wrong amount: 422, form kept.
    let r = w
        .cashier
        .post_form(&path, &[("amount", "450.000"), ("receipt_number", "KW-1")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("exactly the invoice total");
    assert_eq!(w.invoice_status().await, "issued");
    // The supervisor's case page links to the counter page; the officer's does not
    // (they do not handle money).
    assert!(
        !w.officer
            .get(&format!("/backoffice/cases/{}", w.reference))
            .await
            .text
            .contains(&path)
    );
    w.supervisor
        .get(&format!("/backoffice/cases/{}", w.reference))
        .await
        .assert_contains(&path);
    let r = w
        .cashier
        .post_form(
            &path,
            &[("amount", "Rp 500.000"), ("receipt_number", "KW-0001")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(w.invoice_status().await, "paid");
    assert_eq!(
        w.scalar_text("SELECT receipt_number FROM payments").await,
        "KW-0001"
    );
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.receive'")
            .await,
        1
    );
    // Recording again is a conflict, not a second payment.
    let again = w
        .cashier
        .post_form(
            &path,
            &[("amount", "500000"), ("receipt_number", "KW-0002")],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(w.app.count("SELECT COUNT(*) FROM payments").await, 1);
    assert_eq!(
        w.app
            .count(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'invoice.read' AND NOT flagged \
                 AND details LIKE '%\"basis\":\"open_work\"%'"
            )
            .await,
        1
    );
}

#[tokio::test]
async fn a_bank_statement_is_reconciled_and_unmatched_lines_listed() {
    let w = world().await;
    let code = w.payment_code().await;
    let csv = format!(
        "date,amount,description\n\
         2026-01-05,500.000,\"TRANSFER VA {code} WARUNG BU SRI\"\n\
         2026-01-05,125000,TRANSFER FROM SOMEONE\n"
    );
    let upload = |csv: String| async {
        w.cashier
            .post_multipart(
                "/backoffice/payments/statement",
                &[],
                &[("statement", "mutasi.csv", csv.into_bytes())],
            )
            .await
    };
    let r = upload(csv.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.assert_contains("One line matched.")
        .assert_contains("One line could not be matched.")
        .assert_contains("TRANSFER FROM SOMEONE")
        .assert_contains("No payment code found");
    assert_eq!(w.invoice_status().await, "paid");
    assert_eq!(
        w.scalar_text("SELECT provider FROM payments").await,
        "bank-transfer"
    );
    // The same statement again: nothing recorded twice.
    let r = upload(csv).await;
    r.assert_contains("Already recorded");
    assert_eq!(w.app.count("SELECT COUNT(*) FROM payments").await, 1);
    // An officer (of another agency, and no cashier) cannot reconcile at all.
    let other = w
        .other_officer
        .post_multipart(
            "/backoffice/payments/statement",
            &[],
            &[(
                "statement",
                "m.csv",
                format!("2026-01-06,500000,{code}").into_bytes(),
            )],
        )
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert_eq!(w.app.count("SELECT COUNT(*) FROM payments").await, 1);
}

#[tokio::test]
async fn a_rejected_case_is_refunded_when_the_rule_says_so() {
    let w = world().await;
    let path = format!("/backoffice/cases/{}/payment", w.reference);
    let r = w
        .cashier
        .post_form(&path, &[("amount", "500000"), ("receipt_number", "KW-9")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    w.to_awaiting_approval().await;
    let r = w
        .act(&w.supervisor, "reject", "The kitchen failed inspection.")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(w.invoice_status().await, "refunded");
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM refunds WHERE amount = 500000")
            .await,
        1
    );
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.refund'")
            .await,
        1
    );
    w.business
        .get(&format!("/applications/{}/payment", w.reference))
        .await
        .assert_contains("Refunded");
}

#[tokio::test]
async fn an_unpaid_invoice_is_cancelled_on_rejection() {
    let w = world().await;
    let r = w.act(&w.officer, "accept", "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = w.act(&w.officer, "reject", "Not a food business.").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(w.invoice_status().await, "cancelled");
    assert_eq!(
        w.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.invoice_cancel'")
            .await,
        1
    );
}

#[tokio::test]
async fn the_report_reconciles_per_day_and_exports_csv() {
    let w = world().await;
    let path = format!("/backoffice/cases/{}/payment", w.reference);
    w.cashier
        .post_form(&path, &[("amount", "500000"), ("receipt_number", "KW-7")])
        .await;
    let page = w.cashier.get("/backoffice/payments").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    page.assert_contains("KW-7").assert_contains("Rp 500.000");
    let csv = w.cashier.get("/backoffice/payments/payments.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert!(
        csv.text
            .starts_with("received_at,reference,invoice,provider")
    );
    assert!(
        csv.text
            .contains(&format!("{},INV-{}", w.reference, w.reference))
    );
    assert!(
        csv.text.contains(",counter,KW-7,KW-7,500000,0"),
        "{}",
        csv.text
    );
    let daily = w.cashier.get("/backoffice/payments/daily.csv").await;
    assert!(
        daily.text.contains(",1,500000,1,500000,0"),
        "{}",
        daily.text
    );
    // The other agency sees none of it; citizens get nothing.
    let other = w
        .other_officer
        .get("/backoffice/payments/payments.csv")
        .await;
    assert!(!other.text.contains("KW-7"));
    assert_eq!(
        w.business.get("/backoffice/payments").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.cashier
            .get("/backoffice/payments?from=2026-13-01")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn without_the_sandbox_setting_there_is_no_sandbox() {
    let w = world_with(false).await;
    // No button on the invoice, and every sandbox route answers 404.
    let invoice = w
        .business
        .get(&format!("/applications/{}/payment", w.reference))
        .await;
    assert_eq!(invoice.status, StatusCode::OK);
    assert!(
        !invoice.text.contains("/payment/sandbox"),
        "{}",
        invoice.text
    );
    assert!(!invoice.text.contains("Test payments only"));
    let start = w
        .business
        .post_form(
            &format!("/applications/{}/payment/sandbox", w.reference),
            &[],
        )
        .await;
    assert_eq!(start.status, StatusCode::NOT_FOUND);
    assert_eq!(
        w.business.get("/payments/sandbox/cs_anything").await.status,
        StatusCode::NOT_FOUND
    );
    let hook = w
        .app
        .api()
        .post_raw("/payments/webhooks/sandbox", "application/json", "{}")
        .await;
    assert_eq!(hook.status, StatusCode::NOT_FOUND);
    assert_eq!(w.invoice_status().await, "issued");
    assert!(!w.app.data_dir.join("sandbox-webhook.secret").exists());
}

#[cfg(unix)]
#[tokio::test]
async fn the_generated_webhook_secret_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let w = world().await;
    let mode = std::fs::metadata(w.app.data_dir.join("sandbox-webhook.secret"))
        .expect("secret file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}
