//! Invariants over generated inputs.

use chrono::{DateTime, TimeZone, Utc};
use paddock_catalog::pricing::{
    CouponDiscount, CouponSpec, PriceBasis, PriceListSpec, QuantityTier,
};
use paddock_catalog::{
    Coupon, CouponUsage, Fen, PriceList, ProductType, QuoteRequest, RiderLevel, quote,
    split_evenly, validate,
};
use proptest::prelude::*;
use serde_json::Value;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap()
}

/// Amounts up to ¥10,000,000, the form's cap, so realistic quotes never overflow.
fn price() -> impl Strategy<Value = i64> {
    0i64..=1_000_000_000
}

fn price_list() -> impl Strategy<Value = PriceList> {
    (
        prop::bool::ANY,
        prop::collection::btree_set(2u32..100, 0..4),
        prop::collection::vec(price(), 4),
        0i64..50_000,
    )
        .prop_map(|(per_lesson, mins, prices, surcharge)| {
            let mut tiers = vec![QuantityTier {
                min_quantity: 1,
                unit_price: Fen(prices[0]),
            }];
            tiers.extend(
                mins.into_iter()
                    .zip(&prices[1..])
                    .map(|(m, p)| QuantityTier {
                        min_quantity: m,
                        unit_price: Fen(*p),
                    }),
            );
            PriceList::new(PriceListSpec {
                basis: if per_lesson {
                    PriceBasis::PerLesson
                } else {
                    PriceBasis::PerRider
                },
                tiers,
                level_surcharges: vec![paddock_catalog::pricing::LevelSurcharge {
                    level: RiderLevel::Advanced,
                    amount: Fen(surcharge),
                }],
                peak: None,
            })
            .expect("generated lists are valid")
        })
}

fn coupon() -> impl Strategy<Value = Coupon> {
    let discount = prop_oneof![
        (1i64..2_000_000_000).prop_map(|a| CouponDiscount::Fixed { amount: Fen(a) }),
        (1u32..=100, prop::option::of(1i64..1_000_000)).prop_map(|(p, cap)| {
            CouponDiscount::Percent {
                percent_off: p,
                max_discount: cap.map(Fen),
            }
        }),
    ];
    discount.prop_map(|discount| {
        Coupon::new(CouponSpec {
            code: "P".into(),
            discount,
            valid_from: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            valid_until: Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
            min_spend: Fen(0),
            total_limit: None,
            per_member_limit: None,
            product_types: ProductType::ALL.to_vec(),
        })
        .expect("generated coupons are valid")
    })
}

