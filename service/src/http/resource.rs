//! What the CRUD modules (coaches, horses, arenas, slot templates, members, coupons, staff,
//! products) share: the answer to a create, "a write that touched nothing found nothing", and
//! deleting a row by id. Each module keeps its own SQL and its own handlers (their OpenAPI
//! annotations differ); only these steps, identical everywhere, live here.

use axum::http::StatusCode;
use sqlx::any::{AnyArguments, AnyQueryResult};

use super::extract::Json;
use crate::db::Db;
use crate::error::{Error, Result};

/// A statement with some of its values bound, for modules that bind the same fields in their
/// INSERT and their UPDATE (in the same order, first).
pub(crate) type Statement<'q> = sqlx::query::Query<'q, sqlx::Any, AnyArguments<'q>>;

/// `#[serde(default = "super::resource::yes")]`: flags that are on unless said otherwise.
pub(crate) fn yes() -> bool {
    true
}

/// The answer to a create: 201 with the record as read back.
pub(crate) fn created<T>(record: T) -> (StatusCode, Json<T>) {
    (StatusCode::CREATED, Json(record))
}

/// An UPDATE or DELETE by id that touched no row: the id names nothing (404).
pub(crate) fn found(done: AnyQueryResult) -> Result<()> {
    if done.rows_affected() == 0 {
        Err(Error::NotFound)
    } else {
        Ok(())
    }
}

/// Deletes the row `id` of `table` (a constant of the calling module, never input): 404 when
/// there is none, 409 when other records still refer to it (the schema's foreign keys).
pub(crate) async fn delete(db: &Db, table: &'static str, id: i64) -> Result<()> {
    let done = sqlx::query(&format!("DELETE FROM {table} WHERE id = $1"))
        .bind(id)
        .execute(db.pool())
        .await?;
    found(done)
}
