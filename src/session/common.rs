//! What every session shares: the error type, close reasons, the output
//! queue and the stream-level plumbing.

use std::collections::VecDeque;

use crate::sasl::{FailureCondition, SaslError};
use crate::stanza::{DefinedCondition, Stanza, StanzaParseError};
use crate::stream::{Condition, StreamError, StreamEvent, StreamParser};
use crate::xml::{Element, ns};

/// Why a session failed. Every variant says what went wrong and, where it
/// applies, the condition that was sent to (or received from) the peer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// The peer's bytes broke the XML stream rules; a `<stream:error/>`
    /// with [`StreamError::condition`] was queued for the peer.
    #[error("the peer's XML stream is invalid: {0}")]
    Stream(#[from] StreamError),
    /// The peer closed the stream with a stream error.
    #[error(
        "the peer sent stream error <{condition}/>{}{}",
        host_suffix(.see_other_host),
        text_suffix(.text)
    )]
    PeerStreamError {
        /// The condition the peer gave.
        condition: Condition,
        /// The peer's human-readable text, if any.
        text: Option<String>,
        /// With [`Condition::SeeOtherHost`]: where to reconnect, as the
        /// peer wrote it in the condition element — a domain or IP address
        /// with an optional `:port`, an IPv6 address in brackets
        /// ([RFC 6120 §4.9.3.19](https://www.rfc-editor.org/rfc/rfc6120#section-4.9.3.19)).
        /// `None` for other conditions or when the element was empty.
        see_other_host: Option<String>,
    },
    /// The peer violated the negotiation protocol (we sent a stream error
    /// with `condition`).
    #[error("protocol violation ({condition}): {what}")]
    Protocol {
        /// The stream error condition sent to the peer.
        condition: Condition,
        /// What was wrong.
        what: String,
    },
    /// The server does not offer STARTTLS and the configuration requires TLS.
    #[error(
        "the server does not offer STARTTLS and TLS is required (set TlsPolicy::Optional to allow plaintext)"
    )]
    TlsRequired,
    /// The server refused to start TLS (`<failure xmlns='…xmpp-tls'/>`).
    #[error("the server refused STARTTLS")]
    TlsRefused,
    /// The SASL mechanism failed locally (bad server data, no acceptable
    /// mechanism, server signature mismatch…).
    #[error("SASL: {0}")]
    Sasl(#[from] SaslError),
    /// The peer rejected authentication with a SASL `<failure/>`.
    #[error("authentication failed: {condition}{}", text_suffix(.text))]
    AuthFailed {
        /// The RFC 6120 §6.5 condition.
        condition: FailureCondition,
        /// The peer's human-readable text, if any.
        text: Option<String>,
    },
    /// Resource binding failed (e.g. `conflict`, `not-allowed`).
    #[error("resource binding failed: {condition}")]
    BindFailed {
        /// The stanza error condition the server returned.
        condition: DefinedCondition,
    },
    /// A stanza could not be parsed.
    #[error("invalid stanza: {0}")]
    Stanza(#[from] StanzaParseError),
    /// The operation needs an online session.
    #[error("the session is not online yet")]
    NotOnline,
    /// The session is closed; no more input or output.
    #[error("the session is closed")]
    Closed,
    /// The peer did not answer a keepalive ping in time.
    #[error("the peer did not answer the keepalive ping within the timeout")]
    PingTimeout,
    /// Too many iq requests are awaiting a response.
    #[error("too many iq requests awaiting a response (limit {limit})")]
    TooManyPendingIqs {
        /// The configured limit.
        limit: usize,
    },
    /// The caller asked for something the current state does not allow.
    #[error("invalid call in the current state: {0}")]
    InvalidState(&'static str),
    /// The stream-management queue of unacknowledged stanzas is full
    /// ([`SmConfig::max_unacked`](super::SmConfig::max_unacked)): wait for
    /// acknowledgements, then send again.
    #[error(
        "{limit} stanzas await acknowledgement (the configured limit); wait for acks and retry"
    )]
    UnackedQueueFull {
        /// The configured limit.
        limit: usize,
    },
    /// An acknowledgement request (`<r/>`) went unanswered for
    /// [`SmConfig::ack_timeout`](super::SmConfig::ack_timeout): the
    /// transport is presumed dead, so no `</stream:stream>` is sent (that
    /// would end the stream for good); resume it on a new transport.
    #[error("the peer did not acknowledge stanzas within the ack timeout")]
    AckTimeout,
    /// A resumption request named a session of another user (XEP-0198 §5
    /// allows resumption only by the user who authenticated the session);
    /// the client was told `item-not-found`.
    #[error("the session to resume belongs to another user")]
    ResumeUserMismatch,
    /// The stream was resumed on another connection; this one got a
    /// `conflict` stream error (XEP-0198 §5).
    #[error("the stream was resumed on another connection")]
    ResumedElsewhere,
    /// The peer acknowledged more stanzas than were sent (XEP-0198 §6); an
    /// `undefined-condition` stream error with `<handled-count-too-high/>`
    /// was sent.
    #[error("the peer acknowledged {h} stanzas, but only {sent} were sent")]
    HandledCountTooHigh {
        /// The `h` the peer sent.
        h: u32,
        /// Stanzas sent (modulo 2^32).
        sent: u32,
    },
    /// We closed our stream (`</stream:stream>`) and the peer did not close
    /// its own within the close timeout: both streams are void (RFC 6120
    /// §4.4). Close the transport.
    #[error("the peer did not close its stream within the close timeout")]
    CloseTimeout,
    /// Stream negotiation (STARTTLS, SASL, resource binding…) did not
    /// finish within the negotiation timeout.
    #[error("stream negotiation did not finish within the timeout (stalled at {stage})")]
    NegotiationTimeout {
        /// The step that was waiting, e.g. `"SASL authentication"`.
        stage: &'static str,
    },
}

