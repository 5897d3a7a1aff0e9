//! Latency of the two everyday operations on the committed clubs: recommending the best ten
//! places for a lesson a member wants to move, and re-planning one coach's sick day.
//!
//! Run with `cargo bench -p paddock-benches --bench recommend`. Targets of issue 4: recommend
//! top 10 on club-m p50 ≤ 2 ms (p99 ≤ 10 ms), on club-l p50 ≤ 10 ms; replan of a sick coach day
//! on club-l ≤ 500 ms. Criterion reports the mean and median over the sampled lessons; the
//! percentiles come from `cargo run --release -p paddock-benches --example latency`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use paddock_benches::fixtures::{club, sample_lessons, sick_coach_day};
use paddock_solver::{Recommender, ReplanOptions, replan};

/// Lessons asked about per club: each iteration asks about the next one, round the list.
const SAMPLED: usize = 200;
const TOP: usize = 10;

fn recommend(c: &mut Criterion) {
    let mut group = c.benchmark_group("recommend_top10");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(8));
    for name in ["club-m", "club-l"] {
        let (problem, schedule) = club(name);
        let lessons = sample_lessons(&schedule, SAMPLED);
        let mut recommender = Recommender::new(&problem, &schedule);
        let mut next = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                let lesson = lessons[next % lessons.len()];
                next += 1;
                black_box(recommender.recommend(lesson, TOP))
            })
        });
    }
    group.finish();
}

fn replan_sick_coach(c: &mut Criterion) {
    let mut group = c.benchmark_group("replan_sick_coach_day");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for name in ["club-m", "club-l"] {
        let (problem, schedule) = club(name);
        let disruptions = sick_coach_day(&problem, &schedule);
        let options = ReplanOptions::default();
        group.bench_function(name, |b| {
            b.iter(|| {
                replan(&problem, &schedule, black_box(&disruptions), &options)
                    .expect("the disruption names a coach of the club")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, recommend, replan_sick_coach);
criterion_main!(benches);
