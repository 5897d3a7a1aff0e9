//! The solver problem built from the database.

use axum::http::StatusCode;
use serde_json::json;

use crate::both_databases;
use crate::helpers::{TestApp, error_fields};

both_databases!(problem_from_the_database);

async fn problem_from_the_database(app: &TestApp) {
    let li = app
        .create(
            "/api/admin/coaches",
            json!({
            "name": "Li", "qualifications": ["senior_coach"], "max_lessons_per_day": 5,
            "availability": [{"weekday": 1, "start_time": "09:00", "end_time": "17:00"},
                             {"weekday": 2, "start_time": "09:00", "end_time": "17:00"}]}),
        )
        .await;
    // Monday 2026-12-07: off in the afternoon; Tuesday 2026-12-08: the whole day off.
    let ex = format!("/api/admin/coaches/{li}/exceptions");
    app.create(
        &ex,
        json!({"date": "2026-12-07", "start_time": "13:00", "end_time": "17:00"}),
    )
    .await;
    app.create(&ex, json!({"date": "2026-12-08"})).await;
    app.create(
        "/api/admin/coaches",
        json!({"name": "Away", "active": false}),
    )
    .await;
    let horse = app
        .create("/api/admin/horses", json!({
            "name": "Luna", "min_level": "novice", "max_level": "advanced", "max_rider_weight_kg": 85,
            "max_lessons_per_day": 4, "max_work_minutes_per_day": 200, "min_rest_minutes": 45,
            "rest_weekdays": [1]}))
        .await;
    app.create(&format!("/api/admin/horses/{horse}/vet-holds"), json!({
        "starts_at": "2026-12-09T00:00:00Z", "ends_at": "2026-12-10T00:00:00Z", "reason": "farrier"}))
        .await;
    app.create(
        &format!("/api/admin/horses/{horse}/vet-holds"),
        json!({
        "starts_at": "2027-03-01T00:00:00Z", "ends_at": "2027-03-02T00:00:00Z"}),
    )
    .await;
    let arena = app
        .create(
            "/api/admin/arenas",
            json!({"name": "Indoor", "tags": ["indoor"], "capacity": 4}),
        )
        .await;
    let course = app
        .create(
            "/api/admin/products",
            crate::products::private_course("Private"),
        )
        .await;
    sqlx::query(
        "INSERT INTO bookings (member_id, product_id, preferred_coach_id, status, created_at, updated_at) \
         VALUES ($1, $2, $3, 'requested', $4, $5)",
    )
    .bind(app.member_id)
    .bind(course)
    .bind(li)
    .bind("2026-12-01T00:00:00.000Z")
    .bind("2026-12-01T00:00:00.000Z")
    .execute(app.db.pool())
    .await
    .unwrap();

    let (s, p) = app
        .get(
            "/api/admin/schedule/problem?from=2026-12-07&to=2026-12-13",
            Some(&app.coach),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["club"]["time_zone"], "Asia/Shanghai");
    assert_eq!(
        p["club"]["horizon"],
        json!({"start": "2026-12-07", "days": 7})
    );
    let coaches = p["coaches"].as_array().unwrap();
    assert_eq!(coaches.len(), 1, "inactive coaches are left out");
    let c = &coaches[0];
    assert_eq!(c["id"], format!("coach-{li}"));
    assert_eq!(c["availability"]["weekly"]["mon"], json!(["09:00-17:00"]));
    assert_eq!(
        c["availability"]["exceptions"],
        json!([{"date": "2026-12-07", "hours": ["09:00-13:00"]}, {"date": "2026-12-08", "hours": []}])
    );
    let h = &p["horses"][0];
    assert_eq!(h["levels"], json!(["novice", "intermediate", "advanced"]));
    assert_eq!(h["rest_weekdays"], json!(["mon"]));
    assert_eq!(
        h["vet_holds"].as_array().unwrap().len(),
        1,
        "only holds inside the range"
    );
    assert_eq!(h["min_rest_minutes"], 45);
    assert_eq!(p["arenas"][0]["id"], format!("arena-{arena}"));
    assert_eq!(p["lesson_kinds"][0]["id"], format!("course-{course}"));
    assert_eq!(p["lesson_kinds"][0]["duration_minutes"], 45);
    let r = &p["requests"][0];
    assert_eq!(
        (r["kind"].clone(), r["preferred_coach"].clone()),
        (
            json!(format!("course-{course}")),
            json!(format!("coach-{li}"))
        )
    );
    assert_eq!(r["riders"], json!([format!("member-{}", app.member_id)]));

    let (s, b) = app
        .get(
            "/api/admin/schedule/problem?from=2026-12-13&to=2026-12-07",
            Some(&app.coach),
        )
        .await;
    assert_eq!(
        (s, error_fields(&b)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["to".to_owned()])
    );
    let (s, b) = app
        .get(
            "/api/admin/schedule/problem?from=monday&to=x",
            Some(&app.coach),
        )
        .await;
    assert_eq!(
        (s, error_fields(&b)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["from".to_owned(), "to".to_owned()]
        )
    );
    let (s, _) = app
        .get(
            "/api/admin/schedule/problem?from=2026-12-07&to=2026-12-13",
            Some(&app.member),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}
