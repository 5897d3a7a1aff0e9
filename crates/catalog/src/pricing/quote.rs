//! Putting it together: a priced, itemised quote.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::{Fen, ProductType, RiderLevel};

use super::{Coupon, CouponUsage, PriceBasis, PriceList, PricingError, QuantityTier, split_evenly};

/// What the member wants to buy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteRequest {
    /// The product's type (decides coupon applicability).
    pub product_type: ProductType,
    /// Lessons, packages or tickets; at least 1. Decides the quantity tier.
    pub quantity: u32,
    /// Riders sharing the purchase (group lessons); at least 1, defaults to 1.
    #[serde(default = "one")]
    pub riders: u32,
    /// The level charged for; `None` means no level surcharge.
    #[serde(default)]
    pub rider_level: Option<RiderLevel>,
    /// When the lesson starts, for peak pricing; `None` (packages, open bookings) is off-peak.
    #[serde(default)]
    pub starts_at: Option<DateTime<Utc>>,
}

fn one() -> u32 {
    1
}

/// The quantity tier a quote used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppliedTier {
    /// The tier's minimum quantity.
    pub min_quantity: u32,
    /// The tier's unit price.
    pub unit_price: Fen,
}

impl From<QuantityTier> for AppliedTier {
    fn from(t: QuantityTier) -> Self {
        AppliedTier {
            min_quantity: t.min_quantity,
            unit_price: t.unit_price,
        }
    }
}

/// What a line of a quote is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LineKind {
    /// The tier price.
    Base,
    /// The rider-level surcharge.
    LevelSurcharge,
    /// The peak surcharge.
    PeakSurcharge,
    /// The coupon discount (a negative amount).
    CouponDiscount,
}

/// One line of a quote: `amount = unit_price × units`, except the discount line, whose
/// `units` is 1 and whose amounts are negative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineItem {
    /// What it is for.
    pub kind: LineKind,
    /// Price per unit.
    pub unit_price: Fen,
    /// Billable units: `quantity × riders` per rider, `quantity` per lesson.
    pub units: u32,
    /// The line's amount.
    pub amount: Fen,
}

/// An itemised price. Invariants (tested): `total` is the sum of `lines` amounts,
/// `total = subtotal - discount >= 0`, and `per_rider` sums to `total`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    /// The product type quoted.
    pub product_type: ProductType,
    /// Lessons, packages or tickets.
    pub quantity: u32,
    /// Riders sharing.
    pub riders: u32,
    /// Whether prices were per rider or per lesson.
    pub basis: PriceBasis,
    /// The quantity tier applied.
    pub tier: AppliedTier,
    /// The level charged for, if any.
    pub rider_level: Option<RiderLevel>,
    /// Whether the peak surcharge applied.
    pub peak: bool,
    /// The lines, base first, discount last.
    pub lines: Vec<LineItem>,
    /// The sum before discount.
    pub subtotal: Fen,
    /// The amount the coupon took off (`>= 0`).
    pub discount: Fen,
    /// The coupon applied, if any.
    pub coupon_code: Option<String>,
    /// What the member pays.
    pub total: Fen,
    /// Each rider's share of `total`, in the order riders were given; see [`split_evenly`].
    pub per_rider: Vec<Fen>,
}

/// Prices `request` against `prices`, applying `coupon` if given.
///
/// `usage` is how often the coupon was redeemed so far (ignored without a coupon); `now`
/// decides the coupon's validity; `club_tz` decides what local time `starts_at` is for
/// peak windows. Errors on zero quantity or riders, on overflow, and on a coupon that
/// does not apply ([`PricingError::CouponNotApplicable`], with the reason); a price
/// calculator that wants the undiscounted price anyway quotes again without the coupon.
pub fn quote(
    prices: &PriceList,
    request: &QuoteRequest,
    coupon: Option<&Coupon>,
    usage: &CouponUsage,
    now: DateTime<Utc>,
    club_tz: Tz,
) -> Result<Quote, PricingError> {
    if request.quantity == 0 {
        return Err(PricingError::ZeroQuantity);
    }
    // Checked before any arithmetic so the split below cannot fail for these reasons.
    if request.riders == 0 {
        return Err(PricingError::ZeroRiders);
    }
    if request.riders > super::MAX_RIDERS {
        return Err(PricingError::TooManyRiders {
            riders: request.riders,
            max: super::MAX_RIDERS,
        });
    }

    let units = match prices.basis() {
        PriceBasis::PerRider => {
            request
                .quantity
                .checked_mul(request.riders)
                .ok_or(PricingError::Overflow {
                    what: "units (quantity × riders)",
                })?
        }
        PriceBasis::PerLesson => request.quantity,
    };
    let tier = prices.tier_for(request.quantity);
    let peak = request
        .starts_at
        .and_then(|at| prices.peak_surcharge(at, club_tz));

    let mut lines = Vec::with_capacity(4);
    let mut push = |kind, unit_price: Fen, what| -> Result<(), PricingError> {
        let amount = unit_price
            .checked_mul(units)
            .ok_or(PricingError::Overflow { what })?;
        lines.push(LineItem {
            kind,
            unit_price,
            units,
            amount,
        });
        Ok(())
    };
    push(LineKind::Base, tier.unit_price, "base amount")?;
    let level = prices.level_surcharge(request.rider_level);
    if level > Fen::ZERO {
        push(LineKind::LevelSurcharge, level, "level surcharge")?;
    }
    if let Some(surcharge) = peak.filter(|s| *s > Fen::ZERO) {
        push(LineKind::PeakSurcharge, surcharge, "peak surcharge")?;
    }
    let subtotal = sum(&lines)?;

    let (discount, coupon_code) = match coupon {
        None => (Fen::ZERO, None),
        Some(c) => {
            c.check_applicable(request.product_type, subtotal, usage, now)
                .map_err(|reason| PricingError::CouponNotApplicable {
                    code: c.code().to_owned(),
                    reason,
                })?;
            let discount = c.discount_for(subtotal)?;
            // `discount_for` returns `0..=subtotal`, so negating cannot overflow.
            let negative = Fen(-discount.get());
            lines.push(LineItem {
                kind: LineKind::CouponDiscount,
                unit_price: negative,
                units: 1,
                amount: negative,
            });
            (discount, Some(c.code().to_owned()))
        }
    };
    let total = sum(&lines)?;
    let per_rider = split_evenly(total, request.riders)?;

    Ok(Quote {
        product_type: request.product_type,
        quantity: request.quantity,
        riders: request.riders,
        basis: prices.basis(),
        tier: tier.into(),
        rider_level: request.rider_level,
        peak: peak.is_some(),
        lines,
        subtotal,
        discount,
        coupon_code,
        total,
        per_rider,
    })
}

fn sum(lines: &[LineItem]) -> Result<Fen, PricingError> {
    lines.iter().try_fold(Fen::ZERO, |acc, l| {
        acc.checked_add(l.amount)
            .ok_or(PricingError::Overflow { what: "subtotal" })
    })
}
