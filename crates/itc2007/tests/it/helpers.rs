//! Shared helpers: the data folder, a seeded random generator, and a greedy timetable builder.
// Index loops over two tables at once read more plainly than zipped iterators here.
#![allow(clippy::needless_range_loop)]

use std::path::PathBuf;

use paddock_itc2007::{CourseId, Instance, Placement, RoomId, Solution};

/// The ITC-2007 data, beside the repository (CI clones `shared/` next to it).
pub fn data_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/itc2007"
    ))
}

pub fn read(name: &str) -> String {
    let path = data_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub fn instance(name: &str) -> Instance {
    Instance::parse(&read(&format!("{name}.ctt"))).unwrap_or_else(|e| panic!("{name}.ctt: {e}"))
}

pub const COMPETITION: [&str; 7] = [
    "comp01", "comp02", "comp03", "comp04", "comp05", "comp06", "comp07",
];

/// SplitMix64: small, seeded, good enough to draw test timetables.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// A timetable that ignores every constraint: each lecture in a random room and a random period,
/// a course's lectures in distinct periods; about one lecture in `drop_one_in` left out (0: none).
pub fn random_solution(instance: &Instance, rng: &mut Rng, drop_one_in: usize) -> Solution {
    let periods = instance.periods();
    let ppd = instance.periods_per_day as usize;
    let mut lectures = Vec::new();
    for (c, course) in instance.courses.iter().enumerate() {
        let mut free: Vec<usize> = (0..periods).collect();
        for _ in 0..(course.lectures as usize).min(periods) {
            let p = free.swap_remove(rng.below(free.len()));
            if drop_one_in > 0 && rng.below(drop_one_in) == 0 {
                continue;
            }
            lectures.push(Placement {
                course: CourseId(c as u32),
                room: RoomId(rng.below(instance.rooms.len()) as u32),
                day: (p / ppd) as u32,
                period: (p % ppd) as u32,
            });
        }
    }
    Solution { lectures }
}

/// A greedy timetable: hardest courses first (fewest available periods per lecture), each
/// lecture in the free (period, room) that breaks no hard constraint and adds the least soft
/// cost by a local estimate. A lecture with no such place goes to the least bad place.
pub fn greedy_solution(instance: &Instance) -> Solution {
    let courses = instance.courses.len();
    let periods = instance.periods();
    let ppd = instance.periods_per_day as usize;
    let rooms = instance.rooms.len();
    let mut available = vec![vec![true; periods]; courses];
    for u in &instance.unavailability {
        available[u.course.index()][u.day as usize * ppd + u.period as usize] = false;
    }
    let mut conflicts = vec![vec![false; courses]; courses];
    for q in &instance.curricula {
        for a in &q.courses {
            for b in &q.courses {
                conflicts[a.index()][b.index()] = true;
            }
        }
    }
    for a in 0..courses {
        for b in 0..courses {
            if instance.courses[a].teacher == instance.courses[b].teacher {
                conflicts[a][b] = true;
            }
        }
    }
    let mut order: Vec<usize> = (0..courses).collect();
    order.sort_by_key(|&c| {
        let free = available[c].iter().filter(|&&a| a).count();
        let degree = conflicts[c].iter().filter(|&&x| x).count();
        (
            free * 100 / (instance.courses[c].lectures as usize).max(1),
            usize::MAX - degree,
        )
    });
    let mut taught: Vec<Vec<usize>> = vec![Vec::new(); periods]; // courses per period
    let mut occupied = vec![vec![false; rooms]; periods];
    let mut days_of = vec![vec![0u32; instance.days as usize]; courses];
    let mut rooms_of: Vec<Vec<usize>> = vec![Vec::new(); courses];
    let mut lectures = Vec::new();
    for &c in &order {
        let course = &instance.courses[c];
        for _ in 0..course.lectures {
            let mut best: Option<(i64, usize, usize)> = None;
            for p in 0..periods {
                if taught[p].contains(&c) {
                    continue;
                }
                let clash = taught[p].iter().filter(|&&o| conflicts[c][o]).count() as i64;
                let hard = clash + i64::from(!available[c][p]);
                let day = p / ppd;
                let used_days = days_of[c].iter().filter(|&&n| n > 0).count() as u32;
                let mut soft = 0;
                if days_of[c][day] > 0 && used_days < course.min_working_days {
                    soft += 5;
                }
                // Prefer periods next to lectures of the same curricula.
                let neighbour = |q: usize| taught[q].iter().any(|&o| o != c && conflicts[c][o]);
                let before = p % ppd > 0 && neighbour(p - 1);
                let after = p % ppd + 1 < ppd && neighbour(p + 1);
                if !before && !after {
                    soft += 2;
                }
                for r in 0..rooms {
                    let room_hard = hard + i64::from(occupied[p][r]);
                    let over =
                        i64::from(course.students.saturating_sub(instance.rooms[r].capacity));
                    let waste =
                        i64::from(instance.rooms[r].capacity.saturating_sub(course.students)) / 50;
                    let change = i64::from(!rooms_of[c].is_empty() && !rooms_of[c].contains(&r));
                    let cost = room_hard * 1_000_000 + (soft + over + change) * 10 + waste;
                    if best.is_none_or(|(b, _, _)| cost < b) {
                        best = Some((cost, p, r));
                    }
                }
            }
            let Some((_, p, r)) = best else { continue };
            taught[p].push(c);
            occupied[p][r] = true;
            days_of[c][p / ppd] += 1;
            if !rooms_of[c].contains(&r) {
                rooms_of[c].push(r);
            }
            lectures.push(Placement {
                course: CourseId(c as u32),
                room: RoomId(r as u32),
                day: (p / ppd) as u32,
                period: (p % ppd) as u32,
            });
        }
    }
    Solution { lectures }
}
