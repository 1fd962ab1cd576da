//! Client State Indication, [XEP-0352](https://xmpp.org/extensions/xep-0352.html):
//! the `<csi/>` stream feature and the top-level `<active/>`/`<inactive/>`
//! nonzas a client sends to say whether a person is looking at it (§3).

use super::macros::{empty_element_enum, empty_payload};

/// The namespace of XEP-0352.
pub const NS: &str = "urn:xmpp:csi:0";

empty_payload!(
    /// The `<csi xmlns='urn:xmpp:csi:0'/>` stream feature (§3).
    Feature,
    "csi",
    NS
);

empty_element_enum!(
    /// A client state nonza (§3).
    ClientState,
    /// Which client state.
    ClientStateKind, NS, "active|inactive",
    {
        /// `<active/>`: the user is actively using the client.
        Active => "active",
        /// `<inactive/>`: the client is in the background.
        Inactive => "inactive",
    }
);
