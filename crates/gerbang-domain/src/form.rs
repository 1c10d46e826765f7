//! Form schemas: the fields a service asks for, and their validation.
//!
//! A schema is declared in the service catalogue; [`FormSchema::check`] verifies the
//! declaration itself (unique names, sensible limits) when the catalogue is loaded.
//! [`FormSchema::validate`] turns a submission ([`FormInput`]) into normalised
//! [`FormData`], or into every [`FieldError`] at once (at most one per field, in form order).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::{Date, Month};

use crate::accounts::Email;
use crate::i18n::Text;
use crate::nik::{Nik, NikError};

/// What kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Textarea,
    Number,
    Money,
    Date,
    Select,
    Checkbox,
    Email,
    Phone,
    /// Indonesian national identity number (NIK): 16 digits.
    NationalId,
    File,
    /// The applicant's consent to ask another agency's data service instead of an upload
    /// ("once-only"); see [`LookupDef`]. Entered as a tick box.
    Lookup,
}

/// What a `lookup` field asks, and of whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LookupDef {
    /// The provider's data service, as `agency-slug/data-service-slug`.
    pub service: String,
    /// The purpose stated in the call (one the agreement covers).
    pub purpose: String,
    /// The form's `national_id` field whose answer is sent.
    pub input: String,
    /// The fields asked for.
    pub fields: Vec<String>,
    /// The upload the answer replaces: asked for only when the applicant does not consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instead_of: Option<String>,
    /// Answers checked against the provider's record (form field -> data field): a yes/no
    /// match, as the civil registry answers third parties. A mismatch refuses the form;
    /// the record's value is never shown to the applicant.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub verify: BTreeMap<String, String>,
    /// Fields the applicant may have filled in from the record (form field -> data field),
    /// once every `verify` answer matches; the applicant can still change them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fill: BTreeMap<String, String>,
}

impl LookupDef {
    /// The provider agency's slug and the data service's slug.
    pub fn provider(&self) -> Option<(&str, &str)> {
        self.service.split_once('/')
    }

    /// The `verify` answers that differ from the provider's `record`, by form field name
    /// (an answer left empty differs). Empty when everything matches.
    pub fn mismatches<'a>(
        &'a self,
        answers: &Map<String, Value>,
        record: &Map<String, Value>,
    ) -> Vec<&'a str> {
        self.verify
            .iter()
            .filter(|(field, data)| {
                let given = answers.get(field.as_str()).and_then(Value::as_str);
                let held = record.get(data.as_str()).and_then(Value::as_str);
                !matches!((given, held), (Some(g), Some(h)) if same_answer(g, h))
            })
            .map(|(field, _)| field.as_str())
            .collect()
    }

    /// What `fill` takes from the provider's `record`: form field name and text value.
    pub fn fills(&self, record: &Map<String, Value>) -> Vec<(String, String)> {
        self.fill
            .iter()
            .filter_map(|(field, data)| {
                let v = record.get(data)?.as_str()?;
                Some((field.clone(), v.to_owned()))
            })
            .collect()
    }
}

/// Whether two written answers say the same thing: equal once letter case is ignored and
/// runs of white space are read as one space ("SITI  rahayu " is "Siti Rahayu").
pub fn same_answer(a: &str, b: &str) -> bool {
    let fold = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    fold(a) == fold(b)
}

/// One choice of a `select` field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectOption {
    pub value: String,
    pub label: Text,
}

/// One field of a service's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// Machine name: lowercase letters, digits and `_`, starting with a letter.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    /// How error messages name the field, as a noun phrase that reads after "Enter"
    /// ("the child's full name", "nama lengkap anak"); the label, lower-cased, if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Text>,
    #[serde(default)]
    pub required: bool,
    /// Longest accepted text, in characters (text, textarea).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// Smallest accepted value (number, money).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// Largest accepted value (number, money).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Choices (select).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<SelectOption>,
    /// Accepted file kinds by extension, such as `pdf`, `jpg`, `png` (file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accept: Vec<String>,
    /// Largest accepted file, in kilobytes (file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_size_kb: Option<u32>,
    /// What to ask, of whom (lookup).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup: Option<LookupDef>,
}

impl FieldDef {
    /// How error messages name this field: its `subject`, else the label with a lower-case
    /// first letter ("Child's full name" -> "child's full name").
    pub fn subject_text(&self) -> Text {
        if let (None, FieldType::Checkbox) = (&self.subject, self.kind) {
            // A tick box's label is a whole sentence ("I declare that ...").
            return Text {
                en: "the statement".into(),
                id: "pernyataan ini".into(),
            };
        }
        self.subject.clone().unwrap_or_else(|| Text {
            en: lower_first(&self.label.en),
            id: lower_first(&self.label.id),
        })
    }
}

/// `s` with its first letter lower-cased, unless the first word is an acronym ("NIK ayah").
fn lower_first(s: &str) -> String {
    let first_word = s.split_whitespace().next().unwrap_or("");
    let acronym = first_word.chars().filter(|c| c.is_uppercase()).count() > 1;
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if !acronym => c.to_lowercase().chain(chars).collect(),
        _ => s.to_owned(),
    }
}

/// The ordered fields of a service's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct FormSchema {
    pub fields: Vec<FieldDef>,
}

/// File kinds the platform can recognise from their content.
pub const KNOWN_FILE_KINDS: [&str; 4] = ["pdf", "jpg", "jpeg", "png"];

impl FormSchema {
    /// Checks the declaration; returns one message per problem, each naming the field.
    pub fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, f) in self.fields.iter().enumerate() {
            let at = format!("form field {} (`{}`)", i + 1, f.name);
            if !is_machine_name(&f.name) {
                problems.push(format!(
                    "{at}: name must be lowercase letters, digits and `_`, starting with a letter"
                ));
            }
            if !seen.insert(f.name.as_str()) {
                problems.push(format!("{at}: the name is used twice"));
            }
            if f.label.has_blank() {
                problems.push(format!("{at}: label needs both `en` and `id`"));
            }
            if let (Some(min), Some(max)) = (f.min, f.max)
                && min > max
            {
                problems.push(format!("{at}: min {min} is above max {max}"));
            }
            match f.kind {
                FieldType::Select if f.options.is_empty() => {
                    problems.push(format!("{at}: a select field needs `options`"));
                }
                FieldType::File => {
                    if f.accept.is_empty() {
                        problems.push(format!("{at}: a file field needs `accept`"));
                    }
                    for kind in &f.accept {
                        if !KNOWN_FILE_KINDS.contains(&kind.as_str()) {
                            problems.push(format!(
                                "{at}: unknown file kind `{kind}` (known: {})",
                                KNOWN_FILE_KINDS.join(", ")
                            ));
                        }
                    }
                }
                _ => {}
            }
            match (&f.lookup, f.kind) {
                (None, FieldType::Lookup) => {
                    problems.push(format!("{at}: a lookup field needs `lookup`"));
                }
                (Some(_), k) if k != FieldType::Lookup => {
                    problems.push(format!("{at}: only lookup fields take `lookup`"));
                }
                (Some(l), _) => problems.extend(self.check_lookup(&at, l)),
                _ => {}
            }
            if f.kind != FieldType::Select && !f.options.is_empty() {
                problems.push(format!("{at}: only select fields take `options`"));
            }
        }
        problems
    }
}

impl FormSchema {
    fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }

    fn check_lookup(&self, at: &str, l: &LookupDef) -> Vec<String> {
        let mut problems = Vec::new();
        if l.provider().is_none() {
            problems.push(format!(
                "{at}: `lookup.service` must read `agency/data-service`"
            ));
        }
        if l.fields.is_empty() {
            problems.push(format!("{at}: `lookup.fields` names nothing"));
        }
        if !self
            .field(&l.input)
            .is_some_and(|f| f.kind == FieldType::NationalId && f.required)
        {
            problems.push(format!(
                "{at}: `lookup.input` must name a required national_id field of the form"
            ));
        }
        if let Some(upload) = &l.instead_of
            && !self
                .field(upload)
                .is_some_and(|f| f.kind == FieldType::File && !f.required)
        {
            problems.push(format!(
                "{at}: `lookup.instead_of` must name a file field that is not `required` (it is asked for only without consent)"
            ));
        }
        for (key, pairs) in [("verify", &l.verify), ("fill", &l.fill)] {
            for (field, data) in pairs {
                if !self.field(field).is_some_and(|f| {
                    matches!(f.kind, FieldType::Text | FieldType::Textarea) && field != &l.input
                }) {
                    problems.push(format!(
                        "{at}: `lookup.{key}` names `{field}`, which is not a text field of the form"
                    ));
                }
                if !l.fields.contains(data) {
                    problems.push(format!(
                        "{at}: `lookup.{key}` reads `{data}`, which `lookup.fields` does not ask for"
                    ));
                }
            }
        }
        if l.fill.keys().any(|f| l.verify.contains_key(f)) {
            problems.push(format!(
                "{at}: a field is either verified or filled in, not both"
            ));
        }
        problems
    }
}

