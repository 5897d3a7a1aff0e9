//! Latency percentiles of `recommend` (top 10) and `replan` (a coach's sick day) on the committed
//! clubs — what criterion's mean does not show:
//!
//! ```text
//! cargo run --release -p paddock-benches --example latency [club-m club-l ...]
//! ```
//!
//! Every placed lesson of a sample of 1 000 is asked about once, after a warm-up pass.

use std::time::Instant;

use paddock_benches::fixtures::{club, sample_lessons, sick_coach_day};
use paddock_solver::{Recommender, ReplanOptions, replan};

const SAMPLED: usize = 1_000;
const TOP: usize = 10;

fn main() {
    let mut names: Vec<String> = std::env::args().skip(1).collect();
    if names.is_empty() {
        names = vec!["club-m".into(), "club-l".into()];
    }
    for name in names {
        let (problem, schedule) = club(&name);
        let started = Instant::now();
        let mut recommender = Recommender::new(&problem, &schedule);
        let prepare = started.elapsed();
        let lessons = sample_lessons(&schedule, SAMPLED);
        // Warm-up, and a check that the questions have answers.
        let answers: usize = lessons
            .iter()
            .map(|&lesson| recommender.recommend(lesson, TOP).len())
            .sum();
        let mut times: Vec<f64> = lessons
            .iter()
            .map(|&lesson| {
                let started = Instant::now();
                let found = recommender.recommend(lesson, TOP);
                std::hint::black_box(found);
                started.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        println!(
            "{name}: {} requests, Recommender::new {:.1} ms; recommend top {TOP} over {} lessons \
             ({:.1} places each): p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            problem.request_count(),
            prepare.as_secs_f64() * 1e3,
            times.len(),
            answers as f64 / lessons.len() as f64,
            at(0.5),
            at(0.9),
            at(0.99),
            at(1.0),
        );

        let disruptions = sick_coach_day(&problem, &schedule);
        let mut runs = Vec::with_capacity(5);
        let mut outcome = None;
        for _ in 0..5 {
            let started = Instant::now();
            let repaired = replan(&problem, &schedule, &disruptions, &ReplanOptions::default())
                .expect("the disruption names a coach of the club");
            runs.push(started.elapsed().as_secs_f64() * 1e3);
            outcome = Some(repaired);
        }
        runs.sort_by(f64::total_cmp);
        let outcome = outcome.expect("five runs");
        println!(
            "{name}: replan sick coach day: median {:.1} ms (min {:.1}, max {:.1}) over 5 runs; \
             {} changes, {} not placed",
            runs[2],
            runs[0],
            runs[4],
            outcome.changes.len(),
            outcome.not_placed.len(),
        );
    }
}
