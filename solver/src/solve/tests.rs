//! Tests of the solver against the evaluator, `check` and itself.

use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::ids::RequestId;
use crate::score::state::ScoreState;
use crate::spec::*;
use crate::{Problem, ProblemBuilder, check};

/// A small random club: two days, a few coaches, horses, arenas and riders, private and group
/// lessons with windows, preferences, welfare limits and a series.
pub(crate) fn random_problem(seed: u64, requests: usize) -> Problem {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut club = ProblemBuilder::new(
        "Asia/Shanghai",
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        2,
    );
    club.open_every_day("08:00-12:00");
    club.add_arena(ArenaSpec::new("indoor", 3).tags(["indoor"]));
    club.add_arena(ArenaSpec::new("outdoor", 2));
    for c in 0..3 {
        let mut coach = CoachSpec::new(&format!("c{c}")).qualified(if c == 0 {
            ["jumping"]
        } else {
            ["dressage"]
        });
        if c == 2 {
            coach.max_lessons_per_day = Some(3);
        }
        club.add_coach(coach);
    }
    for h in 0..5 {
        let mut horse = HorseSpec::new(&format!("h{h}"));
        if h % 2 == 0 {
            horse = horse.welfare(3, 150, 15);
        }
        club.add_horse(horse);
    }
    for r in 0..5 {
        club.add_rider(RiderSpec::new(&format!("r{r}"), "beginner"));
    }
    club.add_lesson_kind(LessonKindSpec::private("private", 45));
    club.add_lesson_kind(LessonKindSpec::group("group", 60, 1, 3).requires_tags(["indoor"]));
    club.add_lesson_kind(LessonKindSpec::private("jump", 30).requires_qualification("jumping"));
    club.add_series(SeriesSpec {
        id: "pkg".into(),
        valid_from: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        valid_until: NaiveDate::from_ymd_opt(2026, 3, 3).unwrap(),
        max_per_day: 1,
        min_days_between: 0,
        min_days: None,
    });
    let origin = Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap(); // 08:00 in Shanghai
    for i in 0..requests {
        let kind = ["private", "group", "jump"][rng.random_range(0..3)];
        let mut request = RequestSpec::new(&format!("L{i}"), kind, ["r0"]);
        let riders = if kind == "group" {
            rng.random_range(1..=3)
        } else {
            1
        };
        let first = rng.random_range(0..5);
        request.riders = (0..riders)
            .map(|k| format!("r{}", (first + k) % 5))
            .collect();
        let day = rng.random_range(0..2);
        let from = origin
            + chrono::Duration::days(day)
            + chrono::Duration::minutes(15 * rng.random_range(0..8));
        request = request.allowed(TimeSpan::new(
            from,
            from + chrono::Duration::minutes(90 + 15 * rng.random_range(0..8)),
        ));
        if rng.random_bool(0.5) {
            request = request.preferred(TimeSpan::new(from, from + chrono::Duration::minutes(90)));
        }
        if rng.random_bool(0.3) {
            request = request.preferred_coach(&format!("c{}", rng.random_range(0..3)));
        }
        if i < 2 {
            request.series = Some("pkg".into());
            request.allowed.clear();
        }
        request.priority = rng.random_range(1..4);
        club.add_request(request);
    }
    club.build().expect("the random club is valid")
}

/// Places request `r` at a random start with a random coach, arena and horses (conflicts
/// allowed: the evaluator must follow), or removes it when placed and `pick` says so.
fn random_op(
    problem: &Problem,
    domain: &domain::Domain,
    state: &mut ScoreState,
    (r, start, pick): (usize, usize, u64),
    rng: &mut ChaCha8Rng,
) {
    let id = RequestId::from_index(r);
    let starts = domain.starts(id);
    if state.schedule().get(id).is_some() && pick % 3 == 0 {
        state.unassign(id);
    } else if !starts.is_empty() {
        let req = problem.request(id);
        let horse = |rng: &mut ChaCha8Rng| {
            Some(crate::HorseId::from_index(
                rng.random_range(0..problem.horse_count()),
            ))
        };
        let a = crate::Assignment {
            start: starts[start % starts.len()],
            coach: crate::CoachId::from_index(rng.random_range(0..problem.coach_count())),
            arena: crate::ArenaId::from_index(rng.random_range(0..problem.arena_count())),
            horses: req.riders.iter().map(|_| horse(rng)).collect(),
        };
        state.assign(id, a);
    }
}

