//! Splitting a group lesson's total exactly across its riders.

use crate::Fen;

use super::PricingError;

/// The most riders one quote may split across; far above any arena's capacity, and it
/// bounds the allocation so a hostile request cannot ask for billions of shares.
pub const MAX_RIDERS: u32 = 1000;

/// Splits `total` into `riders` shares that sum to `total` exactly.
///
/// Every rider gets `total / riders`; the `total % riders` left-over fen go one each to
/// the first riders in the order given (the service passes booking order, so whoever
/// booked first carries the extra fen). Shares therefore differ by at most one fen and
/// never lose or invent money.
pub fn split_evenly(total: Fen, riders: u32) -> Result<Vec<Fen>, PricingError> {
    if riders == 0 {
        return Err(PricingError::ZeroRiders);
    }
    if riders > MAX_RIDERS {
        return Err(PricingError::TooManyRiders {
            riders,
            max: MAX_RIDERS,
        });
    }
    if total.is_negative() {
        return Err(PricingError::NegativeAmount {
            what: "split total",
            amount: total.get(),
        });
    }
    let n = i64::from(riders);
    let base = total.get() / n;
    let remainder = total.get() % n;
    Ok((0..n)
        .map(|i| Fen(base + i64::from(i < remainder)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remainder_goes_to_the_first_riders() {
        assert_eq!(
            split_evenly(Fen(1000), 3).unwrap(),
            vec![Fen(334), Fen(333), Fen(333)]
        );
        assert_eq!(
            split_evenly(Fen(1001), 3).unwrap(),
            vec![Fen(334), Fen(334), Fen(333)]
        );
        assert_eq!(
            split_evenly(Fen(2), 3).unwrap(),
            vec![Fen(1), Fen(1), Fen(0)]
        );
        assert_eq!(split_evenly(Fen(0), 2).unwrap(), vec![Fen(0), Fen(0)]);
        assert_eq!(split_evenly(Fen(i64::MAX), 1).unwrap(), vec![Fen(i64::MAX)]);
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert_eq!(split_evenly(Fen(10), 0), Err(PricingError::ZeroRiders));
        assert!(matches!(
            split_evenly(Fen(10), MAX_RIDERS + 1),
            Err(PricingError::TooManyRiders { .. })
        ));
        assert!(matches!(
            split_evenly(Fen(-1), 2),
            Err(PricingError::NegativeAmount { .. })
        ));
    }
}
