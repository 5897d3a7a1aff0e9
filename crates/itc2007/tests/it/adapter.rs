//! The adapter: Paddock's evaluator must score every timetable exactly as the official validator.

use paddock_itc2007::{CourseId, Instance, Mapping, Placement, RoomId, Solution, score};
use paddock_solver::score::{Constraint, evaluate};
use paddock_solver::{Problem, Schedule};
use proptest::prelude::*;

use crate::helpers::{COMPETITION, Rng, greedy_solution, instance, random_solution, read};

/// Both scores of one timetable: (ITC violations, ITC total cost), and Paddock's
/// (hard, unassigned, soft).
fn both(
    instance: &Instance,
    problem: &Problem,
    mapping: &Mapping,
    solution: &Solution,
) -> ((u64, u64), (i64, i64, i64)) {
    let report = score(instance, solution);
    let spec = mapping
        .to_schedule_spec(solution)
        .expect("a timetable of the instance");
    let schedule = Schedule::from_spec(problem, &spec).expect("fits the problem");
    let evaluation = evaluate(problem, &schedule);
    let s = evaluation.score;
    (
        (report.violations(), report.total_cost()),
        (s.hard, s.unassigned, s.soft),
    )
}

/// The cross-check: the soft score is the total cost, and the schedule is feasible and complete
/// exactly when the validator reports no violation. Each course at most once per period, as in
/// every timetable drawn here.
///
/// One known difference is allowed for, exactly: ITC charges the minimum working days of a course
/// with no lecture placed, Paddock's series kernel charges nothing for a series with nothing
/// placed.
fn cross_check(
    name: &str,
    instance: &Instance,
    problem: &Problem,
    mapping: &Mapping,
    solution: &Solution,
) -> (u64, u64) {
    let ((violations, cost), (hard, unassigned, soft)) = both(instance, problem, mapping, solution);
    let untaught: u64 = instance
        .courses
        .iter()
        .enumerate()
        .filter(|&(c, _)| !solution.lectures.iter().any(|p| p.course.index() == c))
        .map(|(_, course)| u64::from(course.min_working_days) * 5)
        .sum();
    assert_eq!(
        soft,
        (cost - untaught) as i64,
        "{name}: Paddock soft score vs ITC total cost (less {untaught} for untaught courses)"
    );
    assert_eq!(
        violations == 0,
        hard == 0 && unassigned == 0,
        "{name}: violations {violations}, Paddock hard {hard} unassigned {unassigned}"
    );
    let report = score(instance, solution);
    assert_eq!(
        unassigned, report.lectures as i64,
        "{name}: unplaced lectures"
    );
    (violations, cost)
}

#[test]
fn toy_solution_costs_30_in_paddock_too() {
    let toy = instance("toy");
    let mapping = Mapping::new(&toy).expect("translates");
    let problem = mapping.problem().expect("valid problem");
    let solution = Solution::parse(&read("toy.sol"), &toy).expect("valid");
    let spec = mapping.to_schedule_spec(&solution).expect("fits");
    let evaluation = evaluate(
        &problem,
        &Schedule::from_spec(&problem, &spec).expect("fits"),
    );
    let cost = |c: Constraint| {
        evaluation
            .breakdown
            .iter()
            .find(|(k, _)| *k == c)
            .map_or(0, |(_, v)| *v)
    };
    assert_eq!(evaluation.score.soft, 30);
    assert_eq!(
        [
            Constraint::ArenaSize,
            Constraint::SeriesMinDays,
            Constraint::RiderCompactness,
            Constraint::ArenaStability
        ]
        .map(cost),
        [8, 15, 4, 3]
    );
    // The five violations are two arena overloads and three rider (curriculum) overlaps.
    assert_eq!(
        [Constraint::ArenaCapacity, Constraint::RiderOverlap].map(cost),
        [2, 3]
    );
    assert_eq!(evaluation.score.hard, 5);
}

