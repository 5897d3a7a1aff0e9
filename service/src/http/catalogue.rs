//! The public catalogue (`/api/common`): product types with their forms, and products on sale
//! with the form that describes their attributes. The mini program and the admin web render
//! the same form definitions the server enforces.

use axum::extract::State;
use paddock_catalog::{FormDefinition, ProductType, form_definition};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::{Json, Path, Query};
use super::products::{self, Product, ProductPage, ProductQuery};
use crate::error::{Error, Result};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(product_types))
        .routes(routes!(product_type_form))
        .routes(routes!(list))
        .routes(routes!(get_one))
}

/// A product type.
#[derive(Serialize, ToSchema)]
struct ProductTypeInfo {
    product_type: ProductType,
    /// Where its form is.
    form: String,
}

/// The product types.
#[utoipa::path(get, path = "/product-types", tag = "catalogue",
    responses((status = 200, body = [ProductTypeInfo])))]
async fn product_types() -> Json<Vec<ProductTypeInfo>> {
    Json(
        ProductType::ALL
            .into_iter()
            .map(|t| ProductTypeInfo {
                product_type: t,
                form: format!("/api/common/product-types/{}/form", t.as_str()),
            })
            .collect(),
    )
}

/// The dynamic form of a product type: fields, kinds, options, rules, conditions.
#[utoipa::path(get, path = "/product-types/{type}/form", tag = "catalogue",
    params(("type" = String, Path, description = "course, lesson_package or activity")),
    responses((status = 200, body = Object), (status = 404)))]
async fn product_type_form(Path(t): Path<String>) -> Result<Json<&'static FormDefinition>> {
    let t: ProductType = t.parse().map_err(|_| Error::NotFound)?;
    Ok(Json(form_definition(t)))
}

/// Products on sale, with search, filters and paging (`status` is ignored).
#[utoipa::path(get, path = "/products", tag = "catalogue", params(ProductQuery),
    responses((status = 200, body = ProductPage), (status = 422, body = crate::error::ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    Query(q): Query<ProductQuery>,
) -> Result<Json<ProductPage>> {
    Ok(Json(products::search(&state.db, &q, true).await?))
}

/// A product on sale with the form of its type.
#[derive(Serialize, ToSchema)]
struct ProductDetail {
    product: Product,
    #[schema(value_type = Object)]
    form: &'static FormDefinition,
}

/// One product on sale, with its form.
#[utoipa::path(get, path = "/products/{id}", tag = "catalogue", params(("id" = i64, Path)),
    responses((status = 200, body = ProductDetail), (status = 404)))]
async fn get_one(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<ProductDetail>> {
    let product = products::fetch(&state.db, id, true).await?;
    let form = form_definition(product.product_type);
    Ok(Json(ProductDetail { product, form }))
}
