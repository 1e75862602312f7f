//! Node bindings of tradeseal: argument conversion and error mapping only; every decision is the core's.
//!
//! Errors thrown from here carry `err.code` (the core's `TSEAL_*` name) and `err.errno` (its number);
//! see [`convert`] for the mapping.

pub mod aead;
pub mod convert;
mod direct;
pub mod ed25519;
pub mod formats;
pub mod kdf;
mod keyring;
pub mod mac;
pub mod noise;
pub mod replay;

use napi::bindgen_prelude::Object;
use napi::Env;
use napi_derive::napi;

/// The library version.
#[napi]
pub fn version() -> String {
    tradeseal::VERSION.to_string()
}

/// Runs when the addon loads, after napi-derive has defined the classes: adds the hot-path methods that
/// bypass its per-call glue (see [`direct`]).
#[napi(module_exports)]
pub fn define_direct_methods(env: Env, exports: Object) -> napi::Result<()> {
    direct::define_methods::<mac::MacKey>(&env, &exports)?;
    direct::define_methods::<noise::NoiseSession>(&env, &exports)
}
