//! Complaint operations, shared by the HTML pages, the API, Open311 and SMS.

use bytes::Bytes;
use gerbang_domain::accounts::{Email, StaffRole};
use gerbang_domain::authz::ComplaintFacts;
use gerbang_domain::complaints::{
    self as rules, By, Kind, MAX_DESCRIPTION, MAX_PHOTOS, MAX_TITLE, MIN_DESCRIPTION, Point,
    Rating, State, Step,
};
use gerbang_domain::i18n::Lang;
use gerbang_domain::oversight::{self, ReadFacts};
use gerbang_domain::reference::Reference;
use gerbang_store::catalog::AgencyRow;
use gerbang_store::complaints::{
    self as store, ComplaintRow, EventRow, ListFilter, ListRow, NewComplaint, NewEvent, NewPhoto,
    PhotoRow,
};
use gerbang_store::{Conn, StoreError, Tx};

use super::deadlines;
use crate::App;
use crate::accounts::service::Meta;
use crate::applications::files;
use crate::authz::{Action, Resource, allows, check};
use crate::error::{AppError, ErrorKind, FieldProblem};
use crate::notify::messages::{Message, Recipient, queue};
use crate::user::{SessionUser, token_hash};

/// One photo, as received.
#[derive(Debug, Clone)]
pub struct Photo {
    pub filename: String,
    pub bytes: Bytes,
}

/// A complaint as filed by a form, the API, Open311 or SMS.
#[derive(Debug, Clone, Default)]
pub struct Filing {
    pub agency: String,
    pub category: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    /// One of the complainant's own applications, by reference.
    pub application: Option<String>,
    /// How to reach an anonymous complainant (at least one of email or phone).
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub confidential: bool,
    pub private: bool,
    pub latitude: Option<String>,
    pub longitude: Option<String>,
    pub address: Option<String>,
    pub photos: Vec<Photo>,
    /// `web`, `api`, `open311` or `sms`.
    pub channel: &'static str,
    /// A field people never see; whatever fills it is a robot.
    pub honeypot: Option<String>,
    /// Filed by a civic app (Open311) with this API token: limited per token, not per address.
    pub app_token: Option<i64>,
}

/// The answer to a filing.
#[derive(Debug, Clone)]
pub struct Filed {
    pub reference: String,
    /// Lets whoever filed follow the complaint without an account; shown once.
    pub follow_key: String,
    pub due_date: Option<time::Date>,
}

/// Anonymous filings allowed per address per hour, and signed-in filings per account.
pub const ANONYMOUS_PER_HOUR: i64 = 5;
pub const SIGNED_IN_PER_HOUR: i64 = 20;

fn problem(field: &str, id: &str) -> FieldProblem {
    FieldProblem::new(field, id)
}

fn too_long(field: &str, n: usize) -> FieldProblem {
    FieldProblem {
        field: field.into(),
        message_id: "error-too-long".into(),
        args: vec![("n", n.to_string())],
        subject: None,
    }
}

