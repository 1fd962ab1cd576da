//! Fuzz body for the XML writer: every element the stream parser produces,
//! written out and parsed again, gives an equal tree (parse → write →
//! parse), both standalone (`Element::to_bytes`, declaring its namespace,
//! read back where no default namespace is in scope) and inside a stream
//! (`Element::write_to` with the stream's namespace).
//!
//! The input is the content of a `jabber:client` stream: a fixed header is
//! put in front of it, so the fuzzer spends its time on stanzas.

use xmpp_sansio::stream::{Limits, StreamEvent, StreamParser};
use xmpp_sansio::xml::Element;

const HEADER: &[u8] = b"<stream:stream xmlns='jabber:client' \
xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0' xml:lang='en'>";

/// The same header without a default namespace, to read standalone
/// elements (from `to_bytes`) in no namespace context.
const HEADER_NO_NS: &[u8] = b"<stream:stream \
xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0' xml:lang='en'>";

fn elements(body: &[u8]) -> Vec<Element> {
    elements_in(HEADER, body)
}

fn elements_in(header: &[u8], body: &[u8]) -> Vec<Element> {
    let mut p = StreamParser::new(Limits::default());
    p.feed(header);
    p.feed(body);
    let mut out = Vec::new();
    while let Ok(Some(e)) = p.next_event() {
        if let StreamEvent::Element(e) = e {
            out.push(e);
        }
    }
    out
}

fn reparse(header: &[u8], bytes: &[u8]) -> Element {
    let got = elements_in(header, bytes);
    assert_eq!(got.len(), 1, "{:?}", String::from_utf8_lossy(bytes));
    got.into_iter()
        .next()
        .unwrap_or_else(|| Element::new("unreachable", ""))
}

/// Runs one fuzz input.
pub fn run(data: &[u8]) {
    for e in elements(data) {
        let standalone = e.to_bytes();
        assert_eq!(
            reparse(HEADER_NO_NS, &standalone),
            e,
            "{:?}",
            String::from_utf8_lossy(&standalone)
        );
        let mut in_stream = Vec::new();
        e.write_to(&mut in_stream, "jabber:client");
        assert_eq!(
            reparse(HEADER, &in_stream),
            e,
            "{:?}",
            String::from_utf8_lossy(&in_stream)
        );
    }
}
