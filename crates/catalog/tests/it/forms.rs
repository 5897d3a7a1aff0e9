//! Form definitions as served, and validation as enforced.

use paddock_catalog::{
    FieldErrorCode, FieldErrors, ProductType, ValidatedAttributes, form_definition, validate,
    validate_update,
};
use serde_json::{Value, json};

fn price_list() -> Value {
    json!({"tiers": [{"min_quantity": 1, "unit_price": 30000}, {"min_quantity": 10, "unit_price": 28000}]})
}

fn course(extra: Value) -> Value {
    let mut body = json!({"lesson_format": "private", "price_list": price_list()});
    merge(&mut body, extra);
    body
}

fn activity(extra: Value) -> Value {
    let mut body = json!({
        "activity_kind": "trail_ride",
        "starts_at": "2026-05-01T09:00:00+08:00",
        "ends_at": "2026-05-01T17:00:00+08:00",
        "place": "  怀柔山区  ",
        "capacity": 12,
        "price_fen": 88000
    });
    merge(&mut body, extra);
    body
}

fn merge(body: &mut Value, extra: Value) {
    if let (Some(b), Value::Object(e)) = (body.as_object_mut(), extra) {
        for (k, v) in e {
            b.insert(k, v);
        }
    }
}

/// Validates and expects exactly the given `(field, code)` errors, in order.
fn check_errors(t: ProductType, body: Value, expected: &[(&str, FieldErrorCode)]) -> FieldErrors {
    let errors = validate(t, &body).expect_err("expected validation errors");
    let got: Vec<(&str, FieldErrorCode)> = errors
        .0
        .iter()
        .map(|e| (e.field.as_str(), e.code))
        .collect();
    assert_eq!(got, expected, "{errors}");
    for e in &errors.0 {
        assert!(
            e.message.starts_with(&format!("{}: ", e.field)),
            "message names the field: {}",
            e.message
        );
    }
    errors
}

fn check_ok(t: ProductType, body: Value) -> ValidatedAttributes {
    validate(t, &body).unwrap_or_else(|e| panic!("expected valid, got: {e}"))
}

#[test]
fn definitions_serialise_to_the_served_shape() {
    for t in ProductType::ALL {
        insta::assert_json_snapshot!(format!("form_{t}"), form_definition(t));
    }
    let v = serde_json::to_value(form_definition(ProductType::Course)).unwrap();
    assert_eq!(v["product_type"], "course");
    let max = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "max_riders")
        .unwrap();
    assert_eq!(max["kind"], json!({"type": "integer", "min": 2, "max": 20}));
    assert_eq!(
        max["visible_when"],
        json!({"op": "equals", "field": "lesson_format", "value": "group"})
    );
    assert_eq!(max["label"]["zh"], "最多人数");
}

#[test]
fn private_course_gets_defaults_and_no_group_fields() {
    let a = check_ok(ProductType::Course, course(json!({})));
    assert_eq!(a.product_type(), ProductType::Course);
    assert_eq!(a.choice("lesson_format"), Some("private"));
    assert_eq!(a.duration_minutes("duration_minutes"), Some(45));
    assert_eq!(a.boolean("needs_school_horse"), Some(true));
    assert_eq!(a.choices("arena_tags"), Some(&[][..]));
    assert_eq!(a.integer("max_riders"), None);
    assert_eq!(
        a.price_list("price_list")
            .map(|p| p.tier_for(12).unit_price.get()),
        Some(28000)
    );
}

#[test]
fn group_course_requires_rider_counts() {
    check_errors(
        ProductType::Course,
        course(json!({"lesson_format": "group"})),
        &[
            ("min_riders", FieldErrorCode::MissingRequired),
            ("max_riders", FieldErrorCode::MissingRequired),
        ],
    );
    let errors = check_errors(
        ProductType::Course,
        course(json!({"lesson_format": "group", "min_riders": 6, "max_riders": 4})),
        &[("max_riders", FieldErrorCode::RangeInverted)],
    );
    assert_eq!(
        errors.0[0].message,
        "max_riders: must not be less than min_riders"
    );
    let a = check_ok(
        ProductType::Course,
        course(json!({"lesson_format": "group", "min_riders": 2, "max_riders": 6})),
    );
    assert_eq!(a.integer("max_riders"), Some(6));
}

