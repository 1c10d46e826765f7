//! Working-day arithmetic for service standards (SLAs).
//!
//! Saturdays and Sundays never count; neither do the dates in a [`HolidayCalendar`]
//! (national holidays and *cuti bersama*, as the agency's calendar lists them).
//!
//! # Convention
//!
//! The day a case starts never counts, whatever day it is: counting starts with the next
//! working day, and the due date is the last counted day. So a service standard of `n`
//! working days gives the `n`-th working day after the start:
//!
//! | start | days | due |
//! |---|---|---|
//! | Thursday | 1 | Friday |
//! | Friday | 1 | Monday |
//! | Saturday | 1 | Monday |
//! | Sunday | 1 | Monday |
//! | Friday | 0 | that Friday (nothing to count) |
//! | Friday, Monday a holiday | 1 | Tuesday |
//!
//! [`working_days_between`] counts the other way, the working days after `a` up to and
//! including `b`, so that `working_days_between(start, add_working_days(start, n)) == n`.
//!
//! Everything is arithmetic on day numbers plus a walk over the holidays in range, never a
//! day-by-day loop, so even a count of `u32::MAX` days answers at once (with `None`, since
//! it runs past the last representable date).

use std::collections::BTreeSet;
use std::ops::Bound;

use time::{Date, Weekday};

/// Non-working dates besides weekends.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HolidayCalendar {
    days: BTreeSet<Date>,
}

impl HolidayCalendar {
    /// A calendar with the given holidays (order and duplicates do not matter).
    pub fn new(days: impl IntoIterator<Item = Date>) -> HolidayCalendar {
        HolidayCalendar {
            days: days.into_iter().collect(),
        }
    }

    /// True when `date` is listed as a holiday (whatever the day of the week).
    pub fn is_holiday(&self, date: Date) -> bool {
        self.days.contains(&date)
    }

    /// The holidays, in date order.
    pub fn holidays(&self) -> impl Iterator<Item = Date> + '_ {
        self.days.iter().copied()
    }

    /// Holidays falling on a weekday with `after < date <= upto`.
    fn weekday_holidays_in(&self, after: Date, upto: Date) -> i64 {
        if after >= upto {
            return 0;
        }
        let count = self
            .days
            .range((Bound::Excluded(after), Bound::Included(upto)))
            .filter(|d| !is_weekend(**d))
            .count();
        // A count of dates cannot exceed the number of representable dates.
        i64::try_from(count).unwrap_or(i64::MAX)
    }
}

impl FromIterator<Date> for HolidayCalendar {
    fn from_iter<I: IntoIterator<Item = Date>>(iter: I) -> Self {
        HolidayCalendar::new(iter)
    }
}

/// True on Saturdays and Sundays.
fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// True when `date` is neither a weekend day nor a holiday.
pub fn is_working_day(date: Date, cal: &HolidayCalendar) -> bool {
    !is_weekend(date) && !cal.is_holiday(date)
}

/// The due date `days` working days after `start` (see the module doc for the convention);
/// `None` when it would fall after the last representable date.
pub fn add_working_days(start: Date, days: u32, cal: &HolidayCalendar) -> Option<Date> {
    let mut current = start;
    let mut remaining = i64::from(days);
    while remaining > 0 {
        let rank = weekday_rank(i64::from(current.to_julian_day())) + remaining;
        let next = date_of_julian(nth_weekday(rank))?;
        // Holidays on weekdays in (current, next] were counted but do not count: go on
        // for as many more working days.
        remaining = cal.weekday_holidays_in(current, next);
        current = next;
    }
    Some(current)
}

/// Working days after `a` up to and including `b`; negative when `b` is before `a`.
pub fn working_days_between(a: Date, b: Date, cal: &HolidayCalendar) -> i64 {
    if b < a {
        return -working_days_between(b, a, cal);
    }
    let weekdays =
        weekday_rank(i64::from(b.to_julian_day())) - weekday_rank(i64::from(a.to_julian_day()));
    weekdays - cal.weekday_holidays_in(a, b)
}

/// Number of weekdays from a fixed origin up to and including Julian day `jd`.
///
/// Julian day 0 is a Monday, so `jd.rem_euclid(7)` is 0 for Monday … 6 for Sunday.
fn weekday_rank(jd: i64) -> i64 {
    5 * jd.div_euclid(7) + (jd.rem_euclid(7) + 1).min(5)
}

/// The Julian day of the weekday with the given rank (the inverse of [`weekday_rank`]).
fn nth_weekday(rank: i64) -> i64 {
    let t = rank - 1;
    7 * t.div_euclid(5) + t.rem_euclid(5)
}

