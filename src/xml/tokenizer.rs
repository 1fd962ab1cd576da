//! The restricted-XML lexical layer ([RFC 6120 §11.1]) shared by the stream
//! parser and the WebSocket framing: character checks, names, start/end tag
//! syntax and reference decoding, on complete tokens held in a byte slice.
//!
//! The incremental part (finding where a token ends, resumably, as bytes
//! arrive) lives in [`crate::stream`]; this module only sees whole tokens.
//! Offsets in [`TokError`] are relative to the slice passed in.
//!
//! [RFC 6120 §11.1]: https://www.rfc-editor.org/rfc/rfc6120#section-11.1

/// What was wrong with a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokErrorKind {
    /// Bytes that are not UTF-8.
    InvalidUtf8,
    /// A character XML 1.0 does not allow.
    InvalidChar(u32),
    /// A reference to an entity other than the predefined five.
    UndefinedEntity(String),
    /// Any other syntax error.
    Syntax(&'static str),
    /// A name longer than the limit.
    NameTooLong,
    /// More attributes than the limit.
    TooManyAttributes,
}

/// A lexical error at byte `at` of the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TokError {
    pub at: usize,
    pub kind: TokErrorKind,
}

fn syntax(at: usize, what: &'static str) -> TokError {
    TokError {
        at,
        kind: TokErrorKind::Syntax(what),
    }
}

/// One attribute of a start tag; ranges are relative to the tag's slice.
///
/// 32-bit offsets (24 bytes instead of 56): the parser writes one per
/// attribute and reads it twice, and the smaller record is measurably
/// faster. The scan never makes one for a tag of 4 GiB or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawAttr {
    name: (u32, u32),
    /// 0: no colon (a name never starts at offset 0, the tag's `<`).
    colon: u32,
    value: (u32, u32),
    /// The value holds `&` or a literal tab, newline or carriage return and
    /// must go through [`decode_into`].
    pub needs_decode: bool,
}

impl RawAttr {
    /// The qualified name.
    #[inline(always)]
    pub fn name(&self) -> (usize, usize) {
        (self.name.0 as usize, self.name.1 as usize)
    }

    /// The position of the `:` in the name, if prefixed.
    #[inline(always)]
    pub fn colon(&self) -> Option<usize> {
        (self.colon != 0).then_some(self.colon as usize)
    }

    /// The raw value between the quotes.
    #[inline(always)]
    pub fn value(&self) -> (usize, usize) {
        (self.value.0 as usize, self.value.1 as usize)
    }
}

/// A parsed start tag; ranges are relative to the tag's slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawStartTag {
    /// The qualified name.
    pub name: (usize, usize),
    /// The position of the `:` in the name, if prefixed.
    pub colon: Option<usize>,
    /// `<a/>`.
    pub empty: bool,
    /// The tag is seen to be made of XML characters, and [`check_chars`]
    /// has nothing to find in it: every byte is ASCII from 0x20 to 0x7F or
    /// whitespace, except in attribute values that were checked here (a
    /// value with bytes above 0x7F and no reference or control byte).
    pub plain: bool,
    /// The position of the closing `>`.
    pub end: usize,
}

