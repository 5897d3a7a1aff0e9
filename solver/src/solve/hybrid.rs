//! Local search and the exact MILP on one small component.
//!
//! The search leads: a MILP started cold spends its time on a first schedule that the search
//! finds in milliseconds, so the search runs first and hands its best schedule to HiGHS as a
//! start. Then, with a second thread, both run side by side until the deadline (the search
//! stops early when HiGHS proves an optimum); with one thread the MILP gets half of what is
//! left and the search the rest.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::exact::{ExactInput, solve_exact};
use crate::schedule::Schedule;
use crate::score::state::ScoreState;
use crate::score::{Score, score_of};

use super::scalar;
use super::search::{ComponentResult, Runner, Searched};

/// Local-search steps per request before the exact solver starts from the best so far.
const LEAD_STEPS_PER_REQUEST: u64 = 1_000;

/// The exact solver's time when the caller set no deadline.
const UNLIMITED_EXACT_TIME: Duration = Duration::from_secs(30);

pub(super) fn search_with_exact<'a>(
    runner: &Runner<'_, 'a>,
    state: ScoreState<'a>,
    seed: u64,
    budget: Option<u64>,
    portfolio: usize,
) -> ComponentResult {
    let ctx = runner.ctx;
    let lead_steps = LEAD_STEPS_PER_REQUEST * runner.requests.len() as u64;
    let lead_steps = budget.map_or(lead_steps, |budget| budget.min(lead_steps));
    let lead = runner.search(state, seed, Some(lead_steps), portfolio);
    if runner.is_perfect(&lead.best) || ctx.stop() {
        let proven_optimal = runner.is_perfect(&lead.best);
        return ComponentResult {
            schedule: lead.best.into_schedule(),
            steps: lead.steps,
            lower_bound: None,
            proven_optimal,
        };
    }
    let warm = lead.best.schedule().clone();
    // No budget stays none: the rest is planned from the deadline. (When "no budget" was
    // u64::MAX, the rest became a budget of ~1.8e19 steps over which annealing planned to cool,
    // so it never cooled: club-s at 10 s scored 166–167 instead of 159–165.)
    let rest = budget.map(|budget| budget.saturating_sub(lead.steps_each));
    let seed = seed ^ 0xD1B5_4A32_D192_ED03;
    let (exact, searched) = if portfolio >= 2 {
        rayon::join(
            || {
                let exact = run_exact(runner, &warm, 1.0);
                if exact.as_ref().is_some_and(|e| e.optimal) {
                    runner.halt.store(true, Ordering::Relaxed);
                }
                exact
            },
            || runner.search(lead.best, seed, rest, portfolio - 1),
        )
    } else {
        let exact = run_exact(runner, &warm, 0.5);
        if exact.as_ref().is_some_and(|e| e.optimal) {
            let searched = Searched {
                best: lead.best,
                steps: 0,
                steps_each: 0,
            };
            (exact, searched)
        } else {
            (exact, runner.search(lead.best, seed, rest, 1))
        }
    };
    combine(runner, exact, searched, lead.steps)
}

/// What the exact solver gave, in the component's terms.
struct ExactRun {
    /// Its schedule with the component's score, if HiGHS found one.
    found: Option<(Schedule, Score)>,
    lower_bound: Option<Score>,
    optimal: bool,
}

/// The exact solver on the component, starting from `warm`, with `share` of the time left.
fn run_exact(runner: &Runner, warm: &Schedule, share: f64) -> Option<ExactRun> {
    let ctx = runner.ctx;
    let time_limit = ctx.deadline.map_or(UNLIMITED_EXACT_TIME, |d| {
        d.saturating_duration_since(Instant::now()).mul_f64(share)
    });
    let input = ExactInput {
        problem: ctx.problem,
        requests: runner.requests,
        fixed: warm,
        time_limit,
        stop: &|| ctx.stop(),
    };
    let output = solve_exact(&input).ok()?;
    let found = output.schedule.map(|schedule| {
        let score = score_of(ctx.problem, ctx.baseline, &schedule) - runner.offset;
        ctx.report(runner.component, score, 0);
        (schedule, score)
    });
    Some(ExactRun {
        found,
        lower_bound: output.lower_bound.map(|b| b - runner.offset),
        optimal: output.optimal,
    })
}

/// The better of the two schedules (the exact one on a tie: it may be proven), and the bound.
fn combine(
    runner: &Runner,
    exact: Option<ExactRun>,
    searched: Searched,
    lead_steps: u64,
) -> ComponentResult {
    let (found, lower_bound) = exact.map_or((None, None), |e| (e.found, e.lower_bound));
    let searched_score = runner.score(&searched.best);
    let (schedule, score) = match found {
        Some((schedule, score)) if scalar(score) <= scalar(searched_score) => (schedule, score),
        _ => (searched.best.into_schedule(), searched_score),
    };
    let proven_optimal =
        scalar(score) <= 0 || lower_bound.is_some_and(|b| scalar(b) >= scalar(score));
    ComponentResult {
        schedule,
        steps: lead_steps + searched.steps,
        lower_bound,
        proven_optimal,
    }
}
