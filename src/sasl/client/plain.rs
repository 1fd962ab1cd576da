//! The client side of `PLAIN` ([RFC 4616]): `[authzid] NUL authcid NUL passwd`.
//!
//! [RFC 4616]: https://www.rfc-editor.org/rfc/rfc4616

use super::ClientConfig;
use crate::sasl::{SaslError, saslprep, saslprep_query};

/// A `PLAIN` client. Refuses to run without TLS unless plaintext is allowed.
pub struct PlainClient {
    message: Vec<u8>,
    sent: bool,
    done: bool,
}

impl PlainClient {
    /// Builds the message from the config (SASLprep on the user name as a
    /// query string, as the server prepares it (RFC 4616 §2), and on the
    /// password as a stored string: one with unassigned code points could
    /// never match).
    pub fn new(config: &ClientConfig) -> Result<PlainClient, SaslError> {
        if !config.tls && !config.allow_plaintext {
            return Err(SaslError::EncryptionRequired);
        }
        let user = saslprep_query(&config.username, "username")?;
        let pass = saslprep(&config.password, "password")?;
        if user.is_empty() || pass.is_empty() {
            return Err(SaslError::Malformed {
                message: "PLAIN message",
                reason: "empty user name or password",
            });
        }
        let authzid = config.authzid.as_deref().unwrap_or_default();
        if authzid.contains('\0') {
            return Err(SaslError::Malformed {
                message: "PLAIN message",
                reason: "NUL in authzid",
            });
        }
        let mut message = Vec::with_capacity(authzid.len() + user.len() + pass.len() + 2);
        message.extend_from_slice(authzid.as_bytes());
        message.push(0);
        message.extend_from_slice(user.as_bytes());
        message.push(0);
        message.extend_from_slice(pass.as_bytes());
        Ok(PlainClient {
            message,
            sent: false,
            done: false,
        })
    }

    /// The whole `PLAIN` message.
    pub fn initial_response(&mut self) -> Result<Vec<u8>, SaslError> {
        if self.sent {
            return Err(SaslError::UnexpectedMessage(
                "PLAIN initial response already sent",
            ));
        }
        self.sent = true;
        Ok(self.message.clone())
    }

    /// The message again if the server asked for it with an empty challenge
    /// (no initial response was sent); any other challenge is an error.
    pub fn respond(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        if self.sent || !challenge.is_empty() {
            return Err(SaslError::UnexpectedMessage("PLAIN has no challenges"));
        }
        self.initial_response()
    }

    /// `PLAIN` success carries no data.
    pub fn finish(&mut self, success_data: &[u8]) -> Result<(), SaslError> {
        if !self.sent || self.done {
            return Err(SaslError::UnexpectedMessage(
                "PLAIN success before the message was sent",
            ));
        }
        if !success_data.is_empty() {
            return Err(SaslError::Malformed {
                message: "PLAIN success",
                reason: "unexpected additional data",
            });
        }
        self.done = true;
        Ok(())
    }
}

impl std::fmt::Debug for PlainClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlainClient")
            .field("sent", &self.sent)
            .finish_non_exhaustive()
    }
}
