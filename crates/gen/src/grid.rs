//! Who is busy when: the occupancy of every resource, slot by slot, while the hidden timetable is
//! laid out.
//!
//! Each check here mirrors one hard constraint of the model (`paddock_solver::check`): opening
//! hours, availability, qualifications, tags, arena capacity, horse suitability and welfare,
//! coach daily limits and rider overlap. A lesson is only committed once every check passes, which
//! is what makes the hidden timetable conflict-free by construction.

use paddock_solver::spec::HorseNeed;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::calendar::{Mask, SLOT, SLOTS, mask, slots};
use crate::club::{Club, KINDS, OPENING};

/// Where a lesson can go: coach, arena and one horse per rider.
pub(crate) struct Fit {
    pub coach: usize,
    pub arena: usize,
    pub horses: Vec<Option<usize>>,
}

/// Occupancy of every resource on every day.
pub(crate) struct Grid<'c> {
    club: &'c Club,
    days: usize,
    pub open: Vec<Mask>,
    coach_avail: Vec<Mask>,
    coach_busy: Vec<Mask>,
    coach_lessons: Vec<u32>,
    coach_minutes: Vec<u32>,
    horse_avail: Vec<Mask>,
    horse_busy: Vec<Mask>,
    horse_lessons: Vec<u32>,
    horse_minutes: Vec<u32>,
    rider_busy: Vec<Mask>,
    arena_avail: Vec<Mask>,
    arena_load: Vec<u8>,
    /// Per kind: qualified coaches; arenas with the tags.
    kind_coaches: Vec<Vec<usize>>,
    kind_arenas: Vec<Vec<usize>>,
    /// Per rider: the school horses that suit them.
    pub rider_horses: Vec<Vec<usize>>,
}

fn hours_mask(hours: &[(u32, u32)]) -> Mask {
    hours.iter().fold(0, |m, &(a, b)| m | mask(a, b))
}

impl<'c> Grid<'c> {
    pub fn new(club: &'c Club) -> Self {
        let cal = &club.calendar;
        let days = cal.days as usize;
        let open: Vec<Mask> = (0..cal.days)
            .map(|d| {
                if club.closed_days.contains(&d) {
                    0
                } else {
                    let (a, b) = OPENING[cal.weekday(d)];
                    mask(a, b)
                }
            })
            .collect();
        let mut coach_avail = Vec::with_capacity(club.coaches.len() * days);
        for c in &club.coaches {
            for d in 0..cal.days {
                let on_leave = c.leave.is_some_and(|(a, b)| (a..=b).contains(&d));
                let hours = match c.exceptions.iter().find(|(day, _)| *day == d) {
                    Some((_, hours)) => hours_mask(hours),
                    None => hours_mask(&c.weekly[cal.weekday(d)]),
                };
                coach_avail.push(if on_leave {
                    0
                } else {
                    hours & open[d as usize]
                });
            }
        }
        let mut horse_avail = Vec::with_capacity(club.horses.len() * days);
        for h in &club.horses {
            for d in 0..cal.days {
                let held = h.vet_hold.is_some_and(|(a, b, _)| (a..=b).contains(&d));
                let resting = h.rest_weekday == cal.weekday(d);
                horse_avail.push(if held || resting { 0 } else { open[d as usize] });
            }
        }
        let mut arena_avail = Vec::with_capacity(club.arenas.len() * days);
        for a in &club.arenas {
            for d in 0..cal.days {
                let closed = a
                    .closures
                    .iter()
                    .filter(|(day, _, _)| *day == d)
                    .fold(0, |m, (_, (x, y), _)| m | mask(*x, *y));
                arena_avail.push(open[d as usize] & !closed);
            }
        }
        let kind_coaches = KINDS
            .iter()
            .map(|k| {
                (0..club.coaches.len())
                    .filter(|&c| {
                        k.qualification
                            .is_none_or(|q| club.coaches[c].qualifications.contains(&q))
                    })
                    .collect()
            })
            .collect();
        let kind_arenas = KINDS
            .iter()
            .map(|k| {
                (0..club.arenas.len())
                    .filter(|&a| k.tags.iter().all(|t| club.arenas[a].tags.contains(t)))
                    .collect()
            })
            .collect();
        let rider_horses = club
            .riders
            .iter()
            .map(|r| {
                (0..club.horses.len())
                    .filter(|&h| {
                        let horse = &club.horses[h];
                        horse.owner.is_none()
                            && horse.levels.contains(&r.level)
                            && horse.max_weight.is_none_or(|w| r.weight <= w)
                    })
                    .collect()
            })
            .collect();
        Self {
            club,
            days,
            open,
            coach_avail,
            coach_busy: vec![0; club.coaches.len() * days],
            coach_lessons: vec![0; club.coaches.len() * days],
            coach_minutes: vec![0; club.coaches.len() * days],
            horse_avail,
            horse_busy: vec![0; club.horses.len() * days],
            horse_lessons: vec![0; club.horses.len() * days],
            horse_minutes: vec![0; club.horses.len() * days],
            rider_busy: vec![0; club.riders.len() * days],
            arena_avail,
            arena_load: vec![0; club.arenas.len() * days * SLOTS as usize],
            kind_coaches,
            kind_arenas,
            rider_horses,
        }
    }

