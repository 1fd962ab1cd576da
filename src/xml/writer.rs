//! Serialization of [`Element`] trees to XML bytes.
//!
//! The output is namespace-well-formed ([Namespaces in XML 1.0]) for any
//! tree whose names are valid NCNames other than `xmlns`, with no element
//! in the `xmlns` namespace (which has no representation), and in
//! particular for every tree the parser produces, so that a stanza read
//! from one peer can be relayed to another ([RFC 6120 §11.4] forbids generating or routing data
//! that is not):
//!
//! - Namespaces are declared only where they change: an element whose
//!   namespace equals its parent's default namespace gets no `xmlns`.
//! - An element in the XML namespace (`http://www.w3.org/XML/1998/namespace`)
//!   is written `xml:name`; that namespace is bound to `xml` by definition
//!   and is never declared, as the default namespace or otherwise
//!   (Namespaces in XML 1.0 §3).
//! - An element that keeps a wire prefix (the parser keeps it only for the
//!   stream namespace, e.g. `stream:features`; the builder for any
//!   element) is written with it; inside a stream ([`Element::write_to`])
//!   the `stream` prefix is taken as bound by the stream header,
//!   standalone ([`Element::to_bytes`]) it is declared. The prefix is
//!   ignored for an element in no namespace (a prefix cannot be bound to
//!   the empty name: no `xmlns:p=''`, Namespaces in XML 1.0 §3, NSC: No
//!   Prefix Undeclaring) and when it is `xml` or `xmlns`.
//! - Attributes in the XML namespace are written `xml:name` (`xml:lang`,
//!   `xml:space`). Attributes in another namespace get a generated prefix
//!   (`ans0`, `ans1`, …) declared on the element, never one the element
//!   itself is written with. An attribute whose namespace is empty
//!   (`Some("")`) is in no namespace and written unprefixed. Attributes in
//!   the `xmlns` namespace are namespace declarations, not data, and are
//!   not written.
//!
//! Names are written as they are: the builder does not validate them.
//! Text and attribute values are escaped by [`escape_text`] and
//! [`escape_attr`], which write a character XML 1.0 forbids (a control
//! such as U+0000 or U+001B, or U+FFFE/U+FFFF) as U+FFFD, so that text
//! from anywhere (a user's message) never makes the output ill formed.
//!
//! [Namespaces in XML 1.0]: https://www.w3.org/TR/xml-names/
//! [RFC 6120 §11.4]: https://www.rfc-editor.org/rfc/rfc6120#section-11.4

