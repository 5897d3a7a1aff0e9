//! Why a request cannot take place at a given start: every blocking reason, in words.
//!
//! The checks mirror the hard constraints in the order a front desk would look: the calendar
//! (windows, opening hours, grid, package validity, pins), then the riders, then each kind of
//! resource. A resource kind blocks only when none of its candidates is free; then every
//! candidate's own reason is listed.

use crate::Problem;
use crate::check::describe;
use crate::ids::*;
use crate::model::Request;
use crate::score::Constraint;
use crate::score::state::ScoreState;
use crate::solve::kernels_view::{arena_fits, coach_fits, horse_fits};
use crate::solve::placement::{self, Pick};
use crate::spec::HorseNeed;
use crate::time::{Interval, Minute};

use super::Blocker;
use super::candidates::{self, Only};

/// The blocking reasons for unplaced `id` at `start`; empty when a placement exists there.
pub(crate) fn blockers(state: &mut ScoreState, id: RequestId, start: Minute) -> Vec<Blocker> {
    let problem = state.problem();
    let req = problem.request(id);
    let at = Interval::new(start, start + req.duration);
    let mut out = calendar(problem, req, at);
    for &rider in &req.riders {
        for o in overlapping(problem, at, |d| state.rider_day(rider, d)) {
            out.push(blocker(
                Constraint::RiderOverlap,
                format!(
                    "rider {} is busy with {}",
                    problem.rider_name(rider),
                    problem.request_key(o)
                ),
            ));
        }
    }
    coaches(state, req, at, &mut out);
    arenas(state, req, at, &mut out);
    horses(state, req, at, &mut out);
    if !out.is_empty() {
        return out;
    }
    // Every resource kind has something free: what remains are the constraints that look at the
    // whole package or at the combination (series spacing, a horse for two riders).
    if !candidates::best(state, id, &[start], 1, Only::default()).is_empty() {
        return Vec::new();
    }
    let Some(a) = placement::at_start(state, id, start, Pick::Best) else {
        return vec![blocker(
            Constraint::HorseUnsuitable,
            "no combination of free horses gives every rider a different horse".into(),
        )];
    };
    let before = state.explain_parts(id, &a);
    state.assign(id, a.clone());
    let after = state.explain_parts(id, &a);
    state.unassign(id);
    after
        .iter()
        .filter(|v| {
            v.constraint.level() == crate::score::Level::Hard && !v.warning && !before.contains(v)
        })
        .map(|v| blocker(v.constraint, describe(problem, v).message))
        .collect()
}

fn blocker(constraint: Constraint, message: String) -> Blocker {
    Blocker {
        constraint,
        message,
    }
}

fn calendar(problem: &Problem, req: &Request, at: Interval) -> Vec<Blocker> {
    let axis = &problem.axis;
    let mut out = Vec::new();
    if (at.start - axis.day_interval(axis.day_of(at.start)).start).rem_euclid(problem.slot) != 0 {
        out.push(blocker(
            Constraint::OffSlotGrid,
            format!("does not start on the {}-minute grid", problem.slot),
        ));
    }
    if !req.allowed.contains(at) {
        out.push(blocker(
            Constraint::OutsideAllowedWindow,
            "outside the times the riders booked".into(),
        ));
    }
    if !problem.open.contains(at) {
        out.push(blocker(
            Constraint::ClubClosed,
            "outside the club's opening hours".into(),
        ));
    }
    if let Some(series) = req.series {
        if !problem.series[series.index()].valid.contains(at) {
            out.push(blocker(
                Constraint::SeriesValidity,
                format!(
                    "outside the validity of package {}",
                    problem.series_key(series)
                ),
            ));
        }
    }
    if let Some(pinned) = req.pins.start.filter(|&s| s != at.start) {
        out.push(blocker(
            Constraint::PinViolated,
            format!(
                "the lesson is pinned to {}",
                axis.describe(Interval::new(pinned, pinned + req.duration))
            ),
        ));
    }
    out
}

/// Lessons in a resource's day buckets that overlap `at`.
fn overlapping<'s>(
    problem: &Problem,
    at: Interval,
    day: impl Fn(usize) -> &'s [crate::score::Occ],
) -> Vec<RequestId> {
    let mut out = Vec::new();
    for d in problem.axis.day_of(at.start)..=problem.axis.day_of(at.end - 1) {
        for o in day(d) {
            if o.end > at.start && o.start < at.end && !out.contains(&o.lesson) {
                out.push(o.lesson);
            }
        }
    }
    out
}

fn keys(problem: &Problem, lessons: &[RequestId]) -> String {
    lessons
        .iter()
        .map(|&l| problem.request_key(l))
        .collect::<Vec<_>>()
        .join(", ")
}

