//! The demo club of `paddock serve --demo`: coaches, horses, arenas, slot templates, members,
//! products of every type, a coupon and a staff admin whose random password is printed once.
//! Seeds only an empty database (no staff users), so restarting the demo keeps its data.

use rand::RngCore;
use serde_json::json;

use crate::auth::{Role, password};
use crate::db::Db;
use crate::error::Error;
use crate::http::seed;

/// The credentials of the demo's staff admin, printed once when the club is created.
#[derive(Debug)]
pub struct DemoCredentials {
    /// Username.
    pub username: String,
    /// Password (random per demo database).
    pub password: String,
}

/// Seeds the demo club when the database has no staff user yet; `None` when it has.
pub async fn seed_if_empty(db: &Db) -> Result<Option<DemoCredentials>, Error> {
    if seed::staff_count(db).await? > 0 {
        return Ok(None);
    }
    let mut bytes = [0u8; 9];
    rand::rng().fill_bytes(&mut bytes);
    let pw: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let hash = password::hash_blocking(pw.clone()).await?;
    seed::staff(db, "admin", "Demo Admin", Role::Admin, None, &hash).await?;

    let weekdays = |from: &str, to: &str| -> serde_json::Value {
        json!(
            (1..=6)
                .map(|d| json!({"weekday": d, "start_time": from, "end_time": to}))
                .collect::<Vec<_>>()
        )
    };
    let li = seed::coach(
        db,
        json!({
        "name": "Li Na", "qualifications": ["senior_coach", "show_jumping", "dressage"],
        "max_lessons_per_day": 6, "max_work_minutes_per_day": 360,
        "availability": weekdays("09:00", "17:00")}),
    )
    .await?;
    let wang = seed::coach(
        db,
        json!({
        "name": "Wang Jun", "qualifications": ["intermediate_coach", "children"],
        "max_lessons_per_day": 8, "availability": weekdays("10:00", "19:00")}),
    )
    .await?;
    seed::coach(
        db,
        json!({
        "name": "Zhang Wei", "qualifications": ["junior_coach", "children"],
        "availability": weekdays("08:00", "12:00")}),
    )
    .await?;
    let coach_hash = password::hash_blocking(pw.clone()).await?;
    seed::staff(db, "coach.li", "Li Na", Role::Coach, Some(li), &coach_hash).await?;

    for h in [
        json!({"name": "Thunder", "min_level": "intermediate", "max_rider_weight_kg": 90,
               "max_lessons_per_day": 3, "max_work_minutes_per_day": 150, "min_rest_minutes": 60,
               "rest_weekdays": [1]}),
        json!({"name": "Biscuit", "max_level": "novice", "max_rider_weight_kg": 70,
               "max_lessons_per_day": 4, "max_work_minutes_per_day": 180, "min_rest_minutes": 30,
               "rest_weekdays": [1]}),
        json!({"name": "Luna", "max_rider_weight_kg": 85, "max_lessons_per_day": 4,
               "max_work_minutes_per_day": 200, "min_rest_minutes": 45, "rest_weekdays": [2]}),
        json!({"name": "Apollo", "min_level": "advanced", "max_rider_weight_kg": 100,
               "max_lessons_per_day": 2, "max_work_minutes_per_day": 120, "min_rest_minutes": 90,
               "rest_weekdays": [1, 4]}),
        json!({"name": "Pepper", "max_level": "intermediate", "max_rider_weight_kg": 60,
               "max_lessons_per_day": 4, "max_work_minutes_per_day": 180, "min_rest_minutes": 30,
               "rest_weekdays": [3]}),
    ] {
        seed::horse(db, h).await?;
    }

    seed::arena(
        db,
        json!({"name": "Indoor Hall", "tags": ["indoor", "dressage"], "capacity": 4}),
    )
    .await?;
    seed::arena(
        db,
        json!({"name": "Jumping Field", "tags": ["outdoor", "jumping"], "capacity": 3}),
    )
    .await?;
    seed::arena(
        db,
        json!({"name": "Round Pen", "tags": ["round_pen"], "capacity": 1}),
    )
    .await?;

    for (name, start, end) in [
        ("Morning 1", "09:00", "10:00"),
        ("Morning 2", "10:30", "11:30"),
        ("Afternoon 1", "14:00", "15:00"),
        ("Afternoon 2", "15:30", "16:30"),
    ] {
        seed::slot_template(
            db,
            json!({"name": name, "weekdays": [1, 2, 3, 4, 5, 6],
            "start_time": start, "end_time": end}),
        )
        .await?;
    }

    for m in [
        json!({"name": "Chen Xiaoming", "phone": "13800000001", "level": "beginner", "weight_kg": 45}),
        json!({"name": "Zhao Lei", "phone": "13800000002", "level": "intermediate", "weight_kg": 68}),
        json!({"name": "Sun Li", "phone": "13800000003", "level": "advanced", "weight_kg": 58}),
    ] {
        seed::member(db, m).await?;
    }

    let private = seed::product(db, json!({
        "product_type": "course", "name": "Private lesson", "status": "on_sale",
        "summary": "One rider, one coach, 45 minutes.", "coach_ids": [li, wang],
        "attributes": {
            "lesson_format": "private", "duration_minutes": 45,
            "arena_tags": ["indoor"], "coach_qualifications": ["intermediate_coach"],
            "price_list": {"basis": "per_rider",
                "tiers": [{"min_quantity": 1, "unit_price": 48000}, {"min_quantity": 10, "unit_price": 43000}],
                "level_surcharges": [{"level": "advanced", "amount": 5000}, {"level": "expert", "amount": 8000}],
                "peak": {"surcharge": 6000, "windows": [{"weekdays": ["Sat", "Sun"], "start": "09:00:00", "end": "17:00:00"}]}}
        }})).await?;
    seed::product(db, json!({
        "product_type": "course", "name": "Group jumping lesson", "status": "on_sale",
        "summary": "Two to four riders over small courses.", "coach_ids": [li],
        "attributes": {
            "lesson_format": "group", "duration_minutes": 60, "min_riders": 2, "max_riders": 4,
            "required_rider_level": "intermediate", "arena_tags": ["jumping"],
            "coach_qualifications": ["show_jumping"],
            "price_list": {"basis": "per_lesson", "tiers": [{"min_quantity": 1, "unit_price": 100000}]}
        }})).await?;
    seed::product(
        db,
        json!({
        "product_type": "lesson_package", "name": "10 private lessons", "status": "on_sale",
        "summary": "Ten private lessons within 90 days.",
        "attributes": {"lesson_format": "private", "course_id": private, "lesson_count": 10,
                       "validity_days": 90, "price_fen": 420000, "stock": 50}}),
    )
    .await?;
    seed::product(
        db,
        json!({
        "product_type": "activity", "name": "Spring trail ride", "status": "on_sale",
        "summary": "A morning in the hills.",
        "attributes": {"activity_kind": "trail_ride", "starts_at": "2027-04-10T01:00:00Z",
                       "ends_at": "2027-04-10T05:00:00Z", "place": "West Hills", "capacity": 12,
                       "price_fen": 68000, "required_rider_level": "novice",
                       "refundable": true, "refund_deadline_hours": 48, "refund_percent": 80}}),
    )
    .await?;
    seed::coupon(db, json!({
        "code": "WELCOME20", "discount": {"kind": "percent", "percent_off": 20, "max_discount": 20000},
        "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2030-01-01T00:00:00Z",
        "min_spend_fen": 10000, "per_member_limit": 1,
        "product_types": ["course", "lesson_package"]})).await?;

    tracing::info!("demo club seeded");
    Ok(Some(DemoCredentials {
        username: "admin".into(),
        password: pw,
    }))
}
