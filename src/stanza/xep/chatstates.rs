//! Chat State Notifications, [XEP-0085](https://xmpp.org/extensions/xep-0085.html):
//! one of five empty elements in a message saying whether its sender is
//! active, composing, paused, inactive or gone (§2, §5).
//!
//! ```
//! use xmpp_sansio::stanza::xep::chatstates::{ChatState, ChatStateKind};
//! use xmpp_sansio::xml::Element;
//! let el = Element::new("composing", "http://jabber.org/protocol/chatstates");
//! assert_eq!(ChatState::try_from(el)?, ChatStateKind::Composing);
//! # Ok::<(), xmpp_sansio::stanza::xep::PayloadError>(())
//! ```

use super::macros::empty_element_enum;

/// The namespace of XEP-0085.
pub const NS: &str = "http://jabber.org/protocol/chatstates";

empty_element_enum!(
    /// A chat state element (XEP-0085 §2).
    ChatState,
    /// Which chat state.
    ChatStateKind, NS, "active|composing|paused|inactive|gone",
    {
        /// `<active/>`: the user is taking part in the chat.
        Active => "active",
        /// `<composing/>`: the user is typing.
        Composing => "composing",
        /// `<paused/>`: the user stopped typing.
        Paused => "paused",
        /// `<inactive/>`: the user has not been taking part for a while.
        Inactive => "inactive",
        /// `<gone/>`: the user has ended the chat.
        Gone => "gone",
    }
);
