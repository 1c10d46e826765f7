//! Two installs on loopback, a province's (the provider) and a city's (the consumer),
//! exchange a data-service call signed with HTTP Message Signatures (RFC 9421, Ed25519,
//! RFC 9530 digests). The independent implementation on PyPI (`http-message-signatures`)
//! verifies Gerbang's requests and signs requests Gerbang verifies. A changed body, a key
//! not in the trust list, a replayed nonce and a stale signature are each refused. Runs on
//! SQLite, and on PostgreSQL with TEST_DATABASE_URL.

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use common::TestApp;
use ed25519_dalek::SigningKey;
use gerbang_app::exchange::federation::{FederationConfig, PeerConfig, QueryBody};
use gerbang_app::exchange::signatures::{self, Message};
use gerbang_domain::accounts::{AccountKind, StaffRole};

const PROVINCE_SEED: [u8; 32] = [1; 32];
const CITY_SEED: [u8; 32] = [2; 32];
const NIK: &str = "3374055202950003";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn peer(name: &str, port: u16, key_id: &str) -> PeerConfig {
    PeerConfig {
        name: name.to_owned(),
        base_url: format!("http://127.0.0.1:{port}"),
        jwks_url: format!("http://127.0.0.1:{port}/federation/v1/jwks.json"),
        key_ids: vec![key_id.to_owned()],
    }
}

async fn install(
    name: &str,
    key_id: &str,
    seed: [u8; 32],
    port: u16,
    peers: Vec<PeerConfig>,
) -> TestApp {
    let name = name.to_owned();
    let key_id = key_id.to_owned();
    TestApp::with_config(move |c| {
        c.listen = format!("127.0.0.1:{port}").parse().expect("addr");
        c.public_url = format!("http://127.0.0.1:{port}");
        c.federation = Some(FederationConfig {
            name,
            key_id,
            signing_key: STANDARD.encode(seed).into(),
            peers,
        });
    })
    .await
}

/// A province's install and a city's, each in the other's trust list; the province's civil
/// registry holds the demo's residents.
async fn province_and_city() -> (TestApp, TestApp) {
    let (p, c) = (free_port(), free_port());
    let province = install(
        "province",
        "province-2026",
        PROVINCE_SEED,
        p,
        vec![peer("city", c, "city-2026")],
    )
    .await;
    let city = install(
        "city",
        "city-2026",
        CITY_SEED,
        c,
        vec![peer("province", p, "province-2026")],
    )
    .await;
    gerbang_app::exchange::load_register(
        &province.app,
        "civil-registry",
        "residents",
        include_str!("../../../catalog/registers/civil-registry.residents.jsonl"),
        "test",
    )
    .await
    .expect("register");
    (province, city)
}

/// The province answers the city's sub-district for identities, under an agreement its
/// civil registry's administrator approved.
async fn two_installs() -> (TestApp, TestApp) {
    let (province, city) = province_and_city().await;
    province
        .create_account(
            "dukcapil-admin@prov.go.id",
            AccountKind::Staff,
            &[(StaffRole::AgencyAdmin, Some("civil-registry"))],
        )
        .await;
    let admin = gerbang_app::user::acting_as(&province.app, "dukcapil-admin@prov.go.id")
        .await
        .expect("admin");
    let service =
        gerbang_store::exchange::service(&province.db, "civil-registry", "identity-by-nik")
            .await
            .expect("query")
            .expect("service");
    gerbang_app::exchange::federation::agree_with_peer(
        &province.app,
        &admin,
        service.id,
        "city",
        "sukamaju-subdistrict",
        &["residence-verification".to_owned()],
        &["full_name".to_owned(), "birth_date".to_owned()],
        time::macros::date!(2020 - 01 - 01),
        time::macros::date!(2099 - 12 - 31),
        &gerbang_app::accounts::service::Meta::cli(),
    )
    .await
    .expect("agreement");
    (province, city)
}

fn query(fields: &[&str]) -> QueryBody {
    QueryBody {
        consumer: "sukamaju-subdistrict".into(),
        purpose: "residence-verification".into(),
        fields: fields.iter().map(|f| (*f).to_owned()).collect(),
        input: NIK.into(),
        case_reference: Some("SKM-2026-TEST".into()),
    }
}

