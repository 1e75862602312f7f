//! A receiver-side [`PriceGuard`]: refuse a signal whose price is more than `max_pips` away from a reference
//! price (the receiver's own quote), with [`Error::PriceDeviation`].
//!
//! Prices and the pip size are fixed-point [`Decimal`]s, compared exactly at their common scale in integers,
//! never floats (EURUSD: a pip is `0.0001`; USDJPY: `0.01`).
//!
//! ```
//! use tradeseal::price_guard::PriceGuard;
//! use tradeseal::{Decimal, Error};
//!
//! let guard = PriceGuard::new(20, Decimal::new(1, 4)?)?; // at most 20 pips of 0.0001
//! let reference = Decimal::new(108_500, 5)?; // 1.08500
//! guard.check(Decimal::new(108_700, 5)?, reference)?; // 20 pips away: accepted
//! guard.check(Decimal::new(10_870, 4)?, reference)?; // any scale
//! assert_eq!(guard.check(Decimal::new(108_701, 5)?, reference), Err(Error::PriceDeviation));
//! assert_eq!(guard.check(Decimal::new(0, 5)?, reference), Err(Error::InvalidNumber));
//! # Ok::<(), Error>(())
//! ```

use crate::decimal::Decimal;
use crate::error::{Error, Result};

/// Largest allowed distance of a price from its reference, in pips.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriceGuard {
    max_pips: u64,
    pip: Decimal,
}

impl PriceGuard {
    /// A guard allowing `max_pips` pips of size `pip`. A zero pip fails with [`Error::OutOfRange`].
    pub fn new(max_pips: u64, pip: Decimal) -> Result<Self> {
        if pip.units() == 0 {
            return Err(Error::OutOfRange);
        }
        Ok(PriceGuard { max_pips, pip })
    }

    /// Fails with [`Error::InvalidNumber`] if either price is zero, and with [`Error::PriceDeviation`] if
    /// `price` is more than the allowed distance from `reference`.
    pub fn check(&self, price: Decimal, reference: Decimal) -> Result<()> {
        if price.units() == 0 || reference.units() == 0 {
            return Err(Error::InvalidNumber);
        }
        let scale = price
            .decimals()
            .max(reference.decimals())
            .max(self.pip.decimals());
        let at_scale = |d: Decimal| d.scaled_to(scale).ok_or(Error::InvalidNumber);
        let distance = at_scale(price)?.abs_diff(at_scale(reference)?);
        // A limit beyond i128 is no limit.
        let allowed = at_scale(self.pip)?
            .unsigned_abs()
            .checked_mul(u128::from(self.max_pips));
        if allowed.is_some_and(|allowed| distance > allowed) {
            return Err(Error::PriceDeviation);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(units: i64, decimals: u8) -> Decimal {
        Decimal::new(units, decimals).unwrap()
    }

    #[test]
    fn symmetric_inclusive_and_scale_independent() {
        let g = PriceGuard::new(3, d(1, 2)).unwrap();
        assert_eq!(g.check(d(1_000, 2), d(1_003, 2)), Ok(()));
        assert_eq!(g.check(d(1_003, 2), d(1_000, 2)), Ok(()));
        assert_eq!(g.check(d(10_000, 3), d(10_031, 3)), Err(Error::PriceDeviation));
        assert_eq!(g.check(d(10_031, 3), d(10, 0)), Err(Error::PriceDeviation));
        assert_eq!(g.check(d(10_030, 3), d(10, 0)), Ok(()));
        assert_eq!(g.check(d(1_000, 2), d(0, 0)), Err(Error::InvalidNumber));
        assert_eq!(PriceGuard::new(1, d(0, 3)).unwrap_err(), Error::OutOfRange);
        let unlimited = PriceGuard::new(u64::MAX, d(i64::MAX, 0)).unwrap();
        assert_eq!(unlimited.check(d(1, 18), d(i64::MAX, 0)), Ok(()));
    }
}
