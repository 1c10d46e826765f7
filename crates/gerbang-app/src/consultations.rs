//! Public consultations: an agency's administrator publishes a draft, signed-in citizens
//! and businesses comment (on the whole or a section, for or against), the agency
//! moderates every comment before anyone else reads it (a refusal always says why), and
//! after the close answers by theme in a response report.
//!
//! Every write asks the one decision and lands in one transaction with its audit entry.

use bytes::Bytes;
use gerbang_domain::authz::{Action, Resource};
use gerbang_domain::consultations::{
    self as rules, CommentState, Counts, Kind, MAX_COMMENT, MAX_SECTIONS, MIN_COMMENT, Phase,
    Position, Refusal,
};
use gerbang_domain::i18n::Lang;
use gerbang_store::StoreError;
use gerbang_store::catalog::AgencyRow;
use gerbang_store::consultations::{
    self as store, CommentRow, ConsultationRow, NewComment, NewConsultation, SectionRow, ThemeRow,
    Which,
};
use time::Date;

use crate::accounts::limits;
use crate::accounts::service::Meta;
use crate::applications::files;
use crate::applications::service::today_in;
use crate::authz::check;
use crate::user::SessionUser;
use crate::{App, AppError, FieldProblem};

/// Comments one person may send in an hour, across consultations.
pub const COMMENTS_PER_HOUR: i64 = 20;

/// What the publishing form sends.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub kind: String,
    pub title_en: String,
    pub title_id: String,
    pub summary_en: String,
    pub summary_id: String,
    /// Sections separated by lines of `---`, each block's first line its heading.
    pub text_en: String,
    pub text_id: String,
    /// `YYYY-MM-DD`.
    pub opens_on: String,
    pub closes_on: String,
}

/// An attached PDF.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub filename: String,
    pub bytes: Bytes,
}

fn problem(field: &str, id: &str) -> FieldProblem {
    FieldProblem::new(field, id)
}

fn parse_date(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), format).ok()
}

