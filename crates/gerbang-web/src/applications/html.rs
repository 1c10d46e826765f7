//! The applicant's pages: apply, receipt and case page, correction, my applications,
//! public tracking and attachment download.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_domain::catalog::ServiceDef;
use gerbang_domain::form::{DatePart, FieldType};
use gerbang_domain::i18n::Lang;
use gerbang_store::applications::{
    self as store, AttachmentRow, CaseListRow, DraftFileRow, DraftListRow, EventRow,
};
use serde::Deserialize;

use crate::AppState;
use crate::applications::files;
use crate::applications::service::{self, CaseView, PublicStatus, Submission, TrackError, Upload};
use crate::error::{AppError, WebError};
use crate::http::context::{RequestCtx, new_token};
use crate::http::forms::{CsrfForm, FilePart, FormErrors, read_multipart};
use crate::http::pages::{DoneQuery, SignedIn, meta, translate};
use crate::http::pages::{render, when};

/// One form field, ready for the template.
#[derive(Debug, Clone)]
pub struct FieldView {
    pub name: String,
    pub label: String,
    pub hint: String,
    /// `text`, `textarea`, `select`, `checkbox`, `file`, or an `<input type>` value.
    pub widget: &'static str,
    pub input_type: &'static str,
    pub inputmode: &'static str,
    pub required: bool,
    pub value: String,
    pub error: Option<String>,
    pub options: Vec<(String, String)>,
    pub accept: String,
    /// Day, month and year as typed (date fields, entered in three boxes).
    pub date_parts: [String; 3],
    /// A file field's file kept with the draft: its name and size, ready to show.
    pub kept: Option<String>,
    /// The ids of the hint, kept file and error that describe the field, in reading order.
    pub described_by: String,
    /// A lookup that can fill in the form before it is sent: the page shows a "check and
    /// fill in" button beside its consent box (on a new application only).
    pub prefill: bool,
}

/// A file's name and size as a person reads them: "birth.pdf (120 KB)".
pub fn file_label(filename: &str, size_bytes: i64) -> String {
    format!("{filename} ({} KB)", (size_bytes + 1023) / 1024)
}

/// The day, month and year boxes of a date field: as typed, else split from the stored
/// `YYYY-MM-DD` answer (a draft's), without leading zeros.
fn date_parts(name: &str, values: &BTreeMap<String, String>) -> [String; 3] {
    let typed = DatePart::ALL.map(|p| values.get(&p.input_name(name)).cloned().unwrap_or_default());
    if typed.iter().any(|t| !t.is_empty()) {
        return typed;
    }
    let iso = values.get(name).map_or("", String::as_str);
    let mut it = iso.split('-');
    match (it.next(), it.next(), it.next(), it.next()) {
        (Some(y), Some(m), Some(d), None) if y.len() == 4 => [
            d.trim_start_matches('0').to_owned(),
            m.trim_start_matches('0').to_owned(),
            y.to_owned(),
        ],
        _ => typed,
    }
}

