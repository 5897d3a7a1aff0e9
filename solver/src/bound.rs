//! Lower bounds for problems too large for the exact solver as a whole.
//!
//! `solve` proves bounds only on components small enough for the MILP. A club's week is one
//! component (riders, coaches and packages span its days), but its requests usually may only go
//! on one day each (the member asked for a morning, not for "some time this week"). Then the
//! score splits into what each day's lessons cost among themselves and what a package spanning
//! days costs as a whole (continuity, distinct days, spread):
//!
//! - requests are grouped by the days they could go on (requests sharing a possible day are in
//!   one group), and each group is bounded by the MILP alone, as if the other groups were empty,
//!   with the packages spanning groups taken out of it;
//! - a spanning package whose lessons each have one possible day costs, once all are placed, what
//!   its days decide (too few distinct days, bunching); its continuity costs at least nothing.
//!
//! Day groups larger than [`BoundOptions::max_group_requests`] (a week whose requests may each go
//! on several days is one group, as in club-m) get the relaxation bound of `relaxed` instead,
//! which ignores how lessons meet in time; every group gets the better of the two.
//!
//! Every term of the score is counted by at most one part and each part is a relaxation of the
//! whole, so the sum of the parts' bounds bounds every schedule. The groups are bounded in
//! parallel.

use std::collections::BTreeSet;
use std::time::Duration;

use rayon::prelude::*;

use crate::Problem;
use crate::exact::{ExactInput, solve_exact};
use crate::ids::{ArenaId, CoachId, RequestId, SeriesId};
use crate::schedule::{Assignment, Schedule};
use crate::score::{Constraint, Score, series_score};
use crate::solve::domain::Domain;

mod flow;
mod relaxed;

pub(crate) use relaxed::relaxed_bound;

/// How long and on how many threads to bound.
#[derive(Clone, Debug)]
pub struct BoundOptions {
    /// Wall-clock limit for the whole computation, shared evenly by the day groups.
    pub time_limit: Duration,
    /// Worker threads (0: one per core); each bounds one day group at a time.
    pub threads: usize,
    /// Day groups with more requests than this are not given to the MILP (its model would take
    /// longer to build than any time limit allows); the relaxation alone bounds them.
    pub max_group_requests: usize,
}

impl Default for BoundOptions {
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(60),
            threads: 0,
            max_group_requests: 120,
        }
    }
}

/// A lower bound on the score of every schedule of a problem.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LowerBound {
    /// No schedule scores lower (levels compared in order: a schedule placing as many requests
    /// as `score.unassigned` allows costs at least `score.soft`).
    pub score: Score,
    /// Each day group's bound and whether the MILP closed it.
    pub groups: Vec<GroupBound>,
    /// What the packages spanning groups cost at least, already in `score.soft`.
    pub spanning_series: i64,
}

/// The bound of one group of requests sharing possible days.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GroupBound {
    /// The group's days, as the club's dates.
    pub days: Vec<String>,
    /// How many requests it holds.
    pub requests: usize,
    /// Its bound, counting only its own requests (and its own packages).
    pub score: Score,
    /// The MILP bounded the group (false: too large for it, or no bound within the time; the
    /// relaxation bounds it then).
    pub bounded: bool,
    /// The MILP proved the group's optimum: its bound cannot be raised.
    pub closed: bool,
}

/// Errors of [`lower_bound`]: only the MILP solver failing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bound: {0}")]
pub struct BoundError(String);

