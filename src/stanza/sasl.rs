//! SASL negotiation elements
//! ([RFC 6120 §6.4](https://www.rfc-editor.org/rfc/rfc6120#section-6.4)):
//! `<mechanisms/>`, `<auth/>`, `<challenge/>`, `<response/>`, `<success/>`,
//! `<failure/>` and `<abort/>`, with their base64 data decoded and encoded.
//!
//! Data is an `Option<Vec<u8>>`: `None` is an empty element (no data),
//! `Some(vec![])` is data of zero length, written `=` (§6.4.2, §6.4.6).
//!
//! ```
//! use xmpp_sansio::stanza::{SaslAuth, SaslNegotiation};
//! use xmpp_sansio::xml::Element;
//!
//! let auth = SaslAuth::new("PLAIN", Some(b"\0juliet\0r0m30myr0m30".to_vec()));
//! let el = Element::from(auth.clone());
//! assert_eq!(el.text(), "AGp1bGlldAByMG0zMG15cjBtMzA=");
//! assert_eq!(SaslNegotiation::try_from(el)?, SaslNegotiation::Auth(auth));
//! # Ok::<(), xmpp_sansio::stanza::StanzaParseError>(())
//! ```

use super::StanzaParseError;
use super::common::{Texts, is_whitespace, take_text, text_element, truncate};
use crate::xml::{ByteStr, Element, Node, ns};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// `<mechanisms/>`: the SASL mechanisms offered, in the server's order of
/// preference (§6.4.1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaslMechanisms {
    /// The mechanism names.
    pub mechanisms: Vec<ByteStr>,
    /// Unknown children (e.g. XEP-0233 hostname hints), kept.
    pub payloads: Vec<Element>,
}

/// `<auth mechanism=..>`: selects a mechanism, with an optional initial
/// response (§6.4.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaslAuth {
    /// The mechanism name.
    pub mechanism: ByteStr,
    /// The initial response (`None`: none; `Some(empty)`: `=`).
    pub initial_response: Option<Vec<u8>>,
}

/// `<failure/>`: the SASL exchange failed (§6.5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaslFailure {
    /// The condition; `None` when the peer sent none (accepted leniently).
    pub condition: Option<SaslFailureCondition>,
    /// Descriptive texts.
    pub texts: Texts,
    /// Other children, kept.
    pub payloads: Vec<Element>,
}

/// The SASL failure conditions
/// ([RFC 6120 §6.5](https://www.rfc-editor.org/rfc/rfc6120#section-6.5)).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SaslFailureCondition {
    /// `aborted` (§6.5.1).
    Aborted,
    /// `account-disabled` (§6.5.2).
    AccountDisabled,
    /// `credentials-expired` (§6.5.3).
    CredentialsExpired,
    /// `encryption-required` (§6.5.4).
    EncryptionRequired,
    /// `incorrect-encoding` (§6.5.5).
    IncorrectEncoding,
    /// `invalid-authzid` (§6.5.6).
    InvalidAuthzid,
    /// `invalid-mechanism` (§6.5.7).
    InvalidMechanism,
    /// `malformed-request` (§6.5.8).
    MalformedRequest,
    /// `mechanism-too-weak` (§6.5.9).
    MechanismTooWeak,
    /// `not-authorized` (§6.5.10).
    NotAuthorized,
    /// `temporary-auth-failure` (§6.5.11).
    TemporaryAuthFailure,
    /// A condition RFC 6120 does not define (kept by name).
    Other(ByteStr),
}

/// Any SASL negotiation element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaslNegotiation {
    /// `<mechanisms/>`.
    Mechanisms(SaslMechanisms),
    /// `<auth/>`.
    Auth(SaslAuth),
    /// `<challenge/>` (§6.4.3).
    Challenge(Option<Vec<u8>>),
    /// `<response/>` (§6.4.3).
    Response(Option<Vec<u8>>),
    /// `<success/>` with optional additional data (§6.4.6).
    Success(Option<Vec<u8>>),
    /// `<failure/>`.
    Failure(SaslFailure),
    /// `<abort/>` (§6.4.4).
    Abort,
}

impl SaslFailureCondition {
    /// The condition's element name.
    pub fn as_str(&self) -> &str {
        use SaslFailureCondition::*;
        match self {
            Aborted => "aborted",
            AccountDisabled => "account-disabled",
            CredentialsExpired => "credentials-expired",
            EncryptionRequired => "encryption-required",
            IncorrectEncoding => "incorrect-encoding",
            InvalidAuthzid => "invalid-authzid",
            InvalidMechanism => "invalid-mechanism",
            MalformedRequest => "malformed-request",
            MechanismTooWeak => "mechanism-too-weak",
            NotAuthorized => "not-authorized",
            TemporaryAuthFailure => "temporary-auth-failure",
            Other(s) => s,
        }
    }

