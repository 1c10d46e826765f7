//! Form schemas: the fields a service asks for, and their validation.
//!
//! A schema is declared in the service catalogue; [`FormSchema::check`] verifies the
//! declaration itself (unique names, sensible limits) when the catalogue is loaded.

use serde::{Deserialize, Serialize};

use crate::i18n::Text;

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
            if let (Some(min), Some(max)) = (f.min, f.max) {
                if min > max {
                    problems.push(format!("{at}: min {min} is above max {max}"));
                }
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
            if f.kind != FieldType::Select && !f.options.is_empty() {
                problems.push(format!("{at}: only select fields take `options`"));
            }
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
