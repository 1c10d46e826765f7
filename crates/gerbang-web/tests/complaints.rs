//! Complaints: filing (anonymous and signed in), confidentiality, triage and answers,
//! deadlines that escalate up the agency tree and close by themselves, and bad input.

mod common;

use std::sync::Arc;

use common::{Actor, TestApp};
use gerbang_app::clock::ManualClock;
use gerbang_domain::accounts::{AccountKind, StaffRole};
use reqwest::StatusCode;
use time::Duration;
use time::macros::datetime;

const COORDINATOR: &str = "koordinator@disdukcapil.contoh.go.id";
const OFFICER: &str = "petugas@disdukcapil.contoh.go.id";
const CITY_SUPERVISOR: &str = "pengawas@setda.contoh.go.id";

/// A tiny but real PNG header (what the server sniffs).
fn png() -> Vec<u8> {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    b.extend_from_slice(b"rest of a picture");
    b
}

async fn staff(app: &TestApp) -> (Actor, Actor) {
    let coordinator = app
        .signed_in(
            COORDINATOR,
            AccountKind::Staff,
            &[(StaffRole::AgencyAdmin, Some("civil-registry"))],
        )
        .await;
    let officer = app
        .signed_in(
            OFFICER,
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    (coordinator, officer)
}

/// Files a complaint at the civil registry; returns the redirect's location.
async fn file(who: &Actor, extra: &[(&str, &str)]) -> String {
    let mut fields = vec![
        ("agency", "civil-registry"),
        ("kind", "complaint"),
        ("category", "service-delivery"),
        ("title", "Birth certificate still not issued"),
        (
            "description",
            "I applied five weeks ago and nobody has answered my messages.",
        ),
    ];
    fields.extend_from_slice(extra);
    let res = who.post_multipart("/complaints/new", &fields, &[]).await;
    done(&res);
    res.location().to_owned()
}

/// A step went through: back to the complaint's page, not to a sign-in.
fn done(res: &common::Resp) {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert!(
        res.location().contains("/complaints/") && res.location().contains("done="),
        "{}",
        res.location()
    );
}

fn reference_of(location: &str) -> String {
    location
        .trim_start_matches("/complaints/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn key_of(location: &str) -> String {
    location
        .split("key=")
        .nth(1)
        .and_then(|k| k.split('&').next())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn an_anonymous_complaint_is_followed_by_its_key_verified_answered_and_rated() {
    let app = TestApp::new().await;
    let (coordinator, officer) = staff(&app).await;
    let visitor = app.visitor();
    let form = visitor.get("/complaints/new?agency=civil-registry").await;
    form.assert_contains("How can we reach you?")
        .assert_contains("Service delivery");
    let res = visitor
        .post_multipart(
            "/complaints/new",
            &[
                ("agency", "civil-registry"),
                ("kind", "complaint"),
                ("category", "service-delivery"),
                ("title", "Birth certificate still not issued"),
                (
                    "description",
                    "I applied five weeks ago and nobody answers.",
                ),
                ("contact_name", "Siti Rahma"),
                ("contact_email", "siti@example.com"),
                ("address", "Jl. Melati 3"),
                ("latitude", "-7.5663"),
                ("longitude", "110.8166"),
            ],
            &[("photo_1", "counter.png", png())],
        )
        .await;
    done(&res);
    let location = res.location().to_owned();
    let reference = reference_of(&location);
    let key = key_of(&location);
    assert!(
        reference.starts_with("GRB-") && key.len() > 20,
        "{location}"
    );

    // The filer's page shows the link once, and the email carries it.
    let page = visitor.get(&location).await;
    page.assert_contains("Keep this link")
        .assert_contains("Received")
        .assert_contains("counter.png");
    assert_eq!(page.headers["referrer-policy"], "no-referrer");
    let mails = app.emails().await;
    let (to, subject, body) = mails.last().expect("a notice");
    assert_eq!(to, "siti@example.com");
    assert!(subject.contains(&reference), "{subject}");
    assert!(body.contains(&format!("key={key}")), "{body}");

    // Anyone sees the public part: no contact, no photo, no place.
    let stranger = app.visitor().get(&format!("/complaints/{reference}")).await;
    assert_eq!(stranger.status, StatusCode::OK);
    stranger.assert_contains("Birth certificate still not issued");
    for secret in ["Siti", "siti@example.com", "counter.png", "110.8166"] {
        assert!(!stranger.text.contains(secret), "{secret} leaked");
    }
    let photo_path = format!("/complaints/{reference}/photos/1");
    assert_eq!(
        app.visitor().get(&photo_path).await.status,
        StatusCode::NOT_FOUND
    );
    let photo = visitor.get(&format!("{photo_path}?key={key}")).await;
    assert_eq!(photo.status, StatusCode::OK);
    assert_eq!(photo.headers["content-type"], "image/png");
    app.visitor()
        .get("/complaints")
        .await
        .assert_contains(&reference);

    // The coordinator sees who filed it, verifies and assigns; the read is audited.
    let inbox = coordinator.get("/backoffice/complaints").await;
    inbox.assert_contains(&reference);
    let staff_page = coordinator
        .get(&format!("/backoffice/complaints/{reference}"))
        .await;
    staff_page
        .assert_contains("siti@example.com")
        .assert_contains("Verify and assign");
    assert!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'complaint.read'")
            .await
            >= 1
    );
    let act = format!("/backoffice/complaints/{reference}/act");
    let res = coordinator.post_form(&act, &[("step", "verify")]).await;
    done(&res);
    // The same step again is stale: 409, nothing changes.
    let again = coordinator.post_form(&act, &[("step", "verify")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // An officer does not triage.
    let refused = officer
        .post_form(&act, &[("step", "assign"), ("agency", "civil-registry")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let res = coordinator
        .post_form(&act, &[("step", "assign"), ("agency", "civil-registry")])
        .await;
    done(&res);

    // The officer answers publicly; everyone reads the answer.
    let empty = officer
        .post_form(
            &act,
            &[("step", "answer"), ("text", "  "), ("public", "on")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    empty.assert_contains("Enter the text");
    let res = officer
        .post_form(
            &act,
            &[
                ("step", "answer"),
                ("text", "Your certificate is ready for collection."),
                ("public", "on"),
            ],
        )
        .await;
    done(&res);
    app.visitor()
        .get(&format!("/complaints/{reference}"))
        .await
        .assert_contains("Your certificate is ready for collection.")
        .assert_contains("Answered");

    // Only the key holder closes it, with a rating.
    let public_act = format!("/complaints/{reference}/act");
    let no_key = app
        .visitor()
        .post_form(&public_act, &[("step", "close"), ("rating", "4")])
        .await;
    assert_eq!(no_key.status, StatusCode::UNAUTHORIZED);
    let bad = visitor
        .post_form(
            &public_act,
            &[("step", "close"), ("rating", "9"), ("key", &key)],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = visitor
        .post_form(
            &public_act,
            &[("step", "close"), ("rating", "4"), ("key", &key)],
        )
        .await;
    done(&res);
    visitor
        .get(res.location())
        .await
        .assert_contains("Closed")
        .assert_contains("4 out of 5");
    app.visitor()
        .get("/agencies/civil-registry")
        .await
        .assert_contains("Mean rating of the resolution")
        .assert_contains("4.0 / 5");
}

#[tokio::test]
async fn a_confidential_complainant_stays_unknown_to_officers_the_public_and_the_list() {
    let app = TestApp::new().await;
    let (coordinator, officer) = staff(&app).await;
    let citizen = app.citizen("budi@example.com").await;
    let location = file(&citizen, &[("confidential", "on"), ("private", "on")]).await;
    let reference = reference_of(&location);
    assert!(!location.contains("key="), "a signed-in filer needs no key");
    citizen
        .get(&location)
        .await
        .assert_contains("Birth certificate still not issued");
    citizen
        .get("/complaints/mine")
        .await
        .assert_contains(&reference);

    let name = "Test budi@example.com";
    let officer_page = officer
        .get(&format!("/backoffice/complaints/{reference}"))
        .await;
    assert_eq!(officer_page.status, StatusCode::OK);
    officer_page.assert_contains("Only the coordinating administrator sees it");
    assert!(!officer_page.text.contains("budi@example.com"));
    assert!(!officer_page.text.contains(name));
    coordinator
        .get(&format!("/backoffice/complaints/{reference}"))
        .await
        .assert_contains("budi@example.com");

    // The public page and list show neither the person nor the text.
    let public = app.visitor().get(&format!("/complaints/{reference}")).await;
    public.assert_contains("not be shown publicly");
    let list = app.visitor().get("/complaints").await;
    list.assert_contains(&reference)
        .assert_contains("Private complaint");
    for page in [&public.text, &list.text] {
        assert!(!page.contains("budi@example.com"));
        assert!(!page.contains(name));
        assert!(!page.contains("Birth certificate still not issued"));
        assert!(!page.contains("five weeks ago"));
    }
    // Staff of another agency learn nothing.
    let other = app
        .signed_in(
            "petugas@dishub.contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("transport-office"))],
        )
        .await;
    assert_eq!(
        other
            .get(&format!("/backoffice/complaints/{reference}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Nor does another citizen: the complainant's actions are theirs alone.
    let stranger = app.citizen("ani@example.com").await;
    let res = stranger
        .post_form(
            &format!("/complaints/{reference}/act"),
            &[("step", "reply"), ("text", "me too")],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn missed_deadlines_escalate_up_the_agency_tree_once_and_answered_complaints_close_by_themselves()
 {
    // Monday 7 December 2026, 10:00 in Jakarta. With Wednesday 9 December a holiday, the
    // three working days to verify end on Friday 11 December.
    let clock = Arc::new(ManualClock::at(datetime!(2026-12-07 03:00 UTC)));
    let app = TestApp::with_clock_and_config(clock.clone(), |c| {
        c.holidays =
            gerbang_domain::calendar::HolidayCalendar::new([time::macros::date!(2026 - 12 - 09)]);
    })
    .await;
    let (coordinator, officer) = staff(&app).await;
    app.create_account(
        CITY_SUPERVISOR,
        AccountKind::Staff,
        &[(StaffRole::Supervisor, Some("city-government"))],
    )
    .await;
    let citizen = app.citizen("budi@example.com").await;
    let location = file(&citizen, &[]).await;
    let reference = reference_of(&location);
    citizen
        .get(&location)
        .await
        .assert_contains("11 December 2026");

    let run = || gerbang_app::jobs::run_due(&app.app);
    assert_eq!(run().await.expect("jobs"), 0, "nothing is due yet");
    // Friday 11 December, 23:59 in Jakarta: still on time.
    clock.set(datetime!(2026-12-11 16:59 UTC));
    assert_eq!(run().await.expect("jobs"), 0);
    // Saturday 00:00 in Jakarta: the deadline passed.
    clock.set(datetime!(2026-12-11 17:00 UTC));
    assert_eq!(run().await.expect("jobs"), 1);
    assert_eq!(run().await.expect("jobs"), 0, "a deadline escalates once");
    let escalated = app
        .count("SELECT COUNT(*) FROM complaint_events WHERE step = 'escalate'")
        .await;
    assert_eq!(escalated, 1);
    let mails = app.emails().await;
    assert!(
        mails
            .iter()
            .any(|(to, s, _)| to == CITY_SUPERVISOR && s.contains("passed its deadline")),
        "{mails:?}"
    );
    assert!(
        mails
            .iter()
            .any(|(to, s, _)| to == "budi@example.com" && s.contains("escalated"))
    );
    let public = app.visitor().get(&format!("/complaints/{reference}")).await;
    public
        .assert_contains("Deadline passed: escalated")
        .assert_contains("Contoh City Government");
    // The city's supervisor now oversees it and may answer.
    let city = app.visitor();
    app.sign_in(&city, CITY_SUPERVISOR).await;
    city.get("/backoffice/complaints?agency=city-government")
        .await
        .assert_contains(&reference);

    // Assigned and answered, then no reply for ten working days: closed by itself.
    // (Days passed: everyone signs in again.)
    app.sign_in(&coordinator, COORDINATOR).await;
    app.sign_in(&officer, OFFICER).await;
    let act = format!("/backoffice/complaints/{reference}/act");
    for form in [
        vec![("step", "verify")],
        vec![("step", "assign"), ("agency", "civil-registry")],
    ] {
        let res = coordinator.post_form(&act, &form).await;
        done(&res);
    }
    let res = officer
        .post_form(
            &act,
            &[
                ("step", "answer"),
                ("text", "Ready to collect."),
                ("public", "on"),
            ],
        )
        .await;
    done(&res);
    // The escalation job of the earlier period is stale now: nothing happens.
    clock.advance(Duration::days(3));
    assert_eq!(run().await.expect("jobs"), 0);
    clock.advance(Duration::days(14));
    // The stale ones run too, and do nothing; the automatic close happens once.
    run().await.expect("jobs");
    assert_eq!(run().await.expect("jobs"), 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM complaint_events WHERE step = 'auto_close'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM complaint_events WHERE step = 'escalate'")
            .await,
        1,
        "the superseded deadlines escalated nothing"
    );
    for (who, email) in [(&citizen, "budi@example.com"), (&officer, OFFICER)] {
        app.sign_in(who, email).await;
    }
    let page = citizen.get(&format!("/complaints/{reference}")).await;
    page.assert_contains("Closed automatically")
        .assert_contains("Rate how your complaint was handled")
        .assert_contains("Not satisfied with how it was closed?");
    // The complainant reopens it once, then it cannot be reopened again.
    let public_act = format!("/complaints/{reference}/act");
    let res = citizen
        .post_form(
            &public_act,
            &[("step", "reopen"), ("reason", "It was not ready.")],
        )
        .await;
    done(&res);
    let res = officer
        .post_form(&act, &[("step", "answer"), ("text", "Now it is.")])
        .await;
    done(&res);
    let res = citizen.post_form(&public_act, &[("step", "close")]).await;
    done(&res);
    let again = citizen
        .post_form(&public_act, &[("step", "reopen"), ("reason", "again")])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'complaint.escalate'")
            .await,
        1
    );
}

#[tokio::test]
async fn bad_filings_are_refused_whole_with_every_reason_and_anonymous_filing_is_rate_limited() {
    let app = TestApp::new().await;
    let visitor = app.visitor();
    let res = visitor
        .post_multipart(
            "/complaints/new",
            &[
                ("agency", "civil-registry"),
                ("kind", "complaint"),
                ("category", "no-such-category"),
                ("title", ""),
                ("description", "short"),
                ("contact_phone", "12"),
                ("latitude", "-95"),
                ("longitude", "110"),
            ],
            &[("photo_1", "virus.exe", b"MZ not a picture".to_vec())],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Choose a category",
        "Enter a subject",
        "at least 10 characters",
        "Enter a mobile number in the correct format",
        "decimal degrees",
        "Photos must be JPEG or PNG images",
    ] {
        res.assert_contains(message);
    }
    // In Indonesian too.
    let id = app.visitor_speaking("id");
    let res = id
        .post_multipart(
            "/complaints/new",
            &[("agency", "civil-registry"), ("kind", "complaint")],
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Pilih kategori")
        .assert_contains("Cantumkan alamat email atau nomor ponsel");
    // The field people never see, filled by a robot.
    let res = visitor
        .post_multipart(
            "/complaints/new",
            &[
                ("agency", "civil-registry"),
                ("kind", "complaint"),
                ("category", "service-delivery"),
                ("title", "Buy cheap watches"),
                ("description", "Cheap watches at example.net"),
                ("contact_email", "bot@example.net"),
                ("website", "http://example.net"),
            ],
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Someone else's application is not theirs to name.
    let citizen = app.citizen("budi@example.com").await;
    let res = citizen
        .post_multipart(
            "/complaints/new",
            &[
                ("agency", "civil-registry"),
                ("kind", "complaint"),
                ("category", "service-delivery"),
                ("title", "About my case"),
                ("description", "It takes too long to decide."),
                ("application", "GRB-7K3F-9QXM-4"),
            ],
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("not the reference of one of your applications");
    assert_eq!(app.count("SELECT COUNT(*) FROM complaints").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM complaint_photos").await, 0);

    // Five anonymous filings an hour from one address; the sixth waits.
    let fields = [
        ("agency", "civil-registry"),
        ("kind", "complaint"),
        ("category", "service-delivery"),
        ("title", "Queue too long"),
        ("description", "The queue at the counter took three hours."),
        ("contact_phone", "0812 3456 7890"),
    ];
    // The attempts above counted too.
    let mut accepted = 0;
    let mut throttled = false;
    for _ in 0..6 {
        let res = visitor
            .post_multipart("/complaints/new", &fields, &[])
            .await;
        match res.status {
            StatusCode::SEE_OTHER => accepted += 1,
            StatusCode::TOO_MANY_REQUESTS => throttled = true,
            other => panic!("{other}: {}", res.text),
        }
    }
    assert!(throttled, "the limit holds");
    assert!(accepted <= 5);
    assert_eq!(app.count("SELECT COUNT(*) FROM complaints").await, accepted);
}

/// An API token of a civic app's account, with the scopes given.
async fn app_key(app: &TestApp, scopes: &str) -> String {
    app_key_of(app, "civic-app@example.id", scopes).await
}

/// An API token of the civic app's account `email` (one account per email).
async fn app_key_of(app: &TestApp, email: &str, scopes: &str) -> String {
    let id = app.create_account(email, AccountKind::Business, &[]).await;
    gerbang_app::accounts::tokens::create_as_operator(
        &app.app,
        id,
        &gerbang_app::accounts::tokens::TokenSpec {
            name: "civic app".into(),
            scopes: scopes.into(),
            days: None,
        },
        &gerbang_app::accounts::service::Meta::cli(),
    )
    .await
    .expect("token")
    .token
}

#[tokio::test]
async fn open311_is_read_and_filed_by_an_independent_client() {
    let ready = std::process::Command::new("python3")
        .args(["-c", "import georeport, xmltodict, requests"])
        .status()
        .is_ok_and(|s| s.success());
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "georeport is not installed (pip install georeport==0.3.1): the independent Open311 client cannot run"
        );
        eprintln!(
            "georeport is not installed (pip install georeport==0.3.1); Open311 was not checked by it"
        );
        return;
    }
    let app = TestApp::new().await;
    let key = app_key(&app, "applications:submit").await;
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/open311/check.py");
    let base = app.base.clone();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("python3")
            .arg(script)
            .arg(base)
            .arg(key)
            .output()
            .expect("python3 runs")
    })
    .await
    .expect("join");
    assert!(
        out.status.success(),
        "the Open311 client refused our endpoint: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reference = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(reference.starts_with("GRB-"), "{reference}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM complaints WHERE channel = 'open311'")
            .await,
        1
    );
    // The person reporting gets the follow-up link like any anonymous complainant.
    let mails = app.emails().await;
    assert!(
        mails
            .iter()
            .any(|(to, _, body)| to == "pelapor@example.id" && body.contains("key=")),
        "{mails:?}"
    );
}

#[tokio::test]
async fn open311_keeps_confidential_places_and_private_texts_and_refuses_bad_keys() {
    let app = TestApp::new().await;
    let api = app.api();
    let read_only = app_key(&app, "applications:read").await;
    let post = |fields: Vec<(&'static str, String)>| {
        let body = serde_urlencoded::to_string(&fields).expect("encode");
        let api = api.clone();
        async move {
            api.post_raw(
                "/open311/v2/requests.json",
                "application/x-www-form-urlencoded",
                &body,
            )
            .await
        }
    };
    let base = |key: &str| {
        vec![
            ("api_key", key.to_owned()),
            ("service_code", "civil-registry.service-delivery".to_owned()),
            ("lat", "-7.5".to_owned()),
            ("long", "110.8".to_owned()),
            ("email", "rahasia@example.id".to_owned()),
            (
                "description",
                "Someone at the counter asked me for money.".to_owned(),
            ),
        ]
    };
    // A key without the submit scope, and no key: 403 in the spec's format.
    let res = post(base(&read_only)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(res.json()[0]["code"], 403);
    let res = post(base("not-a-key")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // Every reason of a bad report at once, as 400.
    let key = app_key_of(&app, "civic-app-2@example.id", "applications:submit").await;
    let mut bad = base(&key);
    bad.retain(|(k, _)| *k != "email" && *k != "description");
    let res = post(bad).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let reasons = res.json()[0]["description"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        reasons.contains("email address or a mobile number"),
        "{reasons}"
    );
    assert!(reasons.contains("at least 10 characters"), "{reasons}");
    let mut unknown = base(&key);
    unknown[1].1 = "civil-registry.no-such".into();
    assert_eq!(post(unknown).await.status, StatusCode::NOT_FOUND);

    // A confidential, private report: the list shows neither its place nor its text.
    let mut secret = base(&key);
    secret.push(("attribute[confidential]", "true".into()));
    secret.push(("attribute[private]", "true".into()));
    let res = post(secret).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let id = res.json()[0]["service_request_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    for path in [
        format!("/open311/v2/requests/{id}.json"),
        format!("/open311/v2/requests/{id}.xml"),
        "/open311/v2/requests.json?jurisdiction_id=civil-registry".to_owned(),
    ] {
        let res = api.get(&path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.text);
        assert!(res.text.contains(&id), "{path}");
        for leak in ["rahasia", "110.8", "asked me for money"] {
            assert!(!res.text.contains(leak), "{leak} published at {path}");
        }
    }
    let xml = api.get("/open311/v2/requests/GRB-7K3F-9QXM-4.xml").await;
    assert_eq!(xml.status, StatusCode::NOT_FOUND);
    assert!(
        xml.text.contains("<errors><error><code>404</code>"),
        "{}",
        xml.text
    );
    let wrong = api
        .get("/open311/v2/services.json?jurisdiction_id=nowhere")
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    let range = api
        .get("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-12-01T00:00:00Z")
        .await;
    assert_eq!(range.status, StatusCode::BAD_REQUEST, "at most 90 days");
}
