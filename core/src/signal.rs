//! Trading signal v1: the copier's signed `SignalPacket` (byte layout in `docs/WIRE.md`).
//!
//! A [`Signal`] is built from checked parts ([`SubscriptionId`], [`Symbol`], [`OrderType`], [`Decimal`]),
//! so every `Signal` value is encodable. [`Signal::sign_into`] writes the signed packet into a caller
//! buffer with the keyring's primary key, allocating nothing; [`Signal::verify`] checks a packet with
//! whichever key of the ring its key id names and returns a [`Verified`] view borrowing from the input.
//!
//! ```
//! use tradeseal::signal::{Signal, SignedSignal, MAX_SIGNED_SIGNAL_BYTES};
//! use tradeseal::{Decimal, Error, Keyring, MacKey, OrderType, Symbol};
//!
//! let ring = Keyring::with_primary(7, MacKey::generate()?);
//! let signal = Signal {
//!     subscription_id: "6f9619ff-8b86-d011-b42d-00c04fc964ff".parse()?,
//!     sequence: 42,
//!     generated_at_ms: 1_700_000_000_000,
//!     symbol: Symbol::new("EURUSD")?,
//!     order_type: OrderType::Buy,
//!     volume: Decimal::from_f64(0.10, 2)?,
//!     price: Decimal::new(108125, 5)?,
//! };
//! let mut buf = [0u8; MAX_SIGNED_SIGNAL_BYTES];
//! let len = signal.sign_into(&ring, &mut buf)?;
//!
//! let verified = Signal::verify(&ring, &buf[..len])?;
//! assert_eq!(*verified.message(), signal);
//! assert_eq!(verified.key_id(), Some(7));
//!
//! // Parsing alone gives only what is needed to pick the keyring; the fields need `verify`.
//! let unverified = SignedSignal::parse(&buf[..len])?;
//! assert_eq!((unverified.key_id(), unverified.subscription_id()), (7, signal.subscription_id));
//!
//! buf[28] ^= 1; // the last byte of the sequence
//! assert_eq!(Signal::verify(&ring, &buf[..len]), Err(Error::InvalidSignature));
//! # Ok::<(), Error>(())
//! ```

use crate::decimal::Decimal;
use crate::error::{Error, Result};
use crate::keyring::{KeyId, Keyring};
use crate::mac::{MacKey, MAC_TAG_BYTES};
use crate::order::{OrderType, Symbol, MAX_SYMBOL_BYTES};
use crate::subscription::SubscriptionId;
use crate::verified::Verified;
use crate::wire::{self, Reader, Writer, HEADER_BYTES};

/// Domain-separation label prepended to the MAC input (not sent).
const LABEL: &[u8] = b"tradeseal/signal/v1";

/// Bytes of a signed signal besides the symbol's UTF-8 bytes.
pub const SIGNAL_FIXED_BYTES: usize = HEADER_BYTES + 16 + 8 + 8 + 1 + 1 + (8 + 1) * 2 + MAC_TAG_BYTES;

/// The largest signed signal (a [`MAX_SYMBOL_BYTES`] symbol): a buffer this size always suffices.
pub const MAX_SIGNED_SIGNAL_BYTES: usize = SIGNAL_FIXED_BYTES + MAX_SYMBOL_BYTES;

/// A trading signal: copy this order for this subscription.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signal<'a> {
    /// The subscription the signal belongs to.
    pub subscription_id: SubscriptionId,
    /// The sender's sequence number within the subscription.
    pub sequence: u64,
    /// When the signal was generated, in milliseconds since the Unix epoch.
    pub generated_at_ms: u64,
    /// The traded symbol.
    pub symbol: Symbol<'a>,
    /// The MT5 order type.
    pub order_type: OrderType,
    /// The volume, in lots.
    pub volume: Decimal,
    /// The price (0 for market orders, by convention of the sender).
    pub price: Decimal,
}

impl<'a> Signal<'a> {
    /// The size of the signed packet: [`SIGNAL_FIXED_BYTES`] plus the symbol's length.
    pub fn signed_len(&self) -> usize {
        SIGNAL_FIXED_BYTES + self.symbol.as_str().len()
    }

    /// Writes the signed packet into the start of `out` with the keyring's primary key and returns its
    /// length. Allocates nothing.
    ///
    /// Fails with [`Error::BufferTooSmall`] when `out` is shorter than [`Signal::signed_len`] and with
    /// [`Error::NoPrimaryKey`] when the keyring has no primary.
    pub fn sign_into(&self, keyring: &Keyring<MacKey>, out: &mut [u8]) -> Result<usize> {
        wire::sign_into(LABEL, keyring, self.signed_len(), out, |w| self.write_body(w))
    }

    /// [`Signal::sign_into`] into a new `Vec`.
    pub fn sign(&self, keyring: &Keyring<MacKey>) -> Result<Vec<u8>> {
        let mut out = vec![0u8; self.signed_len()];
        self.sign_into(keyring, &mut out)?;
        Ok(out)
    }

