//! A receiver-side [`PriceGuard`]: refuse a signal whose price is more than `max_pips` away from a reference
//! price (the receiver's own quote), with [`Error::PriceDeviation`].
//!
//! Prices are fixed-point integers in the caller's scale (for example 5 decimals: 1.08500 is `108_500`), and
//! the pip is given in the same units (EURUSD at 5 decimals: a pip of 0.0001 is `10`; USDJPY at 3 decimals:
//! 0.01 is `10`). The decision uses integers only, never floats.
//!
//! ```
//! use tradeseal::price_guard::PriceGuard;
//! use tradeseal::Error;
//!
//! let guard = PriceGuard::new(20, 10)?; // at most 20 pips, a pip is 10 units (5-decimal prices)
//! guard.check(108_700, 108_500)?; // 20 pips away: accepted
//! assert_eq!(guard.check(108_701, 108_500), Err(Error::PriceDeviation));
//! assert_eq!(guard.check(0, 108_500), Err(Error::InvalidNumber));
//! # Ok::<(), Error>(())
//! ```

use crate::error::{Error, Result};

/// Largest allowed distance of a price from its reference, in pips.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriceGuard {
    max_units: u64,
}

impl PriceGuard {
    /// A guard allowing `max_pips` pips of `pip_units` price units each. A zero pip fails with
    /// [`Error::OutOfRange`]; a product beyond `u64` is clamped (no limit).
    pub fn new(max_pips: u64, pip_units: u64) -> Result<Self> {
        if pip_units == 0 {
            return Err(Error::OutOfRange);
        }
        Ok(PriceGuard {
            max_units: max_pips.saturating_mul(pip_units),
        })
    }

    /// Fails with [`Error::InvalidNumber`] if either price is zero, and with [`Error::PriceDeviation`] if
    /// `price` is more than the allowed distance from `reference`.
    pub fn check(&self, price: u64, reference: u64) -> Result<()> {
        if price == 0 || reference == 0 {
            return Err(Error::InvalidNumber);
        }
        if price.abs_diff(reference) > self.max_units {
            return Err(Error::PriceDeviation);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symmetric_and_inclusive() {
        let g = PriceGuard::new(3, 100).unwrap();
        assert_eq!(g.check(1_000, 1_300), Ok(()));
        assert_eq!(g.check(1_300, 1_000), Ok(()));
        assert_eq!(g.check(1_000, 1_301), Err(Error::PriceDeviation));
        assert_eq!(g.check(1_301, 1_000), Err(Error::PriceDeviation));
        assert_eq!(g.check(1_000, 0), Err(Error::InvalidNumber));
        assert_eq!(PriceGuard::new(1, 0).unwrap_err(), Error::OutOfRange);
        assert_eq!(PriceGuard::new(u64::MAX, 2).unwrap().check(1, u64::MAX), Ok(()));
    }
}
