//! A schedule: for each request, where and when it takes place, or why it does not.

use std::collections::{BTreeMap, HashSet};

use crate::Problem;
use crate::ids::*;
use crate::spec::{LessonSpec, SCHEDULE_FORMAT, ScheduleSpec, UnassignedSpec};
use crate::time::{Interval, Minute};

/// Where and when one lesson takes place.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Assignment {
    /// Start minute on the problem's [`TimeAxis`](crate::time::TimeAxis).
    pub start: Minute,
    /// The coach.
    pub coach: CoachId,
    /// The arena.
    pub arena: ArenaId,
    /// The horse of each rider, aligned with the request's riders (`None`: no horse given).
    /// Empty for lessons that use no horse.
    pub horses: Vec<Option<HorseId>>,
}

/// A schedule for one [`Problem`]: an optional [`Assignment`] per request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    lessons: Vec<Option<Assignment>>,
    reasons: Vec<Option<String>>,
}

/// Where requests are placed: a schedule, or a schedule seen with a few requests moved.
pub(crate) trait Placements {
    /// The assignment of a request, if placed.
    fn placement(&self, request: RequestId) -> Option<&Assignment>;
}

impl Placements for Schedule {
    fn placement(&self, request: RequestId) -> Option<&Assignment> {
        self.get(request)
    }
}

/// A schedule seen with `changes` on top (each request at its new placement, or unplaced),
/// without changing it: what a move would make of the schedule, before it is made.
pub(crate) struct Overlay<'a> {
    pub schedule: &'a Schedule,
    pub changes: &'a [(RequestId, Option<Assignment>)],
}

impl Placements for Overlay<'_> {
    fn placement(&self, request: RequestId) -> Option<&Assignment> {
        match self.changes.iter().find(|(r, _)| *r == request) {
            Some((_, a)) => a.as_ref(),
            None => self.schedule.get(request),
        }
    }
}

/// A schedule document that does not fit its problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("schedule: {field} {reason}")]
pub struct ScheduleError {
    /// The field, e.g. `lessons[3].coach`.
    pub field: String,
    /// Why.
    pub reason: String,
}

impl Schedule {
    /// A schedule with every lesson unplaced.
    pub fn empty(problem: &Problem) -> Self {
        let n = problem.request_count();
        Self {
            lessons: vec![None; n],
            reasons: vec![None; n],
        }
    }

    /// The assignment of a request, if placed.
    pub fn get(&self, request: RequestId) -> Option<&Assignment> {
        self.lessons[request.index()].as_ref()
    }

    /// Places (or moves) a request.
    pub fn assign(&mut self, request: RequestId, assignment: Assignment) {
        self.lessons[request.index()] = Some(assignment);
        self.reasons[request.index()] = None;
    }

    /// Removes a request from the schedule, with the reason it could not be placed.
    pub fn unassign(&mut self, request: RequestId, reason: Option<String>) -> Option<Assignment> {
        self.reasons[request.index()] = reason;
        self.lessons[request.index()].take()
    }

    /// Why a request is unplaced, if a reason was recorded.
    pub fn reason(&self, request: RequestId) -> Option<&str> {
        self.reasons[request.index()].as_deref()
    }

