//! Application operations, shared by the HTML pages and the JSON API. Authorisation is
//! asked of [`crate::authz::can`]; every write commits with its timeline entry, audit
//! entry and notification, or not at all.

use std::collections::BTreeMap;

use bytes::Bytes;
use gerbang_domain::accounts::{AccountKind, Email};
use gerbang_domain::calendar::add_working_days;
use gerbang_domain::catalog::{Audience, ServiceDef};
use gerbang_domain::form::{FieldType, FileMeta, FormInput};
use gerbang_domain::i18n::Lang;
use gerbang_domain::oversight::{self, ReadFacts};
use gerbang_domain::reference::{MAX_NUMBER, Reference};
use gerbang_domain::time_zone::TimeZone;
use gerbang_domain::webhooks::EventType;
use gerbang_domain::workflow::{ActorRole, Transition, WorkflowError};
use gerbang_store::applications::{
    self as store, CaseRow, DraftFileRow, NewAttachment, NewCase, NewEvent,
};
use gerbang_store::audit;
use gerbang_store::catalog::{self as catalog_store, ServiceRow};
use gerbang_store::{Conn, StoreError, Tx};
use time::{Date, OffsetDateTime};

use crate::App;
use crate::accounts::service::{CheckedAccount, Meta};
use crate::applications::files;
use crate::authz::{Action, CaseFacts, Move, Resource, allows, check};
use crate::error::{AppError, ErrorKind, FieldProblem};
use crate::i18n;
use crate::user::SessionUser;

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
    /// The API remembers its answer under the idempotency key in the application's own
    /// transaction, so that no crash can leave a case without its remembered answer.
    pub remember: Option<Remember>,
    /// The web form: a file kept with the applicant's draft counts as uploaded, and when
    /// the form comes back with errors, the files that passed are kept for the next try.
    pub with_draft_files: bool,
}

/// How to remember the answer to an idempotent API submission.
#[derive(Debug, Clone)]
pub struct Remember {
    /// The fingerprint of the request, to refuse the key's reuse with another one.
    pub request_hash: String,
    /// The answer's body.
    pub body: fn(&Submitted) -> serde_json::Value,
}

/// The answer to a submission.
#[derive(Debug, Clone)]
pub struct Submitted {
    pub reference: String,
    pub status: String,
    pub submitted_at: OffsetDateTime,
    /// False when an earlier submission with the same idempotency key was returned.
    pub created: bool,
    /// Filed at the counter for someone without an account: one was created.
    pub new_account: bool,
}

/// Today in time zone `tz`, by the application's clock.
pub fn today_in(state: &App, tz: TimeZone) -> Date {
    tz.date(state.clock.now())
}

/// Today in the platform's default zone (for views across agencies, such as the inbox).
pub fn platform_today(state: &App) -> Date {
    today_in(state, TimeZone::default())
}

/// A fresh random reference (40 bits: collisions are rare and retried).
pub(crate) fn random_reference() -> Result<String, AppError> {
    let n: u64 = rand::random::<u64>() & MAX_NUMBER;
    Reference::from_number(n)
        .map(|r| r.to_string())
        .ok_or_else(|| AppError::Internal(format!("{n} is out of the reference range")))
}

/// A service's row and its definition at `version`: from the catalogue held in memory
/// when that is its current version (most cases), from the database otherwise. Reads
/// through `conn` only.
async fn service_at(
    state: &App,
    mut conn: Conn<'_>,
    service_id: i64,
    version: i32,
) -> Result<Option<(ServiceRow, ServiceDef)>, AppError> {
    if let Some(catalogue) = state.catalog.held()
        && let Some(entry) = catalogue.at_version(service_id, version)
    {
        return Ok(Some((entry.row.clone(), ServiceDef::clone(&entry.def))));
    }
    let Some(def) = catalog_store::service_definition(conn.re(), service_id, version).await? else {
        return Ok(None);
    };
    let Some(row) = catalog_store::service_by_id(conn.re(), service_id).await? else {
        return Ok(None);
    };
    Ok(Some((row, def)))
}

/// Loads a service and its current definition.
pub async fn current_service(
    state: &App,
    slug: &str,
) -> Result<(ServiceRow, ServiceDef), AppError> {
    let catalogue = state.catalogue().await?;
    let entry = catalogue.service(slug).ok_or(AppError::NOT_FOUND)?;
    Ok((entry.row.clone(), ServiceDef::clone(&entry.def)))
}

/// What the applicant's sign-in lacks for a service that asks a minimum assurance: the
/// provider and level to sign in again with; `None` when nothing is missing.
pub fn assurance_gap(
    state: &App,
    user: &SessionUser,
    def: &ServiceDef,
) -> Option<gerbang_domain::catalog::Assurance> {
    let need = def.assurance.as_ref()?;
    let met = user.credential.provider.as_deref() == Some(need.provider.as_str())
        && state
            .config
            .oidc_providers
            .iter()
            .find(|p| p.id == need.provider)
            .is_some_and(|p| {
                crate::accounts::oidc::acr_at_least(p, user.credential.acr.as_deref(), &need.acr)
            });
    (!met).then(|| need.clone())
}

fn audience_of(kind: AccountKind) -> Option<Audience> {
    match kind {
        AccountKind::Citizen => Some(Audience::Citizen),
        AccountKind::Business => Some(Audience::Business),
        AccountKind::Staff => None,
    }
}

/// Translates validation errors into field problems (message ids `field-error-<code>`),
/// each naming its field (`$subject`) and saying what kind of answer it takes (`$kind`:
/// "Enter", "Choose", "Upload" or "Tick" the name of the field).
fn field_problems(
    form: &gerbang_domain::form::FormSchema,
    errors: Vec<gerbang_domain::form::FieldError>,
) -> Vec<FieldProblem> {
    errors
        .into_iter()
        .map(|e| {
            let def = form.fields.iter().find(|f| f.name == e.field);
            let mut args: Vec<(&'static str, String)> = e
                .code
                .params()
                .into_iter()
                .map(|(k, v)| (k, v.to_string()))
                .collect();
            args.push((
                "kind",
                def.map_or("text", |f| answer_kind(f.kind)).to_owned(),
            ));
            FieldProblem {
                message_id: format!("field-error-{}", e.code.code()),
                args,
                subject: def.map(|f| f.subject_text()),
                field: e.field,
            }
        })
        .collect()
}

/// How a person answers a field of this type, as the `$kind` of its error messages.
fn answer_kind(kind: gerbang_domain::form::FieldType) -> &'static str {
    use gerbang_domain::form::FieldType;
    match kind {
        FieldType::Select => "select",
        FieldType::File => "file",
        FieldType::Checkbox => "checkbox",
        _ => "text",
    }
}

