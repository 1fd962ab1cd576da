//! XMPP over WebSocket framing ([RFC 7395]): one complete XML element per
//! WebSocket text message, with `<open/>` and `<close/>` in the
//! `urn:ietf:params:xml:ns:xmpp-framing` namespace in place of the stream
//! header and `</stream:stream>` ([RFC 7395 §3.3]).
//!
//! Messages are parsed with the same restricted-XML tokenizer and
//! [`Limits`] as TCP streams; every element must declare its own namespaces
//! (RFC 7395 §3.3.3), so stanzas are serialized with
//! [`Element::to_bytes`].
//!
//! ```
//! use xmpp_sansio::stream::{Limits, websocket::WsFrame};
//! let f = WsFrame::parse(
//!     b"<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>",
//!     &Limits::default(),
//! )?;
//! let WsFrame::Open(h) = &f else { panic!() };
//! assert_eq!(h.to.as_deref(), Some("example.com"));
//! assert_eq!(
//!     f.to_bytes(),
//!     b"<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>"
//! );
//! # Ok::<(), xmpp_sansio::stream::StreamError>(())
//! ```
//!
//! [RFC 7395]: https://www.rfc-editor.org/rfc/rfc7395
//! [RFC 7395 §3.3]: https://www.rfc-editor.org/rfc/rfc7395#section-3.3

use super::{Limits, StreamError, StreamEvent, StreamHeader, StreamParser};
use crate::xml::{ByteStr, Element, escape_attr, ns};

/// One WebSocket text message of an XMPP session (RFC 7395 §3.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WsFrame {
    /// `<open/>`, which opens the stream (RFC 7395 §3.3.1). Its attributes
    /// are those of a stream header; `ns` is set to `jabber:client`, the
    /// content namespace of XMPP over WebSocket.
    Open(StreamHeader),
    /// `<close/>`, which closes the stream (RFC 7395 §3.3.2), optionally
    /// redirecting to another WebSocket endpoint (§3.3.5).
    Close {
        /// The `see-other-uri` attribute.
        see_other_uri: Option<ByteStr>,
    },
    /// Any other element: a stanza or a nonza such as `stream:features`.
    Element(Element),
}

impl WsFrame {
    /// Parses one complete WebSocket text message. The message must hold
    /// exactly one element (whitespace around it is allowed); an incomplete
    /// element gives [`StreamError::Incomplete`], a second element
    /// [`StreamError::TrailingData`], and an `<open/>` or `<close/>` in
    /// another namespace than the framing one
    /// [`StreamError::InvalidStreamHeader`] (`invalid-namespace`, which
    /// RFC 7395 §3.3.2 requires). Error offsets are relative to the
    /// message.
    pub fn parse(msg: &[u8], limits: &Limits) -> Result<WsFrame, StreamError> {
        let mut p = StreamParser::fragment(limits.clone());
        p.feed(msg);
        let el = match p.next_event()? {
            Some(StreamEvent::Element(e)) => e,
            _ => {
                return Err(StreamError::Incomplete {
                    offset: msg.len() as u64,
                });
            }
        };
        if !p.rest_is_whitespace() {
            return Err(StreamError::TrailingData {
                offset: p.bytes_consumed(),
            });
        }
        if matches!(el.name(), "open" | "close") && el.ns() != ns::FRAMING {
            return Err(StreamError::InvalidStreamHeader {
                offset: 0,
                name: el.name().to_owned(),
                ns: el.ns().to_owned(),
            });
        }
        Ok(WsFrame::from_element(el))
    }

    /// Classifies an element: `<open/>` and `<close/>` in the framing
    /// namespace become [`WsFrame::Open`] and [`WsFrame::Close`]; any other
    /// element, `<open/>` in another namespace too, is a
    /// [`WsFrame::Element`] (which [`WsFrame::parse`] refuses).
    pub fn from_element(el: Element) -> WsFrame {
        if el.ns() == ns::FRAMING {
            match el.name() {
                "open" => {
                    let get = |n: &str| el.attrs().iter().find(|a| a.ns.is_none() && a.name == n);
                    return WsFrame::Open(StreamHeader {
                        from: get("from").map(|a| a.value.clone()),
                        to: get("to").map(|a| a.value.clone()),
                        id: get("id").map(|a| a.value.clone()),
                        version: get("version").map(|a| a.value.clone()),
                        lang: el.own_lang().map(|_| {
                            el.attrs()
                                .iter()
                                .find(|a| a.is_xml_lang())
                                .map(|a| a.value.clone())
                                .unwrap_or_default()
                        }),
                        ns: ByteStr::from_static(ns::JABBER_CLIENT),
                    });
                }
                "close" => {
                    return WsFrame::Close {
                        see_other_uri: el
                            .attrs()
                            .iter()
                            .find(|a| a.ns.is_none() && a.name == "see-other-uri")
                            .map(|a| a.value.clone()),
                    };
                }
                _ => {}
            }
        }
        WsFrame::Element(el)
    }

    /// Serializes the message. `<open/>` gets `to`, `from`, `id`,
    /// `version` and `xml:lang` in that order; an element declares its own
    /// namespaces ([`Element::to_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(128);
        match self {
            WsFrame::Open(h) => {
                out.extend_from_slice(b"<open xmlns='");
                out.extend_from_slice(ns::FRAMING.as_bytes());
                out.push(b'\'');
                for (name, value) in [
                    ("to", &h.to),
                    ("from", &h.from),
                    ("id", &h.id),
                    ("version", &h.version),
                    ("xml:lang", &h.lang),
                ] {
                    if let Some(v) = value {
                        out.push(b' ');
                        out.extend_from_slice(name.as_bytes());
                        out.extend_from_slice(b"='");
                        escape_attr(&mut out, v);
                        out.push(b'\'');
                    }
                }
                out.extend_from_slice(b"/>");
            }
            WsFrame::Close { see_other_uri } => {
                out.extend_from_slice(b"<close xmlns='");
                out.extend_from_slice(ns::FRAMING.as_bytes());
                out.push(b'\'');
                if let Some(uri) = see_other_uri {
                    out.extend_from_slice(b" see-other-uri='");
                    escape_attr(&mut out, uri);
                    out.push(b'\'');
                }
                out.extend_from_slice(b"/>");
            }
            WsFrame::Element(e) => out = e.to_bytes(),
        }
        out
    }
}
