//! Tests of recommendations: conflict-free, as good as brute force, and why-not in words.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::score::state::ScoreState;
use crate::solve::tests::random_problem;
use crate::solve::{NeverStop, SolveOptions, solve};
use crate::spec::*;
use crate::{ProblemBuilder, check};

fn solved(problem: &Problem, seed: u64) -> Schedule {
    let options = SolveOptions {
        seed,
        threads: 1,
        time_limit: None,
        steps_per_request: Some(100),
        ..SolveOptions::default()
    };
    solve(problem, &options, &NeverStop).schedule
}

/// Every cartesian placement of unplaced `id`, scored exactly; the best hard-feasible delta.
fn brute_force_best(problem: &Problem, schedule: &Schedule, id: RequestId) -> Option<Score> {
    let mut state = ScoreState::new(problem, None, schedule.clone());
    let domain = Domain::new(problem);
    let req = problem.request(id);
    let mut combos: Vec<Vec<Option<HorseId>>> = vec![Vec::new()];
    if req.horse_need != HorseNeed::None {
        for list in &req.horse_candidates {
            combos = combos
                .into_iter()
                .flat_map(|c| {
                    list.iter()
                        .filter(|h| !c.contains(&Some(**h)))
                        .map(|&h| [c.clone(), vec![Some(h)]].concat())
                        .collect::<Vec<_>>()
                })
                .collect();
        }
    }
    let mut best: Option<Score> = None;
    for &start in domain.starts(id) {
        for &coach in req.coach_candidates.iter() {
            for &arena in req.arena_candidates.iter() {
                for horses in &combos {
                    let a = Assignment {
                        start,
                        coach,
                        arena,
                        horses: horses.clone(),
                    };
                    let d = state.delta_assign(id, &a);
                    if d.hard == 0
                        && best.is_none_or(|b| crate::solve::scalar(d) < crate::solve::scalar(b))
                    {
                        best = Some(d);
                    }
                }
            }
        }
    }
    best
}

#[test]
fn recommendations_are_conflict_free() {
    for seed in 0..3 {
        let problem = random_problem(seed, 10);
        let schedule = solved(&problem, seed);
        let mut recommender = Recommender::new(&problem, &schedule);
        for id in problem.request_ids() {
            let found = recommender.recommend(id, 5);
            let mut seen = Vec::new();
            for r in &found {
                assert!(!seen.contains(&r.assignment), "placements are distinct");
                seen.push(r.assignment.clone());
                let mut with = schedule.clone();
                with.assign(id, r.assignment.clone());
                let report = check(&problem, &with);
                assert!(
                    report.is_clean(),
                    "seed {seed} {}: {:?}",
                    problem.request_key(id),
                    report.conflicts
                );
            }
            assert!(
                found
                    .windows(2)
                    .all(|w| crate::solve::scalar(w[0].delta) <= crate::solve::scalar(w[1].delta)),
                "best first"
            );
            assert_eq!(
                recommender.schedule(),
                &schedule,
                "queries leave the schedule as it was"
            );
        }
    }
}

#[test]
fn best_recommendation_matches_brute_force() {
    let mut compared = 0;
    for seed in 0..5 {
        let problem = random_problem(seed, 8);
        let full = solved(&problem, seed);
        for id in problem.request_ids() {
            // Take the lesson out so it is a waiting request on an otherwise full schedule.
            let mut schedule = full.clone();
            schedule.unassign(id, None);
            let expected = brute_force_best(&problem, &schedule, id);
            let got = recommend(&problem, &schedule, id, 3)
                .first()
                .map(|r| r.delta);
            assert_eq!(got, expected, "seed {seed}, {}", problem.request_key(id));
            compared += 1;
        }
    }
    assert!(compared >= 40);
}

#[test]
fn reasons_add_up_to_the_delta() {
    let problem = random_problem(3, 12);
    let mut schedule = solved(&problem, 3);
    let id = RequestId::from_index(4);
    schedule.unassign(id, None);
    for r in recommend(&problem, &schedule, id, 5) {
        let total: i64 = r.reasons.iter().map(|x| x.cost).sum();
        assert_eq!(
            total,
            r.delta.hard + r.delta.unassigned + r.delta.soft,
            "{:?}",
            r.reasons
        );
        assert!(
            r.reasons
                .iter()
                .any(|x| x.constraint == Constraint::Unassigned && x.cost < 0)
        );
    }
}

