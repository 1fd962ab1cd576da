//! XEP-0198 stream management between our client and server sessions, in
//! memory: a conversation in both directions is cut at every point, the
//! stream is resumed on a new "transport", and every stanza must arrive
//! exactly once and in order. Also: the ack policy and its timers, queue
//! bounds, counters wrapping at 2^32, `handled-count-too-high`, failed
//! resumption handing stanzas back, and the server's detached sessions.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use xmpp_sansio::jid::Jid;
use xmpp_sansio::sasl::MemoryCredentials;
use xmpp_sansio::session::{
    ClientConfig, ClientEvent, ClientSession, CloseReason, DetachedSession, ResumeRefused,
    ResumptionState, ServerConfig, ServerEvent, ServerSession, SessionError, SmConfig, TlsPolicy,
};
use xmpp_sansio::stanza::{DefinedCondition, Message, Stanza};

/// Derived once: thousands of sessions log in below. A low iteration
/// count keeps each PLAIN check cheap; SASL itself is tested elsewhere.
fn users() -> Arc<MemoryCredentials> {
    static USERS: std::sync::OnceLock<Arc<MemoryCredentials>> = std::sync::OnceLock::new();
    USERS
        .get_or_init(|| {
            let mut u = MemoryCredentials::new();
            u.add_user("alice", "alicepass", b"0123456789abcdef", 1)
                .unwrap();
            u.add_user("bob", "bobpass", b"fedcba9876543210", 1)
                .unwrap();
            Arc::new(u)
        })
        .clone()
}

/// The ack policy under test: a request every 5 stanzas, and one a second
/// after the last unrequested stanza; no ack timeout unless a test sets one.
fn sm_config() -> SmConfig {
    SmConfig {
        request_every: 5,
        request_after: Some(Duration::from_secs(1)),
        ack_timeout: None,
        ..SmConfig::default()
    }
}

fn server_config(sm: SmConfig) -> ServerConfig {
    let mut c = ServerConfig::new("localhost", users());
    c.allow_plaintext_auth = true;
    c.stream_management = Some(sm);
    c.stream_id_prefix = Some("s".into());
    c
}

fn client_config(user: &str, sm: SmConfig) -> ClientConfig {
    ClientConfig::new(
        Jid::new(&format!("{user}@localhost/phone")).unwrap(),
        format!("{user}pass"),
    )
    .with_tls(TlsPolicy::Disabled)
    .with_plaintext_auth(true)
    .with_mechanism("PLAIN")
    .with_stream_management(Some(sm))
}

fn body(s: &Stanza) -> Option<String> {
    match s {
        Stanza::Message(m) => m.body().map(str::to_owned),
        _ => None,
    }
}

fn msg(to: &str, body: String) -> Message {
    Message::chat(Jid::new(to).unwrap()).with_body(body)
}

/// A client and a server session joined by an in-memory transport whose
/// bytes in flight can be lost.
struct Link {
    now: Instant,
    client_sm: SmConfig,
    server_sm: SmConfig,
    client: ClientSession,
    server: ServerSession,
    /// Bytes written by one side, not yet read by the other.
    c2s: Vec<u8>,
    s2c: Vec<u8>,
    /// Bytes delivered since the budget was set.
    delivered: usize,
    /// Deliver in pieces of at most this many bytes.
    piece: usize,
    client_events: Vec<ClientEvent>,
    server_events: Vec<ServerEvent>,
    errors: Vec<SessionError>,
    /// The server application's detached sessions, by SM-ID.
    store: HashMap<String, DetachedSession>,
    /// `Some(h)`: the server application refuses resumption requests with
    /// `item-not-found` and this `h`.
    reject_with: Option<Option<u32>>,
    /// Resumptions `accept_resume` refused.
    refusals: Vec<ResumeRefused>,
    /// Message bodies each side's application received, in order.
    client_got: Vec<String>,
    server_got: Vec<String>,
}

impl Link {
    fn new(client_sm: SmConfig, server_sm: SmConfig) -> Link {
        let now = Instant::now();
        Link {
            now,
            client: ClientSession::new(client_config("alice", client_sm.clone()), now),
            server: ServerSession::new(server_config(server_sm.clone()), now),
            client_sm,
            server_sm,
            c2s: Vec::new(),
            s2c: Vec::new(),
            delivered: 0,
            piece: usize::MAX,
            client_events: Vec::new(),
            server_events: Vec::new(),
            errors: Vec::new(),
            store: HashMap::new(),
            reject_with: None,
            refusals: Vec::new(),
            client_got: Vec::new(),
            server_got: Vec::new(),
        }
    }

