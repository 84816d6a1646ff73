//! Periods of observation: a calendar month (`2023-08`), an ISO 8601 week
//! (`2023-W34`) or a day (`2023-08-15`).
//!
//! A period is a value, not a timestamp: it never carries a time zone and
//! never reads the clock. Periods of one frequency are totally ordered and
//! can be stepped with [`Period::offset`]; conversions between frequencies
//! follow ISO 8601 (a week belongs to the month and year of its Thursday).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How often a series is observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Frequency {
    Month,
    Week,
    Day,
}

impl Frequency {
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Month => "month",
            Frequency::Week => "week",
            Frequency::Day => "day",
        }
    }

    /// Periods in one seasonal cycle: a year of months or weeks, and the
    /// week of days (daily border counts follow the days of the week).
    pub fn seasonal_period(self) -> usize {
        match self {
            Frequency::Month => 12,
            Frequency::Week => 52,
            Frequency::Day => 7,
        }
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Frequency {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "month" => Ok(Frequency::Month),
            "week" => Ok(Frequency::Week),
            "day" => Ok(Frequency::Day),
            _ => Err(PeriodError::UnknownFrequency(s.to_string())),
        }
    }
}

/// A month, an ISO week or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Month { year: i32, month: u32 },
    Week { year: i32, week: u32 },
    Day(NaiveDate),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("'{0}' is not a period: write a month as 2023-08, an ISO week as 2023-W34 or a day as 2023-08-15")]
    Syntax(String),
    #[error("'{0}' does not exist in the calendar")]
    OutOfRange(String),
    #[error("'{0}' is outside the years a period may be dated in (1900–2200)")]
    YearOutside(String),
    #[error("unknown frequency '{0}': use month, week or day")]
    UnknownFrequency(String),
}

/// Years outside this range are certainly typing mistakes in migration statistics.
const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2200;

/// The years a figure may be dated in (1900–2200): a year outside them in
/// a publisher's file or a key's inputs is a typing mistake ("20230").
pub const YEARS: std::ops::RangeInclusive<i32> = FIRST_YEAR..=LAST_YEAR;

/// A day as files and forms write it: `YYYY-MM-DD` exactly, whatever its
/// year ("+2026-02-01" and "2026-2-1", which chrono's `%Y-%m-%d` takes,
/// are not).
pub fn iso_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    shaped
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
}

impl Period {
    pub fn month(year: i32, month: u32) -> Option<Period> {
        ((FIRST_YEAR..=LAST_YEAR).contains(&year) && (1..=12).contains(&month))
            .then_some(Period::Month { year, month })
    }

