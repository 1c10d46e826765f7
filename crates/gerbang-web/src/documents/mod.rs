//! Issued documents: the output of an approved case, signed (compact JWS, EdDSA) by the
//! issuing agency, verifiable by anyone with the published JWKS, revocable by staff.
//!
//! `service` holds the operations (issue inside the approving transaction, keys,
//! verification, revocation); `html` the pages. Rendering and cryptography live in the
//! `gerbang-docs` crate.

pub mod html;

pub use gerbang_app::documents::service;
