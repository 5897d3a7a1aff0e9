//! Health, readiness, the OpenAPI document, and errors every route shares.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;

use crate::both_databases;
use crate::helpers::TestApp;

both_databases!(
    health_and_readiness,
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
    // Wrong types.
    let (s, b) = app
        .post("/api/admin/coaches", Some(&app.admin), json!({"name": 5}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
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
