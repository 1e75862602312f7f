//! The server's verification pipeline for signed exchange requests: [`RequestVerifier`].
//!
//! [`RequestVerifier::verify`] runs, in this order, and stops at the first failure:
//! 1. rate limit per API key, when configured ([`RequestVerifier::with_rate_limit`]): [`Error::RateLimited`];
//! 2. timestamp window and nonce pre-check ([`NonceCache::check`], no side effects): [`Error::Stale`],
//!    [`Error::FromFuture`], [`Error::NonceReused`];
//! 3. the request's fields and signature ([`Request::verify`]);
//! 4. the nonce is recorded ([`NonceCache::insert`], which checks again atomically): [`Error::NonceReused`]
//!    for a racing copy, [`Error::NonceCacheFull`] when the cache is full.
//!
//! A forged request never consumes its nonce: the nonce is recorded only after the signature verified.
//!
//! ```
//! use tradeseal::clock::TimeWindow;
//! use tradeseal::request::Request;
//! use tradeseal::request_verifier::RequestVerifier;
//! use tradeseal::{Error, MacKey};
//!
//! let secret = MacKey::from_bytes(b"an exchange secret of 32+ bytes!")?;
//! let verifier = RequestVerifier::new(TimeWindow::default(), 100_000)?;
//! let now_ms = 1_700_000_000_000;
//! let request = Request { method: "GET", path: "/api/v1/balance", timestamp_ms: now_ms, nonce: "n-1", body: b"" };
//! let headers = request.sign("key-1", &secret)?;
//! verifier.verify("key-1", &secret, &request, &headers.signature, now_ms)?;
//! assert_eq!(verifier.verify("key-1", &secret, &request, &headers.signature, now_ms).unwrap_err(),
//!            Error::NonceReused);
//! # Ok::<(), Error>(())
//! ```

use crate::clock::TimeWindow;
use crate::error::Result;
use crate::mac::MacKey;
use crate::nonce_cache::NonceCache;
use crate::ratelimit::{RateLimit, RateLimiter};
use crate::request::Request;
use crate::verified::Verified;

/// Verifies signed requests, shared by threads (`&self`). See the [module docs](self).
#[derive(Debug)]
pub struct RequestVerifier {
    nonces: NonceCache,
    limiter: Option<RateLimiter<String>>,
}

impl RequestVerifier {
    /// A verifier accepting timestamps inside `window`, remembering at most `nonce_capacity` nonces (see
    /// [`NonceCache::new`]).
    pub fn new(window: TimeWindow, nonce_capacity: usize) -> Result<Self> {
        Ok(RequestVerifier {
            nonces: NonceCache::new(window, nonce_capacity)?,
            limiter: None,
        })
    }

    /// Adds a token-bucket rate limit per API key, tracking at most `max_keys` keys (see
    /// [`RateLimiter::new`]).
    pub fn with_rate_limit(self, limit: RateLimit, max_keys: usize) -> Result<Self> {
        Ok(RequestVerifier {
            limiter: Some(RateLimiter::new(limit, max_keys)?),
            ..self
        })
    }

    /// Runs the pipeline on `request`, received at `now_ms` with the `X-API-Key` header `api_key` (whose
    /// secret is `secret`) and the `X-Signature` header `signature_hex`.
    ///
    /// Fails with [`Error::RateLimited`](crate::Error::RateLimited), the [`NonceCache`] errors, and the
    /// [`Request::verify`] errors ([`Error::InvalidSignature`](crate::Error::InvalidSignature) and the field
    /// errors).
    pub fn verify<'a>(
        &self,
        api_key: &str,
        secret: &MacKey,
        request: &Request<'a>,
        signature_hex: &str,
        now_ms: u64,
    ) -> Result<Verified<Request<'a>>> {
        if let Some(limiter) = &self.limiter {
            limiter.acquire(api_key, now_ms)?;
        }
        let (scope, nonce) = (api_key.as_bytes(), request.nonce.as_bytes());
        self.nonces.check(scope, request.timestamp_ms, nonce, now_ms)?;
        let verified = request.verify(secret, signature_hex)?;
        self.nonces.insert(scope, request.timestamp_ms, nonce, now_ms)?;
        Ok(verified)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    const NOW: u64 = 1_700_000_000_000;

    fn request(nonce: &str, timestamp_ms: u64) -> Request<'_> {
        Request {
            method: "POST",
            path: "/order",
            timestamp_ms,
            nonce,
            body: b"{}",
        }
    }

    #[test]
    fn each_step_has_its_error_and_forgeries_do_not_consume_the_nonce() {
        let secret = MacKey::from_bytes(&[5; 32]).unwrap();
        let v = RequestVerifier::new(TimeWindow::default(), 64)
            .unwrap()
            .with_rate_limit(
                RateLimit {
                    per_second: 1,
                    burst: 3,
                },
                1_000,
            )
            .unwrap();
        let good = request("n1", NOW);
        let sig = good.sign("k", &secret).unwrap().signature;
        assert_eq!(
            v.verify("k", &secret, &good, &"0".repeat(64), NOW).unwrap_err(),
            Error::InvalidSignature
        );
        v.verify("k", &secret, &good, &sig, NOW).unwrap();
        assert_eq!(
            v.verify("k", &secret, &good, &sig, NOW).unwrap_err(),
            Error::NonceReused
        );
        let old = request("n2", NOW - 60_001);
        let old_sig = old.sign("k", &secret).unwrap().signature;
        assert_eq!(
            v.verify("k", &secret, &old, &old_sig, NOW).unwrap_err(),
            Error::RateLimited
        );
        assert_eq!(
            v.verify("k2", &secret, &old, &old_sig, NOW).unwrap_err(),
            Error::Stale
        );
        let future = request("n3", NOW + 5_001);
        let future_sig = future.sign("k", &secret).unwrap().signature;
        assert_eq!(
            v.verify("k3", &secret, &future, &future_sig, NOW).unwrap_err(),
            Error::FromFuture
        );
    }
}
