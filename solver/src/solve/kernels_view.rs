//! Fast "is it free?" questions asked of the incremental state's day buckets.

use crate::ids::*;
use crate::model::{Coach, Horse};
use crate::score::Occ;
use crate::score::state::ScoreState;
use crate::time::Interval;

fn days(state: &ScoreState, at: Interval) -> std::ops::RangeInclusive<usize> {
    let axis = &state.problem().axis;
    axis.day_of(at.start)..=axis.day_of(at.end - 1)
}

pub(crate) fn rider_free(state: &ScoreState, rider: RiderId, at: Interval) -> bool {
    days(state, at).all(|d| {
        state
            .rider_day(rider, d)
            .iter()
            .all(|o| o.end <= at.start || o.start >= at.end)
    })
}

/// Whether `coach` works during `at`, busy or not.
pub(crate) fn coach_available(state: &ScoreState, coach: CoachId, at: Interval) -> bool {
    state.problem().coaches[coach.index()]
        .available
        .contains(at)
}

/// Whether `arena` is open during `at` and large enough for `units`, however full.
pub(crate) fn arena_available(
    state: &ScoreState,
    arena: ArenaId,
    at: Interval,
    units: u32,
) -> bool {
    let a = &state.problem().arenas[arena.index()];
    a.available.contains(at) && units <= a.capacity
}

/// Whether `horse` may work during `at` (no vet hold, no rest day), busy or not.
pub(crate) fn horse_available(state: &ScoreState, horse: HorseId, at: Interval) -> bool {
    state.problem().horses[horse.index()].available.contains(at)
}

pub(crate) fn coach_fits(
    state: &ScoreState,
    coach: CoachId,
    at: Interval,
    pinned: Option<CoachId>,
) -> bool {
    let problem = state.problem();
    if pinned.is_some_and(|p| p != coach) {
        return false;
    }
    if !coach_available(state, coach, at) {
        return false;
    }
    let c = &problem.coaches[coach.index()];
    let occ = state.coach_day(coach, problem.axis.day_of(at.start));
    if occ.iter().any(|o| o.end > at.start && o.start < at.end) {
        return false;
    }
    DailyLimits::of_coach(c).admit(state, occ.iter(), at)
}

pub(crate) fn arena_fits(
    state: &ScoreState,
    arena: ArenaId,
    at: Interval,
    units: u32,
    pinned: Option<ArenaId>,
) -> bool {
    let problem = state.problem();
    if pinned.is_some_and(|p| p != arena) {
        return false;
    }
    if !arena_available(state, arena, at, units) {
        return false;
    }
    let day = problem.axis.day_of(at.start);
    let occ = state.arena_day(arena, day);
    let overlapping = || occ.iter().filter(|o| o.end > at.start && o.start < at.end);
    if overlapping().next().is_none() {
        return true;
    }
    // The load peaks at some lesson's start inside the interval (or at its beginning).
    let capacity = problem.arenas[arena.index()].capacity;
    let load_at = |t| {
        overlapping()
            .filter(|o| o.start <= t && t < o.end)
            .map(|o| o.units)
            .sum::<u32>()
    };
    std::iter::once(at.start)
        .chain(overlapping().map(|o| o.start).filter(|&s| s > at.start))
        .all(|t| load_at(t) + units <= capacity)
}

pub(crate) fn horse_fits(state: &ScoreState, horse: HorseId, at: Interval) -> bool {
    let problem = state.problem();
    if !horse_available(state, horse, at) {
        return false;
    }
    let h = &problem.horses[horse.index()];
    let occ = state.horse_day(horse, problem.axis.day_of(at.start));
    let rest = h.min_rest_minutes.unwrap_or(0) as i32;
    if occ
        .iter()
        .any(|o| o.end + rest > at.start && o.start < at.end + rest)
    {
        return false;
    }
    DailyLimits::of_horse(h).admit(state, occ.iter(), at)
}

/// A coach's or horse's limits per day: lessons, and minutes taught or worked.
pub(crate) struct DailyLimits {
    lessons: Option<u32>,
    minutes: Option<u32>,
}

impl DailyLimits {
    pub(crate) fn of_coach(coach: &Coach) -> Self {
        Self {
            lessons: coach.max_lessons_per_day,
            minutes: coach.max_minutes_per_day,
        }
    }

    pub(crate) fn of_horse(horse: &Horse) -> Self {
        Self {
            lessons: horse.max_lessons_per_day,
            minutes: horse.max_work_minutes_per_day,
        }
    }

    /// Whether one more lesson at `at` keeps within the limits, beside `lessons` (a day bucket's
    /// occupations: those starting on `at`'s day count).
    pub(crate) fn admit<'o>(
        &self,
        state: &ScoreState,
        lessons: impl Iterator<Item = &'o Occ>,
        at: Interval,
    ) -> bool {
        let axis = &state.problem().axis;
        let day = axis.day_interval(axis.day_of(at.start));
        let (count, minutes) = lessons
            .filter(|o| day.start <= o.start && o.start < day.end)
            .fold((0u32, 0i32), |(n, m), o| (n + 1, m + (o.end - o.start)));
        self.lessons.is_none_or(|max| count < max)
            && self
                .minutes
                .is_none_or(|max| (minutes + at.len()) as u32 <= max)
    }
}
