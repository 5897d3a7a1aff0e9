//! The club's resources: arenas, coaches, horses, riders and the lesson kinds it sells.
//!
//! Resources are drawn first, independently of any lesson; the timetable is laid out on them
//! afterwards. The generator keeps its own compact view (minutes after midnight, indices) and
//! writes the file format only at the end, in `requests.rs`.

use paddock_solver::spec::{HorseNeed, SpaceUse};
use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand_chacha::ChaCha8Rng;

use crate::calendar::Calendar;
use crate::params::Params;

/// Rider levels, least experienced first (the model's default levels).
pub(crate) const LEVELS: [&str; 4] = ["beginner", "novice", "intermediate", "advanced"];
const BEGINNER: usize = 0;
const NOVICE: usize = 1;
const INTERMEDIATE: usize = 2;
const ADVANCED: usize = 3;

/// Coach qualifications lesson kinds ask for.
pub(crate) const QUALIFICATIONS: [&str; 4] = ["dressage", "jumping", "beginners", "lunging"];

/// Local hours: `(from, to)` in minutes after midnight.
pub(crate) type Hours = (u32, u32);

const fn hm(h: u32, m: u32) -> u32 {
    h * 60 + m
}

/// Weekday opening hours (Monday first): long weekdays for the evening rush, shorter weekends.
pub(crate) const OPENING: [Hours; 7] = [
    (hm(8, 0), hm(21, 0)),
    (hm(8, 0), hm(21, 0)),
    (hm(8, 0), hm(21, 0)),
    (hm(8, 0), hm(21, 0)),
    (hm(8, 0), hm(21, 0)),
    (hm(8, 0), hm(19, 0)),
    (hm(8, 0), hm(19, 0)),
];

pub(crate) struct Arena {
    pub key: String,
    pub name: String,
    pub tags: Vec<&'static str>,
    pub capacity: u32,
    /// `(day, hours, reason)`.
    pub closures: Vec<(u32, Hours, &'static str)>,
}

pub(crate) struct Coach {
    pub key: String,
    pub name: String,
    pub qualifications: Vec<&'static str>,
    /// Weekly shifts, Monday first.
    pub weekly: [Vec<Hours>; 7],
    /// Dated exceptions replacing a day's shifts (empty: day off).
    pub exceptions: Vec<(u32, Vec<Hours>)>,
    /// Whole days of leave, `(first day, last day)`.
    pub leave: Option<(u32, u32)>,
    pub max_lessons: u32,
    pub max_minutes: u32,
}

pub(crate) struct Horse {
    pub key: String,
    pub name: String,
    pub levels: Vec<usize>,
    pub max_weight: Option<u32>,
    /// Rest weekday, Monday = 0.
    pub rest_weekday: usize,
    /// `(first day, last day, reason)`.
    pub vet_hold: Option<(u32, u32, &'static str)>,
    pub max_lessons: u32,
    pub max_minutes: u32,
    pub rest_minutes: u32,
    pub owner: Option<usize>,
}

pub(crate) struct Rider {
    pub key: String,
    pub name: String,
    pub level: usize,
    pub weight: u32,
    /// Weekly free time `(weekday, hours)`; the first entry is the favourite.
    pub free: Vec<(usize, Hours)>,
    pub preferred_coaches: Vec<usize>,
    pub preferred_horses: Vec<usize>,
    pub own_horse: Option<usize>,
}

pub(crate) struct Kind {
    pub key: &'static str,
    pub name: &'static str,
    pub minutes: u32,
    pub group: bool,
    pub min_riders: u32,
    pub max_riders: u32,
    pub space: SpaceUse,
    pub tags: &'static [&'static str],
    pub qualification: Option<&'static str>,
    pub horse: HorseNeed,
    /// Rider levels the club books into this kind (the generator's choice, not a model rule).
    pub levels: &'static [usize],
}

impl Kind {
    pub fn units(&self, riders: usize) -> u32 {
        match self.space {
            SpaceUse::PerRider(u) => u * riders as u32,
            SpaceUse::PerLesson(u) => u,
        }
    }

