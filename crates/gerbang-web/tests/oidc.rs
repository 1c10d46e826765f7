//! Sign-in through an OpenID provider, end to end against a real, certified one:
//! panva's `oidc-provider` (npm, installed from tests/oidc/package-lock.json) on loopback,
//! with Gerbang as its client using private_key_jwt (ES256) and PKCE. Also the refusals a
//! browser can cause: a wrong or used state (a replayed callback), an issuer mix-up.
//! The ID-token refusals (nonce, expiry, signature, `alg: none`) are unit tests in
//! gerbang-app's oidc module, on tokens that no certified provider would issue.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use common::TestApp;
use gerbang_app::accounts::oidc::ProviderConfig;
use reqwest::StatusCode;

const ACR: [&str; 2] = ["urn:gerbang:loa:1", "urn:gerbang:loa:2"];

struct Idp {
    child: Child,
    issuer: String,
}

impl Drop for Idp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Installs the provider from its lockfile once (`npm ci`, no install scripts), as the
/// browser suite installs its packages: `cargo test` needs node and npm, nothing more.
fn install_provider(dir: &std::path::Path) {
    static ONCE: std::sync::Mutex<bool> = std::sync::Mutex::new(false);
    let mut done = ONCE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if *done || dir.join("node_modules/oidc-provider").is_dir() {
        *done = true;
        return;
    }
    let status = Command::new("npm")
        .args([
            "ci",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ])
        .current_dir(dir)
        .status()
        .expect("npm must be installed to install the OpenID provider the tests sign in with");
    assert!(status.success(), "npm ci in tests/oidc failed");
    *done = true;
}

/// Starts the provider for the app at `base`; fails (never skips) without node or the
/// npm package.
fn start_idp(port: u16, base: &str) -> Idp {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/oidc");
    install_provider(&dir);
    let mut child = Command::new("node")
        .arg("provider.mjs")
        .arg(port.to_string())
        .arg(format!("{base}/oidc/jwks.json"))
        .arg(format!("{base}/login/oidc/inapas/callback"))
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node must be installed to run the OpenID provider");
    let out = child.stdout.take().expect("stdout");
    let mut reader = BufReader::new(out);
    let mut line = String::new();
    reader.read_line(&mut line).expect("provider output");
    assert!(line.starts_with("ready"), "provider did not start: {line}");
    // Whatever else it prints goes to the test's output (a closed pipe would kill it).
    std::thread::spawn(move || {
        for l in reader.lines().map_while(Result::ok) {
            eprintln!("[oidc-provider] {l}");
        }
    });
    Idp {
        child,
        issuer: format!("http://127.0.0.1:{port}"),
    }
}

async fn app_with_idp() -> (TestApp, Idp) {
    let port = free_port();
    let issuer = format!("http://127.0.0.1:{port}");
    let app = TestApp::with_config(|c| {
        c.oidc_providers = vec![ProviderConfig {
            id: "inapas".into(),
            name: "INApas".into(),
            issuer: issuer.clone(),
            client_id: "gerbang".into(),
            scopes: Vec::new(),
            acr_values: ACR.iter().map(|s| (*s).to_owned()).collect(),
        }];
    })
    .await;
    let idp = start_idp(port, &app.base);
    (app, idp)
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// Starts a sign-in at Gerbang and follows the provider's redirects until it sends the
/// browser back: returns the callback URL (not yet opened).
async fn to_callback(app: &TestApp, browser: &common::Actor, start: &str) -> String {
    let res = browser
        .client
        .get(format!("{}{start}", app.base))
        .send()
        .await
        .expect("start");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let mut url = location(&res);
    let auth = reqwest::Url::parse(&url).expect("authorize url");
    let q: std::collections::HashMap<_, _> = auth.query_pairs().into_owned().collect();
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["code_challenge"].len(), 43);
    assert!(q["state"].len() >= 43 && q["nonce"].len() >= 43);
    assert!(q["scope"].split(' ').any(|s| s == "openid"));
    for _ in 0..10 {
        if url.starts_with(&format!("{}/login/oidc/", app.base)) {
            return url;
        }
        let res = browser.client.get(&url).send().await.expect("provider");
        assert!(
            res.status().is_redirection(),
            "{url}: {} {}",
            res.status(),
            res.text().await.unwrap_or_default()
        );
        let next = location(&res);
        url = reqwest::Url::parse(&url)
            .and_then(|base| base.join(&next))
            .expect("redirect")
            .to_string();
    }
    panic!("the provider never sent the browser back");
}

