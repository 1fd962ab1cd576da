//! Unique and Stable Stanza IDs, [XEP-0359](https://xmpp.org/extensions/xep-0359.html):
//! `<stanza-id id='…' by='…'/>` added by an archiving entity and
//! `<origin-id id='…'/>` set by the sender (§3, §4).

use super::macros::impl_payload;
use super::reader::{Reader, with_unknown};
use super::{PayloadError, Unknown};
use crate::jid::Jid;
use crate::xml::Element;

/// The namespace of XEP-0359.
pub const NS: &str = "urn:xmpp:sid:0";

/// `<stanza-id xmlns='urn:xmpp:sid:0' id='…' by='…'/>` (§3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StanzaId {
    /// The id, unique and stable for the entity in `by`.
    pub id: String,
    /// The entity that assigned the id (e.g. the user's bare JID or the
    /// room).
    pub by: Jid,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<origin-id xmlns='urn:xmpp:sid:0' id='…'/>` (§4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginId {
    /// The id chosen by the sender.
    pub id: String,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl StanzaId {
    /// A stanza id `id` assigned by `by`.
    pub fn new(id: impl Into<String>, by: Jid) -> Self {
        StanzaId {
            id: id.into(),
            by,
            unknown: Unknown::default(),
        }
    }
}

impl OriginId {
    /// An origin id `id`.
    pub fn new(id: impl Into<String>) -> Self {
        OriginId {
            id: id.into(),
            unknown: Unknown::default(),
        }
    }
}

impl TryFrom<Element> for StanzaId {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "stanza-id", NS)?;
        let id = r.req_attr("id")?.to_string();
        let by = r.req_attr_jid("by")?;
        Ok(StanzaId {
            id,
            by,
            unknown: r.finish(),
        })
    }
}

impl From<StanzaId> for Element {
    fn from(p: StanzaId) -> Element {
        with_unknown(
            Element::builder("stanza-id", NS)
                .attr("id", p.id)
                .attr("by", p.by.to_string())
                .build(),
            p.unknown,
        )
    }
}

impl TryFrom<Element> for OriginId {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "origin-id", NS)?;
        let id = r.req_attr("id")?.to_string();
        Ok(OriginId {
            id,
            unknown: r.finish(),
        })
    }
}

impl From<OriginId> for Element {
    fn from(p: OriginId) -> Element {
        with_unknown(
            Element::builder("origin-id", NS).attr("id", p.id).build(),
            p.unknown,
        )
    }
}

impl_payload!(StanzaId, "stanza-id", NS);
impl_payload!(OriginId, "origin-id", NS);
