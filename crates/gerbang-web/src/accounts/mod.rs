//! Accounts: register, sign in (with a second factor), recovery links, sessions, password
//! changes, staff.

pub mod html;
pub mod my_data;
pub mod oidc;
pub mod recovery;
pub mod security;

pub use gerbang_app::accounts::{password, service};
