//! Accounts: registration, sign-in with throttling, sessions, password changes, staff.

pub mod html;

pub use gerbang_app::accounts::{password, service};