/// Validates the answers against the form; the sniffed kind of each upload is what counts.
/// `kept` are files kept with the draft for fields this submission uploads nothing to.
fn validate(
    def: &ServiceDef,
    s: &Submission,
    kept: &[DraftFileRow],
    today: Date,
) -> Result<serde_json::Map<String, serde_json::Value>, AppError> {
    let mut input = FormInput {
        values: s.values.clone(),
        files: BTreeMap::new(),
    };
    for k in kept {
        input.files.insert(
            k.field.clone(),
            FileMeta {
                size_bytes: u64::try_from(k.size_bytes).unwrap_or(0),
                sniffed_kind: k.sniffed_kind.clone(),
            },
        );
    }
    for u in s.uploads.iter().filter(|u| !u.bytes.is_empty()) {
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
        .validate(&input, today)
        .map_err(|e| AppError::Invalid(field_problems(&def.form, e)))?;
    Ok(data.into_map().into_iter().collect())
}

/// The applicant a counter officer applies for: an existing account, or a new citizen
/// account (checked now, written in the submission's own transaction). The password is
/// random and never shown: the citizen claims the account through password recovery.
enum CounterApplicant {
    Existing(i64),
    New(Box<CheckedAccount>),
}

async fn counter_applicant(
    state: &App,
    email: &str,
    name: &str,
) -> Result<CounterApplicant, AppError> {
    let email_ok = Email::parse(email).map_err(|_| {
        AppError::Invalid(vec![FieldProblem::new(
            "applicant_email",
            "error-email-invalid",
        )])
    })?;
    if let Some(u) = gerbang_store::accounts::user_by_email(&state.db, &email_ok).await? {
        return Ok(CounterApplicant::Existing(u.id));
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
        password: crate::user::new_token(),
        kind: AccountKind::Citizen,
        roles: Vec::new(),
        is_demo: false,
        lang: Lang::Id,
        welcome: Some("counter-account"),
    };
    Ok(CounterApplicant::New(Box::new(
        crate::accounts::service::check_account(&state.db, &state.config, &acc).await?,
    )))
}

fn already(existing: CaseRow) -> Submitted {
    Submitted {
        reference: existing.reference,
        status: existing.status,
        submitted_at: existing.submitted_at.unwrap_or(existing.created_at),
        created: false,
        new_account: false,
    }
}

/// Files an application. Validates every field at once; on success the case (and, at the
/// counter, the new applicant account), its first timeline entry, its attachments, its
/// invoice, the audit entry and the confirmation email commit together, or nothing does.
pub async fn submit(
    state: &App,
    user: &SessionUser,
    slug: &str,
    s: Submission,
    meta: &Meta,
) -> Result<Submitted, AppError> {
    if s.on_behalf_of.is_none() {
        check(Some(user), Action::Apply, Resource::Platform)?;
    }
    let (row, def) = current_service(state, slug).await?;
    let (applicant, assisted) = match &s.on_behalf_of {
        Some((email, name)) => {
            // Ask first whether this officer may file here at all, then for whom.
            let me = CaseFacts {
                agency: row.agency_id,
                applicant: 0,
                filed_by: user.id,
                money_recorded_by: &[],
                decided_by: &[],
            };
            check(Some(user), Action::FileAtCounter, Resource::Case(me))?;
            let applicant = counter_applicant(state, email, name).await?;
            if let CounterApplicant::Existing(id) = applicant {
                check(
                    Some(user),
                    Action::FileAtCounter,
                    Resource::Case(CaseFacts {
                        applicant: id,
                        ..me
                    }),
                )?;
            }
            (applicant, true)
        }
        None => {
            if assurance_gap(state, user, &def).is_some() {
                return Err(AppError::Kind(ErrorKind::AssuranceRequired));
            }
            let allowed = audience_of(user.kind).is_some_and(|a| def.audience.contains(&a));
            if !allowed {
                return Err(AppError::Invalid(vec![FieldProblem::new(
                    "service",
                    "error-audience",
                )]));
            }
            (CounterApplicant::Existing(user.id), false)
        }
    };
    if let (Some(key), CounterApplicant::Existing(id)) = (&s.idempotency_key, &applicant)
        && let Some(existing) = store::by_idempotency_key(&state.db, *id, key).await?
    {
        return Ok(already(existing));
    }
    // The agency's today: due dates count in the zone it works in.
    let today = today_in(state, row.time_zone());
    let kept = if s.with_draft_files && !assisted {
        kept_files(state, user.id, row.id, &s.uploads).await?
    } else {
        Vec::new()
    };
    // Consented lookups ask the providers once the answers are valid; their answers are
    // the case's evidence. Either refusal keeps the uploads that passed with the draft.
    let applicant_for_lookups = match &applicant {
        CounterApplicant::Existing(id) => Some(*id),
        CounterApplicant::New(_) => None,
    };
    let asker = crate::exchange::FormAsker {
        consumer_agency_id: row.agency_id,
        consumer: &row.agency_slug,
        applicant: applicant_for_lookups,
        actor: user.id,
    };
    let checked = async {
        let mut data = validate(&def, &s, &kept, today)?;
        let pending =
            crate::exchange::lookups_for_submission(state, &def.form.fields, &mut data, &asker)
                .await?;
        Ok::<_, AppError>((data, pending))
    }
    .await;
    let (data, lookups) = match checked {
        Ok(checked) => checked,
        Err(AppError::Invalid(problems)) => {
            if s.with_draft_files && !assisted {
                keep_passed_uploads(state, user, &row, &s.uploads, &problems, meta).await?;
            }
            return Err(AppError::Invalid(problems));
        }
        Err(e) => return Err(e),
    };
    let data_json = serde_json::Value::Object(data).to_string();

    // Bytes go to object storage first; the rows pointing at them commit below.
    let mut stored = store_uploads(state, &s.uploads).await?;
    stored.extend(kept.into_iter().map(StoredUpload::from));
    let due = add_working_days(today, def.sla_days, &state.config.holidays);
    let version = i32::try_from(def.version).unwrap_or(i32::MAX);
    for _attempt in 0..5 {
        let reference = random_reference()?;
        let mut tx = state.db.begin().await?;
        let applicant_id = match &applicant {
            CounterApplicant::Existing(id) => *id,
            CounterApplicant::New(acc) => {
                crate::accounts::service::insert_account(&mut tx, state, acc, meta).await?
            }
        };
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
                    return Ok(already(existing));
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
        add_attachments(&mut tx, id, &stored, 1).await?;
        for l in &lookups {
            l.write(&mut tx, state, &reference, applicant_id, user.id)
                .await?;
        }
        let what = if assisted {
            CaseMail::SubmittedAssisted
        } else {
            CaseMail::Submitted
        };
        notify_applicant(
            &mut tx,
            state,
            applicant_id,
            &reference,
            &def,
            &def.workflow.initial,
            what,
        )
        .await?;
        store::delete_draft(&mut tx, applicant_id, row.id).await?;
        let done = Submitted {
            reference,
            status: def.workflow.initial.clone(),
            submitted_at: state.clock.now(),
            created: true,
            new_account: matches!(applicant, CounterApplicant::New(_)),
        };
        if let (Some(key), Some(r)) = (&s.idempotency_key, &s.remember) {
            gerbang_store::api_tokens::idempotency::put(
                &mut tx,
                user.id,
                key,
                &r.request_hash,
                201,
                &(r.body)(&done).to_string(),
            )
            .await?;
        }
        tx.commit().await?;
        return Ok(done);
    }
    Err(AppError::Internal(
        "could not draw a free reference number".into(),
    ))
}

/// An upload whose bytes are in object storage, waiting for its row.
struct StoredUpload {
    field: String,
    filename: String,
    size_bytes: i64,
    content_type: &'static str,
    sha256: String,
    key: String,
    /// The kind judged from the bytes, if any (`pdf`, `jpg`, `png`).
    sniffed: Option<String>,
}

impl From<DraftFileRow> for StoredUpload {
    fn from(k: DraftFileRow) -> Self {
        StoredUpload {
            content_type: files::content_type(k.sniffed_kind.as_deref().unwrap_or("bin")),
            field: k.field,
            filename: k.filename,
            size_bytes: k.size_bytes,
            sha256: k.sha256,
            key: k.storage_key,
            sniffed: k.sniffed_kind,
        }
    }
}

impl StoredUpload {
    fn draft_row(&self) -> DraftFileRow {
        DraftFileRow {
            field: self.field.clone(),
            filename: self.filename.clone(),
            content_type: self.content_type.to_owned(),
            sniffed_kind: self.sniffed.clone(),
            size_bytes: self.size_bytes,
            sha256: self.sha256.clone(),
            storage_key: self.key.clone(),
        }
    }
}

/// The files kept with the applicant's draft for the fields this submission uploads
/// nothing new to.
async fn kept_files(
    state: &App,
    user_id: i64,
    service_id: i64,
    uploads: &[Upload],
) -> Result<Vec<DraftFileRow>, AppError> {
    let fresh = |field: &str| {
        uploads
            .iter()
            .any(|u| u.field == field && !u.bytes.is_empty())
    };
    Ok(store::draft_files(&state.db, user_id, service_id)
        .await?
        .into_iter()
        .filter(|k| !fresh(&k.field))
        .collect())
}

/// Keeps stored uploads with the applicant's draft of the service (replacing what the
/// draft held for those fields), in `tx`; the bytes went to object storage before the
/// transaction opened. Returns the storage keys nothing points at any more, to remove
/// once the transaction has committed.
async fn keep_uploads(
    tx: &mut Tx,
    user_id: i64,
    service_id: i64,
    stored: &[StoredUpload],
) -> Result<Vec<String>, AppError> {
    let mut replaced = Vec::new();
    for s in stored {
        if let Some(old) = store::put_draft_file(tx, user_id, service_id, &s.draft_row()).await? {
            replaced.push(old);
        }
    }
    Ok(replaced)
}

/// Removes bytes nothing points at any more. Best effort: a failure leaves an orphan
/// object behind, never a broken record.
async fn forget_objects(state: &App, keys: Vec<String>) {
    for key in keys {
        if let Err(e) = files::delete(&state.files, &key).await {
            tracing::warn!(%key, error = %e, "could not remove a replaced draft file");
        }
    }
}

/// A form came back with errors: the uploads to fields without an error are kept with
/// the draft, so the applicant does not choose them again.
async fn keep_passed_uploads(
    state: &App,
    user: &SessionUser,
    row: &ServiceRow,
    uploads: &[Upload],
    problems: &[FieldProblem],
    meta: &Meta,
) -> Result<(), AppError> {
    // Cheap clones: the bytes are shared.
    let passed: Vec<Upload> = uploads
        .iter()
        .filter(|u| !problems.iter().any(|p| p.field == u.field))
        .cloned()
        .collect();
    let passed = store_uploads(state, &passed).await?;
    if passed.is_empty() {
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    let replaced = keep_uploads(&mut tx, user.id, row.id, &passed).await?;
    meta.audit(
        "application.draft_files_keep",
        &format!("service:{}", row.slug),
    )
    .details(serde_json::json!({ "fields": passed.iter().map(|u| &u.field).collect::<Vec<_>>() }))
    .append(&mut tx)
    .await?;
    tx.commit().await?;
    forget_objects(state, replaced).await;
    Ok(())
}

async fn store_uploads(state: &App, uploads: &[Upload]) -> Result<Vec<StoredUpload>, AppError> {
    let mut stored = Vec::new();
    for u in uploads {
        if u.bytes.is_empty() {
            continue;
        }
        let kind = files::sniff(&u.bytes);
        stored.push(StoredUpload {
            field: u.field.clone(),
            filename: sanitize_filename(&u.filename),
            size_bytes: i64::try_from(u.bytes.len()).unwrap_or(i64::MAX),
            content_type: files::content_type(kind.unwrap_or("bin")),
            sha256: files::sha256_hex(&u.bytes),
            key: files::put(&state.files, u.bytes.clone()).await?,
            sniffed: kind.map(str::to_owned),
        });
    }
    Ok(stored)
}

async fn add_attachments(
    tx: &mut Tx,
    application_id: i64,
    stored: &[StoredUpload],
    revision: i32,
) -> Result<(), AppError> {
    for u in stored {
        store::add_attachment(
            tx,
            &NewAttachment {
                application_id,
                field: &u.field,
                filename: &u.filename,
                content_type: u.content_type,
                size_bytes: u.size_bytes,
                sha256: &u.sha256,
                storage_key: &u.key,
                revision,
            },
        )
        .await?;
    }
    Ok(())
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
            internal: false,
        },
    )
    .await?;
    let action = if assisted {
        "application.submit_assisted"
    } else {
        "application.submit"
    };
    meta.audit(action, &format!("application:{reference}"))
        .details(serde_json::json!({ "service": def.slug, "version": def.version }))
        .append(tx)
        .await?;
    Ok(())
}

