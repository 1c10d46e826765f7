//! Complaints and status questions by text message, through an SMS gateway.
//!
//! An incoming message is recorded, limited per number, and answered with a reply that
//! waits in `sms_messages` and is sent by the job queue (so a gateway that is down only
//! delays it: the job retries with backoff, on any node). The gateway's delivery reports
//! update the reply's state.

pub mod gateway;
pub mod service;

pub use gateway::{KannelGateway, SmsConfig, SmsGateway};
