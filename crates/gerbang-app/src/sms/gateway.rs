//! The gateway interface and its adapter for Kannel's HTTP interface (`sendsms`).

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::AppError;

/// How Gerbang reaches its SMS gateway, and how the gateway reaches Gerbang.
#[derive(Debug, Clone)]
pub struct SmsConfig {
    /// Kannel's `sendsms` URL, such as `http://127.0.0.1:13013/cgi-bin/sendsms`.
    pub sendsms_url: String,
    pub username: String,
    pub password: SecretString,
    /// The number replies come from (the service's short code).
    pub sender: String,
    /// Shared with the gateway's configuration: its requests to `/sms/kannel` carry it.
    pub inbound_secret: SecretString,
    /// The agency complaints by text message go to (its coordinator reassigns them);
    /// `None`: the top of the agency tree.
    pub agency: Option<String>,
}

/// What [`SmsGateway::send`] returns.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), AppError>> + Send + 'a>>;

/// Sends one text message (`Arc<dyn SmsGateway>`, chosen at start-up).
pub trait SmsGateway: Send + Sync {
    /// Hands `text` for `to` to the gateway; `report_url` is where its delivery reports go.
    fn send<'a>(&'a self, to: &'a str, text: &'a str, report_url: &'a str) -> SendFuture<'a>;
}

/// Kannel's `sendsms` HTTP interface: a GET with the account, the numbers, the text and
/// the delivery-report URL; `202 Accepted` (or 200) means queued.
pub struct KannelGateway {
    config: SmsConfig,
    client: reqwest::Client,
}

impl KannelGateway {
    pub fn new(config: SmsConfig) -> Result<KannelGateway, AppError> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| AppError::Internal(format!("SMS gateway client: {e}")))?;
        Ok(KannelGateway { config, client })
    }
}

/// Every delivery-report kind: delivered, failed, buffered, accepted, rejected.
const DLR_MASK: &str = "31";

impl SmsGateway for KannelGateway {
    fn send<'a>(&'a self, to: &'a str, text: &'a str, report_url: &'a str) -> SendFuture<'a> {
        Box::pin(self.send_now(to, text, report_url))
    }
}

impl KannelGateway {
    async fn send_now(&self, to: &str, text: &str, report_url: &str) -> Result<(), AppError> {
        let response = self
            .client
            .get(&self.config.sendsms_url)
            .query(&[
                ("username", self.config.username.as_str()),
                ("password", self.config.password.expose_secret()),
                ("from", self.config.sender.as_str()),
                ("to", to),
                ("text", text),
                ("dlr-mask", DLR_MASK),
                ("dlr-url", report_url),
            ])
            .send()
            .await
            .map_err(|e| AppError::Internal(format!("SMS gateway unreachable: {e}")))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            let body: String = response
                .text()
                .await
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect();
            Err(AppError::Internal(format!(
                "SMS gateway refused the message: {status} {body}"
            )))
        }
    }
}
