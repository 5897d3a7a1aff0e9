//! The constraint kernels: each computes the cost of one independent part of a schedule.
//!
//! A part is one lesson on its own, one resource on one local day, or one series. Kernels report
//! into a [`Sink`]: the scoring sink only adds weighted units, the explaining sink also records
//! which lessons and resources are involved. Full evaluation and incremental evaluation call the
//! same kernels, so they cannot disagree.
//!
//! Day buckets: a lesson belongs to the bucket of every local day it touches. Pair constraints
//! (overlap, rest) are counted in the bucket of the day on which the later lesson starts, and
//! capacity overloads are clipped to the bucket's day, so a lesson across midnight is never
//! counted twice. Daily limits count lessons by the day they start.

use crate::Problem;
use crate::ids::*;
use crate::model::Request;
use crate::schedule::{Assignment, Placements, Schedule};
use crate::score::{Constraint, Level, Resource, Score, Violation};
use crate::spec::{HorseNeed, WelfareMode};
use crate::time::{Interval, Minute};

use smallvec::SmallVec;

/// Lessons of a series held on the stack: a package has a handful, and this kernel runs on
/// every move of one of them.
type SeriesBuf<T> = SmallVec<[T; 16]>;

/// One lesson's stay on one resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Occ {
    pub start: Minute,
    pub end: Minute,
    pub lesson: RequestId,
    pub units: u32,
}

/// What a kernel reports a violation into.
pub(crate) trait Sink {
    /// Whether only hard constraints are wanted: kernels then skip work that can only find
    /// soft costs (what `check` needs).
    const HARD_ONLY: bool = false;

    /// Reports `units` of `constraint`; `detail` is called only by sinks that keep details.
    fn add(&mut self, constraint: Constraint, units: i64, detail: impl FnOnce() -> Violation);
}

/// How much each kind of change costs when re-planning (multiplied by the `disruption` weight).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields, default)]
pub struct ChangeWeights {
    /// A lesson moved to another time.
    pub time: i64,
    /// A lesson given to another coach.
    pub coach: i64,
    /// A rider put on another horse (per rider).
    pub horse: i64,
    /// A lesson moved to another arena.
    pub arena: i64,
}

impl Default for ChangeWeights {
    fn default() -> Self {
        Self {
            time: 8,
            coach: 4,
            horse: 1,
            arena: 1,
        }
    }
}

/// The schedule being re-planned, against which changes are counted.
#[derive(Clone, Debug)]
pub(crate) struct Baseline {
    pub schedule: Schedule,
    pub weights: ChangeWeights,
}

/// The scoring sink: weighted totals, overall and per constraint.
#[derive(Clone, Debug)]
pub(crate) struct ScoreSink<'p> {
    pub problem: &'p Problem,
    pub score: Score,
    pub per_constraint: Option<Box<[i64; Constraint::ALL.len()]>>,
}

impl<'p> ScoreSink<'p> {
    pub fn new(problem: &'p Problem) -> Self {
        Self {
            problem,
            score: Score::ZERO,
            per_constraint: None,
        }
    }
}

/// The level a constraint counts at in this problem (welfare may be demoted to warnings).
pub(crate) fn level(problem: &Problem, constraint: Constraint) -> Level {
    if constraint.is_welfare() && problem.welfare == WelfareMode::Warning {
        Level::Soft
    } else {
        constraint.level()
    }
}

impl Sink for ScoreSink<'_> {
    #[inline]
    fn add(&mut self, constraint: Constraint, units: i64, _detail: impl FnOnce() -> Violation) {
        let cost = units * self.problem.weights.get(constraint);
        self.score += Score::at(level(self.problem, constraint), cost);
        if let Some(per) = &mut self.per_constraint {
            per[constraint as usize] += cost;
        }
    }
}

/// The explaining sink: every violation with its details.
pub(crate) struct DetailSink<'p> {
    pub problem: &'p Problem,
    pub violations: Vec<Violation>,
}

impl Sink for DetailSink<'_> {
    fn add(&mut self, constraint: Constraint, units: i64, detail: impl FnOnce() -> Violation) {
        let mut v = detail();
        v.constraint = constraint;
        v.cost = units * self.problem.weights.get(constraint);
        v.warning = constraint.is_welfare() && self.problem.welfare == WelfareMode::Warning;
        self.violations.push(v);
    }
}

