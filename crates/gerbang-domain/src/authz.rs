//! THE authorisation decision: may this actor take this action on this resource?
//!
//! Every part of the platform (HTML pages, the JSON API, the back-office inbox, background
//! jobs) asks [`can`], and nothing else decides. It is a pure function of what it is given:
//! the callers load the facts (the actor's role grants, the case's agency, applicant, filer
//! and who handled its money) and this module applies the rules.
//!
//! The rules, in short:
//! - a role applies only at the agency it was granted for; a platform administrator
//!   administers (staff, keys) everywhere but works cases only through an explicit agency role;
//! - the applicant sees and acts on their own case as applicant; nobody else learns that it
//!   exists ([`Denied::NotFound`]);
//! - separation of duties: staff never act as staff on a case they applied for or filed at the
//!   counter; nobody files at the counter for themselves; money is recorded by a cashier, and
//!   whoever recorded money on a case does not decide it (and a decider does not record money
//!   on it);
//! - a staff account acts only after proving a second factor in this session; the most
//!   sensitive actions (staff, roles, keys, tokens, revoking documents) also need a proof
//!   (password or second factor) from the last few minutes;
//! - a request made with an API token may only do what the token's scopes cover, and the
//!   administrative actions are never done with a token.

use crate::accounts::{AccountKind, Scope, StaffRole};
use crate::workflow::ActorRole;

/// A role held by an account: at one agency, or platform-wide (`agency: None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub role: StaffRole,
    pub agency: Option<i64>,
}

/// Who is asking. Anonymous visitors are `None` at [`can`].
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub id: i64,
    pub kind: AccountKind,
    pub grants: &'a [Grant],
    /// How the request proved who it is.
    pub proof: Proof<'a>,
}

/// What the request's credential proves: a session's factors, or a token's scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proof<'a> {
    /// A second factor was proven in this session, or the account needs none (the caller
    /// knows the rule: always needed for staff; for businesses when the install says so;
    /// for anyone who enrolled one). API tokens count as proven: only a session that
    /// proved one may create a staff token.
    pub second_factor: bool,
    /// The password or second factor was proven in the last few minutes.
    pub recent: bool,
    /// `Some` for an API token: what it may do. `None` for a browser session.
    pub scopes: Option<&'a [Scope]>,
}

impl Proof<'static> {
    /// A session that proved everything just now (background jobs, the command line, tests).
    pub const FULL: Proof<'static> = Proof {
        second_factor: true,
        recent: true,
        scopes: None,
    };
}

impl Actor<'_> {
    /// True when the actor holds `role` at `agency` (platform roles only count as themselves).
    pub fn holds(&self, role: StaffRole, agency: Option<i64>) -> bool {
        self.kind == AccountKind::Staff
            && self
                .grants
                .iter()
                .any(|g| g.role == role && g.agency == agency)
    }

    fn is_platform_admin(&self) -> bool {
        self.holds(StaffRole::PlatformAdmin, None)
    }

    /// True when the actor holds any of `roles` at `agency`.
    fn holds_any(&self, roles: &[StaffRole], agency: i64) -> bool {
        roles.iter().any(|r| self.holds(*r, Some(agency)))
    }
}

/// The roles that work cases.
const CASEWORK: [StaffRole; 2] = [StaffRole::Officer, StaffRole::Supervisor];

/// The roles that work complaints: the coordinating admin triages, officers and
/// supervisors answer.
const COMPLAINT_WORK: [StaffRole; 3] = [
    StaffRole::Officer,
    StaffRole::Supervisor,
    StaffRole::AgencyAdmin,
];

/// A case, as far as the decision needs to know it.
#[derive(Debug, Clone, Copy)]
pub struct CaseFacts<'a> {
    pub agency: i64,
    pub applicant: i64,
    /// The account that filed it: the applicant, or the officer at the counter.
    pub filed_by: i64,
    /// Accounts that recorded money (counter payment, bank statement) on this case.
    pub money_recorded_by: &'a [i64],
    /// Accounts that took a deciding transition (one into a decided state, or one that
    /// needs the fee paid) on this case.
    pub decided_by: &'a [i64],
}

/// A complaint, as far as the decision needs to know it.
#[derive(Debug, Clone, Copy)]
pub struct ComplaintFacts<'a> {
    /// The agency responsible for it now, then each agency it was escalated up to.
    pub agencies: &'a [i64],
    /// The account that filed it, when it was filed signed in.
    pub complainant: Option<i64>,
    /// The complainant asked that the agency's officers not learn who they are.
    pub confidential: bool,
    /// The request carries the complaint's follow-up key (given to whoever filed it).
    pub key_proven: bool,
}

/// What the action is done to.
#[derive(Debug, Clone, Copy)]
pub enum Resource<'a> {
    /// The installation as a whole.
    Platform,
    /// One agency, by id.
    Agency(i64),
    /// One case (application) and its invoice, attachments and documents.
    Case(CaseFacts<'a>),
    /// An issued document: who issued it and to whom.
    Document { agency: i64, holder: i64 },
    /// A complaint, report or request for information.
    Complaint(ComplaintFacts<'a>),
}

/// A workflow transition as the decision sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    /// The role the workflow gives this transition to.
    pub role: ActorRole,
    /// The transition decides the case or needs its fee paid (separation of duties applies).
    pub decides: bool,
}

