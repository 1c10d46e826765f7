//! The audit log as a transparency log: the sealer signs tree heads, anyone checks
//! inclusion and consistency proofs against them, an applicant proves their decision is
//! in the log, published entries carry no personal data, and verification names each
//! tampering done directly in the database. Runs on SQLite, and on PostgreSQL with
//! TEST_DATABASE_URL.

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD};
use common::{Actor, TestApp, pdf_bytes, reference_from};
use gerbang_app::transparency::{self as log, Tampering};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use gerbang_domain::merkle;
use reqwest::StatusCode;

const BIRTH: &[(&str, &str)] = &[
    ("child_name", "Putri Ayu Lestari"),
    ("child_sex", "female"),
    ("birth_date", "2026-10-01"),
    ("birth_place", "RSUD Kota Contoh"),
    ("birth_order", "1"),
    ("mother_nik", "3374055202950003"),
    ("declaration", "on"),
    ("idempotency_key", "log"),
];

async fn decided_case(app: &TestApp, citizen: &Actor) -> String {
    let files = vec![
        ("birth_statement", "surat-lahir.pdf", pdf_bytes()),
        ("marriage_document", "buku-nikah.pdf", pdf_bytes()),
    ];
    let res = citizen
        .post_multipart("/services/birth-certificate/apply", BIRTH, &files)
        .await;
    let reference = reference_from(res.location());
    let officer = app
        .signed_in(
            "petugas@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    let supervisor = app
        .signed_in(
            "penyelia@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Supervisor, Some("civil-registry"))],
        )
        .await;
    let path = format!("/backoffice/cases/{reference}/act");
    for (who, action) in [
        (&officer, "accept"),
        (&officer, "recommend"),
        (&supervisor, "approve"),
    ] {
        let res = who
            .post_form(&path, &[("action", action), ("comment", "")])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{action}: {}", res.text);
    }
    reference
}

fn hash(b64: &str) -> merkle::Hash {
    B64.decode(b64)
        .expect("base64")
        .try_into()
        .expect("32 bytes")
}

fn hashes(v: &serde_json::Value) -> Vec<merkle::Hash> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|h| hash(h.as_str().expect("string")))
        .collect()
}

