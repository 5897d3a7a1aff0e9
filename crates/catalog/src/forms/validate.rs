//! Enforcing a form definition on submitted attributes.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{Fen, PriceList, ProductType, RiderLevel};

use super::definition::{Condition, CrossFieldRule, EnumOption, FieldDef, FieldKind};
use super::{AttributeValue, ValidatedAttributes, form_definition};

/// Why a field was refused; stable, `snake_case` in JSON, for clients to translate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FieldErrorCode {
    /// The body is not a JSON object (reported on field `"$"`).
    NotAnObject,
    /// A key the form does not define.
    UnknownField,
    /// A required field is absent or `null`.
    MissingRequired,
    /// The JSON type does not fit the field (a string for an integer, `2.5` for an integer...).
    WrongType,
    /// Text shorter than `min_length` characters.
    TooShort,
    /// Text longer than `max_length` characters.
    TooLong,
    /// A number below the minimum.
    BelowMin,
    /// A number above the maximum.
    AboveMax,
    /// A duration that is not a multiple of the step.
    NotAMultiple,
    /// A value that is not one of the options.
    NotAnOption,
    /// The same option chosen twice in a list.
    DuplicateOption,
    /// Fewer selections than `min_items`.
    TooFewItems,
    /// More selections than `max_items`.
    TooManyItems,
    /// A date or datetime that does not parse.
    InvalidFormat,
    /// A field given while the condition that shows it does not hold.
    DependencyNotSatisfied,
    /// Two fields in the wrong order (`min_riders > max_riders`, `ends_at <= starts_at`).
    RangeInverted,
    /// A `price_list` field that is not a valid [`crate::PriceList`].
    InvalidPriceList,
}

/// One refused field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name, `"$"` for the body as a whole.
    pub field: String,
    /// Why, machine-readable.
    pub code: FieldErrorCode,
    /// Why, in a lowercase English sentence that names the field.
    pub message: String,
}

impl FieldError {
    fn new(field: &str, code: FieldErrorCode, message: impl fmt::Display) -> FieldError {
        FieldError {
            field: field.to_owned(),
            code,
            message: format!("{field}: {message}"),
        }
    }
}

/// Every refused field of a submission, in form order (unknown keys first). Never empty
/// when returned as an error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldErrors(pub Vec<FieldError>);

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let messages: Vec<&str> = self.0.iter().map(|e| e.message.as_str()).collect();
        f.write_str(&messages.join("; "))
    }
}

impl FieldErrors {
    /// The errors about `field`.
    pub fn for_field<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a FieldError> + 'a {
        self.0.iter().filter(move |e| e.field == field)
    }
}

/// Validates a product's type-specific attributes on create.
///
/// `null` counts as absent. Unknown keys, wrong types, out-of-range values, missing
/// required fields, fields given while hidden by their condition, and inverted ranges
/// are all reported together. On success the result holds every shown field, defaults
/// filled in, hidden ones dropped.
pub fn validate(
    product_type: ProductType,
    attributes: &Value,
) -> Result<ValidatedAttributes, FieldErrors> {
    let Some(object) = attributes.as_object() else {
        return Err(FieldErrors(vec![FieldError::new(
            "$",
            FieldErrorCode::NotAnObject,
            "attributes must be a json object",
        )]));
    };
    validate_object(product_type, object, &|_| false)
}

/// Validates a partial update: `patch` is merged over the `existing` stored attributes
/// (top-level keys only: each given key replaces the stored value wholesale, `null`
/// removes it) and the result is validated as a whole.
///
/// A stored field that the update hides (say `max_riders` after switching `lesson_format`
/// to `private`), or that the form no longer has, is dropped silently rather than
/// reported, since the member did not send it; the same field sent in `patch` is still an
/// error.
pub fn validate_update(
    product_type: ProductType,
    existing: &Value,
    patch: &Value,
) -> Result<ValidatedAttributes, FieldErrors> {
    let Some(patch) = patch.as_object() else {
        return Err(FieldErrors(vec![FieldError::new(
            "$",
            FieldErrorCode::NotAnObject,
            "the update must be a json object",
        )]));
    };
    // Stored attributes were validated when written; a non-object here means the row was
    // edited by hand, and starting from empty makes the update report what is missing.
    let mut merged = existing.as_object().cloned().unwrap_or_default();
    for (key, value) in patch {
        if value.is_null() {
            merged.remove(key);
        } else {
            merged.insert(key.clone(), value.clone());
        }
    }
    validate_object(product_type, &merged, &|name| !patch.contains_key(name))
}

