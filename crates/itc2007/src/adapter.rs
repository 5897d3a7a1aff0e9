//! An ITC-2007 instance as a Paddock problem, and timetables back and forth.
//!
//! The mapping is chosen so that Paddock's own evaluator, with the weights set here, scores a
//! timetable exactly as the official validator does (see `docs/itc2007.md`):
//!
//! | ITC-2007 | Paddock |
//! |---|---|
//! | day `d`, period `p` | local day `d` of a horizon starting Monday 2026-01-05 (UTC), one slot-long lesson starting `08:00 + p × slot` |
//! | room (capacity) | arena with space for one lesson, `seats` = capacity (soft `arena_size`, ×1) |
//! | teacher | coach, pinned on each lecture of the teacher's courses |
//! | curriculum | rider: its lectures may not overlap (hard) and should not be isolated (soft `rider_compactness`, ×2) |
//! | course | series of one request per lecture, `min_days` = minimum working days (soft `series_min_days`, ×5), room stability as `arena_stability` (×1) |
//! | unavailability | the lecture's `allowed` windows are the other periods |
//!
//! A course in no curriculum gets a rider of its own, `solo:<course>`, because a Paddock lesson
//! has at least one rider. Its lectures already exclude each other through the teacher, so the
//! hard side is unchanged; but Paddock counts `rider_compactness` for every rider, and ITC counts
//! compactness only for curricula, so an isolated lecture of such a course costs 2 in Paddock and
//! nothing in ITC. None of comp01–comp07 has such a course; `docs/itc2007.md` says what the
//! solver would need to close the gap.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use paddock_solver::score::Constraint;
use paddock_solver::spec::*;
use paddock_solver::{ModelError, Problem, Weights};

use crate::ctt::{CourseId, Instance, RoomId};
use crate::sol::{Placement, Solution};

/// The first day of every horizon built here: a Monday, so that day 0 is Monday.
pub const HORIZON_START: (i32, u32, u32) = (2026, 1, 5);

/// The key of the only lesson kind, a lecture.
pub const LECTURE_KIND: &str = "lecture";

/// The only rider level.
pub const LEVEL: &str = "student";

/// Slot lengths tried, longest first: the longest with which a day's periods fit in 24 hours.
const SLOTS: [u32; 6] = [60, 30, 20, 15, 10, 5];

/// The first period starts at 08:00 when the day allows it.
const FIRST_PERIOD: u32 = 8 * 60;

/// An instance translated into a Paddock problem document, with what is needed to translate
/// timetables both ways.
#[derive(Clone, Debug)]
pub struct Mapping {
    instance: Instance,
    spec: ProblemSpec,
    origin: DateTime<Utc>,
    /// Minutes per period (and lesson length).
    slot: u32,
    /// Minutes after local midnight at which period 0 starts.
    first_period: u32,
    /// Index of each course's first request; a course's requests are consecutive.
    first_request: Vec<usize>,
    /// Request key → (course, lecture number).
    requests: HashMap<String, (CourseId, u32)>,
    rooms: HashMap<String, RoomId>,
}

/// An instance or a timetable that cannot be translated.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AdaptError {
    /// The week is longer than a Paddock horizon.
    #[error("instance: Days: {0} is more than the 366 days of a Paddock horizon")]
    TooManyDays(u32),
    /// A day has more periods than fit in 24 hours at the finest slot.
    #[error("instance: Periods_per_day: {0} is more than the 288 five-minute slots of a day")]
    TooManyPeriods(u32),
    /// A solution lists more lectures of a course than the course has.
    #[error("solution: course {course:?} has more than its {lectures} lectures")]
    ExtraLecture {
        /// The course key.
        course: String,
        /// Its number of lectures.
        lectures: u32,
    },
    /// A lecture of a solution built in code refers to a course or room that does not exist, or
    /// to a day or period out of range.
    #[error("solution: lectures[{0}] is not a course, room, day and period of the instance")]
    OutOfRange(usize),
    /// A lesson of a schedule is not one of the problem's lectures.
    #[error("schedule: lessons[{index}].request {key:?} is not a lecture of the instance")]
    UnknownRequest {
        /// Position in `lessons`.
        index: usize,
        /// The request key.
        key: String,
    },
    /// A lesson of a schedule is in an arena that is not a room.
    #[error("schedule: lessons[{index}].arena {key:?} is not a room of the instance")]
    UnknownArena {
        /// Position in `lessons`.
        index: usize,
        /// The arena key.
        key: String,
    },
    /// A lesson of a schedule does not start at the beginning of a period.
    #[error(
        "schedule: lessons[{index}].start {start} is not the start of a period of the instance"
    )]
    NotAPeriod {
        /// Position in `lessons`.
        index: usize,
        /// The start instant.
        start: DateTime<Utc>,
    },
}

