//! The platform foundation, end to end over HTTP: catalogue, languages, accounts,
//! security and error handling. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.

mod common;

use common::{PASSWORD, TestApp};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use reqwest::StatusCode;

#[tokio::test]
async fn home_lists_agencies_in_the_browser_language() {
    let app = TestApp::new().await;
    let en = app.visitor().get("/").await;
    assert_eq!(en.status, StatusCode::OK);
    en.assert_contains("<html lang=\"en\">")
        .assert_contains("Civil Registration");
    let id = app
        .visitor_speaking("id-ID,id;q=0.9,en;q=0.5")
        .get("/")
        .await;
    id.assert_contains("<html lang=\"id\">")
        .assert_contains("Layanan publik")
        .assert_contains("Dinas Kependudukan");
}

#[tokio::test]
async fn the_chosen_language_is_remembered_and_overrides_the_browser() {
    let app = TestApp::new().await;
    let v = app.visitor_speaking("en");
    let res = v.get("/lang/id?next=/services").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/services");
    assert!(
        res.set_cookies()
            .iter()
            .any(|c| c.starts_with("gerbang_lang=id"))
    );
    v.get("/services")
        .await
        .assert_contains("<html lang=\"id\">")
        .assert_contains("Semua layanan");
    // Never an open redirect.
    assert_eq!(v.get("/lang/en?next=//evil.example").await.location(), "/");
    assert_eq!(v.get("/lang/xx").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn search_finds_services_by_words_in_either_language() {
    let app = TestApp::new().await;
    let v = app.visitor();
    v.get("/services?q=akta+kelahiran")
        .await
        .assert_contains("/services/birth-certificate");
    v.get("/services?q=Birth")
        .await
        .assert_contains("/services/birth-certificate");
    let none = v.get("/services?q=%25%25_zzzz").await;
    assert_eq!(none.status, StatusCode::OK);
    none.assert_contains("No services match");
    let business = v.get("/services?audience=business").await;
    business.assert_contains("/services/vehicle-route-permit");
    assert!(!business.text.contains("/services/birth-certificate"));
}

#[tokio::test]
async fn a_service_page_tells_everything_needed_before_applying() {
    let app = TestApp::new().await;
    let page = app.visitor().get("/services/building-approval").await;
    assert_eq!(page.status, StatusCode::OK);
    for needle in [
        "What you need",
        "Fee breakdown",
        "Rp 4.500.000",
        "working days",
        "How it works",
        "Legal basis",
        "What the form asks",
        "Contact",
    ] {
        page.assert_contains(needle);
    }
    let id = app
        .visitor_speaking("id")
        .get("/services/birth-certificate")
        .await;
    id.assert_contains("Persyaratan")
        .assert_contains("Gratis")
        .assert_contains("hari kerja");
}

#[tokio::test]
async fn unknown_pages_answer_404_in_the_visitors_language() {
    let app = TestApp::new().await;
    for path in [
        "/services/no-such-service",
        "/agencies/no-such-agency",
        "/nowhere",
    ] {
        let res = app.visitor_speaking("id").get(path).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        res.assert_contains("Halaman tidak ditemukan")
            .assert_contains("<html lang=\"id\">");
    }
    let agency = app.visitor().get("/agencies/civil-registry").await;
    agency
        .assert_contains("/services/birth-certificate")
        .assert_contains("Part of");
}

#[tokio::test]
async fn registration_signs_the_new_account_in() {
    let app = TestApp::new().await;
    let v = app.visitor();
    let res = v
        .post_form(
            "/register",
            &[
                ("kind", "citizen"),
                ("full_name", "Siti Aminah"),
                ("email", "Siti@Example.ID"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert!(
        res.set_cookies()
            .iter()
            .any(|c| c.starts_with("gerbang_session=")
                && c.contains("HttpOnly")
                && c.contains("SameSite=Lax"))
    );
    assert_eq!(res.location(), "/account?done=registered");
    let mails = app.emails().await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    let (to, subject, body) = &mails[0];
    assert_eq!(to, "siti@example.id");
    assert_eq!(subject, "[Kota Contoh] Your account is ready");
    assert!(body.starts_with("Dear Siti Aminah,"), "{body}");
    let account = v.get(res.location()).await;
    account
        .assert_contains("siti@example.id")
        .assert_contains("Siti Aminah")
        .assert_contains("has been created");
    let audit = gerbang_store::audit::with_action(&app.db, "account.register", 10)
        .await
        .expect("audit");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].actor, "siti@example.id");
}

#[tokio::test]
async fn registration_errors_are_listed_and_nothing_is_created() {
    let app = TestApp::new().await;
    let v = app.visitor_speaking("id");
    let res = v
        .post_form(
            "/register",
            &[
                ("kind", "citizen"),
                ("full_name", "Budi"),
                ("email", "not-an-email"),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Ada yang perlu diperbaiki")
        .assert_contains("href=\"#email\"")
        .assert_contains("Kata sandi minimal 10 karakter")
        .assert_contains("value=\"Budi\"")
        .assert_contains("value=\"not-an-email\"");
    assert!(
        gerbang_store::audit::with_action(&app.db, "account.register", 10)
            .await
            .expect("audit")
            .is_empty()
    );

    app.citizen("taken@example.id").await;
    let dup = app
        .visitor()
        .post_form(
            "/register",
            &[
                ("kind", "business"),
                ("full_name", "X"),
                ("email", "TAKEN@example.id"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    dup.assert_contains("already exists");
}

#[tokio::test]
async fn wrong_credentials_get_one_answer_and_sign_in_rotates_the_session() {
    let app = TestApp::new().await;
    app.citizen("ani@example.id").await;
    let v = app.visitor();
    let wrong_pw = v.login("ani@example.id", "wrong password!").await;
    let no_user = v.login("nobody@example.id", "wrong password!").await;
    assert_eq!(wrong_pw.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_user.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong_pw.assert_contains("The email address or password is not right");
    no_user.assert_contains("The email address or password is not right");

    let first = v.login("ani@example.id", PASSWORD).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(first.location(), "/account");
    let second = v.login("ani@example.id", PASSWORD).await;
    let cookie = |r: &common::Resp| {
        r.set_cookies()
            .into_iter()
            .find(|c| c.starts_with("gerbang_session="))
            .expect("session cookie")
    };
    assert_ne!(
        cookie(&first),
        cookie(&second),
        "the session id must change at sign-in"
    );
    assert_eq!(v.get("/account").await.status, StatusCode::OK);
}

#[tokio::test]
async fn repeated_failures_throttle_the_account_with_a_clear_message() {
    let app = TestApp::new().await;
    app.citizen("target@example.id").await;
    let v = app.visitor();
    for _ in 0..5 {
        assert_eq!(
            v.login("target@example.id", "guess guess guess")
                .await
                .status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    let blocked = v.login("target@example.id", PASSWORD).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.headers.contains_key("retry-after"));
    blocked
        .assert_contains("Too many failed sign-in attempts")
        .assert_contains("15 minutes");
    // Another account from the same address is not blocked by this account's failures.
    app.citizen("other@example.id").await;
    assert_eq!(
        v.login("other@example.id", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let app = TestApp::new().await;
    let v = app.citizen("keluar@example.id").await;
    assert_eq!(v.get("/account").await.status, StatusCode::OK);
    let res = v.post_form("/logout", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let after = v.get("/account").await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert!(after.location().starts_with("/login?next="));
}

#[tokio::test]
async fn changing_the_password_signs_out_other_sessions() {
    let app = TestApp::new().await;
    let laptop = app.citizen("ganti@example.id").await;
    let phone = app.visitor();
    assert_eq!(
        phone.login("ganti@example.id", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );

    let wrong = laptop
        .post_form(
            "/account/password",
            &[
                ("current_password", "not my password"),
                ("new_password", "a brand new passphrase"),
                ("new_password_confirm", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong.assert_contains("current password is not right");

    let ok = laptop
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new passphrase"),
                ("new_password_confirm", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    let mails = app.emails().await;
    assert!(
        mails.iter().any(|(to, subject, _)| to == "ganti@example.id"
            && subject == "[Kota Contoh] Your password was changed"),
        "{mails:?}"
    );
    assert_eq!(
        laptop.get("/account").await.status,
        StatusCode::OK,
        "this browser stays signed in"
    );
    assert_eq!(
        phone.get("/account").await.status,
        StatusCode::SEE_OTHER,
        "the other session ended"
    );
    assert_eq!(
        app.visitor()
            .login("ganti@example.id", "a brand new passphrase")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn forms_without_the_token_or_from_another_site_are_refused() {
    let app = TestApp::new().await;
    let v = app.visitor();
    let no_token = v
        .post_form_raw("/login", &[("email", "a@b.id"), ("password", "x")])
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    no_token.assert_contains("The form has expired");

    let token = v.csrf().await;
    let cross = v
        .client
        .post(format!("{}/login", app.base))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("email=a%40b.id&password=x&csrf_token={token}"))
        .send()
        .await
        .expect("post");
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    assert!(
        cross
            .text()
            .await
            .expect("body")
            .contains("another website")
    );
}

#[tokio::test]
async fn oversize_bodies_are_refused_with_413() {
    let app = TestApp::new().await;
    let v = app.visitor();
    let big = "x".repeat(200 * 1024);
    let res = v.post_form("/register", &[("full_name", &big)]).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    res.assert_contains("too large");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::new().await;
    for path in ["/", "/nowhere", "/healthz", "/static/gerbang.css"] {
        let res = app.visitor().get(path).await;
        let mut headers: Vec<(String, String)> = res
            .headers
            .iter()
            .filter(|(k, _)| {
                [
                    "content-security-policy",
                    "x-content-type-options",
                    "referrer-policy",
                    "x-frame-options",
                    "permissions-policy",
                    "cross-origin-opener-policy",
                    "cross-origin-resource-policy",
                    "strict-transport-security",
                ]
                .contains(&k.as_str())
            })
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        headers.sort();
        insta::assert_yaml_snapshot!("security_headers", headers);
        assert!(res.headers.contains_key("x-request-id"), "{path}");
    }
}

#[tokio::test]
async fn probes_report_liveness_and_database_readiness() {
    let app = TestApp::new().await;
    assert_eq!(app.visitor().get("/healthz").await.status, StatusCode::OK);
    assert_eq!(app.visitor().get("/readyz").await.status, StatusCode::OK);
    app.db.close().await;
    assert_eq!(
        app.visitor().get("/readyz").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
}

#[tokio::test]
async fn agency_admins_create_staff_only_for_their_agency() {
    let app = TestApp::new().await;
    let admin = app
        .signed_in(
            "kepala@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::AgencyAdmin, Some("civil-registry"))],
        )
        .await;
    let page = admin.get("/admin/staff").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.text.contains("value=\"health-office\""),
        "only administered agencies are offered"
    );

    let created = admin
        .post_form(
            "/admin/staff",
            &[
                ("full_name", "Petugas Baru"),
                ("email", "petugas@contoh.go.id"),
                ("password", PASSWORD),
                ("agency", "civil-registry"),
                ("role", "officer"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    admin
        .get("/admin/staff?done=created")
        .await
        .assert_contains("petugas@contoh.go.id");

    // Without an initial password, the new staff member sets one through the emailed link.
    let unclaimed = admin
        .post_form(
            "/admin/staff",
            &[
                ("full_name", "Petugas Tanpa Sandi"),
                ("email", "baru@contoh.go.id"),
                ("password", ""),
                ("agency", "civil-registry"),
                ("role", "officer"),
            ],
        )
        .await;
    assert_eq!(
        unclaimed.status,
        StatusCode::SEE_OTHER,
        "{}",
        unclaimed.text
    );
    assert!(
        app.emails()
            .await
            .iter()
            .any(|(to, _, body)| to == "baru@contoh.go.id"
                && body.contains("/password/reset?token=")),
        "the claim link is emailed"
    );

    let elsewhere = admin
        .post_form(
            "/admin/staff",
            &[
                ("full_name", "Penyusup"),
                ("email", "x@contoh.go.id"),
                ("password", PASSWORD),
                ("agency", "health-office"),
                ("role", "officer"),
            ],
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::UNPROCESSABLE_ENTITY);
    let officer = app.visitor();
    assert_eq!(
        officer.login("petugas@contoh.go.id", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    // A new staff member sets up a second factor before anything else.
    let first = officer.get("/admin/staff").await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert!(first.location().starts_with("/account/second-factor"));
    let citizen = app.citizen("warga@example.id").await;
    assert_eq!(
        citizen.get("/admin/staff").await.status,
        StatusCode::FORBIDDEN
    );
    let grants = gerbang_store::audit::with_action(&app.db, "account.role_grant", 10)
        .await
        .expect("audit");
    assert_eq!(
        grants.len(),
        3,
        "admin's own role and the two new officers'"
    );
}

#[tokio::test]
async fn showing_the_sign_in_page_often_locks_nobody_out() {
    let app = TestApp::new().await;
    let staff = app.citizen("ayu@example.id").await;
    let visitor = app.visitor();
    // Forty page views from one address: views are not attempts.
    for _ in 0..40 {
        assert_eq!(visitor.get("/login").await.status, StatusCode::OK);
        assert_eq!(visitor.get("/register").await.status, StatusCode::OK);
    }
    let res = visitor.login("ayu@example.id", common::PASSWORD).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    drop(staff);
}

#[tokio::test]
async fn a_person_reading_indonesian_gets_the_welcome_email_in_indonesian() {
    let app = TestApp::new().await;
    let v = app.visitor_speaking("id");
    let res = v
        .post_form(
            "/register",
            &[
                ("kind", "business"),
                ("full_name", "Budi Santoso"),
                ("email", "budi@example.id"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let mails = app.emails().await;
    let (_, subject, body) = &mails[0];
    assert_eq!(subject, "[Kota Contoh] Akun Anda sudah siap");
    assert!(body.starts_with("Yth. Budi Santoso,"), "{body}");
    assert!(body.contains(&format!("{}/services", app.base)), "{body}");
}

#[tokio::test]
async fn signing_in_keeps_the_language_being_read() {
    let app = TestApp::new().await;
    app.signed_in(
        "petugas@contoh.go.id",
        AccountKind::Staff,
        &[(StaffRole::Officer, Some("civil-registry"))],
    )
    .await;
    let email = gerbang_domain::accounts::Email::parse("petugas@contoh.go.id").expect("email");
    let user = gerbang_store::accounts::user_by_email(&app.db, &email)
        .await
        .expect("read")
        .expect("user");
    gerbang_store::accounts::set_locale(&app.db, user.id, gerbang_domain::i18n::Lang::Id)
        .await
        .expect("locale");
    // Reading in English (the browser's language), the officer signs in to an account
    // whose language is Indonesian: the pages stay in English.
    let v = app.visitor_speaking("en");
    v.get("/login").await.assert_contains("<html lang=\"en\">");
    let res = app.sign_in(&v, "petugas@contoh.go.id").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    v.get("/backoffice")
        .await
        .assert_contains("<html lang=\"en\">");
    // Having chosen Indonesian on the sign-in page, it stays Indonesian.
    let w = app.visitor_speaking("en");
    w.get("/lang/id?next=/login").await;
    app.sign_in(&w, "petugas@contoh.go.id").await;
    w.get("/backoffice")
        .await
        .assert_contains("<html lang=\"id\">");
}
