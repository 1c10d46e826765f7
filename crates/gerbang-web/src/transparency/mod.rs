//! The audit transparency log's pages: what it is and its latest signed heads, and the
//! applicant's proof that the decision on their case is in it. The JSON endpoints are in
//! [`crate::api::transparency`].

pub mod html;
