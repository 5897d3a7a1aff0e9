//! Members (riders). Staff read; admins and the front desk register and edit (walk-ins are
//! registered at the desk); only admins delete.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sqlx::Row as _;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::{Json, Path, Query};
use super::resource::{self, Statement};
use crate::auth::{AdminOnly, DeskOrAdmin};
use crate::db::Db;
use crate::domain::{self, parse_all};
use crate::error::{Error, Result};
use crate::instant;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
}

/// A member.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct Member {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    /// `beginner`, `novice`, `intermediate`, `advanced` or `expert`.
    pub level: String,
    pub weight_kg: Option<i64>,
    pub notes: String,
    /// Whether the member logs in through WeChat.
    pub has_wechat: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// Create or replace a member (staff side).
#[derive(Deserialize, ToSchema)]
pub(crate) struct MemberInput {
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// Defaults to `beginner`.
    #[serde(default)]
    pub level: Option<String>,
    #[serde(default)]
    pub weight_kg: Option<i64>,
    #[serde(default)]
    pub notes: Option<String>,
}

pub(crate) struct NewMember {
    pub name: String,
    pub phone: Option<String>,
    pub level: String,
    pub weight_kg: Option<i64>,
    pub notes: String,
}

pub(crate) fn parse(input: &MemberInput) -> Result<NewMember> {
    let name = domain::text("name", &input.name, 100);
    let phone = match domain::opt_text("phone", input.phone.as_deref(), 32) {
        Ok(Some(p))
            if !p
                .chars()
                .all(|c| c.is_ascii_digit() || c == '+' || c == '-') =>
        {
            Err(vec![crate::error::FieldError::new(
                "phone",
                "must contain digits only",
            )])
        }
        other => other,
    };
    let level = domain::level("level", input.level.as_deref().unwrap_or("beginner"));
    let weight = domain::opt_int_in("weight_kg", input.weight_kg, 10, 250);
    let notes = domain::free_text("notes", input.notes.as_deref(), 2000);
    let (name, phone, level, weight_kg, notes) = parse_all!(name, phone, level, weight, notes)?;
    Ok(NewMember {
        name,
        phone,
        level: level.as_str().to_owned(),
        weight_kg,
        notes,
    })
}

const COLUMNS: &str = "id, name, phone, level, weight_kg, notes, created_at, updated_at, \
                       wechat_openid";

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: i64,
    name: String,
    phone: Option<String>,
    level: String,
    weight_kg: Option<i64>,
    notes: String,
    created_at: String,
    updated_at: String,
    wechat_openid: Option<String>,
}

fn finish(r: MemberRow) -> Member {
    Member {
        id: r.id,
        name: r.name,
        phone: r.phone,
        level: r.level,
        weight_kg: r.weight_kg,
        notes: r.notes,
        has_wechat: r.wechat_openid.is_some(),
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

/// One member.
pub(crate) async fn fetch(db: &Db, id: i64) -> Result<Member> {
    let sql = format!("SELECT {COLUMNS} FROM members WHERE id = $1");
    let row: MemberRow = sqlx::query_as(&sql).bind(id).fetch_one(db.pool()).await?;
    Ok(finish(row))
}

/// Binds `$1..$5` of the INSERT and the UPDATE.
fn bind<'q>(q: Statement<'q>, m: &'q NewMember) -> Statement<'q> {
    q.bind(&m.name)
        .bind(&m.phone)
        .bind(&m.level)
        .bind(m.weight_kg)
        .bind(&m.notes)
}

/// Creates a member.
pub(crate) async fn insert(db: &Db, m: &NewMember, openid: Option<&str>) -> Result<i64> {
    let now = instant::now();
    let sql = "INSERT INTO members (name, phone, level, weight_kg, notes, wechat_openid, \
               created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let row = bind(sqlx::query(sql), m)
        .bind(openid)
        .bind(&now)
        .bind(&now)
        .fetch_one(db.pool())
        .await?;
    Ok(row.try_get("id")?)
}

/// Replaces a member's fields.
pub(crate) async fn replace(db: &Db, id: i64, m: &NewMember) -> Result<()> {
    let sql = "UPDATE members SET name = $1, phone = $2, level = $3, weight_kg = $4, \
               notes = $5, updated_at = $6 WHERE id = $7";
    let done = bind(sqlx::query(sql), m)
        .bind(instant::now())
        .bind(id)
        .execute(db.pool())
        .await?;
    resource::found(done)
}

/// The member with this openid, created on first login. Safe under concurrent first logins:
/// the unique openid decides, the loser reads the winner's row.
pub(crate) async fn upsert_by_openid(db: &Db, openid: &str) -> Result<(Member, bool)> {
    let find = || async {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM members WHERE wechat_openid = $1")
            .bind(openid)
            .fetch_optional(db.pool())
            .await?;
        Ok::<_, Error>(id)
    };
    if let Some(id) = find().await? {
        return Ok((fetch(db, id).await?, false));
    }
    let new = NewMember {
        name: "WeChat member".into(),
        phone: None,
        level: "beginner".into(),
        weight_kg: None,
        notes: String::new(),
    };
    match insert(db, &new, Some(openid)).await {
        Ok(id) => Ok((fetch(db, id).await?, true)),
        Err(Error::Conflict { .. }) => {
            let id = find().await?.ok_or(Error::NotFound)?;
            Ok((fetch(db, id).await?, false))
        }
        Err(e) => Err(e),
    }
}

/// Search and paging of the member list.
#[derive(Deserialize, IntoParams)]
struct ListQuery {
    /// Part of the name or phone.
    q: Option<String>,
    /// 1-based page (default 1).
    page: Option<i64>,
    /// Page size, 1..=200 (default 50).
    per_page: Option<i64>,
}

/// A page of members.
#[derive(Serialize, ToSchema)]
struct MemberPage {
    items: Vec<Member>,
    total: i64,
    page: i64,
    per_page: i64,
}

/// List members.
#[utoipa::path(get, path = "/members", tag = "members", security(("bearer" = [])),
    params(ListQuery), responses((status = 200, body = MemberPage)))]