    /// A link logged in, bound and with stream management enabled.
    fn online() -> Link {
        let mut l = Link::new(sm_config(), sm_config());
        l.pump(&mut None);
        assert!(l.client.is_online() && l.client.is_sm_enabled());
        assert!(
            l.client_events
                .contains(&ClientEvent::SmEnabled { resumable: true }),
            "{:?}",
            l.client_events
        );
        l
    }

    /// Runs both sides until nothing moves, or until `budget` bytes have
    /// been delivered (then returns false: the transport is to be cut).
    fn pump(&mut self, budget: &mut Option<usize>) -> bool {
        loop {
            let mut moved = false;
            while let Some(b) = self.client.poll_transmit() {
                self.c2s.extend_from_slice(&b);
            }
            while let Some(b) = self.server.poll_transmit() {
                self.s2c.extend_from_slice(&b);
            }
            while let Some(e) = self.server.poll_event() {
                moved = true;
                self.on_server_event(e);
            }
            while let Some(e) = self.client.poll_event() {
                moved = true;
                if let ClientEvent::Stanza(s) = &e
                    && let Some(b) = body(s)
                {
                    self.client_got.push(b);
                }
                self.client_events.push(e);
            }
            for to_server in [true, false] {
                let buf = if to_server {
                    &mut self.c2s
                } else {
                    &mut self.s2c
                };
                if buf.is_empty() {
                    continue;
                }
                let n = match budget {
                    Some(0) => return false,
                    Some(b) => (*b).min(buf.len()),
                    None => buf.len(),
                };
                let bytes: Vec<u8> = buf.drain(..n).collect();
                if let Some(b) = budget {
                    *b -= n;
                }
                self.delivered += n;
                moved = true;
                for part in bytes.chunks(self.piece) {
                    let r = if to_server {
                        self.server.handle_input(part)
                    } else {
                        self.client.handle_input(part)
                    };
                    if let Err(e) = r {
                        self.errors.push(e);
                    }
                }
            }
            if !moved {
                return true;
            }
        }
    }

    fn on_server_event(&mut self, e: ServerEvent) {
        match &e {
            ServerEvent::BindRequest { requested } => {
                let r = requested.clone().unwrap_or_else(|| "gen".into());
                self.server.accept_bind(&r).unwrap();
            }
            ServerEvent::ResumeRequest { previd, .. } => {
                match (self.store.remove(previd), self.reject_with) {
                    (Some(d), None) => {
                        if let Err(refused) = self.server.accept_resume(d) {
                            self.refusals.push(*refused);
                        }
                    }
                    (_, h) => self
                        .server
                        .reject_resume(DefinedCondition::ItemNotFound, h.flatten())
                        .unwrap(),
                }
            }
            ServerEvent::Stanza(s) => {
                if let Some(b) = body(s) {
                    self.server_got.push(b);
                }
            }
            _ => {}
        }
        self.server_events.push(e);
    }

    /// Cuts the transport: bytes in flight are lost, the server detaches
    /// its session, the client takes its state (through its stored form,
    /// as an application restarting would), and both start over on a new
    /// transport, the client asking to resume.
    fn cut_and_reconnect(&mut self) {
        self.c2s.clear();
        self.s2c.clear();
        match self.server.take_detached(self.now) {
            Some(detached) => {
                self.store.insert(detached.id().to_owned(), detached);
            }
            // Cut again before the new connection resumed: the session
            // is still held from the first cut.
            None => assert_eq!(self.store.len(), 1, "the server session is resumable"),
        }
        let placeholder =
            ClientSession::new(client_config("alice", self.client_sm.clone()), self.now);
        let old = std::mem::replace(&mut self.client, placeholder);
        let state = old
            .into_resumption_state()
            .expect("the client session is resumable");
        let state = ResumptionState::from_bytes(&state.to_bytes()).expect("state round trip");
        self.client = ClientSession::resume(
            client_config("alice", self.client_sm.clone()),
            state,
            self.now,
        );
        self.server = ServerSession::new(server_config(self.server_sm.clone()), self.now);
    }

