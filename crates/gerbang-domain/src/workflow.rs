//! Declarative workflows: the states a case moves through and who may move it.
//!
//! [`WorkflowDef::check`] verifies a definition when the catalogue is loaded;
//! [`WorkflowDef::actions_for`] and [`WorkflowDef::apply`] are the engine that answers
//! "what may this actor do to this case now" and "may they do this".

use serde::{Deserialize, Serialize};

use crate::form::is_machine_name;
use crate::i18n::Text;

/// Who may take an action on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorRole {
    /// The citizen or business that filed the case.
    Applicant,
    /// Agency staff who process cases.
    Officer,
    /// Agency staff who decide and oversee.
    Supervisor,
}

/// One state of a workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateDef {
    pub name: String,
    pub label: Text,
}

/// A permitted move from one state to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    pub from: String,
    pub to: String,
    pub action: String,
    pub role: ActorRole,
    /// The actor must explain the decision (shown to the applicant).
    #[serde(default)]
    pub requires_comment: bool,
    /// Working days the next step may take, overriding the service standard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_days: Option<u32>,
    /// Button text; standard actions have translated defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// The case's invoice must be paid before this move (e.g. no approval before payment).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub requires_paid: bool,
    /// The applicant sends a corrected case back: the form is filled in again, with its files.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resubmission: bool,
}

/// What a decided case means for the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Granted: fees raised at approval are invoiced.
    Approved,
    /// Refused: an unpaid invoice is cancelled, a paid one refunded where the fee rule says so.
    Rejected,
    /// Ended without a decision on the merits (withdrawn, lapsed): an unpaid invoice is cancelled.
    Closed,
}

/// The declared meaning of a terminal state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub decision: Decision,
    /// Reaching this state issues the service's output document.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub issues_document: bool,
}

/// A service's workflow definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkflowDef {
    /// The state a case enters when it is submitted.
    pub initial: String,
    pub states: Vec<StateDef>,
    pub transitions: Vec<Transition>,
    /// States with no way out: the case is decided.
    pub terminal: Vec<String>,
    /// What each terminal state means (every terminal state declares one).
    #[serde(default)]
    pub outcomes: std::collections::BTreeMap<String, Outcome>,
}

impl WorkflowDef {
    /// The definition of a state, by name.
    pub fn state(&self, name: &str) -> Option<&StateDef> {
        self.states.iter().find(|s| s.name == name)
    }