/// True for the XML whitespace characters (XML 1.0 §2.3 `S`).
#[inline]
pub(crate) fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Checks that `b` is UTF-8 made of characters XML 1.0 allows (§2.2
/// `Char`): no C0 controls other than tab, newline and carriage return, no
/// U+FFFE or U+FFFF (surrogates cannot occur in valid UTF-8).
///
/// One pass: ASCII is checked eight bytes at a time, and each non-ASCII
/// character is decoded inline ([`xml_char_len`]). Anything suspicious
/// goes to [`check_chars_slow`],
/// which finds the first error in the same order as before (UTF-8 errors,
/// then control characters, then U+FFFE/U+FFFF).
#[inline]
pub(crate) fn check_chars(b: &[u8]) -> Result<(), TokError> {
    if chars_ok(b) {
        Ok(())
    } else {
        check_chars_slow(b)
    }
}

/// Bytes with the high bit set.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// `0x20` in every byte.
const SPACES: u64 = 0x2020_2020_2020_2020;
/// `0x01` in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;
/// `&` in every byte.
const AMPS: u64 = 0x2626_2626_2626_2626;

/// The high bit of the bytes of `x` that are zero: exact for the lowest
/// one set, and possibly wrong only above it (a borrow).
#[inline(always)]
fn has_zero(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGH
}

/// True if `b` is UTF-8 made of XML characters; false if it may not be.
fn chars_ok(b: &[u8]) -> bool {
    scan_chars::<false>(b).is_some()
}

/// [`check_chars`] for character data, in the same pass: whether the
/// text holds a `>`, `&` or carriage return (`Ok(false)`: none of them,
/// so it has no `]]>` and needs no decoding).
#[inline]
pub(crate) fn check_text(b: &[u8]) -> Result<bool, TokError> {
    match scan_chars::<true>(b) {
        Some(special) => Ok(special),
        None => check_chars_slow(b).map(|()| true),
    }
}

/// `Some` if `b` is UTF-8 made of XML characters (`None`: it may not be).
/// With `SPECIAL`, also tells whether it holds a `>`, `&` or carriage
/// return (otherwise `Some(false)`).
#[inline(always)]
fn scan_chars<const SPECIAL: bool>(b: &[u8]) -> Option<bool> {
    const GTS: u64 = 0x3E3E_3E3E_3E3E_3E3E;
    let mut special = 0u64;
    let mut i = 0;
    loop {
        // Sixteen bytes at a time ([`super::simd`]): the block's other
        // bytes (non-ASCII, controls) are handled from its masks, without
        // classifying the block again after each one. Its `>` and `&` all
        // count: if the text turns out not to be valid, `None` is the
        // answer and `special` does not matter.
        while let Some(block) = b.get(i..i + 16).and_then(|w| <&[u8; 16]>::try_from(w).ok()) {
            let m = super::simd::text_block(block);
            if SPECIAL {
                special |= u64::from(m.special);
            }
            let base = i;
            // Bytes before `next` are done; `other` keeps the block's other
            // bytes at or after it.
            let mut next = base;
            let mut other = m.other;
            while other != 0 {
                let p = base + other.trailing_zeros() as usize;
                next = p + other_char_len::<SPECIAL>(b, p, &mut special)?;
                other &= above(next - base);
            }
            // A character may run past the block.
            i = next.max(base + 16);
        }
        // Eight bytes at a time: no high bit and no byte below 0x20 (the
        // classic "has less than" test: exact as a whole-word test).
        while let Some(word) = b.get(i..i + 8) {
            let bad = ascii_word_bad(word);
            if SPECIAL {
                // `>` and `&` among the plain bytes below the first
                // flagged one. Each zero-byte test is exact for its lowest
                // flag and wrong only above a true one, so that whether a
                // flag is set below the mask is exact.
                let w = word_at(word);
                special |= (has_zero(w ^ GTS) | has_zero(w ^ AMPS)) & below_lowest(bad);
            }
            if bad != 0 {
                // The lowest flagged byte is a true one (a borrow only
                // flags bytes above a byte below 0x20): skip the plain
                // bytes before it.
                i += (bad.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        let Some(&c) = b.get(i) else {
            return Some(special != 0);
        };
        if (0x20..0x80).contains(&c) {
            if SPECIAL && (c == b'>' || c == b'&') {
                special = 1;
            }
            i += 1;
        } else {
            i += other_char_len::<SPECIAL>(b, i, &mut special)?;
        }
    }
}

/// The length of the character at `b[p]`, a byte that is not plain ASCII
/// (a control or a non-ASCII byte), if it is one XML allows; with
/// `SPECIAL`, a carriage return sets `special`. `None`: it may not be.
#[inline(always)]
fn other_char_len<const SPECIAL: bool>(b: &[u8], p: usize, special: &mut u64) -> Option<usize> {
    let c = *b.get(p)?;
    if c >= 0x80 {
        xml_char_len(b, p)
    } else if c == b'\t' || c == b'\n' || c == b'\r' {
        if SPECIAL && c == b'\r' {
            *special = 1;
        }
        Some(1)
    } else {
        None
    }
}

/// The eight bytes of `word` as a little-endian integer.
#[inline(always)]
fn word_at(word: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(word);
    u64::from_le_bytes(a)
}

/// The length of the UTF-8 sequence at `b[i]` (a byte above 0x7F) if it
/// encodes a character XML allows (§2.2 `Char`: anything but U+FFFE and
/// U+FFFF, surrogates having no valid UTF-8 form); `None` if it does not,
/// or is cut short.
///
/// Decoded inline, a character at a time (RFC 3629 §4 gives the valid
/// second bytes): text has short runs of non-ASCII characters, for which a
/// call to `str::from_utf8` per run costs more than the check itself.
#[inline(always)]
fn xml_char_len(b: &[u8], i: usize) -> Option<usize> {
    let cont = |k: usize| b.get(i + k).is_some_and(|&c| c & 0xC0 == 0x80);
    let c0 = *b.get(i)?;
    let c1 = *b.get(i + 1)?;
    match c0 {
        0xC2..=0xDF => (c1 & 0xC0 == 0x80).then_some(2),
        0xE0..=0xEF => {
            let second_ok = match c0 {
                // No overlong forms, no surrogates.
                0xE0 => (0xA0..=0xBF).contains(&c1),
                0xED => (0x80..=0x9F).contains(&c1),
                _ => c1 & 0xC0 == 0x80,
            };
            let c2 = *b.get(i + 2)?;
            // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not characters.
            let nonchar = c0 == 0xEF && c1 == 0xBF && c2 & 0xFE == 0xBE;
            (second_ok && c2 & 0xC0 == 0x80 && !nonchar).then_some(3)
        }
        0xF0..=0xF4 => {
            let second_ok = match c0 {
                // No overlong forms, nothing above U+10FFFF.
                0xF0 => (0x90..=0xBF).contains(&c1),
                0xF4 => (0x80..=0x8F).contains(&c1),
                _ => c1 & 0xC0 == 0x80,
            };
            (second_ok && cont(2) && cont(3)).then_some(4)
        }
        _ => None,
    }
}

/// The length of the attribute value at the start of `rest` (up to its
/// closing quote `q`) and three flags: the value holds a `<`; it holds a
/// `&` or a byte below 0x20 (it needs decoding); it holds a byte above
/// 0x7F that was not seen to be part of an XML character (§2.2 `Char`).
/// `None` if `rest` has no `q`.
///
/// One pass, sixteen bytes at a time while `rest` has them, where the
/// non-ASCII characters are checked as they are met (so that the third
/// flag is usually false for a value of valid non-ASCII text), then eight
/// bytes at a time, where a byte above 0x7F just sets the flag: values are
/// short, and a call to `memchr` and then a second pass for the flags cost
/// more.
#[inline(always)]
fn quoted_value(rest: &[u8], q: u8) -> Option<(usize, (bool, bool, bool))> {
    const LTS: u64 = 0x3C3C_3C3C_3C3C_3C3C;
    // Sixteen bytes at a time while they last ([`super::simd`]).
    let mut n = 0;
    // The flags, as masks of the bytes seen: only whether one is set counts.
    let (mut lt, mut dec, mut hi) = (0u64, 0u64, 0u64);
    let mut checked = 0usize;
    while let Some(block) = rest
        .get(n..n + 16)
        .and_then(|b| <&[u8; 16]>::try_from(b).ok())
    {
        let m = super::simd::value_block(block, q);
        // Only the bytes before the quote count.
        let below = below_lowest(u64::from(m.quote));
        lt |= u64::from(m.lt) & below;
        dec |= u64::from(m.decode) & below;
        let high = u64::from(m.high) & below;
        if high != 0 && !block_chars_ok(rest, n, high, &mut checked) {
            hi = 1;
        }
        if m.quote != 0 {
            let len = n + m.quote.trailing_zeros() as usize;
            return Some((len, (lt != 0, dec != 0, hi != 0)));
        }
        n += 16;
    }
    let rest = rest.get(n..).unwrap_or_default();
    let quotes = ONES * u64::from(q);
    // A character checked in the last block may go on here: its bytes then
    // set the flag like any other.
    let mut words = rest.chunks_exact(8);
    for word in &mut words {
        let w = word_at(word);
        let quote = has_zero(w ^ quotes);
        // Only the bytes before the quote count. Each test is exact for
        // its lowest byte set, and wrong only above a byte that is set:
        // masked to the bytes below the quote, exact as a whole.
        let mask = below_lowest(quote);
        lt |= has_zero(w ^ LTS) & mask;
        dec |= (has_zero(w ^ AMPS) | (w.wrapping_sub(SPACES) & !w & HIGH)) & mask;
        hi |= w & HIGH & mask;
        if quote != 0 {
            let len = n + (quote.trailing_zeros() / 8) as usize;
            return Some((len, (lt != 0, dec != 0, hi != 0)));
        }
        n += 8;
    }
    let tail = words.remainder();
    let k = tail.iter().position(|&c| c == q)?;
    let (mut lt, mut dec, mut hi) = (lt != 0, dec != 0, hi != 0);
    for &c in tail.get(..k).unwrap_or_default() {
        lt |= c == b'<';
        dec |= (c == b'&') | (c < 0x20);
        hi |= c >= 0x80;
    }
    Some((n + k, (lt, dec, hi)))
}

/// Checks the non-ASCII characters that start at the bytes `high` of the
/// block at `rest[n..]` (bit `k`: byte `n + k`), except bytes before
/// `checked`, which end a character checked in the previous block; moves
/// `checked` past the last character. False if one is not an XML
/// character (§2.2 `Char`); a character cut by the closing quote is not
/// one, the quote being no continuation byte.
#[inline(never)]
fn block_chars_ok(rest: &[u8], n: usize, high: u64, checked: &mut usize) -> bool {
    let mut high = high & u64::from(above(checked.saturating_sub(n)));
    while high != 0 {
        let p = n + high.trailing_zeros() as usize;
        let Some(len) = xml_char_len(rest, p) else {
            return false;
        };
        *checked = p + len;
        high &= u64::from(above(*checked - n));
    }
    true
}

/// The bits below the lowest one set in `x`; all of them if none is.
#[inline(always)]
fn below_lowest(x: u64) -> u64 {
    x.wrapping_sub(1) & !x
}

/// The bits of a sixteen-byte block's mask for its bytes from `done` on
/// (none if `done` is 16 or more).
#[inline(always)]
fn above(done: usize) -> u32 {
    if done < 16 { u32::MAX << done } else { 0 }
}

/// The high bits of the bytes of `word` (little-endian) that are not
/// ASCII or are below 0x20: zero if all eight are plain. The lowest bit
/// set is exact; bits above it may be set for plain bytes.
#[inline(always)]
fn ascii_word_bad(word: &[u8]) -> u64 {
    let w = word_at(word);
    (w | (w.wrapping_sub(SPACES) & !w)) & HIGH
}

/// The exact first error of `b`, if any (see [`check_chars`]).
#[cold]
#[inline(never)]
fn check_chars_slow(b: &[u8]) -> Result<(), TokError> {
    if let Err(e) = std::str::from_utf8(b) {
        return Err(TokError {
            at: e.valid_up_to(),
            kind: TokErrorKind::InvalidUtf8,
        });
    }
    // Branch-free per chunk so that the common case vectorizes; U+FFFE and
    // U+FFFF (EF BF BE/BF) are looked for only if an 0xEF byte is present.
    let mut has_ef = false;
    for (ci, chunk) in b.chunks(64).enumerate() {
        let (bad, ef) = chunk.iter().fold((false, false), |(bad, ef), &c| {
            (
                bad | (c < 0x20 && c != b'\t' && c != b'\n' && c != b'\r'),
                ef | (c == 0xEF),
            )
        });
        has_ef |= ef;
        if bad
            && let Some(i) = chunk
                .iter()
                .position(|&c| c < 0x20 && c != b'\t' && c != b'\n' && c != b'\r')
        {
            return Err(TokError {
                at: ci * 64 + i,
                kind: TokErrorKind::InvalidChar(u32::from(chunk[i])),
            });
        }
    }
    if has_ef {
        for i in memchr::memchr_iter(0xEF, b) {
            if let (Some(0xBF), Some(&c @ (0xBE | 0xBF))) = (b.get(i + 1), b.get(i + 2)) {
                return Err(TokError {
                    at: i,
                    kind: TokErrorKind::InvalidChar(0xFFC0 | u32::from(c & 0x3F)),
                });
            }
        }
    }
    Ok(())
}

/// True if `c` is allowed in XML 1.0 (§2.2 `Char`).
pub(crate) fn is_xml_char(c: u32) -> bool {
    matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Checks that `name` is an XML `Name` (§2.3). `name` must already be
/// valid UTF-8 (checked by [`check_chars`]); the error offset is relative
/// to `name`.
pub(crate) fn check_name(name: &[u8]) -> Result<(), TokError> {
    let Some(&first) = name.first() else {
        return Err(syntax(0, "expected a name"));
    };
    // ASCII fast path.
    if name.is_ascii() {
        if !(first.is_ascii_alphabetic() || first == b'_' || first == b':') {
            return Err(syntax(0, "a name cannot start with this character"));
        }
        return match name
            .iter()
            .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b':' | b'-' | b'.')))
        {
            None => Ok(()),
            Some(i) => Err(syntax(i, "character not allowed in a name")),
        };
    }
    let s = std::str::from_utf8(name).map_err(|e| TokError {
        at: e.valid_up_to(),
        kind: TokErrorKind::InvalidUtf8,
    })?;
    for (i, c) in s.char_indices() {
        let ok = if i == 0 {
            is_name_start_char(c)
        } else {
            is_name_char(c)
        };
        if !ok {
            return Err(syntax(i, "character not allowed in a name"));
        }
    }
    Ok(())
}

/// Checks a qualified name (XML Namespaces §4: at most one colon, not
/// first or last) and returns the colon's position.
fn check_qname(
    tag: &[u8],
    start: usize,
    end: usize,
    max: usize,
) -> Result<Option<usize>, TokError> {
    let name = &tag[start..end];
    if name.len() > max {
        return Err(TokError {
            at: start + max,
            kind: TokErrorKind::NameTooLong,
        });
    }
    // `scan_qname` only lets ASCII name characters and non-ASCII bytes
    // through, so an ASCII name only needs its first character checked.
    let first_ok = |c: u8| c.is_ascii_alphabetic() || c == b'_' || c == b':';
    if !name.is_ascii() || !name.first().copied().is_some_and(first_ok) {
        check_name(name).map_err(|e| TokError {
            at: start + e.at,
            kind: e.kind,
        })?;
    }
    let mut colons = memchr::memchr_iter(b':', name);
    let colon = colons.next();
    // Both parts must be NCNames: the local part must start like a name.
    let local_starts_ok = |c: usize| {
        std::str::from_utf8(name.get(c + 1..).unwrap_or_default())
            .ok()
            .and_then(|l| l.chars().next())
            .is_some_and(|ch| ch != ':' && is_name_start_char(ch))
    };
    if let Some(c) = colon
        && (colons.next().is_some() || c == 0 || c + 1 == name.len() || !local_starts_ok(c))
    {
        return Err(syntax(
            start + c,
            "a qualified name has at most one `:` between two parts",
        ));
    }
    // The name is ASCII-checked or validated by check_name: a colon found
    // here splits it into two non-empty names.
    Ok(colon.map(|c| start + c))
}

/// Byte classes for names, as bits: [`NC_ASCII`] an ASCII name character
/// other than `:`, [`NC_NON_ASCII`] a byte of a non-ASCII character
/// (checked by [`check_name`]), [`NC_COLON`] `:`, 0 anything else.
static NAME_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c == b':' {
            NC_COLON
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.' {
            NC_ASCII
        } else if c >= 0x80 {
            NC_NON_ASCII
        } else {
            0
        };
        i += 1;
    }
    t
};
const NC_ASCII: u8 = 1;
const NC_NON_ASCII: u8 = 2;
const NC_COLON: u8 = 4;