    /// Lets the ack timers run, then closes gracefully.
    fn settle_and_close(&mut self) {
        self.now += Duration::from_secs(2);
        self.client.handle_timeout(self.now);
        self.server.handle_timeout(self.now);
        assert!(self.pump(&mut None));
        assert_eq!(self.client.unacked().count(), 0, "client queue after acks");
        assert_eq!(self.server.unacked().count(), 0, "server queue after acks");
        self.client.close();
        assert!(self.pump(&mut None));
        assert!(
            self.client_events
                .contains(&ClientEvent::Closed(CloseReason::Graceful))
        );
    }
}

/// One step of the conversation.
#[derive(Clone, Copy, Debug)]
enum Action {
    ClientSends(usize),
    ServerSends(usize),
}

fn script(n: usize) -> Vec<Action> {
    (0..n)
        .flat_map(|i| [Action::ClientSends(i), Action::ServerSends(i)])
        .collect()
}

fn act(link: &mut Link, a: Action) {
    match a {
        Action::ClientSends(i) => {
            link.client
                .send(msg("bob@localhost", format!("c{i}")))
                .unwrap();
        }
        Action::ServerSends(i) => {
            link.server
                .send(msg("alice@localhost/phone", format!("s{i}")))
                .unwrap();
        }
    }
}

/// Runs the conversation, cutting the transport each time the next of
/// `cuts` bytes have been delivered (counted from the start of the
/// conversation, then from each reconnection, so a second cut can fall
/// inside the resumption itself). Returns the link and the delivered-byte
/// count after each action (for choosing cut points).
fn converse(n: usize, cuts: &[usize]) -> (Link, Vec<usize>) {
    let mut link = Link::online();
    link.delivered = 0;
    let mut cuts = cuts.iter().copied();
    let mut budget = cuts.next();
    let mut boundaries = Vec::new();
    let actions = script(n);
    let mut i = 0;
    let mut reconnected = false;
    while i < actions.len() {
        act(&mut link, actions[i]);
        i += 1;
        while !link.pump(&mut budget) || budget == Some(0) {
            budget = cuts.next();
            link.cut_and_reconnect();
            reconnected = true;
            // A stanza routed to the user while the session is detached.
            if let Some(&Action::ServerSends(k)) = actions.get(i)
                && let Some(detached) = link.store.values_mut().next()
            {
                detached
                    .send(msg("alice@localhost/phone", format!("s{k}")))
                    .unwrap();
                i += 1;
            }
        }
        assert!(link.client.is_online(), "{:?}", link.client_events);
        boundaries.push(link.delivered);
    }
    assert!(link.pump(&mut None));
    if reconnected {
        assert!(link.refusals.is_empty(), "refused: {:?}", link.refusals);
        assert!(link.store.is_empty(), "a detached session was left behind");
        for e in &link.client_events {
            assert!(!matches!(e, ClientEvent::ResumeFailed { .. }), "{e:?}");
        }
        assert!(
            link.client_events
                .iter()
                .any(|e| matches!(e, ClientEvent::Resumed { .. })),
            "not resumed: {:?}",
            link.client_events
        );
    }
    (link, boundaries)
}

fn check_delivery(link: &Link, n: usize, what: &str) {
    let want_c: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
    let want_s: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
    assert_eq!(link.server_got, want_c, "client→server, {what}");
    assert_eq!(link.client_got, want_s, "server→client, {what}");
    assert!(link.errors.is_empty(), "{what}: {:?}", link.errors);
}

#[test]
fn uncut_conversation_is_acknowledged() {
    let (mut link, _) = converse(100, &[]);
    check_delivery(&link, 100, "no cut");
    let acked: usize = link
        .client_events
        .iter()
        .map(|e| match e {
            ClientEvent::Acked { stanzas } => stanzas.len(),
            _ => 0,
        })
        .sum();
    assert_eq!(acked, 100, "every 5th stanza asks, and the server answers");
    link.settle_and_close();
}

