//! Signed formats: trading signals and frames (signed with a `MacKeyring`), legacy text lines and
//! exchange-style request signatures (signed with a `MacKey`), and `decimalFromNumber`.
//!
//! Inputs are plain JS objects; u64 fields accept a number or a bigint and come back as bigints.

use std::collections::BTreeMap;

use napi::bindgen_prelude::{BigInt, Buffer, BufferSlice};
use napi::Env;
use napi_derive::napi;
use tradeseal::frame::{Frame, SignedFrame, MAX_FRAME_PAYLOAD};
use tradeseal::legacy::{self, LegacySignal};
use tradeseal::request::Request;
use tradeseal::signal::Signal;
use tradeseal::{Decimal, OrderType, Symbol, Verified};

use crate::convert::{object_arg, Bytes, OrThrow, Text, F64, I64, U32, U64, U8};
use crate::mac::{MacKey, MacKeyring};

/// A fixed-point number given to tradeseal: `units / 10^decimals` (never a float).
#[napi(object, object_to_js = false, js_name = "DecimalInit")]
pub struct DecimalInitFields {
    /// The number of units of `10^-decimals` (not negative).
    pub units: I64,
    /// The number of decimals, 0 to 18.
    pub decimals: U8,
}

object_arg!(DecimalInit(DecimalInitFields));

/// A fixed-point number from tradeseal: `units / 10^decimals`.
#[napi(object, object_from_js = false)]
pub struct DecimalValue {
    /// The number of units of `10^-decimals`.
    pub units: BigInt,
    /// The number of decimals.
    pub decimals: u32,
}

/// A trading signal to sign.
#[napi(object, object_to_js = false, js_name = "SignalInit")]
pub struct SignalInitFields {
    /// The subscription, a UUID (`6f9619ff-8b86-d011-b42d-00c04fc964ff`).
    pub subscription_id: Text,
    /// The sender's sequence number within the subscription.
    pub sequence: U64,
    /// When the signal was generated, in milliseconds since the Unix epoch.
    pub generated_at_ms: U64,
    /// The traded symbol.
    pub symbol: Text,
    /// The MT5 order type (`ORDER_TYPE_BUY` = 0, `ORDER_TYPE_SELL` = 1, ...).
    pub order_type: U8,
    /// The volume, in lots.
    pub volume: DecimalInit,
    /// The price.
    pub price: DecimalInit,
}

object_arg!(SignalInit(SignalInitFields));

/// A signal whose signature verified.
#[napi(object, object_from_js = false)]
pub struct VerifiedSignal {
    /// The id of the key that verified it (absent for legacy lines, whose key the caller chose).
    pub key_id: Option<u32>,
    /// The subscription, as a lowercase UUID.
    pub subscription_id: String,
    /// The sender's sequence number.
    pub sequence: BigInt,
    /// When the signal was generated, in milliseconds since the Unix epoch.
    pub generated_at_ms: BigInt,
    /// The traded symbol.
    pub symbol: String,
    /// The MT5 order type value.
    pub order_type: u32,
    /// The MT5 order type name without `ORDER_TYPE_` (`"BUY_LIMIT"`).
    pub order_type_name: String,
    /// The volume, in lots.
    pub volume: DecimalValue,
    /// The price.
    pub price: DecimalValue,
}

/// A frame to sign.
#[napi(object, object_to_js = false, js_name = "FrameInit")]
pub struct FrameInitFields<'a> {
    /// The stream the frame belongs to.
    pub stream_id: U64,
    /// The frame's sequence number within the stream.
    pub sequence: U64,
    /// When the frame was made, in nanoseconds since the Unix epoch.
    pub timestamp_ns: U64,
    /// The payload (at most 16 MiB).
    pub payload: Bytes<'a>,
}

