//! Webhooks: an applicant's endpoint hears, signed as the Standard Webhooks specification
//! says, when an application moves or is returned for correction; the signature is checked
//! by the specification's own Python library; a failing receiver is tried again on the
//! schedule and, five failed messages in a row, switched off; every attempt is kept and
//! a message is sent again on request. Runs on SQLite, and on PostgreSQL with
//! TEST_DATABASE_URL.

mod common;

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use common::{Api, TestApp};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use reqwest::StatusCode;

/// A receiver on loopback: records each request, answers with the status it is set to.
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<(HeaderMap, Bytes)>>>,
    status: Arc<AtomicU16>,
}

impl Receiver {
    async fn start() -> (Receiver, String) {
        let r = Receiver::default();
        r.status.store(200, Ordering::SeqCst);
        let state = r.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let state = state.clone();
                async move {
                    state.got.lock().expect("lock").push((headers, body));
                    AxumStatus::from_u16(state.status.load(Ordering::SeqCst))
                        .unwrap_or(AxumStatus::OK)
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        (r, format!("http://{addr}/hook"))
    }

    fn requests(&self) -> Vec<(HeaderMap, Bytes)> {
        self.got.lock().expect("lock").clone()
    }
}

/// Runs the delivery worker's round until it finds nothing due.
async fn deliver(app: &TestApp) -> usize {
    let mut n = 0;
    loop {
        let k = gerbang_app::webhooks::deliver_due(&app.app)
            .await
            .expect("deliver");
        if k == 0 {
            return n;
        }
        n += k;
    }
}

/// Checks every request with the Standard Webhooks Python library (PyPI `standardwebhooks`),
/// an implementation independent of ours. In CI a missing library fails the test.
fn verified_by_standardwebhooks(secret: &str, requests: &[(HeaderMap, Bytes)]) -> Option<()> {
    let ready = std::process::Command::new("python3")
        .args(["-c", "import standardwebhooks"])
        .status()
        .is_ok_and(|s| s.success());
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "standardwebhooks is not installed (pip install standardwebhooks==1.3.0): the independent verifier cannot run"
        );
        eprintln!(
            "standardwebhooks is not installed (pip install standardwebhooks==1.3.0); the signatures were checked by our own code only"
        );
        return None;
    }
    use base64::Engine as _;
    let mut cases = Vec::new();
    for (headers, body) in requests {
        let h = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        cases.push(serde_json::json!({
            "body": base64::engine::general_purpose::STANDARD.encode(body),
            "headers": {
                "webhook-id": h("webhook-id"),
                "webhook-timestamp": h("webhook-timestamp"),
                "webhook-signature": h("webhook-signature"),
            },
        }));
    }
    let script = r#"
import base64, json, sys
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
secret, cases = sys.argv[1], json.loads(sys.argv[2])
hook = Webhook(secret)
for c in cases:
    body = base64.b64decode(c["body"])
    payload = hook.verify(body, c["headers"])
    assert payload["type"] and payload["data"]["reference"], payload
    # The same message with one byte changed must be refused.
    try:
        hook.verify(body.replace(b"}", b" }", 1), c["headers"])
    except WebhookVerificationError:
        pass
    else:
        raise SystemExit("a changed body was accepted")
print("verified", len(cases))
"#;
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            script,
            secret,
            &serde_json::Value::Array(cases).to_string(),
        ])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "standardwebhooks refused our messages: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(())
}

