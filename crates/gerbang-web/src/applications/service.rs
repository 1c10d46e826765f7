//! Application operations, shared by the HTML pages and the JSON API. Authorisation is
//! asked of [`crate::authz::can`]; every write commits with its timeline entry, audit
//! entry and notification, or not at all.

use std::collections::BTreeMap;

use bytes::Bytes;
use gerbang_domain::accounts::{AccountKind, Email};
use gerbang_domain::calendar::add_working_days;
use gerbang_domain::catalog::{Audience, ServiceDef};
use gerbang_domain::form::{FileMeta, FormInput};
use gerbang_domain::i18n::Lang;
use gerbang_domain::reference::{MAX_NUMBER, Reference};
use gerbang_domain::workflow::{ActorRole, Transition, WorkflowError};
use gerbang_store::applications::{self as store, CaseRow, NewAttachment, NewCase, NewEvent};
use gerbang_store::audit::{self, AuditEntry};
use gerbang_store::catalog::{self as catalog_store, ServiceRow};
use gerbang_store::{StoreError, Tx};
use time::{Date, OffsetDateTime};

use crate::AppState;
use crate::accounts::service::Meta;
use crate::applications::files;
use crate::authz::{Action, Resource, can};
use crate::error::{AppError, ErrorKind, FieldProblem};
use crate::http::context::SessionUser;
use crate::i18n;

/// One uploaded file, as received.
#[derive(Debug, Clone)]
pub struct Upload {
    pub field: String,
    pub filename: String,
    pub bytes: Bytes,
}

/// An application as submitted by a form or the API.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    pub values: BTreeMap<String, String>,
    pub uploads: Vec<Upload>,
    /// Makes retries safe: the same key from the same applicant returns the first case.
    pub idempotency_key: Option<String>,
    /// Counter service: the citizen an officer applies for (email, full name).
    pub on_behalf_of: Option<(String, String)>,
}

/// The answer to a submission.
#[derive(Debug, Clone)]
pub struct Submitted {
    pub reference: String,
    pub status: String,
    pub submitted_at: OffsetDateTime,
    /// False when an earlier submission with the same idempotency key was returned.
    pub created: bool,
}

/// Today in the platform's time zone (Western Indonesia Time, UTC+7).
pub fn today() -> Date {
    (OffsetDateTime::now_utc() + time::Duration::hours(7)).date()
}

/// A fresh random reference (40 bits: collisions are rare and retried).
fn random_reference() -> Result<String, AppError> {
    let n: u64 = rand::random::<u64>() & MAX_NUMBER;
    Reference::from_number(n)
        .map(|r| r.to_string())
        .ok_or_else(|| AppError::Internal(format!("{n} is out of the reference range")))
}

/// Loads a service and its current definition.
pub async fn current_service(
    state: &AppState,
    slug: &str,
) -> Result<(ServiceRow, ServiceDef), AppError> {
    let row = catalog_store::service(&state.db, slug)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let def = catalog_store::service_definition(&state.db, row.id, row.current_version)
        .await?
        .ok_or_else(|| {
            AppError::Internal(format!(
                "service {slug} lacks version {}",
                row.current_version
            ))
        })?;
    Ok((row, def))
}

fn audience_of(kind: AccountKind) -> Option<Audience> {
    match kind {
        AccountKind::Citizen => Some(Audience::Citizen),
        AccountKind::Business => Some(Audience::Business),
        AccountKind::Staff => None,
    }
}

/// Translates validation errors into field problems (message ids `field-error-<code>`).
fn field_problems(errors: Vec<gerbang_domain::form::FieldError>) -> Vec<FieldProblem> {
    errors
        .into_iter()
        .map(|e| FieldProblem {
            field: e.field,
            message_id: format!("field-error-{}", e.code.code()),
            args: e
                .code
                .params()
                .into_iter()
                .map(|(k, v)| (k, v.to_string()))
                .collect(),
        })
        .collect()
}

