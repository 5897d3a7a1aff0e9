//! Regression tests, each named after the bug it pins down.

use chrono::{DateTime, NaiveDate, Utc};
use paddock_solver::spec::*;
use paddock_solver::{Constraint, Problem, ProblemBuilder, Schedule, check};

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("RFC 3339 instant")
}

/// A club open around the clock from Friday 6 March 2026, with coaches C1 and C2, horse Star
/// (30 minutes of rest between lessons), riders r1 and r2 and 60-minute private lessons L1, L2.
fn night_club() -> Problem {
    let mut club =
        ProblemBuilder::new("UTC", NaiveDate::from_ymd_opt(2026, 3, 6).expect("date"), 2);
    club.open_every_day("00:00-24:00");
    club.add_arena(ArenaSpec::new("pen", 4));
    club.add_coach(CoachSpec::new("C1"));
    club.add_coach(CoachSpec::new("C2"));
    let mut star = HorseSpec::new("star");
    star.min_rest_minutes = Some(30);
    club.add_horse(star);
    club.add_rider(RiderSpec::new("r1", "beginner"));
    club.add_rider(RiderSpec::new("r2", "beginner"));
    club.add_lesson_kind(LessonKindSpec::private("ride-60", 60));
    club.add_request(RequestSpec::new("L1", "ride-60", ["r1"]));
    club.add_request(RequestSpec::new("L2", "ride-60", ["r2"]));
    club.build().expect("valid club")
}

fn lesson(request: &str, start: &str, coach: &str, rider: &str) -> LessonSpec {
    LessonSpec {
        request: request.into(),
        start: at(start),
        coach: coach.into(),
        arena: "pen".into(),
        horses: [(rider.to_owned(), "star".to_owned())].into(),
    }
}

fn conflicts(problem: &Problem, lessons: Vec<LessonSpec>) -> Vec<(Constraint, Vec<String>)> {
    let schedule = Schedule::from_spec(
        problem,
        &ScheduleSpec {
            lessons,
            ..ScheduleSpec::default()
        },
    )
    .expect("valid schedule");
    check(problem, &schedule)
        .conflicts
        .into_iter()
        .map(|c| (c.constraint, c.lessons))
        .collect()
}

/// Star works until midnight and again from midnight: no rest at all. The rest check only looks
/// at the lessons in the bucket of the later lesson's day, and L1 (23:00-24:00) does not touch
/// Saturday, so the pair is never compared.
#[test]
fn horse_rest_is_checked_across_midnight() {
    let problem = night_club();
    let found = conflicts(
        &problem,
        vec![
            lesson("L1", "2026-03-06T23:00:00Z", "C1", "r1"),
            lesson("L2", "2026-03-07T00:00:00Z", "C2", "r2"),
        ],
    );
    assert_eq!(
        found,
        vec![(
            Constraint::HorseRest,
            vec!["L1".to_owned(), "L2".to_owned()]
        )]
    );
}

/// The same within one day is reported (the control for the test above).
#[test]
fn horse_rest_is_checked_within_a_day() {
    let problem = night_club();
    let found = conflicts(
        &problem,
        vec![
            lesson("L1", "2026-03-06T21:00:00Z", "C1", "r1"),
            lesson("L2", "2026-03-06T22:00:00Z", "C2", "r2"),
        ],
    );
    assert_eq!(
        found,
        vec![(
            Constraint::HorseRest,
            vec!["L1".to_owned(), "L2".to_owned()]
        )]
    );
}

/// A schedule may place lessons up to a week outside the horizon (they are then outside their
/// allowed window). Two lessons of one coach at the same time the day before the horizon are
/// still a double booking, but both fall in the day-0 bucket where only lessons starting on or
/// after day 0 are paired, so the overlap is not reported (the same pair the day after the
/// horizon is).
#[test]
fn coach_overlap_is_reported_before_the_horizon() {
    let problem = night_club();
    let mut l2 = lesson("L2", "2026-03-05T10:00:00Z", "C1", "r2");
    l2.horses.clear();
    let found = conflicts(
        &problem,
        vec![lesson("L1", "2026-03-05T10:00:00Z", "C1", "r1"), l2],
    );
    assert!(
        found.contains(&(
            Constraint::CoachOverlap,
            vec!["L1".to_owned(), "L2".to_owned()]
        )),
        "the double booking of C1 on 5 March is missing from {found:?}"
    );
}

/// Package S needs 2 days between lessons. L1 and L2 both start Friday 10:00, L3 is on Saturday:
/// both L1 and L2 are only one day before L3. The spacing check pairs neighbours in (start,
/// request) order, so it names only the one of L1 and L2 listed last in the problem file: the
/// same club and schedule give a different report when the requests are listed in another order.
#[test]
fn series_spacing_does_not_depend_on_request_order() {
    let report = |order: [&str; 3]| {
        let mut club =
            ProblemBuilder::new("UTC", NaiveDate::from_ymd_opt(2026, 3, 6).expect("date"), 2);
        club.open_every_day("08:00-20:00");
        club.add_arena(ArenaSpec::new("pen", 4));
        club.add_coach(CoachSpec::new("C1"));
        club.add_coach(CoachSpec::new("C2"));
        club.add_rider(RiderSpec::new("r1", "beginner"));
        club.add_rider(RiderSpec::new("r2", "beginner"));
        let mut kind = LessonKindSpec::private("groundwork-60", 60);
        kind.horse = HorseNeed::None;
        club.add_lesson_kind(kind);
        let day = NaiveDate::from_ymd_opt(2026, 3, 6).expect("date");
        club.add_series(SeriesSpec {
            id: "S".into(),
            valid_from: day,
            valid_until: day.succ_opt().expect("date"),
            max_per_day: 2,
            min_days_between: 2,
            min_days: None,
        });
        for key in order {
            let mut request = RequestSpec::new(
                key,
                "groundwork-60",
                [if key == "L2" { "r2" } else { "r1" }],
            );
            request.series = Some("S".into());
            club.add_request(request);
        }
        let problem = club.build().expect("valid club");
        let lessons = vec![
            LessonSpec {
                request: "L1".into(),
                start: at("2026-03-06T10:00:00Z"),
                coach: "C1".into(),
                arena: "pen".into(),
                horses: Default::default(),
            },
            LessonSpec {
                request: "L2".into(),
                start: at("2026-03-06T10:00:00Z"),
                coach: "C2".into(),
                arena: "pen".into(),
                horses: Default::default(),
            },
            LessonSpec {
                request: "L3".into(),
                start: at("2026-03-07T10:00:00Z"),
                coach: "C1".into(),
                arena: "pen".into(),
                horses: Default::default(),
            },
        ];
        let schedule = Schedule::from_spec(
            &problem,
            &ScheduleSpec {
                lessons,
                ..ScheduleSpec::default()
            },
        )
        .expect("valid schedule");
        let mut spacing: Vec<Vec<String>> = check(&problem, &schedule)
            .conflicts
            .into_iter()
            .filter(|c| c.constraint == Constraint::SeriesSpacing)
            .map(|c| c.lessons)
            .collect();
        spacing.sort();
        spacing
    };
    assert_eq!(report(["L1", "L2", "L3"]), report(["L2", "L1", "L3"]));
}
