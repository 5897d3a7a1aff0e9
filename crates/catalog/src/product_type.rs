//! The kinds of product a club sells.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The kind of a product; decides its form and how it is priced.
///
/// Serialises in `snake_case` (`"course"`, `"lesson_package"`, `"activity"`), the same
/// spelling as the `{type}` segment of `/api/common/product-types/{type}/form`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProductType {
    /// A bookable lesson, private (one rider) or group (several riders share the arena
    /// and the coach). 课程
    Course,
    /// A prepaid bundle of N lessons, valid for some days, possibly of limited stock. 课时包
    LessonPackage,
    /// A one-off event: a competition, camp or trail ride with a date, a place, a
    /// capacity and refund rules. 活动
    Activity,
}

impl ProductType {
    /// Every product type, in a stable order (for listings).
    pub const ALL: [ProductType; 3] = [
        ProductType::Course,
        ProductType::LessonPackage,
        ProductType::Activity,
    ];

    /// The `snake_case` name used in JSON and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            ProductType::Course => "course",
            ProductType::LessonPackage => "lesson_package",
            ProductType::Activity => "activity",
        }
    }
}

impl ProductType {
    /// The Chinese name shown to members.
    pub fn label_zh(self) -> &'static str {
        match self {
            ProductType::Course => "课程",
            ProductType::LessonPackage => "课时包",
            ProductType::Activity => "活动",
        }
    }

    /// The English name.
    pub fn label_en(self) -> &'static str {
        match self {
            ProductType::Course => "Course",
            ProductType::LessonPackage => "Lesson package",
            ProductType::Activity => "Activity",
        }
    }
}

impl fmt::Display for ProductType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no [`ProductType`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("product type {0:?} is unknown; expected course, lesson_package or activity")]
pub struct ParseProductTypeError(pub String);

impl FromStr for ProductType {
    type Err = ParseProductTypeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProductType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| ParseProductTypeError(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_str_round_trips_and_matches_serde() {
        for t in ProductType::ALL {
            assert_eq!(t.as_str().parse::<ProductType>(), Ok(t));
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
        assert!("Course".parse::<ProductType>().is_err());
    }
}
