//! [`SaslError`]: why a SASL exchange failed, on either side.

use super::FailureCondition;

/// Why a SASL exchange failed.
///
/// What the program should do with an error and what the peer should be told
/// are different questions: a server turns any error into the
/// [`FailureCondition`] to send with [`SaslError::condition`]; a client that
/// gets an error sends `<abort/>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SaslError {
    /// A message did not follow the mechanism's grammar.
    #[error("malformed SASL {message}: {reason}")]
    Malformed {
        /// Which message (`"client-first-message"`, `"PLAIN message"`…).
        message: &'static str,
        /// What was wrong with it.
        reason: &'static str,
    },
    /// A message was longer than this implementation accepts.
    #[error("SASL {message} is too long ({len} bytes, limit {limit})")]
    TooLong {
        /// Which message.
        message: &'static str,
        /// Its length.
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// A field that must be base64 was not.
    #[error("invalid base64 in {field}")]
    InvalidBase64 {
        /// Which field (`"salt"`, `"proof"`…).
        field: &'static str,
    },
    /// A field that must be UTF-8 was not.
    #[error("invalid UTF-8 in {field}")]
    InvalidUtf8 {
        /// Which field.
        field: &'static str,
    },
    /// A SCRAM `saslname` held a `,` or `=` that was not escaped as `=2C`/`=3D`.
    #[error("{field} contains an unescaped ',' or '=' (RFC 5802 §5.1)")]
    UnescapedName {
        /// Which field (`"username"` or `"authzid"`).
        field: &'static str,
    },
    /// SASLprep (RFC 4013) rejected a string (prohibited or unassigned characters).
    #[error("{field} is not allowed by SASLprep (RFC 4013)")]
    Saslprep {
        /// Which field.
        field: &'static str,
    },
    /// A nonce handed in by the caller holds characters SCRAM does not allow
    /// (it must be printable ASCII without `,`) or is empty.
    #[error("invalid nonce: must be non-empty printable ASCII without ','")]
    InvalidNonce,
    /// The server's nonce does not start with the client's nonce (or adds nothing to it).
    #[error("the server nonce does not extend the client nonce")]
    NonceMismatch,
    /// The server asked for fewer PBKDF2 iterations than the client accepts.
    #[error("iteration count {iterations} is below the minimum {min}")]
    IterationCountTooLow {
        /// What the server asked for.
        iterations: u32,
        /// The client's minimum.
        min: u32,
    },
    /// The server asked for more PBKDF2 iterations than the client accepts.
    #[error("iteration count {iterations} is above the maximum {max}")]
    IterationCountTooHigh {
        /// What the server asked for.
        iterations: u32,
        /// The client's maximum.
        max: u32,
    },
    /// A SCRAM message carried a mandatory extension (`m=`) that is not supported.
    #[error("unsupported mandatory SCRAM extension (m=)")]
    UnknownMandatoryExtension,
    /// The server's success data had no server signature (`v=`).
    #[error("the server did not send its signature")]
    MissingServerSignature,
    /// The server's signature did not verify: the server does not know the
    /// password (or someone is in the middle).
    #[error("the server signature is invalid")]
    InvalidServerSignature,
    /// The server reported an error in its final message (`e=`).
    #[error("the server reported: {0}")]
    ServerError(String),
    /// The credentials were not accepted (wrong password, wrong proof or
    /// unknown user; deliberately not told apart).
    #[error("authentication failed")]
    AuthenticationFailed,
    /// The client supports channel binding and thinks the server does not
    /// (`y`), but this server does: a downgrade attack (RFC 5802 §6).
    #[error("channel binding downgrade detected")]
    ChannelBindingDowngrade,
    /// The channel-binding data (`c=`) does not match this side's TLS channel.
    #[error("channel binding data does not match")]
    ChannelBindingMismatch,
    /// The peer asked for a channel-binding type this side does not have.
    #[error("unsupported channel-binding type {0:?}")]
    ChannelBindingUnsupported(String),
    /// The GS2 channel-binding flag does not fit the mechanism (e.g. `p=` with
    /// a mechanism without `-PLUS`, or `n` with one with it), or a `-PLUS`
    /// mechanism was chosen without binding data.
    #[error("channel binding flag does not fit the mechanism {0}")]
    ChannelBindingFlag(&'static str),
    /// The server offers `-PLUS` mechanisms and an XEP-0440 list of
    /// channel-binding types, but none of the listed types is one the
    /// client has, and `tls-server-end-point` (which every server MUST
    /// offer) is not listed either: the list was probably tampered with by
    /// a man in the middle, and the client MUST abort (XEP-0440 §Business
    /// Rules, rule 6).
    #[error(
        "the server offers -PLUS mechanisms but none of our channel-binding types \
         (it lists {server_types:?}, without tls-server-end-point): \
         possible man in the middle, authentication aborted (XEP-0440)"
    )]
    NoCommonChannelBinding {
        /// The types the server listed (at most 16, each cut to 64 characters).
        server_types: Vec<String>,
    },
    /// The mechanism is unknown or not enabled.
    #[error("unsupported SASL mechanism {0:?}")]
    UnsupportedMechanism(String),
    /// No mechanism offered by the server is acceptable to the client.
    #[error("no acceptable SASL mechanism offered")]
    NoAcceptableMechanism,
    /// The mechanism sends a password in the clear and the stream is not encrypted.
    #[error("this mechanism needs an encrypted stream")]
    EncryptionRequired,
    /// The requested authorization identity is not allowed for this user.
    #[error("not allowed to act as the requested authorization identity")]
    InvalidAuthzid,
    /// The account exists but is disabled.
    #[error("the account is disabled")]
    AccountDisabled,
    /// The account's credentials have expired.
    #[error("the credentials have expired")]
    CredentialsExpired,
    /// The credential store failed temporarily.
    #[error("temporary authentication failure")]
    TemporaryFailure,
    /// A message arrived when the exchange expected none (it already
    /// finished, failed, or this step does not exist for the mechanism).
    #[error("unexpected SASL message: {0}")]
    UnexpectedMessage(&'static str),
    /// The operating system's random source failed.
    #[error("random source failed")]
    Random,
    /// No nonce was given and the crate was built without the `getrandom`
    /// feature to draw one: pass one in the configuration.
    #[error("no nonce given: set the configuration's nonce or enable the `getrandom` feature")]
    NonceRequired,
}

