//! Splitting a problem into independent components.
//!
//! Two requests may interact when they could use the same coach, arena, horse or rider, or
//! belong to the same series. The components of that "may interact" relation — found with
//! petgraph's union-find over requests and resources, which avoids building the quadratic
//! request graph — can be solved separately: nothing placed in one can change the score of
//! another.

use petgraph::unionfind::UnionFind;

use crate::Problem;
use crate::ids::RequestId;

/// The components, each a sorted list of requests; largest first, ties by first request.
pub(crate) fn components(problem: &Problem) -> Vec<Vec<RequestId>> {
    let n = problem.request_count();
    let coach0 = n;
    let arena0 = coach0 + problem.coaches.len();
    let horse0 = arena0 + problem.arenas.len();
    let rider0 = horse0 + problem.horses.len();
    let series0 = rider0 + problem.riders.len();
    let mut sets = UnionFind::<usize>::new(series0 + problem.series.len());
    for id in problem.request_ids() {
        let r = id.index();
        let req = problem.request(id);
        for c in req.coach_candidates.iter() {
            sets.union(r, coach0 + c.index());
        }
        if let Some(c) = req.pins.coach {
            sets.union(r, coach0 + c.index());
        }
        for a in req.arena_candidates.iter() {
            sets.union(r, arena0 + a.index());
        }
        if let Some(a) = req.pins.arena {
            sets.union(r, arena0 + a.index());
        }
        for horses in &req.horse_candidates {
            for h in horses.iter() {
                sets.union(r, horse0 + h.index());
            }
        }
        for h in req.pins.horses.iter().flatten() {
            sets.union(r, horse0 + h.index());
        }
        for rider in &req.riders {
            sets.union(r, rider0 + rider.index());
        }
        if let Some(s) = req.series {
            sets.union(r, series0 + s.index());
        }
    }
    let mut by_root: std::collections::BTreeMap<usize, Vec<RequestId>> = Default::default();
    for id in problem.request_ids() {
        by_root.entry(sets.find(id.index())).or_default().push(id);
    }
    let mut components: Vec<Vec<RequestId>> = by_root.into_values().collect();
    components.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    components
}
