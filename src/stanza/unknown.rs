//! [`Unknown`]: what a typed model does not know about the element it was
//! read from, kept so that the element is written back equivalently.
//!
//! One mechanism serves every model in [`stanza`](super) and
//! [`xep`](super::xep):
//!
//! - the element's own attributes and child nodes that the model does not
//!   read ([`Unknown::attrs`], [`Unknown::nodes`]);
//! - what the model does not read on the children it *does* type, even when
//!   those are plain values (a `<body/>` that becomes a string, a `<bind/>`
//!   feature that becomes a `bool`): the child's own unknown attributes and
//!   nodes, kept by the child's name, namespace and position among its
//!   same-named siblings ([`Unknown::children`]);
//! - the lexical form of values that have several (an `xs:boolean` read as
//!   `1`, a default written explicitly, an integer with a leading zero), so
//!   that it is written back as read while the value is unchanged.
//!
//! Lexical forms are presentation, not data: they take no part in equality
//! or hashing, so a parsed model still compares equal to one built in code.

use crate::xml::{Attribute, ByteStr, Element, Node};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

/// The attributes and children of an element that its typed model does
/// not know, kept in document order so that they are written back.
///
/// Every model has one (stanzas, stream elements, XEP payloads), so that an
/// element round-trips to an equivalent tree even when it carries
/// extensions (another XEP's child, a vendor attribute, `xml:lang`) — also
/// on the children a model reads as plain values (a `<body/>` read as a
/// string, the `<bind/>` feature read as a `bool`), whose unknown parts are
/// kept in [`Unknown::children`] by name, namespace and position. Known
/// children are written first, then these nodes, so siblings of
/// *different* kinds may come back in another order.
///
/// ```
/// use xmpp_sansio::stanza::{Message, Stanza};
/// use xmpp_sansio::xml::{Element, ns};
///
/// let body = Element::builder("body", ns::JABBER_CLIENT)
///     .attr("x-vendor", "1")
///     .text("hi")
///     .build();
/// let el = Element::builder("message", ns::JABBER_CLIENT).append(body).build();
/// let Stanza::Message(m) = Stanza::try_from(el.clone())? else { unreachable!() };
/// assert_eq!(m.body(), Some("hi"));
/// let kept = m.unknown.child("body", ns::JABBER_CLIENT, 0).expect("kept");
/// assert_eq!(kept.attrs[0].value, "1");
/// assert_eq!(Element::from(m), el);
/// # Ok::<(), xmpp_sansio::stanza::StanzaParseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Unknown {
    /// Attributes not modelled (including `xml:lang` where the model has no
    /// field for it), in document order.
    pub attrs: Vec<Attribute>,
    /// Child nodes not modelled, in document order. Whitespace-only text
    /// between the children of an element that holds only elements is not
    /// kept.
    pub nodes: Vec<Node>,
    /// What was not modelled on the typed children, by child, ordered by
    /// namespace, name and index (not by document order, which the model
    /// does not keep between typed children of different names).
    pub children: Vec<ChildUnknown>,
    /// Lexical forms to restore.
    pub lexical: LexicalForms,
}

/// The lexical forms of values an element was read with (an `xs:boolean`
/// read as `1`, a flag written `false` that is omitted when false, a padded
/// number), restored when the element is written back while the values are
/// unchanged. Opaque; it takes no part in equality or hashing: two
/// [`Unknown`]s that differ only here are equal.
#[derive(Clone, Debug, Default)]
pub struct LexicalForms {
    /// The element's own.
    own: Vec<Lexical>,
    /// Those of typed children that keep nothing else.
    children: Vec<ChildUnknown>,
}

impl PartialEq for LexicalForms {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for LexicalForms {}

impl Hash for LexicalForms {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl LexicalForms {
    /// True when no lexical form is kept.
    pub fn is_empty(&self) -> bool {
        self.own.is_empty() && self.children.is_empty()
    }
}

/// The [`Unknown`] part of one typed child: the `index`-th child element
/// named `name` in namespace `ns` among those the model writes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ChildUnknown {
    /// The child's local name.
    pub name: ByteStr,
    /// The child's namespace.
    pub ns: ByteStr,
    /// Its position among the children with that name and namespace.
    pub index: usize,
    /// What the model did not read on it.
    pub unknown: Unknown,
}

/// A value's lexical form as read, to write back while the value is the
/// same.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Lexical {
    /// The un-namespaced attribute, or `None` for the element's text.
    attr: Option<ByteStr>,
    /// What the model writes for the value read (`None`: nothing, as for a
    /// default that is omitted).
    written: Option<ByteStr>,
    /// What was read.
    original: ByteStr,
}

impl Unknown {
    /// True if there is nothing unknown (lexical forms aside).
    pub fn is_empty(&self) -> bool {
        self.attrs.is_empty() && self.nodes.is_empty() && self.children.is_empty()
    }

