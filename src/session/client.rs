//! [`ClientSession`]: the client side of a c2s connection
//! ([RFC 6120 §9.1](https://www.rfc-editor.org/rfc/rfc6120#section-9.1)).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::common::{
    CloseReason, Events, Flow, IdSource, Incoming, Machine, Outbox, SessionError, is_features,
    sasl_element, sasl_payload, stream_error_element,
};
use super::sm::{self, AckStep, ResumptionState, Sm, SmConfig, SmTick};
use crate::jid::{FullJid, Jid};
use crate::sasl::{self, ChannelBinding, ClientMechanism, FailureCondition, Mechanism};
use crate::stanza::xep::sm::{Enable, Enabled, Failed, Resume, Resumed};
use crate::stanza::{Iq, IqPayload, Stanza, StanzaParseError};
use crate::stream::{Condition, Limits, STREAM_CLOSE, StreamHeader, StreamParser};
use crate::xml::{ByteStr, Element, ns};

/// How the client treats TLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TlsPolicy {
    /// Use STARTTLS; refuse to continue if the server does not offer it
    /// (the secure default).
    #[default]
    Required,
    /// Use STARTTLS when offered, continue in plaintext otherwise. PLAIN is
    /// still refused without TLS unless
    /// [`ClientConfig::allow_plaintext_auth`] is set.
    Optional,
    /// Never negotiate TLS (e.g. a loopback test server).
    Disabled,
    /// The transport is already TLS (XEP-0368 direct TLS); STARTTLS is not
    /// negotiated. Give channel-binding data with
    /// [`ClientConfig::channel_binding`].
    Direct,
}

/// What a [`ClientSession`] needs to log in.
#[derive(Clone)]
pub struct ClientConfig {
    /// The account; a resource in it is requested at binding.
    pub jid: Jid,
    /// The password.
    pub password: String,
    /// TLS policy (default: STARTTLS required).
    pub tls: TlsPolicy,
    /// Allow PLAIN over an unencrypted stream (default `false`).
    pub allow_plaintext_auth: bool,
    /// Channel-binding data for `-PLUS` mechanisms when the transport is
    /// direct TLS (for STARTTLS, pass it to
    /// [`ClientSession::tls_established`]).
    pub channel_binding: Option<ChannelBinding>,
    /// Restrict SASL to this mechanism (by name), e.g. for tests.
    pub mechanism: Option<String>,
    /// The SCRAM client nonce. `None` draws one from the OS (feature
    /// `getrandom`); tests inject a fixed value.
    pub nonce: Option<String>,
    /// Minimum SCRAM iteration count accepted (default 4096).
    pub min_scram_iterations: u32,
    /// Prefix of the stanza ids this session generates.
    pub id_prefix: String,
    /// Stream limits for what the server sends.
    pub limits: Limits,
    /// Send a whitespace keepalive after this long without sending anything.
    pub keepalive_interval: Option<Duration>,
    /// Send an XEP-0199 ping after this long without receiving anything.
    pub ping_interval: Option<Duration>,
    /// Close the session if a ping is not answered within this long.
    pub ping_timeout: Duration,
    /// How long an iq request may await its response before an
    /// [`ClientEvent::IqTimeout`].
    pub iq_timeout: Duration,
    /// How long to wait for the server's `</stream:stream>` after
    /// [`ClientSession::close`] before considering the stream void (RFC
    /// 6120 §4.4) and ending the session with
    /// [`SessionError::CloseTimeout`]. Default 10 s: slixmpp waits 2 s and
    /// Smack 5 s (its reply timeout); a slower mobile link gets some slack,
    /// and nothing is lost by giving up on a close.
    pub close_timeout: Duration,
    /// How long the negotiation may take, from [`ClientSession::new`] until
    /// [`ClientEvent::Online`] (or [`ClientEvent::Resumed`]), TLS handshake
    /// included, before the session ends with
    /// [`SessionError::NegotiationTimeout`]. Default 60 s: Smack allows 5 s
    /// per step, and a login takes up to a dozen round trips plus SCRAM's
    /// key derivation on a slow device. `Duration::MAX` disables it.
    pub negotiation_timeout: Duration,
    /// The most iq requests awaiting a response at once.
    pub max_pending_iqs: usize,
    /// `xml:lang` of the stream.
    pub lang: String,
    /// Stream management (XEP-0198), used when the server offers it
    /// (default: on, resumable). `None` never enables it.
    pub stream_management: Option<SmConfig>,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("jid", &self.jid)
            .field("password", &"<redacted>")
            .field("tls", &self.tls)
            .field("allow_plaintext_auth", &self.allow_plaintext_auth)
            .field("mechanism", &self.mechanism)
            .finish_non_exhaustive()
    }
}

impl ClientConfig {
    /// A configuration with secure defaults for `jid` and `password`.
    pub fn new(jid: Jid, password: impl Into<String>) -> ClientConfig {
        ClientConfig {
            jid,
            password: password.into(),
            tls: TlsPolicy::Required,
            allow_plaintext_auth: false,
            channel_binding: None,
            mechanism: None,
            nonce: None,
            min_scram_iterations: 4096,
            id_prefix: "c".into(),
            limits: Limits::default(),
            keepalive_interval: Some(Duration::from_secs(60)),
            ping_interval: Some(Duration::from_secs(300)),
            ping_timeout: Duration::from_secs(60),
            iq_timeout: Duration::from_secs(120),
            close_timeout: Duration::from_secs(10),
            negotiation_timeout: Duration::from_secs(60),
            max_pending_iqs: 1024,
            lang: "en".into(),
            stream_management: Some(SmConfig::default()),
        }
    }

    /// Sets the stream management policy (`None` turns it off).
    pub fn with_stream_management(mut self, sm: Option<SmConfig>) -> Self {
        self.stream_management = sm;
        self
    }

    /// Sets the TLS policy.
    pub fn with_tls(mut self, tls: TlsPolicy) -> Self {
        self.tls = tls;
        self
    }

    /// Allows PLAIN over an unencrypted stream.
    pub fn with_plaintext_auth(mut self, allow: bool) -> Self {
        self.allow_plaintext_auth = allow;
        self
    }

    /// Restricts SASL to the mechanism named `mech`.
    pub fn with_mechanism(mut self, mech: impl Into<String>) -> Self {
        self.mechanism = Some(mech.into());
        self
    }

    /// Uses a fixed SCRAM client nonce (for tests and published vectors).
    pub fn with_nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = Some(nonce.into());
        self
    }
}