#[tokio::test]
async fn a_citizen_signs_in_through_the_provider_and_comes_back_signed_in() {
    let (app, idp) = app_with_idp().await;
    let browser = app.visitor();
    browser
        .get("/login")
        .await
        .assert_contains("Sign in with INApas")
        .assert_contains("href=\"/login/oidc/inapas?next=");
    let jwks = browser.get("/oidc/jwks.json").await;
    assert_eq!(jwks.header("content-type"), "application/jwk-set+json");
    let keys = jwks.json();
    assert_eq!(keys["keys"][0]["alg"], "ES256");
    assert!(keys["keys"][0].get("d").is_none(), "no private part");

    let callback = to_callback(&app, &browser, "/login/oidc/inapas?next=/applications").await;
    assert!(callback.contains("iss="), "RFC 9207: {callback}");
    let res = browser
        .client
        .get(&callback)
        .send()
        .await
        .expect("callback");
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap_or_default()
    );
    assert_eq!(location(&res), "/applications");
    assert_eq!(browser.get("/applications").await.status, StatusCode::OK);
    browser
        .get("/account")
        .await
        .assert_contains("Warga warga-1");
    browser
        .get("/account/sessions")
        .await
        .assert_contains("<dd>INApas</dd>");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'warga-1@example.id' AND email_verified_at IS NOT NULL")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.login' AND details LIKE '%oidc%'")
            .await,
        1
    );

    // Someone else's unfinished callback link (login CSRF: it would sign the victim in
    // as the attacker) is refused: the sign-in did not start in the victim's browser.
    let attacker = app.visitor();
    let planted = to_callback(&app, &attacker, "/login/oidc/inapas").await;
    let victim = app.visitor();
    let res = victim.client.get(&planted).send().await.expect("planted");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(victim.get("/account").await.status, StatusCode::SEE_OTHER);

    // The same callback again (a replayed code and state) signs nobody in.
    let thief = app.visitor();
    let replay = thief.client.get(&callback).send().await.expect("replay");
    assert_eq!(replay.status(), StatusCode::BAD_REQUEST);
    assert!(
        replay
            .text()
            .await
            .unwrap_or_default()
            .contains("did not work")
    );
    assert_eq!(
        thief.get("/applications").await.status,
        StatusCode::SEE_OTHER
    );

    // A second sign-in with the same subject is the same account; a stronger level asked
    // for is kept on the session.
    let again = app.visitor();
    let cb = to_callback(
        &app,
        &again,
        &format!("/login/oidc/inapas?next=/account&acr={}", ACR[1]),
    )
    .await;
    let res = again.client.get(&cb).send().await.expect("callback");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'warga-1@example.id'")
            .await,
        1
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM sessions WHERE provider = 'inapas' AND acr = 'urn:gerbang:loa:2'"
        )
        .await,
        1
    );
    drop(idp);
}

