//! SASL authentication ([RFC 6120 §6], [RFC 4422]), client and server side,
//! as pure state machines over byte slices: no XML, no I/O, no clock, and
//! randomness (nonces) handed in.
//!
//! | mechanism | spec | client | server |
//! | --- | --- | --- | --- |
//! | `PLAIN` | [RFC 4616] | [`PlainClient`] | [`PlainServer`] (checked against stored SCRAM keys) |
//! | `SCRAM-SHA-1`, `-256`, `-512` and `-PLUS` | [RFC 5802], [RFC 7677] | [`ScramClient`] | [`ScramServer`] |
//! | `ANONYMOUS` | [RFC 4505] | [`AnonymousClient`] | [`AnonymousServer`] |
//! | `EXTERNAL` | [RFC 4422 App. A] | [`ExternalClient`] | [`ExternalServer`] |
//!
//! Payloads here are the *decoded* bytes; the session layer base64-encodes
//! them into `<auth/>`, `<response/>`… (an empty payload is written `=`,
//! RFC 6120 §6.4.2) and turns a server-side [`SaslError`] into
//! `<failure><{condition}/></failure>` with [`SaslError::condition`].
//! Channel binding data comes from the caller's TLS layer ([`ChannelBinding`]);
//! [XEP-0440]'s list of the server's binding types is taken as `&[&str]`.
//!
//! ## A full exchange
//!
//! ```
//! use xmpp_sansio::sasl::*;
//!
//! // The server's user database holds SCRAM verifiers (one per hash),
//! // derived from the password at registration.
//! struct Users(Vec<ScramCredentials>);
//! impl CredentialStore for Users {
//!     fn scram_credentials(&self, user: &str, hash: ScramHash) -> Result<ScramCredentials, LookupError> {
//!         let found = self.0.iter().find(|c| user == "user" && c.hash == hash);
//!         found.cloned().ok_or(LookupError::UnknownUser)
//!     }
//! }
//! let users = Users(
//!     ScramHash::ALL
//!         .into_iter()
//!         .map(|h| ScramCredentials::derive(h, "pencil", b"some salt", 4096))
//!         .collect::<Result<_, _>>()?,
//! );
//!
//! let server_config = ServerConfig::default().with_tls(true);
//! let offered: Vec<&str> = server_config.mechanisms().iter().map(|m| m.as_str()).collect();
//!
//! let client_config = ClientConfig::new("user", "pencil").with_tls(true);
//! let selection = select_mechanism(&offered, None, &client_config)?;
//! let mut client = ClientMechanism::new(selection, &client_config, "client-nonce-0123")?;
//! let mut server = ServerMechanism::new(selection.mechanism.as_str(), &server_config, "server-nonce-4567")?;
//!
//! let mut msg = client.initial_response()?;
//! let success = loop {
//!     match server.step(&users, &msg)? {
//!         ServerStep::Challenge(c) => msg = client.respond(&c)?,
//!         ServerStep::Success { additional_data, authcid, .. } => {
//!             assert_eq!(authcid, "user");
//!             assert_eq!(selection.mechanism, Mechanism::ScramSha512);
//!             break additional_data.unwrap_or_default();
//!         }
//!     }
//! };
//! client.finish(&success)?; // verifies the server signature
//! assert!(client.cached_keys().is_some());
//! # Ok::<(), SaslError>(())
//! ```
//!
//! [RFC 6120 §6]: https://www.rfc-editor.org/rfc/rfc6120#section-6
//! [RFC 4422]: https://www.rfc-editor.org/rfc/rfc4422
//! [RFC 4422 App. A]: https://www.rfc-editor.org/rfc/rfc4422#appendix-A
//! [RFC 4505]: https://www.rfc-editor.org/rfc/rfc4505
//! [RFC 4616]: https://www.rfc-editor.org/rfc/rfc4616
//! [RFC 5802]: https://www.rfc-editor.org/rfc/rfc5802
//! [RFC 7677]: https://www.rfc-editor.org/rfc/rfc7677
//! [XEP-0440]: https://xmpp.org/extensions/xep-0440.html

mod channel_binding;
mod client;
pub(crate) mod ct;
pub(crate) mod element_text;
mod error;
mod failure;
mod mechanism;
mod saslprep;
mod scram;
mod select;
mod server;

pub use channel_binding::{
    ChannelBinding, ChannelBindingType, Gs2CbFlag, SASL_CHANNEL_BINDING_NS, choose_channel_binding,
};
#[cfg(feature = "getrandom")]
pub use client::random_nonce;
pub use client::{
    AnonymousClient, ClientConfig, ClientMechanism, ExternalClient, PlainClient, ScramClient,
    ScramClientKeys,
};
pub use error::SaslError;
pub use failure::FailureCondition;
pub use mechanism::Mechanism;
pub use saslprep::{saslprep, saslprep_query};
pub use scram::{DEFAULT_MAX_ITERATIONS, DEFAULT_MIN_ITERATIONS, ScramHash};
pub use select::{Selection, select_mechanism, usable_on_tls13};
pub use server::{
    AnonymousServer, CredentialStore, ExternalServer, LookupError, MemoryCredentials, PlainServer,
    ScramCredentials, ScramServer, ServerConfig, ServerMechanism, ServerStep,
};
