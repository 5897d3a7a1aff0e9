//! Coupons (BE_008): CRUD for admins; the rules (validity, minimum spend, limits, rounding) are
//! paddock-catalog's. A coupon counts as used by every order that holds it and is not
//! cancelled or refunded.

use axum::extract::State;
use axum::http::StatusCode;
use paddock_catalog::pricing::{CouponDiscount, CouponSpec, CouponUsage};
use paddock_catalog::{Coupon, Fen, ProductType};
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
use crate::domain;
use crate::error::{Error, FieldError, Result};
use crate::instant;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
}

/// A coupon with its usage.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct CouponView {
    pub id: i64,
    pub code: String,
    pub discount: CouponDiscount,
    pub valid_from: String,
    pub valid_until: String,
    pub min_spend_fen: i64,
    pub total_limit: Option<i64>,
    pub per_member_limit: Option<i64>,
    pub product_types: Vec<ProductType>,
    pub active: bool,
    /// Orders holding the coupon (not cancelled or refunded).
    pub used: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// Create or replace a coupon.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct CouponInput {
    pub code: String,
    /// `{"kind": "fixed", "amount": 2000}` or `{"kind": "percent", "percent_off": 20, "max_discount": 5000}`.
    pub discount: CouponDiscount,
    /// RFC 3339.
    pub valid_from: String,
    /// RFC 3339, after `valid_from`.
    pub valid_until: String,
    #[serde(default)]
    pub min_spend_fen: i64,
    #[serde(default)]
    pub total_limit: Option<u32>,
    #[serde(default)]
    pub per_member_limit: Option<u32>,
    pub product_types: Vec<ProductType>,
    #[serde(default = "resource::yes")]
    pub active: bool,
}

fn parse(i: &CouponInput) -> Result<Coupon> {
    let code = domain::text("code", &i.code, 40);
    let from = domain::instant("valid_from", &i.valid_from);
    let until = domain::instant("valid_until", &i.valid_until);
    let (code, valid_from, valid_until) = domain::parse_all!(code, from, until)?;
    let spec = CouponSpec {
        code: code.to_uppercase(),
        discount: i.discount,
        valid_from,
        valid_until,
        min_spend: Fen(i.min_spend_fen),
        total_limit: i.total_limit,
        per_member_limit: i.per_member_limit,
        product_types: i.product_types.clone(),
    };
    // The catalog's messages start with the field they are about ("discount.amount: ...").
    Coupon::new(spec).map_err(|e| {
        let msg = e.to_string();
        let (field, message) = msg.split_once(": ").unwrap_or(("", msg.as_str()));
        let field = match field {
            "min_spend" => "min_spend_fen",
            f => f,
        };
        Error::Invalid(vec![FieldError::new(field, message)])
    })
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    code: String,
    discount_kind: String,
    amount_fen: Option<i64>,
    percent_off: Option<i64>,
    max_discount_fen: Option<i64>,
    valid_from: String,
    valid_until: String,
    min_spend_fen: i64,
    total_limit: Option<i64>,
    per_member_limit: Option<i64>,
    product_types: String,
    active: Flag,
    created_at: String,
    updated_at: String,
}

impl Row {
    fn discount(&self) -> CouponDiscount {
        if self.discount_kind == "fixed" {
            CouponDiscount::Fixed {
                amount: Fen(self.amount_fen.unwrap_or(0)),
            }
        } else {
            CouponDiscount::Percent {
                percent_off: u32::try_from(self.percent_off.unwrap_or(0)).unwrap_or(0),
                max_discount: self.max_discount_fen.map(Fen),
            }
        }
    }

