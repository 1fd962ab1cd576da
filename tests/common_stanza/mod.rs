//! Shared helpers for the stanza tests: XML text → `Element` (through the
//! `xml` crate, an independent parser) and tree equivalence.
#![allow(dead_code)]

pub mod parsed;
pub mod xml_to_element;

use xmpp_sansio::xml::{Element, Node};

/// The canonical form two trees are compared in: attributes sorted, children
/// stably sorted by (namespace, name) (typed models write their children in a
/// canonical order), whitespace-only text between elements dropped, and text
/// of leaf elements trimmed (pretty-printed RFC examples).
pub fn canonical(el: &Element) -> Element {
    let mut out = Element::new(el.name_bytestr().clone(), el.ns_bytestr().clone());
    let mut attrs = el.attrs().to_vec();
    attrs.sort_by(|a, b| (&a.ns, &a.name).cmp(&(&b.ns, &b.name)));
    for a in attrs {
        out.push_attribute(a);
    }
    let has_elements = el.children().next().is_some();
    let mut children: Vec<Element> = el.children().map(canonical).collect();
    children.sort_by(|a, b| (a.ns(), a.name()).cmp(&(b.ns(), b.name())));
    if has_elements {
        for n in el.nodes() {
            if let Node::Text(t) = n
                && !t.trim().is_empty()
            {
                out.append_text(t.trim().to_owned());
            }
        }
    } else {
        let t = el.text();
        let t = t.trim();
        if !t.is_empty() {
            out.append_text(t.to_owned());
        }
    }
    for c in children {
        out.append_child(c);
    }
    out
}

/// Asserts that two trees are equivalent (see [`canonical`]).
#[track_caller]
pub fn assert_equivalent(got: &Element, want: &Element, what: &str) {
    let (g, w) = (canonical(got), canonical(want));
    assert_eq!(g, w, "{what}: trees differ");
}
