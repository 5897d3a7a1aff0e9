//! The `.ctt` parser: every instance reads, bad files fail naming the line and field.

use paddock_itc2007::{CourseId, Instance};

use crate::helpers::{COMPETITION, instance, read};

#[test]
fn toy_reads_with_every_section() {
    let toy = instance("toy");
    assert_eq!(toy.name, "ToyExample");
    assert_eq!((toy.days, toy.periods_per_day, toy.periods()), (5, 4, 20));
    assert_eq!(toy.courses.len(), 4);
    let tec = &toy.courses[2];
    assert_eq!(
        (
            tec.id.as_str(),
            tec.teacher.as_str(),
            tec.lectures,
            tec.min_working_days,
            tec.students
        ),
        ("TecCos", "Rosa", 5, 4, 40)
    );
    assert_eq!(
        toy.rooms
            .iter()
            .map(|r| (r.id.as_str(), r.capacity))
            .collect::<Vec<_>>(),
        [("A", 32), ("B", 50)]
    );
    assert_eq!(toy.curricula[1].id, "Cur2");
    assert_eq!(toy.curricula[1].courses, [CourseId(2), CourseId(3)]);
    assert_eq!(toy.unavailability.len(), 8);
    assert_eq!(toy.lecture_count(), 16);
}

#[test]
fn competition_instances_read_and_write_back() {
    for name in COMPETITION {
        let parsed = instance(name);
        let header_courses: usize = read(&format!("{name}.ctt"))
            .lines()
            .find_map(|l| l.strip_prefix("Courses:"))
            .and_then(|v| v.trim().parse().ok())
            .expect("a Courses: line");
        assert_eq!(parsed.courses.len(), header_courses, "{name}");
        let again = Instance::parse(&parsed.to_string())
            .unwrap_or_else(|e| panic!("{name} written back: {e}"));
        assert_eq!(again, parsed, "{name}");
    }
}

/// Parses `text` and checks the error's line and message.
fn check_error(text: &str, line: usize, message: &str) {
    let error = Instance::parse(text).expect_err("the text is invalid");
    assert_eq!(error.line, line, "{error}");
    assert_eq!(error.to_string(), message);
}

const HEADER: &str =
    "Name: T\nCourses: 1\nRooms: 1\nDays: 2\nPeriods_per_day: 2\nCurricula: 1\nConstraints: 1\n\n";

#[test]
fn bad_files_name_line_and_field() {
    let ok = format!(
        "{HEADER}COURSES:\nc1 t1 2 1 10\n\nROOMS:\nA 20\n\nCURRICULA:\nq1 1 c1\n\nUNAVAILABILITY_CONSTRAINTS:\nc1 1 1\n\nEND.\n"
    );
    assert!(Instance::parse(&ok).is_ok());
    check_error("", 1, "line 1: header is missing: the file ends too early");
    check_error(
        &ok.replace("Days: 2", "Weeks: 2"),
        4,
        "line 4: header \"Weeks:\" is not one of Name: Courses: Rooms: Days: Periods_per_day: Curricula: Constraints:",
    );
    check_error(
        &ok.replace("Days: 2", "Days: two"),
        4,
        "line 4: header Days: \"two\" is not a non-negative integer",
    );
    check_error(
        &ok.replace("Days: 2", "Days: 0"),
        4,
        "line 4: header Days: must be at least 1",
    );
    check_error(
        &ok.replace("c1 t1 2 1 10", "c1 t1 2 1"),
        10,
        "line 10: course \"c1\" has 4 fields, expected 5: `id teacher lectures min_working_days students`",
    );
    check_error(
        &ok.replace("c1 t1 2 1 10", "c1 t1 2 1 -3"),
        10,
        "line 10: course \"c1\" students \"-3\" is not a non-negative integer",
    );
    check_error(
        &ok.replace("A 20", "A big"),
        13,
        "line 13: room \"A\" capacity \"big\" is not a non-negative integer",
    );
    check_error(
        &ok.replace("q1 1 c1", "q1 2 c1"),
        16,
        "line 16: curriculum \"q1\" courses lists 1 courses, but n is 2",
    );
    check_error(
        &ok.replace("q1 1 c1", "q1 1 c9"),
        16,
        "line 16: curriculum \"q1\" course 1 \"c9\" is not a course",
    );
    check_error(
        &ok.replace("c1 1 1\n", "c1 2 1\n"),
        19,
        "line 19: unavailability constraint day 2 is not below Days: 2",
    );
    check_error(
        &ok.replace("c1 1 1\n", "c1 1 5\n"),
        19,
        "line 19: unavailability constraint period 5 is not below Periods_per_day: 2",
    );
    check_error(
        &ok.replace("ROOMS:", "ROOMS"),
        12,
        "line 12: section title expected \"ROOMS:\", found \"ROOMS\"",
    );
    check_error(
        &ok.replace("END.\n", ""),
        21,
        "line 21: END. is missing: the file ends too early",
    );
    check_error(
        &format!("{ok}c1 0 0\n"),
        22,
        "line 22: end unexpected \"c1 0 0\" after END.",
    );
    let two = ok
        .replace("Courses: 1", "Courses: 2")
        .replace("c1 t1 2 1 10\n", "c1 t1 2 1 10\nc1 t2 1 1 5\n");
    check_error(
        &two,
        11,
        "line 11: course \"c1\" id is used by another course",
    );
}

#[test]
fn windows_line_endings_and_tabs_are_accepted() {
    let text = read("toy.ctt").replace('\n', "\r\n").replace(' ', "\t");
    assert_eq!(Instance::parse(&text).expect("valid"), instance("toy"));
}
