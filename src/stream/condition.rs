//! [`Condition`]: the stream error conditions of [RFC 6120 §4.9.3].
//!
//! [RFC 6120 §4.9.3]: https://www.rfc-editor.org/rfc/rfc6120#section-4.9.3

use std::fmt;
use std::str::FromStr;

/// A stream error condition ([RFC 6120 §4.9.3]): the child element of
/// `<stream:error/>` in the `urn:ietf:params:xml:ns:xmpp-streams` namespace
/// that tells the peer why its stream is being closed.
///
/// ```
/// use xmpp_sansio::stream::Condition;
/// let c: Condition = "not-well-formed".parse()?;
/// assert_eq!(c, Condition::NotWellFormed);
/// assert_eq!(c.as_str(), "not-well-formed");
/// assert_eq!(c.to_string(), "not-well-formed");
/// assert_eq!(Condition::from_name("no-such-thing"), None);
/// # Ok::<(), xmpp_sansio::stream::UnknownCondition>(())
/// ```
///
/// [RFC 6120 §4.9.3]: https://www.rfc-editor.org/rfc/rfc6120#section-4.9.3
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Condition {
    /// `bad-format` (§4.9.3.1): XML that cannot be processed.
    BadFormat,
    /// `bad-namespace-prefix` (§4.9.3.2): a namespace prefix the receiver
    /// does not support (e.g. `foobar:` for the stream namespace, §4.8.5),
    /// or none on an element that needs one. An unbound prefix is not
    /// namespace-well-formed, which is `not-well-formed` (§4.9.3.13, §11.4).
    BadNamespacePrefix,
    /// `conflict` (§4.9.3.3): a new stream conflicts with an existing one.
    Conflict,
    /// `connection-timeout` (§4.9.3.4): nothing received for too long.
    ConnectionTimeout,
    /// `host-gone` (§4.9.3.5): the `to` domain is no longer served.
    HostGone,
    /// `host-unknown` (§4.9.3.6): the `to` domain is not served.
    HostUnknown,
    /// `improper-addressing` (§4.9.3.7): a stanza lacks `to` or `from`.
    ImproperAddressing,
    /// `internal-server-error` (§4.9.3.8): a misconfiguration or other error.
    InternalServerError,
    /// `invalid-from` (§4.9.3.9): `from` does not match an authorized JID.
    InvalidFrom,
    /// `invalid-namespace` (§4.9.3.10): wrong stream or content namespace.
    InvalidNamespace,
    /// `invalid-xml` (§4.9.3.11): XML that fails validation.
    InvalidXml,
    /// `not-authorized` (§4.9.3.12): data sent before authentication.
    NotAuthorized,
    /// `not-well-formed` (§4.9.3.13): XML that is not well-formed.
    NotWellFormed,
    /// `policy-violation` (§4.9.3.14): a local policy (e.g. a size limit)
    /// was violated.
    PolicyViolation,
    /// `remote-connection-failed` (§4.9.3.15): a remote server is
    /// unreachable.
    RemoteConnectionFailed,
    /// `reset` (§4.9.3.16): the stream must be reset (e.g. credentials
    /// changed).
    Reset,
    /// `resource-constraint` (§4.9.3.17): the server lacks resources.
    ResourceConstraint,
    /// `restricted-xml` (§4.9.3.18): a comment, processing instruction,
    /// DTD or entity reference outside the restricted XML subset of §11.1.
    RestrictedXml,
    /// `see-other-host` (§4.9.3.19): reconnect to another host (the
    /// element's text names it).
    SeeOtherHost,
    /// `system-shutdown` (§4.9.3.20): the server is shutting down.
    SystemShutdown,
    /// `undefined-condition` (§4.9.3.21): none of the others.
    UndefinedCondition,
    /// `unsupported-encoding` (§4.9.3.22): not UTF-8, or invalid UTF-8.
    UnsupportedEncoding,
    /// `unsupported-feature` (§4.9.3.23): a mandatory feature is missing.
    UnsupportedFeature,
    /// `unsupported-stanza-type` (§4.9.3.24): an unknown first-level child.
    UnsupportedStanzaType,
    /// `unsupported-version` (§4.9.3.25): the `version` is not supported.
    UnsupportedVersion,
}

