//! Stream management ([XEP-0198](https://xmpp.org/extensions/xep-0198.html))
//! (overview in the [`session`](super) docs)
//! for [`ClientSession`](super::ClientSession) and
//! [`ServerSession`](super::ServerSession): stanza acknowledgements (§4) and
//! stream resumption (§5).
//!
//! Once stream management is enabled, each side counts the stanzas it sends
//! and the stanzas it handles, keeps every stanza it sent in a bounded queue
//! until the peer acknowledges it (`<a h='…'/>`), and asks for
//! acknowledgements (`<r/>`) on a policy ([`SmConfig`]). The counters are
//! unsigned 32-bit numbers that wrap from 2^32−1 to 0 (§4); an
//! acknowledgement of more stanzas than were sent ends the stream with an
//! `undefined-condition` stream error carrying `<handled-count-too-high/>`
//! (§6).
//!
//! When the transport breaks, the client takes its [`ResumptionState`]
//! (which can be saved with [`ResumptionState::to_bytes`] and loaded with
//! [`ResumptionState::from_bytes`], so an application survives its own
//! restart), opens a new transport and calls
//! [`ClientSession::resume`](super::ClientSession::resume). The server keeps
//! the old session as a [`DetachedSession`] until the new connection asks
//! for it or its deadline passes; either way no unacknowledged stanza is
//! lost: it is resent exactly once after `<resumed/>`, or handed to the
//! caller.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use super::common::{Outbox, SessionError};
use crate::jid::FullJid;
use crate::stanza::xep::sm::{Ack, AckRequest, HandledCountTooHigh, NS as SM_NS};
use crate::stanza::{Stanza, StanzaParseError};
use crate::stream::{Limits, StreamError, websocket::WsFrame};
use crate::xml::Element;

/// Stream management settings (XEP-0198), for clients and servers.
///
/// ```
/// use std::time::Duration;
/// use xmpp_sansio::session::SmConfig;
/// let sm = SmConfig {
///     request_every: 10,
///     max_unacked: 200,
///     ..SmConfig::default()
/// };
/// assert!(sm.resume);
/// assert_eq!(sm.ack_timeout, Some(Duration::from_secs(60)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmConfig {
    /// Client: ask for a resumable stream. Server: allow resumption.
    pub resume: bool,
    /// Client: the preferred longest resumption time, sent as `max`.
    /// Server: the longest time a [`DetachedSession`] is held (the
    /// client's `max`, when lower, wins). `None`: the client sends no
    /// `max`; the server holds sessions for 300 s.
    pub max_resume: Option<Duration>,
    /// Ask for an acknowledgement (`<r/>`) once this many stanzas were
    /// sent since the last request (at least 1).
    pub request_every: u32,
    /// Ask for an acknowledgement when stanzas sent this long ago are
    /// still unrequested (covers the tail of a burst below
    /// `request_every`). Driven by `poll_timeout`.
    pub request_after: Option<Duration>,
    /// End the session with [`SessionError::AckTimeout`] when an `<r/>`
    /// stays unanswered this long: the transport is presumed dead and the
    /// stream can be resumed on a new one.
    pub ack_timeout: Option<Duration>,
    /// The most sent-but-unacknowledged stanzas kept. A `send` beyond it
    /// fails with [`SessionError::UnackedQueueFull`] (wait for
    /// acknowledgements and retry); a stanza the session must send itself
    /// (an iq error reply, a ping answer) beyond it ends the session with
    /// a `resource-constraint` stream error.
    pub max_unacked: usize,
}

impl Default for SmConfig {
    fn default() -> Self {
        SmConfig {
            resume: true,
            max_resume: Some(Duration::from_secs(300)),
            request_every: 5,
            request_after: Some(Duration::from_secs(2)),
            ack_timeout: Some(Duration::from_secs(60)),
            max_unacked: 1000,
        }
    }
}

