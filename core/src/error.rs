//! The one error type of tradeseal.
//!
//! Every variant has a stable numeric [`Error::code`] and a stable `TSEAL_*` [`Error::name`]. The same
//! names are used by the C ABI (`tseal_status`), Python (`TradesealError.name`), Node (`err.code`) and the
//! test vectors in `tests/vectors/`. Codes never change meaning once released; new variants get new codes.
//!
//! Codes are grouped:
//! - `1..=99`: caller mistakes (API misuse: NULL pointers, wrong sizes, wrong state). These are bugs in the
//!   calling program, never caused by what arrived on the wire.
//! - `100..=199`: bad or hostile data (a message that does not verify, does not parse, is replayed, ...).
//!   Cryptographic failures carry no detail, so they cannot be used as an oracle.
//! - `200..=299`: the environment (OS randomness, files).
//!
//! ```
//! use tradeseal::Error;
//! assert_eq!(Error::InvalidSignature.name(), "TSEAL_INVALID_SIGNATURE");
//! assert_eq!(Error::from_code(Error::InvalidSignature.code()), Some(Error::InvalidSignature));
//! ```

/// Result alias used throughout tradeseal.
pub type Result<T, E = Error> = core::result::Result<T, E>;

macro_rules! errors {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $name:literal, $msg:literal; )+) => {
        /// Every way a tradeseal operation can fail. See the [module docs](self) for the code ranges.
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
        #[repr(i32)]
        pub enum Error {
            $( $(#[$doc])* #[error($msg)] $variant = $code, )+
        }

        impl Error {
            /// Every error, in code order (for bindings that export the whole list).
            pub const ALL: &'static [Error] = &[ $( Error::$variant, )+ ];

            /// The stable numeric code (the C ABI's `tseal_status`).
            pub const fn code(self) -> i32 {
                self as i32
            }

            /// The stable `TSEAL_*` name, identical in every language.
            pub const fn name(self) -> &'static str {
                match self { $( Error::$variant => $name, )+ }
            }

            /// The error with this code, if there is one.
            pub fn from_code(code: i32) -> Option<Error> {
                match code { $( $code => Some(Error::$variant), )+ _ => None }
            }

            /// The error with this `TSEAL_*` name, if there is one.
            pub fn from_name(name: &str) -> Option<Error> {
                match name { $( $name => Some(Error::$variant), )+ _ => None }
            }
        }
    };
}

