//! Instances for Paddock's benchmarks.
//!
//! [`large_club`] builds a synthetic club of any size, with densities a big riding school would
//! see and a regular shape, so that `check` timings grow only with the number of lessons.
//! [`fixtures`] reads the committed generated clubs (`fixtures/club-*.json`) and builds the
//! everyday questions asked of them.

pub mod fixtures;

use chrono::NaiveDate;
use paddock_solver::spec::*;
use paddock_solver::{Problem, Schedule};

/// Days planned: four weeks.
pub const DAYS: usize = 28;
/// Hourly slots a coach can teach in a day (08:00 to 18:00).
const SLOTS: usize = 10;
/// Lessons a coach teaches in a day (of the [`SLOTS`]).
const LESSONS_PER_COACH_DAY: usize = 8;
/// Coaches sharing one arena at a time.
const COACHES_PER_ARENA: usize = 4;
/// Every this many lessons, one is given the coach of the lesson before it (a coach overlap).
const CONFLICT_EVERY: usize = 997;
/// Rider levels (the club's default four); riders and horses are spread evenly over them.
const LEVELS: usize = 4;

/// A club with `lessons` lessons over four weeks, and a schedule placing all of them.
///
/// The club grows with the number of lessons: a coach teaches 8 of 10 hourly slots a day (45 or
/// 60 minutes each), four coaches share an arena, there are four school horses per coach, each
/// suited to one rider level, and each rider comes about twice a week on a package of lessons.
/// One lesson in five is a group of three riders. Horses of a level are handed out in turn, so a
/// horse works about one hour in three or four, within its welfare limits. The schedule is free of
/// conflicts except one coach overlap (or coach day over the limit) every 997 lessons, so
/// `check` does its full work and reports a realistic handful of conflicts.
pub fn large_club(lessons: usize) -> (Problem, Schedule) {
    let coaches = lessons
        .div_ceil(DAYS * LESSONS_PER_COACH_DAY)
        .max(COACHES_PER_ARENA);
    let arenas = coaches.div_ceil(COACHES_PER_ARENA);
    let horses = 4 * coaches;
    // Riders: about two lessons a week each; many more than the lessons of one slot.
    let riders = (lessons / 5).max(4 * coaches);
    let first_day = NaiveDate::from_ymd_opt(2026, 3, 2).expect("valid date");

    let mut spec = ProblemSpec {
        format: Some(PROBLEM_FORMAT.into()),
        club: ClubSpec {
            name: "Synthetic riding school".into(),
            time_zone: "Asia/Shanghai".into(),
            horizon: HorizonSpec {
                start: first_day,
                days: DAYS as u32,
            },
            slot_minutes: 15,
            opening_hours: WeekdayKey::ALL
                .into_iter()
                .map(|d| (d, vec!["08:00-19:00".to_owned()]))
                .collect(),
            ..ClubSpec::default()
        },
        ..ProblemSpec::default()
    };
    for a in 0..arenas {
        let mut arena = ArenaSpec::new(&format!("A{a}"), 12);
        arena.tags = vec!["indoor".into(), "dressage".into()];
        spec.arenas.push(arena);
    }
    for c in 0..coaches {
        let mut coach = CoachSpec::new(&format!("C{c}")).qualified(["dressage"]);
        coach.max_lessons_per_day = Some(LESSONS_PER_COACH_DAY as u32);
        spec.coaches.push(coach);
    }
    let levels = default_levels();
    for h in 0..horses {
        let level = levels[h % LEVELS].as_str();
        spec.horses.push(
            HorseSpec::new(&format!("H{h}"))
                .levels([level])
                .welfare(5, 300, 30),
        );
    }
    for r in 0..riders {
        spec.riders
            .push(RiderSpec::new(&format!("R{r}"), &levels[r % levels.len()]));
        // A package per rider: at most one lesson a day, valid for the whole plan.
        spec.series.push(SeriesSpec {
            id: format!("P{r}"),
            valid_from: first_day,
            valid_until: first_day + chrono::Duration::days(DAYS as i64 - 1),
            max_per_day: 1,
            min_days_between: 0,
            min_days: None,
        });
    }
    spec.lesson_kinds
        .push(LessonKindSpec::private("private-45", 45).requires_tags(["dressage"]));
    spec.lesson_kinds
        .push(LessonKindSpec::group("group-60", 60, 2, 4).requires_qualification("dressage"));

    // Placements: (day, slot, coach) in that order, skipping each coach's two free slots a day.
    let mut placements = Vec::with_capacity(lessons);
    'outer: for day in 0..DAYS {
        for slot in 0..SLOTS {
            for coach in 0..coaches {
                if (slot + coach) % SLOTS >= LESSONS_PER_COACH_DAY {
                    continue;
                }
                if placements.len() == lessons {
                    break 'outer;
                }
                placements.push((day, slot, coach));
            }
        }
    }
    assert_eq!(
        placements.len(),
        lessons,
        "the club is sized for the lessons"
    );

    let mut schedule = ScheduleSpec {
        format: Some(SCHEDULE_FORMAT.into()),
        ..ScheduleSpec::default()
    };
    let mut next_rider = 0;
    // Per level, the horses of that level and the next one to hand out.
    let pools: Vec<Vec<usize>> = (0..LEVELS)
        .map(|l| (l..horses).step_by(LEVELS).collect())
        .collect();
    let mut cursors = [0usize; LEVELS];
    for (i, &(day, slot, coach)) in placements.iter().enumerate() {
        let group = i % 5 == 4;
        let size = if group { 3 } else { 1 };
        // Riders rotate through the club, so the lessons of one slot never share a rider.
        let rider_indices: Vec<usize> = (0..size).map(|k| (next_rider + k) % riders).collect();
        let riders_of: Vec<String> = rider_indices.iter().map(|r| format!("R{r}")).collect();
        next_rider = (next_rider + size) % riders;
        let id = format!("L{i}");
        let mut request = RequestSpec {
            id: id.clone(),
            kind: if group { "group-60" } else { "private-45" }.into(),
            riders: riders_of.clone(),
            ..RequestSpec::new(&id, "private-45", ["x"])
        };
        if !group {
            request.series = Some(format!("P{}", rider_indices[0]));
        }
        spec.requests.push(request);

        let coach = if i % CONFLICT_EVERY == CONFLICT_EVERY - 1 && coach > 0 {
            coach - 1
        } else {
            coach
        };
        let start = first_day
            .and_hms_opt(8 + slot as u32, 0, 0)
            .expect("valid time")
            .checked_add_signed(chrono::Duration::days(day as i64))
            .expect("in range")
            .and_utc()
            - chrono::Duration::hours(8);
        let horses = riders_of
            .iter()
            .zip(rider_indices)
            .map(|(r, index)| {
                let level = index % LEVELS;
                let horse = pools[level][cursors[level] % pools[level].len()];
                cursors[level] += 1;
                (r.clone(), format!("H{horse}"))
            })
            .collect();
        schedule.lessons.push(LessonSpec {
            request: id,
            start,
            coach: format!("C{coach}"),
            arena: format!("A{}", coach / COACHES_PER_ARENA),
            horses,
        });
    }
    let problem = Problem::new(spec).expect("the synthetic club is valid");
    let schedule =
        Schedule::from_spec(&problem, &schedule).expect("the synthetic schedule fits its club");
    (problem, schedule)
}
