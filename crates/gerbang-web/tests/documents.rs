//! Issued documents end to end: issue on approval, JWKS, verification (token and PDF),
//! attacks on the token, revocation, access, key rotation, and an independent verifier.
//! Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use common::{Actor, TestApp, pdf_bytes, reference_from};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

const AGENCY: &str = "sukamaju-subdistrict";

/// A certificate of domicile (valid six months), filed and approved; returns the case reference.
async fn approved_case(app: &TestApp, citizen: &Actor, officer: &Actor) -> String {
    let res = citizen
        .post_multipart(
            "/services/certificate-of-domicile/apply",
            &[
                ("applicant_nik", "3374055202950003"),
                ("full_name", "Siti Rahmawati"),
                ("urban_village", "mekarsari"),
                ("address", "Jl. Melati No. 7, RT 02/RW 05"),
                ("living_since", "2020-03-01"),
                ("purpose", "bank"),
                ("phone", "081234567890"),
            ],
            &[
                ("covering_letter", "pengantar.pdf", pdf_bytes()),
                ("identity_card", "ktp.pdf", pdf_bytes()),
                ("family_card", "kk.pdf", pdf_bytes()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let reference = reference_from(res.location());
    for action in ["accept", "approve"] {
        let r = officer
            .post_form(
                &format!("/backoffice/cases/{reference}/act"),
                &[("action", action), ("comment", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{action}: {}", r.text);
    }
    let _ = app;
    reference
}

/// The subdistrict's head: works the case and signs off (supervisors revoke documents).
async fn officer(app: &TestApp) -> Actor {
    app.signed_in(
        "camat@contoh.go.id",
        AccountKind::Staff,
        &[
            (StaffRole::Officer, Some(AGENCY)),
            (StaffRole::Supervisor, Some(AGENCY)),
        ],
    )
    .await
}

/// The document number and token shown on the holder's document page.
async fn document_of(citizen: &Actor, reference: &str) -> (String, String) {
    let r = citizen
        .get(&format!("/documents/by-case/{reference}"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let number = r.location().trim_start_matches("/documents/").to_owned();
    let page = citizen.get(&format!("/documents/{number}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let at = page
        .text
        .find("class=\"gerbang-token\">")
        .expect("token shown")
        + 22;
    let end = page.text[at..].find('<').expect("end");
    (number, page.text[at..at + end].to_owned())
}

async fn verify_token(visitor: &Actor, token: &str) -> common::Resp {
    visitor
        .post_multipart("/verify", &[("token", token)], &[])
        .await
}

async fn verify_pdf(visitor: &Actor, pdf: Vec<u8>) -> common::Resp {
    visitor
        .post_multipart("/verify", &[("token", "")], &[("pdf", "doc.pdf", pdf)])
        .await
}

fn verdict(r: &common::Resp) -> &str {
    let at = r.text.find("data-verdict=\"").map(|i| i + 14);
    at.and_then(|i| r.text[i..].split('"').next())
        .unwrap_or("none")
}

#[tokio::test]
async fn approval_issues_a_signed_document_that_anyone_can_verify() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let officer = officer(&app).await;
    let reference = approved_case(&app, &citizen, &officer).await;

    assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'document.issue'")
            .await,
        1
    );
    citizen
        .get(&format!("/applications/{reference}"))
        .await
        .assert_contains(&format!("/documents/by-case/{reference}"));
    let (number, token) = document_of(&citizen, &reference).await;
    assert!(number.starts_with("DOC-"));
    citizen
        .get("/documents")
        .await
        .assert_contains(&number)
        .assert_contains(&format!("/documents/{number}/pdf"));

    let jwks = app.visitor().get("/.well-known/jwks.json").await;
    assert_eq!(jwks.status, StatusCode::OK);
    let keys = jwks.json();
    let key = &keys["keys"][0];
    assert_eq!(key["kty"], "OKP");
    assert_eq!(key["crv"], "Ed25519");
    assert_eq!(key["alg"], "EdDSA");
    assert_eq!(key["use"], "sig");
    assert_eq!(key["agency"], AGENCY);
    assert!(key.get("d").is_none(), "never the private part");
    let header: serde_json::Value = serde_json::from_slice(
        &B64.decode(token.split('.').next().unwrap_or(""))
            .expect("b64"),
    )
    .expect("json");
    assert_eq!(header["alg"], "EdDSA");
    assert_eq!(header["kid"], key["kid"]);

    let anyone = app.visitor();
    let ok = verify_token(&anyone, &token).await;
    assert_eq!(verdict(&ok), "valid", "{}", ok.text);
    ok.assert_contains("Siti Rahmawati")
        .assert_contains(&number);
    let by_link = anyone.get(&format!("/verify?token={token}")).await;
    assert_eq!(verdict(&by_link), "valid");
    // A person may paste what the QR code holds: the address with the token.
    let pasted = verify_token(&anyone, &format!("{}/verify?token={token}", app.base)).await;
    assert_eq!(verdict(&pasted), "valid", "{}", pasted.text);
    // The QR code on the page holds that address, and the PDF prints it in full.
    citizen
        .get(&format!("/documents/{number}"))
        .await
        .assert_contains("<svg");
    let status = anyone
        .get(&format!("/.well-known/status-lists/{AGENCY}"))
        .await;
    assert_eq!(status.status, StatusCode::OK);
    assert_eq!(status.header("content-type"), "application/statuslist+jwt");
    assert_eq!(
        anyone.get("/.well-known/status-lists/nope").await.status,
        StatusCode::NOT_FOUND
    );

    let pdf = citizen.get_bytes(&format!("/documents/{number}/pdf")).await;
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(verdict(&verify_pdf(&anyone, pdf.clone()).await), "valid");
    let mut altered = pdf.clone();
    let at = altered.len() / 2;
    altered[at] ^= 0x01;
    assert_eq!(verdict(&verify_pdf(&anyone, altered).await), "invalid");
    assert_eq!(
        verdict(&verify_pdf(&anyone, pdf_bytes()).await),
        "invalid",
        "a PDF without a token"
    );

    // Only the holder and the issuing agency's staff see the document.
    let other = app.citizen("budi@example.id").await;
    for path in [
        format!("/documents/{number}"),
        format!("/documents/{number}/pdf"),
        format!("/documents/by-case/{reference}"),
    ] {
        assert_eq!(
            other.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        anyone.get(&format!("/documents/{number}")).await.status,
        StatusCode::SEE_OTHER,
        "anonymous visitors are asked to sign in"
    );
    officer
        .get(&format!("/documents/{number}"))
        .await
        .assert_contains("Revoke document");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'document.read'")
            .await,
        1,
        "staff reads are audited"
    );
}

fn hmac_sha256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut k = [0u8; 64];
    k[..key.len()].copy_from_slice(key);
    let inner: Vec<u8> = k
        .iter()
        .map(|b| b ^ 0x36)
        .chain(msg.iter().copied())
        .collect();
    let ih = Sha256::digest(&inner);
    let outer: Vec<u8> = k
        .iter()
        .map(|b| b ^ 0x5c)
        .chain(ih.iter().copied())
        .collect();
    Sha256::digest(&outer).to_vec()
}

#[tokio::test]
async fn forged_tokens_are_refused() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let officer = officer(&app).await;
    let reference = approved_case(&app, &citizen, &officer).await;
    let (_, token) = document_of(&citizen, &reference).await;
    let parts: Vec<&str> = token.split('.').collect();
    let header: serde_json::Value =
        serde_json::from_slice(&B64.decode(parts[0]).expect("b64")).expect("json");
    let kid = header["kid"].as_str().expect("kid").to_owned();
    let mut claims: serde_json::Value =
        serde_json::from_slice(&B64.decode(parts[1]).expect("b64")).expect("json");
    let anyone = app.visitor();

    claims["holder"] = "Mallory".into();
    let forged_payload = B64.encode(claims.to_string());
    let tampered = format!("{}.{forged_payload}.{}", parts[0], parts[2]);
    assert_eq!(verdict(&verify_token(&anyone, &tampered).await), "invalid");

    // Signed correctly, but by a key we never published, under its own kid.
    let rogue = gerbang_docs::keys::generate_signing_key();
    let rogue_kid = gerbang_docs::jws::thumbprint(&rogue.verifying_key());
    let wrong_kid =
        gerbang_docs::jws::sign(&rogue, &rogue_kid, &B64.decode(parts[1]).expect("b64"));
    assert_eq!(verdict(&verify_token(&anyone, &wrong_kid).await), "invalid");
    // ... or claiming the agency's kid.
    let stolen_kid = gerbang_docs::jws::sign(&rogue, &kid, &B64.decode(parts[1]).expect("b64"));
    assert_eq!(
        verdict(&verify_token(&anyone, &stolen_kid).await),
        "invalid"
    );

    let none_header = B64.encode(format!(r#"{{"alg":"none","kid":"{kid}"}}"#));
    let none = format!("{none_header}.{}.", parts[1]);
    assert_eq!(verdict(&verify_token(&anyone, &none).await), "invalid");

    // HS256 with the published public key bytes as the HMAC secret (key confusion).
    let jwks = anyone.get("/.well-known/jwks.json").await.json();
    let x = B64
        .decode(jwks["keys"][0]["x"].as_str().expect("x"))
        .expect("b64");
    let hs_header = B64.encode(format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{kid}"}}"#));
    let input = format!("{hs_header}.{}", parts[1]);
    let mac = hmac_sha256(&x, input.as_bytes());
    let hs = format!("{input}.{}", B64.encode(mac));
    assert_eq!(verdict(&verify_token(&anyone, &hs).await), "invalid");

    assert_eq!(
        verdict(&verify_token(&anyone, "not a token").await),
        "invalid"
    );
    let empty = verify_token(&anyone, "").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(verdict(&verify_token(&anyone, &token).await), "valid");
}

#[tokio::test]
async fn an_officer_revokes_with_a_reason_and_verification_says_so() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let officer = officer(&app).await;
    let reference = approved_case(&app, &citizen, &officer).await;
    let (number, token) = document_of(&citizen, &reference).await;
    let path = format!("/documents/{number}/revoke");

    assert_eq!(
        citizen.post_form(&path, &[("reason", "mine")]).await.status,
        StatusCode::FORBIDDEN,
        "the holder cannot revoke"
    );
    let elsewhere = app
        .signed_in(
            "dinkes@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("health-office"))],
        )
        .await;
    assert_eq!(
        elsewhere.post_form(&path, &[("reason", "x")]).await.status,
        StatusCode::NOT_FOUND,
        "another agency's officer"
    );
    let blank = officer.post_form(&path, &[("reason", "  ")]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    blank.assert_contains("Give the reason");
    let done = officer
        .post_form(&path, &[("reason", "Issued on a forged covering letter")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    assert_eq!(
        officer
            .post_form(&path, &[("reason", "again")])
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'document.revoke'")
            .await,
        1
    );
    let r = verify_token(&app.visitor(), &token).await;
    assert_eq!(verdict(&r), "revoked", "{}", r.text);
    r.assert_contains("Issued on a forged covering letter")
        .assert_contains(&common_today());
    citizen.get("/documents").await.assert_contains("Revoked");
}

/// Today's date in WIB, as verification prints it: "7 December 2026".
fn common_today() -> String {
    gerbang_domain::i18n::Lang::En
        .long_date((time::OffsetDateTime::now_utc() + time::Duration::hours(7)).date())
}

#[tokio::test]
async fn rotating_the_key_keeps_old_documents_valid() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let officer = officer(&app).await;
    let first = approved_case(&app, &citizen, &officer).await;
    let (_, old_token) = document_of(&citizen, &first).await;

    let kek = gerbang_web::documents::service::load_kek(None, &app.data_dir, true).expect("kek");
    let (old, new) = gerbang_web::documents::service::rotate_key(
        &app.db,
        &kek,
        AGENCY,
        &gerbang_web::accounts::service::Meta::cli(),
    )
    .await
    .expect("rotate");
    assert!(old.is_some());
    assert_ne!(old.as_deref(), Some(new.as_str()));

    let second = approved_case(&app, &citizen, &officer).await;
    let (_, new_token) = document_of(&citizen, &second).await;
    let kid_of = |t: &str| -> String {
        let h: serde_json::Value =
            serde_json::from_slice(&B64.decode(t.split('.').next().unwrap_or("")).expect("b64"))
                .expect("json");
        h["kid"].as_str().unwrap_or_default().to_owned()
    };
    assert_eq!(kid_of(&new_token), new);
    assert_ne!(kid_of(&old_token), new);

    let jwks = app.visitor().get("/.well-known/jwks.json").await.json();
    let statuses: Vec<&str> = jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .map(|k| k["status"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(statuses, vec!["retired", "current"]);
    let anyone = app.visitor();
    assert_eq!(verdict(&verify_token(&anyone, &old_token).await), "valid");
    assert_eq!(verdict(&verify_token(&anyone, &new_token).await), "valid");
    assert!(
        gerbang_web::documents::service::rotate_key(
            &app.db,
            &kek,
            "no-such-agency",
            &gerbang_web::accounts::service::Meta::cli()
        )
        .await
        .is_err()
    );
}

#[tokio::test]
async fn an_independent_jose_library_verifies_issued_documents() {
    let has_pyjwt = std::process::Command::new("python3")
        .args(["-c", "import jwt"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_pyjwt {
        // Continuous integration installs it: there, a missing verifier is a failure.
        assert!(
            std::env::var_os("CI").is_none(),
            "PyJWT is not installed (pip install \"pyjwt[crypto]==2.10.1\"): the independent verifier cannot run"
        );
        eprintln!(
            "PyJWT is not installed (pip install \"pyjwt[crypto]==2.10.1\"); this run did not check documents with an independent verifier"
        );
        return;
    }
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let officer = officer(&app).await;
    let reference = approved_case(&app, &citizen, &officer).await;
    let (number, token) = document_of(&citizen, &reference).await;
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/jose/verify.py");
    let run = |args: Vec<String>| {
        let base = app.base.clone();
        let script = script.clone();
        tokio::task::spawn_blocking(move || {
            std::process::Command::new("python3")
                .arg(&script)
                .arg(base)
                .args(args)
                .output()
                .expect("python3 runs")
        })
    };
    // What the QR code holds: the verification page's address carrying the token.
    let qr = format!("{}/verify?token={token}", app.base);
    let out = run(vec![qr.clone()]).await.expect("join");
    assert!(
        out.status.success(),
        "PyJWT rejected our token: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verified: serde_json::Value = serde_json::from_slice(&out.stdout).expect("claims JSON");
    let claims = &verified["claims"];
    assert_eq!(claims["jti"], number.as_str());
    assert_eq!(claims["iss"], AGENCY);
    assert_eq!(claims["holder"], "Test siti@example.id");
    assert_eq!(
        verified["revoked"], false,
        "the signed status list says valid"
    );

    // The PDF file is tied to the document by its seal, which anyone can recompute.
    let pdf = citizen.get_bytes(&format!("/documents/{number}/pdf")).await;
    let file = app.data_dir.join("downloaded.pdf");
    std::fs::write(&file, &pdf).expect("write");
    let out = run(vec!["--pdf".into(), file.display().to_string()])
        .await
        .expect("join");
    assert!(
        out.status.success(),
        "the seal did not verify: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seal: serde_json::Value = serde_json::from_slice(&out.stdout).expect("seal JSON");
    assert_eq!(seal["jti"], number.as_str());
    let mut tampered_pdf = pdf.clone();
    let middle = tampered_pdf.len() / 2;
    tampered_pdf[middle] ^= 0x20;
    std::fs::write(&file, &tampered_pdf).expect("write");
    let out = run(vec!["--pdf".into(), file.display().to_string()])
        .await
        .expect("join");
    assert!(!out.status.success(), "a changed file must not verify");

    // Revoked: the status list says so to a verifier that never asks about the document.
    let supervisor = officer;
    let done = supervisor
        .post_form(
            &format!("/documents/{number}/revoke"),
            &[("reason", "Issued in error")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let out = run(vec![qr]).await.expect("join");
    let verified: serde_json::Value = serde_json::from_slice(&out.stdout).expect("claims JSON");
    assert_eq!(verified["revoked"], true, "{verified}");

    let parts: Vec<&str> = token.split('.').collect();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        B64.encode(br#"{"iss":"x"}"#),
        parts[2]
    );
    let out = run(vec![tampered]).await.expect("join");
    assert!(
        !out.status.success(),
        "PyJWT must reject a tampered token too"
    );
}

trait GetBytes {
    async fn get_bytes(&self, path: &str) -> Vec<u8>;
}

impl GetBytes for Actor {
    async fn get_bytes(&self, path: &str) -> Vec<u8> {
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET");
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/pdf")
        );
        res.bytes().await.expect("body").to_vec()
    }
}

#[tokio::test]
async fn the_holder_fetches_the_document_its_jws_and_pdf_through_the_api() {
    let app = TestApp::new().await;
    let api = app
        .api_user("siti@example.id", AccountKind::Citizen, &[])
        .await;
    let citizen = app.visitor();
    app.sign_in(&citizen, "siti@example.id").await;
    let officer = officer(&app).await;
    let reference = approved_case(&app, &citizen, &officer).await;
    let list = api.get("/api/v1/documents").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let docs = list.json();
    let doc = &docs["documents"][0];
    let number = doc["number"].as_str().expect("number").to_owned();
    assert_eq!(
        doc["jws"].as_str().map(|j| j.split('.').count()),
        Some(3),
        "a compact JWS"
    );
    let pdf_path = doc["pdf"].as_str().expect("pdf link").to_owned();
    let pdf = api.get(&pdf_path).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(
        pdf.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/pdf")
    );
    assert!(pdf.text.starts_with("%PDF-"));
    // The case's document is the one listed.
    let one = api
        .get(&format!(
            "/api/v1/documents/{}",
            pdf_path
                .trim_start_matches("/api/v1/documents/")
                .trim_end_matches("/pdf")
        ))
        .await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.text);
    assert_eq!(one.json()["number"], number.as_str());
    // Someone else: not found, as if it did not exist.
    let other = app
        .api_user("budi@example.id", AccountKind::Citizen, &[])
        .await;
    assert_eq!(other.get(&pdf_path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        other.get("/api/v1/documents").await.json()["documents"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    let _ = reference;
}
