//! Quality runs of the Paddock solver.
//!
//! A *suite* solves a set of problem instances under one time limit with several seeds and
//! thread counts, records each run (final score, time to first feasible, the score over time,
//! moves evaluated) and writes a report: Markdown summary, one CSV row per run, a CSV of the
//! score curves, and one SVG plot of score over time per instance.
//!
//! ```no_run
//! use std::time::Duration;
//! use paddock_quality::{Instance, SuiteConfig, run_suite, write_report};
//!
//! let instance = Instance::load("fixtures/club-s.json".as_ref())?;
//! let config = SuiteConfig { instances: vec![instance], time_limit: Duration::from_secs(10), seeds: vec![0, 1], threads: vec![1, 2] };
//! let result = run_suite(&config);
//! write_report(&result, "target/quality".as_ref())?;
//! # Ok::<(), paddock_quality::QualityError>(())
//! ```
//!
//! Invariant: the crate only *measures*; it never changes how the solver searches.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod config;
mod csv;
mod error;
mod markdown;
mod report;
mod run;
mod stats;
mod svg;

pub use config::{Instance, SuiteConfig};
pub use error::QualityError;
pub use report::{ReportFiles, write_report};
pub use run::{CurvePoint, RunRecord, SuiteResult, run_suite};
pub use stats::Summary;
