//! Data services between agencies ("once-only"): what a provider publishes, the access
//! agreements that let a consumer call it, and the one rule deciding whether a call is
//! answered.
//!
//! An agency publishes a [`DataServiceDef`] in its catalogue file: the register it answers
//! from, the input that finds a record, the fields it can return and the purposes it may
//! be called for. A consuming agency calls it only under an [`Agreement`] approved by the
//! administrators of both agencies, for a purpose and fields the agreement covers, while it
//! is in force. [`decide`] is that rule; every refusal has a stable [`Refusal`] type that
//! both the log and the problem document carry.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::catalog::is_slug;
use crate::form::is_machine_name;
use crate::i18n::Text;

/// A purpose a data service may be called for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurposeDef {
    /// Machine name, such as `residence-verification`.
    pub name: String,
    pub label: Text,
}

/// A data service as its provider declares it in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataServiceDef {
    /// Unique within the agency, such as `identity-by-nik`.
    pub slug: String,
    pub name: Text,
    pub description: Text,
    /// The provider's register the answers come from, such as `residents`.
    pub register: String,
    /// What the caller sends to find a record, such as `nik`.
    pub input: InputKind,
    /// The fields a record may return; an agreement covers some or all of them.
    pub fields: Vec<String>,
    pub purposes: Vec<PurposeDef>,
}

/// What identifies the record a call asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A national identity number (16 digits).
    Nik,
    /// A business identification number (NIB, 13 digits).
    Nib,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Nik => "nik",
            InputKind::Nib => "nib",
        }
    }

    /// Whether `s` is well formed for this input (the register decides whether it exists).
    pub fn accepts(self, s: &str) -> bool {
        let digits = match self {
            InputKind::Nik => 16,
            InputKind::Nib => 13,
        };
        s.len() == digits && s.bytes().all(|b| b.is_ascii_digit())
    }
}

impl DataServiceDef {
    /// Checks the declaration; one message per problem, naming the data service.
    pub fn check(&self) -> Vec<String> {
        let at = format!("data service `{}`", self.slug);
        let mut problems = Vec::new();
        if !is_slug(&self.slug) {
            problems.push(format!(
                "{at}: the slug must be lowercase letters, digits and `-`"
            ));
        }
        if !is_slug(&self.register) {
            problems.push(format!(
                "{at}: the register must be lowercase letters, digits and `-`"
            ));
        }
        if self.name.has_blank() || self.description.has_blank() {
            problems.push(format!(
                "{at}: name and description need both `en` and `id`"
            ));
        }
        if self.fields.is_empty() {
            problems.push(format!("{at}: it returns no `fields`"));
        }
        for f in &self.fields {
            if !is_machine_name(f) {
                problems.push(format!("{at}: field `{f}` is not a machine name"));
            }
        }
        if self.purposes.is_empty() {
            problems.push(format!("{at}: it names no `purposes`"));
        }
        for p in &self.purposes {
            if !is_slug(&p.name) || p.label.has_blank() {
                problems.push(format!(
                    "{at}: purpose `{}` needs a slug name and a label in `en` and `id`",
                    p.name
                ));
            }
        }
        problems
    }

    /// The label of one of its purposes.
    pub fn purpose(&self, name: &str) -> Option<&PurposeDef> {
        self.purposes.iter().find(|p| p.name == name)
    }
}

/// Why a call was not answered. The names are stable: they end the problem type's URI and
/// are written in the exchange log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Refusal {
    /// The caller is not an agency of this install nor of a trusted peer.
    UnknownConsumer,
    /// No such data service.
    UnknownService,
    /// The provider has switched the data service off.
    ServiceDisabled,
    /// No agreement approved by both agencies covers the caller and the service.
    NoAgreement,
    /// The only agreements are no longer (or not yet) in force.
    AgreementExpired,
    /// The agreement does not cover the purpose stated.
    PurposeNotAllowed,
    /// The agreement does not cover every field asked for.
    FieldsNotCovered,
    /// The input is not a well-formed identifier for this data service.
    InvalidInput,
}

