//! [`Element`] and [`Node`]: the XML tree a stanza is made of.

use super::ByteStr;
use std::borrow::Cow;
use std::sync::Arc;

/// One attribute of an [`Element`].
///
/// `ns` is `None` for the usual un-prefixed attribute; `xml:lang` has
/// `ns == Some(`[`ns::XML`](super::ns::XML)`)`. The parser never produces
/// `Some("")`, and the writer treats it as `None` (an empty namespace name
/// is no namespace).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Attribute {
    /// The local name.
    pub name: ByteStr,
    /// The namespace URI, for a prefixed attribute.
    pub ns: Option<ByteStr>,
    /// The value, with references already resolved.
    pub value: ByteStr,
}

impl Attribute {
    /// True for the un-namespaced attribute `name`. Compares bytes: no
    /// UTF-8 re-validation, unlike going through `&str`.
    #[inline]
    pub(crate) fn is_plain(&self, name: &str) -> bool {
        self.ns.is_none() && self.name == *name
    }

    /// True for the attribute `name` in namespace `ns`.
    #[inline]
    pub(crate) fn is_in(&self, name: &str, ns: &str) -> bool {
        self.ns.as_ref().is_some_and(|n| *n == *ns) && self.name == *name
    }

    /// True for `xml:lang`.
    #[inline]
    pub(crate) fn is_xml_lang(&self) -> bool {
        self.is_in("lang", super::ns::XML)
    }
}

/// A child of an [`Element`]: an element or a run of text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    /// A child element.
    Element(Element),
    /// Character data (references resolved, CDATA sections unwrapped).
    Text(ByteStr),
}

impl Node {
    /// The element, if this node is one.
    pub fn as_element(&self) -> Option<&Element> {
        match self {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        }
    }

    /// The text, if this node is text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Node::Text(t) => Some(t),
            Node::Element(_) => None,
        }
    }
}

impl From<Element> for Node {
    fn from(e: Element) -> Self {
        Node::Element(e)
    }
}

impl From<ByteStr> for Node {
    fn from(t: ByteStr) -> Self {
        Node::Text(t)
    }
}

impl From<String> for Node {
    fn from(t: String) -> Self {
        Node::Text(t.into())
    }
}

impl From<&'static str> for Node {
    fn from(t: &'static str) -> Self {
        Node::Text(t.into())
    }
}

/// An XML element: namespace URI, local name, attributes and children.
///
/// Elements compare by namespace, name, attributes (in order), children and
/// the effective `xml:lang`; the prefix used on the wire is not part of
/// equality.
///
/// The elements of a parsed stanza share one allocation for their
/// attributes (so one kept child keeps its stanza's attributes alive, as
/// its strings keep the receive buffer alive); the first change to an
/// element's attributes gives it a copy of its own.
///
/// ```
/// use xmpp_sansio::xml::{Element, ns};
/// let msg = Element::builder("message", ns::JABBER_CLIENT)
///     .attr("to", "juliet@example.com")
///     .append(Element::builder("body", ns::JABBER_CLIENT).text("Wherefore?"))
///     .build();
/// assert_eq!(msg.attr("to"), Some("juliet@example.com"));
/// assert_eq!(msg.get_child("body", ns::JABBER_CLIENT).unwrap().text(), "Wherefore?");
/// ```
#[derive(Clone, Debug)]
pub struct Element {
    name: ByteStr,
    ns: ByteStr,
    prefix: Option<ByteStr>,
    attrs: Attrs,
    children: Vec<Node>,
    /// The `xml:lang` in scope: the element's own, or the one inherited from
    /// its parent or the stream header when it was parsed.
    lang: Option<ByteStr>,
}

/// Where an element's attributes are stored.
///
/// A parsed stanza keeps the attributes of all its elements in one shared
/// allocation (one heap allocation per stanza instead of one per element);
/// each element holds its range of it. The first change to an element's
/// attributes copies its own range into a `Vec` of its own.
#[derive(Clone, Debug)]
enum Attrs {
    Owned(Vec<Attribute>),
    Shared {
        all: Arc<[Attribute]>,
        start: u32,
        end: u32,
    },
}

