//! The seed-compatible legacy text format, for existing senders:
//! `subscription_id|sequence|generated_at_ms|symbol|order_type|volume|price`, signed with a lowercase hex
//! HMAC-SHA256 of the line (specified in `docs/WIRE.md`).
//!
//! Volume and price are printed exactly as C `printf("%.5f")` prints a `double` (exact binary value,
//! rounded half to even), so a line signed here is byte-identical to one an existing C/MQL5 sender makes.
//! The order type is its MT5 name (`BUY`, `SELL_LIMIT`, ...). The format has no version and no key id:
//! prefer [`crate::signal`] for new senders.
//!
//! [`verify`] checks the signature over the exact bytes received, then parses the line into a
//! [`Signal`] whose volume and price are [`Decimal`]s with 5 decimals.
//!
//! ```
//! use tradeseal::legacy::{self, LegacySignal};
//! use tradeseal::{Error, MacKey, OrderType};
//!
//! let key = MacKey::from_bytes(&[0x42; 32])?;
//! let signal = LegacySignal {
//!     subscription_id: "6f9619ff-8b86-d011-b42d-00c04fc964ff".parse()?,
//!     sequence: 42,
//!     generated_at_ms: 1_700_000_000_000,
//!     symbol: "EURUSD",
//!     order_type: OrderType::Buy,
//!     volume: 0.1,
//!     price: 1.08125,
//! };
//! let signed = signal.sign(&key)?;
//! assert_eq!(signed.line, "6f9619ff-8b86-d011-b42d-00c04fc964ff|42|1700000000000|EURUSD|BUY|0.10000|1.08125");
//!
//! let verified = legacy::verify(&key, signed.line.as_bytes(), &signed.signature.to_uppercase())?;
//! assert_eq!(verified.price.to_string(), "1.08125");
//!
//! let bad = LegacySignal { symbol: "EUR|USD", ..signal };
//! assert_eq!(bad.sign(&key).unwrap_err(), Error::ForbiddenCharacter);
//! # Ok::<(), Error>(())
//! ```

use core::fmt::Write;

use crate::decimal::Decimal;
use crate::error::{Error, Result};
use crate::mac::{MacKey, MAC_TAG_BYTES};
use crate::order::{OrderType, Symbol, MAX_SYMBOL_BYTES};
use crate::signal::Signal;
use crate::subscription::{SubscriptionId, SUBSCRIPTION_ID_TEXT_BYTES};
use crate::text::{decode_hex_tag, parse_u64, SliceWriter};
use crate::verified::Verified;

/// The field separator.
const SEPARATOR: u8 = b'|';

/// Decimals of the volume and price fields.
pub const LEGACY_DECIMALS: u8 = 5;

/// Length of the hex signature.
pub const LEGACY_SIGNATURE_HEX_BYTES: usize = 2 * MAC_TAG_BYTES;

/// The longest `%.5f` of a finite `double`: 309 integer digits, the point and 5 decimals.
const MAX_NUMBER_TEXT_BYTES: usize = 309 + 1 + 5;

/// The longest line [`LegacySignal::write_line`] can produce: a buffer this size always suffices.
pub const MAX_LEGACY_LINE_BYTES: usize = SUBSCRIPTION_ID_TEXT_BYTES
    + 2 * 20
    + MAX_SYMBOL_BYTES
    + "SELL_STOP_LIMIT".len()
    + 2 * MAX_NUMBER_TEXT_BYTES
    + 6;

/// A signal as existing senders have it: volume and price as `f64`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LegacySignal<'a> {
    /// The subscription the signal belongs to.
    pub subscription_id: SubscriptionId,
    /// The sender's sequence number.
    pub sequence: u64,
    /// When the signal was generated, in milliseconds since the Unix epoch.
    pub generated_at_ms: u64,
    /// The traded symbol (checked by [`LegacySignal::write_line`]).
    pub symbol: &'a str,
    /// The MT5 order type.
    pub order_type: OrderType,
    /// The volume; finite and not negative.
    pub volume: f64,
    /// The price; finite and not negative.
    pub price: f64,
}

/// A signed legacy line and its signature (lowercase hex).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedLine {
    /// The line, without a line terminator.
    pub line: String,
    /// The HMAC-SHA256 of the line, lowercase hex.
    pub signature: String,
}

