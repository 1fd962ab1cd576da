//! The legacy session establishment request
//! ([RFC 3921 §3](https://www.rfc-editor.org/rfc/rfc3921#section-3),
//! made optional by
//! [draft-cridland-xmpp-session](https://datatracker.ietf.org/doc/html/draft-cridland-xmpp-session-01)
//! and dropped by RFC 6121).
//!
//! ```
//! use xmpp_sansio::stanza::{Iq, Session};
//! let iq = Iq::account_set(Session::default()).with_id("sess_1");
//! assert!(iq.payload_element().unwrap().is("session", xmpp_sansio::xml::ns::SESSION));
//! ```

use super::common::truncate;
use super::reader::Reader;
use super::{StanzaParseError, Unknown};
use crate::xml::{Element, ns};

/// `<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/>`, the iq payload.
/// (The stream feature is [`SessionFeature`](super::SessionFeature).)
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Session {
    /// What the element holds (RFC 3921 defines it empty), kept and
    /// written back.
    pub unknown: Unknown,
}

impl TryFrom<Element> for Session {
    type Error = StanzaParseError;

    /// Parses `<session/>`; its content, if any, is kept.
    fn try_from(el: Element) -> Result<Session, StanzaParseError> {
        if el.is("session", ns::SESSION) {
            Ok(Session {
                unknown: Reader::unchecked(el, "session").finish(),
            })
        } else {
            Err(StanzaParseError::WrongElement {
                expected: "session",
                name: truncate(el.name()),
                ns: truncate(el.ns()),
            })
        }
    }
}

impl From<Session> for Element {
    fn from(s: Session) -> Element {
        let mut el = Element::new("session", ns::SESSION);
        s.unknown.write_to(&mut el);
        el
    }
}