    /// Parses and verifies a signed packet: [`SignedSignal::parse`] then [`SignedSignal::verify`].
    pub fn verify(keyring: &Keyring<MacKey>, bytes: &'a [u8]) -> Result<Verified<Signal<'a>>> {
        SignedSignal::parse(bytes)?.verify(keyring)
    }

    fn write_body(&self, w: &mut Writer<'_>) -> Result<()> {
        let symbol = self.symbol.as_str().as_bytes();
        w.put(self.subscription_id.as_bytes())?;
        w.u64(self.sequence)?;
        w.u64(self.generated_at_ms)?;
        w.u8(u8::try_from(symbol.len()).map_err(|_| Error::InvalidSymbol)?)?;
        w.put(symbol)?;
        w.u8(self.order_type as u8)?;
        for number in [self.volume, self.price] {
            w.i64(number.units())?;
            w.u8(number.decimals())?;
        }
        Ok(())
    }
}

/// A signed signal whose structure parsed but whose tag is not checked yet.
///
/// It exposes only what a receiver needs to choose the keyring (the key id and the subscription id);
/// the signal itself comes out of [`SignedSignal::verify`].
#[derive(Clone, Copy, Debug)]
pub struct SignedSignal<'a> {
    bytes: &'a [u8],
    key_id: KeyId,
    subscription_id: SubscriptionId,
    sequence: u64,
    generated_at_ms: u64,
    symbol: &'a [u8],
    order_type: u8,
    volume: (i64, u8),
    price: (i64, u8),
}

impl<'a> SignedSignal<'a> {
    /// Parses the packet's structure.
    ///
    /// Fails with [`Error::UnsupportedVersion`] for another version byte, [`Error::Truncated`] when the
    /// input ends early, [`Error::Malformed`] when bytes follow the tag.
    pub fn parse(bytes: &'a [u8]) -> Result<Self> {
        let mut r = Reader::new(bytes);
        let key_id = wire::read_header(&mut r)?;
        let subscription_id = SubscriptionId::from_bytes(r.array()?);
        let sequence = r.u64()?;
        let generated_at_ms = r.u64()?;
        let symbol_len = r.u8()?;
        let symbol = r.take(usize::from(symbol_len))?;
        let order_type = r.u8()?;
        let volume = (r.i64()?, r.u8()?);
        let price = (r.i64()?, r.u8()?);
        r.finish_with_tag()?;
        Ok(SignedSignal {
            bytes,
            key_id,
            subscription_id,
            sequence,
            generated_at_ms,
            symbol,
            order_type,
            volume,
            price,
        })
    }

    /// The key id the packet claims (unauthenticated until verified).
    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    /// The subscription id the packet claims (unauthenticated until verified).
    pub fn subscription_id(&self) -> SubscriptionId {
        self.subscription_id
    }

    /// The sequence number the packet claims (unauthenticated until verified), for a replay pre-check
    /// before the signature.
    pub fn sequence(&self) -> u64 {
        self.sequence
    }

    /// Checks the tag with the key the packet names, then the field values.
    ///
    /// Fails with [`Error::UnknownKey`] when the ring has no such key, [`Error::InvalidSignature`] when
    /// the tag does not verify, and after that with [`Error::InvalidSymbol`], [`Error::InvalidOrderType`]
    /// or [`Error::InvalidNumber`] for a field value the format does not allow.
    pub fn verify(self, keyring: &Keyring<MacKey>) -> Result<Verified<Signal<'a>>> {
        wire::verify(LABEL, keyring, self.key_id, self.bytes)?;
        let signal = Signal {
            subscription_id: self.subscription_id,
            sequence: self.sequence,
            generated_at_ms: self.generated_at_ms,
            symbol: Symbol::from_utf8(self.symbol)?,
            order_type: OrderType::try_from(self.order_type)?,
            volume: Decimal::new(self.volume.0, self.volume.1)?,
            price: Decimal::new(self.price.0, self.price.1)?,
        };
        Ok(Verified::new(signal, Some(self.key_id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(id: KeyId, byte: u8) -> Keyring<MacKey> {
        Keyring::with_primary(id, MacKey::from_bytes(&[byte; 32]).unwrap())
    }

    fn signal(symbol: &str) -> Signal<'_> {
        Signal {
            subscription_id: SubscriptionId::from_bytes([0x11; 16]),
            sequence: 1,
            generated_at_ms: 2,
            symbol: Symbol::new(symbol).unwrap(),
            order_type: OrderType::SellStopLimit,
            volume: Decimal::new(1, 2).unwrap(),
            price: Decimal::new(3, 4).unwrap(),
        }
    }

    #[test]
    fn every_prefix_is_truncated_and_extra_bytes_are_malformed() {
        let bytes = signal("EURUSD").sign(&ring(1, 1)).unwrap();
        assert_eq!(bytes.len(), SIGNAL_FIXED_BYTES + 6);
        for n in 0..bytes.len() {
            let err = Signal::verify(&ring(1, 1), &bytes[..n]).unwrap_err();
            assert!(matches!(err, Error::Truncated | Error::Malformed), "{n}: {err:?}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(Signal::verify(&ring(1, 1), &longer), Err(Error::Malformed));
    }

    #[test]
    fn key_errors() {
        let s = signal("X");
        let bytes = s.sign(&ring(1, 1)).unwrap();
        assert_eq!(Signal::verify(&ring(2, 1), &bytes), Err(Error::UnknownKey));
        assert_eq!(Signal::verify(&ring(1, 2), &bytes), Err(Error::InvalidSignature));
        assert_eq!(s.sign(&Keyring::new()), Err(Error::NoPrimaryKey));
        let mut small = [0u8; SIGNAL_FIXED_BYTES];
        assert_eq!(s.sign_into(&ring(1, 1), &mut small), Err(Error::BufferTooSmall));
    }
}
