//! Replays `fuzz/corpus/jid/` through the `jid` fuzz body, so that every
//! input the fuzzer kept (and every crash once fixed) stays checked.

#[path = "../fuzz/bodies/jid.rs"]
mod body;

mod common_fuzz;

#[test]
fn replay_jid_corpus() {
    common_fuzz::replay("jid", body::run);
}
