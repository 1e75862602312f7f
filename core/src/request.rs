//! Exchange-style HTTP request signing: an HMAC-SHA256 over a canonical string of method, path,
//! timestamp, nonce and body, sent as the headers `X-API-Key`, `X-Timestamp`, `X-Nonce`, `X-Signature`.
//!
//! The canonical string (normative in `docs/WIRE.md`) is
//! `"TSEAL-REQ-V1\n" METHOD "\n" PATH "\n" TIMESTAMP_MS "\n" NONCE "\n" BODY`: the first four fields cannot
//! contain a newline, so the string parses back uniquely. The API key names the secret and is not signed.
//! Freshness of the timestamp and uniqueness of the nonce are the receiver's to check (see `replay`).
//!
//! ```
//! use tradeseal::request::Request;
//! use tradeseal::{Error, MacKey};
//!
//! let secret = MacKey::from_bytes(b"an exchange secret of 32+ bytes!")?;
//! let request = Request {
//!     method: "POST",
//!     path: "/api/v1/order?symbol=EURUSD",
//!     timestamp_ms: 1_700_000_000_000,
//!     nonce: "5f2b9c1e",
//!     body: br#"{"side":"BUY"}"#,
//! };
//! let headers = request.sign("key-1", &secret)?;
//! assert_eq!(headers.timestamp, "1700000000000");
//!
//! // The server rebuilds the request from what it received and checks the signature.
//! let received = Request::from_headers("POST", "/api/v1/order?symbol=EURUSD", &headers.timestamp,
//!     &headers.nonce, br#"{"side":"BUY"}"#)?;
//! received.verify(&secret, &headers.signature)?;
//! let tampered = Request { body: br#"{"side":"SELL"}"#, ..received };
//! assert_eq!(tampered.verify(&secret, &headers.signature).unwrap_err(), Error::InvalidSignature);
//! # Ok::<(), Error>(())
//! ```

use core::fmt::Write;

use crate::error::{Error, Result};
use crate::mac::{MacKey, MacTag, MAC_TAG_BYTES};
use crate::text::{decode_hex_tag, parse_u64, SliceWriter};
use crate::verified::Verified;

/// The first line of the canonical string.
const VERSION_LINE: &[u8] = b"TSEAL-REQ-V1\n";

/// The header carrying the API key.
pub const HEADER_API_KEY: &str = "X-API-Key";
/// The header carrying the timestamp (decimal milliseconds since the Unix epoch).
pub const HEADER_TIMESTAMP: &str = "X-Timestamp";
/// The header carrying the nonce.
pub const HEADER_NONCE: &str = "X-Nonce";
/// The header carrying the signature (64 lowercase hex digits).
pub const HEADER_SIGNATURE: &str = "X-Signature";

/// The longest method.
pub const MAX_METHOD_BYTES: usize = 16;
/// The longest path (with its query string).
pub const MAX_PATH_BYTES: usize = 2048;
/// The longest nonce, and the longest API key.
pub const MAX_NONCE_BYTES: usize = 64;

/// An HTTP request as signed: every field the signature covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request<'a> {
    /// The method: 1 to [`MAX_METHOD_BYTES`] ASCII uppercase letters (`GET`, `POST`, ...).
    pub method: &'a str,
    /// The path and query, as sent: starts with `/`, at most [`MAX_PATH_BYTES`] bytes, no control characters.
    pub path: &'a str,
    /// Milliseconds since the Unix epoch.
    pub timestamp_ms: u64,
    /// A value the sender never reuses: 1 to [`MAX_NONCE_BYTES`] printable ASCII characters, no space.
    pub nonce: &'a str,
    /// The body bytes, as sent (empty for none).
    pub body: &'a [u8],
}

/// The four signed-request headers, in the order of [`SignedHeaders::pairs`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedHeaders {
    /// `X-API-Key`.
    pub api_key: String,
    /// `X-Timestamp`.
    pub timestamp: String,
    /// `X-Nonce`.
    pub nonce: String,
    /// `X-Signature`: lowercase hex.
    pub signature: String,
}

