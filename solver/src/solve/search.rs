//! Improvement: local search on one component, alone or as a portfolio: late acceptance while
//! lessons wait to be placed, simulated annealing (`anneal.rs`) once all are.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::Problem;
use crate::ids::RequestId;
use crate::schedule::{Assignment, Schedule};
use crate::score::state::{Change, ScoreState};
use crate::score::{Baseline, Score};

use super::anneal::Anneal;
use super::construct::{best_insertion, construct};
use super::domain::Domain;
use super::eject::eject_insert;
use super::kempe::{arena_at, kempe_chain};
use super::kernels_view::{arena_fits, coach_fits, horse_fits};
use super::mix::{MoveKind, MoveMix};
use super::placement;
use super::room::make_room;
use super::termination::Termination;
use super::{Progress, scalar, verify};

/// What every component's search shares.
pub(crate) struct Context<'a> {
    pub problem: &'a Problem,
    pub baseline: Option<&'a Baseline>,
    pub domain: Domain,
    pub deadline: Option<Instant>,
    pub termination: &'a dyn Termination,
    pub progress: &'a (dyn Fn(&Progress) + Sync),
    pub began: Instant,
    pub verify: bool,
    pub first_feasible: Mutex<Option<Duration>>,
    pub moves: AtomicU64,
    /// Each component's best so far (`None` until it is constructed).
    pub component_best: Mutex<Vec<Option<Score>>>,
}

impl Context<'_> {
    pub(super) fn stop(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d) || self.termination.should_stop()
    }

    /// Records a component's new best and reports the sum over components.
    pub(super) fn report(&self, component: usize, best: Score, steps: u64) {
        self.record(component, best, steps, false);
    }

    /// Records a search's new best unless another search of the same component (a portfolio's
    /// other thread) has reported a better one, and reports the sum over components.
    pub(super) fn report_if_better(&self, component: usize, best: Score, steps: u64) {
        self.record(component, best, steps, true);
    }

    fn record(&self, component: usize, best: Score, steps: u64, only_better: bool) {
        let (total, all_reported) = {
            let mut bests = self.component_best.lock().expect("not poisoned");
            let known = &mut bests[component];
            if only_better && known.is_some_and(|k| scalar(k) <= scalar(best)) {
                return;
            }
            *known = Some(best);
            let total = bests.iter().flatten().fold(Score::ZERO, |a, &b| a + b);
            (total, bests.iter().all(Option::is_some))
        };
        let elapsed = self.began.elapsed();
        if total.hard == 0 && total.unassigned == 0 && all_reported {
            let mut first = self.first_feasible.lock().expect("not poisoned");
            first.get_or_insert(elapsed);
        }
        (self.progress)(&Progress {
            best: total,
            elapsed,
            steps,
        });
    }
}

/// Steps between the meetings of a portfolio's searches.
const EPOCH_STEPS: u64 = 20_000;

/// Late acceptance converges in a number of steps proportional to the length of its history:
/// planned steps per entry of the history. (Measured when it also drove the improvement phase:
/// ITC-2007 comp02 and comp07 at 20 s: 65 and 68 at 2 500, 63 and 38 at 5 000, 96 and 51 at
/// 10 000; club-m at 10 s: 2 572, 2 531, 2 531.)
const STEPS_PER_HISTORY_ENTRY: u64 = 5_000;

/// Bounds of the history's length.
const MIN_HISTORY: u64 = 100;
const MAX_HISTORY: u64 = 50_000;

/// Meetings in a row at which a portfolio's search is behind the best before it takes over a
/// copy of the best search.
const LAGGING_EPOCHS: usize = 25;

/// What solving one component gives.
pub(crate) struct ComponentResult {
    /// The component's lessons (other requests unplaced).
    pub schedule: Schedule,
    /// Local-search steps taken.
    pub steps: u64,
    /// A lower bound on the component's own score, from the exact solver.
    pub lower_bound: Option<Score>,
    /// The exact solver proved the schedule optimal.
    pub proven_optimal: bool,
}

