//! The site's own pages (help, accessibility statement, privacy notice) and their editor.

pub mod html;