fn steps_options(seed: u64, threads: usize) -> SolveOptions {
    SolveOptions {
        seed,
        threads,
        time_limit: None,
        steps_per_request: Some(300),
        ..SolveOptions::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any sequence of placements and removals keeps the incremental score equal to a full
    /// recomputation.
    #[test]
    fn incremental_score_equals_full(seed in 0u64..10_000, ops in prop::collection::vec((0usize..12, 0usize..64, any::<u64>()), 1..60)) {
        let problem = random_problem(seed, 12);
        let mut state = ScoreState::new(&problem, None, crate::Schedule::empty(&problem));
        let domain = domain::Domain::new(&problem);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for op in ops {
            random_op(&problem, &domain, &mut state, op, &mut rng);
            prop_assert_eq!(state.verify(), Ok(()));
        }
    }

    /// A move tried without being made leaves the state as it was, and the score it predicts
    /// is what making it gives, which is what a full recomputation gives.
    #[test]
    fn a_tried_move_scores_what_making_it_scores(
        seed in 0u64..10_000,
        placed in prop::collection::vec((0usize..12, 0usize..64, any::<u64>()), 1..24),
        tried in prop::collection::vec((0usize..12, 0usize..64, any::<u64>()), 1..8),
    ) {
        let problem = random_problem(seed, 12);
        let domain = domain::Domain::new(&problem);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut state = ScoreState::new(&problem, None, crate::Schedule::empty(&problem));
        for op in placed {
            random_op(&problem, &domain, &mut state, op, &mut rng);
        }
        let before = state.schedule().clone();
        let score = state.score();
        state.begin_trial();
        for op in tried {
            random_op(&problem, &domain, &mut state, op, &mut rng);
        }
        let changes = state.end_trial();
        prop_assert_eq!(state.schedule(), &before);
        prop_assert_eq!(state.score(), score);
        prop_assert!(state.same_buckets(&ScoreState::new(&problem, None, before.clone())));
        let predicted = state.score_after(&changes);
        let mut made = before.clone();
        for (r, a) in &changes {
            match a {
                Some(a) => made.assign(*r, a.clone()),
                None => drop(made.unassign(*r, None)),
            }
        }
        prop_assert_eq!(predicted, crate::score::score_of(&problem, None, &made));
        state.apply(changes);
        prop_assert_eq!(state.score(), predicted);
        prop_assert_eq!(state.verify(), Ok(()));
    }

    /// Whatever the solver calls feasible passes `check`.
    #[test]
    fn solved_schedules_pass_check(seed in 0u64..10_000) {
        let problem = random_problem(seed, 10);
        let outcome = solve(&problem, &steps_options(seed, 1), &NeverStop);
        prop_assert!(outcome.status != Status::HardViolations);
        let report = check(&problem, &outcome.schedule);
        prop_assert!(report.is_clean(), "{:?}", report.conflicts);
        prop_assert_eq!(outcome.score, crate::score::evaluate(&problem, &outcome.schedule).score);
        prop_assert_eq!(outcome.unplaced.len(), problem.request_count() - outcome.schedule.assigned_count());
    }
}

#[test]
fn debug_mode_verifies_every_step() {
    let problem = random_problem(7, 12);
    let options = SolveOptions {
        verify_incremental: true,
        ..steps_options(7, 1)
    };
    let outcome = solve(&problem, &options, &NeverStop);
    assert!(outcome.stats.steps > 0, "the search took steps");
}

#[test]
fn same_seed_same_schedule() {
    let problem = random_problem(11, 14);
    for threads in [1, 2] {
        let a = solve(&problem, &steps_options(3, threads), &NeverStop);
        let b = solve(&problem, &steps_options(3, threads), &NeverStop);
        assert_eq!(a.schedule, b.schedule, "threads = {threads}");
        assert_eq!(a.score, b.score);
    }
}

#[test]
fn same_seed_same_schedule_when_construction_leaves_many_out() {
    // Far more lessons than the riders have hours: construction leaves dozens out, so with two
    // threads both construct and make room side by side before the search.
    let problem = random_problem(4, 100);
    for threads in [1, 2] {
        let options = SolveOptions {
            steps_per_request: Some(20),
            ..steps_options(5, threads)
        };
        let a = solve(&problem, &options, &NeverStop);
        let b = solve(&problem, &options, &NeverStop);
        assert!(a.unplaced.len() > 32, "{} left out", a.unplaced.len());
        assert_eq!(a.schedule, b.schedule, "threads = {threads}");
        assert_eq!(a.score, b.score);
        assert!(check(&problem, &a.schedule).is_clean());
    }
}

#[test]
fn cancellation_stops_the_search() {
    let problem = random_problem(5, 14);
    let flag = CancelFlag::new();
    flag.cancel();
    let options = SolveOptions {
        time_limit: Some(Duration::from_secs(60)),
        ..SolveOptions::default()
    };
    let began = std::time::Instant::now();
    let outcome = solve(&problem, &options, &flag);
    // Construction stops at its first check too: nothing is placed, and every lesson says so.
    assert!(began.elapsed() < Duration::from_secs(30));
    assert!(check(&problem, &outcome.schedule).is_clean());
    assert_eq!(outcome.unplaced.len(), problem.request_count());
    assert_eq!(outcome.status, Status::Partial);
    assert!(
        outcome
            .unplaced
            .iter()
            .all(|u| !u.reason.starts_with("every possible time")),
        "a lesson never tried is not blamed on the rules alone: {:?}",
        outcome.unplaced
    );
}

#[test]
fn time_limit_is_honoured() {
    let problem = random_problem(9, 14);
    let options = SolveOptions {
        time_limit: Some(Duration::from_millis(300)),
        ..SolveOptions::default()
    };
    let began = std::time::Instant::now();
    let outcome = solve(&problem, &options, &NeverStop);
    // Generous slack: the point is that a 300 ms limit does not run for seconds.
    assert!(
        began.elapsed() < Duration::from_secs(5),
        "took {:?}",
        began.elapsed()
    );
    assert!(outcome.stats.elapsed >= Duration::from_millis(1));
}

#[test]
fn unplaceable_request_is_an_outcome_with_a_reason() {
    let mut club = ProblemBuilder::new("UTC", NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), 1);
    club.open_every_day("09:00-10:00");
    club.add_arena(ArenaSpec::new("a", 1));
    club.add_coach(CoachSpec::new("c"));
    club.add_horse(HorseSpec::new("h"));
    club.add_rider(RiderSpec::new("r1", "beginner"));
    club.add_rider(RiderSpec::new("r2", "beginner"));
    club.add_lesson_kind(LessonKindSpec::private("p", 60));
    club.add_request(RequestSpec::new("L1", "p", ["r1"]));
    club.add_request(RequestSpec::new("L2", "p", ["r2"]));
    let problem = club.build().unwrap();
    let outcome = solve(&problem, &steps_options(1, 1), &NeverStop);
    assert_eq!(outcome.status, Status::Partial);
    assert_eq!(outcome.unplaced.len(), 1);
    assert_eq!(
        outcome.unplaced[0].reason,
        "no qualified coach is free in the allowed times"
    );
}