/// What a client needs to resume a stream management session on a new
/// transport (XEP-0198 §5): the SM-ID, the counters and the stanzas the
/// server has not acknowledged.
///
/// Take it with
/// [`ClientSession::into_resumption_state`](super::ClientSession::into_resumption_state)
/// (or a copy with
/// [`resumption_state`](super::ClientSession::resumption_state)) and pass it
/// to [`ClientSession::resume`](super::ClientSession::resume). It can be
/// stored across a restart of the application:
///
/// ```
/// use xmpp_sansio::jid::Jid;
/// use xmpp_sansio::session::ResumptionState;
/// use xmpp_sansio::stanza::Message;
/// let state = ResumptionState {
///     id: "sm-1".into(),
///     jid: "alice@example.com/phone".parse()?,
///     location: None,
///     max: Some(300),
///     handled: 7,
///     sent: 12,
///     unacked: vec![Message::chat(Jid::new("bob@example.com")?).with_body("hi").into()],
/// };
/// let saved = state.to_bytes();
/// assert_eq!(ResumptionState::from_bytes(&saved)?, state);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumptionState {
    /// The SM-ID the server gave in `<enabled id='…'/>`.
    pub id: String,
    /// The full JID the session was bound to.
    pub jid: FullJid,
    /// The server's preferred reconnection address (`<enabled location/>`).
    pub location: Option<String>,
    /// The server's longest resumption time in seconds, if it said.
    pub max: Option<u32>,
    /// Stanzas handled from the server (the `h` sent in `<resume/>`).
    pub handled: u32,
    /// Stanzas sent to the server, modulo 2^32.
    pub sent: u32,
    /// Stanzas sent but not acknowledged, oldest first: the last
    /// `unacked.len()` of the `sent` stanzas.
    pub unacked: Vec<Stanza>,
}

/// Why stored [`ResumptionState`] bytes could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResumptionStateError {
    /// The bytes are not one well-formed element.
    #[error("the resumption state is not well-formed XML: {0}")]
    Xml(#[from] StreamError),
    /// The root element is not `<resumption xmlns='urn:xmpp-sansio:sm-state:0'/>`.
    #[error("not a resumption state: the root element is <{0}/>")]
    NotResumptionState(String),
    /// A required attribute is missing or invalid.
    #[error("the resumption state's '{attribute}' attribute is {problem}")]
    Attribute {
        /// The attribute.
        attribute: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A stored stanza is invalid.
    #[error("a stored stanza is invalid: {0}")]
    Stanza(#[from] StanzaParseError),
}

/// The namespace of the stored form of a [`ResumptionState`] (private to
/// this crate; versioned so a later format can read older ones).
const STATE_NS: &str = "urn:xmpp-sansio:sm-state:0";

impl ResumptionState {
    /// Serializes the state as one XML element (the unacknowledged
    /// stanzas as children), to store across application restarts.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Element::builder("resumption", STATE_NS)
            .attr("id", self.id.clone())
            .attr("jid", self.jid.as_str().to_owned())
            .attr("handled", self.handled.to_string())
            .attr("sent", self.sent.to_string())
            .attr_opt("location", self.location.clone())
            .attr_opt("max", self.max.map(|m| m.to_string()));
        for s in &self.unacked {
            b = b.append(Element::from(s.clone()));
        }
        b.build().to_bytes()
    }

    /// Loads a state written by [`ResumptionState::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<ResumptionState, ResumptionStateError> {
        let limits = Limits {
            max_stanza_bytes: bytes.len().max(1),
            ..Limits::server()
        };
        let el = match WsFrame::parse(bytes, &limits)? {
            WsFrame::Element(el) => el,
            WsFrame::Open(_) => {
                return Err(ResumptionStateError::NotResumptionState("open".into()));
            }
            WsFrame::Close { .. } => {
                return Err(ResumptionStateError::NotResumptionState("close".into()));
            }
        };
        if !el.is("resumption", STATE_NS) {
            return Err(ResumptionStateError::NotResumptionState(
                el.name().to_owned(),
            ));
        }
        let attr = |name: &'static str| {
            el.attr(name).ok_or(ResumptionStateError::Attribute {
                attribute: name,
                problem: "missing",
            })
        };
        let counter = |name: &'static str| {
            attr(name)?
                .parse::<u32>()
                .map_err(|_| ResumptionStateError::Attribute {
                    attribute: name,
                    problem: "not an unsigned 32-bit integer",
                })
        };
        let id = attr("id")?.to_owned();
        let jid = FullJid::new(attr("jid")?).map_err(|_| ResumptionStateError::Attribute {
            attribute: "jid",
            problem: "not a full JID",
        })?;
        let handled = counter("handled")?;
        let sent = counter("sent")?;
        let max = match el.attr("max") {
            None => None,
            Some(_) => Some(counter("max")?),
        };
        let location = el.attr("location").map(str::to_owned);
        let mut unacked = Vec::new();
        for child in el.children() {
            unacked.push(Stanza::try_from(child.clone())?);
        }
        Ok(ResumptionState {
            id,
            jid,
            location,
            max,
            handled,
            sent,
            unacked,
        })
    }
}

