//! The public service catalogue: agencies and the services they offer.
//!
//! Catalogue files are YAML, one per agency (see `catalog/` at the repository root).
//! [`parse_catalog_file`] turns one file's text into checked definitions, or into errors
//! that name the line and say what is wrong.

use serde::{Deserialize, Serialize};

use crate::form::FormSchema;
use crate::i18n::Text;
use crate::workflow::WorkflowDef;

/// Who a service is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Citizen,
    Business,
    Agency,
}

impl Audience {
    /// Stable name, used in URLs, storage and message ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Citizen => "citizen",
            Audience::Business => "business",
            Audience::Agency => "agency",
        }
    }
}

/// How to reach an agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub address: String,
    pub phone: String,
    pub email: String,
    /// Opening hours.
    pub hours: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// An agency as declared in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyDef {
    pub slug: String,
    pub name: Text,
    /// Common abbreviation, such as "Disdukcapil".
    pub short_name: String,
    /// The agency above this one; complaints escalate up this tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub description: Text,
    pub contact: Contact,
    /// The zone the agency works in (its "today", due dates, document dates).
    #[serde(default)]
    pub time_zone: crate::time_zone::TimeZone,
    /// What people may complain or report about to this agency; empty: the platform's
    /// [`crate::complaints::default_categories`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub complaint_categories: Vec<crate::complaints::Category>,
    /// Days this agency does not work besides the platform's holidays (a regional
    /// holiday), as `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "iso_dates")]
    pub holidays: Vec<time::Date>,
}

/// Dates as `YYYY-MM-DD` strings.
mod iso_dates {
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _, ser::Error as _};
    use time::Date;
    use time::macros::format_description;

    const FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
        format_description!("[year]-[month]-[day]");

    pub fn serialize<S: Serializer>(dates: &[Date], s: S) -> Result<S::Ok, S::Error> {
        let text: Result<Vec<String>, _> = dates.iter().map(|d| d.format(FORMAT)).collect();
        s.collect_seq(text.map_err(S::Error::custom)?)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Date>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|t| {
                Date::parse(t, FORMAT)
                    .map_err(|_| D::Error::custom(format!("{t:?} is not a date like 2026-12-25")))
            })
            .collect()
    }
}

impl AgencyDef {
    /// The complaint categories people may choose at this agency.
    pub fn categories(&self) -> Vec<crate::complaints::Category> {
        if self.complaint_categories.is_empty() {
            crate::complaints::default_categories()
        } else {
            self.complaint_categories.clone()
        }
    }
}

/// One line of a fee, paid into one budget line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeItem {
    /// The budget account that receives this part.
    pub budget_line: String,
    pub label: Text,
    /// Whole rupiah (IDR is collected without decimals).
    pub amount: i64,
}

/// What a service costs.
///
/// `fixed` and `free` are the original rules; `per_unit` and `by_choice` compute the fee
/// from the form's answers (see [`crate::fees`] for the arithmetic and its checks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FeeRule {
    /// No charge.
    Free,
    /// A fixed amount, itemised by budget line.
    Fixed {
        #[serde(default = "default_currency")]
        currency: String,
        items: Vec<FeeItem>,
        /// Refund the payment when the case is rejected.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        refund_on_reject: bool,
    },
    /// A rate per unit of a number field (such as per m² of floor area), with a minimum and
    /// an optional cap, plus optional fixed items.
    PerUnit(PerUnitFee),
    /// An amount chosen by the answer to a select field (such as the business scale).
    ByChoice(ChoiceFee),
}

