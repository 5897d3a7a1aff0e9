//! The one error type of the HTTP layer. It hides the details of server faults (they are
//! logged, the client gets a bare 500), and turns everything a client can get wrong into a
//! 4xx with a message: invalid input is a 422 with a per-field list, database constraint
//! violations become 409 (uniqueness, references) or 422 (checks).

use axum::Json;
use axum::extract::multipart::{MultipartError, MultipartRejection};
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
    /// The path exists, the method does not (405).
    #[error("method not allowed")]
    MethodNotAllowed,
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
            // PostgreSQL's class 22, "data exception": a value the column cannot hold (text
            // with NUL, a number out of range). The edge parsers should have refused it; if one
            // did not, it is still the request's value, not a server fault.
            if db.code().is_some_and(|c| c.starts_with("22")) {
                tracing::warn!(error = %db, "a value reached the database unparsed");
                return Error::invalid("", "a value cannot be stored");
            }
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
            JsonRejection::JsonDataError(e) => {
                Error::Invalid(vec![serde_field_error(&e.body_text(), "body")])
            }
            JsonRejection::JsonSyntaxError(e) => {
                Error::BadRequest(format!("malformed JSON: {}", e.body_text()))
            }
            JsonRejection::MissingJsonContentType(_) => {
                Error::BadRequest("expected a JSON body with content-type application/json".into())
            }
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Error::TooLarge("the request body is too large".into())
            }
            other => Error::BadRequest(other.body_text()),
        }
    }
}

impl From<QueryRejection> for Error {
    fn from(r: QueryRejection) -> Self {
        Error::Invalid(vec![serde_field_error(&r.body_text(), "query")])
    }
}

impl From<MultipartRejection> for Error {
    fn from(r: MultipartRejection) -> Self {
        Error::BadRequest(r.body_text())
    }
}

impl From<MultipartError> for Error {
    fn from(e: MultipartError) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Error::TooLarge("the request body is too large".into())
        } else {
            Error::BadRequest(e.body_text())
        }
    }
}

/// The field a deserialization error is about. axum's JSON and query extractors report
/// `<what failed>: <path>: <serde's message>` (the path as `serde_path_to_error` prints it,
/// `availability[0].weekday`, or nothing at the root); a missing or unknown field is named in
/// the message itself. `whole` names the input when no field can be (`body`, `query`).
fn serde_field_error(text: &str, whole: &str) -> FieldError {
    // Drop axum's prefix ("Failed to deserialize the JSON body into the target type") and
    // serde_json's position (" at line 1 column 30"), which mean nothing to a client.
    let text = text.split_once(": ").map_or(text, |(_, rest)| rest);
    let text = text.rsplit_once(" at line ").map_or(text, |(t, _)| t);
    let (path, message) = match text.split_once(": ") {
        // A path has no spaces; serde's messages ("invalid type: ...") do.
        Some((p, m)) if !p.is_empty() && !p.contains(char::is_whitespace) => (p, m),
        _ => ("", text),
    };
    let named = ["missing field `", "unknown field `", "duplicate field `"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name);
    let field = match (path, named) {
        ("", Some(name)) => name.to_owned(),
        (path, Some(name)) => format!("{path}.{name}"),
        ("", None) => whole.to_owned(),
        (path, None) => path.to_owned(),
    };
    FieldError::new(field, message)
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
            Error::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this path does not take this method".into(),
                vec![],
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
    fn serde_errors_name_their_field() {
        let check = |text: &str, field: &str, message: &str| {
            let e = serde_field_error(text, "body");
            assert_eq!(
                (e.field.as_str(), e.message.as_str()),
                (field, message),
                "{text}"
            );
        };
        let prefix = "Failed to deserialize the JSON body into the target type: ";
        check(
            &format!(
                "{prefix}name: invalid type: integer `5`, expected a string at line 1 column 10"
            ),
            "name",
            "invalid type: integer `5`, expected a string",
        );
        check(
            &format!(
                "{prefix}availability[0].weekday: invalid type: string \"x\", expected i64 at line 1 column 40"
            ),
            "availability[0].weekday",
            "invalid type: string \"x\", expected i64",
        );
        check(
            &format!("{prefix}missing field `name` at line 1 column 2"),
            "name",
            "missing field `name`",
        );
        check(
            &format!("{prefix}discount: missing field `amount` at line 1 column 30"),
            "discount.amount",
            "missing field `amount`",
        );
        check(
            &format!(
                "{prefix}invalid type: sequence, expected struct CoachInput at line 1 column 0"
            ),
            "body",
            "invalid type: sequence, expected struct CoachInput",
        );
        let e = serde_field_error(
            "Failed to deserialize query string: page: invalid digit found in string",
            "query",
        );
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("page", "invalid digit found in string")
        );
    }

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
