//! Agencies asking each other for what they already hold ("once-only").
//!
//! A provider agency publishes data services (declared in its catalogue file) and answers
//! them from its registers (loaded with `gerbang register load`). A consumer agency asks
//! under an access agreement approved by both agencies' administrators: through a form, with
//! the applicant's consent instead of an upload ([`lookups_for_submission`]), or from a case
//! by an officer ([`ask_for_case`]). Every call, answered or refused, is logged once for
//! both sides ([`gerbang_store::exchange::log`]) and shown to the person it was about on
//! their "My data" page. Calls between installs go through [`federation`].

pub mod agreements;
pub mod federation;
pub mod signatures;

use gerbang_domain::exchange::{self as rule, DataServiceDef, Refusal};
use gerbang_domain::form::{FieldDef, FieldType, LookupDef};
use gerbang_domain::i18n::Text;
use gerbang_store::Tx;
use gerbang_store::exchange::{self as store, AgreementRow, DataServiceRow, NewExchange};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::App;
use crate::accounts::service::Meta;
use crate::authz::{Action, Resource, check};
use crate::error::{AppError, FieldProblem};
use crate::user::SessionUser;

/// A data service with its parsed declaration.
#[derive(Debug, Clone)]
pub struct DataService {
    pub row: DataServiceRow,
    pub def: DataServiceDef,
}

impl DataService {
    fn from_row(row: DataServiceRow) -> Result<DataService, AppError> {
        let def = serde_json::from_str(&row.definition)
            .map_err(|e| AppError::Internal(format!("data service {}: {e}", row.slug)))?;
        Ok(DataService { row, def })
    }
}

/// Every data service of the install.
pub async fn services(app: &App) -> Result<Vec<DataService>, AppError> {
    store::services(&app.db)
        .await?
        .into_iter()
        .map(DataService::from_row)
        .collect()
}

/// One data service by its agency's slug and its own.
pub async fn service(app: &App, agency: &str, slug: &str) -> Result<Option<DataService>, AppError> {
    store::service(&app.db, agency, slug)
        .await?
        .map(DataService::from_row)
        .transpose()
}

/// An agreement as the rule reads it.
pub fn terms(g: &AgreementRow) -> rule::Agreement {
    rule::Agreement {
        id: g.id,
        purposes: words(&g.purposes),
        fields: words(&g.fields),
        valid_from: g.valid_from,
        valid_until: g.valid_until,
        provider_approved: g.provider_approved_at.is_some(),
        consumer_approved: g.consumer_approved_at.is_some(),
        revoked: g.revoked_at.is_some(),
    }
}

/// Space-separated words as a list.
pub fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_owned).collect()
}

/// Who asks, for what, about whom.
#[derive(Debug, Clone)]
pub struct Ask<'a> {
    /// The consuming agency of this install (id and slug), or a peer's agency (`peer`).
    pub consumer_agency_id: Option<i64>,
    pub consumer: &'a str,
    pub peer: Option<&'a str>,
    pub provider: &'a str,
    pub data_service: &'a str,
    pub purpose: &'a str,
    pub fields: &'a [String],
    pub input: &'a str,
    pub case_reference: Option<&'a str>,
    pub subject_user_id: Option<i64>,
    pub actor_user_id: Option<i64>,
}

/// What a call found.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// The record's fields asked for.
    Record(Map<String, Value>),
    /// The register holds no record for the input.
    Nothing,
}

/// A call decided and answered, not yet logged.
#[derive(Debug, Clone)]
pub struct Answered {
    pub provider_agency_id: i64,
    pub agreement_id: i64,
    pub found: Found,
    pub at: OffsetDateTime,
}

/// A call's outcome, to log.
#[derive(Debug, Clone)]
pub enum Outcome {
    Answered(Answered),
    Refused(Refusal, Option<i64>),
}

