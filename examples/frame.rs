//! Frames an XMPP stream: reads it from a file argument or stdin and prints
//! one line per event.
//!
//! ```text
//! cargo run --example frame -- [--chunk N] [FILE]
//! header <to> <from> <id> <version>           ('-' for an absent attribute)
//! element <local-name> <namespace> <serialized-byte-count>
//! end
//! error <condition> at <offset>               (exit status 1)
//! ```
//!
//! `--chunk N` feeds the parser N bytes at a time (default: everything at
//! once), to show that chunking does not change the events.

use std::io::Read;
use std::process::ExitCode;
use xmpp_sansio::stream::{Limits, StreamEvent, StreamParser};

fn main() -> ExitCode {
    let mut chunk = usize::MAX;
    let mut file = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--chunk" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => chunk = n,
                _ => {
                    eprintln!("--chunk needs a positive number");
                    return ExitCode::from(2);
                }
            },
            _ => file = Some(a),
        }
    }
    let mut input = Vec::new();
    let read = match &file {
        Some(path) => std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut input)),
        None => std::io::stdin().read_to_end(&mut input),
    };
    if let Err(e) = read {
        eprintln!("cannot read input: {e}");
        return ExitCode::from(2);
    }

    let mut parser = StreamParser::new(Limits::default());
    let mut content_ns = String::new();
    for piece in input.chunks(chunk) {
        parser.feed(piece);
        loop {
            match parser.next_event() {
                Ok(Some(StreamEvent::Header(h))) => {
                    let d = |v: &Option<xmpp_sansio::xml::ByteStr>| {
                        v.as_deref().unwrap_or("-").to_owned()
                    };
                    println!(
                        "header {} {} {} {}",
                        d(&h.to),
                        d(&h.from),
                        d(&h.id),
                        d(&h.version)
                    );
                    content_ns = h.ns.to_string();
                }
                Ok(Some(StreamEvent::Element(e))) => {
                    let mut out = Vec::new();
                    e.write_to(&mut out, &content_ns);
                    println!("element {} {} {}", e.name(), e.ns(), out.len());
                }
                Ok(Some(StreamEvent::End)) => println!("end"),
                Ok(Some(_)) => println!("other"),
                Ok(None) => break,
                Err(e) => {
                    println!("error {} at {}", e.condition(), e.offset());
                    eprintln!("{e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    ExitCode::SUCCESS
}
