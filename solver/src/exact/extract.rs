//! Reading a schedule out of the MILP solution.

use crate::Problem;
use crate::schedule::{Assignment, Schedule};
use crate::spec::HorseNeed;

use super::lp::Var;
use super::variables::Vars;

fn on(columns: &[f64], var: Var) -> bool {
    columns.get(var.col).is_some_and(|&v| v > 0.5)
}

/// `base` (the fixed lessons) with each free request placed where the solution puts it.
pub(super) fn schedule(
    problem: &Problem,
    vars: &Vars,
    columns: &[f64],
    base: &Schedule,
) -> Schedule {
    let mut schedule = base.clone();
    for r in &vars.requests {
        let req = problem.request(r.id);
        let Some(s) = vars.starts[r.starts.clone()]
            .iter()
            .find(|s| on(columns, s.var))
        else {
            continue;
        };
        let (Some(coach), Some(arena)) = (
            vars.coaches[s.coaches.clone()]
                .iter()
                .find(|x| on(columns, x.var)),
            vars.arenas[s.arenas.clone()]
                .iter()
                .find(|a| on(columns, a.var)),
        ) else {
            continue;
        };
        let horses = if req.horse_need == HorseNeed::None {
            Vec::new()
        } else {
            s.horses
                .iter()
                .map(|range| {
                    vars.horses[range.clone()]
                        .iter()
                        .find(|h| on(columns, h.var))
                        .map(|h| h.horse)
                })
                .collect()
        };
        schedule.assign(
            r.id,
            Assignment {
                start: s.at.start,
                coach: coach.id,
                arena: arena.id,
                horses,
            },
        );
    }
    schedule
}

/// The free requests' current assignments in `current` as a MIP start: their columns set, every
/// other column (auxiliaries) left for HiGHS to complete. A request whose assignment the model
/// cannot express (it breaks a hard constraint against the fixed lessons) starts unplaced.
/// None when no free request is placed in `current`.
pub(super) fn start(
    problem: &Problem,
    vars: &Vars,
    current: &Schedule,
    columns: usize,
) -> Option<Vec<f64>> {
    let mut values = vec![f64::INFINITY; columns];
    let mut any = false;
    for r in &vars.requests {
        let starts = &vars.starts[r.starts.clone()];
        for s in starts {
            values[s.var.col] = 0.0;
            for x in &vars.coaches[s.coaches.clone()] {
                values[x.var.col] = 0.0;
            }
            for a in &vars.arenas[s.arenas.clone()] {
                values[a.var.col] = 0.0;
            }
            for range in &s.horses {
                for h in &vars.horses[range.clone()] {
                    values[h.var.col] = 0.0;
                }
            }
        }
        values[r.unplaced.col] = 1.0;
        let Some(a) = current.get(r.id) else { continue };
        let Some(s) = starts.iter().find(|s| s.at.start == a.start) else {
            continue;
        };
        let coach = vars.coaches[s.coaches.clone()]
            .iter()
            .find(|x| x.id == a.coach);
        let arena = vars.arenas[s.arenas.clone()]
            .iter()
            .find(|x| x.id == a.arena);
        let horses: Option<Vec<_>> = s
            .horses
            .iter()
            .enumerate()
            .map(|(j, range)| {
                vars.horses[range.clone()]
                    .iter()
                    .find(|h| a.horses.get(j).copied().flatten() == Some(h.horse))
            })
            .collect();
        let (Some(coach), Some(arena), Some(horses)) = (coach, arena, horses) else {
            continue;
        };
        if problem.request(r.id).horse_need != HorseNeed::None && horses.len() != a.horses.len() {
            continue;
        }
        values[r.unplaced.col] = 0.0;
        values[s.var.col] = 1.0;
        values[coach.var.col] = 1.0;
        values[arena.var.col] = 1.0;
        for h in horses {
            values[h.var.col] = 1.0;
        }
        any = true;
    }
    any.then_some(values)
}
