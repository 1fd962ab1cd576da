//! SASLprep ([RFC 4013]), the stringprep profile applied to user names and
//! passwords before they are used by PLAIN and SCRAM ([RFC 5802 §5.1],
//! [RFC 4616 §2]).
//!
//! [RFC 4013]: https://www.rfc-editor.org/rfc/rfc4013
//! [RFC 5802 §5.1]: https://www.rfc-editor.org/rfc/rfc5802#section-5.1
//! [RFC 4616 §2]: https://www.rfc-editor.org/rfc/rfc4616#section-2

use std::borrow::Cow;

use super::SaslError;

/// Applies SASLprep to `value`; `field` names it in the error
/// (`"username"`, `"password"`, `"authzid"`).
///
/// Prohibited output (control characters, unassigned code points, bidi
/// violations…) is an error rather than silently passed through.
///
/// ```
/// use xmpp_sansio::sasl::saslprep;
/// assert_eq!(saslprep("I\u{00AD}X", "password")?, "IX"); // RFC 4013 §3 example 1
/// assert_eq!(saslprep("\u{2168}", "password")?, "IX");   // example 5
/// assert!(saslprep("\u{0007}", "password").is_err());    // example 6
/// # Ok::<(), xmpp_sansio::sasl::SaslError>(())
/// ```
pub fn saslprep<'a>(value: &'a str, field: &'static str) -> Result<Cow<'a, str>, SaslError> {
    stringprep::saslprep(value).map_err(|_| SaslError::Saslprep { field })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
