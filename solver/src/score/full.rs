//! Evaluating a whole schedule at once.
//!
//! The evaluation is split into independent shares — ranges of lessons, each resource type's
//! day buckets, ranges of series — run in parallel and joined in a fixed order, so the result
//! and the order of reported violations do not depend on the thread count.

use std::ops::Range;

use rayon::prelude::*;

use crate::Problem;
use crate::ids::*;
use crate::model::Request;
use crate::schedule::{Assignment, Placements, Schedule};
use crate::score::buckets::Buckets;
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

/// What one series costs in a schedule (its spacing, continuity, distinct days and spread).
pub(crate) fn series_score<P: Placements + ?Sized>(
    problem: &Problem,
    series: SeriesId,
    placed: &P,
) -> Score {
    let mut sink = ScoreSink::new(problem);
    kernels::series(problem, series, placed, &mut sink);
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
    let mut sink = HardSink(DetailSink {
        problem,
        violations: Vec::new(),
    });
    run(problem, None, schedule, &mut sink);
    sink.0.violations
}

/// A sink that can be split over threads and joined back in a fixed order, so a parallel
/// evaluation reports exactly what a sequential one would, in the same order.
pub(crate) trait ForkSink: Sink + Send + Sync + Sized {
    /// An empty sink of the same kind.
    fn fork(&self) -> Self;
    /// Adds what `other` collected after what `self` has.
    fn join(&mut self, other: Self);
}

impl ForkSink for ScoreSink<'_> {
    fn fork(&self) -> Self {
        let mut sink = ScoreSink::new(self.problem);
        sink.per_constraint = self
            .per_constraint
            .as_ref()
            .map(|_| Box::new([0; Constraint::ALL.len()]));
        sink
    }

    fn join(&mut self, other: Self) {
        self.score += other.score;
        if let (Some(mine), Some(theirs)) = (&mut self.per_constraint, other.per_constraint) {
            for (m, t) in mine.iter_mut().zip(theirs.iter()) {
                *m += t;
            }
        }
    }
}

impl ForkSink for DetailSink<'_> {
    fn fork(&self) -> Self {
        DetailSink {
            problem: self.problem,
            violations: Vec::new(),
        }
    }

    fn join(&mut self, other: Self) {
        self.violations.extend(other.violations);
    }
}

/// Keeps only hard violations and warnings; kernels skip soft-only work for it.
struct HardSink<'p>(DetailSink<'p>);

impl Sink for HardSink<'_> {
    const HARD_ONLY: bool = true;

    fn add(&mut self, constraint: Constraint, units: i64, detail: impl FnOnce() -> Violation) {
        if constraint.level() == crate::score::Level::Hard {
            self.0.add(constraint, units, detail);
        }
    }
}

impl ForkSink for HardSink<'_> {
    fn fork(&self) -> Self {
        HardSink(self.0.fork())
    }

    fn join(&mut self, other: Self) {
        self.0.join(other.0);
    }
}

/// One independent share of a full evaluation.
#[derive(Clone)]
enum Part {
    /// The lesson kernel of a range of requests.
    Lessons(Range<usize>),
    Coaches,
    Horses,
    Riders,
    Arenas,
    /// The series kernel of a range of series.
    Series(Range<usize>),
}

/// Requests (or series) per parallel share: large enough that forking a sink is negligible.
const CHUNK: usize = 4096;

fn run<S: ForkSink>(
    problem: &Problem,
    baseline: Option<&Baseline>,
    schedule: &Schedule,
    sink: &mut S,
) {
    run_in_chunks(problem, baseline, schedule, sink, CHUNK);
}

fn run_in_chunks<S: ForkSink>(
    problem: &Problem,
    baseline: Option<&Baseline>,
    schedule: &Schedule,
    sink: &mut S,
    chunk: usize,
) {
    let chunks = |n: usize| {
        (0..n)
            .step_by(chunk)
            .map(move |s| s..s.saturating_add(chunk).min(n))
    };
    let mut parts: Vec<Part> = chunks(problem.requests.len()).map(Part::Lessons).collect();
    parts.extend([Part::Coaches, Part::Horses, Part::Riders, Part::Arenas]);
    parts.extend(chunks(problem.series.len()).map(Part::Series));

    // Shares are evaluated in parallel and joined in the order above, which is the order a
    // sequential evaluation reports in.
    let shares: Vec<S> = parts
        .into_par_iter()
        .map(|part| {
            let mut share = sink.fork();
            run_part(problem, baseline, schedule, part, &mut share);
            share
        })
        .collect();
    for share in shares {
        sink.join(share);
    }
}

