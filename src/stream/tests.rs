//! Unit tests of the stream parser: chunking, hostile input, limits,
//! restart, language inheritance and parse/write round trips.

use super::websocket::WsFrame;
use super::*;
use crate::xml::{Element, Node, ns};
use proptest::prelude::*;

const HEADER: &str = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' \
    xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0' xml:lang='en'>";

/// Feeds `input` in pieces of `chunk` bytes, draining after each, and
/// returns the events (and the error, if any).
fn run(input: &[u8], chunk: usize) -> (Vec<StreamEvent>, Option<StreamError>) {
    let mut p = StreamParser::new(Limits::default());
    let mut events = Vec::new();
    for piece in input.chunks(chunk.max(1)) {
        p.feed(piece);
        loop {
            match p.next_event() {
                Ok(Some(ev)) => events.push(ev),
                Ok(None) => break,
                Err(e) => return (events, Some(e)),
            }
        }
    }
    (events, None)
}

fn err_of(input: &[u8]) -> StreamError {
    let (_, e) = run(input, input.len());
    e.unwrap_or_else(|| panic!("no error for {:?}", String::from_utf8_lossy(input)))
}

fn stream(body: &str) -> Vec<u8> {
    format!("{HEADER}{body}").into_bytes()
}

#[test]
fn header_stanzas_end() {
    let input = stream(
        " <message to='romeo@example.net' id='a&amp;b'><body>Hi &lt;3<![CDATA[ <raw> ]]>!</body>\
         <x xmlns='urn:x' xmlns:p='urn:p' p:a='1'/></message>\n\
         <stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>\
         </stream:stream>",
    );
    let (ev, err) = run(&input, input.len());
    assert_eq!(err, None);
    assert_eq!(ev.len(), 4);
    let StreamEvent::Header(h) = &ev[0] else {
        panic!()
    };
    assert_eq!(h.to.as_deref(), Some("example.com"));
    assert_eq!(h.version.as_deref(), Some("1.0"));
    assert_eq!(h.lang.as_deref(), Some("en"));
    assert_eq!(&*h.ns, ns::JABBER_CLIENT);
    assert_eq!(h.from, None);
    let StreamEvent::Element(m) = &ev[1] else {
        panic!()
    };
    assert!(m.is("message", ns::JABBER_CLIENT));
    assert_eq!(m.attr("id"), Some("a&b"));
    assert_eq!(m.lang(), Some("en"), "inherited from the header");
    let body = m.get_child("body", ns::JABBER_CLIENT).unwrap();
    assert_eq!(body.text(), "Hi <3 <raw> !");
    assert_eq!(
        body.nodes().len(),
        1,
        "adjacent text and CDATA are one node"
    );
    let x = m.get_child("x", "urn:x").unwrap();
    assert_eq!(x.attr_ns("a", "urn:p"), Some("1"));
    let StreamEvent::Element(f) = &ev[2] else {
        panic!()
    };
    assert!(f.is("features", ns::STREAM));
    assert_eq!(f.prefix(), Some("stream"));
    assert_eq!(ev[3], StreamEvent::End);
}

#[test]
fn every_chunking_gives_the_same_events() {
    let input = stream(
        "<message to='j\u{e9}@x' a='&#x1F600;&#233;'><body>h\u{e9}llo 😀 &amp; <![CDATA[]]]]><![CDATA[>]]>\r\n</body></message> \
         <iq type='get' id='1'><query xmlns='jabber:iq:roster'/></iq></stream:stream>",
    );
    let (whole, err) = run(&input, input.len());
    assert_eq!(err, None);
    assert_eq!(whole.len(), 4);
    for chunk in 1..40 {
        assert_eq!(run(&input, chunk), (whole.clone(), None), "chunk {chunk}");
    }
    // Every two-piece split.
    for cut in 0..input.len() {
        let mut p = StreamParser::new(Limits::default());
        let mut got = Vec::new();
        for piece in [&input[..cut], &input[cut..]] {
            p.feed(piece);
            while let Some(ev) = p.next_event().unwrap() {
                got.push(ev);
            }
        }
        assert_eq!(got, whole, "cut at {cut}");
    }
    let StreamEvent::Element(m) = &whole[1] else {
        panic!()
    };
    assert_eq!(m.attr("a"), Some("😀é"));
    assert_eq!(
        m.get_child("body", ns::JABBER_CLIENT).unwrap().text(),
        "héllo 😀 & ]]>\n"
    );
}

