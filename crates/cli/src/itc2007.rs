//! `paddock itc2007 score FILE.ctt FILE.sol [--json]` and
//! `paddock itc2007 solve FILE.ctt --out FILE.sol [--time-limit 60s] [--threads N] [--seed S]`:
//! the ITC-2007 Track 3 benchmark.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use paddock_itc2007::{Instance, Report, Solution, SolveOptions};
use serde_json::json;

/// ITC-2007 curriculum-based course timetabling (Track 3).
#[derive(clap::Args, Debug)]
pub struct Itc2007Args {
    #[command(subcommand)]
    command: Itc2007Command,
}

#[derive(clap::Subcommand, Debug)]
enum Itc2007Command {
    /// Score a timetable exactly as the official validator does.
    Score(ScoreArgs),
    /// Solve an instance with Paddock's solver and write the timetable.
    Solve(SolveArgs),
}

#[derive(clap::Args, Debug)]
struct ScoreArgs {
    /// The instance (.ctt).
    instance: PathBuf,
    /// The timetable (.sol): one `course room day period` line per lecture.
    solution: PathBuf,
    /// Print an object with `violations`, `total_cost` and each component.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args, Debug)]
struct SolveArgs {
    /// The instance (.ctt).
    instance: PathBuf,
    /// Wall-clock budget, e.g. `60s`, `2m`, `500ms`.
    #[arg(long, default_value = "60s", value_parser = parse_duration)]
    time_limit: Duration,
    /// Worker threads (0: as many as the machine has).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Random seed.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Where to write the timetable (.sol).
    #[arg(long)]
    out: PathBuf,
}

/// Runs an `itc2007` subcommand.
pub fn run(args: Itc2007Args) -> Result<()> {
    match args.command {
        Itc2007Command::Score(args) => score(args),
        Itc2007Command::Solve(args) => solve(args),
    }
}

fn score(args: ScoreArgs) -> Result<()> {
    let instance = read_instance(&args.instance)?;
    let text = read(&args.solution)?;
    let solution = Solution::parse(&text, &instance)
        .with_context(|| format!("{}: invalid timetable", args.solution.display()))?;
    let report = paddock_itc2007::score(&instance, &solution);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report_json(&report))?);
    } else {
        print_report(&report);
    }
    Ok(())
}

fn solve(args: SolveArgs) -> Result<()> {
    let instance = read_instance(&args.instance)?;
    let options = SolveOptions {
        time_limit: args.time_limit,
        threads: args.threads,
        seed: args.seed,
    };
    let solved = paddock_itc2007::solve(&instance, &options)
        .with_context(|| format!("{}: cannot solve", args.instance.display()))?;
    fs::write(&args.out, solved.solution.to_text(&instance))
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    print_report(&solved.report);
    let stats = &solved.stats;
    eprintln!(
        "{:.1} s, {} threads: {} search steps, {} moves evaluated ({:.0} k/s)",
        stats.elapsed.as_secs_f64(),
        stats.threads,
        stats.steps,
        stats.moves_evaluated,
        stats.moves_evaluated as f64 / stats.elapsed.as_secs_f64().max(1e-9) / 1000.0
    );
    Ok(())
}

fn report_json(report: &Report) -> serde_json::Value {
    json!({
        "violations": report.violations(),
        "total_cost": report.total_cost(),
        "hard": {
            "lectures": report.lectures,
            "conflicts": report.conflicts,
            "availability": report.availability,
            "room_occupation": report.room_occupation,
        },
        "room_capacity": report.room_capacity,
        "min_working_days": report.min_working_days,
        "curriculum_compactness": report.curriculum_compactness,
        "room_stability": report.room_stability,
        "skipped_entries": report.skipped,
    })
}

/// The validator's own wording, so outputs can be compared line by line.
fn print_report(report: &Report) {
    println!("Violations of Lectures (hard) : {}", report.lectures);
    println!("Violations of Conflicts (hard) : {}", report.conflicts);
    println!(
        "Violations of Availability (hard) : {}",
        report.availability
    );
    println!(
        "Violations of RoomOccupation (hard) : {}",
        report.room_occupation
    );
    println!("Cost of RoomCapacity (soft) : {}", report.room_capacity);
    println!(
        "Cost of MinWorkingDays (soft) : {}",
        report.min_working_days
    );
    println!(
        "Cost of CurriculumCompactness (soft) : {}",
        report.curriculum_compactness
    );
    println!("Cost of RoomStability (soft) : {}", report.room_stability);
    if report.skipped > 0 {
        println!("There are {} warnings!", report.skipped);
    }
    if report.violations() > 0 {
        println!(
            "Summary: Violations = {}, Total Cost = {}",
            report.violations(),
            report.total_cost()
        );
    } else {
        println!("Summary: Total Cost = {}", report.total_cost());
    }
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn read_instance(path: &Path) -> Result<Instance> {
    Instance::parse(&read(path)?).with_context(|| format!("{}: invalid instance", path.display()))
}

/// `90`, `90s`, `2m`, `500ms`, `1h`.
fn parse_duration(text: &str) -> Result<Duration> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let Ok(n) = number.parse::<u64>() else {
        bail!("{text:?} is not a duration like 60s, 2m or 500ms")
    };
    Ok(match unit {
        "" | "s" => Duration::from_secs(n),
        "ms" => Duration::from_millis(n),
        "m" | "min" => Duration::from_secs(n.saturating_mul(60)),
        "h" => Duration::from_secs(n.saturating_mul(3600)),
        _ => bail!("{text:?} has unit {unit:?}; use ms, s, m or h"),
    })
}