impl Attrs {
    #[inline]
    fn as_slice(&self) -> &[Attribute] {
        match self {
            Attrs::Owned(v) => v,
            Attrs::Shared { all, start, end } => {
                all.get(*start as usize..*end as usize).unwrap_or_default()
            }
        }
    }

    /// The attributes as a `Vec` of this element's own, copied out of the
    /// stanza's shared storage first if need be.
    fn to_mut(&mut self) -> &mut Vec<Attribute> {
        if let Attrs::Shared { .. } = self {
            *self = Attrs::Owned(self.as_slice().to_vec());
        }
        match self {
            Attrs::Owned(v) => v,
            // Made owned just above; this arm cannot be reached.
            Attrs::Shared { .. } => unreachable!("attributes were just made owned"),
        }
    }
}

impl PartialEq for Element {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.ns == other.ns
            && self.attrs() == other.attrs()
            && self.children == other.children
            && self.lang == other.lang
    }
}
impl Eq for Element {}

impl std::hash::Hash for Element {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
        self.ns.hash(state);
        self.attrs().hash(state);
        self.children.hash(state);
        self.lang.hash(state);
    }
}

impl Element {
    /// A new element with no attributes or children.
    pub fn new(name: impl Into<ByteStr>, ns: impl Into<ByteStr>) -> Element {
        Element {
            name: name.into(),
            ns: ns.into(),
            prefix: None,
            attrs: Attrs::Owned(Vec::new()),
            children: Vec::new(),
            lang: None,
        }
    }

    /// An element from its parts, as the parser builds it (no checks;
    /// `lang` is the `xml:lang` in scope, own or inherited). Its attributes
    /// are `all[range]`, shared with the other elements of the stanza.
    #[inline]
    pub(crate) fn from_parts(
        name: ByteStr,
        ns: ByteStr,
        prefix: Option<ByteStr>,
        attrs: Option<(Arc<[Attribute]>, std::ops::Range<usize>)>,
        children: Vec<Node>,
        lang: Option<ByteStr>,
    ) -> Element {
        let attrs = match attrs {
            Some((all, range)) if range.start < range.end && range.end <= all.len() => {
                match (u32::try_from(range.start), u32::try_from(range.end)) {
                    (Ok(start), Ok(end)) => Attrs::Shared { all, start, end },
                    _ => Attrs::Owned(all.get(range).unwrap_or_default().to_vec()),
                }
            }
            _ => Attrs::Owned(Vec::new()),
        };
        Element {
            name,
            ns,
            prefix,
            attrs,
            children,
            lang,
        }
    }

    /// Starts building an element named `name` in namespace `ns`.
    pub fn builder(name: impl Into<ByteStr>, ns: impl Into<ByteStr>) -> ElementBuilder {
        ElementBuilder {
            element: Element::new(name, ns),
        }
    }

    /// The local name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The local name as a shared [`ByteStr`].
    pub fn name_bytestr(&self) -> &ByteStr {
        &self.name
    }

    /// The namespace URI (empty when the element is in no namespace).
    pub fn ns(&self) -> &str {
        &self.ns
    }

    /// The namespace URI as a shared [`ByteStr`].
    pub fn ns_bytestr(&self) -> &ByteStr {
        &self.ns
    }

    /// True if this element has local name `name` in namespace `ns`.
    pub fn is(&self, name: &str, ns: &str) -> bool {
        self.name == *name && self.ns == *ns
    }

    /// The prefix the element was written with on the wire, if any. Only kept
    /// where it is needed to serialize (e.g. `stream:features`).
    pub fn prefix(&self) -> Option<&str> {
        self.prefix.as_deref()
    }

    /// Sets the prefix used when serializing this element. The writer does
    /// not use it for an element in no namespace (a prefix cannot be bound
    /// to no namespace), nor when it is `xml` or `xmlns`; an element in the
    /// XML namespace is always written with `xml`.
    pub fn set_prefix(&mut self, prefix: Option<ByteStr>) {
        self.prefix = prefix;
    }