    pub fn slots(&self) -> u32 {
        self.minutes / crate::calendar::SLOT
    }
}

/// Indices into [`KINDS`].
pub(crate) mod kind {
    pub const PRIVATE: usize = 0;
    pub const DRESSAGE: usize = 1;
    pub const JUMPING: usize = 2;
    pub const LUNGE: usize = 3;
    pub const OWN: usize = 4;
    pub const BEGINNER_GROUP: usize = 5;
    pub const DRESSAGE_GROUP: usize = 6;
    pub const JUMPING_GROUP: usize = 7;
    pub const THEORY: usize = 8;
}

const fn private(key: &'static str, name: &'static str, minutes: u32, units: u32) -> Kind {
    Kind {
        key,
        name,
        minutes,
        group: false,
        min_riders: 1,
        max_riders: 1,
        space: SpaceUse::PerLesson(units),
        tags: &[],
        qualification: None,
        horse: HorseNeed::School,
        levels: &[BEGINNER, NOVICE, INTERMEDIATE, ADVANCED],
    }
}

const fn group(key: &'static str, name: &'static str, max: u32, per_rider: u32) -> Kind {
    Kind {
        group: true,
        min_riders: 2,
        max_riders: max,
        space: SpaceUse::PerRider(per_rider),
        ..private(key, name, 60, 0)
    }
}

pub(crate) const KINDS: [Kind; 9] = [
    private("private-45", "Private lesson", 45, 2),
    Kind {
        qualification: Some("dressage"),
        tags: &["dressage"],
        levels: &[NOVICE, INTERMEDIATE, ADVANCED],
        ..private("dressage-private-45", "Private dressage", 45, 2)
    },
    Kind {
        qualification: Some("jumping"),
        tags: &["jumping"],
        levels: &[INTERMEDIATE, ADVANCED],
        ..private("jumping-private-45", "Private jumping", 45, 3)
    },
    Kind {
        qualification: Some("lunging"),
        tags: &["lunging"],
        levels: &[BEGINNER],
        ..private("lunge-30", "Lunge lesson", 30, 1)
    },
    Kind {
        horse: HorseNeed::Own,
        levels: &[INTERMEDIATE, ADVANCED],
        ..private("own-horse-45", "Lesson on own horse", 45, 2)
    },
    Kind {
        qualification: Some("beginners"),
        levels: &[BEGINNER, NOVICE],
        ..group("beginner-group-60", "Beginner group", 6, 1)
    },
    Kind {
        qualification: Some("dressage"),
        tags: &["dressage"],
        levels: &[NOVICE, INTERMEDIATE],
        ..group("dressage-group-60", "Dressage group", 6, 1)
    },
    Kind {
        qualification: Some("jumping"),
        tags: &["jumping"],
        levels: &[INTERMEDIATE, ADVANCED],
        ..group("jumping-group-60", "Jumping group", 5, 2)
    },
    Kind {
        tags: &["indoor"],
        horse: HorseNeed::None,
        space: SpaceUse::PerLesson(2),
        max_riders: 8,
        ..group("stable-theory-60", "Stable management (theory)", 8, 1)
    },
];

/// Arena templates, cycled: every club has an indoor hall and an outdoor ring first.
const ARENAS: [(&str, &str, &[&str], u32); 4] = [
    (
        "indoor-hall",
        "Indoor hall",
        &["indoor", "dressage", "lunging"],
        8,
    ),
    ("outdoor-ring", "Outdoor ring", &["jumping", "dressage"], 10),
    ("dressage-arena", "Dressage arena", &["dressage"], 8),
    ("round-pen", "Round pen", &["lunging", "indoor"], 2),
];

const SURNAMES: [&str; 16] = [
    "Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu",
    "Zhu", "Gao", "Lin",
];
const GIVEN: [&str; 16] = [
    "Wei", "Fang", "Na", "Min", "Jing", "Lei", "Yan", "Jun", "Ting", "Hao", "Xin", "Yu", "Qiang",
    "Li", "Mei", "Chen",
];
const HORSE_NAMES: [&str; 20] = [
    "Xiaobai", "Star", "Thunder", "Mocha", "Luna", "Jade", "Comet", "Pepper", "Maple", "Storm",
    "Willow", "Biscuit", "Ginger", "Shadow", "Blossom", "Apollo", "Hazel", "Orion", "Tofu",
    "Dumpling",
];

/// The club: calendar, opening hours and resources.
pub(crate) struct Club {
    pub name: String,
    pub calendar: Calendar,
    /// Days on which the whole club is closed.
    pub closed_days: Vec<u32>,
    pub arenas: Vec<Arena>,
    pub coaches: Vec<Coach>,
    pub horses: Vec<Horse>,
    pub riders: Vec<Rider>,
}

fn person(rng: &mut ChaCha8Rng) -> String {
    format!(
        "{} {}",
        SURNAMES.choose(rng).unwrap_or(&"Li"),
        GIVEN.choose(rng).unwrap_or(&"Wei")
    )
}

/// Draws the club's resources.
pub(crate) fn draw(params: &Params, calendar: Calendar, rng: &mut ChaCha8Rng) -> Club {
    let days = calendar.days;
    let closed_days = if days >= 14 {
        vec![rng.random_range(7..days)]
    } else {
        Vec::new()
    };
    let arenas = draw_arenas(params, days, rng);
    let coaches = draw_coaches(params, days, rng);
    let mut horses = draw_horses(params, days, rng);
    let riders = draw_riders(params, &mut horses, &coaches, rng);
    Club {
        name: params.name.clone(),
        calendar,
        closed_days,
        arenas,
        coaches,
        horses,
        riders,
    }
}

fn draw_arenas(params: &Params, days: u32, rng: &mut ChaCha8Rng) -> Vec<Arena> {
    let mut arenas: Vec<Arena> = (0..params.arenas)
        .map(|i| {
            let (key, name, tags, capacity) = ARENAS[i % ARENAS.len()];
            let copy = i / ARENAS.len();
            let (key, name) = if copy == 0 {
                (key.to_owned(), name.to_owned())
            } else {
                (
                    format!("{key}-{}", copy + 1),
                    format!("{name} {}", copy + 1),
                )
            };
            Arena {
                key,
                name,
                tags: tags.to_vec(),
                capacity,
                closures: Vec::new(),
            }
        })
        .collect();
    // Maintenance: every club harrows or repairs something in the horizon, at least once.
    let n = arenas.len();
    for (i, arena) in arenas.iter_mut().enumerate() {
        if i == n - 1 || rng.random_bool(0.4) {
            let day = rng.random_range(0..days);
            let closure = if rng.random_bool(0.5) {
                (day, (hm(8, 0), hm(10, 0)), "surface harrowing")
            } else {
                (day, (hm(12, 0), hm(14, 0)), "floodlight repair")
            };
            arena.closures.push(closure);
        }
    }
    arenas
}

fn draw_coaches(params: &Params, days: u32, rng: &mut ChaCha8Rng) -> Vec<Coach> {
    (0..params.coaches)
        .map(|i| {
            // Every qualification is held by someone: the i-th coach gets the (i mod 4)-th.
            let mut qualifications = vec![QUALIFICATIONS[i % QUALIFICATIONS.len()]];
            for q in QUALIFICATIONS {
                if !qualifications.contains(&q) && rng.random_bool(0.35) {
                    qualifications.push(q);
                }
            }
            qualifications.sort_unstable();
            let full_time = i % 6 != 5;
            let mut weekly: [Vec<Hours>; 7] = Default::default();
            if full_time {
                let weekday_shift = match rng.random_range(0..10) {
                    0..5 => vec![(hm(12, 0), hm(21, 0))],
                    5..8 => vec![(hm(9, 0), hm(13, 0)), (hm(15, 0), hm(21, 0))],
                    _ => vec![(hm(8, 0), hm(17, 0))],
                };
                for shift in weekly.iter_mut().take(5) {
                    *shift = weekday_shift.clone();
                }
                weekly[5] = vec![(hm(8, 0), hm(19, 0))];
                weekly[6] = vec![(hm(8, 0), hm(18, 0))];
                // One weekday off a week.
                weekly[rng.random_range(0..5)].clear();
            } else {
                let mut evenings = [0, 1, 2, 3, 4];
                evenings.shuffle(rng);
                for &d in &evenings[..3] {
                    weekly[d] = vec![(hm(16, 30), hm(21, 0))];
                }
                let weekend = 5 + rng.random_range(0..2);
                weekly[weekend] = vec![if rng.random_bool(0.5) {
                    (hm(8, 0), hm(14, 0))
                } else {
                    (hm(12, 0), hm(19, 0))
                }];
            }
            // One or two dated exceptions: a day off or a short day.
            let mut exceptions: Vec<(u32, Vec<Hours>)> = Vec::new();
            // Drawn over at least two weeks: a coach's calendar is longer than a short horizon, so
            // a one-day club is not left with every coach on an exception that day.
            for _ in 0..rng.random_range(1..=2) {
                let day = rng.random_range(0..days.max(14));
                if exceptions.iter().any(|(d, _)| *d == day) {
                    continue;
                }
                let hours = if rng.random_bool(0.5) {
                    Vec::new()
                } else {
                    vec![(hm(9, 0), hm(15, 0))]
                };
                exceptions.push((day, hours));
            }
            exceptions.sort_unstable();
            let leave = (days >= 14 && rng.random_bool(0.1)).then(|| {
                let first = rng.random_range(0..days - 3);
                (first, first + 2)
            });
            let (max_lessons, max_minutes) = if full_time {
                (rng.random_range(8..=9), rng.random_range(7..=8) * 60)
            } else {
                (5, 300)
            };
            Coach {
                key: format!("coach-{:02}", i + 1),
                name: person(rng),
                qualifications,
                weekly,
                exceptions,
                leave,
                max_lessons,
                max_minutes,
            }
        })
        .collect()
}

fn draw_horses(params: &Params, days: u32, rng: &mut ChaCha8Rng) -> Vec<Horse> {
    (0..params.horses)
        .map(|i| {
            let (levels, max_weight) = match rng.random_range(0..20) {
                0..8 => (
                    vec![BEGINNER, NOVICE, INTERMEDIATE],
                    rng.random_range(14..=17) * 5,
                ),
                8..15 => (
                    vec![NOVICE, INTERMEDIATE, ADVANCED],
                    rng.random_range(16..=19) * 5,
                ),
                _ => (vec![INTERMEDIATE, ADVANCED], rng.random_range(15..=19) * 5),
            };
            // Monday is the traditional rest day after the weekend rush; the rest are spread out.
            let rest_weekday = if rng.random_bool(0.35) {
                0
            } else {
                rng.random_range(1..7)
            };
            let vet_hold = rng.random_bool(0.04).then(|| {
                let first = rng.random_range(0..days);
                (
                    first,
                    (first + 1).min(days - 1),
                    if rng.random_bool(0.5) {
                        "vet hold: lameness"
                    } else {
                        "vet hold: treatment"
                    },
                )
            });
            let (max_lessons, max_minutes) = if rng.random_bool(0.7) {
                (4, 180)
            } else {
                (3, 150)
            };
            let rest_minutes = if rng.random_bool(0.8) { 30 } else { 45 };
            let name = HORSE_NAMES[i % HORSE_NAMES.len()];
            let name = if i < HORSE_NAMES.len() {
                name.to_owned()
            } else {
                format!("{name} {}", i / HORSE_NAMES.len() + 1)
            };
            Horse {
                key: format!("horse-{:03}", i + 1),
                name,
                levels,
                max_weight: Some(max_weight),
                rest_weekday,
                vet_hold,
                max_lessons,
                max_minutes,
                rest_minutes,
                owner: None,
            }
        })
        .collect()
}

/// Free time of a rider: evenings after work or school, weekends, or weekday daytimes.
fn free_time(rng: &mut ChaCha8Rng) -> Vec<(usize, Hours)> {
    let mut free = Vec::new();
    let mut weekdays = [0, 1, 2, 3, 4];
    weekdays.shuffle(rng);
    let evening = |rng: &mut ChaCha8Rng| match rng.random_range(0..4) {
        0 => (hm(17, 0), hm(21, 0)),
        1 => (hm(18, 0), hm(21, 30)),
        2 => (hm(17, 30), hm(22, 0)),
        _ => (hm(16, 30), hm(20, 0)),
    };
    let weekend = |rng: &mut ChaCha8Rng| match rng.random_range(0..4) {
        0 => (hm(8, 30), hm(12, 30)),
        1 => (hm(13, 0), hm(18, 0)),
        2 => (hm(9, 0), hm(18, 0)),
        _ => (hm(14, 0), hm(19, 30)),
    };
    match rng.random_range(0..20) {
        // Evenings only.
        0..6 => {
            for &d in &weekdays[..rng.random_range(2..=3)] {
                free.push((d, evening(rng)));
            }
        }
        // Weekends only.
        6..11 => {
            free.push((5, weekend(rng)));
            if rng.random_bool(0.5) {
                free.push((6, weekend(rng)));
            }
        }
        // Evenings and weekends.
        11..15 => {
            free.push((weekdays[0], evening(rng)));
            free.push((5 + rng.random_range(0..2), weekend(rng)));
            if rng.random_bool(0.5) {
                free.push((weekdays[1], evening(rng)));
            }
        }
        // Weekday daytimes: shift workers, retirees.
        _ => {
            for &d in &weekdays[..rng.random_range(2..=3)] {
                let hours = match rng.random_range(0..3) {
                    0 => (hm(9, 0), hm(12, 0)),
                    1 => (hm(10, 0), hm(16, 0)),
                    _ => (hm(13, 30), hm(17, 0)),
                };
                free.push((d, hours));
            }
            if rng.random_bool(0.3) {
                free.push((5 + rng.random_range(0..2), weekend(rng)));
            }
        }
    }
    free
}

fn draw_riders(
    params: &Params,
    horses: &mut [Horse],
    coaches: &[Coach],
    rng: &mut ChaCha8Rng,
) -> Vec<Rider> {
    let mut riders: Vec<Rider> = (0..params.riders)
        .map(|i| {
            let level = match rng.random_range(0..20) {
                0..6 => BEGINNER,
                6..12 => NOVICE,
                12..17 => INTERMEDIATE,
                _ => ADVANCED,
            };
            let child = level <= NOVICE && rng.random_bool(0.4);
            let weight = if child {
                rng.random_range(25..=50)
            } else {
                rng.random_range(48..=92)
            };
            // Every rider must fit at least one school horse of their level.
            let heaviest = horses
                .iter()
                .filter(|h| h.levels.contains(&level))
                .filter_map(|h| h.max_weight)
                .max()
                .unwrap_or(100);
            Rider {
                key: format!("rider-{:04}", i + 1),
                name: person(rng),
                level,
                weight: weight.min(heaviest),
                free: free_time(rng),
                preferred_coaches: Vec::new(),
                preferred_horses: Vec::new(),
                own_horse: None,
            }
        })
        .collect();
    // About one horse in twelve is privately owned by an intermediate or advanced rider.
    let owners: Vec<usize> = riders
        .iter()
        .enumerate()
        .filter(|(_, r)| r.level >= INTERMEDIATE)
        .map(|(i, _)| i)
        .collect();
    let owned = (horses.len() / 12).max(1).min(owners.len());
    for (h, &r) in owners.choose_multiple(rng, owned).enumerate() {
        let idx = horses.len() - 1 - h;
        let horse = &mut horses[idx];
        horse.owner = Some(r);
        horse.levels.clear();
        horse.max_weight = None;
        riders[r].own_horse = Some(idx);
    }
    for rider in &mut riders {
        let suitable: Vec<usize> = (0..horses.len())
            .filter(|&h| horses[h].owner.is_none() && horses[h].levels.contains(&rider.level))
            .filter(|&h| horses[h].max_weight.is_none_or(|w| rider.weight <= w))
            .collect();
        let wanted = rng.random_range(0..=2).min(suitable.len());
        rider.preferred_horses = suitable.choose_multiple(rng, wanted).copied().collect();
        if rng.random_bool(0.6) {
            rider
                .preferred_coaches
                .push(rng.random_range(0..coaches.len()));
        }
    }
    riders
}