/// Something an actor may want to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read a case with the applicant's personal data (a staff read is audited).
    ReadCase,
    /// Take a workflow transition on a case.
    Transition(Move),
    /// Take a case into one's own queue.
    ClaimCase,
    /// See an agency's back-office inbox.
    ViewInbox,
    /// File an application at the counter for the applicant of the given case facts
    /// (`Resource::Case` with the applicant; `filed_by` is the actor).
    FileAtCounter,
    /// Pay one's own invoice online.
    PayOnline,
    /// See a case's invoice and payments, or an agency's payment reports (`Resource::Agency`).
    ViewPayments,
    /// Record money received for a case at the counter.
    RecordPayment,
    /// Give back a payment the case does not need (paid twice, or for an invoice that was
    /// cancelled).
    RefundPayment,
    /// Reconcile an agency's bank statement (records money on many cases).
    ReconcileStatement,
    /// Read an issued document.
    ReadDocument,
    /// Revoke an issued document.
    RevokeDocument,
    /// Create staff accounts and grant roles at an agency (or platform-wide).
    ManageStaff,
    /// Rotate an agency's signing key.
    ManageKeys,
    /// Edit the site's own pages: accessibility statement, privacy notice, help (platform).
    ManageSite,
    /// Apply for a service or keep a draft, for oneself (`Resource::Platform`); staff
    /// never do (they file for others at the counter).
    Apply,
    /// List one's own applications and documents (`Resource::Platform`).
    ListOwn,
    /// Create or revoke one's own API tokens (`Resource::Platform`).
    ManageTokens,
    /// See the complaints an agency handles (`Resource::Agency`).
    ViewComplaints,
    /// Read a complaint in full: private texts and the back-office timeline (a staff read
    /// is audited). Who filed it is [`Action::SeeComplainant`].
    ReadComplaint,
    /// Verify, assign, reassign, reject or merge a complaint: the coordinating admin's work.
    TriageComplaint,
    /// Answer a complaint (the follow-up).
    AnswerComplaint,
    /// Reply to, close, rate or reopen one's own complaint.
    FollowComplaint,
    /// Learn who filed a complaint (name and contact).
    SeeComplainant,
    /// Answer the satisfaction survey about a decided case or a closed complaint: only the
    /// person it was for.
    RateService,
    /// Publish consultations, moderate their comments and publish the response report
    /// (`Resource::Agency`): the agency's administrators.
    ManageConsultations,
    /// Comment on a public consultation (`Resource::Platform`): citizens and businesses
    /// in their own name; staff accounts are for work.
    CommentOnConsultation,
    /// Register, list, switch and remove one's own webhook endpoints and see their
    /// deliveries (`Resource::Platform`): citizens and businesses, for their own
    /// applications' events; staff accounts apply for nobody.
    ManageWebhooks,
    /// Read the full audit log, personal data included, and the flagged staff reads: of an
    /// agency (`Resource::Agency`) by its auditor, of the installation (`Resource::Platform`,
    /// every agency's too) by a platform-wide auditor. The read is itself logged.
    ReadAuditLog,
    /// Propose, approve or revoke the agency's data-sharing agreements, on either side,
    /// and switch its data services on or off (`Resource::Agency`): its administrators.
    ManageDataAgreements,
    /// See the agency's exchange log: the calls it made and answered (`Resource::Agency`):
    /// its administrators and auditors.
    ReadExchangeLog,
    /// Ask another agency's data service about a case's applicant, the case being the
    /// purpose (`Resource::Case`): the officers and supervisors who work it.
    QueryDataService,
}

impl Action {
    /// The token scope that covers this action; `None`: never with a token (administration
    /// and tokens themselves need a signed-in person).
    pub fn scope(self, kind: AccountKind) -> Option<Scope> {
        let staff = kind == AccountKind::Staff;
        match self {
            Action::ReadCase | Action::ReadDocument | Action::ListOwn => Some(if staff {
                Scope::CasesRead
            } else {
                Scope::ApplicationsRead
            }),
            Action::Apply
            | Action::FollowComplaint
            | Action::RateService
            | Action::CommentOnConsultation
            | Action::ManageWebhooks => Some(Scope::ApplicationsSubmit),
            Action::ReadComplaint | Action::SeeComplainant => Some(if staff {
                Scope::CasesRead
            } else {
                Scope::ApplicationsRead
            }),
            Action::ViewComplaints | Action::TriageComplaint | Action::AnswerComplaint => {
                Some(Scope::CasesAct)
            }
            Action::Transition(m) => Some(match m.role {
                ActorRole::Applicant => Scope::ApplicationsSubmit,
                ActorRole::Officer | ActorRole::Supervisor => Scope::CasesAct,
            }),
            Action::ClaimCase
            | Action::ViewInbox
            | Action::FileAtCounter
            | Action::QueryDataService => Some(Scope::CasesAct),
            Action::PayOnline
            | Action::ViewPayments
            | Action::RecordPayment
            | Action::RefundPayment
            | Action::ReconcileStatement => Some(Scope::Payments),
            Action::RevokeDocument
            | Action::ManageStaff
            | Action::ManageKeys
            | Action::ManageSite
            | Action::ManageTokens
            | Action::ManageConsultations
            | Action::ReadAuditLog
            | Action::ManageDataAgreements
            | Action::ReadExchangeLog => None,
        }
    }

    /// Actions that need a proof from the last few minutes (step-up).
    pub fn is_sensitive(self) -> bool {
        matches!(
            self,
            Action::ManageStaff
                | Action::ManageKeys
                | Action::RevokeDocument
                | Action::ManageTokens
                | Action::ManageDataAgreements
        )
    }
}

