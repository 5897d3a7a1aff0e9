//! Slot recommendation: the best places for one lesson, why not elsewhere, and reverse queries.
//!
//! A [`Recommender`] holds a problem's candidate starts and an incremental score of the current
//! schedule, so a front desk can ask many questions in a row cheaply:
//!
//! - [`Recommender::recommend`]: the best `k` placements of a waiting lesson (or of a placed
//!   lesson to move) — time, coach, arena and horses chosen together — each with its score
//!   change and the reasons per constraint;
//! - [`Recommender::why_not`]: for a time the member asks about, what blocks it;
//! - [`Recommender::free_slots`]: when a coach, horse, arena or rider is free;
//! - [`Recommender::fits_freed_slot`]: the waiting lessons that fit a slot just freed.
//!
//! Every recommended placement is hard-feasible: added to the schedule it passes
//! [`check`](crate::check).

pub(crate) mod candidates;
mod explain;
mod reverse;
mod why_not;

use serde::Serialize;

use crate::Problem;
use crate::ids::*;
use crate::model::ModelError;
use crate::schedule::{Assignment, Schedule, ScheduleError};
use crate::score::state::ScoreState;
use crate::score::{Constraint, Resource, Score};
use crate::solve::domain::Domain;
use crate::spec::RequestSpec;
use crate::time::{Interval, Minute};

use candidates::{Candidate, Only};

/// One recommended placement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recommendation {
    /// Where and when.
    pub assignment: Assignment,
    /// How the schedule's score changes (for a lesson being moved: against its current place).
    pub delta: Score,
    /// Why, per constraint: costs first (largest first), then the preferences it meets.
    pub reasons: Vec<Reason>,
}

/// One constraint's part in a recommendation's score change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The constraint.
    pub constraint: Constraint,
    /// Weighted change of its cost (negative: better; zero: a preference met).
    pub cost: i64,
    /// In words, e.g. `horse Star has 2 lessons already today`.
    pub message: String,
}

/// Why a lesson cannot take place at a given start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhyNot {
    /// The start asked about.
    pub start: Minute,
    /// Every blocking reason; empty when the lesson can take place there.
    pub blockers: Vec<Blocker>,
}

impl WhyNot {
    /// Whether the lesson can take place at that start after all.
    pub fn is_possible(&self) -> bool {
        self.blockers.is_empty()
    }
}

/// One reason a start is impossible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Blocker {
    /// The hard constraint that blocks.
    pub constraint: Constraint,
    /// In words, e.g. `coach Li is teaching L3`.
    pub message: String,
}

/// A waiting lesson that fits a freed slot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fit {
    /// The waiting request.
    pub request: RequestId,
    /// Its best placement in the slot.
    pub recommendation: Recommendation,
}

/// The resources a freed slot offers: a waiting lesson must use them where given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FreedSlot {
    /// The freed interval.
    pub interval: Interval,
    /// The coach whose lesson was cancelled, if the slot is about that coach.
    pub coach: Option<CoachId>,
    /// The arena of the cancelled lesson, if the slot is about that arena.
    pub arena: Option<ArenaId>,
}

/// Adding a lesson that is not in the problem yet went wrong.
#[derive(Debug, thiserror::Error)]
pub enum RecommendError {
    /// The new request's key is taken.
    #[error("request {0:?}: id is already used by a lesson of the problem")]
    DuplicateRequest(String),
    /// The problem with the new request does not validate.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The schedule does not fit the enlarged problem.
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
}

/// Answers recommendation questions about one schedule of one problem.
#[derive(Clone, Debug)]
pub struct Recommender<'p> {
    domain: Domain,
    state: ScoreState<'p>,
}

impl<'p> Recommender<'p> {
    /// Prepares the candidate starts of every request and scores `schedule`.
    pub fn new(problem: &'p Problem, schedule: &Schedule) -> Self {
        Self {
            domain: Domain::new(problem),
            state: ScoreState::new(problem, None, schedule.clone()),
        }
    }

    /// The schedule questions are answered against.
    pub fn schedule(&self) -> &Schedule {
        self.state.schedule()
    }

    /// Places (or moves) a lesson, e.g. once a member accepted a recommendation.
    pub fn assign(&mut self, request: RequestId, assignment: Assignment) {
        if self.valid(request) {
            self.state.assign(request, assignment);
        }
    }

    /// Removes a lesson (a cancellation) and returns where it was.
    pub fn unassign(&mut self, request: RequestId) -> Option<Assignment> {
        if self.valid(request) {
            self.state.unassign(request)
        } else {
            None
        }
    }