/// The transport is cut at every byte of a conversation of 100 stanzas
/// each way (16 000-odd cut points: inside stanzas, between them, inside
/// `<r/>` and `<a/>`): after resumption each side's application got each
/// stanza exactly once, in order. The cut points are split over threads.
#[test]
fn cut_at_every_byte_of_a_100_stanza_conversation() {
    let n = 100;
    let (_, boundaries) = converse(n, &[]);
    let total = *boundaries.last().unwrap();
    assert!(total > 10_000, "{total} bytes");
    let threads = std::thread::available_parallelism().map_or(2, |p| p.get());
    std::thread::scope(|s| {
        for t in 0..threads {
            s.spawn(move || {
                for cut in (t..=total).step_by(threads) {
                    let (mut link, _) = converse(n, &[cut]);
                    check_delivery(&link, n, &format!("cut after {cut} bytes"));
                    link.settle_and_close();
                }
            });
        }
    });
}

/// Every byte offset of a shorter conversation.
#[test]
fn cut_at_every_byte_of_a_short_conversation() {
    let n = 12;
    let (_, boundaries) = converse(n, &[]);
    let total = *boundaries.last().unwrap();
    for cut in 0..=total {
        let (mut link, _) = converse(n, &[cut]);
        check_delivery(&link, n, &format!("cut after {cut} bytes"));
        link.settle_and_close();
    }
}

/// A first cut mid-conversation, then a second one at every byte of the
/// resumption that follows (before `<resume/>` arrives, between it and
/// `<resumed/>`, during the resent stanzas): still exactly once, in order.
#[test]
fn a_second_cut_during_resumption_loses_nothing() {
    let n = 10;
    let (_, boundaries) = converse(n, &[]);
    let first = boundaries[8] + 7;
    // How many bytes the reconnection and resumption take, uncut.
    let (link, _) = converse(n, &[first]);
    let total = link.delivered;
    for second in 0..=total {
        let (mut link, _) = converse(n, &[first, second]);
        check_delivery(&link, n, &format!("cuts after {first} and {second} bytes"));
        link.settle_and_close();
    }
}

/// The same conversation delivered in pieces of every size from 1 byte:
/// each side sees the same events in the same order.
#[test]
fn any_chunking_gives_the_same_events() {
    let run = |piece: usize| {
        let mut link = Link::new(sm_config(), sm_config());
        link.piece = piece;
        assert!(link.pump(&mut None));
        for a in script(12) {
            act(&mut link, a);
            assert!(link.pump(&mut None));
        }
        link.settle_and_close();
        check_delivery(&link, 12, &format!("pieces of {piece}"));
        let server: Vec<String> = link
            .server_events
            .iter()
            // SM-IDs are random.
            .filter(|e| !matches!(e, ServerEvent::SmEnabled { .. }))
            .map(|e| format!("{e:?}"))
            .collect();
        (link.client_events, server)
    };
    let whole = run(usize::MAX);
    for piece in [1, 2, 3, 5, 8, 13, 64, 200] {
        assert_eq!(run(piece), whole, "pieces of {piece}");
    }
}

#[test]
fn counters_wrap_at_two_to_the_32() {
    // Both sides start three stanzas short of 2^32 (a session imported
    // after a very long life) and exchange 10 stanzas each way.
    let mut link = Link::online();
    let jid = link.client.jid().unwrap().clone();
    let near = u32::MAX - 2;
    link.c2s.clear();
    link.s2c.clear();
    let client_state = ResumptionState {
        id: "wrap".into(),
        jid: jid.clone(),
        location: None,
        max: Some(300),
        handled: near,
        sent: near,
        unacked: Vec::new(),
    };
    link.store.insert(
        "wrap".into(),
        DetachedSession::new(
            "alice",
            ResumptionState {
                handled: near,
                sent: near,
                ..client_state.clone()
            },
            1000,
            link.now + Duration::from_secs(300),
        ),
    );
    link.client =
        ClientSession::resume(client_config("alice", sm_config()), client_state, link.now);
    link.server = ServerSession::new(server_config(sm_config()), link.now);
    let mut wire = Vec::new();
    assert!(link.pump(&mut None));
    for i in 0..10 {
        act(&mut link, Action::ClientSends(i));
        act(&mut link, Action::ServerSends(i));
        while let Some(b) = link.client.poll_transmit() {
            wire.extend_from_slice(&b);
            link.c2s.extend_from_slice(&b);
        }
        assert!(link.pump(&mut None));
    }
    link.settle_and_close();
    check_delivery(&link, 10, "across the wrap");
    let state_after = String::from_utf8_lossy(&wire);
    // Acks counted through 2^32-1 and on from 0.
    let server_acks: Vec<u32> = link
        .client_events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::Acked { stanzas } => Some(stanzas.len() as u32),
            _ => None,
        })
        .collect();
    assert_eq!(server_acks.iter().sum::<u32>(), 10, "{state_after}");
}

