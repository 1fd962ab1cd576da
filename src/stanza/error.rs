//! [`StanzaError`]: the `<error/>` child of a stanza of type `error`
//! ([RFC 6120 §8.3](https://www.rfc-editor.org/rfc/rfc6120#section-8.3)).
//!
//! ```
//! use xmpp_sansio::stanza::{DefinedCondition, ErrorType, StanzaError};
//! use xmpp_sansio::xml::Element;
//!
//! let err = StanzaError::new(DefinedCondition::ItemNotFound).with_text(Some("en"), "no such node");
//! assert_eq!(err.error_type, ErrorType::Cancel); // the condition's usual type
//! let el = err.clone().into_element(xmpp_sansio::stanza::ContentNs::Client);
//! assert_eq!(StanzaError::try_from(el)?, err);
//! # Ok::<(), xmpp_sansio::stanza::StanzaParseError>(())
//! ```
//!
//! An error whose condition RFC 6120 does not define (a later revision's,
//! or a misspelt one) still parses, so that the reply to a request is not
//! lost: it is read as [`DefinedCondition::UndefinedCondition`] (§8.3.3.21:
//! an error condition "not one of those defined by the other conditions in
//! this list"), as [`StreamErrorElement`](super::StreamErrorElement) does
//! for stream errors, and the name as read is kept in
//! [`StanzaError::original_condition`] and written back. So does a legacy
//! (pre-RFC 3920) error that has only a numeric `code`, such as
//! `<error code='404'/>`: with no condition it is read as
//! `undefined-condition` too (XEP-0086, which maps codes to conditions, is
//! not applied), and the code is kept in [`StanzaError::code`]; it is
//! written back with `<undefined-condition/>`, as RFC 6120 requires. An error
//! with neither a condition nor a code is refused (§8.3.2: it "MUST
//! contain a child element corresponding to one of the defined stanza
//! error conditions").
//!
//! ```
//! use xmpp_sansio::stanza::{DefinedCondition, StanzaError};
//! use xmpp_sansio::xml::{Element, ns};
//!
//! let legacy = Element::builder("error", ns::JABBER_CLIENT).attr("code", "404").build();
//! let err = StanzaError::try_from(legacy)?;
//! assert_eq!(err.condition, DefinedCondition::UndefinedCondition);
//! assert_eq!(err.code.as_deref(), Some("404"));
//! # Ok::<(), xmpp_sansio::stanza::StanzaParseError>(())
//! ```

use super::common::{ContentNs, Texts, in_scope, is_whitespace, parse_jid, trim_bytestr, truncate};
use super::unknown::Leaf;
use super::{StanzaParseError, Unknown};
use crate::jid::Jid;
use crate::xml::{ByteStr, Element, Node, ns};

/// A stanza error ([RFC 6120 §8.3.2](https://www.rfc-editor.org/rfc/rfc6120#section-8.3.2)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StanzaError {
    /// What the sender should do about it (`type`).
    pub error_type: ErrorType,
    /// The defined condition ([`DefinedCondition::UndefinedCondition`] for
    /// one RFC 6120 does not define, and for a legacy error with only a
    /// `code`).
    pub condition: DefinedCondition,
    /// The name of the condition element as read, when RFC 6120 does not
    /// define it (then `condition` is
    /// [`DefinedCondition::UndefinedCondition`]). Written back in place of
    /// `undefined-condition` while `condition` is still that.
    pub original_condition: Option<ByteStr>,
    /// The legacy numeric error code (`code`, from the Jabber protocols
    /// before RFC 3920; see XEP-0086), as read, if given. RFC 6120 does
    /// not define it; it is written back.
    pub code: Option<ByteStr>,
    /// Descriptive texts (`<text xml:lang=..>`), for humans.
    pub texts: Texts,
    /// Application-specific condition elements (other namespaces); usually
    /// at most one, see [`StanzaError::app_specific`].
    pub app_specific: Vec<Element>,
    /// The entity that generated the error (`by`), if given.
    pub by: Option<Jid>,
    /// The content namespace the `<error/>` was (or will be) qualified by.
    /// Only used by [`TryFrom<Element>`]; writing uses the enclosing stanza's.
    pub ns: ContentNs,
    /// Attributes not defined by RFC 6120, and what the condition and text
    /// elements hold besides their values, kept and written back.
    pub unknown: Unknown,
}