/// What a [`ClientSession`] reports.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
// Stanzas travel inline: boxing them would cost an allocation per stanza.
#[allow(clippy::large_enum_variant)]
pub enum ClientEvent {
    /// The server agreed to STARTTLS: upgrade the transport to TLS now,
    /// then call [`ClientSession::tls_established`].
    StartTls,
    /// SASL succeeded with this mechanism; the stream restarts.
    Authenticated {
        /// The mechanism used.
        mechanism: Mechanism,
    },
    /// Resource binding is done: stanzas can flow.
    Online {
        /// The full JID the server bound.
        jid: FullJid,
    },
    /// A stanza from the server (iq responses to our requests come as
    /// [`ClientEvent::IqResponse`] instead; a `result` or `error` with a
    /// pending request's id but from another sender than the request's
    /// addressee is not a response and comes here).
    Stanza(Stanza),
    /// The response (`result` or `error`) to an iq this session sent. It
    /// matches the request's id and comes from the request's addressee
    /// (RFC 6120 §8.2.3); for a request to the account (no `to`, or its
    /// bare JID), from the server on its behalf: no `from`, the bare JID,
    /// the session's full JID or the server's domain.
    IqResponse {
        /// The request's id.
        id: String,
        /// The response.
        iq: Iq,
    },
    /// An iq request got no response within [`ClientConfig::iq_timeout`].
    IqTimeout {
        /// The request's id.
        id: String,
    },
    /// A stanza from the server that could not be parsed; an iq request
    /// was answered with an error for the sender.
    InvalidStanza {
        /// The element as received.
        element: Element,
        /// Why it is invalid.
        error: StanzaParseError,
    },
    /// Stream management is on (`<enabled/>`, XEP-0198 §3): sent stanzas
    /// are acknowledged from now on.
    SmEnabled {
        /// The server allows resuming the stream
        /// ([`ClientSession::into_resumption_state`]).
        resumable: bool,
    },
    /// The server refused to enable stream management (`<failed/>`); the
    /// session goes on without it.
    SmFailed {
        /// The stanza error condition the server gave, if any.
        condition: Option<String>,
    },
    /// The server acknowledged these stanzas (oldest first).
    Acked {
        /// The stanzas acknowledged.
        stanzas: Vec<Stanza>,
    },
    /// The former stream was resumed (XEP-0198 §5): stanzas flow again, and
    /// the stanzas the server had not handled were sent again.
    Resumed {
        /// The session's full JID (the former one).
        jid: FullJid,
        /// How many unacknowledged stanzas were sent again.
        resent: usize,
    },
    /// The server could not resume the former stream. The stanzas it had
    /// not handled are handed back (resend them with `send` once
    /// [`ClientEvent::Online`] follows: the session binds a resource
    /// afresh).
    ResumeFailed {
        /// The stanza error condition the server gave, if any.
        condition: Option<String>,
        /// The former stream's unacknowledged stanzas, oldest first.
        unacked: Vec<Stanza>,
    },
    /// The session ended.
    Closed(CloseReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before TLS and SASL.
    Initial,
    /// After TLS, before SASL.
    Secured,
    /// After SASL.
    Authenticated,
}

#[derive(Debug)]
enum State {
    AwaitHeader(Phase),
    AwaitFeatures(Phase),
    AwaitProceed,
    AwaitTls,
    Sasl(Box<ClientMechanism>),
    Binding {
        id: String,
    },
    /// `<resume/>` sent; the features are kept to bind if it fails.
    Resuming {
        features: Box<Element>,
    },
    Session {
        id: String,
        jid: FullJid,
    },
    Online,
    /// We sent `</stream:stream>` and wait for the server's.
    Closing,
    Closed,
}

/// An iq request awaiting its response.
#[derive(Debug)]
struct PendingIq {
    deadline: Option<Instant>,
    /// The request's `to`: who may answer it ([`response_from_ok`]).
    to: Option<Jid>,
}

/// The last XEP-0199 keep-alive ping sent. It is kept (not counted as a
/// pending iq) until answered or replaced by the next ping, so that a late
/// answer is recognised and not handed to the application.
#[derive(Debug)]
struct Ping {
    id: String,
    to: Option<Jid>,
    /// When the session fails unless something arrives first; `None` once
    /// other traffic showed the server alive.
    deadline: Option<Instant>,
}

/// The client side of an XMPP c2s connection, sans-IO.
///
/// ```
/// use std::time::Instant;
/// use xmpp_sansio::session::{ClientConfig, ClientSession, TlsPolicy};
///
/// let config = ClientConfig::new("alice@localhost".parse()?, "alicepass")
///     .with_tls(TlsPolicy::Disabled)
///     .with_plaintext_auth(true)
///     .with_nonce("fixed-nonce");
/// let mut client = ClientSession::new(config, Instant::now());
/// let hello = client.poll_transmit().unwrap();
/// assert!(hello.starts_with(b"<?xml version='1.0'?><stream:stream"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ClientSession {
    config: ClientConfig,
    parser: StreamParser,
    state: State,
    out: Outbox,
    events: Events<ClientEvent>,
    ids: IdSource,
    tls: bool,
    channel_binding: Option<ChannelBinding>,
    stream_id: Option<ByteStr>,
    jid: Option<FullJid>,
    pending: HashMap<String, PendingIq>,
    now: Instant,
    last_rx: Instant,
    last_tx: Instant,
    rx_since_tick: bool,
    ping: Option<Ping>,
    /// Until online: when the negotiation times out (`None`: never).
    negotiation_deadline: Option<Instant>,
    /// In `Closing`: when the server's close is overdue.
    close_deadline: Option<Instant>,
    session_required: bool,
    /// The server offered XEP-0198 after authentication.
    sm_offered: bool,
    /// Stream management, from `<enable/>` on.
    sm: Option<Sm>,
    /// The former stream to resume ([`ClientSession::resume`]).
    resume_from: Option<ResumptionState>,
}

impl ClientSession {
    /// Starts a session at `now`; the stream header is queued at once.
    pub fn new(config: ClientConfig, now: Instant) -> ClientSession {
        let tls = config.tls == TlsPolicy::Direct;
        let channel_binding = if tls {
            config.channel_binding.clone()
        } else {
            None
        };
        let negotiation_deadline = now.checked_add(config.negotiation_timeout);
        let mut s = ClientSession {
            parser: StreamParser::new(config.limits.clone()),
            ids: IdSource::new(config.id_prefix.clone()),
            config,
            state: State::AwaitHeader(if tls { Phase::Secured } else { Phase::Initial }),
            out: Outbox::default(),
            events: Events::default(),
            tls,
            channel_binding,
            stream_id: None,
            jid: None,
            pending: HashMap::new(),
            now,
            last_rx: now,
            last_tx: now,
            rx_since_tick: false,
            ping: None,
            negotiation_deadline,
            close_deadline: None,
            session_required: false,
            sm_offered: false,
            sm: None,
            resume_from: None,
        };
        s.open_stream();
        s
    }

