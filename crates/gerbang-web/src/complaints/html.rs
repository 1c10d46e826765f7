//! The public complaint pages: the list, filing, the tracking page (and what the
//! complainant does there), photos, and one's own complaints.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_app::complaints::service::{self, Act, Filing, Photo, View};
use gerbang_domain::complaints::{Kind, MAX_PHOTOS, State as ComplaintState, Step};
use gerbang_store::catalog::AgencyRow;
use gerbang_store::complaints::ListFilter;
use serde::Deserialize;

use super::{EventView, Line, events, lines};
use crate::AppState;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::{CsrfForm, FormErrors, read_multipart};
use crate::http::pages::{SignedIn, meta, render, translate};

/// The file inputs of the form: one per photo.
pub const PHOTO_FIELDS: [&str; MAX_PHOTOS] = ["photo_1", "photo_2", "photo_3"];

/// Filters of the public list.
#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub page: Option<i64>,
}

#[derive(Template)]
#[template(path = "complaints/list.html")]
struct ListPage {
    ctx: RequestCtx,
    link_base: &'static str,
    lines: Vec<Line>,
    agencies: Vec<AgencyRow>,
    categories: Vec<(String, String)>,
    states: Vec<(String, String)>,
    q: ListQuery,
    page: i64,
    more: bool,
}

fn state_options(ctx: &RequestCtx) -> Vec<(String, String)> {
    ComplaintState::ALL
        .iter()
        .map(|s| {
            (
                s.as_str().to_owned(),
                ctx.t(&format!("complaint-state-{}", s.as_str())),
            )
        })
        .collect()
}