#[tokio::test]
async fn wrong_state_and_an_issuer_mix_up_are_refused() {
    let (app, idp) = app_with_idp().await;
    let browser = app.visitor();
    let callback = to_callback(&app, &browser, "/login/oidc/inapas").await;

    let forged_state = {
        let mut u = reqwest::Url::parse(&callback).expect("url");
        let pairs: Vec<(String, String)> = u
            .query_pairs()
            .map(|(k, v)| {
                let v = if k == "state" {
                    format!("{v}x")
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        u.query_pairs_mut().clear().extend_pairs(pairs);
        u.to_string()
    };
    let res = browser
        .client
        .get(&forged_state)
        .send()
        .await
        .expect("forged");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // The response claims to come from another issuer: refused (and the state is spent).
    let mixed = {
        let mut u = reqwest::Url::parse(&callback).expect("url");
        let pairs: Vec<(String, String)> = u
            .query_pairs()
            .map(|(k, v)| {
                let v = if k == "iss" {
                    "http://127.0.0.1:1".to_owned()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        u.query_pairs_mut().clear().extend_pairs(pairs);
        u.to_string()
    };
    let res = browser.client.get(&mixed).send().await.expect("mix-up");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = browser.client.get(&callback).send().await.expect("after");
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "the state was used by the refused try"
    );
    assert_eq!(browser.get("/account").await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email LIKE '%@example.id'")
            .await,
        0
    );
    let _ = idp.issuer.len();
}

#[tokio::test]
async fn a_service_that_asks_a_higher_assurance_sends_the_applicant_to_sign_in_again() {
    let (app, idp) = app_with_idp().await;
    // The moving certificate asks for a sign-in at level 2.
    let mut files = common::demo_catalog_files();
    for (_, file) in &mut files {
        for s in &mut file.services {
            if s.slug == "moving-certificate" {
                s.version += 1;
                s.assurance = Some(gerbang_domain::catalog::Assurance {
                    provider: "inapas".into(),
                    acr: ACR[1].into(),
                });
            }
        }
    }
    gerbang_web::catalog::service::import(&app.db, &files, "test")
        .await
        .expect("import");

    // With a password, or at level 1, the form is not offered: a sign-in at level 2 is.
    let with_password = app.citizen("siti@example.id").await;
    let page = with_password
        .get("/services/moving-certificate/apply")
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    page.assert_contains("Sign in with your digital identity")
        .assert_contains("acr=urn%3Agerbang%3Aloa%3A2");
    let browser = app.visitor();
    let cb = to_callback(&app, &browser, "/login/oidc/inapas?next=/services").await;
    browser.client.get(&cb).send().await.expect("callback");
    let page = browser.get("/services/moving-certificate/apply").await;
    page.assert_contains("Sign in with your digital identity");
    let refused = browser
        .post_multipart("/services/moving-certificate/apply", &[], &[])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "nothing is filed below the level"
    );

    // The page's button signs in at level 2 and comes back to the form; then it files.
    let at = page
        .text
        .find("href=\"/login/oidc/inapas?")
        .expect("button")
        + "href=\"".len();
    let end = page.text[at..].find('"').expect("end");
    // As a browser reads the attribute: HTML entities decoded.
    let start = page.text[at..at + end]
        .replace("&#x2f;", "/")
        .replace("&#x3d;", "=")
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    let cb = to_callback(&app, &browser, &start).await;
    let res = browser.client.get(&cb).send().await.expect("callback");
    assert_eq!(location(&res), "/services/moving-certificate/apply");
    browser
        .get("/services/moving-certificate/apply")
        .await
        .assert_contains("name=\"destination_address\"");
    let filed = browser
        .post_multipart(
            "/services/moving-certificate/apply",
            &[
                ("applicant_nik", "3374055202950003"),
                ("family_card_number", "3374051234560001"),
                ("destination_address", "Jl. Merdeka 1, Kota Bandung"),
                ("reason", "work"),
                ("members_moving", "2"),
                ("moving_date-day", "1"),
                ("moving_date-month", "6"),
                ("moving_date-year", "2027"),
                ("phone", "0812 3456 7890"),
            ],
            &[],
        )
        .await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.text);
    assert!(filed.location().starts_with("/applications/GRB-"));
    drop(idp);
}
