//! Kempe chains: two start times swap a chain of lessons at once.
//!
//! Moving one lesson to another time clashes with the lessons there that share a rider, coach
//! or horse with it; moving those to the first lesson's old time clashes with others there, and
//! so on. Swapping the whole chain moves lessons that only fit together (a class's day, a coach's
//! afternoon) without passing through a clash, which single moves and swaps cannot. This is the
//! move that timetabling solvers rely on (ITC-2007 track 3: comp02 and comp03 cost about a third
//! less at 20 s with it, see docs/benchmarks.md).

use rand::Rng;

use crate::ids::{ArenaId, RequestId};
use crate::score::state::ScoreState;
use crate::time::{Interval, Minute};

use super::kernels_view::arena_fits;

/// Lessons in one Kempe chain at most: longer chains rarely keep the score.
const KEMPE_MAX: usize = 12;

/// The Kempe chain of placed lesson `first` moving to `to`: each member with its new start.
/// `None` when `first` is unplaced, a lesson in the way cannot swap (another length or start,
/// pinned, not movable) or the chain grows past [`KEMPE_MAX`].
pub(super) fn kempe_chain(
    state: &ScoreState,
    movable: &[RequestId],
    first: RequestId,
    to: Minute,
) -> Option<Vec<(RequestId, Minute)>> {
    let problem = state.problem();
    let from = state.schedule().get(first)?.start;
    // Every member has this length: a lesson in the way of another length ends the chain.
    let duration = problem.request(first).duration;
    let mut chain: Vec<(RequestId, Minute)> = vec![(first, to)];
    let mut next = 0;
    while next < chain.len() {
        let (r, target) = chain[next];
        next += 1;
        let source = if target == to { from } else { to };
        let at = Interval::new(target, target + duration);
        let day = problem.axis.day_of(target);
        let a = state.schedule().get(r)?;
        let req = problem.request(r);
        let mut busy: Vec<&[crate::score::Occ]> = Vec::new();
        busy.extend(req.riders.iter().map(|&rider| state.rider_day(rider, day)));
        busy.push(state.coach_day(a.coach, day));
        busy.extend(a.horses.iter().flatten().map(|&h| state.horse_day(h, day)));
        for occ in busy.into_iter().flatten() {
            if occ.end <= at.start || occ.start >= at.end || occ.lesson == r {
                continue;
            }
            if chain.iter().any(|&(l, _)| l == occ.lesson) {
                continue;
            }
            let other = problem.request(occ.lesson);
            let swappable = occ.start == at.start
                && occ.end == at.end
                && other.pins.start.is_none()
                && movable.binary_search(&occ.lesson).is_ok();
            if !swappable || chain.len() >= KEMPE_MAX {
                return None;
            }
            chain.push((occ.lesson, source));
        }
    }
    Some(chain)
}

/// The arena lesson `r` (unplaced for now) takes when it moves to `start`: the one it had when
/// that is free then, else a free candidate (from a random offset), else the one it had (the
/// move then breaks arena capacity and is rejected).
pub(super) fn arena_at(
    state: &ScoreState,
    r: RequestId,
    had: ArenaId,
    start: Minute,
    rng: &mut impl Rng,
) -> ArenaId {
    let req = state.problem().request(r);
    let at = Interval::new(start, start + req.duration);
    if req.pins.arena.is_some() || arena_fits(state, had, at, req.units, None) {
        return had;
    }
    let n = req.arena_candidates.len();
    let offset = rng.random_range(0..n.max(1));
    (0..n)
        .map(|i| req.arena_candidates[(i + offset) % n])
        .find(|&a| arena_fits(state, a, at, req.units, None))
        .unwrap_or(had)
}

#[cfg(test)]
mod tests;
