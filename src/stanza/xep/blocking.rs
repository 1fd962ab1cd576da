//! Blocking Command, [XEP-0191](https://xmpp.org/extensions/xep-0191.html):
//! retrieving the block list (§3.2), blocking (§3.3) and unblocking (§3.4,
//! where an empty `<unblock/>` unblocks everyone), and the `<blocked/>`
//! application error condition (§3.5).

use super::macros::{empty_payload, impl_payload};
use super::reader::{Reader, with_unknown};
use super::{PayloadError, Unknown};
use crate::jid::Jid;
use crate::xml::Element;

/// The namespace of XEP-0191.
pub const NS: &str = "urn:xmpp:blocking";
/// The namespace of the `<blocked/>` error condition.
pub const NS_ERRORS: &str = "urn:xmpp:blocking:errors";

/// `<blocklist/>`: the request (empty) or the list (§3.2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlockList {
    /// The blocked JIDs.
    pub items: Vec<Jid>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<block/>`: block these JIDs (§3.3); at least one is required.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The JIDs to block.
    pub items: Vec<Jid>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<unblock/>`: unblock these JIDs, or everyone if there are none (§3.4).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unblock {
    /// The JIDs to unblock (empty: all).
    pub items: Vec<Jid>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

empty_payload!(
    /// `<blocked xmlns='urn:xmpp:blocking:errors'/>`: the application error
    /// condition for a stanza to or from a blocked JID (§3.5).
    Blocked,
    "blocked",
    NS_ERRORS
);

/// Reads the `<item jid='…'/>` children.
fn items(r: &mut Reader) -> Result<Vec<Jid>, PayloadError> {
    let mut jids = Vec::new();
    for mut ir in r.children_readers("item", NS) {
        jids.push(ir.req_attr_jid("jid")?);
        r.keep(ir);
    }
    Ok(jids)
}

/// `<name xmlns='urn:xmpp:blocking'>` with `items`.
fn write(name: &'static str, items: Vec<Jid>, unknown: Unknown) -> Element {
    with_unknown(
        Element::builder(name, NS)
            .append_all(items.into_iter().map(|j| {
                Element::builder("item", NS)
                    .attr("jid", j.to_string())
                    .build()
            }))
            .build(),
        unknown,
    )
}

impl TryFrom<Element> for BlockList {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "blocklist", NS)?;
        let items = items(&mut r)?;
        Ok(BlockList {
            items,
            unknown: r.finish(),
        })
    }
}

impl From<BlockList> for Element {
    fn from(p: BlockList) -> Element {
        write("blocklist", p.items, p.unknown)
    }
}

impl Block {
    /// A request to block `items` (which must not be empty to be valid).
    pub fn new(items: Vec<Jid>) -> Self {
        Block {
            items,
            unknown: Unknown::default(),
        }
    }
}

impl TryFrom<Element> for Block {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "block", NS)?;
        let items = items(&mut r)?;
        if items.is_empty() {
            return Err(PayloadError::MissingChild {
                element: "block",
                child: "item",
            });
        }
        Ok(Block {
            items,
            unknown: r.finish(),
        })
    }
}

impl From<Block> for Element {
    fn from(p: Block) -> Element {
        write("block", p.items, p.unknown)
    }
}

impl TryFrom<Element> for Unblock {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "unblock", NS)?;
        let items = items(&mut r)?;
        Ok(Unblock {
            items,
            unknown: r.finish(),
        })
    }
}

impl From<Unblock> for Element {
    fn from(p: Unblock) -> Element {
        write("unblock", p.items, p.unknown)
    }
}

impl_payload!(BlockList, "blocklist", NS);
impl_payload!(Block, "block", NS);
impl_payload!(Unblock, "unblock", NS);