fn host_suffix(host: &Option<String>) -> String {
    match host {
        Some(h) => format!(" (go to {h})"),
        None => String::new(),
    }
}

fn text_suffix(text: &Option<String>) -> String {
    match text {
        Some(t) => format!(": {t}"),
        None => String::new(),
    }
}

/// Why a session ended; carried by the `Closed` event of every session.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CloseReason {
    /// Both sides closed the stream gracefully (RFC 6120 §4.4).
    Graceful,
    /// The peer closed its stream without an error, or the transport ended.
    PeerClosed,
    /// The session failed.
    Error(SessionError),
}

/// Queued bytes for the transport: written by the session, drained by
/// `poll_transmit`.
#[derive(Debug, Default)]
pub(crate) struct Outbox {
    buf: Vec<u8>,
}

impl Outbox {
    pub(crate) fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    pub(crate) fn push_element(&mut self, el: &Element, default_ns: &str) {
        el.write_to(&mut self.buf, default_ns);
    }

    pub(crate) fn take(&mut self) -> Option<Vec<u8>> {
        if self.buf.is_empty() {
            None
        } else {
            Some(std::mem::take(&mut self.buf))
        }
    }
}

/// Events queued for `poll_event`.
#[derive(Debug)]
pub(crate) struct Events<E> {
    queue: VecDeque<E>,
}

impl<E> Default for Events<E> {
    fn default() -> Self {
        Events {
            queue: VecDeque::new(),
        }
    }
}

impl<E> Events<E> {
    pub(crate) fn push(&mut self, e: E) {
        self.queue.push_back(e);
    }
    pub(crate) fn pop(&mut self) -> Option<E> {
        self.queue.pop_front()
    }
    /// Gives back the queue's memory once it has been drained.
    pub(crate) fn release_idle_memory(&mut self) {
        if self.queue.is_empty() {
            self.queue = VecDeque::new();
        }
    }
}