/// Checks a signed head's JWS with the published key and returns its root.
fn checked_root(head: &serde_json::Value, keys: &serde_json::Value) -> merkle::Hash {
    let kid = head["key_id"].as_str().expect("kid");
    let jwk = keys["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .find(|k| k["kid"] == kid)
        .expect("the head's key is published");
    let x: [u8; 32] = URL_SAFE_NO_PAD
        .decode(jwk["x"].as_str().expect("x"))
        .expect("x")
        .try_into()
        .expect("32 bytes");
    let key = gerbang_docs::keys::public_from_bytes(&x).expect("Ed25519 key");
    let payload =
        gerbang_docs::jws::verify_with(&key, head["tree_head_signature"].as_str().expect("jws"))
            .expect("the head's signature verifies");
    let payload: serde_json::Value = serde_json::from_slice(&payload).expect("json");
    assert_eq!(payload["tree_size"], head["tree_size"]);
    assert_eq!(payload["sha256_root_hash"], head["sha256_root_hash"]);
    hash(head["sha256_root_hash"].as_str().expect("root"))
}

#[tokio::test]
async fn decisions_are_provably_in_the_log_and_every_tampering_is_named() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let reference = decided_case(&app, &citizen).await;
    let visitor = app.visitor();

    // Nothing is signed before the sealer runs; the proof is not there yet.
    let none = visitor.get("/api/v1/transparency/sth").await;
    assert_eq!(none.status, StatusCode::NOT_FOUND, "{}", none.text);
    let early = citizen
        .get(&format!("/applications/{reference}/log-proof"))
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text);

    let sealed = log::seal(&app.app).await.expect("seal");
    assert!(sealed > 10, "sealed {sealed}");
    assert_eq!(log::seal(&app.app).await.expect("again"), 0, "nothing left");
    let head = visitor.get("/api/v1/transparency/sth").await.json();
    let keys = visitor.get("/api/v1/transparency/keys").await.json();
    let root = checked_root(&head, &keys);
    let size = head["tree_size"].as_u64().expect("size");
    assert_eq!(size, u64::try_from(sealed).expect("size"));

    // The applicant's proof: the leaf is theirs (the opaque subject recomputes from the
    // salt and their reference), it is the approval, and its path leads to the signed root.
    citizen
        .get(&format!("/applications/{reference}"))
        .await
        .assert_contains(&format!("/applications/{reference}/log-proof"));
    let proof = citizen
        .get(&format!("/applications/{reference}/log-proof"))
        .await
        .json();
    assert_eq!(proof["entry"]["action"], "application.approve");
    assert_eq!(proof["subject"], format!("application:{reference}"));
    let salt = hex::decode(proof["salt"].as_str().expect("salt")).expect("hex");
    assert_eq!(
        proof["entry"]["subject"],
        log::opaque_subject(&format!("application:{reference}"), &salt)
    );
    let leaf = merkle::leaf_hash(proof["leaf_data"].as_str().expect("data").as_bytes());
    assert_eq!(leaf, hash(proof["leaf_hash"].as_str().expect("leaf")));
    let index = proof["entry"]["leaf_index"].as_u64().expect("index");
    let proof_root = checked_root(&proof["tree_head"], &keys);
    assert!(merkle::verify_inclusion(
        index,
        proof["tree_head"]["tree_size"].as_u64().expect("size"),
        &leaf,
        &hashes(&proof["audit_path"]),
        &proof_root,
    ));
    // The public endpoint gives the same path.
    let path = visitor
        .get(&format!(
            "/api/v1/transparency/proof/inclusion?leaf_index={index}&tree_size={size}"
        ))
        .await
        .json();
    assert!(merkle::verify_inclusion(
        index,
        size,
        &leaf,
        &hashes(&path["audit_path"]),
        &root
    ));
    // Nobody else gets the applicant's proof.
    let other = app.citizen("budi@example.id").await;
    let refused = other
        .get(&format!("/applications/{reference}/log-proof"))
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    // Published entries carry no personal data: no email, name, NIK or reference.
    let entries = visitor
        .get(&format!("/api/v1/transparency/entries?start=0&end={size}"))
        .await;
    assert_eq!(entries.status, StatusCode::OK, "{}", entries.text);
    for secret in [
        "siti@example.id",
        "petugas@contoh.go.id",
        "Putri",
        "3374055202950003",
        reference.as_str(),
    ] {
        assert!(
            !entries.text.contains(secret),
            "{secret} in {}",
            entries.text
        );
    }
    let listed = entries.json();
    assert_eq!(
        listed["entries"].as_array().map(Vec::len),
        Some(usize::try_from(size.min(100)).expect("n"))
    );

    // More entries, another head: the newer tree is consistent with the older one.
    let more = app.citizen("ani@example.id").await;
    more.get("/applications").await;
    assert!(log::seal(&app.app).await.expect("seal") > 0);
    let newer = visitor.get("/api/v1/transparency/sth").await.json();
    let newer_root = checked_root(&newer, &keys);
    let second = newer["tree_size"].as_u64().expect("size");
    let consistency = visitor
        .get(&format!(
            "/api/v1/transparency/proof/consistency?first={size}&second={second}"
        ))
        .await
        .json();
    assert!(merkle::verify_consistency(
        size,
        second,
        &root,
        &newer_root,
        &hashes(&consistency["consistency"])
    ));
    // A size no head was signed for is refused with the API's problem document.
    let bad = visitor
        .get(&format!(
            "/api/v1/transparency/proof/consistency?first={}&second={second}",
            size - 1
        ))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert_eq!(
        bad.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
    visitor
        .get("/transparency")
        .await
        .assert_contains(newer["sha256_root_hash"].as_str().expect("root"));

    // An untouched log verifies.
    let quiet = |_: u64, _: u64| {};
    let clean = log::verify(&app.db, &quiet).await.expect("verify");
    assert!(clean.problems.is_empty(), "{:?}", clean.problems);
    assert_eq!(clean.tree_size, second);
    assert!(
        second >= 16,
        "enough leaves for the tampering below: {second}"
    );

    // Tampering straight in the database, each named by verification.
    app.execute("UPDATE audit_log SET details = '{\"tampered\":true}' WHERE leaf_index = 2")
        .await;
    app.execute("DELETE FROM audit_log WHERE leaf_index = 4")
        .await;
    app.execute("UPDATE audit_log SET leaf_index = -1 WHERE leaf_index = 6")
        .await;
    app.execute("UPDATE audit_log SET leaf_index = 6 WHERE leaf_index = 7")
        .await;
    app.execute("UPDATE audit_log SET leaf_index = 7 WHERE leaf_index = -1")
        .await;
    // An entry slipped in at leaf 10, the later ones pushed up by one.
    app.execute("UPDATE audit_log SET leaf_index = -leaf_index - 1000 WHERE leaf_index >= 10")
        .await;
    app.execute("UPDATE audit_log SET leaf_index = -leaf_index - 999 WHERE leaf_index <= -1000")
        .await;
    app.execute(
        "INSERT INTO audit_log (at, actor_id, actor, action, subject, request_id, details, leaf_index) \
         VALUES ('2026-01-05T09:00:00Z', NULL, 'system', 'application.approve', 'application:GRB-FAKE', '-', '{}', 10)",
    )
    .await;
    // And one back-dated before the heads, never sealed.
    app.execute(
        "INSERT INTO audit_log (at, actor_id, actor, action, subject, request_id, details) \
         VALUES ('2020-01-01T00:00:00Z', NULL, 'system', 'application.approve', 'application:GRB-OLD', '-', '{}')",
    )
    .await;
    let report = log::verify(&app.db, &quiet).await.expect("verify");
    let found = &report.problems;
    let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
    eprintln!("{}", lines.join("\n"));
    let has = |p: &dyn Fn(&Tampering) -> bool| found.iter().any(p);
    assert!(
        has(&|p| matches!(p, Tampering::Changed { leaf: 2, .. })),
        "{lines:?}"
    );
    assert!(
        has(&|p| matches!(p, Tampering::Deleted { leaf: 4 })),
        "{lines:?}"
    );
    assert!(
        has(&|p| matches!(
            p,
            Tampering::Moved {
                leaf: 6,
                sealed_at: 7,
                ..
            }
        )),
        "{lines:?}"
    );
    assert!(
        has(&|p| matches!(
            p,
            Tampering::Moved {
                leaf: 7,
                sealed_at: 6,
                ..
            }
        )),
        "{lines:?}"
    );
    assert!(
        has(&|p| matches!(p, Tampering::Inserted { leaf: 10, .. })),
        "{lines:?}"
    );
    assert!(
        has(&|p| matches!(p, Tampering::Shifted { from: 11, by: 1, to } if *to == second - 1)),
        "{lines:?}"
    );
    assert!(
        has(&|p| matches!(p, Tampering::BeyondTree { leaf, .. } if *leaf == second)),
        "{lines:?}"
    );
    assert!(
        has(&|p| matches!(p, Tampering::Backdated { .. })),
        "{lines:?}"
    );
    assert!(
        has(&|p| matches!(p, Tampering::HeadMismatch { .. })),
        "{lines:?}"
    );
    // Nothing else is blamed: leaves 0, 1, 3, 5, 8 and 9 are intact.
    for leaf in [0u64, 1, 3, 5, 8, 9] {
        assert!(
            !has(&|p| matches!(p,
                Tampering::Changed { leaf: l, .. } | Tampering::Moved { leaf: l, .. }
                | Tampering::Inserted { leaf: l, .. } | Tampering::Deleted { leaf: l } if *l == leaf)),
            "leaf {leaf} blamed: {lines:?}"
        );
    }

    // A forged head signature is named too.
    app.execute("UPDATE audit_tree_heads SET signature = signature || signature WHERE tree_size = (SELECT MIN(tree_size) FROM audit_tree_heads)")
        .await;
    let report = log::verify(&app.db, &quiet).await.expect("verify");
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, Tampering::BadSignature { tree_size } if *tree_size == size)),
        "{:?}",
        report.problems
    );
}

