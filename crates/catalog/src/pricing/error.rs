//! Why a quote could not be made.

use super::{CouponError, CouponRejection, PriceListError};

/// Why [`super::quote`] or [`super::split_evenly`] refused; every variant is bad input
/// (the caller's or the stored configuration's), never an internal failure.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    /// Zero lessons, packages or tickets.
    #[error("quantity: must be at least 1")]
    ZeroQuantity,
    /// Zero riders to charge.
    #[error("riders: must be at least 1")]
    ZeroRiders,
    /// More riders than one booking can hold.
    #[error("riders: {riders} exceeds the limit of {max}")]
    TooManyRiders {
        /// Requested.
        riders: u32,
        /// The limit, [`super::MAX_RIDERS`].
        max: u32,
    },
    /// An amount below zero where only `>= 0` makes sense.
    #[error("{what}: amount {amount} fen is negative")]
    NegativeAmount {
        /// Which amount.
        what: &'static str,
        /// The amount in fen.
        amount: i64,
    },
    /// An intermediate amount does not fit in `i64` fen (or a count in `u32`).
    #[error("{what}: arithmetic overflow")]
    Overflow {
        /// Which computation overflowed.
        what: &'static str,
    },
    /// The price list is malformed.
    #[error("price list: {0}")]
    PriceList(#[from] PriceListError),
    /// The coupon's own configuration is malformed.
    #[error("coupon: {0}")]
    InvalidCoupon(#[from] CouponError),
    /// The coupon is well formed but cannot be used for this purchase.
    #[error("coupon {code:?} cannot be used: {reason}")]
    CouponNotApplicable {
        /// The coupon's code.
        code: String,
        /// Why.
        reason: CouponRejection,
    },
}
