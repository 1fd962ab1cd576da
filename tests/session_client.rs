//! `ClientSession` against a scripted server: the bytes a server would send
//! are fed by hand, so each test controls exactly what arrives and when.
//! Covers who may answer an iq request, the keep-alive ping's bookkeeping,
//! the close and negotiation timeouts, a transport that breaks, and the
//! GS2 channel-binding flag chosen from the features.

use std::time::{Duration, Instant};

use base64::Engine;
use xmpp_sansio::jid::Jid;
use xmpp_sansio::sasl::{ChannelBinding, ChannelBindingType};
use xmpp_sansio::session::{
    ClientConfig, ClientEvent, ClientSession, CloseReason, SessionError, SmConfig, TlsPolicy,
};
use xmpp_sansio::stanza::{Iq, Message, Stanza};
use xmpp_sansio::xml::Element;

const HEADER: &str = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' \
     xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='montague.lit' version='1.0'>";
const PLAIN_ONLY: &str = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>\
     <mechanism>PLAIN</mechanism></mechanisms></stream:features>";

fn config() -> ClientConfig {
    ClientConfig::new(Jid::new("romeo@montague.lit/orchard").unwrap(), "r0m30")
        .with_tls(TlsPolicy::Disabled)
        .with_plaintext_auth(true)
        .with_mechanism("PLAIN")
        .with_stream_management(None)
}

fn drain_out(c: &mut ClientSession) -> String {
    let mut out = Vec::new();
    while let Some(b) = c.poll_transmit() {
        out.extend(b);
    }
    String::from_utf8(out).unwrap()
}

fn drain_events(c: &mut ClientSession) -> Vec<ClientEvent> {
    std::iter::from_fn(|| c.poll_event()).collect()
}

/// The id of the last `<iq … id='…'>` in `out`.
fn last_iq_id(out: &str) -> String {
    let at = out.rfind("<iq").expect("an iq was sent");
    let rest = &out[at..];
    let start = rest.find("id='").unwrap() + 4;
    let end = rest[start..].find('\'').unwrap();
    rest[start..start + end].to_owned()
}

/// Logs `config` in with PLAIN and binds `romeo@montague.lit/orchard`;
/// `features` is what the server offers after authentication.
fn online_with(config: ClientConfig, now: Instant, features: &str) -> ClientSession {
    let mut c = ClientSession::new(config, now);
    c.handle_input(HEADER.as_bytes()).unwrap();
    c.handle_input(PLAIN_ONLY.as_bytes()).unwrap();
    c.handle_input(b"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>")
        .unwrap();
    c.handle_input(HEADER.as_bytes()).unwrap();
    c.handle_input(features.as_bytes()).unwrap();
    let bind_id = last_iq_id(&drain_out(&mut c));
    c.handle_input(
        format!(
            "<iq type='result' id='{bind_id}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>\
             <jid>romeo@montague.lit/orchard</jid></bind></iq>"
        )
        .as_bytes(),
    )
    .unwrap();
    assert!(c.is_online());
    drain_out(&mut c);
    drain_events(&mut c);
    // The first tick notes that the login's input arrived.
    c.handle_timeout(now);
    c
}

fn online(config: ClientConfig, now: Instant) -> ClientSession {
    online_with(
        config,
        now,
        "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>",
    )
}

fn jid(s: &str) -> Jid {
    Jid::new(s).unwrap()
}

fn query() -> Element {
    Element::new("query", "jabber:iq:version")
}

/// What became of a response fed to the client: delivered as the answer to
/// the request, or handed over as an ordinary stanza.
#[derive(Debug, PartialEq)]
enum Outcome {
    Response,
    Stanza,
}

fn outcome(events: &[ClientEvent], id: &str) -> Outcome {
    match events {
        [ClientEvent::IqResponse { id: got, .. }] if got == id => Outcome::Response,
        [ClientEvent::Stanza(Stanza::Iq(_))] => Outcome::Stanza,
        other => panic!("unexpected events {other:?}"),
    }
}

