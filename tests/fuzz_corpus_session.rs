//! Replays every file of `fuzz/corpus/session/` through the fuzz body, so a crash
//! found once stays fixed.

#[path = "../fuzz/bodies/session.rs"]
mod body;

#[test]
fn replay_corpus() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus/session");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        body::run(&std::fs::read(&path).unwrap());
        n += 1;
    }
    assert!(n > 0, "empty corpus {dir}");
}
