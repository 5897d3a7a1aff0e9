//! `paddock`: the command line of the Paddock scheduling engine.

mod bench;
mod bound;
mod check;
mod duration;
mod files;
mod r#gen;
mod itc2007;
mod recommend;
mod replan;
mod schema;
mod score;
mod serve;
mod solve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Lesson scheduling for riding clubs.
#[derive(Parser, Debug)]
#[command(name = "paddock", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the REST service (`--demo`: seed a demo club in a local SQLite file).
    Serve(serve::ServeArgs),
    /// Write a realistic club instance (and a schedule with planted conflicts).
    Gen(r#gen::GenArgs),
    /// The ITC-2007 Track 3 benchmark: solve or score curriculum timetabling instances.
    Itc2007(itc2007::Itc2007Args),
    /// Quality runs: solve instances with several seeds and thread counts, write a report.
    Bench(bench::BenchArgs),
    /// List every conflict of a schedule (exit 0: none, 1: conflicts, 2: invalid input).
    Check(check::CheckArgs),
    /// Score a schedule, with the cost of each constraint.
    Score(score::ScoreArgs),
    /// Print the JSON Schema of the problem and schedule files.
    Schema(schema::SchemaArgs),
    /// Build a schedule for a problem.
    Solve(solve::SolveArgs),
    /// A lower bound on every schedule's score, by day groups (and a schedule's gap to it).
    Bound(bound::BoundArgs),
    /// Recommend the best places for one lesson (exit 1: none).
    Recommend(recommend::RecommendArgs),
    /// Repair a schedule after disruptions with as few changes as possible (exit 1: some lessons not re-placed).
    Replan(replan::ReplanArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve::run(args).map(|()| ExitCode::SUCCESS),
        Command::Gen(args) => r#gen::run(args).map(|()| ExitCode::SUCCESS),
        Command::Itc2007(args) => itc2007::run(args).map(|()| ExitCode::SUCCESS),
        Command::Bench(args) => bench::run(args),
        Command::Check(args) => check::run(args),
        Command::Score(args) => score::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Solve(args) => solve::run(args),
        Command::Bound(args) => bound::run(args),
        Command::Recommend(args) => recommend::run(args),
        Command::Replan(args) => replan::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
