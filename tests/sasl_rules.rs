//! SASL rules found missing by an audit, each checked where a peer would hit
//! it: XEP-0440's "MUST abort" case, SASLprep query strings for user names,
//! the SCRAM attribute grammar (NUL, empty values) and the base64 rule of
//! the SASL elements, in the stanza model and in the server session alike.

mod common_stanza;

use std::sync::Arc;
use std::time::Instant;

use common_stanza::xml_to_element::parse_one;
use xmpp_sansio::sasl::*;
use xmpp_sansio::session::{ServerConfig as SessionConfig, ServerSession};
use xmpp_sansio::stanza::{SaslNegotiation, StanzaParseError};
use xmpp_sansio::xml::ns;

/// U+0221 (LATIN SMALL LETTER D WITH CURL) was assigned in Unicode 4.0:
/// unassigned for SASLprep, which uses Unicode 3.2.
const D_CURL: &str = "\u{0221}";

/// One user per hash, under any name (SASLprep'd as a query string, as
/// RFC 4616 §2 lets a server keep names it prepared itself).
struct Users {
    name: String,
    creds: Vec<ScramCredentials>,
}

impl Users {
    fn new(name: &str, password: &str) -> Users {
        Users {
            name: name.to_owned(),
            creds: ScramHash::ALL
                .into_iter()
                .map(|h| ScramCredentials::derive(h, password, b"0123456789abcdef", 4096).unwrap())
                .collect(),
        }
    }
}

impl CredentialStore for Users {
    fn scram_credentials(
        &self,
        user: &str,
        hash: ScramHash,
    ) -> Result<ScramCredentials, LookupError> {
        if user != self.name {
            return Err(LookupError::UnknownUser);
        }
        self.creds
            .iter()
            .find(|c| c.hash == hash)
            .cloned()
            .ok_or(LookupError::UnknownUser)
    }
}

fn server_first(msg: &[u8]) -> Result<ServerStep, SaslError> {
    let config = ServerConfig::default().with_tls(true);
    let mut server = ServerMechanism::new("SCRAM-SHA-1", &config, "3rfcNHYJY1ZVvWVs7j").unwrap();
    server.start(&Users::new("user", "pencil"), Some(msg))
}

// ---------------------------------------------------------------------------
// XEP-0440 §Business Rules, rule 6

/// XEP-0440 §Business Rules, rule 6: the server offers -PLUS and lists
/// channel-binding types, none of which the client has, and not
/// tls-server-end-point: the client MUST abort authentication.
#[test]
fn xep0440_no_common_binding_aborts() {
    let client = ClientConfig::new("user", "pencil").with_channel_binding(ChannelBinding::new(
        ChannelBindingType::TlsExporter,
        vec![7; 32],
    ));
    let offered = ["SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"];
    let err = select_mechanism(&offered, Some(&["tls-unique"]), &client).unwrap_err();
    assert_eq!(
        err,
        SaslError::NoCommonChannelBinding {
            server_types: vec!["tls-unique".to_owned()]
        }
    );
    assert_eq!(err.condition(), FailureCondition::Aborted);
    // The server lists tls-server-end-point (rule 1), which this client
    // lacks: no abort, SCRAM without binding ("n", the server offers -PLUS).
    let s = select_mechanism(
        &offered,
        Some(&["tls-unique", "tls-server-end-point"]),
        &client,
    )
    .unwrap();
    assert_eq!(
        (s.mechanism, s.cb_flag),
        (Mechanism::ScramSha256, Gs2CbFlag::NotSupported)
    );
}

// ---------------------------------------------------------------------------
// SASLprep: user names are query strings