fn date_of_julian(jd: i64) -> Option<Date> {
    Date::from_julian_day(i32::try_from(jd).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    /// Day-by-day reference implementation.
    fn naive_add(start: Date, days: u32, cal: &HolidayCalendar) -> Option<Date> {
        let mut d = start;
        let mut left = days;
        while left > 0 {
            d = d.next_day()?;
            if is_working_day(d, cal) {
                left -= 1;
            }
        }
        Some(d)
    }

    fn naive_between(a: Date, b: Date, cal: &HolidayCalendar) -> i64 {
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let mut n = 0;
        let mut d = lo;
        while d < hi {
            d = d.next_day().expect("below hi");
            if is_working_day(d, cal) {
                n += 1;
            }
        }
        sign * n
    }

    #[test]
    fn julian_day_zero_is_a_monday() {
        assert_eq!(
            Date::from_julian_day(0).map(|d| d.weekday()),
            Ok(Weekday::Monday)
        );
    }

    #[test]
    fn the_documented_examples_hold() {
        let none = HolidayCalendar::default();
        let thu = date!(2025 - 01 - 09);
        let fri = date!(2025 - 01 - 10);
        let sat = date!(2025 - 01 - 11);
        let sun = date!(2025 - 01 - 12);
        let mon = date!(2025 - 01 - 13);
        let tue = date!(2025 - 01 - 14);
        assert_eq!(thu.weekday(), Weekday::Thursday);
        assert_eq!(add_working_days(thu, 1, &none), Some(fri));
        assert_eq!(add_working_days(fri, 1, &none), Some(mon));
        assert_eq!(add_working_days(sat, 1, &none), Some(mon));
        assert_eq!(add_working_days(sun, 1, &none), Some(mon));
        assert_eq!(add_working_days(fri, 0, &none), Some(fri));
        assert_eq!(add_working_days(sat, 0, &none), Some(sat));
        assert_eq!(add_working_days(fri, 5, &none), Some(date!(2025 - 01 - 17)));
        let monday_off = HolidayCalendar::new([mon]);
        assert_eq!(add_working_days(fri, 1, &monday_off), Some(tue));
        assert_eq!(working_days_between(fri, tue, &monday_off), 1);
        assert_eq!(working_days_between(tue, fri, &monday_off), -1);
        assert_eq!(working_days_between(sat, sun, &none), 0);
        assert!(!is_working_day(mon, &monday_off));
        assert!(is_working_day(tue, &monday_off));
        assert!(!is_working_day(sat, &none));
    }

    #[test]
    fn lebaran_week_is_skipped() {
        // Idul Fitri 2025 with cuti bersama: 31 March to 7 April.
        let cal: HolidayCalendar = [
            date!(2025 - 03 - 28),
            date!(2025 - 03 - 31),
            date!(2025 - 04 - 01),
            date!(2025 - 04 - 02),
            date!(2025 - 04 - 03),
            date!(2025 - 04 - 04),
            date!(2025 - 04 - 07),
        ]
        .into_iter()
        .collect();
        let start = date!(2025 - 03 - 27);
        assert_eq!(
            add_working_days(start, 1, &cal),
            Some(date!(2025 - 04 - 08))
        );
        assert_eq!(
            add_working_days(start, 3, &cal),
            Some(date!(2025 - 04 - 10))
        );
        assert_eq!(working_days_between(start, date!(2025 - 04 - 10), &cal), 3);
    }

    #[test]
    fn the_end_of_time_is_none_not_a_panic() {
        let none = HolidayCalendar::default();
        assert_eq!(add_working_days(Date::MAX, 1, &none), None);
        assert_eq!(add_working_days(Date::MAX, 0, &none), Some(Date::MAX));
        assert_eq!(add_working_days(Date::MIN, u32::MAX, &none), None);
        let span = working_days_between(Date::MIN, Date::MAX, &none);
        assert_eq!(working_days_between(Date::MAX, Date::MIN, &none), -span);
        assert!(span > 5_000_000);
    }

    fn date_in(lo: Date, hi: Date) -> impl Strategy<Value = Date> {
        (lo.to_julian_day()..=hi.to_julian_day())
            .prop_map(|j| Date::from_julian_day(j).expect("in range"))
    }

    fn any_date() -> impl Strategy<Value = Date> {
        date_in(Date::MIN, Date::MAX)
    }

    /// A start date and holidays clustered around it.
    fn start_and_calendar() -> impl Strategy<Value = (Date, HolidayCalendar)> {
        date_in(date!(1900 - 01 - 01), date!(2200 - 12 - 31)).prop_flat_map(|start| {
            let jd = start.to_julian_day();
            let holidays = proptest::collection::vec(jd - 30..jd + 400, 0..60).prop_map(|days| {
                days.into_iter()
                    .map(|j| Date::from_julian_day(j).expect("in range"))
                    .collect::<HolidayCalendar>()
            });
            (Just(start), holidays)
        })
    }

    proptest! {
        #[test]
        fn between_inverts_add((start, cal) in start_and_calendar(), n in 0u32..2000) {
            let due = add_working_days(start, n, &cal).expect("far from the end of time");
            prop_assert_eq!(working_days_between(start, due, &cal), i64::from(n));
            if n > 0 {
                prop_assert!(due > start);
                prop_assert!(is_working_day(due, &cal));
            }
        }

        #[test]
        fn matches_the_day_by_day_count((start, cal) in start_and_calendar(), n in 0u32..300, back in -400i32..400) {
            prop_assert_eq!(add_working_days(start, n, &cal), naive_add(start, n, &cal));
            let other = Date::from_julian_day(start.to_julian_day() + back).expect("in range");
            prop_assert_eq!(working_days_between(start, other, &cal), naive_between(start, other, &cal));
            prop_assert_eq!(
                working_days_between(start, other, &cal),
                -working_days_between(other, start, &cal)
            );
        }

        #[test]
        fn never_panics(a in any_date(), b in any_date(), n in any::<u32>(), holidays in proptest::collection::vec(any_date(), 0..20)) {
            let cal = HolidayCalendar::new(holidays);
            let _ = is_working_day(a, &cal);
            let _ = working_days_between(a, b, &cal);
            if let Some(due) = add_working_days(a, n, &cal) {
                prop_assert_eq!(working_days_between(a, due, &cal), i64::from(n));
            }
        }
    }
}