impl Refusal {
    pub const ALL: [Refusal; 8] = [
        Refusal::UnknownConsumer,
        Refusal::UnknownService,
        Refusal::ServiceDisabled,
        Refusal::NoAgreement,
        Refusal::AgreementExpired,
        Refusal::PurposeNotAllowed,
        Refusal::FieldsNotCovered,
        Refusal::InvalidInput,
    ];

    /// The stable name, such as `no-agreement`.
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::UnknownConsumer => "unknown-consumer",
            Refusal::UnknownService => "unknown-service",
            Refusal::ServiceDisabled => "service-disabled",
            Refusal::NoAgreement => "no-agreement",
            Refusal::AgreementExpired => "agreement-expired",
            Refusal::PurposeNotAllowed => "purpose-not-allowed",
            Refusal::FieldsNotCovered => "fields-not-covered",
            Refusal::InvalidInput => "invalid-input",
        }
    }

    /// The HTTP status a refusal is answered with.
    pub fn status(self) -> u16 {
        match self {
            Refusal::UnknownConsumer => 401,
            Refusal::UnknownService => 404,
            Refusal::ServiceDisabled => 503,
            Refusal::InvalidInput => 422,
            _ => 403,
        }
    }

    pub fn parse(s: &str) -> Option<Refusal> {
        Refusal::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// An access agreement as the rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub id: i64,
    pub purposes: Vec<String>,
    pub fields: Vec<String>,
    pub valid_from: Date,
    /// The last day it is in force.
    pub valid_until: Date,
    pub provider_approved: bool,
    pub consumer_approved: bool,
    pub revoked: bool,
}

impl Agreement {
    /// Approved by both sides and not revoked (dates aside).
    pub fn approved(&self) -> bool {
        self.provider_approved && self.consumer_approved && !self.revoked
    }

    /// Approved, and `today` within its dates.
    pub fn in_force(&self, today: Date) -> bool {
        self.approved() && self.valid_from <= today && today <= self.valid_until
    }

    /// Its state, as shown to administrators.
    pub fn state(&self, today: Date) -> AgreementState {
        if self.revoked {
            AgreementState::Revoked
        } else if !self.provider_approved || !self.consumer_approved {
            AgreementState::AwaitingApproval
        } else if today < self.valid_from {
            AgreementState::NotYetInForce
        } else if today > self.valid_until {
            AgreementState::Expired
        } else {
            AgreementState::InForce
        }
    }
}

/// Where an agreement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgreementState {
    AwaitingApproval,
    NotYetInForce,
    InForce,
    Expired,
    Revoked,
}

impl AgreementState {
    pub fn as_str(self) -> &'static str {
        match self {
            AgreementState::AwaitingApproval => "awaiting_approval",
            AgreementState::NotYetInForce => "not_yet_in_force",
            AgreementState::InForce => "in_force",
            AgreementState::Expired => "expired",
            AgreementState::Revoked => "revoked",
        }
    }
}

/// One call, as the rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call<'a> {
    pub purpose: &'a str,
    pub fields: &'a [String],
    pub input: &'a str,
}

/// The provider's side of a call: the service (if it exists), whether it is switched on,
/// and the agreements it has with this consumer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider<'a> {
    pub def: &'a DataServiceDef,
    pub enabled: bool,
    pub agreements: &'a [Agreement],
}

/// Decides a call from a known consumer: the agreement it is answered under, or why not.
/// The checks run in a fixed order, so that a call is refused for the first reason a
/// reader of the log would look for.
pub fn decide<'a>(
    provider: Option<Provider<'a>>,
    call: &Call<'_>,
    today: Date,
) -> Result<&'a Agreement, Refusal> {
    let p = provider.ok_or(Refusal::UnknownService)?;
    if !p.enabled {
        return Err(Refusal::ServiceDisabled);
    }
    if !p.def.input.accepts(call.input) {
        return Err(Refusal::InvalidInput);
    }
    if call.fields.iter().any(|f| !p.def.fields.contains(f)) {
        return Err(Refusal::FieldsNotCovered);
    }
    let approved: Vec<&Agreement> = p.agreements.iter().filter(|a| a.approved()).collect();
    if approved.is_empty() {
        return Err(Refusal::NoAgreement);
    }
    let in_force: Vec<&Agreement> = approved.into_iter().filter(|a| a.in_force(today)).collect();
    if in_force.is_empty() {
        return Err(Refusal::AgreementExpired);
    }
    let for_purpose: Vec<&Agreement> = in_force
        .into_iter()
        .filter(|a| a.purposes.iter().any(|x| x == call.purpose))
        .collect();
    if for_purpose.is_empty() {
        return Err(Refusal::PurposeNotAllowed);
    }
    for_purpose
        .into_iter()
        .find(|a| call.fields.iter().all(|f| a.fields.contains(f)))
        .ok_or(Refusal::FieldsNotCovered)
}

