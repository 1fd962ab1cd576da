//! Shared helpers for the stream tests: a driver that feeds a
//! [`StreamParser`] in given chunks and records what comes out, tree
//! normalization for comparisons, and the traffic generator; and, for the
//! every-code-point sweeps, [`assert_none_found`].
#![allow(dead_code)]

pub mod traffic;

use xmpp_sansio::stream::{Limits, StreamEvent, StreamParser};
use xmpp_sansio::xml::{Element, Node};

/// One event, in a comparable form.
#[derive(Clone, Debug, PartialEq)]
pub enum Ev {
    /// A stream header (compared by its `Debug` form, which covers every field).
    Header(String),
    /// A top-level element (stanza or stream-level element).
    Element(Element),
    /// The stream's closing tag.
    End,
}

/// An error, in a comparable form: the condition's element name and the offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// `Condition::as_str()`.
    pub condition: String,
    /// `StreamError::offset()`.
    pub offset: u64,
}

/// What a parser produced for one feeding of an input.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The events, in order.
    pub events: Vec<Ev>,
    /// For each event, how many input bytes had been fed when it came out.
    pub emitted_at: Vec<u64>,
    /// The error the parse stopped at, if any.
    pub error: Option<Failure>,
}

/// Converts a parser event into an [`Ev`].
pub fn ev(e: StreamEvent) -> Ev {
    match e {
        StreamEvent::Header(h) => Ev::Header(format!("{h:?}")),
        StreamEvent::Element(e) => Ev::Element(e),
        StreamEvent::End => Ev::End,
        #[allow(unreachable_patterns)]
        other => Ev::Header(format!("unexpected event {other:?}")),
    }
}

/// Feeds `segments` to a fresh parser with `limits`, each segment cut at the
/// given split points (offsets within the segment, ascending), calling
/// `restart()` between segments (a stream restart, RFC 6120 §4.3.3). After
/// every `feed`, drains `next_event` until `None` or an error. Stops at the
/// first error.
pub fn run_split(limits: Limits, segments: &[&[u8]], splits: &[Vec<usize>]) -> Outcome {
    let mut p = StreamParser::new(limits);
    let mut out = Outcome {
        events: Vec::new(),
        emitted_at: Vec::new(),
        error: None,
    };
    let mut fed = 0u64;
    for (i, seg) in segments.iter().enumerate() {
        if i > 0 {
            p.restart();
        }
        let empty = Vec::new();
        let cuts = splits.get(i).unwrap_or(&empty);
        let mut start = 0;
        for &end in cuts.iter().chain(std::iter::once(&seg.len())) {
            let end = end.clamp(start, seg.len());
            p.feed(&seg[start..end]);
            fed += (end - start) as u64;
            start = end;
            if !drain(&mut p, fed, &mut out) {
                return out;
            }
        }
    }
    out
}

/// Drains `p`'s events into `out`; false if it stopped at an error.
pub fn drain(p: &mut StreamParser, fed: u64, out: &mut Outcome) -> bool {
    loop {
        match p.next_event() {
            Ok(Some(e)) => {
                out.events.push(ev(e));
                out.emitted_at.push(fed);
            }
            Ok(None) => return true,
            Err(e) => {
                out.error = Some(Failure {
                    condition: e.condition().as_str().to_string(),
                    offset: e.offset(),
                });
                return false;
            }
        }
    }
}

/// Feeds `input` whole (one segment).
pub fn run_whole(limits: Limits, input: &[u8]) -> Outcome {
    run_split(limits, &[input], &[])
}

/// Feeds each segment with a split point between every byte.
pub fn run_bytewise(limits: Limits, segments: &[&[u8]]) -> Outcome {
    let splits: Vec<Vec<usize>> = segments.iter().map(|s| (1..s.len()).collect()).collect();
    run_split(limits, segments, &splits)
}

/// Feeds one segment in chunks of the given sizes (cycled; a 0 is read as 1).
pub fn run_chunked(limits: Limits, input: &[u8], sizes: &[usize]) -> Outcome {
    let mut cuts = Vec::new();
    let mut at = 0;
    let mut i = 0;
    while !sizes.is_empty() {
        at += sizes[i % sizes.len()].max(1);
        i += 1;
        if at >= input.len() {
            break;
        }
        cuts.push(at);
    }
    run_split(limits, &[input], &[cuts])
}

/// Checks that `chunked` equals `whole` in events and error, and that each
/// event came out as soon as the chunk holding its last byte was fed:
/// `bytewise` (the byte-at-a-time outcome) gives each event's last byte.
/// `chunk_ends` are the cumulative fed counts after each feed.
pub fn assert_eager(bytewise: &Outcome, chunked: &Outcome, chunk_ends: &[u64]) {
    assert_eq!(bytewise.events.len(), chunked.emitted_at.len());
    for (i, (&done, &got)) in bytewise
        .emitted_at
        .iter()
        .zip(&chunked.emitted_at)
        .enumerate()
    {
        let expected = chunk_ends
            .iter()
            .copied()
            .find(|&e| e >= done)
            .unwrap_or(done);
        assert_eq!(
            got, expected,
            "event {i} completes at byte {done}; expected it after the feed ending at {expected}, got it after {got}"
        );
    }
}

/// A copy of `e` with attributes sorted and adjacent text nodes merged,
/// recursively, for comparisons with trees built by other parsers (which
/// may keep attributes in another order or split text differently).
pub fn normalize(e: &Element) -> Element {
    let mut n = Element::new(e.name_bytestr().clone(), e.ns_bytestr().clone());
    let mut attrs = e.attrs().to_vec();
    attrs.sort_by(|a, b| (&a.ns, &a.name).cmp(&(&b.ns, &b.name)));
    for a in attrs {
        n.push_attribute(a);
    }
    n.set_inherited_lang(e.lang().map(|l| l.to_string().into()));
    let mut text = String::new();
    for node in e.nodes() {
        match node {
            Node::Text(t) => text.push_str(t),
            Node::Element(c) => {
                if !text.is_empty() {
                    n.append_text(std::mem::take(&mut text));
                }
                n.append_child(normalize(c));
            }
        }
    }
    if !text.is_empty() {
        n.append_text(text);
    }
    n
}

/// Limits with every field at its default except the stanza size.
pub fn limits_with_stanza_bytes(max: usize) -> Limits {
    Limits {
        max_stanza_bytes: max,
        ..Limits::default()
    }
}

/// Fails if a sweep found anything: says how many `what` it found and
/// shows the first twenty.
#[track_caller]
pub fn assert_none_found(found: &[String], what: &str) {
    assert!(
        found.is_empty(),
        "{} {what}, first: {:#?}",
        found.len(),
        &found[..found.len().min(20)]
    );
}