/// Builds the fields of a form with the given values and errors.
pub fn field_views(
    def: &ServiceDef,
    lang: Lang,
    values: &BTreeMap<String, String>,
    errors: &FormErrors,
    kept: &[DraftFileRow],
) -> Vec<FieldView> {
    def.form
        .fields
        .iter()
        .map(|f| {
            let (widget, input_type, inputmode) = match f.kind {
                FieldType::Text => ("input", "text", ""),
                FieldType::Textarea => ("textarea", "", ""),
                FieldType::Number => ("input", "text", "numeric"),
                FieldType::Money => ("input", "text", "numeric"),
                FieldType::Date => ("date", "", "numeric"),
                FieldType::Select => ("select", "", ""),
                FieldType::Checkbox => ("checkbox", "", ""),
                FieldType::Email => ("input", "email", ""),
                FieldType::Phone => ("input", "tel", ""),
                FieldType::NationalId => ("input", "text", "numeric"),
                FieldType::File => ("file", "file", ""),
                FieldType::Lookup => ("checkbox", "", ""),
            };
            let accept = f
                .accept
                .iter()
                .map(|k| format!(".{k}"))
                .collect::<Vec<_>>()
                .join(",");
            FieldView {
                name: f.name.clone(),
                label: f.label.get(lang).to_owned(),
                hint: f
                    .hint
                    .as_ref()
                    .map(|h| h.get(lang).to_owned())
                    .unwrap_or_default(),
                widget,
                input_type,
                inputmode,
                required: f.required,
                value: values.get(&f.name).cloned().unwrap_or_default(),
                error: errors.get(&f.name).map(str::to_owned),
                options: f
                    .options
                    .iter()
                    .map(|o| (o.value.clone(), o.label.get(lang).to_owned()))
                    .collect(),
                accept,
                date_parts: if f.kind == FieldType::Date {
                    date_parts(&f.name, values)
                } else {
                    Default::default()
                },
                kept: kept
                    .iter()
                    .find(|k| k.field == f.name)
                    .map(|k| file_label(&k.filename, k.size_bytes)),
                described_by: String::new(),
                prefill: f.lookup.as_ref().is_some_and(|l| !l.fill.is_empty()),
            }
        })
        .map(|mut v| {
            let parts = [
                (!v.hint.is_empty()).then_some("hint"),
                v.kept.is_some().then_some("kept"),
                v.error.is_some().then_some("error"),
            ];
            v.described_by = parts
                .into_iter()
                .flatten()
                .map(|p| format!("{}-{p}", v.name))
                .collect::<Vec<_>>()
                .join(" ");
            v
        })
        .collect()
}

/// The form's files, as the service takes them.
fn uploads(parts: Vec<FilePart>) -> Vec<Upload> {
    parts
        .into_iter()
        .map(|p| Upload {
            field: p.field,
            filename: p.filename,
            bytes: p.bytes,
        })
        .collect()
}

/// The names of a form's file fields.
pub fn file_fields(def: &ServiceDef) -> Vec<&str> {
    def.form
        .fields
        .iter()
        .filter(|f| f.kind == FieldType::File)
        .map(|f| f.name.as_str())
        .collect()
}

#[derive(Template)]
#[template(path = "applications/apply.html")]
struct ApplyPage {
    ctx: RequestCtx,
    def: ServiceDef,
    fields: Vec<FieldView>,
    errors: FormErrors,
    idempotency_key: String,
    counter: bool,
    applicant_email: String,
    applicant_name: String,
    notice: Option<String>,
    /// A draft is saved: the page offers to throw it away.
    has_draft: bool,
}

impl ApplyPage {
    /// A "check and fill in" button is on the form: a hidden first submit button keeps
    /// the Enter key sending the form.
    fn offers_prefill(&self) -> bool {
        self.fields.iter().any(|f| f.prefill)
    }
}

/// Staff open a service's form only to file at the counter, and only for an agency where
/// the decision lets them: refused before anything is typed, saying why.
fn counter_refusal(ctx: &RequestCtx, agency_id: i64) -> Option<Response> {
    let user = ctx.user.as_deref().filter(|u| u.is_staff())?;
    let allowed = crate::authz::allows(
        Some(user),
        crate::authz::Action::FileAtCounter,
        crate::authz::Resource::Agency(agency_id),
    );
    (!allowed).then(|| {
        crate::http::errors::page_saying(
            ctx.clone(),
            crate::error::ErrorKind::Forbidden,
            ctx.t("counter-not-your-agency"),
        )
    })
}

#[derive(Template)]
#[template(path = "applications/assurance.html")]
struct AssurancePage {
    ctx: RequestCtx,
    service: String,
    provider: String,
    /// Where the sign-in button goes: the provider, asking for the level, and back here.
    sign_in: String,
}

