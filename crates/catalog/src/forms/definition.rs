//! The shape of a form definition, as served to clients.

use serde::Serialize;

use crate::ProductType;

/// Everything a client needs to render, and the server needs to check, the type-specific
/// attributes of one product type.
///
/// Built once per type (see [`crate::form_definition`]); serialises to the JSON served at
/// `/api/common/product-types/{type}/form`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormDefinition {
    /// The product type this form configures.
    pub product_type: ProductType,
    /// The product type's name, for the type picker.
    pub label: Label,
    /// Bumped whenever a field or rule changes, so clients can cache the definition.
    pub version: u32,
    /// The fields, in display order.
    pub fields: Vec<FieldDef>,
    /// Checks that involve two fields, e.g. `min_riders <= max_riders`.
    pub rules: Vec<CrossFieldRule>,
}

impl FormDefinition {
    /// The field called `name`, if any.
    pub fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A label in the two languages the club uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Label {
    /// Chinese, shown in the mini program.
    pub zh: &'static str,
    /// English, shown to foreign coaches and in logs.
    pub en: &'static str,
}

/// One field of a form.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldDef {
    /// The JSON key of the attribute, `snake_case`.
    pub name: &'static str,
    /// What the field is called on screen.
    pub label: Label,
    /// A hint shown under the field, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Label>,
    /// The kind of value and its limits.
    pub kind: FieldKind,
    /// Whether a value must be given when the field is shown and has no default.
    pub required: bool,
    /// The value stored when the field is shown but left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub default: Option<serde_json::Value>,
    /// When present, the field is shown (and may be required) only while the condition
    /// holds; while it does not, the field must be absent or `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible_when: Option<Condition>,
}

/// The kind of value a field holds, with its limits. Serialised with a `type` tag, e.g.
/// `{"type": "integer", "min": 1, "max": 20}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FieldKind {
    /// Text, trimmed before its length (in characters) is checked.
    String {
        /// Fewest characters.
        min_length: u32,
        /// Most characters.
        max_length: u32,
    },
    /// A whole number within `min..=max`.
    Integer {
        /// Smallest allowed.
        min: i64,
        /// Largest allowed.
        max: i64,
    },
    /// Money in integer fen, `0..=max`.
    MoneyFen {
        /// Largest allowed amount in fen.
        max: i64,
    },
    /// `true` or `false`.
    Boolean,
    /// One of the options, by `value`.
    Enum {
        /// The allowed options, in display order.
        options: Vec<EnumOption>,
    },
    /// A calendar date, `YYYY-MM-DD`, in the club's time zone.
    Date,
    /// An instant in RFC 3339 with an offset (`2026-05-01T09:00:00+08:00`); stored in UTC.
    Datetime,
    /// Minutes, within `min..=max` and a multiple of `step`.
    DurationMinutes {
        /// Shortest.
        min: u32,
        /// Longest.
        max: u32,
        /// Granularity, e.g. the scheduler's 15-minute slot.
        step: u32,
    },
    /// Several distinct options (multi-select), between `min_items` and `max_items`.
    EnumList {
        /// The allowed options, in display order.
        options: Vec<EnumOption>,
        /// Fewest selections.
        min_items: u32,
        /// Most selections.
        max_items: u32,
    },
    /// A [`crate::RiderLevel`], by its `snake_case` name; options listed for rendering.
    RiderLevel {
        /// The levels, lowest first.
        options: Vec<EnumOption>,
    },
    /// A [`crate::PriceList`] object (base tiers, level surcharges, peak windows),
    /// checked by [`crate::PriceList::new`]; rendered by the price-calculator widget.
    PriceList,
}

/// An option of an enum or enum-list field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnumOption {
    /// What is stored and sent.
    pub value: &'static str,
    /// What is shown.
    pub label: Label,
}

/// When a dependent field is shown.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Condition {
    /// The other field's (validated, defaulted) value equals `value`.
    Equals {
        /// The controlling field.
        field: &'static str,
        /// The value that shows the dependent field.
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        value: serde_json::Value,
    },
}

impl Condition {
    /// The field this condition reads.
    pub fn field(&self) -> &'static str {
        match self {
            Condition::Equals { field, .. } => field,
        }
    }
}

/// A check across two fields, applied when both have valid values.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CrossFieldRule {
    /// `lower <= upper` (integers, money, durations, dates, datetimes).
    NotGreater {
        /// The field that must not be greater; the error names `upper`.
        lower: &'static str,
        /// The field that must not be smaller.
        upper: &'static str,
    },
    /// `earlier < later` (dates, datetimes, numbers).
    StrictlyBefore {
        /// The field that must come first.
        earlier: &'static str,
        /// The field that must come after; the error names it.
        later: &'static str,
    },
}
