//! Random small clubs and schedules for the property tests.
//!
//! Strategies draw raw numbers; entity indices are reduced modulo the number of entities, so
//! every draw is a valid problem and proptest can shrink freely. The horizon is two days from
//! Saturday 28 March 2026, so in `Europe/Berlin` the second day is the 23-hour day of the change
//! to summer time; lessons may cross midnight.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use paddock_solver::spec::*;
use paddock_solver::time::{Minute, TimeAxis};
use paddock_solver::{Constraint, Problem, Schedule};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

pub const ZONES: [&str; 3] = ["UTC", "Asia/Shanghai", "Europe/Berlin"];
pub const DAYS: u32 = 2;

pub fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 28).expect("valid date")
}

pub fn axis(zone: &str) -> TimeAxis {
    TimeAxis::new(zone.parse().expect("known zone"), first_day(), DAYS)
}

/// A lesson kind of the generated clubs.
pub struct Kind {
    pub key: &'static str,
    pub minutes: i32,
    pub format: LessonFormat,
    pub min_riders: u32,
    pub max_riders: u32,
    pub space: SpaceUse,
    pub horse: HorseNeed,
    pub qualification: Option<&'static str>,
    pub tags: &'static [&'static str],
}

impl Kind {
    pub fn units(&self, riders: usize) -> u32 {
        match self.space {
            SpaceUse::PerRider(u) => u * riders as u32,
            SpaceUse::PerLesson(u) => u,
        }
    }

    fn spec(&self) -> LessonKindSpec {
        LessonKindSpec {
            id: self.key.into(),
            name: String::new(),
            duration_minutes: self.minutes as u32,
            format: self.format,
            min_riders: self.min_riders,
            max_riders: self.max_riders,
            space: self.space,
            arena_tags: self.tags.iter().map(|t| t.to_string()).collect(),
            coach_qualification: self.qualification.map(String::from),
            horse: self.horse,
        }
    }
}

const fn kind(
    key: &'static str,
    minutes: i32,
    max_riders: u32,
    space: SpaceUse,
    horse: HorseNeed,
) -> Kind {
    let format = if max_riders == 1 {
        LessonFormat::Private
    } else {
        LessonFormat::Group
    };
    Kind {
        key,
        minutes,
        format,
        min_riders: 1,
        max_riders,
        space,
        horse,
        qualification: None,
        tags: &[],
    }
}

/// Kinds 0..4 are used by every generator; the rich generator adds the others.
pub const KINDS: [Kind; 7] = [
    kind(
        "private-30",
        30,
        1,
        SpaceUse::PerRider(1),
        HorseNeed::School,
    ),
    kind(
        "private-45",
        45,
        1,
        SpaceUse::PerRider(1),
        HorseNeed::School,
    ),
    kind("group-60", 60, 3, SpaceUse::PerRider(1), HorseNeed::School),
    kind("theory-60", 60, 3, SpaceUse::PerLesson(2), HorseNeed::None),
    Kind {
        qualification: Some("jumping"),
        tags: &["jumping"],
        ..kind(
            "jumping-45",
            45,
            1,
            SpaceUse::PerRider(1),
            HorseNeed::School,
        )
    },
    kind("own-45", 45, 1, SpaceUse::PerRider(1), HorseNeed::Own),
    Kind {
        min_riders: 2,
        ..kind("pair-30", 30, 3, SpaceUse::PerRider(1), HorseNeed::School)
    },
];

/// One lesson as drawn.
#[derive(Clone, Debug)]
pub struct RawLesson {
    pub kind: usize,
    pub riders: Vec<usize>,
    pub placed: bool,
    pub start: i32,
    pub coach: usize,
    pub arena: usize,
    pub horses: Vec<Option<usize>>,
}

fn raw_lesson(kinds: usize) -> impl Strategy<Value = RawLesson> {
    (
        0..kinds,
        vec(0..6usize, 1..=4),
        prop::bool::weighted(0.9),
        0..2880i32,
        0..3usize,
        0..2usize,
        vec(option::weighted(0.9, 0..4usize), 4),
    )
        .prop_map(
            |(kind, riders, placed, start, coach, arena, horses)| RawLesson {
                kind,
                riders,
                placed,
                start,
                coach,
                arena,
                horses,
            },
        )
}

/// A club as drawn: sizes and lessons.
#[derive(Clone, Debug)]
pub struct RawClub {
    pub zone: usize,
    pub coaches: usize,
    pub capacities: Vec<u32>,
    pub horses: usize,
    pub riders: usize,
    pub lessons: Vec<RawLesson>,
}

pub fn raw_club(kinds: usize) -> impl Strategy<Value = RawClub> {
    (
        0..ZONES.len(),
        1..=3usize,
        vec(1..=4u32, 1..=2),
        1..=4usize,
        1..=6usize,
        vec(raw_lesson(kinds), 1..=12),
    )
        .prop_map(
            |(zone, coaches, capacities, horses, riders, lessons)| RawClub {
                zone,
                coaches,
                capacities,
                horses,
                riders,
                lessons,
            },
        )
}

