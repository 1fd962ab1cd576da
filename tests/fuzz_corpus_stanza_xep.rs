//! Replays the `stanza_xep` fuzz corpus (`fuzz/corpus/stanza_xep/`) through
//! the fuzz body, and checks that the XEP examples encode to fuzz inputs
//! that decode back to the same trees (so the seeds are meaningful).

#[path = "../fuzz/bodies/stanza_xep.rs"]
mod body;

mod common_fuzz;

#[path = "common_xep/xml_to_element.rs"]
mod xml_to_element;

use std::path::Path;

#[test]
fn corpus_replays_without_panic() {
    common_fuzz::replay("stanza_xep", body::run);
}

/// Every XEP example encodes to the fuzz input format and decodes back to
/// the same tree; with `WRITE_STANZA_XEP_SEEDS=1` one seed per example is
/// written to the corpus.
#[test]
fn xep_examples_encode_to_fuzz_inputs() {
    let write = std::env::var_os("WRITE_STANZA_XEP_SEEDS").is_some();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut n = 0;
    let mut checked = 0;
    for dir in std::fs::read_dir(&root).expect("tests/data exists") {
        let dir = dir.expect("readable").path();
        let Some(xep) = dir
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| n.starts_with("xep-"))
            .map(str::to_owned)
        else {
            continue;
        };
        for f in std::fs::read_dir(&dir).expect("readable") {
            let p = f.expect("readable").path();
            let text = std::fs::read_to_string(&p).expect("readable");
            let el = xml_to_element::xml_to_element(&text).expect("well-formed");
            let bytes = body::encode(&el);
            if fits(&el) {
                // No string was cut by the encoding.
                assert_eq!(body::decode(&bytes).as_ref(), Some(&el), "{p:?}");
                checked += 1;
            }
            body::run(&bytes);
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("x");
            // A few seeds per XEP keep the corpus small (< 200 files).
            let number: u32 = stem.trim_start_matches("example").parse().unwrap_or(0);
            if write && number <= 8 {
                std::fs::write(
                    root.join(format!("../../fuzz/corpus/stanza_xep/{xep}-{stem}")),
                    &bytes,
                )
                .expect("writable");
            }
            n += 1;
        }
    }
    assert!(n > 300, "{n}");
    assert!(checked > 300, "{checked}");
}

/// True if no name, attribute or text of `el` is longer than the fuzz input
/// format can carry in one string.
fn fits(el: &xmpp_sansio::xml::Element) -> bool {
    const MAX: usize = 140;
    el.name().len() <= MAX
        && el.ns().len() <= MAX
        && el
            .attrs()
            .iter()
            .all(|a| a.name.len() <= MAX && a.value.len() <= MAX)
        && el.nodes().iter().all(|n| match n {
            xmpp_sansio::xml::Node::Element(c) => fits(c),
            xmpp_sansio::xml::Node::Text(t) => t.len() <= MAX,
        })
}
