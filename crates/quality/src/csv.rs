//! The two CSV files: one row per run, and one row per point of every score curve.

use std::fmt::Write;

use crate::{RunRecord, SuiteResult};

/// Header of `runs.csv`.
pub(crate) const RUNS_HEADER: &str = "instance,seed,threads,threads_used,status,hard,unassigned,soft,unplaced,requests,gap,\
time_to_first_feasible_ms,elapsed_ms,moves_evaluated,moves_per_second,steps";

/// Header of `curves.csv`.
pub(crate) const CURVES_HEADER: &str = "instance,seed,threads,elapsed_ms,hard,unassigned,soft";

/// `runs.csv`: one row per run.
pub(crate) fn runs(result: &SuiteResult) -> String {
    let mut out = String::from(RUNS_HEADER);
    out.push('\n');
    for r in &result.runs {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{:.1},{},{:.0},{}",
            field(&r.instance),
            r.seed,
            r.threads,
            r.threads_used,
            status(r),
            r.score.hard,
            r.score.unassigned,
            r.score.soft,
            r.unplaced,
            r.requests,
            r.gap.map_or(String::new(), |g| format!("{g:.6}")),
            r.time_to_first_feasible.map_or(String::new(), |t| format!(
                "{:.1}",
                t.as_secs_f64() * 1000.0
            )),
            r.elapsed.as_secs_f64() * 1000.0,
            r.moves_evaluated,
            r.moves_per_second(),
            r.steps,
        );
    }
    out
}

/// `curves.csv`: every (elapsed, best score) point of every run.
pub(crate) fn curves(result: &SuiteResult) -> String {
    let mut out = String::from(CURVES_HEADER);
    out.push('\n');
    for r in &result.runs {
        for p in &r.curve {
            let _ = writeln!(
                out,
                "{},{},{},{:.1},{},{},{}",
                field(&r.instance),
                r.seed,
                r.threads,
                p.elapsed.as_secs_f64() * 1000.0,
                p.score.hard,
                p.score.unassigned,
                p.score.soft
            );
        }
    }
    out
}

/// The status as written in files (`feasible`, `partial`, ...).
pub(crate) fn status(r: &RunRecord) -> String {
    match serde_json::to_value(r.status) {
        Ok(serde_json::Value::String(s)) => s,
        _ => format!("{:?}", r.status).to_lowercase(),
    }
}

/// Quotes a field when it holds a comma, quote or line break (RFC 4180).
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fields_with_commas_are_quoted() {
        assert_eq!(super::field("club-s"), "club-s");
        assert_eq!(super::field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