/// For a service that asks more assurance than this sign-in carries: the page that says
/// so, with the button that signs in again at the level asked.
fn assurance_page(
    state: &AppState,
    ctx: &RequestCtx,
    def: &gerbang_domain::catalog::ServiceDef,
    status: StatusCode,
) -> Result<Option<Response>, WebError> {
    let Some(user) = ctx.user.as_deref().filter(|u| !u.is_staff()) else {
        return Ok(None);
    };
    let Some(need) = service::assurance_gap(state, user, def) else {
        return Ok(None);
    };
    let provider = state
        .config
        .oidc_providers
        .iter()
        .find(|p| p.id == need.provider)
        .map_or_else(|| need.provider.clone(), |p| p.name.clone());
    let back = format!("/services/{}/apply", def.slug);
    let sign_in = format!(
        "/login/oidc/{}?{}",
        need.provider,
        serde_urlencoded::to_string([("acr", need.acr.as_str()), ("next", back.as_str())])
            .unwrap_or_default()
    );
    let page = AssurancePage {
        ctx: ctx.clone(),
        service: def.name.get(ctx.lang).to_owned(),
        provider,
        sign_in,
    };
    Ok(Some((status, render(&page)?).into_response()))
}

/// `GET /services/{slug}/apply`: the form, pre-filled from a saved draft.
pub async fn apply_form(
    State(state): State<AppState>,
    ctx: RequestCtx,
    _: SignedIn,
    Path(slug): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let (row, def) = service::current_service(&state, &slug).await?;
    if let Some(refused) = counter_refusal(&ctx, row.agency_id) {
        return Ok(refused);
    }
    if let Some(page) = assurance_page(&state, &ctx, &def, StatusCode::OK)? {
        return Ok(page);
    }
    let errors = FormErrors::default();
    let (values, kept) = match &ctx.user {
        Some(user) if !user.is_staff() => (
            service::draft(&state, user, row.id).await?,
            service::draft_files(&state, user, row.id).await?,
        ),
        _ => (BTreeMap::new(), Vec::new()),
    };
    let notice = match q.done.as_deref() {
        Some("draft") => Some(ctx.t("notice-draft-saved")),
        Some("prefilled") => Some(ctx.t("notice-prefilled")),
        _ if !values.is_empty() || !kept.is_empty() => Some(ctx.t("notice-draft-loaded")),
        _ => None,
    };
    let has_draft = !values.is_empty() || !kept.is_empty();
    let fields = field_views(&def, ctx.lang, &values, &errors, &kept);
    let counter = ctx.is_staff();
    render(&ApplyPage {
        ctx,
        def,
        fields,
        errors,
        idempotency_key: new_token(),
        counter,
        applicant_email: String::new(),
        applicant_name: String::new(),
        notice,
        has_draft,
    })
}

