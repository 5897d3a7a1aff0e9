//! The one error type of the HTTP layer. It hides the details of server faults (they are
//! logged, the client gets a bare 500), and turns everything a client can get wrong into a
//! 4xx with a message: invalid input is a 422 with a per-field list, database constraint
//! violations become 409 (uniqueness, references) or 422 (checks).

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sqlx::error::ErrorKind;
use utoipa::ToSchema;

/// One problem with one field of the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The field, as named in the request (`name`, `availability[2].start_time`).
    pub field: String,
    /// What is wrong, in lowercase words.
    pub message: String,
}

impl FieldError {
    /// A problem with `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// A stable machine-readable code: `invalid_input`, `not_found`, `conflict`, ...
    pub error: &'static str,
    /// A human-readable message.
    pub message: String,
    /// Per-field problems (422 and some 409s).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No or an invalid token (401).
    #[error("{0}")]
    Unauthorized(&'static str),
    /// A valid token whose role may not do this (403).
    #[error("this role may not do this")]
    Forbidden,
    /// The thing does not exist (404).
    #[error("not found")]
    NotFound,
    /// The request conflicts with the current state (409).
    #[error("{message}")]
    Conflict {
        /// What conflicts.
        message: String,
        /// Fields involved, if known.
        errors: Vec<FieldError>,
    },
    /// Invalid input, per field (422).
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// A request that cannot even be read (400).
    #[error("{0}")]
    BadRequest(String),
    /// A body larger than allowed (413).
    #[error("{0}")]
    TooLarge(String),
    /// A database failure that is not the client's fault (500, logged).
    #[error("database: {0}")]
    Database(sqlx::Error),
    /// Some other server fault (500 or 502, logged).
    #[error("internal: {0}")]
    Internal(String),
    /// An upstream service (WeChat) failed (502, logged).
    #[error("upstream: {0}")]
    Upstream(String),
}

impl Error {
    /// A 422 about one field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldError::new(field, message)])
    }

    /// A 409 with a message.
    pub fn conflict(message: impl Into<String>) -> Self {
        Error::Conflict {
            message: message.into(),
            errors: Vec::new(),
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::RowNotFound = e {
            return Error::NotFound;
        }
        if let Some(db) = e.as_database_error() {
            let field = constraint_field(db.constraint(), db.message());
            let fields = |msg: &str| {
                field
                    .iter()
                    .map(|f| FieldError::new(f.clone(), msg))
                    .collect::<Vec<_>>()
            };
            // SQLite reports a RESTRICT foreign key through a trigger code (1811) that sqlx
            // does not classify; its message is reliable.
            let kind = match db.kind() {
                ErrorKind::Other if db.message().contains("FOREIGN KEY constraint failed") => {
                    ErrorKind::ForeignKeyViolation
                }
                ErrorKind::Other if db.message().contains("UNIQUE constraint failed") => {
                    ErrorKind::UniqueViolation
                }
                ErrorKind::Other if db.message().contains("CHECK constraint failed") => {
                    ErrorKind::CheckViolation
                }
                k => k,
            };
            match kind {
                ErrorKind::UniqueViolation => {
                    return Error::Conflict {
                        message: "a record with this value already exists".into(),
                        errors: fields("is already taken"),
                    };
                }
                ErrorKind::ForeignKeyViolation => {
                    return Error::conflict(
                        "the record refers to, or is referred to by, another record",
                    );
                }
                ErrorKind::CheckViolation | ErrorKind::NotNullViolation => {
                    let errors = fields("is out of range");
                    return Error::Invalid(if errors.is_empty() {
                        vec![FieldError::new("", "a value is out of range")]
                    } else {
                        errors
                    });
                }
                _ => {}
            }
        }
        Error::Database(e)
    }
}

/// The column a violated constraint is about: PostgreSQL names the constraint
/// (`coaches_name_key`), SQLite only says `UNIQUE constraint failed: coaches.name`.
fn constraint_field(constraint: Option<&str>, message: &str) -> Option<String> {
    if let Some(c) = constraint {
        let c = c
            .strip_suffix("_key")
            .or_else(|| c.strip_suffix("_check"))?;
        // Table names are plural words joined by `_`; the field is what follows the table.
        for table in TABLES {
            if let Some(rest) = c.strip_prefix(table).and_then(|r| r.strip_prefix('_')) {
                return Some(rest.to_owned());
            }
        }
        return None;
    }
    let (_, cols) = message.split_once("constraint failed: ")?;
    let first = cols.split(',').next()?.trim();
    first.split_once('.').map(|(_, col)| col.to_owned())
}

/// Every table with named constraints, longest first so prefixes do not shadow.
const TABLES: &[&str] = &[
    "coach_availability_exceptions",
    "coach_weekly_availability",
    "horse_weekly_availability",
    "time_slot_templates",
    "horse_vet_holds",
    "arena_closures",
    "staff_users",
    "products",
    "coupons",
    "members",
    "coaches",
    "horses",
    "arenas",
];

impl From<JsonRejection> for Error {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::JsonDataError(e) => Error::invalid("body", e.body_text()),
            JsonRejection::JsonSyntaxError(e) => {
                Error::BadRequest(format!("malformed JSON: {}", e.body_text()))
            }
            JsonRejection::MissingJsonContentType(_) => {
                Error::BadRequest("expected a JSON body with content-type application/json".into())
            }
            other => Error::BadRequest(other.body_text()),
        }
    }
}

impl From<QueryRejection> for Error {
    fn from(r: QueryRejection) -> Self {
        Error::invalid("query", r.body_text())
    }
}

impl From<PathRejection> for Error {
    fn from(r: PathRejection) -> Self {
        Error::BadRequest(format!("invalid path: {}", r.body_text()))
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, code, message, errors) = match self {
            Error::Unauthorized(m) => (StatusCode::UNAUTHORIZED, "unauthorized", m.into(), vec![]),
            Error::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "this role may not do this".into(),
                vec![],
            ),
            Error::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "not found".into(),
                vec![],
            ),
            Error::Conflict { message, errors } => {
                (StatusCode::CONFLICT, "conflict", message, errors)
            }
            Error::Invalid(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
                "the input is invalid".into(),
                errors,
            ),
            Error::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m, vec![]),
            Error::TooLarge(m) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large", m, vec![]),
            Error::Database(e) => {
                tracing::error!(error = %e, "database error");
                internal()
            }
            Error::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                internal()
            }
            Error::Upstream(e) => {
                tracing::error!(error = %e, "upstream error");
                (
                    StatusCode::BAD_GATEWAY,
                    "upstream",
                    "an upstream service failed".into(),
                    vec![],
                )
            }
        };
        let body = ErrorBody {
            error: code,
            message,
            errors,
        };
        (status, Json(body)).into_response()
    }
}

fn internal() -> (StatusCode, &'static str, String, Vec<FieldError>) {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "internal server error".into(),
        vec![],
    )
}

/// Handler results.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_names_map_to_fields_on_both_databases() {
        assert_eq!(
            constraint_field(Some("coaches_name_key"), "").as_deref(),
            Some("name")
        );
        assert_eq!(
            constraint_field(Some("staff_users_username_key"), "").as_deref(),
            Some("username")
        );
        assert_eq!(
            constraint_field(None, "UNIQUE constraint failed: members.wechat_openid").as_deref(),
            Some("wechat_openid")
        );
    }
}
