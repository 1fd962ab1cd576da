//! Replays the `stanza` fuzz corpus (`fuzz/corpus/stanza/`) through the fuzz
//! body, and checks that the corpus seeds built from the RFC examples decode
//! to those examples.

#[path = "../fuzz/bodies/stanza.rs"]
mod body;

mod common_fuzz;

mod common_stanza;

#[test]
fn corpus_replays_without_panic() {
    common_fuzz::replay("stanza", body::run);
}

/// Every RFC example encodes to the fuzz input format and decodes back to
/// the same tree (so the seeds are meaningful); with `WRITE_STANZA_SEEDS=1`
/// the encodings are written to the corpus.
#[test]
fn rfc_examples_encode_to_fuzz_inputs() {
    let write = std::env::var_os("WRITE_STANZA_SEEDS").is_some();
    let mut n = 0;
    for dir in ["tests/data/rfc6120/stanza", "tests/data/rfc6121"] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let text = std::fs::read_to_string(&p).unwrap();
            let els = common_stanza::xml_to_element::parse_fragment(
                &text,
                xmpp_sansio::xml::ns::JABBER_CLIENT,
            )
            .unwrap();
            for (i, el) in els.iter().enumerate() {
                let bytes = body::encode(el);
                assert_eq!(body::decode(&bytes).as_ref(), Some(el), "{p:?}#{i}");
                body::run(&bytes);
                if write {
                    let name = format!(
                        "fuzz/corpus/stanza/{}-{i}",
                        p.file_stem().unwrap().to_str().unwrap()
                    );
                    std::fs::write(name, &bytes).unwrap();
                }
                n += 1;
            }
        }
    }
    assert!(n >= 60, "{n}");
}
