//! Agency signing keys: generation and sealing at rest.
//!
//! A signing key's 32-byte seed is stored only encrypted with AES-256-GCM under the
//! installation's key-encryption key (KEK), with the key id as associated data so that a
//! sealed seed cannot be swapped onto another key's row. Secrets live in `secrecy` boxes:
//! their `Debug` prints nothing, so they cannot end up in a log line by accident.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
pub use ed25519_dalek::{SigningKey, VerifyingKey};
use secrecy::{ExposeSecret, SecretBox};

/// Why a key could not be opened or configured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the key-encryption key must be 32 bytes in standard base64")]
    BadKek,
    #[error("a sealed signing key could not be opened (wrong key-encryption key, or altered)")]
    Unseal,
}

/// The installation's key-encryption key.
pub struct Kek(SecretBox<[u8; 32]>);

impl std::fmt::Debug for Kek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Kek(***)")
    }
}

impl Kek {
    /// Parses a KEK given as base64 (as in `GERBANG_KEY_ENCRYPTION_KEY`).
    pub fn from_base64(text: &str) -> Result<Kek, KeyError> {
        let bytes = STANDARD.decode(text.trim()).map_err(|_| KeyError::BadKek)?;
        let arr: [u8; 32] = bytes.try_into().map_err(|_| KeyError::BadKek)?;
        Ok(Kek(SecretBox::new(Box::new(arr))))
    }

    /// A fresh random KEK and its base64 form (to be written somewhere safe).
    pub fn generate() -> (Kek, String) {
        let arr: [u8; 32] = rand::random();
        let text = STANDARD.encode(arr);
        (Kek(SecretBox::new(Box::new(arr))), text)
    }

    fn cipher(&self) -> Aes256Gcm {
        // A 32-byte slice always makes an AES-256 key.
        Aes256Gcm::new(self.0.expose_secret().into())
    }

    /// Seals a signing key's seed: (ciphertext, nonce), both to be stored.
    pub fn seal(&self, key: &SigningKey, kid: &str) -> (Vec<u8>, Vec<u8>) {
        self.seal_secret(&key.to_bytes(), kid)
    }

    /// Seals any secret (a TOTP secret, a client key) bound to `context` (its owner's id):
    /// (ciphertext, nonce), both to be stored.
    pub fn seal_secret(&self, secret: &[u8], context: &str) -> (Vec<u8>, Vec<u8>) {
        let nonce: [u8; 12] = rand::random();
        let sealed = self
            .cipher()
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: secret,
                    aad: context.as_bytes(),
                },
            )
            .unwrap_or_default();
        (sealed, nonce.to_vec())
    }

    /// Opens a secret sealed by [`Kek::seal_secret`] with the same context.
    pub fn open_secret(
        &self,
        sealed: &[u8],
        nonce: &[u8],
        context: &str,
    ) -> Result<SecretBox<Vec<u8>>, KeyError> {
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| KeyError::Unseal)?;
        Ok(SecretBox::new(Box::new(
            self.cipher()
                .decrypt(
                    &Nonce::from(nonce),
                    Payload {
                        msg: sealed,
                        aad: context.as_bytes(),
                    },
                )
                .map_err(|_| KeyError::Unseal)?,
        )))
    }

    /// Opens a sealed seed.
    pub fn open(&self, sealed: &[u8], nonce: &[u8], kid: &str) -> Result<SigningKey, KeyError> {
        let seed = self.open_secret(sealed, nonce, kid)?;
        let arr: [u8; 32] = seed
            .expose_secret()
            .as_slice()
            .try_into()
            .map_err(|_| KeyError::Unseal)?;
        Ok(SigningKey::from_bytes(&arr))
    }
}

/// A new random Ed25519 signing key.
pub fn generate_signing_key() -> SigningKey {
    let seed: [u8; 32] = rand::random();
    SigningKey::from_bytes(&seed)
}

/// The raw public key bytes, as stored.
pub fn public_bytes(key: &SigningKey) -> [u8; 32] {
    key.verifying_key().to_bytes()
}

/// A public key from stored bytes.
pub fn public_from_bytes(bytes: &[u8]) -> Option<VerifyingKey> {
    let arr: [u8; 32] = bytes.try_into().ok()?;
    VerifyingKey::from_bytes(&arr).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_keys_open_only_with_the_same_kek_and_kid() {
        let (kek, text) = Kek::generate();
        let key = generate_signing_key();
        let (sealed, nonce) = kek.seal(&key, "kid-1");
        assert_ne!(
            &sealed[..32],
            key.to_bytes().as_slice(),
            "not stored in clear"
        );
        let opened = kek.open(&sealed, &nonce, "kid-1").expect("opens");
        assert_eq!(opened.to_bytes(), key.to_bytes());

        let again = Kek::from_base64(&text).expect("round trip");
        assert!(again.open(&sealed, &nonce, "kid-1").is_ok());
        assert_eq!(
            kek.open(&sealed, &nonce, "kid-2").err(),
            Some(KeyError::Unseal),
            "bound to its key id"
        );
        let (other, _) = Kek::generate();
        assert_eq!(
            other.open(&sealed, &nonce, "kid-1").err(),
            Some(KeyError::Unseal)
        );
        let mut altered = sealed;
        altered[3] ^= 0x40;
        assert_eq!(
            kek.open(&altered, &nonce, "kid-1").err(),
            Some(KeyError::Unseal)
        );
    }

    #[test]
    fn kek_parsing_and_debug_reveal_nothing() {
        assert_eq!(
            Kek::from_base64("c2hvcnQ=").err(),
            Some(KeyError::BadKek),
            "too short"
        );
        assert_eq!(Kek::from_base64("!!").err(), Some(KeyError::BadKek));
        let (kek, text) = Kek::generate();
        assert_eq!(format!("{kek:?}"), "Kek(***)");
        assert!(!format!("{kek:?}").contains(&text));
    }
}