impl Mapping {
    /// Translates an instance. The result validates as a [`Problem`] (see [`Mapping::problem`]).
    pub fn new(instance: &Instance) -> Result<Mapping, AdaptError> {
        if instance.days > 366 {
            return Err(AdaptError::TooManyDays(instance.days));
        }
        let ppd = instance.periods_per_day;
        let slot = SLOTS
            .into_iter()
            .find(|s| ppd * s <= 24 * 60)
            .ok_or(AdaptError::TooManyPeriods(ppd))?;
        let first_period = FIRST_PERIOD.min(24 * 60 - ppd * slot);
        let (y, m, d) = HORIZON_START;
        let start = NaiveDate::from_ymd_opt(y, m, d).expect("a valid date");
        let origin = start.and_hms_opt(0, 0, 0).expect("midnight").and_utc();

        let open = format!(
            "{}-{}",
            clock(first_period),
            clock(first_period + ppd * slot)
        );
        let club = ClubSpec {
            name: instance.name.clone(),
            time_zone: "UTC".into(),
            horizon: HorizonSpec {
                start,
                days: instance.days,
            },
            slot_minutes: slot,
            opening_hours: WeekdayKey::ALL
                .into_iter()
                .map(|day| (day, vec![open.clone()]))
                .collect(),
            closed_dates: Vec::new(),
            levels: vec![LEVEL.into()],
        };

        let arenas = instance
            .rooms
            .iter()
            .map(|r| ArenaSpec {
                seats: Some(r.capacity),
                ..ArenaSpec::new(&r.id, 1)
            })
            .collect();
        let mut coaches: Vec<CoachSpec> = Vec::new();
        for course in &instance.courses {
            if !coaches.iter().any(|c| c.id == course.teacher) {
                coaches.push(CoachSpec::new(&course.teacher));
            }
        }

        // Riders: one per curriculum, and one per course that is in no curriculum.
        let mut riders: Vec<RiderSpec> = instance
            .curricula
            .iter()
            .map(|q| RiderSpec::new(&q.id, LEVEL))
            .collect();
        let mut course_riders: Vec<Vec<String>> = vec![Vec::new(); instance.courses.len()];
        for q in &instance.curricula {
            for c in &q.courses {
                course_riders[c.index()].push(q.id.clone());
            }
        }
        for (c, list) in course_riders.iter_mut().enumerate() {
            if list.is_empty() {
                let mut key = format!("solo:{}", instance.courses[c].id);
                while riders.iter().any(|r| r.id == key) {
                    key.push('_');
                }
                riders.push(RiderSpec::new(&key, LEVEL));
                list.push(key);
            }
        }
        let max_riders = course_riders.iter().map(Vec::len).max().unwrap_or(1).max(1) as u32;
        let kind = LessonKindSpec {
            space: SpaceUse::PerLesson(1),
            horse: HorseNeed::None,
            ..LessonKindSpec::group(LECTURE_KIND, slot, 1, max_riders)
        };

        let horizon_end = start + Duration::days(i64::from(instance.days) - 1);
        let mut unavailable: Vec<Vec<usize>> = vec![Vec::new(); instance.courses.len()];
        for u in &instance.unavailability {
            unavailable[u.course.index()].push((u.day * ppd + u.period) as usize);
        }
        let mut series = Vec::with_capacity(instance.courses.len());
        let mut requests = Vec::with_capacity(instance.lecture_count());
        let mut first_request = Vec::with_capacity(instance.courses.len());
        let mut keys = HashMap::new();
        let mut forbidden = vec![false; instance.periods()];
        for (c, course) in instance.courses.iter().enumerate() {
            series.push(SeriesSpec {
                id: course.id.clone(),
                valid_from: start,
                valid_until: horizon_end,
                // Several lectures a day are allowed; only min_days asks for spreading them.
                max_per_day: course.lectures.max(1),
                min_days_between: 0,
                min_days: Some(course.min_working_days),
            });
            let allowed = if unavailable[c].is_empty() {
                Vec::new()
            } else {
                forbidden.iter_mut().for_each(|f| *f = false);
                unavailable[c].iter().for_each(|&p| forbidden[p] = true);
                allowed_windows(
                    &forbidden,
                    ppd,
                    |p| origin + minutes(first_of(p, ppd, slot, first_period)),
                    slot,
                )
            };
            first_request.push(requests.len());
            for k in 0..course.lectures {
                let key = format!("{}/{k}", course.id);
                keys.insert(key.clone(), (CourseId(c as u32), k));
                requests.push(RequestSpec {
                    id: key,
                    kind: LECTURE_KIND.into(),
                    riders: course_riders[c].clone(),
                    headcount: Some(course.students),
                    series: Some(course.id.clone()),
                    allowed: allowed.clone(),
                    preferred: Vec::new(),
                    preferred_coach: None,
                    preferred_horses: Default::default(),
                    priority: 1,
                    pinned: Pin {
                        coach: Some(course.teacher.clone()),
                        ..Pin::default()
                    },
                });
            }
        }

        let spec = ProblemSpec {
            format: Some(PROBLEM_FORMAT.into()),
            club,
            arenas,
            coaches,
            horses: Vec::new(),
            riders,
            lesson_kinds: vec![kind],
            series,
            requests,
            weights: weights(),
            welfare: WelfareMode::Hard,
        };
        let rooms = instance
            .rooms
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), RoomId(i as u32)))
            .collect();
        Ok(Mapping {
            instance: instance.clone(),
            spec,
            origin,
            slot,
            first_period,
            first_request,
            requests: keys,
            rooms,
        })
    }

    /// The instance this mapping was made from.
    pub fn instance(&self) -> &Instance {
        &self.instance
    }

    /// The problem document.
    pub fn spec(&self) -> &ProblemSpec {
        &self.spec
    }

    /// The validated problem.
    pub fn problem(&self) -> Result<Problem, ModelError> {
        Problem::new(self.spec.clone())
    }

    /// Minutes per period in the problem (60 unless a day has more than 24 periods).
    pub fn slot_minutes(&self) -> u32 {
        self.slot
    }

    /// The request key of lecture `k` of a course, `"<course>/<k>"`.
    pub fn request_key(&self, course: CourseId, k: u32) -> String {
        format!("{}/{k}", self.instance.course(course).id)
    }

    /// The start instant of a period.
    pub fn period_start(&self, day: u32, period: u32) -> DateTime<Utc> {
        self.origin
            + minutes(first_of(
                day * self.instance.periods_per_day + period,
                self.instance.periods_per_day,
                self.slot,
                self.first_period,
            ))
    }

    /// A solution as a schedule document: a course's lectures become its requests in the order
    /// the solution lists them; lectures not listed stay unplaced.
    ///
    /// A course listed twice in one period is skipped the second time, as the official validator
    /// skips it, so that both scorers see the same timetable.
    pub fn to_schedule_spec(&self, solution: &Solution) -> Result<ScheduleSpec, AdaptError> {
        let instance = &self.instance;
        let mut used = vec![0u32; instance.courses.len()];
        let mut seen = std::collections::HashSet::new();
        let mut lessons = Vec::with_capacity(solution.lectures.len());
        for (i, p) in solution.lectures.iter().enumerate() {
            if p.course.index() >= instance.courses.len()
                || p.room.index() >= instance.rooms.len()
                || p.day >= instance.days
                || p.period >= instance.periods_per_day
            {
                return Err(AdaptError::OutOfRange(i));
            }
            if !seen.insert((p.course, p.day, p.period)) {
                continue;
            }
            let course = instance.course(p.course);
            let k = used[p.course.index()];
            if k >= course.lectures {
                return Err(AdaptError::ExtraLecture {
                    course: course.id.clone(),
                    lectures: course.lectures,
                });
            }
            used[p.course.index()] += 1;
            lessons.push(LessonSpec {
                request: self.spec.requests[self.first_request[p.course.index()] + k as usize]
                    .id
                    .clone(),
                start: self.period_start(p.day, p.period),
                coach: course.teacher.clone(),
                arena: instance.room(p.room).id.clone(),
                horses: Default::default(),
            });
        }
        Ok(ScheduleSpec {
            format: Some(paddock_solver::spec::SCHEDULE_FORMAT.into()),
            lessons,
            unassigned: Vec::new(),
        })
    }

    /// A schedule document back as a solution, one line per placed lesson in document order.
    /// Coaches are not read: a lecture's teacher is fixed.
    pub fn to_solution(&self, schedule: &ScheduleSpec) -> Result<Solution, AdaptError> {
        let ppd = self.instance.periods_per_day;
        let mut lectures = Vec::with_capacity(schedule.lessons.len());
        for (index, lesson) in schedule.lessons.iter().enumerate() {
            let &(course, _) =
                self.requests
                    .get(&lesson.request)
                    .ok_or_else(|| AdaptError::UnknownRequest {
                        index,
                        key: lesson.request.clone(),
                    })?;
            let room = *self
                .rooms
                .get(&lesson.arena)
                .ok_or_else(|| AdaptError::UnknownArena {
                    index,
                    key: lesson.arena.clone(),
                })?;
            let not_a_period = || AdaptError::NotAPeriod {
                index,
                start: lesson.start,
            };
            let since = lesson.start - self.origin;
            if since < Duration::zero() || since != Duration::minutes(since.num_minutes()) {
                return Err(not_a_period());
            }
            let minute = since.num_minutes();
            let (day, time) = (
                minute / (24 * 60),
                minute % (24 * 60) - i64::from(self.first_period),
            );
            let slot = i64::from(self.slot);
            if day >= i64::from(self.instance.days)
                || time < 0
                || time % slot != 0
                || time / slot >= i64::from(ppd)
            {
                return Err(not_a_period());
            }
            lectures.push(Placement {
                course,
                room,
                day: day as u32,
                period: (time / slot) as u32,
            });
        }
        Ok(Solution { lectures })
    }
}

