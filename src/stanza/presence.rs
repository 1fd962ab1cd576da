//! [`Presence`]: the `<presence/>` stanza
//! ([RFC 6120 §8.2.2](https://www.rfc-editor.org/rfc/rfc6120#section-8.2.2),
//! [RFC 6121 §3–4](https://www.rfc-editor.org/rfc/rfc6121#section-4)).
//!
//! ```
//! use xmpp_sansio::jid::BareJid;
//! use xmpp_sansio::stanza::{Presence, PresenceType, Show};
//! use xmpp_sansio::xml::Element;
//!
//! let sub = Presence::subscribe("juliet@example.com".parse::<BareJid>()?);
//! assert_eq!(sub.presence_type, PresenceType::Subscribe);
//!
//! let away = Presence::available().with_show(Show::Away).with_status("at the ball");
//! let back = Presence::try_from(Element::from(away.clone()))?;
//! assert_eq!(back, away);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::common::{ContentNs, Header, Texts, in_scope, is_whitespace, text_element, truncate};
use super::unknown::{Leaf, written_if_differs};
use super::{StanzaError, StanzaParseError, Unknown};
use crate::jid::Jid;
use crate::xml::{ByteStr, Element, Node};

/// A `<presence/>` stanza.
///
/// `show`, `status`, `priority` (and `error` in an error presence) in the
/// content namespace are typed; every other child is kept in
/// [`Presence::payloads`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Presence {
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
    /// The `type` ([`PresenceType::Available`] when absent).
    pub presence_type: PresenceType,
    /// The availability sub-state (`<show/>`); `None` when absent (the
    /// entity is simply available) or not one RFC 6121 defines (see
    /// [`Presence::original_show`]).
    pub show: Option<Show>,
    /// The text of a `<show/>` whose value RFC 6121 §4.7.2.1 does not define
    /// (`online`, an empty `<show/>`, …), as read; `show` is then `None`.
    /// Written back while `show` is `None`.
    pub original_show: Option<ByteStr>,
    /// Status texts, per language.
    pub statuses: Texts,
    /// The priority (`<priority/>`), -128..=127; `None` when absent (which
    /// means 0).
    pub priority: Option<i8>,
    /// All other child elements (extensions), in order.
    pub payloads: Vec<Element>,
    /// The error, for a presence of type `error`.
    pub error: Option<StanzaError>,
    /// Attributes not defined by RFC 6120/6121, and what the typed
    /// children (`show`, `status`, `priority`) hold besides their values,
    /// kept and written back.
    pub unknown: Unknown,
}

/// The `type` of a presence
/// ([RFC 6121 §4.7.1](https://www.rfc-editor.org/rfc/rfc6121#section-4.7.1)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PresenceType {
    /// No `type`: the entity is available.
    #[default]
    Available,
    /// An error about a presence previously sent.
    Error,
    /// A request for the entity's current presence (servers only).
    Probe,
    /// A request to subscribe to the recipient's presence.
    Subscribe,
    /// The sender allows the recipient to receive its presence.
    Subscribed,
    /// The entity is no longer available.
    Unavailable,
    /// The sender unsubscribes from the recipient's presence.
    Unsubscribe,
    /// The sender cancels (or denies) a subscription.
    Unsubscribed,
}

/// The `<show/>` availability sub-state
/// ([RFC 6121 §4.7.2.1](https://www.rfc-editor.org/rfc/rfc6121#section-4.7.2.1)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Show {
    /// Temporarily away.
    Away,
    /// Actively interested in chatting.
    Chat,
    /// Busy (do not disturb).
    Dnd,
    /// Away for an extended period.
    Xa,
}

impl PresenceType {
    /// The attribute value (`None` for available).
    pub fn as_str(self) -> Option<&'static str> {
        Some(match self {
            PresenceType::Available => return None,
            PresenceType::Error => "error",
            PresenceType::Probe => "probe",
            PresenceType::Subscribe => "subscribe",
            PresenceType::Subscribed => "subscribed",
            PresenceType::Unavailable => "unavailable",
            PresenceType::Unsubscribe => "unsubscribe",
            PresenceType::Unsubscribed => "unsubscribed",
        })
    }

    /// The presence type for attribute value `s`.
    pub fn from_name(s: &str) -> Option<PresenceType> {
        Some(match s {
            "error" => PresenceType::Error,
            "probe" => PresenceType::Probe,
            "subscribe" => PresenceType::Subscribe,
            "subscribed" => PresenceType::Subscribed,
            "unavailable" => PresenceType::Unavailable,
            "unsubscribe" => PresenceType::Unsubscribe,
            "unsubscribed" => PresenceType::Unsubscribed,
            _ => return None,
        })
    }
}

