//! Settings: defaults, then a TOML file, then `GERBANG_*` environment variables, then flags.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use serde::Deserialize;

/// Settings every command accepts (each also as a `GERBANG_*` environment variable).
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// TOML file with settings (keys as below, in snake_case).
    #[arg(long, env = "GERBANG_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Database: `sqlite://FILE` or `postgres://USER@HOST/DB`. Default: a SQLite file in the data directory.
    #[arg(long, env = "GERBANG_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Directory for the embedded database and uploaded files.
    #[arg(long, env = "GERBANG_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Address and port to listen on.
    #[arg(long, env = "GERBANG_LISTEN", global = true)]
    pub listen: Option<SocketAddr>,
    /// The name of this installation, shown in page titles.
    #[arg(long, env = "GERBANG_SITE_NAME", global = true)]
    pub site_name: Option<String>,
    /// The banner above every page's header, in English ("An official website of ...").
    #[arg(long, env = "GERBANG_OFFICIAL_BANNER_EN", global = true)]
    pub official_banner_en: Option<String>,
    /// The same banner in Indonesian ("Situs web resmi ...").
    #[arg(long, env = "GERBANG_OFFICIAL_BANNER_ID", global = true)]
    pub official_banner_id: Option<String>,
    /// The site's emblem or logo (an SVG or PNG file) shown in the header; default: a plain mark.
    #[arg(long, env = "GERBANG_EMBLEM", global = true)]
    pub emblem: Option<PathBuf>,
    /// The address people reach the site at, such as https://layanan.kota-contoh.go.id: used
    /// in emails and in the QR code of issued documents. Default: http://<listen address>.
    #[arg(long, env = "GERBANG_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Mark cookies Secure and send HSTS: set this when users reach the site over HTTPS.
    #[arg(long, env = "GERBANG_SECURE_COOKIES", global = true)]
    pub secure_cookies: Option<bool>,
    /// Business accounts must sign in with a second factor too (staff always must).
    #[arg(long, env = "GERBANG_BUSINESS_SECOND_FACTOR", global = true)]
    pub business_second_factor: Option<bool>,
    /// Show a person the names of the officers who read their data on the "My data"
    /// page (by default only the agency and the role).
    #[arg(long, env = "GERBANG_SHOW_READER_NAMES", global = true)]
    pub show_reader_names: Option<bool>,
    /// Log format: `text` or `json` (default: text on a terminal, json otherwise).
    #[arg(long, env = "GERBANG_LOG_FORMAT", global = true)]
    pub log_format: Option<String>,
    /// Outgoing mail server: smtp://USER:PASS@HOST:587?tls=starttls (smtps:// for TLS).
    /// Without it, emails are only logged.
    #[arg(long, env = "GERBANG_SMTP_URL", global = true)]
    pub smtp_url: Option<String>,
    /// Sender address of notification emails.
    #[arg(long, env = "GERBANG_MAIL_FROM", global = true)]
    pub mail_from: Option<String>,
    /// Public holidays skipped by SLA due dates, comma-separated: 2026-12-25,2027-01-01.
    #[arg(long, env = "GERBANG_HOLIDAYS", global = true)]
    pub holidays: Option<String>,
    /// Reverse proxies whose X-Forwarded-For is believed, comma-separated addresses or
    /// networks: 10.0.0.0/8,192.0.2.10. Without it the header is ignored.
    #[arg(long, env = "GERBANG_TRUSTED_PROXIES", global = true)]
    pub trusted_proxies: Option<String>,
    /// Key that seals the agencies' document-signing keys: 32 random bytes in base64
    /// (`head -c 32 /dev/urandom | base64`). Without it, one is generated into
    /// `<data dir>/key-encryption-key` (fine for a demo, not for production).
    #[arg(long, env = "GERBANG_KEY_ENCRYPTION_KEY", global = true, hide_env_values = true, value_parser = parse_secret)]
    pub key_encryption_key: Option<secrecy::SecretString>,
    /// Secret that signs the sandbox payment gateway's webhooks. Without it, one is
    /// generated into `<data dir>/sandbox-webhook.secret`.
    #[arg(long, env = "GERBANG_SANDBOX_WEBHOOK_SECRET", global = true, hide_env_values = true, value_parser = parse_secret)]
    pub sandbox_webhook_secret: Option<secrecy::SecretString>,
    /// Database connections this node may open (default: 16 on PostgreSQL, 8 on SQLite).
    #[arg(long, env = "GERBANG_DB_POOL_SIZE", global = true)]
    pub db_pool_size: Option<u32>,
    /// Requests worked on at once before new ones queue and, past a short wait, are
    /// answered 503 with Retry-After (default: four per database connection).
    #[arg(long, env = "GERBANG_MAX_IN_FLIGHT", global = true)]
    pub max_in_flight: Option<usize>,
    /// Requests each API token may make per minute, across every node (default 600);
    /// beyond it the API answers 429 with Retry-After.
    #[arg(long, env = "GERBANG_API_REQUESTS_PER_MINUTE", global = true)]
    pub api_requests_per_minute: Option<u32>,
    /// OpenID providers to sign in with, as JSON: `[{"id": "inapas", "name": "INApas",
    /// "issuer": "https://...", "client_id": "...", "acr_values": ["..."]}]`.
    #[arg(long, env = "GERBANG_OIDC_PROVIDERS", global = true)]
    pub oidc_providers: Option<String>,
    /// Kannel's sendsms URL (such as http://127.0.0.1:13013/cgi-bin/sendsms): turns text
    /// messages on. Kannel's sms-service then fetches
    /// `<public url>/sms/kannel?token=<sms secret>&from=%p&text=%a`.
    #[arg(long, env = "GERBANG_KANNEL_SENDSMS_URL", global = true)]
    pub kannel_sendsms_url: Option<String>,
    /// The sendsms-user's name.
    #[arg(long, env = "GERBANG_KANNEL_USERNAME", global = true)]
    pub kannel_username: Option<String>,
    /// The sendsms-user's password.
    #[arg(long, env = "GERBANG_KANNEL_PASSWORD", global = true, hide_env_values = true, value_parser = parse_secret)]
    pub kannel_password: Option<secrecy::SecretString>,
    /// The number replies come from (the service's short code).
    #[arg(long, env = "GERBANG_SMS_SENDER", global = true)]
    pub sms_sender: Option<String>,
    /// Shared with Kannel's get-url: its calls carry it. Required with Kannel, the same
    /// on every node.
    #[arg(long, env = "GERBANG_SMS_SECRET", global = true, hide_env_values = true, value_parser = parse_secret)]
    pub sms_secret: Option<secrecy::SecretString>,
    /// The agency complaints by SMS go to (default: the top of the agency tree).
    #[arg(long, env = "GERBANG_SMS_AGENCY", global = true)]
    pub sms_agency: Option<String>,
    /// The name peer installs know this one by (turns federation on, with the key id and
    /// the signing key).
    #[arg(long, env = "GERBANG_FEDERATION_NAME", global = true)]
    pub federation_name: Option<String>,
    /// The id of this install's federation signing key, as its peers' trust lists name it.
    #[arg(long, env = "GERBANG_FEDERATION_KEY_ID", global = true)]
    pub federation_key_id: Option<String>,
    /// The federation signing key: the base64 of a 32-byte Ed25519 seed, the same on every
    /// node (`gerbang federation new-key` prints one). Never generated by a node.
    #[arg(long, env = "GERBANG_FEDERATION_SIGNING_KEY", global = true, hide_env_values = true, value_parser = parse_secret)]
    pub federation_signing_key: Option<secrecy::SecretString>,
    /// The trust list: a TOML file of `[[peer]]` tables (name, base_url, jwks_url, key_ids).
    #[arg(long, env = "GERBANG_FEDERATION_PEERS", global = true)]
    pub federation_peers: Option<PathBuf>,
}