/// Scans the name starting at `from` and checks it as a qualified name
/// (see [`check_qname`]): returns where it ends (`from` if there is no
/// name, which the caller reports) and the colon's position. The common
/// case, an ASCII name without a colon, is decided in the same pass.
///
/// `plain` is cleared if the name has a byte outside ASCII.
#[inline(always)]
fn scan_qname(
    tag: &[u8],
    from: usize,
    max: usize,
    plain: &mut bool,
) -> Result<(usize, Option<usize>), TokError> {
    let rest = tag.get(from..).unwrap_or_default();
    let mut classes = 0u8;
    let mut n = rest.len();
    for (k, &c) in rest.iter().enumerate() {
        let class = NAME_CLASS[usize::from(c)];
        if class == 0 {
            n = k;
            break;
        }
        classes |= class;
    }
    let end = from + n;
    *plain &= classes & NC_NON_ASCII == 0;
    if classes == NC_ASCII
        && n <= max
        && rest
            .first()
            .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_')
    {
        return Ok((end, None));
    }
    scan_qname_rest(tag, from, end, max)
}

/// The uncommon cases of [`scan_qname`]: no name, a colon, non-ASCII
/// characters or a name past the limit.
#[inline(never)]
fn scan_qname_rest(
    tag: &[u8],
    from: usize,
    end: usize,
    max: usize,
) -> Result<(usize, Option<usize>), TokError> {
    if end == from {
        return Ok((end, None));
    }
    check_qname(tag, from, end, max).map(|colon| (end, colon))
}

