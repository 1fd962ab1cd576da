//! [`ComponentSession`]: both sides of the Jabber Component Protocol
//! ([XEP-0114](https://xmpp.org/extensions/xep-0114.html)).
//!
//! The component opens a stream in `jabber:component:accept` to its own
//! domain, the server answers with a stream id, and the component proves it
//! knows the shared secret with `<handshake>hex(SHA-1(id ‖ secret))</handshake>`
//! (XEP-0114 §3). The server answers `<handshake/>`, or a `not-authorized`
//! stream error.
//!
//! In the accept role the session draws an unpredictable stream id per
//! session (the handshake's only nonce; see
//! [`ComponentConfig::stream_id_prefix`]) and checks the `from` of every
//! stanza the component sends: its domain must be the component's
//! (XEP-0114 §3), else the stream is closed with `invalid-from`, as Prosody
//! does; a stanza without `from` is stamped with the component's domain.
//! A stanza without `to` is not delivered: XEP-0114 §3 requires one on
//! every stanza the component sends, so the session answers it with a
//! `bad-request` stanza error, as Prosody's `mod_component` does.
//!
//! Both roles keep two timers, as the client and server sessions do: the
//! handshake must finish within [`ComponentConfig::negotiation_timeout`],
//! and after [`ComponentSession::close`] the peer must close its stream
//! within [`ComponentConfig::close_timeout`]
//! ([RFC 6120 §4.4](https://www.rfc-editor.org/rfc/rfc6120#section-4.4)).
//! Time is an input: drive them with [`ComponentSession::handle_timeout`]
//! at [`ComponentSession::poll_timeout`].

use std::time::{Duration, Instant};

use sha1::{Digest, Sha1};

use super::common::{
    CloseReason, Events, Flow, IdSource, Incoming, Machine, Outbox, SessionError, id_prefix,
    stream_error_element,
};
use crate::jid::Jid;
use crate::stanza::{ContentNs, DefinedCondition, IqType, Stanza, StanzaError};
use crate::stream::{Condition, Limits, STREAM_CLOSE, StreamHeader, StreamParser};
use crate::xml::{ByteStr, Element, ns};

/// Which side of the component connection this session plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComponentRole {
    /// The component, connecting to a server.
    Connect,
    /// The server, accepting a component.
    Accept,
}

/// What a [`ComponentSession`] needs.
#[derive(Clone)]
pub struct ComponentConfig {
    /// The component's domain (e.g. `echo.localhost`).
    pub domain: String,
    /// The shared secret.
    pub secret: String,
    /// Which side this is.
    pub role: ComponentRole,
    /// Stream id prefix (accept role): the stream id is the prefix and a
    /// counter. The component's credential is SHA-1 of the stream id and
    /// the secret (XEP-0114 §3), so the id MUST be unpredictable and
    /// non-repeating
    /// ([RFC 6120 §4.7.3](https://www.rfc-editor.org/rfc/rfc6120#section-4.7.3)),
    /// or a recorded handshake could be replayed. `None` (the default)
    /// draws a fresh 128-bit random prefix for each session from the OS
    /// (feature `getrandom`); without that feature it falls back to a
    /// process-wide counter, unique but predictable, so then set an
    /// unpredictable value per connection here. Tests set a fixed value.
    pub stream_id_prefix: Option<String>,
    /// Limits for what the peer sends (default: the s2s/component limits).
    pub limits: Limits,
    /// How long the handshake may take, from [`ComponentSession::new`]
    /// until [`ComponentEvent::Online`] (both stream headers and the
    /// `<handshake/>` exchange), before the session ends with
    /// [`SessionError::NegotiationTimeout`]; the accept role then closes
    /// the stream with `connection-timeout`. Default 60 s, as for
    /// [`ClientConfig`](super::ClientConfig) and
    /// [`ServerConfig`](super::ServerConfig); `Duration::MAX` disables it.
    pub negotiation_timeout: Duration,
    /// After this session sent `</stream:stream>`, how long to wait for the
    /// peer's before both streams are void
    /// ([RFC 6120 §4.4](https://www.rfc-editor.org/rfc/rfc6120#section-4.4));
    /// the session then ends with [`SessionError::CloseTimeout`]. Default
    /// 10 s, as for the client and server sessions; `Duration::MAX`
    /// disables it.
    pub close_timeout: Duration,
}

impl std::fmt::Debug for ComponentConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ComponentConfig")
            .field("domain", &self.domain)
            .field("secret", &"<redacted>")
            .field("role", &self.role)
            .field("negotiation_timeout", &self.negotiation_timeout)
            .field("close_timeout", &self.close_timeout)
            .finish_non_exhaustive()
    }
}

