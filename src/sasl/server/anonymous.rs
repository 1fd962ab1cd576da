//! The server side of `ANONYMOUS` ([RFC 4505]): accepts any well-formed
//! trace token.
//!
//! [RFC 4505]: https://www.rfc-editor.org/rfc/rfc4505

use super::ServerStep;
use crate::sasl::SaslError;

/// An `ANONYMOUS` server.
#[derive(Debug, Default)]
pub struct AnonymousServer {
    done: bool,
}

impl AnonymousServer {
    /// A fresh exchange.
    pub fn new() -> AnonymousServer {
        AnonymousServer { done: false }
    }

    /// Accepts the trace token (UTF-8, at most 255 characters, no control
    /// characters); it is returned as `authcid`.
    pub fn step(&mut self, msg: &[u8]) -> Result<ServerStep, SaslError> {
        const M: &str = "ANONYMOUS trace";
        if self.done {
            return Err(SaslError::UnexpectedMessage(
                "ANONYMOUS exchange already finished",
            ));
        }
        self.done = true;
        if msg.len() > 255 * 4 {
            return Err(SaslError::TooLong {
                message: M,
                len: msg.len(),
                limit: 255 * 4,
            });
        }
        let trace = std::str::from_utf8(msg).map_err(|_| SaslError::InvalidUtf8 { field: M })?;
        if trace.chars().count() > 255 || trace.chars().any(char::is_control) {
            return Err(SaslError::Malformed {
                message: M,
                reason: "more than 255 characters or a control character",
            });
        }
        Ok(ServerStep::Success {
            additional_data: None,
            authcid: trace.to_owned(),
            authzid: None,
        })
    }
}
