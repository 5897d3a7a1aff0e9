//! What the lessons that stay put already take: busy times, arena load, daily totals and the
//! placed members of each series.

use std::collections::BTreeMap;

use crate::Problem;
use crate::ids::*;
use crate::schedule::Schedule;
use crate::spec::WelfareMode;
use crate::time::{Interval, IntervalSet, Minute};

/// One fixed lesson on an arena.
#[derive(Clone, Copy, Debug)]
pub(super) struct Load {
    pub at: Interval,
    pub units: u32,
}

/// Lessons counted for a resource on the day they start (the kernels' daily limits).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct DayTotal {
    pub lessons: u32,
    pub minutes: i64,
}

/// A fixed member of a series: what the series kernel reads of it.
#[derive(Clone, Debug)]
pub(super) struct SeriesMember {
    pub day: usize,
    pub coach: CoachId,
    pub arena: ArenaId,
    /// (rider, horse) pairs of the lesson.
    pub horses: Vec<(RiderId, HorseId)>,
}

pub(super) struct Fixed {
    /// The busy time of each coach, rider and horse; the horse's includes its rest after each
    /// lesson when rest is a hard limit (see [`rest_end`]).
    pub coach: Vec<IntervalSet>,
    pub rider: Vec<IntervalSet>,
    pub horse: Vec<IntervalSet>,
    pub arena: Vec<Vec<Load>>,
    pub coach_day: BTreeMap<(CoachId, usize), DayTotal>,
    pub horse_day: BTreeMap<(HorseId, usize), DayTotal>,
    /// Fixed lessons of each coach by start day, for compactness: (start, end).
    pub coach_lessons: BTreeMap<(CoachId, usize), Vec<Interval>>,
    pub series: Vec<Vec<SeriesMember>>,
}

/// Whether rest between a horse's lessons is a hard limit here (rows, not costs).
pub(super) fn hard_rest(problem: &Problem, horse: HorseId) -> Option<i32> {
    let rest = problem.horses[horse.index()].min_rest_minutes? as i32;
    (problem.welfare == WelfareMode::Hard && rest > 0).then_some(rest)
}

/// The end of a horse's stay including the rest the kernel asks for after a lesson ending at
/// `end`: the next lesson may not start before it (the kernel counts the lesson in the buckets of
/// every day its rest touches, so the rest runs on past midnight).
pub(super) fn rest_end(problem: &Problem, horse: HorseId, end: Minute) -> Minute {
    match hard_rest(problem, horse) {
        Some(rest) => end + rest,
        None => end,
    }
}

impl Fixed {
    /// Collects everything placed in `base` (the fixed schedule with the free requests removed).
    pub fn collect(problem: &Problem, base: &Schedule) -> Fixed {
        let mut coach = vec![Vec::new(); problem.coaches.len()];
        let mut rider = vec![Vec::new(); problem.riders.len()];
        let mut horse = vec![Vec::new(); problem.horses.len()];
        let mut arena = vec![Vec::new(); problem.arenas.len()];
        let mut coach_day: BTreeMap<(CoachId, usize), DayTotal> = BTreeMap::new();
        let mut horse_day: BTreeMap<(HorseId, usize), DayTotal> = BTreeMap::new();
        let mut coach_lessons: BTreeMap<(CoachId, usize), Vec<Interval>> = BTreeMap::new();
        let mut series = vec![Vec::new(); problem.series.len()];
        for (id, a) in base.assigned() {
            let req = problem.request(id);
            let at = Interval::new(a.start, a.start + req.duration);
            let day = problem.axis.day_of(a.start);
            let minutes = i64::from(req.duration);
            // Out-of-range ids in a hand-made schedule are skipped rather than trusted.
            if let Some(list) = coach.get_mut(a.coach.index()) {
                list.push(at);
                let total = coach_day.entry((a.coach, day)).or_default();
                total.lessons += 1;
                total.minutes += minutes;
                coach_lessons.entry((a.coach, day)).or_default().push(at);
            }
            if let Some(list) = arena.get_mut(a.arena.index()) {
                list.push(Load {
                    at,
                    units: req.units,
                });
            }
            for &r in &req.riders {
                rider[r.index()].push(at);
            }
            let mut pairs = Vec::new();
            for (j, h) in a.horses.iter().enumerate() {
                let Some(h) = *h else { continue };
                let Some(list) = horse.get_mut(h.index()) else {
                    continue;
                };
                list.push(Interval::new(at.start, rest_end(problem, h, at.end)));
                let total = horse_day.entry((h, day)).or_default();
                total.lessons += 1;
                total.minutes += minutes;
                if let Some(&r) = req.riders.get(j) {
                    pairs.push((r, h));
                }
            }
            if let Some(s) = req.series {
                series[s.index()].push(SeriesMember {
                    day,
                    coach: a.coach,
                    arena: a.arena,
                    horses: pairs,
                });
            }
        }
        Fixed {
            coach: coach.into_iter().map(IntervalSet::from_intervals).collect(),
            rider: rider.into_iter().map(IntervalSet::from_intervals).collect(),
            horse: horse.into_iter().map(IntervalSet::from_intervals).collect(),
            arena,
            coach_day,
            horse_day,
            coach_lessons,
            series,
        }
    }

    pub fn coach_day(&self, coach: CoachId, day: usize) -> DayTotal {
        self.coach_day
            .get(&(coach, day))
            .copied()
            .unwrap_or_default()
    }

    pub fn horse_day(&self, horse: HorseId, day: usize) -> DayTotal {
        self.horse_day
            .get(&(horse, day))
            .copied()
            .unwrap_or_default()
    }

    /// The fixed load on an arena at minute `t`.
    pub fn arena_load(&self, arena: ArenaId, t: Minute) -> u32 {
        self.arena[arena.index()]
            .iter()
            .filter(|l| l.at.start <= t && t < l.at.end)
            .map(|l| l.units)
            .sum()
    }

    /// The highest fixed load on an arena during `at`: the load only rises where a lesson starts.
    pub fn arena_peak(&self, arena: ArenaId, at: Interval) -> u32 {
        let loads = &self.arena[arena.index()];
        std::iter::once(at.start)
            .chain(
                loads
                    .iter()
                    .map(|l| l.at.start)
                    .filter(|&t| at.start < t && t < at.end),
            )
            .map(|t| self.arena_load(arena, t))
            .max()
            .unwrap_or(0)
    }
}
