//! Python bindings of tradeseal: the native module `tradeseal._native`.
//!
//! Thin by design: argument conversion (`convert`) and error mapping, then one call into the core.
//! Exceptions are defined in Python (`tradeseal/exceptions.py`); the public modules re-export this one.

mod convert;
mod crypto;
mod frame;
mod guards;
mod keyring;
mod mac;
mod noise;
mod replay;
mod request;
mod signal;
mod verifiers;

use pyo3::prelude::*;

/// Every core error as ``(code, name)``, in code order (``tradeseal.exceptions`` is checked against it).
#[pyfunction]
fn errors() -> Vec<(i32, &'static str)> {
    tradeseal::Error::ALL
        .iter()
        .map(|e| (e.code(), e.name()))
        .collect()
}

/// The native module `tradeseal._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", tradeseal::VERSION)?;
    m.add("MAC_KEY_BYTES", tradeseal::MAC_KEY_BYTES)?;
    m.add("MAC_TAG_BYTES", tradeseal::MAC_TAG_BYTES)?;
    m.add_function(wrap_pyfunction!(errors, m)?)?;
    m.add_class::<mac::MacKey>()?;
    m.add_class::<mac::Keyring>()?;
    m.add_class::<signal::Decimal>()?;
    m.add_class::<signal::Signal>()?;
    m.add_function(wrap_pyfunction!(signal::legacy_sign, m)?)?;
    m.add_function(wrap_pyfunction!(signal::legacy_verify, m)?)?;
    m.add_class::<frame::Frame>()?;
    m.add_class::<request::Request>()?;
    m.add_class::<replay::CheckedSeq>()?;
    m.add_class::<replay::ReplayWindow>()?;
    m.add_class::<replay::GapTracker>()?;
    m.add_class::<replay::Admission>()?;
    m.add_class::<replay::StreamGuard>()?;
    m.add_class::<replay::TimeWindow>()?;
    m.add_class::<replay::ClockOffset>()?;
    m.add_class::<guards::NonceCache>()?;
    m.add_class::<guards::RateLimiter>()?;
    m.add_class::<guards::PriceGuard>()?;
    m.add_class::<verifiers::SignalVerifier>()?;
    m.add_class::<verifiers::RequestVerifier>()?;
    m.add_class::<crypto::SealingKey>()?;
    m.add_class::<crypto::LessSafeKey>()?;
    m.add_class::<crypto::SealingKeyring>()?;
    m.add_function(wrap_pyfunction!(crypto::hkdf_extract, m)?)?;
    m.add_function(wrap_pyfunction!(crypto::hkdf_expand, m)?)?;
    m.add_function(wrap_pyfunction!(crypto::argon2id, m)?)?;
    m.add_class::<crypto::MasterKey>()?;
    m.add_class::<crypto::SigningKey>()?;
    m.add_class::<crypto::VerifyingKey>()?;
    noise::register(m)?;
    Ok(())
}
