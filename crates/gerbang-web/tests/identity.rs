//! Identity and access: second factors, confirm-it's-you, recovery links, sessions and
//! their timeouts, offboarding, and scoped, expiring API tokens.

mod common;

use std::sync::Arc;

use common::{Actor, PASSWORD, TestApp, extract_csrf};
use gerbang_app::clock::{Clock as _, ManualClock};
use gerbang_domain::accounts::{AccountKind, StaffRole};
use reqwest::StatusCode;
use serde_json::json;
use time::Duration;
use time::macros::datetime;

const OFFICER: &str = "petugas@contoh.go.id";
const ADMIN: &str = "admin@contoh.go.id";

fn officer_roles() -> Vec<(StaffRole, Option<&'static str>)> {
    vec![(StaffRole::Officer, Some("civil-registry"))]
}

/// A staff account without a second factor (as one created before they existed, or
/// after an administrator reset it).
async fn staff_without_factor(app: &TestApp, email: &str) -> i64 {
    let id = app
        .create_account(email, AccountKind::Staff, &officer_roles())
        .await;
    let mut tx = app.db.begin().await.expect("tx");
    gerbang_store::second_factors::remove(&mut tx, id)
        .await
        .expect("remove");
    tx.commit().await.expect("commit");
    id
}

/// The base32 secret shown on the enrolment page, and a current code for it.
fn code_from_enrolment_page(html: &str, now: time::OffsetDateTime) -> String {
    let at = html.find("id=\"secret\">").expect("secret shown") + "id=\"secret\">".len();
    let end = html[at..].find('<').expect("end");
    let secret: String = html[at..at + end].split_whitespace().collect();
    let bytes = totp_rs::Secret::try_from_base32(&secret)
        .expect("base32")
        .as_ref()
        .to_vec();
    let t = gerbang_app::accounts::second_factor::totp(bytes, "x", "y").expect("totp");
    t.generate(u64::try_from(now.unix_timestamp()).expect("time"))
        .to_string()
}

