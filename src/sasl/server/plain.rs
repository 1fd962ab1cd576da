//! The server side of `PLAIN` ([RFC 4616]), checked against the stored SCRAM
//! verifier (the password is never stored).
//!
//! [RFC 4616]: https://www.rfc-editor.org/rfc/rfc4616

use super::{CredentialStore, LookupError, PLAIN_HASHES, ServerStep, check_authzid};
use crate::sasl::{SaslError, ScramHash, saslprep_query};

/// RFC 4616 §2: each of authzid, authcid and passwd is at most 255 octets.
const MAX_FIELD: usize = 255;
const M: &str = "PLAIN message";

/// A `PLAIN` server.
#[derive(Debug, Default)]
pub struct PlainServer {
    done: bool,
}

impl PlainServer {
    /// A fresh exchange.
    pub fn new() -> PlainServer {
        PlainServer { done: false }
    }

    /// Checks `[authzid] NUL authcid NUL passwd`.
    pub fn step<C: CredentialStore + ?Sized>(
        &mut self,
        store: &C,
        msg: &[u8],
    ) -> Result<ServerStep, SaslError> {
        if self.done {
            return Err(SaslError::UnexpectedMessage(
                "PLAIN exchange already finished",
            ));
        }
        self.done = true;
        if msg.len() > 3 * MAX_FIELD + 2 {
            return Err(SaslError::TooLong {
                message: M,
                len: msg.len(),
                limit: 3 * MAX_FIELD + 2,
            });
        }
        let mut fields = msg.split(|b| *b == 0);
        let (Some(authzid), Some(authcid), Some(passwd), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(SaslError::Malformed {
                message: M,
                reason: "expected exactly two NUL separators",
            });
        };
        if authzid.len() > MAX_FIELD || authcid.len() > MAX_FIELD || passwd.len() > MAX_FIELD {
            return Err(SaslError::TooLong {
                message: M,
                len: msg.len(),
                limit: MAX_FIELD,
            });
        }
        let utf8 = |b, field| std::str::from_utf8(b).map_err(|_| SaslError::InvalidUtf8 { field });
        let authzid = utf8(authzid, "authzid")?;
        // RFC 4616 §2: the presented strings are prepared as query strings
        // (unassigned code points allowed). The password is prepared by
        // `verify_password`; one with unassigned code points matches no
        // stored password and fails as `not-authorized`.
        let authcid = saslprep_query(utf8(authcid, "username")?, "username")?.into_owned();
        let passwd = utf8(passwd, "password")?;
        if authcid.is_empty() || passwd.is_empty() {
            return Err(SaslError::Malformed {
                message: M,
                reason: "empty user name or password",
            });
        }
        let mut verified = false;
        let mut found = false;
        for hash in PLAIN_HASHES {
            match store.scram_credentials(&authcid, hash) {
                Ok(creds) if creds.is_well_formed(hash) => {
                    verified = creds.verify_password(passwd);
                    found = true;
                    break;
                }
                Ok(_) => return Err(SaslError::TemporaryFailure),
                Err(LookupError::UnknownUser) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        if !found {
            // Spend about what a real check costs, so that timing does not
            // tell unknown users from wrong passwords (RFC 5802 §9 spirit).
            std::hint::black_box(ScramHash::Sha256.salted_password(
                passwd.as_bytes(),
                b"unknown user",
                4096,
            ));
        }
        if !verified {
            return Err(SaslError::AuthenticationFailed);
        }
        let authzid = (!authzid.is_empty()).then(|| authzid.to_owned());
        let authzid = check_authzid(store, &authcid, authzid)?;
        Ok(ServerStep::Success {
            additional_data: None,
            authcid,
            authzid,
        })
    }
}