object_arg!(FrameInit<'a>(FrameInitFields));

/// A frame whose signature verified.
#[napi(object, object_from_js = false)]
pub struct VerifiedFrame {
    /// The id of the key that verified it.
    pub key_id: u32,
    /// The stream the frame belongs to.
    pub stream_id: BigInt,
    /// The frame's sequence number.
    pub sequence: BigInt,
    /// When the frame was made, in nanoseconds since the Unix epoch.
    pub timestamp_ns: BigInt,
    /// The payload (a copy).
    pub payload: Buffer,
}

/// A signal in the legacy text format: volume and price as JS numbers, printed like C `%.5f`.
#[napi(object, object_to_js = false, js_name = "LegacySignalInit")]
pub struct LegacySignalInitFields {
    /// The subscription, a UUID.
    pub subscription_id: Text,
    /// The sender's sequence number.
    pub sequence: U64,
    /// When the signal was generated, in milliseconds since the Unix epoch.
    pub generated_at_ms: U64,
    /// The traded symbol.
    pub symbol: Text,
    /// The MT5 order type value.
    pub order_type: U8,
    /// The volume (finite, not negative).
    pub volume: F64,
    /// The price (finite, not negative).
    pub price: F64,
}

object_arg!(LegacySignalInit(LegacySignalInitFields));

/// A signed legacy line.
#[napi(object, object_from_js = false)]
pub struct SignedLine {
    /// The line, without a line terminator.
    pub line: String,
    /// The HMAC-SHA256 of the line, lowercase hex.
    pub signature: String,
}

/// An HTTP request to sign (exchange-style request signing).
#[napi(object, object_to_js = false, js_name = "RequestInit")]
pub struct RequestInitFields<'a> {
    /// The method, uppercase (`GET`, `POST`, ...).
    pub method: Text,
    /// The path and query, as sent (starts with `/`).
    pub path: Text,
    /// Milliseconds since the Unix epoch.
    pub timestamp_ms: U64,
    /// A value the sender never reuses (printable ASCII, no space, at most 64 bytes).
    pub nonce: Text,
    /// The body bytes, as sent (empty for none).
    pub body: Bytes<'a>,
}

object_arg!(RequestInit<'a>(RequestInitFields));

/// An HTTP request as a server received it, with the `X-Timestamp` header as text.
#[napi(object, object_to_js = false, js_name = "ReceivedRequest")]
pub struct ReceivedRequestFields<'a> {
    /// The method.
    pub method: Text,
    /// The path and query, as received.
    pub path: Text,
    /// The `X-Timestamp` header.
    pub timestamp: Text,
    /// The `X-Nonce` header.
    pub nonce: Text,
    /// The body bytes, as received.
    pub body: Bytes<'a>,
}

object_arg!(ReceivedRequest<'a>(ReceivedRequestFields));

/// The four signed-request headers.
#[napi(object, object_from_js = false)]
pub struct SignedHeaders {
    /// `X-API-Key`.
    pub api_key: String,
    /// `X-Timestamp`.
    pub timestamp: String,
    /// `X-Nonce`.
    pub nonce: String,
    /// `X-Signature` (lowercase hex).
    pub signature: String,
    /// All four as `{ 'X-API-Key': ..., 'X-Timestamp': ..., 'X-Nonce': ..., 'X-Signature': ... }`.
    pub headers: BTreeMap<String, String>,
}

pub(crate) fn decimal(init: &DecimalInit) -> tradeseal::Result<Decimal> {
    Decimal::new(init.units.0, init.decimals.0)
}

pub(crate) fn decimal_value(number: Decimal) -> DecimalValue {
    DecimalValue {
        units: number.units().into(),
        decimals: number.decimals().into(),
    }
}

fn signal<'a>(init: &'a SignalInit) -> tradeseal::Result<Signal<'a>> {
    Ok(Signal {
        subscription_id: init.subscription_id.parse()?,
        sequence: init.sequence.0,
        generated_at_ms: init.generated_at_ms.0,
        symbol: Symbol::new(&init.symbol)?,
        order_type: OrderType::try_from(init.order_type.0)?,
        volume: decimal(&init.volume)?,
        price: decimal(&init.price)?,
    })
}

/// The core `Request` of a received one (its `X-Timestamp` header parsed by the core).
pub(crate) fn received<'a>(request: &'a ReceivedRequest) -> tradeseal::Result<Request<'a>> {
    Request::from_headers(
        &request.method,
        &request.path,
        &request.timestamp,
        &request.nonce,
        &request.body,
    )
}

pub(crate) fn verified_signal(signal: &Verified<Signal<'_>>) -> VerifiedSignal {
    VerifiedSignal {
        key_id: signal.key_id(),
        subscription_id: signal.subscription_id.to_string(),
        sequence: signal.sequence.into(),
        generated_at_ms: signal.generated_at_ms.into(),
        symbol: signal.symbol.as_str().to_owned(),
        order_type: u32::from(signal.order_type as u8),
        order_type_name: signal.order_type.name().to_owned(),
        volume: decimal_value(signal.volume),
        price: decimal_value(signal.price),
    }
}

