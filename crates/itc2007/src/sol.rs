//! The `.sol` solution format: one line per lecture, `course room day period`.

use std::fmt::Write as _;

use crate::ctt::{CourseId, Instance, RoomId, number};

/// A timetable: where and when each scheduled lecture takes place, in file order.
///
/// Lectures are not numbered in the format: a course's lectures are simply the lines that name
/// it. A lecture missing from the list is unscheduled.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Solution {
    /// The scheduled lectures.
    pub lectures: Vec<Placement>,
}

/// One scheduled lecture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Placement {
    /// The course.
    pub course: CourseId,
    /// The room.
    pub room: RoomId,
    /// Day, from 0.
    pub day: u32,
    /// Period within the day, from 0.
    pub period: u32,
}

/// A `.sol` file that does not fit its instance.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {field} {reason}")]
pub struct SolError {
    /// 1-based line number.
    pub line: usize,
    /// The field, e.g. `room`.
    pub field: String,
    /// Why it is wrong.
    pub reason: String,
}

impl Solution {
    /// Reads the text of a `.sol` file for `instance`.
    ///
    /// Unlike the official validator, which skips such lines with a warning, an unknown course or
    /// room, a day or period out of range, or a malformed line is an error. A course listed twice
    /// in one period is kept here; [`score`](crate::score()) skips the repeat as the validator does.
    pub fn parse(text: &str, instance: &Instance) -> Result<Solution, SolError> {
        let mut lectures = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let tokens: Vec<&str> = line.split_whitespace().collect();
            if tokens.is_empty() {
                continue;
            }
            if tokens.len() != 4 {
                return Err(err(
                    n,
                    "lecture",
                    format!(
                        "has {} fields, expected 4: `course room day period`",
                        tokens.len()
                    ),
                ));
            }
            let course = instance.course_id(tokens[0]).ok_or_else(|| {
                err(
                    n,
                    "course",
                    format!("{:?} is not a course of the instance", tokens[0]),
                )
            })?;
            let room = instance.room_id(tokens[1]).ok_or_else(|| {
                err(
                    n,
                    "room",
                    format!("{:?} is not a room of the instance", tokens[1]),
                )
            })?;
            let day = number(n, "day", tokens[2]).map_err(|e| err(n, "day", e.reason))?;
            if day >= instance.days {
                return Err(err(
                    n,
                    "day",
                    format!("{day} is not below Days: {}", instance.days),
                ));
            }
            let period = number(n, "period", tokens[3]).map_err(|e| err(n, "period", e.reason))?;
            if period >= instance.periods_per_day {
                return Err(err(
                    n,
                    "period",
                    format!(
                        "{period} is not below Periods_per_day: {}",
                        instance.periods_per_day
                    ),
                ));
            }
            lectures.push(Placement {
                course,
                room,
                day,
                period,
            });
        }
        Ok(Solution { lectures })
    }

    /// Writes the solution in `.sol` format, one line per lecture in list order.
    pub fn to_text(&self, instance: &Instance) -> String {
        let mut text = String::new();
        for p in &self.lectures {
            let _ = writeln!(
                text,
                "{} {} {} {}",
                instance.course(p.course).id,
                instance.room(p.room).id,
                p.day,
                p.period
            );
        }
        text
    }
}

fn err(line: usize, field: &str, reason: impl Into<String>) -> SolError {
    SolError {
        line,
        field: field.into(),
        reason: reason.into(),
    }
}
