//! The round-trip rule, proven on every example we have: "unknown
//! attributes, payloads and namespaces are kept and written back, so any
//! stanza round-trips to an equivalent tree".
//!
//! Subjects: every top-level element of the RFC 6120/6121 data files
//! (stanzas, stream features and errors, STARTTLS and SASL elements), every
//! stanza of the XEP example files that parses as one, and every XEP
//! payload in them that a model of `stanza::xep` reads (the dispatch of
//! `tests/stanza_xep.rs`).
//!
//! Mutations: unknown attributes (un-namespaced ones named `x-…`, which no
//! RFC or XEP uses, and ones in a foreign namespace) on any element, and
//! unknown child elements in a foreign namespace (with an attribute and
//! text of their own) at any position among any element's nodes — inside
//! typed children too, text-only ones included. The one place left out is
//! directly inside an `<iq/>`: RFC 6120 §8.2.3 allows exactly one payload
//! in a `get`/`set` and at most one in a `result`, so a second child is an
//! error there by design, not a loss.
//!
//! The check: the mutated element, converted to its typed value and back,
//! is *equivalent* to the mutated element, as `tests/common_xep/tree.rs`
//! defines it: same names, namespaces and attribute sets (attribute order
//! may change), same text per element (adjacent text nodes merged; text
//! that is only whitespace is ignored), and child elements equal once
//! stably sorted by (namespace, name) — typed children are written in the
//! specification's order before kept ones, so siblings of different names
//! may be reordered, while siblings of the same name keep their order.
//!
//! Two tests: a deterministic sweep that puts each kind of mutation on
//! every element of every subject, one at a time, and a proptest that
//! stacks several random mutations on a random subject.

mod common_stanza;
#[allow(dead_code)] // shared with tests/stanza_xep.rs
#[path = "common_xep/dispatch.rs"]
mod dispatch;
#[allow(dead_code)] // shared with the other XEP tests
#[path = "common_xep/tree.rs"]
mod tree;
#[path = "common_xep/xml_to_element.rs"]
mod xml_to_element;

use common_stanza::parsed::{parse_any, to_element};
use common_stanza::xml_to_element::parse_fragment;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use xmpp_sansio::stanza::Stanza;
use xmpp_sansio::xml::{Attribute, ByteStr, Element, Node, ns};

/// The foreign namespace of the inserted children and attributes.
const FOREIGN: &str = "urn:example:unknown";

/// How a subject is read and written back.
#[derive(Clone, Copy)]
enum Model {
    /// A top-level element of the RFC files (`common_stanza::parsed`).
    Core,
    /// A stanza from a XEP example.
    Stanza,
    /// A XEP payload.
    Xep(dispatch::RoundTrip),
}

struct Subject {
    what: String,
    el: Element,
    model: Model,
}

fn round_trip(model: Model, el: &Element) -> Result<Element, String> {
    match model {
        Model::Core => parse_any(el.clone())
            .map(to_element)
            .map_err(|e| e.to_string()),
        Model::Stanza => Stanza::try_from(el.clone())
            .map(Element::from)
            .map_err(|e| e.to_string()),
        Model::Xep(f) => f(el).map_err(|e| e.to_string()),
    }
}

/// The RFC data files (`tests/data/rfc6120/stanza`, `tests/data/rfc6121`).
fn rfc_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut out = Vec::new();
    for d in ["rfc6120/stanza", "rfc6121"] {
        for f in std::fs::read_dir(root.join(d)).expect("readable") {
            let f = f.expect("readable").path();
            if f.extension().is_some_and(|e| e == "xml") {
                out.push(f);
            }
        }
    }
    out.sort();
    out
}

/// `el` with every un-namespaced element put in `jabber:client` (the XEP
/// examples leave the stanza namespace implicit).
fn in_client_ns(el: &Element) -> Element {
    let ns_ = if el.ns().is_empty() {
        ByteStr::from_static(ns::JABBER_CLIENT)
    } else {
        el.ns_bytestr().clone()
    };
    let mut out = Element::new(el.name_bytestr().clone(), ns_);
    for a in el.attrs() {
        out.push_attribute(a.clone());
    }
    for n in el.nodes() {
        match n {
            Node::Element(c) => out.append_child(in_client_ns(c)),
            Node::Text(t) => {
                out.append_text(t.clone());
                continue;
            }
        };
    }
    out
}

