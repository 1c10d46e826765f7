//! Declarative workflows: the states a case moves through and who may move it.

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
