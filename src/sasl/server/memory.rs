//! [`MemoryCredentials`]: a ready-made in-memory [`CredentialStore`] for
//! tests, examples and small servers.

use std::collections::HashMap;

use super::{CredentialStore, LookupError, ScramCredentials};
use crate::sasl::{SaslError, ScramHash, saslprep};

/// An in-memory user database holding SCRAM verifiers (never passwords).
///
/// ```
/// use xmpp_sansio::sasl::{CredentialStore, MemoryCredentials, ScramHash};
/// let mut users = MemoryCredentials::new();
/// users.add_user("alice", "alicepass", b"a fixed salt....", 4096)?;
/// assert!(users.scram_credentials("alice", ScramHash::Sha256).is_ok());
/// assert!(users.scram_credentials("mallory", ScramHash::Sha1).is_err());
/// # Ok::<(), xmpp_sansio::sasl::SaslError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryCredentials {
    users: HashMap<(String, ScramHash), ScramCredentials>,
}

impl MemoryCredentials {
    /// An empty store.
    pub fn new() -> MemoryCredentials {
        MemoryCredentials::default()
    }

    /// Registers `username` with verifiers for every SCRAM hash, derived from
    /// `password` with `salt` and `iterations` (PBKDF2 runs once per hash).
    pub fn add_user(
        &mut self,
        username: &str,
        password: &str,
        salt: &[u8],
        iterations: u32,
    ) -> Result<(), SaslError> {
        let name = saslprep(username, "username")?.into_owned();
        for hash in ScramHash::ALL {
            let creds = ScramCredentials::derive(hash, password, salt, iterations)?;
            self.users.insert((name.clone(), hash), creds);
        }
        Ok(())
    }

    /// Stores an already-derived verifier.
    pub fn insert(&mut self, username: &str, creds: ScramCredentials) {
        self.users.insert((username.to_owned(), creds.hash), creds);
    }

    /// The number of (user, hash) verifiers held.
    pub fn len(&self) -> usize {
        self.users.len()
    }

    /// True if no user is registered.
    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }
}

impl CredentialStore for MemoryCredentials {
    fn scram_credentials(
        &self,
        username: &str,
        hash: ScramHash,
    ) -> Result<ScramCredentials, LookupError> {
        self.users
            .get(&(username.to_owned(), hash))
            .cloned()
            .ok_or(LookupError::UnknownUser)
    }
}
