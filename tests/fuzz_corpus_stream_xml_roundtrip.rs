//! Replays every file of `fuzz/corpus/stream_xml_roundtrip/` through the `stream_xml_roundtrip` fuzz body,
//! so that inputs the fuzzer found (and the seeds) are checked by
//! `cargo test`.

#[path = "../fuzz/bodies/stream_xml_roundtrip.rs"]
mod body;

mod common_fuzz;

#[test]
fn replay_corpus() {
    common_fuzz::replay("stream_xml_roundtrip", body::run);
}
