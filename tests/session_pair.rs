//! Client and server sessions stepped together in memory (the quinn-proto
//! `Pair` pattern): every negotiation path and failure path, over every
//! chunking of the bytes between them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use xmpp_sansio::jid::Jid;
use xmpp_sansio::sasl::{
    ChannelBinding, ChannelBindingType, FailureCondition, Mechanism, MemoryCredentials,
};
use xmpp_sansio::session::{
    ClientConfig, ClientEvent, ClientSession, CloseReason, ServerConfig, ServerEvent,
    ServerSession, SessionError, TlsPolicy,
};
use xmpp_sansio::stanza::{DefinedCondition, Iq, Message, Stanza};
use xmpp_sansio::xml::Element;

/// What the server does with a bind request.
#[derive(Clone, Copy)]
enum BindPolicy {
    Accept,
    Conflict,
}

struct Pair {
    client: ClientSession,
    server: ServerSession,
    /// Deliver bytes in pieces of this size (0 = whole).
    chunk: usize,
    bind: BindPolicy,
    channel_binding: Option<Vec<u8>>,
    client_events: Vec<ClientEvent>,
    server_events: Vec<ServerEvent>,
    client_errors: Vec<SessionError>,
    server_errors: Vec<SessionError>,
    /// Bytes the client sent, then the server, in order.
    c2s: Vec<u8>,
    s2c: Vec<u8>,
}

fn users() -> Arc<MemoryCredentials> {
    let mut u = MemoryCredentials::new();
    u.add_user("alice", "alicepass", b"0123456789abcdef", 4096)
        .unwrap();
    u.add_user("bob", "bobpass", b"fedcba9876543210", 4096)
        .unwrap();
    Arc::new(u)
}

fn server_config() -> ServerConfig {
    let mut c = ServerConfig::new("localhost", users());
    c.nonce = Some("SERVERNONCE".into());
    // Fixed ids: the chunking tests compare bytes between runs.
    c.stream_id_prefix = Some("s".into());
    c
}

fn client_config(jid: &str, password: &str) -> ClientConfig {
    ClientConfig::new(Jid::new(jid).unwrap(), password)
        .with_tls(TlsPolicy::Disabled)
        .with_nonce("CLIENTNONCE")
}

impl Pair {
    fn new(client: ClientConfig, server: ServerConfig) -> Pair {
        let now = Instant::now();
        Pair {
            client: ClientSession::new(client, now),
            server: ServerSession::new(server, now),
            chunk: 0,
            bind: BindPolicy::Accept,
            channel_binding: None,
            client_events: Vec::new(),
            server_events: Vec::new(),
            client_errors: Vec::new(),
            server_errors: Vec::new(),
            c2s: Vec::new(),
            s2c: Vec::new(),
        }
    }

    fn feed_server(&mut self, bytes: &[u8]) {
        self.feed(true, bytes);
    }

    fn feed_client(&mut self, bytes: &[u8]) {
        self.feed(false, bytes);
    }

    /// Delivers `bytes` to one side in pieces of `self.chunk`, until it
    /// closes; errors are recorded.
    fn feed(&mut self, to_server: bool, bytes: &[u8]) {
        let step = if self.chunk == 0 {
            bytes.len().max(1)
        } else {
            self.chunk
        };
        for piece in bytes.chunks(step) {
            let closed = if to_server {
                self.server.is_closed()
            } else {
                self.client.is_closed()
            };
            if closed {
                return;
            }
            if to_server {
                if let Err(e) = self.server.handle_input(piece) {
                    self.server_errors.push(e);
                }
            } else if let Err(e) = self.client.handle_input(piece) {
                self.client_errors.push(e);
            }
        }
    }

