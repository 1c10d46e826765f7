//! Notifications by email. Application code queues messages with
//! `gerbang_store::outbox::enqueue` inside its own transaction; the [`worker`] sends them
//! later through a [`Mailer`], so a mail-server outage never loses or blocks a case.
//!
//! Settings come as one SMTP URL (see [`MailConfig::from_url`]); with none, [`LogMailer`]
//! only writes messages to the log.

pub mod mailer;
pub mod messages;
pub mod worker;

use std::fmt;
use std::sync::Arc;

use secrecy::SecretString;

pub use mailer::{Email, LogMailer, MailError, Mailer, SmtpMailer};
pub use worker::{deliver_due_once, run_outbox};

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain text: only for a relay on this machine or a trusted local network.
    None,
    /// Plain connection upgraded with STARTTLS, which is required (usually port 587).
    StartTls,
    /// TLS from the first byte, "SMTPS" (usually port 465).
    Tls,
}

impl TlsMode {
    /// The name used in the URL's `tls=` parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            TlsMode::None => "none",
            TlsMode::StartTls => "starttls",
            TlsMode::Tls => "tls",
        }
    }

    /// The usual port for this mode.
    pub fn default_port(self) -> u16 {
        match self {
            TlsMode::None => 25,
            TlsMode::StartTls => 587,
            TlsMode::Tls => 465,
        }
    }
}

/// Where and how to send email.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// SMTP server host name or IP address (no brackets for IPv6).
    pub host: String,
    /// SMTP server port.
    pub port: u16,
    /// User name for SMTP AUTH, if the server wants one.
    pub username: Option<SecretString>,
    /// Password for SMTP AUTH.
    pub password: Option<SecretString>,
    /// Connection protection.
    pub tls: TlsMode,
    /// Sender mailbox, such as `Kota Contoh <noreply@kota-contoh.go.id>`.
    pub from: String,
}

impl MailConfig {
    /// Parses `smtp://[user:password@]host[:port][?tls=none|starttls|tls]` (or `smtps://`,
    /// which means `tls=tls`) and the sender mailbox `from`.
    ///
    /// `smtp://` defaults to STARTTLS; the port defaults to 25, 587 or 465 by TLS mode.
    /// User and password are percent-decoded (write `@` as `%40`). A password is refused
    /// over a plain connection except to a loopback host.
    pub fn from_url(url: &str, from: &str) -> Result<MailConfig, String> {
        let url = url.trim();
        let (scheme, rest) = url
            .split_once("://")
            .ok_or("the SMTP URL must look like smtp://user:password@host:587?tls=starttls")?;
        let implicit_tls = match scheme.to_ascii_lowercase().as_str() {
            "smtp" => false,
            "smtps" => true,
            other => {
                return Err(format!(
                    "the SMTP URL's scheme `{other}` is not supported: use smtp:// or smtps://"
                ));
            }
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let authority = match rest.split_once('/') {
            Some((a, "")) => a,
            Some(_) => return Err("the SMTP URL must not have a path after the host".to_owned()),
            None => rest,
        };
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let (username, password) = parse_userinfo(userinfo)?;
        let (host, port) = parse_hostport(hostport)?;

        let mut tls = None;
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "tls" => {
                    tls = Some(match value.to_ascii_lowercase().as_str() {
                        "none" => TlsMode::None,
                        "starttls" => TlsMode::StartTls,
                        "tls" => TlsMode::Tls,
                        _ => {
                            return Err(format!(
                                "the SMTP URL's `tls={value}` is not known: use tls=none, tls=starttls or tls=tls"
                            ));
                        }
                    });
                }
                _ => {
                    return Err(format!(
                        "the SMTP URL's parameter `{key}` is not known: the only one is tls=none|starttls|tls"
                    ));
                }
            }
        }
        let tls = match (implicit_tls, tls) {
            (true, None | Some(TlsMode::Tls)) => TlsMode::Tls,
            (true, Some(other)) => {
                return Err(format!(
                    "smtps:// means TLS from the start and contradicts tls={}: use smtp:// with it",
                    other.as_str()
                ));
            }
            (false, chosen) => chosen.unwrap_or(TlsMode::StartTls),
        };
        if tls == TlsMode::None && password.is_some() && !is_loopback(&host) {
            return Err(format!(
                "refusing to send the SMTP password to {host} without encryption: \
                 use tls=starttls or tls=tls (or a relay on this machine)"
            ));
        }
        let from = from.trim();
        mailer::mailbox(from).map_err(|e| {
            format!("the sender address (mail from) `{from}` is not valid: {e}; write it as noreply@example.go.id or Name <noreply@example.go.id>")
        })?;
        Ok(MailConfig {
            port: port.unwrap_or(tls.default_port()),
            host,
            username,
            password,
            tls,
            from: from.to_owned(),
        })
    }
}