#[test]
fn the_mapping_follows_the_itc_week() {
    let toy = instance("toy");
    let mapping = Mapping::new(&toy).expect("translates");
    let spec = mapping.spec();
    assert_eq!(spec.club.horizon.days, 5);
    assert_eq!(spec.club.slot_minutes, 60);
    assert_eq!(
        mapping.period_start(2, 3).to_rfc3339(),
        "2026-01-07T11:00:00+00:00"
    );
    assert_eq!(spec.requests.len(), 16);
    let tec = spec
        .requests
        .iter()
        .find(|r| r.id == "TecCos/0")
        .expect("a lecture of TecCos");
    assert_eq!(tec.riders, ["Cur1", "Cur2"]);
    assert_eq!(tec.headcount, Some(40));
    assert_eq!(tec.pinned.coach.as_deref(), Some("Rosa"));
    // Day 2 periods 0-1 and day 3 periods 2-3 are unavailable; each window stays within a day.
    let windows: Vec<String> = tec
        .allowed
        .iter()
        .map(|s| format!("{}/{}", s.start.format("%d %H"), s.end.format("%d %H")))
        .collect();
    assert_eq!(
        windows,
        [
            "05 08/05 12",
            "06 08/06 12",
            "07 10/07 12",
            "08 08/08 10",
            "09 08/09 12"
        ]
    );
}

#[test]
fn a_schedule_maps_back_to_the_same_solution() {
    let toy = instance("toy");
    let mapping = Mapping::new(&toy).expect("translates");
    let problem = mapping.problem().expect("valid problem");
    let solution = Solution::parse(&read("toy.sol"), &toy).expect("valid");
    let spec = mapping.to_schedule_spec(&solution).expect("fits");
    assert_eq!(mapping.to_solution(&spec).expect("maps back"), solution);
    // Through the solver's own schedule type (which sorts lessons by start).
    let again = Schedule::from_spec(&problem, &spec)
        .expect("fits")
        .to_spec(&problem);
    let mut back = mapping.to_solution(&again).expect("maps back").lectures;
    let mut original = solution.lectures.clone();
    back.sort();
    original.sort();
    assert_eq!(back, original);
}

#[test]
fn paddock_agrees_with_the_validator_on_random_timetables() {
    for name in std::iter::once("toy").chain(COMPETITION) {
        let instance = instance(name);
        let mapping = Mapping::new(&instance).expect("translates");
        let problem = mapping.problem().expect("valid problem");
        let mut rng = Rng::new(2007);
        for round in 0..5 {
            let solution = random_solution(&instance, &mut rng, if round % 2 == 0 { 0 } else { 7 });
            cross_check(
                &format!("{name} random {round}"),
                &instance,
                &problem,
                &mapping,
                &solution,
            );
        }
    }
}

#[test]
fn paddock_agrees_with_the_validator_on_greedy_timetables() {
    for name in std::iter::once("toy").chain(COMPETITION) {
        let instance = instance(name);
        let mapping = Mapping::new(&instance).expect("translates");
        let problem = mapping.problem().expect("valid problem");
        let solution = greedy_solution(&instance);
        let (violations, cost) = cross_check(
            &format!("{name} greedy"),
            &instance,
            &problem,
            &mapping,
            &solution,
        );
        println!("{name}: greedy timetable, violations {violations}, total cost {cost}");
    }
}

#[test]
fn extra_lectures_cannot_be_translated() {
    let toy = instance("toy");
    let mapping = Mapping::new(&toy).expect("translates");
    let mut solution = Solution::parse(&read("toy.sol"), &toy).expect("valid");
    solution.lectures.push(Placement {
        course: CourseId(0),
        room: RoomId(0),
        day: 0,
        period: 3,
    });
    let error = mapping
        .to_schedule_spec(&solution)
        .expect_err("SceCosC has 3 lectures");
    assert_eq!(
        error.to_string(),
        "solution: course \"SceCosC\" has more than its 3 lectures"
    );
}