#[test]
fn element_comes_out_right_after_the_feed_that_completes_it() {
    let mut p = StreamParser::new(Limits::default());
    p.feed(HEADER.as_bytes());
    assert!(matches!(p.next_event(), Ok(Some(StreamEvent::Header(_)))));
    p.feed(b"<presence/");
    assert_eq!(p.next_event(), Ok(None));
    p.feed(b">");
    assert!(matches!(p.next_event(), Ok(Some(StreamEvent::Element(_)))));
    assert_eq!(p.next_event(), Ok(None));
    assert_eq!(p.bytes_consumed(), HEADER.len() as u64 + 11);
}

#[test]
fn hostile_input_table() {
    use Condition::*;
    let table: &[(&str, Vec<u8>, Condition)] = &[
        ("comment", stream("<!-- hi -->"), RestrictedXml),
        (
            "comment in stanza",
            stream("<a><!-- hi --></a>"),
            RestrictedXml,
        ),
        ("pi", stream("<a><?php x?></a>"), RestrictedXml),
        (
            "pi before header",
            b"<?xml version='1.0'?><?foo?>".to_vec(),
            RestrictedXml,
        ),
        (
            "doctype",
            b"<!DOCTYPE stream [<!ENTITY x 'y'>]>".to_vec(),
            RestrictedXml,
        ),
        (
            "doctype after decl",
            b"<?xml version='1.0'?><!DOCTYPE x>".to_vec(),
            RestrictedXml,
        ),
        ("undefined entity", stream("<a>&nbsp;</a>"), RestrictedXml),
        (
            "undefined entity in attr",
            stream("<a b='&x;'/>"),
            RestrictedXml,
        ),
        ("bare ampersand", stream("<a>a & b</a>"), NotWellFormed),
        ("nul", stream("<a>\0</a>"), NotWellFormed),
        ("control char", stream("<a>\u{1}</a>"), NotWellFormed),
        ("nul char ref", stream("<a>&#0;</a>"), NotWellFormed),
        (
            "surrogate char ref",
            stream("<a>&#xD800;</a>"),
            NotWellFormed,
        ),
        ("fffe", stream("<a>\u{FFFE}</a>"), NotWellFormed),
        (
            "invalid utf-8",
            [stream("<a>"), b"\xff</a>".to_vec()].concat(),
            UnsupportedEncoding,
        ),
        (
            "invalid utf-8 in name",
            [stream("<a"), b"\xc3(/>".to_vec()].concat(),
            UnsupportedEncoding,
        ),
        ("utf-16 bom", b"\xfe\xff\0<".to_vec(), UnsupportedEncoding),
        ("utf-16le bom", b"\xff\xfe<\0".to_vec(), UnsupportedEncoding),
        (
            "utf-16 without bom",
            b"<\0?\0x\0".to_vec(),
            UnsupportedEncoding,
        ),
        (
            "latin-1 declared",
            b"<?xml version='1.0' encoding='ISO-8859-1'?><stream:stream/>".to_vec(),
            UnsupportedEncoding,
        ),
        ("xml 1.1", b"<?xml version='1.1'?>".to_vec(), NotWellFormed),
        // Not namespace-well-formed: RFC 6120 §11.4, §4.9.3.13.
        ("unbound element prefix", stream("<p:a/>"), NotWellFormed),
        ("unbound attr prefix", stream("<a p:b='1'/>"), NotWellFormed),
        (
            "prefix out of scope",
            stream("<a><b xmlns:p='urn:p'/><p:c/></a>"),
            NotWellFormed,
        ),
        (
            "duplicate attribute",
            stream("<a b='1' b='2'/>"),
            NotWellFormed,
        ),
        (
            "duplicate through prefixes",
            stream("<a xmlns:p='urn:x' xmlns:q='urn:x' p:b='1' q:b='2'/>"),
            NotWellFormed,
        ),
        (
            "duplicate xmlns",
            stream("<a xmlns='urn:a' xmlns='urn:b'/>"),
            NotWellFormed,
        ),
        (
            "unbinding a prefix",
            stream("<a xmlns:p=''/>"),
            NotWellFormed,
        ),
        (
            "binding xmlns",
            stream("<a xmlns:xmlns='urn:x'/>"),
            NotWellFormed,
        ),
        (
            "rebinding xml",
            stream("<a xmlns:xml='urn:x'/>"),
            NotWellFormed,
        ),
        (
            "mismatched end tag",
            stream("<a><b></a></b>"),
            NotWellFormed,
        ),
        (
            "mismatched stream end",
            stream("</stream:streams>"),
            NotWellFormed,
        ),
        ("end tag first", stream("</a>"), NotWellFormed),
        ("text outside stanza", stream("hello"), BadFormat),
        ("cdata outside stanza", stream("<![CDATA[x]]>"), BadFormat),
        ("text before header", b"hello".to_vec(), NotWellFormed),
        ("text after end", stream("</stream:stream>x"), NotWellFormed),
        (
            "element after end",
            stream("</stream:stream><a/>"),
            NotWellFormed,
        ),
        ("]]> in text", stream("<a>]]></a>"), NotWellFormed),
        ("< in attribute", stream("<a b='<'/>"), NotWellFormed),
        ("bad name", stream("<1a/>"), NotWellFormed),
        (
            "missing whitespace",
            stream("<a b='1'c='2'/>"),
            NotWellFormed,
        ),
        (
            "wrong stream namespace",
            b"<stream:stream xmlns:stream='urn:wrong'>".to_vec(),
            InvalidNamespace,
        ),
        (
            "not a stream header",
            b"<message xmlns='jabber:client'>".to_vec(),
            InvalidNamespace,
        ),
        (
            "unbound stream prefix",
            b"<stream:stream>".to_vec(),
            NotWellFormed,
        ),
        (
            "decl not at start",
            b" <?xml version='1.0'?>".to_vec(),
            RestrictedXml,
        ),
    ];
    for (name, input, want) in table {
        let e = err_of(input);
        assert_eq!(e.condition(), *want, "{name}: {e}");
        assert!(
            e.offset() <= input.len() as u64,
            "{name}: offset {}",
            e.offset()
        );
        // The same error, whatever the chunking.
        let (_, e1) = run(input, 1);
        assert_eq!(
            e1.map(|e| e.condition()),
            Some(*want),
            "{name} byte by byte"
        );
    }
}

