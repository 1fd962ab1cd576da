//! Replays every file of `fuzz/corpus/sasl_client/` through the fuzz body, so a crash
//! found once stays fixed.

#[path = "../fuzz/bodies/sasl_client.rs"]
mod body;

mod common_fuzz;

#[test]
fn replay_corpus() {
    common_fuzz::replay("sasl_client", body::run);
}