#[test]
fn private_course_refuses_group_fields() {
    let errors = check_errors(
        ProductType::Course,
        course(json!({"max_riders": 4})),
        &[("max_riders", FieldErrorCode::DependencyNotSatisfied)],
    );
    assert_eq!(
        errors.0[0].message,
        r#"max_riders: is only allowed when lesson_format is "group""#
    );
}

#[test]
fn every_kind_of_bad_value_is_named() {
    check_errors(
        ProductType::Course,
        course(json!({
            "colour": "bay",
            "lesson_format": "solo",
            "duration_minutes": 50,
            "min_age_years": 2.5,
            "arena_tags": ["indoor", "indoor"],
            "coach_qualifications": ["wizard"],
            "required_rider_level": "olympian",
            "needs_school_horse": "yes",
            "description": "x".repeat(2001),
            "price_list": {"tiers": []}
        })),
        &[
            ("colour", FieldErrorCode::UnknownField),
            ("lesson_format", FieldErrorCode::NotAnOption),
            ("duration_minutes", FieldErrorCode::NotAMultiple),
            ("required_rider_level", FieldErrorCode::NotAnOption),
            ("min_age_years", FieldErrorCode::WrongType),
            ("arena_tags", FieldErrorCode::DuplicateOption),
            ("coach_qualifications", FieldErrorCode::NotAnOption),
            ("needs_school_horse", FieldErrorCode::WrongType),
            ("price_list", FieldErrorCode::InvalidPriceList),
            ("description", FieldErrorCode::TooLong),
        ],
    );
}

#[test]
fn a_refused_controller_does_not_cascade() {
    // `lesson_format` is wrong, so whether `max_riders` belongs is unknown: only the
    // controller is reported, and `max_riders` is still type-checked.
    check_errors(
        ProductType::Course,
        course(json!({"lesson_format": 3, "max_riders": 99})),
        &[
            ("lesson_format", FieldErrorCode::WrongType),
            ("max_riders", FieldErrorCode::AboveMax),
        ],
    );
}

#[test]
fn ranges_and_limits() {
    check_errors(
        ProductType::Course,
        course(json!({"duration_minutes": 0})),
        &[("duration_minutes", FieldErrorCode::BelowMin)],
    );
    check_errors(
        ProductType::Course,
        course(json!({"duration_minutes": 255})),
        &[("duration_minutes", FieldErrorCode::AboveMax)],
    );
    check_errors(
        ProductType::Activity,
        activity(json!({"price_fen": -1})),
        &[("price_fen", FieldErrorCode::BelowMin)],
    );
    check_errors(
        ProductType::Activity,
        activity(json!({"place": "   "})),
        &[("place", FieldErrorCode::TooShort)],
    );
    check_errors(
        ProductType::Activity,
        activity(json!({"capacity": 0})),
        &[("capacity", FieldErrorCode::BelowMin)],
    );
    check_errors(
        ProductType::Course,
        course(
            json!({"arena_tags": ["indoor", "outdoor", "dressage", "jumping", "round_pen", "trail", "x"]}),
        ),
        &[("arena_tags", FieldErrorCode::NotAnOption)],
    );
}

#[test]
fn activity_dates_and_refund_rules() {
    let a = check_ok(ProductType::Activity, activity(json!({})));
    assert_eq!(a.text("place"), Some("怀柔山区"));
    assert_eq!(a.boolean("refundable"), Some(false));
    assert_eq!(a.integer("refund_percent"), None);
    assert_eq!(
        a.datetime("starts_at").unwrap().to_rfc3339(),
        "2026-05-01T01:00:00+00:00"
    );

    check_errors(
        ProductType::Activity,
        activity(json!({"refundable": true})),
        &[("refund_deadline_hours", FieldErrorCode::MissingRequired)],
    );
    let a = check_ok(
        ProductType::Activity,
        activity(json!({"refundable": true, "refund_deadline_hours": 48})),
    );
    assert_eq!(
        a.integer("refund_percent"),
        Some(100),
        "default applies once shown"
    );
    check_errors(
        ProductType::Activity,
        activity(json!({"refund_deadline_hours": 48, "refund_percent": 50})),
        &[
            (
                "refund_deadline_hours",
                FieldErrorCode::DependencyNotSatisfied,
            ),
            ("refund_percent", FieldErrorCode::DependencyNotSatisfied),
        ],
    );
    check_errors(
        ProductType::Activity,
        activity(json!({"ends_at": "2026-05-01T09:00:00+08:00"})),
        &[("ends_at", FieldErrorCode::RangeInverted)],
    );
    check_errors(
        ProductType::Activity,
        activity(json!({"signup_closes_at": "2026-05-02T00:00:00+08:00"})),
        &[("starts_at", FieldErrorCode::RangeInverted)],
    );
    check_errors(
        ProductType::Activity,
        activity(json!({"starts_at": "2026-05-01 09:00"})),
        &[("starts_at", FieldErrorCode::InvalidFormat)],
    );
}