/// Solves one component: construction, then local search until the budget ends, alongside the
/// exact solver when the component is small (see `hybrid`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn solve_component(
    ctx: &Context,
    component: usize,
    requests: &[RequestId],
    start: &Schedule,
    seed: u64,
    step_budget: Option<u64>,
    portfolio: usize,
    exact_max_requests: usize,
) -> ComponentResult {
    let problem = ctx.problem;
    let mut initial = Schedule::empty(problem);
    for &r in requests {
        if let Some(a) = start.get(r) {
            initial.assign(r, a.clone());
        }
    }
    let mut state = ScoreState::new(problem, ctx.baseline, initial);
    // The state counts every request outside the component as unplaced: a constant to subtract.
    let offset = {
        let inside: std::collections::HashSet<RequestId> = requests.iter().copied().collect();
        let weight = problem.weights.get(crate::Constraint::Unassigned);
        let outside: i64 = problem
            .request_ids()
            .filter(|r| !inside.contains(r))
            .map(|r| i64::from(problem.request(r).priority) * weight)
            .sum();
        Score {
            unassigned: outside,
            ..Score::ZERO
        }
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut moves = 0;
    let movable: Vec<RequestId> = requests
        .iter()
        .copied()
        .filter(|&r| !fully_pinned(problem, r))
        .collect();
    let failed = construct_rounds(ctx, &mut state, requests, portfolio, &mut rng, &mut moves);
    if !failed.is_empty() {
        let report = |s: &ScoreState| ctx.report(component, s.score() - offset, 0);
        make_room(
            ctx, &mut state, &failed, &movable, portfolio, &report, &mut rng, &mut moves,
        );
    }
    ctx.moves.fetch_add(moves, Ordering::Relaxed);
    if ctx.verify {
        verify(&state);
    }
    ctx.report(component, state.score() - offset, 0);

    let runner = Runner {
        ctx,
        component,
        offset,
        movable: &movable,
        requests,
        halt: AtomicBool::new(false),
    };
    if movable.is_empty() || runner.is_perfect(&state) {
        let proven_optimal = runner.is_perfect(&state);
        return ComponentResult {
            schedule: state.into_schedule(),
            steps: 0,
            lower_bound: None,
            proven_optimal,
        };
    }
    if requests.len() <= exact_max_requests && ctx.baseline.is_none() {
        return super::hybrid::search_with_exact(&runner, state, seed, step_budget, portfolio);
    }
    let searched = runner.search(state, seed, step_budget, portfolio);
    let proven_optimal = runner.is_perfect(&searched.best);
    ComponentResult {
        schedule: searched.best.into_schedule(),
        steps: searched.steps,
        lower_bound: None,
        proven_optimal,
    }
}

/// The local search of one component, with what every run of it needs.
pub(super) struct Runner<'c, 'a> {
    pub ctx: &'c Context<'a>,
    pub component: usize,
    /// The state's score of an empty component (every request outside it counts as unplaced).
    pub offset: Score,
    pub movable: &'c [RequestId],
    pub requests: &'c [RequestId],
    /// Set when the component is solved otherwise (the exact solver proved an optimum).
    pub halt: AtomicBool,
}

/// What a run of local search gives.
pub(super) struct Searched<'p> {
    pub best: ScoreState<'p>,
    /// Steps of all searches together.
    pub steps: u64,
    /// Steps of each search of a portfolio (what a step budget counts).
    pub steps_each: u64,
}

impl<'c, 'a> Runner<'c, 'a> {
    /// Nothing left to improve: no hard violation, nothing unplaced, no soft cost.
    pub fn is_perfect(&self, state: &ScoreState) -> bool {
        scalar(state.score() - self.offset) <= 0
    }

    pub fn stop(&self) -> bool {
        self.ctx.stop() || self.halt.load(Ordering::Relaxed)
    }

    /// The component's score of a state.
    pub fn score(&self, state: &ScoreState) -> Score {
        state.score() - self.offset
    }

    /// The steps each search plans to take: its `budget`, or what the deadline leaves at the
    /// rate of the `done` steps since `started`; `None` when nothing limits the search, or the
    /// rate is not yet known.
    fn planned_steps(&self, budget: Option<u64>, done: u64, started: Instant) -> Option<u64> {
        let planned = if let Some(budget) = budget {
            budget
        } else {
            let deadline = self.ctx.deadline?;
            if done == 0 {
                return None;
            }
            let spent = started.elapsed().as_secs_f64().max(1e-6);
            let left = deadline
                .saturating_duration_since(Instant::now())
                .as_secs_f64();
            done + (done as f64 * left / spent) as u64
        };
        Some(planned)
    }

