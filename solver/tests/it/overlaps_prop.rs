//! `check`'s overlap and capacity conflicts equal those of a brute-force reference checker.
//!
//! The reference follows the documented semantics: each pair of lessons sharing a coach, a rider
//! or a horse and overlapping in time is one conflict (a horse given to two riders of one lesson
//! pairs the lesson with itself; two lessons sharing two riders are two conflicts), over the
//! pair's common time. Arena capacity is checked minute by minute within each local day: each
//! maximal stretch of overload in a day is one conflict naming every lesson in the arena during
//! the stretch.

use paddock_solver::Constraint;
use paddock_solver::check;
use paddock_solver::time::Minute;
use proptest::prelude::*;

use crate::clubs::{self, Club, PAIRWISE};

/// A conflict as compared: constraint, sorted lesson keys, and the time concerned in minutes.
type Key = (Constraint, Vec<String>, Minute, Minute);

fn key(constraint: Constraint, mut lessons: Vec<String>, start: Minute, end: Minute) -> Key {
    lessons.sort();
    (constraint, lessons, start, end)
}

pub fn reference(club: &Club) -> Vec<Key> {
    let placed = &club.placed;
    let mut out = Vec::new();
    for (i, a) in placed.iter().enumerate() {
        for b in &placed[i + 1..] {
            let (start, end) = (a.start.max(b.start), a.end.min(b.end));
            if start >= end {
                continue;
            }
            let pair = || vec![a.key.clone(), b.key.clone()];
            if a.coach == b.coach {
                out.push(key(Constraint::CoachOverlap, pair(), start, end));
            }
            for _shared in a.riders.iter().filter(|r| b.riders.contains(r)) {
                out.push(key(Constraint::RiderOverlap, pair(), start, end));
            }
        }
    }
    // Horses: every pair of (lesson, rider) seats on the same horse at the same time, including
    // two seats of one lesson.
    let seats: Vec<(usize, usize)> = placed
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.horses.iter().flatten().map(move |&h| (i, h)))
        .collect();
    for (s, &(i, h)) in seats.iter().enumerate() {
        for &(j, g) in &seats[s + 1..] {
            let (a, b) = (&placed[i], &placed[j]);
            let (start, end) = (a.start.max(b.start), a.end.min(b.end));
            if h == g && start < end {
                out.push(key(
                    Constraint::HorseOverlap,
                    vec![a.key.clone(), b.key.clone()],
                    start,
                    end,
                ));
            }
        }
    }
    let axis = club.problem.time_axis();
    for (arena, &capacity) in club.capacities.iter().enumerate() {
        let here: Vec<_> = placed.iter().filter(|p| p.arena == arena).collect();
        for d in 0..axis.days() {
            // The first and last day buckets also answer for minutes before and after the
            // horizon, so an overload there is reported whole.
            let mut day = axis.day_interval(d);
            if d == 0 {
                day.start = here
                    .iter()
                    .map(|p| p.start)
                    .min()
                    .unwrap_or(day.start)
                    .min(day.start);
            }
            if d + 1 == axis.days() {
                day.end = here
                    .iter()
                    .map(|p| p.end)
                    .max()
                    .unwrap_or(day.end)
                    .max(day.end);
            }
            let load = |t: Minute| {
                here.iter()
                    .filter(|p| p.start <= t && t < p.end)
                    .map(|p| p.units)
                    .sum::<u32>()
            };
            let mut t = day.start;
            while t < day.end {
                if load(t) <= capacity {
                    t += 1;
                    continue;
                }
                let from = t;
                while t < day.end && load(t) > capacity {
                    t += 1;
                }
                let lessons = here
                    .iter()
                    .filter(|p| p.start < t && from < p.end)
                    .map(|p| p.key.clone())
                    .collect();
                out.push(key(Constraint::ArenaCapacity, lessons, from, t));
            }
        }
    }
    out.sort();
    out
}

pub fn reported(club: &Club) -> Vec<Key> {
    let axis = club.problem.time_axis();
    let minute = |t: Option<chrono::DateTime<chrono::Utc>>| {
        axis.minute(t.expect("overlaps have a time")) as Minute
    };
    let mut out: Vec<Key> = check(&club.problem, &club.schedule)
        .conflicts
        .into_iter()
        .filter(|c| PAIRWISE.contains(&c.constraint))
        .map(|c| key(c.constraint, c.lessons, minute(c.start), minute(c.end)))
        .collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::cases(256)))]

    #[test]
    fn overlaps_and_capacity_match_a_brute_force_checker(raw in clubs::raw_club(4)) {
        let spec = clubs::base_spec(&raw, "00:00-24:00");
        let club = clubs::build(&raw, spec, 15, true);
        prop_assert_eq!(reported(&club), reference(&club));
    }
}