    /// True if there is nothing at all to write back.
    fn is_void(&self) -> bool {
        self.is_empty() && self.lexical.is_empty()
    }

    /// The unknown child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.nodes.iter().filter_map(Node::as_element)
    }

    /// What was not modelled on the `index`-th typed child `name` in `ns`.
    pub fn child(&self, name: &str, ns: &str, index: usize) -> Option<&Unknown> {
        self.children
            .iter()
            .find(|c| c.index == index && c.name == *name && c.ns == *ns)
            .map(|c| &c.unknown)
    }

    /// Keeps `unknown` for the `index`-th typed child `name` in `ns` (if
    /// there is anything in it).
    pub(crate) fn keep_child(
        &mut self,
        name: ByteStr,
        ns: ByteStr,
        index: usize,
        unknown: Unknown,
    ) {
        if unknown.is_void() {
            return;
        }
        let c = ChildUnknown {
            name,
            ns,
            index,
            unknown,
        };
        let list = if c.unknown.is_empty() {
            &mut self.lexical.children
        } else {
            &mut self.children
        };
        // Kept in the order of their keys, not of the document: the model
        // writes its typed children in an order of its own (a message's
        // subjects before its bodies), so a value read back from what it
        // wrote must compare equal to the value first read.
        let at = list.partition_point(|o| (&o.ns, &o.name, o.index) < (&c.ns, &c.name, c.index));
        list.insert(at, c);
    }

    /// Keeps the lexical form `original` of attribute `attr` (`None`: the
    /// text), which the model would write as `written`, when they differ.
    pub(crate) fn keep_lexical(
        &mut self,
        attr: Option<ByteStr>,
        written: Option<ByteStr>,
        original: ByteStr,
    ) {
        if written.as_ref() != Some(&original) {
            self.lexical.own.push(Lexical {
                attr,
                written,
                original,
            });
        }
    }

    /// Writes everything kept onto `el`, which holds what the model wrote:
    /// lexical forms where the value is unchanged, the kept parts of typed
    /// children, then the unknown attributes (an attribute the model wrote
    /// wins over a kept one of the same name) and nodes.
    pub fn write_to(self, el: &mut Element) {
        if self.is_void() {
            return;
        }
        for l in self.lexical.own {
            l.restore(el);
        }
        write_children(el, self.children, self.lexical.children);
        let written = el.attrs().len();
        for a in self.attrs {
            let taken = el
                .attrs()
                .get(..written)
                .unwrap_or_default()
                .iter()
                .any(|b| b.name == a.name && b.ns == a.ns);
            if !taken {
                el.push_attribute(a);
            }
        }
        for n in self.nodes {
            el.append_node(n);
        }
    }
}

/// Writes the kept parts of typed children onto the children of `el`, in
/// one pass over them (linear in the number of children, however many
/// parts are kept).
fn write_children(el: &mut Element, kept: Vec<ChildUnknown>, lexical: Vec<ChildUnknown>) {
    if kept.is_empty() && lexical.is_empty() {
        return;
    }
    let mut by_key: BTreeMap<(ByteStr, ByteStr, usize), Vec<Unknown>> = BTreeMap::new();
    for c in kept.into_iter().chain(lexical) {
        by_key
            .entry((c.name, c.ns, c.index))
            .or_default()
            .push(c.unknown);
    }
    let mut seen: BTreeMap<(ByteStr, ByteStr), usize> = BTreeMap::new();
    for child in el.children_mut() {
        if by_key.is_empty() {
            break;
        }
        let name = child.name_bytestr().clone();
        let ns = child.ns_bytestr().clone();
        let n = seen.entry((name.clone(), ns.clone())).or_insert(0);
        let index = *n;
        *n += 1;
        if let Some(us) = by_key.remove(&(name, ns, index)) {
            for u in us {
                u.write_to(child);
            }
        }
    }
}

impl Lexical {
    fn restore(self, el: &mut Element) {
        match self.attr {
            Some(name) => {
                if el.attr(&name) == self.written.as_deref() {
                    el.set_attr(name, self.original);
                }
            }
            None => {
                let written = self.written.as_deref().unwrap_or("");
                let same = match el.nodes() {
                    [] => written.is_empty(),
                    [Node::Text(t)] => *t == *written,
                    _ => false,
                };
                if same {
                    el.nodes_mut().clear();
                    el.append_text(self.original);
                }
            }
        }
    }
}

