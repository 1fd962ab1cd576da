//! Crate-private helpers that take an [`Element`] apart for the models of
//! [`xep`](super), and put one together.

use super::{PayloadError, Unknown};
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
        }
    }

    /// Takes the un-namespaced attribute `attr`.
    pub(crate) fn attr(&mut self, attr: &str) -> Option<ByteStr> {
        let i = self
            .attrs
            .iter()
            .position(|a| a.ns.is_none() && *a.name == *attr)?;
        Some(self.attrs.remove(i).value)
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
    pub(crate) fn attr_parse<T: FromStr>(
        &mut self,
        attr: &'static str,
        reason: &'static str,
    ) -> Result<Option<T>, PayloadError> {
        match self.attr(attr) {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| PayloadError::attr(self.name, attr, &v, reason)),
        }
    }

    /// Takes the required attribute `attr` and parses it with `FromStr`.
    pub(crate) fn req_attr_parse<T: FromStr>(
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
    /// `0`).
    pub(crate) fn attr_bool(&mut self, attr: &'static str) -> Result<Option<bool>, PayloadError> {
        match self.attr(attr) {
            None => Ok(None),
            Some(v) => parse_bool(&v)
                .map(Some)
                .ok_or_else(|| PayloadError::attr(self.name, attr, &v, "not an xs:boolean")),
        }
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

    /// Takes the text of child `name` in `ns` (at most once). Attributes
    /// and children of that child are not kept.
    pub(crate) fn child_text(
        &mut self,
        name: &'static str,
        ns: &str,
    ) -> Result<Option<String>, PayloadError> {
        Ok(self.child(name, ns)?.map(|e| e.text().into_owned()))
    }

    /// Takes the text of the required child `name` in `ns`.
    pub(crate) fn req_child_text(
        &mut self,
        name: &'static str,
        ns: &str,
    ) -> Result<String, PayloadError> {
        Ok(self.req_child(name, ns)?.text().into_owned())
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
        Unknown {
            attrs: self.attrs,
            nodes: self.nodes,
        }
    }
}

/// The error for an element that is not `<name xmlns='ns'/>`.
pub(crate) fn unexpected(el: &Element, name: &'static str, ns: &'static str) -> PayloadError {
    PayloadError::UnexpectedElement {
        expected: name,
        expected_ns: ns,
        found: super::error::cut(el.name()),
        found_ns: super::error::cut(el.ns()),
    }
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
