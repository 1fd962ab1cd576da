//! Message Moderation, [XEP-0425](https://xmpp.org/extensions/xep-0425.html)
//! (`urn:xmpp:message-moderate:1`, version 0.3): the moderator's
//! `<moderate/>` request to a MUC service (§4) and the `<moderated/>`
//! element inside the XEP-0424 retraction the room sends out (§4) or the
//! tombstone it archives (§5).

use super::macros::impl_payload;
use super::reader::{Reader, text_element, with_unknown};
use super::retraction;
use super::{PayloadError, Unknown};
use crate::jid::Jid;
use crate::xml::Element;

/// The namespace of XEP-0425.
pub const NS: &str = "urn:xmpp:message-moderate:1";

/// `<moderate id='…'><retract/><reason/></moderate>`, sent in an `iq`
/// `set` to the room (§4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moderate {
    /// The XEP-0359 stanza id (assigned by the room) of the message.
    pub id: String,
    /// Whether the action is a retraction (`<retract/>`, the only action
    /// the XEP defines).
    pub retract: bool,
    /// Why, in natural language.
    pub reason: Option<String>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<moderated by='…'/>`: a moderator's action (§4, §5). The
/// moderator's XEP-0421 `<occupant-id/>` stays in `unknown`.
///
/// `by` is optional: §5 says the element SHOULD name the moderator, and
/// that an automated moderation may leave it out; the schema declares it
/// optional. Prosody's `mod_muc_moderation` sends the §4 `<moderated/>`
/// with only the moderator's `<occupant-id/>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moderated {
    /// The moderator (their occupant JID or real JID), if named.
    pub by: Option<Jid>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl Moderate {
    /// A request to retract the message with stanza id `id`.
    pub fn retract(id: impl Into<String>, reason: Option<String>) -> Self {
        Moderate {
            id: id.into(),
            retract: true,
            reason,
            unknown: Unknown::default(),
        }
    }
}

impl TryFrom<Element> for Moderate {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "moderate", NS)?;
        let id = r.req_attr("id")?.to_string();
        let retract = r.child_flag("retract", retraction::NS)?;
        let reason = r.child_text("reason", NS)?;
        Ok(Moderate {
            id,
            retract,
            reason,
            unknown: r.finish(),
        })
    }
}

impl From<Moderate> for Element {
    fn from(p: Moderate) -> Element {
        let mut b = Element::builder("moderate", NS).attr("id", p.id);
        if p.retract {
            b = b.append(Element::new("retract", retraction::NS));
        }
        if let Some(r) = p.reason {
            b = b.append(text_element("reason", NS, r));
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl TryFrom<Element> for Moderated {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "moderated", NS)?;
        let by = r.attr_jid("by")?;
        Ok(Moderated {
            by,
            unknown: r.finish(),
        })
    }
}

impl From<Moderated> for Element {
    fn from(p: Moderated) -> Element {
        with_unknown(
            Element::builder("moderated", NS)
                .attr_opt("by", p.by.map(|j| j.to_string()))
                .build(),
            p.unknown,
        )
    }
}

impl_payload!(Moderate, "moderate", NS);
impl_payload!(Moderated, "moderated", NS);
