//! The club's calendar as the generator sees it: local days cut into 15-minute slots.
//!
//! The generator plans on local wall-clock slots (a `u128` bit per slot of a day) and converts to
//! UTC instants only when it writes documents. Opening hours never span the small hours, where
//! daylight-saving jumps happen, so wall-clock arithmetic inside a day is exact.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use paddock_solver::spec::TimeSpan;

/// Minutes per slot; the model's slot grid.
pub(crate) const SLOT: u32 = 15;
/// Slots in a day.
pub(crate) const SLOTS: u32 = 24 * 60 / SLOT;

/// A set of slots of one local day.
pub(crate) type Mask = u128;

/// The slots lying entirely inside `[from, to)` minutes after midnight.
pub(crate) fn mask(from: u32, to: u32) -> Mask {
    let first = from.div_ceil(SLOT);
    let last = (to / SLOT).min(SLOTS);
    if first >= last {
        return 0;
    }
    let width = last - first;
    let ones = if width >= 128 {
        Mask::MAX
    } else {
        (1u128 << width) - 1
    };
    ones << first
}

/// The slots `[start, start + len)`, clipped to the day.
pub(crate) fn slots(start: u32, len: u32) -> Mask {
    mask(start * SLOT, (start + len) * SLOT)
}

/// `HH:MM-HH:MM` from minutes after midnight.
pub(crate) fn range(from: u32, to: u32) -> String {
    format!(
        "{:02}:{:02}-{:02}:{:02}",
        from / 60,
        from % 60,
        to / 60,
        to % 60
    )
}

/// The horizon on the club's clock.
#[derive(Clone, Debug)]
pub(crate) struct Calendar {
    pub tz: Tz,
    pub start: NaiveDate,
    pub days: u32,
}

impl Calendar {
    /// Weekday of day `day`, Monday = 0.
    pub fn weekday(&self, day: u32) -> usize {
        self.date(i64::from(day)).weekday().num_days_from_monday() as usize
    }

    /// The local date of day `day` (may lie outside the horizon).
    pub fn date(&self, day: i64) -> NaiveDate {
        self.start + Duration::days(day)
    }

    /// The UTC instant of `minute` minutes after local midnight of day `day`.
    pub fn instant(&self, day: i64, minute: u32) -> DateTime<Utc> {
        let naive = self.date(day).and_hms_opt(0, 0, 0).unwrap_or_default()
            + Duration::minutes(i64::from(minute));
        match self.tz.from_local_datetime(&naive).earliest() {
            Some(t) => t.with_timezone(&Utc),
            // A wall-clock time skipped by a daylight-saving jump: the hour after it exists.
            None => self
                .tz
                .from_local_datetime(&(naive + Duration::hours(1)))
                .earliest()
                .map_or_else(|| naive.and_utc(), |t| t.with_timezone(&Utc)),
        }
    }

    /// A span from `from` to `to` minutes after midnight of day `day`.
    pub fn span(&self, day: i64, from: u32, to: u32, reason: &str) -> TimeSpan {
        TimeSpan {
            start: self.instant(day, from),
            end: self.instant(day, to),
            reason: reason.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_hold_whole_slots_only() {
        assert_eq!(mask(0, 30), 0b11);
        assert_eq!(mask(10, 30), 0b10);
        assert_eq!(mask(60, 60), 0);
        assert_eq!(mask(0, 24 * 60).count_ones(), SLOTS);
        assert_eq!(slots(4, 3), 0b111 << 4);
        assert_eq!(range(17 * 60, 21 * 60 + 30), "17:00-21:30");
    }
}
