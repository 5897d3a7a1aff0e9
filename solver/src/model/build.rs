//! Validation of a problem document and its compilation into indexed form.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{
    Arena, Coach, Horse, Keys, LessonKind, ModelError, Pins, Problem, Request, Rider, Series,
};
use crate::ids::*;
use crate::spec::*;
use crate::time::{Interval, IntervalSet, LocalTime, Minute, TimeAxis, parse_time_range};

const MAX_ENTITIES: usize = 10_000_000;

pub(super) fn build(spec: ProblemSpec) -> Result<Problem, ModelError> {
    if let Some(format) = &spec.format {
        if format != PROBLEM_FORMAT {
            return Err(ModelError::new(
                "problem",
                "format",
                format!("{format:?} is not supported (expected {PROBLEM_FORMAT:?})"),
            ));
        }
    }
    let club = &spec.club;
    let time_zone: Tz = club.time_zone.parse().map_err(|_| {
        ModelError::new(
            "club",
            "time_zone",
            format!("{:?} is not an IANA time zone", club.time_zone),
        )
    })?;
    if !(1..=366).contains(&club.horizon.days) {
        return Err(ModelError::new(
            "club",
            "horizon.days",
            format!("{} is not between 1 and 366", club.horizon.days),
        ));
    }
    if ![5, 10, 15, 20, 30, 60].contains(&club.slot_minutes) {
        return Err(ModelError::new(
            "club",
            "slot_minutes",
            format!("{} is not one of 5, 10, 15, 20, 30, 60", club.slot_minutes),
        ));
    }
    if club.levels.is_empty() {
        return Err(ModelError::new(
            "club",
            "levels",
            "is empty: at least one rider level is needed",
        ));
    }
    let levels = unique_keys("club", "levels", club.levels.iter().map(String::as_str))?;
    let axis = TimeAxis::new(time_zone, club.horizon.start, club.horizon.days);
    let ctx = Context {
        axis: &axis,
        cache: RefCell::default(),
    };

    let mut open = ctx.weekly(&club.opening_hours, "club", "opening_hours")?;
    let mut closed = Vec::new();
    for (i, date) in club.closed_dates.iter().enumerate() {
        match axis.day_index(*date) {
            Some(day) => closed.push(axis.day_interval(day)),
            None => {
                return Err(ModelError::new(
                    "club",
                    format!("closed_dates[{i}]"),
                    format!("{date} is outside the horizon"),
                ));
            }
        }
    }
    open = open.subtract(&IntervalSet::from_intervals(closed));

    let mut keys = Keys::default();
    let arenas = spec
        .arenas
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let entity = format!("arena {:?}", a.id);
            register(
                &mut keys.arenas,
                &a.id,
                ArenaId::from_index(i),
                "arena",
                "arenas",
            )?;
            if a.capacity == 0 {
                return Err(ModelError::new(
                    &entity,
                    "capacity",
                    "must be at least 1 space unit",
                ));
            }
            let (available, closures) = ctx.availability(&a.availability, &entity, &open)?;
            Ok(Arena {
                key: a.id.clone(),
                name: display(&a.name, &a.id),
                tags: a.tags.clone(),
                capacity: a.capacity,
                seats: a.seats,
                available,
                closures,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;

    let coaches = spec
        .coaches
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let entity = format!("coach {:?}", c.id);
            register(
                &mut keys.coaches,
                &c.id,
                CoachId::from_index(i),
                "coach",
                "coaches",
            )?;
            positive(&entity, "max_lessons_per_day", c.max_lessons_per_day)?;
            positive(&entity, "max_minutes_per_day", c.max_minutes_per_day)?;
            let (available, absences) = ctx.availability(&c.availability, &entity, &open)?;
            Ok(Coach {
                key: c.id.clone(),
                name: display(&c.name, &c.id),
                qualifications: c.qualifications.clone(),
                available,
                absences,
                max_lessons_per_day: c.max_lessons_per_day,
                max_minutes_per_day: c.max_minutes_per_day,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;

    let riders = spec
        .riders
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let entity = format!("rider {:?}", r.id);
            register(
                &mut keys.riders,
                &r.id,
                RiderId::from_index(i),
                "rider",
                "riders",
            )?;
            let level = *levels.get(r.level.as_str()).ok_or_else(|| {
                ModelError::new(
                    &entity,
                    "level",
                    format!("{:?} is not one of the club's levels", r.level),
                )
            })?;
            positive(&entity, "weight_kg", r.weight_kg)?;
            Ok(Rider {
                key: r.id.clone(),
                name: display(&r.name, &r.id),
                level,
                weight_kg: r.weight_kg,
                own_horses: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut riders = riders;

    let horses = spec
        .horses
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let entity = format!("horse {:?}", h.id);
            let id = HorseId::from_index(i);
            register(&mut keys.horses, &h.id, id, "horse", "horses")?;
            let horse_levels = h
                .levels
                .iter()
                .enumerate()
                .map(|(j, l)| {
                    levels.get(l.as_str()).copied().ok_or_else(|| {
                        ModelError::new(
                            &entity,
                            format!("levels[{j}]"),
                            format!("{l:?} is not one of the club's levels"),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            positive(&entity, "max_rider_weight_kg", h.max_rider_weight_kg)?;
            positive(&entity, "max_lessons_per_day", h.max_lessons_per_day)?;
            positive(
                &entity,
                "max_work_minutes_per_day",
                h.max_work_minutes_per_day,
            )?;
            let (mut available, _) = ctx.availability(&h.availability, &entity, &open)?;
            let rest_days: Vec<usize> = (0..axis.days())
                .filter(|&d| {
                    h.rest_weekdays
                        .contains(&WeekdayKey::from_weekday(axis.weekday(d)))
                })
                .collect();
            available = available.subtract(&IntervalSet::from_intervals(
                rest_days.iter().map(|&d| axis.day_interval(d)).collect(),
            ));
            let holds = ctx.spans(&h.vet_holds, &entity, "vet_holds")?;
            available = available.subtract(&IntervalSet::from_intervals(
                holds.iter().map(|(i, _)| *i).collect(),
            ));
            let owner = match &h.owner {
                None => None,
                Some(key) => {
                    let rider = *keys.riders.get(key).ok_or_else(|| {
                        ModelError::new(&entity, "owner", format!("rider {key:?} does not exist"))
                    })?;
                    Some(rider)
                }
            };
            Ok(Horse {
                key: h.id.clone(),
                name: display(&h.name, &h.id),
                levels: horse_levels,
                max_rider_weight_kg: h.max_rider_weight_kg,
                available,
                rest_days,
                holds,
                max_lessons_per_day: h.max_lessons_per_day,
                max_work_minutes_per_day: h.max_work_minutes_per_day,
                min_rest_minutes: h.min_rest_minutes,
                owner,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    for (i, horse) in horses.iter().enumerate() {
        if let Some(owner) = horse.owner {
            riders[owner.index()]
                .own_horses
                .push(HorseId::from_index(i));
        }
    }
    for r in &spec.riders {
        let entity = format!("rider {:?}", r.id);
        for (j, c) in r.preferred_coaches.iter().enumerate() {
            lookup(
                &keys.coaches,
                c,
                &entity,
                &format!("preferred_coaches[{j}]"),
                "coach",
            )?;
        }
        for (j, h) in r.preferred_horses.iter().enumerate() {
            lookup(
                &keys.horses,
                h,
                &entity,
                &format!("preferred_horses[{j}]"),
                "horse",
            )?;
        }
    }

    let kinds = spec
        .lesson_kinds
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let entity = format!("lesson kind {:?}", k.id);
            register(
                &mut keys.kinds,
                &k.id,
                LessonKindId::from_index(i),
                "lesson kind",
                "lesson_kinds",
            )?;
            if k.duration_minutes == 0
                || k.duration_minutes % club.slot_minutes != 0
                || k.duration_minutes > 24 * 60
            {
                return Err(ModelError::new(
                    &entity,
                    "duration_minutes",
                    format!(
                        "{} is not a positive multiple of the {}-minute slot up to 24 hours",
                        k.duration_minutes, club.slot_minutes
                    ),
                ));
            }
            if k.min_riders == 0 {
                return Err(ModelError::new(&entity, "min_riders", "must be at least 1"));
            }
            if k.min_riders > k.max_riders {
                return Err(ModelError::new(
                    &entity,
                    "max_riders",
                    format!("{} is below min_riders {}", k.max_riders, k.min_riders),
                ));
            }
            if k.format == LessonFormat::Private && k.max_riders != 1 {
                return Err(ModelError::new(
                    &entity,
                    "max_riders",
                    "must be 1 for a private lesson",
                ));
            }
            Ok(LessonKind {
                key: k.id.clone(),
                duration: k.duration_minutes as i32,
                min_riders: k.min_riders,
                max_riders: k.max_riders,
                horse: k.horse,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;

    let mut series = spec
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let entity = format!("series {:?}", s.id);
            register(
                &mut keys.series,
                &s.id,
                SeriesId::from_index(i),
                "series",
                "series",
            )?;
            if s.valid_until < s.valid_from {
                return Err(ModelError::new(
                    &entity,
                    "valid_until",
                    format!("{} is before valid_from {}", s.valid_until, s.valid_from),
                ));
            }
            if s.max_per_day == 0 {
                return Err(ModelError::new(
                    &entity,
                    "max_per_day",
                    "must be at least 1",
                ));
            }
            // Validity may reach outside the horizon: clamp to the days we plan.
            let first_day = clamp_day(&axis, s.valid_from);
            let last_day = clamp_day(&axis, s.valid_until);
            let valid =
                if s.valid_until < axis.first_day() || s.valid_from > axis.date(axis.days() - 1) {
                    Interval::new(0, 0)
                } else {
                    Interval::new(
                        axis.day_interval(first_day).start,
                        axis.day_interval(last_day).end,
                    )
                };
            Ok(Series {
                key: s.id.clone(),
                valid,
                first_day,
                last_day,
                max_per_day: s.max_per_day,
                min_days_between: s.min_days_between,
                min_days: s.min_days,
                requests: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;

    if spec.requests.len() > MAX_ENTITIES {
        return Err(ModelError::new(
            "problem",
            "requests",
            format!(
                "{} requests is more than {MAX_ENTITIES}",
                spec.requests.len()
            ),
        ));
    }
    let mut requests = Vec::with_capacity(spec.requests.len());
    for (i, r) in spec.requests.iter().enumerate() {
        let id = RequestId::from_index(i);
        register(&mut keys.requests, &r.id, id, "lesson", "requests")?;
        let request = ctx.request(
            r,
            &keys,
            &kinds,
            &spec.lesson_kinds,
            &riders,
            &horses,
            &arenas,
            &coaches,
            &spec,
        )?;
        if let Some(s) = request.series {
            series[s.index()].requests.push(id);
        }
        requests.push(request);
    }

    let weights = spec.weights.clone();
    for (constraint, weight) in weights.overrides() {
        if weight < 0 {
            return Err(ModelError::new(
                "weights",
                constraint.key(),
                format!("{weight} is negative"),
            ));
        }
    }
    Ok(Problem {
        axis: axis.clone(),
        slot: club.slot_minutes as i32,
        open,
        arenas,
        coaches,
        horses,
        riders,
        kinds,
        series,
        requests,
        weights,
        welfare: spec.welfare,
        keys,
        spec,
    })
}

struct Context<'a> {
    axis: &'a TimeAxis,
    cache: RefCell<CandidateCache>,
}

/// Candidate lists already computed, by what they depend on.
#[derive(Default)]
struct CandidateCache {
    coaches: HashMap<LessonKindId, Arc<[CoachId]>>,
    arenas: HashMap<(LessonKindId, u32), Arc<[ArenaId]>>,
    arena_orders: HashMap<(LessonKindId, u32, u32), Arc<[ArenaId]>>,
    horses: HashMap<(RiderId, HorseNeed), Arc<[HorseId]>>,
}

impl Context<'_> {
    /// Weekly local hours → minute intervals over the horizon.
    fn weekly(
        &self,
        hours: &WeeklyHours,
        entity: &str,
        field: &str,
    ) -> Result<IntervalSet, ModelError> {
        let mut ranges: HashMap<WeekdayKey, Vec<(LocalTime, LocalTime)>> = HashMap::new();
        for (day, list) in hours {
            let parsed = list
                .iter()
                .enumerate()
                .map(|(i, text)| {
                    self.range(
                        text,
                        entity,
                        &format!("{field}.{}[{i}]", weekday_name(*day)),
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            ranges.insert(*day, parsed);
        }
        let mut intervals = Vec::new();
        for day in 0..self.axis.days() {
            if let Some(list) = ranges.get(&WeekdayKey::from_weekday(self.axis.weekday(day))) {
                intervals.extend(list.iter().map(|&(a, b)| self.local(day, a, b)));
            }
        }
        Ok(IntervalSet::from_intervals(intervals))
    }

    fn range(
        &self,
        text: &str,
        entity: &str,
        field: &str,
    ) -> Result<(LocalTime, LocalTime), ModelError> {
        parse_time_range(text).ok_or_else(|| {
            ModelError::new(
                entity,
                field,
                format!("{text:?} is not a time range HH:MM-HH:MM with start before end"),
            )
        })
    }

    fn local(&self, day: usize, a: LocalTime, b: LocalTime) -> Interval {
        Interval::new(
            self.axis.local_minute(day, a),
            self.axis.local_minute(day, b),
        )
    }

    /// Availability → (available minutes inside `default`, absences with their reasons).
    #[allow(clippy::type_complexity)]
    fn availability(
        &self,
        spec: &AvailabilitySpec,
        entity: &str,
        default: &IntervalSet,
    ) -> Result<(IntervalSet, Vec<(Interval, String)>), ModelError> {
        let mut available = match &spec.weekly {
            Some(weekly) => self.weekly(weekly, entity, "availability.weekly")?,
            None => default.clone(),
        };
        let mut seen = HashSet::new();
        for (i, exception) in spec.exceptions.iter().enumerate() {
            let field = format!("availability.exceptions[{i}]");
            if !seen.insert(exception.date) {
                return Err(ModelError::new(
                    entity,
                    &field,
                    format!("{} appears twice", exception.date),
                ));
            }
            // Exceptions outside the horizon are legal (a coach's calendar is longer than a plan).
            let Some(day) = self.axis.day_index(exception.date) else {
                continue;
            };
            let day_interval = IntervalSet::from_intervals(vec![self.axis.day_interval(day)]);
            let mut intervals = available.subtract(&day_interval).intervals().to_vec();
            for (j, text) in exception.hours.iter().enumerate() {
                let (a, b) = self.range(text, entity, &format!("{field}.hours[{j}]"))?;
                intervals.push(self.local(day, a, b));
            }
            available = IntervalSet::from_intervals(intervals);
        }
        let absences = self.spans(&spec.absences, entity, "availability.absences")?;
        available = available.subtract(&IntervalSet::from_intervals(
            absences.iter().map(|(i, _)| *i).collect(),
        ));
        Ok((available, absences))
    }

    fn spans(
        &self,
        spans: &[TimeSpan],
        entity: &str,
        field: &str,
    ) -> Result<Vec<(Interval, String)>, ModelError> {
        spans
            .iter()
            .enumerate()
            .map(|(i, s)| {
                Ok((
                    self.span(s, entity, &format!("{field}[{i}]"))?,
                    s.reason.clone(),
                ))
            })
            .collect()
    }

    /// An instant span → minutes, clamped to a little beyond the horizon so far-away dates stay
    /// representable.
    fn span(&self, span: &TimeSpan, entity: &str, field: &str) -> Result<Interval, ModelError> {
        if span.end <= span.start {
            return Err(ModelError::new(
                entity,
                format!("{field}.end"),
                format!("{} is not after start {}", span.end, span.start),
            ));
        }
        Ok(Interval::new(
            self.clamped(span.start),
            self.clamped(span.end),
        ))
    }

    fn clamped(&self, instant: DateTime<Utc>) -> Minute {
        let horizon = self.axis.horizon();
        self.axis
            .minute(instant)
            .clamp(i64::from(horizon.start) - 1, i64::from(horizon.end) + 1) as Minute
    }

    #[allow(clippy::too_many_arguments)]
    fn request(
        &self,
        r: &RequestSpec,
        keys: &Keys,
        kinds: &[LessonKind],
        kind_specs: &[LessonKindSpec],
        riders: &[Rider],
        horses: &[Horse],
        arenas: &[Arena],
        coaches: &[Coach],
        spec: &ProblemSpec,
    ) -> Result<Request, ModelError> {
        let entity = format!("lesson {:?}", r.id);
        let kind_id = lookup(&keys.kinds, &r.kind, &entity, "kind", "lesson kind")?;
        let kind = &kinds[kind_id.index()];
        let kind_spec = &kind_specs[kind_id.index()];
        if r.riders.is_empty() {
            return Err(ModelError::new(
                &entity,
                "riders",
                "is empty: a lesson has at least one rider",
            ));
        }
        let mut rider_ids = Vec::with_capacity(r.riders.len());
        for (j, key) in r.riders.iter().enumerate() {
            let id = lookup(&keys.riders, key, &entity, &format!("riders[{j}]"), "rider")?;
            if rider_ids.contains(&id) {
                return Err(ModelError::new(
                    &entity,
                    format!("riders[{j}]"),
                    format!("rider {key:?} appears twice"),
                ));
            }
            rider_ids.push(id);
        }
        let series = match &r.series {
            Some(key) => Some(lookup(&keys.series, key, &entity, "series", "series")?),
            None => None,
        };
        if !(1..=1000).contains(&r.priority) {
            return Err(ModelError::new(
                &entity,
                "priority",
                format!("{} is not between 1 and 1000", r.priority),
            ));
        }
        let horizon = IntervalSet::from_intervals(vec![self.axis.horizon()]);
        let allowed = if r.allowed.is_empty() {
            horizon.clone()
        } else {
            let spans = self.spans(&r.allowed, &entity, "allowed")?;
            IntervalSet::from_intervals(spans.into_iter().map(|(i, _)| i).collect())
                .intersect(&horizon)
        };
        let preferred = IntervalSet::from_intervals(
            self.spans(&r.preferred, &entity, "preferred")?
                .into_iter()
                .map(|(i, _)| i)
                .collect(),
        );
        let preferred_coach = match &r.preferred_coach {
            Some(key) => Some(lookup(
                &keys.coaches,
                key,
                &entity,
                "preferred_coach",
                "coach",
            )?),
            None => spec.riders[rider_ids[0].index()]
                .preferred_coaches
                .first()
                .and_then(|c| keys.coaches.get(c).copied()),
        };
        for rider in r.preferred_horses.keys().chain(r.pinned.horses.keys()) {
            if !r.riders.contains(rider) {
                return Err(ModelError::new(
                    &entity,
                    "preferred_horses",
                    format!("rider {rider:?} is not a rider of this lesson"),
                ));
            }
        }
        let mut preferred_horses = Vec::with_capacity(rider_ids.len());
        let mut pinned_horses = Vec::with_capacity(rider_ids.len());
        for (j, key) in r.riders.iter().enumerate() {
            let preferred = match r.preferred_horses.get(key) {
                Some(h) => Some(lookup(
                    &keys.horses,
                    h,
                    &entity,
                    &format!("preferred_horses.{key}"),
                    "horse",
                )?),
                None => spec.riders[rider_ids[j].index()]
                    .preferred_horses
                    .first()
                    .and_then(|h| keys.horses.get(h).copied()),
            };
            preferred_horses.push(preferred);
            pinned_horses.push(match r.pinned.horses.get(key) {
                Some(h) => Some(lookup(
                    &keys.horses,
                    h,
                    &entity,
                    &format!("pinned.horses.{key}"),
                    "horse",
                )?),
                None => None,
            });
        }
        if kind.horse == HorseNeed::None && pinned_horses.iter().any(Option::is_some) {
            return Err(ModelError::new(
                &entity,
                "pinned.horses",
                format!("lesson kind {:?} uses no horse", kind.key),
            ));
        }
        let pins = Pins {
            start: match r.pinned.start {
                Some(start) => Some(
                    self.axis
                        .exact_minute(start)
                        .filter(|m| self.axis.horizon().contains(Interval::new(*m, *m)))
                        .ok_or_else(|| {
                            ModelError::new(
                                &entity,
                                "pinned.start",
                                format!("{start} is not a whole minute inside the horizon"),
                            )
                        })?,
                ),
                None => None,
            },
            coach: match &r.pinned.coach {
                Some(key) => Some(lookup(
                    &keys.coaches,
                    key,
                    &entity,
                    "pinned.coach",
                    "coach",
                )?),
                None => None,
            },
            arena: match &r.pinned.arena {
                Some(key) => Some(lookup(&keys.arenas, key, &entity, "pinned.arena", "arena")?),
                None => None,
            },
            horses: pinned_horses,
        };
        let units = match kind_spec.space {
            SpaceUse::PerRider(u) => u * rider_ids.len() as u32,
            SpaceUse::PerLesson(u) => u,
        };
        // Candidate lists are shared between requests of one kind, size or rider: a club with
        // 100 000 lessons has a few dozen distinct lists, not 100 000 copies.
        let mut cache = self.cache.borrow_mut();
        let coach_candidates = cache
            .coaches
            .entry(kind_id)
            .or_insert_with(|| {
                (0..coaches.len())
                    .filter(|&c| {
                        kind_spec
                            .coach_qualification
                            .as_ref()
                            .is_none_or(|q| coaches[c].qualifications.contains(q))
                    })
                    .map(CoachId::from_index)
                    .collect()
            })
            .clone();
        let arena_candidates = cache
            .arenas
            .entry((kind_id, units))
            .or_insert_with(|| {
                (0..arenas.len())
                    .filter(|&a| {
                        kind_spec
                            .arena_tags
                            .iter()
                            .all(|t| arenas[a].tags.contains(t))
                            && arenas[a].capacity >= units
                    })
                    .map(ArenaId::from_index)
                    .collect()
            })
            .clone();
        let headcount = r.headcount.unwrap_or(r.riders.len() as u32);
        let arena_order = cache
            .arena_orders
            .entry((kind_id, units, headcount))
            .or_insert_with(|| {
                // Best fit: arenas seating everybody first, the smallest first (big arenas stay
                // free for big groups); then the others, the most seats first.
                let mut order = arena_candidates.to_vec();
                order.sort_by_key(|&a| match arenas[a.index()].seats {
                    None => (0, u32::MAX, a),
                    Some(seats) if seats >= headcount => (0, seats, a),
                    Some(seats) => (1, u32::MAX - seats, a),
                });
                order.into()
            })
            .clone();
        let horse_candidates = rider_ids
            .iter()
            .map(|&rider| {
                cache
                    .horses
                    .entry((rider, kind.horse))
                    .or_insert_with(|| match kind.horse {
                        HorseNeed::None => Arc::from([]),
                        HorseNeed::Own => riders[rider.index()].own_horses.as_slice().into(),
                        HorseNeed::School => school_lesson_horses(horses, &riders[rider.index()]),
                    })
                    .clone()
            })
            .collect();
        Ok(Request {
            key: r.id.clone(),
            kind: kind_id,
            riders: rider_ids,
            series,
            duration: kind.duration,
            units,
            headcount,
            horse_need: kind.horse,
            allowed,
            preferred,
            preferred_coach,
            preferred_horses,
            priority: r.priority,
            pins,
            coach_candidates,
            arena_candidates,
            arena_order,
            horse_candidates,
        })
    }
}

/// The horses `rider` may have in a school lesson: their own first (a member may bring theirs,
/// which leaves a school horse to somebody else), then the school horses; each must suit the
/// rider's level and weight, as the evaluator's `horse_unsuitable` requires.
fn school_lesson_horses(horses: &[Horse], rider: &Rider) -> Arc<[HorseId]> {
    let own = rider.own_horses.iter().copied();
    let school = (0..horses.len())
        .map(HorseId::from_index)
        .filter(|h| horses[h.index()].owner.is_none());
    own.chain(school)
        .filter(|h| horse_suits_ignoring_owner(&horses[h.index()], rider))
        .collect()
}

/// Whether a horse may carry a rider by level and weight.
pub(crate) fn horse_suits_ignoring_owner(horse: &Horse, rider: &Rider) -> bool {
    (horse.levels.is_empty() || horse.levels.contains(&rider.level))
        && match (horse.max_rider_weight_kg, rider.weight_kg) {
            (Some(max), Some(weight)) => weight <= max,
            _ => true,
        }
}

fn clamp_day(axis: &TimeAxis, date: chrono::NaiveDate) -> usize {
    let d = (date - axis.first_day()).num_days();
    d.clamp(0, axis.days() as i64 - 1) as usize
}

fn register<I: Copy>(
    map: &mut HashMap<String, I>,
    key: &str,
    id: I,
    what: &str,
    list: &str,
) -> Result<(), ModelError> {
    if key.trim().is_empty() {
        return Err(ModelError::new(
            format!("{list}[{}]", map.len()),
            "id",
            format!("is empty: every {what} needs a key"),
        ));
    }
    if map.len() >= MAX_ENTITIES {
        return Err(ModelError::new(
            list,
            "length",
            format!("more than {MAX_ENTITIES} entries"),
        ));
    }
    if map.insert(key.to_owned(), id).is_some() {
        return Err(ModelError::new(
            format!("{what} {key:?}"),
            "id",
            "is used by another entry",
        ));
    }
    Ok(())
}

fn lookup<I: Copy>(
    map: &HashMap<String, I>,
    key: &str,
    entity: &str,
    field: &str,
    what: &str,
) -> Result<I, ModelError> {
    map.get(key)
        .copied()
        .ok_or_else(|| ModelError::new(entity, field, format!("{what} {key:?} does not exist")))
}

fn positive(entity: &str, field: &str, value: Option<u32>) -> Result<(), ModelError> {
    match value {
        Some(0) => Err(ModelError::new(
            entity,
            field,
            "must be positive when given",
        )),
        _ => Ok(()),
    }
}

fn unique_keys<'a>(
    entity: &str,
    field: &str,
    keys: impl Iterator<Item = &'a str>,
) -> Result<HashMap<&'a str, usize>, ModelError> {
    let mut map = HashMap::new();
    for (i, key) in keys.enumerate() {
        if map.insert(key, i).is_some() {
            return Err(ModelError::new(
                entity,
                format!("{field}[{i}]"),
                format!("{key:?} appears twice"),
            ));
        }
    }
    Ok(map)
}

fn display(name: &str, key: &str) -> String {
    if name.is_empty() {
        key.to_owned()
    } else {
        name.to_owned()
    }
}

fn weekday_name(day: WeekdayKey) -> &'static str {
    match day {
        WeekdayKey::Mon => "mon",
        WeekdayKey::Tue => "tue",
        WeekdayKey::Wed => "wed",
        WeekdayKey::Thu => "thu",
        WeekdayKey::Fri => "fri",
        WeekdayKey::Sat => "sat",
        WeekdayKey::Sun => "sun",
    }
}
