//! The `check` cases in `fixtures/check/`: one JSON file per case.

use std::fs;
use std::path::PathBuf;

use paddock_solver::check::CheckReport;
use paddock_solver::spec::{ProblemSpec, ScheduleSpec};
use paddock_solver::{Constraint, Problem, Schedule, check};
use serde::Deserialize;

/// One case: a problem, a schedule and the conflicts `check` must report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// What the case shows, in words a reader can verify against the data.
    #[allow(dead_code, reason = "documentation for the reader of the file")]
    pub description: String,
    pub problem: ProblemSpec,
    pub schedule: ScheduleSpec,
    /// Hard conflicts, as a multiset.
    pub expected: Vec<Expected>,
    /// Welfare warnings (problems with `"welfare": "warning"`), as a multiset.
    #[serde(default)]
    pub expected_warnings: Vec<Expected>,
}

/// A conflict as written in a case file: the constraint and the sorted keys of its lessons.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    pub constraint: Constraint,
    pub lessons: Vec<String>,
}

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/check")
}

/// Every case file name (without `.json`), sorted.
pub fn names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir())
        .expect("fixtures/check exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            path.file_stem()
                .expect("file name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

pub fn load(name: &str) -> Result<Case, String> {
    let path = dir().join(format!("{name}.json"));
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Builds the case's problem and schedule and checks the schedule.
pub fn run(case: &Case) -> Result<CheckReport, String> {
    let problem = Problem::new(case.problem.clone()).map_err(|e| format!("problem: {e}"))?;
    let schedule = Schedule::from_spec(&problem, &case.schedule).map_err(|e| e.to_string())?;
    Ok(check(&problem, &schedule))
}
