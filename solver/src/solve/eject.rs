//! Making room for a lesson that finds no free place: the lessons in its way are taken out, it
//! goes in, and they are put back wherever they fit best.
//!
//! Generated and real clubs are full at their busiest hours, so best-fit insertion leaves some
//! requests unplaced even when a schedule placing all of them exists; plain moves rarely reach
//! it, because every lesson in the way must move first. Clearing one start on one coach, one
//! arena and one horse per rider reaches it in one step.
//!
//! "In the way" includes the daily limits: a horse that has done its lessons for the day, or a
//! coach who has taught theirs, is free at the time asked for yet takes nothing more until one
//! of that day's lessons moves (at a club's busiest hours most horses are in that state).

use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};

use crate::ids::*;
use crate::schedule::Assignment;
use crate::score::Occ;
use crate::score::state::ScoreState;
use crate::spec::HorseNeed;
use crate::time::{Interval, Minute};

use super::construct::best_insertion;
use super::domain::Domain;
use super::kernels_view::{
    DailyLimits, arena_available, arena_fits, coach_available, coach_fits, horse_available,
    horse_fits,
};
use super::placement::{self, Pick};

/// Lessons cleared at most per attempt, plus two per rider of the lesson (a group's riders and
/// horses each may be busy): beyond this the attempt is not worth its cost.
const MAX_EJECTED: usize = 6;

/// The most lessons one attempt for a lesson of `riders` riders may take out.
fn max_ejected(riders: usize) -> usize {
    MAX_EJECTED + 2 * riders
}

/// How many times an ejected lesson that finds no place may itself eject others. Two rather
/// than one: on club-l (8 s, 2 threads, seeds 0–11) 10 runs of 12 placed everything against 7.
const CHAIN: u32 = 2;

/// Places unplaced `id` at a random start by ejecting the movable lessons in its way, then
/// re-inserts them at their best places, making room the same way for those that find none
/// (some may stay out). Returns each touched request's placement before the move, or `None`
/// (state unchanged) when no room could be made.
pub(crate) fn eject_insert(
    state: &mut ScoreState,
    domain: &Domain,
    id: RequestId,
    movable: &[RequestId],
    rng: &mut impl Rng,
    moves: &mut u64,
) -> Option<Vec<(RequestId, Option<Assignment>)>> {
    let mut undo = eject_chain(state, domain, id, movable, &mut vec![id], rng, moves, CHAIN)?;
    // A request touched twice keeps its first (original) placement.
    let mut seen = std::collections::HashSet::new();
    undo.retain(|(r, _)| seen.insert(*r));
    Some(undo)
}

#[allow(clippy::too_many_arguments)]
fn eject_chain(
    state: &mut ScoreState,
    domain: &Domain,
    id: RequestId,
    movable: &[RequestId],
    protected: &mut Vec<RequestId>,
    rng: &mut impl Rng,
    moves: &mut u64,
    depth: u32,
) -> Option<Vec<(RequestId, Option<Assignment>)>> {
    let problem = state.problem();
    let req = problem.request(id);
    // The start with the fewest lessons in the way among a few random ones ("min-conflicts"):
    // a random start alone often collides with more lessons than may move.
    let mut best: Option<Room> = None;
    for _ in 0..START_SAMPLES {
        let start = *domain.starts(id).choose(rng)?;
        let Some(room) = room_at(state, id, start, movable, protected, rng) else {
            continue;
        };
        if best.as_ref().is_none_or(|b| room.cost() < b.cost()) {
            best = Some(room);
        }
    }
    let Room {
        start,
        at,
        arena,
        coach,
        horses,
        blockers,
        arena_lessons,
        ..
    } = best?;
    let max_ejected = max_ejected(req.riders.len());

    let mut undo: Vec<(RequestId, Option<Assignment>)> = vec![(id, None)];
    for &l in &blockers {
        undo.push((l, state.unassign(l)));
    }
    for l in arena_lessons {
        if arena_fits(state, arena, at, req.units, req.pins.arena)
            || undo.len() > max_ejected
            || protected.contains(&l)
            || movable.binary_search(&l).is_err()
        {
            break;
        }
        undo.push((l, state.unassign(l)));
    }
    let placed = coach_fits(state, coach, at, req.pins.coach)
        && horses.iter().all(|&h| horse_fits(state, h, at))
        && placement::at_start(state, id, start, Pick::Best).is_some_and(|a| {
            let fits = state.delta_assign(id, &a).hard <= 0;
            if fits {
                state.assign(id, a);
            }
            fits
        });
    *moves += 1;
    if !placed {
        restore(state, &undo);
        return None;
    }

    // The hardest to place go back first.
    let mut ejected: Vec<RequestId> = undo[1..].iter().map(|(l, _)| *l).collect();
    ejected.sort_by_key(|&l| (domain.starts(l).len(), l));
    for l in ejected {
        if let Some((a, _)) = best_insertion(state, domain, l, REINSERT_STARTS, rng, moves) {
            state.assign(l, a);
        } else if depth > 0 {
            protected.push(l);
            let inner = eject_chain(state, domain, l, movable, protected, rng, moves, depth - 1);
            protected.pop();
            undo.extend(inner.into_iter().flatten());
        }
    }
    Some(undo)
}