fn trimmed(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// What was checked of a filing, ready to store.
struct Checked {
    kind: Kind,
    point: Option<Point>,
    email: Option<String>,
    phone: Option<String>,
    application_id: Option<i64>,
}

async fn check_filing(
    app: &App,
    user: Option<&SessionUser>,
    f: &Filing,
    agency: Option<&AgencyRow>,
) -> Result<Checked, AppError> {
    let mut problems = Vec::new();
    if trimmed(&f.honeypot).is_some() {
        problems.push(problem("form", "error-complaint-robot"));
    }
    let categories = agency
        .and_then(|a| a.definition().ok())
        .map(|d| d.categories())
        .unwrap_or_default();
    if agency.is_none() {
        problems.push(problem("agency", "error-complaint-agency"));
    }
    let kind = Kind::parse(f.kind.trim());
    let category = categories.iter().find(|c| c.code == f.category.trim());
    match (kind, category) {
        (None, _) => problems.push(problem("kind", "error-complaint-kind")),
        (_, None) if agency.is_some() => {
            problems.push(problem("category", "error-complaint-category"));
        }
        (Some(k), Some(c)) if !c.kinds.contains(&k) => {
            problems.push(problem("category", "error-complaint-category-kind"));
        }
        _ => {}
    }
    let title = f.title.trim();
    if title.is_empty() {
        problems.push(problem("title", "error-complaint-title"));
    } else if title.chars().count() > MAX_TITLE {
        problems.push(too_long("title", MAX_TITLE));
    }
    let description = f.description.trim();
    let n = description.chars().count();
    if n < MIN_DESCRIPTION {
        problems.push(problem("description", "error-complaint-description"));
    } else if n > MAX_DESCRIPTION {
        problems.push(too_long("description", MAX_DESCRIPTION));
    }
    let email = match trimmed(&f.contact_email) {
        Some(e) => match Email::parse(e) {
            Ok(e) => Some(String::from(e)),
            Err(_) => {
                problems.push(problem("contact_email", "error-email-invalid"));
                None
            }
        },
        None => None,
    };
    let phone = match trimmed(&f.contact_phone) {
        Some(p) => match gerbang_domain::form::normalise_phone(p) {
            Some(p) => Some(p),
            None => {
                problems.push(problem("contact_phone", "error-complaint-phone"));
                None
            }
        },
        None => None,
    };
    if user.is_none()
        && email.is_none()
        && phone.is_none()
        && trimmed(&f.contact_email).is_none()
        && trimmed(&f.contact_phone).is_none()
    {
        problems.push(problem("contact_email", "error-complaint-contact"));
    }
    if let Some(name) = trimmed(&f.contact_name)
        && name.chars().count() > 200
    {
        problems.push(too_long("contact_name", 200));
    }
    if let Some(a) = trimmed(&f.address)
        && a.chars().count() > 300
    {
        problems.push(too_long("address", 300));
    }
    let point = match (trimmed(&f.latitude), trimmed(&f.longitude)) {
        (None, None) => None,
        (Some(lat), Some(lon)) => match (lat.parse::<f64>(), lon.parse::<f64>()) {
            (Ok(lat), Ok(lon)) => Point::new(lat, lon).or_else(|| {
                problems.push(problem("latitude", "error-complaint-point"));
                None
            }),
            _ => {
                problems.push(problem("latitude", "error-complaint-point"));
                None
            }
        },
        _ => {
            problems.push(problem("latitude", "error-complaint-point"));
            None
        }
    };
    let photos: Vec<&Photo> = f.photos.iter().filter(|p| !p.bytes.is_empty()).collect();
    if photos.len() > MAX_PHOTOS {
        problems.push(FieldProblem {
            field: "photos".into(),
            message_id: "error-complaint-photos".into(),
            args: vec![("n", MAX_PHOTOS.to_string())],
            subject: None,
        });
    }
    for p in &photos {
        if !matches!(files::sniff(&p.bytes), Some("jpg" | "png")) {
            problems.push(problem("photos", "error-complaint-photo-kind"));
            break;
        }
        if p.bytes.len() > app.config.max_upload_bytes {
            problems.push(problem("photos", "error-complaint-photo-size"));
            break;
        }
    }
    let mut application_id = None;
    if let Some(r) = trimmed(&f.application) {
        // Only one's own application; anything else reads as unknown.
        let own = match (user, Reference::parse(r)) {
            (Some(u), Ok(r)) => gerbang_store::applications::by_reference(&app.db, &r.to_string())
                .await?
                .filter(|c| c.applicant_id == u.id),
            _ => None,
        };
        match own {
            Some(c) => application_id = Some(c.id),
            None => problems.push(problem("application", "error-complaint-application")),
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    Ok(Checked {
        kind: kind.unwrap_or(Kind::Complaint),
        point,
        email,
        phone,
        application_id,
    })
}

/// Files a complaint. Anyone may: signed in (`user`), or anonymous with a contact. The
/// answer carries the reference and the key that lets its holder follow it.
pub async fn file(
    app: &App,
    user: Option<&SessionUser>,
    f: Filing,
    meta: &Meta,
) -> Result<Filed, AppError> {
    match (user, f.app_token) {
        (_, Some(token)) => {
            crate::accounts::limits::check(
                app,
                &format!("complaint:token:{token}"),
                super::open311::PER_KEY_PER_HOUR,
                60,
            )
            .await?;
        }
        (Some(u), None) => {
            crate::accounts::limits::check(
                app,
                &format!("complaint:user:{}", u.id),
                SIGNED_IN_PER_HOUR,
                60,
            )
            .await?;
        }
        (None, None) => {
            crate::accounts::limits::check(
                app,
                &format!("complaint:ip:{}", meta.ip),
                ANONYMOUS_PER_HOUR,
                60,
            )
            .await?;
        }
    }
    let catalogue = app.catalogue().await?;
    let agency = catalogue.agency(f.agency.trim()).cloned();
    let checked = check_filing(app, user, &f, agency.as_ref()).await?;
    let Some(agency) = agency else {
        return Err(AppError::Invalid(vec![problem(
            "agency",
            "error-complaint-agency",
        )]));
    };
    // Bytes first; their rows commit with the complaint.
    let mut stored = Vec::new();
    for p in f.photos.iter().filter(|p| !p.bytes.is_empty()) {
        let kind = files::sniff(&p.bytes).unwrap_or("bin");
        stored.push((
            crate::applications::service::sanitize_filename(&p.filename),
            files::content_type(kind),
            i64::try_from(p.bytes.len()).unwrap_or(i64::MAX),
            files::sha256_hex(&p.bytes),
            files::put(&app.files, p.bytes.clone()).await?,
        ));
    }
    let follow_key = crate::user::new_token();
    let key_hash = token_hash(&follow_key);
    let category = f.category.trim();
    let due = deadlines::due_from_today(app, &agency, category, rules::Deadline::Verify);
    let now = app.clock.now();
    let name = match user {
        Some(u) => Some(u.full_name.clone()),
        None => trimmed(&f.contact_name).map(str::to_owned),
    };
    let email = match user {
        Some(u) => Some(u.email.clone()),
        None => checked.email.clone(),
    };
    for _attempt in 0..5 {
        let reference = crate::applications::service::random_reference()?;
        if store::reference_taken(&app.db, &reference).await? {
            continue;
        }
        let mut tx = app.db.begin().await?;
        let new = NewComplaint {
            reference: &reference,
            kind: checked.kind.as_str(),
            agency_id: agency.id,
            category,
            application_id: checked.application_id,
            complainant_id: user.map(|u| u.id),
            contact_name: name.as_deref(),
            contact_email: email.as_deref(),
            contact_phone: checked.phone.as_deref(),
            follow_key_hash: &key_hash,
            confidential: f.confidential,
            private: f.private,
            channel: f.channel,
            title: f.title.trim(),
            description: f.description.trim(),
            latitude: checked.point.map(|p| p.lat),
            longitude: checked.point.map(|p| p.lon),
            address: trimmed(&f.address),
            state: State::Received.as_str(),
            due_date: due,
            now,
        };
        let id = match store::insert(&mut tx, &new).await {
            Ok(id) => id,
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        };
        for (filename, content_type, size, sha, key) in &stored {
            store::add_photo(
                &mut tx,
                &NewPhoto {
                    complaint_id: id,
                    filename,
                    content_type,
                    size_bytes: *size,
                    sha256: sha,
                    storage_key: key,
                    now,
                },
            )
            .await?;
        }
        store::add_event(
            &mut tx,
            &NewEvent {
                complaint_id: id,
                at: now,
                actor_id: user.map(|u| u.id),
                actor_role: "complainant",
                agency_id: Some(agency.id),
                step: "file",
                from_state: None,
                to_state: State::Received.as_str(),
                body: None,
                public: true,
            },
        )
        .await?;
        let row = store::by_id(&mut tx, id)
            .await?
            .ok_or_else(|| AppError::Internal("complaint vanished".into()))?;
        deadlines::watch(&mut tx, &row, &agency).await?;
        meta.audit("complaint.file", &format!("complaint:{reference}"))
            .details(serde_json::json!({
                "agency": agency.slug,
                "category": category,
                "channel": f.channel,
                "anonymous": user.is_none(),
                "photos": stored.len(),
            }))
            .append(&mut tx)
            .await?;
        let link = format!(
            "{}/complaints/{reference}?key={follow_key}",
            app.config.public_url
        );
        notify_complainant(&mut tx, app, &row, "complaint-filed", Some(&link)).await?;
        tx.commit().await?;
        return Ok(Filed {
            reference,
            follow_key,
            due_date: due,
        });
    }
    Err(AppError::Internal(
        "could not draw a free reference number".into(),
    ))
}

/// A complaint as one viewer may see it.
#[derive(Debug, Clone)]
pub struct View {
    pub complaint: ComplaintRow,
    pub agency: AgencyRow,
    /// The agencies it was escalated to, lowest first.
    pub escalated_to: Vec<AgencyRow>,
    pub events: Vec<EventRow>,
    pub photos: Vec<PhotoRow>,
    /// The viewer may read it in full (private texts, photos).
    pub full: bool,
    /// The viewer is the complainant (by account or key).
    pub is_complainant: bool,
    /// The viewer may see who filed it.
    pub sees_complainant: bool,
    /// The viewer reads it as staff of an agency handling it.
    pub staff: bool,
    /// The steps the viewer may take now.
    pub steps: Vec<Step>,
    /// The complainant may still rate the resolution.
    pub may_rate: bool,
    /// The reference of the complaint this one was merged into.
    pub merged_into: Option<String>,
}

impl View {
    pub fn state(&self) -> State {
        State::parse(&self.complaint.state).unwrap_or(State::Received)
    }

    pub fn kind(&self) -> Kind {
        Kind::parse(&self.complaint.kind).unwrap_or(Kind::Complaint)
    }

    /// The category's name in `lang`.
    pub fn category_name(&self, lang: Lang) -> String {
        category_name(&self.agency, &self.complaint.category, lang)
    }

    /// The timeline entries this viewer may read.
    pub fn visible_events(&self) -> impl Iterator<Item = &EventRow> {
        let full = self.full;
        let private = self.complaint.private;
        self.events.iter().filter(move |e| {
            // Staff-to-staff entries carry no `public`; private answers are only for the
            // complainant and staff, and a private complaint shows no text publicly.
            full || (e.public && !(private && e.body.is_some()))
        })
    }

    /// True when this viewer may see the description (everyone, unless it is private).
    pub fn shows_text(&self) -> bool {
        self.full || !self.complaint.private
    }
}

/// The name of category `code` at `agency`, in `lang` (the code itself if unknown).
pub fn category_name(agency: &AgencyRow, code: &str, lang: Lang) -> String {
    agency
        .definition()
        .ok()
        .and_then(|d| d.categories().into_iter().find(|c| c.code == code))
        .map_or_else(|| code.to_owned(), |c| c.name.get(lang).to_owned())
}

/// The agencies handling `c`: the responsible one, then those it was escalated to.
async fn handling(conn: Conn<'_>, c: &ComplaintRow) -> Result<Vec<i64>, AppError> {
    let mut chain = vec![c.agency_id];
    chain.extend(store::escalations(conn, c.id).await?);
    Ok(chain)
}

pub(crate) fn key_matches(c: &ComplaintRow, key: Option<&str>) -> bool {
    use subtle::ConstantTimeEq as _;
    key.is_some_and(|k| bool::from(token_hash(k).as_bytes().ct_eq(c.follow_key_hash.as_bytes())))
}

fn facts<'a>(c: &ComplaintRow, chain: &'a [i64], key_ok: bool) -> ComplaintFacts<'a> {
    ComplaintFacts {
        agencies: chain,
        complainant: c.complainant_id,
        confidential: c.confidential,
        key_proven: key_ok,
    }
}

/// The role `user` takes `step` in, as the timeline records it.
fn step_action(step: Step) -> Action {
    match step.by() {
        By::Coordinator => Action::TriageComplaint,
        By::Officer => Action::AnswerComplaint,
        By::Complainant | By::System => Action::FollowComplaint,
    }
}

/// Opens a complaint for `user` (or the holder of its `key`). Anyone sees the public
/// part; the complainant and the agencies handling it see all of it (a staff read is
/// audited, with whether the complainant's identity was shown).
pub async fn open(
    app: &App,
    user: Option<&SessionUser>,
    reference: &str,
    key: Option<&str>,
    meta: &Meta,
) -> Result<View, AppError> {
    let Ok(r) = Reference::parse(reference) else {
        return Err(AppError::NOT_FOUND);
    };
    let Some(c) = store::by_reference(&app.db, &r.to_string()).await? else {
        return Err(AppError::NOT_FOUND);
    };
    let chain = handling(Conn::Pool(&app.db), &c).await?;
    let key_ok = key_matches(&c, key);
    let f = facts(&c, &chain, key_ok);
    let res = Resource::Complaint(f);
    let full = allows(user, Action::ReadComplaint, res);
    let is_complainant = key_ok || user.is_some_and(|u| Some(u.id) == c.complainant_id);
    let staff = full && !is_complainant;
    let sees_complainant = allows(user, Action::SeeComplainant, res);
    let state = State::parse(&c.state).unwrap_or(State::Received);
    let mut steps = Vec::new();
    if full {
        for by in [By::Coordinator, By::Officer, By::Complainant] {
            for step in rules::steps_for(state, by, c.reopened) {
                if allows(user, step_action(step), res) {
                    steps.push(step);
                }
            }
        }
    }
    let catalogue = app.catalogue().await?;
    let by_id = |id: i64| catalogue.agencies.iter().find(|a| a.id == id).cloned();
    let agency = by_id(c.agency_id)
        .ok_or_else(|| AppError::Internal("complaint's agency missing".into()))?;
    let escalated_to = chain.iter().skip(1).filter_map(|id| by_id(*id)).collect();
    let events = store::events(&app.db, c.id).await?;
    let photos = if full {
        store::photos(&app.db, c.id).await?
    } else {
        Vec::new()
    };
    let merged_into = match c.merged_into {
        Some(id) => store::by_id(&app.db, id).await?.map(|m| m.reference),
        None => None,
    };
    if staff {
        let mut tx = app.db.begin().await?;
        let basis = oversight::basis(ReadFacts {
            reader: user.map_or(0, |u| u.id),
            assignee: None,
            reader_acted: user.is_some_and(|u| events.iter().any(|e| e.actor_id == Some(u.id))),
            open: !state.is_final(),
        });
        meta.audit("complaint.read", &format!("complaint:{}", c.reference))
            .agency(c.agency_id)
            .flagged(basis.flagged())
            .details(serde_json::json!({
                "identity_shown": sees_complainant,
                "basis": basis.as_str(),
            }))
            .append(&mut tx)
            .await?;
        tx.commit().await?;
    }
    let may_rate = is_complainant
        && allows(user, Action::FollowComplaint, res)
        && state == State::Closed
        && c.rating.is_none();
    Ok(View {
        complaint: c,
        agency,
        escalated_to,
        events,
        photos,
        full,
        is_complainant,
        sees_complainant,
        staff,
        steps,
        may_rate,
        merged_into,
    })
}

/// A step someone takes on a complaint, with what it needs.
#[derive(Debug, Clone)]
pub enum Act {
    Verify,
    /// To the agency with this slug (the same one, or another: reassignment).
    Assign {
        agency: String,
    },
    Reject {
        reason: String,
    },
    /// Into the complaint with this reference.
    Merge {
        into: String,
    },
    /// The follow-up; `public` shows it on the public page.
    Answer {
        text: String,
        public: bool,
    },
    Reply {
        text: String,
    },
    /// Satisfied, with a rating of 1 to 5 if given.
    Close {
        rating: Option<i64>,
    },
    /// A rating after an automatic close.
    Rate {
        rating: i64,
    },
    Reopen {
        reason: String,
    },
}

impl Act {
    fn step(&self) -> Option<Step> {
        Some(match self {
            Act::Verify => Step::Verify,
            Act::Assign { .. } => Step::Assign,
            Act::Reject { .. } => Step::Reject,
            Act::Merge { .. } => Step::Merge,
            Act::Answer { .. } => Step::Answer,
            Act::Reply { .. } => Step::Reply,
            Act::Close { .. } => Step::Close,
            Act::Reopen { .. } => Step::Reopen,
            Act::Rate { .. } => return None,
        })
    }
}

/// Longest answer, reply or reason, in characters.
pub const MAX_TEXT: usize = 5000;

fn required_text(field: &str, text: &str) -> Result<String, AppError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(AppError::Invalid(vec![problem(
            field,
            "error-complaint-text",
        )]));
    }
    if t.chars().count() > MAX_TEXT {
        return Err(AppError::Invalid(vec![too_long(field, MAX_TEXT)]));
    }
    Ok(t.to_owned())
}