#[test]
fn ack_above_sent_is_handled_count_too_high() {
    let mut link = Link::online();
    for i in 0..3 {
        act(&mut link, Action::ClientSends(i));
    }
    assert!(link.pump(&mut None));
    let err = link
        .client
        .handle_input(b"<a xmlns='urn:xmpp:sm:3' h='10'/>")
        .unwrap_err();
    assert_eq!(err, SessionError::HandledCountTooHigh { h: 10, sent: 3 });
    let out = String::from_utf8(link.client.poll_transmit().unwrap()).unwrap();
    assert!(
        out.contains("<undefined-condition xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"),
        "{out}"
    );
    assert!(
        out.contains("<handled-count-too-high xmlns='urn:xmpp:sm:3' h='10' send-count='3'/>"),
        "{out}"
    );

    // And the server, symmetrically.
    let mut link = Link::online();
    act(&mut link, Action::ServerSends(0));
    assert!(link.pump(&mut None));
    let err = link
        .server
        .handle_input(b"<a xmlns='urn:xmpp:sm:3' h='2'/>")
        .unwrap_err();
    assert_eq!(err, SessionError::HandledCountTooHigh { h: 2, sent: 1 });
    assert!(link.server.is_closed());
}

#[test]
fn client_queue_bound_is_a_clear_error_not_memory() {
    let sm = SmConfig {
        max_unacked: 3,
        request_every: 100,
        ..sm_config()
    };
    let mut link = Link::new(sm.clone(), sm_config());
    assert!(link.pump(&mut None));
    // The server's answers never reach the client.
    for i in 0..3 {
        act(&mut link, Action::ClientSends(i));
    }
    // Reaching the bound asks for an ack at once.
    let out = String::from_utf8(link.client.poll_transmit().unwrap()).unwrap();
    assert!(out.ends_with("<r xmlns='urn:xmpp:sm:3'/>"), "{out}");
    let err = link
        .client
        .send(msg("bob@localhost", "c3".into()))
        .unwrap_err();
    assert_eq!(err, SessionError::UnackedQueueFull { limit: 3 });
    assert!(
        link.client.is_online(),
        "a full queue is back-pressure, not fatal"
    );
    // An ack frees room.
    link.client
        .handle_input(b"<a xmlns='urn:xmpp:sm:3' h='2'/>")
        .unwrap();
    link.client.send(msg("bob@localhost", "c3".into())).unwrap();
    assert_eq!(link.client.unacked().count(), 2);
}

#[test]
fn server_queue_bound_against_a_client_that_never_acks() {
    let sm = SmConfig {
        max_unacked: 4,
        ..sm_config()
    };
    let mut link = Link::new(sm_config(), sm);
    assert!(link.pump(&mut None));
    for i in 0..4 {
        act(&mut link, Action::ServerSends(i));
    }
    // The client never reads: the queue fills and stays bounded.
    let err = link
        .server
        .send(msg("alice@localhost/phone", "s4".into()))
        .unwrap_err();
    assert_eq!(err, SessionError::UnackedQueueFull { limit: 4 });
    assert_eq!(link.server.unacked().count(), 4);
    // A detached session refuses beyond the bound too.
    let mut d = link.server.take_detached(link.now).unwrap();
    assert!(d.send(msg("alice@localhost/phone", "s5".into())).is_err());
    let left: Vec<String> = d.expire().iter().filter_map(body).collect();
    assert_eq!(left, ["s0", "s1", "s2", "s3"]);
}

