//! Health, readiness, the OpenAPI document, and errors every route shares.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{TestApp, error_fields};

both_databases!(
    health_and_readiness,
    readiness_fails_when_the_database_is_gone,
    openapi_document_and_ui,
    malformed_requests_are_4xx_not_500
);

async fn health_and_readiness(app: &TestApp) {
    let (s, b) = app.get("/api/common/health", None).await;
    assert_eq!((s, b["status"].as_str()), (StatusCode::OK, Some("ok")));
    let (s, b) = app.get("/api/common/ready", None).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["status"], "ready");
    let (s, b) = app.get("/api/nothing-here", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(b["error"], "not_found");
}

async fn readiness_fails_when_the_database_is_gone(app: &TestApp) {
    app.db.close().await;
    let (s, b) = app.get("/api/common/ready", None).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{b}");
    assert_eq!(b["status"], "unavailable");
    // Liveness does not depend on the database: the process still answers.
    let (s, _) = app.get("/api/common/health", None).await;
    assert_eq!(s, StatusCode::OK);
}

async fn openapi_document_and_ui(app: &TestApp) {
    let (s, doc) = app.get("/api/openapi.json", None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/admin/coaches",
        "/api/admin/products/{id}",
        "/api/common/product-types/{type}/form",
        "/api/mini/quote",
    ] {
        assert!(
            paths.contains_key(p),
            "{p} missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let (s, page) = app.get("/docs/", None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.as_str().unwrap_or("").contains("swagger"), "{page}");
}

async fn malformed_requests_are_4xx_not_500(app: &TestApp) {
    // Broken JSON.
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/admin/coaches")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.admin))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"name\": "))
        .unwrap();
    let (s, b) = app.send(req).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    assert_eq!(b["error"], "bad_request");
    // Wrong types and missing fields are 422s naming the field, at any depth.
    for (body, field) in [
        (json!({"name": 5}), "name"),
        (json!({}), "name"),
        (
            json!({"name": "A", "availability": [{"weekday": 1, "start_time": 9}]}),
            "availability[0].start_time",
        ),
        (json!([]), "body"),
    ] {
        let (s, b) = app
            .post("/api/admin/coaches", Some(&app.admin), body.clone())
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {b}");
        assert_eq!(error_fields(&b), [field], "{body}: {b}");
        assert!(!b.to_string().contains("at line"), "{b}");
    }
    // No content type.
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/admin/arenas")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.admin))
        .body(Body::from("{}"))
        .unwrap();
    let (s, _) = app.send(req).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // A path id that is not a number.
    let (s, b) = app.get("/api/admin/coaches/abc", Some(&app.admin)).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    // A bad query string.
    let (s, b) = app.get("/api/common/products?page=x", None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(error_fields(&b), ["page"]);
    // Pages so far out that the offset would overflow (this panicked once).
    let (s, b) = app
        .get(
            "/api/admin/members?page=9223372036854775807&per_page=200",
            Some(&app.admin),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(error_fields(&b), ["page"]);
    // Text PostgreSQL cannot store (NUL) is refused at the edge, on both databases.
    let (s, b) = app
        .post(
            "/api/admin/arenas",
            Some(&app.admin),
            json!({"name": "A\u{0}B", "capacity": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(error_fields(&b), ["name"]);
    let (s, b) = app.get("/api/common/products?q=%00", None).await;
    assert_eq!(
        (s, error_fields(&b)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["q".to_owned()])
    );
    // A known path with an unknown method.
    let (s, b) = app
        .call(Method::PATCH, "/api/admin/coaches", Some(&app.admin), None)
        .await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED, "{b}");
    assert_eq!(b["error"], "method_not_allowed");
    // A JSON body over the 2 MiB limit.
    let big = json!({"name": "x".repeat(3 * 1024 * 1024), "capacity": 1});
    let (s, b) = app.post("/api/admin/arenas", Some(&app.admin), big).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{b}");
    assert_eq!(b["error"], "too_large");
    // A multipart body without a boundary.
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/admin/products/1/images")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.admin))
        .header(header::CONTENT_TYPE, "multipart/form-data")
        .body(Body::from("--x--"))
        .unwrap();
    let (s, b) = app.send(req).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    assert_eq!(b["error"], "bad_request");
    // Huge numbers.
    let (s, b) = app
        .post(
            "/api/admin/arenas",
            Some(&app.admin),
            json!({"name": "A", "capacity": 1e300}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
}
