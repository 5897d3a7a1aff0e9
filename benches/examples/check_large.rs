//! Times `check` on one synthetic club, for profiling outside criterion:
//!
//! ```text
//! cargo build --release -p paddock-benches --example check_large
//! perf record -g target/release/examples/check_large 100000 200
//! ```
//!
//! Arguments: number of lessons (default 100 000), repetitions (default 50).

use std::time::Instant;

use paddock_benches::large_club;
use paddock_solver::check;
use paddock_solver::score::evaluate;

fn main() {
    let mut args = std::env::args().skip(1);
    let lessons: usize = args
        .next()
        .map_or(100_000, |a| a.parse().expect("number of lessons"));
    let repetitions: usize = args.next().map_or(50, |a| a.parse().expect("repetitions"));

    let started = Instant::now();
    let (problem, schedule) = large_club(lessons);
    println!(
        "built {lessons} lessons in {:.0} ms",
        started.elapsed().as_secs_f64() * 1e3
    );

    let mut times = Vec::with_capacity(repetitions);
    let mut conflicts = 0;
    for _ in 0..repetitions {
        let started = Instant::now();
        let report = check(&problem, &schedule);
        times.push(started.elapsed().as_secs_f64() * 1e3);
        conflicts = report.conflicts.len() + report.warnings.len();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "check: median {:.2} ms, min {:.2} ms, {conflicts} conflicts",
        times[times.len() / 2],
        times[0]
    );

    let started = Instant::now();
    let evaluation = evaluate(&problem, &schedule);
    println!(
        "evaluate: {:.2} ms, score {}",
        started.elapsed().as_secs_f64() * 1e3,
        evaluation.score
    );
}
