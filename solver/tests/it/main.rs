//! Integration tests of `paddock-solver`: one binary, one module per theme.

mod check_cases;
mod clubs;
mod fixtures;
mod messages;
mod overlaps_prop;
mod planted_prop;
mod regressions;
mod score_prop;

/// The number of cases of a property test: `default`, or 16 times as many with
/// `PADDOCK_SLOW_TESTS` set.
fn cases(default: u32) -> u32 {
    if std::env::var_os("PADDOCK_SLOW_TESTS").is_some() {
        default * 16
    } else {
        default
    }
}
