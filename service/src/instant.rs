//! The one encoding of instants in the database: UTC RFC 3339 text with millisecond precision
//! (`2026-01-31T08:00:00.000Z`). Fixed width, so text order is time order on both databases.

use chrono::{DateTime, SecondsFormat, Utc};

/// Formats an instant for storage (and for API responses).
pub(crate) fn encode(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The current instant, encoded.
pub(crate) fn now() -> String {
    encode(Utc::now())
}

/// Parses a stored instant.
pub(crate) fn decode(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn encoding_is_fixed_width_and_round_trips() {
        let t = Utc.with_ymd_and_hms(2026, 1, 31, 8, 0, 0).unwrap();
        assert_eq!(encode(t), "2026-01-31T08:00:00.000Z");
        assert_eq!(decode(&encode(t)), Some(t));
    }
}
