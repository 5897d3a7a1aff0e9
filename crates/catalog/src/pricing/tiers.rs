//! Price lists: quantity tiers, rider-level surcharges and peak windows.

use chrono::{DateTime, Datelike, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::{Fen, RiderLevel};

/// What one unit of a tier's price buys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PriceBasis {
    /// The unit price is per rider per lesson (or per package, per ticket): the amount is
    /// `unit × quantity × riders`. The usual case, and what private lessons use.
    #[default]
    PerRider,
    /// The unit price is for the whole lesson, whoever rides in it: the amount is
    /// `unit × quantity` and the riders share it (a family hiring a coach for a small group).
    PerLesson,
}

/// The unit price from `min_quantity` units up (1 lesson, 10-pack, 20-pack...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuantityTier {
    /// The fewest units bought for this tier to apply.
    pub min_quantity: u32,
    /// The price of one unit in this tier.
    pub unit_price: Fen,
}

/// An extra charge per unit for riders of one level (e.g. jumping coaching for advanced riders).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevelSurcharge {
    /// The rider level charged.
    pub level: RiderLevel,
    /// The extra per unit, `>= 0`.
    pub amount: Fen,
}

/// A weekly peak window in the club's local time, half-open `[start, end)`.
///
/// Windows do not cross midnight; an evening-to-morning peak is two windows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeakWindow {
    /// The days it applies on (`"Sat"`, `"sun"`, `"Monday"`...).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub weekdays: Vec<Weekday>,
    /// Local start time, inclusive (`"09:00"`).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub start: NaiveTime,
    /// Local end time, exclusive (`"12:00"`).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub end: NaiveTime,
}

impl PeakWindow {
    /// Whether `at`, seen on the club's wall clock, falls in this window.
    pub fn contains(&self, at: DateTime<Utc>, club_tz: Tz) -> bool {
        let local = at.with_timezone(&club_tz);
        let t = local.time();
        self.weekdays.contains(&local.weekday()) && self.start <= t && t < self.end
    }
}

/// Peak surcharge and when it applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeakPricing {
    /// The extra per unit when a lesson starts inside any window, `>= 0`.
    pub surcharge: Fen,
    /// The windows; at least one.
    pub windows: Vec<PeakWindow>,
}

/// The unchecked, stored form of a [`PriceList`]; [`PriceList::new`] checks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceListSpec {
    /// What one unit buys; defaults to per rider.
    #[serde(default)]
    pub basis: PriceBasis,
    /// Quantity tiers; the first must start at 1 and `min_quantity` must strictly increase.
    pub tiers: Vec<QuantityTier>,
    /// Surcharges by rider level, at most one per level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub level_surcharges: Vec<LevelSurcharge>,
    /// Peak pricing, if the club has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak: Option<PeakPricing>,
}

/// A checked price list. Deserialises from (and serialises to) [`PriceListSpec`] JSON,
/// so a stored list that breaks the rules fails to load instead of mispricing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PriceListSpec", into = "PriceListSpec")]
pub struct PriceList {
    spec: PriceListSpec,
}

/// What is wrong with a price list.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PriceListError {
    /// No tiers at all.
    #[error("tiers: at least one tier is required")]
    NoTiers,
    /// The first tier does not start at one unit, so small purchases would have no price.
    #[error("tiers[0].min_quantity: must be 1, got {0}")]
    FirstTierNotOne(u32),
    /// Tiers out of order or repeated.
    #[error("tiers[{index}].min_quantity: {min_quantity} must be greater than the previous tier's")]
    TiersNotIncreasing {
        /// The offending tier.
        index: usize,
        /// Its `min_quantity`.
        min_quantity: u32,
    },
    /// A negative price or surcharge.
    #[error("{field}: {amount} fen is negative")]
    Negative {
        /// Which one, e.g. `tiers[2].unit_price`.
        field: String,
        /// The amount.
        amount: i64,
    },
    /// Two surcharges for one level.
    #[error("level_surcharges: level {0} appears twice")]
    DuplicateLevel(RiderLevel),
    /// A peak section without windows.
    #[error("peak.windows: at least one window is required")]
    NoPeakWindows,
    /// A window with no days.
    #[error("peak.windows[{0}].weekdays: at least one weekday is required")]
    NoWeekdays(usize),
    /// A window that ends before it starts (or crosses midnight).
    #[error("peak.windows[{0}]: start must be before end (split windows that cross midnight)")]
    EmptyWindow(usize),
}