/// Bounds the score of every schedule of `problem` (see the module documentation).
pub fn lower_bound(problem: &Problem, options: &BoundOptions) -> Result<LowerBound, BoundError> {
    let domain = Domain::new(problem);
    let days_of = |r: RequestId| -> BTreeSet<usize> {
        domain
            .starts(r)
            .iter()
            .map(|&s| problem.axis.day_of(s))
            .collect()
    };
    let request_days: Vec<BTreeSet<usize>> = problem.request_ids().map(days_of).collect();
    let groups = day_groups(problem.axis.days(), &request_days);

    // Which group each request is in; requests with no possible start are in none and can
    // never be placed.
    let mut group_of: Vec<Option<usize>> = vec![None; problem.request_count()];
    for (g, requests) in groups.iter().enumerate() {
        for &r in requests {
            group_of[r.index()] = Some(g);
        }
    }
    let spanning: Vec<SeriesId> = (0..problem.series.len())
        .map(SeriesId::from_index)
        .filter(|s| {
            // Lessons that can never be placed cost their package nothing: the rest decide.
            let groups: BTreeSet<usize> = problem.series[s.index()]
                .requests
                .iter()
                .filter_map(|r| group_of[r.index()])
                .collect();
            groups.len() > 1
        })
        .collect();
    let relaxed = without_series(problem, &spanning);

    let threads = if options.threads == 0 {
        rayon::current_num_threads().max(1)
    } else {
        options.threads
    };
    let rounds = groups.len().div_ceil(threads).max(1) as u32;
    let per_group = options.time_limit / rounds;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| BoundError(e.to_string()))?;
    let empty = Schedule::empty(&relaxed);
    let bounded: Vec<Result<GroupBound, BoundError>> = pool.install(|| {
        groups
            .par_iter()
            .map(|requests| {
                if requests.len() > options.max_group_requests {
                    return Ok(unbounded_group(&relaxed, &domain, requests, &request_days));
                }
                bound_group(
                    &relaxed,
                    &domain,
                    requests,
                    &empty,
                    &request_days,
                    per_group,
                )
            })
            .collect()
    });
    let groups: Vec<GroupBound> = bounded.into_iter().collect::<Result<_, _>>()?;

    let unassigned_weight = problem.weights.get(Constraint::Unassigned);
    let never_placed: i64 = problem
        .request_ids()
        .filter(|r| group_of[r.index()].is_none())
        .map(|r| i64::from(problem.request(r).priority) * unassigned_weight)
        .sum();
    let unassigned = never_placed + groups.iter().map(|g| g.score.unassigned).sum::<i64>();
    // What the spanning packages' days decide holds only when all their lessons are placed.
    let spanning_series = if unassigned == 0 {
        days_decided_cost(problem, &spanning, &domain, &request_days)
    } else {
        0
    };
    let soft = groups.iter().map(|g| g.score.soft).sum::<i64>() + spanning_series;
    Ok(LowerBound {
        score: Score {
            hard: 0,
            unassigned,
            soft,
        },
        groups,
        spanning_series,
    })
}

/// Requests grouped so that no two groups share a possible day, each group in request order,
/// groups in order of their first day.
fn day_groups(days: usize, request_days: &[BTreeSet<usize>]) -> Vec<Vec<RequestId>> {
    let mut sets = petgraph::unionfind::UnionFind::<usize>::new(days);
    for possible in request_days {
        let mut it = possible.iter();
        if let Some(&first) = it.next() {
            for &d in it {
                sets.union(first, d);
            }
        }
    }
    let mut by_root: std::collections::BTreeMap<usize, Vec<RequestId>> = Default::default();
    let mut first_day: std::collections::BTreeMap<usize, usize> = Default::default();
    for (r, possible) in request_days.iter().enumerate() {
        if let Some(&d) = possible.first() {
            let root = sets.find(d);
            by_root
                .entry(root)
                .or_default()
                .push(RequestId::from_index(r));
            let first = first_day.entry(root).or_insert(d);
            *first = (*first).min(d);
        }
    }
    let mut groups: Vec<(usize, Vec<RequestId>)> = by_root
        .into_iter()
        .map(|(root, requests)| (first_day[&root], requests))
        .collect();
    groups.sort_by_key(|g| g.0);
    groups.into_iter().map(|g| g.1).collect()
}

