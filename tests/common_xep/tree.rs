//! Test helper: compares two element trees for the equivalence the XEP
//! models promise (see `xmpp_sansio::stanza::xep`).
//!
//! Two elements are equivalent when they have the same name, namespace,
//! attribute *set* (order ignored) and text (adjacent text nodes merged,
//! whitespace-only text ignored), and their child elements are equivalent
//! once stably sorted by (namespace, name): siblings of the same name must
//! come in the same order, siblings of different names may be reordered.

use xmpp_sansio::xml::{Element, Node};

/// A canonical, printable form of `el` for comparisons and diffs.
pub fn canonical(el: &Element) -> String {
    let mut out = String::new();
    write(el, 0, &mut out);
    out
}

fn write(el: &Element, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let mut attrs: Vec<String> = el
        .attrs()
        .iter()
        .map(|a| match &a.ns {
            Some(ns) => format!("{{{ns}}}{}={:?}", a.name, &*a.value),
            None => format!("{}={:?}", a.name, &*a.value),
        })
        .collect();
    attrs.sort();
    out.push_str(&format!(
        "{pad}<{{{}}}{} {}>\n",
        el.ns(),
        el.name(),
        attrs.join(" ")
    ));
    let text: String = el
        .nodes()
        .iter()
        .filter_map(|n| match n {
            Node::Text(t) => Some(&**t),
            Node::Element(_) => None,
        })
        .collect();
    if !text.trim().is_empty() {
        out.push_str(&format!("{pad}  text {text:?}\n"));
    }
    let mut children: Vec<&Element> = el.children().collect();
    children.sort_by(|a, b| (a.ns(), a.name()).cmp(&(b.ns(), b.name())));
    for c in children {
        write(c, depth + 1, out);
    }
}

/// Panics with a readable diff unless `a` and `b` are equivalent.
#[track_caller]
pub fn assert_equivalent(a: &Element, b: &Element, context: &str) {
    let (ca, cb) = (canonical(a), canonical(b));
    if ca != cb {
        panic!("{context}: trees differ\n--- original\n{ca}--- round-tripped\n{cb}");
    }
}