    pub fn week(year: i32, week: u32) -> Option<Period> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return None;
        }
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(|_| Period::Week { year, week })
    }

    pub fn day(date: NaiveDate) -> Option<Period> {
        (FIRST_YEAR..=LAST_YEAR)
            .contains(&date.year())
            .then_some(Period::Day(date))
    }

    pub fn frequency(&self) -> Frequency {
        match self {
            Period::Month { .. } => Frequency::Month,
            Period::Week { .. } => Frequency::Week,
            Period::Day(_) => Frequency::Day,
        }
    }

    /// First calendar day of the period.
    pub fn first_day(&self) -> NaiveDate {
        match *self {
            Period::Month { year, month } => {
                NaiveDate::from_ymd_opt(year, month, 1).expect("validated month")
            }
            Period::Week { year, week } => {
                NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).expect("validated week")
            }
            Period::Day(d) => d,
        }
    }

    /// Its place in the calendar's order across frequencies: by the day
    /// it ends, and of two that end together the longer last (periods of
    /// two frequencies do not order as the calendar does).
    pub fn calendar_key(&self) -> (NaiveDate, std::cmp::Reverse<NaiveDate>) {
        (self.last_day(), std::cmp::Reverse(self.first_day()))
    }

    /// Last calendar day of the period.
    pub fn last_day(&self) -> NaiveDate {
        match *self {
            // The day before the next month's first, which may be in 2201:
            // a date, not a period, so outside the periods' years is fine.
            Period::Month { year, month } => {
                let (y, m) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1)
                    .and_then(|d| d.pred_opt())
                    .expect("a month of the supported years")
            }
            Period::Week { .. } => self.first_day() + chrono::Duration::days(6),
            Period::Day(d) => d,
        }
    }

    /// The first period of `freq` that starts on or after `day`, or `None`
    /// past the supported years. A range given in one frequency selects
    /// the periods of another that lie wholly inside it.
    pub fn first_starting_from(freq: Frequency, day: NaiveDate) -> Option<Period> {
        if freq == Frequency::Week {
            // The Monday on or after `day`: the week that holds a day may
            // be of a year past the supported ones when its Monday is not.
            let ahead = (7 - day.weekday().num_days_from_monday()) % 7;
            let monday = day.checked_add_days(chrono::Days::new(u64::from(ahead)))?;
            return Period::containing(freq, monday);
        }
        let here = Period::containing(freq, day)?;
        if here.first_day() == day {
            Some(here)
        } else {
            here.checked_offset(1)
        }
    }

    /// The last period of `freq` that ends on or before `day`, or `None`
    /// before the supported years.
    pub fn last_ending_by(freq: Frequency, day: NaiveDate) -> Option<Period> {
        if freq == Frequency::Week {
            // The Sunday on or before `day`: 29–31 December 2200 are in the
            // first week of 2201, but the week before ends in 2200.
            let back = (day.weekday().num_days_from_monday() + 1) % 7;
            let sunday = day.checked_sub_days(chrono::Days::new(u64::from(back)))?;
            return Period::containing(freq, sunday);
        }
        let here = Period::containing(freq, day)?;
        if here.last_day() == day {
            Some(here)
        } else {
            here.checked_offset(-1)
        }
    }

    /// The period of `freq` that holds `day`.
    pub fn containing(freq: Frequency, day: NaiveDate) -> Option<Period> {
        match freq {
            Frequency::Month => Period::month(day.year(), day.month()),
            Frequency::Week => {
                let w = day.iso_week();
                Period::week(w.year(), w.week())
            }
            Frequency::Day => Period::day(day),
        }
    }

    /// The month a period belongs to. A week belongs to the month of its
    /// Thursday, the ISO 8601 rule that also decides a week's year.
    pub fn to_month(&self) -> Period {
        let d = match *self {
            Period::Month { .. } => return *self,
            Period::Week { .. } => self.first_day() + chrono::Duration::days(3),
            Period::Day(d) => d,
        };
        Period::Month {
            year: d.year(),
            month: d.month(),
        }
    }

    /// The ISO week a day belongs to (months have no single week).
    pub fn to_week(&self) -> Option<Period> {
        match *self {
            Period::Week { .. } => Some(*self),
            Period::Day(d) => {
                let w = d.iso_week();
                Some(Period::Week {
                    year: w.year(),
                    week: w.week(),
                })
            }
            Period::Month { .. } => None,
        }
    }

    /// A number that increases by one from each period to the next of the
    /// same frequency: months since year 0, weeks since 0001-01-01's week,
    /// days since the common era.
    pub fn ordinal(&self) -> i64 {
        match *self {
            Period::Month { year, month } => year as i64 * 12 + (month as i64 - 1),
            Period::Week { .. } => {
                (self.first_day().num_days_from_ce() as i64 - MONDAY_0001_01_01_CE_DAYS) / 7
            }
            Period::Day(d) => d.num_days_from_ce() as i64,
        }
    }

    /// The inverse of [`Period::ordinal`]; `None` outside the supported years.
    pub fn from_ordinal(freq: Frequency, ordinal: i64) -> Option<Period> {
        match freq {
            Frequency::Month => {
                let year = i32::try_from(ordinal.div_euclid(12)).ok()?;
                Period::month(year, ordinal.rem_euclid(12) as u32 + 1)
            }
            Frequency::Week => {
                let days = i32::try_from(
                    ordinal
                        .checked_mul(7)?
                        .checked_add(MONDAY_0001_01_01_CE_DAYS)?,
                )
                .ok()?;
                let monday = NaiveDate::from_num_days_from_ce_opt(days)?;
                let w = monday.iso_week();
                Period::week(w.year(), w.week())
            }
            Frequency::Day => NaiveDate::from_num_days_from_ce_opt(i32::try_from(ordinal).ok()?)
                .and_then(Period::day),
        }
    }

    /// The period `n` steps after this one (before it when `n` is negative).
    ///
    /// # Panics
    /// When the result leaves the supported years (1900–2200).
    pub fn offset(&self, n: i64) -> Period {
        self.checked_offset(n)
            .expect("period offset stays within the supported years")
    }

    /// The period `n` steps after this one, or `None` when it would leave
    /// the supported years (1900–2200).
    pub fn checked_offset(&self, n: i64) -> Option<Period> {
        Period::from_ordinal(self.frequency(), self.ordinal().checked_add(n)?)
    }

    /// Number of steps from `self` to `later` (negative if `later` is earlier).
    /// Both must have the same frequency.
    pub fn steps_to(&self, later: &Period) -> i64 {
        debug_assert_eq!(self.frequency(), later.frequency());
        later.ordinal() - self.ordinal()
    }
}

