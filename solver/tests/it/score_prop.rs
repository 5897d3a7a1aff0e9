//! The hard score is the weighted count of the conflicts `check` reports, and evaluation is
//! deterministic.
//!
//! Units per conflict, as documented in `score/kernels.rs`: one per conflict, except a pin
//! violation (one per changed field: start, coach, arena, and each rider's horse) and a series
//! over its daily maximum (one per lesson beyond the maximum).

use std::collections::BTreeMap;

use paddock_solver::check::Conflict;
use paddock_solver::score::{Level, evaluate};
use paddock_solver::spec::*;
use paddock_solver::time::Minute;
use paddock_solver::{Constraint, Problem, Schedule, check};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

use crate::clubs::{self, Club, KINDS, RawClub};

/// A span as drawn: start minute and length in quarter hours.
type Span = (i32, i32);
/// Lessons a day, quarter hours a day, qualified for jumping, absence.
type CoachRule = (Option<u32>, Option<u32>, bool, Option<Span>);
/// Level mask, weight limit, lessons a day, quarter hours a day, rest in quarter hours, rests on
/// Sundays, vet hold, owner.
type HorseRule = (
    u8,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    bool,
    Option<Span>,
    Option<usize>,
);
/// Series, allowed window, pinned start, coach, arena and first rider's horse.
type RequestRule = (
    Option<usize>,
    Option<Span>,
    Option<i32>,
    Option<usize>,
    Option<usize>,
    Option<usize>,
);
/// A conflict as compared across request orders.
type Normalised = (Constraint, Vec<String>, Vec<String>, String, bool);

/// Rules drawn on top of a [`RawClub`]: limits, availability, suitability, packages, pins.
#[derive(Clone, Debug)]
struct Rules {
    open_all_day: bool,
    step: i32,
    welfare_warning: bool,
    weights: Vec<i64>,
    coaches: Vec<CoachRule>,
    horses: Vec<HorseRule>,
    riders: Vec<(usize, Option<u32>)>,
    arenas: Vec<(bool, Option<Span>)>,
    series: Vec<(u32, u32, usize, usize)>,
    requests: Vec<RequestRule>,
}

fn span() -> impl Strategy<Value = Span> {
    (0..2880i32, 1..=16i32)
}

fn rules() -> impl Strategy<Value = Rules> {
    let hard = Constraint::ALL
        .iter()
        .filter(|c| c.level() == Level::Hard)
        .count();
    (
        (
            any::<bool>(),
            prop_oneof![Just(5), Just(15)],
            any::<bool>(),
            vec(1..=4i64, hard),
        ),
        vec(
            (
                option::of(1..=3u32),
                option::of(2..=8u32),
                any::<bool>(),
                option::weighted(0.3, span()),
            ),
            3,
        ),
        vec(
            (
                0..16u8,
                option::of(50..=90u32),
                option::of(1..=3u32),
                option::of(2..=8u32),
                option::of(0..=4u32),
                prop::bool::weighted(0.2),
                option::weighted(0.3, span()),
                option::weighted(0.3, 0..6usize),
            ),
            4,
        ),
        vec((0..4usize, option::of(40..=100u32)), 6),
        vec((1..=2u32, 0..=2u32, 0..2usize, 0..2usize), 0..=2),
        vec(
            (
                option::of(0..2usize),
                option::weighted(0.3, span()),
                option::weighted(0.3, 0..2880i32),
                option::weighted(0.3, 0..3usize),
                option::weighted(0.3, 0..2usize),
                option::weighted(0.3, 0..4usize),
            ),
            12,
        ),
    )
        .prop_map(
            |(
                (open_all_day, step, welfare_warning, weights),
                coaches,
                horses,
                riders,
                series,
                requests,
            )| Rules {
                open_all_day,
                step,
                welfare_warning,
                weights,
                coaches,
                horses,
                riders,
                arenas: Vec::new(),
                series,
                requests,
            },
        )
        .prop_flat_map(|rules| {
            (
                Just(rules),
                vec((any::<bool>(), option::weighted(0.3, span())), 2),
            )
        })
        .prop_map(|(mut rules, arenas)| {
            rules.arenas = arenas;
            rules
        })
}