impl ComponentConfig {
    /// A component connecting to a server as `domain` with `secret`.
    pub fn connect(domain: impl Into<String>, secret: impl Into<String>) -> ComponentConfig {
        ComponentConfig {
            domain: domain.into(),
            secret: secret.into(),
            role: ComponentRole::Connect,
            stream_id_prefix: None,
            limits: Limits::server(),
            negotiation_timeout: DEFAULT_NEGOTIATION_TIMEOUT,
            close_timeout: DEFAULT_CLOSE_TIMEOUT,
        }
    }

    /// A server accepting the component `domain` with `secret`.
    pub fn accept(domain: impl Into<String>, secret: impl Into<String>) -> ComponentConfig {
        ComponentConfig {
            role: ComponentRole::Accept,
            ..ComponentConfig::connect(domain, secret)
        }
    }
}

/// What a [`ComponentSession`] reports.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
// Stanzas travel inline: boxing them would cost an allocation per stanza.
#[allow(clippy::large_enum_variant)]
pub enum ComponentEvent {
    /// The handshake succeeded: stanzas can flow.
    Online,
    /// A stanza from the peer. In the accept role its `from` is in the
    /// component's domain (stamped with that domain when the component
    /// left it out) and it has a `to` (one without was answered with
    /// `bad-request` and is not reported).
    Stanza(Stanza),
    /// The session ended.
    Closed(CloseReason),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    AwaitHeader,
    AwaitHandshake { stream_id: String },
    Online,
    Closing,
    Closed,
}

/// One side of an XEP-0114 component connection, sans-IO.
///
/// ```
/// use std::time::Instant;
/// use xmpp_sansio::session::{ComponentConfig, ComponentEvent, ComponentSession};
///
/// let now = Instant::now();
/// let mut component = ComponentSession::new(ComponentConfig::connect("echo.localhost", "s3cr3t"), now);
/// let mut server = ComponentSession::new(ComponentConfig::accept("echo.localhost", "s3cr3t"), now);
/// for _ in 0..3 {
///     while let Some(b) = component.poll_transmit() { server.handle_input(&b)?; }
///     while let Some(b) = server.poll_transmit() { component.handle_input(&b)?; }
/// }
/// assert_eq!(component.poll_event(), Some(ComponentEvent::Online));
/// assert_eq!(server.poll_event(), Some(ComponentEvent::Online));
/// # Ok::<(), xmpp_sansio::session::SessionError>(())
/// ```
#[derive(Debug)]
pub struct ComponentSession {
    config: ComponentConfig,
    parser: StreamParser,
    state: State,
    out: Outbox,
    events: Events<ComponentEvent>,
    ids: IdSource,
    /// The component's domain as a JID (accept role), to check and stamp
    /// `from`; `None` when the configured domain is not a valid JID.
    domain_jid: Option<Jid>,
    /// The last instant given to `new` or `handle_timeout`.
    now: Instant,
    /// When the handshake must be over (from
    /// [`ComponentConfig::negotiation_timeout`]).
    negotiation_deadline: Option<Instant>,
    /// When the peer must have closed its stream, once we closed ours
    /// (from [`ComponentConfig::close_timeout`]).
    close_deadline: Option<Instant>,
}

impl ComponentSession {
    /// Starts a session at `now`; in the connect role the stream header is
    /// queued at once. The handshake has
    /// [`ComponentConfig::negotiation_timeout`] from `now` to finish.
    pub fn new(config: ComponentConfig, now: Instant) -> ComponentSession {
        let ids = match config.role {
            ComponentRole::Accept => {
                IdSource::new(id_prefix(config.stream_id_prefix.as_deref(), 'k'))
            }
            // The connect role generates no ids: no need for a random source.
            ComponentRole::Connect => IdSource::new(String::new()),
        };
        let mut s = ComponentSession {
            parser: StreamParser::new(config.limits.clone()),
            ids,
            domain_jid: Jid::new(&config.domain).ok(),
            now,
            negotiation_deadline: now.checked_add(config.negotiation_timeout),
            close_deadline: None,
            config,
            state: State::AwaitHeader,
            out: Outbox::default(),
            events: Events::default(),
        };
        if s.config.role == ComponentRole::Connect {
            let header = StreamHeader {
                from: None,
                to: Some(ByteStr::from(s.config.domain.clone())),
                id: None,
                version: None,
                lang: None,
                ns: ByteStr::from_static(ns::COMPONENT_ACCEPT),
            };
            s.out.push(&header.to_bytes());
        }
        s
    }

