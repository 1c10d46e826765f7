//! The satisfaction survey (Permen PANRB 14/2017): who is invited, one response per case
//! or complaint, refused answers change nothing, and the published index with its
//! small-number rule, weakest element and CSV. Runs on SQLite, and on PostgreSQL with
//! TEST_DATABASE_URL.

mod common;

use common::{Actor, TestApp, pdf_bytes, reference_from};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use reqwest::StatusCode;

const BIRTH: &[(&str, &str)] = &[
    ("child_name", "Putri Ayu Lestari"),
    ("child_sex", "female"),
    ("birth_date", "2026-10-01"),
    ("birth_place", "RSUD Kota Contoh"),
    ("birth_order", "1"),
    ("mother_nik", "3374055202950003"),
    ("declaration", "on"),
    ("idempotency_key", "survey"),
];

async fn decided_case(app: &TestApp, citizen: &Actor) -> String {
    let files = vec![
        ("birth_statement", "surat-lahir.pdf", pdf_bytes()),
        ("marriage_document", "buku-nikah.pdf", pdf_bytes()),
    ];
    let res = citizen
        .post_multipart("/services/birth-certificate/apply", BIRTH, &files)
        .await;
    let reference = reference_from(res.location());
    // Before the decision there is nothing to rate.
    let early = citizen
        .get(&format!("/applications/{reference}/survey"))
        .await;
    early.assert_contains("opens once a decision is made");
    let refused = citizen
        .post_form(
            &format!("/applications/{reference}/survey"),
            &all(&["4"; 9]),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);

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
    let path = format!("/backoffice/cases/{reference}/act");
    for (who, action) in [
        (&officer, "accept"),
        (&officer, "recommend"),
        (&supervisor, "approve"),
    ] {
        let res = who
            .post_form(&path, &[("action", action), ("comment", "")])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{action}: {}", res.text);
    }
    reference
}

fn all<'a>(scores: &'a [&'a str; 9]) -> Vec<(&'static str, &'a str)> {
    ["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"]
        .into_iter()
        .zip(scores.iter().copied())
        .collect()
}

