//! Builds a `paddock-solver` [`ProblemSpec`] from the database for a range of local dates.
//!
//! The tables map one-to-one to the solver's model; ids become keys `coach-7`, `horse-3`,
//! `arena-2`, `member-12`, `course-5` (a course product is a lesson kind), `booking-9`:
//!
//! | database | solver |
//! |---|---|
//! | `club` | `club` (time zone, opening hours every day, slot minutes, horizon = the range, levels) |
//! | `arenas` + `arena_closures` | `arenas` (tags, capacity, closures as absences) |
//! | `coaches` + weekly availability + exceptions | `coaches` (qualifications, weekly hours, dated exceptions that replace a day's hours, daily limits) |
//! | `horses` + weekly availability + `horse_vet_holds` | `horses` (levels from min to max, rider weight, rest weekdays, vet holds, welfare limits) |
//! | `members` | `riders` (level, weight) |
//! | `product_courses` | `lesson_kinds` (duration, format, riders, arena tags, coach qualification, horse need) |
//! | `bookings` in state `requested` | `requests` (allowed anywhere in the range, preferred windows, preferred coach and horse) |
//!
//! Inactive coaches, horses and arenas are left out.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use paddock_catalog::RiderLevel;
use paddock_solver::Problem;
use paddock_solver::spec::{
    ArenaSpec, AvailabilitySpec, ClubSpec, CoachSpec, DateException, HorizonSpec, HorseNeed,
    HorseSpec, LessonFormat, LessonKindSpec, ProblemSpec, RequestSpec, RiderSpec, SpaceUse,
    TimeSpan, WeekdayKey, WeeklyHours,
};

use crate::db::{Db, Flag};
use crate::domain;
use crate::http::availability::{self, Window};
use crate::http::{arenas, coaches, horses};

/// Why no problem could be built.
#[derive(Debug, thiserror::Error)]
pub enum ProblemError {
    /// The date range is empty, reversed or too long.
    #[error("range: {0}")]
    Range(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] crate::Error),
    /// The data does not make a valid model (a solver model error, with the entity and field).
    #[error("model: {0}")]
    Model(String),
}

/// The longest horizon built at once, in days.
pub const MAX_DAYS: i64 = 62;

fn key(prefix: &str, id: i64) -> String {
    format!("{prefix}-{id}")
}

fn weekday_key(iso: i64) -> Option<WeekdayKey> {
    usize::try_from(iso - 1)
        .ok()
        .and_then(|i| WeekdayKey::ALL.get(i).copied())
}

fn range_text(start: &str, end: &str) -> String {
    format!("{start}-{end}")
}

fn weekly(windows: &[Window]) -> Option<WeeklyHours> {
    if windows.is_empty() {
        return None;
    }
    let mut hours: WeeklyHours = BTreeMap::new();
    for w in windows {
        if let Some(day) = weekday_key(w.weekday) {
            hours
                .entry(day)
                .or_default()
                .push(range_text(&w.start_time, &w.end_time));
        }
    }
    Some(hours)
}

fn minutes(t: &str) -> usize {
    NaiveTime::parse_from_str(t, "%H:%M")
        .map(|t| {
            usize::try_from(t.signed_duration_since(NaiveTime::MIN).num_minutes()).unwrap_or(0)
        })
        .unwrap_or(0)
}

