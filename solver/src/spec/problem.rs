//! The problem document: a club, its resources and the lessons to place.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::score::Weights;

/// A whole scheduling problem as written in a file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemSpec {
    /// Format tag, `paddock-problem/1`. Optional on input; always written on output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The club: time zone, opening hours, slot granularity, horizon.
    pub club: ClubSpec,
    /// Arenas, indoor and outdoor.
    #[serde(default)]
    pub arenas: Vec<ArenaSpec>,
    /// Coaches.
    #[serde(default)]
    pub coaches: Vec<CoachSpec>,
    /// Horses, school and privately owned.
    #[serde(default)]
    pub horses: Vec<HorseSpec>,
    /// Riders (members taking lessons).
    #[serde(default)]
    pub riders: Vec<RiderSpec>,
    /// Kinds of lesson the club sells.
    #[serde(default)]
    pub lesson_kinds: Vec<LessonKindSpec>,
    /// Series: the lessons of one package.
    #[serde(default)]
    pub series: Vec<SeriesSpec>,
    /// The lessons to place.
    #[serde(default)]
    pub requests: Vec<RequestSpec>,
    /// Weights of the constraints; any constraint left out keeps its default weight.
    #[serde(default)]
    pub weights: Weights,
    /// Whether horse welfare limits are hard constraints or warnings a manager may override.
    #[serde(default)]
    pub welfare: WelfareMode,
}

/// The club and its calendar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClubSpec {
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// IANA time zone, e.g. `Asia/Shanghai`. Decides what a "day" is.
    pub time_zone: String,
    /// The local days to plan.
    pub horizon: HorizonSpec,
    /// Lessons start on multiples of this many minutes after local midnight (5, 10, 15, 20, 30 or 60).
    pub slot_minutes: u32,
    /// Opening hours per weekday (`mon` … `sun`), each a list of `HH:MM-HH:MM`. A weekday left
    /// out is closed.
    pub opening_hours: WeeklyHours,
    /// Local dates on which the whole club is closed.
    #[serde(default)]
    pub closed_dates: Vec<NaiveDate>,
    /// Rider levels from least to most experienced, e.g. `["beginner", "novice", "intermediate"]`.
    #[serde(default = "default_levels")]
    pub levels: Vec<String>,
}

impl Default for ClubSpec {
    fn default() -> Self {
        Self {
            name: String::new(),
            time_zone: "UTC".into(),
            horizon: HorizonSpec {
                start: NaiveDate::from_ymd_opt(2026, 1, 5).expect("valid date"),
                days: 7,
            },
            slot_minutes: 15,
            opening_hours: WeeklyHours::default(),
            closed_dates: Vec::new(),
            levels: default_levels(),
        }
    }
}

/// The default rider levels.
pub fn default_levels() -> Vec<String> {
    ["beginner", "novice", "intermediate", "advanced"]
        .map(String::from)
        .to_vec()
}

/// The days to plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HorizonSpec {
    /// First local date.
    pub start: NaiveDate,
    /// Number of days (1 to 366).
    pub days: u32,
}

/// Time ranges per weekday, in local wall-clock time: `{"mon": ["09:00-12:00", "14:00-21:00"]}`.
pub type WeeklyHours = BTreeMap<WeekdayKey, Vec<String>>;

/// A weekday key as written in files.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum WeekdayKey {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl WeekdayKey {
    /// All weekdays, Monday first.
    pub const ALL: [WeekdayKey; 7] = [
        WeekdayKey::Mon,
        WeekdayKey::Tue,
        WeekdayKey::Wed,
        WeekdayKey::Thu,
        WeekdayKey::Fri,
        WeekdayKey::Sat,
        WeekdayKey::Sun,
    ];

    /// The chrono weekday.
    pub fn weekday(self) -> chrono::Weekday {
        chrono::Weekday::try_from(self as u8).expect("0..7 are weekdays")
    }

    /// The key of a chrono weekday.
    pub fn from_weekday(weekday: chrono::Weekday) -> Self {
        Self::ALL[weekday.num_days_from_monday() as usize]
    }
}

/// When a resource can work: a weekly pattern with dated exceptions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AvailabilitySpec {
    /// Weekly hours. Absent means "whenever the club is open".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly: Option<WeeklyHours>,
    /// Dated exceptions that replace the weekly hours of one local date (an empty list: off that day).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<DateException>,
    /// Intervals of absence (leave, illness, travel) on top of the above.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absences: Vec<TimeSpan>,
}

/// The hours of one local date, replacing the weekly pattern.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateException {
    /// The local date.
    pub date: NaiveDate,
    /// `HH:MM-HH:MM` ranges; empty for a day off.
    #[serde(default)]
    pub hours: Vec<String>,
}

/// An interval between two instants, with an optional reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeSpan {
    /// Start instant (RFC 3339; stored as UTC).
    pub start: DateTime<Utc>,
    /// End instant, after the start.
    pub end: DateTime<Utc>,
    /// Why (shown in explanations), e.g. "vet hold: lameness".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// An arena.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArenaSpec {
    /// Unique key.
    pub id: String,
    /// Display name (defaults to the key).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Tags lessons may require: `indoor`, `jumping`, `dressage`, `lunging`...
    #[serde(default)]
    pub tags: Vec<String>,
    /// Capacity in space units; lessons use units per rider or per lesson.
    pub capacity: u32,
    /// How many people the arena takes comfortably (soft `arena_size`); absent: no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<u32>,
    /// When the arena can be used (default: opening hours).
    #[serde(default)]
    pub availability: AvailabilitySpec,
}

