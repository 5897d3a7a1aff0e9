//! The day-group bound and the relaxation against brute force on tiny clubs, a package spanning
//! days counted once and exactly, and the horses' workload bounded by the flow.

use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::ProblemBuilder;
use crate::exact::tests::{Tiny, brute_force, tiny};
use crate::solve::{NeverStop, SolveOptions, Status, solve};
use crate::spec::*;

fn options() -> BoundOptions {
    BoundOptions {
        time_limit: Duration::from_secs(20),
        threads: 1,
        ..BoundOptions::default()
    }
}

#[test]
fn never_above_the_brute_force_optimum() {
    let mut split = 0;
    for seed in 0..40 {
        let Tiny { problem, .. } = tiny(seed);
        let problem = one_day_each(&problem);
        let all: Vec<RequestId> = problem.request_ids().collect();
        let best = brute_force(&problem, &all, &Schedule::empty(&problem));
        let bound = lower_bound(&problem, &options()).expect("bounds");
        assert!(
            bound.score <= best,
            "seed {seed}: bound {} above the optimum {best}",
            bound.score
        );
        if bound.groups.len() > 1 {
            split += 1;
        }
        // One group and nothing spanning: the bound is the MILP's, closed at the optimum.
        if bound.groups.len() == 1 && bound.groups[0].closed {
            assert_eq!(bound.score, best, "seed {seed}: closed bound not tight");
        }
    }
    assert!(split >= 3, "only {split} instances split into day groups");
}

/// The problem with every request that may go on any day kept to one day (alternately the first
/// and the second), so that two-day clubs split into day groups.
fn one_day_each(problem: &Problem) -> Problem {
    let mut spec = problem.spec().clone();
    if spec.club.horizon.days < 2 {
        return problem.clone();
    }
    let axis = problem.time_axis();
    for (i, request) in spec.requests.iter_mut().enumerate() {
        if request.allowed.is_empty() {
            let day = axis.day_interval(i % 2);
            request.allowed = vec![TimeSpan::new(
                axis.instant(day.start),
                axis.instant(day.end),
            )];
        }
    }
    Problem::new(spec).expect("still valid")
}

/// Two days with two single lessons each and a package of two lessons, one on each day: the
/// package's days fall short of its three-day minimum (5) and bunch on consecutive days of a
/// six-day validity where three days apart is the aim (2 × 1); nothing else need cost.
#[test]
fn a_package_spanning_days_costs_what_its_days_decide() {
    let first = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let mut club = ProblemBuilder::new("UTC", first, 6);
    club.open_every_day("09:00-12:00");
    club.add_arena(ArenaSpec::new("a", 2));
    for c in 0..2 {
        club.add_coach(CoachSpec::new(&format!("c{c}")));
    }
    for h in 0..4 {
        club.add_horse(HorseSpec::new(&format!("h{h}")));
    }
    for r in 0..3 {
        club.add_rider(RiderSpec::new(&format!("r{r}"), "beginner"));
    }
    club.add_lesson_kind(LessonKindSpec::private("p45", 45));
    club.add_series(SeriesSpec {
        id: "pkg".into(),
        valid_from: first,
        valid_until: first + chrono::Duration::days(5),
        max_per_day: 1,
        min_days_between: 0,
        min_days: Some(3),
    });
    let day = |d: i64| {
        let from =
            Utc.from_utc_datetime(&first.and_hms_opt(9, 0, 0).unwrap()) + chrono::Duration::days(d);
        TimeSpan::new(from, from + chrono::Duration::hours(3))
    };
    for (i, (d, rider, series)) in [
        (0, "r0", true),
        (1, "r0", true),
        (0, "r1", false),
        (1, "r2", false),
    ]
    .into_iter()
    .enumerate()
    {
        let mut request = RequestSpec::new(&format!("L{i}"), "p45", [rider]).allowed(day(d));
        if series {
            request.series = Some("pkg".into());
        }
        club.add_request(request);
    }
    let problem = club.build().expect("valid club");

    let bound = lower_bound(&problem, &options()).expect("bounds");
    assert_eq!(bound.groups.len(), 2);
    assert!(bound.groups.iter().all(|g| g.closed && g.requests == 2));
    assert_eq!(bound.spanning_series, 7);
    assert_eq!(
        bound.score,
        Score {
            hard: 0,
            unassigned: 0,
            soft: 7
        }
    );

    let solved = solve(
        &problem,
        &SolveOptions {
            time_limit: Some(Duration::from_secs(20)),
            threads: 1,
            ..SolveOptions::default()
        },
        &NeverStop,
    );
    assert_eq!(solved.status, Status::Optimal);
    assert_eq!(solved.score, bound.score);

    // Groups too large for the MILP get the relaxation, which sees nothing to pay inside them
    // here; the package's days still count.
    let coarse = lower_bound(
        &problem,
        &BoundOptions {
            max_group_requests: 1,
            ..options()
        },
    )
    .expect("bounds");
    assert!(
        coarse
            .groups
            .iter()
            .all(|g| !g.bounded && g.score == Score::ZERO)
    );
    assert_eq!(coarse.score.soft, 7);
}

