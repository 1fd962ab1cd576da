//! Why a string is not a valid JID: [`JidError`], and the part it is about,
//! [`JidPart`].

use std::fmt;

/// Why a string is not a valid JID, or why a JID operation failed.
///
/// Each variant says which part of the address was refused and why, in words
/// an end user can act on:
///
/// ```
/// use xmpp_sansio::jid::{Jid, JidError, JidPart};
///
/// let err = Jid::new("juliet@example.com/").unwrap_err();
/// assert_eq!(err, JidError::Empty(JidPart::Resourcepart));
/// assert_eq!(err.to_string(), "the resourcepart is empty");
///
/// let err = Jid::new("\"juliet\"@example.com").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "the localpart contains '\"' (U+0022), which is not allowed there"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JidError {
    /// A part is empty: its separator is present with nothing after (or
    /// before) it, the whole string is empty, or everything in the part was
    /// removed by normalization (for example only soft hyphens).
    #[error("the {0} is empty")]
    Empty(JidPart),
    /// A part is longer than 1023 bytes after normalization
    /// ([RFC 7622 §3.1](https://www.rfc-editor.org/rfc/rfc7622#section-3.1)).
    #[error("the {part} is {len} bytes long after normalization; at most 1023 are allowed")]
    TooLong {
        /// The part that is too long.
        part: JidPart,
        /// Its length in bytes after normalization.
        len: usize,
    },
    /// A part contains a character its profile prohibits: for the localpart
    /// Nodeprep (spaces, controls, `"&'/:<>@`…), for the domainpart Nameprep
    /// and the STD3 host name rules (only letters, digits and hyphens besides
    /// non-ASCII characters), for the resourcepart Resourceprep (controls…).
    ///
    /// The character is the one found after mapping and normalization.
    #[error("the {part} contains {}, which is not allowed there", DisplayChar(*ch))]
    ProhibitedCharacter {
        /// The part containing the character.
        part: JidPart,
        /// The offending character.
        ch: char,
    },
    /// A part contains a code point that is unassigned in Unicode 3.2, which
    /// stringprep ([RFC 3454 §7](https://www.rfc-editor.org/rfc/rfc3454#section-7))
    /// prohibits in stored strings such as JIDs. Many emoji fall here.
    #[error(
        "the {part} contains {}, which Unicode 3.2 does not define and stringprep therefore refuses",
        DisplayChar(*ch)
    )]
    UnassignedCharacter {
        /// The part containing the character.
        part: JidPart,
        /// The unassigned code point.
        ch: char,
    },
    /// A part (for the domainpart: one label) mixes right-to-left and
    /// left-to-right text, or starts or ends right-to-left text with a neutral
    /// character ([RFC 3454 §6](https://www.rfc-editor.org/rfc/rfc3454#section-6)).
    #[error(
        "the {0} mixes right-to-left and left-to-right text, or does not both start and end with a right-to-left character"
    )]
    Bidi(JidPart),
    /// Stringprep refused a part for a reason this crate does not know about
    /// (kept so that a future `stringprep` version cannot make us panic).
    #[error("the {part} is not acceptable: {reason}")]
    Stringprep {
        /// The part refused.
        part: JidPart,
        /// What the `stringprep` crate said.
        reason: String,
    },
    /// The domainpart has an empty label, as in `example..com` or `.com`.
    #[error("the domainpart has an empty label (two dots in a row, or a dot at the start)")]
    EmptyLabel,
    /// A domain label starts or ends with a hyphen
    /// ([RFC 1123 §2.1](https://www.rfc-editor.org/rfc/rfc1123#section-2.1)).
    #[error("the domain label {label:?} starts or ends with a hyphen")]
    LabelHyphen {
        /// The label (its start, if very long).
        label: String,
    },
    /// A domain label starts with `xn--` (the IDNA ACE prefix) but has
    /// non-ASCII characters, which IDNA2003 ToASCII refuses
    /// ([RFC 3490 §4.1](https://www.rfc-editor.org/rfc/rfc3490#section-4.1)
    /// step 6).
    ///
    /// An all-ASCII `xn--` label is not refused for its Punycode: it is
    /// converted to the U-label it encodes when IDNA2003 ToUnicode succeeds,
    /// and otherwise kept as it is, as ToUnicode does
    /// ([RFC 3490 §4.2](https://www.rfc-editor.org/rfc/rfc3490#section-4.2)).
    #[error("the domain label {label:?} starts with xn-- but is not ASCII")]
    InvalidALabel {
        /// The label (its start, if very long).
        label: String,
    },
    /// A domain label is longer than 63 octets in its ASCII form (for a
    /// non-ASCII label, `xn--` and its Punycode), which IDNA2003 ToASCII
    /// refuses ([RFC 3490 §4.1](https://www.rfc-editor.org/rfc/rfc3490#section-4.1)
    /// step 8; [RFC 6122 §2.2](https://www.rfc-editor.org/rfc/rfc6122#section-2.2)
    /// requires ToASCII to succeed).
    #[error("the domain label {label:?} is longer than 63 octets (in its xn-- form if not ASCII)")]
    LabelTooLong {
        /// The label after Nameprep (its start, if very long).
        label: String,
    },
    /// A domainpart in brackets is not an IPv6 address
    /// ([RFC 7622 §3.2](https://www.rfc-editor.org/rfc/rfc7622#section-3.2)).
    #[error("the domainpart {literal:?} is not a valid bracketed IPv6 address")]
    InvalidIpv6 {
        /// The bracketed text (its start, if very long).
        literal: String,
    },
    /// A full JID was required but the address has no resourcepart.
    #[error("a full JID needs a resource (user@example.com/resource)")]
    ResourceMissing,
    /// A bare JID was required but the address has a resourcepart.
    #[error("a bare JID cannot have a resource")]
    ResourceNotAllowed,
    /// [`escape_node`](super::escape_node) was given text that starts or ends
    /// with a space, which
    /// [XEP-0106 §4.1](https://xmpp.org/extensions/xep-0106.html#bizrules-processing)
    /// forbids (`\20` cannot be first or last in an escaped localpart).
    #[error("a localpart cannot start or end with a space, even escaped")]
    EscapedSpaceAtEdge,
}

