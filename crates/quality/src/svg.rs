//! Score-over-time plots as hand-written SVG.
//!
//! Why not `plotters`: its chart layout measures text, which needs a font backend (`ttf` needs
//! fontconfig, `ab_glyph` needs a font file we would have to ship). A line chart is a few dozen
//! lines of SVG, and the viewer renders the labels with its own fonts.

use std::fmt::Write;

use crate::{RunRecord, SuiteResult};

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 420.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 50.0;
const COLOURS: [&str; 6] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
];

/// The soft score over time of every run of `instance`, one line per run, one colour per thread
/// count. A run's line starts once it reached its final hard and unassigned levels (before that
/// the soft score is not comparable).
pub(crate) fn plot(result: &SuiteResult, instance: &str) -> String {
    let lines: Vec<(&RunRecord, Vec<(f64, f64)>)> = result
        .runs
        .iter()
        .filter(|r| r.instance == instance)
        .map(|r| (r, comparable_points(r)))
        .collect();
    let x_max = result
        .time_limit
        .as_secs_f64()
        .max(
            lines
                .iter()
                .flat_map(|(_, p)| p.iter().map(|q| q.0))
                .fold(0.0, f64::max),
        )
        .max(1e-3);
    let ys = lines.iter().flat_map(|(_, p)| p.iter().map(|q| q.1));
    let (y_min, y_max) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
        (lo.min(y), hi.max(y))
    });
    let (y_min, y_max) = if y_min.is_finite() {
        (
            y_min.min(0.0),
            if y_max > y_min { y_max } else { y_min + 1.0 },
        )
    } else {
        (0.0, 1.0)
    };
    let sx = |x: f64| LEFT + x / x_max * (WIDTH - LEFT - RIGHT);
    let sy = |y: f64| HEIGHT - BOTTOM - (y - y_min) / (y_max - y_min) * (HEIGHT - TOP - BOTTOM);

    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        out,
        r#"<text x="{LEFT}" y="22" font-size="14">{}: soft score over time</text>"#,
        escape(instance)
    );
    // Axes with their end values.
    let (x0, x1, y0, y1) = (sx(0.0), sx(x_max), sy(y_min), sy(y_max));
    let _ = writeln!(
        out,
        r#"<path d="M{x0:.1},{y1:.1} V{y0:.1} H{x1:.1}" fill="none" stroke="black"/>"#
    );
    let _ = writeln!(
        out,
        r#"<text x="{x0:.1}" y="{:.1}" text-anchor="middle">0 s</text>"#,
        y0 + 18.0
    );
    let _ = writeln!(
        out,
        r#"<text x="{x1:.1}" y="{:.1}" text-anchor="end">{x_max:.1} s</text>"#,
        y0 + 18.0
    );
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="{y0:.1}" text-anchor="end">{y_min:.0}</text>"#,
        x0 - 6.0
    );
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{y_max:.0}</text>"#,
        x0 - 6.0,
        y1 + 4.0
    );
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">elapsed</text>"#,
        (x0 + x1) / 2.0,
        y0 + 34.0
    );
    for (r, points) in &lines {
        if points.is_empty() {
            continue;
        }
        let colour = colour(result, r.threads);
        let mut d = String::new();
        // A step line: the best score holds until the next improvement.
        for (i, &(x, y)) in points.iter().enumerate() {
            if i == 0 {
                let _ = write!(d, "M{:.1},{:.1}", sx(x), sy(y));
            } else {
                let _ = write!(d, " H{:.1} V{:.1}", sx(x), sy(y));
            }
        }
        let _ = write!(d, " H{:.1}", sx(x_max));
        let _ = writeln!(
            out,
            r#"<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.5"><title>seed {} threads {}</title></path>"#,
            r.seed, r.threads
        );
    }
    for (k, &threads) in result.threads.iter().enumerate() {
        let y = TOP + 16.0 * k as f64;
        let _ = writeln!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="12" height="3" fill="{}"/>"#,
            WIDTH - RIGHT - 110.0,
            y - 4.0,
            colour(result, threads)
        );
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{y:.1}">{threads} thread(s)</text>"#,
            WIDTH - RIGHT - 92.0
        );
    }
    out.push_str("</svg>\n");
    out
}

/// The (seconds, soft) points of a run once it has its final hard and unassigned levels.
fn comparable_points(r: &RunRecord) -> Vec<(f64, f64)> {
    r.curve
        .iter()
        .filter(|p| p.score.hard == r.score.hard && p.score.unassigned == r.score.unassigned)
        .map(|p| (p.elapsed.as_secs_f64(), p.score.soft as f64))
        .collect()
}

fn colour(result: &SuiteResult, threads: usize) -> &'static str {
    let k = result
        .threads
        .iter()
        .position(|&t| t == threads)
        .unwrap_or(0);
    COLOURS[k % COLOURS.len()]
}

/// Escapes text for SVG.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
