//! [`ServerSession`]: the server side of a c2s connection
//! ([RFC 6120 §9.1](https://www.rfc-editor.org/rfc/rfc6120#section-9.1),
//! seen from the receiving entity).

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::common::{
    CloseReason, Events, Flow, IdSource, Incoming, Machine, Outbox, SessionError, check_version,
    error_reply_for_invalid, id_prefix, sasl_element, sasl_payload, see_other_host_element,
    stream_error_element,
};
use super::sm::{self, AckStep, DetachedSession, Sm, SmConfig, SmTick};
use crate::jid::{FullJid, Jid};
use crate::sasl::{
    self, ChannelBinding, CredentialStore, FailureCondition, Mechanism, ServerMechanism, ServerStep,
};
use crate::stanza::xep::sm::{Enable, Enabled, Failed, Resume, Resumed};
use crate::stanza::{DefinedCondition, Iq, IqPayload, PresenceType, Stanza, StanzaError};
use crate::stream::{Condition, Limits, STREAM_CLOSE, StreamHeader, StreamParser};
use crate::xml::{ByteStr, Element, ns};

/// What a [`ServerSession`] needs: the domain it serves, its TLS
/// capability and the accounts' SCRAM credentials.
#[derive(Clone)]
pub struct ServerConfig {
    /// The domain this server serves (the stream's `from`).
    pub domain: String,
    /// The caller can upgrade the transport to TLS: STARTTLS is offered.
    pub tls_available: bool,
    /// Refuse SASL before TLS (only meaningful when `tls_available`).
    pub require_tls: bool,
    /// The transport is already TLS (XEP-0368 direct TLS).
    pub direct_tls: bool,
    /// With `direct_tls`: the TLS layer's channel-binding data, so `-PLUS`
    /// mechanisms are offered (for STARTTLS, pass it to
    /// [`ServerSession::tls_established`]).
    pub channel_binding: Option<ChannelBinding>,
    /// Allow PLAIN on an unencrypted stream (default `false`).
    pub allow_plaintext_auth: bool,
    /// The accounts: SCRAM `StoredKey`/`ServerKey`/salt/iterations per user
    /// (also used to verify PLAIN). Looked up synchronously during SASL.
    pub credentials: Arc<dyn CredentialStore + Send + Sync>,
    /// Prefix of the stream ids and stream-management SM-IDs this session
    /// generates (each is the prefix and a counter). A stream id MUST be
    /// unpredictable and non-repeating
    /// ([RFC 6120 §4.7.3](https://www.rfc-editor.org/rfc/rfc6120#section-4.7.3)):
    /// `None` (the default) draws a fresh 128-bit random prefix for each
    /// session from the OS (feature `getrandom`); without that feature it
    /// falls back to a process-wide counter, unique but predictable, so
    /// then set an unpredictable value per connection here. Tests set a
    /// fixed value for deterministic output.
    pub stream_id_prefix: Option<String>,
    /// The SCRAM server nonce part; `None` draws one from the OS (feature
    /// `getrandom`).
    pub nonce: Option<String>,
    /// SASL attempts allowed before the stream is closed (RFC 6120 §6.4.5).
    pub max_auth_attempts: u32,
    /// Limits for what the client sends (default: c2s limits).
    pub limits: Limits,
    /// Send a whitespace keepalive after this long without sending.
    pub keepalive_interval: Option<Duration>,
    /// How long the client has, from [`ServerSession::new`], to get online
    /// (stream headers, STARTTLS, SASL, binding or resumption, the caller's
    /// own decisions included); past it the stream is closed with
    /// `connection-timeout` and the session ends with
    /// [`SessionError::NegotiationTimeout`]. Default 60 s, as for
    /// [`ClientConfig`](super::ClientConfig); `Duration::MAX` disables it.
    pub negotiation_timeout: Duration,
    /// After this session sent `</stream:stream>`, how long to wait for the
    /// client's before both streams are void
    /// ([RFC 6120 §4.4](https://www.rfc-editor.org/rfc/rfc6120#section-4.4));
    /// the session then ends with [`SessionError::CloseTimeout`]. Default
    /// 10 s; `Duration::MAX` disables it.
    pub close_timeout: Duration,
    /// Offer stream management (XEP-0198) with this policy (default: not
    /// offered). With `resume`, a session whose transport breaks can be
    /// kept with [`ServerSession::take_detached`] and resumed with
    /// [`ServerSession::accept_resume`].
    pub stream_management: Option<SmConfig>,
}

impl std::fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("domain", &self.domain)
            .field("tls_available", &self.tls_available)
            .field("require_tls", &self.require_tls)
            .field("direct_tls", &self.direct_tls)
            .field("allow_plaintext_auth", &self.allow_plaintext_auth)
            .finish_non_exhaustive()
    }
}

impl ServerConfig {
    /// A configuration for `domain` with `credentials`, without TLS and
    /// with PLAIN refused on the unencrypted stream.
    pub fn new(
        domain: impl Into<String>,
        credentials: Arc<dyn CredentialStore + Send + Sync>,
    ) -> ServerConfig {
        ServerConfig {
            domain: domain.into(),
            tls_available: false,
            require_tls: false,
            direct_tls: false,
            channel_binding: None,
            allow_plaintext_auth: false,
            credentials,
            stream_id_prefix: None,
            nonce: None,
            max_auth_attempts: 3,
            limits: Limits::default(),
            keepalive_interval: None,
            negotiation_timeout: DEFAULT_NEGOTIATION_TIMEOUT,
            close_timeout: DEFAULT_CLOSE_TIMEOUT,
            stream_management: None,
        }
    }
}

