//! The Indonesian national identity number (Nomor Induk Kependudukan, NIK).
//!
//! A NIK has 16 digits: `PP KK CC DDMMYY SSSS`
//! - `PP` province code (Kemendagri, as used by Dukcapil; see [`PROVINCES`]),
//! - `KK` regency or city code and `CC` district code, neither `00`,
//! - `DDMMYY` date of birth, with 40 added to the day for women,
//! - `SSSS` serial number, from `0001`.
//!
//! The century is not written down. [`Nik::parse`] takes the latest of 20YY and 19YY that
//! exists and is not after `today`: a NIK born "24" read in 2025 is a baby, not a centenarian.
//!
//! A NIK is personal data: its `Debug` output is masked so it cannot leak into logs, and it
//! has no `Display`; use [`Nik::as_str`] where the full number is really needed.

use std::fmt;

use serde::{Serialize, Serializer};
use time::{Date, Month};

/// Province codes (Kemendagri numbering, which NIKs use) and names: 38 provinces.
///
/// The Kemendagri codes differ from the BPS statistical codes in Papua (BPS has 91 for
/// Papua Barat and 94 for Papua). The four provinces created in 2022 have 93–96; there is
/// no province 97.
pub const PROVINCES: [(u8, &str); 38] = [
    (11, "Aceh"),
    (12, "Sumatera Utara"),
    (13, "Sumatera Barat"),
    (14, "Riau"),
    (15, "Jambi"),
    (16, "Sumatera Selatan"),
    (17, "Bengkulu"),
    (18, "Lampung"),
    (19, "Kepulauan Bangka Belitung"),
    (21, "Kepulauan Riau"),
    (31, "DKI Jakarta"),
    (32, "Jawa Barat"),
    (33, "Jawa Tengah"),
    (34, "DI Yogyakarta"),
    (35, "Jawa Timur"),
    (36, "Banten"),
    (51, "Bali"),
    (52, "Nusa Tenggara Barat"),
    (53, "Nusa Tenggara Timur"),
    (61, "Kalimantan Barat"),
    (62, "Kalimantan Tengah"),
    (63, "Kalimantan Selatan"),
    (64, "Kalimantan Timur"),
    (65, "Kalimantan Utara"),
    (71, "Sulawesi Utara"),
    (72, "Sulawesi Tengah"),
    (73, "Sulawesi Selatan"),
    (74, "Sulawesi Tenggara"),
    (75, "Gorontalo"),
    (76, "Sulawesi Barat"),
    (81, "Maluku"),
    (82, "Maluku Utara"),
    (91, "Papua"),
    (92, "Papua Barat"),
    (93, "Papua Selatan"),
    (94, "Papua Tengah"),
    (95, "Papua Pegunungan"),
    (96, "Papua Barat Daya"),
];

/// True when `code` is a province in [`PROVINCES`].
pub fn is_province_code(code: u8) -> bool {
    PROVINCES.iter().any(|(c, _)| *c == code)
}

/// A structurally valid NIK, with its date of birth resolved.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Nik {
    digits: String,
    birth_date: Date,
}

/// Why a NIK was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum NikError {
    /// Not 16 digits long.
    #[error("a NIK has 16 digits")]
    WrongLength,
    /// Contains something other than digits and spaces.
    #[error("a NIK has only digits")]
    NotDigits,
    /// The first two digits are not a province.
    #[error("the first two digits are not a province code")]
    UnknownProvince,
    /// The regency/city or district code is `00`.
    #[error("the regency or district code is 00")]
    BadRegion,
    /// Digits 7–12 are not a date that exists.
    #[error("digits 7 to 12 are not a date of birth")]
    ImpossibleBirthDate,
    /// Digits 7–12 are a date after today.
    #[error("the date of birth is in the future")]
    BirthDateInFuture,
    /// The last four digits are `0000`.
    #[error("the serial number is 0000")]
    ZeroSerial,
}

impl NikError {
    /// Stable kebab-case id, used as a translation message id suffix.
    pub fn code(self) -> &'static str {
        match self {
            NikError::WrongLength => "nik-wrong-length",
            NikError::NotDigits => "nik-not-digits",
            NikError::UnknownProvince => "nik-unknown-province",
            NikError::BadRegion => "nik-bad-region",
            NikError::ImpossibleBirthDate => "nik-impossible-birth-date",
            NikError::BirthDateInFuture => "nik-birth-date-in-future",
            NikError::ZeroSerial => "nik-zero-serial",
        }
    }
}

/// Value of two ASCII digits.
fn two_digits(pair: &[u8]) -> u8 {
    pair.iter().fold(0u8, |acc, b| {
        acc.wrapping_mul(10).wrapping_add(b.wrapping_sub(b'0'))
    })
}

