//! Fuzz body: a client or server session, stream management on, fed
//! arbitrary bytes from its peer in arbitrary pieces, with the application
//! reacting to every event (binding, resuming, answering, sending) and
//! time moving on. Nothing may panic, hang or grow past the configured
//! bounds; a closed session must stay closed.
//!
//! Input: byte 0 picks the role (bit 0: client or server), whether the
//! client resumes a former stream (bit 1) and the piece size (bits 2-4);
//! the rest is what the peer sends.

use std::sync::Arc;
use std::time::{Duration, Instant};

use xmpp_sansio::jid::Jid;
use xmpp_sansio::sasl::MemoryCredentials;
use xmpp_sansio::session::{
    ClientConfig, ClientEvent, ClientSession, DetachedSession, ResumptionState, ServerConfig,
    ServerEvent, ServerSession, SmConfig, TlsPolicy,
};
use xmpp_sansio::stanza::{DefinedCondition, Message, Stanza};

const MAX_UNACKED: usize = 8;

fn sm() -> SmConfig {
    SmConfig {
        request_every: 3,
        request_after: Some(Duration::from_secs(1)),
        ack_timeout: Some(Duration::from_secs(5)),
        max_unacked: MAX_UNACKED,
        ..SmConfig::default()
    }
}

fn users() -> Arc<MemoryCredentials> {
    let mut u = MemoryCredentials::new();
    // One iteration: cheap to fuzz.
    let _ = u.add_user("alice", "alicepass", b"0123456789abcdef", 1);
    Arc::new(u)
}

/// The former stream a resuming client (or the server's store) knows.
fn former() -> ResumptionState {
    ResumptionState {
        id: "sm-1".into(),
        jid: "alice@localhost/phone".parse().expect("valid JID"),
        location: None,
        max: Some(300),
        handled: 4,
        sent: 6,
        unacked: vec![
            Message::chat(Jid::new("bob@localhost").expect("valid JID"))
                .with_body("one")
                .into(),
            Message::chat(Jid::new("bob@localhost").expect("valid JID"))
                .with_body("two")
                .into(),
        ],
    }
}

pub fn run(data: &[u8]) {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let piece = [1, 2, 3, 7, 16, 64, 256, usize::MAX][usize::from(selector >> 2) & 7];
    if selector & 1 == 0 {
        run_client(selector & 2 != 0, input, piece);
    } else {
        run_server(input, piece);
    }
}

fn run_client(resume: bool, input: &[u8], piece: usize) {
    let mut now = Instant::now();
    let config = ClientConfig::new(
        Jid::new("alice@localhost/phone").expect("valid JID"),
        "alicepass",
    )
    .with_tls(TlsPolicy::Disabled)
    .with_plaintext_auth(true)
    .with_mechanism("PLAIN")
    .with_stream_management(Some(sm()));
    let mut client = if resume {
        ClientSession::resume(config, former(), now)
    } else {
        ClientSession::new(config, now)
    };
    let mut closed = false;
    for chunk in input.chunks(piece.max(1)) {
        let result = client.handle_input(chunk);
        if closed {
            assert!(result.is_err(), "a closed client accepted input");
        }
        now += Duration::from_millis(700);
        client.handle_timeout(now);
        while client.poll_transmit().is_some() {}
        while let Some(e) = client.poll_event() {
            match e {
                ClientEvent::Online { .. } | ClientEvent::Resumed { .. } => {
                    let _ = client.send(
                        Message::chat(Jid::new("bob@localhost").expect("valid JID"))
                            .with_body("hi"),
                    );
                }
                ClientEvent::ResumeFailed { unacked, .. } => {
                    assert!(unacked.len() <= 2, "more stanzas handed back than sent");
                }
                ClientEvent::Closed(_) => closed = true,
                _ => {}
            }
        }
        assert!(client.unacked().count() <= MAX_UNACKED);
    }
    let _ = client.into_resumption_state();
}

fn run_server(input: &[u8], piece: usize) {
    let mut now = Instant::now();
    let mut config = ServerConfig::new("localhost", users());
    config.allow_plaintext_auth = true;
    config.nonce = Some("SERVERNONCE".into());
    // Fixed ids: a run is reproducible byte for byte.
    config.stream_id_prefix = Some("s".into());
    config.stream_management = Some(sm());
    let mut server = ServerSession::new(config, now);
    let mut store = Some(DetachedSession::new(
        "alice",
        former(),
        MAX_UNACKED,
        now + Duration::from_secs(300),
    ));
    let mut closed = false;
    for chunk in input.chunks(piece.max(1)) {
        let result = server.handle_input(chunk);
        if closed {
            assert!(result.is_err(), "a closed server accepted input");
        }
        now += Duration::from_millis(700);
        server.handle_timeout(now);
        while server.poll_transmit().is_some() {}
        while let Some(e) = server.poll_event() {
            match e {
                ServerEvent::BindRequest { requested } => {
                    if requested.as_deref() == Some("conflict") {
                        let _ = server.reject_bind(DefinedCondition::Conflict);
                    } else {
                        let _ = server.accept_bind(requested.as_deref().unwrap_or("gen"));
                    }
                }
                ServerEvent::ResumeRequest { previd, h } => match store.take() {
                    Some(d) if d.id() == previd => {
                        if let Err(refused) = server.accept_resume(d) {
                            store = Some(refused.detached);
                        }
                    }
                    other => {
                        store = other;
                        let _ = server.reject_resume(DefinedCondition::ItemNotFound, Some(h));
                    }
                },
                ServerEvent::Stanza(Stanza::Message(m)) => {
                    if let Some(from) = m.from.clone() {
                        let _ = server.send(Message::chat(from).with_body("echo"));
                    }
                }
                ServerEvent::Closed(_) => closed = true,
                _ => {}
            }
        }
        assert!(server.unacked().count() <= MAX_UNACKED);
    }
    if let Some(mut d) = server.take_detached(now) {
        let _ = d.send(Message::chat(
            Jid::new("alice@localhost").expect("valid JID"),
        ));
        assert!(d.stanzas().count() <= MAX_UNACKED);
        let _ = d.expire();
    }
    let _ = server.take_unacked();
}
