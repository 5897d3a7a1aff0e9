use std::sync::atomic::{AtomicUsize, Ordering};

use highs::{HighsModelStatus, Model, RowProblem, Sense};

use super::solve_until;

/// A 0-1 multi-knapsack that presolve cannot settle, so HiGHS has to run the simplex and branch.
fn knapsack() -> Model {
    let mut problem = RowProblem::default();
    // A fixed linear congruential sequence: the same instance on every run.
    let mut seed: u64 = 12_345;
    let mut next = move |modulo: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) % modulo + 1
    };
    let columns: Vec<_> = (0..80)
        .map(|_| problem.add_integer_column(-(next(100) as f64), 0..=1))
        .collect();
    for _ in 0..6 {
        let weights: Vec<_> = columns.iter().map(|&c| (c, next(60) as f64)).collect();
        problem.add_row(..=1_000.0, weights);
    }
    let mut model = problem.optimise(Sense::Minimise);
    model.make_quiet();
    model.set_option("threads", 1);
    model.set_option("presolve", "off");
    model
}

#[test]
fn a_run_that_is_never_stopped_finishes() {
    let solved = solve_until(knapsack(), &|| false).unwrap();
    assert_eq!(solved.status(), HighsModelStatus::Optimal);
}

#[test]
fn a_run_told_to_stop_ends_interrupted_and_asked_only_while_it_ran() {
    let calls = AtomicUsize::new(0);
    let stop = || {
        calls.fetch_add(1, Ordering::Relaxed);
        true
    };
    let solved = solve_until(knapsack(), &stop).unwrap();
    assert_eq!(solved.status(), HighsModelStatus::ReachedInterrupt);
    let during_run = calls.load(Ordering::Relaxed);
    assert!(during_run >= 1);
    // Reading the result after the run does not call back into a stop check that is gone.
    let _ = solved.objective_value();
    assert_eq!(calls.load(Ordering::Relaxed), during_run);
}
