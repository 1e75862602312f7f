//! Noise: a full XX handshake and a 64-byte transport write+read, each next to snow used directly (same
//! build, same ring-accelerated resolver), so the cost of the state machine, limits and peer check shows.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use tradeseal::noise::{
    Limits, NoiseBuilder, NoiseProtocol, NoiseSession, StaticKeypair, NOISE_MAX_MESSAGE_BYTES,
};

const NAME: &str = "Noise_XX_25519_ChaChaPoly_SHA256";
const NOW: u64 = 1;

fn limits() -> Limits {
    // Unbounded age and count so the benchmark loop never expires; rekey stays on (every 100 messages).
    Limits {
        max_age_ms: u64::MAX,
        max_messages: u64::MAX,
        ..Limits::default()
    }
}

fn ours(local: &StaticKeypair, peer: &StaticKeypair, initiator: bool) -> NoiseSession {
    let mut b = NoiseBuilder::new(NoiseProtocol::default());
    b.local_keypair(local)
        .unwrap()
        .allow_peer(peer.public())
        .unwrap()
        .limits(limits())
        .unwrap();
    if initiator {
        b.build_initiator(NOW).unwrap()
    } else {
        b.build_responder(NOW).unwrap()
    }
}

fn ours_handshake(
    a: &StaticKeypair,
    b: &StaticKeypair,
    buf: &mut [u8],
    out: &mut [u8],
) -> (NoiseSession, NoiseSession) {
    let (mut i, mut r) = (ours(a, b, true), ours(b, a, false));
    for step in 0..3 {
        let (from, to) = if step % 2 == 0 {
            (&mut i, &mut r)
        } else {
            (&mut r, &mut i)
        };
        let n = from.write_message(NOW, &[], buf).unwrap();
        to.read_message(NOW, &buf[..n], out).unwrap();
    }
    (i, r)
}

fn snow_builder(key: &[u8]) -> snow::Builder<'_> {
    snow::Builder::new(NAME.parse().unwrap())
        .local_private_key(key)
        .unwrap()
}

fn snow_handshake(
    a: &[u8],
    b: &[u8],
    buf: &mut [u8],
    out: &mut [u8],
) -> (snow::TransportState, snow::TransportState) {
    let (mut i, mut r) = (
        snow_builder(a).build_initiator().unwrap(),
        snow_builder(b).build_responder().unwrap(),
    );
    for step in 0..3 {
        let (from, to) = if step % 2 == 0 {
            (&mut i, &mut r)
        } else {
            (&mut r, &mut i)
        };
        let n = from.write_message(&[], buf).unwrap();
        to.read_message(&buf[..n], out).unwrap();
    }
    (i.into_transport_mode().unwrap(), r.into_transport_mode().unwrap())
}

fn bench(c: &mut Criterion) {
    let (a, b) = (
        StaticKeypair::generate().unwrap(),
        StaticKeypair::generate().unwrap(),
    );
    let mut buf = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let mut out = vec![0u8; NOISE_MAX_MESSAGE_BYTES];
    let payload = [0x42u8; 64];

    let mut g = c.benchmark_group("noise_xx_handshake");
    g.bench_function("tradeseal", |bench| {
        bench.iter(|| ours_handshake(&a, &b, &mut buf, &mut out))
    });
    g.bench_function("snow", |bench| {
        bench.iter(|| snow_handshake(a.private_bytes(), b.private_bytes(), &mut buf, &mut out))
    });
    g.finish();

    let mut g = c.benchmark_group("noise_transport_64B_write_read");
    let (mut i, mut r) = ours_handshake(&a, &b, &mut buf, &mut out);
    g.bench_function("tradeseal", |bench| {
        bench.iter(|| {
            let n = i.write_message(NOW, black_box(&payload), &mut buf).unwrap();
            r.read_message(NOW, &buf[..n], &mut out).unwrap()
        })
    });
    let (mut i, mut r) = snow_handshake(a.private_bytes(), b.private_bytes(), &mut buf, &mut out);
    g.bench_function("snow", |bench| {
        bench.iter(|| {
            let n = i.write_message(black_box(&payload), &mut buf).unwrap();
            r.read_message(&buf[..n], &mut out).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
