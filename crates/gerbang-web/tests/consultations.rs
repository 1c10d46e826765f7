//! Public consultations: publishing a draft (refused whole with every reason), comments
//! moderated before anyone else reads them (a refusal says why, to the author only), and
//! the response report after the close. Runs on SQLite, and on PostgreSQL with
//! TEST_DATABASE_URL.

mod common;

use std::sync::Arc;

use common::{Actor, TestApp, pdf_bytes};
use gerbang_app::clock::ManualClock;
use gerbang_domain::accounts::{AccountKind, StaffRole};
use reqwest::StatusCode;
use time::Duration;
use time::macros::datetime;

const ADMIN: &str = "admin@disdukcapil.contoh.go.id";

const TEXT_ID: &str = "Pasal 1 · Ruang lingkup\nPeraturan ini berlaku untuk semua pasar kota.\n---\nPasal 2 · Jam buka\nPasar buka pukul 06.00 sampai 18.00.";
const TEXT_EN: &str = "Article 1 · Scope\nThis regulation applies to every city market.\n---\nArticle 2 · Opening hours\nMarkets open from 06:00 to 18:00.";

async fn admin(app: &TestApp) -> Actor {
    app.signed_in(
        ADMIN,
        AccountKind::Staff,
        &[(StaffRole::AgencyAdmin, Some("civil-registry"))],
    )
    .await
}