/// What a [`ServerSession`] reports.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
// Stanzas travel inline: boxing them would cost an allocation per stanza.
#[allow(clippy::large_enum_variant)]
pub enum ServerEvent {
    /// `<proceed/>` is queued: write it, then upgrade the transport to TLS
    /// and call [`ServerSession::tls_established`].
    StartTls,
    /// The client authenticated.
    Authenticated {
        /// The authenticated user name (SASLprep'd).
        username: String,
        /// The mechanism used.
        mechanism: Mechanism,
    },
    /// The client asks to bind a resource: answer with
    /// [`ServerSession::accept_bind`] or [`ServerSession::reject_bind`].
    BindRequest {
        /// The resource the client asked for, if any.
        requested: Option<String>,
    },
    /// The session is bound: stanzas can flow.
    Online {
        /// The client's full JID.
        jid: FullJid,
    },
    /// A stanza from the client, with `from` stamped by the server (RFC
    /// 6120 §8.1.2.1): the client's full JID, or its bare JID on a
    /// subscription presence (`subscribe`, `subscribed`, `unsubscribe`,
    /// `unsubscribed`; RFC 6121 §3.1.2). A stanza without `xml:lang` gets
    /// the language the client declared for its stream, if any (RFC 6120
    /// §8.1.5).
    Stanza(Stanza),
    /// The client enabled stream management (XEP-0198 §3).
    SmEnabled {
        /// The SM-ID, when the session is resumable: keep a way to find
        /// this session by it (for [`ServerSession::take_detached`]).
        id: Option<String>,
    },
    /// The client asks to resume a former stream (XEP-0198 §5): find the
    /// session by `previd` and answer with [`ServerSession::accept_resume`]
    /// (taking it with [`ServerSession::take_detached`] first if it is
    /// still connected) or [`ServerSession::reject_resume`].
    ResumeRequest {
        /// The SM-ID of the former stream.
        previd: String,
        /// Stanzas the client handled from the former stream.
        h: u32,
    },
    /// The former stream is resumed; stanzas flow again.
    Resumed {
        /// The client's full JID (the former one).
        jid: FullJid,
        /// How many unacknowledged stanzas were sent again.
        resent: usize,
    },
    /// The client acknowledged these stanzas (oldest first).
    Acked {
        /// The stanzas acknowledged.
        stanzas: Vec<Stanza>,
    },
    /// The session ended.
    Closed(CloseReason),
}

/// A resumption [`ServerSession::accept_resume`] refused: why, and the
/// detached session, unchanged, for the caller to keep or expire.
#[derive(Debug)]
pub struct ResumeRefused {
    /// Why it was refused.
    pub error: SessionError,
    /// The detached session given to `accept_resume`.
    pub detached: DetachedSession,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Initial,
    Secured,
    Authenticated,
}

#[derive(Debug)]
enum State {
    AwaitHeader(Phase),
    /// Features sent; waiting for `<starttls/>` or `<auth/>`.
    Negotiating(Phase),
    AwaitTls,
    Sasl(Box<ServerMechanism>),
    /// Authenticated, features sent; waiting for the bind request.
    AwaitBind,
    /// A bind request awaits the caller's decision.
    BindPending {
        id: ByteStr,
    },
    /// A `<resume/>` awaits the caller's decision.
    ResumePending {
        previd: String,
        h: u32,
    },
    Online,
    Closing,
    Closed,
}

/// The server side of an XMPP c2s connection, sans-IO.
#[derive(Debug)]
pub struct ServerSession {
    config: ServerConfig,
    parser: StreamParser,
    state: State,
    out: Outbox,
    events: Events<ServerEvent>,
    stream_ids: IdSource,
    tls: bool,
    channel_binding: Option<ChannelBinding>,
    username: Option<String>,
    jid: Option<FullJid>,
    auth_failures: u32,
    now: Instant,
    last_tx: Instant,
    rx_since_tick: bool,
    /// Stream management, from `<enable/>` (or resumption) on.
    sm: Option<Sm>,
    /// SM-IDs when there is no random source.
    sm_ids: IdSource,
    /// The client closed its stream (`</stream:stream>`): the session
    /// ends and cannot be resumed (XEP-0198 §5).
    closed_by_peer: bool,
    /// The `xml:lang` the client declared for its stream (RFC 6120 §4.7.4).
    stream_lang: Option<ByteStr>,
    /// When negotiation must be over (from
    /// [`ServerConfig::negotiation_timeout`]).
    negotiation_deadline: Option<Instant>,
    /// When the client must have closed its stream, once we closed ours
    /// (from [`ServerConfig::close_timeout`]).
    close_deadline: Option<Instant>,
}

impl ServerSession {
    /// A session for a newly accepted connection at `now`. Nothing is sent
    /// until the client's stream header arrives.
    pub fn new(config: ServerConfig, now: Instant) -> ServerSession {
        let tls = config.direct_tls;
        let channel_binding = if tls {
            config.channel_binding.clone()
        } else {
            None
        };
        let prefix = id_prefix(config.stream_id_prefix.as_deref(), 's');
        ServerSession {
            parser: StreamParser::new(config.limits.clone()),
            stream_ids: IdSource::new(prefix.clone()),
            sm_ids: IdSource::new(format!("{prefix}sm")),
            negotiation_deadline: now.checked_add(config.negotiation_timeout),
            close_deadline: None,
            stream_lang: None,
            state: State::AwaitHeader(if tls { Phase::Secured } else { Phase::Initial }),
            config,
            out: Outbox::default(),
            events: Events::default(),
            tls,
            channel_binding,
            username: None,
            jid: None,
            auth_failures: 0,
            now,
            last_tx: now,
            rx_since_tick: false,
            sm: None,
            closed_by_peer: false,
        }
    }

    /// The client's bound full JID, once online.
    pub fn jid(&self) -> Option<&FullJid> {
        self.jid.as_ref()
    }

    /// True once the client is bound and until the session closes.
    pub fn is_online(&self) -> bool {
        matches!(self.state, State::Online)
    }

    /// True once the session has ended.
    pub fn is_closed(&self) -> bool {
        matches!(self.state, State::Closed)
    }

    /// True once stream management is enabled (or resumed).
    pub fn is_sm_enabled(&self) -> bool {
        self.sm.is_some()
    }

    /// The stanzas sent but not yet acknowledged by the client, oldest
    /// first (empty without stream management).
    pub fn unacked(&self) -> impl Iterator<Item = &Stanza> {
        self.sm.iter().flat_map(|sm| sm.unacked.iter())
    }

