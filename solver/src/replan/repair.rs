//! Repairing a disrupted schedule with as few changes as possible.
//!
//! The search runs on the incremental evaluator with the old schedule as its baseline, so every
//! candidate placement already pays for what it changes (time > coach > horse, arena). Lessons
//! that break a hard constraint are taken out and put back, most constrained first: at their
//! old time if any coach, arena and horses are free then, else at their best time. Only a lesson
//! that still finds no place may displace others: one neighbouring lesson at a time (sharing a
//! rider or a candidate coach, arena or horse at that time) is moved aside if both then fit.

use std::collections::HashSet;

use crate::Problem;
use crate::check::describe;
use crate::ids::*;
use crate::recommend::candidates::{self, Only};
use crate::schedule::Assignment;
use crate::score::state::ScoreState;
use crate::solve::domain::Domain;
use crate::solve::scalar;
use crate::spec::HorseNeed;
use crate::time::{Interval, Minute};

/// Lessons taken out because they broke a hard constraint, with the first violation's words.
pub(crate) fn displace(
    state: &mut ScoreState,
    fixed: &HashSet<RequestId>,
) -> Vec<(RequestId, String)> {
    let problem = state.problem();
    let mut out: Vec<(RequestId, String)> = Vec::new();
    // A second pass catches a pair conflict whose other lesson was not the one removed.
    for _ in 0..3 {
        let mut removed = false;
        for v in crate::score::hard_violations(problem, state.schedule()) {
            if v.warning {
                continue;
            }
            // Of the lessons involved, move the latest that may move; the others keep their place.
            let Some(&victim) = v
                .lessons
                .iter()
                .rev()
                .find(|l| !fixed.contains(*l) && state.schedule().get(**l).is_some())
            else {
                continue;
            };
            state.unassign(victim);
            out.push((victim, describe(problem, &v).message));
            removed = true;
        }
        if !removed {
            break;
        }
    }
    out
}

/// Puts each lesson of `pending` back (old time first, then anywhere, then by moving one
/// neighbour aside). Returns the lessons that found no place.
pub(crate) fn replace(
    state: &mut ScoreState,
    domain: &Domain,
    pending: &[RequestId],
    old: &dyn Fn(RequestId) -> Option<Assignment>,
    fixed: &HashSet<RequestId>,
    tries: usize,
) -> Vec<RequestId> {
    let problem = state.problem();
    let mut order = pending.to_vec();
    order.sort_by_key(|&r| {
        (
            domain.starts(r).len(),
            std::cmp::Reverse(problem.request(r).priority),
            r,
        )
    });
    let mut failed = Vec::new();
    for &id in &order {
        if let Some(a) = old(id) {
            if let Some(c) = candidates::best(state, id, &[a.start], 1, Only::default())
                .into_iter()
                .next()
            {
                state.assign(id, c.assignment);
                continue;
            }
        }
        if let Some(c) = candidates::best(state, id, domain.starts(id), 1, Only::default())
            .into_iter()
            .next()
        {
            state.assign(id, c.assignment);
            continue;
        }
        failed.push(id);
    }
    failed.retain(|&id| !eject_one(state, domain, id, old, fixed, tries));
    failed
}

/// Tries to place `id` by moving one neighbouring lesson elsewhere; keeps the best such repair.
fn eject_one(
    state: &mut ScoreState,
    domain: &Domain,
    id: RequestId,
    old: &dyn Fn(RequestId) -> Option<Assignment>,
    fixed: &HashSet<RequestId>,
    tries: usize,
) -> bool {
    let problem = state.problem();
    let duration = problem.request(id).duration;
    // Starts nearest the lesson's old time first: a small shift is the cheaper change.
    let mut starts: Vec<Minute> = domain.starts(id).to_vec();
    if let Some(a) = old(id) {
        starts.sort_by_key(|&s| ((s - a.start).abs(), s));
    }
    let mut best: Option<(i128, Assignment, RequestId, Assignment)> = None;
    let mut budget = tries;
    let mut seen: HashSet<(Minute, RequestId)> = HashSet::new();
    for &start in &starts {
        if budget == 0 {
            break;
        }
        let at = Interval::new(start, start + duration);
        for other in neighbours(state, id, at) {
            if budget == 0 {
                break;
            }
            if fixed.contains(&other) || !seen.insert((start, other)) {
                continue;
            }
            budget -= 1;
            let Some(was) = state.unassign(other) else {
                continue;
            };
            if let Some(c) = candidates::best(state, id, &[start], 1, Only::default())
                .into_iter()
                .next()
            {
                state.assign(id, c.assignment.clone());
                let moved = candidates::best(state, other, &[was.start], 1, Only::default())
                    .into_iter()
                    .next()
                    .or_else(|| {
                        candidates::best(state, other, domain.starts(other), 1, Only::default())
                            .into_iter()
                            .next()
                    });
                if let Some(m) = moved {
                    state.assign(other, m.assignment.clone());
                    let score = scalar(state.score());
                    if best.as_ref().is_none_or(|b| score < b.0) {
                        best = Some((score, c.assignment.clone(), other, m.assignment));
                    }
                    state.unassign(other);
                }
                state.unassign(id);
            }
            state.assign(other, was);
        }
    }
    match best {
        Some((_, placed, other, moved)) => {
            state.assign(other, moved);
            state.assign(id, placed);
            true
        }
        None => false,
    }
}

/// Movable lessons at `at` that compete with `id`: its riders' lessons, and those of its
/// candidate coaches, arenas and horses.
fn neighbours(state: &ScoreState, id: RequestId, at: Interval) -> Vec<RequestId> {
    let problem: &Problem = state.problem();
    let req = problem.request(id);
    let mut out: Vec<RequestId> = Vec::new();
    let days = problem.axis.day_of(at.start)..=problem.axis.day_of(at.end - 1);
    let mut add = |occ: &[crate::score::Occ]| {
        for o in occ {
            if o.end > at.start && o.start < at.end && !out.contains(&o.lesson) {
                out.push(o.lesson);
            }
        }
    };
    for day in days {
        for &r in &req.riders {
            add(state.rider_day(r, day));
        }
        let coaches = match req.pins.coach {
            Some(c) => vec![c],
            None => req.coach_candidates.to_vec(),
        };
        for c in coaches {
            add(state.coach_day(c, day));
        }
        let arenas = match req.pins.arena {
            Some(a) => vec![a],
            None => req.arena_candidates.to_vec(),
        };
        for a in arenas {
            add(state.arena_day(a, day));
        }
        if req.horse_need != HorseNeed::None {
            for list in &req.horse_candidates {
                for &h in list.iter() {
                    add(state.horse_day(h, day));
                }
            }
        }
    }
    out.retain(|&l| l != id);
    out
}
