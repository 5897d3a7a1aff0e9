//! `paddock score PROBLEM SCHEDULE [--json]`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use paddock_solver::score::evaluate;
use serde_json::json;

use crate::files;

#[derive(clap::Args, Debug)]
pub struct ScoreArgs {
    /// The problem file (JSON).
    problem: PathBuf,
    /// The schedule file (JSON).
    schedule: PathBuf,
    /// Print an object with `score`, `feasible` and `breakdown`.
    #[arg(long)]
    json: bool,
}

pub fn run(args: ScoreArgs) -> Result<ExitCode> {
    let problem = files::read_problem(&args.problem)?;
    let schedule = files::read_schedule(&problem, &args.schedule)?;
    let evaluation = evaluate(&problem, &schedule);
    if args.json {
        let breakdown: Vec<_> = evaluation
            .breakdown
            .iter()
            .map(|(c, cost)| json!({ "constraint": c, "level": c.level(), "cost": cost }))
            .collect();
        files::print_json(&json!({
            "score": evaluation.score,
            "feasible": evaluation.score.is_feasible(),
            "assigned": schedule.assigned_count(),
            "unassigned": schedule.len() - schedule.assigned_count(),
            "breakdown": breakdown,
        }))?;
    } else {
        println!("score {}", evaluation.score);
        println!(
            "{} of {} lessons placed",
            schedule.assigned_count(),
            schedule.len()
        );
        for (constraint, cost) in &evaluation.breakdown {
            println!(
                "  {:<24} {:>8}  ({:?})",
                constraint.key(),
                cost,
                constraint.level()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
