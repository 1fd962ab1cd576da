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

use super::common::{Texts, is_whitespace, text_element, truncate};
use super::reader::Reader;
use super::unknown::{Leaf, split_leaf};
use super::{StanzaParseError, Unknown};
use crate::sasl::FailureCondition;
use crate::sasl::element_text::decode_element_text;
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
    /// Attributes not modelled, and what the `<mechanism/>` elements hold
    /// besides their names, kept and written back.
    pub unknown: Unknown,
}

/// `<auth mechanism=..>`: selects a mechanism, with an optional initial
/// response (§6.4.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaslAuth {
    /// The mechanism name.
    pub mechanism: ByteStr,
    /// The initial response (`None`: none; `Some(empty)`: `=`).
    pub initial_response: Option<Vec<u8>>,
    /// Attributes and children not modelled (and the base64 text as read),
    /// kept and written back.
    pub unknown: Unknown,
}

/// The base64 data of a `<challenge/>`, `<response/>` or `<success/>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaslData {
    /// The data (`None`: an empty element; `Some(empty)`: `=`).
    pub data: Option<Vec<u8>>,
    /// Attributes and children not modelled (and the base64 text as read),
    /// kept and written back.
    pub unknown: Unknown,
}

/// `<failure/>`: the SASL exchange failed (§6.5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaslFailure {
    /// The defined condition; `None` when the peer sent none or only one
    /// RFC 6120 does not define (accepted leniently; an undefined condition
    /// element is kept in [`SaslFailure::payloads`]).
    pub condition: Option<FailureCondition>,
    /// Descriptive texts.
    pub texts: Texts,
    /// Other children (including a condition RFC 6120 does not define),
    /// kept in order.
    pub payloads: Vec<Element>,
    /// Attributes not modelled, and what the condition and `<text/>`
    /// elements hold besides their values, kept and written back.
    pub unknown: Unknown,
}

/// Any SASL negotiation element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaslNegotiation {
    /// `<mechanisms/>`.
    Mechanisms(SaslMechanisms),
    /// `<auth/>`.
    Auth(SaslAuth),
    /// `<challenge/>` (§6.4.3).
    Challenge(SaslData),
    /// `<response/>` (§6.4.3).
    Response(SaslData),
    /// `<success/>` with optional additional data (§6.4.6).
    Success(SaslData),
    /// `<failure/>`.
    Failure(SaslFailure),
    /// `<abort/>` (§6.4.4), with what it holds (RFC 6120 defines it empty).
    Abort(Unknown),
}

impl SaslData {
    /// Data to send (`None`: an empty element).
    pub fn new(data: Option<Vec<u8>>) -> SaslData {
        SaslData {
            data,
            unknown: Unknown::default(),
        }
    }
}

impl From<Option<Vec<u8>>> for SaslData {
    fn from(data: Option<Vec<u8>>) -> SaslData {
        SaslData::new(data)
    }
}

impl SaslAuth {
    /// Selects `mechanism` with an optional initial response.
    pub fn new(mechanism: impl Into<ByteStr>, initial_response: Option<Vec<u8>>) -> SaslAuth {
        SaslAuth {
            mechanism: mechanism.into(),
            initial_response,
            unknown: Unknown::default(),
        }
    }
}

impl SaslFailure {
    /// A failure with `condition` and no text.
    pub fn new(condition: FailureCondition) -> SaslFailure {
        SaslFailure {
            condition: Some(condition),
            texts: Texts::default(),
            payloads: Vec::new(),
            unknown: Unknown::default(),
        }
    }
}

/// Decodes the SASL data of `el` (attributes other than `known` and child
/// elements are kept), by the rule shared with the sessions
/// (`crate::sasl::element_text`): XML whitespace (space, tab, CR, LF) is
/// ignored anywhere (indentation, line wrapping); any other character
/// outside the base64 alphabet, Unicode whitespace such as U+00A0
/// included, is an error (RFC 6120 §13.9.1). The text as read is written
/// back while the data is unchanged. An element with no data is `None`;
/// `=` is `Some(empty)`.
fn decode(
    el: Element,
    element: &'static str,
    known: &[&str],
) -> Result<SaslData, StanzaParseError> {
    let (t, mut unknown) = split_leaf(el, known, false);
    let data = decode_element_text(&t).map_err(|_| StanzaParseError::InvalidBase64 { element })?;
    unknown.keep_lexical(None, Some(encode(data.as_deref()).into()), t);
    Ok(SaslData { data, unknown })
}

/// The text SASL data is written as.
fn encode(data: Option<&[u8]>) -> String {
    match data {
        None => String::new(),
        Some([]) => "=".to_owned(),
        Some(d) => STANDARD.encode(d),
    }
}

fn data_element(name: &'static str, data: SaslData) -> Element {
    let mut el = match data.data {
        None => Element::new(name, ns::SASL),
        Some(d) => text_element(name, ns::SASL, encode(Some(&d))),
    };
    data.unknown.write_to(&mut el);
    el
}

impl TryFrom<Element> for SaslNegotiation {
    type Error = StanzaParseError;

