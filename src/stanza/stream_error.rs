//! [`StreamErrorElement`]: the `<stream:error/>` element
//! ([RFC 6120 §4.9](https://www.rfc-editor.org/rfc/rfc6120#section-4.9)),
//! with the [`Condition`]s of §4.9.3, texts and an application-specific
//! element. (The crate's *Rust* error for a bad stream is
//! [`stream::StreamError`](crate::stream::StreamError).)
//!
//! A condition that RFC 6120 does not define does not make the element
//! unparseable, so that the application still learns that, and why, the
//! peer closed the stream: RFC 3920's `<xml-not-well-formed/>` is read as
//! [`Condition::NotWellFormed`] (its RFC 6120 name, §4.9.3.13), and any other
//! (RFC 3920's `<invalid-id/>`, one from a later revision) as
//! [`Condition::UndefinedCondition`] (§4.9.3.21: a condition "not one of
//! those defined by the other conditions in this list"). The name as read
//! is kept in [`StreamErrorElement::original_condition`] and written back.
//!
//! ```
//! use xmpp_sansio::stanza::StreamErrorElement;
//! use xmpp_sansio::stream::Condition;
//! use xmpp_sansio::xml::Element;
//!
//! // RFC 6120 §4.9.3.19: see-other-host carries the host to go to.
//! let e = StreamErrorElement::see_other_host("[2001:db8::21]:5222");
//! let el = Element::from(e.clone());
//! let back = StreamErrorElement::try_from(el)?;
//! assert_eq!(back.condition, Condition::SeeOtherHost);
//! assert_eq!(back.see_other_host.as_deref(), Some("[2001:db8::21]:5222"));
//! # Ok::<(), xmpp_sansio::stanza::StanzaParseError>(())
//! ```

use super::common::{Texts, in_scope, trim_bytestr, truncate};
use super::unknown::Leaf;
use super::{StanzaParseError, Unknown};
use crate::stream::Condition;
use crate::xml::{ByteStr, Element, Node, ns};

/// A `<stream:error/>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamErrorElement {
    /// The defined condition.
    pub condition: Condition,
    /// The name of the condition element as read, when it is not one of
    /// RFC 6120's: RFC 3920's `xml-not-well-formed` (then `condition` is
    /// [`Condition::NotWellFormed`]) or any other, such as RFC 3920's
    /// `invalid-id` (then `condition` is [`Condition::UndefinedCondition`]).
    /// Written back in place of `condition`'s name while `condition` is
    /// still the one it was read as.
    pub original_condition: Option<ByteStr>,
    /// For [`Condition::SeeOtherHost`]: the host (and optional port) to
    /// reconnect to (§4.9.3.19).
    pub see_other_host: Option<ByteStr>,
    /// Descriptive texts (`<text/>`), per language.
    pub texts: Texts,
    /// Application-specific condition elements (other namespaces).
    pub app_specific: Vec<Element>,
    /// Attributes not modelled, and what the condition and text elements
    /// hold besides their values, kept and written back.
    pub unknown: Unknown,
}

impl StreamErrorElement {
    /// A stream error with `condition` and nothing else.
    pub fn new(condition: Condition) -> StreamErrorElement {
        StreamErrorElement {
            condition,
            original_condition: None,
            see_other_host: None,
            texts: Texts::default(),
            app_specific: Vec::new(),
            unknown: Unknown::default(),
        }
    }

    /// A `see-other-host` error redirecting to `host` (§4.9.3.19).
    pub fn see_other_host(host: impl Into<ByteStr>) -> StreamErrorElement {
        StreamErrorElement {
            see_other_host: Some(host.into()),
            ..StreamErrorElement::new(Condition::SeeOtherHost)
        }
    }

    /// Adds a descriptive text.
    pub fn with_text(mut self, lang: Option<&str>, text: impl Into<ByteStr>) -> Self {
        self.texts
            .insert(lang.map(|l| ByteStr::from(l.to_owned())), text);
        self
    }

    /// Adds an application-specific condition element.
    pub fn with_app_specific(mut self, el: impl Into<Element>) -> Self {
        self.app_specific.push(el.into());
        self
    }
}

