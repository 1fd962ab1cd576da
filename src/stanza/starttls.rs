//! STARTTLS negotiation elements
//! ([RFC 6120 §5.4](https://www.rfc-editor.org/rfc/rfc6120#section-5.4)):
//! `<starttls/>` (the feature and the command), `<proceed/>`, `<failure/>`.
//!
//! ```
//! use xmpp_sansio::stanza::{StartTls, TlsNegotiation};
//! use xmpp_sansio::xml::{Element, ns};
//!
//! let el = Element::new("proceed", ns::TLS);
//! assert!(matches!(TlsNegotiation::try_from(el)?, TlsNegotiation::Proceed(_)));
//! let cmd: Element = StartTls::default().into();
//! assert!(cmd.is("starttls", ns::TLS));
//! # Ok::<(), xmpp_sansio::stanza::StanzaParseError>(())
//! ```

use super::common::truncate;
use super::reader::Reader;
use super::{StanzaParseError, Unknown};
use crate::xml::{Element, ns};

/// `<starttls/>`: offered as a stream feature (maybe `<required/>`,
/// RFC 6120 §5.3.1), or sent by the initiating entity as the command.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StartTls {
    /// The feature says TLS is mandatory-to-negotiate (`<required/>`).
    pub required: bool,
    /// Attributes and children not modelled (and what `<required/>` holds),
    /// kept and written back.
    pub unknown: Unknown,
}

/// Any element of the STARTTLS namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TlsNegotiation {
    /// `<starttls/>`.
    StartTls(StartTls),
    /// `<proceed/>`: the receiving entity is ready for the TLS handshake
    /// (with what the element holds, though RFC 6120 defines it empty).
    Proceed(Unknown),
    /// `<failure/>`: STARTTLS failed; the stream will be closed (§5.4.2.2).
    Failure(Unknown),
}

impl StartTls {
    /// The feature or command, with `<required/>` when `required`.
    pub fn new(required: bool) -> StartTls {
        StartTls {
            required,
            unknown: Unknown::default(),
        }
    }
}

impl TryFrom<Element> for StartTls {
    type Error = StanzaParseError;

    /// Parses `<starttls/>`; what it holds besides `<required/>` is kept.
    fn try_from(el: Element) -> Result<StartTls, StanzaParseError> {
        if !el.is("starttls", ns::TLS) {
            return Err(StanzaParseError::WrongElement {
                expected: "starttls",
                name: truncate(el.name()),
                ns: truncate(el.ns()),
            });
        }
        let mut r = Reader::unchecked(el, "starttls");
        let required = r.flag("required", ns::TLS);
        Ok(StartTls {
            required,
            unknown: r.finish(),
        })
    }
}

impl From<StartTls> for Element {
    fn from(s: StartTls) -> Element {
        let mut el = Element::new("starttls", ns::TLS);
        if s.required {
            el.append_child(Element::new("required", ns::TLS));
        }
        s.unknown.write_to(&mut el);
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
                "proceed" => {
                    return Ok(TlsNegotiation::Proceed(
                        Reader::unchecked(el, "proceed").finish(),
                    ));
                }
                "failure" => {
                    return Ok(TlsNegotiation::Failure(
                        Reader::unchecked(el, "failure").finish(),
                    ));
                }
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
        let (name, unknown) = match t {
            TlsNegotiation::StartTls(s) => return s.into(),
            TlsNegotiation::Proceed(u) => ("proceed", u),
            TlsNegotiation::Failure(u) => ("failure", u),
        };
        let mut el = Element::new(name, ns::TLS);
        unknown.write_to(&mut el);
        el
    }
}
