//! The authorisation matrix: every case, payment, back-office and admin route against
//! every kind of person, with the status each must get. 404 where the resource is
//! someone else's (references cannot be probed), 403 where the person may see it but lacks
//! the role, 303 to the sign-in page for anonymous visitors of HTML pages.
//!
//! Routes that change something are tried on a fresh case per person, so that one
//! person's success cannot hide another's refusal.

mod common;

use common::{Actor, TestApp, pdf_bytes, reference_from};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use reqwest::StatusCode;

const AGENCY: &str = "health-office";
const SERVICE: &str = "/services/hygiene-sanitation-certificate/apply";
const FORM: &[(&str, &str)] = &[
    ("nib", "1234567890123"),
    ("business_name", "Warung Bu Sri"),
    ("business_address", "Jl. Merdeka 1, Kota Contoh"),
    ("establishment_type", "restaurant"),
    ("food_handlers", "4"),
    ("responsible_person_nik", "3374055202950003"),
    ("phone", "081234567890"),
];

/// The people of the matrix, in the column order of every row.
const PEOPLE: [&str; 9] = [
    "anonymous",
    "owner",
    "other citizen",
    "officer",
    "officer elsewhere",
    "supervisor",
    "cashier",
    "agency admin",
    "platform admin",
];

struct World {
    app: TestApp,
    people: Vec<Actor>,
}

