//! The catalogue held in memory: entity tags, and imports seen on this node at once and on
//! other nodes within a second. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.

mod common;

use std::time::{Duration, Instant};

use common::{TestApp, demo_catalog_files};
use reqwest::StatusCode;

#[tokio::test]
async fn the_catalogue_carries_an_entity_tag_that_an_import_changes() {
    let app = TestApp::new().await;
    let api = app.api();

    let list = api.get("/api/v1/services").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let tag = list.header("etag");
    assert!(tag.starts_with('"') && tag.ends_with('"'), "{tag}");
    assert_eq!(list.header("cache-control"), "public, no-cache");
    let unchanged = api
        .get_with("/api/v1/services", &[("if-none-match", tag)])
        .await;
    assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED);
    assert!(unchanged.text.is_empty());
    assert_eq!(unchanged.header("etag"), tag);

    let detail = api.get("/api/v1/services/moving-certificate").await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(
        detail.json()["name"]["en"]
            .as_str()
            .is_some_and(|n| n.starts_with("Moving certificate"))
    );
    assert_eq!(
        api.get_with(
            "/api/v1/services/moving-certificate",
            &[("if-none-match", &format!("W/{tag}, \"other\""))],
        )
        .await
        .status,
        StatusCode::NOT_MODIFIED
    );
    // A search is answered from the same catalogue.
    let found = api.get("/api/v1/services?q=pindah").await;
    let items = found.json()["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        items.iter().any(|i| i["slug"] == "moving-certificate"),
        "{}",
        found.text
    );

    // A new version, imported on this node, is served by the very next request.
    let mut files = demo_catalog_files();
    for (_, f) in &mut files {
        for s in &mut f.services {
            if s.slug == "moving-certificate" {
                s.version += 1;
                s.name.en = "Certificate of moving".to_owned();
            }
        }
    }
    gerbang_web::catalog::service::import(&app.db, &files, "test")
        .await
        .expect("import");
    let after = api
        .get_with(
            "/api/v1/services/moving-certificate",
            &[("if-none-match", tag)],
        )
        .await;
    assert_eq!(after.status, StatusCode::OK);
    assert_ne!(after.header("etag"), tag);
    assert_eq!(after.json()["name"]["en"], "Certificate of moving");
    let page = app.visitor().get("/services/moving-certificate").await;
    assert!(page.text.contains("Certificate of moving"), "{}", page.text);
}

#[tokio::test]
async fn another_nodes_import_is_served_within_a_second() {
    let app = TestApp::new().await;
    let api = app.api();
    let before = api.get("/api/v1/services/moving-certificate").await;
    assert_eq!(before.status, StatusCode::OK);

    // What another node's import leaves in the shared database: changed rows and a raised
    // version, with nothing said to this process.
    app.execute(
        "UPDATE services SET name_en = 'Moved elsewhere' WHERE slug = 'moving-certificate'",
    )
    .await;
    app.execute("UPDATE catalog_state SET version = version + 1")
        .await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let list = api.get("/api/v1/services").await;
        if list.text.contains("Moved elsewhere") {
            assert_ne!(list.header("etag"), before.header("etag"));
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the other node's import was never served"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A service page shows all fourteen components of its service standard (Permen PANRB
/// 15/2014), in both languages.
#[tokio::test]
async fn a_service_page_shows_its_whole_service_standard() {
    let app = TestApp::new().await;
    let page = app.visitor().get("/services/birth-certificate").await;
    for heading in [
        "What you need",
        "How it works",
        "Legal basis",
        "Complaints, suggestions and input",
        "Facilities",
        "Staff competence",
        "Internal supervision",
        "Number of staff",
        "Service guarantee",
        "Security and safety guarantee",
        "Evaluation of staff performance",
    ] {
        page.assert_contains(heading);
    }
    page.assert_contains("8 officers deliver this service");
    let id = app
        .visitor_speaking("id")
        .get("/services/birth-certificate")
        .await;
    for heading in [
        "Kompetensi pelaksana",
        "Jumlah pelaksana",
        "Jaminan keamanan dan keselamatan pelayanan",
        "Evaluasi kinerja pelaksana",
        "8 pelaksana menangani layanan ini",
    ] {
        id.assert_contains(heading);
    }
}
