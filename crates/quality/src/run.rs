//! Running a suite: one solve per (instance, thread count, seed), recording the score over time.

use std::sync::Mutex;
use std::time::Duration;

use paddock_solver::solve::{NeverStop, Progress, SolveOptions, solve_with_progress};
use paddock_solver::{Score, Status};

use crate::SuiteConfig;

/// One point of a score curve: the best score known at `elapsed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurvePoint {
    /// Time since the solve began.
    pub elapsed: Duration,
    /// Best score at that time.
    pub score: Score,
}

/// What one run measured.
#[derive(Clone, Debug)]
pub struct RunRecord {
    /// Instance name.
    pub instance: String,
    /// Seed.
    pub seed: u64,
    /// Threads asked for (0: one per core).
    pub threads: usize,
    /// Threads the solver actually used.
    pub threads_used: usize,
    /// Outcome status.
    pub status: Status,
    /// Final score.
    pub score: Score,
    /// Requests left unplaced.
    pub unplaced: usize,
    /// Requests in the instance.
    pub requests: usize,
    /// Relative gap to the lower bound, when the solver reported one.
    pub gap: Option<f64>,
    /// When the best schedule first had no hard violation and nothing placeable left out.
    pub time_to_first_feasible: Option<Duration>,
    /// Total time of the run.
    pub elapsed: Duration,
    /// Candidate placements scored.
    pub moves_evaluated: u64,
    /// Local-search steps.
    pub steps: u64,
    /// Every new best score reported during the run, in time order.
    pub curve: Vec<CurvePoint>,
}

impl RunRecord {
    /// Moves evaluated per second of wall time (0 for an instant run).
    pub fn moves_per_second(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.moves_evaluated as f64 / secs
        } else {
            0.0
        }
    }
}

/// Everything a suite measured.
#[derive(Clone, Debug)]
pub struct SuiteResult {
    /// The time limit of each run.
    pub time_limit: Duration,
    /// Instance names, in the order they were run.
    pub instances: Vec<String>,
    /// Thread counts, in the order they were run.
    pub threads: Vec<usize>,
    /// One record per run.
    pub runs: Vec<RunRecord>,
}

impl SuiteResult {
    /// The runs of one instance with one thread count.
    pub fn runs_of<'a>(
        &'a self,
        instance: &'a str,
        threads: usize,
    ) -> impl Iterator<Item = &'a RunRecord> + 'a {
        self.runs
            .iter()
            .filter(move |r| r.instance == instance && r.threads == threads)
    }
}

/// Runs every instance once per thread count and seed, one run at a time (runs never compete
/// for cores, so moves per second stay comparable).
pub fn run_suite(config: &SuiteConfig) -> SuiteResult {
    let mut runs = Vec::new();
    for instance in &config.instances {
        for &threads in &config.threads {
            for &seed in &config.seeds {
                runs.push(run_one(instance, config.time_limit, seed, threads));
            }
        }
    }
    SuiteResult {
        time_limit: config.time_limit,
        instances: config.instances.iter().map(|i| i.name.clone()).collect(),
        threads: config.threads.clone(),
        runs,
    }
}

fn run_one(
    instance: &crate::Instance,
    time_limit: Duration,
    seed: u64,
    threads: usize,
) -> RunRecord {
    let problem = &instance.problem;
    let options = SolveOptions {
        seed,
        threads,
        time_limit: Some(time_limit),
        ..SolveOptions::default()
    };
    let curve = Mutex::new(Vec::new());
    let on_progress = |p: &Progress| {
        // A poisoned lock only means another progress call panicked; the points are still good.
        let mut points = curve.lock().unwrap_or_else(|e| e.into_inner());
        points.push(CurvePoint {
            elapsed: p.elapsed,
            score: p.best,
        });
    };
    let outcome = solve_with_progress(problem, &options, &NeverStop, &on_progress);
    let mut curve = curve.into_inner().unwrap_or_else(|e| e.into_inner());
    // Progress may arrive from several threads slightly out of order; the final score closes the curve.
    curve.sort_by_key(|p| p.elapsed);
    curve.push(CurvePoint {
        elapsed: outcome.stats.elapsed,
        score: outcome.score,
    });
    RunRecord {
        instance: instance.name.clone(),
        seed,
        threads,
        threads_used: outcome.stats.threads,
        status: outcome.status,
        score: outcome.score,
        unplaced: outcome.unplaced.len(),
        requests: problem.request_count(),
        gap: outcome.gap(),
        time_to_first_feasible: outcome.stats.time_to_first_feasible,
        elapsed: outcome.stats.elapsed,
        moves_evaluated: outcome.stats.moves_evaluated,
        steps: outcome.stats.steps,
        curve,
    }
}
