//! Languages the platform speaks and bilingual text.

use serde::{Deserialize, Serialize};

/// A language the platform is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Bahasa Indonesia.
    Id,
}

impl Lang {
    /// Every supported language, in the order the language switch shows them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Id];

    /// BCP 47 tag, as used in `<html lang>` and `Content-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }

    /// The language's own name, for the language switch.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Id => "Bahasa Indonesia",
        }
    }

    /// Parses a tag such as `id`, `id-ID` or `en-GB`; unknown tags give `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "id" | "in" => Some(Lang::Id),
            _ => None,
        }
    }

    /// Picks the best supported language from an `Accept-Language` header value.
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for part in accept_language.split(',') {
            let mut pieces = part.split(';');
            let Some(tag) = pieces.next() else { continue };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(lang) = Lang::from_tag(tag)
                && q > 0.0
                && best.is_none_or(|(_, bq)| q > bq)
            {
                best = Some((lang, q));
            }
        }
        best.map(|(lang, _)| lang)
    }
}

impl Lang {
    /// A date the way people write it: "7 December 2026", "7 Desember 2026".
    pub fn long_date(self, d: time::Date) -> String {
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        const ID: [&str; 12] = [
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ];
        let names = match self {
            Lang::En => &EN,
            Lang::Id => &ID,
        };
        let month = names[usize::from(u8::from(d.month())) - 1];
        format!("{} {month} {}", d.day(), d.year())
    }

    /// A date and time of day: "7 December 2026, 14:05" / "7 Desember 2026, 14.05".
    pub fn long_date_time(self, t: time::PrimitiveDateTime) -> String {
        let sep = match self {
            Lang::En => ':',
            Lang::Id => '.',
        };
        format!(
            "{}, {:02}{sep}{:02}",
            self.long_date(t.date()),
            t.hour(),
            t.minute()
        )
    }
}

/// Text written in every supported language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    pub id: String,
}

impl Text {
    /// The text in `lang` (by value or reference, as templates pass it).
    pub fn get(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        match lang.borrow() {
            Lang::En => &self.en,
            Lang::Id => &self.id,
        }
    }

    /// True when a translation is missing.
    pub fn has_blank(&self) -> bool {
        self.en.trim().is_empty() || self.id.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_out_in_each_language() {
        let d = time::Date::from_calendar_date(2026, time::Month::December, 7).expect("date");
        assert_eq!(Lang::En.long_date(d), "7 December 2026");
        assert_eq!(Lang::Id.long_date(d), "7 Desember 2026");
        let t = d.with_hms(9, 5, 0).expect("time");
        assert_eq!(Lang::En.long_date_time(t), "7 December 2026, 09:05");
        assert_eq!(Lang::Id.long_date_time(t), "7 Desember 2026, 09.05");
        for m in 1..=12u8 {
            let d =
                time::Date::from_calendar_date(2026, time::Month::try_from(m).expect("month"), 1)
                    .expect("date");
            for lang in Lang::ALL {
                assert!(!lang.long_date(d).contains('-'));
            }
        }
    }

    #[test]
    fn negotiates_by_quality() {
        assert_eq!(Lang::negotiate("id-ID,id;q=0.9,en;q=0.8"), Some(Lang::Id));
        assert_eq!(Lang::negotiate("fr, en;q=0.5, id;q=0.7"), Some(Lang::Id));
        assert_eq!(Lang::negotiate("fr, de"), None);
        assert_eq!(Lang::negotiate(""), None);
        assert_eq!(Lang::negotiate("id;q=0"), None);
        assert_eq!(Lang::negotiate("en-GB;q=abc"), Some(Lang::En));
    }
}
