//! STARTTLS negotiation elements
//! ([RFC 6120 §5.4](https://www.rfc-editor.org/rfc/rfc6120#section-5.4)):
//! `<starttls/>` (the feature and the command), `<proceed/>`, `<failure/>`.
//!
//! ```
//! use xmpp_sansio::stanza::{StartTls, TlsNegotiation};
//! use xmpp_sansio::xml::{Element, ns};
//!
//! let el = Element::new("proceed", ns::TLS);
//! assert_eq!(TlsNegotiation::try_from(el)?, TlsNegotiation::Proceed);
//! let cmd: Element = StartTls::default().into();
//! assert!(cmd.is("starttls", ns::TLS));
//! # Ok::<(), xmpp_sansio::stanza::StanzaParseError>(())
//! ```

use super::StanzaParseError;
use super::common::truncate;
use crate::xml::{Element, ns};

/// `<starttls/>`: offered as a stream feature (maybe `<required/>`,
/// RFC 6120 §5.3.1), or sent by the initiating entity as the command.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StartTls {
    /// The feature says TLS is mandatory-to-negotiate (`<required/>`).
    pub required: bool,
}

/// Any element of the STARTTLS namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsNegotiation {
    /// `<starttls/>`.
    StartTls(StartTls),
    /// `<proceed/>`: the receiving entity is ready for the TLS handshake.
    Proceed,
    /// `<failure/>`: STARTTLS failed; the stream will be closed (§5.4.2.2).
    Failure,
}

impl TryFrom<Element> for StartTls {
    type Error = StanzaParseError;

    /// Parses `<starttls/>`; children other than `<required/>` are ignored.
    fn try_from(el: Element) -> Result<StartTls, StanzaParseError> {
        if !el.is("starttls", ns::TLS) {
            return Err(StanzaParseError::WrongElement {
                expected: "starttls",
                name: truncate(el.name()),
                ns: truncate(el.ns()),
            });
        }
        Ok(StartTls {
            required: el.has_child("required", ns::TLS),
        })
    }
}

impl From<StartTls> for Element {
    fn from(s: StartTls) -> Element {
        let mut el = Element::new("starttls", ns::TLS);
        if s.required {
            el.append_child(Element::new("required", ns::TLS));
        }
        el
    }
}

impl TryFrom<Element> for TlsNegotiation {
    type Error = StanzaParseError;

    /// Parses `<starttls/>`, `<proceed/>` or `<failure/>` in the TLS namespace.
    fn try_from(el: Element) -> Result<TlsNegotiation, StanzaParseError> {
        if el.ns() == ns::TLS {
            match el.name() {
                "starttls" => return StartTls::try_from(el).map(TlsNegotiation::StartTls),
                "proceed" => return Ok(TlsNegotiation::Proceed),
                "failure" => return Ok(TlsNegotiation::Failure),
                _ => {}
            }
        }
        Err(StanzaParseError::WrongElement {
            expected: "starttls, proceed or failure (STARTTLS)",
            name: truncate(el.name()),
            ns: truncate(el.ns()),
        })
    }
}

impl From<TlsNegotiation> for Element {
    fn from(t: TlsNegotiation) -> Element {
        match t {
            TlsNegotiation::StartTls(s) => s.into(),
            TlsNegotiation::Proceed => Element::new("proceed", ns::TLS),
            TlsNegotiation::Failure => Element::new("failure", ns::TLS),
        }
    }
}