    /// Starts a session on a new transport that resumes a former stream
    /// (XEP-0198 §5) after authentication: on success
    /// [`ClientEvent::Resumed`] follows and the stanzas the server had not
    /// handled are sent again; otherwise [`ClientEvent::ResumeFailed`]
    /// hands them back and the session binds a resource as
    /// [`ClientSession::new`] would.
    pub fn resume(config: ClientConfig, state: ResumptionState, now: Instant) -> ClientSession {
        let mut s = ClientSession::new(config, now);
        s.resume_from = Some(state);
        s
    }

    // ---- getters ----

    /// True once resource binding is done and until the session closes.
    pub fn is_online(&self) -> bool {
        matches!(self.state, State::Online)
    }

    /// True once the session has ended.
    pub fn is_closed(&self) -> bool {
        matches!(self.state, State::Closed)
    }

    /// The bound full JID, once online.
    pub fn jid(&self) -> Option<&FullJid> {
        self.jid.as_ref()
    }

    /// The id of the current stream, as the server gave it.
    pub fn stream_id(&self) -> Option<&str> {
        self.stream_id.as_deref()
    }

    /// True if the transport is TLS (STARTTLS done or direct TLS).
    pub fn is_secure(&self) -> bool {
        self.tls
    }

    /// True once stream management is enabled (or resumed).
    pub fn is_sm_enabled(&self) -> bool {
        self.sm.is_some()
    }

    /// The stanzas sent but not yet acknowledged by the server, oldest
    /// first (empty without stream management).
    pub fn unacked(&self) -> impl Iterator<Item = &Stanza> {
        self.sm.iter().flat_map(|sm| sm.unacked.iter())
    }

    /// A copy of what is needed to resume this stream on a new transport,
    /// when the server made it resumable; save it (e.g. with
    /// [`ResumptionState::to_bytes`]) to survive a restart.
    pub fn resumption_state(&self) -> Option<ResumptionState> {
        if let Some(former) = &self.resume_from {
            // Resumption not finished: the former state still holds.
            return Some(former.clone());
        }
        self.sm.as_ref()?.resumption_state(self.jid.as_ref()?)
    }

    /// Takes what is needed to resume this stream on a new transport (after
    /// the transport broke, or the session failed, e.g. with
    /// [`SessionError::AckTimeout`]). `None` when the stream is not
    /// resumable: the unacknowledged stanzas are then in
    /// [`ClientSession::take_unacked`].
    pub fn into_resumption_state(mut self) -> Option<ResumptionState> {
        if let Some(former) = self.resume_from.take() {
            return Some(former);
        }
        let jid = self.jid.take()?;
        self.sm.as_mut()?.take_state(&jid)
    }

    /// Takes the stanzas the server has not acknowledged, once the session
    /// is closed (for a stream that cannot or will not be resumed: resend
    /// them on a new session, or report them; XEP-0198 §4). After a broken
    /// transport, call [`ClientSession::transport_closed`] first. A session
    /// started with [`ClientSession::resume`] that closed before the
    /// resumption was answered hands back the former stream's stanzas.
    /// Empty while the session is open, and once taken.
    pub fn take_unacked(&mut self) -> Vec<Stanza> {
        if !self.is_closed() {
            return Vec::new();
        }
        let mut stanzas = Vec::new();
        if let Some(former) = &mut self.resume_from {
            stanzas.append(&mut former.unacked);
        }
        if let Some(sm) = &mut self.sm {
            stanzas.extend(std::mem::take(&mut sm.unacked));
        }
        stanzas
    }

    // ---- inputs ----

    /// Feeds bytes received from the transport.
    ///
    /// On an error the session is closed: the `<stream:error/>` (where the
    /// protocol calls for one) and the stream close are queued for
    /// `poll_transmit`, and a [`ClientEvent::Closed`] is queued.
    pub fn handle_input(&mut self, bytes: &[u8]) -> Result<(), SessionError> {
        if matches!(self.state, State::Closed) {
            return Err(SessionError::Closed);
        }
        if matches!(self.state, State::AwaitTls) {
            return Err(SessionError::InvalidState(
                "bytes arrived while waiting for the TLS upgrade; call tls_established first",
            ));
        }
        self.rx_since_tick = true;
        self.parser.feed(bytes);
        self.process()
    }

