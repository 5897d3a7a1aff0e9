//! Solving through the mapping. Competition instances only with `PADDOCK_ITC2007_SOLVE=<seconds>`
//! (each takes the whole time limit).

use std::time::Duration;

use paddock_itc2007::{SolveOptions, score, solve};

use crate::helpers::{COMPETITION, instance};

#[test]
fn toy_is_solved_and_both_scorers_agree() {
    let toy = instance("toy");
    let options = SolveOptions {
        time_limit: Duration::from_secs(1),
        threads: 1,
        seed: 7,
    };
    let solved = solve(&toy, &options).expect("toy translates");
    assert_eq!(solved.report, score(&toy, &solved.solution));
    assert_eq!(solved.paddock_score.soft, solved.report.total_cost() as i64);
    assert_eq!(
        solved.report.violations() == 0,
        solved.paddock_score.hard == 0 && solved.paddock_score.unassigned == 0
    );
    println!(
        "toy: {:?} violations {}, total cost {}",
        solved.paddock_score,
        solved.report.violations(),
        solved.report.total_cost()
    );
}

#[test]
fn competition_instances_when_asked() {
    let Ok(seconds) = std::env::var("PADDOCK_ITC2007_SOLVE") else {
        return;
    };
    let seconds: u64 = seconds.parse().unwrap_or(10);
    for name in COMPETITION {
        let instance = instance(name);
        let options = SolveOptions {
            time_limit: Duration::from_secs(seconds),
            threads: 1,
            seed: 0,
        };
        let solved = solve(&instance, &options).expect("translates");
        if solved.report.lectures == 0 {
            assert_eq!(
                solved.paddock_score.soft,
                solved.report.total_cost() as i64,
                "{name}"
            );
        }
        println!(
            "{name}: violations {}, total cost {} ({:?})",
            solved.report.violations(),
            solved.report.total_cost(),
            solved.report
        );
    }
}
