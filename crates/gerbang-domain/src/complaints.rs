//! Complaints, reports and requests for information: their states, who moves them, and
//! their deadlines, modelled on Indonesia's national complaint system (SP4N-LAPOR!).
//!
//! ```text
//! received ──verify──▶ verified ──assign──▶ assigned ──answer──▶ followed_up ──close──▶ closed
//!    │  ▲                 │                   ▲   │ reassign          │  ▲ answer          │
//!    │  └─ (escalate) ────┘                   └───┘                   │  └─ reply ─▶ assigned
//!    ├──reject──▶ rejected                                            └─ auto-close ─▶ closed
//!    └──merge───▶ merged                                  closed ──reopen (once)──▶ reopened
//! ```
//!
//! Every open state has a deadline in working days (see [`Deadlines`]): verification within
//! 3 working days of filing (assignment counts towards the same window), a follow-up within
//! 5 working days of assignment (or of reopening, or of the complainant's reply), and an
//! automatic close 10 working days after a follow-up the complainant did not answer. A
//! missed verification or follow-up deadline **escalates** the complaint one agency up the
//! tree ([`Step::Escalate`]) and sets a fresh deadline of the same length.

use serde::{Deserialize, Serialize};

/// What a person is filing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Dissatisfaction with a service or an officer.
    Complaint,
    /// Something broken or wrong in public space (a street light, a pothole).
    Report,
    /// A question or a request for public information.
    InformationRequest,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Complaint, Kind::Report, Kind::InformationRequest];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Complaint => "complaint",
            Kind::Report => "report",
            Kind::InformationRequest => "information_request",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Filed; the coordinating admin has not looked at it yet.
    Received,
    /// Checked as a genuine complaint; not yet given to the agency that must answer.
    Verified,
    /// With the responsible agency, waiting for its follow-up.
    Assigned,
    /// The agency answered; waiting for the complainant (or the automatic close).
    FollowedUp,
    /// Done.
    Closed,
    /// Not a complaint the platform handles; the reason is on the timeline.
    Rejected,
    /// A duplicate, followed under another reference.
    Merged,
    /// Closed once, reopened by the complainant: waiting for a new follow-up.
    Reopened,
}

impl State {
    pub const ALL: [State; 8] = [
        State::Received,
        State::Verified,
        State::Assigned,
        State::FollowedUp,
        State::Closed,
        State::Rejected,
        State::Merged,
        State::Reopened,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Received => "received",
            State::Verified => "verified",
            State::Assigned => "assigned",
            State::FollowedUp => "followed_up",
            State::Closed => "closed",
            State::Rejected => "rejected",
            State::Merged => "merged",
            State::Reopened => "reopened",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// No step leads out of it, except reopening a closed complaint.
    pub fn is_final(self) -> bool {
        matches!(self, State::Closed | State::Rejected | State::Merged)
    }

    /// Waiting on the government (verification, assignment or a follow-up).
    pub fn awaits_agency(self) -> bool {
        matches!(
            self,
            State::Received | State::Verified | State::Assigned | State::Reopened
        )
    }

    /// The deadline that runs in this state, if any.
    pub fn deadline(self) -> Option<Deadline> {
        match self {
            State::Received | State::Verified => Some(Deadline::Verify),
            State::Assigned | State::Reopened => Some(Deadline::FollowUp),
            State::FollowedUp => Some(Deadline::AutoClose),
            State::Closed | State::Rejected | State::Merged => None,
        }
    }
}

/// A running deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// Verify and assign the complaint.
    Verify,
    /// Answer it.
    FollowUp,
    /// Close it if the complainant does not reply.
    AutoClose,
}

impl Deadline {
    /// What happens when it passes.
    pub fn on_expiry(self) -> Step {
        match self {
            Deadline::Verify | Deadline::FollowUp => Step::Escalate,
            Deadline::AutoClose => Step::AutoClose,
        }
    }
}

