//! [`Message`]: the `<message/>` stanza
//! ([RFC 6120 §8.2.1](https://www.rfc-editor.org/rfc/rfc6120#section-8.2.1),
//! [RFC 6121 §5](https://www.rfc-editor.org/rfc/rfc6121#section-5)).
//!
//! ```
//! use xmpp_sansio::jid::Jid;
//! use xmpp_sansio::stanza::{Message, MessageType};
//! use xmpp_sansio::xml::Element;
//!
//! let to: Jid = "juliet@example.com".parse()?;
//! let msg = Message::chat(to).with_id("m1").with_body("Art thou not Romeo?");
//! let el = Element::from(msg.clone());
//! let back = Message::try_from(el)?;
//! assert_eq!(back.message_type, MessageType::Chat);
//! assert_eq!(back.body(), Some("Art thou not Romeo?"));
//! assert_eq!(back, msg);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::common::{ContentNs, Header, Texts, in_scope, is_whitespace};
use super::unknown::Leaf;
use super::{StanzaError, StanzaParseError, Unknown};
use crate::jid::Jid;
use crate::xml::{Attribute, ByteStr, Element, Node};

/// A `<message/>` stanza.
///
/// Children in the content namespace that RFC 6121 defines (`subject`,
/// `body`, `thread`, and `error` in an error message) are typed; every other
/// child is kept, in order, in [`Message::payloads`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Message {
    /// The sender (`from`).
    pub from: Option<Jid>,
    /// The recipient (`to`).
    pub to: Option<Jid>,
    /// The stanza id (`id`).
    pub id: Option<ByteStr>,
    /// The stanza's own `xml:lang`.
    pub lang: Option<ByteStr>,
    /// The content namespace it is qualified by.
    pub ns: ContentNs,
    /// The `type`.
    pub message_type: MessageType,
    /// Subjects, per language.
    pub subjects: Texts,
    /// Bodies, per language.
    pub bodies: Texts,
    /// The conversation thread, if any.
    pub thread: Option<Thread>,
    /// All other child elements (extensions), in order.
    pub payloads: Vec<Element>,
    /// The error, for a message of type `error`.
    pub error: Option<StanzaError>,
    /// Attributes not defined by RFC 6120/6121, and what the typed
    /// children (`body`, `subject`, `thread`) hold besides their values,
    /// kept and written back.
    pub unknown: Unknown,
}

/// The `type` of a message
/// ([RFC 6121 §5.2.2](https://www.rfc-editor.org/rfc/rfc6121#section-5.2.2)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum MessageType {
    /// One-to-one chat.
    Chat,
    /// An error about a message previously sent.
    Error,
    /// Multi-user chat.
    Groupchat,
    /// An alert or notification that expects no reply.
    Headline,
    /// A standalone message (the default: no `type`, or one not understood).
    #[default]
    Normal,
}

/// A `<thread/>`: the conversation a message belongs to
/// ([RFC 6121 §5.2.5](https://www.rfc-editor.org/rfc/rfc6121#section-5.2.5)).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Thread {
    /// The thread id.
    pub id: ByteStr,
    /// The parent thread (`parent` attribute), if any.
    pub parent: Option<ByteStr>,
}

impl MessageType {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageType::Chat => "chat",
            MessageType::Error => "error",
            MessageType::Groupchat => "groupchat",
            MessageType::Headline => "headline",
            MessageType::Normal => "normal",
        }
    }
}

impl Message {
    /// An empty message of type `message_type`, with no addresses.
    pub fn new(message_type: MessageType) -> Message {
        Message {
            message_type,
            ..Message::default()
        }
    }

    /// A `chat` message to `to`.
    pub fn chat(to: impl Into<Jid>) -> Message {
        Message::new(MessageType::Chat).with_to(to)
    }

    /// A `groupchat` message to `to` (a room).
    pub fn groupchat(to: impl Into<Jid>) -> Message {
        Message::new(MessageType::Groupchat).with_to(to)
    }

    /// A `headline` message to `to`.
    pub fn headline(to: impl Into<Jid>) -> Message {
        Message::new(MessageType::Headline).with_to(to)
    }

    /// A `normal` message (no `type`) to `to`.
    pub fn normal(to: impl Into<Jid>) -> Message {
        Message::new(MessageType::Normal).with_to(to)
    }

    super::common::addressing_builders!(optional_id);

    /// Sets the body without `xml:lang`.
    pub fn with_body(mut self, body: impl Into<ByteStr>) -> Self {
        self.bodies.insert(None, body);
        self
    }

    /// Sets the body in language `lang`.
    pub fn with_body_lang(mut self, lang: impl Into<ByteStr>, body: impl Into<ByteStr>) -> Self {
        self.bodies.insert(Some(lang.into()), body);
        self
    }

    /// Sets the subject without `xml:lang`.
    pub fn with_subject(mut self, subject: impl Into<ByteStr>) -> Self {
        self.subjects.insert(None, subject);
        self
    }

    /// Sets the thread.
    pub fn with_thread(mut self, id: impl Into<ByteStr>, parent: Option<ByteStr>) -> Self {
        self.thread = Some(Thread {
            id: id.into(),
            parent,
        });
        self
    }

    /// Appends an extension payload.
    pub fn with_payload(mut self, payload: impl Into<Element>) -> Self {
        self.payloads.push(payload.into());
        self
    }

    /// The body without `xml:lang`, else the first body.
    pub fn body(&self) -> Option<&str> {
        self.bodies.default_text()
    }

