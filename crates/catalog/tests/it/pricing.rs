//! Quotes: tiers, surcharges, coupons and the split, end to end.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use paddock_catalog::pricing::{CouponRejection, LineKind, PriceBasis};
use paddock_catalog::{
    Coupon, CouponUsage, Fen, PriceList, PricingError, ProductType, Quote, QuoteRequest,
    RiderLevel, quote,
};
use serde_json::json;

const TZ: Tz = chrono_tz::Asia::Shanghai;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap()
}

fn prices(basis: &str) -> PriceList {
    serde_json::from_value(json!({
        "basis": basis,
        "tiers": [
            {"min_quantity": 1, "unit_price": 30000},
            {"min_quantity": 10, "unit_price": 28000},
            {"min_quantity": 20, "unit_price": 26000}
        ],
        "level_surcharges": [{"level": "advanced", "amount": 5000}],
        "peak": {"surcharge": 2000, "windows": [{"weekdays": ["Sat", "Sun"], "start": "09:00", "end": "12:00"}]}
    }))
    .unwrap()
}

fn coupon(discount: serde_json::Value) -> Coupon {
    serde_json::from_value(json!({
        "code": "SPRING",
        "discount": discount,
        "valid_from": "2026-03-01T00:00:00Z",
        "valid_until": "2026-06-01T00:00:00Z",
        "min_spend": 10000,
        "per_member_limit": 1,
        "product_types": ["course"]
    }))
    .unwrap()
}

fn request(quantity: u32, riders: u32) -> QuoteRequest {
    QuoteRequest {
        product_type: ProductType::Course,
        quantity,
        riders,
        rider_level: None,
        starts_at: None,
    }
}

fn q(list: &PriceList, r: &QuoteRequest, c: Option<&Coupon>) -> Result<Quote, PricingError> {
    quote(list, r, c, &CouponUsage::default(), now(), TZ)
}

fn kinds(quote: &Quote) -> Vec<(LineKind, i64)> {
    quote
        .lines
        .iter()
        .map(|l| (l.kind, l.amount.get()))
        .collect()
}

#[test]
fn single_private_lesson() {
    let out = q(&prices("per_rider"), &request(1, 1), None).unwrap();
    assert_eq!(kinds(&out), vec![(LineKind::Base, 30000)]);
    assert_eq!(
        (out.subtotal, out.discount, out.total),
        (Fen(30000), Fen(0), Fen(30000))
    );
    assert_eq!(out.per_rider, vec![Fen(30000)]);
    assert_eq!(out.tier.min_quantity, 1);
}

#[test]
fn ten_pack_uses_the_ten_tier() {
    let out = q(&prices("per_rider"), &request(10, 1), None).unwrap();
    assert_eq!(out.tier.unit_price, Fen(28000));
    assert_eq!(out.total, Fen(280000));
    let out = q(&prices("per_rider"), &request(25, 1), None).unwrap();
    assert_eq!(out.total, Fen(25 * 26000));
}

#[test]
fn level_and_peak_surcharges_are_separate_lines() {
    let mut r = request(1, 1);
    r.rider_level = Some(RiderLevel::Advanced);
    // Sunday 2026-04-05 10:00 in Shanghai.
    r.starts_at = Some(Utc.with_ymd_and_hms(2026, 4, 5, 2, 0, 0).unwrap());
    let out = q(&prices("per_rider"), &r, None).unwrap();
    assert!(out.peak);
    assert_eq!(
        kinds(&out),
        vec![
            (LineKind::Base, 30000),
            (LineKind::LevelSurcharge, 5000),
            (LineKind::PeakSurcharge, 2000)
        ]
    );
    assert_eq!(out.total, Fen(37000));

    // A novice has no surcharge listed; Sunday 14:00 is off-peak.
    r.rider_level = Some(RiderLevel::Novice);
    r.starts_at = Some(Utc.with_ymd_and_hms(2026, 4, 5, 6, 0, 0).unwrap());
    let out = q(&prices("per_rider"), &r, None).unwrap();
    assert!(!out.peak);
    assert_eq!(out.total, Fen(30000));
}

#[test]
fn group_lesson_price_is_split_exactly() {
    // Per lesson: 30000 fen for the whole lesson, shared by 7 riders: 4285.71... each.
    let out = q(&prices("per_lesson"), &request(1, 7), None).unwrap();
    assert_eq!(out.basis, PriceBasis::PerLesson);
    assert_eq!(out.total, Fen(30000));
    assert_eq!(
        out.per_rider,
        vec![
            Fen(4286),
            Fen(4286),
            Fen(4286),
            Fen(4286),
            Fen(4286),
            Fen(4285),
            Fen(4285)
        ]
    );
    assert_eq!(out.per_rider.iter().map(|f| f.get()).sum::<i64>(), 30000);

    // Per rider: each of 3 riders pays the unit price.
    let out = q(&prices("per_rider"), &request(1, 3), None).unwrap();
    assert_eq!(out.lines[0].units, 3);
    assert_eq!(out.total, Fen(90000));
    assert_eq!(out.per_rider, vec![Fen(30000); 3]);
}