    /// Detaches a resumable stream-management session (XEP-0198 §5), to be
    /// held until the client resumes it or its deadline passes. Call it
    /// when the transport broke without a clean close, or when another
    /// connection asks to resume the session while this one is still open
    /// (this one then gets a `conflict` stream error and closes). `None`
    /// when there is nothing to resume: no resumable SM session, or the
    /// client closed its stream cleanly (see
    /// [`ServerSession::take_unacked`]).
    pub fn take_detached(&mut self, now: Instant) -> Option<DetachedSession> {
        if self.closed_by_peer {
            return None;
        }
        let jid = self.jid.clone()?;
        let username = self.username.clone()?;
        let sm = self.sm.as_mut()?;
        let secs = sm.max.unwrap_or(DEFAULT_RESUME_SECS);
        let max_unacked = sm.config.max_unacked;
        let state = sm.take_state(&jid)?;
        if !matches!(self.state, State::Closed) {
            self.out.push_element(
                &stream_error_element(Condition::Conflict, None),
                ns::JABBER_CLIENT,
            );
            self.out.push(STREAM_CLOSE);
            self.finish(CloseReason::Error(SessionError::ResumedElsewhere));
        }
        self.sm = None;
        Some(DetachedSession {
            username,
            state,
            pending: Vec::new(),
            max_unacked,
            deadline: now + Duration::from_secs(u64::from(secs)),
        })
    }

    /// Takes the stanzas the client has not acknowledged, once the session
    /// is closed and will not be resumed: treat them as sent to an
    /// unavailable resource (offline storage, or an error to the sender;
    /// XEP-0198 §4). Empty while the session is open: when the transport
    /// breaks, call [`ServerSession::transport_closed`] first (and, for a
    /// resumable session, [`ServerSession::take_detached`] instead).
    pub fn take_unacked(&mut self) -> Vec<Stanza> {
        let closed = self.is_closed();
        match &mut self.sm {
            Some(sm) if closed => std::mem::take(&mut sm.unacked).into(),
            _ => Vec::new(),
        }
    }

    /// Resumes `detached` for the pending [`ServerEvent::ResumeRequest`]
    /// (XEP-0198 §5): `<resumed/>` is queued, then the stanzas the client
    /// had not handled, then those queued while detached; the session is
    /// online again as the former JID. Refused (with `detached` handed
    /// back) when no resumption is pending, when `detached` is not the
    /// session asked for, when it belongs to another user (the client is
    /// told `item-not-found`), or when the client's `h` is above what was
    /// sent (a stream error ends this connection).
    pub fn accept_resume(
        &mut self,
        detached: DetachedSession,
    ) -> Result<FullJid, Box<ResumeRefused>> {
        let refuse = |error, detached| Err(Box::new(ResumeRefused { error, detached }));
        let State::ResumePending { previd, h } = &self.state else {
            return refuse(
                SessionError::InvalidState("accept_resume without a resume request"),
                detached,
            );
        };
        let (previd, h) = (previd.clone(), *h);
        if detached.state.id != previd {
            return refuse(
                SessionError::InvalidState("the detached session is not the one the client named"),
                detached,
            );
        }
        if self.username.as_deref() != Some(detached.username.as_str()) {
            self.write_failed(DefinedCondition::ItemNotFound, None);
            self.state = State::AwaitBind;
            return refuse(SessionError::ResumeUserMismatch, detached);
        }
        if let Err(err) = sm::check_ack(detached.state.sent, detached.state.unacked.len(), h) {
            self.out.push_element(
                &sm::handled_count_too_high_error(h, detached.state.sent),
                ns::JABBER_CLIENT,
            );
            self.out.push(STREAM_CLOSE);
            self.finish(CloseReason::Error(err.clone()));
            return refuse(err, detached);
        }
        let config = self.config.stream_management.clone().unwrap_or_default();
        let DetachedSession { state, pending, .. } = detached;
        let jid = state.jid.clone();
        let mut session = Sm::from_state(config, state);
        let acked = session.on_ack(h).unwrap_or_default();
        let resumed = Resumed {
            h: session.handled,
            previd,
            unknown: Default::default(),
        };
        self.out
            .push_element(&Element::from(resumed), ns::JABBER_CLIENT);
        session.resend_unacked(&mut self.out, ns::JABBER_CLIENT, self.now);
        let resent = session.unacked.len();
        for stanza in pending {
            // The queue had room for these when they were queued.
            session.send(&mut self.out, stanza, ns::JABBER_CLIENT, self.now);
        }
        self.sm = Some(session);
        self.jid = Some(jid.clone());
        self.state = State::Online;
        if !acked.is_empty() {
            self.events.push(ServerEvent::Acked { stanzas: acked });
        }
        self.events.push(ServerEvent::Resumed {
            jid: jid.clone(),
            resent,
        });
        Ok(jid)
    }

    /// Refuses the pending [`ServerEvent::ResumeRequest`] with `condition`
    /// (`item-not-found` for an unknown or expired SM-ID); `h` may report
    /// the stanzas handled before an expired session ended (§5). The client
    /// may then bind a resource.
    pub fn reject_resume(
        &mut self,
        condition: DefinedCondition,
        h: Option<u32>,
    ) -> Result<(), SessionError> {
        if !matches!(self.state, State::ResumePending { .. }) {
            return Err(SessionError::InvalidState(
                "reject_resume without a resume request",
            ));
        }
        self.write_failed(condition, h);
        self.state = State::AwaitBind;
        Ok(())
    }

    /// Feeds bytes received from the client.
    pub fn handle_input(&mut self, bytes: &[u8]) -> Result<(), SessionError> {
        match self.state {
            State::Closed => return Err(SessionError::Closed),
            State::AwaitTls => {
                return Err(SessionError::InvalidState(
                    "bytes arrived while waiting for the TLS upgrade; call tls_established first",
                ));
            }
            _ => {}
        }
        self.rx_since_tick = true;
        self.parser.feed(bytes);
        self.process()
    }

    /// Reports that the transport ended (EOF, reset, TLS failure) without
    /// the client closing its stream: the session is closed (a
    /// [`ServerEvent::Closed`] with [`CloseReason::PeerClosed`]), and
    /// bytes still queued for the client are dropped. Then keep a resumable
    /// session with [`ServerSession::take_detached`], or take what the
    /// client did not acknowledge with [`ServerSession::take_unacked`]
    /// (XEP-0198 §4). Nothing happens when the session is already closed.
    pub fn transport_closed(&mut self) {
        if self.is_closed() {
            return;
        }
        self.out.take();
        self.finish(CloseReason::PeerClosed);
    }