#[test]
fn the_relaxation_is_never_above_the_brute_force_optimum() {
    let mut positive = 0;
    for seed in 0..60 {
        let Tiny { problem, .. } = tiny(seed);
        let all: Vec<RequestId> = problem.request_ids().collect();
        let best = brute_force(&problem, &all, &Schedule::empty(&problem));
        let bound =
            relaxed_bound(&problem, &Domain::new(&problem), &all, &|| false).expect("not stopped");
        assert!(
            bound <= best,
            "seed {seed}: relaxation {bound} above the optimum {best}"
        );
        if bound.soft > 0 {
            positive += 1;
        }
    }
    // A bound of zero everywhere would pass the check above and say nothing.
    assert!(positive >= 10, "only {positive} of 60 bounds above zero");
}

/// One morning, two horses, three private lessons at three different times: some horse works
/// twice (one pair, `horse_workload`), and rider r0's wish for h0 costs nothing when h0 is the
/// one that works twice. The relaxation finds exactly that, and `solve` without the MILP proves
/// its schedule optimal with it.
#[test]
fn the_horses_workload_is_bounded_by_the_flow_and_proves_the_optimum() {
    let first = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let mut club = ProblemBuilder::new("UTC", first, 1);
    club.open_every_day("09:00-12:00");
    club.add_arena(ArenaSpec::new("a", 2));
    club.add_coach(CoachSpec::new("c"));
    for h in 0..2 {
        club.add_horse(HorseSpec::new(&format!("h{h}")));
    }
    for r in 0..3 {
        club.add_rider(RiderSpec::new(&format!("r{r}"), "beginner"));
    }
    club.add_lesson_kind(LessonKindSpec::private("p60", 60));
    for (i, rider) in ["r0", "r1", "r2"].into_iter().enumerate() {
        let from = Utc.from_utc_datetime(&first.and_hms_opt(9 + i as u32, 0, 0).unwrap());
        let mut request = RequestSpec::new(&format!("L{i}"), "p60", [rider])
            .allowed(TimeSpan::new(from, from + chrono::Duration::hours(1)));
        if rider == "r0" {
            request.preferred_horses = [("r0".into(), "h0".into())].into();
        }
        club.add_request(request);
    }
    let problem = club.build().expect("valid club");
    let all: Vec<RequestId> = problem.request_ids().collect();
    let bound =
        relaxed_bound(&problem, &Domain::new(&problem), &all, &|| false).expect("not stopped");
    assert_eq!(
        bound,
        Score {
            hard: 0,
            unassigned: 0,
            soft: 1
        }
    );

    let solved = solve_without_the_milp(&problem);
    assert_eq!(solved.score, bound);
    assert_eq!(solved.status, Status::Optimal);
    assert_eq!(solved.lower_bound, Some(bound));
}

/// A package of two lessons that may each go on either of the first two days of six, at most one
/// a day, over a six-day validity that asks for them three days apart: whichever day each takes
/// they are one day apart, two short (`series_spread`). The relaxation tries every choice of
/// days.
#[test]
fn a_package_whose_lessons_may_move_pays_for_its_best_choice_of_days() {
    let first = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let mut club = ProblemBuilder::new("UTC", first, 6);
    club.open_every_day("09:00-12:00");
    club.add_arena(ArenaSpec::new("a", 2));
    club.add_coach(CoachSpec::new("c"));
    club.add_horse(HorseSpec::new("h"));
    let morning = |d: i64| {
        let from =
            Utc.from_utc_datetime(&first.and_hms_opt(9, 0, 0).unwrap()) + chrono::Duration::days(d);
        TimeSpan::new(from, from + chrono::Duration::hours(3))
    };
    club.add_rider(RiderSpec::new("r", "beginner"));
    club.add_lesson_kind(LessonKindSpec::private("p45", 45));
    club.add_series(SeriesSpec {
        id: "pkg".into(),
        valid_from: first,
        valid_until: first + chrono::Duration::days(5),
        max_per_day: 1,
        min_days_between: 0,
        min_days: None,
    });
    for i in 0..2 {
        let mut request = RequestSpec::new(&format!("L{i}"), "p45", ["r"])
            .allowed(morning(0))
            .allowed(morning(1));
        request.series = Some("pkg".into());
        club.add_request(request);
    }
    let problem = club.build().expect("valid club");
    let all: Vec<RequestId> = problem.request_ids().collect();
    let bound =
        relaxed_bound(&problem, &Domain::new(&problem), &all, &|| false).expect("not stopped");
    assert_eq!(
        bound.soft,
        2 * problem.weights().get(Constraint::SeriesSpread)
    );

    let solved = solve_without_the_milp(&problem);
    assert_eq!(solved.score, bound);
    assert_eq!(solved.status, Status::Optimal);
}

#[test]
fn the_relaxation_gives_up_when_told_to_stop() {
    let Tiny { problem, .. } = tiny(3);
    let all: Vec<RequestId> = problem.request_ids().collect();
    assert_eq!(
        relaxed_bound(&problem, &Domain::new(&problem), &all, &|| true),
        None
    );
}

/// `solve` with the local search alone, for a fixed number of steps: a proof of optimality then
/// comes from the relaxation.
fn solve_without_the_milp(problem: &Problem) -> crate::solve::SolveOutcome {
    solve(
        problem,
        &SolveOptions {
            threads: 1,
            exact_max_requests: 0,
            steps_per_request: Some(200),
            time_limit: None,
            ..SolveOptions::default()
        },
        &NeverStop,
    )
}
