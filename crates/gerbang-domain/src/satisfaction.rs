//! The community satisfaction index (Indeks Kepuasan Masyarakat, IKM) of Permen PANRB
//! 14/2017: nine elements, each answered 1 (poor) to 4 (very good).
//!
//! - NRR per element (*nilai rata-rata*) = the sum of its scores / the number of responses;
//! - IKM = Σ NRR × 1/9 (each element weighs the same), on the 1-4 scale;
//! - × 25 for the published 25-100 scale, rounded to two decimals;
//! - category A (88.31-100), B (76.61-88.30), C (65.00-76.60), D (25.00-64.99).
//!
//! The regulation prints the weight as 0.111; [`index_with_weight`] computes that variant,
//! which comes out slightly lower (0.999 × the exact index).

/// The fewest responses a published figure may rest on: below it, only the count is shown,
/// so that no figure can point at one person.
pub const MIN_PUBLISHED: u64 = 5;

/// The nine elements, in the regulation's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Element {
    Requirements,
    Procedure,
    CompletionTime,
    Fees,
    Product,
    Competence,
    Conduct,
    ComplaintHandling,
    Facilities,
}

impl Element {
    pub const ALL: [Element; 9] = [
        Element::Requirements,
        Element::Procedure,
        Element::CompletionTime,
        Element::Fees,
        Element::Product,
        Element::Competence,
        Element::Conduct,
        Element::ComplaintHandling,
        Element::Facilities,
    ];

    /// Stable code (form field names, CSV columns, message ids `ikm-element-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Element::Requirements => "u1",
            Element::Procedure => "u2",
            Element::CompletionTime => "u3",
            Element::Fees => "u4",
            Element::Product => "u5",
            Element::Competence => "u6",
            Element::Conduct => "u7",
            Element::ComplaintHandling => "u8",
            Element::Facilities => "u9",
        }
    }
}

/// One person's answers, each 1 to 4, in [`Element::ALL`]'s order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scores([u8; 9]);

impl Scores {
    /// The answers, when each is 1 to 4; otherwise the elements that are not.
    pub fn new(values: [i64; 9]) -> Result<Scores, Vec<Element>> {
        let bad: Vec<Element> = Element::ALL
            .iter()
            .zip(values)
            .filter(|(_, v)| !(1..=4).contains(v))
            .map(|(e, _)| *e)
            .collect();
        if !bad.is_empty() {
            return Err(bad);
        }
        let mut out = [0u8; 9];
        for (o, v) in out.iter_mut().zip(values) {
            *o = u8::try_from(v).unwrap_or(1);
        }
        Ok(Scores(out))
    }

    pub fn get(&self) -> [u8; 9] {
        self.0
    }
}

/// The published category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    A,
    B,
    C,
    D,
}

impl Category {
    /// The category of a published (two-decimal) index on the 25-100 scale.
    pub fn of(index: f64) -> Category {
        // Compare in hundredths, as the index is published.
        let h = (index * 100.0).round();
        if h >= 8831.0 {
            Category::A
        } else if h >= 7661.0 {
            Category::B
        } else if h >= 6500.0 {
            Category::C
        } else {
            Category::D
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            Category::A => "A",
            Category::B => "B",
            Category::C => "C",
            Category::D => "D",
        }
    }
}

/// The index over a set of responses.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub respondents: u64,
    /// NRR per element, on the 1-4 scale, in [`Element::ALL`]'s order.
    pub nrr: [f64; 9],
    /// IKM on the 25-100 scale, rounded to two decimals.
    pub value: f64,
    pub category: Category,
    /// The element with the lowest NRR (the first of equals).
    pub weakest: Element,
}

/// Sums kept per element: what a database adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub respondents: u64,
    pub sums: [u64; 9],
}

