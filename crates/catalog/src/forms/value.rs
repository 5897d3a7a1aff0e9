//! The parsed result of a valid form.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Serialize, Serializer};

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

/// The attributes of a product after [`crate::validate`]: every visible field either given
/// and valid or filled from its default; hidden fields dropped.
///
/// Serialises as a flat JSON object, which is what the service stores (e.g. in a `jsonb`
/// column) and serves back.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidatedAttributes {
    product_type: ProductType,
    values: BTreeMap<String, AttributeValue>,
}

impl Serialize for ValidatedAttributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.values.serialize(serializer)
    }
}

impl ValidatedAttributes {
    pub(crate) fn new(
        product_type: ProductType,
        values: BTreeMap<String, AttributeValue>,
    ) -> ValidatedAttributes {
        ValidatedAttributes {
            product_type,
            values,
        }
    }

    /// The product type whose form these attributes passed.
    pub fn product_type(&self) -> ProductType {
        self.product_type
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

    /// All values by field name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &AttributeValue)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// An `integer` field.
    pub fn integer(&self, field: &str) -> Option<i64> {
        match self.get(field)? {
            AttributeValue::Integer(n) => Some(*n),
            _ => None,
        }
    }

    /// A `money_fen` field.
    pub fn money(&self, field: &str) -> Option<Fen> {
        match self.get(field)? {
            AttributeValue::Money(f) => Some(*f),
            _ => None,
        }
    }

    /// A `boolean` field.
    pub fn boolean(&self, field: &str) -> Option<bool> {
        match self.get(field)? {
            AttributeValue::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// A `string` field.
    pub fn text(&self, field: &str) -> Option<&str> {
        match self.get(field)? {
            AttributeValue::Text(s) => Some(s),
            _ => None,
        }
    }

    /// An `enum` field's chosen value.
    pub fn choice(&self, field: &str) -> Option<&str> {
        match self.get(field)? {
            AttributeValue::Choice(s) => Some(s),
            _ => None,
        }
    }

    /// An `enum_list` field's chosen values.
    pub fn choices(&self, field: &str) -> Option<&[String]> {
        match self.get(field)? {
            AttributeValue::Choices(v) => Some(v),
            _ => None,
        }
    }

    /// A `date` field.
    pub fn date(&self, field: &str) -> Option<NaiveDate> {
        match self.get(field)? {
            AttributeValue::Date(d) => Some(*d),
            _ => None,
        }
    }

    /// A `datetime` field.
    pub fn datetime(&self, field: &str) -> Option<DateTime<Utc>> {
        match self.get(field)? {
            AttributeValue::Datetime(t) => Some(*t),
            _ => None,
        }
    }

    /// A `duration_minutes` field.
    pub fn duration_minutes(&self, field: &str) -> Option<u32> {
        match self.get(field)? {
            AttributeValue::DurationMinutes(m) => Some(*m),
            _ => None,
        }
    }

    /// A `rider_level` field.
    pub fn rider_level(&self, field: &str) -> Option<RiderLevel> {
        match self.get(field)? {
            AttributeValue::RiderLevel(l) => Some(*l),
            _ => None,
        }
    }

    /// A `price_list` field.
    pub fn price_list(&self, field: &str) -> Option<&PriceList> {
        match self.get(field)? {
            AttributeValue::PriceList(p) => Some(p),
            _ => None,
        }
    }
}
