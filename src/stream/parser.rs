//! [`StreamParser`]: incremental framing of an XMPP stream into a header,
//! top-level elements and the stream end ([RFC 6120 §4.2–4.4, §11]).
//!
//! # Design
//!
//! Bytes are appended to one `BytesMut`. A resumable lexer keeps a scan
//! position and a small state (`Lex`: in text, after `<`, inside a tag and
//! its quote character, inside CDATA, inside the XML declaration), so every
//! byte is scanned once however the input is split; `memchr` finds the next
//! `<`, `>`, quote or `]]>`. Each complete token is checked (UTF-8, XML
//! characters, names, references) and recorded as offsets into the buffer
//! (start tags with namespaces already resolved, end tags, text), in scratch
//! vectors reused across stanzas. When the top-level element closes, its
//! bytes are split off and frozen into one `Bytes`, and the tree is built
//! from the records: names, attribute values and text are `ByteStr` slices
//! of that buffer; only values that held references, line ends to normalize
//! or CDATA joined to text are decoded, into a per-stanza arena that becomes
//! one more `Bytes`. The attributes of all the stanza's elements share one
//! allocation, and each element is built when its end tag is reached,
//! directly into its parent's children, so that a stanza costs one
//! allocation for its attributes plus one per element that has children. Limits are checked whenever the lexer runs out of
//! input, so an oversized or never-ending stanza fails as soon as the bytes
//! past the limit arrive.
//!
//! [RFC 6120 §4.2–4.4, §11]: https://www.rfc-editor.org/rfc/rfc6120#section-4.2

use super::{Limits, StreamError, StreamHeader};
use crate::xml::tokenizer::{self, RawAttr, TokError, TokErrorKind, is_ws};
use crate::xml::{Attribute, ByteStr, Element, Node, ns};
use bytes::{Buf, Bytes, BytesMut};
use std::sync::Arc;

/// One thing [`StreamParser::next_event`] recognized.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamEvent {
    /// The stream header, `<stream:stream …>` (RFC 6120 §4.7).
    Header(StreamHeader),
    /// A complete top-level element: a stanza (`message`, `presence`,
    /// `iq`) or a nonza (`stream:features`, SASL and TLS negotiation…).
    Element(Element),
    /// The stream's closing tag `</stream:stream>` (RFC 6120 §4.4).
    End,
}

/// An incremental, restricted-XML parser for one XMPP stream.
///
/// Call [`feed`](StreamParser::feed) with the bytes received, then
/// [`next_event`](StreamParser::next_event) until it returns `Ok(None)`.
/// Each complete element comes out in the very `next_event` call after the
/// `feed` that completed it, whatever the chunking.
///
/// Memory: the parser holds at most the bytes of the current stanza (bounded
/// by [`Limits::max_stanza_bytes`]) plus whatever the caller feeds between
/// two drains; feed, then drain, so that a limit is seen as soon as it is
/// crossed. Returned elements share the receive buffer (zero-copy), so a
/// stanza kept alive keeps its buffer chunk alive.
///
/// After an error the parser is failed for good: it drops its buffer,
/// ignores further input, and every later `next_event` returns the same
/// error.
#[derive(Debug)]
pub struct StreamParser {
    limits: Limits,
    buf: BytesMut,
    /// Stream offset of `buf[0]`.
    base: u64,
    /// Scan position in `buf`.
    pos: usize,
    lex: Lex,
    phase: Phase,
    /// A WebSocket message: no header, the first element is a stanza.
    fragment: bool,
    header: Option<StreamHeader>,
    /// The header's qualified name (`stream:stream`), to match the end tag.
    header_qname: ByteStr,
    /// Namespace bindings declared on the header: (prefix, namespace).
    stream_bindings: Vec<(ByteStr, ByteStr)>,
    /// Bytes consumed since the start of the current stream, before the
    /// header completed.
    prolog_consumed: usize,
    /// The header was self-closing: report `End` next.
    pending_end: bool,
    // Per-stanza scratch, reused.
    toks: Vec<Tok>,
    attrs: Vec<OutAttr>,
    raw_attrs: Vec<RawAttr>,
    scope: Vec<Binding>,
    open: Vec<Open>,
    arena: BytesMut,
    pending: Pending,
    build_stack: Vec<Frame>,
    /// Bytes looked at so far (see [`StreamParser::bytes_examined`]).
    examined: u64,
}

/// The smallest amount of spare buffer capacity reserved at a time, so that
/// buffer allocations are amortized over many stanzas.
const MIN_RESERVE: usize = 16 * 1024;

/// The longest attribute value worth looking up in the interned strings
/// (`unavailable`).
const MAX_INTERNED_VALUE: usize = 11;

/// The smallest arena allocation.
const ARENA_CHUNK: usize = 4096;

/// The bytes that end a span of a tag outside quotes: `>`, a quote, or the
/// `<` that is never allowed in a tag.
static TAG_STOP: [bool; 256] = {
    let mut t = [false; 256];
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t[b'<' as usize] = true;
    t
};

/// The largest size limit the parser enforces: larger
/// [`Limits::max_stanza_bytes`] and [`Limits::max_header_bytes`] are
/// lowered to it, so that every count and length inside a stanza (its
/// attributes, an element's children, a prefix) fits in 32 bits.
const MAX_LIMIT: usize = (u32::MAX - 16) as usize;

/// `n`, a count or length inside one stanza, as 32 bits: below
/// [`MAX_LIMIT`], so the conversion is exact. It saturates all the same
/// rather than wrap, so that a broken assumption can only give an empty
/// range, never another part of the stanza.
#[inline(always)]
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    s: usize,
    e: usize,
}

/// Where a string of the current stanza lives.
#[derive(Debug, Clone, Copy)]
enum SRef {
    /// Empty (no namespace).
    Empty,
    Static(&'static str),
    /// The namespace of `stream_bindings[i]`.
    Stream(usize),
    Buf(Span),
    Arena(Span),
}

#[derive(Debug, Clone, Copy)]
struct Binding {
    /// Empty span for the default namespace.
    prefix: Span,
    ns: SRef,
}

#[derive(Debug, Clone, Copy)]
enum Tok {
    /// 32-bit counts: a smaller record is measurably faster to write and
    /// read back (about 2% of a stanza's parse).
    Start {
        local: Span,
        /// The length of the prefix, which ends one byte before `local`
        /// (0: none).
        prefix_len: u32,
        ns: SRef,
        /// The element's attributes, `attrs[.0...1]`.
        attrs: (u32, u32),
        empty: bool,
        children: u32,
    },
    End,
    Text(SRef),
}

#[derive(Debug, Clone, Copy)]
struct OutAttr {
    local: Span,
    /// `Empty` for an un-prefixed attribute.
    ns: SRef,
    value: SRef,
}

#[derive(Debug, Clone, Copy)]
struct Open {
    qname: Span,
    tok: usize,
    bindings: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    Idle,
    Text {
        start: usize,
    },
    Lt {
        start: usize,
    },
    Bang {
        start: usize,
    },
    Tag {
        start: usize,
        quote: u8,
        end_tag: bool,
        name_ok: bool,
    },
    CData {
        content: usize,
    },
    Decl,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    /// Before the header; `at_start`: nothing consumed yet (the XML
    /// declaration allowed).
    Prolog {
        at_start: bool,
    },
    Open,
    Closed,
    Failed(StreamError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    None,
    Buf(Span),
    Arena(usize),
}

impl StreamParser {
    /// A parser expecting a stream header, optionally preceded by the XML
    /// declaration.
    ///
    /// A leading U+FEFF (the bytes of a UTF-8 byte order mark) is refused
    /// as `not-well-formed`: RFC 6120 §11.6 says "an implementation MUST
    /// NOT send a byte order mark ("BOM") at the beginning of the data
    /// stream. If an entity receives the Unicode character U+FEFF anywhere
    /// in an XML stream (including as the first character of the stream),
    /// it MUST interpret that character as a zero width no-break space,
    /// not as a byte order mark." Read so, it is character data before the
    /// stream header, which XML 1.0 §2.1 does not allow. (Expat-based
    /// servers skip one; the RFC leaves no room for that.)
    pub fn new(mut limits: Limits) -> StreamParser {
        limits.max_stanza_bytes = limits.max_stanza_bytes.min(MAX_LIMIT);
        limits.max_header_bytes = limits.max_header_bytes.min(MAX_LIMIT);
        StreamParser {
            limits,
            buf: BytesMut::new(),
            base: 0,
            pos: 0,
            lex: Lex::Idle,
            phase: Phase::Prolog { at_start: true },
            fragment: false,
            header: None,
            header_qname: ByteStr::new(),
            stream_bindings: Vec::new(),
            prolog_consumed: 0,
            pending_end: false,
            toks: Vec::new(),
            attrs: Vec::new(),
            raw_attrs: Vec::new(),
            scope: Vec::new(),
            open: Vec::new(),
            arena: BytesMut::new(),
            pending: Pending::None,
            build_stack: Vec::new(),
            examined: 0,
        }
    }

