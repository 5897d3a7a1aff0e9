//! Horses: suitability (levels, maximum rider weight), welfare limits (lessons and work minutes
//! per day, rest between lessons, rest weekdays), weekly availability (with the horse) and vet
//! holds (a sub-resource). Staff read, admins write.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sqlx::Row as _;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::availability::{self, Interval, IntervalInput, Window};
use super::extract::{Json, Path};
use super::resource::{self, Statement};
use crate::auth::AdminOnly;
use crate::db::{Db, Flag};
use crate::domain::{self, parse_all};
use crate::error::{FieldError, Result};
use crate::instant;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(list_holds, create_hold))
        .routes(routes!(delete_hold))
}

pub(crate) const WEEKLY: &str = "horse_weekly_availability";
pub(crate) const HOLDS: &str = "horse_vet_holds";
pub(crate) const OWNER: &str = "horse_id";

/// A horse.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct Horse {
    pub id: i64,
    pub name: String,
    /// Lowest rider level the horse suits.
    pub min_level: String,
    /// Highest rider level the horse suits.
    pub max_level: String,
    pub max_rider_weight_kg: i64,
    pub max_lessons_per_day: i64,
    pub max_work_minutes_per_day: i64,
    pub min_rest_minutes: i64,
    /// ISO weekdays the horse never works.
    pub rest_weekdays: Vec<i64>,
    /// A school horse any suitable rider may ride (false: a member's own horse).
    pub school_horse: bool,
    pub active: bool,
    pub notes: String,
    /// Weekly windows; none = whenever the club is open.
    pub availability: Vec<Window>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct HorseRow {
    pub id: i64,
    pub name: String,
    pub min_level: String,
    pub max_level: String,
    pub max_rider_weight_kg: i64,
    pub max_lessons_per_day: i64,
    pub max_work_minutes_per_day: i64,
    pub min_rest_minutes: i64,
    pub rest_weekdays: String,
    pub school_horse: Flag,
    pub active: Flag,
    pub notes: String,
    pub created_at: String,
    pub updated_at: String,
}

