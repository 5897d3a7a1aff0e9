//! The hidden timetable: lessons laid out conflict-free before any request exists.
//!
//! Demand is drawn the way a club sells it — private packages bought by one rider, weekly group
//! courses — and each lesson is placed in its riders' free time on resources the [`Grid`] says
//! are free. A lesson that finds no room is simply never sold, so every request derived later has
//! a known feasible place.

use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand_chacha::ChaCha8Rng;

use crate::calendar::SLOT;
use crate::club::{Club, Hours, KINDS, kind};
use crate::grid::Grid;
use crate::params::Params;

/// One lesson of the hidden timetable.
pub(crate) struct Lesson {
    pub kind: usize,
    pub riders: Vec<usize>,
    /// Aligned with `riders`; `None` for lessons without horses.
    pub horses: Vec<Option<usize>>,
    pub day: u32,
    /// Start slot of the day.
    pub start: u32,
    pub coach: usize,
    pub arena: usize,
    pub series: Option<usize>,
    /// The free window (minutes on `day`) the lesson was booked in.
    pub window: Hours,
}

impl Lesson {
    pub fn start_minute(&self) -> u32 {
        self.start * SLOT
    }

    pub fn end_minute(&self) -> u32 {
        self.start_minute() + KINDS[self.kind].minutes
    }
}

/// A package or a course. Days are offsets from the first day of the horizon and may lie outside
/// it: a package bought last month is still valid this week.
pub(crate) struct Series {
    pub course: bool,
    pub valid_from: i64,
    pub valid_until: i64,
    pub min_days_between: u32,
    pub min_days: Option<u32>,
    pub priority: u32,
    /// Allowed windows of a course reach this many weeks around each lesson.
    pub weeks_around: bool,
}

#[derive(Default)]
pub(crate) struct Timetable {
    pub lessons: Vec<Lesson>,
    pub series: Vec<Series>,
}

/// Most lessons weigh 1 when left out; some riders or packages matter more.
pub(crate) fn priority(rng: &mut ChaCha8Rng) -> u32 {
    match rng.random_range(0..20) {
        0..17 => 1,
        17..19 => rng.random_range(3..=5),
        _ => rng.random_range(6..=10),
    }
}

/// Lays out lessons until the target is reached or the club is full.
pub(crate) fn lay_out(club: &Club, params: &Params, rng: &mut ChaCha8Rng) -> Timetable {
    let mut grid = Grid::new(club);
    let mut tt = Timetable::default();
    let target = params.target_lessons;
    let mut failures = 0usize;
    let patience = (target / 2).max(200);
    while tt.lessons.len() < target && failures < patience {
        let placed = if rng.random_bool(params.group_share) {
            course(club, &mut grid, &mut tt, target, rng)
        } else {
            package(club, &mut grid, &mut tt, target, rng)
        };
        if placed == 0 {
            failures += 1;
        }
    }
    tt
}

/// Aligned start slots at which a lesson of `len` slots fits inside `window` and the club's hours.
fn starts(grid: &Grid, day: u32, window: Hours, len: u32) -> Vec<u32> {
    let first = window.0.div_ceil(SLOT);
    let last = window.1 / SLOT;
    let open = grid.open[day as usize];
    (first..last.saturating_sub(len) + 1)
        .filter(|&s| {
            let need = crate::calendar::slots(s, len);
            s + len <= last && open & need == need
        })
        .collect()
}