fn category_options(ctx: &RequestCtx, agency: Option<&AgencyRow>) -> Vec<(String, String)> {
    agency
        .and_then(|a| a.definition().ok())
        .map(|d| {
            d.categories()
                .into_iter()
                .map(|c| (c.code.clone(), c.name.get(ctx.lang).to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// `GET /complaints`: every complaint, newest first, without personal data.
pub async fn list(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let catalogue = state.catalogue().await?;
    let agency = catalogue.agency(&q.agency).cloned();
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let state_ok = ComplaintState::parse(&q.state).is_some();
    let rows = service::public_list(
        &state,
        ListFilter {
            agency_id: agency.as_ref().map(|a| a.id),
            category: Some(q.category.clone()).filter(|c| !c.is_empty()),
            state: state_ok.then(|| q.state.clone()),
            limit: service::PAGE + 1,
            offset: (page - 1) * service::PAGE,
            ..ListFilter::default()
        },
    )
    .await?;
    let more = i64::try_from(rows.len()).unwrap_or(i64::MAX) > service::PAGE;
    let today = gerbang_app::applications::service::platform_today(&state);
    let mut lines = lines(&ctx, rows, &catalogue.agencies, today, true);
    lines.truncate(usize::try_from(service::PAGE).unwrap_or(50));
    let page = ListPage {
        link_base: "/complaints/",
        categories: category_options(&ctx, agency.as_ref()),
        states: state_options(&ctx),
        agencies: catalogue.agencies.clone(),
        lines,
        ctx,
        q,
        page,
        more,
    };
    render(&page)
}

/// `?agency=` on the filing form.
#[derive(Debug, Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub application: String,
}

/// What the filing form shows again after an error.
#[derive(Debug, Default, Clone)]
pub struct Typed {
    pub kind: String,
    pub category: String,
    pub title: String,
    pub description: String,
    pub application: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub confidential: bool,
    pub private: bool,
    pub latitude: String,
    pub longitude: String,
    pub address: String,
}

#[derive(Template)]
#[template(path = "complaints/new.html")]
struct NewPage {
    ctx: RequestCtx,
    agencies: Vec<AgencyRow>,
    agency: Option<AgencyRow>,
    /// (code, name, description, kinds it takes)
    categories: Vec<(String, String, String)>,
    kinds: Vec<(String, String)>,
    typed: Typed,
    errors: FormErrors,
    photo_fields: [&'static str; MAX_PHOTOS],
}

fn kind_options(ctx: &RequestCtx) -> Vec<(String, String)> {
    Kind::ALL
        .iter()
        .map(|k| {
            (
                k.as_str().to_owned(),
                ctx.t(&format!("complaint-kind-{}", k.as_str())),
            )
        })
        .collect()
}

async fn new_page(
    state: &AppState,
    ctx: RequestCtx,
    agency_slug: &str,
    typed: Typed,
    errors: FormErrors,
) -> Result<NewPage, WebError> {
    let catalogue = state.catalogue().await?;
    let agency = catalogue.agency(agency_slug).cloned();
    let categories = agency
        .as_ref()
        .and_then(|a| a.definition().ok())
        .map(|d| {
            d.categories()
                .into_iter()
                .map(|c| {
                    (
                        c.code.clone(),
                        c.name.get(ctx.lang).to_owned(),
                        c.description.get(ctx.lang).to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(NewPage {
        agencies: catalogue.agencies.clone(),
        agency,
        categories,
        kinds: kind_options(&ctx),
        typed,
        errors,
        photo_fields: PHOTO_FIELDS,
        ctx,
    })
}

/// `GET /complaints/new`: first the agency, then the form for it (no script needed).
pub async fn new_form(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Query(q): Query<NewQuery>,
) -> Result<Response, WebError> {
    let typed = Typed {
        kind: "complaint".into(),
        application: q.application.clone(),
        ..Typed::default()
    };
    render(&new_page(&state, ctx, &q.agency, typed, FormErrors::default()).await?)
}

fn checked(values: &std::collections::BTreeMap<String, String>, name: &str) -> bool {
    values.get(name).is_some_and(|v| v == "on")
}

/// `POST /complaints/new`: files it; the complainant lands on its tracking page.
pub async fn file(
    State(state): State<AppState>,
    ctx: RequestCtx,
    mp: Multipart,
) -> Result<Response, WebError> {
    let (values, parts) = read_multipart(&ctx, mp, &PHOTO_FIELDS).await?;
    let v = |k: &str| values.get(k).cloned().unwrap_or_default();
    let typed = Typed {
        kind: v("kind"),
        category: v("category"),
        title: v("title"),
        description: v("description"),
        application: v("application"),
        contact_name: v("contact_name"),
        contact_email: v("contact_email"),
        contact_phone: v("contact_phone"),
        confidential: checked(&values, "confidential"),
        private: checked(&values, "private"),
        latitude: v("latitude"),
        longitude: v("longitude"),
        address: v("address"),
    };
    let agency = v("agency");
    let opt = |s: &str| Some(s.to_owned()).filter(|s| !s.trim().is_empty());
    let filing = Filing {
        agency: agency.clone(),
        category: typed.category.clone(),
        kind: typed.kind.clone(),
        title: typed.title.clone(),
        description: typed.description.clone(),
        application: opt(&typed.application),
        contact_name: opt(&typed.contact_name),
        contact_email: opt(&typed.contact_email),
        contact_phone: opt(&typed.contact_phone),
        confidential: typed.confidential,
        private: typed.private,
        latitude: opt(&typed.latitude),
        longitude: opt(&typed.longitude),
        address: opt(&typed.address),
        photos: parts
            .into_iter()
            .map(|p| Photo {
                filename: p.filename,
                bytes: p.bytes,
            })
            .collect(),
        channel: "web",
        honeypot: opt(&v("website")),
        app_token: None,
    };
    let user = ctx.user.clone();
    match service::file(&state, user.as_deref(), filing, &meta(&ctx)).await {
        Ok(done) => {
            let to = if user.is_some() {
                format!("/complaints/{}?done=filed", done.reference)
            } else {
                format!(
                    "/complaints/{}?key={}&done=filed",
                    done.reference, done.follow_key
                )
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let page = new_page(&state, ctx, &agency, typed, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `?key=` (an anonymous complainant's follow-up key) and `?done=`.
#[derive(Debug, Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub done: Option<String>,
}

/// A complaint page's content, for the public page and the staff page alike.
pub(crate) struct ShowPage {
    pub ctx: RequestCtx,
    pub view: View,
    pub kind: String,
    pub state: String,
    pub category: String,
    pub events: Vec<EventView>,
    pub key: String,
    pub notice: Option<String>,
    pub errors: FormErrors,
    /// The link that lets an anonymous complainant come back, shown once after filing.
    pub follow_link: Option<String>,
    pub may_reply: bool,
    pub may_close: bool,
    pub may_reopen: bool,
    pub escalated_names: Vec<String>,
    /// When it was filed, written out.
    pub filed: String,
    /// How it was filed (web, API, Open311, SMS).
    pub channel: String,
    /// Where the complainant answers the satisfaction survey, once it is closed.
    pub survey: Option<String>,
}

pub(crate) async fn show_page(
    state: &AppState,
    ctx: RequestCtx,
    reference: &str,
    key: Option<&str>,
    done: Option<&str>,
    errors: FormErrors,
) -> Result<ShowPage, WebError> {
    let view = service::open(state, ctx.user.as_deref(), reference, key, &meta(&ctx)).await?;
    let catalogue = state.catalogue().await?;
    let events = events(&ctx, &view, &catalogue.agencies);
    let follow_link = match (done, key) {
        (Some("filed"), Some(k)) if view.is_complainant => Some(format!(
            "{}/complaints/{}?key={k}",
            state.config.public_url, view.complaint.reference
        )),
        _ => None,
    };
    let survey = gerbang_app::satisfaction::invites_complainant(state, &view)
        .await?
        .then(|| {
            let mut link = format!("/complaints/{}/survey", view.complaint.reference);
            if let Some(k) = key {
                link.push_str("?key=");
                link.push_str(k);
            }
            link
        });
    Ok(ShowPage {
        survey,
        kind: ctx.t(&format!("complaint-kind-{}", view.complaint.kind)),
        state: ctx.t(&format!("complaint-state-{}", view.complaint.state)),
        category: view.category_name(ctx.lang),
        events,
        key: key.unwrap_or_default().to_owned(),
        notice: done
            .filter(|d| d.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .map(|d| ctx.t(&format!("complaint-done-{d}"))),
        errors,
        follow_link,
        may_reply: view.steps.contains(&Step::Reply),
        may_close: view.steps.contains(&Step::Close),
        may_reopen: view.steps.contains(&Step::Reopen),
        filed: crate::http::pages::when(ctx.lang, view.complaint.created_at),
        channel: ctx.t(&format!("complaint-channel-{}", view.complaint.channel)),
        escalated_names: view
            .escalated_to
            .iter()
            .map(|a| a.name(ctx.lang).to_owned())
            .collect(),
        view,
        ctx,
    })
}

#[derive(Template)]
#[template(path = "complaints/show.html")]
struct PublicShow {
    ctx: RequestCtx,
    errors: FormErrors,
    page: ShowPage,
}

impl From<ShowPage> for PublicShow {
    fn from(page: ShowPage) -> Self {
        PublicShow {
            ctx: page.ctx.clone(),
            errors: page.errors.clone(),
            page,
        }
    }
}

/// `GET /complaints/{reference}`: its public part for anyone; all of it for the
/// complainant (by account or key) and the staff handling it.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(reference): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, WebError> {
    let page = show_page(
        &state,
        ctx,
        &reference,
        q.key.as_deref(),
        q.done.as_deref(),
        FormErrors::default(),
    )
    .await?;
    let mut resp = render(&PublicShow::from(page))?;
    if q.key.is_some() {
        // The key is in this page's address: never pass it on.
        resp.headers_mut().insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
    }
    Ok(resp)
}

/// A step taken from a form.
#[derive(Debug, Deserialize, Default)]
pub struct ActForm {
    pub step: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub public: Option<String>,
    #[serde(default)]
    pub rating: String,
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub into: String,
    #[serde(default)]
    pub key: String,
}

impl ActForm {
    /// The operation's input; `None` for an unknown step (400).
    pub fn act(&self) -> Option<Act> {
        let rating = || self.rating.trim().parse::<i64>().ok();
        Some(match self.step.as_str() {
            "verify" => Act::Verify,
            "assign" => Act::Assign {
                agency: self.agency.clone(),
            },
            "reject" => Act::Reject {
                reason: self.reason.clone(),
            },
            "merge" => Act::Merge {
                into: self.into.clone(),
            },
            "answer" => Act::Answer {
                text: self.text.clone(),
                public: self.public.as_deref() == Some("on"),
            },
            "reply" => Act::Reply {
                text: self.text.clone(),
            },
            "close" => Act::Close {
                rating: if self.rating.trim().is_empty() {
                    None
                } else {
                    Some(rating().unwrap_or(0))
                },
            },
            "rate" => Act::Rate {
                rating: rating().unwrap_or(0),
            },
            "reopen" => Act::Reopen {
                reason: self.reason.clone(),
            },
            _ => return None,
        })
    }
}

/// `POST /complaints/{reference}/act`: what the complainant does (reply, close and rate,
/// reopen, rate).
pub async fn act(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(reference): Path<String>,
    CsrfForm(form): CsrfForm<ActForm>,
) -> Result<Response, WebError> {
    let Some(act) = form.act() else {
        return Err(AppError::Kind(gerbang_app::ErrorKind::BadRequest).into());
    };
    let key = Some(form.key.as_str()).filter(|k| !k.is_empty());
    match service::act(
        &state,
        ctx.user.as_deref(),
        &reference,
        key,
        act,
        &meta(&ctx),
    )
    .await
    {
        Ok(()) => {
            let mut to = format!("/complaints/{reference}?done={}", form.step);
            if let Some(k) = key {
                to.push_str("&key=");
                to.push_str(k);
            }
            Ok(Redirect::to(&to).into_response())
        }
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let page = show_page(&state, ctx, &reference, key, None, errors).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&PublicShow::from(page))?,
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /complaints/{reference}/photos/{id}`: for the complainant and the staff handling it.
pub async fn photo(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path((reference, id)): Path<(String, i64)>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, WebError> {
    let (p, bytes) = service::photo(
        &state,
        ctx.user.as_deref(),
        &reference,
        q.key.as_deref(),
        id,
    )
    .await?;
    let content_type = HeaderValue::from_str(&p.content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "complaints/mine.html")]
struct MinePage {
    ctx: RequestCtx,
    link_base: &'static str,
    lines: Vec<Line>,
}

/// `GET /complaints/mine`: the signed-in person's own complaints.
pub async fn mine(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let rows = service::mine(&state, &user).await?;
    let catalogue = state.catalogue().await?;
    let today = gerbang_app::applications::service::platform_today(&state);
    let lines = lines(&ctx, rows, &catalogue.agencies, today, false);
    render(&MinePage {
        ctx,
        link_base: "/complaints/",
        lines,
    })
}