    /// A parser for one WebSocket message (RFC 7395): no header; the first
    /// element is reported as an `Element`.
    pub(crate) fn fragment(limits: Limits) -> StreamParser {
        StreamParser {
            fragment: true,
            ..StreamParser::new(limits)
        }
    }

    /// The limits this parser enforces.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Appends received bytes. Nothing is parsed until
    /// [`next_event`](StreamParser::next_event); call it until `Ok(None)`
    /// after every `feed`. Ignored once the parser has failed.
    pub fn feed(&mut self, data: &[u8]) {
        if matches!(self.phase, Phase::Failed(_)) || data.is_empty() {
            return;
        }
        if self.buf.capacity() - self.buf.len() < data.len() {
            self.buf.reserve(data.len().max(MIN_RESERVE));
        }
        self.buf.extend_from_slice(data);
    }

    /// The next event, `Ok(None)` if more input is needed, or the error
    /// that ended the stream (the same error again on every later call).
    pub fn next_event(&mut self) -> Result<Option<StreamEvent>, StreamError> {
        if let Phase::Failed(e) = &self.phase {
            return Err(e.clone());
        }
        match self.step() {
            Ok(ev) => Ok(ev),
            Err(e) => {
                self.phase = Phase::Failed(e.clone());
                self.buf = BytesMut::new();
                self.clear_scratch();
                Err(e)
            }
        }
    }

    /// Expects a new stream header, as after STARTTLS or SASL success
    /// (RFC 6120 §4.3.3, §5.4.3.3, §6.4.6): forgets the current header, its
    /// namespace bindings and any partly parsed element, and allows an XML
    /// declaration again.
    ///
    /// Bytes already fed and not yet returned as events are **kept** and
    /// parsed as the beginning of the new stream (a peer may pipeline its
    /// new header). After STARTTLS, where such bytes arrived before the TLS
    /// handshake and must not be trusted (RFC 6120 §5.4.3.3), use
    /// [`restart_discarding_buffered`](StreamParser::restart_discarding_buffered)
    /// instead. A failed parser stays failed.
    pub fn restart(&mut self) {
        if matches!(self.phase, Phase::Failed(_)) {
            return;
        }
        self.phase = Phase::Prolog { at_start: true };
        self.lex = Lex::Idle;
        self.pos = 0;
        self.header = None;
        self.header_qname = ByteStr::new();
        self.stream_bindings.clear();
        self.prolog_consumed = 0;
        self.pending_end = false;
        self.clear_scratch();
    }

    /// As [`restart`](StreamParser::restart), but drops the bytes buffered
    /// and not yet parsed, returning how many there were (they count as
    /// consumed in [`bytes_consumed`](StreamParser::bytes_consumed)).
    pub fn restart_discarding_buffered(&mut self) -> usize {
        let n = self.buf.len();
        if !matches!(self.phase, Phase::Failed(_)) {
            self.buf.clear();
            self.base += n as u64;
        }
        self.restart();
        n
    }

    /// The header of the current stream, once it has been parsed.
    pub fn stream_header(&self) -> Option<&StreamHeader> {
        self.header.as_ref()
    }

    /// Total bytes consumed: everything before the end of the last event
    /// returned (and whitespace after it), counted from the first byte ever
    /// fed, across restarts. Error offsets count the same way.
    pub fn bytes_consumed(&self) -> u64 {
        self.base
    }

    /// Gives back the receive buffer, the arena and the per-stanza scratch
    /// space when nothing is buffered, so that an idle stream holds only its
    /// state (a few hundred bytes) instead of the amortization reserve.
    /// Sessions call it when a timer fires with no input since the last one;
    /// the next input allocates again. Does nothing mid-stanza.
    pub fn release_idle_memory(&mut self) {
        if !self.buf.is_empty() || !matches!(self.pending, Pending::None) {
            return;
        }
        self.buf = BytesMut::new();
        self.pos = 0;
        self.arena = BytesMut::new();
        fn release<T>(v: &mut Vec<T>) {
            if v.is_empty() {
                *v = Vec::new();
            }
        }
        release(&mut self.toks);
        release(&mut self.attrs);
        release(&mut self.raw_attrs);
        release(&mut self.scope);
        release(&mut self.open);
        release(&mut self.build_stack);
    }

    /// How many bytes the parser has looked at so far, across restarts:
    /// each search for the end of a token counts the bytes it scanned, and
    /// each complete token counts its length again when it is checked.
    ///
    /// Every byte is searched once and checked once, whatever the
    /// chunking (a search resumes where the last one stopped, re-reading at
    /// most the two bytes of a `]]>` or `?>` it may have cut), so this
    /// stays within a small multiple of the bytes fed: about 2x for
    /// typical input, at most 4x fed one byte at a time. It is a
    /// diagnostic, for tests and callers to check that the work stays
    /// linear in the input however it is split.
    pub fn bytes_examined(&self) -> u64 {
        self.examined
    }

    /// Looks for the terminator `pat` (of a CDATA section or the XML
    /// declaration) from `from`, counting the bytes examined. `None`: not
    /// buffered yet; everything was examined and `pos` is at the end.
    fn seek(&mut self, from: usize, pat: &[u8]) -> Option<usize> {
        let hay = self.buf.get(from..).unwrap_or_default();
        let (found, searched) = (memchr::memmem::find(hay, pat), hay.len());
        match found {
            None => {
                self.examine(searched);
                self.pos = self.buf.len();
                None
            }
            Some(i) => {
                self.examine(i + pat.len());
                Some(i)
            }
        }
    }

    /// Counts `n` bytes looked at.
    #[inline]
    fn examine(&mut self, n: usize) {
        // 2^64 bytes are never reached: a plain add is enough.
        self.examined = self.examined.wrapping_add(n as u64);
    }

    /// Bytes fed but not yet consumed by an event.
    pub fn buffered_len(&self) -> usize {
        self.buf.len()
    }

    /// True if everything buffered and unparsed is whitespace.
    pub(crate) fn rest_is_whitespace(&self) -> bool {
        self.buf.iter().all(|&c| is_ws(c))
    }