impl Outcome {
    /// The providing agency of this install, when the call reached one.
    pub fn provider_agency_id(&self) -> Option<i64> {
        match self {
            Outcome::Answered(a) => Some(a.provider_agency_id),
            Outcome::Refused(_, p) => *p,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Outcome::Answered(Answered {
                found: Found::Record(_),
                ..
            }) => "answered",
            Outcome::Answered(_) => "not_found",
            Outcome::Refused(r, _) => r.as_str(),
        }
    }
}

/// Decides a call under the provider's agreements with the consumer and, when allowed,
/// reads the answer from the provider's register. Writes nothing: log the outcome with
/// [`log`] in the transaction the answer is used in.
pub async fn decide(app: &App, ask: &Ask<'_>) -> Result<Outcome, AppError> {
    let now = app.clock.now();
    let Some(service) = service(app, ask.provider, ask.data_service).await? else {
        return Ok(Outcome::Refused(Refusal::UnknownService, None));
    };
    let agreements = match (ask.consumer_agency_id, ask.peer) {
        (Some(id), None) => store::agreements_with(&app.db, service.row.id, id).await?,
        (None, Some(peer)) => {
            store::agreements_with_peer(&app.db, service.row.id, peer, ask.consumer).await?
        }
        _ => return Ok(Outcome::Refused(Refusal::UnknownConsumer, None)),
    };
    let agreements: Vec<rule::Agreement> = agreements.iter().map(terms).collect();
    let today = crate::applications::service::platform_today(app);
    let call = rule::Call {
        purpose: ask.purpose,
        fields: ask.fields,
        input: ask.input,
    };
    let provider = rule::Provider {
        def: &service.def,
        enabled: service.row.enabled,
        agreements: &agreements,
    };
    let (agreement, covered) = match rule::decide(Some(provider), &call, today) {
        Ok(a) => (a.id, a.fields.clone()),
        Err(r) => return Ok(Outcome::Refused(r, Some(service.row.agency_id))),
    };
    // Asking for no field in particular is asking for what the agreement covers.
    let asked = if ask.fields.is_empty() {
        &covered
    } else {
        ask.fields
    };
    let record = store::record(
        &app.db,
        service.row.agency_id,
        &service.def.register,
        ask.input,
    )
    .await?;
    let found = match record {
        None => Found::Nothing,
        Some(text) => {
            let all: Map<String, Value> = serde_json::from_str(&text)
                .map_err(|e| AppError::Internal(format!("register record: {e}")))?;
            Found::Record(
                asked
                    .iter()
                    .filter_map(|f| all.get(f).map(|v| (f.clone(), v.clone())))
                    .collect(),
            )
        }
    };
    Ok(Outcome::Answered(Answered {
        provider_agency_id: service.row.agency_id,
        agreement_id: agreement,
        found,
        at: now,
    }))
}

/// Logs a call's outcome in `tx`, for both sides (one row when both agencies are here);
/// `direction` is `local`, `outgoing` or `incoming`. Returns the log entry's id.
pub async fn log(
    tx: &mut Tx,
    app: &App,
    ask: &Ask<'_>,
    outcome: &Outcome,
    direction: &str,
    provider_agency_id: Option<i64>,
) -> Result<i64, AppError> {
    let (agreement_id, fields, answer) = match outcome {
        Outcome::Answered(a) => match &a.found {
            Found::Record(r) => (
                Some(a.agreement_id),
                r.keys().cloned().collect::<Vec<_>>().join(" "),
                Some(Value::Object(r.clone()).to_string()),
            ),
            Found::Nothing => (Some(a.agreement_id), String::new(), None),
        },
        Outcome::Refused(_, _) => (None, String::new(), None),
    };
    // The provider's side of a call between installs keeps only the fields' names.
    let answer = if direction == "incoming" {
        None
    } else {
        answer
    };
    let id = store::log(
        tx,
        &NewExchange {
            at: app.clock.now(),
            direction,
            peer: ask.peer,
            provider_agency_id,
            provider: ask.provider,
            data_service: ask.data_service,
            consumer_agency_id: ask.consumer_agency_id,
            consumer: ask.consumer,
            agreement_id: if direction == "outgoing" {
                None
            } else {
                agreement_id
            },
            purpose: ask.purpose,
            case_reference: ask.case_reference,
            subject_user_id: ask.subject_user_id,
            actor_user_id: ask.actor_user_id,
            fields: &fields,
            outcome: outcome.name(),
            answer: answer.as_deref(),
        },
    )
    .await?;
    Ok(id)
}