#[test]
fn request_after_and_ack_timeout_follow_poll_timeout() {
    let sm = SmConfig {
        request_every: 10,
        request_after: Some(Duration::from_secs(1)),
        ack_timeout: Some(Duration::from_secs(30)),
        ..sm_config()
    };
    let mut link = Link::new(sm.clone(), sm_config());
    link.client = ClientSession::new(
        client_config("alice", sm).with_plaintext_auth(true),
        link.now,
    );
    assert!(link.pump(&mut None));
    let t0 = link.now;
    act(&mut link, Action::ClientSends(0));
    let _ = link.client.poll_transmit();
    let when = link.client.poll_timeout().unwrap();
    assert!(when <= t0 + Duration::from_secs(1));
    link.client.handle_timeout(t0 + Duration::from_secs(1));
    let out = String::from_utf8(link.client.poll_transmit().unwrap()).unwrap();
    assert_eq!(out, "<r xmlns='urn:xmpp:sm:3'/>");
    // The answer never comes: after the ack timeout the session ends,
    // resumable.
    let deadline = link.client.poll_timeout().unwrap();
    assert!(deadline <= t0 + Duration::from_secs(31));
    link.client.handle_timeout(t0 + Duration::from_secs(31));
    assert!(link.client.is_closed());
    let mut events = Vec::new();
    while let Some(e) = link.client.poll_event() {
        events.push(e);
    }
    assert!(events.contains(&ClientEvent::Closed(CloseReason::Error(
        SessionError::AckTimeout
    ))));
    // Nothing is written: a closed stream could not be resumed.
    assert_eq!(link.client.poll_transmit(), None);
    let state = link.client.into_resumption_state().unwrap();
    assert_eq!(state.unacked.len(), 1);
}

#[test]
fn failed_resumption_hands_back_the_unacknowledged_stanzas() {
    let mut link = Link::online();
    for i in 0..3 {
        act(&mut link, Action::ClientSends(i));
    }
    // Nothing delivered; the server forgets the session (it expired).
    link.cut_and_reconnect();
    let expired = link.store.drain().map(|(_, d)| d).next().unwrap();
    assert_eq!(expired.stanzas().count(), 0);
    assert!(link.pump(&mut None));
    let unacked = link
        .client_events
        .iter()
        .find_map(|e| match e {
            ClientEvent::ResumeFailed { condition, unacked } => {
                assert_eq!(condition.as_deref(), Some("item-not-found"));
                Some(unacked.iter().filter_map(body).collect::<Vec<_>>())
            }
            _ => None,
        })
        .expect("ResumeFailed");
    assert_eq!(unacked, ["c0", "c1", "c2"]);
    // The session bound afresh and enabled stream management again.
    assert!(link.client.is_online() && link.client.is_sm_enabled());
    assert!(
        link.client_events
            .iter()
            .any(|e| matches!(e, ClientEvent::Online { .. }))
    );
}

#[test]
fn failed_with_h_drops_what_the_server_handled() {
    let mut link = Link::online();
    for i in 0..4 {
        act(&mut link, Action::ClientSends(i));
    }
    link.cut_and_reconnect();
    // The session expired; the server application remembers that 2
    // stanzas were handled (XEP-0198 §5, `<failed h='2'/>`).
    link.reject_with = Some(Some(2));
    assert!(link.pump(&mut None));
    let unacked = link
        .client_events
        .iter()
        .find_map(|e| match e {
            ClientEvent::ResumeFailed { unacked, .. } => {
                Some(unacked.iter().filter_map(body).collect::<Vec<_>>())
            }
            _ => None,
        })
        .unwrap();
    assert_eq!(unacked, ["c2", "c3"]);
    assert!(link.client.is_online());
}

#[test]
fn another_user_cannot_resume_the_session() {
    let mut link = Link::online();
    act(&mut link, Action::ServerSends(0));
    link.cut_and_reconnect();
    // Bob presents Alice's SM-ID.
    let stolen = {
        let d = link.store.values().next().unwrap();
        ResumptionState {
            id: d.id().to_owned(),
            jid: "bob@localhost/phone".parse().unwrap(),
            location: None,
            max: None,
            handled: 0,
            sent: 0,
            unacked: Vec::new(),
        }
    };
    link.client = ClientSession::resume(client_config("bob", sm_config()), stolen, link.now);
    assert!(link.pump(&mut None));
    assert_eq!(link.refusals.len(), 1);
    let refused = &link.refusals[0];
    assert_eq!(refused.error, SessionError::ResumeUserMismatch);
    assert_eq!(refused.detached.username(), "alice");
    assert_eq!(refused.detached.stanzas().count(), 1, "nothing lost");
    assert!(link.client_events.iter().any(|e| matches!(
        e,
        ClientEvent::ResumeFailed { condition: Some(c), .. } if c == "item-not-found"
    )));
    assert_eq!(
        link.client.jid().map(|j| j.to_string()).as_deref(),
        Some("bob@localhost/phone")
    );
}

