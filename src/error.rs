//! The crate-wide error type, wrapping each module's own error enum.

/// Any error this crate reports; each variant wraps one module's error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An invalid XMPP address.
    #[error(transparent)]
    Jid(#[from] crate::jid::JidError),
    /// The XML stream was not acceptable.
    #[error(transparent)]
    Stream(#[from] crate::stream::StreamError),
    /// A SASL exchange failed.
    #[error(transparent)]
    Sasl(#[from] crate::sasl::SaslError),
    /// An element was not a valid stanza or negotiation element.
    #[error(transparent)]
    Stanza(#[from] crate::stanza::StanzaParseError),
    /// An element was not a valid XEP payload.
    #[error(transparent)]
    Payload(#[from] crate::stanza::xep::PayloadError),
    /// A client, server or component session failed.
    #[error(transparent)]
    Session(#[from] crate::session::SessionError),
    /// A stored stream-management resumption state could not be loaded.
    #[error(transparent)]
    ResumptionState(#[from] crate::session::ResumptionStateError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_errors_convert_and_keep_their_message() {
        let e: Error = crate::session::SessionError::UnackedQueueFull { limit: 3 }.into();
        assert!(
            e.to_string().contains("3 stanzas await acknowledgement"),
            "{e}"
        );
        let e: Error = crate::session::ResumptionState::from_bytes(b"<x/>")
            .unwrap_err()
            .into();
        assert!(matches!(e, Error::ResumptionState(_)), "{e}");
    }
}
