//! `paddock bench --instances a.json,b.json [--time-limit 10s] [--seeds 5] [--threads 1,2] [--out-dir DIR]`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Result, bail};
use paddock_quality::{Instance, SuiteConfig, run_suite, write_report};

use crate::duration;

#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// Problem files (JSON), comma-separated; each is named after its file stem.
    #[arg(long, value_delimiter = ',', required = true)]
    instances: Vec<PathBuf>,
    /// Time limit of each run (e.g. 500ms, 10s, 2m).
    #[arg(long, default_value = "10s", value_parser = duration::parse)]
    time_limit: Duration,
    /// Number of seeds per instance and thread count (seeds 0, 1, ..., N-1).
    #[arg(long, default_value_t = 5)]
    seeds: u64,
    /// Thread counts to compare, comma-separated (0: one per core).
    #[arg(long, value_delimiter = ',', default_value = "1,2")]
    threads: Vec<usize>,
    /// Where to write report.md, runs.csv, curves.csv and the SVG plots.
    #[arg(long, default_value = "target/quality")]
    out_dir: PathBuf,
}

pub fn run(args: BenchArgs) -> Result<ExitCode> {
    if args.seeds == 0 {
        bail!("--seeds must be at least 1");
    }
    if args.threads.is_empty() {
        bail!("--threads needs at least one thread count");
    }
    let instances = args
        .instances
        .iter()
        .map(|p| Instance::load(p))
        .collect::<Result<Vec<_>, _>>()?;
    let config = SuiteConfig {
        instances,
        time_limit: args.time_limit,
        seeds: (0..args.seeds).collect(),
        threads: args.threads,
    };
    let runs = config.instances.len() * config.threads.len() * config.seeds.len();
    eprintln!(
        "{runs} runs of {:.1} s each (about {:.0} s)",
        config.time_limit.as_secs_f64(),
        runs as f64 * config.time_limit.as_secs_f64()
    );
    let result = run_suite(&config);
    let files = write_report(&result, &args.out_dir)?;
    println!("{}", files.markdown.display());
    println!("{}", files.runs_csv.display());
    println!("{}", files.curves_csv.display());
    for plot in &files.plots {
        println!("{}", plot.display());
    }
    Ok(ExitCode::SUCCESS)
}
