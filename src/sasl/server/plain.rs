//! The server side of `PLAIN` ([RFC 4616]), checked against the stored SCRAM
//! verifier (the password is never stored).
//!
//! An unknown user and a known user with a wrong password get the same
//! error, `not-authorized` ([RFC 6120 §6.5.10]), after the same work: an
//! unknown user's password is checked against a dummy verifier
//! ([`ServerConfig::mock_iterations`](super::ServerConfig::mock_iterations)
//! PBKDF2 iterations with the strongest hash) with the same derivation and
//! constant-time comparison, so that neither the answer nor its time tells
//! whether the account exists. The credential lookups themselves are the
//! store's: one per hash until a verifier is found.
//!
//! [RFC 4616]: https://www.rfc-editor.org/rfc/rfc4616
//! [RFC 6120 §6.5.10]: https://www.rfc-editor.org/rfc/rfc6120#section-6.5.10

use super::{
    CredentialStore, DEFAULT_MOCK_ITERATIONS, LookupError, PLAIN_HASHES, ScramCredentials,
    ServerStep, check_authzid,
};
use crate::sasl::{SaslError, saslprep_query};

/// RFC 4616 §2: each of authzid, authcid and passwd is at most 255 octets.
const MAX_FIELD: usize = 255;
const M: &str = "PLAIN message";

/// A `PLAIN` server.
#[derive(Debug)]
pub struct PlainServer {
    done: bool,
    /// PBKDF2 iterations of the dummy verifier for unknown users.
    mock_iterations: u32,
}

impl Default for PlainServer {
    fn default() -> PlainServer {
        PlainServer::new()
    }
}

impl PlainServer {
    /// A fresh exchange; unknown users' passwords are checked against a
    /// dummy verifier of 4096 iterations (the default of
    /// [`ServerConfig::mock_iterations`](super::ServerConfig::mock_iterations),
    /// which [`ServerMechanism::new`](super::ServerMechanism::new) passes on).
    pub fn new() -> PlainServer {
        PlainServer::with_mock_iterations(DEFAULT_MOCK_ITERATIONS)
    }

    /// A fresh exchange whose dummy verifier has `iterations`.
    pub(super) fn with_mock_iterations(iterations: u32) -> PlainServer {
        PlainServer {
            done: false,
            mock_iterations: iterations,
        }
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
        let mut stored = None;
        for hash in PLAIN_HASHES {
            match store.scram_credentials(&authcid, hash) {
                Ok(creds) if creds.is_well_formed(hash) => {
                    stored = Some(creds);
                    break;
                }
                Ok(_) => return Err(SaslError::TemporaryFailure),
                Err(LookupError::UnknownUser) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        // RFC 6120 §6.5.10: an unknown user fails like a wrong password,
        // after the same check (against a dummy verifier), so that neither
        // the error nor the time it takes tells whether the user exists.
        let known = stored.is_some();
        let creds = stored.unwrap_or_else(|| self.dummy_verifier());
        let verified = creds.verify_password(passwd);
        if !(verified && known) {
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

    /// What an unknown user's password is checked against: the strongest
    /// hash (the one a known user's check uses first) with
    /// `mock_iterations`, and a stored key no password derives to in
    /// practice (the result is refused anyway).
    fn dummy_verifier(&self) -> ScramCredentials {
        let hash = PLAIN_HASHES[0];
        ScramCredentials {
            hash,
            salt: b"PLAIN unknown-u.".to_vec(),
            iterations: self.mock_iterations.max(1),
            stored_key: vec![0; hash.output_len()],
            server_key: vec![0; hash.output_len()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sasl::server::MemoryCredentials;
    use crate::sasl::server::credentials::PASSWORD_CHECKS;
    use crate::sasl::{FailureCondition, ScramHash};

    /// RFC 6120 §6.5.10: `not-authorized` must not reveal whether the user
    /// exists. An unknown user, a wrong password and a password SASLprep
    /// refuses (RFC 4013 §2.3, which used to return before any derivation
    /// for a known user) each end with the same error after exactly one
    /// full password check; before, an unknown user's password was never
    /// compared (only hashed with another hash and count).
    #[test]
    fn unknown_users_and_wrong_passwords_do_the_same_work() {
        let mut users = MemoryCredentials::new();
        users
            .add_user("alice", "pencil", b"a fixed salt....", 64)
            .unwrap();
        for msg in [
            "\0alice\0wrong",
            "\0mallory\0wrong",
            "\0alice\0p\u{7}",
            "\0mallory\0p\u{7}",
        ] {
            let before = PASSWORD_CHECKS.with(|n| n.get());
            let result = PlainServer::new().step(&users, msg.as_bytes());
            let checks = PASSWORD_CHECKS.with(|n| n.get()) - before;
            assert_eq!(result, Err(SaslError::AuthenticationFailed), "{msg:?}");
            assert_eq!(
                SaslError::AuthenticationFailed.condition(),
                FailureCondition::NotAuthorized
            );
            assert_eq!(checks, 1, "{msg:?}");
        }
        let before = PASSWORD_CHECKS.with(|n| n.get());
        assert!(matches!(
            PlainServer::new().step(&users, b"\0alice\0pencil"),
            Ok(ServerStep::Success { .. })
        ));
        assert_eq!(PASSWORD_CHECKS.with(|n| n.get()) - before, 1);
    }

    /// The dummy verifier costs what a known user's check costs: the hash
    /// tried first and the configured count (SCRAM's mock count).
    #[test]
    fn the_dummy_verifier_follows_the_configuration() {
        let d = PlainServer::with_mock_iterations(10_000).dummy_verifier();
        assert_eq!((d.hash, d.iterations), (ScramHash::Sha512, 10_000));
        assert!(d.is_well_formed(d.hash));
        assert_eq!(PlainServer::default().dummy_verifier().iterations, 4096);
        assert_eq!(
            PlainServer::with_mock_iterations(0)
                .dummy_verifier()
                .iterations,
            1
        );
        assert!(!d.verify_password("anything"));
    }
}
