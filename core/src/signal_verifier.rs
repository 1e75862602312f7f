//! The copier's verification pipeline for signed signals: [`SignalVerifier`].
//!
//! [`SignalVerifier::verify`] runs, in this order, and stops at the first failure:
//! 1. parse the packet's structure ([`SignedSignal::parse`]);
//! 2. replay and gap pre-check of the claimed subscription and sequence ([`Guard::check`], no side effects):
//!    duplicates, too-old numbers and degraded streams are dropped before the expensive work;
//! 3. signature, with the key the packet names ([`SignedSignal::verify`]);
//! 4. the seed's input rules ([`SignalPolicy`]): a non-nil subscription UUID, age and clock skew, a symbol of
//!    1 to 20 ASCII letters and digits, `0 < volume <= max_volume`, `price > 0`;
//! 5. commit to the stream's replay window and gap tracker ([`Guard::commit`]).
//!
//! Steps 2 to 5 run under one lock of the stream's shard in the guard ([`Guard`] splits streams over 64), so
//! copies of one packet racing in two threads are accepted once. The window moves only in step 5, so a
//! forged or invalid message never consumes a sequence number. Step 2
//! tells an unauthenticated sender whether a number was already accepted (as IPsec and WireGuard do): that
//! reveals how far a stream got, nothing more. Each rejection has its own error: see [`SignalVerifier::verify`].
//!
//! ```
//! use tradeseal::guard::{Guard, GuardConfig};
//! use tradeseal::signal::Signal;
//! use tradeseal::signal_verifier::{SignalPolicy, SignalVerifier};
//! use tradeseal::{Decimal, Error, Keyring, MacKey, OrderType, Symbol};
//!
//! let ring = Keyring::with_primary(1, MacKey::generate()?);
//! let verifier = SignalVerifier::new(SignalPolicy::default(), Guard::new(GuardConfig::default())?);
//! let now_ms = 1_700_000_000_000;
//! let signal = Signal {
//!     subscription_id: "6f9619ff-8b86-d011-b42d-00c04fc964ff".parse()?,
//!     sequence: 1,
//!     generated_at_ms: now_ms - 20,
//!     symbol: Symbol::new("EURUSD")?,
//!     order_type: OrderType::Buy,
//!     volume: Decimal::new(10, 2)?,
//!     price: Decimal::new(108_125, 5)?,
//! };
//! let packet = signal.sign(&ring)?;
//! assert_eq!(*verifier.verify(&ring, &packet, now_ms)?.message(), signal);
//! assert_eq!(verifier.verify(&ring, &packet, now_ms).unwrap_err(), Error::Replayed);
//! # Ok::<(), Error>(())
//! ```

use crate::clock::TimeWindow;
use crate::decimal::Decimal;
use crate::error::{Error, Result};
use crate::guard::Guard;
use crate::keyring::Keyring;
use crate::mac::MacKey;
use crate::signal::{Signal, SignedSignal};
use crate::verified::Verified;

/// The longest symbol the seed rules accept.
pub const MAX_POLICY_SYMBOL_BYTES: usize = 20;

/// The seed's input rules for a signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignalPolicy {
    /// Maximum age and clock skew of `generated_at_ms`.
    pub time: TimeWindow,
    /// The largest volume accepted.
    pub max_volume: Decimal,
}

impl Default for SignalPolicy {
    /// The default [`TimeWindow`] (60 s old, 5 s ahead) and at most 100 lots.
    fn default() -> Self {
        SignalPolicy {
            time: TimeWindow::default(),
            max_volume: DEFAULT_MAX_VOLUME,
        }
    }
}

/// 100 lots (checked at compile time).
const DEFAULT_MAX_VOLUME: Decimal = match Decimal::new(100, 0) {
    Ok(volume) => volume,
    Err(_) => panic!("100 is a valid decimal"),
};

impl SignalPolicy {
    /// Checks a verified signal's fields against the rules at time `now_ms`.
    ///
    /// Fails with [`Error::InvalidUuid`] (nil subscription), [`Error::InvalidSequence`] (0),
    /// [`Error::Stale`] / [`Error::FromFuture`], [`Error::InvalidSymbol`], [`Error::InvalidNumber`] (zero
    /// volume or price) or [`Error::VolumeLimit`].
    pub fn check(&self, signal: &Signal<'_>, now_ms: u64) -> Result<()> {
        if signal.subscription_id.as_bytes() == &[0; 16] {
            return Err(Error::InvalidUuid);
        }
        if signal.sequence == 0 {
            return Err(Error::InvalidSequence);
        }
        self.time.check(signal.generated_at_ms, now_ms)?;
        let symbol = signal.symbol.as_str();
        if symbol.len() > MAX_POLICY_SYMBOL_BYTES || !symbol.bytes().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Error::InvalidSymbol);
        }
        if signal.volume.units() == 0 || signal.price.units() == 0 {
            return Err(Error::InvalidNumber);
        }
        let scale = signal.volume.decimals().max(self.max_volume.decimals());
        match (signal.volume.scaled_to(scale), self.max_volume.scaled_to(scale)) {
            (Some(volume), Some(max)) if volume <= max => Ok(()),
            _ => Err(Error::VolumeLimit),
        }
    }
}

/// Verifies signed signals for many subscriptions, shared by threads (`&self`). See the [module docs](self).
#[derive(Debug)]
pub struct SignalVerifier {
    policy: SignalPolicy,
    guard: Guard,
}

