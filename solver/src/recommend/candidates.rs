//! Enumerating placements of one request: time, coach, arena and horses chosen together.
//!
//! At a given start the score delta of a placement is a sum of independent terms — one for the
//! coach (its day bucket, preference, continuity), one for the arena, one per rider's horse —
//! plus a part that depends on the start alone. So instead of scoring the cross product, each
//! coach, arena and horse is scored once against a reference placement, and the best
//! combinations are assembled from those marginal costs. The caller re-scores the few it keeps
//! exactly, which also guards the decomposition.

use crate::ids::*;
use crate::schedule::Assignment;
use crate::score::Score;
use crate::score::state::ScoreState;
use crate::solve::kernels_view::{arena_fits, coach_fits, horse_fits, rider_free};
use crate::solve::scalar;
use crate::spec::HorseNeed;
use crate::time::{Interval, Minute};

/// One candidate placement and its score delta (estimated until re-scored).
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    pub assignment: Assignment,
    pub delta: Score,
}

/// Restricts the resources a candidate may use (a freed coach or arena).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Only {
    pub coach: Option<CoachId>,
    pub arena: Option<ArenaId>,
}

/// Horses kept per rider before combining: preferred, series horse, then least loaded.
const HORSES_PER_RIDER: usize = 4;

/// The best `keep` hard-feasible placements of unplaced `id` over `starts`, best first, with
/// exact deltas.
pub(crate) fn best(
    state: &mut ScoreState,
    id: RequestId,
    starts: &[Minute],
    keep: usize,
    only: Only,
) -> Vec<Candidate> {
    if keep == 0 {
        return Vec::new();
    }
    let mut estimated = Vec::new();
    for &start in starts {
        estimated.extend(at_start(state, id, start, keep, only));
        // Bound the memory of long domains; a margin over `keep` survives exact re-scoring.
        if estimated.len() > 8 * keep + 64 {
            estimated.sort_by(order);
            estimated.truncate(2 * keep + 16);
        }
    }
    estimated.sort_by(order);
    let mut exact = Vec::with_capacity(keep);
    for c in estimated {
        if exact.len() == keep {
            break;
        }
        let delta = state.delta_assign(id, &c.assignment);
        if delta.hard == 0 {
            exact.push(Candidate {
                assignment: c.assignment,
                delta,
            });
        }
    }
    exact.sort_by(order);
    exact
}

/// Best first; ties broken by time then resources so results are deterministic.
fn order(x: &Candidate, y: &Candidate) -> std::cmp::Ordering {
    let (a, b) = (&x.assignment, &y.assignment);
    scalar(x.delta)
        .cmp(&scalar(y.delta))
        .then(a.start.cmp(&b.start))
        .then(a.coach.cmp(&b.coach))
        .then(a.arena.cmp(&b.arena))
        .then_with(|| a.horses.cmp(&b.horses))
}

