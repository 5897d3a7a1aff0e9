//! The parsed result of a valid form.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Serialize, Serializer};

use super::ProductAttributes;
use crate::{Fen, PriceList, ProductType, RiderLevel};

/// One parsed attribute value; the variant follows the field's [`super::FieldKind`].
///
/// Serialises untagged, to the normalised JSON that is stored (datetimes in UTC, strings
/// trimmed), which itself validates back to the same value.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AttributeValue {
    /// A `string` field, trimmed.
    Text(String),
    /// An `integer` field.
    Integer(i64),
    /// A `money_fen` field.
    Money(Fen),
    /// A `boolean` field.
    Boolean(bool),
    /// An `enum` field: the chosen option's value.
    Choice(String),
    /// A `date` field.
    Date(NaiveDate),
    /// A `datetime` field, converted to UTC.
    Datetime(DateTime<Utc>),
    /// A `duration_minutes` field.
    DurationMinutes(u32),
    /// An `enum_list` field: distinct option values in the order given.
    Choices(Vec<String>),
    /// A `rider_level` field.
    RiderLevel(RiderLevel),
    /// A `price_list` field.
    PriceList(PriceList),
}

impl AttributeValue {
    /// The integer, if this is one.
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            AttributeValue::Integer(n) => Some(*n),
            _ => None,
        }
    }

    /// The amount, if this is money.
    pub fn as_money(&self) -> Option<Fen> {
        match self {
            AttributeValue::Money(f) => Some(*f),
            _ => None,
        }
    }

    /// The flag, if this is a boolean.
    pub fn as_boolean(&self) -> Option<bool> {
        match self {
            AttributeValue::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// The text, if this is a string field.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            AttributeValue::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The chosen option value, if this is an enum.
    pub fn as_choice(&self) -> Option<&str> {
        match self {
            AttributeValue::Choice(s) => Some(s),
            _ => None,
        }
    }

    /// The chosen option values, if this is an enum list.
    pub fn as_choices(&self) -> Option<&[String]> {
        match self {
            AttributeValue::Choices(v) => Some(v),
            _ => None,
        }
    }

    /// The date, if this is one.
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            AttributeValue::Date(d) => Some(*d),
            _ => None,
        }
    }

    /// The instant, if this is a datetime.
    pub fn as_datetime(&self) -> Option<DateTime<Utc>> {
        match self {
            AttributeValue::Datetime(t) => Some(*t),
            _ => None,
        }
    }

    /// The minutes, if this is a duration.
    pub fn as_duration_minutes(&self) -> Option<u32> {
        match self {
            AttributeValue::DurationMinutes(m) => Some(*m),
            _ => None,
        }
    }

    /// The level, if this is a rider level.
    pub fn as_rider_level(&self) -> Option<RiderLevel> {
        match self {
            AttributeValue::RiderLevel(l) => Some(*l),
            _ => None,
        }
    }

    /// The price list, if this is one.
    pub fn as_price_list(&self) -> Option<&PriceList> {
        match self {
            AttributeValue::PriceList(p) => Some(p),
            _ => None,
        }
    }
}

/// The attributes of a product after [`crate::validate`]: every visible field either given
/// and valid or filled from its default; hidden fields dropped.
///
/// Serialises as a flat JSON object, which is what the service stores (e.g. in a `jsonb`
/// column) and serves back. [`ValidatedAttributes::typed`] gives the same data as typed
/// structs.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidatedAttributes {
    product_type: ProductType,
    values: BTreeMap<String, AttributeValue>,
    typed: ProductAttributes,
}

impl Serialize for ValidatedAttributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.values.serialize(serializer)
    }
}

impl ValidatedAttributes {
    /// Wraps values that passed the form. `Err(field)` if the typed view lacks a field the
    /// form should have guaranteed: a definition bug, reported rather than panicking.
    pub(crate) fn new(
        product_type: ProductType,
        values: BTreeMap<String, AttributeValue>,
    ) -> Result<ValidatedAttributes, &'static str> {
        let typed = super::typed::typed(product_type, &values)?;
        Ok(ValidatedAttributes {
            product_type,
            values,
            typed,
        })
    }

    /// The product type whose form these attributes passed.
    pub fn product_type(&self) -> ProductType {
        self.product_type
    }

    /// The attributes as typed fields, for booking, scheduling, pricing and refunds.
    pub fn typed(&self) -> &ProductAttributes {
        &self.typed
    }

    /// The normalised JSON object to store.
    pub fn to_json(&self) -> serde_json::Value {
        // Serialising these value types cannot fail: keys are strings and no value holds
        // a map with non-string keys or a float.
        serde_json::to_value(&self.values).unwrap_or(serde_json::Value::Null)
    }

    /// The value of `field`, if present.
    pub fn get(&self, field: &str) -> Option<&AttributeValue> {
        self.values.get(field)
    }

    /// All values by field name, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &AttributeValue)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// An `integer` field.
    pub fn integer(&self, field: &str) -> Option<i64> {
        self.get(field)?.as_integer()
    }

    /// A `money_fen` field.
    pub fn money(&self, field: &str) -> Option<Fen> {
        self.get(field)?.as_money()
    }

    /// A `boolean` field.
    pub fn boolean(&self, field: &str) -> Option<bool> {
        self.get(field)?.as_boolean()
    }

    /// A `string` field.
    pub fn text(&self, field: &str) -> Option<&str> {
        self.get(field)?.as_text()
    }

    /// An `enum` field's chosen value.
    pub fn choice(&self, field: &str) -> Option<&str> {
        self.get(field)?.as_choice()
    }

    /// An `enum_list` field's chosen values.
    pub fn choices(&self, field: &str) -> Option<&[String]> {
        self.get(field)?.as_choices()
    }

    /// A `date` field.
    pub fn date(&self, field: &str) -> Option<NaiveDate> {
        self.get(field)?.as_date()
    }

    /// A `datetime` field.
    pub fn datetime(&self, field: &str) -> Option<DateTime<Utc>> {
        self.get(field)?.as_datetime()
    }

    /// A `duration_minutes` field.
    pub fn duration_minutes(&self, field: &str) -> Option<u32> {
        self.get(field)?.as_duration_minutes()
    }

    /// A `rider_level` field.
    pub fn rider_level(&self, field: &str) -> Option<RiderLevel> {
        self.get(field)?.as_rider_level()
    }

    /// A `price_list` field.
    pub fn price_list(&self, field: &str) -> Option<&PriceList> {
        self.get(field)?.as_price_list()
    }
}