/// "Check and fill in" on an application form: the lookup field `field` asks its data
/// service now, with the answers typed so far (`values`, as the form sent them). Its
/// consent box must be ticked and the NIK and the answers it checks valid. Returns `values`
/// with the fields the record fills in; the applicant can still change them before sending.
/// At a counter (`on_behalf`), the call names no applicant: the account may not exist yet.
pub async fn prefill(
    state: &App,
    user: &SessionUser,
    slug: &str,
    field: &str,
    values: &BTreeMap<String, String>,
    on_behalf: bool,
) -> Result<BTreeMap<String, String>, AppError> {
    let (row, def) = current_service(state, slug).await?;
    if on_behalf {
        let me = CaseFacts {
            agency: row.agency_id,
            applicant: 0,
            filed_by: user.id,
            money_recorded_by: &[],
            decided_by: &[],
        };
        check(Some(user), Action::FileAtCounter, Resource::Case(me))?;
    } else {
        check(Some(user), Action::Apply, Resource::Platform)?;
        if assurance_gap(state, user, &def).is_some() {
            return Err(AppError::Kind(ErrorKind::AssuranceRequired));
        }
    }
    let lookup = def
        .form
        .fields
        .iter()
        .find(|f| f.name == field)
        .and_then(|f| Some((f, f.lookup.as_ref()?)))
        .ok_or(AppError::Kind(ErrorKind::NotFound))?;
    let (consent, l) = lookup;
    // Only what the call needs is checked now; the rest when the form is sent.
    let needed: Vec<_> = def
        .form
        .fields
        .iter()
        .filter(|f| f.name == l.input || l.verify.contains_key(&f.name))
        .cloned()
        .collect();
    let input = FormInput {
        values: values.clone(),
        files: BTreeMap::new(),
    };
    let part = gerbang_domain::form::FormSchema { fields: needed };
    let today = today_in(state, row.time_zone());
    let mut problems = Vec::new();
    if values.get(field).is_none_or(|v| v != "on" && v != "true") {
        problems.push(FieldProblem::about(
            field,
            "error-lookup-consent",
            consent.subject_text(),
        ));
    }
    let data = match part.validate(&input, today) {
        Ok(data) => data.into_map().into_iter().collect(),
        Err(e) => {
            problems.extend(field_problems(&part, e));
            serde_json::Map::new()
        }
    };
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let asker = crate::exchange::FormAsker {
        consumer_agency_id: row.agency_id,
        consumer: &row.agency_slug,
        applicant: (!on_behalf).then_some(user.id),
        actor: user.id,
    };
    let filled = crate::exchange::prefill(state, &def.form.fields, field, &data, &asker).await?;
    let mut values = values.clone();
    values.extend(filled);
    Ok(values)
}

