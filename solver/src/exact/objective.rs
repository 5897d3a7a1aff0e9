//! The weighted objective: unplaced requests, and the soft constraints of single lessons and of
//! resource-days. Series terms are in `series`.
//!
//! Costs are written as the change from the schedule in which every free request is unplaced:
//! each term's model value minus its value there (`Objective::offset`). Every term is exact, or
//! listed in `Objective::left_out`.

use std::collections::BTreeMap;

use crate::Problem;
use crate::ids::*;
use crate::score::Constraint;
use crate::spec::{HorseNeed, WelfareMode};
use crate::time::{Interval, Minute};

use super::constraints::horse_days;
use super::fixed::Fixed;
use super::lp::{Lp, Var};
use super::variables::Vars;

#[derive(Default)]
pub(super) struct Objective {
    /// Weighted unplaced requests (`unassigned` level).
    pub unassigned: Vec<(Var, f64)>,
    /// Soft penalties.
    pub soft: Vec<(Var, f64)>,
    /// Added to the soft terms' value to get the change of the soft score.
    pub offset: i64,
    /// Soft constraints with a non-zero weight the model leaves out.
    pub left_out: Vec<Constraint>,
}

impl Objective {
    pub fn cost(&mut self, var: Var, cost: i64) {
        if cost != 0 {
            self.soft.push((var, cost as f64));
        }
    }
}

pub(super) fn build(problem: &Problem, vars: &Vars, fixed: &Fixed, lp: &mut Lp) -> Objective {
    let w = |c: Constraint| problem.weights.get(c);
    let mut obj = Objective::default();
    for r in &vars.requests {
        let cost = w(Constraint::Unassigned) * i64::from(problem.request(r.id).priority);
        if cost != 0 {
            obj.unassigned.push((r.unplaced, cost as f64));
        }
    }
    lessons(problem, vars, &mut obj);
    if w(Constraint::HorseWorkload) > 0 {
        horse_workload(problem, vars, fixed, lp, &mut obj);
    }
    if w(Constraint::CoachCompactness) > 0 {
        coach_compactness(problem, vars, fixed, lp, &mut obj);
    }
    if problem.welfare == WelfareMode::Warning {
        welfare_warnings(problem, vars, fixed, lp, &mut obj);
    }
    // A rider's isolated lessons depend on the rider's whole day; not modelled.
    if w(Constraint::RiderCompactness) > 0 && !vars.starts.is_empty() {
        obj.left_out.push(Constraint::RiderCompactness);
    }
    obj
}

/// Costs of one lesson on its own: preferred time, coach and horses, arena size.
fn lessons(problem: &Problem, vars: &Vars, obj: &mut Objective) {
    let w = |c: Constraint| problem.weights.get(c);
    for s in &vars.starts {
        let req = problem.request(vars.requests[s.req].id);
        let mut cost = 0;
        if !req.preferred.is_empty() && !req.preferred.contains(s.at) {
            cost += w(Constraint::PreferredTime);
        }
        // A lesson without horses still misses each rider's preferred horse.
        if req.horse_need == HorseNeed::None {
            cost += w(Constraint::PreferredHorse)
                * req.preferred_horses.iter().filter(|p| p.is_some()).count() as i64;
        }
        obj.cost(s.var, cost);
    }
    for x in &vars.coaches {
        let req = problem.request(vars.requests[vars.starts[x.start].req].id);
        if req.preferred_coach.is_some_and(|p| p != x.id) {
            obj.cost(x.var, w(Constraint::PreferredCoach));
        }
    }
    for a in &vars.arenas {
        let req = problem.request(vars.requests[vars.starts[a.start].req].id);
        if let Some(seats) = problem.arenas[a.id.index()].seats {
            let over = i64::from(req.headcount) - i64::from(seats);
            obj.cost(a.var, over.max(0) * w(Constraint::ArenaSize));
        }
    }
    for h in &vars.horses {
        let req = problem.request(vars.requests[vars.starts[h.start].req].id);
        if req
            .preferred_horses
            .get(h.rider)
            .copied()
            .flatten()
            .is_some_and(|p| p != h.horse)
        {
            obj.cost(h.var, w(Constraint::PreferredHorse));
        }
    }
}

