//! Complaints, reports and requests for information: the public pages (file, follow, the
//! public list) and the back office (inbox, triage, answer). Every operation is in
//! `gerbang_app::complaints`; these handlers only read forms and render pages.

pub mod backoffice;
pub mod html;
pub mod open311;

use gerbang_app::complaints::View;
use gerbang_store::catalog::AgencyRow;
use gerbang_store::complaints::ListRow;

use crate::http::context::RequestCtx;
use crate::http::pages::when;

/// A timeline entry, ready to show.
pub struct EventView {
    pub what: String,
    pub at: String,
    pub who: String,
    pub state: String,
    pub body: Option<String>,
    /// Shown only to the complainant and staff.
    pub private: bool,
}

/// The timeline entries `view` lets its viewer read.
pub fn events(ctx: &RequestCtx, view: &View, agencies: &[AgencyRow]) -> Vec<EventView> {
    view.visible_events()
        .map(|e| {
            let agency = e
                .agency_id
                .and_then(|id| agencies.iter().find(|a| a.id == id))
                .map(|a| a.name(ctx.lang).to_owned());
            let role = ctx.t(&format!("complaint-role-{}", e.actor_role));
            EventView {
                what: ctx.t(&format!("complaint-event-{}", e.step)),
                at: when(ctx.lang, e.at),
                who: match agency {
                    Some(a) => format!("{role} · {a}"),
                    None => role,
                },
                state: ctx.t(&format!("complaint-state-{}", e.to_state)),
                body: e.body.clone(),
                private: !e.public,
            }
        })
        .collect()
}

/// One line of a complaint list.
pub struct Line {
    pub reference: String,
    pub kind: String,
    pub agency: String,
    pub category: String,
    /// The title, or a placeholder for a private complaint.
    pub title: String,
    pub state: String,
    pub filed: String,
    pub due: String,
    pub overdue: bool,
    pub escalated: bool,
}

/// Lines of a list; `public` hides private titles.
pub fn lines(
    ctx: &RequestCtx,
    rows: Vec<ListRow>,
    agencies: &[AgencyRow],
    today: time::Date,
    public: bool,
) -> Vec<Line> {
    rows.into_iter()
        .map(|r| {
            let agency = agencies.iter().find(|a| a.id == r.agency_id);
            let open = gerbang_domain::complaints::State::parse(&r.state)
                .is_some_and(gerbang_domain::complaints::State::awaits_agency);
            Line {
                kind: ctx.t(&format!("complaint-kind-{}", r.kind)),
                agency: agency
                    .map(|a| a.name(ctx.lang).to_owned())
                    .unwrap_or_default(),
                category: agency
                    .map(|a| {
                        gerbang_app::complaints::service::category_name(a, &r.category, ctx.lang)
                    })
                    .unwrap_or_default(),
                title: if public && r.private {
                    ctx.t("complaint-private-title")
                } else {
                    r.title
                },
                state: ctx.t(&format!("complaint-state-{}", r.state)),
                filed: ctx.date(&r.created_at.date()),
                due: r.due_date.map(|d| ctx.date(&d)).unwrap_or_default(),
                overdue: open && r.due_date.is_some_and(|d| d < today),
                escalated: r.escalation_level > 0,
                reference: r.reference,
            }
        })
        .collect()
}