#[test]
fn iq_response_is_accepted_only_from_the_addressee() {
    // RFC 6120 §8.2.3: a response comes from the entity the request was
    // sent to. For a request to the account (no `to`, or our bare JID) the
    // server answers on its behalf (§8.1.2.1, §10.3): no `from`, our bare
    // JID, our full JID, or (no `to`) our server's domain. The session is
    // romeo@montague.lit/orchard.
    type Row = (Option<&'static str>, Option<&'static str>, Outcome);
    let table: &[Row] = &[
        // A request to a full JID: only that full JID answers.
        (
            Some("juliet@capulet.lit/balcony"),
            Some("juliet@capulet.lit/balcony"),
            Outcome::Response,
        ),
        (
            Some("juliet@capulet.lit/balcony"),
            Some("mallory@evil.example/x"),
            Outcome::Stanza,
        ),
        (
            Some("juliet@capulet.lit/balcony"),
            Some("juliet@capulet.lit/other"),
            Outcome::Stanza,
        ),
        (
            Some("juliet@capulet.lit/balcony"),
            Some("juliet@capulet.lit"),
            Outcome::Stanza,
        ),
        (
            Some("juliet@capulet.lit/balcony"),
            Some("capulet.lit"),
            Outcome::Stanza,
        ),
        (Some("juliet@capulet.lit/balcony"), None, Outcome::Stanza),
        (
            Some("juliet@capulet.lit/balcony"),
            Some("montague.lit"),
            Outcome::Stanza,
        ),
        (
            Some("juliet@capulet.lit/balcony"),
            Some("romeo@montague.lit"),
            Outcome::Stanza,
        ),
        // A request to another account's bare JID: that bare JID answers.
        (
            Some("juliet@capulet.lit"),
            Some("juliet@capulet.lit"),
            Outcome::Response,
        ),
        (
            Some("juliet@capulet.lit"),
            Some("juliet@capulet.lit/balcony"),
            Outcome::Stanza,
        ),
        (Some("juliet@capulet.lit"), None, Outcome::Stanza),
        // A request to the account (no `to`).
        (None, None, Outcome::Response),
        (None, Some("romeo@montague.lit"), Outcome::Response),
        (None, Some("romeo@montague.lit/orchard"), Outcome::Response),
        (None, Some("montague.lit"), Outcome::Response),
        (None, Some("romeo@montague.lit/other"), Outcome::Stanza),
        (None, Some("juliet@capulet.lit"), Outcome::Stanza),
        (None, Some("capulet.lit"), Outcome::Stanza),
        // A request to our own bare JID.
        (Some("romeo@montague.lit"), None, Outcome::Response),
        (
            Some("romeo@montague.lit"),
            Some("romeo@montague.lit"),
            Outcome::Response,
        ),
        (
            Some("romeo@montague.lit"),
            Some("romeo@montague.lit/orchard"),
            Outcome::Response,
        ),
        (
            Some("romeo@montague.lit"),
            Some("juliet@capulet.lit"),
            Outcome::Stanza,
        ),
        // A request to our own server.
        (
            Some("montague.lit"),
            Some("montague.lit"),
            Outcome::Response,
        ),
        (Some("montague.lit"), Some("evil.example"), Outcome::Stanza),
    ];
    for (to, from, want) in table {
        let mut c = online(config(), Instant::now());
        let request = match to {
            Some(to) => Iq::get(jid(to), query()),
            None => Iq::account_get(query()),
        };
        let id = c.send(request).unwrap().unwrap();
        drain_out(&mut c);
        let from_attr = from.map(|f| format!(" from='{f}'")).unwrap_or_default();
        let response = format!("<iq type='result' id='{id}'{from_attr}/>");
        c.handle_input(response.as_bytes()).unwrap();
        let got = outcome(&drain_events(&mut c), &id);
        assert_eq!(&got, want, "request to {to:?}, response from {from:?}");
        if got == Outcome::Stanza {
            // Still pending: the real answer is delivered when it comes.
            let real = match to {
                Some(to) => format!("<iq type='result' id='{id}' from='{to}'/>"),
                None => format!("<iq type='result' id='{id}'/>"),
            };
            c.handle_input(real.as_bytes()).unwrap();
            assert_eq!(outcome(&drain_events(&mut c), &id), Outcome::Response);
        }
    }
}