/// A private package (or a one-off trial lesson) for one rider.
fn package(
    club: &Club,
    grid: &mut Grid,
    tt: &mut Timetable,
    target: usize,
    rng: &mut ChaCha8Rng,
) -> usize {
    let r = rng.random_range(0..club.riders.len());
    let rider = &club.riders[r];
    let kinds: Vec<usize> = [kind::PRIVATE, kind::DRESSAGE, kind::JUMPING, kind::LUNGE]
        .into_iter()
        .filter(|&k| KINDS[k].levels.contains(&rider.level))
        .collect();
    let k = if rider.own_horse.is_some() && rng.random_bool(0.6) {
        kind::OWN
    } else {
        // Plain private lessons are the bread and butter; specialised ones are rarer.
        if rng.random_bool(0.5) {
            kind::PRIVATE
        } else {
            *kinds.choose(rng).unwrap_or(&kind::PRIVATE)
        }
    };
    let days = club.calendar.days as i64;
    let trial = rng.random_bool(0.08);
    let n: i64 = if trial { 1 } else { rng.random_range(4..=10) };
    let per_week: i64 = match rng.random_range(0..20) {
        0..12 => 1,
        12..19 => 2,
        _ => 3,
    };
    let min_days_between = if !trial && rng.random_bool(0.3) { 2 } else { 0 };
    let length = if trial {
        7
    } else {
        ((n + per_week - 1) / per_week) * 7 + rng.random_range(0..=14)
    };
    let valid_from = rng.random_range(-(length - 1)..days);
    let valid_until = valid_from + length - 1;
    let (lo, hi) = (valid_from.max(0), valid_until.min(days - 1));
    let used_before = (n * (lo - valid_from) / length).min(n - 1);
    let in_horizon = ((per_week * (hi - lo + 1)) as f64 / 7.0).round().max(1.0) as i64;
    let count = (n - used_before).min(in_horizon) as usize;

    let len = KINDS[k].slots();
    let mut candidates: Vec<u32> = (lo as u32..=hi as u32)
        .filter(|&d| {
            rider
                .free
                .iter()
                .any(|(w, _)| *w == club.calendar.weekday(d))
                && grid.open[d as usize] != 0
        })
        .collect();
    candidates.shuffle(rng);
    let series = tt.series.len();
    let mut placed_days: Vec<u32> = Vec::new();
    let gap = min_days_between.max(1);
    let mut preferred_coach = rider.preferred_coaches.first().copied();
    let mut lessons = Vec::new();
    for i in 0..count {
        if tt.lessons.len() + lessons.len() >= target {
            break;
        }
        // Spread the package over its validity: aim at an evenly spaced day, take the nearest free.
        let aim = lo as f64 + (i as f64 + 0.5) * (hi - lo + 1) as f64 / count as f64;
        candidates.sort_by(|a, b| {
            (f64::from(*a) - aim)
                .abs()
                .total_cmp(&(f64::from(*b) - aim).abs())
        });
        let mut done = false;
        let days: Vec<u32> = candidates
            .iter()
            .copied()
            .filter(|&d| placed_days.iter().all(|&p| p.abs_diff(d) >= gap))
            .take(5)
            .collect();
        for day in days {
            let windows: Vec<Hours> = rider
                .free
                .iter()
                .filter(|(w, _)| *w == club.calendar.weekday(day))
                .map(|(_, h)| *h)
                .collect();
            for window in windows {
                let mut options = starts(grid, day, window, len);
                options.shuffle(rng);
                for &start in options.iter().take(8) {
                    if let Some(fit) = grid.find(k, &[r], day, start, preferred_coach, rng) {
                        grid.commit(k, &[r], day, start, &fit);
                        placed_days.push(day);
                        // Riders keep the coach they started the package with when possible.
                        preferred_coach = Some(fit.coach);
                        lessons.push(Lesson {
                            kind: k,
                            riders: vec![r],
                            horses: fit.horses,
                            day,
                            start,
                            coach: fit.coach,
                            arena: fit.arena,
                            series: (!trial).then_some(series),
                            window,
                        });
                        done = true;
                        break;
                    }
                }
                if done {
                    break;
                }
            }
            if done {
                break;
            }
        }
    }
    let placed = lessons.len();
    if placed > 0 && !trial {
        tt.series.push(Series {
            course: false,
            valid_from,
            valid_until,
            min_days_between,
            min_days: rng.random_bool(0.3).then_some(placed as u32),
            priority: priority(rng),
            weeks_around: false,
        });
    }
    tt.lessons.extend(lessons);
    placed
}

