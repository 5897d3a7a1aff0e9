//! Making room: placing what construction could not, before the search starts, by ejection
//! ([`eject_insert`]) in a walk that weighs each waiting lesson by how long it has waited.
//!
//! A walk that only accepts placing more stalls on the last few lessons of a full club: each has
//! a place only where several others are, and every way of putting it in leaves more out. A
//! lesson that keeps failing grows heavier (breakout, or "squeaky wheel", weighting), so that
//! after a while the walk accepts placing it at the cost of a few lighter ones, which are easier
//! to place in their turn. The best schedule seen is kept apart, so the walk may wander.

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::ids::RequestId;
use crate::schedule::Assignment;
use crate::score::Score;
use crate::score::state::ScoreState;

use super::eject::{eject_insert, restore};
use super::search::{Context, FEW_FAILED};

/// Attempts in a row without placing more before making room accepts trades at a soft cost.
const STRICT_ATTEMPTS: usize = 300;

/// Ejection attempts per request construction could not place, before the search starts.
const ROOM_ATTEMPTS: usize = 40;

/// When many were left out, making room goes on until this many attempts in a row (of all
/// threads together) placed no more than the best so far (club-l, 140 left out: 2 unplaced at
/// 10 s instead of 3–6).
const STALL_ATTEMPTS: usize = 3000;

/// Attempts each thread of a portfolio makes between meetings (50 placed everything on club-l
/// at 8 s on 6 of 16 seeds, 200 on 10 of 16).
const ROOM_EPOCH: usize = 200;

/// Places what construction could not by making room for it, keeping each attempt that leaves
/// no heavier a set waiting and, until `STRICT_ATTEMPTS` in a row placed nothing more, costs no
/// more soft (so which lesson waits may change on the way). With a portfolio, each thread walks
/// from the same state for `ROOM_EPOCH` attempts and all go on from the best, which is
/// `report`ed; a stall then counts the attempts of all threads. Leaves the best schedule seen
/// in `state`.
#[allow(clippy::too_many_arguments)]
pub(super) fn make_room<'p>(
    ctx: &Context,
    state: &mut ScoreState<'p>,
    failed: &[RequestId],
    movable: &[RequestId],
    portfolio: usize,
    report: &dyn Fn(&ScoreState),
    rng: &mut ChaCha8Rng,
    moves: &mut u64,
) {
    let mut walk = RoomWalk {
        unplaced: failed.to_vec(),
        weights: vec![1; state.problem().request_count()],
        best: placed_level(state.score()),
        best_state: None,
        since_best: 0,
        attempts: 0,
        // A few left out are placed sooner by the search's moves; many, by making room while
        // that places more.
        budget: failed.len() * ROOM_ATTEMPTS,
        persist: failed.len() > FEW_FAILED,
        // Only a persisting walk stalls, and it walks on every thread.
        stall: STALL_ATTEMPTS / portfolio.max(1),
    };
    // A few left out take a few attempts each: not worth a second thread's copy of the state.
    if portfolio <= 1 || !walk.persist {
        walk.run(ctx, state, movable, usize::MAX, rng, moves);
        walk.keep_best(state);
        return;
    }
    while !walk.done(ctx) {
        let seeds: Vec<u64> = (0..portfolio).map(|_| rng.random()).collect();
        let walked: Vec<(ScoreState, RoomWalk, u64)> = seeds
            .into_par_iter()
            .map(|seed| {
                let (mut mine, mut walk) = (state.clone(), walk.clone());
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                let mut moves = 0;
                walk.run(ctx, &mut mine, movable, ROOM_EPOCH, &mut rng, &mut moves);
                (mine, walk, moves)
            })
            .collect();
        *moves += walked.iter().map(|w| w.2).sum::<u64>();
        // Go on from the walk that stands best now; keep the best schedule any walk has seen
        // (each walk set out with a copy of the one kept so far, and keeps it until beaten).
        let mut best_seen: Option<ScoreState<'p>> = None;
        let mut best_level = walk.best;
        let mut chosen: Option<(ScoreState<'p>, RoomWalk<'p>)> = None;
        for (mine, mut walk, _) in walked {
            best_level = best_level.min(walk.best);
            if let Some(seen) = walk.best_state.take() {
                best_seen = Some(better(best_seen, seen));
            }
            if chosen.as_ref().is_none_or(|(s, _)| rank(&mine) < rank(s)) {
                chosen = Some((mine, walk));
            }
        }
        let (mine, mut chosen_walk) = chosen.expect("at least one walk");
        *state = mine;
        chosen_walk.best = best_level;
        chosen_walk.best_state = best_seen.filter(|seen| rank(seen) < rank(state));
        walk = chosen_walk;
        report(walk.best_state.as_ref().unwrap_or(state));
    }
    walk.keep_best(state);
}

