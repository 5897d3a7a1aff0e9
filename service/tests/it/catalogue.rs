//! The public catalogue: product types, forms, products on sale with their form.

use axum::http::StatusCode;

use crate::both_databases;
use crate::helpers::TestApp;

both_databases!(forms_and_catalogue);

async fn forms_and_catalogue(app: &TestApp) {
    let (s, types) = app.get("/api/common/product-types", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(types.as_array().unwrap().len(), 3);
    for t in ["course", "lesson_package", "activity"] {
        let (s, form) = app
            .get(&format!("/api/common/product-types/{t}/form"), None)
            .await;
        assert_eq!(s, StatusCode::OK, "{t}");
        assert_eq!(form["product_type"], t);
        assert!(!form["fields"].as_array().unwrap().is_empty());
    }
    let (s, _) = app.get("/api/common/product-types/pony/form", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let on_sale = app
        .create(
            "/api/admin/products",
            crate::products::private_course("On sale"),
        )
        .await;
    let mut draft = crate::products::private_course("Draft");
    draft["status"] = "draft".into();
    let draft = app.create("/api/admin/products", draft).await;
    let (s, d) = app
        .get(&format!("/api/common/products/{on_sale}"), None)
        .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["product"]["id"], on_sale);
    assert_eq!(d["form"]["product_type"], "course");
    let (s, _) = app
        .get(&format!("/api/common/products/{draft}"), None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, list) = app.get("/api/common/products", Some(&app.member)).await;
    assert_eq!((s, list["total"].as_i64()), (StatusCode::OK, Some(1)));
}
