//! Evaluating a whole schedule at once.
//!
//! Lessons are grouped into their (resource, day) buckets by one sort per resource type rather
//! than by hashing, which keeps `check` on 100 000 lessons in milliseconds.

use rayon::slice::ParallelSliceMut;

use crate::Problem;
use crate::ids::*;
use crate::schedule::Schedule;
use crate::score::kernels::{self, Baseline, DetailSink, Occ, ScoreSink, Sink};
use crate::score::{Constraint, Score, Violation};

/// A schedule's score with its breakdown per constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// The total score.
    pub score: Score,
    /// Weighted cost per constraint, only the constraints that cost something, in
    /// [`Constraint::ALL`] order.
    pub breakdown: Vec<(Constraint, i64)>,
}

/// Scores a schedule, with the cost of each constraint.
pub fn evaluate(problem: &Problem, schedule: &Schedule) -> Evaluation {
    evaluate_against(problem, None, schedule)
}

pub(crate) fn evaluate_against(
    problem: &Problem,
    baseline: Option<&Baseline>,
    schedule: &Schedule,
) -> Evaluation {
    let mut sink = ScoreSink::new(problem);
    sink.per_constraint = Some(Box::new([0; Constraint::ALL.len()]));
    run(problem, baseline, schedule, &mut sink);
    let per = sink.per_constraint.expect("set above");
    let breakdown = Constraint::ALL
        .iter()
        .map(|&c| (c, per[c as usize]))
        .filter(|&(_, cost)| cost != 0)
        .collect();
    Evaluation {
        score: sink.score,
        breakdown,
    }
}

/// Only the score (no breakdown).
pub(crate) fn score_of(
    problem: &Problem,
    baseline: Option<&Baseline>,
    schedule: &Schedule,
) -> Score {
    let mut sink = ScoreSink::new(problem);
    run(problem, baseline, schedule, &mut sink);
    sink.score
}

/// Every violation of a schedule — hard, warnings and soft — with the lessons and resources
/// involved.
pub fn explain(problem: &Problem, schedule: &Schedule) -> Vec<Violation> {
    explain_against(problem, None, schedule)
}

pub(crate) fn explain_against(
    problem: &Problem,
    baseline: Option<&Baseline>,
    schedule: &Schedule,
) -> Vec<Violation> {
    let mut sink = DetailSink {
        problem,
        violations: Vec::new(),
    };
    run(problem, baseline, schedule, &mut sink);
    sink.violations
}

/// Only the hard violations and warnings, without computing soft details (what `check` needs).
pub(crate) fn hard_violations(problem: &Problem, schedule: &Schedule) -> Vec<Violation> {
    struct HardSink<'p>(DetailSink<'p>);
    impl Sink for HardSink<'_> {
        fn add(&mut self, constraint: Constraint, units: i64, detail: impl FnOnce() -> Violation) {
            if constraint.level() == crate::score::Level::Hard {
                self.0.add(constraint, units, detail);
            }
        }
    }
    let mut sink = HardSink(DetailSink {
        problem,
        violations: Vec::new(),
    });
    run(problem, None, schedule, &mut sink);
    sink.0.violations
}

fn run<S: Sink>(problem: &Problem, baseline: Option<&Baseline>, schedule: &Schedule, sink: &mut S) {
    for id in problem.request_ids() {
        kernels::lesson(problem, baseline, id, schedule.get(id), sink);
    }
    let buckets = Buckets::collect(problem, schedule);
    for_each_run(&buckets.coach, |key, occ| {
        kernels::coach_day(problem, CoachId(key.0), key.1 as usize, occ, sink)
    });
    for_each_run(&buckets.horse, |key, occ| {
        kernels::horse_day(problem, HorseId(key.0), key.1 as usize, occ, sink)
    });
    for_each_run(&buckets.rider, |key, occ| {
        kernels::rider_day(problem, RiderId(key.0), key.1 as usize, occ, sink)
    });
    for_each_run(&buckets.arena, |key, occ| {
        kernels::arena_day(problem, ArenaId(key.0), key.1 as usize, occ, sink)
    });
    for s in 0..problem.series.len() {
        kernels::series(problem, SeriesId::from_index(s), schedule, sink);
    }
}

/// (resource index, day) → the lessons on it; sorted so that each bucket is one contiguous run.
type Entries = Vec<((u32, u32), Occ)>;

struct Buckets {
    coach: Entries,
    horse: Entries,
    rider: Entries,
    arena: Entries,
}

impl Buckets {
    fn collect(problem: &Problem, schedule: &Schedule) -> Buckets {
        let n = schedule.assigned_count();
        let mut b = Buckets {
            coach: Vec::with_capacity(n),
            horse: Vec::with_capacity(n * 2),
            rider: Vec::with_capacity(n * 2),
            arena: Vec::with_capacity(n),
        };
        let axis = &problem.axis;
        for (id, a) in schedule.assigned() {
            let req = problem.request(id);
            let occ = Occ {
                start: a.start,
                end: a.start + req.duration,
                lesson: id,
                units: req.units,
            };
            let first = axis.day_of(occ.start) as u32;
            let last = axis.day_of(occ.end - 1) as u32;
            for day in first..=last {
                b.coach.push(((a.coach.0, day), occ));
                b.arena.push(((a.arena.0, day), occ));
                b.rider.extend(req.riders.iter().map(|r| ((r.0, day), occ)));
            }
            for &h in a.horses.iter().flatten() {
                for day in kernels::horse_days(problem, h, occ.start, occ.end) {
                    b.horse.push(((h.0, day as u32), occ));
                }
            }
        }
        // The four sorts are independent: two cores halve the wall time of a large check.
        let sort = |entries: &mut Entries| {
            entries.par_sort_unstable_by_key(|&(key, o)| (key, o.start, o.lesson))
        };
        let Buckets {
            coach,
            horse,
            rider,
            arena,
        } = &mut b;
        rayon::join(
            || rayon::join(|| sort(coach), || sort(horse)),
            || rayon::join(|| sort(rider), || sort(arena)),
        );
        b
    }
}

fn for_each_run(entries: &Entries, mut f: impl FnMut((u32, u32), &[Occ])) {
    let mut occ: Vec<Occ> = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let key = entries[i].0;
        occ.clear();
        while i < entries.len() && entries[i].0 == key {
            occ.push(entries[i].1);
            i += 1;
        }
        f(key, &occ);
    }
}
