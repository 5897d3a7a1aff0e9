//! Making room: where a horse or coach has reached its daily limit, where a package lesson
//! holds the day its mate needs, and never with a horse that is away.

use chrono::{NaiveDate, TimeZone, Utc};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::schedule::Schedule;
use crate::spec::*;
use crate::{Problem, ProblemBuilder};

fn at(hour: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, hour, 0, 0).unwrap()
}

/// One morning: Ada (advanced) may ride only Star and only at 11:00; Ben (beginner) may ride Star
/// or Moon at any time. Star does one lesson a day; coach Li teaches `li_lessons` a day.
fn club(li_lessons: u32) -> Problem {
    let mut b = ProblemBuilder::new("UTC", NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), 1);
    b.open_every_day("09:00-13:00");
    b.add_arena(ArenaSpec::new("hall", 10));
    b.add_coach(CoachSpec::new("li").max_lessons_per_day(li_lessons));
    b.add_horse(
        HorseSpec::new("star")
            .levels(["advanced", "beginner"])
            .welfare(1, 600, 0),
    );
    b.add_horse(HorseSpec::new("moon").levels(["beginner"]));
    b.add_rider(RiderSpec::new("ada", "advanced"));
    b.add_rider(RiderSpec::new("ben", "beginner"));
    b.add_lesson_kind(LessonKindSpec::private("private-60", 60));
    b.add_request(
        RequestSpec::new("ada", "private-60", ["ada"]).allowed(TimeSpan::new(at(11), at(12))),
    );
    b.add_request(RequestSpec::new("ben", "private-60", ["ben"]));
    b.build().expect("a valid club")
}

/// Ben's lesson at 09:00 on Star with Li; Ada's unplaced.
fn ben_on_star(problem: &Problem) -> ScoreState<'_> {
    let mut schedule = Schedule::empty(problem);
    schedule.assign(
        problem.keys.requests["ben"],
        Assignment {
            start: problem.axis.exact_minute(at(9)).unwrap(),
            coach: problem.keys.coaches["li"],
            arena: problem.keys.arenas["hall"],
            horses: vec![Some(problem.keys.horses["star"])],
        },
    );
    ScoreState::new(problem, None, schedule)
}

fn make_room_for_ada(state: &mut ScoreState, movable: &[RequestId]) -> bool {
    let problem = state.problem();
    let domain = Domain::new(problem);
    let ada = problem.keys.requests["ada"];
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    eject_insert(state, &domain, ada, movable, &mut rng, &mut 0).is_some()
}

#[test]
fn a_horse_at_its_daily_limit_is_freed_by_moving_its_other_lesson() {
    // Star is free at 11:00 but has done its one lesson: Ben's lesson moves to Moon.
    let problem = club(8);
    let mut state = ben_on_star(&problem);
    let all: Vec<RequestId> = problem.request_ids().collect();
    assert!(make_room_for_ada(&mut state, &all));
    let schedule = state.schedule();
    let ada = schedule
        .get(problem.keys.requests["ada"])
        .expect("Ada placed");
    assert_eq!(ada.horses, vec![Some(problem.keys.horses["star"])]);
    let ben = schedule
        .get(problem.keys.requests["ben"])
        .expect("Ben still placed");
    assert_eq!(ben.horses, vec![Some(problem.keys.horses["moon"])]);
    assert_eq!(state.score().hard, 0);
}

#[test]
fn a_coach_at_the_daily_limit_is_freed_the_same_way_unless_the_lesson_may_not_move() {
    // Li teaches one lesson a day: Ada's lesson takes Ben's place, and Ben's lesson has nowhere
    // to go (no other coach), so it waits: one lesson out either way, Ada's now placed.
    let problem = club(1);
    let mut state = ben_on_star(&problem);
    let all: Vec<RequestId> = problem.request_ids().collect();
    assert!(make_room_for_ada(&mut state, &all));
    assert!(state.schedule().get(problem.keys.requests["ada"]).is_some());
    assert!(state.schedule().get(problem.keys.requests["ben"]).is_none());
    assert_eq!(state.score().hard, 0);

    // When Ben's lesson may not move, no room can be made and nothing changes.
    let mut state = ben_on_star(&problem);
    let only_ada = [problem.keys.requests["ada"]];
    assert!(!make_room_for_ada(&mut state, &only_ada));
    assert!(state.schedule().get(problem.keys.requests["ada"]).is_none());
    assert!(state.schedule().get(problem.keys.requests["ben"]).is_some());
}

