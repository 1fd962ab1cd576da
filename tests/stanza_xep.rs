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

#[path = "common_xep/tree.rs"]
mod tree;
#[path = "common_xep/xml_to_element.rs"]
mod xml_to_element;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tree::assert_equivalent;
use xml_to_element::xml_to_element;
use xmpp_sansio::stanza::xep::*;
use xmpp_sansio::xml::Element;

/// Parses `el` as `T` and serializes it back.
fn rt<T: Payload>(el: &Element) -> Result<Element, PayloadError> {
    assert!(
        T::matches(el),
        "{}: matches() disagrees with the dispatcher",
        el.name()
    );
    T::try_from(el.clone()).map(Into::into)
}

/// The typed round trip for a payload element, or `None` if `el` is not a
/// payload root this crate models. `iq_type` is the `type` of the enclosing
/// `iq`, which tells a query from its result where both share a name.
fn round_trip(el: &Element, iq_type: Option<&str>) -> Option<Result<Element, PayloadError>> {
    let result = iq_type == Some("result") || el.children().next().is_some();
    Some(match (el.ns(), el.name()) {
        (data_forms::NS, "x") => rt::<data_forms::DataForm>(el),
        (disco::NS_INFO, "query") if result => rt::<disco::DiscoInfoResult>(el),
        (disco::NS_INFO, "query") => rt::<disco::DiscoInfoQuery>(el),
        (disco::NS_ITEMS, "query") if result => rt::<disco::DiscoItemsResult>(el),
        (disco::NS_ITEMS, "query") => rt::<disco::DiscoItemsQuery>(el),
        (muc::NS, "x") => rt::<muc::Muc>(el),
        (muc::NS_USER, "x") => rt::<muc::MucUser>(el),
        (muc::NS_ADMIN, "query") => rt::<muc::AdminQuery>(el),
        (muc::NS_OWNER, "query") => rt::<muc::OwnerQuery>(el),
        (vcard::NS, "vCard") => rt::<vcard::VCard>(el),
        (rsm::NS, "set") => rt::<rsm::ResultSet>(el),
        (chatstates::NS, _) => rt::<chatstates::ChatState>(el),
        (version::NS, "query") if result => rt::<version::SoftwareVersion>(el),
        (version::NS, "query") => rt::<version::VersionQuery>(el),
        (caps::NS, "c") => rt::<caps::Caps>(el),
        (nick::NS, "nick") => rt::<nick::Nick>(el),
        (receipts::NS, "request") => rt::<receipts::Request>(el),
        (receipts::NS, "received") => rt::<receipts::Received>(el),
        (blocking::NS, "blocklist") => rt::<blocking::BlockList>(el),
        (blocking::NS, "block") => rt::<blocking::Block>(el),
        (blocking::NS, "unblock") => rt::<blocking::Unblock>(el),
        (blocking::NS_ERRORS, "blocked") => rt::<blocking::Blocked>(el),
        (sm::NS, "sm") => rt::<sm::Feature>(el),
        (sm::NS, "enable") => rt::<sm::Enable>(el),
        (sm::NS, "enabled") => rt::<sm::Enabled>(el),
        (sm::NS, "resume") => rt::<sm::Resume>(el),
        (sm::NS, "resumed") => rt::<sm::Resumed>(el),
        (sm::NS, "failed") => rt::<sm::Failed>(el),
        (sm::NS, "r") => rt::<sm::AckRequest>(el),
        (sm::NS, "a") => rt::<sm::Ack>(el),
        (sm::NS, "handled-count-too-high") => rt::<sm::HandledCountTooHigh>(el),
        (ping::NS, "ping") => rt::<ping::Ping>(el),
        (time::NS, "time") if result => rt::<time::EntityTime>(el),
        (time::NS, "time") => rt::<time::TimeQuery>(el),
        (delay::NS, "delay") => rt::<delay::Delay>(el),
        (carbons::NS, "enable") => rt::<carbons::Enable>(el),
        (carbons::NS, "disable") => rt::<carbons::Disable>(el),
        (carbons::NS, "private") => rt::<carbons::Private>(el),
        (carbons::NS, "received") => rt::<carbons::Received>(el),
        (carbons::NS, "sent") => rt::<carbons::Sent>(el),
        (forwarding::NS, "forwarded") => rt::<forwarding::Forwarded>(el),
        (correction::NS, "replace") => rt::<correction::Replace>(el),
        (mam::NS, "query") => rt::<mam::Query>(el),
        (mam::NS, "result") => rt::<mam::ArchivedResult>(el),
        (mam::NS, "fin") => rt::<mam::Fin>(el),
        (markers::NS, _) => rt::<markers::ChatMarker>(el),
        (hints::NS, _) => rt::<hints::Hint>(el),
        (csi::NS, "csi") => rt::<csi::Feature>(el),
        (csi::NS, _) => rt::<csi::ClientState>(el),
        (stanza_id::NS, "stanza-id") => rt::<stanza_id::StanzaId>(el),
        (stanza_id::NS, "origin-id") => rt::<stanza_id::OriginId>(el),
        (http_upload::NS, "request") => rt::<http_upload::SlotRequest>(el),
        (http_upload::NS, "slot") => rt::<http_upload::Slot>(el),
        (http_upload::NS, "file-too-large") => rt::<http_upload::FileTooLarge>(el),
        (http_upload::NS, "retry") => rt::<http_upload::Retry>(el),
        (retraction::NS, "retract") if el.attr("id").is_some() => rt::<retraction::Retract>(el),
        (retraction::NS, "retracted") => rt::<retraction::Retracted>(el),
        (moderation::NS, "moderate") => rt::<moderation::Moderate>(el),
        (moderation::NS, "moderated") => rt::<moderation::Moderated>(el),
        _ => return None,
    })
}

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

/// Every example file, sorted.
fn example_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files = Vec::new();
    for dir in std::fs::read_dir(&root).expect("tests/data exists") {
        let dir = dir.expect("readable").path();
        if !dir
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("xep-"))
        {
            continue;
        }
        for f in std::fs::read_dir(&dir).expect("readable") {
            let f = f.expect("readable").path();
            if f.extension().is_some_and(|e| e == "xml") {
                files.push(f);
            }
        }
    }
    files.sort();
    files
}

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

/// Calls `f` on every element of `el` with the `type` of the closest
/// enclosing `iq`.
fn walk<'a>(
    el: &'a Element,
    iq_type: Option<&'a str>,
    f: &mut dyn FnMut(&'a Element, Option<&'a str>),
) {
    let iq_type = if el.name() == "iq" {
        el.attr("type")
    } else {
        iq_type
    };
    f(el, iq_type);
    for c in el.children() {
        walk(c, iq_type, f);
    }
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