    /// The value of the un-namespaced attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs()
            .iter()
            .find(|a| a.is_plain(name))
            .map(|a| &*a.value)
    }

    /// The value of attribute `name` in namespace `ns`; an empty `ns` is
    /// no namespace, as for [`Element::attr`].
    pub fn attr_ns(&self, name: &str, ns: &str) -> Option<&str> {
        if ns.is_empty() {
            return self.attr(name);
        }
        self.attrs()
            .iter()
            .find(|a| a.is_in(name, ns))
            .map(|a| &*a.value)
    }

    /// All attributes, in document order.
    pub fn attrs(&self) -> &[Attribute] {
        self.attrs.as_slice()
    }

    /// Sets the un-namespaced attribute `name`, replacing an existing value.
    pub fn set_attr(&mut self, name: impl Into<ByteStr>, value: impl Into<ByteStr>) {
        let name = name.into();
        let value = value.into();
        let attrs = self.attrs.to_mut();
        if let Some(a) = attrs.iter_mut().find(|a| a.ns.is_none() && a.name == name) {
            a.value = value;
        } else {
            attrs.push(Attribute {
                name,
                ns: None,
                value,
            });
        }
    }

    /// Sets attribute `name` in namespace `ns`, replacing an existing value.
    /// Setting `xml:lang` this way also sets [`Element::lang`]. An empty
    /// `ns` is no namespace: the same as [`Element::set_attr`] (Namespaces
    /// in XML 1.0 §2.2: the empty string is not a namespace name).
    pub fn set_attr_ns(
        &mut self,
        name: impl Into<ByteStr>,
        ns: impl Into<ByteStr>,
        value: impl Into<ByteStr>,
    ) {
        let name = name.into();
        let ns = ns.into();
        let value = value.into();
        if ns.is_empty() {
            return self.set_attr(name, value);
        }
        if ns == *super::ns::XML && name == *"lang" {
            self.lang = Some(value.clone());
        }
        let attrs = self.attrs.to_mut();
        if let Some(a) = attrs
            .iter_mut()
            .find(|a| a.ns.as_ref() == Some(&ns) && a.name == name)
        {
            a.value = value;
        } else {
            attrs.push(Attribute {
                name,
                ns: Some(ns),
                value,
            });
        }
    }

    /// Removes the un-namespaced attribute `name`, returning its value.
    pub fn remove_attr(&mut self, name: &str) -> Option<ByteStr> {
        let i = self.attrs().iter().position(|a| a.is_plain(name))?;
        Some(self.attrs.to_mut().remove(i).value)
    }

    /// Appends an attribute as is (used by the parser; does not check for
    /// duplicates).
    pub fn push_attribute(&mut self, attr: Attribute) {
        if attr.is_xml_lang() {
            self.lang = Some(attr.value.clone());
        }
        self.attrs.to_mut().push(attr);
    }

    /// The `xml:lang` in scope for this element: its own `xml:lang`
    /// attribute, or, for a parsed element, the one inherited from its
    /// ancestors or the stream header (RFC 6120 §4.7.4, §8.1.5).
    pub fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }

    /// The element's own `xml:lang` attribute (no inheritance).
    pub fn own_lang(&self) -> Option<&str> {
        self.attr_ns("lang", super::ns::XML)
    }

    /// Sets the inherited `xml:lang` of this element (the language in scope
    /// where it stands) without adding an attribute. Has no effect if the
    /// element has its own `xml:lang`.
    pub fn set_inherited_lang(&mut self, lang: Option<ByteStr>) {
        if self.own_lang().is_none() {
            self.lang = lang;
        }
    }

    /// All child nodes (elements and text), in document order.
    pub fn nodes(&self) -> &[Node] {
        &self.children
    }

    /// All child nodes, mutably.
    pub fn nodes_mut(&mut self) -> &mut Vec<Node> {
        &mut self.children
    }

    /// Consumes the element, returning its child nodes.
    pub fn into_nodes(self) -> Vec<Node> {
        self.children
    }

    /// The child elements, in document order (text is skipped).
    pub fn children(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(Node::as_element)
    }

    /// The child elements, mutably.
    pub fn children_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element named `name` in namespace `ns`.
    pub fn get_child(&self, name: &str, ns: &str) -> Option<&Element> {
        self.children().find(|e| e.is(name, ns))
    }

    /// The first child element named `name` in namespace `ns`, mutably.
    pub fn get_child_mut(&mut self, name: &str, ns: &str) -> Option<&mut Element> {
        self.children_mut().find(|e| e.is(name, ns))
    }

    /// True if there is a child element named `name` in namespace `ns`.
    pub fn has_child(&self, name: &str, ns: &str) -> bool {
        self.get_child(name, ns).is_some()
    }

    /// Removes and returns the first child element named `name` in `ns`.
    pub fn remove_child(&mut self, name: &str, ns: &str) -> Option<Element> {
        let i = self
            .children
            .iter()
            .position(|n| matches!(n, Node::Element(e) if e.is(name, ns)))?;
        match self.children.remove(i) {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        }
    }

    /// The concatenation of the direct text children (not descendants').
    /// Borrowed when there is at most one text node.
    pub fn text(&self) -> Cow<'_, str> {
        let mut texts = self.children.iter().filter_map(Node::as_text);
        let Some(first) = texts.next() else {
            return Cow::Borrowed("");
        };
        match texts.next() {
            None => Cow::Borrowed(first),
            Some(second) => {
                let mut s = String::with_capacity(first.len() + second.len());
                s.push_str(first);
                s.push_str(second);
                for t in texts {
                    s.push_str(t);
                }
                Cow::Owned(s)
            }
        }
    }

    /// Appends a child element, returning a reference to it.
    pub fn append_child(&mut self, child: Element) -> &mut Element {
        self.children.push(Node::Element(child));
        match self.children.last_mut() {
            Some(Node::Element(e)) => e,
            // Just pushed an element; this arm cannot be reached.
            _ => unreachable!("the node just pushed is an element"),
        }
    }

    /// Appends a text node (adjacent text nodes are merged by the writer,
    /// not here).
    pub fn append_text(&mut self, text: impl Into<ByteStr>) {
        let text = text.into();
        if !text.is_empty() {
            self.children.push(Node::Text(text));
        }
    }

    /// Appends any node.
    pub fn append_node(&mut self, node: Node) {
        match node {
            Node::Text(t) => self.append_text(t),
            Node::Element(e) => self.children.push(Node::Element(e)),
        }
    }
}

