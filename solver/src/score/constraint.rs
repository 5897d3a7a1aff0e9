//! The constraints of the model, their levels and their weights.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Every constraint Paddock knows. Hard constraints make a schedule invalid; soft ones cost
/// their weight per unit; `Unassigned` sits between the two.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Constraint {
    // Hard: resources used twice.
    /// A coach teaches two lessons at once.
    CoachOverlap,
    /// A horse is in two lessons at once.
    HorseOverlap,
    /// A rider is in two lessons at once.
    RiderOverlap,
    /// More space units in an arena than it has.
    ArenaCapacity,
    // Hard: time.
    /// A lesson outside the club's opening hours.
    ClubClosed,
    /// A lesson outside the request's allowed windows or the horizon.
    OutsideAllowedWindow,
    /// A lesson that does not start on the slot grid.
    OffSlotGrid,
    /// A coach outside working hours or absent.
    CoachUnavailable,
    /// A horse outside its availability, on a rest day or under a vet hold.
    HorseUnavailable,
    /// An arena closed or unavailable.
    ArenaUnavailable,
    // Hard: suitability.
    /// A coach without the qualification the lesson kind requires.
    CoachNotQualified,
    /// An arena without a tag the lesson kind requires.
    ArenaUnsuitable,
    /// A horse not suited to its rider (level, weight, owner) or missing.
    HorseUnsuitable,
    /// Fewer or more riders than the lesson kind allows.
    GroupSize,
    /// A pinned field changed.
    PinViolated,
    // Hard: daily limits and series.
    /// A coach over the lessons or minutes allowed in a day.
    CoachDailyLimit,
    /// A horse over the lessons allowed in a day (welfare).
    HorseDailyLessons,
    /// A horse over the working minutes allowed in a day (welfare).
    HorseDailyWork,
    /// A horse with too little rest between two lessons (welfare).
    HorseRest,
    /// Lessons of one series too close together or too many on a day.
    SeriesSpacing,
    /// A lesson of a series outside the package's validity.
    SeriesValidity,
    // Between hard and soft.
    /// A lesson left unplaced (weighted by its priority).
    Unassigned,
    // Soft.
    /// A lesson outside the riders' preferred times (per lesson).
    PreferredTime,
    /// A lesson not with the preferred coach (per lesson).
    PreferredCoach,
    /// A rider not on the preferred horse (per rider).
    PreferredHorse,
    /// A series taught by more than one coach (per extra coach).
    CoachContinuity,
    /// A rider of a series on more than one horse (per extra horse).
    HorseContinuity,
    /// Idle time between a coach's lessons on a day (per idle slot).
    CoachCompactness,
    /// Unequal work across school horses (sum of squared lessons per horse and day).
    HorseWorkload,
    /// A series using more than one arena (per extra arena).
    ArenaStability,
    /// Lessons of a series bunched together instead of spread over the validity (per day short).
    SeriesSpread,
    /// A lesson changed from the schedule being re-planned (per change, by what changed).
    Disruption,
    /// More people in a lesson than the arena seats comfortably (per person over).
    ArenaSize,
    /// A series on fewer distinct days than its package asks for (per day short).
    SeriesMinDays,
    /// A rider's lesson with no other lesson of the rider right before or after it that day.
    RiderCompactness,
}

/// The level a constraint counts at.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Makes a schedule invalid.
    Hard,
    /// Between hard and soft: a lesson not placed.
    Unassigned,
    /// A cost to minimise.
    Soft,
}

impl Constraint {
    /// Every constraint, hard first.
    pub const ALL: [Constraint; 35] = [
        Constraint::CoachOverlap,
        Constraint::HorseOverlap,
        Constraint::RiderOverlap,
        Constraint::ArenaCapacity,
        Constraint::ClubClosed,
        Constraint::OutsideAllowedWindow,
        Constraint::OffSlotGrid,
        Constraint::CoachUnavailable,
        Constraint::HorseUnavailable,
        Constraint::ArenaUnavailable,
        Constraint::CoachNotQualified,
        Constraint::ArenaUnsuitable,
        Constraint::HorseUnsuitable,
        Constraint::GroupSize,
        Constraint::PinViolated,
        Constraint::CoachDailyLimit,
        Constraint::HorseDailyLessons,
        Constraint::HorseDailyWork,
        Constraint::HorseRest,
        Constraint::SeriesSpacing,
        Constraint::SeriesValidity,
        Constraint::Unassigned,
        Constraint::PreferredTime,
        Constraint::PreferredCoach,
        Constraint::PreferredHorse,
        Constraint::CoachContinuity,
        Constraint::HorseContinuity,
        Constraint::CoachCompactness,
        Constraint::HorseWorkload,
        Constraint::ArenaStability,
        Constraint::SeriesSpread,
        Constraint::Disruption,
        Constraint::ArenaSize,
        Constraint::SeriesMinDays,
        Constraint::RiderCompactness,
    ];