/// RFC 6120 §8.3.3.21: an error reply whose condition this crate does not
/// know is still the reply to the request (read as undefined-condition,
/// the name kept), and so is a legacy `<error code='…'/>` without a
/// condition: the request is answered, not left to time out behind an
/// `InvalidStanza` event.
#[test]
fn error_reply_with_an_unknown_or_legacy_condition_answers_the_request() {
    for error in [
        "<error type='cancel'><some-future-condition \
         xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>",
        "<error code='404'/>",
    ] {
        let mut c = online(config(), Instant::now());
        let id = c
            .send(Iq::get(jid("juliet@capulet.lit/balcony"), query()))
            .unwrap()
            .unwrap();
        drain_out(&mut c);
        let reply =
            format!("<iq type='error' id='{id}' from='juliet@capulet.lit/balcony'>{error}</iq>");
        c.handle_input(reply.as_bytes()).unwrap();
        let events = drain_events(&mut c);
        assert_eq!(outcome(&events, &id), Outcome::Response, "{error}");
        let [ClientEvent::IqResponse { iq, .. }] = &events[..] else {
            unreachable!()
        };
        let xmpp_sansio::stanza::IqPayload::Error { error: e, .. } = &iq.payload else {
            panic!("an error reply: {iq:?}")
        };
        assert_eq!(
            e.condition,
            xmpp_sansio::stanza::DefinedCondition::UndefinedCondition
        );
        // No error is sent back for an error (RFC 6120 §8.3.1).
        assert_eq!(drain_out(&mut c), "");
    }
}

#[test]
fn spoofed_response_does_not_resolve_the_request() {
    // The repro from the audit: a third party answers with the request's id
    // (ids are guessable). The answer is an ordinary stanza for the
    // application; the request still times out if bob never answers.
    let t0 = Instant::now();
    let mut c = online(config(), t0);
    let id = c
        .send(Iq::get(jid("bob@example.org/phone"), query()))
        .unwrap()
        .unwrap();
    c.handle_input(
        format!(
            "<iq type='result' id='{id}' from='mallory@evil.example/x'>\
             <query xmlns='jabber:iq:version'><name>spoofed</name></query></iq>"
        )
        .as_bytes(),
    )
    .unwrap();
    let events = drain_events(&mut c);
    assert!(
        matches!(&events[..], [ClientEvent::Stanza(Stanza::Iq(iq))]
            if iq.from == Some(jid("mallory@evil.example/x"))),
        "{events:?}"
    );
    c.handle_timeout(t0 + Duration::from_secs(121));
    assert_eq!(drain_events(&mut c), vec![ClientEvent::IqTimeout { id }]);
}

#[test]
fn keepalive_ping_answer_is_checked_like_any_response() {
    // The keep-alive ping goes to our server's domain (XEP-0199 §4.2); an
    // answer from elsewhere does not resolve it, so it still times out.
    let mut config = config();
    config.ping_interval = Some(Duration::from_secs(10));
    config.ping_timeout = Duration::from_secs(5);
    config.keepalive_interval = None;
    let t0 = Instant::now();
    let mut c = online(config, t0);
    c.handle_timeout(t0 + Duration::from_secs(11));
    let ping = drain_out(&mut c);
    assert!(ping.contains("urn:xmpp:ping") && ping.contains("to='montague.lit'"));
    let id = last_iq_id(&ping);
    c.handle_input(format!("<iq type='result' id='{id}' from='evil.example'/>").as_bytes())
        .unwrap();
    // Not swallowed: the application sees the stray result.
    assert!(matches!(
        &drain_events(&mut c)[..],
        [ClientEvent::Stanza(Stanza::Iq(_))]
    ));
    // The genuine answer is consumed by the session.
    c.handle_input(format!("<iq type='result' id='{id}' from='montague.lit'/>").as_bytes())
        .unwrap();
    assert!(drain_events(&mut c).is_empty());
}

