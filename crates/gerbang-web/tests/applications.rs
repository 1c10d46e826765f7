//! Online applications end to end: apply, track, back office, correction, decision.
//! Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.

mod common;

use common::{Actor, TestApp, pdf_bytes, reference_from};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use reqwest::StatusCode;

/// A complete, valid birth-certificate application (NIK of a woman born 12 Feb 1995).
const BIRTH: &[(&str, &str)] = &[
    ("child_name", "Putri Ayu Lestari"),
    ("child_sex", "female"),
    ("birth_date", "2026-10-01"),
    ("birth_place", "RSUD Kota Contoh"),
    ("birth_order", "1"),
    ("mother_nik", "3374055202950003"),
    ("declaration", "on"),
];

fn birth_files() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    vec![
        ("birth_statement", "surat-lahir.pdf", pdf_bytes()),
        ("marriage_document", "buku-nikah.pdf", pdf_bytes()),
    ]
}

async fn apply_birth(citizen: &Actor, key: &str) -> common::Resp {
    let mut fields = BIRTH.to_vec();
    fields.push(("idempotency_key", key));
    citizen
        .post_multipart("/services/birth-certificate/apply", &fields, &birth_files())
        .await
}

#[tokio::test]
async fn every_error_is_shown_at_once_and_what_was_typed_is_kept() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let res = citizen
        .post_multipart(
            "/services/birth-certificate/apply",
            &[
                ("child_name", "Putri"),
                ("birth_date-day", "30"),
                ("birth_date-month", "2"),
                ("birth_date-year", "2026"),
                ("mother_nik", "1234"),
                ("birth_order", "satu"),
            ],
            &[(
                "birth_statement",
                "virus.pdf",
                b"MZ\x90\x00 not a pdf".to_vec(),
            )],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    // GOV.UK's pattern: the title says there is an error, the summary comes first in
    // <main>, and each message names its field in words that fit the kind of answer.
    res.assert_contains("<title>Error: Apply: Birth certificate")
        .assert_contains("There is a problem")
        .assert_contains("href=\"#birth_date\"")
        .assert_contains("The child&#39;s date of birth must be a real date")
        .assert_contains("Choose the child&#39;s sex")
        .assert_contains("Enter the child&#39;s place of birth")
        .assert_contains("The mother&#39;s NIK must be exactly 16 digits")
        .assert_contains("The child&#39;s birth order must be a whole number")
        .assert_contains("The birth statement must be a PDF, JPG or PNG file")
        .assert_contains("Upload the parents&#39; marriage certificate or SPTJM")
        .assert_contains("Tick the box to confirm the declaration")
        .assert_contains("href=\"#declaration\"")
        .assert_contains("value=\"Putri\"")
        .assert_contains("name=\"birth_date-day\" type=\"text\" inputmode=\"numeric\" maxlength=\"2\" value=\"30\"");
    assert!(!res.text.contains("Fill in this field"), "{}", res.text);
    let main = res
        .text
        .split_once("<main")
        .map(|(_, m)| m)
        .unwrap_or_default();
    let first_tag = main
        .split_once('>')
        .map(|(_, m)| m.trim_start())
        .unwrap_or_default();
    assert!(
        first_tag.starts_with("<div class=\"usa-alert usa-alert--error gerbang-error-summary\""),
        "the error summary is not the first thing in <main>: {first_tag:.200}"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);

    // The same, in Indonesian.
    citizen.get("/lang/id?next=/").await;
    let res = citizen
        .post_multipart(
            "/services/birth-certificate/apply",
            &[("birth_date-day", "7"), ("birth_date-year", "2026")],
            &[],
        )
        .await;
    res.assert_contains("<title>Galat: ")
        .assert_contains("Isi nama lengkap anak")
        .assert_contains("Pilih jenis kelamin anak")
        .assert_contains("Tanggal lahir anak harus mencantumkan bulan")
        .assert_contains("Unggah surat keterangan kelahiran")
        .assert_contains("Centang kotak untuk menyetujui pernyataan ini");
}

