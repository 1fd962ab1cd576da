//! Replays every file of `fuzz/corpus/sasl_server/` through the fuzz body, so a crash
//! found once stays fixed.

#[path = "../fuzz/bodies/sasl_server.rs"]
mod body;

mod common_fuzz;

#[test]
fn replay_corpus() {
    common_fuzz::replay("sasl_server", body::run);
}
