//! Escaping of text and attribute values for the XML writer.
//!
//! Text escapes `&`, `<`, `>` and `\r` (so that a carriage return survives
//! XML's end-of-line normalization, XML 1.0 §2.11); attribute values also
//! escape both quotes and `\t`, `\n`, `\r` as character references, so that
//! attribute-value normalization (XML 1.0 §3.3.3) gives back the same value.

/// Appends `text` to `out`, escaped for character data.
///
/// ```
/// let mut out = Vec::new();
/// xmpp_sansio::xml::escape_text(&mut out, "a < b && c > d");
/// assert_eq!(out, b"a &lt; b &amp;&amp; c &gt; d");
/// ```
pub fn escape_text(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    if memchr::memchr3(b'&', b'<', b'>', bytes).is_none() && memchr::memchr(b'\r', bytes).is_none()
    {
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
    if bytes.iter().any(|&b| needs_attr_escape(b)) {
        escape_slow(out, bytes, true);
    } else {
        out.extend_from_slice(bytes);
    }
}

#[inline]
fn needs_attr_escape(b: u8) -> bool {
    matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | b'\t' | b'\n' | b'\r')
}

fn escape_slow(out: &mut Vec<u8>, bytes: &[u8], attr: bool) {
    out.reserve(bytes.len() + 16);
    let mut last = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'\r' => b"&#xD;",
            b'"' if attr => b"&quot;",
            b'\'' if attr => b"&apos;",
            b'\t' if attr => b"&#x9;",
            b'\n' if attr => b"&#xA;",
            _ => continue,
        };
        out.extend_from_slice(&bytes[last..i]);
        out.extend_from_slice(rep);
        last = i + 1;
    }
    out.extend_from_slice(&bytes[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;

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
        ] {
            let mut out = Vec::new();
            escape_attr(&mut out, input);
            assert_eq!(String::from_utf8(out).unwrap(), want, "{input:?}");
        }
    }
}
