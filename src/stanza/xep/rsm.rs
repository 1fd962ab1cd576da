//! Result Set Management, [XEP-0059](https://xmpp.org/extensions/xep-0059.html):
//! the `<set/>` element that asks for a page of results (`max`, `after`,
//! `before`, `index`, §2) and describes the page returned (`first`,
//! `last`, `count`, §2.1).
//!
//! One type, [`ResultSet`], serves both directions. An empty `<before/>`
//! means "the last page" (§2.5) and is `Some("")`.
//!
//! ```
//! use xmpp_sansio::stanza::xep::rsm::ResultSet;
//! let page = ResultSet::max(10).after("peterpan@neverland.lit");
//! assert_eq!(page.max, Some(10));
//! ```

use super::macros::impl_payload;
use super::reader::{Reader, text_element, with_unknown};
use super::{PayloadError, Unknown};
use crate::xml::Element;

/// The namespace of XEP-0059.
pub const NS: &str = "http://jabber.org/protocol/rsm";

/// `<set xmlns='http://jabber.org/protocol/rsm'>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResultSet {
    /// Request: the most items to return.
    pub max: Option<u32>,
    /// Request: return items after this one.
    pub after: Option<String>,
    /// Request: return items before this one (`Some("")`: the last page).
    pub before: Option<String>,
    /// Request: the index of the first item to return; result: unused.
    pub index: Option<u32>,
    /// Result: the total number of items.
    pub count: Option<u32>,
    /// Result: the first item of the page, with its index.
    pub first: Option<First>,
    /// Result: the last item of the page.
    pub last: Option<String>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<first index='…'>id</first>`: the first item of a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct First {
    /// The item's id.
    pub id: String,
    /// Its position in the full set.
    pub index: Option<u32>,
}

impl ResultSet {
    /// A request for at most `max` items.
    pub fn max(max: u32) -> Self {
        ResultSet {
            max: Some(max),
            ..ResultSet::default()
        }
    }

    /// This request, for the items after `id`.
    pub fn after(mut self, id: impl Into<String>) -> Self {
        self.after = Some(id.into());
        self
    }

    /// This request, for the items before `id` (`""` for the last page).
    pub fn before(mut self, id: impl Into<String>) -> Self {
        self.before = Some(id.into());
        self
    }
}

const U32: &str = "not an unsigned 32-bit integer";

/// The text of `name` as a `u32`.
fn u32_child(r: &mut Reader, name: &'static str) -> Result<Option<u32>, PayloadError> {
    r.child_parse(name, NS, U32)
}

impl TryFrom<Element> for ResultSet {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "set", NS)?;
        let max = u32_child(&mut r, "max")?;
        let after = r.child_text("after", NS)?;
        let before = r.child_text("before", NS)?;
        let index = u32_child(&mut r, "index")?;
        let count = u32_child(&mut r, "count")?;
        let first = match r.child_reader_of("first", NS)? {
            None => None,
            Some(mut fr) => {
                let index = fr.attr_parse("index", U32)?;
                let id = fr.text();
                r.keep(fr);
                Some(First { id, index })
            }
        };
        let last = r.child_text("last", NS)?;
        Ok(ResultSet {
            max,
            after,
            before,
            index,
            count,
            first,
            last,
            unknown: r.finish(),
        })
    }
}

impl From<ResultSet> for Element {
    fn from(p: ResultSet) -> Element {
        let mut b = Element::builder("set", NS);
        if let Some(v) = p.max {
            b = b.append(text_element("max", NS, v.to_string()));
        }
        if let Some(v) = p.after {
            b = b.append(text_element("after", NS, v));
        }
        if let Some(v) = p.before {
            b = b.append(text_element("before", NS, v));
        }
        if let Some(v) = p.index {
            b = b.append(text_element("index", NS, v.to_string()));
        }
        if let Some(f) = p.first {
            b = b.append(
                Element::builder("first", NS)
                    .attr_opt("index", f.index.map(|i| i.to_string()))
                    .text(f.id),
            );
        }
        if let Some(v) = p.last {
            b = b.append(text_element("last", NS, v));
        }
        if let Some(v) = p.count {
            b = b.append(text_element("count", NS, v.to_string()));
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl_payload!(ResultSet, "set", NS);
