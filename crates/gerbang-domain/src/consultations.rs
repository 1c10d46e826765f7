//! Public consultations: an agency publishes a draft (a regulation, a plan, a policy) in
//! numbered sections or as a PDF, people comment on the whole or on a section, in support
//! or against, comments are moderated before anyone else reads them, and after the close
//! the agency answers by theme in a response report.

use time::Date;

/// The longest comment kept, in characters.
pub const MAX_COMMENT: usize = 5000;
/// The shortest comment worth moderating.
pub const MIN_COMMENT: usize = 10;
/// The most sections a draft has.
pub const MAX_SECTIONS: usize = 200;
/// The line that separates two sections in the text an agency writes.
pub const SECTION_BREAK: &str = "---";

macro_rules! coded {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored code (and message ids).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

coded!(
    /// What is being consulted on.
    Kind {
        Regulation => "regulation",
        Plan => "plan",
        Policy => "policy",
    }
);

coded!(
    /// Where a comment stands on what it comments on.
    Position {
        Support => "support",
        Oppose => "oppose",
        Neutral => "neutral",
    }
);

coded!(
    /// A comment's moderation.
    CommentState {
        Pending => "pending",
        Published => "published",
        Refused => "refused",
    }
);

coded!(
    /// Why a comment is not published: the author is told.
    Refusal {
        OffTopic => "off-topic",
        Abusive => "abusive",
        PersonalData => "personal-data",
        Spam => "spam",
        Duplicate => "duplicate",
    }
);

/// Where a consultation is in its life, by the agency's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Published, not yet open for comments.
    Upcoming,
    /// Open for comments (both dates included).
    Open,
    /// Closed; the response report may follow.
    Closed,
}

impl Phase {
    pub fn of(opens: Date, closes: Date, today: Date) -> Phase {
        if today < opens {
            Phase::Upcoming
        } else if today <= closes {
            Phase::Open
        } else {
            Phase::Closed
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Upcoming => "upcoming",
            Phase::Open => "open",
            Phase::Closed => "closed",
        }
    }
}

/// One section of a draft: its heading and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub body: String,
}

/// Splits an agency's text into sections: blocks separated by a line of `---`, the first
/// line of each block its heading. Blank blocks are dropped; numbering is by position.
pub fn parse_sections(text: &str) -> Vec<Section> {
    let mut out = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    let mut flush = |block: &mut Vec<&str>| {
        let mut lines = block
            .iter()
            .map(|l| l.trim_end())
            .skip_while(|l| l.trim().is_empty());
        if let Some(heading) = lines.next() {
            let body = lines.collect::<Vec<_>>().join("\n").trim().to_owned();
            out.push(Section {
                heading: heading.trim().to_owned(),
                body,
            });
        }
        block.clear();
    };
    for line in text.lines() {
        if line.trim() == SECTION_BREAK {
            flush(&mut block);
        } else {
            block.push(line);
        }
    }
    flush(&mut block);
    out
}

/// Writes sections back as [`parse_sections`] reads them.
pub fn write_sections(sections: &[Section]) -> String {
    sections
        .iter()
        .map(|s| {
            if s.body.is_empty() {
                s.heading.clone()
            } else {
                format!("{}\n{}", s.heading, s.body)
            }
        })
        .collect::<Vec<_>>()
        .join(&format!("\n{SECTION_BREAK}\n"))
}

/// Counts of published comments for one section (or the whole draft): by position.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub support: i64,
    pub oppose: i64,
    pub neutral: i64,
}

impl Counts {
    pub fn add(&mut self, p: Position) {
        match p {
            Position::Support => self.support += 1,
            Position::Oppose => self.oppose += 1,
            Position::Neutral => self.neutral += 1,
        }
    }

    pub fn total(&self) -> i64 {
        self.support + self.oppose + self.neutral
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn sections_are_blocks_with_a_heading() {
        let s = parse_sections(
            "\nArticle 1 · Scope\nThis regulation applies to markets.\n\n---\n  \n---\nArticle 2 · Hours\nOpen 06:00-18:00.\nClosed on holidays.\n",
        );
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].heading, "Article 1 · Scope");
        assert_eq!(s[0].body, "This regulation applies to markets.");
        assert_eq!(s[1].body, "Open 06:00-18:00.\nClosed on holidays.");
        assert!(parse_sections("  \n---\n").is_empty());
    }

    #[test]
    fn both_dates_are_inside_the_consultation() {
        let (o, c) = (date!(2026 - 12 - 01), date!(2026 - 12 - 31));
        assert_eq!(Phase::of(o, c, date!(2026 - 11 - 30)), Phase::Upcoming);
        assert_eq!(Phase::of(o, c, o), Phase::Open);
        assert_eq!(Phase::of(o, c, c), Phase::Open);
        assert_eq!(Phase::of(o, c, date!(2027 - 01 - 01)), Phase::Closed);
    }

    #[test]
    fn codes_round_trip() {
        for r in Refusal::ALL {
            assert_eq!(Refusal::parse(r.as_str()), Some(*r));
        }
        for p in Position::ALL {
            assert_eq!(Position::parse(p.as_str()), Some(*p));
        }
        assert_eq!(Kind::parse("law"), None);
    }

    proptest! {
        /// Written-out sections read back the same (headings and bodies without the break).
        #[test]
        fn sections_round_trip(raw in proptest::collection::vec(("[A-Za-z][A-Za-z0-9 ]{0,20}", "[a-z .]{0,40}"), 0..8)) {
            let sections: Vec<Section> = raw
                .into_iter()
                .map(|(h, b)| Section { heading: h.trim().to_owned(), body: b.trim().to_owned() })
                .filter(|s| !s.heading.is_empty())
                .collect();
            prop_assert_eq!(parse_sections(&write_sections(&sections)), sections);
        }

        /// A consultation only moves forward: upcoming, then open, then closed.
        #[test]
        fn phases_only_move_forward(start in 0i64..400, len in 0i64..120, a in 0i64..600, b in 0i64..600) {
            let base = date!(2026 - 01 - 01);
            let opens = base + time::Duration::days(start);
            let closes = opens + time::Duration::days(len);
            let (d1, d2) = (base + time::Duration::days(a.min(b)), base + time::Duration::days(a.max(b)));
            prop_assert!(Phase::of(opens, closes, d1) <= Phase::of(opens, closes, d2));
        }
    }
}