    /// Reports that the transport is now TLS (after
    /// [`ServerEvent::StartTls`]), with the TLS layer's channel-binding data
    /// so `-PLUS` mechanisms can be offered.
    pub fn tls_established(
        &mut self,
        channel_binding: Option<ChannelBinding>,
    ) -> Result<(), SessionError> {
        if !matches!(self.state, State::AwaitTls) {
            return Err(SessionError::InvalidState(
                "tls_established without a pending STARTTLS",
            ));
        }
        self.tls = true;
        self.channel_binding = channel_binding;
        // Bytes received before the TLS handshake are plaintext an attacker
        // may have injected (STARTTLS command injection): drop them.
        self.parser.restart_discarding_buffered();
        self.state = State::AwaitHeader(Phase::Secured);
        self.process()
    }

    /// Advances timers to `now` (negotiation and close timeouts,
    /// whitespace keepalive, stream-management acknowledgement requests and
    /// timeouts).
    pub fn handle_timeout(&mut self, now: Instant) {
        self.now = now;
        if std::mem::take(&mut self.rx_since_tick) {
            // Input arrived since the last tick: keep the buffers warm.
        } else {
            // Quiet since the last tick: give back the parse buffers.
            self.parser.release_idle_memory();
            self.events.release_idle_memory();
        }
        match self.state {
            State::Closed => return,
            State::Closing => {
                if self.close_deadline.is_some_and(|d| now >= d) {
                    // RFC 6120 §4.4: the client did not close its stream in
                    // time; both streams are void.
                    self.finish(CloseReason::Error(SessionError::CloseTimeout));
                }
                return;
            }
            State::Online => {}
            _ => {
                if self.negotiation_deadline.is_some_and(|d| now >= d) {
                    self.negotiation_timed_out();
                }
                return;
            }
        }
        if self.is_online()
            && let Some(state) = &mut self.sm
            && let SmTick::AckTimeout = state.handle_timeout(now, &mut self.out, ns::JABBER_CLIENT)
        {
            // No </stream:stream>: the transport is presumed dead, and a
            // closed stream could not be resumed (XEP-0198 §5).
            self.finish(CloseReason::Error(SessionError::AckTimeout));
            return;
        }
        if let Some(k) = self.config.keepalive_interval
            && self.is_online()
            && now >= self.last_tx + k
        {
            self.out.push(b" ");
            self.last_tx = now;
        }
    }

    /// Binds `resource` for the pending [`ServerEvent::BindRequest`]; the
    /// session goes online and the result is queued.
    pub fn accept_bind(&mut self, resource: &str) -> Result<FullJid, SessionError> {
        let State::BindPending { id } = &self.state else {
            return Err(SessionError::InvalidState(
                "accept_bind without a bind request",
            ));
        };
        let id = id.clone();
        let username = self.username.clone().unwrap_or_default();
        let node = if username.is_empty() {
            None
        } else {
            Some(username.as_str())
        };
        let jid = match FullJid::from_parts(node, &self.config.domain, resource) {
            Ok(j) => j,
            Err(_) => {
                self.reject_bind(DefinedCondition::BadRequest)?;
                return Err(SessionError::BindFailed {
                    condition: DefinedCondition::BadRequest,
                });
            }
        };
        let payload = Element::builder("bind", ns::BIND)
            .append(
                Element::builder("jid", ns::BIND)
                    .text(jid.as_str().to_owned())
                    .build(),
            )
            .build();
        let reply = Iq::empty_result(None, id).with_to(Jid::from(jid.clone()));
        let reply = Iq {
            payload: IqPayload::Result(Some(payload)),
            ..reply
        };
        self.write_stanza(&Element::from(reply));
        self.jid = Some(jid.clone());
        self.state = State::Online;
        self.events.push(ServerEvent::Online { jid: jid.clone() });
        Ok(jid)
    }

    /// Refuses the pending bind request with `condition` (e.g. `conflict`,
    /// `not-allowed`); the client may try again.
    pub fn reject_bind(&mut self, condition: DefinedCondition) -> Result<(), SessionError> {
        let State::BindPending { id } = &self.state else {
            return Err(SessionError::InvalidState(
                "reject_bind without a bind request",
            ));
        };
        let reply = Iq::empty_result(None, id.clone());
        let reply = Iq {
            payload: IqPayload::Error {
                error: StanzaError::new(condition),
                payloads: Vec::new(),
            },
            ..reply
        };
        self.write_stanza(&Element::from(reply));
        self.state = State::AwaitBind;
        Ok(())
    }

    /// Delivers a stanza to the client. With stream management on, a full
    /// queue of unacknowledged stanzas refuses it
    /// ([`SessionError::UnackedQueueFull`]).
    pub fn send(&mut self, stanza: impl Into<Stanza>) -> Result<(), SessionError> {
        if !self.is_online() {
            return Err(match self.state {
                State::Closed | State::Closing => SessionError::Closed,
                _ => SessionError::NotOnline,
            });
        }
        self.emit(stanza.into())
    }

    /// Closes the stream gracefully. The client then has
    /// [`ServerConfig::close_timeout`] to close its own.
    pub fn close(&mut self) {
        match self.state {
            State::Closed | State::Closing => {}
            _ => {
                sm::write_close(self.sm.as_ref(), self.is_online(), &mut self.out);
                self.start_closing();
            }
        }
    }

    /// Closes the stream with a stream error (e.g. `conflict` when the same
    /// resource logs in elsewhere, `system-shutdown`); `text` goes into
    /// `<text/>`. To send the client elsewhere, use
    /// [`ServerSession::redirect`]. Nothing happens once the stream is
    /// closing or closed.
    pub fn close_with_error(&mut self, condition: Condition, text: Option<&str>) {
        self.close_with(&stream_error_element(condition, text));
    }

    /// Closes the stream with a `see-other-host` stream error that sends
    /// the client to `host`: a domain or IP address with an optional
    /// `:port`, an IPv6 address in brackets (e.g. `[2001:db8::1]:5222`),
    /// written as the condition's character data
    /// ([RFC 6120 §4.9.3.19](https://www.rfc-editor.org/rfc/rfc6120#section-4.9.3.19)).
    /// Nothing happens once the stream is closing or closed.
    pub fn redirect(&mut self, host: &str) {
        self.close_with(&see_other_host_element(host));
    }