#[tokio::test]
async fn a_draft_is_published_commented_moderated_and_answered_in_a_report() {
    let clock = Arc::new(ManualClock::at(datetime!(2026-12-07 03:00 UTC)));
    let app = TestApp::with_clock(clock.clone()).await;
    let admin = admin(&app).await;

    // Every problem at once, in the admin's language; nothing stored.
    let bad = admin
        .post_multipart(
            "/backoffice/consultations/new",
            &[
                ("agency", "civil-registry"),
                ("kind", "law"),
                ("title_id", "Rancangan Perwali Pasar"),
                ("text_id", TEXT_ID),
                ("text_en", "Article 1\nOnly one section."),
                ("opens_on", "2026-12-01"),
                ("closes_on", "soon"),
            ],
            &[("pdf", "draft.pdf", b"not a pdf".to_vec())],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    for message in [
        "Choose the kind of draft",
        "Enter a summary",
        "same number of sections",
        "cannot be in the past",
        "Enter the closing date as year, month and day",
        "not a PDF",
    ] {
        bad.assert_contains(message);
    }
    bad.assert_contains("Rancangan Perwali Pasar");
    assert_eq!(app.count("SELECT COUNT(*) FROM consultations").await, 0);

    // Officers do not publish consultations.
    let officer = app
        .signed_in(
            "petugas@disdukcapil.contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    assert_eq!(
        officer.get("/backoffice/consultations").await.status,
        StatusCode::FORBIDDEN
    );

    let res = admin
        .post_multipart(
            "/backoffice/consultations/new",
            &[
                ("agency", "civil-registry"),
                ("kind", "regulation"),
                ("title_id", "Rancangan Perwali Pasar"),
                ("summary_id", "Aturan baru tentang jam buka pasar."),
                ("text_id", TEXT_ID),
                ("title_en", "Draft mayoral regulation on markets"),
                ("summary_en", "New rules on market opening hours."),
                ("text_en", TEXT_EN),
                ("opens_on", "2026-12-07"),
                ("closes_on", "2026-12-20"),
            ],
            &[("pdf", "rancangan.pdf", pdf_bytes())],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let slug = "draft-mayoral-regulation-on-markets";
    assert_eq!(res.location(), format!("/backoffice/consultations/{slug}"));
    let page = format!("/consultations/{slug}");

    let visitor = app.visitor();
    visitor
        .get("/consultations")
        .await
        .assert_contains("Draft mayoral regulation on markets")
        .assert_contains("Open for comments");
    visitor
        .get(&page)
        .await
        .assert_contains("1. Article 1 · Scope")
        .assert_contains("2. Article 2 · Opening hours")
        .assert_contains("Sign in to comment")
        .assert_contains("rancangan.pdf");
    app.visitor_speaking("id")
        .get(&page)
        .await
        .assert_contains("Pasal 2 · Jam buka");
    let pdf = visitor.get(&format!("{page}/draft.pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers["content-type"], "application/pdf");

    // Staff accounts do not comment; a visitor must sign in.
    let comment = format!("{page}/comments");
    let by_staff = officer
        .post_form(
            &comment,
            &[("position", "support"), ("body", "Looks fine to me.")],
        )
        .await;
    assert_eq!(by_staff.status, StatusCode::FORBIDDEN);

    let siti = app.citizen("siti@example.id").await;
    let budi = app.citizen("budi@example.id").await;
    let wrong = siti
        .post_form(
            &comment,
            &[("section", "9"), ("position", "maybe"), ("body", "short")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong
        .assert_contains("Choose a section of this draft")
        .assert_contains("Choose whether you support or oppose it")
        .assert_contains("Write at least 10 characters");
    for (who, section, position, body) in [
        (
            &siti,
            "2",
            "oppose",
            "Markets should open at 05:00 for fresh produce.",
        ),
        (
            &budi,
            "2",
            "support",
            "The hours are right for shoppers who work.",
        ),
        (
            &budi,
            "",
            "neutral",
            "Buy my products at example.com, best prices!",
        ),
    ] {
        let r = who
            .post_form(
                &comment,
                &[("section", section), ("position", position), ("body", body)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    }
    // Nothing is public before moderation; the author sees their own as waiting.
    assert!(!visitor.get(&page).await.text.contains("fresh produce"));
    siti.get(&page)
        .await
        .assert_contains("Waiting for moderation")
        .assert_contains("fresh produce");

    // The queue: publish two, refuse the advertisement (a reason is required).
    let queue = admin
        .get(&format!("/backoffice/consultations/{slug}"))
        .await;
    queue.assert_contains("3 comments waiting for moderation");
    let ids: Vec<i64> = {
        let rows = app
            .count("SELECT COUNT(*) FROM consultation_comments WHERE state = 'pending'")
            .await;
        assert_eq!(rows, 3);
        let first = app.count("SELECT MIN(id) FROM consultation_comments").await;
        vec![first, first + 1, first + 2]
    };
    let moderate = format!("/backoffice/consultations/{slug}/moderate");
    for id in &ids[..2] {
        let r = admin
            .post_form(
                &moderate,
                &[("comment", &id.to_string()), ("decision", "publish")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    }
    let spam = ids[2].to_string();
    let no_reason = admin
        .post_form(
            &moderate,
            &[("comment", &spam), ("decision", "refuse"), ("reason", "")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    no_reason.assert_contains("Choose why the comment is not published");
    let r = admin
        .post_form(
            &moderate,
            &[
                ("comment", &spam),
                ("decision", "refuse"),
                ("reason", "spam"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let again = admin
        .post_form(&moderate, &[("comment", &spam), ("decision", "publish")])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "moderated once");

    let public = visitor.get(&page).await;
    public
        .assert_contains("fresh produce")
        .assert_contains("shoppers who work")
        .assert_contains("2 published comments on this section");
    assert!(!public.text.contains("example.com"), "refused stays hidden");
    assert!(!public.text.contains("siti@example.id"), "no author names");
    budi.get(&page)
        .await
        .assert_contains("Not published: it is advertising or spam");
    let mails = app.emails().await;
    assert!(
        mails
            .iter()
            .any(|(to, subject, _)| to == "budi@example.id" && subject.contains("not published"))
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'consultation.%'")
            .await,
        7,
        "publish, three comments, three moderations"
    );

    // The report waits for the close.
    let theme = format!("/backoffice/consultations/{slug}/themes");
    let early = admin
        .post_form(
            &theme,
            &[
                ("theme_title", "Opening hours"),
                ("theme_response", "We keep 06:00."),
            ],
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);

    clock.advance(Duration::days(14));
    // A moved clock ends staff sessions: sign in again.
    app.sign_in(&admin, ADMIN).await;
    app.sign_in(&siti, "siti@example.id").await;
    let late = siti
        .post_form(
            &comment,
            &[
                ("position", "support"),
                ("body", "One more thought after all."),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "closed");
    let empty = admin
        .post_form(&theme, &[("theme_title", ""), ("theme_response", "")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = admin
        .post_form(
            &theme,
            &[
                ("theme_title", "Opening hours"),
                (
                    "theme_response",
                    "Markets now open at 05:30 for fresh produce deliveries.",
                ),
                ("changed", "on"),
                ("comment", &ids[0].to_string()),
                ("comment", &ids[1].to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let report = format!("/backoffice/consultations/{slug}/report");
    let r = admin
        .post_form(
            &report,
            &[
                ("report_en", "Thank you for 2 comments."),
                ("report_id", "Terima kasih atas 2 tanggapan."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(
        admin
            .post_form(&report, &[("report_en", "Again.")])
            .await
            .status,
        StatusCode::CONFLICT
    );
    visitor
        .get(&page)
        .await
        .assert_contains("Response report")
        .assert_contains("Thank you for 2 comments.")
        .assert_contains("Markets now open at 05:30")
        .assert_contains("Changed")
        .assert_contains("The 2 comments it answers");
    app.visitor_speaking("id")
        .get(&page)
        .await
        .assert_contains("Terima kasih atas 2 tanggapan.")
        .assert_contains("Ditutup");
}
