//! Incremental evaluation: the score kept up to date as lessons are placed, moved and removed.
//!
//! The state keeps every (resource, day) bucket's lessons sorted and the cost of each part. A
//! change re-runs the kernels of only the parts it touches — the lesson itself, the buckets of
//! its coach, arena, horses and riders on its days, and its series — so a move costs a few
//! microseconds whatever the size of the schedule.

use crate::Problem;
use crate::ids::*;
use crate::schedule::{Assignment, Overlay, Schedule};
use crate::score::Score;
use crate::score::kernels::{self, Baseline, Occ, ScoreSink};

use smallvec::SmallVec;

/// Calls `f` with every day bucket a placement of `id` at `a` sits in (kind and index of resource
/// × day): its coach, arena and riders on each day it touches, and each horse on every day it
/// touches or its rest reaches into. A horse given to two riders of one lesson comes twice (an
/// overlap with itself), exactly as full evaluation counts it.
fn for_each_bucket(
    problem: &Problem,
    id: RequestId,
    a: &Assignment,
    mut f: impl FnMut(Kind, usize),
) {
    let req = problem.request(id);
    let days = problem.axis.days();
    let (start, end) = (a.start, a.start + req.duration);
    for day in problem.axis.day_of(start)..=problem.axis.day_of(end - 1) {
        f(Kind::Coach, a.coach.index() * days + day);
        f(Kind::Arena, a.arena.index() * days + day);
        for &rider in &req.riders {
            f(Kind::Rider, rider.index() * days + day);
        }
    }
    for &horse in a.horses.iter().flatten() {
        for day in kernels::horse_days(problem, horse, start, end) {
            f(Kind::Horse, horse.index() * days + day);
        }
    }
}

/// A schedule together with its score, updated incrementally.
#[derive(Clone, Debug)]
pub(crate) struct ScoreState<'p> {
    problem: &'p Problem,
    baseline: Option<&'p Baseline>,
    schedule: Schedule,
    days: usize,
    lesson_cost: Vec<Score>,
    coach: Buckets,
    horse: Buckets,
    rider: Buckets,
    arena: Buckets,
    series_cost: Vec<Score>,
    total: Score,
    /// Parts re-evaluated since the state was made, and placements looked for on it: what a
    /// search's moves cost, counted rather than timed so that a run with a step budget is
    /// reproducible.
    work: u64,
    /// During a trial, what it touched; `None` outside a trial.
    trial: Option<Vec<Touched>>,
}

/// A request a trial touched, with where it was before or why it was unplaced (kept in the
/// order first touched).
type Touched = (RequestId, Option<Assignment>, Option<String>);

/// A request's new placement (`None`: unplaced), as a move would make it.
pub(crate) type Change = (RequestId, Option<Assignment>);

#[derive(Clone, Debug)]
struct Buckets {
    occ: Vec<Vec<Occ>>,
    cost: Vec<Score>,
}

impl Buckets {
    fn new(resources: usize, days: usize) -> Self {
        Self {
            occ: vec![Vec::new(); resources * days],
            cost: vec![Score::ZERO; resources * days],
        }
    }

    fn insert(&mut self, index: usize, occ: Occ) {
        let list = &mut self.occ[index];
        let at = list.partition_point(|o| (o.start, o.lesson) < (occ.start, occ.lesson));
        list.insert(at, occ);
    }

