//! Auto-generation: turning lesson requests into a schedule.
//!
//! The problem is split into independent components (requests that can never compete for a
//! coach, horse, rider or arena), solved in parallel. Each component is built by best-fit
//! insertion, most constrained request first, then improved by local search on the incremental
//! evaluator (late acceptance while lessons wait, simulated annealing once every lesson is
//! placed), with change, swap, Kempe-chain, horse/coach/arena change and
//! ruin-and-recreate moves, in a mix that follows what each move gains per unit of work.
//! With several threads a large component is searched by a portfolio of differently seeded
//! searches that meet at fixed step counts, where one that stays behind takes over a copy of the
//! best, which keeps the result deterministic for a given seed, thread count and step budget.

mod anneal;
mod construct;
mod decompose;
pub(crate) mod domain;
mod eject;
mod hybrid;
mod kempe;
pub(crate) mod kernels_view;
mod mix;
mod outcome;
pub(crate) mod placement;
pub(crate) mod reasons;
mod room;
mod search;
mod termination;

pub use outcome::{Progress, SolveOutcome, SolveStats, Status, Unplaced};
pub use termination::{CancelFlag, NeverStop, Termination};

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::Problem;
use crate::bound::relaxed_bound;
use crate::schedule::Schedule;
use crate::score::Score;
use crate::score::state::ScoreState;

/// How to solve. `Default` gives a 10-second limit on all cores with seed 0.
#[derive(Clone, Debug)]
pub struct SolveOptions {
    /// Seed of every random choice.
    pub seed: u64,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Wall-clock limit for the whole solve.
    pub time_limit: Option<Duration>,
    /// Local-search steps per request (a work limit: with it, runs are reproducible whatever
    /// the machine's speed). `None`: until the time limit or cancellation.
    pub steps_per_request: Option<u64>,
    /// Recompute the full score after every accepted step and panic on a mismatch (slow; for
    /// tests and debugging).
    pub verify_incremental: bool,
    /// Use the exact MILP solver on components with at most this many requests (0: never); it
    /// proves optimality and gives the lower bound.
    pub exact_max_requests: usize,
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            seed: 0,
            threads: 0,
            time_limit: Some(Duration::from_secs(10)),
            steps_per_request: None,
            verify_incremental: false,
            exact_max_requests: 80,
        }
    }
}

/// Solves `problem` from scratch.
pub fn solve(
    problem: &Problem,
    options: &SolveOptions,
    termination: &dyn Termination,
) -> SolveOutcome {
    solve_with_progress(problem, options, termination, &|_| {})
}

/// Solves `problem`, reporting each new best score to `progress`.
pub fn solve_with_progress(
    problem: &Problem,
    options: &SolveOptions,
    termination: &dyn Termination,
    progress: &(dyn Fn(&Progress) + Sync),
) -> SolveOutcome {
    improve(
        problem,
        Schedule::empty(problem),
        options,
        termination,
        progress,
    )
}

