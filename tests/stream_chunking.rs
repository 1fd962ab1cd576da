//! Chunking invariance of the stream parser (issue 3): however the input is
//! split into `feed` calls — at every single split point, at every pair of
//! split points for small streams, one byte at a time, or at random for
//! large generated traffic — the parser yields the same events (and the
//! same error, for bad input) as when it is fed whole, and each event comes
//! out after the very `feed` that completes it.
//!
//! The streams cover multi-byte UTF-8 (2, 3 and 4 bytes), entity and
//! character references (`&amp;`, `&#x1F600;`), CDATA sections, prefixed
//! namespaces and attributes, `xml:lang` inheritance, whitespace keepalives
//! and stream restarts (RFC 6120 §4.3.3).

mod common;

use common::traffic;
use common::{Ev, Outcome, assert_eager, run_bytewise, run_chunked, run_split, run_whole};
use proptest::prelude::*;
use std::sync::OnceLock;
use xmpp_sansio::stream::Limits;
use xmpp_sansio::xml::Element;

/// A client's view of a stream with every construct the chunking must not
/// disturb.
const RICH: &str = concat!(
    "<?xml version='1.0' encoding='UTF-8'?>\n",
    "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' ",
    "to='juliet@example.com' from='example.com' version='1.0' xml:lang='en' id='s-1'>",
    "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>",
    " \n\t ",
    "<message to='romeo@example.net' type='chat' xml:lang='fr'>",
    "<body>Où es-tu, Roméo? 日本 😀 &amp; &lt;tag&gt; &#x1F600; &#233;</body>",
    "<body xml:lang='de'>Grüße</body></message>",
    "\n",
    "<iq type='result' id='r1'><q:query xmlns:q='jabber:iq:roster' q:attr='x' ver=\"a&quot;b&#39;\">",
    "<q:item jid='nurse@example.com' name='Nürse &amp; co'/></q:query></iq>",
    " ",
    "<message><body><![CDATA[<not> &amp; a tag]] ]> ]]]]><![CDATA[>]]>tail</body></message>",
    "<presence/>",
    "</stream:stream>",
);

/// A small stream for the all-pairs test (every pair of split points).
const SMALL: &str = concat!(
    "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' xml:lang='en'>",
    " <message xml:lang='de'><b:x xmlns:b='urn:b' b:a='&amp;é'>ü😀&#x1F600;<![CDATA[<&]]></b:x></message>",
    "</stream:stream>",
);

/// Three segments of a login: the stream is restarted after `<proceed/>`
/// (STARTTLS) and after `<success/>` (SASL), RFC 6120 §9.1.
const RESTART: [&str; 3] = [
    concat!(
        "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' ",
        "from='im.example.com' id='t7AMCin9zjMNwQKDnplntZPIDEI=' to='juliet@im.example.com' version='1.0' xml:lang='en'>",
        "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>",
        "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>",
    ),
    concat!(
        "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' ",
        "from='im.example.com' id='vgKi/bkYME8OAj4rlXMkpucAqe4=' to='juliet@im.example.com' version='1.0' xml:lang='en'>",
        "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1-PLUS</mechanism>",
        "<mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms></stream:features>",
        "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>dj1wTklOREZQaUhNUk5SUk5HZUlTVmNBWnZuMXpuZXUwdw==</success>",
    ),
    concat!(
        "<?xml version='1.0'?>\n<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' ",
        "from='im.example.com' id='gPybzaOzBmaADgxKXu9UClbprp0=' to='juliet@im.example.com' version='1.0' xml:lang='fr'>",
        "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>",
        "<iq id='yhc13a95' type='result'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>",
        "<jid>juliet@im.example.com/balcony</jid></bind></iq>\n\n",
        "<message from='romeo@example.net/orchard' xml:lang='en'><body>Art thou not Romeo, and a Montague?</body></message>",
        "</stream:stream>",
    ),
];

/// Small bad inputs: the error (condition and offset) must not depend on
/// where the input is split either.
const BAD: &[&[u8]] = &[
    b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><message><!-- x --></message>",
    b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><message><body>\xC3\xA9\xF0\x9F\x98</body></message>",
    b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><message>&nbsp;</message>",
    b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><a></b>",
    b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><x:a/>",
    b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'> hi <a/>",
];

