//! Series: spacing (hard), continuity of coach, arena and horses, distinct days and spread (soft).
//!
//! The series kernel reads only the placed members of a series: the fixed ones (constants here)
//! and the free ones. Day-use indicators `D[d]` are exact in both directions (`D >= T` for each
//! start on the day, `D <= Σ T`), so both the spacing rows (which push them up) and the day costs
//! (which reward them) see the true days.

use std::collections::{BTreeMap, BTreeSet};

use crate::Problem;
use crate::ids::*;
use crate::score::Constraint;

use super::fixed::{Fixed, SeriesMember};
use super::lp::{Lp, Var};
use super::objective::Objective;
use super::variables::Vars;

/// Whether a series uses day `d`: fixed (always) or a variable.
#[derive(Clone, Copy)]
enum DayUse {
    Fixed,
    Free(Var),
}

pub(super) fn add(problem: &Problem, vars: &Vars, fixed: &Fixed, lp: &mut Lp, obj: &mut Objective) {
    let mut members: BTreeMap<SeriesId, Vec<usize>> = BTreeMap::new();
    for (pos, r) in vars.requests.iter().enumerate() {
        if let Some(s) = problem.request(r.id).series {
            members.entry(s).or_default().push(pos);
        }
    }
    for (s, free) in members {
        one(problem, s, &free, &fixed.series[s.index()], vars, lp, obj);
    }
}