    /// Whether the riders are all free during `[start, start + len)` on `day`.
    pub fn riders_free(&self, riders: &[usize], day: u32, start: u32, len: u32) -> bool {
        let need = slots(start, len);
        riders
            .iter()
            .all(|&r| self.rider_busy[r * self.days + day as usize] & need == 0)
    }

    fn coach_fits(&self, c: usize, day: usize, need: Mask, minutes: u32) -> bool {
        let i = c * self.days + day;
        let coach = &self.club.coaches[c];
        self.coach_avail[i] & need == need
            && self.coach_busy[i] & need == 0
            && self.coach_lessons[i] < coach.max_lessons
            && self.coach_minutes[i] + minutes <= coach.max_minutes
    }

    fn arena_fits(
        &self,
        a: usize,
        day: usize,
        start: u32,
        len: u32,
        need: Mask,
        units: u32,
    ) -> bool {
        let arena = &self.club.arenas[a];
        if self.arena_avail[a * self.days + day] & need != need {
            return false;
        }
        let base = (a * self.days + day) * SLOTS as usize;
        (start..start + len)
            .all(|s| u32::from(self.arena_load[base + s as usize]) + units <= arena.capacity)
    }

    fn horse_fits(&self, h: usize, day: usize, start: u32, len: u32, minutes: u32) -> bool {
        let i = h * self.days + day;
        let horse = &self.club.horses[h];
        let need = slots(start, len);
        // Welfare rest: the horse must also be idle for the rest time on both sides.
        let rest = horse.rest_minutes.div_ceil(SLOT);
        let guard = mask(
            start.saturating_sub(rest) * SLOT,
            (start + len + rest) * SLOT,
        );
        self.horse_avail[i] & need == need
            && self.horse_busy[i] & guard == 0
            && self.horse_lessons[i] < horse.max_lessons
            && self.horse_minutes[i] + minutes <= horse.max_minutes
    }

    /// A coach, arena and horses for a lesson of `kind` with `riders` at `start` on `day`, trying
    /// the preferred coach and horses first and the others from a random offset.
    pub fn find(
        &self,
        kind: usize,
        riders: &[usize],
        day: u32,
        start: u32,
        preferred_coach: Option<usize>,
        rng: &mut ChaCha8Rng,
    ) -> Option<Fit> {
        let k = &KINDS[kind];
        let len = k.slots();
        let d = day as usize;
        let need = slots(start, len);
        if start + len > SLOTS
            || self.open[d] & need != need
            || !self.riders_free(riders, day, start, len)
        {
            return None;
        }
        let coach = first_fit(&self.kind_coaches[kind], preferred_coach, rng, |c| {
            self.coach_fits(c, d, need, k.minutes)
        })?;
        let units = k.units(riders.len());
        let arena = first_fit(&self.kind_arenas[kind], None, rng, |a| {
            self.arena_fits(a, d, start, len, need, units)
        })?;
        let mut horses: Vec<Option<usize>> = Vec::with_capacity(riders.len());
        for &r in riders {
            let rider = &self.club.riders[r];
            let horse = match k.horse {
                HorseNeed::None => None,
                HorseNeed::Own => Some(
                    rider
                        .own_horse
                        .filter(|&h| self.horse_fits(h, d, start, len, k.minutes))?,
                ),
                HorseNeed::School => {
                    let preferred = rider.preferred_horses.iter().copied().find(|h| {
                        !horses.contains(&Some(*h))
                            && self.rider_horses[r].contains(h)
                            && self.horse_fits(*h, d, start, len, k.minutes)
                    });
                    let horse = preferred.or_else(|| {
                        first_fit(&self.rider_horses[r], None, rng, |h| {
                            !horses.contains(&Some(h))
                                && self.horse_fits(h, d, start, len, k.minutes)
                        })
                    })?;
                    Some(horse)
                }
            };
            horses.push(horse);
        }
        Some(Fit {
            coach,
            arena,
            horses,
        })
    }

    /// Books a lesson found by [`find`](Self::find).
    pub fn commit(&mut self, kind: usize, riders: &[usize], day: u32, start: u32, fit: &Fit) {
        let k = &KINDS[kind];
        let len = k.slots();
        let d = day as usize;
        let need = slots(start, len);
        let i = fit.coach * self.days + d;
        self.coach_busy[i] |= need;
        self.coach_lessons[i] += 1;
        self.coach_minutes[i] += k.minutes;
        for &h in fit.horses.iter().flatten() {
            let i = h * self.days + d;
            self.horse_busy[i] |= need;
            self.horse_lessons[i] += 1;
            self.horse_minutes[i] += k.minutes;
        }
        for &r in riders {
            self.rider_busy[r * self.days + d] |= need;
        }
        let base = (fit.arena * self.days + d) * SLOTS as usize;
        let units = k.units(riders.len()) as u8;
        for s in start..start + len {
            self.arena_load[base + s as usize] += units;
        }
    }
}

/// The preferred candidate if it fits, else the first that fits starting from a random offset.
fn first_fit(
    candidates: &[usize],
    preferred: Option<usize>,
    rng: &mut ChaCha8Rng,
    fits: impl Fn(usize) -> bool,
) -> Option<usize> {
    if let Some(p) = preferred.filter(|p| candidates.contains(p) && fits(*p)) {
        return Some(p);
    }
    if candidates.is_empty() {
        return None;
    }
    let offset = rng.random_range(0..candidates.len());
    (0..candidates.len())
        .map(|i| candidates[(offset + i) % candidates.len()])
        .find(|&c| fits(c))
}