impl PriceList {
    /// Checks a spec.
    pub fn new(spec: PriceListSpec) -> Result<PriceList, PriceListError> {
        let first = spec.tiers.first().ok_or(PriceListError::NoTiers)?;
        if first.min_quantity != 1 {
            return Err(PriceListError::FirstTierNotOne(first.min_quantity));
        }
        for (index, pair) in spec.tiers.windows(2).enumerate() {
            if pair[1].min_quantity <= pair[0].min_quantity {
                return Err(PriceListError::TiersNotIncreasing {
                    index: index + 1,
                    min_quantity: pair[1].min_quantity,
                });
            }
        }
        for (i, t) in spec.tiers.iter().enumerate() {
            non_negative(format!("tiers[{i}].unit_price"), t.unit_price)?;
        }
        for (i, s) in spec.level_surcharges.iter().enumerate() {
            non_negative(format!("level_surcharges[{i}].amount"), s.amount)?;
            if spec.level_surcharges[..i]
                .iter()
                .any(|o| o.level == s.level)
            {
                return Err(PriceListError::DuplicateLevel(s.level));
            }
        }
        if let Some(peak) = &spec.peak {
            non_negative("peak.surcharge".to_owned(), peak.surcharge)?;
            if peak.windows.is_empty() {
                return Err(PriceListError::NoPeakWindows);
            }
            for (i, w) in peak.windows.iter().enumerate() {
                if w.weekdays.is_empty() {
                    return Err(PriceListError::NoWeekdays(i));
                }
                if w.start >= w.end {
                    return Err(PriceListError::EmptyWindow(i));
                }
            }
        }
        Ok(PriceList { spec })
    }

    /// One price per unit, no tiers, surcharges or peaks (packages, activities).
    pub fn flat(unit_price: Fen) -> Result<PriceList, PriceListError> {
        PriceList::new(PriceListSpec {
            basis: PriceBasis::PerRider,
            tiers: vec![QuantityTier {
                min_quantity: 1,
                unit_price,
            }],
            level_surcharges: Vec::new(),
            peak: None,
        })
    }

    /// The checked spec.
    pub fn spec(&self) -> &PriceListSpec {
        &self.spec
    }

    /// What one unit buys.
    pub fn basis(&self) -> PriceBasis {
        self.spec.basis
    }

    /// The tier for `quantity` units: the one with the largest `min_quantity <= quantity`.
    /// `quantity` 0 gets the first tier; [`super::quote`] rejects it before asking.
    pub fn tier_for(&self, quantity: u32) -> QuantityTier {
        // `new` guarantees a first tier at 1 and increasing minimums, so the last tier
        // not above `quantity` is the best one.
        let tiers = &self.spec.tiers;
        let i = tiers.partition_point(|t| t.min_quantity <= quantity);
        tiers[i.saturating_sub(1)]
    }

    /// The surcharge per unit for `level`, zero if none is listed.
    pub fn level_surcharge(&self, level: Option<RiderLevel>) -> Fen {
        let Some(level) = level else { return Fen::ZERO };
        self.spec
            .level_surcharges
            .iter()
            .find(|s| s.level == level)
            .map_or(Fen::ZERO, |s| s.amount)
    }

    /// The peak surcharge per unit for a lesson starting at `starts_at`, if it is peak.
    pub fn peak_surcharge(&self, starts_at: DateTime<Utc>, club_tz: Tz) -> Option<Fen> {
        let peak = self.spec.peak.as_ref()?;
        peak.windows
            .iter()
            .any(|w| w.contains(starts_at, club_tz))
            .then_some(peak.surcharge)
    }
}

impl TryFrom<PriceListSpec> for PriceList {
    type Error = PriceListError;

    fn try_from(spec: PriceListSpec) -> Result<Self, Self::Error> {
        PriceList::new(spec)
    }
}

