//! [`StreamError`]: why an XML stream was not acceptable, where, and which
//! [`Condition`] to send the peer.

use super::Condition;

/// Why the XML stream was not acceptable.
///
/// Every variant carries the byte `offset` in the stream (counted from the
/// first byte ever fed to the parser, across restarts) at which the problem
/// was detected, and maps to the [`Condition`] the peer must be sent in
/// `<stream:error/>` ([RFC 6120 §4.9.3]) with [`StreamError::condition`].
///
/// [RFC 6120 §4.9.3]: https://www.rfc-editor.org/rfc/rfc6120#section-4.9.3
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// The input is not well-formed XML (a syntax error).
    #[error("not well-formed XML at byte {offset}: {reason}")]
    NotWellFormed {
        /// Byte offset in the stream.
        offset: u64,
        /// What was wrong.
        reason: &'static str,
    },
    /// The bytes are not valid UTF-8 (RFC 6120 §11.6).
    #[error("invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// Byte offset in the stream.
        offset: u64,
    },
    /// The stream uses an encoding other than UTF-8: a UTF-16 byte order
    /// mark, or another `encoding` in the XML declaration (RFC 6120 §11.6).
    #[error("unsupported encoding {encoding:?} at byte {offset}; XMPP requires UTF-8")]
    UnsupportedEncoding {
        /// Byte offset in the stream.
        offset: u64,
        /// The encoding found.
        encoding: String,
    },
    /// A character that XML 1.0 does not allow (e.g. NUL), literally or as
    /// a character reference.
    #[error("character U+{ch:04X} is not allowed in XML, at byte {offset}")]
    InvalidChar {
        /// Byte offset in the stream.
        offset: u64,
        /// The code point, as written (a surrogate such as `&#xD800;` or
        /// a number past U+10FFFF too; `u32::MAX` for one past 32 bits).
        ch: u32,
    },
    /// A namespace prefix that is not bound, on an element or attribute
    /// name. The document is then not namespace-well-formed, so the
    /// condition is `not-well-formed`: RFC 6120 §11.4, and the example of
    /// §4.9.3.13 (`<foo:body>` inside a `<message>`). That includes an
    /// undeclared `stream:` prefix on the stream header, or on a
    /// WebSocket message, which must declare its own prefixes
    /// (RFC 7395 §3.3.3).
    #[error("namespace prefix `{prefix}` is not bound, at byte {offset}")]
    UnboundPrefix {
        /// Byte offset in the stream.
        offset: u64,
        /// The prefix.
        prefix: String,
    },
    /// A namespace declaration XML Namespaces forbids (binding `xmlns`,
    /// binding `xml` to another namespace, or un-declaring a prefix).
    #[error("illegal namespace declaration for prefix `{prefix}` at byte {offset}")]
    IllegalNamespaceDeclaration {
        /// Byte offset in the stream.
        offset: u64,
        /// The prefix (empty for the default namespace).
        prefix: String,
    },
    /// The same attribute twice on one element (also through two prefixes
    /// bound to one namespace).
    #[error("duplicate attribute `{name}` at byte {offset}")]
    DuplicateAttribute {
        /// Byte offset in the stream.
        offset: u64,
        /// The attribute's qualified name.
        name: String,
    },
    /// An end tag that does not match the open element.
    #[error("end tag `{found}` does not match start tag `{expected}`, at byte {offset}")]
    MismatchedEndTag {
        /// Byte offset in the stream.
        offset: u64,
        /// The qualified name of the open element.
        expected: String,
        /// The qualified name in the end tag.
        found: String,
    },
    /// A configured [`Limits`](super::Limits) value was exceeded.
    #[error("limit `{limit}` ({max}) exceeded at byte {offset}")]
    LimitExceeded {
        /// Byte offset in the stream.
        offset: u64,
        /// The name of the [`Limits`](super::Limits) field.
        limit: &'static str,
        /// Its value.
        max: usize,
    },
    /// An XML comment (not allowed, RFC 6120 §11.1).
    #[error("comments are not allowed in XMPP (RFC 6120 §11.1), at byte {offset}")]
    Comment {
        /// Byte offset in the stream.
        offset: u64,
    },
    /// A processing instruction other than the XML declaration at the start
    /// of the stream (not allowed, RFC 6120 §11.1).
    #[error("processing instructions are not allowed in XMPP (RFC 6120 §11.1), at byte {offset}")]
    ProcessingInstruction {
        /// Byte offset in the stream.
        offset: u64,
    },
    /// A document type declaration (not allowed, RFC 6120 §11.1).
    #[error("DTDs are not allowed in XMPP (RFC 6120 §11.1), at byte {offset}")]
    Dtd {
        /// Byte offset in the stream.
        offset: u64,
    },
    /// An entity reference other than the five predefined ones (not
    /// allowed, RFC 6120 §11.1).
    #[error(
        "undefined entity `&{name};` at byte {offset}; only the five predefined entities are allowed"
    )]
    UndefinedEntity {
        /// Byte offset in the stream.
        offset: u64,
        /// The entity name.
        name: String,
    },
    /// Character data directly inside `<stream:stream>`, other than
    /// whitespace (which is a keepalive, RFC 6120 §4.6.1).
    #[error("text outside of any stanza at byte {offset}")]
    TextOutsideStanza {
        /// Byte offset in the stream.
        offset: u64,
    },
    /// The stream header is not a `stream` element in the
    /// `http://etherx.jabber.org/streams` namespace (RFC 6120 §4.8.1), or,
    /// over WebSocket, an `<open/>` or `<close/>` is not in the
    /// `urn:ietf:params:xml:ns:xmpp-framing` namespace (RFC 7395 §3.3.2).
    #[error("expected a stream header, found `{name}` in namespace `{ns}`, at byte {offset}")]
    InvalidStreamHeader {
        /// Byte offset in the stream.
        offset: u64,
        /// The element's local name.
        name: String,
        /// The element's namespace.
        ns: String,
    },
    /// Data after the end of the stream (`</stream:stream>`) or after the
    /// one element of a WebSocket message.
    #[error("unexpected data after the end of the stream or message, at byte {offset}")]
    TrailingData {
        /// Byte offset in the stream.
        offset: u64,
    },
    /// A WebSocket message that ends before its element is complete
    /// (RFC 7395 §3.3.3).
    #[error("incomplete XML in a WebSocket message, at byte {offset}")]
    Incomplete {
        /// Byte offset in the message.
        offset: u64,
    },
}

