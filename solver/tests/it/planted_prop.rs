//! Every conflict planted in a conflict-free schedule is reported, and nothing else.
//!
//! The baseline gives every lesson its own coach, arena, horse and rider at its own hour, so it
//! is clean. Each plant then changes one or two lessons no other plant touches (and, for
//! availability, limits and packages, the problem) so that exactly one conflict appears.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use paddock_solver::spec::*;
use paddock_solver::time::{LocalTime, Minute, TimeAxis};
use paddock_solver::{Constraint, Problem, Schedule, check};
use proptest::prelude::*;

use crate::clubs::ZONES;

const DAYS: usize = 7;
const PLANTS: usize = 22;
const MINUTES: i32 = 45;

fn first_day() -> NaiveDate {
    // Friday 27 March 2026: in Berlin the third day is the change to summer time.
    NaiveDate::from_ymd_opt(2026, 3, 27).expect("valid date")
}

fn kind(id: &str, format: LessonFormat, min_riders: u32, max_riders: u32) -> LessonKindSpec {
    LessonKindSpec {
        format,
        min_riders,
        max_riders,
        ..LessonKindSpec::private(id, MINUTES as u32)
    }
}

struct Lesson {
    start: Minute,
    coach: usize,
    arena: usize,
    horse: Option<usize>,
    rider: usize,
}

struct Planter {
    axis: TimeAxis,
    spec: ProblemSpec,
    lessons: Vec<Lesson>,
    expected: Vec<(Constraint, Vec<String>)>,
}

impl Planter {
    fn new(zone: &str, n: usize) -> Self {
        let axis = TimeAxis::new(zone.parse().expect("zone"), first_day(), DAYS as u32);
        let nine = LocalTime::parse("09:00").expect("time");
        let mut spec = ProblemSpec {
            club: ClubSpec {
                time_zone: zone.into(),
                horizon: HorizonSpec {
                    start: first_day(),
                    days: DAYS as u32,
                },
                slot_minutes: 15,
                opening_hours: WeekdayKey::ALL
                    .into_iter()
                    .map(|d| (d, vec!["08:00-20:00".to_owned()]))
                    .collect(),
                ..ClubSpec::default()
            },
            lesson_kinds: vec![
                kind("private-45", LessonFormat::Private, 1, 1),
                kind("jumping-45", LessonFormat::Private, 1, 1).requires_qualification("jumping"),
                kind("dressage-45", LessonFormat::Private, 1, 1).requires_tags(["dressage"]),
                kind("group-45", LessonFormat::Group, 2, 4),
            ],
            ..ProblemSpec::default()
        };
        let mut lessons = Vec::new();
        for k in 0..n {
            spec.arenas.push(ArenaSpec::new(&format!("A{k}"), 1));
            spec.coaches.push(CoachSpec::new(&format!("C{k}")));
            spec.horses.push(HorseSpec::new(&format!("H{k}")));
            spec.riders.push(RiderSpec::new(&format!("R{k}"), "novice"));
            spec.requests.push(RequestSpec::new(
                &format!("L{k}"),
                "private-45",
                [format!("R{k}").as_str()],
            ));
            let start = axis.local_minute(k % DAYS, nine) + 60 * (k / DAYS) as i32;
            lessons.push(Lesson {
                start,
                coach: k,
                arena: k,
                horse: Some(k),
                rider: k,
            });
        }
        Planter {
            axis,
            spec,
            lessons,
            expected: Vec::new(),
        }
    }

    fn span(&self, i: usize, reason: &str) -> TimeSpan {
        let start = self.lessons[i].start;
        TimeSpan {
            start: self.axis.instant(start),
            end: self.axis.instant(start + MINUTES),
            reason: reason.into(),
        }
    }

    fn expect(&mut self, constraint: Constraint, lessons: &[usize]) {
        let mut keys: Vec<String> = lessons.iter().map(|l| format!("L{l}")).collect();
        keys.sort();
        self.expected.push((constraint, keys));
    }

    fn series(
        &mut self,
        p: usize,
        max_per_day: u32,
        min_days_between: u32,
        valid: (NaiveDate, NaiveDate),
    ) -> String {
        let id = format!("S{p}");
        self.spec.series.push(SeriesSpec {
            id: id.clone(),
            valid_from: valid.0,
            valid_until: valid.1,
            max_per_day,
            min_days_between,
            min_days: None,
        });
        id
    }