fn one(
    problem: &Problem,
    id: SeriesId,
    free: &[usize],
    placed: &[SeriesMember],
    vars: &Vars,
    lp: &mut Lp,
    obj: &mut Objective,
) {
    let series = &problem.series[id.index()];
    let w = |c: Constraint| problem.weights.get(c);
    // The start variables of the free members, by day.
    let mut by_day: BTreeMap<usize, Vec<(usize, Var)>> = BTreeMap::new();
    for &pos in free {
        for s in &vars.starts[vars.requests[pos].starts.clone()] {
            by_day.entry(s.day).or_default().push((pos, s.var));
        }
    }
    if by_day.is_empty() {
        return;
    }
    let fixed_days: BTreeSet<usize> = placed.iter().map(|m| m.day).collect();

    // At most `max_per_day` lessons a day.
    for (&day, starts) in &by_day {
        let room =
            i64::from(series.max_per_day) - placed.iter().filter(|m| m.day == day).count() as i64;
        if distinct(starts) > room {
            lp.le(
                starts.iter().map(|&(_, v)| (v, 1.0)).collect(),
                room.max(0) as f64,
            );
        }
    }

    let target = spread_target(problem, id);
    let wants_days = series.min_days_between > 1
        || (series.min_days.is_some() && w(Constraint::SeriesMinDays) > 0)
        || (target > 0 && w(Constraint::SeriesSpread) > 0);
    let mut days: BTreeMap<usize, DayUse> =
        fixed_days.iter().map(|&d| (d, DayUse::Fixed)).collect();
    if wants_days {
        for (&day, starts) in &by_day {
            if fixed_days.contains(&day) {
                continue;
            }
            let d = lp.binary();
            let mut per_request: BTreeMap<usize, Vec<(Var, f64)>> = BTreeMap::new();
            for &(pos, v) in starts {
                per_request
                    .entry(pos)
                    .or_insert_with(|| vec![(d, 1.0)])
                    .push((v, -1.0));
            }
            for row in per_request.into_values() {
                lp.ge(row, 0.0);
            }
            let mut up = vec![(d, 1.0)];
            up.extend(starts.iter().map(|&(_, v)| (v, -1.0)));
            lp.le(up, 0.0);
            days.insert(day, DayUse::Free(d));
        }
    }

    // At least `min_days_between` days between lesson days: one lesson day per window of that
    // many consecutive days.
    if series.min_days_between > 1 {
        let span = series.min_days_between as usize;
        for &first in days.keys() {
            let window: Vec<DayUse> = days.range(first..first + span).map(|(_, &u)| u).collect();
            let taken = window.iter().filter(|u| matches!(u, DayUse::Fixed)).count() as f64;
            let free_days: Vec<(Var, f64)> = window
                .iter()
                .filter_map(|u| {
                    if let DayUse::Free(v) = u {
                        Some((*v, 1.0))
                    } else {
                        None
                    }
                })
                .collect();
            if free_days.is_empty() || window.len() < 2 {
                continue;
            }
            lp.le(free_days, (1.0 - taken).max(0.0));
        }
    }

    let starts_of = |pos: usize| {
        vars.starts[vars.requests[pos].starts.clone()]
            .iter()
            .map(|s| s.var)
    };
    // Whether any free member is placed, pushed down by its cost-reducing role (continuity).
    let any_placed_below = |lp: &mut Lp, members: &[usize]| -> Var {
        let p = lp.continuous(0.0, 1.0);
        let mut row = vec![(p, 1.0)];
        for &pos in members {
            row.extend(starts_of(pos).map(|v| (v, -1.0)));
        }
        lp.le(row, 0.0);
        p
    };

    // Continuity: distinct coaches / arenas − 1, and per rider distinct horses − 1.
    if w(Constraint::CoachContinuity) > 0 {
        let used: BTreeSet<CoachId> = placed.iter().map(|m| m.coach).collect();
        let choices = free.iter().flat_map(|&pos| {
            vars.starts[vars.requests[pos].starts.clone()]
                .iter()
                .flat_map(move |s| {
                    vars.coaches[s.coaches.clone()]
                        .iter()
                        .map(move |x| (pos, x.id, x.var))
                })
        });
        distinct_count(
            lp,
            obj,
            choices.collect(),
            &used,
            free,
            w(Constraint::CoachContinuity),
            &any_placed_below,
        );
    }
    if w(Constraint::ArenaStability) > 0 {
        let used: BTreeSet<ArenaId> = placed.iter().map(|m| m.arena).collect();
        let choices = free.iter().flat_map(|&pos| {
            vars.starts[vars.requests[pos].starts.clone()]
                .iter()
                .flat_map(move |s| {
                    vars.arenas[s.arenas.clone()]
                        .iter()
                        .map(move |a| (pos, a.id, a.var))
                })
        });
        distinct_count(
            lp,
            obj,
            choices.collect(),
            &used,
            free,
            w(Constraint::ArenaStability),
            &any_placed_below,
        );
    }
    if w(Constraint::HorseContinuity) > 0 {
        let mut per_rider: BTreeMap<RiderId, (Vec<usize>, Vec<(usize, HorseId, Var)>)> =
            BTreeMap::new();
        for &pos in free {
            let req = problem.request(vars.requests[pos].id);
            for s in &vars.starts[vars.requests[pos].starts.clone()] {
                for (j, range) in s.horses.iter().enumerate() {
                    let entry = per_rider.entry(req.riders[j]).or_default();
                    if !entry.0.contains(&pos) {
                        entry.0.push(pos);
                    }
                    entry.1.extend(
                        vars.horses[range.clone()]
                            .iter()
                            .map(|h| (pos, h.horse, h.var)),
                    );
                }
            }
        }
        for (rider, (members, choices)) in per_rider {
            let used: BTreeSet<HorseId> = placed
                .iter()
                .flat_map(|m| m.horses.iter())
                .filter(|p| p.0 == rider)
                .map(|p| p.1)
                .collect();
            distinct_count(
                lp,
                obj,
                choices,
                &used,
                &members,
                w(Constraint::HorseContinuity),
                &any_placed_below,
            );
        }
    }

    let placed_free: Vec<(Var, f64)> = free
        .iter()
        .flat_map(|&pos| starts_of(pos))
        .map(|v| (v, 1.0))
        .collect();

    // Distinct days short of `min_days` (only once some lesson is placed).
    if let Some(min_days) = series
        .min_days
        .filter(|&m| m > 0 && w(Constraint::SeriesMinDays) > 0)
    {
        let weight = w(Constraint::SeriesMinDays);
        let min_days = i64::from(min_days);
        let fixed_count = fixed_days.len() as i64;
        // Q >= min_days·P − Σ D, with P = 1 when anything is placed.
        let q = lp.continuous(0.0, min_days as f64);
        let mut row = vec![(q, 1.0)];
        let mut constant = -(fixed_count as f64);
        if placed.is_empty() {
            let p = lp.binary();
            for &pos in free {
                let mut up = vec![(p, 1.0)];
                up.extend(starts_of(pos).map(|v| (v, -1.0)));
                lp.ge(up, 0.0);
            }
            row.push((p, -(min_days as f64)));
        } else {
            constant += min_days as f64;
            obj.offset -= weight * (min_days - fixed_count).max(0);
        }
        row.extend(days.values().filter_map(|u| {
            if let DayUse::Free(v) = u {
                Some((*v, 1.0))
            } else {
                None
            }
        }));
        lp.ge(row, constant);
        obj.cost(q, weight);
    }

    // Spread: per pair of consecutive lessons, days short of the target gap.
    if target > 0 && w(Constraint::SeriesSpread) > 0 {
        let weight = w(Constraint::SeriesSpread);
        // Same-day pairs: target · (lessons − days).
        for &(v, _) in &placed_free {
            obj.cost(v, weight * target);
        }
        for u in days.values() {
            if let DayUse::Free(v) = u {
                obj.cost(*v, -weight * target);
            }
        }
        // Consecutive lesson days closer than the target: v >= D[d] + D[d'] − 1 − Σ D between.
        let list: Vec<(usize, DayUse)> = days.iter().map(|(&d, &u)| (d, u)).collect();
        for i in 0..list.len() {
            for k in i + 1..list.len() {
                let gap = (list[k].0 - list[i].0) as i64;
                if gap >= target {
                    break;
                }
                let mut row = Vec::new();
                let mut constant = -1.0;
                for (idx, (_, u)) in list[i..=k].iter().enumerate() {
                    let sign = if idx == 0 || i + idx == k { 1.0 } else { -1.0 };
                    match u {
                        DayUse::Fixed => constant += sign,
                        DayUse::Free(v) => row.push((*v, sign)),
                    }
                }
                if row.is_empty() {
                    continue; // all fixed: the same in the base schedule, no change
                }
                let pair = lp.continuous(0.0, 1.0);
                let mut ge: Vec<(Var, f64)> = vec![(pair, 1.0)];
                ge.extend(row.iter().map(|&(v, c)| (v, -c)));
                lp.ge(ge, constant);
                obj.cost(pair, weight * (target - gap));
            }
        }
        obj.offset -= weight * fixed_spread_pairs(&fixed_days, target, &days);
    }
}