impl SignedHeaders {
    /// `(header name, value)` pairs, ready to add to an HTTP request.
    pub fn pairs(&self) -> [(&'static str, &str); 4] {
        [
            (HEADER_API_KEY, &self.api_key),
            (HEADER_TIMESTAMP, &self.timestamp),
            (HEADER_NONCE, &self.nonce),
            (HEADER_SIGNATURE, &self.signature),
        ]
    }
}

impl<'a> Request<'a> {
    /// The request a server received, with the `X-Timestamp` header as text (a canonical decimal `u64`,
    /// else [`Error::Malformed`]).
    pub fn from_headers(
        method: &'a str,
        path: &'a str,
        timestamp: &str,
        nonce: &'a str,
        body: &'a [u8],
    ) -> Result<Self> {
        let timestamp_ms = parse_u64(timestamp.as_bytes()).ok_or(Error::Malformed)?;
        Ok(Request {
            method,
            path,
            timestamp_ms,
            nonce,
            body,
        })
    }

    /// Checks every field against the rules of [`Request`]: a control character (CR, LF, ...) in the
    /// method, path or nonce is [`Error::ForbiddenCharacter`]; a field over its limit
    /// [`Error::FieldTooLong`]; anything else off the rules [`Error::Malformed`].
    pub fn check(&self) -> Result<()> {
        for field in [self.method, self.path, self.nonce] {
            if field.chars().any(char::is_control) {
                return Err(Error::ForbiddenCharacter);
            }
        }
        check_token(self.method, MAX_METHOD_BYTES, |c| c.is_ascii_uppercase())?;
        check_token(self.path, MAX_PATH_BYTES, |_| true)?;
        check_token(self.nonce, MAX_NONCE_BYTES, |c| c.is_ascii_graphic())?;
        if !self.path.starts_with('/') {
            return Err(Error::Malformed);
        }
        Ok(())
    }

    /// The signature's raw tag. Allocates nothing.
    pub fn tag(&self, key: &MacKey) -> Result<MacTag> {
        self.with_canonical(|parts| key.sign_parts(parts))
    }

    /// Checks the fields, then calls `f` with the canonical string in parts (without concatenating them).
    fn with_canonical<R>(&self, f: impl FnOnce(&[&[u8]]) -> R) -> Result<R> {
        self.check()?;
        let mut digits = [0u8; 20];
        let mut timestamp = SliceWriter::new(&mut digits);
        write!(timestamp, "{}", self.timestamp_ms).map_err(|_| Error::Internal)?;
        let nl: &[u8] = b"\n";
        Ok(f(&[
            VERSION_LINE,
            self.method.as_bytes(),
            nl,
            self.path.as_bytes(),
            nl,
            timestamp.written(),
            nl,
            self.nonce.as_bytes(),
            nl,
            self.body,
        ]))
    }

    /// Writes the `X-Signature` value (64 lowercase hex digits) into `out`. Allocates nothing.
    pub fn signature_into(&self, key: &MacKey, out: &mut [u8; 2 * MAC_TAG_BYTES]) -> Result<()> {
        crate::hex::encode_into(&self.tag(key)?, out)
    }

    /// The four headers for this request. `api_key` must follow the nonce rules (else
    /// [`Error::ForbiddenCharacter`], [`Error::FieldTooLong`] or [`Error::Malformed`]).
    pub fn sign(&self, api_key: &str, key: &MacKey) -> Result<SignedHeaders> {
        if api_key.chars().any(char::is_control) {
            return Err(Error::ForbiddenCharacter);
        }
        check_token(api_key, MAX_NONCE_BYTES, |c| c.is_ascii_graphic())?;
        Ok(SignedHeaders {
            api_key: api_key.to_owned(),
            timestamp: self.timestamp_ms.to_string(),
            nonce: self.nonce.to_owned(),
            signature: crate::hex::encode(&self.tag(key)?),
        })
    }

    /// Checks `signature_hex` (64 hex digits, either case) in constant time.
    ///
    /// Fails with [`Error::InvalidSignature`] when it is malformed or does not verify, or with the errors of
    /// [`Request::check`].
    pub fn verify(&self, key: &MacKey, signature_hex: &str) -> Result<Verified<Request<'a>>> {
        let received = decode_hex_tag(signature_hex.as_bytes())?;
        self.with_canonical(|parts| key.verify_parts(parts, &received))??;
        Ok(Verified::new(*self, None))
    }
}

/// `field` is 1 to `max` bytes of characters accepted by `allowed`.
fn check_token(field: &str, max: usize, allowed: impl Fn(char) -> bool) -> Result<()> {
    if field.len() > max {
        return Err(Error::FieldTooLong);
    }
    if field.is_empty() || !field.chars().all(allowed) {
        return Err(Error::Malformed);
    }
    Ok(())
}
