//! Hot-path methods called without napi-derive's per-call glue, bound to their instance.
//!
//! napi-derive 3.16 wraps every method call in borrow bookkeeping: a fresh `Arc<Mutex<..>>` scope, a
//! global `Mutex<HashMap>` entry for the receiver, thread-local barrier stacks. On a 64-byte HMAC that
//! costs more than the HMAC itself (docs/bench/NOTES.md). The methods here (`MacKey.signInto`,
//! `MacKey.verify`, `NoiseSession.writeMessageInto`, `NoiseSession.readMessageInto`) are plain Node-API
//! callbacks that do only what the call needs: fetch the arguments, find the instance's state, borrow the
//! byte arguments, call the core, and throw the same errors as the rest of the binding.
//!
//! Finding the state from `this` takes two private-property lookups on V8's slow path (the class's type
//! tag, then the wrapped pointer), which cost more than all the rest of a call. So the first call of a
//! hot method on an instance *binds* the class's hot methods to it: it gives the instance own,
//! non-enumerable properties of the same names holding native functions whose Node-API data is the
//! instance's state (an [`Rc`], released by each function's finalizer). Every later call reaches the
//! state straight from its function, with no lookup. A bound method ignores `this`, like a function
//! made with `Function.prototype.bind`.
//!
//! What napi-derive's bookkeeping guards against cannot happen here: these callbacks never run JavaScript
//! while they hold a reference into a state, the states have no `&mut` access (interior mutability
//! instead), and an output buffer that overlaps an input is refused.
//!
//! Their TypeScript declarations are in dts-header.d.ts (napi-derive only types what it generates).

use std::ffi::{c_void, CStr};
use std::ptr;
use std::rc::Rc;

use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, Object, ToNapiValue, TypeTag};
use napi::JsValue;
use napi::{check_status, sys, Env, JsError};

use crate::convert::{argument_error, type_error, Bytes};

/// The most arguments a hot method takes.
const MAX_ARGS: usize = 3;

/// One call: its receiver, its first [`MAX_ARGS`] arguments (`undefined` where the caller passed fewer)
/// and its function's data.
pub(crate) struct Call {
    env: sys::napi_env,
    this: sys::napi_value,
    args: [sys::napi_value; MAX_ARGS],
    data: *mut c_void,
}

