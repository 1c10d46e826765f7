//! The service catalogue: importing it (all or nothing) and reading it from memory.

pub mod cache;
pub mod service;
