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

use std::time::Instant;

use sha1::{Digest, Sha1};

use super::common::{
    CloseReason, Events, Flow, IdSource, Incoming, Machine, Outbox, SessionError, id_prefix,
    stream_error_element,
};
use crate::jid::Jid;
use crate::stanza::{ContentNs, Stanza};
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
}

impl std::fmt::Debug for ComponentConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ComponentConfig")
            .field("domain", &self.domain)
            .field("secret", &"<redacted>")
            .field("role", &self.role)
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
    /// component's domain: stamped with that domain when the component
    /// left it out.
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
}

impl ComponentSession {
    /// Starts a session; in the connect role the stream header is queued at
    /// once.
    pub fn new(config: ComponentConfig, _now: Instant) -> ComponentSession {
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

    /// Components keep no timers; present for the uniform shape.
    pub fn handle_timeout(&mut self, _now: Instant) {}

    /// Sends a stanza (once online).
    pub fn send(&mut self, stanza: impl Into<Stanza>) -> Result<(), SessionError> {
        match self.state {
            State::Online => {
                let mut stanza = stanza.into();
                // Stanzas in a component stream are qualified by its namespace.
                match &mut stanza {
                    Stanza::Message(m) => m.ns = ContentNs::Component,
                    Stanza::Presence(p) => p.ns = ContentNs::Component,
                    Stanza::Iq(i) => i.ns = ContentNs::Component,
                }
                self.out
                    .push_element(&Element::from(stanza), ns::COMPONENT_ACCEPT);
                Ok(())
            }
            State::Closed | State::Closing => Err(SessionError::Closed),
            _ => Err(SessionError::NotOnline),
        }
    }

    /// Closes the stream gracefully.
    pub fn close(&mut self) {
        if !matches!(self.state, State::Closed | State::Closing) {
            self.out.push(STREAM_CLOSE);
            self.state = State::Closing;
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

    /// Components keep no timers: always `None`.
    pub fn poll_timeout(&self) -> Option<Instant> {
        None
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
