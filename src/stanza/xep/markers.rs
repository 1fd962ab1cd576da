//! Chat Markers, [XEP-0333](https://xmpp.org/extensions/xep-0333.html):
//! `<markable/>` and the `received`, `displayed` and `acknowledged` markers
//! that point at a message by its `id` (§3, §4).

use super::reader::{Reader, unexpected, with_unknown};
use super::{Payload, PayloadError, Unknown};
use crate::xml::Element;

/// The namespace of XEP-0333.
pub const NS: &str = "urn:xmpp:chat-markers:0";

/// A chat marker element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChatMarker {
    /// `<markable/>`: the sender wants markers for this message (with what
    /// the element carries besides, which the XEP defines empty).
    Markable(Unknown),
    /// `<received id='…'/>`: the message reached the recipient's client.
    Received(MarkerRef),
    /// `<displayed id='…'/>`: the message was shown to the recipient.
    Displayed(MarkerRef),
    /// `<acknowledged id='…'/>`: the recipient acted on the message.
    Acknowledged(MarkerRef),
}

/// What a marker points at: the message `id` (XEP-0333 §4: the `id` of the
/// message, or its XEP-0359 stanza id in groupchat).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkerRef {
    /// The id of the message marked.
    pub id: String,
    /// Attributes and children not modelled (e.g. a legacy `sender`).
    pub unknown: Unknown,
}

impl MarkerRef {
    /// A reference to the message with id `id`.
    pub fn new(id: impl Into<String>) -> Self {
        MarkerRef {
            id: id.into(),
            unknown: Unknown::default(),
        }
    }
}

impl TryFrom<Element> for ChatMarker {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        const EXPECTED: &str = "markable|received|displayed|acknowledged";
        if el.ns() != NS {
            return Err(unexpected(&el, EXPECTED, NS));
        }
        let (name, wrap): (&'static str, fn(MarkerRef) -> ChatMarker) = match el.name() {
            "markable" => {
                return Ok(ChatMarker::Markable(
                    Reader::unchecked(el, "markable").finish(),
                ));
            }
            "received" => ("received", ChatMarker::Received),
            "displayed" => ("displayed", ChatMarker::Displayed),
            "acknowledged" => ("acknowledged", ChatMarker::Acknowledged),
            _ => return Err(unexpected(&el, EXPECTED, NS)),
        };
        let mut r = Reader::unchecked(el, name);
        let id = r.req_attr("id")?.to_string();
        Ok(wrap(MarkerRef {
            id,
            unknown: r.finish(),
        }))
    }
}

impl From<ChatMarker> for Element {
    fn from(m: ChatMarker) -> Element {
        let (name, r) = match m {
            ChatMarker::Markable(u) => return with_unknown(Element::new("markable", NS), u),
            ChatMarker::Received(r) => ("received", r),
            ChatMarker::Displayed(r) => ("displayed", r),
            ChatMarker::Acknowledged(r) => ("acknowledged", r),
        };
        with_unknown(
            Element::builder(name, NS).attr("id", r.id).build(),
            r.unknown,
        )
    }
}

impl Payload for ChatMarker {
    fn matches(el: &Element) -> bool {
        el.ns() == NS
            && matches!(
                el.name(),
                "markable" | "received" | "displayed" | "acknowledged"
            )
    }
}