/// Why an administrator may not approve an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalRefused {
    /// Approving both sides of one agreement is two people's job.
    SamePerson,
    /// Already approved on this side, or revoked.
    NotPending,
}

/// Who approves which side: the person approving `side` must not be the one who approved
/// the other side.
pub fn may_approve(
    other_side_by: Option<i64>,
    this_side_approved: bool,
    revoked: bool,
    approver: i64,
) -> Result<(), ApprovalRefused> {
    if revoked || this_side_approved {
        return Err(ApprovalRefused::NotPending);
    }
    if other_side_by == Some(approver) {
        return Err(ApprovalRefused::SamePerson);
    }
    Ok(())
}

/// Checks an agreement's terms against its data service before it is proposed: one message
/// per problem.
pub fn check_terms(
    def: &DataServiceDef,
    purposes: &[String],
    fields: &[String],
    valid_from: Date,
    valid_until: Date,
) -> Vec<&'static str> {
    let mut problems = Vec::new();
    if purposes.is_empty() || purposes.iter().any(|p| def.purpose(p).is_none()) {
        problems.push("purposes");
    }
    if fields.is_empty() || fields.iter().any(|f| !def.fields.contains(f)) {
        problems.push("fields");
    }
    if valid_until < valid_from {
        problems.push("valid_until");
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn def() -> DataServiceDef {
        DataServiceDef {
            slug: "family-members".into(),
            name: Text {
                en: "Family members".into(),
                id: "Anggota keluarga".into(),
            },
            description: Text {
                en: "d".into(),
                id: "d".into(),
            },
            register: "families".into(),
            input: InputKind::Nik,
            fields: vec!["family_card_number".into(), "members".into()],
            purposes: vec![
                PurposeDef {
                    name: "residence-verification".into(),
                    label: Text {
                        en: "a".into(),
                        id: "a".into(),
                    },
                },
                PurposeDef {
                    name: "social-assistance".into(),
                    label: Text {
                        en: "b".into(),
                        id: "b".into(),
                    },
                },
            ],
        }
    }

    fn agreement() -> Agreement {
        Agreement {
            id: 1,
            purposes: vec!["residence-verification".into()],
            fields: vec!["family_card_number".into(), "members".into()],
            valid_from: date!(2026 - 01 - 01),
            valid_until: date!(2026 - 12 - 31),
            provider_approved: true,
            consumer_approved: true,
            revoked: false,
        }
    }

    const NIK: &str = "3372011505900001";

    fn call<'a>(purpose: &'a str, fields: &'a [String]) -> Call<'a> {
        Call {
            purpose,
            fields,
            input: NIK,
        }
    }

    #[test]
    fn refusals_name_the_first_reason() {
        let d = def();
        let fields = vec!["members".to_owned()];
        let today = date!(2026 - 06 - 01);
        let ok = [agreement()];
        let p = |enabled, agreements| {
            Some(Provider {
                def: &d,
                enabled,
                agreements,
            })
        };
        let c = call("residence-verification", &fields);
        assert_eq!(decide(p(true, &ok), &c, today).map(|a| a.id), Ok(1));
        assert_eq!(decide(None, &c, today), Err(Refusal::UnknownService));
        assert_eq!(
            decide(p(false, &ok), &c, today),
            Err(Refusal::ServiceDisabled)
        );
        assert_eq!(decide(p(true, &[]), &c, today), Err(Refusal::NoAgreement));
        let pending = [Agreement {
            consumer_approved: false,
            ..agreement()
        }];
        assert_eq!(
            decide(p(true, &pending), &c, today),
            Err(Refusal::NoAgreement)
        );
        assert_eq!(
            decide(p(true, &ok), &c, date!(2027 - 01 - 01)),
            Err(Refusal::AgreementExpired)
        );
        assert_eq!(
            decide(p(true, &ok), &call("social-assistance", &fields), today),
            Err(Refusal::PurposeNotAllowed)
        );
        let narrow = [Agreement {
            fields: vec!["family_card_number".into()],
            ..agreement()
        }];
        assert_eq!(
            decide(p(true, &narrow), &c, today),
            Err(Refusal::FieldsNotCovered)
        );
        let unknown = vec!["religion".to_owned()];
        assert_eq!(
            decide(
                p(true, &ok),
                &call("residence-verification", &unknown),
                today
            ),
            Err(Refusal::FieldsNotCovered)
        );
        let bad = Call {
            input: "12",
            ..c.clone()
        };
        assert_eq!(
            decide(p(true, &ok), &bad, today),
            Err(Refusal::InvalidInput)
        );
    }

    #[test]
    fn one_person_never_approves_both_sides() {
        assert_eq!(
            may_approve(Some(7), false, false, 7),
            Err(ApprovalRefused::SamePerson)
        );
        assert_eq!(may_approve(Some(7), false, false, 8), Ok(()));
        assert_eq!(
            may_approve(None, true, false, 8),
            Err(ApprovalRefused::NotPending)
        );
        assert_eq!(
            may_approve(None, false, true, 8),
            Err(ApprovalRefused::NotPending)
        );
    }

    #[test]
    fn refusal_names_round_trip() {
        for r in Refusal::ALL {
            assert_eq!(Refusal::parse(r.as_str()), Some(r));
        }
    }

    proptest! {
        /// A call is answered only under an agreement approved by both sides, in force
        /// today, covering its purpose and every field it asks for.
        #[test]
        fn answered_only_under_a_covering_agreement(
            flags in proptest::collection::vec((any::<bool>(), any::<bool>(), any::<bool>(), 0u8..4, 0u8..4, -40i64..40, -40i64..40), 0..4),
            purpose_ix in 0usize..3,
            field_mask in 1u8..4,
            enabled in any::<bool>(),
            today_off in -60i64..60,
        ) {
            let d = def();
            let base = date!(2026 - 06 - 01);
            let purposes = ["residence-verification", "social-assistance", "other"];
            let all_fields = ["family_card_number", "members"];
            let pick = |mask: u8| -> Vec<String> {
                all_fields.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, f)| (*f).to_owned()).collect()
            };
            let agreements: Vec<Agreement> = flags.iter().enumerate().map(|(i, (pa, ca, rv, pm, fm, from, len))| Agreement {
                id: i as i64,
                purposes: purposes.iter().enumerate().filter(|(j, _)| pm & (1 << j) != 0).map(|(_, p)| (*p).to_owned()).collect(),
                fields: pick(*fm),
                valid_from: base + time::Duration::days(*from),
                valid_until: base + time::Duration::days(*from + *len),
                provider_approved: *pa,
                consumer_approved: *ca,
                revoked: *rv,
            }).collect();
            let fields = pick(field_mask);
            let today = base + time::Duration::days(today_off);
            let c = call(purposes[purpose_ix], &fields);
            let provider = Some(Provider { def: &d, enabled, agreements: &agreements });
            match decide(provider, &c, today) {
                Ok(a) => {
                    prop_assert!(enabled);
                    prop_assert!(a.provider_approved && a.consumer_approved && !a.revoked);
                    prop_assert!(a.valid_from <= today && today <= a.valid_until);
                    prop_assert!(a.purposes.iter().any(|p| p == c.purpose));
                    prop_assert!(fields.iter().all(|f| a.fields.contains(f)));
                }
                Err(_) => {
                    let covering = agreements.iter().any(|a| a.in_force(today)
                        && a.purposes.iter().any(|p| p == c.purpose)
                        && fields.iter().all(|f| a.fields.contains(f)));
                    prop_assert!(!enabled || !covering);
                }
            }
        }
    }
}
