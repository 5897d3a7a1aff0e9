//! Planting conflicts into a clean schedule, for testing `check` and the repair algorithms.
//!
//! Each planting changes one lesson (its coach, horse, arena or start) so that exactly one hard
//! constraint breaks. Candidates are proposed cheaply from the schedule and then confirmed with
//! `paddock_solver::check` itself: a change is kept only when the report gains exactly the planted
//! conflict and keeps every earlier one, so side effects (a daily limit, a rest gap, a pin) never
//! sneak in and the number of planted conflicts is exact.

use std::collections::HashSet;

use paddock_solver::spec::{HorseNeed, ProblemSpec, ScheduleSpec, WeekdayKey};
use paddock_solver::time::Interval;
use paddock_solver::{Assignment, Constraint, Problem, RequestId, Schedule, check};
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::GenError;

/// A conflict planted into a schedule: what `check` must report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planted {
    /// The violated constraint.
    pub constraint: Constraint,
    /// The lessons the reported conflict must involve (request keys); the first one was changed.
    pub lessons: Vec<String>,
    /// What was changed, in words.
    pub description: String,
}

/// The kinds of change tried, in the order of a random shuffle per planting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Move {
    CoachOverlap,
    HorseOverlap,
    RiderOverlap,
    ArenaCapacity,
    ClubClosed,
    OffSlotGrid,
    OutsideAllowedWindow,
    HorseRestDay,
    CoachNotQualified,
    ArenaUnsuitable,
    HorseUnsuitable,
}

const MOVES: [Move; 11] = [
    Move::CoachOverlap,
    Move::HorseOverlap,
    Move::RiderOverlap,
    Move::ArenaCapacity,
    Move::ClubClosed,
    Move::OffSlotGrid,
    Move::OutsideAllowedWindow,
    Move::HorseRestDay,
    Move::CoachNotQualified,
    Move::ArenaUnsuitable,
    Move::HorseUnsuitable,
];

/// Proposals tried per kind of move before giving up on it for this planting.
const TRIES: usize = 30;

struct Proposal {
    lesson: RequestId,
    assignment: Assignment,
    constraint: Constraint,
    others: Vec<RequestId>,
    description: String,
}

/// Plants exactly `k` conflicts into `schedule`, a schedule of `problem`, mixing kinds of conflict.
/// Returns the changed schedule and what was planted. Deterministic in `seed`.
///
/// Fails when the documents do not fit together, or when the schedule is too small to take `k`
/// separate conflicts (each planting changes a lesson no earlier planting touched).
pub fn plant_conflicts(
    problem: &ProblemSpec,
    schedule: &ScheduleSpec,
    k: usize,
    seed: u64,
) -> Result<(ScheduleSpec, Vec<Planted>), GenError> {
    let problem = Problem::new(problem.clone())?;
    let mut sched = Schedule::from_spec(&problem, schedule)?;
    let base = check(&problem, &sched).conflicts.len();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut planted: Vec<Planted> = Vec::with_capacity(k);
    let mut touched: HashSet<RequestId> = HashSet::new();
    let mut planter = Planter::new(&problem);
    while planted.len() < k {
        planter.index(&sched);
        let mut moves = MOVES;
        moves.shuffle(&mut rng);
        let mut done = false;
        'moves: for m in moves {
            for _ in 0..TRIES {
                let Some(p) = planter.propose(m, &sched, &touched, &mut rng) else {
                    continue;
                };
                let before = sched.get(p.lesson).cloned();
                sched.assign(p.lesson, p.assignment.clone());
                let key = |r: RequestId| problem.request_key(r).to_owned();
                let candidate = Planted {
                    constraint: p.constraint,
                    lessons: std::iter::once(p.lesson)
                        .chain(p.others.iter().copied())
                        .map(key)
                        .collect(),
                    description: p.description,
                };
                let report = check(&problem, &sched);
                let exact = report.conflicts.len() == base + planted.len() + 1
                    && planted
                        .iter()
                        .chain(std::iter::once(&candidate))
                        .all(|want| {
                            report.conflicts.iter().any(|c| {
                                c.constraint == want.constraint
                                    && want.lessons.iter().all(|l| c.lessons.contains(l))
                            })
                        });
                if exact {
                    touched.insert(p.lesson);
                    touched.extend(p.others);
                    planted.push(candidate);
                    done = true;
                    break 'moves;
                }
                match before {
                    Some(a) => sched.assign(p.lesson, a),
                    None => {
                        sched.unassign(p.lesson, None);
                    }
                }
            }
        }
        if !done {
            return Err(GenError::TooFewCandidates {
                wanted: k,
                planted: planted.len(),
            });
        }
    }
    let mut spec = sched.to_spec(&problem);
    // Keep the input's unplaced list as it was, rather than the default reasons `to_spec` writes.
    spec.unassigned.clone_from(&schedule.unassigned);
    Ok((spec, planted))
}

