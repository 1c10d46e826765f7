//! The platform's settings: a typed value passed through state, never a global.

use std::net::SocketAddr;
use std::path::PathBuf;

pub use ipnet::IpNet;

/// Settings the web application needs at run time.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address and port to listen on.
    pub listen: SocketAddr,
    /// Where uploads and other files live.
    pub data_dir: PathBuf,
    /// Mark cookies `Secure` (set when the site is served over TLS, directly or via a proxy).
    pub secure_cookies: bool,
    /// The public name of this installation, such as "Kota Contoh".
    pub site_name: String,
    /// The banner above every page's header; `None`: "An official website of <site name>".
    pub official_banner: Option<gerbang_domain::i18n::Text>,
    /// The site's emblem or logo (SVG or PNG) for the header; `None`: a plain mark.
    pub emblem: Option<PathBuf>,
    /// Where people reach the site (`https://layanan.kota-contoh.go.id`, no trailing
    /// slash): emails and documents' QR codes point there. Empty: the address the server
    /// binds, found when it starts.
    pub public_url: String,
    /// Emails reach people (an SMTP server is configured). Without one they are only
    /// logged, and no page may say "we have emailed you".
    pub mail_delivers: bool,
    /// The "My data" page names the officers who read a person's data (otherwise only
    /// the agency and the role).
    pub show_reader_names: bool,
    /// Largest accepted request body for ordinary forms, in bytes.
    pub max_body_bytes: usize,
    /// Failed logins per account within [`Config::login_window_minutes`] before it is throttled.
    pub login_failures_per_account: i64,
    /// Failed logins per client address within the window before it is throttled.
    pub login_failures_per_address: i64,
    /// Length of the login throttling window.
    pub login_window_minutes: i64,
    /// Hours a session stays valid at most, however active (absolute lifetime).
    pub session_hours: i64,
    /// Minutes without a request after which a citizen's or business's session ends.
    pub session_idle_minutes: i64,
    /// Minutes without a request after which a staff session ends (shorter: staff see
    /// other people's data).
    pub staff_session_idle_minutes: i64,
    /// Minutes a proof (password or second factor) counts as recent for sensitive actions.
    pub reauth_minutes: i64,
    /// Business accounts must use a second factor too (staff always must).
    pub business_second_factor: bool,
    /// OpenID providers people may sign in with (none by default).
    pub oidc_providers: Vec<crate::accounts::oidc::ProviderConfig>,
    /// Public holidays, which SLA due dates skip like weekends.
    pub holidays: gerbang_domain::calendar::HolidayCalendar,
    /// Largest accepted upload request (all files of one application), in bytes.
    pub max_upload_bytes: usize,
    /// Key-encryption key (base64, 32 bytes) sealing document-signing keys; when absent,
    /// one is kept in `<data_dir>/key-encryption-key`.
    pub key_encryption_key: Option<secrecy::SecretString>,
    /// Secret of the sandbox payment gateway's webhook signatures; when absent, a random
    /// one is kept in `<data_dir>/sandbox-webhook.secret`.
    pub sandbox_webhook_secret: Option<secrecy::SecretString>,
    /// Mount the sandbox payment gateway (no money moves). On for `demo`; under `serve`
    /// only with an explicit setting, announced at start and on every sandbox page.
    pub sandbox_payments: bool,
    /// Reverse proxies whose `X-Forwarded-For` is believed (addresses or networks); none
    /// by default, so that no client can choose the address it is rate-limited and audited as.
    pub trusted_proxies: Vec<IpNet>,
    /// Secrets missing from configuration may be generated into the data directory. False
    /// when several nodes share the database: each would generate its own.
    pub generate_secrets: bool,
    /// Requests worked on at once before new ones queue (admission control); `None`: four
    /// per database connection.
    pub max_in_flight: Option<usize>,
    /// Addresses that may read `/metrics`: loopback only by default.
    pub metrics_allow: Vec<IpNet>,
    /// Text messages through an SMS gateway (Kannel); `None`: off.
    pub sms: Option<crate::sms::SmsConfig>,
    /// Webhook endpoints may be plain `http://` and on loopback or private addresses (a
    /// test install, or one inside an intranet); off: `https://` to public addresses only.
    pub webhooks_to_private_networks: bool,
    /// Requests each API token may make per minute, across every node.
    pub api_requests_per_minute: i64,
    /// Data-service calls with peer installs (signing key and trust list); `None`: off.
    pub federation: Option<crate::exchange::federation::FederationConfig>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./gerbang-data"),
            secure_cookies: false,
            site_name: "Kota Contoh".to_owned(),
            official_banner: None,
            emblem: None,
            public_url: String::new(),
            mail_delivers: false,
            show_reader_names: false,
            max_body_bytes: 64 * 1024,
            login_failures_per_account: 5,
            login_failures_per_address: 30,
            login_window_minutes: 15,
            session_hours: 12,
            session_idle_minutes: 60,
            staff_session_idle_minutes: 30,
            reauth_minutes: 5,
            business_second_factor: false,
            oidc_providers: Vec::new(),
            holidays: gerbang_domain::calendar::HolidayCalendar::default(),
            max_upload_bytes: 20 * 1024 * 1024,
            key_encryption_key: None,
            sandbox_webhook_secret: None,
            sandbox_payments: false,
            trusted_proxies: Vec::new(),
            generate_secrets: true,
            max_in_flight: None,
            metrics_allow: ["127.0.0.0/8", "::1/128"]
                .iter()
                .filter_map(|n| n.parse().ok())
                .collect(),
            sms: None,
            webhooks_to_private_networks: false,
            api_requests_per_minute: 600,
            federation: None,
        }
    }
}
