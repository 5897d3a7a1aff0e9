//! Money as integer fen.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount of money in fen (1 yuan = 100 fen).
///
/// Money is never a float: every price, discount and share in this crate is a `Fen`, and
/// every operation that could overflow is checked. The value may be negative only as an
/// intermediate (a discount line in a quote); prices and totals are validated `>= 0`.
/// Serialises as a bare integer so the service can store it in a `BIGINT` column.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

impl Fen {
    /// Zero fen.
    pub const ZERO: Fen = Fen(0);

    /// `yuan * 100` fen, or `None` on overflow.
    pub fn from_yuan(yuan: i64) -> Option<Fen> {
        yuan.checked_mul(100).map(Fen)
    }

    /// The amount in fen.
    pub fn get(self) -> i64 {
        self.0
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    /// `self - other`, or `None` on overflow.
    pub fn checked_sub(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).map(Fen)
    }

    /// `self * n`, or `None` on overflow.
    pub fn checked_mul(self, n: u32) -> Option<Fen> {
        self.0.checked_mul(i64::from(n)).map(Fen)
    }

    /// Whether the amount is below zero.
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
}

/// Formats as yuan with two decimals (`¥12.30`), for messages and logs only.
impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}¥{}.{:02}", abs / 100, abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_yuan_with_two_decimals() {
        assert_eq!(Fen(1230).to_string(), "¥12.30");
        assert_eq!(Fen(5).to_string(), "¥0.05");
        assert_eq!(Fen(-5).to_string(), "-¥0.05");
        assert_eq!(Fen(i64::MIN).to_string(), "-¥92233720368547758.08");
    }

    #[test]
    fn checked_ops_report_overflow() {
        assert_eq!(Fen(i64::MAX).checked_add(Fen(1)), None);
        assert_eq!(Fen(i64::MIN).checked_sub(Fen(1)), None);
        assert_eq!(Fen(i64::MAX).checked_mul(2), None);
        assert_eq!(Fen::from_yuan(i64::MAX), None);
        assert_eq!(Fen::from_yuan(3), Some(Fen(300)));
    }

    #[test]
    fn serialises_as_bare_integer() {
        assert_eq!(serde_json::to_string(&Fen(300)).unwrap(), "300");
        assert_eq!(serde_json::from_str::<Fen>("300").unwrap(), Fen(300));
    }
}
