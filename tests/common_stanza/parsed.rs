//! The top-level elements of the RFC data files, typed: stanzas, stream
//! features, stream errors, STARTTLS and SASL negotiation elements.

use xmpp_sansio::stanza::*;
use xmpp_sansio::xml::{Element, ns};

/// Any top-level element of a data file, typed.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum Parsed {
    Stanza(Stanza),
    Features(StreamFeatures),
    StreamError(StreamErrorElement),
    Tls(TlsNegotiation),
    Sasl(SaslNegotiation),
}

pub fn parse_any(el: Element) -> Result<Parsed, StanzaParseError> {
    Ok(match (el.ns(), el.name()) {
        (ns::STREAM, "features") => Parsed::Features(el.try_into()?),
        (ns::STREAM, "error") => Parsed::StreamError(el.try_into()?),
        (ns::TLS, _) => Parsed::Tls(el.try_into()?),
        (ns::SASL, _) => Parsed::Sasl(el.try_into()?),
        _ => Parsed::Stanza(el.try_into()?),
    })
}

pub fn to_element(p: Parsed) -> Element {
    match p {
        Parsed::Stanza(s) => s.into(),
        Parsed::Features(f) => f.into(),
        Parsed::StreamError(e) => e.into(),
        Parsed::Tls(t) => t.into(),
        Parsed::Sasl(s) => s.into(),
    }
}
