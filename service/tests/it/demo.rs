//! The demo seed: an empty database becomes a demo club, once.

use axum::http::StatusCode;
use serde_json::json;

use crate::both_databases;
use crate::helpers::TestApp;

both_databases!(demo_seeds_an_empty_club_once);

async fn demo_seeds_an_empty_club_once(app: &TestApp) {
    // The test app already has staff users, so the seed leaves it alone.
    assert!(
        paddock_service::demo::seed_if_empty(&app.db)
            .await
            .unwrap()
            .is_none()
    );
    sqlx::query("DELETE FROM staff_users")
        .execute(app.db.pool())
        .await
        .unwrap();
    let creds = paddock_service::demo::seed_if_empty(&app.db)
        .await
        .unwrap()
        .expect("seeded");
    let (s, b) = app
        .post(
            "/api/common/auth/staff/login",
            None,
            json!({"username": creds.username, "password": creds.password}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let token = b["token"].as_str().unwrap();
    for (path, n) in [
        ("/api/admin/coaches", 3),
        ("/api/admin/horses", 5),
        ("/api/admin/arenas", 3),
        ("/api/admin/slot-templates", 4),
        ("/api/admin/coupons", 1),
    ] {
        let (s, list) = app.get(path, Some(token)).await;
        assert_eq!(
            (s, list.as_array().map(Vec::len)),
            (StatusCode::OK, Some(n)),
            "{path}"
        );
    }
    let (_, page) = app.get("/api/common/products", None).await;
    assert_eq!(page["total"], 4);
    assert!(
        paddock_service::demo::seed_if_empty(&app.db)
            .await
            .unwrap()
            .is_none()
    );
}
