//! Accounts: email addresses, passwords and roles.

use serde::{Deserialize, Serialize};

/// A syntactically plausible, normalised (trimmed, lowercase) email address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why an email address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("empty")]
    Empty,
    #[error("not an email address")]
    Invalid,
}

impl Email {
    /// Parses and normalises an address.
    pub fn parse(raw: &str) -> Result<Email, EmailError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        let (local, domain) = s.split_once('@').ok_or(EmailError::Invalid)?;
        let ok = !local.is_empty()
            && local.len() <= 64
            && s.len() <= 254
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            && !domain.contains('@')
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if ok {
            Ok(Email(s))
        } else {
            Err(EmailError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Email::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a new password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("shorter than {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("longer than {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    /// Long enough, but easy to guess; says why, so that the person can do better.
    #[error("easy to guess: {0:?}")]
    Guessable(Weakness),
}

/// What makes a password easy to guess (from the strength estimate), for a message that
/// helps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    /// On a list of common or breached passwords, or close to one.
    Common,
    /// Rows or patterns of keys.
    KeyboardPattern,
    /// Repeated characters or words.
    Repeats,
    /// Sequences such as abc or 123.
    Sequence,
    /// Years and dates.
    Dates,
    /// Names, or the person's own name or address.
    Names,
    /// A single word, or a few common ones.
    Words,
}

impl Weakness {
    pub fn as_str(self) -> &'static str {
        match self {
            Weakness::Common => "common",
            Weakness::KeyboardPattern => "keyboard",
            Weakness::Repeats => "repeats",
            Weakness::Sequence => "sequence",
            Weakness::Dates => "dates",
            Weakness::Names => "names",
            Weakness::Words => "words",
        }
    }
}

/// NIST SP 800-63B: at least 8 characters; we ask 10 and allow long passphrases.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Bounded so that hashing cannot be used to burn CPU.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Checks a new password as NIST SP 800-63B and ASVS 5.0 (V6.2) ask: a length policy, no
/// composition rules, and a refusal of passwords on lists of common and breached ones or
/// otherwise easy to guess. The estimate is zxcvbn's, with its bundled frequency lists;
/// `context` holds what an attacker would try first (the person's name and address, the
/// site's name).
pub fn check_new_password(password: &str, context: &[&str]) -> Result<(), PasswordError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(PasswordError::TooLong);
    }
    // Each word of a name or address counts on its own ("Siti Rahayu" gives siti, rahayu).
    let words: Vec<String> = context
        .iter()
        .flat_map(|c| c.split(|ch: char| !ch.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(password, &words);
    // Score 3: "safely unguessable", about 10^8 guesses or more.
    if estimate.score() >= zxcvbn::Score::Three {
        return Ok(());
    }
    use zxcvbn::feedback::Warning as W;
    let why = match estimate.feedback().and_then(|f| f.warning()) {
        Some(W::StraightRowsOfKeysAreEasyToGuess | W::ShortKeyboardPatternsAreEasyToGuess) => {
            Weakness::KeyboardPattern
        }
        Some(
            W::RepeatsLikeAaaAreEasyToGuess | W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess,
        ) => Weakness::Repeats,
        Some(W::SequencesLikeAbcAreEasyToGuess) => Weakness::Sequence,
        Some(W::RecentYearsAreEasyToGuess | W::DatesAreOftenEasyToGuess) => Weakness::Dates,
        Some(
            W::NamesAndSurnamesByThemselvesAreEasyToGuess | W::CommonNamesAndSurnamesAreEasyToGuess,
        ) => Weakness::Names,
        Some(W::AWordByItselfIsEasyToGuess) | None => Weakness::Words,
        Some(_) => Weakness::Common,
    };
    Err(PasswordError::Guessable(why))
}

/// What kind of account this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// A person applying for themselves.
    Citizen,
    /// A representative of a business.
    Business,
    /// A public servant.
    Staff,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Citizen => "citizen",
            AccountKind::Business => "business",
            AccountKind::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<AccountKind> {
        match s {
            "citizen" => Some(AccountKind::Citizen),
            "business" => Some(AccountKind::Business),
            "staff" => Some(AccountKind::Staff),
            _ => None,
        }
    }
}

/// A staff role, held per agency (platform admin is held platform-wide).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Processes cases: checks, asks for corrections, recommends.
    Officer,
    /// Decides cases and oversees the agency's work.
    Supervisor,
    /// Records money received (counter payments, bank statements) and sees payment reports.
    Cashier,
    /// Manages the agency's staff, roles and keys.
    AgencyAdmin,
    /// Administers the installation; works no cases without an agency role.
    PlatformAdmin,
    /// Reads the full audit log of an agency (or, held platform-wide, of the whole
    /// installation) and the staff reads flagged for having no case behind them; changes
    /// nothing.
    Auditor,
}