/// `POST /services/{slug}/apply` (multipart: the form may carry files).
pub async fn apply(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    mp: Multipart,
) -> Result<Response, WebError> {
    let (row, def) = service::current_service(&state, &slug).await?;
    if let Some(page) = assurance_page(&state, &ctx, &def, StatusCode::FORBIDDEN)? {
        return Ok(page);
    }
    if let Some(refused) = counter_refusal(&ctx, row.agency_id) {
        return Ok(refused);
    }
    let (mut values, parts) = read_multipart(&ctx, mp, &file_fields(&def)).await?;
    let uploads = uploads(parts);
    let idempotency_key = values
        .remove("idempotency_key")
        .filter(|k| !k.is_empty() && k.len() <= 100);
    let applicant_email = values.remove("applicant_email").unwrap_or_default();
    let applicant_name = values.remove("applicant_name").unwrap_or_default();
    let counter = user.is_staff();
    if values.get("intent").is_some_and(|i| i == "draft") && !counter {
        service::save_draft(&state, &user, &slug, &values, &uploads, &meta(&ctx)).await?;
        return Ok(Redirect::to(&format!("/services/{slug}/apply?done=draft")).into_response());
    }
    let prefill = values
        .get("intent")
        .and_then(|i| i.strip_prefix("prefill:"))
        .map(str::to_owned);
    let draft_saved = prefill.is_some() && !counter;
    let (values, problems, notice) = if let Some(field) = prefill {
        // "Check and fill in": the form comes back filled, not sent. The applicant's
        // answers and files so far are kept as their draft either way.
        match service::prefill(&state, &user, &slug, &field, &values, counter).await {
            Ok(filled) if !counter => {
                service::save_draft(&state, &user, &slug, &filled, &uploads, &meta(&ctx)).await?;
                return Ok(
                    Redirect::to(&format!("/services/{slug}/apply?done=prefilled")).into_response(),
                );
            }
            Ok(filled) => (filled, Vec::new(), Some(ctx.t("notice-prefilled"))),
            Err(AppError::Invalid(problems)) => {
                if !counter {
                    service::save_draft(&state, &user, &slug, &values, &uploads, &meta(&ctx))
                        .await?;
                }
                (values, problems, None)
            }
            Err(e) => return Err(e.into()),
        }
    } else {
        let on_behalf_of = counter.then(|| (applicant_email.clone(), applicant_name.clone()));
        let submission = Submission {
            values: values.clone(),
            uploads,
            idempotency_key: idempotency_key.clone(),
            on_behalf_of,
            remember: None,
            with_draft_files: !counter,
        };
        match service::submit(&state, &user, &slug, submission, &meta(&ctx)).await {
            Ok(done) if counter => {
                let receipt = if done.new_account {
                    "counter-new"
                } else {
                    "counter"
                };
                return Ok(Redirect::to(&format!(
                    "/backoffice/cases/{}?done={receipt}",
                    done.reference
                ))
                .into_response());
            }
            Ok(done) => {
                return Ok(Redirect::to(&format!(
                    "/applications/{}?done=submitted",
                    done.reference
                ))
                .into_response());
            }
            Err(AppError::Invalid(problems)) => (values, problems, None),
            Err(e) => return Err(e.into()),
        }
    };
    // The form again: with what was filled in, or with what to correct.
    let (_, def) = service::current_service(&state, &slug).await?;
    let errors = translate(&ctx, &problems);
    let kept = if counter {
        Vec::new()
    } else {
        service::draft_files(&state, &user, row.id).await?
    };
    let fields = field_views(&def, ctx.lang, &values, &errors, &kept);
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ApplyPage {
        ctx,
        def,
        fields,
        errors,
        idempotency_key: idempotency_key.unwrap_or_else(new_token),
        counter,
        applicant_email,
        applicant_name,
        notice,
        has_draft: draft_saved || !kept.is_empty(),
    };
    Ok((status, render(&page)?).into_response())
}

/// `POST /services/{slug}/draft/delete`: throws the saved draft and its files away.
pub async fn discard_draft(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    CsrfForm(_): CsrfForm<crate::applications::backoffice::Empty>,
) -> Result<Response, WebError> {
    service::discard_draft(&state, &user, &slug, &meta(&ctx)).await?;
    Ok(Redirect::to("/applications?done=draft-discarded").into_response())
}

/// A timeline entry ready to show.
#[derive(Debug, Clone)]
pub struct EventView {
    pub at: String,
    pub what: String,
    pub who: String,
    pub status: String,
    pub comment: Option<String>,
    /// Staff only (a note, or a comment between staff).
    pub internal: bool,
}

/// Labels of actions: the workflow's own, else the standard translation, else the name.
pub fn action_label(ctx: &RequestCtx, def: &ServiceDef, action: &str) -> String {
    if let Some(label) = def
        .workflow
        .transitions
        .iter()
        .find(|t| t.action == action)
        .and_then(|t| t.label.as_ref())
    {
        return label.get(ctx.lang).to_owned();
    }
    let id = format!("action-{action}");
    if crate::i18n::has(ctx.lang, &id) {
        ctx.t(&id)
    } else {
        action.to_owned()
    }
}

/// A state's label in the viewer's language.
pub fn state_label(ctx: &RequestCtx, def: &ServiceDef, state: &str) -> String {
    def.workflow
        .state(state)
        .map_or_else(|| state.to_owned(), |s| s.label.get(ctx.lang).to_owned())
}

