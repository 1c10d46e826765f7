//! Drafts through the API: answers kept over several calls, files among them, then filed in
//! one call; the draft is the caller's only and the website's too. Runs on SQLite, and on
//! PostgreSQL with TEST_DATABASE_URL.

mod common;

use common::{TestApp, pdf_bytes};
use gerbang_domain::accounts::AccountKind;
use reqwest::StatusCode;
use serde_json::json;

const DRAFT: &str = "/api/v1/drafts/certificate-of-domicile";

async fn upload(api: &common::Api, name: &str) -> String {
    let res = api.post_file("/api/v1/uploads", name, pdf_bytes()).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.json()["id"].as_str().expect("id").to_owned()
}

#[tokio::test]
async fn a_draft_is_kept_over_several_calls_and_filed_in_one() {
    let app = TestApp::new().await;
    let api = app
        .api_user("siti@example.id", AccountKind::Citizen, &[])
        .await;
    assert_eq!(api.get(DRAFT).await.status, StatusCode::NOT_FOUND);

    // The first half of the answers and one file.
    let letter = upload(&api, "pengantar.pdf").await;
    let res = api
        .put_json(
            DRAFT,
            &json!({"data": {
                "applicant_nik": "3374055202950003",
                "full_name": "Siti Rahmawati",
                "not_a_field": "left out",
                "covering_letter": {"upload": letter},
            }}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let draft = res.json();
    assert_eq!(draft["service"], "certificate-of-domicile");
    assert_eq!(draft["data"]["full_name"], "Siti Rahmawati");
    assert!(draft["data"].get("not_a_field").is_none(), "{draft}");
    assert_eq!(draft["files"][0]["field"], "covering_letter");
    assert_eq!(draft["files"][0]["filename"], "pengantar.pdf");
    let list = api.get("/api/v1/drafts").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(
        list.json()["drafts"][0]["service"],
        "certificate-of-domicile"
    );
    // The upload went into the draft: it cannot be used again.
    let res = api
        .put_json(
            DRAFT,
            &json!({"data": {"identity_card": {"upload": letter}}}),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);

    // Another account sees no draft of this one's.
    let other = app
        .api_user("budi@example.id", AccountKind::Citizen, &[])
        .await;
    assert_eq!(other.get(DRAFT).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        other
            .post_json(&format!("{DRAFT}/submission"), &json!({}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Filing it half done: what is missing, all at once, and the draft stays.
    let res = api
        .post_json(&format!("{DRAFT}/submission"), &json!({}))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(res.header("content-type"), "application/problem+json");
    let fields: Vec<String> = res.json()["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str().map(str::to_owned))
        .collect();
    assert!(fields.contains(&"address".to_owned()), "{fields:?}");
    assert!(fields.contains(&"identity_card".to_owned()), "{fields:?}");
    assert!(
        !fields.contains(&"covering_letter".to_owned()),
        "{fields:?}"
    );
    assert_eq!(api.get(DRAFT).await.status, StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);

    // The rest of the answers (they replace the draft's; its file stays), then filed.
    let ktp = upload(&api, "ktp.pdf").await;
    let kk = upload(&api, "kk.pdf").await;
    let mut data = serde_json::Map::new();
    for (k, v) in common::DOMICILE_ANSWERS {
        data.insert((*k).to_owned(), json!(v));
    }
    data.insert("identity_card".into(), json!({"upload": ktp}));
    data.insert("family_card".into(), json!({"upload": kk}));
    let res = api.put_json(DRAFT, &json!({ "data": data })).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        res.json()["files"].as_array().map(Vec::len),
        Some(3),
        "{}",
        res.text
    );
    let key = [("Idempotency-Key", "draft-domicile-1")];
    let res = api
        .post_json_with(&format!("{DRAFT}/submission"), &json!({}), &key)
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let reference = res.json()["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    assert_eq!(
        res.header("location"),
        format!("/api/v1/applications/{reference}")
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 3);
    assert_eq!(api.get(DRAFT).await.status, StatusCode::NOT_FOUND);
    // A retry with the key answers as the first call did; without it there is no draft.
    let again = api
        .post_json_with(&format!("{DRAFT}/submission"), &json!({}), &key)
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
    assert_eq!(again.json()["reference"], reference.as_str());
    assert_eq!(again.header("idempotent-replayed"), "true");
    let res = api
        .post_json(&format!("{DRAFT}/submission"), &json!({}))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.text);
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 1);
}

#[tokio::test]
async fn drafts_refuse_bad_input_with_problem_documents_and_are_thrown_away() {
    let app = TestApp::new().await;
    let api = app
        .api_user("siti@example.id", AccountKind::Citizen, &[])
        .await;
    let res = api
        .put_json("/api/v1/drafts/no-such-service", &json!({"data": {}}))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.text);
    assert_eq!(res.header("content-type"), "application/problem+json");
    let res = api.put_json(DRAFT, &json!(["not", "an", "object"])).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(res.text.contains("Send a JSON object"), "{}", res.text);
    let res = api
        .put_json(DRAFT, &json!({"data": {"full_name": ["a", "list"]}}))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(res.text.contains("full_name"), "{}", res.text);
    assert_eq!(app.count("SELECT COUNT(*) FROM drafts").await, 0);

    let res = api
        .put_json(DRAFT, &json!({"data": {"full_name": "Siti"}}))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(api.delete(DRAFT).await.status, StatusCode::NO_CONTENT);
    assert_eq!(api.delete(DRAFT).await.status, StatusCode::NOT_FOUND);
    assert_eq!(api.get("/api/v1/drafts").await.json()["drafts"], json!([]));
    // Saving and throwing away are audited.
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('application.draft_save', 'application.draft_discard')"
        )
        .await,
        2
    );
}
