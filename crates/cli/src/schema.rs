//! `paddock schema [problem|schedule]`.

use std::process::ExitCode;

use anyhow::Result;
use paddock_solver::spec::{ProblemSpec, ScheduleSpec};

use crate::files;

#[derive(clap::Args, Debug)]
pub struct SchemaArgs {
    /// Which document: `problem`, `schedule`, or both when left out.
    #[arg(value_parser = ["problem", "schedule"])]
    document: Option<String>,
}

pub fn run(args: SchemaArgs) -> Result<ExitCode> {
    let problem = schemars::schema_for!(ProblemSpec);
    let schedule = schemars::schema_for!(ScheduleSpec);
    match args.document.as_deref() {
        Some("problem") => files::print_json(&problem)?,
        Some("schedule") => files::print_json(&schedule)?,
        _ => files::print_json(&serde_json::json!({ "problem": problem, "schedule": schedule }))?,
    }
    Ok(ExitCode::SUCCESS)
}
