//! Open311 GeoReport v2 (<https://wiki.open311.org/GeoReport_v2>) over the complaints, so
//! that existing civic apps can file and follow reports.
//!
//! The mapping:
//! - `jurisdiction_id` is an agency's slug; without one, every agency answers;
//! - a *service* is one complaint category of one agency, `service_code` =
//!   `<agency>.<category>`; its definition's attributes are the kind, a subject and the
//!   confidential and private choices of the web form;
//! - a *service request* is a complaint, `service_request_id` its reference (also the
//!   `token` of the spec's token flow: the id is known at once);
//! - `open` is any state that is not final, `closed` is closed, rejected or merged;
//! - POST needs an `api_key`: a Gerbang API token with the `applications:submit` scope of
//!   the civic app's account. The person reporting is the contact given (email, phone,
//!   names), who receives the follow-up link like any anonymous complainant.
//!
//! Nothing personal ever leaves: no contact, no account; a private complaint shows no
//! description, notes or place, and a confidential one no place either.

use std::collections::BTreeMap;

use gerbang_domain::complaints::{Kind, State};
use gerbang_domain::i18n::Lang;
use gerbang_domain::reference::Reference;
use gerbang_store::catalog::AgencyRow;
use gerbang_store::complaints::{self as store, ComplaintRow};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use super::service::{self, Filing};
use crate::App;
use crate::accounts::service::Meta;
use crate::authz::{Action, Resource, check};
use crate::error::AppError;

/// An answer in the spec's error format (`[{code, description}]`), with its HTTP status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Open311Error {
    pub code: u16,
    pub description: String,
}

impl Open311Error {
    fn new(code: u16, description: impl Into<String>) -> Open311Error {
        Open311Error {
            code,
            description: description.into(),
        }
    }
}

type Answer<T> = Result<T, Open311Error>;

/// Maps an operation's error to the spec's: 400 for bad input (every reason, in
/// `lang`), 403, 404, 429; anything else is the caller's to log (500).
fn refusal(e: AppError, lang: Lang) -> Result<Open311Error, AppError> {
    match e {
        AppError::Invalid(problems) => Ok(Open311Error::new(
            400,
            problems
                .iter()
                .map(|p| format!("{}: {}", p.field, p.message(lang)))
                .collect::<Vec<_>>()
                .join("; "),
        )),
        AppError::Throttled(m) => Ok(Open311Error::new(
            429,
            format!("too many reports from this key; try again in {m} minutes"),
        )),
        e if e.kind() == crate::ErrorKind::NotFound => {
            Ok(Open311Error::new(404, "no such service request"))
        }
        e if matches!(
            e.kind(),
            crate::ErrorKind::Forbidden
                | crate::ErrorKind::InsufficientScope
                | crate::ErrorKind::Unauthorized
        ) =>
        {
            Ok(Open311Error::new(403, "the api_key may not file reports"))
        }
        e => Err(e),
    }
}

/// Where the endpoint is and what it speaks.
#[derive(Debug, Serialize)]
pub struct Discovery {
    pub changeset: String,
    pub contact: String,
    pub key_service: String,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Serialize)]
pub struct Endpoint {
    pub specification: &'static str,
    pub url: String,
    pub changeset: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub formats: Vec<&'static str>,
}

/// The spec's service discovery.
pub fn discovery(app: &App) -> Discovery {
    let changeset = CHANGESET.to_owned();
    Discovery {
        changeset: changeset.clone(),
        contact: format!("{}/help", app.config.public_url),
        key_service: format!(
            "{}/account/tokens (an API token with the applications:submit scope)",
            app.config.public_url
        ),
        endpoints: vec![Endpoint {
            specification: "http://wiki.open311.org/GeoReport_v2",
            url: format!("{}/open311/v2", app.config.public_url),
            changeset,
            kind: "production",
            formats: vec!["text/xml", "application/json"],
        }],
    }
}

/// When this endpoint's interface last changed.
pub const CHANGESET: &str = "2026-12-03T00:00:00Z";

