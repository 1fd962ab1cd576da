//! Replays `fuzz/corpus/jid/` through the `jid` fuzz body, so that every
//! input the fuzzer kept (and every crash once fixed) stays checked.

#[path = "../fuzz/bodies/jid.rs"]
mod body;

#[test]
fn replay_jid_corpus() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/jid");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}")) {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        body::run(&data);
        count += 1;
    }
    assert!(count > 0, "{dir:?} is empty");
}
