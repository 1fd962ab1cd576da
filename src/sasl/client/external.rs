//! The client side of `EXTERNAL` ([RFC 4422 Appendix A]): the identity comes
//! from the TLS client certificate; the message is the requested authzid or empty.
//!
//! [RFC 4422 Appendix A]: https://www.rfc-editor.org/rfc/rfc4422#appendix-A

use crate::sasl::SaslError;

/// An `EXTERNAL` client.
#[derive(Debug)]
pub struct ExternalClient {
    authzid: String,
    sent: bool,
}

impl ExternalClient {
    /// Requesting `authzid`, or the identity of the certificate when `None`.
    pub fn new(authzid: Option<&str>) -> ExternalClient {
        ExternalClient {
            authzid: authzid.unwrap_or_default().to_owned(),
            sent: false,
        }
    }

    /// The authzid (empty to act as the certificate's identity).
    pub fn initial_response(&mut self) -> Result<Vec<u8>, SaslError> {
        if self.sent {
            return Err(SaslError::UnexpectedMessage(
                "EXTERNAL message already sent",
            ));
        }
        self.sent = true;
        Ok(self.authzid.as_bytes().to_vec())
    }

    /// The authzid if the server asked with an empty challenge.
    pub fn respond(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        if self.sent || !challenge.is_empty() {
            return Err(SaslError::UnexpectedMessage("EXTERNAL has no challenges"));
        }
        self.initial_response()
    }

    /// Success carries no data.
    pub fn finish(&mut self, success_data: &[u8]) -> Result<(), SaslError> {
        if !self.sent {
            return Err(SaslError::UnexpectedMessage(
                "EXTERNAL success before the message was sent",
            ));
        }
        if !success_data.is_empty() {
            return Err(SaslError::Malformed {
                message: "EXTERNAL success",
                reason: "unexpected additional data",
            });
        }
        Ok(())
    }
}