proptest! {
    #[test]
    fn split_sums_exactly_and_is_fair(total in 0i64..=i64::MAX, riders in 1u32..=1000) {
        let shares = split_evenly(Fen(total), riders).unwrap();
        prop_assert_eq!(shares.len(), riders as usize);
        let sum: i128 = shares.iter().map(|s| i128::from(s.get())).sum();
        prop_assert_eq!(sum, i128::from(total));
        let max = shares.iter().max().unwrap().get();
        let min = shares.iter().min().unwrap().get();
        prop_assert!(max - min <= 1);
        // Larger shares come first.
        prop_assert!(shares.windows(2).all(|w| w[0] >= w[1]));
    }

    #[test]
    fn quote_invariants(
        list in price_list(),
        quantity in 1u32..200,
        riders in 1u32..20,
        advanced in prop::bool::ANY,
        coupon in prop::option::of(coupon()),
    ) {
        let request = QuoteRequest {
            product_type: ProductType::Course,
            quantity,
            riders,
            rider_level: advanced.then_some(RiderLevel::Advanced),
            starts_at: None,
        };
        let q = quote(&list, &request, coupon.as_ref(), &CouponUsage::default(), now(), chrono_tz::Asia::Shanghai).unwrap();
        let lines: i64 = q.lines.iter().map(|l| l.amount.get()).sum();
        prop_assert_eq!(lines, q.total.get());
        prop_assert!(q.total >= Fen(0));
        prop_assert!(q.discount >= Fen(0) && q.discount <= q.subtotal);
        prop_assert_eq!(q.subtotal.get() - q.discount.get(), q.total.get());
        prop_assert_eq!(q.per_rider.iter().map(|f| f.get()).sum::<i64>(), q.total.get());
        for l in &q.lines {
            prop_assert_eq!(i128::from(l.unit_price.get()) * i128::from(l.units), i128::from(l.amount.get()));
        }
        // The tier is the brute-force best: largest minimum not above the quantity.
        let best = list.spec().tiers.iter().filter(|t| t.min_quantity <= quantity).max_by_key(|t| t.min_quantity).unwrap();
        prop_assert_eq!(q.tier.unit_price, best.unit_price);
    }

    /// Percent discounts are the exact value rounded half up: `|100·d − s·p| <= 50`, and a
    /// tie (exactly 50) always rounds towards the member.
    #[test]
    fn percent_rounding_is_half_up(subtotal in 0i64..=i64::MAX, percent in 1u32..=100) {
        let c = Coupon::new(CouponSpec {
            code: "P".into(),
            discount: CouponDiscount::Percent { percent_off: percent, max_discount: None },
            valid_from: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            valid_until: Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
            min_spend: Fen(0),
            total_limit: None,
            per_member_limit: None,
            product_types: vec![ProductType::Course],
        }).unwrap();
        let d = c.discount_for(Fen(subtotal)).unwrap().get();
        let err = i128::from(d) * 100 - i128::from(subtotal) * i128::from(percent);
        prop_assert!(-50 < err && err <= 50, "discount {d} for {percent}% of {subtotal}");
    }

    /// Validation never panics, whatever JSON arrives.
    #[test]
    fn validate_never_panics(body in json_value(), t in prop::sample::select(ProductType::ALL.to_vec())) {
        let _ = validate(t, &body);
    }

    /// Near-valid bodies: known keys with arbitrary values.
    #[test]
    fn validate_never_panics_on_known_keys(
        values in prop::collection::vec(json_value(), 12),
        t in prop::sample::select(ProductType::ALL.to_vec()),
    ) {
        let form = paddock_catalog::form_definition(t);
        let body: serde_json::Map<String, Value> =
            form.fields.iter().zip(values).map(|(f, v)| (f.name.to_owned(), v)).collect();
        if let Ok(a) = validate(t, &Value::Object(body)) {
            prop_assert_eq!(validate(t, &a.to_json()).ok(), Some(a));
        }
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1000i64..1000).prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-z_]{0,12}".prop_map(Value::from),
        prop::sample::select(vec![
            "group",
            "private",
            "2026-05-01",
            "2026-05-01T09:00:00+08:00",
            "advanced",
            "indoor"
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[derive(Clone, Copy, Debug)]
enum StockOp {
    Reserve(u32),
    Release(u32),
    Commit(u32),
    Refund(u32),
    Restock(u32),
}

fn stock_op() -> impl Strategy<Value = StockOp> {
    let n = 0u32..8;
    prop_oneof![
        n.clone().prop_map(StockOp::Reserve),
        n.clone().prop_map(StockOp::Release),
        n.clone().prop_map(StockOp::Commit),
        n.clone().prop_map(StockOp::Refund),
        n.prop_map(StockOp::Restock),
    ]
}

proptest! {
    /// Any sequence of operations keeps `reserved + sold <= total`; a refused operation
    /// changes nothing, and an accepted one moves exactly `n` units.
    #[test]
    fn stock_never_goes_negative(total in 0u32..20, ops in prop::collection::vec(stock_op(), 0..40)) {
        let mut s = paddock_catalog::Stock::new(total);
        for op in ops {
            let before = s;
            let result = match op {
                StockOp::Reserve(n) => s.reserve(n),
                StockOp::Release(n) => s.release(n),
                StockOp::Commit(n) => s.commit(n),
                StockOp::Refund(n) => s.refund(n),
                StockOp::Restock(n) => s.restock(n),
            };
            if result.is_err() {
                prop_assert_eq!(s, before);
            }
            prop_assert!(s.reserved() + s.sold() <= s.total());
            prop_assert_eq!(s.available(), s.total() - s.reserved() - s.sold());
        }
    }
}