/// Logs a refused or empty call on its own (nothing else is written with it).
async fn log_alone(app: &App, ask: &Ask<'_>, outcome: &Outcome) -> Result<(), AppError> {
    let provider = outcome.provider_agency_id();
    let mut tx = app.db.begin().await?;
    log(&mut tx, app, ask, outcome, "local", provider).await?;
    tx.commit().await?;
    Ok(())
}

/// A lookup answered for a submission: the evidence is in the form's data; the call is
/// logged with the case, in the submission's transaction.
#[derive(Debug, Clone)]
pub struct PendingLog {
    pub consumer_agency_id: i64,
    pub consumer: String,
    pub provider: String,
    pub data_service: String,
    pub purpose: String,
    pub fields: Vec<String>,
    pub input: String,
    pub outcome: Outcome,
}

impl PendingLog {
    /// Logs the call for the case just filed.
    pub async fn write(
        &self,
        tx: &mut Tx,
        app: &App,
        reference: &str,
        applicant: i64,
        actor: i64,
    ) -> Result<(), AppError> {
        let ask = Ask {
            consumer_agency_id: Some(self.consumer_agency_id),
            consumer: &self.consumer,
            peer: None,
            provider: &self.provider,
            data_service: &self.data_service,
            purpose: &self.purpose,
            fields: &self.fields,
            input: &self.input,
            case_reference: Some(reference),
            subject_user_id: Some(applicant),
            actor_user_id: Some(actor),
        };
        let provider = self.outcome.provider_agency_id();
        log(tx, app, &ask, &self.outcome, "local", provider).await?;
        Ok(())
    }
}

/// For each consented lookup of a validated submission, asks the provider now. An answer
/// replaces the consent in `data` with the evidence (the provider, the data service, when,
/// and the fields returned); its log entry is returned, to be written with the case. A
/// refusal, no record, or a `verify` answer the record contradicts, is logged at once and
/// answered as the field's error: the applicant can correct it or upload the document.
pub async fn lookups_for_submission(
    app: &App,
    form: &[FieldDef],
    data: &mut Map<String, Value>,
    who: &FormAsker<'_>,
) -> Result<Vec<PendingLog>, AppError> {
    let mut pending = Vec::new();
    let mut problems = Vec::new();
    for f in form.iter().filter(|f| f.kind == FieldType::Lookup) {
        let Some(l) = &f.lookup else { continue };
        if data.get(&f.name) != Some(&Value::Bool(true)) {
            continue;
        }
        let Some((provider, data_service)) = l.provider() else {
            continue;
        };
        let input = data
            .get(&l.input)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let ask = who.ask(l, provider, data_service, &input);
        let outcome = decide(app, &ask).await?;
        match &outcome {
            Outcome::Answered(Answered {
                found: Found::Record(record),
                at,
                ..
            }) => {
                let mismatched = mismatch_problems(form, l, data, record);
                if !mismatched.is_empty() {
                    log_alone(app, &ask, &outcome).await?;
                    problems.extend(mismatched);
                    continue;
                }
                let names = app.catalogue().await?.agency(provider).map(|a| Text {
                    en: a.name_en.clone(),
                    id: a.name_id.clone(),
                });
                data.insert(f.name.clone(), evidence(l, names.as_ref(), record, *at));
                pending.push(PendingLog {
                    consumer_agency_id: who.consumer_agency_id,
                    consumer: who.consumer.to_owned(),
                    provider: provider.to_owned(),
                    data_service: data_service.to_owned(),
                    purpose: l.purpose.clone(),
                    fields: l.fields.clone(),
                    input,
                    outcome,
                });
            }
            _ => {
                log_alone(app, &ask, &outcome).await?;
                problems.push(unanswered_problem(f, &outcome));
            }
        }
    }
    if problems.is_empty() {
        Ok(pending)
    } else {
        Err(AppError::Invalid(problems))
    }
}