/// Every subject, once.
fn subjects() -> &'static [Subject] {
    static ALL: OnceLock<Vec<Subject>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut out = Vec::new();
        for path in rfc_files() {
            let text = std::fs::read_to_string(&path).expect("readable");
            let els = parse_fragment(&text, ns::JABBER_CLIENT).expect("well-formed");
            for (i, el) in els.into_iter().enumerate() {
                out.push(Subject {
                    what: format!("{}#{i}", path.display()),
                    el,
                    model: Model::Core,
                });
            }
        }
        for path in dispatch::example_files() {
            let text = std::fs::read_to_string(&path).expect("readable");
            let root = xml_to_element::xml_to_element(&text).expect("well-formed");
            let root = in_client_ns(&root);
            let name = path.display().to_string();
            if matches!(root.name(), "message" | "presence" | "iq")
                && Stanza::try_from(root.clone()).is_ok()
            {
                out.push(Subject {
                    what: format!("{name} (stanza)"),
                    el: root.clone(),
                    model: Model::Stanza,
                });
            }
            dispatch::walk(&root, None, &mut |el, iq_type| {
                if let Some(f) = dispatch::converter(el, iq_type)
                    && f(el).is_ok()
                {
                    out.push(Subject {
                        what: format!("{name} <{}/>", el.name()),
                        el: el.clone(),
                        model: Model::Xep(f),
                    });
                }
            });
        }
        out
    })
}

/// One mutation, at the element with pre-order number `at` (modulo the
/// number of elements).
#[derive(Clone, Debug)]
enum Mutation {
    /// `x-<name>='<value>'`.
    Attr {
        at: usize,
        name: String,
        value: String,
    },
    /// `{FOREIGN}<name>='<value>'`.
    NsAttr {
        at: usize,
        name: String,
        value: String,
    },
    /// `<name xmlns=FOREIGN a='…'>text</name>` before node `pos` (modulo
    /// the number of nodes + 1).
    Child {
        at: usize,
        pos: usize,
        name: String,
        text: String,
    },
}

/// The number of elements in `el`, itself included.
fn count(el: &Element) -> usize {
    1 + el.children().map(count).sum::<usize>()
}

/// Applies `m` to `el`; false if it does not apply (a child directly in an
/// `iq`, or an attribute that is already there).
fn apply(el: &mut Element, m: &Mutation) -> bool {
    let total = count(el);
    let at = match m {
        Mutation::Attr { at, .. } | Mutation::NsAttr { at, .. } | Mutation::Child { at, .. } => {
            *at % total
        }
    };
    let mut n = at;
    let Some(target) = find_mut(el, &mut n) else {
        return false;
    };
    match m {
        Mutation::Attr { name, value, .. } => {
            let name = format!("x-{name}");
            if target.attr(&name).is_some() {
                return false;
            }
            target.push_attribute(Attribute {
                name: name.into(),
                ns: None,
                value: value.clone().into(),
            });
        }
        Mutation::NsAttr { name, value, .. } => {
            if target.attr_ns(name, FOREIGN).is_some() {
                return false;
            }
            target.push_attribute(Attribute {
                name: name.clone().into(),
                ns: Some(FOREIGN.into()),
                value: value.clone().into(),
            });
        }
        Mutation::Child {
            pos, name, text, ..
        } => {
            if target.name() == "iq" {
                return false;
            }
            let child = Element::builder(name.clone(), FOREIGN)
                .attr("a", text.clone())
                .text(text.clone())
                .build();
            let nodes = target.nodes_mut();
            let pos = *pos % (nodes.len() + 1);
            nodes.insert(pos, Node::Element(child));
        }
    }
    true
}

/// The element with pre-order number `n`.
fn find_mut<'a>(el: &'a mut Element, n: &mut usize) -> Option<&'a mut Element> {
    if *n == 0 {
        return Some(el);
    }
    *n -= 1;
    for c in el.children_mut() {
        if let Some(found) = find_mut(c, n) {
            return Some(found);
        }
    }
    None
}

