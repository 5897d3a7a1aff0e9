//! Integration tests of the generator: valid, feasible, deterministic instances of the stated
//! sizes, and planted conflicts that `check` reports.

use paddock_gen::{Generated, Params, Size, generate, generate_with, plant_conflicts};
use paddock_solver::spec::ProblemSpec;
use paddock_solver::{Problem, Schedule, check};
use proptest::prelude::*;

/// Builds the problem and the hidden schedule, failing the test with the model's message.
fn load(generated: &Generated) -> (Problem, Schedule) {
    let problem =
        Problem::new(generated.problem.clone()).unwrap_or_else(|e| panic!("invalid problem: {e}"));
    let schedule = Schedule::from_spec(&problem, &generated.schedule)
        .unwrap_or_else(|e| panic!("invalid schedule: {e}"));
    (problem, schedule)
}

fn assert_feasible(size: Size, seed: u64) -> Generated {
    let generated = generate(size, seed);
    let (problem, schedule) = load(&generated);
    let report = check(&problem, &schedule);
    assert!(
        report.is_clean(),
        "size {size} seed {seed}: {} conflicts, first: {:?}",
        report.conflicts.len(),
        report.conflicts.first()
    );
    assert_eq!(
        schedule.assigned_count(),
        problem.request_count(),
        "every request is placed"
    );
    generated
}

/// `(lessons, coaches, horses, arenas, days)` ranges per size.
fn assert_size(size: Size, spec: &ProblemSpec) {
    let (lessons, coaches, horses, arenas, days) = match size {
        Size::S => (10..=50, 3..=5, 10..=16, 2..=2, 1..=1),
        Size::M => (350..=720, 10..=15, 35..=50, 4..=4, 7..=7),
        Size::L => (4000..=7200, 25..=36, 100..=140, 8..=8, 28..=28),
        Size::Xl => (42_000..=72_000, 250..=360, 1000..=1400, 60..=100, 28..=70),
    };
    let n = spec.requests.len();
    assert!(
        lessons.contains(&n),
        "size {size}: {n} lessons not in {lessons:?}"
    );
    assert!(
        coaches.contains(&spec.coaches.len()),
        "size {size}: {} coaches",
        spec.coaches.len()
    );
    assert!(
        horses.contains(&spec.horses.len()),
        "size {size}: {} horses",
        spec.horses.len()
    );
    assert!(
        arenas.contains(&spec.arenas.len()),
        "size {size}: {} arenas",
        spec.arenas.len()
    );
    assert!(
        days.contains(&spec.club.horizon.days),
        "size {size}: {} days",
        spec.club.horizon.days
    );
}

#[test]
fn small_and_medium_instances_are_valid_feasible_and_sized() {
    for size in [Size::S, Size::M] {
        for seed in [1, 2, 3] {
            let generated = assert_feasible(size, seed);
            assert_size(size, &generated.problem);
        }
    }
}

#[test]
fn large_instance_is_valid_feasible_and_sized() {
    let generated = assert_feasible(Size::L, 1);
    assert_size(Size::L, &generated.problem);
}

#[test]
fn extra_large_instance_is_sized_and_feasible_when_slow_tests_are_on() {
    // Generating xl takes seconds in release but far longer in a debug test build.
    if std::env::var_os("PADDOCK_SLOW_TESTS").is_none() {
        return;
    }
    let generated = assert_feasible(Size::Xl, 1);
    assert_size(Size::Xl, &generated.problem);
}

