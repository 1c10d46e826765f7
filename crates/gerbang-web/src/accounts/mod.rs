//! Accounts: registration, sign-in with throttling, sessions, password changes, staff.

pub mod html;
pub mod password;
pub mod service;