#[tokio::test]
async fn the_applicant_rates_a_decided_case_once_and_the_index_shows_from_five_responses() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let reference = decided_case(&app, &citizen).await;
    let survey = format!("/applications/{reference}/survey");

    // The case page and the decision's email invite the applicant.
    citizen
        .get(&format!("/applications/{reference}"))
        .await
        .assert_contains("How did we do?")
        .assert_contains(&survey);
    let mails = app.emails().await;
    assert!(
        mails
            .iter()
            .any(|(to, _, body)| to == "siti@example.id" && body.contains(&survey)),
        "{mails:?}"
    );

    // Nobody else sees the survey: another citizen, or the officer who worked the case.
    let other = app.citizen("budi@example.id").await;
    assert_eq!(other.get(&survey).await.status, StatusCode::NOT_FOUND);
    let staff = app
        .signed_in(
            "pengawas@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Supervisor, Some("civil-registry"))],
        )
        .await;
    assert_eq!(staff.get(&survey).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.visitor().get(&survey).await.status,
        StatusCode::SEE_OTHER,
        "signed out: to the sign-in page"
    );

    // Unanswered or out-of-range questions are named, the rest kept, nothing stored.
    let form = citizen.get(&survey).await;
    form.assert_contains("How well do the requirements match the service?")
        .assert_contains("4 · Very easy");
    let long = "x".repeat(2001);
    let mut partial = all(&["4", "4", "9", "4", "4", "4", "4", "4", "4"]);
    partial.retain(|(k, _)| *k != "u8");
    partial.push(("comment", &long));
    let bad = citizen.post_form(&survey, &partial).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("href=\"#u3\"")
        .assert_contains("href=\"#u8\"")
        .assert_contains("Question 3: choose an answer from 1 to 4")
        .assert_contains("Question 8: choose an answer from 1 to 4")
        .assert_contains("longer than 2000 characters")
        .assert_contains("id=\"u1-4\" type=\"radio\" name=\"u1\" value=\"4\" checked");
    assert_eq!(app.count("SELECT COUNT(*) FROM survey_responses").await, 0);

    let mut answers = all(&["4", "4", "4", "4", "4", "4", "4", "4", "2"]);
    answers.push(("comment", "Quick and friendly."));
    let ok = citizen.post_form(&survey, &answers).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    citizen
        .get(ok.location())
        .await
        .assert_contains("Your answers were recorded");
    // Once per case: a second answer is a conflict, and the invitation is gone.
    let again = citizen.post_form(&survey, &answers).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(
        !citizen
            .get(&format!("/applications/{reference}"))
            .await
            .text
            .contains("How did we do?")
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM survey_responses").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'survey.answered'")
            .await,
        1
    );

    // One response is not published: a single person's answers would show.
    let index = app
        .visitor()
        .get("/satisfaction?service=birth-certificate")
        .await;
    index
        .assert_contains("published once at least 5 people answered")
        .assert_contains("from 1 response");
    assert!(!index.text.contains("Lowest scoring element"));

    // Four more people answered (3 everywhere): NRR 3.20 for u1-u8 and 2.80 for u9,
    // IKM (8 × 3.2 + 2.8) / 9 × 25 = 78.89, category B; the facilities are weakest.
    app.execute(
        "INSERT INTO survey_responses (subject_kind, subject_id, agency_id, service_id, period, \
         u1, u2, u3, u4, u5, u6, u7, u8, u9, created_at) \
         SELECT 'application', 1000 + n, r.agency_id, r.service_id, r.period, 3, 3, 3, 3, 3, 3, 3, 3, 3, r.created_at \
         FROM survey_responses r, (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) k",
    )
    .await;
    let index = app
        .visitor()
        .get("/satisfaction?service=birth-certificate")
        .await;
    assert_eq!(index.status, StatusCode::OK);
    index
        .assert_contains("<strong>78.89</strong> · B (Good)")
        .assert_contains("from 5 responses")
        .assert_contains("Lowest scoring element: Facilities")
        .assert_contains("<td data-label=\"Score (1 to 4)\">3.20</td>")
        .assert_contains("<td data-label=\"Score (1 to 4)\">2.80</td>");
    let id = app
        .visitor_speaking("id")
        .get("/satisfaction?service=birth-certificate")
        .await;
    id.assert_contains("<strong>78,89</strong> · B (Baik)")
        .assert_contains("Unsur dengan nilai terendah: Sarana dan prasarana");
    // The service's and the agency's pages show it too.
    app.visitor()
        .get("/services/birth-certificate")
        .await
        .assert_contains("<strong>78.89</strong>");
    app.visitor()
        .get("/agencies/civil-registry")
        .await
        .assert_contains("<strong>78.89</strong>");
    // Another agency has no figure of its own.
    app.visitor()
        .get("/agencies/health-office")
        .await
        .assert_contains("Not published yet");

    // The CSV: one row per month, then the whole range.
    let csv = app
        .visitor()
        .get("/satisfaction.csv?service=birth-certificate")
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/csv")
    );
    let lines: Vec<&str> = csv.text.lines().collect();
    assert_eq!(
        lines[0],
        "period,respondents,nrr_u1,nrr_u2,nrr_u3,nrr_u4,nrr_u5,nrr_u6,nrr_u7,nrr_u8,nrr_u9,ikm,category"
    );
    assert_eq!(
        lines.last().copied(),
        Some("all,5,3.20,3.20,3.20,3.20,3.20,3.20,3.20,3.20,2.80,78.89,B")
    );

    // The JSON: the same figures, a withheld index as null.
    let json = app
        .visitor()
        .get("/satisfaction.json?service=birth-certificate")
        .await;
    assert_eq!(json.status, StatusCode::OK);
    let j = json.json();
    assert_eq!(j["scope"]["service"], "birth-certificate");
    assert_eq!(j["k"], 5);
    assert_eq!(j["respondents"], 5);
    assert_eq!(j["overall"]["ikm"], 78.89);
    assert_eq!(j["overall"]["category"], "B");
    assert_eq!(j["overall"]["weakest"], "u9");
    assert_eq!(j["overall"]["nrr"]["u1"], 3.2);
    assert_eq!(j["overall"]["nrr"]["u9"], 2.8);
    let months = j["months"].as_array().expect("months");
    assert_eq!(months.len(), lines.len() - 2);
    assert!(
        months
            .iter()
            .all(|m| m["respondents"].as_i64() >= Some(5) || m["index"].is_null()),
        "{j}"
    );
    assert_eq!(
        app.visitor().get("/satisfaction.json?to=soon").await.status,
        StatusCode::BAD_REQUEST
    );

    // Bad months are explained, in both languages; the CSV refuses them.
    let bad = app.visitor().get("/satisfaction?from=2026-13").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Enter a month as year and month");
    app.visitor_speaking("id")
        .get("/satisfaction?from=2026-09&to=2026-01")
        .await
        .assert_contains("Bulan pertama tidak boleh sesudah bulan terakhir");
    assert_eq!(
        app.visitor().get("/satisfaction.csv?to=soon").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.visitor().get("/satisfaction?service=nope").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_anonymous_complainant_rates_the_closed_complaint_with_the_key_only() {
    let app = TestApp::new().await;
    let coordinator = app
        .signed_in(
            "koordinator@disdukcapil.contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::AgencyAdmin, Some("civil-registry"))],
        )
        .await;
    let officer = app
        .signed_in(
            "petugas@disdukcapil.contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    let visitor = app.visitor();
    let res = visitor
        .post_multipart(
            "/complaints/new",
            &[
                ("agency", "civil-registry"),
                ("kind", "complaint"),
                ("category", "service-delivery"),
                ("title", "Counter closed at noon"),
                (
                    "description",
                    "The counter closed two hours early on Monday.",
                ),
                ("contact_email", "warga@example.id"),
            ],
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let location = res.location().to_owned();
    let reference = location
        .trim_start_matches("/complaints/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let key = location
        .split("key=")
        .nth(1)
        .unwrap_or_default()
        .split('&')
        .next()
        .unwrap_or_default()
        .to_owned();
    let act = format!("/backoffice/complaints/{reference}/act");
    for step in [
        vec![("step", "verify")],
        vec![("step", "assign"), ("agency", "civil-registry")],
    ] {
        let r = coordinator.post_form(&act, &step).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    }
    let r = officer
        .post_form(
            &act,
            &[
                ("step", "answer"),
                ("text", "Opening hours are posted again."),
                ("public", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let survey = format!("/complaints/{reference}/survey");
    // Still open: the survey waits.
    visitor
        .get(&format!("{survey}?key={key}"))
        .await
        .assert_contains("opens once a decision is made");
    let r = visitor
        .post_form(
            &format!("/complaints/{reference}/act"),
            &[("step", "close"), ("rating", "4"), ("key", &key)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);

    // The closed complaint's page invites, with the key; without it there is no survey.
    let page = visitor
        .get(&format!("/complaints/{reference}?key={key}"))
        .await;
    page.assert_contains(&format!("{survey}?key={key}"));
    assert!(
        !visitor
            .get(&format!("/complaints/{reference}"))
            .await
            .text
            .contains(&survey),
        "the public page does not invite"
    );
    assert_eq!(
        visitor.get(&survey).await.status,
        StatusCode::UNAUTHORIZED,
        "no key, no account: sign in"
    );
    assert_eq!(
        visitor.get(&format!("{survey}?key=wrong")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        officer.get(&survey).await.status,
        StatusCode::NOT_FOUND,
        "staff do not rate the complaints they handle"
    );
    let form = visitor.get(&format!("{survey}?key={key}")).await;
    form.assert_contains("About: Counter closed at noon");
    assert_eq!(form.headers["referrer-policy"], "no-referrer");

    let mut answers = all(&["3"; 9]);
    answers.push(("key", &key));
    let without_key = visitor.post_form(&survey, &all(&["3"; 9])).await;
    assert_eq!(without_key.status, StatusCode::UNAUTHORIZED);
    let ok = visitor.post_form(&survey, &answers).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    assert!(ok.location().contains(&format!("key={key}")));
    assert_eq!(
        visitor.post_form(&survey, &answers).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM survey_responses WHERE subject_kind = 'complaint' \
             AND service_id IS NULL AND u1 = 3"
        )
        .await,
        1
    );
    assert!(
        !visitor
            .get(&format!("/complaints/{reference}?key={key}"))
            .await
            .text
            .contains(&survey),
        "answered: no more invitation"
    );
}
