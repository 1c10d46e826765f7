//! Translations: Fluent files under `locales/{en,id}/`, embedded at build time.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use gerbang_domain::i18n::Lang;
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks around arguments would show up in HTML and tests.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static ID: LanguageIdentifier = langid!("id");

fn langid(lang: Lang) -> &'static LanguageIdentifier {
    match lang {
        Lang::En => &EN,
        Lang::Id => &ID,
    }
}

/// The message `id` in `lang`; a missing id shows itself so it is noticed, never panics.
pub fn t(lang: Lang, id: &str) -> String {
    LOCALES
        .try_lookup(langid(lang), id)
        .unwrap_or_else(|| id.to_owned())
}

/// The message `id` in `lang` with named arguments.
pub fn t_args(lang: Lang, id: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
        .collect();
    LOCALES
        .try_lookup_with_args(langid(lang), id, &args)
        .unwrap_or_else(|| id.to_owned())
}

/// True when `id` exists (for optional, data-driven message ids).
pub fn has(lang: Lang, id: &str) -> bool {
    LOCALES.try_lookup(langid(lang), id).is_some()
}

/// A whole number however templates hand it over (by value or behind references).
pub trait Count {
    fn count(&self) -> i64;
}

impl Count for i64 {
    fn count(&self) -> i64 {
        *self
    }
}

impl Count for i32 {
    fn count(&self) -> i64 {
        i64::from(*self)
    }
}

impl Count for u32 {
    fn count(&self) -> i64 {
        i64::from(*self)
    }
}

impl Count for u64 {
    fn count(&self) -> i64 {
        i64::try_from(*self).unwrap_or(i64::MAX)
    }
}

impl Count for usize {
    fn count(&self) -> i64 {
        i64::try_from(*self).unwrap_or(i64::MAX)
    }
}

impl<T: Count + ?Sized> Count for &T {
    fn count(&self) -> i64 {
        (**self).count()
    }
}

/// Formats whole rupiah the Indonesian way: `Rp 150.000`.
pub fn rupiah(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if amount < 0 {
        format!("-Rp {out}")
    } else {
        format!("Rp {out}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_rupiah() {
        assert_eq!(rupiah(0), "Rp 0");
        assert_eq!(rupiah(1500), "Rp 1.500");
        assert_eq!(rupiah(150000), "Rp 150.000");
        assert_eq!(rupiah(1234567), "Rp 1.234.567");
        assert_eq!(rupiah(-5000), "-Rp 5.000");
    }

    /// Every message id exists in every language, so no page half-switches language.
    #[test]
    fn both_languages_have_the_same_message_ids() {
        let ids = |lang: &str| -> std::collections::BTreeSet<String> {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(lang);
            let mut ids = std::collections::BTreeSet::new();
            for entry in std::fs::read_dir(&dir).expect("locale dir") {
                let text = std::fs::read_to_string(entry.expect("entry").path()).expect("ftl");
                for line in text.lines() {
                    let Some((id, _)) = line.split_once('=') else {
                        continue;
                    };
                    let id = id.trim();
                    if !line.starts_with([' ', '#', '.', '*', '[']) && !id.is_empty() {
                        ids.insert(id.to_owned());
                    }
                }
            }
            ids
        };
        let en = ids("en");
        let id = ids("id");
        let only_en: Vec<_> = en.difference(&id).collect();
        let only_id: Vec<_> = id.difference(&en).collect();
        assert!(
            only_en.is_empty() && only_id.is_empty(),
            "only in en: {only_en:?}\nonly in id: {only_id:?}"
        );
        assert!(en.len() > 50, "suspiciously few messages: {}", en.len());
    }
}