#[test]
fn instances_have_what_a_club_has() {
    let g = generate(Size::M, 7);
    let spec = &g.problem;
    assert_eq!(spec.club.time_zone, "Asia/Shanghai");
    assert_eq!(spec.club.slot_minutes, 15);
    assert_eq!(
        spec.club.horizon.start.format("%a %Y").to_string(),
        "Mon 2026"
    );
    assert!(
        spec.horses.iter().any(|h| h.owner.is_some()),
        "privately owned horses"
    );
    assert!(
        spec.requests.iter().any(|r| r.riders.len() >= 3),
        "group lessons"
    );
    assert!(
        spec.requests.iter().any(|r| r.priority > 1)
            && spec.requests.iter().filter(|r| r.priority == 1).count() > spec.requests.len() / 2
    );
    assert!(
        spec.series.iter().any(|s| s.min_days_between == 2),
        "spaced packages"
    );
    assert!(
        spec.coaches
            .iter()
            .all(|c| !c.availability.exceptions.is_empty()),
        "dated exceptions"
    );
    assert!(
        spec.arenas
            .iter()
            .any(|a| !a.availability.absences.is_empty()),
        "arena closures"
    );
    assert!(spec.requests.iter().all(|r| !r.allowed.is_empty()));
    assert!(
        spec.requests
            .iter()
            .filter(|r| !r.preferred.is_empty())
            .count()
            > spec.requests.len() / 2
    );
    // Weekday evenings are busier than weekday daytimes.
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let (mut evening, mut daytime) = (0, 0);
    for lesson in &g.schedule.lessons {
        let local = lesson.start.with_timezone(&tz);
        use chrono::{Datelike, Timelike};
        if local.weekday().num_days_from_monday() < 5 {
            if local.hour() >= 17 {
                evening += 1
            } else {
                daytime += 1
            }
        }
    }
    assert!(
        evening * 9 > daytime * 4,
        "{evening} evening lessons (4 hours) vs {daytime} daytime (9 hours)"
    );
}

#[test]
fn same_seed_same_json_other_seed_other_json() {
    let json = |g: Generated| serde_json::to_string(&(g.problem, g.schedule)).unwrap_or_default();
    let (a, b, c) = (
        json(generate(Size::M, 42)),
        json(generate(Size::M, 42)),
        json(generate(Size::M, 43)),
    );
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn custom_sizes_scale() {
    let params = Size::custom(1000);
    let generated = generate_with(&params, 5).unwrap_or_else(|e| panic!("{e}"));
    let (problem, schedule) = load(&generated);
    assert!(check(&problem, &schedule).is_clean());
    assert!(
        (600..=1100).contains(&problem.request_count()),
        "{} lessons",
        problem.request_count()
    );
}

#[test]
fn bad_params_are_errors() {
    let params = Params {
        days: 0,
        ..Size::S.params()
    };
    assert!(generate_with(&params, 1).is_err_and(|e| e.to_string().contains("days")));
    let params = Params {
        time_zone: "Mars/Olympus".into(),
        ..Size::S.params()
    };
    assert!(generate_with(&params, 1).is_err_and(|e| e.to_string().contains("time_zone")));
}

#[test]
fn too_many_conflicts_for_a_tiny_schedule_is_an_error() {
    let g = generate(Size::S, 1);
    assert!(plant_conflicts(&g.problem, &g.schedule, 10_000, 1).is_err());
}

/// Each planted conflict is reported with its constraint and lessons, and nothing else is.
fn assert_planted_reported(generated: &Generated, k: usize, seed: u64) {
    let (schedule, planted) = plant_conflicts(&generated.problem, &generated.schedule, k, seed)
        .unwrap_or_else(|e| panic!("k {k} seed {seed}: {e}"));
    assert_eq!(planted.len(), k);
    let problem = Problem::new(generated.problem.clone()).unwrap_or_else(|e| panic!("{e}"));
    let schedule = Schedule::from_spec(&problem, &schedule).unwrap_or_else(|e| panic!("{e}"));
    let report = check(&problem, &schedule);
    for p in &planted {
        assert!(
            report
                .conflicts
                .iter()
                .any(|c| c.constraint == p.constraint
                    && p.lessons.iter().all(|l| c.lessons.contains(l))),
            "planted {p:?} not reported; report: {:#?}",
            report.conflicts
        );
    }
    assert_eq!(report.conflicts.len(), k, "exactly the planted conflicts");
}

#[test]
fn planted_conflicts_mix_kinds() {
    let g = generate(Size::M, 3);
    let (_, planted) =
        plant_conflicts(&g.problem, &g.schedule, 12, 9).unwrap_or_else(|e| panic!("{e}"));
    let mut kinds: Vec<_> = planted.iter().map(|p| p.constraint).collect();
    kinds.sort();
    kinds.dedup();
    assert!(kinds.len() >= 6, "{kinds:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn every_planted_conflict_is_reported(seed in 0u64..1000, k in 1usize..20) {
        let generated = generate(Size::M, seed);
        assert_planted_reported(&generated, k, seed ^ 0x5eed);
    }

    #[test]
    fn small_clubs_take_a_few_conflicts(seed in 0u64..1000, k in 1usize..6) {
        let generated = generate(Size::S, seed);
        assert_planted_reported(&generated, k, seed);
    }
}
