//! Fixed-point numbers as text: `tseal_decimal_format` (the inverse of `tseal_decimal_parse`). Prices and
//! volumes cross the C ABI as `(int64_t units, uint8_t decimals)`: `units * 10^-decimals`.

use tradeseal_core::decimal::MAX_DECIMALS;
use tradeseal_core::Decimal;

use crate::boundary::{c_args, ffi_boundary, try_out};
use crate::tseal_status;

/// The most decimals a fixed-point number may have.
pub const TSEAL_MAX_DECIMALS: u8 = 18;
const _: () = assert!(TSEAL_MAX_DECIMALS == MAX_DECIMALS);

/// `TSEAL_MAX_DECIMALS`.
#[no_mangle]
pub extern "C" fn tseal_max_decimals() -> usize {
    ffi_boundary! { usize::from(TSEAL_MAX_DECIMALS) }
}

/// Writes `units * 10^-decimals` as canonical decimal text with all `decimals` digits (`(150, 3)` is
/// `"0.150"`; no NUL) into `out`: what `tseal_decimal_parse` reads back. `TSEAL_INVALID_NUMBER` for
/// negative units or more than `TSEAL_MAX_DECIMALS` decimals.
#[no_mangle]
pub extern "C" fn tseal_decimal_format(
    units: i64,
    decimals: u8,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_out(out, out_len));
        out.write(Decimal::new(units, decimals)?.to_string().as_bytes())
    }
}