fn rating(field: &str, n: i64) -> Result<i32, AppError> {
    Rating::new(n)
        .map(|r| i32::from(r.get()))
        .ok_or_else(|| AppError::Invalid(vec![problem(field, "error-complaint-rating")]))
}

/// Takes `act` on complaint `reference` as `user` (or as the holder of its `key`): one
/// transaction with the move, its timeline entry, the next deadline's job, the audit
/// entry and the notices. A stale page (someone moved it first) is 409.
pub async fn act(
    app: &App,
    user: Option<&SessionUser>,
    reference: &str,
    key: Option<&str>,
    act: Act,
    meta: &Meta,
) -> Result<(), AppError> {
    let Ok(r) = Reference::parse(reference) else {
        return Err(AppError::NOT_FOUND);
    };
    let Some(mut c) = store::by_reference(&app.db, &r.to_string()).await? else {
        return Err(AppError::NOT_FOUND);
    };
    let chain = handling(Conn::Pool(&app.db), &c).await?;
    let key_ok = key_matches(&c, key);
    let res = Resource::Complaint(facts(&c, &chain, key_ok));
    // Someone who may not even read it learns nothing (404 before anything else).
    check(user, Action::ReadComplaint, res)?;
    let action = act.step().map_or(Action::FollowComplaint, step_action);
    check(user, action, res)?;
    let catalogue = app.catalogue().await?;
    let from = State::parse(&c.state).unwrap_or(State::Received);
    let now = app.clock.now();
    let mut body: Option<String> = None;
    let mut public = true;
    let mut moved_to: Option<AgencyRow> = None;
    let mut merge_target: Option<ComplaintRow> = None;
    // Inputs first: a bad one changes nothing.
    match &act {
        Act::Assign { agency } => {
            let Some(a) = catalogue.agency(agency.trim()) else {
                return Err(AppError::Invalid(vec![problem(
                    "agency",
                    "error-complaint-agency",
                )]));
            };
            moved_to = Some(a.clone());
        }
        Act::Reject { reason } => body = Some(required_text("reason", reason)?),
        Act::Merge { into } => {
            let target = match Reference::parse(into.trim()) {
                Ok(r) => store::by_reference(&app.db, &r.to_string()).await?,
                Err(_) => None,
            };
            // Only into an open complaint this coordinator can see, never into itself.
            let ok = target.filter(|t| {
                t.id != c.id
                    && !State::parse(&t.state).is_some_and(State::is_final)
                    && chain.contains(&t.agency_id)
            });
            let Some(t) = ok else {
                return Err(AppError::Invalid(vec![problem(
                    "into",
                    "error-complaint-merge",
                )]));
            };
            body = Some(t.reference.clone());
            merge_target = Some(t);
        }
        Act::Answer { text, public: p } => {
            body = Some(required_text("text", text)?);
            public = *p;
        }
        Act::Reply { text } => {
            body = Some(required_text("text", text)?);
            public = false;
        }
        Act::Reopen { reason } => {
            body = Some(required_text("reason", reason)?);
            public = false;
        }
        Act::Close { rating: Some(n) } => {
            c.rating = Some(rating("rating", *n)?);
        }
        Act::Rate { rating: n } => {
            if from != State::Closed || c.rating.is_some() {
                return Err(AppError::Kind(ErrorKind::Conflict));
            }
            c.rating = Some(rating("rating", *n)?);
        }
        Act::Verify | Act::Close { rating: None } => {}
    }
    let step = act.step();
    let to = match step {
        Some(s) => {
            rules::next(from, s, c.reopened).map_err(|_| AppError::Kind(ErrorKind::Conflict))?
        }
        None => from,
    };
    let by = step.map_or(By::Complainant, Step::by);
    let actor_role = match by {
        By::Coordinator => "coordinator",
        By::Officer => "officer",
        By::Complainant => "complainant",
        By::System => "system",
    };
    // The staff member acts for the first handling agency where they hold the role.
    let acting_agency = user.and_then(|u| {
        let roles: &[StaffRole] = match by {
            By::Coordinator => &[StaffRole::AgencyAdmin],
            By::Officer => &[StaffRole::Officer, StaffRole::Supervisor],
            _ => &[],
        };
        chain.iter().copied().find(|ag| {
            u.roles
                .iter()
                .any(|g| g.agency_id == Some(*ag) && roles.contains(&g.role))
        })
    });
    let mut tx = app.db.begin().await?;
    c.state = to.as_str().to_owned();
    if let Some(a) = &moved_to {
        c.agency_id = a.id;
    }
    match step {
        Some(Step::Reopen) => c.reopened = true,
        Some(Step::Merge) => c.merged_into = merge_target.as_ref().map(|t| t.id),
        _ => {}
    }
    if to.is_final() && !from.is_final() {
        c.closed_at = Some(now);
    }
    if let Some(s) = step
        && rules::restarts_deadline(from, s, to)
    {
        let responsible = moved_to
            .clone()
            .or_else(|| {
                catalogue
                    .agencies
                    .iter()
                    .find(|a| a.id == c.agency_id)
                    .cloned()
            })
            .ok_or_else(|| AppError::Internal("complaint's agency missing".into()))?;
        deadlines::restart(&mut tx, app, &mut c, &responsible).await?;
    }
    store::add_event(
        &mut tx,
        &NewEvent {
            complaint_id: c.id,
            at: now,
            actor_id: user.map(|u| u.id),
            actor_role,
            agency_id: moved_to.as_ref().map(|a| a.id).or(acting_agency),
            step: step.map_or("rate", Step::as_str),
            from_state: Some(from.as_str()),
            to_state: to.as_str(),
            body: body.as_deref(),
            public,
        },
    )
    .await?;
    if !store::save(&mut tx, &c, now).await? {
        return Err(AppError::Kind(ErrorKind::Conflict));
    }
    meta.audit(
        &format!("complaint.{}", step.map_or("rate", Step::as_str)),
        &format!("complaint:{}", c.reference),
    )
    .details(serde_json::json!({
        "from": from.as_str(),
        "to": to.as_str(),
        "agency": moved_to.as_ref().map(|a| a.slug.clone()),
        "public": public,
        "rating": c.rating,
    }))
    .append(&mut tx)
    .await?;
    // Tell the complainant what the government did.
    match step {
        Some(Step::Answer) => {
            let text = if public { body.as_deref() } else { None };
            notify_complainant(&mut tx, app, &c, "complaint-answered", text).await?;
        }
        Some(Step::Reject) => {
            notify_complainant(&mut tx, app, &c, "complaint-rejected", body.as_deref()).await?;
        }
        Some(Step::Merge) => {
            notify_complainant(&mut tx, app, &c, "complaint-merged", body.as_deref()).await?;
        }
        Some(Step::Assign) => {
            notify_complainant(&mut tx, app, &c, "complaint-assigned", None).await?;
        }
        _ => {}
    }
    tx.commit().await?;
    Ok(())
}

