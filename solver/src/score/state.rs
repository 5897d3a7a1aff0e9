//! Incremental evaluation: the score kept up to date as lessons are placed, moved and removed.
//!
//! The state keeps every (resource, day) bucket's lessons sorted and the cost of each part. A
//! change re-runs the kernels of only the parts it touches — the lesson itself, the buckets of
//! its coach, arena, horses and riders on its days, and its series — so a move costs a few
//! microseconds whatever the size of the schedule.

use crate::Problem;
use crate::ids::*;
use crate::schedule::{Assignment, Schedule};
use crate::score::Score;
use crate::score::kernels::{self, Baseline, Occ, ScoreSink};

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
}

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

#[derive(Clone, Copy)]
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
        self.touch(id, |state| state.schedule.assign(id, a.clone()), true);
    }

    /// Removes a lesson and returns where it was.
    pub fn unassign(&mut self, id: RequestId) -> Option<Assignment> {
        let old = self.schedule.get(id).cloned()?;
        self.touch(id, |state| drop(state.schedule.unassign(id, None)), false);
        Some(old)
    }

    /// Records why an unplaced lesson could not be placed.
    pub fn set_reason(&mut self, id: RequestId, reason: String) {
        debug_assert!(self.schedule.get(id).is_none());
        self.schedule.unassign(id, Some(reason));
    }

    /// The score change of placing `id` at `a` (lesson currently unplaced), without keeping it.
    pub fn delta_assign(&mut self, id: RequestId, a: &Assignment) -> Score {
        let before = self.total;
        self.assign(id, a.clone());
        let delta = self.total - before;
        self.unassign(id);
        delta
    }

    /// Applies `change` to the schedule for lesson `id` and updates every part it touches.
    /// `adding`: the lesson is being placed (buckets gain it) rather than removed.
    fn touch(&mut self, id: RequestId, change: impl FnOnce(&mut Self), adding: bool) {
        let problem = self.problem;
        let req = problem.request(id);
        // The lesson as placed before removal, or after placement: both have the same buckets.
        let placed = if adding {
            None
        } else {
            self.schedule.get(id).cloned()
        };
        change(self);
        let a = match placed {
            Some(a) => a,
            None => self.schedule.get(id).cloned().expect("just placed"),
        };
        let occ = Occ {
            start: a.start,
            end: a.start + req.duration,
            lesson: id,
            units: req.units,
        };
        let first = problem.axis.day_of(occ.start);
        let last = problem.axis.day_of(occ.end - 1);
        for day in first..=last {
            self.update_bucket(Kind::Coach, a.coach.index(), day, occ, adding);
            self.update_bucket(Kind::Arena, a.arena.index(), day, occ, adding);
            for &rider in &req.riders {
                self.update_bucket(Kind::Rider, rider.index(), day, occ, adding);
            }
        }
        // A horse given to two riders of one lesson sits twice in its bucket (an overlap with
        // itself), exactly as full evaluation counts it.
        for &horse in a.horses.iter().flatten() {
            for day in kernels::horse_days(problem, horse, occ.start, occ.end) {
                self.update_bucket(Kind::Horse, horse.index(), day, occ, adding);
            }
        }
        let cost = self.lesson_score(id, self.schedule.get(id));
        self.total += cost - self.lesson_cost[id.index()];
        self.lesson_cost[id.index()] = cost;
        self.work += 1;
        if let Some(series) = req.series {
            self.work += problem.series[series.index()].requests.len() as u64;
            let cost = super::series_score(problem, series, &self.schedule);
            self.total += cost - self.series_cost[series.index()];
            self.series_cost[series.index()] = cost;
        }
    }

    fn update_bucket(&mut self, kind: Kind, resource: usize, day: usize, occ: Occ, adding: bool) {
        let problem = self.problem;
        let index = resource * self.days + day;
        self.work += 1;
        let buckets = match kind {
            Kind::Coach => &mut self.coach,
            Kind::Horse => &mut self.horse,
            Kind::Rider => &mut self.rider,
            Kind::Arena => &mut self.arena,
        };
        if adding {
            buckets.insert(index, occ);
        } else {
            buckets.remove(index, occ.lesson);
        }
        let list = &buckets.occ[index];
        let mut sink = ScoreSink::new(problem);
        match kind {
            Kind::Coach => {
                kernels::coach_day(problem, CoachId::from_index(resource), day, list, &mut sink)
            }
            Kind::Horse => {
                kernels::horse_day(problem, HorseId::from_index(resource), day, list, &mut sink)
            }
            Kind::Rider => {
                kernels::rider_day(problem, RiderId::from_index(resource), day, list, &mut sink)
            }
            Kind::Arena => {
                kernels::arena_day(problem, ArenaId::from_index(resource), day, list, &mut sink)
            }
        }
        self.total += sink.score - buckets.cost[index];
        buckets.cost[index] = sink.score;
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