    fn remove(&mut self, index: usize, lesson: RequestId) {
        let list = &mut self.occ[index];
        if let Some(at) = list.iter().position(|o| o.lesson == lesson) {
            list.remove(at);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Coach,
    Horse,
    Rider,
    Arena,
}

impl<'p> ScoreState<'p> {
    /// The state of `schedule`, scored from scratch.
    pub fn new(problem: &'p Problem, baseline: Option<&'p Baseline>, schedule: Schedule) -> Self {
        let days = problem.axis.days();
        let mut state = ScoreState {
            problem,
            baseline,
            schedule: Schedule::empty(problem),
            days,
            lesson_cost: vec![Score::ZERO; problem.request_count()],
            coach: Buckets::new(problem.coaches.len(), days),
            horse: Buckets::new(problem.horses.len(), days),
            rider: Buckets::new(problem.riders.len(), days),
            arena: Buckets::new(problem.arenas.len(), days),
            series_cost: vec![Score::ZERO; problem.series.len()],
            total: Score::ZERO,
            work: 0,
            trial: None,
        };
        for id in problem.request_ids() {
            let cost = state.lesson_score(id, None);
            state.lesson_cost[id.index()] = cost;
            state.total += cost;
        }
        for (id, a) in schedule.assigned() {
            state.assign(id, a.clone());
        }
        for id in problem.request_ids() {
            if let Some(reason) = schedule.reason(id) {
                state.schedule.unassign(id, Some(reason.to_owned()));
            }
        }
        state
    }

    /// The current score.
    pub fn score(&self) -> Score {
        debug_assert!(self.trial.is_none(), "a trial's score is score_after's");
        self.total
    }

    /// Parts re-evaluated so far (lessons, day buckets and a series' lessons).
    pub fn work(&self) -> u64 {
        self.work
    }

    /// Counts `parts` more of work done outside the state (placements looked for on it).
    pub fn add_work(&mut self, parts: u64) {
        self.work += parts;
    }

    /// The current schedule.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// Gives the schedule back.
    pub fn into_schedule(self) -> Schedule {
        self.schedule
    }

    /// The problem.
    pub fn problem(&self) -> &'p Problem {
        self.problem
    }

    /// Places a lesson (moving it if already placed).
    pub fn assign(&mut self, id: RequestId, a: Assignment) {
        if self.schedule.get(id).is_some() {
            self.unassign(id);
        }
        self.log_trial(id);
        self.update_buckets(id, &a, true);
        self.schedule.assign(id, a);
        self.rescore_lesson(id);
    }

    /// Removes a lesson and returns where it was.
    pub fn unassign(&mut self, id: RequestId) -> Option<Assignment> {
        self.schedule.get(id)?;
        self.log_trial(id);
        let old = self.schedule.unassign(id, None)?;
        self.update_buckets(id, &old, false);
        self.rescore_lesson(id);
        Some(old)
    }

    /// Records why an unplaced lesson could not be placed.
    pub fn set_reason(&mut self, id: RequestId, reason: String) {
        debug_assert!(self.schedule.get(id).is_none());
        self.schedule.unassign(id, Some(reason));
    }

    /// The score change of placing `id` at `a` (lesson currently unplaced), without placing it.
    pub fn delta_assign(&mut self, id: RequestId, a: &Assignment) -> Score {
        debug_assert!(self.schedule.get(id).is_none(), "delta_assign places");
        self.score_after(&[(id, Some(a.clone()))]) - self.total
    }

    /// During a trial, remembers where lesson `id` was before the trial first touched it.
    fn log_trial(&mut self, id: RequestId) {
        if let Some(log) = &mut self.trial {
            if !log.iter().any(|(r, _, _)| *r == id) {
                let reason = self.schedule.reason(id).map(str::to_owned);
                log.push((id, self.schedule.get(id).cloned(), reason));
            }
        }
    }

    /// Adds lesson `id` at `a` to its buckets' lists (or removes it), and outside a trial
    /// re-evaluates each of those buckets.
    fn update_buckets(&mut self, id: RequestId, a: &Assignment, adding: bool) {
        let occ = self.occ(id, a);
        let trial = self.trial.is_some();
        for_each_bucket(self.problem, id, a, |kind, index| {
            let buckets = self.buckets_mut(kind);
            if adding {
                buckets.insert(index, occ);
            } else {
                buckets.remove(index, id);
            }
            if !trial {
                self.rescore_bucket(kind, index);
            }
        });
    }

    /// Outside a trial, re-evaluates lesson `id` on its own and its series, after it was placed,
    /// moved or removed.
    fn rescore_lesson(&mut self, id: RequestId) {
        if self.trial.is_some() {
            return;
        }
        let problem = self.problem;
        let cost = self.lesson_score(id, self.schedule.get(id));
        self.total += cost - self.lesson_cost[id.index()];
        self.lesson_cost[id.index()] = cost;
        self.work += 1;
        if let Some(series) = problem.request(id).series {
            self.work += problem.series[series.index()].requests.len() as u64;
            let cost = super::series_score(problem, series, &self.schedule);
            self.total += cost - self.series_cost[series.index()];
            self.series_cost[series.index()] = cost;
        }
    }

    /// Lesson `id`'s stay at `a`.
    fn occ(&self, id: RequestId, a: &Assignment) -> Occ {
        let req = self.problem.request(id);
        Occ {
            start: a.start,
            end: a.start + req.duration,
            lesson: id,
            units: req.units,
        }
    }

    fn buckets_mut(&mut self, kind: Kind) -> &mut Buckets {
        match kind {
            Kind::Coach => &mut self.coach,
            Kind::Horse => &mut self.horse,
            Kind::Rider => &mut self.rider,
            Kind::Arena => &mut self.arena,
        }
    }

    fn buckets(&self, kind: Kind) -> &Buckets {
        match kind {
            Kind::Coach => &self.coach,
            Kind::Horse => &self.horse,
            Kind::Rider => &self.rider,
            Kind::Arena => &self.arena,
        }
    }

    /// Starts a trial: until [`ScoreState::end_trial`], placing and removing lessons changes only
    /// the schedule and the buckets' lists, not the score.
    pub fn begin_trial(&mut self) {
        debug_assert!(self.trial.is_none(), "trials do not nest");
        self.trial = Some(Vec::new());
    }

    /// Ends a trial: puts every lesson it touched back where it was, and returns where the
    /// trial had put those that it moved.
    pub fn end_trial(&mut self) -> Vec<Change> {
        let log = self.trial.take().expect("a trial was begun");
        let mut changes = Vec::with_capacity(log.len());
        // Everything the trial touched comes out of the lists, then goes back as it was, so the
        // lists end exactly as they began (their order is by start and lesson).
        self.trial = Some(Vec::new());
        for (r, was, _) in &log {
            let now = self.schedule.get(*r).cloned();
            if now != *was {
                changes.push((*r, now.clone()));
            }
            if now.is_some() {
                self.unassign(*r);
            }
        }
        for (r, was, reason) in log {
            match was {
                Some(a) => self.assign(r, a),
                None => drop(self.schedule.unassign(r, reason)),
            }
        }
        self.trial = None;
        changes
    }

    /// The score after `changes`, computed without making them: every part they touch (each
    /// once) re-evaluated by its kernel on a copy of its lessons with the changes made. The
    /// state must not be in a trial, and a request appears at most once in `changes`.
    pub fn score_after(&mut self, changes: &[Change]) -> Score {
        debug_assert!(self.trial.is_none(), "score_after is asked outside trials");
        let problem = self.problem;
        let mut total = self.total;
        let mut parts: SmallVec<[(Kind, usize); 24]> = SmallVec::new();
        for (r, new) in changes {
            for a in [self.schedule.get(*r), new.as_ref()].into_iter().flatten() {
                for_each_bucket(problem, *r, a, |kind, index| {
                    if !parts.contains(&(kind, index)) {
                        parts.push((kind, index));
                    }
                });
            }
        }
        let moved = |lesson: RequestId| changes.iter().any(|(r, _)| *r == lesson);
        for &(kind, index) in &parts {
            let buckets = self.buckets(kind);
            let mut lessons: SmallVec<[Occ; 16]> = buckets.occ[index]
                .iter()
                .filter(|o| !moved(o.lesson))
                .copied()
                .collect();
            for (r, new) in changes {
                let Some(a) = new else { continue };
                let occ = self.occ(*r, a);
                for_each_bucket(problem, *r, a, |k, i| {
                    if (k, i) == (kind, index) {
                        let at = lessons
                            .partition_point(|o| (o.start, o.lesson) < (occ.start, occ.lesson));
                        lessons.insert(at, occ);
                    }
                });
            }
            total += self.bucket_score(kind, index, &lessons) - buckets.cost[index];
        }
        let mut series: SmallVec<[SeriesId; 4]> = SmallVec::new();
        for (r, new) in changes {
            let cost = self.lesson_score(*r, new.as_ref());
            total += cost - self.lesson_cost[r.index()];
            if let Some(s) = problem.request(*r).series {
                if !series.contains(&s) {
                    series.push(s);
                }
            }
        }
        let overlay = Overlay {
            schedule: &self.schedule,
            changes,
        };
        for &s in &series {
            self.work += problem.series[s.index()].requests.len() as u64;
            total += super::series_score(problem, s, &overlay) - self.series_cost[s.index()];
        }
        self.work += (parts.len() + changes.len()) as u64;
        total
    }

    /// Makes `changes`: each request to its new placement, or unplaced.
    pub fn apply(&mut self, changes: Vec<Change>) {
        for (r, new) in changes {
            match new {
                Some(a) => self.assign(r, a),
                None => drop(self.unassign(r)),
            }
        }
    }

    /// Re-evaluates one bucket after its list changed.
    fn rescore_bucket(&mut self, kind: Kind, index: usize) {
        self.work += 1;
        let cost = self.bucket_score(kind, index, &self.buckets(kind).occ[index]);
        let buckets = self.buckets_mut(kind);
        let old = std::mem::replace(&mut buckets.cost[index], cost);
        self.total += cost - old;
    }

    /// What bucket `index` of `kind` costs holding `lessons`.
    fn bucket_score(&self, kind: Kind, index: usize, lessons: &[Occ]) -> Score {
        let problem = self.problem;
        let (resource, day) = (index / self.days, index % self.days);
        let mut sink = ScoreSink::new(problem);
        match kind {
            Kind::Coach => kernels::coach_day(
                problem,
                CoachId::from_index(resource),
                day,
                lessons,
                &mut sink,
            ),
            Kind::Horse => kernels::horse_day(
                problem,
                HorseId::from_index(resource),
                day,
                lessons,
                &mut sink,
            ),
            Kind::Rider => kernels::rider_day(
                problem,
                RiderId::from_index(resource),
                day,
                lessons,
                &mut sink,
            ),
            Kind::Arena => kernels::arena_day(
                problem,
                ArenaId::from_index(resource),
                day,
                lessons,
                &mut sink,
            ),
        }
        sink.score
    }

    fn lesson_score(&self, id: RequestId, a: Option<&Assignment>) -> Score {
        let mut sink = ScoreSink::new(self.problem);
        kernels::lesson(self.problem, self.baseline, id, a, &mut sink);
        sink.score
    }

    /// Lessons of a coach on a day, sorted by start.
    pub fn coach_day(&self, coach: CoachId, day: usize) -> &[Occ] {
        &self.coach.occ[coach.index() * self.days + day]
    }

    /// Lessons of a horse on a day, sorted by start.
    pub fn horse_day(&self, horse: HorseId, day: usize) -> &[Occ] {
        &self.horse.occ[horse.index() * self.days + day]
    }

    /// Lessons of a rider on a day, sorted by start.
    pub fn rider_day(&self, rider: RiderId, day: usize) -> &[Occ] {
        &self.rider.occ[rider.index() * self.days + day]
    }

    /// Lessons in an arena on a day, sorted by start.
    pub fn arena_day(&self, arena: ArenaId, day: usize) -> &[Occ] {
        &self.arena.occ[arena.index() * self.days + day]
    }

    /// Every violation of the parts a placement of `id` at `a` touches — the lesson itself, the
    /// buckets of its coach, arena, horses and riders on its days, and its series — as they stand
    /// now. Called with the lesson unplaced and then placed, the difference explains a score
    /// delta constraint by constraint (used by recommendations).
    pub fn explain_parts(&self, id: RequestId, a: &Assignment) -> Vec<crate::score::Violation> {
        let problem = self.problem;
        let req = problem.request(id);
        let mut sink = kernels::DetailSink {
            problem,
            violations: Vec::new(),
        };
        kernels::lesson(problem, self.baseline, id, self.schedule.get(id), &mut sink);
        let first = problem.axis.day_of(a.start);
        let last = problem.axis.day_of(a.start + req.duration - 1);
        let mut horses: Vec<HorseId> = a.horses.iter().flatten().copied().collect();
        horses.sort_unstable();
        horses.dedup();
        for day in first..=last {
            kernels::coach_day(
                problem,
                a.coach,
                day,
                self.coach_day(a.coach, day),
                &mut sink,
            );
            kernels::arena_day(
                problem,
                a.arena,
                day,
                self.arena_day(a.arena, day),
                &mut sink,
            );
            for &rider in &req.riders {
                kernels::rider_day(problem, rider, day, self.rider_day(rider, day), &mut sink);
            }
            for &horse in &horses {
                kernels::horse_day(problem, horse, day, self.horse_day(horse, day), &mut sink);
            }
        }
        if let Some(series) = req.series {
            kernels::series(problem, series, &self.schedule, &mut sink);
        }
        sink.violations
    }

    /// Whether both states' buckets hold the same lessons in the same order.
    #[cfg(test)]
    pub fn same_buckets(&self, other: &ScoreState) -> bool {
        [Kind::Coach, Kind::Horse, Kind::Rider, Kind::Arena]
            .iter()
            .all(|&kind| self.buckets(kind).occ == other.buckets(kind).occ)
    }

    /// Recomputes the score from scratch and compares it with the incremental one. Used by the
    /// solver's debug mode and by tests.
    pub fn verify(&self) -> Result<(), (Score, Score)> {
        let full = super::full::score_of(self.problem, self.baseline, &self.schedule);
        if full == self.total {
            Ok(())
        } else {
            Err((self.total, full))
        }
    }
}
