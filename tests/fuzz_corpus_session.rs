//! Replays every file of `fuzz/corpus/session/` through the fuzz body, so a crash
//! found once stays fixed.

#[path = "../fuzz/bodies/session.rs"]
mod body;

mod common_fuzz;

#[test]
fn replay_corpus() {
    common_fuzz::replay("session", body::run);
}
