//! The base64 text of the SASL elements `<auth/>`, `<challenge/>`,
//! `<response/>` and `<success/>` ([RFC 6120 §6.3.5], [§13.9.1]): one rule,
//! shared by the stanza model and the sessions, so that both accept and
//! reject the same text.
//!
//! The rule:
//!
//! - XML whitespace ([RFC 6120 §1.4]: SP, HTAB, CR, LF) is ignored wherever
//!   it appears, so that indentation around the data and line wrapping (as
//!   in the examples of RFC 6120 §9) are accepted, as Prosody's and
//!   Erlang/OTP's (ejabberd's) decoders accept them. Whitespace cannot
//!   change the decoded bytes.
//! - Any other character outside the base64 alphabet is rejected
//!   (§13.9.1: "MUST reject (not ignore)"), including Unicode whitespace
//!   such as U+00A0 or U+3000; so are misplaced padding and non-zero padding
//!   bits ([RFC 4648 §4], §3.5).
//! - Text that is empty after removing whitespace means "no data"; `=`
//!   means data of length zero (§6.4.2).
//!
//! [RFC 6120 §1.4]: https://www.rfc-editor.org/rfc/rfc6120#section-1.4
//! [RFC 6120 §6.3.5]: https://www.rfc-editor.org/rfc/rfc6120#section-6.3.5
//! [§13.9.1]: https://www.rfc-editor.org/rfc/rfc6120#section-13.9.1
//! [RFC 4648 §4]: https://www.rfc-editor.org/rfc/rfc4648#section-4

use std::borrow::Cow;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// XML whitespace (the `S` production of XML 1.0, RFC 6120 §1.4).
const XML_WHITESPACE: [char; 4] = [' ', '\t', '\r', '\n'];

/// Decodes the text of a SASL element: `Ok(None)` when it holds no data
/// (empty or only whitespace), `Ok(Some(vec![]))` for `=`, otherwise the
/// decoded bytes; `Err` when the text is not base64 by the rule above.
pub(crate) fn decode_element_text(text: &str) -> Result<Option<Vec<u8>>, base64::DecodeError> {
    let compact: Cow<'_, str> = {
        let trimmed = text.trim_matches(XML_WHITESPACE);
        if trimmed.contains(XML_WHITESPACE) {
            Cow::Owned(trimmed.replace(XML_WHITESPACE, ""))
        } else {
            Cow::Borrowed(trimmed)
        }
    };
    match compact.as_ref() {
        "" => Ok(None),
        "=" => Ok(Some(Vec::new())),
        data => STANDARD.decode(data).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6120 §6.3.5 / §13.9.1: the whitespace and padding table.
    #[test]
    fn element_text_table() {
        let juliet = b"\0juliet\0r0m30myr0m30".to_vec();
        type Row<'a> = (&'a str, Result<Option<Vec<u8>>, ()>);
        let table: &[Row] = &[
            ("", Ok(None)),
            (" \n\t", Ok(None)),
            ("=", Ok(Some(Vec::new()))),
            ("\n  =\n", Ok(Some(Vec::new()))),
            ("AGp1bGlldAByMG0zMG15cjBtMzA=", Ok(Some(juliet.clone()))),
            (
                "\n  AGp1bGlldAByMG0zMG15cjBtMzA=\n",
                Ok(Some(juliet.clone())),
            ),
            // Line wrapping, as in RFC 6120 §9.1.2's examples.
            (
                "AGp1bGlldABy\r\n  MG0zMG15cjBtMzA=",
                Ok(Some(juliet.clone())),
            ),
            // Unicode whitespace is not XML whitespace: not in the alphabet.
            ("\u{A0}AGp1bGlldAByMG0zMG15cjBtMzA=", Err(())),
            ("AGp1bGlldAByMG0zMG15cjBtMzA=\u{3000}", Err(())),
            ("\u{2003}=", Err(())),
            ("AGp1bGlldABy\u{85}MG0zMG15cjBtMzA=", Err(())),
            // §13.9.1: padding only at the end; RFC 4648 §3.5: zero pad bits.
            ("=AAA", Err(())),
            ("BBBB=CCC", Err(())),
            ("AGp1bGlldAByMG0zMG15cjBtMzB=", Err(())),
            ("AGp1bGlldAByMG0zMG15cjBtMzA", Err(())),
            ("==", Err(())),
        ];
        for (text, want) in table {
            let got = decode_element_text(text).map_err(|_| ());
            assert_eq!(&got, want, "{text:?}");
        }
    }
}