#[test]
fn error_offsets() {
    let e = err_of(&stream("<a>\0</a>"));
    assert_eq!(
        e,
        StreamError::InvalidChar {
            offset: HEADER.len() as u64 + 3,
            ch: 0
        }
    );
    let e = err_of(&stream("<a><b></c></a>"));
    assert_eq!(
        e,
        StreamError::MismatchedEndTag {
            offset: HEADER.len() as u64 + 6,
            expected: "b".into(),
            found: "c".into()
        }
    );
    assert_eq!(
        err_of(&stream("<p:a/>")),
        StreamError::UnboundPrefix {
            offset: HEADER.len() as u64,
            prefix: "p".into()
        }
    );
}

#[test]
fn errors_are_sticky() {
    let mut p = StreamParser::new(Limits::default());
    p.feed(&stream("<a><!-- x --></a>"));
    let e = loop {
        match p.next_event() {
            Ok(Some(_)) => {}
            Ok(None) => panic!("no error"),
            Err(e) => break e,
        }
    };
    p.feed(b"<presence/>");
    for _ in 0..3 {
        assert_eq!(p.next_event(), Err(e.clone()));
    }
    p.restart();
    assert_eq!(p.next_event(), Err(e));
    assert_eq!(p.buffered_len(), 0);
}