/// A fee computed from a number field: `clamp(rate × value, minimum, maximum)` into one
/// budget line, plus fixed `items`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerUnitFee {
    #[serde(default = "default_currency")]
    pub currency: String,
    /// The form field (type `number`, required) giving the number of units.
    pub field: String,
    /// The unit's name, such as "m²".
    pub unit: Text,
    /// Amount per whole unit.
    pub rate: i64,
    /// Least amount of the computed line.
    #[serde(default)]
    pub minimum: i64,
    /// Greatest amount of the computed line, if capped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    /// The budget account that receives the computed line.
    pub budget_line: String,
    pub label: Text,
    /// Fixed parts charged on top.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<FeeItem>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub refund_on_reject: bool,
}

/// A fee chosen by the value of a select field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceFee {
    #[serde(default = "default_currency")]
    pub currency: String,
    /// The form field (type `select`, required) whose answer picks the items.
    pub field: String,
    /// One entry per option of the field.
    pub choices: Vec<FeeChoice>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub refund_on_reject: bool,
}

/// The items charged when a select field has one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeChoice {
    pub value: String,
    pub items: Vec<FeeItem>,
}

fn default_currency() -> String {
    "IDR".to_owned()
}

impl FeeRule {
    /// The total of a fixed fee; `None` when free, computed, or when the sum would overflow.
    pub fn total(&self) -> Option<i64> {
        match self {
            FeeRule::Fixed { items, .. } => items
                .iter()
                .try_fold(0i64, |acc, item| acc.checked_add(item.amount)),
            FeeRule::Free | FeeRule::PerUnit(_) | FeeRule::ByChoice(_) => None,
        }
    }

    /// True when the service costs nothing.
    pub fn is_free(&self) -> bool {
        matches!(self, FeeRule::Free)
    }

    /// True when the rule says a rejected case gets its payment back.
    pub fn refund_on_reject(&self) -> bool {
        match self {
            FeeRule::Free => false,
            FeeRule::Fixed {
                refund_on_reject, ..
            } => *refund_on_reject,
            FeeRule::PerUnit(f) => f.refund_on_reject,
            FeeRule::ByChoice(f) => f.refund_on_reject,
        }
    }
}

/// When a service's invoice is raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceAt {
    /// As soon as the application is filed.
    #[default]
    Submission,
    /// When the case reaches the `approved` state.
    Approval,
}

/// A law or regulation a service rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The document an approved case produces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputDef {
    pub name: Text,
    /// Months the document stays valid; none means it does not expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_months: Option<u32>,
}

/// A public service as declared in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceDef {
    pub slug: String,
    /// Raised whenever the form, workflow or fee changes; cases keep the version they were filed under.
    pub version: u32,
    pub name: Text,
    /// One sentence: what the service is for.
    pub summary: Text,
    pub description: Text,
    pub audience: Vec<Audience>,
    pub requirements: Vec<Text>,
    pub fee: FeeRule,
    /// Service standard: working days from a complete application to the decision.
    pub sla_days: u32,
    pub legal_basis: Vec<LegalBasis>,
    pub procedure: Vec<Text>,
    pub output: OutputDef,
    /// Extra search words, in any language.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    pub form: FormSchema,
    pub workflow: WorkflowDef,
    /// When the invoice is raised (for services that are not free).
    #[serde(default)]
    pub invoice_at: InvoiceAt,
    /// The least assurance an applicant's sign-in must carry, if any: a sign-in through
    /// this identity provider at this level or above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assurance: Option<Assurance>,
    /// The components of the service standard not declared above (see
    /// [`ServiceStandard`]); a service is published only with all of them.
    #[serde(default)]
    pub standard: ServiceStandard,
}

/// The eight components of the service standard of Permen PANRB 15/2014 that are not
/// already part of a service's definition. With `requirements`, `procedure`, `sla_days`,
/// `fee`, `output` and `legal_basis` they make the fourteen every agency must publish.
/// Each is optional when read so that the catalogue import can name every one missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceStandard {
    /// Penanganan pengaduan, saran dan masukan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint_handling: Option<Text>,
    /// Sarana, prasarana, dan/atau fasilitas.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facilities: Vec<Text>,
    /// Kompetensi pelaksana.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub staff_competence: Vec<Text>,
    /// Pengawasan internal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_supervision: Option<Text>,
    /// Jumlah pelaksana: how many staff deliver the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_count: Option<u32>,
    /// Jaminan pelayanan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_guarantee: Option<Text>,
    /// Jaminan keamanan dan keselamatan pelayanan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_guarantee: Option<Text>,
    /// Evaluasi kinerja pelaksana.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performance_evaluation: Option<Text>,
}