pub(crate) fn violation(
    lessons: Vec<RequestId>,
    resources: Vec<Resource>,
    interval: Option<Interval>,
) -> Violation {
    Violation {
        constraint: Constraint::Unassigned,
        warning: false,
        cost: 0,
        lessons,
        resources,
        interval,
        value: None,
        limit: None,
        note: None,
    }
}

fn limited(mut v: Violation, value: i64, limit: i64) -> Violation {
    v.value = Some(value);
    v.limit = Some(limit);
    v
}

fn noted(mut v: Violation, note: &str) -> Violation {
    if !note.is_empty() {
        v.note = Some(note.to_owned());
    }
    v
}

// ---------------------------------------------------------------------------------------------
// One lesson on its own.

/// Constraints of one request alone: unplaced, windows, availability, suitability, pins,
/// preferences and changes from the baseline.
pub(crate) fn lesson<S: Sink>(
    problem: &Problem,
    baseline: Option<&Baseline>,
    id: RequestId,
    a: Option<&Assignment>,
    sink: &mut S,
) {
    let req = problem.request(id);
    let Some(a) = a else {
        sink.add(Constraint::Unassigned, i64::from(req.priority), || {
            violation(vec![id], vec![], None)
        });
        return;
    };
    let at = Interval::new(a.start, a.start + req.duration);
    let here = || violation(vec![id], vec![], Some(at));
    let axis = &problem.axis;

    if (a.start - axis.day_interval(axis.day_of(a.start)).start).rem_euclid(problem.slot) != 0 {
        sink.add(Constraint::OffSlotGrid, 1, here);
    }
    if !req.allowed.contains(at) {
        sink.add(Constraint::OutsideAllowedWindow, 1, here);
    }
    if let Some(series) = req.series {
        if !problem.series[series.index()].valid.contains(at) {
            sink.add(Constraint::SeriesValidity, 1, || {
                violation(vec![id], vec![Resource::Series(series)], Some(at))
            });
        }
    }
    let kind = &problem.kinds[req.kind.index()];
    let riders = req.riders.len() as u32;
    if riders < kind.min_riders || riders > kind.max_riders {
        let limit = if riders < kind.min_riders {
            kind.min_riders
        } else {
            kind.max_riders
        };
        sink.add(Constraint::GroupSize, 1, || {
            limited(here(), i64::from(riders), i64::from(limit))
        });
    }
    // Inside closed hours only the closure is reported: every resource is "unavailable" then too.
    let open = problem.open.contains(at);
    if !open {
        sink.add(Constraint::ClubClosed, 1, here);
    }

    let coach = &problem.coaches[a.coach.index()];
    if req.coach_candidates.binary_search(&a.coach).is_err() {
        sink.add(Constraint::CoachNotQualified, 1, || {
            violation(vec![id], vec![Resource::Coach(a.coach)], Some(at))
        });
    }
    if open && !coach.available.contains(at) {
        sink.add(Constraint::CoachUnavailable, 1, || {
            let note = coach
                .absences
                .iter()
                .find(|(i, _)| i.overlaps(at))
                .map_or("", |(_, r)| r.as_str());
            noted(
                violation(vec![id], vec![Resource::Coach(a.coach)], Some(at)),
                note,
            )
        });
    }

    let arena = &problem.arenas[a.arena.index()];
    let kind_spec = &problem.spec.lesson_kinds[req.kind.index()];
    if let Some(seats) = arena.seats {
        let over = i64::from(req.headcount) - i64::from(seats);
        if over > 0 {
            sink.add(Constraint::ArenaSize, over, || {
                limited(
                    violation(vec![id], vec![Resource::Arena(a.arena)], Some(at)),
                    i64::from(req.headcount),
                    i64::from(seats),
                )
            });
        }
    }
    if !kind_spec.arena_tags.iter().all(|t| arena.tags.contains(t)) {
        sink.add(Constraint::ArenaUnsuitable, 1, || {
            violation(vec![id], vec![Resource::Arena(a.arena)], Some(at))
        });
    }
    if open && !arena.available.contains(at) {
        sink.add(Constraint::ArenaUnavailable, 1, || {
            let note = arena
                .closures
                .iter()
                .find(|(i, _)| i.overlaps(at))
                .map_or("", |(_, r)| r.as_str());
            noted(
                violation(vec![id], vec![Resource::Arena(a.arena)], Some(at)),
                note,
            )
        });
    }

    horses(problem, id, req, a, at, open, sink);
    pins(problem, id, req, a, at, sink);
    if !S::HARD_ONLY {
        preferences(problem, id, req, a, at, sink);
        if let Some(baseline) = baseline {
            changes(baseline, id, a, sink);
        }
    }
}

