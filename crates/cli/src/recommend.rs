//! `paddock recommend PROBLEM SCHEDULE REQUEST [--top K] [--at INSTANT] [--json]`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use paddock_solver::recommend::{Recommendation, Recommender, WhyNot, with_request};
use paddock_solver::replan::DisruptionsSpec;
use paddock_solver::spec::RequestSpec;
use paddock_solver::{Problem, RequestId};
use serde_json::{Value, json};

use crate::files;

#[derive(clap::Args, Debug)]
pub struct RecommendArgs {
    /// The problem file (JSON).
    problem: PathBuf,
    /// The current schedule file (JSON).
    schedule: PathBuf,
    /// A request key of the problem (waiting, or placed to move it), or a JSON file holding one
    /// new request.
    request: String,
    /// How many placements to list.
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// Also explain why the lesson cannot start at this instant (RFC 3339).
    #[arg(long)]
    at: Option<String>,
    /// Print an object with a `recommendations` array, best first.
    #[arg(long)]
    json: bool,
}

pub fn run(args: RecommendArgs) -> Result<ExitCode> {
    let problem = files::read_problem(&args.problem)?;
    let schedule = files::read_schedule(&problem, &args.schedule)?;
    // A key of the problem wins over a file of the same name.
    let (problem, schedule, id) = match problem.request_id(&args.request) {
        Some(id) => (problem, schedule, id),
        None => {
            let path = PathBuf::from(&args.request);
            if !path.is_file() {
                bail!(
                    "request {:?} is neither a lesson of the problem nor a request file",
                    args.request
                );
            }
            let spec: RequestSpec = files::read_json(&path)?;
            with_request(&problem, &schedule, spec)
                .with_context(|| format!("{}: cannot add the request", path.display()))?
        }
    };
    let mut recommender = Recommender::new(&problem, &schedule);
    let found = recommender.recommend(id, args.top);
    let why_not = match args.at {
        Some(text) => {
            // The CLI has no direct chrono dependency: the instant is read as a document's `now`.
            let instant = serde_json::from_value::<DisruptionsSpec>(json!({ "now": text }))
                .ok()
                .and_then(|d| d.now)
                .with_context(|| format!("--at {text:?} is not an RFC 3339 instant"))?;
            let Some(start) = problem.time_axis().exact_minute(instant) else {
                bail!("--at {instant} is not a whole minute near the horizon");
            };
            Some(recommender.why_not(id, start))
        }
        None => None,
    };
    if args.json {
        let mut out = json!({
            "request": problem.request_key(id),
            "recommendations": found.iter().map(|r| recommendation_json(&problem, id, r)).collect::<Vec<_>>(),
        });
        if let Some(w) = &why_not {
            out["why_not"] = why_not_json(&problem, w);
        }
        files::print_json(&out)?;
    } else {
        print_text(&problem, id, &found, why_not.as_ref());
    }
    Ok(if found.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn horses_json(problem: &Problem, id: RequestId, r: &Recommendation) -> Value {
    let riders = &problem.spec().requests[id.index()].riders;
    riders
        .iter()
        .zip(&r.assignment.horses)
        .filter_map(|(rider, h)| h.map(|h| (rider.clone(), Value::from(problem.horse_key(h)))))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

fn recommendation_json(problem: &Problem, id: RequestId, r: &Recommendation) -> Value {
    let axis = problem.time_axis();
    let a = &r.assignment;
    let duration = problem
        .spec()
        .lesson_kinds
        .iter()
        .find(|k| k.id == problem.spec().requests[id.index()].kind)
        .map_or(0, |k| k.duration_minutes);
    json!({
        "start": axis.instant(a.start),
        "end": axis.instant(a.start + duration as i32),
        "coach": problem.coach_key(a.coach),
        "arena": problem.arena_key(a.arena),
        "horses": horses_json(problem, id, r),
        "delta": r.delta,
        "reasons": r.reasons,
    })
}

fn why_not_json(problem: &Problem, w: &WhyNot) -> Value {
    json!({ "start": problem.time_axis().instant(w.start), "possible": w.is_possible(), "blockers": w.blockers })
}

fn print_text(
    problem: &Problem,
    id: RequestId,
    found: &[Recommendation],
    why_not: Option<&WhyNot>,
) {
    let axis = problem.time_axis();
    if found.is_empty() {
        println!("no placement for {}", problem.request_key(id));
    }
    for (rank, r) in found.iter().enumerate() {
        let a = &r.assignment;
        let horses: Vec<String> = a
            .horses
            .iter()
            .flatten()
            .map(|&h| problem.horse_key(h).to_owned())
            .collect();
        println!(
            "{:>2}. {} {}  coach {}  arena {}  horses [{}]  score change {}",
            rank + 1,
            axis.day_label(a.start),
            axis.clock(a.start),
            problem.coach_key(a.coach),
            problem.arena_key(a.arena),
            horses.join(", "),
            r.delta
        );
        for reason in &r.reasons {
            println!("      {:>+6}  {}", reason.cost, reason.message);
        }
    }
    if let Some(w) = why_not {
        let when = format!("{} {}", axis.day_label(w.start), axis.clock(w.start));
        if w.is_possible() {
            println!("{} can start at {when}", problem.request_key(id));
        } else {
            println!("{} cannot start at {when}:", problem.request_key(id));
            for b in &w.blockers {
                println!("  {:<24} {}", b.constraint.key(), b.message);
            }
        }
    }
}
