//! Replay-window and guard benchmarks: `cargo bench -p tradeseal --bench replay`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use tradeseal::ReplayWindow;

fn replay_check(c: &mut Criterion) {
    let mut window = ReplayWindow::default();
    for seq in 1..=2_000 {
        window.commit(window.check(seq).expect("fresh")).expect("commit");
    }
    c.bench_function("replay/check fresh", |b| {
        b.iter(|| window.check(black_box(2_001)))
    });
    c.bench_function("replay/check duplicate", |b| {
        b.iter(|| window.check(black_box(1_500)))
    });
    c.bench_function("replay/check+commit in order", |b| {
        let mut window = ReplayWindow::default();
        let mut seq = 0u64;
        b.iter(|| {
            seq += 1;
            window
                .commit(window.check(black_box(seq)).expect("fresh"))
                .expect("commit");
        })
    });
}

criterion_group!(benches, replay_check);
criterion_main!(benches);