/// RFC 5802 §5.1: the user name is prepared "treating it as a query string
/// (i.e., unassigned Unicode codepoints are allowed)", by the client and by
/// the server; a user with such a name logs in.
#[test]
fn scram_user_name_with_unassigned_code_point() {
    // The audit's case: the server looks the user up (unknown here) and
    // answers with a challenge instead of failing with malformed-request.
    let step = server_first("n,,n=\u{0221},r=abc".as_bytes()).unwrap();
    assert!(matches!(step, ServerStep::Challenge(_)), "{step:?}");

    let users = Users::new(D_CURL, "pencil");
    let client_config = ClientConfig::new(D_CURL, "pencil").with_tls(true);
    let server_config = ServerConfig::default().with_tls(true);
    let selection = select_mechanism(&["SCRAM-SHA-256"], None, &client_config).unwrap();
    let mut client =
        ClientMechanism::new(selection, &client_config, "fyko+d2lbbFgONRv9qkxdawL").unwrap();
    let first = client.initial_response().unwrap();
    assert_eq!(first, "n,,n=\u{0221},r=fyko+d2lbbFgONRv9qkxdawL".as_bytes());
    let mut server =
        ServerMechanism::new("SCRAM-SHA-256", &server_config, "3rfcNHYJY1ZVvWVs7j").unwrap();
    let ServerStep::Challenge(challenge) = server.start(&users, Some(&first)).unwrap() else {
        panic!("expected a challenge");
    };
    let last = client.respond(&challenge).unwrap();
    let ServerStep::Success {
        additional_data,
        authcid,
        ..
    } = server.step(&users, &last).unwrap()
    else {
        panic!("expected success");
    };
    assert_eq!(authcid, D_CURL);
    client.finish(&additional_data.unwrap()).unwrap();
}

/// RFC 5802 §2.2: the password stays a stored string (Normalize()), so an
/// unassigned code point in it is still refused by the client.
#[test]
fn scram_password_stays_a_stored_string() {
    let config = ClientConfig::new("user", D_CURL).with_tls(true);
    let selection = select_mechanism(&["SCRAM-SHA-1"], None, &config).unwrap();
    assert_eq!(
        ClientMechanism::new(selection, &config, "abc").unwrap_err(),
        SaslError::Saslprep { field: "password" }
    );
}

/// RFC 4616 §2: the presented authcid and password are prepared as query
/// strings. An unknown user named with an unassigned code point fails like
/// any unknown user (not-authorized), not as malformed-request; a password
/// with one matches no stored password (which cannot hold one).
#[test]
fn plain_authcid_is_a_query_string() {
    let config = ServerConfig::default().with_tls(true);
    let run = |users: &Users, msg: &str| {
        let mut server = ServerMechanism::new("PLAIN", &config, "").unwrap();
        server.start(users, Some(msg.as_bytes()))
    };
    let users = Users::new(D_CURL, "pencil");
    match run(&users, "\0\u{0221}\0pencil") {
        Ok(ServerStep::Success { authcid, .. }) => assert_eq!(authcid, D_CURL),
        other => panic!("{other:?}"),
    }
    let err = run(&Users::new("user", "pencil"), "\0\u{0221}\0pencil").unwrap_err();
    assert_eq!(err, SaslError::AuthenticationFailed);
    assert_eq!(err.condition(), FailureCondition::NotAuthorized);
    let err = run(&users, "\0\u{0221}\0pencil\u{0221}").unwrap_err();
    assert_eq!(err.condition(), FailureCondition::NotAuthorized);
    // A prohibited character is still malformed.
    let err = run(&users, "\0a\u{0007}b\0pencil").unwrap_err();
    assert_eq!(err.condition(), FailureCondition::MalformedRequest);
}

// ---------------------------------------------------------------------------
// RFC 5802 §7 grammar: NUL and empty values

/// RFC 5802 §7: `saslname = 1*(value-safe-char / "=2C" / "=3D")` with
/// `value-safe-char` from %x01 (no NUL), and `attr-val = ALPHA "=" value`
/// with `value = 1*value-char` (not empty). The server refuses them with
/// malformed-request at the client-first-message / client-final-message.
#[test]
fn scram_server_refuses_nul_and_empty_values() {
    for msg in [
        &b"n,a=us\0er,n=user,r=abc"[..],
        b"n,a=\0,n=user,r=abc",
        b"n,,n=us\0er,r=abc",
        b"n,,n=user,r=abc,x=",
        b"n,,n=user,r=abc,x=a\0b",
        b"n,,n=,r=abc",
    ] {
        let err = server_first(msg).unwrap_err();
        assert!(
            matches!(
                err,
                SaslError::Malformed {
                    message: "client-first-message",
                    ..
                }
            ),
            "{:?}: {err:?}",
            String::from_utf8_lossy(msg)
        );
        assert_eq!(err.condition(), FailureCondition::MalformedRequest);
    }
    // The same extension with a value is accepted (RFC 5802 §5.1: ignored).
    assert!(matches!(
        server_first(b"n,,n=user,r=abc,x=1"),
        Ok(ServerStep::Challenge(_))
    ));

    // client-final-message: an empty extension before the proof.
    let config = ServerConfig::default().with_tls(true);
    let users = Users::new("user", "pencil");
    let mut server = ServerMechanism::new("SCRAM-SHA-1", &config, "3rfcNHYJY1ZVvWVs7j").unwrap();
    server.start(&users, Some(b"n,,n=user,r=fyko")).unwrap();
    let err = server
        .step(&users, b"c=biws,r=fyko3rfcNHYJY1ZVvWVs7j,x=,p=AAAA")
        .unwrap_err();
    assert!(
        matches!(
            err,
            SaslError::Malformed {
                message: "client-final-message",
                ..
            }
        ),
        "{err:?}"
    );
}

