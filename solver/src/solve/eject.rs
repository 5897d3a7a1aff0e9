//! Making room for a lesson that finds no free place: the lessons in its way are taken out, it
//! goes in, and they are put back wherever they fit best.
//!
//! Generated and real clubs are full at their busiest hours, so best-fit insertion leaves some
//! requests unplaced even when a schedule placing all of them exists; plain moves rarely reach
//! it, because every lesson in the way must move first. Clearing one start on one coach, one
//! arena and one horse per rider reaches it in one step.

use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};

use crate::ids::*;
use crate::schedule::Assignment;
use crate::score::state::ScoreState;
use crate::spec::HorseNeed;
use crate::time::Interval;

use super::construct::best_insertion;
use super::domain::Domain;
use super::kernels_view::{arena_fits, coach_fits, horse_fits};
use super::placement::{self, Pick};

/// Lessons cleared at most per attempt, plus two per rider of the lesson (a group's riders and
/// horses each may be busy): beyond this the attempt is not worth its cost.
const MAX_EJECTED: usize = 6;

/// How many times an ejected lesson that finds no place may itself eject others.
const CHAIN: u32 = 1;

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
    let start = *domain.starts(id).choose(rng)?;
    let at = Interval::new(start, start + req.duration);
    // A free resource where there is one, so that only what must move is ejected; a random
    // busy one otherwise.
    let coach = req.pins.coach.or_else(|| {
        free_or_any(&req.coach_candidates, rng, |c| {
            coach_fits(state, c, at, None)
        })
    })?;
    let arena = req.pins.arena.or_else(|| {
        free_or_any(&req.arena_candidates, rng, |a| {
            arena_fits(state, a, at, req.units, None)
        })
    })?;
    let mut horses: Vec<HorseId> = Vec::new();
    if req.horse_need != HorseNeed::None {
        for (j, candidates) in req.horse_candidates.iter().enumerate() {
            let unused: Vec<HorseId> = candidates
                .iter()
                .copied()
                .filter(|h| !horses.contains(h))
                .collect();
            let pick = req.pins.horses[j]
                .or_else(|| free_or_any(&unused, rng, |h| horse_fits(state, h, at)))?;
            horses.push(pick);
        }
    }

    // The lessons in the way: the riders' and the coach's overlapping lessons, the horses'
    // lessons within their rest of the interval, and arena lessons until the units fit.
    let day = problem.axis.day_of(at.start);
    let overlapping = |occ: &[crate::score::Occ], margin: i32| -> Vec<RequestId> {
        occ.iter()
            .filter(|o| o.end + margin > at.start && o.start < at.end + margin)
            .map(|o| o.lesson)
            .collect()
    };
    let mut blockers: Vec<RequestId> = Vec::new();
    for &rider in &req.riders {
        blockers.extend(overlapping(state.rider_day(rider, day), 0));
    }
    blockers.extend(overlapping(state.coach_day(coach, day), 0));
    for &h in &horses {
        let rest = problem.horses[h.index()].min_rest_minutes.unwrap_or(0) as i32;
        blockers.extend(overlapping(state.horse_day(h, day), rest));
    }
    blockers.sort_unstable();
    blockers.dedup();
    let mut arena_lessons = overlapping(state.arena_day(arena, day), 0);
    arena_lessons.retain(|l| blockers.binary_search(l).is_err());
    arena_lessons.shuffle(rng);
    let max_ejected = MAX_EJECTED + 2 * req.riders.len();
    if blockers.len() > max_ejected
        || blockers
            .iter()
            .any(|l| protected.contains(l) || movable.binary_search(l).is_err())
    {
        return None;
    }

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
        if let Some((a, _)) = best_insertion(state, domain, l, 48, rng, moves) {
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

/// A random candidate that `fits`, or a random one when none does.
fn free_or_any<T: Copy>(
    candidates: &[T],
    rng: &mut impl Rng,
    fits: impl Fn(T) -> bool,
) -> Option<T> {
    let free: Vec<T> = candidates.iter().copied().filter(|&t| fits(t)).collect();
    free.choose(rng).or_else(|| candidates.choose(rng)).copied()
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
