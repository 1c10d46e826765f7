//! The audit transparency log's pages: what it is and its latest signed heads, and the
//! applicant's proof that the decision on their case is in it, and the auditor's reading of
//! the full log. The JSON endpoints are in
//! [`crate::api::transparency`].

pub mod auditor;
pub mod html;
