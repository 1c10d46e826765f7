//! Compact JWS (RFC 7515) with EdDSA over Ed25519 (RFC 8037), and the JWKS that verifies it.
//!
//! Deliberately small: one algorithm, no header options beyond `alg`, `kid` and `typ`.
//! Verification accepts `alg: EdDSA` only, so `none` and HMAC key confusion cannot get in,
//! and looks the key up by `kid` in a set of known public keys: nothing else is trusted.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JwsError {
    #[error("not a compact JWS")]
    Malformed,
    #[error("algorithm other than EdDSA")]
    Algorithm,
    #[error("unknown key id")]
    UnknownKey,
    #[error("signature does not match")]
    BadSignature,
}

/// The protected header we write and accept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub alg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typ: Option<String>,
}

/// Signs `payload` with a header of exactly these bytes (for test vectors and [`sign`]).
pub fn sign_raw(key: &SigningKey, header_json: &[u8], payload: &[u8]) -> String {
    let input = format!("{}.{}", B64.encode(header_json), B64.encode(payload));
    let sig = key.sign(input.as_bytes());
    format!("{input}.{}", B64.encode(sig.to_bytes()))
}

/// Signs `payload` as `{"alg":"EdDSA","kid":kid,"typ":"JWT"}`.
pub fn sign(key: &SigningKey, kid: &str, payload: &[u8]) -> String {
    let header = Header {
        alg: "EdDSA".into(),
        kid: Some(kid.to_owned()),
        typ: Some("JWT".into()),
    };
    let json = serde_json::to_vec(&header).unwrap_or_default();
    sign_raw(key, &json, payload)
}

/// Signs `payload` with the header type `typ` (such as `statuslist+jwt`).
pub fn sign_typed(key: &SigningKey, kid: &str, typ: &str, payload: &[u8]) -> String {
    let header = Header {
        alg: "EdDSA".into(),
        kid: Some(kid.to_owned()),
        typ: Some(typ.to_owned()),
    };
    let json = serde_json::to_vec(&header).unwrap_or_default();
    sign_raw(key, &json, payload)
}

/// The compact JWS starting at the beginning of `bytes` (where a PDF keeps one: base64url
/// parts joined by dots, up to the first other byte), if it has three parts.
pub fn read_compact(bytes: &[u8]) -> Option<String> {
    let token: String = bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        .map(|b| char::from(*b))
        .collect();
    (token.split('.').count() == 3).then_some(token)
}

/// Splits a token and decodes its header, without checking anything else.
pub fn peek_header(token: &str) -> Result<Header, JwsError> {
    let (h, _, _) = split(token)?;
    let bytes = B64.decode(h).map_err(|_| JwsError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| JwsError::Malformed)
}

fn split(token: &str) -> Result<(&str, &str, &str), JwsError> {
    let mut parts = token.trim().split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(p), Some(s), None) => Ok((h, p, s)),
        _ => Err(JwsError::Malformed),
    }
}

/// Checks a token against one known key; returns the payload bytes.
pub fn verify_with(key: &VerifyingKey, token: &str) -> Result<Vec<u8>, JwsError> {
    let header = peek_header(token)?;
    if header.alg != "EdDSA" {
        return Err(JwsError::Algorithm);
    }
    let (h, p, s) = split(token)?;
    let sig = B64.decode(s).map_err(|_| JwsError::Malformed)?;
    let sig = Signature::from_slice(&sig).map_err(|_| JwsError::BadSignature)?;
    let input = &token.trim()[..h.len() + 1 + p.len()];
    key.verify_strict(input.as_bytes(), &sig)
        .map_err(|_| JwsError::BadSignature)?;
    B64.decode(p).map_err(|_| JwsError::Malformed)
}

/// Checks a token against a key set by its `kid`; returns the key used and the payload.
pub fn verify<'a>(jwks: &'a Jwks, token: &str) -> Result<(&'a Jwk, Vec<u8>), JwsError> {
    let header = peek_header(token)?;
    if header.alg != "EdDSA" {
        return Err(JwsError::Algorithm);
    }
    let kid = header.kid.ok_or(JwsError::UnknownKey)?;
    let jwk = jwks.find(&kid).ok_or(JwsError::UnknownKey)?;
    let key = jwk.verifying_key().ok_or(JwsError::UnknownKey)?;
    Ok((jwk, verify_with(&key, token)?))
}

/// One public key as a JWK (RFC 8037 `OKP`), with the agency it signs for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    pub kty: String,
    pub crv: String,
    pub x: String,
    pub kid: String,
    #[serde(rename = "use")]
    pub use_: String,
    pub alg: String,
    /// Not in RFC 7517: the issuing agency's slug, so a verifier can match `iss`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Not in RFC 7517: `current` or `retired` (retired keys still verify old documents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