/// Queues the notice `kind` (`mail-<kind>-subject/body`) to the complainant, if there is
/// an address to send it to; `extra` is a link or a text the message carries.
pub(crate) async fn notify_complainant(
    tx: &mut Tx,
    app: &App,
    c: &ComplaintRow,
    kind: &'static str,
    extra: Option<&str>,
) -> Result<(), AppError> {
    let text = extra.map(str::to_owned);
    notify_complainant_in(tx, app, c, kind, &|_| text.clone()).await
}

/// The same, with a text that depends on the recipient's language.
pub(crate) async fn notify_complainant_in(
    tx: &mut Tx,
    app: &App,
    c: &ComplaintRow,
    kind: &'static str,
    extra: &(dyn Fn(Lang) -> Option<String> + Sync),
) -> Result<(), AppError> {
    let account = match c.complainant_id {
        Some(id) => gerbang_store::accounts::user_by_id(&mut *tx, id).await?,
        None => None,
    };
    let to = match (&account, &c.contact_email) {
        (Some(u), _) => Recipient::from(u),
        (None, Some(email)) => Recipient {
            email: email.clone(),
            name: c.contact_name.clone().unwrap_or_default(),
            lang: Lang::Id,
        },
        (None, None) => return Ok(()),
    };
    let state_label = crate::i18n::t(to.lang, &format!("complaint-state-{}", c.state));
    let mut message = Message::new(kind)
        .arg("reference", c.reference.clone())
        .arg("state", state_label)
        .arg(
            "link",
            format!("{}/complaints/{}", app.config.public_url, c.reference),
        )
        .arg("extra", extra(to.lang).unwrap_or_default());
    if kind == "complaint-filed" {
        message = message.arg("followlink", extra(to.lang).unwrap_or_default());
    }
    queue(tx, &app.config, &to, &message).await
}

