//! SASLprep ([RFC 4013]), the stringprep profile applied to user names and
//! passwords before they are used by PLAIN and SCRAM ([RFC 5802 §5.1],
//! [RFC 4616 §2]).
//!
//! Stringprep prepares a string in one of two modes ([RFC 3454 §7]): a
//! *stored* string (one kept in a database, or a password that is hashed)
//! must not contain code points unassigned in Unicode 3.2; a *query* string
//! (one received to be compared with stored ones) may. The specs say which
//! is which:
//!
//! | string | mode | spec |
//! | --- | --- | --- |
//! | SCRAM password (`Normalize()`) | stored: [`saslprep`] | [RFC 5802 §2.2] |
//! | SCRAM user name, client and server | query: [`saslprep_query`] | [RFC 5802 §5.1] (`n=`) |
//! | PLAIN authcid and password as received | query | [RFC 4616 §2] |
//! | user names and passwords in the credential database | stored | [RFC 4616 §2] |
//!
//! A received password with unassigned code points can never equal a stored
//! one, so the PLAIN server lets it fail verification (`not-authorized`).
//! A query string keeps its unassigned code points as they are, as Unicode
//! 3.2's normalization does (RFC 3454 §4), not as newer Unicode data would
//! normalize them.
//!
//! Unassigned code points are looked for in the input, before
//! normalization, with the check the JID preparation uses: the `stringprep`
//! crate's NFKC has newer Unicode data than 3.2 and would turn some of them
//! into assigned characters first (U+1D2C MODIFIER LETTER CAPITAL A into
//! `A`), so that `stringprep::saslprep` alone lets them into stored strings.
//!
//! [RFC 4013]: https://www.rfc-editor.org/rfc/rfc4013
//! [RFC 3454 §7]: https://www.rfc-editor.org/rfc/rfc3454#section-7
//! [RFC 5802 §2.2]: https://www.rfc-editor.org/rfc/rfc5802#section-2.2
//! [RFC 5802 §5.1]: https://www.rfc-editor.org/rfc/rfc5802#section-5.1
//! [RFC 4616 §2]: https://www.rfc-editor.org/rfc/rfc4616#section-2

use std::borrow::Cow;

use stringprep::tables;
use unicode_normalization::UnicodeNormalization as _;

use super::SaslError;

/// Applies SASLprep to `value` as a *stored* string (unassigned code points
/// are an error); `field` names it in the error (`"username"`,
/// `"password"`, `"authzid"`).
///
/// Prohibited output (control characters, unassigned code points, bidi
/// violations…) is an error rather than silently passed through.
///
/// ```
/// use xmpp_sansio::sasl::saslprep;
/// assert_eq!(saslprep("I\u{00AD}X", "password")?, "IX"); // RFC 4013 §3 example 1
/// assert_eq!(saslprep("\u{2168}", "password")?, "IX");   // example 5
/// assert!(saslprep("\u{0007}", "password").is_err());    // example 6
/// assert!(saslprep("\u{0221}", "password").is_err());    // unassigned in Unicode 3.2
/// assert!(saslprep("\u{1D2C}", "password").is_err());    // also unassigned, NFKC gives `A`
/// # Ok::<(), xmpp_sansio::sasl::SaslError>(())
/// ```
pub fn saslprep<'a>(value: &'a str, field: &'static str) -> Result<Cow<'a, str>, SaslError> {
    // RFC 4013 §2.5 (RFC 3454 §7: stored strings), checked on the input:
    // the crate's NFKC would map some unassigned code points to assigned
    // ones before its own check (see `crate::jid::first_unassigned`).
    if crate::jid::first_unassigned(value).is_some() {
        return Err(SaslError::Saslprep { field });
    }
    stringprep::saslprep(value).map_err(|_| SaslError::Saslprep { field })
}

/// Applies SASLprep to `value` as a *query* string ([RFC 3454 §7]):
/// like [`saslprep`], except that code points unassigned in Unicode 3.2 are
/// allowed and kept. RFC 5802 §5.1 prepares SCRAM user names this way, and
/// RFC 4616 §2 the authentication identity and password a PLAIN server
/// receives.
///
/// ```
/// use xmpp_sansio::sasl::saslprep_query;
/// // U+0221 was assigned in Unicode 4.0: allowed in a query string.
/// assert_eq!(saslprep_query("\u{0221}", "username")?, "\u{0221}");
/// assert_eq!(saslprep_query("I\u{00AD}X", "username")?, "IX");
/// assert!(saslprep_query("a\u{0000}b", "username").is_err()); // still prohibited
/// # Ok::<(), xmpp_sansio::sasl::SaslError>(())
/// ```
///
/// [RFC 3454 §7]: https://www.rfc-editor.org/rfc/rfc3454#section-7
pub fn saslprep_query<'a>(value: &'a str, field: &'static str) -> Result<Cow<'a, str>, SaslError> {
    // The two modes differ only in RFC 4013 §2.5 (the unassigned check,
    // the last step): without unassigned code points, what passes as a
    // stored string comes out the same.
    if crate::jid::first_unassigned(value).is_none() {
        return stringprep::saslprep(value).map_err(|_| SaslError::Saslprep { field });
    }
    allowing_unassigned(value)
        .map(Cow::Owned)
        .ok_or(SaslError::Saslprep { field })
}

