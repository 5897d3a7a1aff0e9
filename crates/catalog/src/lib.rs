//! Riding-club products: what a club sells, how it is configured, and what it costs.
//!
//! This crate is the pure domain core of the product module. It does no IO, holds no
//! global mutable state and depends on no async, HTTP or SQL crate; the service turns
//! requests into these types at its edge and stores what they return.
//!
//! Three themes:
//!
//! * **Product types** ([`ProductType`]): a course (private or group), a lesson package
//!   (N lessons, validity, stock) and an activity (date, place, capacity, refund rules).
//! * **Dynamic forms** ([`forms`]): one [`FormDefinition`] per product type, served to
//!   clients as JSON and enforced on create and update by [`validate`], so the form the
//!   mini program renders and the rules the server applies cannot drift apart.
//! * **Pricing** ([`pricing`]): tiered prices, peak surcharges, the exact per-rider split
//!   of group lessons and coupons, all in integer fen ([`Fen`]); see `docs/pricing.md`
//!   for the rounding rules.
//!
//! [`Stock`] does the reserve / release / commit arithmetic of limited products.
//!
//! With the `openapi` feature the serialisable types also derive `utoipa::ToSchema`.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use paddock_catalog::{CouponUsage, ProductType, QuoteRequest, form_definition, quote, validate};
//! use serde_json::json;
//!
//! // Serve the form, then enforce it on what comes back.
//! let form = form_definition(ProductType::Course);
//! assert!(form.field("max_riders").is_some());
//! let attributes = validate(ProductType::Course, &json!({
//!     "lesson_format": "group", "min_riders": 2, "max_riders": 3,
//!     "price_list": {"basis": "per_lesson", "tiers": [{"min_quantity": 1, "unit_price": 30000}]}
//! }))
//! .expect("valid course");
//! let stored = attributes.to_json(); // what the service keeps
//! # let _ = stored;
//!
//! // Price a group lesson for three riders: 30000 fen shared, remainder to the first.
//! let prices = attributes.typed().price_list().expect("checked on validation");
//! let request = QuoteRequest {
//!     product_type: ProductType::Course,
//!     quantity: 1,
//!     riders: 3,
//!     rider_level: None,
//!     starts_at: None,
//! };
//! let now = Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap();
//! let q = quote(&prices, &request, None, &CouponUsage::default(), now, chrono_tz::Asia::Shanghai)
//!     .expect("priced");
//! assert_eq!(q.per_rider.iter().map(|f| f.get()).collect::<Vec<_>>(), [10000, 10000, 10000]);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod forms;
mod money;
#[cfg(feature = "openapi")]
mod openapi;
pub mod pricing;
mod product_type;
mod rider_level;
mod stock;

pub use forms::{
    AttributeValue, FieldError, FieldErrorCode, FieldErrors, FormDefinition, LessonFormat,
    ProductAttributes, ValidatedAttributes, form_definition, validate, validate_update,
};
pub use money::Fen;
pub use pricing::{
    Coupon, CouponUsage, PriceList, PricingError, Quote, QuoteRequest, quote, split_evenly,
};
pub use product_type::{ParseProductTypeError, ProductType};
pub use rider_level::{ParseRiderLevelError, RiderLevel};
pub use stock::{Stock, StockError};