/// Why an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// Not signed in.
    #[error("sign in first")]
    SignInRequired,
    /// The resource is someone else's: answer as if it did not exist (HTTP 404).
    #[error("not found")]
    NotFound,
    /// The actor may see the resource but lacks the role for this action (HTTP 403).
    #[error("forbidden")]
    Forbidden,
    /// Separation of duties forbids this actor this action on this resource (HTTP 403).
    #[error("separation of duties")]
    SeparationOfDuties,
    /// A staff account that has not proven a second factor in this session.
    #[error("second factor required")]
    SecondFactorRequired,
    /// Allowed, but only after proving the password or second factor again.
    #[error("confirm your identity again")]
    ProofTooOld,
    /// The API token's scopes do not cover this action (HTTP 403 `insufficient_scope`).
    #[error("insufficient scope")]
    InsufficientScope,
}

impl Denied {
    /// True when the action would be allowed once the person proves who they are again:
    /// a page may still offer it.
    pub fn after_proof(self) -> bool {
        matches!(self, Denied::ProofTooOld)
    }
}

/// The decision. `Ok(())` allows; the error says how to refuse.
pub fn can(
    actor: Option<&Actor<'_>>,
    action: Action,
    resource: Resource<'_>,
) -> Result<(), Denied> {
    let Some(a) = actor else {
        return anonymous(action, resource);
    };
    if !a.proof.second_factor {
        return Err(Denied::SecondFactorRequired);
    }
    // The rules first: a token never learns more than its owner could (someone else's
    // case stays "not found", a missing role stays "forbidden").
    decide(a, action, resource)?;
    if let Some(scopes) = a.proof.scopes {
        match action.scope(a.kind) {
            Some(needed) if scopes.contains(&needed) => {}
            _ => return Err(Denied::InsufficientScope),
        }
    }
    if action.is_sensitive() && !a.proof.recent {
        return Err(Denied::ProofTooOld);
    }
    Ok(())
}

/// Without an account, only the follow-up key of a complaint opens anything: what its
/// complainant may do.
fn anonymous(action: Action, resource: Resource<'_>) -> Result<(), Denied> {
    match (action, resource) {
        (
            Action::ReadComplaint
            | Action::FollowComplaint
            | Action::SeeComplainant
            | Action::RateService,
            Resource::Complaint(c),
        ) if c.key_proven => Ok(()),
        _ => Err(Denied::SignInRequired),
    }
}

/// The rules on roles, ownership and separation of duties.
fn decide(a: &Actor<'_>, action: Action, resource: Resource<'_>) -> Result<(), Denied> {
    match resource {
        Resource::Platform => match action {
            Action::ManageStaff | Action::ManageKeys | Action::ManageSite
                if a.is_platform_admin() =>
            {
                Ok(())
            }
            Action::ReadAuditLog => allow_if(a.holds(StaffRole::Auditor, None), Denied::Forbidden),
            // Staff file for others at the counter (FileAtCounter), never for themselves.
            Action::Apply | Action::CommentOnConsultation | Action::ManageWebhooks => {
                allow_if(a.kind != AccountKind::Staff, Denied::Forbidden)
            }
            Action::ListOwn | Action::ManageTokens => Ok(()),
            _ => Err(Denied::Forbidden),
        },
        Resource::Agency(agency) => on_agency(a, action, agency),
        Resource::Case(case) => on_case(a, action, &case),
        Resource::Document { agency, holder } => on_document(a, action, agency, holder),
        Resource::Complaint(c) => on_complaint(a, action, &c),
    }
}

fn allow_if(ok: bool, otherwise: Denied) -> Result<(), Denied> {
    if ok { Ok(()) } else { Err(otherwise) }
}

fn on_agency(a: &Actor<'_>, action: Action, agency: i64) -> Result<(), Denied> {
    match action {
        Action::ManageStaff | Action::ManageKeys => allow_if(
            a.is_platform_admin() || a.holds(StaffRole::AgencyAdmin, Some(agency)),
            Denied::Forbidden,
        ),
        Action::ViewInbox => allow_if(a.holds_any(&CASEWORK, agency), Denied::Forbidden),
        Action::ManageConsultations => allow_if(
            a.holds(StaffRole::AgencyAdmin, Some(agency)),
            Denied::Forbidden,
        ),
        Action::ViewComplaints => allow_if(a.holds_any(&COMPLAINT_WORK, agency), Denied::Forbidden),
        Action::ViewPayments => allow_if(
            a.holds_any(&[StaffRole::Cashier, StaffRole::Supervisor], agency),
            Denied::Forbidden,
        ),
        Action::ReconcileStatement => {
            allow_if(a.holds(StaffRole::Cashier, Some(agency)), Denied::Forbidden)
        }
        // Opening the counter form of one of the agency's services.
        Action::FileAtCounter => {
            allow_if(a.holds(StaffRole::Officer, Some(agency)), Denied::Forbidden)
        }
        // Auditing is not administering: an administrator does not read the log of the
        // staff they manage unless they also hold the auditor role.
        Action::ReadAuditLog => allow_if(
            a.holds(StaffRole::Auditor, Some(agency)) || a.holds(StaffRole::Auditor, None),
            Denied::Forbidden,
        ),
        Action::ManageDataAgreements => allow_if(
            a.holds(StaffRole::AgencyAdmin, Some(agency)),
            Denied::Forbidden,
        ),
        Action::ReadExchangeLog => allow_if(
            a.holds(StaffRole::AgencyAdmin, Some(agency))
                || a.holds(StaffRole::Auditor, Some(agency))
                || a.holds(StaffRole::Auditor, None),
            Denied::Forbidden,
        ),
        _ => Err(Denied::Forbidden),
    }
}

/// May the actor see this case as staff of its agency (in any case-related role)?
fn staff_of_case(a: &Actor<'_>, case: &CaseFacts<'_>) -> bool {
    a.holds_any(
        &[
            StaffRole::Officer,
            StaffRole::Supervisor,
            StaffRole::Cashier,
        ],
        case.agency,
    )
}

