//! Time-slot templates (DB_014): the club's standard lesson slots. Staff read, admins write.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sqlx::Row as _;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
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
}

/// A slot template.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct SlotTemplate {
    pub id: i64,
    pub name: String,
    /// ISO weekdays the slot exists on.
    pub weekdays: Vec<i64>,
    pub start_time: String,
    pub end_time: String,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    weekdays: String,
    start_time: String,
    end_time: String,
    active: Flag,
    created_at: String,
    updated_at: String,
}

impl From<Row> for SlotTemplate {
    fn from(r: Row) -> Self {
        SlotTemplate {
            id: r.id,
            name: r.name,
            weekdays: domain::json_list(&r.weekdays),
            start_time: r.start_time,
            end_time: r.end_time,
            active: r.active.0,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// Create or replace a slot template.
#[derive(Deserialize, ToSchema)]
pub(crate) struct SlotTemplateInput {
    pub name: String,
    pub weekdays: Vec<i64>,
    pub start_time: String,
    pub end_time: String,
    #[serde(default = "resource::yes")]
    pub active: bool,
}

struct NewSlotTemplate {
    name: String,
    weekdays: String,
    start_time: String,
    end_time: String,
    active: bool,
}

fn parse(i: &SlotTemplateInput) -> Result<NewSlotTemplate> {
    let name = domain::text("name", &i.name, 100);
    let days = if i.weekdays.is_empty() {
        Err(vec![FieldError::new(
            "weekdays",
            "must name at least one weekday",
        )])
    } else {
        domain::weekdays("weekdays", &i.weekdays)
    };
    let window = domain::time_window("", &i.start_time, &i.end_time);
    let (name, weekdays, (start_time, end_time)) = parse_all!(name, days, window)?;
    Ok(NewSlotTemplate {
        name,
        weekdays,
        start_time,
        end_time,
        active: i.active,
    })
}

/// Binds `$1..$5` of the INSERT and the UPDATE.
fn bind<'q>(q: Statement<'q>, t: &'q NewSlotTemplate) -> Statement<'q> {
    q.bind(&t.name)
        .bind(&t.weekdays)
        .bind(&t.start_time)
        .bind(&t.end_time)
        .bind(t.active)
}

const COLUMNS: &str = "id, name, weekdays, start_time, end_time, active, created_at, updated_at";

async fn fetch(db: &Db, id: i64) -> Result<SlotTemplate> {
    let sql = format!("SELECT {COLUMNS} FROM time_slot_templates WHERE id = $1");
    let row: Row = sqlx::query_as(&sql).bind(id).fetch_one(db.pool()).await?;
    Ok(row.into())
}

/// Inserts a template (also used by the demo seed).
pub(crate) async fn insert(db: &Db, input: &SlotTemplateInput) -> Result<i64> {
    let t = parse(input)?;
    let now = instant::now();
    let sql = "INSERT INTO time_slot_templates (name, weekdays, start_time, end_time, active, \
               created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    let row = bind(sqlx::query(sql), &t)
        .bind(&now)
        .bind(&now)
        .fetch_one(db.pool())
        .await?;
    Ok(row.try_get("id")?)
}

/// List slot templates.
#[utoipa::path(get, path = "/slot-templates", tag = "slot-templates", security(("bearer" = [])),
    responses((status = 200, body = [SlotTemplate])))]
async fn list(State(state): State<AppState>) -> Result<Json<Vec<SlotTemplate>>> {
    let sql = format!("SELECT {COLUMNS} FROM time_slot_templates ORDER BY start_time, name");
    let rows: Vec<Row> = sqlx::query_as(&sql).fetch_all(state.db.pool()).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// Create a slot template.
#[utoipa::path(post, path = "/slot-templates", tag = "slot-templates", security(("bearer" = [])),
    request_body = SlotTemplateInput,
    responses((status = 201, body = SlotTemplate), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
async fn create(
    _: AdminOnly,
    State(state): State<AppState>,
    Json(input): Json<SlotTemplateInput>,
) -> Result<(StatusCode, Json<SlotTemplate>)> {
    let id = insert(&state.db, &input).await?;
    Ok(resource::created(fetch(&state.db, id).await?))
}

/// One slot template.
#[utoipa::path(get, path = "/slot-templates/{id}", tag = "slot-templates", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = SlotTemplate), (status = 404)))]
async fn get_one(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<SlotTemplate>> {
    Ok(Json(fetch(&state.db, id).await?))
}

/// Replace a slot template.
#[utoipa::path(put, path = "/slot-templates/{id}", tag = "slot-templates", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = SlotTemplateInput,
    responses((status = 200, body = SlotTemplate), (status = 404), (status = 422, body = crate::error::ErrorBody)))]
async fn update(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(input): Json<SlotTemplateInput>,
) -> Result<Json<SlotTemplate>> {
    let t = parse(&input)?;
    let sql = "UPDATE time_slot_templates SET name = $1, weekdays = $2, start_time = $3, \
               end_time = $4, active = $5, updated_at = $6 WHERE id = $7";
    let done = bind(sqlx::query(sql), &t)
        .bind(instant::now())
        .bind(id)
        .execute(state.db.pool())
        .await?;
    resource::found(done)?;
    Ok(Json(fetch(&state.db, id).await?))
}

/// Delete a slot template.
#[utoipa::path(delete, path = "/slot-templates/{id}", tag = "slot-templates", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 404)))]
async fn delete(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<StatusCode> {
    resource::delete(&state.db, "time_slot_templates", id).await?;
    Ok(StatusCode::NO_CONTENT)
}