/// `from_storage(name)` says whether a key came from stored attributes rather than from
/// the member; such a key is dropped silently, instead of reported, when it is hidden or
/// no longer a field (the form changed since it was stored).
fn validate_object(
    product_type: ProductType,
    object: &Map<String, Value>,
    from_storage: &dyn Fn(&str) -> bool,
) -> Result<ValidatedAttributes, FieldErrors> {
    let form = form_definition(product_type);
    let mut errors = Vec::new();

    for key in object.keys() {
        if form.field(key).is_none() && !from_storage(key) {
            errors.push(FieldError::new(
                key,
                FieldErrorCode::UnknownField,
                "is not a field of this product type",
            ));
        }
    }

    // Values that parsed, and the names of fields whose given value was refused, so that
    // fields depending on those are not judged against a guess.
    let mut values: BTreeMap<String, AttributeValue> = BTreeMap::new();
    let mut refused: Vec<&str> = Vec::new();

    // Fields are visited in form order; a condition always names an earlier field (a
    // test enforces this), so its controller is settled by the time it is read.
    for field in &form.fields {
        let given = object.get(field.name).filter(|v| !v.is_null());
        let visible = match &field.visible_when {
            None => Some(true),
            Some(cond) => holds(cond, &values, &refused),
        };
        match (visible, given) {
            (Some(false), Some(_)) => {
                if !from_storage(field.name) {
                    errors.push(FieldError::new(
                        field.name,
                        FieldErrorCode::DependencyNotSatisfied,
                        format_args!(
                            "is only allowed when {}",
                            describe(field.visible_when.as_ref())
                        ),
                    ));
                }
            }
            (Some(false), None) => {}
            (_, Some(raw)) => match parse(field, raw) {
                Ok(v) => {
                    values.insert(field.name.to_owned(), v);
                }
                Err(e) => {
                    errors.push(e);
                    refused.push(field.name);
                }
            },
            (Some(true), None) => {
                if let Some(default) = &field.default {
                    match parse(field, default) {
                        Ok(v) => {
                            values.insert(field.name.to_owned(), v);
                        }
                        // Defaults are static and covered by a test; should one ever be
                        // wrong, report it rather than panic in a request handler.
                        Err(e) => errors.push(e),
                    }
                } else if field.required {
                    let message = match &field.visible_when {
                        None => "is required".to_owned(),
                        Some(c) => format!("is required when {}", describe(Some(c))),
                    };
                    errors.push(FieldError::new(
                        field.name,
                        FieldErrorCode::MissingRequired,
                        message,
                    ));
                }
            }
            // The controller was refused: whether this field is needed is unknown, and
            // the controller's error already tells the member what to fix.
            (None, None) => {}
        }
    }

    for rule in &form.rules {
        if let Some(e) = check_rule(rule, &values) {
            errors.push(e);
        }
    }

    if !errors.is_empty() {
        return Err(FieldErrors(errors));
    }
    ValidatedAttributes::new(product_type, values).map_err(|field| {
        FieldErrors(vec![FieldError::new(
            field,
            FieldErrorCode::MissingRequired,
            "is required by the typed view but the form let it through (a form definition bug)",
        )])
    })
}

/// `Some(true/false)` when the controller's value is settled, `None` when it was refused.
fn holds(
    cond: &Condition,
    values: &BTreeMap<String, AttributeValue>,
    refused: &[&str],
) -> Option<bool> {
    let name = cond.field();
    if refused.contains(&name) {
        return None;
    }
    match cond {
        Condition::Equals { value, .. } => Some(
            values
                .get(name)
                .and_then(|v| serde_json::to_value(v).ok())
                .is_some_and(|v| v == *value),
        ),
    }
}

fn describe(cond: Option<&Condition>) -> String {
    match cond {
        None => String::new(),
        Some(Condition::Equals { field, value }) => format!("{field} is {value}"),
    }
}

