//! # xmpp-sansio
//!
//! A sans-IO XMPP protocol core: addresses ([RFC 7622]), the XML stream
//! ([RFC 6120] §4 and §11), SASL ([RFC 6120] §6), typed stanzas and the
//! negotiation state machines, with no socket, clock, random source or thread
//! of its own.
//!
//! ## The sans-IO contract
//!
//! Every state machine in this crate follows the same rules:
//!
//! - **Input**: bytes received (`handle_input(&[u8])`), time
//!   (`handle_timeout(now)`), facts from the transport
//!   (`tls_established(channel_binding)`), and the application's requests
//!   (`send(stanza)`, `close()`).
//! - **Output**, drained by polling until `None` after *every* input:
//!   `poll_transmit()` (bytes to write), `poll_event()` (typed events) and
//!   `poll_timeout()` (when to call `handle_timeout` next).
//! - **Randomness** comes from the caller (nonces are arguments); the default
//!   `getrandom` feature adds conveniences that draw from the OS.
//! - **Never** panics, loops unbounded or allocates unbounded on any input:
//!   memory is bounded by [`stream::Limits`], hostile input gets a typed error.
//! - **Deterministic**: the same inputs give the same outputs, byte for byte.
//!
//! ```text
//! session.handle_input(&bytes)?;           // what the transport received
//! session.handle_timeout(now);             // time is an input, never read inside
//! while let Some(out) = session.poll_transmit() { transport.write_all(&out)?; }
//! while let Some(ev) = session.poll_event() { /* StartTls, Online, Stanza, Closed… */ }
//! let wake_at = session.poll_timeout();
//! ```
//!
//! ## Modules
//!
//! | module | what it is for |
//! | --- | --- |
//! | [`jid`] | XMPP addresses: parsing, normalization, XEP-0106 escaping |
//! | [`xml`] | zero-copy XML element trees and their serialization |
//! | [`stream`] | incremental, restricted-XML stream framing and limits |
//! | [`sasl`] | SASL client and server mechanisms |
//! | [`stanza`] | typed stanzas (message, presence, iq, errors), stream features and negotiation elements, roster |
//! | [`stanza::xep`] | typed payloads of the everyday XEPs (disco, MUC, MAM, carbons, stream management, …) |
//!
//! ## Quick start
//!
//! ```
//! use xmpp_sansio::jid::Jid;
//!
//! let jid: Jid = "Alice@Example.COM/phone".parse()?;
//! assert_eq!(jid.to_string(), "alice@example.com/phone");
//! assert_eq!(jid.node(), Some("alice"));
//! # Ok::<(), xmpp_sansio::jid::JidError>(())
//! ```
//!
//! [RFC 6120]: https://www.rfc-editor.org/rfc/rfc6120
//! [RFC 7622]: https://www.rfc-editor.org/rfc/rfc7622
#![deny(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod jid;
pub mod sasl;
pub mod session;
pub mod stanza;
pub mod stream;
pub mod xml;

mod error;

pub use error::Error;
