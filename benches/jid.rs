//! JID parsing speed, ours against the `jid` crate 0.12 (xmpp-rs) on the
//! same inputs in the same run.
//!
//! ```text
//! cargo bench --bench jid -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! Each iteration parses every JID of one input set (so the figures are per
//! set, not per JID).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

/// Already-normalized ASCII: the common case on the wire.
const NORMALIZED_ASCII: &[&str] = &[
    "juliet@example.com",
    "romeo@montague.lit/orchard",
    "coven@chat.shakespeare.lit/thirdwitch",
    "example.com",
    "pubsub.example.org",
    "user.name+tag@xmpp.example.net/Conversations.a1b2c3",
];

/// ASCII that needs case folding.
const MIXED_CASE_ASCII: &[&str] = &[
    "Juliet@Example.COM",
    "ROMEO@Montague.Lit/Orchard",
    "Coven@Chat.Shakespeare.LIT/ThirdWitch",
    "EXAMPLE.COM",
    "PubSub.Example.org",
    "User.Name+Tag@XMPP.example.net/Conversations.A1B2C3",
];

/// Non-ASCII in every part.
const UNICODE: &[&str] = &[
    "fußball@example.com",
    "π@example.com/foo",
    "Σ@ελληνικά.example/Ρόδος",
    "ñandú@bücher.example/Téléphone",
    "例え@例え.テスト/端末",
    "ÅNGSTRÖM@Ünïcödé.example/Ⅳ",
];

fn bench(c: &mut Criterion) {
    for (name, inputs) in [
        ("normalized_ascii", NORMALIZED_ASCII),
        ("mixed_case_ascii", MIXED_CASE_ASCII),
        ("unicode", UNICODE),
    ] {
        // Both libraries must accept every input, or the comparison is moot.
        for s in inputs {
            assert!(xmpp_sansio::jid::Jid::new(s).is_ok(), "{s}");
            assert!(jid::Jid::new(s).is_ok(), "jid crate: {s}");
        }
        let mut group = c.benchmark_group(format!("jid_parse/{name}"));
        group.bench_function("xmpp-sansio", |b| {
            b.iter(|| {
                for s in inputs {
                    black_box(xmpp_sansio::jid::Jid::new(black_box(s)).ok());
                }
            })
        });
        group.bench_function("jid-0.12", |b| {
            b.iter(|| {
                for s in inputs {
                    black_box(jid::Jid::new(black_box(s)).ok());
                }
            })
        });
        group.finish();
    }
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench
}
criterion_main!(benches);
