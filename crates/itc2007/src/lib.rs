//! ITC-2007 Track 3, curriculum-based course timetabling, as a benchmark for Paddock.
//!
//! - [`Instance::parse`] reads a `.ctt` instance and [`Solution::parse`] a `.sol` timetable;
//!   [`Solution::to_text`] writes one.
//! - [`score()`] reproduces the official validator: hard "violations" and the soft "total cost".
//! - [`Mapping`] translates an instance into a Paddock [`ProblemSpec`](paddock_solver::spec::ProblemSpec)
//!   whose score under Paddock's own evaluator equals the ITC cost, and timetables both ways.
//! - [`solve`] solves an instance with Paddock's solver through that mapping.
//!
//! See `docs/itc2007.md` for the mapping and how to run the benchmark.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod adapter;
mod ctt;
mod score;
mod sol;
mod solve;

pub use adapter::{AdaptError, HORIZON_START, LECTURE_KIND, LEVEL, Mapping, weights};
pub use ctt::{
    Course, CourseId, CttError, Curriculum, CurriculumId, Instance, Room, RoomId, Unavailability,
};
pub use score::{
    CURRICULUM_COMPACTNESS_WEIGHT, MIN_WORKING_DAYS_WEIGHT, ROOM_STABILITY_WEIGHT, Report, score,
};
pub use sol::{Placement, SolError, Solution};
pub use solve::{SolveError, SolveOptions, Solved, solve};
