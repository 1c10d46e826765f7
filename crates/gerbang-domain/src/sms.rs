//! Text messages for people without a data plan: the commands an SMS may carry, phone
//! numbers, and what a gateway's delivery report says.
//!
//! - `ADUAN <text>` (or `LAPOR`, or `COMPLAINT` in English) files a complaint;
//! - `STATUS <reference>` answers with the bare status of an application or a complaint;
//! - anything else gets the help text.

use crate::i18n::Lang;

/// The longest text a reply may have: one GSM 03.38 message.
pub const MAX_REPLY: usize = 160;

/// What an incoming message asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// File a complaint with this text; replies in `lang` (the keyword's language).
    Complaint { text: String, lang: Lang },
    /// The status of this reference (as typed, not yet checked).
    Status { reference: String, lang: Lang },
    /// Anything else: the help text.
    Help { lang: Lang },
}

impl Command {
    /// Reads a message: the keyword is case-insensitive and may be followed by any
    /// whitespace; an empty complaint or reference gets the help text.
    pub fn parse(text: &str) -> Command {
        let text = text.trim();
        let (keyword, rest) = match text.find(char::is_whitespace) {
            Some(i) => (&text[..i], text[i..].trim()),
            None => (text, ""),
        };
        let keyword = keyword.to_uppercase();
        let lang = match keyword.as_str() {
            "COMPLAINT" | "HELP" => Lang::En,
            _ => Lang::Id,
        };
        match keyword.as_str() {
            "ADUAN" | "LAPOR" | "COMPLAINT" if !rest.is_empty() => Command::Complaint {
                text: rest.to_owned(),
                lang,
            },
            "STATUS" | "CEK" if !rest.is_empty() => Command::Status {
                reference: rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_uppercase(),
                lang: Lang::Id,
            },
            _ => Command::Help { lang },
        }
    }
}

/// A mobile number in international form (`+62812...`), from how people write them:
/// `0812-3456-7890`, `62 812 3456 7890`, `+62 812 3456 7890`. Indonesian numbers without
/// a country code get +62. `None` when it is not a plausible number (7 to 15 digits).
pub fn normalize_phone(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let plus = raw.starts_with('+');
    if raw
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+')))
    {
        return None;
    }
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let international = if plus || digits.starts_with("62") {
        digits
    } else if let Some(local) = digits.strip_prefix('0') {
        format!("62{local}")
    } else {
        digits
    };
    (7..=15)
        .contains(&international.len())
        .then(|| format!("+{international}"))
}

/// What a delivery report says about a message (Kannel's `%d` bit values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Reached the phone (1).
    Delivered,
    /// Will not reach it (2, or 16: the SMSC refused it).
    Failed,
    /// Waiting in the network (4), or accepted by the SMSC (8).
    Pending,
}

impl Delivery {
    pub fn from_kannel(status: i64) -> Option<Delivery> {
        match status {
            1 => Some(Delivery::Delivered),
            2 | 16 => Some(Delivery::Failed),
            4 | 8 => Some(Delivery::Pending),
            _ => None,
        }
    }

    /// The stored state of an outgoing message after this report.
    pub fn state(self) -> &'static str {
        match self {
            Delivery::Delivered => "delivered",
            Delivery::Failed => "failed",
            Delivery::Pending => "sent",
        }
    }
}

/// Cuts `text` to one message, on a character boundary.
pub fn fit(text: &str) -> String {
    if text.chars().count() <= MAX_REPLY {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(MAX_REPLY - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keywords_in_either_case_and_language() {
        assert_eq!(
            Command::parse("  aduan   Lampu jalan mati di Jl. Melati "),
            Command::Complaint {
                text: "Lampu jalan mati di Jl. Melati".into(),
                lang: Lang::Id
            }
        );
        assert_eq!(
            Command::parse("COMPLAINT broken light"),
            Command::Complaint {
                text: "broken light".into(),
                lang: Lang::En
            }
        );
        assert_eq!(
            Command::parse("status grb-ab12-cd34-x please"),
            Command::Status {
                reference: "GRB-AB12-CD34-X".into(),
                lang: Lang::Id
            }
        );
        assert_eq!(Command::parse("ADUAN"), Command::Help { lang: Lang::Id });
        assert_eq!(Command::parse("help"), Command::Help { lang: Lang::En });
        assert_eq!(Command::parse(""), Command::Help { lang: Lang::Id });
    }

    #[test]
    fn numbers_as_people_write_them() {
        for raw in [
            "0812-3456-7890",
            "+62 812 3456 7890",
            "6281234567890",
            "(0812) 3456.7890",
        ] {
            assert_eq!(
                normalize_phone(raw).as_deref(),
                Some("+6281234567890"),
                "{raw}"
            );
        }
        assert_eq!(normalize_phone("12"), None);
        assert_eq!(normalize_phone("0812x"), None);
        assert_eq!(normalize_phone("+1234567890123456"), None);
    }

    #[test]
    fn reports_map_to_states() {
        assert_eq!(Delivery::from_kannel(1), Some(Delivery::Delivered));
        assert_eq!(
            Delivery::from_kannel(16).map(Delivery::state),
            Some("failed")
        );
        assert_eq!(Delivery::from_kannel(8).map(Delivery::state), Some("sent"));
        assert_eq!(Delivery::from_kannel(3), None);
    }

    proptest! {
        /// Parsing never panics, and a complaint always has text.
        #[test]
        fn any_text_parses(text in "\\PC{0,200}") {
            if let Command::Complaint { text, .. } = Command::parse(&text) {
                prop_assert!(!text.trim().is_empty());
            }
        }

        /// A normalised number normalises to itself.
        #[test]
        fn normalising_is_idempotent(raw in "[+]?[0-9 -]{0,20}") {
            if let Some(n) = normalize_phone(&raw) {
                prop_assert_eq!(normalize_phone(&n), Some(n));
            }
        }

        /// A reply always fits one message.
        #[test]
        fn replies_fit(text in "\\PC{0,400}") {
            prop_assert!(fit(&text).chars().count() <= MAX_REPLY);
        }
    }
}