fn parse_secret(s: &str) -> Result<secrecy::SecretString, std::convert::Infallible> {
    Ok(secrecy::SecretString::from(s.to_owned()))
}

/// Settings as they may appear in the configuration file.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    listen: Option<SocketAddr>,
    site_name: Option<String>,
    official_banner_en: Option<String>,
    official_banner_id: Option<String>,
    emblem: Option<PathBuf>,
    public_url: Option<String>,
    secure_cookies: Option<bool>,
    business_second_factor: Option<bool>,
    show_reader_names: Option<bool>,
    log_format: Option<String>,
    holidays: Option<Vec<String>>,
    trusted_proxies: Option<Vec<String>>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    db_pool_size: Option<u32>,
    max_in_flight: Option<usize>,
    api_requests_per_minute: Option<u32>,
    /// `[[oidc_providers]]` tables.
    oidc_providers: Option<Vec<gerbang_app::accounts::oidc::ProviderConfig>>,
}

/// The resolved settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// `None` means "the command's default SQLite file in `data_dir`".
    pub database_url: Option<String>,
    pub data_dir: PathBuf,
    pub listen: SocketAddr,
    pub site_name: String,
    /// The official banner's text; `None`: "An official website of <site name>".
    pub official_banner: Option<gerbang_domain::i18n::Text>,
    pub emblem: Option<PathBuf>,
    /// Where people reach the site, without a trailing slash.
    pub public_url: String,
    pub secure_cookies: bool,
    pub business_second_factor: bool,
    pub show_reader_names: bool,
    pub json_logs: bool,
    pub holidays: Vec<time::Date>,
    pub trusted_proxies: Vec<gerbang_app::config::IpNet>,
    /// `None`: emails are logged, not sent.
    pub mail: Option<gerbang_app::notify::MailConfig>,
    /// Seals document-signing keys; `None`: kept in `<data dir>/key-encryption-key`.
    pub key_encryption_key: Option<secrecy::SecretString>,
    /// Signs sandbox webhooks; `None`: kept in `<data dir>/sandbox-webhook.secret`.
    pub sandbox_webhook_secret: Option<secrecy::SecretString>,
    /// Database connections of this node; `None`: the engine's default.
    pub db_pool_size: Option<u32>,
    /// Admission control's limit; `None`: four per database connection.
    pub max_in_flight: Option<usize>,
    /// Requests per minute per API token; `None`: the default.
    pub api_requests_per_minute: Option<u32>,
    /// OpenID providers people may sign in with.
    pub oidc_providers: Vec<gerbang_app::accounts::oidc::ProviderConfig>,
    /// Text messages through Kannel; `None`: off.
    pub sms: Option<gerbang_app::sms::SmsConfig>,
    /// Calls between installs; `None`: off.
    pub federation: Option<gerbang_app::exchange::federation::FederationConfig>,
}