    /// Steps both sides until neither has anything left to do.
    fn drive(&mut self) {
        for _ in 0..200 {
            let mut progressed = false;
            while let Some(b) = self.client.poll_transmit() {
                self.c2s.extend_from_slice(&b);
                self.feed_server(&b);
                progressed = true;
            }
            while let Some(b) = self.server.poll_transmit() {
                self.s2c.extend_from_slice(&b);
                self.feed_client(&b);
                progressed = true;
            }
            while let Some(e) = self.server.poll_event() {
                progressed = true;
                match &e {
                    ServerEvent::BindRequest { requested } => match self.bind {
                        BindPolicy::Accept => {
                            let r = requested.clone().unwrap_or_else(|| "gen".into());
                            self.server.accept_bind(&r).unwrap();
                        }
                        BindPolicy::Conflict => {
                            self.server.reject_bind(DefinedCondition::Conflict).unwrap()
                        }
                    },
                    ServerEvent::StartTls => {
                        // Both sides now "upgrade" the in-memory transport.
                        let cb = self
                            .channel_binding
                            .clone()
                            .map(|d| ChannelBinding::new(ChannelBindingType::TlsExporter, d));
                        // Flush <proceed/> to the client first.
                        while let Some(b) = self.server.poll_transmit() {
                            self.s2c.extend_from_slice(&b);
                            self.feed_client(&b);
                        }
                        self.server.tls_established(cb.clone()).unwrap();
                        if self.client_events.contains(&ClientEvent::StartTls)
                            || drain_has_starttls(&mut self.client, &mut self.client_events)
                        {
                            self.client.tls_established(cb).unwrap();
                        }
                    }
                    _ => {}
                }
                self.server_events.push(e);
            }
            while let Some(e) = self.client.poll_event() {
                progressed = true;
                self.client_events.push(e);
            }
            if !progressed {
                return;
            }
        }
        panic!("the pair did not settle in 200 rounds");
    }

    fn online_jid(&self) -> Option<String> {
        self.client_events.iter().find_map(|e| match e {
            ClientEvent::Online { jid } => Some(jid.to_string()),
            _ => None,
        })
    }

    fn client_closed(&self) -> Option<&CloseReason> {
        self.client_events.iter().find_map(|e| match e {
            ClientEvent::Closed(r) => Some(r),
            _ => None,
        })
    }
}

fn drain_has_starttls(client: &mut ClientSession, events: &mut Vec<ClientEvent>) -> bool {
    let mut found = false;
    while let Some(e) = client.poll_event() {
        found |= e == ClientEvent::StartTls;
        events.push(e);
    }
    found
}

#[test]
fn scram_login_bind_message_iq_close() {
    let mut p = Pair::new(
        client_config("alice@localhost/laptop", "alicepass"),
        server_config(),
    );
    p.drive();
    assert_eq!(p.online_jid().as_deref(), Some("alice@localhost/laptop"));
    assert!(p.client_events.contains(&ClientEvent::Authenticated {
        mechanism: Mechanism::ScramSha512
    }));

    p.client
        .send(Message::chat(Jid::new("bob@localhost").unwrap()).with_body("hi bob"))
        .unwrap();
    let id = p
        .client
        .send(Iq::get(
            Jid::new("localhost").unwrap(),
            Element::new("ping", "urn:xmpp:ping"),
        ))
        .unwrap()
        .expect("an iq request is tracked");
    p.drive();
    let stanzas: Vec<&Stanza> = p
        .server_events
        .iter()
        .filter_map(|e| match e {
            ServerEvent::Stanza(s) => Some(s),
            _ => None,
        })
        .collect();
    assert_eq!(stanzas.len(), 2);
    // The server stamped `from` with the bound full JID.
    assert_eq!(
        stanzas[0].from().map(|j| j.to_string()).as_deref(),
        Some("alice@localhost/laptop")
    );

    // Answer the iq; the client matches it by id.
    let Stanza::Iq(req) = stanzas[1].clone() else {
        panic!("expected iq")
    };
    p.server.send(req.result_reply()).unwrap();
    p.drive();
    assert!(
        p.client_events
            .iter()
            .any(|e| matches!(e, ClientEvent::IqResponse { id: got, .. } if *got == id))
    );

    p.client.close();
    p.drive();
    assert_eq!(p.client_closed(), Some(&CloseReason::Graceful));
    assert!(
        p.server_events
            .iter()
            .any(|e| matches!(e, ServerEvent::Closed(CloseReason::PeerClosed)))
    );
    assert!(p.client_errors.is_empty() && p.server_errors.is_empty());
}

