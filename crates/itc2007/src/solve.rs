//! Solving an instance with Paddock's solver, through the [`Mapping`].

use std::time::Duration;

use paddock_solver::solve::{NeverStop, SolveStats};
use paddock_solver::{ModelError, Score};

use crate::adapter::{AdaptError, Mapping};
use crate::ctt::Instance;
use crate::score::{Report, score};
use crate::sol::Solution;

/// How to solve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SolveOptions {
    /// Wall-clock budget.
    pub time_limit: Duration,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Seed of every random choice.
    pub seed: u64,
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(60),
            threads: 1,
            seed: 0,
        }
    }
}

/// A timetable found by [`solve`], with its official score.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Solved {
    /// The timetable (lectures the solver could not place are absent).
    pub solution: Solution,
    /// What the official validator says about it.
    pub report: Report,
    /// The score Paddock's evaluator gave the same timetable; its `soft` part equals
    /// `report.total_cost()`.
    pub paddock_score: Score,
    /// How the search went: time, steps, moves evaluated.
    pub stats: SolveStats,
}

/// Why [`solve`] gave no timetable.
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    /// The instance cannot be translated.
    #[error(transparent)]
    Adapt(#[from] AdaptError),
    /// The translated problem does not validate (a bug of the mapping).
    #[error("the translated problem is invalid: {0}")]
    Model(#[from] ModelError),
}

/// Solves an instance with Paddock's solver and scores the result with the official rules.
pub fn solve(instance: &Instance, options: &SolveOptions) -> Result<Solved, SolveError> {
    let mapping = Mapping::new(instance)?;
    let problem = mapping.problem()?;
    let solver_options = paddock_solver::SolveOptions {
        seed: options.seed,
        threads: options.threads,
        time_limit: Some(options.time_limit),
        ..paddock_solver::SolveOptions::default()
    };
    let outcome = paddock_solver::solve(&problem, &solver_options, &NeverStop);
    let solution = mapping.to_solution(&outcome.schedule.to_spec(&problem))?;
    Ok(Solved {
        report: score(instance, &solution),
        solution,
        paddock_score: outcome.score,
        stats: outcome.stats,
    })
}