#[test]
fn moving_a_placed_lesson_leaves_its_place_out() {
    let problem = random_problem(8, 10);
    let schedule = solved(&problem, 8);
    let (id, current) = schedule
        .assigned()
        .next()
        .map(|(i, a)| (i, a.clone()))
        .expect("something placed");
    let found = recommend(&problem, &schedule, id, 4);
    assert!(found.iter().all(|r| r.assignment != current));
    for r in &found {
        let mut moved = schedule.clone();
        moved.assign(id, r.assignment.clone());
        assert!(check(&problem, &moved).is_clean());
        let change = crate::score::evaluate(&problem, &moved).score
            - crate::score::evaluate(&problem, &schedule).score;
        assert_eq!(change, r.delta);
    }
}

/// One day, 09:00–12:00 UTC; coach Li and coach Wu; horses Star and Moon; riders Ann and Bo.
fn small_club() -> ProblemBuilder {
    let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let mut club = ProblemBuilder::new("UTC", day, 1);
    club.open_every_day("09:00-12:00");
    club.add_arena(ArenaSpec::new("ring", 1));
    club.add_coach(CoachSpec::new("li").named("Li"));
    club.add_horse(HorseSpec::new("star").named("Star"));
    club.add_horse(HorseSpec::new("moon").named("Moon"));
    club.add_rider(RiderSpec::new("ann", "beginner").named("Ann"));
    club.add_rider(RiderSpec::new("bo", "beginner").named("Bo"));
    club.add_lesson_kind(LessonKindSpec::private("p", 60));
    club
}

fn at(h: u32, m: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, h, m, 0).unwrap()
}

#[test]
fn why_not_names_the_busy_coach_and_rider() {
    let mut club = small_club();
    club.add_request(RequestSpec::new("L1", "p", ["ann"]));
    club.add_request(RequestSpec::new("L2", "p", ["ann"]));
    club.add_request(RequestSpec::new("L3", "p", ["bo"]));
    let problem = club.build().unwrap();
    let mut schedule = Schedule::empty(&problem);
    let nine = problem.time_axis().exact_minute(at(9, 0)).unwrap();
    let l1 = problem.request_id("L1").unwrap();
    schedule.assign(
        l1,
        Assignment {
            start: nine,
            coach: CoachId(0),
            arena: ArenaId(0),
            horses: vec![Some(HorseId(0))],
        },
    );
    let mut recommender = Recommender::new(&problem, &schedule);

    let why = recommender.why_not(problem.request_id("L2").unwrap(), nine);
    let messages: Vec<&str> = why.blockers.iter().map(|b| b.message.as_str()).collect();
    assert!(
        messages.contains(&"rider Ann is busy with L1"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"coach Li is teaching L1"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"arena ring is full (L1)"),
        "{messages:?}"
    );

    let why = recommender.why_not(problem.request_id("L3").unwrap(), nine);
    assert!(
        why.blockers
            .iter()
            .all(|b| b.constraint != Constraint::RiderOverlap)
    );
    assert!(
        why.blockers
            .iter()
            .any(|b| b.constraint == Constraint::CoachOverlap)
    );

    let ten = nine + 60;
    assert!(
        recommender
            .why_not(problem.request_id("L3").unwrap(), ten)
            .is_possible()
    );
    let late = recommender.why_not(problem.request_id("L3").unwrap(), nine + 150);
    assert_eq!(late.blockers[0].constraint, Constraint::ClubClosed);
}

#[test]
fn why_not_lists_each_horse_reason() {
    let mut club = small_club();
    club.add_request(RequestSpec::new("L1", "p", ["bo"]));
    club.add_request(RequestSpec::new("L2", "p", ["ann"]));
    let mut spec = club.spec().clone();
    spec.horses[0].vet_holds.push(TimeSpan {
        start: at(9, 0),
        end: at(12, 0),
        reason: "lame".into(),
    });
    spec.horses[1].max_lessons_per_day = Some(1);
    let problem = Problem::new(spec).unwrap();
    let nine = problem.time_axis().exact_minute(at(9, 0)).unwrap();
    let mut schedule = Schedule::empty(&problem);
    schedule.assign(
        problem.request_id("L1").unwrap(),
        Assignment {
            start: nine,
            coach: CoachId(0),
            arena: ArenaId(0),
            horses: vec![Some(HorseId(1))],
        },
    );
    let mut recommender = Recommender::new(&problem, &schedule);
    let why = recommender.why_not(problem.request_id("L2").unwrap(), nine + 120);
    let messages: Vec<&str> = why.blockers.iter().map(|b| b.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "no free horse for rider Ann: horse Star is on vet hold (lame)",
            "no free horse for rider Ann: horse Moon has reached its welfare limit of 1 lessons a day"
        ]
    );
    assert!(
        recommender
            .recommend(problem.request_id("L2").unwrap(), 3)
            .is_empty()
    );
}

