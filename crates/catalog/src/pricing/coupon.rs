//! Coupons: what they take off, and when they may be used.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Fen, ProductType};

use super::PricingError;
use super::rounding::percent_of_half_up;

/// What a coupon takes off the subtotal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CouponDiscount {
    /// A fixed amount off (满减 / 代金券), `> 0`.
    Fixed {
        /// The amount off.
        amount: Fen,
    },
    /// A percentage off (折扣券: 8折 is `percent_off: 20`), `1..=100`, optionally capped.
    Percent {
        /// Percent taken off the subtotal.
        percent_off: u32,
        /// The most the coupon may take off, if capped (`> 0`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_discount: Option<Fen>,
    },
}

/// The unchecked, stored form of a [`Coupon`]; [`Coupon::new`] checks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouponSpec {
    /// The code members type or scan, unique per club.
    pub code: String,
    /// What it takes off.
    pub discount: CouponDiscount,
    /// First instant it can be used (inclusive).
    pub valid_from: DateTime<Utc>,
    /// Instant it stops working (exclusive).
    pub valid_until: DateTime<Utc>,
    /// The subtotal (before discount) must be at least this; 0 for none.
    #[serde(default)]
    pub min_spend: Fen,
    /// How many times it may be redeemed in all, if limited (`> 0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_limit: Option<u32>,
    /// How many times one member may redeem it, if limited (`> 0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_member_limit: Option<u32>,
    /// The product types it applies to; at least one.
    pub product_types: Vec<ProductType>,
}

/// A checked coupon. Deserialises from (and serialises to) [`CouponSpec`] JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CouponSpec", into = "CouponSpec")]
pub struct Coupon {
    spec: CouponSpec,
}

/// What is wrong with a coupon's configuration.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CouponError {
    /// Empty or blank code.
    #[error("code: must not be blank")]
    BlankCode,
    /// A fixed discount of zero or less.
    #[error("discount.amount: {0} fen must be positive")]
    NonPositiveAmount(i64),
    /// A percentage outside `1..=100`.
    #[error("discount.percent_off: {0} is not within 1..=100")]
    PercentOutOfRange(u32),
    /// A cap of zero or less.
    #[error("discount.max_discount: {0} fen must be positive")]
    NonPositiveCap(i64),
    /// A window that ends before it starts.
    #[error("valid_until: must be after valid_from")]
    EmptyWindow,
    /// A negative minimum spend.
    #[error("min_spend: {0} fen is negative")]
    NegativeMinSpend(i64),
    /// A usage limit of zero, which would make the coupon useless.
    #[error("{0}: must be at least 1 when set")]
    ZeroLimit(&'static str),
    /// No product types.
    #[error("product_types: at least one product type is required")]
    NoProductTypes,
}

/// How often a coupon has been redeemed, as counted by the service (paid or pending orders).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouponUsage {
    /// Redemptions by everyone.
    pub total: u32,
    /// Redemptions by the member asking for the quote.
    pub by_member: u32,
}

/// Why a well-formed coupon cannot be used for a purchase. These are ordinary outcomes a
/// member can cause; the service shows the message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CouponRejection {
    /// Before `valid_from`.
    #[error("not valid before {0}")]
    NotYetValid(DateTime<Utc>),
    /// At or after `valid_until`.
    #[error("expired at {0}")]
    Expired(DateTime<Utc>),
    /// The product type is not covered.
    #[error("does not apply to {0} products")]
    WrongProductType(ProductType),
    /// The subtotal is below the minimum spend.
    #[error("minimum spend is {min_spend} fen but the subtotal is {subtotal} fen")]
    BelowMinimumSpend {
        /// The coupon's minimum.
        min_spend: i64,
        /// The purchase's subtotal.
        subtotal: i64,
    },
    /// Redeemed `limit` times already.
    #[error("all {0} redemptions are used")]
    TotalLimitReached(u32),
    /// This member redeemed it `limit` times already.
    #[error("this member has used it the maximum {0} times")]
    MemberLimitReached(u32),
}

