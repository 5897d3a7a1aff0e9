//! Conflict detection: every violated hard constraint of a schedule, in words a front desk
//! understands.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::Serialize;

use crate::Problem;
use crate::schedule::Schedule;
use crate::score::{Constraint, Resource, Violation};

/// One violated hard constraint (or a welfare warning), ready to show or serialise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Conflict {
    /// The constraint, e.g. `coach_overlap`.
    pub constraint: Constraint,
    /// Whether this is a welfare limit the club treats as a warning.
    pub warning: bool,
    /// Keys of the lessons involved.
    pub lessons: Vec<String>,
    /// The resources involved, as `coach:li`, `horse:star`, `rider:r1`, `arena:indoor`, `series:p1`.
    pub resources: Vec<String>,
    /// Start of the time concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<DateTime<Utc>>,
    /// End of the time concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<DateTime<Utc>>,
    /// The sentence, e.g. `coach Li teaches L12 and L19 at 10:00–10:45 on Tue 3 Mar`.
    pub message: String,
}

/// The result of [`check`]: hard conflicts, and welfare warnings where the club allows overrides.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CheckReport {
    /// Violated hard constraints, ordered by time.
    pub conflicts: Vec<Conflict>,
    /// Welfare limits exceeded, when the problem treats them as warnings.
    pub warnings: Vec<Conflict>,
}