/// RFC 4013 §2.1–§2.4 without §2.5: SASLprep of a query string.
fn allowing_unassigned(value: &str) -> Option<String> {
    // §2.1: map non-ASCII space (C.1.2) to SPACE, then B.1 to nothing, in
    // the order `stringprep::saslprep` uses (U+200B is in both tables).
    let mapped = value
        .chars()
        .map(|c| {
            if tables::non_ascii_space_character(c) {
                ' '
            } else {
                c
            }
        })
        .filter(|&c| !tables::commonly_mapped_to_nothing(c));
    // §2.2: normalization form KC, as of Unicode 3.2 (RFC 3454 §4), which
    // leaves a code point it does not assign unchanged: a starter with no
    // decomposition and no composition. So the runs between unassigned
    // code points are normalized on their own and the unassigned ones kept
    // as they are; `nfkc()` on the whole string would apply newer Unicode
    // data to them (U+1D2C MODIFIER LETTER CAPITAL A would become `A`, and
    // `ᴬlice` log in as `Alice`).
    let mut normalized = String::with_capacity(value.len());
    let mut run = String::new();
    for c in mapped {
        if tables::unassigned_code_point(c) {
            normalized.extend(run.nfkc());
            run.clear();
            normalized.push(c);
        } else {
            run.push(c);
        }
    }
    normalized.extend(run.nfkc());
    // §2.3: prohibited output.
    if normalized.chars().any(prohibited) {
        return None;
    }
    // §2.4: bidirectional characters (RFC 3454 §6).
    if normalized.contains(tables::bidi_r_or_al) {
        let first_last_r = normalized.chars().next().is_some_and(tables::bidi_r_or_al)
            && normalized
                .chars()
                .next_back()
                .is_some_and(tables::bidi_r_or_al);
        if normalized.contains(tables::bidi_l) || !first_last_r {
            return None;
        }
    }
    Some(normalized)
}

