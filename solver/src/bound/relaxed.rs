//! A bound for any number of requests, from relaxations that forget how lessons meet in time.
//!
//! The MILP bounds a few dozen requests; a club's week is hundreds or thousands, one component
//! once members may come on several days. What every schedule placing all of them still pays:
//!
//! - each lesson on its own: the cheapest of its possible starts for preferred time, preferred
//!   coach and arena size, as if nothing else were booked;
//! - the horses: every rider of every lesson needs a suitable horse on one of the lesson's days,
//!   and a horse's lessons of a day cost 0, 1, 2, … more pairs each (`horse_workload`), within
//!   its daily limit. The cheapest such assignment, with the riders' preferred horses priced
//!   in, is a minimum-cost flow from rides to horse-days. Rides with the same horses, days and
//!   preference are one node, so the network stays small;
//! - each package: its distinct days (`series_min_days`) and spread at the best choice of a day
//!   for each lesson, one coach for all its lessons weighed against the continuity
//!   cost of several (a member's preferred coach may not be free for every lesson), and an extra
//!   arena or horse where no one suits all its lessons.
//!
//! Each soft constraint is counted by one part only and each part is a relaxation, so the sum
//! bounds every schedule that places all the requests whose leaving out costs anything. Costs
//! that only arise from lessons competing for the same time (a coach's idle slots, preferred
//! times two members share) are not seen: the bound is weak where those dominate.

use std::collections::{BTreeMap, BTreeSet};

use super::flow::FlowNetwork;
use crate::Problem;
use crate::ids::{ArenaId, CoachId, HorseId, RequestId, RiderId, SeriesId};
use crate::model::{Arena, Request};
use crate::schedule::{Assignment, Schedule};
use crate::score::{Constraint, Score, series_score};
use crate::solve::domain::Domain;
use crate::spec::{HorseNeed, WelfareMode};
use crate::time::{Interval, Minute};

/// How many requests or packages are handled between two questions to the stop check.
const STOP_CHECK_EVERY: usize = 256;

/// Bounds the score, counted over `requests` alone (their lessons, their horses' days and the
/// packages all of whose lessons are among them), of every schedule of them. `None` when `stop`
/// says so first (it is asked every few hundred requests and every round of the flow: a club of
/// 50 000 lessons takes seconds).
pub(crate) fn relaxed_bound(
    problem: &Problem,
    domain: &Domain,
    requests: &[RequestId],
    stop: &dyn Fn() -> bool,
) -> Option<Score> {
    let left_out_cost = |r: RequestId| {
        problem.weights.get(Constraint::Unassigned) * i64::from(problem.request(r).priority)
    };
    let never_placed: i64 = requests
        .iter()
        .filter(|&&r| domain.starts(r).is_empty())
        .map(|&r| left_out_cost(r))
        .sum();
    // Requests that cost nothing to leave out may be, and then cost nothing at all.
    let placed: Vec<RequestId> = requests
        .iter()
        .copied()
        .filter(|&r| !domain.starts(r).is_empty() && left_out_cost(r) > 0)
        .collect();
    let mut reach: Vec<Reach> = Vec::with_capacity(placed.len());
    for chunk in placed.chunks(STOP_CHECK_EVERY) {
        if stop() {
            return None;
        }
        reach.extend(chunk.iter().map(|&r| Reach::of(problem, domain, r)));
    }

    let Some(horses) = horse_bound(problem, &placed, &reach, stop)? else {
        // The horses cannot carry every rider: some lesson needing them stays unplaced.
        let least = placed
            .iter()
            .filter(|&&r| problem.request(r).horse_need != HorseNeed::None)
            .map(|&r| left_out_cost(r))
            .min()
            .unwrap_or(0);
        return Some(Score {
            hard: 0,
            unassigned: never_placed + least,
            soft: 0,
        });
    };
    let lessons: i64 = reach.iter().map(|r| r.cheapest).sum();
    let series = series_bound(problem, &placed, &reach, stop)?;
    Some(Score {
        hard: 0,
        unassigned: never_placed,
        soft: lessons + horses + series,
    })
}

