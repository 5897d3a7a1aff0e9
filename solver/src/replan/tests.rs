//! Tests of re-planning: few changes, fixed lessons stay, reports are complete.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::ids::*;
use crate::schedule::Assignment;
use crate::solve::tests::random_problem;
use crate::solve::{NeverStop, SolveOptions, solve};
use crate::spec::*;
use crate::{ProblemBuilder, check};

fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2 + day, h, m, 0).unwrap()
}

fn sick(coach: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Disruption {
    Disruption::CoachUnavailable {
        coach: coach.into(),
        start: from,
        end: to,
        reason: "sick".into(),
    }
}

fn events(events: Vec<Disruption>) -> DisruptionsSpec {
    DisruptionsSpec {
        events,
        ..DisruptionsSpec::default()
    }
}

/// Two days; coaches Li, Wu and Zoe; a roomy arena; enough horses; Li and Wu teach both days,
/// Zoe only works on the first day and has nothing to teach.
fn club() -> (Problem, Schedule) {
    let mut club = ProblemBuilder::new("UTC", NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), 2);
    club.open_every_day("09:00-13:00");
    club.add_arena(ArenaSpec::new("ring", 4));
    club.add_arena(ArenaSpec::new("field", 4));
    for c in ["li", "wu", "zoe"] {
        club.add_coach(CoachSpec::new(c));
    }
    for h in 0..6 {
        club.add_horse(HorseSpec::new(&format!("h{h}")));
    }
    for r in 0..6 {
        club.add_rider(RiderSpec::new(&format!("r{r}"), "beginner"));
    }
    club.add_lesson_kind(LessonKindSpec::private("p", 60));
    let mut spec = club.spec().clone();
    // Zoe is off on the second day.
    spec.coaches[2].availability.exceptions.push(DateException {
        date: NaiveDate::from_ymd_opt(2026, 3, 3).unwrap(),
        hours: Vec::new(),
    });
    let mut club = ProblemBuilder::from_spec(spec);
    let plan = [
        ("L1", 0, 9, "li", "r0"),
        ("L2", 0, 10, "li", "r1"),
        ("L3", 0, 9, "wu", "r2"),
        ("L4", 1, 9, "li", "r3"),
        ("L5", 1, 11, "wu", "r4"),
    ];
    for (key, _, _, _, rider) in plan {
        club.add_request(RequestSpec::new(key, "p", [rider]));
    }
    let problem = club.build().unwrap();
    let mut schedule = Schedule::empty(&problem);
    for (k, (key, day, hour, coach, _)) in plan.iter().enumerate() {
        let start = problem
            .time_axis()
            .exact_minute(at(*day, *hour, 0))
            .unwrap();
        let a = Assignment {
            start,
            coach: problem.coach_id(coach).unwrap(),
            arena: ArenaId(0),
            horses: vec![Some(HorseId::from_index(k))],
        };
        schedule.assign(problem.request_id(key).unwrap(), a);
    }
    assert!(check(&problem, &schedule).is_clean());
    (problem, schedule)
}

#[test]
fn a_sick_day_changes_only_that_coachs_lessons() {
    let (problem, schedule) = club();
    let outcome = replan(
        &problem,
        &schedule,
        &events(vec![sick("li", at(0, 0, 0), at(1, 0, 0))]),
        &ReplanOptions::default(),
    )
    .unwrap();
    let changed: Vec<&str> = outcome.changes.iter().map(|c| c.request.as_str()).collect();
    assert_eq!(changed, ["L1", "L2"]);
    for c in &outcome.changes {
        assert_eq!(c.kinds, [ChangeKind::Coach], "{c:?}");
        let coach = &c.after.as_ref().unwrap().coach;
        assert_ne!(coach, "li");
        assert_eq!(c.notify_coaches, ["li".to_owned(), coach.clone()]);
        assert_eq!(c.notify_riders.len(), 1);
    }
    assert!(outcome.not_placed.is_empty());
    assert!(check(&outcome.problem, &outcome.schedule).is_clean());
}

#[test]
fn a_lesson_moves_in_time_only_when_no_coach_is_free_then() {
    let (problem, schedule) = club();
    // Li is sick on the second day: Zoe is off, Wu is free at 09:00, so L4 changes coach only.
    let outcome = replan(
        &problem,
        &schedule,
        &events(vec![sick("li", at(1, 0, 0), at(2, 0, 0))]),
        &ReplanOptions::default(),
    )
    .unwrap();
    assert_eq!(outcome.changes.len(), 1);
    assert_eq!(outcome.changes[0].kinds, [ChangeKind::Coach]);
    // Wu is sick too over 09:00-10:00 on the second day: L4 must move in time, and then keeps
    // Li on the first day (a time change alone is cheaper than time and coach).
    let both = events(vec![
        sick("li", at(1, 0, 0), at(2, 0, 0)),
        sick("wu", at(1, 9, 0), at(1, 10, 0)),
    ]);
    let outcome = replan(&problem, &schedule, &both, &ReplanOptions::default()).unwrap();
    assert_eq!(outcome.changes.len(), 1, "{:?}", outcome.changes);
    assert_eq!(outcome.changes[0].kinds, [ChangeKind::Time]);
    assert!(check(&outcome.problem, &outcome.schedule).is_clean());
}