#[test]
fn unanswered_pings_do_not_count_against_max_pending_iqs() {
    // Audit finding 8: the server never answers the XEP-0199 ping but other
    // traffic proves it alive; each ping used to leave a pending entry, so
    // after `max_pending_iqs` of them `send(iq)` failed.
    let mut config = config();
    config.max_pending_iqs = 3;
    config.ping_interval = Some(Duration::from_secs(10));
    config.keepalive_interval = None;
    let mut t = Instant::now();
    let mut c = online(config, t);
    for round in 0..5 {
        t += Duration::from_secs(11);
        c.handle_timeout(t);
        assert!(
            drain_out(&mut c).contains("urn:xmpp:ping"),
            "round {round}: a ping is sent"
        );
        c.handle_input(b"<presence from='juliet@capulet.lit/balcony'/>")
            .unwrap();
        t += Duration::from_secs(1);
        c.handle_timeout(t);
    }
    assert!(c.is_online());
    for _ in 0..3 {
        c.send(Iq::get(jid("juliet@capulet.lit"), query())).unwrap();
    }
    assert_eq!(
        c.send(Iq::get(jid("juliet@capulet.lit"), query())),
        Err(SessionError::TooManyPendingIqs { limit: 3 })
    );
}

#[test]
fn late_answer_to_a_resolved_ping_is_not_handed_to_the_application() {
    let mut config = config();
    config.ping_interval = Some(Duration::from_secs(10));
    config.keepalive_interval = None;
    let t0 = Instant::now();
    let mut c = online(config, t0);
    c.handle_timeout(t0 + Duration::from_secs(11));
    let id = last_iq_id(&drain_out(&mut c));
    // Other traffic resolves the ping first.
    c.handle_input(b"<presence from='juliet@capulet.lit/balcony'/>")
        .unwrap();
    c.handle_timeout(t0 + Duration::from_secs(12));
    drain_events(&mut c);
    c.handle_input(format!("<iq type='result' id='{id}' from='montague.lit'/>").as_bytes())
        .unwrap();
    assert!(drain_events(&mut c).is_empty());
}

fn closed_reason(events: &[ClientEvent]) -> Option<&CloseReason> {
    events.iter().find_map(|e| match e {
        ClientEvent::Closed(r) => Some(r),
        _ => None,
    })
}

#[test]
fn close_times_out_when_the_server_never_closes() {
    // RFC 6120 §4.4: after sending </stream:stream>, consider both streams
    // void if the peer does not close its own in a reasonable time.
    let mut config = config();
    config.close_timeout = Duration::from_secs(7);
    let t0 = Instant::now();
    let mut c = online(config, t0);
    c.close();
    assert!(drain_out(&mut c).ends_with("</stream:stream>"));
    assert_eq!(c.poll_timeout(), Some(t0 + Duration::from_secs(7)));
    c.handle_timeout(t0 + Duration::from_secs(6));
    assert!(!c.is_closed());
    c.handle_timeout(t0 + Duration::from_secs(7));
    assert!(c.is_closed());
    let events = drain_events(&mut c);
    assert_eq!(
        closed_reason(&events),
        Some(&CloseReason::Error(SessionError::CloseTimeout))
    );
    // Nothing more is written: our close was already sent.
    assert_eq!(c.poll_transmit(), None);
    assert_eq!(c.poll_timeout(), None);
}

#[test]
fn close_before_the_timeout_is_graceful() {
    let t0 = Instant::now();
    let mut c = online(config(), t0);
    c.close();
    c.handle_timeout(t0 + Duration::from_secs(2));
    c.handle_input(b"</stream:stream>").unwrap();
    assert_eq!(
        closed_reason(&drain_events(&mut c)),
        Some(&CloseReason::Graceful)
    );
    // The default close timeout is 10 s; nothing fires after the close.
    c.handle_timeout(t0 + Duration::from_secs(60));
    assert!(drain_events(&mut c).is_empty());
}