/// Validates the answers against the form; the sniffed kind of each upload is what counts.
fn validate(
    def: &ServiceDef,
    s: &Submission,
) -> Result<serde_json::Map<String, serde_json::Value>, AppError> {
    let mut input = FormInput {
        values: s.values.clone(),
        files: BTreeMap::new(),
    };
    for u in &s.uploads {
        input.files.insert(
            u.field.clone(),
            FileMeta {
                size_bytes: u.bytes.len() as u64,
                sniffed_kind: files::sniff(&u.bytes).map(str::to_owned),
            },
        );
    }
    let data = def
        .form
        .validate(&input, today())
        .map_err(|e| AppError::Invalid(field_problems(e)))?;
    Ok(data.into_map().into_iter().collect())
}

/// The applicant a counter officer applies for: an existing account, or a new citizen
/// account (with an unusable password until the citizen sets one).
async fn counter_applicant(
    state: &AppState,
    email: &str,
    name: &str,
    meta: &Meta,
) -> Result<i64, AppError> {
    let email_ok = Email::parse(email).map_err(|_| {
        AppError::Invalid(vec![FieldProblem::new(
            "applicant_email",
            "error-email-invalid",
        )])
    })?;
    if let Some(u) = gerbang_store::accounts::user_by_email(&state.db, &email_ok).await? {
        return Ok(u.id);
    }
    if name.trim().is_empty() {
        return Err(AppError::Invalid(vec![FieldProblem::new(
            "applicant_name",
            "error-name-required",
        )]));
    }
    let acc = crate::accounts::service::NewAccount {
        email: email_ok.to_string(),
        full_name: name.trim().to_owned(),
        password: crate::http::context::new_token(),
        kind: AccountKind::Citizen,
        roles: Vec::new(),
        is_demo: false,
        lang: Lang::Id,
    };
    crate::accounts::service::create_account(&state.db, &acc, meta).await
}

/// Files an application. Validates every field at once; on success the case, its first
/// timeline entry, its attachments, the audit entry and the confirmation email commit together.
pub async fn submit(
    state: &AppState,
    user: &SessionUser,
    slug: &str,
    s: Submission,
    meta: &Meta,
) -> Result<Submitted, AppError> {
    let (row, def) = current_service(state, slug).await?;
    let (applicant_id, assisted) = match &s.on_behalf_of {
        Some((email, name)) => {
            if !can(
                Some(user),
                Action::WorkCases,
                Resource::Agency(row.agency_id),
            ) {
                return Err(AppError::FORBIDDEN);
            }
            (counter_applicant(state, email, name, meta).await?, true)
        }
        None => {
            let allowed = audience_of(user.kind).is_some_and(|a| def.audience.contains(&a));
            if !allowed {
                return Err(AppError::Invalid(vec![FieldProblem::new(
                    "service",
                    "error-audience",
                )]));
            }
            (user.id, false)
        }
    };
    if let Some(key) = &s.idempotency_key
        && let Some(existing) = store::by_idempotency_key(&state.db, applicant_id, key).await?
    {
        return Ok(Submitted {
            reference: existing.reference,
            status: existing.status,
            submitted_at: existing.submitted_at.unwrap_or(existing.created_at),
            created: false,
        });
    }
    let data = validate(&def, &s)?;
    let data_json = serde_json::Value::Object(data).to_string();

    // Bytes go to object storage first; the rows pointing at them commit below.
    let mut stored = Vec::new();
    for u in &s.uploads {
        if u.bytes.is_empty() {
            continue;
        }
        let kind = files::sniff(&u.bytes).unwrap_or("bin");
        let key = files::put(&state.files, u.bytes.clone()).await?;
        stored.push((
            u,
            key,
            files::content_type(kind),
            files::sha256_hex(&u.bytes),
        ));
    }

    let due = add_working_days(today(), def.sla_days, &state.config.holidays);
    let version = i32::try_from(def.version).unwrap_or(i32::MAX);
    for _attempt in 0..5 {
        let reference = random_reference()?;
        let mut tx = state.db.begin().await?;
        let new = NewCase {
            reference: &reference,
            service_id: row.id,
            service_version: version,
            agency_id: row.agency_id,
            applicant_id,
            submitted_by: user.id,
            assisted,
            status: &def.workflow.initial,
            data: &data_json,
            due_date: due,
            idempotency_key: s.idempotency_key.as_deref(),
        };
        let id = match store::insert(&mut tx, &new).await {
            Ok(id) => id,
            Err(StoreError::Conflict(_)) => {
                drop(tx);
                if let Some(key) = &s.idempotency_key
                    && let Some(existing) =
                        store::by_idempotency_key(&state.db, applicant_id, key).await?
                {
                    return Ok(Submitted {
                        reference: existing.reference,
                        status: existing.status,
                        submitted_at: existing.submitted_at.unwrap_or(existing.created_at),
                        created: false,
                    });
                }
                continue; // a reference collision: draw another number
            }
            Err(e) => return Err(e.into()),
        };
        record_submission(
            &mut tx, user, id, &reference, &def, &data_json, assisted, meta,
        )
        .await?;
        crate::payments::service::on_submitted(&mut tx, state, id, &def, &data_json).await?;
        for (u, key, content_type, sha) in &stored {
            store::add_attachment(
                &mut tx,
                &NewAttachment {
                    application_id: id,
                    field: &u.field,
                    filename: &sanitize_filename(&u.filename),
                    content_type,
                    size_bytes: i64::try_from(u.bytes.len()).unwrap_or(i64::MAX),
                    sha256: sha,
                    storage_key: key,
                    revision: 1,
                },
            )
            .await?;
        }
        notify_applicant(
            &mut tx,
            state,
            applicant_id,
            &reference,
            &def,
            "submitted",
            None,
        )
        .await?;
        store::delete_draft(&mut tx, applicant_id, row.id).await?;
        tx.commit().await?;
        return Ok(Submitted {
            reference,
            status: def.workflow.initial.clone(),
            submitted_at: OffsetDateTime::now_utc(),
            created: true,
        });
    }
    Err(AppError::Internal(
        "could not draw a free reference number".into(),
    ))
}