    /// Bytes to write to the transport, if any.
    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        let out = self.out.take();
        if out.is_some() {
            self.last_tx = self.now;
        }
        out
    }

    /// The next event, if any.
    pub fn poll_event(&mut self) -> Option<ServerEvent> {
        self.events.pop()
    }

    /// When [`ServerSession::handle_timeout`] must be called next.
    pub fn poll_timeout(&self) -> Option<Instant> {
        match self.state {
            State::Closed => return None,
            State::Closing => return self.close_deadline,
            State::Online => {}
            _ => return self.negotiation_deadline,
        }
        let keepalive = self.config.keepalive_interval.map(|k| self.last_tx + k);
        let sm = self.sm.as_ref().and_then(Sm::poll_timeout);
        keepalive.into_iter().chain(sm).min()
    }

    // ---- internals ----

    /// Writes `error` (a `<stream:error/>`) and our closing tag, preceded
    /// by our stream header when none was sent yet (RFC 6120 §4.9.1.2).
    fn close_with(&mut self, error: &Element) {
        if matches!(self.state, State::Closed | State::Closing) {
            return;
        }
        if matches!(self.state, State::AwaitHeader(_)) {
            self.send_header(None);
        }
        self.out.push_element(error, ns::JABBER_CLIENT);
        self.out.push(STREAM_CLOSE);
        self.start_closing();
    }

    /// The client did not get online within
    /// [`ServerConfig::negotiation_timeout`]: `connection-timeout` (after
    /// our header if none was sent), unless the transport is mid-upgrade.
    fn negotiation_timed_out(&mut self) {
        let stage = match &self.state {
            State::AwaitHeader(_) => "the client's stream header",
            State::Negotiating(_) => "STARTTLS or SASL",
            State::AwaitTls => "the TLS handshake",
            State::Sasl(_) => "SASL authentication",
            State::AwaitBind => "resource binding",
            State::BindPending { .. } => "the bind decision (ServerSession::accept_bind)",
            State::ResumePending { .. } => "the resumption decision (ServerSession::accept_resume)",
            State::Online | State::Closing | State::Closed => return,
        };
        let err = SessionError::NegotiationTimeout { stage };
        if matches!(self.state, State::AwaitTls) {
            // The transport is in the middle of its TLS handshake: nothing
            // may be written to it in the clear.
            self.finish(CloseReason::Error(err));
        } else {
            self.fail(err, Some(Condition::ConnectionTimeout));
        }
    }

    /// Our `</stream:stream>` is written: wait for the client's, at most
    /// [`ServerConfig::close_timeout`].
    fn start_closing(&mut self) {
        self.state = State::Closing;
        self.close_deadline = self.now.checked_add(self.config.close_timeout);
    }

    fn write_stanza(&mut self, el: &Element) {
        self.out.push_element(el, ns::JABBER_CLIENT);
    }

    fn emit(&mut self, stanza: Stanza) -> Result<(), SessionError> {
        sm::emit(&mut self.sm, &mut self.out, stanza, self.now)
    }

    /// Sends a reply the session owes the client; a full stream-management
    /// queue ends the session with `resource-constraint` (the client is not
    /// acknowledging what it asks for).
    fn emit_internal(&mut self, stanza: Stanza) {
        if let Err(err) = self.emit(stanza) {
            self.fail(err, Some(Condition::ResourceConstraint));
        }
    }

    /// `<failed/>` with a stanza error condition (XEP-0198 §6).
    fn write_failed(&mut self, condition: DefinedCondition, h: Option<u32>) {
        let failed = Failed {
            h,
            condition: Some(condition.as_str().to_owned()),
            unknown: Default::default(),
        };
        self.out
            .push_element(&Element::from(failed), ns::JABBER_CLIENT);
    }

    /// A fresh SM-ID from the stream-id prefix and a counter: unique as
    /// long as the caller makes the prefix unique per connection (XEP-0198
    /// §5 asks no more); deterministic, like everything in a session.
    /// Resumption also requires the same authenticated user, so a guessed
    /// SM-ID gains nothing.
    fn new_sm_id(&mut self) -> String {
        self.sm_ids.next_id()
    }

    /// `<enable/>` once online (XEP-0198 §3).
    fn on_enable(&mut self, el: Element) -> Result<(), SessionError> {
        let Some(config) = self.config.stream_management.clone() else {
            self.write_failed(DefinedCondition::FeatureNotImplemented, None);
            return Ok(());
        };
        if self.sm.is_some() {
            // §3: a second <enable/> SHOULD get a stream error.
            return self.protocol(
                Condition::PolicyViolation,
                "stream management is already enabled",
            );
        }
        let enable = match Enable::try_from(el) {
            Ok(e) => e,
            Err(e) => return self.protocol(Condition::InvalidXml, format!("bad <enable/>: {e}")),
        };
        let mut state = Sm::new(config);
        let mut enabled = Enabled::default();
        if enable.resume && state.config.resume {
            let ours = state.config.max_resume.map_or(DEFAULT_RESUME_SECS, |d| {
                u32::try_from(d.as_secs()).unwrap_or(u32::MAX)
            });
            let max = enable.max.map_or(ours, |m| m.min(ours));
            let id = self.new_sm_id();
            state.id = Some(id.clone());
            state.max = Some(max);
            enabled.id = Some(id);
            enabled.resume = true;
            enabled.max = Some(max);
        }
        self.out
            .push_element(&Element::from(enabled), ns::JABBER_CLIENT);
        let id = state.id.clone();
        self.sm = Some(state);
        self.events.push(ServerEvent::SmEnabled { id });
        Ok(())
    }

    /// Stream-management nonzas once online.
    fn on_sm_element(&mut self, el: Element) -> Result<(), SessionError> {
        if el.name() == "enable" {
            return self.on_enable(el);
        }
        if el.name() == "resume" {
            self.write_failed(DefinedCondition::UnexpectedRequest, None);
            return Ok(());
        }
        let Some(state) = &mut self.sm else {
            return self.protocol(
                Condition::UnsupportedStanzaType,
                format!("<{}/> from XEP-0198 before it is enabled", el.name()),
            );
        };
        match state.on_ack_element(el, &mut self.out) {
            AckStep::Done => Ok(()),
            AckStep::Acked(stanzas) => {
                self.events.push(ServerEvent::Acked { stanzas });
                Ok(())
            }
            AckStep::Failed { error, condition } => {
                self.fail(error.clone(), condition);
                Err(error)
            }
            AckStep::Other(el) => self.protocol(
                Condition::UnsupportedStanzaType,
                format!("unexpected <{}/> from XEP-0198", el.name()),
            ),
        }
    }

    /// XEP-0198 elements after authentication, before binding: `<resume/>`
    /// is for the caller to decide; `<enable/>` must wait for binding (§3).
    fn on_sm_before_bind(&mut self, el: Element) -> Result<(), SessionError> {
        match el.name() {
            "resume" if self.config.stream_management.is_some() => {
                let resume = match Resume::try_from(el) {
                    Ok(r) => r,
                    Err(e) => {
                        return self.protocol(Condition::InvalidXml, format!("bad <resume/>: {e}"));
                    }
                };
                self.state = State::ResumePending {
                    previd: resume.previd.clone(),
                    h: resume.h,
                };
                self.events.push(ServerEvent::ResumeRequest {
                    previd: resume.previd,
                    h: resume.h,
                });
            }
            "resume" => {
                self.write_failed(DefinedCondition::FeatureNotImplemented, None);
                self.state = State::AwaitBind;
            }
            _ => {
                self.write_failed(DefinedCondition::UnexpectedRequest, None);
                self.state = State::AwaitBind;
            }
        }
        Ok(())
    }

    fn on_header(&mut self, h: StreamHeader) -> Result<(), SessionError> {
        let State::AwaitHeader(phase) = self.state else {
            return self.protocol(Condition::NotWellFormed, "unexpected second stream header");
        };
        // RFC 6120 §4.9.1.2: the header is sent before any stream error.
        self.stream_lang = h.lang.clone().filter(|l| is_language_tag(l));
        self.send_header(Some(&h));
        self.state = State::Negotiating(phase);
        if &*h.ns != ns::JABBER_CLIENT {
            return self.protocol(
                Condition::InvalidNamespace,
                format!("content namespace '{}' is not jabber:client", h.ns),
            );
        }
        match h.to.as_deref() {
            Some(to) if to.eq_ignore_ascii_case(&self.config.domain) => {}
            Some(to) => {
                return self.protocol(
                    Condition::HostUnknown,
                    format!("this server does not serve '{to}'"),
                );
            }
            None => {
                return self.protocol(Condition::HostUnknown, "the stream header has no 'to'");
            }
        }
        // RFC 6120 §4.7.5: a numeric comparison; any 1.x is answered with
        // 1.0, the highest we support.
        if let Err(why) = check_version(h.version.as_deref()) {
            return self.protocol(
                Condition::UnsupportedVersion,
                format!("only XMPP 1.0 is supported: {why}"),
            );
        }
        self.send_features(phase);
        self.state = match phase {
            Phase::Authenticated => State::AwaitBind,
            p => State::Negotiating(p),
        };
        Ok(())
    }

    /// Our stream header, answering the client's when there is one (RFC
    /// 6120 §4.7): `to` is the client's `from` when that is a JID (§4.7.2),
    /// `xml:lang` the client's language (§4.7.4; we accept any), and
    /// `version` 1.0, left out when the client sent none (0.9, §4.7.5).
    fn send_header(&mut self, client: Option<&StreamHeader>) {
        let to = client
            .and_then(|h| h.from.as_deref())
            .and_then(|from| Jid::new(from).ok())
            .map(|jid| ByteStr::from(jid.as_str().to_owned()));
        let version = match client {
            Some(h) if h.version.is_none() => None,
            _ => Some(ByteStr::from_static("1.0")),
        };
        let lang = self
            .stream_lang
            .clone()
            .unwrap_or_else(|| ByteStr::from_static("en"));
        let header = StreamHeader {
            from: Some(ByteStr::from(self.config.domain.clone())),
            to,
            id: Some(ByteStr::from(self.stream_ids.next_id())),
            version,
            lang: Some(lang),
            ns: ByteStr::from_static(ns::JABBER_CLIENT),
        };
        self.out.push(&header.to_bytes());
    }

    fn sasl_config(&self) -> sasl::ServerConfig {
        let mut c = sasl::ServerConfig::default().with_tls(self.tls);
        c.allow_plaintext = self.config.allow_plaintext_auth;
        if let Some(cb) = &self.channel_binding {
            c = c.with_channel_binding(cb.clone());
        }
        c
    }

    fn send_features(&mut self, phase: Phase) {
        let mut features = Element::builder("features", ns::STREAM).prefix("stream");
        match phase {
            Phase::Initial | Phase::Secured => {
                let offer_tls = phase == Phase::Initial && self.config.tls_available;
                if offer_tls {
                    let mut st = Element::new("starttls", ns::TLS);
                    if self.config.require_tls {
                        st.append_child(Element::new("required", ns::TLS));
                    }
                    features = features.append(st);
                }
                if !(offer_tls && self.config.require_tls) {
                    let sasl_config = self.sasl_config();
                    let mut mechs = Element::new("mechanisms", ns::SASL);
                    for m in sasl_config.mechanisms() {
                        mechs.append_child(
                            Element::builder("mechanism", ns::SASL)
                                .text(m.as_str())
                                .build(),
                        );
                    }
                    features = features.append(mechs);
                    let types = sasl_config.channel_binding_types();
                    if !types.is_empty() {
                        let mut list =
                            Element::new("sasl-channel-binding", sasl::SASL_CHANNEL_BINDING_NS);
                        for t in types {
                            list.append_child(
                                Element::builder("channel-binding", sasl::SASL_CHANNEL_BINDING_NS)
                                    .attr("type", t)
                                    .build(),
                            );
                        }
                        features = features.append(list);
                    }
                }
            }
            Phase::Authenticated => {
                features = features
                    .append(
                        Element::builder("bind", ns::BIND)
                            .append(Element::new("required", ns::BIND))
                            .build(),
                    )
                    .append(
                        Element::builder("session", ns::SESSION)
                            .append(Element::new("optional", ns::SESSION))
                            .build(),
                    );
                if self.config.stream_management.is_some() {
                    features = features.append(Element::new("sm", sm::NS));
                }
            }
        }
        self.out.push_element(&features.build(), ns::JABBER_CLIENT);
    }

    fn on_element(&mut self, el: Element) -> Result<(), SessionError> {
        match std::mem::replace(&mut self.state, State::Closed) {
            State::Negotiating(phase) => self.on_negotiation(phase, el),
            State::Sasl(mech) => self.on_sasl(mech, el),
            State::AwaitBind if sm::is_sm(&el) => self.on_sm_before_bind(el),
            State::AwaitBind => self.on_bind_request(el),
            State::ResumePending { previd, h } => {
                self.state = State::ResumePending { previd, h };
                self.protocol(
                    Condition::PolicyViolation,
                    "a stanza arrived before the resume request was answered",
                )
            }
            State::BindPending { id } => {
                self.state = State::BindPending { id };
                self.protocol(
                    Condition::PolicyViolation,
                    "a stanza arrived before the bind request was answered",
                )
            }
            st @ (State::Online | State::Closing) => {
                self.state = st;
                if sm::is_sm(&el) {
                    return self.on_sm_element(el);
                }
                if let Some(state) = &mut self.sm {
                    state.on_received(&el, ns::JABBER_CLIENT);
                }
                self.on_stanza(el);
                Ok(())
            }
            other => {
                self.state = other;
                self.protocol(
                    Condition::NotWellFormed,
                    format!("unexpected <{}/>", el.name()),
                )
            }
        }
    }

    fn on_negotiation(&mut self, phase: Phase, el: Element) -> Result<(), SessionError> {
        if el.is("starttls", ns::TLS) {
            if phase == Phase::Initial && self.config.tls_available {
                self.out
                    .push_element(&Element::new("proceed", ns::TLS), ns::JABBER_CLIENT);
                self.state = State::AwaitTls;
                self.events.push(ServerEvent::StartTls);
                return Ok(());
            }
            self.out
                .push_element(&Element::new("failure", ns::TLS), ns::JABBER_CLIENT);
            self.out.push(STREAM_CLOSE);
            let err =
                SessionError::InvalidState("client asked for STARTTLS where it is not offered");
            self.finish(CloseReason::Error(err.clone()));
            return Err(err);
        }
        if el.is("auth", ns::SASL) {
            if phase == Phase::Initial && self.config.tls_available && self.config.require_tls {
                return self.sasl_failure(phase, FailureCondition::EncryptionRequired, None);
            }
            let name = el.attr("mechanism").unwrap_or_default().to_owned();
            let sasl_config = self.sasl_config();
            // Only SCRAM uses a nonce: PLAIN, ANONYMOUS and EXTERNAL work
            // without a random source.
            let nonce = match &self.config.nonce {
                Some(n) => Ok(n.clone()),
                None if name.starts_with("SCRAM-") => random_nonce(),
                None => Ok(String::new()),
            };
            let mech = nonce.and_then(|n| ServerMechanism::new(&name, &sasl_config, &n));
            let mut mech = match mech {
                Ok(m) => m,
                Err(e) => return self.sasl_failure(phase, e.condition(), None),
            };
            let text = el.text();
            let initial = if text.trim().is_empty() {
                None
            } else {
                match sasl_payload(&el) {
                    Ok(d) => Some(d),
                    Err(e) => return self.sasl_failure(phase, e.condition(), None),
                }
            };
            let store = Arc::clone(&self.config.credentials);
            let step = mech.start(&*store, initial.as_deref());
            return self.after_sasl_step(phase, Box::new(mech), step);
        }
        self.state = State::Negotiating(phase);
        self.protocol(
            Condition::NotAuthorized,
            format!("<{}/> before authentication", el.name()),
        )
    }

    fn on_sasl(&mut self, mut mech: Box<ServerMechanism>, el: Element) -> Result<(), SessionError> {
        let phase = if self.tls {
            Phase::Secured
        } else {
            Phase::Initial
        };
        if el.is("response", ns::SASL) {
            let step = sasl_payload(&el).and_then(|d| {
                let store = Arc::clone(&self.config.credentials);
                mech.step(&*store, &d)
            });
            return self.after_sasl_step(phase, mech, step);
        }
        if el.is("abort", ns::SASL) {
            return self.sasl_failure(phase, FailureCondition::Aborted, None);
        }
        self.state = State::Sasl(mech);
        self.protocol(
            Condition::NotAuthorized,
            format!("<{}/> during SASL", el.name()),
        )
    }

    fn after_sasl_step(
        &mut self,
        phase: Phase,
        mech: Box<ServerMechanism>,
        step: Result<ServerStep, sasl::SaslError>,
    ) -> Result<(), SessionError> {
        match step {
            Ok(ServerStep::Challenge(data)) => {
                self.out
                    .push_element(&sasl_element("challenge", &data, false), ns::JABBER_CLIENT);
                self.state = State::Sasl(mech);
                Ok(())
            }
            Ok(ServerStep::Success {
                additional_data,
                authcid,
                ..
            }) => {
                let data = additional_data.unwrap_or_default();
                self.out
                    .push_element(&sasl_element("success", &data, false), ns::JABBER_CLIENT);
                let mechanism = mech.mechanism();
                self.username = Some(authcid.clone());
                self.events.push(ServerEvent::Authenticated {
                    username: authcid,
                    mechanism,
                });
                self.parser.restart();
                self.state = State::AwaitHeader(Phase::Authenticated);
                Ok(())
            }
            Err(e) => self.sasl_failure(phase, e.condition(), None),
        }
    }

    fn sasl_failure(
        &mut self,
        phase: Phase,
        condition: FailureCondition,
        text: Option<&str>,
    ) -> Result<(), SessionError> {
        let mut failure = Element::builder("failure", ns::SASL)
            .append(Element::new(condition.as_str(), ns::SASL));
        if let Some(t) = text {
            failure = failure.append(
                Element::builder("text", ns::SASL)
                    .text(t.to_owned())
                    .build(),
            );
        }
        self.out.push_element(&failure.build(), ns::JABBER_CLIENT);
        if condition != FailureCondition::Aborted {
            self.auth_failures += 1;
        }
        if self.auth_failures >= self.config.max_auth_attempts {
            let err = SessionError::AuthFailed {
                condition,
                text: Some(format!(
                    "{} failed authentication attempts",
                    self.auth_failures
                )),
            };
            self.fail(err.clone(), Some(Condition::PolicyViolation));
            return Err(err);
        }
        self.state = State::Negotiating(phase);
        Ok(())
    }

    fn on_bind_request(&mut self, el: Element) -> Result<(), SessionError> {
        let is_bind = el.is("iq", ns::JABBER_CLIENT)
            && el.attr("type") == Some("set")
            && el.get_child("bind", ns::BIND).is_some();
        if !is_bind {
            // RFC 6120 §7.1: no stanzas before binding; an iq gets an error.
            if el.is("iq", ns::JABBER_CLIENT)
                && let (Some(id), Some("get" | "set")) = (el.attr("id"), el.attr("type"))
            {
                let reply = Iq::empty_result(None, id.to_owned());
                let reply = Iq {
                    payload: IqPayload::Error {
                        error: StanzaError::new(DefinedCondition::NotAuthorized),
                        payloads: Vec::new(),
                    },
                    ..reply
                };
                self.write_stanza(&Element::from(reply));
            }
            self.state = State::AwaitBind;
            return Ok(());
        }
        let id = ByteStr::from(el.attr("id").unwrap_or_default().to_owned());
        let requested = el
            .get_child("bind", ns::BIND)
            .and_then(|b| b.get_child("resource", ns::BIND))
            .map(|r| r.text().trim().to_owned())
            .filter(|r| !r.is_empty());
        self.state = State::BindPending { id };
        self.events.push(ServerEvent::BindRequest { requested });
        Ok(())
    }

    fn on_stanza(&mut self, el: Element) {
        // Legacy session establishment (RFC 3921 §3) is a no-op success.
        if el.is("iq", ns::JABBER_CLIENT)
            && el.attr("type") == Some("set")
            && el.get_child("session", ns::SESSION).is_some()
        {
            if let Some(id) = el.attr("id") {
                let reply = Iq::empty_result(self.jid.clone().map(Jid::from), id.to_owned());
                self.emit_internal(reply.into());
            }
            return;
        }
        match Stanza::try_from(el.clone()) {
            Ok(mut stanza) => {
                // The server stamps `from`: a client cannot spoof it
                // (RFC 6120 §8.1.2.1).
                if let Some(jid) = &self.jid {
                    // Subscription presence carries the bare JID (RFC 6120
                    // §8.1.2.1, RFC 6121 §3.1.2).
                    let from = if is_subscription(&stanza) {
                        Jid::from(jid.to_bare())
                    } else {
                        Jid::from(jid.clone())
                    };
                    set_from(&mut stanza, from);
                }
                // RFC 6120 §8.1.5: the stream's language where the stanza
                // names none.
                if let Some(lang) = &self.stream_lang {
                    set_lang_if_missing(&mut stanza, lang);
                }
                self.events.push(ServerEvent::Stanza(stanza));
            }
            Err(error) => {
                if let Some(mut reply) = error_reply_for_invalid(&el, &error) {
                    reply.set_from(None);
                    self.emit_internal(reply);
                }
            }
        }
    }

    fn finish(&mut self, reason: CloseReason) {
        self.state = State::Closed;
        self.events.push(ServerEvent::Closed(reason));
    }
}