/// One service: a complaint category of an agency.
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub metadata: bool,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub keywords: String,
    pub group: String,
}

fn agencies_of(
    catalogue: &crate::catalog::cache::Catalogue,
    jurisdiction: Option<&str>,
) -> Answer<Vec<AgencyRow>> {
    match jurisdiction.filter(|j| !j.is_empty()) {
        Some(j) => catalogue.agency(j).map(|a| vec![a.clone()]).ok_or_else(|| {
            Open311Error::new(404, format!("jurisdiction_id {j:?} is not known here"))
        }),
        None => Ok(catalogue.agencies.clone()),
    }
}

/// `GET services`: every category of the jurisdiction's agency (or of every agency).
pub async fn services(
    app: &App,
    jurisdiction: Option<&str>,
    lang: Lang,
) -> Result<Answer<Vec<Service>>, AppError> {
    let catalogue = app.catalogue().await?;
    let agencies = match agencies_of(&catalogue, jurisdiction) {
        Ok(a) => a,
        Err(e) => return Ok(Err(e)),
    };
    let mut out = Vec::new();
    for a in agencies {
        let Ok(def) = a.definition() else { continue };
        for c in def.categories() {
            out.push(Service {
                service_code: format!("{}.{}", a.slug, c.code),
                service_name: c.name.get(lang).to_owned(),
                description: c.description.get(lang).to_owned(),
                metadata: true,
                kind: "realtime",
                keywords: c
                    .kinds
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                group: a.name(lang).to_owned(),
            });
        }
    }
    Ok(Ok(out))
}

/// A service's definition: the attributes a report may carry.
#[derive(Debug, Serialize)]
pub struct Definition {
    pub service_code: String,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Serialize)]
pub struct Attribute {
    pub variable: bool,
    pub code: &'static str,
    pub datatype: &'static str,
    pub required: bool,
    pub datatype_description: String,
    pub order: u32,
    pub description: String,
    pub values: Vec<AttributeValue>,
}

#[derive(Debug, Serialize)]
pub struct AttributeValue {
    pub key: String,
    pub name: String,
}

/// Splits `<agency>.<category>` and finds both.
fn find_service(
    catalogue: &crate::catalog::cache::Catalogue,
    code: &str,
    jurisdiction: Option<&str>,
) -> Answer<(AgencyRow, gerbang_domain::complaints::Category)> {
    let unknown = || Open311Error::new(404, format!("service_code {code:?} is not known here"));
    let (agency, category) = code.split_once('.').ok_or_else(unknown)?;
    if let Some(j) = jurisdiction.filter(|j| !j.is_empty())
        && j != agency
    {
        return Err(Open311Error::new(
            400,
            format!("service_code {code:?} is not a service of jurisdiction_id {j:?}"),
        ));
    }
    let a = catalogue.agency(agency).ok_or_else(unknown)?;
    let c = a
        .definition()
        .ok()
        .and_then(|d| d.categories().into_iter().find(|c| c.code == category))
        .ok_or_else(unknown)?;
    Ok((a.clone(), c))
}

fn yes_no(lang: Lang) -> Vec<AttributeValue> {
    let (yes, no) = match lang {
        Lang::En => ("Yes", "No"),
        Lang::Id => ("Ya", "Tidak"),
    };
    vec![
        AttributeValue {
            key: "true".into(),
            name: yes.into(),
        },
        AttributeValue {
            key: "false".into(),
            name: no.into(),
        },
    ]
}

