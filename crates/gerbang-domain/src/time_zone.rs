//! Indonesia's three time zones. An agency works in one of them: its "today", the due dates
//! of its cases and the dates on its documents are in its zone. None of the three observes
//! daylight saving, so each is a fixed offset from UTC and needs no time-zone database.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime, UtcOffset};

/// One of Indonesia's time zones, named by its IANA identifier in catalogues and settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum TimeZone {
    /// Western Indonesia Time, UTC+7 (Sumatra, Java, West and Central Kalimantan).
    #[default]
    Wib,
    /// Central Indonesia Time, UTC+8 (Bali, Nusa Tenggara, Sulawesi, East Kalimantan).
    Wita,
    /// Eastern Indonesia Time, UTC+9 (Maluku, Papua).
    Wit,
}

impl TimeZone {
    pub const ALL: [TimeZone; 3] = [TimeZone::Wib, TimeZone::Wita, TimeZone::Wit];

    /// The IANA identifier of the zone's reference city.
    pub fn iana(self) -> &'static str {
        match self {
            TimeZone::Wib => "Asia/Jakarta",
            TimeZone::Wita => "Asia/Makassar",
            TimeZone::Wit => "Asia/Jayapura",
        }
    }

    /// Reads an IANA identifier of an Indonesian zone (every city identifier the IANA
    /// database has for Indonesia), or the zone's abbreviation.
    pub fn parse(s: &str) -> Option<TimeZone> {
        match s.trim() {
            "Asia/Jakarta" | "Asia/Pontianak" | "WIB" => Some(TimeZone::Wib),
            "Asia/Makassar" | "WITA" => Some(TimeZone::Wita),
            "Asia/Jayapura" | "WIT" => Some(TimeZone::Wit),
            _ => None,
        }
    }

    /// The abbreviation printed after times: WIB, WITA or WIT.
    pub fn abbreviation(self) -> &'static str {
        match self {
            TimeZone::Wib => "WIB",
            TimeZone::Wita => "WITA",
            TimeZone::Wit => "WIT",
        }
    }

    /// Hours ahead of UTC.
    pub fn hours(self) -> i8 {
        match self {
            TimeZone::Wib => 7,
            TimeZone::Wita => 8,
            TimeZone::Wit => 9,
        }
    }

    /// The offset from UTC.
    pub fn offset(self) -> UtcOffset {
        UtcOffset::from_hms(self.hours(), 0, 0).unwrap_or(UtcOffset::UTC)
    }

    /// The instant as seen on a clock in this zone.
    pub fn local(self, t: OffsetDateTime) -> OffsetDateTime {
        t.to_offset(self.offset())
    }

    /// The calendar date in this zone at instant `t`.
    pub fn date(self, t: OffsetDateTime) -> Date {
        self.local(t).date()
    }
}

impl TryFrom<String> for TimeZone {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        TimeZone::parse(&s).ok_or_else(|| {
            format!("time zone `{s}` is not one of Indonesia's: use Asia/Jakarta, Asia/Makassar or Asia/Jayapura")
        })
    }
}

impl From<TimeZone> for String {
    fn from(z: TimeZone) -> String {
        z.iana().to_owned()
    }
}

impl std::fmt::Display for TimeZone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.iana())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    #[test]
    fn the_same_instant_is_a_different_day_in_jayapura() {
        let t = datetime!(2026-12-07 15:30 UTC);
        assert_eq!(TimeZone::Wib.date(t).to_string(), "2026-12-07");
        assert_eq!(TimeZone::Wita.date(t).to_string(), "2026-12-07");
        assert_eq!(TimeZone::Wit.date(t).to_string(), "2026-12-08");
    }

    #[test]
    fn names_round_trip_and_strangers_are_refused() {
        for z in TimeZone::ALL {
            assert_eq!(TimeZone::parse(z.iana()), Some(z));
            assert_eq!(TimeZone::parse(z.abbreviation()), Some(z));
        }
        assert_eq!(TimeZone::parse("Asia/Pontianak"), Some(TimeZone::Wib));
        assert_eq!(TimeZone::parse("Europe/Amsterdam"), None);
        assert_eq!(TimeZone::default(), TimeZone::Wib);
    }

    proptest! {
        /// A zone's date is never behind a zone to its west, and never more than a day ahead.
        #[test]
        fn east_is_never_behind_west(secs in 0i64..4_000_000_000) {
            let t = OffsetDateTime::from_unix_timestamp(secs).expect("instant");
            let (w, c, e) = (TimeZone::Wib.date(t), TimeZone::Wita.date(t), TimeZone::Wit.date(t));
            prop_assert!(w <= c && c <= e);
            prop_assert!((e - w).whole_days() <= 1);
        }
    }
}
