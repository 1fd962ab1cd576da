//! [`PayloadError`]: why an element is not a valid XEP payload.

use crate::jid::JidError;

/// Why an [`Element`](crate::xml::Element) could not be read as a XEP
/// payload.
///
/// Each variant names the element (its local name) and, where it applies,
/// the attribute, child or text that was wrong, so that the message can be
/// shown to a person or logged as is. Values quoted in errors are cut to 64
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    /// The element is not the one this type stands for.
    #[error("expected <{expected} xmlns='{expected_ns}'>, found <{found} xmlns='{found_ns}'>")]
    UnexpectedElement {
        /// The expected local name (or names, separated by `|`).
        expected: &'static str,
        /// The expected namespace.
        expected_ns: &'static str,
        /// The local name found.
        found: String,
        /// The namespace found.
        found_ns: String,
    },
    /// A required attribute is absent.
    #[error("<{element}/> lacks its required '{attribute}' attribute")]
    MissingAttribute {
        /// The element's local name.
        element: &'static str,
        /// The attribute's name.
        attribute: &'static str,
    },
    /// An attribute has a value the specification does not allow.
    #[error("<{element}/> has an invalid '{attribute}' attribute '{value}': {reason}")]
    InvalidAttribute {
        /// The element's local name.
        element: &'static str,
        /// The attribute's name.
        attribute: &'static str,
        /// The offending value (cut to 64 characters).
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An attribute holds an invalid JID.
    #[error("<{element}/> has an invalid JID in '{attribute}': {source}")]
    InvalidJid {
        /// The element's local name.
        element: &'static str,
        /// The attribute's name (or `text` for a JID given as text).
        attribute: &'static str,
        /// Why the JID is invalid.
        source: JidError,
    },
    /// A required child element is absent.
    #[error("<{element}/> lacks its required <{child}/> child")]
    MissingChild {
        /// The parent's local name.
        element: &'static str,
        /// The missing child's local name.
        child: &'static str,
    },
    /// A child element that may appear at most once appears more often.
    #[error("<{element}/> has more than one <{child}/> child")]
    DuplicateChild {
        /// The parent's local name.
        element: &'static str,
        /// The repeated child's local name.
        child: &'static str,
    },
    /// The text content of an element is not acceptable.
    #[error("<{element}/> has invalid text '{value}': {reason}")]
    InvalidText {
        /// The element's local name.
        element: &'static str,
        /// The offending text (cut to 64 characters).
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The element breaks a rule of its specification that involves more
    /// than one attribute or child.
    #[error("<{element}/> is invalid: {reason}")]
    Invalid {
        /// The element's local name.
        element: &'static str,
        /// The rule that was broken.
        reason: &'static str,
    },
}

impl PayloadError {
    /// An [`InvalidAttribute`](PayloadError::InvalidAttribute) error, with
    /// the value cut to 64 characters.
    pub(crate) fn attr(
        element: &'static str,
        attribute: &'static str,
        value: &str,
        reason: &'static str,
    ) -> Self {
        PayloadError::InvalidAttribute {
            element,
            attribute,
            value: cut(value),
            reason,
        }
    }

    /// An [`InvalidText`](PayloadError::InvalidText) error, with the value
    /// cut to 64 characters.
    pub(crate) fn text(element: &'static str, value: &str, reason: &'static str) -> Self {
        PayloadError::InvalidText {
            element,
            value: cut(value),
            reason,
        }
    }
}

/// The first 64 characters of `s`.
pub(crate) fn cut(s: &str) -> String {
    match s.char_indices().nth(64) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_keeps_short_values_and_shortens_long_ones() {
        assert_eq!(cut("abc"), "abc");
        let long = "é".repeat(100);
        let c = cut(&long);
        assert_eq!(c.chars().count(), 65);
        assert!(c.ends_with('…'));
    }

    #[test]
    fn messages_name_element_and_attribute() {
        let e = PayloadError::attr("a", "h", "x", "not an unsigned 32-bit integer");
        assert_eq!(
            e.to_string(),
            "<a/> has an invalid 'h' attribute 'x': not an unsigned 32-bit integer"
        );
    }
}
