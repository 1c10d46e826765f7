//! Fees: what an application costs, itemised by budget line.
//!
//! [`FeeRule::compute`] turns a rule and the validated answers into [`FeeLine`]s whose
//! amounts are never negative and always add up (without overflow) to the total that
//! [`total_of`] returns. [`check`] verifies a service's fee rule against its form when the
//! catalogue is loaded, so that any valid application has a price.

use serde::{Deserialize, Serialize};

use crate::catalog::{ChoiceFee, FeeItem, FeeRule, InvoiceAt, PerUnitFee, ServiceDef};
use crate::form::{FieldType, FormData};
use crate::i18n::Text;
use crate::money::{Amount, Currency, MoneyError};

/// One itemised part of a fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeLine {
    /// The budget account that receives this part.
    pub budget_line: String,
    pub label: Text,
    pub amount: Amount,
}

/// Why a fee could not be computed for some answers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeeError {
    /// The field the rule reads was not answered.
    #[error("the fee depends on `{0}`, which is not answered")]
    MissingField(String),
    /// The field's answer is not a whole number of units at or above zero.
    #[error("the answer to `{0}` cannot be used to compute the fee")]
    InvalidValue(String),
    /// No fee is declared for this answer of a select field.
    #[error("no fee is declared for `{field}` = `{value}`")]
    UnknownChoice { field: String, value: String },
    /// The rule itself holds a negative amount (the catalogue check refuses such rules).
    #[error("the fee rule has a negative amount")]
    NegativeAmount,
    /// The amount does not fit in 64 bits.
    #[error("the fee is too large to compute")]
    Overflow,
    /// The rule's currency is not supported.
    #[error("unsupported currency `{0}`")]
    Currency(String),
}

impl From<MoneyError> for FeeError {
    fn from(e: MoneyError) -> Self {
        match e {
            MoneyError::Negative => FeeError::NegativeAmount,
            MoneyError::Overflow => FeeError::Overflow,
        }
    }
}

fn item_lines(items: &[FeeItem]) -> Result<Vec<FeeLine>, FeeError> {
    items
        .iter()
        .map(|i| {
            Ok(FeeLine {
                budget_line: i.budget_line.clone(),
                label: i.label.clone(),
                amount: Amount::new(i.amount)?,
            })
        })
        .collect()
}

impl PerUnitFee {
    /// The computed line's amount for `units`: `rate × units` held between the minimum and
    /// the cap. A product too large for 64 bits is above any cap.
    pub fn amount_for(&self, units: u64) -> Result<Amount, FeeError> {
        let rate = Amount::new(self.rate)?;
        let minimum = Amount::new(self.minimum)?;
        let maximum = self.maximum.map(Amount::new).transpose()?;
        let raw = match (rate.checked_mul(units), maximum) {
            (Ok(a), _) => a,
            (Err(_), Some(cap)) => cap,
            (Err(e), None) => return Err(e.into()),
        };
        let mut amount = raw.max(minimum);
        if let Some(cap) = maximum {
            amount = amount.min(cap.max(minimum));
        }
        Ok(amount)
    }
}

impl FeeRule {
    /// The rule's currency.
    pub fn currency(&self) -> Result<Currency, FeeError> {
        let code = match self {
            FeeRule::Free => return Ok(Currency::Idr),
            FeeRule::Fixed { currency, .. } => currency,
            FeeRule::PerUnit(f) => &f.currency,
            FeeRule::ByChoice(f) => &f.currency,
        };
        Currency::parse(code).ok_or_else(|| FeeError::Currency(code.clone()))
    }