fn horses<S: Sink>(
    problem: &Problem,
    id: RequestId,
    req: &Request,
    a: &Assignment,
    at: Interval,
    open: bool,
    sink: &mut S,
) {
    if req.horse_need == HorseNeed::None {
        return;
    }
    for (j, &rider) in req.riders.iter().enumerate() {
        let Some(horse_id) = a.horses.get(j).copied().flatten() else {
            sink.add(Constraint::HorseUnsuitable, 1, || {
                violation(vec![id], vec![Resource::Rider(rider)], Some(at))
            });
            continue;
        };
        let horse = &problem.horses[horse_id.index()];
        let rider_data = &problem.riders[rider.index()];
        let why = match req.horse_need {
            HorseNeed::Own if horse.owner != Some(rider) => Some("not the rider's own horse"),
            HorseNeed::Own => None,
            _ if horse.owner.is_some_and(|o| o != rider) => Some("somebody else's horse"),
            _ if !(horse.levels.is_empty() || horse.levels.contains(&rider_data.level)) => {
                Some("not for the rider's level")
            }
            _ if !crate::model::horse_suits_ignoring_owner(horse, rider_data) => {
                Some("the rider is too heavy for it")
            }
            _ => None,
        };
        if let Some(why) = why {
            sink.add(Constraint::HorseUnsuitable, 1, || {
                noted(
                    violation(
                        vec![id],
                        vec![Resource::Horse(horse_id), Resource::Rider(rider)],
                        Some(at),
                    ),
                    why,
                )
            });
        }
        if open && !horse.available.contains(at) {
            sink.add(Constraint::HorseUnavailable, 1, || {
                let day = problem.axis.day_of(at.start);
                let note = if horse.rest_days.contains(&day) {
                    "rest day"
                } else {
                    horse
                        .holds
                        .iter()
                        .find(|(i, _)| i.overlaps(at))
                        .map_or("", |(_, r)| r.as_str())
                };
                noted(
                    violation(vec![id], vec![Resource::Horse(horse_id)], Some(at)),
                    note,
                )
            });
        }
    }
}

fn pins<S: Sink>(
    problem: &Problem,
    id: RequestId,
    req: &Request,
    a: &Assignment,
    at: Interval,
    sink: &mut S,
) {
    let pins = &req.pins;
    let moved = pins.start.is_some_and(|s| s != a.start);
    let coach = pins.coach.is_some_and(|c| c != a.coach);
    let arena = pins.arena.is_some_and(|r| r != a.arena);
    let horses = pins
        .horses
        .iter()
        .enumerate()
        .filter(|&(j, p)| p.is_some() && a.horses.get(j).copied().flatten() != *p)
        .count();
    let units = i64::from(moved) + i64::from(coach) + i64::from(arena) + horses as i64;
    if units > 0 {
        sink.add(Constraint::PinViolated, units, || {
            let mut v = violation(vec![id], vec![], Some(at));
            v.note = Some(
                [
                    (moved, "start"),
                    (coach, "coach"),
                    (arena, "arena"),
                    (horses > 0, "horse"),
                ]
                .iter()
                .filter(|(changed, _)| *changed)
                .map(|(_, what)| *what)
                .collect::<Vec<_>>()
                .join(", "),
            );
            let _ = problem;
            v
        });
    }
}

fn preferences<S: Sink>(
    problem: &Problem,
    id: RequestId,
    req: &Request,
    a: &Assignment,
    at: Interval,
    sink: &mut S,
) {
    if !req.preferred.is_empty() && !req.preferred.contains(at) {
        sink.add(Constraint::PreferredTime, 1, || {
            violation(vec![id], vec![], Some(at))
        });
    }
    if let Some(coach) = req.preferred_coach {
        if coach != a.coach {
            sink.add(Constraint::PreferredCoach, 1, || {
                violation(vec![id], vec![Resource::Coach(coach)], Some(at))
            });
        }
    }
    for (j, preferred) in req.preferred_horses.iter().enumerate() {
        if let Some(horse) = *preferred {
            if a.horses.get(j).copied().flatten() != Some(horse) {
                sink.add(Constraint::PreferredHorse, 1, || {
                    violation(
                        vec![id],
                        vec![Resource::Horse(horse), Resource::Rider(req.riders[j])],
                        Some(at),
                    )
                });
            }
        }
    }
    let _ = problem;
}

