//! Scores, constraints and the evaluator of a schedule.
//!
//! One evaluator serves every operation. Its cost decomposes into small independent parts — one
//! per lesson, per (coach, day), (horse, day), (rider, day), (arena, day) and per series — computed
//! by the same kernels whether the whole schedule is evaluated at once ([`evaluate`]) or one part
//! at a time as a search moves lessons ([`ScoreState`](state::ScoreState)).

mod buckets;
mod constraint;
pub(crate) mod full;
mod kernels;
pub(crate) mod state;
mod violation;

pub use constraint::{Constraint, Level, Weights};
pub use full::{Evaluation, evaluate, explain};
pub(crate) use full::{evaluate_against, hard_violations, score_of, series_score};
pub use violation::{Resource, Violation};

pub use kernels::ChangeWeights;
pub(crate) use kernels::{Baseline, Occ};

use std::fmt;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The score of a schedule: three levels compared in order, lower is better. A schedule with
/// `hard == 0` is feasible.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
pub struct Score {
    /// Weighted hard violations.
    pub hard: i64,
    /// Weighted unplaced lessons (priority × weight).
    pub unassigned: i64,
    /// Weighted soft penalties.
    pub soft: i64,
}

impl Score {
    /// Relative gap between this score and a lower bound of it, at the first level where they
    /// differ (0 when the bound is reached).
    pub fn gap_to(self, bound: Score) -> f64 {
        let (value, lower) = if self.hard != bound.hard {
            (self.hard, bound.hard)
        } else if self.unassigned != bound.unassigned {
            (self.unassigned, bound.unassigned)
        } else {
            (self.soft, bound.soft)
        };
        if value <= lower {
            0.0
        } else {
            (value - lower) as f64 / value.max(1) as f64
        }
    }

    /// The zero score.
    pub const ZERO: Score = Score {
        hard: 0,
        unassigned: 0,
        soft: 0,
    };

    /// Whether no hard constraint is violated.
    pub fn is_feasible(self) -> bool {
        self.hard == 0
    }

    pub(crate) fn at(level: Level, cost: i64) -> Score {
        match level {
            Level::Hard => Score {
                hard: cost,
                ..Score::ZERO
            },
            Level::Unassigned => Score {
                unassigned: cost,
                ..Score::ZERO
            },
            Level::Soft => Score {
                soft: cost,
                ..Score::ZERO
            },
        }
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}hard/{}unassigned/{}soft",
            self.hard, self.unassigned, self.soft
        )
    }
}

impl Add for Score {
    type Output = Score;
    fn add(self, o: Score) -> Score {
        Score {
            hard: self.hard + o.hard,
            unassigned: self.unassigned + o.unassigned,
            soft: self.soft + o.soft,
        }
    }
}

impl Sub for Score {
    type Output = Score;
    fn sub(self, o: Score) -> Score {
        Score {
            hard: self.hard - o.hard,
            unassigned: self.unassigned - o.unassigned,
            soft: self.soft - o.soft,
        }
    }
}

impl Neg for Score {
    type Output = Score;
    fn neg(self) -> Score {
        Score::ZERO - self
    }
}

impl AddAssign for Score {
    fn add_assign(&mut self, o: Score) {
        *self = *self + o;
    }
}

impl SubAssign for Score {
    fn sub_assign(&mut self, o: Score) {
        *self = *self - o;
    }
}
