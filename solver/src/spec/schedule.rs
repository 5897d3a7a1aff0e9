//! The schedule document: where and when each lesson takes place.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A schedule as written in a file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleSpec {
    /// Format tag, `paddock-schedule/1`. Optional on input; always written on output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Placed lessons.
    #[serde(default)]
    pub lessons: Vec<LessonSpec>,
    /// Lessons left unplaced, with the reason. Requests of the problem that appear in neither list
    /// are unplaced too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unassigned: Vec<UnassignedSpec>,
}

/// One placed lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LessonSpec {
    /// The request key.
    pub request: String,
    /// Start instant (RFC 3339, written in UTC).
    pub start: DateTime<Utc>,
    /// The coach key.
    pub coach: String,
    /// The arena key.
    pub arena: String,
    /// The horse of each rider, by rider key (for lessons that need horses).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub horses: BTreeMap<String, String>,
}

/// A lesson left unplaced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnassignedSpec {
    /// The request key.
    pub request: String,
    /// Why, in words.
    #[serde(default)]
    pub reason: String,
}
