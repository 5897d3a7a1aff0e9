//! Time on the planning horizon.
//!
//! Inside the solver every instant is a [`Minute`]: whole minutes since the horizon's origin, the
//! UTC instant of local midnight on its first day. Arithmetic on minutes is exact and cheap; the
//! [`TimeAxis`] converts to and from UTC instants and knows where each local day begins, so that
//! daylight-saving shifts in the club's time zone are handled in one place.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

/// Minutes since the origin of the horizon (local midnight of its first day, as a UTC instant).
pub type Minute = i32;

/// A half-open interval of minutes `[start, end)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    /// First minute inside the interval.
    pub start: Minute,
    /// First minute after the interval.
    pub end: Minute,
}

impl Interval {
    /// The interval `[start, end)`.
    pub fn new(start: Minute, end: Minute) -> Self {
        Self { start, end }
    }

    /// Length in minutes (0 for an empty interval).
    pub fn len(self) -> i32 {
        (self.end - self.start).max(0)
    }

    /// Whether the interval contains no minute.
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// Whether `other` lies entirely inside `self`.
    pub fn contains(self, other: Interval) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two intervals share at least one minute.
    pub fn overlaps(self, other: Interval) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The common part of the two intervals (possibly empty).
    pub fn intersection(self, other: Interval) -> Interval {
        Interval::new(self.start.max(other.start), self.end.min(other.end))
    }
}

/// A sorted set of disjoint intervals, used for availability and windows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IntervalSet {
    intervals: Vec<Interval>,
}

impl IntervalSet {
    /// Builds a set from any intervals: sorts them, drops empty ones and merges touching ones.
    pub fn from_intervals(mut intervals: Vec<Interval>) -> Self {
        intervals.retain(|i| !i.is_empty());
        intervals.sort_unstable();
        let mut merged: Vec<Interval> = Vec::with_capacity(intervals.len());
        for interval in intervals {
            match merged.last_mut() {
                Some(last) if interval.start <= last.end => last.end = last.end.max(interval.end),
                _ => merged.push(interval),
            }
        }
        Self { intervals: merged }
    }

    /// The disjoint intervals, sorted.
    pub fn intervals(&self) -> &[Interval] {
        &self.intervals
    }

    /// Whether `interval` lies entirely inside one interval of the set.
    pub fn contains(&self, interval: Interval) -> bool {
        let i = self.intervals.partition_point(|i| i.end < interval.end);
        self.intervals.get(i).is_some_and(|i| i.contains(interval))
    }

    /// Whether `interval` shares a minute with any interval of the set.
    pub fn overlaps(&self, interval: Interval) -> bool {
        let i = self.intervals.partition_point(|i| i.end <= interval.start);
        self.intervals.get(i).is_some_and(|i| i.overlaps(interval))
    }

    /// The intersection of two sets.
    pub fn intersect(&self, other: &IntervalSet) -> IntervalSet {
        let (mut a, mut b) = (0, 0);
        let mut out = Vec::new();
        while a < self.intervals.len() && b < other.intervals.len() {
            let (x, y) = (self.intervals[a], other.intervals[b]);
            let common = x.intersection(y);
            if !common.is_empty() {
                out.push(common);
            }
            if x.end < y.end {
                a += 1;
            } else {
                b += 1;
            }
        }
        IntervalSet { intervals: out }
    }

    /// The set minus the given intervals.
    pub fn subtract(&self, holes: &IntervalSet) -> IntervalSet {
        let mut out = Vec::new();
        for &interval in &self.intervals {
            let mut start = interval.start;
            for hole in holes.intervals.iter().filter(|h| h.overlaps(interval)) {
                if hole.start > start {
                    out.push(Interval::new(start, hole.start));
                }
                start = start.max(hole.end);
            }
            if start < interval.end {
                out.push(Interval::new(start, interval.end));
            }
        }
        IntervalSet { intervals: out }
    }

    /// Whether the set has no interval.
    pub fn is_empty(&self) -> bool {
        self.intervals.is_empty()
    }
}

/// The planning horizon on the club's clock: converts between UTC instants and [`Minute`]s and
/// maps minutes to local days.
#[derive(Clone, Debug)]
pub struct TimeAxis {
    time_zone: Tz,
    first_day: NaiveDate,
    origin: DateTime<Utc>,
    /// `day_starts[d]` is the minute at which local day `d` begins; one extra entry marks the end
    /// of the horizon. Days are not all 1440 minutes long where the zone observes daylight saving.
    day_starts: Vec<Minute>,
}