/// A server-side stream management session whose transport ended without
/// a clean close (XEP-0198 §5): held until the client resumes it on a new
/// connection ([`ServerSession::accept_resume`](super::ServerSession::accept_resume))
/// or its [`deadline`](DetachedSession::deadline) passes, when
/// [`expire`](DetachedSession::expire) hands the stanzas the client never
/// acknowledged to the caller, for offline storage or an error to the
/// sender (§4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetachedSession {
    pub(crate) username: String,
    pub(crate) state: ResumptionState,
    /// Stanzas routed to the session while detached: sent after the
    /// unacknowledged ones once resumed.
    pub(crate) pending: Vec<Stanza>,
    pub(crate) max_unacked: usize,
    pub(crate) deadline: Instant,
}

impl DetachedSession {
    /// Rebuilds a detached session from its parts, e.g. loaded from
    /// storage ([`ResumptionState::from_bytes`]) after a restart of the
    /// server process. `handled` in `state` counts stanzas from the client,
    /// `sent` and `unacked` stanzas to it.
    pub fn new(
        username: impl Into<String>,
        state: ResumptionState,
        max_unacked: usize,
        deadline: Instant,
    ) -> DetachedSession {
        DetachedSession {
            username: username.into(),
            state,
            pending: Vec::new(),
            max_unacked,
            deadline,
        }
    }

    /// The counters and unacknowledged stanzas, e.g. to store with
    /// [`ResumptionState::to_bytes`]. Stanzas queued with
    /// [`DetachedSession::send`] are not part of it (see
    /// [`DetachedSession::stanzas`]).
    pub fn state(&self) -> &ResumptionState {
        &self.state
    }

    /// The SM-ID the client will resume with (`previd`).
    pub fn id(&self) -> &str {
        &self.state.id
    }

    /// The authenticated user the session belongs to; only a connection
    /// authenticated as the same user may resume it.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The full JID the session was bound to.
    pub fn jid(&self) -> &FullJid {
        &self.state.jid
    }

    /// Stanzas handled from the client: what `<failed h='…'/>` may report
    /// after the session expired (§5).
    pub fn handled(&self) -> u32 {
        self.state.handled
    }

    /// When the session expires; call [`DetachedSession::expire`] then.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// True once `now` is at or past the deadline.
    pub fn is_expired(&self, now: Instant) -> bool {
        now >= self.deadline
    }

    /// Stanzas waiting for the client: the unacknowledged ones, then those
    /// queued while detached.
    pub fn stanzas(&self) -> impl Iterator<Item = &Stanza> {
        self.state.unacked.iter().chain(&self.pending)
    }

    /// Queues a stanza routed to the session while it is detached; it is
    /// delivered after resumption (or returned by `expire`). Fails with
    /// [`SessionError::UnackedQueueFull`] when the queue is full.
    pub fn send(&mut self, stanza: impl Into<Stanza>) -> Result<(), SessionError> {
        if self.state.unacked.len() + self.pending.len() >= self.max_unacked {
            return Err(SessionError::UnackedQueueFull {
                limit: self.max_unacked,
            });
        }
        self.pending.push(stanza.into());
        Ok(())
    }

    /// Ends the session (on timeout, or when the server shuts down) and
    /// returns every stanza the client did not acknowledge, oldest first,
    /// to be stored offline or bounced (XEP-0198 §4).
    pub fn expire(self) -> Vec<Stanza> {
        let mut all = self.state.unacked;
        all.extend(self.pending);
        all
    }
}