/// 0001-01-01 is a Monday, so weeks counted from it line up with ISO weeks.
const MONDAY_0001_01_01_CE_DAYS: i64 = 1;

impl fmt::Display for Period {
    // Written digit by digit: an import formats a period for every row, and
    // the general formatting machinery was a measurable part of it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 10];
        let year = match self {
            Period::Month { year, .. } | Period::Week { year, .. } => *year,
            Period::Day(d) => d.year(),
        };
        let digits = |buf: &mut [u8], n: u32| {
            for (i, b) in buf.iter_mut().rev().enumerate() {
                *b = b'0' + (n / 10u32.pow(i as u32) % 10) as u8;
            }
        };
        digits(&mut buf[..4], year as u32);
        buf[4] = b'-';
        let len = match self {
            Period::Month { month, .. } => {
                digits(&mut buf[5..7], *month);
                7
            }
            Period::Week { week, .. } => {
                buf[5] = b'W';
                digits(&mut buf[6..8], *week);
                8
            }
            Period::Day(d) => {
                digits(&mut buf[5..7], d.month());
                buf[7] = b'-';
                digits(&mut buf[8..10], d.day());
                10
            }
        };
        f.write_str(std::str::from_utf8(&buf[..len]).expect("ASCII digits"))
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let syntax = || PeriodError::Syntax(s.to_string());
        let b = s.as_bytes();
        let range = || match s.get(0..4).and_then(|y| y.parse::<i32>().ok()) {
            Some(year) if !YEARS.contains(&year) => PeriodError::YearOutside(s.to_string()),
            _ => PeriodError::OutOfRange(s.to_string()),
        };
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().map_err(|_| syntax());
        match b.len() {
            7 if b[4] == b'-' && digits(0..4) && digits(5..7) => {
                Period::month(num(0..4)? as i32, num(5..7)?).ok_or_else(range)
            }
            8 if b[4] == b'-' && b[5] == b'W' && digits(0..4) && digits(6..8) => {
                Period::week(num(0..4)? as i32, num(6..8)?).ok_or_else(range)
            }
            10 if b[4] == b'-' && b[7] == b'-' && digits(0..4) && digits(5..7) && digits(8..10) => {
                NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
                    .and_then(Period::day)
                    .ok_or_else(range)
            }
            _ => Err(syntax()),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_offset_out_of_the_supported_years_is_none_when_checked() {
        let first: Period = "1900-01".parse().unwrap();
        assert_eq!(first.checked_offset(-1), None);
        assert_eq!(first.checked_offset(1), "1900-02".parse().ok());
        assert_eq!(first.checked_offset(i64::MAX), None);
        for p in ["2024-W10", "2024-03-05"] {
            let p: Period = p.parse().unwrap();
            for n in [i64::MAX / 2, i64::MIN / 2, i64::MAX / 7 + 1, 1 << 40] {
                assert_eq!(p.checked_offset(n), None, "{p} + {n}");
            }
            assert!(p.checked_offset(-1).is_some());
        }
    }

    use super::*;

    #[test]
    fn a_day_is_written_exactly_as_files_write_it() {
        assert_eq!(iso_day("2026-02-01"), NaiveDate::from_ymd_opt(2026, 2, 1));
        for not in [
            "+2026-02-01",
            "2026-2-1",
            "2026-02-30",
            " 2026-02-01",
            "2026/02/01",
            "20260-02-01",
            "２０２６-02-01",
            "2026-02-1",
            "2026-02-011",
        ] {
            assert_eq!(iso_day(not), None, "{not}");
        }
    }

    #[test]
    fn a_week_belongs_to_the_month_of_its_thursday_and_years_have_limits() {
        // 2023-W22 runs from Monday 29 May to Sunday 4 June: its Thursday
        // is 1 June, its Wednesday still May.
        assert_eq!(p("2023-W22").to_month(), p("2023-06"));
        assert!("1900-01".parse::<Period>().is_ok());
        assert!("2200-12-31".parse::<Period>().is_ok());
        assert!(matches!(
            "1899-12".parse::<Period>(),
            Err(PeriodError::YearOutside(_))
        ));
        assert!(matches!(
            "2201-01".parse::<Period>(),
            Err(PeriodError::YearOutside(_))
        ));
    }

    #[test]
    fn a_range_in_one_frequency_selects_the_periods_of_another_wholly_inside_it() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let month = Frequency::Month;
        assert_eq!(
            Period::first_starting_from(month, d("2024-01-01")),
            Some(p("2024-01"))
        );
        assert_eq!(
            Period::first_starting_from(month, d("2024-01-02")),
            Some(p("2024-02"))
        );
        assert_eq!(
            Period::last_ending_by(month, d("2024-12-31")),
            Some(p("2024-12"))
        );
        assert_eq!(
            Period::last_ending_by(month, d("2024-12-30")),
            Some(p("2024-11"))
        );
        // 2025-W01 runs from Monday 30 December 2024.
        let week = Frequency::Week;
        assert_eq!(
            Period::first_starting_from(week, d("2024-12-30")),
            Some(p("2025-W01"))
        );
        assert_eq!(
            Period::first_starting_from(week, d("2024-12-31")),
            Some(p("2025-W02"))
        );
        assert_eq!(
            Period::last_ending_by(week, d("2024-12-31")),
            Some(p("2024-W52"))
        );
        assert_eq!(
            Period::last_ending_by(week, d("2025-01-05")),
            Some(p("2025-W01"))
        );
        let day = Frequency::Day;
        assert_eq!(
            Period::first_starting_from(day, d("2024-02-29")),
            Some(p("2024-02-29"))
        );
        assert_eq!(
            Period::last_ending_by(day, d("2024-02-29")),
            Some(p("2024-02-29"))
        );
        assert_eq!(Period::last_ending_by(month, d("1900-01-30")), None);
        assert_eq!(Period::first_starting_from(month, d("2200-12-02")), None);
        // The ends of the supported years.
        assert_eq!(p("2200-12").last_day(), d("2200-12-31"));
        assert_eq!(
            Period::last_ending_by(month, d("2200-12-31")),
            Some(p("2200-12"))
        );
        assert_eq!(
            Period::last_ending_by(week, d("2200-12-31")),
            Some(p("2200-W52"))
        );
        assert_eq!(
            Period::last_ending_by(week, d("2200-12-28")),
            Some(p("2200-W52"))
        );
        assert_eq!(
            Period::first_starting_from(week, d("2200-12-22")),
            Some(p("2200-W52"))
        );
        assert_eq!(Period::first_starting_from(week, d("2200-12-23")), None);
        assert_eq!(
            Period::first_starting_from(week, d("1899-12-31")),
            Some(p("1900-W01"))
        );
    }

