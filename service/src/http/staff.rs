//! Staff users and their roles (admin only, reads included), and `/me` for every staff user.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::{Json, Path};
use super::resource;
use crate::auth::{AdminOnly, Role, StaffPrincipal, password};
use crate::db::{Db, Flag};
use crate::domain::{self, parse_all};
use crate::error::{Error, Result};
use crate::instant;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(me))
}

/// A hash no password matches, used to spend the same time on unknown usernames.
pub(crate) const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1b4l6Ew3Q0Jt1Rk5oXf3rEaXH0JqvU0Yt1C1S8m8b8E";

/// A staff user (never with the password hash).
#[derive(Debug, Clone, Serialize, ToSchema, sqlx::FromRow)]
pub(crate) struct StaffUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    /// `admin`, `front_desk` or `coach`.
    pub role: String,
    /// The coach record of a coach's login.
    pub coach_id: Option<i64>,
    #[schema(value_type = bool)]
    pub active: Flag,
    pub created_at: String,
    pub updated_at: String,
}

/// Create or replace a staff user. `password` is required on create, optional on update.
#[derive(Deserialize, ToSchema)]
struct StaffInput {
    username: String,
    display_name: String,
    /// `admin`, `front_desk` or `coach`.
    role: String,
    #[serde(default)]
    coach_id: Option<i64>,
    #[serde(default = "resource::yes")]
    active: bool,
    /// At least 8 characters.
    #[serde(default)]
    password: Option<String>,
}

struct NewStaff {
    username: String,
    display_name: String,
    role: Role,
    coach_id: Option<i64>,
    active: bool,
    password: Option<String>,
}

fn parse(input: StaffInput, creating: bool) -> Result<NewStaff> {
    let username = domain::text("username", &input.username, 64);
    let display_name = domain::text("display_name", &input.display_name, 100);
    let role = match Role::parse_staff(&input.role) {
        Some(r) => Ok(r),
        None => Err(vec![crate::error::FieldError::new(
            "role",
            "must be admin, front_desk or coach",
        )]),
    };
    let pw = match (&input.password, creating) {
        (Some(p), _) if p.chars().count() >= 8 && p.len() <= 256 => Ok(Some(p.clone())),
        (None, false) => Ok(None),
        _ => Err(vec![crate::error::FieldError::new(
            "password",
            "must be 8 to 256 characters",
        )]),
    };
    let (username, display_name, role, password) = parse_all!(username, display_name, role, pw)?;
    Ok(NewStaff {
        username,
        display_name,
        role,
        coach_id: input.coach_id,
        active: input.active,
        password,
    })
}

const COLUMNS: &str = "id, username, display_name, role, coach_id, active, created_at, updated_at";

/// A linked coach must exist: a 422 on `coach_id`, rather than the foreign key's 409.
async fn check_coach(db: &Db, coach_id: Option<i64>) -> Result<()> {
    let Some(id) = coach_id else {
        return Ok(());
    };
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM coaches WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(Error::invalid("coach_id", "no such coach")),
    }
}

/// Creates a staff user with an already parsed role (also used by the demo seed).
pub(crate) async fn insert(
    db: &Db,
    username: &str,
    display_name: &str,
    role: Role,
    coach_id: Option<i64>,
    password_hash: &str,
) -> Result<i64> {
    let now = instant::now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO staff_users (username, password_hash, display_name, role, coach_id, active, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, TRUE, $6, $7) RETURNING id",
    )
    .bind(username)
    .bind(password_hash)
    .bind(display_name)
    .bind(role.as_str())
    .bind(coach_id)
    .bind(&now)
    .bind(&now)
    .fetch_one(db.pool())
    .await?;
    Ok(id)
}