    fn clear_scratch(&mut self) {
        self.toks.clear();
        self.attrs.clear();
        self.raw_attrs.clear();
        self.scope.clear();
        self.open.clear();
        self.arena.clear();
        self.pending = Pending::None;
    }

    fn at(&self, pos: usize) -> u64 {
        self.base + pos as u64
    }

    fn tok_err(&self, e: TokError, token_start: usize) -> StreamError {
        let offset = self.at(token_start + e.at);
        match e.kind {
            TokErrorKind::InvalidUtf8 => StreamError::InvalidUtf8 { offset },
            TokErrorKind::InvalidChar(ch) => StreamError::InvalidChar { offset, ch },
            TokErrorKind::UndefinedEntity(name) => StreamError::UndefinedEntity { offset, name },
            TokErrorKind::Syntax(reason) => StreamError::NotWellFormed { offset, reason },
            TokErrorKind::NameTooLong => StreamError::LimitExceeded {
                offset,
                limit: "max_name_bytes",
                max: self.limits.max_name_bytes,
            },
            TokErrorKind::TooManyAttributes => StreamError::LimitExceeded {
                offset,
                limit: "max_attributes",
                max: self.limits.max_attributes,
            },
        }
    }

    /// Drops `n` bytes from the front of the buffer.
    fn consume(&mut self, n: usize) {
        self.buf.advance(n);
        self.base += n as u64;
        self.pos = self.pos.saturating_sub(n);
        if matches!(self.phase, Phase::Prolog { .. }) {
            self.prolog_consumed = self.prolog_consumed.saturating_add(n);
        }
    }

    /// Fails if the bytes `buf[..end]` run past the size limit in force
    /// (`max_header_bytes` before the header, counted from the start of the
    /// stream; `max_stanza_bytes` after it, counted from the start of the
    /// current top-level element, which is always `buf[0]`).
    ///
    /// Every token is checked with `end` = the index of its last byte
    /// before it is processed, and the buffer with `end = buf.len()` when
    /// more input is needed, so the first error is the same however the
    /// input is split.
    #[inline]
    fn check_upto(&self, end: usize) -> Result<(), StreamError> {
        // The common case: inside the stream, where the region is the
        // buffer itself, and within the stanza limit.
        if end <= self.limits.max_stanza_bytes
            && (self.fragment || !matches!(self.phase, Phase::Prolog { .. }))
        {
            return Ok(());
        }
        let (region_start, limit, max) = match self.phase {
            Phase::Prolog { .. } if !self.fragment => (
                self.base.saturating_sub(self.prolog_consumed as u64),
                "max_header_bytes",
                self.limits.max_header_bytes,
            ),
            _ => (self.base, "max_stanza_bytes", self.limits.max_stanza_bytes),
        };
        let lim = region_start.saturating_add(max as u64);
        if self.at(end) > lim {
            return Err(StreamError::LimitExceeded {
                offset: lim,
                limit,
                max,
            });
        }
        Ok(())
    }

    /// Checks the limits on what is buffered while waiting for more input.
    fn check_size(&self) -> Result<(), StreamError> {
        self.check_upto(self.buf.len())
    }

    /// The size limit for `buf[..end]` and the name limit for the element
    /// name of the tag at `start`, whichever is crossed first. Returns
    /// true once the name is known to be within its limit.
    fn tag_limits(
        &self,
        start: usize,
        end_tag: bool,
        end: usize,
        name_ok: bool,
    ) -> Result<bool, StreamError> {
        let mut name_ok = name_ok;
        let from = start + if end_tag { 2 } else { 1 };
        let max = self.limits.max_name_bytes;
        // Too few bytes for the name to cross its limit: nothing to look at
        // (the name is looked at again if the tag goes on).
        if !name_ok && end.saturating_sub(from) <= max {
            self.check_upto(end)?;
            return Ok(false);
        }
        if !name_ok {
            let window = self
                .buf
                .get(
                    from..end
                        .min(from.saturating_add(max).saturating_add(1))
                        .max(from),
                )
                .unwrap_or_default();
            let n = tokenizer::name_len(window);
            if n < window.len() {
                name_ok = true;
            } else if window.len() == max + 1 {
                let name_err = StreamError::LimitExceeded {
                    offset: self.at(from + max),
                    limit: "max_name_bytes",
                    max,
                };
                return Err(match self.check_upto(end) {
                    Err(e) if e.offset() < name_err.offset() => e,
                    _ => name_err,
                });
            }
        }
        self.check_upto(end)?;
        Ok(name_ok)
    }

    fn need_more(&self) -> Result<Option<StreamEvent>, StreamError> {
        self.check_size().map(|()| None)
    }

