//! JSON API v1 end to end: tokens, catalogue, submission, idempotency, reading, staff
//! actions and the OpenAPI document. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.

mod common;

use common::{Api, PASSWORD, TestApp, extract_csrf};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A complete, valid moving-certificate application: a service whose form has no file field.
fn moving() -> Value {
    json!({
        "service": "moving-certificate",
        "data": {
            "applicant_nik": "3374055202950003",
            "family_card_number": "3374051234560001",
            "destination_address": "Jl. Merdeka 1, RT 01/RW 02, Kota Bandung",
            "reason": "work",
            "members_moving": 2,
            "moving_date": "2026-12-01",
            "phone": "0812 3456 7890"
        }
    })
}

fn assert_problem(res: &common::Resp, status: StatusCode, kind: &str) -> Value {
    assert_eq!(res.status, status, "{}", res.text);
    assert_eq!(res.header("content-type"), "application/problem+json");
    let body = res.json();
    assert_eq!(body["type"], format!("/api/v1/problems/{kind}"), "{body}");
    assert_eq!(body["status"], status.as_u16());
    assert!(
        body["title"].is_string() && body["detail"].is_string(),
        "{body}"
    );
    body
}

async fn submit(api: &Api, body: &Value) -> common::Resp {
    api.post_json("/api/v1/applications", body).await
}