    /// Every placed lesson.
    pub fn assigned(&self) -> impl Iterator<Item = (RequestId, &Assignment)> + '_ {
        self.lessons
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.as_ref().map(|a| (RequestId::from_index(i), a)))
    }

    /// Number of placed lessons.
    pub fn assigned_count(&self) -> usize {
        self.lessons.iter().filter(|a| a.is_some()).count()
    }

    /// Every unplaced request.
    pub fn unassigned(&self) -> impl Iterator<Item = RequestId> + '_ {
        self.lessons
            .iter()
            .enumerate()
            .filter(|(_, a)| a.is_none())
            .map(|(i, _)| RequestId::from_index(i))
    }

    /// Number of requests (placed or not).
    pub fn len(&self) -> usize {
        self.lessons.len()
    }

    /// Whether the schedule covers no request.
    pub fn is_empty(&self) -> bool {
        self.lessons.is_empty()
    }

    /// The interval a placed lesson occupies.
    pub fn interval(&self, problem: &Problem, request: RequestId) -> Option<Interval> {
        self.get(request)
            .map(|a| Interval::new(a.start, a.start + problem.request(request).duration))
    }

    /// Reads a schedule document for `problem`. Unknown keys, a lesson listed twice or a start that
    /// is not a whole minute near the horizon are errors; everything else that is wrong (overlaps,
    /// unsuitable horses...) is a conflict for [`check`](crate::check) to report.
    pub fn from_spec(problem: &Problem, spec: &ScheduleSpec) -> Result<Self, ScheduleError> {
        if let Some(format) = &spec.format {
            if format != SCHEDULE_FORMAT {
                return Err(err(
                    "format",
                    format!("{format:?} is not supported (expected {SCHEDULE_FORMAT:?})"),
                ));
            }
        }
        let mut schedule = Schedule::empty(problem);
        let mut seen = HashSet::new();
        for (i, lesson) in spec.lessons.iter().enumerate() {
            let field = |f: &str| format!("lessons[{i}].{f}");
            let request = problem.request_id(&lesson.request).ok_or_else(|| {
                err(
                    field("request"),
                    format!("lesson {:?} is not in the problem", lesson.request),
                )
            })?;
            if !seen.insert(request) {
                return Err(err(
                    field("request"),
                    format!("lesson {:?} appears twice", lesson.request),
                ));
            }
            let horizon = problem.axis.horizon();
            let start = problem
                .axis
                .exact_minute(lesson.start)
                .filter(|&m| m > horizon.start - 7 * 24 * 60 && m < horizon.end + 7 * 24 * 60)
                .ok_or_else(|| {
                    err(
                        field("start"),
                        format!(
                            "{} is not a whole minute within a week of the horizon",
                            lesson.start
                        ),
                    )
                })?;
            let coach = problem.coach_id(&lesson.coach).ok_or_else(|| {
                err(
                    field("coach"),
                    format!("coach {:?} does not exist", lesson.coach),
                )
            })?;
            let arena = problem.arena_id(&lesson.arena).ok_or_else(|| {
                err(
                    field("arena"),
                    format!("arena {:?} does not exist", lesson.arena),
                )
            })?;
            let req = problem.request(request);
            for rider in lesson.horses.keys() {
                if !problem
                    .rider_id(rider)
                    .is_some_and(|r| req.riders.contains(&r))
                {
                    return Err(err(
                        field("horses"),
                        format!(
                            "rider {rider:?} is not a rider of lesson {:?}",
                            lesson.request
                        ),
                    ));
                }
            }
            let horses = if req.horse_need == crate::spec::HorseNeed::None {
                if !lesson.horses.is_empty() {
                    return Err(err(
                        field("horses"),
                        format!("lesson {:?} uses no horse", lesson.request),
                    ));
                }
                Vec::new()
            } else {
                req.riders
                    .iter()
                    .map(|&rider| {
                        lesson
                            .horses
                            .get(problem.rider_key(rider))
                            .map(|h| {
                                problem.horse_id(h).ok_or_else(|| {
                                    err(field("horses"), format!("horse {h:?} does not exist"))
                                })
                            })
                            .transpose()
                    })
                    .collect::<Result<Vec<_>, _>>()?
            };
            schedule.assign(
                request,
                Assignment {
                    start,
                    coach,
                    arena,
                    horses,
                },
            );
        }
        for (i, unassigned) in spec.unassigned.iter().enumerate() {
            let request = problem.request_id(&unassigned.request).ok_or_else(|| {
                err(
                    format!("unassigned[{i}].request"),
                    format!("lesson {:?} is not in the problem", unassigned.request),
                )
            })?;
            if !seen.insert(request) {
                return Err(err(
                    format!("unassigned[{i}].request"),
                    format!("lesson {:?} appears twice", unassigned.request),
                ));
            }
            schedule.reasons[request.index()] =
                Some(unassigned.reason.clone()).filter(|r| !r.is_empty());
        }
        Ok(schedule)
    }

    /// Writes the schedule as a document, lessons in start order.
    pub fn to_spec(&self, problem: &Problem) -> ScheduleSpec {
        let mut lessons: Vec<(Minute, LessonSpec)> = self
            .assigned()
            .map(|(id, a)| {
                let req = problem.request(id);
                let horses: BTreeMap<String, String> = req
                    .riders
                    .iter()
                    .zip(&a.horses)
                    .filter_map(|(&r, h)| {
                        h.map(|h| {
                            (
                                problem.rider_key(r).to_owned(),
                                problem.horse_key(h).to_owned(),
                            )
                        })
                    })
                    .collect();
                let lesson = LessonSpec {
                    request: req.key.clone(),
                    start: problem.axis.instant(a.start),
                    coach: problem.coach_key(a.coach).to_owned(),
                    arena: problem.arena_key(a.arena).to_owned(),
                    horses,
                };
                (a.start, lesson)
            })
            .collect();
        lessons.sort_by(|a, b| (a.0, &a.1.request).cmp(&(b.0, &b.1.request)));
        let unassigned = self
            .unassigned()
            .map(|id| UnassignedSpec {
                request: problem.request_key(id).to_owned(),
                reason: self.reason(id).unwrap_or("not scheduled").to_owned(),
            })
            .collect();
        ScheduleSpec {
            format: Some(SCHEDULE_FORMAT.into()),
            lessons: lessons.into_iter().map(|(_, l)| l).collect(),
            unassigned,
        }
    }
}

fn err(field: impl Into<String>, reason: impl Into<String>) -> ScheduleError {
    ScheduleError {
        field: field.into(),
        reason: reason.into(),
    }
}