/// The `type` of a stanza error
/// ([RFC 6120 §8.3.2](https://www.rfc-editor.org/rfc/rfc6120#section-8.3.2)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorType {
    /// Retry after providing credentials.
    Auth,
    /// Do not retry (the error cannot be remedied).
    Cancel,
    /// Proceed (the condition was only a warning).
    Continue,
    /// Retry after changing the data sent.
    Modify,
    /// Retry after waiting (the error is temporary).
    Wait,
}

/// The defined stanza error conditions
/// ([RFC 6120 §8.3.3](https://www.rfc-editor.org/rfc/rfc6120#section-8.3.3)).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DefinedCondition {
    /// `bad-request` (§8.3.3.1).
    BadRequest,
    /// `conflict` (§8.3.3.2).
    Conflict,
    /// `feature-not-implemented` (§8.3.3.3).
    FeatureNotImplemented,
    /// `forbidden` (§8.3.3.4).
    Forbidden,
    /// `gone` (§8.3.3.5), with the entity's new address (a URI), if known.
    Gone(Option<ByteStr>),
    /// `internal-server-error` (§8.3.3.6).
    InternalServerError,
    /// `item-not-found` (§8.3.3.7).
    ItemNotFound,
    /// `jid-malformed` (§8.3.3.8).
    JidMalformed,
    /// `not-acceptable` (§8.3.3.9).
    NotAcceptable,
    /// `not-allowed` (§8.3.3.10).
    NotAllowed,
    /// `not-authorized` (§8.3.3.11).
    NotAuthorized,
    /// `policy-violation` (§8.3.3.12).
    PolicyViolation,
    /// `recipient-unavailable` (§8.3.3.13).
    RecipientUnavailable,
    /// `redirect` (§8.3.3.14), with the alternate address (a URI), if given.
    Redirect(Option<ByteStr>),
    /// `registration-required` (§8.3.3.15).
    RegistrationRequired,
    /// `remote-server-not-found` (§8.3.3.16).
    RemoteServerNotFound,
    /// `remote-server-timeout` (§8.3.3.17).
    RemoteServerTimeout,
    /// `resource-constraint` (§8.3.3.18).
    ResourceConstraint,
    /// `service-unavailable` (§8.3.3.19).
    ServiceUnavailable,
    /// `subscription-required` (§8.3.3.20).
    SubscriptionRequired,
    /// `undefined-condition` (§8.3.3.21).
    UndefinedCondition,
    /// `unexpected-request` (§8.3.3.22).
    UnexpectedRequest,
}

impl ErrorType {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::Auth => "auth",
            ErrorType::Cancel => "cancel",
            ErrorType::Continue => "continue",
            ErrorType::Modify => "modify",
            ErrorType::Wait => "wait",
        }
    }

    /// The error type named `s`.
    pub fn from_name(s: &str) -> Option<ErrorType> {
        Some(match s {
            "auth" => ErrorType::Auth,
            "cancel" => ErrorType::Cancel,
            "continue" => ErrorType::Continue,
            "modify" => ErrorType::Modify,
            "wait" => ErrorType::Wait,
            _ => return None,
        })
    }
}

