//! Published performance: the roll-up counts each case event once, figures below five
//! are withheld, the processing time and the share within the service standard follow
//! the cases, the same figures come as CSV and JSON, and only an agency's administrators
//! set its target. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.

mod common;

use common::{Actor, TestApp, pdf_bytes, reference_from};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use reqwest::StatusCode;

struct Staff {
    officer: Actor,
    supervisor: Actor,
}

async fn staff(app: &TestApp) -> Staff {
    Staff {
        officer: app
            .signed_in(
                "petugas@contoh.go.id",
                AccountKind::Staff,
                &[(StaffRole::Officer, Some("civil-registry"))],
            )
            .await,
        supervisor: app
            .signed_in(
                "penyelia@contoh.go.id",
                AccountKind::Staff,
                &[(StaffRole::Supervisor, Some("civil-registry"))],
            )
            .await,
    }
}

async fn decide(staff: &Staff, citizen: &Actor, n: usize, approve: bool) -> String {
    let key = format!("perf-{n}");
    let fields: Vec<(&str, &str)> = vec![
        ("child_name", "Putri Ayu Lestari"),
        ("child_sex", "female"),
        ("birth_date", "2026-10-01"),
        ("birth_place", "RSUD Kota Contoh"),
        ("birth_order", "1"),
        ("mother_nik", "3374055202950003"),
        ("declaration", "on"),
        ("idempotency_key", key.as_str()),
    ];
    let files = vec![
        ("birth_statement", "surat-lahir.pdf", pdf_bytes()),
        ("marriage_document", "buku-nikah.pdf", pdf_bytes()),
    ];
    let res = citizen
        .post_multipart("/services/birth-certificate/apply", &fields, &files)
        .await;
    let reference = reference_from(res.location());
    let (officer, supervisor) = (&staff.officer, &staff.supervisor);
    let path = format!("/backoffice/cases/{reference}/act");
    let steps: Vec<(&Actor, &str, &str)> = if approve {
        vec![
            (officer, "accept", ""),
            (officer, "recommend", ""),
            (supervisor, "approve", ""),
        ]
    } else {
        vec![
            (officer, "accept", ""),
            (officer, "reject", "Not a resident."),
        ]
    };
    for (who, action, comment) in steps {
        let res = who
            .post_form(&path, &[("action", action), ("comment", comment)])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{action}: {}", res.text);
    }
    reference
}