fn fails_fast(limits: Limits, prefix: &[u8], piece: &[u8], max_pieces: usize, limit: &str) {
    let mut p = StreamParser::new(limits);
    p.feed(prefix);
    let mut fed = prefix.len();
    for _ in 0..max_pieces {
        match p.next_event() {
            Ok(Some(_)) => continue,
            Ok(None) => {}
            Err(StreamError::LimitExceeded { limit: l, .. }) if l == limit => {
                assert!(p.buffered_len() == 0);
                return;
            }
            Err(e) => panic!("unexpected {e}"),
        }
        p.feed(piece);
        fed += piece.len();
        assert!(
            p.buffered_len() <= 2 * 1024 * 1024,
            "buffered {}",
            p.buffered_len()
        );
    }
    panic!("no {limit} error after {fed} bytes");
}

#[test]
fn limits_fail_fast() {
    let h = HEADER.as_bytes();
    let piece = vec![b'a'; 64 * 1024];
    // A 1 GiB text node fed in 64 KiB pieces: fails after ~256 KiB.
    fails_fast(
        Limits::default(),
        &stream("<message><body>"),
        &piece,
        16 * 1024,
        "max_stanza_bytes",
    );
    // A never-ending tag (in an attribute value).
    fails_fast(
        Limits::default(),
        &stream("<message a='"),
        &piece,
        16 * 1024,
        "max_stanza_bytes",
    );
    // A never-ending name.
    fails_fast(
        Limits::default(),
        &stream("<m"),
        &piece,
        16,
        "max_name_bytes",
    );
    // 100 000-deep nesting, in small pieces.
    fails_fast(
        Limits::default(),
        h,
        &b"<a>".repeat(10),
        10_000,
        "max_depth",
    );
    // A never-ending header.
    fails_fast(
        Limits::default(),
        b"<stream:stream a='",
        b"xxxxxxxx",
        100_000,
        "max_header_bytes",
    );
    // Endless whitespace before the header.
    fails_fast(
        Limits::default(),
        b"",
        b"        ",
        100_000,
        "max_header_bytes",
    );
    // Too many attributes.
    let many: String = (0..200).map(|i| format!(" a{i}='1'")).collect();
    assert_eq!(
        err_of(&stream(&format!("<a{many}/>"))).condition(),
        Condition::PolicyViolation
    );
    // A complete stanza over the limit, fed at once.
    let big = stream(&format!("<a>{}</a>", "x".repeat(300 * 1024)));
    assert!(matches!(
        err_of(&big),
        StreamError::LimitExceeded {
            limit: "max_stanza_bytes",
            ..
        }
    ));
    // Whitespace keepalives are never limited.
    let mut p = StreamParser::new(Limits::default());
    p.feed(h);
    assert!(p.next_event().unwrap().is_some());
    for _ in 0..100 {
        p.feed(&[b' '; 64 * 1024]);
        assert_eq!(p.next_event(), Ok(None));
        assert_eq!(p.buffered_len(), 0);
    }
}

#[test]
fn scanning_is_linear_in_small_pieces() {
    // A 200 KiB stanza fed one byte at a time must not rescan the buffer.
    let body = format!(
        "<message a='{}'><body>{}</body></message>",
        "v".repeat(50_000),
        "t ".repeat(75_000)
    );
    let input = stream(&body);
    let t = std::time::Instant::now();
    let (ev, err) = run(&input, 1);
    assert_eq!(err, None);
    assert_eq!(ev.len(), 2);
    assert!(
        t.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        t.elapsed()
    );
}