/// The length of the name at the start of `b` (up to the first byte that
/// cannot be part of a name).
pub(crate) fn name_len(b: &[u8]) -> usize {
    b.iter()
        .position(|&c| NAME_CLASS[usize::from(c)] == 0)
        .unwrap_or(b.len())
}

/// Parses a complete start tag `tag` (from `<` to `>` inclusive),
/// appending its attributes to `attrs`.
///
/// `tag` need not have been checked by [`check_chars`]: the parse is
/// safe on any bytes, and when it succeeds with
/// [`plain`](RawStartTag::plain) set, every byte was seen to be plain
/// ASCII or whitespace, so that the check is not needed. Otherwise (an
/// error, or a tag with other bytes) the caller runs the check, whose
/// error comes first.
pub(crate) fn parse_start_tag(
    tag: &[u8],
    attrs: &mut Vec<RawAttr>,
    max_name: usize,
    max_attrs: usize,
) -> Result<RawStartTag, TokError> {
    scan_start_tag(tag, attrs, max_name, max_attrs, true)
}

/// Parses the start tag at the beginning of `buf` (from `<`), wherever its
/// `>` is: the tag ends at the first `>` outside an attribute value, as
/// the lexer would find it ([`RawStartTag::end`]). `None` if `buf` holds
/// no complete, valid start tag: the tag goes on past `buf`, or it has an
/// error (which the caller finds, in the right order, on the slow path).
///
/// One pass over the tag instead of two (a search for its end, then the
/// parse) for the common case of a whole tag in the buffer. On success the
/// result is exactly [`parse_start_tag`]'s on `buf[..=end]`.
#[inline]
pub(crate) fn parse_start_tag_in(
    buf: &[u8],
    attrs: &mut Vec<RawAttr>,
    max_name: usize,
    max_attrs: usize,
) -> Option<RawStartTag> {
    scan_start_tag(buf, attrs, max_name, max_attrs, false).ok()
}