#[test]
fn resuming_while_the_old_connection_is_open_closes_it_with_conflict() {
    let mut link = Link::online();
    let mut old = std::mem::replace(
        &mut link.server,
        ServerSession::new(server_config(sm_config()), link.now),
    );
    let d = old.take_detached(link.now).unwrap();
    assert!(old.is_closed());
    let out = String::from_utf8(old.poll_transmit().unwrap()).unwrap();
    assert!(
        out.contains("<conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"),
        "{out}"
    );
    let mut events = Vec::new();
    while let Some(e) = old.poll_event() {
        events.push(e);
    }
    assert!(events.contains(&ServerEvent::Closed(CloseReason::Error(
        SessionError::ResumedElsewhere
    ))));
    assert_eq!(d.username(), "alice");
}

#[test]
fn clean_close_is_not_resumable_and_leftovers_go_to_the_caller() {
    let mut link = Link::online();
    act(&mut link, Action::ServerSends(0));
    // The client closes before reading the message.
    link.s2c.clear();
    let _ = link.server.poll_transmit();
    link.client.close();
    assert!(link.pump(&mut None));
    assert!(link.server.is_closed());
    assert!(link.server.take_detached(link.now).is_none());
    let left: Vec<String> = link.server.take_unacked().iter().filter_map(body).collect();
    assert_eq!(left, ["s0"]);
}

#[test]
fn detached_session_expires_with_its_stanzas() {
    let mut link = Link::online();
    act(&mut link, Action::ServerSends(0));
    let _ = link.server.poll_transmit();
    let mut d = link.server.take_detached(link.now).unwrap();
    assert_eq!(d.deadline(), link.now + Duration::from_secs(300));
    assert!(!d.is_expired(link.now));
    d.send(msg("alice@localhost/phone", "s1".into())).unwrap();
    assert!(d.is_expired(link.now + Duration::from_secs(300)));
    let left: Vec<String> = d.expire().iter().filter_map(body).collect();
    assert_eq!(left, ["s0", "s1"]);
}