#[test]
fn restart_keeps_buffered_bytes() {
    let mut p = StreamParser::new(Limits::default());
    p.feed(HEADER.as_bytes());
    p.feed(b"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
    p.feed(HEADER.as_bytes());
    assert!(matches!(p.next_event(), Ok(Some(StreamEvent::Header(_)))));
    assert!(matches!(p.next_event(), Ok(Some(StreamEvent::Element(_)))));
    p.restart();
    assert!(p.stream_header().is_none());
    let Ok(Some(StreamEvent::Header(h))) = p.next_event() else {
        panic!()
    };
    assert_eq!(h.to.as_deref(), Some("example.com"));

    // Discarding: bytes injected before the TLS handshake are dropped.
    let mut p = StreamParser::new(Limits::default());
    p.feed(HEADER.as_bytes());
    p.feed(b"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><iq type='set'/>");
    assert!(matches!(p.next_event(), Ok(Some(StreamEvent::Header(_)))));
    assert!(matches!(p.next_event(), Ok(Some(StreamEvent::Element(_)))));
    assert_eq!(p.restart_discarding_buffered(), 16);
    assert_eq!(p.next_event(), Ok(None));
    p.feed(HEADER.as_bytes());
    assert!(matches!(p.next_event(), Ok(Some(StreamEvent::Header(_)))));
}

#[test]
fn lang_inheritance() {
    let (ev, _) = run(
        &stream("<message><body/><x xml:lang='de'><y/></x></message>"),
        usize::MAX,
    );
    let StreamEvent::Element(m) = &ev[1] else {
        panic!()
    };
    assert_eq!(m.lang(), Some("en"));
    assert_eq!(m.own_lang(), None);
    assert_eq!(
        m.get_child("body", ns::JABBER_CLIENT).unwrap().lang(),
        Some("en")
    );
    let x = m.get_child("x", ns::JABBER_CLIENT).unwrap();
    assert_eq!(x.lang(), Some("de"));
    assert_eq!(x.own_lang(), Some("de"));
    assert_eq!(
        x.get_child("y", ns::JABBER_CLIENT).unwrap().lang(),
        Some("de")
    );
}

#[test]
fn declaration_and_self_closing_header() {
    let input = b"<?xml version='1.0' encoding='utf-8' standalone='yes'?>\n\
        <stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:server'/>";
    let (ev, err) = run(input, 1);
    assert_eq!(err, None);
    assert!(matches!(&ev[0], StreamEvent::Header(h) if &*h.ns == ns::JABBER_SERVER));
    assert_eq!(ev[1], StreamEvent::End);
}

/// RFC 6120 §11.6: "If an entity receives the Unicode character U+FEFF
/// anywhere in an XML stream (including as the first character of the
/// stream), it MUST interpret that character as a zero width no-break
/// space, not as a byte order mark": character data before the header,
/// not well-formed. One, two (both were skipped before), after a restart,
/// and cut anywhere.
#[test]
fn a_leading_u_feff_is_text_not_a_byte_order_mark() {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let hdr = HEADER.as_bytes();
    for (name, input) in [
        ("one", [BOM, hdr].concat()),
        ("two", [BOM, BOM, hdr].concat()),
        (
            "before the declaration",
            [BOM, b"<?xml version='1.0'?>"].concat(),
        ),
    ] {
        for chunk in [1, 2, input.len()] {
            let (ev, err) = run(&input, chunk);
            assert!(ev.is_empty(), "{name}");
            assert!(
                matches!(
                    err,
                    Some(StreamError::NotWellFormed { offset: 0, reason }) if reason.contains("U+FEFF")
                ),
                "{name}, chunk {chunk}: {err:?}"
            );
        }
    }
    // After a restart, the new stream starts at the same rule.
    let mut p = StreamParser::new(Limits::default());
    p.feed(hdr);
    assert!(matches!(p.next_event(), Ok(Some(StreamEvent::Header(_)))));
    p.restart();
    p.feed(&[BOM, hdr].concat());
    assert_eq!(
        p.next_event().map_err(|e| (e.offset(), e.condition())),
        Err((hdr.len() as u64, Condition::NotWellFormed))
    );
}

/// XML 1.0 §2.8 [23] `XMLDecl ::= '<?xml' VersionInfo EncodingDecl? SDDecl?
/// S? '?>'` (RFC 6120 §11.5: the rules of XML for the declaration apply):
/// `version` first, then `encoding`, then `standalone`, each at most once.
#[test]
fn xml_declaration_order_and_number() {
    let hdr = "<stream:stream xmlns='jabber:client' \
               xmlns:stream='http://etherx.jabber.org/streams'>";
    for decl in [
        "<?xml version='1.0'?>",
        "<?xml version='1.0' encoding='UTF-8'?>",
        "<?xml version='1.0' encoding='utf-8' standalone='no' ?>",
        "<?xml version='1.0' standalone='yes'?>",
    ] {
        let (_, err) = run(format!("{decl}{hdr}").as_bytes(), 1);
        assert_eq!(err, None, "{decl}");
    }
    for decl in [
        "<?xml version='1.0' encoding='UTF-8' encoding='utf-8'?>",
        "<?xml version='1.0' standalone='yes' encoding='UTF-8'?>",
        "<?xml version='1.0' standalone='yes' standalone='no'?>",
        "<?xml version='1.0' version='1.0'?>",
        "<?xml encoding='UTF-8' version='1.0'?>",
        "<?xml encoding='UTF-8'?>",
        "<?xml version='1.0' standalone='maybe'?>",
        "<?xml version='1.0' foo='bar'?>",
    ] {
        let (_, err) = run(format!("{decl}{hdr}").as_bytes(), 3);
        assert_eq!(
            err.as_ref().map(StreamError::condition),
            Some(Condition::NotWellFormed),
            "{decl}: {err:?}"
        );
    }
}

#[test]
fn websocket_frames() {
    let l = Limits::default();
    let f = WsFrame::parse(
        b" <close xmlns='urn:ietf:params:xml:ns:xmpp-framing' see-other-uri='wss://o/'/> ",
        &l,
    )
    .unwrap();
    assert_eq!(
        f,
        WsFrame::Close {
            see_other_uri: Some("wss://o/".into())
        }
    );
    assert_eq!(WsFrame::parse(&f.to_bytes(), &l).unwrap(), f);
    let f = WsFrame::parse(
        b"<message xmlns='jabber:client'><body>x</body></message>",
        &l,
    )
    .unwrap();
    let WsFrame::Element(m) = &f else { panic!() };
    assert!(m.is("message", ns::JABBER_CLIENT));
    assert_eq!(WsFrame::parse(&f.to_bytes(), &l).unwrap(), f);
    assert!(matches!(
        WsFrame::parse(b"<a xmlns='x'>", &l),
        Err(StreamError::Incomplete { .. })
    ));
    assert!(matches!(
        WsFrame::parse(b"<a/><b/>", &l),
        Err(StreamError::TrailingData { .. })
    ));
    assert_eq!(
        WsFrame::parse(b"<a><!--x--></a>", &l)
            .unwrap_err()
            .condition(),
        Condition::RestrictedXml
    );
    assert!(WsFrame::parse(b"", &l).is_err());
}

/// RFC 7395 §3.3.2: `<open/>` and `<close/>` "MUST be qualified by the
/// namespace 'urn:ietf:params:xml:ns:xmpp-framing' … If this rule is
/// violated, the entity that receives the offending stream header MUST
/// close the stream with an error, which MUST be <invalid-namespace>".
#[test]
fn websocket_open_and_close_in_another_namespace() {
    let l = Limits::default();
    for msg in [
        &b"<open xmlns='jabber:client' to='example.com' version='1.0'/>"[..],
        b"<open to='example.com' version='1.0'/>",
        b"<close xmlns='http://etherx.jabber.org/streams'/>",
        b"<f:close xmlns:f='urn:other'/>",
    ] {
        let e = WsFrame::parse(msg, &l).unwrap_err();
        assert!(
            matches!(&e, StreamError::InvalidStreamHeader { offset: 0, name, .. }
                if name == "open" || name == "close"),
            "{e:?}"
        );
        assert_eq!(e.condition(), Condition::InvalidNamespace);
    }
    // Prefixed, in the framing namespace: fine.
    assert!(matches!(
        WsFrame::parse(
            b"<f:open xmlns:f='urn:ietf:params:xml:ns:xmpp-framing' to='example.com'/>",
            &l
        ),
        Ok(WsFrame::Open(_))
    ));
    // An `open` inside a stanza (an IBB open, XEP-0047) is not a header.
    assert!(matches!(
        WsFrame::parse(
            b"<iq xmlns='jabber:client' type='set' id='1'><open \
              xmlns='http://jabber.org/protocol/ibb' sid='s' block-size='4096'/></iq>",
            &l
        ),
        Ok(WsFrame::Element(_))
    ));
}

fn parse_one(bytes: &[u8]) -> Element {
    match WsFrame::parse(bytes, &Limits::default()) {
        Ok(WsFrame::Element(e)) => e,
        other => panic!("{other:?} for {}", String::from_utf8_lossy(bytes)),
    }
}

fn arb_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_owned()),
        Just("body".to_owned()),
        Just("x-y.z_1".to_owned()),
        Just("é".to_owned()),
        "[a-z][a-z0-9]{0,5}",
    ]
}