/// Saves the typed answers as a draft, with the files chosen (each replacing what the
/// draft held for its field).
pub async fn save_draft(
    state: &App,
    user: &SessionUser,
    slug: &str,
    values: &BTreeMap<String, String>,
    uploads: &[Upload],
    meta: &Meta,
) -> Result<(), AppError> {
    check(Some(user), Action::Apply, Resource::Platform)?;
    let (row, def) = current_service(state, slug).await?;
    let is_field = |k: &str| {
        def.form.fields.iter().any(|f| {
            f.name == k
                || (f.kind == gerbang_domain::form::FieldType::Date
                    && gerbang_domain::form::DatePart::ALL
                        .iter()
                        .any(|p| p.input_name(&f.name) == k))
        })
    };
    let known: BTreeMap<&String, &String> = values.iter().filter(|(k, _)| is_field(k)).collect();
    let data =
        serde_json::to_string(&known).map_err(|e| AppError::Internal(format!("draft: {e}")))?;
    if data.len() > 256 * 1024 {
        return Err(AppError::Kind(ErrorKind::PayloadTooLarge));
    }
    // Bytes go to object storage before the transaction opens.
    let chosen: Vec<Upload> = uploads
        .iter()
        .filter(|u| file_field(&def, &u.field))
        .cloned()
        .collect();
    let chosen = store_uploads(state, &chosen).await?;
    let mut tx = state.db.begin().await?;
    store::save_draft(&mut tx, user.id, row.id, &data).await?;
    let replaced = keep_uploads(&mut tx, user.id, row.id, &chosen).await?;
    meta.audit("application.draft_save", &format!("service:{slug}"))
        .details(
            serde_json::json!({ "files": chosen.iter().map(|u| &u.field).collect::<Vec<_>>() }),
        )
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    forget_objects(state, replaced).await;
    Ok(())
}

fn file_field(def: &ServiceDef, name: &str) -> bool {
    def.form
        .fields
        .iter()
        .any(|f| f.name == name && f.kind == gerbang_domain::form::FieldType::File)
}

/// Throws a draft away: its answers and its kept files.
pub async fn discard_draft(
    state: &App,
    user: &SessionUser,
    slug: &str,
    meta: &Meta,
) -> Result<(), AppError> {
    let (row, _) = current_service(state, slug).await?;
    let mut tx = state.db.begin().await?;
    let kept = store::draft_files(&mut tx, user.id, row.id).await?;
    store::delete_draft(&mut tx, user.id, row.id).await?;
    meta.audit("application.draft_discard", &format!("service:{slug}"))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    forget_objects(state, kept.into_iter().map(|k| k.storage_key).collect()).await;
    Ok(())
}