    fn step(&mut self) -> Result<Option<StreamEvent>, StreamError> {
        if self.pending_end {
            self.pending_end = false;
            self.phase = Phase::Closed;
            return Ok(Some(StreamEvent::End));
        }
        loop {
            match self.lex {
                Lex::Idle if self.open.is_empty() => {
                    if self.phase == (Phase::Prolog { at_start: true }) {
                        if self.stream_start()? {
                            return self.need_more();
                        }
                        continue;
                    }
                    let n = self
                        .buf
                        .iter()
                        .position(|&c| !is_ws(c))
                        .unwrap_or(self.buf.len());
                    self.examine(n + 1);
                    self.consume(n);
                    let Some(&c) = self.buf.first() else {
                        return self.need_more();
                    };
                    if c != b'<' || self.phase == Phase::Closed {
                        self.check_upto(0)?;
                        let offset = self.at(0);
                        return Err(match self.phase {
                            Phase::Open => StreamError::TextOutsideStanza { offset },
                            Phase::Closed => StreamError::TrailingData { offset },
                            _ => StreamError::NotWellFormed {
                                offset,
                                reason: "text before the stream header",
                            },
                        });
                    }
                    self.lex = Lex::Lt { start: 0 };
                    self.pos = 1;
                }
                Lex::Idle => match self.buf.get(self.pos) {
                    None => return self.need_more(),
                    Some(b'<') => {
                        self.lex = Lex::Lt { start: self.pos };
                        self.pos += 1;
                    }
                    Some(_) => self.lex = Lex::Text { start: self.pos },
                },
                Lex::Text { start } => {
                    let hay = self.buf.get(self.pos..).unwrap_or_default();
                    let (found, searched) = (memchr::memchr(b'<', hay), hay.len());
                    match found {
                        None => {
                            self.examine(searched);
                            self.pos = self.buf.len();
                            return self.need_more();
                        }
                        Some(i) => {
                            self.examine(i + 1);
                            let end = self.pos + i;
                            self.check_upto(end)?;
                            self.text_piece(start, end, false)?;
                            self.lex = Lex::Lt { start: end };
                            self.pos = end + 1;
                        }
                    }
                }
                Lex::Lt { start } => {
                    let Some(&c) = self.buf.get(start + 1) else {
                        return self.need_more();
                    };
                    self.check_upto(start + 1)?;
                    match c {
                        b'/' => {
                            // The end tag of the open element, all
                            // buffered: closed without the lexer's search.
                            if let Some((open, gt)) = self.quick_end_tag(start) {
                                self.examine(gt + 1 - start);
                                self.pos = gt + 1;
                                self.lex = Lex::Idle;
                                if let Some(ev) = self.close_element(open, gt)? {
                                    return Ok(Some(ev));
                                }
                                continue;
                            }
                            self.lex = Lex::Tag {
                                start,
                                quote: 0,
                                end_tag: true,
                                name_ok: false,
                            };
                            self.pos = start + 2;
                        }
                        b'!' => self.lex = Lex::Bang { start },
                        b'?' => {
                            return Err(StreamError::ProcessingInstruction {
                                offset: self.at(start),
                            });
                        }
                        _ => {
                            // The whole tag is usually buffered: parsed in
                            // one pass, without the lexer's search for its
                            // end. Anything else (a tag cut by the end of
                            // the input, an error, a limit) takes the
                            // lexer's path, which finds errors in order.
                            if let Some((gt, raw)) = self.quick_start_tag(start) {
                                self.pos = gt + 1;
                                self.lex = Lex::Idle;
                                if let Some(ev) = self.start_tag(start, gt, Some(raw))? {
                                    return Ok(Some(ev));
                                }
                                continue;
                            }
                            self.lex = Lex::Tag {
                                start,
                                quote: 0,
                                end_tag: false,
                                name_ok: false,
                            };
                            self.pos = start + 1;
                        }
                    }
                }
                Lex::Bang { start } => {
                    const CDATA: &[u8] = b"<![CDATA[";
                    let end = self.buf.len().min(start + CDATA.len());
                    let avail = self.buf.get(start..end).unwrap_or_default();
                    let offset = self.at(start);
                    if CDATA.starts_with(avail) {
                        if avail.len() < CDATA.len() {
                            return self.need_more();
                        }
                        self.check_upto(end - 1)?;
                        if self.open.is_empty() {
                            return Err(match self.phase {
                                Phase::Open => StreamError::TextOutsideStanza { offset },
                                _ => StreamError::NotWellFormed {
                                    offset,
                                    reason: "CDATA section outside of an element",
                                },
                            });
                        }
                        self.lex = Lex::CData { content: end };
                        self.pos = end;
                    } else {
                        let k = avail
                            .iter()
                            .zip(CDATA)
                            .position(|(a, b)| a != b)
                            .unwrap_or(avail.len());
                        self.check_upto(start + k)?;
                        return Err(match avail.get(2) {
                            Some(b'-') => StreamError::Comment { offset },
                            Some(b'D') => StreamError::Dtd { offset },
                            _ => StreamError::NotWellFormed {
                                offset,
                                reason: "`<!` must start a CDATA section",
                            },
                        });
                    }
                }
                Lex::CData { content } => {
                    let from = content.max(self.pos.saturating_sub(2));
                    let Some(i) = self.seek(from, b"]]>") else {
                        return self.need_more();
                    };
                    let end = from + i;
                    self.check_upto(end + 2)?;
                    self.text_piece(content, end, true)?;
                    self.pos = end + 3;
                    self.lex = Lex::Idle;
                }
                Lex::Decl => {
                    let from = self.pos.max(5).saturating_sub(1);
                    let Some(i) = self.seek(from, b"?>") else {
                        return self.need_more();
                    };
                    let end = from + i + 2;
                    self.check_upto(end - 1)?;
                    self.parse_decl(end)?;
                    self.consume(end);
                    self.pos = 0;
                    self.lex = Lex::Idle;
                }
                Lex::Tag {
                    start,
                    mut quote,
                    end_tag,
                    name_ok,
                } => {
                    let mut p = self.pos;
                    let mut searched = 0;
                    let gt = loop {
                        let rest = self.buf.get(p..).unwrap_or_default();
                        // `<` is never allowed inside a tag, quoted or not
                        // (XML 1.0 §2.3 AttValue, §3.1): report it at once
                        // rather than when the tag ends or a limit trips.
                        // Limits crossed before the `<` come first, as
                        // they would if the input ended there.
                        let lt_error =
                            |at: usize| match self.tag_limits(start, end_tag, at, name_ok) {
                                Err(e) => e,
                                Ok(_) => StreamError::NotWellFormed {
                                    offset: self.at(at),
                                    reason: "'<' inside a tag",
                                },
                            };
                        if quote != 0 {
                            let found = memchr::memchr2(quote, b'<', rest);
                            searched += found.map_or(rest.len(), |i| i + 1);
                            match found {
                                Some(i) if rest[i] == b'<' => return Err(lt_error(p + i)),
                                Some(i) => {
                                    p += i + 1;
                                    quote = 0;
                                }
                                None => break None,
                            }
                        } else {
                            // Outside quotes the spans are short (a name,
                            // `=`, whitespace): a table lookup per byte is
                            // cheaper than setting up vector searches.
                            let found = rest.iter().position(|&c| TAG_STOP[usize::from(c)]);
                            searched += found.map_or(rest.len(), |i| i + 1);
                            match found.map(|i| (i, rest[i])) {
                                Some((i, b'<')) => return Err(lt_error(p + i)),
                                Some((i, b'>')) => break Some(p + i),
                                Some((i, c)) => {
                                    quote = c;
                                    p += i + 1;
                                }
                                None => break None,
                            }
                        }
                    };
                    self.examine(searched);
                    match gt {
                        None => {
                            self.pos = self.buf.len();
                            let name_ok =
                                self.tag_limits(start, end_tag, self.buf.len(), name_ok)?;
                            self.lex = Lex::Tag {
                                start,
                                quote,
                                end_tag,
                                name_ok,
                            };
                            return Ok(None);
                        }
                        Some(gt) => {
                            self.tag_limits(start, end_tag, gt, name_ok)?;
                            self.pos = gt + 1;
                            self.lex = Lex::Idle;
                            let ev = if end_tag {
                                self.end_tag(start, gt)?
                            } else {
                                self.start_tag(start, gt, None)?
                            };
                            if ev.is_some() {
                                return Ok(ev);
                            }
                        }
                    }
                }
            }
        }
    }

    /// Handles the very start of a stream: the XML declaration, and byte
    /// order marks, which are refused (see [`StreamParser::new`]). Returns
    /// true if more input is needed to decide.
    fn stream_start(&mut self) -> Result<bool, StreamError> {
        const BOM: &[u8] = b"\xEF\xBB\xBF";
        const DECL: &[u8] = b"<?xml";
        let b = &self.buf[..];
        let utf16 = |encoding: &str| StreamError::UnsupportedEncoding {
            offset: self.base,
            encoding: encoding.to_owned(),
        };
        match b {
            [] => return Ok(true),
            [0xEF, ..] if b.len() < 3 && BOM.starts_with(b) => return Ok(true),
            [0xEF, 0xBB, 0xBF, ..] => {
                return Err(StreamError::NotWellFormed {
                    offset: self.base,
                    reason: "U+FEFF before the stream header: a zero width no-break space, \
                             not a byte order mark (RFC 6120 §11.6)",
                });
            }
            [0xFE, 0xFF, ..] | [0, b'<', ..] | [0, 0, ..] => return Err(utf16("UTF-16BE")),
            [0xFF, 0xFE, ..] | [b'<', 0, ..] => return Err(utf16("UTF-16LE")),
            [0] | [0xFE] | [0xFF] | [b'<'] => return Ok(true),
            _ => {}
        }
        if b.len() <= DECL.len() && DECL.starts_with(b) {
            return Ok(true);
        }
        self.phase = Phase::Prolog { at_start: false };
        if b.starts_with(DECL) && b.get(DECL.len()).is_some_and(|&c| is_ws(c)) {
            self.lex = Lex::Decl;
            self.pos = DECL.len();
        }
        if self.fragment {
            self.phase = Phase::Prolog { at_start: false };
        }
        Ok(false)
    }