async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Json<MemberPage>> {
    let paging = domain::paging(q.page, q.per_page, 50, 200);
    let text = domain::search("q", q.q.as_deref());
    let (paging, text) = parse_all!(paging, text)?;
    let pattern = format!("%{}%", text.unwrap_or_default().to_lowercase());
    let filter = "WHERE LOWER(name) LIKE $1 OR COALESCE(phone, '') LIKE $2";
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM members {filter}"))
        .bind(&pattern)
        .bind(&pattern)
        .fetch_one(state.db.pool())
        .await?;
    let sql =
        format!("SELECT {COLUMNS} FROM members {filter} ORDER BY name, id LIMIT $3 OFFSET $4");
    let rows: Vec<MemberRow> = sqlx::query_as(&sql)
        .bind(&pattern)
        .bind(&pattern)
        .bind(paging.per_page)
        .bind(paging.offset())
        .fetch_all(state.db.pool())
        .await?;
    Ok(Json(MemberPage {
        items: rows.into_iter().map(finish).collect(),
        total,
        page: paging.page,
        per_page: paging.per_page,
    }))
}

/// Register a member (admin or front desk).
#[utoipa::path(post, path = "/members", tag = "members", security(("bearer" = [])), request_body = MemberInput,
    responses((status = 201, body = Member), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
async fn create(
    _: DeskOrAdmin,
    State(state): State<AppState>,
    Json(input): Json<MemberInput>,
) -> Result<(StatusCode, Json<Member>)> {
    let m = parse(&input)?;
    let id = insert(&state.db, &m, None).await?;
    Ok(resource::created(fetch(&state.db, id).await?))
}

/// One member.
#[utoipa::path(get, path = "/members/{id}", tag = "members", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = Member), (status = 404)))]
async fn get_one(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<Member>> {
    Ok(Json(fetch(&state.db, id).await?))
}

/// Replace a member (admin or front desk).
#[utoipa::path(put, path = "/members/{id}", tag = "members", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = MemberInput,
    responses((status = 200, body = Member), (status = 404), (status = 422, body = crate::error::ErrorBody)))]
async fn update(
    _: DeskOrAdmin,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(input): Json<MemberInput>,
) -> Result<Json<Member>> {
    let m = parse(&input)?;
    replace(&state.db, id, &m).await?;
    Ok(Json(fetch(&state.db, id).await?))
}

/// Delete a member (admin).
#[utoipa::path(delete, path = "/members/{id}", tag = "members", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 404), (status = 409)))]
async fn delete(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<StatusCode> {
    resource::delete(&state.db, "members", id).await?;
    Ok(StatusCode::NO_CONTENT)
}