    /// The itemised fee for these answers; empty when free. The lines always add up to a
    /// total that fits in an [`Amount`]; otherwise the answer is `Overflow`.
    pub fn compute(&self, data: &FormData) -> Result<Vec<FeeLine>, FeeError> {
        self.currency()?;
        let lines = match self {
            FeeRule::Free => Vec::new(),
            FeeRule::Fixed { items, .. } => item_lines(items)?,
            FeeRule::PerUnit(f) => {
                let units = match data.get(&f.field) {
                    None | Some(serde_json::Value::Null) => {
                        return Err(FeeError::MissingField(f.field.clone()));
                    }
                    Some(v) => v
                        .as_u64()
                        .ok_or_else(|| FeeError::InvalidValue(f.field.clone()))?,
                };
                let mut lines = vec![FeeLine {
                    budget_line: f.budget_line.clone(),
                    label: f.label.clone(),
                    amount: f.amount_for(units)?,
                }];
                lines.extend(item_lines(&f.items)?);
                lines
            }
            FeeRule::ByChoice(f) => {
                let value = match data.get(&f.field) {
                    None | Some(serde_json::Value::Null) => {
                        return Err(FeeError::MissingField(f.field.clone()));
                    }
                    Some(serde_json::Value::String(s)) => s,
                    Some(_) => return Err(FeeError::InvalidValue(f.field.clone())),
                };
                let choice = f
                    .choices
                    .iter()
                    .find(|c| &c.value == value)
                    .ok_or_else(|| FeeError::UnknownChoice {
                        field: f.field.clone(),
                        value: value.clone(),
                    })?;
                item_lines(&choice.items)?
            }
        };
        total_of(&lines)?;
        Ok(lines)
    }
}

impl FeeRule {
    /// The least any valid application pays ("from Rp …" in listings); `None` when free.
    pub fn starting_total(&self, form: &crate::form::FormSchema) -> Option<i64> {
        let total = |lines: Result<Vec<FeeLine>, FeeError>| -> Option<i64> {
            lines
                .ok()
                .and_then(|l| total_of(&l).ok())
                .map(Amount::minor)
        };
        match self {
            FeeRule::Free => None,
            FeeRule::Fixed { .. } => self.total(),
            FeeRule::PerUnit(f) => {
                let least = form
                    .fields
                    .iter()
                    .find(|d| d.name == f.field)
                    .and_then(|d| d.min)
                    .unwrap_or(0)
                    .max(0);
                let data: FormData =
                    serde_json::from_value(serde_json::json!({ f.field.clone(): least })).ok()?;
                total(self.compute(&data))
            }
            FeeRule::ByChoice(f) => f
                .choices
                .iter()
                .filter_map(|c| total(item_lines(&c.items)))
                .min(),
        }
    }
}

/// The sum of the lines, or `Overflow`.
pub fn total_of(lines: &[FeeLine]) -> Result<Amount, FeeError> {
    Ok(Amount::sum(lines.iter().map(|l| l.amount))?)
}

fn item_problems(items: &[FeeItem], out: &mut Vec<String>) {
    if items.iter().any(|i| i.amount <= 0) {
        out.push("fee amounts must be positive".into());
    }
    if items.iter().any(|i| i.label.has_blank()) {
        out.push("every fee item label needs both `en` and `id`".into());
    }
    if items.iter().any(|i| i.budget_line.trim().is_empty()) {
        out.push("every fee item needs a `budget_line`".into());
    }
    if items
        .iter()
        .try_fold(0i64, |acc, i| acc.checked_add(i.amount))
        .is_none()
    {
        out.push("fee items overflow when added up".into());
    }
}