    fn valid(&self, request: RequestId) -> bool {
        request.index() < self.state.problem().request_count()
    }

    /// The best `top` placements of `request`, best first. A placed request is moved: its
    /// current place is left out and deltas are measured against it.
    pub fn recommend(&mut self, request: RequestId, top: usize) -> Vec<Recommendation> {
        if !self.valid(request) {
            return Vec::new();
        }
        let current = self.state.unassign(request);
        let offset = current
            .as_ref()
            .map_or(Score::ZERO, |a| self.state.delta_assign(request, a));
        let mut found = candidates::best(
            &mut self.state,
            request,
            self.domain.starts(request),
            top + 1,
            Only::default(),
        );
        found.retain(|c| Some(&c.assignment) != current.as_ref());
        found.truncate(top);
        let out = found
            .into_iter()
            .map(|c| self.explained(request, c, offset))
            .collect();
        if let Some(a) = current {
            self.state.assign(request, a);
        }
        out
    }

    fn explained(&mut self, request: RequestId, c: Candidate, offset: Score) -> Recommendation {
        let reasons = explain::reasons(&mut self.state, request, &c.assignment);
        Recommendation {
            assignment: c.assignment,
            delta: c.delta - offset,
            reasons,
        }
    }

    /// Why `request` cannot start at `start` (the lesson itself set aside if placed).
    pub fn why_not(&mut self, request: RequestId, start: Minute) -> WhyNot {
        if !self.valid(request) {
            return WhyNot {
                start,
                blockers: Vec::new(),
            };
        }
        let current = self.state.unassign(request);
        let blockers = why_not::blockers(&mut self.state, request, start);
        if let Some(a) = current {
            self.state.assign(request, a);
        }
        WhyNot { start, blockers }
    }

    /// Grid starts in `range` where a lesson of `duration` minutes fits inside opening hours and
    /// `resource` is available and free (an arena: with at least one space unit left).
    pub fn free_slots(&self, resource: Resource, range: Interval, duration: i32) -> Vec<Interval> {
        reverse::free_slots(&self.state, resource, range, duration)
    }

    /// The waiting (unplaced) lessons that can take place inside a freed slot, using its coach
    /// and arena where given, best first by score change; at most `top`.
    pub fn fits_freed_slot(&mut self, slot: FreedSlot, top: usize) -> Vec<Fit> {
        let problem = self.state.problem();
        let only = Only {
            coach: slot.coach,
            arena: slot.arena,
        };
        let waiting: Vec<RequestId> = self.state.schedule().unassigned().collect();
        let mut fits: Vec<(Candidate, RequestId)> = Vec::new();
        for request in waiting {
            let duration = problem.request(request).duration;
            let starts: Vec<Minute> = self
                .domain
                .starts(request)
                .iter()
                .copied()
                .filter(|&s| slot.interval.contains(Interval::new(s, s + duration)))
                .collect();
            if let Some(best) = candidates::best(&mut self.state, request, &starts, 1, only)
                .into_iter()
                .next()
            {
                fits.push((best, request));
            }
        }
        fits.sort_by_key(|(c, r)| (crate::solve::scalar(c.delta), *r));
        fits.truncate(top);
        fits.into_iter()
            .map(|(c, request)| Fit {
                request,
                recommendation: self.explained(request, c, Score::ZERO),
            })
            .collect()
    }
}

/// The best `top` placements of `request` in `schedule` (see [`Recommender::recommend`]).
pub fn recommend(
    problem: &Problem,
    schedule: &Schedule,
    request: RequestId,
    top: usize,
) -> Vec<Recommendation> {
    Recommender::new(problem, schedule).recommend(request, top)
}

/// The problem with one more request, and `schedule` carried over to it (the new lesson
/// unplaced). Returns the new request's id.
pub fn with_request(
    problem: &Problem,
    schedule: &Schedule,
    request: RequestSpec,
) -> Result<(Problem, Schedule, RequestId), RecommendError> {
    if problem.request_id(&request.id).is_some() {
        return Err(RecommendError::DuplicateRequest(request.id));
    }
    let key = request.id.clone();
    let mut spec = problem.spec().clone();
    spec.requests.push(request);
    let enlarged = Problem::new(spec)?;
    let carried = Schedule::from_spec(&enlarged, &schedule.to_spec(problem))?;
    let id = enlarged
        .request_id(&key)
        .expect("the request was just added");
    Ok((enlarged, carried, id))
}

#[cfg(test)]
mod tests;
