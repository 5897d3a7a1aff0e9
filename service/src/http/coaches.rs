//! Coaches: qualifications (tags), daily limits, weekly availability (replaced as a whole with
//! the coach) and dated exceptions (a sub-resource). Staff read, admins write.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sqlx::Row as _;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::availability::{self, Window};
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
        .routes(routes!(list_exceptions, create_exception))
        .routes(routes!(delete_exception))
}

pub(crate) const WEEKLY: &str = "coach_weekly_availability";
pub(crate) const OWNER: &str = "coach_id";

/// A coach with their weekly availability.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct Coach {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    /// Tags a lesson kind may require (`dressage`, `jumping`, `beginners`...).
    pub qualifications: Vec<String>,
    pub max_lessons_per_day: Option<i64>,
    pub max_work_minutes_per_day: Option<i64>,
    pub active: bool,
    pub availability: Vec<Window>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct CoachRow {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    pub qualifications: String,
    pub max_lessons_per_day: Option<i64>,
    pub max_work_minutes_per_day: Option<i64>,
    pub active: Flag,
    pub created_at: String,
    pub updated_at: String,
}

impl CoachRow {
    pub(crate) fn with(self, availability: Vec<Window>) -> Coach {
        Coach {
            id: self.id,
            name: self.name,
            phone: self.phone,
            qualifications: domain::json_list(&self.qualifications),
            max_lessons_per_day: self.max_lessons_per_day,
            max_work_minutes_per_day: self.max_work_minutes_per_day,
            active: self.active.0,
            availability,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// Create or replace a coach.
#[derive(Deserialize, ToSchema)]
pub(crate) struct CoachInput {
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub qualifications: Vec<String>,
    #[serde(default)]
    pub max_lessons_per_day: Option<i64>,
    #[serde(default)]
    pub max_work_minutes_per_day: Option<i64>,
    #[serde(default = "resource::yes")]
    pub active: bool,
    /// Weekly windows; replaces the stored ones.
    #[serde(default)]
    pub availability: Vec<Window>,
}

struct NewCoach {
    name: String,
    phone: Option<String>,
    qualifications: String,
    max_lessons_per_day: Option<i64>,
    max_work_minutes_per_day: Option<i64>,
    active: bool,
    availability: Vec<Window>,
}

fn parse(input: &CoachInput) -> Result<NewCoach> {
    let name = domain::text("name", &input.name, 100);
    let phone = domain::opt_text("phone", input.phone.as_deref(), 32);
    let quals = domain::tags("qualifications", &input.qualifications);
    let lessons = domain::opt_int_in("max_lessons_per_day", input.max_lessons_per_day, 1, 24);
    let minutes = domain::opt_int_in(
        "max_work_minutes_per_day",
        input.max_work_minutes_per_day,
        1,
        24 * 60,
    );
    let windows = availability::parse_windows("availability", &input.availability);
    let (name, phone, qualifications, max_lessons_per_day, max_work_minutes_per_day, availability) =
        parse_all!(name, phone, quals, lessons, minutes, windows)?;
    Ok(NewCoach {
        name,
        phone,
        qualifications,
        max_lessons_per_day,
        max_work_minutes_per_day,
        active: input.active,
        availability,
    })
}

/// Binds `$1..$6` of the INSERT and the UPDATE.
fn bind<'q>(q: Statement<'q>, c: &'q NewCoach) -> Statement<'q> {
    q.bind(&c.name)
        .bind(&c.phone)
        .bind(&c.qualifications)
        .bind(c.max_lessons_per_day)
        .bind(c.max_work_minutes_per_day)
        .bind(c.active)
}

const COLUMNS: &str = "id, name, phone, qualifications, max_lessons_per_day, \
                       max_work_minutes_per_day, active, created_at, updated_at";

/// Every coach row (the scheduling problem builder reads these too).
pub(crate) async fn all_rows(db: &Db) -> Result<Vec<CoachRow>> {
    let sql = format!("SELECT {COLUMNS} FROM coaches ORDER BY name, id");
    Ok(sqlx::query_as(&sql).fetch_all(db.pool()).await?)
}

async fn fetch(db: &Db, id: i64) -> Result<Coach> {
    let sql = format!("SELECT {COLUMNS} FROM coaches WHERE id = $1");
    let row: CoachRow = sqlx::query_as(&sql).bind(id).fetch_one(db.pool()).await?;
    let windows = availability::windows_of(db, WEEKLY, OWNER, id).await?;
    Ok(row.with(windows))
}

/// Inserts a coach and their windows (also used by the demo seed).
pub(crate) async fn insert(db: &Db, input: &CoachInput) -> Result<i64> {
    let c = parse(input)?;
    let now = instant::now();
    let mut tx = db.pool().begin().await?;
    let sql = "INSERT INTO coaches (name, phone, qualifications, max_lessons_per_day, \
               max_work_minutes_per_day, active, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let id: i64 = bind(sqlx::query(sql), &c)
        .bind(&now)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
    availability::replace_windows(&mut tx, WEEKLY, OWNER, id, &c.availability).await?;
    tx.commit().await?;
    Ok(id)
}

/// List coaches.
#[utoipa::path(get, path = "/coaches", tag = "coaches", security(("bearer" = [])),
    responses((status = 200, body = [Coach])))]
async fn list(State(state): State<AppState>) -> Result<Json<Vec<Coach>>> {
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

/// Create a coach.
#[utoipa::path(post, path = "/coaches", tag = "coaches", security(("bearer" = [])), request_body = CoachInput,
    responses((status = 201, body = Coach), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
async fn create(
    _: AdminOnly,
    State(state): State<AppState>,
    Json(input): Json<CoachInput>,
) -> Result<(StatusCode, Json<Coach>)> {
    let id = insert(&state.db, &input).await?;
    Ok(resource::created(fetch(&state.db, id).await?))
}

/// One coach.
#[utoipa::path(get, path = "/coaches/{id}", tag = "coaches", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = Coach), (status = 404)))]
async fn get_one(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<Coach>> {
    Ok(Json(fetch(&state.db, id).await?))
}

/// Replace a coach and their weekly availability.
#[utoipa::path(put, path = "/coaches/{id}", tag = "coaches", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = CoachInput,
    responses((status = 200, body = Coach), (status = 404), (status = 422, body = crate::error::ErrorBody)))]
async fn update(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(input): Json<CoachInput>,
) -> Result<Json<Coach>> {
    let c = parse(&input)?;
    let mut tx = state.db.pool().begin().await?;
    let sql = "UPDATE coaches SET name = $1, phone = $2, qualifications = $3, \
               max_lessons_per_day = $4, max_work_minutes_per_day = $5, active = $6, \
               updated_at = $7 WHERE id = $8";
    let done = bind(sqlx::query(sql), &c)
        .bind(instant::now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    resource::found(done)?;
    availability::replace_windows(&mut tx, WEEKLY, OWNER, id, &c.availability).await?;
    tx.commit().await?;
    Ok(Json(fetch(&state.db, id).await?))
}

/// Delete a coach (their availability goes with them).
#[utoipa::path(delete, path = "/coaches/{id}", tag = "coaches", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 404), (status = 409)))]
async fn delete(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<StatusCode> {
    resource::delete(&state.db, "coaches", id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A dated exception to a coach's weekly hours.
#[derive(Debug, Clone, Serialize, ToSchema, sqlx::FromRow)]
pub(crate) struct CoachException {
    pub id: i64,
    pub coach_id: i64,
    /// Local date `YYYY-MM-DD`.
    pub date: String,
    /// Local `HH:MM`; absent with `end_time` = the whole day.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    /// `false`: off (the window or the whole day); `true`: extra hours (needs a window).
    #[schema(value_type = bool)]
    pub available: Flag,
    pub reason: String,
}

/// A new exception.
#[derive(Deserialize, ToSchema)]
struct ExceptionInput {
    date: String,
    #[serde(default)]
    start_time: Option<String>,
    #[serde(default)]
    end_time: Option<String>,
    #[serde(default)]
    available: bool,
    #[serde(default)]
    reason: Option<String>,
}

/// Every exception in a date range (inclusive, local dates), all coaches.
#[cfg_attr(not(feature = "scheduling"), allow(dead_code))]
pub(crate) async fn exceptions_between(
    db: &Db,
    from: &str,
    to: &str,
) -> Result<Vec<CoachException>> {
    Ok(sqlx::query_as(
        "SELECT id, coach_id, date, start_time, end_time, available, reason \
         FROM coach_availability_exceptions WHERE date >= $1 AND date <= $2 ORDER BY coach_id, date",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await?)
}

/// A coach's exceptions.
#[utoipa::path(get, path = "/coaches/{id}/exceptions", tag = "coaches", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = [CoachException]), (status = 404)))]
async fn list_exceptions(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<CoachException>>> {
    fetch(&state.db, id).await?;
    Ok(Json(
        sqlx::query_as(
            "SELECT id, coach_id, date, start_time, end_time, available, reason \
             FROM coach_availability_exceptions WHERE coach_id = $1 ORDER BY date, start_time",
        )
        .bind(id)
        .fetch_all(state.db.pool())
        .await?,
    ))
}

/// Add an exception (a day off, an hour off, extra hours).
#[utoipa::path(post, path = "/coaches/{id}/exceptions", tag = "coaches", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ExceptionInput,
    responses((status = 201, body = CoachException), (status = 404), (status = 422, body = crate::error::ErrorBody)))]
async fn create_exception(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(input): Json<ExceptionInput>,
) -> Result<(StatusCode, Json<CoachException>)> {
    let date = domain::local_date("date", &input.date);
    let window = match (&input.start_time, &input.end_time) {
        (None, None) if input.available => Err(vec![FieldError::new(
            "start_time",
            "extra availability needs start_time and end_time",
        )]),
        (None, None) => Ok(None),
        (Some(s), Some(e)) => domain::time_window("", s, e).map(Some),
        _ => Err(vec![FieldError::new(
            "end_time",
            "give both start_time and end_time, or neither",
        )]),
    };
    let reason = domain::free_text("reason", input.reason.as_deref(), 500);
    let (date, window, reason) = parse_all!(date, window, reason)?;
    fetch(&state.db, id).await?;
    let (start_time, end_time) = window.unzip();
    let date = date.format("%Y-%m-%d").to_string();
    let new_id: i64 = sqlx::query_scalar(
        "INSERT INTO coach_availability_exceptions (coach_id, date, start_time, end_time, \
         available, reason) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(id)
    .bind(&date)
    .bind(&start_time)
    .bind(&end_time)
    .bind(input.available)
    .bind(&reason)
    .fetch_one(state.db.pool())
    .await?;
    Ok(resource::created(CoachException {
        id: new_id,
        coach_id: id,
        date,
        start_time,
        end_time,
        available: Flag(input.available),
        reason,
    }))
}

/// Remove an exception.
#[utoipa::path(delete, path = "/coaches/{id}/exceptions/{exception_id}", tag = "coaches",
    security(("bearer" = [])), params(("id" = i64, Path), ("exception_id" = i64, Path)),
    responses((status = 204), (status = 404)))]
async fn delete_exception(
    _: AdminOnly,
    State(state): State<AppState>,
    Path((id, exception_id)): Path<(i64, i64)>,
) -> Result<StatusCode> {
    let done =
        sqlx::query("DELETE FROM coach_availability_exceptions WHERE id = $1 AND coach_id = $2")
            .bind(exception_id)
            .bind(id)
            .execute(state.db.pool())
            .await?;
    resource::found(done)?;
    Ok(StatusCode::NO_CONTENT)
}