/// Pairs of lessons per horse and day: with `f` fixed lessons and `n` new ones the change is
/// `g(n) = f·n + n(n−1)/2`, convex, so `z >= g(m) + (f+m)(n−m)` for m = 0..K−1 is exact.
fn horse_workload(problem: &Problem, vars: &Vars, fixed: &Fixed, lp: &mut Lp, obj: &mut Objective) {
    let weight = problem.weights.get(Constraint::HorseWorkload);
    for ((h, day), items) in horse_days(vars) {
        let f = i64::from(fixed.horse_day(h, day).lessons);
        let mut most = distinct(&items);
        if problem.welfare == WelfareMode::Hard {
            if let Some(m) = problem.horses[h.index()].max_lessons_per_day {
                most = most.min((i64::from(m) - f).max(0));
            }
        }
        if most == 0 || (f == 0 && most == 1) {
            continue;
        }
        let g = |n: i64| f * n + n * (n - 1) / 2;
        let n = lp.continuous(0.0, most as f64);
        let mut count: Vec<(Var, f64)> = items.iter().map(|&(v, _, _)| (v, 1.0)).collect();
        count.push((n, -1.0));
        lp.eq(count, 0.0);
        let z = lp.continuous(0.0, g(most) as f64);
        for m in 0..most {
            // z − (f+m)·n >= g(m) − (f+m)·m
            lp.ge(
                vec![(z, 1.0), (n, -((f + m) as f64))],
                (g(m) - (f + m) * m) as f64,
            );
        }
        obj.cost(z, weight);
    }
}

fn distinct(items: &[(Var, usize, i64)]) -> i64 {
    let mut reqs: Vec<usize> = items.iter().map(|i| i.1).collect();
    reqs.sort_unstable();
    reqs.dedup();
    reqs.len() as i64
}

/// Idle slots between a coach's lessons of a day, slot by slot: `a_k` says a lesson has started
/// by slot k, `b_k` that one ends after it, and slot k is idle when both hold and the coach
/// teaches nothing then. Minimisation pushes `a`, `b` and the idle slots down to their true values.
fn coach_compactness(
    problem: &Problem,
    vars: &Vars,
    fixed: &Fixed,
    lp: &mut Lp,
    obj: &mut Objective,
) {
    let weight = problem.weights.get(Constraint::CoachCompactness);
    let slot = problem.slot;
    let mut days: BTreeMap<(CoachId, usize), Vec<(Interval, Var, usize)>> = BTreeMap::new();
    for x in &vars.coaches {
        let s = &vars.starts[x.start];
        days.entry((x.id, s.day))
            .or_default()
            .push((s.at, x.var, s.req));
    }
    for ((c, day), items) in days {
        let day_start = problem.axis.day_interval(day).start;
        let fixed_lessons = fixed
            .coach_lessons
            .get(&(c, day))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let mut requests: Vec<usize> = items.iter().map(|i| i.2).collect();
        requests.sort_unstable();
        requests.dedup();
        if requests.len() + fixed_lessons.len() < 2 {
            continue;
        }
        // Off-grid fixed lessons do not fit the slot-indexed model: the term is left out there
        // and the bound allows for it.
        if fixed_lessons
            .iter()
            .any(|l| (l.start - day_start).rem_euclid(slot) != 0)
        {
            if !obj.left_out.contains(&Constraint::CoachCompactness) {
                obj.left_out.push(Constraint::CoachCompactness);
            }
            continue;
        }
        let lo = items
            .iter()
            .map(|i| i.0.start)
            .chain(fixed_lessons.iter().map(|l| l.start))
            .min()
            .unwrap_or(day_start);
        let hi = items
            .iter()
            .map(|i| i.0.end)
            .chain(fixed_lessons.iter().map(|l| l.end))
            .max()
            .unwrap_or(day_start);
        let first_fixed = fixed_lessons.iter().map(|l| l.start).min();
        let last_fixed = fixed_lessons.iter().map(|l| l.end).max();
        let covered = |t: Minute| fixed_lessons.iter().any(|l| l.start <= t && t < l.end);
        let slots: Vec<Minute> = (0..)
            .map(|k| lo + k * slot)
            .take_while(|&t| t < hi)
            .collect();
        let mut fixed_idle = 0;
        let a: Vec<Var> = slots
            .iter()
            .map(|&t| {
                lp.continuous(
                    if first_fixed.is_some_and(|f| f <= t) {
                        1.0
                    } else {
                        0.0
                    },
                    1.0,
                )
            })
            .collect();
        let b: Vec<Var> = slots
            .iter()
            .map(|&t| {
                lp.continuous(
                    if last_fixed.is_some_and(|l| t < l) {
                        1.0
                    } else {
                        0.0
                    },
                    1.0,
                )
            })
            .collect();
        // Per request, the share of it that has started by slot k (ended after it) bounds
        // `a_k` (`b_k`) from below: one request takes one start, so this is valid, and much
        // tighter in the relaxation than the rows per start alone.
        let slot_of = |t: Minute| ((t - lo) / slot) as usize;
        for &r in &requests {
            let mut mine: Vec<(Interval, Var)> = items
                .iter()
                .filter(|i| i.2 == r)
                .map(|i| (i.0, i.1))
                .collect();
            mine.sort_by_key(|m| m.0.start);
            for (n, m) in mine.iter().enumerate() {
                let k = slot_of(m.0.start);
                if n + 1 < mine.len() && slot_of(mine[n + 1].0.start) == k {
                    continue;
                }
                let mut row = vec![(a[k], 1.0)];
                row.extend(mine[..=n].iter().map(|x| (x.1, -1.0)));
                lp.ge(row, 0.0);
            }
            mine.sort_by_key(|m| std::cmp::Reverse(m.0.end));
            for (n, m) in mine.iter().enumerate() {
                let k = slot_of(m.0.end - slot);
                if n + 1 < mine.len() && slot_of(mine[n + 1].0.end - slot) == k {
                    continue;
                }
                let mut row = vec![(b[k], 1.0)];
                row.extend(mine[..=n].iter().map(|x| (x.1, -1.0)));
                lp.ge(row, 0.0);
            }
        }
        for k in 0..slots.len() {
            let t = slots[k];
            if k > 0 {
                lp.ge(vec![(a[k], 1.0), (a[k - 1], -1.0)], 0.0);
                lp.ge(vec![(b[k - 1], 1.0), (b[k], -1.0)], 0.0);
            }
            let mut starts = vec![(a[k], 1.0)];
            starts.extend(items.iter().filter(|i| i.0.start == t).map(|i| (i.1, -1.0)));
            if starts.len() > 1 {
                lp.ge(starts, 0.0);
            }
            let mut ends = vec![(b[k], 1.0)];
            ends.extend(
                items
                    .iter()
                    .filter(|i| i.0.end == t + slot)
                    .map(|i| (i.1, -1.0)),
            );
            if ends.len() > 1 {
                lp.ge(ends, 0.0);
            }
            if covered(t) {
                continue;
            }
            if first_fixed.is_some_and(|f| f <= t) && last_fixed.is_some_and(|l| t < l) {
                fixed_idle += 1;
            }
            // idle_k >= a_k + b_k − 1 − Σ X covering slot k
            let idle = lp.continuous(0.0, 1.0);
            let mut row = vec![(idle, 1.0), (a[k], -1.0), (b[k], -1.0)];
            row.extend(
                items
                    .iter()
                    .filter(|i| i.0.start <= t && t < i.0.end)
                    .map(|i| (i.1, 1.0)),
            );
            lp.ge(row, -1.0);
            obj.cost(idle, weight);
        }
        obj.offset -= weight * fixed_idle;
    }
}