/// Stanza ids drawn from a caller-given prefix and a counter: unique within
/// the session, deterministic for tests.
#[derive(Debug, Clone)]
pub(crate) struct IdSource {
    prefix: String,
    next: u64,
}

impl IdSource {
    pub(crate) fn new(prefix: impl Into<String>) -> Self {
        IdSource {
            prefix: prefix.into(),
            next: 1,
        }
    }
    pub(crate) fn next_id(&mut self) -> String {
        let id = format!("{}{}", self.prefix, self.next);
        self.next = self.next.wrapping_add(1);
        id
    }
}

/// The prefix of the ids a session generates (stream ids, SM-IDs): the
/// configured one, else a fresh one per session. With the `getrandom`
/// feature the fresh prefix is 128 random bits (RFC 6120 §4.7.3: a stream
/// id MUST be unpredictable and non-repeating); without it, or if the OS
/// source fails, a process-wide counter keeps it unique but predictable.
pub(crate) fn id_prefix(configured: Option<&str>, tag: char) -> String {
    if let Some(p) = configured {
        return p.to_owned();
    }
    #[cfg(feature = "getrandom")]
    {
        let mut buf = [0u8; 16];
        if getrandom::fill(&mut buf).is_ok() {
            let mut s = String::with_capacity(34);
            s.push(tag);
            for b in buf {
                s.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
                s.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
            }
            s.push('-');
            return s;
        }
    }
    static SESSIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let n = SESSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{tag}{n}-")
}

/// The `version` of a stream header as major and minor numbers (RFC 6120
/// §4.7.5: two integers separated by a dot, leading zeros ignored); `None`
/// when it is not of that form. A number too large for `u32` saturates.
pub(crate) fn parse_version(v: &str) -> Option<(u32, u32)> {
    fn number(s: &str) -> Option<u32> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = s.trim_start_matches('0');
        Some(if digits.is_empty() {
            0
        } else {
            digits.parse().unwrap_or(u32::MAX)
        })
    }
    let (major, minor) = v.split_once('.')?;
    Some((number(major)?, number(minor)?))
}

/// Whether a peer's stream `version` lets us speak XMPP 1.0 with it (RFC
/// 6120 §4.7.5, a numeric comparison): major 1 or higher with any minor
/// does; a missing version means 0.9, which does not. `Err` says why not.
pub(crate) fn check_version(version: Option<&str>) -> Result<(), String> {
    match version {
        None => Err("no version: the peer speaks a pre-1.0 protocol (0.9)".into()),
        Some(v) => match parse_version(v) {
            Some((major, _)) if major >= 1 => Ok(()),
            Some(_) => Err(format!("version '{v}' is below 1.0")),
            None => Err(format!("version '{v}' is not of the form major.minor")),
        },
    }
}

/// A `<stream:error>` element for `condition` with optional text.
pub(crate) fn stream_error_element(condition: Condition, text: Option<&str>) -> Element {
    let mut b = Element::builder("error", ns::STREAM)
        .prefix("stream")
        .append(Element::new(condition.as_str(), ns::STREAM_ERRORS));
    if let Some(t) = text {
        b = b.append(
            Element::builder("text", ns::STREAM_ERRORS)
                .text(t.to_owned())
                .build(),
        );
    }
    b.build()
}

/// A `<stream:error>` redirecting the peer to `host` (RFC 6120
/// §4.9.3.19: the host is the character data of `<see-other-host/>`).
pub(crate) fn see_other_host_element(host: &str) -> Element {
    Element::builder("error", ns::STREAM)
        .prefix("stream")
        .append(
            Element::builder(Condition::SeeOtherHost.as_str(), ns::STREAM_ERRORS)
                .text(host.to_owned())
                .build(),
        )
        .build()
}

