//! Last Message Correction, [XEP-0308](https://xmpp.org/extensions/xep-0308.html):
//! `<replace id='…'/>` in a message that corrects the message with that id
//! (§3).

use super::macros::impl_payload;
use super::reader::{Reader, with_unknown};
use super::{PayloadError, Unknown};
use crate::xml::Element;

/// The namespace of XEP-0308.
pub const NS: &str = "urn:xmpp:message-correct:0";

/// `<replace xmlns='urn:xmpp:message-correct:0' id='…'/>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replace {
    /// The id of the message being corrected.
    pub id: String,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl Replace {
    /// A correction of the message with id `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Replace {
            id: id.into(),
            unknown: Unknown::default(),
        }
    }
}

impl TryFrom<Element> for Replace {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "replace", NS)?;
        let id = r.req_attr("id")?.to_string();
        Ok(Replace {
            id,
            unknown: r.finish(),
        })
    }
}

impl From<Replace> for Element {
    fn from(p: Replace) -> Element {
        with_unknown(
            Element::builder("replace", NS).attr("id", p.id).build(),
            p.unknown,
        )
    }
}

impl_payload!(Replace, "replace", NS);
