//! What a suite runs: instances, a time limit, seeds and thread counts.

use std::path::Path;
use std::time::Duration;

use paddock_solver::Problem;
use paddock_solver::spec::ProblemSpec;

use crate::QualityError;

/// One problem to solve, with the name it has in reports.
#[derive(Clone, Debug)]
pub struct Instance {
    /// Name in reports and file names (the file stem when loaded from a file).
    pub name: String,
    /// The problem.
    pub problem: Problem,
}

impl Instance {
    /// Reads a problem file; the instance is named after the file stem (`club-s.json` → `club-s`).
    pub fn load(path: &Path) -> Result<Instance, QualityError> {
        let text = std::fs::read_to_string(path).map_err(|e| QualityError::io(path, e))?;
        let spec: ProblemSpec =
            serde_json::from_str(&text).map_err(|source| QualityError::Parse {
                path: path.to_owned(),
                source,
            })?;
        let problem = Problem::new(spec).map_err(|source| QualityError::Invalid {
            path: path.to_owned(),
            source,
        })?;
        let name = path.file_stem().map_or_else(
            || "instance".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        Ok(Instance { name, problem })
    }
}

/// A quality suite: every instance is solved once per (thread count, seed).
#[derive(Clone, Debug)]
pub struct SuiteConfig {
    /// The instances.
    pub instances: Vec<Instance>,
    /// Wall-clock limit of each run.
    pub time_limit: Duration,
    /// Seeds (one run per seed and thread count).
    pub seeds: Vec<u64>,
    /// Thread counts to compare (e.g. `[1, 2]`); 0 means one per core.
    pub threads: Vec<usize>,
}