impl SignalVerifier {
    /// A verifier applying `policy`, keeping replay and gap state in `guard`.
    pub fn new(policy: SignalPolicy, guard: Guard) -> Self {
        SignalVerifier { policy, guard }
    }

    /// The guard holding each subscription's replay and gap state (for resend requests and resyncs).
    pub fn guard(&self) -> &Guard {
        &self.guard
    }

    /// Runs the pipeline on a signed packet received at `now_ms`, with the keys of `keyring`.
    ///
    /// Fails with, by step: [`Error::UnsupportedVersion`], [`Error::Truncated`], [`Error::Malformed`];
    /// [`Error::InvalidSequence`], [`Error::TooOld`], [`Error::Replayed`], [`Error::StreamDegraded`],
    /// [`Error::TooManyStreams`]; [`Error::UnknownKey`], [`Error::InvalidSignature`] (and the format's
    /// field errors); the [`SignalPolicy::check`] errors; [`Error::Io`] when the guard cannot persist.
    pub fn verify<'a>(
        &self,
        keyring: &Keyring<MacKey>,
        packet: &'a [u8],
        now_ms: u64,
    ) -> Result<Verified<Signal<'a>>> {
        let signed = SignedSignal::parse(packet)?;
        self.guard
            .admit(signed.subscription_id(), signed.sequence(), now_ms, || {
                let verified = signed.verify(keyring)?;
                let signal = verified.message();
                self.policy.check(signal, now_ms)?;
                let sent_ms = signal.generated_at_ms;
                Ok((verified, sent_ms))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::GuardConfig;
    use crate::order::{OrderType, Symbol};
    use crate::subscription::SubscriptionId;

    const NOW: u64 = 1_700_000_000_000;

    fn ring() -> Keyring<MacKey> {
        Keyring::with_primary(3, MacKey::from_bytes(&[9; 32]).unwrap())
    }

    fn signal(symbol: &str) -> Signal<'_> {
        Signal {
            subscription_id: SubscriptionId::from_bytes([0x42; 16]),
            sequence: 1,
            generated_at_ms: NOW,
            symbol: Symbol::new(symbol).unwrap(),
            order_type: OrderType::Sell,
            volume: Decimal::new(150, 2).unwrap(),
            price: Decimal::new(1, 0).unwrap(),
        }
    }

    fn verifier() -> SignalVerifier {
        let policy = SignalPolicy {
            max_volume: Decimal::new(15, 1).unwrap(),
            ..SignalPolicy::default()
        };
        SignalVerifier::new(policy, Guard::new(GuardConfig::default()).unwrap())
    }

    #[test]
    fn each_rule_has_its_error_and_rejections_do_not_consume_the_sequence() {
        let v = verifier();
        let zero = Decimal::new(0, 3).unwrap();
        let cases: [(Signal<'_>, Error); 9] = [
            (
                Signal {
                    subscription_id: SubscriptionId::from_bytes([0; 16]),
                    ..signal("EURUSD")
                },
                Error::InvalidUuid,
            ),
            (
                Signal {
                    sequence: 0,
                    ..signal("EURUSD")
                },
                Error::InvalidSequence,
            ),
            (
                Signal {
                    generated_at_ms: NOW - 60_001,
                    ..signal("EURUSD")
                },
                Error::Stale,
            ),
            (
                Signal {
                    generated_at_ms: NOW + 5_001,
                    ..signal("EURUSD")
                },
                Error::FromFuture,
            ),
            (signal("EUR.USD"), Error::InvalidSymbol),
            (signal("ABCDEFGHIJKLMNOPQRSTU"), Error::InvalidSymbol),
            (
                Signal {
                    volume: zero,
                    ..signal("EURUSD")
                },
                Error::InvalidNumber,
            ),
            (
                Signal {
                    price: zero,
                    ..signal("EURUSD")
                },
                Error::InvalidNumber,
            ),
            (
                Signal {
                    volume: Decimal::new(1_501, 3).unwrap(),
                    ..signal("EURUSD")
                },
                Error::VolumeLimit,
            ),
        ];
        for (bad, error) in cases {
            assert_eq!(
                v.verify(&ring(), &bad.sign(&ring()).unwrap(), NOW).unwrap_err(),
                error,
                "{bad:?}"
            );
        }
        let good = signal("ABCDEFGHIJKLMNOPQRST").sign(&ring()).unwrap();
        v.verify(&ring(), &good, NOW).unwrap();
        assert_eq!(v.verify(&ring(), &good, NOW).unwrap_err(), Error::Replayed);
        assert_eq!(v.guard().clock_offset_ms(signal("X").subscription_id), Some(0));
    }

    #[test]
    fn forged_packets_do_not_move_the_window() {
        let v = verifier();
        let mut packet = signal("EURUSD").sign(&ring()).unwrap();
        let last = packet.len() - 1;
        packet[last] ^= 1;
        assert_eq!(
            v.verify(&ring(), &packet, NOW).unwrap_err(),
            Error::InvalidSignature
        );
        packet[last] ^= 1;
        v.verify(&ring(), &packet, NOW).unwrap();
        let other = Keyring::with_primary(4, MacKey::from_bytes(&[9; 32]).unwrap());
        assert_eq!(
            v.verify(&other, &packet, NOW).unwrap_err(),
            Error::Replayed,
            "pre-check before the key"
        );
    }
}
