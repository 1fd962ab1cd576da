//! XEP-0114 component sessions, both roles, in memory.

use std::time::{Duration, Instant};

use xmpp_sansio::jid::Jid;
use xmpp_sansio::session::{
    CloseReason, ComponentConfig, ComponentEvent, ComponentSession, SessionError,
};
use xmpp_sansio::stanza::{Message, Stanza};
use xmpp_sansio::stream::Condition;

fn step(a: &mut ComponentSession, b: &mut ComponentSession, chunk: usize) {
    for _ in 0..10 {
        let mut moved = false;
        while let Some(bytes) = a.poll_transmit() {
            for piece in bytes.chunks(chunk) {
                let _ = b.handle_input(piece);
            }
            moved = true;
        }
        while let Some(bytes) = b.poll_transmit() {
            for piece in bytes.chunks(chunk) {
                let _ = a.handle_input(piece);
            }
            moved = true;
        }
        if !moved {
            return;
        }
    }
}

fn events(s: &mut ComponentSession) -> Vec<ComponentEvent> {
    std::iter::from_fn(|| s.poll_event()).collect()
}

#[test]
fn handshake_and_stanzas_over_every_chunking() {
    for chunk in 1..=40 {
        let now = Instant::now();
        let mut component =
            ComponentSession::new(ComponentConfig::connect("echo.localhost", "s3cr3t"), now);
        let mut server =
            ComponentSession::new(ComponentConfig::accept("echo.localhost", "s3cr3t"), now);
        step(&mut component, &mut server, chunk);
        assert_eq!(
            events(&mut component),
            vec![ComponentEvent::Online],
            "chunk {chunk}"
        );
        assert_eq!(
            events(&mut server),
            vec![ComponentEvent::Online],
            "chunk {chunk}"
        );
        let msg = Message::chat(Jid::new("bob@localhost").unwrap())
            .with_from(Jid::new("echo.localhost").unwrap())
            .with_body("hello ✓");
        component.send(msg).unwrap();
        step(&mut component, &mut server, chunk);
        let got = events(&mut server);
        assert!(
            matches!(&got[..], [ComponentEvent::Stanza(Stanza::Message(m))] if m.body() == Some("hello ✓")),
            "chunk {chunk}: {got:?}"
        );
        component.close();
        step(&mut component, &mut server, chunk);
        assert_eq!(
            events(&mut component),
            vec![ComponentEvent::Closed(CloseReason::Graceful)]
        );
        assert_eq!(
            events(&mut server),
            vec![ComponentEvent::Closed(CloseReason::PeerClosed)]
        );
    }
}

#[test]
fn wrong_secret_is_not_authorized() {
    let now = Instant::now();
    let mut component =
        ComponentSession::new(ComponentConfig::connect("echo.localhost", "wrong"), now);
    let mut server =
        ComponentSession::new(ComponentConfig::accept("echo.localhost", "s3cr3t"), now);
    step(&mut component, &mut server, usize::MAX);
    let ev = events(&mut component);
    assert_eq!(
        ev,
        vec![ComponentEvent::Closed(CloseReason::Error(
            SessionError::PeerStreamError {
                condition: Condition::NotAuthorized,
                text: None,
                see_other_host: None,
            }
        ))]
    );
    assert!(!server.is_online());
}

#[test]
fn unknown_component_domain_is_host_unknown() {
    let now = Instant::now();
    let mut component =
        ComponentSession::new(ComponentConfig::connect("other.localhost", "s3cr3t"), now);
    let mut server =
        ComponentSession::new(ComponentConfig::accept("echo.localhost", "s3cr3t"), now);
    step(&mut component, &mut server, usize::MAX);
    assert!(matches!(
        &events(&mut component)[..],
        [ComponentEvent::Closed(CloseReason::Error(
            SessionError::PeerStreamError {
                condition: Condition::HostUnknown,
                ..
            }
        ))]
    ));
}

