//! Hostile input for the stream parser (issue 3), as a table of
//! (name, bytes, expected RFC 6120 §4.9.3 condition, where the error is), plus
//! the cases that need a generator instead of a byte string: a 1 GiB text
//! node, endless tags, 100 000-deep nesting. A counting global allocator
//! (this binary's, counting per thread) checks that memory stays bounded by
//! `Limits`, and a scaling check that the parser's work is linear in the
//! input however it is split.
//!
//! Conditions follow RFC 6120: DTDs, comments, processing instructions and
//! entity references other than the predefined ones are `restricted-xml`
//! (§11.1); bad UTF-8 and other encodings are `unsupported-encoding`
//! (§4.9.3.22, §11.6); XML and namespace well-formedness violations are
//! `not-well-formed` (§4.9.3.13, §11.4), an unbound prefix included (the
//! example of §4.9.3.13 is one), and so is a leading U+FEFF, which §11.6
//! makes a character, not a byte order mark; non-whitespace text between stanzas
//! is `bad-format` (§4.9.3.1); a wrong stream or content namespace is
//! `invalid-namespace` (§4.9.3.10); exceeding a local limit is
//! `policy-violation` (§4.9.3.14, §13.12).

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::{Duration, Instant};
use xmpp_sansio::stream::{Condition, Limits, StreamEvent, StreamParser};

// ---------------------------------------------------------------------------
// Counting allocator: current and peak live heap bytes of the current thread.

struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
    static REQUESTED: Cell<u64> = const { Cell::new(0) };
    static CALLS: Cell<u64> = const { Cell::new(0) };
}

/// Counts one allocation or reallocation of `size` bytes.
fn request(size: usize) {
    let _ = REQUESTED.try_with(|r| r.set(r.get() + size as u64));
    let _ = CALLS.try_with(|c| c.set(c.get() + 1));
}

fn track(delta: isize) {
    let _ = LIVE.try_with(|l| {
        let now = l.get() + delta;
        l.set(now);
        let _ = PEAK.try_with(|p| {
            if now > p.get() {
                p.set(now)
            }
        });
    });
}

// SAFETY: forwards to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            request(layout.size());
            track(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) };
        track(-(layout.size() as isize));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as ours.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            request(new_size);
            track(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns its result and the peak heap it added on this
/// thread, above what was live when it started.
fn peak_heap<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let r = f();
    let peak = PEAK.with(Cell::get);
    (r, (peak - base).max(0) as usize)
}

// ---------------------------------------------------------------------------
// The table.

const HDR: &str = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>";

struct Case {
    name: &'static str,
    input: Vec<u8>,
    condition: Condition,
    /// The error offset must fall inside the first occurrence of this marker.
    at: &'static [u8],
}

fn case(
    name: &'static str,
    input: impl Into<Vec<u8>>,
    condition: Condition,
    at: &'static [u8],
) -> Case {
    Case {
        name,
        input: input.into(),
        condition,
        at,
    }
}

fn billion_laughs() -> String {
    let mut s = String::from("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        s.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    s.push_str("]>");
    s.push_str(HDR);
    s.push_str("<message><body>&lol9;</body></message>");
    s
}

fn quadratic_blowup() -> String {
    let mut s = format!("<!DOCTYPE s [<!ENTITY a \"{}\">]>", "a".repeat(50_000));
    s.push_str(HDR);
    s.push_str("<message><body>");
    s.push_str(&"&a;".repeat(50_000));
    s.push_str("</body></message>");
    s
}

fn stanza(body: &str) -> String {
    format!("{HDR}{body}")
}