/// `GET services/{code}`.
pub async fn definition(
    app: &App,
    code: &str,
    jurisdiction: Option<&str>,
    lang: Lang,
) -> Result<Answer<Definition>, AppError> {
    let catalogue = app.catalogue().await?;
    let (_, category) = match find_service(&catalogue, code, jurisdiction) {
        Ok(found) => found,
        Err(e) => return Ok(Err(e)),
    };
    let t = |id: &str| crate::i18n::t(lang, id);
    let attributes = vec![
        Attribute {
            variable: true,
            code: "kind",
            datatype: "singlevaluelist",
            required: false,
            datatype_description: String::new(),
            order: 1,
            description: t("complaint-kind"),
            values: category
                .kinds
                .iter()
                .map(|k| AttributeValue {
                    key: k.as_str().to_owned(),
                    name: t(&format!("complaint-kind-{}", k.as_str())),
                })
                .collect(),
        },
        Attribute {
            variable: true,
            code: "title",
            datatype: "string",
            required: false,
            datatype_description: format!(
                "at most {} characters; the start of the description when absent",
                gerbang_domain::complaints::MAX_TITLE
            ),
            order: 2,
            description: t("complaint-title-label"),
            values: Vec::new(),
        },
        Attribute {
            variable: true,
            code: "confidential",
            datatype: "singlevaluelist",
            required: false,
            datatype_description: String::new(),
            order: 3,
            description: t("complaint-confidential-hint"),
            values: yes_no(lang),
        },
        Attribute {
            variable: true,
            code: "private",
            datatype: "singlevaluelist",
            required: false,
            datatype_description: String::new(),
            order: 4,
            description: t("complaint-private-hint"),
            values: yes_no(lang),
        },
    ];
    Ok(Ok(Definition {
        service_code: code.to_owned(),
        attributes,
    }))
}

/// The answer to a POST (and to `tokens/{token}`).
#[derive(Debug, Serialize)]
pub struct Posted {
    pub service_request_id: String,
    pub token: String,
    pub service_notice: String,
    pub account_id: Option<String>,
}

/// Rates allowed per API key and hour.
pub const PER_KEY_PER_HOUR: i64 = 200;

