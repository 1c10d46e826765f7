//! Demo accounts: one per role, flagged so that `serve` refuses to expose them by accident.

use gerbang_app::App;
use gerbang_app::accounts::service::{self, Meta, NewAccount};
use gerbang_app::error::AppError;
use gerbang_domain::accounts::{AccountKind, StaffRole};
use gerbang_domain::i18n::Lang;

/// The password of every demo account (printed by `demo`, listed in README.md).
pub const DEMO_PASSWORD: &str = "gerbang-demo-2026";

/// The second-factor key of every demo staff account (published like the password: the
/// demo's accounts are refused by `serve`). 21 bytes, shown in base32 by the banner.
pub const DEMO_TOTP_KEY: &[u8] = b"gerbang-demo-key-2026";

/// The demo key in base32, as an authenticator app takes it.
pub fn demo_key_base32() -> String {
    totp_rs::Secret::from(DEMO_TOTP_KEY.to_vec()).to_base32()
}

/// The current code of the demo key (`gerbang demo-code`).
pub fn demo_code() -> anyhow::Result<String> {
    let t =
        gerbang_app::accounts::second_factor::totp(DEMO_TOTP_KEY.to_vec(), "Gerbang demo", "demo")?;
    Ok(t.generate(u64::try_from(
        time::OffsetDateTime::now_utc().unix_timestamp(),
    )?)
    .to_string())
}

/// (email, name, kind, roles as (role, agency slug)).
type DemoAccount = (
    &'static str,
    &'static str,
    AccountKind,
    &'static [(StaffRole, Option<&'static str>)],
);

/// Every demo account.
pub const ACCOUNTS: &[DemoAccount] = &[
    (
        "citizen@demo.gerbang.example",
        "Siti Rahayu",
        AccountKind::Citizen,
        &[],
    ),
    (
        "business@demo.gerbang.example",
        "Budi Santoso (CV Maju Jaya)",
        AccountKind::Business,
        &[],
    ),
    (
        "officer@demo.gerbang.example",
        "Andi Pratama",
        AccountKind::Staff,
        &[
            (StaffRole::Officer, Some("civil-registry")),
            (StaffRole::Officer, Some("licensing-office")),
        ],
    ),
    (
        "cashier@demo.gerbang.example",
        "Rina Wulandari",
        AccountKind::Staff,
        &[
            (StaffRole::Cashier, Some("civil-registry")),
            (StaffRole::Cashier, Some("licensing-office")),
        ],
    ),
    (
        "supervisor@demo.gerbang.example",
        "Dewi Lestari",
        AccountKind::Staff,
        &[
            (StaffRole::Supervisor, Some("civil-registry")),
            (StaffRole::Supervisor, Some("licensing-office")),
        ],
    ),
    (
        "agency-admin@demo.gerbang.example",
        "Rudi Hartono",
        AccountKind::Staff,
        &[(StaffRole::AgencyAdmin, Some("civil-registry"))],
    ),
    (
        "admin@demo.gerbang.example",
        "Platform Administrator",
        AccountKind::Staff,
        &[(StaffRole::PlatformAdmin, None)],
    ),
];

/// Creates the demo accounts that do not exist yet, staff with the demo's second-factor
/// key; returns how many were created.
pub async fn create_accounts(app: &App) -> anyhow::Result<usize> {
    let mut created = 0;
    for (email, name, kind, roles) in ACCOUNTS {
        let acc = NewAccount {
            email: (*email).to_owned(),
            full_name: (*name).to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            kind: *kind,
            roles: roles
                .iter()
                .map(|(r, a)| (*r, a.map(str::to_owned)))
                .collect(),
            is_demo: true,
            lang: Lang::Id,
            // The demo's addresses are not real mailboxes.
            welcome: None,
        };
        let id = match service::create_account(app, &acc, &Meta::cli()).await {
            Ok(id) => {
                created += 1;
                id
            }
            Err(AppError::Invalid(p)) if p.iter().all(|p| p.message_id == "error-email-taken") => {
                let address = gerbang_domain::accounts::Email::parse(email)
                    .map_err(|e| anyhow::anyhow!("{email}: {e}"))?;
                match gerbang_store::accounts::user_by_email(&app.db, &address).await? {
                    Some(u) => u.id,
                    None => continue,
                }
            }
            Err(e) => anyhow::bail!("cannot create demo account {email}: {e}"),
        };
        // Staff sign in with the demo's published key (a demo made before second factors
        // existed gets it too).
        if *kind == AccountKind::Staff
            && !gerbang_app::accounts::second_factor::enrolled(app, id).await?
        {
            gerbang_app::accounts::second_factor::enrol_as_operator(
                app,
                id,
                DEMO_TOTP_KEY,
                &Meta::cli(),
            )
            .await?;
        }
    }
    Ok(created)
}
