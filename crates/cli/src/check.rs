//! `paddock check PROBLEM SCHEDULE [--json]`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::files;

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The problem file (JSON).
    problem: PathBuf,
    /// The schedule file (JSON).
    schedule: PathBuf,
    /// Print an object with a `conflicts` array (and `warnings`) instead of sentences.
    #[arg(long)]
    json: bool,
}

pub fn run(args: CheckArgs) -> Result<ExitCode> {
    let problem = files::read_problem(&args.problem)?;
    let schedule = files::read_schedule(&problem, &args.schedule)?;
    let report = paddock_solver::check(&problem, &schedule);
    if args.json {
        files::print_json(&report)?;
    } else {
        for conflict in &report.conflicts {
            println!(
                "conflict  {:<24} {}",
                conflict.constraint.key(),
                conflict.message
            );
        }
        for warning in &report.warnings {
            println!(
                "warning   {:<24} {}",
                warning.constraint.key(),
                warning.message
            );
        }
        eprintln!(
            "{} lessons checked: {} conflicts, {} warnings",
            schedule.assigned_count(),
            report.conflicts.len(),
            report.warnings.len()
        );
    }
    Ok(if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