impl TryFrom<Element> for StreamErrorElement {
    type Error = StanzaParseError;

    /// Parses `<stream:error/>`. Strict: exactly one condition element is
    /// required. Lenient: a condition RFC 6120 does not define is read as
    /// `not-well-formed` (RFC 3920's `xml-not-well-formed`) or
    /// `undefined-condition` (any other), its name kept in
    /// [`StreamErrorElement::original_condition`]; whitespace is ignored,
    /// stray text kept.
    fn try_from(el: Element) -> Result<StreamErrorElement, StanzaParseError> {
        if !el.is("error", ns::STREAM) {
            return Err(StanzaParseError::WrongElement {
                expected: "stream:error",
                name: truncate(el.name()),
                ns: truncate(el.ns()),
            });
        }
        let mut condition = None;
        let mut original_condition = None;
        let mut see_other_host = None;
        let mut texts = Texts::default();
        let mut app_specific = Vec::new();
        let mut unknown = Unknown {
            attrs: el.attrs().to_vec(),
            ..Unknown::default()
        };
        let scope = in_scope(&None, &el);
        let scope = scope.as_deref();
        for n in el.into_nodes() {
            let c = match n {
                Node::Element(c) => c,
                Node::Text(t) if super::common::is_whitespace(&t) => continue,
                t @ Node::Text(_) => {
                    unknown.nodes.push(t);
                    continue;
                }
            };
            if c.ns() != ns::STREAM_ERRORS {
                app_specific.push(c);
                continue;
            }
            if c.name() == "text" {
                texts.read_in(c, "text", scope, &mut unknown)?;
                continue;
            }
            if condition.is_some() {
                return Err(StanzaParseError::DuplicateChild {
                    element: "stream:error",
                    child: "condition",
                });
            }
            let cond = read_condition(c.name());
            if cond.as_str() != c.name() {
                original_condition = Some(c.name_bytestr().clone());
            }
            let mut leaf = Leaf::new(c, &[], false);
            if cond == Condition::SeeOtherHost {
                // Leniency: whitespace around the host is ignored.
                let host = trim_bytestr(leaf.text.clone());
                leaf.written_as(host.clone());
                if !host.is_empty() {
                    see_other_host = Some(host);
                }
            } else {
                leaf.written_as("");
            }
            leaf.keep_in(&mut unknown, 0);
            condition = Some(cond);
        }
        let Some(condition) = condition else {
            return Err(StanzaParseError::MissingChild {
                element: "stream:error",
                child: "condition",
            });
        };
        Ok(StreamErrorElement {
            condition,
            original_condition,
            see_other_host,
            texts,
            app_specific,
            unknown,
        })
    }
}

impl From<StreamErrorElement> for Element {
    fn from(e: StreamErrorElement) -> Element {
        let mut el = Element::builder("error", ns::STREAM)
            .prefix("stream")
            .build();
        let name = match e.original_condition {
            Some(n) if read_condition(&n) == e.condition => n,
            _ => ByteStr::from_static(e.condition.as_str()),
        };
        let mut c = Element::new(name, ns::STREAM_ERRORS);
        if let Some(h) = e.see_other_host {
            c.append_text(h);
        }
        el.append_child(c);
        e.texts.write(&mut el, "text", ns::STREAM_ERRORS);
        for a in e.app_specific {
            el.append_child(a);
        }
        e.unknown.write_to(&mut el);
        el
    }
}

/// The condition a condition element named `name` stands for: its own,
/// RFC 6120's name for RFC 3920's `xml-not-well-formed` (§4.9.3.13), else
/// `undefined-condition` (§4.9.3.21).
fn read_condition(name: &str) -> Condition {
    match Condition::from_name(name) {
        Some(c) => c,
        None if name == "xml-not-well-formed" => Condition::NotWellFormed,
        None => Condition::UndefinedCondition,
    }
}

impl From<Condition> for StreamErrorElement {
    fn from(c: Condition) -> StreamErrorElement {
        StreamErrorElement::new(c)
    }
}
