//! Club resources: coaches, horses, arenas, slot templates, members, the club's settings.
//! Each: happy path, invalid input (422 per field), conflicts (409), missing (404), wrong role.

use axum::http::StatusCode;
use serde_json::json;

use crate::both_databases;
use crate::helpers::{TestApp, error_fields};

both_databases!(
    coaches_crud_with_availability_and_exceptions,
    horses_crud_with_welfare_limits_and_vet_holds,
    arenas_crud_with_closures,
    slot_templates_crud,
    members_crud_by_desk_and_admin,
    club_settings
);

async fn coaches_crud_with_availability_and_exceptions(app: &TestApp) {
    let body = json!({
        "name": "Li Na", "phone": "13800000000", "qualifications": ["Dressage", "senior_coach"],
        "max_lessons_per_day": 6,
        "availability": [{"weekday": 1, "start_time": "09:00", "end_time": "12:00"},
                         {"weekday": 1, "start_time": "13:00", "end_time": "17:00"}]});
    let (s, c) = app
        .post("/api/admin/coaches", Some(&app.admin), body.clone())
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    assert_eq!(c["qualifications"], json!(["dressage", "senior_coach"]));
    assert_eq!(c["availability"].as_array().unwrap().len(), 2);
    let id = c["id"].as_i64().unwrap();

    let (s, b) = app.post("/api/admin/coaches", Some(&app.admin), body).await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    assert_eq!(error_fields(&b), ["name"]);

    let (s, b) = app
        .post(
            "/api/admin/coaches",
            Some(&app.admin),
            json!({
            "name": " ", "max_lessons_per_day": 0,
            "availability": [{"weekday": 8, "start_time": "10:00", "end_time": "09:00"}]}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_fields(&b),
        [
            "name",
            "max_lessons_per_day",
            "availability[0].weekday",
            "availability[0].end_time"
        ]
    );
    let (s, b) = app
        .post(
            "/api/admin/coaches",
            Some(&app.admin),
            json!({
            "name": "Overlap",
            "availability": [{"weekday": 2, "start_time": "09:00", "end_time": "12:00"},
                             {"weekday": 2, "start_time": "11:00", "end_time": "13:00"}]}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");

    let (s, _) = app
        .post("/api/admin/coaches", Some(&app.desk), json!({"name": "X"}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, list) = app.get("/api/admin/coaches", Some(&app.coach)).await;
    assert_eq!((s, list.as_array().unwrap().len()), (StatusCode::OK, 1));

    let (s, c) = app
        .put(
            &format!("/api/admin/coaches/{id}"),
            Some(&app.admin),
            json!({
            "name": "Li Na", "qualifications": [], "active": false,
            "availability": [{"weekday": 3, "start_time": "08:00", "end_time": "10:00"}]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["active"], false);
    assert_eq!(
        c["availability"],
        json!([{"weekday": 3, "start_time": "08:00", "end_time": "10:00"}])
    );
    let (s, _) = app
        .put(
            "/api/admin/coaches/999",
            Some(&app.admin),
            json!({"name": "Nobody"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Exceptions: a day off, an afternoon off, extra hours.
    let ex = format!("/api/admin/coaches/{id}/exceptions");
    let (s, e) = app
        .post(
            &ex,
            Some(&app.admin),
            json!({"date": "2026-12-24", "reason": "holiday"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    assert_eq!(e["start_time"], serde_json::Value::Null);
    app.create(
        &ex,
        json!({"date": "2026-12-26", "start_time": "14:00", "end_time": "18:00"}),
    )
    .await;
    app.create(&ex, json!({"date": "2026-12-27", "start_time": "09:00", "end_time": "11:00", "available": true})).await;
    let (s, b) = app
        .post(
            &ex,
            Some(&app.admin),
            json!({"date": "2026-13-01", "available": true}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&b), ["date", "start_time"]);
    let (s, b) = app
        .post(
            &ex,
            Some(&app.admin),
            json!({"date": "2026-12-01", "start_time": "10:00"}),
        )
        .await;
    assert_eq!(
        (s, error_fields(&b)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["end_time".to_owned()]
        )
    );
    let (s, list) = app.get(&ex, Some(&app.desk)).await;
    assert_eq!((s, list.as_array().unwrap().len()), (StatusCode::OK, 3));
    let (s, _) = app
        .post(
            "/api/admin/coaches/999/exceptions",
            Some(&app.admin),
            json!({"date": "2026-12-24"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let eid = e["id"].as_i64().unwrap();
    let (s, _) = app.delete(&format!("{ex}/{eid}"), Some(&app.admin)).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app.delete(&format!("{ex}/{eid}"), Some(&app.admin)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (s, _) = app
        .delete(&format!("/api/admin/coaches/{id}"), Some(&app.coach))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app
        .delete(&format!("/api/admin/coaches/{id}"), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app
        .get(&format!("/api/admin/coaches/{id}"), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

async fn horses_crud_with_welfare_limits_and_vet_holds(app: &TestApp) {
    let (s, h) = app
        .post(
            "/api/admin/horses",
            Some(&app.admin),
            json!({
            "name": "Thunder", "min_level": "novice", "max_level": "advanced",
            "max_rider_weight_kg": 90, "max_lessons_per_day": 3, "max_work_minutes_per_day": 150,
            "min_rest_minutes": 60, "rest_weekdays": [7, 1, 1],
            "availability": [{"weekday": 2, "start_time": "08:00", "end_time": "18:00"}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    assert_eq!(h["rest_weekdays"], json!([1, 7]));
    assert_eq!(h["school_horse"], true);
    let id = h["id"].as_i64().unwrap();

    let (s, b) = app
        .post(
            "/api/admin/horses",
            Some(&app.admin),
            json!({
            "name": "Bad", "min_level": "expert", "max_level": "beginner",
            "max_rider_weight_kg": 500, "max_lessons_per_day": 0, "max_work_minutes_per_day": 10,
            "min_rest_minutes": -1, "rest_weekdays": [0]}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_fields(&b),
        [
            "max_level",
            "max_rider_weight_kg",
            "max_lessons_per_day",
            "min_rest_minutes",
            "rest_weekdays[0]"
        ]
    );
    let (s, b) = app
        .post(
            "/api/admin/horses",
            Some(&app.admin),
            json!({"name": "Lazy", "min_level": "pony"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");

    let (s, h) = app
        .put(
            &format!("/api/admin/horses/{id}"),
            Some(&app.admin),
            json!({
            "name": "Thunder", "max_rider_weight_kg": 95, "max_lessons_per_day": 2,
            "max_work_minutes_per_day": 120, "school_horse": false, "notes": "own horse"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{h}");
    assert_eq!(
        (h["school_horse"].as_bool(), h["min_level"].as_str()),
        (Some(false), Some("beginner"))
    );
    assert_eq!(h["availability"], json!([]));

    let holds = format!("/api/admin/horses/{id}/vet-holds");
    let (s, hold) = app
        .post(
            &holds,
            Some(&app.admin),
            json!({
            "starts_at": "2026-12-01T08:00:00+08:00", "ends_at": "2026-12-03T08:00:00+08:00",
            "reason": "lame"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{hold}");
    assert_eq!(hold["starts_at"], "2026-12-01T00:00:00.000Z");
    let (s, b) = app
        .post(
            &holds,
            Some(&app.admin),
            json!({"starts_at": "2026-12-03T00:00:00Z", "ends_at": "2026-12-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(
        (s, error_fields(&b)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["ends_at".to_owned()])
    );
    let (s, b) = app
        .post(
            &holds,
            Some(&app.admin),
            json!({"starts_at": "tomorrow", "ends_at": "2026-12-01"}),
        )
        .await;
    assert_eq!(
        (s, error_fields(&b)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["starts_at".to_owned(), "ends_at".to_owned()]
        )
    );
    let (s, _) = app
        .post(
            "/api/admin/horses/999/vet-holds",
            Some(&app.admin),
            json!({"starts_at": "2026-12-01T00:00:00Z", "ends_at": "2026-12-02T00:00:00Z"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, list) = app.get(&holds, Some(&app.coach)).await;
    assert_eq!((s, list.as_array().unwrap().len()), (StatusCode::OK, 1));
    let (s, _) = app
        .get("/api/admin/horses/999/vet-holds", Some(&app.coach))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.post(&holds, Some(&app.desk), json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app
        .delete(&format!("{holds}/{}", hold["id"]), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);

    let (s, _) = app
        .delete(&format!("/api/admin/horses/{id}"), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app
        .delete(&format!("/api/admin/horses/{id}"), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

async fn arenas_crud_with_closures(app: &TestApp) {
    let (s, a) = app
        .post(
            "/api/admin/arenas",
            Some(&app.admin),
            json!({"name": "Indoor", "tags": ["indoor"], "capacity": 4}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let id = a["id"].as_i64().unwrap();
    let (s, b) = app
        .post(
            "/api/admin/arenas",
            Some(&app.admin),
            json!({"name": "Indoor", "capacity": 2}),
        )
        .await;
    assert_eq!(
        (s, error_fields(&b)),
        (StatusCode::CONFLICT, vec!["name".to_owned()])
    );
    let (s, b) = app
        .post(
            "/api/admin/arenas",
            Some(&app.admin),
            json!({"name": "", "tags": [""], "capacity": 0}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&b), ["name", "tags[0]", "capacity"]);
    let (s, a) = app
        .put(
            &format!("/api/admin/arenas/{id}"),
            Some(&app.admin),
            json!({"name": "Indoor Hall", "tags": ["indoor", "dressage"], "capacity": 5}),
        )
        .await;
    assert_eq!((s, a["capacity"].as_i64()), (StatusCode::OK, Some(5)));
    let closures = format!("/api/admin/arenas/{id}/closures");
    let cid = app
        .create(&closures, json!({"starts_at": "2026-12-05T00:00:00Z", "ends_at": "2026-12-06T00:00:00Z", "reason": "footing"}))
        .await;
    let (s, list) = app.get(&closures, Some(&app.desk)).await;
    assert_eq!(
        (s, list[0]["reason"].as_str()),
        (StatusCode::OK, Some("footing"))
    );
    let (s, _) = app
        .delete(&format!("{closures}/{cid}"), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app
        .delete(&format!("/api/admin/arenas/{id}"), Some(&app.desk))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app
        .delete(&format!("/api/admin/arenas/{id}"), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
}

async fn slot_templates_crud(app: &TestApp) {
    let (s, t) = app
        .post("/api/admin/slot-templates", Some(&app.admin), json!({
            "name": "Morning 1", "weekdays": [5, 1, 2], "start_time": "09:00", "end_time": "10:00"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert_eq!(t["weekdays"], json!([1, 2, 5]));
    let id = t["id"].as_i64().unwrap();
    let (s, b) = app
        .post(
            "/api/admin/slot-templates",
            Some(&app.admin),
            json!({
            "name": "Bad", "weekdays": [], "start_time": "9", "end_time": "10:00"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&b), ["weekdays", "start_time"]);
    let (s, t) = app
        .put(&format!("/api/admin/slot-templates/{id}"), Some(&app.admin), json!({
            "name": "Morning 1", "weekdays": [6], "start_time": "09:30", "end_time": "10:30", "active": false}))
        .await;
    assert_eq!(
        (s, t["start_time"].as_str()),
        (StatusCode::OK, Some("09:30"))
    );
    let (s, list) = app.get("/api/admin/slot-templates", Some(&app.coach)).await;
    assert_eq!((s, list.as_array().unwrap().len()), (StatusCode::OK, 1));
    let (s, _) = app
        .delete(&format!("/api/admin/slot-templates/{id}"), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
}

async fn members_crud_by_desk_and_admin(app: &TestApp) {
    let (s, m) = app
        .post(
            "/api/admin/members",
            Some(&app.desk),
            json!({
            "name": "Walk In", "phone": "13900000000", "level": "novice", "weight_kg": 60}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    assert_eq!(m["has_wechat"], false);
    let id = m["id"].as_i64().unwrap();
    let (s, b) = app
        .post(
            "/api/admin/members",
            Some(&app.desk),
            json!({"name": "Twin", "phone": "13900000000"}),
        )
        .await;
    assert_eq!(
        (s, error_fields(&b)),
        (StatusCode::CONFLICT, vec!["phone".to_owned()])
    );
    let (s, b) = app
        .post(
            "/api/admin/members",
            Some(&app.desk),
            json!({"name": "", "phone": "call me", "level": "pro", "weight_kg": 5}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&b), ["name", "phone", "level", "weight_kg"]);
    let (s, _) = app
        .post("/api/admin/members", Some(&app.coach), json!({"name": "X"}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    let (s, page) = app.get("/api/admin/members?q=walk", Some(&app.coach)).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id"], id);
    let (s, page) = app
        .get("/api/admin/members?per_page=1&page=2", Some(&app.coach))
        .await;
    assert_eq!(
        (
            s,
            page["total"].as_i64(),
            page["items"].as_array().unwrap().len()
        ),
        (StatusCode::OK, Some(2), 1)
    );

    let (s, m) = app
        .put(
            &format!("/api/admin/members/{id}"),
            Some(&app.desk),
            json!({"name": "Walk In", "level": "intermediate"}),
        )
        .await;
    assert_eq!(
        (s, m["level"].as_str(), m["phone"].as_str()),
        (StatusCode::OK, Some("intermediate"), None)
    );
    let (s, _) = app
        .delete(&format!("/api/admin/members/{id}"), Some(&app.desk))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app
        .delete(&format!("/api/admin/members/{id}"), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app
        .get(&format!("/api/admin/members/{id}"), Some(&app.admin))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

async fn club_settings(app: &TestApp) {
    let (s, c) = app.get("/api/admin/club", Some(&app.coach)).await;
    assert_eq!(
        (s, c["time_zone"].as_str()),
        (StatusCode::OK, Some("Asia/Shanghai"))
    );
    let (s, c) = app
        .put(
            "/api/admin/club",
            Some(&app.admin),
            json!({
            "name": "Sunny Stables", "time_zone": "Europe/Berlin", "opens_at": "07:00",
            "closes_at": "21:00", "slot_minutes": 30}),
        )
        .await;
    assert_eq!(
        (s, c["time_zone"].as_str()),
        (StatusCode::OK, Some("Europe/Berlin")),
        "{c}"
    );
    let (s, b) = app
        .put(
            "/api/admin/club",
            Some(&app.admin),
            json!({
            "name": "X", "time_zone": "Mars/Olympus", "opens_at": "21:00",
            "closes_at": "07:00", "slot_minutes": 7}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&b), ["time_zone", "closes_at", "slot_minutes"]);
    let (s, _) = app.put("/api/admin/club", Some(&app.desk), json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}
