//! SASL mechanisms (RFC 6120 §6). PLACEHOLDER: mechanisms arrive with the
//! SASL implementation.

/// Why a SASL exchange failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SaslError {
    /// The peer's message was malformed.
    #[error("malformed SASL message: {0}")]
    Malformed(&'static str),
}