impl DefinedCondition {
    /// The condition's element name.
    pub fn as_str(&self) -> &'static str {
        use DefinedCondition::*;
        match self {
            BadRequest => "bad-request",
            Conflict => "conflict",
            FeatureNotImplemented => "feature-not-implemented",
            Forbidden => "forbidden",
            Gone(_) => "gone",
            InternalServerError => "internal-server-error",
            ItemNotFound => "item-not-found",
            JidMalformed => "jid-malformed",
            NotAcceptable => "not-acceptable",
            NotAllowed => "not-allowed",
            NotAuthorized => "not-authorized",
            PolicyViolation => "policy-violation",
            RecipientUnavailable => "recipient-unavailable",
            Redirect(_) => "redirect",
            RegistrationRequired => "registration-required",
            RemoteServerNotFound => "remote-server-not-found",
            RemoteServerTimeout => "remote-server-timeout",
            ResourceConstraint => "resource-constraint",
            ServiceUnavailable => "service-unavailable",
            SubscriptionRequired => "subscription-required",
            UndefinedCondition => "undefined-condition",
            UnexpectedRequest => "unexpected-request",
        }
    }

    /// The condition named `name` (`gone` and `redirect` without their URI).
    pub fn from_name(name: &str) -> Option<DefinedCondition> {
        use DefinedCondition::*;
        Some(match name {
            "bad-request" => BadRequest,
            "conflict" => Conflict,
            "feature-not-implemented" => FeatureNotImplemented,
            "forbidden" => Forbidden,
            "gone" => Gone(None),
            "internal-server-error" => InternalServerError,
            "item-not-found" => ItemNotFound,
            "jid-malformed" => JidMalformed,
            "not-acceptable" => NotAcceptable,
            "not-allowed" => NotAllowed,
            "not-authorized" => NotAuthorized,
            "policy-violation" => PolicyViolation,
            "recipient-unavailable" => RecipientUnavailable,
            "redirect" => Redirect(None),
            "registration-required" => RegistrationRequired,
            "remote-server-not-found" => RemoteServerNotFound,
            "remote-server-timeout" => RemoteServerTimeout,
            "resource-constraint" => ResourceConstraint,
            "service-unavailable" => ServiceUnavailable,
            "subscription-required" => SubscriptionRequired,
            "undefined-condition" => UndefinedCondition,
            "unexpected-request" => UnexpectedRequest,
            _ => return None,
        })
    }

    /// The error type RFC 6120 §8.3.3 gives for this condition in its
    /// examples (what [`StanzaError::new`] uses).
    pub fn default_type(&self) -> ErrorType {
        use DefinedCondition::*;
        match self {
            Forbidden | NotAuthorized | RegistrationRequired | SubscriptionRequired => {
                ErrorType::Auth
            }
            BadRequest | JidMalformed | NotAcceptable | PolicyViolation | Redirect(_)
            | UndefinedCondition => ErrorType::Modify,
            RecipientUnavailable | RemoteServerTimeout | ResourceConstraint | UnexpectedRequest => {
                ErrorType::Wait
            }
            Conflict
            | FeatureNotImplemented
            | Gone(_)
            | InternalServerError
            | ItemNotFound
            | NotAllowed
            | RemoteServerNotFound
            | ServiceUnavailable => ErrorType::Cancel,
        }
    }

    /// All 22 conditions (with no URI for `gone`/`redirect`).
    pub const ALL: [DefinedCondition; 22] = {
        use DefinedCondition::*;
        [
            BadRequest,
            Conflict,
            FeatureNotImplemented,
            Forbidden,
            Gone(None),
            InternalServerError,
            ItemNotFound,
            JidMalformed,
            NotAcceptable,
            NotAllowed,
            NotAuthorized,
            PolicyViolation,
            RecipientUnavailable,
            Redirect(None),
            RegistrationRequired,
            RemoteServerNotFound,
            RemoteServerTimeout,
            ResourceConstraint,
            ServiceUnavailable,
            SubscriptionRequired,
            UndefinedCondition,
            UnexpectedRequest,
        ]
    };
}

impl std::fmt::Display for DefinedCondition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl StanzaError {
    /// An error with `condition` and the type RFC 6120 §8.3.3 uses for it.
    pub fn new(condition: DefinedCondition) -> StanzaError {
        StanzaError::with_type(condition.default_type(), condition)
    }

