//! Exact placement of a few requests with a MILP (good_lp + HiGHS), for components and
//! neighbourhoods small enough to prove optimal.
//!
//! The model is time-indexed: a binary per (request, start on the slot grid) and, per start, a
//! binary per coach, per arena and per rider and horse (see `variables`). Hard constraints hold in
//! every solution: those against the lessons that stay put by leaving variables out, those between
//! free requests as rows (`constraints`, `series`). The objective is `M · unassigned + soft`, with
//! `M` above the whole range the soft part can take, so it orders solutions like [`Score`] does.
//!
//! Invariant: every solution's hard score equals that of the fixed lessons alone, and the soft
//! terms are either exact or named in `ExactOutput::exact_objective == false`, in which case the
//! bound still holds (see `lower_bound`).

// Variable/coefficient tuples read best spelled out where they are built.
#[allow(clippy::type_complexity)]
mod constraints;
mod extract;
mod fixed;
mod highs;
mod lp;
// Variable/coefficient tuples read best spelled out where they are built.
#[allow(clippy::type_complexity)]
mod objective;
// Variable/coefficient tuples read best spelled out where they are built.
#[allow(clippy::type_complexity)]
mod series;
mod variables;

#[cfg(test)]
pub(crate) mod tests;

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use crate::Problem;
use crate::ids::RequestId;
use crate::schedule::Schedule;
use crate::score::{Score, evaluate_against, score_of};

use fixed::Fixed;
use lp::{Lp, Var};
use variables::Vars;

pub(crate) struct ExactInput<'a> {
    pub problem: &'a Problem,
    /// The requests to decide (one independent component, or a neighbourhood such as one day).
    pub requests: &'a [RequestId],
    /// Every other lesson stays as it is in this schedule (its resources are taken); the requests
    /// above are placed anew, starting from their assignment here when the model can express it.
    pub fixed: &'a Schedule,
    pub time_limit: Duration,
    /// The caller's own reason to end early (cancellation, a shared deadline); asked during
    /// HiGHS' iterations, so a run ends within moments of it, as it does at `time_limit`.
    pub stop: &'a (dyn Fn() -> bool + Sync),
}

#[derive(Clone, Debug)]
pub(crate) struct ExactOutput {
    /// Best schedule found: `fixed` with the requests placed (or unplaced) by the MILP; None if
    /// HiGHS found nothing in time.
    pub schedule: Option<Schedule>,
    /// A lower bound on the score of any schedule that agrees with `fixed` outside `requests`
    /// and adds no hard violation to it. (When the fixed part already breaks a daily limit or an
    /// arena's capacity, the model keeps new lessons off that resource-day or stretch, although one
    /// more there would not add a violation; the bound and `optimal` ignore such schedules.)
    pub lower_bound: Option<Score>,
    /// HiGHS proved optimality and the objective is exact.
    pub optimal: bool,
    /// Whether the MILP objective is the exact objective (read by the tests; the solver relies
    /// on `optimal`, which already includes it).
    #[allow(dead_code)]
    pub exact_objective: bool,
}

/// Misuse of [`solve_exact`]; infeasibility and time-outs are outcomes, not errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ExactError {
    #[error("exact: requests[{position}]: {id} is not a request of the problem")]
    UnknownRequest { position: usize, id: RequestId },
    #[error("exact: requests[{position}]: {id} is listed twice")]
    DuplicateRequest { position: usize, id: RequestId },
    #[error("exact: fixed: the schedule covers {found} requests but the problem has {expected}")]
    ScheduleSize { expected: usize, found: usize },
    #[error("exact: solver: {0}")]
    Solver(String),
}