impl Nik {
    /// Parses a NIK; spaces are ignored, and `today` bounds the date of birth.
    pub fn parse(raw: &str, today: Date) -> Result<Nik, NikError> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(NikError::NotDigits);
        }
        let b = digits.as_bytes();
        if b.len() != 16 {
            return Err(NikError::WrongLength);
        }
        if !is_province_code(two_digits(&b[0..2])) {
            return Err(NikError::UnknownProvince);
        }
        if &b[2..4] == b"00" || &b[4..6] == b"00" {
            return Err(NikError::BadRegion);
        }
        let birth_date = birth_date(&b[6..12], today)?;
        if &b[12..16] == b"0000" {
            return Err(NikError::ZeroSerial);
        }
        Ok(Nik { digits, birth_date })
    }

    /// The 16 digits.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// The date of birth written in the NIK.
    pub fn birth_date(&self) -> Date {
        self.birth_date
    }

    /// True when the NIK is a woman's (40 added to the day of birth).
    pub fn is_female(&self) -> bool {
        two_digits(&self.digits.as_bytes()[6..8]) > 40
    }

    /// The NIK with all but its first 4 and last 2 digits hidden, for staff lists.
    pub fn masked(&self) -> String {
        let d = &self.digits;
        format!("{}{}{}", &d[..4], "*".repeat(10), &d[14..])
    }
}

/// Resolves `DDMMYY` (day + 40 for women) to the latest existing date not after `today`.
fn birth_date(ddmmyy: &[u8], today: Date) -> Result<Date, NikError> {
    let day = match two_digits(&ddmmyy[0..2]) {
        d @ 1..=31 => d,
        d @ 41..=71 => d - 40,
        _ => return Err(NikError::ImpossibleBirthDate),
    };
    let month =
        Month::try_from(two_digits(&ddmmyy[2..4])).map_err(|_| NikError::ImpossibleBirthDate)?;
    let yy = i32::from(two_digits(&ddmmyy[4..6]));
    let candidates: Vec<Date> = [2000 + yy, 1900 + yy]
        .into_iter()
        .filter_map(|year| Date::from_calendar_date(year, month, day).ok())
        .collect();
    if candidates.is_empty() {
        return Err(NikError::ImpossibleBirthDate);
    }
    candidates
        .into_iter()
        .find(|d| *d <= today)
        .ok_or(NikError::BirthDateInFuture)
}

impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Nik").field(&self.masked()).finish()
    }
}