#[tokio::test]
async fn a_staff_account_cannot_act_until_it_enrols_a_second_factor() {
    let clock = Arc::new(ManualClock::at(datetime!(2026-12-07 03:00 UTC)));
    let app = TestApp::with_clock(clock.clone()).await;
    staff_without_factor(&app, OFFICER).await;
    // An API token made before, and another session, end when the factor is set up.
    let earlier = app.visitor();
    earlier.login(OFFICER, PASSWORD).await;
    let id = app.user_id(OFFICER).await;
    let token = gerbang_app::accounts::tokens::create_as_operator(
        &app.app,
        id,
        &gerbang_app::accounts::tokens::TokenSpec {
            name: "old".into(),
            ..Default::default()
        },
        &gerbang_app::accounts::service::Meta::cli(),
    )
    .await
    .expect("token")
    .token;

    let officer = app.visitor();
    let res = officer.login(OFFICER, PASSWORD).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.location(),
        "/account/second-factor?next=%2Faccount",
        "enrolment is forced at sign-in"
    );
    // Every staff page sends them to enrol, and comes back afterwards.
    let inbox = officer.get("/backoffice").await;
    assert_eq!(inbox.status, StatusCode::SEE_OTHER);
    assert_eq!(
        inbox.location(),
        "/account/second-factor?next=%2Fbackoffice"
    );
    let page = officer.get(inbox.location()).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Set up a second factor")
        .assert_contains("<svg")
        .assert_contains("Staff accounts must use a second factor");
    assert_eq!(page.header("cache-control"), "no-store");
    // Reloading shows the same secret (it may have been scanned already).
    let again = officer.get("/account/second-factor").await;
    let secret_of = |html: &str| {
        let at = html.find("id=\"secret\">").expect("secret");
        html[at..at + 60].to_owned()
    };
    assert_eq!(secret_of(&page.text), secret_of(&again.text));

    let wrong = officer
        .post_form(
            "/account/second-factor",
            &[("code", "000000"), ("next", "/backoffice")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong.assert_contains("That code is not right");

    let code = code_from_enrolment_page(&page.text, clock.now());
    let done = officer
        .post_form(
            "/account/second-factor",
            &[("code", &code), ("next", "/backoffice")],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    done.assert_contains("Your recovery codes")
        .assert_contains("href=\"/backoffice\"");
    assert_eq!(done.text.matches("<li><code>").count(), 10);
    assert_eq!(officer.get("/backoffice").await.status, StatusCode::OK);
    // The other session and the token ended with the change.
    assert_eq!(earlier.get("/account").await.status, StatusCode::SEE_OTHER);
    let api = app.api().with_token(&token);
    assert_eq!(
        api.get("/api/v1/applications").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.second_factor_enrol' AND details LIKE '%tokens_revoked%'")
            .await,
        1
    );
    // The same code does not enrol twice, nor sign in: a code is good once.
    let mut tx = app.db.begin().await.expect("tx");
    let step = clock.now().unix_timestamp() / 30;
    assert!(
        !gerbang_store::second_factors::accept_step(&mut tx, id, step, clock.now())
            .await
            .expect("accept"),
        "a used step is refused"
    );
    tx.commit().await.expect("commit");
}

#[tokio::test]
async fn the_second_step_of_signing_in_takes_a_code_once_or_a_recovery_code() {
    let clock = Arc::new(ManualClock::at(datetime!(2026-12-07 03:00 UTC)));
    let app = TestApp::with_clock(clock.clone()).await;
    let id = app
        .create_account(OFFICER, AccountKind::Staff, &officer_roles())
        .await;
    let officer = app.visitor();
    let res = officer.login(OFFICER, PASSWORD).await;
    assert_eq!(res.location(), "/login/second-factor?next=%2Faccount");
    // Half signed in, nothing is open yet.
    assert_eq!(
        officer.get("/backoffice").await.status,
        StatusCode::SEE_OTHER
    );
    officer
        .get("/login/second-factor")
        .await
        .assert_contains("Enter your code")
        .assert_contains("autocomplete=\"one-time-code\"");
    let wrong = officer
        .post_form("/login/second-factor", &[("code", "123456")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong.assert_contains("That code is not right");
    let code = app.code_for(id).await;
    let ok = officer
        .post_form(
            "/login/second-factor",
            &[("code", &code), ("next", "/backoffice")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.location(), "/backoffice");
    assert!(
        ok.set_cookies()
            .iter()
            .any(|c| c.starts_with("gerbang_session=")),
        "the session id changes when the factor is proven"
    );
    assert_eq!(officer.get("/backoffice").await.status, StatusCode::OK);

    // Someone who saw that code cannot use it again, even within its 30 seconds.
    let thief = app.visitor();
    thief.login(OFFICER, PASSWORD).await;
    let replay = thief
        .post_form("/login/second-factor", &[("code", &code)])
        .await;
    assert_eq!(replay.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A recovery code works once.
    let (codes, hashes): (Vec<String>, Vec<String>) = (
        vec!["abcde-fghjk".to_owned()],
        vec![gerbang_app::accounts::second_factor::recovery_hash(
            "abcde-fghjk",
        )],
    );
    let mut tx = app.db.begin().await.expect("tx");
    gerbang_store::second_factors::replace_recovery_codes(&mut tx, id, &hashes)
        .await
        .expect("codes");
    tx.commit().await.expect("commit");
    let lost_phone = app.visitor();
    lost_phone.login(OFFICER, PASSWORD).await;
    let with_recovery = lost_phone
        .post_form("/login/second-factor", &[("code", "ABCDE FGHJK")])
        .await;
    assert_eq!(
        with_recovery.status,
        StatusCode::SEE_OTHER,
        "{}",
        with_recovery.text
    );
    let notice = app.emails().await;
    assert!(
        notice.iter().any(|(to, subject, body)| to == OFFICER
            && subject.contains("recovery code")
            && body.contains("You have 0 left")),
        "{notice:?}"
    );
    let again = app.visitor();
    again.login(OFFICER, PASSWORD).await;
    assert_eq!(
        again
            .post_form("/login/second-factor", &[("code", &codes[0])])
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a recovery code is used up"
    );
}

#[tokio::test]
async fn guessing_codes_is_throttled_per_account_in_the_database() {
    let clock = Arc::new(ManualClock::at(datetime!(2026-12-07 03:00 UTC)));
    let app = TestApp::with_clock(clock.clone()).await;
    let id = app
        .create_account(OFFICER, AccountKind::Staff, &officer_roles())
        .await;
    // Two browsers (as two nodes would see them): the count is the account's.
    let first = app.visitor();
    first.login(OFFICER, PASSWORD).await;
    let second = app.visitor();
    second.login(OFFICER, PASSWORD).await;
    for n in 0..5 {
        let res = first
            .post_form("/login/second-factor", &[("code", &format!("{n:06}"))])
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    for n in 5..10 {
        second
            .post_form("/login/second-factor", &[("code", &format!("{n:06}"))])
            .await;
    }
    let code = app.code_for(id).await;
    let throttled = first
        .post_form("/login/second-factor", &[("code", &code)])
        .await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    throttled.assert_contains("Too many attempts");
    assert_eq!(throttled.header("retry-after"), "900");
    clock.advance(Duration::minutes(16));
    let code = app.code_for(id).await;
    assert_eq!(
        first
            .post_form("/login/second-factor", &[("code", &code)])
            .await
            .status,
        StatusCode::SEE_OTHER,
        "the window passes"
    );
}

async fn staff_page_csrf(actor: &Actor) -> String {
    extract_csrf(&actor.get("/admin/staff").await.text).expect("csrf")
}

#[tokio::test]
async fn sensitive_actions_ask_again_after_a_few_minutes_and_offboarding_stops_everything() {
    let clock = Arc::new(ManualClock::at(datetime!(2026-12-07 03:00 UTC)));
    let app = TestApp::with_clock(clock.clone()).await;
    let admin = app
        .signed_in(
            ADMIN,
            AccountKind::Staff,
            &[(StaffRole::AgencyAdmin, Some("civil-registry"))],
        )
        .await;
    let officer = app
        .signed_in(OFFICER, AccountKind::Staff, &officer_roles())
        .await;
    let officer_id = app.user_id(OFFICER).await;
    let token = app
        .api_user("robot@contoh.go.id", AccountKind::Citizen, &[])
        .await;
    let _ = token;
    let staff_token = gerbang_app::accounts::tokens::create_as_operator(
        &app.app,
        officer_id,
        &gerbang_app::accounts::tokens::TokenSpec {
            name: "desk".into(),
            ..Default::default()
        },
        &gerbang_app::accounts::service::Meta::cli(),
    )
    .await
    .expect("token")
    .token;
    let officer_api = app.api().with_token(&staff_token);
    assert_eq!(
        officer_api.get("/api/v1/applications").await.status,
        StatusCode::OK
    );

    // Ten minutes after signing in, switching an account off asks who you are first.
    clock.advance(Duration::minutes(10));
    let csrf = staff_page_csrf(&admin).await;
    let path = format!("/admin/staff/{officer_id}/disable");
    let asked = admin
        .client
        .post(format!("{}{path}", admin.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("referer", format!("{}/admin/staff", admin.base))
        .body(format!("csrf_token={csrf}"))
        .send()
        .await
        .expect("post");
    assert_eq!(asked.status(), StatusCode::SEE_OTHER);
    let to = asked
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert_eq!(to, "/account/confirm?next=%2Fadmin%2Fstaff");
    assert_eq!(
        officer.get("/backoffice").await.status,
        StatusCode::OK,
        "nothing changed"
    );
    admin.get(&to).await.assert_contains("Confirm it&#39;s you");
    let wrong = admin
        .post_form(
            "/account/confirm",
            &[("secret", "not my password"), ("next", "/admin/staff")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let confirmed = admin
        .post_form(
            "/account/confirm",
            &[("secret", PASSWORD), ("next", "/admin/staff")],
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    assert_eq!(confirmed.location(), "/admin/staff");
    let done = admin.post_form(&path, &[]).await;
    assert_eq!(
        done.status,
        StatusCode::SEE_OTHER,
        "{} {}",
        done.location(),
        done.text
    );
    admin
        .get(done.location())
        .await
        .assert_contains("The account is switched off")
        .assert_contains("Switched off");

    // At once: the session, the token and the password stop working.
    assert_eq!(
        officer.get("/backoffice").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        officer_api.get("/api/v1/applications").await.status,
        StatusCode::UNAUTHORIZED
    );
    let refused = app.visitor().login(OFFICER, PASSWORD).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("This account has been switched off");
    let id_refused = app.visitor_speaking("id").login(OFFICER, PASSWORD).await;
    id_refused.assert_contains("Akun ini telah dinonaktifkan");

    // Switched on again, it signs in; an administrator cannot switch themselves off.
    admin
        .post_form(&format!("/admin/staff/{officer_id}/enable"), &[])
        .await;
    let back = app.visitor();
    assert_eq!(
        app.sign_in(&back, OFFICER).await.status,
        StatusCode::SEE_OTHER
    );
    let admin_id = app.user_id(ADMIN).await;
    assert_eq!(
        admin
            .post_form(&format!("/admin/staff/{admin_id}/disable"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // An officer cannot switch anyone off (nor learn who exists).
    assert_eq!(
        back.post_form(&format!("/admin/staff/{admin_id}/disable"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Resetting a lost second factor: the officer enrols again at the next sign-in.
    let reset = admin
        .post_form(
            &format!("/admin/staff/{officer_id}/second-factor/reset"),
            &[],
        )
        .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    assert_eq!(back.get("/backoffice").await.status, StatusCode::SEE_OTHER);
    let next = app.visitor().login(OFFICER, PASSWORD).await;
    assert!(next.location().starts_with("/account/second-factor"));
    // Taking the role away.
    let agency = app
        .count("SELECT id FROM agencies WHERE slug = 'civil-registry'")
        .await
        .to_string();
    let revoke = admin
        .post_form(
            &format!("/admin/staff/{officer_id}/roles/revoke"),
            &[("role", "officer"), ("agency_id", &agency)],
        )
        .await;
    assert_eq!(revoke.status, StatusCode::SEE_OTHER, "{}", revoke.text);
    for action in [
        "account.disable",
        "account.enable",
        "account.second_factor_reset",
        "account.role_revoke",
        "account.reauthenticate",
    ] {
        let sql: &'static str = Box::leak(
            format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'").into_boxed_str(),
        );
        assert_eq!(app.count(sql).await, 1, "{action}");
    }
}

fn link_in(body: &str, path: &str) -> String {
    let at = body.find(path).expect("link in the email");
    let end = body[at..]
        .find(char::is_whitespace)
        .map_or(body.len(), |e| at + e);
    body[at..end].to_owned()
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_a_single_use_short_lived_link() {
    let clock = Arc::new(ManualClock::at(datetime!(2026-12-07 03:00 UTC)));
    let app = TestApp::with_clock(clock.clone()).await;
    let siti = app.citizen("siti@example.id").await;
    let id = app.user_id("siti@example.id").await;
    let token = gerbang_app::accounts::tokens::create_as_operator(
        &app.app,
        id,
        &gerbang_app::accounts::tokens::TokenSpec {
            name: "phone".into(),
            ..Default::default()
        },
        &gerbang_app::accounts::service::Meta::cli(),
    )
    .await
    .expect("token")
    .token;

    let visitor = app.visitor();
    visitor
        .get("/login")
        .await
        .assert_contains("href=\"/password/forgot\"");
    let known = visitor
        .post_form("/password/forgot", &[("email", "siti@example.id")])
        .await;
    let unknown = visitor
        .post_form("/password/forgot", &[("email", "nobody@example.id")])
        .await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(
        known.text.replace("siti@example.id", "X"),
        unknown.text.replace("nobody@example.id", "X"),
        "the answer does not tell whether the address has an account"
    );
    let mails = app.emails().await;
    let (_, _, body) = mails
        .iter()
        .find(|(to, s, _)| to == "siti@example.id" && s.contains("new password"))
        .expect("reset email");
    assert!(!mails.iter().any(|(to, _, _)| to == "nobody@example.id"));
    let link = link_in(body, "/password/reset?token=");
    let form = visitor.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.header("referrer-policy"), "no-referrer");
    let token_value = link.split("token=").nth(1).expect("token").to_owned();

    // A weak password is refused, with a reason, in the reader's language.
    let weak = visitor
        .post_form(
            "/password/reset",
            &[
                ("token", &token_value),
                ("new_password", "password123"),
                ("new_password_confirm", "password123"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    weak.assert_contains("lists of passwords attackers try first");
    let weak_id = app.visitor_speaking("id");
    weak_id
        .post_form(
            "/password/reset",
            &[
                ("token", &token_value),
                ("new_password", "qwertyuiop"),
                ("new_password_confirm", "qwertyuiop"),
            ],
        )
        .await
        .assert_contains("Kata sandi ini ada dalam daftar");

    let set = visitor
        .post_form(
            "/password/reset",
            &[
                ("token", &token_value),
                ("new_password", "pisang goreng di pagi hari"),
                ("new_password_confirm", "pisang goreng di pagi hari"),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.text);
    assert_eq!(set.location(), "/login?done=password-set");
    // Every session and token of the account ended with it.
    assert_eq!(siti.get("/account").await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.api()
            .with_token(&token)
            .get("/api/v1/applications")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        visitor
            .login("siti@example.id", "pisang goreng di pagi hari")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    // Used once, the link is spent.
    assert_eq!(visitor.get(&link).await.status, StatusCode::GONE);
    let reuse = app
        .visitor()
        .post_form(
            "/password/reset",
            &[
                ("token", &token_value),
                ("new_password", "another long passphrase here"),
                ("new_password_confirm", "another long passphrase here"),
            ],
        )
        .await;
    assert_eq!(reuse.status, StatusCode::UNPROCESSABLE_ENTITY);
    reuse.assert_contains("This link is no longer good");

    // A link not used within 30 minutes has expired.
    app.visitor()
        .post_form("/password/forgot", &[("email", "siti@example.id")])
        .await;
    let mails = app.emails().await;
    let (_, _, body) = mails
        .iter()
        .rev()
        .find(|(to, s, _)| to == "siti@example.id" && s.contains("new password"))
        .expect("second reset email");
    let late = link_in(body, "/password/reset?token=");
    clock.advance(Duration::minutes(31));
    assert_eq!(app.visitor().get(&late).await.status, StatusCode::GONE);
}

#[tokio::test]
async fn an_account_made_at_the_counter_is_claimed_through_the_emailed_link() {
    let app = TestApp::new().await;
    let officer = app
        .signed_in(
            OFFICER,
            AccountKind::Staff,
            &[(StaffRole::Officer, Some("sukamaju-subdistrict"))],
        )
        .await;
    let mut fields: Vec<(&str, &str)> = common::DOMICILE_ANSWERS.to_vec();
    fields.push(("applicant_email", "walkin@example.id"));
    fields.push(("applicant_name", "Ibu Warga"));
    let filed = officer
        .post_multipart(
            "/services/certificate-of-domicile/apply",
            &fields,
            &common::domicile_files(),
        )
        .await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.text);
    let mails = app.emails().await;
    let (_, _, body) = mails
        .iter()
        .find(|(to, _, b)| to == "walkin@example.id" && b.contains("/password/reset?token="))
        .expect("counter-account email with its claim link");
    let link = link_in(body, "/password/reset?token=");
    let token = link.split("token=").nth(1).expect("token").to_owned();
    let owner = app.visitor();
    assert_eq!(owner.get(&link).await.status, StatusCode::OK);
    let set = owner
        .post_form(
            "/password/reset",
            &[
                ("token", &token),
                ("new_password", "rumah di ujung jalan mawar"),
                ("new_password_confirm", "rumah di ujung jalan mawar"),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.text);
    let res = owner
        .login("walkin@example.id", "rumah di ujung jalan mawar")
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    owner
        .get("/applications")
        .await
        .assert_contains("Certificate of domicile");
}

#[tokio::test]
async fn sessions_end_when_idle_and_their_owner_sees_and_ends_them() {
    let clock = Arc::new(ManualClock::at(datetime!(2026-12-07 03:00 UTC)));
    let app = TestApp::with_clock(clock.clone()).await;
    let phone = app.citizen("siti@example.id").await;
    let laptop = app.visitor();
    laptop
        .client
        .post(format!("{}/login", laptop.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header(
            "user-agent",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        )
        .body(format!(
            "email=siti%40example.id&password={}&csrf_token={}",
            PASSWORD.replace(' ', "+"),
            laptop.csrf().await
        ))
        .send()
        .await
        .expect("login");
    let page = phone.get("/account/sessions").await;
    page.assert_contains("Where you are signed in")
        .assert_contains("Firefox · Windows")
        .assert_contains("This device")
        .assert_contains("127.0.0.1");
    let ended = phone.post_form("/account/sessions/end-others", &[]).await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);
    phone
        .get(ended.location())
        .await
        .assert_contains("1 other session has been signed out");
    assert_eq!(laptop.get("/account").await.status, StatusCode::SEE_OTHER);

    // A citizen's session survives 50 idle minutes, not 61; a staff one not 31.
    clock.advance(Duration::minutes(50));
    assert_eq!(phone.get("/account").await.status, StatusCode::OK);
    clock.advance(Duration::minutes(61));
    let gone = phone.get("/account").await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    assert!(gone.location().starts_with("/login"));
    let officer = app
        .signed_in(OFFICER, AccountKind::Staff, &officer_roles())
        .await;
    clock.advance(Duration::minutes(25));
    assert_eq!(officer.get("/backoffice").await.status, StatusCode::OK);
    clock.advance(Duration::minutes(31));
    assert_eq!(
        officer.get("/backoffice").await.status,
        StatusCode::SEE_OTHER
    );
    // However active, a session ends 12 hours after it began.
    let busy = app.citizen("busy@example.id").await;
    for _ in 0..13 {
        clock.advance(Duration::minutes(55));
        assert_eq!(busy.get("/account").await.status, StatusCode::OK);
    }
    clock.advance(Duration::minutes(55));
    assert_eq!(busy.get("/account").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn api_tokens_expire_carry_scopes_and_are_not_minted_from_a_staff_password() {
    let clock = Arc::new(ManualClock::at(datetime!(2026-12-07 03:00 UTC)));
    let app = TestApp::with_clock(clock.clone()).await;
    app.create_account("siti@example.id", AccountKind::Citizen, &[])
        .await;
    let api = app.api();
    let read_only = api
        .post_json(
            "/api/v1/auth/token",
            &json!({"email": "siti@example.id", "password": PASSWORD, "name": "reader",
                    "scope": "applications:read", "expires_in_days": 7}),
        )
        .await;
    assert_eq!(read_only.status, StatusCode::CREATED, "{}", read_only.text);
    let body = read_only.json();
    assert_eq!(body["scope"], "applications:read");
    assert_eq!(body["expires_in"], 7 * 24 * 3600);
    let reader = api.with_token(body["token"].as_str().expect("token"));
    assert_eq!(
        reader.get("/api/v1/applications").await.status,
        StatusCode::OK
    );
    let refused = reader
        .post_json("/api/v1/applications", &common::moving_application(1))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        refused.json()["type"],
        "/api/v1/problems/insufficient-scope"
    );
    assert!(
        refused
            .header("www-authenticate")
            .contains("insufficient_scope")
    );
    // Out of range and unknown scopes are refused with the field named.
    for bad in [
        json!({"email": "siti@example.id", "password": PASSWORD, "expires_in_days": 400}),
        json!({"email": "siti@example.id", "password": PASSWORD, "scope": "cases:act"}),
    ] {
        let res = api.post_json("/api/v1/auth/token", &bad).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    }
    // A token is revoked through the API too (its id is in the answer that made it).
    let spare = api
        .post_json(
            "/api/v1/auth/token",
            &json!({"email": "siti@example.id", "password": PASSWORD, "name": "spare"}),
        )
        .await
        .json();
    let spare_api = api.with_token(spare["token"].as_str().expect("token"));
    let revoked = spare_api
        .delete(&format!("/api/v1/auth/tokens/{}", spare["id"]))
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT, "{}", revoked.text);
    assert_eq!(
        spare_api.get("/api/v1/applications").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        reader.get("/api/v1/applications").await.status,
        StatusCode::OK
    );
    assert_eq!(
        reader.delete("/api/v1/auth/tokens/999999").await.status,
        StatusCode::NOT_FOUND
    );
    // Eight days later it has expired.
    clock.advance(Duration::days(8));
    let expired = reader.get("/api/v1/applications").await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert!(
        expired.json()["detail"]
            .as_str()
            .unwrap_or("")
            .contains("expired")
    );

    // A staff password mints nothing, however right.
    app.create_account(OFFICER, AccountKind::Staff, &officer_roles())
        .await;
    let staff = api
        .post_json(
            "/api/v1/auth/token",
            &json!({"email": OFFICER, "password": PASSWORD}),
        )
        .await;
    assert_eq!(staff.status, StatusCode::FORBIDDEN, "{}", staff.text);
    assert_eq!(staff.json()["type"], "/api/v1/problems/password-not-enough");
    // On the account page, signed in with the factor, a staff token lives at most 30 days.
    let officer = app.visitor();
    app.sign_in(&officer, OFFICER).await;
    let long = officer
        .post_form(
            "/account/tokens",
            &[("name", "desk"), ("scope", "cases:read"), ("days", "90")],
        )
        .await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    long.assert_contains("between 1 and 30 days");
    let ok = officer
        .post_form(
            "/account/tokens",
            &[("name", "desk"), ("scope", "cases:read"), ("days", "30")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    // Later, creating another asks who they are again.
    clock.advance(Duration::minutes(6));
    let later = officer
        .post_form(
            "/account/tokens",
            &[("name", "desk 2"), ("scope", "cases:read")],
        )
        .await;
    assert_eq!(later.status, StatusCode::SEE_OTHER);
    assert!(later.location().starts_with("/account/confirm"));
}

#[tokio::test]
async fn a_new_account_confirms_its_address_and_common_passwords_are_refused() {
    let app = TestApp::new().await;
    let visitor = app.visitor();
    let weak = visitor
        .post_form(
            "/register",
            &[
                ("full_name", "Siti Rahayu"),
                ("email", "siti@example.id"),
                ("password", "1234567890"),
                ("password_confirm", "1234567890"),
                ("kind", "citizen"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    weak.assert_contains("lists of passwords attackers try first");
    let own_name = visitor
        .post_form(
            "/register",
            &[
                ("full_name", "Siti Rahayu"),
                ("email", "siti@example.id"),
                ("password", "sitirahayu"),
                ("password_confirm", "sitirahayu"),
                ("kind", "citizen"),
            ],
        )
        .await;
    assert_eq!(own_name.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = visitor
        .post_form(
            "/register",
            &[
                ("full_name", "Siti Rahayu"),
                ("email", "siti@example.id"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("kind", "citizen"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    visitor
        .get("/account")
        .await
        .assert_contains("Your email address is not confirmed yet");
    let mails = app.emails().await;
    let (_, _, body) = mails
        .iter()
        .find(|(to, _, _)| to == "siti@example.id")
        .expect("welcome");
    let link = link_in(body, "/account/verify?token=");
    // Opening the link changes nothing (mail scanners follow links); the button does.
    visitor
        .get(&link)
        .await
        .assert_contains("Confirm my address");
    let token = link.split("token=").nth(1).expect("token").to_owned();
    let done = visitor
        .post_form("/account/verify", &[("token", &token)])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    visitor
        .get(done.location())
        .await
        .assert_contains("your email address is confirmed");
    assert!(
        !visitor
            .get("/account")
            .await
            .text
            .contains("not confirmed yet")
    );
}