#[tokio::test]
async fn performance_is_counted_once_withheld_below_five_and_targets_are_the_agencys() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let visitor = app.visitor();
    let url = "/performance.json?service=birth-certificate";
    let staff = staff(&app).await;

    // Four decided cases: every count withheld, no time or share published.
    for n in 0..4 {
        decide(&staff, &citizen, n, n != 3).await;
    }
    gerbang_app::performance::roll_up(&app.app)
        .await
        .expect("roll up");
    let f = visitor.get(url).await.json();
    assert_eq!(f["figures"]["decided"], serde_json::Value::Null, "{f}");
    assert_eq!(f["figures"]["received"], serde_json::Value::Null);
    assert_eq!(f["figures"]["median_days"], serde_json::Value::Null);
    assert_eq!(f["figures"]["within_standard"], serde_json::Value::Null);
    visitor
        .get("/performance?service=birth-certificate")
        .await
        .assert_contains("<dd>withheld</dd>");

    // A fifth: the figures appear, decided the same day, all within the standard.
    decide(&staff, &citizen, 4, true).await;
    gerbang_app::performance::roll_up(&app.app)
        .await
        .expect("roll up");
    // Running it again counts nothing twice.
    assert_eq!(
        gerbang_app::performance::roll_up(&app.app)
            .await
            .expect("again"),
        0
    );
    let f = visitor.get(url).await.json();
    let figures = &f["figures"];
    assert_eq!(figures["decided"], 5, "{f}");
    assert_eq!(figures["received"], 5);
    assert_eq!(figures["approval_rate"], 80.0);
    assert_eq!(figures["within_standard"], 100.0);
    assert_eq!(figures["median_days"], 0);
    assert_eq!(figures["p90_days"], 0);
    let months = figures["months"].as_array().expect("months");
    assert_eq!(months.len(), 12);
    assert_eq!(months.last().map(|m| m["decided"].clone()), Some(5.into()));

    // The page: chart with its title, the same numbers in the table; CSV and both languages.
    let page = visitor.get("/performance?agency=civil-registry").await;
    page.assert_contains("<svg class=\"gerbang-chart\"")
        .assert_contains(
            "<title id=\"chart-title\">Applications received and decided, by month</title>",
        )
        .assert_contains("Decided within the service standard");
    let csv = visitor
        .get("/performance.csv?service=birth-certificate")
        .await;
    assert!(
        csv.text
            .starts_with("month,received,decided,within_standard_percent,approval_percent\n")
    );
    assert!(csv.text.contains(",5,5,100.0,80.0\n"), "{}", csv.text);
    app.visitor_speaking("id")
        .get("/performance?agency=civil-registry")
        .await
        .assert_contains("Diputus sesuai standar pelayanan");

    // The same trend by ISO week: this week holds the five, counted once.
    let this_week = gerbang_app::performance::week_of(
        gerbang_app::applications::service::platform_today(&app.app),
    );
    let weekly = visitor
        .get("/performance.json?service=birth-certificate&by=week&months=3")
        .await
        .json();
    let weeks = weekly["figures"]["weeks"].as_array().expect("weeks");
    assert!((9..=15).contains(&weeks.len()), "{weekly}");
    assert_eq!(
        weeks.last().map(|w| w["week"].clone()),
        Some(this_week.clone().into())
    );
    assert_eq!(weeks.last().map(|w| w["decided"].clone()), Some(5.into()));
    assert_eq!(
        weeks.last().map(|w| w["within_standard"].clone()),
        Some(100.0.into())
    );
    assert!(weeks[..weeks.len() - 1].iter().all(|w| w["decided"] == 0));
    // By month, no weeks in the JSON.
    assert!(
        visitor.get(url).await.json()["figures"]
            .get("weeks")
            .is_none()
    );
    let csv = visitor
        .get("/performance.csv?service=birth-certificate&by=week")
        .await;
    assert!(
        csv.text.starts_with("week,received,decided,"),
        "{}",
        csv.text
    );
    assert!(
        csv.text.contains(&format!("{this_week},5,5,100.0,80.0\n")),
        "{}",
        csv.text
    );
    let week_number = this_week
        .split_once("-W")
        .map(|(_, n)| n.trim_start_matches('0').to_owned());
    visitor
        .get("/performance?agency=civil-registry&by=week")
        .await
        .assert_contains("Applications received and decided, by week")
        .assert_contains(&format!("Week {}", week_number.clone().unwrap_or_default()));
    app.visitor_speaking("id")
        .get("/performance?agency=civil-registry&by=week")
        .await
        .assert_contains(&format!("Minggu ke-{}", week_number.unwrap_or_default()));

    // Targets: the agency's administrator sets one; an officer may not; a bad one is named.
    let admin = app
        .signed_in(
            "admin@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::AgencyAdmin, Some("civil-registry"))],
        )
        .await;
    let bad = admin
        .post_form(
            "/performance/target",
            &[("agency", "civil-registry"), ("percent", "250")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    let ok = admin
        .post_form(
            "/performance/target",
            &[("agency", "civil-registry"), ("percent", "95")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    visitor
        .get("/performance?agency=civil-registry")
        .await
        .assert_contains("target is 95 % within the service standard: met");
    let officer = app
        .signed_in(
            "petugas2@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    let refused = officer
        .post_form(
            "/performance/target",
            &[("agency", "civil-registry"), ("percent", "50")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'performance.target'")
            .await,
        1
    );
    // An unknown agency is 404.
    assert_eq!(
        visitor.get("/performance?agency=nowhere").await.status,
        StatusCode::NOT_FOUND
    );
}

/// Digital maturity: every agency compared, each service's stage from what it offers with
/// the evidence behind it, downloadable; no service reaches stage 4 without a data
/// exchange.
#[tokio::test]
async fn each_agency_has_a_maturity_profile_with_its_evidence() {
    let app = TestApp::new().await;
    let visitor = app.visitor();
    let page = visitor.get("/maturity").await;
    page.assert_contains("Agencies compared")
        .assert_contains("/maturity/civil-registry")
        .assert_contains("/maturity/transport-office");
    let agency = visitor.get("/maturity/civil-registry").await;
    agency
        .assert_contains("Birth certificate</a>: Stage 3")
        .assert_contains("Not met:</strong> Live data exchange with another agency");
    app.visitor_speaking("id")
        .get("/maturity/civil-registry")
        .await
        .assert_contains("Akta Kelahiran</a>: Tahap 3");
    let csv = visitor.get("/maturity.csv").await;
    assert!(
        csv.text
            .starts_with("agency,service,stage,criterion,met,evidence\n")
    );
    assert!(
        csv.text
            .contains("civil-registry,birth-certificate,3,standard,yes,"),
        "{}",
        csv.text
    );
    assert!(
        csv.text
            .contains("civil-registry,birth-certificate,3,exchange,no,")
    );
    let json = visitor.get("/maturity.json").await.json();
    let profiles = json.as_array().expect("profiles");
    assert_eq!(profiles.len(), 6, "every agency of the demo catalogue");
    for p in profiles {
        assert_eq!(
            p["services_per_stage"][4], 0,
            "no stage 4 without an exchange: {p}"
        );
    }
    assert_eq!(
        visitor.get("/maturity/nowhere").await.status,
        StatusCode::NOT_FOUND
    );
}

/// The back office's workload: each service desk's open cases (not yet taken, overdue) and
/// its weekly throughput, for the agency's officers and supervisors; by team, never by
/// person, and nobody else's.
#[tokio::test]
async fn officers_see_their_agencys_workload_by_service_and_week() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let staff = staff(&app).await;
    for n in 0..2 {
        decide(&staff, &citizen, n, true).await;
    }
    // One more filed and left open.
    let files = vec![
        ("birth_statement", "surat-lahir.pdf", pdf_bytes()),
        ("marriage_document", "buku-nikah.pdf", pdf_bytes()),
    ];
    let open = citizen
        .post_multipart(
            "/services/birth-certificate/apply",
            &[
                ("child_name", "Bayu"),
                ("child_sex", "male"),
                ("birth_date", "2026-10-02"),
                ("birth_place", "RSUD Kota Contoh"),
                ("birth_order", "2"),
                ("mother_nik", "3374055202950003"),
                ("declaration", "on"),
                ("idempotency_key", "open-one"),
            ],
            &files,
        )
        .await;
    assert_eq!(open.status, StatusCode::SEE_OTHER, "{}", open.text);
    gerbang_app::performance::roll_up(&app.app)
        .await
        .expect("roll up");

    let page = staff.officer.get("/backoffice/workload").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    page.assert_contains("Team workload")
        .assert_contains("Population and Civil Registration Office")
        .assert_contains("<svg class=\"gerbang-chart\"");
    // The birth certificate desk: one open, nobody's yet; three received, two decided.
    let row = page
        .text
        .split("<tr>")
        .find(|r| r.contains("/backoffice?service=birth-certificate"))
        .expect("birth certificate row")
        .to_owned();
    let cells: Vec<&str> = row
        .split("<td ")
        .skip(1)
        .filter_map(|c| c.split('>').nth(1))
        .map(|c| c.split('<').next().unwrap_or(""))
        .collect();
    assert_eq!(cells, ["1", "1", "0", "3", "2"], "{row}");
    // No officer's name or address anywhere on it.
    assert!(!page.text.contains("petugas@contoh.go.id"));
    assert!(!page.text.contains("Andi"));
    staff
        .officer
        .get("/backoffice")
        .await
        .assert_contains("href=\"/backoffice/workload\"");

    // Not an agency's administrator without casework, not a citizen, not another agency.
    let admin = app
        .signed_in(
            "kepala@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::AgencyAdmin, Some("civil-registry"))],
        )
        .await;
    let other = app
        .signed_in(
            "petugas@dinkes.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("health-office"))],
        )
        .await;
    for who in [&admin, &citizen] {
        assert_eq!(
            who.get("/backoffice/workload").await.status,
            StatusCode::FORBIDDEN
        );
    }
    let theirs = other.get("/backoffice/workload").await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(!theirs.text.contains("birth-certificate"));
}
