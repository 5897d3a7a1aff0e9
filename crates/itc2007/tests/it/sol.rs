//! The `.sol` reader and writer.

use paddock_itc2007::{CourseId, Placement, RoomId, Solution};

use crate::helpers::{instance, read};

#[test]
fn toy_solution_reads_and_writes_back_byte_for_byte() {
    let toy = instance("toy");
    let text = read("toy.sol");
    let solution = Solution::parse(&text, &toy).expect("valid");
    assert_eq!(solution.lectures.len(), 16);
    assert_eq!(
        solution.lectures[0],
        Placement {
            course: CourseId(0),
            room: RoomId(1),
            day: 3,
            period: 0
        }
    );
    assert_eq!(solution.to_text(&toy).trim_end(), text.trim_end());
}

#[test]
fn bad_lines_name_line_and_field() {
    let toy = instance("toy");
    let check = |text: &str, message: &str| {
        let error = Solution::parse(text, &toy).expect_err("invalid");
        assert_eq!(error.to_string(), message);
    };
    check(
        "SceCosC B 3 0\n\nNope B 3 0\n",
        "line 3: course \"Nope\" is not a course of the instance",
    );
    check(
        "SceCosC C 3 0\n",
        "line 1: room \"C\" is not a room of the instance",
    );
    check("SceCosC B 5 0\n", "line 1: day 5 is not below Days: 5");
    check(
        "SceCosC B 1 4\n",
        "line 1: period 4 is not below Periods_per_day: 4",
    );
    check(
        "SceCosC B x 0\n",
        "line 1: day \"x\" is not a non-negative integer",
    );
    check(
        "SceCosC B 3\n",
        "line 1: lecture has 3 fields, expected 4: `course room day period`",
    );
}