/// What making room judges by: hard, then unplaced.
fn placed_level(score: Score) -> (i64, i64) {
    (score.hard, score.unassigned)
}

/// How good a schedule is while making room: placed level, then soft cost.
fn rank(state: &ScoreState) -> ((i64, i64), i64) {
    let score = state.score();
    (placed_level(score), score.soft)
}

/// The better of two schedules by [`rank`], `a` on a tie.
fn better<'p>(a: Option<ScoreState<'p>>, b: ScoreState<'p>) -> ScoreState<'p> {
    match a {
        Some(a) if rank(&a) <= rank(&b) => a,
        _ => b,
    }
}

/// Where making room stands.
#[derive(Clone)]
struct RoomWalk<'p> {
    unplaced: Vec<RequestId>,
    /// Per request, how heavily its waiting counts: one, plus one per failed attempt to place it.
    weights: Vec<i64>,
    /// The best placed level seen.
    best: (i64, i64),
    /// A schedule at the best level, kept once the walk has moved away from it (`None` while
    /// the walk's own state is the best).
    best_state: Option<ScoreState<'p>>,
    since_best: usize,
    /// Attempts without placing more after which a persisting walk ends.
    stall: usize,
    attempts: usize,
    budget: usize,
    persist: bool,
}

impl<'p> RoomWalk<'p> {
    fn done(&self, ctx: &Context) -> bool {
        self.unplaced.is_empty()
            || !(self.attempts < self.budget || self.persist && self.since_best < self.stall)
            || ctx.stop()
    }

    /// How much heavier the waiting set is after an attempt that touched the requests of `undo`
    /// (each listed once, with where it was before): only they may have changed.
    fn weight_change(&self, state: &ScoreState, undo: &[(RequestId, Option<Assignment>)]) -> i64 {
        let problem = state.problem();
        undo.iter()
            .map(|(r, before)| {
                let waits_now = i64::from(state.schedule().get(*r).is_none());
                let waited = i64::from(before.is_none());
                (waits_now - waited)
                    * i64::from(problem.request(*r).priority)
                    * self.weights[r.index()]
            })
            .sum()
    }

    /// Up to `max` attempts, fewer when done.
    fn run(
        &mut self,
        ctx: &Context,
        state: &mut ScoreState<'p>,
        movable: &[RequestId],
        max: usize,
        rng: &mut ChaCha8Rng,
        moves: &mut u64,
    ) {
        for _ in 0..max {
            if self.done(ctx) {
                return;
            }
            self.attempts += 1;
            self.since_best += 1;
            let Some(&id) = self.unplaced.choose(rng) else {
                return;
            };
            let before = state.score();
            let Some(undo) = eject_insert(state, &ctx.domain, id, movable, rng, moves) else {
                self.weights[id.index()] += 1;
                continue;
            };
            let after = state.score();
            // Trading one waiting lesson for another at any soft cost (a plateau walk) only once
            // plain improvement has stalled: it finds room the strict rule cannot reach, but
            // wanders where the strict rule would finish quickly.
            let plateau = self.since_best > STRICT_ATTEMPTS;
            let change = (after.hard - before.hard, self.weight_change(state, &undo));
            let worse = match change.cmp(&(0, 0)) {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Equal => !plateau && after.soft > before.soft,
                std::cmp::Ordering::Less => false,
            };
            if worse {
                restore(state, &undo);
                self.weights[id.index()] += 1;
                continue;
            }
            let level = placed_level(after);
            if level > self.best && self.best_state.is_none() {
                // Leaving the best schedule: keep a copy of it first.
                let moved = placements(state, &undo);
                restore(state, &undo);
                self.best_state = Some(state.clone());
                restore(state, &moved);
            }
            if level < self.best {
                self.best = level;
                self.since_best = 0;
            }
            if self
                .best_state
                .as_ref()
                .is_some_and(|seen| rank(state) <= rank(seen))
            {
                self.best_state = None;
            }
            // The attempt may have left other requests out in exchange.
            self.unplaced.extend(undo.iter().map(|(r, _)| *r));
            self.unplaced.sort_unstable();
            self.unplaced.dedup();
            self.unplaced.retain(|&r| state.schedule().get(r).is_none());
        }
    }

    /// Leaves the best schedule seen in `state`.
    fn keep_best(&mut self, state: &mut ScoreState<'p>) {
        if let Some(seen) = self.best_state.take()
            && rank(&seen) < rank(state)
        {
            *state = seen;
        }
    }
}

/// Where each request of `undo` is now.
fn placements(
    state: &ScoreState,
    undo: &[(RequestId, Option<Assignment>)],
) -> Vec<(RequestId, Option<Assignment>)> {
    undo.iter()
        .map(|&(r, _)| (r, state.schedule().get(r).cloned()))
        .collect()
}

#[cfg(test)]
mod tests;