fn run_part<S: Sink>(
    problem: &Problem,
    baseline: Option<&Baseline>,
    schedule: &Schedule,
    part: Part,
    sink: &mut S,
) {
    let days = problem.axis.days();
    match part {
        Part::Lessons(range) => {
            for i in range {
                let id = RequestId::from_index(i);
                kernels::lesson(problem, baseline, id, schedule.get(id), sink);
            }
        }
        Part::Coaches => {
            let entries = lesson_days(problem, schedule, |_, a, push| push(a.coach.0));
            Buckets::new(problem.coaches.len(), days, entries)
                .for_each(|c, day, occ| kernels::coach_day(problem, CoachId(c), day, occ, sink));
        }
        Part::Arenas => {
            let entries = lesson_days(problem, schedule, |_, a, push| push(a.arena.0));
            Buckets::new(problem.arenas.len(), days, entries)
                .for_each(|r, day, occ| kernels::arena_day(problem, ArenaId(r), day, occ, sink));
        }
        Part::Riders => {
            let entries = lesson_days(problem, schedule, |req, _, push| {
                req.riders.iter().for_each(|r| push(r.0))
            });
            Buckets::new(problem.riders.len(), days, entries)
                .for_each(|r, day, occ| kernels::rider_day(problem, RiderId(r), day, occ, sink));
        }
        Part::Horses => {
            let mut entries = Vec::with_capacity(schedule.assigned_count() * 2);
            for (id, a) in schedule.assigned() {
                let o = occ(problem, id, a);
                for &h in a.horses.iter().flatten() {
                    for day in kernels::horse_days(problem, h, o.start, o.end) {
                        entries.push((Buckets::bucket(days, h.0, day), o));
                    }
                }
            }
            Buckets::new(problem.horses.len(), days, entries)
                .for_each(|h, day, occ| kernels::horse_day(problem, HorseId(h), day, occ, sink));
        }
        Part::Series(range) => {
            for s in range {
                kernels::series(problem, SeriesId::from_index(s), schedule, sink);
            }
        }
    }
}

fn occ(problem: &Problem, id: RequestId, a: &Assignment) -> Occ {
    let req = problem.request(id);
    Occ {
        start: a.start,
        end: a.start + req.duration,
        lesson: id,
        units: req.units,
    }
}

/// Bucket entries of every placed lesson on every local day it touches, for the resources that
/// `resources` pushes for it.
fn lesson_days(
    problem: &Problem,
    schedule: &Schedule,
    resources: impl Fn(&Request, &Assignment, &mut dyn FnMut(u32)),
) -> Vec<(u64, Occ)> {
    let axis = &problem.axis;
    let days = axis.days();
    let mut entries = Vec::with_capacity(schedule.assigned_count());
    for (id, a) in schedule.assigned() {
        let o = occ(problem, id, a);
        let first = axis.day_of(o.start);
        let last = axis.day_of(o.end - 1);
        resources(problem.request(id), a, &mut |resource| {
            for day in first..=last {
                entries.push((Buckets::bucket(days, resource, day), o));
            }
        });
    }
    entries
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::solve::tests::random_problem;

    /// Any placement at all, conflicts included: every request on a random quarter hour of the
    /// two days, with a random coach, arena and horses.
    fn random_schedule(problem: &Problem, seed: u64) -> Schedule {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut schedule = Schedule::empty(problem);
        let day = problem.axis.day_interval(0);
        for id in problem.request_ids() {
            if rng.random_bool(0.1) {
                continue;
            }
            let riders = problem.request(id).riders.len();
            let assignment = Assignment {
                start: day.start + 15 * rng.random_range(0..2 * 96),
                coach: CoachId::from_index(rng.random_range(0..problem.coaches.len())),
                arena: ArenaId::from_index(rng.random_range(0..problem.arenas.len())),
                horses: (0..riders)
                    .map(|_| {
                        Some(HorseId::from_index(
                            rng.random_range(0..problem.horses.len()),
                        ))
                    })
                    .collect(),
            };
            schedule.assign(id, assignment);
        }
        schedule
    }

    #[test]
    fn parallel_shares_report_what_one_share_does_in_the_same_order() {
        for seed in 0..20 {
            let problem = random_problem(seed, 40);
            let schedule = random_schedule(&problem, seed);
            let explain_in = |chunk| {
                let mut sink = DetailSink {
                    problem: &problem,
                    violations: Vec::new(),
                };
                run_in_chunks(&problem, None, &schedule, &mut sink, chunk);
                sink.violations
            };
            let whole = explain_in(usize::MAX);
            assert!(
                !whole.is_empty(),
                "seed {seed}: a random schedule has conflicts"
            );
            for chunk in [1, 3, 7] {
                assert_eq!(explain_in(chunk), whole, "seed {seed}, chunks of {chunk}");
            }
            let mut scored = ScoreSink::new(&problem);
            run_in_chunks(&problem, None, &schedule, &mut scored, 3);
            assert_eq!(
                scored.score,
                evaluate(&problem, &schedule).score,
                "seed {seed}"
            );
        }
    }
}
