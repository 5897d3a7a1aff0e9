//! Rider levels, ordered from first lesson to competition rider.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How far a rider has come; ordered, so `required <= rider` means "good enough".
///
/// Clubs in China commonly grade riders in five steps; the names here are the club's
/// own grades, not a federation's certificates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RiderLevel {
    /// Never or hardly ridden; led or lunged. 入门
    Beginner,
    /// Walks and trots alone. 初级
    Novice,
    /// Canters, rides small courses. 中级
    Intermediate,
    /// Jumps courses, schools the horse. 高级
    Advanced,
    /// Competes. 专业
    Expert,
}

impl RiderLevel {
    /// Every level, lowest first.
    pub const ALL: [RiderLevel; 5] = [
        RiderLevel::Beginner,
        RiderLevel::Novice,
        RiderLevel::Intermediate,
        RiderLevel::Advanced,
        RiderLevel::Expert,
    ];

    /// The `snake_case` name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RiderLevel::Beginner => "beginner",
            RiderLevel::Novice => "novice",
            RiderLevel::Intermediate => "intermediate",
            RiderLevel::Advanced => "advanced",
            RiderLevel::Expert => "expert",
        }
    }

    /// The Chinese label shown to members.
    pub fn label_zh(self) -> &'static str {
        match self {
            RiderLevel::Beginner => "入门",
            RiderLevel::Novice => "初级",
            RiderLevel::Intermediate => "中级",
            RiderLevel::Advanced => "高级",
            RiderLevel::Expert => "专业",
        }
    }

    /// The English label.
    pub fn label_en(self) -> &'static str {
        match self {
            RiderLevel::Beginner => "Beginner",
            RiderLevel::Novice => "Novice",
            RiderLevel::Intermediate => "Intermediate",
            RiderLevel::Advanced => "Advanced",
            RiderLevel::Expert => "Expert",
        }
    }
}

impl fmt::Display for RiderLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no [`RiderLevel`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "rider level {0:?} is unknown; expected beginner, novice, intermediate, advanced or expert"
)]
pub struct ParseRiderLevelError(pub String);

impl FromStr for RiderLevel {
    type Err = ParseRiderLevelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RiderLevel::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| ParseRiderLevelError(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered_and_round_trip() {
        assert!(RiderLevel::Beginner < RiderLevel::Expert);
        for l in RiderLevel::ALL {
            assert_eq!(l.as_str().parse::<RiderLevel>(), Ok(l));
            assert_eq!(serde_json::to_value(l).unwrap(), l.as_str());
        }
    }
}
