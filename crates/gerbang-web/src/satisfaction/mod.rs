//! The satisfaction survey and the published index (IKM). The survey and the figures are
//! in `gerbang_app::satisfaction`; these handlers read forms and render pages.

pub mod html;

use gerbang_app::satisfaction::Published;
use gerbang_domain::satisfaction::Category;

use crate::http::context::RequestCtx;

/// The index in a line, for the service and agency pages.
pub struct Summary {
    /// The value and its category, when enough people answered.
    pub value: Option<(String, String)>,
    pub respondents: i64,
    /// Where the details are.
    pub link: String,
}

/// "B (Good)" in the page's language.
pub fn category_label(ctx: &RequestCtx, c: Category) -> String {
    format!(
        "{} ({})",
        c.letter(),
        ctx.t(&format!("ikm-category-{}", c.letter().to_ascii_lowercase()))
    )
}

/// The summary of `p`, linking to `link`.
pub fn summary(ctx: &RequestCtx, p: &Published, link: String) -> Summary {
    Summary {
        value: p
            .overall
            .as_ref()
            .map(|i| (ctx.decimal(&i.value), category_label(ctx, i.category))),
        respondents: p.respondents,
        link,
    }
}
