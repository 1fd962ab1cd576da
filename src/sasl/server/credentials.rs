//! What a SCRAM/PLAIN server stores per user, and the trait through which
//! mechanisms look it up ([RFC 5802 §2.2, §3]).
//!
//! A server stores `StoredKey = H(ClientKey)` and `ServerKey` with the salt and
//! iteration count, per hash function: never the password. SCRAM logins then
//! cost the server a few HMACs (no PBKDF2); PLAIN logins are checked by
//! deriving `StoredKey` from the offered password and comparing.
//!
//! [RFC 5802 §2.2, §3]: https://www.rfc-editor.org/rfc/rfc5802#section-3

use std::fmt;

use crate::sasl::scram::b64_encode;
use crate::sasl::{SaslError, ScramHash, saslprep};

/// A user's SCRAM verifier for one hash function.
#[derive(Clone, PartialEq, Eq)]
pub struct ScramCredentials {
    /// The hash function these keys belong to.
    pub hash: ScramHash,
    /// The salt (random, per user; 16 bytes or more is customary).
    pub salt: Vec<u8>,
    /// The PBKDF2 iteration count (4096 or more).
    pub iterations: u32,
    /// `StoredKey = H(HMAC(SaltedPassword, "Client Key"))`.
    pub stored_key: Vec<u8>,
    /// `ServerKey = HMAC(SaltedPassword, "Server Key")`.
    pub server_key: Vec<u8>,
}

impl ScramCredentials {
    /// Derives the verifier from a password, at registration or password
    /// change (runs PBKDF2 once; SASLprep is applied to the password).
    ///
    /// ```
    /// use xmpp_sansio::sasl::{ScramCredentials, ScramHash};
    /// let creds = ScramCredentials::derive(ScramHash::Sha256, "pencil", b"0123456789abcdef", 4096)?;
    /// assert_eq!(creds.stored_key.len(), 32);
    /// # Ok::<(), xmpp_sansio::sasl::SaslError>(())
    /// ```
    pub fn derive(
        hash: ScramHash,
        password: &str,
        salt: &[u8],
        iterations: u32,
    ) -> Result<ScramCredentials, SaslError> {
        let password = saslprep(password, "password")?;
        let salted = hash.salted_password(password.as_bytes(), salt, iterations);
        let (client_key, server_key) = hash.keys(&salted);
        Ok(ScramCredentials {
            hash,
            salt: salt.to_vec(),
            iterations,
            stored_key: hash.hash(&client_key),
            server_key,
        })
    }

    /// Like [`ScramCredentials::derive`] with a fresh 16-byte salt from the OS.
    #[cfg(feature = "getrandom")]
    #[cfg_attr(docsrs, doc(cfg(feature = "getrandom")))]
    pub fn derive_with_random_salt(
        hash: ScramHash,
        password: &str,
        iterations: u32,
    ) -> Result<ScramCredentials, SaslError> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|_| SaslError::Random)?;
        ScramCredentials::derive(hash, password, &salt, iterations)
    }

    /// Whether `password` matches (PLAIN verification; SASLprep, then PBKDF2
    /// and a constant-time comparison).
    ///
    /// A password SASLprep refuses does not match, but costs the same work
    /// as a wrong one (its raw bytes are derived and compared): answering
    /// it sooner would tell a known user from an unknown one, whose
    /// password the PLAIN server checks against a dummy verifier.
    pub fn verify_password(&self, password: &str) -> bool {
        let prepared = saslprep(password, "password");
        let bytes = match &prepared {
            Ok(p) => p.as_bytes(),
            Err(_) => password.as_bytes(),
        };
        let salted = self
            .hash
            .salted_password(bytes, &self.salt, self.iterations);
        let (client_key, _) = self.hash.keys(&salted);
        let matches = crate::sasl::ct::ct_eq(&self.hash.hash(&client_key), &self.stored_key);
        #[cfg(test)]
        PASSWORD_CHECKS.with(|n| n.set(n.get() + 1));
        matches && prepared.is_ok()
    }

    /// Whether the fields are consistent (key lengths match the hash, salt
    /// and iteration count non-zero).
    pub(crate) fn is_well_formed(&self, hash: ScramHash) -> bool {
        self.hash == hash
            && self.stored_key.len() == hash.output_len()
            && self.server_key.len() == hash.output_len()
            && !self.salt.is_empty()
            && self.iterations > 0
    }
}

impl fmt::Debug for ScramCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScramCredentials")
            .field("hash", &self.hash)
            .field("salt", &b64_encode(&self.salt))
            .field("iterations", &self.iterations)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
thread_local! {
    /// Password checks that ran to the comparison on this thread, so tests
    /// can see that every path does the same work.
    pub(crate) static PASSWORD_CHECKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Why a credential lookup gave nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LookupError {
    /// No such user, or no verifier for this hash (told to the client as
    /// `not-authorized`, like a wrong password).
    UnknownUser,
    /// The account is disabled (`account-disabled`).
    AccountDisabled,
    /// The credentials have expired (`credentials-expired`).
    CredentialsExpired,
    /// The store is temporarily unavailable (`temporary-auth-failure`).
    Temporary,
}

/// The caller's user database, as the server mechanisms see it.
pub trait CredentialStore {
    /// The SCRAM verifier of `username` (already SASLprep'd, as a query
    /// string: it may hold code points unassigned in Unicode 3.2, which no
    /// name prepared as a stored string holds, RFC 4616 §2) for `hash`.
    fn scram_credentials(
        &self,
        username: &str,
        hash: ScramHash,
    ) -> Result<ScramCredentials, LookupError>;

    /// Whether `authcid` may act as `authzid` (a different identity). The
    /// default allows nothing.
    fn authorize(&self, authcid: &str, authzid: &str) -> bool {
        let _ = (authcid, authzid);
        false
    }

    /// `EXTERNAL`: whether the identity established by TLS (the client
    /// certificate, [`super::ServerConfig::external_identity`]) may act as
    /// `authzid`. Only called when the client asked for an authzid. The
    /// default allows nothing.
    fn authorize_external(&self, tls_identity: &str, authzid: &str) -> bool {
        let _ = (tls_identity, authzid);
        false
    }
}

impl From<LookupError> for SaslError {
    fn from(e: LookupError) -> SaslError {
        match e {
            LookupError::UnknownUser => SaslError::AuthenticationFailed,
            LookupError::AccountDisabled => SaslError::AccountDisabled,
            LookupError::CredentialsExpired => SaslError::CredentialsExpired,
            LookupError::Temporary => SaslError::TemporaryFailure,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derive_and_verify() {
        for hash in ScramHash::ALL {
            let c = ScramCredentials::derive(hash, "pencil", b"salt", 4096).unwrap();
            assert!(c.is_well_formed(hash));
            assert!(c.verify_password("pencil"));
            assert!(!c.verify_password("pencil "));
            assert!(!format!("{c:?}").contains("stored_key"));
        }
        assert!(ScramCredentials::derive(ScramHash::Sha1, "\u{7}", b"s", 1).is_err());
    }
}