fn limits() -> Limits {
    Limits::default()
}

fn segments(s: &[&'static str]) -> Vec<&'static [u8]> {
    s.iter().map(|s| s.as_bytes()).collect()
}

fn elements(o: &Outcome) -> Vec<&Element> {
    o.events
        .iter()
        .filter_map(|e| match e {
            Ev::Element(e) => Some(e),
            _ => None,
        })
        .collect()
}

/// The whole-fed outcome, checked for the content we wrote, so that the
/// chunking tests compare against a parse known to be right.
#[test]
fn rich_stream_parses_to_the_expected_tree() {
    let o = run_whole(limits(), RICH.as_bytes());
    assert_eq!(o.error, None);
    assert!(matches!(o.events.first(), Some(Ev::Header(_))));
    assert_eq!(o.events.last(), Some(&Ev::End));
    let els = elements(&o);
    assert_eq!(els.len(), 5, "features, message, iq, message, presence");
    assert!(els[0].is("features", "http://etherx.jabber.org/streams"));
    let msg = els[1];
    assert!(msg.is("message", "jabber:client"));
    assert_eq!(msg.lang(), Some("fr"));
    let bodies: Vec<_> = msg.children().collect();
    assert_eq!(bodies[0].text(), "Où es-tu, Roméo? 日本 😀 & <tag> 😀 é");
    assert_eq!(bodies[0].lang(), Some("fr"), "inherited from the message");
    assert_eq!(bodies[1].text(), "Grüße");
    assert_eq!(bodies[1].lang(), Some("de"));
    let q = els[2]
        .get_child("query", "jabber:iq:roster")
        .expect("query");
    assert_eq!(q.attr_ns("attr", "jabber:iq:roster"), Some("x"));
    assert_eq!(q.attr("ver"), Some("a\"b'"));
    let item = q.get_child("item", "jabber:iq:roster").expect("item");
    assert_eq!(item.attr("name"), Some("Nürse & co"));
    assert_eq!(item.lang(), Some("en"), "inherited from the stream header");
    let body = els[3].get_child("body", "jabber:client").expect("body");
    assert_eq!(body.text(), "<not> &amp; a tag]] ]> ]]>tail");
    assert!(els[4].is("presence", "jabber:client"));
}

#[test]
fn restart_scenario_parses_three_headers() {
    let segs = segments(&RESTART);
    let o = run_split(limits(), &segs, &[]);
    assert_eq!(o.error, None);
    let headers = o
        .events
        .iter()
        .filter(|e| matches!(e, Ev::Header(_)))
        .count();
    assert_eq!(headers, 3);
    let names: Vec<_> = elements(&o).iter().map(|e| e.name().to_string()).collect();
    assert_eq!(
        names,
        [
            "features", "proceed", "features", "success", "features", "iq", "message"
        ]
    );
    assert_eq!(o.events.last(), Some(&Ev::End));
    let msg = elements(&o)[6];
    assert_eq!(msg.lang(), Some("en"));
    let iq = elements(&o)[5];
    assert_eq!(
        iq.lang(),
        Some("fr"),
        "xml:lang of the third header, not the first"
    );
}

/// Every split point of every segment, one at a time.
fn check_single_splits(segs: &[&[u8]]) {
    let whole = run_split(limits(), segs, &[]);
    let bytewise = run_bytewise(limits(), segs);
    assert_eq!(bytewise.events, whole.events, "byte at a time");
    assert_eq!(bytewise.error, whole.error, "byte at a time");
    for (i, seg) in segs.iter().enumerate() {
        for at in 1..seg.len() {
            let mut splits = vec![Vec::new(); segs.len()];
            splits[i] = vec![at];
            let o = run_split(limits(), segs, &splits);
            assert_eq!(o.events, whole.events, "segment {i} split at {at}");
            assert_eq!(o.error, whole.error, "segment {i} split at {at}");
            let mut ends: Vec<u64> = Vec::new();
            let mut acc = 0u64;
            for (j, s) in segs.iter().enumerate() {
                if j == i {
                    ends.push(acc + at as u64);
                }
                acc += s.len() as u64;
                ends.push(acc);
            }
            assert_eager(&bytewise, &o, &ends);
        }
    }
}

#[test]
fn rich_stream_every_single_split_point() {
    check_single_splits(&[RICH.as_bytes()]);
}

#[test]
fn restart_scenario_every_single_split_point() {
    check_single_splits(&segments(&RESTART));
}

#[test]
fn bad_inputs_give_the_same_error_at_every_split_point() {
    for (n, bad) in BAD.iter().enumerate() {
        let whole = run_whole(limits(), bad);
        assert!(whole.error.is_some(), "case {n} must fail");
        check_single_splits(&[bad]);
    }
}

#[test]
fn small_stream_every_pair_of_split_points() {
    let input = SMALL.as_bytes();
    let whole = run_whole(limits(), input);
    assert_eq!(whole.error, None);
    assert_eq!(elements(&whole).len(), 1);
    let bytewise = run_bytewise(limits(), &[input]);
    for a in 1..input.len() {
        for b in a + 1..input.len() {
            let o = run_split(limits(), &[input], &[vec![a, b]]);
            assert_eq!(o.events, whole.events, "split at {a} and {b}");
            assert_eq!(o.error, None, "split at {a} and {b}");
            assert_eager(&bytewise, &o, &[a as u64, b as u64, input.len() as u64]);
        }
    }
}

/// 64 KiB of generated traffic and its whole and byte-at-a-time outcomes.
fn traffic_64k() -> &'static (Vec<u8>, Outcome, Outcome) {
    static T: OnceLock<(Vec<u8>, Outcome, Outcome)> = OnceLock::new();
    T.get_or_init(|| {
        let t = traffic::generate(7, 64 * 1024);
        let whole = run_whole(limits(), &t.bytes);
        let bytewise = run_bytewise(limits(), &[&t.bytes]);
        (t.bytes, whole, bytewise)
    })
}

#[test]
fn generated_traffic_parses_whole_and_byte_at_a_time() {
    let t = traffic::generate(7, 64 * 1024);
    let (bytes, whole, bytewise) = traffic_64k();
    assert_eq!(&t.bytes, bytes);
    assert_eq!(whole.error, None);
    assert_eq!(
        whole.events.len(),
        t.stanzas + 1,
        "a header and every stanza"
    );
    assert_eq!(bytewise.events, whole.events);
    assert_eq!(bytewise.error, None);
    // Byte at a time, each event comes out on the `>` that ends it.
    for &at in &bytewise.emitted_at {
        assert_eq!(
            bytes[at as usize - 1],
            b'>',
            "event emitted after byte {at}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random chunkings of 64 KiB of traffic give the same events as feeding
    /// it whole, each as soon as it is complete.
    #[test]
    fn random_chunkings_of_traffic(sizes in prop::collection::vec(
        prop_oneof![1usize..8, 8usize..600, 600usize..9000], 1..40)) {
        let (bytes, whole, bytewise) = traffic_64k();
        let o = run_chunked(limits(), bytes, &sizes);
        prop_assert_eq!(&o.events, &whole.events);
        prop_assert_eq!(&o.error, &None);
        let mut ends = Vec::new();
        let mut at = 0usize;
        let mut i = 0;
        loop {
            at += sizes[i % sizes.len()].max(1);
            i += 1;
            if at >= bytes.len() { break; }
            ends.push(at as u64);
        }
        ends.push(bytes.len() as u64);
        assert_eager(bytewise, &o, &ends);
    }

    /// Random chunkings of the rich stream with its tail cut off anywhere:
    /// a prefix yields a prefix of the events and no error.
    #[test]
    fn prefixes_yield_prefixes(cut in 0usize..RICH.len(), sizes in prop::collection::vec(1usize..50, 1..10)) {
        let whole = run_whole(limits(), RICH.as_bytes());
        let o = run_chunked(limits(), &RICH.as_bytes()[..cut], &sizes);
        prop_assert_eq!(&o.error, &None);
        prop_assert!(o.events.len() <= whole.events.len());
        prop_assert_eq!(&o.events[..], &whole.events[..o.events.len()]);
    }
}
