//! Every page looks official and leads where its reader may go: the banner, the footer's
//! help, accessibility and privacy pages (the platform administrator rewrites them, in
//! each language, audited), the header's links by role and the counter's entry point.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use gerbang_domain::accounts::{AccountKind, StaffRole};

/// A signed-in staff member holding one role.
async fn staff(app: &TestApp, email: &str, role: StaffRole, agency: Option<&str>) -> common::Actor {
    app.signed_in(email, AccountKind::Staff, &[(role, agency)])
        .await
}

#[tokio::test]
async fn every_page_has_the_official_banner_a_description_and_the_footer_pages() {
    let app = TestApp::new().await;
    let visitor = app.visitor();
    let home = visitor.get("/").await;
    home.assert_contains("An official website of the government of Kota Contoh")
        .assert_contains(
            "<meta name=\"description\" content=\"Public services of Kota Contoh online",
        )
        .assert_contains("href=\"/help\"")
        .assert_contains("href=\"/accessibility\"")
        .assert_contains("href=\"/privacy\"")
        .assert_contains("class=\"gerbang-menu\"");
    // The language link comes before the site's name and menu (first in the tab order).
    let lang_at = home.text.find("href=\"/lang/id").expect("language link");
    let brand_at = home.text.find("class=\"gerbang-brand\"").expect("brand");
    assert!(lang_at < brand_at, "the language link comes first");

    for (path, heading) in [
        ("/help", "Help and contact"),
        ("/accessibility", "Accessibility statement"),
        ("/privacy", "Privacy notice"),
    ] {
        let res = visitor.get(path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        res.assert_contains(&format!("<h1>{heading}</h1>"))
            .assert_contains("aria-current=\"page\"");
    }
    let id = app.visitor_speaking("id");
    id.get("/privacy")
        .await
        .assert_contains("<h1>Pemberitahuan privasi</h1>")
        .assert_contains("Situs web resmi Pemerintah Kota Contoh");
}

#[tokio::test]
async fn the_platform_admin_rewrites_a_page_in_one_language_and_it_is_audited() {
    let app = TestApp::new().await;
    let root = staff(&app, "root@example.id", StaffRole::PlatformAdmin, None).await;
    let form = root.get("/admin/pages/help?lang=id").await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("Bantuan dan kontak");

    // Empty fields: errors, nothing saved.
    let res = root
        .post_form(
            "/admin/pages/help",
            &[("lang", "id"), ("title", " "), ("body", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Enter the page title")
        .assert_contains("Enter the page text");
    assert_eq!(app.count("SELECT COUNT(*) FROM site_pages").await, 0);

    let res = root
        .post_form(
            "/admin/pages/help",
            &[
                ("lang", "id"),
                ("title", "Bantuan"),
                (
                    "body",
                    "## Loket\n\nBuka pukul 08.00.\n\n<script>alert(1)</script>",
                ),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let id = app.visitor_speaking("id");
    let page = id.get("/help").await;
    page.assert_contains("<h1>Bantuan</h1>")
        .assert_contains("<h2>Loket</h2>")
        .assert_contains("&lt;script&gt;");
    assert!(
        !page.text.contains("<script>alert"),
        "raw HTML passed through"
    );
    // The English page is untouched.
    app.visitor()
        .get("/help")
        .await
        .assert_contains("<h1>Help and contact</h1>");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'site.page_save' AND subject = 'page:help'")
            .await,
        1
    );
}

#[tokio::test]
async fn only_the_platform_admin_edits_pages_and_unknown_pages_do_not_exist() {
    let app = TestApp::new().await;
    let admin = staff(
        &app,
        "kepala@example.id",
        StaffRole::AgencyAdmin,
        Some("civil-registry"),
    )
    .await;
    assert_eq!(
        admin.get("/admin/pages/help").await.status,
        StatusCode::FORBIDDEN
    );
    let res = admin
        .post_form(
            "/admin/pages/help",
            &[("lang", "en"), ("title", "X"), ("body", "Y")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM site_pages").await, 0);
    assert_eq!(
        app.visitor().get("/terms").await.status,
        StatusCode::NOT_FOUND
    );
    let root = staff(&app, "root@example.id", StaffRole::PlatformAdmin, None).await;
    assert_eq!(
        root.get("/admin/pages/terms").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn staff_see_only_the_links_they_may_follow() {
    let app = TestApp::new().await;
    let officer = staff(
        &app,
        "petugas@example.id",
        StaffRole::Officer,
        Some("civil-registry"),
    )
    .await;
    let home = officer.get("/").await;
    home.assert_contains("href=\"/backoffice\"")
        .assert_contains("href=\"/backoffice/counter\"");
    for hidden in [
        "href=\"/admin/staff\"",
        "href=\"/backoffice/payments\"",
        "href=\"/admin/pages/help\"",
    ] {
        assert!(!home.text.contains(hidden), "an officer sees {hidden}");
    }
    let cashier = staff(
        &app,
        "kasir@example.id",
        StaffRole::Cashier,
        Some("civil-registry"),
    )
    .await;
    let home = cashier.get("/").await;
    home.assert_contains("href=\"/backoffice/payments\"");
    for hidden in ["href=\"/admin/staff\"", "href=\"/backoffice/counter\""] {
        assert!(!home.text.contains(hidden), "a cashier sees {hidden}");
    }
    let admin = staff(
        &app,
        "kepala@example.id",
        StaffRole::AgencyAdmin,
        Some("civil-registry"),
    )
    .await;
    let home = admin.get("/").await;
    home.assert_contains("href=\"/admin/staff\"");
    assert!(
        !home.text.contains("href=\"/backoffice\""),
        "an administrator has no inbox"
    );
}

#[tokio::test]
async fn the_counter_lists_the_officers_services_and_refuses_another_agency_before_typing() {
    let app = TestApp::new().await;
    let officer = staff(
        &app,
        "petugas@example.id",
        StaffRole::Officer,
        Some("civil-registry"),
    )
    .await;
    let counter = officer.get("/backoffice/counter").await;
    assert_eq!(counter.status, StatusCode::OK);
    counter
        .assert_contains("href=\"/services/birth-certificate/apply\"")
        .assert_contains("aria-current=\"page\"");
    assert!(
        !counter.text.contains("micro-business-licence"),
        "another agency's service"
    );

    let form = officer.get("/services/micro-business-licence/apply").await;
    assert_eq!(form.status, StatusCode::FORBIDDEN);
    form.assert_contains("only for the agencies where you are an officer");
    assert!(
        !form.text.contains("applicant_email"),
        "the form is not shown"
    );
    let own = officer.get("/services/birth-certificate/apply").await;
    assert_eq!(own.status, StatusCode::OK);
    own.assert_contains("applicant_email");

    let cashier = staff(
        &app,
        "kasir@example.id",
        StaffRole::Cashier,
        Some("civil-registry"),
    )
    .await;
    assert_eq!(
        cashier.get("/backoffice/counter").await.status,
        StatusCode::FORBIDDEN
    );
}
