//! Fast "is it free?" questions asked of the incremental state's day buckets.

use crate::ids::*;
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
    let c = &problem.coaches[coach.index()];
    if !c.available.contains(at) {
        return false;
    }
    let day = problem.axis.day_of(at.start);
    let occ = state.coach_day(coach, day);
    if occ.iter().any(|o| o.end > at.start && o.start < at.end) {
        return false;
    }
    let day_iv = problem.axis.day_interval(day);
    let starting = occ
        .iter()
        .filter(|o| day_iv.start <= o.start && o.start < day_iv.end);
    if let Some(max) = c.max_lessons_per_day {
        if starting.clone().count() as u32 + 1 > max {
            return false;
        }
    }
    if let Some(max) = c.max_minutes_per_day {
        let minutes: i32 = starting.map(|o| o.end - o.start).sum();
        if (minutes + at.len()) as u32 > max {
            return false;
        }
    }
    true
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
    let a = &problem.arenas[arena.index()];
    if !a.available.contains(at) || units > a.capacity {
        return false;
    }
    let day = problem.axis.day_of(at.start);
    let occ = state.arena_day(arena, day);
    let overlapping: Vec<_> = occ
        .iter()
        .filter(|o| o.end > at.start && o.start < at.end)
        .collect();
    if overlapping.is_empty() {
        return true;
    }
    // The load peaks at some lesson's start inside the interval (or at its beginning).
    let points = std::iter::once(at.start).chain(
        overlapping
            .iter()
            .map(|o| o.start)
            .filter(|&s| s > at.start),
    );
    points
        .map(|t| {
            overlapping
                .iter()
                .filter(|o| o.start <= t && t < o.end)
                .map(|o| o.units)
                .sum::<u32>()
        })
        .all(|load| load + units <= a.capacity)
}

pub(crate) fn horse_fits(state: &ScoreState, horse: HorseId, at: Interval) -> bool {
    let problem = state.problem();
    let h = &problem.horses[horse.index()];
    if !h.available.contains(at) {
        return false;
    }
    let day = problem.axis.day_of(at.start);
    let occ = state.horse_day(horse, day);
    let rest = h.min_rest_minutes.unwrap_or(0) as i32;
    if occ
        .iter()
        .any(|o| o.end + rest > at.start && o.start < at.end + rest)
    {
        return false;
    }
    let day_iv = problem.axis.day_interval(day);
    let starting = occ
        .iter()
        .filter(|o| day_iv.start <= o.start && o.start < day_iv.end);
    if let Some(max) = h.max_lessons_per_day {
        if starting.clone().count() as u32 + 1 > max {
            return false;
        }
    }
    if let Some(max) = h.max_work_minutes_per_day {
        let minutes: i32 = starting.map(|o| o.end - o.start).sum();
        if (minutes + at.len()) as u32 > max {
            return false;
        }
    }
    true
}
