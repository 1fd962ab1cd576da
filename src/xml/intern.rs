//! Static copies of the names, namespaces and values that most stanzas
//! use, so that the parser can hand out `ByteStr::from_static` instead of a
//! reference-counted slice of the receive buffer.

use super::ns;

/// The strings kept: names, namespaces and attribute values common in
/// XMPP traffic.
const WORDS: &[&str] = &[
    // Stanzas and their common children (RFC 6120, RFC 6121).
    "message",
    "presence",
    "iq",
    "body",
    "subject",
    "thread",
    "show",
    "status",
    "priority",
    "error",
    "query",
    "item",
    "group",
    "x",
    "c",
    "delay",
    "active",
    "composing",
    "paused",
    "request",
    "received",
    "ping",
    "bind",
    "jid",
    "resource",
    "features",
    "text",
    // Attribute names.
    "to",
    "from",
    "id",
    "type",
    "lang",
    "name",
    "subscription",
    "ask",
    "node",
    "ver",
    "hash",
    "stamp",
    "version",
    // Attribute values.
    "chat",
    "groupchat",
    "normal",
    "headline",
    "get",
    "set",
    "result",
    "both",
    "none",
    "away",
    "xa",
    "dnd",
    "unavailable",
    "subscribe",
    "subscribed",
    "sha-1",
    "1.0",
    "en",
    "de",
    "fr",
    // Namespaces.
    ns::JABBER_CLIENT,
    ns::JABBER_SERVER,
    ns::COMPONENT_ACCEPT,
    ns::STREAM,
    ns::STREAM_ERRORS,
    ns::TLS,
    ns::SASL,
    ns::BIND,
    ns::STANZAS,
    ns::SESSION,
    ns::FRAMING,
    ns::ROSTER,
    "urn:xmpp:ping",
    "urn:xmpp:delay",
    "urn:xmpp:receipts",
    "urn:xmpp:sm:3",
    "http://jabber.org/protocol/chatstates",
    "http://jabber.org/protocol/caps",
    "http://jabber.org/protocol/disco#info",
    "http://jabber.org/protocol/disco#items",
    "vcard-temp:x:update",
];

/// Slots in each table: a power of two.
const BITS: u32 = 10;
const SLOTS: usize = 1 << BITS;

/// A perfect hash table: each word has a slot of its own, found with one
/// multiply; a slot holds the word's key and the word (`""` if empty).
type Table = [(u64, &'static str); SLOTS];

/// The words of at most eight bytes (names, most values), keyed by their
/// bytes as a little-endian integer: a lookup is one load of the key, one
/// multiply, one load of the slot and one comparison, with no branch on
/// the word's length (a decision tree of byte comparisons mispredicts on
/// the mix of names in a stanza).
static SHORT: Table = SHORT_FOUND.1;
const SHORT_FOUND: (u64, Table) = perfect(true);

/// The longer words (namespaces), keyed by their first and last eight
/// bytes, and confirmed by comparing all of them.
static LONG: Table = LONG_FOUND.1;
const LONG_FOUND: (u64, Table) = perfect(false);

/// The key of a word of at most eight bytes.
const fn short_key(b: &[u8]) -> u64 {
    let mut k = 0u64;
    let mut i = 0;
    while i < b.len() && i < 8 {
        k |= (b[i] as u64) << (8 * i);
        i += 1;
    }
    k
}

/// The key of a word of more than eight bytes.
const fn long_key(b: &[u8]) -> u64 {
    let n = b.len();
    let (mut first, mut last) = (0u64, 0u64);
    let mut i = 0;
    while i < 8 && n >= 8 {
        first |= (b[i] as u64) << (8 * i);
        last |= (b[n - 8 + i] as u64) << (8 * i);
        i += 1;
    }
    first ^ last.rotate_left(23)
}

#[inline(always)]
const fn slot(key: u64, len: usize, mul: u64) -> usize {
    ((key ^ len as u64).wrapping_mul(mul) >> (64 - BITS)) as usize
}

/// The table of the short (`short`) or long words with multiplier `mul`,
/// if no two of them share a slot.
const fn table(short: bool, mul: u64) -> Option<Table> {
    let mut t: Table = [(0, ""); SLOTS];
    let mut w = 0;
    while w < WORDS.len() {
        let b = WORDS[w].as_bytes();
        if !b.is_empty() && (b.len() <= 8) == short {
            let key = if short { short_key(b) } else { long_key(b) };
            let i = slot(key, b.len(), mul);
            if !t[i].1.is_empty() {
                return None;
            }
            t[i] = (key, WORDS[w]);
        }
        w += 1;
    }
    Some(t)
}

/// A multiplier that makes a perfect table, found at compile time.
const fn perfect(short: bool) -> (u64, Table) {
    let mut mul: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut tries = 0;
    while tries < 10_000 {
        if let Some(t) = table(short, mul) {
            return (mul, t);
        }
        mul = mul.wrapping_add(0x0000_0001_0000_0002);
        tries += 1;
    }
    panic!("intern: no perfect hash multiplier found");
}

/// Looks up a word of `len` (1 to 8) bytes by its key.
#[inline(always)]
fn short(key: u64, len: usize) -> Option<&'static str> {
    let (k, w) = SHORT.get(slot(key, len, SHORT_FOUND.0))?;
    (*k == key && w.len() == len).then_some(*w)
}

/// The static copy of `b`, if it is one of the common XMPP names,
/// namespaces or attribute values.
pub(crate) fn intern(b: &[u8]) -> Option<&'static str> {
    match b.len() {
        0 => None,
        len @ 1..=8 => short(short_key(b), len),
        len => {
            let key = long_key(b);
            let (k, w) = LONG.get(slot(key, len, LONG_FOUND.0))?;
            (*k == key && w.as_bytes() == b).then_some(*w)
        }
    }
}