/// A coach.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoachSpec {
    /// Unique key.
    pub id: String,
    /// Display name (defaults to the key).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Qualifications lessons may require: `dressage`, `jumping`, `children`...
    #[serde(default)]
    pub qualifications: Vec<String>,
    /// Working hours.
    #[serde(default)]
    pub availability: AvailabilitySpec,
    /// At most this many lessons a day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_lessons_per_day: Option<u32>,
    /// At most this many teaching minutes a day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_minutes_per_day: Option<u32>,
}

/// A horse.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HorseSpec {
    /// Unique key.
    pub id: String,
    /// Display name (defaults to the key).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Rider levels the horse is suitable for (empty: every level).
    #[serde(default)]
    pub levels: Vec<String>,
    /// Heaviest rider the horse may carry, in kg.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_rider_weight_kg: Option<u32>,
    /// When the horse can work.
    #[serde(default)]
    pub availability: AvailabilitySpec,
    /// Weekdays the horse always rests.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rest_weekdays: Vec<WeekdayKey>,
    /// Vet holds (lameness, treatment): the horse cannot work.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vet_holds: Vec<TimeSpan>,
    /// Welfare: at most this many lessons a day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_lessons_per_day: Option<u32>,
    /// Welfare: at most this many working minutes a day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_work_minutes_per_day: Option<u32>,
    /// Welfare: at least this many minutes between two lessons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_rest_minutes: Option<u32>,
    /// The rider who owns the horse, if it is privately owned (only that rider rides it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// A rider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiderSpec {
    /// Unique key.
    pub id: String,
    /// Display name (defaults to the key).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// One of the club's levels.
    pub level: String,
    /// Weight in kg, checked against each horse's maximum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_kg: Option<u32>,
    /// Coaches the rider prefers, best first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_coaches: Vec<String>,
    /// Horses the rider prefers, best first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_horses: Vec<String>,
}

/// Private or group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LessonFormat {
    /// One rider.
    Private,
    /// Several riders with one coach.
    Group,
}

/// Which horse a rider rides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HorseNeed {
    /// A school horse chosen by the club (the schedule assigns one per rider).
    School,
    /// The rider's own horse (the horse whose `owner` is the rider).
    Own,
    /// No horse (theory, lunging demonstration, groundwork).
    None,
}

/// How a lesson uses arena space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpaceUse {
    /// This many units for each rider.
    PerRider(u32),
    /// This many units for the whole lesson.
    PerLesson(u32),
}

/// A kind of lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LessonKindSpec {
    /// Unique key.
    pub id: String,
    /// Display name (defaults to the key).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Length in minutes, a positive multiple of the slot.
    pub duration_minutes: u32,
    /// Private or group.
    pub format: LessonFormat,
    /// Fewest riders (group lessons).
    #[serde(default = "one")]
    pub min_riders: u32,
    /// Most riders (group lessons).
    #[serde(default = "one")]
    pub max_riders: u32,
    /// Arena space used.
    #[serde(default = "default_space")]
    pub space: SpaceUse,
    /// Tags the arena must have.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arena_tags: Vec<String>,
    /// Qualification the coach must have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coach_qualification: Option<String>,
    /// Which horse each rider rides.
    #[serde(default = "default_horse_need")]
    pub horse: HorseNeed,
}

fn one() -> u32 {
    1
}

fn default_space() -> SpaceUse {
    SpaceUse::PerRider(1)
}

fn default_horse_need() -> HorseNeed {
    HorseNeed::School
}

/// A series: the lessons of one package.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeriesSpec {
    /// Unique key.
    pub id: String,
    /// First local date a lesson of the package may take place.
    pub valid_from: NaiveDate,
    /// Last local date a lesson of the package may take place.
    pub valid_until: NaiveDate,
    /// At most this many lessons of the series on one local day (default 1).
    #[serde(default = "one")]
    pub max_per_day: u32,
    /// At least this many days between the local dates of two lessons of the series (0: none).
    #[serde(default)]
    pub min_days_between: u32,
    /// The lessons should fall on at least this many distinct days (soft `series_min_days`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_days: Option<u32>,
}

/// One lesson to place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestSpec {
    /// Unique key, e.g. `L12` or an order-item number.
    pub id: String,
    /// The lesson kind.
    pub kind: String,
    /// The riders (one for a private lesson).
    pub riders: Vec<String>,
    /// People attending, if more than the riders listed (spectators, a class); for `arena_size`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headcount: Option<u32>,
    /// The series (package) this lesson belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    /// When the lesson may take place. Empty: anywhere in the horizon.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<TimeSpan>,
    /// When the riders would like it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred: Vec<TimeSpan>,
    /// The coach the riders would like.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_coach: Option<String>,
    /// The horse each rider would like, by rider key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub preferred_horses: BTreeMap<String, String>,
    /// Weight of leaving this lesson unplaced (1 to 1000, default 1).
    #[serde(default = "one")]
    pub priority: u32,
    /// Fields fixed by the club (a confirmed lesson, a rider who insists on a coach).
    #[serde(default, skip_serializing_if = "Pin::is_empty")]
    pub pinned: Pin,
}

/// Fields of a lesson that the solver must not change.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    /// Fixed start instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateTime<Utc>>,
    /// Fixed coach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coach: Option<String>,
    /// Fixed arena.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arena: Option<String>,
    /// Fixed horses, by rider key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub horses: BTreeMap<String, String>,
}

impl Pin {
    /// Whether nothing is pinned.
    pub fn is_empty(&self) -> bool {
        self.start.is_none()
            && self.coach.is_none()
            && self.arena.is_none()
            && self.horses.is_empty()
    }
}

/// How horse welfare limits count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WelfareMode {
    /// Welfare limits are hard constraints (the default).
    #[default]
    Hard,
    /// Welfare limits are reported as warnings and cost their weight as a soft penalty; the club
    /// has a staff override.
    Warning,
}