/// A slug from the title: lower-case letters, digits and dashes.
fn slug_of(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The agency `slug` for a manager of its consultations.
async fn managed_agency(app: &App, user: &SessionUser, slug: &str) -> Result<AgencyRow, AppError> {
    let catalogue = app.catalogue().await?;
    let agency = catalogue.agency(slug).ok_or(AppError::NOT_FOUND)?.clone();
    check(
        Some(user),
        Action::ManageConsultations,
        Resource::Agency(agency.id),
    )?;
    Ok(agency)
}

/// Publishes a consultation of agency `agency_slug`; returns its slug. Every problem
/// with the draft is named at once (422) and nothing is stored.
pub async fn publish(
    app: &App,
    user: &SessionUser,
    agency_slug: &str,
    d: &Draft,
    pdf: Option<Pdf>,
    meta: &Meta,
) -> Result<String, AppError> {
    let agency = managed_agency(app, user, agency_slug).await?;
    let mut problems = Vec::new();
    let kind = Kind::parse(d.kind.trim());
    if kind.is_none() {
        problems.push(problem("kind", "consultation-error-kind"));
    }
    let sections_en = rules::parse_sections(&d.text_en);
    let sections_id = rules::parse_sections(&d.text_id);
    let has_pdf = pdf.is_some();
    // A language is given when its title is; then its summary and its text (or the PDF)
    // must be too.
    let mut languages = 0;
    for (lang, title, summary, sections) in [
        ("en", &d.title_en, &d.summary_en, &sections_en),
        ("id", &d.title_id, &d.summary_id, &sections_id),
    ] {
        let given = !title.trim().is_empty() || !summary.trim().is_empty() || !sections.is_empty();
        if !given {
            continue;
        }
        languages += 1;
        if title.trim().is_empty() || title.chars().count() > 200 {
            problems.push(problem(
                &format!("title_{lang}"),
                "consultation-error-title",
            ));
        }
        if summary.trim().is_empty() || summary.chars().count() > 2000 {
            problems.push(problem(
                &format!("summary_{lang}"),
                "consultation-error-summary",
            ));
        }
        if sections.is_empty() && !has_pdf {
            problems.push(problem(&format!("text_{lang}"), "consultation-error-text"));
        }
        if sections.len() > MAX_SECTIONS {
            problems.push(problem(
                &format!("text_{lang}"),
                "consultation-error-sections",
            ));
        }
    }
    if languages == 0 {
        problems.push(problem("title_id", "consultation-error-language"));
    }
    if !sections_en.is_empty() && !sections_id.is_empty() && sections_en.len() != sections_id.len()
    {
        problems.push(problem("text_en", "consultation-error-section-count"));
    }
    let opens = parse_date(&d.opens_on);
    let closes = parse_date(&d.closes_on);
    let today = today_in(app, agency.zone());
    match opens {
        None if d.opens_on.trim().is_empty() => {
            problems.push(problem("opens_on", "consultation-error-opens-missing"));
        }
        None => problems.push(problem("opens_on", "consultation-error-opens-date")),
        Some(o) if o < today => problems.push(problem("opens_on", "consultation-error-past")),
        Some(_) => {}
    }
    match (opens, closes) {
        (_, None) if d.closes_on.trim().is_empty() => {
            problems.push(problem("closes_on", "consultation-error-closes-missing"));
        }
        (_, None) => problems.push(problem("closes_on", "consultation-error-closes-date")),
        (Some(o), Some(c)) if c < o || (c - o).whole_days() > 366 => {
            problems.push(problem("closes_on", "consultation-error-range"));
        }
        _ => {}
    }
    if let Some(p) = &pdf {
        if files::sniff(&p.bytes) != Some("pdf") {
            problems.push(problem("pdf", "consultation-error-pdf"));
        } else if p.bytes.len() > app.config.max_upload_bytes {
            problems.push(problem("pdf", "consultation-error-pdf-size"));
        }
    }
    let (Some(kind), Some(opens), Some(closes), true) = (kind, opens, closes, problems.is_empty())
    else {
        return Err(AppError::Invalid(problems));
    };
    let title = if d.title_en.trim().is_empty() {
        &d.title_id
    } else {
        &d.title_en
    };
    let base = slug_of(title);
    let base = if base.is_empty() {
        "consultation".to_owned()
    } else {
        base
    };
    let mut slug = base.clone();
    let mut n = 1;
    while store::by_slug(&app.db, &slug).await?.is_some() {
        n += 1;
        slug = format!("{base}-{n}");
    }
    let stored_pdf = match &pdf {
        Some(p) => Some((
            p.filename.clone(),
            i64::try_from(p.bytes.len()).unwrap_or(i64::MAX),
            files::put(&app.files, p.bytes.clone()).await?,
        )),
        None => None,
    };
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    let id = store::insert(
        &mut tx,
        &NewConsultation {
            agency_id: agency.id,
            slug: &slug,
            kind: kind.as_str(),
            title_en: d.title_en.trim(),
            title_id: d.title_id.trim(),
            summary_en: d.summary_en.trim(),
            summary_id: d.summary_id.trim(),
            opens_on: opens,
            closes_on: closes,
            pdf: stored_pdf
                .as_ref()
                .map(|(f, s, k)| (f.as_str(), *s, k.as_str())),
            created_by: user.id,
            now,
        },
    )
    .await?;
    let count = sections_en.len().max(sections_id.len());
    for i in 0..count {
        let en = sections_en.get(i);
        let id_ = sections_id.get(i);
        store::add_section(
            &mut tx,
            id,
            &SectionRow {
                number: i32::try_from(i + 1).unwrap_or(i32::MAX),
                heading_en: en.map(|s| s.heading.clone()).unwrap_or_default(),
                heading_id: id_.map(|s| s.heading.clone()).unwrap_or_default(),
                body_en: en.map(|s| s.body.clone()).unwrap_or_default(),
                body_id: id_.map(|s| s.body.clone()).unwrap_or_default(),
            },
        )
        .await?;
    }
    meta.audit("consultation.publish", &format!("consultation:{slug}"))
        .details(serde_json::json!({ "agency": agency.slug, "sections": count }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(slug)
}

/// A text in the reader's language, or the other when it was written in one only.
pub fn pick<'a>(lang: Lang, en: &'a str, id: &'a str) -> &'a str {
    match lang {
        Lang::En if !en.is_empty() => en,
        Lang::Id if !id.is_empty() => id,
        Lang::En => id,
        Lang::Id => en,
    }
}

/// A consultation in a list.
#[derive(Debug, Clone)]
pub struct Listed {
    pub row: ConsultationRow,
    pub agency: AgencyRow,
    pub phase: Phase,
}

/// Every consultation (of one agency, or all), those closing last first.
pub async fn list(app: &App, agency_id: Option<i64>) -> Result<Vec<Listed>, AppError> {
    let catalogue = app.catalogue().await?;
    let mut out = Vec::new();
    for row in store::list(&app.db, agency_id).await? {
        let Some(agency) = catalogue.agencies.iter().find(|a| a.id == row.agency_id) else {
            continue;
        };
        let phase = Phase::of(row.opens_on, row.closes_on, today_in(app, agency.zone()));
        out.push(Listed {
            row,
            agency: agency.clone(),
            phase,
        });
    }
    Ok(out)
}

/// A consultation as one reader sees it.
#[derive(Debug, Clone)]
pub struct Page {
    pub row: ConsultationRow,
    pub agency: AgencyRow,
    pub phase: Phase,
    pub sections: Vec<SectionRow>,
    /// Published comments, oldest first.
    pub published: Vec<CommentRow>,
    /// The reader's own comments, whatever their moderation.
    pub mine: Vec<CommentRow>,
    /// Published comments by section (`None` first: the whole draft) and position.
    pub counts: Vec<(Option<i32>, Counts)>,
    pub themes: Vec<ThemeRow>,
    /// The reader may comment now (signed in as a citizen or business, open).
    pub may_comment: bool,
    /// The reader manages the agency's consultations.
    pub manages: bool,
}

impl Page {
    /// The response report is out.
    pub fn reported(&self) -> bool {
        self.row.report_published_at.is_some()
    }

    /// Published comments on `section` (`None`: the whole draft).
    pub fn comments_on(&self, section: Option<i32>) -> Vec<&CommentRow> {
        self.published
            .iter()
            .filter(|c| c.section == section)
            .collect()
    }

    /// The counts of the whole consultation.
    pub fn total(&self) -> Counts {
        let mut t = Counts::default();
        for (_, c) in &self.counts {
            t.support += c.support;
            t.oppose += c.oppose;
            t.neutral += c.neutral;
        }
        t
    }
}

/// Opens consultation `slug` for `user` (anyone may read it).
pub async fn open(app: &App, user: Option<&SessionUser>, slug: &str) -> Result<Page, AppError> {
    let row = store::by_slug(&app.db, slug)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let catalogue = app.catalogue().await?;
    let agency = catalogue
        .agencies
        .iter()
        .find(|a| a.id == row.agency_id)
        .cloned()
        .ok_or(AppError::NOT_FOUND)?;
    let phase = Phase::of(row.opens_on, row.closes_on, today_in(app, agency.zone()));
    let sections = store::sections(&app.db, row.id).await?;
    let published = store::comments(&app.db, row.id, Which::State("published")).await?;
    let mine = match user {
        Some(u) => store::comments(&app.db, row.id, Which::Author(u.id)).await?,
        None => Vec::new(),
    };
    let mut counts: Vec<(Option<i32>, Counts)> = std::iter::once(None)
        .chain(sections.iter().map(|s| Some(s.number)))
        .map(|s| (s, Counts::default()))
        .collect();
    for (section, position, n) in store::counts(&app.db, row.id).await? {
        if let (Some(entry), Some(p)) = (
            counts.iter_mut().find(|(s, _)| *s == section),
            Position::parse(&position),
        ) {
            match p {
                Position::Support => entry.1.support += n,
                Position::Oppose => entry.1.oppose += n,
                Position::Neutral => entry.1.neutral += n,
            }
        }
    }
    let themes = store::themes(&app.db, row.id).await?;
    let may_comment = phase == Phase::Open
        && crate::authz::allows(user, Action::CommentOnConsultation, Resource::Platform);
    let manages = crate::authz::allows(
        user,
        Action::ManageConsultations,
        Resource::Agency(agency.id),
    );
    Ok(Page {
        row,
        agency,
        phase,
        sections,
        published,
        mine,
        counts,
        themes,
        may_comment,
        manages,
    })
}

/// What the comment form sends.
#[derive(Debug, Clone, Default)]
pub struct CommentInput {
    /// A section's number, or empty for the whole draft.
    pub section: String,
    pub position: String,
    pub body: String,
}

/// Sends a comment for moderation. 409 when the consultation is not open; 422 naming
/// each problem; 429 past [`COMMENTS_PER_HOUR`].
pub async fn comment(
    app: &App,
    user: &SessionUser,
    slug: &str,
    input: &CommentInput,
    meta: &Meta,
) -> Result<i64, AppError> {
    check(
        Some(user),
        Action::CommentOnConsultation,
        Resource::Platform,
    )?;
    let page = open(app, Some(user), slug).await?;
    if page.phase != Phase::Open {
        return Err(AppError::Store(StoreError::Conflict(
            "consultation not open".into(),
        )));
    }
    let mut problems = Vec::new();
    let section = match input.section.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            Ok(n) if page.sections.iter().any(|x| x.number == n) => Some(n),
            _ => {
                problems.push(problem("section", "consultation-error-section"));
                None
            }
        },
    };
    let position = Position::parse(input.position.trim());
    if position.is_none() {
        problems.push(problem("position", "consultation-error-position"));
    }
    let body = input.body.trim();
    let length = body.chars().count();
    if length == 0 {
        problems.push(problem("body", "consultation-error-empty"));
    } else if length < MIN_COMMENT {
        let mut p = problem("body", "consultation-error-short");
        p.args.push(("min", MIN_COMMENT.to_string()));
        problems.push(p);
    } else if length > MAX_COMMENT {
        let mut p = problem("body", "consultation-error-long");
        p.args.push(("max", MAX_COMMENT.to_string()));
        problems.push(p);
    }
    let Some(position) = position.filter(|_| problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    limits::check(
        app,
        &format!("consultation-comment:{}", user.id),
        COMMENTS_PER_HOUR,
        60,
    )
    .await?;
    let mut tx = app.db.begin().await?;
    let id = store::add_comment(
        &mut tx,
        &NewComment {
            consultation_id: page.row.id,
            section,
            author_id: user.id,
            position: position.as_str(),
            body,
            now: app.clock.now(),
        },
    )
    .await?;
    meta.audit("consultation.comment", &format!("consultation:{slug}"))
        .details(serde_json::json!({ "comment": id, "section": section }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// A moderator's decision on one comment.
#[derive(Debug, Clone, Copy)]
pub enum Decision {
    Publish,
    Refuse(Refusal),
}

/// The moderation queue of consultation `slug`: its pending comments.
pub async fn queue(
    app: &App,
    user: &SessionUser,
    slug: &str,
) -> Result<(Page, Vec<CommentRow>), AppError> {
    let page = open(app, Some(user), slug).await?;
    check(
        Some(user),
        Action::ManageConsultations,
        Resource::Agency(page.agency.id),
    )
    .map_err(|_| AppError::NOT_FOUND)?;
    let pending = store::comments(&app.db, page.row.id, Which::State("pending")).await?;
    Ok((page, pending))
}

/// Publishes or refuses (with its reason) a pending comment; 409 when someone else
/// moderated it first. The author is told by email.
pub async fn moderate(
    app: &App,
    user: &SessionUser,
    slug: &str,
    comment_id: i64,
    decision: Decision,
    meta: &Meta,
) -> Result<(), AppError> {
    let (page, pending) = queue(app, user, slug).await?;
    let Some(c) = pending.iter().find(|c| c.id == comment_id) else {
        return Err(AppError::Store(StoreError::Conflict(
            "comment not pending".into(),
        )));
    };
    // Nobody moderates their own words.
    if c.author_id == user.id {
        return Err(AppError::FORBIDDEN);
    }
    let (state, refusal) = match decision {
        Decision::Publish => (CommentState::Published, None),
        Decision::Refuse(r) => (CommentState::Refused, Some(r)),
    };
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    if !store::moderate(
        &mut tx,
        c.id,
        page.row.id,
        state.as_str(),
        refusal.map(Refusal::as_str),
        user.id,
        now,
    )
    .await?
    {
        return Err(AppError::Store(StoreError::Conflict(
            "comment not pending".into(),
        )));
    }
    meta.audit(
        &format!("consultation.comment.{}", state.as_str()),
        &format!("consultation:{slug}"),
    )
    .details(serde_json::json!({ "comment": c.id, "refusal": refusal.map(Refusal::as_str) }))
    .append(&mut tx)
    .await?;
    if let Some(author) = gerbang_store::accounts::user_by_id(&mut tx, c.author_id).await? {
        use crate::notify::messages::{Message, Recipient, queue};
        let to = Recipient::from(&author);
        let link = format!("{}/consultations/{slug}#my-comments", app.config.public_url);
        let title = pick(to.lang, &page.row.title_en, &page.row.title_id).to_owned();
        let message = match refusal {
            None => Message::new("consultation-published"),
            Some(r) => Message::new("consultation-refused").arg(
                "reason",
                crate::i18n::t(to.lang, &format!("consultation-refusal-{}", r.as_str())),
            ),
        }
        .arg("title", title)
        .arg("link", link);
        queue(&mut tx, &app.config, &to, &message).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What the theme form sends.
#[derive(Debug, Clone, Default)]
pub struct ThemeInput {
    pub title: String,
    pub response: String,
    pub changed: bool,
    /// The published comments it answers.
    pub comments: Vec<i64>,
}

fn report_open(page: &Page) -> Result<(), AppError> {
    if page.phase != Phase::Closed || page.reported() {
        return Err(AppError::Store(StoreError::Conflict(
            "the response report is written after the close, once".into(),
        )));
    }
    Ok(())
}

/// Adds a theme to the response report (after the close, before the report is out).
pub async fn add_theme(
    app: &App,
    user: &SessionUser,
    slug: &str,
    t: &ThemeInput,
    meta: &Meta,
) -> Result<(), AppError> {
    let (page, _) = queue(app, user, slug).await?;
    report_open(&page)?;
    let mut problems = Vec::new();
    if t.title.trim().is_empty() || t.title.chars().count() > 200 {
        problems.push(problem("theme_title", "consultation-error-theme-title"));
    }
    if t.response.trim().is_empty() || t.response.chars().count() > MAX_COMMENT {
        problems.push(problem(
            "theme_response",
            "consultation-error-theme-response",
        ));
    }
    if t.comments
        .iter()
        .any(|id| !page.published.iter().any(|c| c.id == *id))
    {
        problems.push(problem("comments", "consultation-error-theme-comments"));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let mut tx = app.db.begin().await?;
    let id = store::add_theme(
        &mut tx,
        page.row.id,
        t.title.trim(),
        t.response.trim(),
        t.changed,
        &t.comments,
        app.clock.now(),
    )
    .await?;
    meta.audit("consultation.theme", &format!("consultation:{slug}"))
        .details(serde_json::json!({ "theme": id, "comments": t.comments }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Publishes the response report: its introduction and the themes added so far.
pub async fn publish_report(
    app: &App,
    user: &SessionUser,
    slug: &str,
    intro_en: &str,
    intro_id: &str,
    meta: &Meta,
) -> Result<(), AppError> {
    let (page, _) = queue(app, user, slug).await?;
    report_open(&page)?;
    if (intro_en.trim().is_empty() && intro_id.trim().is_empty()) || page.themes.is_empty() {
        return Err(AppError::Invalid(vec![problem(
            "report_id",
            "consultation-error-report",
        )]));
    }
    let mut tx = app.db.begin().await?;
    if !store::publish_report(
        &mut tx,
        page.row.id,
        intro_en.trim(),
        intro_id.trim(),
        app.clock.now(),
    )
    .await?
    {
        return Err(AppError::Store(StoreError::Conflict(
            "report already published".into(),
        )));
    }
    meta.audit("consultation.report", &format!("consultation:{slug}"))
        .details(serde_json::json!({ "themes": page.themes.len() }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The attached PDF of consultation `slug` (public, like the draft).
pub async fn pdf(app: &App, slug: &str) -> Result<(String, Bytes), AppError> {
    let row = store::by_slug(&app.db, slug)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let (Some(name), Some(key)) = (row.pdf_filename, row.pdf_storage_key) else {
        return Err(AppError::NOT_FOUND);
    };
    Ok((name, files::get(&app.files, &key).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_and_digits() {
        assert_eq!(
            slug_of("Draft Regulation No. 4/2026 on Markets"),
            "draft-regulation-no-4-2026-on-markets"
        );
        assert_eq!(slug_of("  ***  "), "");
    }

    #[test]
    fn a_text_in_one_language_shows_in_both() {
        assert_eq!(pick(Lang::En, "", "Rancangan"), "Rancangan");
        assert_eq!(pick(Lang::Id, "Draft", "Rancangan"), "Rancangan");
        assert_eq!(pick(Lang::Id, "Draft", ""), "Draft");
    }
}
