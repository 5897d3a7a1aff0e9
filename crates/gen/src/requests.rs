//! From the hidden timetable to documents: the problem a club would write down (requests with
//! windows and wishes that contain, or sometimes miss, the true slot) and the timetable itself as
//! a schedule.

use std::collections::BTreeMap;

use paddock_solver::spec::*;
use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand_chacha::ChaCha8Rng;

use crate::calendar::{SLOT, range};
use crate::club::{Club, Hours, KINDS, LEVELS, OPENING};
use crate::timetable::{Lesson, Timetable, priority};

/// Writes the problem and the hidden schedule.
pub(crate) fn documents(
    club: &Club,
    tt: &Timetable,
    rng: &mut ChaCha8Rng,
) -> (ProblemSpec, ScheduleSpec) {
    let cal = &club.calendar;
    let opening_hours: WeeklyHours = WeekdayKey::ALL
        .iter()
        .zip(OPENING)
        .map(|(&d, (a, b))| (d, vec![range(a, b)]))
        .collect();
    let club_spec = ClubSpec {
        name: club.name.clone(),
        time_zone: cal.tz.name().to_owned(),
        horizon: HorizonSpec {
            start: cal.start,
            days: cal.days,
        },
        slot_minutes: SLOT,
        opening_hours,
        closed_dates: club
            .closed_days
            .iter()
            .map(|&d| cal.date(i64::from(d)))
            .collect(),
        levels: LEVELS.map(String::from).to_vec(),
    };
    let arenas = club
        .arenas
        .iter()
        .map(|a| ArenaSpec {
            id: a.key.clone(),
            name: a.name.clone(),
            tags: a.tags.iter().map(|t| (*t).to_owned()).collect(),
            capacity: a.capacity,
            seats: None,
            availability: AvailabilitySpec {
                absences: a
                    .closures
                    .iter()
                    .map(|&(d, (x, y), why)| cal.span(i64::from(d), x, y, why))
                    .collect(),
                ..AvailabilitySpec::default()
            },
        })
        .collect();
    let coaches = club
        .coaches
        .iter()
        .map(|c| CoachSpec {
            id: c.key.clone(),
            name: c.name.clone(),
            qualifications: c.qualifications.iter().map(|q| (*q).to_owned()).collect(),
            availability: AvailabilitySpec {
                weekly: Some(
                    WeekdayKey::ALL
                        .iter()
                        .zip(&c.weekly)
                        .filter(|(_, h)| !h.is_empty())
                        .map(|(&d, h)| (d, h.iter().map(|&(a, b)| range(a, b)).collect()))
                        .collect(),
                ),
                exceptions: c
                    .exceptions
                    .iter()
                    .map(|(d, h)| DateException {
                        date: cal.date(i64::from(*d)),
                        hours: h.iter().map(|&(a, b)| range(a, b)).collect(),
                    })
                    .collect(),
                absences: c
                    .leave
                    .iter()
                    .map(|&(a, b)| TimeSpan {
                        start: cal.instant(i64::from(a), 0),
                        end: cal.instant(i64::from(b) + 1, 0),
                        reason: "annual leave".into(),
                    })
                    .collect(),
            },
            max_lessons_per_day: Some(c.max_lessons),
            max_minutes_per_day: Some(c.max_minutes),
        })
        .collect();
    let horses = club
        .horses
        .iter()
        .map(|h| HorseSpec {
            id: h.key.clone(),
            name: h.name.clone(),
            levels: h.levels.iter().map(|&l| LEVELS[l].to_owned()).collect(),
            max_rider_weight_kg: h.max_weight,
            availability: AvailabilitySpec::default(),
            rest_weekdays: vec![WeekdayKey::ALL[h.rest_weekday]],
            vet_holds: h
                .vet_hold
                .iter()
                .map(|&(a, b, why)| TimeSpan {
                    start: cal.instant(i64::from(a), 0),
                    end: cal.instant(i64::from(b) + 1, 0),
                    reason: why.into(),
                })
                .collect(),
            max_lessons_per_day: Some(h.max_lessons),
            max_work_minutes_per_day: Some(h.max_minutes),
            min_rest_minutes: Some(h.rest_minutes),
            owner: h.owner.map(|r| club.riders[r].key.clone()),
        })
        .collect();
    let riders = club
        .riders
        .iter()
        .map(|r| RiderSpec {
            id: r.key.clone(),
            name: r.name.clone(),
            level: LEVELS[r.level].to_owned(),
            weight_kg: Some(r.weight),
            preferred_coaches: r
                .preferred_coaches
                .iter()
                .map(|&c| club.coaches[c].key.clone())
                .collect(),
            preferred_horses: r
                .preferred_horses
                .iter()
                .map(|&h| club.horses[h].key.clone())
                .collect(),
        })
        .collect();
    let lesson_kinds = KINDS
        .iter()
        .map(|k| LessonKindSpec {
            id: k.key.to_owned(),
            name: k.name.to_owned(),
            duration_minutes: k.minutes,
            format: if k.group {
                LessonFormat::Group
            } else {
                LessonFormat::Private
            },
            min_riders: k.min_riders,
            max_riders: k.max_riders,
            space: k.space,
            arena_tags: k.tags.iter().map(|t| (*t).to_owned()).collect(),
            coach_qualification: k.qualification.map(str::to_owned),
            horse: k.horse,
        })
        .collect();
    let series_key = |i: usize| {
        let s = &tt.series[i];
        if s.course {
            format!("course-{:04}", i + 1)
        } else {
            format!("package-{:04}", i + 1)
        }
    };
    let series = tt
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| SeriesSpec {
            id: series_key(i),
            valid_from: cal.date(s.valid_from),
            valid_until: cal.date(s.valid_until),
            max_per_day: 1,
            min_days_between: s.min_days_between,
            min_days: s.min_days,
        })
        .collect();

    // Requests arrive in booking order, not in timetable order: shuffle so the input order says
    // nothing about the hidden solution.
    let mut order: Vec<usize> = (0..tt.lessons.len()).collect();
    order.shuffle(rng);
    let mut requests = Vec::with_capacity(order.len());
    let mut placed = Vec::with_capacity(order.len());
    for (n, &i) in order.iter().enumerate() {
        let lesson = &tt.lessons[i];
        let key = format!("L{:05}", n + 1);
        requests.push(request(
            club,
            tt,
            lesson,
            key.clone(),
            lesson.series.map(series_key),
            rng,
        ));
        placed.push(LessonSpec {
            request: key,
            start: cal.instant(i64::from(lesson.day), lesson.start_minute()),
            coach: club.coaches[lesson.coach].key.clone(),
            arena: club.arenas[lesson.arena].key.clone(),
            horses: horse_map(club, lesson),
        });
    }
    placed.sort_by(|a, b| (a.start, &a.request).cmp(&(b.start, &b.request)));
    let problem = ProblemSpec {
        format: Some(PROBLEM_FORMAT.into()),
        club: club_spec,
        arenas,
        coaches,
        horses,
        riders,
        lesson_kinds,
        series,
        requests,
        weights: Default::default(),
        welfare: WelfareMode::Hard,
    };
    let schedule = ScheduleSpec {
        format: Some(SCHEDULE_FORMAT.into()),
        lessons: placed,
        unassigned: Vec::new(),
    };
    (problem, schedule)
}

