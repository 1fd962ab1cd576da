//! The client side of `ANONYMOUS` ([RFC 4505]): an optional trace token.
//!
//! [RFC 4505]: https://www.rfc-editor.org/rfc/rfc4505

use crate::sasl::SaslError;

/// An `ANONYMOUS` client.
#[derive(Debug)]
pub struct AnonymousClient {
    trace: String,
    sent: bool,
}

impl AnonymousClient {
    /// With an optional trace token (RFC 4505 §2: at most 255 characters).
    pub fn new(trace: Option<&str>) -> Result<AnonymousClient, SaslError> {
        let trace = trace.unwrap_or_default();
        if trace.chars().count() > 255 {
            return Err(SaslError::TooLong {
                message: "ANONYMOUS trace",
                len: trace.len(),
                limit: 255,
            });
        }
        Ok(AnonymousClient {
            trace: trace.to_owned(),
            sent: false,
        })
    }

    /// The trace token.
    pub fn initial_response(&mut self) -> Result<Vec<u8>, SaslError> {
        if self.sent {
            return Err(SaslError::UnexpectedMessage(
                "ANONYMOUS message already sent",
            ));
        }
        self.sent = true;
        Ok(self.trace.as_bytes().to_vec())
    }

    /// The trace token if the server asked with an empty challenge.
    pub fn respond(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        if self.sent || !challenge.is_empty() {
            return Err(SaslError::UnexpectedMessage("ANONYMOUS has no challenges"));
        }
        self.initial_response()
    }

    /// Success carries no data.
    pub fn finish(&mut self, success_data: &[u8]) -> Result<(), SaslError> {
        if !self.sent {
            return Err(SaslError::UnexpectedMessage(
                "ANONYMOUS success before the message was sent",
            ));
        }
        if !success_data.is_empty() {
            return Err(SaslError::Malformed {
                message: "ANONYMOUS success",
                reason: "unexpected additional data",
            });
        }
        Ok(())
    }
}
