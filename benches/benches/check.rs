//! `check` on synthetic clubs of 1 000 to 100 000 lessons, and on every fixture case.
//!
//! Run with `cargo bench -p paddock-benches --bench check`. The target: 100 000 lessons
//! in at most 20 ms, growing as n log n.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use paddock_benches::large_club;
use paddock_solver::spec::{ProblemSpec, ScheduleSpec};
use paddock_solver::{Problem, Schedule, check};

const SIZES: [usize; 7] = [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000];

fn synthetic(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(6));
    for n in SIZES {
        let (problem, schedule) = large_club(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(n),
            &(problem, schedule),
            |b, (problem, schedule)| b.iter(|| check(black_box(problem), black_box(schedule))),
        );
    }
    group.finish();
}

/// The hand-written cases of `fixtures/check/`: the cost of a tiny check (set-up dominated).
fn fixtures(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/check");
    let mut cases: Vec<(String, Problem, Schedule)> = std::fs::read_dir(&dir)
        .expect("fixtures/check exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let case: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).expect("readable"))
                    .expect("JSON");
            let spec: ProblemSpec =
                serde_json::from_value(case["problem"].clone()).expect("problem");
            let problem = Problem::new(spec).expect("valid problem");
            let schedule: ScheduleSpec =
                serde_json::from_value(case["schedule"].clone()).expect("schedule");
            let schedule = Schedule::from_spec(&problem, &schedule).expect("valid schedule");
            (
                path.file_stem()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned(),
                problem,
                schedule,
            )
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    c.bench_function("check/fixtures (all cases)", |b| {
        b.iter(|| {
            for (_, problem, schedule) in &cases {
                black_box(check(problem, schedule));
            }
        })
    });
}

criterion_group!(benches, synthetic, fixtures);
criterion_main!(benches);