/// Starts sampled for putting an ejected lesson back (16 placed everything on club-l at 8 s on
/// 6 of 16 seeds, 48 on 10 of 16: a cheaper attempt that fails more often is no faster).
const REINSERT_STARTS: usize = 48;

/// Starts tried per attempt; the one with the fewest lessons in the way is taken.
const START_SAMPLES: usize = 2;

/// Where a lesson would go and what is in its way there.
struct Room {
    start: Minute,
    at: Interval,
    coach: CoachId,
    arena: ArenaId,
    horses: Vec<HorseId>,
    /// Lessons that must leave: the riders', the coach's and the horses' overlapping ones, and
    /// as many of the coach's and horses' other lessons that day as their daily limits ask.
    blockers: Vec<RequestId>,
    /// Lessons in the arena then, taken out (in this order) only until the lesson fits.
    arena_lessons: Vec<RequestId>,
    arena_full: bool,
}

impl Room {
    fn cost(&self) -> usize {
        self.blockers.len() + usize::from(self.arena_full)
    }
}

/// The resources lesson `id` would take at `start` (free ones where there are some, so that only
/// what must move is ejected; random busy ones otherwise) and the lessons in its way; `None` when
/// too many are, or one of them may not move.
fn room_at(
    state: &ScoreState,
    id: RequestId,
    start: Minute,
    movable: &[RequestId],
    protected: &[RequestId],
    rng: &mut impl Rng,
) -> Option<Room> {
    let problem = state.problem();
    let req = problem.request(id);
    let at = Interval::new(start, start + req.duration);
    let coach = req.pins.coach.or_else(|| {
        free_or_any(
            &req.coach_candidates,
            rng,
            |c| coach_available(state, c, at),
            |c| coach_fits(state, c, at, None),
        )
    })?;
    let arena = req.pins.arena.or_else(|| {
        free_or_any(
            &req.arena_candidates,
            rng,
            |a| arena_available(state, a, at, req.units),
            |a| arena_fits(state, a, at, req.units, None),
        )
    })?;
    let day = problem.axis.day_of(at.start);
    let mut blockers: Vec<RequestId> = Vec::new();
    for &rider in &req.riders {
        blockers.extend(overlapping(state.rider_day(rider, day), at, 0));
    }
    blockers.extend(coach_blockers(state, coach, at, rng));
    blockers.extend(series_blockers(state, id, at));
    let mut horses: Vec<HorseId> = Vec::new();
    if req.horse_need != HorseNeed::None {
        for (j, candidates) in req.horse_candidates.iter().enumerate() {
            let unused: Vec<HorseId> = candidates
                .iter()
                .copied()
                .filter(|h| !horses.contains(h))
                .collect();
            let pick = req.pins.horses[j].or_else(|| {
                free_or_any(
                    &unused,
                    rng,
                    |h| horse_available(state, h, at),
                    |h| horse_fits(state, h, at),
                )
            })?;
            blockers.extend(horse_blockers(state, pick, at, rng));
            horses.push(pick);
        }
    }
    blockers.sort_unstable();
    blockers.dedup();
    let max_ejected = max_ejected(req.riders.len());
    if blockers.len() > max_ejected
        || blockers
            .iter()
            .any(|l| protected.contains(l) || movable.binary_search(l).is_err())
    {
        return None;
    }
    let mut arena_lessons = overlapping(state.arena_day(arena, day), at, 0);
    arena_lessons.retain(|l| blockers.binary_search(l).is_err());
    arena_lessons.shuffle(rng);
    let arena_full = !arena_fits(state, arena, at, req.units, req.pins.arena);
    Some(Room {
        start,
        at,
        coach,
        arena,
        horses,
        blockers,
        arena_lessons,
        arena_full,
    })
}

/// The lessons overlapping `at`, or closer to it than `margin` minutes.
fn overlapping(occ: &[Occ], at: Interval, margin: i32) -> Vec<RequestId> {
    occ.iter()
        .filter(|o| o.end + margin > at.start && o.start < at.end + margin)
        .map(|o| o.lesson)
        .collect()
}