errors! {
    // ---- caller mistakes (1..=99) ----
    /// A required pointer was NULL (C ABI).
    NullPointer = 1, "TSEAL_NULL_POINTER", "a required pointer was NULL";
    /// The caller's output buffer is too small; the needed size is reported separately.
    BufferTooSmall = 2, "TSEAL_BUFFER_TOO_SMALL", "output buffer too small";
    /// An argument has a value the operation does not accept.
    InvalidArgument = 3, "TSEAL_INVALID_ARGUMENT", "invalid argument";
    /// A key, nonce, tag or other fixed-size input has the wrong length.
    InvalidLength = 4, "TSEAL_INVALID_LENGTH", "input has the wrong length";
    /// A key is shorter than the minimum this operation requires (or empty).
    KeyTooShort = 5, "TSEAL_KEY_TOO_SHORT", "key is too short";
    /// Text was not valid UTF-8.
    InvalidUtf8 = 6, "TSEAL_INVALID_UTF8", "text is not valid UTF-8";
    /// Text was not valid UTF-16 (unpaired surrogate).
    InvalidUtf16 = 7, "TSEAL_INVALID_UTF16", "text is not valid UTF-16";
    /// A hex string was malformed (odd length or a non-hex character).
    InvalidHex = 8, "TSEAL_INVALID_HEX", "invalid hex string";
    /// A number is outside the range the operation accepts.
    OutOfRange = 9, "TSEAL_OUT_OF_RANGE", "number out of range";
    /// The object is in a state where this call is not allowed (e.g. a Noise session still handshaking).
    WrongState = 10, "TSEAL_WRONG_STATE", "operation not allowed in the current state";
    /// A key with this id is already in the keyring.
    DuplicateKeyId = 11, "TSEAL_DUPLICATE_KEY_ID", "a key with this id already exists";
    /// The keyring has no primary key to sign or seal with.
    NoPrimaryKey = 12, "TSEAL_NO_PRIMARY_KEY", "keyring has no primary key";
    /// A one-time setting was set twice.
    AlreadySet = 13, "TSEAL_ALREADY_SET", "setting was already set";
    /// An internal error (a caught panic); please report it.
    Internal = 14, "TSEAL_INTERNAL", "internal error";
    /// Associated data is longer than the format allows (envelopes: `envelope::MAX_AAD_BYTES`).
    AadTooLong = 20, "TSEAL_AAD_TOO_LONG", "associated data is too long";
    /// A salt is shorter than the minimum (Argon2id: `kdf::MIN_SALT_BYTES`).
    SaltTooShort = 21, "TSEAL_SALT_TOO_SHORT", "salt is too short";
    /// A setting the operation requires was never set (e.g. a Noise pattern's static key or peer policy).
    MissingSetting = 30, "TSEAL_MISSING_SETTING", "a required setting is missing";

    // ---- bad or hostile data (100..=199) ----
    /// The signature or MAC tag does not verify. Carries no detail by design.
    InvalidSignature = 100, "TSEAL_INVALID_SIGNATURE", "signature verification failed";
    /// The message names a key id that is not (or no longer) in the keyring.
    UnknownKey = 101, "TSEAL_UNKNOWN_KEY", "unknown key id";
    /// The message's version byte is not one this library reads.
    UnsupportedVersion = 102, "TSEAL_UNSUPPORTED_VERSION", "unsupported format version";
    /// The message ends before a field it declares.
    Truncated = 103, "TSEAL_TRUNCATED", "message is truncated";
    /// The message does not parse (bad field value, trailing bytes, wrong field count).
    Malformed = 104, "TSEAL_MALFORMED", "message is malformed";
    /// A field is longer than its format allows.
    FieldTooLong = 105, "TSEAL_FIELD_TOO_LONG", "field is too long";
    /// A trading symbol is empty, too long or has characters outside its alphabet.
    InvalidSymbol = 106, "TSEAL_INVALID_SYMBOL", "invalid symbol";
    /// A price or volume is NaN, infinite, negative, zero where it must be positive, or not representable.
    InvalidNumber = 107, "TSEAL_INVALID_NUMBER", "invalid number";
    /// A subscription id is not a UUID.
    InvalidUuid = 108, "TSEAL_INVALID_UUID", "invalid UUID";
    /// A text field contains a character its format reserves (e.g. `|` in the legacy format).
    ForbiddenCharacter = 109, "TSEAL_FORBIDDEN_CHARACTER", "field contains a reserved character";
    /// The algorithm identifier is unknown or not allowed here.
    UnsupportedAlgorithm = 110, "TSEAL_UNSUPPORTED_ALGORITHM", "unsupported algorithm";
    /// An order type is not one of the known values.
    InvalidOrderType = 111, "TSEAL_INVALID_ORDER_TYPE", "invalid order type";
    /// Authenticated decryption failed. Carries no detail by design.
    DecryptFailed = 120, "TSEAL_DECRYPT_FAILED", "decryption failed";
    /// A key reached its safe message limit and refuses to seal more; rotate the key.
    KeyExhausted = 121, "TSEAL_KEY_EXHAUSTED", "key reached its message limit";
    /// The sequence number was already accepted (duplicate).
    Replayed = 130, "TSEAL_REPLAYED", "message was already accepted";
    /// The sequence number is older than the replay window.
    TooOld = 131, "TSEAL_TOO_OLD", "sequence is older than the replay window";
    /// The timestamp is older than the allowed age.
    Stale = 132, "TSEAL_STALE", "message is too old";
    /// The timestamp is further in the future than the allowed clock skew.
    FromFuture = 133, "TSEAL_FROM_FUTURE", "message timestamp is in the future";
    /// The stream had a gap for too long and needs a full resync.
    StreamDegraded = 134, "TSEAL_STREAM_DEGRADED", "stream is degraded and needs a resync";
    /// A request nonce was already seen inside the time window.
    NonceReused = 135, "TSEAL_NONCE_REUSED", "nonce was already used";
    /// The rate limit for this key or address is exceeded.
    RateLimited = 136, "TSEAL_RATE_LIMITED", "rate limit exceeded";
    /// The price deviates from the reference by more than allowed.
    PriceDeviation = 137, "TSEAL_PRICE_DEVIATION", "price deviates too far from the reference";
    /// The sequence number is not valid (zero).
    InvalidSequence = 138, "TSEAL_INVALID_SEQUENCE", "invalid sequence number";
    /// The volume exceeds the configured limit.
    VolumeLimit = 139, "TSEAL_VOLUME_LIMIT", "volume exceeds the limit";
    /// The Noise handshake failed. Carries no detail by design.
    HandshakeFailed = 140, "TSEAL_HANDSHAKE_FAILED", "handshake failed";
    /// The peer's static key is not allowed.
    PeerNotAllowed = 141, "TSEAL_PEER_NOT_ALLOWED", "peer is not allowed";
    /// The session reached its age, message or idle limit.
    SessionExpired = 142, "TSEAL_SESSION_EXPIRED", "session expired";
    /// A frame is larger than its format allows.
    FrameTooLarge = 143, "TSEAL_FRAME_TOO_LARGE", "frame is too large";
    // replay, nonce and stream limits (150..=159)
    /// The nonce cache is full of unexpired entries; the request is refused (size the cache for the peak rate).
    NonceCacheFull = 150, "TSEAL_NONCE_CACHE_FULL", "nonce cache is full";
    /// A guard tracks its maximum number of streams; a new stream is refused.
    TooManyStreams = 151, "TSEAL_TOO_MANY_STREAMS", "too many streams";

    // ---- environment (200..=299) ----
    /// The operating system's random number generator failed.
    RngFailure = 200, "TSEAL_RNG_FAILURE", "random number generator failed";
    /// Reading or writing persisted state failed.
    Io = 201, "TSEAL_IO", "I/O error";
    /// Persisted state is corrupt or was written by an incompatible version.
    StateCorrupt = 202, "TSEAL_STATE_CORRUPT", "persisted state is corrupt";
}

impl Error {
    /// Whether this error is a caller mistake (API misuse) rather than bad data or the environment.
    pub const fn is_misuse(self) -> bool {
        self.code() < 100
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_round_trip_and_are_unique() {
        let mut codes = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for &e in Error::ALL {
            assert!(codes.insert(e.code()), "duplicate code {}", e.code());
            assert!(names.insert(e.name()), "duplicate name {}", e.name());
            assert!(e.name().starts_with("TSEAL_"));
            assert_eq!(Error::from_code(e.code()), Some(e));
            assert_eq!(Error::from_name(e.name()), Some(e));
            assert!(!e.to_string().is_empty());
        }
        assert_eq!(Error::from_code(0), None);
        assert_eq!(Error::from_name("TSEAL_OK"), None);
    }

    #[test]
    fn misuse_is_separate_from_bad_data() {
        assert!(Error::NullPointer.is_misuse());
        assert!(!Error::InvalidSignature.is_misuse());
        assert!(!Error::RngFailure.is_misuse());
    }
}
