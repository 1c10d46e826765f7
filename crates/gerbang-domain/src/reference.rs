//! Case reference numbers such as `GRB-7K3F-9QXM-B`, made to be read over the phone.
//!
//! A reference carries a number below 2^40 as 8 Crockford base32 symbols (alphabet
//! `0123456789ABCDEFGHJKMNPQRSTVWXYZ`: no `I`, `L`, `O` or `U`), most significant first,
//! followed by one check symbol from the same 32 symbols.
//!
//! # Check symbol
//!
//! Each symbol is read as an element of the finite field GF(32) (5 bits, polynomial
//! x⁵ + x² + 1, which is primitive, so α = x has order 31). Position k of the nine symbols
//! (k = 0 for the first data symbol, k = 8 for the check symbol) has weight α^(8−k), and the
//! check symbol is chosen so that the weighted sum of all nine is zero:
//! `check = Σ_{k<8} α^(8−k) · d_k` (addition is XOR).
//!
//! Why this and not a sum modulo 31 or Luhn mod N:
//! - a substitution at position k changes the sum by `α^(8−k) · (a ⊕ b)`, which is never zero
//!   in a field, so **every single-symbol substitution is detected**;
//! - swapping different symbols a, b at positions i and j changes it by
//!   `(α^(8−i) ⊕ α^(8−j)) · (a ⊕ b)`, non-zero because the nine weights are distinct powers
//!   of α: **every transposition is detected, adjacent or not**, and so is every twin error
//!   (`aa` → `bb`), which in characteristic 2 is the same error pattern;
//! - the check value ranges over all 32 symbols, so no extra symbols are needed. A sum
//!   modulo 31 cannot work with a 32-symbol alphabet: `0` and `Z` (values 0 and 31) are
//!   congruent modulo 31, so swapping one for the other would go unseen.
//!
//! One check symbol cannot detect every double error; nothing of that size can.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The symbols, by value.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Number of data symbols.
const DATA_SYMBOLS: usize = 8;

/// Number of bits carried by the data symbols.
const BITS: u32 = 5 * DATA_SYMBOLS as u32;

/// A valid reference to show people as an example (its check symbol is right, so that
/// anyone who tries it sees "not found", not "mistyped").
pub const EXAMPLE: &str = "GRB-7K3F-9QXM-B";

/// The largest number a reference can carry (2^40 − 1).
pub const MAX_NUMBER: u64 = (1 << BITS) - 1;

/// Longer input is refused before looking at it, so parsing stays cheap.
const MAX_INPUT_BYTES: usize = 64;

/// A case reference number, printed like `GRB-7K3F-9QXM-B`: eight symbols and a check symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reference(u64);

/// Why a reference was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    /// Not 8 symbols plus a check symbol (after removing the prefix, spaces and hyphens).
    #[error("a reference has 9 symbols, such as GRB-7K3F-9QXM-B")]
    WrongLength,
    /// A character that is not one of the reference symbols.
    #[error("`{0}` is not used in references")]
    BadCharacter(char),
    /// The check symbol does not match: a symbol was mistyped or two were swapped.
    #[error("the reference has a typing mistake (its check symbol does not match)")]
    CheckMismatch,
}

impl Reference {
    /// The reference carrying `number`; `None` when `number` exceeds [`MAX_NUMBER`].
    pub fn from_number(number: u64) -> Option<Reference> {
        (number <= MAX_NUMBER).then_some(Reference(number))
    }

    /// The number this reference carries.
    pub fn number(self) -> u64 {
        self.0
    }

    /// Parses a reference as people type it: any case, `GRB` prefix, hyphens and spaces
    /// optional, `I`/`L` read as `1` and `O` as `0`.
    pub fn parse(raw: &str) -> Result<Reference, ReferenceError> {
        if raw.len() > MAX_INPUT_BYTES {
            return Err(ReferenceError::WrongLength);
        }
        let cleaned: Vec<char> = raw
            .chars()
            .filter(|c| !c.is_whitespace() && !is_dash(*c))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        // The prefix is made of valid symbols, so only strip it when what remains could
        // still be a reference, never from a bare 9-symbol body that happens to start so.
        let body = match cleaned.as_slice() {
            ['G', 'R', 'B', rest @ ..] if cleaned.len() != DATA_SYMBOLS + 1 => rest,
            all => all,
        };
        let mut values = Vec::with_capacity(body.len());
        for &c in body {
            values.push(symbol_value(c).ok_or(ReferenceError::BadCharacter(c))?);
        }
        let [data @ .., check] = values.as_slice() else {
            return Err(ReferenceError::WrongLength);
        };
        if data.len() != DATA_SYMBOLS {
            return Err(ReferenceError::WrongLength);
        }
        if check_value(data) != *check {
            return Err(ReferenceError::CheckMismatch);
        }
        let number = data.iter().fold(0u64, |acc, &v| (acc << 5) | u64::from(v));
        Ok(Reference(number))
    }