    /// True once the handshake succeeded and until the session closes.
    pub fn is_online(&self) -> bool {
        self.state == State::Online
    }

    /// Feeds bytes received from the peer.
    pub fn handle_input(&mut self, bytes: &[u8]) -> Result<(), SessionError> {
        if self.state == State::Closed {
            return Err(SessionError::Closed);
        }
        self.parser.feed(bytes);
        self.process()
    }

    /// True once the session has ended (a [`ComponentEvent::Closed`] was
    /// queued).
    pub fn is_closed(&self) -> bool {
        self.state == State::Closed
    }

    /// Reports that the transport ended (EOF, reset) without the peer
    /// closing its stream: the session is closed (a
    /// [`ComponentEvent::Closed`] with [`CloseReason::PeerClosed`]) and
    /// bytes still queued for the peer are dropped. Nothing happens when
    /// the session is already closed.
    pub fn transport_closed(&mut self) {
        if self.is_closed() {
            return;
        }
        // Nothing can be written any more.
        self.out.take();
        self.finish(CloseReason::PeerClosed);
    }

    /// Advances timers to `now`: the negotiation timeout until online, the
    /// close timeout after [`ComponentSession::close`].
    pub fn handle_timeout(&mut self, now: Instant) {
        self.now = now;
        match self.state {
            State::Closed | State::Online => {}
            State::Closing => {
                if self.close_deadline.is_some_and(|d| now >= d) {
                    // RFC 6120 §4.4: the peer did not close its stream in
                    // time; both streams are void.
                    self.finish(CloseReason::Error(SessionError::CloseTimeout));
                }
            }
            State::AwaitHeader | State::AwaitHandshake { .. } => {
                if self.negotiation_deadline.is_some_and(|d| now >= d) {
                    self.negotiation_timed_out();
                }
            }
        }
    }

    /// Sends a stanza (once online).
    pub fn send(&mut self, stanza: impl Into<Stanza>) -> Result<(), SessionError> {
        match self.state {
            State::Online => {
                self.write_stanza(stanza.into());
                Ok(())
            }
            State::Closed | State::Closing => Err(SessionError::Closed),
            _ => Err(SessionError::NotOnline),
        }
    }

    /// Closes the stream gracefully. The peer then has
    /// [`ComponentConfig::close_timeout`], from the last instant given to
    /// [`ComponentSession::handle_timeout`] (or to
    /// [`ComponentSession::new`]), to close its own.
    pub fn close(&mut self) {
        if !matches!(self.state, State::Closed | State::Closing) {
            self.out.push(STREAM_CLOSE);
            self.state = State::Closing;
            self.close_deadline = self.now.checked_add(self.config.close_timeout);
        }
    }

