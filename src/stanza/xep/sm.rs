//! Stream Management, [XEP-0198](https://xmpp.org/extensions/xep-0198.html):
//! the nonzas that enable acknowledgements and resumption (§3, §5), request
//! and answer acknowledgements (§4), and report failure (§6). Sequence
//! numbers (`h`) are unsigned 32-bit integers that wrap (§4); anything else
//! is an error.
//!
//! ```
//! use xmpp_sansio::stanza::xep::sm::Ack;
//! use xmpp_sansio::xml::Element;
//! let a = Element::builder("a", "urn:xmpp:sm:3").attr("h", "4294967295").build();
//! assert_eq!(Ack::try_from(a)?.h, u32::MAX);
//! let bad = Element::builder("a", "urn:xmpp:sm:3").attr("h", "-1").build();
//! assert!(Ack::try_from(bad).is_err());
//! # Ok::<(), xmpp_sansio::stanza::xep::PayloadError>(())
//! ```

use super::macros::{empty_payload, impl_payload};
use super::reader::{Reader, with_unknown};
use super::{PayloadError, Unknown};
use crate::xml::Element;

/// The namespace of XEP-0198 version 3.
pub const NS: &str = "urn:xmpp:sm:3";

/// The namespace of RFC 6120 stanza error conditions, used in `<failed/>`.
const STANZAS: &str = crate::xml::ns::STANZAS;

const H: &str = "not an unsigned 32-bit integer";

empty_payload!(
    /// The `<sm xmlns='urn:xmpp:sm:3'/>` stream feature (§2).
    Feature,
    "sm",
    NS
);
empty_payload!(
    /// `<r/>`: asks the peer how many stanzas it has handled (§4).
    AckRequest,
    "r",
    NS
);

/// `<enable/>`: asks to turn stream management on (§3).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Enable {
    /// Whether the client wants the session to be resumable.
    pub resume: bool,
    /// The client's preferred maximum resumption time, in seconds.
    pub max: Option<u32>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<enabled/>`: stream management is on (§3).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Enabled {
    /// The SM-ID to resume with, when resumption is offered.
    pub id: Option<String>,
    /// Whether the session can be resumed.
    pub resume: bool,
    /// The server's maximum resumption time, in seconds.
    pub max: Option<u32>,
    /// Where the server prefers the client to reconnect (`host:port`).
    pub location: Option<String>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<resume h='…' previd='…'/>`: asks to resume a former stream (§5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resume {
    /// The last stanza handled from the peer on the former stream.
    pub h: u32,
    /// The SM-ID of the former stream.
    pub previd: String,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<resumed h='…' previd='…'/>`: the former stream is resumed (§5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resumed {
    /// The last stanza handled from the peer on the former stream.
    pub h: u32,
    /// The SM-ID of the former stream.
    pub previd: String,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<a h='…'/>`: how many stanzas have been handled (§4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ack {
    /// The number of stanzas handled, modulo 2^32.
    pub h: u32,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<failed/>`: enabling or resuming failed (§3, §5, §6).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Failed {
    /// Stanzas handled before a timed-out session ended, if the server says.
    pub h: Option<u32>,
    /// The local name of the RFC 6120 stanza error condition (e.g.
    /// `item-not-found`), if given.
    pub condition: Option<String>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<handled-count-too-high h='…' send-count='…'/>`, the application
/// condition of a stream error sent when the peer acknowledged more stanzas
/// than were sent (§6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandledCountTooHigh {
    /// The `h` the peer sent.
    pub h: u32,
    /// How many stanzas were actually sent.
    pub send_count: u32,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl Ack {
    /// An answer acknowledging `h` stanzas.
    pub fn new(h: u32) -> Self {
        Ack {
            h,
            unknown: Unknown::default(),
        }
    }
}

impl TryFrom<Element> for Enable {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "enable", NS)?;
        let resume = r.attr_flag("resume")?;
        let max = r.attr_parse("max", H)?;
        Ok(Enable {
            resume,
            max,
            unknown: r.finish(),
        })
    }
}

impl From<Enable> for Element {
    fn from(p: Enable) -> Element {
        let b = Element::builder("enable", NS)
            .attr_opt("resume", p.resume.then_some("true"))
            .attr_opt("max", p.max.map(|m| m.to_string()));
        with_unknown(b.build(), p.unknown)
    }
}

impl TryFrom<Element> for Enabled {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "enabled", NS)?;
        let id = r.attr("id").map(|s| s.to_string());
        let resume = r.attr_flag("resume")?;
        let max = r.attr_parse("max", H)?;
        let location = r.attr("location").map(|s| s.to_string());
        Ok(Enabled {
            id,
            resume,
            max,
            location,
            unknown: r.finish(),
        })
    }
}