fn arb_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{1,12}",
        Just("a&b<c>d]]>e\"'".to_owned()),
        Just("\r\n\t line \r".to_owned()),
        Just("😀 é \u{FFFD}".to_owned()),
    ]
}

/// A prefix to build an element with: none, or one the writer must not
/// use as is (`xml`, `xmlns`, or one its generated attribute prefixes
/// would collide with), or must not rely on (`stream` elsewhere than on a
/// stream-namespace element).
fn arb_prefix() -> impl Strategy<Value = Option<&'static str>> {
    proptest::option::of(proptest::sample::select(vec![
        "p", "ans0", "ans1", "stream", "xml", "xmlns",
    ]))
}

fn arb_element() -> impl Strategy<Value = Element> {
    // The XML namespace for elements too (Namespaces in XML 1.0 §3: only
    // ever written with the `xml` prefix), and the stream namespace, whose
    // prefix the parser keeps.
    let ns = prop_oneof![
        Just(ns::JABBER_CLIENT.to_owned()),
        Just("urn:x".to_owned()),
        Just(String::new()),
        Just("urn:a&b".to_owned()),
        Just(ns::XML.to_owned()),
        Just(ns::STREAM.to_owned()),
    ];
    // Attribute namespaces: the empty one is no namespace.
    let attr_ns =
        proptest::sample::select(vec!["urn:q", "", ns::XML, ns::STREAM, ns::JABBER_CLIENT]);
    let leaf = (
        arb_name(),
        ns.clone(),
        arb_prefix(),
        proptest::collection::vec((arb_name(), arb_text()), 0..3),
        proptest::collection::vec((arb_name(), attr_ns), 0..3),
        any::<bool>(),
    )
        .prop_map(|(name, ns, prefix, attrs, ns_attrs, lang)| {
            let mut e = Element::new(name, ns);
            e.set_prefix(prefix.map(Into::into));
            for (k, v) in attrs {
                e.set_attr(k, v);
            }
            e.set_attr_ns("q", "urn:q", "1");
            for (k, ans) in ns_attrs {
                // `xml:lang` is set below, with the language it implies.
                if !(ans == ns::XML && k == "lang") {
                    e.set_attr_ns(k, ans, "2");
                }
            }
            if lang {
                e.set_attr_ns("lang", ns::XML, "fr");
            }
            e
        });
    leaf.prop_recursive(4, 24, 4, move |inner| {
        (
            inner,
            proptest::collection::vec(
                prop_oneof![
                    arb_element_leaf().prop_map(Node::Element),
                    arb_text().prop_map(|t| Node::Text(t.into())),
                ],
                0..4,
            ),
        )
            .prop_map(|(mut e, nodes)| {
                let mut last_text = matches!(e.nodes().last(), Some(Node::Text(_)));
                for n in nodes {
                    // Adjacent text nodes are merged by a parse; keep one.
                    let is_text = matches!(n, Node::Text(_));
                    if !(is_text && last_text) {
                        e.append_node(n);
                    }
                    last_text = is_text;
                }
                e
            })
    })
}