impl Totals {
    pub fn add(&mut self, s: Scores) {
        self.respondents += 1;
        for (sum, v) in self.sums.iter_mut().zip(s.0) {
            *sum += u64::from(v);
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The index with each element weighing `weight` (1/9 exactly, or the printed 0.111).
pub fn index_with_weight(t: &Totals, weight: f64) -> Option<Index> {
    if t.respondents == 0 {
        return None;
    }
    // Counts far below 2^52: exact as floats.
    #[allow(clippy::cast_precision_loss)]
    let n = t.respondents as f64;
    let mut nrr = [0.0; 9];
    for (r, s) in nrr.iter_mut().zip(t.sums) {
        #[allow(clippy::cast_precision_loss)]
        let sum = s as f64;
        *r = sum / n;
    }
    let raw: f64 = nrr.iter().map(|r| r * weight).sum();
    let value = round2(raw * 25.0);
    let mut weakest = 0;
    for (i, r) in nrr.iter().enumerate() {
        if *r < nrr[weakest] {
            weakest = i;
        }
    }
    Some(Index {
        respondents: t.respondents,
        nrr,
        value,
        category: Category::of(value),
        weakest: Element::ALL[weakest],
    })
}

/// The index as the regulation defines it (weight exactly 1/9).
pub fn index(t: &Totals) -> Option<Index> {
    index_with_weight(t, 1.0 / 9.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn totals(responses: &[[i64; 9]]) -> Totals {
        let mut t = Totals::default();
        for r in responses {
            t.add(Scores::new(*r).expect("valid"));
        }
        t
    }

    #[test]
    fn everyone_very_satisfied_is_100_and_everyone_unsatisfied_is_25() {
        let best = index(&totals(&[[4; 9]])).expect("index");
        assert_eq!(best.value, 100.0);
        assert_eq!(best.category, Category::A);
        let worst = index(&totals(&[[1; 9], [1; 9]])).expect("index");
        assert_eq!(worst.value, 25.0);
        assert_eq!(worst.category, Category::D);
        assert_eq!(index(&Totals::default()), None);
    }

    #[test]
    fn a_worked_example_and_the_printed_weight() {
        // Two respondents: NRR 3.5 on elements 1-8, 2.5 on facilities.
        let t = totals(&[[4, 4, 4, 4, 4, 4, 4, 4, 3], [3, 3, 3, 3, 3, 3, 3, 3, 2]]);
        let exact = index(&t).expect("index");
        assert_eq!(exact.nrr[0], 3.5);
        assert_eq!(exact.nrr[8], 2.5);
        assert_eq!(exact.weakest, Element::Facilities);
        // (8 × 3.5 + 2.5) / 9 × 25 = 84.722… → 84.72, B.
        assert_eq!(exact.value, 84.72);
        assert_eq!(exact.category, Category::B);
        // With 0.111 per element: 30.5 × 0.111 × 25 = 84.6375 → 84.64.
        let printed = index_with_weight(&t, 0.111).expect("index");
        assert_eq!(printed.value, 84.64);
        assert!(printed.value < exact.value);
    }

    #[test]
    fn category_boundaries_are_the_regulations() {
        for (v, c) in [
            (100.0, Category::A),
            (88.31, Category::A),
            (88.30, Category::B),
            (76.61, Category::B),
            (76.60, Category::C),
            (65.00, Category::C),
            (64.99, Category::D),
            (25.0, Category::D),
        ] {
            assert_eq!(Category::of(v), c, "{v}");
        }
    }

    #[test]
    fn answers_outside_one_to_four_are_named() {
        assert_eq!(
            Scores::new([1, 2, 3, 4, 0, 4, 5, 4, 4]),
            Err(vec![Element::Product, Element::Conduct])
        );
    }

    proptest! {
        /// Whatever the answers: 25 ≤ IKM ≤ 100, each NRR in 1-4, the category agrees with
        /// the value, and the printed weight never gives more than the exact one.
        #[test]
        fn the_index_stays_in_bounds(responses in proptest::collection::vec(proptest::array::uniform9(1i64..=4), 1..60)) {
            let t = totals(&responses);
            let i = index(&t).expect("index");
            prop_assert!((25.0..=100.0).contains(&i.value), "{}", i.value);
            prop_assert!(i.nrr.iter().all(|r| (1.0..=4.0).contains(r)));
            prop_assert_eq!(i.category, Category::of(i.value));
            prop_assert_eq!(i.respondents, responses.len() as u64);
            let printed = index_with_weight(&t, 0.111).expect("index");
            prop_assert!(printed.value <= i.value);
            let w = Element::ALL.iter().position(|e| *e == i.weakest).unwrap_or(0);
            prop_assert!(i.nrr.iter().all(|r| *r >= i.nrr[w]));
        }

        /// One more very satisfied respondent never lowers the index.
        #[test]
        fn a_better_answer_never_lowers_it(responses in proptest::collection::vec(proptest::array::uniform9(1i64..=4), 1..30)) {
            let before = index(&totals(&responses)).expect("index").value;
            let mut more = responses;
            more.push([4; 9]);
            let after = index(&totals(&more)).expect("index").value;
            prop_assert!(after >= before);
        }
    }
}
