//! Arenas: tags, capacity in space units, closures (a sub-resource). Staff read, admins write.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sqlx::Row as _;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::availability::{self, Interval, IntervalInput};
use super::extract::{Json, Path};
use super::resource::{self, Statement};
use crate::auth::AdminOnly;
use crate::db::{Db, Flag};
use crate::domain::{self, parse_all};
use crate::error::Result;
use crate::instant;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(list_closures, create_closure))
        .routes(routes!(delete_closure))
}

pub(crate) const CLOSURES: &str = "arena_closures";
pub(crate) const OWNER: &str = "arena_id";

/// An arena.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct Arena {
    pub id: i64,
    pub name: String,
    /// `indoor`, `jumping`, `dressage`, ...
    pub tags: Vec<String>,
    /// Space units available at any instant (a private lesson typically uses one per rider).
    pub capacity: i64,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(sqlx::FromRow)]
struct ArenaRow {
    id: i64,
    name: String,
    tags: String,
    capacity: i64,
    active: Flag,
    created_at: String,
    updated_at: String,
}

impl From<ArenaRow> for Arena {
    fn from(r: ArenaRow) -> Arena {
        Arena {
            id: r.id,
            name: r.name,
            tags: domain::json_list(&r.tags),
            capacity: r.capacity,
            active: r.active.0,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// Create or replace an arena.
#[derive(Deserialize, ToSchema)]
pub(crate) struct ArenaInput {
    pub name: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub capacity: i64,
    #[serde(default = "resource::yes")]
    pub active: bool,
}

struct NewArena {
    name: String,
    tags: String,
    capacity: i64,
    active: bool,
}

fn parse(i: &ArenaInput) -> Result<NewArena> {
    let name = domain::text("name", &i.name, 100);
    let tags = domain::tags("tags", &i.tags);
    let cap = domain::int_in("capacity", i.capacity, 1, 1000);
    let (name, tags, capacity) = parse_all!(name, tags, cap)?;
    Ok(NewArena {
        name,
        tags,
        capacity,
        active: i.active,
    })
}

/// Binds `$1..$4` of the INSERT and the UPDATE.
fn bind<'q>(q: Statement<'q>, a: &'q NewArena) -> Statement<'q> {
    q.bind(&a.name)
        .bind(&a.tags)
        .bind(a.capacity)
        .bind(a.active)
}

const COLUMNS: &str = "id, name, tags, capacity, active, created_at, updated_at";

/// Every arena.
pub(crate) async fn all(db: &Db) -> Result<Vec<Arena>> {
    let sql = format!("SELECT {COLUMNS} FROM arenas ORDER BY name, id");
    let rows: Vec<ArenaRow> = sqlx::query_as(&sql).fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(Arena::from).collect())
}

async fn fetch(db: &Db, id: i64) -> Result<Arena> {
    let sql = format!("SELECT {COLUMNS} FROM arenas WHERE id = $1");
    let row: ArenaRow = sqlx::query_as(&sql).bind(id).fetch_one(db.pool()).await?;
    Ok(row.into())
}

/// Inserts an arena (also used by the demo seed).
pub(crate) async fn insert(db: &Db, input: &ArenaInput) -> Result<i64> {
    let a = parse(input)?;
    let now = instant::now();
    let sql = "INSERT INTO arenas (name, tags, capacity, active, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    let row = bind(sqlx::query(sql), &a)
        .bind(&now)
        .bind(&now)
        .fetch_one(db.pool())
        .await?;
    Ok(row.try_get("id")?)
}

/// List arenas.
#[utoipa::path(get, path = "/arenas", tag = "arenas", security(("bearer" = [])),
    responses((status = 200, body = [Arena])))]
async fn list(State(state): State<AppState>) -> Result<Json<Vec<Arena>>> {
    Ok(Json(all(&state.db).await?))
}

/// Create an arena.
#[utoipa::path(post, path = "/arenas", tag = "arenas", security(("bearer" = [])), request_body = ArenaInput,
    responses((status = 201, body = Arena), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
async fn create(
    _: AdminOnly,
    State(state): State<AppState>,
    Json(input): Json<ArenaInput>,
) -> Result<(StatusCode, Json<Arena>)> {
    let id = insert(&state.db, &input).await?;
    Ok(resource::created(fetch(&state.db, id).await?))
}

/// One arena.
#[utoipa::path(get, path = "/arenas/{id}", tag = "arenas", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = Arena), (status = 404)))]
async fn get_one(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<Arena>> {
    Ok(Json(fetch(&state.db, id).await?))
}

/// Replace an arena.
#[utoipa::path(put, path = "/arenas/{id}", tag = "arenas", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ArenaInput,
    responses((status = 200, body = Arena), (status = 404), (status = 422, body = crate::error::ErrorBody)))]
async fn update(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(input): Json<ArenaInput>,
) -> Result<Json<Arena>> {
    let a = parse(&input)?;
    let sql = "UPDATE arenas SET name = $1, tags = $2, capacity = $3, active = $4, \
               updated_at = $5 WHERE id = $6";
    let done = bind(sqlx::query(sql), &a)
        .bind(instant::now())
        .bind(id)
        .execute(state.db.pool())
        .await?;
    resource::found(done)?;
    Ok(Json(fetch(&state.db, id).await?))
}

/// Delete an arena.
#[utoipa::path(delete, path = "/arenas/{id}", tag = "arenas", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 404), (status = 409)))]
async fn delete(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<StatusCode> {
    resource::delete(&state.db, "arenas", id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An arena's closures.
#[utoipa::path(get, path = "/arenas/{id}/closures", tag = "arenas", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = [Interval]), (status = 404)))]
async fn list_closures(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Interval>>> {
    Ok(Json(
        availability::intervals_of(&state.db, CLOSURES, OWNER, "arenas", id).await?,
    ))
}

/// Close an arena for an interval.
#[utoipa::path(post, path = "/arenas/{id}/closures", tag = "arenas", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = IntervalInput,
    responses((status = 201, body = Interval), (status = 404), (status = 422, body = crate::error::ErrorBody)))]
async fn create_closure(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(input): Json<IntervalInput>,
) -> Result<(StatusCode, Json<Interval>)> {
    let c = availability::insert_interval(&state.db, CLOSURES, OWNER, id, &input).await?;
    Ok(resource::created(c))
}

/// Remove a closure.
#[utoipa::path(delete, path = "/arenas/{id}/closures/{closure_id}", tag = "arenas",
    security(("bearer" = [])), params(("id" = i64, Path), ("closure_id" = i64, Path)),
    responses((status = 204), (status = 404)))]
async fn delete_closure(
    _: AdminOnly,
    State(state): State<AppState>,
    Path((id, closure_id)): Path<(i64, i64)>,
) -> Result<StatusCode> {
    availability::delete_interval(&state.db, CLOSURES, OWNER, id, closure_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