/// True for names such as `child_name` or `nik2`.
pub fn is_machine_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && s.len() <= 64
}

/// Longest `text` answer when the schema sets no `max_length`, in characters.
pub const DEFAULT_TEXT_MAX_CHARS: u32 = 1_000;
/// Longest `textarea` answer when the schema sets no `max_length`, in characters.
pub const DEFAULT_TEXTAREA_MAX_CHARS: u32 = 10_000;

/// An uploaded file as the web layer describes it (the web layer keeps the bytes).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FileMeta {
    /// Size in bytes; an empty file counts as no file.
    pub size_bytes: u64,
    /// The kind recognised from the content (`pdf`, `jpg`, `png`), `None` if unrecognised.
    pub sniffed_kind: Option<String>,
}

/// A form submission as received: raw text by field name, and uploaded files.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FormInput {
    /// Raw text by field name; an unticked checkbox is simply absent.
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    /// Uploaded files by field name.
    #[serde(default)]
    pub files: BTreeMap<String, FileMeta>,
}

/// Validated, normalised answers by field name, as stored with a case.
///
/// Text is a JSON string, number and money a JSON integer (money in whole rupiah), a date
/// an ISO `YYYY-MM-DD` string, a checkbox a boolean, a file `{"kind": .., "size": ..}`.
/// Optional fields left empty are absent (an unticked checkbox is `false`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FormData(BTreeMap<String, Value>);

impl FormData {
    /// The answer to one field, if given.
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.0.get(field)
    }

    /// Every answer, by field name.
    pub fn as_map(&self) -> &BTreeMap<String, Value> {
        &self.0
    }

    /// Every answer, by field name, by value.
    pub fn into_map(self) -> BTreeMap<String, Value> {
        self.0
    }
}

/// A problem with one field's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's machine name.
    pub field: String,
    /// What is wrong.
    pub code: FieldErrorCode,
}

/// What is wrong with an answer; [`FieldErrorCode::code`] names the message to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldErrorCode {
    /// A required field is empty (or a required checkbox unticked).
    Required,
    /// Longer than `max` characters.
    TooLong { max: u32 },
    /// Not a whole number.
    NotANumber,
    /// Smaller than `min`.
    BelowMin { min: i64 },
    /// Larger than `max`.
    AboveMax { max: i64 },
    /// An amount of money with a fraction of a rupiah.
    NotWholeRupiah,
    /// Not an existing date (written `YYYY-MM-DD`, or as day, month and year boxes).
    InvalidDate,
    /// A date given in boxes with this part left empty.
    DateMissing(DatePart),
    /// Not one of the field's choices.
    NotAnOption,
    /// Not an email address.
    InvalidEmail,
    /// Not an Indonesian phone number.
    InvalidPhone,
    /// Not a valid NIK, and why.
    InvalidNik(NikError),
    /// A file larger than `max_size_kb` kilobytes.
    FileTooLarge { max_size_kb: u32 },
    /// A file whose content is not one of the accepted kinds.
    FileKindNotAccepted,
    /// Neither consent to a lookup nor the upload it replaces.
    ConsentOrUpload,
}

/// One box of a date entered as day, month and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePart {
    Day,
    Month,
    Year,
}

impl DatePart {
    pub const ALL: [DatePart; 3] = [DatePart::Day, DatePart::Month, DatePart::Year];

    /// The suffix of the box's input name: a date field `born` is entered as `born-day`,
    /// `born-month` and `born-year` (a hyphen never occurs in a field's machine name).
    pub fn suffix(self) -> &'static str {
        match self {
            DatePart::Day => "day",
            DatePart::Month => "month",
            DatePart::Year => "year",
        }
    }

    /// The input name of this box of the date field `field`.
    pub fn input_name(self, field: &str) -> String {
        format!("{field}-{}", self.suffix())
    }
}

impl FieldErrorCode {
    /// Stable kebab-case id, used as a translation message id suffix.
    pub fn code(&self) -> &'static str {
        match self {
            FieldErrorCode::Required => "required",
            FieldErrorCode::TooLong { .. } => "too-long",
            FieldErrorCode::NotANumber => "not-a-number",
            FieldErrorCode::BelowMin { .. } => "below-min",
            FieldErrorCode::AboveMax { .. } => "above-max",
            FieldErrorCode::NotWholeRupiah => "not-whole-rupiah",
            FieldErrorCode::InvalidDate => "invalid-date",
            FieldErrorCode::DateMissing(DatePart::Day) => "date-missing-day",
            FieldErrorCode::DateMissing(DatePart::Month) => "date-missing-month",
            FieldErrorCode::DateMissing(DatePart::Year) => "date-missing-year",
            FieldErrorCode::NotAnOption => "not-an-option",
            FieldErrorCode::InvalidEmail => "invalid-email",
            FieldErrorCode::InvalidPhone => "invalid-phone",
            FieldErrorCode::InvalidNik(e) => e.code(),
            FieldErrorCode::FileTooLarge { .. } => "file-too-large",
            FieldErrorCode::FileKindNotAccepted => "file-kind-not-accepted",
            FieldErrorCode::ConsentOrUpload => "consent-or-upload",
        }
    }

    /// The limits the message needs, as (variable name, value).
    pub fn params(&self) -> Vec<(&'static str, i64)> {
        match *self {
            FieldErrorCode::TooLong { max } => vec![("max", i64::from(max))],
            FieldErrorCode::BelowMin { min } => vec![("min", min)],
            FieldErrorCode::AboveMax { max } => vec![("max", max)],
            FieldErrorCode::FileTooLarge { max_size_kb } => {
                vec![("max_size_kb", i64::from(max_size_kb))]
            }
            _ => Vec::new(),
        }
    }
}

impl FormSchema {
    /// Validates a submission: normalised data, or every field's error in form order.
    ///
    /// Input keys that are not fields of the form are ignored. `today` bounds dates of birth
    /// in national identity numbers.
    pub fn validate(&self, input: &FormInput, today: Date) -> Result<FormData, Vec<FieldError>> {
        let mut data = BTreeMap::new();
        let mut errors = Vec::new();
        for field in &self.fields {
            match validate_field(field, input, today) {
                Ok(Some(value)) => {
                    data.insert(field.name.clone(), value);
                }
                Ok(None) => {}
                Err(code) => errors.push(FieldError {
                    field: field.name.clone(),
                    code,
                }),
            }
        }
        if errors.is_empty() {
            Ok(FormData(data))
        } else {
            Err(errors)
        }
    }
}

