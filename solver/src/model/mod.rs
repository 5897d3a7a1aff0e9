//! The validated, indexed problem that every algorithm works on.
//!
//! [`Problem::new`] checks a [`ProblemSpec`](crate::spec::ProblemSpec) once and precomputes what
//! the algorithms ask again and again: availability as minute intervals, the coaches, arenas and
//! horses each request could use at all. After that no lookup by string happens.

mod build;
mod builder;
mod error;

pub(crate) use build::horse_suits_ignoring_owner;
pub use builder::ProblemBuilder;
pub use error::ModelError;

use std::collections::HashMap;
use std::sync::Arc;

use crate::ids::*;
use crate::score::Weights;
use crate::spec::{HorseNeed, ProblemSpec, WelfareMode};
use crate::time::{Interval, IntervalSet, Minute, TimeAxis};

/// A validated scheduling problem. Build it with [`Problem::new`] from a file's
/// [`ProblemSpec`](crate::spec::ProblemSpec) or with a [`ProblemBuilder`] in code.
#[derive(Clone, Debug)]
pub struct Problem {
    pub(crate) spec: ProblemSpec,
    pub(crate) axis: TimeAxis,
    pub(crate) slot: i32,
    /// Club opening hours over the horizon, minus closed dates.
    pub(crate) open: IntervalSet,
    pub(crate) arenas: Vec<Arena>,
    pub(crate) coaches: Vec<Coach>,
    pub(crate) horses: Vec<Horse>,
    pub(crate) riders: Vec<Rider>,
    pub(crate) kinds: Vec<LessonKind>,
    pub(crate) series: Vec<Series>,
    pub(crate) requests: Vec<Request>,
    pub(crate) weights: Weights,
    pub(crate) welfare: WelfareMode,
    pub(crate) keys: Keys,
}

/// String key → typed id, per entity type.
#[derive(Clone, Debug, Default)]
pub(crate) struct Keys {
    pub arenas: HashMap<String, ArenaId>,
    pub coaches: HashMap<String, CoachId>,
    pub horses: HashMap<String, HorseId>,
    pub riders: HashMap<String, RiderId>,
    pub kinds: HashMap<String, LessonKindId>,
    pub series: HashMap<String, SeriesId>,
    pub requests: HashMap<String, RequestId>,
}

#[derive(Clone, Debug)]
pub(crate) struct Arena {
    pub key: String,
    pub name: String,
    pub tags: Vec<String>,
    pub capacity: u32,
    pub seats: Option<u32>,
    pub available: IntervalSet,
    pub closures: Vec<(Interval, String)>,
}

#[derive(Clone, Debug)]
pub(crate) struct Coach {
    pub key: String,
    pub name: String,
    pub qualifications: Vec<String>,
    pub available: IntervalSet,
    pub absences: Vec<(Interval, String)>,
    pub max_lessons_per_day: Option<u32>,
    pub max_minutes_per_day: Option<u32>,
}

#[derive(Clone, Debug)]
pub(crate) struct Horse {
    pub key: String,
    pub name: String,
    pub levels: Vec<usize>,
    pub max_rider_weight_kg: Option<u32>,
    pub available: IntervalSet,
    pub rest_days: Vec<usize>,
    pub holds: Vec<(Interval, String)>,
    pub max_lessons_per_day: Option<u32>,
    pub max_work_minutes_per_day: Option<u32>,
    pub min_rest_minutes: Option<u32>,
    pub owner: Option<RiderId>,
}

#[derive(Clone, Debug)]
pub(crate) struct Rider {
    pub key: String,
    pub name: String,
    pub level: usize,
    pub weight_kg: Option<u32>,
    pub own_horses: Vec<HorseId>,
}

#[derive(Clone, Debug)]
pub(crate) struct LessonKind {
    pub key: String,
    pub duration: i32,
    pub min_riders: u32,
    pub max_riders: u32,
    pub horse: HorseNeed,
}

#[derive(Clone, Debug)]
pub(crate) struct Series {
    pub key: String,
    pub valid: Interval,
    pub first_day: usize,
    pub last_day: usize,
    pub max_per_day: u32,
    pub min_days_between: u32,
    pub min_days: Option<u32>,
    pub requests: Vec<RequestId>,
}

/// Fixed fields of a request.
#[derive(Clone, Debug, Default)]
pub(crate) struct Pins {
    pub start: Option<Minute>,
    pub coach: Option<CoachId>,
    pub arena: Option<ArenaId>,
    /// Per rider, aligned with `Request::riders`.
    pub horses: Vec<Option<HorseId>>,
}