impl StaffRole {
    pub const ALL: [StaffRole; 6] = [
        StaffRole::Officer,
        StaffRole::Supervisor,
        StaffRole::Cashier,
        StaffRole::AgencyAdmin,
        StaffRole::PlatformAdmin,
        StaffRole::Auditor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Officer => "officer",
            StaffRole::Supervisor => "supervisor",
            StaffRole::Cashier => "cashier",
            StaffRole::AgencyAdmin => "agency_admin",
            StaffRole::PlatformAdmin => "platform_admin",
            StaffRole::Auditor => "auditor",
        }
    }

    pub fn parse(s: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// What an API token may be used for. A token carries the scopes its owner chose, and the
/// authorisation decision refuses anything they do not cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scope {
    /// Read one's own applications, invoices and documents.
    #[serde(rename = "applications:read")]
    ApplicationsRead,
    /// Apply, keep drafts, resubmit after a correction request, withdraw.
    #[serde(rename = "applications:submit")]
    ApplicationsSubmit,
    /// Staff: read the agency's cases.
    #[serde(rename = "cases:read")]
    CasesRead,
    /// Staff: take workflow steps, claim cases, file at the counter.
    #[serde(rename = "cases:act")]
    CasesAct,
    /// Pay one's own invoices; staff: record and refund payments, reconcile statements.
    #[serde(rename = "payments")]
    Payments,
}

impl Scope {
    pub const ALL: [Scope; 5] = [
        Scope::ApplicationsRead,
        Scope::ApplicationsSubmit,
        Scope::CasesRead,
        Scope::CasesAct,
        Scope::Payments,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::ApplicationsRead => "applications:read",
            Scope::ApplicationsSubmit => "applications:submit",
            Scope::CasesRead => "cases:read",
            Scope::CasesAct => "cases:act",
            Scope::Payments => "payments",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The scopes an account of `kind` may put on a token.
    pub fn offered_to(kind: AccountKind) -> &'static [Scope] {
        match kind {
            AccountKind::Staff => &[Scope::CasesRead, Scope::CasesAct, Scope::Payments],
            AccountKind::Citizen | AccountKind::Business => &[
                Scope::ApplicationsRead,
                Scope::ApplicationsSubmit,
                Scope::Payments,
            ],
        }
    }

    /// Parses a space-separated list (as stored, and as OAuth writes scopes); unknown
    /// names are `Err` with the first of them.
    pub fn parse_list(s: &str) -> Result<Vec<Scope>, String> {
        let mut out = Vec::new();
        for word in s.split_whitespace() {
            let scope = Scope::parse(word).ok_or_else(|| word.to_owned())?;
            if !out.contains(&scope) {
                out.push(scope);
            }
        }
        out.sort();
        Ok(out)
    }

    /// A list as stored: space-separated, in a fixed order.
    pub fn join(scopes: &[Scope]) -> String {
        let mut v = scopes.to_vec();
        v.sort();
        v.dedup();
        v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Siti@Example.GO.ID ").map(String::from),
            Ok("siti@example.go.id".into())
        );
        for bad in [
            "", "a", "a@b", "@x.id", "a@.id", "a@x..id", "a b@x.id", "a@x.id.", "a@b@c.id",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn passwords_must_be_long_and_hard_to_guess() {
        assert_eq!(
            check_new_password("short", &[]),
            Err(PasswordError::TooShort)
        );
        assert_eq!(
            check_new_password(&"x".repeat(300), &[]),
            Err(PasswordError::TooLong)
        );
        for good in [
            "correct horse battery",
            "gerbang-demo-2026",
            "a brand new passphrase",
            "Saya suka nasi goreng pedas",
            // The browser suite's and the tests' passphrases.
            "kopi tubruk pagi hari",
            "loket pelayanan satu",
            "loket pelayanan dua",
            "meja loket nomor tiga",
            "teh manis di sore hari",
            "pisang goreng di pagi hari",
            "rumah di ujung jalan mawar",
            "another long passphrase here",
            "bench-password-2026",
        ] {
            assert_eq!(check_new_password(good, &[]), Ok(()), "{good}");
        }
        for (bad, why) in [
            ("password123", Weakness::Common),
            ("1234567890", Weakness::Common),
            ("qwertyuiop", Weakness::Common),
            ("aaaaaaaaaaaa", Weakness::Repeats),
            ("abcdefghijk", Weakness::Sequence),
        ] {
            assert_eq!(
                check_new_password(bad, &[]),
                Err(PasswordError::Guessable(why)),
                "{bad}"
            );
        }
        // The person's own name is the first thing tried.
        assert!(check_new_password("sitirahayu", &["Siti Rahayu", "siti@example.id"]).is_err());
    }

    #[test]
    fn roles_round_trip() {
        for r in StaffRole::ALL {
            assert_eq!(StaffRole::parse(r.as_str()), Some(r));
        }
    }

    #[test]
    fn scope_lists_round_trip_and_refuse_unknown_names() {
        let all = Scope::join(&Scope::ALL);
        assert_eq!(Scope::parse_list(&all), Ok(Scope::ALL.to_vec()));
        assert_eq!(
            Scope::parse_list("payments  applications:read payments"),
            Ok(vec![Scope::ApplicationsRead, Scope::Payments])
        );
        assert_eq!(Scope::parse_list("admin"), Err("admin".into()));
    }
}
