//! The HTTP edge against bad input: return-to addresses, request ids, caching of personal
//! pages, anti-forgery cookies, and refusals that say when to come back.

mod common;

use common::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn a_return_address_must_be_a_path_of_this_site() {
    let app = TestApp::new().await;
    let v = app.visitor();
    for (next, expected) in [
        ("/services", "/services"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        // A control character once answered 500 (it cannot go into a Location header).
        ("/x%0D%0ASet-Cookie:%20a=b", "/"),
        ("/%7F", "/"),
    ] {
        let res = v.get(&format!("/lang/en?next={next}")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next}: {}", res.text);
        assert_eq!(res.location(), expected, "{next}");
    }
}

#[tokio::test]
async fn the_request_id_is_the_servers_own() {
    let app = TestApp::new().await;
    let res = app
        .api()
        .client
        .get(format!("{}/services", app.base))
        .header("x-request-id", "forged-id")
        .send()
        .await
        .expect("GET");
    let id = res
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert_ne!(id, "forged-id");
    assert_eq!(id.len(), 36, "{id}");
}

#[tokio::test]
async fn personal_pages_and_token_answers_are_never_cached() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    for path in ["/account", "/applications", "/services"] {
        let res = citizen.get(path).await;
        assert_eq!(
            res.headers
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("private, no-store"),
            "{path}"
        );
    }
    let api = app
        .api_user(
            "budi@example.id",
            gerbang_domain::accounts::AccountKind::Citizen,
            &[],
        )
        .await;
    let res = api.get("/api/v1/applications").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.header("cache-control"), "private, no-store");
}

#[tokio::test]
async fn only_pages_set_the_anti_forgery_cookie() {
    let app = TestApp::new().await;
    let api = app.api();
    let css = api.get("/static/gerbang.css").await;
    let services = api.get("/api/v1/services").await;
    let page = api.get("/services").await;
    let sets_csrf = |r: &common::Resp| {
        r.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|c| c.contains("csrf"))
    };
    assert!(!sets_csrf(&services), "API answers set no cookie");
    assert_eq!(css.status, StatusCode::OK);
    assert!(!sets_csrf(&css), "static files set no cookie");
    assert!(sets_csrf(&page), "a page gives the visitor their token");
}

#[tokio::test]
async fn a_refusal_for_too_many_requests_says_when_to_come_back() {
    let app = TestApp::new().await;
    let v = app.visitor();
    let mut last = None;
    // Attempts count (page views do not: see foundation.rs).
    for _ in 0..60 {
        let res = v.login("nobody@example.id", "wrong password").await;
        if res.status == StatusCode::TOO_MANY_REQUESTS {
            last = Some(res);
            break;
        }
    }
    let res = last.expect("sign-in attempts are rate-limited per address");
    let seconds: u64 = res
        .headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After in seconds");
    assert!(seconds >= 1, "Retry-After: {seconds}");
}

#[tokio::test]
async fn only_declared_file_fields_are_accepted_one_part_each() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let answers: &[(&str, &str)] = &[
        ("applicant_nik", "3374055202950003"),
        ("full_name", "Siti Rahmawati"),
        ("urban_village", "mekarsari"),
        ("address", "Jl. Melati No. 7, RT 02/RW 05"),
        ("living_since", "2020-03-01"),
        ("purpose", "bank"),
        ("phone", "081234567890"),
    ];
    let pdf = common::pdf_bytes;
    let path = "/services/certificate-of-domicile/apply";
    // A file for a field the form does not declare.
    let res = citizen
        .post_multipart(
            path,
            answers,
            &[
                ("covering_letter", "a.pdf", pdf()),
                ("identity_card", "b.pdf", pdf()),
                ("anything", "c.pdf", pdf()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text);
    // Two files for one field.
    let res = citizen
        .post_multipart(
            path,
            answers,
            &[
                ("covering_letter", "a.pdf", pdf()),
                ("covering_letter", "a2.pdf", pdf()),
                ("identity_card", "b.pdf", pdf()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text);
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 0);
    // The same form, as declared, is filed.
    let res = citizen
        .post_multipart(
            path,
            answers,
            &[
                ("covering_letter", "a.pdf", pdf()),
                ("identity_card", "b.pdf", pdf()),
                ("family_card", "k.pdf", pdf()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
}

#[tokio::test]
async fn a_multipart_form_without_its_token_first_is_refused_before_any_file_is_read() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let token = citizen.csrf().await;
    // The file comes before the token: refused without reading it.
    let form = reqwest::multipart::Form::new()
        .part(
            "covering_letter",
            reqwest::multipart::Part::bytes(common::pdf_bytes()).file_name("a.pdf"),
        )
        .text("csrf_token", token);
    let res = citizen
        .client
        .post(format!(
            "{}/services/certificate-of-domicile/apply",
            app.base
        ))
        .multipart(form)
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
}

#[tokio::test]
async fn verification_takes_at_most_a_document_sized_upload() {
    let app = TestApp::new().await;
    let v = app.visitor();
    let big = vec![b'%'; gerbang_web::MAX_DOCUMENT_BYTES + 1024];
    let res = v
        .post_multipart("/verify", &[], &[("pdf", "big.pdf", big)])
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_signed_in_form_token_is_bound_to_the_session() {
    let app = TestApp::new().await;
    app.citizen("siti@example.id").await;
    let v = app.visitor();
    let before = v.csrf().await;
    let res = v.login("siti@example.id", common::PASSWORD).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let after = v.csrf().await;
    assert_ne!(before, after, "signing in gives a new form token");
    // The token from before the session (what a planted cookie would carry) is refused.
    let stale = v
        .post_form_raw("/logout", &[("csrf_token", before.as_str())])
        .await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
    let ok = v
        .post_form_raw("/logout", &[("csrf_token", after.as_str())])
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
}