/// The city asks the province's civil registry for identities.
fn peer_ask(body: &QueryBody) -> gerbang_app::exchange::federation::PeerAsk<'_> {
    gerbang_app::exchange::federation::PeerAsk {
        peer: "province",
        provider: "civil-registry",
        data_service: "identity-by-nik",
        body,
        consumer_agency_id: None,
        subject_user_id: None,
        actor_user_id: None,
    }
}

#[tokio::test]
async fn two_installs_exchange_a_signed_call_and_each_logs_its_side() {
    let (province, city) = two_installs().await;
    let answer = gerbang_app::exchange::federation::ask_peer(
        &city.app,
        &peer_ask(&query(&["full_name", "birth_date"])),
        None,
    )
    .await
    .expect("answered");
    assert_eq!(answer.outcome, "answered");
    assert_eq!(answer.record["full_name"], "Siti Rahayu");
    assert_eq!(answer.record.len(), 2);
    // The provider keeps the fields' names, never the values; the consumer keeps what came.
    assert_eq!(
        province
            .count("SELECT COUNT(*) FROM data_exchanges WHERE direction = 'incoming' AND outcome = 'answered' AND answer IS NULL AND peer = 'city'")
            .await,
        1
    );
    assert_eq!(
        city.count("SELECT COUNT(*) FROM data_exchanges WHERE direction = 'outgoing' AND outcome = 'answered' AND answer IS NOT NULL")
            .await,
        1
    );
    // A field the agreement does not cover: refused with its type, on both sides.
    let refused = gerbang_app::exchange::federation::ask_peer(
        &city.app,
        &peer_ask(&query(&["full_name", "address"])),
        None,
    )
    .await;
    assert!(
        matches!(&refused, Err(gerbang_app::exchange::federation::CallError::Refused(t)) if t == "fields-not-covered"),
        "{refused:?}"
    );
    assert_eq!(
        province
            .count("SELECT COUNT(*) FROM data_exchanges WHERE outcome = 'fields-not-covered'")
            .await,
        1
    );
}

/// Sends a request signed with `seed` (or as given), returning the status and body.
async fn send(url: &str, headers: &[(String, String)], body: &[u8]) -> (u16, String) {
    let mut req = reqwest::Client::new().post(url).body(body.to_vec());
    for (n, v) in headers {
        req = req.header(n, v);
    }
    let res = req.send().await.expect("send");
    (res.status().as_u16(), res.text().await.expect("body"))
}

fn signed(
    url: &str,
    body: &[u8],
    seed: [u8; 32],
    keyid: &str,
    created: i64,
) -> Vec<(String, String)> {
    let mut headers = vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        (
            "content-digest".to_owned(),
            signatures::content_digest(body),
        ),
    ];
    let msg = Message {
        method: "POST",
        target_uri: url,
        status: None,
        headers: &headers,
    };
    let nonce = format!("n-{created}-{}", uuid::Uuid::new_v4().simple());
    let (input, sig) = signatures::sign(
        &msg,
        &SigningKey::from_bytes(&seed),
        keyid,
        created,
        &nonce,
        &["@method", "@target-uri", "content-digest", "content-type"],
        "sig1",
    )
    .expect("signed");
    headers.push(("signature-input".into(), input));
    headers.push(("signature".into(), sig));
    headers
}

#[tokio::test]
async fn tampered_foreign_replayed_and_stale_requests_are_refused() {
    let (province, _city) = two_installs().await;
    let url = format!(
        "{}/federation/v1/data-services/civil-registry/identity-by-nik/query",
        province.base
    );
    let body = serde_json::to_vec(&query(&["full_name"])).expect("json");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();

    let good = signed(&url, &body, CITY_SEED, "city-2026", now);
    let (status, text) = send(&url, &good, &body).await;
    assert_eq!(status, 200, "{text}");
    // The very same request again: its nonce was seen.
    let (status, text) = send(&url, &good, &body).await;
    assert_eq!(status, 401, "{text}");
    assert!(text.contains("replayed-request"), "{text}");
    // A changed body under a valid signature.
    let mut changed = body.clone();
    changed.extend_from_slice(b" ");
    let (status, text) = send(
        &url,
        &signed(&url, &body, CITY_SEED, "city-2026", now),
        &changed,
    )
    .await;
    assert_eq!(status, 401, "{text}");
    assert!(text.contains("digest-mismatch"), "{text}");
    // Signed by a key the trust list does not name for the city.
    let (status, text) = send(&url, &signed(&url, &body, [9; 32], "city-2026", now), &body).await;
    assert_eq!(status, 401, "{text}");
    assert!(text.contains("invalid-signature"), "{text}");
    let (status, text) = send(&url, &signed(&url, &body, [9; 32], "stranger", now), &body).await;
    assert_eq!(status, 401, "{text}");
    assert!(text.contains("unknown-key"), "{text}");
    // Created ten minutes ago.
    let (status, text) = send(
        &url,
        &signed(&url, &body, CITY_SEED, "city-2026", now - 600),
        &body,
    )
    .await;
    assert_eq!(status, 401, "{text}");
    assert!(text.contains("stale-signature"), "{text}");
    // Unsigned.
    let (status, _) = send(
        &url,
        &[("content-type".into(), "application/json".into())],
        &body,
    )
    .await;
    assert_eq!(status, 401);
    // Only the first was answered.
    assert_eq!(
        province.count("SELECT COUNT(*) FROM data_exchanges").await,
        1
    );
}

