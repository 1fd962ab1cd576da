//! Message Delivery Receipts, [XEP-0184](https://xmpp.org/extensions/xep-0184.html):
//! `<request/>` in a message asks for a receipt, `<received id='…'/>` is the
//! receipt (§3, §5).
//!
//! Leniency: `received` without `id` is accepted (the earliest revisions of
//! the XEP allowed it and some clients still send it); `id` is then `None`.

use super::macros::{empty_payload, impl_payload};
use super::reader::{Reader, with_unknown};
use super::{PayloadError, Unknown};
use crate::xml::Element;

/// The namespace of XEP-0184.
pub const NS: &str = "urn:xmpp:receipts";

empty_payload!(
    /// `<request xmlns='urn:xmpp:receipts'/>`: the sender asks for a receipt.
    Request,
    "request",
    NS
);

/// `<received xmlns='urn:xmpp:receipts' id='…'/>`: the receipt for the
/// message whose `id` is given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Received {
    /// The `id` of the message being acknowledged (see the module's note on
    /// leniency).
    pub id: Option<String>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl Received {
    /// A receipt for the message with id `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Received {
            id: Some(id.into()),
            unknown: Unknown::default(),
        }
    }
}

impl TryFrom<Element> for Received {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "received", NS)?;
        let id = r.attr("id").map(|s| s.to_string());
        Ok(Received {
            id,
            unknown: r.finish(),
        })
    }
}

impl From<Received> for Element {
    fn from(p: Received) -> Element {
        with_unknown(
            Element::builder("received", NS)
                .attr_opt("id", p.id)
                .build(),
            p.unknown,
        )
    }
}

impl_payload!(Received, "received", NS);
