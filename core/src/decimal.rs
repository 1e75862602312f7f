//! [`Decimal`]: non-negative fixed-point numbers (`units / 10^decimals`) for prices and volumes.
//!
//! Signed formats never carry floats. A `Decimal` is an `i64` count of units plus the number of decimals
//! (at most [`MAX_DECIMALS`]); both are non-negative. [`Decimal::from_f64`] converts a float exactly the
//! way C `printf("%.*f", decimals, value)` prints it: the float's exact binary value, rounded half to even.
//!
//! ```
//! use tradeseal::{Decimal, Error};
//!
//! let price = Decimal::from_f64(1.08125, 5)?;
//! assert_eq!((price.units(), price.decimals()), (108125, 5));
//! assert_eq!(price.to_string(), "1.08125");
//! assert_eq!(Decimal::from_f64(2.675, 2)?.to_string(), "2.67"); // 2.675 is 2.67499999... in binary
//! assert_eq!("0.50000".parse::<Decimal>()?, Decimal::new(50000, 5)?);
//! assert_eq!(Decimal::from_f64(f64::NAN, 5), Err(Error::InvalidNumber));
//! assert_eq!(Decimal::from_f64(-1.0, 5), Err(Error::InvalidNumber));
//! # Ok::<(), Error>(())
//! ```

use core::fmt::{self, Write};
use core::str::FromStr;

use crate::error::{Error, Result};
use crate::text::SliceWriter;

/// The most decimals a [`Decimal`] may have.
pub const MAX_DECIMALS: u8 = 18;

/// A non-negative fixed-point number: `units / 10^decimals`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    units: i64,
    decimals: u8,
}

impl Decimal {
    /// `units / 10^decimals`. Fails with [`Error::InvalidNumber`] when `units` is negative or `decimals`
    /// exceeds [`MAX_DECIMALS`].
    pub const fn new(units: i64, decimals: u8) -> Result<Self> {
        if units < 0 || decimals > MAX_DECIMALS {
            return Err(Error::InvalidNumber);
        }
        Ok(Decimal { units, decimals })
    }

    /// `value` rounded to `decimals` places exactly like C `printf("%.*f", decimals, value)`.
    ///
    /// Fails with [`Error::InvalidNumber`] for NaN, infinities, negative values (including `-0.0`),
    /// `decimals` above [`MAX_DECIMALS`], and values whose units do not fit an `i64`.
    pub fn from_f64(value: f64, decimals: u8) -> Result<Self> {
        // 1e19 units exceed i64::MAX whatever the decimals, and keep the digits within the buffer below.
        if !value.is_finite() || value.is_sign_negative() || decimals > MAX_DECIMALS || value >= 1e19 {
            return Err(Error::InvalidNumber);
        }
        let mut buf = [0u8; 48];
        let mut text = SliceWriter::new(&mut buf);
        write!(text, "{:.*}", usize::from(decimals), value).map_err(|_| Error::InvalidNumber)?;
        let units = text
            .written()
            .iter()
            .filter(|&&c| c != b'.')
            .try_fold(0i64, |acc, &c| {
                acc.checked_mul(10)?.checked_add(i64::from(c.wrapping_sub(b'0')))
            })
            .ok_or(Error::InvalidNumber)?;
        Decimal::new(units, decimals)
    }

    /// The number of units (of `10^-decimals`).
    pub const fn units(self) -> i64 {
        self.units
    }

    /// The number of decimals.
    pub const fn decimals(self) -> u8 {
        self.decimals
    }

    /// The exact value in units of `10^-decimals`, for comparing numbers of different scales without floats;
    /// `None` when `decimals` is below this number's own (or above [`MAX_DECIMALS`]).
    pub(crate) fn scaled_to(self, decimals: u8) -> Option<i128> {
        let shift = decimals
            .checked_sub(self.decimals)
            .filter(|_| decimals <= MAX_DECIMALS)?;
        // At most i64::MAX * 10^18 < i128::MAX.
        Some(i128::from(self.units) * 10i128.pow(u32::from(shift)))
    }
}

