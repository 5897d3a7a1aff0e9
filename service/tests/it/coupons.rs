//! Coupons: CRUD, validation through paddock-catalog, use in quotes with usage limits.

use axum::http::StatusCode;
use serde_json::json;

use crate::both_databases;
use crate::helpers::{TestApp, error_fields};

both_databases!(coupon_crud_and_quotes);

async fn coupon_crud_and_quotes(app: &TestApp) {
    let course = app
        .create(
            "/api/admin/products",
            crate::products::private_course("Private"),
        )
        .await;
    let body = json!({
        "code": "welcome20", "discount": {"kind": "percent", "percent_off": 20, "max_discount": 5000},
        "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2099-01-01T00:00:00Z",
        "min_spend_fen": 10000, "per_member_limit": 1, "product_types": ["course"]});
    let (s, c) = app
        .post("/api/admin/coupons", Some(&app.admin), body.clone())
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    assert_eq!(
        (c["code"].as_str(), c["used"].as_i64()),
        (Some("WELCOME20"), Some(0))
    );
    let id = c["id"].as_i64().unwrap();
    let (s, b) = app.post("/api/admin/coupons", Some(&app.admin), body).await;
    assert_eq!(
        (s, error_fields(&b)),
        (StatusCode::CONFLICT, vec!["code".to_owned()])
    );
    let (s, b) = app
        .post(
            "/api/admin/coupons",
            Some(&app.admin),
            json!({
            "code": "BAD", "discount": {"kind": "percent", "percent_off": 120},
            "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2099-01-01T00:00:00Z",
            "product_types": ["course"]}),
        )
        .await;
    assert_eq!(
        (s, error_fields(&b)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["discount.percent_off".to_owned()]
        )
    );
    let (s, b) = app
        .post(
            "/api/admin/coupons",
            Some(&app.admin),
            json!({
            "code": "", "discount": {"kind": "fixed", "amount": 100},
            "valid_from": "yesterday", "valid_until": "2099-01-01T00:00:00Z", "product_types": []}),
        )
        .await;
    assert_eq!(
        (s, error_fields(&b)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["code".to_owned(), "valid_from".to_owned()]
        )
    );
    let (s, _) = app
        .post("/api/admin/coupons", Some(&app.desk), json!({}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // 20 % of 48 000 is 9 600, capped at 5 000.
    let (s, q) = app
        .post(
            "/api/mini/quote",
            Some(&app.member),
            json!({"product_id": course, "coupon_code": "WELCOME20"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{q}");
    assert_eq!(
        (q["discount"].as_i64(), q["total"].as_i64()),
        (Some(5000), Some(43000))
    );

    // Once an order holds it, this member's limit is reached.
    sqlx::query(
        "INSERT INTO orders (order_no, member_id, status, subtotal_fen, discount_fen, total_fen, \
         coupon_id, created_at, updated_at) VALUES ($1, $2, 'paid', 48000, 5000, 43000, $3, $4, $5)",
    )
    .bind("T-1")
    .bind(app.member_id)
    .bind(id)
    .bind("2026-01-02T00:00:00.000Z")
    .bind("2026-01-02T00:00:00.000Z")
    .execute(app.db.pool())
    .await
    .unwrap();
    let (s, b) = app
        .post(
            "/api/mini/quote",
            Some(&app.member),
            json!({"product_id": course, "coupon_code": "welcome20"}),
        )
        .await;
    assert_eq!(
        (s, error_fields(&b)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["coupon_code".to_owned()]
        ),
        "{b}"
    );
    let (_, c) = app
        .get(&format!("/api/admin/coupons/{id}"), Some(&app.coach))
        .await;
    assert_eq!(c["used"], 1);
    // An order holding the coupon keeps it from being deleted.
    let (s, _) = app
        .delete(&format!("/api/admin/coupons/{id}"), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);

    let (s, c) = app
        .put(
            &format!("/api/admin/coupons/{id}"),
            Some(&app.admin),
            json!({
            "code": "WELCOME20", "discount": {"kind": "fixed", "amount": 1000},
            "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2099-01-01T00:00:00Z",
            "product_types": ["course", "activity"], "active": false}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["discount"], json!({"kind": "fixed", "amount": 1000}));
    let (s, list) = app.get("/api/admin/coupons", Some(&app.desk)).await;
    assert_eq!((s, list.as_array().unwrap().len()), (StatusCode::OK, 1));
    // Inactive coupons do not apply.
    let (s, _) = app
        .post(
            &format!("/api/admin/products/{course}/quote"),
            Some(&app.desk),
            json!({"coupon_code": "WELCOME20"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fresh = app
        .create(
            "/api/admin/coupons",
            json!({
            "code": "TEN", "discount": {"kind": "fixed", "amount": 1000},
            "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2099-01-01T00:00:00Z",
            "product_types": ["course"]}),
        )
        .await;
    let (s, _) = app
        .delete(&format!("/api/admin/coupons/{fresh}"), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
}