    /// Parses any element of the SASL namespace.
    ///
    /// Strict: `auth` needs its `mechanism`; data must be valid base64
    /// (maps to `incorrect-encoding`); two defined failure conditions are an
    /// error. Lenient: XML whitespace inside base64 is ignored (any other
    /// character outside the alphabet is an error); a failure
    /// condition RFC 6120 does not define is kept in
    /// [`SaslFailure::payloads`] (with `condition` `None`).
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
                    .find(|a| a.is_plain("mechanism"))
                    .map(|a| a.value.clone())
                else {
                    return Err(StanzaParseError::MissingAttribute {
                        element: "auth",
                        attr: "mechanism",
                    });
                };
                let d = decode(el, "auth", &["mechanism"])?;
                SaslNegotiation::Auth(SaslAuth {
                    mechanism: m,
                    initial_response: d.data,
                    unknown: d.unknown,
                })
            }
            "challenge" => SaslNegotiation::Challenge(decode(el, "challenge", &[])?),
            "response" => SaslNegotiation::Response(decode(el, "response", &[])?),
            "success" => SaslNegotiation::Success(decode(el, "success", &[])?),
            "abort" => SaslNegotiation::Abort(Reader::unchecked(el, "abort").finish()),
            "failure" => {
                let mut f = SaslFailure {
                    condition: None,
                    texts: Texts::default(),
                    payloads: Vec::new(),
                    unknown: Unknown {
                        attrs: el.attrs().to_vec(),
                        ..Unknown::default()
                    },
                };
                for n in el.into_nodes() {
                    let c = match n {
                        Node::Element(c) => c,
                        Node::Text(t) if is_whitespace(&t) => continue,
                        t @ Node::Text(_) => {
                            f.unknown.nodes.push(t);
                            continue;
                        }
                    };
                    let defined = match c.ns() {
                        ns::SASL => FailureCondition::from_name(c.name()),
                        _ => None,
                    };
                    if let Some(cond) = defined {
                        if f.condition.is_some() {
                            return Err(StanzaParseError::DuplicateChild {
                                element: "failure",
                                child: "condition",
                            });
                        }
                        let mut leaf = Leaf::new(c, &[], false);
                        leaf.written_as("");
                        leaf.keep_in(&mut f.unknown, 0);
                        f.condition = Some(cond);
                    } else if c.is("text", ns::SASL) {
                        f.texts.read(c, "text", &mut f.unknown)?;
                    } else {
                        f.payloads.push(c);
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
        let mut m = SaslMechanisms {
            unknown: Unknown {
                attrs: el.attrs().to_vec(),
                ..Unknown::default()
            },
            ..SaslMechanisms::default()
        };
        for n in el.into_nodes() {
            match n {
                Node::Element(c) if c.is("mechanism", ns::SASL) => {
                    let mut leaf = Leaf::new(c, &[], false);
                    let t = leaf.text.clone();
                    let t = if t.trim().len() != t.len() {
                        ByteStr::from(t.trim().to_owned())
                    } else {
                        t
                    };
                    leaf.written_as(t.clone());
                    leaf.keep_in(&mut m.unknown, m.mechanisms.len());
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
                Node::Text(t) if is_whitespace(&t) => {}
                t @ Node::Text(_) => m.unknown.nodes.push(t),
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
        m.unknown.write_to(&mut el);
        el
    }
}

impl From<SaslAuth> for Element {
    fn from(a: SaslAuth) -> Element {
        let mut el = data_element("auth", SaslData::new(a.initial_response));
        el.set_attr("mechanism", a.mechanism);
        a.unknown.write_to(&mut el);
        el
    }
}

impl From<SaslFailure> for Element {
    fn from(f: SaslFailure) -> Element {
        let mut el = Element::new("failure", ns::SASL);
        if let Some(c) = f.condition {
            el.append_child(Element::new(c.as_str(), ns::SASL));
        }
        f.texts.write(&mut el, "text", ns::SASL);
        for p in f.payloads {
            el.append_child(p);
        }
        f.unknown.write_to(&mut el);
        el
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
            SaslNegotiation::Abort(u) => {
                let mut el = Element::new("abort", ns::SASL);
                u.write_to(&mut el);
                el
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(children: &[&str]) -> Element {
        let mut el = Element::new("failure", ns::SASL);
        for c in children {
            el.append_child(Element::new(ByteStr::from((*c).to_owned()), ns::SASL));
        }
        el
    }

    #[test]
    fn failure_uses_the_sasl_module_conditions() {
        for c in FailureCondition::ALL {
            let el = failure(&[c.as_str()]);
            let Ok(SaslNegotiation::Failure(f)) = SaslNegotiation::try_from(el.clone()) else {
                panic!("{c} does not parse");
            };
            assert_eq!(f.condition, Some(c));
            assert!(f.payloads.is_empty());
            assert_eq!(Element::from(f), el);
        }
    }

    #[test]
    fn undefined_condition_is_kept_as_a_payload() {
        let el = failure(&["x-vendor-condition"]);
        let Ok(SaslNegotiation::Failure(f)) = SaslNegotiation::try_from(el.clone()) else {
            panic!("does not parse");
        };
        assert_eq!(f.condition, None);
        assert_eq!(f.payloads.len(), 1);
        assert_eq!(Element::from(f), el);
    }

    #[test]
    fn two_defined_conditions_are_an_error() {
        let el = failure(&["aborted", "not-authorized"]);
        assert_eq!(
            SaslNegotiation::try_from(el),
            Err(StanzaParseError::DuplicateChild {
                element: "failure",
                child: "condition"
            })
        );
    }
}