/// The client does not build a GS2 header the grammar forbids either.
#[test]
fn scram_client_refuses_empty_or_nul_authzid() {
    for authzid in ["", "ad\0min"] {
        let config = ClientConfig::new("user", "pencil")
            .with_tls(true)
            .with_authzid(authzid);
        let selection = select_mechanism(&["SCRAM-SHA-1"], None, &config).unwrap();
        let err = ClientMechanism::new(selection, &config, "abc").unwrap_err();
        assert!(
            matches!(err, SaslError::Malformed { .. }),
            "{authzid:?}: {err:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Base64 of the SASL elements: one rule in both layers

/// PLAIN for juliet (RFC 6120 §6.4.2 style), with text around it.
fn auth(text: &str) -> String {
    format!("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{text}</auth>")
}

const JULIET: &str = "AGp1bGlldAByMG0zMG15cjBtMzA=";

/// What a server session answers to `auth`.
fn session_reply(auth: &str) -> String {
    let mut users = MemoryCredentials::new();
    users
        .add_user("juliet", "r0m30myr0m30", b"0123456789abcdef", 4096)
        .unwrap();
    let mut config = SessionConfig::new("localhost", Arc::new(users));
    config.tls_available = false;
    config.require_tls = false;
    config.allow_plaintext_auth = true;
    let mut session = ServerSession::new(config, Instant::now());
    let header = "<stream:stream xmlns='jabber:client' \
                  xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";
    session.handle_input(header.as_bytes()).unwrap();
    while session.poll_transmit().is_some() {}
    let _ = session.handle_input(auth.as_bytes());
    let mut out = String::new();
    while let Some(bytes) = session.poll_transmit() {
        out.push_str(&String::from_utf8_lossy(&bytes));
    }
    out
}

/// RFC 6120 §13.9.1: characters outside the base64 alphabet MUST be
/// rejected; U+00A0, U+2003 and U+3000 are Unicode whitespace but not XML
/// whitespace (§1.4), so they are `incorrect-encoding` (§6.5.5) in the
/// session and `InvalidBase64` in the stanza model, while XML whitespace
/// (indentation, line wrapping as in §9.1.2's examples) is ignored by both.
#[test]
fn base64_rule_is_the_same_in_both_layers() {
    let bad = [
        format!("&#xA0;{JULIET}"),
        format!("{JULIET}&#x3000;"),
        format!("&#xA0;{JULIET}&#x3000;"),
        "&#x2003;=".to_owned(),
        format!("{}&#xA0;{}", &JULIET[..8], &JULIET[8..]),
    ];
    for text in &bad {
        let reply = session_reply(&auth(text));
        assert!(reply.contains("<incorrect-encoding/>"), "{text}: {reply}");
        let el = parse_one(&auth(text), ns::SASL);
        assert!(
            matches!(
                SaslNegotiation::try_from(el),
                Err(StanzaParseError::InvalidBase64 { element: "auth" })
            ),
            "{text}"
        );
    }
    let good = [
        JULIET.to_owned(),
        format!("\n  {JULIET}\n"),
        format!("{}\n  {}", &JULIET[..8], &JULIET[8..]),
    ];
    for text in &good {
        let reply = session_reply(&auth(text));
        assert!(reply.contains("<success"), "{text}: {reply}");
        let el = parse_one(&auth(text), ns::SASL);
        match SaslNegotiation::try_from(el) {
            Ok(SaslNegotiation::Auth(a)) => {
                assert_eq!(
                    a.initial_response.as_deref(),
                    Some(&b"\0juliet\0r0m30myr0m30"[..])
                )
            }
            other => panic!("{text}: {other:?}"),
        }
    }
}