/// A club with the rules applied to the problem (the schedule stays as drawn).
fn rich_club(raw: &RawClub, rules: &Rules) -> Club {
    let axis = clubs::axis(clubs::ZONES[raw.zone]);
    let instant = |m: i32| axis.instant(m.rem_euclid(axis.horizon().end));
    let time_span = |(start, len): Span, reason: &str| {
        let start = start.rem_euclid(axis.horizon().end - 15);
        TimeSpan {
            start: instant(start),
            end: axis.instant(start + 15 * len),
            reason: reason.into(),
        }
    };
    let mut spec = clubs::base_spec(
        raw,
        if rules.open_all_day {
            "00:00-24:00"
        } else {
            "08:00-20:00"
        },
    );
    spec.welfare = if rules.welfare_warning {
        WelfareMode::Warning
    } else {
        WelfareMode::Hard
    };
    for (c, &w) in Constraint::ALL
        .iter()
        .filter(|c| c.level() == Level::Hard)
        .zip(&rules.weights)
    {
        spec.weights.set(*c, w);
    }
    let levels = default_levels();
    for (coach, &(lessons, quarters, jumping, absence)) in
        spec.coaches.iter_mut().zip(&rules.coaches)
    {
        coach.max_lessons_per_day = lessons;
        coach.max_minutes_per_day = quarters.map(|q| 15 * q);
        if jumping {
            coach.qualifications = vec!["jumping".into()];
        }
        coach
            .availability
            .absences
            .extend(absence.map(|s| time_span(s, "leave")));
    }
    for (horse, rule) in spec.horses.iter_mut().zip(&rules.horses) {
        let &(mask, weight, lessons, quarters, rest, sunday, hold, owner) = rule;
        horse.levels = (0..4)
            .filter(|b| mask & (1 << b) != 0)
            .map(|b| levels[b].clone())
            .collect();
        horse.max_rider_weight_kg = weight;
        horse.max_lessons_per_day = lessons;
        horse.max_work_minutes_per_day = quarters.map(|q| 15 * q);
        horse.min_rest_minutes = rest.map(|q| 15 * q);
        if sunday {
            horse.rest_weekdays = vec![WeekdayKey::Sun];
        }
        horse
            .vet_holds
            .extend(hold.map(|s| time_span(s, "vet hold")));
        horse.owner = owner.map(|o| format!("R{}", o % raw.riders));
    }
    for (rider, &(level, weight)) in spec.riders.iter_mut().zip(&rules.riders) {
        rider.level = levels[level].clone();
        rider.weight_kg = weight;
    }
    for (arena, &(jumping, closure)) in spec.arenas.iter_mut().zip(&rules.arenas) {
        if jumping {
            arena.tags = vec!["jumping".into()];
        }
        arena
            .availability
            .absences
            .extend(closure.map(|s| time_span(s, "works")));
    }
    for (k, &(max_per_day, min_days_between, from, until)) in rules.series.iter().enumerate() {
        let (from, until) = (from.min(until), from.max(until));
        spec.series.push(SeriesSpec {
            id: format!("S{k}"),
            valid_from: axis.date(from),
            valid_until: axis.date(until),
            max_per_day,
            min_days_between,
            min_days: None,
        });
    }
    // Requests are added by `build`; rules for them are applied afterwards, so build twice.
    let plain = clubs::build(raw, spec.clone(), rules.step, false);
    let mut spec = plain.problem_spec;
    for (request, rule) in spec.requests.iter_mut().zip(&rules.requests) {
        let &(series, allowed, pin_start, pin_coach, pin_arena, pin_horse) = rule;
        if !rules.series.is_empty() {
            request.series = series.map(|s| format!("S{}", s % rules.series.len()));
        }
        request.allowed.extend(allowed.map(|s| time_span(s, "")));
        let pinned = &mut request.pinned;
        pinned.start = pin_start.map(|m| axis.instant(m.rem_euclid(axis.horizon().end) / 15 * 15));
        pinned.coach = pin_coach.map(|c| format!("C{}", c % raw.coaches));
        pinned.arena = pin_arena.map(|a| format!("A{}", a % raw.capacities.len()));
        let kind = KINDS
            .iter()
            .find(|k| k.key == request.kind)
            .expect("known kind");
        if kind.horse != HorseNeed::None {
            pinned.horses = pin_horse
                .map(|h| (request.riders[0].clone(), format!("H{}", h % raw.horses)))
                .into_iter()
                .collect();
        }
    }
    let problem =
        Problem::new(spec.clone()).unwrap_or_else(|e| panic!("generated problem is invalid: {e}"));
    let schedule = Schedule::from_spec(&problem, &plain.schedule_spec).expect("same schedule");
    Club {
        problem_spec: spec,
        schedule_spec: plain.schedule_spec,
        problem,
        schedule,
        placed: plain.placed,
        capacities: plain.capacities,
    }
}