/// Serialises as the 16 digits. There is deliberately no `Deserialize`: checking a NIK
/// needs today's date, so read one with [`Nik::parse`].
impl Serialize for Nik {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.digits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2025 - 06 - 15);

    #[test]
    fn reads_a_man_and_a_woman() {
        let man = Nik::parse("3374011208900001", TODAY).expect("valid");
        assert_eq!(man.as_str(), "3374011208900001");
        assert_eq!(man.birth_date(), date!(1990 - 08 - 12));
        assert!(!man.is_female());
        assert_eq!(man.masked(), "3374**********01");
        assert_eq!(format!("{man:?}"), "Nik(\"3374**********01\")");

        let woman = Nik::parse(" 3374 0152 0805 0042 ", TODAY).expect("valid");
        assert_eq!(woman.as_str(), "3374015208050042");
        assert_eq!(woman.birth_date(), date!(2005 - 08 - 12));
        assert!(woman.is_female());
        assert_eq!(
            serde_json::to_string(&woman).expect("serialises"),
            "\"3374015208050042\""
        );
    }

    #[test]
    fn picks_the_century_that_is_not_in_the_future() {
        let nik = |ddmmyy: &str| Nik::parse(&format!("317101{ddmmyy}0001"), TODAY);
        assert_eq!(
            nik("150625").map(|n| n.birth_date()),
            Ok(date!(2025 - 06 - 15))
        );
        assert_eq!(
            nik("160625").map(|n| n.birth_date()),
            Ok(date!(1925 - 06 - 16))
        );
        // 29 February 2000 exists, 1900 does not.
        assert_eq!(
            nik("290200").map(|n| n.birth_date()),
            Ok(date!(2000 - 02 - 29))
        );
        assert_eq!(
            Nik::parse("3171012902000001", date!(2000 - 01 - 01)),
            Err(NikError::BirthDateInFuture)
        );
        assert_eq!(nik("290201"), Err(NikError::ImpossibleBirthDate));
    }

    #[test]
    fn each_problem_has_its_own_error() {
        let cases = [
            ("", NikError::WrongLength),
            ("337401120890000", NikError::WrongLength),
            ("33740112089000011", NikError::WrongLength),
            ("3374O11208900001", NikError::NotDigits),
            ("3374-0112-0890-0001", NikError::NotDigits),
            ("３３７４０１１２０８９０００１", NikError::NotDigits),
            ("9774011208900001", NikError::UnknownProvince),
            ("2074011208900001", NikError::UnknownProvince),
            ("3300011208900001", NikError::BadRegion),
            ("3374001208900001", NikError::BadRegion),
            ("3374010008900001", NikError::ImpossibleBirthDate),
            ("3374013208900001", NikError::ImpossibleBirthDate),
            ("3374014008900001", NikError::ImpossibleBirthDate),
            ("3374017208900001", NikError::ImpossibleBirthDate),
            ("3374011213900001", NikError::ImpossibleBirthDate),
            ("3374013104900001", NikError::ImpossibleBirthDate),
            ("3374011208900000", NikError::ZeroSerial),
        ];
        for (raw, want) in cases {
            assert_eq!(Nik::parse(raw, TODAY), Err(want), "{raw:?}");
        }
        assert_eq!(
            Nik::parse("3374011208900001", date!(1989 - 01 - 01)),
            Err(NikError::BirthDateInFuture)
        );
    }

    #[test]
    fn the_new_papua_provinces_are_known() {
        for code in 91..=96 {
            assert!(is_province_code(code), "{code}");
        }
        assert!(!is_province_code(97));
        let mut codes: Vec<u8> = PROVINCES.iter().map(|(c, _)| *c).collect();
        codes.dedup();
        assert_eq!(codes.len(), 38);
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn error_codes_are_distinct() {
        let all = [
            NikError::WrongLength,
            NikError::NotDigits,
            NikError::UnknownProvince,
            NikError::BadRegion,
            NikError::ImpossibleBirthDate,
            NikError::BirthDateInFuture,
            NikError::ZeroSerial,
        ];
        let codes: std::collections::HashSet<_> = all.iter().map(|e| e.code()).collect();
        assert_eq!(codes.len(), all.len());
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (Date::MIN.to_julian_day()..=Date::MAX.to_julian_day())
            .prop_map(|j| Date::from_julian_day(j).expect("in range"))
    }

    prop_compose! {
        /// A valid NIK (with spaces sprinkled in), the date it is checked on, and what it encodes.
        fn valid_nik()(
            province in proptest::sample::select(PROVINCES.map(|(c, _)| c).to_vec()),
            regency in 1u8..=99,
            district in 1u8..=99,
            // Between 2000 and 2099, so that "within 100 years" stays inside 1900–2099.
            today_jd in date!(2000 - 01 - 01).to_julian_day()..=date!(2099 - 12 - 31).to_julian_day(),
            age_days in 0i32..36_500,
            female in any::<bool>(),
            serial in 1u16..=9999,
            spaced in any::<bool>(),
        ) -> (String, Date, Date, bool) {
            let today = Date::from_julian_day(today_jd).expect("in range");
            let birth = Date::from_julian_day(today_jd - age_days).expect("in range");
            let day = birth.day() + if female { 40 } else { 0 };
            let digits = format!(
                "{province:02}{regency:02}{district:02}{day:02}{:02}{:02}{serial:04}",
                u8::from(birth.month()),
                birth.year() % 100,
            );
            let raw = if spaced {
                format!(" {} {} {} {} ", &digits[..4], &digits[4..8], &digits[8..12], &digits[12..])
            } else {
                digits
            };
            (raw, today, birth, female)
        }
    }

    proptest! {
        #[test]
        fn parse_never_panics(raw in any::<String>(), today in any_date()) {
            let _ = Nik::parse(&raw, today);
        }

        #[test]
        fn parse_never_panics_on_digit_strings(raw in "[0-9 ]{0,20}", today in any_date()) {
            if let Ok(nik) = Nik::parse(&raw, today) {
                prop_assert!(nik.birth_date() <= today);
                prop_assert_eq!(nik.as_str().len(), 16);
                prop_assert_eq!(nik.masked().len(), 16);
            }
        }

        #[test]
        fn constructed_valid_niks_parse((raw, today, birth, female) in valid_nik()) {
            let nik = Nik::parse(&raw, today);
            prop_assert!(nik.is_ok(), "{:?} refused: {:?}", raw, nik);
            let nik = nik.expect("checked above");
            let compact: String = raw.chars().filter(|c| *c != ' ').collect();
            prop_assert_eq!(nik.as_str(), compact.as_str());
            prop_assert_eq!(nik.birth_date(), birth);
            prop_assert_eq!(nik.is_female(), female);
        }

        #[test]
        fn unknown_provinces_are_refused(
            province in (0u8..100).prop_filter("unknown", |p| !is_province_code(*p)),
            rest in "[0-9]{14}",
            today in any_date(),
        ) {
            let raw = format!("{province:02}{rest}");
            prop_assert_eq!(Nik::parse(&raw, today), Err(NikError::UnknownProvince));
        }
    }
}