    /// Checks the definition; returns one message per problem.
    pub fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for s in &self.states {
            if !is_machine_name(&s.name) {
                problems.push(format!("workflow state `{}`: not a valid name", s.name));
            }
            if !seen.insert(s.name.as_str()) {
                problems.push(format!("workflow state `{}` is declared twice", s.name));
            }
            if s.label.has_blank() {
                problems.push(format!(
                    "workflow state `{}`: label needs both `en` and `id`",
                    s.name
                ));
            }
        }
        let known = |name: &str| self.states.iter().any(|s| s.name == name);
        if !known(&self.initial) {
            problems.push(format!(
                "workflow initial state `{}` is not declared",
                self.initial
            ));
        }
        if self.terminal.is_empty() {
            problems.push("workflow has no terminal state: no case could ever be decided".into());
        }
        for t in &self.terminal {
            if !known(t) {
                problems.push(format!("workflow terminal state `{t}` is not declared"));
            }
        }
        for t in &self.terminal {
            if !self.outcomes.contains_key(t) {
                problems.push(format!(
                    "workflow terminal state `{t}` declares no outcome: add `outcomes: {{{t}: {{decision: approved|rejected|closed}}}}`"
                ));
            }
        }
        for (state, outcome) in &self.outcomes {
            if !self.terminal.contains(state) {
                problems.push(format!(
                    "workflow outcome on `{state}`: only a terminal state can have an outcome"
                ));
            }
            if outcome.issues_document && outcome.decision != Decision::Approved {
                problems.push(format!(
                    "workflow outcome on `{state}`: only an approving outcome issues the document"
                ));
            }
        }
        if !self
            .outcomes
            .iter()
            .any(|(s, o)| o.decision == Decision::Approved && self.terminal.contains(s))
        {
            problems.push(
                "workflow declares no approving outcome: no case could ever be granted".into(),
            );
        }
        let mut moves = std::collections::HashSet::new();
        for (i, t) in self.transitions.iter().enumerate() {
            let at = format!("workflow transition {} (`{}`)", i + 1, t.action);
            for end in [&t.from, &t.to] {
                if !known(end) {
                    problems.push(format!("{at}: state `{end}` is not declared"));
                }
            }
            if !is_machine_name(&t.action) {
                problems.push(format!("{at}: action is not a valid name"));
            }
            if self.terminal.contains(&t.from) {
                problems.push(format!("{at}: leaves terminal state `{}`", t.from));
            }
            if t.resubmission && t.role != ActorRole::Applicant {
                problems.push(format!(
                    "{at}: only the applicant's move can be a resubmission"
                ));
            }
            if !moves.insert((t.from.as_str(), t.action.as_str(), t.role)) {
                problems.push(format!(
                    "{at}: the same action from `{}` for the same role is declared twice",
                    t.from
                ));
            }
        }
        // Every state must be reachable from the initial one, and every non-terminal
        // state must have a way out, or cases get stuck forever.
        let mut reachable = vec![self.initial.as_str()];
        let mut i = 0;
        while i < reachable.len() {
            let here = reachable[i];
            for t in self.transitions.iter().filter(|t| t.from == here) {
                if !reachable.contains(&t.to.as_str()) {
                    reachable.push(&t.to);
                }
            }
            i += 1;
        }
        for s in &self.states {
            if !reachable.contains(&s.name.as_str()) {
                problems.push(format!("workflow state `{}` cannot be reached", s.name));
            }
            let terminal = self.terminal.contains(&s.name);
            if !terminal && !self.transitions.iter().any(|t| t.from == s.name) {
                problems.push(format!(
                    "workflow state `{}` is not terminal but has no way out",
                    s.name
                ));
            }
        }
        problems
    }
}

/// Why an action on a case was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The case is in a state the definition does not declare (stored data out of step).
    #[error("the case is in a state this workflow does not know")]
    UnknownState,
    /// No transition of the workflow has this action.
    #[error("this workflow has no such action")]
    UnknownAction,
    /// The action exists, but not from the case's current state (HTTP 409).
    #[error("this action is not possible in the case's current state")]
    NotAllowedNow,
    /// The action is possible now, but not for this role (HTTP 403).
    #[error("this action is not for your role")]
    WrongRole,
    /// The action needs a comment and none (or only blanks) was given (HTTP 422).
    #[error("this action needs a comment")]
    CommentRequired,
}

impl WorkflowDef {
    /// True when `state` is terminal: the case is decided and nothing more can happen.
    pub fn is_terminal(&self, state: &str) -> bool {
        self.terminal.iter().any(|t| t == state)
    }

    /// The declared outcome of reaching `state` (`None` for a state that decides nothing).
    pub fn outcome(&self, state: &str) -> Option<Outcome> {
        self.outcomes.get(state).copied()
    }

    /// True when `t` decides the case or needs its fee paid: separation of duties applies.
    pub fn decides(&self, t: &Transition) -> bool {
        t.requires_paid || self.outcome(&t.to).is_some()
    }

    /// True when the comment of move `t` is for the applicant to read: their own moves,
    /// decisions, and moves that hand the case to them (a request for correction). Other
    /// moves are between staff (accept, recommend, a supervisor's "return to officer"):
    /// their comments are internal.
    pub fn comment_is_for_applicant(&self, t: &Transition) -> bool {
        t.role == ActorRole::Applicant
            || self.outcome(&t.to).is_some()
            || self.is_terminal(&t.to)
            || self
                .transitions
                .iter()
                .any(|n| n.from == t.to && n.role == ActorRole::Applicant)
    }

    /// True when the applicant, in `state`, is asked to correct and resubmit the case.
    pub fn awaits_resubmission(&self, state: &str) -> bool {
        self.transitions
            .iter()
            .any(|t| t.from == state && t.resubmission)
    }

