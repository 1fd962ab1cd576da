//! The server session alone, driven with raw client bytes: the stream
//! header it answers with (RFC 6120 §4.7), the version check (§4.7.5),
//! what it stamps on the client's stanzas (§8.1.2.1, §8.1.5), its stream
//! ids (§4.7.3), its timeouts (§4.4), redirection (§4.9.3.19) and a
//! transport that breaks.

use std::sync::Arc;
use std::time::{Duration, Instant};

use xmpp_sansio::sasl::MemoryCredentials;
use xmpp_sansio::session::{CloseReason, ServerConfig, ServerEvent, ServerSession, SessionError};
use xmpp_sansio::stanza::Stanza;
use xmpp_sansio::stream::Condition;

fn users() -> Arc<MemoryCredentials> {
    let mut u = MemoryCredentials::new();
    u.add_user("laurence", "lpass", b"0123456789abcdef", 1)
        .unwrap();
    Arc::new(u)
}

fn config() -> ServerConfig {
    let mut c = ServerConfig::new("localhost", users());
    c.allow_plaintext_auth = true;
    c.stream_id_prefix = Some("s".into());
    c
}

/// A client stream header with extra attributes `attrs`.
fn header(attrs: &str) -> String {
    format!(
        "<?xml version='1.0'?><stream:stream xmlns='jabber:client' \
         xmlns:stream='http://etherx.jabber.org/streams' to='localhost' {attrs}>"
    )
}

fn output(s: &mut ServerSession) -> String {
    let mut out = Vec::new();
    while let Some(b) = s.poll_transmit() {
        out.extend_from_slice(&b);
    }
    String::from_utf8(out).unwrap()
}

fn events(s: &mut ServerSession) -> Vec<ServerEvent> {
    std::iter::from_fn(|| s.poll_event()).collect()
}

fn closed(events: &[ServerEvent]) -> Option<&CloseReason> {
    events.iter().find_map(|e| match e {
        ServerEvent::Closed(r) => Some(r),
        _ => None,
    })
}