fn changes<S: Sink>(baseline: &Baseline, id: RequestId, a: &Assignment, sink: &mut S) {
    let Some(before) = baseline.schedule.get(id) else {
        return;
    };
    let w = &baseline.weights;
    let horses = before
        .horses
        .iter()
        .zip(&a.horses)
        .filter(|(x, y)| x != y)
        .count() as i64;
    let units = if before.start != a.start { w.time } else { 0 }
        + if before.coach != a.coach { w.coach } else { 0 }
        + if before.arena != a.arena { w.arena } else { 0 }
        + horses * w.horse;
    if units > 0 {
        sink.add(Constraint::Disruption, units, || {
            violation(vec![id], vec![], None)
        });
    }
}

// ---------------------------------------------------------------------------------------------
// One resource on one day. `occ` is sorted by (start, lesson); `day` is the bucket's local day.

/// The minutes a day bucket answers for: the local day, stretched to the beginning of time for
/// the first day and to its end for the last, so that lessons outside the horizon (which a hand-
/// edited schedule may hold) are still counted, in the nearest bucket.
pub(crate) fn bucket_interval(problem: &Problem, day: usize) -> Interval {
    let mut interval = problem.axis.day_interval(day);
    if day == 0 {
        interval.start = Minute::MIN / 2;
    }
    if day + 1 == problem.axis.days() {
        interval.end = Minute::MAX / 2;
    }
    interval
}

/// The day buckets a horse's lesson belongs to: every day it touches, and the day its rest
/// after the lesson reaches into, so that rest across midnight is checked.
pub(crate) fn horse_days(
    problem: &Problem,
    horse: HorseId,
    start: Minute,
    end: Minute,
) -> std::ops::RangeInclusive<usize> {
    let rest = problem.horses[horse.index()].min_rest_minutes.unwrap_or(0) as Minute;
    problem.axis.day_of(start)..=problem.axis.day_of(end - 1 + rest)
}

/// Pairs of lessons sharing a resource at the same time, found by a sweep over start times.
fn overlaps<S: Sink>(
    occ: &[Occ],
    day: Interval,
    constraint: Constraint,
    resource: Resource,
    sink: &mut S,
) {
    let mut active: Vec<usize> = Vec::new();
    for (i, o) in occ.iter().enumerate() {
        active.retain(|&j| occ[j].end > o.start);
        if o.start >= day.start {
            for &j in &active {
                let other = occ[j];
                sink.add(constraint, 1, || {
                    violation(
                        vec![other.lesson, o.lesson],
                        vec![resource],
                        Some(Interval::new(o.start, other.end.min(o.end))),
                    )
                });
            }
        }
        active.push(i);
    }
}

/// Lessons counted for day limits: those starting on the bucket's day.
fn starting(occ: &[Occ], day: Interval) -> impl Iterator<Item = &Occ> {
    occ.iter()
        .filter(move |o| day.start <= o.start && o.start < day.end)
}

/// What a daily limit counts, named in explanations.
#[derive(Clone, Copy)]
enum Per {
    Lesson,
    Minute,
}

#[allow(clippy::too_many_arguments)]
fn daily_limit<S: Sink>(
    problem: &Problem,
    occ: &[Occ],
    day: Interval,
    constraint: Constraint,
    resource: Resource,
    limit: Option<u32>,
    per: Per,
    sink: &mut S,
) {
    let value = |o: &Occ| match per {
        Per::Lesson => 1,
        Per::Minute => i64::from(o.end - o.start),
    };
    let Some(limit) = limit.map(i64::from) else {
        return;
    };
    let total: i64 = starting(occ, day).map(&value).sum();
    if total > limit {
        sink.add(constraint, 1, || {
            let first = starting(occ, day).next().map_or(0, |o| o.start);
            let real_day = problem.axis.day_interval(problem.axis.day_of(first));
            let v = violation(
                starting(occ, day).map(|o| o.lesson).collect(),
                vec![resource],
                Some(real_day),
            );
            noted(
                limited(v, total, limit),
                match per {
                    Per::Lesson => "lessons",
                    Per::Minute => "minutes",
                },
            )
        });
    }
}

