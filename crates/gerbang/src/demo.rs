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
        "coordinator@demo.gerbang.example",
        "Hendra Wijaya",
        AccountKind::Staff,
        &[
            (StaffRole::AgencyAdmin, Some("city-government")),
            (StaffRole::Supervisor, Some("city-government")),
            (StaffRole::AgencyAdmin, Some("transport-office")),
        ],
    ),
    (
        "auditor@demo.gerbang.example",
        "Sri Mulyani",
        AccountKind::Staff,
        &[
            (StaffRole::Auditor, Some("civil-registry")),
            (StaffRole::Auditor, Some("licensing-office")),
        ],
    ),
    (
        "subdistrict-admin@demo.gerbang.example",
        "Yusuf Hidayat",
        AccountKind::Staff,
        &[(StaffRole::AgencyAdmin, Some("sukamaju-subdistrict"))],
    ),
    (
        "licensing-admin@demo.gerbang.example",
        "Maya Sari",
        AccountKind::Staff,
        &[(StaffRole::AgencyAdmin, Some("licensing-office"))],
    ),
    (
        "health-admin@demo.gerbang.example",
        "Teguh Prasetyo",
        AccountKind::Staff,
        &[(StaffRole::AgencyAdmin, Some("health-office"))],
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

/// Seeds a few complaints so that the public list, the back office and the agency pages
/// show something on first start: one report left unverified past its deadline (the job
/// worker escalates it to the city government as soon as the demo runs), one answered,
/// one closed and rated. Skipped when complaints exist.
pub async fn seed_complaints(app: &App) -> anyhow::Result<usize> {
    use gerbang_app::complaints::service::{self as complaints, Act, Filing};
    let existing = gerbang_store::complaints::list(
        &app.db,
        &gerbang_store::complaints::ListFilter {
            limit: 1,
            ..Default::default()
        },
    )
    .await?;
    if !existing.is_empty() {
        return Ok(0);
    }
    let now = app.clock.now();
    let at = |days: i64| {
        app.clone()
            .with_clock(std::sync::Arc::new(gerbang_app::clock::ManualClock::at(
                now - time::Duration::days(days),
            )))
    };
    let citizen = gerbang_app::user::acting_as(app, "citizen@demo.gerbang.example").await?;
    let coordinator =
        gerbang_app::user::acting_as(app, "agency-admin@demo.gerbang.example").await?;
    let officer = gerbang_app::user::acting_as(app, "officer@demo.gerbang.example").await?;
    let meta = Meta::cli();
    let mut anonymous = Meta::cli();
    anonymous.ip = "192.0.2.10".into();

    // Unverified for ten days: overdue.
    complaints::file(
        &at(10),
        None,
        Filing {
            agency: "transport-office".into(),
            category: "street-lighting".into(),
            kind: "report".into(),
            title: "Street lights out on Jl. Melati".into(),
            description: "Four street lights between numbers 10 and 40 have been out for two weeks; the street is completely dark at night.".into(),
            contact_email: Some("warga.melati@example.id".into()),
            address: Some("Jl. Melati 10-40, Kelurahan Sukamaju".into()),
            latitude: Some("-7.5663".into()),
            longitude: Some("110.8166".into()),
            channel: "web",
            ..Filing::default()
        },
        &anonymous,
    )
    .await?;

    // Answered, waiting for the complainant.
    let filed = complaints::file(
        &at(6),
        Some(&citizen),
        Filing {
            agency: "civil-registry".into(),
            category: "service-delivery".into(),
            kind: "complaint".into(),
            title: "Family card not updated after two weeks".into(),
            description: "I asked for my new baby to be added to our family card fourteen working days ago and the status has not changed.".into(),
            channel: "web",
            ..Filing::default()
        },
        &meta,
    )
    .await?;
    let day4 = at(4);
    for (who, act) in [
        (&coordinator, Act::Verify),
        (&coordinator, Act::Assign { agency: "civil-registry".into() }),
        (
            &officer,
            Act::Answer {
                text: "We are sorry for the delay: the signature of the head of office was pending. Your new family card is printed and can be collected at the counter or downloaded from your account.".into(),
                public: true,
            },
        ),
    ] {
        complaints::act(&day4, Some(who), &filed.reference, None, act, &meta).await?;
    }

    // Closed and rated.
    let closed = complaints::file(
        &at(20),
        Some(&citizen),
        Filing {
            agency: "civil-registry".into(),
            category: "staff-conduct".into(),
            kind: "complaint".into(),
            title: "Counter closed before the published hours".into(),
            description:
                "The counter closed at 14:00 on Thursday although the published hours say 16:00."
                    .into(),
            channel: "web",
            ..Filing::default()
        },
        &meta,
    )
    .await?;
    let day18 = at(18);
    for (who, act) in [
        (&coordinator, Act::Verify),
        (&coordinator, Act::Assign { agency: "civil-registry".into() }),
        (
            &officer,
            Act::Answer {
                text: "Thank you. The counter now stays open until 16:00, with a second officer on Thursdays.".into(),
                public: true,
            },
        ),
        (&citizen, Act::Close { rating: Some(5) }),
    ] {
        complaints::act(&day18, Some(who), &closed.reference, None, act, &meta).await?;
    }
    Ok(3)
}

/// Seeds decided applications with their satisfaction surveys, so that the moving
/// certificate's index is published on first start (it needs five responses): six demo
/// residents applied, were approved and answered; the demo citizen's own approved case
/// waits for its survey. Everything goes through the operations a person would use.
/// Skipped when responses exist.
pub async fn seed_surveys(app: &App) -> anyhow::Result<usize> {
    use gerbang_app::applications::service::{self as applications, Submission};
    use gerbang_app::satisfaction::{self, Answers};
    let (from, to) = satisfaction::last_twelve_months(applications::platform_today(app));
    let existing = satisfaction::published(
        app,
        &gerbang_store::satisfaction::Scope {
            from,
            to,
            ..Default::default()
        },
    )
    .await?;
    if existing.respondents > 0 {
        return Ok(0);
    }
    let officer = gerbang_app::user::acting_as(app, "officer@demo.gerbang.example").await?;
    let supervisor = gerbang_app::user::acting_as(app, "supervisor@demo.gerbang.example").await?;
    let meta = Meta::cli();
    // Each resident's nine answers (1 poor .. 4 very good) and a comment.
    const RESIDENTS: [(&str, &str, [&str; 9], &str); 6] = [
        (
            "Agus Salim",
            "agus",
            ["4", "4", "3", "4", "4", "4", "4", "3", "3"],
            "Fast, no need to visit the office.",
        ),
        (
            "Fitri Handayani",
            "fitri",
            ["4", "3", "3", "4", "4", "3", "4", "3", "2"],
            "The form was clear, the website is slow on my phone.",
        ),
        (
            "Yusuf Pratama",
            "yusuf",
            ["3", "3", "4", "4", "3", "3", "3", "3", "3"],
            "",
        ),
        (
            "Lina Marlina",
            "lina",
            ["4", "4", "4", "4", "4", "4", "4", "4", "3"],
            "Very helpful officer on the phone.",
        ),
        (
            "Bambang Susilo",
            "bambang",
            ["3", "2", "3", "4", "3", "3", "3", "2", "2"],
            "I did not know where to ask a question.",
        ),
        (
            "Wati Susanti",
            "wati",
            ["4", "3", "4", "4", "4", "4", "4", "3", "3"],
            "",
        ),
    ];
    let mut answered = 0;
    type Applicant<'a> = (String, Option<([&'a str; 9], &'a str)>);
    let mut applicants: Vec<Applicant> = RESIDENTS
        .iter()
        .map(|(name, handle, scores, comment)| {
            (
                format!("{handle}@demo.gerbang.example|{name}"),
                Some((*scores, *comment)),
            )
        })
        .collect();
    applicants.push(("citizen@demo.gerbang.example|".to_owned(), None));
    for (n, (who, survey)) in applicants.into_iter().enumerate() {
        let (email, name) = who.split_once('|').unwrap_or((&who, ""));
        if !name.is_empty() {
            let acc = NewAccount {
                email: email.to_owned(),
                full_name: name.to_owned(),
                password: DEMO_PASSWORD.to_owned(),
                kind: AccountKind::Citizen,
                roles: Vec::new(),
                is_demo: true,
                lang: Lang::Id,
                welcome: None,
            };
            match service::create_account(app, &acc, &meta).await {
                Ok(_) => {}
                Err(AppError::Invalid(p))
                    if p.iter().all(|p| p.message_id == "error-email-taken") => {}
                Err(e) => anyhow::bail!("cannot create demo resident {email}: {e}"),
            }
        }
        let applicant = gerbang_app::user::acting_as(app, email).await?;
        let values = [
            ("applicant_nik", "3374055202950003".to_owned()),
            ("family_card_number", "3374051234560001".to_owned()),
            (
                "destination_address",
                format!("Jl. Merdeka {}, Kota Bandung", n + 1),
            ),
            ("reason", "work".to_owned()),
            ("members_moving", "1".to_owned()),
            ("moving_date", "2027-06-01".to_owned()),
            ("phone", "0812 3456 7890".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let filed = applications::submit(
            app,
            &applicant,
            "moving-certificate",
            Submission {
                values,
                idempotency_key: Some(format!("demo-survey-{n}")),
                ..Submission::default()
            },
            &meta,
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo application for {email}: {e}"))?;
        for (who, action) in [
            (&officer, "accept"),
            (&officer, "recommend"),
            (&supervisor, "approve"),
        ] {
            applications::act(app, who, &filed.reference, action, None, &meta)
                .await
                .map_err(|e| anyhow::anyhow!("demo {action} on {}: {e}", filed.reference))?;
        }
        if let Some((scores, comment)) = survey {
            let subject = satisfaction::of_application(app, &applicant, &filed.reference).await?;
            satisfaction::answer(
                app,
                &subject,
                &Answers {
                    scores: scores.map(str::to_owned),
                    comment: comment.to_owned(),
                },
                &meta,
            )
            .await?;
            answered += 1;
        }
    }
    Ok(answered)
}

/// Seeds two consultations of the city government through the real operations: one
/// closed with its moderated comments and response report, one open for comments (with
/// a few published already and one waiting for moderation). Skipped when any exists.
pub async fn seed_consultations(app: &App) -> anyhow::Result<usize> {
    use gerbang_app::consultations::{self as c, CommentInput, Decision, Draft, ThemeInput};
    use gerbang_domain::consultations::Refusal;
    if !c::list(app, None).await?.is_empty() {
        return Ok(0);
    }
    let now = app.clock.now();
    let at = |days: i64| {
        app.clone()
            .with_clock(std::sync::Arc::new(gerbang_app::clock::ManualClock::at(
                now - time::Duration::days(days),
            )))
    };
    let date = |days: i64| {
        (gerbang_app::applications::service::platform_today(app) + time::Duration::days(days))
            .to_string()
    };
    let admin = gerbang_app::user::acting_as(app, "coordinator@demo.gerbang.example").await?;
    let meta = Meta::cli();
    let people = [
        "citizen@demo.gerbang.example",
        "agus@demo.gerbang.example",
        "fitri@demo.gerbang.example",
        "lina@demo.gerbang.example",
        "bambang@demo.gerbang.example",
    ];
    let mut who = Vec::new();
    for p in people {
        who.push(gerbang_app::user::acting_as(app, p).await?);
    }

    // Closed three weeks ago, answered.
    let then = at(40);
    let closed = c::publish(
        &then,
        &admin,
        "city-government",
        &Draft {
            kind: "plan".into(),
            title_id: "Rencana Jalur Sepeda Kota Contoh 2027".into(),
            summary_id: "Usulan 12 km jalur sepeda terlindung yang menghubungkan sekolah, pasar dan stasiun.".into(),
            text_id: "Rute\nJalur dari Stasiun Contoh ke Pasar Gede melalui Jl. Melati dan Jl. Merdeka.\n---\nPemisah\nJalur dipisahkan dari lalu lintas dengan pembatas beton setinggi 20 cm.\n---\nJadwal\nPembangunan bertahap mulai Maret 2027.".into(),
            title_en: "Contoh City cycle lanes plan 2027".into(),
            summary_en: "A proposal for 12 km of protected cycle lanes linking schools, markets and the station.".into(),
            text_en: "Route\nFrom Contoh Station to Pasar Gede along Jl. Melati and Jl. Merdeka.\n---\nSeparation\nLanes separated from traffic by 20 cm concrete kerbs.\n---\nSchedule\nBuilt in stages from March 2027.".into(),
            opens_on: (gerbang_app::applications::service::platform_today(&then)).to_string(),
            closes_on: (gerbang_app::applications::service::platform_today(&then) + time::Duration::days(18)).to_string(),
        },
        None,
        &meta,
    )
    .await?;
    let comments = [
        (
            "1",
            "support",
            "The route passes three schools: my children could cycle safely.",
        ),
        (
            "2",
            "oppose",
            "Concrete kerbs will make it hard for becak and carts to reach the shops.",
        ),
        (
            "2",
            "support",
            "Kerbs are the only thing that keeps motorbikes out of a cycle lane.",
        ),
        ("", "neutral", "Please add bicycle parking at the station."),
    ];
    let during = at(35);
    let mut ids = Vec::new();
    for (i, (section, position, body)) in comments.iter().enumerate() {
        let id = c::comment(
            &during,
            &who[i % who.len()],
            &closed,
            &CommentInput {
                section: (*section).into(),
                position: (*position).into(),
                body: (*body).into(),
            },
            &meta,
        )
        .await?;
        c::moderate(&during, &admin, &closed, id, Decision::Publish, &meta).await?;
        ids.push(id);
    }
    let refused = c::comment(
        &during,
        &who[4],
        &closed,
        &CommentInput {
            section: String::new(),
            position: "neutral".into(),
            body: "Cheap bicycles for sale, call 0812 0000 0000!".into(),
        },
        &meta,
    )
    .await?;
    c::moderate(
        &during,
        &admin,
        &closed,
        refused,
        Decision::Refuse(Refusal::Spam),
        &meta,
    )
    .await?;
    let after = at(15);
    for (title, response, changed, answers) in [
        (
            "Access for becak and carts",
            "The kerbs now have a gap every 50 m, wide enough for a becak or a cart, so shops stay reachable.",
            true,
            vec![ids[1], ids[2]],
        ),
        (
            "Safety near schools and parking at the station",
            "The route stays as proposed; 60 bicycle parking places are added at Contoh Station.",
            true,
            vec![ids[0], ids[3]],
        ),
    ] {
        c::add_theme(
            &after,
            &admin,
            &closed,
            &ThemeInput {
                title: title.into(),
                response: response.into(),
                changed,
                comments: answers,
            },
            &meta,
        )
        .await?;
    }
    c::publish_report(
        &after,
        &admin,
        &closed,
        "Thank you for the 4 published comments. The plan changed on two points.",
        "Terima kasih atas 4 tanggapan yang dipublikasikan. Rencana diubah pada dua hal.",
        &meta,
    )
    .await?;

    // Open now.
    let open = c::publish(
        app,
        &admin,
        "city-government",
        &Draft {
            kind: "regulation".into(),
            title_id: "Rancangan Peraturan Wali Kota tentang Jam Operasional Pasar".into(),
            summary_id: "Mengatur jam buka pasar kota, bongkar muat, dan kebersihan.".into(),
            text_id: "Pasal 1 · Ruang lingkup\nPeraturan ini berlaku untuk 14 pasar milik Pemerintah Kota Contoh.\n---\nPasal 2 · Jam buka\nPasar buka pukul 05.30 sampai 17.00 setiap hari.\n---\nPasal 3 · Bongkar muat\nBongkar muat hanya pukul 04.00 sampai 06.00 dan 17.00 sampai 19.00.\n---\nPasal 4 · Kebersihan\nPedagang membersihkan lapaknya sebelum pasar tutup.".into(),
            title_en: "Draft mayoral regulation on market opening hours".into(),
            summary_en: "Sets the opening hours of city markets, loading times and cleaning.".into(),
            text_en: "Article 1 · Scope\nThis regulation applies to the 14 markets owned by Contoh City.\n---\nArticle 2 · Opening hours\nMarkets open from 05:30 to 17:00 every day.\n---\nArticle 3 · Loading\nLoading and unloading only from 04:00 to 06:00 and from 17:00 to 19:00.\n---\nArticle 4 · Cleaning\nTraders clean their stalls before the market closes.".into(),
            opens_on: date(0),
            closes_on: date(30),
        },
        None,
        &meta,
    )
    .await?;
    for (i, (section, position, body, publish)) in [
        (
            "2",
            "support",
            "Opening at 05:30 suits traders who bring fresh vegetables.",
            true,
        ),
        (
            "3",
            "oppose",
            "Loading until 06:00 only is too short for the fish deliveries.",
            true,
        ),
        (
            "",
            "neutral",
            "Please publish the list of the 14 markets with the regulation.",
            false,
        ),
    ]
    .iter()
    .enumerate()
    {
        let id = c::comment(
            app,
            &who[(i + 1) % who.len()],
            &open,
            &CommentInput {
                section: (*section).into(),
                position: (*position).into(),
                body: (*body).into(),
            },
            &meta,
        )
        .await?;
        if *publish {
            c::moderate(app, &admin, &open, id, Decision::Publish, &meta).await?;
        }
    }
    Ok(2)
}

/// Seeds a year of history for every service, as an agency would bring in its earlier
/// register: cases submitted over the last twelve months, most decided (some after their
/// service standard), a few still open, and the roll-up run over them, so that the
/// performance pages show something real on first start. Skipped when cases older than
/// two months exist (the history is there, counted or not).
pub async fn seed_history(app: &App) -> anyhow::Result<usize> {
    use gerbang_domain::calendar::add_working_days;
    use gerbang_domain::form::FieldType;
    use gerbang_domain::workflow::Decision;
    use gerbang_store::performance::{HistoricCase, has_history, insert_historic};
    if has_history(&app.db, app.clock.now() - time::Duration::days(60)).await? {
        return Ok(0);
    }
    let catalogue = app.catalogue().await?;
    let residents = ["agus", "fitri", "yusuf", "lina", "bambang", "wati"];
    let mut applicants = Vec::new();
    for r in residents {
        applicants.push(
            gerbang_app::user::acting_as(app, &format!("{r}@demo.gerbang.example"))
                .await?
                .id,
        );
    }
    let officer = gerbang_app::user::acting_as(app, "officer@demo.gerbang.example")
        .await?
        .id;
    let now = app.clock.now();
    let today = gerbang_app::applications::service::platform_today(app);
    // A small deterministic generator: the same history on every fresh demo.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n.max(1)
    };
    let mut tx = app.db.begin().await?;
    let mut count = 0;
    for (s_index, entry) in catalogue.services().iter().enumerate() {
        let def = &entry.def;
        let agency = catalogue
            .agencies
            .iter()
            .find(|a| a.id == entry.row.agency_id)
            .ok_or_else(|| anyhow::anyhow!("agency of {}", def.slug))?;
        let cal = gerbang_app::complaints::deadlines::calendar(app, agency);
        let approved = def
            .workflow
            .outcomes
            .iter()
            .find(|(_, o)| o.decision == Decision::Approved)
            .map(|(s, _)| s.clone());
        let rejected = def
            .workflow
            .outcomes
            .iter()
            .find(|(_, o)| o.decision == Decision::Rejected)
            .map(|(s, _)| s.clone());
        let Some(approved) = approved else { continue };
        let mut answers = serde_json::Map::new();
        for f in &def.form.fields {
            let v = match f.kind {
                FieldType::File => continue,
                FieldType::Text | FieldType::Textarea => "Riwayat register (contoh)".to_owned(),
                FieldType::Number | FieldType::Money => f.min.unwrap_or(1).max(1).to_string(),
                FieldType::Date => "2026-01-15".to_owned(),
                FieldType::Select => f
                    .options
                    .first()
                    .map(|o| o.value.clone())
                    .unwrap_or_default(),
                FieldType::Checkbox => "on".to_owned(),
                FieldType::Email => "warga@example.id".to_owned(),
                FieldType::Phone => "0812 0000 0000".to_owned(),
                FieldType::NationalId => "3374055202950003".to_owned(),
                FieldType::Lookup => "off".to_owned(),
            };
            answers.insert(f.name.clone(), serde_json::Value::String(v));
        }
        let data = serde_json::Value::Object(answers).to_string();
        // Between 6 and 30 cases a month, rising towards the present.
        let base = 6 + (s_index as u64 * 7) % 18;
        for back in (0..12i64).rev() {
            let month_start = today
                .replace_day(1)
                .ok()
                .and_then(|d| d.checked_sub(time::Duration::days(back * 30)))
                .and_then(|d| d.replace_day(1).ok())
                .unwrap_or(today);
            let n = base + (11 - back as u64) / 3 + next(6);
            for _ in 0..n {
                let day = month_start + time::Duration::days(next(28) as i64);
                if day > today {
                    continue;
                }
                let submitted = day
                    .with_hms(1 + next(7) as u8, next(60) as u8, 0)
                    .map_err(|e| anyhow::anyhow!("{e}"))?
                    .assume_utc();
                if submitted > now {
                    continue;
                }
                // Most within the standard, one in seven later.
                let late = next(7) == 0;
                let days = if late {
                    def.sla_days + 1 + next(u64::from(def.sla_days) + 3) as u32
                } else {
                    next(u64::from(def.sla_days) + 1) as u32
                };
                let decided_on = add_working_days(day, days.max(1), &cal).unwrap_or(day);
                let decided_at = decided_on
                    .with_hms(3, 30, 0)
                    .map_err(|e| anyhow::anyhow!("{e}"))?
                    .assume_utc();
                let reject = rejected.is_some() && next(8) == 0;
                let (action, to) = if reject {
                    ("reject", rejected.clone().unwrap_or_default())
                } else {
                    ("approve", approved.clone())
                };
                let reference = loop {
                    let r = gerbang_domain::reference::Reference::from_number(next(
                        gerbang_domain::reference::MAX_NUMBER,
                    ))
                    .map(|r| r.to_string());
                    if let Some(r) = r {
                        break r;
                    }
                };
                let decision = (decided_at <= now).then_some((
                    decided_at,
                    action,
                    to.as_str(),
                    officer,
                    "officer",
                ));
                insert_historic(
                    &mut tx,
                    &HistoricCase {
                        reference: &reference,
                        service_id: entry.row.id,
                        service_version: entry.row.current_version,
                        agency_id: entry.row.agency_id,
                        applicant_id: applicants[count % applicants.len()],
                        initial: &def.workflow.initial,
                        data: &data,
                        due_date: add_working_days(day, def.sla_days, &cal),
                        submitted_at: submitted,
                        decision,
                    },
                )
                .await?;
                count += 1;
            }
        }
    }
    tx.commit().await?;
    gerbang_app::performance::roll_up(app).await?;
    Ok(count)
}

/// The demo's registers, embedded: `catalog/registers/<agency>.<register>.jsonl`.
#[derive(rust_embed::RustEmbed)]
#[folder = "../../catalog/registers/"]
#[include = "*.jsonl"]
struct DemoRegisters;

/// Loads the demo registers and the access agreements of the once-only demo: the
/// sub-district asks the civil registry for family cards (in force), the licensing office
/// asks it for identities (in force), and the health office has asked the licensing office
/// for licence statuses (awaiting the licensing office's administrator). Agreements are
/// skipped when any exist.
pub async fn seed_exchange(app: &App) -> anyhow::Result<usize> {
    use gerbang_app::exchange::{self, agreements};
    let mut names: Vec<_> = DemoRegisters::iter().collect();
    names.sort();
    for name in names {
        let Some((agency, register)) = name.strip_suffix(".jsonl").and_then(|n| n.split_once('.'))
        else {
            continue;
        };
        let file = DemoRegisters::get(&name)
            .ok_or_else(|| anyhow::anyhow!("embedded register {name} vanished"))?;
        let text = String::from_utf8(file.data.into_owned())?;
        exchange::load_register(app, agency, register, &text, "demo")
            .await
            .map_err(|e| anyhow::anyhow!("register {name}: {e}"))?;
    }
    let services = exchange::services(app).await?;
    let cat = app.catalogue().await?;
    let id_of = |slug: &str| cat.agency(slug).map(|a| a.id);
    let service_id = |agency: &str, slug: &str| {
        services
            .iter()
            .find(|s| s.row.agency_slug == agency && s.row.slug == slug)
            .map(|s| s.row.id)
    };
    for s in &services {
        if !gerbang_store::exchange::agreements_of(&app.db, s.row.agency_id)
            .await?
            .is_empty()
        {
            return Ok(0);
        }
    }
    let today = gerbang_app::applications::service::platform_today(app);
    let from = today.replace_day(1).unwrap_or(today);
    let until = today.replace_year(today.year() + 2).unwrap_or(today);
    let plan = [
        (
            "civil-registry",
            "family-members",
            "sukamaju-subdistrict",
            "residence-verification",
            "subdistrict-admin",
            Some("agency-admin"),
        ),
        (
            "civil-registry",
            "identity-by-nik",
            "sukamaju-subdistrict",
            "residence-verification",
            "subdistrict-admin",
            Some("agency-admin"),
        ),
        (
            "civil-registry",
            "identity-by-nik",
            "licensing-office",
            "licence-applicant-check",
            "licensing-admin",
            Some("agency-admin"),
        ),
        (
            "licensing-office",
            "business-licence-status",
            "health-office",
            "food-safety-licensing",
            "health-admin",
            None,
        ),
    ];
    let meta = Meta::cli();
    let mut made = 0;
    for (provider, slug, consumer, purpose, proposer, approver) in plan {
        let (Some(data_service_id), Some(consumer_agency_id)) =
            (service_id(provider, slug), id_of(consumer))
        else {
            continue;
        };
        let fields = services
            .iter()
            .find(|s| s.row.id == data_service_id)
            .map(|s| s.def.fields.clone())
            .unwrap_or_default();
        let who =
            gerbang_app::user::acting_as(app, &format!("{proposer}@demo.gerbang.example")).await?;
        let id = agreements::propose(
            app,
            &who,
            &agreements::Proposal {
                data_service_id,
                consumer_agency_id,
                purposes: vec![purpose.to_owned()],
                fields,
                valid_from: from,
                valid_until: until,
            },
            &meta,
        )
        .await?;
        if let Some(approver) = approver {
            let who =
                gerbang_app::user::acting_as(app, &format!("{approver}@demo.gerbang.example"))
                    .await?;
            agreements::approve(app, &who, id, &meta).await?;
        }
        made += 1;
    }
    Ok(made)
}
