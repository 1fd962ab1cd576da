//! Throughput of the stream parser on realistic client traffic, with the
//! `rxml` and `xml` (formerly xml-rs) crates measured in the same run
//! (issue 3). Each parser produces full element trees: ours natively, the
//! peers by building the same `Element` trees from their events (their
//! strings are owned `String`s, turned into `ByteStr` without a copy).
//!
//! Before criterion runs, each parser's heap allocations per stanza are
//! counted once with this binary's counting allocator and printed; then
//! the parsers take turns over a few rounds of whole parses, and each
//! one's fastest and median parse is printed with the median of its
//! within-round ratios to this crate: on a shared machine whose neighbours
//! slow some moments down, the fastest parse is the figure least disturbed
//! by them, and a ratio within a round compares parses that met the same
//! neighbours (criterion's estimates follow, each parser measured at a
//! different time).
//!
//! Run: `cargo bench --bench stream -- --warm-up-time 1 --measurement-time 3`

#[path = "../tests/common/traffic.rs"]
#[allow(dead_code)]
mod traffic;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use xmpp_sansio::stream::{Limits, StreamEvent, StreamParser};
use xmpp_sansio::xml::{Attribute, ByteStr, Element};

/// Counts allocation calls (alloc and realloc) of the whole process while
/// [`COUNTING`] is set: only for the report before the timed runs, so that
/// the throughput criterion measures carries no counting cost (an atomic
/// add per allocation, which would weigh most on the parsers that allocate
/// most).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCS: AtomicU64 = AtomicU64::new(0);
static REALLOCS: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            REALLOCS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Bytes of traffic per run.
const TRAFFIC_BYTES: usize = 4 << 20;
/// Bytes handed to each parser per call, as a socket read would.
const READ_SIZE: usize = 64 * 1024;

/// Our parser: feed 64 KiB reads, take every stanza as an `Element`.
fn ours(input: &[u8]) -> usize {
    let mut p = StreamParser::new(Limits::default());
    let mut n = 0;
    for chunk in input.chunks(READ_SIZE) {
        p.feed(chunk);
        while let Some(ev) = p.next_event().expect("valid traffic") {
            if let StreamEvent::Element(e) = ev {
                black_box(&e);
                n += 1;
            }
        }
    }
    n
}

/// Builds stanza trees from a peer parser's events.
struct Builder {
    stack: Vec<Element>,
    depth: usize,
    stanzas: usize,
}

impl Builder {
    fn new() -> Self {
        Builder {
            stack: Vec::new(),
            depth: 0,
            stanzas: 0,
        }
    }
    fn start(&mut self, el: Element) {
        self.depth += 1;
        if self.depth >= 2 {
            self.stack.push(el);
        }
    }
    fn end(&mut self) {
        if self.depth >= 2
            && let Some(el) = self.stack.pop()
        {
            match self.stack.last_mut() {
                Some(parent) => {
                    parent.append_child(el);
                }
                None => {
                    black_box(&el);
                    self.stanzas += 1;
                }
            }
        }
        self.depth -= 1;
    }
    fn text(&mut self, t: String) {
        if let Some(el) = self.stack.last_mut() {
            el.append_text(t);
        }
    }
}

/// `rxml`: pushed the same 64 KiB reads.
fn rxml(input: &[u8]) -> usize {
    use rxml::error::EndOrError;
    use rxml::{Event, Parse, Parser};
    let mut p = Parser::new();
    let mut b = Builder::new();
    let mut chunks = input.chunks(READ_SIZE).peekable();
    while let Some(chunk) = chunks.next() {
        let mut rest = chunk;
        let at_eof = chunks.peek().is_none();
        loop {
            match p.parse(&mut rest, at_eof) {
                Ok(Some(Event::StartElement(_, (ns, name), attrs))) => {
                    let mut el = Element::new(String::from(name), ns.to_string());
                    for ((ans, aname), value) in attrs.into_iter() {
                        let ans: &str = &ans;
                        el.push_attribute(Attribute {
                            name: String::from(aname).into(),
                            ns: (!ans.is_empty()).then(|| ByteStr::from(ans.to_string())),
                            value: value.into(),
                        });
                    }
                    b.start(el);
                }
                Ok(Some(Event::EndElement(_))) => b.end(),
                Ok(Some(Event::Text(_, t))) => b.text(t),
                Ok(Some(Event::XmlDeclaration(..))) => {}
                Ok(None) => break,
                Err(EndOrError::NeedMoreData) => break,
                Err(e) => panic!("rxml: {e:?}"),
            }
        }
    }
    b.stanzas
}

