//! Reverse queries: when is a resource free, and who could take a freed slot.

use crate::Problem;
use crate::score::Resource;
use crate::score::state::ScoreState;
use crate::solve::kernels_view::{arena_fits, coach_fits, horse_fits, rider_free};
use crate::time::{Interval, Minute};

/// Grid starts in `range` at which a lesson of `duration` minutes fits inside opening hours and
/// `resource` is available and free (an arena: at least one space unit left).
pub(crate) fn free_slots(
    state: &ScoreState,
    resource: Resource,
    range: Interval,
    duration: i32,
) -> Vec<Interval> {
    let problem = state.problem();
    let mut out = Vec::new();
    if duration <= 0 || range.is_empty() {
        return out;
    }
    let horizon = problem.axis.horizon();
    let range = range.intersection(horizon);
    if range.is_empty() {
        return out;
    }
    for day in problem.axis.day_of(range.start)..=problem.axis.day_of(range.end - 1) {
        let day_iv = problem.axis.day_interval(day);
        let mut s: Minute = day_iv.start;
        while s < day_iv.end {
            let at = Interval::new(s, s + duration);
            if range.contains(at) && problem.open.contains(at) && free(state, problem, resource, at)
            {
                out.push(at);
            }
            s += problem.slot;
        }
    }
    out
}

fn free(state: &ScoreState, problem: &Problem, resource: Resource, at: Interval) -> bool {
    match resource {
        Resource::Coach(c) => c.index() < problem.coach_count() && coach_fits(state, c, at, None),
        Resource::Horse(h) => h.index() < problem.horse_count() && horse_fits(state, h, at),
        Resource::Arena(a) => {
            a.index() < problem.arena_count() && arena_fits(state, a, at, 1, None)
        }
        Resource::Rider(r) => r.index() < problem.rider_count() && rider_free(state, r, at),
        // A package is not a resource that is busy or free.
        Resource::Series(_) => false,
    }
}
