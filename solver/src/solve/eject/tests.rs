//! Making room where a horse or coach has reached its daily limit.

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
