//! The API for businesses that file through their own software: many applications in one
//! request, each with its own answer; and each token's share of the platform, said in
//! `RateLimit` headers and enforced with 429 and `Retry-After`. Runs on SQLite, and on
//! PostgreSQL with TEST_DATABASE_URL.

mod common;

use common::TestApp;
use gerbang_domain::accounts::AccountKind;
use reqwest::StatusCode;

fn header(res: &common::Resp, name: &str) -> String {
    res.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn each_token_has_its_share_per_minute_said_in_headers() {
    let app = TestApp::with_config(|c| c.api_requests_per_minute = 5).await;
    let api = app
        .api_user("sistem@warga.example.id", AccountKind::Citizen, &[])
        .await;
    for left in (0..5).rev() {
        let res = api.get("/api/v1/applications").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        assert_eq!(header(&res, "ratelimit-policy"), "\"token\";q=5;w=60");
        let r = header(&res, "ratelimit");
        assert!(r.starts_with(&format!("\"token\";r={left};t=")), "{r}");
    }
    let over = api.get("/api/v1/applications").await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS, "{}", over.text);
    assert_eq!(header(&over, "content-type"), "application/problem+json");
    assert_eq!(over.json()["type"], "/api/v1/problems/rate-limited");
    let after: i64 = header(&over, "retry-after").parse().expect("Retry-After");
    assert!((1..=60).contains(&after), "{after}");
    assert!(header(&over, "ratelimit").starts_with("\"token\";r=0;"));
    // Another token has its own share; requests without a token carry no such headers.
    let other = app
        .api_user("lain@warga.example.id", AccountKind::Citizen, &[])
        .await;
    assert_eq!(
        other.get("/api/v1/applications").await.status,
        StatusCode::OK
    );
    let public = app.api().get("/api/v1/services").await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(header(&public, "ratelimit"), "");
}

#[tokio::test]
async fn many_applications_in_one_request_each_answered_on_its_own() {
    let app = TestApp::new().await;
    let api = app
        .api_user("sistem@warga.example.id", AccountKind::Citizen, &[])
        .await;
    let mut bad = common::moving_application(2);
    bad["data"]["moving_date"] = "someday".into();
    let mut good = common::moving_application(1);
    good["idempotency_key"] = "erp-1".into();
    let body = serde_json::json!({ "applications": [
        good,
        bad,
        { "service": "no-such-service", "data": {} },
    ]});
    let res = api.post_json("/api/v1/applications/bulk", &body).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let r = res.json();
    assert_eq!(r["created"], 1);
    assert_eq!(r["refused"], 2);
    let results = r["results"].as_array().expect("results");
    assert_eq!(results[0]["status"], 201);
    let reference = results[0]["application"]["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    assert_eq!(
        results[0]["location"],
        format!("/api/v1/applications/{reference}").as_str()
    );
    assert_eq!(results[1]["status"], 422);
    assert_eq!(
        results[1]["problem"]["type"],
        "/api/v1/problems/unprocessable"
    );
    assert_eq!(results[1]["problem"]["errors"][0]["field"], "moving_date");
    assert_eq!(results[2]["problem"]["errors"][0]["field"], "service");
    // The filed one is there, on its own.
    assert_eq!(
        api.get(&format!("/api/v1/applications/{reference}"))
            .await
            .status,
        StatusCode::OK
    );
    // The same request again: the keyed one is not filed twice.
    let again = api
        .post_json("/api/v1/applications/bulk", &body)
        .await
        .json();
    assert_eq!(again["existing"], 1, "{again}");
    assert_eq!(again["results"][0]["status"], 200);
    assert_eq!(
        again["results"][0]["application"]["reference"],
        reference.as_str()
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 1);

    // A malformed item refuses the whole request, naming it, before anything is filed.
    let res = api
        .post_json(
            "/api/v1/applications/bulk",
            &serde_json::json!({ "applications": [
                common::moving_application(7),
                { "data": {} },
                { "service": "moving-certificate", "data": [], "idempotency_key": "" },
            ]}),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    let fields: Vec<String> = res.json()["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        fields,
        [
            "applications.1.service",
            "applications.2.idempotency_key",
            "applications.2.data"
        ]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 1);

    // The list itself must be right: empty, too long, or not objects.
    let many: Vec<serde_json::Value> = (0..101).map(common::moving_application).collect();
    for body in [
        serde_json::json!({ "applications": [] }),
        serde_json::json!({ "applications": many }),
        serde_json::json!({ "applications": [1, 2] }),
        serde_json::json!({}),
    ] {
        let res = api.post_json("/api/v1/applications/bulk", &body).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
        assert_eq!(res.json()["errors"][0]["field"], "applications");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 1);
}
