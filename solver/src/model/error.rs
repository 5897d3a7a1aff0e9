//! Errors in a problem document.

/// A problem document that cannot be used, with the entity, the field and the reason.
///
/// Messages are lowercase and read like `lesson kind "private-45": duration_minutes 50 is not a
/// multiple of the 15-minute slot`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{entity}: {field} {reason}")]
pub struct ModelError {
    /// The entity, e.g. `coach "li"` or `club`.
    pub entity: String,
    /// The field, e.g. `availability.weekly.mon[0]`.
    pub field: String,
    /// Why the value is wrong.
    pub reason: String,
}

impl ModelError {
    pub(crate) fn new(
        entity: impl Into<String>,
        field: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Self {
            entity: entity.into(),
            field: field.into(),
            reason: reason.into(),
        }
    }
}
