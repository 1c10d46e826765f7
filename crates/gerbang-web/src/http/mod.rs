//! Cross-cutting HTTP machinery: request context, sessions, anti-forgery tokens, security
//! headers, error pages and static assets. Features build on these; none of them knows
//! about a particular feature.

pub mod admission;
pub mod assets;
pub mod context;
pub mod cookies;
pub mod errors;
pub mod forms;
pub mod metrics;
pub mod pages;
pub mod security;