    fn view(self, used: i64) -> CouponView {
        CouponView {
            id: self.id,
            discount: self.discount(),
            code: self.code,
            valid_from: self.valid_from,
            valid_until: self.valid_until,
            min_spend_fen: self.min_spend_fen,
            total_limit: self.total_limit,
            per_member_limit: self.per_member_limit,
            product_types: domain::json_list(&self.product_types),
            active: self.active.0,
            used,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }

    fn coupon(&self) -> Result<Coupon> {
        let parse = |s: &str| {
            instant::decode(s).ok_or_else(|| Error::Internal(format!("bad instant {s:?}")))
        };
        let spec = CouponSpec {
            code: self.code.clone(),
            discount: self.discount(),
            valid_from: parse(&self.valid_from)?,
            valid_until: parse(&self.valid_until)?,
            min_spend: Fen(self.min_spend_fen),
            total_limit: self.total_limit.and_then(|v| u32::try_from(v).ok()),
            per_member_limit: self.per_member_limit.and_then(|v| u32::try_from(v).ok()),
            product_types: domain::json_list(&self.product_types),
        };
        Coupon::new(spec).map_err(|e| Error::Internal(format!("stored coupon {}: {e}", self.id)))
    }
}

const COLUMNS: &str = "id, code, discount_kind, amount_fen, percent_off, max_discount_fen, \
    valid_from, valid_until, min_spend_fen, total_limit, per_member_limit, product_types, active, \
    created_at, updated_at";

const USED: &str = "status NOT IN ('cancelled', 'refunded')";

async fn used(db: &Db, id: i64, member_id: Option<i64>) -> Result<i64> {
    Ok(match member_id {
        None => {
            sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM orders WHERE coupon_id = $1 AND {USED}"
            ))
            .bind(id)
            .fetch_one(db.pool())
            .await?
        }
        Some(m) => {
            sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM orders WHERE coupon_id = $1 AND member_id = $2 AND {USED}"
            ))
            .bind(id)
            .bind(m)
            .fetch_one(db.pool())
            .await?
        }
    })
}

async fn fetch(db: &Db, id: i64) -> Result<CouponView> {
    let sql = format!("SELECT {COLUMNS} FROM coupons WHERE id = $1");
    let row: Row = sqlx::query_as(&sql).bind(id).fetch_one(db.pool()).await?;
    let n = used(db, id, None).await?;
    Ok(row.view(n))
}

/// An active coupon by code with its usage, for a quote; unknown or inactive codes are the
/// request's fault (422 on `coupon_code`).
pub(crate) async fn load_for_quote(
    db: &Db,
    code: &str,
    member_id: Option<i64>,
) -> Result<(Coupon, CouponUsage)> {
    let sql = format!("SELECT {COLUMNS} FROM coupons WHERE code = $1 AND active = $2");
    let row: Option<Row> = sqlx::query_as(&sql)
        .bind(code.to_uppercase())
        .bind(true)
        .fetch_optional(db.pool())
        .await?;
    let row = row.ok_or_else(|| Error::invalid("coupon_code", "no such coupon"))?;
    let total = used(db, row.id, None).await?;
    let by_member = match member_id {
        Some(_) => used(db, row.id, member_id).await?,
        None => 0,
    };
    let usage = CouponUsage {
        total: u32::try_from(total).unwrap_or(u32::MAX),
        by_member: u32::try_from(by_member).unwrap_or(u32::MAX),
    };
    Ok((row.coupon()?, usage))
}

/// A coupon as its row stores it.
struct Columns {
    code: String,
    discount_kind: &'static str,
    amount_fen: Option<i64>,
    percent_off: Option<i64>,
    max_discount_fen: Option<i64>,
    valid_from: String,
    valid_until: String,
    min_spend_fen: i64,
    total_limit: Option<i64>,
    per_member_limit: Option<i64>,
    product_types: String,
    active: bool,
}

/// Parses the input into the row's columns.
fn parse_columns(input: &CouponInput) -> Result<Columns> {
    let c = parse(input)?;
    let s = c.spec();
    let (discount_kind, amount_fen, percent_off, max_discount_fen) = match s.discount {
        CouponDiscount::Fixed { amount } => ("fixed", Some(amount.get()), None, None),
        CouponDiscount::Percent {
            percent_off,
            max_discount,
        } => (
            "percent",
            None,
            Some(i64::from(percent_off)),
            max_discount.map(Fen::get),
        ),
    };
    Ok(Columns {
        code: s.code.clone(),
        discount_kind,
        amount_fen,
        percent_off,
        max_discount_fen,
        valid_from: instant::encode(s.valid_from),
        valid_until: instant::encode(s.valid_until),
        min_spend_fen: s.min_spend.get(),
        total_limit: s.total_limit.map(i64::from),
        per_member_limit: s.per_member_limit.map(i64::from),
        product_types: serde_json::to_string(&s.product_types).unwrap_or_else(|_| "[]".into()),
        active: input.active,
    })
}

