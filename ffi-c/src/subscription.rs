//! Subscription ids (UUIDs) between their 16 wire bytes and their canonical text, which every other
//! export takes: `tseal_subscription_id_parse`, `tseal_subscription_id_format`.

use tradeseal_core::{Error, SubscriptionId};

use crate::boundary::{c_args, ffi_boundary, try_out, try_slice, try_str};
use crate::tseal_status;

/// Length of a subscription id in bytes.
pub const TSEAL_SUBSCRIPTION_ID_BYTES: usize = 16;

/// `TSEAL_SUBSCRIPTION_ID_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_subscription_id_bytes() -> usize {
    ffi_boundary! { TSEAL_SUBSCRIPTION_ID_BYTES }
}

/// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hex digits in either case) into its
/// `TSEAL_SUBSCRIPTION_ID_BYTES` bytes in `out`; anything else is `TSEAL_INVALID_UUID`.
#[no_mangle]
pub extern "C" fn tseal_subscription_id_parse(
    text: *const u8,
    text_len: usize,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (text, out) = c_args!(try_str(text, text_len), try_out(out, out_len));
        out.write(text.parse::<SubscriptionId>()?.as_bytes())
    }
}

/// Writes the `TSEAL_SUBSCRIPTION_ID_BYTES` bytes `id` as lowercase canonical text
/// (`TSEAL_SUBSCRIPTION_ID_TEXT_BYTES`, no NUL) into `out`; `TSEAL_INVALID_LENGTH` for another length.
#[no_mangle]
pub extern "C" fn tseal_subscription_id_format(
    id: *const u8,
    id_len: usize,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (id, out) = c_args!(try_slice(id, id_len), try_out(out, out_len));
        let id = SubscriptionId::from_bytes(id.try_into().map_err(|_| Error::InvalidLength)?);
        out.write(id.to_string().as_bytes())
    }
}