/// A day's hours as a minute mask, back to `HH:MM-HH:MM` ranges.
fn mask_to_ranges(mask: &[bool; 1440]) -> Vec<String> {
    let fmt = |x: usize| format!("{:02}:{:02}", x / 60, x % 60);
    let mut out = Vec::new();
    let mut start = None;
    // A closing `false` ends a range that runs to midnight.
    for (m, on) in mask
        .iter()
        .copied()
        .chain(std::iter::once(false))
        .enumerate()
    {
        match (on, start) {
            (true, None) => start = Some(m),
            (false, Some(s)) => {
                let end = if m == 1440 {
                    "24:00".to_owned()
                } else {
                    fmt(m)
                };
                out.push(range_text(&fmt(s), &end));
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn paint(mask: &mut [bool; 1440], start: &str, end: &str, on: bool) {
    let (a, b) = (minutes(start), minutes(end).min(1440));
    if a < b {
        mask[a..b].fill(on);
    }
}

fn span(start: &str, end: &str, reason: &str) -> Option<TimeSpan> {
    Some(TimeSpan {
        start: crate::instant::decode(start)?,
        end: crate::instant::decode(end)?,
        reason: reason.to_owned(),
    })
}

/// Builds and validates the problem of `[from, to]` (local dates, inclusive).
pub async fn problem_from_db(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<ProblemSpec, ProblemError> {
    let days = (to - from).num_days() + 1;
    if days < 1 {
        return Err(ProblemError::Range("to must not be before from".into()));
    }
    if days > MAX_DAYS {
        return Err(ProblemError::Range(format!(
            "at most {MAX_DAYS} days at once"
        )));
    }
    let club = crate::http::club::fetch(db).await?;
    let tz: Tz = club.time_zone.parse().map_err(|_| {
        ProblemError::Model(format!("club time zone {:?} is unknown", club.time_zone))
    })?;
    // The horizon in UTC, for the interval tables.
    let local_midnight = |d: NaiveDate| {
        tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| d.and_time(NaiveTime::MIN).and_utc())
    };
    let h_start = local_midnight(from);
    let h_end = local_midnight(to + Duration::days(1));
    let (h_from, h_to) = (
        crate::instant::encode(h_start),
        crate::instant::encode(h_end),
    );

    let opening = vec![range_text(&club.opens_at, &club.closes_at)];
    let club_spec = ClubSpec {
        name: club.name.clone(),
        time_zone: club.time_zone.clone(),
        horizon: HorizonSpec {
            start: from,
            days: u32::try_from(days).unwrap_or(1),
        },
        slot_minutes: u32::try_from(club.slot_minutes).unwrap_or(15),
        opening_hours: WeekdayKey::ALL
            .into_iter()
            .map(|d| (d, opening.clone()))
            .collect(),
        closed_dates: Vec::new(),
        levels: RiderLevel::ALL
            .iter()
            .map(|l| l.as_str().to_owned())
            .collect(),
    };

    // Arenas and their closures.
    let closures =
        availability::intervals_overlapping(db, arenas::CLOSURES, arenas::OWNER, &h_from, &h_to)
            .await?;
    let arena_specs = arenas::all(db)
        .await?
        .into_iter()
        .filter(|a| a.active)
        .map(|a| ArenaSpec {
            id: key("arena", a.id),
            name: a.name.clone(),
            tags: a.tags.clone(),
            capacity: u32::try_from(a.capacity).unwrap_or(1),
            seats: None,
            availability: AvailabilitySpec {
                absences: closures
                    .iter()
                    .filter(|c| c.owner_id == a.id)
                    .filter_map(|c| span(&c.starts_at, &c.ends_at, &c.reason))
                    .collect(),
                ..AvailabilitySpec::default()
            },
        })
        .collect();

    // Coaches: weekly hours, and exceptions folded into the hours of their dates.
    let mut coach_windows =
        availability::windows_by_owner(db, coaches::WEEKLY, coaches::OWNER).await?;
    let exceptions = coaches::exceptions_between(
        db,
        &from.format("%Y-%m-%d").to_string(),
        &to.format("%Y-%m-%d").to_string(),
    )
    .await?;
    let mut coach_specs = Vec::new();
    for c in coaches::all_rows(db).await? {
        if !c.active.0 {
            continue;
        }
        let mine: Vec<Window> = coach_windows.remove(&c.id).unwrap_or_default();
        let mut by_date: BTreeMap<String, Vec<&coaches::CoachException>> = BTreeMap::new();
        for e in exceptions.iter().filter(|e| e.coach_id == c.id) {
            by_date.entry(e.date.clone()).or_default().push(e);
        }
        let mut dated = Vec::new();
        for (date, list) in by_date {
            let Ok(day) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
                continue;
            };
            let iso = i64::from(day.weekday().number_from_monday());
            let mut mask = [false; 1440];
            let weekly_today: Vec<&Window> = mine.iter().filter(|w| w.weekday == iso).collect();
            if mine.is_empty() {
                paint(&mut mask, &club.opens_at, &club.closes_at, true);
            }
            for w in weekly_today {
                paint(&mut mask, &w.start_time, &w.end_time, true);
            }
            for e in &list {
                match (&e.start_time, &e.end_time, e.available) {
                    (None, _, Flag(false)) | (_, None, Flag(false)) => mask = [false; 1440],
                    (Some(s), Some(t), Flag(on)) => paint(&mut mask, s, t, on),
                    _ => {}
                }
            }
            dated.push(DateException {
                date: day,
                hours: mask_to_ranges(&mask),
            });
        }
        coach_specs.push(CoachSpec {
            id: key("coach", c.id),
            name: c.name.clone(),
            qualifications: domain::json_list(&c.qualifications),
            availability: AvailabilitySpec {
                weekly: weekly(&mine),
                exceptions: dated,
                absences: Vec::new(),
            },
            max_lessons_per_day: c.max_lessons_per_day.and_then(|v| u32::try_from(v).ok()),
            max_minutes_per_day: c
                .max_work_minutes_per_day
                .and_then(|v| u32::try_from(v).ok()),
        });
    }

    // Horses.
    let mut horse_windows =
        availability::windows_by_owner(db, horses::WEEKLY, horses::OWNER).await?;
    let holds =
        availability::intervals_overlapping(db, horses::HOLDS, horses::OWNER, &h_from, &h_to)
            .await?;
    let mut horse_specs = Vec::new();
    for h in horses::all_rows(db).await? {
        if !h.active.0 {
            continue;
        }
        let min: RiderLevel = h.min_level.parse().unwrap_or(RiderLevel::Beginner);
        let max: RiderLevel = h.max_level.parse().unwrap_or(RiderLevel::Expert);
        let mine: Vec<Window> = horse_windows.remove(&h.id).unwrap_or_default();
        horse_specs.push(HorseSpec {
            id: key("horse", h.id),
            name: h.name.clone(),
            levels: RiderLevel::ALL
                .into_iter()
                .filter(|l| *l >= min && *l <= max)
                .map(|l| l.as_str().to_owned())
                .collect(),
            max_rider_weight_kg: u32::try_from(h.max_rider_weight_kg).ok(),
            availability: AvailabilitySpec {
                weekly: weekly(&mine),
                ..AvailabilitySpec::default()
            },
            rest_weekdays: domain::json_list::<i64>(&h.rest_weekdays)
                .into_iter()
                .filter_map(weekday_key)
                .collect(),
            vet_holds: holds
                .iter()
                .filter(|v| v.owner_id == h.id)
                .filter_map(|v| span(&v.starts_at, &v.ends_at, &v.reason))
                .collect(),
            max_lessons_per_day: u32::try_from(h.max_lessons_per_day).ok(),
            max_work_minutes_per_day: u32::try_from(h.max_work_minutes_per_day).ok(),
            min_rest_minutes: u32::try_from(h.min_rest_minutes).ok(),
            owner: None,
        });
    }

    // Riders, lesson kinds and requests.
    let riders: Vec<RiderRow> =
        sqlx::query_as("SELECT id, name, level, weight_kg FROM members ORDER BY id")
            .fetch_all(db.pool())
            .await
            .map_err(crate::Error::from)?;
    let rider_specs = riders
        .into_iter()
        .map(|r| RiderSpec {
            id: key("member", r.id),
            name: r.name,
            level: r.level,
            weight_kg: r.weight_kg.and_then(|w| u32::try_from(w).ok()),
            preferred_coaches: Vec::new(),
            preferred_horses: Vec::new(),
        })
        .collect();
    let kinds: Vec<KindRow> = sqlx::query_as(
        "SELECT p.id, p.name, c.lesson_format, c.duration_minutes, c.min_riders, c.max_riders, \
         c.arena_tags, c.coach_qualifications, c.needs_school_horse \
         FROM products p JOIN product_courses c ON c.product_id = p.id ORDER BY p.id",
    )
    .fetch_all(db.pool())
    .await
    .map_err(crate::Error::from)?;
    let kind_specs = kinds
        .into_iter()
        .map(|k| {
            let group = k.lesson_format == "group";
            LessonKindSpec {
                id: key("course", k.id),
                name: k.name,
                duration_minutes: u32::try_from(k.duration_minutes).unwrap_or(0),
                format: if group {
                    LessonFormat::Group
                } else {
                    LessonFormat::Private
                },
                min_riders: u32::try_from(k.min_riders).unwrap_or(1),
                max_riders: u32::try_from(k.max_riders).unwrap_or(1),
                // One space unit per rider: a private lesson takes one, a group of four takes four.
                space: SpaceUse::PerRider(1),
                arena_tags: domain::json_list(&k.arena_tags),
                // The solver takes one qualification; the course form allows several, of which
                // the first (alphabetically) is required here.
                coach_qualification: domain::json_list::<String>(&k.coach_qualifications)
                    .into_iter()
                    .next(),
                horse: if k.needs_school_horse.0 {
                    HorseNeed::School
                } else {
                    HorseNeed::Own
                },
            }
        })
        .collect();
    let bookings: Vec<BookingRow> = sqlx::query_as(
        "SELECT b.id, b.member_id, b.product_id, b.preferred_coach_id, b.preferred_horse_id, \
         b.preferred_windows FROM bookings b JOIN product_courses c ON c.product_id = b.product_id \
         WHERE b.status = 'requested' ORDER BY b.id",
    )
    .fetch_all(db.pool())
    .await
    .map_err(crate::Error::from)?;
    let whole = TimeSpan {
        start: h_start,
        end: h_end,
        reason: String::new(),
    };
    let request_specs = bookings
        .into_iter()
        .map(|b| {
            let rider = key("member", b.member_id);
            let preferred: Vec<TimeSpan> =
                serde_json::from_str::<Vec<HashMap<String, String>>>(&b.preferred_windows)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|w| span(w.get("starts_at")?, w.get("ends_at")?, ""))
                    .collect();
            RequestSpec {
                id: key("booking", b.id),
                kind: key("course", b.product_id),
                riders: vec![rider.clone()],
                headcount: None,
                series: None,
                allowed: vec![whole.clone()],
                preferred,
                preferred_coach: b.preferred_coach_id.map(|c| key("coach", c)),
                preferred_horses: b
                    .preferred_horse_id
                    .map(|h| BTreeMap::from([(rider, key("horse", h))]))
                    .unwrap_or_default(),
                priority: 1,
                pinned: Default::default(),
            }
        })
        .collect();

    let spec = ProblemSpec {
        format: None,
        club: club_spec,
        arenas: arena_specs,
        coaches: coach_specs,
        horses: horse_specs,
        riders: rider_specs,
        lesson_kinds: kind_specs,
        series: Vec::new(),
        requests: request_specs,
        weights: Default::default(),
        welfare: Default::default(),
    };
    // Validate with the solver's own model so a bad row shows up here, named.
    let spec_for_check = spec.clone();
    tokio::task::spawn_blocking(move || Problem::new(spec_for_check).map(|_| ()))
        .await
        .map_err(|e| ProblemError::Model(e.to_string()))?
        .map_err(|e| ProblemError::Model(e.to_string()))?;
    Ok(spec)
}

#[derive(sqlx::FromRow)]
struct RiderRow {
    id: i64,
    name: String,
    level: String,
    weight_kg: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct KindRow {
    id: i64,
    name: String,
    lesson_format: String,
    duration_minutes: i64,
    min_riders: i64,
    max_riders: i64,
    arena_tags: String,
    coach_qualifications: String,
    needs_school_horse: Flag,
}

#[derive(sqlx::FromRow)]
struct BookingRow {
    id: i64,
    member_id: i64,
    product_id: i64,
    preferred_coach_id: Option<i64>,
    preferred_horse_id: Option<i64>,
    preferred_windows: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_round_trip_to_ranges() {
        let mut m = [false; 1440];
        paint(&mut m, "09:00", "12:00", true);
        paint(&mut m, "10:00", "11:00", false);
        assert_eq!(mask_to_ranges(&m), ["09:00-10:00", "11:00-12:00"]);
    }
}