/// The `xml` crate: it reads from `std::io::Read` itself.
fn xml_crate(input: &[u8]) -> usize {
    use xml::reader::{ParserConfig, XmlEvent};
    let mut cfg = ParserConfig::new();
    cfg.cdata_to_characters = true;
    cfg.coalesce_characters = true;
    cfg.ignore_end_of_stream = false;
    let mut r = cfg.create_reader(input);
    let mut b = Builder::new();
    loop {
        match r.next() {
            Ok(XmlEvent::StartElement {
                name, attributes, ..
            }) => {
                let mut el = Element::new(name.local_name, name.namespace.unwrap_or_default());
                for a in attributes {
                    el.push_attribute(Attribute {
                        name: a.name.local_name.into(),
                        ns: a.name.namespace.map(ByteStr::from),
                        value: a.value.into(),
                    });
                }
                b.start(el);
            }
            Ok(XmlEvent::EndElement { .. }) => b.end(),
            Ok(XmlEvent::Characters(t) | XmlEvent::CData(t) | XmlEvent::Whitespace(t)) => b.text(t),
            Ok(XmlEvent::EndDocument) => break,
            Ok(_) => {}
            Err(e) => panic!("xml: {e}"),
        }
    }
    b.stanzas
}

type Parser = fn(&[u8]) -> usize;

const PARSERS: [(&str, Parser); 3] = [("xmpp-sansio", ours), ("rxml", rxml), ("xml", xml_crate)];

/// The traffic, closed with `</stream:stream>` so that every parser ends
/// cleanly.
fn traffic() -> traffic::Traffic {
    let mut t = traffic::generate(0x5EED, TRAFFIC_BYTES);
    t.bytes.extend_from_slice(traffic::FOOTER);
    t
}

/// Counts allocations per stanza once per parser, outside criterion's
/// timing, and prints them with the traffic's shape.
fn report_allocations(t: &traffic::Traffic) {
    let non_ascii = t.bytes.iter().filter(|b| !b.is_ascii()).count();
    println!(
        "traffic: {} bytes, {} stanzas ({:.0} bytes/stanza), {:.1}% non-ASCII bytes",
        t.bytes.len(),
        t.stanzas,
        t.bytes.len() as f64 / t.stanzas as f64,
        100.0 * non_ascii as f64 / t.bytes.len() as f64
    );
    COUNTING.store(true, Ordering::Relaxed);
    for (name, parse) in PARSERS {
        let a0 = ALLOCS.load(Ordering::Relaxed);
        let r0 = REALLOCS.load(Ordering::Relaxed);
        let n = parse(&t.bytes);
        let a = ALLOCS.load(Ordering::Relaxed) - a0;
        let r = REALLOCS.load(Ordering::Relaxed) - r0;
        assert_eq!(n, t.stanzas, "{name} saw every stanza");
        println!(
            "allocations per stanza: {name:12} {:7.2} (alloc {:.2} + realloc {:.2})",
            (a + r) as f64 / n as f64,
            a as f64 / n as f64,
            r as f64 / n as f64
        );
    }
    COUNTING.store(false, Ordering::Relaxed);
}

/// Rounds of [`report_rounds`]: each parses the traffic once with every
/// parser.
const ROUNDS: usize = 15;

/// Times [`ROUNDS`] rounds of one whole parse per parser, the parsers
/// taking turns, and prints each parser's fastest and median parse in MB/s
/// (10^6 bytes) and MiB/s, with the median over the rounds of how many
/// times faster this crate was than that parser *in the same round*.
///
/// On a shared machine whose neighbours slow some moments down, the
/// fastest parse is the figure least disturbed, and a ratio taken within a
/// round compares parses that met the same neighbours (criterion's
/// estimates, which follow, measure each parser at a different time).
fn report_rounds(t: &traffic::Traffic) {
    let mut secs = vec![Vec::with_capacity(ROUNDS); PARSERS.len()];
    for _ in 0..ROUNDS {
        for ((_, parse), times) in PARSERS.iter().zip(&mut secs) {
            let start = Instant::now();
            black_box(parse(black_box(&t.bytes)));
            times.push(start.elapsed().as_secs_f64());
        }
    }
    let median = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or_default()
    };
    let ours = &secs[0];
    for ((name, _), times) in PARSERS.iter().zip(&secs) {
        let ratios: Vec<f64> = times.iter().zip(ours).map(|(t, o)| t / o).collect();
        let best = times.iter().copied().fold(f64::INFINITY, f64::min);
        let (mb_best, mb_median) = (
            t.bytes.len() as f64 / best / 1e6,
            t.bytes.len() as f64 / median(times) / 1e6,
        );
        println!(
            "{ROUNDS} rounds: {name:12} best {mb_best:6.1} MB/s ({:6.1} MiB/s, {:5.0} ns/stanza), \
             median {mb_median:6.1} MB/s ({:6.1} MiB/s); xmpp-sansio {:.2}x (median of the rounds' ratios)",
            mb_best * 1e6 / 1_048_576.0,
            best * 1e9 / t.stanzas as f64,
            mb_median * 1e6 / 1_048_576.0,
            median(&ratios),
        );
    }
}

fn bench(c: &mut Criterion) {
    let t = traffic();
    report_allocations(&t);
    report_rounds(&t);
    let mut g = c.benchmark_group("stream");
    g.throughput(Throughput::Bytes(t.bytes.len() as u64));
    for (name, parse) in PARSERS {
        g.bench_with_input(
            BenchmarkId::new("parse_to_trees", name),
            &t.bytes,
            |b, input| b.iter(|| parse(black_box(input))),
        );
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
