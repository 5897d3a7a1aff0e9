//! Shapes shared by coaches, horses and arenas: weekly windows (weekday + local times) and
//! dated intervals (vet holds, arena closures). The SQL names tables and columns only from
//! `&'static str` constants of the calling module; values are always bound.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::Db;
use crate::domain::{self, Parsed};
use crate::error::{Error, Result};

/// A weekly window: on ISO `weekday` (1 = Monday), from `start_time` to `end_time` local.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema, sqlx::FromRow, PartialEq, Eq)]
pub(crate) struct Window {
    pub weekday: i64,
    pub start_time: String,
    pub end_time: String,
}

/// Parses a list of windows; errors name `field[i].start_time` etc.
pub(crate) fn parse_windows(field: &str, raw: &[Window]) -> Parsed<Vec<Window>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, w) in raw.iter().enumerate() {
        let prefix = format!("{field}[{i}].");
        let day = domain::weekday(&format!("{prefix}weekday"), w.weekday);
        let times = domain::time_window(&prefix, &w.start_time, &w.end_time);
        match (day, times) {
            (Ok(weekday), Ok((start_time, end_time))) => out.push(Window {
                weekday,
                start_time,
                end_time,
            }),
            (d, t) => {
                errors.extend(d.err().unwrap_or_default());
                errors.extend(t.err().unwrap_or_default());
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    out.sort_by(|a, b| (a.weekday, &a.start_time).cmp(&(b.weekday, &b.start_time)));
    for pair in out.windows(2) {
        if pair[0].weekday == pair[1].weekday && pair[1].start_time < pair[0].end_time {
            return Err(vec![crate::error::FieldError::new(
                field,
                format!("windows overlap on weekday {}", pair[0].weekday),
            )]);
        }
    }
    Ok(out)
}

/// Replaces the weekly windows of one owner, in the caller's transaction.
pub(crate) async fn replace_windows(
    conn: &mut sqlx::AnyConnection,
    table: &'static str,
    owner: &'static str,
    owner_id: i64,
    windows: &[Window],
) -> Result<()> {
    sqlx::query(&format!("DELETE FROM {table} WHERE {owner} = $1"))
        .bind(owner_id)
        .execute(&mut *conn)
        .await?;
    let insert = format!(
        "INSERT INTO {table} ({owner}, weekday, start_time, end_time) VALUES ($1, $2, $3, $4)"
    );
    for w in windows {
        sqlx::query(&insert)
            .bind(owner_id)
            .bind(w.weekday)
            .bind(&w.start_time)
            .bind(&w.end_time)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The weekly windows of one owner.
pub(crate) async fn windows_of(
    db: &Db,
    table: &'static str,
    owner: &'static str,
    owner_id: i64,
) -> Result<Vec<Window>> {
    let sql = format!(
        "SELECT weekday, start_time, end_time FROM {table} WHERE {owner} = $1 \
         ORDER BY weekday, start_time"
    );
    Ok(sqlx::query_as(&sql)
        .bind(owner_id)
        .fetch_all(db.pool())
        .await?)
}

/// Every owner's weekly windows, by owner id (an owner without windows is absent), each list
/// in weekday and time order.
pub(crate) async fn windows_by_owner(
    db: &Db,
    table: &'static str,
    owner: &'static str,
) -> Result<HashMap<i64, Vec<Window>>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        owner_id: i64,
        weekday: i64,
        start_time: String,
        end_time: String,
    }
    let sql = format!(
        "SELECT {owner} AS owner_id, weekday, start_time, end_time FROM {table} \
         ORDER BY {owner}, weekday, start_time"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql).fetch_all(db.pool()).await?;
    let mut out: HashMap<i64, Vec<Window>> = HashMap::new();
    for r in rows {
        out.entry(r.owner_id).or_default().push(Window {
            weekday: r.weekday,
            start_time: r.start_time,
            end_time: r.end_time,
        });
    }
    Ok(out)
}

/// A dated interval of instants (a vet hold, an arena closure).
#[derive(Debug, Clone, Serialize, ToSchema, sqlx::FromRow)]
pub(crate) struct Interval {
    pub id: i64,
    /// The horse or arena.
    pub owner_id: i64,
    /// UTC instant, RFC 3339.
    pub starts_at: String,
    /// UTC instant, RFC 3339; after `starts_at`.
    pub ends_at: String,
    pub reason: String,
}

/// A new interval; instants in RFC 3339 with any offset.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct IntervalInput {
    pub starts_at: String,
    pub ends_at: String,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Inserts an interval for an owner that must exist (404 otherwise).
pub(crate) async fn insert_interval(
    db: &Db,
    table: &'static str,
    owner: &'static str,
    owner_id: i64,
    input: &IntervalInput,
) -> Result<Interval> {
    let times = domain::interval(&input.starts_at, &input.ends_at);
    let reason = domain::free_text("reason", input.reason.as_deref(), 500);
    let ((starts_at, ends_at), reason) = domain::parse_all!(times, reason)?;
    let sql = format!(
        "INSERT INTO {table} ({owner}, starts_at, ends_at, reason) VALUES ($1, $2, $3, $4) \
         RETURNING id"
    );
    let id: i64 = sqlx::query_scalar(&sql)
        .bind(owner_id)
        .bind(&starts_at)
        .bind(&ends_at)
        .bind(&reason)
        .fetch_one(db.pool())
        .await
        .map_err(|e| match Error::from(e) {
            // The owner does not exist.
            Error::Conflict { .. } => Error::NotFound,
            other => other,
        })?;
    Ok(Interval {
        id,
        owner_id,
        starts_at,
        ends_at,
        reason,
    })
}

/// The intervals of one owner (404 when the owner does not exist), in time order.
pub(crate) async fn intervals_of(
    db: &Db,
    table: &'static str,
    owner: &'static str,
    owner_table: &'static str,
    owner_id: i64,
) -> Result<Vec<Interval>> {
    let exists: Option<i64> =
        sqlx::query_scalar(&format!("SELECT id FROM {owner_table} WHERE id = $1"))
            .bind(owner_id)
            .fetch_optional(db.pool())
            .await?;
    if exists.is_none() {
        return Err(Error::NotFound);
    }
    let sql = format!(
        "SELECT id, {owner} AS owner_id, starts_at, ends_at, reason FROM {table} \
         WHERE {owner} = $1 ORDER BY starts_at"
    );
    Ok(sqlx::query_as(&sql)
        .bind(owner_id)
        .fetch_all(db.pool())
        .await?)
}

/// Every interval overlapping `[from, to)`, all owners.
#[cfg_attr(not(feature = "scheduling"), allow(dead_code))]
pub(crate) async fn intervals_overlapping(
    db: &Db,
    table: &'static str,
    owner: &'static str,
    from: &str,
    to: &str,
) -> Result<Vec<Interval>> {
    let sql = format!(
        "SELECT id, {owner} AS owner_id, starts_at, ends_at, reason FROM {table} \
         WHERE starts_at < $1 AND ends_at > $2 ORDER BY {owner}, starts_at"
    );
    Ok(sqlx::query_as(&sql)
        .bind(to)
        .bind(from)
        .fetch_all(db.pool())
        .await?)
}

/// Deletes one interval of one owner.
pub(crate) async fn delete_interval(
    db: &Db,
    table: &'static str,
    owner: &'static str,
    owner_id: i64,
    id: i64,
) -> Result<()> {
    let sql = format!("DELETE FROM {table} WHERE id = $1 AND {owner} = $2");
    let done = sqlx::query(&sql)
        .bind(id)
        .bind(owner_id)
        .execute(db.pool())
        .await?;
    super::resource::found(done)
}