pub(crate) fn solve_exact(input: &ExactInput) -> Result<ExactOutput, ExactError> {
    let began = Instant::now();
    let problem = input.problem;
    validate(input)?;

    let mut base = input.fixed.clone();
    for &r in input.requests {
        base.unassign(r, None);
    }
    let base_score = score_of(problem, None, &base);
    let fixed = Fixed::collect(problem, &base);

    let mut lp = Lp::default();
    let vars = Vars::build(problem, input.requests, &fixed, &mut lp);
    constraints::add(problem, &vars, &fixed, &mut lp);
    let mut obj = objective::build(problem, &vars, &fixed, &mut lp);
    series::add(problem, &vars, &fixed, &mut lp, &mut obj);

    let soft = aggregate(&obj.soft);
    let (soft_lo, soft_hi) = range(&lp, &soft);
    // `M` exceeds any difference of the soft part, so one more unplaced unit always costs more.
    let big = (soft_hi - soft_lo + 1).max(1);
    let mut objective: Vec<(Var, f64)> = obj
        .unassigned
        .iter()
        .map(|&(v, c)| (v, c * big as f64))
        .collect();
    objective.extend(soft.iter().map(|&(v, c)| (v, c as f64)));

    // Unassigned cost of the requests not decided here.
    let free_unassigned: i64 = obj.unassigned.iter().map(|&(_, c)| c as i64).sum();
    let other_unassigned = base_score.unassigned - free_unassigned;
    // Left-out soft terms can only fall by what they cost without the free requests.
    let slack = if obj.left_out.is_empty() {
        0
    } else {
        let breakdown = evaluate_against(problem, None, &base).breakdown;
        obj.left_out
            .iter()
            .map(|c| {
                breakdown
                    .iter()
                    .find(|(k, _)| k == c)
                    .map_or(0, |&(_, cost)| cost)
            })
            .sum()
    };
    let exact_objective = obj.left_out.is_empty();
    let floor = |unplaced: i64, soft: i64| Score {
        hard: base_score.hard,
        unassigned: other_unassigned + unplaced,
        soft: base_score.soft + obj.offset + soft - slack,
    };

    let remaining = input.time_limit.saturating_sub(began.elapsed());
    let start = extract::start(problem, &vars, input.fixed, lp.num_cols());
    let solved = highs::solve(lp, objective, start, remaining, input.stop)?;

    // Lexicographic bound from the weighted one: with S in [lo, hi], M·U + S >= D gives
    // U >= ceil((D − hi) / M), and a solution with exactly that U has S >= D − M·U.
    let mut lower_bound = floor(0, soft_lo);
    let mut proven = false;
    if let Some(d) = solved.dual_bound {
        let d = integral_ceil(d);
        let unplaced = div_ceil(d - soft_hi, big).max(0);
        let soft = (d - big * unplaced).max(soft_lo);
        lower_bound = lower_bound.max(floor(unplaced, soft));
        if solved.columns.is_some() {
            proven = d >= solved.objective.round() as i64;
        }
    }

    // Weights are never negative: no schedule costs less than nothing.
    lower_bound.soft = lower_bound.soft.max(0);

    let schedule = solved
        .columns
        .as_ref()
        .map(|columns| extract::schedule(problem, &vars, columns, &base));
    let schedule = schedule.filter(|s| {
        let hard = score_of(problem, None, s).hard;
        debug_assert_eq!(
            hard, base_score.hard,
            "the exact model added a hard violation"
        );
        hard == base_score.hard
    });
    let optimal = proven && exact_objective && schedule.is_some();
    Ok(ExactOutput {
        schedule,
        lower_bound: Some(lower_bound),
        optimal,
        exact_objective,
    })
}

fn validate(input: &ExactInput) -> Result<(), ExactError> {
    let expected = input.problem.request_count();
    if input.fixed.len() != expected {
        return Err(ExactError::ScheduleSize {
            expected,
            found: input.fixed.len(),
        });
    }
    let mut seen = HashSet::new();
    for (position, &id) in input.requests.iter().enumerate() {
        if id.index() >= expected {
            return Err(ExactError::UnknownRequest { position, id });
        }
        if !seen.insert(id) {
            return Err(ExactError::DuplicateRequest { position, id });
        }
    }
    Ok(())
}

/// Sums the coefficients of each column (a column may carry several costs).
fn aggregate(terms: &[(Var, f64)]) -> Vec<(Var, i64)> {
    let mut per: BTreeMap<usize, (Var, i64)> = BTreeMap::new();
    for &(v, c) in terms {
        per.entry(v.col).or_insert((v, 0)).1 += c as i64;
    }
    per.into_values().filter(|&(_, c)| c != 0).collect()
}

/// The least and greatest value `Σ c·v` can take within the columns' bounds.
fn range(lp: &Lp, terms: &[(Var, i64)]) -> (i64, i64) {
    let (mut lo, mut hi) = (0.0, 0.0);
    for &(v, c) in terms {
        let (l, u) = lp.bounds[v.col];
        let (a, b) = (c as f64 * l, c as f64 * u);
        lo += a.min(b);
        hi += a.max(b);
    }
    (lo.floor() as i64, hi.ceil() as i64)
}

/// The objective is integral: round a dual bound up, forgiving float noise.
fn integral_ceil(x: f64) -> i64 {
    let tolerance = 1e-6 * x.abs().clamp(1.0, 1e3) + 1e-9 * x.abs();
    (x - tolerance).ceil() as i64
}

fn div_ceil(a: i64, b: i64) -> i64 {
    a.div_euclid(b) + i64::from(a.rem_euclid(b) != 0)
}