/// The other lessons of `id`'s series that it may not join at `at`: those on that day beyond
/// the series' `max_per_day`, and those fewer than `min_days_between` days away. Two lessons of
/// a package that can each go on the same few days must take the days apart; with one on the
/// wrong day, the other fits nowhere until that one moves.
fn series_blockers(state: &ScoreState, id: RequestId, at: Interval) -> Vec<RequestId> {
    let problem = state.problem();
    let Some(series) = problem.request(id).series else {
        return Vec::new();
    };
    let s = &problem.series[series.index()];
    let day = problem.axis.day_of(at.start);
    let mut same_day = Vec::new();
    let mut blockers = Vec::new();
    for &mate in &s.requests {
        let Some(a) = state.schedule().get(mate).filter(|_| mate != id) else {
            continue;
        };
        let gap = problem.axis.day_of(a.start).abs_diff(day);
        if gap == 0 {
            same_day.push(mate);
        } else if (gap as u32) < s.min_days_between {
            blockers.push(mate);
        }
    }
    let keep = (s.max_per_day as usize).saturating_sub(1);
    blockers.extend(same_day.into_iter().skip(keep));
    blockers
}

/// The lessons that must leave `coach`'s day for it to teach at `at`.
fn coach_blockers(
    state: &ScoreState,
    coach: CoachId,
    at: Interval,
    rng: &mut impl Rng,
) -> Vec<RequestId> {
    let problem = state.problem();
    let c = &problem.coaches[coach.index()];
    let occ = state.coach_day(coach, problem.axis.day_of(at.start));
    let in_way = overlapping(occ, at, 0);
    over_limits(state, &DailyLimits::of_coach(c), occ, at, in_way, rng)
}

/// The lessons that must leave `horse`'s day for it to work at `at` (its rest included).
fn horse_blockers(
    state: &ScoreState,
    horse: HorseId,
    at: Interval,
    rng: &mut impl Rng,
) -> Vec<RequestId> {
    let problem = state.problem();
    let h = &problem.horses[horse.index()];
    let occ = state.horse_day(horse, problem.axis.day_of(at.start));
    let in_way = overlapping(occ, at, h.min_rest_minutes.unwrap_or(0) as i32);
    over_limits(state, &DailyLimits::of_horse(h), occ, at, in_way, rng)
}

/// `leaving` (the lessons in the way), and the lessons of the day that must leave besides them
/// for one more lesson at `at` to keep within `limits`: a horse that has done its lessons for
/// the day is not busy at the time asked for, yet takes no more until one of them moves. Lessons
/// of one rider go first (a group holds several horses and is the hardest to put back), in
/// random order.
fn over_limits(
    state: &ScoreState,
    limits: &DailyLimits,
    occ: &[Occ],
    at: Interval,
    mut leaving: Vec<RequestId>,
    rng: &mut impl Rng,
) -> Vec<RequestId> {
    // Only the lessons starting on that day count (a bucket also holds one running past midnight).
    let axis = &state.problem().axis;
    let day = axis.day_interval(axis.day_of(at.start));
    let mut staying: Vec<&Occ> = occ
        .iter()
        .filter(|o| day.start <= o.start && o.start < day.end && !leaving.contains(&o.lesson))
        .collect();
    if limits.admit(state, staying.iter().copied(), at) {
        return leaving;
    }
    staying.shuffle(rng);
    staying.sort_by_key(|o| state.problem().request(o.lesson).riders.len());
    while !staying.is_empty() && !limits.admit(state, staying.iter().copied(), at) {
        leaving.push(staying.remove(0).lesson);
    }
    leaving
}

/// A candidate that `fits` now, or else one that is `available` then (busy, but free once the
/// lessons in its way leave): one that is away at that time never fits. The search starts at a
/// random candidate, so that repeated attempts try different ones.
fn free_or_any<T: Copy>(
    candidates: &[T],
    rng: &mut impl Rng,
    available: impl Fn(T) -> bool,
    fits: impl Fn(T) -> bool,
) -> Option<T> {
    if candidates.is_empty() {
        return None;
    }
    let offset = rng.random_range(0..candidates.len());
    let rotated = || {
        candidates[offset..]
            .iter()
            .chain(&candidates[..offset])
            .copied()
    };
    rotated()
        .find(|&t| fits(t))
        .or_else(|| rotated().find(|&t| available(t)))
}

/// Puts every request of `undo` back where it was (each request listed once).
pub(crate) fn restore(state: &mut ScoreState, undo: &[(RequestId, Option<Assignment>)]) {
    for (r, _) in undo {
        state.unassign(*r);
    }
    for (r, a) in undo {
        if let Some(a) = a {
            state.assign(*r, a.clone());
        }
    }
}

#[cfg(test)]
mod tests;
