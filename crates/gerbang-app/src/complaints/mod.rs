//! Complaints, reports and requests for information: filing (signed in, anonymous, and
//! later by SMS and Open311), the coordinating admin's triage, the agency's follow-up, the
//! complainant's reply, rating and reopening, and the deadlines that escalate a complaint
//! up the agency tree or close it.
//!
//! The rules are in `gerbang_domain::complaints` (states, steps, deadlines) and
//! `gerbang_domain::authz` (who); this module loads the facts, asks both, and writes each
//! step in one transaction with its timeline entry, audit entry, notices and the job that
//! watches the next deadline.

pub mod deadlines;
pub mod open311;
pub mod service;

pub use service::{Act, Filed, Filing, Photo, View};