impl World {
    async fn new() -> World {
        let app = TestApp::new().await;
        let staff = |email: &'static str, roles: &'static [(StaffRole, Option<&'static str>)]| {
            (email, roles)
        };
        let mut people = vec![
            app.visitor(),
            app.signed_in("warung@example.id", AccountKind::Business, &[])
                .await,
            app.signed_in("other@example.id", AccountKind::Business, &[])
                .await,
        ];
        for (email, roles) in [
            staff(
                "officer@dinkes.go.id",
                &[(StaffRole::Officer, Some(AGENCY))],
            ),
            staff(
                "officer@dukcapil.go.id",
                &[(StaffRole::Officer, Some("civil-registry"))],
            ),
            staff(
                "supervisor@dinkes.go.id",
                &[(StaffRole::Supervisor, Some(AGENCY))],
            ),
            staff("kasir@dinkes.go.id", &[(StaffRole::Cashier, Some(AGENCY))]),
            staff(
                "admin@dinkes.go.id",
                &[(StaffRole::AgencyAdmin, Some(AGENCY))],
            ),
            staff("root@contoh.go.id", &[(StaffRole::PlatformAdmin, None)]),
        ] {
            people.push(app.signed_in(email, AccountKind::Staff, roles).await);
        }
        World { app, people }
    }

    /// A new case filed by the owner.
    async fn case(&self) -> String {
        let res = self.people[1]
            .post_multipart(
                SERVICE,
                FORM,
                &[
                    ("floor_plan", "denah.pdf", pdf_bytes()),
                    ("training_certificates", "pelatihan.pdf", pdf_bytes()),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
        reference_from(res.location())
    }
}

/// What one route does: a GET of a path, or a form POST.
#[derive(Clone, Copy)]
enum Call {
    Get(&'static str),
    Post(&'static str, &'static [(&'static str, &'static str)]),
}

async fn call(who: &Actor, c: Call, reference: &str) -> StatusCode {
    let path = |p: &str| p.replace("{ref}", reference);
    match c {
        Call::Get(p) => who.get(&path(p)).await.status,
        Call::Post(p, fields) => who.post_form(&path(p), fields).await.status,
    }
}

const OK: u16 = 200;
const SEE_OTHER: u16 = 303;
const FORBIDDEN: u16 = 403;
const NOT_FOUND: u16 = 404;

/// (route, needs a fresh case per person, expected status per person in [`PEOPLE`] order)
type Row = (Call, bool, [u16; 9]);

const MATRIX: &[Row] = &[
    // The applicant's page of a case (its case workers are sent to the back-office page).
    (
        Call::Get("/applications/{ref}"),
        false,
        [
            SEE_OTHER, OK, NOT_FOUND, SEE_OTHER, NOT_FOUND, SEE_OTHER, NOT_FOUND, NOT_FOUND,
            NOT_FOUND,
        ],
    ),
    // The back-office page of a case: case workers of its agency only.
    (
        Call::Get("/backoffice/cases/{ref}"),
        false,
        [
            SEE_OTHER, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND,
        ],
    ),
    // The invoice: the owner, and those who handle the agency's money or decide.
    (
        Call::Get("/applications/{ref}/payment"),
        false,
        [
            SEE_OTHER, OK, NOT_FOUND, FORBIDDEN, NOT_FOUND, OK, OK, NOT_FOUND, NOT_FOUND,
        ],
    ),
    // The back-office payment page (the owner has the invoice page above).
    (
        Call::Get("/backoffice/cases/{ref}/payment"),
        false,
        [
            SEE_OTHER, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND, OK, OK, NOT_FOUND, NOT_FOUND,
        ],
    ),
    // An officer's step of the workflow.
    (
        Call::Post(
            "/backoffice/cases/{ref}/act",
            &[("action", "accept"), ("comment", "")],
        ),
        true,
        [
            SEE_OTHER, FORBIDDEN, NOT_FOUND, SEE_OTHER, NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND,
            NOT_FOUND,
        ],
    ),
    // Taking a case into one's queue.
    (
        Call::Post("/backoffice/cases/{ref}/claim", &[]),
        true,
        [
            SEE_OTHER, FORBIDDEN, NOT_FOUND, SEE_OTHER, NOT_FOUND, SEE_OTHER, NOT_FOUND, NOT_FOUND,
            NOT_FOUND,
        ],
    ),
    // Recording cash at the counter: the cashier only.
    (
        Call::Post(
            "/backoffice/cases/{ref}/payment",
            &[("amount", "Rp 500.000"), ("receipt_number", "KW-0001")],
        ),
        true,
        [
            SEE_OTHER, FORBIDDEN, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN, SEE_OTHER, NOT_FOUND,
            NOT_FOUND,
        ],
    ),
    // The inbox (a cashier's back office is the payments desk).
    (
        Call::Get("/backoffice"),
        false,
        [
            SEE_OTHER, FORBIDDEN, FORBIDDEN, OK, OK, OK, SEE_OTHER, FORBIDDEN, FORBIDDEN,
        ],
    ),
    // Payment reports and statements.
    (
        Call::Get("/backoffice/payments"),
        false,
        [
            SEE_OTHER, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN, FORBIDDEN,
        ],
    ),
    (
        Call::Get("/backoffice/payments/statement"),
        false,
        [
            SEE_OTHER, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN,
            FORBIDDEN,
        ],
    ),
    // Staff administration.
    (
        Call::Get("/admin/staff"),
        false,
        [
            SEE_OTHER, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK,
        ],
    ),
];

#[tokio::test]
async fn every_route_answers_each_person_as_the_rules_say() {
    let w = World::new().await;
    let shared = w.case().await;
    let mut wrong = Vec::new();
    for (route, fresh, expected) in MATRIX {
        for (i, who) in w.people.iter().enumerate() {
            let reference = if *fresh {
                w.case().await
            } else {
                shared.clone()
            };
            let got = call(who, *route, &reference).await;
            if got.as_u16() != expected[i] {
                let name = match route {
                    Call::Get(p) => format!("GET {p}"),
                    Call::Post(p, _) => format!("POST {p}"),
                };
                wrong.push(format!(
                    "{name} as {}: got {got}, expected {}",
                    PEOPLE[i], expected[i]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[tokio::test]
async fn staff_never_decide_a_case_they_filed_or_took_money_for() {
    let w = World::new().await;
    // An officer who is also cashier and supervisor at the agency files at the counter for
    // a citizen: they may not work that case in any role.
    let all = w
        .app
        .signed_in(
            "semua@dinkes.go.id",
            AccountKind::Staff,
            &[
                (StaffRole::Officer, Some(AGENCY)),
                (StaffRole::Supervisor, Some(AGENCY)),
                (StaffRole::Cashier, Some(AGENCY)),
            ],
        )
        .await;
    let mut fields: Vec<(&str, &str)> = FORM.to_vec();
    fields.push(("applicant_email", "warung@example.id"));
    fields.push(("applicant_name", "Bu Sri"));
    let res = all
        .post_multipart(
            SERVICE,
            &fields,
            &[
                ("floor_plan", "denah.pdf", pdf_bytes()),
                ("training_certificates", "pelatihan.pdf", pdf_bytes()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let filed = reference_from(res.location());
    for c in [
        Call::Post(
            "/backoffice/cases/{ref}/act",
            &[("action", "accept"), ("comment", "")],
        ),
        Call::Post("/backoffice/cases/{ref}/claim", &[]),
        Call::Post(
            "/backoffice/cases/{ref}/payment",
            &[("amount", "Rp 500.000"), ("receipt_number", "KW-9")],
        ),
    ] {
        assert_eq!(call(&all, c, &filed).await, StatusCode::FORBIDDEN);
    }
    // Filing at the counter for oneself is refused, and creates nothing.
    let before = w.app.count("SELECT COUNT(*) FROM applications").await;
    let mut own: Vec<(&str, &str)> = FORM.to_vec();
    own.push(("applicant_email", "semua@dinkes.go.id"));
    own.push(("applicant_name", "Me"));
    let res = all.post_multipart(SERVICE, &own, &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
    assert_eq!(
        w.app.count("SELECT COUNT(*) FROM applications").await,
        before
    );

    // On a case they took the cash for, the same person cannot approve.
    let reference = w.case().await;
    let officer = &w.people[3];
    for action in ["accept", "recommend"] {
        let r = officer
            .post_form(
                &format!("/backoffice/cases/{reference}/act"),
                &[("action", action), ("comment", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{action}: {}", r.text);
    }
    let paid = all
        .post_form(
            &format!("/backoffice/cases/{reference}/payment"),
            &[("amount", "Rp 500.000"), ("receipt_number", "KW-10")],
        )
        .await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text);
    let approve = all
        .post_form(
            &format!("/backoffice/cases/{reference}/act"),
            &[("action", "approve"), ("comment", "")],
        )
        .await;
    assert_eq!(approve.status, StatusCode::FORBIDDEN);
    // A supervisor who handled no money approves.
    let approve = w.people[5]
        .post_form(
            &format!("/backoffice/cases/{reference}/act"),
            &[("action", "approve"), ("comment", "")],
        )
        .await;
    assert_eq!(approve.status, StatusCode::SEE_OTHER, "{}", approve.text);
}

#[tokio::test]
async fn a_refused_counter_filing_leaves_no_account_behind() {
    let w = World::new().await;
    let officer = &w.people[3];
    let accounts = w.app.count("SELECT COUNT(*) FROM users").await;
    // A new citizen's details, but the form is incomplete: 422, and no account is created.
    let res = officer
        .post_multipart(
            SERVICE,
            &[
                ("applicant_email", "baru@example.id"),
                ("applicant_name", "Warga Baru"),
                ("business_name", "Warung Baru"),
            ],
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(w.app.count("SELECT COUNT(*) FROM users").await, accounts);
    assert_eq!(w.app.count("SELECT COUNT(*) FROM applications").await, 0);
}
