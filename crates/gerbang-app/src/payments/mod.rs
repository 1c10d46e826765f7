//! Fees, invoices and payments.
//!
//! - [`service`]: raising invoices, the workflow's "paid" gate, applying what providers
//!   report, refunds, reports. The only place that moves money.
//! - [`providers`]: the [`providers::PaymentProvider`] trait and its three providers:
//!   `counter` (a cashier at the desk), `bank-transfer` (payment codes, reconciled from a
//!   bank statement CSV) and `sandbox` (a built-in test gateway with signed webhooks, only
//!   where enabled).

pub mod providers;
pub mod service;