/// Runs `tests/federation/rfc9421.py`; `None` outside CI when the library is missing.
fn python(args: &[&str], stdin: &[u8]) -> Option<serde_json::Value> {
    let ready = std::process::Command::new("python3")
        .args(["-c", "import http_message_signatures"])
        .status()
        .is_ok_and(|s| s.success());
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "http-message-signatures is not installed (pip install http-message-signatures==3.0.0): the independent RFC 9421 implementation cannot run"
        );
        eprintln!(
            "http-message-signatures is not installed; signatures were checked by our own code only"
        );
        return None;
    }
    use std::io::Write as _;
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/federation/rfc9421.py"
    );
    let mut child = std::process::Command::new("python3")
        .arg(script)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write");
    let out = child.wait_with_output().expect("python3 ends");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("json from python"))
}

// Several threads: the Python process blocks this one while the servers answer it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_independent_rfc_9421_implementation_verifies_ours_and_we_verify_it() {
    let (province, _city) = two_installs().await;
    let url = format!(
        "{}/federation/v1/data-services/civil-registry/identity-by-nik/query",
        province.base
    );
    let body = serde_json::to_vec(&query(&["full_name"])).expect("json");
    let city_key = URL_SAFE_NO_PAD.encode(
        SigningKey::from_bytes(&CITY_SEED)
            .verifying_key()
            .as_bytes(),
    );
    let province_key = URL_SAFE_NO_PAD.encode(
        SigningKey::from_bytes(&PROVINCE_SEED)
            .verifying_key()
            .as_bytes(),
    );

    // Python verifies a request Gerbang signed, and refuses it with a changed body.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let headers = signed(&url, &body, CITY_SEED, "city-2026", now);
    let message = |b: &[u8]| {
        serde_json::to_vec(&serde_json::json!({
            "method": "POST",
            "url": url,
            "headers": headers,
            "body_b64": STANDARD.encode(b),
        }))
        .expect("json")
    };
    let Some(ok) = python(&["verify", &city_key], &message(&body)) else {
        return;
    };
    assert_eq!(ok["ok"], true, "{ok}");
    let bad = python(&["verify", &city_key], &message(b"{}")).expect("ran");
    assert_eq!(bad["ok"], false, "{bad}");

    // Python signs a call with the city's key; the province verifies and answers, and
    // Python verifies the signed answer with the province's key.
    let called = python(
        &[
            "call",
            &url,
            &STANDARD.encode(CITY_SEED),
            "city-2026",
            &province_key,
        ],
        &body,
    )
    .expect("ran");
    assert_eq!(called["status"], 200, "{called}");
    assert_eq!(called["answer_verified"], true, "{called}");
    assert!(
        called["body"]
            .as_str()
            .unwrap_or("")
            .contains("Siti Rahayu"),
        "{called}"
    );
    // Signed by Python with a key the province does not trust for the city.
    let foreign = python(
        &[
            "call",
            &url,
            &STANDARD.encode([9u8; 32]),
            "city-2026",
            &province_key,
        ],
        &body,
    )
    .expect("ran");
    assert_eq!(foreign["status"], 401, "{foreign}");
}

