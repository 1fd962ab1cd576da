//! JID escaping ([XEP-0106]): carrying the ten characters a localpart cannot
//! hold (`space " & ' / : < > @` and, in sequences that look like an escape,
//! `\`) as `\hexhex`.
//!
//! [XEP-0106]: https://xmpp.org/extensions/xep-0106.html

use std::borrow::Cow;

use super::error::JidError;

/// Escapes a name for use as a localpart
/// ([XEP-0106 §3.2](https://xmpp.org/extensions/xep-0106.html#escaping),
/// [§4.2](https://xmpp.org/extensions/xep-0106.html#bizrules-algorithm)):
/// each of `space " & ' / : < > @` becomes `\20 \22 \26 \27 \2f \3a \3c \3e
/// \40`, and a `\` that starts one of the ten escape sequences (the nine
/// above and `\5c`) becomes `\5c`, so that unescaping gives the input back.
/// Any other `\` is left alone ([§4.3](https://xmpp.org/extensions/xep-0106.html#bizrules-exceptions):
/// "partial escape sequences… MUST be ignored").
///
/// Fails with [`JidError::EscapedSpaceAtEdge`] when `s` starts or ends with
/// a space: `\20` must not be first or last in an escaped localpart
/// ([§4.1](https://xmpp.org/extensions/xep-0106.html#bizrules-processing)).
/// The result still has to pass Nodeprep (e.g. a tab stays a tab and is then
/// refused by [`Jid::new`](super::Jid::new)); case is kept.
///
/// ```
/// use xmpp_sansio::jid::escape_node;
///
/// assert_eq!(escape_node("d'artagnan")?, r"d\27artagnan");
/// assert_eq!(escape_node(r"c:\5commas")?, r"c\3a\5c5commas");
/// assert_eq!(escape_node(r"c:\net")?, r"c\3a\net");
/// assert!(escape_node(" space cadet").is_err());
/// # Ok::<(), xmpp_sansio::jid::JidError>(())
/// ```
pub fn escape_node(s: &str) -> Result<Cow<'_, str>, JidError> {
    if s.starts_with(' ') || s.ends_with(' ') {
        return Err(JidError::EscapedSpaceAtEdge);
    }
    let needs = s.bytes().enumerate().any(|(i, b)| {
        escape_code(b).is_some() || (b == b'\\' && starts_escape(s.as_bytes().get(i + 1..)))
    });
    if !needs {
        return Ok(Cow::Borrowed(s));
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, ch) in s.char_indices() {
        let code = u8::try_from(ch).ok().and_then(|b| {
            escape_code(b).or_else(|| {
                (b == b'\\' && starts_escape(s.as_bytes().get(i + 1..))).then_some("5c")
            })
        });
        match code {
            Some(code) => {
                out.push('\\');
                out.push_str(code);
            }
            None => out.push(ch),
        }
    }
    Ok(Cow::Owned(out))
}

/// Unescapes a localpart for display or for a gateway
/// ([XEP-0106 §3.3](https://xmpp.org/extensions/xep-0106.html#unescaping)):
/// each of the ten sequences `\20 \22 \26 \27 \2f \3a \3c \3e \40 \5c`
/// (lowercase only: case is significant) becomes its character, reading
/// left to right; anything else, including `\41` or `\2F`, stays as it is.
///
/// Never compare unescaped localparts
/// ([§4.1](https://xmpp.org/extensions/xep-0106.html#bizrules-processing)):
/// compare [`Jid`](super::Jid)s.
///
/// ```
/// use xmpp_sansio::jid::unescape_node;
///
/// assert_eq!(unescape_node(r"d\27artagnan"), "d'artagnan");
/// assert_eq!(unescape_node(r"c\3a\5c5commas"), r"c:\5commas");
/// assert_eq!(unescape_node(r"foob\41r"), r"foob\41r");
/// ```
pub fn unescape_node(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    if memchr::memchr(b'\\', bytes).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = memchr::memchr(b'\\', rest.as_bytes()) {
        let (before, from_backslash) = rest.split_at(pos);
        out.push_str(before);
        match from_backslash.get(1..3).and_then(unescape_code) {
            Some(ch) => {
                out.push(ch);
                rest = from_backslash.get(3..).unwrap_or_default();
            }
            None => {
                out.push('\\');
                rest = from_backslash.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The escape code of a character a localpart cannot hold, `\` aside.
fn escape_code(b: u8) -> Option<&'static str> {
    Some(match b {
        b' ' => "20",
        b'"' => "22",
        b'&' => "26",
        b'\'' => "27",
        b'/' => "2f",
        b':' => "3a",
        b'<' => "3c",
        b'>' => "3e",
        b'@' => "40",
        _ => return None,
    })
}

/// The character an escape code (the two characters after `\`) stands for.
fn unescape_code(code: &str) -> Option<char> {
    Some(match code {
        "20" => ' ',
        "22" => '"',
        "26" => '&',
        "27" => '\'',
        "2f" => '/',
        "3a" => ':',
        "3c" => '<',
        "3e" => '>',
        "40" => '@',
        "5c" => '\\',
        _ => return None,
    })
}

/// True if `after` (what follows a `\`) starts with one of the ten codes.
fn starts_escape(after: Option<&[u8]>) -> bool {
    after
        .and_then(|a| a.get(..2))
        .and_then(|code| std::str::from_utf8(code).ok())
        .and_then(unescape_code)
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untouched_text_is_borrowed() {
        assert!(matches!(escape_node("juliet"), Ok(Cow::Borrowed(_))));
        assert!(matches!(escape_node(r"foo\bar"), Ok(Cow::Borrowed(_))));
        assert!(matches!(unescape_node("juliet"), Cow::Borrowed(_)));
    }

    #[test]
    fn every_code_round_trips() {
        for ch in [' ', '"', '&', '\'', '/', ':', '<', '>', '@'] {
            let s = format!("a{ch}b");
            let escaped = escape_node(&s).unwrap();
            assert_eq!(escaped.len(), 5, "{escaped}");
            assert_eq!(unescape_node(&escaped), s);
        }
        assert_eq!(escape_node(r"\5c").unwrap(), r"\5c5c");
        assert_eq!(unescape_node(r"\5c5c"), r"\5c");
    }

    #[test]
    fn partial_and_uppercase_sequences_are_ignored() {
        for s in [r"\", r"a\", r"\2", r"\2F", r"\5C", r"\g0", "\\\u{e9}9"] {
            assert_eq!(unescape_node(s), s, "{s}");
            assert_eq!(escape_node(s).unwrap(), s, "{s}");
        }
    }
}
