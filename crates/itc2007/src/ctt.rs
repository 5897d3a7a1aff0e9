//! The `.ctt` instance format: header, `COURSES:`, `ROOMS:`, `CURRICULA:`,
//! `UNAVAILABILITY_CONSTRAINTS:`, `END.`.
//!
//! The official validator reads the file as a stream of whitespace-separated tokens and trusts it.
//! We read it line by line instead, so that every error can name the line and the field that is
//! wrong, and we check what the validator assumes: counts match the header, keys are unique, every
//! course named in a curriculum or a constraint exists, days and periods are in range.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

/// A course, by its position in [`Instance::courses`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CourseId(pub u32);

/// A room, by its position in [`Instance::rooms`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RoomId(pub u32);

/// A curriculum, by its position in [`Instance::curricula`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CurriculumId(pub u32);

macro_rules! index {
    ($($name:ident),*) => {$(
        impl $name {
            /// The position of the entity in its list.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}
index!(CourseId, RoomId, CurriculumId);

/// One ITC-2007 Track 3 instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    /// The `Name:` of the header.
    pub name: String,
    /// Days in the week (`Days:`).
    pub days: u32,
    /// Periods in a day (`Periods_per_day:`).
    pub periods_per_day: u32,
    /// Courses, in file order.
    pub courses: Vec<Course>,
    /// Rooms, in file order.
    pub rooms: Vec<Room>,
    /// Curricula, in file order.
    pub curricula: Vec<Curriculum>,
    /// Periods in which a course may not be taught, in file order.
    pub unavailability: Vec<Unavailability>,
}

/// A course: `id teacher lectures min_working_days students`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Course {
    /// Unique key.
    pub id: String,
    /// The teacher's key; courses with the same teacher never share a period.
    pub teacher: String,
    /// Number of lectures to schedule.
    pub lectures: u32,
    /// The lectures should fall on at least this many distinct days.
    pub min_working_days: u32,
    /// Students attending each lecture.
    pub students: u32,
}

/// A room: `id capacity`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Room {
    /// Unique key.
    pub id: String,
    /// Seats.
    pub capacity: u32,
}

/// A curriculum: courses taken by the same students, so never in the same period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Curriculum {
    /// Unique key.
    pub id: String,
    /// Member courses, each once, in file order.
    pub courses: Vec<CourseId>,
}

/// `course day period`: the course may not be taught in that period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unavailability {
    /// The course.
    pub course: CourseId,
    /// Day, from 0.
    pub day: u32,
    /// Period within the day, from 0.
    pub period: u32,
}

/// A `.ctt` file that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {field} {reason}")]
pub struct CttError {
    /// 1-based line number (one past the last line for a file that ends too early).
    pub line: usize,
    /// What was being read, e.g. `course "c0001" students` or `header`.
    pub field: String,
    /// Why it is wrong.
    pub reason: String,
}

impl Instance {
    /// Parses the text of a `.ctt` file.
    pub fn parse(text: &str) -> Result<Instance, CttError> {
        Parser::new(text).instance()
    }

    /// Total number of periods, `days × periods_per_day`.
    pub fn periods(&self) -> usize {
        self.days as usize * self.periods_per_day as usize
    }

    /// The course with key `id`.
    pub fn course_id(&self, id: &str) -> Option<CourseId> {
        self.courses
            .iter()
            .position(|c| c.id == id)
            .map(|i| CourseId(i as u32))
    }

    /// The room with key `id`.
    pub fn room_id(&self, id: &str) -> Option<RoomId> {
        self.rooms
            .iter()
            .position(|r| r.id == id)
            .map(|i| RoomId(i as u32))
    }

    /// A course.
    pub fn course(&self, id: CourseId) -> &Course {
        &self.courses[id.index()]
    }

    /// A room.
    pub fn room(&self, id: RoomId) -> &Room {
        &self.rooms[id.index()]
    }

    /// The total number of lectures over all courses.
    pub fn lecture_count(&self) -> usize {
        self.courses.iter().map(|c| c.lectures as usize).sum()
    }
}

impl FromStr for Instance {
    type Err = CttError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Instance::parse(text)
    }
}

impl fmt::Display for Instance {
    /// Writes the instance back in `.ctt` format.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Name: {}", self.name)?;
        writeln!(f, "Courses: {}", self.courses.len())?;
        writeln!(f, "Rooms: {}", self.rooms.len())?;
        writeln!(f, "Days: {}", self.days)?;
        writeln!(f, "Periods_per_day: {}", self.periods_per_day)?;
        writeln!(f, "Curricula: {}", self.curricula.len())?;
        writeln!(f, "Constraints: {}", self.unavailability.len())?;
        writeln!(f, "\nCOURSES:")?;
        for c in &self.courses {
            writeln!(
                f,
                "{} {} {} {} {}",
                c.id, c.teacher, c.lectures, c.min_working_days, c.students
            )?;
        }
        writeln!(f, "\nROOMS:")?;
        for r in &self.rooms {
            writeln!(f, "{} {}", r.id, r.capacity)?;
        }
        writeln!(f, "\nCURRICULA:")?;
        for q in &self.curricula {
            write!(f, "{} {}", q.id, q.courses.len())?;
            for c in &q.courses {
                write!(f, " {}", self.course(*c).id)?;
            }
            writeln!(f)?;
        }
        writeln!(f, "\nUNAVAILABILITY_CONSTRAINTS:")?;
        for u in &self.unavailability {
            writeln!(f, "{} {} {}", self.course(u.course).id, u.day, u.period)?;
        }
        writeln!(f, "\nEND.")
    }
}