impl TimeAxis {
    /// The axis for `days` local days starting on `first_day` in `time_zone`.
    pub fn new(time_zone: Tz, first_day: NaiveDate, days: u32) -> Self {
        let origin = local_midnight(time_zone, first_day);
        let day_starts = (0..=days)
            .map(|d| {
                let date = first_day + Duration::days(i64::from(d));
                minutes_between(origin, local_midnight(time_zone, date))
            })
            .collect();
        Self {
            time_zone,
            first_day,
            origin,
            day_starts,
        }
    }

    /// The club's time zone.
    pub fn time_zone(&self) -> Tz {
        self.time_zone
    }

    /// The first local day of the horizon.
    pub fn first_day(&self) -> NaiveDate {
        self.first_day
    }

    /// Number of local days in the horizon.
    pub fn days(&self) -> usize {
        self.day_starts.len() - 1
    }

    /// The whole horizon as an interval.
    pub fn horizon(&self) -> Interval {
        Interval::new(
            0,
            *self.day_starts.last().expect("axis has at least its end"),
        )
    }

    /// The UTC instant of a minute.
    pub fn instant(&self, minute: Minute) -> DateTime<Utc> {
        self.origin + Duration::minutes(i64::from(minute))
    }

    /// The minute of a UTC instant, rounded down to the whole minute.
    pub fn minute(&self, instant: DateTime<Utc>) -> i64 {
        (instant - self.origin).num_seconds().div_euclid(60)
    }

    /// The minute of a UTC instant if it is a whole minute inside a range that fits the axis.
    pub fn exact_minute(&self, instant: DateTime<Utc>) -> Option<Minute> {
        let delta = instant - self.origin;
        if delta.num_seconds() % 60 != 0 || delta.subsec_nanos() != 0 {
            return None;
        }
        Minute::try_from(delta.num_minutes()).ok()
    }

    /// The local day index of a minute, clamped to the horizon.
    pub fn day_of(&self, minute: Minute) -> usize {
        let days = self.days();
        self.day_starts
            .partition_point(|&s| s <= minute)
            .saturating_sub(1)
            .min(days.saturating_sub(1))
    }

    /// The interval of local day `day`.
    pub fn day_interval(&self, day: usize) -> Interval {
        Interval::new(self.day_starts[day], self.day_starts[day + 1])
    }

    /// The local date of day index `day`.
    pub fn date(&self, day: usize) -> NaiveDate {
        self.first_day + Duration::days(day as i64)
    }

    /// The day index of a local date, if it is inside the horizon.
    pub fn day_index(&self, date: NaiveDate) -> Option<usize> {
        let d = (date - self.first_day).num_days();
        usize::try_from(d).ok().filter(|&d| d < self.days())
    }

    /// The weekday of day index `day`.
    pub fn weekday(&self, day: usize) -> Weekday {
        self.date(day).weekday()
    }

    /// The minute at which local wall-clock `time` happens on day `day`. Wall-clock times skipped
    /// by a daylight-saving jump map to the first valid minute after them.
    pub fn local_minute(&self, day: usize, time: LocalTime) -> Minute {
        if time.minutes_after_midnight() >= 24 * 60 {
            return self.day_starts[day + 1];
        }
        let naive = self.date(day).and_time(time.as_naive());
        let instant = match self.time_zone.from_local_datetime(&naive) {
            chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
            chrono::LocalResult::Ambiguous(earliest, _) => earliest.with_timezone(&Utc),
            chrono::LocalResult::None => {
                // In a spring-forward gap: the wall clock jumps over this time.
                let later = naive + Duration::hours(1);
                self.time_zone
                    .from_local_datetime(&later)
                    .earliest()
                    .map_or(self.origin, |t| t.with_timezone(&Utc))
            }
        };
        minutes_between(self.origin, instant)
    }

    /// Formats a minute as the club's local `HH:MM`.
    pub fn clock(&self, minute: Minute) -> String {
        self.instant(minute)
            .with_timezone(&self.time_zone)
            .format("%H:%M")
            .to_string()
    }