/// Known gap, kept visible: a course in no curriculum needs a rider of its own in Paddock, and
/// Paddock counts that rider's isolated lessons while ITC does not. When the solver lets a rider
/// opt out of compactness (or a lesson have no rider), this test should fail and be flipped.
#[test]
fn known_gap_a_course_in_no_curriculum_counts_compactness_in_paddock() {
    let text = "Name: Orphan\nCourses: 1\nRooms: 1\nDays: 2\nPeriods_per_day: 2\nCurricula: 0\nConstraints: 0\n
COURSES:\nc T 2 2 10\n\nROOMS:\nr 10\n\nCURRICULA:\n\nUNAVAILABILITY_CONSTRAINTS:\n\nEND.\n";
    let instance = Instance::parse(text).expect("valid");
    let mapping = Mapping::new(&instance).expect("translates");
    let problem = mapping.problem().expect("valid problem");
    let solution = Solution::parse("c r 0 0\nc r 1 0\n", &instance).expect("valid");
    let ((violations, cost), (hard, _, soft)) = both(&instance, &problem, &mapping, &solution);
    assert_eq!((violations, cost, hard), (0, 0, 0));
    assert_eq!(soft, 2 * 2, "two isolated lectures of rider solo:c");
}

/// Small instances where every course is in a curriculum and a day has two periods or more.
fn small_instance() -> impl Strategy<Value = Instance> {
    (1u32..4, 2u32..5, 1usize..4, 1usize..6, 1usize..4).prop_flat_map(|(days, ppd, rooms, courses, curricula)| {
        let course = (0u32..3, 0u32..5, 0u32..5, 0u32..60);
        let curriculum = proptest::collection::vec(any::<bool>(), courses);
        let off = (0..courses, 0..days, 0..ppd);
        (
            proptest::collection::vec(course, courses),
            proptest::collection::vec(0u32..60, rooms),
            proptest::collection::vec(curriculum, curricula),
            proptest::collection::vec(off, 0..6),
            Just((days, ppd)),
        )
            .prop_map(|(courses, rooms, curricula, off, (days, ppd))| {
                let n = courses.len();
                let mut text = format!(
                    "Name: P\nCourses: {n}\nRooms: {}\nDays: {days}\nPeriods_per_day: {ppd}\nCurricula: {}\nConstraints: {}\n\nCOURSES:\n",
                    rooms.len(),
                    curricula.len() + 1,
                    off.len()
                );
                for (i, (t, l, m, s)) in courses.iter().enumerate() {
                    text += &format!("c{i} t{t} {l} {m} {s}\n");
                }
                text += "\nROOMS:\n";
                for (i, cap) in rooms.iter().enumerate() {
                    text += &format!("r{i} {cap}\n");
                }
                text += "\nCURRICULA:\n";
                for (q, members) in curricula.iter().enumerate() {
                    let list: Vec<String> = members.iter().enumerate().filter(|(_, m)| **m).map(|(i, _)| format!("c{i}")).collect();
                    text += &format!("q{q} {} {}\n", list.len(), list.join(" "));
                }
                // A curriculum of every course, so that no course is left without one.
                let all: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
                text += &format!("all {n} {}\n", all.join(" "));
                text += "\nUNAVAILABILITY_CONSTRAINTS:\n";
                for (c, d, p) in &off {
                    text += &format!("c{c} {d} {p}\n");
                }
                text += "\nEND.\n";
                Instance::parse(&text).expect("generated instances are valid")
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn paddock_agrees_with_the_validator_on_small_instances(instance in small_instance(), seed in any::<u64>(), drop in 0usize..4) {
        let mapping = Mapping::new(&instance).expect("translates");
        let problem = mapping.problem().expect("valid problem");
        let solution = random_solution(&instance, &mut Rng::new(seed), drop);
        cross_check("generated", &instance, &problem, &mapping, &solution);
    }
}
