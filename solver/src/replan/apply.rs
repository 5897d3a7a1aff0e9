//! Applying disruptions to a problem document and carrying the schedule over.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::spec::TimeSpan;
use crate::{Problem, Schedule};

use super::ReplanError;
use super::spec::{DISRUPTIONS_FORMAT, Disruption, DisruptionsSpec};

/// The disrupted problem and the old schedule on it (cancelled lessons dropped, added ones
/// unplaced), with the keys of the cancelled and added requests.
pub(crate) struct Applied {
    pub problem: Problem,
    pub schedule: Schedule,
    pub cancelled: Vec<String>,
    pub added: Vec<String>,
}

pub(crate) fn apply(
    problem: &Problem,
    schedule: &Schedule,
    disruptions: &DisruptionsSpec,
) -> Result<Applied, ReplanError> {
    if let Some(format) = &disruptions.format {
        if format != DISRUPTIONS_FORMAT {
            return Err(invalid(
                "format",
                format!("{format:?} is not supported (expected {DISRUPTIONS_FORMAT:?})"),
            ));
        }
    }
    let mut spec = problem.spec().clone();
    let mut cancelled = Vec::new();
    let mut added = Vec::new();
    for (i, event) in disruptions.events.iter().enumerate() {
        let field = |f: &str| format!("events[{i}].{f}");
        let span = |start: DateTime<Utc>,
                    end: DateTime<Utc>,
                    reason: &String|
         -> Result<TimeSpan, ReplanError> {
            if end <= start {
                return Err(invalid(
                    field("end"),
                    format!("{end} is not after the start {start}"),
                ));
            }
            Ok(TimeSpan {
                start,
                end,
                reason: reason.clone(),
            })
        };
        match event {
            Disruption::CoachUnavailable {
                coach,
                start,
                end,
                reason,
            } => {
                let id = problem.coach_id(coach).ok_or_else(|| {
                    invalid(field("coach"), format!("coach {coach:?} does not exist"))
                })?;
                spec.coaches[id.index()]
                    .availability
                    .absences
                    .push(span(*start, *end, reason)?);
            }
            Disruption::HorseUnavailable {
                horse,
                start,
                end,
                reason,
            } => {
                let id = problem.horse_id(horse).ok_or_else(|| {
                    invalid(field("horse"), format!("horse {horse:?} does not exist"))
                })?;
                spec.horses[id.index()]
                    .vet_holds
                    .push(span(*start, *end, reason)?);
            }
            Disruption::ArenaClosed {
                arena,
                start,
                end,
                reason,
            } => {
                let id = problem.arena_id(arena).ok_or_else(|| {
                    invalid(field("arena"), format!("arena {arena:?} does not exist"))
                })?;
                spec.arenas[id.index()]
                    .availability
                    .absences
                    .push(span(*start, *end, reason)?);
            }
            Disruption::RequestAdded { request } => {
                if problem.request_id(&request.id).is_some() || added.contains(&request.id) {
                    return Err(invalid(
                        field("request.id"),
                        format!("lesson {:?} is already in the problem", request.id),
                    ));
                }
                added.push(request.id.clone());
                spec.requests.push(request.clone());
            }
            Disruption::RequestCancelled { request } => {
                if problem.request_id(request).is_none() {
                    return Err(invalid(
                        field("request"),
                        format!("lesson {request:?} is not in the problem"),
                    ));
                }
                cancelled.push(request.clone());
            }
        }
    }
    let gone: HashSet<&str> = cancelled.iter().map(String::as_str).collect();
    spec.requests.retain(|r| !gone.contains(r.id.as_str()));
    let disrupted = Problem::new(spec)?;
    let mut carried = schedule.to_spec(problem);
    carried
        .lessons
        .retain(|l| !gone.contains(l.request.as_str()));
    carried
        .unassigned
        .retain(|u| !gone.contains(u.request.as_str()));
    let schedule = Schedule::from_spec(&disrupted, &carried)?;
    Ok(Applied {
        problem: disrupted,
        schedule,
        cancelled,
        added,
    })
}

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> ReplanError {
    ReplanError::Invalid {
        field: field.into(),
        reason: reason.into(),
    }
}
