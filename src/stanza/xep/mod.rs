//! Typed payloads of the everyday XMPP extensions (XEPs).
//!
//! One module per XEP, each citing its specification. Every payload type
//! converts from an [`Element`] with [`TryFrom`] (a [`PayloadError`] says
//! what was wrong and where) and back with [`From`]. What a model does not
//! know — extra attributes (`xml:lang` included), children in other
//! namespaces, unknown values of open sets — is kept in an [`Unknown`] or an
//! `Other(..)` variant and written back, so a payload round-trips to an
//! equivalent tree.
//!
//! "Equivalent" means: the same elements, attributes and text, except that
//! (a) attribute order may change, (b) known children are written in the
//! specification's order before unknown ones, so siblings of *different*
//! names may be reordered (siblings of the same name keep their order), and
//! (c) whitespace-only text between child elements is not kept.
//!
//! Where servers are known to be sloppier than the specification, the
//! models are lenient; each leniency is documented on the type concerned.
//!
//! This holds everywhere, down to the children a model reads as plain
//! values: attributes and children on a `<title/>`, a `<value/>`, a vCard
//! field, a disco `<feature/>`, a MUC `<actor/>`, an empty element such as
//! a chat state, are kept in the [`Unknown`] of the nearest model (see
//! [`Unknown::children`]), and values with several lexical forms (an
//! `xs:boolean` written `1`, a flag written `false` that is omitted when
//! false) are written back as they were read while the value is unchanged.
//! `tests/stanza_roundtrip_props.rs` checks it on every example of every XEP
//! here with unknown attributes and children added at random.
//!
//! | module | XEP | elements |
//! | --- | --- | --- |
//! | [`data_forms`] | [XEP-0004](https://xmpp.org/extensions/xep-0004.html) | `x` (`jabber:x:data`) |
//! | [`disco`] | [XEP-0030](https://xmpp.org/extensions/xep-0030.html) | `query` (`disco#info`, `disco#items`) |
//! | [`muc`] | [XEP-0045](https://xmpp.org/extensions/xep-0045.html) | `x` (`muc`, `muc#user`), `query` (`muc#admin`, `muc#owner`) |
//! | [`vcard`] | [XEP-0054](https://xmpp.org/extensions/xep-0054.html) | `vCard` |
//! | [`rsm`] | [XEP-0059](https://xmpp.org/extensions/xep-0059.html) | `set` |
//! | [`chatstates`] | [XEP-0085](https://xmpp.org/extensions/xep-0085.html) | `active`, `composing`, `paused`, `inactive`, `gone` |
//! | [`version`] | [XEP-0092](https://xmpp.org/extensions/xep-0092.html) | `query` (`jabber:iq:version`) |
//! | [`caps`] | [XEP-0115](https://xmpp.org/extensions/xep-0115.html) | `c`, and the verification string |
//! | [`nick`] | [XEP-0172](https://xmpp.org/extensions/xep-0172.html) | `nick` |
//! | [`receipts`] | [XEP-0184](https://xmpp.org/extensions/xep-0184.html) | `request`, `received` |
//! | [`blocking`] | [XEP-0191](https://xmpp.org/extensions/xep-0191.html) | `blocklist`, `block`, `unblock`, `blocked` |
//! | [`sm`] | [XEP-0198](https://xmpp.org/extensions/xep-0198.html) | `sm`, `enable`, `enabled`, `resume`, `resumed`, `failed`, `r`, `a` |
//! | [`ping`] | [XEP-0199](https://xmpp.org/extensions/xep-0199.html) | `ping` |
//! | [`time`] | [XEP-0202](https://xmpp.org/extensions/xep-0202.html) | `time` |
//! | [`delay`] | [XEP-0203](https://xmpp.org/extensions/xep-0203.html) | `delay` |
//! | [`carbons`] | [XEP-0280](https://xmpp.org/extensions/xep-0280.html) | `enable`, `disable`, `private`, `received`, `sent` |
//! | [`forwarding`] | [XEP-0297](https://xmpp.org/extensions/xep-0297.html) | `forwarded` |
//! | [`correction`] | [XEP-0308](https://xmpp.org/extensions/xep-0308.html) | `replace` |
//! | [`mam`] | [XEP-0313](https://xmpp.org/extensions/xep-0313.html) | `query`, `result`, `fin` |
//! | [`markers`] | [XEP-0333](https://xmpp.org/extensions/xep-0333.html) | `markable`, `received`, `displayed`, `acknowledged` |
//! | [`hints`] | [XEP-0334](https://xmpp.org/extensions/xep-0334.html) | `no-permanent-store`, `no-store`, `no-copy`, `store` |
//! | [`csi`] | [XEP-0352](https://xmpp.org/extensions/xep-0352.html) | `csi`, `active`, `inactive` |
//! | [`stanza_id`] | [XEP-0359](https://xmpp.org/extensions/xep-0359.html) | `stanza-id`, `origin-id` |
//! | [`http_upload`] | [XEP-0363](https://xmpp.org/extensions/xep-0363.html) | `request`, `slot` |
//! | [`retraction`] | [XEP-0424](https://xmpp.org/extensions/xep-0424.html) | `retract`, `retracted` |
//! | [`moderation`] | [XEP-0425](https://xmpp.org/extensions/xep-0425.html) | `moderate`, `moderated` |
//! | [`datetime`] | [XEP-0082](https://xmpp.org/extensions/xep-0082.html) | date/time strings |
//!
//! ```
//! use xmpp_sansio::stanza::xep::{ping::Ping, receipts::Received};
//! use xmpp_sansio::xml::Element;
//!
//! let el = Element::builder("received", "urn:xmpp:receipts")
//!     .attr("id", "richard2-4.1.247")
//!     .build();
//! let receipt = Received::try_from(el.clone())?;
//! assert_eq!(receipt.id.as_deref(), Some("richard2-4.1.247"));
//! assert_eq!(Element::from(receipt), el);
//!
//! assert!(Ping::try_from(el).is_err());
//! # Ok::<(), xmpp_sansio::stanza::xep::PayloadError>(())
//! ```

use crate::xml::Element;

mod error;
mod macros;

use super::reader;

pub mod blocking;
pub mod caps;
pub mod carbons;
pub mod chatstates;
pub mod correction;
pub mod csi;
pub mod data_forms;
pub mod datetime;
pub mod delay;
pub mod disco;
pub mod forwarding;
pub mod hints;
pub mod http_upload;
pub mod mam;
pub mod markers;
pub mod moderation;
pub mod muc;
pub mod nick;
pub mod ping;
pub mod receipts;
pub mod retraction;
pub mod rsm;
pub mod sm;
pub mod stanza_id;
pub mod time;
pub mod vcard;
pub mod version;

pub use super::Unknown;
pub use error::PayloadError;
pub(crate) use error::cut;

/// A typed XEP payload: converts from and to an [`Element`].
pub trait Payload: TryFrom<Element, Error = PayloadError> + Into<Element> {
    /// True if `el` has the name and namespace of this payload, i.e. if
    /// [`TryFrom`] should be tried on it (it may still fail).
    fn matches(el: &Element) -> bool;
}