impl LegacySignal<'_> {
    /// Writes the line into the start of `out` and returns its length. Allocates nothing.
    ///
    /// Fails with [`Error::ForbiddenCharacter`] when the symbol contains `|`, CR or LF,
    /// [`Error::InvalidSymbol`] when it breaks the other [`Symbol`] rules, [`Error::InvalidNumber`] for a
    /// NaN, infinite or negative (including `-0.0`) volume or price, and [`Error::BufferTooSmall`] when the
    /// line does not fit ([`MAX_LEGACY_LINE_BYTES`] always does).
    pub fn write_line(&self, out: &mut [u8]) -> Result<usize> {
        if self
            .symbol
            .bytes()
            .any(|c| matches!(c, SEPARATOR | b'\n' | b'\r'))
        {
            return Err(Error::ForbiddenCharacter);
        }
        let symbol = Symbol::new(self.symbol)?;
        for number in [self.volume, self.price] {
            if !number.is_finite() || number.is_sign_negative() {
                return Err(Error::InvalidNumber);
            }
        }
        let mut w = SliceWriter::new(out);
        write!(
            w,
            "{}|{}|{}|{}|{}|{:.5}|{:.5}",
            self.subscription_id,
            self.sequence,
            self.generated_at_ms,
            symbol,
            self.order_type.name(),
            self.volume,
            self.price
        )
        .map_err(|_| Error::BufferTooSmall)?;
        Ok(w.written().len())
    }

    /// Writes the line into `line_out` and its lowercase hex signature into `signature_out`; returns the
    /// line's length. Allocates nothing. Errors as [`LegacySignal::write_line`].
    pub fn sign_into(
        &self,
        key: &MacKey,
        line_out: &mut [u8],
        signature_out: &mut [u8; LEGACY_SIGNATURE_HEX_BYTES],
    ) -> Result<usize> {
        let len = self.write_line(line_out)?;
        let line = line_out.get(..len).ok_or(Error::Internal)?;
        crate::hex::encode_into(&key.sign(line), signature_out)?;
        Ok(len)
    }

    /// The signed line, as new `String`s.
    pub fn sign(&self, key: &MacKey) -> Result<SignedLine> {
        let mut line = [0u8; MAX_LEGACY_LINE_BYTES];
        let mut signature = [0u8; LEGACY_SIGNATURE_HEX_BYTES];
        let len = self.sign_into(key, &mut line, &mut signature)?;
        let text = |bytes: &[u8]| {
            core::str::from_utf8(bytes)
                .map(str::to_owned)
                .map_err(|_| Error::Internal)
        };
        Ok(SignedLine {
            line: text(line.get(..len).ok_or(Error::Internal)?)?,
            signature: text(&signature)?,
        })
    }
}

/// Verifies `signature_hex` (64 hex digits, either case) over the exact bytes of `line`, then parses it.
///
/// Fails with [`Error::InvalidSignature`] when the signature is malformed or does not verify. A line that
/// verifies but does not parse fails with [`Error::Malformed`] (not 7 fields, or a sequence/timestamp that
/// is not a canonical decimal `u64`), [`Error::InvalidUuid`], [`Error::InvalidSymbol`],
/// [`Error::InvalidOrderType`] or [`Error::InvalidNumber`] (a number not printed as `%.5f`, or too large
/// for a [`Decimal`]: at most 92233720368547.75807).
pub fn verify<'a>(key: &MacKey, line: &'a [u8], signature_hex: &str) -> Result<Verified<Signal<'a>>> {
    let tag = decode_hex_tag(signature_hex.as_bytes())?;
    key.verify(line, &tag)?;
    let mut fields = line.split(|&c| c == SEPARATOR);
    let mut next = || fields.next().ok_or(Error::Malformed);
    let (id, sequence, generated_at, symbol, order_type, volume, price) =
        (next()?, next()?, next()?, next()?, next()?, next()?, next()?);
    if fields.next().is_some() {
        return Err(Error::Malformed);
    }
    let signal = Signal {
        subscription_id: text(id).map_err(|_| Error::InvalidUuid)?.parse()?,
        sequence: parse_u64(sequence).ok_or(Error::Malformed)?,
        generated_at_ms: parse_u64(generated_at).ok_or(Error::Malformed)?,
        symbol: Symbol::from_utf8(symbol)?,
        order_type: text(order_type).map_err(|_| Error::InvalidOrderType)?.parse()?,
        volume: parse_number(volume)?,
        price: parse_number(price)?,
    };
    Ok(Verified::new(signal, None))
}

fn text(bytes: &[u8]) -> Result<&str> {
    core::str::from_utf8(bytes).map_err(|_| Error::Malformed)
}

/// A `%.5f` number: a canonical [`Decimal`] with exactly 5 decimals.
fn parse_number(field: &[u8]) -> Result<Decimal> {
    let number: Decimal = text(field).map_err(|_| Error::InvalidNumber)?.parse()?;
    if number.decimals() != LEGACY_DECIMALS {
        return Err(Error::InvalidNumber);
    }
    Ok(number)
}
