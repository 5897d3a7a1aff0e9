//! `paddock replan PROBLEM SCHEDULE DISRUPTIONS [--now INSTANT] [--out FILE] [--json]`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use paddock_solver::replan::{DisruptionsSpec, ReplanOptions, ReplanOutcome, replan};
use serde_json::json;

use crate::files;

#[derive(clap::Args, Debug)]
pub struct ReplanArgs {
    /// The problem file (JSON).
    problem: PathBuf,
    /// The current schedule file (JSON).
    schedule: PathBuf,
    /// The disruptions file (JSON, see docs/recommend-replan.md).
    disruptions: PathBuf,
    /// Lessons that started before this instant never move (overrides the file's `now`).
    #[arg(long)]
    now: Option<String>,
    /// Write the repaired schedule to this file.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print an object with a `changes` array (and `not_placed`).
    #[arg(long)]
    json: bool,
}

pub fn run(args: ReplanArgs) -> Result<ExitCode> {
    let problem = files::read_problem(&args.problem)?;
    let schedule = files::read_schedule(&problem, &args.schedule)?;
    let disruptions: DisruptionsSpec = files::read_json(&args.disruptions)?;
    // The CLI has no direct chrono dependency: the instant is read as the document's `now`.
    let now = match &args.now {
        Some(text) => {
            serde_json::from_value::<DisruptionsSpec>(json!({ "now": text }))
                .with_context(|| format!("--now {text:?} is not an RFC 3339 instant"))?
                .now
        }
        None => None,
    };
    let options = ReplanOptions {
        now,
        ..ReplanOptions::default()
    };
    let outcome = replan(&problem, &schedule, &disruptions, &options)
        .with_context(|| format!("{}: cannot apply", args.disruptions.display()))?;
    if let Some(out) = &args.out {
        files::write_json(out, &outcome.schedule.to_spec(&outcome.problem))?;
    }
    if args.json {
        files::print_json(&json!({
            "score": outcome.score,
            "changes": outcome.changes,
            "not_placed": outcome.not_placed,
        }))?;
    } else {
        print_text(&outcome);
    }
    Ok(if outcome.not_placed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_text(outcome: &ReplanOutcome) {
    for c in &outcome.changes {
        let kinds: Vec<String> = c
            .kinds
            .iter()
            .map(|k| format!("{k:?}").to_lowercase())
            .collect();
        let place = |l: &Option<paddock_solver::spec::LessonSpec>| {
            l.as_ref().map_or("-".to_owned(), |l| {
                format!(
                    "{} {} {}",
                    l.start.format("%Y-%m-%d %H:%M"),
                    l.coach,
                    l.arena
                )
            })
        };
        println!(
            "changed   {:<12} {:<16} {} -> {}",
            c.request,
            kinds.join("+"),
            place(&c.before),
            place(&c.after)
        );
        println!(
            "          notify riders [{}], coaches [{}]",
            c.notify_riders.join(", "),
            c.notify_coaches.join(", ")
        );
    }
    for n in &outcome.not_placed {
        println!("unplaced  {:<12} {}", n.request, n.reason);
    }
    eprintln!(
        "{} lessons changed, {} not re-placed; score {}",
        outcome.changes.len(),
        outcome.not_placed.len(),
        outcome.score
    );
}
