//! # tradeseal
//!
//! Message signing, authenticated encryption, replay protection and Noise sessions for trading systems,
//! with byte-identical results from Rust, C, C++, MQL5, Python and Node (they all call this crate).
//!
//! Start with [`MacKey`] and [`Keyring`]; the byte formats are specified in `docs/WIRE.md`.
//! For encryption use [`envelope`] (versioned, key-rotating AEAD messages) over [`aead::SealingKey`] (keys
//! that choose their own nonces); [`kdf`] derives purpose-bound keys; [`ed25519`] signs for third parties.
//!
//! ```
//! use tradeseal::{Keyring, MacKey};
//! let ring = Keyring::with_primary(1, MacKey::generate()?);
//! let (id, key) = ring.primary()?;
//! let tag = key.sign(b"hello");
//! ring.get(id)?.verify(b"hello", &tag)?;
//! # Ok::<(), tradeseal::Error>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod aead;
mod bounded;
pub mod clock;
pub mod decimal;
pub mod ed25519;
pub mod envelope;
pub mod error;
pub mod frame;
pub mod gap;
pub mod guard;
pub mod hex;
pub mod kdf;
pub mod keyring;
pub mod legacy;
pub mod mac;
pub mod noise;
pub mod nonce_cache;
pub mod order;
pub mod price_guard;
pub mod rand;
pub mod ratelimit;
pub mod replay;
pub mod request;
pub mod request_verifier;
pub mod signal;
pub mod signal_verifier;
mod state_file;
pub mod subscription;
mod text;
pub mod utf16;
pub mod verified;
mod wire;

pub use aead::SealingKey;
pub use decimal::Decimal;
pub use error::{Error, Result};
pub use keyring::{KeyId, Keyring};
pub use mac::{MacKey, MacTag, MAC_KEY_BYTES, MAC_TAG_BYTES};
pub use noise::{NoiseBuilder, NoiseProtocol, NoiseSession, SessionState, StaticKeypair};
pub use order::{OrderType, Symbol};
pub use replay::{CheckedSeq, ReplayWindow};
pub use subscription::SubscriptionId;
pub use verified::Verified;

/// The version of this library (`CARGO_PKG_VERSION`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