/// The target gap in days between consecutive lessons of a series, as the kernel computes it.
fn spread_target(problem: &Problem, id: SeriesId) -> i64 {
    let s = &problem.series[id.index()];
    let validity_days = (s.last_day - s.first_day + 1) as i64;
    let n = s.requests.len() as i64;
    (validity_days / n.max(1)).min(7)
}

/// The model's spread pairs that are 1 in the base schedule (every free request unplaced): two
/// consecutive fixed days with a free day between them. (Fixed pairs with no free day between are
/// not in the model at all; same-day pairs only count free lessons and days.)
fn fixed_spread_pairs(
    fixed_days: &BTreeSet<usize>,
    target: i64,
    days: &BTreeMap<usize, DayUse>,
) -> i64 {
    let list: Vec<usize> = fixed_days.iter().copied().collect();
    list.windows(2)
        .map(|w| {
            let gap = (w[1] - w[0]) as i64;
            let free_between = days
                .range(w[0] + 1..w[1])
                .any(|(_, u)| matches!(u, DayUse::Free(_)));
            if free_between {
                (target - gap).max(0)
            } else {
                0
            }
        })
        .sum()
}

fn distinct(starts: &[(usize, Var)]) -> i64 {
    let mut reqs: Vec<usize> = starts.iter().map(|s| s.0).collect();
    reqs.sort_unstable();
    reqs.dedup();
    reqs.len() as i64
}

/// Cost `weight · (distinct − 1)` over the values chosen by placed members, given the values the
/// fixed members use. With fixed members the change is `weight` per new value; without, it is
/// `weight · (Σ Y − P)` where P says whether any free member is placed.
fn distinct_count<I: Ord + Copy>(
    lp: &mut Lp,
    obj: &mut Objective,
    choices: Vec<(usize, I, Var)>,
    used: &BTreeSet<I>,
    members: &[usize],
    weight: i64,
    any_placed_below: &dyn Fn(&mut Lp, &[usize]) -> Var,
) {
    let mut per_value: BTreeMap<I, BTreeMap<usize, Vec<Var>>> = BTreeMap::new();
    for (pos, value, var) in choices {
        if !used.contains(&value) {
            per_value
                .entry(value)
                .or_default()
                .entry(pos)
                .or_default()
                .push(var);
        }
    }
    if per_value.is_empty() {
        return;
    }
    // One value only and no fixed member: never more than one distinct value.
    if used.is_empty() && per_value.len() == 1 {
        return;
    }
    for per_request in per_value.into_values() {
        let y = lp.continuous(0.0, 1.0);
        for vars in per_request.into_values() {
            let mut row = vec![(y, 1.0)];
            row.extend(vars.into_iter().map(|v| (v, -1.0)));
            lp.ge(row, 0.0);
        }
        obj.cost(y, weight);
    }
    if used.is_empty() {
        let p = any_placed_below(lp, members);
        obj.cost(p, -weight);
    }
}
