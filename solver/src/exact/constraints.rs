//! Hard constraints between free requests: no resource used twice at once, arena capacity,
//! daily limits. (Constraints against fixed lessons were applied when creating the variables.)
//!
//! Overlaps are written as clique rows: at a time point `t`, at most one of the variables whose
//! interval covers `t` may be 1. Two half-open intervals overlap exactly when one contains the
//! other's start, so start points suffice, and only the maximal cliques are written: the one at a
//! start point is skipped when every interval covering it still covers the next start point. A
//! row is also skipped when its variables exclude each other already (one request's options; for
//! horses, one rider's: two riders of a lesson on one horse is an overlap).

use std::collections::BTreeMap;

use crate::Problem;
use crate::ids::*;
use crate::spec::WelfareMode;
use crate::time::{Interval, Minute};

use super::fixed::Fixed;
use super::lp::{Lp, Var};
use super::variables::Vars;

/// A variable occupying a resource during `at`, with `weight` units. Variables of one `group`
/// exclude each other already: one request's starts and resources, or one rider's horses.
#[derive(Clone, Copy)]
struct Item {
    at: Interval,
    group: (usize, usize),
    var: Var,
    weight: f64,
}

pub(super) fn add(problem: &Problem, vars: &Vars, fixed: &Fixed, lp: &mut Lp) {
    let starts = &vars.starts;
    let mut coach: BTreeMap<CoachId, Vec<Item>> = BTreeMap::new();
    for x in &vars.coaches {
        let s = &starts[x.start];
        coach.entry(x.id).or_default().push(Item {
            at: s.at,
            group: (s.req, 0),
            var: x.var,
            weight: 1.0,
        });
    }
    let mut rider: BTreeMap<RiderId, Vec<Item>> = BTreeMap::new();
    for s in starts {
        for &r in &problem.request(vars.requests[s.req].id).riders {
            rider.entry(r).or_default().push(Item {
                at: s.at,
                group: (s.req, 0),
                var: s.var,
                weight: 1.0,
            });
        }
    }
    let mut horse: BTreeMap<HorseId, Vec<Item>> = BTreeMap::new();
    for w in &vars.horses {
        let s = &starts[w.start];
        let at = Interval::new(s.at.start, w.busy_end);
        horse.entry(w.horse).or_default().push(Item {
            at,
            group: (s.req, w.rider),
            var: w.var,
            weight: 1.0,
        });
    }
    for items in coach.values().chain(rider.values()).chain(horse.values()) {
        cliques(items, lp);
    }

    let mut arena: BTreeMap<ArenaId, Vec<Item>> = BTreeMap::new();
    for a in &vars.arenas {
        let s = &starts[a.start];
        let units = problem.request(vars.requests[s.req].id).units;
        arena.entry(a.id).or_default().push(Item {
            at: s.at,
            group: (s.req, 0),
            var: a.var,
            weight: f64::from(units),
        });
    }
    for (&a, items) in &arena {
        capacity(problem, a, items, fixed, lp);
    }

    daily_limits(problem, vars, fixed, lp);
}

fn cliques(items: &[Item], lp: &mut Lp) {
    let mut points: Vec<Minute> = items.iter().map(|i| i.at.start).collect();
    points.sort_unstable();
    points.dedup();
    for (k, &t) in points.iter().enumerate() {
        let active: Vec<&Item> = items
            .iter()
            .filter(|i| i.at.start <= t && t < i.at.end)
            .collect();
        if let Some(&next) = points.get(k + 1) {
            if active.iter().all(|i| i.at.end > next) {
                continue;
            }
        }
        if active.iter().all(|i| i.group == active[0].group) {
            continue;
        }
        lp.le(active.iter().map(|i| (i.var, 1.0)).collect(), 1.0);
    }
}

