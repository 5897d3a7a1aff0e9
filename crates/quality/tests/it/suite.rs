use std::path::Path;
use std::time::Duration;

use paddock_quality::{Instance, SuiteConfig, run_suite, write_report};

/// The small problem of the `clean` check fixture, written to its own file.
fn small_instance(dir: &Path) -> Instance {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/check/clean.json");
    let text = std::fs::read_to_string(&fixture).expect("fixture readable");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("fixture is JSON");
    let path = dir.join("small.json");
    std::fs::write(&path, doc["problem"].to_string()).expect("temp file writable");
    Instance::load(&path).expect("the fixture's problem is valid")
}

#[test]
fn tiny_suite_writes_every_file_with_one_row_per_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let instance = small_instance(dir.path());
    assert_eq!(instance.name, "small");
    let config = SuiteConfig {
        instances: vec![instance],
        time_limit: Duration::from_millis(200),
        seeds: vec![0, 1],
        threads: vec![1, 2],
    };
    let result = run_suite(&config);
    assert_eq!(result.runs.len(), 4);
    assert!(
        result
            .runs
            .iter()
            .all(|r| !r.curve.is_empty() && r.curve.last().map(|p| p.score) == Some(r.score))
    );

    let out = dir.path().join("quality");
    let files = write_report(&result, &out).expect("report written");

    let runs = std::fs::read_to_string(&files.runs_csv).expect("runs.csv");
    let lines: Vec<&str> = runs.lines().collect();
    assert!(lines[0].starts_with("instance,seed,threads,"));
    assert_eq!(lines.len(), 1 + 4);
    for (line, (threads, seed)) in lines[1..].iter().zip([(1, 0), (1, 1), (2, 0), (2, 1)]) {
        assert!(
            line.starts_with(&format!("small,{seed},{threads},")),
            "{line}"
        );
    }

    let curves = std::fs::read_to_string(&files.curves_csv).expect("curves.csv");
    let points: usize = result.runs.iter().map(|r| r.curve.len()).sum();
    assert_eq!(curves.lines().count(), 1 + points);

    let report = std::fs::read_to_string(&files.markdown).expect("report.md");
    assert!(report.contains("## small"));
    assert!(report.contains("## Threads"));
    assert_eq!(files.plots, vec![out.join("score-small.svg")]);
    let svg = std::fs::read_to_string(&files.plots[0]).expect("svg");
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
}

#[test]
fn a_missing_instance_file_is_an_error_naming_it() {
    let error = Instance::load(Path::new("no/such/problem.json")).expect_err("missing file");
    assert!(
        error.to_string().contains("no/such/problem.json"),
        "{error}"
    );
}