fn per_unit_problems(s: &ServiceDef, f: &PerUnitFee, out: &mut Vec<String>) {
    match s.form.fields.iter().find(|d| d.name == f.field) {
        None => out.push(format!(
            "the fee uses form field `{}`, which does not exist",
            f.field
        )),
        Some(d) => {
            if d.kind != FieldType::Number {
                out.push(format!(
                    "the fee uses form field `{}` as a number, but it is not a `number` field",
                    f.field
                ));
            }
            if !d.required {
                out.push(format!(
                    "the fee uses form field `{}`, which must be required",
                    f.field
                ));
            }
            if d.min.is_some_and(|m| m < 0) {
                out.push(format!(
                    "the fee uses form field `{}`, which must not accept negative numbers (set `min`)",
                    f.field
                ));
            }
            // With no cap, the largest answer must still give an amount that fits.
            if f.maximum.is_none() {
                let largest = u64::try_from(d.max.unwrap_or(i64::MAX)).unwrap_or(0);
                if f.amount_for(largest).is_err() {
                    out.push(format!(
                        "the fee overflows for the largest `{}`: set `maximum` or a smaller field `max`",
                        f.field
                    ));
                }
            }
        }
    }
    if f.rate <= 0 {
        out.push("a per-unit fee needs a positive `rate`".into());
    }
    if f.minimum < 0 {
        out.push("a fee `minimum` cannot be negative".into());
    }
    if let Some(max) = f.maximum
        && max < f.minimum.max(1)
    {
        out.push("a fee `maximum` must be positive and at least the `minimum`".into());
    }
    if f.label.has_blank() || f.unit.has_blank() {
        out.push("the fee's `label` and `unit` need both `en` and `id`".into());
    }
    if f.budget_line.trim().is_empty() {
        out.push("a per-unit fee needs a `budget_line`".into());
    }
    item_problems(&f.items, out);
    let cap = f.maximum.unwrap_or(0).max(f.minimum);
    if f.items
        .iter()
        .try_fold(cap, |acc, i| acc.checked_add(i.amount))
        .is_none()
    {
        out.push("fee items overflow when added to the computed amount".into());
    }
}

fn choice_problems(s: &ServiceDef, f: &ChoiceFee, out: &mut Vec<String>) {
    match s.form.fields.iter().find(|d| d.name == f.field) {
        None => out.push(format!(
            "the fee uses form field `{}`, which does not exist",
            f.field
        )),
        Some(d) => {
            if d.kind != FieldType::Select {
                out.push(format!(
                    "the fee is chosen by form field `{}`, which is not a `select` field",
                    f.field
                ));
            } else {
                for o in &d.options {
                    if !f.choices.iter().any(|c| c.value == o.value) {
                        out.push(format!(
                            "the fee declares no amount for `{}` = `{}`",
                            f.field, o.value
                        ));
                    }
                }
                for c in &f.choices {
                    if !d.options.iter().any(|o| o.value == c.value) {
                        out.push(format!(
                            "the fee declares `{}`, which is not an option of `{}`",
                            c.value, f.field
                        ));
                    }
                }
            }
            if !d.required {
                out.push(format!(
                    "the fee uses form field `{}`, which must be required",
                    f.field
                ));
            }
        }
    }
    for c in &f.choices {
        if c.items.is_empty() {
            out.push(format!("the fee for `{}` needs at least one item", c.value));
        }
        item_problems(&c.items, out);
    }
}

