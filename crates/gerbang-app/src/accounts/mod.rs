//! Accounts: registration, sign-in with throttling, sessions, password changes, staff, tokens.

pub mod password;
pub mod service;