/// What one request can use at all, and its cheapest lesson on its own.
struct Reach {
    request: RequestId,
    /// Its possible days, ascending.
    days: Vec<usize>,
    /// Its first start on each of those days.
    day_starts: Vec<Minute>,
    /// Per coach free at one of its starts at least, ascending: its cheapest lesson with that
    /// coach (preferred time, preferred coach, arena size, and the preferred horses of a lesson
    /// without horses). Only for the lessons of a package (empty otherwise).
    by_coach: Vec<(CoachId, i64)>,
    /// Arenas free at one of its starts at least; only for the lessons of a package.
    arenas: Vec<ArenaId>,
    /// Its cheapest lesson with any coach.
    cheapest: i64,
}

impl Reach {
    fn of(problem: &Problem, domain: &Domain, id: RequestId) -> Self {
        let req = problem.request(id);
        let in_package = req
            .series
            .is_some_and(|s| problem.series[s.index()].requests.len() >= 2);
        if in_package {
            Self::with_choices(problem, domain, id)
        } else {
            Self::alone(problem, domain, id)
        }
    }

    /// A lesson in no package (or alone in one): only its days and cheapest start matter, and
    /// one look per start at its preferred coach and at the arenas in best-fit order (seating
    /// everybody first, then the most seats) finds that start's cost. A club of 50 000 lessons
    /// with 300 coaches would otherwise check every coach and arena at every start.
    fn alone(problem: &Problem, domain: &Domain, id: RequestId) -> Self {
        let w = |c: Constraint| problem.weights.get(c);
        let req = problem.request(id);
        let arena_order: Vec<ArenaId> = match req.pins.arena {
            Some(a) => vec![a],
            None => req.arena_order.to_vec(),
        };
        let preferred_coach_allowed = req.preferred_coach.filter(|&p| match req.pins.coach {
            Some(c) => c == p,
            None => req.coach_candidates.contains(&p),
        });
        let mut days: BTreeMap<usize, Minute> = BTreeMap::new();
        let mut cheapest = i64::MAX;
        for &start in domain.starts(id) {
            let at = Interval::new(start, start + req.duration);
            days.entry(problem.axis.day_of(start)).or_insert(start);
            let Some(arena) = arena_order
                .iter()
                .map(|a| &problem.arenas[a.index()])
                .find(|a| a.available.contains(at))
            else {
                continue;
            };
            let mut cost = seats_short(problem, req, arena) + time_missed(problem, req, at);
            let preferred_free = preferred_coach_allowed
                .is_some_and(|p| problem.coaches[p.index()].available.contains(at));
            if req.preferred_coach.is_some() && !preferred_free {
                cost += w(Constraint::PreferredCoach);
            }
            cheapest = cheapest.min(cost);
        }
        if cheapest == i64::MAX {
            cheapest = 0;
        }
        cheapest += horses_missed(problem, req);
        Self {
            request: id,
            days: days.keys().copied().collect(),
            day_starts: days.values().copied().collect(),
            by_coach: Vec::new(),
            arenas: Vec::new(),
            cheapest,
        }
    }

    /// A lesson of a package: its cheapest start with each coach, and every arena it could have,
    /// for the package's continuity.
    fn with_choices(problem: &Problem, domain: &Domain, id: RequestId) -> Self {
        let w = |c: Constraint| problem.weights.get(c);
        let req = problem.request(id);
        let coach_choice: Vec<CoachId> = match req.pins.coach {
            Some(c) => vec![c],
            None => req.coach_candidates.to_vec(),
        };
        let arena_choice: Vec<ArenaId> = match req.pins.arena {
            Some(a) => vec![a],
            None => req.arena_candidates.to_vec(),
        };
        let mut days: BTreeMap<usize, Minute> = BTreeMap::new();
        let mut by_coach: BTreeMap<CoachId, i64> = BTreeMap::new();
        let mut arenas = BTreeSet::new();
        for &start in domain.starts(id) {
            let at = Interval::new(start, start + req.duration);
            days.entry(problem.axis.day_of(start)).or_insert(start);
            let mut arena_cost = i64::MAX;
            for &a in &arena_choice {
                let arena = &problem.arenas[a.index()];
                if arena.available.contains(at) {
                    arenas.insert(a);
                    arena_cost = arena_cost.min(seats_short(problem, req, arena));
                }
            }
            if arena_cost == i64::MAX {
                continue; // the domain keeps only starts with an arena free: not reached
            }
            let cost = arena_cost + time_missed(problem, req, at);
            for &c in &coach_choice {
                if problem.coaches[c.index()].available.contains(at) {
                    let missed = req.preferred_coach.is_some_and(|p| p != c);
                    let with_coach = cost + i64::from(missed) * w(Constraint::PreferredCoach);
                    let best = by_coach.entry(c).or_insert(i64::MAX);
                    *best = (*best).min(with_coach);
                }
            }
        }
        let horses = horses_missed(problem, req);
        for cost in by_coach.values_mut() {
            *cost += horses;
        }
        let cheapest = by_coach.values().copied().min().unwrap_or(0);
        Self {
            request: id,
            days: days.keys().copied().collect(),
            day_starts: days.values().copied().collect(),
            by_coach: by_coach.into_iter().collect(),
            arenas: arenas.into_iter().collect(),
            cheapest,
        }
    }