pub(super) fn parse(field: &FieldDef, raw: &Value) -> Result<AttributeValue, FieldError> {
    let name = field.name;
    let wrong_type = |expected: &str| {
        FieldError::new(
            name,
            FieldErrorCode::WrongType,
            format_args!("expected {expected}, got {}", json_type(raw)),
        )
    };
    match &field.kind {
        FieldKind::String {
            min_length,
            max_length,
        } => {
            let s = raw.as_str().ok_or_else(|| wrong_type("a string"))?.trim();
            let len = s.chars().count();
            if len < *min_length as usize {
                return Err(FieldError::new(
                    name,
                    FieldErrorCode::TooShort,
                    format_args!("must be at least {min_length} characters, got {len}"),
                ));
            }
            if len > *max_length as usize {
                return Err(FieldError::new(
                    name,
                    FieldErrorCode::TooLong,
                    format_args!("must be at most {max_length} characters, got {len}"),
                ));
            }
            Ok(AttributeValue::Text(s.to_owned()))
        }
        FieldKind::Integer { min, max } => {
            let n = whole(name, raw).ok_or_else(|| wrong_type("an integer"))??;
            in_range(name, n, *min, *max)?;
            Ok(AttributeValue::Integer(n))
        }
        FieldKind::MoneyFen { max } => {
            let n = whole(name, raw).ok_or_else(|| wrong_type("an integer amount in fen"))??;
            in_range(name, n, 0, *max)?;
            Ok(AttributeValue::Money(Fen(n)))
        }
        FieldKind::Boolean => raw
            .as_bool()
            .map(AttributeValue::Boolean)
            .ok_or_else(|| wrong_type("true or false")),
        FieldKind::Enum { options } => {
            let s = raw.as_str().ok_or_else(|| wrong_type("a string"))?;
            choose(name, s, options).map(|v| AttributeValue::Choice(v.to_owned()))
        }
        FieldKind::Date => {
            let s = raw.as_str().ok_or_else(|| wrong_type("a date string"))?;
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(AttributeValue::Date)
                .map_err(|_| {
                    FieldError::new(
                        name,
                        FieldErrorCode::InvalidFormat,
                        format_args!("{s:?} is not a date like 2026-05-01"),
                    )
                })
        }
        FieldKind::Datetime => {
            let s = raw
                .as_str()
                .ok_or_else(|| wrong_type("an rfc 3339 datetime string"))?;
            DateTime::parse_from_rfc3339(s)
                .map(|t| AttributeValue::Datetime(t.with_timezone(&Utc)))
                .map_err(|_| {
                    FieldError::new(
                        name,
                        FieldErrorCode::InvalidFormat,
                        format_args!(
                            "{s:?} is not an rfc 3339 datetime like 2026-05-01T09:00:00+08:00"
                        ),
                    )
                })
        }
        FieldKind::DurationMinutes { min, max, step } => {
            let n = whole(name, raw).ok_or_else(|| wrong_type("a whole number of minutes"))??;
            in_range(name, n, i64::from(*min), i64::from(*max))?;
            if *step > 0 && n % i64::from(*step) != 0 {
                return Err(FieldError::new(
                    name,
                    FieldErrorCode::NotAMultiple,
                    format_args!("{n} minutes is not a multiple of {step}"),
                ));
            }
            // In range `min..=max` of `u32`, so the conversion cannot fail.
            Ok(AttributeValue::DurationMinutes(
                u32::try_from(n).unwrap_or(*max),
            ))
        }
        FieldKind::EnumList {
            options,
            min_items,
            max_items,
        } => {
            let items = raw
                .as_array()
                .ok_or_else(|| wrong_type("a list of strings"))?;
            let mut chosen: Vec<String> = Vec::with_capacity(items.len());
            for item in items {
                let s = item
                    .as_str()
                    .ok_or_else(|| wrong_type("a list of strings"))?;
                let v = choose(name, s, options)?;
                if chosen.iter().any(|c| c == v) {
                    return Err(FieldError::new(
                        name,
                        FieldErrorCode::DuplicateOption,
                        format_args!("{v:?} is chosen twice"),
                    ));
                }
                chosen.push(v.to_owned());
            }
            let n = chosen.len();
            if n < *min_items as usize {
                return Err(FieldError::new(
                    name,
                    FieldErrorCode::TooFewItems,
                    format_args!("choose at least {min_items}, got {n}"),
                ));
            }
            if n > *max_items as usize {
                return Err(FieldError::new(
                    name,
                    FieldErrorCode::TooManyItems,
                    format_args!("choose at most {max_items}, got {n}"),
                ));
            }
            Ok(AttributeValue::Choices(chosen))
        }
        FieldKind::RiderLevel { options } => {
            let s = raw
                .as_str()
                .ok_or_else(|| wrong_type("a rider level string"))?;
            s.parse::<RiderLevel>()
                .map(AttributeValue::RiderLevel)
                .map_err(|_| not_an_option(name, s, options))
        }
        FieldKind::PriceList => serde_json::from_value::<PriceList>(raw.clone())
            .map(AttributeValue::PriceList)
            .map_err(|e| FieldError::new(name, FieldErrorCode::InvalidPriceList, e)),
    }
}