    /// Parses the XML declaration `buf[..end]`: version 1.0, and an
    /// `encoding`, if any, of UTF-8 (RFC 6120 §11.5, §11.6), in the order
    /// and number XML 1.0 §2.8 [23] `XMLDecl ::= '<?xml' VersionInfo
    /// EncodingDecl? SDDecl? S? '?>'` allows: `version` first, then at most
    /// one `encoding`, then at most one `standalone`.
    fn parse_decl(&mut self, end: usize) -> Result<(), StreamError> {
        let d = self.buf.get(..end).unwrap_or_default();
        tokenizer::check_chars(d).map_err(|e| self.tok_err(e, 0))?;
        // Re-use the start-tag syntax on `<x` + pseudo-attributes + `>`.
        let inner = d.get(5..end.saturating_sub(2)).unwrap_or_default();
        let mut synth = Vec::with_capacity(inner.len() + 3);
        synth.extend_from_slice(b"<x");
        synth.extend_from_slice(inner);
        synth.push(b'>');
        let mut attrs = Vec::new();
        let bad = |at: usize| StreamError::NotWellFormed {
            offset: self.at(at + 3),
            reason: "invalid XML declaration",
        };
        tokenizer::parse_start_tag(&synth, &mut attrs, 64, 3).map_err(|e| bad(e.at))?;
        if attrs.is_empty() {
            return Err(bad(2));
        }
        // What may come next: 0, `version`; 1, `encoding` or `standalone`;
        // 2, `standalone`; 3, nothing.
        let mut next = 0;
        for a in &attrs {
            let ((n0, n1), (vs, ve)) = (a.name(), a.value());
            let name = synth.get(n0..n1).unwrap_or_default();
            let value = synth.get(vs..ve).unwrap_or_default();
            let k = next;
            next = match name {
                b"version" => 1,
                b"encoding" => 2,
                _ => 3,
            };
            let in_order = match name {
                b"version" => k == 0,
                b"encoding" => k == 1,
                b"standalone" => k == 1 || k == 2,
                _ => false,
            };
            if !in_order {
                return Err(match name {
                    b"version" | b"encoding" | b"standalone" => StreamError::NotWellFormed {
                        offset: self.at(n0 + 3),
                        reason: "XML declaration: `version`, then `encoding`, then \
                                 `standalone`, each at most once (XML 1.0 §2.8)",
                    },
                    _ => bad(n0),
                });
            }
            match name {
                b"version" if value != b"1.0" => {
                    return Err(StreamError::NotWellFormed {
                        offset: self.at(vs + 3),
                        reason: "only XML version 1.0 is supported",
                    });
                }
                b"encoding" if !value.eq_ignore_ascii_case(b"UTF-8") => {
                    return Err(StreamError::UnsupportedEncoding {
                        offset: self.at(vs + 3),
                        encoding: String::from_utf8_lossy(value).into_owned(),
                    });
                }
                b"standalone" if value != b"yes" && value != b"no" => return Err(bad(vs)),
                _ => {}
            }
        }
        Ok(())
    }

    /// A piece of character data `buf[start..end]` inside an element
    /// (`cdata`: the content of a CDATA section).
    fn text_piece(&mut self, start: usize, end: usize, cdata: bool) -> Result<(), StreamError> {
        if start >= end {
            return Ok(());
        }
        self.examine(end - start);
        let raw = self.buf.get(start..end).unwrap_or_default();
        // The common case, text with no `>`, `&` or carriage return (found
        // in the same pass as the character check): it has no `]]>` and
        // needs no decoding.
        let special = tokenizer::check_text(raw).map_err(|e| self.tok_err(e, start))?;
        if self.pending == Pending::None && !cdata && !special {
            self.pending = Pending::Buf(Span { s: start, e: end });
            return Ok(());
        }
        if !cdata
            && let Some(i) = memchr::memchr_iter(b'>', raw)
                .find(|&i| i >= 2 && raw.get(i - 2..i) == Some(b"]]"))
                .map(|i| i - 2)
        {
            return Err(StreamError::NotWellFormed {
                offset: self.at(start + i),
                reason: "`]]>` is not allowed in text",
            });
        }
        let needs_decode = if cdata {
            memchr::memchr(b'\r', raw).is_some()
        } else {
            memchr::memchr2(b'&', b'\r', raw).is_some()
        };
        if self.pending == Pending::None && !needs_decode {
            self.pending = Pending::Buf(Span { s: start, e: end });
            return Ok(());
        }
        let arena_start = match self.pending {
            Pending::None => self.arena.len(),
            Pending::Buf(sp) => {
                let a = self.arena.len();
                self.arena
                    .extend_from_slice(self.buf.get(sp.s..sp.e).unwrap_or_default());
                a
            }
            Pending::Arena(a) => a,
        };
        self.pending = Pending::Arena(arena_start);
        reserve(&mut self.arena, raw.len());
        if needs_decode {
            tokenizer::decode_into(&mut self.arena, raw, false, !cdata)
                .map_err(|e| self.tok_err(e, start))?;
        } else {
            self.arena.extend_from_slice(raw);
        }
        Ok(())
    }

    /// Records the pending text run, if any, as a child of the open element.
    fn flush_text(&mut self) {
        let text = match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::None => return,
            Pending::Buf(sp) => SRef::Buf(sp),
            Pending::Arena(a) => SRef::Arena(Span {
                s: a,
                e: self.arena.len(),
            }),
        };
        self.add_child();
        self.toks.push(Tok::Text(text));
    }

    fn add_child(&mut self) {
        if let Some(o) = self.open.last()
            && let Some(Tok::Start { children, .. }) = self.toks.get_mut(o.tok)
        {
            *children = children.saturating_add(1);
        }
    }

    /// The end tag at `start` if it is all buffered, closes the open
    /// element (`</` + its name + optional whitespace + `>`) and is within
    /// the size limit: the open element and the tag's `>`.
    #[inline]
    fn quick_end_tag(&self, start: usize) -> Option<(Open, usize)> {
        let open = *self.open.last()?;
        let rest = self.buf.get(start + 2..)?;
        let after = strip_name(rest, slice(&self.buf, open.qname))?;
        let k = after.iter().position(|&c| !is_ws(c))?;
        if after.get(k) != Some(&b'>') {
            return None;
        }
        let gt = start + 2 + (open.qname.e - open.qname.s) + k;
        self.check_upto(gt).ok()?;
        Some((open, gt))
    }

    /// The end tag ending at `gt` closes `open`, the innermost open element.
    fn close_element(&mut self, open: Open, gt: usize) -> Result<Option<StreamEvent>, StreamError> {
        self.flush_text();
        self.toks.push(Tok::End);
        self.open.pop();
        self.scope.truncate(open.bindings);
        if self.open.is_empty() {
            return self.complete(gt + 1);
        }
        Ok(None)
    }