    /// The transitions `role` may take from `state`, in definition order.
    pub fn actions_for(&self, state: &str, role: ActorRole) -> Vec<&Transition> {
        if self.is_terminal(state) {
            return Vec::new();
        }
        self.transitions
            .iter()
            .filter(|t| t.from == state && t.role == role)
            .collect()
    }

    /// The transition `role` takes by doing `action` in `state`, or why it may not.
    pub fn apply(
        &self,
        state: &str,
        action: &str,
        role: ActorRole,
        comment: Option<&str>,
    ) -> Result<&Transition, WorkflowError> {
        if self.state(state).is_none() {
            return Err(WorkflowError::UnknownState);
        }
        if !self.transitions.iter().any(|t| t.action == action) {
            return Err(WorkflowError::UnknownAction);
        }
        if self.is_terminal(state) {
            return Err(WorkflowError::NotAllowedNow);
        }
        let mut from_here = self
            .transitions
            .iter()
            .filter(|t| t.from == state && t.action == action)
            .peekable();
        if from_here.peek().is_none() {
            return Err(WorkflowError::NotAllowedNow);
        }
        let transition = from_here
            .find(|t| t.role == role)
            .ok_or(WorkflowError::WrongRole)?;
        let has_comment = comment.is_some_and(|c| !c.trim().is_empty());
        if transition.requires_comment && !has_comment {
            return Err(WorkflowError::CommentRequired);
        }
        Ok(transition)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(s: &str) -> Text {
        Text {
            en: s.to_owned(),
            id: s.to_owned(),
        }
    }

    fn state(name: &str) -> StateDef {
        StateDef {
            name: name.to_owned(),
            label: text(name),
        }
    }

    fn transition(from: &str, action: &str, to: &str, role: ActorRole) -> Transition {
        Transition {
            from: from.to_owned(),
            to: to.to_owned(),
            action: action.to_owned(),
            role,
            requires_comment: false,
            sla_days: None,
            label: None,
            requires_paid: false,
            resubmission: false,
        }
    }

    /// submitted → (officer verifies) → verified → (supervisor approves / rejects with a
    /// comment) → approved / rejected; the officer may return it for correction.
    fn permit() -> WorkflowDef {
        use ActorRole::*;
        let mut reject = transition("verified", "reject", "rejected", Supervisor);
        reject.requires_comment = true;
        let mut send_back = transition("submitted", "return", "correction", Officer);
        send_back.requires_comment = true;
        WorkflowDef {
            initial: "submitted".into(),
            states: [
                "submitted",
                "correction",
                "verified",
                "approved",
                "rejected",
            ]
            .map(state)
            .to_vec(),
            transitions: vec![
                transition("submitted", "verify", "verified", Officer),
                send_back,
                Transition {
                    resubmission: true,
                    ..transition("correction", "resubmit", "submitted", Applicant)
                },
                transition("verified", "approve", "approved", Supervisor),
                reject,
            ],
            terminal: vec!["approved".into(), "rejected".into()],
            outcomes: [
                (
                    "approved".to_owned(),
                    Outcome {
                        decision: Decision::Approved,
                        issues_document: true,
                    },
                ),
                (
                    "rejected".to_owned(),
                    Outcome {
                        decision: Decision::Rejected,
                        issues_document: false,
                    },
                ),
            ]
            .into(),
        }
    }

    #[test]
    fn outcomes_are_declared_on_terminal_states_only() {
        let mut wf = permit();
        wf.outcomes.remove("rejected");
        assert!(
            wf.check()
                .iter()
                .any(|p| p.contains("`rejected` declares no outcome")),
            "{:?}",
            wf.check()
        );
        let mut wf = permit();
        wf.outcomes.insert(
            "verified".into(),
            Outcome {
                decision: Decision::Rejected,
                issues_document: false,
            },
        );
        assert!(
            wf.check()
                .iter()
                .any(|p| p.contains("only a terminal state"))
        );
        let mut wf = permit();
        for o in wf.outcomes.values_mut() {
            o.decision = Decision::Rejected;
            o.issues_document = false;
        }
        assert!(
            wf.check()
                .iter()
                .any(|p| p.contains("no approving outcome"))
        );
        let mut wf = permit();
        wf.transitions[0].resubmission = true;
        assert!(wf.check().iter().any(|p| p.contains("resubmission")));
        let wf = permit();
        assert!(wf.awaits_resubmission("correction"));
        assert!(!wf.awaits_resubmission("submitted"));
        assert!(wf.decides(&wf.transitions[3]));
        assert!(!wf.decides(&wf.transitions[0]));
    }

    #[test]
    fn the_example_workflow_is_well_formed() {
        assert_eq!(permit().check(), Vec::<String>::new());
    }

    #[test]
    fn offers_each_role_its_own_actions() {
        let wf = permit();
        let actions = |s: &str, r: ActorRole| -> Vec<&str> {
            wf.actions_for(s, r)
                .into_iter()
                .map(|t| t.action.as_str())
                .collect()
        };
        assert_eq!(
            actions("submitted", ActorRole::Officer),
            vec!["verify", "return"]
        );
        assert!(actions("submitted", ActorRole::Applicant).is_empty());
        assert_eq!(
            actions("correction", ActorRole::Applicant),
            vec!["resubmit"]
        );
        assert_eq!(
            actions("verified", ActorRole::Supervisor),
            vec!["approve", "reject"]
        );
        assert!(actions("approved", ActorRole::Supervisor).is_empty());
        assert!(actions("nowhere", ActorRole::Officer).is_empty());
        assert!(wf.is_terminal("approved"));
        assert!(!wf.is_terminal("submitted"));
    }

    #[test]
    fn apply_says_why_it_refuses() {
        use ActorRole::*;
        let wf = permit();
        assert_eq!(
            wf.apply("submitted", "verify", Officer, None)
                .map(|t| t.to.as_str()),
            Ok("verified")
        );
        assert_eq!(
            wf.apply("limbo", "verify", Officer, None),
            Err(WorkflowError::UnknownState)
        );
        assert_eq!(
            wf.apply("submitted", "teleport", Officer, None),
            Err(WorkflowError::UnknownAction)
        );
        assert_eq!(
            wf.apply("submitted", "approve", Supervisor, None),
            Err(WorkflowError::NotAllowedNow)
        );
        assert_eq!(
            wf.apply("approved", "approve", Supervisor, None),
            Err(WorkflowError::NotAllowedNow)
        );
        assert_eq!(
            wf.apply("verified", "approve", Officer, None),
            Err(WorkflowError::WrongRole)
        );
        for blank in [None, Some(""), Some("  \n\t")] {
            assert_eq!(
                wf.apply("verified", "reject", Supervisor, blank),
                Err(WorkflowError::CommentRequired)
            );
        }
        assert_eq!(
            wf.apply("verified", "reject", Supervisor, Some("Photo unreadable"))
                .map(|t| t.to.as_str()),
            Ok("rejected")
        );
    }

    const ACTIONS: [&str; 4] = ["submit", "approve", "reject", "return"];
    const ROLES: [ActorRole; 3] = [
        ActorRole::Applicant,
        ActorRole::Officer,
        ActorRole::Supervisor,
    ];

    prop_compose! {
        /// A random workflow that passes `check()`: a random tree from the initial state
        /// reaches every state, every non-terminal state gets a way out, plus extra moves.
        fn well_formed_workflow()(n in 2usize..7)(
            n in Just(n),
            terminal_mask in proptest::collection::vec(any::<bool>(), n - 1),
            parents in proptest::collection::vec(any::<proptest::sample::Index>(), n),
            exits in proptest::collection::vec(0..n, n),
            extra in proptest::collection::vec((0..n, 0..n, 0..ACTIONS.len(), 0..ROLES.len()), 0..10),
            labels in proptest::collection::vec((0..ACTIONS.len(), 0..ROLES.len(), any::<bool>()), 3 * n + 10),
        ) -> Option<WorkflowDef> {
            // s0 is never terminal; at least one other state is.
            let mut terminal = vec![false];
            terminal.extend(terminal_mask);
            if !terminal.iter().any(|t| *t) {
                terminal[n - 1] = true;
            }
            let name = |i: usize| format!("s{i}");
            let mut edges = Vec::new();
            for (i, parent) in parents.iter().enumerate().skip(1) {
                let open: Vec<usize> = (0..i).filter(|j| !terminal[*j]).collect();
                edges.push((*parent.get(&open), i));
            }
            for (i, to) in exits.iter().enumerate() {
                if !terminal[i] {
                    edges.push((i, *to));
                }
            }
            let mut transitions = Vec::new();
            for (k, (from, to)) in edges.into_iter().enumerate() {
                let (a, r, c) = labels[k];
                let mut t = transition(&name(from), ACTIONS[a], &name(to), ROLES[r]);
                t.requires_comment = c;
                transitions.push(t);
            }
            for (from, to, a, r) in extra {
                if !terminal[from] {
                    transitions.push(transition(&name(from), ACTIONS[a], &name(to), ROLES[r]));
                }
            }
            let wf = WorkflowDef {
                initial: name(0),
                states: (0..n).map(|i| state(&name(i))).collect(),
                transitions,
                terminal: (0..n).filter(|i| terminal[*i]).map(name).collect(),
                outcomes: (0..n)
                    .filter(|i| terminal[*i])
                    .map(|i| {
                        let decision = if i == n - 1 || terminal[..i].iter().all(|t| !t) {
                            Decision::Approved
                        } else {
                            Decision::Rejected
                        };
                        (name(i), Outcome { decision, issues_document: false })
                    })
                    .collect(),
            };
            wf.check().is_empty().then_some(wf)
        }
    }

    fn attempts() -> impl Strategy<Value = Vec<(usize, ActorRole, Option<&'static str>)>> {
        proptest::collection::vec(
            (
                0..=ACTIONS.len(),
                proptest::sample::select(ROLES.to_vec()),
                proptest::sample::select(vec![None, Some(""), Some("  "), Some("because")]),
            ),
            0..40,
        )
    }

    proptest! {
        #[test]
        fn random_walks_stay_inside_the_workflow(
            wf in well_formed_workflow().prop_filter_map("not well formed", |w| w),
            attempts in attempts(),
        ) {
            let mut current = wf.initial.clone();
            for (a, role, comment) in attempts {
                // Index ACTIONS.len() is an action no workflow has.
                let action = ACTIONS.get(a).copied().unwrap_or("bogus");
                let before = current.clone();
                let offered = wf
                    .actions_for(&current, role)
                    .iter()
                    .any(|t| t.action == action);
                match wf.apply(&current, action, role, comment) {
                    Ok(t) => {
                        prop_assert!(offered);
                        prop_assert_eq!(&t.from, &current);
                        prop_assert_eq!(t.action.as_str(), action);
                        prop_assert_eq!(t.role, role);
                        current = t.to.clone();
                    }
                    Err(WorkflowError::CommentRequired) => {
                        prop_assert!(offered);
                        prop_assert!(comment.is_none_or(|c| c.trim().is_empty()));
                    }
                    Err(WorkflowError::UnknownState) => prop_assert!(false, "lost the state"),
                    Err(_) => prop_assert!(!offered),
                }
                if current != before {
                    prop_assert!(!wf.is_terminal(&before));
                }
                prop_assert!(wf.state(&current).is_some(), "{} is not declared", current);
                if wf.is_terminal(&current) {
                    for r in ROLES {
                        prop_assert!(wf.actions_for(&current, r).is_empty());
                    }
                }
            }
        }

        #[test]
        fn apply_never_panics(
            wf in well_formed_workflow().prop_filter_map("not well formed", |w| w),
            state in "[a-z0-9]{0,3}",
            action in "[a-z]{0,8}",
            role in proptest::sample::select(ROLES.to_vec()),
            comment in proptest::option::of(".{0,5}"),
        ) {
            let _ = wf.apply(&state, &action, role, comment.as_deref());
            let _ = wf.actions_for(&state, role);
        }
    }
}
