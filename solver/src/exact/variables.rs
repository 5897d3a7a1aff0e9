//! The decision variables: when each free request starts, and with which coach, arena and horses.
//!
//! Only combinations that break no hard constraint on their own are created: a start on the slot
//! grid inside the allowed windows, opening hours and series validity; coaches, arenas and horses
//! that are suitable, available, not taken by a fixed lesson and within their daily limits given
//! the fixed lessons. Everything left to decide is between free requests, in `constraints`.
//!
//! Per start there is a binary `T[r,s]`; per start and coach `X[r,s,c]` with `Σ_c X = T`, and
//! likewise arenas `A[r,s,a]` and, per rider, horses `W[r,j,s,h]`. Splitting the resources keeps
//! the model at `starts × (coaches + arenas + horses)` columns rather than their product, and is
//! exact because no constraint couples the coach, arena and horses of one lesson.

use std::ops::Range;

use crate::Problem;
use crate::ids::*;
use crate::model::Request;
use crate::spec::{HorseNeed, WelfareMode};
use crate::time::{Interval, Minute};

use super::fixed::{Fixed, rest_end};
use super::lp::{Lp, Var};

pub(super) struct RequestVars {
    pub id: RequestId,
    pub unplaced: Var,
    pub starts: Range<usize>,
}

pub(super) struct StartVar {
    /// Position of the request in [`Vars::requests`].
    pub req: usize,
    pub at: Interval,
    pub day: usize,
    pub var: Var,
    pub coaches: Range<usize>,
    pub arenas: Range<usize>,
    /// Per rider of the request, its horse variables.
    pub horses: Vec<Range<usize>>,
}

pub(super) struct Choice<I> {
    pub start: usize,
    pub id: I,
    pub var: Var,
}

pub(super) struct HorseChoice {
    pub start: usize,
    pub rider: usize,
    pub horse: HorseId,
    pub var: Var,
    /// End of the horse's stay including hard rest.
    pub busy_end: Minute,
}

pub(super) struct Vars {
    pub requests: Vec<RequestVars>,
    pub starts: Vec<StartVar>,
    pub coaches: Vec<Choice<CoachId>>,
    pub arenas: Vec<Choice<ArenaId>>,
    pub horses: Vec<HorseChoice>,
}

impl Vars {
    pub fn build(problem: &Problem, requests: &[RequestId], fixed: &Fixed, lp: &mut Lp) -> Vars {
        let mut vars = Vars {
            requests: Vec::new(),
            starts: Vec::new(),
            coaches: Vec::new(),
            arenas: Vec::new(),
            horses: Vec::new(),
        };
        for (pos, &id) in requests.iter().enumerate() {
            let req = problem.request(id);
            let unplaced = lp.binary();
            let first = vars.starts.len();
            for start in candidate_starts(problem, req, fixed) {
                vars.add_start(problem, req, pos, start, fixed, lp);
            }
            let starts = first..vars.starts.len();
            let mut link: Vec<(Var, f64)> = vars.starts[starts.clone()]
                .iter()
                .map(|s| (s.var, 1.0))
                .collect();
            link.push((unplaced, 1.0));
            lp.eq(link, 1.0);
            vars.requests.push(RequestVars {
                id,
                unplaced,
                starts,
            });
        }
        vars
    }

    /// Adds `T[r,s]` with its resource choices, unless some resource has no option at all.
    fn add_start(
        &mut self,
        problem: &Problem,
        req: &Request,
        pos: usize,
        at: Interval,
        fixed: &Fixed,
        lp: &mut Lp,
    ) {
        let day = problem.axis.day_of(at.start);
        let coaches: Vec<CoachId> = req
            .coach_candidates
            .iter()
            .copied()
            .filter(|&c| {
                req.pins.coach.is_none_or(|p| p == c) && coach_fits(problem, req, c, at, day, fixed)
            })
            .collect();
        let arenas: Vec<ArenaId> = req
            .arena_candidates
            .iter()
            .copied()
            .filter(|&a| {
                req.pins.arena.is_none_or(|p| p == a) && arena_fits(problem, req, a, at, fixed)
            })
            .collect();
        let horses: Vec<Vec<HorseId>> = if req.horse_need == HorseNeed::None {
            Vec::new()
        } else {
            (0..req.riders.len())
                .map(|j| horse_options(problem, req, j, at, day, fixed))
                .collect()
        };
        if coaches.is_empty() || arenas.is_empty() || horses.iter().any(Vec::is_empty) {
            return;
        }
        let index = self.starts.len();
        let var = lp.binary();
        // A single option is the start itself: no extra column, no linking row.
        let choose = |n: usize, lp: &mut Lp| -> Vec<Var> {
            if n == 1 {
                return vec![var];
            }
            let chosen: Vec<Var> = (0..n).map(|_| lp.binary()).collect();
            let mut link: Vec<(Var, f64)> = chosen.iter().map(|&v| (v, 1.0)).collect();
            link.push((var, -1.0));
            lp.eq(link, 0.0);
            chosen
        };
        let first = self.coaches.len();
        for (id, v) in coaches.iter().zip(choose(coaches.len(), lp)) {
            self.coaches.push(Choice {
                start: index,
                id: *id,
                var: v,
            });
        }
        let coach_range = first..self.coaches.len();
        let first = self.arenas.len();
        for (id, v) in arenas.iter().zip(choose(arenas.len(), lp)) {
            self.arenas.push(Choice {
                start: index,
                id: *id,
                var: v,
            });
        }
        let arena_range = first..self.arenas.len();
        let mut horse_ranges = Vec::with_capacity(horses.len());
        for (j, options) in horses.iter().enumerate() {
            let first = self.horses.len();
            for (&h, v) in options.iter().zip(choose(options.len(), lp)) {
                self.horses.push(HorseChoice {
                    start: index,
                    rider: j,
                    horse: h,
                    var: v,
                    busy_end: rest_end(problem, h, at.end),
                });
            }
            horse_ranges.push(first..self.horses.len());
        }
        self.starts.push(StartVar {
            req: pos,
            at,
            day,
            var,
            coaches: coach_range,
            arenas: arena_range,
            horses: horse_ranges,
        });
    }
}