/// Working days allowed per deadline; each category may set its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadlines {
    /// From filing to assignment.
    #[serde(default = "default_verify")]
    pub verify: u32,
    /// From assignment (or reopening, or the complainant's reply) to a follow-up.
    #[serde(default = "default_follow_up")]
    pub follow_up: u32,
    /// From a follow-up to the automatic close.
    #[serde(default = "default_auto_close")]
    pub auto_close: u32,
}

fn default_verify() -> u32 {
    3
}
fn default_follow_up() -> u32 {
    5
}
fn default_auto_close() -> u32 {
    10
}

impl Default for Deadlines {
    /// SP4N-LAPOR!'s: 3, 5 and 10 working days.
    fn default() -> Self {
        Deadlines {
            verify: default_verify(),
            follow_up: default_follow_up(),
            auto_close: default_auto_close(),
        }
    }
}

impl Deadlines {
    /// Working days allowed for `d`.
    pub fn days(&self, d: Deadline) -> u32 {
        match d {
            Deadline::Verify => self.verify,
            Deadline::FollowUp => self.follow_up,
            Deadline::AutoClose => self.auto_close,
        }
    }
}

/// Who takes a step: the roles of the complaint process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The person who filed it.
    Complainant,
    /// The coordinating admin of an agency handling it.
    Coordinator,
    /// An officer or supervisor of an agency handling it.
    Officer,
    /// The platform's deadline jobs.
    System,
}

/// Something that moves a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Verify,
    /// Give it to an agency (the same, or another one: reassignment).
    Assign,
    Reject,
    Merge,
    /// The agency's follow-up (public or private text).
    Answer,
    /// The complainant writes back after a follow-up: the agency must answer again.
    Reply,
    /// The complainant is satisfied (and may rate the resolution).
    Close,
    /// No reply within the auto-close deadline.
    AutoClose,
    /// The complainant is not satisfied with a closed complaint (once).
    Reopen,
    /// A verification or follow-up deadline passed: one agency up the tree.
    Escalate,
}

impl Step {
    /// The role that takes this step.
    pub fn by(self) -> By {
        match self {
            Step::Verify | Step::Assign | Step::Reject | Step::Merge => By::Coordinator,
            Step::Answer => By::Officer,
            Step::Reply | Step::Close | Step::Reopen => By::Complainant,
            Step::AutoClose | Step::Escalate => By::System,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Verify => "verify",
            Step::Assign => "assign",
            Step::Reject => "reject",
            Step::Merge => "merge",
            Step::Answer => "answer",
            Step::Reply => "reply",
            Step::Close => "close",
            Step::AutoClose => "auto_close",
            Step::Reopen => "reopen",
            Step::Escalate => "escalate",
        }
    }
}

/// Why a step does not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// Not from this state (HTTP 409: someone else moved it first, or it never could).
    #[error("{step:?} does not apply to a complaint that is {from:?}")]
    NotNow { from: State, step: Step },
    /// A complaint is reopened at most once.
    #[error("already reopened once")]
    AlreadyReopened,
}

/// Where `step` takes a complaint that is in `from` (and was `reopened` before, or not).
pub fn next(from: State, step: Step, reopened: bool) -> Result<State, StepError> {
    use State::*;
    let to = match (from, step) {
        (Received, Step::Verify) => Verified,
        (Received | Verified, Step::Assign) => Assigned,
        // Reassignment to the right agency, also after escalation.
        (Assigned | Reopened, Step::Assign) => from,
        (Received | Verified, Step::Reject) => Rejected,
        (Received | Verified | Assigned, Step::Merge) => Merged,
        (Assigned | Reopened | FollowedUp, Step::Answer) => FollowedUp,
        (FollowedUp, Step::Reply) => Assigned,
        (FollowedUp, Step::Close | Step::AutoClose) => Closed,
        (Closed, Step::Reopen) if reopened => return Err(StepError::AlreadyReopened),
        (Closed, Step::Reopen) => Reopened,
        (Received | Verified | Assigned | Reopened, Step::Escalate) => from,
        _ => return Err(StepError::NotNow { from, step }),
    };
    Ok(to)
}

