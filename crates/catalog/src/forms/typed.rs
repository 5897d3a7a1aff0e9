//! Typed views of validated attributes, for code that acts on a product (booking,
//! scheduling, refunds) rather than storing it.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use super::AttributeValue;
use crate::pricing::{PriceListError, PricingError};
use crate::{Fen, PriceList, ProductType, RiderLevel};

/// Private or group lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LessonFormat {
    /// One rider with the coach. 私教课
    Private,
    /// Several riders with one coach. 小组课
    Group,
}

/// From when a package's validity counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ValidityStart {
    /// From the purchase.
    OnPurchase,
    /// From the first lesson taken.
    OnFirstUse,
}

/// A course's attributes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CourseAttributes {
    /// Private or group.
    pub lesson_format: LessonFormat,
    /// Lesson length.
    pub duration_minutes: u32,
    /// Fewest riders for the lesson to run (1 for private).
    pub min_riders: u32,
    /// Most riders (1 for private).
    pub max_riders: u32,
    /// The lowest rider level admitted, if any.
    pub required_rider_level: Option<RiderLevel>,
    /// The youngest rider admitted, if any.
    pub min_age_years: Option<u32>,
    /// Arena tags the lesson needs (option values).
    pub arena_tags: Vec<String>,
    /// Qualifications the coach needs (option values).
    pub coach_qualifications: Vec<String>,
    /// Whether the club provides the horse.
    pub needs_school_horse: bool,
    /// The prices.
    pub price_list: PriceList,
    /// Free text.
    pub description: Option<String>,
}

/// A lesson package's attributes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LessonPackageAttributes {
    /// The lessons it can be spent on.
    pub lesson_format: LessonFormat,
    /// The one course it is limited to, if any (the service checks it exists).
    pub course_id: Option<i64>,
    /// Lessons included.
    pub lesson_count: u32,
    /// Days it stays valid.
    pub validity_days: u32,
    /// From when the days count.
    pub validity_starts: ValidityStart,
    /// The package price.
    pub price: Fen,
    /// Units for sale; `None` is unlimited.
    pub stock: Option<u32>,
    /// Last day of sale, in the club's time zone, if any.
    pub sale_ends_on: Option<NaiveDate>,
    /// The lowest rider level admitted, if any.
    pub required_rider_level: Option<RiderLevel>,
    /// Free text.
    pub description: Option<String>,
}

/// When and how much of an activity fee is refunded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefundPolicy {
    /// Refunds are accepted until this many hours before the start.
    pub deadline_hours: u32,
    /// Percent of the amount paid that is returned, `1..=100`.
    pub percent: u32,
}

impl RefundPolicy {
    /// The last instant a refund is accepted for an activity starting at `starts_at`
    /// (inclusive).
    pub fn deadline(&self, starts_at: DateTime<Utc>) -> DateTime<Utc> {
        // Only a start near the beginning of chrono's calendar can underflow; then no
        // instant is early enough, which `MIN_UTC` expresses without panicking.
        starts_at
            .checked_sub_signed(Duration::hours(i64::from(self.deadline_hours)))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// What to refund of `paid` if asked at `now`: `None` once the deadline has passed,
    /// else `paid × percent / 100` rounded half up to the fen, like every percentage in
    /// `docs/pricing.md`.
    pub fn refund_for(
        &self,
        paid: Fen,
        starts_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Option<Fen>, PricingError> {
        if now > self.deadline(starts_at) {
            return Ok(None);
        }
        if paid.is_negative() {
            return Err(PricingError::NegativeAmount {
                what: "paid",
                amount: paid.get(),
            });
        }
        crate::pricing::percent_of_half_up(paid, self.percent.min(100)).map(Some)
    }
}

/// An activity's attributes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActivityAttributes {
    /// The `activity_kind` option value.
    pub activity_kind: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End, after the start.
    pub ends_at: DateTime<Utc>,
    /// When sign-up closes, not after the start; `None` means at the start.
    pub signup_closes_at: Option<DateTime<Utc>>,
    /// Where.
    pub place: String,
    /// Most participants.
    pub capacity: u32,
    /// The fee per participant (0 = free).
    pub price: Fen,
    /// The lowest rider level admitted, if any.
    pub required_rider_level: Option<RiderLevel>,
    /// The youngest rider admitted, if any.
    pub min_age_years: Option<u32>,
    /// `None` when the fee is not refundable.
    pub refund: Option<RefundPolicy>,
    /// Free text.
    pub description: Option<String>,
}

/// A product's attributes, typed by product type.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "product_type", rename_all = "snake_case")]
pub enum ProductAttributes {
    /// A course.
    Course(CourseAttributes),
    /// A lesson package.
    LessonPackage(LessonPackageAttributes),
    /// An activity.
    Activity(ActivityAttributes),
}

impl ProductAttributes {
    /// The price list [`crate::quote`] should use: the course's own, or one flat price for
    /// a package or an activity.
    pub fn price_list(&self) -> Result<PriceList, PriceListError> {
        match self {
            ProductAttributes::Course(c) => Ok(c.price_list.clone()),
            ProductAttributes::LessonPackage(p) => PriceList::flat(p.price),
            ProductAttributes::Activity(a) => PriceList::flat(a.price),
        }
    }
}

/// The values of one validated form, read by field name.
struct Values<'a>(&'a BTreeMap<String, AttributeValue>);