/// The fourteen components of a service standard (Permen PANRB 15/2014), in the
/// regulation's order, by the key a catalogue file uses.
pub const STANDARD_COMPONENTS: [&str; 14] = [
    "requirements",
    "procedure",
    "sla_days",
    "fee",
    "output",
    "complaint_handling",
    "legal_basis",
    "facilities",
    "staff_competence",
    "internal_supervision",
    "staff_count",
    "service_guarantee",
    "security_guarantee",
    "performance_evaluation",
];

impl ServiceDef {
    /// The components of the service standard that are missing or incomplete (a text
    /// without both languages counts as missing), by catalogue key, in the regulation's
    /// order. Empty when the standard is complete.
    pub fn missing_standard(&self) -> Vec<&'static str> {
        let st = &self.standard;
        let text = |t: &Option<Text>| t.as_ref().is_none_or(Text::has_blank);
        let list = |l: &[Text]| l.is_empty() || l.iter().any(Text::has_blank);
        let missing = [
            list(&self.requirements),
            list(&self.procedure),
            self.sla_days == 0,
            false, // a fee rule is always declared (free is one)
            self.output.name.has_blank(),
            text(&st.complaint_handling),
            self.legal_basis.is_empty() || self.legal_basis.iter().any(|l| l.title.has_blank()),
            list(&st.facilities),
            list(&st.staff_competence),
            text(&st.internal_supervision),
            st.staff_count.is_none_or(|n| n == 0),
            text(&st.service_guarantee),
            text(&st.security_guarantee),
            text(&st.performance_evaluation),
        ];
        STANDARD_COMPONENTS
            .iter()
            .zip(missing)
            .filter_map(|(name, gone)| gone.then_some(*name))
            .collect()
    }
}

/// A minimum assurance level: an identity provider (its id in the install's settings)
/// and one of its `acr` values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assurance {
    pub provider: String,
    pub acr: String,
}

/// One catalogue file: an agency and its services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    pub agency: AgencyDef,
    #[serde(default)]
    pub services: Vec<ServiceDef>,
    /// What the agency answers other agencies' systems ("once-only").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_services: Vec<crate::exchange::DataServiceDef>,
}

/// A problem in a catalogue file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct CatalogError {
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    pub message: String,
}

/// Parses and checks one catalogue file. `file` is only used to name the file in errors.
pub fn parse_catalog_file(file: &str, text: &str) -> Result<CatalogFile, Vec<CatalogError>> {
    let parsed: CatalogFile = serde_yaml_ng::from_str(text).map_err(|e| {
        vec![CatalogError {
            file: file.to_owned(),
            line: e.location().map_or(0, |l| l.line()),
            message: e.to_string(),
        }]
    })?;
    let errors: Vec<CatalogError> = parsed
        .problems()
        .into_iter()
        .map(|(anchor, message)| CatalogError {
            file: file.to_owned(),
            line: locate(text, &anchor),
            message,
        })
        .collect();
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(errors)
    }
}

