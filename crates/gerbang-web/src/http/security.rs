//! Security headers, set on every response in one place (snapshot-tested).

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};

/// Content Security Policy: only our own resources, no inline script or style, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
     object-src 'none'";

/// The headers every response carries. `hsts` adds Strict-Transport-Security (TLS only).
pub fn security_headers(hsts: bool) -> Vec<(HeaderName, HeaderValue)> {
    let mut h = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ];
    if hsts {
        h.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    h
}

/// Adds the security headers to a response's headers, keeping any a handler set itself.
pub fn apply(headers: &mut HeaderMap, hsts: bool) {
    for (name, value) in security_headers(hsts) {
        headers.entry(name).or_insert(value);
    }
}
