//! Message Retraction, [XEP-0424](https://xmpp.org/extensions/xep-0424.html)
//! (`urn:xmpp:message-retract:1`, version 0.4): `<retract id='…'/>` in a
//! message withdraws an earlier one (§4), and `<retracted/>` is the
//! tombstone an archive keeps in its place (§5). Both may carry a XEP-0425
//! `<moderated/>` and a `<reason/>` when a moderator retracted the message.

use super::datetime::DateTime;
use super::macros::impl_payload;
use super::moderation::{self, Moderated};
use super::reader::{Reader, text_element, with_unknown};
use super::{PayloadError, Unknown};
use crate::xml::Element;

/// The namespace of XEP-0424.
pub const NS: &str = "urn:xmpp:message-retract:1";

/// `<retract id='…'/>` (§4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retract {
    /// The id of the message withdrawn (its `id`, or in groupchat its
    /// stanza id).
    pub id: String,
    /// Set when a moderator retracted it (XEP-0425).
    pub moderated: Option<Moderated>,
    /// Why, in natural language (XEP-0425).
    pub reason: Option<String>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<retracted stamp='…' id='…'/>`: a tombstone (§5).
///
/// §5 says the element MUST carry `id` and SHOULD carry `stamp` (the
/// schema: `id` required, `stamp` optional). `stamp` is optional here as
/// there. `id` is optional too, a leniency: XEP-0425's moderation
/// tombstone (its Example 8) has none. Set it when writing a XEP-0424
/// tombstone ([`Retracted::new`] does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retracted {
    /// When the message was retracted, if said.
    pub stamp: Option<DateTime>,
    /// The id of the retraction message (required by XEP-0424 §5, absent
    /// from XEP-0425's moderation tombstones).
    pub id: Option<String>,
    /// Set when a moderator retracted it (XEP-0425).
    pub moderated: Option<Moderated>,
    /// Why, in natural language (XEP-0425).
    pub reason: Option<String>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl Retract {
    /// A retraction of the message with id `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Retract {
            id: id.into(),
            moderated: None,
            reason: None,
            unknown: Unknown::default(),
        }
    }
}

impl Retracted {
    /// A tombstone for a message withdrawn by the retraction message with
    /// id `id` (§5), without `stamp`.
    pub fn new(id: impl Into<String>) -> Self {
        Retracted {
            stamp: None,
            id: Some(id.into()),
            moderated: None,
            reason: None,
            unknown: Unknown::default(),
        }
    }
}

/// Reads `<moderated/>` and `<reason/>`.
fn moderation(r: &mut Reader) -> Result<(Option<Moderated>, Option<String>), PayloadError> {
    let moderated = r
        .child("moderated", moderation::NS)?
        .map(Moderated::try_from)
        .transpose()?;
    let reason = r.child_text("reason", NS)?;
    Ok((moderated, reason))
}

impl TryFrom<Element> for Retract {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "retract", NS)?;
        let id = r.req_attr("id")?.to_string();
        let (moderated, reason) = moderation(&mut r)?;
        Ok(Retract {
            id,
            moderated,
            reason,
            unknown: r.finish(),
        })
    }
}

impl From<Retract> for Element {
    fn from(p: Retract) -> Element {
        let mut b = Element::builder("retract", NS).attr("id", p.id);
        if let Some(m) = p.moderated {
            b = b.append(Element::from(m));
        }
        if let Some(r) = p.reason {
            b = b.append(text_element("reason", NS, r));
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl TryFrom<Element> for Retracted {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "retracted", NS)?;
        let stamp = r.attr_parse("stamp", "not a XEP-0082 DateTime")?;
        let id = r.attr("id").map(|s| s.to_string());
        let (moderated, reason) = moderation(&mut r)?;
        Ok(Retracted {
            stamp,
            id,
            moderated,
            reason,
            unknown: r.finish(),
        })
    }
}

impl From<Retracted> for Element {
    fn from(p: Retracted) -> Element {
        let mut b = Element::builder("retracted", NS)
            .attr_opt("stamp", p.stamp.map(|s| s.to_string()))
            .attr_opt("id", p.id);
        if let Some(m) = p.moderated {
            b = b.append(Element::from(m));
        }
        if let Some(r) = p.reason {
            b = b.append(text_element("reason", NS, r));
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl_payload!(Retract, "retract", NS);
impl_payload!(Retracted, "retracted", NS);