    /// Bytes to write to the transport, if any.
    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        self.out.take()
    }

    /// The next event, if any.
    pub fn poll_event(&mut self) -> Option<ComponentEvent> {
        self.events.pop()
    }

    /// When [`ComponentSession::handle_timeout`] must be called next: the
    /// negotiation deadline until online, the close deadline while
    /// closing, `None` otherwise.
    pub fn poll_timeout(&self) -> Option<Instant> {
        match self.state {
            State::AwaitHeader | State::AwaitHandshake { .. } => self.negotiation_deadline,
            State::Closing => self.close_deadline,
            State::Online | State::Closed => None,
        }
    }

    fn on_header(&mut self, h: StreamHeader) -> Result<(), SessionError> {
        if self.state != State::AwaitHeader {
            return self.protocol(Condition::NotWellFormed, "unexpected second stream header");
        }
        match self.config.role {
            ComponentRole::Connect => {
                if &*h.ns != ns::COMPONENT_ACCEPT {
                    return self.protocol(
                        Condition::InvalidNamespace,
                        format!(
                            "content namespace '{}' is not jabber:component:accept",
                            h.ns
                        ),
                    );
                }
                let Some(id) = h.id else {
                    return self.protocol(
                        Condition::InvalidXml,
                        "the server's stream header has no id",
                    );
                };
                let digest = handshake_digest(&id, &self.config.secret);
                let el = Element::builder("handshake", ns::COMPONENT_ACCEPT)
                    .text(digest)
                    .build();
                self.out.push_element(&el, ns::COMPONENT_ACCEPT);
                self.state = State::AwaitHandshake {
                    stream_id: id.to_string(),
                };
                Ok(())
            }
            ComponentRole::Accept => {
                let id = self.send_accept_header();
                self.state = State::AwaitHandshake { stream_id: id };
                if &*h.ns != ns::COMPONENT_ACCEPT {
                    return self.protocol(
                        Condition::InvalidNamespace,
                        format!(
                            "content namespace '{}' is not jabber:component:accept",
                            h.ns
                        ),
                    );
                }
                if !h
                    .to
                    .as_deref()
                    .is_some_and(|to| to.eq_ignore_ascii_case(&self.config.domain))
                {
                    return self.protocol(
                        Condition::HostUnknown,
                        format!(
                            "no component '{}' is configured here",
                            h.to.as_deref().unwrap_or("")
                        ),
                    );
                }
                Ok(())
            }
        }
    }

    fn on_element(&mut self, el: Element) -> Result<(), SessionError> {
        match self.state.clone() {
            State::AwaitHandshake { stream_id } => {
                if !el.is("handshake", ns::COMPONENT_ACCEPT) {
                    return self.protocol(
                        Condition::NotAuthorized,
                        format!("expected <handshake/>, got <{}/>", el.name()),
                    );
                }
                match self.config.role {
                    ComponentRole::Connect => {
                        self.state = State::Online;
                        self.events.push(ComponentEvent::Online);
                        Ok(())
                    }
                    ComponentRole::Accept => {
                        let expected = handshake_digest(&stream_id, &self.config.secret);
                        let got = el.text().trim().to_ascii_lowercase();
                        if crate::sasl::ct::ct_eq(expected.as_bytes(), got.as_bytes()) {
                            self.out.push_element(
                                &Element::new("handshake", ns::COMPONENT_ACCEPT),
                                ns::COMPONENT_ACCEPT,
                            );
                            self.state = State::Online;
                            self.events.push(ComponentEvent::Online);
                            Ok(())
                        } else {
                            self.protocol(Condition::NotAuthorized, "wrong component secret")
                        }
                    }
                }
            }
            State::Online | State::Closing => {
                let mut stanza = match Stanza::try_from(el) {
                    Ok(s) => s,
                    Err(e) => {
                        let err = SessionError::Stanza(e);
                        self.fail(err.clone(), Some(Condition::InvalidXml));
                        return Err(err);
                    }
                };
                if self.config.role == ComponentRole::Accept {
                    self.check_from(&mut stanza)?;
                    if stanza.to().is_none() {
                        self.refuse_without_to(&stanza);
                        return Ok(());
                    }
                }
                self.events.push(ComponentEvent::Stanza(stanza));
                Ok(())
            }
            _ => self.protocol(
                Condition::NotWellFormed,
                format!("unexpected <{}/>", el.name()),
            ),
        }
    }

    /// Accept role: the server's stream header with a fresh stream id,
    /// which it returns.
    fn send_accept_header(&mut self) -> String {
        let id = self.ids.next_id();
        let header = StreamHeader {
            from: Some(ByteStr::from(self.config.domain.clone())),
            to: None,
            id: Some(ByteStr::from(id.clone())),
            version: None,
            lang: None,
            ns: ByteStr::from_static(ns::COMPONENT_ACCEPT),
        };
        self.out.push(&header.to_bytes());
        id
    }

    /// Accept role: the domain of a stanza's `from` must be the
    /// component's (XEP-0114 §3), else the stream ends with `invalid-from`
    /// (as Prosody's `validate_from_addresses` does); a missing `from` is
    /// stamped with the component's domain.
    fn check_from(&mut self, stanza: &mut Stanza) -> Result<(), SessionError> {
        let from = match stanza {
            Stanza::Message(m) => &mut m.from,
            Stanza::Presence(p) => &mut p.from,
            Stanza::Iq(i) => &mut i.from,
        };
        match from {
            None => {
                from.clone_from(&self.domain_jid);
                Ok(())
            }
            Some(jid) if self.is_own_domain(jid.domain()) => Ok(()),
            Some(jid) => {
                let what = format!(
                    "the component sent from '{jid}', which is not in its domain '{}'",
                    self.config.domain
                );
                self.protocol(Condition::InvalidFrom, what)
            }
        }
    }

    /// Accept role: XEP-0114 §3 requires a `to` on every stanza the
    /// component sends ("as in the 'jabber:server' namespace"), so one
    /// without is not delivered. It is answered with a `bad-request`
    /// stanza error (type `modify`), as Prosody's `mod_component` does,
    /// rather than the `improper-addressing` stream error RFC 6120 §8.1.1.2
    /// prescribes between servers: one bad stanza does not cut off the
    /// component's other traffic. Error stanzas (RFC 6120 §8.3.1) and iq
    /// results (§8.2.3) are dropped without an answer, and nothing is
    /// written once our stream is closing.
    fn refuse_without_to(&mut self, stanza: &Stanza) {
        let is_result = matches!(stanza, Stanza::Iq(iq) if iq.iq_type() == IqType::Result);
        if self.state != State::Online || stanza.is_error() || is_result {
            return;
        }
        let error = StanzaError::new(DefinedCondition::BadRequest).with_text(
            None,
            "a stanza from a component needs a 'to' address (XEP-0114 §3)",
        );
        self.write_stanza(stanza.error_reply(error));
    }

    /// Writes a stanza, qualified by the component stream's namespace.
    fn write_stanza(&mut self, mut stanza: Stanza) {
        match &mut stanza {
            Stanza::Message(m) => m.ns = ContentNs::Component,
            Stanza::Presence(p) => p.ns = ContentNs::Component,
            Stanza::Iq(i) => i.ns = ContentNs::Component,
        }
        self.out
            .push_element(&Element::from(stanza), ns::COMPONENT_ACCEPT);
    }

    /// The handshake did not finish within
    /// [`ComponentConfig::negotiation_timeout`]. The accept role closes
    /// with `connection-timeout` (after its header if none was sent), as
    /// the c2s server session does; the connect role closes its stream, as
    /// the client session does.
    fn negotiation_timed_out(&mut self) {
        let stage = match (&self.state, self.config.role) {
            (State::AwaitHeader, ComponentRole::Accept) => "the component's stream header",
            (State::AwaitHeader, ComponentRole::Connect) => "the server's stream header",
            (State::AwaitHandshake { .. }, ComponentRole::Accept) => "the component's handshake",
            (State::AwaitHandshake { .. }, ComponentRole::Connect) => {
                "the server's answer to the handshake"
            }
            (State::Online | State::Closing | State::Closed, _) => return,
        };
        let err = SessionError::NegotiationTimeout { stage };
        let condition = match self.config.role {
            ComponentRole::Accept => Some(Condition::ConnectionTimeout),
            ComponentRole::Connect => None,
        };
        self.fail(err, condition);
    }

    fn is_own_domain(&self, domain: &str) -> bool {
        match &self.domain_jid {
            Some(own) => own.domain() == domain,
            None => domain.eq_ignore_ascii_case(&self.config.domain),
        }
    }

    fn finish(&mut self, reason: CloseReason) {
        self.state = State::Closed;
        self.events.push(ComponentEvent::Closed(reason));
    }
}