/// Checks a service's fee rule against its form and workflow; one message per problem.
pub fn check(s: &ServiceDef) -> Vec<String> {
    let mut out = Vec::new();
    if let Err(FeeError::Currency(c)) = s.fee.currency() {
        out.push(format!("currency `{c}` is not supported (only IDR)"));
    }
    match &s.fee {
        FeeRule::Free => {}
        FeeRule::Fixed { items, .. } => {
            if items.is_empty() {
                out.push("a fixed fee needs at least one item".into());
            }
            item_problems(items, &mut out);
        }
        FeeRule::PerUnit(f) => per_unit_problems(s, f, &mut out),
        FeeRule::ByChoice(f) => choice_problems(s, f, &mut out),
    }
    let gated: Vec<&str> = s
        .workflow
        .transitions
        .iter()
        .filter(|t| t.requires_paid)
        .map(|t| t.action.as_str())
        .collect();
    if !gated.is_empty() && s.fee.is_free() {
        out.push(format!(
            "transition `{}` requires payment, but the service is free",
            gated[0]
        ));
    }
    if !gated.is_empty() && s.invoice_at == InvoiceAt::Approval {
        out.push(format!(
            "transition `{}` requires payment, but the invoice is only raised at approval",
            gated[0]
        ));
    }
    out
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

    fn item(line: &str, amount: i64) -> FeeItem {
        FeeItem {
            budget_line: line.to_owned(),
            label: text(line),
            amount,
        }
    }

    fn data(v: serde_json::Value) -> FormData {
        serde_json::from_value(v).expect("form data")
    }

    fn per_m2(rate: i64, minimum: i64, maximum: Option<i64>) -> FeeRule {
        FeeRule::PerUnit(PerUnitFee {
            currency: "IDR".into(),
            field: "floor_area".into(),
            unit: text("m²"),
            rate,
            minimum,
            maximum,
            budget_line: "4.1.2.03.01".into(),
            label: text("Retribution"),
            items: vec![item("4.1.2.03.03", 100_000)],
            refund_on_reject: false,
        })
    }

    fn amounts(lines: &[FeeLine]) -> Vec<i64> {
        lines.iter().map(|l| l.amount.minor()).collect()
    }

    #[test]
    fn per_unit_applies_rate_minimum_and_cap() {
        let rule = per_m2(37_500, 1_000_000, Some(50_000_000));
        let at = |m2: i64| {
            amounts(
                &rule
                    .compute(&data(serde_json::json!({"floor_area": m2})))
                    .expect("ok"),
            )
        };
        assert_eq!(at(120), vec![4_500_000, 100_000]);
        assert_eq!(at(10), vec![1_000_000, 100_000]);
        assert_eq!(at(10_000), vec![50_000_000, 100_000]);
        assert_eq!(
            rule.compute(&data(serde_json::json!({}))),
            Err(FeeError::MissingField("floor_area".into()))
        );
        assert_eq!(
            rule.compute(&data(serde_json::json!({"floor_area": -3}))),
            Err(FeeError::InvalidValue("floor_area".into()))
        );
        let uncapped = per_m2(i64::MAX, 0, None);
        assert_eq!(
            uncapped.compute(&data(serde_json::json!({"floor_area": 2}))),
            Err(FeeError::Overflow)
        );
        let capped = per_m2(i64::MAX, 0, Some(7));
        assert_eq!(
            amounts(
                &capped
                    .compute(&data(serde_json::json!({"floor_area": 2})))
                    .expect("ok")
            ),
            vec![7, 100_000]
        );
    }

    #[test]
    fn by_choice_picks_the_items_of_the_answer() {
        let rule = FeeRule::ByChoice(ChoiceFee {
            currency: "IDR".into(),
            field: "scale".into(),
            choices: vec![
                crate::catalog::FeeChoice {
                    value: "micro".into(),
                    items: vec![item("1", 50_000)],
                },
                crate::catalog::FeeChoice {
                    value: "medium".into(),
                    items: vec![item("1", 500_000), item("2", 250_000)],
                },
            ],
            refund_on_reject: true,
        });
        let lines = rule
            .compute(&data(serde_json::json!({"scale": "medium"})))
            .expect("ok");
        assert_eq!(amounts(&lines), vec![500_000, 250_000]);
        assert_eq!(total_of(&lines).expect("ok").minor(), 750_000);
        assert!(matches!(
            rule.compute(&data(serde_json::json!({"scale": "huge"}))),
            Err(FeeError::UnknownChoice { .. })
        ));
        assert!(rule.refund_on_reject());
    }

    #[test]
    fn fixed_and_free_keep_working() {
        let fixed = FeeRule::Fixed {
            currency: "IDR".into(),
            items: vec![item("a", 150_000), item("b", 350_000)],
            refund_on_reject: false,
        };
        let lines = fixed.compute(&FormData::default()).expect("ok");
        assert_eq!(total_of(&lines).expect("ok").minor(), 500_000);
        assert_eq!(fixed.total(), Some(500_000));
        assert!(
            FeeRule::Free
                .compute(&FormData::default())
                .expect("ok")
                .is_empty()
        );
        let euro = FeeRule::Fixed {
            currency: "EUR".into(),
            items: vec![item("a", 1)],
            refund_on_reject: false,
        };
        assert_eq!(
            euro.compute(&FormData::default()),
            Err(FeeError::Currency("EUR".into()))
        );
    }

    #[test]
    fn yaml_reads_the_computed_rules() {
        let rule: FeeRule = serde_yaml_ng::from_str(
            "kind: per_unit\nfield: floor_area\nunit: {en: m², id: m²}\nrate: 100\nminimum: 5\n\
             budget_line: \"1\"\nlabel: {en: A, id: A}\nrefund_on_reject: true\n",
        )
        .expect("per_unit");
        assert!(matches!(&rule, FeeRule::PerUnit(f) if f.rate == 100 && f.refund_on_reject));
        let rule: FeeRule = serde_yaml_ng::from_str(
            "kind: by_choice\nfield: scale\nchoices:\n  - value: micro\n    items:\n      - {budget_line: \"1\", label: {en: A, id: A}, amount: 5}\n",
        )
        .expect("by_choice");
        assert!(matches!(&rule, FeeRule::ByChoice(f) if f.choices.len() == 1));
        assert!(
            serde_yaml_ng::from_str::<FeeRule>("kind: per_unit\nfield: x\nbogus: 1\n").is_err()
        );
    }

    fn any_items() -> impl Strategy<Value = Vec<FeeItem>> {
        proptest::collection::vec(
            (any::<i64>(), "[0-9]{1,3}").prop_map(|(a, l)| item(&l, a)),
            0..4,
        )
    }

    fn any_rule() -> impl Strategy<Value = FeeRule> {
        prop_oneof![
            Just(FeeRule::Free),
            any_items().prop_map(|items| FeeRule::Fixed {
                currency: "IDR".into(),
                items,
                refund_on_reject: false
            }),
            (
                any::<i64>(),
                any::<i64>(),
                proptest::option::of(any::<i64>()),
                any_items()
            )
                .prop_map(|(rate, minimum, maximum, items)| {
                    let mut r = per_m2(rate, minimum, maximum);
                    if let FeeRule::PerUnit(f) = &mut r {
                        f.items = items;
                    }
                    r
                }),
            proptest::collection::vec(("[a-c]", any_items()), 0..4).prop_map(|cs| {
                FeeRule::ByChoice(ChoiceFee {
                    currency: "IDR".into(),
                    field: "scale".into(),
                    choices: cs
                        .into_iter()
                        .map(|(value, items)| crate::catalog::FeeChoice { value, items })
                        .collect(),
                    refund_on_reject: false,
                })
            }),
        ]
    }

    fn any_value() -> impl Strategy<Value = serde_json::Value> {
        prop_oneof![
            Just(serde_json::Value::Null),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<u64>().prop_map(serde_json::Value::from),
            any::<bool>().prop_map(serde_json::Value::from),
            "[a-d]{0,2}".prop_map(serde_json::Value::from),
            (-1e12f64..1e12).prop_map(serde_json::Value::from),
        ]
    }

    proptest! {
        #[test]
        fn lines_are_never_negative_and_always_add_up(
            rule in any_rule(),
            area in any_value(),
            scale in any_value(),
        ) {
            let answers = data(serde_json::json!({"floor_area": area, "scale": scale}));
            // Never panics, whatever the rule and the answers.
            if let Ok(lines) = rule.compute(&answers) {
                let wide: i128 = lines.iter().map(|l| i128::from(l.amount.minor())).sum();
                prop_assert!(lines.iter().all(|l| l.amount.minor() >= 0));
                prop_assert!(wide <= i128::from(i64::MAX));
                prop_assert_eq!(i128::from(total_of(&lines).expect("ok").minor()), wide);
            }
        }

        #[test]
        fn per_unit_stays_between_minimum_and_cap(
            rate in 1i64..1_000_000_000,
            minimum in 0i64..1_000_000_000,
            cap in proptest::option::of(1i64..i64::MAX / 2),
            units in any::<u64>(),
        ) {
            let rule = per_m2(rate, minimum, cap);
            if let FeeRule::PerUnit(f) = &rule {
                match f.amount_for(units) {
                    Ok(a) => {
                        prop_assert!(a.minor() >= minimum.min(cap.unwrap_or(i64::MAX).max(minimum)));
                        if let Some(c) = cap {
                            prop_assert!(a.minor() <= c.max(minimum));
                        }
                    }
                    Err(e) => {
                        prop_assert_eq!(e, FeeError::Overflow);
                        prop_assert!(cap.is_none());
                    }
                }
            }
        }
    }
}
