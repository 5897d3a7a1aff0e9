//! The Markdown summary: per instance, statistics over seeds; then the thread comparison.

use std::fmt::Write;

use crate::{RunRecord, SuiteResult, Summary};

/// The whole report.
pub(crate) fn report(result: &SuiteResult) -> String {
    let mut out = String::new();
    let seeds = result
        .runs
        .iter()
        .map(|r| r.seed)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let _ = writeln!(out, "# Quality run\n");
    let _ = writeln!(
        out,
        "Time limit {:.1} s per run, {} seed(s), thread counts {:?}, {} run(s). \
         Statistics are median [min–max] over seeds. Soft score and unplaced are final values; \
         time to first feasible is when the best schedule first had no hard violation and no \
         placeable lesson left out (— when never).\n",
        result.time_limit.as_secs_f64(),
        seeds,
        result.threads,
        result.runs.len()
    );
    for instance in &result.instances {
        instance_section(&mut out, result, instance);
    }
    threads_section(&mut out, result);
    out
}

fn instance_section(out: &mut String, result: &SuiteResult, instance: &str) {
    let requests = result
        .runs
        .iter()
        .find(|r| r.instance == instance)
        .map_or(0, |r| r.requests);
    let _ = writeln!(
        out,
        "## {instance}\n\n{requests} requests. Plot: `{}`.\n",
        crate::report::svg_name(instance)
    );
    let _ = writeln!(
        out,
        "| threads | runs | soft score | unplaced | hard | time to first feasible (ms) | moves/s | statuses |"
    );
    let _ = writeln!(out, "|---:|---:|---|---|---|---|---:|---|");
    for &threads in &result.threads {
        let runs: Vec<&RunRecord> = result.runs_of(instance, threads).collect();
        if runs.is_empty() {
            continue;
        }
        let ttff = runs
            .iter()
            .filter_map(|r| r.time_to_first_feasible)
            .map(|t| t.as_secs_f64() * 1000.0);
        let never = runs
            .iter()
            .filter(|r| r.time_to_first_feasible.is_none())
            .count();
        let mut ttff_text = cell(Summary::of(ttff), 1);
        if never > 0 {
            let _ = write!(ttff_text, " ({never} never)");
        }
        let _ = writeln!(
            out,
            "| {threads} | {} | {} | {} | {} | {ttff_text} | {} | {} |",
            runs.len(),
            cell(Summary::of(runs.iter().map(|r| r.score.soft as f64)), 0),
            cell(Summary::of(runs.iter().map(|r| r.unplaced as f64)), 0),
            cell(Summary::of(runs.iter().map(|r| r.score.hard as f64)), 0),
            median(runs.iter().map(|r| r.moves_per_second())),
            statuses(&runs),
        );
    }
    out.push('\n');
}

fn threads_section(out: &mut String, result: &SuiteResult) {
    let Some(&base) = result.threads.first() else {
        return;
    };
    if result.threads.len() < 2 {
        return;
    }
    let _ = writeln!(out, "## Threads\n");
    let _ = writeln!(
        out,
        "Same instance, same time limit ({:.1} s): moves evaluated per second and the final score at \
         that equal time (medians over seeds), each against {base} thread(s).\n",
        result.time_limit.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "| instance | threads | moves/s | × moves/s | soft score | unplaced | hard |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
    for instance in &result.instances {
        let base_rate = Summary::of(
            result
                .runs_of(instance, base)
                .map(RunRecord::moves_per_second),
        )
        .map(|s| s.median);
        for &threads in &result.threads {
            let runs: Vec<&RunRecord> = result.runs_of(instance, threads).collect();
            let Some(rate) = Summary::of(runs.iter().map(|r| r.moves_per_second())) else {
                continue;
            };
            let speedup = match base_rate {
                Some(b) if b > 0.0 => format!("{:.2}", rate.median / b),
                _ => "—".to_owned(),
            };
            let _ = writeln!(
                out,
                "| {instance} | {threads} | {:.0} | {speedup} | {} | {} | {} |",
                rate.median,
                median(runs.iter().map(|r| r.score.soft as f64)),
                median(runs.iter().map(|r| r.unplaced as f64)),
                median(runs.iter().map(|r| r.score.hard as f64)),
            );
        }
    }
    out.push('\n');
}

fn cell(summary: Option<Summary>, decimals: usize) -> String {
    match summary {
        Some(s) if s.count == 1 => format!("{:.*}", decimals, s.median),
        Some(s) => format!(
            "{:.*} [{:.*}–{:.*}]",
            decimals, s.median, decimals, s.min, decimals, s.max
        ),
        None => "—".to_owned(),
    }
}

fn median(values: impl IntoIterator<Item = f64>) -> String {
    Summary::of(values).map_or_else(|| "—".to_owned(), |s| format!("{:.0}", s.median))
}

fn statuses(runs: &[&RunRecord]) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for r in runs {
        let s = crate::csv::status(r);
        match counts.iter_mut().find(|(k, _)| *k == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s, 1)),
        }
    }
    counts
        .iter()
        .map(|(k, n)| format!("{n}× {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}
