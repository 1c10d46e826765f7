//! Once-only data exchange between agencies: agreements approved by both administrators,
//! a consented lookup that replaces an upload, an officer's query from a case, the log on
//! both sides and in "My data", and every refusal with its stable type. Runs on SQLite, and
//! on PostgreSQL with TEST_DATABASE_URL.

mod common;

use common::{Actor, TestApp, pdf_bytes, reference_from};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use reqwest::StatusCode;

const DOMICILE: &str = "/services/certificate-of-domicile/apply";

/// The demo's registers, loaded as an administrator would with `gerbang register load`.
pub async fn load_registers(app: &TestApp) {
    for (agency, register, text) in [
        (
            "civil-registry",
            "residents",
            include_str!("../../../catalog/registers/civil-registry.residents.jsonl"),
        ),
        (
            "civil-registry",
            "families",
            include_str!("../../../catalog/registers/civil-registry.families.jsonl"),
        ),
        (
            "licensing-office",
            "business-licences",
            include_str!("../../../catalog/registers/licensing-office.business-licences.jsonl"),
        ),
    ] {
        gerbang_app::exchange::load_register(&app.app, agency, register, text, "test")
            .await
            .expect("load register");
    }
}

async fn admin(app: &TestApp, email: &str, agencies: &[&'static str]) -> Actor {
    let roles: Vec<(StaffRole, Option<&str>)> = agencies
        .iter()
        .map(|a| (StaffRole::AgencyAdmin, Some(*a)))
        .collect();
    app.signed_in(email, AccountKind::Staff, &roles).await
}

async fn service_id(app: &TestApp, agency: &str, slug: &str) -> i64 {
    gerbang_store::exchange::service(&app.db, agency, slug)
        .await
        .expect("query")
        .expect("data service")
        .id
}

async fn agency_id(app: &TestApp, slug: &str) -> i64 {
    app.app
        .catalogue()
        .await
        .expect("catalogue")
        .agency(slug)
        .expect("agency")
        .id
}

/// The sub-district's administrator proposes that it may ask the civil registry's
/// `data_service` for these fields, to check where applicants live; returns its id.
async fn propose_to_registry(
    app: &TestApp,
    subdistrict: &Actor,
    data_service: &str,
    fields: &[&str],
) -> i64 {
    let service = service_id(app, "civil-registry", data_service)
        .await
        .to_string();
    let consumer = agency_id(app, "sukamaju-subdistrict").await.to_string();
    let mut form = vec![
        ("agency", "sukamaju-subdistrict"),
        ("service", service.as_str()),
        ("consumer", consumer.as_str()),
        ("purpose", "residence-verification"),
        ("valid_from", "2020-01-01"),
        ("valid_until", "2099-12-31"),
    ];
    form.extend(fields.iter().map(|f| ("field", *f)));
    let res = subdistrict
        .post_form("/backoffice/data-exchange/agreements", &form)
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    app.count("SELECT MAX(id) FROM data_agreements").await
}

/// The sub-district's administrator proposes the family-card agreement; returns its id.
async fn propose_family_cards(app: &TestApp, subdistrict: &Actor) -> i64 {
    propose_to_registry(
        app,
        subdistrict,
        "family-members",
        &["family_card_number", "head_of_family", "members"],
    )
    .await
}

fn consenting() -> Vec<(&'static str, &'static str)> {
    let mut fields = common::DOMICILE_ANSWERS.to_vec();
    fields.push(("family_card_from_registry", "on"));
    fields
}

fn without_family_card() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    vec![
        ("covering_letter", "pengantar.pdf", pdf_bytes()),
        ("identity_card", "ktp.pdf", pdf_bytes()),
    ]
}

