//! `paddock gen --size s|m|l|xl --seed N [--out FILE] [--schedule-out FILE --conflicts K]`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use paddock_gen::{Size, generate_with, plant_conflicts};
use serde::Serialize;

#[derive(clap::Args, Debug)]
pub struct GenArgs {
    /// Preset size: s (one day), m (one week), l (four weeks), xl (ten clubs, four weeks).
    #[arg(long, default_value = "s", value_parser = parse_size)]
    size: Size,
    /// Instead of a preset: a four-week club with about this many lessons (benchmarks).
    #[arg(long, conflicts_with = "size")]
    lessons: Option<usize>,
    /// Random seed; the same seed gives the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to write the problem (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Also write the hidden feasible schedule the problem was built from.
    #[arg(long)]
    schedule_out: Option<PathBuf>,
    /// Plant this many conflicts into the schedule written by --schedule-out.
    #[arg(long, default_value_t = 0, requires = "schedule_out")]
    conflicts: usize,
    /// Write compact JSON instead of pretty-printed (smaller files for large sizes).
    #[arg(long)]
    compact: bool,
}

fn parse_size(text: &str) -> Result<Size, paddock_gen::GenError> {
    text.parse()
}

pub fn run(args: GenArgs) -> Result<()> {
    let started = Instant::now();
    let (label, params) = match args.lessons {
        Some(n) => (format!("{n} lessons"), Size::custom(n)),
        None => (format!("size {}", args.size), args.size.params()),
    };
    let generated = generate_with(&params, args.seed)?;
    let problem = &generated.problem;
    let mut summary = format!(
        "{label}, seed {}: {} lessons, {} series, {} riders, {} coaches, {} horses, {} arenas over {} days",
        args.seed,
        problem.requests.len(),
        problem.series.len(),
        problem.riders.len(),
        problem.coaches.len(),
        problem.horses.len(),
        problem.arenas.len(),
        problem.club.horizon.days,
    );
    match &args.out {
        Some(path) => write(path, problem, args.compact)?,
        None => println!("{}", to_json(problem, args.compact)?),
    }
    if let Some(path) = &args.schedule_out {
        if args.conflicts == 0 {
            write(path, &generated.schedule, args.compact)?;
        } else {
            let (schedule, planted) =
                plant_conflicts(problem, &generated.schedule, args.conflicts, args.seed)?;
            write(path, &schedule, args.compact)?;
            let mut kinds: Vec<&str> = planted.iter().map(|p| p.constraint.key()).collect();
            kinds.sort_unstable();
            kinds.dedup();
            summary += &format!(
                "; {} conflicts planted ({})",
                planted.len(),
                kinds.join(", ")
            );
        }
    } else if args.conflicts > 0 {
        bail!("--conflicts needs --schedule-out");
    }
    eprintln!("{summary} in {:.2} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn to_json<T: Serialize>(value: &T, compact: bool) -> Result<String> {
    Ok(if compact {
        serde_json::to_string(value)?
    } else {
        serde_json::to_string_pretty(value)?
    })
}

fn write<T: Serialize>(path: &Path, value: &T, compact: bool) -> Result<()> {
    fs::write(path, to_json(value, compact)? + "\n")
        .with_context(|| format!("cannot write {}", path.display()))
}
