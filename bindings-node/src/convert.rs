//! Conversion between JS values and Rust values, and the one mapping from a tradeseal error to the JS
//! exception thrown for it.
//!
//! Every thrown error carries `code` (the core's `TSEAL_*` name) and `errno` (its stable number). The JS
//! class says whose fault it is: a wrong JS type is a `TypeError`, a wrong size or range a `RangeError`,
//! and everything else (bad data, failed verification, wrong state) a plain `Error`.

use std::ops::Deref;

use napi::bindgen_prelude::{BigInt, FromNapiValue, JsObjectValue, Unknown};
use napi::{sys, Env, JsError, JsRangeError, JsTypeError, JsValue, Status, ValueType};
use tradeseal::Error;

/// The JS class an error is thrown as.
#[derive(Clone, Copy)]
enum Class {
    Error,
    TypeError,
    RangeError,
}

/// Sizes and ranges the caller got wrong are `RangeError`s; everything else the core reports is an `Error`.
fn class_of(error: Error) -> Class {
    match error {
        Error::InvalidLength
        | Error::KeyTooShort
        | Error::OutOfRange
        | Error::BufferTooSmall
        | Error::AadTooLong
        | Error::SaltTooShort => Class::RangeError,
        _ => Class::Error,
    }
}

/// The JS exception for a core error.
pub(crate) fn js_error(env: &Env, error: Error) -> napi::Error {
    throwable(env, class_of(error), error, &error.to_string())
}

/// A `TypeError` (`TSEAL_INVALID_ARGUMENT`) for a JS value of the wrong type.
pub(crate) fn type_error(env: &Env, expected: &str) -> napi::Error {
    throwable(
        env,
        Class::TypeError,
        Error::InvalidArgument,
        &format!("expected {expected}"),
    )
}

/// An `Error` (`TSEAL_INVALID_ARGUMENT`) for arguments of the right types that do not fit together.
pub(crate) fn argument_error(env: &Env, expected: &str) -> napi::Error {
    throwable(
        env,
        Class::Error,
        Error::InvalidArgument,
        &format!("expected {expected}"),
    )
}

/// A `RangeError` (`TSEAL_OUT_OF_RANGE`) for a number outside what the parameter accepts.
fn range_error(env: &Env, expected: &str) -> napi::Error {
    throwable(
        env,
        Class::RangeError,
        Error::OutOfRange,
        &format!("expected {expected}"),
    )
}

fn throwable(env: &Env, class: Class, error: Error, message: &str) -> napi::Error {
    build(env, class, error, message).unwrap_or_else(|failed| failed)
}

fn build(env: &Env, class: Class, error: Error, message: &str) -> napi::Result<napi::Error> {
    let reason = napi::Error::new(error.name(), message);
    let value = match class {
        Class::Error => JsError::from(reason).into_unknown(*env),
        Class::TypeError => JsTypeError::from(reason).into_unknown(*env),
        Class::RangeError => JsRangeError::from(reason).into_unknown(*env),
    };
    value
        .coerce_to_object()?
        .set_named_property("errno", error.code())?;
    Ok(napi::Error::from(value))
}

/// `core_call().or_throw(env)?`: a core result with its error converted by [`js_error`].
pub(crate) trait OrThrow<T> {
    /// The value, or the JS exception for the core error.
    fn or_throw(self, env: &Env) -> napi::Result<T>;
}

impl<T> OrThrow<T> for tradeseal::Result<T> {
    fn or_throw(self, env: &Env) -> napi::Result<T> {
        self.map_err(|error| js_error(env, error))
    }
}

/// Bytes from JS: a `Buffer` or any other `Uint8Array` (`Bytes` in index.d.ts), borrowed for the call.
pub struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    /// The borrowed bytes.
    pub(crate) fn into_slice(self) -> &'a [u8] {
        self.0
    }
}

impl Deref for Bytes<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.0
    }
}

impl FromNapiValue for Bytes<'_> {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        // SAFETY: forwarded; the slice is only used during the call.
        let (data, length) = unsafe { uint8_array(env, value) }?;
        // SAFETY: `uint8_array` returns the live bytes of a `Uint8Array` (a non-null pointer when any).
        Ok(Bytes(match length {
            0 => &[],
            _ => unsafe { std::slice::from_raw_parts(data, length) },
        }))
    }
}