/// Checks the rule for `subject` mutated by `ms`; `Err` says what differs.
fn check(subject: &Subject, ms: &[Mutation]) -> Result<(), String> {
    let mut el = subject.el.clone();
    let mut applied = 0;
    for m in ms {
        if apply(&mut el, m) {
            applied += 1;
        }
    }
    if applied == 0 {
        return Ok(());
    }
    let back = round_trip(subject.model, &el)
        .map_err(|e| format!("{} {ms:?}: rejected: {e}", subject.what))?;
    let (a, b) = (tree::canonical(&el), tree::canonical(&back));
    if a != b {
        return Err(format!(
            "{} {ms:?}: trees differ\n--- mutated\n{a}--- round-tripped\n{b}",
            subject.what
        ));
    }
    Ok(())
}

#[test]
fn subjects_cover_the_rfc_and_xep_examples() {
    let all = subjects();
    let core = all
        .iter()
        .filter(|s| matches!(s.model, Model::Core))
        .count();
    let stanzas = all
        .iter()
        .filter(|s| matches!(s.model, Model::Stanza))
        .count();
    let xep = all
        .iter()
        .filter(|s| matches!(s.model, Model::Xep(_)))
        .count();
    eprintln!("subjects: {core} RFC elements, {stanzas} XEP stanzas, {xep} XEP payloads");
    assert!(core >= 60, "RFC elements missing: {core}");
    assert!(stanzas >= 250, "XEP stanzas missing: {stanzas}");
    assert!(xep >= 400, "XEP payloads missing: {xep}");
    // Unmutated, every subject round-trips (the base of the property).
    for s in all {
        check(
            s,
            &[Mutation::Attr {
                at: 0,
                name: "probe".into(),
                value: "1".into(),
            }],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn every_element_of_every_example_keeps_unknown_attributes_and_children() {
    let mut failures = Vec::new();
    for s in subjects() {
        for at in 0..count(&s.el) {
            let ms = [
                Mutation::Attr {
                    at,
                    name: "vendor".into(),
                    value: "1 & <2>".into(),
                },
                Mutation::NsAttr {
                    at,
                    name: "type".into(),
                    value: "weird".into(),
                },
                Mutation::Child {
                    at,
                    pos: 0,
                    name: "first".into(),
                    text: "α".into(),
                },
                Mutation::Child {
                    at,
                    pos: usize::MAX,
                    name: "last".into(),
                    text: "ω".into(),
                },
            ];
            for m in &ms {
                if let Err(e) = check(s, std::slice::from_ref(m)) {
                    failures.push(e);
                }
            }
        }
    }
    let n = failures.len();
    if let Ok(dump) = std::env::var("ROUNDTRIP_DUMP") {
        std::fs::write(dump, failures.join("\n=====\n")).expect("dump written");
    }
    failures.truncate(12);
    assert!(
        n == 0,
        "{n} mutations not kept, the first ones:\n{}",
        failures.join("\n")
    );
}

fn name() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z][a-z0-9-]{0,7}").expect("valid regex")
}

fn value() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[ -~\u{a0}-\u{ff}Ψ<>&'\"]{0,10}").expect("valid regex")
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), name(), value()).prop_map(|(at, name, value)| Mutation::Attr {
            at,
            name,
            value
        }),
        (any::<usize>(), name(), value()).prop_map(|(at, name, value)| Mutation::NsAttr {
            at,
            name,
            value
        }),
        (any::<usize>(), any::<usize>(), name(), value()).prop_map(|(at, pos, name, text)| {
            Mutation::Child {
                at,
                pos,
                name,
                text,
            }
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_unknown_attributes_and_children_are_kept(
        pick in any::<usize>(),
        ms in proptest::collection::vec(mutation(), 1..8),
    ) {
        let all = subjects();
        let s = &all[pick % all.len()];
        if let Err(e) = check(s, &ms) {
            prop_assert!(false, "{}", e);
        }
    }
}

/// Parses one element in `jabber:client` (un-prefixed) for the tables below.
fn el(xml: &str) -> Element {
    common_stanza::xml_to_element::parse_one(xml, ns::JABBER_CLIENT)
}

#[test]
fn lexical_forms_are_written_back_while_values_are_unchanged() {
    use xmpp_sansio::stanza::xep::{mam, sm};
    // (what, element, model): each round-trips to the very same tree.
    let table: &[(&str, &str, Model)] = &[
        (
            "sm resume='1'",
            "<enable xmlns='urn:xmpp:sm:3' resume='1' max='0600'/>",
            Model::Xep(dispatch::rt::<sm::Enable>),
        ),
        (
            "sm resume='false' (omitted when false)",
            "<enable xmlns='urn:xmpp:sm:3' resume='false'/>",
            Model::Xep(dispatch::rt::<sm::Enable>),
        ),
        (
            "sm h='007'",
            "<a xmlns='urn:xmpp:sm:3' h='007'/>",
            Model::Xep(dispatch::rt::<sm::Ack>),
        ),
        (
            "mam complete='0' stable='1'",
            "<fin xmlns='urn:xmpp:mam:2' complete='0' stable='1'><set xmlns='http://jabber.org/protocol/rsm'><count>01</count></set></fin>",
            Model::Xep(dispatch::rt::<mam::Fin>),
        ),
        (
            "roster approved='1'",
            "<iq type='result' id='r'><query xmlns='jabber:iq:roster'><item jid='a@b.c' approved='1'/><item jid='d@b.c' approved='false'/></query></iq>",
            Model::Stanza,
        ),
        (
            "show and priority padded",
            "<presence><show> away </show><priority> 05 </priority></presence>",
            Model::Stanza,
        ),
        (
            "gone URI padded",
            "<message type='error'><error type='cancel'><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>\n  xmpp:a@b.c\n</gone></error></message>",
            Model::Stanza,
        ),
        (
            "SASL base64 line-wrapped",
            "<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>aGVs\n bG8=</response>",
            Model::Core,
        ),
        (
            "SASL mechanism padded",
            "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism> PLAIN </mechanism></mechanisms>",
            Model::Core,
        ),
    ];
    for (what, xml, model) in table {
        let original = el(xml);
        let back = round_trip(*model, &original).unwrap_or_else(|e| panic!("{what}: {e}"));
        // Exactly as read, text included (attribute order aside).
        assert_eq!(tree::canonical(&back), tree::canonical(&original), "{what}");
        assert_eq!(back.to_bytes().len(), original.to_bytes().len(), "{what}");
    }
}

#[test]
fn a_changed_value_is_written_in_its_canonical_form() {
    use xmpp_sansio::stanza::xep::sm;
    let original = el("<enable xmlns='urn:xmpp:sm:3' resume='1'/>");
    let mut e = sm::Enable::try_from(original).expect("valid");
    assert!(e.resume);
    e.resume = false;
    assert_eq!(Element::from(e.clone()).attr("resume"), None);
    // Back to the value read: back to the form read.
    e.resume = true;
    assert_eq!(Element::from(e).attr("resume"), Some("1"));

    let original = el("<enable xmlns='urn:xmpp:sm:3' resume='false'/>");
    let mut e = sm::Enable::try_from(original).expect("valid");
    e.resume = true;
    assert_eq!(Element::from(e).attr("resume"), Some("true"));

    let Ok(Stanza::Presence(mut p)) =
        Stanza::try_from(el("<presence><priority> 05 </priority></presence>"))
    else {
        panic!("a presence")
    };
    p.priority = Some(6);
    let back = Element::from(p);
    let prio = back
        .get_child("priority", ns::JABBER_CLIENT)
        .map(|c| c.text().into_owned());
    assert_eq!(prio.as_deref(), Some("6"));
}

#[test]
fn lexical_forms_take_no_part_in_equality() {
    use xmpp_sansio::stanza::xep::sm;
    let read =
        sm::Enable::try_from(el("<enable xmlns='urn:xmpp:sm:3' resume='1'/>")).expect("valid");
    let built = sm::Enable {
        resume: true,
        ..sm::Enable::default()
    };
    assert_eq!(read, built);
}

#[test]
fn unknown_parts_of_typed_children_are_reachable() {
    let Ok(Stanza::Message(m)) = Stanza::try_from(el(
        "<message><body xml:lang='en' x-vendor='v'>hi<b xmlns='urn:x'/></body></message>",
    )) else {
        panic!("a message")
    };
    assert_eq!(m.body(), Some("hi"));
    let kept = m.unknown.child("body", ns::JABBER_CLIENT, 0).expect("kept");
    assert_eq!(kept.attrs.len(), 1);
    assert_eq!(kept.elements().count(), 1);
}
