//! Node bindings of tradeseal: argument conversion and error mapping only; every decision is the core's.
//!
//! Errors thrown from here carry `err.code` (the core's `TSEAL_*` name) and `err.errno` (its number);
//! see [`convert`] for the mapping.

pub mod aead;
pub mod convert;
pub mod ed25519;
pub mod formats;
pub mod kdf;
mod keyring;
pub mod mac;
pub mod noise;
pub mod replay;

use napi_derive::napi;

/// The library version.
#[napi]
pub fn version() -> String {
    tradeseal::VERSION.to_string()
}
