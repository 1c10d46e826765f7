//! Issued documents, free of I/O: compact JWS over document claims, the JWKS that verifies
//! them, sealing of agency signing keys at rest, QR codes, and PDF rendering.
//!
//! Heavy dependencies (the PDF writer, fonts) live here, not in the web crate.

pub mod claims;
pub mod jws;
pub mod keys;
pub mod pdf;
pub mod qr;
pub mod seal;
pub mod status_list;
