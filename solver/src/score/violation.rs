//! One violated constraint, in terms of the problem's entities.

use crate::ids::*;
use crate::score::Constraint;
use crate::time::Interval;

/// An entity a violation is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resource {
    /// A coach.
    Coach(CoachId),
    /// A horse.
    Horse(HorseId),
    /// A rider.
    Rider(RiderId),
    /// An arena.
    Arena(ArenaId),
    /// A series.
    Series(SeriesId),
}

/// One violated constraint (or one unit of a soft penalty), with what it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Which constraint.
    pub constraint: Constraint,
    /// Whether this is a welfare limit the club turned into a warning.
    pub warning: bool,
    /// Weighted cost at the constraint's level.
    pub cost: i64,
    /// The lessons involved, in time order where it matters.
    pub lessons: Vec<RequestId>,
    /// The resources involved (the coach of an overlap; the horse then the rider of an unsuitable
    /// horse...).
    pub resources: Vec<Resource>,
    /// The time concerned (the overlap, the lesson, the day).
    pub interval: Option<Interval>,
    /// The measured value where the constraint is a limit (e.g. 7 lessons).
    pub value: Option<i64>,
    /// The limit (e.g. 6 lessons a day).
    pub limit: Option<i64>,
    /// A reason from the input (a vet hold's reason, a closure's reason).
    pub note: Option<String>,
}