/// The URL form with the credentials masked, for printing the configuration at start.
impl fmt::Display for MailConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let creds = if self.username.is_some() {
            "***:***@"
        } else {
            ""
        };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        write!(
            f,
            "smtp://{creds}{host}:{}?tls={} from {}",
            self.port,
            self.tls.as_str(),
            self.from
        )
    }
}

/// The mailer for the settings: SMTP when configured, else a [`LogMailer`] (and a warning,
/// since then nobody receives email).
pub fn build_mailer(config: Option<&MailConfig>) -> Result<Arc<dyn Mailer>, MailError> {
    match config {
        Some(c) => {
            let mailer = SmtpMailer::new(c)?;
            tracing::info!(smtp = %c, "email goes out through SMTP");
            Ok(Arc::new(mailer))
        }
        None => {
            tracing::warn!("no SMTP server configured: email is written to the log, not sent");
            Ok(Arc::new(LogMailer::default()))
        }
    }
}

type Credentials = (Option<SecretString>, Option<SecretString>);

fn parse_userinfo(userinfo: Option<&str>) -> Result<Credentials, String> {
    let Some(userinfo) = userinfo else {
        return Ok((None, None));
    };
    let (user, password) = match userinfo.split_once(':') {
        Some((u, p)) => (percent_decode(u)?, Some(percent_decode(p)?)),
        None => (percent_decode(userinfo)?, None),
    };
    match (user.is_empty(), password) {
        (true, None) => Ok((None, None)),
        (true, Some(_)) => Err("the SMTP URL has a password but no user name".to_owned()),
        (false, None) => Err(
            "the SMTP URL has a user name but no password: write smtp://user:password@host"
                .to_owned(),
        ),
        (false, Some(p)) => Ok((Some(user.into()), Some(p.into()))),
    }
}

