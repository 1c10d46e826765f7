//! The emails people receive. Every event that changes what a person must do, or that
//! they must know about (an application received, a correction asked for, a payment
//! received, a decision, a document issued or revoked, a new account, a changed
//! password), queues one message in the recipient's own language, inside the
//! transaction of the event itself: it is sent if and only if the event happened.

use fluent_templates::fluent_bundle::FluentValue;
use gerbang_domain::i18n::Lang;
use gerbang_store::Tx;

use crate::config::Config;
use crate::error::AppError;
use crate::i18n;

/// Who a message goes to.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub email: String,
    pub name: String,
    pub lang: Lang,
}

impl From<&gerbang_store::accounts::UserRow> for Recipient {
    fn from(u: &gerbang_store::accounts::UserRow) -> Self {
        Recipient {
            email: u.email.clone(),
            name: u.full_name.clone(),
            lang: u.lang(),
        }
    }
}

/// One message: its kind (messages `mail-<kind>-subject` and `mail-<kind>-body`) and
/// the arguments beyond those every message has (`$name`, `$site`, `$url`).
#[derive(Debug, Clone)]
pub struct Message {
    pub kind: &'static str,
    pub args: Vec<(&'static str, String)>,
    /// A paragraph added after the body (an officer's comment), already translated.
    pub extra: Option<String>,
}

impl Message {
    pub fn new(kind: &'static str) -> Message {
        Message {
            kind,
            args: Vec::new(),
            extra: None,
        }
    }

    /// Adds a named argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    /// The subject and the body, footer included, as `to` reads them.
    pub fn render(&self, config: &Config, to: &Recipient) -> (String, String) {
        let mut args: Vec<(&'static str, FluentValue<'static>)> = vec![
            ("name", to.name.clone().into()),
            ("site", config.site_name.clone().into()),
            ("url", config.public_url.clone().into()),
        ];
        args.extend(self.args.iter().map(|(k, v)| (*k, v.clone().into())));
        let lang = to.lang;
        let subject = i18n::t_args(lang, &format!("mail-{}-subject", self.kind), &args);
        let mut body = i18n::t_args(lang, &format!("mail-{}-body", self.kind), &args);
        if let Some(extra) = &self.extra {
            body.push_str("\n\n");
            body.push_str(extra);
        }
        body.push_str("\n\n-- \n");
        body.push_str(&i18n::t_args(lang, "mail-footer", &args));
        (subject, body)
    }
}

/// Queues `message` to `to` in the caller's transaction.
pub async fn queue(
    tx: &mut Tx,
    config: &Config,
    to: &Recipient,
    message: &Message,
) -> Result<(), AppError> {
    let (subject, body) = message.render(config, to);
    gerbang_store::outbox::enqueue(tx, &to.email, &subject, &body).await?;
    Ok(())
}

/// The account `user_id` as a recipient, read through the caller's transaction.
pub async fn recipient(tx: &mut Tx, user_id: i64) -> Result<Option<Recipient>, AppError> {
    Ok(gerbang_store::accounts::user_by_id(&mut *tx, user_id)
        .await?
        .as_ref()
        .map(Recipient::from))
}

/// Queues `message` to the account `user_id`, in its language; nothing for an unknown
/// account.
pub async fn queue_to_user(
    tx: &mut Tx,
    config: &Config,
    user_id: i64,
    message: &Message,
) -> Result<(), AppError> {
    match recipient(tx, user_id).await? {
        Some(to) => queue(tx, config, &to, message).await,
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kind() -> Vec<Message> {
        let app = |kind| {
            Message::new(kind)
                .arg("reference", "A7K2-9XQ4-M3")
                .arg("service", "Akta kelahiran")
                .arg("status", "Diajukan")
                .arg("link", "https://layanan.example/applications/A7K2-9XQ4-M3")
        };
        vec![
            app("submitted"),
            app("submitted-assisted"),
            app("status"),
            app("correction"),
            app("resubmitted"),
            app("payment")
                .arg("amount", "Rp 50.000")
                .arg("invoice", "INV-1"),
            app("refund").arg("amount", "Rp 50.000"),
            app("document-issued").arg("number", "DOC-1"),
            Message::new("document-revoked")
                .arg("number", "DOC-1")
                .arg("reason", "x"),
            Message::new("welcome").arg("link", "https://layanan.example/account/verify?token=t"),
            Message::new("counter-account")
                .arg("link", "https://layanan.example/password/reset?token=t")
                .arg("days", "7"),
            Message::new("staff-account")
                .arg("link", "https://layanan.example/password/reset?token=t")
                .arg("days", "7"),
            Message::new("password-changed"),
            Message::new("password-reset")
                .arg("link", "https://layanan.example/password/reset?token=t")
                .arg("minutes", "30"),
            Message::new("verify-email")
                .arg("link", "https://layanan.example/account/verify?token=t"),
            Message::new("second-factor-added"),
            Message::new("second-factor-reset"),
            Message::new("recovery-code-used").arg("left", "9"),
        ]
    }

    #[test]
    fn every_message_reads_in_both_languages_with_every_argument_filled() {
        let config = Config {
            public_url: "https://layanan.example".to_owned(),
            ..Config::default()
        };
        for lang in [Lang::En, Lang::Id] {
            let to = Recipient {
                email: "siti@example.id".into(),
                name: "Siti".into(),
                lang,
            };
            for m in every_kind() {
                let (subject, body) = m.render(&config, &to);
                for text in [&subject, &body] {
                    assert!(
                        !text.contains("mail-"),
                        "{lang:?} {}: missing {text}",
                        m.kind
                    );
                    assert!(!text.contains('{'), "{lang:?} {}: unfilled {text}", m.kind);
                }
                assert!(subject.starts_with("[Kota Contoh]"), "{subject}");
                assert!(body.contains("Siti"), "{body}");
                assert!(body.contains("https://layanan.example"), "{body}");
            }
        }
    }
}
