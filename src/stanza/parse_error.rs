//! [`StanzaParseError`]: why an element is not a valid stanza or
//! negotiation element, and which stanza error condition to answer with.

use super::DefinedCondition;
use crate::jid::JidError;
use crate::sasl::FailureCondition;

/// Why an [`Element`](crate::xml::Element) could not be turned into a typed
/// stanza, stream error, or negotiation element.
///
/// [`StanzaParseError::condition`] gives the
/// [RFC 6120 §8.3.3](https://www.rfc-editor.org/rfc/rfc6120#section-8.3.3)
/// condition to put in the error reply, when a reply is due.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StanzaParseError {
    /// The element has another name (or namespace) than the one expected.
    #[error("expected a <{expected}/> element, found <{name}/> in namespace '{ns}'")]
    WrongElement {
        /// The element expected.
        expected: &'static str,
        /// The name found.
        name: String,
        /// The namespace found.
        ns: String,
    },
    /// The element is in a namespace that is not allowed for it (stanzas must
    /// be in `jabber:client`, `jabber:server` or `jabber:component:accept`).
    #[error("<{element}/> is in namespace '{ns}', which is not allowed here")]
    WrongNamespace {
        /// The element.
        element: &'static str,
        /// The namespace found.
        ns: String,
    },
    /// A required attribute is missing.
    #[error("<{element}/> is missing its '{attr}' attribute")]
    MissingAttribute {
        /// The element.
        element: &'static str,
        /// The attribute.
        attr: &'static str,
    },
    /// An attribute has a value the specification does not allow.
    #[error("<{element}/> has an invalid '{attr}' attribute '{value}': {expected}")]
    InvalidAttribute {
        /// The element.
        element: &'static str,
        /// The attribute.
        attr: &'static str,
        /// The value found (truncated).
        value: String,
        /// What was expected.
        expected: &'static str,
    },
    /// A JID-valued attribute is not a valid JID.
    #[error("<{element}/> has an invalid JID in '{attr}' ('{value}'): {source}")]
    InvalidJid {
        /// The element.
        element: &'static str,
        /// The attribute.
        attr: &'static str,
        /// The value found (truncated).
        value: String,
        /// Why it is not a JID.
        source: JidError,
    },
    /// A required child element is missing.
    #[error("<{element}/> is missing its <{child}/> child")]
    MissingChild {
        /// The element.
        element: &'static str,
        /// The child.
        child: &'static str,
    },
    /// A child that may appear at most once appears again.
    #[error("<{element}/> has more than one <{child}/> child")]
    DuplicateChild {
        /// The element.
        element: &'static str,
        /// The child.
        child: &'static str,
    },
    /// Two texts (body, subject, status, text) are in the same language,
    /// their own `xml:lang` or the one they inherit
    /// ([RFC 6121 §5.2.3](https://www.rfc-editor.org/rfc/rfc6121#section-5.2.3)).
    #[error("more than one <{element}/> in xml:lang {}", lang.as_deref().map_or_else(|| "unset".to_owned(), |l| format!("'{l}'")))]
    DuplicateLanguage {
        /// The element (`body`, `subject`, `status`, `text`).
        element: &'static str,
        /// The duplicated language, own or inherited (`None`: none in
        /// scope).
        lang: Option<String>,
    },
    /// A child element or text appears where the specification allows none.
    #[error("<{element}/> must not contain {child}")]
    UnexpectedChild {
        /// The element.
        element: &'static str,
        /// What was found (`"element"`, `"text"`, or a child's name).
        child: &'static str,
    },
    /// An element's text is not a valid value.
    #[error("<{element}/> has an invalid value '{value}': {expected}")]
    InvalidValue {
        /// The element.
        element: &'static str,
        /// The value found (truncated).
        value: String,
        /// What was expected.
        expected: &'static str,
    },
    /// An `iq` has the wrong number of payload elements for its type
    /// ([RFC 6120 §8.2.3](https://www.rfc-editor.org/rfc/rfc6120#section-8.2.3)).
    #[error("an iq of type '{iq_type}' must contain {expected} payload element, found {found}")]
    IqPayloadCount {
        /// The `type` of the iq.
        iq_type: &'static str,
        /// `"exactly one"` or `"at most one"`.
        expected: &'static str,
        /// How many were found.
        found: usize,
    },
    /// Base64 content is not valid
    /// ([RFC 6120 §6.4.2](https://www.rfc-editor.org/rfc/rfc6120#section-6.4.2)).
    #[error("<{element}/> does not contain valid base64")]
    InvalidBase64 {
        /// The element.
        element: &'static str,
    },
}

impl StanzaParseError {
    /// The stanza error condition to reply with when the element was a
    /// stanza that needs an error reply: `jid-malformed` for a bad address,
    /// `bad-request` for everything else.
    pub fn condition(&self) -> DefinedCondition {
        match self {
            StanzaParseError::InvalidJid { .. } => DefinedCondition::JidMalformed,
            _ => DefinedCondition::BadRequest,
        }
    }

    /// The SASL failure condition to answer with when the element was a SASL
    /// negotiation element (RFC 6120 §6.5): `incorrect-encoding` for bad
    /// base64, `malformed-request` for everything else.
    pub fn sasl_condition(&self) -> FailureCondition {
        match self {
            StanzaParseError::InvalidBase64 { .. } => FailureCondition::IncorrectEncoding,
            _ => FailureCondition::MalformedRequest,
        }
    }
}
