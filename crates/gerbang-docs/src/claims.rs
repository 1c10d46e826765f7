//! What an issued document asserts, as signed into its QR code.

use serde::{Deserialize, Serialize};

/// One key fact from the application, as label and value in the holder's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// The claims of a document. Registered JWT names (`iss`, `jti`, `iat`, `exp`) are used where
/// they fit, so that any JOSE library understands issue and expiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentClaims {
    /// The issuing agency's slug.
    pub iss: String,
    /// The document number.
    pub jti: String,
    /// Issued at, seconds since the Unix epoch.
    pub iat: i64,
    /// Expires at, seconds since the Unix epoch; absent when the document does not expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    /// Document type: the service's slug.
    pub typ: String,
    /// Document name, in the holder's language.
    pub title: String,
    /// Issuing agency's name, in the holder's language.
    pub agency: String,
    /// The holder's full name.
    pub holder: String,
    /// Key facts (never national identity numbers or contact details).
    #[serde(default)]
    pub facts: Vec<Fact>,
    /// Language of the document (`en`, `id`).
    pub lang: String,
    /// Documents issued before PDF seals: SHA-256 (hex) of the PDF as rendered before its
    /// QR code was drawn, which nobody else can recompute. New documents leave it out: the
    /// PDF's file is tied to the document by its [`crate::seal`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdf_sha256: Option<String>,
    /// Where an offline verifier learns whether the document was revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<crate::status_list::Status>,
}

impl DocumentClaims {
    /// The claims as JSON bytes (the JWS payload).
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Claims from a verified payload.
    pub fn from_json(bytes: &[u8]) -> Option<DocumentClaims> {
        serde_json::from_slice(bytes).ok()
    }

    /// True when `now` (Unix seconds) is past the expiry.
    pub fn expired_at(&self, now: i64) -> bool {
        self.exp.is_some_and(|e| now >= e)
    }
}