/// Takes a leaf element apart: its text (all text nodes, concatenated;
/// no copy for a single one) and what else it holds — attributes other
/// than those named in `known` (un-namespaced) and `xml:lang` when
/// `lang_known`, and child elements.
pub(crate) fn split_leaf(el: Element, known: &[&str], lang_known: bool) -> (ByteStr, Unknown) {
    let mut unknown = Unknown::default();
    if !el.attrs().is_empty() {
        for a in el.attrs() {
            let is_known = match &a.ns {
                None => known.iter().any(|k| a.name == **k),
                Some(_) => lang_known && a.is_xml_lang(),
            };
            if !is_known {
                unknown.attrs.push(a.clone());
            }
        }
    }
    let mut text: Option<ByteStr> = None;
    let mut acc: Option<String> = None;
    for n in el.into_nodes() {
        match n {
            Node::Text(t) => match (&text, &mut acc) {
                (None, _) => text = Some(t),
                (Some(first), None) => {
                    let mut s = first.to_string();
                    s.push_str(&t);
                    acc = Some(s);
                }
                (Some(_), Some(s)) => s.push_str(&t),
            },
            n @ Node::Element(_) => unknown.nodes.push(n),
        }
    }
    let text = match acc {
        Some(s) => ByteStr::from(s),
        None => text.unwrap_or_default(),
    };
    (text, unknown)
}

/// A typed leaf child being read (a `<body/>`, a `<show/>`, a feature
/// element read as a flag): its text, and what else it holds, to keep in
/// the parent's [`Unknown`] with [`Leaf::keep_in`].
pub(crate) struct Leaf {
    /// The text (all text nodes, concatenated).
    pub text: ByteStr,
    name: ByteStr,
    ns: ByteStr,
    unknown: Unknown,
}

impl Leaf {
    /// Takes `el` apart; `known` and `lang_known` as for [`split_leaf`].
    pub(crate) fn new(el: Element, known: &[&str], lang_known: bool) -> Leaf {
        let (name, ns) = (el.name_bytestr().clone(), el.ns_bytestr().clone());
        let (text, unknown) = split_leaf(el, known, lang_known);
        Leaf {
            text,
            name,
            ns,
            unknown,
        }
    }

    /// Says that the model writes the value read as `written`: the text as
    /// read is restored while the value is unchanged.
    pub(crate) fn written_as(&mut self, written: impl Into<ByteStr>) {
        let original = self.text.clone();
        self.unknown
            .keep_lexical(None, Some(written.into()), original);
    }

    /// Keeps what the model does not read of this leaf in `parent`, as the
    /// `index`-th typed child of its name.
    pub(crate) fn keep_in(self, parent: &mut Unknown, index: usize) {
        parent.keep_child(self.name, self.ns, index, self.unknown);
    }
}

/// How `value` is written, if that differs from `original` (`None` when
/// they are the same). Formats into a stack buffer first, so that the usual
/// case (the canonical form was read) allocates nothing.
pub(crate) fn written_if_differs<T: std::fmt::Display>(
    value: &T,
    original: &str,
) -> Option<String> {
    use std::fmt::Write;
    struct Stack {
        buf: [u8; 48],
        len: usize,
    }
    impl Write for Stack {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            let end = self.len + s.len();
            let dst = self.buf.get_mut(self.len..end).ok_or(std::fmt::Error)?;
            dst.copy_from_slice(s.as_bytes());
            self.len = end;
            Ok(())
        }
    }
    let mut s = Stack {
        buf: [0; 48],
        len: 0,
    };
    if write!(s, "{value}").is_ok() && s.buf.get(..s.len) == Some(original.as_bytes()) {
        return None;
    }
    let written = value.to_string();
    (written != original).then_some(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_form_only_when_it_differs() {
        assert_eq!(written_if_differs(&5u32, "5"), None);
        assert_eq!(written_if_differs(&5u32, "05").as_deref(), Some("5"));
        assert_eq!(written_if_differs(&-3i8, " -3 ").as_deref(), Some("-3"));
        let long = "x".repeat(100);
        assert_eq!(written_if_differs(&long, &long), None);
        assert_eq!(
            written_if_differs(&long, "y").as_deref(),
            Some(long.as_str())
        );
    }

    #[test]
    fn a_leaf_keeps_what_is_not_its_text() {
        let el = Element::builder("body", "jabber:client")
            .attr_ns("lang", crate::xml::ns::XML, "en")
            .attr("x", "1")
            .text("a")
            .append(Element::new("b", "urn:x"))
            .text("c")
            .build();
        let (text, u) = split_leaf(el, &[], true);
        assert_eq!(text, "ac");
        assert_eq!(u.attrs.len(), 1);
        assert_eq!(u.elements().count(), 1);
    }

    #[test]
    fn lexical_form_is_restored_only_for_the_same_value() {
        let mut u = Unknown::default();
        u.keep_lexical(Some("resume".into()), Some("true".into()), "1".into());
        assert!(u.is_empty() && !u.lexical.is_empty());
        let mut same = Element::builder("enable", "urn:xmpp:sm:3")
            .attr("resume", "true")
            .build();
        u.clone().write_to(&mut same);
        assert_eq!(same.attr("resume"), Some("1"));
        let mut changed = Element::new("enable", "urn:xmpp:sm:3");
        u.write_to(&mut changed);
        assert_eq!(changed.attr("resume"), None);
    }
}
