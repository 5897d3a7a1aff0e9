//! Paddock's scheduling core: riding-club lessons as a constraint problem.
//!
//! Describe a club — arenas, coaches, horses, riders, lesson kinds and the lessons to place — as
//! a [`Problem`] (from a [`spec::ProblemSpec`] document or with a [`ProblemBuilder`]), then
//! [`check`] a schedule for conflicts or [`score::evaluate`] it.
//!
//! The crate does no IO: values in, values out.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod check;
pub mod ids;
mod model;
pub mod schedule;
pub mod score;
pub mod spec;
pub mod time;

pub use check::{Conflict, check};
pub use ids::*;
pub use model::{ModelError, Problem, ProblemBuilder};
pub use schedule::{Assignment, Schedule, ScheduleError};
pub use score::{Constraint, Score, Weights};
