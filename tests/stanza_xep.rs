//! The XEP payload models of `xmpp_sansio::stanza::xep` against the
//! examples of their specifications.
//!
//! `tests/data/xep-NNNN/exampleN.xml` hold the examples of each XEP (Example
//! N of the XEP as published, extracted by `tests/common_xep/extract_examples.py`;
//! each file starts with a comment naming the example and its caption). The
//! table test reads every file, finds every payload element this crate
//! models, parses it into its typed value and checks that serializing the
//! value gives back an equivalent tree (`tests/common_xep/tree.rs`). The few
//! examples the models reject are listed in `EXPECTED_REJECTIONS` with the
//! error expected and why. Typed values are checked example by example in
//! the tests further down.

#[path = "common_xep/dispatch.rs"]
mod dispatch;
#[path = "common_xep/tree.rs"]
mod tree;
#[path = "common_xep/xml_to_element.rs"]
mod xml_to_element;

use std::collections::BTreeMap;
use std::path::Path;

use dispatch::{example_files, round_trip, walk};
use tree::assert_equivalent;
use xml_to_element::xml_to_element;

/// Examples whose payloads the models reject, on purpose: (file, element,
/// part of the expected error message, why).
const EXPECTED_REJECTIONS: &[(&str, &str, &str, &str)] = &[
    (
        "xep-0198/example12.xml",
        "resume",
        "invalid 'h' attribute 'some-sequence-number'",
        "placeholder for a number",
    ),
    (
        "xep-0198/example13.xml",
        "resumed",
        "invalid 'h' attribute 'another-sequence-number'",
        "placeholder for a number",
    ),
    (
        "xep-0198/example14.xml",
        "failed",
        "invalid 'h' attribute 'another-sequence-number'",
        "placeholder for a number",
    ),
    (
        "xep-0198/example28.xml",
        "resume",
        "invalid 'h' attribute 'some-sequence-number'",
        "placeholder for a number",
    ),
    (
        "xep-0198/example30.xml",
        "failed",
        "invalid 'h' attribute 'another-sequence-number'",
        "placeholder for a number",
    ),
    (
        "xep-0198/example31.xml",
        "failed",
        "invalid 'h' attribute 'another-sequence-number'",
        "placeholder for a number",
    ),
];

/// `dir/file` of a data file, as in `EXPECTED_REJECTIONS`.
fn short_name(path: &Path) -> String {
    let dir = path
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned());
    format!(
        "{}/{}",
        dir.unwrap_or_default(),
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    )
}

#[test]
fn every_xep_example_payload_parses_and_round_trips() {
    let files = example_files();
    assert!(files.len() > 300, "the example files are missing");
    let mut per_xep: BTreeMap<String, usize> = BTreeMap::new();
    let mut rejected = Vec::new();
    let mut failures = Vec::new();
    for path in &files {
        let name = short_name(path);
        let text = std::fs::read_to_string(path).expect("readable");
        let root = xml_to_element(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        walk(&root, None, &mut |el, iq_type| {
            let Some(result) = round_trip(el, iq_type) else {
                return;
            };
            *per_xep.entry(name[..8].to_owned()).or_default() += 1;
            match result {
                Ok(back) => assert_equivalent(el, &back, &format!("{name} <{}/>", el.name())),
                Err(e) => {
                    let expected = EXPECTED_REJECTIONS
                        .iter()
                        .find(|(f, n, _, _)| *f == name && *n == el.name());
                    match expected {
                        Some((_, _, msg, _)) if e.to_string().contains(msg) => {
                            rejected.push(name.clone())
                        }
                        _ => failures.push(format!(
                            "{name} <{} xmlns='{}'/>: {e}",
                            el.name(),
                            el.ns()
                        )),
                    }
                }
            }
        });
    }
    eprintln!("payloads checked per XEP: {per_xep:?}");
    assert!(
        failures.is_empty(),
        "payloads rejected:\n{}",
        failures.join("\n")
    );
    let mut expected: Vec<String> = EXPECTED_REJECTIONS.iter().map(|r| r.0.to_owned()).collect();
    expected.sort();
    rejected.sort();
    assert_eq!(
        rejected, expected,
        "the expected rejections did not all happen"
    );
    for xep in [
        "0004", "0030", "0045", "0054", "0059", "0085", "0092", "0115", "0172", "0184", "0191",
        "0198", "0199", "0202", "0203", "0280", "0297", "0308", "0313", "0333", "0334", "0352",
        "0359", "0363", "0424", "0425",
    ] {
        let n = per_xep.get(&format!("xep-{xep}")).copied().unwrap_or(0);
        assert!(n > 0, "no payload checked in the examples of XEP-{xep}");
    }
}