impl StreamError {
    /// The condition to send the peer in `<stream:error/>`.
    pub fn condition(&self) -> Condition {
        match self {
            StreamError::NotWellFormed { .. }
            | StreamError::InvalidChar { .. }
            | StreamError::IllegalNamespaceDeclaration { .. }
            | StreamError::DuplicateAttribute { .. }
            | StreamError::UnboundPrefix { .. }
            | StreamError::MismatchedEndTag { .. }
            | StreamError::TrailingData { .. }
            | StreamError::Incomplete { .. } => Condition::NotWellFormed,
            StreamError::InvalidUtf8 { .. } | StreamError::UnsupportedEncoding { .. } => {
                Condition::UnsupportedEncoding
            }
            StreamError::LimitExceeded { .. } => Condition::PolicyViolation,
            StreamError::Comment { .. }
            | StreamError::ProcessingInstruction { .. }
            | StreamError::Dtd { .. }
            | StreamError::UndefinedEntity { .. } => Condition::RestrictedXml,
            StreamError::TextOutsideStanza { .. } => Condition::BadFormat,
            StreamError::InvalidStreamHeader { .. } => Condition::InvalidNamespace,
        }
    }

    /// The byte offset in the stream where the problem was detected.
    pub fn offset(&self) -> u64 {
        match self {
            StreamError::NotWellFormed { offset, .. }
            | StreamError::InvalidUtf8 { offset }
            | StreamError::UnsupportedEncoding { offset, .. }
            | StreamError::InvalidChar { offset, .. }
            | StreamError::UnboundPrefix { offset, .. }
            | StreamError::IllegalNamespaceDeclaration { offset, .. }
            | StreamError::DuplicateAttribute { offset, .. }
            | StreamError::MismatchedEndTag { offset, .. }
            | StreamError::LimitExceeded { offset, .. }
            | StreamError::Comment { offset }
            | StreamError::ProcessingInstruction { offset }
            | StreamError::Dtd { offset }
            | StreamError::UndefinedEntity { offset, .. }
            | StreamError::TextOutsideStanza { offset }
            | StreamError::InvalidStreamHeader { offset, .. }
            | StreamError::TrailingData { offset }
            | StreamError::Incomplete { offset } => *offset,
        }
    }
}
