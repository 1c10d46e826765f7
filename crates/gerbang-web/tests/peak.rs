//! Peak day: more concurrent writers than pooled connections must queue for a connection,
//! never deadlock. Each request uses at most one connection at a time (a request holding a
//! transaction reads through it), so with a pool of 4 and 64 concurrent submitters every
//! submission is filed (a planned refusal, 503 with Retry-After, is retried with the same
//! idempotency key).

mod common;

use common::TestApp;
use gerbang_domain::accounts::AccountKind;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_submitters_share_a_pool_of_four() {
    let app = TestApp::with_pool(4).await;
    let api = app
        .api_user("warga@example.id", AccountKind::Citizen, &[])
        .await;
    let mut tasks = Vec::new();
    for i in 0..64 {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            let body = common::moving_application(i);
            let key = format!("peak-{i}");
            // A planned refusal (503 with Retry-After) is retried as a polite client would,
            // with the same key: the application is still filed exactly once.
            loop {
                let res = api
                    .post_json_with(
                        "/api/v1/applications",
                        &body,
                        &[("idempotency-key", key.as_str())],
                    )
                    .await;
                let wait: Option<u64> = res.header("retry-after").parse().ok();
                match (res.status, wait) {
                    (StatusCode::SERVICE_UNAVAILABLE, Some(s)) => {
                        tokio::time::sleep(std::time::Duration::from_secs(s)).await;
                    }
                    _ => break res,
                }
            }
        }));
    }
    let mut created = 0;
    for t in tasks {
        let res = t.await.expect("task");
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
        created += 1;
    }
    assert_eq!(created, 64);
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 64);
    // Each remembered answer committed with its application.
    assert_eq!(app.count("SELECT COUNT(*) FROM idempotency_keys").await, 64);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.submit'")
            .await,
        64
    );
}
