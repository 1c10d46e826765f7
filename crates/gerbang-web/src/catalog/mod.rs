//! The public service catalogue: agencies, services, search, and catalogue import.

pub mod html;

pub use gerbang_app::catalog::service;