#[test]
fn pinned_fields_are_respected() {
    let problem = random_problem(21, 8);
    let first = solve(&problem, &steps_options(1, 1), &NeverStop);
    let (id, placed) = first
        .schedule
        .assigned()
        .next()
        .map(|(id, a)| (id, a.clone()))
        .expect("something placed");
    let mut spec = problem.spec().clone();
    let r = &mut spec.requests[id.index()];
    r.pinned.start = Some(problem.time_axis().instant(placed.start));
    r.pinned.coach = Some(problem.coach_key(placed.coach).to_owned());
    let pinned = Problem::new(spec).unwrap();
    for seed in 0..4 {
        let outcome = solve(&pinned, &steps_options(seed, 1), &NeverStop);
        let a = outcome.schedule.get(id).expect("pinned lesson placed");
        assert_eq!((a.start, a.coach), (placed.start, placed.coach));
    }
}

#[test]
fn small_components_are_proven_optimal_with_one_thread_or_two() {
    let problem = random_problem(21, 8);
    let requests: Vec<_> = problem.request_ids().collect();
    let empty = Schedule::empty(&problem);
    // The MILP alone, from nothing: the optimum the search and the MILP together must reach.
    let exact = crate::exact::solve_exact(&crate::exact::ExactInput {
        problem: &problem,
        requests: &requests,
        fixed: &empty,
        time_limit: std::time::Duration::from_secs(60),
        stop: &|| false,
    })
    .expect("the model builds");
    assert!(exact.optimal, "8 requests are proven optimal in a minute");
    let optimum = crate::score::score_of(&problem, None, &exact.schedule.expect("a schedule"));
    for threads in [1, 2] {
        let options = SolveOptions {
            threads,
            time_limit: Some(std::time::Duration::from_secs(60)),
            ..SolveOptions::default()
        };
        let outcome = solve(&problem, &options, &NeverStop);
        assert_eq!(outcome.status, Status::Optimal, "threads = {threads}");
        assert_eq!(outcome.score, optimum, "threads = {threads}");
        assert_eq!(outcome.lower_bound, Some(optimum), "threads = {threads}");
        assert!(check(&problem, &outcome.schedule).is_clean());
    }
}

