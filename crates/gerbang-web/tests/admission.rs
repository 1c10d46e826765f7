//! Admission control end to end: past its limit a node answers 503 with Retry-After (a
//! problem document for the API, a self-refreshing waiting room for browsers), keeps a
//! reserve for submissions of started applications, never holds probes, and counts every
//! refusal at /metrics. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.

mod common;

use common::TestApp;
use gerbang_domain::accounts::AccountKind;
use reqwest::StatusCode;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// Takes one place of the node and keeps it: a form post whose body never arrives.
async fn hold_a_place(app: &TestApp) -> TcpStream {
    let addr = app.base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).await.expect("connect");
    s.write_all(
        format!(
            "POST /login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 64\r\n\r\nemail="
        )
        .as_bytes(),
    )
    .await
    .expect("write");
    s.flush().await.expect("flush");
    s
}

/// Waits until the node reports `n` requests in flight.
async fn until_in_flight(app: &TestApp, n: u32) {
    let wanted = format!("gerbang_admission_in_flight {n}");
    for _ in 0..200 {
        if app.visitor().get("/metrics").await.text.contains(&wanted) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("never saw {wanted}");
}

#[tokio::test]
async fn a_full_node_refuses_with_retry_after_and_a_waiting_room() {
    let app = TestApp::with_config(|c| c.max_in_flight = Some(1)).await;
    let held = hold_a_place(&app).await;
    until_in_flight(&app, 1).await;

    // Probes are never held.
    assert_eq!(app.visitor().get("/healthz").await.status, StatusCode::OK);

    let (client, visitor, pengunjung) = (app.api(), app.visitor(), app.visitor_speaking("id"));
    let (api, page, halaman) = tokio::join!(
        client.get("/api/v1/services"),
        visitor.get("/services?q=akta"),
        pengunjung.get("/agencies"),
    );
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE, "{}", api.text);
    assert_eq!(api.header("content-type"), "application/problem+json");
    assert_eq!(api.json()["type"], "/api/v1/problems/unavailable");
    assert_eq!(api.header("retry-after"), "5");

    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(page.header("retry-after"), "5");
    assert!(page.header("content-type").starts_with("text/html"));
    assert!(
        page.text
            .contains(r#"<meta http-equiv="refresh" content="5">"#),
        "{}",
        page.text
    );
    assert!(page.text.contains("Many people are using this service"));
    // The installation is named, as on every page.
    assert!(page.text.contains("Kota Contoh"), "{}", page.text);
    assert!(page.text.contains(r#"href="/services?q=akta""#));
    assert!(
        halaman
            .text
            .contains("Banyak orang sedang menggunakan layanan ini")
    );

    let metrics = app.visitor().get("/metrics").await.text;
    assert!(
        metrics.contains(r#"gerbang_admission_refusals_total{class="visit"} 3"#),
        "{metrics}"
    );
    assert!(metrics.contains("gerbang_db_pool_max_connections"));
    assert!(metrics.contains("gerbang_jobs_queued"));
    assert!(metrics.contains("gerbang_http_request_duration_seconds_bucket"));

    // The place freed, the node serves again.
    drop(held);
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..100 {
        status = app.visitor().get("/services").await.status;
        if status == StatusCode::OK {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_started_application_goes_ahead_of_new_visitors() {
    // Four places, one of them kept for submissions.
    let app = TestApp::with_config(|c| c.max_in_flight = Some(4)).await;
    let api = app
        .api_user("warga@example.id", AccountKind::Citizen, &[])
        .await;
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(hold_a_place(&app).await);
    }
    until_in_flight(&app, 3).await;

    let visit = app.visitor().get("/services").await;
    assert_eq!(visit.status, StatusCode::SERVICE_UNAVAILABLE);
    let submitted = api
        .post_json("/api/v1/applications", &common::moving_application(1))
        .await;
    assert_eq!(submitted.status, StatusCode::CREATED, "{}", submitted.text);
    drop(held);
}

#[tokio::test]
async fn metrics_are_for_the_operator_only() {
    let app = TestApp::with_config(|c| c.metrics_allow = Vec::new()).await;
    assert_eq!(
        app.visitor().get("/metrics").await.status,
        StatusCode::NOT_FOUND
    );
}