/// `hex(SHA-1(stream id ‖ secret))` (XEP-0114 §3).
fn handshake_digest(id: &str, secret: &str) -> String {
    use sha1::{Digest, Sha1};
    let mut h = Sha1::new();
    h.update(id.as_bytes());
    h.update(secret.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn accept_with_id(prefix: &str) -> ComponentConfig {
    ComponentConfig {
        stream_id_prefix: Some(prefix.into()),
        ..ComponentConfig::accept("echo.localhost", "s3cr3t")
    }
}

fn output(s: &mut ComponentSession) -> String {
    let mut out = Vec::new();
    while let Some(b) = s.poll_transmit() {
        out.extend_from_slice(&b);
    }
    String::from_utf8(out).unwrap()
}

const COMPONENT_HEADER: &str = "<?xml version='1.0'?><stream:stream \
    xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' \
    to='echo.localhost'>";

/// The stream id in the accept side's header.
fn stream_id(header: &str) -> String {
    let start = header.find(" id='").unwrap() + 5;
    let len = header[start..].find('\'').unwrap();
    header[start..start + len].to_owned()
}

#[test]
fn a_recorded_handshake_cannot_be_replayed() {
    // RFC 6120 §4.7.3: the stream id MUST be unpredictable and
    // non-repeating; XEP-0114 §3 hashes it with the secret, so a repeated
    // id would let an eavesdropper replay a component's handshake.
    let now = Instant::now();
    let mut first = ComponentSession::new(ComponentConfig::accept("echo.localhost", "s3cr3t"), now);
    first.handle_input(COMPONENT_HEADER.as_bytes()).unwrap();
    let id = stream_id(&output(&mut first));
    let recorded = format!("<handshake>{}</handshake>", handshake_digest(&id, "s3cr3t"));
    first.handle_input(recorded.as_bytes()).unwrap();
    assert!(first.is_online());

    let mut second =
        ComponentSession::new(ComponentConfig::accept("echo.localhost", "s3cr3t"), now);
    second.handle_input(COMPONENT_HEADER.as_bytes()).unwrap();
    let second_id = stream_id(&output(&mut second));
    assert_ne!(id, second_id);
    #[cfg(feature = "getrandom")]
    assert!(second_id.len() >= 32, "{second_id}");
    assert!(second.handle_input(recorded.as_bytes()).is_err());
    assert!(!second.is_online());
    assert!(output(&mut second).contains("<not-authorized"));

    // An injected prefix gives a fixed id (for tests).
    let mut fixed = ComponentSession::new(accept_with_id("k"), now);
    fixed.handle_input(COMPONENT_HEADER.as_bytes()).unwrap();
    assert_eq!(stream_id(&output(&mut fixed)), "k1");
}

/// An accept-side session with the component online, output drained.
fn online_server() -> ComponentSession {
    online_server_at(Instant::now())
}

/// [`online_server`], started at `now`.
fn online_server_at(now: Instant) -> ComponentSession {
    let mut server = ComponentSession::new(accept_with_id("k"), now);
    server.handle_input(COMPONENT_HEADER.as_bytes()).unwrap();
    output(&mut server);
    let digest = handshake_digest("k1", "s3cr3t");
    server
        .handle_input(format!("<handshake>{digest}</handshake>").as_bytes())
        .unwrap();
    assert_eq!(events(&mut server), vec![ComponentEvent::Online]);
    output(&mut server);
    server
}

#[test]
fn the_components_from_must_be_in_its_domain() {
    // XEP-0114 §3: "The domain identifier portion of the JID contained in
    // the 'from' attribute MUST match the hostname of the component."
    // Prosody (validate_from_addresses) closes with invalid-from, and so do
    // we; its subdomains are other hosts (Prosody compares the host).
    for from in ["admin@localhost", "localhost", "x@sub.echo.localhost"] {
        let mut server = online_server();
        let input =
            format!("<message to='bob@localhost' from='{from}'><body>spoof</body></message>");
        let r = server.handle_input(input.as_bytes());
        assert!(
            matches!(
                r,
                Err(SessionError::Protocol {
                    condition: Condition::InvalidFrom,
                    ..
                })
            ),
            "{from}: {r:?}"
        );
        let out = output(&mut server);
        assert!(
            out.contains("<invalid-from xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"),
            "{from}: {out}"
        );
        assert!(
            !events(&mut server)
                .iter()
                .any(|e| matches!(e, ComponentEvent::Stanza(_))),
            "{from}"
        );
    }
}

#[test]
fn the_components_own_addresses_pass_and_a_missing_from_is_stamped() {
    let mut server = online_server();
    server
        .handle_input(
            b"<message to='bob@localhost' from='user@ECHO.localhost/r'><body>a</body></message>\
              <presence to='bob@localhost' from='echo.localhost'/>\
              <message to='bob@localhost'><body>b</body></message>",
        )
        .unwrap();
    let froms: Vec<String> = events(&mut server)
        .iter()
        .filter_map(|e| match e {
            ComponentEvent::Stanza(s) => s.from().map(|j| j.to_string()),
            _ => None,
        })
        .collect();
    // The last had no `from`: stamped with the component's domain, as
    // Prosody does.
    assert_eq!(
        froms,
        ["user@echo.localhost/r", "echo.localhost", "echo.localhost"]
    );
}

#[test]
fn an_error_before_the_header_is_preceded_by_the_accept_header() {
    // XEP-0114 §3 and RFC 6120 §4.9.1.2: for errors related to the stream
    // header the server returns an opening stream tag, the stream error and
    // the closing tag.
    let mut server = ComponentSession::new(accept_with_id("k"), Instant::now());
    assert!(server.handle_input(b"<foo/>").is_err());
    assert_eq!(
        output(&mut server),
        "<?xml version='1.0'?><stream:stream from='echo.localhost' id='k1' \
         xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams'>\
         <stream:error><invalid-namespace xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>\
         </stream:error></stream:stream>"
    );
}

/// The `Closed` event's reason, if one was queued.
fn closed_reason(events: &[ComponentEvent]) -> Option<&CloseReason> {
    events.iter().find_map(|e| match e {
        ComponentEvent::Closed(r) => Some(r),
        _ => None,
    })
}

#[test]
fn negotiation_timeout_ends_a_stalled_handshake() {
    // RFC 6120 §4.9.3.4 (connection-timeout); the same 60 s default as
    // ClientConfig and ServerConfig. Accept role, header received but no
    // <handshake/> (XEP-0114 §3):
    let t0 = Instant::now();
    let mut s = ComponentSession::new(accept_with_id("k"), t0);
    assert_eq!(s.poll_timeout(), Some(t0 + Duration::from_secs(60)));
    s.handle_input(COMPONENT_HEADER.as_bytes()).unwrap();
    output(&mut s);
    s.handle_timeout(t0 + Duration::from_secs(59));
    assert!(!s.is_closed());
    assert_eq!(s.poll_transmit(), None);
    s.handle_timeout(t0 + Duration::from_secs(60));
    assert!(s.is_closed());
    assert_eq!(s.poll_timeout(), None);
    assert_eq!(
        output(&mut s),
        "<stream:error><connection-timeout xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>\
         </stream:error></stream:stream>"
    );
    assert_eq!(
        closed_reason(&events(&mut s)),
        Some(&CloseReason::Error(SessionError::NegotiationTimeout {
            stage: "the component's handshake"
        }))
    );

    // No header at all: ours goes first (XEP-0114 §3, RFC 6120 §4.9.1.2).
    let mut s = ComponentSession::new(accept_with_id("k"), t0);
    s.handle_timeout(t0 + Duration::from_secs(60));
    let out = output(&mut s);
    assert!(
        out.starts_with("<?xml version='1.0'?><stream:stream from='echo.localhost' id='k1' "),
        "{out}"
    );
    assert!(out.contains("<connection-timeout"), "{out}");

    // Connect role: a server that never answers our header; we close our
    // stream (as ClientSession does).
    let mut c = ComponentSession::new(ComponentConfig::connect("echo.localhost", "s3cr3t"), t0);
    output(&mut c);
    assert_eq!(c.poll_timeout(), Some(t0 + Duration::from_secs(60)));
    c.handle_timeout(t0 + Duration::from_secs(60));
    assert_eq!(output(&mut c), "</stream:stream>");
    assert_eq!(
        closed_reason(&events(&mut c)),
        Some(&CloseReason::Error(SessionError::NegotiationTimeout {
            stage: "the server's stream header"
        }))
    );

    // Online: the negotiation timer is gone; `Duration::MAX` disables it.
    let mut s = online_server_at(t0);
    assert_eq!(s.poll_timeout(), None);
    s.handle_timeout(t0 + Duration::from_secs(3600));
    assert!(s.is_online());
    let config = ComponentConfig {
        negotiation_timeout: Duration::MAX,
        ..accept_with_id("k")
    };
    assert_eq!(ComponentSession::new(config, t0).poll_timeout(), None);
}

#[test]
fn close_timeout_voids_both_streams() {
    // RFC 6120 §4.4: the side that sent </stream:stream> considers both
    // streams void if the other does not close its own in time (default
    // 10 s, as for the client and server sessions).
    let t0 = Instant::now();
    let mut s = online_server_at(t0);
    s.handle_timeout(t0 + Duration::from_secs(5));
    s.close();
    assert_eq!(output(&mut s), "</stream:stream>");
    assert_eq!(s.poll_timeout(), Some(t0 + Duration::from_secs(15)));
    s.handle_timeout(t0 + Duration::from_secs(14));
    assert!(!s.is_closed());
    s.handle_timeout(t0 + Duration::from_secs(15));
    assert!(s.is_closed());
    assert_eq!(s.poll_timeout(), None);
    assert_eq!(
        closed_reason(&events(&mut s)),
        Some(&CloseReason::Error(SessionError::CloseTimeout))
    );
    assert_eq!(s.poll_transmit(), None);

    // The connect role too; a peer that closes in time ends it gracefully.
    let mut component =
        ComponentSession::new(ComponentConfig::connect("echo.localhost", "s3cr3t"), t0);
    let mut server = ComponentSession::new(accept_with_id("k"), t0);
    step(&mut component, &mut server, usize::MAX);
    assert!(component.is_online());
    component.close();
    assert_eq!(component.poll_timeout(), Some(t0 + Duration::from_secs(10)));
    step(&mut component, &mut server, usize::MAX);
    assert_eq!(component.poll_timeout(), None);
    assert_eq!(
        closed_reason(&events(&mut component)),
        Some(&CloseReason::Graceful)
    );
}

#[test]
fn a_broken_transport_closes_the_session() {
    let mut s = online_server();
    s.send(Message::chat(Jid::new("echo.localhost").unwrap()).with_body("lost"))
        .unwrap();
    s.transport_closed();
    assert!(s.is_closed());
    assert_eq!(s.poll_transmit(), None);
    assert_eq!(
        closed_reason(&events(&mut s)),
        Some(&CloseReason::PeerClosed)
    );
    assert_eq!(s.poll_timeout(), None);
    assert_eq!(s.handle_input(b"<presence/>"), Err(SessionError::Closed));
    // Reported twice: nothing more happens.
    s.transport_closed();
    assert_eq!(s.poll_event(), None);
}

#[test]
fn a_stanza_without_to_is_answered_with_bad_request() {
    // XEP-0114 §3: "All stanzas sent to the server MUST possess a 'from'
    // attribute and a 'to' attribute". Prosody's mod_component answers one
    // without `to` with a `bad-request` stanza error (type modify) and does
    // not route it; error stanzas (RFC 6120 §8.3.1) and iq results
    // (§8.2.3) get no answer.
    let mut server = online_server();
    server
        .handle_input(b"<message from='bot@echo.localhost' id='m1'><body>to whom?</body></message>")
        .unwrap();
    assert_eq!(events(&mut server), vec![]);
    assert_eq!(
        output(&mut server),
        "<message type='error' id='m1' to='bot@echo.localhost'>\
         <error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>\
         <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>\
         a stanza from a component needs a 'to' address (XEP-0114 §3)</text>\
         </error></message>"
    );

    // An iq request without `from` either: stamped, then answered.
    server
        .handle_input(b"<iq type='get' id='q1'><ping xmlns='urn:xmpp:ping'/></iq>")
        .unwrap();
    assert_eq!(events(&mut server), vec![]);
    let out = output(&mut server);
    assert!(
        out.starts_with(
            "<iq type='error' id='q1' to='echo.localhost'><error type='modify'><bad-request "
        ),
        "{out}"
    );

    // No answer to errors and results; the stream stays up.
    server
        .handle_input(
            b"<iq type='result' id='r1' from='echo.localhost'/>\
              <message type='error' id='e1' from='echo.localhost'>\
              <error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>\
              </error></message>\
              <presence type='error' id='e2' from='echo.localhost'>\
              <error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>\
              </error></presence>",
        )
        .unwrap();
    assert_eq!(events(&mut server), vec![]);
    assert_eq!(server.poll_transmit(), None);
    assert!(server.is_online());

    // The component side delivers what the server sends, `to` or not: the
    // rule binds the component's stanzas.
    let mut component = ComponentSession::new(
        ComponentConfig::connect("echo.localhost", "s3cr3t"),
        Instant::now(),
    );
    component
        .handle_input(
            b"<stream:stream xmlns='jabber:component:accept' \
            xmlns:stream='http://etherx.jabber.org/streams' from='echo.localhost' id='k1'>\
            <handshake/><message from='bob@localhost'><body>hi</body></message>",
        )
        .unwrap();
    assert!(matches!(
        &events(&mut component)[..],
        [ComponentEvent::Online, ComponentEvent::Stanza(Stanza::Message(m))] if m.to.is_none()
    ));
}