fn on_case(a: &Actor<'_>, action: Action, case: &CaseFacts<'_>) -> Result<(), Denied> {
    let is_applicant = a.id == case.applicant;
    let casework = a.holds_any(&CASEWORK, case.agency);
    let visible = is_applicant || staff_of_case(a, case) || a.id == case.filed_by;
    if !visible {
        return Err(Denied::NotFound);
    }
    // Staff never act as staff on a case they applied for or filed.
    let own_case = is_applicant || a.id == case.filed_by;
    match action {
        Action::ReadCase => allow_if(is_applicant || casework, Denied::NotFound),
        Action::Transition(m) => match m.role {
            ActorRole::Applicant => allow_if(is_applicant, Denied::Forbidden),
            ActorRole::Officer | ActorRole::Supervisor => {
                let role = if m.role == ActorRole::Officer {
                    StaffRole::Officer
                } else {
                    StaffRole::Supervisor
                };
                if !a.holds(role, Some(case.agency)) {
                    return Err(if casework || is_applicant {
                        Denied::Forbidden
                    } else {
                        Denied::NotFound
                    });
                }
                if own_case || (m.decides && case.money_recorded_by.contains(&a.id)) {
                    return Err(Denied::SeparationOfDuties);
                }
                Ok(())
            }
        },
        Action::ClaimCase => {
            if !casework {
                return Err(if is_applicant {
                    Denied::Forbidden
                } else {
                    Denied::NotFound
                });
            }
            allow_if(!own_case, Denied::SeparationOfDuties)
        }
        Action::FileAtCounter => {
            if !a.holds(StaffRole::Officer, Some(case.agency)) {
                return Err(Denied::Forbidden);
            }
            allow_if(a.id != case.applicant, Denied::SeparationOfDuties)
        }
        Action::PayOnline => allow_if(is_applicant, Denied::Forbidden),
        Action::ViewPayments => allow_if(
            is_applicant || a.holds_any(&[StaffRole::Cashier, StaffRole::Supervisor], case.agency),
            Denied::Forbidden,
        ),
        Action::RecordPayment => {
            if !a.holds(StaffRole::Cashier, Some(case.agency)) {
                return Err(Denied::Forbidden);
            }
            allow_if(
                !own_case && !case.decided_by.contains(&a.id),
                Denied::SeparationOfDuties,
            )
        }
        Action::RefundPayment => {
            if !a.holds_any(&[StaffRole::Cashier, StaffRole::Supervisor], case.agency) {
                return Err(Denied::Forbidden);
            }
            allow_if(!own_case, Denied::SeparationOfDuties)
        }
        Action::ReadDocument => allow_if(is_applicant || casework, Denied::NotFound),
        // Asking about one's own case as its officer would be working it.
        Action::QueryDataService => {
            if !casework {
                return Err(if is_applicant {
                    Denied::Forbidden
                } else {
                    Denied::NotFound
                });
            }
            allow_if(!own_case, Denied::SeparationOfDuties)
        }
        Action::RateService => allow_if(is_applicant, Denied::Forbidden),
        _ => Err(Denied::Forbidden),
    }
}

fn on_complaint(a: &Actor<'_>, action: Action, c: &ComplaintFacts<'_>) -> Result<(), Denied> {
    let is_complainant = c.key_proven || c.complainant == Some(a.id);
    let at_any = |roles: &[StaffRole]| c.agencies.iter().any(|ag| a.holds_any(roles, *ag));
    let staff = at_any(&COMPLAINT_WORK);
    let coordinator = at_any(&[StaffRole::AgencyAdmin]);
    if !is_complainant && !staff {
        return Err(Denied::NotFound);
    }
    match action {
        Action::ReadComplaint => Ok(()),
        Action::SeeComplainant => allow_if(
            is_complainant || coordinator || (staff && !c.confidential),
            Denied::Forbidden,
        ),
        Action::FollowComplaint | Action::RateService => {
            allow_if(is_complainant, Denied::Forbidden)
        }
        // Nobody handles their own complaint as staff.
        Action::TriageComplaint => {
            if !coordinator {
                return Err(Denied::Forbidden);
            }
            allow_if(!is_complainant, Denied::SeparationOfDuties)
        }
        Action::AnswerComplaint => {
            if !at_any(&CASEWORK) {
                return Err(Denied::Forbidden);
            }
            allow_if(!is_complainant, Denied::SeparationOfDuties)
        }
        _ => Err(Denied::Forbidden),
    }
}

fn on_document(a: &Actor<'_>, action: Action, agency: i64, holder: i64) -> Result<(), Denied> {
    let issuer_staff = a.holds_any(&CASEWORK, agency);
    match action {
        Action::ReadDocument => allow_if(a.id == holder || issuer_staff, Denied::NotFound),
        Action::RevokeDocument => {
            if a.holds(StaffRole::Supervisor, Some(agency)) {
                allow_if(a.id != holder, Denied::SeparationOfDuties)
            } else if a.id == holder || issuer_staff {
                Err(Denied::Forbidden)
            } else {
                Err(Denied::NotFound)
            }
        }
        _ => Err(Denied::Forbidden),
    }
}

