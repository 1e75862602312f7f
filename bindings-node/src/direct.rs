//! Hot-path methods called without napi-derive's per-call glue.
//!
//! napi-derive 3.16 wraps every method call in borrow bookkeeping: a fresh `Arc<Mutex<..>>` scope, a
//! global `Mutex<HashMap>` entry for the receiver, thread-local barrier stacks. On a 64-byte HMAC that
//! costs more than the HMAC itself (docs/bench/NOTES.md). The methods here (`MacKey.signInto`,
//! `MacKey.verify`, `NoiseSession.writeMessageInto`, `NoiseSession.readMessageInto`) are plain Node-API
//! callbacks that do only what the call needs: fetch the arguments, check the receiver's class type tag
//! and unwrap it, borrow the byte arguments, call the core, and throw the same errors as the rest of
//! the binding. What the bookkeeping guards against cannot happen here: these callbacks never run
//! JavaScript while they hold a reference into a wrapped object, and they refuse an output buffer that
//! overlaps an input.
//!
//! Their TypeScript declarations are in dts-header.d.ts (napi-derive only types what it generates).

use std::ffi::{c_void, CStr};
use std::ptr;

use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, Object, ToNapiValue, TypeTag};
use napi::JsValue;
use napi::{check_status, sys, Env, JsError};

use crate::convert::{argument_error, type_error, Bytes};

/// A Node-API function callback.
pub(crate) type Callback = unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value;

/// One call: its receiver and its first `N` arguments (`undefined` where the caller passed fewer).
pub(crate) struct Call<const N: usize> {
    env: sys::napi_env,
    this: sys::napi_value,
    args: [sys::napi_value; N],
}

impl<const N: usize> Call<N> {
    /// The call `info` describes.
    ///
    /// # Safety
    /// `env` and `info` are those Node-API passed to the running callback.
    unsafe fn new(env: sys::napi_env, info: sys::napi_callback_info) -> napi::Result<Self> {
        let mut call = Call {
            env,
            this: ptr::null_mut(),
            args: [ptr::null_mut(); N],
        };
        let mut argc = N;
        check_status!(
            // SAFETY: `args` has room for `argc` values; Node-API fills the missing ones with `undefined`.
            unsafe {
                sys::napi_get_cb_info(
                    env,
                    info,
                    &mut argc,
                    call.args.as_mut_ptr(),
                    &mut call.this,
                    ptr::null_mut(),
                )
            },
            "napi_get_cb_info failed"
        )?;
        Ok(call)
    }

    /// The env, for error conversion.
    pub(crate) fn env(&self) -> Env {
        Env::from_raw(self.env)
    }

    /// The receiver as the Rust value of class `T`: a `TypeError` unless it is an instance of `T`.
    ///
    /// # Safety
    /// `T` must have no `&mut self` methods (interior mutability instead), so that every other
    /// reference to the value is shared: that is what lets these callbacks skip napi-derive's borrow
    /// bookkeeping.
    pub(crate) unsafe fn receiver<'a, T: TypeTag>(&self, class: &str) -> napi::Result<&'a T> {
        // SAFETY: forwarded.
        Ok(unsafe { &*self.wrapped::<T>(class)? })
    }

    /// The pointer to the `T` the receiver wraps: a `TypeError` unless it is an instance of `T`.
    fn wrapped<T: TypeTag>(&self, class: &str) -> napi::Result<*mut T> {
        let mut tagged = false;
        let mut wrapped: *mut c_void = ptr::null_mut();
        // SAFETY: `this` is the receiver Node-API handed to this callback. napi-derive stamps `T`'s type
        // tag on exactly the objects that wrap a `T` (napi8), so once the tag matches, the wrapped
        // pointer is a live `T` owned by the receiver.
        let ok = unsafe {
            sys::napi_check_object_type_tag(self.env, self.this, &T::type_tag(), &mut tagged)
                == sys::Status::napi_ok
                && tagged
                && sys::napi_unwrap(self.env, self.this, &mut wrapped) == sys::Status::napi_ok
        };
        if ok && !wrapped.is_null() {
            Ok(wrapped.cast())
        } else {
            Err(type_error(&self.env(), &format!("a {class} as `this`")))
        }
    }

