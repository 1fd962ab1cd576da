//! Message Processing Hints, [XEP-0334](https://xmpp.org/extensions/xep-0334.html):
//! empty elements asking servers not to store, not to copy, or to store a
//! message (§4).

use super::macros::empty_element_enum;

/// The namespace of XEP-0334.
pub const NS: &str = "urn:xmpp:hints";

empty_element_enum!(
    /// A processing hint element (XEP-0334 §4).
    Hint,
    /// Which hint.
    HintKind, NS, "no-permanent-store|no-store|no-copy|store",
    {
        /// `<no-permanent-store/>` (§4.1): do not archive the message.
        NoPermanentStore => "no-permanent-store",
        /// `<no-store/>` (§4.2): do not store the message at all.
        NoStore => "no-store",
        /// `<no-copy/>` (§4.3): do not copy the message to other resources.
        NoCopy => "no-copy",
        /// `<store/>` (§4.4): do store the message.
        Store => "store",
    }
);