/// One field's normalised value; `None` for an optional field left empty.
fn validate_field(
    f: &FieldDef,
    input: &FormInput,
    today: Date,
) -> Result<Option<Value>, FieldErrorCode> {
    let raw = input.values.get(&f.name).map_or("", String::as_str);
    match f.kind {
        FieldType::Text => validate_text(f, normalise_line(raw), DEFAULT_TEXT_MAX_CHARS),
        FieldType::Textarea => {
            validate_text(f, normalise_multiline(raw), DEFAULT_TEXTAREA_MAX_CHARS)
        }
        FieldType::Checkbox => validate_checkbox(f, raw),
        FieldType::File => validate_file(f, input.files.get(&f.name)),
        FieldType::Lookup => {
            let consent = validate_checkbox(f, raw)?;
            let uploaded = f
                .lookup
                .as_ref()
                .and_then(|l| l.instead_of.as_ref())
                .is_none_or(|upload| input.files.get(upload).is_some_and(|m| m.size_bytes > 0));
            if consent == Some(Value::Bool(false)) && !uploaded {
                return Err(FieldErrorCode::ConsentOrUpload);
            }
            Ok(consent)
        }
        FieldType::Number => non_empty(f, raw, |s| {
            let n = parse_integer(s).ok_or(FieldErrorCode::NotANumber)?;
            in_range(n, f.min, f.max).map(Value::from)
        }),
        FieldType::Money => non_empty(f, raw, |s| {
            let n = parse_rupiah(s)?;
            // Money is never negative unless the schema says so.
            in_range(n, Some(f.min.unwrap_or(0)), f.max).map(Value::from)
        }),
        FieldType::Date if raw.trim().is_empty() => match date_from_parts(f, input)? {
            Some(d) => Ok(Some(Value::String(format_iso_date(d)))),
            None => absent(f),
        },
        FieldType::Date => non_empty(f, raw, |s| {
            let d = parse_iso_date(s).ok_or(FieldErrorCode::InvalidDate)?;
            Ok(Value::String(format_iso_date(d)))
        }),
        FieldType::Select => non_empty(f, raw, |s| {
            if f.options.iter().any(|o| o.value == s) {
                Ok(Value::String(s.to_owned()))
            } else {
                Err(FieldErrorCode::NotAnOption)
            }
        }),
        FieldType::Email => non_empty(f, raw, |s| {
            let email = Email::parse(s).map_err(|_| FieldErrorCode::InvalidEmail)?;
            Ok(Value::String(email.into()))
        }),
        FieldType::Phone => non_empty(f, raw, |s| {
            normalise_phone(s)
                .map(Value::String)
                .ok_or(FieldErrorCode::InvalidPhone)
        }),
        FieldType::NationalId => non_empty(f, raw, |s| {
            let nik = Nik::parse(s, today).map_err(FieldErrorCode::InvalidNik)?;
            Ok(Value::String(nik.as_str().to_owned()))
        }),
    }
}

/// The answer for an empty field: an error when required, else nothing.
fn absent(f: &FieldDef) -> Result<Option<Value>, FieldErrorCode> {
    if f.required {
        Err(FieldErrorCode::Required)
    } else {
        Ok(None)
    }
}

/// Trims `raw` and parses it, or answers for an empty field.
fn non_empty(
    f: &FieldDef,
    raw: &str,
    parse: impl FnOnce(&str) -> Result<Value, FieldErrorCode>,
) -> Result<Option<Value>, FieldErrorCode> {
    let s = raw.trim();
    if s.is_empty() {
        absent(f)
    } else {
        parse(s).map(Some)
    }
}

fn validate_text(
    f: &FieldDef,
    text: String,
    default_max: u32,
) -> Result<Option<Value>, FieldErrorCode> {
    if text.is_empty() {
        return absent(f);
    }
    let max = f.max_length.unwrap_or(default_max);
    if text.chars().count() > usize::try_from(max).unwrap_or(usize::MAX) {
        return Err(FieldErrorCode::TooLong { max });
    }
    Ok(Some(Value::String(text)))
}

/// One line of text: line breaks and tabs become spaces, other control characters
/// (which PostgreSQL cannot store, in the case of NUL) are dropped; then trimmed.
fn normalise_line(raw: &str) -> String {
    let s: String = raw
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    s.trim().to_owned()
}

/// Several lines: line endings become `\n`, control characters other than `\n` and tab
/// are dropped; then trimmed.
fn normalise_multiline(raw: &str) -> String {
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    let s: String = unified
        .chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect();
    s.trim().to_owned()
}

fn validate_checkbox(f: &FieldDef, raw: &str) -> Result<Option<Value>, FieldErrorCode> {
    let ticked = match raw.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "1" | "yes" => true,
        "" | "off" | "false" | "0" | "no" => false,
        _ => return Err(FieldErrorCode::NotAnOption),
    };
    if f.required && !ticked {
        return Err(FieldErrorCode::Required);
    }
    Ok(Some(Value::Bool(ticked)))
}

/// A file kind as compared: lowercase, `jpeg` spelt `jpg`.
fn canonical_kind(kind: &str) -> String {
    let kind = kind.trim().to_ascii_lowercase();
    if kind == "jpeg" {
        "jpg".to_owned()
    } else {
        kind
    }
}

fn validate_file(f: &FieldDef, meta: Option<&FileMeta>) -> Result<Option<Value>, FieldErrorCode> {
    // Browsers send an empty part when no file was chosen.
    let Some(meta) = meta.filter(|m| m.size_bytes > 0) else {
        return absent(f);
    };
    let kind = meta
        .sniffed_kind
        .as_deref()
        .map(canonical_kind)
        .filter(|k| f.accept.iter().any(|a| canonical_kind(a) == *k))
        .ok_or(FieldErrorCode::FileKindNotAccepted)?;
    if let Some(max_size_kb) = f.max_size_kb
        && meta.size_bytes > u64::from(max_size_kb).saturating_mul(1024)
    {
        return Err(FieldErrorCode::FileTooLarge { max_size_kb });
    }
    Ok(Some(
        serde_json::json!({ "kind": kind, "size": meta.size_bytes }),
    ))
}

/// Checks `n` against the bounds (absent bounds are those of `i64`).
fn in_range(n: i128, min: Option<i64>, max: Option<i64>) -> Result<i64, FieldErrorCode> {
    let min = min.unwrap_or(i64::MIN);
    let max = max.unwrap_or(i64::MAX);
    if n < i128::from(min) {
        return Err(FieldErrorCode::BelowMin { min });
    }
    i64::try_from(n)
        .ok()
        .filter(|n| *n <= max)
        .ok_or(FieldErrorCode::AboveMax { max })
}

/// The value of a non-empty run of ASCII digits (saturating far beyond `i64`).
fn digits_value(digits: &str) -> Option<i128> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.bytes().fold(0i128, |acc, b| {
        acc.saturating_mul(10).saturating_add(i128::from(b - b'0'))
    }))
}

/// An integer such as `42`, `-7` or `+3`.
fn parse_integer(s: &str) -> Option<i128> {
    match s.strip_prefix('-') {
        Some(digits) => digits_value(digits).map(|v| -v),
        None => digits_value(s.strip_prefix('+').unwrap_or(s)),
    }
}

/// An amount in whole rupiah written the Indonesian way: `1500000`, `1.500.000`,
/// `Rp 1.500.000`, `Rp1.500.000,-`, `1.500.000,00`, optionally negative.
fn parse_rupiah(s: &str) -> Result<i128, FieldErrorCode> {
    let mut s = s.trim();
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest.trim_start();
    }
    s = strip_currency(s).trim_start();
    if !negative && let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest.trim_start();
    }
    let s = s
        .strip_suffix(",-")
        .or_else(|| s.strip_suffix(".-"))
        .unwrap_or(s);
    let (whole, fraction) = split_fraction(s);
    let value = grouped_digits_value(whole).ok_or(FieldErrorCode::NotANumber)?;
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldErrorCode::NotANumber);
        }
        if fraction.bytes().any(|b| b != b'0') {
            return Err(FieldErrorCode::NotWholeRupiah);
        }
    }
    Ok(if negative { -value } else { value })
}

/// Drops a leading `Rp`, `Rp.` or `IDR`, in any case.
fn strip_currency(s: &str) -> &str {
    for prefix in ["rp.", "rp", "idr"] {
        if let (Some(head), Some(rest)) = (s.get(..prefix.len()), s.get(prefix.len()..))
            && head.eq_ignore_ascii_case(prefix)
        {
            return rest;
        }
    }
    s
}

/// Splits off a decimal part: after a comma (Indonesian), or after a point followed by one
/// or two digits (`1500.50` written the English way; three digits would be a thousands group).
fn split_fraction(s: &str) -> (&str, Option<&str>) {
    if let Some((whole, fraction)) = s.rsplit_once(',') {
        return (whole, Some(fraction));
    }
    if let Some((whole, fraction)) = s.rsplit_once('.') {
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if (1..=2).contains(&fraction.len()) && digits(fraction) && digits(whole) {
            return (whole, Some(fraction));
        }
    }
    (s, None)
}

