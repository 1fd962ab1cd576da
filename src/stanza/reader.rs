//! Crate-private helpers that take an [`Element`] apart for the models of
//! [`stanza`](super) and [`xep`](super::xep), and put one together.

use super::Unknown;
use super::unknown::{split_leaf, written_if_differs};
use super::xep::PayloadError;
use crate::jid::JidError;
use crate::xml::{Attribute, ByteStr, Element, Node};
use std::str::FromStr;

/// An element being taken apart: every attribute or child that a model
/// reads is removed, and what is left becomes its [`Unknown`].
pub(crate) struct Reader {
    /// The element's local name, for error messages.
    pub(crate) name: &'static str,
    attrs: Vec<Attribute>,
    nodes: Vec<Node>,
    /// What was kept of typed children, and lexical forms.
    kept: Unknown,
    /// For a child's reader: the child's name, namespace and position.
    origin: Option<(ByteStr, ByteStr, usize)>,
}

impl Reader {
    /// Starts reading `el`, which must be `<name xmlns='ns'/>`.
    pub(crate) fn new(
        el: Element,
        name: &'static str,
        ns: &'static str,
    ) -> Result<Reader, PayloadError> {
        if !el.is(name, ns) {
            return Err(unexpected(&el, name, ns));
        }
        Ok(Reader::unchecked(el, name))
    }

    /// Starts reading `el` whose name and namespace the caller checked.
    pub(crate) fn unchecked(el: Element, name: &'static str) -> Reader {
        let attrs = el.attrs().to_vec();
        Reader {
            name,
            attrs,
            nodes: el.into_nodes(),
            kept: Unknown::default(),
            origin: None,
        }
    }

    /// Starts reading `el`, the `index`-th child of its name and namespace
    /// of the element being read; hand it back with [`Reader::keep`].
    pub(crate) fn child_reader(el: Element, name: &'static str, index: usize) -> Reader {
        let origin = (el.name_bytestr().clone(), el.ns_bytestr().clone(), index);
        Reader {
            origin: Some(origin),
            ..Reader::unchecked(el, name)
        }
    }

    /// Keeps what the child reader `sub` did not take.
    pub(crate) fn keep(&mut self, sub: Reader) {
        if let Some((name, ns, index)) = sub.origin.clone() {
            self.kept.keep_child(name, ns, index, sub.finish());
        }
    }

    /// Takes the child element `name` in `ns` (at most once) as a reader
    /// of its own, for a model that reads it field by field.
    pub(crate) fn child_reader_of(
        &mut self,
        name: &'static str,
        ns: &str,
    ) -> Result<Option<Reader>, PayloadError> {
        Ok(self
            .child(name, ns)?
            .map(|e| Reader::child_reader(e, name, 0)))
    }

    /// Takes the required child element `name` in `ns` (at most once) as
    /// a reader of its own.
    pub(crate) fn req_child_reader(
        &mut self,
        name: &'static str,
        ns: &str,
    ) -> Result<Reader, PayloadError> {
        let e = self.req_child(name, ns)?;
        Ok(Reader::child_reader(e, name, 0))
    }

