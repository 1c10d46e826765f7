//! Gerbang's use cases: what a citizen, an officer, a cashier or an administrator can do,
//! one folder per feature, knowing nothing of HTTP.
//!
//! Each operation takes an actor ([`user::SessionUser`]) and its input, asks the one
//! authorisation decision ([`authz`], over `gerbang_domain::authz`), and writes one
//! transaction holding the change, its audit entry and its outbox rows. The web crate, the
//! command line, the background jobs and the bench seeder all call these; none of them
//! writes business rules of its own.

pub mod accounts;
pub mod api_quota;
pub mod applications;
pub mod auditing;
pub mod authz;
pub mod catalog;
pub mod clock;
pub mod complaints;
pub mod config;
pub mod consultations;
pub mod documents;
pub mod error;
pub mod exchange;
pub mod health;
pub mod i18n;
pub mod jobs;
pub mod maturity;
pub mod my_data;
pub mod notify;
pub mod open_data;
pub mod payments;
pub mod performance;
pub mod satisfaction;
pub mod site;
pub mod sms;
pub mod transparency;
pub mod user;
pub mod webhooks;

use std::sync::Arc;

use gerbang_store::Db;

pub use config::Config;
pub use error::{AppError, ErrorKind, FieldProblem};

/// Everything the operations share: the database, settings, attachment storage and keys.
/// One reference count to clone: the web layer hands it to every middleware of every
/// request.
#[derive(Clone)]
pub struct App(Arc<Parts>);

/// What an [`App`] holds; reached through `app.db`, `app.config` and so on.
#[derive(Clone)]
pub struct Parts {
    pub db: Db,
    pub config: Arc<Config>,
    /// Attachment bytes.
    pub files: applications::files::Files,
    /// Seals and opens the agencies' document-signing keys.
    pub kek: Arc<gerbang_docs::keys::Kek>,
    /// The sandbox gateway's webhook secret; `None` when the sandbox is off.
    pub sandbox_secret: Option<Arc<[u8]>>,
    /// What time it is.
    pub clock: Arc<dyn clock::Clock>,
    /// The service catalogue, held in memory.
    pub catalog: Arc<catalog::cache::CatalogCache>,
    /// Whether the database is reachable.
    pub health: Arc<health::DbHealth>,
    /// OpenID providers' metadata and keys, cached, and the HTTP client that fetches them.
    pub oidc: Arc<accounts::oidc::Client>,
    /// The SMS gateway replies go through; `None` when text messages are off.
    pub sms: Option<Arc<dyn sms::SmsGateway>>,
    /// Published performance figures, kept a short while (see [`performance::Cache`]).
    pub figures: Arc<performance::Cache>,
    /// This node's count of each API token's requests (see [`api_quota`]).
    pub quota: Arc<api_quota::Quota>,
    /// Calls between installs; `None` when federation is off.
    pub federation: Option<Arc<exchange::federation::Federation>>,
}

impl std::ops::Deref for App {
    type Target = Parts;

    fn deref(&self) -> &Parts {
        &self.0
    }
}

impl App {
    /// Opens the attachment store and resolves every secret once, at start: the
    /// key-encryption key, and the sandbox gateway's webhook secret when it is enabled.
    pub fn open(db: Db, config: Config) -> std::io::Result<App> {
        let files = applications::files::local(&config.data_dir)?;
        let kek = documents::service::load_kek(
            config.key_encryption_key.as_ref(),
            &config.data_dir,
            config.generate_secrets,
        )?;
        let sandbox_secret = if config.sandbox_payments {
            Some(Arc::from(payments::service::load_sandbox_secret(&config)?))
        } else {
            None
        };
        let sms = match &config.sms {
            Some(c) => Some(Arc::new(
                sms::KannelGateway::new(c.clone()).map_err(std::io::Error::other)?,
            ) as Arc<dyn sms::SmsGateway>),
            None => None,
        };
        let federation = exchange::federation::open(config.federation.as_ref())?;
        Ok(App(Arc::new(Parts {
            federation,
            sms,
            db,
            config: Arc::new(config),
            files,
            kek: Arc::new(kek),
            sandbox_secret,
            clock: Arc::new(clock::SystemClock),
            catalog: Arc::default(),
            health: Arc::default(),
            oidc: Arc::default(),
            figures: Arc::default(),
            quota: Arc::default(),
        })))
    }

    /// The current catalogue (from memory; see [`catalog::cache`]).
    pub async fn catalogue(&self) -> Result<Arc<catalog::cache::Catalogue>, AppError> {
        Ok(self.catalog.get(&self.db).await?)
    }

    /// The same application telling time by `clock`.
    pub fn with_clock(self, clock: Arc<dyn clock::Clock>) -> App {
        App(Arc::new(Parts {
            clock,
            ..Parts::clone(&self.0)
        }))
    }
}