#[test]
fn every_mechanism_logs_in() {
    for mech in ["PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-512"] {
        let client = client_config("bob@localhost", "bobpass")
            .with_mechanism(mech)
            .with_plaintext_auth(true);
        let mut server = server_config();
        server.allow_plaintext_auth = true;
        let mut p = Pair::new(client, server);
        p.drive();
        assert!(
            p.online_jid()
                .is_some_and(|j| j.starts_with("bob@localhost/")),
            "{mech}: {:?}",
            p.client_events
        );
        assert!(p.client_events.iter().any(|e| matches!(e, ClientEvent::Authenticated { mechanism } if mechanism.as_str() == mech)), "{mech}");
    }
}

#[test]
fn starttls_then_scram_plus_with_channel_binding() {
    let client = ClientConfig::new(Jid::new("alice@localhost").unwrap(), "alicepass")
        .with_nonce("CLIENTNONCE");
    let mut server = server_config();
    server.tls_available = true;
    server.require_tls = true;
    let mut p = Pair::new(client, server);
    p.channel_binding = Some(b"exporter-bytes-from-tls".to_vec());
    p.drive();
    assert!(
        p.client_events.contains(&ClientEvent::StartTls),
        "{:?}",
        p.client_events
    );
    assert!(p.client.is_secure());
    assert!(
        p.client_events.contains(&ClientEvent::Authenticated {
            mechanism: Mechanism::ScramSha512Plus
        }),
        "{:?}",
        p.client_events
    );
    assert!(p.online_jid().is_some());
}

#[test]
fn stripped_starttls_is_refused_by_default() {
    // The server (or a man in the middle) does not offer STARTTLS.
    let client = ClientConfig::new(Jid::new("alice@localhost").unwrap(), "alicepass")
        .with_nonce("CLIENTNONCE");
    let mut p = Pair::new(client, server_config());
    p.drive();
    assert_eq!(
        p.client_closed(),
        Some(&CloseReason::Error(SessionError::TlsRequired))
    );
    assert!(p.online_jid().is_none());
    // No credentials were sent.
    assert!(!String::from_utf8_lossy(&p.c2s).contains("<auth"));
}

#[test]
fn a_client_without_tls_is_told_the_server_requires_it() {
    // RFC 6120 §5.3.1: a server that requires TLS offers only <starttls/>
    // before it; a client whose policy forbids TLS must say so.
    let mut server = server_config();
    server.tls_available = true;
    server.require_tls = true;
    let mut p = Pair::new(client_config("alice@localhost", "alicepass"), server);
    p.drive();
    match p.client_closed() {
        Some(CloseReason::Error(SessionError::Protocol { what, .. })) => {
            assert!(what.contains("only after STARTTLS"), "{what}")
        }
        other => panic!("{other:?}"),
    }
    assert!(!String::from_utf8_lossy(&p.c2s).contains("<auth"));
}

#[test]
fn plain_is_refused_without_tls() {
    let mut server = server_config();
    server.allow_plaintext_auth = true;
    let client = client_config("alice@localhost", "alicepass").with_mechanism("PLAIN");
    let mut p = Pair::new(client, server);
    p.drive();
    assert!(
        matches!(
            p.client_closed(),
            Some(CloseReason::Error(SessionError::Sasl(_)))
        ),
        "{:?}",
        p.client_events
    );
    assert!(!String::from_utf8_lossy(&p.c2s).contains("<auth"));
}

#[test]
fn wrong_password_is_not_authorized() {
    for mech in ["SCRAM-SHA-1", "PLAIN"] {
        let client = client_config("alice@localhost", "wrong")
            .with_mechanism(mech)
            .with_plaintext_auth(true);
        let mut server = server_config();
        server.allow_plaintext_auth = true;
        let mut p = Pair::new(client, server);
        p.drive();
        assert_eq!(
            p.client_closed(),
            Some(&CloseReason::Error(SessionError::AuthFailed {
                condition: FailureCondition::NotAuthorized,
                text: None
            })),
            "{mech}"
        );
    }
}

#[test]
fn bind_conflict_is_reported() {
    let mut p = Pair::new(
        client_config("alice@localhost/desk", "alicepass"),
        server_config(),
    );
    p.bind = BindPolicy::Conflict;
    p.drive();
    assert_eq!(
        p.client_closed(),
        Some(&CloseReason::Error(SessionError::BindFailed {
            condition: DefinedCondition::Conflict
        }))
    );
}

