//! The official ITC-2007 Track 3 validator (version 1.1, Schaerf and Di Gaspero), rule for rule.
//!
//! The validator keeps a (course × period) matrix holding the room of the course's lecture in
//! that period, so a course has at most one lecture per period: a second entry for the same course
//! and period is skipped with a warning, and so is an entry naming an unknown course or room or a
//! day or period out of range. Everything is then counted on that matrix:
//!
//! - hard, summed as "violations": missing or extra lectures per course (|scheduled − required|);
//!   for every pair of conflicting courses (same teacher or a shared curriculum; a pair counts
//!   once however many reasons it has) every period where both have a lecture; every lecture in
//!   an unavailable period; every lecture beyond the first in a room and period;
//! - soft, the "UD2" costs: students over capacity per lecture (×1); days short of the minimum
//!   working days per course (×5, also for a course with no lecture at all); lectures of a
//!   curriculum in a period with no lecture of the curriculum in an adjacent period of the same
//!   day (×2, counting every lecture of the curriculum in that period); rooms beyond the first
//!   per course (×1).

use std::collections::HashSet;

use serde::Serialize;

use crate::ctt::Instance;
use crate::sol::Solution;

/// Weight of one day short of a course's minimum working days.
pub const MIN_WORKING_DAYS_WEIGHT: u64 = 5;
/// Weight of one isolated lecture of a curriculum.
pub const CURRICULUM_COMPACTNESS_WEIGHT: u64 = 2;
/// Weight of one room beyond the first used by a course.
pub const ROOM_STABILITY_WEIGHT: u64 = 1;

/// What the official validator reports for a solution. Soft costs are already weighted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Hard: lectures missing or in excess, summed over courses.
    pub lectures: u64,
    /// Hard: (conflicting course pair, period) with both courses taught.
    pub conflicts: u64,
    /// Hard: lectures in a period unavailable to their course.
    pub availability: u64,
    /// Hard: lectures beyond the first in one room and period.
    pub room_occupation: u64,
    /// Soft: students over room capacity, summed over lectures (weight 1).
    pub room_capacity: u64,
    /// Soft: 5 × days short of each course's minimum working days.
    pub min_working_days: u64,
    /// Soft: 2 × isolated lectures, counted per curriculum.
    pub curriculum_compactness: u64,
    /// Soft: 1 × rooms beyond the first, per course.
    pub room_stability: u64,
    /// Entries the validator skips with a warning (a course twice in one period, or an index out
    /// of range in a solution built in code).
    pub skipped: u64,
}

impl Report {
    /// The validator's "Violations": the sum of the hard counts.
    pub fn violations(&self) -> u64 {
        self.lectures + self.conflicts + self.availability + self.room_occupation
    }

    /// The validator's "Total Cost": the sum of the weighted soft costs.
    pub fn total_cost(&self) -> u64 {
        self.room_capacity
            + self.min_working_days
            + self.curriculum_compactness
            + self.room_stability
    }

    /// Whether every hard constraint holds.
    pub fn is_feasible(&self) -> bool {
        self.violations() == 0
    }
}