impl Machine for ServerSession {
    fn parser(&mut self) -> &mut StreamParser {
        &mut self.parser
    }

    fn paused(&self) -> bool {
        matches!(self.state, State::Closed | State::AwaitTls)
    }

    fn step(&mut self, incoming: Incoming) -> Result<(), SessionError> {
        match incoming.flow(matches!(self.state, State::Closing), &mut self.out) {
            Flow::Header(h) => self.on_header(h),
            Flow::Element(el) => self.on_element(el),
            Flow::Closed(reason) => {
                // A closed stream is a finished session (XEP-0198 §5), also
                // when the client ended it with a stream error.
                self.closed_by_peer = true;
                let result = reason.as_result();
                self.finish(reason);
                result
            }
        }
    }

    fn fail(&mut self, err: SessionError, condition: Option<Condition>) {
        if matches!(self.state, State::AwaitHeader(_)) {
            // A stream error needs our stream header first.
            self.send_header(None);
        }
        if let Some(c) = condition {
            self.out
                .push_element(&stream_error_element(c, None), ns::JABBER_CLIENT);
        }
        self.out.push(STREAM_CLOSE);
        self.finish(CloseReason::Error(err));
    }
}

/// How long a detached session is held when neither side set a limit.
const DEFAULT_RESUME_SECS: u32 = 300;