/// The files kept with the applicant's draft of a service, by field.
pub async fn draft_files(
    state: &App,
    user: &SessionUser,
    service_id: i64,
) -> Result<Vec<DraftFileRow>, AppError> {
    Ok(store::draft_files(&state.db, user.id, service_id).await?)
}

/// The applicant's saved drafts, most recent first.
pub async fn drafts(state: &App, user: &SessionUser) -> Result<Vec<store::DraftListRow>, AppError> {
    Ok(store::drafts_of(&state.db, user.id).await?)
}

/// The answers saved in a draft, if any.
pub async fn draft(
    state: &App,
    user: &SessionUser,
    service_id: i64,
) -> Result<BTreeMap<String, String>, AppError> {
    match store::draft(&state.db, user.id, service_id).await? {
        Some(text) => Ok(serde_json::from_str(&text).map_err(StoreError::from)?),
        None => Ok(BTreeMap::new()),
    }
}

/// A saved draft, read back: the answers as the form or the API sent them, the files kept
/// with it, and when it was last saved.
#[derive(Debug, Clone)]
pub struct SavedDraft {
    pub service_slug: String,
    pub values: BTreeMap<String, String>,
    pub files: Vec<DraftFileRow>,
    pub saved_at: OffsetDateTime,
}

/// The caller's draft of the service `slug`: not found when the service is unknown or no
/// draft of it is saved.
pub async fn saved_draft(
    state: &App,
    user: &SessionUser,
    slug: &str,
) -> Result<SavedDraft, AppError> {
    let (row, _) = current_service(state, slug).await?;
    let saved_at = store::drafts_of(&state.db, user.id)
        .await?
        .into_iter()
        .find(|d| d.service_id == row.id)
        .map(|d| d.updated_at)
        .ok_or(AppError::Kind(ErrorKind::NotFound))?;
    Ok(SavedDraft {
        service_slug: row.slug.clone(),
        values: draft(state, user, row.id).await?,
        files: draft_files(state, user, row.id).await?,
        saved_at,
    })
}

/// Keeps a filename displayable and harmless in a `Content-Disposition` header.
pub(crate) fn sanitize_filename(name: &str) -> String {
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

/// What an email about a case says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseMail<'a> {
    Submitted,
    /// Filed at the counter by an officer.
    SubmittedAssisted,
    /// The applicant sent a correction.
    Resubmitted,
    /// Staff moved the case (a correction asked for, a decision...), with the comment
    /// meant for the applicant, if any.
    Moved(Option<&'a str>),
}

/// Queues the email telling the applicant what happened to their case, in the
/// applicant's language.
async fn notify_applicant(
    tx: &mut Tx,
    state: &App,
    applicant_id: i64,
    reference: &str,
    def: &ServiceDef,
    status: &str,
    what: CaseMail<'_>,
) -> Result<(), AppError> {
    use crate::notify::messages::{Message, Recipient, queue};
    let Some(applicant) = gerbang_store::accounts::user_by_id(&mut *tx, applicant_id).await? else {
        return Ok(());
    };
    let to = Recipient::from(&applicant);
    let status_label = def
        .workflow
        .state(status)
        .map_or(status, |s| s.label.get(to.lang));
    let kind = match what {
        CaseMail::Submitted => "submitted",
        CaseMail::SubmittedAssisted => "submitted-assisted",
        CaseMail::Resubmitted => "resubmitted",
        CaseMail::Moved(_) if def.workflow.awaits_resubmission(status) => "correction",
        CaseMail::Moved(_) => "status",
    };
    let mut message = Message::new(kind)
        .arg("reference", reference)
        .arg("service", def.name.get(to.lang))
        .arg("status", status_label)
        .arg(
            "link",
            format!("{}/applications/{reference}", state.config.public_url),
        );
    let mut extra = Vec::new();
    if let CaseMail::Moved(Some(c)) = what {
        extra.push(i18n::t_args(
            to.lang,
            "mail-comment",
            &[("comment", c.to_owned().into())],
        ));
    }
    if matches!(what, CaseMail::Moved(_)) && def.workflow.is_terminal(status) {
        // The decision is in: invite the applicant to the satisfaction survey.
        extra.push(i18n::t_args(
            to.lang,
            "mail-survey-invitation",
            &[(
                "link",
                format!(
                    "{}/applications/{reference}/survey",
                    state.config.public_url
                )
                .into(),
            )],
        ));
    }
    if !extra.is_empty() {
        message.extra = Some(extra.join("\n\n"));
    }
    queue(tx, &state.config, &to, &message).await
}

/// A case as one viewer may see it.
#[derive(Debug, Clone)]
pub struct CaseView {
    pub case: CaseRow,
    pub service: ServiceRow,
    pub def: ServiceDef,
    /// The roles the viewer acts in on this case now (from the transitions they may take).
    pub roles: Vec<ActorRole>,
    pub data: serde_json::Map<String, serde_json::Value>,
    /// The viewer reads it as agency staff (the read is audited).
    pub staff_reader: bool,
    /// The viewer may see the case's invoice and payments.
    pub payments_visible: bool,
    /// Indexes into the workflow's transitions the viewer may take now.
    allowed: Vec<usize>,
    money_recorded_by: Vec<i64>,
    decided_by: Vec<i64>,
}

impl CaseView {
    /// True when the viewer is the applicant.
    pub fn is_applicant(&self) -> bool {
        self.roles.contains(&ActorRole::Applicant)
    }

    /// The actions the viewer may take now (one per action name).
    pub fn actions(&self) -> Vec<&Transition> {
        let mut out: Vec<&Transition> = Vec::new();
        for t in self
            .allowed
            .iter()
            .map(|i| &self.def.workflow.transitions[*i])
        {
            if !out.iter().any(|o| o.action == t.action) {
                out.push(t);
            }
        }
        out
    }

    /// True when the case reached an outcome that issues the output document.
    pub fn issued_document(&self) -> bool {
        self.def
            .workflow
            .outcome(&self.case.status)
            .is_some_and(|o| o.issues_document)
    }

    /// The case as the authorisation decision sees it.
    pub fn facts(&self) -> CaseFacts<'_> {
        CaseFacts {
            agency: self.case.agency_id,
            applicant: self.case.applicant_id,
            filed_by: self.case.submitted_by,
            money_recorded_by: &self.money_recorded_by,
            decided_by: &self.decided_by,
        }
    }
}

