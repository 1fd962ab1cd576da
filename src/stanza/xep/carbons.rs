//! Message Carbons, [XEP-0280](https://xmpp.org/extensions/xep-0280.html):
//! enabling and disabling carbons (§4, §5), the `<received/>`/`<sent/>`
//! wrappers of carbon copies (§6) and `<private/>` to opt a message out
//! (§7).

use super::forwarding::{self, Forwarded};
use super::macros::{empty_payload, impl_payload};
use super::reader::{Reader, with_unknown};
use super::{PayloadError, Unknown};
use crate::xml::Element;

/// The namespace of XEP-0280.
pub const NS: &str = "urn:xmpp:carbons:2";

empty_payload!(
    /// `<enable xmlns='urn:xmpp:carbons:2'/>` in an `iq` `set` (§4).
    Enable,
    "enable",
    NS
);
empty_payload!(
    /// `<disable xmlns='urn:xmpp:carbons:2'/>` in an `iq` `set` (§5).
    Disable,
    "disable",
    NS
);
empty_payload!(
    /// `<private xmlns='urn:xmpp:carbons:2'/>`: do not copy this message
    /// (§7).
    Private,
    "private",
    NS
);

/// `<received>`: a carbon of a message this account received (§6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    /// The message copied.
    pub forwarded: Forwarded,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<sent>`: a carbon of a message another resource of this account sent
/// (§6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    /// The message copied.
    pub forwarded: Forwarded,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

macro_rules! wrapper {
    ($ty:ident, $name:literal) => {
        impl $ty {
            /// Wraps `forwarded`.
            pub fn new(forwarded: Forwarded) -> Self {
                $ty {
                    forwarded,
                    unknown: Unknown::default(),
                }
            }
        }

        impl TryFrom<Element> for $ty {
            type Error = PayloadError;
            fn try_from(el: Element) -> Result<Self, PayloadError> {
                let mut r = Reader::new(el, $name, NS)?;
                let forwarded = Forwarded::try_from(r.req_child("forwarded", forwarding::NS)?)?;
                Ok($ty {
                    forwarded,
                    unknown: r.finish(),
                })
            }
        }

        impl From<$ty> for Element {
            fn from(p: $ty) -> Element {
                with_unknown(
                    Element::builder($name, NS)
                        .append(Element::from(p.forwarded))
                        .build(),
                    p.unknown,
                )
            }
        }

        impl_payload!($ty, $name, NS);
    };
}

wrapper!(Received, "received");
wrapper!(Sent, "sent");
