//! Why a request could not be placed, in words.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::Problem;
use crate::ids::RequestId;
use crate::schedule::Schedule;
use crate::score::state::ScoreState;
use crate::spec::HorseNeed;
use crate::time::Interval;

use super::Unplaced;
use super::domain::Domain;
use super::kernels_view::{arena_fits, coach_fits, horse_fits, rider_free};

/// How long past the solve's deadline (or past now, if later) reasons are still looked for: one
/// takes microseconds to a millisecond, so this covers every club's few unplaced lessons, while
/// ten clubs cut short with 20 000 unplaced get the generic reason for most instead of seconds
/// of overtime.
const REASON_GRACE: Duration = Duration::from_millis(200);

/// What an unplaced request is told when there was no time to find out why.
const NO_TIME: &str = "the time limit ended before a place or a reason was found for it";

/// The reason when some time is free for everything the lesson needs.
const RULES: &str = "every possible time breaks the package's spacing rules or a welfare limit";

/// The same, when the solve was cut short: the lesson may simply not have been tried.
const RULES_OR_TIME: &str = "not placed before the time limit or cancellation: some times are \
     free for its coach, arena, horses and riders, but may break the package's spacing rules or \
     a welfare limit";

/// Lists the unplaced requests of `schedule` with the reason each could not be placed, and
/// records the reasons in the schedule. With a `deadline`, reasons not found by shortly after
/// it are [`NO_TIME`]; `cut_short`: the solve stopped at its deadline or was cancelled, so a
/// lesson that looks placeable may not have been tried.
pub(crate) fn explain_unplaced(
    problem: &Problem,
    domain: &Domain,
    schedule: &mut Schedule,
    deadline: Option<Instant>,
    cut_short: bool,
) -> Vec<Unplaced> {
    let unplaced: Vec<RequestId> = schedule.unassigned().collect();
    if unplaced.is_empty() {
        return Vec::new();
    }
    let until = deadline.map(|d| d.max(Instant::now()) + REASON_GRACE);
    let state = ScoreState::new(problem, None, schedule.clone());
    let reasons: Vec<String> = unplaced
        .par_iter()
        .map(|&id| match until {
            Some(until) if Instant::now() >= until => NO_TIME.to_owned(),
            _ => blocker(&state, domain, id)
                .unwrap_or_else(|| if cut_short { RULES_OR_TIME } else { RULES }.to_owned()),
        })
        .collect();
    unplaced
        .into_iter()
        .zip(reasons)
        .map(|(id, reason)| {
            schedule.unassign(id, Some(reason.clone()));
            Unplaced {
                request: id,
                reason,
            }
        })
        .collect()
}

/// The first thing that blocks every start, checked in the order a club manager would look.
pub(crate) fn reason(state: &ScoreState, domain: &Domain, id: RequestId) -> String {
    blocker(state, domain, id).unwrap_or_else(|| RULES.to_owned())
}

/// What blocks every start, or `None` when some start is free for the coach, an arena, the
/// horses and the riders (then only the package's spacing or a welfare limit can stand in the
/// way, or the solve never got to try it).
fn blocker(state: &ScoreState, domain: &Domain, id: RequestId) -> Option<String> {
    let problem = state.problem();
    let req = problem.request(id);
    if req.coach_candidates.is_empty() {
        return Some("no coach has the qualification this lesson needs".into());
    }
    if req.arena_candidates.is_empty() {
        return Some("no arena has the tags and the space this lesson needs".into());
    }
    if req.horse_need != HorseNeed::None && req.horse_candidates.iter().any(|hs| hs.is_empty()) {
        return Some(match req.horse_need {
            HorseNeed::Own => "a rider has no horse of their own registered".into(),
            _ => "no school horse suits a rider's level and weight".into(),
        });
    }
    let starts = domain.starts(id);
    if starts.is_empty() {
        return Some("no time in the allowed windows when the club is open and a qualified coach and an arena are available".into());
    }
    let (mut rider, mut coach, mut arena, mut horse) = (0, 0, 0, 0);
    for &s in starts {
        let at = Interval::new(s, s + req.duration);
        if !req.riders.iter().all(|&r| rider_free(state, r, at)) {
            rider += 1;
        } else if !req
            .coach_candidates
            .iter()
            .any(|&c| coach_fits(state, c, at, req.pins.coach))
        {
            coach += 1;
        } else if !req
            .arena_candidates
            .iter()
            .any(|&a| arena_fits(state, a, at, req.units, req.pins.arena))
        {
            arena += 1;
        } else if req.horse_need != HorseNeed::None
            && !req
                .horse_candidates
                .iter()
                .all(|hs| hs.iter().any(|&h| horse_fits(state, h, at)))
        {
            horse += 1;
        }
    }
    let most = rider.max(coach).max(arena).max(horse);
    let blocked = if most == 0 {
        return None;
    } else if most == coach {
        "no qualified coach is free in the allowed times"
    } else if most == horse {
        "no suitable horse is free (or rested) in the allowed times"
    } else if most == arena {
        "every suitable arena is full in the allowed times"
    } else {
        "the rider already has lessons at every allowed time"
    };
    Some(blocked.into())
}
