//! Building placements for one request against the current schedule.
//!
//! These are fast pre-checks on the incremental state's day buckets: they find a coach, an arena
//! and horses that are free, so that the full score delta is only computed for placements that
//! can be hard-feasible. The score delta stays the judge: a placement these checks let through
//! is still rejected if the evaluator finds a hard violation (series spacing, for instance).

use rand::Rng;

use crate::ids::*;
use crate::schedule::Assignment;
use crate::score::state::ScoreState;
use crate::spec::HorseNeed;
use crate::time::{Interval, Minute};

use super::kernels_view::{arena_fits, coach_fits, horse_fits, rider_free};

/// How to pick among free resources.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Pick {
    /// Preferences first, then the least loaded.
    Best,
    /// Preferences first, then a random free one (for diversification).
    Random(u64),
}

/// A placement of `id` starting at `start`, or `None` when a rider is busy or no coach, arena or
/// horse is free. `id` must be unplaced.
pub(crate) fn at_start(
    state: &ScoreState,
    id: RequestId,
    start: Minute,
    pick: Pick,
) -> Option<Assignment> {
    let problem = state.problem();
    let req = problem.request(id);
    let at = Interval::new(start, start + req.duration);
    if !req.riders.iter().all(|&r| rider_free(state, r, at)) {
        return None;
    }
    let coach = choose(pick, 0, coach_order(state, id), |c| {
        coach_fits(state, c, at, req.pins.coach)
    })?;
    let arena = choose(pick, 1, arena_order(state, id), |a| {
        arena_fits(state, a, at, req.units, req.pins.arena)
    })?;
    let horses = horses(state, id, at, pick)?;
    Some(Assignment {
        start,
        coach,
        arena,
        horses,
    })
}

/// The first fitting resource in preference order; with [`Pick::Random`] the non-preferred tail
/// is rotated by a random offset.
fn choose<T: Copy>(
    pick: Pick,
    salt: u64,
    (preferred, rest): (Vec<T>, &[T]),
    fits: impl Fn(T) -> bool,
) -> Option<T> {
    if let Some(&t) = preferred.iter().find(|&&t| fits(t)) {
        return Some(t);
    }
    if rest.is_empty() {
        return None;
    }
    let offset = match pick {
        Pick::Best => 0,
        Pick::Random(seed) => {
            (seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(salt) % rest.len() as u64)
                as usize
        }
    };
    (0..rest.len())
        .map(|i| rest[(i + offset) % rest.len()])
        .find(|&t| fits(t))
}

fn coach_order<'p>(state: &ScoreState<'p>, id: RequestId) -> (Vec<CoachId>, &'p [CoachId]) {
    let problem = state.problem();
    let req = problem.request(id);
    if let Some(c) = req.pins.coach {
        return (vec![c], &[]);
    }
    let mut preferred = Vec::new();
    // A member's favourite coach may lack the qualification this lesson needs: then only the
    // qualified ones are worth trying.
    if let Some(c) = req
        .preferred_coach
        .filter(|c| req.coach_candidates.binary_search(c).is_ok())
    {
        preferred.push(c);
    }
    if let Some(series) = req.series {
        for &other in &problem.series[series.index()].requests {
            if let Some(a) = state.schedule().get(other) {
                if !preferred.contains(&a.coach)
                    && req.coach_candidates.binary_search(&a.coach).is_ok()
                {
                    preferred.push(a.coach);
                }
            }
        }
    }
    (preferred, &req.coach_candidates[..])
}

fn arena_order<'p>(state: &ScoreState<'p>, id: RequestId) -> (Vec<ArenaId>, &'p [ArenaId]) {
    let problem = state.problem();
    let req = problem.request(id);
    if let Some(a) = req.pins.arena {
        return (vec![a], &[]);
    }
    let mut preferred = Vec::new();
    if let Some(series) = req.series {
        for &other in &problem.series[series.index()].requests {
            if let Some(a) = state.schedule().get(other) {
                if !preferred.contains(&a.arena) && req.arena_candidates.contains(&a.arena) {
                    preferred.push(a.arena);
                }
            }
        }
    }
    (preferred, &req.arena_order[..])
}

/// One horse per rider: pinned, preferred, the series' horse, then the least worked that day.
fn horses(
    state: &ScoreState,
    id: RequestId,
    at: Interval,
    pick: Pick,
) -> Option<Vec<Option<HorseId>>> {
    let problem = state.problem();
    let req = problem.request(id);
    if req.horse_need == HorseNeed::None {
        return Some(Vec::new());
    }
    let day = problem.axis.day_of(at.start);
    let mut chosen: Vec<Option<HorseId>> = Vec::with_capacity(req.riders.len());
    for (j, &rider) in req.riders.iter().enumerate() {
        let fits = |h: HorseId| !chosen.contains(&Some(h)) && horse_fits(state, h, at);
        if let Some(h) = req.pins.horses[j] {
            if !fits(h) {
                return None;
            }
            chosen.push(Some(h));
            continue;
        }
        let mut preferred: Vec<HorseId> = req.preferred_horses[j].into_iter().collect();
        if let Some(series) = req.series {
            for &other in &problem.series[series.index()].requests {
                let other_req = problem.request(other);
                if let (Some(a), Some(k)) = (
                    state.schedule().get(other),
                    other_req.riders.iter().position(|&r| r == rider),
                ) {
                    if let Some(h) = a.horses.get(k).copied().flatten() {
                        if !preferred.contains(&h) {
                            preferred.push(h);
                        }
                    }
                }
            }
        }
        let candidates = &req.horse_candidates[j];
        let horse = preferred
            .iter()
            .copied()
            .find(|&h| candidates.contains(&h) && fits(h))
            .or_else(|| {
                let offset = match pick {
                    Pick::Best => 0,
                    Pick::Random(seed) => {
                        (seed.wrapping_add(j as u64 * 7919) % candidates.len().max(1) as u64)
                            as usize
                    }
                };
                let mut best: Option<(usize, HorseId)> = None;
                for i in 0..candidates.len() {
                    let h = candidates[(i + offset) % candidates.len()];
                    let load = state.horse_day(h, day).len();
                    if best.is_some_and(|(l, _)| l <= load) || !fits(h) {
                        continue;
                    }
                    best = Some((load, h));
                    if load == 0 || matches!(pick, Pick::Random(_)) {
                        break;
                    }
                }
                best.map(|(_, h)| h)
            })?;
        chosen.push(Some(horse));
    }
    Some(chosen)
}

/// A random start from the domain and a placement there, trying a few starts.
pub(crate) fn random(
    state: &ScoreState,
    id: RequestId,
    starts: &[Minute],
    rng: &mut impl Rng,
    tries: usize,
) -> Option<Assignment> {
    if starts.is_empty() {
        return None;
    }
    for _ in 0..tries {
        let start = starts[rng.random_range(0..starts.len())];
        if let Some(a) = at_start(state, id, start, Pick::Random(rng.random())) {
            return Some(a);
        }
    }
    None
}