#[test]
fn server_closing_mid_auth_closes_the_client() {
    let mut p = Pair::new(
        client_config("alice@localhost", "alicepass"),
        server_config(),
    );
    // Deliver only the client's header and auth, then close the server.
    let hello = p.client.poll_transmit().unwrap();
    p.server.handle_input(&hello).unwrap();
    let s = p.server.poll_transmit().unwrap();
    p.client.handle_input(&s).unwrap();
    let auth = p.client.poll_transmit().unwrap();
    assert!(String::from_utf8_lossy(&auth).contains("<auth"));
    p.server.close();
    p.drive();
    assert_eq!(p.client_closed(), Some(&CloseReason::PeerClosed));
    assert!(p.online_jid().is_none());
}

#[test]
fn client_cannot_spoof_from() {
    let mut p = Pair::new(
        client_config("alice@localhost/a", "alicepass"),
        server_config(),
    );
    p.drive();
    let forged = Message::chat(Jid::new("bob@localhost").unwrap())
        .with_from(Jid::new("admin@localhost/x").unwrap())
        .with_body("trust me");
    p.client.send(forged).unwrap();
    p.drive();
    let from = p.server_events.iter().find_map(|e| match e {
        ServerEvent::Stanza(s) => s.from().map(|j| j.to_string()),
        _ => None,
    });
    assert_eq!(from.as_deref(), Some("alice@localhost/a"));
}

#[test]
fn every_chunking_gives_the_same_session() {
    // Reference run, whole writes.
    let reference = {
        let mut p = Pair::new(
            client_config("alice@localhost/r", "alicepass"),
            server_config(),
        );
        p.drive();
        p.client
            .send(Message::chat(Jid::new("bob@localhost").unwrap()).with_body("héllo ✓"))
            .unwrap();
        p.drive();
        p.client.close();
        p.drive();
        (p.client_events, p.server_events, p.c2s, p.s2c)
    };
    let longest = reference.2.len().max(reference.3.len());
    for chunk in 1..=longest.min(97) {
        let mut p = Pair::new(
            client_config("alice@localhost/r", "alicepass"),
            server_config(),
        );
        p.chunk = chunk;
        p.drive();
        p.client
            .send(Message::chat(Jid::new("bob@localhost").unwrap()).with_body("héllo ✓"))
            .unwrap();
        p.drive();
        p.client.close();
        p.drive();
        assert_eq!(
            p.client_events, reference.0,
            "client events differ at chunk {chunk}"
        );
        assert_eq!(
            p.server_events, reference.1,
            "server events differ at chunk {chunk}"
        );
        assert_eq!(p.c2s, reference.2, "client bytes differ at chunk {chunk}");
        assert_eq!(p.s2c, reference.3, "server bytes differ at chunk {chunk}");
    }
}

#[test]
fn keepalive_and_ping_follow_poll_timeout() {
    let mut config = client_config("alice@localhost/k", "alicepass");
    config.keepalive_interval = Some(Duration::from_secs(30));
    config.ping_interval = Some(Duration::from_secs(90));
    config.ping_timeout = Duration::from_secs(10);
    let mut p = Pair::new(config, server_config());
    p.drive();
    let t0 = Instant::now();
    p.client.handle_timeout(t0);
    let wake = p
        .client
        .poll_timeout()
        .expect("an online client has timers");
    assert!(wake > t0);
    // Keepalive after 30 s of silence.
    p.client.handle_timeout(t0 + Duration::from_secs(31));
    assert_eq!(p.client.poll_transmit().as_deref(), Some(&b" "[..]));
    // Ping after 90 s without input; no answer within 10 s closes.
    p.client.handle_timeout(t0 + Duration::from_secs(91));
    let ping = p.client.poll_transmit().unwrap();
    assert!(String::from_utf8_lossy(&ping).contains("urn:xmpp:ping"));
    p.client.handle_timeout(t0 + Duration::from_secs(102));
    let mut closed = None;
    while let Some(e) = p.client.poll_event() {
        if let ClientEvent::Closed(r) = e {
            closed = Some(r);
        }
    }
    assert_eq!(closed, Some(CloseReason::Error(SessionError::PingTimeout)));
}

