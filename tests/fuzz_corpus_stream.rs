//! Replays every file of `fuzz/corpus/stream/` through the `stream` fuzz body,
//! so that inputs the fuzzer found (and the seeds) are checked by
//! `cargo test`.

#[path = "../fuzz/bodies/stream.rs"]
mod body;

mod common_fuzz;

#[test]
fn replay_corpus() {
    common_fuzz::replay("stream", body::run);
}
