//! The server side of SASL: [`ServerConfig`] says what the server offers,
//! [`ServerMechanism`] runs the mechanism the client chose, and the caller's
//! [`CredentialStore`] supplies SCRAM verifiers (never passwords).
//!
//! Each client message gets a [`ServerStep`]: a challenge to send
//! (`<challenge/>`), or success with optional additional data
//! (`<success/>`, [RFC 6120 §6.3.10]); or an error whose
//! [`SaslError::condition`] is the `<failure/>` condition to send.
//!
//! [RFC 6120 §6.3.10]: https://www.rfc-editor.org/rfc/rfc6120#section-6.3.10

mod anonymous;
mod credentials;
mod external;
mod memory;
mod plain;
mod scram;

pub use anonymous::AnonymousServer;
pub use credentials::{CredentialStore, LookupError, ScramCredentials};
pub use external::ExternalServer;
pub use memory::MemoryCredentials;
pub use plain::PlainServer;
pub use scram::ScramServer;

use super::{ChannelBinding, Mechanism, SaslError, ScramHash};

/// What the server offers. Plain data.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Channel-binding data of this connection, from the TLS layer. When
    /// non-empty the server offers the `-PLUS` mechanisms, and a client
    /// sending `y` is a downgrade.
    pub channel_bindings: Vec<ChannelBinding>,
    /// Whether the stream is encrypted; `PLAIN` is refused without it.
    pub tls: bool,
    /// Allow `PLAIN` without TLS anyway.
    pub allow_plaintext: bool,
    /// Offer `ANONYMOUS`.
    pub anonymous: bool,
    /// The identity established by the TLS client certificate, enabling `EXTERNAL`.
    pub external_identity: Option<String>,
    /// Secret key for the fake salts sent for unknown users (so that the
    /// challenge looks the same as for a real user, RFC 5802 §9). Set it to a
    /// stable server secret; the default (empty) still hides unknown users
    /// from anyone who does not know that it is empty.
    pub mock_salt_key: Vec<u8>,
    /// Iteration count sent for unknown users (default 4096); PLAIN also
    /// checks an unknown user's password against a dummy verifier with
    /// this count. Set it to the count your users' verifiers have, so that
    /// neither SCRAM's challenge nor PLAIN's time tells them apart.
    pub mock_iterations: u32,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            channel_bindings: Vec::new(),
            tls: false,
            allow_plaintext: false,
            anonymous: false,
            external_identity: None,
            mock_salt_key: Vec::new(),
            mock_iterations: DEFAULT_MOCK_ITERATIONS,
        }
    }
}

impl ServerConfig {
    /// Adds channel-binding data (and marks the stream as encrypted).
    pub fn with_channel_binding(mut self, binding: ChannelBinding) -> ServerConfig {
        self.channel_bindings.push(binding);
        self.tls = true;
        self
    }

    /// Sets whether the stream is encrypted.
    pub fn with_tls(mut self, tls: bool) -> ServerConfig {
        self.tls = tls;
        self
    }

    /// The mechanisms to advertise in `<mechanisms/>`, strongest first.
    pub fn mechanisms(&self) -> Vec<Mechanism> {
        Mechanism::ALL
            .into_iter()
            .filter(|m| self.check(*m).is_ok())
            .collect()
    }

    /// The channel-binding type names to advertise in XEP-0440's
    /// `<sasl-channel-binding/>`.
    pub fn channel_binding_types(&self) -> Vec<&'static str> {
        self.channel_bindings
            .iter()
            .map(|b| b.kind.as_str())
            .collect()
    }

    fn check(&self, m: Mechanism) -> Result<(), SaslError> {
        let ok = match m {
            Mechanism::Plain => {
                if !self.tls && !self.allow_plaintext {
                    return Err(SaslError::EncryptionRequired);
                }
                true
            }
            Mechanism::Anonymous => self.anonymous,
            Mechanism::External => self.external_identity.is_some(),
            m if m.is_plus() => !self.channel_bindings.is_empty(),
            _ => true,
        };
        if ok {
            Ok(())
        } else {
            Err(SaslError::UnsupportedMechanism(m.as_str().to_owned()))
        }
    }
}

/// What the server answers to a client message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerStep {
    /// Send this challenge and wait for the next client message.
    Challenge(Vec<u8>),
    /// Authentication succeeded.
    Success {
        /// Data for `<success/>` (SCRAM's `v=` server signature), if any.
        additional_data: Option<Vec<u8>>,
        /// Who authenticated: the (SASLprep'd) user name; for `EXTERNAL` the
        /// TLS identity; for `ANONYMOUS` the trace token (possibly empty).
        authcid: String,
        /// The authorization identity the client asked for and was allowed, if any.
        authzid: Option<String>,
    },
}