#[tokio::test]
async fn an_officer_asks_a_peer_install_from_a_case_under_an_agreement_recorded_on_its_page() {
    let (province, city) = province_and_city().await;

    // The province's registry administrator records the agreement with the city's
    // sub-district on the data-exchange page.
    let admin = province
        .signed_in(
            "dukcapil-admin@prov.go.id",
            AccountKind::Staff,
            &[(StaffRole::AgencyAdmin, Some("civil-registry"))],
        )
        .await;
    let sid = gerbang_store::exchange::service(&province.db, "civil-registry", "identity-by-nik")
        .await
        .expect("query")
        .expect("service")
        .id
        .to_string();
    admin
        .get(&format!(
            "/backoffice/data-exchange?agency=civil-registry&service={sid}"
        ))
        .await
        .assert_contains("An agency at city");
    let mut form = vec![
        ("agency", "civil-registry"),
        ("service", sid.as_str()),
        ("consumer", "peer:city"),
        ("peer_agency", "Sukamaju Sub-district"),
        ("purpose", "residence-verification"),
        ("field", "full_name"),
        ("field", "address"),
        ("valid_from", "2020-01-01"),
        ("valid_until", "2099-12-31"),
    ];
    let res = admin
        .post_form("/backoffice/data-exchange/agreements", &form)
        .await;
    assert_eq!(res.status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("short name at the other install");
    form[3] = ("peer_agency", "sukamaju-subdistrict");
    let res = admin
        .post_form("/backoffice/data-exchange/agreements", &form)
        .await;
    assert_eq!(res.status, reqwest::StatusCode::SEE_OTHER, "{}", res.text);
    assert_eq!(
        province
            .count("SELECT COUNT(*) FROM data_agreements WHERE consumer_peer = 'city'")
            .await,
        1
    );

    // At the city, an application; its officer sees the province's data services and asks.
    let citizen = city.citizen("siti@example.id").await;
    let res = citizen
        .post_multipart(
            "/services/certificate-of-domicile/apply",
            common::DOMICILE_ANSWERS,
            &common::domicile_files(),
        )
        .await;
    assert_eq!(res.status, reqwest::StatusCode::SEE_OTHER, "{}", res.text);
    let reference = common::reference_from(res.location());
    let officer = city
        .signed_in(
            "camat@city.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("sukamaju-subdistrict"))],
        )
        .await;
    let case = format!("/backoffice/cases/{reference}");
    officer
        .get(&case)
        .await
        .assert_contains("peer/province/civil-registry/identity-by-nik/residence-verification")
        .assert_contains("(at province)");
    let res = officer
        .post_form(
            &format!("{case}/data-queries"),
            &[
                (
                    "ask",
                    "peer/province/civil-registry/identity-by-nik/residence-verification",
                ),
                ("input", NIK),
            ],
        )
        .await;
    assert_eq!(res.status, reqwest::StatusCode::SEE_OTHER, "{}", res.text);
    assert!(
        res.location().contains("done=exchange-answered"),
        "{}",
        res.location()
    );
    // What the agreement covers came back, kept with the case, and the call is audited.
    officer
        .get(&case)
        .await
        .assert_contains("Siti Rahayu")
        .assert_contains("Jl. Melati No. 7, RT 002/RW 005, Sukamaju");
    assert_eq!(
        city.count(
            "SELECT COUNT(*) FROM data_exchanges WHERE direction = 'outgoing' AND outcome = 'answered' \
             AND case_reference IS NOT NULL AND subject_user_id IS NOT NULL AND fields = 'address full_name'"
        )
        .await,
        1
    );
    assert_eq!(
        city.count("SELECT COUNT(*) FROM audit_log WHERE action = 'exchange.query'")
            .await,
        1
    );
    assert_eq!(
        province
            .count("SELECT COUNT(*) FROM data_exchanges WHERE direction = 'incoming' AND outcome = 'answered' AND answer IS NULL")
            .await,
        1
    );
    // A purpose the agreement does not cover: refused by the peer, logged here.
    let res = officer
        .post_form(
            &format!("{case}/data-queries"),
            &[
                (
                    "ask",
                    "peer/province/civil-registry/identity-by-nik/licence-applicant-check",
                ),
                ("input", NIK),
            ],
        )
        .await;
    assert!(
        res.location().contains("done=exchange-refused"),
        "{}",
        res.location()
    );
    assert_eq!(
        city.count("SELECT COUNT(*) FROM data_exchanges WHERE outcome = 'purpose-not-allowed'")
            .await,
        1
    );
}
