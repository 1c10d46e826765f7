//! Published performance figures: processing times from a histogram of working days,
//! shares, and the small-number rule that keeps any figure from revealing a person.

use std::collections::BTreeMap;

/// Figures computed from fewer cases than this are not published (shown as withheld).
pub const DEFAULT_K: u64 = 5;

/// A histogram of processing times: working days → number of cases.
pub type Histogram = BTreeMap<u32, u64>;

/// The `q`-quantile (0 < q <= 1) of the histogram by the nearest-rank method: the
/// smallest value with at least `ceil(q · n)` cases at or below it. `None` when empty.
pub fn quantile(h: &Histogram, q: f64) -> Option<u32> {
    let n: u64 = h.values().sum();
    if n == 0 {
        return None;
    }
    let q = q.clamp(f64::MIN_POSITIVE, 1.0);
    // Nearest rank, in integers: the smallest r with r >= q * n.
    let rank = ((q * n as f64).ceil() as u64).clamp(1, n);
    let mut seen = 0;
    for (days, count) in h {
        seen += count;
        if seen >= rank {
            return Some(*days);
        }
    }
    h.keys().next_back().copied()
}

/// `part` of `whole` in percent, one decimal; `None` when `whole` is zero.
pub fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

/// A count as published: itself when at least `k` (or zero), withheld otherwise.
pub fn suppress(count: u64, k: u64) -> Option<u64> {
    (count == 0 || count >= k).then_some(count)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn of(values: &[u32]) -> Histogram {
        let mut h = Histogram::new();
        for v in values {
            *h.entry(*v).or_default() += 1;
        }
        h
    }

    #[test]
    fn median_and_ninetieth_percentile_by_nearest_rank() {
        let h = of(&[1, 2, 2, 3, 3, 3, 4, 5, 8, 20]);
        assert_eq!(quantile(&h, 0.5), Some(3));
        assert_eq!(quantile(&h, 0.9), Some(8));
        assert_eq!(quantile(&h, 1.0), Some(20));
        assert_eq!(quantile(&Histogram::new(), 0.5), None);
        assert_eq!(percent(19, 20), Some(95.0));
        assert_eq!(percent(2, 3), Some(66.7));
        assert_eq!(suppress(4, 5), None);
        assert_eq!(suppress(0, 5), Some(0));
        assert_eq!(suppress(5, 5), Some(5));
    }

    proptest! {
        #[test]
        fn the_histogram_quantile_is_the_sorted_lists_nearest_rank(
            mut values in proptest::collection::vec(0u32..60, 1..200),
            q in 1u32..=100,
        ) {
            let h = of(&values);
            values.sort_unstable();
            let q = f64::from(q) / 100.0;
            let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
            prop_assert_eq!(quantile(&h, q), Some(values[rank - 1]));
            // A quantile never falls outside the data, and grows with q.
            let lo = quantile(&h, 0.1).unwrap_or(0);
            let hi = quantile(&h, 0.9).unwrap_or(0);
            prop_assert!(values[0] <= lo && lo <= hi && hi <= values[values.len() - 1]);
        }

        #[test]
        fn a_published_count_is_zero_or_at_least_k(count in 0u64..50, k in 1u64..10) {
            match suppress(count, k) {
                Some(c) => prop_assert!(c == 0 || c >= k),
                None => prop_assert!(count > 0 && count < k),
            }
        }
    }
}
