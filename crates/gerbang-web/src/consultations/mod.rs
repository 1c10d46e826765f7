//! Public consultations: the public pages (list, draft, comments, response report) and
//! the back office (publish, moderate, answer by theme). Every operation is in
//! `gerbang_app::consultations`; these handlers only read forms and render pages.

pub mod backoffice;
pub mod html;

use gerbang_app::consultations::pick;
use gerbang_domain::consultations::Counts;
use gerbang_store::consultations::{CommentRow, SectionRow};

use crate::http::context::RequestCtx;
use crate::http::pages::when;

/// A section, ready to show with its published comments and counts.
pub struct SectionView {
    /// `None`: the draft as a whole.
    pub number: Option<i32>,
    pub anchor: String,
    pub heading: String,
    pub body: Vec<String>,
    pub counts: Counts,
    pub comments: Vec<CommentView>,
}

/// A comment, ready to show. Never its author's name: the text speaks for itself, and a
/// published figure or comment must not point at a person.
pub struct CommentView {
    pub id: i64,
    pub section: String,
    pub position: String,
    pub position_code: String,
    pub body: Vec<String>,
    pub at: String,
    pub state: String,
    pub refusal: Option<String>,
}

pub fn comment_view(ctx: &RequestCtx, c: &CommentRow, sections: &[SectionRow]) -> CommentView {
    CommentView {
        id: c.id,
        section: section_label(ctx, c.section, sections),
        position: ctx.t(&format!("consultation-position-{}", c.position)),
        position_code: c.position.clone(),
        body: paragraphs(&c.body),
        at: when(ctx.lang, c.created_at),
        state: ctx.t(&format!("consultation-comment-state-{}", c.state)),
        refusal: c
            .refusal
            .as_ref()
            .map(|r| ctx.t(&format!("consultation-refusal-{r}"))),
    }
}

/// "Section 3 · Opening hours", or "The whole draft".
pub fn section_label(ctx: &RequestCtx, section: Option<i32>, sections: &[SectionRow]) -> String {
    match section.and_then(|n| sections.iter().find(|s| s.number == n)) {
        Some(s) => format!(
            "{} · {}",
            ctx.t1("consultation-section-number", "n", &s.number.to_string()),
            pick(ctx.lang, &s.heading_en, &s.heading_id)
        ),
        None => ctx.t("consultation-whole"),
    }
}

/// Text split into paragraphs at blank lines.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}