/// The authorisation facts of a case: who recorded money on it and who decided it.
pub async fn case_facts(
    mut conn: Conn<'_>,
    case: &CaseRow,
    def: &ServiceDef,
) -> Result<(Vec<i64>, Vec<i64>), AppError> {
    let money = gerbang_store::payments::money_recorders(conn.re(), case.id).await?;
    let wf = &def.workflow;
    let mut decided = Vec::new();
    for e in store::events(conn.re(), case.id).await? {
        let deciding = wf.transitions.iter().any(|t| {
            Some(t.from.as_str()) == e.from_status.as_deref()
                && t.action == e.action
                && t.to == e.to_status
                && wf.decides(t)
        });
        if let (true, Some(actor)) = (deciding, e.actor_id)
            && !decided.contains(&actor)
        {
            decided.push(actor);
        }
    }
    Ok((money, decided))
}

/// Loads a case for `user`, or 404 when they may not read it (so that references
/// cannot be probed). Reads through `conn` only.
async fn load(
    state: &App,
    conn: Conn<'_>,
    user: &SessionUser,
    reference: &str,
) -> Result<CaseView, AppError> {
    let view = facts_of(state, conn, user, reference).await?;
    check(Some(user), Action::ReadCase, Resource::Case(view.facts()))?;
    Ok(view)
}

/// A case with what `user` may do on it, for features that ask the decision about other
/// actions on it (payments): the caller must [`check`] its own action on [`CaseView::facts`].
pub async fn facts_for(
    state: &App,
    user: &SessionUser,
    reference: &str,
) -> Result<CaseView, AppError> {
    facts_of(state, Conn::Pool(&state.db), user, reference).await
}

async fn facts_of(
    state: &App,
    mut conn: Conn<'_>,
    user: &SessionUser,
    reference: &str,
) -> Result<CaseView, AppError> {
    let case = store::by_reference(conn.re(), reference)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let (service, def) = service_at(state, conn.re(), case.service_id, case.service_version)
        .await?
        .ok_or_else(|| {
            AppError::Internal(format!(
                "case {reference}: service version {} missing",
                case.service_version
            ))
        })?;
    // Who handled the case's money and who decided it only matter to staff (separation of
    // duties); a citizen or business reading their own case is spared the two queries.
    let (money_recorded_by, decided_by) = if user.is_staff() {
        case_facts(conn.re(), &case, &def).await?
    } else {
        (Vec::new(), Vec::new())
    };
    let mut view = CaseView {
        service,
        data: serde_json::from_str(&case.data).map_err(StoreError::from)?,
        case,
        def,
        roles: Vec::new(),
        staff_reader: false,
        payments_visible: false,
        allowed: Vec::new(),
        money_recorded_by,
        decided_by,
    };
    view.staff_reader = user.id != view.case.applicant_id;
    view.payments_visible = allows(
        Some(user),
        Action::ViewPayments,
        Resource::Case(view.facts()),
    );
    let wf = &view.def.workflow;
    let mut allowed = Vec::new();
    let mut roles = Vec::new();
    if user.id == view.case.applicant_id {
        roles.push(ActorRole::Applicant);
    }
    if !wf.is_terminal(&view.case.status) {
        for (i, t) in wf.transitions.iter().enumerate() {
            let mv = Move {
                role: t.role,
                decides: wf.decides(t),
            };
            if t.from == view.case.status
                && allows(
                    Some(user),
                    Action::Transition(mv),
                    Resource::Case(view.facts()),
                )
            {
                allowed.push(i);
                if !roles.contains(&t.role) {
                    roles.push(t.role);
                }
            }
        }
    }
    view.allowed = allowed;
    view.roles = roles;
    Ok(view)
}

/// The definition a case was filed under, for its reader (anyone else: 404).
pub async fn definition_of(
    state: &App,
    user: &SessionUser,
    reference: &str,
) -> Result<ServiceDef, AppError> {
    Ok(load(state, Conn::Pool(&state.db), user, reference)
        .await?
        .def)
}

/// A case's current status label, for its reader (anyone else: 404): what a refused
/// move says the case is now. Not a read of the applicant's data, so not audited.
pub async fn status_label_of(
    state: &App,
    user: &SessionUser,
    reference: &str,
    lang: Lang,
) -> Result<String, AppError> {
    let view = load(state, Conn::Pool(&state.db), user, reference).await?;
    Ok(view.def.workflow.state(&view.case.status).map_or_else(
        || view.case.status.clone(),
        |s| s.label.get(lang).to_owned(),
    ))
}

/// A case for `user` (its applicant or staff who work it; anyone else 404), without
/// recording a read: for what is not the applicant's data, such as a log proof.
pub async fn load_for(
    state: &App,
    user: &SessionUser,
    reference: &str,
) -> Result<CaseView, AppError> {
    load(state, Conn::Pool(&state.db), user, reference).await
}

/// How long after touching a case a staff member's next look at it counts as the same visit.
const SAME_VISIT: time::Duration = time::Duration::minutes(2);

/// Opens a case for `user` to look at: the applicant, or staff who work it. A staff read is
/// recorded in the audit log once per visit (not again for the page shown after an action).
pub async fn open(
    state: &App,
    user: &SessionUser,
    reference: &str,
    meta: &Meta,
) -> Result<CaseView, AppError> {
    let view = load(state, Conn::Pool(&state.db), user, reference).await?;
    if view.staff_reader {
        let subject = format!("application:{reference}");
        let since = state.clock.now() - SAME_VISIT;
        let mut tx = state.db.begin().await?;
        if !audit::touched_since(&mut tx, user.id, &subject, since).await? {
            let acted = view.money_recorded_by.contains(&user.id)
                || view.decided_by.contains(&user.id)
                || gerbang_store::applications::acted_on(&mut tx, view.case.id, user.id).await?;
            let basis = oversight::basis(ReadFacts {
                reader: user.id,
                assignee: view.case.assignee_id,
                reader_acted: acted,
                open: !view.def.workflow.is_terminal(&view.case.status),
            });
            meta.audit("application.read", &subject)
                .agency(view.case.agency_id)
                .flagged(basis.flagged())
                .details(serde_json::json!({
                    "applicant_id": view.case.applicant_id,
                    "basis": basis.as_str(),
                }))
                .append(&mut tx)
                .await?;
            tx.commit().await?;
        }
    }
    Ok(view)
}