/// [`parse_start_tag`] (`complete`: `tag` ends with its `>`) and
/// [`parse_start_tag_in`] (`!complete`: the tag ends at the first `>`
/// found between attributes) in one body.
#[inline(always)]
fn scan_start_tag(
    tag: &[u8],
    attrs: &mut Vec<RawAttr>,
    max_name: usize,
    max_attrs: usize,
    complete: bool,
) -> Result<RawStartTag, TokError> {
    // Complete: whitespace runs stop before the final `>`. Otherwise they
    // stop at the end of the input, and `>`/`/>` end the tag wherever
    // they are met.
    let last = if complete {
        tag.len().saturating_sub(1)
    } else {
        tag.len()
    };
    // `<` (the caller found it) and `>` are plain; the rest is seen below.
    let mut plain = true;
    let (ne, colon) = scan_qname(tag, 1, max_name, &mut plain)?;
    if ne == 1 {
        return Err(syntax(1, "expected an element name after `<`"));
    }
    let first_attr = attrs.len();
    let mut i = ne;
    loop {
        let ws_start = i;
        while i < last && is_ws(tag[i]) {
            i += 1;
        }
        match tag.get(i) {
            Some(b'>') if i == last || !complete => {
                return Ok(RawStartTag {
                    name: (1, ne),
                    colon,
                    empty: false,
                    plain,
                    end: i,
                });
            }
            Some(b'/')
                if (complete && i + 1 == last) || (!complete && tag.get(i + 1) == Some(&b'>')) =>
            {
                return Ok(RawStartTag {
                    name: (1, ne),
                    colon,
                    empty: true,
                    plain,
                    end: i + 1,
                });
            }
            Some(_) if i == ws_start => {
                return Err(syntax(i, "expected whitespace, `>` or `/>` in a start tag"));
            }
            Some(_) => {}
            None => return Err(syntax(i, "unterminated start tag")),
        }
        let (an_end, acolon) = scan_qname(tag, i, max_name, &mut plain)?;
        if an_end == i {
            return Err(syntax(i, "expected an attribute name"));
        }
        let name = (i, an_end);
        i = an_end;
        while i < last && is_ws(tag[i]) {
            i += 1;
        }
        if tag.get(i) != Some(&b'=') {
            return Err(syntax(i, "expected `=` after an attribute name"));
        }
        i += 1;
        while i < last && is_ws(tag[i]) {
            i += 1;
        }
        let q = match tag.get(i) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Err(syntax(i, "expected a quoted attribute value")),
        };
        let vstart = i + 1;
        let Some((vlen, (lt, needs_decode, high))) =
            quoted_value(tag.get(vstart..).unwrap_or_default(), q)
        else {
            return Err(syntax(i, "unterminated attribute value"));
        };
        let vend = vstart + vlen;
        let value = &tag[vstart..vend];
        // A byte below 0x20 (which makes the value need decoding) makes
        // the tag not plain, so that the caller checks it; so does a byte
        // above 0x7F, unless the value alone is seen to be made of XML
        // characters here (a JID with a non-ASCII node: the caller need
        // not check the whole tag again).
        plain &= !needs_decode && (!high || chars_ok(value));
        if lt && let Some(k) = memchr::memchr(b'<', value) {
            return Err(syntax(
                vstart + k,
                "`<` is not allowed in an attribute value",
            ));
        }
        if attrs.len() - first_attr >= max_attrs {
            return Err(TokError {
                at: name.0,
                kind: TokErrorKind::TooManyAttributes,
            });
        }
        // Offsets are kept in 32 bits: a tag reaching 4 GiB is past every
        // size limit, and is not parsed here (the lexer's path reports the
        // limit). Below that, every offset of the attribute fits.
        if vend > u32::MAX as usize {
            return Err(syntax(vend, "start tag of 4 GiB or more"));
        }
        attrs.push(RawAttr {
            name: (name.0 as u32, name.1 as u32),
            colon: acolon.map_or(0, |c| c as u32),
            value: (vstart as u32, vend as u32),
            needs_decode,
        });
        i = vend + 1;
    }
}

/// Parses a complete end tag `tag` (`</name S?>`), returning the range of
/// the qualified name.
pub(crate) fn parse_end_tag(tag: &[u8], max_name: usize) -> Result<(usize, usize), TokError> {
    let (ne, _) = scan_qname(tag, 2, max_name, &mut true)?;
    if ne == 2 {
        return Err(syntax(2, "expected an element name after `</`"));
    }
    let last = tag.len().saturating_sub(1);
    let mut i = ne;
    while i < last && is_ws(tag[i]) {
        i += 1;
    }
    if i != last || tag.get(i) != Some(&b'>') {
        return Err(syntax(i, "expected `>` to close the end tag"));
    }
    Ok((2, ne))
}

/// Appends `raw` to `out` with references resolved and line ends
/// normalized (XML 1.0 §2.11: `\r\n` and lone `\r` become `\n`). With
/// `attr`, also normalizes attribute-value whitespace (§3.3.3: literal tab,
/// newline and carriage return become a space; their character references
/// are kept). With `refs == false` (CDATA sections), `&` is literal.
/// `raw` must already be checked by [`check_chars`].
pub(crate) fn decode_into(
    out: &mut impl bytes::BufMut,
    raw: &[u8],
    attr: bool,
    refs: bool,
) -> Result<(), TokError> {
    let nl = if attr { b' ' } else { b'\n' };
    let mut i = 0;
    let mut last = 0;
    while i < raw.len() {
        match raw[i] {
            b'\r' => {
                out.put_slice(&raw[last..i]);
                out.put_u8(nl);
                i += if raw.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                last = i;
            }
            b'\n' | b'\t' if attr => {
                out.put_slice(&raw[last..i]);
                out.put_u8(b' ');
                i += 1;
                last = i;
            }
            b'&' if refs => {
                out.put_slice(&raw[last..i]);
                let Some(semi) = raw[i..].iter().take(64).position(|&c| c == b';') else {
                    return Err(syntax(
                        i,
                        "`&` must start a reference ending with `;` (write `&amp;`)",
                    ));
                };
                let name = &raw[i + 1..i + semi];
                let code = match name {
                    b"lt" => u32::from(b'<'),
                    b"gt" => u32::from(b'>'),
                    b"amp" => u32::from(b'&'),
                    b"quot" => u32::from(b'"'),
                    b"apos" => u32::from(b'\''),
                    [b'#', b'x', hex @ ..] => {
                        char_ref(hex, 16).ok_or(syntax(i, "invalid character reference"))?
                    }
                    [b'#', dec @ ..] => {
                        char_ref(dec, 10).ok_or(syntax(i, "invalid character reference"))?
                    }
                    _ => {
                        return Err(match check_name(name) {
                            Ok(()) => TokError {
                                at: i,
                                kind: TokErrorKind::UndefinedEntity(
                                    String::from_utf8_lossy(name).into_owned(),
                                ),
                            },
                            Err(_) => syntax(i, "`&` must start a reference (write `&amp;`)"),
                        });
                    }
                };
                // Surrogates and code points past U+10FFFF are not
                // characters at all: reported with the number written.
                let Some(c) = char::from_u32(code).filter(|_| is_xml_char(code)) else {
                    return Err(TokError {
                        at: i,
                        kind: TokErrorKind::InvalidChar(code),
                    });
                };
                let mut buf = [0u8; 4];
                out.put_slice(c.encode_utf8(&mut buf).as_bytes());
                i += semi + 1;
                last = i;
            }
            _ => {
                // Jump to the next byte that may need work.
                let rest = raw.get(i + 1..).unwrap_or_default();
                let next = if attr {
                    rest.iter()
                        .position(|&c| matches!(c, b'\r' | b'\n' | b'\t' | b'&'))
                } else if refs {
                    memchr::memchr2(b'&', b'\r', rest)
                } else {
                    memchr::memchr(b'\r', rest)
                };
                i = next.map_or(raw.len(), |k| i + 1 + k);
            }
        }
    }
    out.put_slice(&raw[last..]);
    Ok(())
}

