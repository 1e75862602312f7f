//! Signed trading signals: `Decimal`, `Signal` (the v1 binary packet) and the legacy text format.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::convert::{raise, to_uuid, Bytes, Int, OrderType, SubscriptionId};
use crate::mac::{Keyring, MacKey};

/// A non-negative fixed-point number ``units / 10**decimals`` (prices and volumes are never floats).
#[pyclass(frozen, eq, hash, name = "Decimal", module = "tradeseal._native")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal(pub tradeseal::Decimal);

#[pymethods]
impl Decimal {
    /// ``units / 10**decimals``; ``InvalidNumber`` when ``units`` is negative or ``decimals`` above 18.
    #[new]
    fn new(units: Int<i64>, decimals: Int<u8>) -> PyResult<Self> {
        tradeseal::Decimal::new(units.0, decimals.0)
            .map(Decimal)
            .map_err(raise)
    }

    /// ``value`` rounded to ``decimals`` places exactly as C ``printf("%.*f")`` prints it.
    #[staticmethod]
    fn from_float(value: f64, decimals: Int<u8>) -> PyResult<Self> {
        tradeseal::Decimal::from_f64(value, decimals.0)
            .map(Decimal)
            .map_err(raise)
    }

    /// Parses the canonical text ``str()`` prints (``"1.08125"``); anything else is ``InvalidNumber``.
    #[staticmethod]
    fn parse(text: &str) -> PyResult<Self> {
        text.parse().map(Decimal).map_err(raise)
    }

    /// The integer count of ``10**-decimals`` units.
    #[getter]
    fn units(&self) -> i64 {
        self.0.units()
    }

    /// The number of decimals (0 to 18).
    #[getter]
    fn decimals(&self) -> u8 {
        self.0.decimals()
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("Decimal('{}')", self.0)
    }
}

/// A trading signal: copy this order for this subscription. Its fields are checked when it is made.
///
/// ``key_id`` is the id of the key that verified it (``None`` for a signal built here or read from the
/// legacy format, which carries no key id).
#[pyclass(frozen, eq, name = "Signal", module = "tradeseal._native")]
#[derive(PartialEq)]
pub struct Signal {
    subscription_id: tradeseal::SubscriptionId,
    sequence: u64,
    generated_at_ms: u64,
    symbol: String,
    order_type: tradeseal::OrderType,
    volume: tradeseal::Decimal,
    price: tradeseal::Decimal,
    key_id: Option<u32>,
}

impl Signal {
    fn core(&self) -> PyResult<tradeseal::signal::Signal<'_>> {
        Ok(tradeseal::signal::Signal {
            subscription_id: self.subscription_id,
            sequence: self.sequence,
            generated_at_ms: self.generated_at_ms,
            symbol: tradeseal::Symbol::new(&self.symbol).map_err(raise)?,
            order_type: self.order_type,
            volume: self.volume,
            price: self.price,
        })
    }

    /// A Python signal from a verified core one.
    pub fn verified(verified: tradeseal::Verified<tradeseal::signal::Signal<'_>>) -> Self {
        let signal = verified.message();
        Signal {
            subscription_id: signal.subscription_id,
            sequence: signal.sequence,
            generated_at_ms: signal.generated_at_ms,
            symbol: signal.symbol.as_str().to_owned(),
            order_type: signal.order_type,
            volume: signal.volume,
            price: signal.price,
            key_id: verified.key_id(),
        }
    }
}

#[pymethods]
impl Signal {
    /// A signal; ``InvalidSymbol`` / ``InvalidOrderType`` / ``InvalidUuid`` for fields the format refuses.
    #[new]
    #[pyo3(signature = (subscription_id, sequence, generated_at_ms, symbol, order_type, volume, price))]
    fn new(
        subscription_id: SubscriptionId,
        sequence: Int<u64>,
        generated_at_ms: Int<u64>,
        symbol: String,
        order_type: OrderType,
        volume: PyRef<'_, Decimal>,
        price: PyRef<'_, Decimal>,
    ) -> PyResult<Self> {
        tradeseal::Symbol::new(&symbol).map_err(raise)?;
        Ok(Signal {
            subscription_id: subscription_id.0,
            sequence: sequence.0,
            generated_at_ms: generated_at_ms.0,
            symbol,
            order_type: order_type.0,
            volume: volume.0,
            price: price.0,
            key_id: None,
        })
    }

    /// The signed v1 packet, made with the keyring's primary key (``NoPrimaryKey`` if it has none).
    fn sign<'py>(&self, py: Python<'py>, keyring: PyRef<'_, Keyring>) -> PyResult<Bound<'py, PyBytes>> {
        let packet = self.core()?.sign(&keyring.read()).map_err(raise)?;
        Ok(PyBytes::new(py, &packet))
    }

