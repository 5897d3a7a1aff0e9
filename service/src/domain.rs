//! Parse, don't validate: request fields become these types at the edge, and every parser
//! reports what is wrong as [`FieldError`]s naming the field, so a request with three mistakes
//! gets a 422 listing all three.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use paddock_catalog::RiderLevel;

use crate::error::FieldError;

/// A parse result: the value, or every problem found.
pub(crate) type Parsed<T> = Result<T, Vec<FieldError>>;

fn err<T>(field: &str, message: impl Into<String>) -> Parsed<T> {
    Err(vec![FieldError::new(field, message)])
}

/// Combines parse results: all values as a tuple, or all errors as a 422.
macro_rules! parse_all {
    ($($x:ident),+ $(,)?) => {
        match ($($x,)+) {
            ($(Ok($x),)+) => Ok(($($x,)+)),
            ($($x,)+) => {
                let mut errors: Vec<$crate::error::FieldError> = Vec::new();
                $(if let Err(e) = $x { errors.extend(e); })+
                Err($crate::error::Error::Invalid(errors))
            }
        }
    };
}
pub(crate) use parse_all;

/// A trimmed, non-empty, single-line text of at most `max` characters.
pub(crate) fn text(field: &str, raw: &str, max: usize) -> Parsed<String> {
    let t = raw.trim();
    if t.is_empty() {
        return err(field, "must not be empty");
    }
    if t.chars().count() > max {
        return err(field, format!("must be at most {max} characters"));
    }
    if t.chars().any(char::is_control) {
        return err(field, "must not contain control characters");
    }
    Ok(t.to_owned())
}

/// Free text may hold line breaks and tabs, but no other control character: NUL in particular,
/// which PostgreSQL refuses to store.
fn free_text_char(c: char) -> bool {
    !c.is_control() || matches!(c, '\n' | '\r' | '\t')
}

/// A search text: trimmed, at most 100 characters, no control characters; blank is `None`.
pub(crate) fn search(field: &str, raw: Option<&str>) -> Parsed<Option<String>> {
    opt_text(field, raw, 100)
}

/// Optional text: `None` or blank stays `None`.
pub(crate) fn opt_text(field: &str, raw: Option<&str>, max: usize) -> Parsed<Option<String>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => text(field, t, max).map(Some),
    }
}

/// Free text that may be empty (notes, reasons).
pub(crate) fn free_text(field: &str, raw: Option<&str>, max: usize) -> Parsed<String> {
    let t = raw.unwrap_or("").trim();
    if t.chars().count() > max {
        return err(field, format!("must be at most {max} characters"));
    }
    if !t.chars().all(free_text_char) {
        return err(
            field,
            "must not contain control characters other than line breaks and tabs",
        );
    }
    Ok(t.to_owned())
}

/// An integer in `min..=max`.
pub(crate) fn int_in(field: &str, v: i64, min: i64, max: i64) -> Parsed<i64> {
    if v < min || v > max {
        return err(field, format!("must be between {min} and {max}"));
    }
    Ok(v)
}

/// The largest page number a list accepts; with at most 200 per page the offset stays far from
/// overflowing.
const MAX_PAGE: i64 = 1_000_000;

/// Which page of a list: 1-based `page`, `per_page` items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Paging {
    pub page: i64,
    pub per_page: i64,
}

impl Paging {
    /// Rows to skip.
    pub(crate) fn offset(self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

/// Parses `page` (default 1) and `per_page` (default `default`, at most `max`).
pub(crate) fn paging(
    page: Option<i64>,
    per_page: Option<i64>,
    default: i64,
    max: i64,
) -> Parsed<Paging> {
    let page = int_in("page", page.unwrap_or(1), 1, MAX_PAGE);
    let per_page = int_in("per_page", per_page.unwrap_or(default), 1, max);
    match (page, per_page) {
        (Ok(page), Ok(per_page)) => Ok(Paging { page, per_page }),
        (page, per_page) => {
            let mut errors = page.err().unwrap_or_default();
            errors.extend(per_page.err().unwrap_or_default());
            Err(errors)
        }
    }
}

/// An optional integer in `min..=max`.
pub(crate) fn opt_int_in(field: &str, v: Option<i64>, min: i64, max: i64) -> Parsed<Option<i64>> {
    v.map(|v| int_in(field, v, min, max)).transpose()
}

/// A local time of day `HH:MM`, stored as that text.
pub(crate) fn local_time(field: &str, raw: &str) -> Parsed<String> {
    match NaiveTime::parse_from_str(raw.trim(), "%H:%M") {
        Ok(t) => Ok(t.format("%H:%M").to_string()),
        Err(_) => err(field, "must be a local time HH:MM"),
    }
}

/// A local date `YYYY-MM-DD`.
pub(crate) fn local_date(field: &str, raw: &str) -> Parsed<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .or_else(|_| err(field, "must be a date YYYY-MM-DD"))
}

/// An ISO weekday number, 1 = Monday .. 7 = Sunday.
pub(crate) fn weekday(field: &str, v: i64) -> Parsed<i64> {
    if (1..=7).contains(&v) {
        Ok(v)
    } else {
        err(field, "must be an ISO weekday 1 (Monday) to 7 (Sunday)")
    }
}

/// A set of distinct ISO weekdays, sorted, as JSON text.
pub(crate) fn weekdays(field: &str, v: &[i64]) -> Parsed<String> {
    let mut days = Vec::new();
    for (i, d) in v.iter().enumerate() {
        weekday(&format!("{field}[{i}]"), *d)?;
        days.push(*d);
    }
    days.sort_unstable();
    days.dedup();
    Ok(serde_json::Value::from(days).to_string())
}

/// A local time window `start < end` (both `HH:MM`).
pub(crate) fn time_window(prefix: &str, start: &str, end: &str) -> Parsed<(String, String)> {
    let s = local_time(&format!("{prefix}start_time"), start);
    let e = local_time(&format!("{prefix}end_time"), end);
    match (s, e) {
        (Ok(s), Ok(e)) if s < e => Ok((s, e)),
        (Ok(_), Ok(_)) => err(&format!("{prefix}end_time"), "must be after start_time"),
        (s, e) => {
            let mut errors = s.err().unwrap_or_default();
            errors.extend(e.err().unwrap_or_default());
            Err(errors)
        }
    }
}

/// An instant with an explicit offset (RFC 3339), normalised to UTC.
pub(crate) fn instant(field: &str, raw: &str) -> Parsed<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|t| t.with_timezone(&Utc))
        .or_else(|_| {
            err(
                field,
                "must be an RFC 3339 instant such as 2026-01-31T08:00:00+08:00",
            )
        })
}

