//! Scheduling views for staff: the solver problem built from the database for a date range,
//! as the JSON problem format of `paddock-solver` (also what `paddock solve` reads).

use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::{Json, Query};
use crate::domain::{self, parse_all};
use crate::error::{Error, Result};
use crate::scheduling::{ProblemError, problem_from_db};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(problem))
}

/// The date range, in the club's local dates.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct Range {
    /// First local date, `YYYY-MM-DD`.
    from: String,
    /// Last local date (inclusive), `YYYY-MM-DD`.
    to: String,
}

/// The scheduling problem of a date range (at most 62 days).
#[utoipa::path(get, path = "/schedule/problem", tag = "schedule", security(("bearer" = [])),
    params(Range),
    responses((status = 200, description = "a paddock-solver problem document", body = Object),
              (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn problem(
    State(state): State<AppState>,
    Query(range): Query<Range>,
) -> Result<Json<paddock_solver::spec::ProblemSpec>> {
    let from = domain::local_date("from", &range.from);
    let to = domain::local_date("to", &range.to);
    let (from, to) = parse_all!(from, to)?;
    match problem_from_db(&state.db, from, to).await {
        Ok(spec) => Ok(Json(spec)),
        Err(ProblemError::Range(m)) => Err(Error::invalid("to", m)),
        Err(ProblemError::Model(m)) => Err(Error::conflict(format!(
            "the club's data does not make a valid scheduling problem: {m}"
        ))),
        Err(ProblemError::Database(e)) => Err(e),
    }
}
