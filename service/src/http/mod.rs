//! The HTTP face: [`app`] builds the whole router from one module per resource.
//!
//! Route groups and who may call them:
//! * `/api/common` — public: health, login, product catalogue, forms, files;
//! * `/api/admin` — staff (any role may read; writes are admin-only unless a handler says
//!   otherwise); the group middleware rejects members and anonymous callers;
//! * `/api/mini` — members (the mini program).
//!
//! The routes are registered through `utoipa-axum`, so the OpenAPI document at
//! `/api/openapi.json` is generated from the same table the router uses and cannot drift.

pub(crate) mod arenas;
mod auth_routes;
pub(crate) mod availability;
mod catalogue;
pub(crate) mod club;
pub(crate) mod coaches;
mod coupons;
pub(crate) mod extract;
mod files;
mod health;
pub(crate) mod horses;
mod members;
mod mini;
mod products;
mod resource;
#[cfg(feature = "scheduling")]
mod schedule;
mod slot_templates;
mod staff;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::wechat::WechatLogin;
use crate::auth::{TokenKeys, require_member, require_staff};
use crate::config::Config;
use crate::db::Db;

/// What every handler can reach. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Token keys.
    pub tokens: TokenKeys,
    /// WeChat login client.
    pub wechat: WechatLogin,
    /// Upload settings.
    pub uploads: Arc<Uploads>,
}

/// Where uploads go.
#[derive(Clone, Debug)]
pub struct Uploads {
    /// Directory.
    pub dir: PathBuf,
    /// Size limit in bytes.
    pub max_bytes: usize,
}

impl AppState {
    /// State from a connected database and the configuration.
    pub fn new(db: Db, config: &Config) -> Result<AppState, String> {
        // A year at most: longer lives make no sense for access tokens, and expiry instants
        // stay far from overflowing.
        if !(1..=365 * 24 * 60).contains(&config.auth.token_ttl_minutes) {
            return Err("auth.token_ttl_minutes must be between 1 and 525600 (a year)".into());
        }
        if config.uploads.max_bytes == 0 {
            return Err("uploads.max_bytes must be positive".into());
        }
        Ok(AppState {
            db,
            tokens: TokenKeys::new(
                config.auth.jwt_secret.as_ref(),
                config.auth.token_ttl_minutes,
            ),
            wechat: WechatLogin::new(
                &config.wechat.api_base_url,
                &config.wechat.appid,
                config.wechat.appsecret.clone(),
            ),
            uploads: Arc::new(Uploads {
                dir: config.uploads.dir.clone(),
                max_bytes: config.uploads.max_bytes,
            }),
        })
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Paddock",
        description = "Riding-club scheduling service: club resources, products, auth."
    ),
    modifiers(&BearerAuth),
    components(schemas(crate::error::ErrorBody, crate::error::FieldError))
)]
struct ApiDoc;

/// Declares the `bearer` security scheme the handlers refer to.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The routes and the OpenAPI document they describe.
pub fn api(state: &AppState) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let admin = OpenApiRouter::new()
        .merge(staff::router())
        .merge(club::router())
        .merge(coaches::router())
        .merge(horses::router())
        .merge(arenas::router())
        .merge(slot_templates::router())
        .merge(members::router())
        .merge(products::router(state.uploads.max_bytes))
        .merge(coupons::router());
    #[cfg(feature = "scheduling")]
    let admin = admin.merge(schedule::router());
    let admin = admin.route_layer(middleware::from_fn_with_state(state.clone(), require_staff));
    let mini = mini::router().route_layer(middleware::from_fn_with_state(
        state.clone(),
        require_member,
    ));
    let common = OpenApiRouter::new()
        .merge(health::router())
        .merge(auth_routes::router())
        .merge(catalogue::router())
        .merge(files::router());
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/admin", admin)
        .nest("/api/mini", mini)
        .nest("/api/common", common)
        .split_for_parts()
}

/// The whole application.
///
/// Every request is logged as a structured `tracing` span (method, URI, version) with its
/// status and latency at INFO; server errors also at ERROR. Headers are not logged: they carry
/// the bearer tokens. A panicking handler answers a bare 500 like any server fault, instead of
/// dropping the connection.
pub fn app(state: AppState) -> Router {
    let (router, openapi) = api(&state);
    router
        .merge(SwaggerUi::new("/docs").url("/api/openapi.json", openapi))
        .fallback(|| async { crate::Error::NotFound })
        // After every route is merged: it applies to the routes present when it is called.
        .method_not_allowed_fallback(|| async { crate::Error::MethodNotAllowed })
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// The answer to a panicking handler: logged with its message, a bare 500 for the client.
fn panic_response(payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a handler panicked".to_owned());
    crate::Error::Internal(format!("panic: {message}")).into_response()
}

/// Typed inserts for the demo seed and tests: the same parsing as the HTTP handlers, fed from
/// JSON literals.
pub(crate) mod seed {
    use serde::de::DeserializeOwned;
    use serde_json::Value;

    use crate::auth::Role;
    use crate::db::Db;
    use crate::error::{Error, Result};

    fn from<T: DeserializeOwned>(v: Value) -> Result<T> {
        serde_json::from_value(v).map_err(|e| Error::Internal(format!("seed data: {e}")))
    }

    pub(crate) async fn staff_count(db: &Db) -> Result<i64> {
        super::staff::count(db).await
    }

    pub(crate) async fn staff(
        db: &Db,
        username: &str,
        name: &str,
        role: Role,
        coach_id: Option<i64>,
        hash: &str,
    ) -> Result<i64> {
        super::staff::insert(db, username, name, role, coach_id, hash).await
    }

    pub(crate) async fn coach(db: &Db, v: Value) -> Result<i64> {
        super::coaches::insert(db, &from(v)?).await
    }

    pub(crate) async fn horse(db: &Db, v: Value) -> Result<i64> {
        super::horses::insert(db, &from(v)?).await
    }

    pub(crate) async fn arena(db: &Db, v: Value) -> Result<i64> {
        super::arenas::insert(db, &from(v)?).await
    }

    pub(crate) async fn slot_template(db: &Db, v: Value) -> Result<i64> {
        super::slot_templates::insert(db, &from(v)?).await
    }

    pub(crate) async fn member(db: &Db, v: Value) -> Result<i64> {
        let input = from(v)?;
        let m = super::members::parse(&input)?;
        super::members::insert(db, &m, None).await
    }

    pub(crate) async fn product(db: &Db, v: Value) -> Result<i64> {
        super::products::insert(db, &from(v)?).await
    }

    pub(crate) async fn coupon(db: &Db, v: Value) -> Result<i64> {
        super::coupons::insert(db, &from(v)?).await
    }
}

/// See [`crate::auth::create_staff_user`].
pub(crate) async fn create_staff(
    db: &Db,
    username: &str,
    display_name: &str,
    role: crate::auth::Role,
    hash: &str,
) -> crate::error::Result<i64> {
    staff::insert(db, username, display_name, role, None, hash).await
}