/// The error of [`Condition::from_str`]: the name is not a defined
/// condition of RFC 6120 §4.9.3.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a stream error condition of RFC 6120 §4.9.3")]
pub struct UnknownCondition(pub String);

impl Condition {
    /// Every condition, in the order of RFC 6120 §4.9.3.
    pub const ALL: [Condition; 25] = [
        Condition::BadFormat,
        Condition::BadNamespacePrefix,
        Condition::Conflict,
        Condition::ConnectionTimeout,
        Condition::HostGone,
        Condition::HostUnknown,
        Condition::ImproperAddressing,
        Condition::InternalServerError,
        Condition::InvalidFrom,
        Condition::InvalidNamespace,
        Condition::InvalidXml,
        Condition::NotAuthorized,
        Condition::NotWellFormed,
        Condition::PolicyViolation,
        Condition::RemoteConnectionFailed,
        Condition::Reset,
        Condition::ResourceConstraint,
        Condition::RestrictedXml,
        Condition::SeeOtherHost,
        Condition::SystemShutdown,
        Condition::UndefinedCondition,
        Condition::UnsupportedEncoding,
        Condition::UnsupportedFeature,
        Condition::UnsupportedStanzaType,
        Condition::UnsupportedVersion,
    ];

    /// The element name of the condition (e.g. `"not-well-formed"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Condition::BadFormat => "bad-format",
            Condition::BadNamespacePrefix => "bad-namespace-prefix",
            Condition::Conflict => "conflict",
            Condition::ConnectionTimeout => "connection-timeout",
            Condition::HostGone => "host-gone",
            Condition::HostUnknown => "host-unknown",
            Condition::ImproperAddressing => "improper-addressing",
            Condition::InternalServerError => "internal-server-error",
            Condition::InvalidFrom => "invalid-from",
            Condition::InvalidNamespace => "invalid-namespace",
            Condition::InvalidXml => "invalid-xml",
            Condition::NotAuthorized => "not-authorized",
            Condition::NotWellFormed => "not-well-formed",
            Condition::PolicyViolation => "policy-violation",
            Condition::RemoteConnectionFailed => "remote-connection-failed",
            Condition::Reset => "reset",
            Condition::ResourceConstraint => "resource-constraint",
            Condition::RestrictedXml => "restricted-xml",
            Condition::SeeOtherHost => "see-other-host",
            Condition::SystemShutdown => "system-shutdown",
            Condition::UndefinedCondition => "undefined-condition",
            Condition::UnsupportedEncoding => "unsupported-encoding",
            Condition::UnsupportedFeature => "unsupported-feature",
            Condition::UnsupportedStanzaType => "unsupported-stanza-type",
            Condition::UnsupportedVersion => "unsupported-version",
        }
    }

    /// The condition whose element name is `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Condition> {
        Condition::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The `<stream:error/>` element carrying this condition, as bytes to
    /// send inside a stream whose header bound the `stream` prefix
    /// ([RFC 6120 §4.9.2]), e.g.
    /// `<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>`.
    ///
    /// [RFC 6120 §4.9.2]: https://www.rfc-editor.org/rfc/rfc6120#section-4.9.2
    pub fn to_stream_error_bytes(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(96);
        out.extend_from_slice(b"<stream:error><");
        out.extend_from_slice(self.as_str().as_bytes());
        out.extend_from_slice(b" xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
        out
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Condition {
    type Err = UnknownCondition;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Condition::from_name(s).ok_or_else(|| UnknownCondition(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_distinct() {
        let mut seen = std::collections::HashSet::new();
        for c in Condition::ALL {
            assert_eq!(Condition::from_name(c.as_str()), Some(c));
            assert_eq!(c.as_str().parse::<Condition>(), Ok(c));
            assert!(seen.insert(c.as_str()));
        }
        assert_eq!(seen.len(), 25);
        assert!("Not-Well-Formed".parse::<Condition>().is_err());
    }

    #[test]
    fn stream_error_bytes() {
        assert_eq!(
            Condition::HostUnknown.to_stream_error_bytes(),
            b"<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"
        );
    }
}
