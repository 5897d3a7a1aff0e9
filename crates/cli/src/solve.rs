//! `paddock solve PROBLEM [--time-limit 10s] [--threads N] [--seed S] [--out FILE] [--json]`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use paddock_solver::solve::{NeverStop, Progress, SolveOptions, solve_with_progress};
use paddock_solver::{Problem, SolveOutcome};
use serde_json::json;

use crate::{duration, files};

#[derive(clap::Args, Debug)]
pub struct SolveArgs {
    /// The problem file (JSON).
    problem: PathBuf,
    /// Stop after this long (e.g. 500ms, 10s, 2m).
    #[arg(long, default_value = "10s", value_parser = duration::parse)]
    time_limit: Duration,
    /// Worker threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Seed of the random choices.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Local-search steps per request: a work limit that makes runs reproducible.
    #[arg(long)]
    steps_per_request: Option<u64>,
    /// Write the schedule to this file.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print the summary as a JSON object (`status`, `score`, `unassigned`, ...).
    #[arg(long)]
    json: bool,
}

pub fn run(args: SolveArgs) -> Result<ExitCode> {
    let problem = files::read_problem(&args.problem)?;
    let options = SolveOptions {
        seed: args.seed,
        threads: args.threads,
        time_limit: Some(args.time_limit),
        steps_per_request: args.steps_per_request,
        ..SolveOptions::default()
    };
    let bar = progress_bar(
        args.time_limit,
        !args.json && std::io::stderr().is_terminal(),
    );
    let on_progress = |p: &Progress| {
        bar.set_position(p.elapsed.as_millis() as u64);
        bar.set_message(format!("best {}", p.best));
    };
    let outcome = solve_with_progress(&problem, &options, &NeverStop, &on_progress);
    bar.finish_and_clear();
    if let Some(out) = &args.out {
        files::write_json(out, &outcome.schedule.to_spec(&problem))?;
    }
    if args.json {
        files::print_json(&summary_json(&problem, &outcome))?;
    } else {
        print_summary(&problem, &outcome);
    }
    Ok(ExitCode::SUCCESS)
}

fn progress_bar(limit: Duration, visible: bool) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(limit.as_millis() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {msg}")
            .expect("valid template"),
    );
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

pub fn summary_json(problem: &Problem, outcome: &SolveOutcome) -> serde_json::Value {
    let unassigned: Vec<_> = outcome
        .unplaced
        .iter()
        .map(|u| json!({ "request": problem.request_key(u.request), "reason": u.reason }))
        .collect();
    let breakdown: Vec<_> = paddock_solver::score::evaluate(problem, &outcome.schedule)
        .breakdown
        .iter()
        .map(|(c, cost)| json!({ "constraint": c, "cost": cost }))
        .collect();
    json!({
        "status": outcome.status,
        "score": outcome.score,
        "lower_bound": outcome.lower_bound,
        "gap": outcome.gap(),
        "placed": outcome.schedule.assigned_count(),
        "requests": problem.request_count(),
        "unassigned": unassigned,
        "breakdown": breakdown,
        "elapsed_ms": outcome.stats.elapsed.as_secs_f64() * 1000.0,
        "time_to_first_feasible_ms": outcome.stats.time_to_first_feasible.map(|t| t.as_secs_f64() * 1000.0),
        "moves_evaluated": outcome.stats.moves_evaluated,
        "steps": outcome.stats.steps,
        "components": outcome.stats.components,
        "threads": outcome.stats.threads,
    })
}

fn print_summary(problem: &Problem, outcome: &SolveOutcome) {
    let stats = &outcome.stats;
    println!("status    {:?}", outcome.status);
    println!("score     {}", outcome.score);
    if let (Some(bound), Some(gap)) = (outcome.lower_bound, outcome.gap()) {
        println!("bound     {bound} (gap {:.2} %)", gap * 100.0);
    }
    println!(
        "placed    {} of {} lessons",
        outcome.schedule.assigned_count(),
        problem.request_count()
    );
    match stats.time_to_first_feasible {
        Some(t) => println!("feasible  after {:.1} ms", t.as_secs_f64() * 1000.0),
        None => println!("feasible  never (some lessons could not be placed)"),
    }
    println!(
        "search    {:.2} s, {} moves evaluated, {} steps, {} components, {} threads",
        stats.elapsed.as_secs_f64(),
        stats.moves_evaluated,
        stats.steps,
        stats.components,
        stats.threads
    );
    for (constraint, cost) in paddock_solver::score::evaluate(problem, &outcome.schedule).breakdown
    {
        println!("  {:<24} {:>8}", constraint.key(), cost);
    }
    for u in &outcome.unplaced {
        println!("unplaced  {}: {}", problem.request_key(u.request), u.reason);
    }
}