    /// Its cheapest lesson with `coach`, if that coach is ever free for it.
    fn with_coach(&self, coach: CoachId) -> Option<i64> {
        self.by_coach
            .binary_search_by_key(&coach, |&(c, _)| c)
            .ok()
            .map(|i| self.by_coach[i].1)
    }
}

/// `arena_size`: the people a lesson seats beyond what `arena` seats comfortably.
fn seats_short(problem: &Problem, req: &Request, arena: &Arena) -> i64 {
    let over = arena
        .seats
        .map_or(0, |s| (i64::from(req.headcount) - i64::from(s)).max(0));
    over * problem.weights.get(Constraint::ArenaSize)
}

/// `preferred_time` of a lesson held during `at`.
fn time_missed(problem: &Problem, req: &Request, at: Interval) -> i64 {
    if !req.preferred.is_empty() && !req.preferred.contains(at) {
        problem.weights.get(Constraint::PreferredTime)
    } else {
        0
    }
}

/// `preferred_horse` of a lesson without horses: every wish is missed (lessons with horses are
/// the flow's).
fn horses_missed(problem: &Problem, req: &Request) -> i64 {
    if req.horse_need == HorseNeed::None {
        req.preferred_horses.iter().flatten().count() as i64
            * problem.weights.get(Constraint::PreferredHorse)
    } else {
        0
    }
}

/// The horses a request's rider `j` may have: the pinned one, or its candidates.
fn horse_choice(problem: &Problem, id: RequestId, j: usize) -> Vec<HorseId> {
    let req = problem.request(id);
    match req.pins.horses.get(j).copied().flatten() {
        Some(h) => vec![h],
        None => req.horse_candidates[j].to_vec(),
    }
}

/// Rides alike: the horses they may have, their days, the horse wished for.
type RideKind<'r> = (Vec<HorseId>, &'r [usize], Option<HorseId>);

