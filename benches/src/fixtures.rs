//! The committed club fixtures, and the everyday questions the latency benchmarks ask of them.

use std::path::{Path, PathBuf};

use paddock_solver::replan::{Disruption, DisruptionsSpec};
use paddock_solver::spec::{ProblemSpec, ScheduleSpec};
use paddock_solver::{Problem, RequestId, Schedule};

/// The `fixtures/` folder of the workspace.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

/// `fixtures/<name>.json` with its conflict-free schedule `fixtures/<name>.schedule.json`.
pub fn club(name: &str) -> (Problem, Schedule) {
    let dir = fixtures_dir();
    let read = |file: String| {
        std::fs::read_to_string(dir.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"))
    };
    let spec: ProblemSpec =
        serde_json::from_str(&read(format!("{name}.json"))).expect("problem fixture");
    let problem = Problem::new(spec).expect("valid problem fixture");
    let schedule: ScheduleSpec =
        serde_json::from_str(&read(format!("{name}.schedule.json"))).expect("schedule fixture");
    let schedule = Schedule::from_spec(&problem, &schedule).expect("schedule fits its problem");
    (problem, schedule)
}

/// `count` placed lessons spread evenly over the schedule: the lessons a member asks to move.
pub fn sample_lessons(schedule: &Schedule, count: usize) -> Vec<RequestId> {
    let placed: Vec<RequestId> = schedule.assigned().map(|(id, _)| id).collect();
    let step = (placed.len() / count.max(1)).max(1);
    placed.into_iter().step_by(step).take(count).collect()
}

/// The morning a coach calls in sick: the coach with the most lessons on one local day is
/// unavailable for that whole day.
pub fn sick_coach_day(problem: &Problem, schedule: &Schedule) -> DisruptionsSpec {
    let axis = problem.time_axis();
    let mut lessons = vec![vec![0usize; axis.days()]; problem.coach_count()];
    for (_, a) in schedule.assigned() {
        lessons[a.coach.index()][axis.day_of(a.start)] += 1;
    }
    let (coach, day, _) = lessons
        .iter()
        .enumerate()
        .flat_map(|(c, days)| days.iter().enumerate().map(move |(d, &n)| (c, d, n)))
        .max_by_key(|&(c, d, n)| (n, std::cmp::Reverse((c, d))))
        .expect("a club has coaches and days");
    let day = axis.day_interval(day);
    DisruptionsSpec {
        events: vec![Disruption::CoachUnavailable {
            coach: problem.spec().coaches[coach].id.clone(),
            start: axis.instant(day.start),
            end: axis.instant(day.end),
            reason: "sick".into(),
        }],
        ..DisruptionsSpec::default()
    }
}
