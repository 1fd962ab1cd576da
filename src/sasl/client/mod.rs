//! The client side of SASL: [`ClientConfig`] says who the client is and what
//! it accepts, [`select_mechanism`](super::select_mechanism) picks a mechanism
//! from the server's offer, and [`ClientMechanism`] runs it.
//!
//! Every mechanism has the same three steps, which a session state machine
//! maps onto `<auth/>`, `<challenge/>`/`<response/>` and `<success/>`
//! ([RFC 6120 §6.4]):
//!
//! 1. [`ClientMechanism::initial_response`]: the payload of `<auth/>`;
//! 2. [`ClientMechanism::respond`]: the answer to each `<challenge/>`;
//! 3. [`ClientMechanism::finish`]: checks the additional data of `<success/>`
//!    (for SCRAM: the server signature; authentication has not succeeded
//!    until this returns `Ok`).
//!
//! [RFC 6120 §6.4]: https://www.rfc-editor.org/rfc/rfc6120#section-6.4

mod anonymous;
mod external;
mod plain;
mod scram;

use std::fmt;

pub use anonymous::AnonymousClient;
pub use external::ExternalClient;
pub use plain::PlainClient;
pub use scram::{ScramClient, ScramClientKeys};

use super::scram::{DEFAULT_MAX_ITERATIONS, DEFAULT_MIN_ITERATIONS};
use super::{ChannelBinding, Mechanism, SaslError, Selection};

/// Who the client is and what it accepts. Plain data with builder helpers.
#[derive(Clone)]
pub struct ClientConfig {
    /// The authentication identity (the localpart of the JID for c2s).
    pub username: String,
    /// The password (SASLprep is applied by the mechanisms).
    pub password: String,
    /// An authorization identity to request, if any (usually none).
    pub authzid: Option<String>,
    /// Channel-binding data from the TLS layer, in order of preference.
    pub channel_bindings: Vec<ChannelBinding>,
    /// Whether the stream is encrypted (TLS); `PLAIN` is refused without it.
    pub tls: bool,
    /// Allow `PLAIN` without TLS anyway (tests, loopback, legacy setups).
    pub allow_plaintext: bool,
    /// Authenticate with `ANONYMOUS` (RFC 4505) instead of a password.
    pub anonymous: bool,
    /// The optional trace token sent with `ANONYMOUS`.
    pub anonymous_trace: Option<String>,
    /// Prefer `EXTERNAL` (a TLS client certificate) when the server offers it.
    pub external: bool,
    /// Smallest SCRAM iteration count accepted (default 4096).
    pub min_iterations: u32,
    /// Largest SCRAM iteration count accepted (default [`DEFAULT_MAX_ITERATIONS`]).
    pub max_iterations: u32,
    /// SCRAM keys cached from earlier logins ([`ClientMechanism::cached_keys`]);
    /// used when hash, salt and iteration count match, skipping PBKDF2.
    pub cached_keys: Vec<ScramClientKeys>,
}

impl ClientConfig {
    /// A password login as `username`, without TLS, channel binding or cached keys.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> ClientConfig {
        ClientConfig {
            username: username.into(),
            password: password.into(),
            authzid: None,
            channel_bindings: Vec::new(),
            tls: false,
            allow_plaintext: false,
            anonymous: false,
            anonymous_trace: None,
            external: false,
            min_iterations: DEFAULT_MIN_ITERATIONS,
            max_iterations: DEFAULT_MAX_ITERATIONS,
            cached_keys: Vec::new(),
        }
    }

    /// An `ANONYMOUS` login.
    pub fn anonymous() -> ClientConfig {
        ClientConfig {
            anonymous: true,
            ..ClientConfig::new("", "")
        }
    }

    /// An `EXTERNAL` login (TLS client certificate), optionally asking for `authzid`.
    pub fn external(authzid: Option<&str>) -> ClientConfig {
        ClientConfig {
            external: true,
            authzid: authzid.map(str::to_owned),
            ..ClientConfig::new("", "")
        }
    }

    /// Sets whether the stream is encrypted.
    pub fn with_tls(mut self, tls: bool) -> ClientConfig {
        self.tls = tls;
        self
    }

    /// Adds channel-binding data (and marks the stream as encrypted).
    pub fn with_channel_binding(mut self, binding: ChannelBinding) -> ClientConfig {
        self.channel_bindings.push(binding);
        self.tls = true;
        self
    }

    /// Allows `PLAIN` without TLS.
    pub fn with_plaintext_allowed(mut self, allow: bool) -> ClientConfig {
        self.allow_plaintext = allow;
        self
    }

    /// Requests an authorization identity.
    pub fn with_authzid(mut self, authzid: impl Into<String>) -> ClientConfig {
        self.authzid = Some(authzid.into());
        self
    }

    /// Sets the accepted SCRAM iteration range.
    pub fn with_iterations(mut self, min: u32, max: u32) -> ClientConfig {
        self.min_iterations = min;
        self.max_iterations = max;
        self
    }

    /// Adds keys cached from an earlier login.
    pub fn with_cached_keys(mut self, keys: ScramClientKeys) -> ClientConfig {
        self.cached_keys.push(keys);
        self
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("authzid", &self.authzid)
            .field("channel_bindings", &self.channel_bindings)
            .field("tls", &self.tls)
            .field("allow_plaintext", &self.allow_plaintext)
            .field("anonymous", &self.anonymous)
            .field("external", &self.external)
            .field("min_iterations", &self.min_iterations)
            .field("max_iterations", &self.max_iterations)
            .field("cached_keys", &self.cached_keys.len())
            .finish()
    }
}