/// Scores `solution` on `instance` exactly as the official validator does.
pub fn score(instance: &Instance, solution: &Solution) -> Report {
    let courses = instance.courses.len();
    let ppd = instance.periods_per_day as usize;
    let periods = instance.periods();
    let mut report = Report::default();

    // The validator's matrix: the room (plus one; 0 = no lecture) per course and period.
    let mut tt = vec![0u32; courses * periods];
    for p in &solution.lectures {
        let valid = p.course.index() < courses
            && p.room.index() < instance.rooms.len()
            && p.day < instance.days
            && p.period < instance.periods_per_day;
        let at = p.course.index() * periods + p.day as usize * ppd + p.period as usize;
        if !valid || tt[at] != 0 {
            report.skipped += 1;
            continue;
        }
        tt[at] = p.room.0 + 1;
    }
    let room_of = |c: usize, p: usize| tt[c * periods + p].checked_sub(1).map(|r| r as usize);

    let mut room_lectures = vec![0u64; instance.rooms.len() * periods];
    for c in 0..courses {
        let course = &instance.courses[c];
        let mut days = vec![false; instance.days as usize];
        let mut rooms: Vec<usize> = Vec::new();
        let mut scheduled = 0u64;
        for p in 0..periods {
            let Some(r) = room_of(c, p) else { continue };
            scheduled += 1;
            room_lectures[r * periods + p] += 1;
            days[p / ppd] = true;
            if !rooms.contains(&r) {
                rooms.push(r);
            }
            report.room_capacity +=
                u64::from(course.students.saturating_sub(instance.rooms[r].capacity));
        }
        report.lectures += scheduled.abs_diff(u64::from(course.lectures));
        let working_days = days.iter().filter(|&&d| d).count() as u64;
        report.min_working_days += u64::from(course.min_working_days).saturating_sub(working_days)
            * MIN_WORKING_DAYS_WEIGHT;
        report.room_stability += (rooms.len() as u64).saturating_sub(1) * ROOM_STABILITY_WEIGHT;
    }
    report.room_occupation = room_lectures.iter().map(|&n| n.saturating_sub(1)).sum();

    // A matrix like the validator's, so a constraint repeated in the file counts once.
    let mut unavailable = vec![false; courses * periods];
    for u in &instance.unavailability {
        if u.course.index() < courses
            && u.day < instance.days
            && u.period < instance.periods_per_day
        {
            unavailable[u.course.index() * periods + u.day as usize * ppd + u.period as usize] =
                true;
        }
    }
    report.availability = tt
        .iter()
        .zip(&unavailable)
        .filter(|&(&room, &off)| room != 0 && off)
        .count() as u64;

    // Conflicting pairs: same teacher, or both in one curriculum.
    let mut conflict: HashSet<(usize, usize)> = HashSet::new();
    for q in &instance.curricula {
        for (i, a) in q.courses.iter().enumerate() {
            for b in &q.courses[..i] {
                conflict.insert(ordered(a.index(), b.index()));
            }
        }
    }
    for a in 0..courses {
        for b in a + 1..courses {
            if instance.courses[a].teacher == instance.courses[b].teacher {
                conflict.insert((a, b));
            }
        }
    }
    let mut taught: Vec<usize> = Vec::new();
    for p in 0..periods {
        taught.clear();
        taught.extend((0..courses).filter(|&c| room_of(c, p).is_some()));
        for (i, &a) in taught.iter().enumerate() {
            for &b in &taught[i + 1..] {
                if conflict.contains(&(a, b)) {
                    report.conflicts += 1;
                }
            }
        }
    }

    // Curriculum compactness, on lectures of the curriculum per period.
    let mut lectures = vec![0u64; periods];
    let mut isolated = 0u64;
    for q in &instance.curricula {
        lectures.iter_mut().for_each(|n| *n = 0);
        for c in &q.courses {
            for (p, n) in lectures.iter_mut().enumerate() {
                if room_of(c.index(), p).is_some() {
                    *n += 1;
                }
            }
        }
        for p in 0..periods {
            let n = lectures[p];
            if n == 0 {
                continue;
            }
            // The validator reads the neighbouring periods of the whole week and then decides by
            // the position in the day. With two or more periods a day this is exactly "no lecture
            // in an adjacent period of the same day". With one period a day it compares with the
            // previous and next days (and reads past the end of the week, which we take as empty).
            let next = if p + 1 < periods { lectures[p + 1] } else { 0 };
            let previous = if p > 0 { lectures[p - 1] } else { 0 };
            let alone = (p % ppd == 0 && next == 0)
                || (p % ppd == ppd - 1 && previous == 0)
                || (next == 0 && previous == 0);
            if alone {
                isolated += n;
            }
        }
    }
    report.curriculum_compactness = isolated * CURRICULUM_COMPACTNESS_WEIGHT;
    report
}

fn ordered(a: usize, b: usize) -> (usize, usize) {
    if a < b { (a, b) } else { (b, a) }
}