impl Config {
    /// Merges defaults, the file, the environment and flags (later wins).
    pub fn load(args: &GlobalArgs) -> anyhow::Result<Config> {
        let file = match &args.config {
            Some(path) => {
                let text = std::fs::read_to_string(path).with_context(|| {
                    format!("cannot read configuration file {}", path.display())
                })?;
                toml::from_str::<FileConfig>(&text).with_context(|| {
                    format!("configuration file {} is not valid", path.display())
                })?
            }
            None => FileConfig::default(),
        };
        let defaults = gerbang_app::Config::default();
        let log_format = args.log_format.clone().or(file.log_format);
        let json_logs = match log_format.as_deref() {
            None => !std::io::IsTerminal::is_terminal(&std::io::stderr()),
            Some("json") => true,
            Some("text") => false,
            Some(other) => bail!(
                "log format `{other}` is not known: use `text` or `json` (setting log_format / GERBANG_LOG_FORMAT)"
            ),
        };
        let holidays: Vec<String> = match &args.holidays {
            Some(list) => list
                .split(',')
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty())
                .collect(),
            None => file.holidays.unwrap_or_default(),
        };
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let holidays = holidays
            .iter()
            .map(|d| time::Date::parse(d, format).with_context(|| format!("holiday `{d}` is not a date like 2026-12-25 (setting holidays / GERBANG_HOLIDAYS)")))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let proxies: Vec<String> = match &args.trusted_proxies {
            Some(list) => list
                .split(',')
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty())
                .collect(),
            None => file.trusted_proxies.unwrap_or_default(),
        };
        let trusted_proxies = proxies
            .iter()
            .map(|p| {
                p.parse::<gerbang_app::config::IpNet>()
                    .or_else(|_| p.parse::<std::net::IpAddr>().map(Into::into))
                    .with_context(|| format!("trusted proxy `{p}` is not an address or network like 10.0.0.0/8 (setting trusted_proxies / GERBANG_TRUSTED_PROXIES)"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mail_from = args
            .mail_from
            .clone()
            .or(file.mail_from)
            .unwrap_or_else(|| gerbang_app::notify::LogMailer::DEFAULT_FROM.to_owned());
        let mail = match args.smtp_url.clone().or(file.smtp_url) {
            Some(url) => Some(
                gerbang_app::notify::MailConfig::from_url(&url, &mail_from)
                    .map_err(|e| anyhow::anyhow!("setting smtp_url / GERBANG_SMTP_URL: {e}"))?,
            ),
            None => None,
        };
        let listen = args.listen.or(file.listen).unwrap_or(defaults.listen);
        let sms = match &args.kannel_sendsms_url {
            Some(url) if !url.trim().is_empty() => {
                let Some(secret) = args.sms_secret.clone() else {
                    bail!(
                        "text messages need a shared secret for Kannel's calls (--sms-secret / GERBANG_SMS_SECRET)"
                    );
                };
                Some(gerbang_app::sms::SmsConfig {
                    sendsms_url: url.trim().to_owned(),
                    username: args.kannel_username.clone().unwrap_or_default(),
                    password: args
                        .kannel_password
                        .clone()
                        .unwrap_or_else(|| secrecy::SecretString::from(String::new())),
                    sender: args.sms_sender.clone().unwrap_or_else(|| "1717".to_owned()),
                    inbound_secret: secret,
                    agency: args.sms_agency.clone(),
                })
            }
            _ => None,
        };
        let federation = federation(args)?;
        Ok(Config {
            federation,
            sms,
            db_pool_size: args.db_pool_size.or(file.db_pool_size),
            max_in_flight: args.max_in_flight.or(file.max_in_flight),
            api_requests_per_minute: args
                .api_requests_per_minute
                .or(file.api_requests_per_minute),
            oidc_providers: match &args.oidc_providers {
                Some(json) if !json.trim().is_empty() => serde_json::from_str(json).context(
                    "GERBANG_OIDC_PROVIDERS / --oidc-providers must be a JSON array of providers",
                )?,
                _ => file.oidc_providers.clone().unwrap_or_default(),
            },
            holidays,
            trusted_proxies,
            key_encryption_key: args.key_encryption_key.clone(),
            sandbox_webhook_secret: args.sandbox_webhook_secret.clone(),
            mail,
            database_url: args.database_url.clone().or(file.database_url),
            data_dir: args
                .data_dir
                .clone()
                .or(file.data_dir)
                .unwrap_or(defaults.data_dir),
            listen,
            site_name: args
                .site_name
                .clone()
                .or(file.site_name)
                .unwrap_or(defaults.site_name),
            official_banner: {
                let en = args.official_banner_en.clone().or(file.official_banner_en);
                let id = args.official_banner_id.clone().or(file.official_banner_id);
                match (en, id) {
                    (None, None) => None,
                    (en, id) => Some(gerbang_domain::i18n::Text {
                        en: en.clone().or(id.clone()).unwrap_or_default(),
                        id: id.or(en).unwrap_or_default(),
                    }),
                }
            },
            emblem: args.emblem.clone().or(file.emblem),
            public_url: public_url(args.public_url.clone().or(file.public_url), listen)
                .context("setting public_url / GERBANG_PUBLIC_URL")?,
            secure_cookies: args.secure_cookies.or(file.secure_cookies).unwrap_or(false),
            show_reader_names: args
                .show_reader_names
                .or(file.show_reader_names)
                .unwrap_or(false),
            business_second_factor: args
                .business_second_factor
                .or(file.business_second_factor)
                .unwrap_or(false),
            json_logs,
        })
    }

    /// The database URL, defaulting to `<data_dir>/<file>` on SQLite.
    pub fn database_url_or(&self, sqlite_file: &str) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join(sqlite_file).display()))
    }

    /// Settings for the web layer.
    pub fn web(&self) -> gerbang_app::Config {
        gerbang_app::Config {
            listen: self.listen,
            data_dir: self.data_dir.clone(),
            secure_cookies: self.secure_cookies,
            business_second_factor: self.business_second_factor,
            show_reader_names: self.show_reader_names,
            site_name: self.site_name.clone(),
            official_banner: self.official_banner.clone(),
            emblem: self.emblem.clone(),
            public_url: self.public_url.clone(),
            mail_delivers: self.mail.is_some(),
            holidays: gerbang_domain::calendar::HolidayCalendar::new(self.holidays.iter().copied()),
            trusted_proxies: self.trusted_proxies.clone(),
            key_encryption_key: self.key_encryption_key.clone(),
            sandbox_webhook_secret: self.sandbox_webhook_secret.clone(),
            max_in_flight: self.max_in_flight,
            api_requests_per_minute: self.api_requests_per_minute.map_or(
                gerbang_app::Config::default().api_requests_per_minute,
                i64::from,
            ),
            oidc_providers: self.oidc_providers.clone(),
            sms: self.sms.clone(),
            federation: self.federation.clone(),
            ..gerbang_app::Config::default()
        }
    }

    /// Creates the data directory if needed.
    pub fn ensure_data_dir(&self) -> anyhow::Result<&Path> {
        std::fs::create_dir_all(&self.data_dir).with_context(|| {
            format!(
                "cannot create data directory {} (setting data_dir / GERBANG_DATA_DIR)",
                self.data_dir.display()
            )
        })?;
        Ok(&self.data_dir)
    }
}