/// Prints all `decimals` digits: `Decimal::new(150, 3)` prints `0.150`.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scale = 10u64.pow(u32::from(self.decimals));
        let units = self.units.unsigned_abs();
        write!(f, "{}", units / scale)?;
        if self.decimals > 0 {
            write!(
                f,
                ".{:0width$}",
                units % scale,
                width = usize::from(self.decimals)
            )?;
        }
        Ok(())
    }
}

/// Parses the canonical text [`Display`](fmt::Display) prints: ASCII digits without a sign, no leading
/// zeros, optionally `.` and 1 to [`MAX_DECIMALS`] digits. Anything else is [`Error::InvalidNumber`].
impl FromStr for Decimal {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        let canonical_int = int == "0" || !int.starts_with('0');
        let decimals = u8::try_from(frac.len()).map_err(|_| Error::InvalidNumber)?;
        if int.is_empty() || !canonical_int || (text.contains('.') && frac.is_empty()) {
            return Err(Error::InvalidNumber);
        }
        let units = int.bytes().chain(frac.bytes()).try_fold(0i64, |acc, c| {
            let digit = if c.is_ascii_digit() { c - b'0' } else { return None };
            acc.checked_mul(10)?.checked_add(i64::from(digit))
        });
        Decimal::new(units.ok_or(Error::InvalidNumber)?, decimals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_f64_matches_printf_on_known_cases() {
        // Expected strings from glibc 2.36 printf("%.5f").
        for (value, text) in [
            (0.000005, "0.00001"),
            (0.000015, "0.00002"),
            (2.675, "2.67500"),
            (92233720368547.0, "92233720368547.00000"),
            (0.1 + 0.2, "0.30000"),
            (5e-324, "0.00000"),
            (0.0, "0.00000"),
            (1.000005, "1.00001"),
            (0.000025, "0.00003"),
        ] {
            assert_eq!(
                Decimal::from_f64(value, 5).unwrap().to_string(),
                text,
                "{value:e}"
            );
        }
        assert_eq!(Decimal::from_f64(0.5, 0).unwrap().to_string(), "0");
        assert_eq!(Decimal::from_f64(1.5, 0).unwrap().to_string(), "2");
        assert_eq!(Decimal::from_f64(0.125, 2).unwrap().to_string(), "0.12"); // an exact tie: to even
    }

    #[test]
    fn rejects_what_cannot_be_represented() {
        for value in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            -1e-300,
            1e19,
            9.3e18,
        ] {
            assert_eq!(
                Decimal::from_f64(value, 0),
                Err(Error::InvalidNumber),
                "{value:e}"
            );
        }
        assert_eq!(Decimal::from_f64(1e14, 5), Err(Error::InvalidNumber));
        assert_eq!(Decimal::from_f64(1.0, 19), Err(Error::InvalidNumber));
        assert_eq!(Decimal::new(-1, 0), Err(Error::InvalidNumber));
        assert_eq!(
            Decimal::new(i64::MAX, 18).unwrap().to_string(),
            "9.223372036854775807"
        );
    }

    #[test]
    fn parses_only_canonical_text() {
        assert_eq!(
            "12.34500".parse::<Decimal>().unwrap(),
            Decimal::new(1234500, 5).unwrap()
        );
        assert_eq!("7".parse::<Decimal>().unwrap(), Decimal::new(7, 0).unwrap());
        for bad in [
            "",
            ".5",
            "5.",
            "-1.0",
            "+1",
            "01.0",
            "1.2.3",
            "1e5",
            " 1",
            "9223372036854775808",
            "0.1234567890123456789",
        ] {
            assert_eq!(bad.parse::<Decimal>(), Err(Error::InvalidNumber), "{bad:?}");
        }
    }
}