async fn fetch(db: &Db, id: i64) -> Result<StaffUser> {
    let sql = format!("SELECT {COLUMNS} FROM staff_users WHERE id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_one(db.pool()).await?)
}

/// The user and password hash for a username.
pub(crate) async fn find_credentials(
    db: &Db,
    username: &str,
) -> Result<Option<(StaffUser, String)>> {
    let sql = format!("SELECT {COLUMNS} FROM staff_users WHERE username = $1");
    let Some(user) = sqlx::query_as::<_, StaffUser>(&sql)
        .bind(username)
        .fetch_optional(db.pool())
        .await?
    else {
        return Ok(None);
    };
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM staff_users WHERE id = $1")
        .bind(user.id)
        .fetch_one(db.pool())
        .await?;
    Ok(Some((user, hash)))
}

/// Number of staff users (the demo seed checks for an empty club).
pub(crate) async fn count(db: &Db) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM staff_users")
        .fetch_one(db.pool())
        .await?)
}

/// List staff users.
#[utoipa::path(get, path = "/staff", tag = "staff", security(("bearer" = [])),
    responses((status = 200, body = [StaffUser])))]
async fn list(_: AdminOnly, State(state): State<AppState>) -> Result<Json<Vec<StaffUser>>> {
    let sql = format!("SELECT {COLUMNS} FROM staff_users ORDER BY username");
    Ok(Json(sqlx::query_as(&sql).fetch_all(state.db.pool()).await?))
}

/// Create a staff user.
#[utoipa::path(post, path = "/staff", tag = "staff", security(("bearer" = [])), request_body = StaffInput,
    responses((status = 201, body = StaffUser), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
async fn create(
    _: AdminOnly,
    State(state): State<AppState>,
    Json(input): Json<StaffInput>,
) -> Result<(StatusCode, Json<StaffUser>)> {
    let s = parse(input, true)?;
    check_coach(&state.db, s.coach_id).await?;
    let hash = password::hash_blocking(s.password.unwrap_or_default()).await?;
    let id = insert(
        &state.db,
        &s.username,
        &s.display_name,
        s.role,
        s.coach_id,
        &hash,
    )
    .await?;
    if !s.active {
        sqlx::query("UPDATE staff_users SET active = FALSE WHERE id = $1")
            .bind(id)
            .execute(state.db.pool())
            .await?;
    }
    Ok(resource::created(fetch(&state.db, id).await?))
}

/// One staff user.
#[utoipa::path(get, path = "/staff/{id}", tag = "staff", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = StaffUser), (status = 404)))]
async fn get_one(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<StaffUser>> {
    Ok(Json(fetch(&state.db, id).await?))
}

/// Replace a staff user (the password only when given).
#[utoipa::path(put, path = "/staff/{id}", tag = "staff", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = StaffInput,
    responses((status = 200, body = StaffUser), (status = 404), (status = 422, body = crate::error::ErrorBody)))]
async fn update(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(input): Json<StaffInput>,
) -> Result<Json<StaffUser>> {
    let s = parse(input, false)?;
    check_coach(&state.db, s.coach_id).await?;
    let now = instant::now();
    let done = sqlx::query(
        "UPDATE staff_users SET username = $1, display_name = $2, role = $3, coach_id = $4, \
         active = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(&s.username)
    .bind(&s.display_name)
    .bind(s.role.as_str())
    .bind(s.coach_id)
    .bind(s.active)
    .bind(&now)
    .bind(id)
    .execute(state.db.pool())
    .await?;
    resource::found(done)?;
    if let Some(pw) = s.password {
        let hash = password::hash_blocking(pw).await?;
        sqlx::query("UPDATE staff_users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(id)
            .execute(state.db.pool())
            .await?;
    }
    Ok(Json(fetch(&state.db, id).await?))
}

/// Delete a staff user (not yourself).
#[utoipa::path(delete, path = "/staff/{id}", tag = "staff", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 404), (status = 409)))]
async fn delete(
    AdminOnly(me): AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<StatusCode> {
    if me.id == id {
        return Err(Error::conflict("you cannot delete your own account"));
    }
    resource::delete(&state.db, "staff_users", id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The calling staff user.
#[utoipa::path(get, path = "/me", tag = "staff", security(("bearer" = [])),
    responses((status = 200, body = StaffUser)))]
async fn me(
    StaffPrincipal(p): StaffPrincipal,
    State(state): State<AppState>,
) -> Result<Json<StaffUser>> {
    Ok(Json(fetch(&state.db, p.id).await?))
}