#[napi]
impl MacKeyring {
    /// Signs a trading signal (v1 binary format) with the primary key.
    #[napi]
    pub fn sign_signal<'env>(&self, env: &'env Env, signal: SignalInit) -> napi::Result<BufferSlice<'env>> {
        let signed = self::signal(&signal)
            .and_then(|s| s.sign(&self.0))
            .or_throw(env)?;
        BufferSlice::copy_from(env, signed)
    }

    /// Verifies a signed trading signal with the key its key id names, and returns its fields.
    #[napi]
    pub fn verify_signal(&self, env: &Env, signed: Bytes) -> napi::Result<VerifiedSignal> {
        Signal::verify(&self.0, &signed)
            .map(|s| verified_signal(&s))
            .or_throw(env)
    }

    /// Signs a frame (v1 binary format) with the primary key.
    #[napi]
    pub fn sign_frame<'env>(&self, env: &'env Env, frame: FrameInit) -> napi::Result<BufferSlice<'env>> {
        let frame = Frame {
            stream_id: frame.stream_id.0,
            sequence: frame.sequence.0,
            timestamp_ns: frame.timestamp_ns.0,
            payload: &frame.payload,
        };
        BufferSlice::copy_from(env, frame.sign(&self.0).or_throw(env)?)
    }

    /// Verifies a signed frame with the key its key id names, and returns its fields. A frame whose
    /// payload is longer than `maxPayload` (default and at most 16 MiB) fails with `TSEAL_FRAME_TOO_LARGE`.
    #[napi]
    pub fn verify_frame(
        &self,
        env: &Env,
        signed: Bytes,
        max_payload: Option<U32>,
    ) -> napi::Result<VerifiedFrame> {
        let max_payload = max_payload.map_or(MAX_FRAME_PAYLOAD, |max| max.0 as usize);
        let frame = SignedFrame::parse_with_limit(&signed, max_payload)
            .and_then(|frame| frame.verify(&self.0))
            .or_throw(env)?;
        Ok(VerifiedFrame {
            key_id: frame.key_id().unwrap_or_default(),
            stream_id: frame.stream_id.into(),
            sequence: frame.sequence.into(),
            timestamp_ns: frame.timestamp_ns.into(),
            payload: frame.payload.to_vec().into(),
        })
    }
}

#[napi]
impl MacKey {
    /// Signs a signal in the legacy text format (`id|seq|ms|symbol|type|%.5f volume|%.5f price`).
    #[napi]
    pub fn sign_legacy(&self, env: &Env, signal: LegacySignalInit) -> napi::Result<SignedLine> {
        let legacy = LegacySignal {
            subscription_id: signal.subscription_id.parse().or_throw(env)?,
            sequence: signal.sequence.0,
            generated_at_ms: signal.generated_at_ms.0,
            symbol: &signal.symbol,
            order_type: OrderType::try_from(signal.order_type.0).or_throw(env)?,
            volume: signal.volume.0,
            price: signal.price.0,
        };
        let signed = legacy.sign(&self.0).or_throw(env)?;
        Ok(SignedLine {
            line: signed.line,
            signature: signed.signature,
        })
    }

    /// Verifies a legacy line's hex signature over the line's exact bytes, then parses it.
    #[napi]
    pub fn verify_legacy(&self, env: &Env, line: Bytes, signature: Text) -> napi::Result<VerifiedSignal> {
        legacy::verify(&self.0, &line, &signature)
            .map(|s| verified_signal(&s))
            .or_throw(env)
    }

    /// Signs an HTTP request: the four headers to send with it.
    #[napi]
    pub fn sign_request(
        &self,
        env: &Env,
        request: RequestInit,
        api_key: Text,
    ) -> napi::Result<SignedHeaders> {
        let request = Request {
            method: &request.method,
            path: &request.path,
            timestamp_ms: request.timestamp_ms.0,
            nonce: &request.nonce,
            body: &request.body,
        };
        let signed = request.sign(&api_key, &self.0).or_throw(env)?;
        let headers = signed
            .pairs()
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        Ok(SignedHeaders {
            api_key: signed.api_key,
            timestamp: signed.timestamp,
            nonce: signed.nonce,
            signature: signed.signature,
            headers,
        })
    }

    /// Verifies a received request's `X-Signature`; throws `TSEAL_INVALID_SIGNATURE` (or the field's
    /// error) when it does not verify.
    #[napi]
    pub fn verify_request(&self, env: &Env, request: ReceivedRequest, signature: Text) -> napi::Result<()> {
        received(&request)
            .and_then(|r| r.verify(&self.0, &signature))
            .map(drop)
            .or_throw(env)
    }
}

/// `value` rounded to `decimals` places exactly like C `printf("%.*f", decimals, value)`.
#[napi]
pub fn decimal_from_number(env: &Env, value: F64, decimals: U8) -> napi::Result<DecimalValue> {
    Decimal::from_f64(value.0, decimals.0)
        .map(decimal_value)
        .or_throw(env)
}
