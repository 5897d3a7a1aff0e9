//! Paddock's scheduling core: riding-club lessons as a constraint problem.
//!
//! Describe a club — arenas, coaches, horses, riders, lesson kinds and the lessons to place — as
//! a [`Problem`] (from a [`spec::ProblemSpec`] document or with a [`ProblemBuilder`]), then:
//!
//! - [`check`] a schedule: every violated hard constraint, with a sentence for the front desk;
//! - [`score::evaluate`] it: the score and what each constraint costs;
//! - [`solve()`] the problem: a schedule, its status (optimal, feasible, partial) and why any
//!   lesson could not be placed.
//!
//! The crate does no IO: values in, values out.
//!
//! # Example
//!
//! A small club where the front desk booked coach Li twice at ten:
//!
//! ```
//! use chrono::{NaiveDate, TimeZone, Utc};
//! use paddock_solver::spec::*;
//! use paddock_solver::{Assignment, ProblemBuilder, Schedule, check};
//!
//! let monday = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
//! let mut club = ProblemBuilder::new("Asia/Shanghai", monday, 7);
//! club.open_every_day("08:00-20:00");
//! let indoor = club.add_arena(ArenaSpec::new("indoor", 4).tags(["indoor"]));
//! let li = club.add_coach(CoachSpec::new("li").named("Li").qualified(["dressage"]));
//! club.add_rider(RiderSpec::new("wang", "novice").named("Wang"));
//! club.add_rider(RiderSpec::new("zhao", "novice").named("Zhao"));
//! let star = club.add_horse(HorseSpec::new("star").named("Star"));
//! let moon = club.add_horse(HorseSpec::new("moon").named("Moon"));
//! club.add_lesson_kind(LessonKindSpec::private("private-45", 45).requires_qualification("dressage"));
//! let l12 = club.add_request(RequestSpec::new("L12", "private-45", ["wang"]));
//! let l19 = club.add_request(RequestSpec::new("L19", "private-45", ["zhao"]));
//! let problem = club.build()?;
//!
//! // Tuesday 3 March, 10:00 in Shanghai.
//! let ten = problem.time_axis().minute(Utc.with_ymd_and_hms(2026, 3, 3, 2, 0, 0).unwrap()) as i32;
//! let mut schedule = Schedule::empty(&problem);
//! schedule.assign(l12, Assignment { start: ten, coach: li, arena: indoor, horses: vec![Some(star)] });
//! schedule.assign(l19, Assignment { start: ten, coach: li, arena: indoor, horses: vec![Some(moon)] });
//!
//! let report = check(&problem, &schedule);
//! for conflict in &report.conflicts {
//!     println!("{}", conflict.message);
//! }
//! assert_eq!(report.conflicts.len(), 1);
//! assert_eq!(report.conflicts[0].message, "coach Li teaches L12 and L19 at 10:00–10:45 on Tue 3 Mar");
//! # Ok::<(), paddock_solver::ModelError>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod bound;
pub mod check;
pub(crate) mod exact;
pub mod ids;
mod model;
pub mod recommend;
pub mod replan;
pub mod schedule;
pub mod score;
pub mod solve;
pub mod spec;
pub mod time;

pub use bound::{BoundOptions, LowerBound, lower_bound};
pub use check::{Conflict, check};
pub use ids::*;
pub use model::{ModelError, Problem, ProblemBuilder};
pub use recommend::{Recommendation, Recommender};
pub use replan::{DisruptionsSpec, ReplanOptions, ReplanOutcome, replan};
pub use schedule::{Assignment, Schedule, ScheduleError};
pub use score::{Constraint, Score, Weights};
pub use solve::{SolveOptions, SolveOutcome, Status, solve};