#[expect(
    clippy::too_many_arguments,
    reason = "one call site; a struct would only rename the arguments"
)]
async fn record_submission(
    tx: &mut Tx,
    user: &SessionUser,
    id: i64,
    reference: &str,
    def: &ServiceDef,
    data_json: &str,
    assisted: bool,
    meta: &Meta,
) -> Result<(), AppError> {
    let role = if assisted { "officer" } else { "applicant" };
    store::add_event(
        tx,
        &NewEvent {
            application_id: id,
            actor_id: Some(user.id),
            actor_role: role,
            action: "submit",
            from_status: None,
            to_status: &def.workflow.initial,
            comment: None,
            data: Some(data_json),
        },
    )
    .await?;
    audit::append(
        tx,
        &AuditEntry {
            actor_id: Some(user.id),
            actor: &user.email,
            action: if assisted {
                "application.submit_assisted"
            } else {
                "application.submit"
            },
            subject: &format!("application:{reference}"),
            request_id: &meta.request_id,
            details: serde_json::json!({ "service": def.slug, "version": def.version }),
        },
    )
    .await?;
    Ok(())
}

/// Saves the typed answers as a draft (files are not kept in drafts).
pub async fn save_draft(
    state: &AppState,
    user: &SessionUser,
    slug: &str,
    values: &BTreeMap<String, String>,
    meta: &Meta,
) -> Result<(), AppError> {
    let (row, def) = current_service(state, slug).await?;
    let known: BTreeMap<&String, &String> = values
        .iter()
        .filter(|(k, _)| def.form.fields.iter().any(|f| &f.name == *k))
        .collect();
    let data =
        serde_json::to_string(&known).map_err(|e| AppError::Internal(format!("draft: {e}")))?;
    if data.len() > 256 * 1024 {
        return Err(AppError::Kind(ErrorKind::PayloadTooLarge));
    }
    let mut tx = state.db.begin().await?;
    store::save_draft(&mut tx, user.id, row.id, &data).await?;
    audit::append(
        &mut tx,
        &AuditEntry {
            actor_id: Some(user.id),
            actor: &user.email,
            action: "application.draft_save",
            subject: &format!("service:{slug}"),
            request_id: &meta.request_id,
            details: serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The answers saved in a draft, if any.
pub async fn draft(
    state: &AppState,
    user: &SessionUser,
    service_id: i64,
) -> Result<BTreeMap<String, String>, AppError> {
    match store::draft(&state.db, user.id, service_id).await? {
        Some(text) => Ok(serde_json::from_str(&text).map_err(StoreError::from)?),
        None => Ok(BTreeMap::new()),
    }
}

/// Keeps a filename displayable and harmless in a `Content-Disposition` header.
fn sanitize_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' '))
        .take(100)
        .collect();
    if clean.trim().is_empty() {
        "file".to_owned()
    } else {
        clean
    }
}