    /// An error with an explicit type.
    pub fn with_type(error_type: ErrorType, condition: DefinedCondition) -> StanzaError {
        StanzaError {
            error_type,
            condition,
            original_condition: None,
            code: None,
            texts: Texts::default(),
            app_specific: Vec::new(),
            by: None,
            ns: ContentNs::Client,
            unknown: Unknown::default(),
        }
    }

    /// Adds a descriptive text in language `lang`.
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

    /// Sets `by`.
    pub fn with_by(mut self, by: impl Into<Jid>) -> Self {
        self.by = Some(by.into());
        self
    }

    /// The first application-specific condition element, if any.
    pub fn app_specific(&self) -> Option<&Element> {
        self.app_specific.first()
    }

    /// The `<error/>` element, qualified by `content_ns`.
    pub fn into_element(self, content_ns: ContentNs) -> Element {
        let mut e = Element::new("error", content_ns.as_str());
        e.set_attr("type", self.error_type.as_str());
        if let Some(by) = self.by {
            e.set_attr("by", super::common::jid_to_bytestr(by));
        }
        if let Some(code) = self.code {
            e.set_attr("code", code);
        }
        let name = match self.original_condition {
            Some(n)
                if self.condition == DefinedCondition::UndefinedCondition
                    && DefinedCondition::from_name(&n).is_none() =>
            {
                n
            }
            _ => ByteStr::from_static(self.condition.as_str()),
        };
        let mut cond = Element::new(name, ns::STANZAS);
        match self.condition {
            DefinedCondition::Gone(Some(uri)) | DefinedCondition::Redirect(Some(uri)) => {
                cond.append_text(uri)
            }
            _ => {}
        }
        e.append_child(cond);
        self.texts.write(&mut e, "text", ns::STANZAS);
        for a in self.app_specific {
            e.append_child(a);
        }
        self.unknown.write_to(&mut e);
        e
    }

    /// Parses an `<error/>` child once the content namespace is known.
    pub(crate) fn parse(
        el: Element,
        content_ns: ContentNs,
    ) -> Result<StanzaError, StanzaParseError> {
        let mut error_type = None;
        let mut by = None;
        let mut code = None;
        let mut unknown = Unknown::default();
        for a in el.attrs() {
            match (&a.ns, &*a.name) {
                (None, "type") => {
                    error_type = Some(ErrorType::from_name(&a.value).ok_or_else(|| {
                        StanzaParseError::InvalidAttribute {
                            element: "error",
                            attr: "type",
                            value: truncate(&a.value),
                            expected: "one of auth, cancel, continue, modify, wait",
                        }
                    })?)
                }
                (None, "by") => by = Some(parse_jid(&a.value, "error", "by")?),
                (None, "code") => code = Some(a.value.clone()),
                _ => unknown.attrs.push(a.clone()),
            }
        }
        let mut condition = None;
        let mut original_condition = None;
        let mut texts = Texts::default();
        let mut app_specific = Vec::new();
        let scope = in_scope(&None, &el);
        let scope = scope.as_deref();
        for n in el.into_nodes() {
            let child = match n {
                Node::Element(c) => c,
                Node::Text(t) if is_whitespace(&t) => continue,
                // Stray text (legacy servers put a human text there, next to
                // `code`): kept and written back, as in <stream:error/>.
                t @ Node::Text(_) => {
                    unknown.nodes.push(t);
                    continue;
                }
            };
            if child.ns() == ns::STANZAS {
                if child.name() == "text" {
                    texts.read_in(child, "text", scope, &mut unknown)?;
                    continue;
                }
                if condition.is_some() {
                    return Err(StanzaParseError::DuplicateChild {
                        element: "error",
                        child: "condition",
                    });
                }
                // Leniency (RFC 6120 §8.3.3.21): a condition RFC 6120 does
                // not define is `undefined-condition`, its name kept.
                let mut c = match DefinedCondition::from_name(child.name()) {
                    Some(c) => c,
                    None => {
                        original_condition = Some(child.name_bytestr().clone());
                        DefinedCondition::UndefinedCondition
                    }
                };
                let mut leaf = Leaf::new(child, &[], false);
                match &mut c {
                    DefinedCondition::Gone(uri) | DefinedCondition::Redirect(uri) => {
                        // Leniency: whitespace around the URI is ignored.
                        let t = trim_bytestr(leaf.text.clone());
                        leaf.written_as(t.clone());
                        if !t.is_empty() {
                            *uri = Some(t);
                        }
                    }
                    _ => leaf.written_as(""),
                }
                leaf.keep_in(&mut unknown, 0);
                condition = Some(c);
            } else {
                app_specific.push(child);
            }
        }
        let condition = match condition {
            Some(c) => c,
            // Leniency: a legacy error (`<error code='404'/>`, from before
            // RFC 3920) has a code and no condition. XEP-0086's mapping of
            // codes to conditions is not applied: the code is kept for the
            // application, and written back next to <undefined-condition/>.
            None if code.is_some() => DefinedCondition::UndefinedCondition,
            None => {
                return Err(StanzaParseError::MissingChild {
                    element: "error",
                    child: "condition",
                });
            }
        };
        // Leniency: some servers omit `type`; use the condition's usual one.
        let error_type = error_type.unwrap_or_else(|| condition.default_type());
        Ok(StanzaError {
            error_type,
            condition,
            original_condition,
            code,
            texts,
            app_specific,
            by,
            ns: content_ns,
            unknown,
        })
    }
}

