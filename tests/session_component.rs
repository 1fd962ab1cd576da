//! XEP-0114 component sessions, both roles, in memory.

use std::time::Instant;

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
    let mut server = ComponentSession::new(accept_with_id("k"), Instant::now());
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
