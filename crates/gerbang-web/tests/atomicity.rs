//! Every request that writes commits once, or not at all. Each test breaks the last write
//! of one request inside the database (a trigger that fails the insert) and checks that
//! nothing of the request remains: no account, case, attachment, timeline entry, invoice,
//! document or audit entry. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.

mod common;

use common::{Actor, TestApp, pdf_bytes, reference_from};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use reqwest::StatusCode;

const DOMICILE: &str = "/services/certificate-of-domicile/apply";
const ANSWERS: &[(&str, &str)] = common::DOMICILE_ANSWERS;

fn files() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    common::domicile_files()
}

async fn officer(app: &TestApp) -> Actor {
    app.signed_in(
        "camat@contoh.go.id",
        AccountKind::Staff,
        &[(StaffRole::Officer, Some("sukamaju-subdistrict"))],
    )
    .await
}

/// Every table a request of these tests writes to, counted.
async fn footprint(app: &TestApp) -> [i64; 8] {
    [
        app.count("SELECT COUNT(*) FROM users").await,
        app.count("SELECT COUNT(*) FROM applications").await,
        app.count("SELECT COUNT(*) FROM application_events").await,
        app.count("SELECT COUNT(*) FROM attachments").await,
        app.count("SELECT COUNT(*) FROM audit_log").await,
        app.count("SELECT COUNT(*) FROM outbox").await,
        app.count("SELECT COUNT(*) FROM documents").await,
        app.count("SELECT COUNT(*) FROM invoices").await,
    ]
}

async fn act(officer: &Actor, reference: &str, action: &str, comment: &str) -> common::Resp {
    officer
        .post_form(
            &format!("/backoffice/cases/{reference}/act"),
            &[("action", action), ("comment", comment)],
        )
        .await
}

#[tokio::test]
async fn a_counter_filing_that_fails_at_its_last_write_leaves_no_account_and_no_case() {
    let app = TestApp::new().await;
    let officer = officer(&app).await;
    let before = footprint(&app).await;
    // The confirmation email is the filing's last insert.
    app.break_inserts_into("outbox", "1 = 1").await;
    let mut fields = ANSWERS.to_vec();
    fields.push(("applicant_email", "baru@example.id"));
    fields.push(("applicant_name", "Warga Baru"));
    let res = officer.post_multipart(DOMICILE, &fields, &files()).await;
    assert_eq!(
        res.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        res.text
    );
    assert_eq!(footprint(&app).await, before);
}

#[tokio::test]
async fn a_resubmission_that_fails_at_its_last_write_keeps_the_case_as_it_was() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let officer = officer(&app).await;
    let res = citizen.post_multipart(DOMICILE, ANSWERS, &files()).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let reference = reference_from(res.location());
    assert_eq!(
        act(&officer, &reference, "accept", "").await.status,
        StatusCode::SEE_OTHER
    );
    let r = act(
        &officer,
        &reference,
        "request_correction",
        "The letter is unsigned.",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let before = footprint(&app).await;
    // The resubmission's audit entry is its last insert (the applicant gets no email for
    // their own move); the new file and the state change come before it.
    app.break_inserts_into("audit_log", "NEW.action = 'application.resubmit'")
        .await;
    let res = citizen
        .post_multipart(
            &format!("/applications/{reference}/resubmit"),
            ANSWERS,
            &[("covering_letter", "pengantar-baru.pdf", pdf_bytes())],
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        res.text
    );
    assert_eq!(footprint(&app).await, before);
    let status = citizen.get(&format!("/applications/{reference}")).await;
    status.assert_contains("Needs correction");
}

#[tokio::test]
async fn an_approval_that_fails_at_its_last_write_issues_no_document() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let officer = officer(&app).await;
    let res = citizen.post_multipart(DOMICILE, ANSWERS, &files()).await;
    let reference = reference_from(res.location());
    assert_eq!(
        act(&officer, &reference, "accept", "").await.status,
        StatusCode::SEE_OTHER
    );
    let before = footprint(&app).await;
    // The decision email is the approval's last insert; the document row comes before it.
    app.break_inserts_into("outbox", "1 = 1").await;
    let r = act(&officer, &reference, "approve", "").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.text);
    assert_eq!(footprint(&app).await, before);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM applications WHERE status = 'in_review'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_staff_visit_is_recorded_once_and_not_again_after_an_action() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let officer = officer(&app).await;
    let res = citizen.post_multipart(DOMICILE, ANSWERS, &files()).await;
    let reference = reference_from(res.location());
    let page = format!("/backoffice/cases/{reference}");
    assert_eq!(officer.get(&page).await.status, StatusCode::OK);
    let r = act(&officer, &reference, "accept", "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The page shown after the action.
    assert_eq!(officer.get(r.location()).await.status, StatusCode::OK);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.read'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.accept'")
            .await,
        1
    );
    // The applicant reading their own case is not a staff read.
    assert_eq!(
        citizen
            .get(&format!("/applications/{reference}"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.read'")
            .await,
        1
    );
}