/// Queues the email telling the applicant what happened, in the applicant's language.
async fn notify_applicant(
    tx: &mut Tx,
    state: &AppState,
    applicant_id: i64,
    reference: &str,
    def: &ServiceDef,
    status: &str,
    comment: Option<&str>,
) -> Result<(), AppError> {
    let Some(applicant) = gerbang_store::accounts::user_by_id(&state.db, applicant_id).await?
    else {
        return Ok(());
    };
    let lang = applicant.lang();
    let status_label = def
        .workflow
        .state(status)
        .map_or(status, |s| s.label.get(lang));
    let args = |extra: &[(&'static str, String)]| -> Vec<(
        &'static str,
        fluent_templates::fluent_bundle::FluentValue<'static>,
    )> {
        let mut v: Vec<(
            &'static str,
            fluent_templates::fluent_bundle::FluentValue<'static>,
        )> = vec![
            ("reference", reference.to_owned().into()),
            ("service", def.name.get(lang).to_owned().into()),
            ("status", status_label.to_owned().into()),
            ("name", applicant.full_name.clone().into()),
            ("site", state.config.site_name.clone().into()),
        ];
        v.extend(extra.iter().map(|(k, s)| (*k, s.clone().into())));
        v
    };
    let kind = if status == def.workflow.initial && comment.is_none() {
        "submitted"
    } else if status == "needs_correction" {
        "correction"
    } else {
        "status"
    };
    let subject = i18n::t_args(lang, &format!("mail-{kind}-subject"), &args(&[]));
    let mut body = i18n::t_args(lang, &format!("mail-{kind}-body"), &args(&[]));
    if let Some(c) = comment {
        body.push_str("\n\n");
        body.push_str(&i18n::t_args(
            lang,
            "mail-comment",
            &args(&[("comment", c.to_owned())]),
        ));
    }
    body.push_str("\n\n");
    body.push_str(&i18n::t_args(lang, "mail-footer", &args(&[])));
    gerbang_store::outbox::enqueue(tx, &applicant.email, &subject, &body).await?;
    Ok(())
}

/// A case as one viewer may see it.
#[derive(Debug, Clone)]
pub struct CaseView {
    pub case: CaseRow,
    pub service: ServiceRow,
    pub def: ServiceDef,
    /// The roles the viewer acts in on this case.
    pub roles: Vec<ActorRole>,
    pub data: serde_json::Map<String, serde_json::Value>,
}

impl CaseView {
    /// True when the viewer is the applicant.
    pub fn is_applicant(&self) -> bool {
        self.roles.contains(&ActorRole::Applicant)
    }

    /// The actions the viewer may take now.
    pub fn actions(&self) -> Vec<&Transition> {
        let mut out: Vec<&Transition> = Vec::new();
        for role in &self.roles {
            for t in self.def.workflow.actions_for(&self.case.status, *role) {
                if !out.iter().any(|o| o.action == t.action) {
                    out.push(t);
                }
            }
        }
        out
    }
}

/// The roles `user` holds on a case of `agency_id` filed by `applicant_id`.
fn roles_on(user: &SessionUser, agency_id: i64, applicant_id: i64) -> Vec<ActorRole> {
    use gerbang_domain::accounts::StaffRole;
    let mut roles = Vec::new();
    if user.id == applicant_id {
        roles.push(ActorRole::Applicant);
    }
    if can(Some(user), Action::WorkCases, Resource::Agency(agency_id)) {
        if user.has_role(StaffRole::Officer, Some(agency_id)) {
            roles.push(ActorRole::Officer);
        }
        if user.has_role(StaffRole::Supervisor, Some(agency_id)) {
            roles.push(ActorRole::Supervisor);
        }
    }
    roles
}

/// Opens a case for `user`: the applicant or authorised staff; anyone else gets 404 so
/// that references cannot be probed. Staff reads are recorded in the audit log.
pub async fn open(
    state: &AppState,
    user: &SessionUser,
    reference: &str,
    meta: &Meta,
) -> Result<CaseView, AppError> {
    let case = store::by_reference(&state.db, reference)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let is_staff_reader = user.id != case.applicant_id
        && can(
            Some(user),
            Action::WorkCases,
            Resource::Agency(case.agency_id),
        );
    if user.id != case.applicant_id && !is_staff_reader {
        return Err(AppError::NOT_FOUND);
    }
    let roles = roles_on(user, case.agency_id, case.applicant_id);
    let service = catalog_store::service_by_id(&state.db, case.service_id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let def = catalog_store::service_definition(&state.db, case.service_id, case.service_version)
        .await?
        .ok_or_else(|| {
            AppError::Internal(format!(
                "case {reference}: service version {} missing",
                case.service_version
            ))
        })?;
    if is_staff_reader {
        let mut tx = state.db.begin().await?;
        audit::append(
            &mut tx,
            &AuditEntry {
                actor_id: Some(user.id),
                actor: &user.email,
                action: "application.read",
                subject: &format!("application:{reference}"),
                request_id: &meta.request_id,
                details: serde_json::json!({ "applicant_id": case.applicant_id }),
            },
        )
        .await?;
        tx.commit().await?;
    }
    let data = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&case.data)
        .map_err(StoreError::from)?;
    Ok(CaseView {
        case,
        service,
        def,
        roles,
        data,
    })
}

/// Takes a workflow action. Refused actions change nothing: not allowed in this state
/// 409, not for this role 403, a missing required comment 422.
pub async fn act(
    state: &AppState,
    user: &SessionUser,
    reference: &str,
    action: &str,
    comment: Option<&str>,
    meta: &Meta,
) -> Result<String, AppError> {
    if action == "resubmit" {
        return Err(AppError::Kind(ErrorKind::Conflict));
    }
    let view = open(state, user, reference, meta).await?;
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    if comment.is_some_and(|c| c.chars().count() > 2000) {
        return Err(AppError::Invalid(vec![FieldProblem {
            field: "comment".into(),
            message_id: "error-too-long".into(),
            args: vec![("n", "2000".into())],
        }]));
    }
    let (transition, role) = pick_transition(&view, action, comment)?;
    let transition = transition.clone();
    move_case(state, user, &view, &transition, role, comment, None, meta).await?;
    Ok(transition.to)
}

fn pick_transition<'a>(
    view: &'a CaseView,
    action: &str,
    comment: Option<&str>,
) -> Result<(&'a Transition, ActorRole), AppError> {
    let mut worst = WorkflowError::UnknownAction;
    for role in &view.roles {
        match view
            .def
            .workflow
            .apply(&view.case.status, action, *role, comment)
        {
            Ok(t) => return Ok((t, *role)),
            Err(e) => worst = more_telling(worst, e),
        }
    }
    if view.roles.is_empty() {
        worst = WorkflowError::WrongRole;
    }
    Err(match worst {
        WorkflowError::CommentRequired => {
            AppError::Invalid(vec![FieldProblem::new("comment", "error-comment-required")])
        }
        WorkflowError::WrongRole => AppError::FORBIDDEN,
        WorkflowError::NotAllowedNow
        | WorkflowError::UnknownAction
        | WorkflowError::UnknownState => AppError::Kind(ErrorKind::Conflict),
    })
}

