//! Stanza Forwarding, [XEP-0297](https://xmpp.org/extensions/xep-0297.html):
//! `<forwarded>` wraps a stanza (with an optional XEP-0203 delay) inside
//! another; carbons (XEP-0280) and MAM (XEP-0313) use it (§3).
//!
//! The forwarded stanza is kept as an [`Element`] (a `message`, `presence`
//! or `iq` in any content namespace), so that this module does not depend
//! on the core stanza types; convert it with their `TryFrom<Element>`.
//!
//! Leniency: the forwarded stanza is accepted in any namespace, including
//! `urn:xmpp:forward:0` itself, which is what a `<message>` written without
//! `xmlns` inside `<forwarded>` inherits (XEP-0424 Example 7 and XEP-0425
//! Example 8 do this). Its namespace is kept as received.

use super::delay::{self, Delay};
use super::macros::impl_payload;
use super::reader::{Reader, with_unknown};
use super::{PayloadError, Unknown};
use crate::xml::Element;

/// The namespace of XEP-0297.
pub const NS: &str = "urn:xmpp:forward:0";

/// `<forwarded xmlns='urn:xmpp:forward:0'>` (§3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forwarded {
    /// When the forwarded stanza was originally sent, if said.
    pub delay: Option<Delay>,
    /// The forwarded `message`, `presence` or `iq`.
    pub stanza: Element,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl Forwarded {
    /// Forwards `stanza` without a delay.
    pub fn new(stanza: Element) -> Self {
        Forwarded {
            delay: None,
            stanza,
            unknown: Unknown::default(),
        }
    }
}

impl TryFrom<Element> for Forwarded {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "forwarded", NS)?;
        let delay = r
            .child("delay", delay::NS)?
            .map(Delay::try_from)
            .transpose()?;
        let mut stanzas = r.take_children(|e| matches!(e.name(), "message" | "presence" | "iq"));
        if stanzas.len() > 1 {
            return Err(PayloadError::Invalid {
                element: "forwarded",
                reason: "it holds more than one stanza",
            });
        }
        let stanza = stanzas.pop().ok_or(PayloadError::MissingChild {
            element: "forwarded",
            child: "message|presence|iq",
        })?;
        Ok(Forwarded {
            delay,
            stanza,
            unknown: r.finish(),
        })
    }
}

impl From<Forwarded> for Element {
    fn from(p: Forwarded) -> Element {
        let mut b = Element::builder("forwarded", NS);
        if let Some(d) = p.delay {
            b = b.append(Element::from(d));
        }
        with_unknown(b.append(p.stanza).build(), p.unknown)
    }
}

impl_payload!(Forwarded, "forwarded", NS);
