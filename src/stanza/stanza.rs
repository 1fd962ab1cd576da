//! [`Stanza`]: any of the three stanza kinds
//! ([RFC 6120 §8](https://www.rfc-editor.org/rfc/rfc6120#section-8)).

use super::common::{ContentNs, truncate};
use super::{Iq, Message, Presence, StanzaError, StanzaParseError};
use crate::jid::Jid;
use crate::xml::{ByteStr, Element};

/// A `<message/>`, `<presence/>` or `<iq/>` stanza.
///
/// ```
/// use xmpp_sansio::stanza::{DefinedCondition, Stanza};
/// use xmpp_sansio::xml::{Element, ns};
///
/// let el = Element::builder("message", ns::JABBER_SERVER)
///     .attr("from", "romeo@example.net/orchard")
///     .attr("to", "juliet@example.com")
///     .attr("id", "x1")
///     .build();
/// let stanza = Stanza::try_from(el)?;
/// let reply = stanza.error_reply(DefinedCondition::ServiceUnavailable);
/// assert_eq!(reply.to().map(|j| j.as_str()), Some("romeo@example.net/orchard"));
/// assert_eq!(reply.id(), Some("x1"));
/// # Ok::<(), xmpp_sansio::stanza::StanzaParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stanza {
    /// A message.
    Message(Message),
    /// A presence.
    Presence(Presence),
    /// An iq.
    Iq(Iq),
}

impl Stanza {
    /// The sender.
    pub fn from(&self) -> Option<&Jid> {
        match self {
            Stanza::Message(m) => m.from.as_ref(),
            Stanza::Presence(p) => p.from.as_ref(),
            Stanza::Iq(i) => i.from.as_ref(),
        }
    }

    /// The recipient.
    pub fn to(&self) -> Option<&Jid> {
        match self {
            Stanza::Message(m) => m.to.as_ref(),
            Stanza::Presence(p) => p.to.as_ref(),
            Stanza::Iq(i) => i.to.as_ref(),
        }
    }

    /// The id.
    pub fn id(&self) -> Option<&str> {
        match self {
            Stanza::Message(m) => m.id.as_deref(),
            Stanza::Presence(p) => p.id.as_deref(),
            Stanza::Iq(i) => Some(&i.id),
        }
    }

    /// The stanza's own `xml:lang`.
    pub fn lang(&self) -> Option<&str> {
        match self {
            Stanza::Message(m) => m.lang.as_deref(),
            Stanza::Presence(p) => p.lang.as_deref(),
            Stanza::Iq(i) => i.lang.as_deref(),
        }
    }

    /// The content namespace.
    pub fn content_ns(&self) -> ContentNs {
        match self {
            Stanza::Message(m) => m.ns,
            Stanza::Presence(p) => p.ns,
            Stanza::Iq(i) => i.ns,
        }
    }

    /// Sets `from` (a server stamps it on inbound stanzas, RFC 6120 §8.1.2.1).
    pub fn set_from(&mut self, from: Option<Jid>) {
        match self {
            Stanza::Message(m) => m.from = from,
            Stanza::Presence(p) => p.from = from,
            Stanza::Iq(i) => i.from = from,
        }
    }

    /// Sets `to`.
    pub fn set_to(&mut self, to: Option<Jid>) {
        match self {
            Stanza::Message(m) => m.to = to,
            Stanza::Presence(p) => p.to = to,
            Stanza::Iq(i) => i.to = to,
        }
    }

    /// Sets `id`.
    pub fn set_id(&mut self, id: ByteStr) {
        match self {
            Stanza::Message(m) => m.id = Some(id),
            Stanza::Presence(p) => p.id = Some(id),
            Stanza::Iq(i) => i.id = id,
        }
    }

    /// The error reply to this stanza, of the same kind
    /// ([RFC 6120 §8.3.1](https://www.rfc-editor.org/rfc/rfc6120#section-8.3.1)):
    /// type `error`, `from`/`to` swapped, same `id`.
    pub fn error_reply(&self, error: impl Into<StanzaError>) -> Stanza {
        match self {
            Stanza::Message(m) => Stanza::Message(m.error_reply(error)),
            Stanza::Presence(p) => Stanza::Presence(p.error_reply(error)),
            Stanza::Iq(i) => Stanza::Iq(i.error_reply(error)),
        }
    }

    /// True if this is an error stanza (which must never be answered with an
    /// error, RFC 6120 §8.3.1).
    pub fn is_error(&self) -> bool {
        match self {
            Stanza::Message(m) => m.message_type == super::MessageType::Error,
            Stanza::Presence(p) => p.presence_type == super::PresenceType::Error,
            Stanza::Iq(i) => i.iq_type() == super::IqType::Error,
        }
    }
}

impl TryFrom<Element> for Stanza {
    type Error = StanzaParseError;

    /// Parses whichever stanza `el` is.
    fn try_from(el: Element) -> Result<Stanza, StanzaParseError> {
        match el.name() {
            "message" => Message::try_from(el).map(Stanza::Message),
            "presence" => Presence::try_from(el).map(Stanza::Presence),
            "iq" => Iq::try_from(el).map(Stanza::Iq),
            other => Err(StanzaParseError::WrongElement {
                expected: "message, presence or iq",
                name: truncate(other),
                ns: truncate(el.ns()),
            }),
        }
    }
}

impl From<Stanza> for Element {
    fn from(s: Stanza) -> Element {
        match s {
            Stanza::Message(m) => m.into(),
            Stanza::Presence(p) => p.into(),
            Stanza::Iq(i) => i.into(),
        }
    }
}

impl From<Message> for Stanza {
    fn from(m: Message) -> Stanza {
        Stanza::Message(m)
    }
}

impl From<Presence> for Stanza {
    fn from(p: Presence) -> Stanza {
        Stanza::Presence(p)
    }
}

impl From<Iq> for Stanza {
    fn from(i: Iq) -> Stanza {
        Stanza::Iq(i)
    }
}