fn horse_map(club: &Club, lesson: &Lesson) -> BTreeMap<String, String> {
    lesson
        .riders
        .iter()
        .zip(&lesson.horses)
        .filter_map(|(&r, h)| h.map(|h| (club.riders[r].key.clone(), club.horses[h].key.clone())))
        .collect()
}

/// The days around a lesson on which its riders would also have come: the allowed windows.
fn allowed_days(tt: &Timetable, lesson: &Lesson, days: u32, rng: &mut ChaCha8Rng) -> Vec<i64> {
    let day = i64::from(lesson.day);
    let (lo, hi) = match lesson.series.map(|s| &tt.series[s]) {
        Some(s) => (s.valid_from.max(0), s.valid_until.min(i64::from(days) - 1)),
        None => (0, i64::from(days) - 1),
    };
    let course = lesson.series.is_some_and(|s| tt.series[s].course);
    if course {
        // A course meets on its weekday; some courses let a member come a week earlier or later.
        let around = lesson.series.is_some_and(|s| tt.series[s].weeks_around);
        [day - 7, day, day + 7]
            .into_iter()
            .filter(|&d| d == day || (around && lo <= d && d <= hi))
            .collect()
    } else {
        let back = rng.random_range(0..=3);
        let ahead = rng.random_range(0..=4);
        ((day - back).max(lo)..=(day + ahead).min(hi)).collect()
    }
}