/// Builds an [`Element`]; see [`Element::builder`].
#[derive(Clone, Debug)]
#[must_use = "call .build() to get the element"]
pub struct ElementBuilder {
    element: Element,
}

impl ElementBuilder {
    /// Sets an un-namespaced attribute.
    pub fn attr(mut self, name: impl Into<ByteStr>, value: impl Into<ByteStr>) -> Self {
        self.element.set_attr(name, value);
        self
    }

    /// Sets an un-namespaced attribute if `value` is `Some`.
    pub fn attr_opt(self, name: impl Into<ByteStr>, value: Option<impl Into<ByteStr>>) -> Self {
        match value {
            Some(v) => self.attr(name, v),
            None => self,
        }
    }

    /// Sets a namespaced attribute (an empty `ns` sets an un-namespaced one,
    /// see [`Element::set_attr_ns`]).
    pub fn attr_ns(
        mut self,
        name: impl Into<ByteStr>,
        ns: impl Into<ByteStr>,
        value: impl Into<ByteStr>,
    ) -> Self {
        self.element.set_attr_ns(name, ns, value);
        self
    }

    /// Sets `xml:lang`.
    pub fn lang(self, lang: impl Into<ByteStr>) -> Self {
        self.attr_ns("lang", super::ns::XML, lang)
    }

