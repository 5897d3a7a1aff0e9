//! From the database to the scheduling core: [`problem_from_db`] builds a `paddock-solver`
//! problem for a date range. The solver itself never runs on the async executor; callers that
//! solve hand the problem to a blocking thread.

mod problem_from_db;

pub use problem_from_db::{ProblemError, problem_from_db};
