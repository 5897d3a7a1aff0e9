//! Products (PROD_BE_001–006): CRUD with the type's dynamic form enforced by paddock-catalog,
//! stock, images, search with filters and paging, and price quotes. Staff read, admins write.

use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use paddock_catalog::pricing::CouponUsage;
use paddock_catalog::{
    Fen, PriceList, ProductType, Quote, QuoteRequest, RiderLevel, ValidatedAttributes,
    form_definition, validate, validate_update,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::{Json, Multipart, Path, Query};
use super::resource;
use crate::auth::AdminOnly;
use crate::db::Db;
use crate::domain::{self, parse_all};
use crate::error::{Error, FieldError, Result};
use crate::instant;

pub(super) fn router(max_upload_bytes: usize) -> OpenApiRouter<AppState> {
    let (schemas, paths, upload) = routes!(upload_image);
    // Room for the multipart envelope around the largest accepted file.
    let upload = upload.layer(DefaultBodyLimit::max(max_upload_bytes + 64 * 1024));
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, patch, delete))
        .routes(routes!(quote_product))
        .routes((schemas, paths, upload))
        .routes(routes!(delete_image))
}

/// Where a product is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ProductStatus {
    /// Being prepared; not in the catalogue.
    Draft,
    /// In the catalogue.
    OnSale,
    /// Withdrawn from the catalogue.
    OffSale,
}

impl ProductStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ProductStatus::Draft => "draft",
            ProductStatus::OnSale => "on_sale",
            ProductStatus::OffSale => "off_sale",
        }
    }
}

/// Stock of a limited product.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub(crate) struct StockView {
    pub total: i64,
    /// Held by unpaid orders.
    pub reserved: i64,
    pub sold: i64,
    pub available: i64,
}

/// A product.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct Product {
    pub id: i64,
    pub product_type: ProductType,
    pub name: String,
    pub summary: String,
    pub status: ProductStatus,
    /// The lowest price a member can pay for one unit, in fen (list display and filters).
    pub price_fen: i64,
    /// Absent: not limited.
    pub stock: Option<StockView>,
    /// The type-specific fields, as defined by the type's form.
    #[schema(value_type = Object)]
    pub attributes: Value,
    /// Version of the form the attributes were validated against.
    pub form_version: i64,
    /// Image URLs.
    pub images: Vec<String>,
    /// Coaches who teach it.
    pub coach_ids: Vec<i64>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    product_type: String,
    name: String,
    summary: String,
    status: String,
    price_fen: i64,
    stock_total: Option<i64>,
    stock_reserved: i64,
    stock_sold: i64,
    attributes: String,
    form_version: i64,
    images: String,
    created_at: String,
    updated_at: String,
}

