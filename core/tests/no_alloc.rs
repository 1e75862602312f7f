//! Hot paths allocate nothing: a counting global allocator around signing and verifying into caller
//! buffers. (The allocator needs `unsafe impl GlobalAlloc`; the library itself forbids unsafe code.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use tradeseal::frame::Frame;
use tradeseal::legacy::{self, LegacySignal, LEGACY_SIGNATURE_HEX_BYTES, MAX_LEGACY_LINE_BYTES};
use tradeseal::request::Request;
use tradeseal::signal::{Signal, MAX_SIGNED_SIGNAL_BYTES};
use tradeseal::{Decimal, Keyring, MacKey, OrderType, SubscriptionId, Symbol};

thread_local! {
    /// Allocations made by this thread (other test threads do not disturb the count).
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

struct Counting;

// SAFETY: forwards every call unchanged to the system allocator; only counts on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns how many allocations it made on this thread.
fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn signing_and_verifying_into_caller_buffers_allocate_nothing() {
    let ring = Keyring::with_primary(1, MacKey::from_bytes(&[7; 32]).unwrap());
    let key = ring.get(1).unwrap();
    let message = [0x5a; 1024];

    let mut tag = [0u8; 32];
    assert_eq!(allocations(|| tag = key.sign(&message)), 0, "MacKey::sign");
    assert_eq!(
        allocations(|| key.verify(&message, &tag).unwrap()),
        0,
        "MacKey::verify"
    );

    let mut buf = [0u8; MAX_SIGNED_SIGNAL_BYTES];
    let mut len = 0;
    let n = allocations(|| {
        let signal = Signal {
            subscription_id: SubscriptionId::from_bytes([1; 16]),
            sequence: 1,
            generated_at_ms: 2,
            symbol: Symbol::new("EURUSD").unwrap(),
            order_type: OrderType::Buy,
            volume: Decimal::from_f64(0.1, 2).unwrap(),
            price: Decimal::from_f64(1.08125, 5).unwrap(),
        };
        len = signal.sign_into(&ring, &mut buf).unwrap();
    });
    assert_eq!(n, 0, "Decimal::from_f64 + Signal::sign_into");
    assert_eq!(
        allocations(|| assert_eq!(Signal::verify(&ring, &buf[..len]).unwrap().sequence, 1)),
        0
    );

    let mut frame_buf = [0u8; 2048];
    let frame = Frame {
        stream_id: 1,
        sequence: 2,
        timestamp_ns: 3,
        payload: &message,
    };
    assert_eq!(
        allocations(|| len = frame.sign_into(&ring, &mut frame_buf).unwrap()),
        0,
        "Frame::sign_into"
    );
    assert_eq!(
        allocations(|| assert_eq!(Frame::verify(&ring, &frame_buf[..len]).unwrap().sequence, 2)),
        0
    );

    let mut line = [0u8; MAX_LEGACY_LINE_BYTES];
    let mut signature = [0u8; LEGACY_SIGNATURE_HEX_BYTES];
    let legacy_signal = LegacySignal {
        subscription_id: SubscriptionId::from_bytes([1; 16]),
        sequence: 1,
        generated_at_ms: 2,
        symbol: "EURUSD",
        order_type: OrderType::Sell,
        volume: 0.1,
        price: 1.7976931348623157e308,
    };
    let n = allocations(|| len = legacy_signal.sign_into(key, &mut line, &mut signature).unwrap());
    assert_eq!(n, 0, "LegacySignal::sign_into");
    let signature = core::str::from_utf8(&signature).unwrap();
    let n = allocations(|| assert!(legacy::verify(key, &line[..len], signature).is_err())); // price too large
    assert_eq!(n, 0, "legacy::verify");

    let request = Request {
        method: "POST",
        path: "/order",
        timestamp_ms: 1,
        nonce: "n",
        body: &message,
    };
    let mut hex = [0u8; 64];
    assert_eq!(
        allocations(|| request.signature_into(key, &mut hex).unwrap()),
        0,
        "Request::signature_into"
    );
    let hex = core::str::from_utf8(&hex).unwrap();
    assert_eq!(
        allocations(|| assert!(request.verify(key, hex).is_ok())),
        0,
        "Request::verify"
    );
}

#[test]
fn the_counter_counts() {
    assert!(allocations(|| drop(std::hint::black_box(vec![1u8; 10]))) >= 1);
}

#[test]
fn replay_checks_and_the_signal_pipeline_allocate_nothing() {
    use tradeseal::guard::{Guard, GuardConfig};
    use tradeseal::signal_verifier::{SignalPolicy, SignalVerifier};
    use tradeseal::ReplayWindow;

    let mut window = ReplayWindow::default();
    let n = allocations(|| {
        for seq in [5, 3, 2_000, 1_990] {
            window.commit(window.check(seq).unwrap()).unwrap();
        }
        assert!(window.check(3).is_err());
    });
    assert_eq!(n, 0, "ReplayWindow check + commit");

    let ring = Keyring::with_primary(1, MacKey::from_bytes(&[7; 32]).unwrap());
    let now = 1_700_000_000_000;
    let packet = |sequence| {
        let signal = Signal {
            subscription_id: SubscriptionId::from_bytes([1; 16]),
            sequence,
            generated_at_ms: now,
            symbol: Symbol::new("EURUSD").unwrap(),
            order_type: OrderType::Buy,
            volume: Decimal::new(10, 2).unwrap(),
            price: Decimal::new(108_125, 5).unwrap(),
        };
        signal.sign(&ring).unwrap()
    };
    let verifier = SignalVerifier::new(
        SignalPolicy::default(),
        Guard::new(GuardConfig::default()).unwrap(),
    );
    verifier.verify(&ring, &packet(1), now).unwrap(); // the stream's first message creates it (allocates)
    let (second, third) = (packet(2), packet(4));
    let n = allocations(|| {
        verifier.verify(&ring, &second, now).unwrap();
        verifier.verify(&ring, &third, now).unwrap(); // opens a gap: still no allocation
        assert!(verifier.verify(&ring, &second, now).is_err());
    });
    assert_eq!(n, 0, "SignalVerifier::verify on a known stream");
}
