//! Time as the platform tells it: by the application's clock, in each agency's time zone.
//! The tests move a manual clock instead of waiting.

mod common;

use std::sync::Arc;

use common::{TestApp, reference_from};
use gerbang_app::clock::ManualClock;
use gerbang_domain::accounts::{AccountKind, StaffRole};
use gerbang_domain::calendar::{HolidayCalendar, add_working_days};
use reqwest::StatusCode;
use time::macros::{date, datetime};

const AGENCY: &str = "sukamaju-subdistrict";
const DOMICILE: &str = "/services/certificate-of-domicile/apply";

fn answers() -> Vec<(&'static str, &'static str)> {
    common::DOMICILE_ANSWERS.to_vec()
}

fn files() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    common::domicile_files()
}

async fn scalar(app: &TestApp, sql: &'static str) -> String {
    match &app.db {
        gerbang_store::Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await.expect("q"),
        gerbang_store::Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.expect("q"),
    }
}

#[tokio::test]
async fn a_document_past_its_validity_verifies_as_expired() {
    let clock = Arc::new(ManualClock::at(datetime!(2026-12-07 03:00 UTC)));
    let app = TestApp::with_clock(clock.clone()).await;
    let citizen = app.citizen("siti@example.id").await;
    let officer = app
        .signed_in(
            "camat@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some(AGENCY))],
        )
        .await;
    let res = citizen.post_multipart(DOMICILE, &answers(), &files()).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let reference = reference_from(res.location());
    for action in ["accept", "approve"] {
        let r = officer
            .post_form(
                &format!("/backoffice/cases/{reference}/act"),
                &[("action", action), ("comment", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{action}: {}", r.text);
    }
    let token = scalar(&app, "SELECT jws FROM documents").await;
    let verdict = |r: &common::Resp| {
        let at = r.text.find("data-verdict=\"").map(|i| i + 14);
        at.and_then(|i| r.text[i..].split('"').next().map(str::to_owned))
            .unwrap_or_default()
    };
    let anyone = app.visitor();
    let fields = [("token", token.as_str())];
    let check = || anyone.post_multipart("/verify", &fields, &[]);
    assert_eq!(verdict(&check().await), "valid");
    // The certificate of domicile is valid for six months.
    assert_eq!(
        scalar(&app, "SELECT CAST(expires_at AS TEXT) FROM documents")
            .await
            .get(..10),
        Some("2027-06-07")
    );
    // 2026-12-07 to 2027-06-07 is 182 days.
    clock.advance(time::Duration::days(181));
    assert_eq!(
        verdict(&check().await),
        "valid",
        "the day before it expires"
    );
    clock.advance(time::Duration::days(2));
    assert_eq!(verdict(&check().await), "expired");
}

#[tokio::test]
async fn due_dates_count_from_the_agencys_own_today() {
    // 15:30 UTC on a Monday is still Monday in Jakarta, already Tuesday in Jayapura.
    let clock = Arc::new(ManualClock::at(datetime!(2026-12-07 15:30 UTC)));
    let app = TestApp::with_clock(clock).await;
    let citizen = app.citizen("siti@example.id").await;
    let sla: i32 = match &app.db {
        gerbang_store::Db::Sqlite(p) => sqlx::query_scalar(
            "SELECT sla_days FROM services WHERE slug = 'certificate-of-domicile'",
        )
        .fetch_one(p)
        .await
        .expect("sla"),
        gerbang_store::Db::Postgres(p) => sqlx::query_scalar(
            "SELECT sla_days FROM services WHERE slug = 'certificate-of-domicile'",
        )
        .fetch_one(p)
        .await
        .expect("sla"),
    };
    let sla = u32::try_from(sla).expect("sla");
    let holidays = HolidayCalendar::default();

    let res = citizen.post_multipart(DOMICILE, &answers(), &files()).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let in_jakarta = add_working_days(date!(2026 - 12 - 07), sla, &holidays).expect("due");
    assert_eq!(
        scalar(&app, "SELECT CAST(due_date AS TEXT) FROM applications").await,
        in_jakarta.to_string()
    );

    // The subdistrict moves to eastern Indonesian time through a catalogue import.
    let mut catalogue = common::demo_catalog_files();
    for (_, f) in &mut catalogue {
        if f.agency.slug == "sukamaju-subdistrict" {
            f.agency.time_zone = gerbang_domain::time_zone::TimeZone::Wit;
        }
    }
    gerbang_web::catalog::service::import(&app.db, &catalogue, "test")
        .await
        .expect("import");
    let again = app.citizen("ayu@example.id").await;
    let res = again.post_multipart(DOMICILE, &answers(), &files()).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let in_jayapura = add_working_days(date!(2026 - 12 - 08), sla, &holidays).expect("due");
    assert_ne!(in_jakarta, in_jayapura);
    let reference = reference_from(res.location());
    let due: String = match &app.db {
        gerbang_store::Db::Sqlite(p) => sqlx::query_scalar(
            "SELECT CAST(due_date AS TEXT) FROM applications WHERE reference = $1",
        )
        .bind(&reference)
        .fetch_one(p)
        .await
        .expect("due"),
        gerbang_store::Db::Postgres(p) => sqlx::query_scalar(
            "SELECT CAST(due_date AS TEXT) FROM applications WHERE reference = $1",
        )
        .bind(&reference)
        .fetch_one(p)
        .await
        .expect("due"),
    };
    assert_eq!(due, in_jayapura.to_string());
}