impl From<PriceList> for PriceListSpec {
    fn from(list: PriceList) -> Self {
        list.spec
    }
}

fn non_negative(field: String, amount: Fen) -> Result<(), PriceListError> {
    if amount.is_negative() {
        Err(PriceListError::Negative {
            field,
            amount: amount.get(),
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    fn list() -> PriceList {
        serde_json::from_value(json!({
            "tiers": [
                {"min_quantity": 1, "unit_price": 30000},
                {"min_quantity": 10, "unit_price": 28000},
                {"min_quantity": 20, "unit_price": 26000}
            ],
            "level_surcharges": [{"level": "advanced", "amount": 5000}],
            "peak": {"surcharge": 2000, "windows": [
                {"weekdays": ["Sat", "sun"], "start": "09:00", "end": "12:00"}
            ]}
        }))
        .unwrap()
    }

    #[test]
    fn tier_is_the_largest_minimum_not_above_quantity() {
        let l = list();
        assert_eq!(l.tier_for(1).unit_price, Fen(30000));
        assert_eq!(l.tier_for(9).unit_price, Fen(30000));
        assert_eq!(l.tier_for(10).unit_price, Fen(28000));
        assert_eq!(l.tier_for(19).unit_price, Fen(28000));
        assert_eq!(l.tier_for(u32::MAX).unit_price, Fen(26000));
    }

    #[test]
    fn peak_is_judged_on_the_club_wall_clock() {
        let l = list();
        let tz = chrono_tz::Asia::Shanghai;
        // Saturday 2026-05-02 09:00 in Shanghai is 01:00 UTC.
        let sat_9 = Utc.with_ymd_and_hms(2026, 5, 2, 1, 0, 0).unwrap();
        assert_eq!(l.peak_surcharge(sat_9, tz), Some(Fen(2000)));
        // 12:00 local is the exclusive end.
        let sat_12 = Utc.with_ymd_and_hms(2026, 5, 2, 4, 0, 0).unwrap();
        assert_eq!(l.peak_surcharge(sat_12, tz), None);
        // Friday 2026-05-01 20:00 UTC is already Saturday 04:00 in Shanghai: outside hours.
        let fri_utc = Utc.with_ymd_and_hms(2026, 5, 1, 20, 0, 0).unwrap();
        assert_eq!(l.peak_surcharge(fri_utc, tz), None);
        // Friday 2026-05-01 09:30 local (01:30 UTC) is a weekday: not peak.
        let fri = Utc.with_ymd_and_hms(2026, 5, 1, 1, 30, 0).unwrap();
        assert_eq!(l.peak_surcharge(fri, tz), None);
    }

    #[test]
    fn malformed_lists_are_rejected_with_the_field() {
        let tier = |q, p| QuantityTier {
            min_quantity: q,
            unit_price: Fen(p),
        };
        let spec = |tiers| PriceListSpec {
            basis: PriceBasis::PerRider,
            tiers,
            level_surcharges: vec![],
            peak: None,
        };
        assert_eq!(PriceList::new(spec(vec![])), Err(PriceListError::NoTiers));
        assert_eq!(
            PriceList::new(spec(vec![tier(2, 1)])),
            Err(PriceListError::FirstTierNotOne(2))
        );
        assert_eq!(
            PriceList::new(spec(vec![tier(1, 1), tier(10, 1), tier(10, 1)])),
            Err(PriceListError::TiersNotIncreasing {
                index: 2,
                min_quantity: 10
            })
        );
        let err = PriceList::new(spec(vec![tier(1, -1)])).unwrap_err();
        assert_eq!(err.to_string(), "tiers[0].unit_price: -1 fen is negative");
        let mut s = spec(vec![tier(1, 1)]);
        s.peak = Some(PeakPricing {
            surcharge: Fen(1),
            windows: vec![PeakWindow {
                weekdays: vec![Weekday::Mon],
                start: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
                end: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            }],
        });
        assert_eq!(PriceList::new(s), Err(PriceListError::EmptyWindow(0)));
    }

    #[test]
    fn round_trips_through_json() {
        let l = list();
        let back: PriceList = serde_json::from_value(serde_json::to_value(&l).unwrap()).unwrap();
        assert_eq!(back, l);
    }
}
