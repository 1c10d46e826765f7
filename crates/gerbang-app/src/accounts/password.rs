//! Password hashing with Argon2id, run off the async executor.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::AppError;

/// Hashes a password (Argon2id, OWASP parameters: 19 MiB, 2 passes) on a blocking thread.
pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(format!("hashing task failed: {e}")))?
}

/// Checks a password against a stored hash on a blocking thread. With no stored hash,
/// a dummy hash is checked anyway so that the time taken does not reveal whether the
/// account exists.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let target = stored.as_deref().unwrap_or(DUMMY_HASH);
        let ok = PasswordHash::new(target)
            .map(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false);
        ok && stored.is_some()
    })
    .await
    .map_err(|e| AppError::Internal(format!("verification task failed: {e}")))
}

/// Argon2id hash of a random string, with the default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Jd8kO1wq5i8vVs1y8gHgqVjNYK3xwL0lP5W4n7m9b3Q";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_wrong_passwords_fail() {
        let h = hash("correct horse battery".into()).await.expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(
            verify("correct horse battery".into(), Some(h.clone()))
                .await
                .expect("verify")
        );
        assert!(
            !verify("wrong horse battery".into(), Some(h))
                .await
                .expect("verify")
        );
        assert!(!verify("anything".into(), None).await.expect("verify"));
    }
}