    /// The 8 data symbols' values, most significant first.
    fn data_values(self) -> [u8; DATA_SYMBOLS] {
        let mut out = [0u8; DATA_SYMBOLS];
        for (i, slot) in out.iter_mut().enumerate() {
            let shift = 5 * (DATA_SYMBOLS - 1 - i);
            // Masked to 5 bits, so the cast cannot truncate anything that matters.
            *slot = ((self.0 >> shift) & 0x1f) as u8;
        }
        out
    }
}

/// True for the hyphen and the dashes phones and word processors substitute for it.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}'
    )
}

/// The value of an (upper-case) symbol, reading look-alikes as the digits they resemble.
fn symbol_value(c: char) -> Option<u8> {
    let c = match c {
        'I' | 'L' => '1',
        'O' => '0',
        other => other,
    };
    let byte = u8::try_from(c).ok()?;
    ALPHABET
        .iter()
        .position(|&s| s == byte)
        .and_then(|i| u8::try_from(i).ok())
}

/// The symbol for a value below 32.
fn symbol(value: u8) -> char {
    char::from(ALPHABET[usize::from(value & 0x1f)])
}

/// Multiplies two elements of GF(32) (polynomial x⁵ + x² + 1).
fn gf32_mul(mut a: u8, mut b: u8) -> u8 {
    let mut product = 0u8;
    while b != 0 {
        if b & 1 != 0 {
            product ^= a;
        }
        b >>= 1;
        a <<= 1;
        if a & 0x20 != 0 {
            a ^= 0b10_0101;
        }
    }
    product & 0x1f
}

/// α, the generator of GF(32)'s multiplicative group.
const ALPHA: u8 = 2;

/// The check value of the data symbols: Σ α^(n−k) · d_k, evaluated by Horner's rule.
fn check_value(data: &[u8]) -> u8 {
    data.iter()
        .fold(0u8, |acc, &d| gf32_mul(acc ^ (d & 0x1f), ALPHA))
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = self.data_values();
        let mut s = String::with_capacity(15);
        s.push_str("GRB-");
        for (i, &v) in data.iter().enumerate() {
            if i == 4 {
                s.push('-');
            }
            s.push(symbol(v));
        }
        s.push('-');
        s.push(symbol(check_value(&data)));
        f.write_str(&s)
    }
}

impl FromStr for Reference {
    type Err = ReferenceError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Reference::parse(s)
    }
}

impl TryFrom<String> for Reference {
    type Error = ReferenceError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Reference::parse(&s)
    }
}