fn arb_element_leaf() -> impl Strategy<Value = Element> {
    (
        arb_name(),
        prop_oneof![
            Just("urn:x".to_owned()),
            Just(ns::JABBER_CLIENT.to_owned()),
            Just(ns::XML.to_owned()),
            Just(ns::STREAM.to_owned()),
        ],
        arb_prefix(),
    )
        .prop_map(|(n, ns, prefix)| {
            let mut e = Element::new(n, ns);
            e.set_prefix(prefix.map(Into::into));
            e
        })
}

/// Sets the inherited language a parse gives (own `xml:lang` or parent's).
fn with_parse_langs(mut e: Element, parent: Option<&str>) -> Element {
    let own = e.own_lang().map(str::to_owned);
    let lang = own.clone().or(parent.map(str::to_owned));
    if own.is_none() {
        e.set_inherited_lang(lang.clone().map(Into::into));
    }
    let nodes = std::mem::take(e.nodes_mut());
    for n in nodes {
        match n {
            Node::Element(c) => e.append_node(Node::Element(with_parse_langs(c, lang.as_deref()))),
            t => e.append_node(t),
        }
    }
    e
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn parse_write_parse_round_trips(e in arb_element()) {
        let want = with_parse_langs(e, None);
        let bytes = want.to_bytes();
        let got = parse_one(&bytes);
        prop_assert_eq!(&got, &want, "{}", String::from_utf8_lossy(&bytes));
        // Inside a stream, written with write_to, the same again.
        let mut s = stream("").to_vec();
        let mut body = Vec::new();
        got.write_to(&mut body, ns::JABBER_CLIENT);
        s.extend_from_slice(&body);
        let (ev, err) = run(&s, 7);
        prop_assert_eq!(err, None);
        let StreamEvent::Element(again) = &ev[1] else { panic!() };
        let want_in_stream = with_parse_langs(got.clone(), Some("en"));
        prop_assert_eq!(again, &want_in_stream);
    }

    #[test]
    fn chunking_never_changes_events(cut in proptest::collection::vec(1usize..64, 1..20)) {
        let input = stream(
            "<message to='a@b' xml:lang='de'><body>x &amp; y 😀</body><![CDATA[z]]></message>\
             <presence/> <iq type='get'><ping xmlns='urn:xmpp:ping'/></iq></stream:stream>",
        );
        let (whole, _) = run(&input, input.len());
        let mut p = StreamParser::new(Limits::default());
        let mut got = Vec::new();
        let mut rest = &input[..];
        for c in cut.iter().cycle() {
            if rest.is_empty() { break; }
            let n = (*c).min(rest.len());
            p.feed(&rest[..n]);
            rest = &rest[n..];
            while let Some(ev) = p.next_event().unwrap() { got.push(ev); }
        }
        prop_assert_eq!(got, whole);
    }
}

