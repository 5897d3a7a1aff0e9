//! Minimal-disruption re-planning: repair a schedule after a coach falls sick, a horse goes
//! lame, an arena closes or lessons are added and cancelled.
//!
//! [`replan`] applies the [`DisruptionsSpec`] to a copy of the problem, carries the schedule
//! over, takes out the lessons that now break a hard constraint and puts them back with as few
//! changes as possible: moving a lesson in time costs more than changing its coach, which costs
//! more than changing a horse or the arena ([`ChangeWeights`]). Lessons that started before
//! `now`, and lessons with a pinned start, never move. Untouched lessons stay where they are
//! unless moving one is the only way to place a displaced lesson.

mod apply;
mod repair;
mod report;
mod spec;

pub use report::{Change, ChangeKind, NotPlaced};
pub use spec::{DISRUPTIONS_FORMAT, Disruption, DisruptionsSpec};

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::Problem;
use crate::ids::RequestId;
use crate::model::ModelError;
use crate::schedule::{Schedule, ScheduleError};
use crate::score::state::ScoreState;
use crate::score::{Baseline, ChangeWeights, Score};
use crate::solve::domain::Domain;

/// How to re-plan; unset fields fall back to the disruptions document, then to the defaults.
#[derive(Clone, Debug)]
pub struct ReplanOptions {
    /// Lessons starting before this instant never move (overrides the document's `now`).
    pub now: Option<DateTime<Utc>>,
    /// What changes cost (overrides the document's `change_weights`).
    pub change_weights: Option<ChangeWeights>,
    /// For each lesson that finds no free place, how many (start, neighbour) pairs to try
    /// moving aside.
    pub neighbour_tries: usize,
}

impl Default for ReplanOptions {
    fn default() -> Self {
        Self {
            now: None,
            change_weights: None,
            neighbour_tries: 64,
        }
    }
}

/// The repaired schedule and what changed.
#[derive(Clone, Debug)]
pub struct ReplanOutcome {
    /// The problem with the disruptions applied: the schedule's ids refer to it.
    pub problem: Problem,
    /// The repaired schedule.
    pub schedule: Schedule,
    /// Its score on the disrupted problem (without the cost of changes).
    pub score: Score,
    /// Every lesson that changed, in start order of the old schedule.
    pub changes: Vec<Change>,
    /// Lessons that could not be re-placed, with reasons.
    pub not_placed: Vec<NotPlaced>,
}

/// Bad disruptions: an unknown key, an empty interval, or a problem that no longer validates.
#[derive(Debug, thiserror::Error)]
pub enum ReplanError {
    /// A field of the disruptions document is wrong.
    #[error("disruptions: {field} {reason}")]
    Invalid {
        /// The field, e.g. `events[2].coach`.
        field: String,
        /// Why.
        reason: String,
    },
    /// The problem with the disruptions applied does not validate (e.g. an added lesson).
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The schedule does not fit the disrupted problem.
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
}

/// Repairs `schedule` of `problem` after `disruptions`.
pub fn replan(
    problem: &Problem,
    schedule: &Schedule,
    disruptions: &DisruptionsSpec,
    options: &ReplanOptions,
) -> Result<ReplanOutcome, ReplanError> {
    let applied = apply::apply(problem, schedule, disruptions)?;
    let disrupted = &applied.problem;
    let now = options.now.or(disruptions.now);
    let weights = options
        .change_weights
        .or(disruptions.change_weights)
        .unwrap_or_default();
    let baseline = Baseline {
        schedule: applied.schedule.clone(),
        weights,
    };

    // Started lessons and pinned starts are fixed: never taken out, never moved aside.
    let fixed: HashSet<RequestId> = applied
        .schedule
        .assigned()
        .filter(|(id, a)| {
            now.is_some_and(|now| disrupted.time_axis().instant(a.start) < now)
                || disrupted.request(*id).pins.start.is_some()
        })
        .map(|(id, _)| id)
        .collect();

    let (repaired, not_placed) = {
        let mut state = ScoreState::new(disrupted, Some(&baseline), applied.schedule.clone());
        let domain = Domain::new(disrupted);
        let displaced = repair::displace(&mut state, &fixed);
        let mut pending: Vec<RequestId> = displaced.iter().map(|(id, _)| *id).collect();
        pending.extend(applied.added.iter().filter_map(|k| disrupted.request_id(k)));
        let old = |id: RequestId| baseline.schedule.get(id).cloned();
        let failed = repair::replace(
            &mut state,
            &domain,
            &pending,
            &old,
            &fixed,
            options.neighbour_tries,
        );
        let mut not_placed = Vec::new();
        for &id in &failed {
            let blocked = crate::solve::reasons::reason(&state, &domain, id);
            let because = displaced
                .iter()
                .find(|(d, _)| *d == id)
                .map(|(_, why)| why.clone());
            let reason = match because {
                Some(why) => format!("{why}; {blocked}"),
                None => blocked,
            };
            state.set_reason(id, reason.clone());
            not_placed.push((id, reason));
        }
        (state.into_schedule(), not_placed)
    };
    let score = crate::score::score_of(disrupted, None, &repaired);
    let changes = report::changes(problem, schedule, disrupted, &repaired, &applied.cancelled);
    let not_placed = not_placed
        .into_iter()
        .map(|(id, reason)| NotPlaced {
            request: disrupted.request_key(id).to_owned(),
            before: baseline
                .schedule
                .get(id)
                .map(|a| report::lesson(disrupted, id, a)),
            reason,
        })
        .collect();
    Ok(ReplanOutcome {
        problem: applied.problem,
        schedule: repaired,
        score,
        changes,
        not_placed,
    })
}

#[cfg(test)]
mod tests;