/// The case-working roles `actor` may act in on `case` right now: what the back office
/// offers them. Applicant first, then officer, then supervisor.
pub fn case_roles(actor: &Actor<'_>, case: &CaseFacts<'_>, decides: bool) -> Vec<ActorRole> {
    [
        ActorRole::Applicant,
        ActorRole::Officer,
        ActorRole::Supervisor,
    ]
    .into_iter()
    .filter(|role| {
        can(
            Some(actor),
            Action::Transition(Move {
                role: *role,
                decides,
            }),
            Resource::Case(*case),
        )
        .is_ok()
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const AGENCY: i64 = 1;
    const OTHER: i64 = 2;

    fn staff(id: i64, grants: &[Grant]) -> Actor<'_> {
        Actor {
            id,
            kind: AccountKind::Staff,
            grants,
            proof: Proof::FULL,
        }
    }

    fn g(role: StaffRole, agency: Option<i64>) -> Grant {
        Grant { role, agency }
    }

    fn case(applicant: i64, filed_by: i64) -> CaseFacts<'static> {
        CaseFacts {
            agency: AGENCY,
            applicant,
            filed_by,
            money_recorded_by: &[],
            decided_by: &[],
        }
    }

    const APPROVE: Action = Action::Transition(Move {
        role: ActorRole::Supervisor,
        decides: true,
    });

    #[test]
    fn roles_apply_only_at_their_agency() {
        let grants = [g(StaffRole::AgencyAdmin, Some(AGENCY))];
        let admin = staff(5, &grants);
        assert_eq!(
            can(Some(&admin), Action::ManageStaff, Resource::Agency(AGENCY)),
            Ok(())
        );
        assert_eq!(
            can(Some(&admin), Action::ManageStaff, Resource::Agency(OTHER)),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            can(Some(&admin), Action::ManageStaff, Resource::Platform),
            Err(Denied::Forbidden)
        );
        // Administering is not working cases.
        assert_eq!(
            can(Some(&admin), Action::ReadCase, Resource::Case(case(9, 9))),
            Err(Denied::NotFound)
        );
    }

    #[test]
    fn an_auditor_reads_the_log_of_their_agency_and_does_nothing_else() {
        let grants = [g(StaffRole::Auditor, Some(AGENCY))];
        let auditor = staff(5, &grants);
        let read = |a: &Actor<'_>, r| can(Some(a), Action::ReadAuditLog, r);
        assert_eq!(read(&auditor, Resource::Agency(AGENCY)), Ok(()));
        assert_eq!(
            read(&auditor, Resource::Agency(OTHER)),
            Err(Denied::Forbidden)
        );
        assert_eq!(read(&auditor, Resource::Platform), Err(Denied::Forbidden));
        let platform_grants = [g(StaffRole::Auditor, None)];
        let platform = staff(6, &platform_grants);
        assert_eq!(read(&platform, Resource::Platform), Ok(()));
        assert_eq!(read(&platform, Resource::Agency(OTHER)), Ok(()));
        // Administrators, supervisors and officers do not audit.
        for role in [
            StaffRole::AgencyAdmin,
            StaffRole::Supervisor,
            StaffRole::Officer,
        ] {
            let grants = [g(role, Some(AGENCY))];
            assert_eq!(
                read(&staff(7, &grants), Resource::Agency(AGENCY)),
                Err(Denied::Forbidden),
                "{role:?}"
            );
        }
        let root_grants = [g(StaffRole::PlatformAdmin, None)];
        assert_eq!(
            read(&staff(8, &root_grants), Resource::Platform),
            Err(Denied::Forbidden)
        );
        // Never with a token, and never a browser session without its second factor.
        let token = Actor {
            proof: Proof {
                second_factor: true,
                recent: true,
                scopes: Some(&[Scope::CasesRead, Scope::CasesAct]),
            },
            ..auditor
        };
        assert_eq!(
            read(&token, Resource::Agency(AGENCY)),
            Err(Denied::InsufficientScope)
        );
        // The auditor's role opens nothing else: not a case, not a complaint, not an inbox.
        let actions = [
            Action::ReadCase,
            Action::ClaimCase,
            Action::ViewInbox,
            Action::ViewPayments,
            Action::ReadDocument,
            Action::ViewComplaints,
            Action::ReadComplaint,
            Action::ManageStaff,
            Action::ManageConsultations,
        ];
        let complaint = ComplaintFacts {
            agencies: &[AGENCY],
            complainant: Some(9),
            confidential: false,
            key_proven: false,
        };
        for action in actions {
            for res in [
                Resource::Agency(AGENCY),
                Resource::Case(case(9, 9)),
                Resource::Complaint(complaint),
                Resource::Document {
                    agency: AGENCY,
                    holder: 9,
                },
            ] {
                assert!(can(Some(&auditor), action, res).is_err(), "{action:?}");
            }
        }
    }

    #[test]
    fn only_an_agency_officer_opens_its_counter_form_and_only_a_platform_admin_edits_the_site() {
        let officer_grants = [g(StaffRole::Officer, Some(AGENCY))];
        let officer = staff(5, &officer_grants);
        let counter =
            |a: &Actor<'_>, agency| can(Some(a), Action::FileAtCounter, Resource::Agency(agency));
        assert_eq!(counter(&officer, AGENCY), Ok(()));
        assert_eq!(counter(&officer, OTHER), Err(Denied::Forbidden));
        for role in [
            StaffRole::Supervisor,
            StaffRole::Cashier,
            StaffRole::AgencyAdmin,
        ] {
            let grants = [g(role, Some(AGENCY))];
            assert_eq!(
                counter(&staff(6, &grants), AGENCY),
                Err(Denied::Forbidden),
                "{role:?}"
            );
        }
        let root_grants = [g(StaffRole::PlatformAdmin, None)];
        let root = staff(7, &root_grants);
        assert_eq!(
            can(Some(&root), Action::ManageSite, Resource::Platform),
            Ok(())
        );
        let admin_grants = [g(StaffRole::AgencyAdmin, Some(AGENCY))];
        let admin = staff(8, &admin_grants);
        assert_eq!(
            can(Some(&admin), Action::ManageSite, Resource::Platform),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            can(None, Action::ManageSite, Resource::Platform),
            Err(Denied::SignInRequired)
        );
    }

    #[test]
    fn a_platform_admin_administers_but_does_not_decide() {
        let grants = [g(StaffRole::PlatformAdmin, None)];
        let root = staff(5, &grants);
        assert_eq!(
            can(Some(&root), Action::ManageStaff, Resource::Platform),
            Ok(())
        );
        assert_eq!(
            can(Some(&root), Action::ManageStaff, Resource::Agency(OTHER)),
            Ok(())
        );
        for action in [Action::ReadCase, APPROVE, Action::RecordPayment] {
            assert_eq!(
                can(Some(&root), action, Resource::Case(case(9, 9))),
                Err(Denied::NotFound),
                "{action:?}"
            );
        }
        assert_eq!(
            can(Some(&root), Action::ViewInbox, Resource::Agency(AGENCY)),
            Err(Denied::Forbidden)
        );
        // With an explicit agency role, they decide like anyone holding it.
        let both = [
            g(StaffRole::PlatformAdmin, None),
            g(StaffRole::Supervisor, Some(AGENCY)),
        ];
        let root = staff(5, &both);
        assert_eq!(
            can(Some(&root), APPROVE, Resource::Case(case(9, 9))),
            Ok(())
        );
    }

    #[test]
    fn citizens_see_only_their_own_cases() {
        let owner = Actor {
            id: 9,
            kind: AccountKind::Citizen,
            grants: &[],
            proof: Proof::FULL,
        };
        let other = Actor { id: 10, ..owner };
        let c = Resource::Case(case(9, 9));
        assert_eq!(can(Some(&owner), Action::ReadCase, c), Ok(()));
        assert_eq!(
            can(Some(&other), Action::ReadCase, c),
            Err(Denied::NotFound)
        );
        assert_eq!(can(Some(&owner), APPROVE, c), Err(Denied::Forbidden));
        assert_eq!(can(Some(&other), APPROVE, c), Err(Denied::NotFound));
        assert_eq!(can(None, Action::ReadCase, c), Err(Denied::SignInRequired));
        // A citizen holding a stale staff grant still holds nothing.
        let grants = [g(StaffRole::Supervisor, Some(AGENCY))];
        let odd = Actor {
            id: 10,
            kind: AccountKind::Citizen,
            grants: &grants,
            proof: Proof::FULL,
        };
        assert_eq!(can(Some(&odd), APPROVE, c), Err(Denied::NotFound));
    }

    #[test]
    fn staff_never_work_their_own_or_counter_filed_cases() {
        let grants = [
            g(StaffRole::Officer, Some(AGENCY)),
            g(StaffRole::Supervisor, Some(AGENCY)),
            g(StaffRole::Cashier, Some(AGENCY)),
        ];
        let officer = staff(5, &grants);
        // Filing at the counter for oneself is refused.
        assert_eq!(
            can(
                Some(&officer),
                Action::FileAtCounter,
                Resource::Case(case(5, 5))
            ),
            Err(Denied::SeparationOfDuties)
        );
        assert_eq!(
            can(
                Some(&officer),
                Action::FileAtCounter,
                Resource::Case(case(9, 5))
            ),
            Ok(())
        );
        // The case they filed for someone else: they may read it but not act on it.
        let filed = Resource::Case(case(9, 5));
        assert_eq!(can(Some(&officer), Action::ReadCase, filed), Ok(()));
        for action in [APPROVE, Action::ClaimCase, Action::RecordPayment] {
            assert_eq!(
                can(Some(&officer), action, filed),
                Err(Denied::SeparationOfDuties),
                "{action:?}"
            );
        }
    }

    #[test]
    fn who_records_money_does_not_decide_and_vice_versa() {
        let grants = [
            g(StaffRole::Supervisor, Some(AGENCY)),
            g(StaffRole::Cashier, Some(AGENCY)),
        ];
        let both = staff(5, &grants);
        let paid_by_me = CaseFacts {
            money_recorded_by: &[5],
            ..case(9, 9)
        };
        assert_eq!(
            can(Some(&both), APPROVE, Resource::Case(paid_by_me)),
            Err(Denied::SeparationOfDuties)
        );
        // A non-deciding move is still theirs to make.
        let advise = Action::Transition(Move {
            role: ActorRole::Supervisor,
            decides: false,
        });
        assert_eq!(can(Some(&both), advise, Resource::Case(paid_by_me)), Ok(()));
        let decided_by_me = CaseFacts {
            decided_by: &[5],
            ..case(9, 9)
        };
        assert_eq!(
            can(
                Some(&both),
                Action::RecordPayment,
                Resource::Case(decided_by_me)
            ),
            Err(Denied::SeparationOfDuties)
        );
        // Recording money needs the cashier role.
        let sup = [g(StaffRole::Supervisor, Some(AGENCY))];
        let sup = staff(6, &sup);
        assert_eq!(
            can(
                Some(&sup),
                Action::RecordPayment,
                Resource::Case(case(9, 9))
            ),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn documents_are_revoked_by_their_agencys_supervisors() {
        let sup = [g(StaffRole::Supervisor, Some(AGENCY))];
        let sup = staff(6, &sup);
        let doc = Resource::Document {
            agency: AGENCY,
            holder: 9,
        };
        assert_eq!(can(Some(&sup), Action::RevokeDocument, doc), Ok(()));
        let other = [g(StaffRole::Supervisor, Some(OTHER))];
        let other = staff(7, &other);
        assert_eq!(
            can(Some(&other), Action::RevokeDocument, doc),
            Err(Denied::NotFound)
        );
        let holder = Actor {
            id: 9,
            kind: AccountKind::Citizen,
            grants: &[],
            proof: Proof::FULL,
        };
        assert_eq!(can(Some(&holder), Action::ReadDocument, doc), Ok(()));
        assert_eq!(
            can(Some(&holder), Action::RevokeDocument, doc),
            Err(Denied::Forbidden)
        );
    }

    fn any_role() -> impl Strategy<Value = StaffRole> {
        prop::sample::select(StaffRole::ALL.to_vec())
    }

    proptest! {
        /// Whatever roles a person holds, separation of duties holds: nobody acts as staff
        /// on a case they applied for or filed, and nobody both records money on a case
        /// and decides it.
        #[test]
        fn separation_of_duties_holds_for_any_grants(
            roles in prop::collection::vec((any_role(), prop::option::of(0i64..3)), 0..6),
            applicant in 0i64..3, filer in 0i64..3, paid in any::<bool>(), decided in any::<bool>(),
        ) {
            let grants: Vec<Grant> = roles.iter().map(|(r, a)| g(*r, *a)).collect();
            let me = staff(1, &grants);
            let mine = [1];
            let facts = CaseFacts {
                agency: AGENCY,
                applicant,
                filed_by: filer,
                money_recorded_by: if paid { &mine } else { &[] },
                decided_by: if decided { &mine } else { &[] },
            };
            let res = Resource::Case(facts);
            let own = applicant == 1 || filer == 1;
            for role in [ActorRole::Officer, ActorRole::Supervisor] {
                for decides in [false, true] {
                    let ok = can(Some(&me), Action::Transition(Move { role, decides }), res).is_ok();
                    prop_assert!(!(ok && own));
                    prop_assert!(!(ok && decides && paid));
                }
            }
            let records = can(Some(&me), Action::RecordPayment, res).is_ok();
            prop_assert!(!(records && (own || decided)));
            // No role at another agency ever grants anything on this case.
            if grants.iter().all(|g| g.agency != Some(AGENCY)) && applicant != 1 && filer != 1 {
                prop_assert_eq!(can(Some(&me), Action::ReadCase, res), Err(Denied::NotFound));
            }
        }
    }

    #[test]
    fn staff_act_only_after_a_second_factor_and_sensitive_actions_need_a_recent_proof() {
        let grants = [
            g(StaffRole::Officer, Some(AGENCY)),
            g(StaffRole::AgencyAdmin, Some(AGENCY)),
        ];
        let full = staff(5, &grants);
        let no_factor = Actor {
            proof: Proof {
                second_factor: false,
                ..Proof::FULL
            },
            ..full
        };
        let stale = Actor {
            proof: Proof {
                recent: false,
                ..Proof::FULL
            },
            ..full
        };
        let inbox = Resource::Agency(AGENCY);
        assert_eq!(can(Some(&full), Action::ViewInbox, inbox), Ok(()));
        // Without a second factor a staff account does nothing at all, not even read.
        for action in [Action::ViewInbox, Action::ManageStaff, Action::ListOwn] {
            assert_eq!(
                can(Some(&no_factor), action, inbox),
                Err(Denied::SecondFactorRequired)
            );
        }
        // An old proof is enough for casework, not for managing staff.
        assert_eq!(can(Some(&stale), Action::ViewInbox, inbox), Ok(()));
        let refused = can(Some(&stale), Action::ManageStaff, inbox);
        assert_eq!(refused, Err(Denied::ProofTooOld));
        assert!(refused.is_err_and(Denied::after_proof));
        // A stale proof never turns a refusal into "confirm and go on".
        assert_eq!(
            can(Some(&stale), Action::ManageStaff, Resource::Agency(OTHER)),
            Err(Denied::Forbidden)
        );
        // A citizen needing no second factor counts as having proven it; an old proof
        // is enough to read their case.
        let citizen = Actor {
            id: 9,
            kind: AccountKind::Citizen,
            grants: &[],
            proof: Proof {
                second_factor: true,
                recent: false,
                scopes: None,
            },
        };
        assert_eq!(
            can(Some(&citizen), Action::ReadCase, Resource::Case(case(9, 9))),
            Ok(())
        );
    }

    #[test]
    fn tokens_do_only_what_their_scopes_cover() {
        let read = [Scope::ApplicationsRead];
        let citizen = Actor {
            id: 9,
            kind: AccountKind::Citizen,
            grants: &[],
            proof: Proof {
                second_factor: true,
                recent: false,
                scopes: Some(&read),
            },
        };
        let c = Resource::Case(case(9, 9));
        assert_eq!(can(Some(&citizen), Action::ReadCase, c), Ok(()));
        assert_eq!(
            can(Some(&citizen), Action::Apply, Resource::Platform),
            Err(Denied::InsufficientScope)
        );
        assert_eq!(
            can(Some(&citizen), Action::PayOnline, c),
            Err(Denied::InsufficientScope)
        );
        // No scope covers administration or tokens themselves.
        let all = Scope::ALL;
        let grants = [g(StaffRole::AgencyAdmin, Some(AGENCY))];
        let admin = Actor {
            proof: Proof {
                scopes: Some(&all),
                ..Proof::FULL
            },
            ..staff(5, &grants)
        };
        for (action, resource) in [
            (Action::ManageStaff, Resource::Agency(AGENCY)),
            (Action::ManageTokens, Resource::Platform),
        ] {
            assert_eq!(
                can(Some(&admin), action, resource),
                Err(Denied::InsufficientScope)
            );
        }
        // Someone else's case stays unknown to a token, whatever its scopes.
        assert_eq!(
            can(
                Some(&citizen),
                Action::ReadCase,
                Resource::Case(case(10, 10))
            ),
            Err(Denied::NotFound)
        );
    }

    proptest! {
        /// Whatever the action and scopes, a token never does more than the same person
        /// signed in: scopes only take away.
        #[test]
        fn scopes_only_take_away(action_ix in 0usize..ACTIONS.len(), mask in 0u8..32, case_applicant in 8i64..11) {
            let scopes: Vec<Scope> = Scope::ALL.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, s)| *s).collect();
            let grants = [g(StaffRole::Officer, Some(AGENCY)), g(StaffRole::Cashier, Some(AGENCY))];
            for kind in [AccountKind::Citizen, AccountKind::Staff] {
                let session = Actor { id: 9, kind, grants: &grants, proof: Proof::FULL };
                let token = Actor { proof: Proof { scopes: Some(&scopes), ..Proof::FULL }, ..session };
                let action = ACTIONS[action_ix];
                let mine = ComplaintFacts { agencies: &[AGENCY], complainant: Some(case_applicant), confidential: true, key_proven: false };
                for resource in [Resource::Platform, Resource::Agency(AGENCY), Resource::Case(case(case_applicant, case_applicant)), Resource::Complaint(mine)] {
                    if can(Some(&token), action, resource).is_ok() {
                        prop_assert!(can(Some(&session), action, resource).is_ok());
                    }
                }
            }
        }
    }

    const ACTIONS: [Action; 26] = [
        Action::ReadCase,
        APPROVE,
        Action::ClaimCase,
        Action::ViewInbox,
        Action::FileAtCounter,
        Action::PayOnline,
        Action::ViewPayments,
        Action::RecordPayment,
        Action::RefundPayment,
        Action::ReconcileStatement,
        Action::ReadDocument,
        Action::RevokeDocument,
        Action::ManageStaff,
        Action::ManageKeys,
        Action::Apply,
        Action::ListOwn,
        Action::ManageTokens,
        Action::ViewComplaints,
        Action::ReadComplaint,
        Action::TriageComplaint,
        Action::AnswerComplaint,
        Action::FollowComplaint,
        Action::SeeComplainant,
        Action::RateService,
        Action::ManageConsultations,
        Action::CommentOnConsultation,
    ];

    fn complaint(agencies: &'static [i64], confidential: bool) -> ComplaintFacts<'static> {
        ComplaintFacts {
            agencies,
            complainant: Some(9),
            confidential,
            key_proven: false,
        }
    }

    #[test]
    fn a_confidential_complainant_is_known_only_to_the_coordinating_admin() {
        let officer_grants = [g(StaffRole::Officer, Some(AGENCY))];
        let admin_grants = [g(StaffRole::AgencyAdmin, Some(AGENCY))];
        let officer = staff(5, &officer_grants);
        let admin = staff(6, &admin_grants);
        let c = Resource::Complaint(complaint(&[AGENCY], true));
        assert_eq!(can(Some(&officer), Action::ReadComplaint, c), Ok(()));
        assert_eq!(can(Some(&officer), Action::AnswerComplaint, c), Ok(()));
        assert_eq!(
            can(Some(&officer), Action::SeeComplainant, c),
            Err(Denied::Forbidden)
        );
        assert_eq!(can(Some(&admin), Action::SeeComplainant, c), Ok(()));
        assert_eq!(can(Some(&admin), Action::TriageComplaint, c), Ok(()));
        assert_eq!(
            can(Some(&officer), Action::TriageComplaint, c),
            Err(Denied::Forbidden)
        );
        let open = Resource::Complaint(complaint(&[AGENCY], false));
        assert_eq!(can(Some(&officer), Action::SeeComplainant, open), Ok(()));
    }

    #[test]
    fn another_agency_does_not_see_a_complaint_until_it_escalates_there() {
        let grants = [g(StaffRole::Supervisor, Some(OTHER))];
        let above = staff(5, &grants);
        let here = Resource::Complaint(complaint(&[AGENCY], false));
        assert_eq!(
            can(Some(&above), Action::ReadComplaint, here),
            Err(Denied::NotFound)
        );
        let escalated = Resource::Complaint(complaint(&[AGENCY, OTHER], false));
        assert_eq!(can(Some(&above), Action::ReadComplaint, escalated), Ok(()));
        assert_eq!(
            can(Some(&above), Action::AnswerComplaint, escalated),
            Ok(())
        );
    }

    #[test]
    fn the_complainant_follows_their_complaint_by_account_or_by_key_and_never_handles_it() {
        let citizen = Actor {
            id: 9,
            kind: AccountKind::Citizen,
            grants: &[],
            proof: Proof::FULL,
        };
        let c = Resource::Complaint(complaint(&[AGENCY], true));
        assert_eq!(can(Some(&citizen), Action::FollowComplaint, c), Ok(()));
        assert_eq!(can(Some(&citizen), Action::SeeComplainant, c), Ok(()));
        let stranger = Actor { id: 10, ..citizen };
        assert_eq!(
            can(Some(&stranger), Action::ReadComplaint, c),
            Err(Denied::NotFound)
        );
        assert_eq!(
            can(None, Action::FollowComplaint, c),
            Err(Denied::SignInRequired)
        );
        let with_key = Resource::Complaint(ComplaintFacts {
            key_proven: true,
            complainant: None,
            ..complaint(&[AGENCY], true)
        });
        assert_eq!(can(None, Action::FollowComplaint, with_key), Ok(()));
        assert_eq!(
            can(None, Action::TriageComplaint, with_key),
            Err(Denied::SignInRequired)
        );
        // An admin who complains about their own agency does not triage it.
        let grants = [g(StaffRole::AgencyAdmin, Some(AGENCY))];
        let admin = staff(9, &grants);
        assert_eq!(
            can(Some(&admin), Action::TriageComplaint, c),
            Err(Denied::SeparationOfDuties)
        );
    }
}