#[tokio::test]
async fn credentials_give_a_token_and_wrong_ones_do_not_say_which_part_was_wrong() {
    let app = TestApp::with_config(|c| c.login_failures_per_account = 3).await;
    let _ = app
        .api_user("siti@example.id", AccountKind::Citizen, &[])
        .await;
    let api = app.api();

    let res = api
        .post_json(
            "/api/v1/auth/token",
            &json!({"email": "Siti@Example.id", "password": PASSWORD, "name": "Desa app"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.header("cache-control"), "no-store");
    let body = res.json();
    let token = body["token"].as_str().expect("token").to_owned();
    assert!(
        token.starts_with("gbg_") && token.len() == 4 + 43,
        "{token}"
    );
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["name"], "Desa app");
    assert_eq!(
        api.with_token(&token)
            .get("/api/v1/applications")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.api_token_create'")
            .await,
        2
    );

    let wrong_password = api
        .post_json(
            "/api/v1/auth/token",
            &json!({"email": "siti@example.id", "password": "not the password"}),
        )
        .await;
    let a = assert_problem(
        &wrong_password,
        StatusCode::UNAUTHORIZED,
        "invalid-credentials",
    );
    let unknown_email = api
        .post_json(
            "/api/v1/auth/token",
            &json!({"email": "nobody@example.id", "password": "not the password"}),
        )
        .await;
    let b = assert_problem(
        &unknown_email,
        StatusCode::UNAUTHORIZED,
        "invalid-credentials",
    );
    assert_eq!(a["detail"], b["detail"], "the same answer either way");
    assert_eq!(a["detail"], "The email address or password is not right");
    assert!(a.get("errors").is_none(), "no field is singled out: {a}");

    // Two more failures reach the limit of 3 for this account: even the right password waits.
    for _ in 0..2 {
        api.post_json(
            "/api/v1/auth/token",
            &json!({"email": "siti@example.id", "password": "still wrong"}),
        )
        .await;
    }
    let throttled = api
        .post_json(
            "/api/v1/auth/token",
            &json!({"email": "siti@example.id", "password": PASSWORD}),
        )
        .await;
    assert_problem(
        &throttled,
        StatusCode::TOO_MANY_REQUESTS,
        "too-many-requests",
    );
    assert_eq!(throttled.header("retry-after"), "900");
}

#[tokio::test]
async fn the_account_page_creates_a_token_once_and_revokes_it() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    citizen
        .get("/account")
        .await
        .assert_contains("href=\"/account/tokens\"");
    citizen
        .get("/account/tokens")
        .await
        .assert_contains("You have no API tokens.");

    let nameless = citizen
        .post_form(
            "/account/tokens",
            &[("name", " "), ("scope", "applications:read")],
        )
        .await;
    assert_eq!(nameless.status, StatusCode::UNPROCESSABLE_ENTITY);
    nameless
        .assert_contains("There is a problem")
        .assert_contains("href=\"#name\"")
        .assert_contains("Give the token a name");

    let created = citizen
        .post_form(
            "/account/tokens",
            &[
                ("name", "Laptop script"),
                ("scope", "applications:read"),
                ("scope", "applications:submit"),
                ("days", "30"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    assert_eq!(created.header("cache-control"), "no-store");
    created.assert_contains("it will not be shown again");
    let at = created.text.find("value=\"gbg_").expect("token shown") + "value=\"".len();
    let token = created.text[at..at + 47].to_owned();
    let api = app.api().with_token(&token);
    assert_eq!(api.get("/api/v1/applications").await.status, StatusCode::OK);

    let listed = citizen.get("/account/tokens").await;
    listed.assert_contains("Laptop script");
    assert!(
        !listed.text.contains(&token),
        "the token is shown only once"
    );
    assert!(!listed.text.contains("Never"), "its use is recorded");

    let form = listed
        .text
        .split("action=\"/account/tokens/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a revoke form")
        .to_owned();
    let csrf = extract_csrf(&listed.text).expect("csrf");
    let revoked = citizen
        .post_form_raw(&format!("/account/tokens/{form}"), &[("csrf_token", &csrf)])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    citizen
        .get(revoked.location())
        .await
        .assert_contains("The token has been revoked");
    assert_problem(
        &api.get("/api/v1/applications").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    // Another account cannot revoke it (nor learn that it exists).
    let other = app.citizen("orang@example.id").await;
    assert_eq!(
        other
            .post_form(&format!("/account/tokens/{form}"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.api_token_revoke'")
            .await,
        1
    );
}

#[tokio::test]
async fn requests_without_a_valid_token_get_401_with_a_bearer_challenge() {
    let app = TestApp::new().await;
    let api = app.api();
    let none = api.get("/api/v1/applications").await;
    assert_problem(&none, StatusCode::UNAUTHORIZED, "unauthorized");
    assert!(none.header("www-authenticate").starts_with("Bearer"));

    for bad in [
        "gbg_short".to_owned(),
        format!("gbg_{}", "A".repeat(43)),
        "x".repeat(300),
    ] {
        let res = api.with_token(&bad).get("/api/v1/applications").await;
        assert_problem(&res, StatusCode::UNAUTHORIZED, "unauthorized");
        assert!(
            res.header("www-authenticate").contains("invalid_token"),
            "{:?}",
            res.headers
        );
    }
    let basic = api
        .client
        .get(format!("{}/api/v1/applications", app.base))
        .basic_auth("siti@example.id", Some(PASSWORD))
        .send()
        .await
        .expect("GET");
    assert_eq!(basic.status(), StatusCode::UNAUTHORIZED);
    let refused = api.post_json("/api/v1/applications", &moving()).await;
    assert_problem(&refused, StatusCode::UNAUTHORIZED, "unauthorized");
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
}

#[tokio::test]
async fn the_catalogue_lists_services_and_shows_one_with_its_form_and_workflow() {
    let app = TestApp::new().await;
    let api = app.api();
    let list = api.get("/api/v1/services").await;
    assert_eq!(list.status, StatusCode::OK);
    let items = list.json()["items"].as_array().expect("items").clone();
    assert!(items.len() >= 10, "{}", items.len());
    let moving = items
        .iter()
        .find(|s| s["slug"] == "moving-certificate")
        .expect("moving-certificate listed");
    assert_eq!(moving["agency"], "civil-registry");
    assert_eq!(moving["audience"], json!(["citizen"]));
    assert_eq!(moving["fee_total"], Value::Null);
    assert_eq!(moving["sla_days"], 3);
    assert!(
        moving["name"]["en"]
            .as_str()
            .is_some_and(|n| n.starts_with("Moving certificate"))
    );
    assert!(
        moving["name"]["id"]
            .as_str()
            .is_some_and(|n| n.starts_with("Surat Keterangan Pindah"))
    );

    let business = api.get("/api/v1/services?audience=business&q=izin").await;
    assert_eq!(business.status, StatusCode::OK);
    let found = business.json()["items"].as_array().expect("items").clone();
    assert!(!found.is_empty());
    assert!(found.iter().all(|s| {
        s["audience"]
            .as_array()
            .is_some_and(|a| a.contains(&json!("business")))
    }));
    assert_problem(
        &api.get("/api/v1/services?audience=martians").await,
        StatusCode::BAD_REQUEST,
        "bad-request",
    );

    let detail = api.get("/api/v1/services/moving-certificate").await;
    assert_eq!(detail.status, StatusCode::OK);
    let d = detail.json();
    let nik = d["form"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["name"] == "applicant_nik"))
        .expect("applicant_nik");
    assert_eq!(nik["type"], "national_id");
    assert_eq!(nik["required"], true);
    assert_eq!(d["workflow"]["initial"], "submitted");
    assert!(d["workflow"]["transitions"].as_array().is_some_and(|t| {
        t.iter()
            .any(|t| t["action"] == "accept" && t["role"] == "officer")
    }));
    let birth = api.get("/api/v1/services/birth-certificate").await.json();
    // File fields too: their answer is the id of a file sent with POST /api/v1/uploads.
    assert!(birth["form"].as_array().is_some_and(|f| {
        f.iter()
            .any(|f| f["type"] == "file" && f["submittable_as_json"] == true)
    }));
    assert_problem(
        &api.get("/api/v1/services/no-such-service").await,
        StatusCode::NOT_FOUND,
        "not-found",
    );
}

#[tokio::test]
async fn a_201_means_the_case_its_first_event_and_its_audit_entry_are_committed() {
    let app = TestApp::new().await;
    let citizen = app
        .api_user("siti@example.id", AccountKind::Citizen, &[])
        .await;
    let res = submit(&citizen, &moving()).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let body = res.json();
    let reference = body["reference"].as_str().expect("reference").to_owned();
    assert!(gerbang_domain::reference::Reference::parse(&reference).is_ok());
    assert_eq!(body["status"], "submitted");
    assert!(
        body["submitted_at"]
            .as_str()
            .is_some_and(|t| t.contains('T'))
    );
    assert_eq!(
        res.header("location"),
        format!("/api/v1/applications/{reference}")
    );

    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM application_events").await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.submit'")
            .await,
        1
    );

    let mine = citizen.get("/api/v1/applications").await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(mine.json()["items"][0]["reference"], reference.as_str());
    assert_eq!(mine.json()["items"][0]["service"], "moving-certificate");
    assert_eq!(
        citizen.get("/api/v1/applications?limit=0").await.status,
        StatusCode::BAD_REQUEST
    );

    let case = citizen.get(res.header("location")).await;
    assert_eq!(case.status, StatusCode::OK, "{}", case.text);
    let case = case.json();
    assert_eq!(case["status"], "submitted");
    assert_eq!(case["status_label"]["id"], "Diajukan");
    assert_eq!(case["data"]["members_moving"], 2);
    assert_eq!(
        case["data"]["phone"], "+6281234567890",
        "normalised as the form does"
    );
    assert_eq!(case["roles"], json!(["applicant"]));
    assert_eq!(case["timeline"][0]["action"], "submit");
}

#[tokio::test]
async fn every_invalid_answer_is_listed_in_the_callers_language() {
    let app = TestApp::new().await;
    let citizen = app
        .api_user("siti@example.id", AccountKind::Citizen, &[])
        .await;
    let res = submit(
        &citizen.speaking("id-ID,id;q=0.9,en;q=0.5"),
        &json!({
            "service": "moving-certificate",
            "data": {
                "applicant_nik": "1234",
                "destination_address": "Jl. Merdeka 1",
                "reason": "bored",
                "members_moving": "many",
                "moving_date": "2026-02-30",
            }
        }),
    )
    .await;
    let body = assert_problem(&res, StatusCode::UNPROCESSABLE_ENTITY, "unprocessable");
    let errors: Vec<(String, String)> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
            (
                e["field"].as_str().unwrap_or_default().to_owned(),
                e["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expect = |field: &str, code: &str| (field.to_owned(), code.to_owned());
    assert_eq!(
        errors,
        vec![
            expect("applicant_nik", "nik-wrong-length"),
            expect("family_card_number", "required"),
            expect("reason", "not-an-option"),
            expect("members_moving", "not-a-number"),
            expect("moving_date", "invalid-date"),
            expect("phone", "required"),
        ]
    );
    let required = body["errors"][1]["message"].as_str().unwrap_or_default();
    assert!(!required.contains("Fill in"), "in Indonesian: {required}");
    assert_eq!(
        body["detail"],
        gerbang_web::i18n::t(
            gerbang_domain::i18n::Lang::Id,
            "error-unprocessable-message"
        )
    );

    // A required file cannot come through JSON: it is reported like any required field.
    let birth = submit(
        &citizen,
        &json!({"service": "birth-certificate", "data": {"child_name": "Putri", "birth_statement": "scan.pdf"}}),
    )
    .await;
    let body = assert_problem(&birth, StatusCode::UNPROCESSABLE_ENTITY, "unprocessable");
    assert!(
        body["errors"].as_array().is_some_and(|e| e
            .iter()
            .any(|e| e["field"] == "birth_statement" && e["code"] == "required")),
        "{body}"
    );

    let odd = submit(
        &citizen,
        &json!({"service": "moving-certificate", "data": {"applicant_nik": ["3374055202950003"]}}),
    )
    .await;
    let body = assert_problem(&odd, StatusCode::UNPROCESSABLE_ENTITY, "unprocessable");
    assert_eq!(body["errors"][0]["field"], "applicant_nik");
    let unknown = submit(&citizen, &json!({"service": "no-such-service", "data": {}})).await;
    let body = assert_problem(&unknown, StatusCode::UNPROCESSABLE_ENTITY, "unprocessable");
    assert_eq!(body["errors"][0]["field"], "service");
    let business_only = submit(
        &citizen,
        &json!({"service": "vehicle-route-permit", "data": {}}),
    )
    .await;
    let body = assert_problem(
        &business_only,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable",
    );
    assert_eq!(body["errors"][0]["code"], "error-audience");

    assert_problem(
        &citizen
            .post_raw("/api/v1/applications", "application/json", "{not json")
            .await,
        StatusCode::BAD_REQUEST,
        "bad-request",
    );
    assert_problem(
        &citizen
            .post_raw("/api/v1/applications", "text/plain", "{}")
            .await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
    );
    assert_problem(
        &citizen
            .post_raw("/api/v1/applications", "application/json", "[1, 2]")
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable",
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
}

#[tokio::test]
async fn a_retry_with_the_same_key_files_once_and_a_reused_key_is_refused() {
    let app = TestApp::new().await;
    let citizen = app
        .api_user("siti@example.id", AccountKind::Citizen, &[])
        .await;
    let key = [("Idempotency-Key", "4b1c2f0e-7d7a-4b8e-9a59-0d6f3f1d2c11")];
    let first = citizen
        .post_json_with("/api/v1/applications", &moving(), &key)
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(first.header("idempotent-replayed"), "");
    let again = citizen
        .post_json_with("/api/v1/applications", &moving(), &key)
        .await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.json(), first.json(), "the same answer, byte for byte");
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(again.header("idempotent-replayed"), "true");
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 1);

    let mut other = moving();
    other["data"]["members_moving"] = json!(3);
    let reused = citizen
        .post_json_with("/api/v1/applications", &other, &key)
        .await;
    assert_problem(
        &reused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency-key-reused",
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 1);

    // Keys belong to one account: another applicant's identical key files their own case.
    let neighbour = app
        .api_user("tetangga@example.id", AccountKind::Citizen, &[])
        .await;
    let theirs = neighbour
        .post_json_with("/api/v1/applications", &moving(), &key)
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED);
    assert_ne!(theirs.json()["reference"], first.json()["reference"]);

    // A refused request is not remembered: corrected, it goes through under the same key.
    let key2 = [("Idempotency-Key", "second-attempt")];
    let mut broken = moving();
    broken["data"]["moving_date"] = json!("2026-02-30");
    let refused = citizen
        .post_json_with("/api/v1/applications", &broken, &key2)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fixed = citizen
        .post_json_with("/api/v1/applications", &moving(), &key2)
        .await;
    assert_eq!(fixed.status, StatusCode::CREATED, "{}", fixed.text);
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 3);

    let malformed = citizen
        .post_json_with(
            "/api/v1/applications",
            &moving(),
            &[("Idempotency-Key", "")],
        )
        .await;
    assert_problem(&malformed, StatusCode::BAD_REQUEST, "bad-request");
}

#[tokio::test]
async fn the_owner_and_the_agency_see_an_application_and_anyone_else_gets_404() {
    let app = TestApp::new().await;
    let citizen = app
        .api_user("siti@example.id", AccountKind::Citizen, &[])
        .await;
    let reference = submit(&citizen, &moving()).await.json()["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    let path = format!("/api/v1/applications/{reference}");
    assert_eq!(citizen.get(&path).await.status, StatusCode::OK);

    let stranger = app
        .api_user("orang@example.id", AccountKind::Citizen, &[])
        .await;
    assert_problem(
        &stranger.get(&path).await,
        StatusCode::NOT_FOUND,
        "not-found",
    );
    assert_problem(
        &stranger.get("/api/v1/applications/GRB-0000-0001-2").await,
        StatusCode::NOT_FOUND,
        "not-found",
    );
    assert_eq!(
        stranger.get("/api/v1/applications").await.json()["items"],
        json!([])
    );
    let elsewhere = app
        .api_user(
            "dinkes@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("health-office"))],
        )
        .await;
    assert_problem(
        &elsewhere.get(&path).await,
        StatusCode::NOT_FOUND,
        "not-found",
    );

    let officer = app
        .api_user(
            "petugas@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    let seen = officer.get(&path).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.json()["roles"], json!(["officer"]));
    assert_eq!(
        seen.json()["actions"],
        json!([{"action": "accept", "requires_comment": false}])
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.read'")
            .await,
        1,
        "a staff read is recorded; the owner's are not"
    );
}

#[tokio::test]
async fn staff_work_a_case_through_the_api() {
    let app = TestApp::new().await;
    let citizen = app
        .api_user("siti@example.id", AccountKind::Citizen, &[])
        .await;
    let reference = submit(&citizen, &moving()).await.json()["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    let officer = app
        .api_user(
            "petugas@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    let supervisor = app
        .api_user(
            "penyelia@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Supervisor, Some("civil-registry"))],
        )
        .await;
    let path = format!("/api/v1/applications/{reference}/actions");
    let act = |who: &Api, action: &str, comment: Option<&str>| {
        let who = who.clone();
        let path = path.clone();
        let body = match comment {
            Some(c) => json!({"action": action, "comment": c}),
            None => json!({"action": action}),
        };
        async move { who.post_json(&path, &body).await }
    };

    assert_problem(
        &act(&officer, "approve", None).await,
        StatusCode::CONFLICT,
        "conflict",
    );
    assert_problem(
        &act(&citizen, "accept", None).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    let accept_key = [("Idempotency-Key", "accept-once")];
    let accepted = officer
        .post_json_with(&path, &json!({"action": "accept"}), &accept_key)
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    assert_eq!(
        accepted.json(),
        json!({"reference": reference, "action": "accept", "status": "in_review"})
    );
    // A retry of the same request is answered as before instead of failing with 409.
    let retried = officer
        .post_json_with(&path, &json!({"action": "accept"}), &accept_key)
        .await;
    assert_eq!(retried.status, StatusCode::OK);
    assert_eq!(retried.json(), accepted.json());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.accept'")
            .await,
        1
    );

    let no_comment = act(&officer, "request_correction", Some("  ")).await;
    let body = assert_problem(
        &no_comment,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable",
    );
    assert_eq!(body["errors"][0]["field"], "comment");
    assert_eq!(body["errors"][0]["code"], "error-comment-required");
    let missing_action = officer.post_json(&path, &json!({"comment": "hm"})).await;
    let body = assert_problem(
        &missing_action,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable",
    );
    assert_eq!(body["errors"][0]["field"], "action");

    let recommended = act(&officer, "recommend", None).await;
    assert_eq!(recommended.json()["status"], "awaiting_approval");
    assert_problem(
        &act(&officer, "approve", None).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    let approved = act(&supervisor, "approve", Some("Complete and correct.")).await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    assert_eq!(approved.json()["status"], "approved");
    assert_problem(
        &act(&supervisor, "reject", Some("too late")).await,
        StatusCode::CONFLICT,
        "conflict",
    );

    let case = citizen
        .get(&format!("/api/v1/applications/{reference}"))
        .await
        .json();
    assert_eq!(case["status"], "approved");
    assert_eq!(case["decided"], true);
    let actions: Vec<&str> = case["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(actions, ["submit", "accept", "recommend", "approve"]);
    assert_eq!(case["timeline"][3]["comment"], "Complete and correct.");
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = TestApp::new().await;
    let res = app.api().get("/api/v1/openapi.json").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.header("content-type").starts_with("application/json"));
    let doc = res.json();
    assert_eq!(doc["openapi"], "3.1.0");
    insta::assert_json_snapshot!("openapi", doc);
}

#[tokio::test]
async fn statuses_are_the_ones_the_openapi_document_promises() {
    let app = TestApp::new().await;
    // Staff do not file for themselves: 403, as documented (not 422).
    let officer = app
        .api_user(
            "petugas@dukcapil.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    let refused = submit(&officer, &moving()).await;
    assert_problem(&refused, StatusCode::FORBIDDEN, "forbidden");
    // An action on a reference that does not exist: 404, whatever the action.
    for action in ["accept", "resubmit"] {
        let res = officer
            .post_json(
                "/api/v1/applications/GRB-0000-0000-0/actions",
                &json!({ "action": action }),
            )
            .await;
        assert_problem(&res, StatusCode::NOT_FOUND, "not-found");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
}