    /// Takes the child `name` in `ns` (at most once), a flag (present or
    /// not); what it holds is kept.
    pub(crate) fn child_flag(
        &mut self,
        name: &'static str,
        ns: &str,
    ) -> Result<bool, PayloadError> {
        match self.child_reader_of(name, ns)? {
            Some(mut f) => {
                f.text_as("");
                self.keep(f);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Takes the child elements `name` in `ns`, each as a reader of its
    /// own (see [`Reader::child_reader_of`]).
    pub(crate) fn children_readers(&mut self, name: &'static str, ns: &str) -> Vec<Reader> {
        self.children(name, ns)
            .into_iter()
            .enumerate()
            .map(|(i, e)| Reader::child_reader(e, name, i))
            .collect()
    }

    /// Takes the un-namespaced attribute `attr`. A repeated one (which no
    /// parser lets through, but an element built in code may hold) is
    /// dropped: the first one is the value, and the model writes it once.
    pub(crate) fn attr(&mut self, attr: &str) -> Option<ByteStr> {
        self.take_attr(|a| a.is_plain(attr))
    }

    /// Takes the first attribute for which `is` holds, dropping repeats.
    fn take_attr(&mut self, is: impl Fn(&Attribute) -> bool) -> Option<ByteStr> {
        let i = self.attrs.iter().position(&is)?;
        let value = self.attrs.remove(i).value;
        if self.attrs.iter().skip(i).any(&is) {
            self.attrs.retain(|a| !is(a));
        }
        Some(value)
    }

    /// Takes the `xml:lang` attribute (a repeated one is dropped, as in
    /// [`Reader::attr`]).
    pub(crate) fn lang(&mut self) -> Option<ByteStr> {
        self.take_attr(Attribute::is_xml_lang)
    }

    /// Takes the required attribute `attr`.
    pub(crate) fn req_attr(&mut self, attr: &'static str) -> Result<ByteStr, PayloadError> {
        self.attr(attr).ok_or(PayloadError::MissingAttribute {
            element: self.name,
            attribute: attr,
        })
    }

    /// Takes attribute `attr` and parses it with `FromStr`; `reason` says
    /// what was expected.
    pub(crate) fn attr_parse<T: FromStr + std::fmt::Display>(
        &mut self,
        attr: &'static str,
        reason: &'static str,
    ) -> Result<Option<T>, PayloadError> {
        let Some(v) = self.attr(attr) else {
            return Ok(None);
        };
        let parsed: T = v
            .parse()
            .map_err(|_| PayloadError::attr(self.name, attr, &v, reason))?;
        if let Some(written) = written_if_differs(&parsed, &v) {
            self.kept.keep_lexical(
                Some(ByteStr::from_static(attr)),
                Some(ByteStr::from(written)),
                v,
            );
        }
        Ok(Some(parsed))
    }

    /// Takes the required attribute `attr` and parses it with `FromStr`.
    pub(crate) fn req_attr_parse<T: FromStr + std::fmt::Display>(
        &mut self,
        attr: &'static str,
        reason: &'static str,
    ) -> Result<T, PayloadError> {
        self.attr_parse(attr, reason)?
            .ok_or(PayloadError::MissingAttribute {
                element: self.name,
                attribute: attr,
            })
    }

    /// Takes attribute `attr` as a JID of type `J`.
    pub(crate) fn attr_jid<J: FromStr<Err = JidError>>(
        &mut self,
        attr: &'static str,
    ) -> Result<Option<J>, PayloadError> {
        match self.attr(attr) {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|source| PayloadError::InvalidJid {
                    element: self.name,
                    attribute: attr,
                    source,
                }),
        }
    }

    /// Takes the required attribute `attr` as a JID of type `J`.
    pub(crate) fn req_attr_jid<J: FromStr<Err = JidError>>(
        &mut self,
        attr: &'static str,
    ) -> Result<J, PayloadError> {
        self.attr_jid(attr)?.ok_or(PayloadError::MissingAttribute {
            element: self.name,
            attribute: attr,
        })
    }

    /// Takes attribute `attr` as an `xs:boolean` (`true`, `false`, `1`,
    /// `0`), written back as read while the value is unchanged.
    pub(crate) fn attr_bool(&mut self, attr: &'static str) -> Result<Option<bool>, PayloadError> {
        self.bool_attr(attr, None)
    }

    /// Takes the `xs:boolean` attribute `attr` of a flag that is false when
    /// absent and written only when true; an explicit `false` (or `0`) is
    /// written back as read while the flag stays false.
    pub(crate) fn attr_flag(&mut self, attr: &'static str) -> Result<bool, PayloadError> {
        Ok(self.bool_attr(attr, Some(false))?.unwrap_or(false))
    }

    fn bool_attr(
        &mut self,
        attr: &'static str,
        omitted: Option<bool>,
    ) -> Result<Option<bool>, PayloadError> {
        let Some(v) = self.attr(attr) else {
            return Ok(None);
        };
        let b = parse_bool(&v)
            .ok_or_else(|| PayloadError::attr(self.name, attr, &v, "not an xs:boolean"))?;
        let written = (omitted != Some(b)).then(|| ByteStr::from_static(bool_str(b)));
        self.kept
            .keep_lexical(Some(ByteStr::from_static(attr)), written, v);
        Ok(Some(b))
    }

    /// Takes the first child `name` in `ns`, a flag (present or not); what
    /// it holds is kept. A repeated one stays with the unknown nodes.
    pub(crate) fn flag(&mut self, name: &str, ns: &str) -> bool {
        let Some(i) = self
            .nodes
            .iter()
            .position(|n| matches!(n, Node::Element(e) if e.is(name, ns)))
        else {
            return false;
        };
        if let Node::Element(e) = self.nodes.remove(i) {
            let mut sub = Reader::child_reader(e, "flag", 0);
            sub.text_as("");
            self.keep(sub);
        }
        true
    }

    /// Says that the model writes this element's text as `written`: the
    /// text as read (see [`Reader::text`]) is restored while the value is
    /// unchanged.
    pub(crate) fn text_as(&mut self, written: impl Into<ByteStr>) {
        let original = self.text();
        self.kept
            .keep_lexical(None, Some(written.into()), ByteStr::from(original));
    }

    /// Takes the first child element `name` in `ns` as a reader of its own
    /// (a repeated one stays with the unknown nodes); hand it back with
    /// [`Reader::keep`].
    pub(crate) fn child_reader_first(&mut self, name: &'static str, ns: &str) -> Option<Reader> {
        self.take_first(name, ns)
            .map(|e| Reader::child_reader(e, name, 0))
    }

    /// Takes the first child element `name` in `ns`; later ones stay.
    fn take_first(&mut self, name: &str, ns: &str) -> Option<Element> {
        let i = self
            .nodes
            .iter()
            .position(|n| matches!(n, Node::Element(e) if e.is(name, ns)))?;
        match self.nodes.remove(i) {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        }
    }

    /// Takes all remaining child nodes, for a model that sorts them itself
    /// (what it does not type it must keep).
    pub(crate) fn take_nodes(&mut self) -> Vec<Node> {
        std::mem::take(&mut self.nodes)
    }

    /// Gives back a node taken with [`Reader::take_nodes`] that the model
    /// does not type: it is kept.
    pub(crate) fn put_back(&mut self, node: Node) {
        self.nodes.push(node);
    }

    /// Takes the child elements named `name` in `ns`, in document order.
    pub(crate) fn children(&mut self, name: &str, ns: &str) -> Vec<Element> {
        self.take_children(|e| e.is(name, ns))
    }

    /// Takes the child elements for which `pred` holds, in document order.
    pub(crate) fn take_children(&mut self, mut pred: impl FnMut(&Element) -> bool) -> Vec<Element> {
        let mut taken = Vec::new();
        let mut kept = Vec::with_capacity(self.nodes.len());
        for n in std::mem::take(&mut self.nodes) {
            match n {
                Node::Element(e) if pred(&e) => taken.push(e),
                other => kept.push(other),
            }
        }
        self.nodes = kept;
        taken
    }

    /// Takes the child element `name` in `ns`, which may appear at most
    /// once.
    pub(crate) fn child(
        &mut self,
        name: &'static str,
        ns: &str,
    ) -> Result<Option<Element>, PayloadError> {
        let mut found = self.children(name, ns);
        if found.len() > 1 {
            return Err(PayloadError::DuplicateChild {
                element: self.name,
                child: name,
            });
        }
        Ok(found.pop())
    }

    /// Takes the required child element `name` in `ns` (at most once).
    pub(crate) fn req_child(
        &mut self,
        name: &'static str,
        ns: &str,
    ) -> Result<Element, PayloadError> {
        self.child(name, ns)?.ok_or(PayloadError::MissingChild {
            element: self.name,
            child: name,
        })
    }

    /// Takes the text of child `name` in `ns` (at most once); what else
    /// that child holds is kept.
    pub(crate) fn child_text(
        &mut self,
        name: &'static str,
        ns: &str,
    ) -> Result<Option<String>, PayloadError> {
        Ok(self.child(name, ns)?.map(|e| self.leaf_text(e, 0)))
    }

    /// Takes the text of the first child `name` in `ns`; what else that
    /// child holds is kept, and a repeated one stays with the unknown nodes
    /// (for a field a schema lets repeat that the model types once).
    pub(crate) fn child_text_first(&mut self, name: &'static str, ns: &str) -> Option<String> {
        self.take_first(name, ns).map(|e| self.leaf_text(e, 0))
    }

    /// Takes the text of the required child `name` in `ns`.
    pub(crate) fn req_child_text(
        &mut self,
        name: &'static str,
        ns: &str,
    ) -> Result<String, PayloadError> {
        let e = self.req_child(name, ns)?;
        Ok(self.leaf_text(e, 0))
    }

    /// Takes the text of child `name` in `ns` (at most once), surrounding
    /// whitespace aside, parsed with `FromStr`; `reason` says what was
    /// expected. What else the child holds, and its text as read, are kept.
    pub(crate) fn child_parse<T: FromStr + std::fmt::Display>(
        &mut self,
        name: &'static str,
        ns: &str,
        reason: &'static str,
    ) -> Result<Option<T>, PayloadError> {
        let Some(mut c) = self.child_reader_of(name, ns)? else {
            return Ok(None);
        };
        let text = c.text();
        let v: T = text
            .trim()
            .parse()
            .map_err(|_| PayloadError::text(name, &text, reason))?;
        if let Some(written) = written_if_differs(&v, &text) {
            c.kept
                .keep_lexical(None, Some(ByteStr::from(written)), ByteStr::from(text));
        }
        self.keep(c);
        Ok(Some(v))
    }

    /// Like [`Reader::child_parse`], for a required child.
    pub(crate) fn req_child_parse<T: FromStr + std::fmt::Display>(
        &mut self,
        name: &'static str,
        ns: &str,
        reason: &'static str,
    ) -> Result<T, PayloadError> {
        self.child_parse(name, ns, reason)?
            .ok_or(PayloadError::MissingChild {
                element: self.name,
                child: name,
            })
    }

    /// Takes the texts of the children `name` in `ns`, in order; what else
    /// they hold is kept.
    pub(crate) fn children_texts(&mut self, name: &str, ns: &str) -> Vec<String> {
        self.children(name, ns)
            .into_iter()
            .enumerate()
            .map(|(i, e)| self.leaf_text(e, i))
            .collect()
    }

    /// The text of `el`, the `index`-th typed child of its name; its
    /// attributes and child elements are kept.
    fn leaf_text(&mut self, el: Element, index: usize) -> String {
        let (name, ns) = (el.name_bytestr().clone(), el.ns_bytestr().clone());
        let (text, unknown) = split_leaf(el, &[], false);
        self.kept.keep_child(name, ns, index, unknown);
        text.to_string()
    }

    /// Takes the element's own text (all its text nodes, concatenated).
    pub(crate) fn text(&mut self) -> String {
        let mut s = String::new();
        self.nodes.retain(|n| match n {
            Node::Text(t) => {
                s.push_str(t);
                false
            }
            Node::Element(_) => true,
        });
        s
    }

    /// What was not taken. Whitespace-only text is dropped: the models are
    /// for elements that hold only elements, or read their text with
    /// [`Reader::text`] first.
    pub(crate) fn finish(mut self) -> Unknown {
        self.nodes
            .retain(|n| !matches!(n, Node::Text(t) if t.trim().is_empty()));
        let mut u = self.kept;
        u.attrs = self.attrs;
        u.nodes = self.nodes;
        u
    }
}

/// The error for an element that is not `<name xmlns='ns'/>`.
pub(crate) fn unexpected(el: &Element, name: &'static str, ns: &'static str) -> PayloadError {
    PayloadError::UnexpectedElement {
        expected: name,
        expected_ns: ns,
        found: super::xep::cut(el.name()),
        found_ns: super::xep::cut(el.ns()),
    }
}

/// How a boolean is written.
pub(crate) fn bool_str(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// Parses an `xs:boolean`.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// `<name xmlns='ns'>text</name>`.
pub(crate) fn text_element(
    name: &'static str,
    ns: &'static str,
    text: impl Into<ByteStr>,
) -> Element {
    Element::builder(name, ns).text(text).build()
}

/// Finishes `el` with `unknown` and returns it.
pub(crate) fn with_unknown(mut el: Element, unknown: Unknown) -> Element {
    unknown.write_to(&mut el);
    el
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_takes_what_it_reads_and_keeps_the_rest() {
        let el = Element::builder("a", "urn:x")
            .attr("k", "v")
            .attr("other", "1")
            .append(Element::builder("b", "urn:x").text("t"))
            .append(Element::new("c", "urn:y"))
            .text("  ")
            .build();
        let mut r = Reader::new(el, "a", "urn:x").unwrap();
        assert_eq!(r.attr("k").as_deref(), Some("v"));
        assert_eq!(r.child_text("b", "urn:x").unwrap().as_deref(), Some("t"));
        let u = r.finish();
        assert_eq!(u.attrs.len(), 1);
        assert_eq!(u.nodes.len(), 1);
        assert_eq!(u.elements().next().map(|e| e.name()), Some("c"));
    }

    #[test]
    fn duplicate_child_is_an_error() {
        let el = Element::builder("a", "urn:x")
            .append(Element::new("b", "urn:x"))
            .append(Element::new("b", "urn:x"))
            .build();
        let mut r = Reader::new(el, "a", "urn:x").unwrap();
        assert_eq!(
            r.child("b", "urn:x"),
            Err(PayloadError::DuplicateChild {
                element: "a",
                child: "b"
            })
        );
    }

    #[test]
    fn wrong_element_is_named_in_the_error() {
        let el = Element::new("z", "urn:y");
        let err = Reader::new(el, "a", "urn:x").err().unwrap();
        assert_eq!(
            err.to_string(),
            "expected <a xmlns='urn:x'>, found <z xmlns='urn:y'>"
        );
    }

    #[test]
    fn booleans() {
        for (s, v) in [
            ("true", Some(true)),
            ("1", Some(true)),
            ("false", Some(false)),
            ("0", Some(false)),
            ("yes", None),
            ("", None),
        ] {
            assert_eq!(parse_bool(s), v, "{s}");
        }
    }
}
