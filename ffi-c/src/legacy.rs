//! The seed-compatible legacy text line with printf `%.5f` numbers and a hex HMAC-SHA256 signature, for
//! existing senders: `tseal_legacy_sign` / `tseal_legacy_verify` with a `tseal_mac_key`.

use tradeseal_core::legacy::{self, LegacySignal, LEGACY_SIGNATURE_HEX_BYTES, MAX_LEGACY_LINE_BYTES};
use tradeseal_core::{Error, OrderType};

use crate::boundary::{c_args, ffi_boundary, try_out, try_ref, try_slice, try_str};
use crate::mac::tseal_mac_key;
use crate::signal::SignalOut;
use crate::tseal_status;

/// The longest legacy line.
pub const TSEAL_MAX_LEGACY_LINE_BYTES: usize = 759;
/// Length of a legacy signature (lowercase hex).
pub const TSEAL_LEGACY_SIGNATURE_HEX_BYTES: usize = 64;
const _: () = assert!(TSEAL_MAX_LEGACY_LINE_BYTES == MAX_LEGACY_LINE_BYTES);
const _: () = assert!(TSEAL_LEGACY_SIGNATURE_HEX_BYTES == LEGACY_SIGNATURE_HEX_BYTES);

/// `TSEAL_MAX_LEGACY_LINE_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_max_legacy_line_bytes() -> usize {
    ffi_boundary! { TSEAL_MAX_LEGACY_LINE_BYTES }
}

/// `TSEAL_LEGACY_SIGNATURE_HEX_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_legacy_signature_hex_bytes() -> usize {
    ffi_boundary! { TSEAL_LEGACY_SIGNATURE_HEX_BYTES }
}

/// Writes the legacy line `subscription_id|sequence|generated_at_ms|symbol|ORDER_TYPE|volume|price`
/// (numbers as `printf("%.5f")`) into `line` and its lowercase hex signature
/// (`TSEAL_LEGACY_SIGNATURE_HEX_BYTES`) into `signature`. Both buffers are checked before anything is
/// written.
#[no_mangle]
pub extern "C" fn tseal_legacy_sign(
    key: *const tseal_mac_key,
    subscription_id: *const u8,
    subscription_id_len: usize,
    sequence: u64,
    generated_at_ms: u64,
    symbol: *const u8,
    symbol_len: usize,
    order_type: u8,
    volume: f64,
    price: f64,
    line: *mut u8,
    line_len: *mut usize,
    signature: *mut u8,
    signature_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (key, subscription_id, symbol, line, signature) = c_args!(
            try_ref(key),
            try_str(subscription_id, subscription_id_len),
            try_str(symbol, symbol_len),
            try_out(line, line_len),
            try_out(signature, signature_len),
        );
        let signal = LegacySignal {
            subscription_id: subscription_id.parse()?,
            sequence,
            generated_at_ms,
            symbol,
            order_type: OrderType::try_from(order_type)?,
            volume,
            price,
        };
        let (mut line, mut signature) = (line, signature);
        let mut line_buf = [0u8; MAX_LEGACY_LINE_BYTES];
        let mut signature_buf = [0u8; LEGACY_SIGNATURE_HEX_BYTES];
        let len = signal.sign_into(&key.0, &mut line_buf, &mut signature_buf)?;
        let line_bytes = line_buf.get(..len).ok_or(Error::Internal)?;
        let line_fits = line.fits(len);
        line_fits.and(signature.fits(LEGACY_SIGNATURE_HEX_BYTES))?;
        line.write(line_bytes)?;
        signature.write(&signature_buf)
    }
}

/// Verifies `signature` (64 hex digits, either case) over the exact bytes of `line`, then parses the line
/// and writes its fields as `tseal_signal_verify` does (numbers with 5 decimals).
#[no_mangle]
pub extern "C" fn tseal_legacy_verify(
    key: *const tseal_mac_key,
    line: *const u8,
    line_len: usize,
    signature: *const u8,
    signature_len: usize,
    subscription_id: *mut u8,
    subscription_id_len: *mut usize,
    sequence: *mut u64,
    generated_at_ms: *mut u64,
    symbol: *mut u8,
    symbol_len: *mut usize,
    order_type: *mut u8,
    volume_units: *mut i64,
    volume_decimals: *mut u8,
    price_units: *mut i64,
    price_decimals: *mut u8,
) -> tseal_status {
    ffi_boundary! {
        let (key, line, signature) = c_args!(
            try_ref(key),
            try_slice(line, line_len),
            try_str(signature, signature_len),
        );
        let fields = c_args!(SignalOut::new(
            subscription_id, subscription_id_len, sequence, generated_at_ms, symbol, symbol_len, order_type,
            volume_units, volume_decimals, price_units, price_decimals
        ));
        let verified = legacy::verify(&key.0, line, signature)?;
        fields.write(&verified)
    }
}
