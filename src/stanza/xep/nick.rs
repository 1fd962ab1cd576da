//! User Nickname, [XEP-0172](https://xmpp.org/extensions/xep-0172.html):
//! `<nick xmlns='http://jabber.org/protocol/nick'>name</nick>`, in
//! subscription requests, messages, MUC and PEP (§4).

use super::macros::impl_payload;
use super::reader::{Reader, with_unknown};
use super::{PayloadError, Unknown};
use crate::xml::Element;

/// The namespace of XEP-0172.
pub const NS: &str = "http://jabber.org/protocol/nick";

/// A user's nickname (§4). An empty `<nick/>` (used in PEP to clear the
/// nickname) gives an empty string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Nick {
    /// The nickname.
    pub nick: String,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl Nick {
    /// A nickname element for `nick`.
    pub fn new(nick: impl Into<String>) -> Self {
        Nick {
            nick: nick.into(),
            unknown: Unknown::default(),
        }
    }
}

impl TryFrom<Element> for Nick {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "nick", NS)?;
        let nick = r.text();
        Ok(Nick {
            nick,
            unknown: r.finish(),
        })
    }
}

impl From<Nick> for Element {
    fn from(p: Nick) -> Element {
        with_unknown(Element::builder("nick", NS).text(p.nick).build(), p.unknown)
    }
}

impl_payload!(Nick, "nick", NS);
