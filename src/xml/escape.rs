//! Escaping of text and attribute values for the XML writer.
//!
//! Text escapes `&`, `<`, `>` and `\r` (so that a carriage return survives
//! XML's end-of-line normalization, XML 1.0 §2.11); attribute values also
//! escape both quotes and `\t`, `\n`, `\r` as character references, so that
//! attribute-value normalization (XML 1.0 §3.3.3) gives back the same value.
//!
//! A Rust string may hold characters that XML 1.0 does not allow in a
//! document at all, not even as character references (§2.2: the controls
//! U+0000–U+001F other than tab, line feed and carriage return, and U+FFFE
//! and U+FFFF). Written as they are, they would make the peer end the
//! stream with `not-well-formed` (RFC 6120 §4.9.3.13, §11.1); each is
//! written as U+FFFD REPLACEMENT CHARACTER instead, as Go's
//! `encoding/xml` does, so that the output is always well formed. Use
//! [`is_xml_text`](super::is_xml_text) to find them first.

/// U+FFFD, written in place of a character XML does not allow.
const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

/// Appends `text` to `out`, escaped for character data.
///
/// ```
/// let mut out = Vec::new();
/// xmpp_sansio::xml::escape_text(&mut out, "a < b && c > d");
/// assert_eq!(out, b"a &lt; b &amp;&amp; c &gt; d");
/// // A character XML forbids cannot be escaped: it is replaced.
/// out.clear();
/// xmpp_sansio::xml::escape_text(&mut out, "bell\u{7}");
/// assert_eq!(out, "bell\u{FFFD}".as_bytes());
/// ```
pub fn escape_text(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    if !needs_look(bytes, LOOK_TEXT) {
        out.extend_from_slice(bytes);
    } else {
        escape_slow(out, bytes, false);
    }
}

/// Appends `value` to `out`, escaped for an attribute value in either kind
/// of quotes.
///
/// ```
/// let mut out = Vec::new();
/// xmpp_sansio::xml::escape_attr(&mut out, "it's \"1\"\t<2>");
/// assert_eq!(out, b"it&apos;s &quot;1&quot;&#x9;&lt;2&gt;");
/// ```
pub fn escape_attr(out: &mut Vec<u8>, value: &str) {
    let bytes = value.as_bytes();
    if needs_look(bytes, LOOK_ATTR) {
        escape_slow(out, bytes, true);
    } else {
        out.extend_from_slice(bytes);
    }
}

/// True if `s` holds only characters XML 1.0 allows in a document (§2.2),
/// so that [`escape_text`] and [`escape_attr`] write it without replacing
/// any.
///
/// ```
/// use xmpp_sansio::xml::is_xml_text;
/// assert!(is_xml_text("tab\t, new line\n, 😀"));
/// assert!(!is_xml_text("NUL \0"));
/// assert!(!is_xml_text("escape \u{1b}[0m"));
/// assert!(!is_xml_text("\u{FFFE}"));
/// ```
pub fn is_xml_text(s: &str) -> bool {
    s.chars().all(|c| super::tokenizer::is_xml_char(c.into()))
}

/// [`LOOK`] bit: the byte needs a look in [`escape_slow`] in text.
const LOOK_TEXT: u8 = 1;
/// [`LOOK`] bit: the byte needs a look in [`escape_slow`] in an attribute
/// value.
const LOOK_ATTR: u8 = 2;

/// The bytes [`escape_slow`] may change: `&`, `<`, `>`, carriage return
/// and the other controls (in text, tab and line feed are plain; in
/// attribute values they are escaped, as are both quotes), and `0xEF`, the
/// lead byte of U+FFFE and U+FFFF (and of other characters, which the slow
/// path then copies as they are).
static LOOK: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = match b {
            b'"' | b'\'' | b'\t' | b'\n' => LOOK_ATTR,
            b'&' | b'<' | b'>' | 0xEF | 0..0x20 => LOOK_TEXT | LOOK_ATTR,
            _ => 0,
        };
        i += 1;
    }
    t
};

/// True if `bytes` has a byte whose [`LOOK`] entry has a bit of `mask`:
/// one pass over the bytes decides whether they can be copied as they are.
#[inline]
fn needs_look(bytes: &[u8], mask: u8) -> bool {
    bytes.iter().any(|&b| LOOK[usize::from(b)] & mask != 0)
}