/// [`intern`] of `buf[s..e]`. A short word's key is read with one
/// eight-byte load from `buf` when it has eight bytes from `s` (the
/// parser's case: a name or value is followed by more of its stanza).
#[inline(always)]
pub(crate) fn intern_at(buf: &[u8], s: usize, e: usize) -> Option<&'static str> {
    let len = e.wrapping_sub(s);
    if (1..=8).contains(&len)
        && let Some(w) = buf.get(s..s.saturating_add(8))
    {
        let mut a = [0u8; 8];
        a.copy_from_slice(w);
        return short(u64::from_le_bytes(a) & (u64::MAX >> (64 - 8 * len)), len);
    }
    intern(buf.get(s..e)?)
}

#[cfg(test)]
mod tests {
    use super::{WORDS, intern, intern_at};

    #[test]
    fn interned_copies_are_equal() {
        for s in [
            "message",
            "jabber:client",
            "http://jabber.org/protocol/caps",
            "en",
        ] {
            assert_eq!(intern(s.as_bytes()), Some(s));
        }
        assert_eq!(intern(b"messagex"), None);
    }

    #[test]
    fn words_are_distinct_and_non_empty() {
        for (i, w) in WORDS.iter().enumerate() {
            assert!(!w.is_empty());
            assert!(!WORDS[..i].contains(w), "{w} twice");
        }
    }

    /// Every word is found, alone and inside a larger buffer (where a short
    /// word's key is read with one load past its end), and nothing else:
    /// every prefix, extension and one-byte change of a word is looked up
    /// against the plain list.
    #[test]
    fn finds_exactly_the_words() {
        let expect = |b: &[u8]| WORDS.iter().copied().find(|w| w.as_bytes() == b);
        let check = |b: &[u8]| {
            let want = expect(b);
            assert_eq!(intern(b), want, "{:?}", String::from_utf8_lossy(b));
            // At the start of a longer buffer, in its middle, and at its end
            // (no eight bytes after it: the fallback).
            for (before, after) in [
                (&b""[..], &b"='x'>"[..]),
                (b"<a ", b"='1'/>"),
                (b"<a ", b""),
            ] {
                let buf = [before, b, after].concat();
                let (s, e) = (before.len(), before.len() + b.len());
                assert_eq!(intern_at(&buf, s, e), want, "{:?} in {:?}", b, buf);
            }
        };
        for w in WORDS {
            let b = w.as_bytes();
            check(b);
            for k in 0..b.len() {
                check(&b[..k]);
                check(&b[k + 1..]);
                for c in [b'a', b'z', b'-', 0, 0xC3] {
                    let mut v = b.to_vec();
                    v[k] = c;
                    check(&v);
                }
            }
            for tail in [&b"x"[..], b"\0", b"abcdefgh"] {
                check(&[b, tail].concat());
            }
        }
        assert_eq!(intern_at(b"message", 3, 2), None, "reversed range");
        assert_eq!(intern_at(b"message", 0, 99), None, "out of bounds");
    }
}
