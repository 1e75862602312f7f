//! Conversion between JS values and Rust values, and the one mapping from a tradeseal error to the JS
//! exception thrown for it.
//!
//! Every thrown error carries `code` (the core's `TSEAL_*` name) and `errno` (its stable number). The JS
//! class says whose fault it is: a wrong JS type is a `TypeError`, a wrong size or range a `RangeError`,
//! and everything else (bad data, failed verification, wrong state) a plain `Error`.

use std::ops::Deref;

use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, Unknown};
use napi::{sys, Env, JsError, JsRangeError, JsTypeError, JsValue, ValueType};
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
        Error::InvalidLength | Error::KeyTooShort | Error::OutOfRange | Error::BufferTooSmall => {
            Class::RangeError
        }
        _ => Class::Error,
    }
}

/// The JS exception for a core error.
pub(crate) fn js_error(env: &Env, error: Error) -> napi::Error {
    throwable(env, class_of(error), error, &error.to_string())
}

/// A `TypeError` (`TSEAL_INVALID_ARGUMENT`) for a JS value of the wrong type.
fn type_error(env: &Env, expected: &str) -> napi::Error {
    throwable(
        env,
        Class::TypeError,
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

impl Deref for Bytes<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.0
    }
}

impl FromNapiValue for Bytes<'_> {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        // SAFETY: `env` and `value` come from napi for this call; the slice is only used during it.
        match unsafe { <&[u8]>::from_napi_value(env, value) } {
            Ok(bytes) => Ok(Bytes(bytes)),
            Err(_) => Err(type_error(&Env::from_raw(env), "a Buffer or Uint8Array")),
        }
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

/// A key id from JS: an integer number in `0..=2^32-1` (`KeyId` in index.d.ts).
pub struct KeyId(pub tradeseal::KeyId);

impl FromNapiValue for KeyId {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        expect_type(env, value, ValueType::Number, "a number")?;
        // SAFETY: as above; the value was just checked to be a number.
        let number = unsafe { f64::from_napi_value(env, value) }?;
        if number.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&number) {
            // Exact: an integer within u32's range.
            Ok(KeyId(number as u32))
        } else {
            Err(range_error(
                &Env::from_raw(env),
                "an integer key id from 0 to 4294967295",
            ))
        }
    }
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