impl CheckReport {
    /// Whether the schedule has no hard conflict.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

/// Lists every violated hard constraint of `schedule`.
///
/// Each resource's lessons are swept in time order, so the cost grows as n log n with the number
/// of lessons plus the number of conflicts found, never with the number of pairs.
pub fn check(problem: &Problem, schedule: &Schedule) -> CheckReport {
    let mut report = CheckReport::default();
    for v in crate::score::hard_violations(problem, schedule) {
        let conflict = describe(problem, &v);
        if v.warning {
            report.warnings.push(conflict)
        } else {
            report.conflicts.push(conflict)
        }
    }
    let order = |c: &Conflict| (c.start, c.constraint, c.lessons.clone());
    report.conflicts.sort_by_key(order);
    report.warnings.sort_by_key(order);
    report
}

/// Turns a violation into a [`Conflict`] with its sentence.
pub fn describe(problem: &Problem, v: &Violation) -> Conflict {
    let axis = problem.time_axis();
    Conflict {
        constraint: v.constraint,
        warning: v.warning,
        lessons: v
            .lessons
            .iter()
            .map(|&l| problem.request_key(l).to_owned())
            .collect(),
        resources: v
            .resources
            .iter()
            .map(|&r| resource_key(problem, r))
            .collect(),
        start: v.interval.map(|i| axis.instant(i.start)),
        end: v.interval.map(|i| axis.instant(i.end)),
        message: sentence(problem, v),
    }
}

fn resource_key(problem: &Problem, r: Resource) -> String {
    match r {
        Resource::Coach(c) => format!("coach:{}", problem.coach_key(c)),
        Resource::Horse(h) => format!("horse:{}", problem.horse_key(h)),
        Resource::Rider(r) => format!("rider:{}", problem.rider_key(r)),
        Resource::Arena(a) => format!("arena:{}", problem.arena_key(a)),
        Resource::Series(s) => format!("series:{}", problem.series_key(s)),
    }
}

fn resource_name(problem: &Problem, r: Resource) -> String {
    match r {
        Resource::Coach(c) => format!("coach {}", problem.coach_name(c)),
        Resource::Horse(h) => format!("horse {}", problem.horse_name(h)),
        Resource::Rider(r) => format!("rider {}", problem.rider_name(r)),
        Resource::Arena(a) => format!("arena {}", problem.arena_name(a)),
        Resource::Series(s) => format!("package {}", problem.series_key(s)),
    }
}

/// `L12`, `L12 and L19`, `L1, L2 and L5`.
fn lessons(problem: &Problem, v: &Violation) -> String {
    let keys: Vec<&str> = v.lessons.iter().map(|&l| problem.request_key(l)).collect();
    match keys.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// `1 day`, `3 days`.
fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn sentence(problem: &Problem, v: &Violation) -> String {
    let axis = problem.time_axis();
    let when = v.interval.map(|i| axis.describe(i)).unwrap_or_default();
    let day = v
        .interval
        .map(|i| axis.day_label(i.start))
        .unwrap_or_default();
    let who = v
        .resources
        .first()
        .map(|&r| resource_name(problem, r))
        .unwrap_or_default();
    let ls = lessons(problem, v);
    let because = v
        .note
        .as_deref()
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    let value = v.value.unwrap_or(0);
    let limit = v.limit.unwrap_or(0);
    match v.constraint {
        Constraint::CoachOverlap => format!("{who} teaches {ls} at {when}"),
        Constraint::HorseOverlap if v.lessons.first() == v.lessons.get(1) => {
            format!(
                "{who} is given to two riders of {} at {when}",
                problem.request_key(v.lessons[0])
            )
        }
        Constraint::HorseOverlap | Constraint::RiderOverlap => {
            format!("{who} is in {ls} at {when}")
        }
        Constraint::ArenaCapacity => {
            format!("{who} needs {value} space units but has room for {limit} at {when} ({ls})")
        }
        Constraint::ClubClosed => format!("{ls} at {when} is outside the club's opening hours"),
        Constraint::OutsideAllowedWindow
            if v.interval.is_some_and(|i| !axis.horizon().contains(i)) =>
        {
            format!("{ls} at {when} is outside the planning horizon")
        }
        Constraint::OutsideAllowedWindow => {
            format!("{ls} at {when} is outside the times its riders booked")
        }
        Constraint::OffSlotGrid => {
            format!(
                "{ls} at {when} does not start on the {}-minute grid",
                problem.slot_minutes()
            )
        }
        Constraint::CoachUnavailable => {
            format!("{who} is not working at {when}{because}, but teaches {ls}")
        }
        Constraint::HorseUnavailable => {
            format!("{who} is not available at {when}{because}, but is in {ls}")
        }
        Constraint::ArenaUnavailable => {
            format!("{who} is closed at {when}{because}, but {ls} is there")
        }
        Constraint::CoachNotQualified => {
            let kind = &problem.spec().lesson_kinds[problem.request(v.lessons[0]).kind.index()];
            format!(
                "{who} lacks the qualification {:?} that {ls} at {when} needs",
                kind.coach_qualification.as_deref().unwrap_or("")
            )
        }
        Constraint::ArenaUnsuitable => {
            let kind = &problem.spec().lesson_kinds[problem.request(v.lessons[0]).kind.index()];
            let tags = match v.resources.first() {
                Some(Resource::Arena(a)) => &problem.spec().arenas[a.index()].tags,
                _ => &kind.arena_tags,
            };
            let missing: Vec<&str> = kind
                .arena_tags
                .iter()
                .filter(|t| !tags.contains(t))
                .map(String::as_str)
                .collect();
            format!(
                "{who} is not {} as {ls} at {when} needs",
                missing.join(" and ")
            )
        }
        Constraint::HorseUnsuitable => match v.resources.as_slice() {
            [Resource::Rider(r)] => format!(
                "rider {} has no horse in {ls} at {when}",
                problem.rider_name(*r)
            ),
            [h, r] => format!(
                "{} does not suit {} in {ls} at {when}{because}",
                resource_name(problem, *h),
                resource_name(problem, *r)
            ),
            _ => format!("an unsuitable horse is in {ls} at {when}"),
        },
        Constraint::GroupSize if value < limit => {
            format!(
                "{ls} at {when} has {}; this kind needs at least {limit}",
                plural(value, "rider")
            )
        }
        Constraint::GroupSize => format!(
            "{ls} at {when} has {} riders; this kind allows at most {limit}",
            value
        ),
        Constraint::PinViolated => {
            let fields = if v.note.as_deref().is_some_and(|n| n.contains(',')) {
                "fields"
            } else {
                "field"
            };
            format!("{ls} at {when} changes pinned {fields}{because}")
        }
        Constraint::CoachDailyLimit => {
            let unit = v.note.as_deref().unwrap_or("lessons");
            format!("{who} has {value} {unit} on {day}; at most {limit} are allowed ({ls})")
        }
        Constraint::HorseDailyLessons => {
            format!("{who} has {value} lessons on {day}; welfare allows {limit} ({ls})")
        }
        Constraint::HorseDailyWork => {
            format!("{who} works {value} minutes on {day}; welfare allows {limit} ({ls})")
        }
        Constraint::HorseRest => {
            format!("{who} rests only {value} minutes between {ls} ({limit} needed) on {day}")
        }
        Constraint::SeriesSpacing if v.lessons.len() == 2 && limit > 1 => {
            format!(
                "{who}: {ls} are {} apart; at least {limit} are required",
                plural(value, "day")
            )
        }
        Constraint::SeriesSpacing => {
            format!("{who} has {value} lessons on {day} ({ls}); at most {limit} a day")
        }
        Constraint::SeriesValidity => format!("{ls} at {when} is outside the validity of {who}"),
        other => format!("{} ({ls}) {when}", other.key()),
    }
}