    /// Formats a minute's local date the way a front desk reads it, e.g. `Tue 3 Mar`.
    pub fn day_label(&self, minute: Minute) -> String {
        self.instant(minute)
            .with_timezone(&self.time_zone)
            .format("%a %-d %b")
            .to_string()
    }

    /// `Tue 3 Mar 10:00–10:45` for an interval inside one day.
    pub fn describe(&self, interval: Interval) -> String {
        let same_day = self.day_of(interval.start) == self.day_of(interval.end - 1);
        if same_day {
            format!(
                "{}–{} on {}",
                self.clock(interval.start),
                self.clock(interval.end),
                self.day_label(interval.start)
            )
        } else {
            format!(
                "{} {} – {} {}",
                self.day_label(interval.start),
                self.clock(interval.start),
                self.day_label(interval.end),
                self.clock(interval.end)
            )
        }
    }
}

/// A local wall-clock time of day with minute precision; `24:00` is allowed as an end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalTime(u16);

impl LocalTime {
    /// Parses `HH:MM` (00:00 to 24:00).
    pub fn parse(text: &str) -> Option<Self> {
        let (h, m) = text.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        if m >= 60 || h > 24 || (h == 24 && m != 0) {
            return None;
        }
        Some(Self(h * 60 + m))
    }

    /// Minutes after local midnight.
    pub fn minutes_after_midnight(self) -> u16 {
        self.0
    }

    fn as_naive(self) -> NaiveTime {
        NaiveTime::from_hms_opt(u32::from(self.0 / 60), u32::from(self.0 % 60), 0)
            .expect("checked in parse")
    }
}

/// Parses `HH:MM-HH:MM` into a pair of local times with start < end.
pub fn parse_time_range(text: &str) -> Option<(LocalTime, LocalTime)> {
    let (a, b) = text.split_once('-')?;
    let (a, b) = (LocalTime::parse(a.trim())?, LocalTime::parse(b.trim())?);
    (a < b).then_some((a, b))
}

fn local_midnight(time_zone: Tz, date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    match time_zone.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        // Some zones skip midnight on their daylight-saving day; the day then starts at 01:00.
        chrono::LocalResult::None => time_zone
            .from_local_datetime(&(midnight + Duration::hours(1)))
            .earliest()
            .expect("01:00 exists when midnight was skipped")
            .with_timezone(&Utc),
    }
}

fn minutes_between(from: DateTime<Utc>, to: DateTime<Utc>) -> Minute {
    Minute::try_from((to - from).num_minutes())
        .expect("horizon fits in i32 minutes: checked when the problem is built")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_set_merges_and_queries() {
        let set = IntervalSet::from_intervals(vec![
            Interval::new(10, 20),
            Interval::new(0, 5),
            Interval::new(18, 30),
            Interval::new(40, 40),
        ]);
        assert_eq!(
            set.intervals(),
            &[Interval::new(0, 5), Interval::new(10, 30)]
        );
        assert!(set.contains(Interval::new(12, 30)));
        assert!(!set.contains(Interval::new(4, 11)));
        assert!(set.overlaps(Interval::new(4, 11)));
        assert!(!set.overlaps(Interval::new(5, 10)));
        let holes = IntervalSet::from_intervals(vec![Interval::new(15, 20)]);
        assert_eq!(
            set.subtract(&holes).intervals(),
            &[
                Interval::new(0, 5),
                Interval::new(10, 15),
                Interval::new(20, 30)
            ]
        );
    }

    #[test]
    fn daylight_saving_day_is_short() {
        let axis = TimeAxis::new(
            chrono_tz::Europe::Berlin,
            NaiveDate::from_ymd_opt(2026, 3, 28).unwrap(),
            3,
        );
        assert_eq!(axis.day_interval(0).len(), 1440);
        assert_eq!(axis.day_interval(1).len(), 1380);
        let ten = LocalTime::parse("10:00").unwrap();
        assert_eq!(axis.clock(axis.local_minute(1, ten)), "10:00");
        assert_eq!(axis.day_of(axis.local_minute(2, ten)), 2);
    }

    #[test]
    fn parses_time_ranges() {
        assert!(parse_time_range("09:00-12:30").is_some());
        assert!(parse_time_range("12:30-09:00").is_none());
        assert!(parse_time_range("9:00-12:30").is_none());
        assert!(parse_time_range("20:00-24:00").is_some());
        assert!(parse_time_range("20:00-24:01").is_none());
    }
}
