//! Describing a club in code rather than in a file.

use chrono::NaiveDate;

use super::{ModelError, Problem};
use crate::ids::*;
use crate::score::{Constraint, Weights};
use crate::spec::*;

/// Builds a [`Problem`] in code. Each `add_*` returns the typed id the entity will have in the
/// built problem; [`build`](Self::build) validates everything at once.
///
/// ```
/// use paddock_solver::{ProblemBuilder, spec::*};
/// use chrono::NaiveDate;
///
/// let mut club = ProblemBuilder::new("Asia/Shanghai", NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), 7);
/// club.open_every_day("09:00-18:00");
/// club.add_arena(ArenaSpec::new("indoor", 4).tags(["indoor"]));
/// club.add_coach(CoachSpec::new("li").named("Li Wei").qualified(["dressage"]));
/// club.add_rider(RiderSpec::new("r1", "beginner"));
/// club.add_horse(HorseSpec::new("star").levels(["beginner"]));
/// club.add_lesson_kind(LessonKindSpec::private("private-45", 45));
/// club.add_request(RequestSpec::new("L1", "private-45", ["r1"]));
/// let problem = club.build().unwrap();
/// assert_eq!(problem.request_count(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct ProblemBuilder {
    spec: ProblemSpec,
}

impl ProblemBuilder {
    /// A club in `time_zone` planning `days` days from `first_day`, with 15-minute slots and no
    /// opening hours yet.
    pub fn new(time_zone: &str, first_day: NaiveDate, days: u32) -> Self {
        let club = ClubSpec {
            time_zone: time_zone.to_owned(),
            horizon: HorizonSpec {
                start: first_day,
                days,
            },
            ..ClubSpec::default()
        };
        Self {
            spec: ProblemSpec {
                format: Some(PROBLEM_FORMAT.into()),
                club,
                ..ProblemSpec::default()
            },
        }
    }

    /// Starts from an existing document.
    pub fn from_spec(spec: ProblemSpec) -> Self {
        Self { spec }
    }

    /// Mutable access to the club settings (name, slot, levels, closed dates).
    pub fn club(&mut self) -> &mut ClubSpec {
        &mut self.spec.club
    }

    /// Opens the club on `day` during `range` (`HH:MM-HH:MM`), adding to earlier ranges.
    pub fn open(&mut self, day: WeekdayKey, range: &str) -> &mut Self {
        self.spec
            .club
            .opening_hours
            .entry(day)
            .or_default()
            .push(range.to_owned());
        self
    }

    /// Opens the club every day during `range`.
    pub fn open_every_day(&mut self, range: &str) -> &mut Self {
        for day in WeekdayKey::ALL {
            self.open(day, range);
        }
        self
    }

    /// Sets the weight of a constraint.
    pub fn weight(&mut self, constraint: Constraint, weight: i64) -> &mut Self {
        self.spec.weights.set(constraint, weight);
        self
    }

    /// Replaces all weights.
    pub fn weights(&mut self, weights: Weights) -> &mut Self {
        self.spec.weights = weights;
        self
    }

    /// Treats horse welfare limits as hard constraints or as warnings.
    pub fn welfare(&mut self, mode: WelfareMode) -> &mut Self {
        self.spec.welfare = mode;
        self
    }

    /// Adds an arena.
    pub fn add_arena(&mut self, arena: ArenaSpec) -> ArenaId {
        self.spec.arenas.push(arena);
        ArenaId::from_index(self.spec.arenas.len() - 1)
    }

    /// Adds a coach.
    pub fn add_coach(&mut self, coach: CoachSpec) -> CoachId {
        self.spec.coaches.push(coach);
        CoachId::from_index(self.spec.coaches.len() - 1)
    }

    /// Adds a horse.
    pub fn add_horse(&mut self, horse: HorseSpec) -> HorseId {
        self.spec.horses.push(horse);
        HorseId::from_index(self.spec.horses.len() - 1)
    }

    /// Adds a rider.
    pub fn add_rider(&mut self, rider: RiderSpec) -> RiderId {
        self.spec.riders.push(rider);
        RiderId::from_index(self.spec.riders.len() - 1)
    }

    /// Adds a lesson kind.
    pub fn add_lesson_kind(&mut self, kind: LessonKindSpec) -> LessonKindId {
        self.spec.lesson_kinds.push(kind);
        LessonKindId::from_index(self.spec.lesson_kinds.len() - 1)
    }

    /// Adds a series (package).
    pub fn add_series(&mut self, series: SeriesSpec) -> SeriesId {
        self.spec.series.push(series);
        SeriesId::from_index(self.spec.series.len() - 1)
    }

    /// Adds a lesson request.
    pub fn add_request(&mut self, request: RequestSpec) -> RequestId {
        self.spec.requests.push(request);
        RequestId::from_index(self.spec.requests.len() - 1)
    }

    /// The document built so far.
    pub fn spec(&self) -> &ProblemSpec {
        &self.spec
    }

    /// Validates and builds the problem.
    pub fn build(&self) -> Result<Problem, ModelError> {
        Problem::new(self.spec.clone())
    }
}

impl ArenaSpec {
    /// An arena with `capacity` space units, open whenever the club is.
    pub fn new(id: &str, capacity: u32) -> Self {
        Self {
            id: id.into(),
            name: String::new(),
            tags: Vec::new(),
            capacity,
            seats: None,
            availability: AvailabilitySpec::default(),
        }
    }

    /// Sets the tags.
    pub fn tags<const N: usize>(mut self, tags: [&str; N]) -> Self {
        self.tags = tags.map(String::from).to_vec();
        self
    }