impl From<Enabled> for Element {
    fn from(p: Enabled) -> Element {
        let b = Element::builder("enabled", NS)
            .attr_opt("id", p.id)
            .attr_opt("location", p.location)
            .attr_opt("max", p.max.map(|m| m.to_string()))
            .attr_opt("resume", p.resume.then_some("true"));
        with_unknown(b.build(), p.unknown)
    }
}

macro_rules! h_previd {
    ($ty:ident, $name:literal) => {
        impl TryFrom<Element> for $ty {
            type Error = PayloadError;
            fn try_from(el: Element) -> Result<Self, PayloadError> {
                let mut r = Reader::new(el, $name, NS)?;
                let h = r.req_attr_parse("h", H)?;
                let previd = r.req_attr("previd")?.to_string();
                Ok($ty {
                    h,
                    previd,
                    unknown: r.finish(),
                })
            }
        }

        impl From<$ty> for Element {
            fn from(p: $ty) -> Element {
                let b = Element::builder($name, NS)
                    .attr("h", p.h.to_string())
                    .attr("previd", p.previd);
                with_unknown(b.build(), p.unknown)
            }
        }

        impl_payload!($ty, $name, NS);
    };
}

h_previd!(Resume, "resume");
h_previd!(Resumed, "resumed");

impl TryFrom<Element> for Ack {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "a", NS)?;
        let h = r.req_attr_parse("h", H)?;
        Ok(Ack {
            h,
            unknown: r.finish(),
        })
    }
}

impl From<Ack> for Element {
    fn from(p: Ack) -> Element {
        with_unknown(
            Element::builder("a", NS).attr("h", p.h.to_string()).build(),
            p.unknown,
        )
    }
}

impl TryFrom<Element> for Failed {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "failed", NS)?;
        let h = r.attr_parse("h", H)?;
        let mut conditions = r.take_children(|e| e.ns() == STANZAS && e.name() != "text");
        if conditions.len() > 1 {
            return Err(PayloadError::Invalid {
                element: "failed",
                reason: "it holds more than one error condition",
            });
        }
        let condition = conditions.pop().map(|c| {
            let name = c.name().to_owned();
            let mut cr = Reader::child_reader(c, "condition", 0);
            cr.text_as("");
            r.keep(cr);
            name
        });
        Ok(Failed {
            h,
            condition,
            unknown: r.finish(),
        })
    }
}

impl From<Failed> for Element {
    fn from(p: Failed) -> Element {
        let mut b = Element::builder("failed", NS).attr_opt("h", p.h.map(|h| h.to_string()));
        if let Some(c) = p.condition {
            b = b.append(Element::new(c, STANZAS));
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl TryFrom<Element> for HandledCountTooHigh {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "handled-count-too-high", NS)?;
        let h = r.req_attr_parse("h", H)?;
        let send_count = r.req_attr_parse("send-count", H)?;
        Ok(HandledCountTooHigh {
            h,
            send_count,
            unknown: r.finish(),
        })
    }
}

impl From<HandledCountTooHigh> for Element {
    fn from(p: HandledCountTooHigh) -> Element {
        with_unknown(
            Element::builder("handled-count-too-high", NS)
                .attr("h", p.h.to_string())
                .attr("send-count", p.send_count.to_string())
                .build(),
            p.unknown,
        )
    }
}

impl_payload!(Enable, "enable", NS);
impl_payload!(Enabled, "enabled", NS);
impl_payload!(Ack, "a", NS);
impl_payload!(Failed, "failed", NS);
impl_payload!(HandledCountTooHigh, "handled-count-too-high", NS);
