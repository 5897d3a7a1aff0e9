//! Writing a suite's report files into a directory.

use std::path::{Path, PathBuf};

use crate::{QualityError, SuiteResult};

/// The files a report consists of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportFiles {
    /// `report.md`: the Markdown summary.
    pub markdown: PathBuf,
    /// `runs.csv`: one row per run.
    pub runs_csv: PathBuf,
    /// `curves.csv`: the score-over-time points of every run.
    pub curves_csv: PathBuf,
    /// One `score-<instance>.svg` per instance.
    pub plots: Vec<PathBuf>,
}

/// Writes `report.md`, `runs.csv`, `curves.csv` and one SVG plot per instance into `dir`
/// (created if missing; existing files of the same names are replaced).
pub fn write_report(result: &SuiteResult, dir: &Path) -> Result<ReportFiles, QualityError> {
    std::fs::create_dir_all(dir).map_err(|e| QualityError::io(dir, e))?;
    let write = |name: &str, text: String| -> Result<PathBuf, QualityError> {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| QualityError::io(&path, e))?;
        Ok(path)
    };
    let markdown = write("report.md", crate::markdown::report(result))?;
    let runs_csv = write("runs.csv", crate::csv::runs(result))?;
    let curves_csv = write("curves.csv", crate::csv::curves(result))?;
    let plots = result
        .instances
        .iter()
        .map(|instance| write(&svg_name(instance), crate::svg::plot(result, instance)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ReportFiles {
        markdown,
        runs_csv,
        curves_csv,
        plots,
    })
}

/// The plot's file name for an instance; characters unsafe in file names become `_`.
pub(crate) fn svg_name(instance: &str) -> String {
    let safe: String = instance
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("score-{safe}.svg")
}
