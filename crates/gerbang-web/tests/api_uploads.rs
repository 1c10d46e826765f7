//! The upload-then-reference flow: a business's system sends each file once, then files
//! the application with `{"upload": id}` for its file fields. Uploads are their owner's
//! only and used once. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.

mod common;

use common::{TestApp, pdf_bytes};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use reqwest::StatusCode;

async fn upload(api: &common::Api, name: &str) -> String {
    let res = api.post_file("/api/v1/uploads", name, pdf_bytes()).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let body = res.json();
    assert_eq!(body["kind"], "pdf");
    body["id"].as_str().expect("id").to_owned()
}

fn domicile(files: &[(&str, &str)]) -> serde_json::Value {
    let mut data = serde_json::Map::new();
    for (k, v) in common::DOMICILE_ANSWERS {
        data.insert((*k).to_owned(), serde_json::Value::String((*v).to_owned()));
    }
    for (field, id) in files {
        data.insert((*field).to_owned(), serde_json::json!({ "upload": id }));
    }
    serde_json::json!({ "service": "certificate-of-domicile", "data": data })
}

#[tokio::test]
async fn files_are_uploaded_first_then_referred_to_once_by_their_owner() {
    let app = TestApp::new().await;
    let api = app
        .api_user("siti@example.id", AccountKind::Citizen, &[])
        .await;
    let letter = upload(&api, "pengantar.pdf").await;
    let ktp = upload(&api, "ktp.pdf").await;
    let kk = upload(&api, "kk.pdf").await;

    // Another account cannot use them: the field says so, nothing is filed.
    let other = app
        .api_user("budi@example.id", AccountKind::Citizen, &[])
        .await;
    let res = other
        .post_json(
            "/api/v1/applications",
            &domicile(&[
                ("covering_letter", &letter),
                ("identity_card", &ktp),
                ("family_card", &kk),
            ]),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(res.text.contains("covering_letter"), "{}", res.text);
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);

    let res = api
        .post_json(
            "/api/v1/applications",
            &domicile(&[
                ("covering_letter", &letter),
                ("identity_card", &ktp),
                ("family_card", &kk),
            ]),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let reference = res.json()["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 3);
    let detail = api.get(&format!("/api/v1/applications/{reference}")).await;
    assert!(detail.text.contains("pengantar.pdf"), "{}", detail.text);
    // Used once: the same ids again are refused.
    let res = api
        .post_json(
            "/api/v1/applications",
            &domicile(&[
                ("covering_letter", &letter),
                ("identity_card", &ktp),
                ("family_card", &kk),
            ]),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(app.count("SELECT COUNT(*) FROM api_uploads").await, 0);

    // Not a file part, or an empty one: refused before anything is stored.
    let res = api
        .post_json("/api/v1/uploads", &serde_json::json!({}))
        .await;
    assert!(res.status.is_client_error(), "{}", res.text);
    let res = api
        .post_file("/api/v1/uploads", "empty.pdf", Vec::new())
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    // Staff file for others at the counter, not through uploads of their own.
    let staff = app
        .api_user(
            "officer@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("sukamaju-subdistrict"))],
        )
        .await;
    let res = staff
        .post_file("/api/v1/uploads", "x.pdf", pdf_bytes())
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
}

#[tokio::test]
async fn a_correction_is_sent_back_through_the_api_with_a_new_file() {
    let app = TestApp::new().await;
    let api = app
        .api_user("siti@example.id", AccountKind::Citizen, &[])
        .await;
    let files = [
        ("covering_letter", upload(&api, "pengantar.pdf").await),
        ("identity_card", upload(&api, "ktp.pdf").await),
        ("family_card", upload(&api, "kk.pdf").await),
    ];
    let refs: Vec<(&str, &str)> = files.iter().map(|(f, id)| (*f, id.as_str())).collect();
    let res = api
        .post_json("/api/v1/applications", &domicile(&refs))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let reference = res.json()["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    let path = format!("/api/v1/applications/{reference}/resubmission");
    // Not waiting for a correction yet.
    let res = api.post_json(&path, &domicile(&[])).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text);
    let officer = app
        .signed_in(
            "camat@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("sukamaju-subdistrict"))],
        )
        .await;
    for (action, comment) in [
        ("accept", ""),
        ("request_correction", "The covering letter is not signed."),
    ] {
        let r = officer
            .post_form(
                &format!("/backoffice/cases/{reference}/act"),
                &[("action", action), ("comment", comment)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{action}: {}", r.text);
    }
    // Someone else's: not found.
    let other = app
        .api_user("budi@example.id", AccountKind::Citizen, &[])
        .await;
    assert_eq!(
        other.post_json(&path, &domicile(&[])).await.status,
        StatusCode::NOT_FOUND
    );
    // A signed letter replaces the old one; the other files stay as they were.
    let letter = upload(&api, "pengantar-ttd.pdf").await;
    let res = api
        .post_json(&path, &domicile(&[("covering_letter", &letter)]))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["status"], "submitted");
    let detail = api.get(&format!("/api/v1/applications/{reference}")).await;
    assert!(detail.text.contains("pengantar-ttd.pdf"), "{}", detail.text);
}