/// An interval of instants `starts_at < ends_at`, encoded for storage.
pub(crate) fn interval(starts_at: &str, ends_at: &str) -> Parsed<(String, String)> {
    let s = instant("starts_at", starts_at);
    let e = instant("ends_at", ends_at);
    match (s, e) {
        (Ok(s), Ok(e)) if s < e => Ok((crate::instant::encode(s), crate::instant::encode(e))),
        (Ok(_), Ok(_)) => err("ends_at", "must be after starts_at"),
        (s, e) => {
            let mut errors = s.err().unwrap_or_default();
            errors.extend(e.err().unwrap_or_default());
            Err(errors)
        }
    }
}

/// Tags (qualifications, arena kinds): trimmed, lowercase, distinct, sorted; JSON text.
pub(crate) fn tags(field: &str, raw: &[String]) -> Parsed<String> {
    let mut out = Vec::new();
    for (i, t) in raw.iter().enumerate() {
        let t = t.trim().to_lowercase();
        if t.is_empty() || t.chars().count() > 40 || t.chars().any(char::is_control) {
            return err(
                &format!("{field}[{i}]"),
                "must be 1 to 40 characters, none of them control characters",
            );
        }
        out.push(t);
    }
    out.sort();
    out.dedup();
    Ok(serde_json::Value::from(out).to_string())
}

/// A rider level name (`beginner` .. `expert`).
pub(crate) fn level(field: &str, raw: &str) -> Parsed<RiderLevel> {
    raw.parse::<RiderLevel>()
        .or_else(|e| err(field, e.to_string()))
}

/// Decodes a JSON list column written by [`tags`] or [`weekdays`].
pub(crate) fn json_list<T: serde::de::DeserializeOwned>(raw: &str) -> Vec<T> {
    serde_json::from_str(raw).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn parse_all_collects_every_error() {
        let a = text("name", " ", 10);
        let b = local_time("start_time", "25:00");
        let c = int_in("capacity", 3, 1, 10);
        let r: Result<(String, String, i64), Error> = parse_all!(a, b, c);
        match r {
            Err(Error::Invalid(errors)) => {
                let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(fields, ["name", "start_time"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn text_refuses_control_characters_that_postgres_cannot_store() {
        assert!(text("name", "a\u{0}b", 10).is_err());
        assert!(text("name", "a\nb", 10).is_err());
        assert!(free_text("notes", Some("line 1\nline 2\tend"), 100).is_ok());
        assert!(free_text("notes", Some("a\u{0}b"), 100).is_err());
        assert_eq!(search("q", Some("  ")).unwrap(), None);
        assert!(search("q", Some("\u{0}")).is_err());
    }

    #[test]
    fn paging_is_bounded_so_offsets_cannot_overflow() {
        let p = paging(Some(3), Some(20), 50, 100).unwrap();
        assert_eq!((p.page, p.per_page, p.offset()), (3, 20, 40));
        assert_eq!(paging(None, None, 50, 100).unwrap().per_page, 50);
        let fields: Vec<_> = paging(Some(i64::MAX), Some(0), 50, 100)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["page", "per_page"]);
    }

    #[test]
    fn tags_are_normalised() {
        assert_eq!(
            tags(
                "tags",
                &[" Indoor".into(), "jumping".into(), "indoor".into()]
            )
            .unwrap(),
            r#"["indoor","jumping"]"#
        );
    }

    #[test]
    fn windows_and_intervals_are_ordered() {
        assert!(time_window("", "10:00", "09:00").is_err());
        assert_eq!(
            time_window("", "9:00", "10:30").unwrap(),
            ("09:00".into(), "10:30".into())
        );
        let (s, _) = interval("2026-01-01T08:00:00+08:00", "2026-01-01T09:00:00+08:00").unwrap();
        assert_eq!(s, "2026-01-01T00:00:00.000Z");
    }
}
