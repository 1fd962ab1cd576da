//! The SASL failure conditions of [RFC 6120 §6.5], as the session layer
//! sends them inside `<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>`.
//!
//! [RFC 6120 §6.5]: https://www.rfc-editor.org/rfc/rfc6120#section-6.5

use std::fmt;

/// A defined SASL failure condition ([RFC 6120 §6.5]).
///
/// [RFC 6120 §6.5]: https://www.rfc-editor.org/rfc/rfc6120#section-6.5
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FailureCondition {
    /// `<aborted/>` (§6.5.1): the receiving entity acknowledges an `<abort/>`.
    Aborted,
    /// `<account-disabled/>` (§6.5.2): the account is temporarily disabled.
    AccountDisabled,
    /// `<credentials-expired/>` (§6.5.3): the credentials have expired.
    CredentialsExpired,
    /// `<encryption-required/>` (§6.5.4): the mechanism needs an encrypted stream.
    EncryptionRequired,
    /// `<incorrect-encoding/>` (§6.5.5): the data was not valid base64.
    IncorrectEncoding,
    /// `<invalid-authzid/>` (§6.5.6): the authorization identity is not allowed.
    InvalidAuthzid,
    /// `<invalid-mechanism/>` (§6.5.7): the mechanism is not supported.
    InvalidMechanism,
    /// `<malformed-request/>` (§6.5.8): the request was malformed.
    MalformedRequest,
    /// `<mechanism-too-weak/>` (§6.5.9): the mechanism is weaker than policy allows.
    MechanismTooWeak,
    /// `<not-authorized/>` (§6.5.10): the credentials were not accepted.
    NotAuthorized,
    /// `<temporary-auth-failure/>` (§6.5.11): a temporary error on the server.
    TemporaryAuthFailure,
}

impl FailureCondition {
    /// Every condition, in the order of RFC 6120 §6.5.
    pub const ALL: [FailureCondition; 11] = [
        FailureCondition::Aborted,
        FailureCondition::AccountDisabled,
        FailureCondition::CredentialsExpired,
        FailureCondition::EncryptionRequired,
        FailureCondition::IncorrectEncoding,
        FailureCondition::InvalidAuthzid,
        FailureCondition::InvalidMechanism,
        FailureCondition::MalformedRequest,
        FailureCondition::MechanismTooWeak,
        FailureCondition::NotAuthorized,
        FailureCondition::TemporaryAuthFailure,
    ];

    /// The element name of this condition, e.g. `"not-authorized"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            FailureCondition::Aborted => "aborted",
            FailureCondition::AccountDisabled => "account-disabled",
            FailureCondition::CredentialsExpired => "credentials-expired",
            FailureCondition::EncryptionRequired => "encryption-required",
            FailureCondition::IncorrectEncoding => "incorrect-encoding",
            FailureCondition::InvalidAuthzid => "invalid-authzid",
            FailureCondition::InvalidMechanism => "invalid-mechanism",
            FailureCondition::MalformedRequest => "malformed-request",
            FailureCondition::MechanismTooWeak => "mechanism-too-weak",
            FailureCondition::NotAuthorized => "not-authorized",
            FailureCondition::TemporaryAuthFailure => "temporary-auth-failure",
        }
    }

    /// The condition named by an element name, or `None` for an unknown name.
    ///
    /// ```
    /// use xmpp_sansio::sasl::FailureCondition;
    /// assert_eq!(FailureCondition::from_name("not-authorized"), Some(FailureCondition::NotAuthorized));
    /// assert_eq!(FailureCondition::from_name("bogus"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<FailureCondition> {
        FailureCondition::ALL
            .into_iter()
            .find(|c| c.as_str() == name)
    }
}

impl fmt::Display for FailureCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_distinct() {
        for c in FailureCondition::ALL {
            assert_eq!(FailureCondition::from_name(c.as_str()), Some(c));
        }
        let mut names: Vec<_> = FailureCondition::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 11);
        assert_eq!(FailureCondition::from_name("Not-Authorized"), None);
    }
}