/// The least `horse_workload` and `preferred_horse` (of lessons with horses) of any assignment of
/// a horse to every ride, each on one of its lesson's days (`Some(None)`: no assignment carries
/// all; `None`: stopped).
fn horse_bound(
    problem: &Problem,
    placed: &[RequestId],
    reach: &[Reach],
    stop: &dyn Fn() -> bool,
) -> Option<Option<i64>> {
    let workload = problem.weights.get(Constraint::HorseWorkload);
    let preferred = problem.weights.get(Constraint::PreferredHorse);
    // Rides alike in horses, days and preferred horse, counted.
    let mut kinds: BTreeMap<RideKind, i64> = BTreeMap::new();
    for (&id, reach) in placed.iter().zip(reach) {
        let req = problem.request(id);
        if req.horse_need == HorseNeed::None {
            continue;
        }
        for j in 0..req.riders.len() {
            let wish = req.preferred_horses.get(j).copied().flatten();
            let key = (horse_choice(problem, id, j), reach.days.as_slice(), wish);
            *kinds.entry(key).or_default() += 1;
        }
    }
    if kinds.is_empty() {
        return Some(Some(0));
    }
    let rides: i64 = kinds.values().sum();
    let works_on = |h: HorseId, day: usize| {
        problem.horses[h.index()]
            .available
            .overlaps(problem.axis.day_interval(day))
    };

    // Nodes: source 0 and sink 1, then each kind of ride, each (horse set, day) the kinds reach
    // and each horse-day. A kind goes to its horse set on each of its days, paying for a wish it
    // may miss there, and straight to its wished horse's day for nothing: far fewer arcs than
    // one from every kind to every horse-day.
    let mut next_node = 2 + kinds.len();
    let mut new_node = || {
        next_node += 1;
        next_node - 1
    };
    let mut set_days: BTreeMap<(&[HorseId], usize), (usize, i64)> = BTreeMap::new();
    let mut horse_days: BTreeMap<(HorseId, usize), (usize, i64)> = BTreeMap::new();
    let mut arcs: Vec<(usize, usize, i64, i64)> = Vec::new();
    for (k, ((horses, days, wish), &count)) in kinds.iter().enumerate() {
        let miss = if wish.is_some() { preferred } else { 0 };
        for &day in *days {
            let set_day = set_days
                .entry((horses.as_slice(), day))
                .or_insert_with(|| (new_node(), 0));
            set_day.1 += count;
            arcs.push((2 + k, set_day.0, count, miss));
            if let Some(p) = wish.filter(|p| horses.contains(p) && works_on(*p, day)) {
                let horse_day = horse_days
                    .entry((p, day))
                    .or_insert_with(|| (new_node(), 0));
                horse_day.1 += count;
                arcs.push((2 + k, horse_day.0, count, 0));
            }
        }
    }
    for (&(horses, day), &(set_day, count)) in &set_days {
        for &h in horses.iter().filter(|&&h| works_on(h, day)) {
            let horse_day = horse_days
                .entry((h, day))
                .or_insert_with(|| (new_node(), 0));
            horse_day.1 += count;
            arcs.push((set_day, horse_day.0, count, 0));
        }
    }
    let mut network = FlowNetwork::new(next_node);
    for (k, &count) in kinds.values().enumerate() {
        network.add_arc(0, 2 + k, count, 0);
    }
    for (from, to, count, cost) in arcs {
        network.add_arc(from, to, count, cost);
    }
    for (&(h, day), &(horse_day, reaching)) in &horse_days {
        // A horse's lessons never overlap, so no two start on the same slot of its day (welfare
        // limits aside): this keeps the arcs few where the limits are only warnings.
        let day_span = problem.axis.day_interval(day);
        let mut limit = i64::from((day_span.end - day_span.start) / problem.slot + 1);
        if problem.welfare == WelfareMode::Hard {
            if let Some(most) = problem.horses[h.index()].max_lessons_per_day {
                limit = limit.min(i64::from(most));
            }
        }
        // The k-th lesson of a horse's day makes k more pairs (`reaching` may count a ride
        // twice, by its set and by its wish: only a cap on the arcs worth adding).
        for k in 0..limit.min(reaching) {
            network.add_arc(horse_day, 1, 1, k * workload);
        }
    }
    let flow = network.min_cost_max_flow(0, 1, stop)?;
    Some((flow.units == rides).then_some(flow.cost))
}

/// What the packages wholly among `placed` cost at least (`None`: stopped).
fn series_bound(
    problem: &Problem,
    placed: &[RequestId],
    reach: &[Reach],
    stop: &dyn Fn() -> bool,
) -> Option<i64> {
    let w = |c: Constraint| problem.weights.get(c);
    let index: BTreeMap<RequestId, usize> =
        placed.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let mut on_days = Schedule::empty(problem);
    let mut total = 0;
    for s in 0..problem.series.len() {
        if s % STOP_CHECK_EVERY == 0 && stop() {
            return None;
        }
        let series = &problem.series[s];
        let Some(members): Option<Vec<&Reach>> = series
            .requests
            .iter()
            .map(|r| index.get(r).map(|&i| &reach[i]))
            .collect()
        else {
            continue;
        };
        if members.is_empty() {
            continue;
        }
        total += days_bound(problem, SeriesId::from_index(s), &members, &mut on_days);
        if members.len() < 2 {
            continue;
        }
        total += coach_continuity(problem, &members);
        let arenas: Vec<&[ArenaId]> = members.iter().map(|m| m.arenas.as_slice()).collect();
        if !share_one(&arenas) {
            total += w(Constraint::ArenaStability);
        }
        total += horse_continuity(problem, &members) * w(Constraint::HorseContinuity);
    }
    Some(total)
}

/// Day choices of a package tried one by one up to this many; beyond, only its reachable days
/// count.
const MAX_DAY_CHOICES: usize = 512;