impl Machine for ComponentSession {
    fn parser(&mut self) -> &mut StreamParser {
        &mut self.parser
    }

    fn paused(&self) -> bool {
        self.state == State::Closed
    }

    fn step(&mut self, incoming: Incoming) -> Result<(), SessionError> {
        match incoming.flow(self.state == State::Closing, &mut self.out) {
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
        if self.config.role == ComponentRole::Accept && self.state == State::AwaitHeader {
            // XEP-0114 §3, RFC 6120 §4.9.1.2: an error before our header
            // still gets our header first.
            self.send_accept_header();
        }
        if let Some(c) = condition {
            self.out
                .push_element(&stream_error_element(c, None), ns::COMPONENT_ACCEPT);
        }
        self.out.push(STREAM_CLOSE);
        self.finish(CloseReason::Error(err));
    }
}

/// [`ComponentConfig::negotiation_timeout`] by default.
const DEFAULT_NEGOTIATION_TIMEOUT: Duration = Duration::from_secs(60);

/// [`ComponentConfig::close_timeout`] by default.
const DEFAULT_CLOSE_TIMEOUT: Duration = Duration::from_secs(10);

/// `hex(SHA-1(stream_id ‖ secret))`, lower case (XEP-0114 §3).
pub fn handshake_digest(stream_id: &str, secret: &str) -> String {
    let mut h = Sha1::new();
    h.update(stream_id.as_bytes());
    h.update(secret.as_bytes());
    let out = h.finalize();
    let mut s = String::with_capacity(40);
    for b in out {
        s.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        s.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handshake_matches_prosody_capture() {
        // ../shared/peers/captures/prosody-component-handshake.txt
        assert_eq!(
            handshake_digest("4a7903e4-9a08-4452-8439-fbc831de806d", "echosecret"),
            "d875c23142e040cb9bf3622526de3d2232f58453"
        );
    }
}
