//! Replays a fuzz target's corpus through its body: shared by the
//! `fuzz_corpus_*` tests, so every input the fuzzer kept (and every crash
//! once fixed) stays checked by `cargo test`.

use std::path::Path;

/// Runs every file of `fuzz/corpus/<target>/` through `run`, naming the
/// file that panics; the corpus must not be empty.
pub fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        let data = std::fs::read(&path).expect("corpus file");
        let result = std::panic::catch_unwind(|| run(&data));
        assert!(result.is_ok(), "{} panicked", path.display());
        n += 1;
    }
    assert!(n > 0, "{} is empty", dir.display());
}