/// Welfare limits as warnings: one unit per horse-day over its lessons or minutes. Rest between
/// lessons depends on which lessons end up next to each other; not modelled.
fn welfare_warnings(
    problem: &Problem,
    vars: &Vars,
    fixed: &Fixed,
    lp: &mut Lp,
    obj: &mut Objective,
) {
    let w = |c: Constraint| problem.weights.get(c);
    for ((h, day), items) in horse_days(vars) {
        let horse = &problem.horses[h.index()];
        let total = fixed.horse_day(h, day);
        if w(Constraint::HorseDailyLessons) > 0 {
            if let Some(max) = horse.max_lessons_per_day {
                over_limit(
                    lp,
                    obj,
                    &items,
                    i64::from(max) - i64::from(total.lessons),
                    |_| 1,
                    w(Constraint::HorseDailyLessons),
                );
            }
        }
        if w(Constraint::HorseDailyWork) > 0 {
            if let Some(max) = horse.max_work_minutes_per_day {
                over_limit(
                    lp,
                    obj,
                    &items,
                    i64::from(max) - total.minutes,
                    |m| m,
                    w(Constraint::HorseDailyWork),
                );
            }
        }
    }
    let rests = vars.horses.iter().any(|h| {
        problem.horses[h.horse.index()]
            .min_rest_minutes
            .is_some_and(|r| r > 0)
    });
    if w(Constraint::HorseRest) > 0 && rests {
        obj.left_out.push(Constraint::HorseRest);
    }
}

/// `v = 1` when `Σ value·var` exceeds `room`; nothing changes when the fixed lessons are over
/// already (`room < 0`: the unit is counted with or without the new lessons).
fn over_limit(
    lp: &mut Lp,
    obj: &mut Objective,
    items: &[(Var, usize, i64)],
    room: i64,
    value: impl Fn(i64) -> i64,
    weight: i64,
) {
    if room < 0 {
        return;
    }
    let mut most: BTreeMap<usize, i64> = BTreeMap::new();
    for &(_, req, minutes) in items {
        let m = most.entry(req).or_insert(0);
        *m = (*m).max(value(minutes));
    }
    let possible: i64 = most.values().sum();
    if possible <= room {
        return;
    }
    let v = lp.binary();
    // (possible − room)·v >= Σ value·var − room
    let mut row: Vec<(Var, f64)> = items
        .iter()
        .map(|&(var, _, m)| (var, -(value(m) as f64)))
        .collect();
    row.push((v, (possible - room) as f64));
    lp.ge(row, -(room as f64));
    obj.cost(v, weight);
}
