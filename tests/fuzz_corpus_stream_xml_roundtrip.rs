//! Replays every file of `fuzz/corpus/stream_xml_roundtrip/` through the `stream_xml_roundtrip` fuzz body,
//! so that inputs the fuzzer found (and the seeds) are checked by
//! `cargo test`.

#[path = "../fuzz/bodies/stream_xml_roundtrip.rs"]
mod body;

#[test]
fn replay_corpus() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/stream_xml_roundtrip");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("corpus directory") {
        let path = entry.expect("directory entry").path();
        let data = std::fs::read(&path).expect("corpus file");
        let result = std::panic::catch_unwind(|| body::run(&data));
        assert!(result.is_ok(), "{} failed", path.display());
        n += 1;
    }
    assert!(n > 0, "{} is empty", dir.display());
}
