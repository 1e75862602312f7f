//! Property tests: every encoder round-trips through its decoder, any flipped bit is rejected, and no
//! input makes a decoder panic.

use proptest::prelude::*;
use tradeseal::frame::{Frame, SignedFrame};
use tradeseal::legacy::{self, LegacySignal};
use tradeseal::request::Request;
use tradeseal::signal::Signal;
use tradeseal::{Decimal, Keyring, MacKey, OrderType, SubscriptionId, Symbol};

fn ring() -> Keyring<MacKey> {
    Keyring::with_primary(0xdead_beef, MacKey::from_bytes(&[0x33; 32]).unwrap())
}

fn decimal() -> impl Strategy<Value = Decimal> {
    (0..=i64::MAX, 0..=18u8).prop_map(|(units, decimals)| Decimal::new(units, decimals).unwrap())
}

fn order_type() -> impl Strategy<Value = OrderType> {
    proptest::sample::select(OrderType::ALL)
}

proptest! {
    #[test]
    fn decimal_text_round_trips(d in decimal()) {
        prop_assert_eq!(d.to_string().parse::<Decimal>(), Ok(d));
    }

    #[test]
    fn signal_round_trips_and_every_bit_matters(
        id in any::<[u8; 16]>(), sequence in any::<u64>(), at in any::<u64>(), symbol in "[A-Za-z0-9.€_-]{1,10}",
        order in order_type(), volume in decimal(), price in decimal(), bit in any::<prop::sample::Index>(),
    ) {
        let signal = Signal {
            subscription_id: SubscriptionId::from_bytes(id), sequence, generated_at_ms: at,
            symbol: Symbol::new(&symbol).unwrap(), order_type: order, volume, price,
        };
        let mut bytes = signal.sign(&ring()).unwrap();
        let verified = Signal::verify(&ring(), &bytes).unwrap();
        prop_assert_eq!(verified.key_id(), Some(0xdead_beef));
        prop_assert_eq!(*verified.message(), signal);
        prop_assert_eq!(id.to_vec(), SubscriptionId::from_bytes(id).to_string().parse::<SubscriptionId>().unwrap().as_bytes().to_vec());
        let i = bit.index(bytes.len() * 8);
        bytes[i / 8] ^= 1 << (i % 8);
        prop_assert!(Signal::verify(&ring(), &bytes).is_err());
    }

    #[test]
    fn frame_round_trips_and_every_bit_matters(
        stream_id in any::<u64>(), sequence in any::<u64>(), timestamp_ns in any::<u64>(),
        payload in proptest::collection::vec(any::<u8>(), 0..300), bit in any::<prop::sample::Index>(),
    ) {
        let frame = Frame { stream_id, sequence, timestamp_ns, payload: &payload };
        let mut bytes = frame.sign(&ring()).unwrap();
        prop_assert_eq!(*Frame::verify(&ring(), &bytes).unwrap(), frame);
        prop_assert_eq!(SignedFrame::parse(&bytes).unwrap().stream_id(), stream_id);
        let i = bit.index(bytes.len() * 8);
        bytes[i / 8] ^= 1 << (i % 8);
        prop_assert!(Frame::verify(&ring(), &bytes).is_err());
    }

    #[test]
    fn legacy_round_trips_with_printf_numbers(
        id in any::<[u8; 16]>(), sequence in any::<u64>(), at in any::<u64>(), symbol in "[A-Za-z0-9.€_-]{1,10}",
        order in order_type(), volume in 0.0..1e9f64, price in 0.0..1e13f64,
    ) {
        let key = MacKey::from_bytes(&[9; 32]).unwrap();
        let signal = LegacySignal {
            subscription_id: SubscriptionId::from_bytes(id), sequence, generated_at_ms: at, symbol: &symbol,
            order_type: order, volume, price,
        };
        let signed = signal.sign(&key).unwrap();
        let suffix = format!("|{}|{volume:.5}|{price:.5}", order.name());
        prop_assert!(signed.line.ends_with(&suffix));
        let verified = legacy::verify(&key, signed.line.as_bytes(), &signed.signature).unwrap();
        prop_assert_eq!(verified.volume, Decimal::from_f64(volume, 5).unwrap());
        prop_assert_eq!(verified.price, Decimal::from_f64(price, 5).unwrap());
        prop_assert_eq!(verified.symbol.as_str(), symbol.as_str());
        prop_assert_eq!((verified.sequence, verified.generated_at_ms, verified.order_type), (sequence, at, order));
    }

    #[test]
    fn request_round_trips(
        method in "[A-Z]{1,16}", path in "/[a-z0-9/?=&%.]{0,40}", timestamp in any::<u64>(),
        nonce in "[!-~]{1,64}", body in proptest::collection::vec(any::<u8>(), 0..100),
    ) {
        let key = MacKey::from_bytes(&[5; 32]).unwrap();
        let request = Request { method: &method, path: &path, timestamp_ms: timestamp, nonce: &nonce, body: &body };
        let headers = request.sign("api", &key).unwrap();
        let received = Request::from_headers(&method, &path, &headers.timestamp, &headers.nonce, &body).unwrap();
        prop_assert_eq!(received, request);
        prop_assert!(received.verify(&key, &headers.signature).is_ok());
    }

    #[test]
    fn decoders_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200), text in "\\PC{0,80}") {
        let ring = ring();
        let _ = Signal::verify(&ring, &bytes);
        let _ = Frame::verify(&ring, &bytes);
        let _ = legacy::verify(ring.get(0xdead_beef).unwrap(), &bytes, &text);
        let _ = text.parse::<Decimal>();
        let _ = text.parse::<SubscriptionId>();
        let _ = text.parse::<OrderType>();
    }
}