    /// Local search from `state` for up to `budget` steps (per search; `None`: until the
    /// deadline or a stop), alone or as a portfolio of `portfolio` searches.
    pub fn search(
        &self,
        state: ScoreState<'a>,
        seed: u64,
        budget: Option<u64>,
        portfolio: usize,
    ) -> Searched<'a> {
        let (movable, requests) = (self.movable, self.requests);
        // What the loops count down; planning looks at `budget` itself.
        let limit = budget.unwrap_or(u64::MAX);
        let mut steps = 0;
        let started = Instant::now();
        if portfolio <= 1 {
            let mut search = Search::new(state, seed, movable, requests);
            if let Some(planned) = self.planned_steps(budget, 0, started) {
                search.plan(planned);
            }
            while steps < limit && !self.is_perfect(&search.state) {
                let chunk = limit.saturating_sub(steps).min(EPOCH_STEPS);
                let taken = search.run(self, chunk, steps);
                steps += taken;
                if taken < chunk {
                    break;
                }
                if steps == taken {
                    if let Some(planned) = self.planned_steps(budget, steps, started) {
                        search.plan(planned);
                    }
                }
            }
            return Searched {
                best: search.into_best_state(),
                steps,
                steps_each: steps,
            };
        }
        // Portfolio: differently seeded searches, each keeping its own temperature and
        // late-acceptance history (a history restarted at every meeting makes the search
        // greedy), meet every epoch; one that has found nothing better than the best of all for
        // `LAGGING_EPOCHS` meetings takes over a copy of the best search (its state, temperature
        // and history, not its random draws).
        let mut searches: Vec<Search> = (0..portfolio)
            .map(|t| {
                let seed = seed ^ ((t as u64 + 1) << 32);
                Search::new(state.clone(), seed, movable, requests)
            })
            .collect();
        drop(state);
        let sized = |searches: &mut Vec<Search>, done: u64| {
            if let Some(planned) = self.planned_steps(budget, done, started) {
                searches.iter_mut().for_each(|s| s.plan(planned));
            }
        };
        sized(&mut searches, 0);
        let mut lagging = vec![0usize; portfolio];
        let mut steps_each = 0;
        let mut epoch = 0u64;
        loop {
            let chunk = limit.saturating_sub(steps_each).min(EPOCH_STEPS);
            if chunk == 0 || self.stop() || searches.iter().any(|s| self.is_perfect(s.best_state()))
            {
                break;
            }
            let taken: Vec<u64> = searches
                .par_iter_mut()
                .map(|search| search.run(self, chunk, steps_each))
                .collect();
            let most = taken.iter().copied().max().unwrap_or(0);
            steps_each += most;
            steps += taken.iter().sum::<u64>();
            epoch += 1;
            if most < chunk {
                break;
            }
            if epoch == 1 {
                sized(&mut searches, steps_each);
            }
            let leader = (0..portfolio)
                .min_by_key(|&t| (searches[t].best_value, t))
                .expect("at least one search");
            for t in 0..portfolio {
                lagging[t] = if searches[t].best_value <= searches[leader].best_value {
                    0
                } else {
                    lagging[t] + 1
                };
                if lagging[t] >= LAGGING_EPOCHS {
                    let reseed = seed ^ epoch.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (t as u64);
                    searches[t] = searches[leader].follow(reseed);
                    lagging[t] = 0;
                }
            }
        }
        let best = searches
            .into_iter()
            .map(Search::into_best_state)
            .min_by_key(|s| scalar(s.score()))
            .expect("at least one search");
        Searched {
            best,
            steps,
            steps_each,
        }
    }
}

/// Construction rounds at most: each starts over with the requests earlier rounds could not
/// place put first ("squeaky wheel"), and the round that leaves the least unplaced is kept.
const CONSTRUCTION_ROUNDS: usize = 3;

/// Up to this many requests left out by construction are placed sooner by ejection than by
/// constructing again (club-m: 8–9 of 541 left out, all placed by ejection in ~40 ms; club-l:
/// 140 of 5 781, where a second and third round leave 116).
pub(super) const FEW_FAILED: usize = 32;

/// Construction rounds when each round builds once per thread: a round of two constructions side
/// by side takes about as long as one, so two such rounds (four constructions) end sooner than
/// three in a row (club-l: ~1.2 s against ~1.4 s on 2026-12-04's machine).
const PARALLEL_ROUNDS: usize = 2;

/// From this many requests on, the first construction round also builds once per thread (club-l,
/// 5 781: one round leaves ~120 out; club-m, 541: 8–9, and with two constructions side by side
/// its first feasible took 102 ms in median over 40 seeds against 78 ms with one).
const MANY_REQUESTS: usize = 2000;

