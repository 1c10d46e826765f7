//! Online applications: submission, tracking, correction and the back office.
//!
//! `service` holds every operation (shared by HTML pages and the JSON API); `files`
//! stores attachments; `html` and `backoffice` are the pages.

pub mod backoffice;
pub mod html;

pub use gerbang_app::applications::{files, service};
