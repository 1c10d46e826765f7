//! Issued documents: rendered and signed before the deciding transaction, recorded in it;
//! keys, verification and revocation. Rendering and cryptography live in `gerbang-docs`.

pub mod service;
