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
                text: None
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