/// The timeline as the viewer may see it.
/// A case's timeline as `reader` sees it: the applicant never sees staff notes or
/// internal comments.
pub fn event_views(
    ctx: &RequestCtx,
    def: &ServiceDef,
    events: &[EventRow],
    reader: Reader,
) -> Vec<EventView> {
    events
        .iter()
        .filter(|e| reader == Reader::Staff || !e.is_note())
        .map(|e| EventView {
            at: when(ctx.lang, e.at),
            what: action_label(ctx, def, &e.action),
            who: match e.actor_role.as_str() {
                "applicant" => ctx.t("role-applicant"),
                r => format!(
                    "{} ({})",
                    e.actor_name.clone().unwrap_or_default(),
                    ctx.t(&format!("role-{r}"))
                ),
            },
            status: state_label(ctx, def, &e.to_status),
            comment: e
                .comment
                .clone()
                .filter(|_| reader == Reader::Staff || !e.internal),
            internal: e.internal,
        })
        .collect()
}

/// Who reads a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Applicant,
    Staff,
}

/// One answer, as label and displayed value.
pub fn answers(
    ctx: &RequestCtx,
    view: &CaseView,
    attachments: &[AttachmentRow],
) -> Vec<(String, String, Option<String>)> {
    view.def
        .form
        .fields
        .iter()
        .filter_map(|f| {
            let label = f.label.get(ctx.lang).to_owned();
            if f.kind == FieldType::File {
                let latest = attachments.iter().rev().find(|a| a.field == f.name)?;
                let link = format!("/applications/{}/files/{}", view.case.reference, latest.id);
                return Some((
                    label,
                    file_label(&latest.filename, latest.size_bytes),
                    Some(link),
                ));
            }
            let v = view.data.get(&f.name)?;
            let shown = match (f.kind, v) {
                // The applicant sees that the answer came, not what it holds: the NIK typed
                // is not proven to be theirs.
                (FieldType::Lookup, serde_json::Value::Object(evidence)) => {
                    lookup_summary(ctx, evidence, !view.is_applicant())
                }
                (FieldType::Lookup, _) => ctx.t("lookup-not-consented"),
                (FieldType::Checkbox, serde_json::Value::Bool(b)) => {
                    ctx.t(if *b { "yes" } else { "no" })
                }
                (FieldType::Money, serde_json::Value::Number(n)) => {
                    crate::i18n::rupiah(n.as_i64().unwrap_or(0))
                }
                (FieldType::Select, serde_json::Value::String(s)) => f
                    .options
                    .iter()
                    .find(|o| &o.value == s)
                    .map_or_else(|| s.clone(), |o| o.label.get(ctx.lang).to_owned()),
                (FieldType::Date, serde_json::Value::String(s)) => {
                    gerbang_domain::form::parse_iso_date(s)
                        .map_or_else(|| s.clone(), |d| ctx.date(&d))
                }
                (_, serde_json::Value::String(s)) => s.clone(),
                (_, other) => other.to_string(),
            };
            Some((label, shown, None))
        })
        .collect()
}

/// What a consented lookup brought: who answered, when, and the fields, one line each.
fn lookup_summary(
    ctx: &RequestCtx,
    evidence: &serde_json::Map<String, serde_json::Value>,
    with_answer: bool,
) -> String {
    let slug = evidence
        .get("provider")
        .and_then(|p| p.as_str())
        .and_then(|p| p.split('/').next())
        .unwrap_or_default();
    let provider = evidence
        .get("provider_name")
        .and_then(|n| n.get(ctx.lang_tag()))
        .and_then(|n| n.as_str())
        .unwrap_or(slug);
    let mut parts = vec![ctx.t1("lookup-answered", "provider", provider)];
    if evidence
        .get("verified")
        .and_then(|v| v.as_array())
        .is_some_and(|v| !v.is_empty())
    {
        parts.push(ctx.t("lookup-verified"));
    }
    if let Some(answer) = evidence
        .get("answer")
        .and_then(|a| a.as_object())
        .filter(|_| with_answer)
    {
        parts.extend(
            answer
                .iter()
                .map(|(k, v)| format!("{k}: {}", crate::exchange::plain(v))),
        );
    }
    parts.join("; ")
}

