//! [`Verified`]: the only way to hold a message whose tag was checked.
//!
//! Every `verify` in tradeseal returns `Result<Verified<T>>`. A `Verified<T>` cannot be built outside this
//! crate, so a function that takes `&Verified<Signal>` can only ever be handed an authenticated signal, and
//! a decoded-but-unverified message (such as [`SignedSignal`](crate::signal::SignedSignal)) does not fit.
//!
//! ```
//! use tradeseal::{frame::Frame, Keyring, MacKey, Verified};
//!
//! fn act_on(frame: &Verified<Frame<'_>>) -> u64 {
//!     frame.sequence
//! }
//!
//! let ring = Keyring::with_primary(3, MacKey::generate()?);
//! let bytes = Frame { stream_id: 1, sequence: 9, timestamp_ns: 0, payload: b"x" }.sign(&ring)?;
//! let frame = Frame::verify(&ring, &bytes)?;
//! assert_eq!(frame.key_id(), Some(3));
//! assert_eq!(act_on(&frame), 9);
//! # Ok::<(), tradeseal::Error>(())
//! ```

use core::ops::Deref;

use crate::keyring::KeyId;

/// A message of type `T` whose authentication tag verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified<T> {
    message: T,
    key_id: Option<KeyId>,
}

impl<T> Verified<T> {
    /// Only the verifiers of this crate make a `Verified`.
    pub(crate) fn new(message: T, key_id: Option<KeyId>) -> Self {
        Verified { message, key_id }
    }

    /// The id of the key that verified the message, for formats that carry one (`None` for the legacy
    /// text format and for request signatures, whose key the caller chose).
    pub fn key_id(&self) -> Option<KeyId> {
        self.key_id
    }

    /// The verified message.
    pub fn message(&self) -> &T {
        &self.message
    }

    /// The verified message, giving up the proof that it verified.
    pub fn into_inner(self) -> T {
        self.message
    }
}

impl<T> Deref for Verified<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.message
    }
}