/// Reads a received `<stream:error/>` into the session error: its
/// condition, text and, for `see-other-host`, the host to go to.
pub(crate) fn read_stream_error(el: &Element) -> SessionError {
    let mut condition = Condition::UndefinedCondition;
    let mut text = None;
    let mut see_other_host = None;
    for child in el.children() {
        if child.ns() != ns::STREAM_ERRORS {
            continue;
        }
        if child.name() == "text" {
            text = Some(child.text().into_owned());
        } else if let Some(c) = Condition::from_name(child.name()) {
            condition = c;
            if c == Condition::SeeOtherHost {
                let host = child.text();
                let host = host.trim();
                see_other_host = (!host.is_empty()).then(|| host.to_owned());
            }
        }
    }
    SessionError::PeerStreamError {
        condition,
        text,
        see_other_host,
    }
}

/// One step of the parser, with `End` and errors mapped for sessions.
pub(crate) enum Incoming {
    Header(crate::stream::StreamHeader),
    Element(Element),
    End,
}

/// What a received stream event means to a session, once the handling
/// every session shares is done: the end of the peer's stream and a
/// received `<stream:error/>` both close the session (our own
/// `</stream:stream>` is queued unless we already sent it).
pub(crate) enum Flow {
    Header(crate::stream::StreamHeader),
    Element(Element),
    Closed(CloseReason),
}

impl Incoming {
    /// Sorts the event; `closing` is true when we already sent our close.
    pub(crate) fn flow(self, closing: bool, out: &mut Outbox) -> Flow {
        match self {
            Incoming::Header(h) => Flow::Header(h),
            Incoming::End if closing => Flow::Closed(CloseReason::Graceful),
            Incoming::End => {
                out.push(crate::stream::STREAM_CLOSE);
                Flow::Closed(CloseReason::PeerClosed)
            }
            Incoming::Element(el) if is_stream_error(&el) => {
                let error = read_stream_error(&el);
                out.push(crate::stream::STREAM_CLOSE);
                Flow::Closed(CloseReason::Error(error))
            }
            Incoming::Element(el) => Flow::Element(el),
        }
    }
}

impl CloseReason {
    /// The error to return from the input call that saw this close.
    pub(crate) fn as_result(&self) -> Result<(), SessionError> {
        match self {
            CloseReason::Error(e) => Err(e.clone()),
            _ => Ok(()),
        }
    }
}

/// The input loop every session shares: pull stream events out of the
/// parser and hand them to the session's `step` until the parser needs
/// more bytes or the session stops reading; a stream error fails the
/// session with the condition the peer must be sent.
pub(crate) trait Machine {
    /// The session's parser.
    fn parser(&mut self) -> &mut StreamParser;
    /// True when no more input is to be processed now (closed, or waiting
    /// for a TLS upgrade).
    fn paused(&self) -> bool;
    /// Handles one event.
    fn step(&mut self, incoming: Incoming) -> Result<(), SessionError>;
    /// Ends the session with `err`, sending `condition` as a stream error
    /// first when given.
    fn fail(&mut self, err: SessionError, condition: Option<Condition>);

    /// Processes everything the parser holds.
    fn process(&mut self) -> Result<(), SessionError> {
        loop {
            if self.paused() {
                return Ok(());
            }
            let incoming = match next_incoming(self.parser()) {
                Ok(Some(i)) => i,
                Ok(None) => return Ok(()),
                Err(e) => {
                    let condition = e.condition();
                    let err = SessionError::Stream(e);
                    self.fail(err.clone(), Some(condition));
                    return Err(err);
                }
            };
            self.step(incoming)?;
        }
    }

    /// Fails the session for a protocol violation: `condition` is sent as
    /// a stream error and returned with `what`.
    fn protocol(
        &mut self,
        condition: Condition,
        what: impl Into<String>,
    ) -> Result<(), SessionError> {
        let err = SessionError::Protocol {
            condition,
            what: what.into(),
        };
        self.fail(err.clone(), Some(condition));
        Err(err)
    }
}

