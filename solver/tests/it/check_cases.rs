//! Every case in `fixtures/check/` reports exactly its expected conflicts and warnings.

use std::collections::BTreeSet;
use std::fmt::Write;

use paddock_solver::Constraint;
use paddock_solver::check::Conflict;
use paddock_solver::score::Level;

use crate::fixtures::{self, Expected};

fn actual(conflicts: &[Conflict]) -> Vec<Expected> {
    let mut out: Vec<Expected> = conflicts
        .iter()
        .map(|c| {
            let mut lessons = c.lessons.clone();
            lessons.sort();
            Expected {
                constraint: c.constraint,
                lessons,
            }
        })
        .collect();
    out.sort();
    out
}

fn sorted(expected: &[Expected]) -> Vec<Expected> {
    let mut out = expected.to_vec();
    out.sort();
    out
}

fn show(list: &[Expected]) -> String {
    if list.is_empty() {
        return "    (none)\n".into();
    }
    list.iter()
        .map(|e| format!("    {} {:?}\n", e.constraint, e.lessons))
        .collect()
}

#[test]
fn check_cases() {
    let names = fixtures::names();
    assert!(
        !names.is_empty(),
        "no case in {}",
        fixtures::dir().display()
    );
    let mut failures = String::new();
    for name in &names {
        let case = match fixtures::load(name) {
            Ok(case) => case,
            Err(e) => {
                writeln!(failures, "{name}: cannot read: {e}\n").unwrap();
                continue;
            }
        };
        for e in case.expected.iter().chain(&case.expected_warnings) {
            if !e.lessons.is_sorted() {
                writeln!(
                    failures,
                    "{name}: expected lessons {:?} of {} are not sorted\n",
                    e.lessons, e.constraint
                )
                .unwrap();
            }
        }
        let report = match fixtures::run(&case) {
            Ok(report) => report,
            Err(e) => {
                writeln!(failures, "{name}: {e}\n").unwrap();
                continue;
            }
        };
        for (what, expected, got) in [
            ("conflicts", &case.expected, &report.conflicts),
            ("warnings", &case.expected_warnings, &report.warnings),
        ] {
            let (expected, actual) = (sorted(expected), actual(got));
            if expected != actual {
                let messages: String = got
                    .iter()
                    .map(|c| format!("    {}: {}\n", c.constraint, c.message))
                    .collect();
                writeln!(
                    failures,
                    "{name}: {what} differ\n  expected:\n{}  actual:\n{}  messages:\n{messages}",
                    show(&expected),
                    show(&actual)
                )
                .unwrap();
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases, failures:\n\n{failures}",
        names.len()
    );
}

/// The case files name every hard constraint at least once, and one case is clean.
#[test]
fn cases_cover_every_hard_constraint() {
    let mut covered = BTreeSet::new();
    let mut clean = false;
    for name in fixtures::names() {
        let case = fixtures::load(&name).unwrap();
        clean |= case.expected.is_empty() && case.expected_warnings.is_empty();
        covered.extend(
            case.expected
                .iter()
                .chain(&case.expected_warnings)
                .map(|e| e.constraint),
        );
    }
    let missing: Vec<Constraint> = Constraint::ALL
        .into_iter()
        .filter(|c| c.level() == Level::Hard && !covered.contains(c))
        .collect();
    assert!(
        missing.is_empty(),
        "no case in fixtures/check expects {missing:?}"
    );
    assert!(clean, "no case in fixtures/check is conflict-free");
}