/// Starts on the slot grid where the lesson lies inside its allowed windows, the opening hours
/// and its series' validity, with every rider free of fixed lessons (and matching a pinned start).
fn candidate_starts(problem: &Problem, req: &Request, fixed: &Fixed) -> Vec<Interval> {
    let kind = &problem.kinds[req.kind.index()];
    let riders = req.riders.len() as u32;
    // A lesson with the wrong number of riders breaks `group_size` wherever it goes.
    if riders < kind.min_riders || riders > kind.max_riders {
        return Vec::new();
    }
    let mut window = req.allowed.intersect(&problem.open);
    if let Some(s) = req.series {
        let valid = problem.series[s.index()].valid;
        window = window.intersect(&crate::time::IntervalSet::from_intervals(vec![valid]));
    }
    let axis = &problem.axis;
    let d = req.duration;
    let mut out = Vec::new();
    for &w in window.intervals() {
        if w.len() < d {
            continue;
        }
        let (first_day, last_day) = (axis.day_of(w.start), axis.day_of(w.end - d));
        for day in first_day..=last_day {
            let day_iv = axis.day_interval(day);
            let from = w.start.max(day_iv.start);
            // First grid point at or after `from`, the grid counted from the day's start.
            let offset = (from - day_iv.start).rem_euclid(problem.slot);
            let mut s = if offset == 0 {
                from
            } else {
                from + problem.slot - offset
            };
            while s < day_iv.end && s + d <= w.end {
                let at = Interval::new(s, s + d);
                if req.pins.start.is_none_or(|p| p == s)
                    && req
                        .riders
                        .iter()
                        .all(|r| !fixed.rider[r.index()].overlaps(at))
                {
                    out.push(at);
                }
                s += problem.slot;
            }
        }
    }
    out
}

fn coach_fits(
    problem: &Problem,
    req: &Request,
    c: CoachId,
    at: Interval,
    day: usize,
    fixed: &Fixed,
) -> bool {
    let coach = &problem.coaches[c.index()];
    let total = fixed.coach_day(c, day);
    coach.available.contains(at)
        && !fixed.coach[c.index()].overlaps(at)
        && coach.max_lessons_per_day.is_none_or(|m| total.lessons < m)
        && coach
            .max_minutes_per_day
            .is_none_or(|m| total.minutes + i64::from(req.duration) <= i64::from(m))
}

fn arena_fits(problem: &Problem, req: &Request, a: ArenaId, at: Interval, fixed: &Fixed) -> bool {
    let arena = &problem.arenas[a.index()];
    arena.available.contains(at) && fixed.arena_peak(a, at) + req.units <= arena.capacity
}

/// Horses rider `j` may take at `at`.
fn horse_options(
    problem: &Problem,
    req: &Request,
    j: usize,
    at: Interval,
    day: usize,
    fixed: &Fixed,
) -> Vec<HorseId> {
    let hard = problem.welfare == WelfareMode::Hard;
    req.horse_candidates[j]
        .iter()
        .copied()
        .filter(|&h| {
            let horse = &problem.horses[h.index()];
            let total = fixed.horse_day(h, day);
            req.pins
                .horses
                .get(j)
                .copied()
                .flatten()
                .is_none_or(|p| p == h)
                && horse.available.contains(at)
                && !fixed.horse[h.index()]
                    .overlaps(Interval::new(at.start, rest_end(problem, h, at.end)))
                && (!hard || horse.max_lessons_per_day.is_none_or(|m| total.lessons < m))
                && (!hard
                    || horse
                        .max_work_minutes_per_day
                        .is_none_or(|m| total.minutes + i64::from(req.duration) <= i64::from(m)))
        })
        .collect()
}