/// Improves a given schedule (lessons already placed stay as a starting point and may move).
pub fn improve(
    problem: &Problem,
    start: Schedule,
    options: &SolveOptions,
    termination: &dyn Termination,
    progress: &(dyn Fn(&Progress) + Sync),
) -> SolveOutcome {
    let began = Instant::now();
    let deadline = options.time_limit.map(|limit| began + limit);
    let threads = if options.threads == 0 {
        rayon::current_num_threads().max(1)
    } else {
        options.threads
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool can be built");
    let ctx = search::Context {
        problem,
        baseline: None,
        domain: domain::Domain::new(problem),
        deadline,
        termination,
        progress,
        began,
        verify: options.verify_incremental,
        first_feasible: std::sync::Mutex::new(None),
        moves: std::sync::atomic::AtomicU64::new(0),
        component_best: std::sync::Mutex::new(Vec::new()),
    };
    let components = decompose::components(problem);
    *ctx.component_best.lock().expect("not poisoned") = vec![None; components.len()];
    // The relaxation bounds components of any size (often above what the MILP proves within
    // its time). It needs a fraction of a second on a club's month and seconds on ten: on a
    // thread of its own from the start, so that it is ready when the search ends instead of
    // adding to its time, and given up at the deadline or on cancellation.
    let outcome = std::thread::scope(|scope| {
        let relaxed = scope.spawn(|| {
            components
                .iter()
                .map(|requests| relaxed_bound(problem, &ctx.domain, requests, &|| ctx.stop()))
                .collect::<Vec<Option<Score>>>()
        });
        let solved = solve_components(&ctx, &pool, &components, &start, options, threads);
        let relaxed = relaxed.join().expect("the relaxation does not panic");
        combine(&start, solved, relaxed, &components)
    });
    let (mut schedule, steps, lower_bound, proven) = outcome;
    let cut_short = ctx.stop();
    let unplaced = pool.install(|| {
        reasons::explain_unplaced(problem, &ctx.domain, &mut schedule, deadline, cut_short)
    });
    let score = crate::score::score_of(problem, None, &schedule);
    // A bound reached proves the optimum, whoever found the bound.
    let proven = proven || lower_bound.is_some_and(|b| b >= score);
    let status = if score.hard > 0 {
        Status::HardViolations
    } else if !unplaced.is_empty() {
        Status::Partial
    } else if proven {
        Status::Optimal
    } else {
        Status::Feasible
    };
    // A proven optimum is its own bound even where the exact solver was not needed.
    let lower_bound = if proven { Some(score) } else { lower_bound };
    let elapsed = began.elapsed();
    SolveOutcome {
        status,
        score,
        lower_bound,
        schedule,
        unplaced,
        stats: SolveStats {
            elapsed,
            time_to_first_feasible: *ctx.first_feasible.lock().expect("not poisoned"),
            moves_evaluated: ctx.moves.load(std::sync::atomic::Ordering::Relaxed),
            steps,
            components: components.len(),
            threads,
        },
    }
}

/// Every component solved: in parallel with one thread each, or one component by a portfolio.
fn solve_components(
    ctx: &search::Context,
    pool: &rayon::ThreadPool,
    components: &[Vec<crate::ids::RequestId>],
    start: &Schedule,
    options: &SolveOptions,
    threads: usize,
) -> Vec<search::ComponentResult> {
    let portfolio = if components.len() == 1 { threads } else { 1 };
    pool.install(|| {
        components
            .par_iter()
            .enumerate()
            .map(|(k, requests)| {
                let seed = options.seed.wrapping_add(k as u64 * 0x5851_F42D);
                let steps = options.steps_per_request.map(|s| s * requests.len() as u64);
                search::solve_component(
                    ctx,
                    k,
                    requests,
                    start,
                    seed,
                    steps,
                    portfolio,
                    options.exact_max_requests,
                )
            })
            .collect()
    })
}

/// The components' schedules in one, their steps, the sum of their bounds (each the better of
/// the MILP's and the relaxation's) and whether every one is proven optimal.
fn combine(
    start: &Schedule,
    solved: Vec<search::ComponentResult>,
    relaxed: Vec<Option<Score>>,
    components: &[Vec<crate::ids::RequestId>],
) -> (Schedule, u64, Option<Score>, bool) {
    let mut schedule = start.clone();
    let mut steps = 0;
    let mut bound = Some(Score::ZERO);
    let mut proven = true;
    for ((solved, relaxed), requests) in solved.into_iter().zip(relaxed).zip(components) {
        steps += solved.steps;
        let better = match (solved.lower_bound, relaxed) {
            (Some(exact), Some(relaxed)) => Some(exact.max(relaxed)),
            (exact, relaxed) => exact.or(relaxed),
        };
        bound = bound.zip(better).map(|(sum, b)| sum + b);
        proven &= solved.proven_optimal;
        for &r in requests {
            match solved.schedule.get(r) {
                Some(a) => schedule.assign(r, a.clone()),
                None => drop(schedule.unassign(r, solved.schedule.reason(r).map(str::to_owned))),
            }
        }
    }
    (schedule, steps, bound, proven)
}

/// Scalar value of a score for acceptance tests: levels far apart so that one hard violation
/// outweighs any number of unplaced lessons, and one unplaced lesson any soft cost.
pub(crate) fn scalar(score: Score) -> i128 {
    i128::from(score.hard) * 1_000_000_000_000_000
        + i128::from(score.unassigned) * 1_000_000_000
        + i128::from(score.soft)
}

/// Keeps the incremental state honest in debug mode.
pub(crate) fn verify(state: &ScoreState) {
    if let Err((incremental, full)) = state.verify() {
        panic!("incremental score {incremental} differs from full recomputation {full}");
    }
}

#[cfg(test)]
pub(crate) mod tests;
