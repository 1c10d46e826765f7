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
    fn negotiates_by_quality() {
        assert_eq!(Lang::negotiate("id-ID,id;q=0.9,en;q=0.8"), Some(Lang::Id));
        assert_eq!(Lang::negotiate("fr, en;q=0.5, id;q=0.7"), Some(Lang::Id));
        assert_eq!(Lang::negotiate("fr, de"), None);
        assert_eq!(Lang::negotiate(""), None);
        assert_eq!(Lang::negotiate("id;q=0"), None);
        assert_eq!(Lang::negotiate("en-GB;q=abc"), Some(Lang::En));
    }
}