/// Lookups from the problem document that proposals need.
struct Planter<'p> {
    problem: &'p Problem,
    spec: &'p ProblemSpec,
    /// Placed lessons sorted by start, with their intervals.
    placed: Vec<(Interval, RequestId)>,
}

impl<'p> Planter<'p> {
    fn new(problem: &'p Problem) -> Self {
        Self {
            problem,
            spec: problem.spec(),
            placed: Vec::new(),
        }
    }

    fn index(&mut self, sched: &Schedule) {
        self.placed = sched
            .assigned()
            .filter_map(|(id, _)| sched.interval(self.problem, id).map(|i| (i, id)))
            .collect();
        self.placed.sort_unstable();
    }

    /// Lessons overlapping `at`, other than `me`.
    fn overlapping(&self, at: Interval, me: RequestId) -> Vec<RequestId> {
        // Lessons last at most a day, so only starts within a day before `at` can overlap it.
        let from = self
            .placed
            .partition_point(|(i, _)| i.start < at.start - 24 * 60);
        self.placed[from..]
            .iter()
            .take_while(|(i, _)| i.start < at.end)
            .filter(|(i, id)| *id != me && i.overlaps(at))
            .map(|&(_, id)| id)
            .collect()
    }

    fn request(&self, id: RequestId) -> &paddock_solver::spec::RequestSpec {
        &self.spec.requests[id.index()]
    }

    fn kind(&self, id: RequestId) -> Option<&paddock_solver::spec::LessonKindSpec> {
        let kind = &self.request(id).kind;
        self.spec.lesson_kinds.iter().find(|k| &k.id == kind)
    }

    fn level(&self, level: &str) -> Option<usize> {
        self.spec.club.levels.iter().position(|l| l == level)
    }

    /// Whether school horse `h` may carry rider `r` (level, weight, nobody's own horse).
    fn suits(&self, h: usize, rider: &str) -> bool {
        let horse = &self.spec.horses[h];
        let Some(r) = self.spec.riders.iter().find(|x| x.id == rider) else {
            return false;
        };
        horse.owner.is_none()
            && (horse.levels.is_empty()
                || horse
                    .levels
                    .iter()
                    .any(|l| self.level(l) == self.level(&r.level)))
            && match (horse.max_rider_weight_kg, r.weight_kg) {
                (Some(max), Some(w)) => w <= max,
                _ => true,
            }
    }

