//! Entity Time, [XEP-0202](https://xmpp.org/extensions/xep-0202.html):
//! an empty `<time/>` in an `iq` `get` asks for an entity's time, the
//! result gives its UTC time and time zone offset (§3, §4).

use super::datetime::{DateTime, TimeZoneOffset};
use super::macros::{empty_payload, impl_payload};
use super::reader::{Reader, text_element, with_unknown};
use super::{PayloadError, Unknown};
use crate::xml::Element;

/// The namespace of XEP-0202.
pub const NS: &str = "urn:xmpp:time";

empty_payload!(
    /// The request: `<time xmlns='urn:xmpp:time'/>`.
    TimeQuery,
    "time",
    NS
);

/// The answer: `<time><tzo>…</tzo><utc>…</utc></time>` (§4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityTime {
    /// The entity's offset from UTC (`tzo`).
    pub tzo: TimeZoneOffset,
    /// The time in UTC (`utc`, XEP-0082 `DateTime`).
    pub utc: DateTime,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl TryFrom<Element> for EntityTime {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "time", NS)?;
        let tzo = r.req_child_parse("tzo", NS, "not a time zone offset (Z or ±hh:mm)")?;
        let utc = r.req_child_parse("utc", NS, "not a XEP-0082 DateTime")?;
        Ok(EntityTime {
            tzo,
            utc,
            unknown: r.finish(),
        })
    }
}

impl From<EntityTime> for Element {
    fn from(p: EntityTime) -> Element {
        with_unknown(
            Element::builder("time", NS)
                .append(text_element("tzo", NS, p.tzo.to_string()))
                .append(text_element("utc", NS, p.utc.to_string()))
                .build(),
            p.unknown,
        )
    }
}

impl_payload!(EntityTime, "time", NS);