#[test]
fn direct_tls_uses_channel_binding_without_starttls() {
    let cb = ChannelBinding::new(
        ChannelBindingType::TlsExporter,
        b"direct-tls-exporter".to_vec(),
    );
    let mut client = ClientConfig::new(Jid::new("alice@localhost").unwrap(), "alicepass")
        .with_tls(TlsPolicy::Direct)
        .with_nonce("CLIENTNONCE");
    client.channel_binding = Some(cb.clone());
    let mut server = server_config();
    server.direct_tls = true;
    server.channel_binding = Some(cb);
    let mut p = Pair::new(client, server);
    p.drive();
    assert!(!String::from_utf8_lossy(&p.c2s).contains("starttls"));
    assert!(
        p.client_events.contains(&ClientEvent::Authenticated {
            mechanism: Mechanism::ScramSha512Plus
        }),
        "{:?}",
        p.client_events
    );
    assert!(p.online_jid().is_some());
}

#[test]
fn mismatched_channel_binding_fails() {
    // A man in the middle terminates TLS on both sides: the client's and the
    // server's binding data differ, so SCRAM-PLUS must fail.
    let mut client = ClientConfig::new(Jid::new("alice@localhost").unwrap(), "alicepass")
        .with_tls(TlsPolicy::Direct)
        .with_nonce("CLIENTNONCE");
    client.channel_binding = Some(ChannelBinding::new(
        ChannelBindingType::TlsExporter,
        b"client side".to_vec(),
    ));
    let mut server = server_config();
    server.direct_tls = true;
    server.channel_binding = Some(ChannelBinding::new(
        ChannelBindingType::TlsExporter,
        b"server side".to_vec(),
    ));
    let mut p = Pair::new(client, server);
    p.drive();
    assert!(p.online_jid().is_none());
    assert!(
        matches!(
            p.client_closed(),
            Some(CloseReason::Error(SessionError::AuthFailed { .. }))
        ),
        "{:?}",
        p.client_events
    );
}

#[test]
fn the_client_compares_the_server_version_as_numbers() {
    // RFC 6120 §4.7.5: "a numeric comparison … not a string match"; leading
    // zeros are ignored and any 1.x interoperates with 1.0.
    let server_header = |version: &str| {
        format!(
            "<?xml version='1.0'?><stream:stream from='localhost' id='x' {version} \
             xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
        )
    };
    for v in [
        "version='1.0'",
        "version='1.00'",
        "version='01.0'",
        "version='1.1'",
    ] {
        let mut c = ClientSession::new(
            client_config("alice@localhost", "alicepass"),
            Instant::now(),
        );
        assert_eq!(c.handle_input(server_header(v).as_bytes()), Ok(()), "{v}");
        assert!(!c.is_closed(), "{v}");
    }
    for v in ["version='0.9'", "", "version='one'"] {
        let mut c = ClientSession::new(
            client_config("alice@localhost", "alicepass"),
            Instant::now(),
        );
        let r = c.handle_input(server_header(v).as_bytes());
        assert!(
            matches!(
                r,
                Err(SessionError::Protocol {
                    condition: xmpp_sansio::stream::Condition::UnsupportedVersion,
                    ..
                })
            ),
            "{v}: {r:?}"
        );
    }
}

#[test]
fn see_other_host_tells_the_client_where_to_go() {
    // RFC 6120 §4.9.3.19: the alternate host is the character data of
    // <see-other-host/> (an IPv6 address in brackets, with a port).
    let mut p = Pair::new(
        client_config("alice@localhost/r", "alicepass"),
        server_config(),
    );
    p.drive();
    assert!(p.online_jid().is_some());
    p.server.redirect("[2001:db8::21]:5222");
    p.drive();
    assert_eq!(
        p.client_closed(),
        Some(&CloseReason::Error(SessionError::PeerStreamError {
            condition: xmpp_sansio::stream::Condition::SeeOtherHost,
            text: None,
            see_other_host: Some("[2001:db8::21]:5222".into()),
        }))
    );
    // Other conditions carry no host.
    let mut p = Pair::new(
        client_config("alice@localhost/r", "alicepass"),
        server_config(),
    );
    p.drive();
    p.server
        .close_with_error(xmpp_sansio::stream::Condition::SystemShutdown, Some("bye"));
    p.drive();
    assert_eq!(
        p.client_closed(),
        Some(&CloseReason::Error(SessionError::PeerStreamError {
            condition: xmpp_sansio::stream::Condition::SystemShutdown,
            text: Some("bye".into()),
            see_other_host: None,
        }))
    );
}