/// The weights that make Paddock's soft score the ITC-2007 total cost.
pub fn weights() -> Weights {
    let mut w = Weights::default();
    for c in Constraint::ALL {
        if c.level() == paddock_solver::score::Level::Soft {
            w.set(c, 0);
        }
    }
    w.set(Constraint::ArenaSize, 1)
        .set(Constraint::SeriesMinDays, 5)
        .set(Constraint::RiderCompactness, 2)
        .set(Constraint::ArenaStability, 1)
        .set(Constraint::Unassigned, 1);
    w
}

/// Minutes after the horizon's origin at which period `p` (of the whole week) starts.
fn first_of(p: u32, ppd: u32, slot: u32, first_period: u32) -> u32 {
    (p / ppd) * 24 * 60 + first_period + (p % ppd) * slot
}

/// The periods not forbidden, as spans of consecutive periods within a day.
fn allowed_windows(
    forbidden: &[bool],
    ppd: u32,
    start: impl Fn(u32) -> DateTime<Utc>,
    slot: u32,
) -> Vec<TimeSpan> {
    let mut spans = Vec::new();
    let mut p = 0;
    while (p as usize) < forbidden.len() {
        if forbidden[p as usize] {
            p += 1;
            continue;
        }
        let from = p;
        while (p as usize) < forbidden.len()
            && !forbidden[p as usize]
            && (p == from || p % ppd != 0)
        {
            p += 1;
        }
        spans.push(TimeSpan::new(start(from), start(p - 1) + minutes(slot)));
    }
    if spans.is_empty() {
        // Every period is forbidden. An empty list would mean "anywhere", so allow only an hour
        // before the horizon: every placement is then outside the allowed windows.
        let before = start(0) - Duration::days(1);
        spans.push(TimeSpan::new(before, before + Duration::hours(1)));
    }
    spans
}

fn minutes(m: u32) -> Duration {
    Duration::minutes(i64::from(m))
}

fn clock(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}