pub(crate) fn coach_day<S: Sink>(
    problem: &Problem,
    coach: CoachId,
    day: usize,
    occ: &[Occ],
    sink: &mut S,
) {
    if occ.is_empty() {
        return;
    }
    let c = &problem.coaches[coach.index()];
    let interval = bucket_interval(problem, day);
    let resource = Resource::Coach(coach);
    overlaps(occ, interval, Constraint::CoachOverlap, resource, sink);
    daily_limit(
        problem,
        occ,
        interval,
        Constraint::CoachDailyLimit,
        resource,
        c.max_lessons_per_day,
        Per::Lesson,
        sink,
    );
    daily_limit(
        problem,
        occ,
        interval,
        Constraint::CoachDailyLimit,
        resource,
        c.max_minutes_per_day,
        Per::Minute,
        sink,
    );
    if S::HARD_ONLY {
        return;
    }
    // Idle slots between consecutive lessons of the day.
    let mut idle = 0;
    let mut last_end: Option<Minute> = None;
    for o in starting(occ, interval) {
        if let Some(end) = last_end {
            idle += (o.start - end).max(0);
        }
        last_end = Some(last_end.map_or(o.end, |e| e.max(o.end)));
    }
    let idle_slots = i64::from(idle / problem.slot);
    if idle_slots > 0 {
        sink.add(Constraint::CoachCompactness, idle_slots, || {
            let lessons = starting(occ, interval).map(|o| o.lesson).collect();
            limited(
                violation(
                    lessons,
                    vec![resource],
                    Some(problem.axis.day_interval(day)),
                ),
                idle_slots,
                0,
            )
        });
    }
}

pub(crate) fn horse_day<S: Sink>(
    problem: &Problem,
    horse: HorseId,
    day: usize,
    occ: &[Occ],
    sink: &mut S,
) {
    if occ.is_empty() {
        return;
    }
    let h = &problem.horses[horse.index()];
    let interval = bucket_interval(problem, day);
    let resource = Resource::Horse(horse);
    overlaps(occ, interval, Constraint::HorseOverlap, resource, sink);
    daily_limit(
        problem,
        occ,
        interval,
        Constraint::HorseDailyLessons,
        resource,
        h.max_lessons_per_day,
        Per::Lesson,
        sink,
    );
    daily_limit(
        problem,
        occ,
        interval,
        Constraint::HorseDailyWork,
        resource,
        h.max_work_minutes_per_day,
        Per::Minute,
        sink,
    );
    if let Some(rest) = h.min_rest_minutes.map(|r| r as i32) {
        // Each lesson rests after the lesson that ends last among those that started strictly
        // earlier; lessons starting together are each checked, so input order does not matter.
        let mut previous: Option<Occ> = None;
        let mut k = 0;
        while k < occ.len() {
            let group_end = k + occ[k..]
                .iter()
                .take_while(|o| o.start == occ[k].start)
                .count();
            for o in &occ[k..group_end] {
                if let Some(p) = previous {
                    let gap = o.start - p.end;
                    if o.start >= interval.start && (0..rest).contains(&gap) {
                        sink.add(Constraint::HorseRest, 1, || {
                            let v = violation(
                                vec![p.lesson, o.lesson],
                                vec![resource],
                                Some(Interval::new(p.end, o.start)),
                            );
                            limited(v, i64::from(gap), i64::from(rest))
                        });
                    }
                }
            }
            for o in &occ[k..group_end] {
                // Ties go to the smaller key, so the report does not depend on input order.
                if previous.is_none_or(|p| {
                    o.end > p.end
                        || (o.end == p.end
                            && problem.request_key(o.lesson) < problem.request_key(p.lesson))
                }) {
                    previous = Some(*o);
                }
            }
            k = group_end;
        }
    }
    if S::HARD_ONLY {
        return;
    }
    let lessons = starting(occ, interval).count() as i64;
    let pairs = lessons * (lessons - 1) / 2;
    if pairs > 0 {
        sink.add(Constraint::HorseWorkload, pairs, || {
            let involved = starting(occ, interval).map(|o| o.lesson).collect();
            limited(
                violation(
                    involved,
                    vec![resource],
                    Some(problem.axis.day_interval(day)),
                ),
                lessons,
                1,
            )
        });
    }
}