impl Jwk {
    /// The JWK of an Ed25519 public key.
    pub fn from_public(key: &VerifyingKey, agency: &str, status: &str) -> Jwk {
        Jwk {
            kty: "OKP".into(),
            crv: "Ed25519".into(),
            x: B64.encode(key.as_bytes()),
            kid: thumbprint(key),
            use_: "sig".into(),
            alg: "EdDSA".into(),
            agency: Some(agency.to_owned()),
            status: Some(status.to_owned()),
        }
    }

    /// The public key, if this is a well-formed Ed25519 JWK.
    pub fn verifying_key(&self) -> Option<VerifyingKey> {
        if self.kty != "OKP" || self.crv != "Ed25519" {
            return None;
        }
        let bytes: [u8; 32] = B64.decode(&self.x).ok()?.try_into().ok()?;
        VerifyingKey::from_bytes(&bytes).ok()
    }
}

/// RFC 7638 thumbprint of an Ed25519 key: our key ids.
pub fn thumbprint(key: &VerifyingKey) -> String {
    let canonical = format!(
        r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#,
        B64.encode(key.as_bytes())
    );
    B64.encode(Sha256::digest(canonical.as_bytes()))
}

/// A JWK set, as served at `/.well-known/jwks.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

impl Jwks {
    /// The key with this id.
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|k| k.kid == kid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> Vec<u8> {
        B64.decode(s).expect("base64url")
    }

    /// RFC 8037 Appendix A.1 (key), A.4 (signature): the exact published bytes.
    #[test]
    fn matches_rfc_8037_a4() {
        let d: [u8; 32] = b64("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")
            .try_into()
            .expect("32 bytes");
        let key = SigningKey::from_bytes(&d);
        assert_eq!(
            B64.encode(key.verifying_key().as_bytes()),
            "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
        );
        let token = sign_raw(&key, br#"{"alg":"EdDSA"}"#, b"Example of Ed25519 signing");
        assert_eq!(
            token,
            "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.\
             hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
        );
        assert_eq!(
            verify_with(&key.verifying_key(), &token).as_deref(),
            Ok(&b"Example of Ed25519 signing"[..])
        );
        // RFC 8037 A.3: the thumbprint of the A.1 public key.
        assert_eq!(
            thumbprint(&key.verifying_key()),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
    }

    fn keyset() -> (SigningKey, String, Jwks) {
        let key = SigningKey::from_bytes(&[7; 32]);
        let jwk = Jwk::from_public(&key.verifying_key(), "civil-registry", "current");
        let kid = jwk.kid.clone();
        (key, kid, Jwks { keys: vec![jwk] })
    }

    #[test]
    fn round_trips_and_refuses_tampering() {
        let (key, kid, jwks) = keyset();
        let token = sign(&key, &kid, br#"{"n":1}"#);
        let (jwk, payload) = verify(&jwks, &token).expect("valid");
        assert_eq!(payload, br#"{"n":1}"#);
        assert_eq!(jwk.agency.as_deref(), Some("civil-registry"));

        let parts: Vec<&str> = token.split('.').collect();
        let forged = format!("{}.{}.{}", parts[0], B64.encode(br#"{"n":2}"#), parts[2]);
        assert_eq!(verify(&jwks, &forged).err(), Some(JwsError::BadSignature));
        let mut sig = b64(parts[2]);
        sig[0] ^= 1;
        let bad_sig = format!("{}.{}.{}", parts[0], parts[1], B64.encode(&sig));
        assert_eq!(verify(&jwks, &bad_sig).err(), Some(JwsError::BadSignature));
        let other = sign(&key, "no-such-kid", br#"{"n":1}"#);
        assert_eq!(verify(&jwks, &other).err(), Some(JwsError::UnknownKey));
        assert_eq!(
            verify(&jwks, "a.b").err(),
            Some(JwsError::Malformed),
            "two parts"
        );
    }

    #[test]
    fn refuses_none_and_hmac_key_confusion() {
        let (key, kid, jwks) = keyset();
        let payload = B64.encode(br#"{"n":1}"#);
        let none = format!(
            "{}.{payload}.",
            B64.encode(format!(r#"{{"alg":"none","kid":"{kid}"}}"#))
        );
        assert_eq!(verify(&jwks, &none).err(), Some(JwsError::Algorithm));
        // HS256 "signed" with the public key bytes as the HMAC secret.
        let header = B64.encode(format!(r#"{{"alg":"HS256","kid":"{kid}"}}"#));
        let mac =
            Sha256::digest([key.verifying_key().as_bytes().as_slice(), header.as_bytes()].concat());
        let hs = format!("{header}.{payload}.{}", B64.encode(mac));
        assert_eq!(verify(&jwks, &hs).err(), Some(JwsError::Algorithm));
    }
}
