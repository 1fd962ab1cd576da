//! Delayed Delivery, [XEP-0203](https://xmpp.org/extensions/xep-0203.html):
//! `<delay stamp='…' from='…'>reason</delay>` marks a stanza delivered
//! late (offline storage, MUC history, forwarded messages) (§3).

use super::datetime::DateTime;
use super::macros::impl_payload;
use super::reader::{Reader, with_unknown};
use super::{PayloadError, Unknown};
use crate::jid::Jid;
use crate::xml::Element;

/// The namespace of XEP-0203.
pub const NS: &str = "urn:xmpp:delay";

/// `<delay xmlns='urn:xmpp:delay'/>` (§3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delay {
    /// The entity that delayed the stanza.
    pub from: Option<Jid>,
    /// When the stanza was originally sent (XEP-0082 `DateTime`, UTC).
    pub stamp: DateTime,
    /// A natural-language reason, from the element's text (`None` if
    /// empty).
    pub reason: Option<String>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl Delay {
    /// A delay stamped `stamp`.
    pub fn new(stamp: DateTime) -> Self {
        Delay {
            from: None,
            stamp,
            reason: None,
            unknown: Unknown::default(),
        }
    }
}

impl TryFrom<Element> for Delay {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "delay", NS)?;
        let from = r.attr_jid("from")?;
        let stamp = r.req_attr_parse("stamp", "not a XEP-0082 DateTime")?;
        let reason = Some(r.text()).filter(|t| !t.is_empty());
        Ok(Delay {
            from,
            stamp,
            reason,
            unknown: r.finish(),
        })
    }
}

impl From<Delay> for Element {
    fn from(p: Delay) -> Element {
        let mut b = Element::builder("delay", NS);
        if let Some(from) = p.from {
            b = b.attr("from", from.to_string());
        }
        b = b.attr("stamp", p.stamp.to_string());
        if let Some(reason) = p.reason {
            b = b.text(reason);
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl_payload!(Delay, "delay", NS);