impl ProductRow {
    fn into_product(self, coach_ids: Vec<i64>) -> Result<Product> {
        let product_type = self
            .product_type
            .parse()
            .map_err(|e| Error::Internal(format!("product {}: {e}", self.id)))?;
        let status = match self.status.as_str() {
            "draft" => ProductStatus::Draft,
            "on_sale" => ProductStatus::OnSale,
            _ => ProductStatus::OffSale,
        };
        Ok(Product {
            id: self.id,
            product_type,
            name: self.name,
            summary: self.summary,
            status,
            price_fen: self.price_fen,
            stock: self.stock_total.map(|total| StockView {
                total,
                reserved: self.stock_reserved,
                sold: self.stock_sold,
                available: total - self.stock_reserved - self.stock_sold,
            }),
            attributes: serde_json::from_str(&self.attributes).unwrap_or(Value::Null),
            form_version: self.form_version,
            images: domain::json_list(&self.images),
            coach_ids,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

const COLUMNS: &str = "id, product_type, name, summary, status, price_fen, stock_total, \
    stock_reserved, stock_sold, attributes, form_version, images, created_at, updated_at";

async fn coach_ids_of(db: &Db, id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT coach_id FROM product_coaches WHERE product_id = $1 ORDER BY coach_id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?)
}

/// One product; `on_sale_only` hides the others (the public catalogue).
pub(crate) async fn fetch(db: &Db, id: i64, on_sale_only: bool) -> Result<Product> {
    let sql = format!("SELECT {COLUMNS} FROM products WHERE id = $1");
    let row: ProductRow = sqlx::query_as(&sql).bind(id).fetch_one(db.pool()).await?;
    if on_sale_only && row.status != "on_sale" {
        return Err(Error::NotFound);
    }
    let coaches = coach_ids_of(db, id).await?;
    row.into_product(coaches)
}

/// Create a product.
#[derive(Deserialize, ToSchema)]
pub(crate) struct ProductInput {
    pub product_type: ProductType,
    pub name: String,
    #[serde(default)]
    pub summary: Option<String>,
    /// Defaults to `draft`.
    #[serde(default)]
    pub status: Option<ProductStatus>,
    /// The type's form values; see `/api/common/product-types/{type}/form`.
    #[schema(value_type = Object)]
    pub attributes: Value,
    #[serde(default)]
    pub coach_ids: Vec<i64>,
}

/// Change a product; absent fields stay. `attributes` is merged over the stored ones key by
/// key (`null` removes a key) and the result validated as a whole.
#[derive(Deserialize, ToSchema)]
struct ProductPatch {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    status: Option<ProductStatus>,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    attributes: Option<Value>,
    #[serde(default)]
    coach_ids: Option<Vec<i64>>,
}

/// Catalog field errors, named as the request names them (`attributes.max_riders`).
fn form_errors(errors: paddock_catalog::FieldErrors) -> Vec<FieldError> {
    errors
        .0
        .into_iter()
        .map(|e| {
            let field = if e.field == "$" {
                "attributes".to_owned()
            } else {
                format!("attributes.{}", e.field)
            };
            FieldError::new(field, e.message)
        })
        .collect()
}

/// The form checks the length of texts, not their characters: refuse control characters in
/// attribute texts here (PostgreSQL cannot store NUL), naming the attribute.
fn checked_texts(attrs: ValidatedAttributes) -> Result<ValidatedAttributes, Vec<FieldError>> {
    fn has_control(v: &Value) -> bool {
        match v {
            Value::String(s) => s
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')),
            Value::Array(a) => a.iter().any(has_control),
            Value::Object(o) => o.values().any(has_control),
            _ => false,
        }
    }
    let errors: Vec<FieldError> = match attrs.to_json() {
        Value::Object(o) => o
            .iter()
            .filter(|(_, v)| has_control(v))
            .map(|(k, _)| {
                FieldError::new(
                    format!("attributes.{k}"),
                    "must not contain control characters other than line breaks and tabs",
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    if errors.is_empty() {
        Ok(attrs)
    } else {
        Err(errors)
    }
}

/// What the database keeps of validated attributes, besides the JSON.
struct Derived {
    price_fen: i64,
    stock_total: Option<i64>,
}

fn derive(attrs: &ValidatedAttributes) -> Result<Derived> {
    let price = match attrs.product_type() {
        ProductType::Course => attrs.price_list("price_list").map(|p| from_price(p).get()),
        _ => attrs.money("price_fen").map(Fen::get),
    };
    let stock_total = match attrs.product_type() {
        ProductType::Course => None,
        ProductType::LessonPackage => attrs.integer("stock"),
        ProductType::Activity => attrs.integer("capacity"),
    };
    Ok(Derived {
        price_fen: price
            .ok_or_else(|| Error::Internal("validated attributes without a price".into()))?,
        stock_total,
    })
}

/// The lowest unit price of a price list: the best quantity tier, no surcharges.
fn from_price(p: &PriceList) -> Fen {
    p.spec()
        .tiers
        .iter()
        .map(|t| t.unit_price)
        .min()
        .unwrap_or(Fen::ZERO)
}

async fn check_references(db: &Db, attrs: &ValidatedAttributes, coach_ids: &[i64]) -> Result<()> {
    let mut errors = Vec::new();
    for (i, id) in coach_ids.iter().enumerate() {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM coaches WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
        if found.is_none() {
            errors.push(FieldError::new(format!("coach_ids[{i}]"), "no such coach"));
        }
    }
    if let Some(course) = attrs.integer("course_id") {
        let found: Option<String> =
            sqlx::query_scalar("SELECT product_type FROM products WHERE id = $1")
                .bind(course)
                .fetch_optional(db.pool())
                .await?;
        if found.as_deref() != Some("course") {
            errors.push(FieldError::new(
                "attributes.course_id",
                "no such course product",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

fn list_json(items: Option<&[String]>) -> String {
    serde_json::to_string(items.unwrap_or(&[])).unwrap_or_else(|_| "[]".into())
}

/// Writes the typed row of the product's type (DB_002/003/005), replacing any old one.
async fn write_typed(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    a: &ValidatedAttributes,
) -> Result<()> {
    for table in ["product_courses", "product_packages", "product_activities"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE product_id = $1"))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    match a.product_type() {
        ProductType::Course => {
            let format = a.choice("lesson_format").unwrap_or("private");
            let (min, max) = if format == "group" {
                (
                    a.integer("min_riders").unwrap_or(1),
                    a.integer("max_riders").unwrap_or(1),
                )
            } else {
                (1, 1)
            };
            sqlx::query(
                "INSERT INTO product_courses (product_id, lesson_format, duration_minutes, \
                 min_riders, max_riders, required_rider_level, arena_tags, coach_qualifications, \
                 needs_school_horse) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id)
            .bind(format)
            .bind(i64::from(
                a.duration_minutes("duration_minutes").unwrap_or(0),
            ))
            .bind(min)
            .bind(max)
            .bind(
                a.rider_level("required_rider_level")
                    .map(RiderLevel::as_str),
            )
            .bind(list_json(a.choices("arena_tags")))
            .bind(list_json(a.choices("coach_qualifications")))
            .bind(a.boolean("needs_school_horse").unwrap_or(true))
            .execute(&mut *conn)
            .await?;
        }
        ProductType::LessonPackage => {
            sqlx::query(
                "INSERT INTO product_packages (product_id, lesson_format, course_product_id, \
                 lesson_count, validity_days, validity_starts, sale_ends_on) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(a.choice("lesson_format").unwrap_or("private"))
            .bind(a.integer("course_id"))
            .bind(a.integer("lesson_count").unwrap_or(0))
            .bind(a.integer("validity_days").unwrap_or(0))
            .bind(a.choice("validity_starts").unwrap_or("on_purchase"))
            .bind(
                a.date("sale_ends_on")
                    .map(|d| d.format("%Y-%m-%d").to_string()),
            )
            .execute(&mut *conn)
            .await?;
        }
        ProductType::Activity => {
            let enc = |f: &str| a.datetime(f).map(instant::encode);
            sqlx::query(
                "INSERT INTO product_activities (product_id, activity_kind, starts_at, ends_at, \
                 signup_closes_at, place, capacity, refundable, refund_deadline_hours, \
                 refund_percent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(id)
            .bind(a.choice("activity_kind").unwrap_or(""))
            .bind(enc("starts_at"))
            .bind(enc("ends_at"))
            .bind(enc("signup_closes_at"))
            .bind(a.text("place").unwrap_or(""))
            .bind(a.integer("capacity").unwrap_or(0))
            .bind(a.boolean("refundable").unwrap_or(false))
            .bind(a.integer("refund_deadline_hours"))
            .bind(a.integer("refund_percent"))
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

async fn write_coaches(conn: &mut sqlx::AnyConnection, id: i64, coach_ids: &[i64]) -> Result<()> {
    sqlx::query("DELETE FROM product_coaches WHERE product_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let mut ids = coach_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for c in ids {
        sqlx::query("INSERT INTO product_coaches (product_id, coach_id) VALUES ($1, $2)")
            .bind(id)
            .bind(c)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Validates and inserts a product (also used by the demo seed).
pub(crate) async fn insert(db: &Db, input: &ProductInput) -> Result<i64> {
    let name = domain::text("name", &input.name, 100);
    let summary = domain::free_text("summary", input.summary.as_deref(), 500);
    let attrs = validate(input.product_type, &input.attributes)
        .map_err(form_errors)
        .and_then(checked_texts);
    let (name, summary, attrs) = parse_all!(name, summary, attrs)?;
    check_references(db, &attrs, &input.coach_ids).await?;
    let d = derive(&attrs)?;
    let now = instant::now();
    let form_version = i64::from(form_definition(input.product_type).version);
    let mut tx = db.pool().begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO products (product_type, name, summary, status, price_fen, stock_total, \
         attributes, form_version, images, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '[]', $9, $10) RETURNING id",
    )
    .bind(input.product_type.as_str())
    .bind(&name)
    .bind(&summary)
    .bind(input.status.unwrap_or(ProductStatus::Draft).as_str())
    .bind(d.price_fen)
    .bind(d.stock_total)
    .bind(attrs.to_json().to_string())
    .bind(form_version)
    .bind(&now)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?;
    write_typed(&mut tx, id, &attrs).await?;
    write_coaches(&mut tx, id, &input.coach_ids).await?;
    tx.commit().await?;
    Ok(id)
}

/// Search, filters, sorting and paging.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ProductQuery {
    /// Part of the name or summary (case-insensitive).
    pub q: Option<String>,
    /// `course`, `lesson_package` or `activity`.
    pub product_type: Option<ProductType>,
    /// `draft`, `on_sale` or `off_sale` (staff list only).
    pub status: Option<ProductStatus>,
    /// Lowest `price_fen`.
    pub min_price_fen: Option<i64>,
    /// Highest `price_fen`.
    pub max_price_fen: Option<i64>,
    /// Only products this coach teaches.
    pub coach_id: Option<i64>,
    /// `newest` (default), `price_asc`, `price_desc` or `name`.
    pub sort: Option<String>,
    /// 1-based page (default 1).
    pub page: Option<i64>,
    /// Page size, 1..=100 (default 20).
    pub per_page: Option<i64>,
}

/// A page of products.
#[derive(Serialize, ToSchema)]
pub(crate) struct ProductPage {
    pub items: Vec<Product>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

enum Param {
    Text(String),
    Int(i64),
}

/// Searches products. The SQL is assembled from fixed fragments only; every value is bound.
pub(crate) async fn search(db: &Db, q: &ProductQuery, on_sale_only: bool) -> Result<ProductPage> {
    let paging = domain::paging(q.page, q.per_page, 20, 100);
    let sort = match q.sort.as_deref().unwrap_or("newest") {
        "newest" => Ok("created_at DESC, id DESC"),
        "price_asc" => Ok("price_fen ASC, id ASC"),
        "price_desc" => Ok("price_fen DESC, id DESC"),
        "name" => Ok("name ASC, id ASC"),
        _ => Err(vec![FieldError::new(
            "sort",
            "must be newest, price_asc, price_desc or name",
        )]),
    };
    let text = domain::search("q", q.q.as_deref());
    let (paging, order, text) = parse_all!(paging, sort, text)?;

    let mut clauses: Vec<String> = Vec::new();
    let mut params: Vec<Param> = Vec::new();
    let next = |params: &mut Vec<Param>, v: Param| {
        params.push(v);
        format!("${}", params.len())
    };
    if let Some(text) = text {
        let pattern = format!("%{}%", text.to_lowercase());
        let a = next(&mut params, Param::Text(pattern.clone()));
        let b = next(&mut params, Param::Text(pattern));
        clauses.push(format!("(LOWER(name) LIKE {a} OR LOWER(summary) LIKE {b})"));
    }
    if let Some(t) = q.product_type {
        let a = next(&mut params, Param::Text(t.as_str().to_owned()));
        clauses.push(format!("product_type = {a}"));
    }
    let status = if on_sale_only {
        Some(ProductStatus::OnSale)
    } else {
        q.status
    };
    if let Some(s) = status {
        let a = next(&mut params, Param::Text(s.as_str().to_owned()));
        clauses.push(format!("status = {a}"));
    }
    if let Some(v) = q.min_price_fen {
        let a = next(&mut params, Param::Int(v));
        clauses.push(format!("price_fen >= {a}"));
    }
    if let Some(v) = q.max_price_fen {
        let a = next(&mut params, Param::Int(v));
        clauses.push(format!("price_fen <= {a}"));
    }
    if let Some(c) = q.coach_id {
        let a = next(&mut params, Param::Int(c));
        clauses.push(format!(
            "id IN (SELECT product_id FROM product_coaches WHERE coach_id = {a})"
        ));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };

    let count_sql = format!("SELECT COUNT(*) FROM products {filter}");
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
    for p in &params {
        count = match p {
            Param::Text(s) => count.bind(s.clone()),
            Param::Int(i) => count.bind(*i),
        };
    }
    let total = count.fetch_one(db.pool()).await?;

    let limit = next(&mut params, Param::Int(paging.per_page));
    let offset = next(&mut params, Param::Int(paging.offset()));
    let sql = format!(
        "SELECT {COLUMNS} FROM products {filter} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
    );
    let mut query = sqlx::query_as::<_, ProductRow>(&sql);
    for p in &params {
        query = match p {
            Param::Text(s) => query.bind(s.clone()),
            Param::Int(i) => query.bind(*i),
        };
    }
    let rows = query.fetch_all(db.pool()).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let coaches = coach_ids_of(db, row.id).await?;
        items.push(row.into_product(coaches)?);
    }
    Ok(ProductPage {
        items,
        total,
        page: paging.page,
        per_page: paging.per_page,
    })
}

/// Search products.
#[utoipa::path(get, path = "/products", tag = "products", security(("bearer" = [])),
    params(ProductQuery), responses((status = 200, body = ProductPage), (status = 422, body = crate::error::ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    Query(q): Query<ProductQuery>,
) -> Result<Json<ProductPage>> {
    Ok(Json(search(&state.db, &q, false).await?))
}

/// Create a product; `attributes` must satisfy the type's form.
#[utoipa::path(post, path = "/products", tag = "products", security(("bearer" = [])), request_body = ProductInput,
    responses((status = 201, body = Product), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
async fn create(
    _: AdminOnly,
    State(state): State<AppState>,
    Json(input): Json<ProductInput>,
) -> Result<(StatusCode, Json<Product>)> {
    let id = insert(&state.db, &input).await?;
    Ok(resource::created(fetch(&state.db, id, false).await?))
}

/// One product.
#[utoipa::path(get, path = "/products/{id}", tag = "products", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = Product), (status = 404)))]
async fn get_one(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<Product>> {
    Ok(Json(fetch(&state.db, id, false).await?))
}

/// Change a product (name, summary, status, attributes, coaches). The stock total follows the
/// `stock` (packages) or `capacity` (activities) attribute and may not drop below what is
/// reserved and sold.
#[utoipa::path(patch, path = "/products/{id}", tag = "products", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ProductPatch,
    responses((status = 200, body = Product), (status = 404), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
async fn patch(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(input): Json<ProductPatch>,
) -> Result<Json<Product>> {
    let current = fetch(&state.db, id, false).await?;
    let name = match &input.name {
        Some(n) => domain::text("name", n, 100),
        None => Ok(current.name.clone()),
    };
    let summary = match &input.summary {
        Some(s) => domain::free_text("summary", Some(s), 500),
        None => Ok(current.summary.clone()),
    };
    let patch = input
        .attributes
        .clone()
        .unwrap_or_else(|| Value::Object(Default::default()));
    let attrs = validate_update(current.product_type, &current.attributes, &patch)
        .map_err(form_errors)
        .and_then(checked_texts);
    let (name, summary, attrs) = parse_all!(name, summary, attrs)?;
    let coach_ids = input.coach_ids.clone().unwrap_or(current.coach_ids.clone());
    check_references(&state.db, &attrs, &coach_ids).await?;
    let d = derive(&attrs)?;
    if let (Some(total), Some(stock)) = (d.stock_total, current.stock) {
        if total < stock.reserved + stock.sold {
            return Err(Error::Conflict {
                message: format!(
                    "stock cannot drop to {total}: {} are reserved and {} sold",
                    stock.reserved, stock.sold
                ),
                errors: vec![FieldError::new("attributes.stock", "below reserved + sold")],
            });
        }
    }
    let status = input.status.unwrap_or(current.status);
    let mut tx = state.db.pool().begin().await?;
    sqlx::query(
        "UPDATE products SET name = $1, summary = $2, status = $3, price_fen = $4, \
         stock_total = $5, attributes = $6, form_version = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(&name)
    .bind(&summary)
    .bind(status.as_str())
    .bind(d.price_fen)
    .bind(d.stock_total)
    .bind(attrs.to_json().to_string())
    .bind(i64::from(form_definition(current.product_type).version))
    .bind(instant::now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    write_typed(&mut tx, id, &attrs).await?;
    write_coaches(&mut tx, id, &coach_ids).await?;
    tx.commit().await?;
    Ok(Json(fetch(&state.db, id, false).await?))
}

/// Delete a product that was never ordered (otherwise take it off sale).
#[utoipa::path(delete, path = "/products/{id}", tag = "products", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 404), (status = 409, body = crate::error::ErrorBody)))]
async fn delete(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<StatusCode> {
    resource::delete(&state.db, "products", id)
        .await
        .map_err(|e| match e {
            Error::Conflict { .. } => Error::conflict(
                "the product has orders, bookings or packages; set its status to off_sale instead",
            ),
            other => other,
        })?;
    Ok(StatusCode::NO_CONTENT)
}

/// What to price.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct QuoteInput {
    /// Lessons, packages or tickets (default 1).
    #[serde(default)]
    pub quantity: Option<u32>,
    /// Riders sharing a group lesson (default 1).
    #[serde(default)]
    pub riders: Option<u32>,
    /// The rider level charged for (members: defaults to their own).
    #[serde(default)]
    pub rider_level: Option<RiderLevel>,
    /// When the lesson starts (peak pricing), RFC 3339.
    #[serde(default)]
    pub starts_at: Option<String>,
    /// A coupon code.
    #[serde(default)]
    pub coupon_code: Option<String>,
}

/// Prices a product for a member (or for staff when `member_id` is `None`).
pub(crate) async fn quote_for(
    db: &Db,
    product_id: i64,
    input: &QuoteInput,
    member_id: Option<i64>,
    on_sale_only: bool,
) -> Result<Quote> {
    let product = fetch(db, product_id, on_sale_only).await?;
    let starts_at: Result<Option<DateTime<Utc>>, _> = input
        .starts_at
        .as_deref()
        .map(|s| domain::instant("starts_at", s))
        .transpose();
    let coupon_code = domain::opt_text("coupon_code", input.coupon_code.as_deref(), 40);
    let (starts_at, coupon_code) = parse_all!(starts_at, coupon_code)?;
    let attrs = validate(product.product_type, &product.attributes).map_err(|e| {
        Error::Internal(format!("stored attributes of product {product_id}: {e:?}"))
    })?;
    let prices = match product.product_type {
        ProductType::Course => attrs.price_list("price_list").cloned(),
        _ => attrs
            .money("price_fen")
            .and_then(|p| PriceList::flat(p).ok()),
    }
    .ok_or_else(|| Error::Internal(format!("product {product_id} has no price")))?;
    let club = super::club::fetch(db).await?;
    let tz: chrono_tz::Tz = club
        .time_zone
        .parse()
        .map_err(|_| Error::Internal(format!("bad club time zone {:?}", club.time_zone)))?;
    let rider_level = match (input.rider_level, member_id) {
        (Some(l), _) => Some(l),
        (None, Some(m)) => super::members::fetch(db, m).await?.level.parse().ok(),
        (None, None) => None,
    };
    let request = QuoteRequest {
        product_type: product.product_type,
        quantity: input.quantity.unwrap_or(1),
        riders: input.riders.unwrap_or(1),
        rider_level,
        starts_at,
    };
    let (coupon, usage) = match coupon_code.as_deref() {
        None => (None, CouponUsage::default()),
        Some(code) => {
            let (coupon, usage) = super::coupons::load_for_quote(db, code, member_id).await?;
            (Some(coupon), usage)
        }
    };
    paddock_catalog::quote(&prices, &request, coupon.as_ref(), &usage, Utc::now(), tz)
        .map_err(pricing_error)
}

/// Pricing failures are the request's fault (quantity, riders, coupon); an overflow comes from
/// an absurd quantity, since the form bounds every price.
fn pricing_error(e: paddock_catalog::PricingError) -> Error {
    use paddock_catalog::PricingError as P;
    let field = match &e {
        // Only a large quantity (or rider count) makes sane prices overflow.
        P::ZeroQuantity | P::Overflow { .. } => "quantity",
        P::ZeroRiders | P::TooManyRiders { .. } => "riders",
        P::CouponNotApplicable { .. } | P::InvalidCoupon(_) => "coupon_code",
        _ => "",
    };
    Error::invalid(field, e.to_string())
}

/// Price a product (staff's price calculator).
#[utoipa::path(post, path = "/products/{id}/quote", tag = "products", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = QuoteInput,
    responses((status = 200, body = Quote), (status = 404), (status = 422, body = crate::error::ErrorBody)))]
async fn quote_product(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(input): Json<QuoteInput>,
) -> Result<Json<Quote>> {
    Ok(Json(quote_for(&state.db, id, &input, None, false).await?))
}

/// The kinds of image we accept, recognised by their first bytes, never by name or header.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("png")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else {
        None
    }
}

/// The most images a product keeps.
const MAX_IMAGES: usize = 9;

/// Upload an image (multipart field `file`; JPEG, PNG or WebP, size-limited).
#[utoipa::path(post, path = "/products/{id}/images", tag = "products", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body(content_type = "multipart/form-data", content = Vec<u8>),
    responses((status = 201, body = Product), (status = 404), (status = 409, body = crate::error::ErrorBody),
              (status = 413, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn upload_image(
    _: AdminOnly,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Multipart(mut multipart): Multipart,
) -> Result<(StatusCode, Json<Product>)> {
    let product = fetch(&state.db, id, false).await?;
    if product.images.len() >= MAX_IMAGES {
        return Err(Error::conflict(format!(
            "a product has at most {MAX_IMAGES} images"
        )));
    }
    let max = state.uploads.max_bytes;
    let too_large = || Error::TooLarge(format!("images may be at most {max} bytes"));
    let multipart_error = |e: axum::extract::multipart::MultipartError| match Error::from(e) {
        Error::TooLarge(_) => too_large(),
        other => other,
    };
    let mut data = None;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        if field.name() == Some("file") {
            data = Some(field.bytes().await.map_err(multipart_error)?);
            break;
        }
    }
    let data =
        data.ok_or_else(|| Error::invalid("file", "a multipart field named file is required"))?;
    if data.len() > max {
        return Err(too_large());
    }
    let ext =
        sniff(&data).ok_or_else(|| Error::invalid("file", "must be a JPEG, PNG or WebP image"))?;
    let name = format!("{}.{ext}", super::files::random_name());
    tokio::fs::create_dir_all(&state.uploads.dir)
        .await
        .map_err(|e| Error::Internal(format!("create upload dir: {e}")))?;
    tokio::fs::write(state.uploads.dir.join(&name), &data)
        .await
        .map_err(|e| Error::Internal(format!("write upload: {e}")))?;
    let mut images = product.images;
    images.push(format!("/api/common/files/{name}"));
    sqlx::query("UPDATE products SET images = $1, updated_at = $2 WHERE id = $3")
        .bind(serde_json::to_string(&images).unwrap_or_else(|_| "[]".into()))
        .bind(instant::now())
        .bind(id)
        .execute(state.db.pool())
        .await?;
    tracing::info!(product_id = id, file = %name, bytes = data.len(), "image uploaded");
    Ok(resource::created(fetch(&state.db, id, false).await?))
}

/// Remove an image from a product (the file stays; it may be cached by clients).
#[utoipa::path(delete, path = "/products/{id}/images/{name}", tag = "products", security(("bearer" = [])),
    params(("id" = i64, Path), ("name" = String, Path)),
    responses((status = 200, body = Product), (status = 404)))]
async fn delete_image(
    _: AdminOnly,
    State(state): State<AppState>,
    Path((id, name)): Path<(i64, String)>,
) -> Result<Json<Product>> {
    let product = fetch(&state.db, id, false).await?;
    let url = format!("/api/common/files/{name}");
    let images: Vec<String> = product
        .images
        .iter()
        .filter(|i| **i != url)
        .cloned()
        .collect();
    if images.len() == product.images.len() {
        return Err(Error::NotFound);
    }
    sqlx::query("UPDATE products SET images = $1, updated_at = $2 WHERE id = $3")
        .bind(serde_json::to_string(&images).unwrap_or_else(|_| "[]".into()))
        .bind(instant::now())
        .bind(id)
        .execute(state.db.pool())
        .await?;
    Ok(Json(fetch(&state.db, id, false).await?))
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn images_are_recognised_by_their_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some("jpg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("png"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("webp"));
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b"<svg"), None);
    }
}
