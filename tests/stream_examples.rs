//! The stream parser on published examples and real server bytes:
//! RFC 6120 §9 (both directions of §9.1 client-to-server and §9.2
//! server-to-server), RFC 7395's WebSocket messages, and sessions captured
//! from ejabberd and Prosody.

use std::path::Path;
use xmpp_sansio::stream::websocket::WsFrame;
use xmpp_sansio::stream::{Limits, StreamEvent, StreamParser};

fn data(path: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn describe(ev: &StreamEvent) -> String {
    match ev {
        StreamEvent::Header(h) => {
            let d = |v: &Option<xmpp_sansio::xml::ByteStr>| v.as_deref().unwrap_or("-").to_owned();
            format!(
                "header {} {} {} {} {}",
                d(&h.to),
                d(&h.from),
                d(&h.id),
                d(&h.version),
                h.ns
            )
        }
        StreamEvent::Element(e) => format!("element {} {}", e.name(), e.ns()),
        StreamEvent::End => "end".to_owned(),
        _ => "other".to_owned(),
    }
}

/// Feeds `input` in `chunk`-byte pieces; after an event followed by
/// "restart" in `want`, restarts the parser (keeping buffered bytes).
fn check(input: &[u8], want: &[&str], chunk: usize) {
    let mut p = StreamParser::new(Limits::default());
    let mut got: Vec<String> = Vec::new();
    for piece in input.chunks(chunk) {
        p.feed(piece);
        while let Some(ev) = p
            .next_event()
            .unwrap_or_else(|e| panic!("{e} after {got:?}"))
        {
            got.push(describe(&ev));
            if want.get(got.len()) == Some(&"restart") {
                p.restart();
                got.push("restart".to_owned());
            }
        }
    }
    assert_eq!(got, want, "chunk {chunk}");
}

const TLS: &str = "urn:ietf:params:xml:ns:xmpp-tls";
const SASL: &str = "urn:ietf:params:xml:ns:xmpp-sasl";

#[test]
fn rfc6120_9_1_client_to_server() {
    let files = [
        "9.1.1-c2s-tls.xml",
        "9.1.2-c2s-sasl.xml",
        "9.1.3-c2s-bind.xml",
        "9.1.4-c2s-stanza.xml",
        "9.1.5-c2s-close.xml",
    ];
    let input: Vec<u8> = files
        .iter()
        .flat_map(|f| data(&format!("rfc6120/{f}")))
        .collect();
    let h = "header im.example.com juliet@im.example.com - 1.0 jabber:client";
    let want = [
        h,
        &format!("element starttls {TLS}"),
        "restart",
        h,
        &format!("element auth {SASL}"),
        &format!("element response {SASL}"),
        "restart",
        h,
        "element iq jabber:client",
        "element message jabber:client",
        "end",
    ];
    for chunk in [input.len(), 1, 2, 3, 7, 64] {
        check(&input, &want, chunk);
    }
}

#[test]
fn rfc6120_9_1_server_to_client() {
    let files = [
        "9.1.1-s2c-tls.xml",
        "9.1.2-s2c-sasl.xml",
        "9.1.3-s2c-bind.xml",
        "9.1.4-s2c-stanza.xml",
        "9.1.5-s2c-close.xml",
    ];
    let input: Vec<u8> = files
        .iter()
        .flat_map(|f| data(&format!("rfc6120/{f}")))
        .collect();
    let h =
        |id: &str| format!("header juliet@im.example.com im.example.com {id} 1.0 jabber:client");
    let features = "element features http://etherx.jabber.org/streams";
    let want = [
        &h("t7AMCin9zjMNwQKDnplntZPIDEI=")[..],
        features,
        &format!("element proceed {TLS}"),
        "restart",
        &h("vgKi/bkYME8OAj4rlXMkpucAqe4="),
        features,
        &format!("element challenge {SASL}"),
        &format!("element success {SASL}"),
        "restart",
        &h("gPybzaOzBmaADgxKXu9UClbprp0="),
        features,
        "element iq jabber:client",
        "element message jabber:client",
        "end",
    ];
    for chunk in [input.len(), 1, 5, 13] {
        check(&input, &want, chunk);
    }
    // The message keeps its language and text.
    let mut p = StreamParser::new(Limits::default());
    p.feed(&data("rfc6120/9.1.3-s2c-bind.xml"));
    p.feed(&data("rfc6120/9.1.4-s2c-stanza.xml"));
    let mut last = None;
    while let Some(ev) = p.next_event().unwrap() {
        last = Some(ev);
    }
    let Some(StreamEvent::Element(m)) = last else {
        panic!()
    };
    assert_eq!(m.lang(), Some("en"));
    assert_eq!(
        m.get_child("body", "jabber:client")
            .map(|b| b.text().into_owned())
            .as_deref(),
        Some("Neither, fair saint, if either thee dislike.")
    );
}

#[test]
fn rfc6120_9_2_server_to_server() {
    let s1: Vec<u8> = [
        "9.2.1-s1-tls.xml",
        "9.2.2-s1-sasl.xml",
        "9.2.3-s1-stanza.xml",
        "9.2.4-s1-close.xml",
    ]
    .iter()
    .flat_map(|f| data(&format!("rfc6120/{f}")))
    .collect();
    let h1 = "header example.net im.example.com - 1.0 jabber:server";
    let want1 = [
        h1,
        &format!("element starttls {TLS}"),
        "restart",
        h1,
        &format!("element auth {SASL}"),
        "restart",
        h1,
        "element message jabber:server",
        "end",
    ];
    // S2 answers with the streams namespace as the default namespace
    // (`<stream xmlns='http://etherx.jabber.org/streams'>`, no content
    // namespace) and closes with `</stream>`; it sends no stanza in §9.2.3.
    let s2: Vec<u8> = [
        "9.2.1-s2-tls.xml",
        "9.2.2-s2-sasl.xml",
        "9.2.4-s2-close.xml",
    ]
    .iter()
    .flat_map(|f| data(&format!("rfc6120/{f}")))
    .collect();
    let h2 = |id: &str| {
        format!("header im.example.com example.net {id} 1.0 http://etherx.jabber.org/streams")
    };
    let features = "element features http://etherx.jabber.org/streams";
    let want2 = [
        &h2("hTiXkW+ih9k2SqdGkk/AZi0OJ/Q=")[..],
        features,
        &format!("element proceed {TLS}"),
        "restart",
        &h2("RChdjlgj/TIBcbT9Keu31zDihH4="),
        features,
        &format!("element success {SASL}"),
        "restart",
        &h2("MbbV2FeojySpUIP6J91qaa+TWHM="),
        features,
        "end",
    ];
    for chunk in [usize::MAX, 1, 4, 9] {
        check(&s1, &want1, chunk.min(s1.len()));
        check(&s2, &want2, chunk.min(s2.len()));
    }
}

#[test]
fn rfc7395_websocket_messages() {
    let l = Limits::default();
    // One message per file, as printed in the RFC (see its README).
    let msg = |f: &str| -> WsFrame {
        let text = String::from_utf8(data(&format!("rfc7395/{f}"))).unwrap();
        WsFrame::parse(text.trim_end_matches('\n').as_bytes(), &l)
            .unwrap_or_else(|e| panic!("{f}: {e}"))
    };
    let WsFrame::Open(o) = msg("3.4-c2s-open.txt") else {
        panic!()
    };
    assert_eq!(
        (o.to.as_deref(), o.version.as_deref()),
        (Some("example.com"), Some("1.0"))
    );
    let WsFrame::Open(o) = msg("3.4-s2c-open.txt") else {
        panic!()
    };
    assert_eq!(o.from.as_deref(), Some("example.com"));
    assert_eq!(o.id.as_deref(), Some("++TR84Sm6A3hnt3Q065SnAbbk3Y="));
    assert_eq!(o.lang.as_deref(), Some("en"));
    let WsFrame::Element(m) = msg("3.3.3-message.txt") else {
        panic!()
    };
    assert!(m.is("message", "jabber:client"));
    assert_eq!(m.lang(), Some("en"));
    assert_eq!(
        m.get_child("body", "jabber:client")
            .map(|b| b.text().into_owned()),
        Some("Every WebSocket message is parsable by itself.".to_owned())
    );
    let WsFrame::Element(f) = msg("3.3.3-features.txt") else {
        panic!()
    };
    assert!(f.is("features", "http://etherx.jabber.org/streams"));
    assert!(f.has_child("bind", "urn:ietf:params:xml:ns:xmpp-bind"));
    let WsFrame::Element(e) = msg("3.3.3-error.txt") else {
        panic!()
    };
    assert!(e.is("error", "http://etherx.jabber.org/streams"));
    assert!(e.has_child("host-unknown", "urn:ietf:params:xml:ns:xmpp-streams"));
    for f in ["3.6-c2s-close.txt", "3.6-s2c-close.txt"] {
        assert_eq!(
            msg(f),
            WsFrame::Close {
                see_other_uri: None
            }
        );
    }
    assert_eq!(
        msg("3.6.1-s2c-see-other-uri.txt"),
        WsFrame::Close {
            see_other_uri: Some("wss://otherendpoint.example/xmpp-bind".into())
        }
    );
    let WsFrame::Element(s) = msg("3.7-s2c-success.txt") else {
        panic!()
    };
    assert!(s.is("success", "urn:ietf:params:xml:ns:xmpp-sasl"));
    assert_eq!(msg("3.7-c2s-open.txt"), msg("3.4-c2s-open.txt"));
    // Every message serializes to bytes that parse to the same frame.
    for f in [
        "3.3.3-message.txt",
        "3.3.3-features.txt",
        "3.3.3-error.txt",
        "3.4-c2s-open.txt",
        "3.4-s2c-open.txt",
        "3.6-c2s-close.txt",
        "3.6.1-s2c-see-other-uri.txt",
        "3.7-s2c-success.txt",
    ] {
        let m = msg(f);
        assert_eq!(WsFrame::parse(&m.to_bytes(), &l).unwrap(), m, "{f}");
    }
}

/// Splits a capture into (client-to-server?, bytes) records, in order.
fn capture_records(text: &[u8]) -> Vec<(bool, Vec<u8>)> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let nl = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
        let line = String::from_utf8_lossy(&rest[..nl]).into_owned();
        rest = rest.get(nl + 1..).unwrap_or_default();
        let words: Vec<&str> = line.split_whitespace().collect();
        if let [_, _, dir @ ("C->S" | "S->C"), n, "bytes"] = words[..] {
            let n: usize = n.parse().unwrap();
            out.push((dir == "C->S", rest[..n].to_vec()));
            rest = &rest[n..];
            if rest.first() == Some(&b'\n') {
                rest = &rest[1..];
            }
        }
    }
    out
}