/// The raw answers as form values, to pre-fill a correction.
fn values_of(view: &CaseView) -> BTreeMap<String, String> {
    view.data
        .iter()
        .filter_map(|(k, v)| match v {
            serde_json::Value::String(s) => Some((k.clone(), s.clone())),
            serde_json::Value::Bool(true) => Some((k.clone(), "on".to_owned())),
            serde_json::Value::Number(n) => Some((k.clone(), n.to_string())),
            _ => None,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "applications/case.html")]
struct CasePage {
    ctx: RequestCtx,
    view: CaseView,
    service_name: String,
    status: String,
    notice: Option<Notice>,
    answers: Vec<(String, String, Option<String>)>,
    events: Vec<EventView>,
    correction: Option<String>,
    fields: Vec<FieldView>,
    errors: FormErrors,
    /// The invoice's status, translated, when the case has one.
    invoice: Option<String>,
    /// Where the applicant answers the satisfaction survey, when invited.
    survey: Option<String>,
    /// Whether the case is decided (its decision's log proof is offered).
    decided: bool,
}

async fn case_page(
    state: &AppState,
    ctx: RequestCtx,
    view: CaseView,
    notice: Option<Notice>,
    errors: FormErrors,
    values: Option<BTreeMap<String, String>>,
) -> Result<CasePage, AppError> {
    let events = store::events(&state.db, view.case.id).await?;
    let attachments = store::attachments(&state.db, view.case.id).await?;
    let correction = if view.is_applicant() && view.actions().iter().any(|t| t.resubmission) {
        events
            .iter()
            .rev()
            .find(|e| e.to_status == view.case.status && !e.internal)
            .and_then(|e| e.comment.clone())
            .or_else(|| Some(String::new()))
    } else {
        None
    };
    let fields = if correction.is_some() {
        // A correction keeps the earlier lookup's answer: nothing to fill in again.
        field_views(
            &view.def,
            ctx.lang,
            &values.unwrap_or_else(|| values_of(&view)),
            &errors,
            &[],
        )
        .into_iter()
        .map(|f| FieldView {
            prefill: false,
            ..f
        })
        .collect()
    } else {
        Vec::new()
    };
    let invoice = crate::payments::service::invoice_of(state, view.case.id)
        .await?
        .map(|i| ctx.t(&format!("invoice-status-{}", i.status)));
    let survey = gerbang_app::satisfaction::invites(state, &view)
        .await?
        .then(|| format!("/applications/{}/survey", view.case.reference));
    Ok(CasePage {
        decided: view.def.workflow.outcome(&view.case.status).is_some(),
        invoice,
        survey,
        service_name: view.def.name.get(ctx.lang).to_owned(),
        status: state_label(&ctx, &view.def, &view.case.status),
        answers: answers(&ctx, &view, &attachments),
        events: event_views(&ctx, &view.def, &events, Reader::Applicant),
        notice,
        correction,
        fields,
        errors,
        ctx,
        view,
    })
}

/// A success message: its heading and what to do next.
#[derive(Debug, Clone)]
pub struct Notice {
    pub heading: String,
    pub text: String,
}

/// `GET /applications/{reference}`: the applicant's case page (and receipt).
pub async fn case(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let view = service::open(&state, &user, &reference, &meta(&ctx)).await?;
    if !view.is_applicant() {
        return Ok(Redirect::to(&format!("/backoffice/cases/{reference}")).into_response());
    }
    let notice = match q.done.as_deref() {
        Some("submitted") => Some(Notice {
            heading: ctx.t1("notice-submitted", "reference", &reference),
            // Only a mail server makes "we have emailed you" true.
            text: ctx.t(if state.config.mail_delivers {
                "notice-submitted-next-emailed"
            } else {
                "notice-submitted-next"
            }),
        }),
        Some("resubmitted") => Some(Notice {
            heading: ctx.t("notice-resubmitted"),
            text: String::new(),
        }),
        _ => None,
    };
    render(&case_page(&state, ctx, view, notice, FormErrors::default(), None).await?)
}

/// `POST /applications/{reference}/resubmit`: the corrected answers.
pub async fn resubmit(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
    mp: Multipart,
) -> Result<Response, WebError> {
    let def = service::definition_of(&state, &user, &reference).await?;
    let (values, parts) = read_multipart(&ctx, mp, &file_fields(&def)).await?;
    let submission = Submission {
        values: values.clone(),
        uploads: uploads(parts),
        ..Default::default()
    };
    match service::resubmit(&state, &user, &reference, submission, &meta(&ctx)).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/applications/{reference}?done=resubmitted")).into_response(),
        ),
        Err(AppError::Invalid(problems)) => {
            let view = service::open(&state, &user, &reference, &meta(&ctx)).await?;
            let errors = translate(&ctx, &problems);
            let page = case_page(&state, ctx, view, None, errors, Some(values)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /applications/{reference}/files/{id}`: streams an attachment to those allowed.
pub async fn file(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path((reference, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let user = ctx.require_user()?;
    let view = service::open(&state, user, &reference, &meta(&ctx)).await?;
    let attachment = store::attachments(&state.db, view.case.id)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or(AppError::NOT_FOUND)?;
    let bytes = files::get(&state.files, &attachment.storage_key).await?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&attachment.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) =
        HeaderValue::from_str(&format!("attachment; filename=\"{}\"", attachment.filename))
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

#[derive(Template)]
#[template(path = "applications/mine.html")]
struct MinePage {
    ctx: RequestCtx,
    cases: Vec<(CaseListRow, String)>,
    /// Saved drafts, with when each was saved.
    drafts: Vec<(DraftListRow, String)>,
    notice: Option<String>,
}

/// `GET /applications`: the signed-in user's cases.
pub async fn mine(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let rows = store::of_applicant(&state.db, user.id, 200).await?;
    let drafts = service::drafts(&state, &user)
        .await?
        .into_iter()
        .map(|d| {
            let saved = when(ctx.lang, d.updated_at);
            (d, saved)
        })
        .collect();
    let notice =
        (q.done.as_deref() == Some("draft-discarded")).then(|| ctx.t("notice-draft-discarded"));
    let catalogue = state.catalogue().await?;
    let mut cases = Vec::new();
    for row in rows {
        let (id, version) = (row.case.service_id, row.case.service_version);
        let label = if let Some(e) = catalogue.at_version(id, version) {
            state_label(&ctx, &e.def, &row.case.status)
        } else if let Some(def) =
            gerbang_store::catalog::service_definition(&state.db, id, version).await?
        {
            state_label(&ctx, &def, &row.case.status)
        } else {
            row.case.status.clone()
        };
        cases.push((row, label));
    }
    render(&MinePage {
        ctx,
        cases,
        drafts,
        notice,
    })
}

/// Query of the tracking page.
#[derive(Debug, Deserialize, Default)]
pub struct TrackQuery {
    #[serde(default, rename = "ref")]
    reference: String,
}

#[derive(Template)]
#[template(path = "applications/track.html")]
struct TrackPage {
    ctx: RequestCtx,
    reference: String,
    found: Option<PublicStatus>,
    errors: FormErrors,
}

/// `GET /track?ref=`: anyone can check the bare status of a reference.
pub async fn track(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Query(q): Query<TrackQuery>,
) -> Result<Response, WebError> {
    let reference: String = q.reference.trim().chars().take(40).collect();
    let mut errors = FormErrors::default();
    let mut found = None;
    let mut status = StatusCode::OK;
    if !reference.is_empty() {
        match service::track(&state, &reference, ctx.lang).await? {
            Ok(s) => found = Some(s),
            Err(TrackError::Malformed) => {
                errors.add("ref", ctx.t("error-reference-malformed"));
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(TrackError::Unknown) => {
                errors.add("ref", ctx.t("error-reference-unknown"));
                status = StatusCode::NOT_FOUND;
            }
        }
    }
    Ok((
        status,
        render(&TrackPage {
            ctx,
            reference,
            found,
            errors,
        })?,
    )
        .into_response())
}