#[test]
fn lesson_package() {
    let body = json!({"lesson_format": "group", "lesson_count": 10, "validity_days": 180, "price_fen": 280000, "sale_ends_on": "2026-12-31"});
    let a = check_ok(ProductType::LessonPackage, body);
    assert_eq!(a.choice("validity_starts"), Some("on_purchase"));
    assert_eq!(a.integer("stock"), None, "no stock means unlimited");
    assert_eq!(
        a.date("sale_ends_on").map(|d| d.to_string()),
        Some("2026-12-31".to_owned())
    );
    check_errors(
        ProductType::LessonPackage,
        json!({"lesson_format": "group", "lesson_count": 0, "validity_days": 180, "price_fen": 1, "sale_ends_on": "2026-02-30"}),
        &[
            ("lesson_count", FieldErrorCode::BelowMin),
            ("sale_ends_on", FieldErrorCode::InvalidFormat),
        ],
    );
}

#[test]
fn null_is_absent_and_non_objects_are_refused() {
    let a = check_ok(ProductType::Course, course(json!({"description": null})));
    assert_eq!(a.text("description"), None);
    for body in [json!(null), json!([]), json!("course")] {
        check_errors(
            ProductType::Course,
            body,
            &[("$", FieldErrorCode::NotAnObject)],
        );
    }
}

#[test]
fn normalised_output_validates_to_itself() {
    for (t, body) in [
        (
            ProductType::Course,
            course(
                json!({"lesson_format": "group", "min_riders": 2, "max_riders": 6, "arena_tags": ["jumping"]}),
            ),
        ),
        (
            ProductType::Activity,
            activity(json!({"refundable": true, "refund_deadline_hours": 24})),
        ),
    ] {
        let a = check_ok(t, body);
        let again = check_ok(t, a.to_json());
        assert_eq!(again, a);
    }
}

#[test]
fn update_merges_and_drops_stale_hidden_fields() {
    let stored = check_ok(
        ProductType::Course,
        course(json!({"lesson_format": "group", "min_riders": 2, "max_riders": 6})),
    )
    .to_json();

    // Switching to private drops the stored group fields instead of reporting them.
    let a = validate_update(
        ProductType::Course,
        &stored,
        &json!({"lesson_format": "private"}),
    )
    .unwrap();
    assert_eq!(a.integer("max_riders"), None);

    // Sending a hidden field in the patch itself is still an error.
    let e = validate_update(
        ProductType::Course,
        &stored,
        &json!({"lesson_format": "private", "max_riders": 3}),
    )
    .unwrap_err();
    assert_eq!(e.0[0].code, FieldErrorCode::DependencyNotSatisfied);

    // `null` removes; removing a required field is reported.
    let e =
        validate_update(ProductType::Course, &stored, &json!({"max_riders": null})).unwrap_err();
    assert_eq!(
        (e.0[0].field.as_str(), e.0[0].code),
        ("max_riders", FieldErrorCode::MissingRequired)
    );

    // A key stored under an older form is dropped; the same key sent now is unknown.
    let mut old = stored.clone();
    old["retired_field"] = json!(1);
    let a = validate_update(ProductType::Course, &old, &json!({})).unwrap();
    assert_eq!(a.get("retired_field"), None);
    let e =
        validate_update(ProductType::Course, &stored, &json!({"retired_field": 1})).unwrap_err();
    assert_eq!(e.0[0].code, FieldErrorCode::UnknownField);

    let e = validate_update(ProductType::Course, &stored, &json!(["nope"])).unwrap_err();
    assert_eq!(e.0[0].code, FieldErrorCode::NotAnObject);
}