/// What to do after a timer tick.
pub(crate) enum SmTick {
    Nothing,
    AckTimeout,
}

/// The counters, queue and ack policy of one enabled SM session.
#[derive(Debug)]
pub(crate) struct Sm {
    pub(crate) config: SmConfig,
    /// SM-ID, when resumable.
    pub(crate) id: Option<String>,
    pub(crate) location: Option<String>,
    pub(crate) max: Option<u32>,
    /// Stanzas handled from the peer.
    pub(crate) handled: u32,
    /// Whether received stanzas count yet: the client starts counting when
    /// `<enabled/>` arrives, since the server counts only what it sends
    /// after it (XEP-0198 §4 note).
    pub(crate) counting: bool,
    /// Stanzas sent to the peer.
    pub(crate) sent: u32,
    /// Sent and unacknowledged, oldest first; the last `len` of `sent`.
    pub(crate) unacked: VecDeque<Stanza>,
    /// Stanzas sent since the last `<r/>`.
    unrequested: u32,
    /// When the oldest unrequested stanza was sent.
    unrequested_since: Option<Instant>,
    /// When the oldest unanswered `<r/>` was sent.
    request_sent_at: Option<Instant>,
}

impl Sm {
    pub(crate) fn new(config: SmConfig) -> Sm {
        Sm {
            config,
            id: None,
            location: None,
            max: None,
            handled: 0,
            counting: true,
            sent: 0,
            unacked: VecDeque::new(),
            unrequested: 0,
            unrequested_since: None,
            request_sent_at: None,
        }
    }

    /// An SM session carried over from a stored or detached state.
    pub(crate) fn from_state(config: SmConfig, state: ResumptionState) -> Sm {
        let mut sm = Sm::new(config);
        sm.id = Some(state.id);
        sm.location = state.location;
        sm.max = state.max;
        sm.handled = state.handled;
        sm.sent = state.sent;
        sm.unacked = state.unacked.into();
        sm
    }

    /// The state to resume with; `None` unless resumable.
    pub(crate) fn resumption_state(&self, jid: &FullJid) -> Option<ResumptionState> {
        let id = self.id.clone()?;
        Some(self.state_with(id, jid, self.unacked.iter().cloned().collect()))
    }

    /// Moves the state out (the queue is left empty).
    pub(crate) fn take_state(&mut self, jid: &FullJid) -> Option<ResumptionState> {
        let id = self.id.take()?;
        let unacked = std::mem::take(&mut self.unacked).into();
        Some(self.state_with(id, jid, unacked))
    }

    fn state_with(&self, id: String, jid: &FullJid, unacked: Vec<Stanza>) -> ResumptionState {
        ResumptionState {
            id,
            jid: jid.clone(),
            location: self.location.clone(),
            max: self.max,
            handled: self.handled,
            sent: self.sent,
            unacked,
        }
    }

    pub(crate) fn is_full(&self) -> bool {
        self.unacked.len() >= self.config.max_unacked
    }

    /// Counts a stanza received from the peer (only message, presence and
    /// iq count; nonzas do not, §1).
    pub(crate) fn on_received(&mut self, el: &Element, content_ns: &str) {
        if self.counting
            && el.ns() == content_ns
            && matches!(el.name(), "message" | "presence" | "iq")
        {
            self.handled = self.handled.wrapping_add(1);
        }
    }

    /// Writes `stanza`, counts and queues it, and asks for an
    /// acknowledgement when the policy says so. The caller checked
    /// [`Sm::is_full`].
    pub(crate) fn send(
        &mut self,
        out: &mut Outbox,
        stanza: Stanza,
        content_ns: &str,
        now: Instant,
    ) {
        out.push_element(&Element::from(stanza.clone()), content_ns);
        self.unacked.push_back(stanza);
        self.sent = self.sent.wrapping_add(1);
        self.unrequested = self.unrequested.saturating_add(1);
        self.unrequested_since.get_or_insert(now);
        if self.unrequested >= self.config.request_every.max(1) || self.is_full() {
            self.request(out, content_ns, now);
        }
    }

