//! Sending one email: the [`Mailer`] trait, the SMTP implementation ([`SmtpMailer`], lettre
//! over rustls) and [`LogMailer`], which only writes to the log (no SMTP configured, demo).

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use super::{MailConfig, TlsMode};

/// Longest wait for any one SMTP step (connect, each command, the data).
pub const SMTP_COMMAND_TIMEOUT: Duration = Duration::from_secs(20);

/// One plain-text email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    /// Sender mailbox, such as `Gerbang <noreply@example.go.id>`.
    pub from: String,
    /// One recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
}

/// Why an email was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// An address could not be parsed; retrying will not help.
    #[error("invalid address `{address}`: {reason}")]
    Address {
        /// The address as given.
        address: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The message could not be assembled.
    #[error("cannot build the message: {0}")]
    Message(String),
    /// The mail server could not be reached, or refused the message.
    #[error("SMTP: {0}")]
    Smtp(String),
    /// The SMTP client could not be set up (such as the TLS settings).
    #[error("mail settings: {0}")]
    Setup(String),
}

/// The future a [`Mailer`] returns: boxed so that the worker can hold any mailer as
/// `Arc<dyn Mailer>`, chosen at start-up.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), MailError>> + Send + 'a>>;

/// Something that sends one email.
pub trait Mailer: Send + Sync {
    /// The sender configured for this mailer, used for outbox messages.
    fn sender(&self) -> &str;

    /// Sends `email`; `Ok` once the server has accepted it.
    fn send<'a>(&'a self, email: &'a Email) -> SendFuture<'a>;
}

/// Sends through an SMTP server (lettre; TLS by rustls, no OpenSSL).
///
/// A new connection per message: the worker sends a few messages every few seconds at
/// most, and a fresh connection never trips over one the server has silently dropped.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: String,
    server: String,
}

impl SmtpMailer {
    /// A mailer for `config`. Fails on bad TLS settings or sender address; no connection
    /// is made until the first send.
    pub fn new(config: &MailConfig) -> Result<SmtpMailer, MailError> {
        mailbox(&config.from)?;
        let setup = |e: lettre::transport::smtp::Error| MailError::Setup(error_chain(&e));
        let builder = match config.tls {
            TlsMode::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host),
            TlsMode::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host).map_err(setup)?
            }
            TlsMode::Tls => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host).map_err(setup)?
            }
        };
        let mut builder = builder
            .port(config.port)
            .timeout(Some(SMTP_COMMAND_TIMEOUT));
        if let (Some(user), Some(password)) = (&config.username, &config.password) {
            builder = builder.credentials(Credentials::new(
                user.expose_secret().to_owned(),
                password.expose_secret().to_owned(),
            ));
        }
        Ok(SmtpMailer {
            transport: builder.build(),
            from: config.from.clone(),
            server: format!("{}:{} ({})", config.host, config.port, config.tls.as_str()),
        })
    }
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("server", &self.server)
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

impl Mailer for SmtpMailer {
    fn sender(&self) -> &str {
        &self.from
    }

    fn send<'a>(&'a self, email: &'a Email) -> SendFuture<'a> {
        Box::pin(async move {
            let message = Message::builder()
                .from(mailbox(&email.from)?)
                .to(mailbox(&email.to)?)
                .subject(email.subject.as_str())
                .header(ContentType::TEXT_PLAIN)
                .body(email.text.clone())
                .map_err(|e| MailError::Message(e.to_string()))?;
            self.transport
                .send(message)
                .await
                .map_err(|e| MailError::Smtp(error_chain(&e)))?;
            Ok(())
        })
    }
}

/// Writes each email to the log instead of sending it: for the demo, and for an install
/// with no SMTP server configured. Recipient and subject at `info`, the body at `debug`
/// (it may hold personal data).
#[derive(Debug, Clone)]
pub struct LogMailer {
    from: String,
    /// Also print each whole email on standard output (the demo, where reading the
    /// emails is part of trying the service).
    print: bool,
}

impl LogMailer {
    /// The sender address the demo and unconfigured installs use.
    pub const DEFAULT_FROM: &'static str = "Gerbang <gerbang@localhost>";

    /// A log-only mailer that claims to send as `from`.
    pub fn new(from: impl Into<String>) -> LogMailer {
        LogMailer {
            from: from.into(),
            print: false,
        }
    }

    /// A log-only mailer that also prints every email, headers and body, on standard
    /// output.
    pub fn printing(from: impl Into<String>) -> LogMailer {
        LogMailer {
            from: from.into(),
            print: true,
        }
    }

    /// An email as the demo prints it.
    pub fn framed(email: &Email) -> String {
        let rule = "-".repeat(72);
        format!(
            "{rule}\nFrom:    {}\nTo:      {}\nSubject: {}\n\n{}\n{rule}",
            email.from, email.to, email.subject, email.text
        )
    }
}

impl Default for LogMailer {
    fn default() -> Self {
        LogMailer::new(Self::DEFAULT_FROM)
    }
}

impl Mailer for LogMailer {
    fn sender(&self) -> &str {
        &self.from
    }

    fn send<'a>(&'a self, email: &'a Email) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(
                from = %email.from,
                to = %email.to,
                subject = %email.subject,
                "LogMailer: email logged, not sent (no SMTP server configured)"
            );
            tracing::debug!(to = %email.to, body = %email.text, "LogMailer: email body");
            if self.print {
                println!("{}", LogMailer::framed(email));
            }
            Ok(())
        })
    }
}

/// Parses a mailbox (`name <addr>` or a bare address).
pub(super) fn mailbox(address: &str) -> Result<Mailbox, MailError> {
    address
        .parse()
        .map_err(|e: lettre::address::AddressError| MailError::Address {
            address: address.to_owned(),
            reason: e.to_string(),
        })
}

/// An error and its causes on one line, for the log and the outbox's `last_error`.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let next = c.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        cause = c.source();
    }
    text
}