/// Arena space: at each point where a lesson starts, the free lessons there fit in what the fixed
/// ones leave. A row is skipped where all candidates together fit anyway.
fn capacity(problem: &Problem, arena: ArenaId, items: &[Item], fixed: &Fixed, lp: &mut Lp) {
    let cap = f64::from(problem.arenas[arena.index()].capacity);
    let mut points: Vec<Minute> = items.iter().map(|i| i.at.start).collect();
    points.extend(fixed.arena[arena.index()].iter().map(|l| l.at.start));
    points.sort_unstable();
    points.dedup();
    for t in points {
        let active: Vec<&Item> = items
            .iter()
            .filter(|i| i.at.start <= t && t < i.at.end)
            .collect();
        if active.is_empty() {
            continue;
        }
        let free = cap - f64::from(fixed.arena_load(arena, t));
        // Each request contributes at most once: its variables exclude each other.
        let mut most: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        for i in &active {
            let m = most.entry(i.group).or_insert(0.0);
            *m = m.max(i.weight);
        }
        if most.values().sum::<f64>() <= free {
            continue;
        }
        lp.le(
            active.iter().map(|i| (i.var, i.weight)).collect(),
            free.max(0.0),
        );
    }
}

/// Coach lessons and minutes per day (hard), and horse lessons and work per day when welfare is
/// hard. Daily limits count lessons by the day they start.
fn daily_limits(problem: &Problem, vars: &Vars, fixed: &Fixed, lp: &mut Lp) {
    let mut coach: BTreeMap<(CoachId, usize), Vec<(Var, usize, i64)>> = BTreeMap::new();
    for x in &vars.coaches {
        let s = &vars.starts[x.start];
        coach
            .entry((x.id, s.day))
            .or_default()
            .push((x.var, s.req, i64::from(s.at.len())));
    }
    for (&(c, day), items) in &coach {
        let spec = &problem.coaches[c.index()];
        let total = fixed.coach_day(c, day);
        limit(
            items,
            spec.max_lessons_per_day
                .map(|m| i64::from(m) - i64::from(total.lessons)),
            |_| 1,
            lp,
        );
        limit(
            items,
            spec.max_minutes_per_day
                .map(|m| i64::from(m) - total.minutes),
            |m| m,
            lp,
        );
    }
    if problem.welfare != WelfareMode::Hard {
        return;
    }
    for ((h, day), items) in horse_days(vars) {
        let spec = &problem.horses[h.index()];
        let total = fixed.horse_day(h, day);
        limit(
            &items,
            spec.max_lessons_per_day
                .map(|m| i64::from(m) - i64::from(total.lessons)),
            |_| 1,
            lp,
        );
        limit(
            &items,
            spec.max_work_minutes_per_day
                .map(|m| i64::from(m) - total.minutes),
            |m| m,
            lp,
        );
    }
}

/// The horse variables of each (horse, start day): (variable, request position, minutes).
pub(super) fn horse_days(vars: &Vars) -> BTreeMap<(HorseId, usize), Vec<(Var, usize, i64)>> {
    let mut out: BTreeMap<(HorseId, usize), Vec<(Var, usize, i64)>> = BTreeMap::new();
    for w in &vars.horses {
        let s = &vars.starts[w.start];
        out.entry((w.horse, s.day))
            .or_default()
            .push((w.var, s.req, i64::from(s.at.len())));
    }
    out
}

/// `Σ value·var <= room`, written only when the candidates could exceed it.
fn limit(items: &[(Var, usize, i64)], room: Option<i64>, value: impl Fn(i64) -> i64, lp: &mut Lp) {
    let Some(room) = room else { return };
    let mut most: BTreeMap<usize, i64> = BTreeMap::new();
    for &(_, req, minutes) in items {
        let m = most.entry(req).or_insert(0);
        *m = (*m).max(value(minutes));
    }
    if most.values().sum::<i64>() <= room {
        return;
    }
    lp.le(
        items
            .iter()
            .map(|&(v, _, m)| (v, value(m) as f64))
            .collect(),
        room.max(0) as f64,
    );
}