use super::{Element, Node, escape_attr, escape_text, ns};
use std::fmt::Write as _;

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
    let el_ns = el.ns();
    let mut child_default = parent_default;
    let mut child_stream_bound = stream_bound;
    let own_prefix = element_prefix(el);
    match own_prefix {
        Some(p) => {
            out.extend_from_slice(p.as_bytes());
            out.push(b':');
            out.extend_from_slice(el.name().as_bytes());
            // `xml` is bound by definition and must not be declared
            // (Namespaces in XML 1.0 §3); `stream` is bound by the header.
            let bound = p == "xml" || (stream_bound && p == "stream" && el_ns == ns::STREAM);
            if !bound {
                out.extend_from_slice(b" xmlns:");
                out.extend_from_slice(p.as_bytes());
                out.extend_from_slice(b"='");
                escape_attr(out, el_ns);
                out.push(b'\'');
                if p == "stream" {
                    // Rebound here: descendants declare it again.
                    child_stream_bound = false;
                }
            }
        }
        None => {
            out.extend_from_slice(el.name().as_bytes());
            if el_ns != parent_default {
                out.extend_from_slice(b" xmlns='");
                escape_attr(out, el_ns);
                out.push(b'\'');
            }
            child_default = el_ns;
        }
    }
    let mut generated = 0usize;
    let mut gen_prefix = String::new();
    for a in el.attrs() {
        out.push(b' ');
        match a.ns.as_deref() {
            // No namespace (`Some("")` too: an empty namespace name is no
            // namespace, Namespaces in XML 1.0 §2.2).
            None | Some("") => {}
            Some(ns::XML) => out.extend_from_slice(b"xml:"),
            Some(ns::XMLNS) => {
                // A namespace declaration, not data: see the module docs.
                out.pop();
                continue;
            }
            Some(uri) if own_prefix.is_some() && uri == el_ns => {
                out.extend_from_slice(own_prefix.unwrap_or_default().as_bytes());
                out.push(b':');
            }
            Some(uri) => {
                // A fresh prefix, never the element's own: two declarations
                // of one prefix on a tag are a duplicate attribute (XML 1.0
                // WFC: Unique Att Spec).
                loop {
                    gen_prefix.clear();
                    let _ = write!(gen_prefix, "ans{generated}");
                    generated += 1;
                    if own_prefix != Some(gen_prefix.as_str()) {
                        break;
                    }
                }
                out.extend_from_slice(b"xmlns:");
                out.extend_from_slice(gen_prefix.as_bytes());
                out.extend_from_slice(b"='");
                escape_attr(out, uri);
                out.extend_from_slice(b"' ");
                out.extend_from_slice(gen_prefix.as_bytes());
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
            Node::Element(c) => write_element(out, c, child_default, child_stream_bound),
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

/// The prefix `el` is written with, if any: `xml` for an element in the
/// XML namespace, which is bound to it by definition and may be neither
/// declared as the default namespace nor bound to another prefix; else its
/// own prefix, unless the element is in no namespace (a prefix cannot be
/// bound to the empty name, Namespaces in XML 1.0 §3, NSC: No Prefix
/// Undeclaring) or the prefix is one reserved for `xml` or `xmlns`.
fn element_prefix(el: &Element) -> Option<&str> {
    if el.ns() == ns::XML {
        return Some("xml");
    }
    el.prefix()
        .filter(|p| !p.is_empty() && *p != "xml" && *p != "xmlns" && !el.ns().is_empty())
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

    const HEADER: &[u8] = b"<stream:stream xmlns='jabber:client' \
        xmlns:stream='http://etherx.jabber.org/streams'>";

    /// The first element of `body`, read inside a `jabber:client` stream.
    fn read_in_stream(body: &[u8]) -> Element {
        let mut p = crate::stream::StreamParser::new(crate::stream::Limits::default());
        p.feed(HEADER);
        p.feed(body);
        assert!(matches!(
            p.next_event(),
            Ok(Some(crate::stream::StreamEvent::Header(_)))
        ));
        match p.next_event() {
            Ok(Some(crate::stream::StreamEvent::Element(e))) => e,
            other => panic!("{}: {other:?}", String::from_utf8_lossy(body)),
        }
    }

    /// `bytes`, a standalone element, read back (a WebSocket message).
    fn read_standalone(bytes: &[u8]) -> Element {
        match crate::stream::websocket::WsFrame::parse(bytes, &crate::stream::Limits::default()) {
            Ok(crate::stream::websocket::WsFrame::Element(e)) => e,
            other => panic!("{}: {other:?}", String::from_utf8_lossy(bytes)),
        }
    }

    /// Reads `stanza` in a stream, relays it as a server does
    /// (`write_to`) and as a standalone fragment (`to_bytes`): both must
    /// read back to an equal tree. Returns what `write_to` wrote.
    fn relay(stanza: &[u8]) -> String {
        let e = read_in_stream(stanza);
        let mut out = Vec::new();
        e.write_to(&mut out, ns::JABBER_CLIENT);
        assert_eq!(read_in_stream(&out), e, "{}", String::from_utf8_lossy(&out));
        let standalone = e.to_bytes();
        assert_eq!(
            read_standalone(&standalone),
            e,
            "{}",
            String::from_utf8_lossy(&standalone)
        );
        String::from_utf8(out).unwrap()
    }

    /// Namespaces in XML 1.0 §3: the XML namespace "MUST NOT be declared
    /// as the default namespace"; RFC 6120 §11.4: an entity MUST NOT
    /// generate (nor route) data that is not namespace-well-formed. A
    /// peer's `<xml:x/>` in a stanza is relayed as `<xml:x/>`, not as
    /// `<x xmlns='http://www.w3.org/XML/1998/namespace'/>`, which the
    /// recipient would reject.
    #[test]
    fn xml_namespace_elements_keep_the_xml_prefix() {
        assert_eq!(
            relay(
                b"<message to='j@example.com'><xml:x xml:space='preserve'><y/></xml:x></message>"
            ),
            "<message to='j@example.com'><xml:x xml:space='preserve'><y/></xml:x></message>"
        );
        // Built, with or without another prefix asked for.
        let e = Element::builder("a", ns::XML)
            .prefix("p")
            .attr_ns("space", ns::XML, "default")
            .append(Element::new("b", ns::XML))
            .build();
        assert_eq!(e.to_bytes(), b"<xml:a xml:space='default'><xml:b/></xml:a>");
        assert_eq!(read_standalone(&e.to_bytes()), e);
        // `xml` asked for on an element in another namespace: not bound.
        let e = Element::builder("a", "urn:a").prefix("xml").build();
        assert_eq!(e.to_bytes(), b"<a xmlns='urn:a'/>");
    }

    /// XML 1.0 WFC: Unique Att Spec; RFC 6120 §11.4. The parser keeps a
    /// peer's prefix for the stream namespace, whatever it is: the
    /// generated prefix of a namespaced attribute must not take it too
    /// (this was written `xmlns:ans0='…streams' xmlns:ans0='urn:o'`).
    #[test]
    fn generated_prefixes_never_take_the_elements_own() {
        let out = relay(
            b"<message to='j@example.com'><ans0:x xmlns:ans0='http://etherx.jabber.org/streams' \
              xmlns:o='urn:o' o:k='v' xmlns:p='urn:p' p:j='w'/></message>",
        );
        assert_eq!(
            out,
            "<message to='j@example.com'><ans0:x xmlns:ans0='http://etherx.jabber.org/streams' \
             xmlns:ans1='urn:o' ans1:k='v' xmlns:ans2='urn:p' ans2:j='w'/></message>"
        );
        let e = Element::builder("a", "urn:a")
            .prefix("ans1")
            .attr_ns("k", "urn:b", "1")
            .attr_ns("j", "urn:c", "2")
            .build();
        assert_eq!(
            e.to_bytes(),
            b"<ans1:a xmlns:ans1='urn:a' xmlns:ans0='urn:b' ans0:k='1' \
              xmlns:ans2='urn:c' ans2:j='2'/>"
        );
        assert_eq!(read_standalone(&e.to_bytes()), e);
    }

    /// A `stream` prefix bound to another namespace by a built element:
    /// its descendants in the stream namespace declare `stream` again
    /// rather than rely on the stream header's binding.
    #[test]
    fn a_rebound_stream_prefix_is_declared_again_below() {
        let e = Element::builder("x", "urn:x")
            .prefix("stream")
            .append(Element::builder("features", ns::STREAM).prefix("stream"))
            .build();
        let mut out = Vec::new();
        e.write_to(&mut out, ns::JABBER_CLIENT);
        assert_eq!(
            String::from_utf8(out.clone()).unwrap(),
            "<stream:x xmlns:stream='urn:x'><stream:features \
             xmlns:stream='http://etherx.jabber.org/streams'/></stream:x>"
        );
        assert_eq!(read_in_stream(&out), e);
    }

    /// Namespaces in XML 1.0 §2.2 (the empty string is not a namespace
    /// name) and §3, NSC: No Prefix Undeclaring (`xmlns:p=''` is not
    /// allowed): an attribute in the empty namespace is an un-namespaced
    /// one, and an element in no namespace is written without its prefix.
    #[test]
    fn empty_namespace_is_no_namespace() {
        let e = Element::builder("a", "urn:a").attr_ns("k", "", "v").build();
        assert_eq!(e, Element::builder("a", "urn:a").attr("k", "v").build());
        assert_eq!(e.attr("k"), Some("v"));
        assert_eq!(e.attr_ns("k", ""), Some("v"));
        assert_eq!(e.to_bytes(), b"<a xmlns='urn:a' k='v'/>");
        assert_eq!(read_standalone(&e.to_bytes()), e);
        // Made by hand, past the builder: written unprefixed all the same.
        let mut e = Element::new("a", "urn:a");
        e.push_attribute(crate::xml::Attribute {
            name: "k".into(),
            ns: Some("".into()),
            value: "v".into(),
        });
        assert_eq!(e.to_bytes(), b"<a xmlns='urn:a' k='v'/>");

        let e = Element::builder("a", "")
            .prefix("p")
            .append(Element::builder("b", "").prefix("q"))
            .build();
        assert_eq!(e.to_bytes(), b"<a><b/></a>");
        assert_eq!(read_standalone(&e.to_bytes()), e);
        let e = Element::builder("x", "urn:x")
            .append(Element::builder("b", "").prefix("q"))
            .build();
        assert_eq!(e.to_bytes(), b"<x xmlns='urn:x'><b xmlns=''/></x>");
        assert_eq!(read_standalone(&e.to_bytes()), e);
    }
}