/// "My data": the officer's read of a citizen's case is listed for that citizen (agency,
/// role and case, not the officer's name), for nobody else; the JSON export holds the
/// citizen's application and the same reads.
#[tokio::test]
async fn a_citizen_sees_which_agency_and_role_read_their_case_and_downloads_their_data() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let reference = decided_case(&app, &citizen).await;
    let empty = app.citizen("budi@example.id").await;
    // An officer who did not work the case opens it (those who did are in the same visit
    // as their own actions for two minutes: one record, the action).
    let officer = app
        .signed_in(
            "pemeriksa@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    officer
        .get(&format!("/backoffice/cases/{reference}"))
        .await
        .assert_contains(&reference);

    let page = citizen.get("/account/my-data").await;
    page.assert_contains("Who looked at my data")
        .assert_contains(&format!("Your application {reference}"))
        .assert_contains("Officer");
    assert!(
        !page.text.contains("pemeriksa@contoh.go.id"),
        "{}",
        page.text
    );
    citizen
        .get("/account")
        .await
        .assert_contains("/account/my-data");

    let export = citizen.get("/account/my-data.json").await;
    assert_eq!(
        export
            .headers
            .get("content-disposition")
            .and_then(|v| v.to_str().ok()),
        Some("attachment; filename=\"my-data.json\"")
    );
    let data = export.json();
    assert_eq!(data["account"]["email"], "siti@example.id");
    assert_eq!(data["applications"][0]["reference"], reference.as_str());
    assert_eq!(
        data["applications"][0]["answers"]["child_name"],
        "Putri Ayu Lestari"
    );
    let reads = data["staff_reads"].as_array().expect("reads");
    assert!(!reads.is_empty(), "{data}");
    assert!(reads.iter().all(|r| r["record"] == reference.as_str()
        && r["agency"] == "civil-registry"
        && r.get("officer").is_none()));
    assert!(
        reads.iter().any(|r| r["roles"][0] == "officer"),
        "{reads:?}"
    );

    // Another person sees none of it.
    let other = empty.get("/account/my-data").await;
    other.assert_contains("Nobody on the staff has opened");
    assert!(!other.text.contains(&reference));
    let other = empty.get("/account/my-data.json").await.json();
    assert_eq!(other["applications"].as_array().map(Vec::len), Some(0));
    // Signed out: the sign-in page, not the data.
    let visitor = app.visitor().get("/account/my-data.json").await;
    assert!(!visitor.text.contains("siti@example.id"));
}