#[test]
fn started_and_pinned_lessons_never_move() {
    let (problem, schedule) = club();
    // At 09:30 on day one, L1 (Li, 09:00) has started: it stays although Li is now absent.
    let disruptions = DisruptionsSpec {
        now: Some(at(0, 9, 30)),
        ..events(vec![sick("li", at(0, 0, 0), at(1, 0, 0))])
    };
    let outcome = replan(&problem, &schedule, &disruptions, &ReplanOptions::default()).unwrap();
    let l1 = outcome.problem.request_id("L1").unwrap();
    assert_eq!(
        outcome.schedule.get(l1),
        schedule.get(problem.request_id("L1").unwrap())
    );
    assert_eq!(
        outcome
            .changes
            .iter()
            .map(|c| c.request.as_str())
            .collect::<Vec<_>>(),
        ["L2"]
    );

    // Random clubs: pin a placed lesson's start, make its coach absent all along.
    for seed in 0..3 {
        let base = random_problem(seed, 10);
        let options = SolveOptions {
            seed,
            threads: 1,
            time_limit: None,
            steps_per_request: Some(100),
            ..SolveOptions::default()
        };
        let solved = solve(&base, &options, &NeverStop).schedule;
        let Some((id, a)) = solved.assigned().next().map(|(i, a)| (i, a.clone())) else {
            continue;
        };
        let mut spec = base.spec().clone();
        spec.requests[id.index()].pinned.start = Some(base.time_axis().instant(a.start));
        let pinned = Problem::new(spec).unwrap();
        let horizon = pinned.time_axis().horizon();
        let axis = pinned.time_axis();
        let all_along = events(vec![sick(
            pinned.coach_key(a.coach),
            axis.instant(horizon.start),
            axis.instant(horizon.end),
        )]);
        let outcome = replan(&pinned, &solved, &all_along, &ReplanOptions::default()).unwrap();
        let key = pinned.request_key(id);
        let after = outcome
            .schedule
            .get(outcome.problem.request_id(key).unwrap())
            .expect("pinned lesson kept");
        assert_eq!(after.start, a.start, "seed {seed}");
        // Everything else is conflict-free.
        let conflicts = check(&outcome.problem, &outcome.schedule).conflicts;
        assert!(
            conflicts
                .iter()
                .all(|c| c.lessons.contains(&key.to_owned())),
            "seed {seed}: {conflicts:?}"
        );
    }
}

#[test]
fn additions_cancellations_and_closures_are_reported() {
    let (problem, schedule) = club();
    let disruptions = events(vec![
        Disruption::RequestCancelled {
            request: "L3".into(),
        },
        Disruption::RequestAdded {
            request: RequestSpec::new("N1", "p", ["r5"])
                .allowed(TimeSpan::new(at(0, 9, 0), at(0, 10, 0))),
        },
        Disruption::ArenaClosed {
            arena: "ring".into(),
            start: at(1, 0, 0),
            end: at(2, 0, 0),
            reason: "footing works".into(),
        },
        Disruption::HorseUnavailable {
            horse: "h4".into(),
            start: at(1, 0, 0),
            end: at(2, 0, 0),
            reason: "lame".into(),
        },
    ]);
    let outcome = replan(&problem, &schedule, &disruptions, &ReplanOptions::default()).unwrap();
    let kinds: Vec<(&str, Vec<ChangeKind>)> = outcome
        .changes
        .iter()
        .map(|c| (c.request.as_str(), c.kinds.clone()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("L3", vec![ChangeKind::Cancelled]),
            ("N1", vec![ChangeKind::Placed]),
            ("L4", vec![ChangeKind::Arena]),
            ("L5", vec![ChangeKind::Arena, ChangeKind::Horse]),
        ]
    );
    assert!(check(&outcome.problem, &outcome.schedule).is_clean());
}

#[test]
fn lessons_that_find_no_place_are_listed_with_reasons() {
    let (problem, schedule) = club();
    // Every coach is away all along.
    let away = ["li", "wu", "zoe"]
        .map(|c| sick(c, at(0, 0, 0), at(2, 0, 0)))
        .to_vec();
    let outcome = replan(
        &problem,
        &schedule,
        &events(away),
        &ReplanOptions::default(),
    )
    .unwrap();
    let keys: Vec<&str> = outcome
        .not_placed
        .iter()
        .map(|n| n.request.as_str())
        .collect();
    assert_eq!(
        keys,
        ["L1", "L2", "L3", "L4", "L5"],
        "{:?}",
        outcome.not_placed
    );
    for n in &outcome.not_placed {
        assert!(n.reason.contains("is not working"), "{}", n.reason);
        assert!(n.before.is_some());
    }
    assert_eq!(
        outcome
            .changes
            .iter()
            .filter(|c| c.kinds == [ChangeKind::Unplaced])
            .count(),
        5
    );
}

#[test]
fn bad_disruptions_are_errors_naming_the_field() {
    let (problem, schedule) = club();
    let err = replan(
        &problem,
        &schedule,
        &events(vec![sick("nobody", at(0, 9, 0), at(0, 10, 0))]),
        &ReplanOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "disruptions: events[0].coach coach \"nobody\" does not exist"
    );
    let err = replan(
        &problem,
        &schedule,
        &events(vec![sick("li", at(0, 10, 0), at(0, 9, 0))]),
        &ReplanOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("disruptions: events[0].end"),
        "{err}"
    );
}

#[test]
fn disruptions_document_round_trips() {
    let text = r#"{"format": "paddock-disruptions/1", "now": "2026-03-02T09:30:00Z",
        "change_weights": {"time": 10, "coach": 5, "horse": 1, "arena": 1},
        "events": [{"type": "coach_unavailable", "coach": "li", "start": "2026-03-02T00:00:00Z", "end": "2026-03-03T00:00:00Z", "reason": "sick"},
                   {"type": "request_cancelled", "request": "L3"}]}"#;
    let spec: DisruptionsSpec = serde_json::from_str(text).unwrap();
    assert_eq!(spec.events.len(), 2);
    assert_eq!(spec.change_weights.unwrap().time, 10);
    let (problem, schedule) = club();
    assert!(replan(&problem, &schedule, &spec, &ReplanOptions::default()).is_ok());
}