/// Takes a workflow action. Refused actions change nothing: not possible in this state
/// 409, not for this actor 403, a missing required comment 422. The applicant's
/// resubmission goes through [`resubmit`], with the form.
pub async fn act(
    state: &App,
    user: &SessionUser,
    reference: &str,
    action: &str,
    comment: Option<&str>,
    meta: &Meta,
) -> Result<String, AppError> {
    let view = load(state, Conn::Pool(&state.db), user, reference).await?;
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    if comment.is_some_and(|c| c.chars().count() > 2000) {
        return Err(AppError::Invalid(vec![FieldProblem {
            field: "comment".into(),
            message_id: "error-too-long".into(),
            args: vec![("n", "2000".into())],
            subject: None,
        }]));
    }
    let transition = pick_transition(&view, user, action, comment)?.clone();
    if transition.resubmission {
        return Err(AppError::Kind(ErrorKind::Conflict));
    }
    move_case(state, user, &view, &transition, comment, None, meta).await?;
    Ok(transition.to)
}

/// The transition `user` takes by doing `action` on the case now, or the most telling refusal.
fn pick_transition<'a>(
    view: &'a CaseView,
    user: &SessionUser,
    action: &str,
    comment: Option<&str>,
) -> Result<&'a Transition, AppError> {
    let wf = &view.def.workflow;
    let mut refusal = AppError::Kind(ErrorKind::Conflict);
    for t in wf
        .transitions
        .iter()
        .filter(|t| t.from == view.case.status && t.action == action)
    {
        let mv = Move {
            role: t.role,
            decides: wf.decides(t),
        };
        if let Err(e) = check(
            Some(user),
            Action::Transition(mv),
            Resource::Case(view.facts()),
        ) {
            refusal = e;
            continue;
        }
        return match wf.apply(&view.case.status, action, t.role, comment) {
            Ok(t) => Ok(t),
            Err(WorkflowError::CommentRequired) => Err(AppError::Invalid(vec![FieldProblem::new(
                "comment",
                "error-comment-required",
            )])),
            Err(_) => Err(AppError::Kind(ErrorKind::Conflict)),
        };
    }
    Err(refusal)
}

fn role_name(role: ActorRole) -> &'static str {
    match role {
        ActorRole::Applicant => "applicant",
        ActorRole::Officer => "officer",
        ActorRole::Supervisor => "supervisor",
    }
}