#[test]
fn stalled_negotiation_times_out_at_every_stage() {
    // No timer used to run before the session was online: a server that
    // stalls STARTTLS, SASL or binding left the client waiting forever.
    let bind_features =
        "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>";
    let stages: &[(&str, Vec<&[u8]>)] = &[
        ("header", vec![]),
        ("features", vec![HEADER.as_bytes()]),
        ("SASL", vec![HEADER.as_bytes(), PLAIN_ONLY.as_bytes()]),
        (
            "binding",
            vec![
                HEADER.as_bytes(),
                PLAIN_ONLY.as_bytes(),
                b"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>",
                HEADER.as_bytes(),
                bind_features.as_bytes(),
            ],
        ),
    ];
    for (name, script) in stages {
        let mut config = config();
        config.negotiation_timeout = Duration::from_secs(30);
        let t0 = Instant::now();
        let mut c = ClientSession::new(config, t0);
        for bytes in script {
            c.handle_input(bytes).unwrap();
        }
        drain_out(&mut c);
        assert_eq!(
            c.poll_timeout(),
            Some(t0 + Duration::from_secs(30)),
            "{name}"
        );
        c.handle_timeout(t0 + Duration::from_secs(29));
        assert!(!c.is_closed(), "{name}");
        c.handle_timeout(t0 + Duration::from_secs(30));
        assert!(c.is_closed(), "{name}");
        match closed_reason(&drain_events(&mut c)) {
            Some(CloseReason::Error(SessionError::NegotiationTimeout { stage })) => {
                assert!(!stage.is_empty(), "{name}")
            }
            other => panic!("{name}: {other:?}"),
        }
        assert_eq!(drain_out(&mut c), "</stream:stream>", "{name}");
    }
}

#[test]
fn stalled_tls_handshake_times_out_without_writing_plaintext() {
    let mut config = config().with_tls(TlsPolicy::Required);
    config.negotiation_timeout = Duration::from_secs(30);
    let t0 = Instant::now();
    let mut c = ClientSession::new(config, t0);
    c.handle_input(HEADER.as_bytes()).unwrap();
    c.handle_input(
        b"<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>",
    )
    .unwrap();
    c.handle_input(b"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        .unwrap();
    drain_out(&mut c);
    assert!(drain_events(&mut c).contains(&ClientEvent::StartTls));
    c.handle_timeout(t0 + Duration::from_secs(30));
    assert!(matches!(
        closed_reason(&drain_events(&mut c)),
        Some(CloseReason::Error(SessionError::NegotiationTimeout { .. }))
    ));
    // The transport is mid-handshake: nothing may be written in the clear.
    assert_eq!(c.poll_transmit(), None);
}

#[test]
fn online_before_the_negotiation_timeout_disarms_it() {
    let mut config = config();
    config.negotiation_timeout = Duration::from_secs(30);
    config.keepalive_interval = None;
    config.ping_interval = None;
    let t0 = Instant::now();
    let mut c = online(config, t0);
    assert_eq!(c.poll_timeout(), None);
    c.handle_timeout(t0 + Duration::from_secs(3600));
    assert!(c.is_online());
}

fn sm_features() -> &'static str {
    "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>\
     <sm xmlns='urn:xmpp:sm:3'/></stream:features>"
}