    /// Plants conflict `what` on lessons `i` and `j` (plant number `p`).
    fn plant(&mut self, p: usize, what: usize, i: usize, j: usize) {
        use Constraint::*;
        let day = self.axis.day_of(self.lessons[i].start);
        let horizon = (first_day(), first_day() + Duration::days(DAYS as i64 - 1));
        let s = self.lessons[i].start;
        match what {
            0 => {
                (self.lessons[j].start, self.lessons[j].coach) = (s, i);
                self.expect(CoachOverlap, &[i, j]);
            }
            1 => {
                (self.lessons[j].start, self.lessons[j].horse) = (s, Some(i));
                self.expect(HorseOverlap, &[i, j]);
            }
            2 => {
                self.spec.requests[j].riders = vec![format!("R{i}")];
                (self.lessons[j].start, self.lessons[j].rider) = (s, i);
                self.expect(RiderOverlap, &[i, j]);
            }
            3 => {
                (self.lessons[j].start, self.lessons[j].arena) = (s, i);
                self.expect(ArenaCapacity, &[i, j]);
            }
            4 => {
                self.lessons[i].start = self
                    .axis
                    .local_minute(day, LocalTime::parse("06:00").expect("time"));
                self.expect(ClubClosed, &[i]);
            }
            5 => {
                self.lessons[i].start += 5;
                self.expect(OffSlotGrid, &[i]);
            }
            6 => {
                let span = self.span(i, "leave");
                self.spec.coaches[i].availability.absences.push(span);
                self.expect(CoachUnavailable, &[i]);
            }
            7 => {
                let span = self.span(i, "vet hold");
                self.spec.horses[i].vet_holds.push(span);
                self.expect(HorseUnavailable, &[i]);
            }
            8 => {
                let span = self.span(i, "works");
                self.spec.arenas[i].availability.absences.push(span);
                self.expect(ArenaUnavailable, &[i]);
            }
            9 => {
                self.spec.requests[i].kind = "jumping-45".into();
                self.expect(CoachNotQualified, &[i]);
            }
            10 => {
                self.spec.requests[i].kind = "dressage-45".into();
                self.expect(ArenaUnsuitable, &[i]);
            }
            11 => {
                self.spec.horses[i].levels = vec!["advanced".into()];
                self.expect(HorseUnsuitable, &[i]);
            }
            12 => {
                self.lessons[i].horse = None;
                self.expect(HorseUnsuitable, &[i]);
            }
            13 => {
                self.spec.requests[i].kind = "group-45".into();
                self.expect(GroupSize, &[i]);
            }
            14 => {
                self.spec.requests[i].pinned.coach = Some(format!("C{j}"));
                self.expect(PinViolated, &[i]);
            }
            15 => {
                self.spec.coaches[i].max_minutes_per_day = Some(30);
                self.expect(CoachDailyLimit, &[i]);
            }
            16 => {
                self.spec.horses[i].max_lessons_per_day = Some(1);
                (self.lessons[j].start, self.lessons[j].horse) = (s + 120, Some(i));
                self.expect(HorseDailyLessons, &[i, j]);
            }
            17 => {
                self.spec.horses[i].max_work_minutes_per_day = Some(30);
                self.expect(HorseDailyWork, &[i]);
            }
            18 => {
                self.spec.horses[i].min_rest_minutes = Some(30);
                (self.lessons[j].start, self.lessons[j].horse) = (s + MINUTES, Some(i));
                self.expect(HorseRest, &[i, j]);
            }
            19 => {
                let series = self.series(p, 1, 0, horizon);
                self.spec.requests[i].series = Some(series.clone());
                self.spec.requests[j].series = Some(series);
                self.lessons[j].start = s + 120;
                self.expect(SeriesSpacing, &[i, j]);
            }
            20 => {
                let other = self.axis.date((day + 1) % DAYS);
                let series = self.series(p, 1, 0, (other, other));
                self.spec.requests[i].series = Some(series);
                self.expect(SeriesValidity, &[i]);
            }
            21 => {
                let series = self.series(p, 1, 3, horizon);
                self.spec.requests[i].series = Some(series.clone());
                self.spec.requests[j].series = Some(series);
                let next = if day + 1 < DAYS { day + 1 } else { day - 1 };
                self.lessons[j].start = self
                    .axis
                    .local_minute(next, LocalTime::parse("09:00").expect("time"));
                self.expect(SeriesSpacing, &[i, j]);
            }
            _ => unreachable!("{PLANTS} kinds of plant"),
        }
    }

    fn schedule(&self) -> ScheduleSpec {
        let lessons = self
            .lessons
            .iter()
            .enumerate()
            .map(|(k, l)| LessonSpec {
                request: format!("L{k}"),
                start: self.axis.instant(l.start),
                coach: format!("C{}", l.coach),
                arena: format!("A{}", l.arena),
                horses: l
                    .horse
                    .map(|h| (format!("R{}", l.rider), format!("H{h}")))
                    .into_iter()
                    .collect::<BTreeMap<_, _>>(),
            })
            .collect();
        ScheduleSpec {
            format: None,
            lessons,
            unassigned: Vec::new(),
        }
    }
}

fn reported(spec: &ProblemSpec, schedule: &ScheduleSpec) -> Vec<(Constraint, Vec<String>)> {
    let problem =
        Problem::new(spec.clone()).unwrap_or_else(|e| panic!("planted problem is invalid: {e}"));
    let schedule = Schedule::from_spec(&problem, schedule)
        .unwrap_or_else(|e| panic!("planted schedule is invalid: {e}"));
    let report = check(&problem, &schedule);
    assert!(
        report.warnings.is_empty(),
        "welfare is hard here: {:?}",
        report.warnings
    );
    let mut out: Vec<_> = report
        .conflicts
        .into_iter()
        .map(|c| {
            let mut lessons = c.lessons;
            lessons.sort();
            (c.constraint, lessons)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn baseline_is_clean() {
    for zone in ZONES {
        let planter = Planter::new(zone, 2 * PLANTS);
        assert_eq!(
            reported(&planter.spec, &planter.schedule()),
            vec![],
            "{zone}"
        );
    }
}

/// Each kind of plant on its own, so that every kind is exercised on every run.
#[test]
fn every_kind_of_plant_is_reported() {
    for what in 0..PLANTS {
        let mut planter = Planter::new("Europe/Berlin", 2);
        planter.plant(0, what, 0, 1);
        let mut expected = planter.expected.clone();
        expected.sort();
        assert_eq!(
            reported(&planter.spec, &planter.schedule()),
            expected,
            "plant {what}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::cases(128)))]

    #[test]
    fn planted_conflicts_are_reported(zone in 0..ZONES.len(), plants in proptest::collection::vec(0..PLANTS, 1..=8)) {
        let mut planter = Planter::new(ZONES[zone], 2 * plants.len());
        for (p, &what) in plants.iter().enumerate() {
            planter.plant(p, what, 2 * p, 2 * p + 1);
        }
        let mut expected = planter.expected.clone();
        expected.sort();
        prop_assert_eq!(reported(&planter.spec, &planter.schedule()), expected);
    }
}
