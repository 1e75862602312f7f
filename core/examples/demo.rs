//! `make demo`: a copier signs a trading signal; the receiver accepts it and rejects a tampered copy, one
//! signed with the wrong key and one naming a key it does not have, each with its error name.

use tradeseal::legacy::{self, LegacySignal};
use tradeseal::signal::{Signal, MAX_SIGNED_SIGNAL_BYTES};
use tradeseal::{hex, Decimal, Error, Keyring, MacKey, OrderType, Symbol, Verified};

fn row(case: &str, outcome: Result<Verified<Signal<'_>>, Error>) {
    let result = match outcome {
        Ok(v) => format!(
            "ACCEPTED  {} {} {} @ {} (seq {}, {})",
            v.order_type.name(),
            v.volume,
            v.symbol,
            v.price,
            v.sequence,
            v.key_id()
                .map_or("no key id".to_owned(), |id| format!("key {id}"))
        ),
        Err(e) => format!("REJECTED  {} ({})", e.name(), e),
    };
    println!("  {case:<38} {result}");
}

fn main() -> Result<(), Error> {
    // Sender and receiver share key 1 (in production it is provisioned out of band).
    let mut shared = [0u8; 32];
    tradeseal::rand::fill(&mut shared)?;
    let sender = Keyring::with_primary(1, MacKey::from_bytes(&shared)?);
    let receiver = Keyring::with_primary(1, MacKey::from_bytes(&shared)?);
    let legacy_key = MacKey::from_bytes(&shared)?;
    shared.fill(0);

    let signal = Signal {
        subscription_id: "6f9619ff-8b86-d011-b42d-00c04fc964ff".parse()?,
        sequence: 42,
        generated_at_ms: 1_700_000_000_000,
        symbol: Symbol::new("EURUSD")?,
        order_type: OrderType::Buy,
        volume: Decimal::from_f64(0.10, 2)?,
        price: Decimal::from_f64(1.08125, 5)?,
    };
    let mut buf = [0u8; MAX_SIGNED_SIGNAL_BYTES];
    let len = signal.sign_into(&sender, &mut buf)?;
    let packet = &buf[..len];

    println!(
        "tradeseal {} demo: trading signal v1 (docs/WIRE.md), HMAC-SHA256, key id 1",
        tradeseal::VERSION
    );
    println!("  packet ({len} bytes): {}", hex::encode(packet));
    println!();
    println!("  {:<38} result", "case");
    println!("  {:-<38} {:-<60}", "", "");

    row("signed by the sender, key 1", Signal::verify(&receiver, packet));

    let mut tampered = packet.to_vec();
    tampered[39 + 6 + 7] ^= 0x01; // the volume's last byte (docs/WIRE.md): 0.10 lots becomes 0.11
    row("volume changed in transit", Signal::verify(&receiver, &tampered));

    let forger = Keyring::with_primary(1, MacKey::generate()?);
    let forged = signal.sign(&forger)?;
    row(
        "signed with another key (same id 1)",
        Signal::verify(&receiver, &forged),
    );

    let rotated = Keyring::with_primary(2, MacKey::generate()?);
    let unknown = signal.sign(&rotated)?;
    row(
        "signed with key id 2 (not provisioned)",
        Signal::verify(&receiver, &unknown),
    );

    row("truncated packet", Signal::verify(&receiver, &packet[..len - 1]));

    println!();
    println!("  legacy text format (existing senders), printf(\"%.5f\") numbers:");
    let line = LegacySignal {
        subscription_id: signal.subscription_id,
        sequence: 43,
        generated_at_ms: 1_700_000_000_500,
        symbol: "EURUSD",
        order_type: OrderType::Sell,
        volume: 0.1,
        price: 1.08125,
    }
    .sign(&legacy_key)?;
    println!("  line:      {}", line.line);
    println!("  signature: {}", line.signature);
    row(
        "legacy line as sent",
        legacy::verify(&legacy_key, line.line.as_bytes(), &line.signature),
    );
    let edited = line.line.replace("|SELL|", "|BUY|");
    row(
        "legacy line with SELL changed to BUY",
        legacy::verify(&legacy_key, edited.as_bytes(), &line.signature),
    );
    Ok(())
}