/// Three days, one coach and one horse; a package of two lessons at least two days apart, both
/// allowed on every day.
fn package_club() -> Problem {
    let mut b = ProblemBuilder::new("UTC", NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), 3);
    b.open_every_day("09:00-13:00");
    b.add_arena(ArenaSpec::new("hall", 10));
    b.add_coach(CoachSpec::new("li"));
    b.add_horse(HorseSpec::new("star"));
    b.add_rider(RiderSpec::new("ada", "beginner"));
    b.add_lesson_kind(LessonKindSpec::private("private-60", 60));
    b.add_series(SeriesSpec {
        id: "pkg".into(),
        valid_from: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        valid_until: NaiveDate::from_ymd_opt(2026, 3, 4).unwrap(),
        max_per_day: 1,
        min_days_between: 2,
        min_days: None,
    });
    for key in ["first", "second"] {
        let mut request = RequestSpec::new(key, "private-60", ["ada"]);
        request.series = Some("pkg".into());
        b.add_request(request);
    }
    b.build().expect("a valid club")
}

#[test]
fn a_package_lesson_on_the_only_day_its_mate_needs_is_moved_out_of_the_way() {
    // "first" sits on the middle day, where no other day is two days away from it: "second"
    // fits nowhere until "first" moves to the first or last day.
    let problem = package_club();
    let mut schedule = Schedule::empty(&problem);
    schedule.assign(
        problem.keys.requests["first"],
        Assignment {
            start: problem
                .axis
                .exact_minute(Utc.with_ymd_and_hms(2026, 3, 3, 10, 0, 0).unwrap())
                .unwrap(),
            coach: problem.keys.coaches["li"],
            arena: problem.keys.arenas["hall"],
            horses: vec![Some(problem.keys.horses["star"])],
        },
    );
    let mut state = ScoreState::new(&problem, None, schedule);
    let domain = Domain::new(&problem);
    let all: Vec<RequestId> = problem.request_ids().collect();
    let second = problem.keys.requests["second"];
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    assert!(eject_insert(&mut state, &domain, second, &all, &mut rng, &mut 0).is_some());
    let day = |key: &str| {
        let a = state
            .schedule()
            .get(problem.keys.requests[key])
            .expect("placed");
        problem.axis.day_of(a.start)
    };
    assert_eq!(day("first").abs_diff(day("second")), 2);
    assert_eq!(state.score().hard, 0);
}

#[test]
fn a_horse_away_at_that_time_is_never_the_one_made_free() {
    // Ada may ride only at 11:00. Star is on a vet hold then; Moon is free but for Ben's lesson.
    // Every attempt must clear Moon (Ben's lesson moves to another hour), never pick Star.
    let mut b = ProblemBuilder::new("UTC", NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), 1);
    b.open_every_day("09:00-13:00");
    b.add_arena(ArenaSpec::new("hall", 10));
    b.add_coach(CoachSpec::new("li"));
    b.add_coach(CoachSpec::new("wu"));
    let mut star = HorseSpec::new("star");
    star.vet_holds = vec![TimeSpan {
        start: at(10),
        end: at(12),
        reason: "lame".into(),
    }];
    b.add_horse(star);
    b.add_horse(HorseSpec::new("moon"));
    b.add_rider(RiderSpec::new("ada", "beginner"));
    b.add_rider(RiderSpec::new("ben", "beginner"));
    b.add_lesson_kind(LessonKindSpec::private("private-60", 60));
    b.add_request(
        RequestSpec::new("ada", "private-60", ["ada"]).allowed(TimeSpan::new(at(11), at(12))),
    );
    b.add_request(RequestSpec::new("ben", "private-60", ["ben"]));
    let problem = b.build().expect("a valid club");
    let domain = Domain::new(&problem);
    let all: Vec<RequestId> = problem.request_ids().collect();
    let ada = problem.keys.requests["ada"];
    for seed in 0..20 {
        let mut schedule = Schedule::empty(&problem);
        schedule.assign(
            problem.keys.requests["ben"],
            Assignment {
                start: problem.axis.exact_minute(at(11)).unwrap(),
                coach: problem.keys.coaches["wu"],
                arena: problem.keys.arenas["hall"],
                horses: vec![Some(problem.keys.horses["moon"])],
            },
        );
        let mut state = ScoreState::new(&problem, None, schedule);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        assert!(
            eject_insert(&mut state, &domain, ada, &all, &mut rng, &mut 0).is_some(),
            "seed {seed}"
        );
        let placed = state.schedule().get(ada).expect("Ada placed");
        assert_eq!(placed.horses, vec![Some(problem.keys.horses["moon"])]);
        assert!(state.schedule().get(problem.keys.requests["ben"]).is_some());
        assert_eq!(state.score().hard, 0);
    }
}