/// [`ServerConfig::negotiation_timeout`] by default.
const DEFAULT_NEGOTIATION_TIMEOUT: Duration = Duration::from_secs(60);

/// [`ServerConfig::close_timeout`] by default.
const DEFAULT_CLOSE_TIMEOUT: Duration = Duration::from_secs(10);

fn set_from(stanza: &mut Stanza, from: Jid) {
    match stanza {
        Stanza::Message(m) => m.from = Some(from),
        Stanza::Presence(p) => p.from = Some(from),
        Stanza::Iq(i) => i.from = Some(from),
    }
}

fn set_lang_if_missing(stanza: &mut Stanza, lang: &ByteStr) {
    let slot = match stanza {
        Stanza::Message(m) => &mut m.lang,
        Stanza::Presence(p) => &mut p.lang,
        Stanza::Iq(i) => &mut i.lang,
    };
    if slot.is_none() {
        *slot = Some(lang.clone());
    }
}

/// A presence that manages a subscription (RFC 6121 §3).
fn is_subscription(stanza: &Stanza) -> bool {
    matches!(
        stanza,
        Stanza::Presence(p) if matches!(
            p.presence_type,
            PresenceType::Subscribe
                | PresenceType::Subscribed
                | PresenceType::Unsubscribe
                | PresenceType::Unsubscribed
        )
    )
}

/// A plausible language tag for our header (RFC 5646 letters, digits and
/// hyphens): anything else is answered with our default, `en`.
fn is_language_tag(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

#[cfg(feature = "getrandom")]
fn random_nonce() -> Result<String, sasl::SaslError> {
    sasl::random_nonce()
}

#[cfg(not(feature = "getrandom"))]
fn random_nonce() -> Result<String, sasl::SaslError> {
    Err(sasl::SaslError::NonceRequired)
}