/// A weekly group course: a fixed weekday and time, riders of matching level free then.
fn course(
    club: &Club,
    grid: &mut Grid,
    tt: &mut Timetable,
    target: usize,
    rng: &mut ChaCha8Rng,
) -> usize {
    let k = *[
        kind::BEGINNER_GROUP,
        kind::BEGINNER_GROUP,
        kind::DRESSAGE_GROUP,
        kind::JUMPING_GROUP,
        kind::THEORY,
    ]
    .choose(rng)
    .unwrap_or(&kind::BEGINNER_GROUP);
    let kd = &KINDS[k];
    let len = kd.slots();
    let cal = &club.calendar;
    let days = cal.days;
    // The seed rider decides the weekday and time; others who are free then join.
    let Some(seed) = (0..20)
        .map(|_| rng.random_range(0..club.riders.len()))
        .find(|&r| kd.levels.contains(&club.riders[r].level))
    else {
        return 0;
    };
    let Some(&(weekday, window)) = club.riders[seed].free.choose(rng) else {
        return 0;
    };
    let Some(first) = (0..days.min(7)).find(|&d| cal.weekday(d) == weekday) else {
        return 0;
    };
    let Some(&start) = starts(grid, first, window, len).choose(rng) else {
        return 0;
    };
    let (from, to) = (start * SLOT, start * SLOT + kd.minutes);
    // Look among a sample of the members, not all of them: enough to fill a group, and it keeps a
    // club of ten thousand riders fast.
    let mut sample: Vec<usize> = (0..club.riders.len().min(600))
        .map(|_| rng.random_range(0..club.riders.len()))
        .collect();
    sample.sort_unstable();
    sample.dedup();
    let mut members: Vec<(usize, Hours)> = sample
        .into_iter()
        .map(|r| (r, &club.riders[r]))
        .filter(|(r, rider)| {
            kd.levels.contains(&rider.level)
                && (kd.horse != paddock_solver::spec::HorseNeed::School
                    || !grid.rider_horses[*r].is_empty())
        })
        .filter_map(|(r, rider)| {
            rider
                .free
                .iter()
                .find(|(w, h)| *w == weekday && h.0 <= from && to <= h.1)
                .map(|(_, h)| (r, *h))
        })
        .collect();
    members.shuffle(rng);
    members.truncate(rng.random_range(kd.min_riders..=kd.max_riders) as usize);
    if members.len() < kd.min_riders as usize {
        return 0;
    }
    // The course's window is the part of the day all members are free.
    let common = members
        .iter()
        .fold(window, |(a, b), (_, (x, y))| (a.max(*x), b.min(*y)));
    let weeks: i64 = rng.random_range(4..=10);
    let weeks_before = rng.random_range(0..weeks);
    let valid_from = i64::from(first) - 7 * weeks_before;
    let valid_until = valid_from + 7 * (weeks - 1) + rng.random_range(0..=6);
    let series = tt.series.len();
    let mut lessons = Vec::new();
    let mut coach = None;
    let mut day = first;
    while day < days && i64::from(day) <= valid_until {
        if tt.lessons.len() + lessons.len() >= target {
            break;
        }
        // Now and then somebody misses a week.
        let attending: Vec<usize> = members
            .iter()
            .map(|&(r, _)| r)
            .filter(|_| rng.random_bool(0.92))
            .collect();
        if attending.len() >= kd.min_riders as usize {
            let mut options = starts(grid, day, common, len);
            options.sort_by_key(|&s| s.abs_diff(start));
            for &s in options.iter().take(4) {
                let free: Vec<usize> = attending
                    .iter()
                    .copied()
                    .filter(|&r| grid.riders_free(&[r], day, s, len))
                    .collect();
                if free.len() < kd.min_riders as usize {
                    continue;
                }
                if let Some(fit) = grid.find(k, &free, day, s, coach, rng) {
                    grid.commit(k, &free, day, s, &fit);
                    coach = Some(fit.coach);
                    lessons.push(Lesson {
                        kind: k,
                        horses: fit.horses,
                        riders: free,
                        day,
                        start: s,
                        coach: fit.coach,
                        arena: fit.arena,
                        series: Some(series),
                        window: common,
                    });
                    break;
                }
            }
        }
        day += 7;
    }
    let placed = lessons.len();
    if placed > 0 {
        tt.series.push(Series {
            course: true,
            valid_from,
            valid_until,
            min_days_between: 0,
            min_days: None,
            priority: priority(rng),
            weeks_around: rng.random_bool(0.5),
        });
    }
    tt.lessons.extend(lessons);
    placed
}
