//! Construction: best-fit insertion, most constrained request first, with regret.

use rand::Rng;
use rand::seq::SliceRandom;

use crate::ids::RequestId;
use crate::schedule::Assignment;
use crate::score::Score;
use crate::score::state::ScoreState;
use crate::time::Minute;

use super::domain::Domain;
use super::placement::{self, Pick};
use super::scalar;

/// The best placement of unplaced request `id` among (up to `limit`) starts, with its score
/// delta; `None` when no start gives a hard-feasible placement.
pub(crate) fn best_insertion(
    state: &mut ScoreState,
    domain: &Domain,
    id: RequestId,
    limit: usize,
    rng: &mut impl Rng,
    moves: &mut u64,
) -> Option<(Assignment, Score)> {
    let mut best: Option<(Assignment, Score)> = None;
    let mut second: Option<Score> = None;
    best_two(state, domain, id, limit, rng, moves, &mut best, &mut second);
    best
}

/// Best and second-best deltas over the starts (the second at another start), for regret.
#[allow(clippy::too_many_arguments)]
fn best_two(
    state: &mut ScoreState,
    domain: &Domain,
    id: RequestId,
    limit: usize,
    rng: &mut impl Rng,
    moves: &mut u64,
    best: &mut Option<(Assignment, Score)>,
    second: &mut Option<Score>,
) {
    let starts = domain.starts(id);
    let sampled: Vec<Minute>;
    let starts: &[Minute] = if starts.len() > limit {
        // Preferred starts first, then an even sample of the rest from a random offset.
        let req = state.problem().request(id);
        let step = starts.len() as f64 / limit as f64;
        let offset = rng.random_range(0.0..step);
        let mut chosen: Vec<Minute> = starts
            .iter()
            .copied()
            .filter(|&s| {
                req.preferred
                    .contains(crate::time::Interval::new(s, s + req.duration))
            })
            .take(limit / 2)
            .collect();
        chosen.extend(
            (0..limit).map(|i| starts[((offset + i as f64 * step) as usize).min(starts.len() - 1)]),
        );
        sampled = chosen;
        &sampled
    } else {
        starts
    };
    for &start in starts {
        // A placement that costs nothing soft cannot be beaten by much: stop looking. Its
        // regret is then taken as zero, since such requests usually have many options.
        if best.as_ref().is_some_and(|(_, b)| b.soft <= 0) {
            *second = best.as_ref().map(|(_, b)| *b);
            break;
        }
        state.add_work(1);
        let Some(a) = placement::at_start(state, id, start, Pick::Best) else {
            continue;
        };
        *moves += 1;
        let delta = state.delta_assign(id, &a);
        if delta.hard > 0 {
            continue;
        }
        match best {
            Some((_, b)) if scalar(delta) >= scalar(*b) => {
                if second.is_none_or(|s| scalar(delta) < scalar(s)) {
                    *second = Some(delta);
                }
            }
            _ => {
                if let Some((_, b)) = best.take() {
                    *second = Some(b);
                }
                *best = Some((a, delta));
            }
        }
    }
}

/// Insertions between two questions to the stop check (an insertion takes microseconds to a
/// millisecond).
const STOP_CHECK_EVERY: usize = 64;

/// Places every unplaced request of `requests`, hardest first (`first`, those an earlier round
/// could not place, before all others). Returns the requests that could not be placed, and
/// those not tried once `stop` said so (asked every [`STOP_CHECK_EVERY`] insertions: ten clubs'
/// month of 50 000 lessons takes longer than a short time limit).
pub(crate) fn construct(
    state: &mut ScoreState,
    domain: &Domain,
    requests: &[RequestId],
    first: &[RequestId],
    stop: &dyn Fn() -> bool,
    rng: &mut impl Rng,
    moves: &mut u64,
) -> Vec<RequestId> {
    let problem = state.problem();
    let mut order: Vec<RequestId> = requests
        .iter()
        .copied()
        .filter(|&r| state.schedule().get(r).is_none())
        .collect();
    order.shuffle(rng);
    order.sort_by_key(|&r| {
        let req = problem.request(r);
        // A group needs every one of its riders free at once: fewer real options per rider.
        let options =
            domain.starts(r).len() * req.coach_candidates.len().max(1) / req.riders.len().max(1);
        (
            !req.pins.any(),
            first.binary_search(&r).is_err(),
            options,
            std::cmp::Reverse(req.priority),
            std::cmp::Reverse(req.riders.len()),
        )
    });
    // Regret over a small window costs a few extra evaluations per insertion; on large
    // components plain best-fit in difficulty order is nearly as good and much faster.
    let window = if order.len() <= 1500 { 2 } else { 1 };
    let limit = if order.len() <= 200 { 400 } else { 64 };
    let mut failed = Vec::new();
    let mut next = 0;
    let mut pending: Vec<RequestId> = Vec::new();
    let mut tried = 0usize;
    while next < order.len() || !pending.is_empty() {
        if tried % STOP_CHECK_EVERY == 0 && stop() {
            failed.append(&mut pending);
            failed.extend_from_slice(&order[next..]);
            break;
        }
        tried += 1;
        while pending.len() < window && next < order.len() {
            pending.push(order[next]);
            next += 1;
        }
        // Pick the pending request whose best placement is most ahead of its second best.
        let mut choice: Option<(usize, Assignment, i128)> = None;
        let mut hopeless = None;
        for (k, &r) in pending.iter().enumerate() {
            let (mut best, mut second) = (None, None);
            best_two(state, domain, r, limit, rng, moves, &mut best, &mut second);
            match best {
                None => {
                    hopeless = Some(k);
                    break;
                }
                Some((a, b)) => {
                    let regret = second.map_or(i128::MAX, |s| scalar(s) - scalar(b));
                    if choice.as_ref().is_none_or(|c| regret > c.2) {
                        choice = Some((k, a, regret));
                    }
                }
            }
        }
        if let Some(k) = hopeless {
            failed.push(pending.remove(k));
            continue;
        }
        if let Some((k, a, _)) = choice {
            let r = pending.remove(k);
            state.assign(r, a);
        }
    }
    failed
}
