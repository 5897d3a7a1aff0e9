//! The one rounding rule for percentages of money.

use crate::Fen;

use super::PricingError;

/// `amount × percent / 100`, rounded half up (0.5 fen → 1 fen), for `amount >= 0`.
///
/// Computed in `i128` so `amount × percent` cannot overflow; the result is at most
/// `amount` when `percent <= 100`, so it fits back in `i64`.
pub(crate) fn percent_of_half_up(amount: Fen, percent: u32) -> Result<Fen, PricingError> {
    let scaled = i128::from(amount.get()) * i128::from(percent) + 50;
    i64::try_from(scaled / 100)
        .map(Fen)
        .map_err(|_| PricingError::Overflow {
            what: "percentage discount",
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_round_up_everything_else_to_nearest() {
        let p = |a, pct| percent_of_half_up(Fen(a), pct).unwrap().get();
        assert_eq!(p(10, 5), 1); // 0.5 -> 1
        assert_eq!(p(9, 5), 0); // 0.45 -> 0
        assert_eq!(p(11, 5), 1); // 0.55 -> 1
        assert_eq!(p(30, 5), 2); // 1.5 -> 2
        assert_eq!(p(i64::MAX, 100), i64::MAX);
        // 9131138316486228048.93 rounds to ...049.
        assert_eq!(p(i64::MAX, 99), 9_131_138_316_486_228_049);
    }
}