    /// Reports that the transport is now TLS, after [`ClientEvent::StartTls`];
    /// `channel_binding` is the TLS layer's binding data for `-PLUS`
    /// mechanisms (prefer `tls-exporter` on TLS 1.3).
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
        self.open_stream();
        self.process()
    }

    /// Reports that the transport ended (connection reset, TCP closed)
    /// without the server closing its stream. The session moves to closed
    /// and a [`ClientEvent::Closed`] with [`CloseReason::PeerClosed`] is
    /// queued; nothing more is written. Then either resume the stream on a
    /// new transport ([`ClientSession::into_resumption_state`]) or take the
    /// unacknowledged stanzas back with [`ClientSession::take_unacked`].
    /// Does nothing once the session is closed.
    pub fn transport_closed(&mut self) {
        if self.is_closed() {
            return;
        }
        // Nothing can be written any more.
        self.out.take();
        self.finish(CloseReason::PeerClosed);
    }

    /// Advances timers to `now`: the negotiation timeout until online;
    /// keepalives, pings, iq timeouts and stream-management acks once
    /// online; the close timeout after [`ClientSession::close`].
    pub fn handle_timeout(&mut self, now: Instant) {
        self.now = now;
        if self.rx_since_tick {
            self.rx_since_tick = false;
            self.last_rx = now;
            // Any traffic proves the server alive: the ping is no longer
            // awaited (a late answer to it is still recognised).
            if let Some(ping) = &mut self.ping {
                ping.deadline = None;
            }
        } else {
            // Quiet since the last tick: give back the parse buffers.
            self.parser.release_idle_memory();
            self.events.release_idle_memory();
            self.pending.shrink_to_fit();
        }
        match self.state {
            State::Online => {}
            State::Closed => return,
            State::Closing => {
                if self.close_deadline.is_some_and(|d| now >= d) {
                    // RFC 6120 §4.4: our close is sent; the server's is
                    // overdue, so both streams are void.
                    self.finish(CloseReason::Error(SessionError::CloseTimeout));
                }
                return;
            }
            _ => {
                if self.negotiation_deadline.is_some_and(|d| now >= d) {
                    self.negotiation_timed_out();
                }
                return;
            }
        }
        if let Some(Ping {
            deadline: Some(deadline),
            ..
        }) = &self.ping
            && now >= *deadline
        {
            self.fail(SessionError::PingTimeout, None);
            return;
        }
        let expired: Vec<String> = self
            .pending
            .iter()
            .filter(|(_, p)| p.deadline.is_some_and(|d| now >= d))
            .map(|(id, _)| id.clone())
            .collect();
        for id in expired {
            self.pending.remove(&id);
            self.events.push(ClientEvent::IqTimeout { id });
        }
        if let Some(sm) = &mut self.sm
            && let SmTick::AckTimeout = sm.handle_timeout(now, &mut self.out, ns::JABBER_CLIENT)
        {
            // No </stream:stream>: the transport is presumed dead, and a
            // closed stream could not be resumed (XEP-0198 §5).
            self.finish(CloseReason::Error(SessionError::AckTimeout));
            return;
        }
        if let Some(interval) = self.config.ping_interval
            && self.ping.as_ref().is_none_or(|p| p.deadline.is_none())
            && now >= self.last_rx + interval
        {
            let id = self.ids.next_id();
            // Ping the server itself (XEP-0199 §4.2: c2s pings address the
            // domain).
            let to = Jid::new(self.config.jid.domain()).ok();
            let mut ping =
                Iq::account_get(Element::new("ping", "urn:xmpp:ping")).with_id(id.clone());
            ping.to = to.clone();
            if self.emit(ping.into()).is_err() {
                return;
            }
            // A ping is not a pending iq: it never counts against
            // `max_pending_iqs`, and the next one replaces it.
            self.ping = Some(Ping {
                id,
                to,
                deadline: now.checked_add(self.config.ping_timeout),
            });
        }
        if let Some(interval) = self.config.keepalive_interval
            && now >= self.last_tx + interval
        {
            self.out.push(b" ");
            self.last_tx = now;
        }
    }

    /// Sends a stanza. An iq `get`/`set` without an id gets one from the
    /// session, and its response arrives as [`ClientEvent::IqResponse`];
    /// the id used is returned.
    pub fn send(&mut self, stanza: impl Into<Stanza>) -> Result<Option<String>, SessionError> {
        if !self.is_online() {
            return Err(match self.state {
                State::Closed | State::Closing => SessionError::Closed,
                _ => SessionError::NotOnline,
            });
        }
        let mut stanza = stanza.into();
        if let Some(sm) = &self.sm
            && sm.is_full()
        {
            return Err(SessionError::UnackedQueueFull {
                limit: sm.config.max_unacked,
            });
        }
        let mut tracked = None;
        if let Stanza::Iq(iq) = &mut stanza
            && iq.is_request()
        {
            if self.pending.len() >= self.config.max_pending_iqs {
                return Err(SessionError::TooManyPendingIqs {
                    limit: self.config.max_pending_iqs,
                });
            }
            if iq.id.is_empty() {
                iq.id = self.ids.next_id().into();
            }
            let id = iq.id.to_string();
            self.pending.insert(
                id.clone(),
                PendingIq {
                    deadline: Some(self.now + self.config.iq_timeout),
                    to: iq.to.clone(),
                },
            );
            tracked = Some(id);
        }
        self.emit(stanza)?;
        Ok(tracked)
    }

    /// Closes the stream gracefully (RFC 6120 §4.4): `</stream:stream>` is
    /// queued and the session waits for the server's close, at most
    /// [`ClientConfig::close_timeout`] from the last instant given to
    /// [`ClientSession::handle_timeout`] (or to [`ClientSession::new`]).
    pub fn close(&mut self) {
        match self.state {
            State::Closed | State::Closing => {}
            _ => {
                sm::write_close(self.sm.as_ref(), self.is_online(), &mut self.out);
                self.state = State::Closing;
                self.close_deadline = self.now.checked_add(self.config.close_timeout);
            }
        }
    }

    // ---- outputs ----

    /// Bytes to write to the transport, if any.
    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        let out = self.out.take();
        if out.is_some() {
            self.last_tx = self.now;
        }
        out
    }

    /// The next event, if any.
    pub fn poll_event(&mut self) -> Option<ClientEvent> {
        self.events.pop()
    }

    /// When [`ClientSession::handle_timeout`] must be called next: the
    /// negotiation deadline until online, the close deadline while closing,
    /// `None` once closed.
    pub fn poll_timeout(&self) -> Option<Instant> {
        match self.state {
            State::Online => {}
            State::Closed => return None,
            State::Closing => return self.close_deadline,
            _ => return self.negotiation_deadline,
        }
        let mut t: Option<Instant> = None;
        let mut consider = |i: Instant| t = Some(t.map_or(i, |x| x.min(i)));
        if let Some(k) = self.config.keepalive_interval {
            consider(self.last_tx + k);
        }
        match self.ping.as_ref().and_then(|p| p.deadline) {
            Some(deadline) => consider(deadline),
            None => {
                if let Some(p) = self.config.ping_interval {
                    consider(self.last_rx + p);
                }
            }
        }
        for p in self.pending.values() {
            if let Some(d) = p.deadline {
                consider(d);
            }
        }
        if let Some(d) = self.sm.as_ref().and_then(Sm::poll_timeout) {
            consider(d);
        }
        t
    }

    // ---- internals ----

    fn open_stream(&mut self) {
        let header = StreamHeader {
            from: None,
            to: Some(ByteStr::from(self.config.jid.domain().to_owned())),
            id: None,
            version: Some(ByteStr::from_static("1.0")),
            lang: Some(ByteStr::from(self.config.lang.clone())),
            ns: ByteStr::from_static(ns::JABBER_CLIENT),
        };
        self.out.push(&header.to_bytes());
    }

    fn write_stanza(&mut self, el: &Element) {
        self.out.push_element(el, ns::JABBER_CLIENT);
    }

    fn emit(&mut self, stanza: Stanza) -> Result<(), SessionError> {
        sm::emit(&mut self.sm, &mut self.out, stanza, self.now)
    }

    /// Sends a stanza the session owes the server (a reply); a full
    /// stream-management queue ends the session (the server is not
    /// acknowledging what it asks for).
    fn emit_internal(&mut self, stanza: Stanza) {
        if let Err(err) = self.emit(stanza) {
            self.fail(err, Some(Condition::ResourceConstraint));
        }
    }

    fn on_header(&mut self, h: StreamHeader) -> Result<(), SessionError> {
        let State::AwaitHeader(phase) = self.state else {
            return self.protocol(Condition::NotWellFormed, "unexpected second stream header");
        };
        if &*h.ns != ns::JABBER_CLIENT {
            return self.protocol(
                Condition::InvalidNamespace,
                format!(
                    "stream content namespace is '{}', expected jabber:client",
                    h.ns
                ),
            );
        }
        // RFC 6120 §4.7.5: a numeric comparison, not a string match; any
        // 1.x interoperates with 1.0.
        if let Err(why) = super::common::check_version(h.version.as_deref()) {
            return self.protocol(
                Condition::UnsupportedVersion,
                format!("the server does not speak XMPP 1.0: {why}"),
            );
        }
        self.stream_id = h.id;
        self.state = State::AwaitFeatures(phase);
        Ok(())
    }

    fn on_element(&mut self, el: Element) -> Result<(), SessionError> {
        match std::mem::replace(&mut self.state, State::Closed) {
            State::AwaitFeatures(phase) => {
                if !is_features(&el) {
                    self.state = State::AwaitFeatures(phase);
                    return self.protocol(
                        Condition::NotAuthorized,
                        format!("expected <stream:features/>, got <{}/>", el.name()),
                    );
                }
                self.on_features(phase, el)
            }
            State::AwaitProceed => {
                if el.is("proceed", ns::TLS) {
                    self.state = State::AwaitTls;
                    self.events.push(ClientEvent::StartTls);
                    Ok(())
                } else if el.is("failure", ns::TLS) {
                    self.state = State::AwaitProceed;
                    let err = SessionError::TlsRefused;
                    self.finish(CloseReason::Error(err.clone()));
                    Err(err)
                } else {
                    self.state = State::AwaitProceed;
                    self.protocol(
                        Condition::NotAuthorized,
                        format!("expected <proceed/>, got <{}/>", el.name()),
                    )
                }
            }
            State::Sasl(mech) => self.on_sasl(mech, el),
            State::Binding { id } => self.on_bind_result(id, el),
            State::Session { id, jid } => {
                if el.is("iq", ns::JABBER_CLIENT) && el.attr("id") == Some(id.as_str()) {
                    if el.attr("type") == Some("result") {
                        self.go_online(jid);
                        Ok(())
                    } else {
                        let err = SessionError::InvalidState("session establishment failed");
                        self.fail(err.clone(), None);
                        Err(err)
                    }
                } else {
                    self.state = State::Session { id, jid };
                    Ok(())
                }
            }
            State::Resuming { features } => self.on_resume_answer(*features, el),
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
                    Condition::UnsupportedStanzaType,
                    format!("unexpected <{}/> during negotiation", el.name()),
                )
            }
        }
    }

    fn on_features(&mut self, phase: Phase, features: Element) -> Result<(), SessionError> {
        match phase {
            Phase::Initial => {
                let offered = features.has_child("starttls", ns::TLS);
                match self.config.tls {
                    TlsPolicy::Required | TlsPolicy::Optional if offered => {
                        self.out
                            .push_element(&Element::new("starttls", ns::TLS), ns::JABBER_CLIENT);
                        self.state = State::AwaitProceed;
                        Ok(())
                    }
                    TlsPolicy::Required => {
                        let err = SessionError::TlsRequired;
                        self.fail(err.clone(), Some(Condition::PolicyViolation));
                        Err(err)
                    }
                    _ => self.start_sasl(&features),
                }
            }
            Phase::Secured => self.start_sasl(&features),
            Phase::Authenticated => {
                if !features.has_child("bind", ns::BIND) {
                    return self.protocol(
                        Condition::UnsupportedFeature,
                        "the server offers no resource binding after authentication",
                    );
                }
                // Prosody re-advertises <starttls/> after SASL on a plaintext
                // stream: it is ignored here.
                self.sm_offered = features.has_child("sm", sm::NS);
                if let Some(former) = self.resume_from.take() {
                    if self.sm_offered && self.config.stream_management.is_some() {
                        let resume = Resume {
                            h: former.handled,
                            previd: former.id.clone(),
                            unknown: Default::default(),
                        };
                        self.out
                            .push_element(&Element::from(resume), ns::JABBER_CLIENT);
                        self.resume_from = Some(former);
                        self.state = State::Resuming {
                            features: Box::new(features),
                        };
                        return Ok(());
                    }
                    self.events.push(ClientEvent::ResumeFailed {
                        condition: Some("feature-not-implemented".into()),
                        unacked: former.unacked,
                    });
                }
                self.bind(&features);
                Ok(())
            }
        }
    }

    /// Sends the bind request (RFC 6120 §7).
    fn bind(&mut self, features: &Element) {
        {
            {
                let id = self.ids.next_id();
                let mut bind = Element::new("bind", ns::BIND);
                if let Some(r) = self.config.jid.resource() {
                    bind.append_child(
                        Element::builder("resource", ns::BIND)
                            .text(r.to_owned())
                            .build(),
                    );
                }
                let iq = Iq::account_set(bind).with_id(id.clone());
                self.write_stanza(&Element::from(iq));
                // Remember whether a legacy session must be established.
                let session_required = features
                    .get_child("session", ns::SESSION)
                    .is_some_and(|s| !s.has_child("optional", ns::SESSION));
                self.session_required = session_required;
                self.state = State::Binding { id };
            }
        }
    }

    fn start_sasl(&mut self, features: &Element) -> Result<(), SessionError> {
        let Some(mechs) = features.get_child("mechanisms", ns::SASL) else {
            // A server that requires TLS offers only <starttls/> before it
            // (RFC 6120 §5.3.1): say that, not just "no mechanisms".
            let reason = if !self.tls && features.has_child("starttls", ns::TLS) {
                "the server offers SASL only after STARTTLS, which TlsPolicy::Disabled forbids"
            } else {
                "the server offers no SASL mechanisms"
            };
            return self.protocol(Condition::UnsupportedFeature, reason);
        };
        let names: Vec<std::borrow::Cow<'_, str>> = mechs
            .children()
            .filter(|m| m.is("mechanism", ns::SASL))
            .map(|m| m.text())
            .collect();
        let mut offered: Vec<&str> = names.iter().map(|n| n.trim()).collect();
        // Whether the server supports channel binding at all, from the whole
        // list (before a forced mechanism narrows it).
        let server_offers_plus = offered.iter().any(|m| is_plus(m));
        if let Some(only) = &self.config.mechanism {
            offered.retain(|m| m == only);
        }
        // XEP-0440: the channel-binding types the server supports.
        let cb_types: Option<Vec<String>> = features
            .get_child("sasl-channel-binding", sasl::SASL_CHANNEL_BINDING_NS)
            .map(|l| {
                l.children()
                    .filter(|c| c.name() == "channel-binding")
                    .filter_map(|c| c.attr("type").map(str::to_owned))
                    .collect()
            });
        let cb_refs: Option<Vec<&str>> = cb_types
            .as_ref()
            .map(|v| v.iter().map(String::as_str).collect());
        let sasl_config = self.sasl_config(server_offers_plus, cb_refs.as_deref());
        let selection = match sasl::select_mechanism(&offered, cb_refs.as_deref(), &sasl_config) {
            Ok(s) => s,
            Err(e) => {
                let err = SessionError::Sasl(e);
                self.fail(err.clone(), None);
                return Err(err);
            }
        };
        // Only SCRAM uses a nonce: PLAIN, ANONYMOUS and EXTERNAL work
        // without a random source.
        let nonce = match &self.config.nonce {
            Some(n) => n.clone(),
            None if !selection.mechanism.as_str().starts_with("SCRAM-") => String::new(),
            None => match random_nonce() {
                Ok(n) => n,
                Err(e) => {
                    let err = SessionError::Sasl(e);
                    self.fail(err.clone(), None);
                    return Err(err);
                }
            },
        };
        let mut mech = match ClientMechanism::new(selection, &sasl_config, &nonce) {
            Ok(m) => m,
            Err(e) => {
                let err = SessionError::Sasl(e);
                self.fail(err.clone(), None);
                return Err(err);
            }
        };
        let initial = match mech.initial_response() {
            Ok(i) => i,
            Err(e) => {
                let err = SessionError::Sasl(e);
                self.fail(err.clone(), None);
                return Err(err);
            }
        };
        let mut auth = sasl_element("auth", &initial, true);
        auth.set_attr("mechanism", mech.mechanism().as_str());
        self.out.push_element(&auth, ns::JABBER_CLIENT);
        self.state = State::Sasl(Box::new(mech));
        Ok(())
    }

    /// The SASL configuration for this exchange: whether our channel
    /// binding (if we have one) is handed to mechanism selection.
    ///
    /// - The server offers no `-PLUS` mechanism: it is, so that SCRAM sends
    ///   the GS2 flag `y` ("I could bind, you did not offer it"). RFC 5802
    ///   §6 forbids `n` then, and XEP-0440 §4 requires `y`: a man in the
    ///   middle who terminates TLS controls the features and may strip
    ///   `-PLUS`; `y` is covered by the client proof, so the real server
    ///   detects the downgrade. Servers without channel binding accept `y`
    ///   (Prosody and ejabberd get `y` from slixmpp).
    /// - The server lists its binding types (XEP-0440): it is, and the
    ///   selection binds when our type is listed.
    /// - The server offers `-PLUS` without a list: only for `tls-unique`,
    ///   the RFC 5929 default that servers without XEP-0440 implement
    ///   (ejabberd 23.01 knows only `tls-unique`); with another type the
    ///   client does not bind and sends `n` (a `y` would make a server that
    ///   binds fail the exchange as a downgrade).
    /// - The caller forced a mechanism: it is for a `-PLUS` one; for
    ///   another, as above when the server offers no `-PLUS`, else not
    ///   (the caller chose not to bind: `n`).
    fn sasl_config(
        &self,
        server_offers_plus: bool,
        server_cb_types: Option<&[&str]>,
    ) -> sasl::ClientConfig {
        let username = self.config.jid.node().unwrap_or_default();
        let mut c = sasl::ClientConfig::new(username, self.config.password.clone())
            .with_tls(self.tls)
            .with_plaintext_allowed(self.config.allow_plaintext_auth)
            .with_iterations(self.config.min_scram_iterations, sasl_max_iterations());
        let forced = self.config.mechanism.as_deref();
        if let Some(cb) = &self.channel_binding {
            let usable = !server_offers_plus
                || match (forced, server_cb_types) {
                    (Some(m), _) => is_plus(m),
                    (None, Some(_)) => true,
                    (None, None) => cb.kind == sasl::ChannelBindingType::TlsUnique,
                };
            if usable {
                c = c.with_channel_binding(cb.clone());
            }
        }
        c
    }

    fn on_sasl(&mut self, mut mech: Box<ClientMechanism>, el: Element) -> Result<(), SessionError> {
        if el.is("challenge", ns::SASL) {
            let result = sasl_payload(&el).and_then(|c| mech.respond(&c));
            match result {
                Ok(resp) => {
                    self.out
                        .push_element(&sasl_element("response", &resp, false), ns::JABBER_CLIENT);
                    self.state = State::Sasl(mech);
                    Ok(())
                }
                Err(e) => self.sasl_abort(e),
            }
        } else if el.is("success", ns::SASL) {
            match sasl_payload(&el).and_then(|d| mech.finish(&d)) {
                Ok(()) => {
                    self.events.push(ClientEvent::Authenticated {
                        mechanism: mech.mechanism(),
                    });
                    self.parser.restart();
                    self.state = State::AwaitHeader(Phase::Authenticated);
                    self.open_stream();
                    Ok(())
                }
                Err(e) => {
                    // The server's signature did not verify: do not trust it.
                    let err = SessionError::Sasl(e);
                    self.fail(err.clone(), None);
                    Err(err)
                }
            }
        } else if el.is("failure", ns::SASL) {
            let condition = el
                .children()
                .filter(|c| c.ns() == ns::SASL && c.name() != "text")
                .find_map(|c| FailureCondition::from_name(c.name()))
                .unwrap_or(FailureCondition::NotAuthorized);
            let text = el
                .get_child("text", ns::SASL)
                .map(|t| t.text().into_owned());
            let err = SessionError::AuthFailed { condition, text };
            self.out.push(STREAM_CLOSE);
            self.finish(CloseReason::Error(err.clone()));
            Err(err)
        } else {
            self.state = State::Sasl(mech);
            self.protocol(
                Condition::NotAuthorized,
                format!("unexpected <{}/> during SASL", el.name()),
            )
        }
    }

    fn sasl_abort(&mut self, e: sasl::SaslError) -> Result<(), SessionError> {
        self.out
            .push_element(&Element::new("abort", ns::SASL), ns::JABBER_CLIENT);
        let err = SessionError::Sasl(e);
        self.fail(err.clone(), None);
        Err(err)
    }

    fn on_bind_result(&mut self, id: String, el: Element) -> Result<(), SessionError> {
        if !(el.is("iq", ns::JABBER_CLIENT) && el.attr("id") == Some(id.as_str())) {
            // Servers may send other stanzas before binding completes; RFC
            // 6120 §7.1 forbids it, but they are harmless to skip.
            self.state = State::Binding { id };
            return Ok(());
        }
        let iq = match Iq::try_from(el) {
            Ok(iq) => iq,
            Err(e) => {
                let err = SessionError::Stanza(e);
                self.fail(err.clone(), Some(Condition::InvalidXml));
                return Err(err);
            }
        };
        match iq.payload {
            IqPayload::Result(Some(bind)) => {
                let jid = bind
                    .get_child("jid", ns::BIND)
                    .map(|j| j.text().trim().to_owned())
                    .and_then(|t| FullJid::new(&t).ok());
                let Some(jid) = jid else {
                    return self.protocol(
                        Condition::InvalidXml,
                        "bind result without a valid full <jid/>",
                    );
                };
                if self.session_required {
                    let sid = self.ids.next_id();
                    let iq =
                        Iq::account_set(Element::new("session", ns::SESSION)).with_id(sid.clone());
                    self.write_stanza(&Element::from(iq));
                    self.state = State::Session { id: sid, jid };
                } else {
                    self.go_online(jid);
                }
                Ok(())
            }
            IqPayload::Error { error, .. } => {
                let err = SessionError::BindFailed {
                    condition: error.condition.clone(),
                };
                self.out.push(STREAM_CLOSE);
                self.finish(CloseReason::Error(err.clone()));
                Err(err)
            }
            _ => self.protocol(
                Condition::InvalidXml,
                "bind result without a <bind/> payload",
            ),
        }
    }

    fn go_online(&mut self, jid: FullJid) {
        self.jid = Some(jid.clone());
        self.state = State::Online;
        self.last_rx = self.now;
        self.events.push(ClientEvent::Online { jid });
        // XEP-0198 §3: enable after binding; both counters start now.
        if let Some(config) = self.config.stream_management.clone()
            && self.sm_offered
        {
            let enable = Enable {
                resume: config.resume,
                max: config
                    .max_resume
                    .map(|d| u32::try_from(d.as_secs()).unwrap_or(u32::MAX)),
                unknown: Default::default(),
            };
            self.out
                .push_element(&Element::from(enable), ns::JABBER_CLIENT);
            let mut state = Sm::new(config);
            // Stanzas the server sent before <enabled/> are not counted by
            // it, so they are not counted here either.
            state.counting = false;
            self.sm = Some(state);
        }
    }

    /// `<resumed/>` or `<failed/>` after our `<resume/>`.
    fn on_resume_answer(&mut self, features: Element, el: Element) -> Result<(), SessionError> {
        let Some(mut former) = self.resume_from.take() else {
            return self.protocol(Condition::UndefinedCondition, "resuming without a state");
        };
        if el.is("resumed", sm::NS) {
            let resumed = match Resumed::try_from(el) {
                Ok(r) if r.previd == former.id => r,
                Ok(_) => {
                    return self.protocol(
                        Condition::UndefinedCondition,
                        "<resumed/> names another stream than the one resumed",
                    );
                }
                Err(e) => {
                    return self.protocol(Condition::InvalidXml, format!("bad <resumed/>: {e}"));
                }
            };
            let config = self.config.stream_management.clone().unwrap_or_default();
            let jid = former.jid.clone();
            let mut state = Sm::from_state(config, former);
            let acked = match state.on_ack(resumed.h) {
                Ok(a) => a,
                Err(err) => return self.too_high(err, state.sent),
            };
            state.resend_unacked(&mut self.out, ns::JABBER_CLIENT, self.now);
            let resent = state.unacked.len();
            self.sm = Some(state);
            self.jid = Some(jid.clone());
            self.state = State::Online;
            self.last_rx = self.now;
            if !acked.is_empty() {
                self.events.push(ClientEvent::Acked { stanzas: acked });
            }
            self.events.push(ClientEvent::Resumed { jid, resent });
            return Ok(());
        }
        if el.is("failed", sm::NS) {
            let failed = Failed::try_from(el).unwrap_or_default();
            // Since XEP-0198 1.6 the server may say what it handled before
            // the session timed out: those stanzas are not handed back.
            if let Some(h) = failed.h
                && let Ok(n) = sm::check_ack(former.sent, former.unacked.len(), h)
            {
                former.unacked.drain(..n);
            }
            self.events.push(ClientEvent::ResumeFailed {
                condition: failed.condition,
                unacked: former.unacked,
            });
            self.bind(&features);
            return Ok(());
        }
        self.resume_from = Some(former);
        self.state = State::Resuming {
            features: Box::new(features),
        };
        self.protocol(
            Condition::UnsupportedStanzaType,
            format!("expected <resumed/> or <failed/>, got <{}/>", el.name()),
        )
    }

    /// Stream-management nonzas once online.
    fn on_sm_element(&mut self, el: Element) -> Result<(), SessionError> {
        let Some(state) = &mut self.sm else {
            return self.protocol(
                Condition::UnsupportedStanzaType,
                format!("<{}/> from XEP-0198 while it is not enabled", el.name()),
            );
        };
        let el = match state.on_ack_element(el, &mut self.out) {
            AckStep::Done => return Ok(()),
            AckStep::Acked(stanzas) => {
                self.events.push(ClientEvent::Acked { stanzas });
                return Ok(());
            }
            AckStep::Failed { error, condition } => {
                self.fail(error.clone(), condition);
                return Err(error);
            }
            AckStep::Other(el) => el,
        };
        match el.name() {
            "enabled" if state.id.is_none() => {
                let enabled = Enabled::try_from(el).unwrap_or_default();
                state.counting = true;
                let resumable = enabled.resume && enabled.id.is_some();
                if resumable {
                    state.id = enabled.id;
                    state.location = enabled.location;
                    state.max = enabled.max;
                }
                self.events.push(ClientEvent::SmEnabled { resumable });
                Ok(())
            }
            "failed" => {
                // Enabling failed: the session goes on without XEP-0198.
                let failed = Failed::try_from(el).unwrap_or_default();
                self.sm = None;
                self.events.push(ClientEvent::SmFailed {
                    condition: failed.condition,
                });
                Ok(())
            }
            other => self.protocol(
                Condition::UnsupportedStanzaType,
                format!("unexpected <{other}/> from XEP-0198 while online"),
            ),
        }
    }

    /// The server acknowledged more than we sent (XEP-0198 §6).
    fn too_high(&mut self, err: SessionError, sent: u32) -> Result<(), SessionError> {
        if let SessionError::HandledCountTooHigh { h, .. } = err {
            self.out.push_element(
                &sm::handled_count_too_high_error(h, sent),
                ns::JABBER_CLIENT,
            );
        }
        self.fail(err.clone(), None);
        Err(err)
    }

    fn on_stanza(&mut self, el: Element) {
        let stanza = match Stanza::try_from(el.clone()) {
            Ok(s) => s,
            Err(error) => {
                // Not fatal: the caller sees the element and the reason, and
                // an iq request gets an error reply so the sender is not left
                // waiting (RFC 6120 §8.3.1: never reply to an error).
                if let Some(reply) = super::common::error_reply_for_invalid(&el, &error) {
                    self.emit_internal(reply);
                }
                self.events
                    .push(ClientEvent::InvalidStanza { element: el, error });
                return;
            }
        };
        if let Stanza::Iq(iq) = &stanza {
            if !iq.is_request() {
                // RFC 6120 §8.2.3: a response comes from the entity the
                // request was sent to. One from anyone else (ids can be
                // guessed) is not a response to it: it goes to the
                // application as an ordinary stanza, and the request stays
                // pending.
                let me = self.jid.as_ref().map_or(&self.config.jid, FullJid::as_jid);
                let from = iq.from.as_ref();
                if self
                    .ping
                    .as_ref()
                    .is_some_and(|p| *iq.id == *p.id && response_from_ok(p.to.as_ref(), from, me))
                {
                    self.ping = None;
                    return;
                }
                let id = iq.id.to_string();
                if self
                    .pending
                    .get(&id)
                    .is_some_and(|p| response_from_ok(p.to.as_ref(), from, me))
                {
                    self.pending.remove(&id);
                    if let Stanza::Iq(iq) = stanza {
                        self.events.push(ClientEvent::IqResponse { id, iq });
                    }
                    return;
                }
            } else if let Some(payload) = iq.payload_element() {
                // Answer XEP-0199 pings from the server ourselves.
                if payload.is("ping", "urn:xmpp:ping") {
                    let reply = iq.result_reply();
                    self.emit_internal(reply.into());
                    return;
                }
            }
        }
        self.events.push(ClientEvent::Stanza(stanza));
    }

    /// Ends a negotiation that did not finish in time.
    fn negotiation_timed_out(&mut self) {
        let stage = match &self.state {
            State::AwaitHeader(_) => "the server's stream header",
            State::AwaitFeatures(_) => "the stream features",
            State::AwaitProceed => "STARTTLS",
            State::AwaitTls => "the TLS handshake",
            State::Sasl(_) => "SASL authentication",
            State::Binding { .. } => "resource binding",
            State::Resuming { .. } => "stream resumption",
            State::Session { .. } => "session establishment",
            State::Online | State::Closing | State::Closed => return,
        };
        let err = SessionError::NegotiationTimeout { stage };
        if matches!(self.state, State::AwaitTls) {
            // The transport is in the middle of its TLS handshake: nothing
            // may be written to it in the clear.
            self.finish(CloseReason::Error(err));
        } else {
            self.fail(err, None);
        }
    }

    fn finish(&mut self, reason: CloseReason) {
        self.state = State::Closed;
        self.pending.clear();
        self.ping = None;
        self.close_deadline = None;
        self.events.push(ClientEvent::Closed(reason));
    }
}