/// The integer in `raw`: `None` if it is not an integer at all, `Some(Err)` if it is one
/// too large for `i64` (which no field allows), so the member hears "too large" rather
/// than "not an integer".
fn whole(name: &str, raw: &Value) -> Option<Result<i64, FieldError>> {
    match raw.as_i64() {
        Some(n) => Some(Ok(n)),
        None if raw.is_u64() => Some(Err(FieldError::new(
            name,
            FieldErrorCode::AboveMax,
            format_args!("{raw} is above the maximum"),
        ))),
        None => None,
    }
}

fn in_range(name: &str, n: i64, min: i64, max: i64) -> Result<(), FieldError> {
    if n < min {
        Err(FieldError::new(
            name,
            FieldErrorCode::BelowMin,
            format_args!("{n} is below the minimum {min}"),
        ))
    } else if n > max {
        Err(FieldError::new(
            name,
            FieldErrorCode::AboveMax,
            format_args!("{n} is above the maximum {max}"),
        ))
    } else {
        Ok(())
    }
}

fn choose<'a>(name: &str, s: &str, options: &'a [EnumOption]) -> Result<&'a str, FieldError> {
    options
        .iter()
        .find(|o| o.value == s)
        .map(|o| o.value)
        .ok_or_else(|| not_an_option(name, s, options))
}

fn not_an_option(name: &str, s: &str, options: &[EnumOption]) -> FieldError {
    let allowed: Vec<&str> = options.iter().map(|o| o.value).collect();
    FieldError::new(
        name,
        FieldErrorCode::NotAnOption,
        format_args!("{s:?} is not one of {}", allowed.join(", ")),
    )
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a fractional number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A value that two-field rules can compare.
#[derive(PartialEq, PartialOrd)]
enum Ordered {
    Number(i64),
    Date(NaiveDate),
    Instant(DateTime<Utc>),
}

fn ordered(v: &AttributeValue) -> Option<Ordered> {
    match v {
        AttributeValue::Integer(n) => Some(Ordered::Number(*n)),
        AttributeValue::Money(f) => Some(Ordered::Number(f.get())),
        AttributeValue::DurationMinutes(m) => Some(Ordered::Number(i64::from(*m))),
        AttributeValue::Date(d) => Some(Ordered::Date(*d)),
        AttributeValue::Datetime(t) => Some(Ordered::Instant(*t)),
        _ => None,
    }
}

fn check_rule(
    rule: &CrossFieldRule,
    values: &BTreeMap<String, AttributeValue>,
) -> Option<FieldError> {
    let pair = |a: &str, b: &str| Some((ordered(values.get(a)?)?, ordered(values.get(b)?)?));
    match rule {
        CrossFieldRule::NotGreater { lower, upper } => {
            let (lo, hi) = pair(lower, upper)?;
            // Values of different kinds compare as `None` and are skipped: a definition bug
            // that a test over all definitions would catch, not the member's fault.
            (lo.partial_cmp(&hi)? == std::cmp::Ordering::Greater).then(|| {
                FieldError::new(
                    upper,
                    FieldErrorCode::RangeInverted,
                    format_args!("must not be less than {lower}"),
                )
            })
        }
        CrossFieldRule::StrictlyBefore { earlier, later } => {
            let (a, b) = pair(earlier, later)?;
            (a.partial_cmp(&b)? != std::cmp::Ordering::Less).then(|| {
                FieldError::new(
                    later,
                    FieldErrorCode::RangeInverted,
                    format_args!("must be after {earlier}"),
                )
            })
        }
    }
}
