//! Attachment bytes: type sniffing and storage through `object_store` (a local directory
//! by default; any S3-compatible store in production).

use std::sync::Arc;

use bytes::Bytes;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// Where attachment bytes live.
pub type Files = Arc<dyn ObjectStore>;

/// Opens the local attachment store under `<data_dir>/files`.
pub fn local(data_dir: &std::path::Path) -> std::io::Result<Files> {
    let dir = data_dir.join("files");
    std::fs::create_dir_all(&dir)?;
    let store = object_store::local::LocalFileSystem::new_with_prefix(&dir)
        .map_err(std::io::Error::other)?;
    Ok(Arc::new(store))
}

/// The kind of a file judged by its first bytes, never by its name.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("png")
    } else {
        None
    }
}

/// The MIME type to serve a sniffed kind with.
pub fn content_type(kind: &str) -> &'static str {
    match kind {
        "pdf" => "application/pdf",
        "jpg" => "image/jpeg",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// Hex SHA-256 of the bytes (recorded so tampering with stored files shows).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Stores bytes under a fresh key and returns the key.
pub async fn put(files: &Files, bytes: Bytes) -> Result<String, AppError> {
    let key = format!("attachments/{}", uuid::Uuid::new_v4().simple());
    files
        .put(&StorePath::from(key.as_str()), PutPayload::from(bytes))
        .await
        .map_err(|e| AppError::Internal(format!("storing attachment: {e}")))?;
    Ok(key)
}

/// Removes stored bytes (a missing object is not an error).
pub async fn delete(files: &Files, key: &str) -> Result<(), AppError> {
    match files.delete(&StorePath::from(key)).await {
        Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
        Err(e) => Err(AppError::Internal(format!(
            "removing attachment {key}: {e}"
        ))),
    }
}

/// Reads stored bytes.
pub async fn get(files: &Files, key: &str) -> Result<Bytes, AppError> {
    let result = files
        .get(&StorePath::from(key))
        .await
        .map_err(|e| AppError::Internal(format!("reading attachment {key}: {e}")))?;
    result
        .bytes()
        .await
        .map_err(|e| AppError::Internal(format!("reading attachment {key}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn sniffs_by_content_not_name() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("pdf"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("jpg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("png"));
        assert_eq!(sniff(b"MZ\x90\x00 an exe named scan.pdf"), None);
        assert_eq!(sniff(b""), None);
    }
}