    /// The level this constraint counts at (before welfare is turned into warnings).
    pub fn level(self) -> Level {
        use Constraint::*;
        match self {
            Unassigned => Level::Unassigned,
            PreferredTime | PreferredCoach | PreferredHorse | CoachContinuity | HorseContinuity
            | CoachCompactness | HorseWorkload | ArenaStability | SeriesSpread | Disruption
            | ArenaSize | SeriesMinDays | RiderCompactness => Level::Soft,
            _ => Level::Hard,
        }
    }

    /// Whether this is a horse welfare limit (a club may turn these into warnings).
    pub fn is_welfare(self) -> bool {
        matches!(
            self,
            Constraint::HorseDailyLessons | Constraint::HorseDailyWork | Constraint::HorseRest
        )
    }

    /// The key used in files and reports, e.g. `coach_overlap`.
    pub fn key(self) -> &'static str {
        use Constraint::*;
        match self {
            CoachOverlap => "coach_overlap",
            HorseOverlap => "horse_overlap",
            RiderOverlap => "rider_overlap",
            ArenaCapacity => "arena_capacity",
            ClubClosed => "club_closed",
            OutsideAllowedWindow => "outside_allowed_window",
            OffSlotGrid => "off_slot_grid",
            CoachUnavailable => "coach_unavailable",
            HorseUnavailable => "horse_unavailable",
            ArenaUnavailable => "arena_unavailable",
            CoachNotQualified => "coach_not_qualified",
            ArenaUnsuitable => "arena_unsuitable",
            HorseUnsuitable => "horse_unsuitable",
            GroupSize => "group_size",
            PinViolated => "pin_violated",
            CoachDailyLimit => "coach_daily_limit",
            HorseDailyLessons => "horse_daily_lessons",
            HorseDailyWork => "horse_daily_work",
            HorseRest => "horse_rest",
            SeriesSpacing => "series_spacing",
            SeriesValidity => "series_validity",
            Unassigned => "unassigned",
            PreferredTime => "preferred_time",
            PreferredCoach => "preferred_coach",
            PreferredHorse => "preferred_horse",
            CoachContinuity => "coach_continuity",
            HorseContinuity => "horse_continuity",
            CoachCompactness => "coach_compactness",
            HorseWorkload => "horse_workload",
            ArenaStability => "arena_stability",
            SeriesSpread => "series_spread",
            Disruption => "disruption",
            ArenaSize => "arena_size",
            SeriesMinDays => "series_min_days",
            RiderCompactness => "rider_compactness",
        }
    }

    fn default_weight(self) -> i64 {
        use Constraint::*;
        match self {
            PreferredTime => 10,
            PreferredCoach => 6,
            PreferredHorse => 3,
            CoachContinuity => 4,
            HorseContinuity => 2,
            CoachCompactness => 1,
            HorseWorkload => 1,
            ArenaStability => 2,
            SeriesSpread => 1,
            Disruption => 1,
            ArenaSize => 1,
            SeriesMinDays => 5,
            // Off by default: a club rider usually has one lesson a day, which this would count.
            RiderCompactness => 0,
            _ => 1,
        }
    }
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Weights per constraint. A constraint not listed keeps its default (1 for hard constraints and
/// `unassigned`, which is multiplied by each request's priority).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Weights {
    overrides: BTreeMap<Constraint, i64>,
}

impl Weights {
    /// The weight of one unit of `constraint`.
    pub fn get(&self, constraint: Constraint) -> i64 {
        self.overrides
            .get(&constraint)
            .copied()
            .unwrap_or_else(|| constraint.default_weight())
    }

    /// Sets the weight of `constraint`.
    pub fn set(&mut self, constraint: Constraint, weight: i64) -> &mut Self {
        self.overrides.insert(constraint, weight);
        self
    }

    /// The weights that differ from the defaults.
    pub fn overrides(&self) -> impl Iterator<Item = (Constraint, i64)> + '_ {
        self.overrides.iter().map(|(&c, &w)| (c, w))
    }
}
