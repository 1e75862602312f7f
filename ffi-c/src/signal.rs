//! Trading signals v1 (docs/WIRE.md): `tseal_signal_sign` / `tseal_signal_verify` with a `tseal_keyring`,
//! and `tseal_decimal_from_f64`, the printf-exact conversion of prices and volumes to fixed point.
//!
//! Signals travel as fields, not structs (MQL5 cannot pass structs): the subscription id as UUID text,
//! the symbol as UTF-8 bytes, the order type as MT5's `ENUM_ORDER_TYPE` value, and volume and price as
//! `(int64_t units, uint8_t decimals)` fixed-point pairs.

use tradeseal_core::order::MAX_SYMBOL_BYTES;
use tradeseal_core::signal::{Signal, SignedSignal, MAX_SIGNED_SIGNAL_BYTES};
use tradeseal_core::subscription::SUBSCRIPTION_ID_TEXT_BYTES;
use tradeseal_core::{Decimal, Error, OrderType, Symbol};

use crate::boundary::{c_args, ffi_boundary, try_mut, try_out, try_ref, try_slice, try_str, OutBuf};
use crate::keyring::tseal_keyring;
use crate::tseal_status;

/// The longest signed signal (with a symbol of `TSEAL_MAX_SYMBOL_BYTES`).
pub const TSEAL_MAX_SIGNED_SIGNAL_BYTES: usize = 121;
/// The longest symbol, in UTF-8 bytes.
pub const TSEAL_MAX_SYMBOL_BYTES: usize = 32;
/// Length of a subscription id as text (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`).
pub const TSEAL_SUBSCRIPTION_ID_TEXT_BYTES: usize = 36;
const _: () = assert!(TSEAL_MAX_SIGNED_SIGNAL_BYTES == MAX_SIGNED_SIGNAL_BYTES);
const _: () = assert!(TSEAL_MAX_SYMBOL_BYTES == MAX_SYMBOL_BYTES);
const _: () = assert!(TSEAL_SUBSCRIPTION_ID_TEXT_BYTES == SUBSCRIPTION_ID_TEXT_BYTES);

/// `TSEAL_MAX_SIGNED_SIGNAL_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_max_signed_signal_bytes() -> usize {
    ffi_boundary! { TSEAL_MAX_SIGNED_SIGNAL_BYTES }
}

/// `TSEAL_MAX_SYMBOL_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_max_symbol_bytes() -> usize {
    ffi_boundary! { TSEAL_MAX_SYMBOL_BYTES }
}

/// `TSEAL_SUBSCRIPTION_ID_TEXT_BYTES`.
#[no_mangle]
pub extern "C" fn tseal_subscription_id_text_bytes() -> usize {
    ffi_boundary! { TSEAL_SUBSCRIPTION_ID_TEXT_BYTES }
}

/// `value` rounded to `decimals` places exactly like C `printf("%.*f")`, as units of `10^-decimals` in
/// `*units`. `TSEAL_INVALID_NUMBER` for NaN, infinities, negative values and values that do not fit.
#[no_mangle]
pub extern "C" fn tseal_decimal_from_f64(value: f64, decimals: u8, units: *mut i64) -> tseal_status {
    ffi_boundary! {
        let units = c_args!(try_mut(units));
        *units = Decimal::from_f64(value, decimals)?.units();
        Ok(())
    }
}

/// The MT5 name of `order_type` without its `ORDER_TYPE_` prefix (`"BUY_LIMIT"`; UTF-8, no NUL) into
/// `out`; `TSEAL_INVALID_ORDER_TYPE` for a value that is not an order type.
#[no_mangle]
pub extern "C" fn tseal_order_type_name(order_type: u8, out: *mut u8, out_len: *mut usize) -> tseal_status {
    ffi_boundary! {
        let out = c_args!(try_out(out, out_len));
        out.write(OrderType::try_from(order_type)?.name().as_bytes())
    }
}

/// The order type named exactly `name` (as `tseal_order_type_name` writes it) in `*order_type`, or
/// `TSEAL_INVALID_ORDER_TYPE`.
#[no_mangle]
pub extern "C" fn tseal_order_type_parse(
    name: *const u8,
    name_len: usize,
    order_type: *mut u8,
) -> tseal_status {
    ffi_boundary! {
        let (name, order_type) = c_args!(try_str(name, name_len), try_mut(order_type));
        *order_type = name.parse::<OrderType>()? as u8;
        Ok(())
    }
}

/// `TSEAL_OK` when `symbol` is a valid symbol (1 to `TSEAL_MAX_SYMBOL_BYTES` bytes of UTF-8 without control
/// characters), else `TSEAL_INVALID_SYMBOL`.
#[no_mangle]
pub extern "C" fn tseal_symbol_check(symbol: *const u8, symbol_len: usize) -> tseal_status {
    ffi_boundary! {
        let symbol = c_args!(try_slice(symbol, symbol_len));
        Symbol::from_utf8(symbol).map(drop)
    }
}