/// Up to `keep` estimated placements at one start (empty when a rider is busy or a resource
/// kind has nothing free).
pub(crate) fn at_start(
    state: &mut ScoreState,
    id: RequestId,
    start: Minute,
    keep: usize,
    only: Only,
) -> Vec<Candidate> {
    let problem = state.problem();
    let req = problem.request(id);
    let at = Interval::new(start, start + req.duration);
    if !req.riders.iter().all(|&r| rider_free(state, r, at)) {
        return Vec::new();
    }
    let coach_pool: Vec<CoachId> = match req.pins.coach {
        Some(c) => vec![c],
        None => req.coach_candidates.to_vec(),
    };
    let coaches: Vec<CoachId> = coach_pool
        .into_iter()
        .filter(|&c| only.coach.is_none_or(|o| o == c) && coach_fits(state, c, at, req.pins.coach))
        .collect();
    let arena_pool: Vec<ArenaId> = match req.pins.arena {
        Some(a) => vec![a],
        None => req.arena_candidates.to_vec(),
    };
    let arenas: Vec<ArenaId> = arena_pool
        .into_iter()
        .filter(|&a| {
            only.arena.is_none_or(|o| o == a) && arena_fits(state, a, at, req.units, req.pins.arena)
        })
        .collect();
    if coaches.is_empty() || arenas.is_empty() {
        return Vec::new();
    }
    let Some(horse_lists) = horse_lists(state, id, at) else {
        return Vec::new();
    };
    let Some(reference) = greedy_horses(&horse_lists) else {
        return Vec::new();
    };

    let base = Assignment {
        start,
        coach: coaches[0],
        arena: arenas[0],
        horses: reference.clone(),
    };
    let d0 = state.delta_assign(id, &base);
    if d0.hard > 0 {
        // Something that depends on the start alone (series spacing) or on the reference
        // resources; either way this start offers nothing reliable.
        return Vec::new();
    }
    let mut coach_costs: Vec<(Score, CoachId)> = Vec::with_capacity(coaches.len());
    for &c in &coaches {
        let d = if c == base.coach {
            d0
        } else {
            state.delta_assign(
                id,
                &Assignment {
                    coach: c,
                    ..base.clone()
                },
            )
        };
        if d.hard == 0 {
            coach_costs.push((d - d0, c));
        }
    }
    let mut arena_costs: Vec<(Score, ArenaId)> = Vec::with_capacity(arenas.len());
    for &a in &arenas {
        let d = if a == base.arena {
            d0
        } else {
            state.delta_assign(
                id,
                &Assignment {
                    arena: a,
                    ..base.clone()
                },
            )
        };
        if d.hard == 0 {
            arena_costs.push((d - d0, a));
        }
    }
    let horse_costs = horse_costs(state, id, &base, d0, &horse_lists);
    let by_cost = |a: &Score, b: &Score| scalar(*a).cmp(&scalar(*b));
    coach_costs.sort_by(|a, b| by_cost(&a.0, &b.0).then(a.1.cmp(&b.1)));
    arena_costs.sort_by(|a, b| by_cost(&a.0, &b.0).then(a.1.cmp(&b.1)));
    let combos = horse_combos(&horse_costs, keep.min(3));

    let mut out = Vec::new();
    for &(cc, coach) in coach_costs.iter().take(keep.min(3)) {
        for &(ac, arena) in arena_costs.iter().take(keep.min(2)) {
            for (hc, horses) in &combos {
                out.push(Candidate {
                    assignment: Assignment {
                        start,
                        coach,
                        arena,
                        horses: horses.clone(),
                    },
                    delta: d0 + cc + ac + *hc,
                });
            }
        }
    }
    out.sort_by(order);
    out.truncate(keep);
    out
}

/// Per rider, the free suitable horses worth trying, best guess first; `None` when a rider has
/// none. Lessons without horses get no lists.
fn horse_lists(state: &ScoreState, id: RequestId, at: Interval) -> Option<Vec<Vec<HorseId>>> {
    let problem = state.problem();
    let req = problem.request(id);
    if req.horse_need == HorseNeed::None {
        return Some(Vec::new());
    }
    let day = problem.axis.day_of(at.start);
    let mut lists = Vec::with_capacity(req.riders.len());
    for (j, &rider) in req.riders.iter().enumerate() {
        if let Some(h) = req.pins.horses.get(j).copied().flatten() {
            if !horse_fits(state, h, at) {
                return None;
            }
            lists.push(vec![h]);
            continue;
        }
        // Horses the rider already rides in the package come right after the preferred one.
        let mut favoured: Vec<HorseId> = req
            .preferred_horses
            .get(j)
            .copied()
            .flatten()
            .into_iter()
            .collect();
        if let Some(series) = req.series {
            for &other in &problem.series[series.index()].requests {
                let other_req = problem.request(other);
                if let (Some(a), Some(k)) = (
                    state.schedule().get(other),
                    other_req.riders.iter().position(|&r| r == rider),
                ) {
                    if let Some(h) = a.horses.get(k).copied().flatten() {
                        if !favoured.contains(&h) {
                            favoured.push(h);
                        }
                    }
                }
            }
        }
        let candidates = &req.horse_candidates[j];
        let mut free: Vec<(bool, usize, HorseId)> = candidates
            .iter()
            .copied()
            .filter(|&h| horse_fits(state, h, at))
            .map(|h| (!favoured.contains(&h), state.horse_day(h, day).len(), h))
            .collect();
        if free.is_empty() {
            return None;
        }
        free.sort_unstable();
        // Keep enough that every other rider of a group can still get a distinct horse.
        let take = HORSES_PER_RIDER.max(req.riders.len() + 1);
        lists.push(free.into_iter().take(take).map(|(_, _, h)| h).collect());
    }
    Some(lists)
}