/// `POST requests`: files a report from the spec's form parameters.
pub async fn post(
    app: &App,
    params: &BTreeMap<String, String>,
    meta: &Meta,
    lang: Lang,
) -> Result<Answer<Vec<Posted>>, AppError> {
    let get = |k: &str| params.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let Some(key) = get("api_key") else {
        return Ok(Err(Open311Error::new(403, "api_key is required")));
    };
    let (user, token_id) = match crate::accounts::tokens::resolve(app, key).await? {
        Ok(found) => found,
        Err(_) => return Ok(Err(Open311Error::new(403, "the api_key is not valid"))),
    };
    // Filing for someone is submitting on the platform: the decision weighs the token's
    // scopes too (applications:submit).
    if let Err(e) = check(Some(&user), Action::Apply, Resource::Platform) {
        return refusal(e, lang).map(Err);
    }
    let Some(code) = get("service_code") else {
        return Ok(Err(Open311Error::new(400, "service_code is required")));
    };
    let catalogue = app.catalogue().await?;
    let (agency, category) = match find_service(&catalogue, code, get("jurisdiction_id")) {
        Ok(found) => found,
        Err(e) => return Ok(Err(e)),
    };
    let has_point = get("lat").is_some() && get("long").is_some();
    if !has_point && get("address_string").is_none() {
        return Ok(Err(Open311Error::new(
            400,
            "a location is required: lat and long, or address_string",
        )));
    }
    let description = get("description").unwrap_or_default().to_owned();
    let title = get("attribute[title]").map_or_else(
        || {
            let words: String = description.chars().take(80).collect();
            if words.is_empty() {
                category.name.get(lang).to_owned()
            } else {
                words
            }
        },
        str::to_owned,
    );
    let kind = get("attribute[kind]")
        .map(str::to_owned)
        .or_else(|| category.kinds.first().map(|k| k.as_str().to_owned()))
        .unwrap_or_else(|| Kind::Report.as_str().to_owned());
    let name = [get("first_name"), get("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let filing = Filing {
        agency: agency.slug.clone(),
        category: category.code.clone(),
        kind,
        title,
        description,
        contact_name: Some(name).filter(|n| !n.is_empty()),
        contact_email: get("email").map(str::to_owned),
        contact_phone: get("phone").map(str::to_owned),
        confidential: get("attribute[confidential]") == Some("true"),
        private: get("attribute[private]") == Some("true"),
        latitude: get("lat").map(str::to_owned),
        longitude: get("long").map(str::to_owned),
        address: get("address_string").map(str::to_owned),
        channel: "open311",
        app_token: Some(token_id),
        ..Filing::default()
    };
    let mut meta = meta.clone();
    meta.actor_id = Some(user.id);
    meta.actor = format!("{} (open311)", user.email);
    match service::file(app, None, filing, &meta).await {
        Ok(filed) => Ok(Ok(vec![Posted {
            service_notice: notice(filed.due_date, lang),
            token: filed.reference.clone(),
            service_request_id: filed.reference,
            account_id: None,
        }])),
        Err(e) => refusal(e, lang).map(Err),
    }
}

fn notice(due: Option<time::Date>, lang: Lang) -> String {
    match (due, lang) {
        (Some(d), Lang::En) => format!("To be verified by {}.", lang.long_date(d)),
        (Some(d), Lang::Id) => format!("Diverifikasi paling lambat {}.", lang.long_date(d)),
        (None, _) => String::new(),
    }
}

/// A service request as published.
#[derive(Debug, Serialize)]
pub struct Request {
    pub service_request_id: String,
    pub status: &'static str,
    pub status_notes: Option<String>,
    pub service_name: String,
    pub service_code: String,
    pub description: Option<String>,
    pub agency_responsible: String,
    pub service_notice: String,
    pub requested_datetime: String,
    pub updated_datetime: String,
    pub expected_datetime: Option<String>,
    pub address: Option<String>,
    pub address_id: Option<String>,
    pub zipcode: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub media_url: Option<String>,
}

/// The filters of `GET requests`.
#[derive(Debug, Default, Clone)]
pub struct Query {
    pub jurisdiction_id: Option<String>,
    pub service_request_id: Option<String>,
    pub service_code: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub status: Option<String>,
}

/// Most requests one answer lists.
pub const MAX_REQUESTS: i64 = 1000;

fn parse_time(name: &str, v: Option<&str>) -> Answer<Option<OffsetDateTime>> {
    match v.filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => OffsetDateTime::parse(v, &Rfc3339).map(Some).map_err(|_| {
            Open311Error::new(
                400,
                format!("{name} must be a W3C date-time like 2026-12-01T00:00:00Z"),
            )
        }),
    }
}