impl Call {
    /// The call `info` describes.
    ///
    /// # Safety
    /// `env` and `info` are those Node-API passed to the running callback.
    unsafe fn new(env: sys::napi_env, info: sys::napi_callback_info) -> napi::Result<Self> {
        let mut call = Call {
            env,
            this: ptr::null_mut(),
            args: [ptr::null_mut(); MAX_ARGS],
            data: ptr::null_mut(),
        };
        let mut argc = MAX_ARGS;
        check_status!(
            // SAFETY: `args` has room for `argc` values; Node-API fills the missing ones with `undefined`.
            unsafe {
                sys::napi_get_cb_info(
                    env,
                    info,
                    &mut argc,
                    call.args.as_mut_ptr(),
                    &mut call.this,
                    &mut call.data,
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

    /// The `C` that the receiver wraps: a `TypeError` unless the receiver is an instance of `C`.
    fn receiver<C: HotClass>(&self) -> napi::Result<&C> {
        let mut tagged = false;
        let mut wrapped: *mut c_void = ptr::null_mut();
        // SAFETY: `this` is the receiver Node-API handed to this callback. napi-derive stamps `C`'s type
        // tag on exactly the objects that wrap a `C` (napi8), so once the tag matches, the wrapped
        // pointer is a live `C` owned by the receiver, which the caller keeps alive during the call. A
        // `HotClass` has no `&mut self` method, so every other reference to it is shared.
        unsafe {
            let found = sys::napi_check_object_type_tag(self.env, self.this, &C::type_tag(), &mut tagged)
                == sys::Status::napi_ok
                && tagged
                && sys::napi_unwrap(self.env, self.this, &mut wrapped) == sys::Status::napi_ok;
            wrapped.cast::<C>().as_ref().filter(|_| found)
        }
        .ok_or_else(|| type_error(&self.env(), &format!("a {} as `this`", C::NAME)))
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
        let out = unsafe { self.bytes(index) }?;
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

/// A hot method: its JS name and its body, from the instance's state and the call to the result.
pub(crate) struct Method<S: 'static, R: 'static> {
    /// The JS name.
    pub(crate) name: &'static CStr,
    /// What the method does.
    pub(crate) body: fn(&S, &Call) -> napi::Result<R>,
}

/// A class exported by napi-derive whose hot methods are defined here.
///
/// # Safety
/// The class has no `&mut self` method: a hot method holds a shared reference to the instance while it
/// finds the state, which napi-derive's bookkeeping (skipped here) would otherwise have to guard.
pub(crate) unsafe trait HotClass: TypeTag + 'static {
    /// What the hot methods need: shared between the instance and its bound methods.
    type State: 'static;
    /// What every hot method returns.
    type Output: ToNapiValue + 'static;
    /// The class's JS name.
    const NAME: &'static str;
    /// The hot methods.
    const METHODS: &'static [Method<Self::State, Self::Output>];
    /// The instance's state.
    fn state(&self) -> &Rc<Self::State>;
}

/// Defines `C`'s hot methods on the prototype of its exported class: named functions, writable,
/// enumerable and configurable, like napi-derive's methods.
pub(crate) fn define_methods<C: HotClass>(env: &Env, exports: &Object) -> napi::Result<()> {
    let prototype: Object = exports
        .get_named_property_unchecked::<Object>(C::NAME)?
        .get_named_property_unchecked("prototype")?;
    for method in C::METHODS {
        // The data is the `'static` method, never freed.
        let data = ptr::from_ref(method).cast_mut().cast();
        let function = new_function(env.raw(), method.name, unbound::<C>, data)?;
        define_property(env.raw(), prototype.raw(), method.name, function, true)?;
    }
    Ok(())
}

/// A prototype method: `C`'s method on `this` checked to be a `C`, which it then binds (see the module
/// docs).
unsafe extern "C" fn unbound<C: HotClass>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: the callback's own arguments.
    unsafe {
        run(env, info, |call| {
            // SAFETY: `define_methods` made this function with a `'static` `Method` of `C` as its data.
            let method = &*call.data.cast::<Method<C::State, C::Output>>();
            let state = call.receiver::<C>()?.state();
            // An instance that takes no new properties (frozen, sealed) stays unbound: each of its calls
            // checks `this` again. Defining a property on it fails without a JS exception.
            let _ = bind::<C>(call.env, call.this, state);
            (method.body)(state, call)
        })
    }
}

/// What a bound method holds: its instance's state and the method.
struct Bound<S: 'static, R: 'static> {
    state: Rc<S>,
    method: &'static Method<S, R>,
}

/// Gives `this` own properties for `C`'s hot methods, bound to `state`.
fn bind<C: HotClass>(env: sys::napi_env, this: sys::napi_value, state: &Rc<C::State>) -> napi::Result<()> {
    for method in C::METHODS {
        let data = Box::into_raw(Box::new(Bound {
            state: Rc::clone(state),
            method,
        }));
        let function = new_function(env, method.name, bound::<C::State, C::Output>, data.cast());
        let owned = function.and_then(|function| {
            check_status!(
                // SAFETY: `function` is a live value of this env; `release` frees `data` exactly once.
                unsafe {
                    sys::napi_add_finalizer(
                        env,
                        function,
                        data.cast(),
                        Some(release::<C::State, C::Output>),
                        ptr::null_mut(),
                        ptr::null_mut(),
                    )
                },
                "napi_add_finalizer failed"
            )
            .map(|()| function)
        });
        let function = owned.inspect_err(|_| {
            // SAFETY: no finalizer owns `data`: free it here, once.
            drop(unsafe { Box::from_raw(data) });
        })?;
        // From here the finalizer frees `data`, with the function, whether or not this succeeds.
        define_property(env, this, method.name, function, false)?;
    }
    Ok(())
}

/// A bound method: the method its data holds, on the state its data holds.
unsafe extern "C" fn bound<S: 'static, R: ToNapiValue + 'static>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: the callback's own arguments.
    unsafe {
        run(env, info, |call| {
            // SAFETY: `bind` made this function with a `Bound<S, R>` as its data, which its finalizer
            // frees only once the function is unreachable, so never during a call of it.
            let bound = &*call.data.cast::<Bound<S, R>>();
            (bound.method.body)(&bound.state, call)
        })
    }
}

/// The finalizer of a bound method: frees its data.
unsafe extern "C" fn release<S: 'static, R: 'static>(
    _env: sys::napi_env,
    data: *mut c_void,
    _hint: *mut c_void,
) {
    // SAFETY: `bind` gave this finalizer a `Box<Bound<S, R>>` of its own; Node-API runs it once.
    drop(unsafe { Box::from_raw(data.cast::<Bound<S, R>>()) });
}

/// The body of a callback: the JS value of `body`, or `undefined` with its error thrown.
///
/// # Safety
/// `env` and `info` are those Node-API passed to the running callback.
unsafe fn run<R: ToNapiValue>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    body: impl FnOnce(&Call) -> napi::Result<R>,
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

/// A named native function calling `callback` with `data`.
fn new_function(
    env: sys::napi_env,
    name: &'static CStr,
    callback: unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value,
    data: *mut c_void,
) -> napi::Result<sys::napi_value> {
    let mut function = ptr::null_mut();
    check_status!(
        // SAFETY: a live env; `name` is a static C string (`NAPI_AUTO_LENGTH`: -1).
        unsafe { sys::napi_create_function(env, name.as_ptr(), -1, Some(callback), data, &mut function) },
        "napi_create_function failed"
    )?;
    Ok(function)
}

/// Defines `object[name] = value`, writable and configurable, and enumerable if `enumerable`.
fn define_property(
    env: sys::napi_env,
    object: sys::napi_value,
    name: &'static CStr,
    value: sys::napi_value,
    enumerable: bool,
) -> napi::Result<()> {
    let mut attributes = sys::PropertyAttributes::writable | sys::PropertyAttributes::configurable;
    if enumerable {
        attributes |= sys::PropertyAttributes::enumerable;
    }
    let property = sys::napi_property_descriptor {
        utf8name: name.as_ptr(),
        name: ptr::null_mut(),
        method: None,
        getter: None,
        setter: None,
        value,
        attributes,
        data: ptr::null_mut(),
    };
    check_status!(
        // SAFETY: `object` and `value` are live values of this env.
        unsafe { sys::napi_define_properties(env, object, 1, &property) },
        "napi_define_properties failed"
    )
}