fn table() -> Vec<Case> {
    use Condition::*;
    vec![
        case(
            "billion laughs",
            billion_laughs(),
            RestrictedXml,
            b"<!DOCTYPE",
        ),
        case(
            "quadratic blowup",
            quadratic_blowup(),
            RestrictedXml,
            b"<!DOCTYPE",
        ),
        case(
            "quadratic blowup without a DTD: undeclared entity references",
            stanza(&format!(
                "<message><body>{}</body></message>",
                "&a;".repeat(10_000)
            )),
            RestrictedXml,
            b"&a;",
        ),
        case(
            "external entity",
            format!(
                "<?xml version='1.0'?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>{HDR}<message><body>&xxe;</body></message>"
            ),
            RestrictedXml,
            b"<!DOCTYPE",
        ),
        case(
            "DOCTYPE alone",
            "<!DOCTYPE stream>",
            RestrictedXml,
            b"<!DOCTYPE",
        ),
        case(
            "DOCTYPE after the XML declaration",
            format!("<?xml version='1.0'?>\n<!DOCTYPE stream:stream>{HDR}"),
            RestrictedXml,
            b"<!DOCTYPE",
        ),
        case(
            "processing instruction before the header",
            format!("<?xml-stylesheet href='a.xsl'?>{HDR}"),
            RestrictedXml,
            b"<?xml-",
        ),
        case(
            "processing instruction inside a stanza",
            stanza("<message><?php echo 1; ?></message>"),
            RestrictedXml,
            b"<?php",
        ),
        case(
            "processing instruction between stanzas",
            stanza("<presence/><?pi?>"),
            RestrictedXml,
            b"<?pi",
        ),
        case(
            "comment inside a stanza",
            stanza("<message><body>hi</body><!-- sneaky --></message>"),
            RestrictedXml,
            b"<!--",
        ),
        case(
            "comment between stanzas",
            stanza("<presence/><!-- c --><presence/>"),
            RestrictedXml,
            b"<!--",
        ),
        case(
            "comment before the header",
            format!("<!-- c -->{HDR}"),
            RestrictedXml,
            b"<!--",
        ),
        case(
            "undeclared element prefix",
            stanza("<message><foo:bar/></message>"),
            NotWellFormed,
            b"<foo:bar",
        ),
        case(
            "RFC 6120 §4.9.3.13 example: an undeclared prefix",
            stanza("<message>\n     <foo:body>What is this foo?</foo:body>\n   </message>"),
            NotWellFormed,
            b"<foo:body",
        ),
        case(
            "undeclared attribute prefix",
            stanza("<message foo:to='x'/>"),
            NotWellFormed,
            b"foo:to",
        ),
        case(
            "duplicate attribute via two prefixes",
            stanza("<message xmlns:a='urn:x' xmlns:b='urn:x' a:z='1' b:z='2'/>"),
            NotWellFormed,
            b"b:z='2'",
        ),
        case(
            "duplicate attribute",
            stanza("<message to='a' to='b'/>"),
            NotWellFormed,
            b"to='b'",
        ),
        case(
            "duplicate namespace declaration",
            stanza("<message xmlns:a='urn:x' xmlns:a='urn:y'/>"),
            NotWellFormed,
            b"xmlns:a='urn:y'",
        ),
        case(
            "mismatched end tag",
            stanza("<message><body></message></body>"),
            NotWellFormed,
            b"</message>",
        ),
        case(
            "mismatched end tag at top level",
            stanza("<message></presence>"),
            NotWellFormed,
            b"</presence>",
        ),
        case(
            "end tag with another prefix for the same namespace",
            stanza("<a:x xmlns:a='urn:u' xmlns:b='urn:u'></b:x>"),
            NotWellFormed,
            b"</b:x>",
        ),
        case(
            "invalid UTF-8: stray continuation byte",
            raw("<message><body>a", b"\x80", "</body></message>"),
            UnsupportedEncoding,
            b"\x80",
        ),
        case(
            "invalid UTF-8: 0xFF",
            raw("<message><body>", b"\xff", "</body></message>"),
            UnsupportedEncoding,
            b"\xff",
        ),
        case(
            "invalid UTF-8: overlong '/'",
            raw("<message><body>", b"\xc0\xaf", "</body></message>"),
            UnsupportedEncoding,
            b"\xc0\xaf",
        ),
        case(
            "invalid UTF-8: surrogate",
            raw("<message><body>", b"\xed\xa0\x80", "</body></message>"),
            UnsupportedEncoding,
            b"\xed\xa0\x80",
        ),
        case(
            "invalid UTF-8: truncated sequence",
            raw("<message><body>", b"\xf0\x9f\x98", "</body></message>"),
            UnsupportedEncoding,
            b"\xf0\x9f\x98<",
        ),
        case(
            "invalid UTF-8 in an attribute value",
            raw("<message to='", b"\xfe", "'/>"),
            UnsupportedEncoding,
            b"\xfe",
        ),
        case(
            "invalid UTF-8 in a name",
            raw("<mess", b"\xc3\x28", "age/>"),
            UnsupportedEncoding,
            b"\xc3\x28",
        ),
        case(
            "UTF-16 BOM",
            [&b"\xfe\xff"[..], &utf16be(HDR)].concat(),
            UnsupportedEncoding,
            b"\xfe\xff",
        ),
        case(
            "UTF-16 little-endian BOM",
            [&b"\xff\xfe"[..], b"<\0s\0"].concat(),
            UnsupportedEncoding,
            b"\xff\xfe",
        ),
        case(
            "a UTF-8 byte order mark (RFC 6120 §11.6: U+FEFF is a character)",
            [&b"\xef\xbb\xbf"[..], HDR.as_bytes()].concat(),
            NotWellFormed,
            b"\xef\xbb\xbf",
        ),
        case(
            "two UTF-8 byte order marks",
            [&b"\xef\xbb\xbf\xef\xbb\xbf"[..], HDR.as_bytes()].concat(),
            NotWellFormed,
            b"\xef\xbb\xbf",
        ),
        case(
            "XML declaration: encoding twice (XML 1.0 §2.8 [23])",
            format!("<?xml version='1.0' encoding='UTF-8' encoding='utf-8'?>{HDR}"),
            NotWellFormed,
            b"encoding='utf-8'",
        ),
        case(
            "XML declaration: standalone before encoding",
            format!("<?xml version='1.0' standalone='yes' encoding='UTF-8'?>{HDR}"),
            NotWellFormed,
            b"encoding=",
        ),
        case(
            "XML declaration: standalone twice",
            format!("<?xml version='1.0' standalone='yes' standalone='no'?>{HDR}"),
            NotWellFormed,
            b"standalone='no'",
        ),
        case(
            "UTF-16 declared",
            format!("<?xml version='1.0' encoding='UTF-16'?>{HDR}"),
            UnsupportedEncoding,
            b"UTF-16",
        ),
        case(
            "NUL in text",
            raw("<message><body>a", b"\0", "b</body></message>"),
            NotWellFormed,
            b"\0",
        ),
        case(
            "U+0001 in text",
            stanza("<message><body>a\u{1}b</body></message>"),
            NotWellFormed,
            b"\x01",
        ),
        case(
            "U+0001 in an attribute value",
            stanza("<message id='a\u{1}'/>"),
            NotWellFormed,
            b"\x01",
        ),
        case(
            // The character check comes before the syntax error before it.
            "U+0001 in a tag after a syntax error",
            stanza("<message a b='\u{1}'/>"),
            NotWellFormed,
            b"\x01",
        ),
        case(
            "U+FFFE in an attribute value",
            stanza("<message id='\u{FFFE}'/>"),
            NotWellFormed,
            "\u{FFFE}".as_bytes(),
        ),
        case(
            "U+FFFE in text",
            stanza("<message><body>\u{FFFE}</body></message>"),
            NotWellFormed,
            "\u{FFFE}".as_bytes(),
        ),
        case(
            "NUL as a character reference",
            stanza("<message><body>&#0;</body></message>"),
            NotWellFormed,
            b"&#0;",
        ),
        case(
            "U+0001 as a character reference",
            stanza("<message><body>&#x1;</body></message>"),
            NotWellFormed,
            b"&#x1;",
        ),
        case(
            "surrogate as a character reference",
            stanza("<message><body>&#xD800;</body></message>"),
            NotWellFormed,
            b"&#xD800;",
        ),
        case(
            "character reference beyond Unicode",
            stanza("<message><body>&#x110000;</body></message>"),
            NotWellFormed,
            b"&#x110000;",
        ),
        case(
            "character reference overflowing u32",
            stanza("<message><body>&#99999999999999999999;</body></message>"),
            NotWellFormed,
            b"&#99999999999999999999;",
        ),
        case(
            "text between stanzas",
            stanza("<presence/>hello<presence/>"),
            BadFormat,
            b"hello",
        ),
        case(
            "text right after the header",
            stanza("hello"),
            BadFormat,
            b"hello",
        ),
        case(
            "unescaped < in an attribute value",
            stanza("<message to='a<b'/>"),
            NotWellFormed,
            b"<b'",
        ),
        case(
            "unescaped & in text",
            stanza("<message><body>a & b</body></message>"),
            NotWellFormed,
            b"& ",
        ),
        case(
            "]]> in text",
            stanza("<message><body>a]]>b</body></message>"),
            NotWellFormed,
            b"]]>",
        ),
        case(
            "attribute without a value",
            stanza("<message to/>"),
            NotWellFormed,
            b"to/>",
        ),
        case(
            "unquoted attribute value",
            stanza("<message to=juliet/>"),
            NotWellFormed,
            b"to=juliet",
        ),
        case(
            "second root element after the stream ends",
            format!("{HDR}</stream:stream><stream:stream>"),
            NotWellFormed,
            b"<stream:stream>",
        ),
        case(
            "wrong stream namespace",
            "<stream:stream xmlns='jabber:client' xmlns:stream='urn:wrong'>",
            InvalidNamespace,
            b"<stream:stream",
        ),
        case(
            "stream prefix not declared",
            "<stream:stream xmlns='jabber:client'>",
            NotWellFormed,
            b"<stream:stream",
        ),
        case(
            "declared prefix that is not an NCName (starts with '.')",
            stanza("<message xmlns:.b='urn:x'/>"),
            NotWellFormed,
            b"xmlns:.b",
        ),
        case(
            "declared prefix that is not an NCName (starts with a digit)",
            stanza("<message xmlns:1b='urn:x'/>"),
            NotWellFormed,
            b"xmlns:1b",
        ),
        case(
            "local name after a prefix that is not an NCName",
            stanza("<p:.m xmlns:p='urn:x'/>"),
            NotWellFormed,
            b"<p:.m",
        ),
        case(
            "attribute local name after a prefix that is not an NCName",
            stanza("<m xmlns:p='urn:x' p:-a='1'/>"),
            NotWellFormed,
            b"p:-a",
        ),
        case(
            "rebinding the xml prefix",
            stanza("<message xmlns:xml='urn:not-xml'/>"),
            NotWellFormed,
            b"xmlns:xml",
        ),
        case(
            "binding the xmlns prefix",
            stanza("<message xmlns:xmlns='urn:x'/>"),
            NotWellFormed,
            b"xmlns:xmlns",
        ),
        case(
            "too many attributes",
            stanza(&format!(
                "<message{}/>",
                (0..129).map(|i| format!(" a{i}='v'")).collect::<String>()
            )),
            PolicyViolation,
            b" a128='v'",
        ),
        case(
            "name longer than the limit",
            stanza(&format!("<{}{}/>", "n".repeat(1024), "N".repeat(976))),
            PolicyViolation,
            b"nN",
        ),
        case(
            "65-deep nesting",
            stanza(&format!("{}<b>{}", "<a>".repeat(64), "<a>".repeat(5))),
            PolicyViolation,
            b"<a><b>",
        ),
    ]
}

