//! Stock arithmetic for products sold in limited numbers.

use serde::{Deserialize, Serialize};

/// The stock of a limited product: how many exist, how many are held by unpaid orders
/// and how many are sold.
///
/// Invariant: `reserved + sold <= total`, so `available()` is never negative. Every
/// operation either keeps the invariant or returns an error and leaves the stock
/// unchanged; the service mirrors this with a `CHECK` constraint and a conditional
/// `UPDATE`, and uses this type to compute and explain the outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "StockRepr")]
pub struct Stock {
    total: u32,
    reserved: u32,
    sold: u32,
}

/// The unchecked wire form, so deserialising cannot build a stock that breaks the invariant.
#[derive(Deserialize)]
struct StockRepr {
    total: u32,
    reserved: u32,
    sold: u32,
}

impl TryFrom<StockRepr> for Stock {
    type Error = StockError;

    fn try_from(r: StockRepr) -> Result<Self, Self::Error> {
        Stock::from_parts(r.total, r.reserved, r.sold)
    }
}

/// Why a stock operation was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StockError {
    /// Asked for a zero quantity, which is always a caller mistake.
    #[error("stock quantity must be at least 1")]
    ZeroQuantity,
    /// Not enough unreserved stock left.
    #[error("stock: requested {requested} but only {available} available")]
    Insufficient {
        /// What was asked for.
        requested: u32,
        /// What was left.
        available: u32,
    },
    /// Releasing or committing more than is reserved.
    #[error("stock: {requested} exceeds the {reserved} reserved")]
    NotReserved {
        /// What was asked for.
        requested: u32,
        /// What is reserved.
        reserved: u32,
    },
    /// Refunding more than was sold.
    #[error("stock: {requested} exceeds the {sold} sold")]
    NotSold {
        /// What was asked for.
        requested: u32,
        /// What is sold.
        sold: u32,
    },
    /// Parts that break `reserved + sold <= total`, or a total that would overflow.
    #[error("stock: reserved {reserved} + sold {sold} exceeds total {total}")]
    Inconsistent {
        /// Total.
        total: u32,
        /// Reserved.
        reserved: u32,
        /// Sold.
        sold: u32,
    },
}

impl Stock {
    /// A fresh stock of `total` units, none reserved or sold.
    pub fn new(total: u32) -> Stock {
        Stock {
            total,
            reserved: 0,
            sold: 0,
        }
    }

    /// Rebuilds a stock from stored columns, checking the invariant.
    pub fn from_parts(total: u32, reserved: u32, sold: u32) -> Result<Stock, StockError> {
        match reserved.checked_add(sold) {
            Some(used) if used <= total => Ok(Stock {
                total,
                reserved,
                sold,
            }),
            _ => Err(StockError::Inconsistent {
                total,
                reserved,
                sold,
            }),
        }
    }

    /// How many units exist.
    pub fn total(&self) -> u32 {
        self.total
    }

    /// How many units are held by unpaid orders.
    pub fn reserved(&self) -> u32 {
        self.reserved
    }

    /// How many units are sold.
    pub fn sold(&self) -> u32 {
        self.sold
    }

    /// How many units can still be reserved.
    pub fn available(&self) -> u32 {
        // Cannot underflow: the invariant holds for every constructed value.
        self.total - self.reserved - self.sold
    }

    /// Holds `n` units for an unpaid order.
    pub fn reserve(&mut self, n: u32) -> Result<(), StockError> {
        nonzero(n)?;
        let available = self.available();
        if n > available {
            return Err(StockError::Insufficient {
                requested: n,
                available,
            });
        }
        self.reserved += n;
        Ok(())
    }

    /// Gives back `n` reserved units (order cancelled or payment timed out).
    pub fn release(&mut self, n: u32) -> Result<(), StockError> {
        nonzero(n)?;
        if n > self.reserved {
            return Err(StockError::NotReserved {
                requested: n,
                reserved: self.reserved,
            });
        }
        self.reserved -= n;
        Ok(())
    }

    /// Turns `n` reserved units into sold ones (payment confirmed).
    pub fn commit(&mut self, n: u32) -> Result<(), StockError> {
        nonzero(n)?;
        if n > self.reserved {
            return Err(StockError::NotReserved {
                requested: n,
                reserved: self.reserved,
            });
        }
        self.reserved -= n;
        self.sold += n;
        Ok(())
    }

    /// Returns `n` sold units to the shelf (refund).
    pub fn refund(&mut self, n: u32) -> Result<(), StockError> {
        nonzero(n)?;
        if n > self.sold {
            return Err(StockError::NotSold {
                requested: n,
                sold: self.sold,
            });
        }
        self.sold -= n;
        Ok(())
    }

    /// Adds `n` units to the total (restock).
    pub fn restock(&mut self, n: u32) -> Result<(), StockError> {
        nonzero(n)?;
        self.total = self.total.checked_add(n).ok_or(StockError::Inconsistent {
            total: self.total,
            reserved: self.reserved,
            sold: self.sold,
        })?;
        Ok(())
    }
}

fn nonzero(n: u32) -> Result<(), StockError> {
    if n == 0 {
        Err(StockError::ZeroQuantity)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserve_commit_release_keep_the_books() {
        let mut s = Stock::new(10);
        s.reserve(4).unwrap();
        s.commit(3).unwrap();
        s.release(1).unwrap();
        assert_eq!(
            (s.total(), s.reserved(), s.sold(), s.available()),
            (10, 0, 3, 7)
        );
        s.refund(1).unwrap();
        assert_eq!(s.available(), 8);
    }

    #[test]
    fn refusals_leave_stock_unchanged() {
        let mut s = Stock::new(2);
        s.reserve(1).unwrap();
        let before = s;
        assert_eq!(
            s.reserve(2),
            Err(StockError::Insufficient {
                requested: 2,
                available: 1
            })
        );
        assert_eq!(
            s.release(2),
            Err(StockError::NotReserved {
                requested: 2,
                reserved: 1
            })
        );
        assert_eq!(s.commit(0), Err(StockError::ZeroQuantity));
        assert_eq!(
            s.refund(1),
            Err(StockError::NotSold {
                requested: 1,
                sold: 0
            })
        );
        assert_eq!(s, before);
    }

    #[test]
    fn deserialising_checks_the_invariant() {
        let bad = serde_json::json!({"total": 1, "reserved": 1, "sold": 1});
        assert!(serde_json::from_value::<Stock>(bad).is_err());
        let good = serde_json::json!({"total": 2, "reserved": 1, "sold": 1});
        assert_eq!(
            serde_json::from_value::<Stock>(good).unwrap().available(),
            0
        );
    }

    #[test]
    fn restock_overflow_is_an_error() {
        let mut s = Stock::new(u32::MAX);
        assert!(s.restock(1).is_err());
        assert_eq!(s.total(), u32::MAX);
    }
}