fn list(v: Option<&str>) -> Vec<String> {
    v.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `GET requests`: by ids (which overrides the rest), or by service, dates (at most 90
/// days, the last 90 by default) and status.
pub async fn requests(app: &App, q: &Query, lang: Lang) -> Result<Answer<Vec<Request>>, AppError> {
    let catalogue = app.catalogue().await?;
    let agencies = match agencies_of(&catalogue, q.jurisdiction_id.as_deref()) {
        Ok(a) => a,
        Err(e) => return Ok(Err(e)),
    };
    let ids = list(q.service_request_id.as_deref());
    let rows: Vec<ComplaintRow> = if ids.is_empty() {
        let (start, end) = match (
            parse_time("start_date", q.start_date.as_deref()),
            parse_time("end_date", q.end_date.as_deref()),
        ) {
            (Ok(s), Ok(e)) => (s, e),
            (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
        };
        let end = end.unwrap_or_else(|| app.clock.now());
        let start = start.unwrap_or(end - Duration::days(90));
        if end - start > Duration::days(90) || end < start {
            return Ok(Err(Open311Error::new(
                400,
                "start_date and end_date may span at most 90 days",
            )));
        }
        let statuses = list(q.status.as_deref());
        if statuses.iter().any(|s| s != "open" && s != "closed") {
            return Ok(Err(Open311Error::new(400, "status is open or closed")));
        }
        let codes = list(q.service_code.as_deref());
        let agency = (agencies.len() == 1).then(|| agencies[0].id);
        store::created_between(&app.db, agency, start, end, MAX_REQUESTS)
            .await?
            .into_iter()
            .filter(|c| {
                let code = agencies
                    .iter()
                    .find(|a| a.id == c.agency_id)
                    .map(|a| format!("{}.{}", a.slug, c.category));
                (codes.is_empty() || code.is_some_and(|code| codes.contains(&code)))
                    && (statuses.is_empty()
                        || statuses.iter().any(|s| s.as_str() == status_of(&c.state)))
            })
            .collect()
    } else {
        let mut rows = Vec::new();
        for id in ids.iter().take(100) {
            if let Ok(r) = Reference::parse(id)
                && let Some(c) = store::by_reference(&app.db, &r.to_string()).await?
                && agencies.iter().any(|a| a.id == c.agency_id)
            {
                rows.push(c);
            }
        }
        rows
    };
    let notes =
        store::public_notes(&app.db, &rows.iter().map(|c| c.id).collect::<Vec<_>>()).await?;
    Ok(Ok(rows
        .into_iter()
        .filter_map(|c| {
            let agency = catalogue.agencies.iter().find(|a| a.id == c.agency_id)?;
            let note = notes.get(&c.id).cloned();
            Some(publish(&c, agency, note, lang))
        })
        .collect()))
}

/// `GET requests/{id}`: a list of one (the spec's shape), or 404.
pub async fn request(
    app: &App,
    id: &str,
    jurisdiction: Option<&str>,
    lang: Lang,
) -> Result<Answer<Vec<Request>>, AppError> {
    let q = Query {
        jurisdiction_id: jurisdiction.map(str::to_owned),
        service_request_id: Some(id.to_owned()),
        ..Query::default()
    };
    Ok(match requests(app, &q, lang).await? {
        Ok(found) if found.is_empty() => Err(Open311Error::new(
            404,
            format!("service_request_id {id:?} is not known here"),
        )),
        other => other,
    })
}

/// `GET tokens/{token}`: the token is the reference itself.
pub async fn token(app: &App, token: &str, lang: Lang) -> Result<Answer<Vec<Posted>>, AppError> {
    Ok(match request(app, token, None, lang).await? {
        Ok(found) => Ok(found
            .into_iter()
            .map(|r| Posted {
                token: r.service_request_id.clone(),
                service_request_id: r.service_request_id,
                service_notice: r.service_notice,
                account_id: None,
            })
            .collect()),
        Err(e) => Err(e),
    })
}

fn status_of(state: &str) -> &'static str {
    if State::parse(state).is_some_and(State::is_final) {
        "closed"
    } else {
        "open"
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// What Open311 shows of a complaint: nothing personal.
fn publish(c: &ComplaintRow, agency: &AgencyRow, note: Option<String>, lang: Lang) -> Request {
    let place_shown = !c.private && !c.confidential;
    let zone = agency.zone();
    Request {
        service_request_id: c.reference.clone(),
        status: status_of(&c.state),
        status_notes: if c.private { None } else { note },
        service_name: service::category_name(agency, &c.category, lang),
        service_code: format!("{}.{}", agency.slug, c.category),
        description: (!c.private).then(|| c.description.clone()),
        agency_responsible: agency.name(lang).to_owned(),
        service_notice: crate::i18n::t(lang, &format!("complaint-state-{}", c.state)),
        requested_datetime: rfc3339(c.created_at.to_offset(zone.offset())),
        updated_datetime: rfc3339(c.updated_at.to_offset(zone.offset())),
        expected_datetime: c.due_date.and_then(|d| {
            let end = d.next_day()?.midnight().assume_offset(zone.offset());
            Some(rfc3339(end))
        }),
        address: c.address.clone().filter(|_| place_shown),
        address_id: None,
        zipcode: None,
        lat: c.latitude.filter(|_| place_shown),
        long: c.longitude.filter(|_| place_shown),
        media_url: None,
    }
}