fn coaches(state: &ScoreState, req: &Request, at: Interval, out: &mut Vec<Blocker>) {
    let problem = state.problem();
    let pool: Vec<CoachId> = match req.pins.coach {
        Some(c) => vec![c],
        None => req.coach_candidates.to_vec(),
    };
    if pool.is_empty() {
        out.push(blocker(
            Constraint::CoachNotQualified,
            "no coach has the qualification this lesson needs".into(),
        ));
        return;
    }
    if pool
        .iter()
        .any(|&c| coach_fits(state, c, at, req.pins.coach))
    {
        return;
    }
    for c in pool {
        let coach = &problem.coaches[c.index()];
        let name = problem.coach_name(c);
        if !coach.available.contains(at) {
            let note = coach
                .absences
                .iter()
                .find(|(i, _)| i.overlaps(at))
                .map(|(_, r)| format!(" ({r})"))
                .unwrap_or_default();
            out.push(blocker(
                Constraint::CoachUnavailable,
                format!("coach {name} is not working{note}"),
            ));
            continue;
        }
        let busy = overlapping(problem, at, |d| state.coach_day(c, d));
        if !busy.is_empty() {
            out.push(blocker(
                Constraint::CoachOverlap,
                format!("coach {name} is teaching {}", keys(problem, &busy)),
            ));
        } else {
            out.push(blocker(
                Constraint::CoachDailyLimit,
                format!("coach {name} has reached the daily limit"),
            ));
        }
    }
}

fn arenas(state: &ScoreState, req: &Request, at: Interval, out: &mut Vec<Blocker>) {
    let problem = state.problem();
    let pool: Vec<ArenaId> = match req.pins.arena {
        Some(a) => vec![a],
        None => req.arena_candidates.to_vec(),
    };
    if pool.is_empty() {
        out.push(blocker(
            Constraint::ArenaUnsuitable,
            "no arena has the tags and the space this lesson needs".into(),
        ));
        return;
    }
    if pool
        .iter()
        .any(|&a| arena_fits(state, a, at, req.units, req.pins.arena))
    {
        return;
    }
    for a in pool {
        let arena = &problem.arenas[a.index()];
        let name = problem.arena_name(a);
        if !arena.available.contains(at) {
            let note = arena
                .closures
                .iter()
                .find(|(i, _)| i.overlaps(at))
                .map(|(_, r)| format!(" ({r})"))
                .unwrap_or_default();
            out.push(blocker(
                Constraint::ArenaUnavailable,
                format!("arena {name} is closed{note}"),
            ));
        } else {
            let busy = overlapping(problem, at, |d| state.arena_day(a, d));
            out.push(blocker(
                Constraint::ArenaCapacity,
                format!("arena {name} is full ({})", keys(problem, &busy)),
            ));
        }
    }
}

fn horses(state: &ScoreState, req: &Request, at: Interval, out: &mut Vec<Blocker>) {
    let problem = state.problem();
    if req.horse_need == HorseNeed::None {
        return;
    }
    let day = problem.axis.day_of(at.start);
    for (j, &rider) in req.riders.iter().enumerate() {
        let rider_name = problem.rider_name(rider);
        let pool: Vec<HorseId> = match req.pins.horses.get(j).copied().flatten() {
            Some(h) => vec![h],
            None => req.horse_candidates[j].to_vec(),
        };
        if pool.is_empty() {
            out.push(blocker(
                Constraint::HorseUnsuitable,
                format!("no horse suits rider {rider_name}"),
            ));
            continue;
        }
        if pool.iter().any(|&h| horse_fits(state, h, at)) {
            continue;
        }
        for h in pool {
            let horse = &problem.horses[h.index()];
            let name = problem.horse_name(h);
            let (constraint, why) = if !horse.available.contains(at) {
                if horse.rest_days.contains(&day) {
                    (
                        Constraint::HorseUnavailable,
                        "is resting (rest day)".to_owned(),
                    )
                } else if let Some((_, reason)) = horse.holds.iter().find(|(i, _)| i.overlaps(at)) {
                    (
                        Constraint::HorseUnavailable,
                        format!("is on vet hold ({reason})"),
                    )
                } else {
                    (Constraint::HorseUnavailable, "is not available".to_owned())
                }
            } else {
                let busy = overlapping(problem, at, |d| state.horse_day(h, d));
                let rest = horse.min_rest_minutes.unwrap_or(0) as i32;
                let near = overlapping(
                    problem,
                    Interval::new(at.start - rest, at.end + rest),
                    |d| state.horse_day(h, d),
                );
                let today = state
                    .horse_day(h, day)
                    .iter()
                    .filter(|o| problem.axis.day_of(o.start) == day)
                    .count();
                if !busy.is_empty() {
                    (
                        Constraint::HorseOverlap,
                        format!("is busy with {}", keys(problem, &busy)),
                    )
                } else if !near.is_empty() {
                    (
                        Constraint::HorseRest,
                        format!(
                            "needs {rest} minutes of rest around {}",
                            keys(problem, &near)
                        ),
                    )
                } else if horse.max_lessons_per_day.is_some_and(|m| today as u32 >= m) {
                    (
                        Constraint::HorseDailyLessons,
                        format!(
                            "has reached its welfare limit of {} lessons a day",
                            horse.max_lessons_per_day.unwrap_or(0)
                        ),
                    )
                } else {
                    (
                        Constraint::HorseDailyWork,
                        "has reached its welfare limit of working minutes a day".to_owned(),
                    )
                }
            };
            out.push(blocker(
                constraint,
                format!("no free horse for rider {rider_name}: horse {name} {why}"),
            ));
        }
    }
}