/// Who asks for a form's lookups: the agency the form belongs to, on behalf of whom.
#[derive(Debug, Clone, Copy)]
pub struct FormAsker<'a> {
    pub consumer_agency_id: i64,
    /// The consumer agency's slug.
    pub consumer: &'a str,
    /// The applicant, once known (not yet for a new account at the counter).
    pub applicant: Option<i64>,
    /// The signed-in person pressing the button or sending the form.
    pub actor: i64,
}

impl FormAsker<'_> {
    fn ask<'a>(
        &'a self,
        l: &'a LookupDef,
        provider: &'a str,
        data_service: &'a str,
        input: &'a str,
    ) -> Ask<'a> {
        Ask {
            consumer_agency_id: Some(self.consumer_agency_id),
            consumer: self.consumer,
            peer: None,
            provider,
            data_service,
            purpose: &l.purpose,
            fields: &l.fields,
            input,
            case_reference: None,
            subject_user_id: self.applicant,
            actor_user_id: Some(self.actor),
        }
    }
}

/// The most calls a person's "check and fill in" presses (and refused form lookups) may
/// make in an hour.
pub const PREFILLS_PER_HOUR: i64 = 10;

/// "Check and fill in" on a form, before it is sent: asks the data service of the lookup
/// field `field` about the form's input, checks every `verify` answer in `data` against the
/// record, and returns the `fill` fields with the record's values. The call is logged at
/// once (there is no case yet), matched or not.
pub async fn prefill(
    app: &App,
    form: &[FieldDef],
    field: &str,
    data: &Map<String, Value>,
    who: &FormAsker<'_>,
) -> Result<Vec<(String, String)>, AppError> {
    let not_found = || AppError::Kind(crate::error::ErrorKind::NotFound);
    let (f, l) = form
        .iter()
        .find(|f| f.name == field)
        .and_then(|f| Some((f, f.lookup.as_ref()?)))
        .filter(|(_, l)| !l.fill.is_empty())
        .ok_or_else(not_found)?;
    let (provider, data_service) = l.provider().ok_or_else(not_found)?;
    // Filling in shows a register's values to whoever presses: a person presses a few
    // times at most, a harvester many.
    if let Some(me) = who.applicant {
        let since = app.clock.now() - time::Duration::hours(1);
        if store::form_calls_since(&app.db, me, since).await? >= PREFILLS_PER_HOUR {
            return Err(AppError::Invalid(vec![lookup_problem(
                f,
                "error-lookup-too-many",
            )]));
        }
    }
    let input = data
        .get(&l.input)
        .and_then(Value::as_str)
        .unwrap_or_default();
    let ask = who.ask(l, provider, data_service, input);
    let outcome = decide(app, &ask).await?;
    log_alone(app, &ask, &outcome).await?;
    match &outcome {
        Outcome::Answered(Answered {
            found: Found::Record(record),
            ..
        }) => {
            let mismatched = mismatch_problems(form, l, data, record);
            if mismatched.is_empty() {
                Ok(l.fills(record))
            } else {
                Err(AppError::Invalid(mismatched))
            }
        }
        _ => Err(AppError::Invalid(vec![unanswered_problem(f, &outcome)])),
    }
}

/// One problem per `verify` answer that is not what the provider holds.
fn mismatch_problems(
    form: &[FieldDef],
    l: &LookupDef,
    data: &Map<String, Value>,
    record: &Map<String, Value>,
) -> Vec<FieldProblem> {
    l.mismatches(data, record)
        .into_iter()
        .filter_map(|name| form.iter().find(|f| f.name == name))
        .map(|f| lookup_problem(f, "error-lookup-mismatch"))
        .collect()
}