/// Whether a response `from` this sender answers a request sent `to` (RFC
/// 6120 §8.2.3: the response comes from the entity the request was sent
/// to), for the session `me` (the bound full JID once online).
///
/// A request addressed to the account (no `to`, or its bare JID) is
/// handled by the server on the account's behalf (§10.3, §10.5.4), which
/// answers with no `from` or the bare JID (§8.1.2.1); some servers stamp
/// the session's full JID, or their own domain. A request to our own
/// server's domain is answered by the server, with that domain (§8.1.2.1)
/// or no `from`. Only our server can put these senders on our stream: it
/// stamps `from` on everything it routes, and the domain is the server
/// itself, so accepting any of them for these requests lets no one else
/// answer. Any other request is answered by its addressee only, with
/// exactly the request's `to` (a server that bounces a request with an
/// error puts the original `to` in `from` as well, §8.3.1). Smack's
/// `IQReplyFilter` applies nearly the same rule; slixmpp's `MatchIDSender`
/// also accepts the addressee's bare JID and domain, which lets a server
/// answer for any of its users.
fn response_from_ok(to: Option<&Jid>, from: Option<&Jid>, me: &Jid) -> bool {
    let from = from.map(Jid::as_str);
    // Only the server can send these on our stream: it stamps every
    // stanza it routes (§8.1.2.1), and the domain is the server itself.
    let server = from.is_none() || from == Some(me.domain());
    let account = from == Some(me.bare_str()) || (me.is_full() && from == Some(me.as_str()));
    match to.map(Jid::as_str) {
        None => server || account,
        Some(to) if to == me.bare_str() => server || account,
        Some(to) if to == me.domain() => server,
        Some(to) => from == Some(to),
    }
}

impl Machine for ClientSession {
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
                let result = reason.as_result();
                self.finish(reason);
                result
            }
        }
    }

    fn fail(&mut self, err: SessionError, condition: Option<Condition>) {
        if let Some(c) = condition {
            self.out
                .push_element(&stream_error_element(c, None), ns::JABBER_CLIENT);
        }
        self.out.push(STREAM_CLOSE);
        self.finish(CloseReason::Error(err));
    }
}

/// True for a SCRAM `-PLUS` (channel-binding) mechanism name.
fn is_plus(mechanism: &str) -> bool {
    mechanism.ends_with("-PLUS")
}

fn sasl_max_iterations() -> u32 {
    1_000_000
}

#[cfg(feature = "getrandom")]
fn random_nonce() -> Result<String, sasl::SaslError> {
    sasl::random_nonce()
}

#[cfg(not(feature = "getrandom"))]
fn random_nonce() -> Result<String, sasl::SaslError> {
    Err(sasl::SaslError::NonceRequired)
}
