//! Online applications: submission, correction, the workflow's moves and public tracking.
//! `files` stores attachments; `uploads` holds files an API client sends ahead of its application.

pub mod files;
pub mod service;
pub mod uploads;