/// `1500000` or `1.500.000` (groups of three after the first).
fn grouped_digits_value(s: &str) -> Option<i128> {
    if !s.contains('.') {
        return digits_value(s);
    }
    let mut groups = s.split('.');
    let first = groups.next()?;
    if !(1..=3).contains(&first.len()) {
        return None;
    }
    let mut value = digits_value(first)?;
    for group in groups {
        if group.len() != 3 {
            return None;
        }
        value = value
            .saturating_mul(1000)
            .saturating_add(digits_value(group)?);
    }
    Some(value)
}

/// A date entered as day, month and year boxes (`None` when all three are empty).
///
/// The month may be a number or a month's name or its first three letters, in English or
/// Indonesian ("12", "Dec", "Desember"); the year has four digits.
fn date_from_parts(f: &FieldDef, input: &FormInput) -> Result<Option<Date>, FieldErrorCode> {
    let [day, month, year] = DatePart::ALL.map(|p| {
        input
            .values
            .get(&p.input_name(&f.name))
            .map_or("", |v| v.trim())
    });
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return Ok(None);
    }
    for (part, value) in DatePart::ALL.into_iter().zip([day, month, year]) {
        if value.is_empty() {
            return Err(FieldErrorCode::DateMissing(part));
        }
    }
    let number = |s: &str| digits_value(s).and_then(|n| u16::try_from(n).ok());
    let day = number(day)
        .and_then(|d| u8::try_from(d).ok())
        .ok_or(FieldErrorCode::InvalidDate)?;
    let month = number(month)
        .and_then(|m| u8::try_from(m).ok())
        .or_else(|| month_by_name(month))
        .and_then(|m| Month::try_from(m).ok())
        .ok_or(FieldErrorCode::InvalidDate)?;
    let year = match (year.len(), number(year)) {
        (4, Some(y)) => i32::from(y),
        _ => return Err(FieldErrorCode::InvalidDate),
    };
    Date::from_calendar_date(year, month, day)
        .map(Some)
        .map_err(|_| FieldErrorCode::InvalidDate)
}