    fn end_tag(&mut self, start: usize, gt: usize) -> Result<Option<StreamEvent>, StreamError> {
        self.examine(gt + 1 - start);
        let tag = self.buf.get(start..=gt).unwrap_or_default();
        // The common case: `</` + the open element's name (already checked
        // in its start tag) + optional whitespace + `>`, which is valid
        // as is: the same match as on the fast path, ending at this `>`.
        if let Some((open, end)) = self.quick_end_tag(start)
            && end == gt
        {
            return self.close_element(open, gt);
        }
        tokenizer::check_chars(tag).map_err(|e| self.tok_err(e, start))?;
        let (ns, ne) = tokenizer::parse_end_tag(tag, self.limits.max_name_bytes)
            .map_err(|e| self.tok_err(e, start))?;
        let name = tag.get(ns..ne).unwrap_or_default();
        let offset = self.at(start);
        let mismatch = |expected: &[u8]| StreamError::MismatchedEndTag {
            offset,
            expected: String::from_utf8_lossy(expected).into_owned(),
            found: String::from_utf8_lossy(name).into_owned(),
        };
        if let Some(open) = self.open.last().copied() {
            let expected = self.buf.get(open.qname.s..open.qname.e).unwrap_or_default();
            if expected != name {
                return Err(mismatch(expected));
            }
            return self.close_element(open, gt);
        }
        match self.phase {
            Phase::Open if !self.fragment => {
                if name != self.header_qname.as_bytes().as_ref() {
                    return Err(mismatch(self.header_qname.as_bytes()));
                }
                self.consume(gt + 1);
                self.phase = Phase::Closed;
                Ok(Some(StreamEvent::End))
            }
            Phase::Closed => Err(StreamError::TrailingData { offset }),
            _ => Err(StreamError::NotWellFormed {
                offset,
                reason: "end tag without a start tag",
            }),
        }
    }

    /// The start tag at `start`, parsed in one pass if it is all buffered,
    /// valid and within the limits: its `>` and the parsed tag, with its
    /// attributes in `raw_attrs`. `None`: the lexer takes over.
    #[inline]
    fn quick_start_tag(&mut self, start: usize) -> Option<(usize, tokenizer::RawStartTag)> {
        if self.phase != Phase::Open {
            return None;
        }
        self.raw_attrs.clear();
        let rest = self.buf.get(start..).unwrap_or_default();
        let raw = tokenizer::parse_start_tag_in(
            rest,
            &mut self.raw_attrs,
            self.limits.max_name_bytes,
            self.limits.max_attributes,
        );
        let Some(raw) = raw else {
            // Looked at up to the end of the buffer, at most.
            self.examine(rest.len());
            return None;
        };
        let gt = start + raw.end;
        if self.check_upto(gt).is_err() {
            return None;
        }
        Some((gt, raw))
    }

    /// The start tag `buf[start..=gt]`; `parsed`: the tag as already
    /// parsed by [`quick_start_tag`](StreamParser::quick_start_tag).
    fn start_tag(
        &mut self,
        start: usize,
        gt: usize,
        parsed: Option<tokenizer::RawStartTag>,
    ) -> Result<Option<StreamEvent>, StreamError> {
        let offset = self.at(start);
        if self.phase == Phase::Closed {
            return Err(StreamError::TrailingData { offset });
        }
        let is_header = !self.fragment && matches!(self.phase, Phase::Prolog { .. });
        if self.fragment && matches!(self.phase, Phase::Prolog { .. }) {
            self.phase = Phase::Open;
        }
        if !is_header && self.open.len() >= self.limits.max_depth {
            return Err(StreamError::LimitExceeded {
                offset,
                limit: "max_depth",
                max: self.limits.max_depth,
            });
        }
        self.flush_text();
        self.examine(gt + 1 - start);
        let buf = &self.buf[..];
        let tag = buf.get(start..=gt).unwrap_or_default();
        // Parsed first and checked for characters only if the parse saw
        // bytes other than plain ASCII (or failed, so that a character
        // error comes first, as if the check had run first).
        let raw = match parsed {
            Some(raw) => {
                if !raw.plain {
                    tokenizer::check_chars(tag).map_err(|e| self.tok_err(e, start))?;
                }
                raw
            }
            None => {
                self.raw_attrs.clear();
                let raw = tokenizer::parse_start_tag(
                    tag,
                    &mut self.raw_attrs,
                    self.limits.max_name_bytes,
                    self.limits.max_attributes,
                );
                if !matches!(raw, Ok(r) if r.plain) {
                    tokenizer::check_chars(tag).map_err(|e| self.tok_err(e, start))?;
                }
                raw.map_err(|e| self.tok_err(e, start))?
            }
        };

        // Namespace declarations first: they apply to the element itself.
        let bind_base = self.scope.len();
        for a in &self.raw_attrs {
            let qn = span(start, a.name());
            let prefix = match a.colon() {
                None if slice(buf, qn) == b"xmlns" => Span { s: qn.s, e: qn.s },
                Some(c)
                    if slice(
                        buf,
                        Span {
                            s: qn.s,
                            e: start + c,
                        },
                    ) == b"xmlns" =>
                {
                    Span {
                        s: start + c + 1,
                        e: qn.e,
                    }
                }
                _ => continue,
            };
            let value =
                value_ref(buf, &mut self.arena, start, a).map_err(|e| self.tok_err_at(e, start))?;
            let v = sref_bytes(value, buf, &self.arena, &self.stream_bindings);
            let p = slice(buf, prefix);
            let illegal = p == b"xmlns"
                || (p == b"xml") != (v == ns::XML.as_bytes())
                || v == ns::XMLNS.as_bytes()
                || (!p.is_empty() && v.is_empty());
            if illegal {
                return Err(StreamError::IllegalNamespaceDeclaration {
                    offset: self.at(qn.s),
                    prefix: String::from_utf8_lossy(p).into_owned(),
                });
            }
            if self.scope[bind_base..]
                .iter()
                .any(|b| slice(buf, b.prefix) == p)
            {
                return Err(StreamError::DuplicateAttribute {
                    offset: self.at(qn.s),
                    name: String::from_utf8_lossy(slice(buf, qn)).into_owned(),
                });
            }
            // A common namespace is interned once here, not again for
            // every element and attribute in its scope when the tree is
            // built.
            let ns = if v.is_empty() {
                SRef::Empty
            } else if let Some(s) = crate::xml::intern(v) {
                SRef::Static(s)
            } else {
                value
            };
            self.scope.push(Binding { prefix, ns });
        }

        // The element's own name.
        let (prefix, local) = match raw.colon {
            Some(c) => (
                Some(Span {
                    s: start + raw.name.0,
                    e: start + c,
                }),
                Span {
                    s: start + c + 1,
                    e: start + raw.name.1,
                },
            ),
            None => (None, span(start, raw.name)),
        };
        let p = prefix.map_or(&b""[..], |p| slice(buf, p));
        let Some(el_ns) = lookup(p, &self.scope, buf, &self.stream_bindings) else {
            return Err(StreamError::UnboundPrefix {
                offset,
                prefix: String::from_utf8_lossy(p).into_owned(),
            });
        };

        // The other attributes.
        let attr_base = self.attrs.len();
        for a in &self.raw_attrs {
            let qn = span(start, a.name());
            let (ans, alocal) = match a.colon() {
                None if slice(buf, qn) == b"xmlns" => continue,
                None => (SRef::Empty, qn),
                Some(c) => {
                    let ap = slice(
                        buf,
                        Span {
                            s: qn.s,
                            e: start + c,
                        },
                    );
                    if ap == b"xmlns" {
                        continue;
                    }
                    let Some(r) = lookup(ap, &self.scope, buf, &self.stream_bindings) else {
                        return Err(StreamError::UnboundPrefix {
                            offset: self.at(qn.s),
                            prefix: String::from_utf8_lossy(ap).into_owned(),
                        });
                    };
                    (
                        r,
                        Span {
                            s: start + c + 1,
                            e: qn.e,
                        },
                    )
                }
            };
            let ln = slice(buf, alocal);
            let ab = sref_bytes(ans, buf, &self.arena, &self.stream_bindings);
            let dup = self.attrs[attr_base..].iter().any(|o| {
                // Lengths first: most names differ there.
                let other = slice(buf, o.local);
                other.len() == ln.len()
                    && other == ln
                    && matches!(o.ns, SRef::Empty) == matches!(ans, SRef::Empty)
                    && sref_bytes(o.ns, buf, &self.arena, &self.stream_bindings) == ab
            });
            if dup {
                return Err(StreamError::DuplicateAttribute {
                    offset: self.at(qn.s),
                    name: String::from_utf8_lossy(slice(buf, qn)).into_owned(),
                });
            }
            let value =
                value_ref(buf, &mut self.arena, start, a).map_err(|e| self.tok_err_at(e, start))?;
            self.attrs.push(OutAttr {
                local: alocal,
                ns: ans,
                value,
            });
        }
        let attrs = (attr_base, self.attrs.len());

        if is_header {
            self.check_upto(gt + 1)?;
            return self
                .finish_header(
                    gt + 1,
                    el_ns,
                    local,
                    span(start, raw.name),
                    attrs,
                    raw.empty,
                )
                .map(Some);
        }
        self.add_child();
        let tok = self.toks.len();
        self.toks.push(Tok::Start {
            local,
            prefix_len: prefix.map_or(0, |p| to_u32(p.e - p.s)),
            ns: el_ns,
            attrs: (to_u32(attrs.0), to_u32(attrs.1)),
            empty: raw.empty,
            children: 0,
        });
        if raw.empty {
            self.scope.truncate(bind_base);
            if self.open.is_empty() {
                return self.complete(gt + 1);
            }
        } else {
            self.open.push(Open {
                qname: span(start, raw.name),
                tok,
                bindings: bind_base,
            });
        }
        Ok(None)
    }