/// Moves a case along `t` in one transaction with everything the move entails: the
/// timeline and audit entries, what the declared outcome means for the fee and the output
/// document, and the email to the applicant. `extra` runs inside the same transaction
/// (a resubmission's attachments). The document, when the outcome issues one, is rendered
/// before the transaction opens.
async fn move_case(
    state: &App,
    user: &SessionUser,
    view: &CaseView,
    t: &Transition,
    comment: Option<&str>,
    resubmitted: Option<(&str, &[StoredUpload])>,
    meta: &Meta,
) -> Result<(), AppError> {
    let wf = &view.def.workflow;
    let outcome = wf.outcome(&t.to);
    let document = match outcome {
        Some(o) if o.issues_document => {
            Some(crate::documents::service::prepare(state, &view.case, &view.def).await?)
        }
        _ => None,
    };
    let today = today_in(state, view.service.time_zone());
    let due = if wf.is_terminal(&t.to) {
        None
    } else if let Some(days) = t.sla_days {
        add_working_days(today, days, &state.config.holidays)
    } else if t.to == wf.initial {
        add_working_days(today, view.def.sla_days, &state.config.holidays)
    } else {
        view.case.due_date
    };
    let new_data = resubmitted.map(|(d, _)| d);
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
    if let Some((_, uploads)) = resubmitted {
        add_attachments(&mut tx, view.case.id, uploads, view.case.revision + 1).await?;
    }
    let role = role_name(t.role);
    // A comment between staff (a supervisor's "return to officer") is internal.
    let internal = comment.is_some() && !wf.comment_is_for_applicant(t);
    store::add_event(
        &mut tx,
        &NewEvent {
            application_id: view.case.id,
            actor_id: Some(user.id),
            actor_role: role,
            action: &t.action,
            from_status: Some(&view.case.status),
            to_status: &t.to,
            comment,
            data: new_data,
            internal,
        },
    )
    .await?;
    meta.audit(
        &format!("application.{}", t.action),
        &format!("application:{}", view.case.reference),
    )
    .agency(view.case.agency_id)
    .details(serde_json::json!({ "from": view.case.status, "to": t.to, "role": role }))
    .append(&mut tx)
    .await?;
    let announce = serde_json::json!({
        "reference": view.case.reference,
        "service": view.def.slug,
        "from": view.case.status,
        "to": t.to,
        "action": t.action,
    });
    crate::webhooks::emit(
        &mut tx,
        view.case.applicant_id,
        EventType::ApplicationStatusChanged,
        announce,
    )
    .await?;
    if wf.awaits_resubmission(&t.to) {
        crate::webhooks::emit(
            &mut tx,
            view.case.applicant_id,
            EventType::CorrectionRequested,
            serde_json::json!({
                "reference": view.case.reference,
                "service": view.def.slug,
                "comment": comment.filter(|_| !internal),
            }),
        )
        .await?;
    }
    if let Some(outcome) = outcome {
        crate::payments::service::on_decided(
            &mut tx,
            &state.config,
            user,
            view,
            outcome.decision,
            meta,
        )
        .await?;
    }
    let issued = match document {
        Some(doc) => Some(crate::documents::service::record(&mut tx, doc).await?),
        None => None,
    };
    let what = if t.resubmission {
        CaseMail::Resubmitted
    } else {
        CaseMail::Moved(comment.filter(|_| !internal))
    };
    notify_applicant(
        &mut tx,
        state,
        view.case.applicant_id,
        &view.case.reference,
        &view.def,
        &t.to,
        what,
    )
    .await?;
    if let Some(number) = &issued {
        crate::webhooks::emit(
            &mut tx,
            view.case.applicant_id,
            EventType::DocumentIssued,
            serde_json::json!({
                "reference": view.case.reference,
                "service": view.def.slug,
                "number": number,
                "page": format!("/documents/{number}"),
                "pdf": format!("/documents/{number}/pdf"),
            }),
        )
        .await?;
    }
    if let Some(number) = issued
        && let Some(to) =
            crate::notify::messages::recipient(&mut tx, view.case.applicant_id).await?
    {
        let message = crate::notify::messages::Message::new("document-issued")
            .arg("number", number)
            .arg("reference", view.case.reference.as_str())
            .arg("service", view.def.name.get(to.lang));
        crate::notify::messages::queue(&mut tx, &state.config, &to, &message).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The applicant corrects a case returned for correction and sends it back, with any new
/// files, in one transaction. The timeline keeps both versions of the answers.
pub async fn resubmit(
    state: &App,
    user: &SessionUser,
    reference: &str,
    s: Submission,
    meta: &Meta,
) -> Result<String, AppError> {
    let view = load(state, Conn::Pool(&state.db), user, reference).await?;
    if !view.is_applicant() {
        return Err(AppError::NOT_FOUND);
    }
    let wf = &view.def.workflow;
    let t = wf
        .transitions
        .iter()
        .find(|t| t.from == view.case.status && t.resubmission)
        .ok_or(AppError::Kind(ErrorKind::Conflict))?;
    let t = pick_transition(&view, user, &t.action, None)?.clone();
    // Files already on the case count as given unless a new one replaces them.
    let existing = store::attachments(&state.db, view.case.id).await?;
    let data = {
        let mut input = FormInput {
            values: s.values.clone(),
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
        for u in &s.uploads {
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
            .validate(&input, today_in(state, view.service.time_zone()))
            .map_err(|e| AppError::Invalid(field_problems(&view.def.form, e)))?
    };
    let mut data: serde_json::Map<String, serde_json::Value> =
        data.into_map().into_iter().collect();
    // A lookup answered before stays the evidence (the provider is not asked twice); a
    // consent given now is asked now, and the call logged whatever becomes of the
    // correction (it was made).
    for f in view
        .def
        .form
        .fields
        .iter()
        .filter(|f| f.kind == FieldType::Lookup)
    {
        if data.get(&f.name) == Some(&serde_json::Value::Bool(true))
            && let Some(earlier @ serde_json::Value::Object(_)) = view.data.get(&f.name)
        {
            data.insert(f.name.clone(), earlier.clone());
        }
    }
    let asker = crate::exchange::FormAsker {
        consumer_agency_id: view.case.agency_id,
        consumer: &view.service.agency_slug,
        applicant: Some(view.case.applicant_id),
        actor: user.id,
    };
    let pending =
        crate::exchange::lookups_for_submission(state, &view.def.form.fields, &mut data, &asker)
            .await?;
    for p in &pending {
        let mut tx = state.db.begin().await?;
        p.write(&mut tx, state, reference, view.case.applicant_id, user.id)
            .await?;
        tx.commit().await?;
    }
    let data_json = serde_json::Value::Object(data).to_string();
    let stored = store_uploads(state, &s.uploads).await?;
    move_case(
        state,
        user,
        &view,
        &t,
        None,
        Some((&data_json, &stored)),
        meta,
    )
    .await?;
    Ok(t.to)
}

/// Claims an unassigned case (or takes it over) for the acting officer.
pub async fn claim(
    state: &App,
    user: &SessionUser,
    reference: &str,
    meta: &Meta,
) -> Result<(), AppError> {
    let view = load(state, Conn::Pool(&state.db), user, reference).await?;
    check(Some(user), Action::ClaimCase, Resource::Case(view.facts()))?;
    let mut tx = state.db.begin().await?;
    if !store::assign(&mut tx, view.case.id, view.case.revision, Some(user.id)).await? {
        return Err(AppError::Kind(ErrorKind::Conflict));
    }
    meta.audit("application.assign", &format!("application:{reference}"))
        .details(serde_json::json!({ "assignee_id": user.id, "previous": view.case.assignee_id }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Longest staff note, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

/// A staff note on a case, which the applicant never sees (on the timeline, in the API,
/// in emails). Anyone who works the agency's cases may write one; audited.
pub async fn add_note(
    state: &App,
    user: &SessionUser,
    reference: &str,
    text: &str,
    meta: &Meta,
) -> Result<(), AppError> {
    let view = load(state, Conn::Pool(&state.db), user, reference).await?;
    if !view.staff_reader {
        return Err(AppError::NOT_FOUND);
    }
    check(Some(user), Action::ClaimCase, Resource::Case(view.facts()))?;
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::Invalid(vec![FieldProblem::new(
            "note",
            "error-note-required",
        )]));
    }
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(AppError::Invalid(vec![FieldProblem {
            field: "note".into(),
            message_id: "error-too-long".into(),
            args: vec![("n", MAX_NOTE_CHARS.to_string())],
            subject: None,
        }]));
    }
    let role = if user.roles.iter().any(|g| {
        g.role == gerbang_domain::accounts::StaffRole::Officer
            && g.agency_id == Some(view.case.agency_id)
    }) {
        "officer"
    } else {
        "supervisor"
    };
    let mut tx = state.db.begin().await?;
    store::add_event(
        &mut tx,
        &NewEvent {
            application_id: view.case.id,
            actor_id: Some(user.id),
            actor_role: role,
            action: store::NOTE_ACTION,
            from_status: Some(&view.case.status),
            to_status: &view.case.status,
            comment: Some(text),
            data: None,
            internal: true,
        },
    )
    .await?;
    meta.audit("application.note", &format!("application:{reference}"))
        .append(&mut tx)
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
    state: &App,
    raw: &str,
    lang: Lang,
) -> Result<Result<PublicStatus, TrackError>, AppError> {
    let Ok(reference) = Reference::parse(raw) else {
        return Ok(Err(TrackError::Malformed));
    };
    let Some(case) = store::by_reference(&state.db, &reference.to_string()).await? else {
        return Ok(Err(TrackError::Unknown));
    };
    let (_, def) = service_at(
        state,
        Conn::Pool(&state.db),
        case.service_id,
        case.service_version,
    )
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
