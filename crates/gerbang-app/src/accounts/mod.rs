//! Accounts: registration, sign-in with throttling, second factors, sessions, recovery
//! links, password changes, staff offboarding and API tokens.

pub mod limits;
pub mod links;
pub mod oidc;
pub mod password;
pub mod second_factor;
pub mod service;
pub mod sessions;
pub mod staff;
pub mod tokens;