/// RFC 4013 §2.3: the prohibited output tables (C.1.2, C.2.1, C.2.2, C.3,
/// C.4, C.5, C.6, C.7, C.8, C.9 of RFC 3454).
fn prohibited(c: char) -> bool {
    tables::non_ascii_space_character(c)
        || tables::ascii_control_character(c)
        || tables::non_ascii_control_character(c)
        || tables::private_use(c)
        || tables::non_character_code_point(c)
        || tables::surrogate_code(c)
        || tables::inappropriate_for_plain_text(c)
        || tables::inappropriate_for_canonical_representation(c)
        || tables::change_display_properties_or_deprecated(c)
        || tables::tagging_character(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// RFC 4013 §3 examples, in order.
    const RFC4013_EXAMPLES: &[(&str, Option<&str>)] = &[
        ("I\u{00AD}X", Some("IX")),
        ("user", Some("user")),
        ("USER", Some("USER")),
        ("\u{00AA}", Some("a")),
        ("\u{2168}", Some("IX")),
        ("\u{0007}", None),
        ("\u{0627}\u{0031}", None),
    ];

    #[test]
    fn rfc4013_section3_examples() {
        for (input, want) in RFC4013_EXAMPLES {
            let got = saslprep(input, "password").ok().map(|c| c.into_owned());
            assert_eq!(got.as_deref(), *want, "input {input:?}");
            let got = saslprep_query(input, "username")
                .ok()
                .map(|c| c.into_owned());
            assert_eq!(got.as_deref(), *want, "query, input {input:?}");
        }
    }

    #[test]
    fn nul_and_non_ascii_space() {
        assert!(saslprep("a\u{0}b", "username").is_err());
        assert_eq!(
            saslprep("a\u{00A0}b", "password").ok().as_deref(),
            Some("a b")
        );
    }

    /// RFC 3454 §7, RFC 4013 §2.5: a stored string must not contain code
    /// points unassigned in Unicode 3.2, also those the `stringprep`
    /// crate's NFKC (newer Unicode data) maps to assigned characters:
    /// U+1D2C MODIFIER LETTER CAPITAL A (Unicode 4.0) came out as `A`,
    /// U+2090 LATIN SUBSCRIPT SMALL LETTER A (4.1) as `a`, U+1F130 SQUARED
    /// LATIN CAPITAL LETTER A (6.0) as `A`. Query strings keep allowing them.
    #[test]
    fn stored_strings_refuse_unassigned_code_points_before_normalization() {
        for s in ["\u{1D2C}lice", "p\u{2090}ss", "\u{1F130}"] {
            assert_eq!(
                saslprep(s, "password"),
                Err(SaslError::Saslprep { field: "password" }),
                "{s:?}"
            );
            assert!(saslprep_query(s, "username").is_ok(), "{s:?}");
        }
    }

    /// RFC 3454 §4, §7: a query string keeps an unassigned code point as
    /// it is (Unicode 3.2's NFKC does not know it), while the runs around it
    /// are still normalized. The whole-string NFKC with newer Unicode data
    /// turned U+1D2C MODIFIER LETTER CAPITAL A into `A` and U+1F130 into
    /// `A`, so `ᴬlice` was looked up as the user `Alice`.
    #[test]
    fn query_strings_keep_unassigned_code_points_unnormalized() {
        for (input, want) in [
            ("\u{1D2C}lice", "\u{1D2C}lice"),
            ("\u{1F130}", "\u{1F130}"),
            ("\u{2168}\u{1D2C}\u{2168}", "IX\u{1D2C}IX"),
            ("e\u{0301}\u{0221}e\u{0301}", "\u{00E9}\u{0221}\u{00E9}"),
        ] {
            assert_eq!(
                saslprep_query(input, "username").as_deref(),
                Ok(want),
                "{input:?}"
            );
        }
    }

    /// RFC 3454 §7 / RFC 5802 §5.1: unassigned code points (U+0221 and
    /// U+0234, assigned in Unicode 4.0; U+0870, assigned in 14.0) are
    /// refused in stored strings and kept in query strings; everything the
    /// other steps prohibit stays prohibited.
    #[test]
    fn query_strings_allow_unassigned_code_points() {
        for s in ["\u{0221}", "a\u{0234}b", "\u{0870}", "x\u{00AD}\u{0221}"] {
            assert!(saslprep(s, "password").is_err(), "{s:?}");
            let want: String = s.replace('\u{00AD}', "");
            assert_eq!(saslprep_query(s, "username").ok().as_deref(), Some(&*want));
        }
        for bad in [
            "\u{0221}\u{0000}",         // C.2.1
            "\u{0221}\u{E000}",         // C.3 private use
            "\u{0221}\u{200E}",         // C.8
            "\u{0627}\u{0221}\u{0031}", // RandAL not last
            "\u{0627}a\u{0627}",        // RandAL with L
        ] {
            assert!(saslprep_query(bad, "username").is_err(), "{bad:?}");
        }
        assert_eq!(
            saslprep_query("\u{00A0}\u{0221}", "username")
                .ok()
                .as_deref(),
            Some(" \u{0221}")
        );
        // U+200B is in C.1.2 and B.1: mapped to SPACE in both modes.
        assert_eq!(
            saslprep("a\u{200B}b", "password").ok().as_deref(),
            Some("a b")
        );
        assert_eq!(
            saslprep_query("a\u{200B}\u{0221}", "username")
                .ok()
                .as_deref(),
            Some("a \u{0221}")
        );
    }

    proptest! {
        /// The query-mode steps agree with the stringprep crate's SASLprep
        /// (RFC 4013 §2.1–§2.4) wherever no unassigned code point is
        /// involved: the two modes differ only in §2.5.
        #[test]
        fn query_steps_match_stored_mode(
            s in prop::collection::vec(
                prop_oneof![
                    any::<char>(),
                    // Characters the steps treat specially: C.1.2 and B.1
                    // (U+200B is in both), NFKC, prohibited, bidi RandAL,
                    // unassigned in Unicode 3.2.
                    prop::sample::select(vec![
                        'a', ' ', '\u{A0}', '\u{200B}', '\u{AD}', '\u{FEFF}', '\u{2168}',
                        '\u{301}', '\u{0}', '\u{E000}', '\u{627}', '\u{221}', '\u{870}',
                    ]),
                ],
                0..12,
            )
            .prop_map(|v| v.into_iter().collect::<String>())
        ) {
            let stored = stringprep::saslprep(&s).ok().map(Cow::into_owned);
            let query = allowing_unassigned(&s);
            if let Some(stored) = &stored {
                prop_assert_eq!(query.as_ref(), Some(stored));
            }
            if let Some(query) = &query
                && !query.chars().any(tables::unassigned_code_point)
            {
                prop_assert_eq!(stored.as_ref(), Some(query));
            }
        }
    }
}
