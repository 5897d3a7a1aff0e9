//! Realistic riding-club instances for Paddock, built around a hidden feasible timetable.
//!
//! [`generate`] draws a club (arenas, coaches with shifts and qualifications, horses with welfare
//! limits and rest days, riders with levels and free time), lays out a conflict-free timetable of
//! private packages and weekly group courses on it, and only then writes the lesson requests, with
//! allowed windows that contain each lesson's true slot. Every generated problem is therefore
//! feasible with every request placed, and the timetable comes along as a
//! [`ScheduleSpec`](paddock_solver::spec::ScheduleSpec). [`plant_conflicts`] breaks such a
//! schedule in exactly `k` known ways, for testing `check` and repair.
//!
//! Everything is deterministic in the seed (ChaCha8).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod calendar;
mod club;
mod error;
mod grid;
mod params;
mod plant;
mod requests;
mod timetable;

pub use error::GenError;
pub use params::{Params, Size};
pub use plant::{Planted, plant_conflicts};

use paddock_solver::spec::{ProblemSpec, ScheduleSpec};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// A generated instance: the problem and the hidden conflict-free schedule it was built from.
#[derive(Clone, Debug, PartialEq)]
pub struct Generated {
    /// The problem document.
    pub problem: ProblemSpec,
    /// A schedule placing every request of `problem` without any hard conflict.
    pub schedule: ScheduleSpec,
}

/// Generates a preset instance. Deterministic in `seed`.
pub fn generate(size: Size, seed: u64) -> Generated {
    match generate_with(&size.params(), seed) {
        Ok(generated) => generated,
        // The presets are valid parameters; this arm only keeps the function total.
        Err(_) => Generated {
            problem: ProblemSpec::default(),
            schedule: ScheduleSpec::default(),
        },
    }
}

/// Generates an instance from explicit parameters. Deterministic in `params` and `seed`.
pub fn generate_with(params: &Params, seed: u64) -> Result<Generated, GenError> {
    params.validate()?;
    let tz = params
        .time_zone
        .parse()
        .map_err(|_| GenError::params("time_zone", "is not an IANA time zone"))?;
    let calendar = calendar::Calendar {
        tz,
        start: params.start,
        days: params.days,
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let club = club::draw(params, calendar, &mut rng);
    let timetable = timetable::lay_out(&club, params, &mut rng);
    let (problem, schedule) = requests::documents(&club, &timetable, &mut rng);
    Ok(Generated { problem, schedule })
}