pub(crate) fn rider_day<S: Sink>(
    problem: &Problem,
    rider: RiderId,
    day: usize,
    occ: &[Occ],
    sink: &mut S,
) {
    let interval = bucket_interval(problem, day);
    let resource = Resource::Rider(rider);
    if occ.len() >= 2 {
        overlaps(occ, interval, Constraint::RiderOverlap, resource, sink);
    }
    if !S::HARD_ONLY && problem.weights.get(Constraint::RiderCompactness) > 0 {
        // A lesson is isolated when no other lesson of the rider ends as it starts or starts as
        // it ends.
        for o in starting(occ, interval) {
            let adjacent = occ
                .iter()
                .any(|p| p.lesson != o.lesson && (p.end == o.start || p.start == o.end));
            if !adjacent {
                sink.add(Constraint::RiderCompactness, 1, || {
                    violation(
                        vec![o.lesson],
                        vec![resource],
                        Some(Interval::new(o.start, o.end)),
                    )
                });
            }
        }
    }
}

/// Arena capacity: a sweep over start and end events keeping the load; each maximal stretch of
/// overload within the day is one violation.
pub(crate) fn arena_day<S: Sink>(
    problem: &Problem,
    arena: ArenaId,
    day: usize,
    occ: &[Occ],
    sink: &mut S,
) {
    let capacity = i64::from(problem.arenas[arena.index()].capacity);
    let total: i64 = occ.iter().map(|o| i64::from(o.units)).sum();
    if total <= capacity {
        return;
    }
    let interval = bucket_interval(problem, day);
    // A sweep over the lessons in start order (the bucket's order; clipping to the day keeps
    // it), with the running lessons' ends kept in descending order: no event list to sort.
    let clipped = |o: &Occ| Interval::new(o.start, o.end).intersection(interval);
    let mut running: Vec<(Minute, i64)> = Vec::new();
    let mut next = 0;
    let mut load = 0;
    let mut overload: Option<(Minute, i64)> = None;
    loop {
        while next < occ.len() && clipped(&occ[next]).is_empty() {
            next += 1;
        }
        let t = match (occ.get(next).map(|o| clipped(o).start), running.last()) {
            (None, None) => break,
            (Some(s), None) => s,
            (None, Some(&(e, _))) => e,
            (Some(s), Some(&(e, _))) => s.min(e),
        };
        while running.last().is_some_and(|&(e, _)| e == t) {
            load -= running.pop().map_or(0, |(_, units)| units);
        }
        while let Some(o) = occ.get(next) {
            let c = clipped(o);
            if !c.is_empty() && c.start != t {
                break;
            }
            next += 1;
            if c.is_empty() {
                continue;
            }
            load += i64::from(o.units);
            let at = running.partition_point(|&(e, _)| e > c.end);
            running.insert(at, (c.end, i64::from(o.units)));
        }
        match overload {
            None if load > capacity => overload = Some((t, load)),
            Some((start, peak)) if load > capacity => overload = Some((start, peak.max(load))),
            Some((start, peak)) => {
                let stretch = Interval::new(start, t);
                sink.add(Constraint::ArenaCapacity, 1, || {
                    let lessons = occ
                        .iter()
                        .filter(|o| Interval::new(o.start, o.end).overlaps(stretch))
                        .map(|o| o.lesson)
                        .collect();
                    limited(
                        violation(lessons, vec![Resource::Arena(arena)], Some(stretch)),
                        peak,
                        capacity,
                    )
                });
                overload = None;
            }
            None => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// One series.

pub(crate) fn series<S: Sink, P: Placements + ?Sized>(
    problem: &Problem,
    series: SeriesId,
    placements: &P,
    sink: &mut S,
) {
    let s = &problem.series[series.index()];
    let resource = Resource::Series(series);
    let mut placed: SeriesBuf<(Minute, RequestId, &Assignment)> = s
        .requests
        .iter()
        .filter_map(|&r| placements.placement(r).map(|a| (a.start, r, a)))
        .collect();
    if placed.is_empty() {
        return;
    }
    placed.sort_unstable_by_key(|&(start, r, _)| (start, r));
    let axis = &problem.axis;
    let days: SeriesBuf<usize> = placed
        .iter()
        .map(|&(start, _, _)| axis.day_of(start))
        .collect();

    // Spacing: at most `max_per_day` a day, at least `min_days_between` days apart.
    let mut i = 0;
    while i < placed.len() {
        let j = i + days[i..].iter().take_while(|&&d| d == days[i]).count();
        if (j - i) as u32 > s.max_per_day {
            sink.add(
                Constraint::SeriesSpacing,
                (j - i) as i64 - i64::from(s.max_per_day),
                || {
                    limited(
                        violation(
                            placed[i..j].iter().map(|p| p.1).collect(),
                            vec![resource],
                            Some(axis.day_interval(days[i])),
                        ),
                        (j - i) as i64,
                        i64::from(s.max_per_day),
                    )
                },
            );
        }
        i = j;
    }
    if s.min_days_between > 0 {
        // Every pair on different days too close together (a series has a handful of lessons,
        // and counting pairs does not depend on the order of lessons that start together).
        for k in 0..placed.len() {
            for m in k + 1..placed.len() {
                let gap = days[m] - days[k];
                if gap as u32 >= s.min_days_between {
                    break;
                }
                if gap > 0 {
                    sink.add(Constraint::SeriesSpacing, 1, || {
                        limited(
                            violation(
                                vec![placed[k].1, placed[m].1],
                                vec![resource],
                                Some(Interval::new(placed[k].0, placed[m].0)),
                            ),
                            gap as i64,
                            i64::from(s.min_days_between),
                        )
                    });
                }
            }
        }
    }

    if S::HARD_ONLY {
        return;
    }
    // Continuity: one coach, one arena, and one horse per rider across the series.
    let distinct = |mut items: SeriesBuf<u32>| -> i64 {
        items.sort_unstable();
        items.dedup();
        items.len() as i64 - 1
    };
    let lessons = || placed.iter().map(|p| p.1).collect::<Vec<_>>();
    let extra_coaches = distinct(placed.iter().map(|p| p.2.coach.0).collect());
    if extra_coaches > 0 {
        sink.add(Constraint::CoachContinuity, extra_coaches, || {
            violation(lessons(), vec![resource], None)
        });
    }
    let extra_arenas = distinct(placed.iter().map(|p| p.2.arena.0).collect());
    if extra_arenas > 0 {
        sink.add(Constraint::ArenaStability, extra_arenas, || {
            violation(lessons(), vec![resource], None)
        });
    }
    let mut horse_pairs: SeriesBuf<(RiderId, HorseId)> = SmallVec::new();
    for &(_, r, a) in &placed {
        let req = problem.request(r);
        horse_pairs.extend(
            req.riders
                .iter()
                .zip(&a.horses)
                .filter_map(|(&rider, h)| h.map(|h| (rider, h))),
        );
    }
    horse_pairs.sort_unstable();
    horse_pairs.dedup();
    let mut extra_horses = 0;
    for (k, pair) in horse_pairs.iter().enumerate() {
        if k > 0 && horse_pairs[k - 1].0 == pair.0 {
            extra_horses += 1;
        }
    }
    if extra_horses > 0 {
        sink.add(Constraint::HorseContinuity, extra_horses, || {
            violation(lessons(), vec![resource], None)
        });
    }

    if let Some(min_days) = s.min_days {
        // `days` is sorted: a new day wherever it changes.
        let distinct = 1 + days.windows(2).filter(|w| w[0] != w[1]).count() as i64;
        let short = i64::from(min_days) - distinct;
        if short > 0 {
            sink.add(Constraint::SeriesMinDays, short, || {
                limited(
                    violation(lessons(), vec![resource], None),
                    distinct,
                    i64::from(min_days),
                )
            });
        }
    }

    // Spread: consecutive lessons should be about validity/n days apart (a week at most).
    let validity_days = (s.last_day - s.first_day + 1) as i64;
    let n = s.requests.len() as i64;
    let target = (validity_days / n.max(1)).min(7);
    let short: i64 = days
        .windows(2)
        .map(|w| (target - (w[1] - w[0]) as i64).max(0))
        .sum();
    if short > 0 {
        sink.add(Constraint::SeriesSpread, short, || {
            limited(violation(lessons(), vec![resource], None), short, 0)
        });
    }
}