/// Logs laurence in with PLAIN and binds `churchyard`, the stream headers
/// carrying `attrs`; returns the server online with its output drained.
fn online(attrs: &str, now: Instant) -> ServerSession {
    let mut s = ServerSession::new(config(), now);
    s.handle_input(header(attrs).as_bytes()).unwrap();
    // "\0laurence\0lpass"
    s.handle_input(
        b"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGxhdXJlbmNlAGxwYXNz</auth>",
    )
    .unwrap();
    s.handle_input(header(attrs).as_bytes()).unwrap();
    s.handle_input(b"<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
        .unwrap();
    let ev = events(&mut s);
    assert!(
        ev.iter()
            .any(|e| matches!(e, ServerEvent::BindRequest { .. })),
        "{ev:?}"
    );
    s.accept_bind("churchyard").unwrap();
    assert!(s.is_online());
    events(&mut s);
    output(&mut s);
    s
}

fn stanzas(s: &mut ServerSession, input: &str) -> Vec<Stanza> {
    s.handle_input(input.as_bytes()).unwrap();
    events(s)
        .into_iter()
        .filter_map(|e| match e {
            ServerEvent::Stanza(st) => Some(st),
            _ => None,
        })
        .collect()
}

#[test]
fn version_is_compared_as_numbers() {
    // RFC 6120 §4.7.5: major and minor are integers, leading zeros are
    // ignored, a higher minor interoperates, and the answer is the lower of
    // the two versions: 1.0.
    for v in ["1.0", "1.1", "1.00", "01.0", "1.10", "2.0"] {
        let mut s = ServerSession::new(config(), Instant::now());
        let r = s.handle_input(header(&format!("version='{v}'")).as_bytes());
        assert_eq!(r, Ok(()), "version {v}");
        let out = output(&mut s);
        assert!(out.contains(" version='1.0' "), "version {v}: {out}");
        assert!(out.contains("<stream:features>"), "version {v}: {out}");
    }
    for v in ["0.9", "0.10", "1", "1.x", "", "1.0.0"] {
        let mut s = ServerSession::new(config(), Instant::now());
        let r = s.handle_input(header(&format!("version='{v}'")).as_bytes());
        assert!(
            matches!(
                r,
                Err(SessionError::Protocol {
                    condition: Condition::UnsupportedVersion,
                    ..
                })
            ),
            "version {v}: {r:?}"
        );
        assert!(
            output(&mut s).contains("<unsupported-version"),
            "version {v}"
        );
    }
}

#[test]
fn a_missing_version_is_refused_without_claiming_one() {
    // RFC 6120 §4.7.5: no version means 0.9; the response "SHOULD NOT
    // include the 'version' attribute" then.
    let mut s = ServerSession::new(config(), Instant::now());
    let r = s.handle_input(header("").as_bytes());
    assert!(matches!(
        r,
        Err(SessionError::Protocol {
            condition: Condition::UnsupportedVersion,
            ..
        })
    ));
    let out = output(&mut s);
    let head = out
        .strip_prefix("<?xml version='1.0'?>")
        .and_then(|rest| rest.split_once("<stream:error>"))
        .map(|(head, _)| head)
        .unwrap();
    assert!(head.starts_with("<stream:stream "), "{out}");
    assert!(!head.contains("version="), "{out}");
    assert!(out.contains("<unsupported-version"), "{out}");
}

#[test]
fn header_answers_the_clients_from_and_language() {
    // RFC 6120 §4.7.2: `to` is the initiating entity's `from`; §4.7.4: the
    // client's xml:lang is used when supported (any is).
    let mut s = ServerSession::new(config(), Instant::now());
    s.handle_input(header("version='1.0' from='laurence@localhost' xml:lang='de'").as_bytes())
        .unwrap();
    let out = output(&mut s);
    assert!(
        out.starts_with(
            "<?xml version='1.0'?><stream:stream from='localhost' to='laurence@localhost' \
             id='s1' version='1.0' xml:lang='de' "
        ),
        "{out}"
    );
    // No `from`, or one that is not a JID: no `to`; our default language.
    let mut s = ServerSession::new(config(), Instant::now());
    s.handle_input(header("version='1.0' from='a@b@c'").as_bytes())
        .unwrap();
    let out = output(&mut s);
    assert!(
        out.starts_with(
            "<?xml version='1.0'?><stream:stream from='localhost' id='s1' version='1.0' \
             xml:lang='en' "
        ),
        "{out}"
    );
}

#[test]
fn stanzas_without_a_language_get_the_streams() {
    // RFC 6120 §8.1.5: the server SHOULD add the stream's xml:lang to a
    // client stanza that has none; one that has its own keeps it.
    let mut s = online("version='1.0' xml:lang='de'", Instant::now());
    let got = stanzas(
        &mut s,
        "<message to='juliet@example.com'><body>Hallo</body></message>\
         <message to='juliet@example.com' xml:lang='fr'><body>Salut</body></message>",
    );
    let langs: Vec<Option<&str>> = got
        .iter()
        .map(|st| match st {
            Stanza::Message(m) => m.lang.as_deref(),
            _ => None,
        })
        .collect();
    assert_eq!(langs, [Some("de"), Some("fr")]);
}

#[test]
fn subscription_presence_is_stamped_with_the_bare_jid() {
    // RFC 6120 §8.1.2.1: the full JID, "or the bare JID … in the case of
    // subscription-related presence stanzas"; RFC 6121 §3.1.2 (the
    // subscription request of Example 3.1.2, `from='romeo@montague.net'`).
    let mut s = online("version='1.0'", Instant::now());
    let got = stanzas(
        &mut s,
        "<presence type='subscribe' to='juliet@example.com'/>\
         <presence type='subscribed' to='juliet@example.com'/>\
         <presence type='unsubscribe' to='juliet@example.com'/>\
         <presence type='unsubscribed' to='juliet@example.com'/>\
         <presence/>\
         <presence type='unavailable'/>\
         <message to='juliet@example.com'><body>hi</body></message>",
    );
    let froms: Vec<String> = got
        .iter()
        .map(|st| st.from().map(|j| j.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(
        froms,
        [
            "laurence@localhost",
            "laurence@localhost",
            "laurence@localhost",
            "laurence@localhost",
            "laurence@localhost/churchyard",
            "laurence@localhost/churchyard",
            "laurence@localhost/churchyard",
        ]
    );
}

#[test]
fn default_stream_ids_are_unpredictable_and_differ_per_session() {
    // RFC 6120 §4.7.3: the stream id "MUST be both unpredictable and
    // non-repeating". The default draws a random prefix per session.
    let id = |config: ServerConfig| {
        let mut s = ServerSession::new(config, Instant::now());
        s.handle_input(header("version='1.0'").as_bytes()).unwrap();
        let out = output(&mut s);
        let start = out.find(" id='").unwrap() + 5;
        let len = out[start..].find('\'').unwrap();
        out[start..start + len].to_owned()
    };
    let mut default = config();
    default.stream_id_prefix = None;
    let (a, b) = (id(default.clone()), id(default));
    assert_ne!(a, b);
    #[cfg(feature = "getrandom")]
    assert!(a.len() >= 32, "{a}");
    // An injected prefix keeps output deterministic.
    assert_eq!(id(config()), "s1");
}

#[test]
fn negotiation_timeout_ends_a_stalled_stream() {
    let t0 = Instant::now();
    let mut s = ServerSession::new(config(), t0);
    assert_eq!(s.poll_timeout(), Some(t0 + Duration::from_secs(60)));
    s.handle_input(header("version='1.0'").as_bytes()).unwrap();
    output(&mut s);
    s.handle_timeout(t0 + Duration::from_secs(59));
    assert!(!s.is_closed());
    assert_eq!(s.poll_transmit(), None);
    s.handle_timeout(t0 + Duration::from_secs(60));
    assert!(s.is_closed());
    let out = output(&mut s);
    assert!(out.contains("<connection-timeout"), "{out}");
    assert!(out.ends_with("</stream:stream>"), "{out}");
    assert_eq!(
        closed(&events(&mut s)),
        Some(&CloseReason::Error(SessionError::NegotiationTimeout {
            stage: "STARTTLS or SASL"
        }))
    );

    // Before any header: ours goes first (RFC 6120 §4.9.1.2).
    let mut s = ServerSession::new(config(), t0);
    s.handle_timeout(t0 + Duration::from_secs(60));
    let out = output(&mut s);
    assert!(
        out.starts_with("<?xml version='1.0'?><stream:stream "),
        "{out}"
    );

    // Online: the negotiation timer is gone; `Duration::MAX` disables it.
    let s = online("version='1.0'", t0);
    assert_eq!(s.poll_timeout(), None);
    let mut c = config();
    c.negotiation_timeout = Duration::MAX;
    assert_eq!(ServerSession::new(c, t0).poll_timeout(), None);
}

#[test]
fn close_timeout_voids_both_streams() {
    // RFC 6120 §4.4: the side that sent </stream:stream> considers both
    // streams void if the other does not close its own in time.
    let t0 = Instant::now();
    let mut s = online("version='1.0'", t0);
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
        closed(&events(&mut s)),
        Some(&CloseReason::Error(SessionError::CloseTimeout))
    );
    assert_eq!(s.poll_transmit(), None);
}

#[test]
fn redirect_puts_the_host_in_see_other_host() {
    // RFC 6120 §4.9.3.19 (Example: `<see-other-host …>[2001:db8::21]:5222
    // </see-other-host>`): the host is the condition's character data.
    let mut s = online("version='1.0'", Instant::now());
    s.redirect("[2001:db8::21]:5222");
    assert_eq!(
        output(&mut s),
        "<stream:error><see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>\
         [2001:db8::21]:5222</see-other-host></stream:error></stream:stream>"
    );
    // Once closing, nothing more is written.
    s.close_with_error(Condition::SystemShutdown, None);
    s.redirect("elsewhere.example");
    assert_eq!(s.poll_transmit(), None);
}

#[test]
fn a_stream_error_before_the_header_is_preceded_by_ours() {
    // RFC 6120 §4.9.1.2: "the receiving entity MUST … return an opening
    // stream tag" before a stream error, also one the caller raises.
    let mut s = ServerSession::new(config(), Instant::now());
    s.redirect("other.example");
    let out = output(&mut s);
    assert!(
        out.starts_with("<?xml version='1.0'?><stream:stream "),
        "{out}"
    );
    assert!(out.ends_with("other.example</see-other-host></stream:error></stream:stream>"));
}

#[test]
fn a_broken_transport_closes_the_session() {
    let mut s = online("version='1.0'", Instant::now());
    s.transport_closed();
    assert!(s.is_closed());
    assert_eq!(closed(&events(&mut s)), Some(&CloseReason::PeerClosed));
    assert_eq!(s.poll_timeout(), None);
    assert_eq!(s.handle_input(b"<presence/>"), Err(SessionError::Closed));
    // Reported twice: nothing more happens.
    s.transport_closed();
    assert_eq!(s.poll_event(), None);
}