#[test]
fn transport_closed_hands_back_the_unacknowledged_stanzas() {
    // Audit finding 11: stream management on but not resumable, and the
    // transport breaks. XEP-0198 §4: the unacknowledged stanzas are the
    // caller's to resend or report; `take_unacked` used to return nothing
    // because the session never reached the closed state.
    let config = config().with_stream_management(Some(SmConfig {
        resume: false,
        ..SmConfig::default()
    }));
    let mut c = online_with(config, Instant::now(), sm_features());
    c.handle_input(b"<enabled xmlns='urn:xmpp:sm:3'/>").unwrap();
    assert_eq!(
        drain_events(&mut c),
        vec![ClientEvent::SmEnabled { resumable: false }]
    );
    for body in ["one", "two"] {
        c.send(Message::chat(jid("juliet@capulet.lit")).with_body(body))
            .unwrap();
    }
    drain_out(&mut c);
    // Still open: nothing is taken from a live session.
    assert!(c.take_unacked().is_empty());
    c.transport_closed();
    assert!(c.is_closed());
    assert_eq!(
        closed_reason(&drain_events(&mut c)),
        Some(&CloseReason::PeerClosed)
    );
    assert_eq!(c.poll_transmit(), None);
    let bodies: Vec<String> = c
        .take_unacked()
        .iter()
        .map(|s| match s {
            Stanza::Message(m) => m.body().unwrap_or_default().to_owned(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(bodies, ["one", "two"]);
    assert!(c.take_unacked().is_empty());
    // A second report changes nothing.
    c.transport_closed();
    assert!(drain_events(&mut c).is_empty());
    assert_eq!(c.handle_input(b"<x/>"), Err(SessionError::Closed));
}

#[test]
fn transport_closed_while_resuming_hands_back_the_former_stanzas() {
    let config = config().with_stream_management(Some(SmConfig::default()));
    let mut c = online_with(config.clone(), Instant::now(), sm_features());
    c.handle_input(b"<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/>")
        .unwrap();
    c.send(Message::chat(jid("juliet@capulet.lit")).with_body("kept"))
        .unwrap();
    let state = c.into_resumption_state().expect("resumable");
    // The new transport breaks before the server answers <resume/>.
    let mut c = ClientSession::resume(config, state, Instant::now());
    c.handle_input(HEADER.as_bytes()).unwrap();
    c.transport_closed();
    assert_eq!(c.take_unacked().len(), 1);
}

// ---- GS2 channel-binding flag (RFC 5802 §6, XEP-0440) ----

/// The GS2 header of the client-first-message the session sends for
/// `features` (over direct TLS with `binding`).
fn gs2_header(binding: Option<ChannelBindingType>, features: &str) -> (String, String) {
    let mut config = ClientConfig::new(jid("user@example.com"), "pencil")
        .with_tls(TlsPolicy::Direct)
        .with_nonce("CLIENTNONCE");
    config.channel_binding = binding.map(|kind| ChannelBinding::new(kind, vec![1, 2, 3]));
    let mut c = ClientSession::new(config, Instant::now());
    drain_out(&mut c);
    c.handle_input(HEADER.as_bytes()).unwrap();
    c.handle_input(features.as_bytes()).unwrap();
    let out = drain_out(&mut c);
    let mech_at = out.find("mechanism='").expect("an <auth/> was sent") + 11;
    let mech = out[mech_at..][..out[mech_at..].find('\'').unwrap()].to_owned();
    let data_at = out.find("'>").unwrap() + 2;
    let data = &out[data_at..out.find("</auth>").unwrap()];
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(data)
        .unwrap();
    let text = String::from_utf8(decoded).unwrap();
    let header_end = text.find(",n=").unwrap();
    (mech, text[..header_end + 1].to_owned())
}

fn mechanisms(names: &[&str], cb_types: Option<&[&str]>) -> String {
    let mut f =
        String::from("<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>");
    for n in names {
        f.push_str(&format!("<mechanism>{n}</mechanism>"));
    }
    f.push_str("</mechanisms>");
    if let Some(types) = cb_types {
        f.push_str("<sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'>");
        for t in types {
            f.push_str(&format!("<channel-binding type='{t}'/>"));
        }
        f.push_str("</sasl-channel-binding>");
    }
    f.push_str("</stream:features>");
    f
}

#[test]
fn gs2_flag_follows_rfc_5802_section_6() {
    use ChannelBindingType::{TlsExporter, TlsServerEndPoint, TlsUnique};
    let scram = ["SCRAM-SHA-1", "SCRAM-SHA-256"];
    let with_plus = ["SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"];
    type Row<'a> = (
        &'a str,
        Option<ChannelBindingType>,
        &'a [&'a str],
        Option<&'a [&'a str]>,
        &'a str,
        &'a str,
    );
    let table: &[Row] = &[
        // RFC 5802 §6: "If the client supports channel binding and the
        // server does not appear to (i.e., the client did not see the -PLUS
        // name advertised by the server), then the client MUST NOT use an
        // "n" gs2-cbind-flag." XEP-0440 §4 says the same. This is what
        // lets a server detect a man in the middle stripping -PLUS.
        (
            "no -PLUS, exporter",
            Some(TlsExporter),
            &scram,
            None,
            "SCRAM-SHA-256",
            "y,,",
        ),
        (
            "no -PLUS, end-point",
            Some(TlsServerEndPoint),
            &scram,
            None,
            "SCRAM-SHA-256",
            "y,,",
        ),
        (
            "no -PLUS, unique",
            Some(TlsUnique),
            &scram,
            None,
            "SCRAM-SHA-256",
            "y,,",
        ),
        (
            "no -PLUS, a XEP-0440 list without ours",
            Some(TlsExporter),
            &scram,
            Some(&["tls-unique"]),
            "SCRAM-SHA-256",
            "y,,",
        ),
        // No binding data: "n".
        ("no binding", None, &scram, None, "SCRAM-SHA-256", "n,,"),
        (
            "no binding, -PLUS offered",
            None,
            &with_plus,
            None,
            "SCRAM-SHA-256",
            "n,,",
        ),
        // -PLUS offered and our type listed: bind.
        (
            "listed",
            Some(TlsExporter),
            &with_plus,
            Some(&["tls-exporter"]),
            "SCRAM-SHA-256-PLUS",
            "p=tls-exporter,,",
        ),
        // -PLUS offered without a XEP-0440 list: only tls-unique, the RFC
        // 5929 default, is assumed; with another type the client does not
        // bind and says "n" (a "y" would make a binding server fail the
        // exchange as a downgrade). ejabberd 23.01 offers -PLUS knowing
        // only tls-unique (scripts/interop.sh).
        (
            "-PLUS, no list, exporter",
            Some(TlsExporter),
            &with_plus,
            None,
            "SCRAM-SHA-256",
            "n,,",
        ),
        (
            "-PLUS, no list, unique",
            Some(TlsUnique),
            &with_plus,
            None,
            "SCRAM-SHA-256-PLUS",
            "p=tls-unique,,",
        ),
    ];
    for (name, binding, offered, types, want_mech, want_header) in table {
        let (mech, header) = gs2_header(*binding, &mechanisms(offered, *types));
        assert_eq!(
            (mech.as_str(), header.as_str()),
            (*want_mech, *want_header),
            "{name}"
        );
    }
}

