//! Checks on identifiers and amounts before anything is signed or sent.

use super::Error;

/// Our order and refund numbers go into URL paths. WeChat allows `[A-Za-z0-9_\-|*@]`; we accept
/// only `[A-Za-z0-9_-]` so that no HTTP layer ever percent-encodes them, which would make the
/// path we signed differ from the path we sent.
pub(crate) fn out_no(
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<(), Error> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if !(min..=max).contains(&value.len()) {
        return Err(invalid(
            field,
            format!("{value:?} must be {min} to {max} characters"),
        ));
    }
    if !value.chars().all(ok_char) {
        return Err(invalid(
            field,
            format!("{value:?} may only contain A-Z, a-z, 0-9, _ and -"),
        ));
    }
    Ok(())
}

pub(crate) fn positive_fen(field: &'static str, fen: i64) -> Result<(), Error> {
    if fen <= 0 {
        return Err(invalid(field, format!("{fen} fen is not positive")));
    }
    Ok(())
}

pub(crate) fn max_bytes(field: &'static str, value: &str, max: usize) -> Result<(), Error> {
    if value.is_empty() || value.len() > max {
        return Err(invalid(
            field,
            format!("must be 1 to {max} bytes, got {}", value.len()),
        ));
    }
    Ok(())
}

pub(crate) fn invalid(field: &'static str, reason: String) -> Error {
    Error::InvalidRequest { field, reason }
}
