//! The sentences `check` writes for the front desk, snapshotted so that a change of wording
//! shows up in review.

use crate::fixtures;

/// One line per conflict, then one per warning, in the report's order.
fn messages(name: &str) -> String {
    let case = fixtures::load(name).unwrap();
    let report = fixtures::run(&case).unwrap();
    let mut lines: Vec<String> = report.conflicts.iter().map(|c| c.message.clone()).collect();
    lines.extend(
        report
            .warnings
            .iter()
            .map(|w| format!("warning: {}", w.message)),
    );
    lines.join("\n")
}

macro_rules! snapshot_messages {
    ($($case:ident),* $(,)?) => {$(
        #[test]
        fn $case() {
            insta::assert_snapshot!(messages(stringify!($case)));
        }
    )*};
}

snapshot_messages!(
    coach_overlap,
    horse_overlap,
    rider_overlap,
    arena_capacity,
    coach_unavailable,
    horse_unavailable,
    arena_unavailable,
    arena_unsuitable,
    horse_unsuitable,
    group_size,
    pin_violated,
    coach_daily_limit,
    series_spacing,
    welfare_warning,
    daylight_saving,
    midnight,
);

/// The serialised report (what the service returns) for one case.
#[test]
fn report_json() {
    let case = fixtures::load("coach_overlap").unwrap();
    insta::assert_json_snapshot!(fixtures::run(&case).unwrap());
}
