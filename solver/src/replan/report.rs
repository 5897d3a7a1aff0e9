//! What a re-plan changed, lesson by lesson, and whom to tell.

use std::collections::HashMap;

use serde::Serialize;

use crate::Problem;
use crate::ids::RequestId;
use crate::schedule::{Assignment, Schedule};
use crate::spec::LessonSpec;

/// One lesson that changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// The request key.
    pub request: String,
    /// What changed.
    pub kinds: Vec<ChangeKind>,
    /// Where it was (absent: it was not placed).
    pub before: Option<LessonSpec>,
    /// Where it is now (absent: no longer placed).
    pub after: Option<LessonSpec>,
    /// Keys of the riders to notify.
    pub notify_riders: Vec<String>,
    /// Keys of the coaches to notify (the old and the new coach).
    pub notify_coaches: Vec<String>,
}

/// One kind of change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Another start time.
    Time,
    /// Another coach.
    Coach,
    /// Another arena.
    Arena,
    /// Another horse for at least one rider.
    Horse,
    /// Newly placed (an added lesson).
    Placed,
    /// No longer placed (could not be re-placed).
    Unplaced,
    /// Cancelled.
    Cancelled,
}

/// A lesson that could not be re-placed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NotPlaced {
    /// The request key.
    pub request: String,
    /// Where it was, if it was placed.
    pub before: Option<LessonSpec>,
    /// Why, in words: what displaced it and what blocks every other place.
    pub reason: String,
}

/// A placed lesson as written in a schedule file.
pub(crate) fn lesson(problem: &Problem, id: RequestId, a: &Assignment) -> LessonSpec {
    let req = problem.request(id);
    LessonSpec {
        request: req.key.clone(),
        start: problem.time_axis().instant(a.start),
        coach: problem.coach_key(a.coach).to_owned(),
        arena: problem.arena_key(a.arena).to_owned(),
        horses: req
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
            .collect(),
    }
}

/// Every lesson whose placement differs between the old and the new schedule, compared by key.
pub(crate) fn changes(
    old_problem: &Problem,
    old: &Schedule,
    new_problem: &Problem,
    new: &Schedule,
    cancelled: &[String],
) -> Vec<Change> {
    let before: HashMap<String, LessonSpec> = old
        .assigned()
        .map(|(id, a)| {
            (
                old_problem.request_key(id).to_owned(),
                lesson(old_problem, id, a),
            )
        })
        .collect();
    let riders_of = |problem: &Problem, key: &str| -> Vec<String> {
        problem
            .spec()
            .requests
            .iter()
            .find(|r| r.id == key)
            .map(|r| r.riders.clone())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for key in cancelled {
        if let Some(b) = before.get(key) {
            out.push(Change {
                request: key.clone(),
                kinds: vec![ChangeKind::Cancelled],
                before: Some(b.clone()),
                after: None,
                notify_riders: riders_of(old_problem, key),
                notify_coaches: vec![b.coach.clone()],
            });
        }
    }
    for id in new_problem.request_ids() {
        let key = new_problem.request_key(id);
        let b = before.get(key);
        let a = new.get(id).map(|a| lesson(new_problem, id, a));
        let riders = riders_of(new_problem, key);
        let change = match (b, a) {
            (None, None) => continue,
            (Some(b), Some(a)) if *b == a => continue,
            (None, Some(a)) => Change {
                request: key.to_owned(),
                kinds: vec![ChangeKind::Placed],
                notify_riders: riders,
                notify_coaches: vec![a.coach.clone()],
                before: None,
                after: Some(a),
            },
            (Some(b), None) => Change {
                request: key.to_owned(),
                kinds: vec![ChangeKind::Unplaced],
                notify_riders: riders,
                notify_coaches: vec![b.coach.clone()],
                before: Some(b.clone()),
                after: None,
            },
            (Some(b), Some(a)) => {
                let mut kinds = Vec::new();
                if b.start != a.start {
                    kinds.push(ChangeKind::Time);
                }
                if b.coach != a.coach {
                    kinds.push(ChangeKind::Coach);
                }
                if b.arena != a.arena {
                    kinds.push(ChangeKind::Arena);
                }
                if b.horses != a.horses {
                    kinds.push(ChangeKind::Horse);
                }
                // A horse change concerns only the riders whose horse changed; anything else
                // concerns everyone in the lesson.
                let notify_riders = if kinds == [ChangeKind::Horse] {
                    riders
                        .into_iter()
                        .filter(|r| b.horses.get(r) != a.horses.get(r))
                        .collect()
                } else {
                    riders
                };
                let mut notify_coaches = vec![b.coach.clone()];
                if a.coach != b.coach {
                    notify_coaches.push(a.coach.clone());
                }
                Change {
                    request: key.to_owned(),
                    kinds,
                    before: Some(b.clone()),
                    after: Some(a),
                    notify_riders,
                    notify_coaches,
                }
            }
        };
        out.push(change);
    }
    out.sort_by(|x, y| {
        let when = |c: &Change| c.before.as_ref().or(c.after.as_ref()).map(|l| l.start);
        (when(x), &x.request).cmp(&(when(y), &y.request))
    });
    out
}
