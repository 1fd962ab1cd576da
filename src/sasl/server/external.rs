//! The server side of `EXTERNAL` ([RFC 4422 Appendix A], [XEP-0178]): the
//! client is who its TLS certificate says; an authzid it asks for is allowed
//! only if [`CredentialStore::authorize_external`] says so.
//!
//! [RFC 4422 Appendix A]: https://www.rfc-editor.org/rfc/rfc4422#appendix-A
//! [XEP-0178]: https://xmpp.org/extensions/xep-0178.html

use super::{CredentialStore, ServerStep};
use crate::sasl::SaslError;

/// An `EXTERNAL` server.
#[derive(Debug)]
pub struct ExternalServer {
    tls_identity: String,
    done: bool,
}

impl ExternalServer {
    /// For a connection whose TLS layer established `tls_identity`.
    pub fn new(tls_identity: String) -> ExternalServer {
        ExternalServer {
            tls_identity,
            done: false,
        }
    }

    /// Handles the client's (possibly empty) authzid.
    pub fn step<C: CredentialStore + ?Sized>(
        &mut self,
        store: &C,
        msg: &[u8],
    ) -> Result<ServerStep, SaslError> {
        const M: &str = "EXTERNAL authzid";
        if self.done {
            return Err(SaslError::UnexpectedMessage(
                "EXTERNAL exchange already finished",
            ));
        }
        self.done = true;
        if self.tls_identity.is_empty() {
            return Err(SaslError::AuthenticationFailed);
        }
        if msg.len() > 3071 {
            return Err(SaslError::TooLong {
                message: M,
                len: msg.len(),
                limit: 3071,
            });
        }
        let authzid = std::str::from_utf8(msg).map_err(|_| SaslError::InvalidUtf8 { field: M })?;
        if authzid.contains('\0') {
            return Err(SaslError::Malformed {
                message: M,
                reason: "NUL character",
            });
        }
        let authzid = if authzid.is_empty() || authzid == self.tls_identity {
            None
        } else if store.authorize_external(&self.tls_identity, authzid) {
            Some(authzid.to_owned())
        } else {
            return Err(SaslError::InvalidAuthzid);
        };
        Ok(ServerStep::Success {
            additional_data: None,
            authcid: self.tls_identity.clone(),
            authzid,
        })
    }
}
