//! The public service catalogue: agencies, services, search, and catalogue import.

pub mod html;
pub mod service;
