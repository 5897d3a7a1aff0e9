//! The club's settings: name, time zone (which decides what a "day" is), opening hours, slot
//! granularity. Staff read, admins write.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::Json;
use crate::auth::AdminOnly;
use crate::db::Db;
use crate::domain::{self, parse_all};
use crate::error::{FieldError, Result};
use crate::instant;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_club, put_club))
}

/// The club.
#[derive(Debug, Clone, Serialize, ToSchema, sqlx::FromRow)]
pub(crate) struct Club {
    pub name: String,
    /// IANA time zone, e.g. `Asia/Shanghai`.
    pub time_zone: String,
    /// Local opening time `HH:MM`.
    pub opens_at: String,
    /// Local closing time `HH:MM`.
    pub closes_at: String,
    /// Scheduling granularity in minutes.
    pub slot_minutes: i64,
    pub updated_at: String,
}

/// New club settings.
#[derive(Deserialize, ToSchema)]
struct ClubInput {
    name: String,
    time_zone: String,
    opens_at: String,
    closes_at: String,
    slot_minutes: i64,
}

/// The club row.
pub(crate) async fn fetch(db: &Db) -> Result<Club> {
    Ok(sqlx::query_as(
        "SELECT name, time_zone, opens_at, closes_at, slot_minutes, updated_at FROM club WHERE id = 1",
    )
    .fetch_one(db.pool())
    .await?)
}

/// The club's settings.
#[utoipa::path(get, path = "/club", tag = "club", security(("bearer" = [])),
    responses((status = 200, body = Club)))]
async fn get_club(State(state): State<AppState>) -> Result<Json<Club>> {
    Ok(Json(fetch(&state.db).await?))
}

/// Change the club's settings.
#[utoipa::path(put, path = "/club", tag = "club", security(("bearer" = [])), request_body = ClubInput,
    responses((status = 200, body = Club), (status = 422, body = crate::error::ErrorBody)))]
async fn put_club(
    _: AdminOnly,
    State(state): State<AppState>,
    Json(input): Json<ClubInput>,
) -> Result<Json<Club>> {
    let name = domain::text("name", &input.name, 100);
    let tz = input
        .time_zone
        .parse::<chrono_tz::Tz>()
        .map(|tz| tz.name().to_owned())
        .map_err(|_| {
            vec![FieldError::new(
                "time_zone",
                "must be an IANA time zone such as Asia/Shanghai",
            )]
        });
    let hours = domain::time_window("", &input.opens_at, &input.closes_at).map_err(|errs| {
        errs.into_iter()
            .map(|e| FieldError {
                field: e
                    .field
                    .replace("start_time", "opens_at")
                    .replace("end_time", "closes_at"),
                message: e.message.replace("start_time", "opens_at"),
            })
            .collect::<Vec<_>>()
    });
    let slot = domain::int_in("slot_minutes", input.slot_minutes, 5, 240).and_then(|m| {
        if 60 % m == 0 || m % 60 == 0 {
            Ok(m)
        } else {
            Err(vec![FieldError::new(
                "slot_minutes",
                "must divide an hour or be whole hours",
            )])
        }
    });
    let (name, tz, (opens, closes), slot) = parse_all!(name, tz, hours, slot)?;
    sqlx::query(
        "UPDATE club SET name = $1, time_zone = $2, opens_at = $3, closes_at = $4, \
         slot_minutes = $5, updated_at = $6 WHERE id = 1",
    )
    .bind(name)
    .bind(tz)
    .bind(opens)
    .bind(closes)
    .bind(slot)
    .bind(instant::now())
    .execute(state.db.pool())
    .await?;
    Ok(Json(fetch(&state.db).await?))
}