/// The problem with the given packages dissolved: their lessons become single lessons, so that
/// a group's MILP neither counts nor constrains what spans groups.
fn without_series(problem: &Problem, spanning: &[SeriesId]) -> Problem {
    let mut relaxed = problem.clone();
    for &s in spanning {
        for r in std::mem::take(&mut relaxed.series[s.index()].requests) {
            relaxed.requests[r.index()].series = None;
        }
    }
    relaxed
}

fn bound_group(
    problem: &Problem,
    domain: &Domain,
    requests: &[RequestId],
    empty: &Schedule,
    request_days: &[BTreeSet<usize>],
    time_limit: Duration,
) -> Result<GroupBound, BoundError> {
    let exact = solve_exact(&ExactInput {
        problem,
        requests,
        fixed: empty,
        time_limit,
        stop: &|| false,
    })
    .map_err(|e| BoundError(e.to_string()))?;
    let Some(mut bound) = exact.lower_bound else {
        return Ok(unbounded_group(problem, domain, requests, request_days));
    };
    // The requests outside the group are counted as unplaced by the MILP's bound: not ours.
    let inside: std::collections::HashSet<RequestId> = requests.iter().copied().collect();
    let outside: i64 = problem
        .request_ids()
        .filter(|r| !inside.contains(r))
        .map(|r| i64::from(problem.request(r).priority))
        .sum::<i64>()
        * problem.weights.get(Constraint::Unassigned);
    bound.unassigned = (bound.unassigned - outside).max(0);
    bound.hard = 0;
    Ok(GroupBound {
        days: day_labels(problem, requests, request_days),
        requests: requests.len(),
        score: bound.max(relaxation(problem, domain, requests)),
        bounded: true,
        closed: exact.optimal,
    })
}

/// The relaxation's bound of a group, to the end: `paddock bound`'s time limit is the MILP's.
fn relaxation(problem: &Problem, domain: &Domain, requests: &[RequestId]) -> Score {
    relaxed_bound(problem, domain, requests, &|| false).unwrap_or(Score::ZERO)
}

/// A group the MILP did not bound: the relaxation alone.
fn unbounded_group(
    problem: &Problem,
    domain: &Domain,
    requests: &[RequestId],
    request_days: &[BTreeSet<usize>],
) -> GroupBound {
    GroupBound {
        days: day_labels(problem, requests, request_days),
        requests: requests.len(),
        score: relaxation(problem, domain, requests),
        bounded: false,
        closed: false,
    }
}

fn day_labels(
    problem: &Problem,
    requests: &[RequestId],
    request_days: &[BTreeSet<usize>],
) -> Vec<String> {
    let days: BTreeSet<usize> = requests
        .iter()
        .flat_map(|r| request_days[r.index()].iter().copied())
        .collect();
    days.into_iter()
        .map(|d| problem.axis.day_label(problem.axis.day_interval(d).start))
        .collect()
}

/// What the spanning packages cost for too few distinct days and bunching once every lesson is
/// placed, counting only packages whose lessons each have one possible day (the others' days are
/// a choice). The series kernel scores them with every lesson at a start of its day, all with one
/// coach and arena and no horse, so that continuity costs nothing.
fn days_decided_cost(
    problem: &Problem,
    spanning: &[SeriesId],
    domain: &Domain,
    request_days: &[BTreeSet<usize>],
) -> i64 {
    let decided: Vec<SeriesId> = spanning
        .iter()
        .copied()
        .filter(|s| {
            problem.series[s.index()]
                .requests
                .iter()
                .all(|r| request_days[r.index()].len() == 1)
        })
        .collect();
    let mut placed = Schedule::empty(problem);
    for &s in &decided {
        for &r in &problem.series[s.index()].requests {
            let assignment = Assignment {
                start: domain.starts(r)[0],
                coach: CoachId::from_index(0),
                arena: ArenaId::from_index(0),
                horses: Vec::new(),
            };
            placed.assign(r, assignment);
        }
    }
    decided
        .iter()
        .map(|&s| series_score(problem, s, &placed).soft)
        .sum()
}

#[cfg(test)]
mod tests;