/// The field's problem when the provider refused or held no record.
fn unanswered_problem(f: &FieldDef, outcome: &Outcome) -> FieldProblem {
    if let Outcome::Refused(r, _) = outcome {
        tracing::warn!(
            field = f.name,
            refusal = r.as_str(),
            "a form's lookup was refused"
        );
        lookup_problem(f, "error-lookup-refused")
    } else {
        lookup_problem(f, "error-lookup-not-found")
    }
}

fn lookup_problem(f: &FieldDef, message: &str) -> FieldProblem {
    FieldProblem::about(&f.name, message, f.subject_text())
}

/// The evidence a lookup leaves in a case's answers: who answered, under which data
/// service, when, and what.
pub fn evidence(
    l: &LookupDef,
    provider_name: Option<&Text>,
    record: &Map<String, Value>,
    at: OffsetDateTime,
) -> Value {
    serde_json::json!({
        "consent": true,
        "provider": l.service,
        "provider_name": provider_name,
        "purpose": l.purpose,
        "at": crate::clock::rfc3339_utc(at),
        "answer": record,
        "verified": l.verify.keys().collect::<Vec<_>>(),
    })
}

/// The data services an officer may ask about a case: those with an agreement in force
/// between their provider and the case's agency, with the purposes it covers.
pub async fn askable_for(
    app: &App,
    agency_id: i64,
) -> Result<Vec<(DataService, rule::Agreement)>, AppError> {
    let today = crate::applications::service::platform_today(app);
    let mut out = Vec::new();
    for s in services(app).await? {
        if !s.row.enabled {
            continue;
        }
        for g in store::agreements_with(&app.db, s.row.id, agency_id).await? {
            let t = terms(&g);
            if t.in_force(today) {
                out.push((s.clone(), t));
            }
        }
    }
    Ok(out)
}

/// An officer's query from a case: which data service, for which purpose, about what.
#[derive(Debug, Clone, Copy)]
pub struct CaseAsk<'a> {
    pub reference: &'a str,
    /// The providing agency's slug (here, or at the peer asked).
    pub provider: &'a str,
    pub data_service: &'a str,
    pub purpose: &'a str,
    /// The number asked about (a NIK, a NIB).
    pub input: &'a str,
}

/// The case an officer may ask about, with its agency's slug (the consumer).
pub(crate) async fn case_to_ask_about(
    app: &App,
    user: &SessionUser,
    reference: &str,
) -> Result<(crate::applications::service::CaseView, String), AppError> {
    let view = crate::applications::service::load_for(app, user, reference).await?;
    check(
        Some(user),
        Action::QueryDataService,
        Resource::Case(view.facts()),
    )?;
    let agency = app
        .catalogue()
        .await?
        .agencies
        .iter()
        .find(|a| a.id == view.case.agency_id)
        .map(|a| a.slug.clone())
        .unwrap_or_default();
    Ok((view, agency))
}

