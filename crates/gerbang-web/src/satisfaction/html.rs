//! `/applications/{ref}/survey`, `/complaints/{ref}/survey` and `/satisfaction`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_app::satisfaction::{
    self as service, Answers, MAX_COMMENT, Published, Subject, SubjectKind,
};
use gerbang_domain::satisfaction::{Element, MIN_PUBLISHED};
use gerbang_store::catalog::{AgencyRow, ServiceRow};
use gerbang_store::satisfaction::Scope;
use serde::Deserialize;

use super::category_label;
use crate::AppState;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::{CsrfForm, FormErrors};
use crate::http::pages::{SignedIn, meta, render, translate};

/// One question of the survey, ready to show.
pub struct Question {
    pub code: &'static str,
    pub number: usize,
    pub text: String,
    /// Value, label and the input's id (the first carries the question's, for the error
    /// summary's link).
    pub options: Vec<(u8, String, String)>,
    pub value: String,
}

fn questions(ctx: &RequestCtx, answers: &Answers) -> Vec<Question> {
    Element::ALL
        .iter()
        .enumerate()
        .map(|(i, e)| Question {
            code: e.code(),
            number: i + 1,
            text: ctx.t(&format!("ikm-question-{}", e.code())),
            options: (1..=4)
                .map(|v| {
                    let id = if v == 1 {
                        e.code().to_owned()
                    } else {
                        format!("{}-{v}", e.code())
                    };
                    (v, ctx.t(&format!("ikm-answer-{}-{v}", e.code())), id)
                })
                .collect(),
            value: answers.scores[i].clone(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "satisfaction/survey.html")]
struct SurveyPage {
    ctx: RequestCtx,
    errors: FormErrors,
    subject: Subject,
    title: String,
    /// Where the case or complaint is, and where the form posts.
    back: String,
    action: String,
    key: String,
    questions: Vec<Question>,
    comment: String,
    max_comment: usize,
    thanks: bool,
}

fn survey_page(
    ctx: RequestCtx,
    subject: Subject,
    key: Option<&str>,
    answers: &Answers,
    errors: FormErrors,
    thanks: bool,
) -> SurveyPage {
    let base = match subject.kind {
        SubjectKind::Application => format!("/applications/{}", subject.reference),
        SubjectKind::Complaint => format!("/complaints/{}", subject.reference),
    };
    let key_param = key.map(|k| format!("?key={k}")).unwrap_or_default();
    SurveyPage {
        title: ctx.pick(&subject.title_en, &subject.title_id).to_owned(),
        back: format!("{base}{key_param}"),
        action: format!("{base}/survey"),
        key: key.unwrap_or_default().to_owned(),
        questions: questions(&ctx, answers),
        comment: answers.comment.clone(),
        max_comment: MAX_COMMENT,
        thanks,
        subject,
        errors,
        ctx,
    }
}

/// `?key=` (a complaint's follow-up key) and `?done=1` after answering.
#[derive(Debug, Deserialize, Default)]
pub struct SurveyQuery {
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub done: Option<String>,
}

/// The survey form.
#[derive(Debug, Deserialize, Default)]
pub struct SurveyForm {
    #[serde(default)]
    pub u1: String,
    #[serde(default)]
    pub u2: String,
    #[serde(default)]
    pub u3: String,
    #[serde(default)]
    pub u4: String,
    #[serde(default)]
    pub u5: String,
    #[serde(default)]
    pub u6: String,
    #[serde(default)]
    pub u7: String,
    #[serde(default)]
    pub u8: String,
    #[serde(default)]
    pub u9: String,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub key: String,
}

impl SurveyForm {
    fn answers(&self) -> Answers {
        Answers {
            scores: [
                &self.u1, &self.u2, &self.u3, &self.u4, &self.u5, &self.u6, &self.u7, &self.u8,
                &self.u9,
            ]
            .map(Clone::clone),
            comment: self.comment.clone(),
        }
    }
}

fn no_referrer(mut resp: Response) -> Response {
    resp.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    resp
}

/// `GET /applications/{reference}/survey`: for the applicant once the case is decided.
pub async fn application_form(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
    Query(q): Query<SurveyQuery>,
) -> Result<Response, WebError> {
    let subject = service::of_application(&state, &user, &reference).await?;
    let thanks = q.done.is_some() && subject.answered;
    render(&survey_page(
        ctx,
        subject,
        None,
        &Answers::default(),
        FormErrors::default(),
        thanks,
    ))
}

/// `POST /applications/{reference}/survey`.
pub async fn answer_application(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
    CsrfForm(form): CsrfForm<SurveyForm>,
) -> Result<Response, WebError> {
    let subject = service::of_application(&state, &user, &reference).await?;
    answer(&state, ctx, subject, None, &form).await
}

/// `GET /complaints/{reference}/survey`: for the complainant once it is closed.
pub async fn complaint_form(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(reference): Path<String>,
    Query(q): Query<SurveyQuery>,
) -> Result<Response, WebError> {
    let key = q.key.as_deref().filter(|k| !k.is_empty());
    let subject = service::of_complaint(&state, ctx.user.as_deref(), &reference, key).await?;
    let thanks = q.done.is_some() && subject.answered;
    let page = survey_page(
        ctx,
        subject,
        key,
        &Answers::default(),
        FormErrors::default(),
        thanks,
    );
    Ok(no_referrer(render(&page)?))
}

/// `POST /complaints/{reference}/survey`.
pub async fn answer_complaint(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(reference): Path<String>,
    CsrfForm(form): CsrfForm<SurveyForm>,
) -> Result<Response, WebError> {
    let key = Some(form.key.as_str()).filter(|k| !k.is_empty());
    let subject = service::of_complaint(&state, ctx.user.as_deref(), &reference, key).await?;
    let key = key.map(str::to_owned);
    answer(&state, ctx, subject, key.as_deref(), &form).await
}

async fn answer(
    state: &AppState,
    ctx: RequestCtx,
    subject: Subject,
    key: Option<&str>,
    form: &SurveyForm,
) -> Result<Response, WebError> {
    let answers = form.answers();
    match service::answer(state, &subject, &answers, &meta(&ctx)).await {
        Ok(()) => {
            let base = match subject.kind {
                SubjectKind::Application => "applications",
                SubjectKind::Complaint => "complaints",
            };
            let mut to = format!("/{base}/{}/survey?done=1", subject.reference);
            if let Some(k) = key {
                to.push_str("&key=");
                to.push_str(k);
            }
            Ok(no_referrer(Redirect::to(&to).into_response()))
        }
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let page = survey_page(ctx, subject, key, &answers, errors, false);
            Ok(no_referrer(
                (StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response(),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// Which figures: an agency, one of its services, and a range of months (`YYYY-MM`).
#[derive(Debug, Deserialize, Default, Clone)]
pub struct IndexQuery {
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub service: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// `YYYY-MM` as the stored period `YYYY-MM-01`.
fn month(text: &str) -> Option<String> {
    let (y, m) = text.trim().split_once('-')?;
    let y: i32 = y.parse().ok()?;
    let m: u8 = m.parse().ok()?;
    ((2000..=2100).contains(&y) && (1..=12).contains(&m)).then(|| format!("{y:04}-{m:02}-01"))
}

/// What the query names: the scope, its agency and service, or the problems with it.
struct Resolved {
    scope: Scope,
    agency: Option<AgencyRow>,
    service: Option<ServiceRow>,
    errors: FormErrors,
    from: String,
    to: String,
}

async fn resolve(state: &AppState, ctx: &RequestCtx, q: &IndexQuery) -> Result<Resolved, WebError> {
    let catalogue = state.catalogue().await?;
    let service = match q.service.trim() {
        "" => None,
        slug => Some(
            catalogue
                .service(slug)
                .ok_or(AppError::NOT_FOUND)?
                .row
                .clone(),
        ),
    };
    let agency_slug = service
        .as_ref()
        .map_or(q.agency.trim(), |s| s.agency_slug.as_str());
    let agency = match agency_slug {
        "" => None,
        slug => Some(catalogue.agency(slug).ok_or(AppError::NOT_FOUND)?.clone()),
    };
    let (default_from, default_to) =
        service::last_twelve_months(gerbang_app::applications::service::platform_today(state));
    let mut errors = FormErrors::default();
    let mut pick = |field: &str, text: &str, default: String| -> String {
        if text.trim().is_empty() {
            return default;
        }
        month(text).unwrap_or_else(|| {
            errors.add(field, ctx.t("ikm-error-month"));
            default
        })
    };
    let from = pick("from", &q.from, default_from);
    let to = pick("to", &q.to, default_to);
    let (from, to) = if from > to {
        errors.add("from", ctx.t("ikm-error-range"));
        service::last_twelve_months(gerbang_app::applications::service::platform_today(state))
    } else {
        (from, to)
    };
    Ok(Resolved {
        scope: Scope {
            service_id: service.as_ref().map(|s| s.id),
            agency_id: agency.as_ref().map(|a| a.id),
            from: from.clone(),
            to: to.clone(),
        },
        agency,
        service,
        errors,
        from: shown(&q.from, &from),
        to: shown(&q.to, &to),
    })
}

/// What a month field shows: what was typed when it was refused, else the month used.
fn shown(typed: &str, used: &str) -> String {
    if !typed.trim().is_empty() && month(typed).is_none() {
        typed.trim().chars().take(20).collect()
    } else {
        used.chars().take(7).collect()
    }
}

/// One element's overall score, ready to show.
pub struct ElementLine {
    pub code: &'static str,
    pub name: String,
    pub score: String,
    pub weakest: bool,
}

/// One month, ready to show.
pub struct PeriodLine {
    pub month: String,
    pub respondents: i64,
    /// The index and category, when published.
    pub index: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "satisfaction/index.html")]
struct IndexPage {
    ctx: RequestCtx,
    errors: FormErrors,
    scope_name: String,
    agencies: Vec<AgencyRow>,
    services: Vec<ServiceRow>,
    agency: String,
    service: String,
    from: String,
    to: String,
    overall: Option<(String, String)>,
    respondents: i64,
    elements: Vec<ElementLine>,
    periods: Vec<PeriodLine>,
    weakest: Option<String>,
    csv_link: String,
    json_link: String,
    min_published: i64,
}

fn csv_link(q: &Resolved) -> String {
    let pairs = [
        ("agency", q.agency.as_ref().map_or("", |a| a.slug.as_str())),
        (
            "service",
            q.service.as_ref().map_or("", |s| s.slug.as_str()),
        ),
        ("from", q.from.as_str()),
        ("to", q.to.as_str()),
    ];
    let kept: Vec<_> = pairs.iter().filter(|(_, v)| !v.is_empty()).collect();
    let query = serde_urlencoded::to_string(kept).unwrap_or_default();
    format!("/satisfaction.csv?{query}")
}

/// `GET /satisfaction`: the index of the platform, an agency or a service, by month.
pub async fn index(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Query(q): Query<IndexQuery>,
) -> Result<Response, WebError> {
    let r = resolve(&state, &ctx, &q).await?;
    let published: Published = service::published(&state, &r.scope).await?;
    let catalogue = state.catalogue().await?;
    let services = match &r.agency {
        Some(a) => catalogue
            .services_of(a.id, ctx.lang)
            .into_iter()
            .map(|e| e.row.clone())
            .collect(),
        None => Vec::new(),
    };
    let scope_name = match (&r.service, &r.agency) {
        (Some(s), _) => s.name(ctx.lang).to_owned(),
        (None, Some(a)) => a.name(ctx.lang).to_owned(),
        (None, None) => ctx.site_name().to_owned(),
    };
    let elements = published
        .elements()
        .into_iter()
        .map(|(e, nrr, weakest)| ElementLine {
            code: e.code(),
            name: ctx.t(&format!("ikm-element-{}", e.code())),
            score: ctx.decimal(&nrr),
            weakest,
        })
        .collect::<Vec<_>>();
    let weakest = elements.iter().find(|e| e.weakest).map(|e| e.name.clone());
    let periods = published
        .periods
        .iter()
        .map(|p| PeriodLine {
            month: p.month.clone(),
            respondents: p.respondents,
            index: p
                .index
                .as_ref()
                .map(|i| (ctx.decimal(&i.value), category_label(&ctx, i.category))),
        })
        .collect();
    let status = if r.errors.items.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = IndexPage {
        errors: r.errors.clone(),
        scope_name,
        agencies: catalogue.agencies.clone(),
        services,
        agency: r
            .agency
            .as_ref()
            .map(|a| a.slug.clone())
            .unwrap_or_default(),
        service: r
            .service
            .as_ref()
            .map(|s| s.slug.clone())
            .unwrap_or_default(),
        from: r.from.clone(),
        to: r.to.clone(),
        overall: published
            .overall
            .as_ref()
            .map(|i| (ctx.decimal(&i.value), category_label(&ctx, i.category))),
        respondents: published.respondents,
        elements,
        periods,
        weakest,
        csv_link: csv_link(&r),
        json_link: csv_link(&r).replacen("/satisfaction.csv", "/satisfaction.json", 1),
        min_published: i64::try_from(MIN_PUBLISHED).unwrap_or(5),
        ctx,
    };
    Ok((status, render(&page)?).into_response())
}

/// `GET /satisfaction.csv`: the same figures as CSV.
pub async fn csv(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Query(q): Query<IndexQuery>,
) -> Result<Response, WebError> {
    let r = resolve(&state, &ctx, &q).await?;
    if !r.errors.items.is_empty() {
        return Err(AppError::Kind(gerbang_app::ErrorKind::BadRequest).into());
    }
    let published = service::published(&state, &r.scope).await?;
    let name = match (&r.service, &r.agency) {
        (Some(s), _) => s.slug.clone(),
        (None, Some(a)) => a.slug.clone(),
        (None, None) => "all".to_owned(),
    };
    let disposition = format!(
        "attachment; filename=\"ikm-{name}-{}-{}.csv\"",
        r.from, r.to
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        service::csv(&published),
    )
        .into_response())
}

/// `GET /satisfaction.json`: the same figures as JSON (documented in docs/open-data.md).
pub async fn json(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Query(q): Query<IndexQuery>,
) -> Result<Response, WebError> {
    let r = resolve(&state, &ctx, &q).await?;
    if !r.errors.items.is_empty() {
        return Err(AppError::Kind(gerbang_app::ErrorKind::BadRequest).into());
    }
    let published = service::published(&state, &r.scope).await?;
    let scope = serde_json::json!({
        "agency": r.agency.as_ref().map(|a| a.slug.clone()),
        "service": r.service.as_ref().map(|s| s.slug.clone()),
    });
    let from: String = r.from.chars().take(7).collect();
    let to: String = r.to.chars().take(7).collect();
    Ok(axum::Json(service::json(&published, scope, &from, &to)).into_response())
}

#[cfg(test)]
mod tests {
    use super::month;

    #[test]
    fn months_are_year_dash_month() {
        assert_eq!(month("2026-03").as_deref(), Some("2026-03-01"));
        assert_eq!(month(" 2026-3 ").as_deref(), Some("2026-03-01"));
        assert_eq!(month("2026-13"), None);
        assert_eq!(month("March"), None);
        assert_eq!(month("1999-01"), None);
    }
}
