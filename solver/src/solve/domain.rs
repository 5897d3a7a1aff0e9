//! The static domain of each request: the starts worth trying at all.
//!
//! A start is in the domain when the lesson fits the allowed windows, the club's opening hours,
//! the series' validity and the pinned start, lies on the slot grid, and at least one candidate
//! coach and one candidate arena are available then. What other lessons occupy is left to the
//! search; this is computed once.

use rayon::prelude::*;

use crate::Problem;
use crate::ids::RequestId;
use crate::time::{Interval, IntervalSet, Minute};

/// Candidate starts per request, sorted.
#[derive(Clone, Debug)]
pub(crate) struct Domain {
    starts: Vec<Vec<Minute>>,
}

impl Domain {
    pub fn new(problem: &Problem) -> Self {
        let starts = (0..problem.request_count())
            .into_par_iter()
            .map(|r| starts_of(problem, RequestId::from_index(r)))
            .collect();
        Self { starts }
    }

    pub fn starts(&self, request: RequestId) -> &[Minute] {
        &self.starts[request.index()]
    }
}

fn starts_of(problem: &Problem, id: RequestId) -> Vec<Minute> {
    let req = problem.request(id);
    let mut window = req.allowed.intersect(&problem.open);
    if let Some(series) = req.series {
        window = window.intersect(&IntervalSet::from_intervals(vec![
            problem.series[series.index()].valid,
        ]));
    }
    if let Some(start) = req.pins.start {
        window = window.intersect(&IntervalSet::from_intervals(vec![Interval::new(
            start,
            start + req.duration,
        )]));
    }
    let axis = &problem.axis;
    let mut starts = Vec::new();
    for &interval in window.intervals() {
        let mut s = interval.start;
        // Align to the grid of the local day the start falls on.
        let day_start = axis.day_interval(axis.day_of(s)).start;
        let offset = (s - day_start).rem_euclid(problem.slot);
        if offset != 0 {
            s += problem.slot - offset;
        }
        while s + req.duration <= interval.end {
            let grid_start = axis.day_interval(axis.day_of(s)).start;
            if (s - grid_start).rem_euclid(problem.slot) != 0 {
                // Crossed into a day whose midnight is off the previous grid (daylight saving).
                s += problem.slot - (s - grid_start).rem_euclid(problem.slot);
                continue;
            }
            let at = Interval::new(s, s + req.duration);
            let coach = match req.pins.coach {
                Some(c) => problem.coaches[c.index()].available.contains(at),
                None => req
                    .coach_candidates
                    .iter()
                    .any(|c| problem.coaches[c.index()].available.contains(at)),
            };
            let arena = match req.pins.arena {
                Some(a) => problem.arenas[a.index()].available.contains(at),
                None => req
                    .arena_candidates
                    .iter()
                    .any(|a| problem.arenas[a.index()].available.contains(at)),
            };
            if coach && arena {
                starts.push(s);
            }
            s += problem.slot;
        }
    }
    starts
}