/// The header keys, in the order the format writes them.
const HEADER: [&str; 7] = [
    "Name:",
    "Courses:",
    "Rooms:",
    "Days:",
    "Periods_per_day:",
    "Curricula:",
    "Constraints:",
];

struct Parser<'a> {
    lines: std::iter::Enumerate<std::str::Lines<'a>>,
    /// Number of the last line read (for "ends too early" errors).
    last: usize,
}

/// One non-blank line: its number and its whitespace-separated tokens.
struct Line<'a> {
    number: usize,
    tokens: Vec<&'a str>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            lines: text.lines().enumerate(),
            last: 0,
        }
    }

    fn next(&mut self) -> Option<Line<'a>> {
        for (i, text) in self.lines.by_ref() {
            self.last = i + 1;
            let tokens: Vec<&str> = text.split_whitespace().collect();
            if !tokens.is_empty() {
                return Some(Line {
                    number: i + 1,
                    tokens,
                });
            }
        }
        None
    }

    /// The next non-blank line, or an error saying what was expected there.
    fn expect(&mut self, what: &str) -> Result<Line<'a>, CttError> {
        match self.next() {
            Some(line) => Ok(line),
            None => Err(err(
                self.last + 1,
                what,
                "is missing: the file ends too early",
            )),
        }
    }

    fn section(&mut self, title: &str) -> Result<(), CttError> {
        let line = self.expect(title)?;
        if line.tokens != [title] {
            return Err(err(
                line.number,
                "section title",
                format!("expected {title:?}, found {:?}", line.tokens.join(" ")),
            ));
        }
        Ok(())
    }

    fn instance(mut self) -> Result<Instance, CttError> {
        let mut values: [Option<(usize, String)>; 7] = Default::default();
        for _ in 0..HEADER.len() {
            let line = self.expect("header")?;
            let key = line.tokens[0];
            let Some(slot) = HEADER.iter().position(|k| *k == key) else {
                return Err(err(
                    line.number,
                    "header",
                    format!("{key:?} is not one of {}", HEADER.join(" ")),
                ));
            };
            if values[slot].is_some() {
                return Err(err(line.number, format!("header {key}"), "appears twice"));
            }
            if line.tokens.len() < 2 {
                return Err(err(line.number, format!("header {key}"), "has no value"));
            }
            if slot > 0 && line.tokens.len() > 2 {
                return Err(err(
                    line.number,
                    format!("header {key}"),
                    format!("{:?} is not one number", line.tokens[1..].join(" ")),
                ));
            }
            values[slot] = Some((line.number, line.tokens[1..].join(" ")));
        }
        let [name, courses, rooms, days, periods, curricula, constraints] =
            values.map(|v| v.expect("seven distinct keys read"));
        let header_number = |(line, text): (usize, String), key: &str| {
            number(line, &format!("header {key}"), &text)
        };
        let courses_n = header_number(courses, "Courses:")?;
        let rooms_n = header_number(rooms, "Rooms:")?;
        let (days_line, days_text) = days;
        let days = number(days_line, "header Days:", &days_text)?;
        if days == 0 {
            return Err(err(days_line, "header Days:", "must be at least 1"));
        }
        let (periods_line, periods_text) = periods;
        let periods_per_day = number(periods_line, "header Periods_per_day:", &periods_text)?;
        if periods_per_day == 0 {
            return Err(err(
                periods_line,
                "header Periods_per_day:",
                "must be at least 1",
            ));
        }
        if days
            .checked_mul(periods_per_day)
            .is_none_or(|p| p > 1_000_000)
        {
            return Err(err(
                periods_line,
                "header Periods_per_day:",
                format!("{days} days × {periods_per_day} periods is more than 1000000 periods"),
            ));
        }
        let curricula_n = header_number(curricula, "Curricula:")?;
        let constraints_n = header_number(constraints, "Constraints:")?;

        self.section("COURSES:")?;
        let mut courses = Vec::new();
        let mut course_keys: HashMap<&str, CourseId> = HashMap::new();
        for _ in 0..courses_n {
            let line = self.expect("course")?;
            fields(
                &line,
                "course",
                5,
                "id teacher lectures min_working_days students",
            )?;
            let id = line.tokens[0];
            let entity = format!("course {id:?}");
            if course_keys
                .insert(id, CourseId(courses.len() as u32))
                .is_some()
            {
                return Err(err(
                    line.number,
                    format!("{entity} id"),
                    "is used by another course",
                ));
            }
            courses.push(Course {
                id: id.to_owned(),
                teacher: line.tokens[1].to_owned(),
                lectures: number(line.number, &format!("{entity} lectures"), line.tokens[2])?,
                min_working_days: number(
                    line.number,
                    &format!("{entity} min_working_days"),
                    line.tokens[3],
                )?,
                students: number(line.number, &format!("{entity} students"), line.tokens[4])?,
            });
        }

        self.section("ROOMS:")?;
        let mut rooms = Vec::new();
        let mut room_keys: HashSet<&str> = HashSet::new();
        for _ in 0..rooms_n {
            let line = self.expect("room")?;
            fields(&line, "room", 2, "id capacity")?;
            let id = line.tokens[0];
            if !room_keys.insert(id) {
                return Err(err(
                    line.number,
                    format!("room {id:?} id"),
                    "is used by another room",
                ));
            }
            rooms.push(Room {
                id: id.to_owned(),
                capacity: number(
                    line.number,
                    &format!("room {id:?} capacity"),
                    line.tokens[1],
                )?,
            });
        }

        self.section("CURRICULA:")?;
        let mut curricula: Vec<Curriculum> = Vec::new();
        let mut curriculum_keys: HashSet<&str> = HashSet::new();
        for _ in 0..curricula_n {
            let line = self.expect("curriculum")?;
            if line.tokens.len() < 2 {
                return Err(err(
                    line.number,
                    "curriculum",
                    "expected `id n course_1 … course_n`",
                ));
            }
            let id = line.tokens[0];
            let entity = format!("curriculum {id:?}");
            if !curriculum_keys.insert(id) {
                return Err(err(
                    line.number,
                    format!("{entity} id"),
                    "is used by another curriculum",
                ));
            }
            let n = number(line.number, &format!("{entity} n"), line.tokens[1])? as usize;
            if line.tokens.len() - 2 != n {
                return Err(err(
                    line.number,
                    format!("{entity} courses"),
                    format!("lists {} courses, but n is {n}", line.tokens.len() - 2),
                ));
            }
            let mut members = Vec::with_capacity(n);
            for (j, key) in line.tokens[2..].iter().enumerate() {
                let field = format!("{entity} course {}", j + 1);
                let course = *course_keys
                    .get(key)
                    .ok_or_else(|| err(line.number, &field, format!("{key:?} is not a course")))?;
                if members.contains(&course) {
                    return Err(err(line.number, &field, format!("{key:?} appears twice")));
                }
                members.push(course);
            }
            curricula.push(Curriculum {
                id: id.to_owned(),
                courses: members,
            });
        }

        self.section("UNAVAILABILITY_CONSTRAINTS:")?;
        let mut unavailability = Vec::new();
        for _ in 0..constraints_n {
            let line = self.expect("unavailability constraint")?;
            fields(&line, "unavailability constraint", 3, "course day period")?;
            let key = line.tokens[0];
            let course = *course_keys.get(key).ok_or_else(|| {
                err(
                    line.number,
                    "unavailability constraint course",
                    format!("{key:?} is not a course"),
                )
            })?;
            let day = number(line.number, "unavailability constraint day", line.tokens[1])?;
            if day >= days {
                return Err(err(
                    line.number,
                    "unavailability constraint day",
                    format!("{day} is not below Days: {days}"),
                ));
            }
            let period = number(
                line.number,
                "unavailability constraint period",
                line.tokens[2],
            )?;
            if period >= periods_per_day {
                return Err(err(
                    line.number,
                    "unavailability constraint period",
                    format!("{period} is not below Periods_per_day: {periods_per_day}"),
                ));
            }
            unavailability.push(Unavailability {
                course,
                day,
                period,
            });
        }

        self.section("END.")?;
        if let Some(line) = self.next() {
            return Err(err(
                line.number,
                "end",
                format!("unexpected {:?} after END.", line.tokens.join(" ")),
            ));
        }
        Ok(Instance {
            name: name.1,
            days,
            periods_per_day,
            courses,
            rooms,
            curricula,
            unavailability,
        })
    }
}

fn fields(line: &Line<'_>, what: &str, n: usize, shape: &str) -> Result<(), CttError> {
    if line.tokens.len() != n {
        let field = match line.tokens.first() {
            Some(id) if n > 1 && what != "unavailability constraint" => format!("{what} {id:?}"),
            _ => what.to_owned(),
        };
        return Err(err(
            line.number,
            field,
            format!("has {} fields, expected {n}: `{shape}`", line.tokens.len()),
        ));
    }
    Ok(())
}

/// A non-negative integer field.
pub(crate) fn number(line: usize, field: &str, text: &str) -> Result<u32, CttError> {
    text.parse().map_err(|_| {
        err(
            line,
            field,
            format!("{text:?} is not a non-negative integer"),
        )
    })
}

fn err(line: usize, field: impl Into<String>, reason: impl Into<String>) -> CttError {
    CttError {
        line,
        field: field.into(),
        reason: reason.into(),
    }
}