fn parse_hostport(hostport: &str) -> Result<(String, Option<u16>), String> {
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (host, after) = v6
            .split_once(']')
            .ok_or("the SMTP URL's IPv6 address lacks its closing `]`")?;
        match after {
            "" => (host, None),
            p => (
                host,
                Some(
                    p.strip_prefix(':')
                        .ok_or("the SMTP URL has text after its IPv6 address")?,
                ),
            ),
        }
    } else {
        match hostport.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    if host.is_empty() {
        return Err("the SMTP URL names no host: write smtp://host:587".to_owned());
    }
    let valid = host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
    if !valid {
        return Err(format!(
            "the SMTP URL's host `{host}` is not a valid host name"
        ));
    }
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                return Err(format!(
                    "the SMTP URL's port `{p}` is not a port number (1-65535)"
                ));
            }
        },
    };
    Ok((host.to_owned(), port))
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Decodes `%XX` escapes; the result must be UTF-8.
fn percent_decode(s: &str) -> Result<String, String> {
    let bad = || "the SMTP URL has a bad %-escape in its user name or password".to_owned();
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hi = bytes
                .next()
                .and_then(|c| (c as char).to_digit(16))
                .ok_or_else(bad)?;
            let lo = bytes
                .next()
                .and_then(|c| (c as char).to_digit(16))
                .ok_or_else(bad)?;
            out.push(u8::try_from(hi * 16 + lo).map_err(|_| bad())?);
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    const FROM: &str = "Kota Contoh <noreply@kota-contoh.go.id>";

    fn parse(url: &str) -> MailConfig {
        MailConfig::from_url(url, FROM).unwrap_or_else(|e| panic!("{url}: {e}"))
    }

    fn secret(s: &Option<SecretString>) -> Option<&str> {
        s.as_ref().map(|s| s.expose_secret())
    }

    #[test]
    fn full_url_with_starttls() {
        let c = parse("smtp://user:pass@mail.example.go.id:587?tls=starttls");
        assert_eq!(c.host, "mail.example.go.id");
        assert_eq!(c.port, 587);
        assert_eq!(c.tls, TlsMode::StartTls);
        assert_eq!(secret(&c.username), Some("user"));
        assert_eq!(secret(&c.password), Some("pass"));
        assert_eq!(c.from, FROM);
    }

    #[test]
    fn defaults_follow_the_tls_mode() {
        let c = parse("smtp://mail.example.go.id");
        assert_eq!((c.tls, c.port), (TlsMode::StartTls, 587));
        assert!(c.username.is_none() && c.password.is_none());
        let c = parse("smtps://mail.example.go.id");
        assert_eq!((c.tls, c.port), (TlsMode::Tls, 465));
        let c = parse("smtp://mail.example.go.id?tls=tls");
        assert_eq!((c.tls, c.port), (TlsMode::Tls, 465));
        let c = parse("smtp://localhost?tls=none");
        assert_eq!((c.tls, c.port), (TlsMode::None, 25));
        let c = parse("SMTP://relay:2525/?tls=NONE");
        assert_eq!(
            (c.host.as_str(), c.port, c.tls),
            ("relay", 2525, TlsMode::None)
        );
    }

    #[test]
    fn credentials_are_percent_decoded() {
        let c = parse("smtp://me%40kota.go.id:p%40ss%3Aw0rd%2F@mail.kota.go.id");
        assert_eq!(secret(&c.username), Some("me@kota.go.id"));
        assert_eq!(secret(&c.password), Some("p@ss:w0rd/"));
        // An unescaped `@` in the password still works: the host follows the last one.
        let c = parse("smtp://me:p@ss@mail.kota.go.id");
        assert_eq!(secret(&c.password), Some("p@ss"));
        assert_eq!(c.host, "mail.kota.go.id");
    }

    #[test]
    fn ipv6_hosts() {
        let c = parse("smtp://[::1]:2525?tls=none");
        assert_eq!((c.host.as_str(), c.port), ("::1", 2525));
        assert_eq!(
            c.to_string(),
            format!("smtp://[::1]:2525?tls=none from {FROM}")
        );
    }

    #[test]
    fn display_masks_the_credentials() {
        let c = parse("smtp://user:hunter2@mail.example.go.id");
        let shown = format!("{c} {c:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("user:"), "{shown}");
        assert!(
            c.to_string()
                .starts_with("smtp://***:***@mail.example.go.id:587?tls=starttls")
        );
    }

    #[test]
    fn bad_urls_say_what_to_do() {
        let cases = [
            ("http://mail.example.go.id", "scheme"),
            ("mail.example.go.id:587", "smtp://"),
            ("smtp://", "no host"),
            ("smtp://mail.example.go.id:0", "port"),
            ("smtp://mail.example.go.id:99999", "port"),
            ("smtp://mail.example.go.id:abc", "port"),
            ("smtp://mail.example.go.id?tls=maybe", "tls=none"),
            ("smtp://mail.example.go.id?pool=3", "parameter `pool`"),
            ("smtps://mail.example.go.id?tls=starttls", "contradicts"),
            ("smtp://mail.example.go.id/ehlo", "path"),
            ("smtp://user@mail.example.go.id", "no password"),
            ("smtp://:pw@mail.example.go.id", "no user name"),
            ("smtp://u:p%zz@mail.example.go.id", "%-escape"),
            ("smtp://[::1:25", "closing"),
            ("smtp://bad host", "valid host"),
            (
                "smtp://user:secret@mail.example.go.id?tls=none",
                "without encryption",
            ),
        ];
        for (url, expected) in cases {
            let err = MailConfig::from_url(url, FROM)
                .err()
                .unwrap_or_else(|| panic!("{url} accepted"));
            assert!(err.contains(expected), "{url}: {err}");
            assert!(
                !err.contains("secret"),
                "{url}: the error shows the password: {err}"
            );
        }
    }

    #[test]
    fn a_password_in_clear_only_to_a_loopback_relay() {
        assert!(MailConfig::from_url("smtp://u:p@127.0.0.1:25?tls=none", FROM).is_ok());
        assert!(MailConfig::from_url("smtp://u:p@localhost?tls=none", FROM).is_ok());
    }

    #[test]
    fn smtp_mailers_build_for_every_tls_mode() {
        // Builds the rustls client configuration (crypto provider, system roots) without
        // connecting anywhere.
        for url in [
            "smtp://localhost?tls=none",
            "smtp://mail.example.go.id",
            "smtps://mail.example.go.id",
        ] {
            let mailer = SmtpMailer::new(&parse(url)).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(mailer.sender(), FROM);
        }
        assert!(build_mailer(Some(&parse("smtp://localhost?tls=none"))).is_ok());
    }

    #[test]
    fn the_sender_must_be_a_mailbox() {
        assert!(MailConfig::from_url("smtp://localhost", "noreply@kota.go.id").is_ok());
        let err = MailConfig::from_url("smtp://localhost", "not an address")
            .err()
            .unwrap_or_default();
        assert!(err.contains("sender address"), "{err}");
    }
}