/// A running client-side mechanism, whichever it is.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientMechanism {
    /// `PLAIN`.
    Plain(PlainClient),
    /// `SCRAM-*` and `SCRAM-*-PLUS` (boxed: it is much larger than the others).
    Scram(Box<ScramClient>),
    /// `ANONYMOUS`.
    Anonymous(AnonymousClient),
    /// `EXTERNAL`.
    External(ExternalClient),
}

impl ClientMechanism {
    /// Starts the selected mechanism. `nonce` is the SCRAM client nonce
    /// (printable ASCII without `,`, at least 16 random bytes' worth); other
    /// mechanisms ignore it.
    ///
    /// ```
    /// use xmpp_sansio::sasl::{select_mechanism, ClientConfig, ClientMechanism};
    /// let config = ClientConfig::new("user", "pencil").with_tls(true);
    /// let selection = select_mechanism(&["SCRAM-SHA-1"], None, &config)?;
    /// let mut client = ClientMechanism::new(selection, &config, "fyko+d2lbbFgONRv9qkxdawL")?;
    /// assert_eq!(client.initial_response()?, b"n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
    /// # Ok::<(), xmpp_sansio::sasl::SaslError>(())
    /// ```
    pub fn new(
        selection: Selection,
        config: &ClientConfig,
        nonce: &str,
    ) -> Result<ClientMechanism, SaslError> {
        let m = selection.mechanism;
        if let Some(hash) = m.scram_hash() {
            return ScramClient::new(hash, config, selection.cb_flag, nonce)
                .map(|s| ClientMechanism::Scram(Box::new(s)));
        }
        match m {
            Mechanism::Plain => PlainClient::new(config).map(ClientMechanism::Plain),
            Mechanism::Anonymous => AnonymousClient::new(config.anonymous_trace.as_deref())
                .map(ClientMechanism::Anonymous),
            Mechanism::External => Ok(ClientMechanism::External(ExternalClient::new(
                config.authzid.as_deref(),
            ))),
            other => Err(SaslError::UnsupportedMechanism(other.as_str().to_owned())),
        }
    }

    /// Like [`ClientMechanism::new`] with a fresh nonce from the operating system.
    #[cfg(feature = "getrandom")]
    #[cfg_attr(docsrs, doc(cfg(feature = "getrandom")))]
    pub fn with_random_nonce(
        selection: Selection,
        config: &ClientConfig,
    ) -> Result<ClientMechanism, SaslError> {
        ClientMechanism::new(selection, config, &random_nonce()?)
    }

    /// The mechanism being run.
    pub fn mechanism(&self) -> Mechanism {
        match self {
            ClientMechanism::Plain(_) => Mechanism::Plain,
            ClientMechanism::Scram(s) => s.mechanism(),
            ClientMechanism::Anonymous(_) => Mechanism::Anonymous,
            ClientMechanism::External(_) => Mechanism::External,
        }
    }

    /// The initial response, sent with `<auth/>` (may be empty, which XMPP writes as `=`).
    pub fn initial_response(&mut self) -> Result<Vec<u8>, SaslError> {
        match self {
            ClientMechanism::Plain(m) => m.initial_response(),
            ClientMechanism::Scram(m) => m.initial_response(),
            ClientMechanism::Anonymous(m) => m.initial_response(),
            ClientMechanism::External(m) => m.initial_response(),
        }
    }

    /// The response to a server challenge (the decoded `<challenge/>` payload).
    pub fn respond(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        match self {
            ClientMechanism::Plain(m) => m.respond(challenge),
            ClientMechanism::Scram(m) => m.respond(challenge),
            ClientMechanism::Anonymous(m) => m.respond(challenge),
            ClientMechanism::External(m) => m.respond(challenge),
        }
    }

    /// Checks the additional data of `<success/>` (empty if there was none).
    /// Only when this returns `Ok` is the server authenticated too.
    pub fn finish(&mut self, success_data: &[u8]) -> Result<(), SaslError> {
        match self {
            ClientMechanism::Plain(m) => m.finish(success_data),
            ClientMechanism::Scram(m) => m.finish(success_data),
            ClientMechanism::Anonymous(m) => m.finish(success_data),
            ClientMechanism::External(m) => m.finish(success_data),
        }
    }

    /// After a successful SCRAM exchange, the keys to keep for the next login
    /// (put them in [`ClientConfig::cached_keys`]). `None` for other mechanisms
    /// or before [`ClientMechanism::finish`] succeeded.
    pub fn cached_keys(&self) -> Option<&ScramClientKeys> {
        match self {
            ClientMechanism::Scram(s) => s.cached_keys(),
            _ => None,
        }
    }
}

/// A fresh SCRAM nonce: 24 random bytes from the operating system, base64-encoded.
#[cfg(feature = "getrandom")]
#[cfg_attr(docsrs, doc(cfg(feature = "getrandom")))]
pub fn random_nonce() -> Result<String, SaslError> {
    let mut buf = [0u8; 24];
    getrandom::fill(&mut buf).map_err(|_| SaslError::Random)?;
    Ok(super::scram::b64_encode(&buf))
}

#[cfg(all(test, feature = "getrandom"))]
mod tests {
    use super::*;

    #[test]
    fn random_nonces_are_valid_and_differ() {
        let a = random_nonce().unwrap();
        let b = random_nonce().unwrap();
        assert_ne!(a, b);
        assert!(crate::sasl::scram::validate_nonce(&a).is_ok());
        assert_eq!(a.len(), 32);
    }
}