/// Tells the supervisors and coordinating admins of `target` that a complaint passed its
/// deadline and is now theirs to watch, and the complainant that it went up.
pub(crate) async fn notify_escalation(
    tx: &mut Tx,
    app: &App,
    c: &ComplaintRow,
    target: &AgencyRow,
    went_up: bool,
) -> Result<(), AppError> {
    let mut sent = Vec::new();
    for role in [StaffRole::Supervisor, StaffRole::AgencyAdmin] {
        for u in gerbang_store::accounts::holders_of(&mut *tx, target.id, role.as_str()).await? {
            if sent.contains(&u.id) || Some(u.id) == c.complainant_id {
                continue;
            }
            sent.push(u.id);
            let to = Recipient::from(&u);
            let message = Message::new("complaint-escalated-staff")
                .arg("reference", c.reference.clone())
                .arg("agency", target.name(to.lang).to_owned())
                .arg(
                    "link",
                    format!(
                        "{}/backoffice/complaints/{}",
                        app.config.public_url, c.reference
                    ),
                );
            queue(tx, &app.config, &to, &message).await?;
        }
    }
    if went_up {
        let name = |lang: Lang| Some(target.name(lang).to_owned());
        notify_complainant_in(tx, app, c, "complaint-escalated", &name).await?;
    }
    Ok(())
}

