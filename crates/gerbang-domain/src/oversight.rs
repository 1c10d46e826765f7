//! What stood behind a staff read of a person's record, as the agency's auditor sees it.
//!
//! Staff may open any case or complaint of their agency: a supervisor oversees, a colleague
//! covers for someone on leave. Refusing such reads would stop the work; recording them
//! lets the auditor find the few that had no reason. A read has a basis when the reader is
//! assigned the record, has worked it, or the record is still open work for the agency; a
//! read of a closed record that the reader never touched has none, and is flagged.

use serde::Serialize;

/// The basis of one staff read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadBasis {
    /// The record is assigned to the reader.
    Assigned,
    /// The reader has acted on it before (a step of its workflow, a payment, an answer).
    Worked,
    /// It is still open: work the agency has in hand, which any of its staff may pick up.
    OpenWork,
    /// None of these: the read is flagged to the agency's auditor.
    None,
}

impl ReadBasis {
    /// The stable name written in the audit entry.
    pub fn as_str(self) -> &'static str {
        match self {
            ReadBasis::Assigned => "assigned",
            ReadBasis::Worked => "worked",
            ReadBasis::OpenWork => "open_work",
            ReadBasis::None => "none",
        }
    }

    /// True when the auditor is shown this read first.
    pub fn flagged(self) -> bool {
        self == ReadBasis::None
    }
}

/// What the rule needs to know of the record and the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadFacts {
    pub reader: i64,
    /// Who the record is assigned to now.
    pub assignee: Option<i64>,
    /// The reader appears in its history (took a step, recorded money, answered).
    pub reader_acted: bool,
    /// It is not closed or decided yet.
    pub open: bool,
}

/// The basis of a read: the strongest that applies.
pub fn basis(f: ReadFacts) -> ReadBasis {
    if f.assignee == Some(f.reader) {
        ReadBasis::Assigned
    } else if f.reader_acted {
        ReadBasis::Worked
    } else if f.open {
        ReadBasis::OpenWork
    } else {
        ReadBasis::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_closed_record_nobody_gave_the_reader_is_flagged() {
        let f = ReadFacts {
            reader: 1,
            assignee: Some(2),
            reader_acted: false,
            open: false,
        };
        assert_eq!(basis(f), ReadBasis::None);
        assert!(basis(f).flagged());
        assert_eq!(basis(ReadFacts { open: true, ..f }), ReadBasis::OpenWork);
        assert_eq!(
            basis(ReadFacts {
                reader_acted: true,
                ..f
            }),
            ReadBasis::Worked
        );
        assert_eq!(
            basis(ReadFacts {
                assignee: Some(1),
                ..f
            }),
            ReadBasis::Assigned
        );
    }

    proptest! {
        /// A read is flagged exactly when nothing connects the reader to the record.
        #[test]
        fn flagged_exactly_when_nothing_connects_reader_and_record(
            reader in 0i64..4, assignee in prop::option::of(0i64..4),
            reader_acted in any::<bool>(), open in any::<bool>(),
        ) {
            let f = ReadFacts { reader, assignee, reader_acted, open };
            let connected = assignee == Some(reader) || reader_acted || open;
            prop_assert_eq!(basis(f).flagged(), !connected);
        }
    }
}
