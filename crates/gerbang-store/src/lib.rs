//! Gerbang's persistence: one query code path for SQLite and PostgreSQL.
//!
//! Every query is written once, with `$1..$n` placeholders (sqlx's SQLite driver binds
//! them by number too), and run through [`on_db!`] / [`on_tx!`], which expand the same
//! code for whichever engine the [`Db`] holds. The few places where the dialects differ
//! live in [`dialect`]. Repositories are organised by feature.

#[macro_use]
mod db;
pub mod account_links;
pub mod accounts;
pub mod api_tokens;
pub mod applications;
pub mod audit;
pub mod catalog;
pub mod complaints;
pub mod consultations;
pub mod dialect;
pub mod documents;
mod error;
pub mod exchange;
pub mod jobs;
pub mod oidc;
pub mod outbox;
pub mod payments;
pub mod performance;
pub mod rate_limits;
pub mod satisfaction;
pub mod second_factors;
pub mod site_pages;
pub mod sms;
pub mod transparency;
pub mod uploads;
pub mod webhooks;

pub use db::{Conn, Db, Engine, PoolStats, Tx, TxInner, scoped};
pub use error::StoreError;

/// Result of a store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