    /// Sets the prefix to serialize the element with (see
    /// [`Element::set_prefix`] for when it is not used).
    pub fn prefix(mut self, prefix: impl Into<ByteStr>) -> Self {
        self.element.prefix = Some(prefix.into());
        self
    }

    /// Appends a child node (an [`Element`], an [`ElementBuilder`] or text).
    pub fn append(mut self, node: impl Into<Node>) -> Self {
        self.element.append_node(node.into());
        self
    }

    /// Appends every node of `nodes`.
    pub fn append_all<N: Into<Node>>(mut self, nodes: impl IntoIterator<Item = N>) -> Self {
        for n in nodes {
            self.element.append_node(n.into());
        }
        self
    }

    /// Appends text.
    pub fn text(mut self, text: impl Into<ByteStr>) -> Self {
        self.element.append_text(text);
        self
    }

    /// Finishes the element.
    pub fn build(self) -> Element {
        self.element
    }
}

impl From<ElementBuilder> for Node {
    fn from(b: ElementBuilder) -> Self {
        Node::Element(b.build())
    }
}

impl From<ElementBuilder> for Element {
    fn from(b: ElementBuilder) -> Self {
        b.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::ns;

    #[test]
    fn builder_and_lookups() {
        let e = Element::builder("iq", ns::JABBER_CLIENT)
            .attr("type", "get")
            .attr("id", "1")
            .lang("en")
            .append(Element::builder("query", ns::ROSTER))
            .text("a")
            .text("b")
            .build();
        assert_eq!(e.attr("type"), Some("get"));
        assert_eq!(e.lang(), Some("en"));
        assert_eq!(e.own_lang(), Some("en"));
        assert!(e.has_child("query", ns::ROSTER));
        assert!(!e.has_child("query", ns::JABBER_CLIENT));
        assert_eq!(e.text(), "ab");
        assert_eq!(e.children().count(), 1);
    }

    #[test]
    fn set_and_remove_attr() {
        let mut e = Element::new("a", "urn:x");
        e.set_attr("k", "1");
        e.set_attr("k", "2");
        assert_eq!(e.attrs().len(), 1);
        assert_eq!(e.remove_attr("k").as_deref(), Some("2"));
        assert_eq!(e.attr("k"), None);
    }

    #[test]
    fn shared_attributes_are_copied_on_write() {
        let all: Arc<[Attribute]> = ["a", "b", "c"]
            .into_iter()
            .map(|n| Attribute {
                name: ByteStr::from_static(n),
                ns: None,
                value: ByteStr::from_static("v"),
            })
            .collect();
        // An element `x` holding `all[range]`, as the parser makes them.
        let part = |range: std::ops::Range<usize>| {
            let attrs = Some((Arc::clone(&all), range));
            Element::from_parts("x".into(), "urn:x".into(), None, attrs, Vec::new(), None)
        };
        let mut first = part(0..2);
        let second = part(2..3);
        assert_eq!(first.attr("b"), Some("v"));
        assert_eq!(first.attr("c"), None, "only its own range");
        assert_eq!(second.attrs().len(), 1);
        first.set_attr("b", "w");
        first.set_attr("d", "z");
        assert_eq!(first.remove_attr("a").as_deref(), Some("v"));
        assert_eq!(first.attrs().len(), 2);
        assert_eq!(first.attr("b"), Some("w"));
        assert_eq!(all[1].value, "v", "the shared storage is unchanged");
        assert_eq!(second.attr("c"), Some("v"));
        assert!(part(3..9).attrs().is_empty(), "out of range: empty");
        let owned = Element::builder("x", "urn:x")
            .attr("a", "v")
            .attr("b", "v")
            .build();
        assert_eq!(owned, part(0..2), "equality does not depend on the storage");
    }

    #[test]
    fn prefix_is_not_part_of_equality() {
        let a = Element::builder("features", ns::STREAM)
            .prefix("stream")
            .build();
        let b = Element::new("features", ns::STREAM);
        assert_eq!(a, b);
    }
}