/// Of two refusals, the one that tells the actor most about what to do.
fn more_telling(a: WorkflowError, b: WorkflowError) -> WorkflowError {
    let rank = |e: &WorkflowError| match e {
        WorkflowError::CommentRequired => 4,
        WorkflowError::WrongRole => 3,
        WorkflowError::NotAllowedNow => 2,
        WorkflowError::UnknownAction => 1,
        WorkflowError::UnknownState => 0,
    };
    if rank(&b) > rank(&a) { b } else { a }
}

#[expect(clippy::too_many_arguments, reason = "the pieces of one state change")]
async fn move_case(
    state: &AppState,
    user: &SessionUser,
    view: &CaseView,
    t: &Transition,
    role: ActorRole,
    comment: Option<&str>,
    new_data: Option<&str>,
    meta: &Meta,
) -> Result<(), AppError> {
    let wf = &view.def.workflow;
    let due = if wf.is_terminal(&t.to) {
        None
    } else if let Some(days) = t.sla_days {
        add_working_days(today(), days, &state.config.holidays)
    } else if t.to == wf.initial {
        add_working_days(today(), view.def.sla_days, &state.config.holidays)
    } else {
        view.case.due_date
    };
    let mut tx = state.db.begin().await?;
    crate::payments::service::require_paid(&mut tx, view, t).await?;
    if !store::transition(
        &mut tx,
        view.case.id,
        view.case.revision,
        &t.to,
        new_data,
        due,
    )
    .await?
    {
        return Err(AppError::Kind(ErrorKind::Conflict));
    }
    let role_name = match role {
        ActorRole::Applicant => "applicant",
        ActorRole::Officer => "officer",
        ActorRole::Supervisor => "supervisor",
    };
    store::add_event(
        &mut tx,
        &NewEvent {
            application_id: view.case.id,
            actor_id: Some(user.id),
            actor_role: role_name,
            action: &t.action,
            from_status: Some(&view.case.status),
            to_status: &t.to,
            comment,
            data: new_data,
        },
    )
    .await?;
    audit::append(
        &mut tx,
        &AuditEntry {
            actor_id: Some(user.id),
            actor: &user.email,
            action: &format!("application.{}", t.action),
            subject: &format!("application:{}", view.case.reference),
            request_id: &meta.request_id,
            details: serde_json::json!({ "from": view.case.status, "to": t.to, "role": role_name }),
        },
    )
    .await?;
    crate::payments::service::after_move(&mut tx, user, view, t, meta).await?;
    crate::documents::service::on_transition(&mut tx, state, &view.case, &view.def, &t.to).await?;
    if role != ActorRole::Applicant {
        notify_applicant(
            &mut tx,
            state,
            view.case.applicant_id,
            &view.case.reference,
            &view.def,
            &t.to,
            comment,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The applicant corrects a case returned for correction and sends it back. The timeline
/// keeps both versions of the answers.
pub async fn resubmit(
    state: &AppState,
    user: &SessionUser,
    reference: &str,
    s: Submission,
    meta: &Meta,
) -> Result<String, AppError> {
    let view = open(state, user, reference, meta).await?;
    if !view.is_applicant() {
        return Err(AppError::NOT_FOUND);
    }
    let (t, role) = pick_transition(&view, "resubmit", None)?;
    let t = t.clone();
    let mut merged = s.clone();
    // Files already on the case count as given unless a new one replaces them.
    let existing = store::attachments(&state.db, view.case.id).await?;
    let data = {
        let mut input = FormInput {
            values: merged.values.clone(),
            files: BTreeMap::new(),
        };
        for a in &existing {
            let kind = a.content_type.rsplit('/').next().map(|k| {
                if k == "jpeg" {
                    "jpg".to_owned()
                } else {
                    k.to_owned()
                }
            });
            input.files.insert(
                a.field.clone(),
                FileMeta {
                    size_bytes: u64::try_from(a.size_bytes).unwrap_or(0),
                    sniffed_kind: kind,
                },
            );
        }
        for u in &merged.uploads {
            if !u.bytes.is_empty() {
                input.files.insert(
                    u.field.clone(),
                    FileMeta {
                        size_bytes: u.bytes.len() as u64,
                        sniffed_kind: files::sniff(&u.bytes).map(str::to_owned),
                    },
                );
            }
        }
        view.def
            .form
            .validate(&input, today())
            .map_err(|e| AppError::Invalid(field_problems(e)))?
    };
    let data_json = serde_json::Value::Object(data.into_map().into_iter().collect()).to_string();
    let revision = view.case.revision + 1;
    let mut stored = Vec::new();
    for u in merged.uploads.drain(..) {
        if u.bytes.is_empty() {
            continue;
        }
        let kind = files::sniff(&u.bytes).unwrap_or("bin");
        let key = files::put(&state.files, u.bytes.clone()).await?;
        stored.push((u, key, files::content_type(kind)));
    }
    move_case(state, user, &view, &t, role, None, Some(&data_json), meta).await?;
    if !stored.is_empty() {
        let mut tx = state.db.begin().await?;
        for (u, key, content_type) in &stored {
            store::add_attachment(
                &mut tx,
                &NewAttachment {
                    application_id: view.case.id,
                    field: &u.field,
                    filename: &sanitize_filename(&u.filename),
                    content_type,
                    size_bytes: i64::try_from(u.bytes.len()).unwrap_or(i64::MAX),
                    sha256: &files::sha256_hex(&u.bytes),
                    storage_key: key,
                    revision,
                },
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(t.to)
}

/// Claims an unassigned case (or takes it over) for the acting officer.
pub async fn claim(
    state: &AppState,
    user: &SessionUser,
    reference: &str,
    meta: &Meta,
) -> Result<(), AppError> {
    let view = open(state, user, reference, meta).await?;
    if !can(
        Some(user),
        Action::WorkCases,
        Resource::Agency(view.case.agency_id),
    ) {
        return Err(AppError::NOT_FOUND);
    }
    let mut tx = state.db.begin().await?;
    if !store::assign(&mut tx, view.case.id, view.case.revision, Some(user.id)).await? {
        return Err(AppError::Kind(ErrorKind::Conflict));
    }
    audit::append(
        &mut tx,
        &AuditEntry {
            actor_id: Some(user.id),
            actor: &user.email,
            action: "application.assign",
            subject: &format!("application:{reference}"),
            request_id: &meta.request_id,
            details: serde_json::json!({ "assignee_id": user.id, "previous": view.case.assignee_id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What anyone may learn from a reference: no personal data.
#[derive(Debug, Clone)]
pub struct PublicStatus {
    pub reference: String,
    pub service_name: String,
    pub status_label: String,
    pub submitted_on: Option<Date>,
    pub due_date: Option<Date>,
    pub decided: bool,
}

/// Why a tracking lookup found nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackError {
    /// Mistyped: the check character does not match, or the shape is wrong.
    Malformed,
    /// Well formed but no such case.
    Unknown,
}

/// Public tracking by reference.
pub async fn track(
    state: &AppState,
    raw: &str,
    lang: Lang,
) -> Result<Result<PublicStatus, TrackError>, AppError> {
    let Ok(reference) = Reference::parse(raw) else {
        return Ok(Err(TrackError::Malformed));
    };
    let Some(case) = store::by_reference(&state.db, &reference.to_string()).await? else {
        return Ok(Err(TrackError::Unknown));
    };
    let def = catalog_store::service_definition(&state.db, case.service_id, case.service_version)
        .await?
        .ok_or_else(|| AppError::Internal("service version missing".into()))?;
    let status_label = def
        .workflow
        .state(&case.status)
        .map_or_else(|| case.status.clone(), |s| s.label.get(lang).to_owned());
    Ok(Ok(PublicStatus {
        reference: case.reference,
        service_name: def.name.get(lang).to_owned(),
        status_label,
        submitted_on: case
            .submitted_at
            .map(|t| (t + time::Duration::hours(7)).date()),
        due_date: case.due_date,
        decided: def.workflow.is_terminal(&case.status),
    }))
}
