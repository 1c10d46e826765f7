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
}

/// NIST SP 800-63B: at least 8 characters; we ask 10 and allow long passphrases.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Bounded so that hashing cannot be used to burn CPU.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Checks a new password against the length policy (no composition rules, per NIST).
pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Err(PasswordError::TooShort)
    } else if n > MAX_PASSWORD_CHARS {
        Err(PasswordError::TooLong)
    } else {
        Ok(())
    }
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
}

impl StaffRole {
    pub const ALL: [StaffRole; 5] = [
        StaffRole::Officer,
        StaffRole::Supervisor,
        StaffRole::Cashier,
        StaffRole::AgencyAdmin,
        StaffRole::PlatformAdmin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Officer => "officer",
            StaffRole::Supervisor => "supervisor",
            StaffRole::Cashier => "cashier",
            StaffRole::AgencyAdmin => "agency_admin",
            StaffRole::PlatformAdmin => "platform_admin",
        }
    }

    pub fn parse(s: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|r| r.as_str() == s)
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
    fn password_policy_is_length_only() {
        assert_eq!(check_new_password("short"), Err(PasswordError::TooShort));
        assert_eq!(check_new_password("correct horse"), Ok(()));
        assert_eq!(
            check_new_password(&"x".repeat(300)),
            Err(PasswordError::TooLong)
        );
    }

    #[test]
    fn roles_round_trip() {
        for r in StaffRole::ALL {
            assert_eq!(StaffRole::parse(r.as_str()), Some(r));
        }
    }
}
