//! [`Iq`]: the `<iq/>` stanza, request and response
//! ([RFC 6120 §8.2.3](https://www.rfc-editor.org/rfc/rfc6120#section-8.2.3)).
//!
//! ```
//! use xmpp_sansio::stanza::{DefinedCondition, Iq, IqPayload, IqType};
//! use xmpp_sansio::xml::{Element, ns};
//!
//! let req = Iq::account_get(Element::new("query", ns::ROSTER)).with_id("r1");
//! let el = Element::from(req.clone());
//! let parsed = Iq::try_from(el)?;
//! assert_eq!(parsed.iq_type(), IqType::Get);
//!
//! let reply = parsed.result_reply_with(Element::new("query", ns::ROSTER));
//! assert_eq!(reply.id, "r1");
//! let err = parsed.error_reply(DefinedCondition::ServiceUnavailable);
//! assert_eq!(err.iq_type(), IqType::Error);
//! # Ok::<(), xmpp_sansio::stanza::StanzaParseError>(())
//! ```

use super::common::{ContentNs, Header, is_whitespace, truncate};
use super::{StanzaError, StanzaParseError, Unknown};
use crate::jid::Jid;
use crate::xml::{ByteStr, Element, Node};

/// An `<iq/>` stanza.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Iq {
    /// The sender (`from`).
    pub from: Option<Jid>,
    /// The recipient (`to`); `None` addresses the sender's own account.
    pub to: Option<Jid>,
    /// The id (`id`, required). The builders leave it empty: set it with
    /// [`Iq::with_id`] before sending.
    pub id: ByteStr,
    /// The stanza's own `xml:lang`.
    pub lang: Option<ByteStr>,
    /// The content namespace it is qualified by.
    pub ns: ContentNs,
    /// The type and its payload.
    pub payload: IqPayload,
    /// Attributes not defined by RFC 6120, kept and written back.
    pub unknown: Unknown,
}

/// The `type` of an iq with what it carries
/// ([RFC 6120 §8.2.3](https://www.rfc-editor.org/rfc/rfc6120#section-8.2.3)):
/// the cardinality rules are in the type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IqPayload {
    /// `get`: a request for information, exactly one payload.
    Get(Element),
    /// `set`: a request to change something, exactly one payload.
    Set(Element),
    /// `result`: success, with zero or one payload.
    Result(Option<Element>),
    /// `error`: the request failed.
    Error {
        /// The error.
        error: StanzaError,
        /// Other children (typically the original request payload).
        payloads: Vec<Element>,
    },
}

/// The `type` attribute of an iq.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IqType {
    /// `get`.
    Get,
    /// `set`.
    Set,
    /// `result`.
    Result,
    /// `error`.
    Error,
}

impl IqType {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            IqType::Get => "get",
            IqType::Set => "set",
            IqType::Result => "result",
            IqType::Error => "error",
        }
    }
}

impl IqPayload {
    /// The iq type this payload goes with.
    pub fn iq_type(&self) -> IqType {
        match self {
            IqPayload::Get(_) => IqType::Get,
            IqPayload::Set(_) => IqType::Set,
            IqPayload::Result(_) => IqType::Result,
            IqPayload::Error { .. } => IqType::Error,
        }
    }
}

impl Iq {
    fn with_payload(payload: IqPayload) -> Iq {
        Iq {
            from: None,
            to: None,
            id: ByteStr::new(),
            lang: None,
            ns: ContentNs::Client,
            payload,
            unknown: Unknown::default(),
        }
    }

    /// A `get` request to `to`.
    pub fn get(to: impl Into<Jid>, payload: impl Into<Element>) -> Iq {
        Iq::with_payload(IqPayload::Get(payload.into())).with_to(to)
    }

    /// A `set` request to `to`.
    pub fn set(to: impl Into<Jid>, payload: impl Into<Element>) -> Iq {
        Iq::with_payload(IqPayload::Set(payload.into())).with_to(to)
    }

    /// A `get` request without `to`: handled by the server for the sender's
    /// own account (RFC 6120 §10.3.3), e.g. a roster get.
    pub fn account_get(payload: impl Into<Element>) -> Iq {
        Iq::with_payload(IqPayload::Get(payload.into()))
    }

    /// A `set` request without `to` (e.g. a roster set or resource binding).
    pub fn account_set(payload: impl Into<Element>) -> Iq {
        Iq::with_payload(IqPayload::Set(payload.into()))
    }

    /// An empty `result` with id `id`, to `to`.
    pub fn empty_result(to: Option<Jid>, id: impl Into<ByteStr>) -> Iq {
        let mut iq = Iq::with_payload(IqPayload::Result(None)).with_id(id);
        iq.to = to;
        iq
    }

    /// Sets `id`.
    pub fn with_id(mut self, id: impl Into<ByteStr>) -> Self {
        self.id = id.into();
        self
    }

    super::common::addressing_builders!();

    /// The type.
    pub fn iq_type(&self) -> IqType {
        self.payload.iq_type()
    }

    /// True for `get` and `set`: the iq needs a `result` or `error` reply.
    pub fn is_request(&self) -> bool {
        matches!(self.payload, IqPayload::Get(_) | IqPayload::Set(_))
    }

