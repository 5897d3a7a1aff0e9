//! What can go wrong when generating or planting.

use paddock_solver::{ModelError, ScheduleError};

/// An error from the generator: bad parameters, or documents that do not fit together.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GenError {
    /// A parameter out of range.
    #[error("params: {field} {reason}")]
    Params {
        /// The parameter, e.g. `days`.
        field: &'static str,
        /// Why it is wrong.
        reason: String,
    },
    /// The problem document is invalid.
    #[error(transparent)]
    Problem(#[from] ModelError),
    /// The schedule document does not fit the problem.
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    /// The schedule is too small or too constrained to take that many separate conflicts.
    #[error(
        "conflicts: only {planted} of {wanted} could be planted, each into a lesson not yet changed"
    )]
    TooFewCandidates {
        /// Conflicts asked for.
        wanted: usize,
        /// Conflicts planted before running out of candidates.
        planted: usize,
    },
}

impl GenError {
    pub(crate) fn params(field: &'static str, reason: impl Into<String>) -> Self {
        GenError::Params {
            field,
            reason: reason.into(),
        }
    }
}