fn raw(before: &str, bad: &[u8], after: &str) -> Vec<u8> {
    [HDR.as_bytes(), before.as_bytes(), bad, after.as_bytes()].concat()
}

fn utf16be(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len().max(1)).position(|w| w == needle)
}

/// Feeds `input` and drains events until an error; returns the error's
/// condition and offset, or None if the input was accepted.
fn first_error(p: &mut StreamParser, input: &[u8]) -> Option<(Condition, u64)> {
    p.feed(input);
    loop {
        match p.next_event() {
            Ok(Some(_)) => continue,
            Ok(None) => return None,
            Err(e) => return Some((e.condition(), e.offset())),
        }
    }
}

#[test]
fn hostile_table() {
    let mut failures = Vec::new();
    for c in table() {
        let mut p = StreamParser::new(Limits::default());
        let got = first_error(&mut p, &c.input);
        let Some((cond, offset)) = got else {
            failures.push(format!("{}: accepted", c.name));
            continue;
        };
        if cond != c.condition {
            failures.push(format!(
                "{}: got {} at {offset}, expected {}",
                c.name,
                cond.as_str(),
                c.condition.as_str()
            ));
            continue;
        }
        // Where: the offset is inside (or right at the end of) the marker.
        let at = find(&c.input, c.at).expect("marker is in the input") as u64;
        if offset < at || offset > at + c.at.len() as u64 {
            failures.push(format!(
                "{}: {} at offset {offset}, expected within {at}..={}",
                c.name,
                cond.as_str(),
                at + c.at.len() as u64
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        table().len(),
        failures.join("\n")
    );
}

#[test]
fn hostile_table_byte_at_a_time_gives_the_same_error() {
    for c in table() {
        if c.input.len() > 20_000 {
            continue;
        }
        let whole = common::run_whole(Limits::default(), &c.input);
        let bytewise = common::run_bytewise(Limits::default(), &[&c.input]);
        assert_eq!(bytewise.error, whole.error, "{}", c.name);
        assert_eq!(bytewise.events, whole.events, "{}", c.name);
    }
}

#[test]
fn after_an_error_the_parser_keeps_returning_it() {
    for c in table() {
        let mut p = StreamParser::new(Limits::default());
        // Cases the parser wrongly accepts are reported by `hostile_table`.
        let Some(first) = first_error(&mut p, &c.input) else {
            continue;
        };
        for _ in 0..3 {
            let again = p.next_event().map(|_| ()).expect_err(c.name);
            assert_eq!((again.condition(), again.offset()), first, "{}", c.name);
        }
        // More input, even valid input, does not revive it.
        p.feed(b"<presence/><message><body>hi</body></message>");
        let again = p.next_event().map(|_| ()).expect_err(c.name);
        assert_eq!((again.condition(), again.offset()), first, "{}", c.name);
    }
}

#[test]
fn well_formed_neighbours_of_the_table_are_accepted() {
    // Each hostile case's nearest legitimate variant must pass, so that the
    // table tests what it says and not a parser that rejects everything.
    let ok = [
        format!("<?xml version='1.0' encoding='UTF-8'?>{HDR}<message><body>&amp;&lt;&gt;&quot;&apos;&#x1F600;&#233;</body></message>"),
        stanza("<message xmlns:a='urn:x' xmlns:b='urn:y' a:z='1' b:z='2'/>"),
        stanza("<a:x xmlns:a='urn:u' xmlns:b='urn:u'></a:x>"),
        stanza("<message><body>a]]b ]> ]]&gt;</body></message>"),
        stanza("<presence/> \n\t\r <presence/>"),
        stanza("<message xml:lang='en' to=\"a'b\" from='a\"b'><body><![CDATA[<!-- not a comment --> <?not a pi?> &amp;]]></body></message>"),
        stanza(&"<a>".repeat(60)),
        stanza(&format!("<message{}/>", (0..128).map(|i| format!(" a{i}='v'")).collect::<String>())),
        format!("{HDR}</stream:stream>"),
        "<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'>".to_string(),
        "<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' to='c.example.com'>".to_string(),
    ];
    for input in ok {
        let o = common::run_whole(Limits::default(), input.as_bytes());
        assert_eq!(o.error, None, "{input}");
        assert!(!o.events.is_empty(), "{input}");
    }
}

// ---------------------------------------------------------------------------
// Size cases, generated on the fly, with the heap measured.

const CHUNK: usize = 64 * 1024;
/// Heap the parser may hold beyond the limit: one chunk of input not yet
/// looked at (`feed` cannot refuse bytes, so it keeps a copy) and a fixed
/// 32 KiB for its state.
const SLACK: usize = CHUNK + 32 * 1024;

/// Feeds `prefix`, then `filler` repeated in 64 KiB pieces, until an error
/// or `max_total` bytes. Returns the error, the bytes fed and the peak heap.
fn feed_endless(
    limits: Limits,
    prefix: &[u8],
    filler: u8,
    max_total: u64,
) -> (Option<(Condition, u64)>, u64, usize) {
    let piece = vec![filler; CHUNK];
    let (r, peak) = peak_heap(|| {
        let mut p = StreamParser::new(limits);
        let mut fed = prefix.len() as u64;
        if let Some(e) = first_error(&mut p, prefix) {
            return (Some(e), fed);
        }
        while fed < max_total {
            fed += CHUNK as u64;
            if let Some(e) = first_error(&mut p, &piece) {
                return (Some(e), fed);
            }
        }
        (None, fed)
    });
    (r.0, r.1, peak)
}

const GIB: u64 = 1 << 30;

#[test]
fn one_gib_text_node_fails_at_the_stanza_limit() {
    let limits = Limits::default();
    let max = limits.max_stanza_bytes;
    let prefix = format!("{HDR}<message><body>");
    let (err, fed, peak) = feed_endless(limits, prefix.as_bytes(), b'a', GIB);
    let (cond, offset) = err.expect("a 1 GiB stanza must be refused");
    assert_eq!(cond, Condition::PolicyViolation);
    assert!(
        fed <= (HDR.len() + max + CHUNK) as u64 + prefix.len() as u64,
        "fed {fed} bytes before failing"
    );
    assert!(
        offset <= (HDR.len() + max + 1) as u64,
        "error offset {offset}"
    );
    assert!(
        offset >= HDR.len() as u64 + max as u64 - 64,
        "error offset {offset} long before the limit"
    );
    assert!(peak <= max + SLACK, "peak heap {peak} for a limit of {max}");
}

#[test]
fn smaller_stanza_limit_is_enforced_as_bytes_arrive() {
    let limits = common::limits_with_stanza_bytes(10_000);
    let prefix = format!("{HDR}<message><body>");
    let (err, fed, peak) = feed_endless(limits, prefix.as_bytes(), b'a', GIB);
    assert_eq!(err.map(|e| e.0), Some(Condition::PolicyViolation));
    assert!(
        fed <= (prefix.len() + CHUNK) as u64,
        "must fail within the first piece, fed {fed}"
    );
    assert!(peak <= 10_000 + SLACK, "peak heap {peak}");
}

#[test]
fn never_ending_attribute_value() {
    let limits = Limits::default();
    let max = limits.max_stanza_bytes;
    let (err, fed, peak) =
        feed_endless(limits, format!("{HDR}<message to='").as_bytes(), b'x', GIB);
    assert_eq!(err.map(|e| e.0), Some(Condition::PolicyViolation));
    assert!(fed <= (HDR.len() + max + 2 * CHUNK) as u64, "fed {fed}");
    assert!(peak <= max + SLACK, "peak heap {peak}");
}

#[test]
fn never_ending_tag_whitespace() {
    let limits = Limits::default();
    let max = limits.max_stanza_bytes;
    let (err, fed, peak) = feed_endless(limits, format!("{HDR}<message ").as_bytes(), b' ', GIB);
    assert_eq!(err.map(|e| e.0), Some(Condition::PolicyViolation));
    assert!(fed <= (HDR.len() + max + 2 * CHUNK) as u64, "fed {fed}");
    assert!(peak <= max + SLACK, "peak heap {peak}");
}

#[test]
fn never_ending_name() {
    let limits = Limits::default();
    let (err, fed, peak) = feed_endless(limits, format!("{HDR}<m").as_bytes(), b'm', GIB);
    assert_eq!(err.map(|e| e.0), Some(Condition::PolicyViolation));
    assert!(fed <= (HDR.len() + 2 * CHUNK) as u64, "fed {fed}");
    assert!(peak <= SLACK, "peak heap {peak}");
}

#[test]
fn never_ending_header() {
    let limits = Limits::default();
    let max = limits.max_header_bytes;
    let (err, fed, peak) = feed_endless(limits, b"<stream:stream to='", b'x', GIB);
    assert_eq!(err.map(|e| e.0), Some(Condition::PolicyViolation));
    assert!(fed <= CHUNK as u64 + 32, "fed {fed}");
    assert!(peak <= max + SLACK, "peak heap {peak}");
}

#[test]
fn endless_whitespace_before_the_header() {
    let limits = Limits::default();
    let max = limits.max_header_bytes;
    let (err, fed, peak) = feed_endless(limits, b"<?xml version='1.0'?>", b'\n', 64 << 20);
    // Whitespace need not be buffered, so accepting it is fine; refusing it
    // as bytes before the header is too. Either way, memory stays bounded.
    match err {
        None => assert!(fed >= 64 << 20),
        Some((c, _)) => {
            assert_eq!(c, Condition::PolicyViolation);
            assert!(fed <= CHUNK as u64 + 32, "fed {fed}");
        }
    }
    assert!(peak <= max + SLACK, "peak heap {peak}");
}

#[test]
fn keepalives_are_not_buffered() {
    // 64 MiB of whitespace between stanzas is legitimate (keepalives) and
    // must not accumulate.
    let limits = Limits::default();
    let (err, fed, peak) = feed_endless(
        limits,
        format!("{HDR}<presence/>").as_bytes(),
        b' ',
        64 << 20,
    );
    assert_eq!(err, None);
    assert!(fed >= 64 << 20);
    assert!(peak <= SLACK, "peak heap {peak}");
}

#[test]
fn hundred_thousand_deep_nesting() {
    let limits = Limits::default();
    let depth = limits.max_depth;
    let input = format!("{HDR}{}", "<a>".repeat(100_000));
    let ((err, _), peak) = peak_heap(|| {
        let mut p = StreamParser::new(Limits::default());
        (first_error(&mut p, input.as_bytes()), ())
    });
    let (cond, offset) = err.expect("refused");
    assert_eq!(cond, Condition::PolicyViolation);
    assert!(
        offset <= (HDR.len() + 3 * (depth + 2)) as u64,
        "error offset {offset}"
    );
    // The 300 KB fed at once are kept until parsed; nothing beyond that.
    assert!(peak <= input.len() + 32 * 1024, "peak heap {peak}");
}

#[test]
fn hundred_thousand_deep_nesting_in_pieces() {
    let (err, fed, peak) = feed_endless(Limits::default(), HDR.as_bytes(), b'<', 1 << 20);
    // `<<<<` is not well-formed; what matters is that it fails at once.
    assert!(err.is_some());
    assert!(fed <= (HDR.len() + CHUNK) as u64);
    assert!(peak <= SLACK, "peak heap {peak}");
    let piece = "<a>".repeat(CHUNK / 3);
    let (r, peak) = peak_heap(|| {
        let mut p = StreamParser::new(Limits::default());
        let _ = first_error(&mut p, HDR.as_bytes());
        let mut fed = HDR.len();
        for _ in 0..5 {
            fed += piece.len();
            if let Some(e) = first_error(&mut p, piece.as_bytes()) {
                return Some((e, fed));
            }
        }
        None
    });
    let ((cond, _), fed) = r.expect("refused");
    assert_eq!(cond, Condition::PolicyViolation);
    assert!(fed <= HDR.len() + piece.len());
    assert!(peak <= SLACK, "peak heap {peak}");
}

/// A `<` inside a tag is not well-formed the moment it arrives; the parser
/// must not wait for the tag's end (or the stanza limit) to say so.
#[test]
fn lt_inside_a_tag_fails_at_once() {
    for tail in ["<a<", "<<", "<a b<", "<message to='x' <"] {
        let input = format!("{HDR}{tail}");
        let o = common::run_whole(Limits::default(), input.as_bytes());
        let f = o.error.unwrap_or_else(|| panic!("{tail}: no error yet"));
        assert_eq!(f.condition, "not-well-formed", "{tail}");
        assert_eq!(f.offset, input.len() as u64 - 1, "{tail}");
    }
}

#[test]
fn billion_laughs_allocates_little() {
    let input = billion_laughs();
    let (err, peak) = peak_heap(|| {
        let mut p = StreamParser::new(Limits::default());
        first_error(&mut p, input.as_bytes())
    });
    assert_eq!(err.map(|e| e.0), Some(Condition::RestrictedXml));
    assert!(peak <= SLACK, "peak heap {peak}");
}

// ---------------------------------------------------------------------------
// Allocations per stanza (issue 3: at most 4, amortized).

#[test]
fn at_most_four_allocations_per_stanza() {
    let mut t = common::traffic::generate(7, 1 << 20);
    t.bytes.extend_from_slice(common::traffic::FOOTER);
    let calls = CALLS.with(Cell::get);
    let mut p = StreamParser::new(Limits::default());
    let mut stanzas = 0;
    // 64 KiB reads, as from a socket; each stanza is dropped when done
    // with, as an application would.
    for piece in t.bytes.chunks(64 * 1024) {
        p.feed(piece);
        while let Some(e) = p.next_event().expect("valid traffic") {
            if let StreamEvent::Element(el) = e {
                assert!(!el.name().is_empty());
                stanzas += 1;
            }
        }
    }
    let calls = CALLS.with(Cell::get) - calls;
    assert_eq!(stanzas, t.stanzas);
    let per_stanza = calls as f64 / stanzas as f64;
    // 3.74 measured: the attributes of a stanza share one allocation, and
    // each element with children has its exact-size `Vec`.
    assert!(per_stanza <= 4.0, "{per_stanza:.2} allocations per stanza");
}

// ---------------------------------------------------------------------------
// Linear work, however the input is split.

/// What parsing `input` fed in `chunk`-byte pieces costs.
#[derive(Debug, Clone, Copy)]
struct Cost {
    /// The parser's own count of bytes looked at
    /// ([`StreamParser::bytes_examined`]).
    examined: u64,
    /// Heap bytes requested on this thread (allocations plus the new
    /// sizes of reallocations): a buffer re-copied on every feed shows here.
    heap_requested: u64,
    /// Wall time, best of five runs.
    time: Duration,
}

fn cost_fed(input: &[u8], chunk: usize, limits: &Limits) -> Cost {
    let mut cost = Cost {
        examined: 0,
        heap_requested: 0,
        time: Duration::MAX,
    };
    for _ in 0..5 {
        let requested = REQUESTED.with(Cell::get);
        let start = Instant::now();
        let mut p = StreamParser::new(limits.clone());
        let mut events = 0;
        for piece in input.chunks(chunk) {
            p.feed(piece);
            while let Some(e) = p.next_event().expect("valid input") {
                if matches!(e, StreamEvent::Element(_)) {
                    events += 1;
                }
            }
        }
        cost.time = cost.time.min(start.elapsed());
        cost.examined = p.bytes_examined();
        cost.heap_requested = REQUESTED.with(Cell::get) - requested;
        assert!(events > 0);
    }
    cost
}

fn big_limits() -> Limits {
    common::limits_with_stanza_bytes(8 << 20)
}

/// Shapes of input where a naive incremental parser rescans its buffer on
/// every feed.
fn linear_inputs(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    let text = format!(
        "{HDR}<message><body>{}</body></message>",
        "wherefore &amp; 😀 ".repeat(n / 20)
    );
    let attr = format!("{HDR}<message to='{}'/>", "r".repeat(n));
    let children = format!("{HDR}<iq>{}</iq>", "<item jid='a@b'/>".repeat(n / 17));
    let stanzas = format!("{HDR}{}", "<presence/>".repeat(n / 11));
    let cdata = format!(
        "{HDR}<message><body><![CDATA[{}]]></body></message>",
        "]] ]> x".repeat(n / 7)
    );
    vec![
        ("one big text node", text.into_bytes()),
        ("one big attribute value", attr.into_bytes()),
        ("many children", children.into_bytes()),
        ("many stanzas", stanzas.into_bytes()),
        ("one big CDATA section", cdata.into_bytes()),
    ]
}

/// Bytes examined (per byte of input) allowed fed one byte at a time:
/// each byte is searched once and checked once in its token (2x), and a
/// search for `]]>` re-reads the two bytes before the cut (4x inside CDATA).
const EXAMINED_PER_BYTE: f64 = 4.0;

#[test]
fn work_is_linear_when_fed_byte_at_a_time() {
    let limits = big_limits();
    let small = linear_inputs(64 * 1024);
    let large = linear_inputs(512 * 1024);
    let mut failures: Vec<String> = Vec::new();
    for ((name, s), (_, l)) in small.iter().zip(&large) {
        let s1 = cost_fed(s, 1, &limits);
        let l1 = cost_fed(l, 1, &limits);
        let l64 = cost_fed(l, 64 * 1024, &limits);
        let per_byte = |c: &Cost, input: &[u8]| c.examined as f64 / input.len() as f64;
        // Deterministic: the parser's own count of the bytes it looked at.
        // 8x the input must cost 8x the work (a rescan of the growing token
        // on every feed would make the large input's per-byte count 8x the
        // small one's), within the bound above. (Under callgrind these
        // inputs fed byte by byte cost 7.9x-8.0x the instructions for 8.0x
        // the bytes: the extra wall time once seen here was load and
        // cache, not work.)
        if per_byte(&l1, l) > EXAMINED_PER_BYTE || per_byte(&l1, l) > per_byte(&s1, s) * 1.01 + 0.01
        {
            failures.push(format!(
                "{name}: bytes examined per byte fed: 64 KiB {:.3}, 512 KiB {:.3} (bound {EXAMINED_PER_BYTE})",
                per_byte(&s1, s),
                per_byte(&l1, l)
            ));
        }
        // Deterministic: feeding one byte at a time requests no more heap
        // than 64 KiB reads do (plus one reserve), so the buffer is never
        // re-copied per feed.
        if l1.heap_requested > l64.heap_requested + 64 * 1024 {
            failures.push(format!(
                "{name}: heap requested fed byte by byte {} vs 64 KiB reads {}",
                l1.heap_requested, l64.heap_requested
            ));
        }
        // Wall time, normalized by the same input fed in 64 KiB reads so
        // that cache and machine load (which slow both alike) cancel out:
        // linear is ~1x, a quadratic scan ~8x. Measured 0.8x-1.7x on a
        // loaded 2-core machine. Plus an absolute bound: 512 KiB one byte
        // at a time is well under a few seconds even in a test build.
        let s64 = cost_fed(s, 64 * 1024, &limits);
        let secs = |c: &Cost| c.time.as_secs_f64().max(1e-6);
        let growth = (secs(&l1) / secs(&l64)) / (secs(&s1) / secs(&s64));
        if growth >= 4.0 || l1.time >= Duration::from_secs(5) {
            failures.push(format!(
                "{name}: byte-at-a-time / 64 KiB reads: 64 KiB input {:?}/{:?}, 512 KiB input {:?}/{:?} (x{growth:.1})",
                s1.time, s64.time, l1.time, l64.time
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "work grows faster than the input:\n{}",
        failures.join("\n")
    );
}
