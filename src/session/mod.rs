//! Negotiation state machines: client, server and component sessions.
//!
//! Each session takes an XMPP connection from the first byte to an online
//! session and then carries stanzas, following the crate's sans-IO contract:
//!
//! - inputs: [`ClientSession::handle_input`] (bytes received),
//!   `handle_timeout(now)` (time), `tls_established(..)` (the transport's
//!   facts) and the application's requests (`send`, `close`);
//! - outputs, drained after **every** input until they return `None`:
//!   `poll_transmit()` (bytes to write), `poll_event()` (typed events) and
//!   `poll_timeout()` (the next instant to call `handle_timeout`).
//!
//! | type | role | specification |
//! | --- | --- | --- |
//! | [`ClientSession`] | c2s client | [RFC 6120 §9.1](https://www.rfc-editor.org/rfc/rfc6120#section-9.1): STARTTLS (§5), SASL (§6), binding (§7) |
//! | [`ServerSession`] | c2s server | the same, the other side |
//! | [`ComponentSession`] | both sides of an external component | [XEP-0114](https://xmpp.org/extensions/xep-0114.html) |
//! | [`SmConfig`], [`ResumptionState`], [`DetachedSession`] | stream management for client and server sessions | [XEP-0198](https://xmpp.org/extensions/xep-0198.html) |
//!
//! ## Stream management (XEP-0198)
//!
//! With [`SmConfig`] (on by default in [`ClientConfig`], opt-in in
//! [`ServerConfig`]), a session enables stream management after binding:
//! it counts the stanzas it sends and handles, keeps what it sent in a
//! bounded queue until the peer acknowledges it ([`ClientEvent::Acked`]),
//! and asks for acknowledgements every `request_every` stanzas and
//! `request_after` a burst (`poll_timeout` drives the timer). When the
//! transport breaks:
//!
//! - the client takes [`ClientSession::into_resumption_state`] (storable
//!   with [`ResumptionState::to_bytes`]), opens a new transport and starts
//!   [`ClientSession::resume`]: after authentication it sends `<resume/>`,
//!   and on `<resumed/>` resends exactly what the server had not handled
//!   ([`ClientEvent::Resumed`]); if the server refuses,
//!   [`ClientEvent::ResumeFailed`] hands those stanzas back and the session
//!   binds afresh;
//! - the server reports it with [`ServerSession::transport_closed`], then
//!   keeps the session with [`ServerSession::take_detached`] as
//!   a [`DetachedSession`] (queue stanzas for it with
//!   [`DetachedSession::send`]), answers the new connection's
//!   [`ServerEvent::ResumeRequest`] with [`ServerSession::accept_resume`],
//!   and at the deadline takes the unacknowledged stanzas back with
//!   [`DetachedSession::expire`]; a session that cannot be resumed hands
//!   them back with [`ServerSession::take_unacked`].
//!
//! `tests/session_sm.rs` cuts a conversation at every point and checks
//! that every stanza arrives exactly once; `examples/sm_resume.rs` does the
//! same over TCP against real servers.
//!
//! When the transport breaks without a stream close, tell the client with
//! [`ClientSession::transport_closed`]; if the stream is not to be resumed,
//! [`ClientSession::take_unacked`] then hands back what the server never
//! acknowledged.
//!
//! Time is an input: a session never reads a clock. It is created with the
//! current [`Instant`](std::time::Instant), and the timers it keeps
//! (whitespace keepalive, XEP-0199 ping, iq timeouts, and the negotiation
//! and close timeouts of [`ClientConfig`], [`ServerConfig`] and
//! [`ComponentConfig`]) are measured against the instants given to
//! `handle_timeout`.

mod client;
mod common;
mod component;
mod server;
mod sm;

pub use client::{ClientConfig, ClientEvent, ClientSession, TlsPolicy};
pub use common::{CloseReason, SessionError};
pub use component::{ComponentConfig, ComponentEvent, ComponentRole, ComponentSession};
pub use server::{ResumeRefused, ServerConfig, ServerEvent, ServerSession};
pub use sm::{DetachedSession, ResumptionState, ResumptionStateError, SmConfig};