#[tokio::test]
async fn a_consented_lookup_replaces_the_family_card_upload_once_both_agencies_agree() {
    let app = TestApp::new().await;
    load_registers(&app).await;
    let subdistrict = admin(&app, "camat-admin@contoh.go.id", &["sukamaju-subdistrict"]).await;
    let registry = admin(&app, "dukcapil-admin@contoh.go.id", &["civil-registry"]).await;
    let citizen = app.citizen("siti@example.id").await;
    let profiles = gerbang_app::maturity::profiles(&app.app)
        .await
        .expect("maturity");
    let domicile = profiles
        .iter()
        .flat_map(|a| &a.services)
        .find(|s| s.slug == "certificate-of-domicile")
        .map(|s| s.stage);
    assert_eq!(domicile, Some(3), "no live exchange yet");

    // Neither consent nor the upload: the form says what to do, and nothing is asked.
    let res = citizen
        .post_multipart(DOMICILE, common::DOMICILE_ANSWERS, &without_family_card())
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Tick the box to let us ask for your family card, or upload it");
    assert_eq!(app.count("SELECT COUNT(*) FROM data_exchanges").await, 0);

    // Consent before any agreement: refused, logged with its type, and the applicant is
    // told to upload instead.
    let res = citizen
        .post_multipart(DOMICILE, &consenting(), &without_family_card())
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Untick the box and upload it instead");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM data_exchanges WHERE outcome = 'no-agreement'")
            .await,
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);

    // Proposed by the consumer: still refused until the provider approves.
    let id = propose_family_cards(&app, &subdistrict).await;
    let res = citizen
        .post_multipart(DOMICILE, &consenting(), &without_family_card())
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM data_exchanges WHERE outcome = 'no-agreement'")
            .await,
        2
    );
    // The consumer cannot approve the provider's side for it.
    let res = subdistrict
        .post_form(
            &format!("/backoffice/data-exchange/agreements/{id}/approve"),
            &[("agency", "sukamaju-subdistrict")],
        )
        .await;
    assert_ne!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let res = registry
        .post_form(
            &format!("/backoffice/data-exchange/agreements/{id}/approve"),
            &[("agency", "civil-registry")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);

    // Now the lookup is answered and the case is filed without the family card.
    let res = citizen
        .post_multipart(DOMICILE, &consenting(), &without_family_card())
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let reference = reference_from(res.location());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM attachments WHERE field = 'family_card'")
            .await,
        0
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM data_exchanges WHERE outcome = 'answered' AND case_reference IS NOT NULL \
             AND subject_user_id IS NOT NULL AND agreement_id IS NOT NULL"
        )
        .await,
        1
    );
    // The service now reaches the fourth stage of maturity: integration.
    let stage = |profiles: &[gerbang_app::maturity::AgencyMaturity]| {
        profiles
            .iter()
            .flat_map(|a| &a.services)
            .find(|s| s.slug == "certificate-of-domicile")
            .map(|s| s.stage)
    };
    let profiles = gerbang_app::maturity::profiles(&app.app)
        .await
        .expect("maturity");
    assert_eq!(stage(&profiles), Some(4));
    // The evidence is the case's answer, with where it came from.
    // The applicant sees that it was answered; the officer sees what.
    let page = citizen.get(&format!("/applications/{reference}")).await;
    page.assert_contains(
        "Yes: answered by Population and Civil Registration Office of Contoh City",
    );
    assert!(
        !page.text.contains("3374050101180007"),
        "the answer is for staff"
    );
    let officer = app
        .signed_in(
            "camat@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("sukamaju-subdistrict"))],
        )
        .await;
    officer
        .get(&format!("/backoffice/cases/{reference}"))
        .await
        .assert_contains("Yes: answered by Population and Civil Registration Office of Contoh City")
        .assert_contains("3374050101180007");
    // The applicant sees the call on "My data"; both agencies see it in their log.
    citizen
        .get("/account/my-data")
        .await
        .assert_contains("asked Population and Civil Registration Office of Contoh City")
        .assert_contains(&reference);
    for (who, agency) in [
        (&subdistrict, "sukamaju-subdistrict"),
        (&registry, "civil-registry"),
    ] {
        let log = who
            .get(&format!("/backoffice/data-exchange?agency={agency}"))
            .await;
        assert_eq!(log.status, StatusCode::OK);
        log.assert_contains(&reference).assert_contains("Answered");
    }

    // A NIK the register does not hold: logged as such, and the form says so.
    let mut other = consenting();
    other.retain(|(k, _)| *k != "applicant_nik");
    other.push(("applicant_nik", "3374056007000001"));
    let res = citizen
        .post_multipart(DOMICILE, &other, &without_family_card())
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    res.assert_contains("holds no record for this NIK");

    // The provider switches the service off: refused as such.
    let sid = service_id(&app, "civil-registry", "family-members")
        .await
        .to_string();
    let res = registry
        .post_form(
            &format!("/backoffice/data-exchange/services/{sid}"),
            &[("agency", "civil-registry"), ("enabled", "0")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let res = citizen
        .post_multipart(DOMICILE, &consenting(), &without_family_card())
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM data_exchanges WHERE outcome = 'service-disabled'")
            .await,
        1
    );
    // Every change to an agreement or a service is audited.
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('agreement.proposed', 'agreement.approved', 'data_service.disabled')"
        )
        .await,
        3
    );
}

