//! Static assets (the compiled design-system subset), embedded in the binary.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "assets/static/"]
struct Assets;

/// `/static/<path>?v=<hash>` for an asset, so it can be cached for a year and still change.
pub fn url(path: &str) -> String {
    match Assets::get(path) {
        Some(file) => {
            let hash: String = file
                .metadata
                .sha256_hash()
                .iter()
                .take(6)
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("/static/{path}?v={hash}")
        }
        None => format!("/static/{path}"),
    }
}

/// Serves an embedded asset.
pub async fn serve(Path(path): Path<String>) -> Response {
    let Some(file) = Assets::get(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mime = file.metadata.mimetype();
    let mut res = file.data.into_owned().into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    res
}