/// A month's number from its English or Indonesian name or first three letters.
fn month_by_name(s: &str) -> Option<u8> {
    const NAMES: [[&str; 2]; 12] = [
        ["january", "januari"],
        ["february", "februari"],
        ["march", "maret"],
        ["april", "april"],
        ["may", "mei"],
        ["june", "juni"],
        ["july", "juli"],
        ["august", "agustus"],
        ["september", "september"],
        ["october", "oktober"],
        ["november", "november"],
        ["december", "desember"],
    ];
    let s = s.to_lowercase();
    let s = s.trim_end_matches('.');
    if s.chars().count() < 3 {
        return None;
    }
    NAMES
        .iter()
        .position(|names| names.iter().any(|n| n.starts_with(s)))
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// A date written `YYYY-MM-DD` that exists (how dates are stored with a case).
pub fn parse_iso_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u16> {
        let part = s.get(from..to)?;
        u16::try_from(digits_value(part)?).ok()
    };
    let year = i32::from(number(0, 4)?);
    let month = Month::try_from(u8::try_from(number(5, 7)?).ok()?).ok()?;
    let day = u8::try_from(number(8, 10)?).ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

/// `YYYY-MM-DD`.
fn format_iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// An Indonesian phone number as `+62…`: accepts `+62…`, `0062…`, `62…`, `0…` and a bare
/// mobile `8…`, with spaces, hyphens, dots and parentheses, and `+62 (0)…`. 9 to 15 digits
/// in all (the E.164 maximum), country code included.
pub fn normalise_phone(s: &str) -> Option<String> {
    let mut digits = String::new();
    let mut plus = false;
    for c in s.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if !plus && digits.is_empty() => plus = true,
            '-' | '.' | '(' | ')' => {}
            c if c.is_whitespace() => {}
            _ => return None,
        }
    }
    let (national, international) = if plus {
        (digits.strip_prefix("62")?, true)
    } else if let Some(rest) = digits.strip_prefix("0062") {
        (rest, true)
    } else if let Some(rest) = digits.strip_prefix("62") {
        (rest, true)
    } else if let Some(rest) = digits.strip_prefix('0') {
        (rest, false)
    } else if digits.starts_with('8') {
        (digits.as_str(), false)
    } else {
        return None;
    };
    // "+62 (0)812…": the trunk prefix written after the country code.
    let national = if international {
        national.strip_prefix('0').unwrap_or(national)
    } else {
        national
    };
    if national.is_empty() || national.starts_with('0') {
        return None;
    }
    (9..=15)
        .contains(&(2 + national.len()))
        .then(|| format!("+62{national}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;
    use time::macros::date;

    const TODAY: Date = date!(2025 - 06 - 15);

    fn def(name: &str, kind: FieldType) -> FieldDef {
        FieldDef {
            name: name.to_owned(),
            kind,
            label: Text {
                en: "Label".into(),
                id: "Label".into(),
            },
            hint: None,
            subject: None,
            required: false,
            max_length: None,
            min: None,
            max: None,
            options: Vec::new(),
            accept: Vec::new(),
            max_size_kb: None,
            lookup: None,
        }
    }

    fn lookup_form() -> FormSchema {
        let nik = FieldDef {
            required: true,
            ..def("nik", FieldType::NationalId)
        };
        let upload = FieldDef {
            accept: vec!["pdf".into()],
            ..def("family_card", FieldType::File)
        };
        let consent = FieldDef {
            lookup: Some(LookupDef {
                service: "civil-registry/family-members".into(),
                purpose: "residence-verification".into(),
                input: "nik".into(),
                fields: vec!["members".into()],
                instead_of: Some("family_card".into()),
                verify: BTreeMap::new(),
                fill: BTreeMap::new(),
            }),
            ..def("ask_registry", FieldType::Lookup)
        };
        FormSchema {
            fields: vec![nik, upload, consent],
        }
    }

    #[test]
    fn a_lookup_replaces_its_upload_only_with_consent() {
        let form = lookup_form();
        assert!(form.check().is_empty(), "{:?}", form.check());
        let mut input = FormInput::default();
        input.values.insert("nik".into(), "3372011505900001".into());
        let errors = form.validate(&input, TODAY).expect_err("refused");
        assert_eq!(errors[0].code, FieldErrorCode::ConsentOrUpload);
        input.values.insert("ask_registry".into(), "on".into());
        let data = form.validate(&input, TODAY).expect("valid");
        assert_eq!(data.get("ask_registry"), Some(&json!(true)));
        input.values.remove("ask_registry");
        input.files.insert(
            "family_card".into(),
            FileMeta {
                size_bytes: 10,
                sniffed_kind: Some("pdf".into()),
            },
        );
        let data = form.validate(&input, TODAY).expect("valid");
        assert_eq!(data.get("ask_registry"), Some(&json!(false)));
    }

    #[test]
    fn a_lookup_declaration_names_real_fields() {
        let mut form = lookup_form();
        form.fields[1].required = true;
        form.fields[2].lookup.as_mut().expect("valid").input = "phone".into();
        let problems = form.check();
        assert_eq!(problems.len(), 2, "{problems:?}");
        form.fields[2].lookup = None;
        assert!(form.check()[0].contains("needs `lookup`"));
    }

    fn verifying_lookup() -> LookupDef {
        LookupDef {
            service: "civil-registry/identity-by-nik".into(),
            purpose: "residence-verification".into(),
            input: "nik".into(),
            fields: vec!["full_name".into(), "address".into()],
            instead_of: None,
            verify: BTreeMap::from([("name".into(), "full_name".into())]),
            fill: BTreeMap::from([("home".into(), "address".into())]),
        }
    }

    #[test]
    fn a_lookup_verifies_and_fills_only_text_fields_it_asks_for() {
        let mut form = lookup_form();
        form.fields.push(def("name", FieldType::Text));
        form.fields.push(def("home", FieldType::Textarea));
        form.fields[2].lookup = Some(verifying_lookup());
        assert!(form.check().is_empty(), "{:?}", form.check());
        let l = form.fields[2].lookup.as_mut().expect("a lookup");
        l.fill.insert("family_card".into(), "address".into());
        l.verify.insert("name".into(), "birth_date".into());
        let problems = form.check();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("`birth_date`"), "{problems:?}");
        assert!(problems[1].contains("`family_card`"), "{problems:?}");
    }

    #[test]
    fn a_verified_answer_matches_the_record_and_fills_come_from_it() {
        let l = verifying_lookup();
        let record = json!({"full_name": "Siti Rahayu", "address": "Jl. Melati No. 7"});
        let record = record.as_object().expect("an object");
        let answers = json!({"name": "  SITI   rahayu"});
        assert!(
            l.mismatches(answers.as_object().expect("object"), record)
                .is_empty()
        );
        let answers = json!({"name": "Siti Rahma"});
        assert_eq!(
            l.mismatches(answers.as_object().expect("object"), record),
            ["name"]
        );
        assert_eq!(l.mismatches(&Map::new(), record), ["name"]);
        assert_eq!(
            l.fills(record),
            [("home".to_owned(), "Jl. Melati No. 7".to_owned())]
        );
    }

    proptest! {
        #[test]
        fn same_answer_ignores_case_and_spacing_only(
            words in proptest::collection::vec("[a-zA-Z]{1,8}", 1..4),
            gap in "[ \t]{1,3}",
            other in "[a-z]{1,8}",
        ) {
            let plain = words.join(" ");
            let loose = format!(" {}{gap}", words.join(&gap).to_uppercase());
            prop_assert!(same_answer(&plain, &loose));
            prop_assert!(same_answer(&loose, &plain));
            let changed = format!("{plain} {other}");
            prop_assert!(!same_answer(&plain, &changed));
        }
    }

    fn required(mut f: FieldDef) -> FieldDef {
        f.required = true;
        f
    }

    fn input(values: &[(&str, &str)]) -> FormInput {
        FormInput {
            values: values
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            files: BTreeMap::new(),
        }
    }

    /// The outcome of validating one field against one raw answer.
    fn one(f: FieldDef, raw: &str) -> Result<Option<Value>, FieldErrorCode> {
        let name = f.name.clone();
        let schema = FormSchema { fields: vec![f] };
        match schema.validate(&input(&[(&name, raw)]), TODAY) {
            Ok(data) => Ok(data.get(&name).cloned()),
            Err(errors) => match errors.as_slice() {
                [e] if e.field == name => Err(e.code),
                other => panic!("unexpected errors {other:?}"),
            },
        }
    }

    #[test]
    fn text_is_trimmed_limited_and_cleaned() {
        let mut name = def("name", FieldType::Text);
        name.max_length = Some(5);
        assert_eq!(one(name.clone(), "  Siti "), Ok(Some(json!("Siti"))));
        assert_eq!(one(name.clone(), "   "), Ok(None));
        assert_eq!(
            one(required(name.clone()), " \t"),
            Err(FieldErrorCode::Required)
        );
        assert_eq!(
            one(name.clone(), "Siti A"),
            Err(FieldErrorCode::TooLong { max: 5 })
        );
        // Characters, not bytes.
        assert_eq!(one(name.clone(), "Ñoño"), Ok(Some(json!("Ñoño"))));
        assert_eq!(one(name, "a\0b\nc"), Ok(Some(json!("ab c"))));
        let long = def("long", FieldType::Text);
        assert_eq!(
            one(long, &"x".repeat(1001)),
            Err(FieldErrorCode::TooLong {
                max: DEFAULT_TEXT_MAX_CHARS
            })
        );
        let about = def("about", FieldType::Textarea);
        assert_eq!(
            one(about, " line one\r\nline\u{7}two\r\n\r\n"),
            Ok(Some(json!("line one\nlinetwo")))
        );
    }

    #[test]
    fn numbers_are_integers_within_bounds() {
        let mut children = def("children", FieldType::Number);
        children.min = Some(0);
        children.max = Some(20);
        assert_eq!(one(children.clone(), " 3 "), Ok(Some(json!(3))));
        assert_eq!(one(children.clone(), "+3"), Ok(Some(json!(3))));
        assert_eq!(
            one(children.clone(), "1.5"),
            Err(FieldErrorCode::NotANumber)
        );
        assert_eq!(
            one(children.clone(), "three"),
            Err(FieldErrorCode::NotANumber)
        );
        assert_eq!(one(children.clone(), "-"), Err(FieldErrorCode::NotANumber));
        assert_eq!(
            one(children.clone(), "-1"),
            Err(FieldErrorCode::BelowMin { min: 0 })
        );
        assert_eq!(
            one(children.clone(), "21"),
            Err(FieldErrorCode::AboveMax { max: 20 })
        );
        assert_eq!(
            one(children, &"9".repeat(60)),
            Err(FieldErrorCode::AboveMax { max: 20 })
        );
        let free = def("free", FieldType::Number);
        assert_eq!(
            one(free.clone(), &"9".repeat(30)),
            Err(FieldErrorCode::AboveMax { max: i64::MAX })
        );
        assert_eq!(one(free, "-42"), Ok(Some(json!(-42))));
    }

    #[test]
    fn money_is_whole_rupiah_written_the_indonesian_way() {
        let price = def("price", FieldType::Money);
        for typed in [
            "1500000",
            "1.500.000",
            "Rp 1.500.000",
            "Rp1.500.000",
            "Rp. 1.500.000,-",
            "rp 1.500.000,00",
            "IDR 1500000",
            " 1.500.000 ",
        ] {
            assert_eq!(
                one(price.clone(), typed),
                Ok(Some(json!(1_500_000))),
                "{typed}"
            );
        }
        for (typed, want) in [
            ("1.500.000,50", FieldErrorCode::NotWholeRupiah),
            ("1500.5", FieldErrorCode::NotWholeRupiah),
            ("1,5", FieldErrorCode::NotWholeRupiah),
            ("1.50.000", FieldErrorCode::NotANumber),
            ("1,500,000", FieldErrorCode::NotANumber),
            ("1.500.", FieldErrorCode::NotANumber),
            ("Rp", FieldErrorCode::NotANumber),
            ("lima ribu", FieldErrorCode::NotANumber),
            ("-5.000", FieldErrorCode::BelowMin { min: 0 }),
            ("Rp -5.000", FieldErrorCode::BelowMin { min: 0 }),
        ] {
            assert_eq!(one(price.clone(), typed), Err(want), "{typed}");
        }
        let mut adjustment = def("adjustment", FieldType::Money);
        adjustment.min = Some(-10_000);
        adjustment.max = Some(10_000);
        assert_eq!(one(adjustment.clone(), "-Rp 5.000"), Ok(Some(json!(-5000))));
        assert_eq!(
            one(adjustment, "Rp 10.001"),
            Err(FieldErrorCode::AboveMax { max: 10_000 })
        );
    }

    #[test]
    fn dates_are_iso_and_exist() {
        let born = def("born", FieldType::Date);
        assert_eq!(
            one(born.clone(), " 2024-02-29 "),
            Ok(Some(json!("2024-02-29")))
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "29-02-2024",
            "2024/02/29",
            "2024-2-9",
            "２０２４-02-29",
        ] {
            assert_eq!(
                one(born.clone(), bad),
                Err(FieldErrorCode::InvalidDate),
                "{bad}"
            );
        }
    }

    /// The outcome of a date entered in day, month and year boxes.
    fn boxes(
        f: FieldDef,
        day: &str,
        month: &str,
        year: &str,
    ) -> Result<Option<Value>, FieldErrorCode> {
        let name = f.name.clone();
        let schema = FormSchema { fields: vec![f] };
        let values = [
            (DatePart::Day.input_name(&name), day),
            (DatePart::Month.input_name(&name), month),
            (DatePart::Year.input_name(&name), year),
        ];
        let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        match schema.validate(&input(&values), TODAY) {
            Ok(data) => Ok(data.get(&name).cloned()),
            Err(errors) => Err(errors[0].code),
        }
    }

    #[test]
    fn dates_in_boxes_take_day_month_and_year() {
        let born = required(def("born", FieldType::Date));
        assert_eq!(
            boxes(born.clone(), "29", "2", "2024"),
            Ok(Some(json!("2024-02-29")))
        );
        assert_eq!(
            boxes(born.clone(), " 7 ", "12", "2026"),
            Ok(Some(json!("2026-12-07")))
        );
        assert_eq!(
            boxes(born.clone(), "07", "Desember", "2026"),
            Ok(Some(json!("2026-12-07")))
        );
        assert_eq!(
            boxes(born.clone(), "1", "Aug", "1990"),
            Ok(Some(json!("1990-08-01")))
        );
        assert_eq!(
            boxes(born.clone(), "1", "mei", "1990"),
            Ok(Some(json!("1990-05-01")))
        );
        assert_eq!(
            boxes(born.clone(), "", "", ""),
            Err(FieldErrorCode::Required)
        );
        assert_eq!(
            boxes(born.clone(), "", "12", "2026"),
            Err(FieldErrorCode::DateMissing(DatePart::Day))
        );
        assert_eq!(
            boxes(born.clone(), "7", "", "2026"),
            Err(FieldErrorCode::DateMissing(DatePart::Month))
        );
        assert_eq!(
            boxes(born.clone(), "7", "12", ""),
            Err(FieldErrorCode::DateMissing(DatePart::Year))
        );
        for (d, m, y) in [
            ("29", "2", "2023"),
            ("31", "4", "2024"),
            ("0", "1", "2024"),
            ("1", "13", "2024"),
            ("1", "ma", "2024"),
            ("1", "1", "24"),
            ("x", "1", "2024"),
            ("1", "1", "２０２４"),
        ] {
            assert_eq!(
                boxes(born.clone(), d, m, y),
                Err(FieldErrorCode::InvalidDate),
                "{d}/{m}/{y}"
            );
        }
        let optional = def("born", FieldType::Date);
        assert_eq!(boxes(optional, "", "", ""), Ok(None));
        // An ISO value (the API's) wins over boxes.
        let schema = FormSchema { fields: vec![born] };
        let data = schema
            .validate(&input(&[("born", "2020-01-02"), ("born-day", "9")]), TODAY)
            .expect("valid");
        assert_eq!(data.get("born"), Some(&json!("2020-01-02")));
    }

    #[test]
    fn selects_take_only_their_options() {
        let mut kind = def("kind", FieldType::Select);
        kind.options = ["new", "renewal"]
            .map(|v| SelectOption {
                value: v.to_owned(),
                label: Text {
                    en: v.to_owned(),
                    id: v.to_owned(),
                },
            })
            .to_vec();
        assert_eq!(one(kind.clone(), " renewal"), Ok(Some(json!("renewal"))));
        assert_eq!(
            one(kind.clone(), "Renewal"),
            Err(FieldErrorCode::NotAnOption)
        );
        assert_eq!(one(kind, "lost"), Err(FieldErrorCode::NotAnOption));
    }

    #[test]
    fn checkboxes_are_booleans_and_declarations_must_be_ticked() {
        let news = def("news", FieldType::Checkbox);
        for on in ["on", "true", "1", "yes", " YES "] {
            assert_eq!(one(news.clone(), on), Ok(Some(json!(true))), "{on}");
        }
        for off in ["", "off", "false", "0", "no"] {
            assert_eq!(one(news.clone(), off), Ok(Some(json!(false))), "{off}");
        }
        assert_eq!(one(news.clone(), "maybe"), Err(FieldErrorCode::NotAnOption));
        let schema = FormSchema { fields: vec![news] };
        assert_eq!(
            schema
                .validate(&FormInput::default(), TODAY)
                .map(FormData::into_map),
            Ok(BTreeMap::from([("news".to_owned(), json!(false))]))
        );
        let declare = required(def("declare", FieldType::Checkbox));
        assert_eq!(one(declare.clone(), ""), Err(FieldErrorCode::Required));
        assert_eq!(one(declare.clone(), "off"), Err(FieldErrorCode::Required));
        assert_eq!(one(declare, "on"), Ok(Some(json!(true))));
    }

    #[test]
    fn emails_and_phones_are_normalised() {
        let email = def("email", FieldType::Email);
        assert_eq!(
            one(email.clone(), " Siti@Desa.GO.ID"),
            Ok(Some(json!("siti@desa.go.id")))
        );
        assert_eq!(one(email, "siti@"), Err(FieldErrorCode::InvalidEmail));
        let phone = def("phone", FieldType::Phone);
        for typed in [
            "0812-3456-7890",
            "081234567890",
            "+62 812 3456 7890",
            "+62 (0)812 3456 7890",
            "62 812-3456-7890",
            "0062 812 3456 7890",
            "812 3456 7890",
            "(0812) 3456.7890",
        ] {
            assert_eq!(
                one(phone.clone(), typed),
                Ok(Some(json!("+6281234567890"))),
                "{typed}"
            );
        }
        assert_eq!(
            one(phone.clone(), "021 5550 1234"),
            Ok(Some(json!("+622155501234")))
        );
        for bad in [
            "12345",
            "0812",
            "+1 202 555 0100",
            "0812 3456 78ab",
            "+62 0",
            "00812345678",
            "0812 3456 7890 1234 5",
            "+62+812345678",
            "ext. 0812345678",
        ] {
            assert_eq!(
                one(phone.clone(), bad),
                Err(FieldErrorCode::InvalidPhone),
                "{bad}"
            );
        }
    }

    #[test]
    fn niks_report_why_they_are_wrong() {
        let nik = def("nik", FieldType::NationalId);
        assert_eq!(
            one(nik.clone(), "3374 0112 0890 0001"),
            Ok(Some(json!("3374011208900001")))
        );
        let cases = [
            ("337401120890", "nik-wrong-length"),
            ("33740112089O0001", "nik-not-digits"),
            ("9774011208900001", "nik-unknown-province"),
            ("3374001208900001", "nik-bad-region"),
            ("3374019908900001", "nik-impossible-birth-date"),
            ("3374011208900000", "nik-zero-serial"),
        ];
        for (typed, code) in cases {
            assert_eq!(
                one(nik.clone(), typed).map_err(|e| e.code()),
                Err(code),
                "{typed}"
            );
        }
        // 12 August 2030 is in the future, so it is read as 1930.
        assert_eq!(
            one(nik, "3374011208300001"),
            Ok(Some(json!("3374011208300001")))
        );
    }

    #[test]
    fn files_are_checked_by_kind_and_size() {
        let mut scan = def("scan", FieldType::File);
        scan.accept = vec!["pdf".into(), "jpeg".into()];
        scan.max_size_kb = Some(100);
        let schema = FormSchema {
            fields: vec![required(scan)],
        };
        let with = |size: u64, kind: Option<&str>| {
            let mut i = FormInput::default();
            i.files.insert(
                "scan".into(),
                FileMeta {
                    size_bytes: size,
                    sniffed_kind: kind.map(str::to_owned),
                },
            );
            schema.validate(&i, TODAY)
        };
        let error = |code| {
            Err(vec![FieldError {
                field: "scan".into(),
                code,
            }])
        };
        assert_eq!(
            with(2048, Some("jpg")).map(FormData::into_map),
            Ok(BTreeMap::from([(
                "scan".to_owned(),
                json!({"kind": "jpg", "size": 2048})
            )]))
        );
        assert!(with(100 * 1024, Some("PDF")).is_ok());
        assert_eq!(
            with(100 * 1024 + 1, Some("pdf")),
            error(FieldErrorCode::FileTooLarge { max_size_kb: 100 })
        );
        assert_eq!(
            with(10, Some("png")),
            error(FieldErrorCode::FileKindNotAccepted)
        );
        assert_eq!(with(10, None), error(FieldErrorCode::FileKindNotAccepted));
        assert_eq!(with(0, Some("pdf")), error(FieldErrorCode::Required));
        assert_eq!(
            schema.validate(&input(&[("scan", "C:\\fake.pdf")]), TODAY),
            error(FieldErrorCode::Required)
        );
    }

    #[test]
    fn every_error_is_reported_at_once_and_unknown_keys_ignored() {
        let mut age = def("age", FieldType::Number);
        age.max = Some(150);
        let schema = FormSchema {
            fields: vec![
                required(def("name", FieldType::Text)),
                age,
                def("email", FieldType::Email),
                def("note", FieldType::Textarea),
            ],
        };
        let got = schema.validate(
            &input(&[("age", "200"), ("email", "nope"), ("admin", "true")]),
            TODAY,
        );
        assert_eq!(
            got,
            Err(vec![
                FieldError {
                    field: "name".into(),
                    code: FieldErrorCode::Required
                },
                FieldError {
                    field: "age".into(),
                    code: FieldErrorCode::AboveMax { max: 150 }
                },
                FieldError {
                    field: "email".into(),
                    code: FieldErrorCode::InvalidEmail
                },
            ])
        );
        let ok = schema.validate(&input(&[("name", "Budi"), ("admin", "true")]), TODAY);
        assert_eq!(
            ok.map(FormData::into_map),
            Ok(BTreeMap::from([("name".to_owned(), json!("Budi"))]))
        );
    }

    #[test]
    fn error_codes_are_stable_and_carry_their_limits() {
        use FieldErrorCode::*;
        let all = [
            Required,
            TooLong { max: 5 },
            NotANumber,
            BelowMin { min: -1 },
            AboveMax { max: 9 },
            NotWholeRupiah,
            InvalidDate,
            DateMissing(DatePart::Day),
            DateMissing(DatePart::Month),
            DateMissing(DatePart::Year),
            NotAnOption,
            InvalidEmail,
            InvalidPhone,
            InvalidNik(NikError::WrongLength),
            InvalidNik(NikError::NotDigits),
            InvalidNik(NikError::UnknownProvince),
            InvalidNik(NikError::BadRegion),
            InvalidNik(NikError::ImpossibleBirthDate),
            InvalidNik(NikError::BirthDateInFuture),
            InvalidNik(NikError::ZeroSerial),
            FileTooLarge { max_size_kb: 512 },
            FileKindNotAccepted,
        ];
        let codes: std::collections::HashSet<&str> = all.iter().map(|c| c.code()).collect();
        assert_eq!(codes.len(), all.len());
        assert!(
            codes
                .iter()
                .all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'))
        );
        assert_eq!(TooLong { max: 5 }.params(), vec![("max", 5)]);
        assert_eq!(BelowMin { min: -1 }.params(), vec![("min", -1)]);
        assert_eq!(AboveMax { max: 9 }.params(), vec![("max", 9)]);
        assert_eq!(
            FileTooLarge { max_size_kb: 512 }.params(),
            vec![("max_size_kb", 512)]
        );
        assert!(Required.params().is_empty());
    }

    #[test]
    fn form_data_serialises_as_a_plain_object() {
        let schema = FormSchema {
            fields: vec![def("name", FieldType::Text), def("n", FieldType::Number)],
        };
        let data = schema
            .validate(&input(&[("name", "Ani"), ("n", "7")]), TODAY)
            .expect("valid");
        let text = serde_json::to_string(&data).expect("serialises");
        assert_eq!(text, r#"{"n":7,"name":"Ani"}"#);
        let back: FormData = serde_json::from_str(&text).expect("deserialises");
        assert_eq!(back, data);
    }

    // ---- property tests -------------------------------------------------------------

    /// A raw answer: text for `values`, or a file.
    #[derive(Debug, Clone)]
    enum Answer {
        Value(String),
        File(FileMeta),
    }

    fn group_thousands(n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        out
    }

    fn pad() -> impl Strategy<Value = (&'static str, &'static str)> {
        (
            proptest::sample::select(vec!["", " ", "  "]),
            proptest::sample::select(vec!["", " ", "\t"]),
        )
    }

    fn text_case() -> impl Strategy<Value = (FieldDef, Answer)> {
        (proptest::option::of(1u32..60), any::<bool>()).prop_flat_map(|(max, multiline)| {
            let room = max.unwrap_or(60) - 1;
            let body = if multiline {
                format!("[a-zé][a-zé \n\r]{{0,{room}}}")
            } else {
                format!("[a-zA-Zé0-9][a-zA-Zé0-9 ]{{0,{room}}}")
            };
            (
                proptest::string::string_regex(&body).expect("valid regex"),
                pad(),
            )
                .prop_map(move |(s, (before, after))| {
                    let kind = if multiline {
                        FieldType::Textarea
                    } else {
                        FieldType::Text
                    };
                    let mut f = def("x", kind);
                    f.max_length = max;
                    (f, Answer::Value(format!("{before}{s}{after}")))
                })
        })
    }

    fn bounds() -> impl Strategy<Value = (Option<i64>, Option<i64>)> {
        (
            proptest::option::of(any::<i64>()),
            proptest::option::of(any::<i64>()),
        )
            .prop_map(|(a, b)| match (a, b) {
                (Some(a), Some(b)) => (Some(a.min(b)), Some(a.max(b))),
                other => other,
            })
    }

    fn number_case() -> impl Strategy<Value = (FieldDef, Answer)> {
        bounds().prop_flat_map(|(min, max)| {
            let range = min.unwrap_or(i64::MIN)..=max.unwrap_or(i64::MAX);
            (range, pad()).prop_map(move |(n, (before, after))| {
                let mut f = def("x", FieldType::Number);
                f.min = min;
                f.max = max;
                (f, Answer::Value(format!("{before}{n}{after}")))
            })
        })
    }

    fn money_case() -> impl Strategy<Value = (FieldDef, Answer)> {
        (
            proptest::option::of(-1_000_000i64..1_000_000_000),
            proptest::option::of(0i64..1_000_000_000_000),
        )
            .prop_flat_map(|(min, extra)| {
                let lo = min.unwrap_or(0);
                let max = extra.map(|e| lo.saturating_add(e));
                let range = lo..=max.unwrap_or(1_000_000_000_000_000);
                (range, 0usize..5).prop_map(move |(n, style)| {
                    let grouped = group_thousands(n.unsigned_abs());
                    let sign = if n < 0 { "-" } else { "" };
                    let text = match style {
                        0 => format!("{sign}{}", n.unsigned_abs()),
                        1 => format!("{sign}{grouped}"),
                        2 => format!("{sign}Rp {grouped}"),
                        3 => format!("{sign}Rp. {grouped},-"),
                        _ => format!("{sign}{grouped},00"),
                    };
                    let mut f = def("x", FieldType::Money);
                    f.min = min;
                    f.max = max;
                    (f, Answer::Value(text))
                })
            })
    }

    fn date_case() -> impl Strategy<Value = (FieldDef, Answer)> {
        (date!(0001 - 01 - 01).to_julian_day()..=date!(9999 - 12 - 31).to_julian_day()).prop_map(
            |j| {
                let d = Date::from_julian_day(j).expect("in range");
                (def("x", FieldType::Date), Answer::Value(format_iso_date(d)))
            },
        )
    }

    fn select_case() -> impl Strategy<Value = (FieldDef, Answer)> {
        proptest::collection::vec("[a-z_]{1,8}", 1..5).prop_flat_map(|values| {
            let n = values.len();
            (Just(values), 0..n).prop_map(|(values, pick)| {
                let mut f = def("x", FieldType::Select);
                f.options = values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| SelectOption {
                        value: format!("o{i}{v}"),
                        label: f.label.clone(),
                    })
                    .collect();
                let chosen = f.options[pick].value.clone();
                (f, Answer::Value(chosen))
            })
        })
    }

    fn checkbox_case() -> impl Strategy<Value = (FieldDef, Answer)> {
        proptest::sample::select(vec!["on", "true", "1", "yes", "ON", " Yes "])
            .prop_map(|v| (def("x", FieldType::Checkbox), Answer::Value(v.to_owned())))
    }

    fn email_case() -> impl Strategy<Value = (FieldDef, Answer)> {
        "[a-zA-Z0-9._]{1,10}@[a-zA-Z]{1,10}\\.(go\\.id|com|ID)"
            .prop_map(|e| (def("x", FieldType::Email), Answer::Value(e)))
    }

    fn phone_case() -> impl Strategy<Value = (FieldDef, Answer)> {
        ("8[1-9][0-9]{7,10}", 0usize..5).prop_map(|(n, style)| {
            let text = match style {
                0 => format!("0{n}"),
                1 => format!("+62{n}"),
                2 => format!("62 {n}"),
                3 => format!("+62 (0){n}"),
                _ => format!("0{}-{}", &n[..3], &n[3..]),
            };
            (def("x", FieldType::Phone), Answer::Value(text))
        })
    }

    fn nik_case() -> impl Strategy<Value = (FieldDef, Answer)> {
        (
            proptest::sample::select(crate::nik::PROVINCES.map(|(c, _)| c).to_vec()),
            1u8..=99,
            1u8..=99,
            0i32..36_500,
            any::<bool>(),
            1u16..=9999,
        )
            .prop_map(|(province, regency, district, age, female, serial)| {
                let birth = Date::from_julian_day(TODAY.to_julian_day() - age).expect("in range");
                let day = birth.day() + if female { 40 } else { 0 };
                let nik = format!(
                    "{province:02}{regency:02}{district:02}{day:02}{:02}{:02}{serial:04}",
                    u8::from(birth.month()),
                    birth.year() % 100
                );
                (def("x", FieldType::NationalId), Answer::Value(nik))
            })
    }

    fn file_case() -> impl Strategy<Value = (FieldDef, Answer)> {
        (
            proptest::sample::subsequence(vec!["pdf", "jpg", "jpeg", "png"], 1..=4),
            proptest::option::of(1u32..10_000),
        )
            .prop_flat_map(|(accept, max_kb)| {
                let limit = max_kb.map_or(100_000_000, |kb| u64::from(kb) * 1024);
                let kinds = accept.clone();
                (
                    Just(accept),
                    Just(max_kb),
                    proptest::sample::select(kinds),
                    1..=limit,
                )
            })
            .prop_map(|(accept, max_kb, kind, size)| {
                let mut f = def("x", FieldType::File);
                f.accept = accept.into_iter().map(str::to_owned).collect();
                f.max_size_kb = max_kb;
                let meta = FileMeta {
                    size_bytes: size,
                    sniffed_kind: Some(kind.to_owned()),
                };
                (f, Answer::File(meta))
            })
    }

    fn valid_case() -> impl Strategy<Value = (FieldDef, Answer)> {
        prop_oneof![
            text_case(),
            number_case(),
            money_case(),
            date_case(),
            select_case(),
            checkbox_case(),
            email_case(),
            phone_case(),
            nik_case(),
            file_case(),
        ]
    }

    /// A schema and a valid submission for it; optional answers are sometimes left out.
    fn valid_form() -> impl Strategy<Value = (FormSchema, FormInput)> {
        proptest::collection::vec((valid_case(), any::<bool>(), any::<bool>()), 1..10).prop_map(
            |cases| {
                let mut schema = FormSchema::default();
                let mut input = FormInput::default();
                for (i, ((mut f, answer), is_required, present)) in cases.into_iter().enumerate() {
                    f.name = format!("f{i}");
                    f.required = is_required;
                    if is_required || present {
                        match answer {
                            Answer::Value(v) => {
                                input.values.insert(f.name.clone(), v);
                            }
                            Answer::File(m) => {
                                input.files.insert(f.name.clone(), m);
                            }
                        }
                    }
                    schema.fields.push(f);
                }
                (schema, input)
            },
        )
    }

    /// Turns stored data back into what a form would send.
    fn as_input(data: &FormData) -> FormInput {
        let mut input = FormInput::default();
        for (name, value) in data.as_map() {
            match value {
                Value::String(s) => {
                    input.values.insert(name.clone(), s.clone());
                }
                Value::Number(n) => {
                    input.values.insert(name.clone(), n.to_string());
                }
                Value::Bool(b) => {
                    input.values.insert(name.clone(), b.to_string());
                }
                Value::Object(o) => {
                    let meta = FileMeta {
                        size_bytes: o.get("size").and_then(Value::as_u64).unwrap_or(0),
                        sniffed_kind: o.get("kind").and_then(Value::as_str).map(str::to_owned),
                    };
                    input.files.insert(name.clone(), meta);
                }
                other => panic!("unexpected stored value {other}"),
            }
        }
        input
    }

    fn any_field() -> impl Strategy<Value = FieldDef> {
        let kinds = vec![
            FieldType::Text,
            FieldType::Textarea,
            FieldType::Number,
            FieldType::Money,
            FieldType::Date,
            FieldType::Select,
            FieldType::Checkbox,
            FieldType::Email,
            FieldType::Phone,
            FieldType::NationalId,
            FieldType::File,
        ];
        (
            "[a-d]",
            proptest::sample::select(kinds),
            any::<bool>(),
            proptest::option::of(any::<u32>()),
            proptest::option::of(any::<i64>()),
            proptest::option::of(any::<i64>()),
            proptest::collection::vec(".{0,4}", 0..3),
            proptest::collection::vec(
                proptest::sample::select(vec!["pdf", "jpg", "jpeg", "png", "gif", "", "PDF"]),
                0..3,
            ),
            proptest::option::of(any::<u32>()),
        )
            .prop_map(
                |(name, kind, req, max_length, min, max, options, accept, max_size_kb)| {
                    let mut f = def(&name, kind);
                    f.required = req;
                    f.max_length = max_length;
                    f.min = min;
                    f.max = max;
                    f.options = options
                        .into_iter()
                        .map(|value| SelectOption {
                            value,
                            label: f.label.clone(),
                        })
                        .collect();
                    f.accept = accept.into_iter().map(str::to_owned).collect();
                    f.max_size_kb = max_size_kb;
                    f
                },
            )
    }

    fn tricky_text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            proptest::sample::select(vec![
                "Rp 1.500.000,-",
                "-",
                "+",
                ",",
                ".",
                "Rp",
                "-Rp -1",
                "1.",
                ".5",
                "9999999999999999999999999999999999999999",
                "-9223372036854775809",
                "2024-02-30",
                "0000-00-00",
                "+62",
                "+62 (0)",
                "0062",
                "3374011208900001",
                "on",
                "\u{0}",
                "\r\n",
                "\u{feff}",
                "Ǆ",
                "a@b.c",
            ])
            .prop_map(str::to_owned),
            "[-+.,0-9 Rp]{0,20}",
        ]
    }

    proptest! {
        #[test]
        fn validate_never_panics(
            fields in proptest::collection::vec(any_field(), 0..6),
            values in proptest::collection::btree_map("[a-e]", tricky_text(), 0..6),
            files in proptest::collection::btree_map(
                "[a-e]",
                (any::<u64>(), proptest::option::of("pdf|jpg|jpeg|png|gif|.{0,4}"))
                    .prop_map(|(size_bytes, sniffed_kind)| FileMeta { size_bytes, sniffed_kind }),
                0..4,
            ),
            today_jd in Date::MIN.to_julian_day()..=Date::MAX.to_julian_day(),
        ) {
            let today = Date::from_julian_day(today_jd).expect("in range");
            let schema = FormSchema { fields };
            let names: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
            match schema.validate(&FormInput { values, files }, today) {
                Ok(data) => prop_assert!(data.as_map().keys().all(|k| names.contains(&k.as_str()))),
                Err(errors) => {
                    prop_assert!(!errors.is_empty());
                    prop_assert!(errors.iter().all(|e| names.contains(&e.field.as_str())));
                }
            }
        }

        #[test]
        fn valid_input_is_accepted_and_revalidation_is_idempotent((schema, input) in valid_form()) {
            let data = schema.validate(&input, TODAY);
            prop_assert!(data.is_ok(), "refused: {:?}\ninput: {:?}", data, input);
            let data = data.expect("checked above");
            for f in &schema.fields {
                let given = input.values.contains_key(&f.name) || input.files.contains_key(&f.name);
                let stored = data.get(&f.name).is_some();
                prop_assert_eq!(stored, given || f.kind == FieldType::Checkbox, "field {}", f.name);
            }
            let again = schema.validate(&as_input(&data), TODAY);
            prop_assert_eq!(again, Ok(data));
        }

        #[test]
        fn a_missing_required_field_is_reported_exactly(
            (mut schema, mut input) in valid_form(),
            which in any::<proptest::sample::Index>(),
        ) {
            let i = which.index(schema.fields.len());
            let name = schema.fields[i].name.clone();
            schema.fields[i].required = true;
            input.values.remove(&name);
            input.files.remove(&name);
            prop_assert_eq!(
                schema.validate(&input, TODAY),
                Err(vec![FieldError { field: name, code: FieldErrorCode::Required }])
            );
        }
    }
}