/// The steps a role may take from `from` right now, in the order a page offers them.
pub fn steps_for(from: State, by: By, reopened: bool) -> Vec<Step> {
    [
        Step::Verify,
        Step::Assign,
        Step::Reject,
        Step::Merge,
        Step::Answer,
        Step::Reply,
        Step::Close,
        Step::Reopen,
    ]
    .into_iter()
    .filter(|s| s.by() == by && next(from, *s, reopened).is_ok())
    .collect()
}

/// Whether a deadline starts afresh when `step` takes a complaint from `from` to `to`:
/// entering a state with another deadline, or a step that restarts the same one
/// (reassignment gives the new agency its full follow-up time; escalation gives the
/// agency above a full period). Verification keeps the filing's window running.
pub fn restarts_deadline(from: State, step: Step, to: State) -> bool {
    match step {
        Step::Verify => false,
        Step::Assign | Step::Escalate | Step::Answer | Step::Reply | Step::Reopen => true,
        _ => from.deadline() != to.deadline(),
    }
}

/// The resolution rating the complainant gives, 1 (poor) to 5 (excellent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rating(u8);

impl Rating {
    pub fn new(n: i64) -> Option<Rating> {
        u8::try_from(n)
            .ok()
            .filter(|n| (1..=5).contains(n))
            .map(Rating)
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// Longest description, in characters.
pub const MAX_DESCRIPTION: usize = 5000;
/// Shortest useful description, in characters.
pub const MIN_DESCRIPTION: usize = 10;
/// Longest title, in characters.
pub const MAX_TITLE: usize = 150;
/// Photos per complaint.
pub const MAX_PHOTOS: usize = 3;

/// A place given as coordinates (WGS 84 degrees).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

impl Point {
    /// A point, when both numbers are finite and in range.
    pub fn new(lat: f64, lon: f64) -> Option<Point> {
        let ok = lat.is_finite()
            && lon.is_finite()
            && (-90.0..=90.0).contains(&lat)
            && (-180.0..=180.0).contains(&lon);
        ok.then_some(Point { lat, lon })
    }
}

/// A complaint category of an agency, as its catalogue entry declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable code, such as `street-lighting` (also the Open311 service code's second part).
    pub code: String,
    pub name: crate::i18n::Text,
    /// What belongs here, one sentence.
    pub description: crate::i18n::Text,
    /// What may be filed under it.
    #[serde(default = "all_kinds")]
    pub kinds: Vec<Kind>,
    /// Its own deadlines, when they differ from SP4N-LAPOR!'s.
    #[serde(default)]
    pub deadlines: Deadlines,
}

fn all_kinds() -> Vec<Kind> {
    Kind::ALL.to_vec()
}

/// The categories every agency has when its catalogue entry names none.
pub fn default_categories() -> Vec<Category> {
    let t = |en: &str, id: &str| crate::i18n::Text {
        en: en.to_owned(),
        id: id.to_owned(),
    };
    vec![
        Category {
            code: "service-delivery".into(),
            name: t("Service delivery", "Penyelenggaraan layanan"),
            description: t(
                "A service not delivered on time, as promised, or at the published fee.",
                "Layanan tidak selesai tepat waktu, tidak sesuai janji, atau tidak sesuai tarif yang diumumkan.",
            ),
            kinds: vec![Kind::Complaint],
            deadlines: Deadlines::default(),
        },
        Category {
            code: "staff-conduct".into(),
            name: t("Staff conduct", "Perilaku petugas"),
            description: t(
                "Rudeness, requests for unofficial payments, or other conduct of an officer.",
                "Sikap tidak sopan, permintaan pungutan liar, atau perilaku petugas lainnya.",
            ),
            kinds: vec![Kind::Complaint],
            deadlines: Deadlines::default(),
        },
        Category {
            code: "facilities".into(),
            name: t("Facilities", "Sarana dan prasarana"),
            description: t(
                "Something broken or unsafe at an office or in public space.",
                "Sesuatu yang rusak atau tidak aman di kantor pelayanan atau di ruang publik.",
            ),
            kinds: vec![Kind::Complaint, Kind::Report],
            deadlines: Deadlines::default(),
        },
        Category {
            code: "information".into(),
            name: t("Information", "Informasi"),
            description: t(
                "A question, or a request for public information.",
                "Pertanyaan, atau permintaan informasi publik.",
            ),
            kinds: vec![Kind::InformationRequest],
            deadlines: Deadlines::default(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const STEPS: [Step; 10] = [
        Step::Verify,
        Step::Assign,
        Step::Reject,
        Step::Merge,
        Step::Answer,
        Step::Reply,
        Step::Close,
        Step::AutoClose,
        Step::Reopen,
        Step::Escalate,
    ];

    #[test]
    fn the_lapor_path_runs_from_received_to_closed() {
        let mut s = State::Received;
        for step in [Step::Verify, Step::Assign, Step::Answer, Step::Close] {
            s = next(s, step, false).expect("allowed");
        }
        assert_eq!(s, State::Closed);
        assert_eq!(
            next(State::Closed, Step::Reopen, false),
            Ok(State::Reopened)
        );
        assert_eq!(
            next(State::Closed, Step::Reopen, true),
            Err(StepError::AlreadyReopened)
        );
    }

    #[test]
    fn only_open_states_escalate_and_only_a_followed_up_one_closes_by_itself() {
        for s in State::ALL {
            assert_eq!(
                next(s, Step::Escalate, false).is_ok(),
                s.awaits_agency(),
                "{s:?}"
            );
            assert_eq!(
                next(s, Step::AutoClose, false).is_ok(),
                s == State::FollowedUp
            );
        }
    }

    #[test]
    fn every_deadline_has_a_step_that_applies_when_it_passes() {
        for s in State::ALL {
            if let Some(d) = s.deadline() {
                assert!(next(s, d.on_expiry(), false).is_ok(), "{s:?}");
            }
        }
    }

    #[test]
    fn ratings_are_one_to_five() {
        assert_eq!(Rating::new(0), None);
        assert_eq!(Rating::new(6), None);
        assert_eq!(Rating::new(-1), None);
        assert_eq!(Rating::new(3).map(Rating::get), Some(3));
    }

    #[test]
    fn points_must_be_on_earth() {
        assert!(Point::new(-7.56, 110.82).is_some());
        assert!(Point::new(91.0, 0.0).is_none());
        assert!(Point::new(0.0, f64::NAN).is_none());
    }

    #[test]
    fn names_round_trip() {
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
    }

    fn any_state() -> impl Strategy<Value = State> {
        proptest::sample::select(State::ALL.to_vec())
    }

    fn any_step() -> impl Strategy<Value = Step> {
        proptest::sample::select(STEPS.to_vec())
    }

    proptest! {
        /// Whatever happens, a complaint never leaves rejected or merged, is reopened at most
        /// once, and the system alone never closes one that awaits the agency.
        #[test]
        fn any_walk_keeps_the_rules(steps in proptest::collection::vec(any_step(), 0..40)) {
            let mut s = State::Received;
            let mut reopened = false;
            let mut reopens = 0;
            for step in steps {
                let before = s;
                if let Ok(to) = next(s, step, reopened) {
                    prop_assert!(!matches!(before, State::Rejected | State::Merged));
                    if step == Step::Reopen {
                        reopens += 1;
                        reopened = true;
                    }
                    if before.awaits_agency() && step.by() == By::System {
                        prop_assert_eq!(to, before, "escalation keeps the state");
                    }
                    s = to;
                }
            }
            prop_assert!(reopens <= 1);
        }

        /// What a page offers a role is exactly what that role may do.
        #[test]
        fn offered_steps_are_allowed_steps(s in any_state(), reopened in any::<bool>()) {
            for by in [By::Complainant, By::Coordinator, By::Officer] {
                for step in steps_for(s, by, reopened) {
                    prop_assert!(next(s, step, reopened).is_ok());
                    prop_assert_eq!(step.by(), by);
                }
            }
        }
    }
}