    fn tok_err_at(&self, e: TokError, start: usize) -> StreamError {
        self.tok_err(e, start)
    }

    fn finish_header(
        &mut self,
        end: usize,
        el_ns: SRef,
        local: Span,
        qname: Span,
        attrs: (usize, usize),
        empty: bool,
    ) -> Result<StreamEvent, StreamError> {
        let buf = &self.buf[..];
        let name = slice(buf, local);
        let nsb = sref_bytes(el_ns, buf, &self.arena, &self.stream_bindings);
        if name != b"stream" || nsb != ns::STREAM.as_bytes() {
            return Err(StreamError::InvalidStreamHeader {
                offset: self.at(0),
                name: String::from_utf8_lossy(name).into_owned(),
                ns: String::from_utf8_lossy(nsb).into_owned(),
            });
        }
        // The header's strings live as long as the stream: copy them out of
        // the receive buffer so they do not pin its (much larger) allocation.
        let hb = bytes::Bytes::copy_from_slice(&self.buf.split_to(end));
        let arena = bytes::Bytes::copy_from_slice(&self.arena.split());
        let bs = |r: SRef| to_bytestr(r, &hb, &arena, &[]);
        let mut bindings = Vec::with_capacity(self.scope.len());
        for b in &self.scope {
            let ns = match b.ns {
                SRef::Buf(sp) => name_bytestr(sp, &hb),
                r => bs(r),
            };
            bindings.push((bs(SRef::Buf(b.prefix)), ns));
        }
        let mut h = StreamHeader::default();
        if let Some((_, ns)) = bindings.iter().rev().find(|(p, _)| p.is_empty()) {
            h.ns = ns.clone();
        }
        for a in self.attrs.get(attrs.0..attrs.1).unwrap_or_default() {
            let ln = hb.get(a.local.s..a.local.e).unwrap_or_default();
            let slot = match (a.ns, ln) {
                (SRef::Empty, b"from") => &mut h.from,
                (SRef::Empty, b"to") => &mut h.to,
                (SRef::Empty, b"id") => &mut h.id,
                (SRef::Empty, b"version") => &mut h.version,
                (SRef::Static(s), b"lang") if s == ns::XML => &mut h.lang,
                _ => continue,
            };
            *slot = Some(match a.value {
                SRef::Buf(sp) => name_bytestr(sp, &hb),
                r => bs(r),
            });
        }
        self.header_qname = bs(SRef::Buf(qname));
        self.stream_bindings = bindings;
        self.base += end as u64;
        self.pos = 0;
        self.clear_scratch();
        self.phase = Phase::Open;
        self.pending_end = empty;
        self.header = Some(h.clone());
        Ok(StreamEvent::Header(h))
    }

    /// The top-level element ends at `end`: split it off and build it.
    fn complete(&mut self, end: usize) -> Result<Option<StreamEvent>, StreamError> {
        let max = self.limits.max_stanza_bytes;
        if end > max {
            return Err(StreamError::LimitExceeded {
                offset: self.at(max),
                limit: "max_stanza_bytes",
                max,
            });
        }
        let stanza = self.buf.split_to(end).freeze();
        self.base += end as u64;
        self.pos = 0;
        self.lex = Lex::Idle;
        let el = self.build(&stanza);
        self.clear_scratch();
        Ok(Some(StreamEvent::Element(el)))
    }

