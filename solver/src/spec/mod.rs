//! The file format: plain serde documents for problems, schedules and disruptions.
//!
//! These types are what `paddock` reads and writes as JSON and what the JSON Schema describes.
//! They use string keys for entities and RFC 3339 instants; [`Problem::new`](crate::Problem::new)
//! validates a [`ProblemSpec`] and turns it into the indexed form the algorithms work on.
//! See `docs/problem-format.md` for a walk-through.

mod problem;
mod schedule;

pub use problem::*;
pub use schedule::*;

/// The format tag written in every problem document.
pub const PROBLEM_FORMAT: &str = "paddock-problem/1";
/// The format tag written in every schedule document.
pub const SCHEDULE_FORMAT: &str = "paddock-schedule/1";