/// A placed lesson with everything a reference checker needs, in plain indices and minutes.
#[derive(Clone, Debug)]
pub struct Placed {
    pub key: String,
    pub start: Minute,
    pub end: Minute,
    pub coach: usize,
    pub arena: usize,
    pub riders: Vec<usize>,
    /// Per rider; empty for lessons without horses.
    pub horses: Vec<Option<usize>>,
    pub units: u32,
}

/// A generated club: the documents, the built problem and schedule, and the placed lessons.
pub struct Club {
    pub problem_spec: ProblemSpec,
    pub schedule_spec: ScheduleSpec,
    pub problem: Problem,
    pub schedule: Schedule,
    pub placed: Vec<Placed>,
    pub capacities: Vec<u32>,
}

/// The riders of a raw lesson: distinct, at most `max` (`None`: keep them all).
fn riders_of(raw: &RawLesson, riders: usize, max: Option<usize>) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for r in raw.riders.iter().map(|r| r % riders) {
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out.truncate(max.unwrap_or(usize::MAX));
    out
}

pub fn base_spec(raw: &RawClub, open: &str) -> ProblemSpec {
    ProblemSpec {
        club: ClubSpec {
            name: "Generated".into(),
            time_zone: ZONES[raw.zone].into(),
            horizon: HorizonSpec {
                start: first_day(),
                days: DAYS,
            },
            slot_minutes: 15,
            opening_hours: WeekdayKey::ALL
                .into_iter()
                .map(|d| (d, vec![open.to_owned()]))
                .collect(),
            ..ClubSpec::default()
        },
        arenas: raw
            .capacities
            .iter()
            .enumerate()
            .map(|(i, &c)| ArenaSpec::new(&format!("A{i}"), c))
            .collect(),
        coaches: (0..raw.coaches)
            .map(|i| CoachSpec::new(&format!("C{i}")))
            .collect(),
        horses: (0..raw.horses)
            .map(|i| HorseSpec::new(&format!("H{i}")))
            .collect(),
        riders: (0..raw.riders)
            .map(|i| RiderSpec::new(&format!("R{i}"), "novice"))
            .collect(),
        lesson_kinds: KINDS.iter().map(Kind::spec).collect(),
        ..ProblemSpec::default()
    }
}

/// Builds the club: requests from the raw lessons, then the schedule of the placed ones.
/// `step` is the grid starts are drawn on; `truncate` keeps rider counts within each kind.
pub fn build(raw: &RawClub, mut spec: ProblemSpec, step: i32, truncate: bool) -> Club {
    let axis = axis(ZONES[raw.zone]);
    let horizon = axis.horizon();
    let mut lessons = Vec::new();
    let mut placed = Vec::new();
    for (i, l) in raw.lessons.iter().enumerate() {
        let kind = &KINDS[l.kind];
        let riders = riders_of(l, raw.riders, truncate.then_some(kind.max_riders as usize));
        let key = format!("L{i}");
        let mut request = RequestSpec::new(&key, kind.key, []);
        request.riders = riders.iter().map(|r| format!("R{r}")).collect();
        spec.requests.push(request);
        if !l.placed {
            continue;
        }
        let start = ((l.start % (horizon.end - 15)) / step) * step;
        let horses: Vec<Option<usize>> = if kind.horse == HorseNeed::None {
            Vec::new()
        } else {
            riders
                .iter()
                .enumerate()
                .map(|(j, _)| l.horses[j % l.horses.len()].map(|h| h % raw.horses))
                .collect()
        };
        let p = Placed {
            key: key.clone(),
            start,
            end: start + kind.minutes,
            coach: l.coach % raw.coaches,
            arena: l.arena % raw.capacities.len(),
            riders: riders.clone(),
            horses,
            units: kind.units(riders.len()),
        };
        lessons.push(LessonSpec {
            request: key,
            start: axis.instant(start),
            coach: format!("C{}", p.coach),
            arena: format!("A{}", p.arena),
            horses: riders
                .iter()
                .zip(&p.horses)
                .filter_map(|(r, h)| h.map(|h| (format!("R{r}"), format!("H{h}"))))
                .collect::<BTreeMap<_, _>>(),
        });
        placed.push(p);
    }
    let schedule_spec = ScheduleSpec {
        format: None,
        lessons,
        unassigned: Vec::new(),
    };
    let problem =
        Problem::new(spec.clone()).unwrap_or_else(|e| panic!("generated problem is invalid: {e}"));
    let schedule = Schedule::from_spec(&problem, &schedule_spec)
        .unwrap_or_else(|e| panic!("generated schedule is invalid: {e}"));
    Club {
        problem_spec: spec,
        schedule_spec,
        problem,
        schedule,
        placed,
        capacities: raw.capacities.clone(),
    }
}

/// The constraints whose conflicts the reference checker of `overlaps_prop` computes.
pub const PAIRWISE: [Constraint; 4] = [
    Constraint::CoachOverlap,
    Constraint::HorseOverlap,
    Constraint::RiderOverlap,
    Constraint::ArenaCapacity,
];