    /// Writes every unacknowledged stanza again (after resumption; the
    /// counters do not move) and asks for an acknowledgement.
    pub(crate) fn resend_unacked(&mut self, out: &mut Outbox, content_ns: &str, now: Instant) {
        for s in &self.unacked {
            out.push_element(&Element::from(s.clone()), content_ns);
        }
        if !self.unacked.is_empty() {
            self.request(out, content_ns, now);
        }
    }

    /// Writes `<r/>`.
    pub(crate) fn request(&mut self, out: &mut Outbox, content_ns: &str, now: Instant) {
        out.push_element(&Element::from(AckRequest::default()), content_ns);
        self.unrequested = 0;
        self.unrequested_since = None;
        self.request_sent_at.get_or_insert(now);
    }

    /// Writes `<a h='…'/>` with the handled count.
    pub(crate) fn answer(&self, out: &mut Outbox, content_ns: &str) {
        out.push_element(&Element::from(Ack::new(self.handled)), content_ns);
    }

    /// How many queued stanzas `h` acknowledges, or the error if it
    /// acknowledges more than were sent.
    pub(crate) fn check_ack(&self, h: u32) -> Result<usize, SessionError> {
        check_ack(self.sent, self.unacked.len(), h)
    }

    /// Applies the peer's `h`: drops and returns the acknowledged stanzas.
    pub(crate) fn on_ack(&mut self, h: u32) -> Result<Vec<Stanza>, SessionError> {
        let n = self.check_ack(h)?;
        self.request_sent_at = None;
        Ok(self.unacked.drain(..n).collect())
    }

    pub(crate) fn poll_timeout(&self) -> Option<Instant> {
        let request = self
            .unrequested_since
            .zip(self.config.request_after)
            .map(|(t, d)| t + d);
        let timeout = self
            .request_sent_at
            .zip(self.config.ack_timeout)
            .map(|(t, d)| t + d);
        request.into_iter().chain(timeout).min()
    }

    pub(crate) fn handle_timeout(
        &mut self,
        now: Instant,
        out: &mut Outbox,
        content_ns: &str,
    ) -> SmTick {
        if let (Some(t), Some(d)) = (self.request_sent_at, self.config.ack_timeout)
            && now >= t + d
        {
            return SmTick::AckTimeout;
        }
        if let (Some(t), Some(d)) = (self.unrequested_since, self.config.request_after)
            && now >= t + d
        {
            self.request(out, content_ns, now);
        }
        SmTick::Nothing
    }
}

/// The outcome of [`Sm::on_ack_element`].
pub(crate) enum AckStep {
    /// Handled (an `<r/>` answered, or an `<a/>` that acknowledged nothing
    /// new).
    Done,
    /// These stanzas were acknowledged.
    Acked(Vec<Stanza>),
    /// The session must fail with `error`, sending `condition` if given
    /// (any XEP-0198 stream error element is already queued).
    Failed {
        error: SessionError,
        condition: Option<crate::stream::Condition>,
    },
    /// Not `<r/>` or `<a/>`: for the session to handle.
    Other(Element),
}

impl Sm {
    /// Handles `<r/>` and `<a/>` (XEP-0198 §4), the same for both roles.
    pub(crate) fn on_ack_element(&mut self, el: Element, out: &mut Outbox) -> AckStep {
        use crate::stream::Condition;
        match el.name() {
            "r" => {
                self.answer(out, C2S);
                AckStep::Done
            }
            "a" => match Ack::try_from(el) {
                Err(e) => AckStep::Failed {
                    error: SessionError::Protocol {
                        condition: Condition::InvalidXml,
                        what: format!("bad <a/>: {e}"),
                    },
                    condition: Some(Condition::InvalidXml),
                },
                Ok(a) => match self.on_ack(a.h) {
                    Ok(acked) if acked.is_empty() => AckStep::Done,
                    Ok(acked) => AckStep::Acked(acked),
                    Err(error) => {
                        out.push_element(&handled_count_too_high_error(a.h, self.sent), C2S);
                        AckStep::Failed {
                            error,
                            condition: None,
                        }
                    }
                },
            },
            _ => AckStep::Other(el),
        }
    }
}