#[test]
fn enable_before_bind_and_twice_are_refused() {
    let mut server = ServerSession::new(server_config(sm_config()), Instant::now());
    server
        .handle_input(b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>")
        .unwrap();
    let _ = server.poll_transmit();
    // PLAIN alice/alicepass.
    server
        .handle_input(b"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAGFsaWNlcGFzcw==</auth>")
        .unwrap();
    server
        .handle_input(b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>")
        .unwrap();
    let features = String::from_utf8(server.poll_transmit().unwrap()).unwrap();
    assert!(
        features.contains("<sm xmlns='urn:xmpp:sm:3'/>"),
        "{features}"
    );
    server
        .handle_input(b"<enable xmlns='urn:xmpp:sm:3' resume='true'/>")
        .unwrap();
    let out = String::from_utf8(server.poll_transmit().unwrap()).unwrap();
    assert_eq!(
        out,
        "<failed xmlns='urn:xmpp:sm:3'><unexpected-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>"
    );
    server
        .handle_input(
            b"<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>",
        )
        .unwrap();
    while let Some(e) = server.poll_event() {
        if let ServerEvent::BindRequest { .. } = e {
            server.accept_bind("r").unwrap();
        }
    }
    server
        .handle_input(b"<enable xmlns='urn:xmpp:sm:3'/>")
        .unwrap();
    let out = String::from_utf8(server.poll_transmit().unwrap()).unwrap();
    assert!(out.ends_with("<enabled xmlns='urn:xmpp:sm:3'/>"), "{out}");
    let err = server
        .handle_input(b"<enable xmlns='urn:xmpp:sm:3'/>")
        .unwrap_err();
    assert!(matches!(err, SessionError::Protocol { .. }), "{err}");
}

#[test]
fn without_server_support_the_client_goes_on_without_sm() {
    let mut link = Link::online();
    // A server that does not offer <sm/>.
    link.server = ServerSession::new(
        {
            let mut c = server_config(sm_config());
            c.stream_management = None;
            c
        },
        link.now,
    );
    link.client = ClientSession::new(client_config("alice", sm_config()), link.now);
    link.c2s.clear();
    link.s2c.clear();
    assert!(link.pump(&mut None));
    assert!(link.client.is_online());
    assert!(!link.client.is_sm_enabled());
    assert!(link.client.resumption_state().is_none());
}

#[test]
fn server_ack_timeout_detaches_without_closing_the_stream() {
    let sm = SmConfig {
        request_every: 1,
        ack_timeout: Some(Duration::from_secs(10)),
        ..sm_config()
    };
    let mut link = Link::new(sm_config(), sm);
    assert!(link.pump(&mut None));
    act(&mut link, Action::ServerSends(0));
    let out = String::from_utf8(link.server.poll_transmit().unwrap()).unwrap();
    assert!(out.ends_with("<r xmlns='urn:xmpp:sm:3'/>"), "{out}");
    // The client never answers.
    let t = link.server.poll_timeout().unwrap();
    assert!(t <= link.now + Duration::from_secs(10));
    link.server
        .handle_timeout(link.now + Duration::from_secs(10));
    assert!(link.server.is_closed());
    assert_eq!(link.server.poll_transmit(), None);
    let d = link.server.take_detached(link.now).unwrap();
    let left: Vec<String> = d.expire().iter().filter_map(body).collect();
    assert_eq!(left, ["s0"]);
}

/// XEP-0198 §4 note: the server counts what it sends after `<enabled/>`, so
/// a stanza that arrives between our `<enable/>` and its `<enabled/>` is
/// not counted by the client either.
#[test]
fn client_counts_inbound_stanzas_from_enabled_on() {
    let config = client_config("alice", sm_config());
    let mut client = ClientSession::new(config, Instant::now());
    let header = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='localhost' id='x' version='1.0'>";
    let script = [
        format!("{header}<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>"),
        "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>".to_owned(),
        format!("{header}<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/></stream:features>"),
        "<iq type='result' id='c1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>alice@localhost/phone</jid></bind></iq>".to_owned(),
        // Sent by the server before it saw our <enable/>.
        "<message from='bob@localhost/x' to='alice@localhost/phone'><body>early</body></message>".to_owned(),
        "<enabled xmlns='urn:xmpp:sm:3' id='q' resume='true'/>".to_owned(),
        "<message from='bob@localhost/x' to='alice@localhost/phone'><body>counted</body></message><r xmlns='urn:xmpp:sm:3'/>".to_owned(),
    ];
    let mut wire = String::new();
    for part in script {
        client.handle_input(part.as_bytes()).unwrap();
        while let Some(b) = client.poll_transmit() {
            wire.push_str(&String::from_utf8(b).unwrap());
        }
    }
    assert!(
        wire.contains("<enable xmlns='urn:xmpp:sm:3' resume='true' max='300'/>"),
        "{wire}"
    );
    assert!(wire.ends_with("<a xmlns='urn:xmpp:sm:3' h='1'/>"), "{wire}");
}

#[test]
fn broken_transport_without_resumption_hands_the_unacked_stanzas_back() {
    // XEP-0198 §4: a server SHOULD treat unacknowledged stanzas like
    // stanzas sent to an unavailable resource; without resumption the
    // caller reports the broken transport and takes them.
    let server_sm = SmConfig {
        resume: false,
        ..sm_config()
    };
    let mut link = Link::new(sm_config(), server_sm);
    link.pump(&mut None);
    assert!(link.server.is_online() && link.server.is_sm_enabled());
    act(&mut link, Action::ServerSends(0));
    act(&mut link, Action::ServerSends(1));
    // The transport breaks: these bytes never arrive.
    let _ = link.server.poll_transmit();
    assert!(link.server.take_detached(link.now).is_none());
    link.server.transport_closed();
    assert!(link.server.is_closed());
    let closed: Vec<ServerEvent> = std::iter::from_fn(|| link.server.poll_event())
        .filter(|e| matches!(e, ServerEvent::Closed(_)))
        .collect();
    assert_eq!(closed, [ServerEvent::Closed(CloseReason::PeerClosed)]);
    let left: Vec<String> = link.server.take_unacked().iter().filter_map(body).collect();
    assert_eq!(left, ["s0", "s1"]);
}

#[test]
fn broken_transport_then_detach_keeps_the_session_resumable() {
    let mut link = Link::online();
    act(&mut link, Action::ServerSends(0));
    let _ = link.server.poll_transmit();
    link.server.transport_closed();
    let d = link.server.take_detached(link.now).unwrap();
    // Nothing is written to a dead transport (no `conflict` error).
    assert_eq!(link.server.poll_transmit(), None);
    let kept: Vec<String> = d.expire().iter().filter_map(body).collect();
    assert_eq!(kept, ["s0"]);
}