impl<'a> Values<'a> {
    fn get(&self, field: &str) -> Option<&'a AttributeValue> {
        self.0.get(field)
    }
}

/// Builds the typed view; `Err(field)` names a field the form should have guaranteed,
/// which only a mismatch between this file and `catalog_types.rs` can cause.
pub(super) fn typed(
    product_type: ProductType,
    values: &BTreeMap<String, AttributeValue>,
) -> Result<ProductAttributes, &'static str> {
    let a = Values(values);
    let level = a
        .get("required_rider_level")
        .and_then(AttributeValue::as_rider_level);
    let age = opt_u32(&a, "min_age_years")?;
    let text = |f: &str| {
        a.get(f)
            .and_then(AttributeValue::as_text)
            .map(str::to_owned)
    };
    let description = text("description");
    let money = |f: &'static str| a.get(f).and_then(AttributeValue::as_money).ok_or(f);
    let datetime = |f: &str| a.get(f).and_then(AttributeValue::as_datetime);
    Ok(match product_type {
        ProductType::Course => {
            let lesson_format = format(&a)?;
            let (min_riders, max_riders) = match lesson_format {
                LessonFormat::Private => (1, 1),
                LessonFormat::Group => (req_u32(&a, "min_riders")?, req_u32(&a, "max_riders")?),
            };
            let choices = |f: &'static str| {
                a.get(f)
                    .and_then(AttributeValue::as_choices)
                    .map(<[String]>::to_vec)
                    .ok_or(f)
            };
            ProductAttributes::Course(CourseAttributes {
                lesson_format,
                duration_minutes: a
                    .get("duration_minutes")
                    .and_then(AttributeValue::as_duration_minutes)
                    .ok_or("duration_minutes")?,
                min_riders,
                max_riders,
                required_rider_level: level,
                min_age_years: age,
                arena_tags: choices("arena_tags")?,
                coach_qualifications: choices("coach_qualifications")?,
                needs_school_horse: a
                    .get("needs_school_horse")
                    .and_then(AttributeValue::as_boolean)
                    .ok_or("needs_school_horse")?,
                price_list: a
                    .get("price_list")
                    .and_then(AttributeValue::as_price_list)
                    .ok_or("price_list")?
                    .clone(),
                description,
            })
        }
        ProductType::LessonPackage => ProductAttributes::LessonPackage(LessonPackageAttributes {
            lesson_format: format(&a)?,
            course_id: a.get("course_id").and_then(AttributeValue::as_integer),
            lesson_count: req_u32(&a, "lesson_count")?,
            validity_days: req_u32(&a, "validity_days")?,
            validity_starts: match a.get("validity_starts").and_then(AttributeValue::as_choice) {
                Some("on_purchase") => ValidityStart::OnPurchase,
                Some("on_first_use") => ValidityStart::OnFirstUse,
                _ => return Err("validity_starts"),
            },
            price: money("price_fen")?,
            stock: opt_u32(&a, "stock")?,
            sale_ends_on: a.get("sale_ends_on").and_then(AttributeValue::as_date),
            required_rider_level: level,
            description,
        }),
        ProductType::Activity => ProductAttributes::Activity(ActivityAttributes {
            activity_kind: a
                .get("activity_kind")
                .and_then(AttributeValue::as_choice)
                .ok_or("activity_kind")?
                .to_owned(),
            starts_at: datetime("starts_at").ok_or("starts_at")?,
            ends_at: datetime("ends_at").ok_or("ends_at")?,
            signup_closes_at: datetime("signup_closes_at"),
            place: text("place").ok_or("place")?,
            capacity: req_u32(&a, "capacity")?,
            price: money("price_fen")?,
            required_rider_level: level,
            min_age_years: age,
            refund: match a.get("refundable").and_then(AttributeValue::as_boolean) {
                Some(true) => Some(RefundPolicy {
                    deadline_hours: req_u32(&a, "refund_deadline_hours")?,
                    percent: req_u32(&a, "refund_percent")?,
                }),
                Some(false) => None,
                None => return Err("refundable"),
            },
            description,
        }),
    })
}

fn format(a: &Values<'_>) -> Result<LessonFormat, &'static str> {
    match a.get("lesson_format").and_then(AttributeValue::as_choice) {
        Some("private") => Ok(LessonFormat::Private),
        Some("group") => Ok(LessonFormat::Group),
        _ => Err("lesson_format"),
    }
}

fn req_u32(a: &Values<'_>, field: &'static str) -> Result<u32, &'static str> {
    opt_u32(a, field)?.ok_or(field)
}

/// An optional integer field whose form range fits `u32`.
fn opt_u32(a: &Values<'_>, field: &'static str) -> Result<Option<u32>, &'static str> {
    a.get(field)
        .and_then(AttributeValue::as_integer)
        .map(|n| u32::try_from(n).map_err(|_| field))
        .transpose()
}