    use proptest::prelude::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints_the_three_frequencies() {
        for s in [
            "2023-08",
            "2023-W34",
            "2023-08-15",
            "2020-W53",
            "2024-02-29",
        ] {
            assert_eq!(p(s).to_string(), s);
        }
    }

    #[test]
    fn rejects_impossible_periods_with_the_fix() {
        assert!(matches!(
            "2023-13".parse::<Period>(),
            Err(PeriodError::OutOfRange(_))
        ));
        assert!(matches!(
            "2021-W53".parse::<Period>(),
            Err(PeriodError::OutOfRange(_))
        ));
        assert!(matches!(
            "2023-02-29".parse::<Period>(),
            Err(PeriodError::OutOfRange(_))
        ));
        let e = "Aug 2023".parse::<Period>().unwrap_err().to_string();
        assert!(e.contains("2023-08"), "{e}");
        assert!("2023-8".parse::<Period>().is_err());
        assert!("+123-08".parse::<Period>().is_err());
        assert!("२०२३-08".parse::<Period>().is_err());
    }

    #[test]
    fn weeks_belong_to_the_month_of_their_thursday() {
        // 2023-W35 runs Mon 28 Aug – Sun 3 Sep; its Thursday is 31 August.
        assert_eq!(p("2023-W35").to_month(), p("2023-08"));
        // 2020-W01 starts on Monday 30 December 2019.
        assert_eq!(p("2020-W01").first_day(), p("2019-12-30").first_day());
        assert_eq!(p("2020-W01").to_month(), p("2020-01"));
        assert_eq!(p("2019-12-30").to_week(), Some(p("2020-W01")));
        assert_eq!(p("2023-08-15").to_month(), p("2023-08"));
        assert_eq!(p("2024-02").last_day(), p("2024-02-29").first_day());
    }

