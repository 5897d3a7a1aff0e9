//! `paddock bound PROBLEM [--time-limit 60s] [--threads N] [--schedule FILE] [--json]`: a lower
//! bound on the score of every schedule, and a schedule's gap to it.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use paddock_solver::score::evaluate;
use paddock_solver::{BoundOptions, lower_bound};
use serde_json::json;

use crate::{duration, files};

#[derive(clap::Args, Debug)]
pub struct BoundArgs {
    /// The problem file (JSON).
    problem: PathBuf,
    /// Stop bounding after this long (shared by the day groups).
    #[arg(long, default_value = "60s", value_parser = duration::parse)]
    time_limit: Duration,
    /// Worker threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// A schedule of the problem to compare with the bound (its gap is printed).
    #[arg(long)]
    schedule: Option<PathBuf>,
    /// Print an object with `lower_bound`, `groups` and, with `--schedule`, `score` and `gap`.
    #[arg(long)]
    json: bool,
}

pub fn run(args: BoundArgs) -> Result<ExitCode> {
    let problem = files::read_problem(&args.problem)?;
    let schedule = match &args.schedule {
        Some(path) => Some(files::read_schedule(&problem, path)?),
        None => None,
    };
    let options = BoundOptions {
        time_limit: args.time_limit,
        threads: args.threads,
        ..BoundOptions::default()
    };
    let bound = lower_bound(&problem, &options)?;
    let score = schedule.as_ref().map(|s| evaluate(&problem, s).score);
    let gap = score.map(|s| s.gap_to(bound.score));
    if args.json {
        files::print_json(&json!({
            "lower_bound": bound.score,
            "spanning_series": bound.spanning_series,
            "groups": bound.groups,
            "score": score,
            "gap": gap,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("lower bound {}", bound.score);
    println!(
        "  {} day groups, {} bounded by the MILP, {} closed; packages spanning groups: {} at least",
        bound.groups.len(),
        bound.groups.iter().filter(|g| g.bounded).count(),
        bound.groups.iter().filter(|g| g.closed).count(),
        bound.spanning_series
    );
    for group in &bound.groups {
        println!(
            "  {:<40} {:>4} requests  bound {:>6}{}",
            group.days.join(", "),
            group.requests,
            group.score.soft,
            match (group.bounded, group.closed) {
                (false, _) => "  (relaxation only: no MILP bound)",
                (true, true) => "  closed",
                (true, false) => "",
            }
        );
    }
    if let Some(score) = score {
        let gap = score.gap_to(bound.score);
        println!("schedule {score}: gap {:.2} %", gap * 100.0);
    }
    Ok(ExitCode::SUCCESS)
}
