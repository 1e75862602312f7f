//! Sealing and opening into caller buffers, Ed25519 signing and verifying, and HKDF allocate nothing: a
//! counting global allocator around each call. (The allocator needs `unsafe impl GlobalAlloc`; the library
//! itself forbids unsafe code.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use tradeseal::aead::{Algorithm, LessSafeKey, SealingKey};
use tradeseal::ed25519::{SigningKey, VerifyingKey};
use tradeseal::{envelope, kdf, Keyring};

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
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = f();
    (ALLOCATIONS.with(Cell::get) - before, result)
}

#[test]
fn the_counter_sees_allocations() {
    assert!(
        allocations(|| vec![0u8; 10]).0 >= 1,
        "a Vec must count, or the other tests prove nothing"
    );
}

#[test]
fn aead_seal_and_open_into_caller_buffers_allocate_nothing() {
    let message = [0x5a; 1024];
    let (mut sealed, mut plain) = ([0u8; 2048], [0u8; 2048]);
    for &algorithm in Algorithm::ALL {
        let key = SealingKey::generate(algorithm).unwrap();
        let (n, written) = allocations(|| key.seal_into(b"ad", &message, &mut sealed));
        assert_eq!(n, 0, "{algorithm:?} SealingKey::seal_into");
        let written = written.unwrap();
        let (n, opened) = allocations(|| key.open_into(b"ad", &sealed[..written], &mut plain));
        assert_eq!(
            (n, opened),
            (0, Ok(message.len())),
            "{algorithm:?} SealingKey::open_into"
        );
        sealed[written - 1] ^= 1;
        let (n, failed) = allocations(|| key.open_into(b"ad", &sealed[..written], &mut plain));
        assert_eq!((n, failed.is_err()), (0, true), "{algorithm:?} failed open");
        let (n, in_place) = allocations(|| key.seal_in_place(b"ad", &mut sealed[..written]));
        assert_eq!(
            (n, in_place),
            (0, Ok(())),
            "{algorithm:?} SealingKey::seal_in_place"
        );

        let less = LessSafeKey::from_bytes(algorithm, &[9; 32]).unwrap();
        let nonce = [3u8; 24];
        let nonce = &nonce[..algorithm.nonce_len()];
        let (n, written) = allocations(|| less.seal_into(nonce, b"", &message, &mut sealed));
        assert_eq!(n, 0, "{algorithm:?} LessSafeKey::seal_into");
        let (n, opened) = allocations(|| less.open_into(nonce, b"", &sealed[..written.unwrap()], &mut plain));
        assert_eq!(
            (n, opened),
            (0, Ok(message.len())),
            "{algorithm:?} LessSafeKey::open_into"
        );
    }
}

#[test]
fn envelope_seal_and_open_into_caller_buffers_allocate_nothing() {
    let mut ring = Keyring::new();
    for (id, &algorithm) in (1..).zip(Algorithm::ALL) {
        ring.insert(id, SealingKey::generate(algorithm).unwrap()).unwrap();
    }
    let (mut env, mut plain) = ([0u8; 2048], [0u8; 2048]);
    let aad = [7u8; envelope::MAX_AAD_BYTES];
    for id in 1..=3 {
        ring.promote(id).unwrap();
        let (n, written) = allocations(|| envelope::seal_into(&ring, &aad, &[1; 1000], &mut env));
        assert_eq!(n, 0, "key {id}: envelope::seal_into");
        let (n, opened) =
            allocations(|| envelope::open_into(&ring, &aad, &env[..written.unwrap()], &mut plain));
        assert_eq!((n, opened), (0, Ok(1000)), "key {id}: envelope::open_into");
    }
}

#[test]
fn ed25519_and_hkdf_allocate_nothing() {
    let signer = SigningKey::from_seed(&[5; 32]).unwrap();
    let public = VerifyingKey::from_bytes(signer.public_key()).unwrap();
    let (n, signature) = allocations(|| signer.sign(b"audit record"));
    assert_eq!(n, 0, "SigningKey::sign");
    let (n, verified) = allocations(|| public.verify(b"audit record", &signature));
    assert_eq!((n, verified), (0, Ok(())), "VerifyingKey::verify");

    let master = kdf::MasterKey::from_bytes(&[1; 32]).unwrap();
    let mut okm = [0u8; 100];
    let (n, derived) = allocations(|| master.derive_into("label", b"channel", &mut okm));
    assert_eq!((n, derived), (0, Ok(())), "MasterKey::derive_into");
}
