//! What a solve returns.

use std::time::Duration;

use serde::Serialize;

use crate::ids::RequestId;
use crate::schedule::Schedule;
use crate::score::Score;

/// How good the schedule is known to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every request placed, no hard violation, and no better schedule exists.
    Optimal,
    /// Every request placed and no hard violation; optimality not proven.
    Feasible,
    /// No hard violation, but some requests could not be placed (see `unplaced`).
    Partial,
    /// Pinned lessons conflict with each other: hard violations remain.
    HardViolations,
}

/// A request left unplaced and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unplaced {
    /// The request.
    pub request: RequestId,
    /// Why, in words (e.g. "no qualified coach is free in the allowed times").
    pub reason: String,
}

/// Figures about the run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SolveStats {
    /// Total time.
    pub elapsed: Duration,
    /// When the best schedule first had no hard violation and no unplaced request that could
    /// be placed, if ever.
    pub time_to_first_feasible: Option<Duration>,
    /// Candidate placements scored.
    pub moves_evaluated: u64,
    /// Local-search steps taken.
    pub steps: u64,
    /// Independent components solved.
    pub components: usize,
    /// Threads used.
    pub threads: usize,
}

/// The result of [`solve`](crate::solve::solve).
#[derive(Clone, Debug)]
pub struct SolveOutcome {
    /// How good the schedule is known to be.
    pub status: Status,
    /// Its score.
    pub score: Score,
    /// The best lower bound known on the score: per component the better of the MILP's (small
    /// components) and the relaxation's (any size, `bound::relaxed`); `None` when a component
    /// has neither, as when the time ran out before the relaxation of a very large club was done.
    pub lower_bound: Option<Score>,
    /// The schedule.
    pub schedule: Schedule,
    /// Requests that could not be placed, with reasons.
    pub unplaced: Vec<Unplaced>,
    /// Figures about the run.
    pub stats: SolveStats,
}

impl SolveOutcome {
    /// Relative gap between the score and the lower bound at the first level where they
    /// differ (0 when proven optimal), if a bound is known.
    pub fn gap(&self) -> Option<f64> {
        self.lower_bound.map(|bound| self.score.gap_to(bound))
    }
}

/// A progress event: a new best score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Best score so far (of the component that improved, plus the others' current bests).
    pub best: Score,
    /// Time since the solve began.
    pub elapsed: Duration,
    /// Steps so far in that component.
    pub steps: u64,
}