/// The code point a numeric reference's digits (`radix` 10 or 16) spell,
/// if they are well formed: at least one digit, nothing else. Leading
/// zeros are allowed, as XML 1.0 §4.1 allows them (the reference as a
/// whole is looked for within 64 bytes). The value is not checked here: a
/// surrogate or a number past U+10FFFF is returned as written (past 32
/// bits, `u32::MAX`) for the caller to reject as not a character.
fn char_ref(digits: &[u8], radix: u32) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    let mut n = 0u32;
    for &c in digits {
        let d = char::from(c).to_digit(radix)?;
        n = n.saturating_mul(radix).saturating_add(d);
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(raw: &str, attr: bool) -> Result<String, TokError> {
        let mut out = Vec::new();
        decode_into(&mut out, raw.as_bytes(), attr, true)?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn references() {
        assert_eq!(
            dec("a&lt;&gt;&amp;&quot;&apos;b", false).unwrap(),
            "a<>&\"'b"
        );
        assert_eq!(dec("&#65;&#x42;&#x1F600;", false).unwrap(), "AB😀");
        assert_eq!(dec("a\r\nb\rc", false).unwrap(), "a\nb\nc");
        assert_eq!(dec("a\tb\nc\r\nd&#9;", true).unwrap(), "a b c d\t");
        assert!(matches!(
            dec("&nbsp;", false).unwrap_err().kind,
            TokErrorKind::UndefinedEntity(ref n) if n == "nbsp"
        ));
        for bad in [
            "&",
            "& ",
            "&;",
            "&#;",
            "&#x;",
            "&#xZZ;",
            "&#12a;",
            "&lt",
            "&#x110000;",
        ] {
            let e = dec(bad, false).unwrap_err();
            assert!(
                matches!(
                    e.kind,
                    TokErrorKind::Syntax(_) | TokErrorKind::InvalidChar(_)
                ),
                "{bad}"
            );
        }
        // Each reported as the code point written, not as another one.
        for (bad, code) in [
            ("&#0;", 0),
            ("&#x1;", 1),
            ("&#xD800;", 0xD800),
            ("&#xFFFE;", 0xFFFE),
            ("&#x110000;", 0x11_0000),
            ("&#1114112;", 0x11_0000),
            ("&#xFFFFFFFFFFFF;", u32::MAX),
        ] {
            assert_eq!(
                dec(bad, false).unwrap_err().kind,
                TokErrorKind::InvalidChar(code),
                "{bad}"
            );
        }
        // XML 1.0 §4.1 allows leading zeros, however many.
        assert_eq!(dec("&#x0000000041;&#00000000066;", false).unwrap(), "AB");
        assert_eq!(dec("&#x10FFFF;", false).unwrap(), "\u{10FFFF}");
        // Decimal references take decimal digits only; hex both cases.
        assert!(dec("&#1F;", false).is_err());
        assert_eq!(dec("&#x4a;&#x4A;", false).unwrap(), "JJ");
        // CDATA: no references.
        let mut out = Vec::new();
        decode_into(&mut out, b"&amp;\r\n", false, false).unwrap();
        assert_eq!(out, b"&amp;\n");
    }

    #[test]
    fn chars() {
        assert!(check_chars("plain é 😀\t\r\n".as_bytes()).is_ok());
        assert_eq!(
            check_chars(b"ab\x00").unwrap_err().kind,
            TokErrorKind::InvalidChar(0)
        );
        assert_eq!(
            check_chars(b"ab\xff").unwrap_err().kind,
            TokErrorKind::InvalidUtf8
        );
        assert_eq!(
            check_chars("\u{FFFF}".as_bytes()).unwrap_err().kind,
            TokErrorKind::InvalidChar(0xFFFF)
        );
        assert_eq!(
            check_chars(b"\xed\xa0\x80").unwrap_err().kind,
            TokErrorKind::InvalidUtf8
        );
        let mut long = vec![b'a'; 200];
        long[130] = 1;
        assert_eq!(check_chars(&long).unwrap_err().at, 130);
    }

    #[test]
    fn fast_char_check_agrees_with_slow() {
        // Pieces that exercise every branch, joined at random offsets so
        // that they straddle the eight-byte words and sixteen-byte blocks.
        let pieces: [&[u8]; 14] = [
            b"abcdefgh",
            b"x",
            b"\t\n\r",
            b"\x00",
            b"\x1f",
            "é".as_bytes(),
            "日本".as_bytes(),
            "😀".as_bytes(),
            "\u{FFFD}".as_bytes(),
            b"\xEF\xBF\xBE",
            b"\xEF\xBF\xBF",
            b"\xff",
            b"\xed\xa0\x80",
            b"\xc3",
        ];
        // Up to twelve pieces: texts of several sixteen-byte blocks too.
        random_joins(&pieces, 0x1234_5678, 13, |b| {
            assert_eq!(check_chars(b), check_chars_slow(b), "{b:?}");
        });
    }

    /// Calls `check` on 20 000 joins of up to `max - 1` random `pieces`
    /// (a fixed sequence from `seed`).
    fn random_joins(pieces: &[&[u8]], mut seed: u64, max: u64, check: impl Fn(&[u8])) {
        for _ in 0..20_000 {
            let mut b = Vec::new();
            for _ in 0..(seed % max) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                b.extend_from_slice(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            check(&b);
        }
    }

    #[test]
    fn inline_utf8_check_agrees_with_the_standard_library() {
        // Every lead and second byte, with third and fourth bytes at the
        // edges of the continuation range (and outside it).
        let edges = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBE, 0xBF, 0xC0,
        ];
        for c0 in 0x80..=0xFFu8 {
            for c1 in 0..=0xFFu8 {
                assert_eq!(chars_ok(&[c0, c1]), check_chars_slow(&[c0, c1]).is_ok());
                for &c2 in &edges {
                    let b3 = [c0, c1, c2];
                    assert_eq!(chars_ok(&b3), check_chars_slow(&b3).is_ok(), "{b3:x?}");
                    for &c3 in &edges {
                        let b4 = [c0, c1, c2, c3];
                        assert_eq!(chars_ok(&b4), check_chars_slow(&b4).is_ok(), "{b4:x?}");
                    }
                }
            }
            assert_eq!(chars_ok(&[c0]), check_chars_slow(&[c0]).is_ok());
        }
    }

    /// `check_text` is `check_chars` plus a search for `>`, `&` and
    /// carriage returns: every byte value at every position of texts up to
    /// three words long, in front of plain, special and non-ASCII tails,
    /// then the random joins of the character-check pieces.
    #[test]
    fn text_check_agrees_with_a_check_and_a_search() {
        let expected =
            |b: &[u8]| check_chars(b).map(|()| b.iter().any(|&c| matches!(c, b'>' | b'&' | b'\r')));
        for len in 1..=24 {
            for at in 0..len {
                for c in 0..=0xFFu8 {
                    for tail in [&b""[..], b">", b"&", "é".as_bytes(), b"abcdefgh"] {
                        let mut v = vec![b'a'; len];
                        v[at] = c;
                        v.extend_from_slice(tail);
                        assert_eq!(check_text(&v), expected(&v), "{v:x?}");
                    }
                }
            }
        }
        let pieces: [&[u8]; 8] = [
            b"abcdefgh",
            b">",
            b"&amp;",
            b"\r\n",
            "é".as_bytes(),
            "😀".as_bytes(),
            b"\x00",
            b"\xff",
        ];
        random_joins(&pieces, 0x9E37_79B9, 13, |b| {
            assert_eq!(check_text(b), expected(b), "{b:x?}");
        });
    }

    /// `quoted_value` on `v` (quote `'`) against a byte loop: the length
    /// and the first two flags exactly; the third flag is set for every
    /// value with a byte above 0x7F that is not made of XML characters,
    /// and for no value without such a byte.
    fn check_quoted_value(v: &[u8]) {
        let got = quoted_value(v, b'\'');
        let Some(k) = v.iter().position(|&c| c == b'\'') else {
            assert_eq!(got, None, "{v:x?}");
            return;
        };
        let val = &v[..k];
        let Some((len, (lt, dec, hi))) = got else {
            panic!("no value found in {v:x?}");
        };
        assert_eq!(len, k, "{v:x?}");
        assert_eq!(lt, val.contains(&b'<'), "{v:x?}");
        assert_eq!(dec, val.iter().any(|&c| c == b'&' || c < 0x20), "{v:x?}");
        let high = val.iter().any(|&c| c >= 0x80);
        // Controls are the second flag's business: left out here.
        let chars: Vec<u8> = val.iter().copied().filter(|&c| c >= 0x20).collect();
        if !hi {
            assert!(!high || check_chars_slow(&chars).is_ok(), "{v:x?}");
        }
        if !high {
            assert!(!hi, "{v:x?}");
        }
        if check_chars_slow(&chars).is_err() {
            assert!(hi, "{v:x?}");
        }
    }

    #[test]
    fn quoted_values_check_non_ascii_text() {
        // Valid non-ASCII values, alone and before more of the buffer,
        // long enough to be checked in blocks: the third flag stays clear.
        for val in [
            "søren@montague.example/Conversations.q9",
            "капулетти@example.net",
            "日本語😀 naïve café ça va",
        ] {
            let mut v = val.as_bytes().to_vec();
            v.extend_from_slice(b"' to='juliet@example.com' id='a1'>");
            assert_eq!(
                quoted_value(&v, b'\''),
                Some((val.len(), (false, false, false))),
                "{val}"
            );
            check_quoted_value(&v);
        }
        // Invalid ones, at every position of a long value.
        for bad in [
            &b"\xff"[..],
            b"\xc3",
            b"\xed\xa0\x80",
            b"\xef\xbf\xbe",
            b"\xf4\x90\x80\x80",
            b"\xe0\x80\x80",
        ] {
            for at in 0..40 {
                let mut v = "é".repeat(20).into_bytes();
                v.splice(at..at, bad.iter().copied());
                v.extend_from_slice(b"' and more of the stanza after it>");
                check_quoted_value(&v);
                assert!(
                    quoted_value(&v, b'\'').is_some_and(|(_, (_, _, hi))| hi),
                    "{v:x?}"
                );
            }
        }
        // Random joins of valid and invalid pieces.
        let pieces: [&[u8]; 9] = [
            b"abcdefgh",
            b"x",
            "é".as_bytes(),
            "日本".as_bytes(),
            "😀".as_bytes(),
            b"\xff",
            b"\xc3",
            b"\xef\xbf\xbf",
            b"&<\x01",
        ];
        random_joins(&pieces, 0x51_7CC1_B727, 13, |b| {
            let mut v = b.to_vec();
            v.extend_from_slice(b"' rest of the tag, long enough for a block>");
            check_quoted_value(&v);
        });
    }

    #[test]
    fn quoted_values_agree_with_a_byte_loop() {
        // Every byte value at every position of values of every length up
        // to two words and a half, then the quote and bytes that must not
        // count (or no quote at all).
        for len in 1..=20 {
            for at in 0..len {
                for c in 0..=0xFFu8 {
                    for after in [&b"'x<&\x01\x80 '"[..], b"'", b""] {
                        let mut v = vec![b'a'; len];
                        v[at] = c;
                        v.extend_from_slice(after);
                        check_quoted_value(&v);
                    }
                }
            }
        }
    }

    /// Start tags that no parse accepts.
    const BAD_START_TAGS: [&[u8]; 17] = [
        b"<a x='1'y='2'>",
        b"<a x>",
        b"<a x=1>",
        b"<a x='<'>",
        b"<1a>",
        b"<a:>",
        b"<:a>",
        b"<a:b:c>",
        b"<a:.b>",
        b"<a:1b>",
        b"<a xmlns:.b='x'>",
        b"< a>",
        b"<a / >",
        b"<a x='1>",
        b"<a <b>",
        b"<a x='1' / >",
        b"<a x='1' x:y:z='2'>",
    ];

    #[test]
    fn tags() {
        let mut attrs = Vec::new();
        let t = parse_start_tag(b"<a:b x='1' y = \"&amp;\"/>", &mut attrs, 100, 10).unwrap();
        assert_eq!(t.name, (1, 4));
        assert_eq!(t.colon, Some(2));
        assert!(t.empty);
        assert_eq!(attrs.len(), 2);
        assert!(attrs[1].needs_decode);
        for bad in BAD_START_TAGS {
            attrs.clear();
            assert!(
                parse_start_tag(bad, &mut attrs, 100, 10).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        assert_eq!(
            parse_start_tag(b"<abcdef>", &mut attrs, 3, 10)
                .unwrap_err()
                .kind,
            TokErrorKind::NameTooLong
        );
        attrs.clear();
        assert_eq!(
            parse_start_tag(b"<a x='' y=''>", &mut attrs, 3, 1)
                .unwrap_err()
                .kind,
            TokErrorKind::TooManyAttributes
        );
        // `plain`: the caller may skip `check_chars` only for plain ASCII
        // and for non-ASCII values seen to be XML characters.
        for (tag, plain) in [
            (&b"<a x='1' y:z=\"v\">"[..], true),
            (b"<a\tx='1'\n/>", true),
            ("<é x='1'>".as_bytes(), false),
            (
                "<a x='é' y='日本語😀 søren@example.com/pc'>".as_bytes(),
                true,
            ),
            (b"<a x='\xff'>", false),
            (b"<a x='\xc3'>", false),
            ("<a x='é\u{1}'>".as_bytes(), false),
            (b"<a x='\xc3\xa9\xef\xbf\xbe'>", false),
            (b"<a x='\xed\xa0\x80'>", false),
            (b"<a x='\x01'>", false),
            (b"<a x='\t'>", false),
            (b"<a x='&amp;'>", false),
        ] {
            attrs.clear();
            let t = parse_start_tag(tag, &mut attrs, 100, 10).unwrap();
            assert_eq!(t.plain, plain, "{}", String::from_utf8_lossy(tag));
            assert!(!plain || check_chars(tag).is_ok());
        }
        assert_eq!(parse_end_tag(b"</a:b >", 100).unwrap(), (2, 5));
        assert!(parse_end_tag(b"</a x>", 100).is_err());
        assert!(parse_end_tag(b"</>", 100).is_err());
    }

    /// `parse_start_tag_in` on a buffer that holds a tag and more gives
    /// exactly `parse_start_tag`'s result on the tag, and nothing on any
    /// cut of it or on an invalid tag.
    #[test]
    fn tag_in_buffer_is_the_tag_parsed_alone() {
        let valid: [&[u8]; 8] = [
            b"<a>",
            b"<a/>",
            b"<a:b x='1' y = \"&amp;\"/>",
            b"<message to='a@b/c' type='chat' id='x>y'>",
            b"<a\tx='1'\n/>",
            "<é x='é'>".as_bytes(),
            b"<x xmlns='urn:x' xmlns:p='urn:p' p:q=''>",
            b"<a x=\"'\" y='\"'  >",
        ];
        for tag in valid {
            let mut alone = Vec::new();
            let expected = parse_start_tag(tag, &mut alone, 100, 10).unwrap();
            assert_eq!(expected.end, tag.len() - 1);
            for rest in [&b""[..], b"text</a>", b"<b c='>'/>", b">"] {
                let buf = [tag, rest].concat();
                let mut attrs = vec![RawAttr {
                    name: (0, 0),
                    colon: 0,
                    value: (0, 0),
                    needs_decode: false,
                }];
                let got = parse_start_tag_in(&buf, &mut attrs, 100, 10);
                assert_eq!(got, Some(expected), "{}", String::from_utf8_lossy(&buf));
                assert_eq!(
                    attrs[1..],
                    alone[..],
                    "attributes appended after what was there"
                );
            }
            for cut in 0..tag.len() {
                let mut attrs = Vec::new();
                let got = parse_start_tag_in(&tag[..cut], &mut attrs, 100, 10);
                assert_eq!(got, None, "cut at {cut}: {}", String::from_utf8_lossy(tag));
            }
        }
        for bad in BAD_START_TAGS {
            let mut attrs = Vec::new();
            assert_eq!(
                parse_start_tag_in(bad, &mut attrs, 100, 10),
                None,
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        // Limits make it give up too (the lexer's path reports them).
        assert_eq!(
            parse_start_tag_in(b"<abcdef>", &mut Vec::new(), 3, 10),
            None
        );
        assert_eq!(
            parse_start_tag_in(b"<a x='' y=''>", &mut Vec::new(), 3, 1),
            None
        );
    }
}