#[tokio::test]
async fn a_submission_commits_the_case_its_timeline_audit_and_receipt_together() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let res = apply_birth(&citizen, "key-1").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let reference = reference_from(res.location());
    assert!(
        gerbang_domain::reference::Reference::parse(&reference).is_ok(),
        "{reference}"
    );
    let receipt = citizen.get(res.location()).await;
    receipt
        .assert_contains(&format!("Your reference is {reference}"))
        .assert_contains("Submitted")
        .assert_contains("surat-lahir.pdf");

    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM application_events").await,
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 2);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.submit'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox").await,
        1,
        "a receipt email is queued"
    );

    // A double click or a retry with the same form submits once.
    let again = apply_birth(&citizen, "key-1").await;
    assert_eq!(reference_from(again.location()), reference);
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 1);

    // The file comes back to its owner, not to anyone else.
    let link = receipt
        .text
        .split("href=\"/applications/")
        .find(|s| s.contains("/files/"))
        .map(|s| s.split('"').next().unwrap_or_default().to_owned())
        .expect("file link");
    let file = citizen.get(&format!("/applications/{link}")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(
        file.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/pdf")
    );
    let stranger = app.citizen("orang@example.id").await;
    assert_eq!(
        stranger.get(&format!("/applications/{link}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        stranger
            .get(&format!("/applications/{reference}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_failure_inside_the_transaction_leaves_nothing_behind() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    // Break the last write of the submission transaction.
    match &app.db {
        gerbang_store::Db::Sqlite(p) => sqlx::query("DROP TABLE outbox")
            .execute(p)
            .await
            .map(|_| ()),
        gerbang_store::Db::Postgres(p) => sqlx::query("DROP TABLE outbox")
            .execute(p)
            .await
            .map(|_| ()),
    }
    .expect("drop");
    let res = apply_birth(&citizen, "key-x").await;
    assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
    res.assert_contains("nothing was changed");
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM application_events").await,
        0
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.submit'")
            .await,
        0
    );
}

#[tokio::test]
async fn anyone_can_track_a_reference_without_seeing_personal_data() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let reference = reference_from(apply_birth(&citizen, "k").await.location());
    let public = app
        .visitor()
        .get(&format!(
            "/track?ref={}",
            reference.to_lowercase().replace('-', "")
        ))
        .await;
    assert_eq!(public.status, StatusCode::OK);
    public
        .assert_contains(&reference)
        .assert_contains("Birth certificate")
        .assert_contains("Submitted");
    assert!(
        !public.text.contains("Putri Ayu"),
        "no personal data on the public page"
    );

    // One wrong character is caught by the check symbol.
    let mut typo: Vec<char> = reference.chars().collect();
    typo[5] = if typo[5] == 'A' { 'B' } else { 'A' };
    let typo: String = typo.into_iter().collect();
    let res = app.visitor().get(&format!("/track?ref={typo}")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("not a valid reference");
    let unknown = app
        .visitor_speaking("id")
        .get("/track?ref=GRB-0000-0001-2")
        .await;
    assert_eq!(
        unknown.status,
        StatusCode::NOT_FOUND,
        "a well-formed reference nobody holds"
    );
    // The example the page shows is well formed: trying it says "not found", not "mistyped".
    let example = app
        .visitor()
        .get(&format!(
            "/track?ref={}",
            gerbang_domain::reference::EXAMPLE
        ))
        .await;
    assert_eq!(example.status, StatusCode::NOT_FOUND);
    app.visitor()
        .get("/track")
        .await
        .assert_contains(gerbang_domain::reference::EXAMPLE);
}

#[tokio::test]
async fn the_case_goes_from_inbox_through_correction_to_approval() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let reference = reference_from(apply_birth(&citizen, "k").await.location());
    let officer = app
        .signed_in(
            "petugas@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    let supervisor = app
        .signed_in(
            "penyelia@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Supervisor, Some("civil-registry"))],
        )
        .await;
    let elsewhere = app
        .signed_in(
            "dinkes@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("health-office"))],
        )
        .await;

    officer
        .get("/backoffice")
        .await
        .assert_contains(&reference)
        .assert_contains("Test siti@example.id");
    assert!(
        !elsewhere.get("/backoffice").await.text.contains(&reference),
        "other agencies do not see it"
    );
    assert_eq!(
        elsewhere
            .get(&format!("/backoffice/cases/{reference}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let page = officer.get(&format!("/backoffice/cases/{reference}")).await;
    page.assert_contains("Putri Ayu Lestari")
        .assert_contains("value=\"accept\"");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.read'")
            .await,
        1,
        "staff reads are recorded"
    );

    let act = |who: &'static str, action: &'static str, comment: &'static str| {
        let actor = match who {
            "officer" => &officer,
            _ => &supervisor,
        };
        let path = format!("/backoffice/cases/{reference}/act");
        async move {
            actor
                .post_form(&path, &[("action", action), ("comment", comment)])
                .await
        }
    };
    assert_eq!(
        act("officer", "approve", "").await.status,
        StatusCode::CONFLICT,
        "not allowed before review"
    );
    assert_eq!(
        act("officer", "accept", "").await.status,
        StatusCode::SEE_OTHER
    );
    let no_comment = act("officer", "request_correction", "").await;
    assert_eq!(no_comment.status, StatusCode::UNPROCESSABLE_ENTITY);
    no_comment.assert_contains("Write a comment");
    assert_eq!(
        act(
            "officer",
            "request_correction",
            "The birth statement is unreadable; upload a clearer scan."
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );

    let case_page = citizen.get(&format!("/applications/{reference}")).await;
    case_page
        .assert_contains("Correction requested")
        .assert_contains("upload a clearer scan")
        .assert_contains("value=\"Putri Ayu Lestari\"");
    let mut corrected = BIRTH.to_vec();
    corrected[0] = ("child_name", "Putri Ayu Lestari Wulandari");
    let resubmitted = citizen
        .post_multipart(
            &format!("/applications/{reference}/resubmit"),
            &corrected,
            &[("birth_statement", "surat-lahir-jelas.pdf", pdf_bytes())],
        )
        .await;
    assert_eq!(
        resubmitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        resubmitted.text
    );
    let events = app
        .count("SELECT COUNT(*) FROM application_events WHERE data IS NOT NULL")
        .await;
    assert_eq!(events, 2, "the timeline keeps both versions of the answers");

    assert_eq!(
        act("officer", "accept", "").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        act("officer", "recommend", "").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        act("officer", "approve", "").await.status,
        StatusCode::FORBIDDEN,
        "only a supervisor approves"
    );
    assert_eq!(
        act("supervisor", "approve", "Complete and correct.")
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    let done = citizen.get(&format!("/applications/{reference}")).await;
    done.assert_contains("Approved")
        .assert_contains("Putri Ayu Lestari Wulandari")
        .assert_contains("Complete and correct.");
    assert_eq!(
        act("supervisor", "reject", "too late").await.status,
        StatusCode::CONFLICT,
        "a decided case stays decided"
    );
    // Every step that changes what the applicant must do or know is emailed, in the
    // account's language, with a link back to the case.
    let mails = app.emails().await;
    let subjects: Vec<&str> = mails.iter().map(|(_, s, _)| s.as_str()).collect();
    for expected in [
        format!("[Kota Contoh] Application {reference} received"),
        format!("[Kota Contoh] Application {reference}: correction needed"),
        format!("[Kota Contoh] Application {reference}: correction received"),
        format!("[Kota Contoh] Application {reference}: Approved"),
    ] {
        assert!(
            subjects.contains(&expected.as_str()),
            "{expected} in {subjects:#?}"
        );
    }
    let issued = mails
        .iter()
        .find(|(_, s, _)| s.contains("Your document") && s.ends_with("is ready"))
        .unwrap_or_else(|| panic!("a document-issued email in {subjects:#?}"));
    assert!(
        issued.2.contains(&format!("{}/verify", app.base)),
        "{}",
        issued.2
    );
    let correction = mails
        .iter()
        .find(|(_, s, _)| s.ends_with("correction needed"))
        .map(|(_, _, b)| b.as_str())
        .unwrap_or_default();
    assert!(
        correction.contains("Dear Test siti@example.id"),
        "{correction}"
    );
    assert!(correction.contains("upload a clearer scan"), "{correction}");
    assert!(
        correction.contains(&format!("/applications/{reference}")),
        "{correction}"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.approve'")
            .await,
        1
    );
}

#[tokio::test]
async fn staff_notes_stay_internal_and_the_case_page_says_what_can_be_done() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let reference = reference_from(apply_birth(&citizen, "k").await.location());
    let officer = app
        .signed_in(
            "petugas@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    let supervisor = app
        .signed_in(
            "penyelia@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Supervisor, Some("civil-registry"))],
        )
        .await;
    let case = format!("/backoffice/cases/{reference}");
    let page = officer.get(&case).await;
    page.assert_contains("Assign to me");
    let answers_at = page
        .text
        .find("Applicant&#39;s answers")
        .expect("answers heading");
    let decide_at = page.text.find("Take a decision").expect("decision form");
    assert!(
        answers_at < decide_at,
        "the answers come before the decision form"
    );

    // Once the case is the officer's, "Assign to me" is gone.
    let claimed = officer.post_form(&format!("{case}/claim"), &[]).await;
    assert_eq!(claimed.status, StatusCode::SEE_OTHER);
    let page = officer.get(&case).await;
    page.assert_contains("This case is assigned to you.");
    assert!(!page.text.contains("Assign to me"));

    // A note: staff read it, the applicant never does.
    let empty = officer
        .post_form(&format!("{case}/note"), &[("note", " ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    empty.assert_contains("Enter the note");
    let noted = officer
        .post_form(
            &format!("{case}/note"),
            &[("note", "Called the hospital: the letter is genuine.")],
        )
        .await;
    assert_eq!(noted.status, StatusCode::SEE_OTHER);
    officer
        .get(&case)
        .await
        .assert_contains("Called the hospital")
        .assert_contains("Internal");

    let act = |who: &'static str, action: &'static str, comment: &'static str| {
        let actor = if who == "officer" {
            &officer
        } else {
            &supervisor
        };
        let path = format!("{case}/act");
        async move {
            actor
                .post_form(&path, &[("action", action), ("comment", comment)])
                .await
        }
    };
    assert_eq!(
        act("officer", "accept", "").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        act("officer", "recommend", "").await.status,
        StatusCode::SEE_OTHER
    );
    // A supervisor's "return to officer" is between staff: internal.
    assert_eq!(
        act(
            "supervisor",
            "return",
            "Check the father's NIK against the family card."
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    let mine = citizen.get(&format!("/applications/{reference}")).await;
    assert!(
        !mine.text.contains("Called the hospital"),
        "a note reached the applicant"
    );
    assert!(
        !mine.text.contains("against the family card"),
        "an internal comment reached the applicant"
    );
    let citizen_id = app
        .count("SELECT id FROM users WHERE email = 'siti@example.id'")
        .await;
    let token = gerbang_app::accounts::tokens::create_as_operator(
        &app.app,
        citizen_id,
        &gerbang_app::accounts::tokens::TokenSpec {
            name: "test".into(),
            ..Default::default()
        },
        &gerbang_web::accounts::service::Meta::cli(),
    )
    .await
    .expect("token");
    let api = app
        .api()
        .with_token(&token.token)
        .get(&format!("/api/v1/applications/{reference}"))
        .await
        .text;
    assert!(api.contains(&reference), "{api}");
    assert!(
        !api.contains("Called the hospital") && !api.contains("against the family card"),
        "{api}"
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM outbox WHERE body LIKE '%family card%' OR body LIKE '%hospital%'"
        )
        .await,
        0,
        "no email carries an internal comment"
    );
    officer
        .get(&case)
        .await
        .assert_contains("against the family card");

    // A move the case has left behind: 409, saying where the case is now.
    let stale = act("supervisor", "approve", "").await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    stale.assert_contains("this case has moved on since you opened it");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.note'")
            .await,
        1
    );
}

#[tokio::test]
async fn an_officer_applies_at_the_counter_for_a_citizen() {
    let app = TestApp::new().await;
    let officer = app
        .signed_in(
            "loket@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    let mut fields = BIRTH.to_vec();
    fields.push(("applicant_email", "walkin@example.id"));
    fields.push(("applicant_name", "Ibu Warga"));
    let res = officer
        .post_multipart("/services/birth-certificate/apply", &fields, &birth_files())
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM applications WHERE assisted")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.submit_assisted'")
            .await,
        1
    );
    // An officer of another agency cannot file for this one.
    let other = app
        .signed_in(
            "dishub@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("transport-office"))],
        )
        .await;
    let mut fields = BIRTH.to_vec();
    fields.push(("applicant_email", "walkin@example.id"));
    assert_eq!(
        other
            .post_multipart("/services/birth-certificate/apply", &fields, &birth_files())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn services_refuse_applicants_they_are_not_for() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let res = citizen
        .post_multipart("/services/vehicle-route-permit/apply", &[("x", "y")], &[])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("not offered to your type of account");
    let anonymous = app.visitor().get("/services/birth-certificate/apply").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.visitor().get("/services/nope/apply").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        citizen.get("/services/nope/apply").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_draft_keeps_the_answers_until_the_application_is_submitted() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let saved = citizen
        .post_multipart(
            "/services/birth-certificate/apply",
            &[
                ("intent", "draft"),
                ("child_name", "Putri Draf"),
                ("birth_place", "Puskesmas"),
            ],
            &[],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM applications").await,
        0,
        "a draft is not an application"
    );
    citizen
        .get(saved.location())
        .await
        .assert_contains("draft has been saved")
        .assert_contains("value=\"Putri Draf\"")
        .assert_contains("value=\"Puskesmas\"");
    // Another user does not see it.
    let other = app.citizen("other@example.id").await;
    assert!(
        !other
            .get("/services/birth-certificate/apply")
            .await
            .text
            .contains("Putri Draf")
    );
    assert_eq!(
        apply_birth(&citizen, "after-draft").await.status,
        StatusCode::SEE_OTHER
    );
    assert!(
        !citizen
            .get("/services/birth-certificate/apply")
            .await
            .text
            .contains("Putri Draf"),
        "submitting clears the draft"
    );
}

/// The birth form's answers without any file.
fn birth_answers(key: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut fields = BIRTH.to_vec();
    fields.push(("idempotency_key", key));
    fields
}

#[tokio::test]
async fn a_draft_keeps_its_files_is_listed_and_hands_them_to_the_application() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let saved = citizen
        .post_multipart(
            "/services/birth-certificate/apply",
            &[("intent", "draft"), ("child_name", "Putri Draf")],
            &[("birth_statement", "surat-lahir.pdf", pdf_bytes())],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    citizen
        .get("/applications")
        .await
        .assert_contains("Drafts")
        .assert_contains("href=\"/services/birth-certificate/apply\">Continue your application for Birth certificate</a>");
    citizen
        .get("/services/birth-certificate/apply")
        .await
        .assert_contains("Already uploaded: surat-lahir.pdf (1 KB)")
        .assert_contains("id=\"birth_statement\" name=\"birth_statement\" type=\"file\" accept=\".pdf,.jpg,.jpeg,.png\" aria-describedby=\"birth_statement-kept\"");
    // Another applicant's submission does not pick up this draft's file.
    let other = app.citizen("other@example.id").await;
    other
        .post_multipart(
            "/services/birth-certificate/apply",
            &birth_answers("other"),
            &[("marriage_document", "buku-nikah.pdf", pdf_bytes())],
        )
        .await
        .assert_contains("Upload the birth statement");
    // Submitting without choosing the statement again uses the kept one.
    let done = citizen
        .post_multipart(
            "/services/birth-certificate/apply",
            &birth_answers("with-kept"),
            &[("marriage_document", "buku-nikah.pdf", pdf_bytes())],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let reference = reference_from(done.location());
    citizen
        .get(&format!("/applications/{reference}"))
        .await
        .assert_contains("surat-lahir.pdf")
        .assert_contains("buku-nikah.pdf");
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 2);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM draft_files").await,
        1,
        "only the other applicant's kept file is left"
    );
    let mine = citizen.get("/applications").await;
    assert!(
        !mine.text.contains("Continue your application"),
        "{}",
        mine.text
    );
}

#[tokio::test]
async fn files_that_passed_are_kept_when_the_form_comes_back_with_errors() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let mut fields = birth_answers("first-try");
    fields.retain(|(k, _)| *k != "child_name");
    let res = citizen
        .post_multipart("/services/birth-certificate/apply", &fields, &birth_files())
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Enter the child&#39;s full name")
        .assert_contains("Already uploaded: surat-lahir.pdf")
        .assert_contains("Already uploaded: buku-nikah.pdf");
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
    let done = citizen
        .post_multipart(
            "/services/birth-certificate/apply",
            &birth_answers("first-try"),
            &[],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 2);
}

#[tokio::test]
async fn a_draft_can_be_thrown_away() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    citizen
        .post_multipart(
            "/services/birth-certificate/apply",
            &[("intent", "draft"), ("child_name", "Putri Draf")],
            &[("birth_statement", "surat-lahir.pdf", pdf_bytes())],
        )
        .await;
    citizen
        .get("/services/birth-certificate/apply")
        .await
        .assert_contains("Delete this draft");
    let gone = citizen
        .post_form("/services/birth-certificate/draft/delete", &[])
        .await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    citizen
        .get(gone.location())
        .await
        .assert_contains("Your draft has been deleted.");
    assert_eq!(app.count("SELECT COUNT(*) FROM drafts").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM draft_files").await, 0);
    let form = citizen.get("/services/birth-certificate/apply").await;
    assert!(!form.text.contains("Putri Draf"));
    assert!(!form.text.contains("Already uploaded"));
}

#[tokio::test]
async fn a_case_stays_on_the_service_version_it_was_filed_under() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let old = reference_from(apply_birth(&citizen, "v1").await.location());

    // Version 2 of the service asks for one more required field.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../catalog/civil-registry.yaml"
    );
    let text = std::fs::read_to_string(path).expect("catalogue");
    let mut file =
        gerbang_domain::catalog::parse_catalog_file("civil-registry.yaml", &text).expect("parses");
    let service = file
        .services
        .iter_mut()
        .find(|s| s.slug == "birth-certificate")
        .expect("service");
    service.version += 1;
    let mut extra = service.form.fields[0].clone();
    extra.name = "hospital_register_number".into();
    extra.label = gerbang_domain::i18n::Text {
        en: "Hospital register number".into(),
        id: "Nomor register rumah sakit".into(),
    };
    extra.required = true;
    service.form.fields.push(extra);
    let outcome = gerbang_web::catalog::service::import(
        &app.db,
        &[("civil-registry.yaml".into(), file)],
        "test",
    )
    .await
    .expect("import");
    assert_eq!(outcome.services_versioned, 1);

    // New applications need the new field; the old case keeps the version it was filed
    // under (the demo catalogue's 2).
    let new = apply_birth(&citizen, "v2").await;
    assert_eq!(new.status, StatusCode::UNPROCESSABLE_ENTITY);
    new.assert_contains("href=\"#hospital_register_number\"");
    let officer = app
        .signed_in(
            "petugas@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    let page = officer.get(&format!("/backoffice/cases/{old}")).await;
    page.assert_contains("<dt>Service version</dt><dd>2</dd>");
    assert!(
        !page.text.contains("Hospital register number"),
        "the old case shows the form it was filed with"
    );
    // A correction of the old case is validated against its version.
    let path = format!("/backoffice/cases/{old}/act");
    assert_eq!(
        officer
            .post_form(&path, &[("action", "accept"), ("comment", "")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        officer
            .post_form(
                &path,
                &[
                    ("action", "request_correction"),
                    ("comment", "Fix the name")
                ]
            )
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let resubmitted = citizen
        .post_multipart(&format!("/applications/{old}/resubmit"), BIRTH, &[])
        .await;
    assert_eq!(
        resubmitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        resubmitted.text
    );
}

#[tokio::test]
async fn a_counter_filing_tells_the_officer_what_to_tell_the_citizen() {
    let app = TestApp::new().await;
    let officer = app
        .signed_in(
            "camat@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("sukamaju-subdistrict"))],
        )
        .await;
    let mut fields = common::DOMICILE_ANSWERS.to_vec();
    fields.push(("applicant_email", "baru@example.id"));
    fields.push(("applicant_name", "Warga Baru"));
    let res = officer
        .post_multipart(
            "/services/certificate-of-domicile/apply",
            &fields,
            &common::domicile_files(),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert!(
        res.location().ends_with("?done=counter-new"),
        "{}",
        res.location()
    );
    let reference = reference_from(res.location());
    let receipt = officer.get(res.location()).await;
    receipt
        .assert_contains(&format!(
            "Application filed for Warga Baru. Give them the reference {reference}"
        ))
        .assert_contains(&format!("{}/track", app.base))
        .assert_contains("A new account was created for baru@example.id");
    // No mail server in tests: the page promises no email.
    assert!(
        !receipt.text.contains("has been emailed"),
        "{}",
        receipt.text
    );
    // The citizen is told, in the account's language (Indonesian by default at the
    // counter), that the application was filed and that an account exists.
    let mails = app.emails().await;
    let subjects: Vec<&str> = mails.iter().map(|(_, s, _)| s.as_str()).collect();
    assert!(
        subjects.contains(&"[Kota Contoh] Akun dibuat untuk Anda di loket"),
        "{subjects:?}"
    );
    assert!(
        subjects.contains(
            &format!("[Kota Contoh] Permohonan {reference} diajukan untuk Anda di loket").as_str()
        ),
        "{subjects:?}"
    );
    // An online applicant is not told of an email that no mail server will send.
    let citizen = app.citizen("siti@example.id").await;
    let own = citizen
        .get(&format!(
            "/applications/{}?done=submitted",
            reference_from(apply_birth(&citizen, "own").await.location())
        ))
        .await;
    own.assert_contains("Keep this reference: you can follow the status here");
    assert!(!own.text.contains("emailed"), "{}", own.text);
}

#[tokio::test]
async fn with_a_mail_server_the_receipt_page_says_a_receipt_was_emailed() {
    let app = TestApp::with_config(|c| c.mail_delivers = true).await;
    let citizen = app.citizen("siti@example.id").await;
    let res = apply_birth(&citizen, "emailed").await;
    citizen
        .get(res.location())
        .await
        .assert_contains("We have emailed you a receipt");
}
