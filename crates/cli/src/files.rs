//! Reading and writing the problem and schedule files.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use paddock_solver::spec::{ProblemSpec, ScheduleSpec};
use paddock_solver::{Problem, Schedule};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Reads and validates a problem file.
pub fn read_problem(path: &Path) -> Result<Problem> {
    let spec: ProblemSpec = read_json(path)?;
    Problem::new(spec).with_context(|| format!("{}: invalid problem", path.display()))
}

/// Reads a schedule file for `problem`.
pub fn read_schedule(problem: &Problem, path: &Path) -> Result<Schedule> {
    let spec: ScheduleSpec = read_json(path)?;
    Schedule::from_spec(problem, &spec)
        .with_context(|| format!("{}: schedule does not fit the problem", path.display()))
}

/// Reads any JSON document, naming the file, line and column on error.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{}: not a valid document", path.display()))
}

/// Writes a JSON document, pretty-printed, to a file.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    fs::write(path, text + "\n").with_context(|| format!("cannot write {}", path.display()))
}

/// Prints a JSON document to standard output.
pub fn print_json<T: Serialize>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