#[tokio::test]
async fn one_administrator_of_both_agencies_never_approves_both_sides() {
    let app = TestApp::new().await;
    let both = admin(
        &app,
        "both@contoh.go.id",
        &["sukamaju-subdistrict", "civil-registry"],
    )
    .await;
    let id = propose_family_cards(&app, &both).await;
    let res = both
        .post_form(
            &format!("/backoffice/data-exchange/agreements/{id}/approve"),
            &[("agency", "civil-registry")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM data_agreements WHERE provider_approved_at IS NOT NULL")
            .await,
        0
    );
    // Officers and citizens do not see the page; another agency's administrator sees
    // nothing of it.
    let officer = app
        .signed_in(
            "officer@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("civil-registry"))],
        )
        .await;
    assert_eq!(
        officer.get("/backoffice/data-exchange").await.status,
        StatusCode::FORBIDDEN
    );
    let other = admin(&app, "health-admin@contoh.go.id", &["health-office"]).await;
    let res = other
        .post_form(
            &format!("/backoffice/data-exchange/agreements/{id}/approve"),
            &[("agency", "health-office")],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.text);
}

#[tokio::test]
async fn an_officer_asks_from_a_case_under_an_agreement_and_the_answer_stays_with_the_case() {
    let app = TestApp::new().await;
    load_registers(&app).await;
    let subdistrict = admin(&app, "camat-admin@contoh.go.id", &["sukamaju-subdistrict"]).await;
    let registry = admin(&app, "dukcapil-admin@contoh.go.id", &["civil-registry"]).await;
    let id = propose_family_cards(&app, &subdistrict).await;
    registry
        .post_form(
            &format!("/backoffice/data-exchange/agreements/{id}/approve"),
            &[("agency", "civil-registry")],
        )
        .await;
    let citizen = app.citizen("siti@example.id").await;
    let res = citizen
        .post_multipart(
            DOMICILE,
            common::DOMICILE_ANSWERS,
            &common::domicile_files(),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let reference = reference_from(res.location());
    let officer = app
        .signed_in(
            "camat@contoh.go.id",
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("sukamaju-subdistrict"))],
        )
        .await;
    let page = officer.get(&format!("/backoffice/cases/{reference}")).await;
    page.assert_contains("civil-registry/family-members/residence-verification");
    let res = officer
        .post_form(
            &format!("/backoffice/cases/{reference}/data-queries"),
            &[
                (
                    "ask",
                    "civil-registry/family-members/residence-verification",
                ),
                ("input", "3374055202950003"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    officer
        .get(&format!("/backoffice/cases/{reference}"))
        .await
        .assert_contains("Agus Setiawan")
        .assert_contains("3374050101180007");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'exchange.query'")
            .await,
        1
    );
    // A purpose the agreement does not cover is refused, and logged.
    let res = officer
        .post_form(
            &format!("/backoffice/cases/{reference}/data-queries"),
            &[
                (
                    "ask",
                    "civil-registry/identity-by-nik/residence-verification",
                ),
                ("input", "3374055202950003"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM data_exchanges WHERE outcome = 'no-agreement'")
            .await,
        1
    );
    // The applicant cannot ask as an officer would.
    let res = citizen
        .post_form(
            &format!("/backoffice/cases/{reference}/data-queries"),
            &[
                (
                    "ask",
                    "civil-registry/family-members/residence-verification",
                ),
                ("input", "3374055202950003"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
    citizen
        .get("/account/my-data")
        .await
        .assert_contains("Family members");
}

/// Both administrators agree that the sub-district may ask the civil registry's identity
/// service, to check where an applicant lives.
async fn agree_identity(app: &TestApp, subdistrict: &Actor, registry: &Actor) {
    let id = propose_to_registry(
        app,
        subdistrict,
        "identity-by-nik",
        &["full_name", "address"],
    )
    .await;
    let res = registry
        .post_form(
            &format!("/backoffice/data-exchange/agreements/{id}/approve"),
            &[("agency", "civil-registry")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
}

/// The domicile answers with another full name and the identity check ticked.
fn checking(full_name: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut fields: Vec<_> = common::DOMICILE_ANSWERS
        .iter()
        .copied()
        .filter(|(k, _)| *k != "full_name" && *k != "address")
        .collect();
    fields.push(("full_name", full_name));
    fields.push(("identity_from_registry", "on"));
    fields
}

#[tokio::test]
async fn check_and_fill_in_verifies_the_name_and_fills_the_address_from_the_registry() {
    let app = TestApp::new().await;
    load_registers(&app).await;
    let subdistrict = admin(&app, "camat-admin@contoh.go.id", &["sukamaju-subdistrict"]).await;
    let registry = admin(&app, "dukcapil-admin@contoh.go.id", &["civil-registry"]).await;
    let citizen = app.citizen("siti@example.id").await;
    let mut pressing = checking("siti  RAHAYU");
    pressing.push(("intent", "prefill:identity_from_registry"));

    // The button is beside the consent box, on a new application.
    citizen
        .get(DOMICILE)
        .await
        .assert_contains("Check my details and fill in the form");

    // Without consent nothing is asked.
    let unticked: Vec<_> = pressing
        .iter()
        .copied()
        .filter(|(k, _)| *k != "identity_from_registry")
        .collect();
    let res = citizen.post_multipart(DOMICILE, &unticked, &[]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    res.assert_contains("Tick the box to let us ask the other agency");
    assert_eq!(app.count("SELECT COUNT(*) FROM data_exchanges").await, 0);

    // No agreement yet: refused and logged, and the form says so.
    let res = citizen.post_multipart(DOMICILE, &pressing, &[]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    res.assert_contains("We cannot ask the other agency");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM data_exchanges WHERE outcome = 'no-agreement'")
            .await,
        1
    );

    agree_identity(&app, &subdistrict, &registry).await;

    // A name the registry does not hold for this NIK: a mismatch on the name, and the
    // registry's name is not shown.
    let mut wrong = checking("Siti Rahmawati");
    wrong.push(("intent", "prefill:identity_from_registry"));
    let res = citizen.post_multipart(DOMICILE, &wrong, &[]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    res.assert_contains("it differs from the record the other agency holds for this NIK");
    assert!(
        !res.text.contains("Siti Rahayu"),
        "the record's name stays hidden"
    );
    assert!(!res.text.contains("Jl. Melati No. 7, RT 002/RW 005"));

    // The right name, in other case and spacing: the address is filled in from the
    // register, kept as the draft, and the form says to check it.
    let res = citizen.post_multipart(DOMICILE, &pressing, &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert!(
        res.location().ends_with("done=prefilled"),
        "{}",
        res.location()
    );
    citizen
        .get(res.location())
        .await
        .assert_contains("Your details matched the other agency")
        .assert_contains("Jl. Melati No. 7, RT 002/RW 005, Sukamaju");
    // Each press was one call, with no case yet, about the applicant.
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM data_exchanges WHERE outcome = 'answered' \
             AND case_reference IS NULL AND subject_user_id IS NOT NULL"
        )
        .await,
        2
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);

    // Sending the form checks the name again; a wrong one is refused, a right one filed
    // with the registry's answer as evidence.
    let mut wrong = checking("Siti Rahmawati");
    wrong.push(("address", "Jl. Kenanga No. 3, RT 01/RW 02"));
    let res = citizen
        .post_multipart(DOMICILE, &wrong, &common::domicile_files())
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    res.assert_contains("it differs from the record the other agency holds for this NIK");
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
    let mut right = checking("Siti Rahayu");
    right.push(("address", "Jl. Kenanga No. 3, RT 01/RW 02"));
    let res = citizen
        .post_multipart(DOMICILE, &right, &common::domicile_files())
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let reference = reference_from(res.location());
    citizen
        .get(&format!("/applications/{reference}"))
        .await
        .assert_contains("your answers matched its record")
        .assert_contains("Jl. Kenanga No. 3");
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM data_exchanges WHERE outcome = 'answered' AND case_reference IS NOT NULL"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn check_and_fill_in_is_limited_per_person_and_hour() {
    let app = TestApp::new().await;
    load_registers(&app).await;
    let subdistrict = admin(&app, "camat-admin@contoh.go.id", &["sukamaju-subdistrict"]).await;
    let registry = admin(&app, "dukcapil-admin@contoh.go.id", &["civil-registry"]).await;
    agree_identity(&app, &subdistrict, &registry).await;
    let citizen = app.citizen("siti@example.id").await;
    let mut pressing = checking("Siti Rahayu");
    pressing.push(("intent", "prefill:identity_from_registry"));
    for _ in 0..gerbang_app::exchange::PREFILLS_PER_HOUR {
        let res = citizen.post_multipart(DOMICILE, &pressing, &[]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    }
    // One more in the hour: refused before the registry is asked.
    let res = citizen.post_multipart(DOMICILE, &pressing, &[]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    res.assert_contains("You have asked the other agency many times in the last hour");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM data_exchanges").await,
        gerbang_app::exchange::PREFILLS_PER_HOUR
    );
    // Someone else is not held back, and sending the form is not limited.
    let other = app.citizen("budi@example.id").await;
    let res = other.post_multipart(DOMICILE, &pressing, &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let mut right = checking("Siti Rahayu");
    right.push(("address", "Jl. Kenanga No. 3, RT 01/RW 02"));
    let res = citizen
        .post_multipart(DOMICILE, &right, &common::domicile_files())
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
}