impl Show {
    /// The element text.
    pub fn as_str(self) -> &'static str {
        match self {
            Show::Away => "away",
            Show::Chat => "chat",
            Show::Dnd => "dnd",
            Show::Xa => "xa",
        }
    }

    /// The show value for text `s`.
    pub fn from_name(s: &str) -> Option<Show> {
        Some(match s {
            "away" => Show::Away,
            "chat" => Show::Chat,
            "dnd" => Show::Dnd,
            "xa" => Show::Xa,
            _ => return None,
        })
    }
}

impl Presence {
    /// A presence of type `presence_type`, with no addresses.
    pub fn new(presence_type: PresenceType) -> Presence {
        Presence {
            presence_type,
            ..Presence::default()
        }
    }

    /// Available presence (no `type`), broadcast (no `to`).
    pub fn available() -> Presence {
        Presence::new(PresenceType::Available)
    }

    /// Unavailable presence, broadcast (no `to`).
    pub fn unavailable() -> Presence {
        Presence::new(PresenceType::Unavailable)
    }

    /// A subscription request to `to` (RFC 6121 §3.1).
    pub fn subscribe(to: impl Into<Jid>) -> Presence {
        Presence::new(PresenceType::Subscribe).with_to(to)
    }

    /// Approves `to`'s subscription, or pre-approves it (RFC 6121 §3.1.4, §3.4).
    pub fn subscribed(to: impl Into<Jid>) -> Presence {
        Presence::new(PresenceType::Subscribed).with_to(to)
    }

    /// Unsubscribes from `to`'s presence (RFC 6121 §3.3).
    pub fn unsubscribe(to: impl Into<Jid>) -> Presence {
        Presence::new(PresenceType::Unsubscribe).with_to(to)
    }

    /// Cancels or denies `to`'s subscription (RFC 6121 §3.2).
    pub fn unsubscribed(to: impl Into<Jid>) -> Presence {
        Presence::new(PresenceType::Unsubscribed).with_to(to)
    }

    /// A presence probe to `to` (RFC 6121 §4.3).
    pub fn probe(to: impl Into<Jid>) -> Presence {
        Presence::new(PresenceType::Probe).with_to(to)
    }

    super::common::addressing_builders!(optional_id);

    /// Sets `<show/>` (and forgets an undefined value read,
    /// [`Presence::original_show`]).
    pub fn with_show(mut self, show: Show) -> Self {
        self.show = Some(show);
        self.original_show = None;
        self
    }

    /// Sets the status text without `xml:lang`.
    pub fn with_status(mut self, status: impl Into<ByteStr>) -> Self {
        self.statuses.insert(None, status);
        self
    }

    /// Sets the status text in language `lang`.
    pub fn with_status_lang(
        mut self,
        lang: impl Into<ByteStr>,
        status: impl Into<ByteStr>,
    ) -> Self {
        self.statuses.insert(Some(lang.into()), status);
        self
    }

    /// Sets `<priority/>`.
    pub fn with_priority(mut self, priority: i8) -> Self {
        self.priority = Some(priority);
        self
    }

    /// Appends an extension payload.
    pub fn with_payload(mut self, payload: impl Into<Element>) -> Self {
        self.payloads.push(payload.into());
        self
    }

    /// The status without `xml:lang`, else the first one.
    pub fn status(&self) -> Option<&str> {
        self.statuses.default_text()
    }

    /// The first payload named `name` in namespace `ns`.
    pub fn payload(&self, name: &str, ns: &str) -> Option<&Element> {
        self.payloads.iter().find(|p| p.is(name, ns))
    }

    /// The error reply to this presence: type `error`, `from`/`to` swapped,
    /// same `id`, `xml:lang` and content namespace.
    pub fn error_reply(&self, error: impl Into<StanzaError>) -> Presence {
        Presence {
            from: self.to.clone(),
            to: self.from.clone(),
            id: self.id.clone(),
            lang: self.lang.clone(),
            ns: self.ns,
            presence_type: PresenceType::Error,
            error: Some(StanzaError {
                ns: self.ns,
                ..error.into()
            }),
            ..Presence::default()
        }
    }
}

impl TryFrom<Element> for Presence {
    type Error = StanzaParseError;