    /// The request payload (get/set) or the result payload, if any.
    pub fn payload_element(&self) -> Option<&Element> {
        match &self.payload {
            IqPayload::Get(e) | IqPayload::Set(e) => Some(e),
            IqPayload::Result(e) => e.as_ref(),
            IqPayload::Error { .. } => None,
        }
    }

    fn reply(&self, payload: IqPayload) -> Iq {
        Iq {
            from: self.to.clone(),
            to: self.from.clone(),
            id: self.id.clone(),
            lang: self.lang.clone(),
            ns: self.ns,
            payload,
            unknown: Unknown::default(),
        }
    }

    /// The empty `result` reply to this request: `from`/`to` swapped, same
    /// `id`, `xml:lang` and content namespace.
    pub fn result_reply(&self) -> Iq {
        self.reply(IqPayload::Result(None))
    }

    /// The `result` reply carrying `payload`.
    pub fn result_reply_with(&self, payload: impl Into<Element>) -> Iq {
        self.reply(IqPayload::Result(Some(payload.into())))
    }

    /// The `error` reply to this iq: `from`/`to` swapped, same `id`. The
    /// original payload is not included.
    pub fn error_reply(&self, error: impl Into<StanzaError>) -> Iq {
        self.reply(IqPayload::Error {
            error: StanzaError {
                ns: self.ns,
                ..error.into()
            },
            payloads: Vec::new(),
        })
    }
}

impl TryFrom<Element> for Iq {
    type Error = StanzaParseError;

    /// Parses an `<iq/>`.
    ///
    /// Strict as RFC 6120 §8.2.3 is: `id` and `type` are required, `get` and
    /// `set` carry exactly one payload, `result` at most one, `error` an
    /// `<error/>` child. Lenient: whitespace between children is dropped.
    fn try_from(el: Element) -> Result<Iq, StanzaParseError> {
        let h = Header::parse(&el, "iq")?;
        let Some(id) = h.id else {
            return Err(StanzaParseError::MissingAttribute {
                element: "iq",
                attr: "id",
            });
        };
        let iq_type = match h.type_.as_deref() {
            None => {
                return Err(StanzaParseError::MissingAttribute {
                    element: "iq",
                    attr: "type",
                });
            }
            Some("get") => IqType::Get,
            Some("set") => IqType::Set,
            Some("result") => IqType::Result,
            Some("error") => IqType::Error,
            Some(t) => {
                return Err(StanzaParseError::InvalidAttribute {
                    element: "iq",
                    attr: "type",
                    value: truncate(t),
                    expected: "one of get, set, result, error",
                });
            }
        };
        let content_ns = h.ns;
        let mut children = Vec::with_capacity(1);
        let mut error = None;
        for n in el.into_nodes() {
            match n {
                Node::Element(c) => {
                    if iq_type == IqType::Error && c.is("error", content_ns.as_str()) {
                        if error.is_some() {
                            return Err(StanzaParseError::DuplicateChild {
                                element: "iq",
                                child: "error",
                            });
                        }
                        error = Some(StanzaError::parse(c, content_ns)?);
                    } else {
                        children.push(c);
                    }
                }
                Node::Text(t) if is_whitespace(&t) => {}
                Node::Text(_) => {
                    return Err(StanzaParseError::UnexpectedChild {
                        element: "iq",
                        child: "text",
                    });
                }
            }
        }
        let count = children.len();
        let mut it = children.into_iter();
        let payload = match iq_type {
            IqType::Get | IqType::Set => match (it.next(), count) {
                (Some(p), 1) => {
                    if iq_type == IqType::Get {
                        IqPayload::Get(p)
                    } else {
                        IqPayload::Set(p)
                    }
                }
                _ => {
                    return Err(StanzaParseError::IqPayloadCount {
                        iq_type: iq_type.as_str(),
                        expected: "exactly one",
                        found: count,
                    });
                }
            },
            IqType::Result => {
                if count > 1 {
                    return Err(StanzaParseError::IqPayloadCount {
                        iq_type: "result",
                        expected: "at most one",
                        found: count,
                    });
                }
                IqPayload::Result(it.next())
            }
            IqType::Error => {
                let Some(error) = error else {
                    return Err(StanzaParseError::MissingChild {
                        element: "iq",
                        child: "error",
                    });
                };
                IqPayload::Error {
                    error,
                    payloads: it.collect(),
                }
            }
        };
        Ok(Iq {
            from: h.from,
            to: h.to,
            id,
            lang: h.lang,
            ns: content_ns,
            payload,
            unknown: h.unknown,
        })
    }
}

impl From<Iq> for Element {
    fn from(iq: Iq) -> Element {
        let mut el = Element::new("iq", iq.ns.as_str());
        let t = iq.payload.iq_type().as_str();
        Header::write(&mut el, Some(t), Some(iq.id), iq.from, iq.to, iq.lang);
        match iq.payload {
            IqPayload::Get(p) | IqPayload::Set(p) | IqPayload::Result(Some(p)) => {
                el.append_child(p);
            }
            IqPayload::Result(None) => {}
            IqPayload::Error { error, payloads } => {
                for p in payloads {
                    el.append_child(p);
                }
                el.append_child(error.into_element(iq.ns));
            }
        }
        iq.unknown.write_to(&mut el);
        el
    }
}