/// The data pointer and length of a `Uint8Array` (a `Buffer` is one); a `TypeError` for anything else.
///
/// # Safety
/// `env` and `value` come from napi for this call.
unsafe fn uint8_array(env: sys::napi_env, value: sys::napi_value) -> napi::Result<(*mut u8, usize)> {
    let (mut kind, mut length, mut data) = (-1, 0, std::ptr::null_mut());
    // SAFETY: as documented; a value that is no typed array fails without a JS exception. Neither the
    // ArrayBuffer nor the offset is asked for: each costs another V8 handle or call (napi-rs's `&[u8]`
    // conversion asks for both), on every byte argument of every call.
    let status = unsafe {
        sys::napi_get_typedarray_info(
            env,
            value,
            &mut kind,
            &mut length,
            &mut data,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    if status == sys::Status::napi_ok && kind == sys::TypedarrayType::uint8_array {
        Ok((data.cast(), length))
    } else {
        Err(type_error(&Env::from_raw(env), "a Buffer or Uint8Array"))
    }
}

/// A caller-owned buffer from JS that tradeseal transforms in place: a `Buffer` or other `Uint8Array`
/// (`Bytes` in index.d.ts).
pub struct BytesMut<'a>(&'a mut [u8]);

impl BytesMut<'_> {
    /// All of the buffer.
    pub(crate) fn all(&mut self) -> &mut [u8] {
        self.0
    }
}

impl FromNapiValue for BytesMut<'_> {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        // SAFETY: forwarded; the slice is only used during the call.
        let (data, length) = unsafe { uint8_array(env, value) }?;
        // SAFETY: as in `Bytes`; the caller owns the buffer and lends it to tradeseal for the call.
        Ok(BytesMut(match length {
            0 => &mut [],
            _ => unsafe { std::slice::from_raw_parts_mut(data, length) },
        }))
    }
}

/// A string from JS (`Text` in index.d.ts).
pub struct Text(String);

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl FromNapiValue for Text {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        expect_type(env, value, ValueType::String, "a string")?;
        // SAFETY: as above; the value was just checked to be a string.
        Ok(Text(unsafe { String::from_napi_value(env, value) }?))
    }
}

/// Small unsigned integers from JS: integer numbers within the Rust type's range.
macro_rules! small_uint {
    ($(#[$doc:meta])* $name:ident($ty:ty)) => {
        $(#[$doc])*
        pub struct $name(pub $ty);

        impl FromNapiValue for $name {
            unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
                expect_type(env, value, ValueType::Number, "a number")?;
                // SAFETY: `env` and `value` come from napi; the value was just checked to be a number.
                let number = unsafe { f64::from_napi_value(env, value) }?;
                if number.fract() == 0.0 && (0.0..=f64::from(<$ty>::MAX)).contains(&number) {
                    // Exact: an integer within the type's range.
                    Ok($name(number as $ty))
                } else {
                    let expected = concat!("an integer from 0 to ", stringify!($ty), "::MAX");
                    Err(range_error(&Env::from_raw(env), expected))
                }
            }
        }
    };
}

small_uint! {
    /// A key id from JS: an integer number in `0..=2^32-1` (`KeyId` in index.d.ts).
    KeyId(u32)
}

small_uint! {
    /// A 32-bit count from JS, such as a size limit (`U32` in index.d.ts).
    U32(u32)
}

small_uint! {
    /// A 16-bit count from JS, such as an output length (`U16` in index.d.ts).
    U16(u16)
}

small_uint! {
    /// A byte-sized count from JS, such as a number of decimals or an MT5 order type (`number`).
    U8(u8)
}

/// A JS number (`number`), any value including NaN and infinities: the core decides what it accepts.
pub struct F64(pub f64);

impl FromNapiValue for F64 {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        expect_type(env, value, ValueType::Number, "a number")?;
        // SAFETY: `env` and `value` come from napi; the value was just checked to be a number.
        Ok(F64(unsafe { f64::from_napi_value(env, value) }?))
    }
}

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A JS number that is a safe integer, or a bigint, as (negative, magnitude); a `RangeError` otherwise.
fn integer(env: sys::napi_env, value: sys::napi_value) -> napi::Result<(bool, u64)> {
    let range = || range_error(&Env::from_raw(env), "an integer");
    let mut number = 0.0;
    // SAFETY (all three calls): `env` and `value` come from napi for this call. A number, the common
    // case, is read without asking its type first: reading anything else fails, without a JS exception.
    if unsafe { sys::napi_get_value_double(env, value, &mut number) } == sys::Status::napi_ok {
        if number.fract() != 0.0 || number.abs() > MAX_SAFE_INTEGER {
            return Err(range());
        }
        // Exact: a safe integer.
        return Ok((number < 0.0, number.abs() as u64));
    }
    match unsafe { Unknown::from_raw_unchecked(env, value) }.get_type()? {
        ValueType::BigInt => {
            let big = unsafe { BigInt::from_napi_value(env, value) }?;
            match big.words.as_slice() {
                [magnitude] => Ok((big.sign_bit, *magnitude)),
                _ => Err(range()),
            }
        }
        _ => Err(type_error(&Env::from_raw(env), "a number or bigint")),
    }
}

