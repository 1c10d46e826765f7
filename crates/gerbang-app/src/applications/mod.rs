//! Online applications: submission, correction, the workflow's moves and public tracking.
//! `files` stores attachments.

pub mod files;
pub mod service;