/// The public address: as configured (an http or https URL, trailing slash dropped), else
/// the listen address.
fn public_url(configured: Option<String>, listen: SocketAddr) -> anyhow::Result<String> {
    let Some(url) = configured.filter(|u| !u.trim().is_empty()) else {
        return Ok(format!("http://{listen}"));
    };
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(['?', '#', ' ']) => Ok(url.to_owned()),
        _ => anyhow::bail!(
            "public_url `{url}` must be the site's address, like https://layanan.kota-contoh.go.id"
        ),
    }
}

/// A database URL safe to print: any password replaced by `***`.
pub fn mask_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((auth, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// Federation: all of name, key id and signing key, or none; the trust list, if given,
/// must read.
fn federation(
    args: &GlobalArgs,
) -> anyhow::Result<Option<gerbang_app::exchange::federation::FederationConfig>> {
    use gerbang_app::exchange::federation::{FederationConfig, TrustList};
    let name = args
        .federation_name
        .clone()
        .filter(|s| !s.trim().is_empty());
    let key_id = args
        .federation_key_id
        .clone()
        .filter(|s| !s.trim().is_empty());
    let (name, key_id, key) = match (name, key_id, args.federation_signing_key.clone()) {
        (None, None, None) => return Ok(None),
        (Some(n), Some(k), Some(key)) => (n, k, key),
        _ => bail!(
            "federation needs all three of --federation-name, --federation-key-id and --federation-signing-key (GERBANG_FEDERATION_*)"
        ),
    };
    let peers = match &args.federation_peers {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the trust list {}", path.display()))?;
            toml::from_str::<TrustList>(&text)
                .with_context(|| format!("the trust list {} is not valid", path.display()))?
                .peer
        }
        None => Vec::new(),
    };
    let config = FederationConfig {
        name,
        key_id,
        signing_key: key,
        peers,
    };
    gerbang_app::exchange::federation::Federation::new(&config)
        .map_err(|e| anyhow::anyhow!("--federation-signing-key: {e}"))?;
    Ok(Some(config))
}

#[cfg(test)]
mod tests {
    use super::mask_url;

    #[test]
    fn masks_passwords_only() {
        assert_eq!(
            mask_url("postgres://app:s3cret@db/gerbang"),
            "postgres://app:***@db/gerbang"
        );
        assert_eq!(
            mask_url("postgres://app@db/gerbang"),
            "postgres://app@db/gerbang"
        );
        assert_eq!(
            mask_url("sqlite://./gerbang-data/gerbang.db"),
            "sqlite://./gerbang-data/gerbang.db"
        );
    }
}
