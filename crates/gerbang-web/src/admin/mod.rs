//! Agency administration: staff accounts and their roles.

pub mod html;