#[test]
fn real_server_captures_parse() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/captures");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    for path in files {
        let records = capture_records(&std::fs::read(&path).unwrap());
        assert!(records.len() > 5, "{}", path.display());
        for chunk in [usize::MAX, 1, 3] {
            // [0]: the server's parser of client bytes; [1]: the client's.
            let mut ps = [
                StreamParser::new(Limits::default()),
                StreamParser::new(Limits::default()),
            ];
            let mut evs: [Vec<String>; 2] = [Vec::new(), Vec::new()];
            for (to_server, bytes) in &records {
                let i = usize::from(!*to_server);
                for piece in bytes.chunks(chunk.min(bytes.len()).max(1)) {
                    ps[i].feed(piece);
                    while let Some(ev) = ps[i]
                        .next_event()
                        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                    {
                        evs[i].push(describe(&ev));
                        // Both sides restart once the server reports SASL success.
                        if matches!(&ev, StreamEvent::Element(e) if e.name() == "success") {
                            ps.iter_mut().for_each(StreamParser::restart);
                        }
                    }
                }
            }
            let [c_ev, s_ev] = evs;
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(c_ev[0].starts_with("header "), "{name}: {c_ev:?}");
            assert!(s_ev[0].starts_with("header "), "{name}: {s_ev:?}");
            assert!(
                s_ev.iter()
                    .any(|e| e.starts_with("element message") || e.starts_with("element iq")),
                "{name}"
            );
            assert!(
                c_ev.iter().any(|e| e == "element message jabber:client"
                    || e == "element message jabber:component:accept"),
                "{name}: {c_ev:?}"
            );
            let headers = s_ev.iter().filter(|e| e.starts_with("header")).count();
            let want_headers = if name.contains("component") { 1 } else { 2 };
            assert_eq!(headers, want_headers, "{name}: {s_ev:?}");
        }
    }
}