/// Finds the line where `slug: <anchor>` first appears, or failing that `name: <anchor>`, to
/// point an error at the right service or field (serde has already forgotten positions by now).
///
/// A trailing YAML comment (`slug: birth-certificate  # draft`) is not part of the value, and
/// a slug wins over a form field or workflow state that happens to be spelled the same.
fn locate(text: &str, anchor: &str) -> usize {
    if anchor.is_empty() {
        return 0;
    }
    let find = |key: &str| {
        text.lines().position(|line| {
            let line = line.trim_start().trim_start_matches("- ");
            line.strip_prefix(key).is_some_and(|v| {
                // In YAML, `#` starts a comment when it follows whitespace.
                let comment = v
                    .char_indices()
                    .find(|&(i, c)| c == '#' && v[..i].ends_with([' ', '\t']))
                    .map_or(v.len(), |(i, _)| i);
                v[..comment].trim().trim_matches(['"', '\'']) == anchor
            })
        })
    };
    find("slug:").or_else(|| find("name:")).map_or(0, |i| i + 1)
}

impl CatalogFile {
    /// Every problem, as (anchor to locate the line, message).
    fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let a = &self.agency;
        if !is_slug(&a.slug) {
            out.push((
                a.slug.clone(),
                format!(
                    "agency slug `{}` must be lowercase words joined by `-`",
                    a.slug
                ),
            ));
        }
        if a.name.has_blank() || a.description.has_blank() {
            out.push((
                a.slug.clone(),
                "agency name and description need both `en` and `id`".into(),
            ));
        }
        let mut codes = std::collections::HashSet::new();
        for c in &a.complaint_categories {
            let mut say = |msg: String| {
                out.push((
                    c.code.clone(),
                    format!("complaint category `{}`: {msg}", c.code),
                ));
            };
            if !is_slug(&c.code) {
                say("code must be lowercase words joined by `-`".into());
            }
            if !codes.insert(c.code.as_str()) {
                say("declared twice".into());
            }
            if c.name.has_blank() || c.description.has_blank() {
                say("name and description need both `en` and `id`".into());
            }
            if c.kinds.is_empty() {
                say("`kinds` names nothing that may be filed".into());
            }
            let d = c.deadlines;
            if [d.verify, d.follow_up, d.auto_close]
                .iter()
                .any(|n| !(1..=60).contains(n))
            {
                say("each deadline is 1 to 60 working days".into());
            }
        }
        let mut slugs = std::collections::HashSet::new();
        for s in &self.services {
            let mut say =
                |msg: String| out.push((s.slug.clone(), format!("service `{}`: {msg}", s.slug)));
            if !is_slug(&s.slug) {
                say("slug must be lowercase words joined by `-`".into());
            }
            if !slugs.insert(s.slug.as_str()) {
                say("declared twice in this file".into());
            }
            if s.version == 0 {
                say("version starts at 1".into());
            }
            if s.audience.is_empty() {
                say("`audience` needs at least one of citizen, business, agency".into());
            }
            if s.sla_days == 0 {
                say("`sla_days` must be at least 1 working day".into());
            }
            let texts = [&s.name, &s.summary, &s.description, &s.output.name];
            if texts.iter().any(|t| t.has_blank())
                || s.requirements
                    .iter()
                    .chain(&s.procedure)
                    .any(Text::has_blank)
            {
                say("every text needs both `en` and `id`".into());
            }
            if s.procedure.is_empty() {
                say("`procedure` needs at least one step".into());
            }
            let missing = s.missing_standard();
            if !missing.is_empty() {
                say(format!(
                    "the service standard (Permen PANRB 15/2014) is incomplete: missing {} (each text in both `en` and `id`)",
                    missing.join(", ")
                ));
            }
            for problem in crate::fees::check(s) {
                say(problem);
            }
            for problem in s.form.check() {
                say(problem);
            }
            for problem in s.workflow.check() {
                say(problem);
            }
        }
        let mut data_slugs = std::collections::HashSet::new();
        for d in &self.data_services {
            if !data_slugs.insert(d.slug.as_str()) {
                out.push((
                    d.slug.clone(),
                    format!("data service `{}`: declared twice", d.slug),
                ));
            }
            for problem in d.check() {
                out.push((d.slug.clone(), problem));
            }
        }
        out
    }
}

/// True for slugs such as `birth-certificate`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}