/// What a package's days cost at least (`series_min_days`, `series_spread`): the least over every
/// choice of a day for each lesson that keeps the hard spacing rules, each lesson at its first
/// start that day with one coach and arena and no horses (continuity is bounded apart). Too many
/// choices: the days its lessons can reach against its minimum.
fn days_bound(
    problem: &Problem,
    series: SeriesId,
    members: &[&Reach],
    on_days: &mut Schedule,
) -> i64 {
    let choices = members
        .iter()
        .try_fold(1usize, |n, m| n.checked_mul(m.days.len()))
        .filter(|&n| n <= MAX_DAY_CHOICES);
    let Some(choices) = choices else {
        let Some(min_days) = problem.series[series.index()].min_days else {
            return 0;
        };
        let reachable: BTreeSet<usize> = members
            .iter()
            .flat_map(|m| m.days.iter().copied())
            .collect();
        let most = reachable.len().min(members.len()) as i64;
        return (i64::from(min_days) - most).max(0)
            * problem.weights.get(Constraint::SeriesMinDays);
    };
    let mut least: Option<i64> = None;
    for mut choice in 0..choices {
        for m in members {
            let day = choice % m.days.len();
            choice /= m.days.len();
            on_days.assign(
                m.request,
                Assignment {
                    start: m.day_starts[day],
                    coach: CoachId::from_index(0),
                    arena: ArenaId::from_index(0),
                    horses: Vec::new(),
                },
            );
        }
        let score = series_score(problem, series, on_days);
        if score.hard == 0 {
            least = Some(least.map_or(score.soft, |l| l.min(score.soft)));
        }
    }
    // No choice keeps the spacing rules: every schedule placing them all breaks one (a hard
    // cost this soft bound does not count).
    least.unwrap_or(0)
}

/// What a package's lessons pay beyond each one's cheapest for sharing a coach: either one coach
/// teaches them all (each at its cheapest with that coach), or two or more do and continuity
/// costs at least once. The lessons' own cheapest costs are already counted.
fn coach_continuity(problem: &Problem, members: &[&Reach]) -> i64 {
    let each_cheapest: i64 = members.iter().map(|m| m.cheapest).sum();
    let one_coach = members[0]
        .by_coach
        .iter()
        .filter_map(|&(c, _)| members.iter().map(|m| m.with_coach(c)).sum::<Option<i64>>())
        .min();
    let several = each_cheapest + problem.weights.get(Constraint::CoachContinuity);
    one_coach.map_or(several, |one| one.min(several)) - each_cheapest
}

/// Riders of a package who ride in two or more of its lessons with no one horse suiting them in
/// all: each rides at least two horses.
fn horse_continuity(problem: &Problem, members: &[&Reach]) -> i64 {
    let mut by_rider: BTreeMap<RiderId, Vec<Vec<HorseId>>> = BTreeMap::new();
    for m in members {
        let req = problem.request(m.request);
        if req.horse_need == HorseNeed::None {
            continue;
        }
        for (j, &rider) in req.riders.iter().enumerate() {
            by_rider
                .entry(rider)
                .or_default()
                .push(horse_choice(problem, m.request, j));
        }
    }
    by_rider
        .values()
        .filter(|sets| sets.len() >= 2)
        .filter(|sets| !share_one(&sets.iter().map(Vec::as_slice).collect::<Vec<_>>()))
        .count() as i64
}

/// Whether one item is in every one of `sets` (each sorted ascending, as the reach and horse
/// lists are).
fn share_one<T: Ord>(sets: &[&[T]]) -> bool {
    sets[0]
        .iter()
        .any(|x| sets[1..].iter().all(|set| set.binary_search(x).is_ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The short way for lessons outside packages finds the same days and cheapest start as
    /// looking at every coach and arena.
    #[test]
    fn a_lesson_alone_costs_what_looking_at_every_choice_finds() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/club-m.json");
        let text = std::fs::read_to_string(path).expect("the fixture is readable");
        let problem = Problem::new(serde_json::from_str(&text).expect("valid JSON"))
            .expect("a valid problem");
        let domain = Domain::new(&problem);
        let mut costly = 0;
        for id in problem.request_ids() {
            let alone = Reach::alone(&problem, &domain, id);
            let full = Reach::with_choices(&problem, &domain, id);
            assert_eq!(alone.days, full.days, "{}", problem.request_key(id));
            assert_eq!(alone.day_starts, full.day_starts);
            assert_eq!(alone.cheapest, full.cheapest, "{}", problem.request_key(id));
            costly += usize::from(alone.cheapest > 0);
        }
        assert!(costly > 50, "only {costly} lessons cost anything alone");
    }
}
