//! Turning a placement's score delta into short reasons, constraint by constraint.
//!
//! The parts the placement touches are explained (with the detailed kernels) without and with
//! the lesson; the difference per constraint is the delta's breakdown. Soft constraints that a
//! placement satisfies are named too ("preferred time"), at zero cost, because that is what a
//! front desk wants to tell the member.

use std::collections::BTreeMap;

use crate::Problem;
use crate::ids::*;
use crate::schedule::Assignment;
use crate::score::state::ScoreState;
use crate::score::{Constraint, Resource, Violation};

use super::Reason;

/// The reasons for placing unplaced `id` at `a`, largest cost change first, then the zero-cost
/// satisfied preferences.
pub(crate) fn reasons(state: &mut ScoreState, id: RequestId, a: &Assignment) -> Vec<Reason> {
    let problem = state.problem();
    let day = problem.axis.day_of(a.start);
    // Lessons each horse already has that day, measured before the lesson joins.
    let horse_load: Vec<(HorseId, usize)> = a
        .horses
        .iter()
        .flatten()
        .map(|&h| {
            (
                h,
                state
                    .horse_day(h, day)
                    .iter()
                    .filter(|o| problem.axis.day_of(o.start) == day)
                    .count(),
            )
        })
        .collect();
    let before = state.explain_parts(id, a);
    state.assign(id, a.clone());
    let after = state.explain_parts(id, a);
    state.unassign(id);

    let mut change: BTreeMap<Constraint, i64> = BTreeMap::new();
    for v in &before {
        *change.entry(v.constraint).or_default() -= v.cost;
    }
    for v in &after {
        *change.entry(v.constraint).or_default() += v.cost;
    }
    let mut out: Vec<Reason> = change
        .into_iter()
        .filter(|&(_, cost)| cost != 0)
        .map(|(constraint, cost)| Reason {
            constraint,
            cost,
            message: message(problem, id, a, constraint, cost, &after, &horse_load),
        })
        .collect();
    out.sort_by_key(|r| (std::cmp::Reverse(r.cost.abs()), r.constraint));
    out.extend(satisfied(problem, state, id, a, &out));
    out
}

fn message(
    problem: &Problem,
    id: RequestId,
    a: &Assignment,
    constraint: Constraint,
    cost: i64,
    after: &[Violation],
    horse_load: &[(HorseId, usize)],
) -> String {
    let req = problem.request(id);
    let worse = cost > 0;
    match constraint {
        Constraint::Unassigned => "places the waiting lesson".into(),
        Constraint::PreferredTime => "outside the preferred time".into(),
        Constraint::PreferredCoach => match req.preferred_coach {
            Some(c) => format!("not the preferred coach {}", problem.coach_name(c)),
            None => "not the preferred coach".into(),
        },
        Constraint::PreferredHorse => {
            let missed: Vec<String> = after
                .iter()
                .filter(|v| v.constraint == Constraint::PreferredHorse && v.lessons == [id])
                .filter_map(|v| match v.resources.as_slice() {
                    [Resource::Horse(h), Resource::Rider(r)] => Some(format!(
                        "rider {} not on the preferred horse {}",
                        problem.rider_name(*r),
                        problem.horse_name(*h)
                    )),
                    _ => None,
                })
                .collect();
            if missed.is_empty() {
                "not the preferred horse".into()
            } else {
                missed.join("; ")
            }
        }
        Constraint::CoachContinuity if worse => {
            format!(
                "coach continuity: coach {} differs from the package's other lessons",
                problem.coach_name(a.coach)
            )
        }
        Constraint::CoachContinuity => {
            "coach continuity: same coach as the package's other lessons".into()
        }
        Constraint::HorseContinuity if worse => {
            "horse continuity: another horse than in the package's other lessons".into()
        }
        Constraint::HorseContinuity => {
            "horse continuity: same horse as in the package's other lessons".into()
        }
        Constraint::ArenaStability if worse => {
            format!(
                "arena {} differs from the package's other lessons",
                problem.arena_name(a.arena)
            )
        }
        Constraint::ArenaStability => "same arena as the package's other lessons".into(),
        Constraint::HorseWorkload => {
            let busy: Vec<String> = horse_load
                .iter()
                .filter(|&&(_, n)| n > 0)
                .map(|&(h, n)| {
                    format!(
                        "horse {} has {n} lesson{} already today",
                        problem.horse_name(h),
                        if n == 1 { "" } else { "s" }
                    )
                })
                .collect();
            if busy.is_empty() {
                "horse workload".into()
            } else {
                busy.join("; ")
            }
        }
        Constraint::CoachCompactness if worse => format!(
            "leaves coach {} idle between lessons",
            problem.coach_name(a.coach)
        ),
        Constraint::CoachCompactness => {
            format!("fills a gap in coach {}'s day", problem.coach_name(a.coach))
        }
        Constraint::SeriesSpread if worse => "close to the package's other lessons".into(),
        Constraint::SeriesSpread => "spreads the package's lessons".into(),
        Constraint::SeriesMinDays if worse => "the package stays on too few days".into(),
        Constraint::SeriesMinDays => "adds a day to the package".into(),
        Constraint::ArenaSize => format!(
            "more people than arena {} seats",
            problem.arena_name(a.arena)
        ),
        Constraint::RiderCompactness if worse => {
            "not back to back with the rider's other lessons".into()
        }
        Constraint::RiderCompactness => "back to back with the rider's other lessons".into(),
        Constraint::Disruption => "changes the lesson from the current plan".into(),
        other => format!("{} {}", other.key(), if worse { "worse" } else { "better" }),
    }
}

/// Preferences the placement meets, as zero-cost reasons, unless a costed reason already speaks
/// of the same constraint.
fn satisfied(
    problem: &Problem,
    state: &ScoreState,
    id: RequestId,
    a: &Assignment,
    costed: &[Reason],
) -> Vec<Reason> {
    let req = problem.request(id);
    let named = |c: Constraint| costed.iter().any(|r| r.constraint == c);
    let mut out = Vec::new();
    let mut add = |constraint: Constraint, message: String| {
        if !named(constraint) {
            out.push(Reason {
                constraint,
                cost: 0,
                message,
            });
        }
    };
    let at = crate::time::Interval::new(a.start, a.start + req.duration);
    if !req.preferred.is_empty() && req.preferred.contains(at) {
        add(Constraint::PreferredTime, "preferred time".into());
    }
    if req.preferred_coach == Some(a.coach) {
        add(
            Constraint::PreferredCoach,
            format!("preferred coach {}", problem.coach_name(a.coach)),
        );
    }
    for (j, preferred) in req.preferred_horses.iter().enumerate() {
        if let Some(h) = *preferred {
            if a.horses.get(j).copied().flatten() == Some(h) {
                add(
                    Constraint::PreferredHorse,
                    format!("preferred horse {}", problem.horse_name(h)),
                );
            }
        }
    }
    if let Some(series) = req.series {
        let others: Vec<&Assignment> = problem.series[series.index()]
            .requests
            .iter()
            .filter(|&&r| r != id)
            .filter_map(|&r| state.schedule().get(r))
            .collect();
        if !others.is_empty() && others.iter().all(|o| o.coach == a.coach) {
            add(
                Constraint::CoachContinuity,
                "coach continuity: same coach as the package's other lessons".into(),
            );
        }
    }
    out
}
