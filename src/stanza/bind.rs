//! Resource binding: `<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>`
//! ([RFC 6120 §7](https://www.rfc-editor.org/rfc/rfc6120#section-7)).
//!
//! ```
//! use xmpp_sansio::stanza::{Bind, Iq};
//! use xmpp_sansio::xml::Element;
//!
//! // RFC 6120 §7.7.2.1: the client asks for a resource.
//! let req = Iq::account_set(Bind::request(Some("balcony".into()))).with_id("tn281v37");
//! // The server answers with the full JID.
//! let res = Bind::result("juliet@im.example.com/balcony".parse()?);
//! let back = Bind::try_from(Element::from(res.clone()))?;
//! assert_eq!(back, res);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::common::{is_whitespace, text_element, truncate};
use super::unknown::Leaf;
use super::{StanzaParseError, Unknown};
use crate::jid::{FullJid, Jid};
use crate::xml::{Element, Node, ns};

/// A `<bind/>` element: the client's request (with an optional resource) or
/// the server's result (with the bound full JID). As a stream feature it is
/// empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bind {
    /// The requested resource (`<resource/>`, RFC 6120 §7.7).
    pub resource: Option<crate::xml::ByteStr>,
    /// The bound address (`<jid/>`, RFC 6120 §7.6.1).
    pub jid: Option<FullJid>,
    /// Unknown children, kept.
    pub payloads: Vec<Element>,
    /// Attributes not modelled, and what `<resource/>` and `<jid/>` hold
    /// besides their values, kept and written back.
    pub unknown: Unknown,
}

impl Bind {
    /// A bind request, letting the server pick the resource when `None`
    /// (§7.6) or asking for one (§7.7).
    pub fn request(resource: Option<crate::xml::ByteStr>) -> Bind {
        Bind {
            resource,
            ..Bind::default()
        }
    }

    /// A bind result carrying the bound full JID.
    pub fn result(jid: FullJid) -> Bind {
        Bind {
            jid: Some(jid),
            ..Bind::default()
        }
    }
}

impl TryFrom<Element> for Bind {
    type Error = StanzaParseError;

    /// Parses `<bind/>`. Strict: `jid` must be a full JID, `resource` and
    /// `jid` appear at most once. Lenient: whitespace around the `jid` is
    /// ignored (the example of RFC 6120 §9.1.3 has it).
    fn try_from(el: Element) -> Result<Bind, StanzaParseError> {
        if !el.is("bind", ns::BIND) {
            return Err(StanzaParseError::WrongElement {
                expected: "bind",
                name: truncate(el.name()),
                ns: truncate(el.ns()),
            });
        }
        let mut b = Bind {
            unknown: Unknown {
                attrs: el.attrs().to_vec(),
                ..Unknown::default()
            },
            ..Bind::default()
        };
        for n in el.into_nodes() {
            match n {
                Node::Element(c) if c.is("resource", ns::BIND) => {
                    if b.resource.is_some() {
                        return Err(StanzaParseError::DuplicateChild {
                            element: "bind",
                            child: "resource",
                        });
                    }
                    let leaf = Leaf::new(c, &[], false);
                    b.resource = Some(leaf.text.clone());
                    leaf.keep_in(&mut b.unknown, 0);
                }
                Node::Element(c) if c.is("jid", ns::BIND) => {
                    if b.jid.is_some() {
                        return Err(StanzaParseError::DuplicateChild {
                            element: "bind",
                            child: "jid",
                        });
                    }
                    let mut leaf = Leaf::new(c, &[], false);
                    // Leniency: whitespace around the JID is ignored (RFC 6120
                    // §9.1.3 prints it so); the text as read is written back.
                    let t = super::common::trim_bytestr(leaf.text.clone());
                    leaf.written_as(t.clone());
                    leaf.keep_in(&mut b.unknown, 0);
                    let full = Jid::new(&t).and_then(FullJid::try_from).map_err(|source| {
                        StanzaParseError::InvalidJid {
                            element: "jid",
                            attr: "text",
                            value: truncate(&t),
                            source,
                        }
                    })?;
                    b.jid = Some(full);
                }
                Node::Element(c) => b.payloads.push(c),
                Node::Text(t) if is_whitespace(&t) => {}
                Node::Text(_) => {
                    return Err(StanzaParseError::UnexpectedChild {
                        element: "bind",
                        child: "text",
                    });
                }
            }
        }
        Ok(b)
    }
}

impl From<Bind> for Element {
    fn from(b: Bind) -> Element {
        let mut el = Element::new("bind", ns::BIND);
        if let Some(r) = b.resource {
            el.append_child(text_element("resource", ns::BIND, r));
        }
        if let Some(j) = b.jid {
            el.append_child(text_element("jid", ns::BIND, j.as_str().to_owned()));
        }
        for p in b.payloads {
            el.append_child(p);
        }
        b.unknown.write_to(&mut el);
        el
    }
}