/// A member who owns a horse may ride it in a school lesson (`check` accepts it): when every
/// school horse is taken, that is how the lesson still takes place, and the exact solver and
/// the search agree.
#[test]
fn an_owner_rides_their_own_horse_when_the_school_horses_are_taken() {
    let mut club = ProblemBuilder::new("UTC", NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), 1);
    club.open_every_day("09:00-10:00");
    club.add_arena(ArenaSpec::new("a", 2));
    club.add_coach(CoachSpec::new("c1"));
    club.add_coach(CoachSpec::new("c2"));
    club.add_horse(HorseSpec::new("school"));
    let mut blaze = HorseSpec::new("blaze");
    blaze.owner = Some("owner".into());
    club.add_horse(blaze);
    club.add_rider(RiderSpec::new("member", "beginner"));
    club.add_rider(RiderSpec::new("owner", "beginner"));
    club.add_lesson_kind(LessonKindSpec::private("p", 60));
    club.add_request(RequestSpec::new("L1", "p", ["member"]));
    club.add_request(RequestSpec::new("L2", "p", ["owner"]));
    let problem = club.build().unwrap();
    let blaze = problem.horse_id("blaze").unwrap();
    for schedule in placed_by_search_and_by_milp(&problem, 3) {
        let owner_lesson = schedule.get(RequestId::from_index(1)).unwrap();
        assert_eq!(owner_lesson.horses, vec![Some(blaze)]);
    }
}

/// The schedules `solve` gives with the search alone and with the MILP beside it, each checked
/// to place every lesson without a conflict.
fn placed_by_search_and_by_milp(problem: &Problem, seed: u64) -> Vec<Schedule> {
    [0, 80]
        .into_iter()
        .map(|exact_max_requests| {
            let options = SolveOptions {
                exact_max_requests,
                ..steps_options(seed, 1)
            };
            let outcome = solve(problem, &options, &NeverStop);
            assert!(outcome.unplaced.is_empty(), "exact ≤ {exact_max_requests}");
            assert!(check(problem, &outcome.schedule).is_clean());
            outcome.schedule
        })
        .collect()
}

#[test]
fn a_member_who_prefers_a_coach_not_qualified_for_the_lesson_gets_a_qualified_one() {
    // The member's favourite coach teaches dressage; the lesson is jumping, at the one hour the
    // club is open. Placement used to try the favourite first and give up on that hour when the
    // favourite was free, so the lesson was never placed.
    let mut club = ProblemBuilder::new("UTC", NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), 1);
    club.open_every_day("09:00-10:00");
    club.add_arena(ArenaSpec::new("a", 2));
    club.add_coach(CoachSpec::new("dressage"));
    club.add_coach(CoachSpec::new("jumper").qualified(["jumping"]));
    club.add_horse(HorseSpec::new("h"));
    club.add_rider(RiderSpec::new("member", "beginner"));
    club.add_lesson_kind(LessonKindSpec::private("jump", 60).requires_qualification("jumping"));
    club.add_request(RequestSpec::new("L1", "jump", ["member"]).preferred_coach("dressage"));
    let problem = club.build().unwrap();
    let jumper = problem.coach_id("jumper").unwrap();
    for schedule in placed_by_search_and_by_milp(&problem, 1) {
        let lesson = schedule.get(RequestId::from_index(0)).unwrap();
        assert_eq!(lesson.coach, jumper);
    }
}