    /// Closes the arena over a span.
    pub fn closed(mut self, span: TimeSpan) -> Self {
        self.availability.absences.push(span);
        self
    }
}

impl CoachSpec {
    /// A coach available whenever the club is open, without qualifications or limits.
    pub fn new(id: &str) -> Self {
        Self {
            id: id.into(),
            name: String::new(),
            qualifications: Vec::new(),
            availability: AvailabilitySpec::default(),
            max_lessons_per_day: None,
            max_minutes_per_day: None,
        }
    }

    /// Sets the display name.
    pub fn named(mut self, name: &str) -> Self {
        self.name = name.into();
        self
    }

    /// Sets the qualifications.
    pub fn qualified<const N: usize>(mut self, qualifications: [&str; N]) -> Self {
        self.qualifications = qualifications.map(String::from).to_vec();
        self
    }

    /// Adds weekly working hours on `day`.
    pub fn works(mut self, day: WeekdayKey, range: &str) -> Self {
        self.availability
            .weekly
            .get_or_insert_with(Default::default)
            .entry(day)
            .or_default()
            .push(range.into());
        self
    }

    /// Sets the daily lesson limit.
    pub fn max_lessons_per_day(mut self, limit: u32) -> Self {
        self.max_lessons_per_day = Some(limit);
        self
    }
}

impl HorseSpec {
    /// A school horse for every level, available whenever the club is open, without limits.
    pub fn new(id: &str) -> Self {
        Self {
            id: id.into(),
            name: String::new(),
            levels: Vec::new(),
            max_rider_weight_kg: None,
            availability: AvailabilitySpec::default(),
            rest_weekdays: Vec::new(),
            vet_holds: Vec::new(),
            max_lessons_per_day: None,
            max_work_minutes_per_day: None,
            min_rest_minutes: None,
            owner: None,
        }
    }

    /// Sets the display name.
    pub fn named(mut self, name: &str) -> Self {
        self.name = name.into();
        self
    }

    /// Sets the suitable rider levels.
    pub fn levels<const N: usize>(mut self, levels: [&str; N]) -> Self {
        self.levels = levels.map(String::from).to_vec();
        self
    }

    /// Sets welfare limits: lessons per day, working minutes per day, rest minutes between lessons.
    pub fn welfare(
        mut self,
        lessons_per_day: u32,
        work_minutes_per_day: u32,
        min_rest_minutes: u32,
    ) -> Self {
        self.max_lessons_per_day = Some(lessons_per_day);
        self.max_work_minutes_per_day = Some(work_minutes_per_day);
        self.min_rest_minutes = Some(min_rest_minutes);
        self
    }
}

impl RiderSpec {
    /// A rider of `level`.
    pub fn new(id: &str, level: &str) -> Self {
        Self {
            id: id.into(),
            name: String::new(),
            level: level.into(),
            weight_kg: None,
            preferred_coaches: Vec::new(),
            preferred_horses: Vec::new(),
        }
    }

    /// Sets the display name.
    pub fn named(mut self, name: &str) -> Self {
        self.name = name.into();
        self
    }
}

impl LessonKindSpec {
    /// A private lesson of `minutes` on a school horse, one space unit.
    pub fn private(id: &str, minutes: u32) -> Self {
        Self {
            id: id.into(),
            name: String::new(),
            duration_minutes: minutes,
            format: LessonFormat::Private,
            min_riders: 1,
            max_riders: 1,
            space: SpaceUse::PerRider(1),
            arena_tags: Vec::new(),
            coach_qualification: None,
            horse: HorseNeed::School,
        }
    }

    /// A group lesson of `minutes` for `min..=max` riders on school horses.
    pub fn group(id: &str, minutes: u32, min: u32, max: u32) -> Self {
        Self {
            format: LessonFormat::Group,
            min_riders: min,
            max_riders: max,
            ..Self::private(id, minutes)
        }
    }

    /// Requires a coach qualification.
    pub fn requires_qualification(mut self, qualification: &str) -> Self {
        self.coach_qualification = Some(qualification.into());
        self
    }

    /// Requires arena tags.
    pub fn requires_tags<const N: usize>(mut self, tags: [&str; N]) -> Self {
        self.arena_tags = tags.map(String::from).to_vec();
        self
    }
}

impl RequestSpec {
    /// A request for one lesson of `kind` for `riders`, anywhere in the horizon, priority 1.
    pub fn new<const N: usize>(id: &str, kind: &str, riders: [&str; N]) -> Self {
        Self {
            id: id.into(),
            kind: kind.into(),
            riders: riders.map(String::from).to_vec(),
            headcount: None,
            series: None,
            allowed: Vec::new(),
            preferred: Vec::new(),
            preferred_coach: None,
            preferred_horses: Default::default(),
            priority: 1,
            pinned: Pin::default(),
        }
    }

    /// Adds an allowed window.
    pub fn allowed(mut self, span: TimeSpan) -> Self {
        self.allowed.push(span);
        self
    }

    /// Adds a preferred window.
    pub fn preferred(mut self, span: TimeSpan) -> Self {
        self.preferred.push(span);
        self
    }

    /// Sets the preferred coach.
    pub fn preferred_coach(mut self, coach: &str) -> Self {
        self.preferred_coach = Some(coach.into());
        self
    }
}

impl TimeSpan {
    /// A span between two instants, without a reason.
    pub fn new(start: chrono::DateTime<chrono::Utc>, end: chrono::DateTime<chrono::Utc>) -> Self {
        Self {
            start,
            end,
            reason: String::new(),
        }
    }
}
