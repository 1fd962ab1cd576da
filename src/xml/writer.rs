//! Serialization of [`Element`] trees to XML bytes.
//!
//! Namespaces are declared only where they change: an element whose
//! namespace equals its parent's default namespace gets no `xmlns`. An
//! element that keeps a wire prefix (only elements in the stream namespace
//! do, e.g. `stream:features`) is written with it; inside a stream
//! ([`Element::write_to`]) the `stream` prefix is taken as bound by the
//! stream header, standalone ([`Element::to_bytes`]) it is declared.
//! Attributes in a namespace other than `xml` get a generated prefix
//! (`ans0`, `ans1`, …) declared on the element. Attributes in the `xmlns`
//! namespace are namespace declarations, not data, and are not written.
//! Names are written as they are: the builder does not validate them.
//! Text and attribute values are escaped by [`escape_text`] and
//! [`escape_attr`], which write a character XML 1.0 forbids (a control
//! such as U+0000 or U+001B, or U+FFFE/U+FFFF) as U+FFFD, so that text
//! from anywhere (a user's message) never makes the output ill formed.

use super::{Element, Node, escape_attr, escape_text, ns};

impl Element {
    /// Serializes the element as a standalone XML fragment: it declares its
    /// own namespace (unless empty) and every prefix it uses.
    ///
    /// ```
    /// use xmpp_sansio::xml::{Element, ns};
    /// let e = Element::builder("message", ns::JABBER_CLIENT)
    ///     .attr("to", "romeo@example.net")
    ///     .append(Element::builder("body", ns::JABBER_CLIENT).text("1 < 2"))
    ///     .build();
    /// assert_eq!(
    ///     e.to_bytes(),
    ///     b"<message xmlns='jabber:client' to='romeo@example.net'><body>1 &lt; 2</body></message>"
    /// );
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        write_element(&mut out, self, "", false);
        out
    }

    /// Appends the element to `out` as it is written inside a stream whose
    /// content namespace is `default_ns` and whose header binds the
    /// `stream` prefix: a stanza in `default_ns` prints as `<message …>`
    /// with no `xmlns`, and children declare `xmlns` only where their
    /// namespace differs from their parent's.
    ///
    /// ```
    /// use xmpp_sansio::xml::{Element, ns};
    /// let e = Element::builder("iq", ns::JABBER_CLIENT)
    ///     .attr("type", "get")
    ///     .append(Element::new("query", ns::ROSTER))
    ///     .build();
    /// let mut out = Vec::new();
    /// e.write_to(&mut out, ns::JABBER_CLIENT);
    /// assert_eq!(out, b"<iq type='get'><query xmlns='jabber:iq:roster'/></iq>");
    /// ```
    pub fn write_to(&self, out: &mut Vec<u8>, default_ns: &str) {
        write_element(out, self, default_ns, true);
    }
}

