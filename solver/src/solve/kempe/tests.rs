//! Which lessons a Kempe chain moves, and when it gives up.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::schedule::{Assignment, Schedule};
use crate::spec::*;
use crate::{Problem, ProblemBuilder};

/// One day, open 09:00–13:00 UTC, one roomy arena, lessons without horses.
struct Club {
    problem: Problem,
    arena: ArenaId,
}

fn club(lessons: &[(&str, &str, &str)]) -> Club {
    let mut b = ProblemBuilder::new("UTC", NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), 1);
    b.open_every_day("09:00-13:00");
    let arena = b.add_arena(ArenaSpec::new("hall", 10));
    for c in ["c0", "c1", "c2"] {
        b.add_coach(CoachSpec::new(c));
    }
    for r in ["r0", "r1", "r2"] {
        b.add_rider(RiderSpec::new(r, "beginner"));
    }
    for (kind, minutes) in [("ground60", 60), ("ground30", 30)] {
        let mut k = LessonKindSpec::private(kind, minutes);
        k.horse = HorseNeed::None;
        b.add_lesson_kind(k);
    }
    for &(id, kind, rider) in lessons {
        b.add_request(RequestSpec::new(id, kind, [rider]));
    }
    Club {
        problem: b.build().expect("valid club"),
        arena,
    }
}

fn minute(problem: &Problem, hour: u32, min: u32) -> Minute {
    let instant = Utc.with_ymd_and_hms(2026, 3, 2, hour, min, 0).unwrap();
    problem.axis.exact_minute(instant).expect("on the minute")
}

/// Places lesson i at `at` (hour, minute) with coach `coach`.
fn placed<'p>(club: &'p Club, lessons: &[((u32, u32), &str)]) -> ScoreState<'p> {
    let problem = &club.problem;
    let mut schedule = Schedule::empty(problem);
    for (i, &((h, m), coach)) in lessons.iter().enumerate() {
        schedule.assign(
            RequestId::from_index(i),
            Assignment {
                start: minute(problem, h, m),
                coach: problem.keys.coaches[coach],
                arena: club.arena,
                horses: Vec::new(),
            },
        );
    }
    ScoreState::new(problem, None, schedule)
}

fn all(problem: &Problem) -> Vec<RequestId> {
    problem.request_ids().collect()
}

#[test]
fn the_chain_follows_shared_riders_and_coaches_across_both_times() {
    // A (r0, c0) at 09:00 moves to 10:00. There B shares its rider and C its coach: both go to
    // 09:00, where E shares C's rider: E goes to 10:00, where F shares E's coach: F goes to
    // 09:00. G at 11:00 shares A's rider but is at neither time and stays.
    let club = club(&[
        ("A", "ground60", "r0"),
        ("B", "ground60", "r0"),
        ("C", "ground60", "r1"),
        ("E", "ground60", "r1"),
        ("F", "ground60", "r2"),
        ("G", "ground60", "r0"),
    ]);
    let state = placed(
        &club,
        &[
            ((9, 0), "c0"),
            ((10, 0), "c1"),
            ((10, 0), "c0"),
            ((9, 0), "c2"),
            ((10, 0), "c2"),
            ((11, 0), "c0"),
        ],
    );
    let p = &club.problem;
    let (nine, ten) = (minute(p, 9, 0), minute(p, 10, 0));
    let id = |k: &str| p.keys.requests[k];
    let mut chain = kempe_chain(&state, &all(p), id("A"), ten).expect("a chain");
    chain.sort_unstable();
    let mut expected = vec![
        (id("A"), ten),
        (id("B"), nine),
        (id("C"), nine),
        (id("E"), ten),
        (id("F"), nine),
    ];
    expected.sort_unstable();
    assert_eq!(chain, expected);
}

#[test]
fn a_lesson_in_the_way_at_another_start_or_not_movable_stops_the_chain() {
    let one = club(&[("A", "ground60", "r0"), ("X", "ground30", "r1")]);
    // X (coach c0, 30 minutes) starts at 11:15: in A's way at 11:00 but not at the same start.
    let state = placed(&one, &[((9, 0), "c0"), ((11, 15), "c0")]);
    let p = &one.problem;
    let (nine, ten, eleven) = (minute(p, 9, 0), minute(p, 10, 0), minute(p, 11, 0));
    let a = p.keys.requests["A"];
    assert_eq!(kempe_chain(&state, &all(p), a, eleven), None);
    // Nothing in the way at 10:00: A moves alone.
    assert_eq!(kempe_chain(&state, &all(p), a, ten), Some(vec![(a, ten)]));

    // Y (coach c0, 60 minutes) at 11:00 swaps with A when it may move, and stops it when not.
    let two = club(&[("A", "ground60", "r0"), ("Y", "ground60", "r1")]);
    let state = placed(&two, &[((9, 0), "c0"), ((11, 0), "c0")]);
    let (a, y) = (
        two.problem.keys.requests["A"],
        two.problem.keys.requests["Y"],
    );
    assert_eq!(kempe_chain(&state, &[a], a, eleven), None);
    assert_eq!(
        kempe_chain(&state, &all(&two.problem), a, eleven),
        Some(vec![(a, eleven), (y, nine)])
    );
}
