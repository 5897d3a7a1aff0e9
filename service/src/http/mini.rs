//! The mini program's member routes (`/api/mini`): my profile, price quotes, my packages.

use axum::extract::State;
use paddock_catalog::Quote;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::Json;
use super::members::{self, Member, MemberInput};
use super::products::{self, QuoteInput};
use crate::auth::Principal;
use crate::error::Result;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_me, put_me))
        .routes(routes!(quote))
        .routes(routes!(my_packages))
}

/// My profile.
#[utoipa::path(get, path = "/me", tag = "mini", security(("bearer" = [])),
    responses((status = 200, body = Member)))]
async fn get_me(p: Principal, State(state): State<AppState>) -> Result<Json<Member>> {
    Ok(Json(members::fetch(&state.db, p.id).await?))
}

/// Update my profile (name, phone, level, weight).
#[utoipa::path(put, path = "/me", tag = "mini", security(("bearer" = [])), request_body = MemberInput,
    responses((status = 200, body = Member), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
async fn put_me(
    p: Principal,
    State(state): State<AppState>,
    Json(input): Json<MemberInput>,
) -> Result<Json<Member>> {
    let m = members::parse(&input)?;
    members::replace(&state.db, p.id, &m).await?;
    Ok(Json(members::fetch(&state.db, p.id).await?))
}

/// What to price, for a member.
#[derive(Deserialize, ToSchema)]
struct MiniQuoteInput {
    product_id: i64,
    #[serde(flatten)]
    quote: QuoteInput,
}

/// Price a product on sale for me (my level unless given; my coupon usage counts).
#[utoipa::path(post, path = "/quote", tag = "mini", security(("bearer" = [])), request_body = MiniQuoteInput,
    responses((status = 200, body = Quote), (status = 404), (status = 422, body = crate::error::ErrorBody)))]
async fn quote(
    p: Principal,
    State(state): State<AppState>,
    Json(input): Json<MiniQuoteInput>,
) -> Result<Json<Quote>> {
    Ok(Json(
        products::quote_for(&state.db, input.product_id, &input.quote, Some(p.id), true).await?,
    ))
}

/// A lesson package I own.
#[derive(Serialize, ToSchema, sqlx::FromRow)]
struct OwnedPackage {
    id: i64,
    product_id: i64,
    product_name: String,
    lessons_total: i64,
    lessons_remaining: i64,
    valid_from: Option<String>,
    valid_until: Option<String>,
    status: String,
}

/// My lesson packages.
#[utoipa::path(get, path = "/packages", tag = "mini", security(("bearer" = [])),
    responses((status = 200, body = [OwnedPackage])))]
async fn my_packages(
    p: Principal,
    State(state): State<AppState>,
) -> Result<Json<Vec<OwnedPackage>>> {
    Ok(Json(
        sqlx::query_as(
            "SELECT o.id, o.product_id, p.name AS product_name, o.lessons_total, \
             o.lessons_remaining, o.valid_from, o.valid_until, o.status \
             FROM package_ownerships o JOIN products p ON p.id = o.product_id \
             WHERE o.member_id = $1 ORDER BY o.created_at DESC",
        )
        .bind(p.id)
        .fetch_all(state.db.pool())
        .await?,
    ))
}
