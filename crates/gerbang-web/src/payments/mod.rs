//! Fees, invoices and payments.
//!
//! - [`service`]: raising invoices, the workflow's "paid" gate, applying what providers
//!   report, refunds, reports. The only place that moves money.
//! - [`providers`]: the [`providers::PaymentProvider`] trait and its three providers:
//!   `counter` (an officer at the desk), `bank-transfer` (payment codes, reconciled from a
//!   bank statement CSV) and `sandbox` (a built-in test gateway with signed webhooks).
//! - [`html`]: the applicant's invoice and receipts, the sandbox checkout, the staff
//!   counter form, report, CSV exports and statement upload, and the webhook endpoint.

pub mod html;

pub use gerbang_app::payments::{providers, service};
