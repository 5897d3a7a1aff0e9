//! The disruptions document: what happened since the schedule was made.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::score::ChangeWeights;
use crate::spec::RequestSpec;

/// The format tag of a disruptions document.
pub const DISRUPTIONS_FORMAT: &str = "paddock-disruptions/1";

/// Disruptions to repair a schedule for, as written in a file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DisruptionsSpec {
    /// Format tag, `paddock-disruptions/1`. Optional on input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The current instant: lessons that started before it never move. Absent: nothing is in
    /// the past.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<DateTime<Utc>>,
    /// What changes cost; absent: the defaults (time 8, coach 4, horse 1, arena 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_weights: Option<ChangeWeights>,
    /// The disruptions, in any order.
    #[serde(default)]
    pub events: Vec<Disruption>,
}

/// One disruption.
// Events are read once from a small file: their size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Disruption {
    /// A coach cannot work over an interval (sick, called away).
    CoachUnavailable {
        /// The coach key.
        coach: String,
        /// Start instant.
        start: DateTime<Utc>,
        /// End instant, after the start.
        end: DateTime<Utc>,
        /// Why, shown in explanations.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reason: String,
    },
    /// A horse cannot work over an interval (lame, vet hold).
    HorseUnavailable {
        /// The horse key.
        horse: String,
        /// Start instant.
        start: DateTime<Utc>,
        /// End instant, after the start.
        end: DateTime<Utc>,
        /// Why, shown in explanations.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reason: String,
    },
    /// An arena is closed over an interval (footing works, storm).
    ArenaClosed {
        /// The arena key.
        arena: String,
        /// Start instant.
        start: DateTime<Utc>,
        /// End instant, after the start.
        end: DateTime<Utc>,
        /// Why, shown in explanations.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reason: String,
    },
    /// A new lesson to place.
    RequestAdded {
        /// The lesson, as in a problem file.
        request: RequestSpec,
    },
    /// A lesson cancelled: it leaves the problem and the schedule.
    RequestCancelled {
        /// The request key.
        request: String,
    },
}