    /// Verifies a v1 packet with the key its key id names, then checks its fields.
    ///
    /// Raises ``UnknownKey``, ``InvalidSignature``, or a ``FormatError`` (``Truncated``,
    /// ``UnsupportedVersion``, ``Malformed``, ``InvalidSymbol``, ...).
    #[staticmethod]
    fn verify(keyring: PyRef<'_, Keyring>, packet: Bytes<'_>) -> PyResult<Self> {
        let verified = tradeseal::signal::Signal::verify(&keyring.read(), &packet).map_err(raise)?;
        Ok(Signal::verified(verified))
    }

    /// ``(key_id, subscription_id, sequence)`` of a packet whose structure parses, WITHOUT checking its
    /// tag: only for choosing the keyring (or a cheap replay pre-check) before ``verify``.
    #[staticmethod]
    fn parse_unverified<'py>(py: Python<'py>, packet: Bytes<'_>) -> PyResult<(u32, Bound<'py, PyAny>, u64)> {
        let parsed = tradeseal::signal::SignedSignal::parse(&packet).map_err(raise)?;
        Ok((
            parsed.key_id(),
            to_uuid(py, &parsed.subscription_id())?,
            parsed.sequence(),
        ))
    }

    /// The subscription the signal belongs to.
    #[getter]
    fn subscription_id<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_uuid(py, &self.subscription_id)
    }

    /// The sender's sequence number within the subscription.
    #[getter]
    fn sequence(&self) -> u64 {
        self.sequence
    }

    /// When the signal was generated, in milliseconds since the Unix epoch.
    #[getter]
    fn generated_at_ms(&self) -> u64 {
        self.generated_at_ms
    }

    /// The traded symbol.
    #[getter]
    fn symbol(&self) -> &str {
        &self.symbol
    }

    /// The MT5 order type name without its ``ORDER_TYPE_`` prefix (``"BUY_LIMIT"``).
    #[getter]
    fn order_type(&self) -> &'static str {
        self.order_type.name()
    }

    /// The volume, in lots.
    #[getter]
    fn volume(&self) -> Decimal {
        Decimal(self.volume)
    }

    /// The price.
    #[getter]
    fn price(&self) -> Decimal {
        Decimal(self.price)
    }

    /// The id of the key that verified this signal, if it came from ``verify``.
    #[getter]
    fn key_id(&self) -> Option<u32> {
        self.key_id
    }

    fn __repr__(&self) -> String {
        format!(
            "Signal(subscription_id='{}', sequence={}, generated_at_ms={}, symbol={:?}, order_type='{}', \
             volume=Decimal('{}'), price=Decimal('{}'), key_id={})",
            self.subscription_id,
            self.sequence,
            self.generated_at_ms,
            self.symbol,
            self.order_type.name(),
            self.volume,
            self.price,
            self.key_id.map_or_else(|| "None".to_owned(), |id| id.to_string()),
        )
    }
}

/// Signs a signal in the legacy text format; returns ``(line, signature)`` (signature: lowercase hex).
///
/// Volume and price are printed as C ``printf("%.5f")`` prints them. Raises ``ForbiddenCharacter`` for
/// ``|``, CR or LF in the symbol, ``InvalidSymbol``, and ``InvalidNumber`` for NaN, infinite or negative
/// numbers.
#[pyfunction]
#[pyo3(signature = (key, subscription_id, sequence, generated_at_ms, symbol, order_type, volume, price))]
#[allow(clippy::too_many_arguments)]
pub fn legacy_sign(
    key: PyRef<'_, MacKey>,
    subscription_id: SubscriptionId,
    sequence: Int<u64>,
    generated_at_ms: Int<u64>,
    symbol: &str,
    order_type: OrderType,
    volume: f64,
    price: f64,
) -> PyResult<(String, String)> {
    let signal = tradeseal::legacy::LegacySignal {
        subscription_id: subscription_id.0,
        sequence: sequence.0,
        generated_at_ms: generated_at_ms.0,
        symbol,
        order_type: order_type.0,
        volume,
        price,
    };
    let signed = signal.sign(key.inner()).map_err(raise)?;
    Ok((signed.line, signed.signature))
}

/// Verifies ``signature`` (64 hex digits, either case) over the exact bytes of a legacy ``line``, then
/// parses it into a ``Signal`` (volume and price with 5 decimals, ``key_id`` None).
#[pyfunction]
pub fn legacy_verify(key: PyRef<'_, MacKey>, line: Bytes<'_>, signature: &str) -> PyResult<Signal> {
    let verified = tradeseal::legacy::verify(key.inner(), &line, signature).map_err(raise)?;
    Ok(Signal::verified(verified))
}