impl From<Reference> for String {
    fn from(r: Reference) -> String {
        r.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The 9 symbols of a reference without prefix or hyphens.
    fn compact(r: Reference) -> Vec<u8> {
        r.to_string()
            .bytes()
            .filter(|b| *b != b'-')
            .skip(3)
            .collect()
    }

    fn parse_bytes(symbols: &[u8]) -> Result<Reference, ReferenceError> {
        Reference::parse(&String::from_utf8_lossy(symbols))
    }

    #[test]
    fn the_example_people_are_shown_is_a_valid_reference() {
        let r = Reference::parse(EXAMPLE).expect("the example parses");
        assert_eq!(r.to_string(), EXAMPLE);
        // The tests' "unknown reference" numbers are well formed too.
        for s in ["GRB-0000-0001-2", "GRB-0000-0000-0"] {
            assert!(Reference::parse(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn alpha_generates_all_31_non_zero_elements() {
        let mut seen = std::collections::HashSet::new();
        let mut x = 1u8;
        for _ in 0..31 {
            assert!(seen.insert(x), "α has order below 31");
            x = gf32_mul(x, ALPHA);
        }
        assert_eq!(x, 1);
        assert_eq!(seen.len(), 31);
    }

    #[test]
    fn prints_in_the_documented_shape() {
        let zero = Reference::from_number(0).expect("in range");
        assert_eq!(zero.to_string(), "GRB-0000-0000-0");
        let max = Reference::from_number(MAX_NUMBER).expect("in range");
        let text = max.to_string();
        assert!(text.starts_with("GRB-ZZZZ-ZZZZ-"), "{text}");
        assert_eq!(text.len(), 15);
        assert_eq!(Reference::from_number(MAX_NUMBER + 1), None);
        assert_eq!(Reference::from_number(u64::MAX), None);
    }

    #[test]
    fn forgives_how_people_type() {
        let r = Reference::from_number(0x12_3456_789a).expect("in range");
        let canonical = r.to_string();
        let body: String = canonical.chars().skip(4).filter(|c| *c != '-').collect();
        for typed in [
            canonical.clone(),
            canonical.to_lowercase(),
            body.clone(),
            body.to_lowercase(),
            format!("  grb {} {} {} ", &body[..4], &body[4..8], &body[8..]),
            format!("GRB–{}–{}–{}", &body[..4], &body[4..8], &body[8..]),
        ] {
            assert_eq!(Reference::parse(&typed), Ok(r), "{typed:?}");
        }
        // Look-alike letters are read as digits.
        let one = Reference::from_number(0b00001_00000).expect("in range");
        let text = one.to_string();
        assert!(text.contains("0010"), "{text}");
        let typed = text.replace("0010", "OOLO");
        assert_eq!(Reference::parse(&typed), Ok(one));
        assert_eq!(Reference::parse(&text.replace("0010", "ooio")), Ok(one));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert_eq!(Reference::parse(""), Err(ReferenceError::WrongLength));
        assert_eq!(Reference::parse("GRB-"), Err(ReferenceError::WrongLength));
        assert_eq!(
            Reference::parse("GRB-7K3F-9QXM"),
            Err(ReferenceError::WrongLength)
        );
        assert_eq!(
            Reference::parse("GRB-7K3F-9QXM-B4"),
            Err(ReferenceError::WrongLength)
        );
        assert_eq!(
            Reference::parse("GRB-7K3F-9QXU-4"),
            Err(ReferenceError::BadCharacter('U'))
        );
        assert_eq!(
            Reference::parse("GRB/7K3F/9QXM/4"),
            Err(ReferenceError::BadCharacter('/'))
        );
        assert_eq!(
            Reference::parse(&"0".repeat(1000)),
            Err(ReferenceError::WrongLength)
        );
        let good = Reference::from_number(42).expect("in range").to_string();
        let last = good.chars().last().expect("not empty");
        let wrong = if last == '0' { '1' } else { '0' };
        let bad = format!("{}{wrong}", &good[..good.len() - 1]);
        assert_eq!(Reference::parse(&bad), Err(ReferenceError::CheckMismatch));
    }

    #[test]
    fn a_body_starting_with_grb_is_not_mistaken_for_the_prefix() {
        // Find a number whose symbols start with G, R, B.
        let number = (16u64 << 35) | (24 << 30) | (11 << 25) | 7;
        let r = Reference::from_number(number).expect("in range");
        let text = r.to_string();
        assert!(text.starts_with("GRB-GRB"), "{text}");
        let body: String = text.chars().skip(4).filter(|c| *c != '-').collect();
        assert_eq!(Reference::parse(&body), Ok(r));
        assert_eq!(Reference::parse(&text), Ok(r));
    }

    #[test]
    fn every_error_of_a_few_references_is_caught_exhaustively() {
        for number in [0, 1, 31, 32, 0xdead_beef, MAX_NUMBER] {
            let r = Reference::from_number(number).expect("in range");
            let good = compact(r);
            for pos in 0..good.len() {
                for &s in ALPHABET {
                    if s == good[pos] {
                        continue;
                    }
                    let mut bad = good.clone();
                    bad[pos] = s;
                    assert!(parse_bytes(&bad).is_err(), "{bad:?}");
                }
                // Every transposition, not only adjacent ones.
                for other in pos + 1..good.len() {
                    if good[pos] != good[other] {
                        let mut bad = good.clone();
                        bad.swap(pos, other);
                        assert!(parse_bytes(&bad).is_err(), "{bad:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn serde_uses_the_printed_form() {
        let r = Reference::from_number(123_456_789).expect("in range");
        let json = serde_json::to_string(&r).expect("serialises");
        assert_eq!(json, format!("\"{r}\""));
        let back: Reference = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, r);
        assert!(serde_json::from_str::<Reference>("\"GRB-0000\"").is_err());
    }

    proptest! {
        #[test]
        fn round_trips_every_number(number in 0..=MAX_NUMBER) {
            let r = Reference::from_number(number).expect("in range");
            prop_assert_eq!(r.number(), number);
            let text = r.to_string();
            prop_assert_eq!(Reference::parse(&text), Ok(r));
            prop_assert_eq!(Reference::parse(&text.to_lowercase()), Ok(r));
            prop_assert_eq!(text.parse::<Reference>(), Ok(r));
        }

        #[test]
        fn every_single_substitution_is_detected(
            number in 0..=MAX_NUMBER,
            pos in 0usize..9,
            replacement in 0u8..32,
        ) {
            let r = Reference::from_number(number).expect("in range");
            let mut symbols = compact(r);
            let new = ALPHABET[usize::from(replacement)];
            prop_assume!(symbols[pos] != new);
            symbols[pos] = new;
            prop_assert_eq!(parse_bytes(&symbols), Err(ReferenceError::CheckMismatch));
        }

        #[test]
        fn every_adjacent_transposition_is_detected(number in 0..=MAX_NUMBER, pos in 0usize..8) {
            let r = Reference::from_number(number).expect("in range");
            let mut symbols = compact(r);
            prop_assume!(symbols[pos] != symbols[pos + 1]);
            symbols.swap(pos, pos + 1);
            prop_assert_eq!(parse_bytes(&symbols), Err(ReferenceError::CheckMismatch));
        }

        #[test]
        fn parse_never_panics(s in any::<String>()) {
            let _ = Reference::parse(&s);
        }

        #[test]
        fn parse_never_panics_on_near_misses(s in "(?i)(grb)?[-0-9a-z ]{0,16}") {
            if let Ok(r) = Reference::parse(&s) {
                prop_assert!(r.number() <= MAX_NUMBER);
            }
        }
    }
}