/// An officer asks a data service about a case's applicant, the case being the purpose's
/// occasion. The call, its audit entry and the evidence commit together.
pub async fn ask_for_case(
    app: &App,
    user: &SessionUser,
    q: &CaseAsk<'_>,
    meta: &Meta,
) -> Result<Outcome, AppError> {
    let CaseAsk {
        reference,
        provider,
        data_service,
        purpose,
        input,
    } = *q;
    let (view, agency) = case_to_ask_about(app, user, reference).await?;
    let service = service(app, provider, data_service)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    // The fields of the agreement in force for this purpose (all the service returns,
    // when there is none: the call is then refused, and logged, for that reason).
    let today = crate::applications::service::platform_today(app);
    let fields = store::agreements_with(&app.db, service.row.id, view.case.agency_id)
        .await?
        .iter()
        .map(terms)
        .find(|t| t.in_force(today) && t.purposes.iter().any(|p| p == purpose))
        .map_or_else(|| service.def.fields.clone(), |t| t.fields);
    let ask = Ask {
        consumer_agency_id: Some(view.case.agency_id),
        consumer: &agency,
        peer: None,
        provider,
        data_service,
        purpose,
        fields: &fields,
        input: input.trim(),
        case_reference: Some(reference),
        subject_user_id: Some(view.case.applicant_id),
        actor_user_id: Some(user.id),
    };
    let outcome = decide(app, &ask).await?;
    let provider_id = outcome.provider_agency_id();
    let mut tx = app.db.begin().await?;
    let id = log(&mut tx, app, &ask, &outcome, "local", provider_id).await?;
    meta.audit("exchange.query", &format!("application:{reference}"))
        .agency(view.case.agency_id)
        .details(serde_json::json!({
            "exchange": id,
            "provider": provider,
            "data_service": data_service,
            "purpose": purpose,
            "outcome": outcome.name(),
        }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// The calls made for a case, for its staff: each with what it returned.
pub async fn log_of_case(
    app: &App,
    user: &SessionUser,
    reference: &str,
) -> Result<Vec<store::ExchangeRow>, AppError> {
    let view = crate::applications::service::load_for(app, user, reference).await?;
    check(Some(user), Action::ReadCase, Resource::Case(view.facts()))?;
    Ok(store::log_of_case(&app.db, reference).await?)
}

/// The calls an agency made and answered, for its administrators and auditors.
pub async fn log_of_agency(
    app: &App,
    user: &SessionUser,
    agency_id: i64,
) -> Result<Vec<store::ExchangeRow>, AppError> {
    check(
        Some(user),
        Action::ReadExchangeLog,
        Resource::Agency(agency_id),
    )?;
    Ok(store::log_of_agency(&app.db, agency_id, 200).await?)
}

/// The calls about the signed-in person.
pub async fn log_about_me(
    app: &App,
    user: &SessionUser,
) -> Result<Vec<store::ExchangeRow>, AppError> {
    Ok(store::log_about(&app.db, user.id).await?)
}

/// A purpose's label, or its machine name when the service no longer declares it.
pub fn purpose_label(def: &DataServiceDef, name: &str) -> Text {
    def.purpose(name).map_or_else(
        || Text {
            en: name.to_owned(),
            id: name.to_owned(),
        },
        |p| p.label.clone(),
    )
}

/// Loads records into an agency's register, replacing those with the same key: JSON
/// lines, each `{"key": "...", "data": {...}}`. All lines or none; one audit entry.
pub async fn load_register(
    app: &App,
    agency: &str,
    register: &str,
    jsonl: &str,
    actor: &str,
) -> Result<usize, AppError> {
    let cat = app.catalogue().await?;
    let agency_row = cat.agency(agency).ok_or(AppError::NOT_FOUND)?;
    if !gerbang_domain::catalog::is_slug(register) {
        return Err(AppError::Invalid(vec![FieldProblem::new(
            "register",
            "error-register-name",
        )]));
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Line {
        key: String,
        data: Map<String, Value>,
    }
    let mut lines = Vec::new();
    for (n, text) in jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let line: Line = serde_json::from_str(text)
            .map_err(|e| AppError::Internal(format!("line {}: {e}", n + 1)))?;
        lines.push(line);
    }
    let now = app.clock.now();
    let mut tx = app.db.begin().await?;
    for l in &lines {
        store::put_record(
            &mut tx,
            agency_row.id,
            register,
            &l.key,
            &Value::Object(l.data.clone()).to_string(),
            now,
        )
        .await?;
    }
    gerbang_store::audit::AuditEntry::system("register.loaded", &format!("agency:{agency}"))
        .actor(None, actor)
        .agency(agency_row.id)
        .details(serde_json::json!({ "register": register, "records": lines.len() }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(lines.len())
}