impl SaslError {
    /// The RFC 6120 §6.5 condition a server sends for this error.
    ///
    /// Errors that only a client can hit map to [`FailureCondition::Aborted`]
    /// (what a server answers to the client's `<abort/>`).
    pub fn condition(&self) -> FailureCondition {
        use FailureCondition as C;
        match self {
            SaslError::Malformed { .. }
            | SaslError::TooLong { .. }
            | SaslError::InvalidUtf8 { .. }
            | SaslError::UnescapedName { .. }
            | SaslError::Saslprep { .. }
            | SaslError::UnknownMandatoryExtension
            | SaslError::ChannelBindingFlag(_)
            | SaslError::UnexpectedMessage(_) => C::MalformedRequest,
            SaslError::InvalidBase64 { .. } => C::IncorrectEncoding,
            SaslError::AuthenticationFailed
            | SaslError::ChannelBindingDowngrade
            | SaslError::ChannelBindingMismatch
            | SaslError::ChannelBindingUnsupported(_) => C::NotAuthorized,
            SaslError::UnsupportedMechanism(_) => C::InvalidMechanism,
            SaslError::EncryptionRequired => C::EncryptionRequired,
            SaslError::InvalidAuthzid => C::InvalidAuthzid,
            SaslError::AccountDisabled => C::AccountDisabled,
            SaslError::CredentialsExpired => C::CredentialsExpired,
            SaslError::TemporaryFailure | SaslError::Random | SaslError::NonceRequired => {
                C::TemporaryAuthFailure
            }
            SaslError::NoAcceptableMechanism => C::MechanismTooWeak,
            SaslError::InvalidNonce
            | SaslError::NonceMismatch
            | SaslError::IterationCountTooLow { .. }
            | SaslError::IterationCountTooHigh { .. }
            | SaslError::MissingServerSignature
            | SaslError::InvalidServerSignature
            | SaslError::ServerError(_)
            | SaslError::NoCommonChannelBinding { .. } => C::Aborted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_readable() {
        let e = SaslError::IterationCountTooLow {
            iterations: 1,
            min: 4096,
        };
        assert_eq!(e.to_string(), "iteration count 1 is below the minimum 4096");
        assert_eq!(e.condition(), FailureCondition::Aborted);
        assert_eq!(
            SaslError::InvalidBase64 { field: "proof" }.condition(),
            FailureCondition::IncorrectEncoding
        );
    }
}
