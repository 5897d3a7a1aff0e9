//! How big an instance is: the preset sizes and the parameters behind them.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::GenError;

/// The preset instance sizes of `paddock gen --size`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Size {
    /// One day, ~4 coaches, ~12 horses, 2 arenas, ~40 lessons.
    S,
    /// One week, ~12 coaches, ~40 horses, 4 arenas, ~600 lessons.
    M,
    /// Four weeks, ~30 coaches, ~120 horses, 8 arenas, ~6 000 lessons.
    L,
    /// Ten clubs' worth of resources over four weeks, ~60 000 lessons: for scale.
    Xl,
}

impl Size {
    /// Every preset, smallest first.
    pub const ALL: [Size; 4] = [Size::S, Size::M, Size::L, Size::Xl];

    /// The parameters of this preset.
    pub fn params(self) -> Params {
        let base = Params {
            name: String::new(),
            time_zone: "Asia/Shanghai".into(),
            start: first_monday(),
            days: 1,
            coaches: 4,
            horses: 12,
            arenas: 2,
            riders: 120,
            target_lessons: 40,
            group_share: 0.2,
        };
        match self {
            // One busy Saturday: a Monday would be a rest day for many horses and coaches.
            Size::S => Params {
                name: "Paddock club S".into(),
                start: first_monday() + chrono::Duration::days(5),
                ..base
            },
            Size::M => Params {
                name: "Paddock club M".into(),
                days: 7,
                coaches: 14,
                horses: 48,
                arenas: 4,
                riders: 480,
                target_lessons: 600,
                ..base
            },
            Size::L => Params {
                name: "Paddock club L".into(),
                days: 28,
                coaches: 34,
                horses: 140,
                arenas: 8,
                riders: 1400,
                target_lessons: 6000,
                ..base
            },
            Size::Xl => Params {
                name: "Paddock club XL".into(),
                days: 28,
                coaches: 300,
                horses: 1200,
                arenas: 80,
                riders: 13_000,
                target_lessons: 60_000,
                ..base
            },
        }
    }

    /// A four-week instance with about `lessons` lessons, resources scaled like [`Size::L`]: for
    /// benchmarks from 1 000 to 100 000 lessons.
    pub fn custom(lessons: usize) -> Params {
        let l = Size::L.params();
        let scale = lessons as f64 / l.target_lessons as f64;
        let scaled = |n: usize, min: usize| ((n as f64 * scale).round() as usize).max(min);
        Params {
            name: format!("Paddock club {lessons}"),
            coaches: scaled(l.coaches, 3),
            horses: scaled(l.horses, 10),
            arenas: scaled(l.arenas, 2),
            riders: scaled(l.riders, 30),
            target_lessons: lessons,
            ..l
        }
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Size::S => "s",
            Size::M => "m",
            Size::L => "l",
            Size::Xl => "xl",
        })
    }
}

impl FromStr for Size {
    type Err = GenError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "s" => Ok(Size::S),
            "m" => Ok(Size::M),
            "l" => Ok(Size::L),
            "xl" => Ok(Size::Xl),
            _ => Err(GenError::params(
                "size",
                format!("{s:?} is not one of s, m, l, xl"),
            )),
        }
    }
}

/// Everything that shapes a generated club. The generator aims at `target_lessons` and stops
/// earlier when the resources are full, so the lesson count is a ceiling, not a promise.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// The club's display name.
    pub name: String,
    /// IANA time zone of the club.
    pub time_zone: String,
    /// First day of the horizon; a Monday keeps weeks aligned with the club's weekly patterns.
    pub start: NaiveDate,
    /// Days to plan (1 to 366).
    pub days: u32,
    /// Coaches.
    pub coaches: usize,
    /// Horses, school and privately owned.
    pub horses: usize,
    /// Arenas.
    pub arenas: usize,
    /// Riders (club members).
    pub riders: usize,
    /// Lessons to aim for.
    pub target_lessons: usize,
    /// Share of lessons that are group lessons, between 0 and 1.
    pub group_share: f64,
}

impl Params {
    /// Checks that the parameters describe a club the generator can build.
    pub fn validate(&self) -> Result<(), GenError> {
        if self.time_zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(GenError::params(
                "time_zone",
                format!("{:?} is not an IANA time zone", self.time_zone),
            ));
        }
        if !(1..=366).contains(&self.days) {
            return Err(GenError::params(
                "days",
                format!("{} is not between 1 and 366", self.days),
            ));
        }
        for (field, value, min) in [
            ("coaches", self.coaches, 1),
            ("horses", self.horses, 2),
            ("arenas", self.arenas, 1),
            ("riders", self.riders, 2),
        ] {
            if value < min {
                return Err(GenError::params(
                    field,
                    format!("{value} is below the minimum of {min}"),
                ));
            }
        }
        if self.target_lessons > 1_000_000 {
            return Err(GenError::params(
                "target_lessons",
                format!("{} is more than 1 000 000", self.target_lessons),
            ));
        }
        if !(0.0..=1.0).contains(&self.group_share) {
            return Err(GenError::params(
                "group_share",
                format!("{} is not between 0 and 1", self.group_share),
            ));
        }
        Ok(())
    }
}

/// The first Monday of March 2026: outside Chinese New Year and daylight-saving changes elsewhere.
fn first_monday() -> NaiveDate {
    let date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
    debug_assert_eq!(date.weekday(), Weekday::Mon);
    date
}
