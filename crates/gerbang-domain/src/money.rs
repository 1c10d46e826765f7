//! Money: integer minor units with their currency. No floating point comes near an amount.
//!
//! IDR is collected in whole rupiah, so its minor unit is the rupiah itself (ISO 4217
//! exponent 0 in practice). Arithmetic is checked: an overflow is an error, never a wrap.

use serde::{Deserialize, Serialize};

/// A currency the platform collects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Currency {
    /// Indonesian rupiah, in whole rupiah.
    #[default]
    #[serde(rename = "IDR")]
    Idr,
}

impl Currency {
    /// ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Idr => "IDR",
        }
    }

    /// Parses an ISO 4217 code the platform supports.
    pub fn parse(code: &str) -> Option<Currency> {
        match code {
            "IDR" => Some(Currency::Idr),
            _ => None,
        }
    }
}

/// A non-negative amount in a currency's minor units.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct Amount(i64);

/// Why an amount could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("amounts cannot be negative")]
    Negative,
    #[error("the amount is too large")]
    Overflow,
}

impl Amount {
    pub const ZERO: Amount = Amount(0);

    /// An amount of `minor` units; refuses negatives.
    pub fn new(minor: i64) -> Result<Amount, MoneyError> {
        if minor < 0 {
            Err(MoneyError::Negative)
        } else {
            Ok(Amount(minor))
        }
    }

    /// The amount in minor units.
    pub fn minor(self) -> i64 {
        self.0
    }

    /// `self + other`, or `Overflow`.
    pub fn checked_add(self, other: Amount) -> Result<Amount, MoneyError> {
        self.0
            .checked_add(other.0)
            .map(Amount)
            .ok_or(MoneyError::Overflow)
    }

    /// `self - other`, or `Negative` when other is larger.
    pub fn checked_sub(self, other: Amount) -> Result<Amount, MoneyError> {
        Amount::new(self.0 - other.0)
    }

    /// `self × n`, or `Overflow`.
    pub fn checked_mul(self, n: u64) -> Result<Amount, MoneyError> {
        let n = i64::try_from(n).map_err(|_| MoneyError::Overflow)?;
        self.0
            .checked_mul(n)
            .map(Amount)
            .ok_or(MoneyError::Overflow)
    }

    /// The sum of `amounts`, or `Overflow`.
    pub fn sum(amounts: impl IntoIterator<Item = Amount>) -> Result<Amount, MoneyError> {
        amounts
            .into_iter()
            .try_fold(Amount::ZERO, |acc, a| acc.checked_add(a))
    }
}

impl TryFrom<i64> for Amount {
    type Error = MoneyError;

    fn try_from(v: i64) -> Result<Amount, MoneyError> {
        Amount::new(v)
    }
}

impl From<Amount> for i64 {
    fn from(a: Amount) -> i64 {
        a.0
    }
}

/// An amount with its currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub currency: Currency,
    pub amount: Amount,
}

impl Money {
    /// Whole rupiah.
    pub fn idr(rupiah: i64) -> Result<Money, MoneyError> {
        Ok(Money {
            currency: Currency::Idr,
            amount: Amount::new(rupiah)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn refuses_negatives_and_overflow() {
        assert_eq!(Amount::new(-1), Err(MoneyError::Negative));
        let big = Amount::new(i64::MAX).expect("ok");
        assert_eq!(
            big.checked_add(Amount::new(1).expect("ok")),
            Err(MoneyError::Overflow)
        );
        assert_eq!(big.checked_mul(2), Err(MoneyError::Overflow));
        assert_eq!(
            Amount::new(5)
                .expect("ok")
                .checked_sub(Amount::new(6).expect("ok")),
            Err(MoneyError::Negative)
        );
        assert_eq!(Money::idr(150_000).expect("ok").amount.minor(), 150_000);
        assert_eq!(Currency::parse("IDR"), Some(Currency::Idr));
        assert_eq!(Currency::parse("USD"), None);
    }

    #[test]
    fn serialises_as_a_plain_integer_and_refuses_negative_json() {
        assert_eq!(
            serde_json::to_string(&Amount::new(42).expect("ok")).expect("ok"),
            "42"
        );
        assert!(serde_json::from_str::<Amount>("-3").is_err());
        assert!(serde_json::from_str::<Amount>("1.5").is_err());
        let m = Money::idr(10).expect("ok");
        assert_eq!(
            serde_json::to_value(m).expect("ok"),
            serde_json::json!({"currency": "IDR", "amount": 10})
        );
    }

    proptest! {
        #[test]
        fn checked_arithmetic_matches_wide_arithmetic(a in 0i64.., b in 0i64.., n in any::<u64>()) {
            let (x, y) = (Amount::new(a).expect("ok"), Amount::new(b).expect("ok"));
            match x.checked_add(y) {
                Ok(s) => prop_assert_eq!(i128::from(s.minor()), i128::from(a) + i128::from(b)),
                Err(_) => prop_assert!(i128::from(a) + i128::from(b) > i128::from(i64::MAX)),
            }
            match x.checked_mul(n) {
                Ok(p) => prop_assert_eq!(i128::from(p.minor()), i128::from(a) * i128::from(n)),
                Err(_) => prop_assert!(i128::from(a) * i128::from(n) > i128::from(i64::MAX)),
            }
        }
    }
}
