//! Products: the dynamic form enforced on create and update, typed per-type rows, stock,
//! search and filters, images, quotes.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::{TestApp, error_fields};

both_databases!(
    course_lifecycle_with_form_validation,
    package_and_activity_with_stock,
    search_filters_and_paging,
    quotes_with_tiers_peak_and_split,
    image_upload_checks_type_and_size
);

pub fn private_course(name: &str) -> Value {
    json!({
        "product_type": "course", "name": name, "status": "on_sale",
        "attributes": {
            "lesson_format": "private", "duration_minutes": 45,
            "price_list": {"tiers": [{"min_quantity": 1, "unit_price": 48000},
                                     {"min_quantity": 10, "unit_price": 43000}],
                           "level_surcharges": [{"level": "advanced", "amount": 5000}],
                           "peak": {"surcharge": 6000, "windows": [
                               {"weekdays": ["Sat", "Sun"], "start": "09:00:00", "end": "17:00:00"}]}}
        }
    })
}

async fn course_lifecycle_with_form_validation(app: &TestApp) {
    let coach = app
        .create("/api/admin/coaches", json!({"name": "Li"}))
        .await;
    let mut body = private_course("Private lesson");
    body["coach_ids"] = json!([coach]);
    let (s, p) = app
        .post("/api/admin/products", Some(&app.admin), body.clone())
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    assert_eq!(p["price_fen"], 43000);
    assert_eq!(p["stock"], Value::Null);
    assert_eq!(p["coach_ids"], json!([coach]));
    assert_eq!(
        p["attributes"]["needs_school_horse"], true,
        "defaults are filled in"
    );
    let id = p["id"].as_i64().unwrap();

    let (s, b) = app
        .post("/api/admin/products", Some(&app.admin), body)
        .await;
    assert_eq!(
        (s, error_fields(&b)),
        (StatusCode::CONFLICT, vec!["name".to_owned()])
    );

    // The form decides: a private course may not have max_riders; a group one needs both.
    let (s, b) = app
        .post(
            "/api/admin/products",
            Some(&app.admin),
            json!({
            "product_type": "course", "name": "Broken",
            "attributes": {"lesson_format": "private", "max_riders": 3, "duration_minutes": 50,
                           "colour": "red"}}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let fields = error_fields(&b);
    for f in [
        "attributes.max_riders",
        "attributes.duration_minutes",
        "attributes.colour",
        "attributes.price_list",
    ] {
        assert!(fields.contains(&f.to_owned()), "{f} not in {fields:?}");
    }
    let (s, b) = app
        .post(
            "/api/admin/products",
            Some(&app.admin),
            json!({
            "product_type": "course", "name": "Group", "coach_ids": [999],
            "attributes": {"lesson_format": "group", "min_riders": 4, "max_riders": 2,
                           "price_list": {"tiers": [{"min_quantity": 1, "unit_price": 10000}]}}}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(
        error_fields(&b)
            .iter()
            .any(|f| f.starts_with("attributes.")),
        "{b}"
    );
    let (s, b) = app
        .post(
            "/api/admin/products",
            Some(&app.admin),
            json!({"product_type": "pony", "name": "X", "attributes": {}}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");

    // Partial update through the same form: switch to group, set riders.
    let (s, p) = app
        .patch(
            &format!("/api/admin/products/{id}"),
            Some(&app.admin),
            json!({
            "attributes": {"lesson_format": "group", "min_riders": 2, "max_riders": 4},
            "status": "off_sale", "coach_ids": []}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["attributes"]["max_riders"], 4);
    assert_eq!(
        (p["status"].as_str(), p["coach_ids"].clone()),
        (Some("off_sale"), json!([]))
    );
    let (s, b) = app
        .patch(
            &format!("/api/admin/products/{id}"),
            Some(&app.admin),
            json!({"attributes": {"max_riders": 1}}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let (s, _) = app
        .patch(
            &format!("/api/admin/products/{id}"),
            Some(&app.desk),
            json!({"name": "X"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app
        .patch("/api/admin/products/999", Some(&app.admin), json!({}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // The typed table follows the attributes (the database's own checks hold).
    let (fmt, max): (String, i64) = sqlx::query_as(
        "SELECT lesson_format, max_riders FROM product_courses WHERE product_id = $1",
    )
    .bind(id)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!((fmt.as_str(), max), ("group", 4));

    let (s, _) = app
        .delete(&format!("/api/admin/products/{id}"), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app
        .get(&format!("/api/admin/products/{id}"), Some(&app.coach))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

async fn package_and_activity_with_stock(app: &TestApp) {
    let course = app
        .create("/api/admin/products", private_course("Private"))
        .await;
    let (s, p) = app
        .post(
            "/api/admin/products",
            Some(&app.admin),
            json!({
            "product_type": "lesson_package", "name": "10 lessons", "status": "on_sale",
            "attributes": {"lesson_format": "private", "course_id": course, "lesson_count": 10,
                           "validity_days": 90, "price_fen": 420000, "stock": 5}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    assert_eq!(
        p["stock"],
        json!({"total": 5, "reserved": 0, "sold": 0, "available": 5})
    );
    let id = p["id"].as_i64().unwrap();
    let (s, b) = app
        .post(
            "/api/admin/products",
            Some(&app.admin),
            json!({
            "product_type": "lesson_package", "name": "Dangling",
            "attributes": {"lesson_format": "private", "course_id": 9999, "lesson_count": 10,
                           "validity_days": 90, "price_fen": 420000}}),
        )
        .await;
    assert_eq!(
        (s, error_fields(&b)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["attributes.course_id".to_owned()]
        )
    );

    // Stock cannot drop below what is reserved and sold.
    sqlx::query("UPDATE products SET stock_sold = 3 WHERE id = $1")
        .bind(id)
        .execute(app.db.pool())
        .await
        .unwrap();
    let (s, b) = app
        .patch(
            &format!("/api/admin/products/{id}"),
            Some(&app.admin),
            json!({"attributes": {"stock": 2}}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    let (s, p) = app
        .patch(
            &format!("/api/admin/products/{id}"),
            Some(&app.admin),
            json!({"attributes": {"stock": 8}}),
        )
        .await;
    assert_eq!(
        (s, p["stock"]["available"].as_i64()),
        (StatusCode::OK, Some(5))
    );
    // The database refuses an oversold stock even without the service.
    let oversell = sqlx::query("UPDATE products SET stock_sold = 9 WHERE id = $1")
        .bind(id)
        .execute(app.db.pool())
        .await;
    assert!(oversell.is_err());
    // A course referenced by a package cannot lose its typed row silently: deleting it
    // detaches the package (ON DELETE SET NULL).
    let (s, _) = app
        .delete(&format!("/api/admin/products/{course}"), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);

    let (s, a) = app
        .post(
            "/api/admin/products",
            Some(&app.admin),
            json!({
            "product_type": "activity", "name": "Trail ride", "status": "on_sale",
            "attributes": {"activity_kind": "trail_ride", "starts_at": "2027-04-10T09:00:00+08:00",
                           "ends_at": "2027-04-10T13:00:00+08:00", "place": "West Hills",
                           "capacity": 12, "price_fen": 68000, "refundable": true,
                           "refund_deadline_hours": 48}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    assert_eq!(a["stock"]["total"], 12);
    assert_eq!(a["attributes"]["refund_percent"], 100);
    let (starts,): (String,) =
        sqlx::query_as("SELECT starts_at FROM product_activities WHERE product_id = $1")
            .bind(a["id"].as_i64().unwrap())
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(starts, "2027-04-10T01:00:00.000Z");
    let (s, b) = app
        .post(
            "/api/admin/products",
            Some(&app.admin),
            json!({
            "product_type": "activity", "name": "Backwards",
            "attributes": {"activity_kind": "camp", "starts_at": "2027-04-10T09:00:00Z",
                           "ends_at": "2027-04-09T09:00:00Z", "place": "Here", "capacity": 1,
                           "price_fen": 0, "refundable": false}}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
}

async fn search_filters_and_paging(app: &TestApp) {
    for (name, price, status) in [
        ("Alpha course", 30000, "on_sale"),
        ("Beta course", 50000, "on_sale"),
        ("Gamma course", 70000, "draft"),
    ] {
        let mut b = private_course(name);
        b["status"] = json!(status);
        b["attributes"]["price_list"] =
            json!({"tiers": [{"min_quantity": 1, "unit_price": price}]});
        app.create("/api/admin/products", b).await;
    }
    let (s, page) = app
        .get(
            "/api/admin/products?per_page=2&sort=price_desc",
            Some(&app.coach),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert_eq!(
        (
            page["total"].as_i64(),
            page["items"].as_array().unwrap().len()
        ),
        (Some(3), 2)
    );
    assert_eq!(page["items"][0]["name"], "Gamma course");
    let (_, page) = app
        .get("/api/admin/products?q=BETA", Some(&app.coach))
        .await;
    assert_eq!(page["total"], 1);
    let (_, page) = app
        .get(
            "/api/admin/products?min_price_fen=40000&max_price_fen=60000",
            Some(&app.coach),
        )
        .await;
    assert_eq!(page["items"][0]["name"], "Beta course");
    let (_, page) = app
        .get(
            "/api/admin/products?status=draft&product_type=course",
            Some(&app.coach),
        )
        .await;
    assert_eq!(page["total"], 1);
    let (_, page) = app
        .get(
            "/api/admin/products?product_type=activity",
            Some(&app.coach),
        )
        .await;
    assert_eq!(page["total"], 0);
    // The public catalogue shows products on sale only.
    let (s, page) = app.get("/api/common/products?sort=price_asc", None).await;
    assert_eq!((s, page["total"].as_i64()), (StatusCode::OK, Some(2)));
    assert_eq!(page["items"][0]["name"], "Alpha course");
    let (s, b) = app
        .get(
            "/api/admin/products?sort=random&per_page=1000",
            Some(&app.coach),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&b), ["per_page", "sort"]);
    let (s, _) = app
        .get("/api/admin/products?product_type=pony", Some(&app.coach))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // Quotes, wildcards and SQL in the search text are just text.
    let (s, page) = app
        .get(
            "/api/common/products?q=%27%3B%20DROP%20TABLE%20products%3B--",
            None,
        )
        .await;
    assert_eq!((s, page["total"].as_i64()), (StatusCode::OK, Some(0)));
}

async fn quotes_with_tiers_peak_and_split(app: &TestApp) {
    let id = app
        .create("/api/admin/products", private_course("Private"))
        .await;
    let q = format!("/api/admin/products/{id}/quote");
    let (s, quote) = app.post(&q, Some(&app.desk), json!({"quantity": 10})).await;
    assert_eq!(s, StatusCode::OK, "{quote}");
    assert_eq!(quote["total"], 430000);
    // Saturday 10:00 in Shanghai is peak; an advanced rider pays the surcharge.
    let (_, quote) = app
        .post(
            &q,
            Some(&app.desk),
            json!({"starts_at": "2026-12-05T10:00:00+08:00", "rider_level": "advanced"}),
        )
        .await;
    assert_eq!(quote["total"], 48000 + 6000 + 5000, "{quote}");
    assert_eq!(quote["peak"], true);
    let (s, b) = app.post(&q, Some(&app.desk), json!({"quantity": 0})).await;
    assert_eq!(
        (s, error_fields(&b)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["quantity".to_owned()]
        )
    );
    let (s, b) = app
        .post(&q, Some(&app.desk), json!({"starts_at": "soon"}))
        .await;
    assert_eq!(
        (s, error_fields(&b)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["starts_at".to_owned()]
        )
    );
    let (s, b) = app
        .post(&q, Some(&app.desk), json!({"coupon_code": "NOPE"}))
        .await;
    assert_eq!(
        (s, error_fields(&b)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["coupon_code".to_owned()]
        )
    );

    // A group lesson priced per lesson is split exactly between riders.
    let group = app
        .create("/api/admin/products", json!({
            "product_type": "course", "name": "Group", "status": "on_sale",
            "attributes": {"lesson_format": "group", "min_riders": 2, "max_riders": 4,
                           "price_list": {"basis": "per_lesson", "tiers": [{"min_quantity": 1, "unit_price": 100000}]}}}))
        .await;
    let (s, quote) = app
        .post(
            "/api/mini/quote",
            Some(&app.member),
            json!({"product_id": group, "riders": 3}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{quote}");
    assert_eq!(quote["total"], 100000);
    let shares: i64 = quote["per_rider"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .sum();
    assert_eq!(shares, 100000);
    // Members quote only what is on sale.
    app.patch(
        &format!("/api/admin/products/{group}"),
        Some(&app.admin),
        json!({"status": "draft"}),
    )
    .await;
    let (s, _) = app
        .post(
            "/api/mini/quote",
            Some(&app.member),
            json!({"product_id": group}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

/// A multipart body with `bytes` as its field `file`, and its content type.
pub fn multipart(bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "XBOUNDARYX";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Uploads `bytes` as an image of product `id`.
pub async fn upload(app: &TestApp, id: i64, token: &str, bytes: &[u8]) -> (StatusCode, Value) {
    let (ct, body) = multipart(bytes);
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/admin/products/{id}/images"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, ct)
        .body(Body::from(body))
        .unwrap();
    app.send(req).await
}

async fn image_upload_checks_type_and_size(app: &TestApp) {
    let id = app
        .create("/api/admin/products", private_course("Pictured"))
        .await;
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&[0u8; 100]);
    let (s, p) = upload(app, id, &app.admin, &png).await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    let url = p["images"][0].as_str().unwrap().to_owned();
    let (s, _) = app.get(&url, None).await;
    assert_eq!(s, StatusCode::OK);

    // A script named .png is refused by its bytes.
    let (s, b) = upload(app, id, &app.admin, b"<script>alert(1)</script>").await;
    assert_eq!(
        (s, error_fields(&b)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["file".to_owned()])
    );
    // Too large (the test app allows 64 KiB).
    let mut big = b"\xFF\xD8\xFF".to_vec();
    big.resize(200 * 1024, 0);
    let (s, _) = upload(app, id, &app.admin, &big).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    let (s, _) = upload(app, id, &app.desk, &png).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = upload(app, 999, &app.admin, &png).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let name = url.rsplit('/').next().unwrap();
    let (s, p) = app
        .delete(
            &format!("/api/admin/products/{id}/images/{name}"),
            Some(&app.admin),
        )
        .await;
    assert_eq!((s, p["images"].clone()), (StatusCode::OK, json!([])));
    let (s, _) = app
        .get("/api/common/files/..%2F..%2Fetc%2Fpasswd", None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