    /// Parses a `<presence/>`.
    ///
    /// Strict: an unknown `type` or a priority outside -128..=127 is an
    /// error (`bad-request`). Lenient: surrounding whitespace in `show` and
    /// `priority` is ignored (some clients pretty-print); a presence of type
    /// `error` without `<error/>` is accepted; a `<show/>` value RFC 6121
    /// §4.7.2.1 does not define leaves `show` at `None` (available, which
    /// is what the entity still is) and is kept in
    /// [`Presence::original_show`], so that the rest of the presence is
    /// not lost.
    fn try_from(el: Element) -> Result<Presence, StanzaParseError> {
        let h = Header::parse(&el, "presence")?;
        let presence_type = match h.type_.as_deref() {
            None => PresenceType::Available,
            Some(t) => PresenceType::from_name(t).ok_or_else(|| {
                StanzaParseError::InvalidAttribute {
                    element: "presence",
                    attr: "type",
                    value: truncate(t),
                    expected: "one of error, probe, subscribe, subscribed, unavailable, unsubscribe, unsubscribed",
                }
            })?,
        };
        let content_ns = h.ns;
        let cns = content_ns.as_str();
        // The language of a status without xml:lang (RFC 6121 §4.7.2.2):
        // the presence's, else the one it inherits (the stream's).
        let scope = in_scope(&h.lang, &el);
        let scope = scope.as_deref();
        let mut p = Presence {
            from: h.from,
            to: h.to,
            id: h.id,
            lang: h.lang,
            ns: content_ns,
            presence_type,
            ..Presence::default()
        };
        let mut unknown = h.unknown;
        for n in el.into_nodes() {
            let child = match n {
                Node::Element(c) => c,
                Node::Text(t) if is_whitespace(&t) => continue,
                Node::Text(_) => {
                    return Err(StanzaParseError::UnexpectedChild {
                        element: "presence",
                        child: "text",
                    });
                }
            };
            if child.ns() != cns {
                p.payloads.push(child);
                continue;
            }
            match child.name() {
                "show" => {
                    if p.show.is_some() || p.original_show.is_some() {
                        return Err(StanzaParseError::DuplicateChild {
                            element: "presence",
                            child: "show",
                        });
                    }
                    let mut leaf = Leaf::new(child, &[], false);
                    match Show::from_name(leaf.text.trim()) {
                        Some(show) => {
                            leaf.written_as(show.as_str());
                            p.show = Some(show);
                        }
                        // Not one of RFC 6121's four: the rest of the
                        // presence still holds; the value is kept.
                        None => p.original_show = Some(leaf.text.clone()),
                    }
                    leaf.keep_in(&mut unknown, 0);
                }
                "status" => p.statuses.read_in(child, "status", scope, &mut unknown)?,
                "priority" => {
                    if p.priority.is_some() {
                        return Err(StanzaParseError::DuplicateChild {
                            element: "presence",
                            child: "priority",
                        });
                    }
                    let mut leaf = Leaf::new(child, &[], false);
                    let priority = leaf.text.trim().parse::<i8>().map_err(|_| {
                        StanzaParseError::InvalidValue {
                            element: "priority",
                            value: truncate(&leaf.text),
                            expected: "an integer from -128 to 127",
                        }
                    })?;
                    if let Some(w) = written_if_differs(&priority, &leaf.text) {
                        leaf.written_as(w);
                    }
                    leaf.keep_in(&mut unknown, 0);
                    p.priority = Some(priority);
                }
                "error" if presence_type == PresenceType::Error => {
                    if p.error.is_some() {
                        return Err(StanzaParseError::DuplicateChild {
                            element: "presence",
                            child: "error",
                        });
                    }
                    p.error = Some(StanzaError::parse(child, content_ns)?);
                }
                _ => p.payloads.push(child),
            }
        }
        p.unknown = unknown;
        Ok(p)
    }
}

impl From<Presence> for Element {
    fn from(p: Presence) -> Element {
        let cns = p.ns.as_str();
        let mut el = Element::new("presence", cns);
        Header::write(
            &mut el,
            p.presence_type.as_str(),
            p.id,
            p.from,
            p.to,
            p.lang,
        );
        match (p.show, p.original_show) {
            (Some(s), _) => {
                el.append_child(text_element("show", cns, s.as_str()));
            }
            // Only a value that is still not a defined one: a defined one
            // belongs in `show`.
            (None, Some(o)) if Show::from_name(o.trim()).is_none() => {
                el.append_child(text_element("show", cns, o));
            }
            _ => {}
        }
        p.statuses.write(&mut el, "status", cns);
        if let Some(pr) = p.priority {
            el.append_child(text_element("priority", cns, pr.to_string()));
        }
        for x in p.payloads {
            el.append_child(x);
        }
        if let Some(e) = p.error {
            el.append_child(e.into_element(p.ns));
        }
        p.unknown.write_to(&mut el);
        el
    }
}