/// Fetches a photo of a complaint the viewer may read in full.
pub async fn photo(
    app: &App,
    user: Option<&SessionUser>,
    reference: &str,
    key: Option<&str>,
    photo_id: i64,
) -> Result<(PhotoRow, Bytes), AppError> {
    let Some(c) = store::by_reference(&app.db, reference).await? else {
        return Err(AppError::NOT_FOUND);
    };
    let chain = handling(Conn::Pool(&app.db), &c).await?;
    let res = Resource::Complaint(facts(&c, &chain, key_matches(&c, key)));
    // Photos are never public: without the key or an account that may read it in full,
    // there is nothing here.
    if !allows(user, Action::ReadComplaint, res) {
        return Err(AppError::NOT_FOUND);
    }
    let Some(p) = store::photos(&app.db, c.id)
        .await?
        .into_iter()
        .find(|p| p.id == photo_id)
    else {
        return Err(AppError::NOT_FOUND);
    };
    let bytes = files::get(&app.files, &p.storage_key).await?;
    Ok((p, bytes))
}

/// Rows per page of a list.
pub const PAGE: i64 = 50;

/// The public list: no personal data (the web hides private titles).
pub async fn public_list(app: &App, mut f: ListFilter) -> Result<Vec<ListRow>, AppError> {
    f.handled_by = None;
    f.complainant_id = None;
    f.limit = f.limit.clamp(1, PAGE);
    Ok(store::list(&app.db, &f).await?)
}

/// One's own complaints.
pub async fn mine(app: &App, user: &SessionUser) -> Result<Vec<ListRow>, AppError> {
    let f = ListFilter {
        complainant_id: Some(user.id),
        limit: 200,
        ..ListFilter::default()
    };
    Ok(store::list(&app.db, &f).await?)
}

/// The complaints `agency` handles, earliest deadline first, for its staff.
pub async fn inbox(
    app: &App,
    user: &SessionUser,
    agency: &AgencyRow,
    open_only: bool,
) -> Result<Vec<ListRow>, AppError> {
    check(
        Some(user),
        Action::ViewComplaints,
        Resource::Agency(agency.id),
    )?;
    let f = ListFilter {
        handled_by: Some(agency.id),
        open_only,
        limit: 500,
        ..ListFilter::default()
    };
    Ok(store::list(&app.db, &f).await?)
}

/// An agency's published complaint figures (today where it works).
pub async fn figures(app: &App, agency: &AgencyRow) -> Result<store::Figures, AppError> {
    let today = agency.zone().date(app.clock.now());
    Ok(store::figures(&app.db, agency.id, today).await?)
}
