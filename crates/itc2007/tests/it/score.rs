//! The official scorer: the toy oracle and hand-checked cases of each rule.

use paddock_itc2007::{Instance, Report, Solution, score};

use crate::helpers::{instance, read};

#[test]
fn toy_solution_scores_as_the_official_validator() {
    let toy = instance("toy");
    let solution = Solution::parse(&read("toy.sol"), &toy).expect("valid");
    let report = score(&toy, &solution);
    // Validator: "Violations = 5, Total Cost = 30". The five: rooms B and A each hold two
    // lectures on day 3 (periods 0 and 1); ArcTec and TecCos (Cur1) share day 0 period 1; TecCos
    // and Geotec (Cur2) share day 2 period 2 and day 4 period 2.
    assert_eq!(
        report,
        Report {
            lectures: 0,
            conflicts: 3,
            availability: 0,
            room_occupation: 2,
            room_capacity: 8,
            min_working_days: 15,
            curriculum_compactness: 4,
            room_stability: 3,
            skipped: 0,
        }
    );
    assert_eq!((report.violations(), report.total_cost()), (5, 30));
}

const TINY: &str =
    "Name: Tiny\nCourses: 3\nRooms: 2\nDays: 2\nPeriods_per_day: 3\nCurricula: 1\nConstraints: 1\n
COURSES:\na T1 2 2 30\nb T1 1 1 10\nc T2 2 1 5\n
ROOMS:\nr1 20\nr2 40\n
CURRICULA:\nq 2 a c\n
UNAVAILABILITY_CONSTRAINTS:\nc 1 2\n
END.\n";

fn tiny(sol: &str) -> Report {
    let instance = Instance::parse(TINY).expect("valid");
    score(&instance, &Solution::parse(sol, &instance).expect("valid"))
}

#[test]
fn each_rule_counts_as_the_validator() {
    // a on days 0 and 1 in r2, b alone, c adjacent to a on day 0: feasible, no cost... except
    // c's second lecture and a's day-1 lecture are isolated (2 × 2).
    let r = tiny("a r2 0 0\na r2 1 0\nb r2 0 2\nc r1 0 1\nc r1 1 2\n");
    assert_eq!(
        (r.violations(), r.curriculum_compactness, r.total_cost()),
        (1, 2 * 2, 4)
    );
    // The one violation: c on day 1 period 2 is unavailable.
    assert_eq!(r.availability, 1);

    // Teacher conflict (a, b share T1), room occupation, capacity, stability, working days,
    // a missing lecture of c.
    let r = tiny("a r1 0 0\na r2 0 1\nb r1 0 0\nc r1 0 2\n");
    assert_eq!((r.conflicts, r.room_occupation, r.lectures), (1, 1, 1));
    assert_eq!(r.room_capacity, 10);
    assert_eq!(r.room_stability, 1);
    assert_eq!(r.min_working_days, 5);
    // q has a in periods 0, 1 and c in period 2 on day 0: nothing isolated.
    assert_eq!(r.curriculum_compactness, 0);

    // A course never taught still misses its working days; an extra lecture is a violation.
    let r = tiny("b r1 0 0\nb r1 1 0\n");
    assert_eq!(r.lectures, 2 + 1 + 2);
    assert_eq!(r.min_working_days, 5 * (2 + 1));
}

#[test]
fn a_course_twice_in_one_period_is_skipped_like_the_validator() {
    let r = tiny("a r1 0 0\na r2 0 0\na r2 1 0\nb r1 1 2\nc r1 0 1\nc r1 1 1\n");
    assert_eq!(r.skipped, 1);
    assert_eq!(r.lectures, 0);
    assert_eq!(r.room_stability, 1); // r2's repeat is not seen: a uses r1 and r2.
}