impl Pins {
    pub fn any(&self) -> bool {
        self.start.is_some()
            || self.coach.is_some()
            || self.arena.is_some()
            || self.horses.iter().any(Option::is_some)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Request {
    pub key: String,
    pub kind: LessonKindId,
    pub riders: Vec<RiderId>,
    pub series: Option<SeriesId>,
    pub duration: i32,
    /// Arena space units the whole lesson uses.
    pub units: u32,
    /// People attending (riders unless given).
    pub headcount: u32,
    pub horse_need: HorseNeed,
    /// Allowed windows intersected with the horizon (explicit or the whole horizon).
    pub allowed: IntervalSet,
    pub preferred: IntervalSet,
    pub preferred_coach: Option<CoachId>,
    /// Per rider, aligned with `riders`.
    pub preferred_horses: Vec<Option<HorseId>>,
    pub priority: u32,
    pub pins: Pins,
    /// Coaches with the required qualification, sorted (shared by the requests of a kind).
    pub coach_candidates: Arc<[CoachId]>,
    /// Arenas with the required tags and enough capacity for the lesson alone, sorted.
    pub arena_candidates: Arc<[ArenaId]>,
    /// The same arenas in the order placement tries them: seating everybody, smallest first.
    pub arena_order: Arc<[ArenaId]>,
    /// Per rider, the horses suitable for that rider, sorted (empty when no horse is needed).
    pub horse_candidates: Vec<Arc<[HorseId]>>,
}

impl Problem {
    /// Validates a problem document. Bad input is an error naming the entity, the field and why.
    pub fn new(spec: ProblemSpec) -> Result<Problem, ModelError> {
        build::build(spec)
    }

    /// The document this problem was built from.
    pub fn spec(&self) -> &ProblemSpec {
        &self.spec
    }

    /// The horizon on the club's clock.
    pub fn time_axis(&self) -> &TimeAxis {
        &self.axis
    }

    /// The slot granularity in minutes.
    pub fn slot_minutes(&self) -> i32 {
        self.slot
    }

    /// The constraint weights.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// Number of lesson requests.
    pub fn request_count(&self) -> usize {
        self.requests.len()
    }

    /// All request ids, in input order.
    pub fn request_ids(&self) -> impl ExactSizeIterator<Item = RequestId> + '_ {
        (0..self.requests.len()).map(RequestId::from_index)
    }

    /// The key of a request.
    pub fn request_key(&self, id: RequestId) -> &str {
        &self.requests[id.index()].key
    }

    /// The id of a request key.
    pub fn request_id(&self, key: &str) -> Option<RequestId> {
        self.keys.requests.get(key).copied()
    }

    /// The id of a coach key.
    pub fn coach_id(&self, key: &str) -> Option<CoachId> {
        self.keys.coaches.get(key).copied()
    }

    /// The id of a horse key.
    pub fn horse_id(&self, key: &str) -> Option<HorseId> {
        self.keys.horses.get(key).copied()
    }

    /// The id of an arena key.
    pub fn arena_id(&self, key: &str) -> Option<ArenaId> {
        self.keys.arenas.get(key).copied()
    }

    /// The id of a rider key.
    pub fn rider_id(&self, key: &str) -> Option<RiderId> {
        self.keys.riders.get(key).copied()
    }

    /// The key of a coach.
    pub fn coach_key(&self, id: CoachId) -> &str {
        &self.coaches[id.index()].key
    }

    /// The key of a horse.
    pub fn horse_key(&self, id: HorseId) -> &str {
        &self.horses[id.index()].key
    }

    /// The key of an arena.
    pub fn arena_key(&self, id: ArenaId) -> &str {
        &self.arenas[id.index()].key
    }

    /// The key of a rider.
    pub fn rider_key(&self, id: RiderId) -> &str {
        &self.riders[id.index()].key
    }

    /// The key of a series.
    pub fn series_key(&self, id: SeriesId) -> &str {
        &self.series[id.index()].key
    }

    /// Display names, for explanations.
    pub(crate) fn coach_name(&self, id: CoachId) -> &str {
        &self.coaches[id.index()].name
    }

    pub(crate) fn horse_name(&self, id: HorseId) -> &str {
        &self.horses[id.index()].name
    }

    pub(crate) fn arena_name(&self, id: ArenaId) -> &str {
        &self.arenas[id.index()].name
    }

    pub(crate) fn rider_name(&self, id: RiderId) -> &str {
        &self.riders[id.index()].name
    }

    pub(crate) fn request(&self, id: RequestId) -> &Request {
        &self.requests[id.index()]
    }

    /// Number of coaches, horses, arenas, riders.
    pub fn coach_count(&self) -> usize {
        self.coaches.len()
    }

    /// Number of horses.
    pub fn horse_count(&self) -> usize {
        self.horses.len()
    }

    /// Number of arenas.
    pub fn arena_count(&self) -> usize {
        self.arenas.len()
    }

    /// Number of riders.
    pub fn rider_count(&self) -> usize {
        self.riders.len()
    }

    /// Returns a copy of this problem with other constraint weights.
    pub fn with_weights(&self, weights: Weights) -> Problem {
        let mut problem = self.clone();
        problem.spec.weights = weights.clone();
        problem.weights = weights;
        problem
    }
}