#[test]
fn reasons_speak_of_preferences_and_workload() {
    let mut club = small_club();
    club.add_request(RequestSpec::new("L1", "p", ["bo"]));
    club.add_request(
        RequestSpec::new("L2", "p", ["ann"]).preferred(TimeSpan::new(at(11, 0), at(12, 0))),
    );
    let problem = club.build().unwrap();
    let nine = problem.time_axis().exact_minute(at(9, 0)).unwrap();
    let mut schedule = Schedule::empty(&problem);
    schedule.assign(
        problem.request_id("L1").unwrap(),
        Assignment {
            start: nine,
            coach: CoachId(0),
            arena: ArenaId(0),
            horses: vec![Some(HorseId(0))],
        },
    );
    let found = recommend(&problem, &schedule, problem.request_id("L2").unwrap(), 10);
    let best = &found[0];
    assert_eq!(
        problem.time_axis().instant(best.assignment.start),
        at(11, 0)
    );
    assert!(
        best.reasons
            .iter()
            .any(|r| r.message == "preferred time" && r.cost == 0),
        "{:?}",
        best.reasons
    );
    let star = found
        .iter()
        .find(|r| r.assignment.horses == [Some(HorseId(0))])
        .expect("Star is offered too");
    assert!(
        star.reasons
            .iter()
            .any(|r| r.message == "horse Star has 1 lesson already today"),
        "{:?}",
        star.reasons
    );
}

#[test]
fn free_slots_and_freed_slot_fits() {
    let mut club = small_club();
    club.add_request(RequestSpec::new("L1", "p", ["bo"]));
    club.add_request(
        RequestSpec::new("L2", "p", ["ann"]).allowed(TimeSpan::new(at(9, 0), at(10, 0))),
    );
    club.add_request(
        RequestSpec::new("L3", "p", ["ann"]).allowed(TimeSpan::new(at(11, 0), at(12, 0))),
    );
    let problem = club.build().unwrap();
    let nine = problem.time_axis().exact_minute(at(9, 0)).unwrap();
    let l1 = problem.request_id("L1").unwrap();
    let mut schedule = Schedule::empty(&problem);
    schedule.assign(
        l1,
        Assignment {
            start: nine,
            coach: CoachId(0),
            arena: ArenaId(0),
            horses: vec![Some(HorseId(0))],
        },
    );
    let mut recommender = Recommender::new(&problem, &schedule);
    let day = problem.time_axis().day_interval(0);
    let free = recommender.free_slots(Resource::Coach(CoachId(0)), day, 60);
    let starts: Vec<_> = free
        .iter()
        .map(|i| problem.time_axis().instant(i.start))
        .collect();
    assert_eq!(
        starts,
        [at(10, 0), at(10, 15), at(10, 30), at(10, 45), at(11, 0)]
    );

    // L1 is cancelled: its hour fits L2 but not L3.
    let freed = recommender.unassign(l1).expect("was placed");
    let slot = FreedSlot {
        interval: Interval::new(freed.start, freed.start + 60),
        coach: Some(freed.coach),
        arena: None,
    };
    let fits = recommender.fits_freed_slot(slot, 5);
    let keys: Vec<&str> = fits
        .iter()
        .map(|f| problem.request_key(f.request))
        .collect();
    assert_eq!(keys, ["L1", "L2"]);
}

#[test]
fn a_new_request_from_a_document() {
    let mut club = small_club();
    club.add_request(RequestSpec::new("L1", "p", ["bo"]));
    let problem = club.build().unwrap();
    let schedule = solved(&problem, 1);
    let (bigger, carried, id) =
        with_request(&problem, &schedule, RequestSpec::new("N1", "p", ["ann"])).unwrap();
    assert_eq!(carried.assigned_count(), schedule.assigned_count());
    assert!(!recommend(&bigger, &carried, id, 3).is_empty());
    assert!(matches!(
        with_request(&problem, &schedule, RequestSpec::new("L1", "p", ["ann"])),
        Err(RecommendError::DuplicateRequest(_))
    ));
}