impl HorseRow {
    pub(crate) fn with(self, availability: Vec<Window>) -> Horse {
        Horse {
            id: self.id,
            name: self.name,
            min_level: self.min_level,
            max_level: self.max_level,
            max_rider_weight_kg: self.max_rider_weight_kg,
            max_lessons_per_day: self.max_lessons_per_day,
            max_work_minutes_per_day: self.max_work_minutes_per_day,
            min_rest_minutes: self.min_rest_minutes,
            rest_weekdays: domain::json_list(&self.rest_weekdays),
            school_horse: self.school_horse.0,
            active: self.active.0,
            notes: self.notes,
            availability,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// Create or replace a horse.
#[derive(Deserialize, ToSchema)]
pub(crate) struct HorseInput {
    pub name: String,
    #[serde(default)]
    pub min_level: Option<String>,
    #[serde(default)]
    pub max_level: Option<String>,
    pub max_rider_weight_kg: i64,
    pub max_lessons_per_day: i64,
    pub max_work_minutes_per_day: i64,
    #[serde(default)]
    pub min_rest_minutes: i64,
    #[serde(default)]
    pub rest_weekdays: Vec<i64>,
    #[serde(default = "resource::yes")]
    pub school_horse: bool,
    #[serde(default = "resource::yes")]
    pub active: bool,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub availability: Vec<Window>,
}

struct NewHorse {
    name: String,
    min_level: String,
    max_level: String,
    max_rider_weight_kg: i64,
    max_lessons_per_day: i64,
    max_work_minutes_per_day: i64,
    min_rest_minutes: i64,
    rest_weekdays: String,
    school_horse: bool,
    active: bool,
    notes: String,
    availability: Vec<Window>,
}

fn parse(i: &HorseInput) -> Result<NewHorse> {
    let name = domain::text("name", &i.name, 100);
    let min = domain::level("min_level", i.min_level.as_deref().unwrap_or("beginner"));
    let max = domain::level("max_level", i.max_level.as_deref().unwrap_or("expert"));
    let levels = match (min, max) {
        (Ok(a), Ok(b)) if a <= b => Ok((a.as_str().to_owned(), b.as_str().to_owned())),
        (Ok(_), Ok(_)) => Err(vec![FieldError::new(
            "max_level",
            "must not be below min_level",
        )]),
        (a, b) => {
            let mut e = a.err().unwrap_or_default();
            e.extend(b.err().unwrap_or_default());
            Err(e)
        }
    };
    let weight = domain::int_in("max_rider_weight_kg", i.max_rider_weight_kg, 20, 250);
    let lessons = domain::int_in("max_lessons_per_day", i.max_lessons_per_day, 1, 24);
    let minutes = domain::int_in(
        "max_work_minutes_per_day",
        i.max_work_minutes_per_day,
        1,
        24 * 60,
    );
    let rest = domain::int_in("min_rest_minutes", i.min_rest_minutes, 0, 24 * 60);
    let days = domain::weekdays("rest_weekdays", &i.rest_weekdays);
    let notes = domain::free_text("notes", i.notes.as_deref(), 2000);
    let windows = availability::parse_windows("availability", &i.availability);
    let (name, (min_level, max_level), w, l, m, r, d, notes, availability) = parse_all!(
        name, levels, weight, lessons, minutes, rest, days, notes, windows
    )?;
    Ok(NewHorse {
        name,
        min_level,
        max_level,
        max_rider_weight_kg: w,
        max_lessons_per_day: l,
        max_work_minutes_per_day: m,
        min_rest_minutes: r,
        rest_weekdays: d,
        school_horse: i.school_horse,
        active: i.active,
        notes,
        availability,
    })
}

/// Binds `$1..$11` of the INSERT and the UPDATE.
fn bind<'q>(q: Statement<'q>, h: &'q NewHorse) -> Statement<'q> {
    q.bind(&h.name)
        .bind(&h.min_level)
        .bind(&h.max_level)
        .bind(h.max_rider_weight_kg)
        .bind(h.max_lessons_per_day)
        .bind(h.max_work_minutes_per_day)
        .bind(h.min_rest_minutes)
        .bind(&h.rest_weekdays)
        .bind(h.school_horse)
        .bind(h.active)
        .bind(&h.notes)
}

const COLUMNS: &str = "id, name, min_level, max_level, max_rider_weight_kg, max_lessons_per_day, \
    max_work_minutes_per_day, min_rest_minutes, rest_weekdays, school_horse, active, notes, \
    created_at, updated_at";

/// Every horse row.
pub(crate) async fn all_rows(db: &Db) -> Result<Vec<HorseRow>> {
    let sql = format!("SELECT {COLUMNS} FROM horses ORDER BY name, id");
    Ok(sqlx::query_as(&sql).fetch_all(db.pool()).await?)
}

async fn fetch(db: &Db, id: i64) -> Result<Horse> {
    let sql = format!("SELECT {COLUMNS} FROM horses WHERE id = $1");
    let row: HorseRow = sqlx::query_as(&sql).bind(id).fetch_one(db.pool()).await?;
    Ok(row.with(availability::windows_of(db, WEEKLY, OWNER, id).await?))
}

/// Inserts a horse (also used by the demo seed).
pub(crate) async fn insert(db: &Db, input: &HorseInput) -> Result<i64> {
    let h = parse(input)?;
    let now = instant::now();
    let mut tx = db.pool().begin().await?;
    let sql = "INSERT INTO horses (name, min_level, max_level, max_rider_weight_kg, \
               max_lessons_per_day, max_work_minutes_per_day, min_rest_minutes, rest_weekdays, \
               school_horse, active, notes, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";
    let id: i64 = bind(sqlx::query(sql), &h)
        .bind(&now)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
    availability::replace_windows(&mut tx, WEEKLY, OWNER, id, &h.availability).await?;
    tx.commit().await?;
    Ok(id)
}

/// List horses.
#[utoipa::path(get, path = "/horses", tag = "horses", security(("bearer" = [])),
    responses((status = 200, body = [Horse])))]
async fn list(State(state): State<AppState>) -> Result<Json<Vec<Horse>>> {
    let rows = all_rows(&state.db).await?;
    let mut windows = availability::windows_by_owner(&state.db, WEEKLY, OWNER).await?;
    Ok(Json(
        rows.into_iter()
            .map(|row| {
                let mine = windows.remove(&row.id).unwrap_or_default();
                row.with(mine)
            })
            .collect(),
    ))
}

/// Create a horse.
#[utoipa::path(post, path = "/horses", tag = "horses", security(("bearer" = [])), request_body = HorseInput,
    responses((status = 201, body = Horse), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
async fn create(
    _: AdminOnly,
    State(state): State<AppState>,
    Json(input): Json<HorseInput>,
) -> Result<(StatusCode, Json<Horse>)> {
    let id = insert(&state.db, &input).await?;
    Ok(resource::created(fetch(&state.db, id).await?))
}

/// One horse.
#[utoipa::path(get, path = "/horses/{id}", tag = "horses", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = Horse), (status = 404)))]
async fn get_one(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<Horse>> {
    Ok(Json(fetch(&state.db, id).await?))
}

/// Replace a horse and its weekly availability.
#[utoipa::path(put, path = "/horses/{id}", tag = "horses", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = HorseInput,
    responses((status = 200, body = Horse), (status = 404), (status = 422, body = crate::error::ErrorBody)))]
async fn update(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(input): Json<HorseInput>,
) -> Result<Json<Horse>> {
    let h = parse(&input)?;
    let mut tx = state.db.pool().begin().await?;
    let sql = "UPDATE horses SET name = $1, min_level = $2, max_level = $3, \
               max_rider_weight_kg = $4, max_lessons_per_day = $5, \
               max_work_minutes_per_day = $6, min_rest_minutes = $7, rest_weekdays = $8, \
               school_horse = $9, active = $10, notes = $11, updated_at = $12 WHERE id = $13";
    let done = bind(sqlx::query(sql), &h)
        .bind(instant::now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    resource::found(done)?;
    availability::replace_windows(&mut tx, WEEKLY, OWNER, id, &h.availability).await?;
    tx.commit().await?;
    Ok(Json(fetch(&state.db, id).await?))
}

/// Delete a horse.
#[utoipa::path(delete, path = "/horses/{id}", tag = "horses", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 404), (status = 409)))]
async fn delete(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<StatusCode> {
    resource::delete(&state.db, "horses", id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A horse's vet holds.
#[utoipa::path(get, path = "/horses/{id}/vet-holds", tag = "horses", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = [Interval]), (status = 404)))]
async fn list_holds(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Interval>>> {
    Ok(Json(
        availability::intervals_of(&state.db, HOLDS, OWNER, "horses", id).await?,
    ))
}

/// Put a horse on a vet hold for an interval.
#[utoipa::path(post, path = "/horses/{id}/vet-holds", tag = "horses", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = IntervalInput,
    responses((status = 201, body = Interval), (status = 404), (status = 422, body = crate::error::ErrorBody)))]
async fn create_hold(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(input): Json<IntervalInput>,
) -> Result<(StatusCode, Json<Interval>)> {
    let hold = availability::insert_interval(&state.db, HOLDS, OWNER, id, &input).await?;
    Ok(resource::created(hold))
}

/// Lift a vet hold.
#[utoipa::path(delete, path = "/horses/{id}/vet-holds/{hold_id}", tag = "horses",
    security(("bearer" = [])), params(("id" = i64, Path), ("hold_id" = i64, Path)),
    responses((status = 204), (status = 404)))]
async fn delete_hold(
    _: AdminOnly,
    State(state): State<AppState>,
    Path((id, hold_id)): Path<(i64, i64)>,
) -> Result<StatusCode> {
    availability::delete_interval(&state.db, HOLDS, OWNER, id, hold_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
