//! The service catalogue: reading it and importing it (all or nothing).

pub mod service;
