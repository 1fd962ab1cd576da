//! Sixteen bytes classified at once, for the tokenizer's scans of text and
//! attribute values ([`super::tokenizer`]): where a value's closing quote
//! is, and which bytes are `<`, `&`, `>`, controls or non-ASCII, the bytes
//! that restricted XML ([RFC 6120 §11.1]) and XML 1.0 (§2.2 `Char`, §2.4
//! character data, §3.1 `AttValue`) make the tokenizer look at one by one.
//!
//! [RFC 6120 §11.1]: https://www.rfc-editor.org/rfc/rfc6120#section-11.1
//!
//! On x86-64 this is SSE2 (part of every x86-64 processor, so always
//! enabled for that target): one load, a few byte compares and one
//! `pmovmskb` per mask. Elsewhere the same masks come from a byte loop
//! ([`value_block_scalar`], [`text_block_scalar`]), which is also the
//! oracle the unit tests hold the SSE2 path to.
//!
//! This is the one module of the crate with `unsafe` code: calls of
//! functions compiled with `#[target_feature(enable = "sse2")]`, which
//! Rust lets a caller make only in an `unsafe` block even where, as here,
//! the feature is enabled for the whole target (the calls are compiled
//! only under `cfg(target_feature = "sse2")`). The functions themselves
//! touch no raw pointer: their loads are of `&[u8; 16]`. The need is
//! measured in CHANGELOG.md (the stream bench, per stanza).
#![allow(unsafe_code)]

/// Where the bytes of interest are in a block of an attribute value: bit
/// `k` stands for byte `k`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ValueMasks {
    /// The closing quote.
    pub quote: u32,
    /// `<`, never allowed in a value.
    pub lt: u32,
    /// `&` or a byte below 0x20: the value needs decoding.
    pub decode: u32,
    /// A byte above 0x7F.
    pub high: u32,
}

/// Where the bytes of interest are in a block of character data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TextMasks {
    /// A byte below 0x20 or above 0x7F: not plain ASCII.
    pub other: u32,
    /// `>` or `&`.
    pub special: u32,
}

/// Classifies the 16 bytes of an attribute value block closed by quote `q`.
#[inline(always)]
pub(crate) fn value_block(b: &[u8; 16], q: u8) -> ValueMasks {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: `sse2::value_block` needs SSE2, and this is compiled only
        // where SSE2 is enabled for the whole target (`cfg` above).
        unsafe { sse2::value_block(b, q) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        value_block_scalar(b, q)
    }
}

/// Classifies the 16 bytes of a block of character data.
#[inline(always)]
pub(crate) fn text_block(b: &[u8; 16]) -> TextMasks {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: as in `value_block`: SSE2 is enabled for the target.
        unsafe { sse2::text_block(b) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        text_block_scalar(b)
    }
}

/// [`value_block`], a byte at a time.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
pub(crate) fn value_block_scalar(b: &[u8; 16], q: u8) -> ValueMasks {
    let mut m = ValueMasks {
        quote: 0,
        lt: 0,
        decode: 0,
        high: 0,
    };
    for (k, &c) in b.iter().enumerate() {
        let bit = 1u32 << k;
        if c == q {
            m.quote |= bit;
        }
        if c == b'<' {
            m.lt |= bit;
        }
        if c == b'&' || c < 0x20 {
            m.decode |= bit;
        }
        if c >= 0x80 {
            m.high |= bit;
        }
    }
    m
}

/// [`text_block`], a byte at a time.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
pub(crate) fn text_block_scalar(b: &[u8; 16]) -> TextMasks {
    let mut m = TextMasks {
        other: 0,
        special: 0,
    };
    for (k, &c) in b.iter().enumerate() {
        let bit = 1u32 << k;
        if !(0x20..0x80).contains(&c) {
            m.other |= bit;
        }
        if c == b'>' || c == b'&' {
            m.special |= bit;
        }
    }
    m
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use super::{TextMasks, ValueMasks};
    use core::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x,
        _mm_set1_epi8,
    };

    /// The block as a vector: two eight-byte reads, which the compiler
    /// joins into one unaligned load.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn load(b: &[u8; 16]) -> __m128i {
        let [
            a0,
            a1,
            a2,
            a3,
            a4,
            a5,
            a6,
            a7,
            b0,
            b1,
            b2,
            b3,
            b4,
            b5,
            b6,
            b7,
        ] = *b;
        let lo = i64::from_le_bytes([a0, a1, a2, a3, a4, a5, a6, a7]);
        let hi = i64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7]);
        _mm_set_epi64x(hi, lo)
    }

    /// The bytes of `v` equal to `c`, as a bit mask.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn eq(v: __m128i, c: u8) -> __m128i {
        _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8))
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn value_block(b: &[u8; 16], q: u8) -> ValueMasks {
        let v = load(b);
        // Signed bytes: those below 0x20 and those above 0x7F (negative)
        // are the ones less than 0x20.
        let below_or_high = _mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20))) as u32;
        let high = _mm_movemask_epi8(v) as u32;
        ValueMasks {
            quote: _mm_movemask_epi8(eq(v, q)) as u32,
            lt: _mm_movemask_epi8(eq(v, b'<')) as u32,
            decode: (_mm_movemask_epi8(eq(v, b'&')) as u32) | (below_or_high & !high),
            high,
        }
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn text_block(b: &[u8; 16]) -> TextMasks {
        let v = load(b);
        TextMasks {
            other: _mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20))) as u32,
            special: _mm_movemask_epi8(_mm_or_si128(eq(v, b'>'), eq(v, b'&'))) as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks that hold every byte value at every position, among plain
    /// bytes and the bytes the masks look for.
    fn blocks() -> Vec<[u8; 16]> {
        let mut out = Vec::new();
        let fillers: [&[u8]; 4] = [
            b"abcdefghijklmnop",
            b"<&>'\"\x00\x1f\x7f\x80\xff a=b  \t",
            b"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 x\r\n&&>",
            b"''''''''\"\"\"\"\"\"\"\"",
        ];
        for f in fillers {
            let base: [u8; 16] = f.try_into().unwrap_or([b'x'; 16]);
            for pos in 0..16 {
                for c in 0..=255u8 {
                    let mut b = base;
                    b[pos] = c;
                    out.push(b);
                }
            }
        }
        out
    }

    #[test]
    fn value_block_agrees_with_a_byte_loop() {
        for b in blocks() {
            for q in [b'\'', b'"'] {
                assert_eq!(value_block(&b, q), value_block_scalar(&b, q), "{b:?} {q}");
            }
        }
    }

    #[test]
    fn text_block_agrees_with_a_byte_loop() {
        for b in blocks() {
            assert_eq!(text_block(&b), text_block_scalar(&b), "{b:?}");
        }
    }

    #[test]
    fn masks_name_the_right_bytes() {
        let b = *b"a'<&\x01\xc3\xa9>\"bcdefgh";
        let v = value_block(&b, b'\'');
        assert_eq!(v.quote, 1 << 1);
        assert_eq!(v.lt, 1 << 2);
        assert_eq!(v.decode, (1 << 3) | (1 << 4));
        assert_eq!(v.high, (1 << 5) | (1 << 6));
        assert_eq!(value_block(&b, b'"').quote, 1 << 8);
        let t = text_block(&b);
        assert_eq!(t.other, (1 << 4) | (1 << 5) | (1 << 6));
        assert_eq!(t.special, (1 << 3) | (1 << 7));
    }
}