    /// The condition named `name` (unknown names give [`Self::Other`]).
    pub fn from_name(name: &str) -> SaslFailureCondition {
        use SaslFailureCondition::*;
        match name {
            "aborted" => Aborted,
            "account-disabled" => AccountDisabled,
            "credentials-expired" => CredentialsExpired,
            "encryption-required" => EncryptionRequired,
            "incorrect-encoding" => IncorrectEncoding,
            "invalid-authzid" => InvalidAuthzid,
            "invalid-mechanism" => InvalidMechanism,
            "malformed-request" => MalformedRequest,
            "mechanism-too-weak" => MechanismTooWeak,
            "not-authorized" => NotAuthorized,
            "temporary-auth-failure" => TemporaryAuthFailure,
            other => Other(ByteStr::from(other.to_owned())),
        }
    }
}

impl SaslAuth {
    /// Selects `mechanism` with an optional initial response.
    pub fn new(mechanism: impl Into<ByteStr>, initial_response: Option<Vec<u8>>) -> SaslAuth {
        SaslAuth {
            mechanism: mechanism.into(),
            initial_response,
        }
    }
}

impl SaslFailure {
    /// A failure with `condition` and no text.
    pub fn new(condition: SaslFailureCondition) -> SaslFailure {
        SaslFailure {
            condition: Some(condition),
            texts: Texts::default(),
            payloads: Vec::new(),
        }
    }
}

/// Decodes SASL data. Leniency: ASCII whitespace (line wrapping) is removed
/// first. An empty element is `None`; `=` is `Some(empty)`.
fn decode(el: Element, element: &'static str) -> Result<Option<Vec<u8>>, StanzaParseError> {
    let t = take_text(el, element)?;
    if t.is_empty() || is_whitespace(&t) {
        return Ok(None);
    }
    let trimmed = t.trim();
    if trimmed == "=" {
        return Ok(Some(Vec::new()));
    }
    let res = if trimmed.bytes().any(|b| b.is_ascii_whitespace()) {
        let s: String = trimmed
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        STANDARD.decode(s)
    } else {
        STANDARD.decode(trimmed)
    };
    res.map(Some)
        .map_err(|_| StanzaParseError::InvalidBase64 { element })
}

fn data_element(name: &'static str, data: Option<Vec<u8>>) -> Element {
    match data {
        None => Element::new(name, ns::SASL),
        Some(d) if d.is_empty() => text_element(name, ns::SASL, "="),
        Some(d) => text_element(name, ns::SASL, STANDARD.encode(d)),
    }
}

impl TryFrom<Element> for SaslNegotiation {
    type Error = StanzaParseError;

    /// Parses any element of the SASL namespace.
    ///
    /// Strict: `auth` needs its `mechanism`; data must be valid base64
    /// (maps to `incorrect-encoding`). Lenient: whitespace inside base64 is
    /// ignored; unknown failure conditions are kept as
    /// [`SaslFailureCondition::Other`].
    fn try_from(el: Element) -> Result<SaslNegotiation, StanzaParseError> {
        if el.ns() != ns::SASL {
            return Err(StanzaParseError::WrongElement {
                expected: "a SASL element",
                name: truncate(el.name()),
                ns: truncate(el.ns()),
            });
        }
        Ok(match el.name() {
            "mechanisms" => SaslNegotiation::Mechanisms(SaslMechanisms::try_from(el)?),
            "auth" => {
                let Some(m) = el
                    .attrs()
                    .iter()
                    .find(|a| a.ns.is_none() && *a.name == *"mechanism")
                    .map(|a| a.value.clone())
                else {
                    return Err(StanzaParseError::MissingAttribute {
                        element: "auth",
                        attr: "mechanism",
                    });
                };
                SaslNegotiation::Auth(SaslAuth {
                    mechanism: m,
                    initial_response: decode(el, "auth")?,
                })
            }
            "challenge" => SaslNegotiation::Challenge(decode(el, "challenge")?),
            "response" => SaslNegotiation::Response(decode(el, "response")?),
            "success" => SaslNegotiation::Success(decode(el, "success")?),
            "abort" => SaslNegotiation::Abort,
            "failure" => {
                let mut f = SaslFailure {
                    condition: None,
                    texts: Texts::default(),
                    payloads: Vec::new(),
                };
                for n in el.into_nodes() {
                    let Node::Element(c) = n else { continue };
                    if c.ns() != ns::SASL {
                        f.payloads.push(c);
                    } else if c.name() == "text" {
                        let lang = super::common::own_lang(&c);
                        f.texts.try_push(lang, take_text(c, "text")?, "text")?;
                    } else if f.condition.is_none() {
                        f.condition = Some(SaslFailureCondition::from_name(c.name()));
                    } else {
                        return Err(StanzaParseError::DuplicateChild {
                            element: "failure",
                            child: "condition",
                        });
                    }
                }
                SaslNegotiation::Failure(f)
            }
            other => {
                return Err(StanzaParseError::WrongElement {
                    expected: "mechanisms, auth, challenge, response, success, failure or abort",
                    name: truncate(other),
                    ns: truncate(ns::SASL),
                });
            }
        })
    }
}