fn escape_slow(out: &mut Vec<u8>, bytes: &[u8], attr: bool) {
    out.reserve(bytes.len() + 16);
    let mut last = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (rep, len): (&[u8], usize) = match b {
            b'&' => (b"&amp;", 1),
            b'<' => (b"&lt;", 1),
            b'>' => (b"&gt;", 1),
            b'\r' => (b"&#xD;", 1),
            b'"' if attr => (b"&quot;", 1),
            b'\'' if attr => (b"&apos;", 1),
            b'\t' if attr => (b"&#x9;", 1),
            b'\n' if attr => (b"&#xA;", 1),
            b'\t' | b'\n' => {
                i += 1;
                continue;
            }
            0..0x20 => (REPLACEMENT, 1),
            // U+FFFE and U+FFFF: EF BF BE and EF BF BF.
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => {
                (REPLACEMENT, 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(bytes.get(last..i).unwrap_or_default());
        out.extend_from_slice(rep);
        i += len;
        last = i;
    }
    out.extend_from_slice(bytes.get(last..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::tokenizer::is_xml_char;

    #[test]
    fn text_table() {
        for (input, want) in [
            ("", ""),
            ("plain", "plain"),
            ("a&b", "a&amp;b"),
            ("<>", "&lt;&gt;"),
            ("quotes ' \" stay", "quotes ' \" stay"),
            ("cr\r\nlf", "cr&#xD;\nlf"),
            ("tab\tstays", "tab\tstays"),
            (
                "nul\0 bell\u{7} esc\u{1b}",
                "nul\u{FFFD} bell\u{FFFD} esc\u{FFFD}",
            ),
            (
                "\u{FFFE}\u{FFFF}\u{FFFD}\u{FF01}",
                "\u{FFFD}\u{FFFD}\u{FFFD}\u{FF01}",
            ),
            ("\u{B}\u{C}&", "\u{FFFD}\u{FFFD}&amp;"),
        ] {
            let mut out = Vec::new();
            escape_text(&mut out, input);
            assert_eq!(String::from_utf8(out).unwrap(), want, "{input:?}");
        }
    }

    #[test]
    fn attr_table() {
        for (input, want) in [
            ("", ""),
            ("plain é", "plain é"),
            ("a&b", "a&amp;b"),
            ("'\"", "&apos;&quot;"),
            ("\t\n\r", "&#x9;&#xA;&#xD;"),
            ("<x>", "&lt;x&gt;"),
            ("\u{1}'\u{FFFF}", "\u{FFFD}&apos;\u{FFFD}"),
            ("日本語 \u{FFEE}", "日本語 \u{FFEE}"),
        ] {
            let mut out = Vec::new();
            escape_attr(&mut out, input);
            assert_eq!(String::from_utf8(out).unwrap(), want, "{input:?}");
        }
    }

    /// Every character: written text and attribute values parse back to
    /// the same string where XML allows the character, and to U+FFFD
    /// where it does not; never to ill-formed XML.
    #[test]
    fn every_character_round_trips_or_is_replaced() {
        use crate::stream::{Limits, StreamEvent, StreamParser};
        let chars: Vec<char> = (0..0x11_0000u32)
            .filter(|c| *c < 0x800 || c % 61 == 0 || (0xFFF0..=0xFFFF).contains(c))
            .filter_map(char::from_u32)
            .collect();
        for piece in chars.chunks(512) {
            let s: String = piece.iter().collect();
            let want: String = piece
                .iter()
                .map(|&c| if is_xml_char(c.into()) { c } else { '\u{FFFD}' })
                .collect();
            let mut xml = b"<a xmlns='urn:t' v='".to_vec();
            escape_attr(&mut xml, &s);
            xml.extend_from_slice(b"'>");
            escape_text(&mut xml, &s);
            xml.extend_from_slice(b"</a>");
            let mut p = StreamParser::fragment(Limits::default());
            p.feed(&xml);
            let Ok(Some(StreamEvent::Element(e))) = p.next_event() else {
                panic!("not well formed: {:?}", String::from_utf8_lossy(&xml));
            };
            assert_eq!(e.attr("v"), Some(want.as_str()));
            assert_eq!(e.text(), want);
            assert_eq!(is_xml_text(&s), s == want);
        }
    }
}