/// The first distinct horse of each rider's list, in rider order.
fn greedy_horses(lists: &[Vec<HorseId>]) -> Option<Vec<Option<HorseId>>> {
    let mut chosen: Vec<Option<HorseId>> = Vec::with_capacity(lists.len());
    for list in lists {
        let h = list.iter().copied().find(|h| !chosen.contains(&Some(*h)))?;
        chosen.push(Some(h));
    }
    Some(chosen)
}

/// Per rider, the marginal cost of each horse against the reference placement. Where the horse
/// is another rider's reference horse, that rider is left without a horse in both the measured
/// and the compared placement, so the difference still isolates this rider's term.
fn horse_costs(
    state: &mut ScoreState,
    id: RequestId,
    base: &Assignment,
    d0: Score,
    lists: &[Vec<HorseId>],
) -> Vec<Vec<(Score, HorseId)>> {
    let mut costs = Vec::with_capacity(lists.len());
    for (j, list) in lists.iter().enumerate() {
        let mut rider_costs = Vec::with_capacity(list.len());
        for &h in list {
            if base.horses[j] == Some(h) {
                rider_costs.push((Score::ZERO, h));
                continue;
            }
            let clash = base.horses.iter().position(|&x| x == Some(h));
            let mut with = base.horses.clone();
            with[j] = Some(h);
            let reference = match clash {
                None => d0,
                Some(k) => {
                    with[k] = None;
                    let mut without = base.horses.clone();
                    without[k] = None;
                    state.delta_assign(
                        id,
                        &Assignment {
                            horses: without,
                            ..base.clone()
                        },
                    )
                }
            };
            let d = state.delta_assign(
                id,
                &Assignment {
                    horses: with,
                    ..base.clone()
                },
            );
            if d.hard - reference.hard == 0 {
                rider_costs.push((d - reference, h));
            }
        }
        rider_costs.sort_by(|a, b| scalar(a.0).cmp(&scalar(b.0)).then(a.1.cmp(&b.1)));
        costs.push(rider_costs);
    }
    costs
}

/// The `keep` cheapest combinations of distinct horses, one per rider.
fn horse_combos(
    costs: &[Vec<(Score, HorseId)>],
    keep: usize,
) -> Vec<(Score, Vec<Option<HorseId>>)> {
    if costs.is_empty() {
        return vec![(Score::ZERO, Vec::new())];
    }
    // Small groups: the product of each rider's best few; larger groups: the greedy choice only,
    // as the product grows too fast and group horses rarely differ much.
    let width = match costs.len() {
        1 => keep.max(1),
        2 => 3,
        3 => 2,
        _ => 1,
    };
    let mut combos: Vec<(Score, Vec<Option<HorseId>>)> = vec![(Score::ZERO, Vec::new())];
    for rider in costs {
        let mut next = Vec::new();
        for (cost, chosen) in &combos {
            let mut taken = 0;
            for &(c, h) in rider {
                if taken == width {
                    break;
                }
                if chosen.contains(&Some(h)) {
                    continue;
                }
                let mut more = chosen.clone();
                more.push(Some(h));
                next.push((*cost + c, more));
                taken += 1;
            }
        }
        combos = next;
    }
    combos.sort_by(|a, b| scalar(a.0).cmp(&scalar(b.0)).then(a.1.cmp(&b.1)));
    combos.truncate(keep.max(1));
    combos
}