#[tokio::test]
async fn an_auditor_reads_the_full_log_of_their_agency_with_unfounded_reads_flagged() {
    let app = TestApp::new().await;
    let citizen = app.citizen("siti@example.id").await;
    let reference = decided_case(&app, &citizen).await;
    let subject = format!("application:{reference}");
    // An officer of the agency who never worked the case opens it after its decision:
    // allowed (colleagues cover for each other), but nothing stood behind the read.
    let curious = app
        .signed_in(
            "pemeriksa@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    curious
        .get(&format!("/backoffice/cases/{reference}"))
        .await
        .assert_contains(&reference);

    let auditor = app
        .signed_in(
            "inspektur@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Auditor, Some("civil-registry"))],
        )
        .await;
    auditor
        .get("/backoffice")
        .await
        .assert_contains("href=\"/backoffice/audit-log\"");
    let flagged = auditor
        .get("/backoffice/audit-log?agency=civil-registry&flagged=1")
        .await;
    assert_eq!(flagged.status, StatusCode::OK, "{}", flagged.text);
    flagged
        .assert_contains("pemeriksa@contoh.go.id")
        .assert_contains(&subject)
        .assert_contains("Nothing behind it")
        .assert_contains("One staff read had nothing behind it");
    // The officers who worked the case read it as open work: not flagged.
    assert!(
        !flagged.text.contains("petugas@contoh.go.id"),
        "{}",
        flagged.text
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE flagged")
            .await,
        1
    );

    // The whole log of the agency: the decision with its actor and details, personal
    // data included, which the public log leaves out.
    let all = auditor
        .get(&format!(
            "/backoffice/audit-log?agency=civil-registry&subject={subject}"
        ))
        .await;
    all.assert_contains("penyelia@contoh.go.id")
        .assert_contains("application.read")
        .assert_contains("Nothing behind it");
    let by_action = auditor
        .get("/backoffice/audit-log?agency=civil-registry&action=application.read")
        .await;
    assert!(!by_action.text.contains("<code>application.submit"));

    // Each reading of the log is itself an entry, with what was asked.
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'audit_log.read' \
             AND actor = 'inspektur@contoh.go.id' AND subject = 'agency:civil-registry'"
        )
        .await,
        3
    );

    // Another agency's log, the installation's, an unknown agency: refused.
    for (path, status) in [
        (
            "/backoffice/audit-log?agency=licensing-office",
            StatusCode::FORBIDDEN,
        ),
        ("/backoffice/audit-log?agency=all", StatusCode::FORBIDDEN),
        (
            "/backoffice/audit-log?agency=nowhere",
            StatusCode::NOT_FOUND,
        ),
    ] {
        assert_eq!(auditor.get(path).await.status, status, "{path}");
    }
    // Officers, administrators and citizens do not read the full log.
    let admin = app
        .signed_in(
            "kepala@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::AgencyAdmin, Some("civil-registry"))],
        )
        .await;
    for who in [&curious, &admin, &citizen] {
        let res = who.get("/backoffice/audit-log").await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
        assert!(!res.text.contains(&subject));
    }

    // An auditor of the whole installation reads every agency's entries, in Indonesian too.
    let inspectorate = app
        .signed_in(
            "inspektorat@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Auditor, None)],
        )
        .await;
    let page = inspectorate.get("/backoffice/audit-log?flagged=1").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    page.assert_contains("pemeriksa@contoh.go.id");
    let id = app.visitor_speaking("id");
    assert_eq!(
        app.sign_in(&id, "inspektorat@contoh.go.id").await.status,
        StatusCode::SEE_OTHER
    );
    id.get("/backoffice/audit-log?agency=civil-registry&flagged=1")
        .await
        .assert_contains("Log audit: entri lengkap")
        .assert_contains("Tanpa dasar");
}