fn request(
    club: &Club,
    tt: &Timetable,
    lesson: &Lesson,
    id: String,
    series: Option<String>,
    rng: &mut ChaCha8Rng,
) -> RequestSpec {
    let cal = &club.calendar;
    let k = &KINDS[lesson.kind];
    let rider = &club.riders[lesson.riders[0]];
    let course = lesson.series.is_some_and(|s| tt.series[s].course);
    // Allowed: the riders' free windows (the course's common window) on the days around.
    let mut allowed = Vec::new();
    for d in allowed_days(tt, lesson, cal.days, rng) {
        let weekday = cal.weekday(d as u32);
        if course {
            allowed.push(cal.span(d, lesson.window.0, lesson.window.1, ""));
        } else {
            for (_, (a, b)) in rider.free.iter().filter(|(w, _)| *w == weekday) {
                allowed.push(cal.span(d, *a, *b, ""));
            }
        }
    }
    // Preferred: usually a narrower favourite time around the true slot, sometimes the rider's
    // favourite window elsewhere (which the solver cannot always honour).
    let mut preferred = Vec::new();
    let (from, to) = (lesson.start_minute(), lesson.end_minute());
    match rng.random_range(0..20) {
        0..12 => {
            let widen = |rng: &mut ChaCha8Rng| 30 * rng.random_range(0..=2);
            let a = from.saturating_sub(widen(rng)).max(lesson.window.0);
            let b = (to + widen(rng)).min(lesson.window.1);
            preferred.push(cal.span(i64::from(lesson.day), a, b, ""));
        }
        12..17 if !course && !rider.free.is_empty() => {
            let (fav_weekday, fav): (usize, Hours) = rider.free[0];
            let days: Vec<i64> = allowed_days(tt, lesson, cal.days, rng)
                .into_iter()
                .filter(|&d| cal.weekday(d as u32) == fav_weekday)
                .collect();
            if let Some(&d) = days.choose(rng) {
                let a = fav.0;
                let b = (fav.0 + 120).min(fav.1);
                preferred.push(cal.span(d, a, b, ""));
            }
        }
        _ => {}
    }
    let preferred_coach = match rng.random_range(0..10) {
        0..4 => Some(club.coaches[lesson.coach].key.clone()),
        4 => Some(
            club.coaches[rng.random_range(0..club.coaches.len())]
                .key
                .clone(),
        ),
        _ => None,
    };
    let mut preferred_horses = BTreeMap::new();
    if !k.group && k.horse == HorseNeed::School && rng.random_bool(0.3) {
        if let Some(h) = lesson.horses[0] {
            preferred_horses.insert(rider.key.clone(), club.horses[h].key.clone());
        }
    }
    // A few lessons are confirmed already: the front desk pinned their time and coach.
    let pinned = if rng.random_bool(0.03) {
        Pin {
            start: Some(cal.instant(i64::from(lesson.day), from)),
            coach: Some(club.coaches[lesson.coach].key.clone()),
            arena: rng
                .random_bool(0.5)
                .then(|| club.arenas[lesson.arena].key.clone()),
            horses: BTreeMap::new(),
        }
    } else {
        Pin::default()
    };
    RequestSpec {
        id,
        kind: k.key.to_owned(),
        riders: lesson
            .riders
            .iter()
            .map(|&r| club.riders[r].key.clone())
            .collect(),
        headcount: None,
        series,
        allowed,
        preferred,
        preferred_coach,
        preferred_horses,
        priority: lesson
            .series
            .map_or_else(|| priority(rng), |s| tt.series[s].priority),
        pinned,
    }
}
