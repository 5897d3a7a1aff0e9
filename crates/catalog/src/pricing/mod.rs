//! The price engine: tiered prices, peak surcharges, coupons and the exact per-rider split.
//!
//! Everything is integer fen ([`crate::Fen`]) with checked arithmetic; an overflow is a
//! [`PricingError::Overflow`], never a wrap or a panic. The rules (tier choice, surcharge
//! order, rounding of percentage discounts, remainder handling in the split) are written
//! down in `docs/pricing.md` and each has a test.

mod coupon;
mod error;
mod quote;
mod rounding;
mod split;
mod tiers;

pub(crate) use rounding::percent_of_half_up;

pub use coupon::{Coupon, CouponDiscount, CouponError, CouponRejection, CouponSpec, CouponUsage};
pub use error::PricingError;
pub use quote::{AppliedTier, LineItem, LineKind, Quote, QuoteRequest, quote};
pub use split::{MAX_RIDERS, split_evenly};
pub use tiers::{
    LevelSurcharge, PeakPricing, PeakWindow, PriceBasis, PriceList, PriceListError, PriceListSpec,
    QuantityTier,
};