impl Coupon {
    /// Checks a spec.
    pub fn new(spec: CouponSpec) -> Result<Coupon, CouponError> {
        if spec.code.trim().is_empty() {
            return Err(CouponError::BlankCode);
        }
        match spec.discount {
            CouponDiscount::Fixed { amount } if amount.get() <= 0 => {
                return Err(CouponError::NonPositiveAmount(amount.get()));
            }
            CouponDiscount::Percent { percent_off, .. } if !(1..=100).contains(&percent_off) => {
                return Err(CouponError::PercentOutOfRange(percent_off));
            }
            CouponDiscount::Percent {
                max_discount: Some(cap),
                ..
            } if cap.get() <= 0 => {
                return Err(CouponError::NonPositiveCap(cap.get()));
            }
            _ => {}
        }
        if spec.valid_until <= spec.valid_from {
            return Err(CouponError::EmptyWindow);
        }
        if spec.min_spend.is_negative() {
            return Err(CouponError::NegativeMinSpend(spec.min_spend.get()));
        }
        if spec.total_limit == Some(0) {
            return Err(CouponError::ZeroLimit("total_limit"));
        }
        if spec.per_member_limit == Some(0) {
            return Err(CouponError::ZeroLimit("per_member_limit"));
        }
        if spec.product_types.is_empty() {
            return Err(CouponError::NoProductTypes);
        }
        Ok(Coupon { spec })
    }

    /// The checked spec.
    pub fn spec(&self) -> &CouponSpec {
        &self.spec
    }

    /// The code.
    pub fn code(&self) -> &str {
        &self.spec.code
    }

    /// Whether the coupon may be used on a `product_type` purchase with this `subtotal`,
    /// given its `usage` so far, at `now`. Checks run in the order listed in
    /// `docs/pricing.md`, so the member sees the most fundamental reason first.
    pub fn check_applicable(
        &self,
        product_type: ProductType,
        subtotal: Fen,
        usage: &CouponUsage,
        now: DateTime<Utc>,
    ) -> Result<(), CouponRejection> {
        let s = &self.spec;
        if now < s.valid_from {
            return Err(CouponRejection::NotYetValid(s.valid_from));
        }
        if now >= s.valid_until {
            return Err(CouponRejection::Expired(s.valid_until));
        }
        if !s.product_types.contains(&product_type) {
            return Err(CouponRejection::WrongProductType(product_type));
        }
        if subtotal < s.min_spend {
            return Err(CouponRejection::BelowMinimumSpend {
                min_spend: s.min_spend.get(),
                subtotal: subtotal.get(),
            });
        }
        if let Some(limit) = s.total_limit {
            if usage.total >= limit {
                return Err(CouponRejection::TotalLimitReached(limit));
            }
        }
        if let Some(limit) = s.per_member_limit {
            if usage.by_member >= limit {
                return Err(CouponRejection::MemberLimitReached(limit));
            }
        }
        Ok(())
    }

    /// The amount taken off `subtotal`: never negative and never more than `subtotal`, so
    /// the total floors at zero. Percentages round half up to the fen (see
    /// `docs/pricing.md`), then the cap applies.
    pub fn discount_for(&self, subtotal: Fen) -> Result<Fen, PricingError> {
        if subtotal.is_negative() {
            return Err(PricingError::NegativeAmount {
                what: "subtotal",
                amount: subtotal.get(),
            });
        }
        let raw = match self.spec.discount {
            CouponDiscount::Fixed { amount } => amount,
            CouponDiscount::Percent {
                percent_off,
                max_discount,
            } => {
                let off = percent_of_half_up(subtotal, percent_off)?;
                max_discount.map_or(off, |cap| off.min(cap))
            }
        };
        Ok(raw.min(subtotal))
    }
}

impl TryFrom<CouponSpec> for Coupon {
    type Error = CouponError;

    fn try_from(spec: CouponSpec) -> Result<Self, Self::Error> {
        Coupon::new(spec)
    }
}

