//! XMPP Ping, [XEP-0199](https://xmpp.org/extensions/xep-0199.html):
//! the `<ping xmlns='urn:xmpp:ping'/>` payload of an `iq` of type `get`
//! (§4.1 client-to-server, §4.2 server-to-client, §4.3 s2s), answered by an
//! empty `result`.
//!
//! ```
//! use xmpp_sansio::stanza::xep::ping::{Ping, NS};
//! use xmpp_sansio::xml::Element;
//! let el: Element = Ping::default().into();
//! assert!(el.is("ping", NS));
//! assert_eq!(Ping::try_from(el)?, Ping::default());
//! # Ok::<(), xmpp_sansio::stanza::xep::PayloadError>(())
//! ```

use super::macros::empty_payload;

/// The namespace of XEP-0199.
pub const NS: &str = "urn:xmpp:ping";

empty_payload!(
    /// `<ping xmlns='urn:xmpp:ping'/>` ([XEP-0199 §3](https://xmpp.org/extensions/xep-0199.html#protocol)).
    Ping,
    "ping",
    NS
);
