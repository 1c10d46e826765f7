//! Gerbang's domain: the types and rules of public services, free of I/O.
//!
//! Nothing here touches a database, the network, a clock or the file system: callers pass
//! in what the rules need (text to parse, today's date, the actor) and get values back.
//! That keeps every rule testable with plain unit and property tests.

pub mod accounts;
pub mod authz;
pub mod calendar;
pub mod catalog;
pub mod complaints;
pub mod consultations;
pub mod exchange;
pub mod fees;
pub mod form;
pub mod i18n;
pub mod maturity;
pub mod merkle;
pub mod money;
pub mod nik;
pub mod oversight;
pub mod performance;
pub mod reference;
pub mod satisfaction;
pub mod sms;
pub mod time_zone;
pub mod webhooks;
pub mod workflow;