#[test]
fn only_xml_lang_sets_the_header_language() {
    // `c:lang` in a common (interned) namespace is not `xml:lang`.
    let input = b"<stream:stream xmlns='jabber:client' xmlns:c='jabber:client' \
        xmlns:stream='http://etherx.jabber.org/streams' c:lang='fr' version='1.0'>\
        <message xmlns:r='jabber:iq:roster' r:x='1'><r:query/></message>";
    let (ev, err) = run(input, input.len());
    assert_eq!(err, None);
    let StreamEvent::Header(h) = &ev[0] else {
        panic!("{ev:?}")
    };
    assert_eq!(h.lang, None);
    let StreamEvent::Element(m) = &ev[1] else {
        panic!("{ev:?}")
    };
    assert_eq!(m.lang(), None);
    assert_eq!(m.attr_ns("x", ns::ROSTER), Some("1"));
    assert!(m.has_child("query", ns::ROSTER));
}

#[test]
fn size_limits_are_capped_below_4_gib() {
    // Positions inside a stanza are 32-bit: larger limits are lowered.
    let p = StreamParser::new(Limits {
        max_stanza_bytes: usize::MAX,
        max_header_bytes: usize::MAX,
        ..Limits::default()
    });
    let cap = (u32::MAX - 16) as usize;
    assert_eq!(p.limits().max_stanza_bytes, cap);
    assert_eq!(p.limits().max_header_bytes, cap);
    // Limits below the cap are kept as given.
    let p = StreamParser::new(Limits::default());
    assert_eq!(p.limits(), &Limits::default());
}