/// Pulls the next event out of `parser`.
fn next_incoming(parser: &mut StreamParser) -> Result<Option<Incoming>, StreamError> {
    Ok(match parser.next_event()? {
        None => None,
        Some(StreamEvent::Header(h)) => Some(Incoming::Header(h)),
        Some(StreamEvent::Element(e)) => Some(Incoming::Element(e)),
        Some(StreamEvent::End) => Some(Incoming::End),
    })
}

/// True for `<stream:features/>`.
pub(crate) fn is_features(el: &Element) -> bool {
    el.is("features", ns::STREAM)
}

/// True for `<stream:error/>`.
pub(crate) fn is_stream_error(el: &Element) -> bool {
    el.is("error", ns::STREAM)
}

/// Base64 payload of a SASL element, decoded (`=` and an element without
/// data are both an empty payload, RFC 6120 §6.4.2), by the rule the stanza
/// model uses too (`crate::sasl::element_text`): XML whitespace is ignored,
/// any other character outside the base64 alphabet (U+00A0, U+3000…) is
/// `incorrect-encoding` (§6.5.5, §13.9.1).
pub(crate) fn sasl_payload(el: &Element) -> Result<Vec<u8>, SaslError> {
    crate::sasl::element_text::decode_element_text(&el.text())
        .map(Option::unwrap_or_default)
        .map_err(|_| SaslError::InvalidBase64 {
            field: "SASL element",
        })
}

/// A SASL element named `name` carrying `data` (empty data is `=` where
/// `empty_marker` is set, per RFC 6120 §6.4.2, else no text at all).
pub(crate) fn sasl_element(name: &'static str, data: &[u8], empty_marker: bool) -> Element {
    use base64::Engine;
    let mut el = Element::new(name, ns::SASL);
    if data.is_empty() {
        if empty_marker {
            el.append_text("=");
        }
    } else {
        el.append_text(base64::engine::general_purpose::STANDARD.encode(data));
    }
    el
}

/// The error reply to an invalid stanza, when one is due: an iq `get` or
/// `set` with an id gets an error iq with the parse error's condition; other
/// stanzas (and errors) get none (RFC 6120 §8.3.1), and neither does a
/// request whose addresses are invalid (the reply would not be a valid
/// stanza).
pub(crate) fn error_reply_for_invalid(el: &Element, error: &StanzaParseError) -> Option<Stanza> {
    if el.name() != "iq" || !matches!(el.attr("type"), Some("get") | Some("set")) {
        return None;
    }
    let id = el.attr("id")?;
    let condition = error.condition();
    let mut reply = Element::builder("iq", el.ns().to_owned())
        .attr("type", "error")
        .attr("id", id.to_owned());
    if let Some(from) = el.attr("from") {
        reply = reply.attr("to", from.to_owned());
    }
    if let Some(to) = el.attr("to") {
        reply = reply.attr("from", to.to_owned());
    }
    let err = crate::stanza::StanzaError::new(condition);
    let content = crate::stanza::ContentNs::from_uri(el.ns()).unwrap_or_default();
    Stanza::try_from(reply.append(err.into_element(content)).build()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_two_integers_without_leading_zeros() {
        // RFC 6120 §4.7.5.
        assert_eq!(parse_version("1.0"), Some((1, 0)));
        assert_eq!(parse_version("01.00"), Some((1, 0)));
        assert_eq!(parse_version("1.10"), Some((1, 10)));
        assert_eq!(parse_version("1.99999999999999"), Some((1, u32::MAX)));
        for bad in ["", "1", "1.", ".0", "1.0.0", "+1.0", "1.-0", " 1.0", "1.0a"] {
            assert_eq!(parse_version(bad), None, "{bad:?}");
        }
        assert!(check_version(Some("1.1")).is_ok());
        assert!(check_version(Some("0.9")).is_err());
        assert!(check_version(None).is_err());
    }
}
