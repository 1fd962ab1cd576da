//! Fuzz body for the stream parser: feeding the input whole and in chunks
//! derived from the input itself must give the same events and the same
//! error, never a panic, and a failed parser must keep its error.
//!
//! Input layout: byte 0 selects the limits (bit 7: tiny limits, so that
//! every limit is reachable) and the number `k` of chunk-size bytes that
//! follow (bits 0..3); those `k` bytes are chunk sizes (0 read as 1),
//! cycled; the rest is the stream.

use xmpp_sansio::stream::{Limits, StreamError, StreamEvent, StreamParser};

/// Events and the error a parse produced.
type Outcome = (Vec<StreamEvent>, Option<StreamError>);

fn drain(p: &mut StreamParser, out: &mut Outcome) -> bool {
    loop {
        match p.next_event() {
            Ok(Some(e)) => out.0.push(e),
            Ok(None) => return true,
            Err(e) => {
                // A failed parser stays failed, with the same error.
                assert_eq!(p.next_event().err().as_ref(), Some(&e));
                out.1 = Some(e);
                return false;
            }
        }
    }
}

fn parse(limits: &Limits, input: &[u8], sizes: &[u8]) -> Outcome {
    let mut p = StreamParser::new(limits.clone());
    let mut out = (Vec::new(), None);
    let mut rest = input;
    let mut i = 0;
    while !rest.is_empty() {
        let n = if sizes.is_empty() {
            rest.len()
        } else {
            usize::from(sizes[i % sizes.len()].max(1)).min(rest.len())
        };
        i += 1;
        let (chunk, tail) = rest.split_at(n);
        rest = tail;
        p.feed(chunk);
        if !drain(&mut p, &mut out) {
            // Feeding more after an error changes nothing.
            p.feed(b"<presence/>");
            assert_eq!(p.next_event().err().as_ref(), out.1.as_ref());
            break;
        }
    }
    out
}

/// Runs one fuzz input.
pub fn run(data: &[u8]) {
    let Some((&ctl, rest)) = data.split_first() else {
        return;
    };
    let k = usize::from(ctl & 0x0f).min(rest.len());
    let (sizes, input) = rest.split_at(k);
    let limits = if ctl & 0x80 != 0 {
        Limits {
            max_stanza_bytes: 256,
            max_depth: 4,
            max_attributes: 4,
            max_name_bytes: 16,
            max_header_bytes: 200,
        }
    } else {
        Limits::default()
    };
    let whole = parse(&limits, input, &[]);
    let chunked = parse(&limits, input, sizes);
    assert_eq!(whole, chunked, "chunk sizes {sizes:?}");
    let bytewise = parse(&limits, input, &[1]);
    assert_eq!(whole, bytewise, "byte at a time");
}