    /// The subject without `xml:lang`, else the first subject.
    pub fn subject(&self) -> Option<&str> {
        self.subjects.default_text()
    }

    /// The first payload named `name` in namespace `ns`.
    pub fn payload(&self, name: &str, ns: &str) -> Option<&Element> {
        self.payloads.iter().find(|p| p.is(name, ns))
    }

    /// The error reply to this message
    /// ([RFC 6120 §8.3.1](https://www.rfc-editor.org/rfc/rfc6120#section-8.3.1)):
    /// type `error`, `from`/`to` swapped, same `id`, `xml:lang` and content
    /// namespace. The original payload is not copied.
    pub fn error_reply(&self, error: impl Into<StanzaError>) -> Message {
        Message {
            from: self.to.clone(),
            to: self.from.clone(),
            id: self.id.clone(),
            lang: self.lang.clone(),
            ns: self.ns,
            message_type: MessageType::Error,
            error: Some(StanzaError {
                ns: self.ns,
                ..error.into()
            }),
            ..Message::default()
        }
    }
}

impl TryFrom<Element> for Message {
    type Error = StanzaParseError;

    /// Parses a `<message/>`.
    ///
    /// Leniencies: a missing or unknown `type` means `normal` (RFC 6121
    /// §5.2.2 says so; the original value is kept and written back); a
    /// message of type `error` without an `<error/>` child is accepted
    /// (`error` is `None`); whitespace between children, and around the
    /// thread id, is ignored.
    fn try_from(el: Element) -> Result<Message, StanzaParseError> {
        let h = Header::parse(&el, "message")?;
        let mut unknown = h.unknown;
        let message_type = match h.type_.as_deref() {
            None => MessageType::Normal,
            Some("chat") => MessageType::Chat,
            Some("error") => MessageType::Error,
            Some("groupchat") => MessageType::Groupchat,
            Some("headline") => MessageType::Headline,
            Some(_) => {
                // `normal` or not understood: normal, keeping the value.
                if let Some(t) = h.type_ {
                    unknown.attrs.push(Attribute {
                        name: ByteStr::from_static("type"),
                        ns: None,
                        value: t,
                    });
                }
                MessageType::Normal
            }
        };
        let content_ns = h.ns;
        let cns = content_ns.as_str();
        // The language of a body or subject without xml:lang (RFC 6121
        // §5.2.3): the message's, else the one it inherits (the stream's).
        let scope = in_scope(&h.lang, &el);
        let scope = scope.as_deref();
        let mut msg = Message {
            from: h.from,
            to: h.to,
            id: h.id,
            lang: h.lang,
            ns: content_ns,
            message_type,
            ..Message::default()
        };
        for n in el.into_nodes() {
            let child = match n {
                Node::Element(c) => c,
                Node::Text(t) if is_whitespace(&t) => continue,
                Node::Text(_) => {
                    return Err(StanzaParseError::UnexpectedChild {
                        element: "message",
                        child: "text",
                    });
                }
            };
            if child.ns() != cns {
                msg.payloads.push(child);
                continue;
            }
            match child.name() {
                "body" => msg.bodies.read_in(child, "body", scope, &mut unknown)?,
                "subject" => msg
                    .subjects
                    .read_in(child, "subject", scope, &mut unknown)?,
                "thread" => {
                    if msg.thread.is_some() {
                        return Err(StanzaParseError::DuplicateChild {
                            element: "message",
                            child: "thread",
                        });
                    }
                    let parent = child
                        .attrs()
                        .iter()
                        .find(|a| a.is_plain("parent"))
                        .map(|a| a.value.clone());
                    let mut leaf = Leaf::new(child, &["parent"], false);
                    // Leniency: whitespace around the id is ignored (RFC 6121
                    // §5.2.5 prints it so); the text as read is written back.
                    let id = super::common::trim_bytestr(leaf.text.clone());
                    leaf.written_as(id.clone());
                    leaf.keep_in(&mut unknown, 0);
                    if id.is_empty() {
                        return Err(StanzaParseError::InvalidValue {
                            element: "thread",
                            value: String::new(),
                            expected: "a non-empty thread id",
                        });
                    }
                    msg.thread = Some(Thread { id, parent });
                }
                "error" if message_type == MessageType::Error => {
                    if msg.error.is_some() {
                        return Err(StanzaParseError::DuplicateChild {
                            element: "message",
                            child: "error",
                        });
                    }
                    msg.error = Some(StanzaError::parse(child, content_ns)?);
                }
                _ => msg.payloads.push(child),
            }
        }
        msg.unknown = unknown;
        Ok(msg)
    }
}

impl From<Message> for Element {
    fn from(m: Message) -> Element {
        let cns = m.ns.as_str();
        let mut el = Element::new("message", cns);
        let type_ = match m.message_type {
            MessageType::Normal => None,
            t => Some(t.as_str()),
        };
        Header::write(&mut el, type_, m.id, m.from, m.to, m.lang);
        m.subjects.write(&mut el, "subject", cns);
        m.bodies.write(&mut el, "body", cns);
        if let Some(t) = m.thread {
            let mut te = Element::new("thread", cns);
            if let Some(p) = t.parent {
                te.set_attr("parent", p);
            }
            te.append_text(t.id);
            el.append_child(te);
        }
        for p in m.payloads {
            el.append_child(p);
        }
        if let Some(e) = m.error {
            el.append_child(e.into_element(m.ns));
        }
        m.unknown.write_to(&mut el);
        el
    }
}
