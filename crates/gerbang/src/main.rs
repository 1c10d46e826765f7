//! `gerbang`: one binary for the whole platform.

mod backup;
mod catalog;
mod config;
mod demo;

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use gerbang_app::accounts::service::{self as accounts, Meta, NewAccount};
use gerbang_app::error::AppError;
use gerbang_domain::accounts::{AccountKind, StaffRole};
use gerbang_domain::i18n::Lang;
use gerbang_store::Db;
use gerbang_web::Application;

use crate::config::{Config, GlobalArgs, mask_url};

/// Gerbang: public services online, for any number of government agencies.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the platform with demo agencies, services and one account per role, on a
    /// separate SQLite database (`<data dir>/demo.db` unless --database-url is given).
    Demo,
    /// Print the current second-factor code of the demo's staff accounts.
    DemoCode,
    /// Serve the platform (applies pending migrations first).
    Serve {
        /// Start even though the database holds demo accounts with published passwords.
        #[arg(long)]
        allow_demo_accounts: bool,
        /// Offer the sandbox payment gateway, which marks invoices paid with no money
        /// moving. For training and test installations only: announced at start and on
        /// every sandbox page.
        #[arg(long, env = "GERBANG_SANDBOX_PAYMENTS")]
        sandbox_payments: bool,
        /// Let webhook endpoints be plain http and on loopback or private addresses (a test
        /// install, or one inside an intranet). Off: https to public addresses only.
        #[arg(long, env = "GERBANG_WEBHOOKS_TO_PRIVATE_NETWORKS")]
        webhooks_to_private_networks: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage the service catalogue.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage the agencies' document-signing keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// The audit log's transparency tree.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The registers agencies answer data services from.
    #[command(subcommand)]
    Register(RegisterCommand),
    /// Calls between installs.
    #[command(subcommand)]
    Federation(FederationCommand),
    /// Copy the database and the attachment store into DIR, consistently, while the
    /// platform keeps serving (SQLite: VACUUM INTO; PostgreSQL: pg_dump).
    Backup {
        /// A new or empty directory.
        dir: PathBuf,
    },
    /// Restore a backup made by `gerbang backup` into an empty database and data directory.
    Restore {
        /// The backup's directory.
        dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum RegisterCommand {
    /// Load records into AGENCY's REGISTER from FILE: JSON lines, each
    /// `{"key": "<nik or nib>", "data": {...}}`, replacing records with the same key; all
    /// lines or none.
    Load {
        /// The agency's slug, such as `civil-registry`.
        agency: String,
        /// The register's name, such as `residents`.
        register: String,
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum FederationCommand {
    /// Print a new Ed25519 signing key (for GERBANG_FEDERATION_SIGNING_KEY, the same on
    /// every node) and its public JWK (for the peers' trust).
    NewKey {
        /// The key id peers will know it by, such as `kota-contoh-2026`.
        key_id: String,
    },
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Retire AGENCY's current signing key and create a new one. Documents signed with the
    /// old key stay valid: its public key stays in /.well-known/jwks.json as retired.
    Rotate {
        /// The agency's slug, such as `civil-registry`.
        agency: String,
    },
    /// Make a new key current for this install's OpenID client assertions
    /// (private_key_jwt); the old one stays published at /oidc/jwks.json until the next
    /// rotation, so the providers keep verifying assertions already signed.
    RotateClient,
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Recompute the audit log's Merkle tree from the entries in the database and check
    /// every signed tree head; names each entry changed, deleted, inserted or moved since
    /// it was sealed. Exits 1 when anything is wrong.
    Verify,
    /// Seal the entries waiting now (the server's job worker does this every second or
    /// two).
    Seal,
}

#[derive(Debug, Subcommand)]
enum CatalogCommand {
    /// Import agencies and services from the YAML files of DIR (all or nothing).
    Import {
        /// Directory holding one `<agency>.yaml` per agency.
        dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from GERBANG_USER_PASSWORD.
    Create {
        /// Email address (the sign-in name).
        #[arg(long)]
        email: String,
        /// Full name.
        #[arg(long)]
        name: String,
        /// citizen, business or staff.
        #[arg(long, default_value = "staff")]
        kind: String,
        /// Role to grant, as ROLE@AGENCY (officer, supervisor, cashier, agency_admin, auditor), or platform_admin or auditor (of the whole installation). Repeatable.
        #[arg(long = "role")]
        roles: Vec<String>,
    },
    /// Issue an API token for an account, as the operator (for a system that works on the
    /// account's behalf); prints the token once. Staff tokens live at most 30 days.
    Token {
        /// The account's email address.
        #[arg(long)]
        email: String,
        /// A name to recognise the token by.
        #[arg(long)]
        name: String,
        /// Space-separated scopes; default: every scope the account may have.
        #[arg(long, default_value = "")]
        scopes: String,
        /// Days until it expires (default 90, or 30 for staff).
        #[arg(long)]
        days: Option<i64>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = Config::load(&cli.global)?;
    init_tracing(config.json_logs);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(cli.command, config))
}

fn init_tracing(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("GERBANG_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn connect(config: &Config, default_file: &str) -> anyhow::Result<Db> {
    config.ensure_data_dir()?;
    let url = config.database_url_or(default_file);
    let db = Db::connect_with(&url, config.db_pool_size)
        .await
        .with_context(|| {
            format!(
                "cannot open database {} (setting database_url / GERBANG_DATABASE_URL)",
                mask_url(&url)
            )
        })?;
    let applied = db.migrate().await.context("database migration failed")?;
    tracing::info!(database = %mask_url(&url), applied, "database ready");
    Ok(db)
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Audit(AuditCommand::Seal) => {
            let db = connect(&config, "gerbang.db").await?;
            let app = gerbang_app::App::open(db, config.web())?;
            let n = gerbang_app::transparency::seal(&app).await?;
            println!("Sealed {n} audit entries.");
            Ok(())
        }
        Command::Register(RegisterCommand::Load {
            agency,
            register,
            file,
        }) => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let db = connect(&config, "gerbang.db").await?;
            let app = gerbang_app::App::open(db, config.web())?;
            let n = gerbang_app::exchange::load_register(&app, &agency, &register, &text, "cli")
                .await
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            println!("Loaded {n} records into {agency}'s register {register}.");
            Ok(())
        }
        Command::Federation(FederationCommand::NewKey { key_id }) => {
            let (seed, jwk) = gerbang_app::exchange::federation::new_key(&key_id);
            println!("GERBANG_FEDERATION_KEY_ID={key_id}");
            println!("GERBANG_FEDERATION_SIGNING_KEY={seed}");
            println!(
                "# Keep the key secret and the same on every node. Its public half, for the peers:"
            );
            println!("{jwk}");
            Ok(())
        }
        Command::Audit(AuditCommand::Verify) => {
            let db = connect(&config, "gerbang.db").await?;
            audit_verify(&db).await
        }
        Command::Keys(KeysCommand::RotateClient) => {
            let db = connect(&config, "gerbang.db").await?;
            let app = gerbang_app::App::open(db, config.web())?;
            let kid = gerbang_app::accounts::oidc::rotate_client_key(&app, &Meta::cli()).await?;
            println!(
                "OpenID client key rotated: {kid} now signs; the previous key stays published."
            );
            Ok(())
        }
        Command::Keys(KeysCommand::Rotate { agency }) => {
            let db = connect(&config, "gerbang.db").await?;
            let kek = gerbang_app::documents::service::load_kek(
                config.key_encryption_key.as_ref(),
                &config.data_dir,
                db.engine() == gerbang_store::Engine::Sqlite,
            )
            .context(
                "key-encryption key (setting key_encryption_key / GERBANG_KEY_ENCRYPTION_KEY)",
            )?;
            match gerbang_app::documents::service::rotate_key(&db, &kek, &agency, &Meta::cli())
                .await
            {
                Ok((old, new)) => {
                    println!(
                        "Signing key of {agency} rotated: {} retired (its documents stay valid), {new} now signs.",
                        old.as_deref().unwrap_or("no previous key")
                    );
                    Ok(())
                }
                Err(e) if e.kind() == gerbang_app::error::ErrorKind::NotFound => bail!(
                    "agency `{agency}` is not in the catalogue: use a slug from /agencies, such as civil-registry"
                ),
                Err(e) => Err(e.into()),
            }
        }
        Command::Backup { dir } => backup::backup(&config, &dir).await,
        Command::Restore { dir } => backup::restore(&config, &dir).await,
        Command::Migrate => {
            let url = config.database_url_or("gerbang.db");
            config.ensure_data_dir()?;
            let db = Db::connect(&url)
                .await
                .with_context(|| format!("cannot open database {}", mask_url(&url)))?;
            let applied = db.migrate().await?;
            println!(
                "Migrations: {applied} applied; database {} is up to date.",
                mask_url(&url)
            );
            Ok(())
        }
        Command::Catalog(CatalogCommand::Import { dir }) => {
            let files = catalog::read_dir(&dir)?;
            let db = connect(&config, "gerbang.db").await?;
            import(&db, &files).await
        }
        Command::User(UserCommand::Token {
            email,
            name,
            scopes,
            days,
        }) => {
            let db = connect(&config, "gerbang.db").await?;
            let app = gerbang_app::App::open(db, config.web())?;
            let address = gerbang_domain::accounts::Email::parse(&email)
                .map_err(|e| anyhow::anyhow!("{email}: {e}"))?;
            let user = gerbang_store::accounts::user_by_email(&app.db, &address)
                .await?
                .with_context(|| format!("no account has the address {email}"))?;
            let spec = gerbang_app::accounts::tokens::TokenSpec { name, scopes, days };
            match gerbang_app::accounts::tokens::create_as_operator(
                &app,
                user.id,
                &spec,
                &Meta::cli(),
            )
            .await
            {
                Ok(t) => {
                    println!("{}", t.token);
                    Ok(())
                }
                Err(AppError::Invalid(problems)) => {
                    bail!("{}", gerbang_app::FieldProblem::list(&problems, cli_lang()))
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::User(UserCommand::Create {
            email,
            name,
            kind,
            roles,
        }) => {
            let password = std::env::var("GERBANG_USER_PASSWORD")
                .context("set GERBANG_USER_PASSWORD to the new account's password (kept out of the shell history)")?;
            let kind = AccountKind::parse(&kind)
                .with_context(|| format!("kind `{kind}`: use citizen, business or staff"))?;
            let roles = roles
                .iter()
                .map(|r| parse_role(r))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let db = connect(&config, "gerbang.db").await?;
            let acc = NewAccount {
                email: email.clone(),
                full_name: name,
                password,
                kind,
                roles,
                is_demo: false,
                lang: Lang::Id,
                welcome: Some(if kind == AccountKind::Staff {
                    "staff-account"
                } else {
                    "welcome"
                }),
            };
            let app = gerbang_app::App::open(db, config.web())?;
            match accounts::create_account(&app, &acc, &Meta::cli()).await {
                Ok(id) => {
                    println!("Created account {id} for {email}.");
                    Ok(())
                }
                Err(AppError::Invalid(problems)) => {
                    let lang = cli_lang();
                    let list: Vec<String> = problems
                        .iter()
                        .map(|p| format!("{}: {}", p.field, p.message(lang)))
                        .collect();
                    bail!(
                        "{}\n  {}",
                        gerbang_app::i18n::t(lang, "cli-account-not-created"),
                        list.join("\n  ")
                    )
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Serve {
            allow_demo_accounts,
            sandbox_payments,
            webhooks_to_private_networks,
        } => {
            let db = connect(&config, "gerbang.db").await?;
            let demo_accounts = gerbang_store::accounts::count_demo_users(&db).await?;
            if demo_accounts > 0 && !allow_demo_accounts {
                bail!(
                    "this database holds {demo_accounts} demo account(s) whose passwords are published; \
                     refusing to serve it. Use a fresh database, or pass --allow-demo-accounts if this is a demo."
                );
            }
            let mailer = gerbang_app::notify::build_mailer(config.mail.as_ref())
                .context("email settings (--smtp-url / --mail-from)")?;
            let mut web = config.web();
            web.sandbox_payments = sandbox_payments;
            web.webhooks_to_private_networks = webhooks_to_private_networks;
            // Several nodes may share a PostgreSQL database: a secret generated here would
            // differ from the other nodes'. They must come from configuration.
            web.generate_secrets = db.engine() == gerbang_store::Engine::Sqlite;
            if sandbox_payments {
                eprintln!(
                    "\n  WARNING: the sandbox payment gateway is ON (--sandbox-payments).\n  \
                     Applicants can mark their invoices paid with no money moving.\n  \
                     Use it only on a training or test installation.\n"
                );
                tracing::warn!(
                    "sandbox payment gateway enabled: invoices can be paid with no money moving"
                );
            }
            serve(db, &config, web, mailer).await
        }
        Command::DemoCode => {
            println!("{}", demo::demo_code()?);
            Ok(())
        }
        Command::Demo => {
            let db = connect(&config, "demo.db").await?;
            let files = catalog::demo()?;
            import(&db, &files).await?;
            let demo_app = gerbang_app::App::open(db.clone(), config.web())?;
            let created = demo::create_accounts(&demo_app).await?;
            tracing::info!(created, "demo accounts ready");
            let complaints = demo::seed_complaints(&demo_app).await?;
            tracing::info!(complaints, "demo complaints ready");
            let surveys = demo::seed_surveys(&demo_app).await?;
            tracing::info!(surveys, "demo satisfaction surveys ready");
            let consultations = demo::seed_consultations(&demo_app).await?;
            tracing::info!(consultations, "demo consultations ready");
            let history = demo::seed_history(&demo_app).await?;
            tracing::info!(history, "demo history of cases ready");
            let agreements = demo::seed_exchange(&demo_app).await?;
            tracing::info!(agreements, "demo registers and access agreements ready");
            print_demo_banner(&config);
            // The demo prints every email, body and all, unless a mail server is configured.
            let mailer: std::sync::Arc<dyn gerbang_app::notify::Mailer> = match &config.mail {
                Some(_) => gerbang_app::notify::build_mailer(config.mail.as_ref())
                    .context("email settings (--smtp-url / --mail-from)")?,
                None => std::sync::Arc::new(gerbang_app::notify::LogMailer::printing(
                    gerbang_app::notify::LogMailer::DEFAULT_FROM,
                )),
            };
            let mut web = config.web();
            web.sandbox_payments = true;
            // A demo's webhooks go to a receiver on the same machine.
            web.webhooks_to_private_networks = true;
            serve(db, &config, web, mailer).await
        }
    }
}

/// The language of command-line messages: `GERBANG_LANG`, else the locale (`LC_ALL`,
/// `LC_MESSAGES`, `LANG`: `id_ID.UTF-8` is Indonesian), else English.
fn cli_lang() -> Lang {
    ["GERBANG_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| Lang::from_tag(v.get(..2).unwrap_or("")))
        .unwrap_or(Lang::En)
}

fn parse_role(s: &str) -> anyhow::Result<(StaffRole, Option<String>)> {
    let (role, agency) = match s.split_once('@') {
        Some((r, a)) => (r, Some(a.to_owned())),
        None => (s, None),
    };
    let role = StaffRole::parse(role).with_context(|| {
        format!(
            "role `{role}`: use officer, supervisor, cashier, agency_admin, auditor or platform_admin"
        )
    })?;
    // An auditor without an agency reads the whole installation's log.
    if !matches!(role, StaffRole::PlatformAdmin | StaffRole::Auditor) && agency.is_none() {
        bail!(
            "role `{s}` needs an agency: write it as {}@AGENCY-SLUG",
            role.as_str()
        );
    }
    Ok((role, agency))
}

async fn import(
    db: &Db,
    files: &[(String, gerbang_domain::catalog::CatalogFile)],
) -> anyhow::Result<()> {
    let outcome = gerbang_app::catalog::service::import(db, files, "cli").await?;
    println!(
        "Catalogue imported from {} file(s): {} agencies created, {} updated; {} services created, {} given a new version, {} unchanged.",
        files.len(),
        outcome.agencies_created,
        outcome.agencies_updated,
        outcome.services_created,
        outcome.services_versioned,
        outcome.services_unchanged
    );
    Ok(())
}

fn print_demo_banner(config: &Config) {
    let url = format!("http://{}", config.listen);
    println!("\nGerbang demo is starting at {url}/\n");
    println!("  Public catalogue   {url}/services");
    println!("  Sign in            {url}/login");
    println!("  Complaints         {url}/complaints");
    println!(
        "  Payments           the sandbox gateway is on: invoices can be paid with no money moving"
    );
    println!(
        "\n  Demo accounts (password for all: {}):",
        demo::DEMO_PASSWORD
    );
    println!(
        "  Staff also give a code from an authenticator app: add the key {}\n  to any app, or print the current code with `gerbang demo-code`.",
        demo::demo_key_base32()
    );
    for (email, name, kind, roles) in demo::ACCOUNTS {
        let roles: Vec<String> = roles
            .iter()
            .map(|(r, a)| {
                a.map_or_else(|| r.as_str().to_owned(), |a| format!("{}@{a}", r.as_str()))
            })
            .collect();
        let what = if roles.is_empty() {
            kind.as_str().to_owned()
        } else {
            roles.join(", ")
        };
        println!("    {email:<36} {name:<30} {what}");
    }
    if config.mail.is_none() {
        println!("\n  Emails are printed here, in full, instead of being sent.");
    }
    println!(
        "\n  Stop with Ctrl+C. Data lives in {}.\n",
        config.data_dir.display()
    );
}

/// `gerbang audit verify`: a progress bar while the tree is recomputed, then each
/// tampering on its own line.
async fn audit_verify(db: &Db) -> anyhow::Result<()> {
    use indicatif::{ProgressBar, ProgressStyle};
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} leaves ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message("Recomputing the audit tree");
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let report = gerbang_app::transparency::verify(db, &progress).await?;
    bar.finish_and_clear();
    println!(
        "Audit log: {} sealed entries, {} signed tree heads, {} waiting for the sealer.",
        report.tree_size, report.heads, report.pending
    );
    if report.problems.is_empty() {
        println!("Every entry matches its sealed leaf and every tree head verifies.");
        return Ok(());
    }
    println!("{} problems found:", report.problems.len());
    for p in &report.problems {
        println!("  {p}");
    }
    std::process::exit(1);
}

async fn serve(
    db: Db,
    config: &Config,
    web: gerbang_app::Config,
    mailer: std::sync::Arc<dyn gerbang_app::notify::Mailer>,
) -> anyhow::Result<()> {
    tracing::info!(
        listen = %web.listen,
        data_dir = %web.data_dir.display(),
        site_name = %web.site_name,
        secure_cookies = web.secure_cookies,
        sandbox_payments = web.sandbox_payments,
        "configuration"
    );
    let app = Application::build(db.clone(), web).await.with_context(|| {
        format!(
            "cannot start the web server on {} (settings listen / GERBANG_LISTEN, data_dir, key_encryption_key)",
            config.listen
        )
    })?;
    tracing::info!(address = %app.local_addr()?, "listening");
    tracing::info!(mail = %config.mail.as_ref().map_or_else(|| "log only".to_owned(), ToString::to_string), "notifications");
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    let mut jobs_stop = stop_tx.subscribe();
    let jobs = tokio::spawn(gerbang_app::jobs::run_jobs(app.app(), async move {
        let _ = jobs_stop.wait_for(|stop| *stop).await;
    }));
    let mut hooks_stop = stop_tx.subscribe();
    let hooks = tokio::spawn(gerbang_app::webhooks::run_webhooks(app.app(), async move {
        let _ = hooks_stop.wait_for(|stop| *stop).await;
    }));
    let outbox = tokio::spawn(gerbang_app::notify::run_outbox(
        db.clone(),
        mailer,
        async move {
            let _ = stop_rx.wait_for(|stop| *stop).await;
        },
    ));
    let mut stopping = stop_tx.subscribe();
    let server = app.run_until(async move {
        shutdown_signal().await;
        tracing::info!(
            grace_seconds = SHUTDOWN_GRACE.as_secs(),
            "stopping: no new connections; finishing the requests and the send in progress"
        );
        let _ = stop_tx.send(true);
    });
    tokio::select! {
        served = server => served?,
        () = async {
            let _ = stopping.wait_for(|stop| *stop).await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => {
            tracing::warn!("requests still in flight at the end of the grace period: stopping anyway (their transactions roll back)");
        }
    }
    // Let a send in progress finish before the pool closes.
    match tokio::time::timeout(SHUTDOWN_GRACE, outbox).await {
        Ok(Err(e)) => tracing::error!(error = %e, "outbox worker ended abnormally"),
        Err(_) => tracing::warn!(
            "the outbox worker did not stop within the grace period: its claim will expire and another node will send"
        ),
        Ok(Ok(())) => {}
    }
    if let Ok(Err(e)) = tokio::time::timeout(SHUTDOWN_GRACE, hooks).await {
        tracing::error!(error = %e, "webhook worker ended abnormally");
    }
    match tokio::time::timeout(SHUTDOWN_GRACE, jobs).await {
        Ok(Err(e)) => tracing::error!(error = %e, "job worker ended abnormally"),
        Err(_) => tracing::warn!(
            "the job worker did not stop within the grace period: its job rolls back and runs again"
        ),
        Ok(Ok(())) => {}
    }
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Longest a stopping node waits for requests in flight, then for the outbox worker.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(20);

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl+C");
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => tracing::error!(error = %e, "cannot listen for SIGTERM"),
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