    #[test]
    fn offsets_cross_year_boundaries() {
        assert_eq!(p("2023-12").offset(1), p("2024-01"));
        assert_eq!(p("2024-01").offset(-13), p("2022-12"));
        assert_eq!(p("2020-W53").offset(1), p("2021-W01"));
        assert_eq!(p("2024-02-28").offset(2), p("2024-03-01"));
        assert_eq!(p("2023-01").steps_to(&p("2023-12")), 11);
    }

    fn any_period() -> impl Strategy<Value = Period> {
        prop_oneof![
            (1950i32..2150, 1u32..=12).prop_map(|(y, m)| Period::month(y, m).unwrap()),
            (1950i32..2150, 1u32..=52).prop_map(|(y, w)| Period::week(y, w).unwrap()),
            (700_000i32..780_000)
                .prop_map(|d| Period::Day(NaiveDate::from_num_days_from_ce_opt(d).unwrap())),
        ]
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(q in any_period()) {
            prop_assert_eq!(q.to_string().parse::<Period>().unwrap(), q);
        }

        #[test]
        fn ordinal_round_trips_and_orders(a in any_period(), n in -500i64..500) {
            prop_assert_eq!(Period::from_ordinal(a.frequency(), a.ordinal()), Some(a));
            let b = a.offset(n);
            prop_assert_eq!(a.steps_to(&b), n);
            prop_assert_eq!(a < b, n > 0);
            // Text order is time order, which lets the store sort periods as text.
            prop_assert_eq!(a.to_string() < b.to_string(), n > 0);
        }

        #[test]
        fn a_period_contains_its_days(a in any_period()) {
            prop_assert!(a.first_day() <= a.last_day());
            prop_assert_eq!(a.offset(1).first_day(), a.last_day().succ_opt().unwrap());
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(s in "\\PC{0,12}") {
            let _ = s.parse::<Period>();
        }
    }

    #[test]
    fn a_period_is_refused_unless_every_character_is_in_its_place() {
        for not in [
            "2023x08",
            "+023-08",
            "2023-+8",
            "2023-0x",
            "202a-08",
            "2023-X35",
            "2023-W+5",
            "+023-W35",
            "2023xW35",
            "2023-W3x",
            "2023-08/01",
            "2023/08-01",
            "2023-08-+1",
            "2023-+8-01",
            "+023-08-01",
            "2023-08-0x",
        ] {
            assert_eq!(
                not.parse::<Period>(),
                Err(PeriodError::Syntax(not.to_string())),
                "{not}"
            );
        }
    }

    /// Weeks are counted from the week of 0001-01-01, a Monday: 1900-01-01
    /// is a Monday 693,595 days (99,085 weeks) later.
    #[test]
    fn a_weeks_ordinal_counts_weeks_from_the_first_monday() {
        assert_eq!(p("1900-W01").ordinal(), 99_085);
        assert_eq!(p("1900-W02").ordinal(), 99_086);
        assert_eq!(p("2023-01").ordinal(), 2023 * 12);
        assert_eq!(
            p("2023-08-15").ordinal(),
            i64::from(
                NaiveDate::from_ymd_opt(2023, 8, 15)
                    .unwrap()
                    .num_days_from_ce()
            )
        );
    }

    #[test]
    fn frequencies_are_named_and_read_back() {
        for (f, name, season) in [
            (Frequency::Month, "month", 12),
            (Frequency::Week, "week", 52),
            (Frequency::Day, "day", 7),
        ] {
            assert_eq!((f.as_str(), f.to_string().as_str()), (name, name));
            assert_eq!(name.parse::<Frequency>(), Ok(f));
            assert_eq!(f.seasonal_period(), season);
        }
        assert_eq!(
            "year".parse::<Frequency>(),
            Err(PeriodError::UnknownFrequency("year".into()))
        );
    }
}