/// Constructs the component, starting over while that places more; returns what stays unplaced.
/// With a portfolio, each round constructs once per thread from its own seed and keeps the best,
/// and every thread's misses go first in the next round.
fn construct_rounds<'p>(
    ctx: &Context,
    state: &mut ScoreState<'p>,
    requests: &[RequestId],
    portfolio: usize,
    rng: &mut ChaCha8Rng,
    moves: &mut u64,
) -> Vec<RequestId> {
    let empty = state.clone();
    let rounds = if portfolio >= 2 {
        PARALLEL_ROUNDS
    } else {
        CONSTRUCTION_ROUNDS
    };
    let mut failed: Option<Vec<RequestId>> = None;
    let mut squeaky: Vec<RequestId> = Vec::new();
    for round in 0..rounds {
        if failed.as_ref().is_some_and(|f| f.len() <= FEW_FAILED) || ctx.stop() {
            break;
        }
        // Two constructions side by side each take longer than one alone: on a component that
        // one round usually places, the first round builds once.
        let width = if round == 0 && requests.len() < MANY_REQUESTS {
            1
        } else {
            portfolio.max(1)
        };
        let seeds: Vec<u64> = (0..width).map(|_| rng.random()).collect();
        let built: Vec<(ScoreState<'p>, Vec<RequestId>, u64)> = seeds
            .into_par_iter()
            .map(|seed| {
                let mut again = empty.clone();
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                let mut moves = 0;
                let missed = construct(
                    &mut again,
                    &ctx.domain,
                    requests,
                    &squeaky,
                    &|| ctx.stop(),
                    &mut rng,
                    &mut moves,
                );
                (again, missed, moves)
            })
            .collect();
        for (again, missed, taken) in built {
            *moves += taken;
            squeaky.extend(missed.iter().copied());
            if failed.is_none() || scalar(again.score()) < scalar(state.score()) {
                *state = again;
                failed = Some(missed);
            }
        }
        squeaky.sort_unstable();
        squeaky.dedup();
    }
    failed.unwrap_or_default()
}

pub(super) fn fully_pinned(problem: &Problem, r: RequestId) -> bool {
    let req = problem.request(r);
    req.pins.start.is_some()
        && req.pins.coach.is_some()
        && req.pins.arena.is_some()
        && req
            .pins
            .horses
            .iter()
            .zip(&req.horse_candidates)
            .all(|(p, c)| p.is_some() || c.is_empty())
}

/// One search: late acceptance while lessons wait to be placed, then simulated annealing.
struct Search<'p, 'r> {
    state: ScoreState<'p>,
    best: Option<ScoreState<'p>>,
    best_value: i128,
    /// The current state is a new best not yet copied into `best`.
    pending: bool,
    history: Vec<i128>,
    /// Which moves are kept once every lesson is placed.
    anneal: Anneal,
    rng: ChaCha8Rng,
    /// How the improvement moves share the steps.
    mix: MoveMix,
    movable: &'r [RequestId],
    component: &'r [RequestId],
    step: u64,
}

impl<'p, 'r> Search<'p, 'r> {
    fn new(
        state: ScoreState<'p>,
        seed: u64,
        movable: &'r [RequestId],
        component: &'r [RequestId],
    ) -> Self {
        let value = scalar(state.score());
        let length = (movable.len() * 2).clamp(200, 2000);
        Self {
            state,
            best: None,
            best_value: value,
            pending: true,
            history: vec![value; length],
            anneal: Anneal::new(movable.len()),
            rng: ChaCha8Rng::seed_from_u64(seed),
            mix: MoveMix::default(),
            movable,
            component,
            step: 0,
        }
    }

    /// Plans to end at step `planned`: the temperature reaches its end then, and the history
    /// restarts with the length at which late acceptance converges then.
    fn plan(&mut self, planned: u64) {
        self.anneal.plan(planned);
        let length = (planned / STEPS_PER_HISTORY_ENTRY).clamp(MIN_HISTORY, MAX_HISTORY) as usize;
        if length != self.history.len() {
            self.history = vec![scalar(self.state.score()); length];
        }
    }

    /// The best state this search has seen.
    fn best_state(&self) -> &ScoreState<'p> {
        match (&self.best, self.pending) {
            (Some(best), false) => best,
            _ => &self.state,
        }
    }

    /// A copy of this search that goes on from its best with its own random draws.
    fn follow(&self, seed: u64) -> Self {
        let mut copy = Search::new(
            self.best_state().clone(),
            seed,
            self.movable,
            self.component,
        );
        copy.history.clone_from(&self.history);
        copy.mix = self.mix.clone();
        copy.anneal = self.anneal.clone();
        copy.step = self.step;
        copy
    }

    fn into_best_state(mut self) -> ScoreState<'p> {
        if self.pending {
            self.state
        } else {
            self.best.take().unwrap_or(self.state)
        }
    }

    /// Runs up to `steps` steps; returns how many were taken before a stop was asked.
    fn run(&mut self, runner: &Runner, steps: u64, steps_before: u64) -> u64 {
        let ctx = runner.ctx;
        let mut moves = 0u64;
        let mut taken = 0;
        while taken < steps {
            if taken % 256 == 0 && runner.stop() {
                break;
            }
            taken += 1;
            self.step += 1;
            let before = self.state.score();
            let work_before = self.state.work();
            let (kind, moved) = self.random_move(ctx, &mut moves);
            let gain = match moved {
                Some(moved) => self.judge(runner, before, moved, steps_before + taken),
                None => 0,
            };
            if let Some(kind) = kind {
                // Undoing is part of what a rejected move cost.
                self.mix
                    .record(kind, gain as f64, self.state.work() - work_before);
            }
        }
        ctx.moves.fetch_add(moves, Ordering::Relaxed);
        taken
    }

    /// Keeps the move (from a state scored `before`) or undoes it, by annealing once every
    /// lesson is placed and by late acceptance before, and updates the history; returns how much
    /// the move improved the current score (0 when undone or worse).
    fn judge(&mut self, runner: &Runner, before: Score, moved: Moved, steps: u64) -> i128 {
        let after = match &moved {
            Moved::Made(_) => self.state.score(),
            Moved::Tried(changes) => self.state.score_after(changes),
        };
        if runner.ctx.verify {
            if let Moved::Tried(changes) = &moved {
                check_trial(&mut self.state, changes, after);
            }
        }
        let (value, current) = (scalar(after), scalar(before));
        let slot = (self.step % self.history.len() as u64) as usize;
        let accept = if before.unassigned == 0 {
            let step = self.step;
            self.anneal.accept(before, after, step, &mut self.rng)
        } else {
            after.hard <= before.hard && (value <= self.history[slot] || value <= current)
        };
        if accept {
            // Leaving a best that was never copied: copy it first.
            let leaving_best = value > current && self.pending;
            match moved {
                Moved::Tried(changes) => {
                    if leaving_best {
                        self.best = Some(self.state.clone());
                    }
                    self.state.apply(changes);
                }
                Moved::Made(undo) if leaving_best => {
                    let redo = undo.apply(&mut self.state);
                    self.best = Some(self.state.clone());
                    redo.apply(&mut self.state);
                }
                Moved::Made(_) => {}
            }
            if leaving_best {
                self.pending = false;
            }
            if value < self.best_value {
                self.best_value = value;
                self.pending = true;
                runner
                    .ctx
                    .report_if_better(runner.component, after - runner.offset, steps);
            }
            if runner.ctx.verify {
                verify(&self.state);
            }
        } else if let Moved::Made(undo) = moved {
            undo.apply(&mut self.state);
        }
        let now = scalar(self.state.score());
        if now < self.history[slot] {
            self.history[slot] = now;
        }
        if accept { current - value } else { 0 }
    }

    /// Applies a random move and returns its kind (for an improvement move) and how to undo
    /// it, or tries one and returns it; `None` when the move found nothing to do (the state is
    /// then unchanged).
    fn random_move(&mut self, ctx: &Context, moves: &mut u64) -> (Option<MoveKind>, Option<Moved>) {
        if self.state.score().unassigned == 0 {
            let kind = self.mix.pick(&mut self.rng);
            return (Some(kind), self.improve(kind, ctx, moves));
        }
        let moved = match self.rng.random_range(0..100) {
            0..=4 => self.insert_unplaced(ctx, moves).map(Moved::Made),
            // While lessons wait, making room for them is most of the work: over half of the
            // moves (club-l at 6 s, seeds 16–31: everything placed on 11 runs of 16, against 7
            // with a quarter of the moves).
            5..=59 => self.eject_unplaced(ctx, moves).map(Moved::Made),
            60..=66 => self.tried(|s| s.change_horse(moves)),
            67..=75 => self.tried(|s| s.change_coach(moves)),
            76..=81 => self.tried(|s| s.change_arena(moves)),
            _ => self.ruin_and_recreate(ctx, moves).map(Moved::Made),
        };
        (None, moved)
    }

    /// A move tried without being made (see [`ScoreState::begin_trial`]): `make` moves lessons
    /// as usual and tells whether it found something to do.
    fn tried(&mut self, make: impl FnOnce(&mut Self) -> Option<()>) -> Option<Moved> {
        self.state.begin_trial();
        let found = make(self).is_some();
        let changes = self.state.end_trial();
        (found && !changes.is_empty()).then_some(Moved::Tried(changes))
    }

    /// Applies an improvement move of `kind`, as [`Search::random_move`].
    fn improve(&mut self, kind: MoveKind, ctx: &Context, moves: &mut u64) -> Option<Moved> {
        match kind {
            MoveKind::Change => self.tried(|s| s.change(ctx, moves)),
            MoveKind::SwapStarts => self.tried(|s| s.swap_starts(moves)),
            MoveKind::Kempe => self.tried(|s| s.kempe_swap(ctx, moves)),
            MoveKind::Horse => self.tried(|s| s.change_horse(moves)),
            MoveKind::Coach => self.tried(|s| s.change_coach(moves)),
            MoveKind::Arena => self.tried(|s| s.change_arena(moves)),
            MoveKind::RuinAndRecreate => self.ruin_and_recreate(ctx, moves).map(Moved::Made),
        }
    }

    fn pick_placed(&mut self) -> Option<(RequestId, Assignment)> {
        for _ in 0..4 {
            let r = self.movable[self.rng.random_range(0..self.movable.len())];
            if let Some(a) = self.state.schedule().get(r) {
                return Some((r, a.clone()));
            }
        }
        None
    }

    fn change(&mut self, ctx: &Context, moves: &mut u64) -> Option<()> {
        let (r, old) = self.pick_placed()?;
        self.state.unassign(r);
        let starts = ctx.domain.starts(r);
        match placement::random(&self.state, r, starts, &mut self.rng, 3) {
            Some(a) => {
                *moves += 1;
                self.state.assign(r, a);
                Some(())
            }
            None => {
                self.state.assign(r, old);
                None
            }
        }
    }

    /// Two lessons of the same length trade starts. Each keeps its arena where that is free at
    /// its new time, else takes the arena the other one left (in arenas that hold one lesson at
    /// a time, the other's arena is the one sure to be free), else a free candidate.
    fn swap_starts(&mut self, moves: &mut u64) -> Option<()> {
        let (r1, a1) = self.pick_placed()?;
        let (r2, a2) = self.pick_placed()?;
        let problem = self.state.problem();
        let (q1, q2) = (problem.request(r1), problem.request(r2));
        if r1 == r2
            || a1.start == a2.start
            || q1.duration != q2.duration
            || q1.pins.start.is_some()
            || q2.pins.start.is_some()
        {
            return None;
        }
        *moves += 1;
        self.state.unassign(r1);
        self.state.unassign(r2);
        let arena = swapped_arena(&self.state, r1, &a1, &a2, &mut self.rng);
        self.state.assign(
            r1,
            Assignment {
                start: a2.start,
                arena,
                ..a1.clone()
            },
        );
        let arena = swapped_arena(&self.state, r2, &a2, &a1, &mut self.rng);
        self.state.assign(
            r2,
            Assignment {
                start: a1.start,
                arena,
                ..a2.clone()
            },
        );
        Some(())
    }

    /// Swaps two times for a chain of lessons ("Kempe chain"): a lesson moves to another start,
    /// the lessons there that share a rider, coach or horse with it move to its old start, those
    /// that then clash there move over in turn, and so on. Groups of lessons that only fit
    /// together (a class's day, a coach's afternoon) move without passing through a clash.
    fn kempe_swap(&mut self, ctx: &Context, moves: &mut u64) -> Option<()> {
        let (first, a) = self.pick_placed()?;
        let other = *ctx.domain.starts(first).choose(&mut self.rng)?;
        if other == a.start {
            return None;
        }
        let chain = kempe_chain(&self.state, self.movable, first, other)?;
        *moves += 1;
        let old: Vec<(RequestId, Option<Assignment>)> = chain
            .iter()
            .map(|&(r, _)| (r, self.state.unassign(r)))
            .collect();
        for ((r, to), (_, was)) in chain.iter().zip(&old) {
            let was = was.as_ref().expect("chain lessons are placed");
            let arena = arena_at(&self.state, *r, was.arena, *to, &mut self.rng);
            self.state.assign(
                *r,
                Assignment {
                    start: *to,
                    arena,
                    ..was.clone()
                },
            );
        }
        Some(())
    }

    fn change_horse(&mut self, moves: &mut u64) -> Option<()> {
        let (r, old) = self.pick_placed()?;
        let problem = self.state.problem();
        let req = problem.request(r);
        if old.horses.is_empty() {
            return None;
        }
        let j = self.rng.random_range(0..old.horses.len());
        let candidates = &req.horse_candidates[j];
        if req.pins.horses[j].is_some() || candidates.is_empty() {
            return None;
        }
        let at = crate::time::Interval::new(old.start, old.start + req.duration);
        self.state.unassign(r);
        let offset = self.rng.random_range(0..candidates.len());
        let horse = (0..candidates.len())
            .map(|i| candidates[(i + offset) % candidates.len()])
            .find(|&h| {
                Some(h) != old.horses[j]
                    && !old.horses.contains(&Some(h))
                    && horse_fits(&self.state, h, at)
            });
        let Some(horse) = horse else {
            self.state.assign(r, old);
            return None;
        };
        *moves += 1;
        let mut new = old.clone();
        new.horses[j] = Some(horse);
        self.state.assign(r, new);
        Some(())
    }

    fn change_coach(&mut self, moves: &mut u64) -> Option<()> {
        let (r, old) = self.pick_placed()?;
        let problem = self.state.problem();
        let req = problem.request(r);
        if req.pins.coach.is_some() || req.coach_candidates.len() < 2 {
            return None;
        }
        let at = crate::time::Interval::new(old.start, old.start + req.duration);
        self.state.unassign(r);
        let offset = self.rng.random_range(0..req.coach_candidates.len());
        let n = req.coach_candidates.len();
        let coach = (0..n)
            .map(|i| req.coach_candidates[(i + offset) % n])
            .find(|&c| c != old.coach && coach_fits(&self.state, c, at, None));
        let Some(coach) = coach else {
            self.state.assign(r, old);
            return None;
        };
        *moves += 1;
        self.state.assign(
            r,
            Assignment {
                coach,
                ..old.clone()
            },
        );
        Some(())
    }

    /// Another arena at the same time; when that arena holds exactly one lesson of the same
    /// time, the two lessons swap arenas (rooms of one lesson at a time need the swap).
    fn change_arena(&mut self, moves: &mut u64) -> Option<()> {
        let (r, old) = self.pick_placed()?;
        let problem = self.state.problem();
        let req = problem.request(r);
        let n = req.arena_candidates.len();
        if req.pins.arena.is_some() || n < 2 {
            return None;
        }
        let arena = req.arena_candidates[self.rng.random_range(0..n)];
        if arena == old.arena {
            return None;
        }
        let at = crate::time::Interval::new(old.start, old.start + req.duration);
        self.state.unassign(r);
        if arena_fits(&self.state, arena, at, req.units, None) {
            *moves += 1;
            self.state.assign(
                r,
                Assignment {
                    arena,
                    ..old.clone()
                },
            );
            return Some(());
        }
        let day = problem.axis.day_of(at.start);
        let mut occupants = self
            .state
            .arena_day(arena, day)
            .iter()
            .filter(|o| o.end > at.start && o.start < at.end)
            .copied();
        if let (Some(o), None) = (occupants.next(), occupants.next()) {
            let other = problem.request(o.lesson);
            let swappable = o.start == at.start
                && o.end == at.end
                && self.movable.binary_search(&o.lesson).is_ok()
                && other.pins.arena.is_none()
                && other.arena_candidates.binary_search(&old.arena).is_ok();
            if swappable {
                if let Some(was) = self.state.unassign(o.lesson) {
                    if arena_fits(&self.state, arena, at, req.units, None)
                        && arena_fits(&self.state, old.arena, at, other.units, None)
                    {
                        *moves += 1;
                        self.state.assign(
                            r,
                            Assignment {
                                arena,
                                ..old.clone()
                            },
                        );
                        self.state.assign(
                            o.lesson,
                            Assignment {
                                arena: old.arena,
                                ..was.clone()
                            },
                        );
                        return Some(());
                    }
                    self.state.assign(o.lesson, was);
                }
            }
        }
        self.state.assign(r, old);
        None
    }

    fn insert_unplaced(&mut self, ctx: &Context, moves: &mut u64) -> Option<Undo> {
        let unplaced: Vec<RequestId> = self
            .component
            .iter()
            .copied()
            .filter(|&r| self.state.schedule().get(r).is_none())
            .take(64)
            .collect();
        let r = *unplaced.get(self.rng.random_range(0..unplaced.len().max(1)))?;
        let (a, _) = best_insertion(&mut self.state, &ctx.domain, r, 128, &mut self.rng, moves)?;
        self.state.assign(r, a);
        Some(Undo::Restore(vec![(r, None)]))
    }

    fn eject_unplaced(&mut self, ctx: &Context, moves: &mut u64) -> Option<Undo> {
        let unplaced: Vec<RequestId> = self
            .movable
            .iter()
            .copied()
            .filter(|&r| self.state.schedule().get(r).is_none())
            .take(64)
            .collect();
        let r = *unplaced.choose(&mut self.rng)?;
        let undo = eject_insert(
            &mut self.state,
            &ctx.domain,
            r,
            self.movable,
            &mut self.rng,
            moves,
        )?;
        Some(Undo::Restore(undo))
    }

    /// Removes a handful of related lessons (same day, sharing a coach, arena or series) and
    /// puts them back one by one at their best places, unplaced requests included.
    fn ruin_and_recreate(&mut self, ctx: &Context, moves: &mut u64) -> Option<Undo> {
        let (seed_lesson, seed_a) = self.pick_placed()?;
        let problem = self.state.problem();
        let day = problem.axis.day_of(seed_a.start);
        let mut ruined: Vec<RequestId> = vec![seed_lesson];
        let mut related: Vec<RequestId> = self
            .state
            .coach_day(seed_a.coach, day)
            .iter()
            .chain(self.state.arena_day(seed_a.arena, day))
            .map(|o| o.lesson)
            .filter(|&l| l != seed_lesson && self.movable.binary_search(&l).is_ok())
            .collect();
        if let Some(series) = problem.request(seed_lesson).series {
            related.extend(
                problem.series[series.index()]
                    .requests
                    .iter()
                    .copied()
                    .filter(|&l| l != seed_lesson),
            );
        }
        related.sort_unstable();
        related.dedup();
        related.shuffle(&mut self.rng);
        let k = self.rng.random_range(2..=6);
        ruined.extend(related.into_iter().take(k));
        ruined.extend(
            self.component
                .iter()
                .copied()
                .filter(|&r| self.state.schedule().get(r).is_none())
                .take(2),
        );
        ruined.retain(|r| self.movable.binary_search(r).is_ok());
        // An unplaced series mate can be both related and unplaced: put each lesson back once.
        ruined.sort_unstable();
        ruined.dedup();
        let old: Vec<(RequestId, Option<Assignment>)> = ruined
            .iter()
            .map(|&r| (r, self.state.unassign(r)))
            .collect();
        ruined.shuffle(&mut self.rng);
        for &r in &ruined {
            if let Some((a, _)) =
                best_insertion(&mut self.state, &ctx.domain, r, 48, &mut self.rng, moves)
            {
                self.state.assign(r, a);
            }
        }
        Some(Undo::Restore(old))
    }
}

