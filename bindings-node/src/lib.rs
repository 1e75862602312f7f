//! Node bindings of tradeseal (work in progress).
use napi_derive::napi;

/// The library version.
#[napi]
pub fn version() -> String {
    tradeseal::VERSION.to_string()
}