/// A running server-side mechanism, whichever it is.
#[derive(Debug)]
#[non_exhaustive]
pub enum ServerMechanism {
    /// `PLAIN`.
    Plain(PlainServer),
    /// `SCRAM-*` and `SCRAM-*-PLUS`.
    Scram(ScramServer),
    /// `ANONYMOUS`.
    Anonymous(AnonymousServer),
    /// `EXTERNAL`.
    External(ExternalServer),
}

impl ServerMechanism {
    /// Starts the mechanism named in `<auth mechanism='…'/>`. An unknown or
    /// disabled name gives [`SaslError::UnsupportedMechanism`]
    /// (`invalid-mechanism`); `PLAIN` without TLS gives
    /// [`SaslError::EncryptionRequired`]. `nonce` is the SCRAM server nonce
    /// part (printable ASCII without `,`); other mechanisms ignore it.
    pub fn new(
        name: &str,
        config: &ServerConfig,
        nonce: &str,
    ) -> Result<ServerMechanism, SaslError> {
        let m = Mechanism::from_name(name)
            .ok_or_else(|| SaslError::UnsupportedMechanism(name.chars().take(64).collect()))?;
        ServerMechanism::from_mechanism(m, config, nonce)
    }

    /// Like [`ServerMechanism::new`], from a [`Mechanism`].
    pub fn from_mechanism(
        m: Mechanism,
        config: &ServerConfig,
        nonce: &str,
    ) -> Result<ServerMechanism, SaslError> {
        config.check(m)?;
        if let Some(hash) = m.scram_hash() {
            return ScramServer::new(hash, m.is_plus(), config, nonce).map(ServerMechanism::Scram);
        }
        Ok(match m {
            Mechanism::Plain => {
                ServerMechanism::Plain(PlainServer::with_mock_iterations(config.mock_iterations))
            }
            Mechanism::Anonymous => ServerMechanism::Anonymous(AnonymousServer::new()),
            Mechanism::External => ServerMechanism::External(ExternalServer::new(
                config.external_identity.clone().unwrap_or_default(),
            )),
            other => return Err(SaslError::UnsupportedMechanism(other.as_str().to_owned())),
        })
    }

    /// Like [`ServerMechanism::new`] with a fresh nonce from the operating system.
    #[cfg(feature = "getrandom")]
    #[cfg_attr(docsrs, doc(cfg(feature = "getrandom")))]
    pub fn with_random_nonce(
        name: &str,
        config: &ServerConfig,
    ) -> Result<ServerMechanism, SaslError> {
        ServerMechanism::new(name, config, &super::random_nonce()?)
    }

    /// The mechanism being run.
    pub fn mechanism(&self) -> Mechanism {
        match self {
            ServerMechanism::Plain(_) => Mechanism::Plain,
            ServerMechanism::Scram(s) => s.mechanism(),
            ServerMechanism::Anonymous(_) => Mechanism::Anonymous,
            ServerMechanism::External(_) => Mechanism::External,
        }
    }

    /// Handles `<auth/>`: with its initial response, or with `None` when the
    /// element was empty (then the answer is an empty challenge and the
    /// client's `<response/>` goes to [`ServerMechanism::step`]).
    pub fn start<C: CredentialStore + ?Sized>(
        &mut self,
        store: &C,
        initial_response: Option<&[u8]>,
    ) -> Result<ServerStep, SaslError> {
        match initial_response {
            Some(data) => self.step(store, data),
            None => Ok(ServerStep::Challenge(Vec::new())),
        }
    }

    /// Handles one client message (initial response or `<response/>` payload).
    pub fn step<C: CredentialStore + ?Sized>(
        &mut self,
        store: &C,
        client_msg: &[u8],
    ) -> Result<ServerStep, SaslError> {
        match self {
            ServerMechanism::Plain(m) => m.step(store, client_msg),
            ServerMechanism::Scram(m) => m.step(store, client_msg),
            ServerMechanism::Anonymous(m) => m.step(client_msg),
            ServerMechanism::External(m) => m.step(store, client_msg),
        }
    }
}

/// Checks an authzid the client asked for; equal to `authcid` is always allowed.
pub(crate) fn check_authzid<C: CredentialStore + ?Sized>(
    store: &C,
    authcid: &str,
    authzid: Option<String>,
) -> Result<Option<String>, SaslError> {
    match authzid {
        Some(a) if a != authcid && !store.authorize(authcid, &a) => Err(SaslError::InvalidAuthzid),
        other => Ok(other),
    }
}

/// The hashes a PLAIN login tries, strongest first.
pub(crate) const PLAIN_HASHES: [ScramHash; 3] = ScramHash::ALL;

/// [`ServerConfig::mock_iterations`] by default.
pub(crate) const DEFAULT_MOCK_ITERATIONS: u32 = 4096;