    /// Argument `index` as bytes, borrowed for the call.
    ///
    /// # Safety
    /// The bytes must not be written (through an output argument) while the result is live: take
    /// outputs with [`Call::output`], which checks that.
    pub(crate) unsafe fn bytes<'a>(&self, index: usize) -> napi::Result<&'a [u8]> {
        // SAFETY: a value of this call.
        unsafe { Bytes::from_napi_value(self.env, self.args[index]) }.map(Bytes::into_slice)
    }

    /// Argument `index` as a number or bigint converted by `T` (see `convert`).
    pub(crate) fn arg<T: FromNapiValue>(&self, index: usize) -> napi::Result<T> {
        // SAFETY: a value of this call.
        unsafe { T::from_napi_value(self.env, self.args[index]) }
    }

    /// Argument `index` as a caller-owned output buffer that overlaps none of `inputs`.
    ///
    /// # Safety
    /// As for [`Call::bytes`]: the only other live borrows of JS memory are `inputs`.
    pub(crate) unsafe fn output<'a>(&self, index: usize, inputs: &[&[u8]]) -> napi::Result<&'a mut [u8]> {
        // SAFETY: a value of this call.
        let out = unsafe { Bytes::from_napi_value(self.env, self.args[index]) }?.into_slice();
        let range = out.as_ptr_range();
        if inputs.iter().any(|input| {
            !input.is_empty() && input.as_ptr() < range.end && range.start < input.as_ptr_range().end
        }) {
            return Err(argument_error(
                &self.env(),
                "an output buffer that overlaps no input",
            ));
        }
        // SAFETY: `out` is the caller's writable buffer, alive for the call, and no live reference
        // overlaps it (checked above); the shared `out` borrow ends here.
        Ok(unsafe { std::slice::from_raw_parts_mut(out.as_ptr().cast_mut(), out.len()) })
    }
}

/// The body of a callback: the JS value of `body`, or `undefined` with its error thrown.
///
/// # Safety
/// `env` and `info` are those Node-API passed to the running callback.
pub(crate) unsafe fn run<const N: usize, R: ToNapiValue>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    body: impl FnOnce(&Call<N>) -> napi::Result<R>,
) -> sys::napi_value {
    // SAFETY: forwarded from the caller.
    let result = unsafe { Call::new(env, info) }
        .and_then(|call| body(&call))
        // SAFETY: `env` is this callback's env.
        .and_then(|value| unsafe { R::to_napi_value(env, value) });
    result.unwrap_or_else(|error| {
        // SAFETY: as above; every Rust borrow of the call ended with `body`.
        unsafe { JsError::from(error).throw_into(env) };
        ptr::null_mut()
    })
}

/// Defines `methods` on the prototype of the class exported as `class`: named functions, writable,
/// enumerable and configurable, like napi-derive's methods.
pub(crate) fn define_methods(
    env: &Env,
    exports: &Object,
    class: &str,
    methods: &[(&CStr, Callback)],
) -> napi::Result<()> {
    let prototype: Object = exports
        .get_named_property_unchecked::<Object>(class)?
        .get_named_property_unchecked("prototype")?;
    for (name, method) in methods {
        let mut function = ptr::null_mut();
        check_status!(
            // SAFETY: a live env; `name` is a static C string (`NAPI_AUTO_LENGTH`: -1).
            unsafe {
                sys::napi_create_function(
                    env.raw(),
                    name.as_ptr(),
                    -1,
                    Some(*method),
                    ptr::null_mut(),
                    &mut function,
                )
            },
            "napi_create_function failed"
        )?;
        let property = sys::napi_property_descriptor {
            utf8name: name.as_ptr(),
            name: ptr::null_mut(),
            method: None,
            getter: None,
            setter: None,
            value: function,
            attributes: sys::PropertyAttributes::writable
                | sys::PropertyAttributes::enumerable
                | sys::PropertyAttributes::configurable,
            data: ptr::null_mut(),
        };
        check_status!(
            // SAFETY: `prototype` and `function` are live values of this env.
            unsafe { sys::napi_define_properties(env.raw(), prototype.raw(), 1, &property) },
            "napi_define_properties failed"
        )?;
    }
    Ok(())
}