/// The arena of lesson `r` (unplaced for now, placed at `mine`) when it takes the start of
/// `theirs`: its own if free then, else the one `theirs` leaves, else a free candidate.
fn swapped_arena(
    state: &ScoreState,
    r: RequestId,
    mine: &Assignment,
    theirs: &Assignment,
    rng: &mut impl Rng,
) -> crate::ids::ArenaId {
    let req = state.problem().request(r);
    let at = crate::time::Interval::new(theirs.start, theirs.start + req.duration);
    let left = theirs.arena;
    if req.pins.arena.is_none()
        && !arena_fits(state, mine.arena, at, req.units, None)
        && req.arena_candidates.contains(&left)
        && arena_fits(state, left, at, req.units, None)
    {
        return left;
    }
    arena_at(state, r, mine.arena, theirs.start, rng)
}

/// A move of the search: tried (not yet made: the changes it would make), or made (with how to
/// undo it), for moves that need the score as they go (re-inserting lessons at their best).
enum Moved {
    Tried(Vec<Change>),
    Made(Undo),
}

/// Debug mode: the score a trial predicted is the score its changes give when made (and, by
/// `verify`, a full recomputation's); the changes are then undone.
fn check_trial(state: &mut ScoreState, changes: &[Change], predicted: Score) {
    let undo: Vec<Change> = changes
        .iter()
        .map(|(r, _)| (*r, state.schedule().get(*r).cloned()))
        .collect();
    state.apply(changes.to_vec());
    assert_eq!(
        state.score(),
        predicted,
        "a tried move's score differs from the score of making it"
    );
    verify(state);
    state.apply(undo);
}

/// How to put the state back as it was before a move.
enum Undo {
    /// Each request back to its old placement (or unplaced).
    Restore(Vec<(RequestId, Option<Assignment>)>),
}

impl Undo {
    /// Restores, returning the undo of the restoration (to redo the move).
    fn apply(self, state: &mut ScoreState) -> Undo {
        match self {
            Undo::Restore(list) => {
                let mut redo = Vec::with_capacity(list.len());
                for (r, _) in &list {
                    redo.push((*r, state.unassign(*r)));
                }
                for (r, a) in list {
                    if let Some(a) = a {
                        state.assign(r, a);
                    }
                }
                Undo::Restore(redo)
            }
        }
    }
}