async fn register(api: &Api, url: &str, types: &[&str]) -> serde_json::Value {
    let res = api
        .post_json(
            "/api/v1/webhooks",
            &serde_json::json!({ "url": url, "description": "ERP", "event_types": types }),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.json()
}

#[tokio::test]
async fn an_applicants_endpoint_hears_of_each_step_signed_and_verified_independently() {
    let app = TestApp::with_config(|c| c.webhooks_to_private_networks = true).await;
    let (receiver, url) = Receiver::start().await;
    let api = app
        .api_user("sistem@warga.example.id", AccountKind::Citizen, &[])
        .await;
    let ep = register(
        &api,
        &url,
        &[
            "application.status_changed",
            "application.correction_requested",
        ],
    )
    .await;
    let secret = ep["secret"].as_str().expect("secret").to_owned();
    assert!(secret.starts_with("whsec_"), "{ep}");
    let id = ep["id"].as_str().expect("id").to_owned();
    // The secret is shown once: not in the list, not in the detail.
    let listed = api.get("/api/v1/webhooks").await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(!listed.text.contains(&secret));
    assert_eq!(listed.json()["endpoints"][0]["id"], id.as_str());

    // Apply, then an officer accepts and returns it for correction.
    let filed = api
        .post_json("/api/v1/applications", &common::moving_application(1))
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    let reference = filed.json()["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    let officer = app
        .signed_in(
            "petugas@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    let path = format!("/backoffice/cases/{reference}/act");
    for (action, comment) in [
        ("accept", ""),
        ("request_correction", "Attach the family card, please."),
    ] {
        let res = officer
            .post_form(&path, &[("action", action), ("comment", comment)])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{action}: {}", res.text);
    }
    assert_eq!(deliver(&app).await, 3);
    let got = receiver.requests();
    assert_eq!(got.len(), 3);
    let bodies: Vec<serde_json::Value> = got
        .iter()
        .map(|(_, b)| serde_json::from_slice(b).expect("json"))
        .collect();
    let types: Vec<&str> = bodies
        .iter()
        .map(|b| b["type"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        types,
        [
            "application.status_changed",
            "application.status_changed",
            "application.correction_requested"
        ]
    );
    assert_eq!(bodies[0]["data"]["reference"], reference.as_str());
    assert_eq!(bodies[0]["data"]["from"], "submitted");
    assert_eq!(bodies[0]["data"]["to"], "in_review");
    assert_eq!(
        bodies[2]["data"]["comment"],
        "Attach the family card, please."
    );
    // Our own check, then the specification's library.
    let s = gerbang_domain::webhooks::Secret::parse(&secret).expect("secret");
    for (h, body) in &got {
        let v = |n: &str| h.get(n).and_then(|v| v.to_str().ok()).unwrap_or("");
        let ts: i64 = v("webhook-timestamp").parse().expect("timestamp");
        assert!(gerbang_domain::webhooks::verify(
            &s,
            v("webhook-id"),
            ts,
            body,
            v("webhook-signature")
        ));
        assert_eq!(v("content-type"), "application/json");
    }
    verified_by_standardwebhooks(&secret, &got);

    // The log: each message delivered on its first attempt.
    let detail = api.get(&format!("/api/v1/webhooks/{id}")).await.json();
    let messages = detail["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 3);
    assert!(
        messages
            .iter()
            .all(|m| m["status"] == "delivered" && m["attempts"][0]["status"] == 200),
        "{detail}"
    );
    // Nothing more is due, nothing is sent twice.
    assert_eq!(deliver(&app).await, 0);
    assert_eq!(receiver.requests().len(), 3);

    // Asked for again: the same webhook-id, sent once more, marked as asked for.
    let msg = messages[0]["id"].as_str().expect("msg").to_owned();
    let res = api
        .post_json(
            &format!("/api/v1/webhooks/{id}/messages/{msg}/redeliver"),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text);
    assert_eq!(deliver(&app).await, 1);
    let again = receiver.requests();
    assert_eq!(
        again[3].0.get("webhook-id").and_then(|v| v.to_str().ok()),
        Some(msg.as_str())
    );
    let detail = api.get(&format!("/api/v1/webhooks/{id}")).await.json();
    let m = detail["messages"]
        .as_array()
        .and_then(|ms| ms.iter().find(|m| m["id"] == msg.as_str()).cloned())
        .expect("message");
    assert_eq!(m["attempts"][0]["manual"], true, "{m}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'webhook.redeliver'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_failing_endpoint_is_tried_on_schedule_then_switched_off_and_on_again() {
    let clock = Arc::new(gerbang_app::clock::ManualClock::at(
        time::OffsetDateTime::now_utc(),
    ));
    let app = TestApp::with_clock_and_config(clock.clone(), |c| {
        c.webhooks_to_private_networks = true;
    })
    .await;
    let (receiver, url) = Receiver::start().await;
    receiver.status.store(503, Ordering::SeqCst);
    let api = app
        .api_user("sistem@warga.example.id", AccountKind::Citizen, &[])
        .await;
    let ep = register(&api, &url, &["application.status_changed"]).await;
    let id = ep["id"].as_str().expect("id").to_owned();
    let officer = app
        .signed_in(
            "petugas@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    // Five applications accepted: five messages, each failing.
    for n in 0..5 {
        let filed = api
            .post_json("/api/v1/applications", &common::moving_application(n))
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
        let reference = filed.json()["reference"].as_str().expect("ref").to_owned();
        let res = officer
            .post_form(
                &format!("/backoffice/cases/{reference}/act"),
                &[("action", "accept"), ("comment", "")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    }
    // The first try of each. The messages are stamped by the system clock as they are
    // written, a few seconds after this test's clock was set: move it past them.
    clock.advance(time::Duration::minutes(10));
    assert_eq!(deliver(&app).await, 5);
    let pending = api.get(&format!("/api/v1/webhooks/{id}")).await.json();
    assert!(
        pending["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .all(|m| m["status"] == "pending" && m["attempts"].as_array().map(Vec::len) == Some(1)),
        "{pending}"
    );
    // Nothing is due before the next step of the schedule (5 s).
    assert_eq!(deliver(&app).await, 0);
    // Walk the clock through the whole schedule: every try used, each message failed.
    for secs in gerbang_domain::webhooks::SCHEDULE_SECS.iter().skip(1) {
        clock.advance(time::Duration::seconds(*secs + 1));
        deliver(&app).await;
    }
    let detail = api.get(&format!("/api/v1/webhooks/{id}")).await.json();
    let messages = detail["messages"].as_array().expect("messages");
    assert!(
        messages.iter().all(|m| m["status"] == "failed"
            && m["attempts"].as_array().map(Vec::len) == Some(8)
            && m["attempts"][0]["status"] == 503),
        "{detail}"
    );
    // Five failed messages in a row: switched off, and said why.
    assert_eq!(detail["endpoint"]["enabled"], false);
    assert_eq!(detail["endpoint"]["disabled_reason"], "failing");
    let sent = receiver.requests().len();
    assert_eq!(sent, 5 * 8);
    // Switched off: a redelivery is refused until it is switched on.
    let msg = messages[0]["id"].as_str().expect("msg").to_owned();
    let redeliver = format!("/api/v1/webhooks/{id}/messages/{msg}/redeliver");
    assert_eq!(
        api.post_json(&redeliver, &serde_json::json!({}))
            .await
            .status,
        StatusCode::CONFLICT
    );
    receiver.status.store(204, Ordering::SeqCst);
    let on = api
        .post_json(
            &format!("/api/v1/webhooks/{id}/enable"),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(on.status, StatusCode::OK, "{}", on.text);
    assert_eq!(on.json()["enabled"], true);
    assert_eq!(
        api.post_json(&redeliver, &serde_json::json!({}))
            .await
            .status,
        StatusCode::ACCEPTED
    );
    assert_eq!(deliver(&app).await, 1);
    assert_eq!(receiver.requests().len(), sent + 1);
    let detail = api.get(&format!("/api/v1/webhooks/{id}")).await.json();
    let m = detail["messages"]
        .as_array()
        .and_then(|ms| ms.iter().find(|m| m["id"] == msg.as_str()).cloned())
        .expect("message");
    assert_eq!(m["status"], "delivered", "{m}");
}

#[tokio::test]
async fn endpoints_are_checked_owned_and_never_staffs() {
    let app = TestApp::new().await;
    let api = app
        .api_user("sistem@warga.example.id", AccountKind::Citizen, &[])
        .await;
    // Every problem at once, in the caller's language; nothing registered.
    let bad = api
        .post_json(
            "/api/v1/webhooks",
            &serde_json::json!({
                "url": "http://erp.example.id/hook",
                "description": "x".repeat(201),
                "event_types": ["application.status_changed", "nope"],
            }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert_eq!(
        bad.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
    let fields: Vec<String> = bad.json()["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        fields,
        ["url", "description", "event_types"],
        "{}",
        bad.text
    );
    let bad = api
        .speaking("id")
        .post_json(
            "/api/v1/webhooks",
            &serde_json::json!({ "url": "https://user:pw@erp.example.id/hook" }),
        )
        .await;
    assert!(
        bad.text.contains("Jangan cantumkan nama pengguna"),
        "{}",
        bad.text
    );
    let not_json = api
        .post_raw("/api/v1/webhooks", "text/plain", "url=https://x")
        .await;
    assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(app.count("SELECT COUNT(*) FROM webhook_endpoints").await, 0);

    // Registered (every event type when none is named); another person's is 404.
    let ep = register(&api, "https://erp.example.id/hook", &[]).await;
    assert_eq!(ep["event_types"].as_array().map(Vec::len), Some(5), "{ep}");
    let id = ep["id"].as_str().expect("id");
    let other = app
        .api_user("lain@warga.example.id", AccountKind::Citizen, &[])
        .await;
    for path in [
        format!("/api/v1/webhooks/{id}"),
        format!("/api/v1/webhooks/{id}/messages/msg_nope/redeliver"),
    ] {
        let res = if path.ends_with("redeliver") {
            other.post_json(&path, &serde_json::json!({})).await
        } else {
            other.get(&path).await
        };
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        other.delete(&format!("/api/v1/webhooks/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    // Staff accounts apply for nobody: no endpoints.
    let staff = app
        .api_user(
            "petugas@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    assert_eq!(
        staff
            .post_json(
                "/api/v1/webhooks",
                &serde_json::json!({ "url": "https://erp.example.id/hook" })
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Removed: gone from the list, and from its owner's view.
    assert_eq!(
        api.delete(&format!("/api/v1/webhooks/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.get(&format!("/api/v1/webhooks/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    // Every write is in the audit log.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'webhook.%'")
            .await,
        2
    );
}

/// An install that keeps webhooks to public addresses does not post to loopback, even
/// when a name resolves there.
#[tokio::test]
async fn webhooks_do_not_reach_internal_addresses() {
    let app = TestApp::new().await;
    let (receiver, url) = Receiver::start().await;
    let api = app
        .api_user("sistem@warga.example.id", AccountKind::Citizen, &[])
        .await;
    // http to loopback is refused at registration...
    let res = api
        .post_json("/api/v1/webhooks", &serde_json::json!({ "url": url }))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    // ...and https to a name that resolves to loopback is refused at delivery.
    let ep = register(
        &api,
        "https://localhost:9/hook",
        &["application.status_changed"],
    )
    .await;
    let id = ep["id"].as_str().expect("id");
    let filed = api
        .post_json("/api/v1/applications", &common::moving_application(1))
        .await;
    let reference = filed.json()["reference"].as_str().expect("ref").to_owned();
    let officer = app
        .signed_in(
            "petugas@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    officer
        .post_form(
            &format!("/backoffice/cases/{reference}/act"),
            &[("action", "accept"), ("comment", "")],
        )
        .await;
    assert_eq!(deliver(&app).await, 1);
    let detail = api.get(&format!("/api/v1/webhooks/{id}")).await.json();
    let error = detail["messages"][0]["attempts"][0]["error"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(error.contains("internal address"), "{detail}");
    assert!(receiver.requests().is_empty());
}

/// The same from the account's pages: add an endpoint (the secret shown once, in both
/// languages), see its messages and attempts, send one again, switch it off.
#[tokio::test]
async fn the_account_pages_register_an_endpoint_and_show_its_deliveries() {
    let app = TestApp::with_config(|c| c.webhooks_to_private_networks = true).await;
    let (receiver, url) = Receiver::start().await;
    let citizen = app.citizen("siti@example.id").await;
    citizen
        .get("/account")
        .await
        .assert_contains("href=\"/account/webhooks\"");
    // Nothing ticked: refused, every box offered again.
    let none = citizen
        .post_form("/account/webhooks", &[("url", url.as_str())])
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    none.assert_contains("Choose at least one event");
    let bad = citizen
        .post_form(
            "/account/webhooks",
            &[("url", "ftp://x"), ("event", "application.status_changed")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Enter the full address of your endpoint");
    let added = citizen
        .post_form(
            "/account/webhooks",
            &[
                ("url", url.as_str()),
                ("description", "Rumah"),
                ("event", "application.status_changed"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.text);
    added.assert_contains("Copy it now: it is not shown again");
    assert_eq!(
        added
            .headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let secret_at = added.text.find("whsec_").expect("secret shown");
    let secret: String = added.text[secret_at..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let list = citizen.get("/account/webhooks").await;
    list.assert_contains(&url).assert_contains("Rumah");
    assert!(!list.text.contains(&secret));
    let id_at = list.text.find("/account/webhooks/ep_").expect("link");
    let page: String = list.text[id_at..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();

    // Something happens: the page shows the message and its attempt.
    let files = vec![
        ("birth_statement", "surat-lahir.pdf", common::pdf_bytes()),
        ("marriage_document", "buku-nikah.pdf", common::pdf_bytes()),
    ];
    let res = citizen
        .post_multipart(
            "/services/birth-certificate/apply",
            &[
                ("child_name", "Putri Ayu Lestari"),
                ("child_sex", "female"),
                ("birth_date", "2026-10-01"),
                ("birth_place", "RSUD Kota Contoh"),
                ("birth_order", "1"),
                ("mother_nik", "3374055202950003"),
                ("declaration", "on"),
                ("idempotency_key", "hook"),
            ],
            &files,
        )
        .await;
    let reference = common::reference_from(res.location());
    let officer = app
        .signed_in(
            "petugas@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    officer
        .post_form(
            &format!("/backoffice/cases/{reference}/act"),
            &[("action", "accept"), ("comment", "")],
        )
        .await;
    assert_eq!(deliver(&app).await, 1);
    assert_eq!(receiver.requests().len(), 1);
    let shown = citizen.get(&page).await;
    shown
        .assert_contains("application.status_changed")
        .assert_contains("delivered")
        .assert_contains("answered 200")
        .assert_contains(&reference);
    let redeliver_at = shown.text.find("/messages/msg_").expect("redeliver form");
    let action_start = shown.text[..redeliver_at].rfind('"').expect("quote") + 1;
    let action: String = shown.text[action_start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let again = citizen.post_form(&action, &[]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.text);
    assert_eq!(deliver(&app).await, 1);
    assert_eq!(receiver.requests().len(), 2);
    citizen.get(&page).await.assert_contains("asked for again");
    // Switched off; another person's page is 404; in Indonesian too.
    let off = citizen.post_form(&format!("{page}/disable"), &[]).await;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    citizen
        .get(&format!("{page}?done=disabled"))
        .await
        .assert_contains("Switched off by you");
    let other = app.citizen("budi@example.id").await;
    assert_eq!(other.get(&page).await.status, StatusCode::NOT_FOUND);
    let id = app.visitor_speaking("id");
    assert_eq!(
        app.sign_in(&id, "siti@example.id").await.status,
        StatusCode::SEE_OTHER
    );
    id.get("/account/webhooks")
        .await
        .assert_contains("Endpoint Anda")
        .assert_contains("Dinonaktifkan oleh Anda");
}