#[test]
fn forced_mechanism_keeps_the_flag_honest() {
    // A caller forcing plain SCRAM: "n" when the server offers -PLUS (we
    // choose not to bind), "y" when it offers none (RFC 5802 §6).
    for (offered, want) in [
        (&["SCRAM-SHA-1", "SCRAM-SHA-1-PLUS"][..], "n,,"),
        (&["SCRAM-SHA-1"][..], "y,,"),
    ] {
        let mut config = ClientConfig::new(jid("user@example.com"), "pencil")
            .with_tls(TlsPolicy::Direct)
            .with_nonce("CLIENTNONCE")
            .with_mechanism("SCRAM-SHA-1");
        config.channel_binding = Some(ChannelBinding::new(
            ChannelBindingType::TlsExporter,
            vec![1],
        ));
        let mut c = ClientSession::new(config, Instant::now());
        drain_out(&mut c);
        c.handle_input(HEADER.as_bytes()).unwrap();
        c.handle_input(mechanisms(offered, None).as_bytes())
            .unwrap();
        let out = drain_out(&mut c);
        let data_at = out.find("'>").unwrap() + 2;
        let data = &out[data_at..out.find("</auth>").unwrap()];
        let text = base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap();
        assert!(
            text.starts_with(want.as_bytes()),
            "{offered:?}: {}",
            String::from_utf8_lossy(&text)
        );
    }
}