impl From<Coupon> for CouponSpec {
    fn from(c: Coupon) -> Self {
        c.spec
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn spec(discount: CouponDiscount) -> CouponSpec {
        CouponSpec {
            code: "SPRING".into(),
            discount,
            valid_from: Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
            valid_until: Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap(),
            min_spend: Fen(10000),
            total_limit: Some(100),
            per_member_limit: Some(1),
            product_types: vec![ProductType::Course],
        }
    }

    fn percent(p: u32) -> Coupon {
        Coupon::new(spec(CouponDiscount::Percent {
            percent_off: p,
            max_discount: None,
        }))
        .unwrap()
    }

    #[test]
    fn percentage_rounds_half_up_to_the_fen() {
        // 15% of 333 fen is 49.95 fen: rounds up to 50.
        assert_eq!(percent(15).discount_for(Fen(333)).unwrap(), Fen(50));
        // 15% of 330 fen is 49.5 fen: a half rounds up, to 50.
        assert_eq!(percent(15).discount_for(Fen(330)).unwrap(), Fen(50));
        // 15% of 323 fen is 48.45 fen: rounds down to 48.
        assert_eq!(percent(15).discount_for(Fen(323)).unwrap(), Fen(48));
        assert_eq!(
            percent(100).discount_for(Fen(i64::MAX)).unwrap(),
            Fen(i64::MAX)
        );
        assert_eq!(percent(1).discount_for(Fen(0)).unwrap(), Fen(0));
    }

    #[test]
    fn discount_is_capped_and_never_exceeds_the_subtotal() {
        let capped = Coupon::new(spec(CouponDiscount::Percent {
            percent_off: 50,
            max_discount: Some(Fen(5000)),
        }))
        .unwrap();
        assert_eq!(capped.discount_for(Fen(30000)).unwrap(), Fen(5000));
        let fixed = Coupon::new(spec(CouponDiscount::Fixed { amount: Fen(50000) })).unwrap();
        assert_eq!(fixed.discount_for(Fen(30000)).unwrap(), Fen(30000));
        assert!(fixed.discount_for(Fen(-1)).is_err());
    }

    #[test]
    fn applicability_checks_window_type_spend_and_limits() {
        let c = percent(10);
        let at = |m, d| Utc.with_ymd_and_hms(2026, m, d, 0, 0, 0).unwrap();
        let fresh = CouponUsage::default();
        let ok = |sub| c.check_applicable(ProductType::Course, Fen(sub), &fresh, at(4, 1));
        assert_eq!(ok(10000), Ok(()));
        assert!(matches!(
            ok(9999),
            Err(CouponRejection::BelowMinimumSpend { .. })
        ));
        assert!(matches!(
            c.check_applicable(ProductType::Course, Fen(10000), &fresh, at(2, 28)),
            Err(CouponRejection::NotYetValid(_))
        ));
        // valid_until is exclusive.
        assert!(matches!(
            c.check_applicable(ProductType::Course, Fen(10000), &fresh, at(6, 1)),
            Err(CouponRejection::Expired(_))
        ));
        assert_eq!(
            c.check_applicable(ProductType::Activity, Fen(10000), &fresh, at(4, 1)),
            Err(CouponRejection::WrongProductType(ProductType::Activity))
        );
        let used = CouponUsage {
            total: 100,
            by_member: 0,
        };
        assert_eq!(
            c.check_applicable(ProductType::Course, Fen(10000), &used, at(4, 1)),
            Err(CouponRejection::TotalLimitReached(100))
        );
        let mine = CouponUsage {
            total: 5,
            by_member: 1,
        };
        assert_eq!(
            c.check_applicable(ProductType::Course, Fen(10000), &mine, at(4, 1)),
            Err(CouponRejection::MemberLimitReached(1))
        );
    }

    #[test]
    fn malformed_coupons_are_rejected() {
        let bad = |f: fn(&mut CouponSpec)| {
            let mut s = spec(CouponDiscount::Fixed { amount: Fen(100) });
            f(&mut s);
            Coupon::new(s).unwrap_err()
        };
        assert_eq!(bad(|s| s.code = "  ".into()), CouponError::BlankCode);
        assert_eq!(
            bad(|s| s.discount = CouponDiscount::Fixed { amount: Fen(0) }),
            CouponError::NonPositiveAmount(0)
        );
        assert_eq!(
            bad(|s| s.discount = CouponDiscount::Percent {
                percent_off: 101,
                max_discount: None
            }),
            CouponError::PercentOutOfRange(101)
        );
        assert_eq!(
            bad(|s| s.valid_until = s.valid_from),
            CouponError::EmptyWindow
        );
        assert_eq!(
            bad(|s| s.total_limit = Some(0)),
            CouponError::ZeroLimit("total_limit")
        );
        assert_eq!(
            bad(|s| s.product_types.clear()),
            CouponError::NoProductTypes
        );
        let json = serde_json::json!({
            "code": "X", "discount": {"kind": "percent", "percent_off": 0},
            "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2026-02-01T00:00:00Z",
            "product_types": ["course"]
        });
        assert!(serde_json::from_value::<Coupon>(json).is_err());
    }
}