    fn propose(
        &self,
        m: Move,
        sched: &Schedule,
        touched: &HashSet<RequestId>,
        rng: &mut ChaCha8Rng,
    ) -> Option<Proposal> {
        let &(at, lesson) = self.placed.choose(rng)?;
        if touched.contains(&lesson) {
            return None;
        }
        let a = sched.get(lesson)?.clone();
        let req = self.request(lesson);
        let kind = self.kind(lesson)?;
        let problem = self.problem;
        let name = |id: RequestId| problem.request_key(id).to_owned();
        let free = |id: &RequestId| !touched.contains(id);
        let proposal = |assignment: Assignment,
                        constraint: Constraint,
                        others: Vec<RequestId>,
                        description: String| {
            Some(Proposal {
                lesson,
                assignment,
                constraint,
                others,
                description,
            })
        };
        match m {
            Move::CoachOverlap => {
                let other = *self
                    .overlapping(at, lesson)
                    .iter()
                    .filter(|o| free(o))
                    .collect::<Vec<_>>()
                    .choose(rng)
                    .copied()?;
                let coach = sched.get(other)?.coach;
                let qualified = kind
                    .coach_qualification
                    .as_ref()
                    .is_none_or(|q| self.spec.coaches[coach.index()].qualifications.contains(q));
                if coach == a.coach || !qualified {
                    return None;
                }
                let description = format!(
                    "{} given to {}, who teaches {} then",
                    name(lesson),
                    problem.coach_key(coach),
                    name(other)
                );
                proposal(
                    Assignment { coach, ..a },
                    Constraint::CoachOverlap,
                    vec![other],
                    description,
                )
            }
            Move::HorseOverlap => {
                if kind.horse != HorseNeed::School {
                    return None;
                }
                let other = *self
                    .overlapping(at, lesson)
                    .iter()
                    .filter(|o| free(o))
                    .collect::<Vec<_>>()
                    .choose(rng)
                    .copied()?;
                let horse = (*sched
                    .get(other)?
                    .horses
                    .iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .choose(rng)?)
                .to_owned();
                let j = rng.random_range(0..req.riders.len());
                if a.horses.contains(&Some(horse)) || !self.suits(horse.index(), &req.riders[j]) {
                    return None;
                }
                let mut horses = a.horses.clone();
                horses[j] = Some(horse);
                let description = format!(
                    "{} rides {} in {}, which {} uses then",
                    req.riders[j],
                    problem.horse_key(horse),
                    name(lesson),
                    name(other)
                );
                proposal(
                    Assignment { horses, ..a },
                    Constraint::HorseOverlap,
                    vec![other],
                    description,
                )
            }
            Move::RiderOverlap => {
                // Another lesson of one of the riders, started in place of this one.
                let rider = req.riders.choose(rng)?;
                let others: Vec<&(Interval, RequestId)> = self
                    .placed
                    .iter()
                    .filter(|(i, id)| {
                        *id != lesson
                            && free(id)
                            && i.start.abs_diff(at.start) < 3 * 24 * 60
                            && self.request(*id).riders.contains(rider)
                    })
                    .collect();
                let &&(other_at, other) = others.choose(rng)?;
                let start = other_at.start + 15 * rng.random_range(-2..=2);
                let description = format!(
                    "{} moved to overlap {}, another lesson of {rider}",
                    name(lesson),
                    name(other)
                );
                proposal(
                    Assignment { start, ..a },
                    Constraint::RiderOverlap,
                    vec![other],
                    description,
                )
            }
            Move::ArenaCapacity => {
                let units = self.units(lesson, kind);
                let arenas: Vec<usize> = (0..self.spec.arenas.len())
                    .filter(|&x| {
                        x != a.arena.index()
                            && kind
                                .arena_tags
                                .iter()
                                .all(|t| self.spec.arenas[x].tags.contains(t))
                    })
                    .collect();
                let x = *arenas.choose(rng)?;
                let arena = problem.arena_id(&self.spec.arenas[x].id)?;
                let load: u32 = self
                    .overlapping(at, lesson)
                    .iter()
                    .filter(|o| sched.get(**o).is_some_and(|b| b.arena == arena))
                    .filter_map(|&o| self.kind(o).map(|k| self.units(o, k)))
                    .sum();
                if load + units <= self.spec.arenas[x].capacity {
                    return None;
                }
                let description = format!(
                    "{} moved into the full {}",
                    name(lesson),
                    self.spec.arenas[x].id
                );
                proposal(
                    Assignment { arena, ..a },
                    Constraint::ArenaCapacity,
                    vec![],
                    description,
                )
            }
            Move::ClubClosed => {
                // Past closing time, or on a date the club is closed.
                let axis = problem.time_axis();
                let day = axis.day_of(at.start);
                let weekday = WeekdayKey::from_weekday(axis.weekday(day));
                let hours = self.spec.club.opening_hours.get(&weekday)?;
                let close = hours
                    .iter()
                    .filter_map(|h| paddock_solver::time::parse_time_range(h))
                    .map(|(_, b)| b)
                    .max()?;
                let close = axis.local_minute(day, close);
                let start = if rng.random_bool(0.5) {
                    close - at.len() + 15
                } else {
                    let closed = self
                        .spec
                        .club
                        .closed_dates
                        .choose(rng)
                        .and_then(|d| axis.day_index(*d))?;
                    at.start + (axis.day_interval(closed).start - axis.day_interval(day).start)
                };
                proposal(
                    Assignment { start, ..a },
                    Constraint::ClubClosed,
                    vec![],
                    format!("{} moved outside opening hours", name(lesson)),
                )
            }
            Move::OffSlotGrid => {
                let start = a.start + *[-10, -5, 5, 10].choose(rng)?;
                proposal(
                    Assignment { start, ..a },
                    Constraint::OffSlotGrid,
                    vec![],
                    format!("{} moved off the slot grid", name(lesson)),
                )
            }
            Move::OutsideAllowedWindow => {
                let start = a.start + 15 * *[-4, -3, -2, -1, 1, 2, 3, 4].choose(rng)?;
                let description =
                    format!("{} moved outside the times its riders booked", name(lesson));
                proposal(
                    Assignment { start, ..a },
                    Constraint::OutsideAllowedWindow,
                    vec![],
                    description,
                )
            }
            Move::HorseRestDay => {
                if kind.horse != HorseNeed::School {
                    return None;
                }
                let axis = problem.time_axis();
                let weekday = WeekdayKey::from_weekday(axis.weekday(axis.day_of(at.start)));
                let j = rng.random_range(0..req.riders.len());
                let resting: Vec<usize> = (0..self.spec.horses.len())
                    .filter(|&h| {
                        self.spec.horses[h].rest_weekdays.contains(&weekday)
                            && self.suits(h, &req.riders[j])
                    })
                    .collect();
                let horse = problem.horse_id(&self.spec.horses[*resting.choose(rng)?].id)?;
                let mut horses = a.horses.clone();
                horses[j] = Some(horse);
                let description = format!(
                    "{} rides {} on its rest day in {}",
                    req.riders[j],
                    problem.horse_key(horse),
                    name(lesson)
                );
                proposal(
                    Assignment { horses, ..a },
                    Constraint::HorseUnavailable,
                    vec![],
                    description,
                )
            }
            Move::CoachNotQualified => {
                let q = kind.coach_qualification.as_ref()?;
                let coaches: Vec<usize> = (0..self.spec.coaches.len())
                    .filter(|&c| !self.spec.coaches[c].qualifications.contains(q))
                    .collect();
                let coach = problem.coach_id(&self.spec.coaches[*coaches.choose(rng)?].id)?;
                let description = format!(
                    "{} given to {}, who lacks {q:?}",
                    name(lesson),
                    problem.coach_key(coach)
                );
                proposal(
                    Assignment { coach, ..a },
                    Constraint::CoachNotQualified,
                    vec![],
                    description,
                )
            }
            Move::ArenaUnsuitable => {
                let arenas: Vec<usize> = (0..self.spec.arenas.len())
                    .filter(|&x| {
                        !kind
                            .arena_tags
                            .iter()
                            .all(|t| self.spec.arenas[x].tags.contains(t))
                    })
                    .collect();
                let arena = problem.arena_id(&self.spec.arenas[*arenas.choose(rng)?].id)?;
                let description = format!(
                    "{} moved to {}, which lacks {:?}",
                    name(lesson),
                    problem.arena_key(arena),
                    kind.arena_tags
                );
                proposal(
                    Assignment { arena, ..a },
                    Constraint::ArenaUnsuitable,
                    vec![],
                    description,
                )
            }
            Move::HorseUnsuitable => {
                if kind.horse == HorseNeed::None {
                    return None;
                }
                let j = rng.random_range(0..req.riders.len());
                let own = |h: usize| {
                    kind.horse == HorseNeed::Own
                        && self.spec.horses[h].owner.as_deref() == Some(req.riders[j].as_str())
                };
                let unsuitable: Vec<usize> = (0..self.spec.horses.len())
                    .filter(|&h| !own(h) && !self.suits(h, &req.riders[j]))
                    .collect();
                let horse = problem.horse_id(&self.spec.horses[*unsuitable.choose(rng)?].id)?;
                if a.horses.contains(&Some(horse)) {
                    return None;
                }
                let mut horses = a.horses.clone();
                horses[j] = Some(horse);
                let description = format!(
                    "{} put on {}, which does not suit them, in {}",
                    req.riders[j],
                    problem.horse_key(horse),
                    name(lesson)
                );
                proposal(
                    Assignment { horses, ..a },
                    Constraint::HorseUnsuitable,
                    vec![],
                    description,
                )
            }
        }
    }

    fn units(&self, id: RequestId, kind: &paddock_solver::spec::LessonKindSpec) -> u32 {
        match kind.space {
            paddock_solver::spec::SpaceUse::PerRider(u) => u * self.request(id).riders.len() as u32,
            paddock_solver::spec::SpaceUse::PerLesson(u) => u,
        }
    }
}