fn write_element(out: &mut Vec<u8>, el: &Element, parent_default: &str, stream_bound: bool) {
    out.push(b'<');
    let mut child_default = parent_default;
    let own_prefix = el.prefix().filter(|p| !p.is_empty());
    match own_prefix {
        Some(p) => {
            out.extend_from_slice(p.as_bytes());
            out.push(b':');
            out.extend_from_slice(el.name().as_bytes());
            if !(stream_bound && p == "stream" && el.ns() == ns::STREAM) {
                out.extend_from_slice(b" xmlns:");
                out.extend_from_slice(p.as_bytes());
                out.extend_from_slice(b"='");
                escape_attr(out, el.ns());
                out.push(b'\'');
            }
        }
        None => {
            out.extend_from_slice(el.name().as_bytes());
            if el.ns() != parent_default {
                out.extend_from_slice(b" xmlns='");
                escape_attr(out, el.ns());
                out.push(b'\'');
            }
            child_default = el.ns();
        }
    }
    let mut generated = 0usize;
    for a in el.attrs() {
        out.push(b' ');
        match a.ns.as_deref() {
            None => {}
            Some(ns::XML) => out.extend_from_slice(b"xml:"),
            Some(ns::XMLNS) => {
                // A namespace declaration, not data: see the module docs.
                out.pop();
                continue;
            }
            Some(uri) if own_prefix.is_some() && uri == el.ns() => {
                out.extend_from_slice(own_prefix.unwrap_or_default().as_bytes());
                out.push(b':');
            }
            Some(uri) => {
                let p = format!("ans{generated}");
                generated += 1;
                out.extend_from_slice(b"xmlns:");
                out.extend_from_slice(p.as_bytes());
                out.extend_from_slice(b"='");
                escape_attr(out, uri);
                out.extend_from_slice(b"' ");
                out.extend_from_slice(p.as_bytes());
                out.push(b':');
            }
        }
        out.extend_from_slice(a.name.as_bytes());
        out.extend_from_slice(b"='");
        escape_attr(out, &a.value);
        out.push(b'\'');
    }
    if el.nodes().is_empty() {
        out.extend_from_slice(b"/>");
        return;
    }
    out.push(b'>');
    for n in el.nodes() {
        match n {
            Node::Element(c) => write_element(out, c, child_default, stream_bound),
            Node::Text(t) => escape_text(out, t),
        }
    }
    out.extend_from_slice(b"</");
    if let Some(p) = own_prefix {
        out.extend_from_slice(p.as_bytes());
        out.push(b':');
    }
    out.extend_from_slice(el.name().as_bytes());
    out.push(b'>');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declares_only_changes() {
        let e = Element::builder("message", ns::JABBER_CLIENT)
            .append(Element::builder("body", ns::JABBER_CLIENT).text("hi"))
            .append(
                Element::builder("x", "urn:x")
                    .append(Element::new("y", "urn:x"))
                    .append(Element::new("z", "")),
            )
            .build();
        let mut out = Vec::new();
        e.write_to(&mut out, ns::JABBER_CLIENT);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<message><body>hi</body><x xmlns='urn:x'><y/><z xmlns=''/></x></message>"
        );
    }

    #[test]
    fn stream_prefix_and_namespaced_attributes() {
        let e = Element::builder("features", ns::STREAM)
            .prefix("stream")
            .lang("en")
            .attr_ns("a", "urn:other", "v")
            .append(Element::new("bind", ns::BIND))
            .build();
        assert_eq!(
            String::from_utf8(e.to_bytes()).unwrap(),
            "<stream:features xmlns:stream='http://etherx.jabber.org/streams' xml:lang='en' \
             xmlns:ans0='urn:other' ans0:a='v'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>\
             </stream:features>"
        );
        let mut out = Vec::new();
        e.write_to(&mut out, ns::JABBER_CLIENT);
        assert!(out.starts_with(b"<stream:features xml:lang='en'"));
    }

    /// A message body typed by a user may hold terminal escapes or a NUL:
    /// the stanza still goes out well formed, with U+FFFD in their place.
    #[test]
    fn forbidden_characters_never_reach_the_wire() {
        let e = Element::builder("message", ns::JABBER_CLIENT)
            .attr("id", "a\u{0}b")
            .append(
                Element::builder("body", ns::JABBER_CLIENT).text("\u{1b}[31mred\u{1b}[0m\u{FFFF}"),
            )
            .build();
        let bytes = e.to_bytes();
        let mut p = crate::stream::StreamParser::fragment(crate::stream::Limits::default());
        p.feed(&bytes);
        let Ok(Some(crate::stream::StreamEvent::Element(back))) = p.next_event() else {
            panic!("ill formed: {}", String::from_utf8_lossy(&bytes));
        };
        assert_eq!(back.attr("id"), Some("a\u{FFFD}b"));
        assert_eq!(
            back.get_child("body", ns::JABBER_CLIENT)
                .map(|b| b.text().into_owned()),
            Some("\u{FFFD}[31mred\u{FFFD}[0m\u{FFFD}".to_owned())
        );
    }
}