/// A `u64` from JS: a non-negative safe-integer number or a bigint below 2^64 (`U64` in index.d.ts).
pub struct U64(pub u64);

impl FromNapiValue for U64 {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        match integer(env, value)? {
            (false, magnitude) | (true, magnitude @ 0) => Ok(U64(magnitude)),
            (true, _) => Err(range_error(&Env::from_raw(env), "a non-negative integer")),
        }
    }
}

/// An `i64` from JS: a safe-integer number or a bigint in `i64`'s range (`I64` in index.d.ts).
pub struct I64(pub i64);

impl FromNapiValue for I64 {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        let (negative, magnitude) = integer(env, value)?;
        let signed = if negative {
            0i64.checked_sub_unsigned(magnitude)
        } else {
            i64::try_from(magnitude).ok()
        };
        signed
            .map(I64)
            .ok_or_else(|| range_error(&Env::from_raw(env), "an integer in the i64 range"))
    }
}

/// An object argument: `$name` converts like the napi-derive object `$fields` (whose JS name is `$name`)
/// and throws what a wrong argument type throws here (a `TypeError`, `TSEAL_INVALID_ARGUMENT`) for a
/// non-object and for a missing required field, where napi-derive's own conversion throws a plain
/// `Error` without a code.
macro_rules! object_arg {
    ($name:ident $(<$lt:lifetime>)? ($fields:ident)) => {
        #[doc = concat!("`", stringify!($fields), "`, converted by [`crate::convert::object`].")]
        pub struct $name$(<$lt>)?(pub $fields$(<$lt>)?);

        impl$(<$lt>)? std::ops::Deref for $name$(<$lt>)? {
            type Target = $fields$(<$lt>)?;
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        impl$(<$lt>)? napi::bindgen_prelude::FromNapiValue for $name$(<$lt>)? {
            unsafe fn from_napi_value(
                env: napi::sys::napi_env,
                value: napi::sys::napi_value,
            ) -> napi::Result<Self> {
                // SAFETY: forwarded from napi.
                unsafe { $crate::convert::object(env, value) }.map($name)
            }
        }
    };
}
pub(crate) use object_arg;

/// An object converted by `T` (a napi-derive object): a `TypeError` (`TSEAL_INVALID_ARGUMENT`) for a
/// non-object and for what napi-derive itself rejects (a missing required field). Errors of the fields'
/// own conversions (already `TSEAL_*`) pass through.
///
/// # Safety
/// `env` and `value` come from napi for the running call.
pub(crate) unsafe fn object<T: FromNapiValue>(env: sys::napi_env, value: sys::napi_value) -> napi::Result<T> {
    expect_type(env, value, ValueType::Object, "an object")?;
    // SAFETY: forwarded; the value was just checked to be an object.
    unsafe { T::from_napi_value(env, value) }.map_err(|error| {
        if error.status == Status::GenericFailure {
            // A JS exception a field conversion built (see `throwable`).
            error
        } else {
            let message = error.reason.replace("Missing field", "missing field");
            throwable(
                &Env::from_raw(env),
                Class::TypeError,
                Error::InvalidArgument,
                &message,
            )
        }
    })
}

/// Fails with a `TypeError` unless `value` has JS type `expected`.
fn expect_type(
    env: sys::napi_env,
    value: sys::napi_value,
    expected: ValueType,
    description: &str,
) -> napi::Result<()> {
    // SAFETY: `env` and `value` come from napi for this call.
    let actual = unsafe { Unknown::from_raw_unchecked(env, value) }.get_type()?;
    if actual == expected {
        Ok(())
    } else {
        Err(type_error(&Env::from_raw(env), description))
    }
}