/// Sends a stanza on an online stream: counted and queued when stream
/// management is on (a full queue refuses it), written as is otherwise.
pub(crate) fn emit(
    sm: &mut Option<Sm>,
    out: &mut Outbox,
    stanza: Stanza,
    now: Instant,
) -> Result<(), SessionError> {
    match sm {
        Some(state) if state.is_full() => Err(SessionError::UnackedQueueFull {
            limit: state.config.max_unacked,
        }),
        Some(state) => {
            state.send(out, stanza, C2S, now);
            Ok(())
        }
        None => {
            out.push_element(&Element::from(stanza), C2S);
            Ok(())
        }
    }
}

/// Writes a clean close (RFC 6120 §4.4). An online session with stream
/// management on first says what it handled (`<a/>`, XEP-0198 §4), so the
/// peer does not resend it elsewhere.
pub(crate) fn write_close(sm: Option<&Sm>, online: bool, out: &mut Outbox) {
    if let Some(state) = sm
        && online
    {
        state.answer(out, C2S);
    }
    out.push(crate::stream::STREAM_CLOSE);
}

/// The content namespace of c2s streams, where XEP-0198 runs here.
const C2S: &str = crate::xml::ns::JABBER_CLIENT;

/// How many of `queued` stanzas `h` acknowledges, given `sent` stanzas
/// sent: `h` counts from the same origin as `sent` and wraps at 2^32 (§4).
pub(crate) fn check_ack(sent: u32, queued: usize, h: u32) -> Result<usize, SessionError> {
    let acked = sent.wrapping_sub(queued as u32);
    let n = h.wrapping_sub(acked) as usize;
    if n > queued {
        return Err(SessionError::HandledCountTooHigh { h, sent });
    }
    Ok(n)
}

/// The `<stream:error/>` for an acknowledgement above the sent count
/// (XEP-0198 §6).
pub(crate) fn handled_count_too_high_error(h: u32, sent: u32) -> Element {
    let mut el =
        super::common::stream_error_element(crate::stream::Condition::UndefinedCondition, None);
    el.append_child(Element::from(HandledCountTooHigh {
        h,
        send_count: sent,
        unknown: Default::default(),
    }));
    el
}

/// True for an element of the XEP-0198 namespace.
pub(crate) fn is_sm(el: &Element) -> bool {
    el.ns() == SM_NS
}

/// The namespace, for building `<sm/>`, `<enable/>` and friends.
pub(crate) const NS: &str = SM_NS;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acks_wrap_at_two_to_the_32() {
        // 3 stanzas sent across the wrap: sent went MAX-1, MAX, 0.
        assert_eq!(check_ack(0, 3, u32::MAX - 2), Ok(0));
        assert_eq!(check_ack(0, 3, u32::MAX), Ok(2));
        assert_eq!(check_ack(0, 3, 0), Ok(3));
        assert_eq!(
            check_ack(0, 3, 1),
            Err(SessionError::HandledCountTooHigh { h: 1, sent: 0 })
        );
        // An ack older than the last one is too high too (it would
        // acknowledge nearly 2^32 stanzas).
        assert!(check_ack(10, 2, 7).is_err());
    }

    #[test]
    fn resumption_state_rejects_bad_input() {
        for (bytes, want) in [
            (&b"<x xmlns='urn:xmpp-sansio:sm-state:0'/>"[..], "not a resumption state"),
            (b"<resumption xmlns='urn:xmpp-sansio:sm-state:0' jid='a@b/c' handled='0' sent='0'/>", "'id'"),
            (b"<resumption xmlns='urn:xmpp-sansio:sm-state:0' id='1' jid='a@b' handled='0' sent='0'/>", "full JID"),
            (b"<resumption xmlns='urn:xmpp-sansio:sm-state:0' id='1' jid='a@b/c' handled='-1' sent='0'/>", "'handled'"),
            (b"<resumption xmlns='urn:xmpp-sansio:sm-state:0' id='1' jid='a@b/c' handled='0' sent='0'><iq xmlns='jabber:client' type='get'/></resumption>", "stanza"),
            (b"<resumption", "well-formed"),
        ] {
            let err = ResumptionState::from_bytes(bytes).unwrap_err().to_string();
            assert!(err.contains(want), "{err} should mention {want}");
        }
    }
}
