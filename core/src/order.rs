//! What a signal trades: the [`Symbol`] and the [`OrderType`].
//!
//! ```
//! use tradeseal::{Error, OrderType, Symbol};
//!
//! assert_eq!(OrderType::try_from(2)?, OrderType::BuyLimit);
//! assert_eq!(OrderType::BuyLimit.name(), "BUY_LIMIT");
//! assert_eq!("SELL_STOP".parse::<OrderType>()?, OrderType::SellStop);
//! assert_eq!(OrderType::try_from(8), Err(Error::InvalidOrderType));
//!
//! assert_eq!(Symbol::new("EURUSD")?.as_str(), "EURUSD");
//! assert_eq!(Symbol::new(""), Err(Error::InvalidSymbol));
//! assert_eq!(Symbol::from_utf8(b"EUR\xffUSD"), Err(Error::InvalidSymbol));
//! # Ok::<(), Error>(())
//! ```

use core::fmt;
use core::str::FromStr;

use crate::error::{Error, Result};

/// The longest symbol, in UTF-8 bytes.
pub const MAX_SYMBOL_BYTES: usize = 32;

/// A trading symbol: 1 to [`MAX_SYMBOL_BYTES`] bytes of UTF-8 without control characters.
///
/// These are the limits of the formats; venues and copiers usually enforce a narrower alphabet on top.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Symbol<'a>(&'a str);

impl<'a> Symbol<'a> {
    /// Checks `symbol`; fails with [`Error::InvalidSymbol`] when it is empty, longer than
    /// [`MAX_SYMBOL_BYTES`] or contains a control character.
    pub fn new(symbol: &'a str) -> Result<Self> {
        if symbol.is_empty() || symbol.len() > MAX_SYMBOL_BYTES || symbol.chars().any(char::is_control) {
            return Err(Error::InvalidSymbol);
        }
        Ok(Symbol(symbol))
    }

    /// Like [`Symbol::new`], from bytes; invalid UTF-8 is also [`Error::InvalidSymbol`].
    pub fn from_utf8(symbol: &'a [u8]) -> Result<Self> {
        Symbol::new(core::str::from_utf8(symbol).map_err(|_| Error::InvalidSymbol)?)
    }

    /// The symbol text.
    pub const fn as_str(&self) -> &'a str {
        self.0
    }
}

impl fmt::Display for Symbol<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

macro_rules! order_types {
    ($( $(#[$doc:meta])* $variant:ident = $value:literal, $name:literal; )+) => {
        /// An MT5 `ENUM_ORDER_TYPE`; the numeric values are MT5's.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum OrderType {
            $( $(#[$doc])* $variant = $value, )+
        }

        impl OrderType {
            /// Every order type, in value order.
            pub const ALL: &'static [OrderType] = &[ $( OrderType::$variant, )+ ];

            /// The MT5 name without its `ORDER_TYPE_` prefix (`"BUY_LIMIT"`).
            pub const fn name(self) -> &'static str {
                match self { $( OrderType::$variant => $name, )+ }
            }
        }

        /// The order type with this MT5 value, or [`Error::InvalidOrderType`].
        impl TryFrom<u8> for OrderType {
            type Error = Error;

            fn try_from(value: u8) -> Result<Self> {
                match value { $( $value => Ok(OrderType::$variant), )+ _ => Err(Error::InvalidOrderType) }
            }
        }

        /// Parses the exact [`OrderType::name`]; anything else is [`Error::InvalidOrderType`].
        impl FromStr for OrderType {
            type Err = Error;

            fn from_str(name: &str) -> Result<Self> {
                match name { $( $name => Ok(OrderType::$variant), )+ _ => Err(Error::InvalidOrderType) }
            }
        }
    };
}

order_types! {
    /// Market buy (`ORDER_TYPE_BUY`).
    Buy = 0, "BUY";
    /// Market sell (`ORDER_TYPE_SELL`).
    Sell = 1, "SELL";
    /// Buy limit (`ORDER_TYPE_BUY_LIMIT`).
    BuyLimit = 2, "BUY_LIMIT";
    /// Sell limit (`ORDER_TYPE_SELL_LIMIT`).
    SellLimit = 3, "SELL_LIMIT";
    /// Buy stop (`ORDER_TYPE_BUY_STOP`).
    BuyStop = 4, "BUY_STOP";
    /// Sell stop (`ORDER_TYPE_SELL_STOP`).
    SellStop = 5, "SELL_STOP";
    /// Buy stop limit (`ORDER_TYPE_BUY_STOP_LIMIT`).
    BuyStopLimit = 6, "BUY_STOP_LIMIT";
    /// Sell stop limit (`ORDER_TYPE_SELL_STOP_LIMIT`).
    SellStopLimit = 7, "SELL_STOP_LIMIT";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_types_round_trip() {
        for (i, &t) in OrderType::ALL.iter().enumerate() {
            assert_eq!(usize::from(t as u8), i);
            assert_eq!(OrderType::try_from(t as u8), Ok(t));
            assert_eq!(t.name().parse::<OrderType>(), Ok(t));
        }
        assert_eq!("buy".parse::<OrderType>(), Err(Error::InvalidOrderType));
        assert_eq!(OrderType::try_from(255), Err(Error::InvalidOrderType));
    }

    #[test]
    fn symbol_limits() {
        assert!(Symbol::new(&"X".repeat(32)).is_ok());
        assert_eq!(Symbol::new(&"X".repeat(33)), Err(Error::InvalidSymbol));
        assert_eq!(Symbol::new("EUR\nUSD"), Err(Error::InvalidSymbol));
        assert_eq!(Symbol::new("EUR\u{7f}"), Err(Error::InvalidSymbol));
        assert_eq!(
            Symbol::new("GER40.cash|x").map(|s| s.as_str()),
            Ok("GER40.cash|x")
        );
    }
}