#[test]
fn percentage_coupon_rounds_half_up_and_is_split_after() {
    // 15% of 30000 × 1 + level... keep it simple: 15% of 30000 = 4500 exactly.
    let c = coupon(json!({"kind": "percent", "percent_off": 15}));
    let out = q(&prices("per_lesson"), &request(1, 3), Some(&c)).unwrap();
    assert_eq!(out.discount, Fen(4500));
    assert_eq!(out.total, Fen(25500));
    assert_eq!(out.per_rider, vec![Fen(8500); 3]);
    assert_eq!(out.coupon_code.as_deref(), Some("SPRING"));
    assert_eq!(kinds(&out).last(), Some(&(LineKind::CouponDiscount, -4500)));

    // 15% of 10010 fen = 1501.5 fen: the half goes to the member (1502 off).
    let odd: PriceList = PriceList::flat(Fen(10010)).unwrap();
    let out = q(&odd, &request(1, 1), Some(&c)).unwrap();
    assert_eq!(out.discount, Fen(1502));
    assert_eq!(out.total, Fen(8508));
}

#[test]
fn fixed_coupon_larger_than_the_price_floors_at_zero() {
    let c = coupon(json!({"kind": "fixed", "amount": 999999}));
    let out = q(&prices("per_lesson"), &request(1, 2), Some(&c)).unwrap();
    assert_eq!(out.discount, Fen(30000));
    assert_eq!(out.total, Fen(0));
    assert_eq!(out.per_rider, vec![Fen(0), Fen(0)]);
}

#[test]
fn inapplicable_coupon_is_an_error_with_the_reason() {
    let c = coupon(json!({"kind": "fixed", "amount": 1000}));
    let used = CouponUsage {
        total: 3,
        by_member: 1,
    };
    let err = quote(
        &prices("per_rider"),
        &request(1, 1),
        Some(&c),
        &used,
        now(),
        TZ,
    )
    .unwrap_err();
    assert_eq!(
        err,
        PricingError::CouponNotApplicable {
            code: "SPRING".into(),
            reason: CouponRejection::MemberLimitReached(1)
        }
    );
    assert_eq!(
        err.to_string(),
        r#"coupon "SPRING" cannot be used: this member has used it the maximum 1 times"#
    );

    let mut r = request(1, 1);
    r.product_type = ProductType::Activity;
    let err = q(&prices("per_rider"), &r, Some(&c)).unwrap_err();
    assert!(matches!(
        err,
        PricingError::CouponNotApplicable {
            reason: CouponRejection::WrongProductType(_),
            ..
        }
    ));

    let cheap = PriceList::flat(Fen(9999)).unwrap();
    let err = q(&cheap, &request(1, 1), Some(&c)).unwrap_err();
    assert!(matches!(
        err,
        PricingError::CouponNotApplicable {
            reason: CouponRejection::BelowMinimumSpend { .. },
            ..
        }
    ));
}

#[test]
fn bad_requests_and_overflow_are_errors_not_panics() {
    let list = prices("per_rider");
    assert_eq!(
        q(&list, &request(0, 1), None),
        Err(PricingError::ZeroQuantity)
    );
    assert_eq!(
        q(&list, &request(1, 0), None),
        Err(PricingError::ZeroRiders)
    );
    assert!(matches!(
        q(&list, &request(1, 1001), None),
        Err(PricingError::TooManyRiders { .. })
    ));

    let huge = PriceList::flat(Fen(i64::MAX / 2)).unwrap();
    assert_eq!(
        q(&huge, &request(3, 1), None),
        Err(PricingError::Overflow {
            what: "base amount"
        })
    );
    // quantity × riders overflows u32 before any money is computed.
    assert_eq!(
        q(&list, &request(u32::MAX, 2), None),
        Err(PricingError::Overflow {
            what: "units (quantity × riders)"
        })
    );
    // Two lines that each fit but whose sum does not.
    let mut spec = PriceList::flat(Fen(i64::MAX - 1)).unwrap().spec().clone();
    spec.level_surcharges = vec![paddock_catalog::pricing::LevelSurcharge {
        level: RiderLevel::Expert,
        amount: Fen(10),
    }];
    let list = PriceList::new(spec).unwrap();
    let mut r = request(1, 1);
    r.rider_level = Some(RiderLevel::Expert);
    assert_eq!(
        q(&list, &r, None),
        Err(PricingError::Overflow { what: "subtotal" })
    );
}

#[test]
fn quote_request_and_quote_are_json() {
    let r: QuoteRequest =
        serde_json::from_value(json!({"product_type": "course", "quantity": 10})).unwrap();
    assert_eq!(r.riders, 1);
    let out = q(&prices("per_rider"), &r, None).unwrap();
    insta::assert_json_snapshot!("quote_ten_pack", out);
    let back: Quote = serde_json::from_value(serde_json::to_value(&out).unwrap()).unwrap();
    assert_eq!(back, out);
}