/// Binds `$1..$12` of the INSERT and the UPDATE.
fn bind<'q>(q: Statement<'q>, c: &'q Columns) -> Statement<'q> {
    q.bind(&c.code)
        .bind(c.discount_kind)
        .bind(c.amount_fen)
        .bind(c.percent_off)
        .bind(c.max_discount_fen)
        .bind(&c.valid_from)
        .bind(&c.valid_until)
        .bind(c.min_spend_fen)
        .bind(c.total_limit)
        .bind(c.per_member_limit)
        .bind(&c.product_types)
        .bind(c.active)
}

/// Inserts a coupon (also used by the demo seed).
pub(crate) async fn insert(db: &Db, input: &CouponInput) -> Result<i64> {
    let c = parse_columns(input)?;
    let now = instant::now();
    let sql = "INSERT INTO coupons (code, discount_kind, amount_fen, percent_off, \
               max_discount_fen, valid_from, valid_until, min_spend_fen, total_limit, \
               per_member_limit, product_types, active, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id";
    let row = bind(sqlx::query(sql), &c)
        .bind(&now)
        .bind(&now)
        .fetch_one(db.pool())
        .await?;
    Ok(row.try_get("id")?)
}

/// List coupons.
#[utoipa::path(get, path = "/coupons", tag = "coupons", security(("bearer" = [])),
    responses((status = 200, body = [CouponView])))]
async fn list(State(state): State<AppState>) -> Result<Json<Vec<CouponView>>> {
    let sql = format!("SELECT {COLUMNS} FROM coupons ORDER BY created_at DESC, id DESC");
    let rows: Vec<Row> = sqlx::query_as(&sql).fetch_all(state.db.pool()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let n = used(&state.db, r.id, None).await?;
        out.push(r.view(n));
    }
    Ok(Json(out))
}

/// Create a coupon.
#[utoipa::path(post, path = "/coupons", tag = "coupons", security(("bearer" = [])), request_body = CouponInput,
    responses((status = 201, body = CouponView), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
async fn create(
    _: AdminOnly,
    State(state): State<AppState>,
    Json(input): Json<CouponInput>,
) -> Result<(StatusCode, Json<CouponView>)> {
    let id = insert(&state.db, &input).await?;
    Ok(resource::created(fetch(&state.db, id).await?))
}

/// One coupon.
#[utoipa::path(get, path = "/coupons/{id}", tag = "coupons", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = CouponView), (status = 404)))]
async fn get_one(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<CouponView>> {
    Ok(Json(fetch(&state.db, id).await?))
}

/// Replace a coupon.
#[utoipa::path(put, path = "/coupons/{id}", tag = "coupons", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = CouponInput,
    responses((status = 200, body = CouponView), (status = 404), (status = 422, body = crate::error::ErrorBody)))]
async fn update(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(input): Json<CouponInput>,
) -> Result<Json<CouponView>> {
    let c = parse_columns(&input)?;
    let sql = "UPDATE coupons SET code = $1, discount_kind = $2, amount_fen = $3, \
               percent_off = $4, max_discount_fen = $5, valid_from = $6, valid_until = $7, \
               min_spend_fen = $8, total_limit = $9, per_member_limit = $10, \
               product_types = $11, active = $12, updated_at = $13 WHERE id = $14";
    let done = bind(sqlx::query(sql), &c)
        .bind(instant::now())
        .bind(id)
        .execute(state.db.pool())
        .await?;
    resource::found(done)?;
    Ok(Json(fetch(&state.db, id).await?))
}

/// Delete a coupon no order holds (otherwise deactivate it).
#[utoipa::path(delete, path = "/coupons/{id}", tag = "coupons", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 404), (status = 409, body = crate::error::ErrorBody)))]
async fn delete(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<StatusCode> {
    resource::delete(&state.db, "coupons", id).await?;
    Ok(StatusCode::NO_CONTENT)
}
