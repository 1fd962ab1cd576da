//! The legacy session establishment request
//! ([RFC 3921 §3](https://www.rfc-editor.org/rfc/rfc3921#section-3),
//! made optional by
//! [draft-cridland-xmpp-session](https://datatracker.ietf.org/doc/html/draft-cridland-xmpp-session-01)
//! and dropped by RFC 6121).
//!
//! ```
//! use xmpp_sansio::stanza::{Iq, Session};
//! let iq = Iq::account_set(Session).with_id("sess_1");
//! assert!(iq.payload_element().unwrap().is("session", xmpp_sansio::xml::ns::SESSION));
//! ```

use super::StanzaParseError;
use super::common::truncate;
use crate::xml::{Element, ns};

/// `<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/>`, the iq payload.
/// (The stream feature is [`SessionFeature`](super::SessionFeature).)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Session;

impl TryFrom<Element> for Session {
    type Error = StanzaParseError;

    /// Parses `<session/>`; its content, if any, is ignored.
    fn try_from(el: Element) -> Result<Session, StanzaParseError> {
        if el.is("session", ns::SESSION) {
            Ok(Session)
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
    fn from(_: Session) -> Element {
        Element::new("session", ns::SESSION)
    }
}