#[test]
fn field_errors_serialise_as_a_list() {
    let e = validate(ProductType::Course, &json!({"lesson_format": "private"})).unwrap_err();
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        json!([{"field": "price_list", "code": "missing_required", "message": "price_list: is required"}])
    );
}

#[test]
fn typed_views_follow_the_form() {
    use paddock_catalog::forms::{LessonFormat, ProductAttributes, RefundPolicy, ValidityStart};

    let a = check_ok(ProductType::Course, course(json!({})));
    let ProductAttributes::Course(c) = a.typed() else {
        panic!("course expected")
    };
    assert_eq!(
        (c.lesson_format, c.min_riders, c.max_riders),
        (LessonFormat::Private, 1, 1)
    );
    assert_eq!(
        a.typed().price_list().unwrap().tier_for(1).unit_price.get(),
        30000
    );

    let a = check_ok(
        ProductType::Course,
        course(
            json!({"lesson_format": "group", "min_riders": 3, "max_riders": 8, "required_rider_level": "novice"}),
        ),
    );
    let ProductAttributes::Course(c) = a.typed() else {
        panic!("course expected")
    };
    assert_eq!((c.min_riders, c.max_riders), (3, 8));
    assert_eq!(
        c.required_rider_level,
        Some(paddock_catalog::RiderLevel::Novice)
    );

    let a = check_ok(
        ProductType::LessonPackage,
        json!({"lesson_format": "private", "lesson_count": 20, "validity_days": 365, "price_fen": 520000, "stock": 50, "validity_starts": "on_first_use"}),
    );
    let ProductAttributes::LessonPackage(p) = a.typed() else {
        panic!("package expected")
    };
    assert_eq!(
        (p.lesson_count, p.stock, p.validity_starts),
        (20, Some(50), ValidityStart::OnFirstUse)
    );
    assert_eq!(
        a.typed().price_list().unwrap().tier_for(3).unit_price.get(),
        520000
    );

    let a = check_ok(
        ProductType::Activity,
        activity(json!({"refundable": true, "refund_deadline_hours": 48, "refund_percent": 80})),
    );
    let ProductAttributes::Activity(x) = a.typed() else {
        panic!("activity expected")
    };
    assert_eq!(
        x.refund,
        Some(RefundPolicy {
            deadline_hours: 48,
            percent: 80
        })
    );
    assert_eq!(x.capacity, 12);
    let a = check_ok(ProductType::Activity, activity(json!({})));
    let ProductAttributes::Activity(x) = a.typed() else {
        panic!("activity expected")
    };
    assert_eq!(x.refund, None);
}

#[test]
fn refund_policy_deadline_and_rounding() {
    use chrono::{TimeZone, Utc};
    use paddock_catalog::Fen;
    use paddock_catalog::forms::RefundPolicy;

    let p = RefundPolicy {
        deadline_hours: 48,
        percent: 85,
    };
    let starts = Utc.with_ymd_and_hms(2026, 5, 3, 1, 0, 0).unwrap();
    let at = |d, h| Utc.with_ymd_and_hms(2026, 5, d, h, 0, 0).unwrap();
    // 85% of 8810 fen = 7488.5 fen: half up, to the member.
    assert_eq!(
        p.refund_for(Fen(8810), starts, at(1, 1)).unwrap(),
        Some(Fen(7489))
    );
    // The deadline instant itself still refunds; one hour later does not.
    assert_eq!(p.deadline(starts), at(1, 1));
    assert_eq!(p.refund_for(Fen(8810), starts, at(1, 2)).unwrap(), None);
    assert!(p.refund_for(Fen(-1), starts, at(1, 1)).is_err());
    let far = RefundPolicy {
        deadline_hours: u32::MAX,
        percent: 100,
    };
    assert_eq!(
        far.deadline(chrono::DateTime::<Utc>::MIN_UTC),
        chrono::DateTime::<Utc>::MIN_UTC
    );
}

#[test]
fn integers_too_large_for_i64_are_above_max_not_wrong_type() {
    check_errors(
        ProductType::Activity,
        activity(json!({"capacity": u64::MAX})),
        &[("capacity", FieldErrorCode::AboveMax)],
    );
    check_errors(
        ProductType::Activity,
        activity(json!({"capacity": 12.0})),
        &[("capacity", FieldErrorCode::WrongType)],
    );
}
