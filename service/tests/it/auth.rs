//! Staff login (argon2), member login through WeChat (against the local fake), tokens.

use axum::http::StatusCode;
use paddock_service::auth::Role;
use serde_json::json;

use crate::both_databases;
use crate::helpers::{PASSWORD, TestApp, error_fields};

both_databases!(
    staff_login,
    wechat_login_creates_then_finds_the_member,
    tokens_are_checked,
    staff_management_is_admin_only
);

async fn staff_login(app: &TestApp) {
    let (s, b) = app
        .post(
            "/api/common/auth/staff/login",
            None,
            json!({"username": "desk", "password": PASSWORD}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["user"]["role"], "front_desk");
    assert!(b["user"].get("password_hash").is_none());
    let token = b["token"].as_str().unwrap();
    let (s, me) = app.get("/api/admin/me", Some(token)).await;
    assert_eq!((s, me["username"].as_str()), (StatusCode::OK, Some("desk")));

    let (s, b) = app
        .post(
            "/api/common/auth/staff/login",
            None,
            json!({"username": "desk", "password": "nope"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{b}");
    let (s, _) = app
        .post(
            "/api/common/auth/staff/login",
            None,
            json!({"username": "ghost", "password": PASSWORD}),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, b) = app
        .post(
            "/api/common/auth/staff/login",
            None,
            json!({"username": "", "password": ""}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&b), ["username", "password"]);
}

async fn wechat_login_creates_then_finds_the_member(app: &TestApp) {
    let (s, first) = app
        .post(
            "/api/common/auth/wechat/login",
            None,
            json!({"code": "abc"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{first}");
    assert_eq!(first["created"], true);
    assert_eq!(first["member"]["has_wechat"], true);
    let (s, again) = app
        .post(
            "/api/common/auth/wechat/login",
            None,
            json!({"code": "abc"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(again["created"], false);
    assert_eq!(again["member"]["id"], first["member"]["id"]);

    let token = again["token"].as_str().unwrap();
    let (s, me) = app.get("/api/mini/me", Some(token)).await;
    assert_eq!((s, &me["id"]), (StatusCode::OK, &first["member"]["id"]));
    let (s, me) = app
        .put(
            "/api/mini/me",
            Some(token),
            json!({"name": "Xiao Ming", "level": "novice", "weight_kg": 40}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{me}");
    assert_eq!(me["level"], "novice");
    let (s, b) = app
        .put(
            "/api/mini/me",
            Some(token),
            json!({"name": "", "level": "wizard"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&b), ["name", "level"]);

    // WeChat refuses the code: the client's fault.
    let (s, _) = app
        .post(
            "/api/common/auth/wechat/login",
            None,
            json!({"code": "bad-code"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // WeChat answers nonsense: upstream's fault, and no details leak.
    let (s, b) = app
        .post(
            "/api/common/auth/wechat/login",
            None,
            json!({"code": "garbage"}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_GATEWAY);
    assert!(!b.to_string().contains("test-appsecret"));
    let (s, _) = app
        .post("/api/common/auth/wechat/login", None, json!({"code": ""}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app
        .post("/api/common/auth/wechat/login", None, json!({}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn tokens_are_checked(app: &TestApp) {
    let (s, _) = app.get("/api/admin/coaches", Some("not-a-token")).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let expired = app.state.tokens.issue_expired(app.admin_id, Role::Admin, 5);
    let (s, b) = app.get("/api/admin/coaches", Some(&expired)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{b}");
    let (s, _) = app.get("/api/admin/coaches", Some(&app.member)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.get("/api/mini/me", Some(&app.admin)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

async fn staff_management_is_admin_only(app: &TestApp) {
    let (s, b) = app
        .post(
            "/api/admin/staff",
            Some(&app.admin),
            json!({"username": "coach2", "display_name": "Coach Two", "role": "coach", "password": "long enough"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["id"].as_i64().unwrap();
    let (s, b) = app
        .post(
            "/api/admin/staff",
            Some(&app.admin),
            json!({"username": "coach2", "display_name": "Dup", "role": "coach", "password": "long enough"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    assert_eq!(error_fields(&b), ["username"]);
    let (s, b) = app
        .post(
            "/api/admin/staff",
            Some(&app.admin),
            json!({"username": "x", "display_name": "X", "role": "janitor", "password": "short"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&b), ["role", "password"]);
    let (s, _) = app.get("/api/admin/staff", Some(&app.desk)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, b) = app
        .put(
            &format!("/api/admin/staff/{id}"),
            Some(&app.admin),
            json!({"username": "coach2", "display_name": "Coach 2", "role": "front_desk", "active": false}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(
        (b["role"].as_str(), b["active"].as_bool()),
        (Some("front_desk"), Some(false))
    );
    // An inactive user cannot log in.
    let (s, _) = app
        .post(
            "/api/common/auth/staff/login",
            None,
            json!({"username": "coach2", "password": "long enough"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = app
        .delete(
            &format!("/api/admin/staff/{}", app.admin_id),
            Some(&app.admin),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = app
        .delete(&format!("/api/admin/staff/{id}"), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app
        .get(&format!("/api/admin/staff/{id}"), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