/// The three parts of a JID, `[localpart@]domainpart[/resourcepart]`
/// ([RFC 7622 §3](https://www.rfc-editor.org/rfc/rfc7622#section-3)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JidPart {
    /// The part before the `@`, usually a user or room name.
    Localpart,
    /// The server or service name.
    Domainpart,
    /// The part after the `/`, usually a device or session name.
    Resourcepart,
}

impl JidPart {
    /// The RFC's name for the part: `"localpart"`, `"domainpart"` or
    /// `"resourcepart"`.
    pub fn as_str(self) -> &'static str {
        match self {
            JidPart::Localpart => "localpart",
            JidPart::Domainpart => "domainpart",
            JidPart::Resourcepart => "resourcepart",
        }
    }
}

impl fmt::Display for JidPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Shows a character to a human: quoted with its code point, or only the
/// code point for controls and spaces other than U+0020, which would not
/// show.
struct DisplayChar(char);

impl fmt::Display for DisplayChar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        if c.is_control() || (c.is_whitespace() && c != ' ') {
            write!(f, "U+{:04X}", u32::from(c))
        } else {
            write!(f, "'{c}' (U+{:04X})", u32::from(c))
        }
    }
}

/// At most this many characters of input text go into an error.
const EXCERPT_CHARS: usize = 64;

/// The start of `s`, for an error message: at most [`EXCERPT_CHARS`]
/// characters, with `…` when cut.
pub(crate) fn excerpt(s: &str) -> String {
    match s.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => {
            let mut out = s.get(..cut).unwrap_or_default().to_owned();
            out.push('…');
            out
        }
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_part_and_character() {
        let e = JidError::ProhibitedCharacter {
            part: JidPart::Localpart,
            ch: '\u{7}',
        };
        assert_eq!(
            e.to_string(),
            "the localpart contains U+0007, which is not allowed there"
        );
        let e = JidError::TooLong {
            part: JidPart::Resourcepart,
            len: 1024,
        };
        assert_eq!(
            e.to_string(),
            "the resourcepart is 1024 bytes long after normalization; at most 1023 are allowed"
        );
        assert_eq!(
            JidError::UnassignedCharacter {
                part: JidPart::Resourcepart,
                ch: '\u{1F600}'
            }
            .to_string(),
            "the resourcepart contains '😀' (U+1F600), which Unicode 3.2 does not define and stringprep therefore refuses"
        );
    }

    #[test]
    fn excerpt_cuts_long_text_on_a_character_boundary() {
        assert_eq!(excerpt("short"), "short");
        let long = "é".repeat(100);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
        assert!(cut.ends_with('…'));
    }
}