/// The units a conflict counts for, from the documents rather than from the solver.
fn units(club: &Club, conflict: &Conflict) -> i64 {
    let spec = &club.problem_spec;
    let request = |key: &str| spec.requests.iter().find(|r| r.id == key).expect("request");
    let lesson = |key: &str| {
        club.schedule_spec
            .lessons
            .iter()
            .find(|l| l.request == key)
            .expect("placed")
    };
    match conflict.constraint {
        Constraint::PinViolated => {
            let (r, l) = (request(&conflict.lessons[0]), lesson(&conflict.lessons[0]));
            let pin = &r.pinned;
            let fields = [
                pin.start.is_some_and(|s| s != l.start),
                pin.coach.as_ref().is_some_and(|c| *c != l.coach),
                pin.arena.as_ref().is_some_and(|a| *a != l.arena),
            ];
            let horses = pin
                .horses
                .iter()
                .filter(|(rider, horse)| l.horses.get(*rider) != Some(horse))
                .count();
            fields.iter().filter(|&&f| f).count() as i64 + horses as i64
        }
        Constraint::SeriesSpacing => {
            let axis = club.problem.time_axis();
            let days: Vec<usize> = conflict
                .lessons
                .iter()
                .map(|k| axis.day_of(axis.minute(lesson(k).start) as Minute))
                .collect();
            if days.iter().all(|&d| d == days[0]) {
                let series = request(&conflict.lessons[0])
                    .series
                    .as_deref()
                    .expect("in a series");
                let max = spec
                    .series
                    .iter()
                    .find(|s| s.id == series)
                    .expect("series")
                    .max_per_day;
                conflict.lessons.len() as i64 - i64::from(max)
            } else {
                1
            }
        }
        _ => 1,
    }
}

/// The report as compared across request orders: the order of lessons inside a conflict of
/// lessons starting together is the order of their requests, so it is sorted here.
fn normalised(problem: &Problem, schedule: &Schedule) -> Vec<Normalised> {
    let report = check(problem, schedule);
    let mut out: Vec<_> = report
        .conflicts
        .into_iter()
        .chain(report.warnings)
        .map(|c| {
            let mut lessons = c.lessons;
            lessons.sort();
            (
                c.constraint,
                lessons,
                c.resources,
                format!("{:?}-{:?}", c.start, c.end),
                c.warning,
            )
        })
        .collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::cases(256)))]

    #[test]
    fn hard_score_is_the_weighted_count_of_conflicts(raw in clubs::raw_club(KINDS.len()), rules in rules()) {
        let club = rich_club(&raw, &rules);
        let report = check(&club.problem, &club.schedule);
        let evaluation = evaluate(&club.problem, &club.schedule);
        let weights = club.problem.weights();
        let mut expected: BTreeMap<Constraint, i64> = BTreeMap::new();
        let mut hard = 0;
        for (conflict, warning) in report.conflicts.iter().map(|c| (c, false)).chain(report.warnings.iter().map(|w| (w, true))) {
            prop_assert_eq!(conflict.warning, warning);
            let cost = units(&club, conflict) * weights.get(conflict.constraint);
            *expected.entry(conflict.constraint).or_default() += cost;
            if !warning {
                hard += cost;
            }
        }
        let breakdown: BTreeMap<Constraint, i64> =
            evaluation.breakdown.iter().copied().filter(|(c, _)| c.level() == Level::Hard).collect();
        prop_assert_eq!(breakdown, expected);
        prop_assert_eq!(evaluation.score.hard, hard);
        prop_assert_eq!(report.warnings.is_empty() || rules.welfare_warning, true);
    }

    #[test]
    fn evaluation_and_check_are_deterministic(raw in clubs::raw_club(KINDS.len()), rules in rules()) {
        let club = rich_club(&raw, &rules);
        let first = evaluate(&club.problem, &club.schedule);
        prop_assert_eq!(&first, &evaluate(&club.problem, &club.schedule));
        prop_assert_eq!(check(&club.problem, &club.schedule), check(&club.problem, &club.schedule));
        // The same club with its requests listed in reverse: same score, same conflicts.
        let mut spec = club.problem_spec.clone();
        spec.requests.reverse();
        let reversed = Problem::new(spec).expect("same club");
        let schedule = Schedule::from_spec(&reversed, &club.schedule_spec).expect("same lessons");
        prop_assert_eq!(first.score, evaluate(&reversed, &schedule).score);
        prop_assert_eq!(normalised(&club.problem, &club.schedule), normalised(&reversed, &schedule));
    }
}