    fn build(&mut self, stanza: &Bytes) -> Element {
        // Split off, not copied: the arena's allocation is shared by many
        // stanzas, like the receive buffer.
        // Nothing decoded (the usual case): no reference to take.
        let arena = if self.arena.is_empty() {
            Bytes::new()
        } else {
            self.arena.split().freeze()
        };
        let sb = &self.stream_bindings[..];
        let bs = |r: SRef| to_bytestr(r, stanza, &arena, sb);
        let header_lang = self.header.as_ref().and_then(|h| h.lang.clone());
        // The attributes of every element of the stanza, in one allocation
        // (a mapped slice iterator has an exact length, so `collect` makes
        // no intermediate `Vec`).
        // No attributes at all: nothing to allocate.
        let mut all_attrs: Option<Arc<[Attribute]>> = (!self.attrs.is_empty()).then(|| {
            self.attrs
                .iter()
                .map(|a| {
                    let name = name_bytestr(a.local, stanza);
                    let value = match a.value {
                        // The interned values are short keywords (`chat`,
                        // `result`, `unavailable`): longer ones (ids, JIDs)
                        // are not looked up.
                        SRef::Buf(sp) if sp.e - sp.s <= MAX_INTERNED_VALUE => {
                            name_bytestr(sp, stanza)
                        }
                        r => bs(r),
                    };
                    // Namespaces were interned when declared.
                    let ns = match a.ns {
                        SRef::Empty => None,
                        r => Some(bs(r)),
                    };
                    Attribute { name, ns, value }
                })
                .collect()
        });
        // One element from its start tag's record, once its children are
        // known: built where it goes, never moved through a stack.
        // `all`: the stanza's attributes, cloned for every element but the
        // stanza itself, which is built last and takes them over.
        let make = |tok: &Tok,
                    lang: Option<ByteStr>,
                    children: Vec<Node>,
                    all: Option<Arc<[Attribute]>>| {
            let &Tok::Start {
                local,
                prefix_len,
                ns: el_ns,
                attrs,
                ..
            } = tok
            else {
                return Element::new("", "");
            };
            // Namespaces were interned when declared.
            let nsb = bs(el_ns);
            let prefix =
                (prefix_len > 0 && nsb.as_bytes().as_ref() == ns::STREAM.as_bytes()).then(|| {
                    let e = local.s.saturating_sub(1);
                    bs(SRef::Buf(Span {
                        s: e.saturating_sub(prefix_len as usize),
                        e,
                    }))
                });
            Element::from_parts(
                name_bytestr(local, stanza),
                nsb,
                prefix,
                all.map(|all| (all, range(attrs))),
                children,
                lang,
            )
        };
        let mut stack = std::mem::take(&mut self.build_stack);
        stack.clear();
        let mut result = None;
        for (i, tok) in self.toks.iter().enumerate() {
            match *tok {
                Tok::Start {
                    attrs,
                    empty,
                    children,
                    ..
                } => {
                    // The element's own `xml:lang`, if any (other `xml:`
                    // attributes, such as `xml:space`, are kept as data).
                    let own_lang = all_attrs
                        .as_deref()
                        .and_then(|all| all.get(range(attrs)))
                        .unwrap_or_default()
                        .iter()
                        .find(|a| a.is_xml_lang())
                        .map(|a| a.value.clone());
                    let lang = own_lang.or_else(|| match stack.last() {
                        Some(parent) => parent.lang.clone(),
                        None => header_lang.clone(),
                    });
                    if empty {
                        let all = share(&mut all_attrs, attrs, stack.is_empty());
                        let el = make(tok, lang, Vec::new(), all);
                        attach(&mut stack, &mut result, el);
                    } else {
                        stack.push(Frame {
                            start: i,
                            lang,
                            children: Vec::with_capacity(children as usize),
                        });
                    }
                }
                Tok::End => {
                    if let Some(f) = stack.pop() {
                        let el = match self.toks.get(f.start) {
                            Some(start @ Tok::Start { attrs, .. }) => {
                                let all = share(&mut all_attrs, *attrs, stack.is_empty());
                                make(start, f.lang, f.children, all)
                            }
                            _ => Element::new("", ""),
                        };
                        attach(&mut stack, &mut result, el);
                    }
                }
                Tok::Text(r) => {
                    if let Some(top) = stack.last_mut() {
                        top.children.push(Node::Text(bs(r)));
                    }
                }
            }
        }
        stack.clear();
        self.build_stack = stack;
        // The records always describe one complete element.
        result.unwrap_or_else(|| Element::new("", ""))
    }
}

/// An open element of the stanza being built: where its start tag's record
/// is, the `xml:lang` in scope and its children so far.
#[derive(Debug)]
struct Frame {
    start: usize,
    lang: Option<ByteStr>,
    children: Vec<Node>,
}

/// The stanza's shared attributes for an element whose own are
/// `all[range.0..range.1]`: none if it has none, else a new reference, or
/// the last one for the stanza element (`last`), which is built last.
#[inline]
fn share(
    all: &mut Option<Arc<[Attribute]>>,
    range: (u32, u32),
    last: bool,
) -> Option<Arc<[Attribute]>> {
    if range.0 == range.1 {
        None
    } else if last {
        all.take()
    } else {
        all.clone()
    }
}

#[inline]
fn attach(stack: &mut [Frame], result: &mut Option<Element>, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(el)),
        None => *result = Some(el),
    }
}

/// A name or namespace of the stanza: a static string for the common ones
/// (no reference count to touch, and it does not pin the receive buffer),
/// else a slice of the stanza.
#[inline(always)]
fn name_bytestr(sp: Span, stanza: &Bytes) -> ByteStr {
    match crate::xml::intern_at(stanza, sp.s, sp.e) {
        Some(s) => ByteStr::from_static(s),
        None => to_bytestr(SRef::Buf(sp), stanza, &Bytes::new(), &[]),
    }
}

/// Makes room for at least `n` more bytes in the arena, a chunk at a time.
fn reserve(arena: &mut BytesMut, n: usize) {
    if arena.capacity() - arena.len() < n {
        arena.reserve(n.max(ARENA_CHUNK));
    }
}

/// An element's attributes, `attrs[range.0..range.1]` of its record.
#[inline(always)]
fn range(r: (u32, u32)) -> std::ops::Range<usize> {
    r.0 as usize..r.1 as usize
}

#[inline]
fn span(start: usize, r: (usize, usize)) -> Span {
    Span {
        s: start + r.0,
        e: start + r.1,
    }
}

#[inline]
fn slice(buf: &[u8], sp: Span) -> &[u8] {
    buf.get(sp.s..sp.e).unwrap_or_default()
}

/// Where attribute `a` of the tag at `start` has its value: in the buffer,
/// or decoded into the arena.
fn value_ref(
    buf: &[u8],
    arena: &mut BytesMut,
    start: usize,
    a: &RawAttr,
) -> Result<SRef, TokError> {
    let sp = span(start, a.value());
    if !a.needs_decode {
        return Ok(SRef::Buf(sp));
    }
    reserve(arena, sp.e - sp.s);
    let s = arena.len();
    tokenizer::decode_into(arena, slice(buf, sp), true, true).map_err(|e| TokError {
        at: e.at + a.value().0,
        kind: e.kind,
    })?;
    Ok(SRef::Arena(Span { s, e: arena.len() }))
}

fn sref_bytes<'a>(
    r: SRef,
    buf: &'a [u8],
    arena: &'a [u8],
    stream: &'a [(ByteStr, ByteStr)],
) -> &'a [u8] {
    match r {
        SRef::Empty => b"",
        SRef::Static(s) => s.as_bytes(),
        SRef::Stream(i) => stream.get(i).map_or(&b""[..], |b| b.1.as_bytes()),
        SRef::Buf(sp) => slice(buf, sp),
        SRef::Arena(sp) => slice(arena, sp),
    }
}

#[inline(always)]
fn to_bytestr(r: SRef, stanza: &Bytes, arena: &Bytes, stream: &[(ByteStr, ByteStr)]) -> ByteStr {
    let sub = |b: &Bytes, sp: Span| {
        if sp.s <= sp.e && sp.e <= b.len() {
            ByteStr::from_utf8_checked_elsewhere(b.slice(sp.s..sp.e))
        } else {
            ByteStr::new()
        }
    };
    match r {
        SRef::Empty => ByteStr::new(),
        SRef::Static(s) => ByteStr::from_static(s),
        SRef::Stream(i) => stream.get(i).map(|b| b.1.clone()).unwrap_or_default(),
        SRef::Buf(sp) => sub(stanza, sp),
        SRef::Arena(sp) => sub(arena, sp),
    }
}

/// `s` without its prefix `name`, if it starts with it. Names are short:
/// compared byte by byte, without a call to `memcmp`.
#[inline]
fn strip_name<'a>(s: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let head = s.get(..name.len())?;
    let mut diff = 0u8;
    for (a, b) in head.iter().zip(name) {
        diff |= a ^ b;
    }
    (diff == 0).then(|| s.get(name.len()..).unwrap_or_default())
}

/// The namespace bound to `prefix` (empty: the default namespace), looking
/// at the stanza's declarations, then the header's; `None` if unbound.
#[inline(always)]
fn lookup(
    prefix: &[u8],
    scope: &[Binding],
    buf: &[u8],
    stream: &[(ByteStr, ByteStr)],
) -> Option<SRef> {
    // Lengths first: most lookups are for the default namespace (an empty
    // prefix), which then needs no byte comparison at all.
    let same = |p: &[u8]| p.len() == prefix.len() && (prefix.is_empty() || p == prefix);
    if same(b"xml") {
        return Some(SRef::Static(ns::XML));
    }
    if let Some(b) = scope.iter().rev().find(|b| same(slice(buf, b.prefix))) {
        return Some(b.ns);
    }
    if let Some(i) = stream.iter().rposition(|b| same(b.0.as_bytes())) {
        return Some(SRef::Stream(i));
    }
    prefix.is_empty().then_some(SRef::Empty)
}
