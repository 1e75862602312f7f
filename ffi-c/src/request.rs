//! Exchange-style request signing (docs/WIRE.md): the `X-Signature` over method, path, timestamp, nonce
//! and body, with a `tseal_mac_key`. The other headers are the caller's own values (`X-API-Key`, the
//! nonce, and the timestamp in decimal).

use tradeseal_core::request::{Request, MAX_METHOD_BYTES, MAX_NONCE_BYTES, MAX_PATH_BYTES};
use tradeseal_core::MAC_TAG_BYTES;

use crate::boundary::{c_args, ffi_boundary, try_out, try_ref, try_slice, try_str};
use crate::mac::tseal_mac_key;
use crate::tseal_status;

/// Length of an `X-Signature` value (lowercase hex).
pub const TSEAL_REQUEST_SIGNATURE_HEX_BYTES: usize = 64;
const _: () = assert!(TSEAL_REQUEST_SIGNATURE_HEX_BYTES == 2 * MAC_TAG_BYTES);
/// The longest request method (ASCII uppercase letters).
pub const TSEAL_MAX_REQUEST_METHOD_BYTES: usize = 16;
/// The longest request path.
pub const TSEAL_MAX_REQUEST_PATH_BYTES: usize = 2048;
/// The longest request nonce or API key (printable ASCII).
pub const TSEAL_MAX_REQUEST_NONCE_BYTES: usize = 64;
const _: () = assert!(
    TSEAL_MAX_REQUEST_METHOD_BYTES == MAX_METHOD_BYTES && TSEAL_MAX_REQUEST_PATH_BYTES == MAX_PATH_BYTES
);
const _: () = assert!(TSEAL_MAX_REQUEST_NONCE_BYTES == MAX_NONCE_BYTES);

/// `TSEAL_MAX_REQUEST_METHOD_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_max_request_method_bytes() -> usize {
    ffi_boundary! { TSEAL_MAX_REQUEST_METHOD_BYTES }
}

/// `TSEAL_MAX_REQUEST_PATH_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_max_request_path_bytes() -> usize {
    ffi_boundary! { TSEAL_MAX_REQUEST_PATH_BYTES }
}

/// `TSEAL_MAX_REQUEST_NONCE_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_max_request_nonce_bytes() -> usize {
    ffi_boundary! { TSEAL_MAX_REQUEST_NONCE_BYTES }
}

/// `TSEAL_REQUEST_SIGNATURE_HEX_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_request_signature_hex_bytes() -> usize {
    ffi_boundary! { TSEAL_REQUEST_SIGNATURE_HEX_BYTES }
}

/// Writes the `X-Signature` value (`TSEAL_REQUEST_SIGNATURE_HEX_BYTES` lowercase hex digits) of a request
/// into `signature`. The API key (sent as `X-API-Key`), method, path and nonce are UTF-8 text checked by
/// the core (`TSEAL_MALFORMED`, `TSEAL_FIELD_TOO_LONG`, `TSEAL_FORBIDDEN_CHARACTER`).
#[no_mangle]
pub extern "C" fn tseal_request_sign(
    key: *const tseal_mac_key,
    api_key: *const u8,
    api_key_len: usize,
    method: *const u8,
    method_len: usize,
    path: *const u8,
    path_len: usize,
    timestamp_ms: u64,
    nonce: *const u8,
    nonce_len: usize,
    body: *const u8,
    body_len: usize,
    signature: *mut u8,
    signature_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (key, api_key, method, path, nonce, body, signature) = c_args!(
            try_ref(key),
            try_str(api_key, api_key_len),
            try_str(method, method_len),
            try_str(path, path_len),
            try_str(nonce, nonce_len),
            try_slice(body, body_len),
            try_out(signature, signature_len),
        );
        let request = Request { method, path, timestamp_ms, nonce, body };
        signature.write(request.sign(api_key, &key.0)?.signature.as_bytes())
    }
}

/// Checks a received request: the headers `X-Timestamp` (decimal text) and `X-Signature` (64 hex digits,
/// either case) as received, with the method, path, nonce and body. `TSEAL_OK` or the core's error
/// (`TSEAL_INVALID_SIGNATURE`, `TSEAL_MALFORMED`, ...). Timestamp freshness and nonce reuse are checked
/// separately.
#[no_mangle]
pub extern "C" fn tseal_request_verify(
    key: *const tseal_mac_key,
    method: *const u8,
    method_len: usize,
    path: *const u8,
    path_len: usize,
    timestamp: *const u8,
    timestamp_len: usize,
    nonce: *const u8,
    nonce_len: usize,
    body: *const u8,
    body_len: usize,
    signature: *const u8,
    signature_len: usize,
) -> tseal_status {
    ffi_boundary! {
        let (key, method, path, timestamp, nonce, body, signature) = c_args!(
            try_ref(key),
            try_str(method, method_len),
            try_str(path, path_len),
            try_str(timestamp, timestamp_len),
            try_str(nonce, nonce_len),
            try_slice(body, body_len),
            try_str(signature, signature_len),
        );
        Request::from_headers(method, path, timestamp, nonce, body)?.verify(&key.0, signature).map(drop)
    }
}