impl TryFrom<Element> for SaslMechanisms {
    type Error = StanzaParseError;

    /// Parses `<mechanisms/>`. Strict: a `<mechanism/>` must not be empty.
    fn try_from(el: Element) -> Result<SaslMechanisms, StanzaParseError> {
        if !el.is("mechanisms", ns::SASL) {
            return Err(StanzaParseError::WrongElement {
                expected: "mechanisms",
                name: truncate(el.name()),
                ns: truncate(el.ns()),
            });
        }
        let mut m = SaslMechanisms::default();
        for n in el.into_nodes() {
            match n {
                Node::Element(c) if c.is("mechanism", ns::SASL) => {
                    let t = take_text(c, "mechanism")?;
                    let t = if t.trim().len() != t.len() {
                        ByteStr::from(t.trim().to_owned())
                    } else {
                        t
                    };
                    if t.is_empty() {
                        return Err(StanzaParseError::InvalidValue {
                            element: "mechanism",
                            value: String::new(),
                            expected: "a mechanism name",
                        });
                    }
                    m.mechanisms.push(t);
                }
                Node::Element(c) => m.payloads.push(c),
                Node::Text(_) => {}
            }
        }
        Ok(m)
    }
}

impl From<SaslMechanisms> for Element {
    fn from(m: SaslMechanisms) -> Element {
        let mut el = Element::new("mechanisms", ns::SASL);
        for x in m.mechanisms {
            el.append_child(text_element("mechanism", ns::SASL, x));
        }
        for p in m.payloads {
            el.append_child(p);
        }
        el
    }
}

impl From<SaslAuth> for Element {
    fn from(a: SaslAuth) -> Element {
        let mut el = data_element("auth", a.initial_response);
        el.set_attr("mechanism", a.mechanism);
        el
    }
}

impl From<SaslFailure> for Element {
    fn from(f: SaslFailure) -> Element {
        let mut el = Element::new("failure", ns::SASL);
        if let Some(c) = f.condition {
            let name = match c {
                SaslFailureCondition::Other(s) => s,
                c => ByteStr::from_static(static_name(&c)),
            };
            el.append_child(Element::new(name, ns::SASL));
        }
        f.texts.write(&mut el, "text", ns::SASL);
        for p in f.payloads {
            el.append_child(p);
        }
        el
    }
}

fn static_name(c: &SaslFailureCondition) -> &'static str {
    use SaslFailureCondition::*;
    match c {
        Aborted => "aborted",
        AccountDisabled => "account-disabled",
        CredentialsExpired => "credentials-expired",
        EncryptionRequired => "encryption-required",
        IncorrectEncoding => "incorrect-encoding",
        InvalidAuthzid => "invalid-authzid",
        InvalidMechanism => "invalid-mechanism",
        MalformedRequest => "malformed-request",
        MechanismTooWeak => "mechanism-too-weak",
        NotAuthorized => "not-authorized",
        TemporaryAuthFailure => "temporary-auth-failure",
        Other(_) => "undefined-condition",
    }
}

impl From<SaslNegotiation> for Element {
    fn from(s: SaslNegotiation) -> Element {
        match s {
            SaslNegotiation::Mechanisms(m) => m.into(),
            SaslNegotiation::Auth(a) => a.into(),
            SaslNegotiation::Challenge(d) => data_element("challenge", d),
            SaslNegotiation::Response(d) => data_element("response", d),
            SaslNegotiation::Success(d) => data_element("success", d),
            SaslNegotiation::Failure(f) => f.into(),
            SaslNegotiation::Abort => Element::new("abort", ns::SASL),
        }
    }
}