impl TryFrom<Element> for StanzaError {
    type Error = StanzaParseError;

    /// Parses an `<error/>` element in one of the content namespaces.
    fn try_from(el: Element) -> Result<StanzaError, StanzaParseError> {
        let Some(content_ns) = ContentNs::from_uri(el.ns()) else {
            return Err(StanzaParseError::WrongNamespace {
                element: "error",
                ns: truncate(el.ns()),
            });
        };
        if el.name() != "error" {
            return Err(StanzaParseError::WrongElement {
                expected: "error",
                name: truncate(el.name()),
                ns: truncate(el.ns()),
            });
        }
        StanzaError::parse(el, content_ns)
    }
}

impl From<StanzaError> for Element {
    fn from(e: StanzaError) -> Element {
        let n = e.ns;
        e.into_element(n)
    }
}

impl From<DefinedCondition> for StanzaError {
    fn from(c: DefinedCondition) -> StanzaError {
        StanzaError::new(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_condition_round_trips_by_name() {
        for c in DefinedCondition::ALL {
            assert_eq!(DefinedCondition::from_name(c.as_str()), Some(c.clone()));
            let e = StanzaError::new(c.clone());
            let back = StanzaError::try_from(Element::from(e.clone())).unwrap();
            assert_eq!(back, e);
        }
        assert_eq!(DefinedCondition::from_name("nope"), None);
    }

    #[test]
    fn original_condition_is_written_only_for_undefined_condition() {
        // A name RFC 6120 defines, or a condition changed in code, is not
        // replaced by the kept name: the element says what `condition` says.
        let mut e = StanzaError::new(DefinedCondition::UndefinedCondition);
        e.original_condition = Some("conflict".into());
        let el = Element::from(e.clone());
        assert_eq!(
            el.children().next().map(|c| c.name()),
            Some("undefined-condition")
        );
        e.original_condition = Some("x-later".into());
        let el = Element::from(e.clone());
        assert_eq!(el.children().next().map(|c| c.name()), Some("x-later"));
        e.condition = DefinedCondition::Forbidden;
        let el = Element::from(e);
        assert_eq!(el.children().next().map(|c| c.name()), Some("forbidden"));
    }

    #[test]
    fn gone_and_redirect_keep_uri() {
        let c = DefinedCondition::Redirect(Some("xmpp:rooms@conference.example.com".into()));
        let e = StanzaError::new(c.clone());
        let back = StanzaError::try_from(Element::from(e)).unwrap();
        assert_eq!(back.condition, c);
    }
}