/// Signs a trading signal with the keyring's primary key into `out` (at most
/// `TSEAL_MAX_SIGNED_SIGNAL_BYTES`).
#[no_mangle]
pub extern "C" fn tseal_signal_sign(
    keyring: *const tseal_keyring,
    subscription_id: *const u8,
    subscription_id_len: usize,
    sequence: u64,
    generated_at_ms: u64,
    symbol: *const u8,
    symbol_len: usize,
    order_type: u8,
    volume_units: i64,
    volume_decimals: u8,
    price_units: i64,
    price_decimals: u8,
    out: *mut u8,
    out_len: *mut usize,
) -> tseal_status {
    ffi_boundary! {
        let (keyring, subscription_id, symbol, out) = c_args!(
            try_ref(keyring),
            try_str(subscription_id, subscription_id_len),
            try_slice(symbol, symbol_len),
            try_out(out, out_len),
        );
        let signal = Signal {
            subscription_id: subscription_id.parse()?,
            sequence,
            generated_at_ms,
            symbol: Symbol::from_utf8(symbol)?,
            order_type: OrderType::try_from(order_type)?,
            volume: Decimal::new(volume_units, volume_decimals)?,
            price: Decimal::new(price_units, price_decimals)?,
        };
        out.write_with(signal.signed_len(), |buf| signal.sign_into(&*keyring.read()?, buf))
    }
}

/// Verifies a signed signal and, only if it verifies, writes its fields: the key id, the subscription id
/// as text (`TSEAL_SUBSCRIPTION_ID_TEXT_BYTES`), the symbol (at most `TSEAL_MAX_SYMBOL_BYTES`) and the
/// numbers. Replay and price checks are the caller's next step.
#[no_mangle]
pub extern "C" fn tseal_signal_verify(
    keyring: *const tseal_keyring,
    signed_signal: *const u8,
    signed_signal_len: usize,
    key_id: *mut u32,
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
        let (keyring, signed, key_id) = c_args!(
            try_ref(keyring),
            try_slice(signed_signal, signed_signal_len),
            try_mut(key_id),
        );
        let fields = c_args!(SignalOut::new(
            subscription_id, subscription_id_len, sequence, generated_at_ms, symbol, symbol_len, order_type,
            volume_units, volume_decimals, price_units, price_decimals
        ));
        let verified = Signal::verify(&*keyring.read()?, signed)?;
        fields.write(&verified)?;
        *key_id = verified.key_id().ok_or(Error::Internal)?;
        Ok(())
    }
}

/// The C outputs of a verified signal (shared by `tseal_signal_verify` and `tseal_legacy_verify`).
pub(crate) struct SignalOut<'a> {
    subscription_id: OutBuf<'a>,
    sequence: &'a mut u64,
    generated_at_ms: &'a mut u64,
    symbol: OutBuf<'a>,
    order_type: &'a mut u8,
    volume_units: &'a mut i64,
    volume_decimals: &'a mut u8,
    price_units: &'a mut i64,
    price_decimals: &'a mut u8,
}

impl<'a> SignalOut<'a> {
    /// Checks every output pointer.
    ///
    /// # Safety
    /// Each `(buffer, len)` pair as in `try_out`, each scalar as in `try_mut`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) unsafe fn new(
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
    ) -> Result<Self, Error> {
        // SAFETY: forwarded from this function's contract.
        unsafe {
            Ok(SignalOut {
                subscription_id: try_out(subscription_id, subscription_id_len)?,
                sequence: try_mut(sequence)?,
                generated_at_ms: try_mut(generated_at_ms)?,
                symbol: try_out(symbol, symbol_len)?,
                order_type: try_mut(order_type)?,
                volume_units: try_mut(volume_units)?,
                volume_decimals: try_mut(volume_decimals)?,
                price_units: try_mut(price_units)?,
                price_decimals: try_mut(price_decimals)?,
            })
        }
    }

    /// Writes `signal` out; when a text buffer is too small, nothing is written.
    pub(crate) fn write(mut self, signal: &Signal<'_>) -> Result<(), Error> {
        let subscription_id = signal.subscription_id.to_string();
        let symbol = signal.symbol.as_str().as_bytes();
        let id_fits = self.subscription_id.fits(subscription_id.len());
        id_fits.and(self.symbol.fits(symbol.len()))?;
        self.subscription_id.write(subscription_id.as_bytes())?;
        self.symbol.write(symbol)?;
        (*self.sequence, *self.generated_at_ms) = (signal.sequence, signal.generated_at_ms);
        *self.order_type = signal.order_type as u8;
        (*self.volume_units, *self.volume_decimals) = (signal.volume.units(), signal.volume.decimals());
        (*self.price_units, *self.price_decimals) = (signal.price.units(), signal.price.decimals());
        Ok(())
    }
}

/// Parses a signed signal WITHOUT verifying it and writes the key id, subscription id (text,
/// `TSEAL_SUBSCRIPTION_ID_TEXT_BYTES`) and sequence number it claims, to pick the keyring and pre-check
/// replay before `tseal_signal_verify` (same parse errors). The values are unauthenticated: act on nothing
/// until the signal verifies.
#[no_mangle]
pub extern "C" fn tseal_signal_parse(
    signed_signal: *const u8,
    signed_signal_len: usize,
    key_id: *mut u32,
    subscription_id: *mut u8,
    subscription_id_len: *mut usize,
    sequence: *mut u64,
) -> tseal_status {
    ffi_boundary! {
        let (signed, key_id, subscription_id, sequence) = c_args!(
            try_slice(signed_signal, signed_signal_len),
            try_mut(key_id),
            try_out(subscription_id, subscription_id_len),
            try_mut(sequence),
        );
        let parsed = SignedSignal::parse(signed)?;
        subscription_id.write(parsed.subscription_id().to_string().as_bytes())?;
        (*key_id, *sequence) = (parsed.key_id(), parsed.sequence());
        Ok(())
    }
}
